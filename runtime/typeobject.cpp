// runtime/typeobject.cpp: `type` and `object`, readying built-in types, attribute lookup
// along the MRO (with a cache), the default attribute protocol, and classes: type_new
// builds a heap type from a class statement and points its slots at the dunder
// dispatchers below, so a Python `__add__` or `__len__` is reached through the same slot
// the VM uses for built-in types.
//
// Slot wrappers go the other way: ready_type puts a `wrapper_descriptor` for each slot a
// built-in type defines into its dict (`int.__add__`, `object.__init__`), so Python code
// can call them (super().__init__(...)) and subclasses can look them up.
#include "runtime/typeobject.h"

#include <cstddef>
#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/bytes.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/weakref.h"
#include "runtime/mappingproxy.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

Type TypeType;
Type ObjectType;
Type WrapperDescrType;

// ---- the slot table ------------------------------------------------------------------------
// One row per dunder that maps to a slot. `kind` says how to call the slot (wrapper) and
// how to dispatch to the dunder (heap types).
enum class SlotKind : uint8_t {
  Repr, Str, Hash, Cmp, GetAttribute, SetAttr, DelAttr, Call, Iter, Next, Len, GetItem,
  SetItem, DelItem, Contains, Get, Set, Delete, Init, New, Del, Bool, Neg, Pos, Invert, Abs,
  Int, Float, Index, Binary, RBinary, InplaceBinary
};

struct SlotRow {
  const char* name;
  SlotKind kind;
  int sub;  // CompareOp or BinOp
};

static const char* const kBinaryNames[kBinOpCount][3] = {
    {"__add__", "__radd__", "__iadd__"},          {"__sub__", "__rsub__", "__isub__"},
    {"__mul__", "__rmul__", "__imul__"},          {"__truediv__", "__rtruediv__", "__itruediv__"},
    {"__floordiv__", "__rfloordiv__", "__ifloordiv__"}, {"__mod__", "__rmod__", "__imod__"},
    {"__pow__", "__rpow__", "__ipow__"},          {"__lshift__", "__rlshift__", "__ilshift__"},
    {"__rshift__", "__rrshift__", "__irshift__"}, {"__and__", "__rand__", "__iand__"},
    {"__or__", "__ror__", "__ior__"},             {"__xor__", "__rxor__", "__ixor__"},
    {"__matmul__", "__rmatmul__", "__imatmul__"},
};

static std::vector<SlotRow> build_slot_rows() {
  std::vector<SlotRow> rows = {
      {"__repr__", SlotKind::Repr, 0},
      {"__str__", SlotKind::Str, 0},
      {"__hash__", SlotKind::Hash, 0},
      {"__lt__", SlotKind::Cmp, int(CompareOp::Lt)},
      {"__le__", SlotKind::Cmp, int(CompareOp::Le)},
      {"__eq__", SlotKind::Cmp, int(CompareOp::Eq)},
      {"__ne__", SlotKind::Cmp, int(CompareOp::Ne)},
      {"__gt__", SlotKind::Cmp, int(CompareOp::Gt)},
      {"__ge__", SlotKind::Cmp, int(CompareOp::Ge)},
      {"__getattribute__", SlotKind::GetAttribute, 0},
      {"__setattr__", SlotKind::SetAttr, 0},
      {"__delattr__", SlotKind::DelAttr, 0},
      {"__call__", SlotKind::Call, 0},
      {"__iter__", SlotKind::Iter, 0},
      {"__next__", SlotKind::Next, 0},
      {"__len__", SlotKind::Len, 0},
      {"__getitem__", SlotKind::GetItem, 0},
      {"__setitem__", SlotKind::SetItem, 0},
      {"__delitem__", SlotKind::DelItem, 0},
      {"__contains__", SlotKind::Contains, 0},
      {"__get__", SlotKind::Get, 0},
      {"__set__", SlotKind::Set, 0},
      {"__delete__", SlotKind::Delete, 0},
      {"__init__", SlotKind::Init, 0},
      {"__new__", SlotKind::New, 0},
      {"__del__", SlotKind::Del, 0},
      {"__bool__", SlotKind::Bool, 0},
      {"__neg__", SlotKind::Neg, 0},
      {"__pos__", SlotKind::Pos, 0},
      {"__invert__", SlotKind::Invert, 0},
      {"__abs__", SlotKind::Abs, 0},
      {"__int__", SlotKind::Int, 0},
      {"__float__", SlotKind::Float, 0},
      {"__index__", SlotKind::Index, 0},
  };
  for (int op = 0; op < kBinOpCount; ++op) {
    rows.push_back({kBinaryNames[op][0], SlotKind::Binary, op});
    rows.push_back({kBinaryNames[op][1], SlotKind::RBinary, op});
    rows.push_back({kBinaryNames[op][2], SlotKind::InplaceBinary, op});
  }
  return rows;
}

static const std::vector<SlotRow>& slot_rows() {
  static const std::vector<SlotRow> rows = build_slot_rows();
  return rows;
}

// The interned name of a row, made once (every built-in type's dict is filled with them).
static Str* row_name(const SlotRow& row) {
  static std::vector<Str*> names(slot_rows().size());
  Str*& name = names[static_cast<size_t>(&row - slot_rows().data())];
  if (!name) name = intern(row.name);
  return name;
}

// ---- attribute cache ---------------------------------------------------------------------
// A direct-mapped cache of (type, name) -> MRO lookup result. Any change to any class dict
// or MRO bumps the global epoch, which invalidates every entry at once: simple, and class
// mutation after definition is rare in the programs we run.
namespace {
struct CacheEntry {
  Type* type;
  Str* name;
  uint64_t epoch;
  Value value;  // borrowed: valid while the epoch holds (the type dict keeps it alive)
};
constexpr size_t kCacheSize = 4096;
// constinit: zero-filled at load time (.bss), not by a start-up loop over its 128 KiB.
constinit CacheEntry attr_cache[kCacheSize] = {};
}  // namespace

uint64_t type_cache_epoch = 1;

void type_modified(Type*) { ++type_cache_epoch; }

static Value lookup_uncached(Type* type, Str* name) {
  Tuple* mro = type->mro;
  if (!mro) {
    Dict* d = type_dict(type);
    return d ? dict_get_str(d, name) : Value();
  }
  for (int64_t i = 0; i < mro->size; ++i) {
    Dict* d = type_dict(mro->items[i].as<Type>());
    if (!d) continue;
    Value v = dict_get_str(d, name);
    if (!v.is_null()) return v;
  }
  return Value();
}

Value type_lookup(Type* type, Str* name) {
  if (!name->interned) return lookup_uncached(type, name);
  size_t h = ((reinterpret_cast<uintptr_t>(type) >> 4) ^ (reinterpret_cast<uintptr_t>(name) >> 3)) &
             (kCacheSize - 1);
  CacheEntry& e = attr_cache[h];
  if (e.type == type && e.name == name && e.epoch == type_cache_epoch) return e.value;
  Value v = lookup_uncached(type, name);
  e = {type, name, type_cache_epoch, v};
  return v;
}

// ---- basics --------------------------------------------------------------------------------

bool is_subtype(Type* a, Type* b) {
  if (a == b) return true;
  Tuple* mro = a->mro;
  if (mro) {
    for (int64_t i = 0; i < mro->size; ++i)
      if (mro->items[i].as<Type>() == b) return true;
    return false;
  }
  for (Type* t = a; t; t = t->base)
    if (t == b) return true;
  return b == &ObjectType;
}

bool is_instance_of_type(Value v, Type* t) { return is_subtype(type_of(v), t); }

// --- isinstance / issubclass (CPython's PyObject_IsInstance / PyObject_IsSubclass) ---------

namespace {

bool is_type_object(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeTypeSubclass); }

// A special method, looked up on the type of `obj` (not on obj), as the interpreter does.
Ref lookup_on_type(Value obj, const char* name) {
  Value m = type_lookup(type_of(obj), intern(name));
  return m ? Ref::borrow(m) : Ref();
}

// isinstance(x, cls) (`instance`) or issubclass(x, cls): 1 / 0 / -1 error. One protocol
// for both, as CPython's object_recursive_isinstance / _issubclass: the metaclass hook,
// tuples (with `depth` guarding their nesting), unions, then the hook of any object.
int class_check_at_depth(Value x, Value cls, int depth, bool instance) {
  const char* hook = instance ? "__instancecheck__" : "__subclasscheck__";
  auto call_hook = [&](const Ref& check) {
    Ref r = call2(check.get(), cls, x);
    return r ? truthy(r.get()) : -1;
  };
  auto raise_not_a_class = [] {
    raise(&TypeErrorType, "issubclass() arg 1 must be a class");
    return -1;
  };
  if (is_type_object(cls)) {
    if (type_of(cls) != &TypeType) {
      Ref check = lookup_on_type(cls, hook);
      if (check && check.get() != type_lookup(&TypeType, intern(hook))) return call_hook(check);
    }
    if (instance) return is_instance_of_type(x, cls.as<Type>()) ? 1 : 0;
    if (!is_type_object(x)) return raise_not_a_class();
    return is_subtype(x.as<Type>(), cls.as<Type>()) ? 1 : 0;
  }
  if (is_tuple(cls)) {
    if (depth > 1000) {
      raisef(&RecursionErrorType, "maximum recursion depth exceeded in %s", hook);
      return -1;
    }
    Own<Tuple> t = Own<Tuple>::borrow(cls.as<Tuple>());
    for (int64_t i = 0; i < t->size; i++) {
      int r = class_check_at_depth(x, t->items[i], depth + 1, instance);
      if (r != 0) return r;
    }
    return 0;
  }
  Ref args = getattr_opt(cls, intern("__args__"));  // types.UnionType (int | str)
  if (error_pending()) return -1;
  if (args && is_tuple(args.get()) && std::string(type_name(cls)) == "types.UnionType")
    return class_check_at_depth(x, args.get(), depth + 1, instance);
  if (Ref check = lookup_on_type(cls, hook)) return call_hook(check);
  if (instance) {
    raise(&TypeErrorType, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
  }
  if (!is_type_object(x)) return raise_not_a_class();
  raise(&TypeErrorType, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
  return -1;
}

}  // namespace

int object_isinstance(Value obj, Value cls) { return class_check_at_depth(obj, cls, 0, true); }
int object_issubclass(Value sub, Value cls) { return class_check_at_depth(sub, cls, 0, false); }

const char* type_name(Value v) { return type_of(v)->name; }

// The address of obj's instance dict (*slot may be null: no dict yet), or null when its
// type has none. An out-of-line dict (Type::dict_slot) is made only when `create`. A
// class's instance dict is its own __dict__ (object.__getattribute__(int, "real")): filled.
static Dict** instance_dict_slot(Value obj, bool create = true) {
  Type* t = type_of(obj);
  if (!obj.is_obj()) return nullptr;
  if (type_has(t, kTypeTypeSubclass)) type_dict(obj.as<Type>());
  if (t->dict_offset) return reinterpret_cast<Dict**>(reinterpret_cast<char*>(obj.obj()) + t->dict_offset);
  if (t->dict_slot) return t->dict_slot(obj, create);
  return nullptr;
}

void static_type_init(Type& t, const char* name, size_t basic_size, Type* base, uint32_t flags) {
  t.refcnt = kImmortal;
  t.type = &TypeType;
  t.name = name;
  t.basic_size = basic_size;
  t.base = base;
  t.flags = flags;
}

// ---- slot wrappers (wrapper_descriptor) ------------------------------------------------------

struct HeapType : Type {
  NumberSlots number_slots;  // a heap type owns its number slots
  // The Values its own __slots__ add to each instance: bytes [slots_begin, slots_end).
  uint32_t slots_begin, slots_end;
};

struct WrapperDescr : Object {
  Type* owner;
  const SlotRow* row;
};

static Ref wrap_call_slot(Type* owner, const SlotRow* row, Value self, const Value* args,
                          size_t nargs, Tuple* kwnames) {
  auto need = [&](size_t n) {
    if (kwnames && kwnames->size) {
      raisef(&TypeErrorType, "wrapper %s() takes no keyword arguments", row->name);
      return false;
    }
    if (nargs != n) {
      raisef(&TypeErrorType, "expected %zu argument%s, got %zu", n, n == 1 ? "" : "s", nargs);
      return false;
    }
    return true;
  };
  switch (row->kind) {
    case SlotKind::Repr: return need(0) ? owner->repr(self) : nullptr;
    case SlotKind::Str: return need(0) ? owner->str(self) : nullptr;
    case SlotKind::Hash: {
      if (!need(0)) return nullptr;
      int64_t h = owner->hash(self);
      return h == -1 ? nullptr : make_int(h);
    }
    case SlotKind::Cmp:
      return need(1) ? owner->richcompare(self, args[0], CompareOp(row->sub)) : nullptr;
    case SlotKind::GetAttribute:
      if (!need(1)) return nullptr;
      if (!is_str(args[0]))
        return raisef(&TypeErrorType, "attribute name must be string, not '%s'", type_name(args[0]));
      return owner->getattr(self, args[0].as<Str>());
    case SlotKind::SetAttr:
    case SlotKind::DelAttr: {
      if (!need(row->kind == SlotKind::SetAttr ? 2 : 1)) return nullptr;
      if (!is_str(args[0]))
        return raisef(&TypeErrorType, "attribute name must be string, not '%s'", type_name(args[0]));
      Value v = row->kind == SlotKind::SetAttr ? args[1] : Value();
      return owner->setattr(self, args[0].as<Str>(), v) < 0 ? nullptr : Ref::none();
    }
    case SlotKind::Call: return owner->call(self, args, nargs, kwnames);
    case SlotKind::Iter: return need(0) ? owner->iter(self) : nullptr;
    case SlotKind::Next: {
      if (!need(0)) return nullptr;
      Ref r = owner->iternext(self);
      if (!r && !error_pending()) return raise_stop_iteration(Value());
      return r;
    }
    case SlotKind::Len: {
      if (!need(0)) return nullptr;
      int64_t n = owner->len(self);
      return n < 0 ? nullptr : make_int(n);
    }
    case SlotKind::GetItem: return need(1) ? owner->getitem(self, args[0]) : nullptr;
    case SlotKind::SetItem:
      if (!need(2)) return nullptr;
      return owner->setitem(self, args[0], args[1]) < 0 ? nullptr : Ref::none();
    case SlotKind::DelItem:
      if (!need(1)) return nullptr;
      return owner->setitem(self, args[0], Value()) < 0 ? nullptr : Ref::none();
    case SlotKind::Contains: {
      if (!need(1)) return nullptr;
      int r = owner->contains(self, args[0]);
      return r < 0 ? nullptr : Ref::boolean(r);
    }
    case SlotKind::Get: {
      if (nargs < 1 || nargs > 2) return raise(&TypeErrorType, "expected 1 or 2 arguments");
      Value obj = args[0].is_none() ? Value() : args[0];
      Value ty = nargs > 1 && !args[1].is_none() ? args[1] : Value();
      return owner->descr_get(self, obj, ty);
    }
    case SlotKind::Set:
      if (!need(2)) return nullptr;
      return owner->descr_set(self, args[0], args[1]) < 0 ? nullptr : Ref::none();
    case SlotKind::Delete:
      if (!need(1)) return nullptr;
      return owner->descr_set(self, args[0], Value()) < 0 ? nullptr : Ref::none();
    case SlotKind::Init:
      return owner->init(self, args, nargs, kwnames) < 0 ? nullptr : Ref::none();
    case SlotKind::New: return nullptr;  // handled by tp_new_wrapper
    case SlotKind::Del:
      if (!need(0)) return nullptr;
      owner->finalize(self.obj());
      return error_pending() ? nullptr : Ref::none();
    case SlotKind::Bool: {
      if (!need(0)) return nullptr;
      int r = owner->number->to_bool(self);
      return r < 0 ? nullptr : Ref::boolean(r);
    }
    case SlotKind::Neg: return need(0) ? owner->number->negative(self) : nullptr;
    case SlotKind::Pos: return need(0) ? owner->number->positive(self) : nullptr;
    case SlotKind::Invert: return need(0) ? owner->number->invert(self) : nullptr;
    case SlotKind::Abs: return need(0) ? owner->number->absolute(self) : nullptr;
    case SlotKind::Int: return need(0) ? owner->number->to_int(self) : nullptr;
    case SlotKind::Float: return need(0) ? owner->number->to_float(self) : nullptr;
    case SlotKind::Index: return need(0) ? owner->number->index(self) : nullptr;
    case SlotKind::Binary:
      if (row->sub == int(BinOp::Pow) && nargs == 2 && owner->number->power3)
        return owner->number->power3(self, args[0], args[1]);
      return need(1) ? owner->number->binary[row->sub](self, args[0]) : nullptr;
    case SlotKind::RBinary:
      return need(1) ? owner->number->binary[row->sub](args[0], self) : nullptr;
    case SlotKind::InplaceBinary:
      return need(1) ? owner->number->inplace[row->sub](self, args[0]) : nullptr;
  }
  return nullptr;
}

static Ref slot_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames);

