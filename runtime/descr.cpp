// runtime/descr.cpp: the callable and descriptor types that connect native code and
// classes: builtin functions, method/getset descriptors of built-in types, bound methods,
// property, staticmethod, classmethod and super.
#include <cstddef>
#include <cstring>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/misc_types.h"
#include "runtime/module.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type BuiltinFunctionType;
Type MethodDescrType;
Type ClassMethodDescrType;
Type GetSetDescrType;
Type MethodType;
Type PropertyType;
Type StaticMethodType;
Type ClassMethodType;
Type SuperType;
bool (*super_zero_arg_hook)(Type** type, Value* obj) = nullptr;

// ---- builtin_function_or_method ----------------------------------------------------------

Ref builtin_function_new(const MethodDef* def, Value self) {
  auto* f = alloc<BuiltinFunction>(&BuiltinFunctionType);
  f->def = def;
  incref(self);
  f->self = self;
  return Ref::steal(Value::from_obj(f));
}

static Ref builtin_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* f = callable.as<BuiltinFunction>();
  return f->def->fn(f->self, args, nargs, kwnames);
}

static void builtin_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* f = static_cast<BuiltinFunction*>(o);
  visit(f->self, ctx);
  visit(f->module, ctx);
}
static void builtin_clear(Object* o) {
  auto* f = static_cast<BuiltinFunction*>(o);
  set_owned(&f->self, Value());
  set_owned(&f->module, Value());
}
static void builtin_dealloc(Object* o) {
  gc_untrack(o);
  builtin_clear(o);
  free_object(o);
}

static Ref builtin_repr(Value self) {
  auto* f = self.as<BuiltinFunction>();
  if (f->self.is_null() || is_module(f->self))
    return str_from_utf8(strfmt("<built-in function %s>", f->def->name)).into_ref();
  return str_from_utf8(strfmt("<built-in method %s of %s object at %p>", f->def->name,
                              type_name(f->self), static_cast<void*>(f->self.obj())))
      .into_ref();
}
static Ref builtin_name(Value self) { return str_from_utf8(self.as<BuiltinFunction>()->def->name).into_ref(); }
// A method bound to an object is qualified by its type: "Task.task_wakeup".
static Ref builtin_qualname(Value self) {
  auto* f = self.as<BuiltinFunction>();
  if (f->self.is_null() || is_module(f->self)) return builtin_name(self);
  Type* t = type_has(type_of(f->self), kTypeTypeSubclass) ? f->self.as<Type>() : type_of(f->self);
  std::string qn = t->qualname ? str_to_utf8(t->qualname) : t->name;
  return str_from_utf8(qn + "." + f->def->name).into_ref();
}
static Ref builtin_self(Value self) {
  Value s = self.as<BuiltinFunction>()->self;
  return Ref::borrow(s.is_null() ? Value::none() : s);
}
static Ref builtin_doc(Value self) {
  const char* d = self.as<BuiltinFunction>()->def->doc;
  return d ? str_from_utf8(d).into_ref() : Ref::none();
}
// __module__: the name given at creation, else the module the function belongs to.
static Ref builtin_module(Value self) {
  auto* f = self.as<BuiltinFunction>();
  if (!f->module.is_null()) return Ref::borrow(f->module);
  if (is_module(f->self)) {
    Ref name = getattr_opt(f->self, intern("__name__"));
    if (name || error_pending()) return name;
  }
  return Ref::none();
}
static const GetSetDef builtin_getsets[] = {{"__name__", builtin_name, nullptr, nullptr},
                                            {"__qualname__", builtin_qualname, nullptr, nullptr},
                                            {"__self__", builtin_self, nullptr, nullptr},
                                            {"__doc__", builtin_doc, nullptr, nullptr},
                                            {"__module__", builtin_module, nullptr, nullptr},
                                            {nullptr}};
// pickle: a module's function by its name (a global); a bound method as getattr(self, name).
static Ref builtin_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce__", kwnames) || !check_nargs("__reduce__", nargs, 0, 0)) return nullptr;
  auto* f = self.as<BuiltinFunction>();
  if (f->self.is_null() || is_module(f->self)) return str_from_utf8(f->def->name).into_ref();
  Ref builtins = import_module_hook("builtins");
  Ref getattr_fn = builtins ? getattr(builtins.get(), "getattr") : Ref();
  if (!getattr_fn) return nullptr;
  Ref name = str_from_utf8(f->def->name).into_ref();
  Own<Tuple> args = tuple_from({f->self, name.get()});
  return tuple_from({getattr_fn.get(), args.value()}).into_ref();
}
static const MethodDef builtin_methods[] = {{"__reduce__", builtin_reduce, 0, nullptr}, {nullptr}};

