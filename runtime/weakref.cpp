// runtime/weakref.cpp: weak references and proxies (runtime/weakref.h).
#include "runtime/weakref.h"

#include <unordered_map>

#include "runtime/runtime.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type WeakRefType;
Type WeakProxyType;
Type WeakCallableProxyType;

namespace {

constexpr uint32_t kGcFlagHasWeakrefs = 8;  // beside runtime/gc.cpp's flags 1, 2 and 4

// The newest reference to each object that has any (process-wide; used under the GIL).
std::unordered_map<Object*, WeakRef*> weak_lists;

// Static objects (built-in classes) have no GcLink: their references are looked up in the
// table directly (they never die, so nothing ever clears them).
bool has_gc_link(Object* o) { return (o->type->flags & kTypeGc) && o->alloc_size != 0; }

WeakRef* list_head(Object* o) {
  if (has_gc_link(o) && !(gc_link_of(o)->gc_flags & kGcFlagHasWeakrefs)) return nullptr;
  auto it = weak_lists.find(o);
  return it == weak_lists.end() ? nullptr : it->second;
}

void link(WeakRef* r, Object* o) {
  WeakRef*& head = weak_lists[o];
  r->prev = nullptr;
  r->next = head;
  if (head) head->prev = r;
  head = r;
  if (has_gc_link(o)) gc_link_of(o)->gc_flags |= kGcFlagHasWeakrefs;
}

void unlink(WeakRef* r) {
  Object* o = r->referent;
  if (!o) return;
  if (r->prev) {
    r->prev->next = r->next;
  } else {
    auto it = weak_lists.find(o);
    if (it != weak_lists.end()) {
      if (r->next) it->second = r->next;
      else {
        weak_lists.erase(it);
        if (has_gc_link(o)) gc_link_of(o)->gc_flags &= ~kGcFlagHasWeakrefs;
      }
    }
  }
  if (r->next) r->next->prev = r->prev;
  r->prev = r->next = nullptr;
  r->referent = nullptr;
}

WeakRef* as_ref(Value v) { return static_cast<WeakRef*>(v.obj()); }

// The referent, or null when it died.
Value referent_of(Value self) {
  Object* o = as_ref(self)->referent;
  return o ? Value::from_obj(o) : Value();
}

bool is_proxy(Value v) { return v.is_obj() && (type_of(v) == &WeakProxyType || type_of(v) == &WeakCallableProxyType); }

void weakref_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* r = static_cast<WeakRef*>(o);
  if (!r->callback.is_null()) visit(r->callback, ctx);
}

void weakref_clear(Object* o) {
  auto* r = static_cast<WeakRef*>(o);
  unlink(r);
  Value cb = r->callback;
  r->callback = Value();
  if (!cb.is_null()) decref(cb);
}

void weakref_dealloc(Object* o) {
  gc_untrack(o);
  weakref_clear(o);
  free_object(o);
}

Ref weakref_call(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("weakref", kwnames) || !check_nargs("weakref", nargs, 0, 0)) return nullptr;
  Value v = referent_of(self);
  return Ref::borrow(v.is_null() ? Value::none() : v);
}

int64_t weakref_hash(Value self) {
  WeakRef* r = as_ref(self);
  if (r->hash != -1) return r->hash;
  Value v = referent_of(self);
  if (v.is_null()) {
    raise(&TypeErrorType, "weak object has gone away");
    return -1;
  }
  r->hash = hash(v);
  return r->hash;
}

Ref weakref_repr(Value self) {
  WeakRef* r = as_ref(self);
  if (!r->referent) return str_from_utf8(strfmt("<weakref at %p; dead>", static_cast<void*>(r))).into_ref();
  Value v = Value::from_obj(r->referent);
  Ref name = getattr_opt(v, intern("__name__"));
  if (!name && error_pending()) clear_error();
  std::string text = strfmt("<weakref at %p; to '%s' at %p", static_cast<void*>(r), type_name(v),
                            static_cast<void*>(r->referent));
  if (name && is_str(name.get())) text += " (" + str_to_utf8(name.as<Str>()) + ")";
  return str_from_utf8(text + ">").into_ref();
}

// Two live references compare as their referents; otherwise by identity.
Ref weakref_richcompare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_instance_of_type(a, &WeakRefType) ||
      !is_instance_of_type(b, &WeakRefType))
    return Ref::borrow(not_implemented());
  Value x = referent_of(a), y = referent_of(b);
  if (x.is_null() || y.is_null()) {
    bool same = a == b;
    return Ref::boolean(op == CompareOp::Eq ? same : !same);
  }
  return rich_compare(x, y, op);
}

