// stdlib/asyncio/task.h: asyncio.Task, natively (CPython's TaskObj): a Future that drives
// a coroutine. Each step is a ready callback: it sends None (or throws an exception) into
// the coroutine; when the coroutine yields a pending future, the task adds its wake-up as
// that future's done callback and the step ends; the wake-up schedules the next step.
#pragma once

#include "stdlib/asyncio/future.h"

namespace gilpy::stdlib::aio {

struct TaskObject : FutureObject {
  Value coro;             // owned
  Value context;          // owned: the contextvars.Context every step runs in; or, while
                          // context_is_snapshot, only its variables (a dict, null: none)
  Value name;             // owned str; or the small int N of a default name "Task-N", made on demand
  Value fut_waiter;       // owned: the future the task waits for, or null
  int32_t num_cancels_requested;
  // 1 + the task's slot in AsyncioState::tasks (all_tasks), 0 when not there.
  uint32_t registry_slot : 29;
  uint32_t must_cancel : 1;          // cancel() arrived while no future was awaited (its message in extras)
  uint32_t log_destroy_pending : 1;
  uint32_t context_is_snapshot : 1;
};

inline bool is_task_instance(Value v) { return v.is_obj() && rt::is_subtype(v.obj()->type, &TaskType); }
// A task made without a context= keeps a snapshot of its creator's variables rather than a
// Context of its own (CPython copies the context: one object a task), and each step
// runs in a Context made over the snapshot, kept only if the step wrote a variable or
// let the Context escape. task_context() makes the Context for good (introspection,
// loops of other kinds); task_enter/leave_context bracket a step.
Value task_context(TaskObject* t);
bool task_enter_context(rt::ThreadState* ts, TaskObject* t, Ref* entered);
void task_leave_context(rt::ThreadState* ts, TaskObject* t, Ref entered);

// asyncio.all_tasks(loop): a set of the loop's tasks that are not done.
Ref all_tasks_of(Value loop);
// Task(coro, loop=loop, name=name, context=context) (name and context may be None).
Ref task_new(Value coro, Value loop, Value name, Value context);

}  // namespace gilpy::stdlib::aio
