// stdlib/greenlet/greenlet_module.cpp: the greenlet type, the switch, and the `greenlet`
// module (see greenlet.h for the model).
//
// A switch, in the package's terms: the target is the greenlet switched to or, if it is
// dead, the first live one up its parent chain; an unstarted target is started (its `run`
// looked up by the caller, its fiber made); a throw into an unstarted one kills it without
// running it. The arguments travel in GreenletThread::in_flight and the receiving side
// shapes them: one positional argument as itself, several as a tuple, keywords only as a
// dict, both as (args, kwargs). When run ends, the greenlet is dead and what run returned
// (or raised; a GreenletExit comes back as a value) goes to its parent of that moment.
//
// Invariants:
//  1. Only the thread a greenlet belongs to switches to it (greenlet.error otherwise).
//  2. GreenletThread::current holds a reference to the running greenlet; a switch moves
//     that reference into switching_from, and the greenlet that lands takes what is in
//     flight first and only then releases it (the release may kill a greenlet, which
//     switches again).
//  3. A fiber that ends jumps away for good with nothing of its own alive on its stack;
//     the greenlet that lands releases the stack.
//  4. A suspended greenlet shows the collector nothing (its frames are not visible to it),
//     as in the package: cycles through suspended greenlets are not collected; a
//     suspended greenlet whose last reference goes is killed with GreenletExit.
#include <cstdlib>
#include <cstring>
#include <new>

#include "runtime/context.h"
#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/greenlet/greenlet.h"
#include "stdlib/modules.h"
#include "vm/eval.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib::greenlet {

using namespace rt;

namespace {

Type GreenletType;
Type GreenletExitType;
Type GreenletErrorType;

Greenlet* as_greenlet(Value v) { return v.as<Greenlet>(); }
bool is_greenlet(Value v) { return v.is_obj() && is_subtype(v.obj()->type, &GreenletType); }

bool thread_ended(const Greenlet* g) { return g->thread->ts == nullptr; }
bool is_dead(const Greenlet* g) {
  return g->state == GreenletState::kDead || (g->state == GreenletState::kActive && thread_ended(g));
}
bool is_current(const Greenlet* g) { return !thread_ended(g) && g->thread->current == g; }
// Started, not finished, not running: its fiber waits at resume_point.
bool is_suspended(const Greenlet* g) {
  return g->state == GreenletState::kActive && !g->is_main && !is_current(g);
}

Greenlet* greenlet_alloc(Type* type, GreenletThread* gt) {
  auto* g = alloc<Greenlet>(type, type == &GreenletType ? sizeof(Greenlet) : type->basic_size);
  new (&g->outer_handled) std::vector<Value>();
  new (&g->own_frames) vm::ThreadFrames();
  new (&g->sanitizer) FiberSanitizerState();
  g->thread = gt;
  ++gt->greenlets;
  g->frames = &g->own_frames;
  g->stack_size = gt->ts->interp->greenlet_stack_size ? gt->ts->interp->greenlet_stack_size
                                                      : kDefaultFiberStackSize;
  return g;
}

void release_thread_ref(GreenletThread* gt) {
  if (--gt->greenlets == 0 && gt->ts == nullptr) delete gt;
}

// ---- the thread's greenlets ---------------------------------------------------------------------

}  // namespace

GreenletThread* thread_greenlets(ThreadState* ts) {
  if (ts->greenlets) return static_cast<GreenletThread*>(ts->greenlets);
  char* stack_low = nullptr;
  size_t stack_bytes = 0;
  thread_stack_bounds(&stack_low, &stack_bytes);
  auto* gt = new GreenletThread();
  gt->ts = ts;
  Greenlet* main = greenlet_alloc(&GreenletType, gt);
  main->is_main = true;
  main->state = GreenletState::kActive;
  main->frames = &vm::thread_frames();
  fiber_adopt_thread_stack(&main->sanitizer, stack_low, stack_bytes);
  if (stack_low && !ts->stack_limit) ts->stack_limit = stack_low + kFiberStackReserve;
  gt->main = main;
  incref(main);
  gt->current = main;
  ts->greenlets = gt;
  return gt;
}