static Ref wrapper_descr_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* w = callable.as<WrapperDescr>();
  if (w->row->kind == SlotKind::New) {
    // T.__new__(S, *args): S must be a subtype of T.
    if (nargs < 1) return raisef(&TypeErrorType, "%s.__new__(): not enough arguments", w->owner->name);
    if (!type_has(type_of(args[0]), kTypeTypeSubclass))
      return raisef(&TypeErrorType, "%s.__new__(X): X is not a type object (%s)", w->owner->name,
                    type_name(args[0]));
    Type* sub = args[0].as<Type>();
    if (!is_subtype(sub, w->owner))
      return raisef(&TypeErrorType, "%s.__new__(%s): %s is not a subtype of %s", w->owner->name,
                    sub->name, sub->name, w->owner->name);
    // As CPython's tp_new_wrapper: the nearest base of S that does not take __new__ from a
    // class statement must use T's __new__, else object.__new__(int) would make an int
    // with no value, object.__new__(set) a set with no table.
    Type* static_base = sub;
    while (static_base && static_base->new_ == slot_new) static_base = static_base->base;
    if (static_base && static_base->new_ != w->owner->new_)
      return raisef(&TypeErrorType, "%s.__new__(%s) is not safe, use %s.__new__()", w->owner->name, sub->name,
                    static_base->name);
    return w->owner->new_(sub, args + 1, nargs - 1, kwnames);
  }
  if (nargs < 1) return raisef(&TypeErrorType, "descriptor '%s' of '%s' object needs an argument",
                               w->row->name, w->owner->name);
  if (!is_instance_of_type(args[0], w->owner)) {
    return raisef(&TypeErrorType, "descriptor '%s' requires a '%s' object but received a '%s'",
                  w->row->name, w->owner->name, type_name(args[0]));
  }
  return wrap_call_slot(w->owner, w->row, args[0], args + 1, nargs - 1, kwnames);
}

// __qualname__ of a type as UTF-8: a heap type's own, a built-in's name after its module
// ("functools.partial" -> "partial").
std::string type_qualname_utf8(Type* t) {
  if (t->qualname) return str_to_utf8(t->qualname);
  const char* dot = std::strrchr(t->name, '.');
  return dot ? dot + 1 : t->name;
}

// ---- method-wrapper: a slot wrapper bound to an instance (obj.__eq__), as CPython's ----

struct MethodWrapper : Object {
  Value descr;  // owned: the WrapperDescr
  Value self;   // owned
};
static Type MethodWrapperType;

static Ref method_wrapper_new(Value descr, Value obj) {
  auto* m = static_cast<MethodWrapper*>(alloc_object(&MethodWrapperType, sizeof(MethodWrapper)));
  incref(descr);
  incref(obj);
  m->descr = descr;
  m->self = obj;
  return Ref::steal(Value::from_obj(m));
}
static void method_wrapper_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* m = static_cast<MethodWrapper*>(o);
  if (m->descr) visit(m->descr, ctx);
  if (m->self) visit(m->self, ctx);
}
static void method_wrapper_clear(Object* o) {
  auto* m = static_cast<MethodWrapper*>(o);
  set_owned(&m->descr, Value());
  set_owned(&m->self, Value());
}
static void method_wrapper_dealloc(Object* o) {
  gc_untrack(o);
  method_wrapper_clear(o);
  free_object(o);
}
static Ref method_wrapper_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* m = callable.as<MethodWrapper>();
  auto* w = m->descr.as<WrapperDescr>();
  return wrap_call_slot(w->owner, w->row, m->self, args, nargs, kwnames);
}
static Ref method_wrapper_repr(Value self) {
  auto* m = self.as<MethodWrapper>();
  return str_from_utf8(strfmt("<method-wrapper '%s' of %s object at %p>", m->descr.as<WrapperDescr>()->row->name,
                              type_name(m->self), reinterpret_cast<void*>(m->self.bits())))
      .into_ref();
}
// Equal when they bind the same slot wrapper to the same object.
static Ref method_wrapper_richcompare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(b) != &MethodWrapperType)
    return Ref::borrow(not_implemented());
  auto* x = a.as<MethodWrapper>();
  auto* y = b.as<MethodWrapper>();
  bool same = x->descr == y->descr && x->self == y->self;
  return Ref::boolean(op == CompareOp::Eq ? same : !same);
}
static int64_t object_hash(Value self);

// The identities of both, as CPython hashes a method-wrapper.
static int64_t method_wrapper_hash(Value self) {
  auto* m = self.as<MethodWrapper>();
  int64_t h = object_hash(m->self) ^ object_hash(m->descr);
  return h == -1 ? -2 : h;
}
static Ref method_wrapper_self(Value self) { return Ref::borrow(self.as<MethodWrapper>()->self); }
static Ref method_wrapper_name(Value self) {
  return str_from_utf8(self.as<MethodWrapper>()->descr.as<WrapperDescr>()->row->name).into_ref();
}
static Ref method_wrapper_qualname(Value self) {
  auto* w = self.as<MethodWrapper>()->descr.as<WrapperDescr>();
  return str_from_utf8(strfmt("%s.%s", type_qualname_utf8(w->owner).c_str(), w->row->name)).into_ref();
}
static Ref method_wrapper_objclass(Value self) {
  return Ref::borrow(Value::from_obj(self.as<MethodWrapper>()->descr.as<WrapperDescr>()->owner));
}
// (getattr, (self, name)), as CPython pickles a method-wrapper.
static Ref method_wrapper_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce__", kwnames) || !check_nargs("__reduce__", nargs, 0, 0)) return nullptr;
  Ref builtins = import_module_hook("builtins");
  Ref getattr_fn = builtins ? getattr(builtins.get(), "getattr") : nullptr;
  if (!getattr_fn) return nullptr;
  Ref name = method_wrapper_name(self);
  Own<Tuple> args = tuple_from({self.as<MethodWrapper>()->self, name.get()});
  return tuple_from({getattr_fn.get(), Value::from_obj(args.get())}).into_ref();
}
static const GetSetDef method_wrapper_getsets[] = {{"__self__", method_wrapper_self, nullptr, nullptr},
                                                   {"__name__", method_wrapper_name, nullptr, nullptr},
                                                   {"__qualname__", method_wrapper_qualname, nullptr, nullptr},
                                                   {"__objclass__", method_wrapper_objclass, nullptr, nullptr},
                                                   {nullptr}};
static const MethodDef method_wrapper_methods[] = {{"__reduce__", method_wrapper_reduce, 0, nullptr}, {nullptr}};

static Ref wrapper_descr_get(Value descr, Value obj, Value owner) {
  auto* w = descr.as<WrapperDescr>();
  if (obj.is_null() || w->row->kind == SlotKind::New) return Ref::borrow(descr);
  // The slot is called on `obj` without another check (method_wrapper_call).
  if (!is_instance_of_type(obj, w->owner))
    return raisef(&TypeErrorType, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", w->row->name,
                  w->owner->name, type_name(obj));
  return method_wrapper_new(descr, obj);
}

static Ref wrapper_descr_repr(Value self) {
  auto* w = self.as<WrapperDescr>();
  return str_from_utf8(strfmt("<slot wrapper '%s' of '%s' objects>", w->row->name, w->owner->name))
      .into_ref();
}
static Ref wrapper_descr_name(Value self) { return str_from_utf8(self.as<WrapperDescr>()->row->name).into_ref(); }
static Ref wrapper_descr_qualname(Value self) {
  auto* w = self.as<WrapperDescr>();
  return str_from_utf8(strfmt("%s.%s", type_qualname_utf8(w->owner).c_str(), w->row->name)).into_ref();
}
static Ref wrapper_descr_objclass(Value self) { return Ref::borrow(Value::from_obj(self.as<WrapperDescr>()->owner)); }
// T.__new__ is CPython's builtin method bound to T: its __self__ is T (copyreg asks).
static Ref wrapper_descr_self(Value self) {
  auto* w = self.as<WrapperDescr>();
  if (w->row->kind != SlotKind::New)
    return raisef(&AttributeErrorType, "'wrapper_descriptor' object has no attribute '__self__'");
  return Ref::borrow(Value::from_obj(w->owner));
}
static const GetSetDef wrapper_descr_getsets[] = {{"__name__", wrapper_descr_name, nullptr, nullptr},
                                                  {"__qualname__", wrapper_descr_qualname, nullptr, nullptr},
                                                  {"__objclass__", wrapper_descr_objclass, nullptr, nullptr},
                                                  {"__self__", wrapper_descr_self, nullptr, nullptr},
                                                  {nullptr}};

