// stdlib/asyncio/event_loop.cpp: `_asyncio.Loop` (see event_loop.h for the iteration):
// scheduling (call_soon, call_later, call_at, call_soon_threadsafe), fd watching on epoll,
// run_forever / _run_once / stop / close, and the fast paths Future and Task use to
// schedule their callbacks without going through Python.
#include "stdlib/asyncio/event_loop.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "runtime/gil.h"
#include "runtime/typeobject.h"
#include "stdlib/asyncio/handle.h"
#include "stdlib/asyncio/task.h"
#include "stdlib/common.h"
#include "vm/generator.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type LoopType;

namespace {

constexpr int64_t kMinScheduledTimerHandles = 100;      // CPython's _MIN_SCHEDULED_TIMER_HANDLES
constexpr double kMinCancelledTimerHandlesFraction = 0.5;
constexpr double kMaximumSelectTimeout = 24 * 3600;      // MAXIMUM_SELECT_TIMEOUT

double monotonic_seconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

LoopObject* as_loop(Value v) { return v.as<LoopObject>(); }

// ---- the timer heap: heapq's _siftdown / _siftup, ordered by TimerHandle.__lt__ ------------

bool timer_less(HandleObject* a, HandleObject* b) { return timer_when(a) < timer_when(b); }

void heap_siftdown(std::vector<HandleObject*>& heap, size_t startpos, size_t pos) {
  HandleObject* newitem = heap[pos];
  while (pos > startpos) {
    size_t parentpos = (pos - 1) >> 1;
    HandleObject* parent = heap[parentpos];
    if (!timer_less(newitem, parent)) break;
    heap[pos] = parent;
    pos = parentpos;
  }
  heap[pos] = newitem;
}

void heap_siftup(std::vector<HandleObject*>& heap, size_t pos) {
  size_t endpos = heap.size(), startpos = pos;
  HandleObject* newitem = heap[pos];
  size_t childpos = 2 * pos + 1;
  while (childpos < endpos) {
    size_t rightpos = childpos + 1;
    if (rightpos < endpos && !timer_less(heap[childpos], heap[rightpos])) childpos = rightpos;
    heap[pos] = heap[childpos];
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  heap[pos] = newitem;
  heap_siftdown(heap, startpos, pos);
}

void heap_push(std::vector<HandleObject*>& heap, HandleObject* item) {
  heap.push_back(item);
  heap_siftdown(heap, 0, heap.size() - 1);
}

HandleObject* heap_pop(std::vector<HandleObject*>& heap) {
  HandleObject* last = heap.back();
  heap.pop_back();
  if (heap.empty()) return last;
  HandleObject* top = heap[0];
  heap[0] = last;
  heap_siftup(heap, 0);
  return top;
}

void heap_heapify(std::vector<HandleObject*>& heap) {
  for (size_t i = heap.size() / 2; i-- > 0;) heap_siftup(heap, i);
}

Value handle_value(HandleObject* h) { return Value::from_obj(h); }

// ---- checks with CPython's messages ------------------------------------------------------------

bool check_closed(LoopObject* loop) {
  if (!loop->closed) return true;
  raise(&RuntimeErrorType, "Event loop is closed");
  return false;
}

uint64_t current_thread_ident() { return ThreadState::current()->thread_id; }

// Debug mode only: the loop's own thread, and a callable that is not a coroutine.
bool debug_checks(LoopObject* loop, Value callback, const char* method) {
  if (!loop->debug) return true;
  if (loop->thread_id && loop->thread_id != current_thread_ident()) {
    raise(&RuntimeErrorType, "Non-thread-safe operation invoked on an event loop other than the current one");
    return false;
  }
  if (type_of(callback) == &vm::CoroutineType) {
    raisef(&TypeErrorType, "coroutines cannot be used with %s()", method);
    return false;
  }
  if (!is_callable(callback)) {
    Ref r = repr(callback);
    if (!r) return false;
    raisef(&TypeErrorType, "a callable object was expected by %s(), got %s", method, utf8_of(r.get()).c_str());
    return false;
  }
  return true;
}

// Splits `f(callback, *args, context=None)`: the keyword may only be `context`. `method`
// is named as the Python method of BaseEventLoop is in CPython's messages.
bool parse_callback_args(const char* method, const Value* args, size_t nargs, Tuple* kwnames, size_t fixed,
                         Value* context) {
  *context = Value::none();
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; ++i) {
      Str* k = kwnames->items[i].as<Str>();
      if (str_to_utf8(k) != "context") {
        raisef(&TypeErrorType, "%s() got an unexpected keyword argument '%s'", method, str_to_utf8(k).c_str());
        return false;
      }
      *context = args[nargs + size_t(i)];
    }
  }
  if (nargs < fixed) {
    raisef(&TypeErrorType, "%s() missing %zu required positional argument%s", method, fixed - nargs,
           fixed - nargs == 1 ? "" : "s");
    return false;
  }
  return true;
}

Ref tuple_of(const Value* items, size_t n) {
  Own<Tuple> t = tuple_new(int64_t(n));
  for (size_t i = 0; i < n; ++i) {
    incref(items[i]);
    t->items[i] = items[i];
  }
  return t.into_ref();
}

// A new handle for `callback(*args)` in `context` (None: a copy of the current one).
Own<HandleObject> make_handle(Type* type, LoopObject* loop, Value callback, Ref args, Value context) {
  Ref ctx;
  if (context.is_none()) {
    ctx = copy_current_context();
    if (!ctx) return nullptr;
    context = ctx.get();
  }
  return handle_new(type, HandleKind::kCallback, callback, std::move(args), Value::from_obj(loop), context);
}