Ref weakref_type_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nkw) return raisef(&TypeErrorType, "%s() takes no keyword arguments", type->name);
  if (nargs < 1 || nargs > 2)
    return raisef(&TypeErrorType, "__new__ expected at most 2 arguments, got %zu", nargs);
  return weakref_new(type, args[0], nargs == 2 ? args[1] : Value::none());
}

int weakref_type_init(Value, const Value*, size_t, Tuple*) { return 0; }

Ref weakref_get_callback(Value self) {
  Value cb = as_ref(self)->callback;
  return Ref::borrow(cb.is_null() ? Value::none() : cb);
}

const GetSetDef weakref_getsets[] = {{"__callback__", weakref_get_callback, nullptr, nullptr}, {nullptr}};

// ---- proxies: every operation goes to the referent, ReferenceError once it died ----------

Ref dead_proxy() { return raise(&ReferenceErrorType, "weakly-referenced object no longer exists"); }

#define PROXY_REFERENT(self, v, on_dead) \
  Value v = referent_of(self);           \
  if (v.is_null()) {                     \
    dead_proxy();                        \
    return on_dead;                      \
  }                                      \
  Ref v##_hold = Ref::borrow(v)

Ref proxy_getattr(Value self, Str* name) {
  PROXY_REFERENT(self, v, nullptr);
  return getattr(v, name);
}
int proxy_setattr(Value self, Str* name, Value value) {
  PROXY_REFERENT(self, v, -1);
  return setattr(v, name, value);
}
Ref proxy_repr(Value self) {
  WeakRef* r = as_ref(self);
  if (!r->referent) return str_from_utf8(strfmt("<weakproxy at %p; dead>", static_cast<void*>(r))).into_ref();
  return str_from_utf8(strfmt("<weakproxy at %p; to '%s' at %p>", static_cast<void*>(r),
                              type_name(Value::from_obj(r->referent)), static_cast<void*>(r->referent)))
      .into_ref();
}
Ref proxy_str(Value self) {
  PROXY_REFERENT(self, v, nullptr);
  return str(v);
}
Ref proxy_call(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  PROXY_REFERENT(self, v, nullptr);
  return call(v, args, nargs, kwnames);
}
int64_t proxy_len(Value self) {
  PROXY_REFERENT(self, v, -1);
  return length(v);
}
Ref proxy_getitem(Value self, Value key) {
  PROXY_REFERENT(self, v, nullptr);
  return get_item(v, key);
}
int proxy_setitem(Value self, Value key, Value value) {
  PROXY_REFERENT(self, v, -1);
  return set_item(v, key, value);
}
Ref proxy_iter(Value self) {
  PROXY_REFERENT(self, v, nullptr);
  return get_iter(v);
}
Ref proxy_richcompare(Value a, Value b, CompareOp op) {
  Ref x = Ref::borrow(a), y = Ref::borrow(b);
  if (is_proxy(a)) {
    Value v = referent_of(a);
    if (v.is_null()) return dead_proxy();
    x = Ref::borrow(v);
  }
  if (is_proxy(b)) {
    Value v = referent_of(b);
    if (v.is_null()) return dead_proxy();
    y = Ref::borrow(v);
  }
  return rich_compare(x.get(), y.get(), op);
}
int64_t proxy_hash(Value self) {
  raisef(&TypeErrorType, "unhashable type: '%s'", type_name(self));
  return -1;
}

Ref proxy_bool(Value self, const Value*, size_t, Tuple*) {
  PROXY_REFERENT(self, v, nullptr);
  int t = truthy(v);
  return t < 0 ? nullptr : Ref::boolean(t);
}
const MethodDef proxy_methods[] = {{"__bool__", proxy_bool, 0, nullptr}, {nullptr}};

void init_proxy_type(Type& t, const char* name) {
  static_type_init(t, name, sizeof(WeakRef), &ObjectType, kTypeGc);
  t.dealloc = weakref_dealloc;
  t.traverse = weakref_traverse;
  t.clear = weakref_clear;
  t.getattr = proxy_getattr;
  t.setattr = proxy_setattr;
  t.repr = proxy_repr;
  t.str = proxy_str;
  t.len = proxy_len;
  t.getitem = proxy_getitem;
  t.setitem = proxy_setitem;
  t.iter = proxy_iter;
  t.richcompare = proxy_richcompare;
  t.hash = proxy_hash;
  t.methods = proxy_methods;
  t.flags |= kTypeDisallowInstantiation;
  ready_type(&t);
}

