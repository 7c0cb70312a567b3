// runtime/weakref.h: weak references (the _weakref module's ref and proxy types, which
// CPython's weakref.py, _weakrefset.py and everything built on them use).
//
// A weak reference does not keep its referent alive. The references to one object form a
// doubly linked list, found through a side table keyed by the object (gilpy's objects have
// no weak-list slot); a bit in the object's GcLink says the object has one, so dealloc
// checks a bit, not the table. When the referent dies (its count reaches 0, or the
// collector finds it in garbage) every reference is cleared and the callbacks run, newest
// reference first, as CPython's PyObject_ClearWeakRefs does. Only collectable objects take
// weak references: instances of classes, functions, classes, sets, modules, methods,
// code objects, generators (Type::weaklist_offset nonzero marks the built-in ones).
#pragma once

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct WeakRef : Object {
  Object* referent;  // borrowed; null once it died
  Value callback;    // owned, or null
  int64_t hash;      // -1 until computed (kept after the referent dies)
  WeakRef* prev;     // the referent's list
  WeakRef* next;
};

extern Type WeakRefType;            // _weakref.ReferenceType, subclassable (WeakMethod, KeyedRef)
extern Type WeakProxyType;          // _weakref.ProxyType
extern Type WeakCallableProxyType;  // _weakref.CallableProxyType

// Whether obj's type takes weak references; allow_weakrefs marks a built-in type that does.
bool weakrefable(Value obj);
void allow_weakrefs(Type* t);
// Whether obj has weak references (a bit test: dealloc asks it of every collectable object).
bool has_weakrefs(Object* obj);
// Clears obj's weak references and calls their callbacks (dealloc and the collector call
// it; `skip_callback` says which references are themselves garbage: no callback for those).
void clear_weakrefs(Object* obj, bool (*skip_callback)(Object* ref) = nullptr);
// How many weak references obj has, and a list of them (getweakrefcount, getweakrefs).
int64_t weakref_count(Value obj);
Ref weakref_list(Value obj);
// _weakref.ref(obj, callback) and _weakref.proxy(obj, callback).
Ref weakref_new(Type* type, Value obj, Value callback);
Ref weakproxy_new(Value obj, Value callback);

void init_weakref_types();

}  // namespace gilpy::rt
