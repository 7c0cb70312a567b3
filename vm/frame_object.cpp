// vm/frame_object.cpp: frame objects as snapshots of running frames (vm/frame_object.h).
#include "vm/frame_object.h"

#include "runtime/runtime.h"
#include "vm/code.h"
#include "vm/eval.h"
#include "vm/function.h"

namespace gilpy::vm {

using namespace rt;

Type FrameObjectType;

Ref fast_locals_dict(Code* co, const Value* localsplus) {
  Own<Dict> d = dict_new();
  for (int i = 0; i < co->nlocals; ++i) {
    Value v = localsplus[i];
    if (!v.is_null() && !dict_set(d.get(), co->varnames->items[i], v)) return nullptr;
  }
  for (int i = 0; i < co->ncells + co->nfrees; ++i) {
    Value c = localsplus[co->nlocals + i];
    if (c.is_null() || type_of(c) != &CellType || c.as<Cell>()->contents.is_null()) continue;
    Value name = i < co->ncells ? co->cellvars->items[i] : co->freevars->items[i - co->ncells];
    if (!dict_set(d.get(), name, c.as<Cell>()->contents)) return nullptr;
  }
  return d.into_ref();
}

static Value owned(Value v) {
  if (!v.is_null()) incref(v);
  return v;
}

static Ref snapshot(Frame* f, Value back) {
  auto* fo = alloc<FrameObject>(&FrameObjectType);
  fo->code = owned(Value::from_obj(f->code));
  fo->globals = owned(Value::from_obj(f->globals));
  fo->builtins = f->builtins ? owned(Value::from_obj(f->builtins)) : Value();
  fo->locals = f->locals ? owned(Value::from_obj(f->locals)) : Value();
  if (!f->locals) {
    int n = f->code->nlocalsplus();
    Own<Tuple> fast = tuple_new(n);
    for (int i = 0; i < n; ++i) fast->items[i] = owned(f->localsplus[i]);
    fo->fast = Value::from_obj(fast.release());
  }
  fo->back = owned(back);
  fo->trace = Value::none();
  fo->lineno = f->line();
  fo->lasti = f->lasti;
  fo->live = f;
  fo->owner = ThreadState::current();
  return Ref::steal(Value::from_obj(fo));
}

Ref frame_object_for(Frame* f) {
  std::vector<Frame*> chain;
  for (; f; f = f->previous)
    if (f->code) chain.push_back(f);
  Ref back = Ref::none();
  for (size_t i = chain.size(); i-- > 0;) {
    back = snapshot(chain[i], back.get());
    if (!back) return nullptr;
  }
  return back;
}

static FrameObject* as_frame(Value v) { return static_cast<FrameObject*>(v.obj()); }

// The frame a frame object was made from, when it still runs on this thread.
static Frame* running_frame(FrameObject* fo) {
  if (!fo->live || fo->owner != ThreadState::current()) return nullptr;
  for (Frame* f = current_frame(); f; f = f->previous)
    if (f == fo->live) return Value::from_obj(f->code) == fo->code ? f : nullptr;
  fo->live = nullptr;  // gone for good
  return nullptr;
}

static void frame_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* fo = static_cast<FrameObject*>(o);
  for (Value v : {fo->code, fo->globals, fo->builtins, fo->locals, fo->fast, fo->back, fo->trace})
    if (!v.is_null()) visit(v, ctx);
}

static void frame_clear(Object* o) {
  auto* fo = static_cast<FrameObject*>(o);
  for (Value* slot : {&fo->code, &fo->globals, &fo->builtins, &fo->locals, &fo->fast, &fo->back, &fo->trace}) {
    Value old = *slot;
    *slot = Value();
    if (!old.is_null()) decref(old);
  }
}

static void frame_dealloc(Object* o) {
  gc_untrack(o);
  frame_clear(o);
  free_object(o);
}

static Ref frame_repr(Value self) {
  FrameObject* fo = as_frame(self);
  Code* co = fo->code.as<Code>();
  return str_from_utf8(strfmt("<frame at %p, file '%s', line %d, code %s>", static_cast<void*>(fo),
                              str_to_utf8(co->filename).c_str(), fo->lineno, str_to_utf8(co->name).c_str()))
      .into_ref();
}