// ---- method_descriptor ------------------------------------------------------------------

static bool descr_check_self(MethodDescr* d, Value self) {
  if (!is_instance_of_type(self, d->owner)) {
    raisef(&TypeErrorType, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
           d->def->name, d->owner->name, type_name(self));
    return false;
  }
  return true;
}

static Ref method_descr_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* d = callable.as<MethodDescr>();
  if (nargs < 1) {
    return raisef(&TypeErrorType, "unbound method %s.%s() needs an argument", d->owner->name,
                  d->def->name);
  }
  if (!descr_check_self(d, args[0])) return nullptr;
  return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static Ref method_descr_get(Value descr, Value obj, Value owner) {
  if (obj.is_null()) return Ref::borrow(descr);
  auto* d = descr.as<MethodDescr>();
  if (!descr_check_self(d, obj)) return nullptr;
  return builtin_function_new(d->def, obj);
}

static Ref classmethod_descr_get(Value descr, Value obj, Value owner) {
  auto* d = descr.as<MethodDescr>();
  Value cls = owner.is_null() ? Value::from_obj(type_of(obj)) : owner;
  return builtin_function_new(d->def, cls);
}

static Ref classmethod_descr_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* d = callable.as<MethodDescr>();
  if (nargs < 1) return raisef(&TypeErrorType, "descriptor '%s' needs an argument", d->def->name);
  return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static Ref method_descr_repr(Value self) {
  auto* d = self.as<MethodDescr>();
  return str_from_utf8(strfmt("<method '%s' of '%s' objects>", d->def->name, d->owner->name)).into_ref();
}
static Ref method_descr_name(Value self) { return str_from_utf8(self.as<MethodDescr>()->def->name).into_ref(); }
static Ref method_descr_qualname(Value self) {
  auto* d = self.as<MethodDescr>();
  return str_from_utf8(strfmt("%s.%s", type_qualname_utf8(d->owner).c_str(), d->def->name)).into_ref();
}
static Ref method_descr_doc(Value self) {
  const char* d = self.as<MethodDescr>()->def->doc;
  return d ? str_from_utf8(d).into_ref() : Ref::none();
}
static const GetSetDef method_descr_getsets[] = {{"__name__", method_descr_name, nullptr, nullptr},
                                                 {"__qualname__", method_descr_qualname, nullptr, nullptr},
                                                 {"__doc__", method_descr_doc, nullptr, nullptr},
                                                 {nullptr}};

// ---- getset_descriptor -------------------------------------------------------------------

static Ref getset_get(Value descr, Value obj, Value owner) {
  if (obj.is_null()) return Ref::borrow(descr);
  auto* d = descr.as<GetSetDescr>();
  if (!is_instance_of_type(obj, d->owner)) {
    return raisef(&TypeErrorType, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                  d->def->name, d->owner->name, type_name(obj));
  }
  return d->def->get(obj);
}

static int getset_set(Value descr, Value obj, Value v) {
  auto* d = descr.as<GetSetDescr>();
  if (!d->def->set) {
    if (v.is_null())
      raisef(&AttributeErrorType, "attribute '%s' of '%s' objects is not writable", d->def->name,
             d->owner->name);
    else
      raisef(&AttributeErrorType, "attribute '%s' of '%s' objects is not writable", d->def->name,
             d->owner->name);
    return -1;
  }
  return d->def->set(obj, v);
}

static Ref getset_repr(Value self) {
  auto* d = self.as<GetSetDescr>();
  return str_from_utf8(strfmt("<attribute '%s' of '%s' objects>", d->def->name, d->owner->name)).into_ref();
}

static Ref getset_name(Value self) { return str_from_utf8(self.as<GetSetDescr>()->def->name).into_ref(); }
static Ref getset_qualname(Value self) {
  auto* d = self.as<GetSetDescr>();
  return str_from_utf8(strfmt("%s.%s", type_qualname_utf8(d->owner).c_str(), d->def->name)).into_ref();
}
static Ref getset_objclass(Value self) { return Ref::borrow(Value::from_obj(self.as<GetSetDescr>()->owner)); }
static Ref getset_doc(Value self) {
  const char* d = self.as<GetSetDescr>()->def->doc;
  return d ? str_from_utf8(d).into_ref() : Ref::none();
}
static const GetSetDef getset_descr_getsets[] = {{"__name__", getset_name, nullptr, nullptr},
                                                 {"__qualname__", getset_qualname, nullptr, nullptr},
                                                 {"__objclass__", getset_objclass, nullptr, nullptr},
                                                 {"__doc__", getset_doc, nullptr, nullptr},
                                                 {nullptr}};