void ready_append(LoopObject* loop, Own<HandleObject> h) {
  loop->core->ready.push_back(ReadyEntry::of(h.release(), ReadyKind::kHandle));
}

// Drops a ready entry's references.
void release_entry(const ReadyEntry& e) {
  decref(e.obj());
  if (e.arg) decref(e.arg);
  if (e.context) decref(e.context);
}

// A ready entry as the Handle CPython would have queued (for loop._ready).
Ref entry_as_handle(LoopObject* loop, const ReadyEntry& e) {
  if (e.kind() == ReadyKind::kHandle) return Ref::borrow(e.obj());
  if (e.kind() == ReadyKind::kDoneCallback)
    return handle_new(&HandleType, HandleKind::kCallback, Value::from_obj(e.obj()), make_tuple(Ref::borrow(e.arg)),
                      Value::from_obj(loop), Value::from_obj(e.context))
        .into_ref();
  if (e.kind() == ReadyKind::kGatherChild) {
    Ref done = gather_method_done(Value::from_obj(e.obj()));
    if (!done) return nullptr;
    return handle_new(&HandleType, HandleKind::kCallback, done.get(), make_tuple(Ref::borrow(e.arg)),
                      Value::from_obj(loop), Value::none())
        .into_ref();
  }
  auto* task = static_cast<TaskObject*>(e.obj());
  HandleKind kind = e.kind() == ReadyKind::kTaskStep ? HandleKind::kTaskStep : HandleKind::kTaskWakeup;
  Ref args = e.arg ? make_tuple(Ref::borrow(e.arg)) : Ref();
  return handle_new(&HandleType, kind, Value::from_obj(task), std::move(args), Value::from_obj(loop),
                    task_context(task))
      .into_ref();
}

void write_to_self(LoopObject* loop) {
  if (loop->core->wake_write < 0) return;
  char zero = 0;
  // Full pipe (EAGAIN): the loop is about to wake up anyway.
  [[maybe_unused]] ssize_t n = write(loop->core->wake_write, &zero, 1);
}

// Schedules a TimerHandle at `when` (owned Value) on the heap.
Ref schedule_timer(LoopObject* loop, Value when, Value callback, Ref args, Value context) {
  double w;
  if (!as_double(when, &w)) return nullptr;
  Own<HandleObject> h = make_handle(&TimerHandleType, loop, callback, std::move(args), context);
  if (!h) return nullptr;
  incref(when);
  h->when = when;
  h->when_seconds = w;
  h->scheduled = true;
  incref(h.get());
  heap_push(loop->core->scheduled, h.get());
  return h.into_ref();
}

// ---- fd watching -------------------------------------------------------------------------------

bool epoll_update(LoopObject* loop, int fd, uint32_t old_events, uint32_t new_events) {
  if (old_events == new_events) return true;
  int epfd = loop->core->epoll_fd;
  epoll_event ev{};
  ev.events = new_events;
  ev.data.fd = fd;
  int r;
  if (new_events == 0) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);  // an fd closed meanwhile is already gone
    return true;
  }
  if (old_events == 0) {
    r = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    if (r < 0 && errno == EEXIST) r = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
  } else {
    r = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
    if (r < 0 && errno == ENOENT) r = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  }
  if (r < 0) {
    raise_os_error(errno);
    return false;
  }
  return true;
}

// _add_reader / _add_writer: a new handle replaces (and cancels) the previous one.
Ref watch_fd(LoopObject* loop, int fd, bool writer, Value callback, Ref args) {
  if (!check_closed(loop)) return nullptr;
  Own<HandleObject> h = make_handle(&HandleType, loop, callback, std::move(args), Value::none());
  if (!h) return nullptr;
  FdWatch& w = loop->core->fds[fd];
  uint32_t bit = writer ? EPOLLOUT : EPOLLIN;
  if (!epoll_update(loop, fd, w.events, w.events | bit)) {
    if (w.events == 0) loop->core->fds.erase(fd);
    return nullptr;
  }
  w.events |= bit;
  HandleObject*& slot = writer ? w.writer : w.reader;
  HandleObject* old = slot;
  incref(h.get());
  slot = h.get();
  if (old) {
    handle_cancel(old);
    decref(old);
  }
  return h.into_ref();
}

// _remove_reader / _remove_writer: whether a handle was watching.
bool unwatch_fd(LoopObject* loop, int fd, bool writer) {
  if (loop->closed) return false;
  auto it = loop->core->fds.find(fd);
  if (it == loop->core->fds.end()) return false;
  FdWatch& w = it->second;
  uint32_t bit = writer ? EPOLLOUT : EPOLLIN;
  uint32_t events = w.events & ~bit;
  epoll_update(loop, fd, w.events, events);
  w.events = events;
  HandleObject*& slot = writer ? w.writer : w.reader;
  HandleObject* old = slot;
  slot = nullptr;
  if (events == 0) loop->core->fds.erase(it);
  if (!old) return false;
  handle_cancel(old);
  decref(old);
  return true;
}

// CPython's selectors._fileobj_to_fd.
bool fileobj_to_fd(Value fileobj, int* fd) {
  Ref n;
  if (is_int(fileobj)) {
    n = Ref::borrow(fileobj);
  } else {
    n = call_method0(fileobj, "fileno");
    if (!n || !is_int(n.get())) {
      if (error_pending()) clear_error();
      Ref r = repr(fileobj);
      if (!r) return false;
      raisef(&ValueErrorType, "Invalid file object: %s", utf8_of(r.get()).c_str());
      return false;
    }
  }
  auto v = int_as_int64(n.get());
  if (!v) return false;
  if (*v < 0 || *v > INT32_MAX) {
    raisef(&ValueErrorType, "Invalid file descriptor: %lld", static_cast<long long>(*v));
    return false;
  }
  *fd = int(*v);
  return true;
}

