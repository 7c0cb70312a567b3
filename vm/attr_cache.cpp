// vm/attr_cache.cpp: LOAD_ATTR, LOAD_METHOD and STORE_ATTR through their inline caches
// (see vm/attr_cache.h): classify what the generic protocol finds on a type once per type
// and epoch, then repeat only the part that depends on the instance.
#include "vm/attr_cache.h"

#include <limits>

#include "runtime/abstract.h"
#include "runtime/module.h"

namespace gilpy::vm {

using namespace gilpy::rt;

namespace {

// d[name], trying the remembered position first; null when absent.
inline Value dict_lookup_hinted(Dict* d, Str* name, int32_t* hint) {
  if (hint_matches(d, *hint, name)) return d->entries[*hint].value;
  int64_t ix = dict_find_str(d, name);
  if (ix < 0) return Value();
  if (ix <= std::numeric_limits<int32_t>::max()) *hint = static_cast<int32_t>(ix);
  return d->entries[ix].value;
}

inline bool is_data_descriptor(Type* dt) { return dt->descr_get && dt->descr_set; }

// What the generic protocol finds for `name` on t: the entry for (t, now).
void classify(AttrCacheEntry& e, Type* t, Str* name, bool store) {
  e = {t, type_cache_epoch, Value(), AttrKind::kGeneric, -1};
  if (!store && t == &ModuleType) {
    // Module attributes are the module dict's unless ModuleType has a data descriptor.
    Value d = type_lookup(t, name);
    if (d.is_null() || !is_data_descriptor(type_of(d))) e.kind = AttrKind::kModule;
    return;
  }
  if (store ? t->setattr != generic_setattr : t->getattr != generic_getattr) return;
  Value d = type_lookup(t, name);
  e.descr = d;
  if (d.is_null()) {
    if (t->dict_offset) e.kind = AttrKind::kInstanceDict;
    return;
  }
  Type* dt = type_of(d);
  if (store) {
    if (dt->descr_set)
      e.kind = AttrKind::kDataDescr;
    else if (t->dict_offset)
      e.kind = AttrKind::kInstanceDict;
    return;
  }
  if (is_data_descriptor(dt)) {
    e.kind = AttrKind::kDataDescr;
    return;
  }
  if (!t->dict_offset && t->dict_slot) return;  // an out-of-line dict: the generic path
  e.kind = type_has(dt, kTypeMethodDescriptor) ? AttrKind::kMethod : AttrKind::kClassAttr;
}

// The entry of this instruction valid for t now. An instruction starts with two entries,
// for sites that see two types (a method called on two subclasses); the first is the one
// the inline paths check. A site that sees a third type (a scheduler calling step() on
// processes of five classes) gets kPolymorphicEntries, counted in its second cache word;
// past that, the oldest entry makes room. A new epoch refills entries as types come.
// The reference is good until Python code runs (it may grow the table).
constexpr uint32_t kPolymorphicEntries = 8;

AttrCacheEntry& entry_for(AttrCacheTable& table, uint32_t* cache_word, Type* t, Str* name, bool store) {
  uint32_t* entry_count = cache_word + 1;
  if (*cache_word == 0) {
    table.resize(table.size() + 2);
    *cache_word = static_cast<uint32_t>(table.size() - 1);
    *entry_count = 2;
    classify(table[*cache_word - 1], t, name, store);
    return table[*cache_word - 1];
  }
  size_t first = *cache_word - 1, n = *entry_count;
  for (size_t i = 0; i < n; ++i)
    if (entry_holds(table[first + i], t)) return table[first + i];
  if (n == 2) {  // a third type: this site is polymorphic
    size_t grown = table.size();
    table.resize(grown + kPolymorphicEntries);
    table[grown] = table[first];
    table[grown + 1] = table[first + 1];
    *cache_word = static_cast<uint32_t>(grown + 1);
    *entry_count = n = kPolymorphicEntries;
    first = grown;
  }
  for (size_t i = n - 1; i > 0; --i) table[first + i] = table[first + i - 1];
  classify(table[first], t, name, store);
  return table[first];
}

// owner.name through an entry valid for owner's type.
Ref load_with(AttrCacheEntry& e, Type* t, Value owner, Str* name) {
  switch (e.kind) {
    case AttrKind::kInstanceDict:
      if (Dict* d = instance_dict(owner, t)) {
        Value v = dict_lookup_hinted(d, name, &e.dict_hint);
        if (!v.is_null()) return Ref::borrow(v);
      }
      break;  // the generic path raises the AttributeError
    case AttrKind::kDataDescr: {
      Ref hold = Ref::borrow(e.descr);
      return type_of(e.descr)->descr_get(e.descr, owner, Value::from_obj(t));
    }
    case AttrKind::kClassAttr:
    case AttrKind::kMethod: {
      if (t->dict_offset) {
        if (Dict* d = instance_dict(owner, t); d && d->used) {
          Value v = dict_lookup_hinted(d, name, &e.dict_hint);
          if (!v.is_null()) return Ref::borrow(v);
        }
      }
      Ref hold = Ref::borrow(e.descr);
      if (DescrGetFn get = type_of(e.descr)->descr_get) return get(e.descr, owner, Value::from_obj(t));
      return hold;
    }
    case AttrKind::kModule:
      if (Dict* d = owner.as<Module>()->dict) {
        Value v = dict_lookup_hinted(d, name, &e.dict_hint);
        if (!v.is_null()) return Ref::borrow(v);
      }
      break;  // module __getattr__, or the AttributeError
    case AttrKind::kGeneric:
      break;
  }
  return getattr(owner, name);
}

// owner.name = v through an entry valid for owner's type; `refetch` finds the entry again
// after Python code may have run (null: the entry does not move).
template <class Refetch>
int store_with(AttrCacheEntry& e, Type* t, Value owner, Str* name, Value v, Refetch refetch) {
  switch (e.kind) {
    case AttrKind::kInstanceDict: {
      Dict* d = instance_dict(owner, t);
      if (d && hint_matches(d, e.dict_hint, name)) {
        dict_replace_at(d, e.dict_hint, v);
        return 0;
      }
      if (generic_setattr(owner, name, v) < 0) return -1;
      // Remember where the name went (the entry may have moved meanwhile: find it again).
      AttrCacheEntry& again = refetch();
      if (again.type == t && again.kind == AttrKind::kInstanceDict && (d = instance_dict(owner, t))) {
        int64_t ix = dict_find_str(d, name);
        if (ix >= 0 && ix <= std::numeric_limits<int32_t>::max()) again.dict_hint = static_cast<int32_t>(ix);
      }
      return 0;
    }
    case AttrKind::kDataDescr: {
      Ref hold = Ref::borrow(e.descr);
      return type_of(e.descr)->descr_set(e.descr, owner, v);
    }
    default:
      return setattr(owner, name, v);
  }
}

}  // namespace

Ref attr_load_slow(AttrCacheTable& table, uint32_t* cache_word, Value owner, Str* name) {
  Type* t = type_of(owner);
  return load_with(entry_for(table, cache_word, t, name, false), t, owner, name);
}

bool attr_load_method_slow(AttrCacheTable& table, uint32_t* cache_word, Value owner, Str* name, Value* method) {
  Type* t = type_of(owner);
  AttrCacheEntry& e = entry_for(table, cache_word, t, name, false);
  if (e.kind != AttrKind::kMethod || shadowed_method(t, owner, name)) return false;
  *method = e.descr;
  return true;
}

int attr_store_slow(AttrCacheTable& table, uint32_t* cache_word, Value owner, Str* name, Value v) {
  Type* t = type_of(owner);
  AttrCacheEntry& e = entry_for(table, cache_word, t, name, true);
  return store_with(e, t, owner, name, v, [&]() -> AttrCacheEntry& {
    return entry_for(table, cache_word, t, name, true);
  });
}

Ref CachedAttr::get_slow(Value owner) {
  Type* t = type_of(owner);
  if (!entry_holds(load, t)) classify(load, t, name, false);
  return load_with(load, t, owner, name);
}

Ref CachedAttr::call_method(Value owner, const Value* args, size_t nargs) {
  Type* t = type_of(owner);
  if (!entry_holds(load, t)) classify(load, t, name, false);
  if (load.kind == AttrKind::kMethod && !shadowed_method(t, owner, name) && nargs < kMaxMethodArgs) {
    Value with_self[kMaxMethodArgs];
    with_self[0] = owner;
    for (size_t i = 0; i < nargs; ++i) with_self[i + 1] = args[i];
    Ref method = Ref::borrow(load.descr);
    return call(method.get(), with_self, nargs + 1);
  }
  Ref bound = load_with(load, t, owner, name);
  return bound ? call(bound.get(), args, nargs) : bound;
}

int CachedAttr::set(Value owner, Value v) {
  Type* t = type_of(owner);
  if (!entry_holds(store, t)) classify(store, t, name, true);
  return store_with(store, t, owner, name, v, [&]() -> AttrCacheEntry& { return store; });
}

}  // namespace gilpy::vm