// ---- member_descriptor: one __slots__ name, a Value at a fixed offset in the instance ----

struct MemberDescr : Object {
  Type* owner;  // owned
  Str* name;    // owned
  size_t offset;
};
Type MemberDescrType;

Ref member_descr_new(Type* owner, Str* name, size_t offset) {
  auto* d = alloc<MemberDescr>(&MemberDescrType);
  incref(owner);
  d->owner = owner;
  incref(name);
  d->name = name;
  d->offset = offset;
  return Ref::steal(Value::from_obj(d));
}

static Value* member_field(MemberDescr* d, Value obj) {
  return reinterpret_cast<Value*>(reinterpret_cast<char*>(obj.obj()) + d->offset);
}
static bool member_check(MemberDescr* d, Value obj) {
  if (is_instance_of_type(obj, d->owner)) return true;
  raisef(&TypeErrorType, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
         str_to_utf8(d->name).c_str(), d->owner->name, type_name(obj));
  return false;
}
static Ref member_get(Value descr, Value obj, Value) {
  auto* d = descr.as<MemberDescr>();
  if (obj.is_null()) return Ref::borrow(descr);
  if (!member_check(d, obj)) return nullptr;
  Value v = *member_field(d, obj);
  if (v.is_null())
    return raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", type_name(obj),
                  str_to_utf8(d->name).c_str());
  return Ref::borrow(v);
}
static int member_set(Value descr, Value obj, Value v) {
  auto* d = descr.as<MemberDescr>();
  if (!member_check(d, obj)) return -1;
  Value* field = member_field(d, obj);
  if (v.is_null() && field->is_null()) {
    restore_error(call1(Value::from_obj(&AttributeErrorType), Value::from_obj(d->name)));
    return -1;
  }
  if (!v.is_null()) incref(v);
  Value old = *field;
  *field = v;
  if (!old.is_null()) decref(old);
  return 0;
}
static Ref member_repr(Value self) {
  auto* d = self.as<MemberDescr>();
  return str_from_utf8(strfmt("<member '%s' of '%s' objects>", str_to_utf8(d->name).c_str(), d->owner->name))
      .into_ref();
}
static void member_traverse(Object* o, VisitFn visit, void* ctx) {
  if (Type* owner = static_cast<MemberDescr*>(o)->owner) visit(Value::from_obj(owner), ctx);
}
static void member_clear(Object* o) {
  auto* d = static_cast<MemberDescr*>(o);
  Type* owner = d->owner;
  d->owner = nullptr;
  xdecref(owner);
}
static void member_dealloc(Object* o) {
  gc_untrack(o);
  member_clear(o);
  decref(static_cast<MemberDescr*>(o)->name);
  free_object(o);
}
static Ref member_name(Value self) { return Ref::borrow(Value::from_obj(self.as<MemberDescr>()->name)); }
static Ref member_qualname(Value self) {
  auto* d = self.as<MemberDescr>();
  if (!d->owner) return member_name(self);  // (cleared by a collection)
  std::string name = str_to_utf8(d->name);
  return str_from_utf8(strfmt("%s.%s", type_qualname_utf8(d->owner).c_str(), name.c_str())).into_ref();
}
static Ref member_objclass(Value self) { return Ref::borrow(Value::from_obj(self.as<MemberDescr>()->owner)); }
static const GetSetDef member_getsets[] = {{"__name__", member_name, nullptr, nullptr},
                                           {"__qualname__", member_qualname, nullptr, nullptr},
                                           {"__objclass__", member_objclass, nullptr, nullptr},
                                           {nullptr}};

// ---- bound methods ------------------------------------------------------------------------

Ref method_new(Value func, Value self) {
  auto* m = alloc<Method>(&MethodType);
  incref(func);
  incref(self);
  m->func = func;
  m->self = self;
  return Ref::steal(Value::from_obj(m));
}

