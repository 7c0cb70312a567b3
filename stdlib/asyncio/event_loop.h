// stdlib/asyncio/event_loop.h: the native event loop, `_asyncio.Loop`: the base class of
// asyncio's BaseEventLoop (stdlib/python/asyncio/base_events.py adds the rest of the API
// in Python: run_until_complete, executors, sockets, servers, exception handling).
//
// One iteration (run_once) is CPython's BaseEventLoop._run_once, in its five steps:
//   1. drop cancelled timers (all of them, when they are more than half of >100 timers);
//   2. the poll timeout: 0 when callbacks are ready or the loop is stopping, else until
//      the earliest timer (at most a day), else forever;
//   3. epoll_wait with the GIL released (the wake-up pipe makes call_soon_threadsafe and
//      signals end the wait), and the ready fds' reader/writer handles queued;
//   4. timers due by now (+ the clock's resolution) queued, earliest first;
//   5. the callbacks that were ready at this point run, in FIFO order; those they
//      schedule wait for the next iteration.
// The timer heap is heapq's algorithm exactly, so timers with equal deadlines fire in
// the order CPython fires them.
#pragma once

#include <deque>
#include <unordered_map>
#include <vector>

#include <sys/epoll.h>

#include "stdlib/asyncio/asyncio_state.h"

namespace gilpy::stdlib::aio {

// The handles watching one fd (owned, either may be null) and the events registered.
struct FdWatch {
  HandleObject* reader = nullptr;
  HandleObject* writer = nullptr;
  uint32_t events = 0;  // EPOLLIN | EPOLLOUT
};

// A callback on the ready queue: a Handle, or one of the callbacks asyncio itself
// schedules most, queued without a Handle object: a task's step or wake-up, and a
// future's done callback fn(future) (a task that awaits sleep(0) in a loop, or a gather
// of 100,000 tasks, allocates nothing to be scheduled).
enum class ReadyKind : uintptr_t { kHandle = 0, kTaskStep = 1, kTaskWakeup = 2, kDoneCallback = 3, kGatherChild = 4 };
struct ReadyEntry {
  uintptr_t bits;       // the Handle, Task, callable or gathering future (owned) | its ReadyKind in the low bits
  rt::Object* arg;      // owned: a step's exception, a wake-up's, done callback's or gather child's future; may be null
  rt::Object* context;  // owned: a done callback's context; null otherwise
  rt::Object* obj() const { return reinterpret_cast<rt::Object*>(bits & ~uintptr_t{7}); }
  ReadyKind kind() const { return static_cast<ReadyKind>(bits & 7); }
  static ReadyEntry of(rt::Object* o, ReadyKind k, rt::Object* arg = nullptr, rt::Object* context = nullptr) {
    return {reinterpret_cast<uintptr_t>(o) | static_cast<uintptr_t>(k), arg, context};
  }
};

// The C++ part of a loop, allocated beside the object (its containers need constructors).
struct LoopCore {
  std::deque<ReadyEntry> ready;           // owned references
  std::vector<HandleObject*> scheduled;   // the timer heap, owned
  std::unordered_map<int, FdWatch> fds;   // user fds (the wake-up pipe is not here)
  std::vector<epoll_event> events;        // epoll_wait's buffer
  int64_t timer_cancelled_count = 0;
  int epoll_fd = -1;
  int wake_read = -1;    // the self-pipe: call_soon_threadsafe writes a 0 byte, a signal
  int wake_write = -1;   // handler its number (signal.set_wakeup_fd)
};

struct LoopObject : rt::Object {
  rt::Dict* dict;         // the Python subclass's attributes (owned, may be null)
  LoopCore* core;
  Value current_task;     // the task whose step is running (owned), or null
  Value task_factory;     // set_task_factory's callable (owned), or null
  uint64_t thread_id;     // the thread running it (0: not running)
  double clock_resolution;
  bool running;
  bool stopping;
  bool closed;
  bool debug;
};

// TimerHandle.cancel on a scheduled timer of this loop (CPython's _timer_handle_cancelled).
void loop_timer_cancelled(LoopObject* loop);
// loop.create_task(coro, name=name, context=context) for any loop (name, context may be None).
Ref loop_create_task(Value loop, Value coro, Value name, Value context);

}  // namespace gilpy::stdlib::aio
