// stdlib/thread_module.cpp: the _thread module, the native half of threading (which is
// written in Python, stdlib/python/threading.py, as CPython's is): OS threads, each with
// its own ThreadState, and the lock types, whose waits release the GIL.
//
// Locks keep their state in a small native struct guarded by its own mutex, so that a
// waiter can sleep on its semaphore without the GIL (BlockingRegion). On the main thread
// a wait wakes up every few milliseconds to see whether a signal arrived and, if so,
// runs its Python handler: when the handler raises (KeyboardInterrupt from SIGINT's
// default one) the acquire raises it, else the wait goes on for the time that is left,
// as CPython's lock waits do (PEP 475).
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <semaphore.h>
#include <time.h>

#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "runtime/context.h"
#include "runtime/gil.h"
#include "runtime/str_tokens.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/gil/report.h"
#include "stdlib/greenlet/greenlet.h"
#include "stdlib/modules.h"
#include "vm/frame.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

Type LockType;
Type RLockType;

namespace {

constexpr double kTimeoutMax = 9223372036.0;  // CPython's _thread.TIMEOUT_MAX on Linux (seconds)

// ---- the native lock ------------------------------------------------------------------------

// A POSIX semaphore (1: free, 0: held), as CPython's locks: waiting and waking are one
// futex each, which matters for lock ping-pong between threads. `locked` mirrors the
// state for locked() and for release()'s check; it is written with the GIL held.
struct LockImpl {
  sem_t sem;
  std::atomic<bool> locked{false};
  LockImpl() { sem_init(&sem, 0, 1); }
  ~LockImpl() { sem_destroy(&sem); }
};

enum class WaitResult { kAcquired, kTimeout, kInterrupted, kError };

timespec monotonic_after(double seconds) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double whole = std::floor(seconds);
  ts.tv_sec += static_cast<time_t>(whole);
  ts.tv_nsec += static_cast<long>((seconds - whole) * 1e9);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

double monotonic_now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// One wait for `L` until `deadline` (monotonic seconds; negative: forever) with the GIL
// released. The caller holds the GIL. kInterrupted: a signal arrived while the main
// thread waited (`interruptible`: it waits in slices of 20 ms so that it sees one
// promptly).
WaitResult lock_wait(LockImpl* L, double deadline, bool interruptible) {
  WaitResult result = WaitResult::kTimeout;
  {
    BlockingRegion br(BlockReason::kLock);
    // The holder may be about to release it from another CPU (a handoff between two
    // threads): poll briefly before sleeping (runtime/gil.h).
    if (spin_until([&] {
          int value = 0;
          return sem_getvalue(&L->sem, &value) == 0 && value > 0 && sem_trywait(&L->sem) == 0;
        }))
      result = WaitResult::kAcquired;
    while (result != WaitResult::kAcquired) {
      if (interruptible && signals_pending.load(std::memory_order_relaxed)) {
        result = WaitResult::kInterrupted;
        break;
      }
      int r;
      if (deadline < 0 && !interruptible) {
        r = sem_wait(&L->sem);
      } else {
        double slice = deadline < 0 ? 0.02 : deadline - monotonic_now();
        if (slice <= 0) break;
        if (interruptible && slice > 0.02) slice = 0.02;
        timespec until = monotonic_after(slice);
        r = sem_clockwait(&L->sem, CLOCK_MONOTONIC, &until);
      }
      if (r == 0) {
        result = WaitResult::kAcquired;
        break;
      }
      if (errno != EINTR && errno != ETIMEDOUT) break;
    }
  }
  if (result == WaitResult::kAcquired) L->locked.store(true, std::memory_order_relaxed);
  return result;
}

// Takes `L`, waiting at most `timeout` seconds (negative: forever). On the main thread a
// signal that arrives meanwhile has its handler run; kError when it raised (the
// exception is pending), else the wait resumes until the same deadline. Not
// `interruptible`: signals wait until the lock is taken (a Condition's re-acquire after
// a handler already raised).
WaitResult lock_take(LockImpl* L, double timeout, bool interruptible = true) {
  if (sem_trywait(&L->sem) == 0) {
    L->locked.store(true, std::memory_order_relaxed);
    return WaitResult::kAcquired;
  }
  if (timeout == 0) return WaitResult::kTimeout;
  interruptible = interruptible && is_main_thread();
  double deadline = timeout < 0 ? -1 : monotonic_now() + timeout;
  for (;;) {
    WaitResult r = lock_wait(L, deadline, interruptible);
    if (r != WaitResult::kInterrupted) return r;
    if (!check_signals()) return WaitResult::kError;
  }
}

void lock_give(LockImpl* L) {
  L->locked.store(false, std::memory_order_relaxed);
  sem_post(&L->sem);
}

bool lock_is_locked(LockImpl* L) { return L->locked.load(std::memory_order_relaxed); }

// acquire(blocking=True, timeout=-1) -> the timeout in seconds (negative: forever), or
// false with an error pending.
bool parse_acquire_args(const Value* args, size_t nargs, Tuple* kwnames, double* timeout) {
  Value blocking = Value::true_(), tv = Value::small_int(-1);
  if (!bind_args("acquire", args, nargs, kwnames, {"blocking", "timeout"}, 0, {&blocking, &tv})) return false;
  int b = truthy(blocking);
  if (b < 0) return false;
  double t;
  if (!as_double(tv, &t)) return false;
  if (!b && t != -1) {
    raise(&ValueErrorType, "can't specify a timeout for a non-blocking call");
    return false;
  }
  if (t < 0 && t != -1) {
    raise(&ValueErrorType, "timeout value must be positive");
    return false;
  }
  if (!b) t = 0;
  else if (t > kTimeoutMax) {
    raise(&OverflowErrorType, "timeout value is too large");
    return false;
  }
  *timeout = t;
  return true;
}

// Turns a wait's result into acquire's return value.
Ref acquire_result(WaitResult r) {
  if (r == WaitResult::kError) return nullptr;
  return Ref::boolean(r == WaitResult::kAcquired);
}

struct LockObject : Object {
  LockImpl* impl;
};

LockImpl* lock_of(Value v) { return v.as<LockObject>()->impl; }

Ref new_lock_object() {
  auto* o = alloc<LockObject>(&LockType);
  o->impl = new LockImpl();
  return Ref::steal(o);
}

Ref lock_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size)) return raise(&TypeErrorType, "lock() takes no arguments");
  return new_lock_object();
}