namespace {

GreenletThread* current_greenlets() { return thread_greenlets(ThreadState::current()); }

// ---- switching ----------------------------------------------------------------------------------

// Moves the running line of execution's parts of the thread state into `from` and
// `to`'s into the thread state.
void swap_execution_state(ThreadState* ts, Greenlet* from, Greenlet* to) {
  vm::swap_thread_frames(to->frames);
  from->handled_exc = ts->handled_exc;
  ts->handled_exc = to->handled_exc;
  to->handled_exc = Value();
  from->outer_handled.swap(ts->outer_handled);
  ts->outer_handled.swap(to->outer_handled);
  from->recursion_depth = ts->recursion_depth;
  ts->recursion_depth = to->recursion_depth;
  from->native_depth = ts->native_depth;
  ts->native_depth = to->native_depth;
  from->stack_limit = ts->stack_limit;
  ts->stack_limit = to->stack_limit;
  from->context = ts->context;
  ts->context = to->context;
  to->context = Value();
}

void clear_in_flight(GreenletThread* gt) {
  SwitchArgs a = gt->in_flight;
  gt->in_flight = SwitchArgs();
  decref(a.args);
  decref(a.kwargs);
}

void set_in_flight_value(GreenletThread* gt, Ref value) {
  clear_in_flight(gt);
  gt->in_flight.args = value.release();
  gt->in_flight.single = true;
}

// What the greenlet that lands receives from switch(): the arguments shaped as the
// package shapes them, or null with the thrown exception pending.
Ref take_switch_result(GreenletThread* gt) {
  SwitchArgs a = gt->in_flight;
  gt->in_flight = SwitchArgs();
  Ref args = Ref::steal(a.args), kwargs = Ref::steal(a.kwargs);
  if (!args) return nullptr;
  if (a.single) return args;
  bool has_kwargs = kwargs && kwargs.as<Dict>()->used > 0;
  int64_t n = args.as<Tuple>()->size;
  if (!has_kwargs) return n == 1 ? Ref::borrow(args.as<Tuple>()->items[0]) : args;
  if (n == 0) return kwargs;
  return make_tuple(std::move(args), std::move(kwargs));
}

// The half of a switch that runs on the greenlet that lands: the one that jumped is now
// suspended at transfer.from, or dead (its stack is free).
void finish_landing(GreenletThread* gt, FiberTransfer transfer) {
  Greenlet* from = gt->switching_from;
  gt->switching_from = nullptr;
  if (from->state == GreenletState::kDead) {
    fiber_destroyed(&from->sanitizer);
    from->own_frames.free_allocated_chunks();
    gt->stacks.release(from->stack);
    from->stack = FiberStack();
    from->resume_point = nullptr;
  } else {
    from->resume_point = transfer.from;
  }
  decref(from);
}

void greenlet_entry(FiberTransfer transfer);

// Drops run and its arguments (run_greenlet once run returned; the dealloc of a greenlet
// that never finished).
void release_run(Greenlet* g) {
  set_owned(&g->run_callable, Value());
  set_owned(&g->run_args, Value());
  set_owned(&g->run_kwargs, Value());
}

#if defined(__SANITIZE_ADDRESS__)
// Leak checking at exit (AddressSanitizer builds): a suspended greenlet is alive, and so
// is what only its native stack or its frame arena points to; LeakSanitizer scans
// neither (runtime/fiber.h), so the used part of both, one range from the saved stack
// pointer up through the arena's first chunk, is copied where it does. Run by atexit,
// registered with the first fiber: after LeakSanitizer's own handler, so before its
// check. Later chunks of an arena are malloc'ed and found through the greenlet; a main
// greenlet's frames are its thread's.
void expose_suspended_greenlets_to_leak_check() {
  gc_for_each_tracked(
      [](Object* o, void*) {
        if (!is_subtype(o->type, &GreenletType)) return;
        auto* g = static_cast<Greenlet*>(o);
        if (g->state != GreenletState::kActive || is_current(g) || !g->resume_point) return;
        if (g->is_main) {
          if (!thread_ended(g))  // an ended thread's stack is gone
            fiber_expose_to_leak_check(g->resume_point, static_cast<const char*>(g->sanitizer.stack_bottom) +
                                                            g->sanitizer.stack_size);
          return;
        }
        // The native stack grows down from stack.top, the arena's first chunk up from it.
        const vm::ThreadFrames& f = g->own_frames;
        const char* arena_used = f.chunks.empty() ? g->stack.top : f.chunk_index == 0 ? f.top : f.saved_tops[1];
        fiber_expose_to_leak_check(g->resume_point, arena_used);
      },
      nullptr);
}
#endif

// Gives an unstarted greenlet its fiber; `run` is what it will call.
bool start_fiber(GreenletThread* gt, Greenlet* g, Ref run) {
#if defined(__SANITIZE_ADDRESS__)
  static const bool exposed_at_exit = std::atexit(expose_suspended_greenlets_to_leak_check) == 0;
  (void)exposed_at_exit;
#endif
  if (!gt->stacks.acquire(g->stack_size, &g->stack)) {
    raise(&MemoryErrorType, "cannot allocate a greenlet's stack");
    return false;
  }
  g->own_frames.adopt_first_chunk(g->stack.top, static_cast<size_t>(g->stack.arena_end - g->stack.top));
  g->resume_point = fiber_make(g->stack, greenlet_entry, &g->sanitizer);
  // A greenlet starts at the recursion depth of the one that starts it, as in the package,
  // so that greenlets started inside greenlets end with RecursionError.
  g->recursion_depth = gt->ts->recursion_depth;
  g->native_depth = 0;
  g->stack_limit = g->stack.low + kFiberStackReserve;
  g->run_callable = run.release();
  set_owned(&g->run, Value());
  g->state = GreenletState::kActive;
  return true;
}

// A greenlet that dies: a GreenletExit that ended it becomes the value its parent receives.
void convert_greenlet_exit(GreenletThread* gt) {
  if (!error_matches(&GreenletExitType)) return;
  set_in_flight_value(gt, fetch_error());
}

bool call_trace(GreenletThread* gt, Greenlet* origin, Greenlet* target, bool throwing) {
  Ref trace = Ref::borrow(gt->trace);
  Ref pending = fetch_error();  // a throw's exception waits while the callback runs
  Ref event = new_str(throwing ? "throw" : "switch");
  Ref pair = make_tuple(Ref::borrow(origin), Ref::borrow(target));
  Ref r = event && pair ? call2(trace.get(), event.get(), pair.get()) : nullptr;
  if (!r) {
    set_owned(&gt->trace, Value());  // a failing callback is dropped, as in the package
    return false;
  }
  if (pending) restore_error(std::move(pending));
  return true;
}

// Finds the greenlet a switch to `target` lands on and makes it ready to be jumped to,
// with what is in flight (or the exception pending). A dying greenlet passes `dying`:
// then a failure (a start whose run is missing) goes up to the next parent instead of
// back to the caller. Returns null (error pending) when the caller's switch fails.
Greenlet* resolve_target(GreenletThread* gt, Greenlet* target, bool dying) {
  for (;;) {
    if (target->state == GreenletState::kDead) {
      target = target->parent ? target->parent : gt->main;
      continue;
    }
    if (target->state == GreenletState::kUnstarted) {
      if (error_pending()) {  // thrown into before it started: it dies without running
        target->state = GreenletState::kDead;
        set_owned(&target->run, Value());
        convert_greenlet_exit(gt);
        continue;
      }
      Ref run = getattr(Value::from_obj(target), "run");
      if (!run || !start_fiber(gt, target, std::move(run))) {
        clear_in_flight(gt);
        if (!dying) return nullptr;
        target = target->parent ? target->parent : gt->main;
        continue;
      }
    }
    if (gt->trace && target != gt->current && !call_trace(gt, gt->current, target, error_pending())) {
      clear_in_flight(gt);
      if (!dying) return nullptr;
      target = gt->main;
      continue;
    }
    return target;
  }
}

void jump_to(GreenletThread* gt, Greenlet* target, bool exiting, FiberTransfer* landed) {
  Greenlet* from = gt->current;
  swap_execution_state(gt->ts, from, target);
  incref(target);
  gt->current = target;
  gt->switching_from = from;
  *landed = fiber_jump(target->resume_point, gt, &from->sanitizer, &target->sanitizer, exiting);
}

void run_pending_kills(GreenletThread* gt) {
  while (!gt->pending_kills.empty()) {
    Greenlet* g = gt->pending_kills.back();
    gt->pending_kills.pop_back();
    decref(g);  // now on its own thread, the dealloc kills it
  }
}

// Switches from the running greenlet to `target` with what is in flight; returns what the
// running greenlet receives when something switches back to it.
Ref switch_to(GreenletThread* gt, Greenlet* target) {
  if (!gt->pending_kills.empty()) {
    Ref pending = fetch_error();
    run_pending_kills(gt);
    if (pending) restore_error(std::move(pending));
  }
  Greenlet* landing = resolve_target(gt, target, false);
  if (!landing) return nullptr;
  if (landing == gt->current) return take_switch_result(gt);
  FiberTransfer landed;
  jump_to(gt, landing, false, &landed);
  Ref received = take_switch_result(gt);
  finish_landing(gt, landed);
  return received;
}

// Runs a new greenlet's run and returns the greenlet its result (in flight) or exception
// (pending) goes to. Everything it holds is released when it returns (invariant 3).
Greenlet* run_greenlet(GreenletThread* gt, Greenlet* self, FiberTransfer transfer) {
  SwitchArgs a = gt->in_flight;
  gt->in_flight = SwitchArgs();
  self->run_args = a.args;
  self->run_kwargs = a.kwargs;
  self->run_single = a.single;
  finish_landing(gt, transfer);
  // Borrowed from self, which holds them until run returns (nothing clears an active
  // greenlet's fields).
  Value run = self->run_callable, args = self->run_args, kwargs = self->run_kwargs;
  Ref result;
  if (self->run_single)
    result = call1(run, args);
  else
    result = call_tuple_dict(run, args.as<Tuple>(), kwargs.is_null() ? nullptr : kwargs.as<Dict>());
  // run and its arguments go while this greenlet still counts as alive: releasing them
  // can run code that switches (a __del__, or the kill of a greenlet they held, whose
  // parent is this one), and that switch must come back to this stack. Marked dead
  // first, it would land on our parent instead and this stack would be abandoned in the
  // middle of a dealloc (the collector's dealloc depth never unwound, the object never
  // freed). The kill also clears what is in flight, so ours is set afterwards.
  Ref exc = result ? Ref() : fetch_error();
  release_run(self);
  self->state = GreenletState::kDead;
  if (result) {
    set_in_flight_value(gt, std::move(result));
  } else {
    restore_error(std::move(exc));
    convert_greenlet_exit(gt);
  }
  return self->parent;
}

// The entry function of every greenlet's fiber.
void greenlet_entry(FiberTransfer transfer) {
  auto* gt = static_cast<GreenletThread*>(transfer.data);
  Greenlet* self = gt->current;
  fiber_entered(&self->sanitizer);
  Greenlet* parent = run_greenlet(gt, self, transfer);
  Greenlet* target = resolve_target(gt, parent, true);
  FiberTransfer never;
  jump_to(gt, target, true, &never);
  __builtin_unreachable();
}

bool check_same_thread(GreenletThread* gt, const Greenlet* target) {
  if (target->thread == gt) return true;
  raise(&GreenletErrorType, thread_ended(target) ? "cannot switch to a different thread (which happens to have exited)"
                                                 : "cannot switch to a different thread");
  return false;
}

// ---- killing --------------------------------------------------------------------------------------

void report_unraisable(Value g) {
  Ref exc = fetch_error();
  Ref rep = repr(g);
  std::string text = "Exception ignored in: " + (rep ? utf8_of(rep.get()) : std::string("<greenlet>")) + "\n";
  if (!rep) clear_error();
  text += vm::format_exception(exc.get());
  if (vm::flush_stdout_hook) vm::flush_stdout_hook();
  std::fputs(text.c_str(), stderr);
}

// Throws GreenletExit into a suspended greenlet of the calling thread whose last reference
// went; the greenlet running now becomes its parent, so the switch comes back here.
void kill(Greenlet* g) {
  GreenletThread* gt = g->thread;
  Ref saved = fetch_error();
  Greenlet* old_parent = g->parent;
  incref(gt->current);
  g->parent = gt->current;
  xdecref(old_parent);
  clear_in_flight(gt);
  raise(&GreenletExitType, "Killing the greenlet because all references have vanished.");
  Ref r = switch_to(gt, g);
  if (!r) report_unraisable(Value::from_obj(g));
  if (saved) restore_error(std::move(saved));
}

// ---- the type's slots ---------------------------------------------------------------------------

void greenlet_clear_fields(Greenlet* g) {
  Dict* dict = g->dict;
  g->dict = nullptr;
  xdecref(dict);
  set_owned(&g->run, Value());
  release_run(g);
  set_owned(&g->context, Value());
  set_owned(&g->handled_exc, Value());
  Greenlet* parent = g->parent;
  g->parent = nullptr;
  xdecref(parent);
}

void greenlet_dealloc(Object* o) {
  auto* g = static_cast<Greenlet*>(o);
  if (is_suspended(g) && !thread_ended(g)) {
    if (g->thread->ts != ThreadState::current()) {
      // Killed on its own thread, at its next switch (the reference moves to the list).
      ++o->refcnt;
      g->thread->pending_kills.push_back(g);
      return;
    }
    ++o->refcnt;
    kill(g);
    if (is_suspended(g)) return;  // it switched back instead of dying: it lives on
    if (--o->refcnt != 0) return;  // resurrected by its finally blocks
  }
  gc_untrack(o);
  if (g->state == GreenletState::kActive && !g->is_main) {
    // Suspended in a thread that ended: its frames can never run again.
    ThreadState* ts = ThreadState::current();
    vm::release_abandoned_frames(ts, &g->own_frames);
    fiber_destroyed(&g->sanitizer);
    g->own_frames.free_allocated_chunks();
    g->thread->stacks.release(g->stack);
  }
  greenlet_clear_fields(g);
  for (Value v : g->outer_handled) decref(v);
  g->outer_handled.~vector();
  g->own_frames.~ThreadFrames();
  GreenletThread* gt = g->thread;
  free_object(o);
  release_thread_ref(gt);
}

// A suspended greenlet shows the collector nothing (invariant 4).
void greenlet_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* g = static_cast<Greenlet*>(o);
  if (g->state == GreenletState::kActive) return;
  if (g->dict) visit(Value::from_obj(g->dict), ctx);
  visit(g->run, ctx);
  if (g->parent) visit(Value::from_obj(g->parent), ctx);
  visit(g->context, ctx);
}