// types.MethodType(func, self), checked as CPython's method_new.
static Ref method_type_new(Type*, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "method() takes no keyword arguments");
  if (nargs != 2) return raisef(&TypeErrorType, "method expected 2 arguments, got %zu", nargs);
  if (!is_callable(args[0])) return raise(&TypeErrorType, "first argument must be callable");
  if (args[1].is_none()) return raise(&TypeErrorType, "instance must not be None");
  return method_new(args[0], args[1]);
}

// Calls func with `self` prepended to args (no allocation for up to 8 arguments).
static Ref call_prepended(Value func, Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t total = nargs + (kwnames ? kwnames->size : 0);
  Value small[9];
  std::vector<Value> big;
  Value* buf = small;
  if (total + 1 > 9) {
    big.resize(total + 1);
    buf = big.data();
  }
  buf[0] = self;
  if (total) std::memcpy(buf + 1, args, total * sizeof(Value));
  return call(func, buf, nargs + 1, kwnames);
}

static Ref method_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* m = callable.as<Method>();
  Ref func = Ref::borrow(m->func), self = Ref::borrow(m->self);
  return call_prepended(func.get(), self.get(), args, nargs, kwnames);
}

static void method_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* m = static_cast<Method*>(o);
  visit(m->func, ctx);
  visit(m->self, ctx);
}
static void method_clear(Object* o) {
  auto* m = static_cast<Method*>(o);
  set_owned(&m->func, Value());
  set_owned(&m->self, Value());
}
static void method_dealloc(Object* o) {
  gc_untrack(o);
  method_clear(o);
  free_object(o);
}

static Ref method_repr(Value self) {
  auto* m = self.as<Method>();
  Ref name = getattr_opt(m->func, intern("__qualname__"));
  if (!name && error_pending()) return nullptr;
  if (!name) name = getattr_opt(m->func, intern("__name__"));
  std::string n = name && is_str(name.get()) ? str_to_utf8(name.as<Str>()) : "?";
  Ref r = repr(m->self);
  if (!r) return nullptr;
  return str_from_utf8("<bound method " + n + " of " + str_to_utf8(r.as<Str>()) + ">").into_ref();
}

static Ref method_richcompare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(b) != &MethodType)
    return Ref::borrow(not_implemented());
  auto* x = a.as<Method>();
  auto* y = b.as<Method>();
  int eq = equals(x->func, y->func);
  if (eq < 0) return nullptr;
  bool same = eq && x->self == y->self;
  return Ref::boolean(op == CompareOp::Eq ? same : !same);
}

static int64_t method_hash(Value self) {
  auto* m = self.as<Method>();
  int64_t a = hash(m->func);
  if (a == -1) return -1;
  int64_t h = a ^ static_cast<int64_t>(m->self.bits() >> 4);
  return h == -1 ? -2 : h;
}

static Ref method_getattr(Value self, Str* name) {
  Ref r = generic_getattr(self, name);
  if (r || !error_matches(&AttributeErrorType)) return r;
  clear_error();
  return getattr(self.as<Method>()->func, name);
}

static Ref method_func(Value self) { return Ref::borrow(self.as<Method>()->func); }
static Ref method_self(Value self) { return Ref::borrow(self.as<Method>()->self); }
static Ref method_doc(Value self) { return getattr(self.as<Method>()->func, intern("__doc__")); }
static const GetSetDef method_getsets[] = {{"__func__", method_func, nullptr, nullptr},
                                           {"__self__", method_self, nullptr, nullptr},
                                           {"__doc__", method_doc, nullptr, nullptr},
                                           {nullptr}};

// ---- property ----------------------------------------------------------------------------

static void property_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* p = static_cast<Property*>(o);
  visit(p->fget, ctx);
  visit(p->fset, ctx);
  visit(p->fdel, ctx);
  visit(p->doc, ctx);
  visit(p->name, ctx);
}
static void property_clear(Object* o) {
  auto* p = static_cast<Property*>(o);
  set_owned(&p->fget, Value());
  set_owned(&p->fset, Value());
  set_owned(&p->fdel, Value());
  set_owned(&p->doc, Value());
  set_owned(&p->name, Value());
}
static void property_dealloc(Object* o) {
  gc_untrack(o);
  property_clear(o);
  free_object(o);
}

static Value none_to_null(Value v) { return v.is_none() ? Value() : v; }