// Drains the self-pipe; signal numbers go to the loop's _handle_signal (unix_events.py).
bool read_from_self(LoopObject* loop) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(loop->core->wake_read, buf, sizeof buf);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return true;
    }
    for (ssize_t i = 0; i < n; ++i) {
      if (!buf[i]) continue;
      Ref r = call_method1(Value::from_obj(loop), "_handle_signal", Value::small_int(uint8_t(buf[i])));
      if (!r) return false;
    }
  }
}

// ---- one iteration ------------------------------------------------------------------------------

void drop_handle(HandleObject* h) { decref(Value::from_obj(h)); }

// Step 1: cancelled timers leave the heap.
void prune_cancelled_timers(LoopCore* core) {
  auto& heap = core->scheduled;
  int64_t count = int64_t(heap.size());
  if (count > kMinScheduledTimerHandles &&
      double(core->timer_cancelled_count) / double(count) > kMinCancelledTimerHandlesFraction) {
    std::vector<HandleObject*> kept;
    kept.reserve(heap.size());
    std::vector<HandleObject*> dropped;
    for (HandleObject* h : heap) {
      if (handle_cancelled(h)) {
        timer_set_scheduled(h, false);
        dropped.push_back(h);
      } else {
        kept.push_back(h);
      }
    }
    heap_heapify(kept);
    heap.swap(kept);
    core->timer_cancelled_count = 0;
    for (HandleObject* h : dropped) drop_handle(h);
    return;
  }
  while (!heap.empty() && handle_cancelled(heap[0])) {
    core->timer_cancelled_count--;
    HandleObject* h = heap_pop(heap);
    timer_set_scheduled(h, false);
    drop_handle(h);
  }
}

// Step 3: waits for I/O (timeout in seconds, negative: forever) and queues the handles.
bool poll_io(LoopObject* loop, double timeout) {
  LoopCore* core = loop->core;
  // Nothing to wait for and nothing that could be ready: skip the system call.
  if (timeout == 0 && core->fds.empty()) return true;
  size_t max_events = core->fds.size() + 1;
  if (core->events.size() < max_events) core->events.resize(max_events);
  int n;
  double deadline = timeout > 0 ? monotonic_seconds() + timeout : 0;
  for (;;) {
    int ms = timeout < 0 ? -1 : int(std::ceil(timeout * 1e3));
    if (ms == 0) {
      n = epoll_wait(core->epoll_fd, core->events.data(), int(max_events), 0);
    } else {
      BlockingRegion br(BlockReason::kEpoll);
      n = epoll_wait(core->epoll_fd, core->events.data(), int(max_events), ms);
    }
    if (n >= 0) break;
    if (errno != EINTR) {
      raise_os_error(errno);
      return false;
    }
    // PEP 475: run the signal handlers, then wait for what is left of the timeout.
    if (!check_signals()) return false;
    if (timeout > 0) timeout = std::max(0.0, deadline - monotonic_seconds());
  }
  // Keep the order epoll gave, as CPython's EpollSelector does.
  for (int i = 0; i < n; ++i) {
    int fd = core->events[size_t(i)].data.fd;
    uint32_t ev = core->events[size_t(i)].events;
    if (fd == core->wake_read) {
      if (!read_from_self(loop)) return false;
      continue;
    }
    auto it = core->fds.find(fd);
    if (it == core->fds.end()) continue;
    // selectors.EpollSelector: anything but EPOLLIN counts as writable, anything but
    // EPOLLOUT as readable (errors and hang-ups wake both sides).
    bool readable = (ev & ~uint32_t(EPOLLOUT)) && (it->second.events & EPOLLIN);
    bool writable = (ev & ~uint32_t(EPOLLIN)) && (it->second.events & EPOLLOUT);
    if (readable && it->second.reader) {
      HandleObject* r = it->second.reader;
      if (handle_cancelled(r)) {
        unwatch_fd(loop, fd, false);
        it = core->fds.find(fd);
      } else {
        incref(r);
        core->ready.push_back(ReadyEntry::of(r, ReadyKind::kHandle));
      }
    }
    if (writable && it != core->fds.end() && it->second.writer) {
      HandleObject* w = it->second.writer;
      if (handle_cancelled(w)) {
        unwatch_fd(loop, fd, true);
      } else {
        incref(w);
        core->ready.push_back(ReadyEntry::of(w, ReadyKind::kHandle));
      }
    }
  }
  return true;
}