void lock_dealloc(Object* o) {
  delete static_cast<LockObject*>(o)->impl;
  free_object(o);
}

Ref lock_acquire(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  double timeout;
  if (!parse_acquire_args(args, nargs, kwnames, &timeout)) return nullptr;
  return acquire_result(lock_take(lock_of(self), timeout));
}

Ref lock_enter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return acquire_result(lock_take(lock_of(self), -1));
}

Ref lock_release(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  LockImpl* L = lock_of(self);
  if (!L->locked.load(std::memory_order_relaxed)) return raise(&RuntimeErrorType, "release unlocked lock");
  lock_give(L);
  return Ref::none();
}

Ref lock_locked(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return Ref::boolean(lock_is_locked(lock_of(self)));
}

Ref lock_at_fork_reinit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  lock_of(self)->locked = false;
  return Ref::none();
}

Ref lock_repr(Value self) {
  return new_str(strfmt("<%s _thread.lock object at %p>", lock_is_locked(lock_of(self)) ? "locked" : "unlocked",
                        static_cast<void*>(self.obj())));
}

const MethodDef lock_methods[] = {
    {"acquire", lock_acquire, 0, "Lock the lock."},
    {"acquire_lock", lock_acquire, 0, nullptr},
    {"release", lock_release, 0, "Release the lock."},
    {"release_lock", lock_release, 0, nullptr},
    {"locked", lock_locked, 0, "Test whether the lock is currently locked."},
    {"locked_lock", lock_locked, 0, nullptr},
    {"_at_fork_reinit", lock_at_fork_reinit, 0, nullptr},
    {"__enter__", lock_enter, 0, "Lock the lock."},
    {"__exit__", lock_release, 0, "Release the lock."},
    {nullptr}};

// ---- RLock ------------------------------------------------------------------------------------
// owner and count change only with the GIL held; the inner lock is what waiters sleep on.

struct RLockObject : Object {
  LockImpl* impl;
  uint64_t owner;
  int64_t count;
};

