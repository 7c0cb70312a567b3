// runtime/typeobject.h: making and readying types, and the class machinery: heap types
// from class statements (C3 MRO, slots that dispatch to dunder methods), super, and the
// descriptor types that put native methods and attributes into a type's dict.
#pragma once

#include <cstddef>
#include <string>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Str;
struct Tuple;
struct Dict;

// Prepares a static built-in type: header (immortal, type `type`), name, size, base
// and flags. Fill its slots and tables afterwards, then call ready_type.
void static_type_init(Type& t, const char* name, size_t basic_size, Type* base,
                      uint32_t flags = kTypeBaseType);
// Computes MRO, inherits missing slots from the base, and fills the dict from the
// method/getset tables (as descriptors) and from the slots (__add__, __repr__, ... as
// wrappers, so that `int.__add__` and `super().__init__` work). Returns false on error.
bool ready_type(Type* t);
// type(name, bases, ns, **kwargs): the new class, after __set_name__ on its namespace and
// the parent's __init_subclass__(**kwargs) (kwvalues/kwnames: vectorcall keywords).
Ref type_new(Type* meta, Str* name, Tuple* bases, Dict* ns, const Value* kwvalues = nullptr, Tuple* kwnames = nullptr);
// list[int] and int | str: types.GenericAlias and types.UnionType are Python classes of
// the frozen `_gilpy_generic_alias` module, which vm/ sets these hooks to reach (runtime/
// cannot import).
extern Ref (*generic_alias_hook)(Value origin, Value item);
extern Ref (*type_union_hook)(Value a, Value b);
// import NAME, for the few runtime/ paths that need a Python module (object.__reduce_ex__
// needs copyreg); vm/ sets it.
extern Ref (*import_module_hook)(const char* name);
// The globals of the running Python frame (null when none), whose __name__ becomes the
// __module__ of a class made by type(name, bases, ns), as in CPython; vm/ sets it.
extern Dict* (*current_globals_hook)();
// __qualname__ of a type as UTF-8 (a built-in's: its name without the module).
std::string type_qualname_utf8(Type* t);
// __class_getitem__ of the built-in generic classes (a kMethClass MethodDef function).
Ref generic_class_getitem(Value cls, const Value* args, size_t nargs, Tuple* kwnames);
// Marks a type (and its subclasses) changed: invalidates attribute caches.
void type_modified(Type* t);
// Changes whenever type_modified is called: when any class dict, base or MRO changes and
// when a type is made or freed. A lookup cached with the epoch (type_lookup's cache, the
// VM's attribute caches) stays right, and its borrowed values alive, while it holds.
extern uint64_t type_cache_epoch;

// Descriptors wrapping native code.
struct BuiltinFunction : Object {    // builtin_function_or_method: a MethodDef bound to self
  const MethodDef* def;
  Value self;       // owned; the module or bound object (null for static functions)
  Value module;     // owned __module__ name or null
};
extern Type BuiltinFunctionType;
Ref builtin_function_new(const MethodDef* def, Value self);
// member_descriptor: the attribute a __slots__ name becomes, a Value `offset` bytes into
// each instance of owner (null while unset).
extern Type MemberDescrType;
Ref member_descr_new(Type* owner, Str* name, size_t offset);

struct MethodDescr : Object {        // method_descriptor: a native method in a type's dict
  const MethodDef* def;
  Type* owner;
};
extern Type MethodDescrType;
extern Type ClassMethodDescrType;

struct GetSetDescr : Object {        // getset_descriptor
  const GetSetDef* def;
  Type* owner;
};
extern Type GetSetDescrType;

// A bound method: a function (Python or native) with `self` bound (vm makes these for
// Python functions; natives use BuiltinFunction).
struct Method : Object {
  Value func;   // owned
  Value self;   // owned
};
extern Type MethodType;
Ref method_new(Value func, Value self);

// property, staticmethod, classmethod, super.
struct Property : Object {
  Value fget, fset, fdel, doc;  // owned, null when absent
  Value name;                   // owned: the attribute name (from __set_name__) or null
};
extern Type PropertyType;
struct StaticMethod : Object { Value func; Dict* dict; };
extern Type StaticMethodType;
struct ClassMethod : Object { Value func; Dict* dict; };
extern Type ClassMethodType;
struct Super : Object {
  Type* type;      // the class super() was called in (owned)
  Value obj;       // the instance or class (owned)
  Type* obj_type;  // type to search the MRO of (owned)
};
extern Type SuperType;
// The VM's hook for zero-argument super(): finds __class__ and the first argument of
// the calling frame. Set by vm/ at start-up.
extern bool (*super_zero_arg_hook)(Type** type, Value* obj);

// Generic instance of a class defined in Python (heap type with no built-in base).
struct Instance : Object {
  Dict* dict;  // owned, may be null until the first attribute is set
};

void init_type_types();

}  // namespace gilpy::rt
