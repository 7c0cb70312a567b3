// vm/generator.cpp: generator and coroutine objects: a frame moved into the object by
// RETURN_GENERATOR and resumed by send/throw/close; yield-from delegation; PEP 479; and
// closing a suspended generator when it is collected (its finally blocks run then).
#include "vm/generator.h"

#include <cstring>

#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/eval.h"
#include "vm/interpreter.h"
#include "vm/opcodes.h"

namespace gilpy::vm {

using namespace rt;

Type GeneratorType;
Type CoroutineType;
Type AsyncGeneratorType;
Type CoroWrapperType;

static bool is_coroutine(Generator* g) { return g->type == &CoroutineType; }
static const char* kind_name(Generator* g) {
  return g->type == &CoroutineType ? "coroutine" : g->type == &AsyncGeneratorType ? "async generator" : "generator";
}

Ref generator_from_frame(Frame* f) {
  Code* co = f->code;
  size_t fbytes = frame_size(co);
  Type* t = (co->flags & kCoCoroutine) ? &CoroutineType
            : (co->flags & kCoAsyncGenerator) ? &AsyncGeneratorType
                                              : &GeneratorType;
  auto* g = static_cast<Generator*>(alloc_object(t, sizeof(Generator) + fbytes));
  g->frame_bytes = fbytes;
  Frame* gf = g->frame();
  size_t used = static_cast<size_t>(f->sp - f->localsplus);
  std::memcpy(static_cast<void*>(gf), f, sizeof(Frame) + sizeof(Value) * used);
  gf->sp = gf->localsplus + used;
  gf->in_arena = false;
  gf->gen = g;
  gf->previous = nullptr;
  gf->is_entry = true;
  incref(co);
  // The arena frame gave its references to the generator's copy.
  std::memset(f->localsplus, 0, sizeof(Value) * used);
  f->sp = f->localsplus + co->nlocalsplus();
  f->func = nullptr;
  f->locals = nullptr;
  f->globals = nullptr;
  Function* fn = gf->func;
  g->name = fn ? fn->name : co->name;
  g->qualname = fn ? fn->qualname : co->qualname;
  incref(g->name);
  incref(g->qualname);
  g->state = GenState::Created;
  return Ref::steal(Value::from_obj(g));
}

// Releases what a finished generator's frame still holds (its code stays for gi_code).
static void finish_frame(Generator* g) {
  Frame* f = g->frame();
  if (!f->code) return;
  clear_frame_values(f);
  Function* fn = f->func;
  f->func = nullptr;
  xdecref(fn);
  Dict* locals = f->locals;
  f->locals = nullptr;
  xdecref(locals);
}

SendResult generator_send(Generator* g, Value value, bool throwing, Ref* out) {
  ThreadState* ts = ThreadState::current();
  if (g->state == GenState::Running) {
    raisef(&ValueErrorType, "%s already executing", kind_name(g));
    return SendResult::Error;
  }
  if (g->state == GenState::Completed) {
    if (throwing) return SendResult::Error;
    if (is_coroutine(g)) {
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendResult::Error;
    }
    *out = Ref::none();
    return SendResult::Return;
  }
  if (g->state == GenState::Created && !throwing && !value.is_none()) {
    raisef(&TypeErrorType, "can't send non-None value to a just-started %s", kind_name(g));
    return SendResult::Error;
  }
  if (ts->recursion_depth >= ts->interp->recursion_limit) {
    raise(&RecursionErrorType, "maximum recursion depth exceeded");
    return SendResult::Error;
  }
  Frame* f = g->frame();
  if (!throwing) {
    incref(value);
    *f->sp++ = value;
  } else if (g->state != GenState::Created) {
    // Thrown in at a yield: the stack holds the last sent value there, as after a send.
    *f->sp++ = Value::none();
  }
  Ref hold = Ref::borrow(Value::from_obj(g));
  g->state = GenState::Running;
  ts->outer_handled.push_back(ts->handled_exc);
  ts->handled_exc = g->handled_exc;
  g->handled_exc = Value();
  ++ts->recursion_depth;
  Ref result = eval_frame(ts, f, throwing);
  --ts->recursion_depth;
  g->handled_exc = ts->handled_exc;
  ts->handled_exc = ts->outer_handled.back();
  ts->outer_handled.pop_back();
  if (g->state == GenState::Suspended) {
    *out = std::move(result);
    return SendResult::Yield;
  }
  g->state = GenState::Completed;
  set_owned(&g->handled_exc, Value());
  finish_frame(g);
  if (result) {
    *out = std::move(result);
    return SendResult::Return;
  }
  // PEP 479: a StopIteration escaping a generator becomes a RuntimeError.
  bool async_gen = g->type == &AsyncGeneratorType;
  if (error_matches(&StopIterationType) || (async_gen && error_matches(&StopAsyncIterationType))) {
    Ref cause = fetch_error();
    std::string what = async_gen && is_instance_of_type(cause.get(), &StopAsyncIterationType)
                           ? "async generator raised StopAsyncIteration"
                           : strfmt("%s raised StopIteration", kind_name(g));
    Ref rt_err = new_exception(&RuntimeErrorType, what);
    auto* e = rt_err.as<ExceptionObject>();
    incref(cause.get());
    e->cause = cause.get();
    incref(cause.get());
    e->context = cause.get();
    e->suppress_context = true;
    restore_error(std::move(rt_err));
  }
  return SendResult::Error;
}

// The sub-iterator a suspended generator is delegating to (yield from / await), or null.
static Value yield_from_target(Generator* g) {
  if (g->state != GenState::Suspended) return Value();
  Frame* f = g->frame();
  uint32_t next = *f->ip;
  if (instr_op(next) != Op::JUMP_BACKWARD) return Value();
  uint32_t target = instr_arg(next);
  if (target >= f->code->code.size() || instr_op(f->code->code[target]) != Op::SEND) return Value();
  return f->sp[-1];
}

static Ref send_result_to_value(SendResult r, Ref out) {
  if (r == SendResult::Yield) return out;
  if (r == SendResult::Return) return raise_stop_iteration(out.get().is_none() ? Value() : out.get());
  return nullptr;
}

Ref generator_close(Generator* g);

static Ref throw_into(Generator* g, Value exc) {
  restore_error(Ref::borrow(exc));
  Ref out;
  SendResult r = generator_send(g, Value::none(), true, &out);
  return send_result_to_value(r, std::move(out));
}

Ref generator_throw(Generator* g, Value exc) {
  Value yf = yield_from_target(g);
  if (!yf.is_null()) {
    Ref sub = Ref::borrow(yf);
    if (is_instance_of_type(exc, &GeneratorExitType)) {
      // Close the delegate first, then raise GeneratorExit here.
      g->state = GenState::Running;
      Ref r = is_generator_like(sub.get()) ? generator_close(sub.as<Generator>()) : nullptr;
      if (!is_generator_like(sub.get())) {
        Ref close = getattr_opt(sub.get(), intern("close"));
        r = close ? call0(close.get()) : (error_pending() ? nullptr : Ref::none());
      }
      g->state = GenState::Suspended;
      if (!r) return throw_into(g, fetch_error().get());
      return throw_into(g, exc);
    }
    Ref r;
    g->state = GenState::Running;
    if (is_generator_like(sub.get())) {
      r = generator_throw(sub.as<Generator>(), exc);
    } else {
      Ref meth = getattr_opt(sub.get(), intern("throw"));
      if (!meth) {
        g->state = GenState::Suspended;
        if (error_pending()) return throw_into(g, fetch_error().get());
        return throw_into(g, exc);
      }
      r = call1(meth.get(), exc);
    }
    g->state = GenState::Suspended;
    if (r) return r;  // the delegate yielded: so do we
    // The delegate finished (StopIteration) or failed: that goes into our frame, where
    // CLEANUP_THROW turns StopIteration into the value of the yield from.
    return throw_into(g, fetch_error().get());
  }
  return throw_into(g, exc);
}

Ref generator_close(Generator* g) {
  if (g->state == GenState::Created || g->state == GenState::Completed) {
    g->state = GenState::Completed;
    finish_frame(g);
    return Ref::none();
  }
  Ref exc = call0(Value::from_obj(&GeneratorExitType));
  if (!exc) return nullptr;
  Ref r = generator_throw(g, exc.get());
  if (r) {
    return raisef(&RuntimeErrorType, "%s ignored GeneratorExit", kind_name(g));
  }
  if (error_matches(&GeneratorExitType) || error_matches(&StopIterationType)) {
    clear_error();
    return Ref::none();
  }
  return nullptr;
}

// ---- methods ------------------------------------------------------------------------------------

static Ref gen_iternext(Value self) {
  Ref out;
  SendResult r = generator_send(self.as<Generator>(), Value::none(), false, &out);
  if (r == SendResult::Yield) return out;
  if (r == SendResult::Return && !out.get().is_none()) return raise_stop_iteration(out.get());
  return nullptr;
}

static Ref gen_send_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("send", nargs, 1, 1)) return nullptr;
  Ref out;
  SendResult r = generator_send(self.as<Generator>(), args[0], false, &out);
  return send_result_to_value(r, std::move(out));
}