RLockObject* rlock_of(Value v) { return v.as<RLockObject>(); }

uint64_t my_ident() { return static_cast<uint64_t>(pthread_self()); }

Ref rlock_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* o = alloc<RLockObject>(type);
  o->impl = new LockImpl();
  return Ref::steal(o);
}

void rlock_dealloc(Object* o) {
  delete static_cast<RLockObject*>(o)->impl;
  free_object(o);
}

Ref rlock_take(RLockObject* r, double timeout) {
  uint64_t me = my_ident();
  if (r->count > 0 && r->owner == me) {
    r->count++;
    return Ref::boolean(true);
  }
  WaitResult w = lock_take(r->impl, timeout);
  if (w == WaitResult::kAcquired) {
    r->owner = me;
    r->count = 1;
  }
  return acquire_result(w);
}

Ref rlock_acquire(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  double timeout;
  if (!parse_acquire_args(args, nargs, kwnames, &timeout)) return nullptr;
  return rlock_take(rlock_of(self), timeout);
}

Ref rlock_enter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return rlock_take(rlock_of(self), -1);
}

Ref rlock_release(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  RLockObject* r = rlock_of(self);
  if (r->count == 0 || r->owner != my_ident()) return raise(&RuntimeErrorType, "cannot release un-acquired lock");
  if (--r->count == 0) {
    r->owner = 0;
    lock_give(r->impl);
  }
  return Ref::none();
}

Ref rlock_is_owned(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  RLockObject* r = rlock_of(self);
  return Ref::boolean(r->count > 0 && r->owner == my_ident());
}

// Condition support: release completely, returning (count, owner); restore from it.
Ref rlock_release_save(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  RLockObject* r = rlock_of(self);
  if (r->count == 0) return raise(&RuntimeErrorType, "cannot release un-acquired lock");
  int64_t count = r->count;
  uint64_t owner = r->owner;
  r->count = 0;
  r->owner = 0;
  lock_give(r->impl);
  return make_tuple(make_int(count), make_int(int64_t(owner)));
}

Ref rlock_acquire_restore(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  RLockObject* r = rlock_of(self);
  if (nargs != 1 || !is_tuple(args[0]) || args[0].as<Tuple>()->size != 2)
    return raise(&TypeErrorType, "_acquire_restore() argument must be a 2-tuple");
  Tuple* st = args[0].as<Tuple>();
  auto count = int_as_int64(st->items[0]);
  auto owner = int_as_int64(st->items[1]);
  if (!count || !owner) return nullptr;
  WaitResult w = lock_take(r->impl, -1);
  // A handler raised: take it anyway (the caller must own it again), then raise.
  if (w != WaitResult::kAcquired) lock_take(r->impl, -1, false);
  r->owner = uint64_t(*owner);
  r->count = *count;
  return w == WaitResult::kAcquired ? Ref::none() : nullptr;
}

Ref rlock_recursion_count(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  RLockObject* r = rlock_of(self);
  return make_int(r->owner == my_ident() ? r->count : 0);
}

Ref rlock_repr(Value self) {
  RLockObject* r = rlock_of(self);
  Ref tn = Ref::borrow(Value::from_obj(type_of(self)->qualname));
  std::string mod = "_thread";
  return new_str(strfmt("<%s %s.%s object owner=%llu count=%lld at %p>", r->count ? "locked" : "unlocked",
                        mod.c_str(), type_of(self)->name, (unsigned long long)(r->count ? r->owner : 0),
                        (long long)r->count, static_cast<void*>(self.obj())));
}

const MethodDef rlock_methods[] = {
    {"acquire", rlock_acquire, 0, "Lock the lock."},
    {"release", rlock_release, 0, "Release the lock."},
    {"_is_owned", rlock_is_owned, 0, nullptr},
    {"_release_save", rlock_release_save, 0, nullptr},
    {"_acquire_restore", rlock_acquire_restore, 0, nullptr},
    {"_recursion_count", rlock_recursion_count, 0, nullptr},
    {"__enter__", rlock_enter, 0, "Lock the lock."},
    {"__exit__", rlock_release, 0, "Release the lock."},
    {nullptr}};

// ---- threads ----------------------------------------------------------------------------------

struct Boot {
  ThreadState* ts;
  Value func, args, kwargs;  // owned
};