bool run_once(LoopObject* loop) {
  LoopCore* core = loop->core;
  prune_cancelled_timers(core);
  double timeout = -1;
  if (!core->ready.empty() || loop->stopping) {
    timeout = 0;
  } else if (!core->scheduled.empty()) {
    timeout = std::min(std::max(0.0, timer_when(core->scheduled[0]) - monotonic_seconds()), kMaximumSelectTimeout);
  }
  if (!poll_io(loop, timeout)) return false;
  // Step 4: the timers that are due.
  double end_time = monotonic_seconds() + loop->clock_resolution;
  while (!core->scheduled.empty()) {
    HandleObject* h = core->scheduled[0];
    if (timer_when(h) >= end_time) break;
    heap_pop(core->scheduled);
    timer_set_scheduled(h, false);
    core->ready.push_back(ReadyEntry::of(h, ReadyKind::kHandle));  // the heap's reference moves here
  }
  // Step 5: "This is the only place where callbacks are actually *called*."
  size_t ntodo = core->ready.size();
  for (size_t i = 0; i < ntodo && !core->ready.empty(); ++i) {
    ReadyEntry e = core->ready.front();
    core->ready.pop_front();
    Ref hold = Ref::steal(e.obj());
    Ref arg = e.arg ? Ref::steal(e.arg) : Ref();
    Ref context = e.context ? Ref::steal(e.context) : Ref();
    bool ok;
    switch (e.kind()) {
      case ReadyKind::kHandle: {
        auto* h = static_cast<HandleObject*>(e.obj());
        ok = handle_cancelled(h) || handle_run(h);
        break;
      }
      case ReadyKind::kTaskStep:
        ok = run_task_callback(HandleKind::kTaskStep, static_cast<TaskObject*>(e.obj()), arg.get());
        break;
      case ReadyKind::kTaskWakeup:
        ok = run_task_callback(HandleKind::kTaskWakeup, static_cast<TaskObject*>(e.obj()), arg.get());
        break;
      case ReadyKind::kDoneCallback:
        ok = run_done_callback(Value::from_obj(loop), hold.get(), arg.get(), context.get());
        break;
      case ReadyKind::kGatherChild:
        ok = run_gather_child(Value::from_obj(loop), hold.get(), arg.get());
        break;
    }
    if (!ok) return false;
  }
  return true;
}

// ---- running ------------------------------------------------------------------------------------

bool check_can_run(LoopObject* loop) {
  if (!check_closed(loop)) return false;
  if (loop->running) {
    raise(&RuntimeErrorType, "This event loop is already running");
    return false;
  }
  if (!running_loop().is_null()) {
    raise(&RuntimeErrorType, "Cannot run the event loop while another loop is running");
    return false;
  }
  return true;
}

// While a loop runs, sys.set_asyncgen_hooks points at its _asyncgen_*_hook methods.
struct AsyncGenHooksScope {
  Value saved_firstiter, saved_finalizer;  // owned
  bool ok = false;
  explicit AsyncGenHooksScope(LoopObject* loop) {
    vm::AsyncGenHooks& hooks = vm::async_gen_hooks();
    saved_firstiter = hooks.firstiter;
    saved_finalizer = hooks.finalizer;
    xincref_value(saved_firstiter);
    xincref_value(saved_finalizer);
    Ref first = getattr_opt(Value::from_obj(loop), intern("_asyncgen_firstiter_hook"));
    if (!first && error_pending()) return;
    Ref fin = getattr_opt(Value::from_obj(loop), intern("_asyncgen_finalizer_hook"));
    if (!fin && error_pending()) return;
    replace(&hooks.firstiter, first.release());
    replace(&hooks.finalizer, fin.release());
    ok = true;
  }
  ~AsyncGenHooksScope() {
    vm::AsyncGenHooks& hooks = vm::async_gen_hooks();
    replace(&hooks.firstiter, saved_firstiter);
    replace(&hooks.finalizer, saved_finalizer);
  }
  static void xincref_value(Value v) {
    if (!v.is_null()) incref(v);
  }
  static void replace(Value* slot, Value owned) {
    Value old = *slot;
    *slot = owned;
    if (!old.is_null()) decref(old);
  }
};

bool run_forever(LoopObject* loop) {
  if (!check_can_run(loop)) return false;
  Ref keep = Ref::borrow(Value::from_obj(loop));
  ThreadState* ts = ThreadState::current();
  loop->thread_id = ts->thread_id;
  loop->running = true;
  ts->running_loop = Value::from_obj(loop);
  bool ok;
  {
    AsyncGenHooksScope hooks(loop);
    ok = hooks.ok;
    while (ok) {
      ok = run_once(loop);
      if (loop->stopping) break;
    }
  }
  loop->stopping = false;
  loop->thread_id = 0;
  loop->running = false;
  ts->running_loop = Value();
  return ok;
}

void release_core_handles(LoopCore* core) {
  std::deque<ReadyEntry> ready;
  ready.swap(core->ready);
  std::vector<HandleObject*> scheduled;
  scheduled.swap(core->scheduled);
  std::unordered_map<int, FdWatch> fds;
  fds.swap(core->fds);
  for (const ReadyEntry& e : ready) release_entry(e);
  for (HandleObject* h : scheduled) {
    timer_set_scheduled(h, false);
    drop_handle(h);
  }
  for (auto& [fd, w] : fds) {
    if (w.reader) drop_handle(w.reader);
    if (w.writer) drop_handle(w.writer);
  }
}