void greenlet_clear(Object* o) {
  auto* g = static_cast<Greenlet*>(o);
  if (g->state == GreenletState::kActive) return;
  greenlet_clear_fields(g);
}

Ref greenlet_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  GreenletThread* gt = current_greenlets();
  Greenlet* g = greenlet_alloc(type, gt);
  incref(gt->current);
  g->parent = gt->current;
  return Ref::steal(g);
}

int set_run(Value self, Value v);
int set_parent(Value self, Value v);

int greenlet_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t given = nargs + (kwnames ? static_cast<size_t>(kwnames->size) : 0);
  if (given > 2) {
    raisef(&TypeErrorType, "green() takes at most 2 arguments (%zu given)", given);
    return -1;
  }
  Value run = Value::none(), parent = Value::none();
  if (!bind_args("green", args, nargs, kwnames, {"run", "parent"}, 0, {&run, &parent})) return -1;
  if (!run.is_none() && set_run(self, run) < 0) return -1;
  if (!parent.is_none() && set_parent(self, parent) < 0) return -1;
  return 0;
}

int greenlet_bool(Value self) {
  Greenlet* g = as_greenlet(self);
  return g->state == GreenletState::kActive && !thread_ended(g);
}

Ref greenlet_repr(Value self) {
  Greenlet* g = as_greenlet(self);
  const char* name = type_of(self)->name;
  if (is_dead(g))
    return new_str(strfmt("<%s object at %p (otid=%p) %sdead>", name, static_cast<void*>(g),
                          static_cast<void*>(g->thread), thread_ended(g) ? "(thread exited) " : ""));
  const char* where = thread_ended(g) ? " (thread exited)"
                      : is_current(g) ? " current"
                      : g->state != GreenletState::kUnstarted ? " suspended"
                                                               : "";
  return new_str(strfmt("<%s object at %p (otid=%p)%s%s%s%s>", name, static_cast<void*>(g),
                        static_cast<void*>(g->thread), where, g->state == GreenletState::kActive ? " active" : "",
                        g->state == GreenletState::kUnstarted ? " pending" : " started", g->is_main ? " main" : ""));
}