// Releases the thread's sentinel lock, if it has one, and drops it.
void release_sentinel(ThreadState* ts) {
  if (ts->sentinel_lock.is_null()) return;
  LockImpl* L = lock_of(ts->sentinel_lock);
  if (lock_is_locked(L)) lock_give(L);
  decref(ts->sentinel_lock);
  ts->sentinel_lock = Value();
}

void thread_main(Boot* boot) {
  // SIGINT goes to the main thread only.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  ThreadState* ts = boot->ts;
  ThreadState::set_current(ts);
  ts->thread_id = my_ident();
  gil_acquire(ts);
  // The GIL meter names the thread after the threading.Thread whose _bootstrap runs here.
  Value thread_object = type_of(boot->func) == &MethodType ? boot->func.as<Method>()->self : Value();
  ts->thread_object = thread_object;
  if (ts->gil_record) ts->gil_record->thread_object = thread_object;
  {
    Ref r = call_tuple_dict(boot->func, boot->args.as<Tuple>(),
                            boot->kwargs.is_null() ? nullptr : boot->kwargs.as<Dict>());
    if (!r) {
      // CPython's _thread: "Exception ignored in thread started by: <func>"; SystemExit
      // ends the thread quietly.
      if (error_matches(&SystemExitType)) clear_error();
      else write_unraisable(boot->func, "in thread started by");
    }
  }
  gil_thread_exiting(ts, ts->gil_record ? gil::thread_object_name(thread_object) : "");
  release_sentinel(ts);  // join() returns once this thread has nothing left to run
  decref(boot->func);
  decref(boot->args);
  if (!boot->kwargs.is_null()) decref(boot->kwargs);
  delete boot;
  if (error_pending()) clear_error();
  greenlet::greenlet_thread_exit(ts);
  decref(ts->handled_exc);
  ts->handled_exc = Value();
  context_clear_thread(ts);
  str_tokens_free(ts);
  extra_thread_count.fetch_sub(1);
  gil_release(ts);
  vm::release_thread_frames();
  ThreadState::set_current(nullptr);
  delete ts;
}

Ref t_start_new_thread(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("start_new_thread", kwnames)) return nullptr;
  if (nargs < 2 || nargs > 3)
    return raisef(&TypeErrorType, "start_new_thread expected at least 2 arguments, got %zu", nargs);
  if (!is_callable(args[0])) return raise(&TypeErrorType, "first arg must be callable");
  if (!is_tuple(args[1])) return raise(&TypeErrorType, "2nd arg must be a tuple");
  if (nargs == 3 && !args[2].is_none() && !is_dict(args[2]))
    return raise(&TypeErrorType, "optional 3rd arg must be a dictionary");
  auto* boot = new Boot();
  boot->ts = new ThreadState();
  boot->ts->interp = ThreadState::current()->interp;
  boot->func = args[0];
  incref(boot->func);
  boot->args = args[1];
  incref(boot->args);
  if (nargs == 3 && !args[2].is_none()) {
    boot->kwargs = args[2];
    incref(boot->kwargs);
  }
  extra_thread_count.fetch_add(1);
  uint64_t ident;
  try {
    std::thread t(thread_main, boot);
    ident = static_cast<uint64_t>(t.native_handle());
    t.detach();
  } catch (const std::system_error&) {
    extra_thread_count.fetch_sub(1);
    decref(boot->func);
    decref(boot->args);
    if (!boot->kwargs.is_null()) decref(boot->kwargs);
    delete boot->ts;
    delete boot;
    return raise(&RuntimeErrorType, "can't start new thread");
  }
  return make_int(int64_t(ident));
}

Ref t_get_ident(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_int(int64_t(my_ident()));
}

Ref t_get_native_id(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_int(int64_t(syscall(SYS_gettid)));
}

Ref t_count(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_int(extra_thread_count.load());
}

// _thread_serial(): a number unique to the calling thread for the whole run (thread
// identifiers are reused once a thread ended; threading.local must not be).
std::atomic<int64_t> g_next_serial{1};
thread_local int64_t tls_serial = 0;
Ref t_thread_serial(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!tls_serial) tls_serial = g_next_serial.fetch_add(1);
  return make_int(tls_serial);
}