void close_core_fds(LoopCore* core) {
  for (int* fd : {&core->epoll_fd, &core->wake_read, &core->wake_write}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

// ---- the type -----------------------------------------------------------------------------------

Ref loop_new(Type* type, const Value*, size_t, Tuple*) {
  auto* loop = static_cast<LoopObject*>(alloc_object(type, type->basic_size));
  Ref hold = Ref::steal(Value::from_obj(loop));
  loop->core = new LoopCore();
  timespec res;
  loop->clock_resolution = clock_getres(CLOCK_MONOTONIC, &res) == 0 ? double(res.tv_sec) + double(res.tv_nsec) * 1e-9 : 1e-9;
  LoopCore* core = loop->core;
  core->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  int pipe_fds[2];
  if (core->epoll_fd < 0 || pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) < 0) return raise_os_error(errno);
  core->wake_read = pipe_fds[0];
  core->wake_write = pipe_fds[1];
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = core->wake_read;
  if (epoll_ctl(core->epoll_fd, EPOLL_CTL_ADD, core->wake_read, &ev) < 0) return raise_os_error(errno);
  return hold;
}

int loop_init(Value, const Value*, size_t, Tuple*) { return 0; }

void loop_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* loop = static_cast<LoopObject*>(o);
  if (loop->dict) visit(Value::from_obj(loop->dict), ctx);
  if (!loop->current_task.is_null()) visit(loop->current_task, ctx);
  if (!loop->task_factory.is_null()) visit(loop->task_factory, ctx);
  if (!loop->core) return;
  for (const ReadyEntry& e : loop->core->ready) {
    visit(Value::from_obj(e.obj()), ctx);
    if (e.arg) visit(Value::from_obj(e.arg), ctx);
    if (e.context) visit(Value::from_obj(e.context), ctx);
  }
  for (HandleObject* h : loop->core->scheduled) visit(handle_value(h), ctx);
  for (auto& [fd, w] : loop->core->fds) {
    if (w.reader) visit(handle_value(w.reader), ctx);
    if (w.writer) visit(handle_value(w.writer), ctx);
  }
}

void loop_clear(Object* o) {
  auto* loop = static_cast<LoopObject*>(o);
  if (loop->dict) {
    Dict* d = loop->dict;
    loop->dict = nullptr;
    decref(d);
  }
  set_owned(&loop->current_task, Value());
  set_owned(&loop->task_factory, Value());
  if (loop->core) release_core_handles(loop->core);
}

void loop_dealloc(Object* o) {
  gc_untrack(o);
  loop_clear(o);
  auto* loop = static_cast<LoopObject*>(o);
  if (loop->core) {
    close_core_fds(loop->core);
    delete loop->core;
    loop->core = nullptr;
  }
  free_object(o);
}

// ---- methods ------------------------------------------------------------------------------------

Ref m_time(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("time", nargs, kwnames)) return nullptr;
  return make_float(monotonic_seconds());
}

Ref m_call_soon(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value context;
  if (!parse_callback_args("BaseEventLoop.call_soon", args, nargs, kwnames, 1, &context)) return nullptr;
  LoopObject* loop = as_loop(self);
  if (!check_closed(loop) || !debug_checks(loop, args[0], "call_soon")) return nullptr;
  Own<HandleObject> h = make_handle(&HandleType, loop, args[0], tuple_of(args + 1, nargs - 1), context);
  if (!h) return nullptr;
  incref(h.get());
  ready_append(loop, Own<HandleObject>::steal(h.get()));
  return h.into_ref();
}

Ref m_call_soon_threadsafe(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value context;
  if (!parse_callback_args("BaseEventLoop.call_soon_threadsafe", args, nargs, kwnames, 1, &context)) return nullptr;
  LoopObject* loop = as_loop(self);
  if (!check_closed(loop)) return nullptr;
  if (loop->debug && !is_callable(args[0])) return debug_checks(loop, args[0], "call_soon_threadsafe") ? nullptr : nullptr;
  Own<HandleObject> h = make_handle(&HandleType, loop, args[0], tuple_of(args + 1, nargs - 1), context);
  if (!h) return nullptr;
  incref(h.get());
  ready_append(loop, Own<HandleObject>::steal(h.get()));
  write_to_self(loop);
  return h.into_ref();
}

Ref m_call_at(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value context;
  if (!parse_callback_args("BaseEventLoop.call_at", args, nargs, kwnames, 2, &context)) return nullptr;
  if (args[0].is_none()) return raise(&TypeErrorType, "when cannot be None");
  LoopObject* loop = as_loop(self);
  if (!check_closed(loop) || !debug_checks(loop, args[1], "call_at")) return nullptr;
  return schedule_timer(loop, args[0], args[1], tuple_of(args + 2, nargs - 2), context);
}

Ref m_call_later(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value context;
  if (!parse_callback_args("BaseEventLoop.call_later", args, nargs, kwnames, 2, &context)) return nullptr;
  if (args[0].is_none()) return raise(&TypeErrorType, "delay must not be None");
  LoopObject* loop = as_loop(self);
  Ref now = make_float(monotonic_seconds());
  Ref when = binary_op(now.get(), args[0], BinOp::Add);
  if (!when) return nullptr;
  if (!check_closed(loop) || !debug_checks(loop, args[1], "call_at")) return nullptr;
  return schedule_timer(loop, when.get(), args[1], tuple_of(args + 2, nargs - 2), context);
}

Ref fd_watch_method(Value self, const Value* args, size_t nargs, Tuple* kwnames, bool writer) {
  const char* name = writer ? "_add_writer" : "_add_reader";
  if (!check_no_kwargs(name, kwnames)) return nullptr;
  if (nargs < 2) return raisef(&TypeErrorType, "%s() missing required positional arguments", name);
  int fd;
  if (!fileobj_to_fd(args[0], &fd)) return nullptr;
  return watch_fd(as_loop(self), fd, writer, args[1], tuple_of(args + 2, nargs - 2));
}
Ref m_add_reader(Value self, const Value* args, size_t nargs, Tuple* kw) { return fd_watch_method(self, args, nargs, kw, false); }
Ref m_add_writer(Value self, const Value* args, size_t nargs, Tuple* kw) { return fd_watch_method(self, args, nargs, kw, true); }