// ---- methods and attributes ---------------------------------------------------------------------

Ref greenlet_switch(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  GreenletThread* gt = current_greenlets();
  Greenlet* target = as_greenlet(self);
  if (!check_same_thread(gt, target)) return nullptr;
  clear_in_flight(gt);
  size_t nkw = kwnames ? static_cast<size_t>(kwnames->size) : 0;
  if (nargs == 1 && nkw == 0) {
    incref(args[0]);
    gt->in_flight.args = args[0];
    gt->in_flight.single = true;
  } else {
    Own<Tuple> positional = tuple_new(static_cast<int64_t>(nargs));
    for (size_t i = 0; i < nargs; ++i) {
      incref(args[i]);
      positional->items[i] = args[i];
    }
    gt->in_flight.args = Value::from_obj(positional.release());
    if (nkw) {
      Own<Dict> kw = dict_new();
      for (size_t i = 0; i < nkw; ++i)
        if (!dict_set(kw.get(), kwnames->items[i], args[nargs + i])) return nullptr;
      gt->in_flight.kwargs = Value::from_obj(kw.release());
    }
  }
  return switch_to(gt, target);
}

Ref greenlet_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value typ = Value::from_obj(&GreenletExitType), val = Value::none(), tb = Value::none();
  if (!bind_args("throw", args, nargs, kwnames, {"typ", "val", "tb", "/"}, 0, {&typ, &val, &tb})) return nullptr;
  if (!tb.is_none() && type_of(tb) != &TracebackType)
    return raise(&TypeErrorType, "throw() third argument must be a traceback object");
  Ref exc;
  if (is_exception_type(typ)) {
    if (val.is_none())
      exc = call0(typ);
    else if (is_tuple(val))
      exc = call_tuple_dict(typ, val.as<Tuple>(), nullptr);
    else if (is_instance_of_type(val, typ.as<Type>()))
      exc = Ref::borrow(val);
    else
      exc = call1(typ, val);
    if (!exc) return nullptr;
  } else if (is_exception_instance(typ)) {
    if (!val.is_none()) return raise(&TypeErrorType, "instance exception may not have a separate value");
    exc = Ref::borrow(typ);
  } else {
    return raisef(&TypeErrorType, "exceptions must be classes, or instances, not %s", type_name(typ));
  }
  if (!tb.is_none() && setattr(exc.get(), "__traceback__", tb) < 0) return nullptr;
  GreenletThread* gt = current_greenlets();
  Greenlet* target = as_greenlet(self);
  if (!check_same_thread(gt, target)) return nullptr;
  clear_in_flight(gt);
  restore_error(std::move(exc));
  return switch_to(gt, target);
}