static int property_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fget = Value::none(), fset = Value::none(), fdel = Value::none(), doc = Value::none();
  if (!bind_args("property", args, nargs, kwnames, {"fget", "fset", "fdel", "doc"}, 0,
                 {&fget, &fset, &fdel, &doc}))
    return -1;
  auto* p = self.as<Property>();
  fget = none_to_null(fget);
  fset = none_to_null(fset);
  fdel = none_to_null(fdel);
  doc = none_to_null(doc);
  incref(fget), incref(fset), incref(fdel);
  set_owned(&p->fget, fget);
  set_owned(&p->fset, fset);
  set_owned(&p->fdel, fdel);
  if (doc.is_null() && !fget.is_null()) {
    Ref d = getattr_opt(fget, intern("__doc__"));
    if (!d && error_pending()) return -1;
    set_owned(&p->doc, d && !d.get().is_none() ? d.release() : Value());
  } else {
    incref(doc);
    set_owned(&p->doc, doc);
  }
  return 0;
}

static Ref property_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  return Ref::steal(Value::from_obj(alloc_object(type, type->basic_size)));
}

static std::string property_name_for_error(Property* p) {
  if (!p->name.is_null() && is_str(p->name)) return "property '" + str_to_utf8(p->name.as<Str>()) + "'";
  return "property";
}

static Ref property_get(Value descr, Value obj, Value owner) {
  if (obj.is_null()) return Ref::borrow(descr);
  auto* p = descr.as<Property>();
  if (p->fget.is_null()) {
    return raisef(&AttributeErrorType, "%s of '%s' object has no getter",
                  property_name_for_error(p).c_str(), type_name(obj));
  }
  Ref f = Ref::borrow(p->fget);
  return call1(f.get(), obj);
}

static int property_set(Value descr, Value obj, Value v) {
  auto* p = descr.as<Property>();
  Value fn = v.is_null() ? p->fdel : p->fset;
  if (fn.is_null()) {
    raisef(&AttributeErrorType, "%s of '%s' object has no %s", property_name_for_error(p).c_str(),
           type_name(obj), v.is_null() ? "deleter" : "setter");
    return -1;
  }
  Ref f = Ref::borrow(fn);
  Ref r = v.is_null() ? call1(f.get(), obj) : call2(f.get(), obj, v);
  return r ? 0 : -1;
}

static Ref property_copy(Value self, Value fget, Value fset, Value fdel) {
  auto* old = self.as<Property>();
  Type* t = type_of(self);
  Ref p = Ref::steal(Value::from_obj(alloc_object(t, t->basic_size)));
  auto* np = p.as<Property>();
  incref(fget), incref(fset), incref(fdel), incref(old->doc), incref(old->name);
  np->fget = fget;
  np->fset = fset;
  np->fdel = fdel;
  np->doc = old->doc;
  np->name = old->name;
  return p;
}
static Ref property_getter(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("getter", nargs, 1, 1)) return nullptr;
  auto* p = self.as<Property>();
  return property_copy(self, none_to_null(args[0]), p->fset, p->fdel);
}
static Ref property_setter(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("setter", nargs, 1, 1)) return nullptr;
  auto* p = self.as<Property>();
  return property_copy(self, p->fget, none_to_null(args[0]), p->fdel);
}
static Ref property_deleter(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("deleter", nargs, 1, 1)) return nullptr;
  auto* p = self.as<Property>();
  return property_copy(self, p->fget, p->fset, none_to_null(args[0]));
}
static Ref property_set_name(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("__set_name__", nargs, 2, 2)) return nullptr;
  incref(args[1]);
  set_owned(&self.as<Property>()->name, args[1]);
  return Ref::none();
}
static Ref property_fget(Value self) { Value v = self.as<Property>()->fget; return Ref::borrow(v.is_null() ? Value::none() : v); }
static Ref property_fset(Value self) { Value v = self.as<Property>()->fset; return Ref::borrow(v.is_null() ? Value::none() : v); }
static Ref property_fdel(Value self) { Value v = self.as<Property>()->fdel; return Ref::borrow(v.is_null() ? Value::none() : v); }
static Ref property_doc(Value self) { Value v = self.as<Property>()->doc; return Ref::borrow(v.is_null() ? Value::none() : v); }
// CPython keeps the doc per instance and lets it be replaced (namedtuple's fields get theirs so).
static int property_set_doc(Value self, Value v) {
  if (!v.is_null()) incref(v);
  set_owned(&self.as<Property>()->doc, v);
  return 0;
}
static const MethodDef property_methods[] = {
    {"getter", property_getter, 0, nullptr},
    {"setter", property_setter, 0, nullptr},
    {"deleter", property_deleter, 0, nullptr},
    {"__set_name__", property_set_name, 0, nullptr},
    {nullptr}};