// Does `t` itself define the slot `row` (as opposed to inheriting it from its base)?
static bool defines_slot(Type* t, const SlotRow& row) {
  Type* b = t->base;
  auto num = [](Type* x) { return x ? x->number : nullptr; };
  switch (row.kind) {
#define OWN(field) return t->field && (!b || t->field != b->field)
    case SlotKind::Repr: OWN(repr);
    case SlotKind::Str: OWN(str);
    case SlotKind::Hash: OWN(hash);
    case SlotKind::Cmp: OWN(richcompare);
    case SlotKind::GetAttribute: OWN(getattr);
    case SlotKind::SetAttr: case SlotKind::DelAttr: OWN(setattr);
    case SlotKind::Call: OWN(call);
    case SlotKind::Iter: OWN(iter);
    case SlotKind::Next: OWN(iternext);
    case SlotKind::Len: OWN(len);
    case SlotKind::GetItem: OWN(getitem);
    case SlotKind::SetItem: case SlotKind::DelItem: OWN(setitem);
    case SlotKind::Contains: OWN(contains);
    case SlotKind::Get: OWN(descr_get);
    case SlotKind::Set: case SlotKind::Delete: OWN(descr_set);
    case SlotKind::Init: OWN(init);
    case SlotKind::New: OWN(new_);
    case SlotKind::Del: OWN(finalize);
#undef OWN
    default: break;
  }
  NumberSlots* n = t->number;
  NumberSlots* bn = num(b);
  if (!n) return false;
  auto own_fn = [&](auto mine, auto theirs) { return mine && (!bn || mine != theirs); };
  switch (row.kind) {
    case SlotKind::Bool: return own_fn(n->to_bool, bn ? bn->to_bool : nullptr);
    case SlotKind::Neg: return own_fn(n->negative, bn ? bn->negative : nullptr);
    case SlotKind::Pos: return own_fn(n->positive, bn ? bn->positive : nullptr);
    case SlotKind::Invert: return own_fn(n->invert, bn ? bn->invert : nullptr);
    case SlotKind::Abs: return own_fn(n->absolute, bn ? bn->absolute : nullptr);
    case SlotKind::Int: return own_fn(n->to_int, bn ? bn->to_int : nullptr);
    case SlotKind::Float: return own_fn(n->to_float, bn ? bn->to_float : nullptr);
    case SlotKind::Index: return own_fn(n->index, bn ? bn->index : nullptr);
    case SlotKind::Binary:
    case SlotKind::RBinary:
      return own_fn(n->binary[row.sub], bn ? bn->binary[row.sub] : nullptr);
    case SlotKind::InplaceBinary:
      return own_fn(n->inplace[row.sub], bn ? bn->inplace[row.sub] : nullptr);
    default: return false;
  }
}

// The entries of a built-in type's dict that ready_type leaves to fill_type_dict: each is
// set only where the dict lacks the name, so that what native set-up code put into the
// unfilled dict (bytearray's __hash__ None) stays, as when it overwrote a filled one.
// Setting a str key fails only for want of memory, which throws (mem_alloc): the
// fillers below have no error to report.
static void set_if_absent(Dict* d, Str* name, Value v) {
  if (dict_get_str(d, name).is_null()) dict_set(d, Value::from_obj(name), v);
}

static void add_slot_wrappers(Type* t, Dict* d) {
  for (const SlotRow& row : slot_rows()) {
    if (row.kind == SlotKind::Hash && t->hash == nullptr) {
      // A comparison without a hash makes instances unhashable (list, dict, set): their
      // __hash__ is None, as CPython's PyObject_HashNotImplemented types show it.
      if (t->richcompare) set_if_absent(d, intern("__hash__"), Value::none());
      continue;
    }
    if (!defines_slot(t, row)) continue;
    Str* name = row_name(row);
    if (!dict_get_str(d, name).is_null()) continue;
    auto* w = alloc<WrapperDescr>(&WrapperDescrType);
    w->owner = t;
    w->row = &row;
    Ref hold = Ref::steal(Value::from_obj(w));
    dict_set(d, Value::from_obj(name), hold.get());
  }
}

// ---- readying types ------------------------------------------------------------------------

static void inherit_slots(Type* t, Type* b) {
#define INHERIT(field) if (!t->field) t->field = b->field
  INHERIT(dealloc);
  INHERIT(repr);
  INHERIT(str);
  INHERIT(getattr);
  INHERIT(setattr);
  INHERIT(call);
  INHERIT(iter);
  INHERIT(iternext);
  INHERIT(len);
  INHERIT(getitem);
  INHERIT(setitem);
  INHERIT(contains);
  INHERIT(descr_get);
  INHERIT(descr_set);
  if (!type_has(t, kTypeDisallowInstantiation)) INHERIT(new_);
  INHERIT(init);
  INHERIT(finalize);
  INHERIT(buffer);
  if (!t->richcompare && !t->hash) {
    t->richcompare = b->richcompare;
    t->hash = b->hash;
  }
  if ((t->flags & kTypeGc) == 0 && (b->flags & kTypeGc)) {
    // A non-GC type cannot have a GC base (layouts): inherit the flag and the traversal.
    t->flags |= kTypeGc;
  }
  if (t->flags & kTypeGc) {
    INHERIT(traverse);
    INHERIT(clear);
  }
  if (!t->dict_offset) t->dict_offset = b->dict_offset;
  INHERIT(dict_slot);
#undef INHERIT
  if (b->number) {
    if (!t->number) {
      t->number = b->number;
    } else if (t->number != b->number) {
      NumberSlots* n = t->number;
      NumberSlots* bn = b->number;
      for (int i = 0; i < kBinOpCount; ++i) {
        if (!n->binary[i]) n->binary[i] = bn->binary[i];
        if (!n->inplace[i]) n->inplace[i] = bn->inplace[i];
      }
      if (!n->power3) n->power3 = bn->power3;
      if (!n->negative) n->negative = bn->negative;
      if (!n->positive) n->positive = bn->positive;
      if (!n->invert) n->invert = bn->invert;
      if (!n->absolute) n->absolute = bn->absolute;
      if (!n->to_int) n->to_int = bn->to_int;
      if (!n->to_float) n->to_float = bn->to_float;
      if (!n->index) n->index = bn->index;
      if (!n->to_bool) n->to_bool = bn->to_bool;
    }
  }
  t->flags |= b->flags & kTypeInheritedFlags;
}

static void add_tables(Type* t, Dict* d) {
  if (t->methods) {
    for (const MethodDef* m = t->methods; m->name; ++m) {
      Ref v;
      if (m->flags & kMethStatic) {
        v = builtin_function_new(m, Value());
      } else {
        Type* dt = (m->flags & kMethClass) ? &ClassMethodDescrType : &MethodDescrType;
        auto* md = alloc<MethodDescr>(dt);
        md->def = m;
        md->owner = t;
        v = Ref::steal(Value::from_obj(md));
      }
      set_if_absent(d, intern(m->name), v.get());
    }
  }
  if (t->getsets) {
    for (const GetSetDef* g = t->getsets; g->name; ++g) {
      auto* gd = alloc<GetSetDescr>(&GetSetDescrType);
      gd->def = g;
      gd->owner = t;
      Ref v = Ref::steal(Value::from_obj(gd));
      set_if_absent(d, intern(g->name), v.get());
    }
  }
}

// During start-up, types are configured before dict, str and tuple can be used: ready_type
// then only queues the type, and end_type_bootstrap readies the queue in order.
static bool bootstrapping = false;
static std::vector<Type*> bootstrap_queue;

void begin_type_bootstrap() { bootstrapping = true; }
void end_type_bootstrap() {
  bootstrapping = false;
  for (Type* t : bootstrap_queue) ready_type(t);
  bootstrap_queue.clear();
}

static bool compute_mro(Type* t, std::vector<Value>* out);

// CPython's convention for a built-in type's doc: "name(signature)\n--\n\n" first, then
// the text. The signature is __text_signature__ (what inspect.signature reads); __doc__ is
// the text after it.
static const char* const kSignatureEnd = "\n--\n\n";

static const char* doc_after_signature(const char* doc) {
  const char* end = std::strstr(doc, kSignatureEnd);
  const char* open = std::strchr(doc, '(');
  return end && open && open < end ? end + std::strlen(kSignatureEnd) : doc;
}

bool ready_type(Type* t) {
  if (t->flags & kTypeReady) return true;
  if (bootstrapping) {
    bootstrap_queue.push_back(t);
    return true;
  }
  if (t != &ObjectType && !t->base) t->base = &ObjectType;
  if (t->base && !(t->base->flags & kTypeReady)) ready_type(t->base);
  if (!t->name_obj) {
    // CPython's tp_name convention: a static type named "module.Name" has __name__ "Name"
    // and __module__ "module" (the repr and default repr show both).
    const char* dot = std::strrchr(t->name, '.');
    if (dot && !(t->flags & kTypeHeap)) {
      t->name_obj = intern(dot + 1);
      if (!t->module_name) {
        t->module_name = intern(std::string_view(t->name, static_cast<size_t>(dot - t->name)));
        incref(t->module_name);
      }
    } else {
      t->name_obj = intern(t->name);
    }
  }
  incref(t->name_obj);
  if (!t->qualname) {
    t->qualname = t->name_obj;
    incref(t->qualname);
  }
  // MRO of a static type: itself and its base chain, or the C3 linearisation when it
  // was given several bases (ExceptionGroup derives from BaseExceptionGroup and Exception).
  if (t->bases && t->bases->size > 1) {
    std::vector<Value> mro;
    for (int64_t i = 0; i < t->bases->size; ++i) ready_type(t->bases->items[i].as<Type>());
    if (!compute_mro(t, &mro)) return false;
    t->mro = tuple_from_array(mro.data(), static_cast<int64_t>(mro.size())).release();
  } else {
    int64_t depth = 0;
    for (Type* x = t; x; x = x->base) ++depth;
    Own<Tuple> mro = tuple_new(depth);
    int64_t i = 0;
    for (Type* x = t; x; x = x->base) {
      incref(x);
      mro->items[i++] = Value::from_obj(x);
    }
    t->mro = mro.release();
  }
  if (!t->bases) {
    t->bases = t->base ? tuple_from({Value::from_obj(t->base)}).release() : tuple_empty();
    if (!t->base) incref(t->bases);
  }
  // CPython's rule for static types: one that derives from object without a __new__ of its
  // own (a generator, a dict view, an iterator, a descriptor) is made only by the code that
  // fills its fields, so Python cannot instantiate it: it neither inherits object.__new__
  // nor gets a __new__ wrapper, and calling it says "cannot create 'generator' instances".
  // A native base for Python classes (kTypeBaseType) keeps object.__new__: its subclasses
  // are made zeroed by it.
  if (t->base == &ObjectType && !t->new_ && !type_has(t, kTypeBaseType)) t->flags |= kTypeDisallowInstantiation;
  if (t->base) inherit_slots(t, t->base);
  if (!t->dict_unfilled) t->dict_unfilled = dict_new().release();
  t->flags |= kTypeDictUnfilled;
  if (!t->version) t->version = 1;
  t->flags |= kTypeReady;
  type_modified(t);
  return true;
}

// The second half of readying a built-in type, on the first read of its dict: its
// methods and getsets, a wrapper for each slot it defines, its __doc__. The slots are
// final by then (set-up code sets them before or just after ready_type). Nothing here
// runs Python code or a collection, so no one sees the dict half filled.
Dict* fill_type_dict(Type* t) {
  t->flags &= ~kTypeDictUnfilled;
  Dict* d = t->dict_unfilled;
  add_tables(t, d);
  add_slot_wrappers(t, d);
  if (t->doc) {
    Own<Str> doc = str_from_utf8(doc_after_signature(t->doc));
    set_if_absent(d, intern("__doc__"), doc.value());
  }
  return d;
}

// ---- object ----------------------------------------------------------------------------------

static bool excess_args(size_t nargs, Tuple* kwnames) {
  return nargs > 0 || (kwnames && kwnames->size > 0);
}

static Ref object_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames);
static int object_init(Value self, const Value* args, size_t nargs, Tuple* kwnames);

// TypeError: Can't instantiate abstract class A with abstract methods f, g (sorted).
static Ref raise_abstract_instantiation(Type* type) {
  Value abstract = dict_get_cstr(type_dict(type), "__abstractmethods__");
  Ref names = abstract ? call1(Value::from_obj(&ListType), abstract) : Ref();
  if (!names) return error_pending() ? nullptr : raise(&TypeErrorType, "abstract class");
  if (!call_method0(names.get(), "sort")) return nullptr;
  List* list = names.get().as<List>();
  std::string joined;
  for (int64_t i = 0; i < list->size; i++) {
    if (i) joined += ", ";
    Ref s = str(list->items[i]);
    if (!s) return nullptr;
    joined += str_to_utf8(s.get().as<Str>());
  }
  return raisef(&TypeErrorType, "Can't instantiate abstract class %s with abstract method%s %s", type->name,
                list->size > 1 ? "s" : "", joined.c_str());
}

static Ref object_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (excess_args(nargs, kwnames)) {
    if (type->new_ != object_new)
      return raise(&TypeErrorType, "object.__new__() takes exactly one argument (the type to instantiate)");
    if (type->init == object_init)
      return raisef(&TypeErrorType, "%s() takes no arguments", type->name);
  }
  if (type->flags & kTypeAbstract) return raise_abstract_instantiation(type);
  return Ref::steal(Value::from_obj(alloc_object(type, type->basic_size)));
}

static int object_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (excess_args(nargs, kwnames)) {
    Type* type = type_of(self);
    if (type->init != object_init) {
      raise(&TypeErrorType, "object.__init__() takes exactly one argument (the instance to initialize)");
      return -1;
    }
    if (type->new_ == object_new) {
      raisef(&TypeErrorType, "%s() takes no arguments", type->name);
      return -1;
    }
  }
  return 0;
}

static Ref object_repr(Value self) {
  Type* t = type_of(self);
  std::string mod;
  if (t->module_name) mod = str_to_utf8(t->module_name);
  std::string qn = t->qualname ? str_to_utf8(t->qualname) : t->name;
  std::string full = (mod.empty() || mod == "builtins") ? qn : mod + "." + qn;
  return str_from_utf8(strfmt("<%s object at %p>", full.c_str(), static_cast<void*>(self.obj()))).into_ref();
}

static Ref object_str(Value self) {
  UnaryFn r = type_of(self)->repr;
  return r ? r(self) : object_repr(self);
}