Ref get_run(Value self) {
  Greenlet* g = as_greenlet(self);
  if (g->is_main) return raise(&AttributeErrorType, "Main greenlets do not have a run attribute.");
  if (g->state != GreenletState::kUnstarted || g->run.is_null()) return raise(&AttributeErrorType, "run");
  return Ref::borrow(g->run);
}

int set_run(Value self, Value v) {
  Greenlet* g = as_greenlet(self);
  if (g->state != GreenletState::kUnstarted || g->is_main) {
    raise(&AttributeErrorType, "run cannot be set after the start of the greenlet");
    return -1;
  }
  incref(v);
  set_owned(&g->run, v);
  return 0;
}

Ref get_parent(Value self) {
  Greenlet* g = as_greenlet(self);
  return g->parent ? Ref::borrow(g->parent) : Ref::none();
}

int set_parent(Value self, Value v) {
  if (v.is_null()) {
    raise(&AttributeErrorType, "can't delete attribute");
    return -1;
  }
  if (!is_greenlet(v)) {
    raisef(&TypeErrorType, "GreenletChecker: Expected any type of greenlet, not %s", type_name(v));
    return -1;
  }
  Greenlet* g = as_greenlet(self);
  Greenlet* parent = as_greenlet(v);
  if (g->is_main) {
    raise(&AttributeErrorType, "cannot set the parent of a main greenlet");
    return -1;
  }
  for (Greenlet* p = parent; p; p = p->parent) {
    if (p == g) {
      raise(&ValueErrorType, "cyclic parent chain");
      return -1;
    }
  }
  if (parent->thread != g->thread) {
    raise(&ValueErrorType, "parent cannot be on a different thread");
    return -1;
  }
  incref(parent);
  Greenlet* old = g->parent;
  g->parent = parent;
  xdecref(old);
  return 0;
}

