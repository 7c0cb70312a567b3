// runtime/mappingproxy.cpp: the mappingproxy type (see mappingproxy.h). Reads go to the
// mapping (get, keys, values, items, copy, [], in, len, iter, reversed, ==, |), as
// CPython's descrobject.c does; writes raise CPython's TypeErrors.
#include "runtime/mappingproxy.h"

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/list.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type MappingProxyType;

namespace {

Value mapping_of(Value proxy) { return proxy.as<MappingProxy>()->mapping; }

Ref proxy_getitem(Value self, Value key) { return get_item(mapping_of(self), key); }
int64_t proxy_len(Value self) { return length(mapping_of(self)); }
int proxy_contains(Value self, Value key) { return contains(mapping_of(self), key); }
Ref proxy_iter(Value self) { return get_iter(mapping_of(self)); }
Ref proxy_str(Value self) { return str(mapping_of(self)); }

Ref proxy_repr(Value self) {
  Ref inner = repr(mapping_of(self));
  if (!inner) return nullptr;
  return str_from_utf8("mappingproxy(" + str_to_utf8(inner.as<Str>()) + ")").into_ref();
}

int proxy_setitem(Value self, Value, Value v) {
  raisef(&TypeErrorType, "'%s' object does not support item %s", type_name(self), v.is_null() ? "deletion" : "assignment");
  return -1;
}

Ref proxy_richcompare(Value a, Value b, CompareOp op) { return rich_compare(mapping_of(a), b, op); }

// a | b with either side a proxy: the same on the mappings.
Ref proxy_or(Value a, Value b) {
  Value left = type_of(a) == &MappingProxyType ? mapping_of(a) : a;
  Value right = type_of(b) == &MappingProxyType ? mapping_of(b) : b;
  return binary_op(left, right, BinOp::Or);
}

Ref proxy_get(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, fallback = Value::none();
  if (!bind_args("get", args, nargs, kwnames, {"key", "default", "/"}, 1, {&key, &fallback})) return nullptr;
  Value pair[] = {key, fallback};
  Ref get = getattr(mapping_of(self), "get");
  return get ? call(get.get(), pair, 2) : get;
}

Ref forward0(Value self, const char* name, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args(name, nargs, kwnames)) return nullptr;
  return call_method0(mapping_of(self), name);
}
Ref proxy_keys(Value self, const Value*, size_t nargs, Tuple* kwnames) { return forward0(self, "keys", nargs, kwnames); }
Ref proxy_values(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return forward0(self, "values", nargs, kwnames);
}
Ref proxy_items(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return forward0(self, "items", nargs, kwnames);
}
Ref proxy_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) { return forward0(self, "copy", nargs, kwnames); }
Ref proxy_reversed(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return forward0(self, "__reversed__", nargs, kwnames);
}

// mappingproxy(mapping): any mapping but a list or a tuple (CPython's check).
Ref proxy_new_slot(Type*, const Value* args, size_t nargs, Tuple* kwnames) {
  Value mapping;
  if (!bind_args("mappingproxy", args, nargs, kwnames, {"mapping"}, 1, {&mapping})) return nullptr;
  Type* t = type_of(mapping);
  if (!t->getitem || is_subtype(t, &ListType) || is_subtype(t, &TupleType))
    return raisef(&TypeErrorType, "mappingproxy() argument must be a mapping, not %s", t->name);
  return mappingproxy_new(mapping);
}

void proxy_traverse(Object* o, VisitFn visit, void* ctx) { visit(static_cast<MappingProxy*>(o)->mapping, ctx); }
void proxy_clear(Object* o) { set_owned(&static_cast<MappingProxy*>(o)->mapping, Value::none()); }
void proxy_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<MappingProxy*>(o)->mapping);
  free_object(o);
}

const MethodDef proxy_methods[] = {
    {"get", proxy_get, 0, "Return the value for key if key is in the mapping, else default."},
    {"keys", proxy_keys, 0, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", proxy_values, 0, "D.values() -> an object providing a view on D's values"},
    {"items", proxy_items, 0, "D.items() -> a set-like object providing a view on D's items"},
    {"copy", proxy_copy, 0, "D.copy() -> a shallow copy of D"},
    {"__reversed__", proxy_reversed, 0, "D.__reversed__() -> reverse iterator"},
    {nullptr}};

NumberSlots proxy_number;

}  // namespace

Ref mappingproxy_new(Value mapping) {
  auto* p = static_cast<MappingProxy*>(alloc_object(&MappingProxyType, sizeof(MappingProxy)));
  incref(mapping);
  p->mapping = mapping;
  return Ref::steal(Value::from_obj(p));
}

void init_mappingproxy_type() {
  static_type_init(MappingProxyType, "mappingproxy", sizeof(MappingProxy), &ObjectType,
                   kTypeGc | kTypeMatchMapping);
  MappingProxyType.new_ = proxy_new_slot;
  MappingProxyType.repr = proxy_repr;
  MappingProxyType.str = proxy_str;
  MappingProxyType.richcompare = proxy_richcompare;
  MappingProxyType.getitem = proxy_getitem;
  MappingProxyType.setitem = proxy_setitem;
  MappingProxyType.len = proxy_len;
  MappingProxyType.contains = proxy_contains;
  MappingProxyType.iter = proxy_iter;
  MappingProxyType.traverse = proxy_traverse;
  MappingProxyType.clear = proxy_clear;
  MappingProxyType.dealloc = proxy_dealloc;
  MappingProxyType.methods = proxy_methods;
  proxy_number.binary[static_cast<int>(BinOp::Or)] = proxy_or;
  MappingProxyType.number = &proxy_number;
  ready_type(&MappingProxyType);
  // Unhashable, as in CPython 3.11.
  MappingProxyType.hash = nullptr;
  dict_set_str(MappingProxyType.dict_unfilled, "__hash__", Value::none());
}

}  // namespace gilpy::rt