static int64_t object_hash(Value self) {
  int64_t h = static_cast<int64_t>(self.bits() >> 4 | self.bits() << 60);
  return h == -1 ? -2 : h;
}

static Ref object_richcompare(Value a, Value b, CompareOp op) {
  switch (op) {
    case CompareOp::Eq: return a == b ? Ref::boolean(true) : Ref::borrow(not_implemented());
    case CompareOp::Ne: {
      // By default __ne__ delegates to __eq__ and inverts the result.
      Type* t = type_of(a);
      if (!t->richcompare) return Ref::borrow(not_implemented());
      Ref r = t->richcompare(a, b, CompareOp::Eq);
      if (!r || is_not_implemented(r.get())) return r;
      int tr = truthy(r.get());
      if (tr < 0) return nullptr;
      return Ref::boolean(!tr);
    }
    default: return Ref::borrow(not_implemented());
  }
}

static void instance_dealloc(Object* o);

Ref generic_getattr(Value obj, Str* name) {
  Type* tp = type_of(obj);
  Value descr = type_lookup(tp, name);
  Ref hold;
  DescrGetFn get = nullptr;
  if (!descr.is_null()) {
    hold = Ref::borrow(descr);
    Type* dt = type_of(descr);
    get = dt->descr_get;
    if (get && dt->descr_set) return get(descr, obj, Value::from_obj(tp));
  }
  if (Dict** slot = instance_dict_slot(obj, false); slot && *slot) {
    Value v = dict_get_str(*slot, name);
    if (!v.is_null()) return Ref::borrow(v);
  }
  if (get) return get(descr, obj, Value::from_obj(tp));
  if (hold) return hold;
  return raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", tp->name,
                str_to_utf8(name).c_str());
}

int generic_setattr(Value obj, Str* name, Value v) {
  Type* tp = type_of(obj);
  Value descr = type_lookup(tp, name);
  if (!descr.is_null()) {
    Ref hold = Ref::borrow(descr);
    DescrSetFn set = type_of(descr)->descr_set;
    if (set) return set(descr, obj, v);
  }
  Dict** slot = instance_dict_slot(obj);
  if (!slot) {
    if (descr.is_null())
      raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", tp->name, str_to_utf8(name).c_str());
    else
      raisef(&AttributeErrorType, "'%s' object attribute '%s' is read-only", tp->name,
             str_to_utf8(name).c_str());
    return -1;
  }
  if (v.is_null()) {
    int r = *slot ? dict_del(*slot, Value::from_obj(name)) : 0;
    if (r == 0) {
      raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", tp->name, str_to_utf8(name).c_str());
      return -1;
    }
    return r < 0 ? -1 : 0;
  }
  if (!*slot) *slot = dict_new().release();
  return dict_set(*slot, Value::from_obj(name), v) ? 0 : -1;
}

static Ref object_get_class(Value self) { return Ref::borrow(Value::from_obj(type_of(self))); }
static Type* solid_base(Type* t);
// obj.__class__ = cls, for instances of classes defined in Python whose layouts agree (as
// CPython's compatible_for_assignment: the same native base, size, dict and GC).
static int object_set_class(Value self, Value v) {
  if (v.is_null()) {
    raise(&TypeErrorType, "can't delete __class__ attribute");
    return -1;
  }
  if (!type_has(type_of(v), kTypeTypeSubclass)) {
    raisef(&TypeErrorType, "__class__ must be set to a class, not '%s' object", type_name(v));
    return -1;
  }
  Type* old_type = type_of(self);
  Type* new_type = v.as<Type>();
  if (!self.is_obj() || !(old_type->flags & kTypeHeap) || !(new_type->flags & kTypeHeap)) {
    raise(&TypeErrorType, "__class__ assignment only supported for mutable types or ModuleType subclasses");
    return -1;
  }
  if (solid_base(old_type) != solid_base(new_type) || old_type->basic_size != new_type->basic_size ||
      old_type->item_size != new_type->item_size || old_type->dict_offset != new_type->dict_offset ||
      old_type->dict_slot != new_type->dict_slot || type_has(old_type, kTypeGc) != type_has(new_type, kTypeGc)) {
    raisef(&TypeErrorType, "__class__ assignment: '%s' object layout differs from '%s'", new_type->name,
           old_type->name);
    return -1;
  }
  incref(new_type);
  self.obj()->type = new_type;
  decref(old_type);
  return 0;
}
static Ref object_get_dict(Value self) {
  Dict** slot = instance_dict_slot(self);
  if (!slot) return raisef(&AttributeErrorType, "'%s' object has no attribute '__dict__'", type_name(self));
  if (!*slot) *slot = dict_new().release();
  return Ref::borrow(Value::from_obj(*slot));
}
static int object_set_dict(Value self, Value v) {
  Dict** slot = instance_dict_slot(self);
  if (!slot || v.is_null() || !is_dict(v)) {
    raise(&TypeErrorType, "__dict__ must be set to a dictionary");
    return -1;
  }
  Dict* old = *slot;
  incref(v);
  *slot = v.as<Dict>();
  xdecref(old);
  return 0;
}

static Ref object_format_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__format__", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "__format__() argument must be str, not %s", type_name(args[0]));
  if (args[0].as<Str>()->length > 0)
    return raisef(&TypeErrorType, "unsupported format string passed to %s.__format__", type_name(self));
  return str(self);
}
static Ref object_init_subclass(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size))
    return raisef(&TypeErrorType, "%s.__init_subclass__() takes no keyword arguments",
                  self.as<Type>()->name);
  return Ref::none();
}
static Ref object_dir_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Own<Dict> names = dict_new();
  if (Dict** slot = instance_dict_slot(self, false); slot && *slot) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(*slot, &pos, &k, &v))
      if (!dict_set(names.get(), k, Value::none())) return nullptr;
  }
  Tuple* mro = type_of(self)->mro;
  for (int64_t i = 0; mro && i < mro->size; ++i) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(type_dict(mro->items[i].as<Type>()), &pos, &k, &v))
      if (!dict_set(names.get(), k, Value::none())) return nullptr;
  }
  return sequence_list(names.value());
}
Ref (*import_module_hook)(const char* name) = nullptr;
Dict* (*current_globals_hook)() = nullptr;

static Ref copyreg_attr(const char* name) {
  if (!import_module_hook) return raise(&ImportErrorType, "no module named copyreg");
  Ref copyreg = import_module_hook("copyreg");
  return copyreg ? getattr(copyreg.get(), name) : nullptr;
}

// The state object.__reduce_ex__ saves: a class's own __getstate__, else the instance dict
// when it has items (None otherwise), as CPython 3.11's object_getstate.
static Ref reduce_state(Value self) { return call_method0(self, "__getstate__"); }

// CPython's reduce_newobj (protocol 2 and up): (copyreg.__newobj__, (cls, *args), state,
// list items, dict items), args from __getnewargs__ or the built-in value a subclass of
// int, float, str, bytes or tuple carries.
static Ref reduce_newobj(Value self) {
  Type* t = type_of(self);
  if (!(t->flags & kTypeHeap) && t != &ObjectType) return raisef(&TypeErrorType, "cannot pickle '%s' object", t->name);
  std::vector<Value> args = {Value::from_obj(t)};
  Ref newargs;
  if (!type_lookup(t, intern("__getnewargs__")).is_null()) {
    newargs = call_method0(self, "__getnewargs__");
    if (!newargs) return nullptr;
    if (!is_tuple(newargs.get()))
      return raisef(&TypeErrorType, "__getnewargs__ should return a tuple, not '%s'", type_name(newargs.get()));
  } else {
    for (Type* base : {&IntType, &FloatType, &StrType, &BytesType, &TupleType}) {
      if (!is_subtype(t, base)) continue;
      Ref value = call1(Value::from_obj(base), self);
      if (!value) return nullptr;
      newargs = tuple_from({value.get()}).into_ref();
      break;
    }
  }
  if (newargs)
    for (int64_t i = 0; i < newargs.as<Tuple>()->size; ++i) args.push_back(newargs.as<Tuple>()->items[i]);
  Ref newobj = copyreg_attr("__newobj__");
  if (!newobj) return nullptr;
  Ref state = reduce_state(self);
  if (!state) return nullptr;
  Ref list_items = Ref::none(), dict_items = Ref::none();
  if (is_subtype(t, &ListType)) list_items = get_iter(self);
  if (is_subtype(t, &DictType)) {
    Ref items = call_method0(self, "items");
    if (items) dict_items = get_iter(items.get());
  }
  if (!list_items || !dict_items) return nullptr;
  Own<Tuple> newobj_args = tuple_from_array(args.data(), int64_t(args.size()));
  return tuple_from({newobj.get(), newobj_args.value(), state.get(), list_items.get(), dict_items.get()}).into_ref();
}

// object.__reduce_ex__(protocol): a class's own __reduce__ first; then copyreg's protocol
// 0/1 reduction, or reduce_newobj.
static Ref object_reduce_ex(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce_ex__", kwnames) || !check_nargs("__reduce_ex__", nargs, 1, 1)) return nullptr;
  auto protocol = index_as_int64(args[0]);
  if (!protocol) return nullptr;
  Value own_reduce = type_lookup(type_of(self), intern("__reduce__"));
  if (!own_reduce.is_null() && own_reduce != dict_get_cstr(type_dict(&ObjectType), "__reduce__"))
    return call_method0(self, "__reduce__");
  if (*protocol >= 2) return reduce_newobj(self);
  Ref reduce_ex = copyreg_attr("_reduce_ex");
  if (!reduce_ex) return nullptr;
  return call2(reduce_ex.get(), self, args[0]);
}

static Ref object_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce__", kwnames) || !check_nargs("__reduce__", nargs, 0, 0)) return nullptr;
  Ref reduce_ex = copyreg_attr("_reduce_ex");
  if (!reduce_ex) return nullptr;
  return call2(reduce_ex.get(), self, Value::small_int(0));
}

// object.__getstate__(): the instance's attributes (a copy of a non-empty __dict__), or None.
static Ref object_getstate(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__getstate__", kwnames) || !check_nargs("__getstate__", nargs, 0, 0)) return nullptr;
  if (Dict** slot = instance_dict_slot(self, false); slot && *slot && (*slot)->used > 0)
    return dict_copy(*slot).into_ref();
  return Ref::none();
}

// object.__subclasshook__: "no opinion" (abc's issubclass then looks at the registry).
static Ref object_subclasshook(Value, const Value*, size_t, Tuple*) { return Ref::borrow(not_implemented()); }

static const MethodDef object_methods[] = {
    {"__subclasshook__", object_subclasshook, kMethClass,
     "Abstract classes can override this to customize issubclass()."},
    {"__format__", object_format_m, 0, "Default object formatter."},
    {"__init_subclass__", object_init_subclass, kMethClass, nullptr},
    {"__dir__", object_dir_m, 0, "Default dir() implementation."},
    {"__reduce_ex__", object_reduce_ex, 0, "Helper for pickle."},
    {"__reduce__", object_reduce, 0, "Helper for pickle."},
    {"__getstate__", object_getstate, 0, "Helper for pickle."},
    {nullptr}};
static const GetSetDef object_getsets[] = {{"__class__", object_get_class, object_set_class, nullptr},
                                           {nullptr}};
static const GetSetDef instance_dict_getsets[] = {
    {"__dict__", object_get_dict, object_set_dict, nullptr}, {nullptr}};

// ---- heap type instances --------------------------------------------------------------------

// An instance of a class derived from a variable-size built-in (str, bytes, tuple) has no
// fixed offset for a dict slot (its items run to the end of the object), so its dict lives
// in a side table keyed by the object, dropped when the object dies. Node-based, so a slot
// address stays valid as the table grows. (Process-wide: every use is under the GIL.)
// Never destroyed: the objects outlive static destruction at exit (one that dies then
// still finds its entry), and the dicts stay reachable for the leak checker.
static std::unordered_map<Object*, Dict*>& side_dicts = *new std::unordered_map<Object*, Dict*>();

static Dict** side_dict_slot(Value obj, bool create) {
  if (!create) {
    auto it = side_dicts.find(obj.obj());
    return it == side_dicts.end() ? nullptr : &it->second;
  }
  return &side_dicts[obj.obj()];
}

static Dict* take_side_dict(Object* o) {
  auto it = side_dicts.find(o);
  if (it == side_dicts.end()) return nullptr;
  Dict* d = it->second;
  side_dicts.erase(it);
  return d;
}

// The __slots__ Values of o, along its heap classes (each adds its own range).
template <class Fn>
static void for_each_slot_value(Object* o, Fn fn) {
  for (Type* t = o->type; t && (t->flags & kTypeHeap); t = t->base) {
    auto* h = static_cast<HeapType*>(t);
    for (uint32_t off = h->slots_begin; off < h->slots_end; off += sizeof(Value))
      fn(reinterpret_cast<Value*>(reinterpret_cast<char*>(o) + off));
  }
}
static void clear_slot_values(Object* o) {
  for_each_slot_value(o, [](Value* field) {
    Value v = *field;
    *field = Value();
    if (!v.is_null()) decref(v);
  });
}