Ref get_dead(Value self) { return Ref::boolean(is_dead(as_greenlet(self))); }

// There are no frame objects (as gi_frame): a true marker while it has suspended frames.
Ref get_frame(Value self) {
  Greenlet* g = as_greenlet(self);
  return is_suspended(g) && !thread_ended(g) ? Ref::boolean(true) : Ref::none();
}

Ref get_context(Value self) {
  Greenlet* g = as_greenlet(self);
  Value ctx = is_current(g) ? g->thread->ts->context : g->context;
  return Ref::borrow(ctx.is_null() ? Value::none() : ctx);
}

int set_context(Value self, Value v) {
  if (v.is_null()) v = Value::none();
  if (!v.is_none() && !is_context(v)) {
    raise(&TypeErrorType, "greenlet context must be a contextvars.Context or None");
    return -1;
  }
  Greenlet* g = as_greenlet(self);
  Value ctx = v.is_none() ? Value() : v;
  incref(ctx);
  set_owned(is_current(g) ? &g->thread->ts->context : &g->context, ctx);
  return 0;
}

Ref getcurrent_fn(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getcurrent", kwnames) || !check_nargs("getcurrent", nargs, 0, 0)) return nullptr;
  return Ref::borrow(current_greenlets()->current);
}

Ref settrace_fn(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("settrace", kwnames) || !check_nargs("settrace", nargs, 1, 1)) return nullptr;
  GreenletThread* gt = current_greenlets();
  Ref previous = gt->trace.is_null() ? Ref::none() : Ref::steal(gt->trace);
  gt->trace = Value();
  if (!args[0].is_none()) {
    incref(args[0]);
    gt->trace = args[0];
  }
  return previous;
}