Ref fd_unwatch_method(Value self, const Value* args, size_t nargs, Tuple* kwnames, bool writer) {
  if (!one_arg(writer ? "_remove_writer" : "_remove_reader", nargs, kwnames)) return nullptr;
  int fd;
  if (!fileobj_to_fd(args[0], &fd)) return nullptr;
  return Ref::boolean(unwatch_fd(as_loop(self), fd, writer));
}
Ref m_remove_reader(Value self, const Value* args, size_t nargs, Tuple* kw) { return fd_unwatch_method(self, args, nargs, kw, false); }
Ref m_remove_writer(Value self, const Value* args, size_t nargs, Tuple* kw) { return fd_unwatch_method(self, args, nargs, kw, true); }

// _fd_watchers(fd) -> (reader handle or None, writer handle or None), for the Python half.
Ref m_fd_watchers(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_fd_watchers", nargs, kwnames)) return nullptr;
  int fd;
  if (!fileobj_to_fd(args[0], &fd)) return nullptr;
  LoopObject* loop = as_loop(self);
  auto it = loop->core->fds.find(fd);
  Value r = Value::none(), w = Value::none();
  if (it != loop->core->fds.end()) {
    if (it->second.reader) r = handle_value(it->second.reader);
    if (it->second.writer) w = handle_value(it->second.writer);
  }
  return make_tuple(Ref::borrow(r), Ref::borrow(w));
}

Ref m_run_forever(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("run_forever", nargs, kwnames)) return nullptr;
  if (!run_forever(as_loop(self))) return nullptr;
  return Ref::none();
}

Ref m_run_once(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_run_once", nargs, kwnames)) return nullptr;
  if (!run_once(as_loop(self))) return nullptr;
  return Ref::none();
}

Ref m_stop(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("stop", nargs, kwnames)) return nullptr;
  as_loop(self)->stopping = true;
  return Ref::none();
}

// The native part of close(): the Python half shuts the default executor down first.
Ref m_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  LoopObject* loop = as_loop(self);
  if (loop->running) return raise(&RuntimeErrorType, "Cannot close a running event loop");
  if (loop->closed) return Ref::none();
  loop->closed = true;
  release_core_handles(loop->core);
  close_core_fds(loop->core);
  return Ref::none();
}

Ref m_is_running(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("is_running", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_loop(self)->running);
}
Ref m_is_closed(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("is_closed", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_loop(self)->closed);
}
Ref m_get_debug(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_debug", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_loop(self)->debug);
}
Ref m_set_debug(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_debug", nargs, kwnames)) return nullptr;
  int t = truthy(args[0]);
  if (t < 0) return nullptr;
  as_loop(self)->debug = t;
  return Ref::none();
}
Ref m_check_closed(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_check_closed", nargs, kwnames)) return nullptr;
  if (!check_closed(as_loop(self))) return nullptr;
  return Ref::none();
}
Ref m_write_to_self(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_write_to_self", nargs, kwnames)) return nullptr;
  write_to_self(as_loop(self));
  return Ref::none();
}
Ref m_wakeup_fd(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_wakeup_fd", nargs, kwnames)) return nullptr;
  return make_int(as_loop(self)->core->wake_write);
}
Ref m_timer_handle_cancelled(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_timer_handle_cancelled", nargs, kwnames)) return nullptr;
  if (is_handle(args[0]) && args[0].as<HandleObject>()->scheduled) as_loop(self)->core->timer_cancelled_count++;
  return Ref::none();
}
// _add_callback(handle): queue an existing handle unless it was cancelled.
Ref m_add_callback(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_add_callback", nargs, kwnames)) return nullptr;
  if (!is_handle(args[0])) return raisef(&TypeErrorType, "a Handle is required, not %s", type_name(args[0]));
  auto* h = args[0].as<HandleObject>();
  if (!handle_cancelled(h)) ready_append(as_loop(self), Own<HandleObject>::borrow(h));
  return Ref::none();
}
// create_task(coro, *, name=None, context=None): a Task, or what the task factory makes.
Ref create_task(LoopObject* loop, Value coro, Value name, Value context) {
  if (!check_closed(loop)) return nullptr;
  Value self = Value::from_obj(loop);
  if (loop->task_factory.is_null()) return task_new(coro, self, name, context);
  Ref factory = Ref::borrow(loop->task_factory);
  Ref task;
  if (context.is_none()) {
    task = call2(factory.get(), self, coro);
  } else {
    static Str* kw_context = intern("context");
    Own<Tuple> kwnames = tuple_new(1);
    incref(Value::from_obj(kw_context));
    kwnames->items[0] = Value::from_obj(kw_context);
    Value argv[3] = {self, coro, context};
    task = call(factory.get(), argv, 2, kwnames.get());
  }
  if (!task) return nullptr;
  if (!name.is_none() && !call_method1(task.get(), "set_name", name)) return nullptr;
  return task;
}

Ref m_create_task(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value coro, name = Value::none(), context = Value::none();
  if (!bind_args("create_task", args, nargs, kwnames, {"coro", "*", "name", "context"}, 1, {&coro, &name, &context}))
    return nullptr;
  return create_task(as_loop(self), coro, name, context);
}

Ref m_set_task_factory(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_task_factory", nargs, kwnames)) return nullptr;
  if (!args[0].is_none() && !is_callable(args[0])) return raise(&TypeErrorType, "task factory must be a callable or None");
  Value f = args[0].is_none() ? Value() : args[0];
  if (!f.is_null()) incref(f);
  set_owned(&as_loop(self)->task_factory, f);
  return Ref::none();
}