static void instance_traverse(Object* o, VisitFn visit, void* ctx) {
  Type* t = o->type;
  // The solid base's own fields first.
  Type* b = t;
  while (b && (b->flags & kTypeHeap)) b = b->base;
  if (b && b->traverse && b->traverse != instance_traverse) b->traverse(o, visit, ctx);
  if (t->dict_offset && (!b || b->dict_offset != t->dict_offset)) {
    Dict* d = *reinterpret_cast<Dict**>(reinterpret_cast<char*>(o) + t->dict_offset);
    if (d) visit(Value::from_obj(d), ctx);
  } else if (t->dict_slot == side_dict_slot) {
    if (Dict** slot = side_dict_slot(Value::from_obj(o), false); slot && *slot) visit(Value::from_obj(*slot), ctx);
  }
  for_each_slot_value(o, [&](Value* field) {
    if (!field->is_null()) visit(*field, ctx);
  });
  visit(Value::from_obj(t), ctx);
}

static void instance_clear(Object* o) {
  Type* t = o->type;
  Type* b = t;
  while (b && (b->flags & kTypeHeap)) b = b->base;
  if (t->dict_offset && (!b || b->dict_offset != t->dict_offset)) {
    Dict** slot = reinterpret_cast<Dict**>(reinterpret_cast<char*>(o) + t->dict_offset);
    Dict* d = *slot;
    *slot = nullptr;
    xdecref(d);
  } else if (t->dict_slot == side_dict_slot) {
    xdecref(take_side_dict(o));
  }
  clear_slot_values(o);
  if (b && b->clear && b->clear != instance_clear) b->clear(o);
}

// Runs __del__ (or a native finalizer) once; returns true if the object was resurrected.
static bool call_finalizer(Object* o) {
  GcLink* g = (o->type->flags & kTypeGc) ? gc_link_of(o) : nullptr;
  if (g && (g->gc_flags & 4)) return false;  // already finalized (gc.cpp's kFlagFinalized)
  if (g) g->gc_flags |= 4;
  ++o->refcnt;  // resurrect temporarily while __del__ runs
  Ref saved = fetch_error();
  o->type->finalize(o);
  if (error_pending()) write_unraisable(Value::from_obj(o));  // (slot_finalize reports its own)
  if (saved) restore_error(std::move(saved));
  return --o->refcnt != 0;
}

static void instance_dealloc(Object* o) {
  Type* t = o->type;
  if (t->finalize && call_finalizer(o)) return;
  if (has_weakrefs(o)) clear_weakrefs(o);
  Type* b = t;
  while (b && (b->flags & kTypeHeap)) b = b->base;
  if (b && b->dealloc && b->dealloc != instance_dealloc && b != &ObjectType) {
    // The native base frees the object; clear what the heap type added first.
    if (t->dict_offset && b->dict_offset != t->dict_offset) {
      Dict** slot = reinterpret_cast<Dict**>(reinterpret_cast<char*>(o) + t->dict_offset);
      Dict* d = *slot;
      *slot = nullptr;
      xdecref(d);
    } else if (t->dict_slot == side_dict_slot) {
      xdecref(take_side_dict(o));
    }
    clear_slot_values(o);
    b->dealloc(o);
    return;
  }
  if (t->flags & kTypeGc) gc_untrack(o);
  instance_clear(o);
  free_object(o);
}

static void object_dealloc(Object* o) { free_object(o); }

// ---- dunder dispatch for heap types -------------------------------------------------------------

// Looks up `name` on type(self) and calls it with self prepended (no bound method made for
// functions). Sets *found to false (no error) when the type has no such attribute.
static Ref call_dunder(Value self, Str* name, const Value* args, size_t nargs, bool* found) {
  Type* t = type_of(self);
  Value f = type_lookup(t, name);
  if (f.is_null()) {
    if (found) *found = false;
    return nullptr;
  }
  if (found) *found = true;
  Ref hold = Ref::borrow(f);
  Type* ft = type_of(f);
  if (ft->flags & kTypeMethodDescriptor) {
    Value buf[4];
    buf[0] = self;
    for (size_t i = 0; i < nargs; ++i) buf[i + 1] = args[i];
    return call(f, buf, nargs + 1);
  }
  Ref bound = ft->descr_get ? ft->descr_get(f, self, Value::from_obj(t)) : hold;
  if (!bound) return nullptr;
  return call(bound.get(), args, nargs);
}

static Ref call_dunder_named(Value self, const char* name, const Value* args, size_t nargs) {
  bool found;
  Ref r = call_dunder(self, intern(name), args, nargs, &found);
  if (!found && !error_pending())
    return raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", type_name(self), name);
  return r;
}

static Ref slot_repr(Value self) { return call_dunder_named(self, "__repr__", nullptr, 0); }
static Ref slot_str(Value self) {
  Ref r = call_dunder_named(self, "__str__", nullptr, 0);
  if (r && !is_str(r.get()))
    return raisef(&TypeErrorType, "__str__ returned non-string (type %s)", type_name(r.get()));
  return r;
}
static int64_t slot_hash(Value self) {
  Ref r = call_dunder_named(self, "__hash__", nullptr, 0);
  if (!r) return -1;
  if (!is_int(r.get())) {
    raise(&TypeErrorType, "__hash__ method should return an integer");
    return -1;
  }
  if (r.get().is_small_int()) {
    int64_t h = r.get().small_int();
    return h == -1 ? -2 : h;
  }
  return int_hash(r.get());
}
static int64_t unhashable(Value self) {
  raisef(&TypeErrorType, "unhashable type: '%s'", type_name(self));
  return -1;
}
static Ref slot_richcompare(Value a, Value b, CompareOp op) {
  static const char* names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
  bool found;
  Ref r = call_dunder(a, intern(names[int(op)]), &b, 1, &found);
  if (!found && !error_pending()) return Ref::borrow(not_implemented());
  return r;
}
static Ref slot_getattr_hook(Value self, Str* name);
// The native attribute lookup a class with a Python __getattr__ inherits: its nearest
// native base's (type's for a metaclass, which binds class methods), else object's.
static GetAttrFn inherited_native_getattr(Type* t) {
  for (Type* b = t; b; b = b->base)
    if (b->getattr && b->getattr != slot_getattr_hook) return b->getattr;
  return generic_getattr;
}
static Ref slot_getattr_hook(Value self, Str* name) {
  Type* t = type_of(self);
  Value getattribute = type_lookup(t, intern("__getattribute__"));
  Ref r;
  if (getattribute.is_null() || type_of(getattribute) == &WrapperDescrType) {
    r = inherited_native_getattr(t)(self, name);
  } else {
    Value n = Value::from_obj(name);
    r = call_dunder(self, intern("__getattribute__"), &n, 1, nullptr);
  }
  if (r || !error_matches(&AttributeErrorType)) return r;
  Value getattr_fn = type_lookup(t, intern("__getattr__"));
  if (getattr_fn.is_null()) return r;
  clear_error();
  Value n = Value::from_obj(name);
  return call_dunder(self, intern("__getattr__"), &n, 1, nullptr);
}
static int slot_setattr(Value self, Str* name, Value v) {
  Value args[2] = {Value::from_obj(name), v};
  bool found;
  Ref r = v.is_null() ? call_dunder(self, intern("__delattr__"), args, 1, &found)
                      : call_dunder(self, intern("__setattr__"), args, 2, &found);
  if (!found && !error_pending()) return generic_setattr(self, name, v);
  return r ? 0 : -1;
}
static Ref slot_call(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Type* t = type_of(self);
  Value f = type_lookup(t, intern("__call__"));
  if (f.is_null()) return raisef(&TypeErrorType, "'%s' object is not callable", t->name);
  Ref hold = Ref::borrow(f);
  Ref bound = type_of(f)->descr_get ? type_of(f)->descr_get(f, self, Value::from_obj(t)) : hold;
  if (!bound) return nullptr;
  return call(bound.get(), args, nargs, kwnames);
}
static Ref slot_iter(Value self) {
  Ref r = call_dunder_named(self, "__iter__", nullptr, 0);
  if (r && !type_of(r.get())->iternext)
    return raisef(&TypeErrorType, "iter() returned non-iterator of type '%s'", type_name(r.get()));
  return r;
}
static Ref slot_iternext(Value self) {
  Ref r = call_dunder_named(self, "__next__", nullptr, 0);
  if (!r && error_matches(&StopIterationType)) clear_error();
  return r;
}
static int64_t slot_len(Value self) {
  Ref r = call_dunder_named(self, "__len__", nullptr, 0);
  if (!r) return -1;
  if (!is_int(r.get())) {
    raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(r.get()));
    return -1;
  }
  if (int_sign(r.get()) < 0) {
    raise(&ValueErrorType, "__len__() should return >= 0");
    return -1;
  }
  auto n = int_as_int64(r.get());
  if (!n) {
    clear_error();
    raise(&OverflowErrorType, "cannot fit 'int' into an index-sized integer");
    return -1;
  }
  return *n;
}
static Ref slot_getitem(Value self, Value key) { return call_dunder_named(self, "__getitem__", &key, 1); }
static int slot_setitem(Value self, Value key, Value v) {
  Value args[2] = {key, v};
  Ref r = v.is_null() ? call_dunder_named(self, "__delitem__", args, 1)
                      : call_dunder_named(self, "__setitem__", args, 2);
  return r ? 0 : -1;
}
static int slot_contains(Value self, Value item) {
  bool found;
  Ref r = call_dunder(self, intern("__contains__"), &item, 1, &found);
  if (!found && !error_pending()) {
    // Fall back to iteration, as CPython's _PySequence_IterSearch.
    int result = 0;
    bool ok = for_each(self, [&](Value x) {
      int eq = equals(x, item);
      if (eq < 0) return false;
      if (eq) {
        result = 1;
        return false;
      }
      return true;
    });
    if (!ok && error_pending()) return -1;
    return result;
  }
  if (!r) return -1;
  return truthy(r.get());
}
static Ref slot_descr_get(Value self, Value obj, Value owner) {
  Value args[2] = {obj.is_null() ? Value::none() : obj, owner.is_null() ? Value::none() : owner};
  return call_dunder_named(self, "__get__", args, 2);
}
static int slot_descr_set(Value self, Value obj, Value v) {
  Value args[2] = {obj, v};
  Ref r = v.is_null() ? call_dunder_named(self, "__delete__", args, 1)
                      : call_dunder_named(self, "__set__", args, 2);
  return r ? 0 : -1;
}
static int slot_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Type* t = type_of(self);
  Value f = type_lookup(t, intern("__init__"));
  if (f.is_null()) return 0;
  Ref hold = Ref::borrow(f);
  Ref bound = type_of(f)->descr_get ? type_of(f)->descr_get(f, self, Value::from_obj(t)) : hold;
  if (!bound) return -1;
  Ref r = call(bound.get(), args, nargs, kwnames);
  if (!r) return -1;
  if (!r.get().is_none()) {
    raisef(&TypeErrorType, "__init__() should return None, not '%s'", type_name(r.get()));
    return -1;
  }
  return 0;
}
static Ref slot_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value f = type_lookup(type, intern("__new__"));
  if (f.is_null()) return raisef(&TypeErrorType, "cannot create '%s' instances", type->name);
  Ref hold = Ref::borrow(f);
  // __new__ is a static method: unwrap it and call with the class first.
  Value fn = type_of(f) == &StaticMethodType ? f.as<StaticMethod>()->func : f;
  size_t total = nargs + (kwnames ? kwnames->size : 0);
  std::vector<Value> buf(total + 1);
  buf[0] = Value::from_obj(type);
  for (size_t i = 0; i < total; ++i) buf[i + 1] = args[i];
  return call(fn, buf.data(), nargs + 1, kwnames);
}
// As CPython's slot_tp_finalize: an exception in __del__ is reported against the
// __del__ function itself ("Exception ignored in: <function C.__del__ at 0x...>").
static void slot_finalize(Object* self) {
  Ref r = call_dunder_named(Value::from_obj(self), "__del__", nullptr, 0);
  if (!r) write_unraisable(type_lookup(self->type, intern("__del__")));
}
static int slot_bool(Value self) {
  bool found;
  Ref r = call_dunder(self, intern("__bool__"), nullptr, 0, &found);
  if (!found && !error_pending()) {
    Value len = type_lookup(type_of(self), intern("__len__"));
    if (len.is_null()) return 1;
    int64_t n = slot_len(self);
    return n < 0 ? -1 : n > 0;
  }
  if (!r) return -1;
  if (!r.get().is_bool()) {
    raisef(&TypeErrorType, "__bool__ should return bool, returned %s", type_name(r.get()));
    return -1;
  }
  return r.get().is_true();
}
#define UNARY_SLOT(fn, dunder) \
  static Ref fn(Value self) { return call_dunder_named(self, dunder, nullptr, 0); }
UNARY_SLOT(slot_neg, "__neg__")
UNARY_SLOT(slot_pos, "__pos__")
UNARY_SLOT(slot_invert, "__invert__")
UNARY_SLOT(slot_abs, "__abs__")
UNARY_SLOT(slot_int, "__int__")
UNARY_SLOT(slot_float, "__float__")
UNARY_SLOT(slot_index, "__index__")
#undef UNARY_SLOT

// Binary operators: CPython's SLOT1BINFULL. The slot is symmetric: self may be either side.
template <int op>
static Ref slot_binary(Value a, Value b);

static bool has_heap_slot(Type* t, int op, Ref (*fn)(Value, Value)) {
  return t->number && t->number->binary[op] == fn;
}