Ref gettrace_fn(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("gettrace", kwnames) || !check_nargs("gettrace", nargs, 0, 0)) return nullptr;
  GreenletThread* gt = current_greenlets();
  return Ref::borrow(gt->trace.is_null() ? Value::none() : gt->trace);
}

// greenlet.stack_size([size]) (gilpy's, after threading.stack_size): the native stack of
// greenlets made from now on; returns the previous setting, 0 meaning the default.
Ref stack_size_fn(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value size = Value();
  if (!bind_args("stack_size", args, nargs, kwnames, {"size", "/"}, 0, {&size})) return nullptr;
  vm::Interpreter* interp = vm::current_interpreter();
  size_t previous = interp->greenlet_stack_size;
  if (!size.is_null()) {
    if (!size.is_small_int()) return raise(&TypeErrorType, "stack_size() argument must be an int");
    int64_t bytes = size.small_int();
    if (bytes != 0 && bytes < static_cast<int64_t>(kMinFiberStackSize))
      return raisef(&ValueErrorType, "size not valid: %lld bytes (at least %zu, or 0 for the default)",
                    static_cast<long long>(bytes), kMinFiberStackSize);
    interp->greenlet_stack_size = static_cast<size_t>(bytes);
  }
  return make_int(static_cast<int64_t>(previous));
}

const MethodDef kGreenletMethods[] = {
    {"switch", greenlet_switch, 0,
     "switch(*args, **kwargs)\n\nSwitch execution to this greenlet, passing the arguments."},
    {"throw", greenlet_throw, 0,
     "throw(typ[,val[,tb]]) -> raise exception in greenlet, return value passed when switching back"},
    {nullptr}};

const GetSetDef kGreenletGetSets[] = {
    {"run", get_run, set_run, "The callable this greenlet will run when it starts."},
    {"parent", get_parent, set_parent, "The parent greenlet: where its run's result goes."},
    {"dead", get_dead, nullptr, "True if the greenlet has finished."},
    {"gr_frame", get_frame, nullptr, "Whether the greenlet has suspended frames (there are no frame objects)."},
    {"gr_context", get_context, set_context, "The contextvars.Context the greenlet runs in."},
    {nullptr}};

const MethodDef kModuleFunctions[] = {
    {"getcurrent", getcurrent_fn, 0, "getcurrent() -> the greenlet running in this thread."},
    {"settrace", settrace_fn, 0, "settrace(callback) -> the previous callback; called at each switch."},
    {"gettrace", gettrace_fn, 0, "gettrace() -> the switch callback of this thread, or None."},
    {"stack_size", stack_size_fn, 0, "stack_size([size]) -> the native stack size for new greenlets."},
    {nullptr}};