static Ref frame_code(Value self) { return Ref::borrow(as_frame(self)->code); }
static Ref frame_globals(Value self) { return Ref::borrow(as_frame(self)->globals); }
static Ref frame_builtins(Value self) {
  Value b = as_frame(self)->builtins;
  return b.is_null() ? dict_new().into_ref() : Ref::borrow(b);
}
static Ref frame_locals(Value self) {
  FrameObject* fo = as_frame(self);
  if (!fo->locals.is_null()) return Ref::borrow(fo->locals);
  if (Frame* f = running_frame(fo)) return fast_locals_dict(f->code, f->localsplus);
  if (fo->fast.is_null()) return dict_new().into_ref();
  return fast_locals_dict(fo->code.as<Code>(), fo->fast.as<Tuple>()->items);
}
static Ref frame_back(Value self) { return Ref::borrow(as_frame(self)->back); }
static Ref frame_lineno(Value self) {
  FrameObject* fo = as_frame(self);
  Frame* f = running_frame(fo);
  return make_int(f ? f->line() : fo->lineno);
}
// CPython counts f_lasti (and tb_lasti) in bytes of 2-byte code units; so does gilpy, one
// unit per instruction, so code.co_positions() lines up with it. Live while the frame runs,
// as f_lineno.
static Ref frame_lasti(Value self) {
  FrameObject* fo = as_frame(self);
  Frame* f = running_frame(fo);
  return make_int(int64_t(f ? f->lasti : fo->lasti) * 2);
}
static Ref frame_trace(Value self) { return Ref::borrow(as_frame(self)->trace); }
static int frame_set_trace(Value self, Value v) {
  set_owned(&as_frame(self)->trace, owned(v.is_null() ? Value::none() : v));
  return 0;
}

static Ref frame_clear_method(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("clear", kwnames) || !check_nargs("clear", nargs, 0, 0)) return nullptr;
  FrameObject* fo = as_frame(self);
  Value fast = fo->fast;
  fo->fast = Value();
  if (!fast.is_null()) {
    Code* co = fo->code.as<Code>();
    fo->fast = Value::from_obj(tuple_new(co->nlocalsplus()).release());
    decref(fast);
  }
  return Ref::none();
}

static const GetSetDef frame_getsets[] = {
    {"f_code", frame_code, nullptr, nullptr},       {"f_globals", frame_globals, nullptr, nullptr},
    {"f_builtins", frame_builtins, nullptr, nullptr}, {"f_locals", frame_locals, nullptr, nullptr},
    {"f_back", frame_back, nullptr, nullptr},       {"f_lineno", frame_lineno, nullptr, nullptr},
    {"f_lasti", frame_lasti, nullptr, nullptr},     {"f_trace", frame_trace, frame_set_trace, nullptr},
    {nullptr}};

static const MethodDef frame_methods[] = {
    {"clear", frame_clear_method, 0, "F.clear(): clear most references held by the frame"}, {nullptr}};

// A traceback entry's frame: its code, globals and line, no locals and no f_back (the
// frame itself is gone by the time a traceback is read).
static Ref traceback_frame(Value code, Value globals, int lasti, int lineno) {
  auto* fo = alloc<FrameObject>(&FrameObjectType);
  fo->code = owned(code);
  fo->globals = owned(globals);
  fo->back = Value::none();
  fo->trace = Value::none();
  fo->lineno = lineno;
  fo->lasti = lasti;
  return Ref::steal(Value::from_obj(fo));
}

void init_frame_object_type() {
  traceback_frame_hook = traceback_frame;
  static_type_init(FrameObjectType, "frame", sizeof(FrameObject), &ObjectType, kTypeGc);
  FrameObjectType.dealloc = frame_dealloc;
  FrameObjectType.traverse = frame_traverse;
  FrameObjectType.clear = frame_clear;
  FrameObjectType.repr = frame_repr;
  FrameObjectType.getsets = frame_getsets;
  FrameObjectType.methods = frame_methods;
  ready_type(&FrameObjectType);
}

}  // namespace gilpy::vm