template <int op>
static Ref slot_binary(Value a, Value b) {
  Str* name = intern(kBinaryNames[op][0]);
  Str* rname = intern(kBinaryNames[op][1]);
  Type* ta = type_of(a);
  Type* tb = type_of(b);
  bool do_other = ta != tb && has_heap_slot(tb, op, slot_binary<op>);
  if (has_heap_slot(ta, op, slot_binary<op>)) {
    if (do_other && is_subtype(tb, ta)) {
      Value rb = type_lookup(tb, rname);
      Value ra = type_lookup(ta, rname);
      if (!rb.is_null() && rb != ra) {
        bool found;
        Ref r = call_dunder(b, rname, &a, 1, &found);
        if (found && (!r || !is_not_implemented(r.get()))) return r;
        do_other = false;
      }
    }
    bool found;
    Ref r = call_dunder(a, name, &b, 1, &found);
    if (found) {
      if (!r || !is_not_implemented(r.get()) || ta == tb) return r;
    } else if (error_pending()) {
      return nullptr;
    }
  }
  if (do_other) {
    bool found;
    Ref r = call_dunder(b, rname, &a, 1, &found);
    if (found) return r;
    if (error_pending()) return nullptr;
  }
  return Ref::borrow(not_implemented());
}

template <int op>
static Ref slot_inplace(Value a, Value b) {
  bool found;
  Ref r = call_dunder(a, intern(kBinaryNames[op][2]), &b, 1, &found);
  if (!found && !error_pending()) return Ref::borrow(not_implemented());
  return r;
}

template <int... ops>
static void fill_binary(NumberSlots* n, std::integer_sequence<int, ops...>, Type* t,
                        bool (*has)(Type*, const char*)) {
  ((has(t, kBinaryNames[ops][0]) || has(t, kBinaryNames[ops][1]) ? (n->binary[ops] = slot_binary<ops>, 0) : 0), ...);
  ((has(t, kBinaryNames[ops][2]) ? (n->inplace[ops] = slot_inplace<ops>, 0) : 0), ...);
}

// Is `name` defined by Python code somewhere on t's MRO (not a native slot wrapper)?
static bool has_python_dunder(Type* t, const char* name) {
  Value v = type_lookup(t, intern(name));
  return !v.is_null() && type_of(v) != &WrapperDescrType;
}

// Points a heap type's slots at the dunder dispatchers for every dunder Python code defines.
static void fixup_slots(Type* t) {
  auto has = has_python_dunder;
  if (has(t, "__repr__")) t->repr = slot_repr;
  if (has(t, "__str__")) t->str = slot_str;
  bool eq = has(t, "__eq__");
  if (eq || has(t, "__lt__") || has(t, "__le__") || has(t, "__ne__") || has(t, "__gt__") || has(t, "__ge__"))
    t->richcompare = slot_richcompare;
  Value h = type_lookup(t, intern("__hash__"));
  if (!h.is_null() && h.is_none()) t->hash = unhashable;
  else if (has(t, "__hash__")) t->hash = slot_hash;
  if (has(t, "__getattribute__") || has(t, "__getattr__")) t->getattr = slot_getattr_hook;
  if (has(t, "__setattr__") || has(t, "__delattr__")) t->setattr = slot_setattr;
  if (has(t, "__call__")) t->call = slot_call;
  if (has(t, "__iter__")) t->iter = slot_iter;
  if (has(t, "__next__")) t->iternext = slot_iternext;
  if (has(t, "__len__")) t->len = slot_len;
  if (has(t, "__getitem__")) t->getitem = slot_getitem;
  if (has(t, "__setitem__") || has(t, "__delitem__")) t->setitem = slot_setitem;
  if (has(t, "__contains__")) t->contains = slot_contains;
  if (has(t, "__get__")) t->descr_get = slot_descr_get;
  if (has(t, "__set__") || has(t, "__delete__")) t->descr_set = slot_descr_set;
  if (has(t, "__init__")) t->init = slot_init;
  if (has(t, "__new__")) t->new_ = slot_new;
  if (has(t, "__del__")) {
    t->finalize = slot_finalize;
    t->flags |= kTypeHasFinalizer;
  }
  NumberSlots* n = t->number;
  if (has(t, "__bool__") || has(t, "__len__")) n->to_bool = slot_bool;
  if (has(t, "__neg__")) n->negative = slot_neg;
  if (has(t, "__pos__")) n->positive = slot_pos;
  if (has(t, "__invert__")) n->invert = slot_invert;
  if (has(t, "__abs__")) n->absolute = slot_abs;
  if (has(t, "__int__")) n->to_int = slot_int;
  if (has(t, "__float__")) n->to_float = slot_float;
  if (has(t, "__index__")) n->index = slot_index;
  fill_binary(n, std::make_integer_sequence<int, kBinOpCount>{}, t, has);
}

// ---- type ------------------------------------------------------------------------------------

static Ref type_repr(Value self) {
  Type* t = self.as<Type>();
  std::string mod = t->module_name ? str_to_utf8(t->module_name) : "";
  std::string qn = t->qualname ? str_to_utf8(t->qualname) : t->name;
  if (mod.empty() || mod == "builtins") return str_from_utf8("<class '" + qn + "'>").into_ref();
  return str_from_utf8("<class '" + mod + "." + qn + "'>").into_ref();
}

static Ref type_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  Type* type = callable.as<Type>();
  if (type == &TypeType && nargs == 1 && (!kwnames || kwnames->size == 0))
    return Ref::borrow(Value::from_obj(type_of(args[0])));
  if (!type->new_) return raisef(&TypeErrorType, "cannot create '%s' instances", type->name);
  Ref obj = type->new_(type, args, nargs, kwnames);
  if (!obj) return nullptr;
  Type* ot = type_of(obj.get());
  if (!is_subtype(ot, type)) return obj;
  if (ot->init && ot->init(obj.get(), args, nargs, kwnames) < 0) return nullptr;
  return obj;
}

static Ref type_getattr(Value self, Str* name) {
  Type* type = self.as<Type>();
  Type* meta = type_of(self);
  Value meta_attr = type_lookup(meta, name);
  Ref meta_hold;
  DescrGetFn meta_get = nullptr;
  if (!meta_attr.is_null()) {
    meta_hold = Ref::borrow(meta_attr);
    Type* mt = type_of(meta_attr);
    meta_get = mt->descr_get;
    if (meta_get && mt->descr_set) return meta_get(meta_attr, self, Value::from_obj(meta));
  }
  Value attr = type_lookup(type, name);
  if (!attr.is_null()) {
    Ref hold = Ref::borrow(attr);
    DescrGetFn get = type_of(attr)->descr_get;
    if (get) return get(attr, Value(), self);
    return hold;
  }
  if (meta_get) return meta_get(meta_attr, self, Value::from_obj(meta));
  if (meta_hold) return meta_hold;
  return raisef(&AttributeErrorType, "type object '%s' has no attribute '%s'", type->name,
                str_to_utf8(name).c_str());
}

static int type_setattr(Value self, Str* name, Value v) {
  Type* type = self.as<Type>();
  if (!(type->flags & kTypeHeap)) {
    raisef(&TypeErrorType, "cannot set '%s' attribute of immutable type '%s'", str_to_utf8(name).c_str(),
           type->name);
    return -1;
  }
  Value meta_attr = type_lookup(type_of(self), name);
  if (!meta_attr.is_null() && type_of(meta_attr)->descr_set) {
    Ref hold = Ref::borrow(meta_attr);
    return type_of(meta_attr)->descr_set(meta_attr, self, v);
  }
  if (v.is_null()) {
    int r = dict_del(type_dict(type), Value::from_obj(name));
    if (r == 0) {
      raisef(&AttributeErrorType, "type object '%s' has no attribute '%s'", type->name,
             str_to_utf8(name).c_str());
      return -1;
    }
    if (r < 0) return -1;
  } else if (!dict_set(type_dict(type), Value::from_obj(name), v)) {
    return -1;
  }
  type_modified(type);
  std::string n = str_to_utf8(name);
  if (n == "__module__") {  // what repr(cls) shows
    Str* old = type->module_name;
    type->module_name = !v.is_null() && is_str(v) ? v.as<Str>() : nullptr;
    if (type->module_name) incref(type->module_name);
    xdecref(old);
  }
  if (n == "__abstractmethods__") {
    int abstract = v.is_null() ? 0 : truthy(v);
    if (abstract < 0) return -1;
    if (abstract) type->flags |= kTypeAbstract;
    else type->flags &= ~kTypeAbstract;
  }
  if (n.size() > 4 && n.compare(0, 2, "__") == 0 && n.compare(n.size() - 2, 2, "__") == 0) fixup_slots(type);
  return 0;
}

static void type_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* t = static_cast<Type*>(o);
  if (t->dict_unfilled) visit(Value::from_obj(t->dict_unfilled), ctx);
  if (t->bases) visit(Value::from_obj(t->bases), ctx);
  if (t->mro) visit(Value::from_obj(t->mro), ctx);
  if (t->base) visit(Value::from_obj(t->base), ctx);
}

static void type_clear(Object* o) {
  auto* t = static_cast<Type*>(o);
  Dict* d = t->dict_unfilled;
  t->dict_unfilled = nullptr;
  t->flags &= ~kTypeDictUnfilled;
  Tuple* m = t->mro;
  t->mro = nullptr;
  xdecref(d);
  xdecref(m);
  type_modified(t);
}

static void type_dealloc(Object* o) {
  auto* t = static_cast<Type*>(o);
  gc_untrack(o);
  type_modified(t);
  xdecref(t->dict_unfilled);
  xdecref(t->mro);
  xdecref(t->bases);
  xdecref(t->base);
  xdecref(t->name_obj);
  xdecref(t->qualname);
  xdecref(t->module_name);
  xdecref(t->subclasses);
  free_object(o);
}

// C3 linearisation of the MRO. Returns false with TypeError when inconsistent.
static bool compute_mro(Type* t, std::vector<Value>* out) {
  std::vector<std::vector<Type*>> seqs;
  Tuple* bases = t->bases;
  for (int64_t i = 0; i < bases->size; ++i) {
    Tuple* m = bases->items[i].as<Type>()->mro;
    std::vector<Type*> s;
    for (int64_t j = 0; j < m->size; ++j) s.push_back(m->items[j].as<Type>());
    seqs.push_back(std::move(s));
  }
  std::vector<Type*> bl;
  for (int64_t i = 0; i < bases->size; ++i) bl.push_back(bases->items[i].as<Type>());
  seqs.push_back(bl);
  out->push_back(Value::from_obj(t));
  for (;;) {
    bool any = false;
    for (auto& s : seqs) any |= !s.empty();
    if (!any) return true;
    Type* cand = nullptr;
    for (auto& s : seqs) {
      if (s.empty()) continue;
      Type* c = s.front();
      bool in_tail = false;
      for (auto& s2 : seqs)
        for (size_t k = 1; k < s2.size(); ++k)
          if (s2[k] == c) in_tail = true;
      if (!in_tail) {
        cand = c;
        break;
      }
    }
    if (!cand) {
      std::string names;
      for (int64_t i = 0; i < bases->size; ++i) {
        if (i) names += ", ";
        names += bases->items[i].as<Type>()->name;
      }
      raisef(&TypeErrorType, "Cannot create a consistent method resolution\norder (MRO) for bases %s",
             names.c_str());
      return false;
    }
    out->push_back(Value::from_obj(cand));
    for (auto& s : seqs)
      if (!s.empty() && s.front() == cand) s.erase(s.begin());
  }
}

// The most derived base that adds to the instance layout (CPython's solid_base): types
// that only subclass without new fields (OSError and ValueError below BaseException,
// classes defined in Python) share their base's layout and can be combined.
static Type* solid_base(Type* t) {
  if (!t->base) return t;
  Type* base = solid_base(t->base);
  bool same_layout = (t->flags & kTypeHeap)
                         ? static_cast<HeapType*>(t)->slots_begin == static_cast<HeapType*>(t)->slots_end
                         : t->basic_size == t->base->basic_size && t->item_size == t->base->item_size;
  return same_layout ? base : t;
}

// Records t among base's subclasses (a weak reference: a class does not keep its subclasses
// alive), dropping the references to subclasses that died.
static bool add_subclass(Type* base, Type* t) {
  if (!base->subclasses) base->subclasses = list_new(0).release();
  List* l = base->subclasses;
  int64_t kept = 0;
  for (int64_t i = 0; i < l->size; ++i) {
    if (static_cast<WeakRef*>(l->items[i].obj())->referent) l->items[kept++] = l->items[i];
    else decref(l->items[i]);
  }
  l->size = kept;
  Ref r = weakref_new(&WeakRefType, Value::from_obj(t), Value::none());
  return r && list_append(l, r.get());
}

static Ref type_subclasses(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__subclasses__", kwnames) || !check_nargs("__subclasses__", nargs, 0, 0)) return nullptr;
  Own<List> out = list_new(0);
  if (List* l = self.as<Type>()->subclasses)
    for (int64_t i = 0; i < l->size; ++i)
      if (Object* sub = static_cast<WeakRef*>(l->items[i].obj())->referent)
        if (!list_append(out.get(), Value::from_obj(sub))) return nullptr;
  return out.into_ref();
}