static int is_abstract(Value f);
static Ref property_isabstract(Value self) {
  auto* p = self.as<Property>();
  for (Value f : {p->fget, p->fset, p->fdel}) {
    int r = is_abstract(f);
    if (r != 0) return r < 0 ? nullptr : Ref::boolean(true);
  }
  return Ref::boolean(false);
}
static const GetSetDef property_getsets[] = {{"__isabstractmethod__", property_isabstract, nullptr, nullptr},
                                             {"fget", property_fget, nullptr, nullptr},
                                             {"fset", property_fset, nullptr, nullptr},
                                             {"fdel", property_fdel, nullptr, nullptr},
                                             {"__doc__", property_doc, property_set_doc, nullptr},
                                             {nullptr}};

// ---- staticmethod and classmethod ----------------------------------------------------------

template <class T>
static void wrapper_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* w = static_cast<T*>(o);
  visit(w->func, ctx);
  if (w->dict) visit(Value::from_obj(w->dict), ctx);
}
template <class T>
static void wrapper_clear(Object* o) {
  auto* w = static_cast<T*>(o);
  set_owned(&w->func, Value());
  Dict* d = w->dict;
  w->dict = nullptr;
  xdecref(d);
}
template <class T>
static void wrapper_dealloc(Object* o) {
  gc_untrack(o);
  wrapper_clear<T>(o);
  free_object(o);
}
template <class T>
static Ref wrapper_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs(type->name, kwnames) || !check_nargs(type->name, nargs, 1, 1)) return nullptr;
  auto* w = static_cast<T*>(alloc_object(type, type->basic_size));
  incref(args[0]);
  w->func = args[0];
  return Ref::steal(Value::from_obj(w));
}
template <class T>
static int wrapper_init(Value, const Value*, size_t, Tuple*) { return 0; }
template <class T>
static Ref wrapper_func(Value self) { return Ref::borrow(self.as<T>()->func); }

static Ref staticmethod_get(Value descr, Value obj, Value owner) {
  return Ref::borrow(descr.as<StaticMethod>()->func);
}
static Ref staticmethod_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  Ref f = Ref::borrow(callable.as<StaticMethod>()->func);
  return call(f.get(), args, nargs, kwnames);
}
static Ref classmethod_get(Value descr, Value obj, Value owner) {
  Value cls = owner.is_null() ? Value::from_obj(type_of(obj)) : owner;
  return method_new(descr.as<ClassMethod>()->func, cls);
}
// __isabstractmethod__ (abc asks): true when f (or, for a property, any accessor) says so.
static int is_abstract(Value f) {
  if (f.is_null()) return 0;
  Ref r = getattr_opt(f, intern("__isabstractmethod__"));
  if (!r) return error_pending() ? -1 : 0;
  return truthy(r.get());
}
template <class T>
static Ref wrapper_isabstract(Value self) {
  int r = is_abstract(self.as<T>()->func);
  return r < 0 ? nullptr : Ref::boolean(r);
}
static const GetSetDef staticmethod_getsets[] = {{"__func__", wrapper_func<StaticMethod>, nullptr, nullptr},
                                                 {"__isabstractmethod__", wrapper_isabstract<StaticMethod>, nullptr, nullptr},
                                                 {nullptr}};
static const GetSetDef classmethod_getsets[] = {{"__func__", wrapper_func<ClassMethod>, nullptr, nullptr},
                                                {"__isabstractmethod__", wrapper_isabstract<ClassMethod>, nullptr, nullptr},
                                                {nullptr}};

// ---- super -------------------------------------------------------------------------------

static Ref super_thisclass(Value self) {
  Type* t = self.as<Super>()->type;
  return t ? Ref::borrow(Value::from_obj(t)) : Ref::none();
}
static Ref super_self(Value self) {
  Value obj = self.as<Super>()->obj;
  return Ref::borrow(obj.is_null() ? Value::none() : obj);
}
static Ref super_self_class(Value self) {
  Type* t = self.as<Super>()->obj_type;
  return t ? Ref::borrow(Value::from_obj(t)) : Ref::none();
}
static const GetSetDef super_getsets[] = {
    {"__thisclass__", super_thisclass, nullptr, "the class invoking super()"},
    {"__self__", super_self, nullptr, "the instance invoking super(); may be None"},
    {"__self_class__", super_self_class, nullptr, "the type of the instance invoking super(); may be None"},
    {nullptr}};