static Ref gen_throw_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("throw", nargs, 1, 3)) return nullptr;
  Value typ = args[0];
  Ref exc;
  if (is_exception_type(typ)) {
    Value val = nargs >= 2 ? args[1] : Value::none();
    if (is_exception_instance(val) && is_instance_of_type(val, typ.as<Type>())) exc = Ref::borrow(val);
    else if (val.is_none()) exc = call0(typ);
    else if (is_tuple(val)) exc = call(typ, val.as<Tuple>()->items, static_cast<size_t>(val.as<Tuple>()->size));
    else exc = call1(typ, val);
    if (!exc) return nullptr;
  } else if (is_exception_instance(typ)) {
    if (nargs >= 2 && !args[1].is_none())
      return raise(&TypeErrorType, "instance exception may not have a separate value");
    exc = Ref::borrow(typ);
  } else {
    return raisef(&TypeErrorType, "exceptions must be classes or instances deriving from BaseException, not %s",
                  type_name(typ));
  }
  if (nargs == 3 && !args[2].is_none()) {
    if (setattr(exc.get(), "__traceback__", args[2]) < 0) return nullptr;
  }
  return generator_throw(self.as<Generator>(), exc.get());
}

static Ref gen_close_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("close", nargs, 0, 0)) return nullptr;
  return generator_close(self.as<Generator>());
}

