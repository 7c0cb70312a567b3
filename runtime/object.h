// runtime/object.h: the heap object header, reference counting, and the owning handles.
//
// Every heap object starts with an Object header: a plain (non-atomic) reference count and
// a pointer to its Type. The GIL guards every count (DESIGN decision 2), so no atomics.
// Objects that can take part in reference cycles (their type has the kGc flag) carry a
// GcLink just *before* the header, which threads them on the collector's generation lists
// (runtime/gc.h). The count reaching zero calls the type's dealloc through rt::dealloc.
//
// Ownership in C++ code follows CPython's rules, made automatic by two RAII handles:
//   Ref      owns one reference to a Value (a null Ref means "error pending" when returned)
//   Own<T>   owns one reference to a typed object pointer T*
// A function *returns* a new reference (Ref / Own<T>) and *takes* borrowed Values.
// Ref::steal adopts a reference already owned; Ref::borrow (or the copy constructor) adds one.
#pragma once

#include <cstdint>
#include <utility>

#include "runtime/value.h"

namespace gilpy::rt {

struct Type;

struct Object {
  uint32_t refcnt;      // references to this object; immortal objects start at kImmortal
  uint32_t alloc_size;  // bytes allocated for it (runtime/gc.cpp), 0 for static objects
  Type* type;
};

// Statically allocated objects (built-in types, singletons) start here and never reach 0.
constexpr uint32_t kImmortal = 1u << 30;

// The link that threads a collectable object onto a generation list; lives just before
// its Object header. gc_refs and gc_flags are the collector's scratch (runtime/gc.cpp).
struct GcLink {
  GcLink* next;
  GcLink* prev;
  uint32_t gc_refs;
  uint32_t gc_flags;
};

inline GcLink* gc_link_of(Object* o) { return reinterpret_cast<GcLink*>(o) - 1; }
inline Object* object_of(GcLink* g) { return reinterpret_cast<Object*>(g + 1); }

// Defined in runtime/gc.cpp: runs the type's dealloc, with a depth guard so that
// freeing a long chain (a million nested lists) does not overflow the C++ stack.
void dealloc(Object* o);

inline void incref(Object* o) { ++o->refcnt; }
inline void decref(Object* o) {
  if (--o->refcnt == 0) dealloc(o);
}
inline void incref(Value v) {
  if (v.is_obj()) ++v.obj()->refcnt;
}
inline void decref(Value v) {
  if (v.is_obj()) decref(v.obj());
}
inline void xdecref(Object* o) {
  if (o) decref(o);
}
inline void xincref(Object* o) {
  if (o) incref(o);
}

// Replaces *slot (an owned Value) with an owned v, releasing the old value last, so a
// __del__ that runs during the release sees a consistent slot.
inline void set_owned(Value* slot, Value v_owned) {
  Value old = *slot;
  *slot = v_owned;
  decref(old);
}

class Ref {
 public:
  Ref() = default;
  Ref(std::nullptr_t) {}
  static Ref steal(Value v) { Ref r; r.v_ = v; return r; }
  static Ref steal(Object* o) { return steal(Value::from_obj(o)); }
  static Ref borrow(Value v) { incref(v); return steal(v); }
  static Ref borrow(Object* o) { return borrow(Value::from_obj(o)); }
  // Tagged values need no count: these are always safe to construct from.
  static Ref none() { return steal(Value::none()); }
  static Ref boolean(bool b) { return steal(Value::boolean(b)); }

  Ref(const Ref& o) : v_(o.v_) { incref(v_); }
  Ref(Ref&& o) noexcept : v_(o.v_) { o.v_ = Value(); }
  Ref& operator=(const Ref& o) {
    Value old = v_;
    v_ = o.v_;
    incref(v_);
    decref(old);
    return *this;
  }
  Ref& operator=(Ref&& o) noexcept {
    if (this != &o) {
      Value old = v_;
      v_ = o.v_;
      o.v_ = Value();
      decref(old);
    }
    return *this;
  }
  ~Ref() { decref(v_); }

  Value get() const { return v_; }
  Value operator*() const { return v_; }
  explicit operator bool() const { return !v_.is_null(); }
  bool is_null() const { return v_.is_null(); }
  // Gives up ownership: the caller now owns the reference.
  Value release() { Value v = v_; v_ = Value(); return v; }
  void reset() { Value old = v_; v_ = Value(); decref(old); }
  template <class T> T* as() const { return v_.as<T>(); }

 private:
  Value v_;
};

template <class T>
class Own {
 public:
  Own() = default;
  Own(std::nullptr_t) {}
  static Own steal(T* p) { Own o; o.p_ = p; return o; }
  static Own borrow(T* p) { if (p) incref(reinterpret_cast<Object*>(p)); return steal(p); }

  Own(const Own& o) : p_(o.p_) { xincref(obj()); }
  Own(Own&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  Own& operator=(Own o) noexcept { std::swap(p_, o.p_); return *this; }
  ~Own() { xdecref(obj()); }

  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  Value value() const { return Value::from_obj(obj()); }
  T* release() { T* p = p_; p_ = nullptr; return p; }
  // Converts to an owning Ref, giving up this handle's reference.
  Ref into_ref() { return Ref::steal(Value::from_obj(reinterpret_cast<Object*>(release()))); }
  operator Ref() && { return into_ref(); }

 private:
  Object* obj() const { return reinterpret_cast<Object*>(p_); }
  T* p_ = nullptr;
};

}  // namespace gilpy::rt