// super(t, t).__init_subclass__(**kwargs): the first __init_subclass__ after t in its MRO,
// bound to t (object's refuses keyword arguments, with CPython's message).
static bool call_init_subclass(Type* t, const Value* kwvalues, Tuple* kwnames) {
  Tuple* mro = t->mro;
  for (int64_t i = 1; i < mro->size; ++i) {
    Type* base = mro->items[i].as<Type>();
    Value hook = dict_get_cstr(type_dict(base), "__init_subclass__");
    if (hook.is_null()) continue;
    Type* hook_type = type_of(hook);
    Ref bound = hook_type->descr_get ? hook_type->descr_get(hook, Value(), Value::from_obj(t))
                                     : Ref::borrow(hook);
    if (!bound) return false;
    return bool(call(bound.get(), kwvalues, 0, kwnames));
  }
  return true;
}

// The names of a class's __slots__ (a str or an iterable of them), mangled as private
// names are and sorted, as CPython lays them out; "__dict__" asks for an instance dict,
// "__weakref__" is accepted (gilpy's weak references need no slot). False with an error.
static bool collect_slot_names(HeapType* t, Value slots, std::vector<Str*>* out, bool* want_dict) {
  Ref items = is_str(slots) ? tuple_from({slots}).into_ref() : call1(Value::from_obj(&ListType), slots);
  if (!items) return false;
  Ref sequence = call1(Value::from_obj(&TupleType), items.get());
  if (!sequence) return false;
  std::string class_name = str_to_utf8(t->name_obj);
  size_t stripped = class_name.find_first_not_of('_');
  std::vector<std::string> names;
  Tuple* tuple = sequence.get().as<Tuple>();
  for (int64_t i = 0; i < tuple->size; i++) {
    Value item = tuple->items[i];
    if (!is_str(item)) {
      raisef(&TypeErrorType, "__slots__ items must be strings, not '%s'", type_name(item));
      return false;
    }
    Ref ident = call_method0(item, "isidentifier");
    if (!ident) return false;
    if (!truthy(ident.get())) {
      raise(&TypeErrorType, "__slots__ must be identifiers");
      return false;
    }
    std::string name = str_to_utf8(item.as<Str>());
    if (name == "__dict__") {
      if (*want_dict) {
        raise(&TypeErrorType, "__dict__ slot disallowed: we already got one");
        return false;
      }
      *want_dict = true;
      continue;
    }
    if (name == "__weakref__") continue;
    bool is_private = name.size() > 2 && name.compare(0, 2, "__") == 0 &&
                      !(name.size() >= 4 && name.compare(name.size() - 2, 2, "__") == 0);
    if (is_private && stripped != std::string::npos) name = "_" + class_name.substr(stripped) + name;
    if (!dict_get_cstr(type_dict(t), name.c_str()).is_null()) {
      raisef(&ValueErrorType, "'%s' in __slots__ conflicts with class variable", name.c_str());
      return false;
    }
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) out->push_back(intern(name));
  return true;
}

Ref type_new(Type* meta, Str* name, Tuple* bases, Dict* ns, const Value* kwvalues, Tuple* kwnames) {
  Own<Tuple> base_tuple = bases->size ? Own<Tuple>::borrow(bases) : tuple_from({Value::from_obj(&ObjectType)});
  // The best base: the one with the most derived native layout.
  Type* best = nullptr;
  for (int64_t i = 0; i < base_tuple->size; ++i) {
    Value b = base_tuple->items[i];
    if (!type_has(type_of(b), kTypeTypeSubclass))
      return raisef(&TypeErrorType, "bases must be types");
    Type* bt = b.as<Type>();
    if (!(bt->flags & kTypeBaseType))
      return raisef(&TypeErrorType, "type '%s' is not an acceptable base type", bt->name);
    if (!best) {
      best = bt;
      continue;
    }
    Type* sb = solid_base(bt);
    Type* sbest = solid_base(best);
    if (is_subtype(sb, sbest)) best = bt;
    else if (!is_subtype(sbest, sb))
      return raise(&TypeErrorType, "multiple bases have instance lay-out conflict");
  }
  auto* t = static_cast<HeapType*>(alloc_object(meta, meta->basic_size));
  Ref hold = Ref::steal(Value::from_obj(t));
  t->flags = kTypeHeap | kTypeBaseType | kTypeGc | kTypeReady;
  t->name_obj = name;
  incref(name);
  std::string utf8_name = str_to_utf8(name);
  // tp_name must outlive the type: keep it in an interned str.
  t->name = intern(utf8_name)->ascii_mut();
  if (intern(utf8_name)->kind != 1) t->name = "?";
  t->base = best;
  incref(best);
  t->bases = base_tuple.release();
  // A class's dict is its own from the start: never unfilled.
  Dict* dict = t->dict_unfilled = dict_copy(ns).release();
  Value qn = dict_get_cstr(dict, "__qualname__");
  if (!qn.is_null()) {
    if (!is_str(qn))
      return raisef(&TypeErrorType, "type __qualname__ must be a str, not %s", type_name(qn));
    t->qualname = qn.as<Str>();
    incref(qn);
    if (dict_del(dict, Value::from_obj(intern("__qualname__"))) < 0) return nullptr;
  } else {
    t->qualname = name;
    incref(name);
  }
  Value mod = dict_get_cstr(dict, "__module__");
  if (mod.is_null() && current_globals_hook) {
    Dict* globals = current_globals_hook();
    Value module_name = globals ? dict_get_cstr(globals, "__name__") : Value();
    if (!module_name.is_null()) {
      if (!dict_set_str(dict, "__module__", module_name)) return nullptr;
      mod = module_name;
    }
  }
  if (!mod.is_null() && is_str(mod)) {
    t->module_name = mod.as<Str>();
    incref(mod);
  }
  dict_del(dict, Value::from_obj(intern("__classcell__")));
  if (error_pending()) return nullptr;
  // __new__ is implicitly a static method, __init_subclass__ and __class_getitem__ class
  // methods (CPython).
  Value new_fn = dict_get_cstr(dict, "__new__");
  if (!new_fn.is_null() && (type_of(new_fn)->flags & kTypeMethodDescriptor)) {
    Ref sm = call1(Value::from_obj(&StaticMethodType), new_fn);
    if (!sm || !dict_set_str(dict, "__new__", sm.get())) return nullptr;
  }
  for (const char* implicit : {"__init_subclass__", "__class_getitem__"}) {
    Value fn = dict_get_cstr(dict, implicit);
    if (fn.is_null() || !(type_of(fn)->flags & kTypeMethodDescriptor)) continue;
    Ref cm = call1(Value::from_obj(&ClassMethodType), fn);
    if (!cm || !dict_set_str(dict, implicit, cm.get())) return nullptr;
  }

  // Layout: the best base's, plus an instance dict if it has none (unless __slots__ says
  // otherwise), plus one Value per __slots__ name.
  std::vector<Str*> slot_names;
  bool has_slots = false, slots_want_dict = false;
  if (Value slots = dict_get_cstr(dict, "__slots__"); !slots.is_null()) {
    has_slots = true;
    if (!collect_slot_names(t, slots, &slot_names, &slots_want_dict)) return nullptr;
    // Not after variable-sized items (CPython's int and bytes are such, gilpy's need not be).
    bool var_sized = best->item_size != 0 || is_subtype(best, &IntType) || is_subtype(best, &BytesType);
    if (!slot_names.empty() && var_sized)
      return raisef(&TypeErrorType, "nonempty __slots__ not supported for subtype of '%s'", best->name);
    if (slots_want_dict && (best->dict_offset || best->dict_slot))
      return raise(&TypeErrorType, "__dict__ slot disallowed: we already got one");
  }
  t->basic_size = best->basic_size;
  t->item_size = best->item_size;
  t->dict_offset = best->dict_offset;
  if (has_slots && !slots_want_dict) {
    t->dict_slot = best->dict_slot;  // only what a base already gave
  } else if (!t->dict_offset && best->item_size == 0) {
    t->dict_offset = static_cast<int64_t>(best->basic_size);
    t->basic_size += sizeof(Dict*);
  } else if (!t->dict_offset) {
    t->dict_slot = best->dict_slot ? best->dict_slot : side_dict_slot;
  }
  if (!slot_names.empty()) {
    t->slots_begin = static_cast<uint32_t>(t->basic_size);
    for (Str* slot_name : slot_names) {
      Ref member = member_descr_new(t, slot_name, t->basic_size);
      if (!dict_set(dict, Value::from_obj(slot_name), member.get())) return nullptr;
      t->basic_size += sizeof(Value);
    }
    t->slots_end = static_cast<uint32_t>(t->basic_size);
  }
  // After the slots, as CPython orders the class dict.
  if (dict_get_cstr(dict, "__doc__").is_null() && !dict_set_str(dict, "__doc__", Value::none()))
    return nullptr;
  t->flags |= best->flags & kTypeInheritedFlags;

  std::vector<Value> mro;
  if (!compute_mro(t, &mro)) return nullptr;
  t->mro = tuple_from_array(mro.data(), static_cast<int64_t>(mro.size())).release();

  // Slots: inherit the best base's native behaviour, then dispatch to Python dunders.
  t->number = &t->number_slots;
  if (best->number) t->number_slots = *best->number;
  Type* b = best;
  t->dealloc = instance_dealloc;
  t->traverse = instance_traverse;
  t->clear = instance_clear;
  t->repr = b->repr;
  t->str = b->str;
  t->hash = b->hash;
  t->richcompare = b->richcompare;
  t->getattr = b->getattr;
  t->setattr = b->setattr;
  t->call = b->call;
  t->iter = b->iter;
  t->iternext = b->iternext;
  t->len = b->len;
  t->getitem = b->getitem;
  t->setitem = b->setitem;
  t->contains = b->contains;
  t->descr_get = b->descr_get;
  t->descr_set = b->descr_set;
  t->new_ = b->new_;
  t->init = b->init;
  t->finalize = b->finalize;
  t->buffer = b->buffer;
  // Inherit Python-level dunders from heap bases too (fixup_slots looks along the MRO).
  // A class that defines __eq__ without __hash__ is unhashable (CPython's rule).
  if (!dict_get_cstr(dict, "__eq__").is_null() && dict_get_cstr(dict, "__hash__").is_null()) {
    if (!dict_set_str(dict, "__hash__", Value::none())) return nullptr;
  }
  type_modified(t);
  fixup_slots(t);
  t->version = 1;

  // __set_name__ on the namespace's values, then the parent's __init_subclass__.
  std::vector<std::pair<Ref, Ref>> items;
  {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(dict, &pos, &k, &v)) items.push_back({Ref::borrow(k), Ref::borrow(v)});
  }
  for (auto& [k, v] : items) {
    Value set_name = type_lookup(type_of(v.get()), intern("__set_name__"));
    if (set_name.is_null()) continue;
    Value args[2] = {Value::from_obj(t), k.get()};
    Ref r = call_dunder(v.get(), intern("__set_name__"), args, 2, nullptr);
    if (!r) return nullptr;
  }
  for (int64_t i = 0; i < t->bases->size; ++i)
    if (!add_subclass(t->bases->items[i].as<Type>(), t)) return nullptr;
  if (!call_init_subclass(t, kwvalues, kwnames)) return nullptr;
  return hold;
}

static Ref type_new_slot(Type* meta, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs == 1 && (!kwnames || kwnames->size == 0)) return Ref::borrow(Value::from_obj(type_of(args[0])));
  if (nargs != 3) return raise(&TypeErrorType, "type() takes 1 or 3 arguments");
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "type.__new__() argument 1 must be str, not %s", type_name(args[0]));
  if (!is_tuple(args[1]))
    return raisef(&TypeErrorType, "type.__new__() argument 2 must be tuple, not %s", type_name(args[1]));
  if (!is_dict(args[2]))
    return raisef(&TypeErrorType, "type.__new__() argument 3 must be dict, not %s", type_name(args[2]));
  // The most derived metaclass of meta and the bases' wins (CPython's type_new): when it
  // has a __new__ of its own, that makes the class (type('E', (Enum,), ns) is an enum).
  Tuple* bases = args[1].as<Tuple>();
  Type* winner = meta;
  for (int64_t i = 0; i < bases->size; ++i) {
    Type* bt = type_of(bases->items[i]);
    if (is_subtype(winner, bt)) continue;
    if (is_subtype(bt, winner)) {
      winner = bt;
      continue;
    }
    return raise(&TypeErrorType,
                 "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the "
                 "metaclasses of all its bases");
  }
  if (winner != meta && winner->new_ && winner->new_ != type_new_slot) return winner->new_(winner, args, nargs, kwnames);
  return type_new(winner, args[0].as<Str>(), bases, args[2].as<Dict>(), args + 3, kwnames);
}

static int type_init_slot(Value, const Value*, size_t, Tuple*) { return 0; }