static Ref gen_iter(Value self) { return Ref::borrow(self); }

static Ref gen_repr(Value self) {
  auto* g = self.as<Generator>();
  const char* kind = g->type == &CoroutineType ? "coroutine" : g->type == &AsyncGeneratorType ? "async_generator" : "generator";
  return str_from_utf8(strfmt("<%s object %s at %p>", kind, str_to_utf8(g->qualname).c_str(), static_cast<void*>(g)))
      .into_ref();
}

static Ref gen_running(Value self) { return Ref::boolean(self.as<Generator>()->state == GenState::Running); }
static Ref gen_suspended(Value self) { return Ref::boolean(self.as<Generator>()->state == GenState::Suspended); }
static Ref gen_frame(Value self) {
  auto* g = self.as<Generator>();
  if (g->state == GenState::Completed) return Ref::none();
  // There are no frame objects: a truthy marker stands in for "has a frame".
  return Ref::boolean(true);
}
static Ref gen_code(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->frame()->code)); }
static Ref gen_yieldfrom(Value self) {
  Value yf = yield_from_target(self.as<Generator>());
  return Ref::borrow(yf.is_null() ? Value::none() : yf);
}
static Ref gen_name(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->name)); }
static Ref gen_qualname(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->qualname)); }

static const MethodDef gen_methods[] = {
    {"send", gen_send_m, 0, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {"throw", gen_throw_m, 0, "throw(value)\nthrow(type[,value[,tb]])"},
    {"close", gen_close_m, 0, "close() -> raise GeneratorExit inside generator."},
    {nullptr}};
static const GetSetDef gen_getsets[] = {{"gi_running", gen_running, nullptr, nullptr},
                                        {"gi_suspended", gen_suspended, nullptr, nullptr},
                                        {"gi_frame", gen_frame, nullptr, nullptr},
                                        {"gi_code", gen_code, nullptr, nullptr},
                                        {"gi_yieldfrom", gen_yieldfrom, nullptr, nullptr},
                                        {"__name__", gen_name, nullptr, nullptr},
                                        {"__qualname__", gen_qualname, nullptr, nullptr},
                                        {nullptr}};
static const GetSetDef coro_getsets[] = {{"cr_running", gen_running, nullptr, nullptr},
                                         {"cr_suspended", gen_suspended, nullptr, nullptr},
                                         {"cr_frame", gen_frame, nullptr, nullptr},
                                         {"cr_code", gen_code, nullptr, nullptr},
                                         {"cr_await", gen_yieldfrom, nullptr, nullptr},
                                         {"__name__", gen_name, nullptr, nullptr},
                                         {"__qualname__", gen_qualname, nullptr, nullptr},
                                         {nullptr}};

// coroutine.__await__() returns a wrapper that iterates the coroutine.
struct CoroWrapper : Object {
  Value coro;
};
static Ref coro_await_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* w = alloc<CoroWrapper>(&CoroWrapperType);
  incref(self);
  w->coro = self;
  return Ref::steal(Value::from_obj(w));
}
static const MethodDef coro_methods[] = {
    {"send", gen_send_m, 0, nullptr},
    {"throw", gen_throw_m, 0, nullptr},
    {"close", gen_close_m, 0, nullptr},
    {"__await__", coro_await_m, 0, "Return an iterator to be used in await expression."},
    {nullptr}};