Ref m_get_task_factory(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_task_factory", nargs, kwnames)) return nullptr;
  Value f = as_loop(self)->task_factory;
  return Ref::borrow(f.is_null() ? Value::none() : f);
}

Ref m_create_future(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("create_future", nargs, kwnames)) return nullptr;
  return future_new_for_loop(self);
}

Ref get_ready(Value self) {
  Own<List> l = list_new(0);
  LoopObject* loop = as_loop(self);
  for (const ReadyEntry& e : loop->core->ready) {
    Ref h = entry_as_handle(loop, e);
    if (!h || !list_append(l.get(), h.get())) return nullptr;
  }
  return l.into_ref();
}
Ref get_scheduled(Value self) {
  Own<List> l = list_new(0);
  for (HandleObject* h : as_loop(self)->core->scheduled)
    if (!list_append(l.get(), handle_value(h))) return nullptr;
  return l.into_ref();
}
Ref get_stopping(Value self) { return Ref::boolean(as_loop(self)->stopping); }
Ref get_thread_id(Value self) {
  LoopObject* loop = as_loop(self);
  return loop->running ? make_int_u64(loop->thread_id) : Ref::none();
}
Ref get_clock_resolution(Value self) { return make_float(as_loop(self)->clock_resolution); }
Ref get_closed(Value self) { return Ref::boolean(as_loop(self)->closed); }
Ref get_debug_attr(Value self) { return Ref::boolean(as_loop(self)->debug); }
Ref get_timer_cancelled_count(Value self) { return make_int(as_loop(self)->core->timer_cancelled_count); }

const MethodDef loop_methods[] = {
    {"time", m_time, 0, "Return the time according to the event loop's clock."},
    {"call_soon", m_call_soon, 0, "Arrange for a callback to be called as soon as possible."},
    {"call_soon_threadsafe", m_call_soon_threadsafe, 0, "Like call_soon(), but thread-safe."},
    {"call_later", m_call_later, 0, "Arrange for a callback to be called at a given time."},
    {"call_at", m_call_at, 0, "Like call_later(), but uses an absolute time."},
    {"_add_reader", m_add_reader, 0, nullptr},
    {"_add_writer", m_add_writer, 0, nullptr},
    {"_remove_reader", m_remove_reader, 0, nullptr},
    {"_remove_writer", m_remove_writer, 0, nullptr},
    {"_fd_watchers", m_fd_watchers, 0, nullptr},
    {"run_forever", m_run_forever, 0, "Run until stop() is called."},
    {"_run_once", m_run_once, 0, "Run one full iteration of the event loop."},
    {"stop", m_stop, 0, "Stop running the event loop."},
    {"close", m_close, 0, "Close the event loop."},
    {"is_running", m_is_running, 0, "Returns True if the event loop is running."},
    {"is_closed", m_is_closed, 0, "Returns True if the event loop was closed."},
    {"get_debug", m_get_debug, 0, nullptr},
    {"set_debug", m_set_debug, 0, nullptr},
    {"_check_closed", m_check_closed, 0, nullptr},
    {"_write_to_self", m_write_to_self, 0, nullptr},
    {"_wakeup_fd", m_wakeup_fd, 0, nullptr},
    {"_timer_handle_cancelled", m_timer_handle_cancelled, 0, nullptr},
    {"create_future", m_create_future, 0, "Create a Future object attached to the loop."},
    {"_add_callback", m_add_callback, 0, nullptr},
    {"create_task", m_create_task, 0, "Schedule a coroutine object; return a task object."},
    {"set_task_factory", m_set_task_factory, 0, "Set a task factory that will be used by loop.create_task()."},
    {"get_task_factory", m_get_task_factory, 0, "Return a task factory, or None if the default one is in use."},
    {nullptr}};

const GetSetDef loop_getsets[] = {
    {"_ready", get_ready, nullptr, nullptr},
    {"_scheduled", get_scheduled, nullptr, nullptr},
    {"_stopping", get_stopping, nullptr, nullptr},
    {"_thread_id", get_thread_id, nullptr, nullptr},
    {"_clock_resolution", get_clock_resolution, nullptr, nullptr},
    {"_closed", get_closed, nullptr, nullptr},
    {"_debug", get_debug_attr, nullptr, nullptr},
    {"_timer_cancelled_count", get_timer_cancelled_count, nullptr, nullptr},
    {nullptr}};

}  // namespace

// ---- the fast paths Future and Task use ---------------------------------------------------------

bool is_native_loop(Value v) { return v.is_obj() && rt::is_subtype(v.obj()->type, &LoopType); }

void loop_timer_cancelled(LoopObject* loop) { loop->core->timer_cancelled_count++; }

// Whether `loop`'s call_soon is the native one (a subclass may override it).
static bool has_native_call_soon(Value loop) {
  if (!is_native_loop(loop)) return false;
  Type* t = type_of(loop);
  if (t == &LoopType) return true;
  static Str* name = intern("call_soon");
  return type_lookup(t, name) == type_lookup(&LoopType, name);
}