static Ref type_get_name(Value self) { return Ref::borrow(Value::from_obj(self.as<Type>()->name_obj)); }
static int type_set_name(Value self, Value v) {
  if (v.is_null() || !is_str(v)) {
    raise(&TypeErrorType, "can only assign string to __name__");
    return -1;
  }
  Type* t = self.as<Type>();
  incref(v);
  Str* old = t->name_obj;
  t->name_obj = v.as<Str>();
  xdecref(old);
  return 0;
}
static Ref type_get_qualname(Value self) { return Ref::borrow(Value::from_obj(self.as<Type>()->qualname)); }
static int type_set_qualname(Value self, Value v) {
  if (v.is_null() || !is_str(v)) {
    raise(&TypeErrorType, "can only assign string to __qualname__");
    return -1;
  }
  Type* t = self.as<Type>();
  incref(v);
  Str* old = t->qualname;
  t->qualname = v.as<Str>();
  xdecref(old);
  return 0;
}
static Ref type_get_module(Value self) {
  Type* t = self.as<Type>();
  if (t->flags & kTypeHeap) {
    Value m = dict_get_cstr(type_dict(t), "__module__");
    if (!m.is_null()) return Ref::borrow(m);
  }
  if (t->module_name) return Ref::borrow(Value::from_obj(t->module_name));
  return str_from_utf8("builtins").into_ref();
}
// CPython's messages, odd as the deletion one is (namedtuple and others assign it).
static int type_set_module(Value self, Value v) {
  Type* t = self.as<Type>();
  if (!(t->flags & kTypeHeap) || v.is_null()) {
    raisef(&TypeErrorType, "cannot %s '__module__' attribute of immutable type '%s'", v.is_null() ? "delete" : "set",
           t->name);
    return -1;
  }
  if (!dict_set_str(type_dict(t), "__module__", v)) return -1;
  Str* old = t->module_name;
  t->module_name = nullptr;
  if (is_str(v)) {
    incref(v);
    t->module_name = v.as<Str>();
  }
  xdecref(old);
  type_modified(t);
  return 0;
}
// __flags__, in CPython's Py_TPFLAGS_* bits (copyreg and inspect test HEAPTYPE).
static Ref type_get_flags(Value self) {
  struct FlagBit {
    uint32_t ours;
    uint64_t cpython;
  };
  static const FlagBit kBits[] = {
      {kTypeMatchSequence, 1u << 5}, {kTypeMatchMapping, 1u << 6}, {kTypeHeap, 1u << 9},
      {kTypeBaseType, 1u << 10},     {kTypeReady, 1u << 12},       {kTypeGc, 1u << 14},
      {kTypeAbstract, 1u << 20},     {kTypeIntSubclass, 1u << 24}, {kTypeListSubclass, 1u << 25},
      {kTypeTupleSubclass, 1u << 26}, {kTypeBytesSubclass, 1u << 27}, {kTypeStrSubclass, 1u << 28}, {kTypeDictSubclass, 1u << 29},
      {kTypeExcSubclass, 1u << 30},  {kTypeTypeSubclass, 1ull << 31}};
  uint64_t flags = 0;
  for (const FlagBit& b : kBits) {
    if (self.as<Type>()->flags & b.ours) flags |= b.cpython;
  }
  return make_int(static_cast<int64_t>(flags));
}

static Ref type_get_bases(Value self) { return Ref::borrow(Value::from_obj(self.as<Type>()->bases)); }

// C.__bases__ = (...), allowed as in CPython for a class whose new bases keep its
// instance layout (the same solid base); its MRO is recomputed. (CPython also recomputes
// the MROs of C's subclasses; gilpy does not yet.)
static int type_set_bases(Value self, Value v) {
  Type* t = self.as<Type>();
  if (!(t->flags & kTypeHeap)) {
    raisef(&TypeErrorType, "cannot set '__bases__' attribute of immutable type '%s'", t->name);
    return -1;
  }
  if (v.is_null()) {
    raisef(&TypeErrorType, "cannot delete '__bases__' attribute of immutable type '%s'", t->name);
    return -1;
  }
  if (!is_tuple(v)) {
    raisef(&TypeErrorType, "can only assign tuple to %s.__bases__, not %s", t->name, type_name(v));
    return -1;
  }
  Tuple* bases = v.as<Tuple>();
  if (bases->size == 0) {
    raisef(&TypeErrorType, "can only assign non-empty tuple to %s.__bases__, not ()", t->name);
    return -1;
  }
  Type* best = nullptr;
  for (int64_t i = 0; i < bases->size; ++i) {
    Value b = bases->items[i];
    if (!type_has(type_of(b), kTypeTypeSubclass)) {
      raisef(&TypeErrorType, "%s.__bases__ must be tuple of classes, not '%s'", t->name, type_name(b));
      return -1;
    }
    if (is_subtype(b.as<Type>(), t)) {
      raise(&TypeErrorType, "a __bases__ item causes an inheritance cycle");
      return -1;
    }
    if (!best || is_subtype(solid_base(b.as<Type>()), solid_base(best))) best = b.as<Type>();
  }
  if (solid_base(best) != solid_base(t->base)) {
    raisef(&TypeErrorType, "__bases__ assignment: '%s' object layout differs from '%s'", best->name,
           t->base->name);
    return -1;
  }
  Tuple* old_bases = t->bases;
  Tuple* old_mro = t->mro;
  incref(bases);
  t->bases = bases;
  std::vector<Value> mro;
  if (!compute_mro(t, &mro)) {
    t->bases = old_bases;
    decref(bases);
    return -1;
  }
  t->mro = tuple_from_array(mro.data(), static_cast<int64_t>(mro.size())).release();
  Type* old_base = t->base;
  incref(best);
  t->base = best;
  for (int64_t i = 0; i < bases->size; ++i) {
    bool known = false;
    for (int64_t j = 0; j < old_bases->size; ++j) known |= old_bases->items[j] == bases->items[i];
    if (!known) add_subclass(bases->items[i].as<Type>(), t);
  }
  decref(old_base);
  decref(old_bases);
  decref(old_mro);
  type_modified(t);
  return 0;
}
static Ref type_get_base(Value self) {
  Type* b = self.as<Type>()->base;
  return b ? Ref::borrow(Value::from_obj(b)) : Ref::none();
}
static Ref type_get_mro(Value self) { return Ref::borrow(Value::from_obj(self.as<Type>()->mro)); }
// C.__dict__: a read-only view, so that the class dict changes only through setattr
// (which tells the attribute caches).
static Ref type_get_dict(Value self) { return mappingproxy_new(Value::from_obj(type_dict(self.as<Type>()))); }
Ref (*generic_alias_hook)(Value origin, Value item) = nullptr;
Ref (*type_union_hook)(Value a, Value b) = nullptr;

Ref generic_class_getitem(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__class_getitem__", kwnames) || !check_nargs("__class_getitem__", nargs, 1, 1)) return nullptr;
  if (!generic_alias_hook) return raise(&TypeErrorType, "generic aliases are not available");
  return generic_alias_hook(cls, args[0]);
}

// type.__or__ / __ror__: a union when both sides can be in one (types._union_or decides,
// NotImplemented otherwise, so typing's objects get their own __ror__).
static Ref type_or(Value a, Value b) {
  if (!type_union_hook) return Ref::borrow(not_implemented());
  return type_union_hook(a, b);
}

static int type_set_doc(Value self, Value v) {
  Type* t = self.as<Type>();
  if (!(t->flags & kTypeHeap)) {
    raisef(&TypeErrorType, "cannot set '__doc__' attribute of immutable type '%s'", t->name);
    return -1;
  }
  if (!dict_set_str(type_dict(t), "__doc__", v.is_null() ? Value::none() : v)) return -1;
  type_modified(t);
  return 0;
}

static Ref type_get_doc(Value self) {
  Type* t = self.as<Type>();
  Value d = dict_get_cstr(type_dict(t), "__doc__");
  if (d.is_null()) return Ref::none();
  if (type_of(d)->descr_get) return type_of(d)->descr_get(d, Value(), self);
  return Ref::borrow(d);
}
static Ref type_get_text_signature(Value self) {
  Type* t = self.as<Type>();
  if (type_has(t, kTypeHeap) || !t->doc) return Ref::none();
  const char* after = doc_after_signature(t->doc);
  if (after == t->doc) return Ref::none();
  const char* open = std::strchr(t->doc, '(');
  return str_from_utf8(std::string_view(open, size_t(after - std::strlen(kSignatureEnd) - open))).into_ref();
}
static Ref type_mro_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return sequence_list(Value::from_obj(self.as<Type>()->mro));
}
static Ref type_prepare(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return dict_new().into_ref();
}
static Ref type_instancecheck(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__instancecheck__", nargs, 1, 1)) return nullptr;
  return Ref::boolean(is_instance_of_type(args[0], self.as<Type>()));
}
static Ref type_subclasscheck(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__subclasscheck__", nargs, 1, 1)) return nullptr;
  if (!type_has(type_of(args[0]), kTypeTypeSubclass))
    return raise(&TypeErrorType, "issubclass() arg 1 must be a class");
  return Ref::boolean(is_subtype(args[0].as<Type>(), self.as<Type>()));
}
static const MethodDef type_methods[] = {
    {"mro", type_mro_m, 0, "Return a type's method resolution order."},
    {"__prepare__", type_prepare, kMethClass, nullptr},
    {"__instancecheck__", type_instancecheck, 0, nullptr},
    {"__subclasscheck__", type_subclasscheck, 0, nullptr},
    {"__subclasses__", type_subclasses, 0, "Return a list of immediate subclasses."},
    {nullptr}};
static const GetSetDef type_getsets[] = {{"__name__", type_get_name, type_set_name, nullptr},
                                         {"__qualname__", type_get_qualname, type_set_qualname, nullptr},
                                         {"__module__", type_get_module, type_set_module, nullptr},
                                         {"__bases__", type_get_bases, type_set_bases, nullptr},
                                         {"__flags__", type_get_flags, nullptr, nullptr},
                                         {"__base__", type_get_base, nullptr, nullptr},
                                         {"__mro__", type_get_mro, nullptr, nullptr},
                                         {"__dict__", type_get_dict, nullptr, nullptr},
                                         {"__doc__", type_get_doc, type_set_doc, nullptr},
                                         {"__text_signature__", type_get_text_signature, nullptr, nullptr},
                                         {nullptr}};

static int64_t type_hash(Value self) { return object_hash(self); }

// ---- start-up ------------------------------------------------------------------------------------

void init_descr_types();

void init_type_types() {
  static_type_init(ObjectType, "object", sizeof(Object), nullptr, kTypeBaseType);
  ObjectType.dealloc = object_dealloc;
  ObjectType.repr = object_repr;
  ObjectType.str = object_str;
  ObjectType.hash = object_hash;
  ObjectType.richcompare = object_richcompare;
  ObjectType.getattr = generic_getattr;
  ObjectType.setattr = generic_setattr;
  ObjectType.new_ = object_new;
  ObjectType.init = object_init;
  ObjectType.methods = object_methods;
  ObjectType.getsets = object_getsets;
  ObjectType.doc =
      "object()\n--\n\n"
      "The base class of the class hierarchy.\n\n"
      "When called, it accepts no arguments and returns a new featureless\n"
      "instance that has no instance attributes and cannot be given any.\n";

  static_type_init(TypeType, "type", sizeof(HeapType), &ObjectType,
                   kTypeBaseType | kTypeGc | kTypeTypeSubclass);
  TypeType.call = type_call;
  TypeType.repr = type_repr;
  TypeType.getattr = type_getattr;
  TypeType.setattr = type_setattr;
  TypeType.new_ = type_new_slot;
  TypeType.init = type_init_slot;
  TypeType.traverse = type_traverse;
  TypeType.clear = type_clear;
  TypeType.dealloc = type_dealloc;
  TypeType.hash = type_hash;
  TypeType.richcompare = object_richcompare;
  TypeType.methods = type_methods;
  TypeType.getsets = type_getsets;
  static NumberSlots type_number{};
  type_number.binary[int(BinOp::Or)] = type_or;
  TypeType.number = &type_number;
  TypeType.dict_offset = offsetof(Type, dict_unfilled);  // instance_dict_slot fills it

  static_type_init(WrapperDescrType, "wrapper_descriptor", sizeof(WrapperDescr), &ObjectType,
                   kTypeMethodDescriptor);
  WrapperDescrType.call = wrapper_descr_call;
  WrapperDescrType.descr_get = wrapper_descr_get;
  WrapperDescrType.repr = wrapper_descr_repr;
  WrapperDescrType.getsets = wrapper_descr_getsets;
  ready_type(&ObjectType);
  ready_type(&TypeType);
  ready_type(&WrapperDescrType);
  static_type_init(MethodWrapperType, "method-wrapper", sizeof(MethodWrapper), &ObjectType, kTypeGc);
  MethodWrapperType.dealloc = method_wrapper_dealloc;
  MethodWrapperType.traverse = method_wrapper_traverse;
  MethodWrapperType.clear = method_wrapper_clear;
  MethodWrapperType.call = method_wrapper_call;
  MethodWrapperType.repr = method_wrapper_repr;
  MethodWrapperType.richcompare = method_wrapper_richcompare;
  MethodWrapperType.hash = method_wrapper_hash;
  MethodWrapperType.getsets = method_wrapper_getsets;
  MethodWrapperType.methods = method_wrapper_methods;
  ready_type(&MethodWrapperType);
  init_descr_types();
}

// Second phase, once dict/str/tuple exist: dicts, MROs and descriptors.
void ready_core_types() {
  // The instance-dict descriptor lives on each heap type's first non-heap... simpler: on
  // object, returning AttributeError for objects without a dict.
  auto* d = alloc<GetSetDescr>(&GetSetDescrType);
  d->def = &instance_dict_getsets[0];
  d->owner = &ObjectType;
  Ref v = Ref::steal(Value::from_obj(d));
  dict_set_str(type_dict(&ObjectType), "__dict__", v.get());
  type_modified(&ObjectType);
}

}  // namespace gilpy::rt