static Ref wrapper_next(Value self) { return gen_iternext(self.as<CoroWrapper>()->coro); }
static Ref wrapper_send(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_send_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static Ref wrapper_throw(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_throw_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static Ref wrapper_close(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_close_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static const MethodDef wrapper_methods[] = {{"send", wrapper_send, 0, nullptr},
                                            {"throw", wrapper_throw, 0, nullptr},
                                            {"close", wrapper_close, 0, nullptr},
                                            {nullptr}};
static void wrapper_traverse(Object* o, VisitFn visit, void* ctx) { visit(static_cast<CoroWrapper*>(o)->coro, ctx); }
static void wrapper_clear(Object* o) { set_owned(&static_cast<CoroWrapper*>(o)->coro, Value()); }
static void wrapper_dealloc(Object* o) {
  gc_untrack(o);
  wrapper_clear(o);
  free_object(o);
}

// ---- lifetime -------------------------------------------------------------------------------------

static void gen_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* g = static_cast<Generator*>(o);
  visit(g->handled_exc, ctx);
  Frame* f = g->frame();
  if (!f->code) return;
  if (f->func) visit(Value::from_obj(f->func), ctx);
  if (f->locals) visit(Value::from_obj(f->locals), ctx);
  for (Value* p = f->localsplus; p < f->sp; ++p) visit(*p, ctx);
}

static void gen_clear(Object* o) {
  auto* g = static_cast<Generator*>(o);
  set_owned(&g->handled_exc, Value());
  if (g->state != GenState::Running) finish_frame(g);
}

static void gen_finalize(Object* o) {
  auto* g = static_cast<Generator*>(o);
  if (g->state != GenState::Suspended) return;
  Ref saved = fetch_error();
  Ref r = generator_close(g);
  if (!r) clear_error();  // CPython reports it as "Exception ignored"; the program goes on
  if (saved) restore_error(std::move(saved));
}

static void gen_dealloc(Object* o) {
  auto* g = static_cast<Generator*>(o);
  if (g->state == GenState::Suspended && !g->finalized) {
    g->finalized = true;
    ++o->refcnt;
    gen_finalize(o);
    if (--o->refcnt != 0) return;  // resurrected by a finally block
  }
  gc_untrack(o);
  gen_clear(o);
  Frame* f = g->frame();
  if (f->code) {
    decref(f->code);
    f->code = nullptr;
  }
  xdecref(g->name);
  xdecref(g->qualname);
  free_object(o);
}

void init_generator_types() {
  static_type_init(GeneratorType, "generator", sizeof(Generator), &ObjectType, kTypeGc);
  GeneratorType.iter = gen_iter;
  GeneratorType.iternext = gen_iternext;
  GeneratorType.repr = gen_repr;
  GeneratorType.traverse = gen_traverse;
  GeneratorType.clear = gen_clear;
  GeneratorType.dealloc = gen_dealloc;
  GeneratorType.finalize = gen_finalize;
  GeneratorType.methods = gen_methods;
  GeneratorType.getsets = gen_getsets;
  ready_type(&GeneratorType);

  static_type_init(CoroutineType, "coroutine", sizeof(Generator), &ObjectType, kTypeGc);
  CoroutineType.repr = gen_repr;
  CoroutineType.traverse = gen_traverse;
  CoroutineType.clear = gen_clear;
  CoroutineType.dealloc = gen_dealloc;
  CoroutineType.finalize = gen_finalize;
  CoroutineType.methods = coro_methods;
  CoroutineType.getsets = coro_getsets;
  ready_type(&CoroutineType);

  static_type_init(AsyncGeneratorType, "async_generator", sizeof(Generator), &ObjectType, kTypeGc);
  AsyncGeneratorType.repr = gen_repr;
  AsyncGeneratorType.traverse = gen_traverse;
  AsyncGeneratorType.clear = gen_clear;
  AsyncGeneratorType.dealloc = gen_dealloc;
  AsyncGeneratorType.finalize = gen_finalize;
  AsyncGeneratorType.getsets = gen_getsets;
  ready_type(&AsyncGeneratorType);

  static_type_init(CoroWrapperType, "coroutine_wrapper", sizeof(CoroWrapper), &ObjectType, kTypeGc);
  CoroWrapperType.iter = gen_iter;
  CoroWrapperType.iternext = wrapper_next;
  CoroWrapperType.methods = wrapper_methods;
  CoroWrapperType.traverse = wrapper_traverse;
  CoroWrapperType.clear = wrapper_clear;
  CoroWrapperType.dealloc = wrapper_dealloc;
  ready_type(&CoroWrapperType);
}

}  // namespace gilpy::vm