bool loop_call_soon(Value loop, Value callback, Value arg, Value context) {
  if (has_native_call_soon(loop)) {
    LoopObject* l = as_loop(loop);
    if (!check_closed(l)) return false;
    if (callback.is_obj() && arg.is_obj() && context.is_obj()) {
      // A future's done callback: queued without a handle.
      for (Value v : {callback, arg, context}) incref(v);
      l->core->ready.push_back(ReadyEntry::of(callback.obj(), ReadyKind::kDoneCallback, arg.obj(), context.obj()));
      return true;
    }
    Ref args = arg.is_null() ? Ref() : tuple_of(&arg, 1);
    Own<HandleObject> h = make_handle(&HandleType, l, callback, std::move(args), context);
    if (!h) return false;
    ready_append(l, std::move(h));
    return true;
  }
  static Str* kw_context = intern("context");
  Own<Tuple> kwnames = tuple_new(1);
  incref(Value::from_obj(kw_context));
  kwnames->items[0] = Value::from_obj(kw_context);
  Ref meth = getattr(loop, "call_soon");
  if (!meth) return false;
  Value argv[3] = {callback, arg, context};
  Ref r;
  if (arg.is_null()) {
    argv[1] = context;
    r = call(meth.get(), argv, 1, kwnames.get());
  } else {
    r = call(meth.get(), argv, 2, kwnames.get());
  }
  return bool(r);
}

static bool schedule_task_handle(Value loop, HandleKind kind, TaskObject* task, Value arg, Value context) {
  if (has_native_call_soon(loop)) {
    LoopObject* l = as_loop(loop);
    if (!check_closed(l)) return false;
    // No handle: the entry holds the task (and the exception or future).
    incref(task);
    if (!arg.is_null()) incref(arg);
    ReadyKind k = kind == HandleKind::kTaskStep ? ReadyKind::kTaskStep : ReadyKind::kTaskWakeup;
    l->core->ready.push_back(ReadyEntry::of(task, k, arg.is_null() ? nullptr : arg.obj()));
    return true;
  }
  Ref cb = kind == HandleKind::kTaskStep ? task_method_step(task) : task_method_wakeup(task);
  if (!cb) return false;
  return loop_call_soon(loop, cb.get(), arg, context.is_null() ? task_context(task) : context);
}

bool loop_schedule_gather_child(Value loop, Value outer, Value child) {
  if (has_native_call_soon(loop)) {
    LoopObject* l = as_loop(loop);
    if (!check_closed(l)) return false;
    incref(outer);
    incref(child);
    l->core->ready.push_back(ReadyEntry::of(outer.obj(), ReadyKind::kGatherChild, child.obj()));
    return true;
  }
  Ref done = gather_method_done(outer);
  if (!done) return false;
  return loop_call_soon(loop, done.get(), child, Value::none());
}

bool loop_schedule_task_step(Value loop, TaskObject* task, Value exc) {
  // A native loop runs the step in the task's context itself; another loop gets it here.
  return schedule_task_handle(loop, HandleKind::kTaskStep, task, exc, Value());
}

bool loop_schedule_task_wakeup(Value loop, TaskObject* task, Value fut, Value context) {
  return schedule_task_handle(loop, HandleKind::kTaskWakeup, task, fut, context);
}

int loop_get_debug(Value loop) {
  if (is_native_loop(loop)) return as_loop(loop)->debug;
  Ref r = call_method0(loop, "get_debug");
  if (!r) return -1;
  return truthy(r.get());
}

void loop_report(Value loop, Ref context) {
  Ref r = call_method1(loop, "call_exception_handler", context.get());
  if (!r) {
    // Nowhere else to send it: print it as CPython's PyErr_WriteUnraisable would.
    Ref exc = fetch_error();
    if (exc) vm::print_exception(exc.get());
  }
}

Ref loop_create_task(Value loop, Value coro, Value name, Value context) {
  static Str* method = intern("create_task");
  if (is_native_loop(loop) && type_lookup(type_of(loop), method) == type_lookup(&LoopType, method))
    return create_task(as_loop(loop), coro, name, context);
  Ref meth = getattr(loop, method);
  if (!meth) return nullptr;
  if (context.is_none()) return call1(meth.get(), coro);
  static Str* kw_context = intern("context");
  Own<Tuple> kwnames = tuple_new(1);
  incref(Value::from_obj(kw_context));
  kwnames->items[0] = Value::from_obj(kw_context);
  Value argv[2] = {coro, context};
  return call(meth.get(), argv, 1, kwnames.get());
}

Value loop_current_task(Value loop) {
  if (!is_native_loop(loop)) return Value();
  return as_loop(loop)->current_task;
}

bool loop_set_current_task(Value loop, Value task) {
  if (!is_native_loop(loop)) return raise(&TypeErrorType, "tasks need a native asyncio loop"), false;
  if (!task.is_null()) incref(task);
  set_owned(&as_loop(loop)->current_task, task);
  return true;
}

Value running_loop() { return ThreadState::current()->running_loop; }

Ref get_running_loop() {
  Value loop = running_loop();
  if (loop.is_null()) {
    AsyncioState& st = state();
    if (!st.prompt_loop.is_null() && st.prompt_thread == ThreadState::current()) return Ref::borrow(st.prompt_loop);
    return raise(&RuntimeErrorType, "no running event loop");
  }
  return Ref::borrow(loop);
}

void init_loop_type() {
  static_type_init(LoopType, "_asyncio.Loop", sizeof(LoopObject), &ObjectType, kTypeGc | kTypeBaseType);
  LoopType.dict_offset = offsetof(LoopObject, dict);
  LoopType.new_ = loop_new;
  LoopType.init = loop_init;
  LoopType.traverse = loop_traverse;
  LoopType.clear = loop_clear;
  LoopType.dealloc = loop_dealloc;
  LoopType.methods = loop_methods;
  LoopType.getsets = loop_getsets;
  LoopType.doc = "The native core of asyncio's event loop.";
  ready_type(&LoopType);
}

}  // namespace gilpy::stdlib::aio