static void super_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* s = static_cast<Super*>(o);
  if (s->type) visit(Value::from_obj(s->type), ctx);
  visit(s->obj, ctx);
  if (s->obj_type) visit(Value::from_obj(s->obj_type), ctx);
}
static void super_clear(Object* o) {
  auto* s = static_cast<Super*>(o);
  Type* t = s->type;
  s->type = nullptr;
  xdecref(t);
  set_owned(&s->obj, Value());
  Type* ot = s->obj_type;
  s->obj_type = nullptr;
  xdecref(ot);
}
static void super_dealloc(Object* o) {
  gc_untrack(o);
  super_clear(o);
  free_object(o);
}

static Ref super_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  return Ref::steal(Value::from_obj(alloc_object(type, type->basic_size)));
}

static int super_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("super", kwnames) || !check_nargs("super", nargs, 0, 2)) return -1;
  Type* type = nullptr;
  Value obj;
  if (nargs == 0) {
    if (!super_zero_arg_hook || !super_zero_arg_hook(&type, &obj)) {
      if (!error_pending()) raise(&RuntimeErrorType, "super(): no arguments");
      return -1;
    }
  } else {
    if (!type_has(type_of(args[0]), kTypeTypeSubclass)) {
      raisef(&TypeErrorType, "super() argument 1 must be a type, not %s", type_name(args[0]));
      return -1;
    }
    type = args[0].as<Type>();
    obj = nargs == 2 ? args[1] : Value();
  }
  Type* obj_type = nullptr;
  if (!obj.is_null() && !obj.is_none()) {
    if (type_has(type_of(obj), kTypeTypeSubclass) && is_subtype(obj.as<Type>(), type)) {
      obj_type = obj.as<Type>();
    } else if (is_subtype(type_of(obj), type)) {
      obj_type = type_of(obj);
    } else {
      raise(&TypeErrorType, "super(type, obj): obj must be an instance or subtype of type");
      return -1;
    }
  }
  auto* s = self.as<Super>();
  incref(type);
  s->type = type;
  incref(obj);
  s->obj = obj.is_none() ? Value() : obj;
  if (obj_type) incref(obj_type);
  s->obj_type = obj_type;
  return 0;
}

static Ref super_getattr(Value self, Str* name) {
  auto* s = self.as<Super>();
  if (s->obj_type && !(str_equal(name, intern("__class__")))) {
    Tuple* mro = s->obj_type->mro;
    int64_t i = 0;
    for (; i < mro->size; ++i)
      if (mro->items[i].as<Type>() == s->type) break;
    for (++i; i < mro->size; ++i) {
      Type* t = mro->items[i].as<Type>();
      Value v = dict_get_str(type_dict(t), name);
      if (v.is_null()) continue;
      Ref hold = Ref::borrow(v);
      DescrGetFn get = type_of(v)->descr_get;
      if (!get) return hold;
      Value obj = s->obj == Value::from_obj(s->obj_type) ? Value() : s->obj;
      return get(v, obj, Value::from_obj(s->obj_type));
    }
  }
  return generic_getattr(self, name);
}

static Ref super_repr(Value self) {
  auto* s = self.as<Super>();
  if (s->obj_type)
    return str_from_utf8(strfmt("<super: <class '%s'>, <%s object>>", s->type ? s->type->name : "NULL",
                                s->obj_type->name))
        .into_ref();
  return str_from_utf8(strfmt("<super: <class '%s'>, NULL>", s->type ? s->type->name : "NULL")).into_ref();
}

// ---- registration ----------------------------------------------------------------------