WeakRef* make_ref(Type* type, Object* o, Value callback) {
  auto* r = alloc<WeakRef>(type, type->basic_size);  // a subclass (KeyedRef) adds a dict slot
  r->referent = nullptr;
  r->callback = callback.is_null() || callback.is_none() ? Value() : (incref(callback), callback);
  r->hash = -1;
  r->prev = r->next = nullptr;
  link(r, o);
  r->referent = o;
  return r;
}

Ref cannot_weakref(Value obj) {
  return raisef(&TypeErrorType, "cannot create weak reference to '%s' object", type_name(obj));
}

}  // namespace

bool weakrefable(Value obj) {
  if (!obj.is_obj()) return false;
  Type* t = type_of(obj);
  return (t->flags & kTypeGc) && ((t->flags & kTypeHeap) || t->weaklist_offset != 0);
}

void allow_weakrefs(Type* t) { t->weaklist_offset = 1; }

bool has_weakrefs(Object* o) { return has_gc_link(o) && (gc_link_of(o)->gc_flags & kGcFlagHasWeakrefs); }

Ref weakref_new(Type* type, Value obj, Value callback) {
  if (!weakrefable(obj)) return cannot_weakref(obj);
  bool plain = callback.is_null() || callback.is_none();
  // ref(obj) without a callback is shared, as CPython shares it.
  if (type == &WeakRefType && plain) {
    for (WeakRef* r = list_head(obj.obj()); r; r = r->next)
      if (r->type == &WeakRefType && r->callback.is_null()) return Ref::borrow(Value::from_obj(r));
  }
  return Ref::steal(Value::from_obj(make_ref(type, obj.obj(), callback)));
}

Ref weakproxy_new(Value obj, Value callback) {
  if (!weakrefable(obj)) return cannot_weakref(obj);
  Type* type = is_callable(obj) ? &WeakCallableProxyType : &WeakProxyType;
  bool plain = callback.is_null() || callback.is_none();
  if (plain) {
    for (WeakRef* r = list_head(obj.obj()); r; r = r->next)
      if (r->type == type && r->callback.is_null()) return Ref::borrow(Value::from_obj(r));
  }
  return Ref::steal(Value::from_obj(make_ref(type, obj.obj(), callback)));
}

void clear_weakrefs(Object* obj, bool (*skip_callback)(Object* ref)) {
  // Unlink them all first (the referent is dying), then run the callbacks, newest first,
  // each holding its reference alive while it runs.
  std::vector<Ref> with_callbacks;
  while (WeakRef* r = list_head(obj)) {
    bool call_it = !r->callback.is_null() && !(skip_callback && skip_callback(r));
    if (call_it && r->refcnt > 0) with_callbacks.push_back(Ref::borrow(Value::from_obj(r)));
    unlink(r);
  }
  if (with_callbacks.empty()) return;
  Ref saved = fetch_error();
  for (Ref& r : with_callbacks) {
    WeakRef* w = as_ref(r.get());
    Value cb = w->callback;
    if (cb.is_null()) continue;
    w->callback = Value();
    Ref hold = Ref::steal(cb);
    if (!call1(cb, r.get())) write_unraisable(cb);
  }
  if (saved) restore_error(std::move(saved));
}

int64_t weakref_count(Value obj) {
  if (!obj.is_obj()) return 0;
  int64_t n = 0;
  for (WeakRef* r = list_head(obj.obj()); r; r = r->next) ++n;
  return n;
}

Ref weakref_list(Value obj) {
  Own<List> out = list_new(0);
  if (obj.is_obj())
    for (WeakRef* r = list_head(obj.obj()); r; r = r->next)
      if (!list_append(out.get(), Value::from_obj(r))) return nullptr;
  return out.into_ref();
}

void init_weakref_types() {
  static_type_init(WeakRefType, "weakref.ReferenceType", sizeof(WeakRef), &ObjectType, kTypeGc | kTypeBaseType);
  WeakRefType.dealloc = weakref_dealloc;
  WeakRefType.traverse = weakref_traverse;
  WeakRefType.clear = weakref_clear;
  WeakRefType.call = weakref_call;
  WeakRefType.hash = weakref_hash;
  WeakRefType.repr = weakref_repr;
  WeakRefType.richcompare = weakref_richcompare;
  WeakRefType.new_ = weakref_type_new;
  WeakRefType.init = weakref_type_init;
  WeakRefType.getsets = weakref_getsets;
  ready_type(&WeakRefType);
  for (Type* t : {&TypeType, &SetType, &FrozenSetType, &ModuleType, &BuiltinFunctionType, &MethodType})
    allow_weakrefs(t);
  init_proxy_type(WeakProxyType, "weakref.ProxyType");
  init_proxy_type(WeakCallableProxyType, "weakref.CallableProxyType");
  WeakCallableProxyType.call = proxy_call;
}

}  // namespace gilpy::rt
