// stdlib/simple_namespace.cpp: types.SimpleNamespace (CPython's Objects/namespaceobject.c):
// an object whose attributes are its keyword arguments. Native because sys.implementation
// is one, made before any Python module runs, and CPython's types.py finds the type as
// type(sys.implementation).
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type SimpleNamespaceType;

struct Namespace : Object {
  Dict* dict;  // owned: the attributes (never null once made)
};

Dict* attributes_of(Value v) { return static_cast<Namespace*>(v.obj())->dict; }
bool is_namespace(Value v) { return v.is_obj() && is_subtype(type_of(v), &SimpleNamespaceType); }

void namespace_traverse(Object* o, VisitFn visit, void* ctx) {
  if (Dict* d = static_cast<Namespace*>(o)->dict) visit(Value::from_obj(d), ctx);
}

void namespace_clear(Object* o) {
  Dict* d = static_cast<Namespace*>(o)->dict;
  static_cast<Namespace*>(o)->dict = nullptr;
  xdecref(d);
}

void namespace_dealloc(Object* o) {
  gc_untrack(o);
  namespace_clear(o);
  free_object(o);
}

Ref namespace_new(Type* type, const Value*, size_t, Tuple*) {
  Own<Dict> attributes = dict_new();
  auto* ns = static_cast<Namespace*>(alloc_object(type, type->basic_size));
  ns->dict = attributes.release();
  return Ref::steal(Value::from_obj(ns));
}

// SimpleNamespace(**kwargs): the keywords become attributes; no positional arguments.
int namespace_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs) {
    raise(&TypeErrorType, "no positional arguments expected");
    return -1;
  }
  for (int64_t i = 0; kwnames && i < kwnames->size; ++i)
    if (!dict_set(attributes_of(self), kwnames->items[i], args[i])) return -1;
  return 0;
}

// namespace(a=1, b='x'): a subclass shows its own name; "..." where it contains itself.
// The attributes are copied first (a value's repr may change them); keys that are not
// non-empty strs are left out, as CPython does.
Ref namespace_repr(Value self) {
  std::string name = type_of(self) == &SimpleNamespaceType ? "namespace" : type_of(self)->name;
  if (repr_enter(self)) return new_str(name + "(...)");
  std::string text;
  Own<Dict> attributes = dict_copy(attributes_of(self));
  int64_t pos = 0;
  Value key, value;
  bool ok = bool(attributes);
  while (ok && dict_next(attributes.get(), &pos, &key, &value)) {
    if (!is_str(key) || key.as<Str>()->length == 0) continue;
    Ref r = repr(value);
    ok = bool(r);
    if (ok) text += (text.empty() ? "" : ", ") + utf8_of(key) + "=" + utf8_of(r.get());
  }
  repr_leave(self);
  if (!ok) return nullptr;
  return new_str(name + "(" + text + ")");
}

// Two namespaces (of any subclasses) are equal when their attributes are.
Ref namespace_richcompare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_namespace(a) || !is_namespace(b))
    return Ref::borrow(not_implemented());
  return rich_compare(Value::from_obj(attributes_of(a)), Value::from_obj(attributes_of(b)), op);
}

// (type(self), (), self.__dict__)
Ref m_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce__", kwnames) || !check_nargs("__reduce__", nargs, 0, 0)) return nullptr;
  Own<Tuple> no_args = tuple_new(0);
  Value parts[3] = {Value::from_obj(type_of(self)), Value::from_obj(no_args.get()),
                    Value::from_obj(attributes_of(self))};
  return tuple_from_array(parts, 3).into_ref();
}

const MethodDef namespace_methods[] = {
    {"__reduce__", m_reduce, 0, "Return state information for pickling"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

Type* simple_namespace_type() {
  if (SimpleNamespaceType.flags & kTypeReady) return &SimpleNamespaceType;
  static_type_init(SimpleNamespaceType, "types.SimpleNamespace", sizeof(Namespace), &ObjectType,
                   kTypeBaseType | kTypeGc);
  SimpleNamespaceType.new_ = namespace_new;
  SimpleNamespaceType.init = namespace_init;
  SimpleNamespaceType.dealloc = namespace_dealloc;
  SimpleNamespaceType.traverse = namespace_traverse;
  SimpleNamespaceType.clear = namespace_clear;
  SimpleNamespaceType.repr = namespace_repr;
  SimpleNamespaceType.richcompare = namespace_richcompare;
  SimpleNamespaceType.dict_offset = offsetof(Namespace, dict);
  SimpleNamespaceType.methods = namespace_methods;
  SimpleNamespaceType.doc = "A simple attribute-based namespace.\n\nSimpleNamespace(**kwargs)";
  ready_type(&SimpleNamespaceType);
  return &SimpleNamespaceType;
}

Ref simple_namespace_new(const char* const* names, const Value* values, size_t n) {
  Ref ns = namespace_new(simple_namespace_type(), nullptr, 0, nullptr);
  for (size_t i = 0; i < n; ++i)
    if (!dict_set_str(attributes_of(ns.get()), names[i], values[i])) return nullptr;
  return ns;
}

}  // namespace gilpy::stdlib