void init_descr_types() {
  static_type_init(BuiltinFunctionType, "builtin_function_or_method", sizeof(BuiltinFunction),
                   &ObjectType, kTypeGc);
  BuiltinFunctionType.call = builtin_call;
  BuiltinFunctionType.dealloc = builtin_dealloc;
  BuiltinFunctionType.traverse = builtin_traverse;
  BuiltinFunctionType.clear = builtin_clear;
  BuiltinFunctionType.repr = builtin_repr;
  BuiltinFunctionType.getsets = builtin_getsets;
  BuiltinFunctionType.methods = builtin_methods;

  static_type_init(MethodDescrType, "method_descriptor", sizeof(MethodDescr), &ObjectType,
                   kTypeMethodDescriptor);
  MethodDescrType.call = method_descr_call;
  MethodDescrType.descr_get = method_descr_get;
  MethodDescrType.repr = method_descr_repr;
  MethodDescrType.getsets = method_descr_getsets;

  static_type_init(ClassMethodDescrType, "classmethod_descriptor", sizeof(MethodDescr), &ObjectType, 0);
  ClassMethodDescrType.call = classmethod_descr_call;
  ClassMethodDescrType.descr_get = classmethod_descr_get;
  ClassMethodDescrType.repr = method_descr_repr;
  ClassMethodDescrType.getsets = method_descr_getsets;

  static_type_init(GetSetDescrType, "getset_descriptor", sizeof(GetSetDescr), &ObjectType, 0);
  GetSetDescrType.descr_get = getset_get;
  GetSetDescrType.descr_set = getset_set;
  GetSetDescrType.repr = getset_repr;
  GetSetDescrType.getsets = getset_descr_getsets;

  static_type_init(MemberDescrType, "member_descriptor", sizeof(MemberDescr), &ObjectType, kTypeGc);
  MemberDescrType.descr_get = member_get;
  MemberDescrType.descr_set = member_set;
  MemberDescrType.repr = member_repr;
  MemberDescrType.traverse = member_traverse;
  MemberDescrType.clear = member_clear;
  MemberDescrType.dealloc = member_dealloc;
  MemberDescrType.getsets = member_getsets;

  static_type_init(MethodType, "method", sizeof(Method), &ObjectType, kTypeGc);
  MethodType.call = method_call;
  MethodType.new_ = method_type_new;
  MethodType.dealloc = method_dealloc;
  MethodType.traverse = method_traverse;
  MethodType.clear = method_clear;
  MethodType.repr = method_repr;
  MethodType.richcompare = method_richcompare;
  MethodType.hash = method_hash;
  MethodType.getattr = method_getattr;
  MethodType.getsets = method_getsets;

  static_type_init(PropertyType, "property", sizeof(Property), &ObjectType, kTypeBaseType | kTypeGc);
  PropertyType.new_ = property_new;
  PropertyType.init = property_init;
  PropertyType.dealloc = property_dealloc;
  PropertyType.traverse = property_traverse;
  PropertyType.clear = property_clear;
  PropertyType.descr_get = property_get;
  PropertyType.descr_set = property_set;
  PropertyType.methods = property_methods;
  PropertyType.getsets = property_getsets;

  static_type_init(StaticMethodType, "staticmethod", sizeof(StaticMethod), &ObjectType,
                   kTypeBaseType | kTypeGc);
  StaticMethodType.new_ = wrapper_new<StaticMethod>;
  StaticMethodType.init = wrapper_init<StaticMethod>;
  StaticMethodType.dealloc = wrapper_dealloc<StaticMethod>;
  StaticMethodType.traverse = wrapper_traverse<StaticMethod>;
  StaticMethodType.clear = wrapper_clear<StaticMethod>;
  StaticMethodType.descr_get = staticmethod_get;
  StaticMethodType.call = staticmethod_call;
  StaticMethodType.dict_offset = offsetof(StaticMethod, dict);
  StaticMethodType.getsets = staticmethod_getsets;

  static_type_init(ClassMethodType, "classmethod", sizeof(ClassMethod), &ObjectType,
                   kTypeBaseType | kTypeGc);
  ClassMethodType.new_ = wrapper_new<ClassMethod>;
  ClassMethodType.init = wrapper_init<ClassMethod>;
  ClassMethodType.dealloc = wrapper_dealloc<ClassMethod>;
  ClassMethodType.traverse = wrapper_traverse<ClassMethod>;
  ClassMethodType.clear = wrapper_clear<ClassMethod>;
  ClassMethodType.descr_get = classmethod_get;
  ClassMethodType.dict_offset = offsetof(ClassMethod, dict);
  ClassMethodType.getsets = classmethod_getsets;

  static_type_init(SuperType, "super", sizeof(Super), &ObjectType, kTypeBaseType | kTypeGc);
  SuperType.new_ = super_new;
  SuperType.init = super_init;
  SuperType.dealloc = super_dealloc;
  SuperType.traverse = super_traverse;
  SuperType.clear = super_clear;
  SuperType.getattr = super_getattr;
  SuperType.repr = super_repr;
  SuperType.getsets = super_getsets;

  for (Type* t : {&BuiltinFunctionType, &MethodDescrType, &ClassMethodDescrType, &GetSetDescrType, &MemberDescrType,
                  &MethodType, &PropertyType, &StaticMethodType, &ClassMethodType, &SuperType})
    ready_type(t);
}

}  // namespace gilpy::rt
