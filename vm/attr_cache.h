// vm/attr_cache.h: the inline caches of LOAD_ATTR, LOAD_METHOD and STORE_ATTR.
//
// Each of those instructions has two cache words: the first holds 1 + the index of its
// entries in the code object's attr_cache (0: none yet), the second how many it has (two,
// or eight once the site has seen a third type; vm/attr_cache.cpp, entry_for). An entry
// remembers, for one type seen at that instruction, what the generic attribute protocol
// found on the type (runtime's generic_getattr / generic_setattr): nothing (the attribute
// lives in the instance dict), a data descriptor, a method, another class attribute. It
// stays right while type_cache_epoch is unchanged, which also keeps its borrowed
// descriptor alive. The inline paths below check the first entry only.
// For instance dicts and module dicts it also remembers where the name sat in the dict
// last time (a hint, checked against the entry's key before use), so that the common
// `self.x` costs a type check, an epoch check and one load.
//
// Anything the entry does not cover (another type, a type with its own __getattr__ or
// __setattr__, an out-of-line instance dict, a miss) takes the generic path, which
// refills the entry. Results are exactly the generic protocol's.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/object.h"
#include "runtime/str.h"
#include "runtime/type.h"
#include "runtime/typeobject.h"

namespace gilpy::vm {


enum class AttrKind : uint8_t {
  kGeneric,       // the generic path every time (another getattr, no usable dict slot)
  kInstanceDict,  // nothing on the type: the instance dict at dict_offset
  kDataDescr,     // a data descriptor on the type: its __get__ (property, slot, getset)
  kClassAttr,     // a non-data class attribute: the instance dict first, then the descriptor
  kMethod,        // as kClassAttr, and the descriptor is a method (LOAD_METHOD skips binding)
  kModule,        // an exact module: its dict
};

struct AttrCacheEntry {
  rt::Type* type;
  uint64_t epoch;
  rt::Value descr;    // borrowed from the type's MRO (null: none)
  AttrKind kind;
  int32_t dict_hint;  // where the name was in the instance or module dict, or -1
};

using AttrCacheTable = std::vector<AttrCacheEntry>;  // a code object's (Code::attr_cache)

// The instance dict of owner, whose type t keeps one at dict_offset (null: none yet).
inline rt::Dict* instance_dict(rt::Value owner, rt::Type* t) {
  return *reinterpret_cast<rt::Dict**>(reinterpret_cast<char*>(owner.obj()) + t->dict_offset);
}

inline bool entry_holds(const AttrCacheEntry& e, rt::Type* t) {
  return e.type == t && e.epoch == rt::type_cache_epoch;
}

// Whether entry h of d (a remembered position) still holds `name`.
inline bool hint_matches(const rt::Dict* d, int32_t h, rt::Str* name) {
  return h >= 0 && h < d->entries_len && d->entries[h].key == rt::Value::from_obj(name);
}

// A method found on t is shadowed by owner's instance dict. Most instance dicts certainly
// lack a method's name, by one bit of their key-hash filter: no lookup then.
inline bool shadowed_method(rt::Type* t, rt::Value owner, rt::Str* name) {
  if (!t->dict_offset) return false;
  rt::Dict* d = instance_dict(owner, t);
  if (!d || !d->used) return false;
  return !rt::dict_certainly_lacks(d, rt::str_hash(name)) && !rt::dict_get_str(d, name).is_null();
}

// The common hit, inline: an instance-dict attribute found where it was last time; null
// when the entry does not say so (the full path then decides).
inline rt::Value instance_dict_hit(const AttrCacheEntry& e, rt::Type* t, rt::Value owner, rt::Str* name) {
  if (!entry_holds(e, t) || e.kind != AttrKind::kInstanceDict) return rt::Value();
  rt::Dict* d = instance_dict(owner, t);
  return d && hint_matches(d, e.dict_hint, name) ? d->entries[e.dict_hint].value : rt::Value();
}

// owner.name through the entry of the instruction whose first cache word is *cache_word:
// a new reference, or null with an error set.
rt::Ref attr_load_slow(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name);
inline rt::Ref attr_load(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name) {
  if (uint32_t slot = *cache_word) {
    rt::Value v = instance_dict_hit(table[slot - 1], rt::type_of(owner), owner, name);
    if (!v.is_null()) return rt::Ref::borrow(v);
  }
  return attr_load_slow(table, cache_word, owner, name);
}
// LOAD_METHOD: true when `name` is a method found on owner's type and not shadowed by
// the instance: *method is then the unbound function (borrowed). False: use attr_load.
bool attr_load_method_slow(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name,
                           rt::Value* method);
inline bool attr_load_method(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name,
                             rt::Value* method) {
  if (uint32_t slot = *cache_word) {
    const AttrCacheEntry& e = table[slot - 1];
    rt::Type* t = rt::type_of(owner);
    if (entry_holds(e, t)) {
      if (e.kind != AttrKind::kMethod || shadowed_method(t, owner, name)) return false;
      *method = e.descr;
      return true;
    }
  }
  return attr_load_method_slow(table, cache_word, owner, name, method);
}
// owner.name = v; 0, or -1 with an error set. Inline: a store over an instance-dict entry
// where the name was last time.
int attr_store_slow(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name, rt::Value v);
inline int attr_store(AttrCacheTable& table, uint32_t* cache_word, rt::Value owner, rt::Str* name, rt::Value v) {
  if (uint32_t slot = *cache_word) {
    const AttrCacheEntry& e = table[slot - 1];
    rt::Type* t = rt::type_of(owner);
    if (entry_holds(e, t) && e.kind == AttrKind::kInstanceDict) {
      rt::Dict* d = instance_dict(owner, t);
      if (d && hint_matches(d, e.dict_hint, name)) {
        rt::dict_replace_at(d, e.dict_hint, v);
        return 0;
      }
    }
  }
  return attr_store_slow(table, cache_word, owner, name, v);
}

// Cached attribute access for native code that reads or sets one attribute name of objects
// over and over (asyncio's stream natives): one static CachedAttr per name, with an entry
// for loads and one for stores; the results are getattr's and setattr's.
struct CachedAttr {
  rt::Str* name;
  AttrCacheEntry load{};
  AttrCacheEntry store{};
  explicit CachedAttr(const char* attr_name) : name(rt::intern(attr_name)) {}
  // owner.name, or null with an error set.
  rt::Ref get(rt::Value owner) {
    rt::Value v = instance_dict_hit(load, rt::type_of(owner), owner, name);
    return v.is_null() ? get_slow(owner) : rt::Ref::borrow(v);
  }
  rt::Ref get_slow(rt::Value owner);
  // owner.name(*args), without making a bound method when it is one.
  rt::Ref call_method(rt::Value owner, const rt::Value* args = nullptr, size_t nargs = 0);
  static constexpr size_t kMaxMethodArgs = 4;  // receiver included, for the direct call
  int set(rt::Value owner, rt::Value v);      // owner.name = v: 0, or -1 with an error set
};

}  // namespace gilpy::vm
