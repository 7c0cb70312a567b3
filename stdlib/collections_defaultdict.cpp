// stdlib/collections_defaultdict.cpp: _collections.defaultdict, the dict subclass whose
// missing keys are filled by a factory (CPython's Modules/_collectionsmodule.c
// defdict_*), under CPython's collections/__init__.py. Half of the _collections module
// (collections_module.cpp holds deque and the module itself).
//
// A defaultdict is a Dict with one more field; everything a dict does comes from
// DictType's slots, which this type calls for the Dict part.
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

Type DefaultDictType;

namespace {

struct DefaultDict : Dict {
  Value default_factory;  // owned; null (None) when absent
};

DefaultDict* as_defaultdict(Value v) { return static_cast<DefaultDict*>(v.obj()); }
Value factory_of(Value self) {
  Value f = as_defaultdict(self)->default_factory;
  return f ? f : Value::none();
}
bool is_defaultdict(Value v) { return v.is_obj() && is_subtype(v.obj()->type, &DefaultDictType); }

void defaultdict_dealloc(Object* o) {
  Value f = static_cast<DefaultDict*>(o)->default_factory;
  static_cast<DefaultDict*>(o)->default_factory = Value();
  if (f) decref(f);
  DictType.dealloc(o);
}

void defaultdict_traverse(Object* o, VisitFn visit, void* ctx) {
  Value f = static_cast<DefaultDict*>(o)->default_factory;
  if (f) visit(f, ctx);
  DictType.traverse(o, visit, ctx);
}

void defaultdict_clear(Object* o) {
  Value f = static_cast<DefaultDict*>(o)->default_factory;
  static_cast<DefaultDict*>(o)->default_factory = Value();
  if (f) decref(f);
  DictType.clear(o);
}

// defaultdict(default_factory=None, /, *args, **kwargs): the rest goes to dict().
int defaultdict_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value factory = nargs > 0 ? args[0] : Value::none();
  if (!factory.is_none() && !is_callable(factory)) {
    raise(&TypeErrorType, "first argument must be callable or None");
    return -1;
  }
  DefaultDict* d = as_defaultdict(self);
  Value old = d->default_factory;
  incref(factory);
  d->default_factory = factory;
  if (old) decref(old);
  return DictType.init(self, nargs > 0 ? args + 1 : args, nargs > 0 ? nargs - 1 : 0, kwnames);
}

// type(dd)(dd.default_factory, source)
Ref make_like(Value dd, Value source) {
  Value args[2] = {factory_of(dd), source};
  return call(Value::from_obj(type_of(dd)), args, 2);
}

Ref defaultdict_repr(Value self) {
  Ref base = DictType.repr(self);
  if (!base) return nullptr;
  std::string factory = "None";
  Value f = factory_of(self);
  if (!f.is_none()) {
    if (repr_enter(self)) {
      factory = "...";
    } else {
      Ref r = repr(f);
      repr_leave(self);
      if (!r) return nullptr;
      factory = utf8_of(r.get());
    }
  }
  std::string out = type_of(self)->name_obj ? utf8_of(Value::from_obj(type_of(self)->name_obj)) : "defaultdict";
  out += "(" + factory + ", " + utf8_of(base.get()) + ")";
  return cont::make_str(out);
}

Ref m_missing(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("defaultdict.__missing__", nargs, kwnames)) return nullptr;
  Value f = factory_of(self);
  if (f.is_none()) return raise_key_error(args[0]);
  Ref value = call0(f);
  if (!value) return nullptr;
  if (!dict_set(as_defaultdict(self), args[0], value.get())) return nullptr;
  return value;
}

Ref m_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("defaultdict.copy", nargs, kwnames)) return nullptr;
  return make_like(self, self);
}

// (type(dd), (default_factory,) or (), None, None, iter(dd.items())), as CPython's.
Ref m_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("defaultdict.__reduce__", nargs, kwnames)) return nullptr;
  Value f = factory_of(self);
  Own<Tuple> ctor_args = tuple_new(f.is_none() ? 0 : 1);
  if (!f.is_none()) {
    incref(f);
    ctor_args->items[0] = f;
  }
  Ref items = call_method0(self, "items");
  if (!items) return nullptr;
  Ref it = get_iter(items.get());
  if (!it) return nullptr;
  Value parts[5] = {Value::from_obj(type_of(self)), Value::from_obj(ctor_args.get()), Value::none(),
                    Value::none(), it.get()};
  return tuple_from_array(parts, 5).into_ref();
}

// dd | other and other | dd, for dicts: a new defaultdict with the factory of dd.
Ref defaultdict_or(Value a, Value b) {
  bool left = is_defaultdict(a);
  Value dd = left ? a : b, other = left ? b : a;
  if (!is_dict(other)) return Ref::borrow(not_implemented());
  Ref result = make_like(dd, left ? dd : other);
  if (!result || !dict_update(static_cast<Dict*>(result.get().obj()), left ? other : dd)) return nullptr;
  return result;
}

Ref get_default_factory(Value self) { return Ref::borrow(factory_of(self)); }

int set_default_factory(Value self, Value v) {
  DefaultDict* d = as_defaultdict(self);
  Value old = d->default_factory;
  if (v) incref(v);
  d->default_factory = v;
  if (old) decref(old);
  return 0;
}

const MethodDef defaultdict_methods[] = {
    {"__missing__", m_missing, 0,
     "__missing__(key) # Called by __getitem__ for missing key; pseudo-code:\n"
     "  if self.default_factory is None: raise KeyError((key,))\n"
     "  self[key] = value = self.default_factory()\n"
     "  return value"},
    {"copy", m_copy, 0, "D.copy() -> a shallow copy of D."},
    {"__copy__", m_copy, 0, "D.copy() -> a shallow copy of D."},
    {"__reduce__", m_reduce, 0, "Return state information for pickling."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef defaultdict_getsets[] = {
    {"default_factory", get_default_factory, set_default_factory,
     "Factory for default value called by __missing__()."},
    {nullptr, nullptr, nullptr, nullptr}};

NumberSlots defaultdict_number;

}  // namespace

Type* defaultdict_type() {
  if (DefaultDictType.flags & kTypeReady) return &DefaultDictType;
  static_type_init(DefaultDictType, "collections.defaultdict", sizeof(DefaultDict), &DictType,
                   kTypeBaseType | kTypeGc | kTypeDictSubclass);
  DefaultDictType.dealloc = defaultdict_dealloc;
  DefaultDictType.traverse = defaultdict_traverse;
  DefaultDictType.clear = defaultdict_clear;
  DefaultDictType.init = defaultdict_init;
  DefaultDictType.repr = defaultdict_repr;
  defaultdict_number.binary[int(BinOp::Or)] = defaultdict_or;
  DefaultDictType.number = &defaultdict_number;
  DefaultDictType.methods = defaultdict_methods;
  DefaultDictType.getsets = defaultdict_getsets;
  DefaultDictType.doc =
      "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\n"
      "The default factory is called without arguments to produce\n"
      "a new value when a key is not present, in __getitem__ only.\n"
      "A defaultdict compares equal to a dict with the same items.\n"
      "All remaining arguments are treated the same as if they were\n"
      "passed to the dict constructor, including keyword arguments.\n";
  ready_type(&DefaultDictType);
  return &DefaultDictType;
}

}  // namespace gilpy::stdlib