NumberSlots greenlet_number;

void init_exception(Type& t, const char* name, Type* base, const char* doc) {
  static_type_init(t, name, sizeof(ExceptionObject), base, kTypeBaseType | kTypeGc | kTypeExcSubclass);
  t.dict_offset = offsetof(ExceptionObject, dict);
  t.doc = doc;
  ready_type(&t);
}

void init_greenlet_types() {
  if (GreenletType.flags & kTypeReady) return;
  init_exception(GreenletExitType, "greenlet.GreenletExit", &BaseExceptionType,
                 "This exception is thrown into a greenlet to kill it.");
  init_exception(GreenletErrorType, "greenlet.error", &ExceptionType, "The greenlet module's errors.");
  static_type_init(GreenletType, "greenlet.greenlet", sizeof(Greenlet), &ObjectType, kTypeBaseType | kTypeGc);
  GreenletType.dict_offset = offsetof(Greenlet, dict);
  GreenletType.new_ = greenlet_new;
  GreenletType.init = greenlet_init;
  GreenletType.dealloc = greenlet_dealloc;
  GreenletType.traverse = greenlet_traverse;
  GreenletType.clear = greenlet_clear;
  GreenletType.repr = greenlet_repr;
  greenlet_number.to_bool = greenlet_bool;
  GreenletType.number = &greenlet_number;
  GreenletType.methods = kGreenletMethods;
  GreenletType.getsets = kGreenletGetSets;
  GreenletType.doc =
      "greenlet(run=None, parent=None) -> greenlet\n\n"
      "Creates a new greenlet object (without running it).\n\n"
      " - *run* -- The callable to invoke.\n"
      " - *parent* -- The parent greenlet. The default is the current greenlet.";
  ready_type(&GreenletType);
  // The package makes these class attributes too (greenlet.getcurrent, greenlet.error, ...).
  for (const MethodDef* def = kModuleFunctions; def->name; ++def) {
    if (std::strcmp(def->name, "stack_size") == 0) continue;
    Ref fn = builtin_function_new(def, Value());
    dict_set_str(GreenletType.dict_unfilled, def->name, fn.get());
  }
  dict_set_str(GreenletType.dict_unfilled, "GreenletExit", Value::from_obj(&GreenletExitType));
  dict_set_str(GreenletType.dict_unfilled, "error", Value::from_obj(&GreenletErrorType));
}

}  // namespace

void greenlet_thread_exit(ThreadState* ts) {
  auto* gt = static_cast<GreenletThread*>(ts->greenlets);
  if (!gt) return;
  run_pending_kills(gt);
  clear_in_flight(gt);
  set_owned(&gt->trace, Value());
  ts->greenlets = nullptr;
  // From here on the thread's greenlets are dead (is_dead) and can only be freed.
  ++gt->greenlets;
  gt->ts = nullptr;
  Greenlet* current = gt->current;
  Greenlet* main = gt->main;
  gt->current = gt->main = nullptr;
  decref(current);
  decref(main);
  release_thread_ref(gt);
}

}  // namespace gilpy::stdlib::greenlet

namespace gilpy::stdlib {

Ref create_greenlet_module() {
  using namespace greenlet;
  init_greenlet_types();
  Own<rt::Module> m = rt::module_new("greenlet");
  if (!rt::module_add_functions(m.get(), kModuleFunctions)) return nullptr;
  Ref version = new_str("2.0.2");
  if (!rt::module_add(m.get(), "greenlet", Value::from_obj(&GreenletType)) ||
      !rt::module_add(m.get(), "GreenletExit", Value::from_obj(&GreenletExitType)) ||
      !rt::module_add(m.get(), "error", Value::from_obj(&GreenletErrorType)) ||
      !rt::module_add(m.get(), "__version__", version.get()) ||
      !rt::module_add(m.get(), "GREENLET_USE_GC", Value::true_()) ||
      !rt::module_add(m.get(), "GREENLET_USE_TRACING", Value::true_()) ||
      !rt::module_add(m.get(), "GREENLET_USE_CONTEXT_VARS", Value::true_()))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