Ref t_allocate_lock(Value self, const Value* args, size_t nargs, Tuple* kwnames) { return new_lock_object(); }

// _set_sentinel(): a new lock that the calling thread releases as it ends, after all of
// its Python code (threading.Thread's _tstate_lock; a sentinel set before is released).
Ref t_set_sentinel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_set_sentinel", kwnames) || !check_nargs("_set_sentinel", nargs, 0, 0)) return nullptr;
  ThreadState* ts = ThreadState::current();
  release_sentinel(ts);
  Ref lock = new_lock_object();
  incref(lock.get());
  ts->sentinel_lock = lock.get();
  return lock;
}

// interrupt_main(signum=SIGINT, /): as if the signal arrived (nothing when its handler
// is SIG_DFL or SIG_IGN).
Ref t_interrupt_main(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value signum_obj = Value::small_int(SIGINT);
  if (!bind_args("interrupt_main", args, nargs, kwnames, {"signum", "/"}, 0, {&signum_obj})) return nullptr;
  auto signum = index_as_int64(signum_obj);
  if (!signum) return nullptr;
  if (*signum < 1 || *signum >= kNsig) return raise(&ValueErrorType, "signal number out of range");
  vm::simulate_signal(int(*signum));
  return Ref::none();
}

Ref t_stack_size(Value self, const Value* args, size_t nargs, Tuple* kwnames) { return make_int(0); }

// _print_thread_exception(name, exc): the default threading.excepthook's output.
Ref t_print_thread_exception(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs != 2 || !is_str(args[0])) return raise(&TypeErrorType, "_print_thread_exception(name, exc)");
  std::string text = "Exception in thread " + utf8_of(args[0]) + ":\n";
  text += vm::format_exception(args[1]);
  if (vm::flush_stdout_hook) vm::flush_stdout_hook();
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  return Ref::none();
}

const MethodDef thread_functions[] = {
    {"start_new_thread", t_start_new_thread, 0, "Start a new thread and return its identifier."},
    {"start_new", t_start_new_thread, 0, nullptr},
    {"get_ident", t_get_ident, 0, "Return a non-zero integer that uniquely identifies the current thread."},
    {"get_native_id", t_get_native_id, 0, "Return the native integral Thread ID of the current thread."},
    {"_count", t_count, 0, "Return the number of currently running Python threads, excluding the main thread."},
    {"allocate_lock", t_allocate_lock, 0, "Create a new lock object."},
    {"_set_sentinel", t_set_sentinel, 0, "Set a sentinel lock released when the current thread ends."},
    {"allocate", t_allocate_lock, 0, nullptr},
    {"interrupt_main", t_interrupt_main, 0, "Raise KeyboardInterrupt in the main thread."},
    {"stack_size", t_stack_size, 0, "Return the thread stack size used when creating new threads."},
    {"_print_thread_exception", t_print_thread_exception, 0, nullptr},
    {"_thread_serial", t_thread_serial, 0, nullptr},
    {nullptr}};

void init_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(LockType, "lock", sizeof(LockObject), &ObjectType, 0);
  LockType.dealloc = lock_dealloc;
  LockType.repr = lock_repr;
  LockType.new_ = lock_new;
  LockType.methods = lock_methods;
  LockType.doc = "A lock object is a synchronization primitive.";
  ready_type(&LockType);
  static_type_init(RLockType, "RLock", sizeof(RLockObject), &ObjectType, kTypeBaseType);
  RLockType.dealloc = rlock_dealloc;
  RLockType.repr = rlock_repr;
  RLockType.new_ = rlock_new;
  RLockType.methods = rlock_methods;
  ready_type(&RLockType);
}

}  // namespace

Ref create_thread_module() {
  init_types();
  Own<Module> m = module_new("_thread");
  if (!module_add_functions(m.get(), thread_functions)) return nullptr;
  module_add(m.get(), "LockType", Value::from_obj(&LockType));
  module_add(m.get(), "lock", Value::from_obj(&LockType));
  module_add(m.get(), "RLock", Value::from_obj(&RLockType));
  module_add(m.get(), "error", Value::from_obj(&RuntimeErrorType));
  Ref tm = make_float(kTimeoutMax);
  module_add(m.get(), "TIMEOUT_MAX", tm.get());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
