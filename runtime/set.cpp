// runtime/set.cpp: set, frozenset and set_iterator: a port of CPython 3.11's
// Objects/setobject.c, so that iteration order matches CPython's for the same hashes.
//
// Open addressing over a power-of-two table of {key, hash} entries: a probe inspects
// LINEAR_PROBES (9) neighbouring slots, then jumps with i = (i*5 + 1 + perturb) & mask,
// perturb >>= 5. Entries are unused (key null, hash 0), dummy (the kDummy marker,
// hash -1) or active. Tables of up to 8 slots live inside the object (`small`); a set
// grows when fill*5 >= mask*3, to 4x the used count (2x past 50000). The bulk
// operations (merge, intersection, difference, ...) follow CPython's choices of which
// operand to iterate, since that decides the result's order.
#include "runtime/set.h"

#include <cstring>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type SetType;
Type FrozenSetType;
Type SetIterType;

namespace {

constexpr int64_t kMinSize = 8;
constexpr size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

Object g_dummy_obj = {kImmortal, 0, nullptr};
inline Value dummy() { return Value::from_obj(&g_dummy_obj); }
inline bool is_active(const SetEntry* e) { return e->key && e->key != dummy(); }

inline bool is_frozen_type(Type* t) { return t == &FrozenSetType || (t != &SetType && is_subtype(t, &FrozenSetType)); }

void set_empty_to_minsize(Set* so) {
  std::memset(static_cast<void*>(so->small), 0, sizeof(so->small));
  so->fill = 0;
  so->used = 0;
  so->mask = kMinSize - 1;
  so->table = so->small;
  so->hash = -1;
}

Set* alloc_set(Type* type) {
  Set* so = alloc<Set>(type, (type == &SetType || type == &FrozenSetType) ? sizeof(Set) : type->basic_size);
  set_empty_to_minsize(so);
  so->finger = 0;
  return so;
}

// Returns the entry holding key, or the unused entry ending the search; null on error.
SetEntry* set_lookkey(Set* so, Value key, int64_t hash) {
restart:
  size_t perturb = size_t(hash);
  size_t mask = size_t(so->mask);
  size_t i = size_t(hash) & mask;
  for (;;) {
    SetEntry* entry = &so->table[i];
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    do {
      if (entry->hash == 0 && !entry->key) return entry;
      if (entry->hash == hash) {
        Value startkey = entry->key;
        if (startkey == key) return entry;
        if (is_exact_str(startkey) && is_exact_str(key) && str_equal(startkey.as<Str>(), key.as<Str>()))
          return entry;
        if (!(startkey.is_small_int() && key.is_small_int())) {
          SetEntry* table = so->table;
          Ref hold = Ref::borrow(startkey);
          int cmp = rich_compare_bool(startkey, key, CompareOp::Eq);
          if (cmp < 0) return nullptr;
          if (table != so->table || entry->key != startkey) goto restart;
          if (cmp > 0) return entry;
          mask = size_t(so->mask);
        }
      }
      entry++;
    } while (probes--);
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void set_insert_clean(SetEntry* table, size_t mask, Value key, int64_t hash) {
  size_t perturb = size_t(hash);
  size_t i = size_t(hash) & mask;
  for (;;) {
    SetEntry* entry = &table[i];
    if (!entry->key) goto found_null;
    if (i + kLinearProbes <= mask) {
      for (size_t j = 0; j < kLinearProbes; j++) {
        entry++;
        if (!entry->key) goto found_null;
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
    continue;
  found_null:
    entry->key = key;
    entry->hash = hash;
    return;
  }
}

bool set_table_resize(Set* so, int64_t minused) {
  SetEntry small_copy[kMinSize];
  int64_t oldmask = so->mask;
  SetEntry* oldtable = so->table;
  size_t newsize = kMinSize;
  while (newsize <= size_t(minused)) newsize <<= 1;
  bool is_oldtable_malloced = oldtable != so->small;
  SetEntry* newtable;
  if (newsize == size_t(kMinSize)) {
    newtable = so->small;
    if (newtable == oldtable) {
      if (so->fill == so->used) return true;
      std::memcpy(static_cast<void*>(small_copy), oldtable, sizeof(small_copy));
      oldtable = small_copy;
    }
  } else {
    if (newsize > (size_t(1) << 56)) {
      raise_no_memory();
      return false;
    }
    newtable = static_cast<SetEntry*>(mem_alloc(newsize * sizeof(SetEntry)));
  }
  std::memset(static_cast<void*>(newtable), 0, sizeof(SetEntry) * newsize);
  so->mask = int64_t(newsize) - 1;
  so->table = newtable;
  size_t newmask = size_t(so->mask);
  if (so->fill == so->used) {
    for (SetEntry* e = oldtable; e <= oldtable + oldmask; e++)
      if (e->key) set_insert_clean(newtable, newmask, e->key, e->hash);
  } else {
    so->fill = so->used;
    for (SetEntry* e = oldtable; e <= oldtable + oldmask; e++)
      if (is_active(e)) set_insert_clean(newtable, newmask, e->key, e->hash);
  }
  if (is_oldtable_malloced) mem_free(oldtable, size_t(oldmask + 1) * sizeof(SetEntry));
  return true;
}

// Adds key (borrowed) with its hash. False on error.
bool set_add_entry(Set* so, Value key, int64_t hash) {
  incref(key);
restart:
  size_t mask = size_t(so->mask);
  size_t i = size_t(hash) & mask;
  SetEntry* freeslot = nullptr;
  size_t perturb = size_t(hash);
  SetEntry* entry;
  for (;;) {
    entry = &so->table[i];
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    do {
      if (entry->hash == 0 && !entry->key) goto found_unused_or_dummy;
      if (entry->hash == hash) {
        Value startkey = entry->key;
        if (startkey == key) goto found_active;
        if (is_exact_str(startkey) && is_exact_str(key) && str_equal(startkey.as<Str>(), key.as<Str>()))
          goto found_active;
        if (!(startkey.is_small_int() && key.is_small_int())) {
          SetEntry* table = so->table;
          incref(startkey);
          int cmp = rich_compare_bool(startkey, key, CompareOp::Eq);
          decref(startkey);
          if (cmp > 0) goto found_active;
          if (cmp < 0) {
            decref(key);
            return false;
          }
          if (table != so->table || entry->key != startkey) goto restart;
          mask = size_t(so->mask);
        }
      } else if (entry->hash == -1) {
        freeslot = entry;
      }
      entry++;
    } while (probes--);
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_unused_or_dummy:
  if (freeslot) {
    so->used++;
    freeslot->key = key;
    freeslot->hash = hash;
    return true;
  }
  so->fill++;
  so->used++;
  entry->key = key;
  entry->hash = hash;
  if (size_t(so->fill) * 5 < mask * 3) return true;
  return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
  decref(key);
  return true;
}

int set_contains_entry(Set* so, Value key, int64_t hash) {
  SetEntry* e = set_lookkey(so, key, hash);
  if (!e) return -1;
  return e->key ? 1 : 0;
}

// 1 found and removed, 0 not found, -1 error.
int set_discard_entry(Set* so, Value key, int64_t hash) {
  SetEntry* e = set_lookkey(so, key, hash);
  if (!e) return -1;
  if (!e->key) return 0;
  Value old = e->key;
  e->key = dummy();
  e->hash = -1;
  so->used--;
  decref(old);
  return 1;
}

// Key-level operations, with CPython's retry of an unhashable set key as a frozenset.
Own<Set> make_new_set(Type* type, Value iterable);

template <class Op>
int with_key_hash(Set* so, Value key, Op op) {
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) {
    if (!(key.is_obj() && (key.obj()->type == &SetType || is_subtype(key.obj()->type, &SetType))) ||
        !error_matches(&TypeErrorType))
      return -1;
    clear_error();
    Own<Set> tmp = make_new_set(&FrozenSetType, key);
    if (!tmp) return -1;
    int64_t h2 = cont::fast_hash(tmp.value());
    if (h2 == -1) return -1;
    return op(so, tmp.value(), h2);
  }
  return op(so, key, hash);
}

bool set_next_entry(Set* so, int64_t* pos, SetEntry** out) {
  int64_t i = *pos;
  int64_t mask = so->mask;
  SetEntry* entry = &so->table[i];
  while (i <= mask && !is_active(entry)) {
    i++;
    entry++;
  }
  *pos = i + 1;
  if (i > mask) return false;
  *out = entry;
  return true;
}

void set_clear_internal(Set* so) {
  SetEntry small_copy[kMinSize];
  SetEntry* table = so->table;
  int64_t used = so->used;
  int64_t oldmask = so->mask;
  bool malloced = table != so->small;
  if (malloced) {
    set_empty_to_minsize(so);
  } else if (so->fill > 0) {
    std::memcpy(static_cast<void*>(small_copy), table, sizeof(small_copy));
    table = small_copy;
    set_empty_to_minsize(so);
  }
  for (SetEntry* e = table; used > 0; e++) {
    if (is_active(e)) {
      used--;
      decref(e->key);
    }
  }
  if (malloced) mem_free(table, size_t(oldmask + 1) * sizeof(SetEntry));
}

bool set_merge(Set* so, Set* other) {
  if (other == so || other->used == 0) return true;
  if ((so->fill + other->used) * 5 >= so->mask * 3) {
    if (!set_table_resize(so, (so->used + other->used) * 2)) return false;
  }
  SetEntry* so_entry = so->table;
  SetEntry* other_entry = other->table;
  if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
    for (int64_t i = 0; i <= other->mask; i++, so_entry++, other_entry++) {
      Value key = other_entry->key;
      if (key) {
        incref(key);
        so_entry->key = key;
        so_entry->hash = other_entry->hash;
      }
    }
    so->fill = other->fill;
    so->used = other->used;
    return true;
  }
  if (so->fill == 0) {
    SetEntry* newtable = so->table;
    size_t newmask = size_t(so->mask);
    so->fill = other->used;
    so->used = other->used;
    for (int64_t i = other->mask + 1; i > 0; i--, other_entry++) {
      Value key = other_entry->key;
      if (key && key != dummy()) {
        incref(key);
        set_insert_clean(newtable, newmask, key, other_entry->hash);
      }
    }
    return true;
  }
  Ref hold = Ref::borrow(Value::from_obj(other));
  for (int64_t i = 0; i <= other->mask; i++) {
    other_entry = &other->table[i];
    Value key = other_entry->key;
    if (key && key != dummy()) {
      Ref k = Ref::borrow(key);
      if (!set_add_entry(so, key, other_entry->hash)) return false;
    }
  }
  return true;
}

bool set_update_internal(Set* so, Value other) {
  if (is_anyset(other)) return set_merge(so, other.as<Set>());
  if (is_exact_dict(other)) {
    Dict* d = other.as<Dict>();
    int64_t dictsize = d->used;
    if ((so->fill + dictsize) * 5 >= so->mask * 3) {
      if (!set_table_resize(so, (so->used + dictsize) * 2)) return false;
    }
    int64_t pos = 0;
    Value key;
    int64_t hash;
    while (dict_next_hash(d, &pos, &key, nullptr, &hash)) {
      Ref k = Ref::borrow(key);
      if (!set_add_entry(so, key, hash)) return false;
    }
    return true;
  }
  return for_each(other, [&](Value key) {
    int64_t hash = cont::fast_hash(key);
    if (hash == -1) return false;
    return set_add_entry(so, key, hash);
  });
}

Own<Set> make_new_set(Type* type, Value iterable) {
  Own<Set> so = Own<Set>::steal(alloc_set(type));
  if (iterable && !set_update_internal(so.get(), iterable)) return nullptr;
  return so;
}

// make_new_set_basetype: subclasses of set give set; of frozenset give frozenset.
Own<Set> make_new_set_basetype(Type* type, Value iterable) {
  if (type != &SetType && type != &FrozenSetType)
    type = is_subtype(type, &SetType) ? &SetType : &FrozenSetType;
  return make_new_set(type, iterable);
}

Own<Set> set_copy_impl(Set* so) { return make_new_set_basetype(so->type, Value::from_obj(so)); }

void set_swap_bodies(Set* a, Set* b) {
  SetEntry tab[kMinSize];
  std::swap(a->fill, b->fill);
  std::swap(a->used, b->used);
  std::swap(a->mask, b->mask);
  SetEntry* u = a->table;
  if (a->table == a->small) u = b->small;
  a->table = b->table;
  if (b->table == b->small) a->table = a->small;
  b->table = u;
  if (a->table == a->small || b->table == b->small) {
    std::memcpy(static_cast<void*>(tab), a->small, sizeof(tab));
    std::memcpy(static_cast<void*>(a->small), b->small, sizeof(tab));
    std::memcpy(static_cast<void*>(b->small), tab, sizeof(tab));
  }
  if (is_frozen_type(a->type) && is_frozen_type(b->type)) {
    std::swap(a->hash, b->hash);
  } else {
    a->hash = -1;
    b->hash = -1;
  }
}

Ref set_intersection_impl(Set* so, Value other) {
  if (Value::from_obj(so) == other) return set_copy_impl(so).into_ref();
  Own<Set> result = make_new_set_basetype(so->type, Value());
  if (is_anyset(other)) {
    Ref hold_so = Ref::borrow(Value::from_obj(so)), hold_o = Ref::borrow(other);
    Set* a = so;
    Set* b = other.as<Set>();
    if (b->used > a->used) std::swap(a, b);
    int64_t pos = 0;
    SetEntry* entry;
    while (set_next_entry(b, &pos, &entry)) {
      Ref key = Ref::borrow(entry->key);
      int64_t hash = entry->hash;
      int rv = set_contains_entry(a, key.get(), hash);
      if (rv < 0) return nullptr;
      if (rv && !set_add_entry(result.get(), key.get(), hash)) return nullptr;
    }
    return result.into_ref();
  }
  Ref it = get_iter(other);
  if (!it) return nullptr;
  for (;;) {
    Ref key = iter_next(it.get());
    if (!key) {
      if (error_pending()) return nullptr;
      break;
    }
    int64_t hash = cont::fast_hash(key.get());
    if (hash == -1) return nullptr;
    int rv = set_contains_entry(so, key.get(), hash);
    if (rv < 0) return nullptr;
    if (rv) {
      if (!set_add_entry(result.get(), key.get(), hash)) return nullptr;
      if (result->used >= so->used) break;
    }
  }
  return result.into_ref();
}

bool set_difference_update_internal(Set* so, Value other) {
  if (Value::from_obj(so) == other) {
    set_clear_internal(so);
    return true;
  }
  if (is_anyset(other)) {
    Ref o;
    if ((other.as<Set>()->used >> 3) > so->used) {
      o = set_intersection_impl(so, other);
      if (!o) return false;
    } else {
      o = Ref::borrow(other);
    }
    int64_t pos = 0;
    SetEntry* entry;
    while (set_next_entry(o.as<Set>(), &pos, &entry)) {
      Ref key = Ref::borrow(entry->key);
      if (set_discard_entry(so, key.get(), entry->hash) < 0) return false;
    }
  } else {
    if (!for_each(other, [&](Value key) {
          return with_key_hash(so, key, [](Set* s, Value k, int64_t h) { return set_discard_entry(s, k, h); }) >= 0;
        }))
      return false;
  }
  if (size_t(so->fill - so->used) <= size_t(so->mask) / 4) return true;
  return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

Ref set_copy_and_difference(Set* so, Value other) {
  Own<Set> result = set_copy_impl(so);
  if (!result || !set_difference_update_internal(result.get(), other)) return nullptr;
  return result.into_ref();
}

Ref set_difference_impl(Set* so, Value other) {
  int64_t other_size;
  if (is_anyset(other)) other_size = other.as<Set>()->used;
  else if (is_exact_dict(other)) other_size = other.as<Dict>()->used;
  else return set_copy_and_difference(so, other);
  if ((so->used >> 2) > other_size) return set_copy_and_difference(so, other);
  Own<Set> result = make_new_set_basetype(so->type, Value());
  int64_t pos = 0;
  SetEntry* entry;
  Ref hold = Ref::borrow(other);
  while (set_next_entry(so, &pos, &entry)) {
    Ref key = Ref::borrow(entry->key);
    int64_t hash = entry->hash;
    int rv;
    if (is_exact_dict(other)) {
      Value v = dict_get_known_hash(other.as<Dict>(), key.get(), hash);
      rv = v ? 1 : (error_pending() ? -1 : 0);
    } else {
      rv = set_contains_entry(other.as<Set>(), key.get(), hash);
    }
    if (rv < 0) return nullptr;
    if (!rv && !set_add_entry(result.get(), key.get(), hash)) return nullptr;
  }
  return result.into_ref();
}

bool set_symmetric_difference_update_impl(Set* so, Value other) {
  if (Value::from_obj(so) == other) {
    set_clear_internal(so);
    return true;
  }
  if (is_exact_dict(other)) {
    Dict* d = other.as<Dict>();
    Ref hold = Ref::borrow(other);
    int64_t pos = 0;
    Value key;
    int64_t hash;
    while (dict_next_hash(d, &pos, &key, nullptr, &hash)) {
      Ref k = Ref::borrow(key);
      int rv = set_discard_entry(so, k.get(), hash);
      if (rv < 0) return false;
      if (rv == 0 && !set_add_entry(so, k.get(), hash)) return false;
    }
    return true;
  }
  Own<Set> otherset;
  if (is_anyset(other)) {
    otherset = Own<Set>::borrow(other.as<Set>());
  } else {
    otherset = make_new_set_basetype(so->type, other);
    if (!otherset) return false;
  }
  int64_t pos = 0;
  SetEntry* entry;
  while (set_next_entry(otherset.get(), &pos, &entry)) {
    Ref key = Ref::borrow(entry->key);
    int64_t hash = entry->hash;
    int rv = set_discard_entry(so, key.get(), hash);
    if (rv < 0) return false;
    if (rv == 0 && !set_add_entry(so, key.get(), hash)) return false;
  }
  return true;
}

Ref set_symmetric_difference_impl(Set* so, Value other) {
  Own<Set> otherset = make_new_set_basetype(so->type, other);
  if (!otherset) return nullptr;
  if (!set_symmetric_difference_update_impl(otherset.get(), Value::from_obj(so))) return nullptr;
  return otherset.into_ref();
}

// 1 / 0 / -1
int set_issubset_impl(Set* so, Value other) {
  if (!is_anyset(other)) {
    Ref tmp = set_intersection_impl(so, other);
    if (!tmp) return -1;
    return tmp.as<Set>()->used == so->used;
  }
  if (so->used > other.as<Set>()->used) return 0;
  int64_t pos = 0;
  SetEntry* entry;
  Ref hold = Ref::borrow(Value::from_obj(so));
  while (set_next_entry(so, &pos, &entry)) {
    Ref key = Ref::borrow(entry->key);
    int rv = set_contains_entry(other.as<Set>(), key.get(), entry->hash);
    if (rv <= 0) return rv;
  }
  return 1;
}

int set_issuperset_impl(Set* so, Value other) {
  if (is_anyset(other)) return set_issubset_impl(other.as<Set>(), Value::from_obj(so));
  int result = 1;
  bool ok = for_each(other, [&](Value key) {
    int rv = with_key_hash(so, key, [](Set* s, Value k, int64_t h) { return set_contains_entry(s, k, h); });
    if (rv < 0) return false;
    if (!rv) {
      result = 0;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return -1;
  return result;
}

const char* qual(Value self, const char* method, std::string& buf) {
  buf = is_frozen_type(type_of(self)) ? "frozenset." : "set.";
  buf += method;
  return buf.c_str();
}

}  // namespace

// ---------------------------------------------------------------------------------
// Public API

bool is_anyset(Value v) {
  if (!v.is_obj()) return false;
  Type* t = v.obj()->type;
  return t == &SetType || t == &FrozenSetType || is_subtype(t, &SetType) || is_subtype(t, &FrozenSetType);
}

Own<Set> set_new(Type* type) { return Own<Set>::steal(alloc_set(type ? type : &SetType)); }

bool set_add(Set* s, Value key) {
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) return false;
  return set_add_entry(s, key, hash);
}

int set_contains(Set* s, Value key) {
  return with_key_hash(s, key, [](Set* so, Value k, int64_t h) { return set_contains_entry(so, k, h); });
}

int set_discard(Set* s, Value key) {
  return with_key_hash(s, key, [](Set* so, Value k, int64_t h) { return set_discard_entry(so, k, h); });
}

Own<Set> set_from_iterable(Type* type, Value iterable) {
  return make_new_set(type ? type : &SetType, iterable);
}

bool set_next(Set* s, int64_t* pos, Value* key) {
  SetEntry* e;
  if (!set_next_entry(s, pos, &e)) return false;
  *key = e->key;
  return true;
}

bool set_update(Set* s, Value iterable) { return set_update_internal(s, iterable); }
bool set_difference_update(Set* s, Value iterable) { return set_difference_update_internal(s, iterable); }
bool set_symmetric_difference_update(Set* s, Value iterable) {
  return set_symmetric_difference_update_impl(s, iterable);
}
Ref set_intersection(Set* s, Value other) { return set_intersection_impl(s, other); }
int64_t set_size(Set* s) { return s->used; }
void set_clear(Set* s) { set_clear_internal(s); }

// ---------------------------------------------------------------------------------
// Slots

static void set_dealloc(Object* o) {
  Set* so = static_cast<Set*>(o);
  int64_t used = so->used;
  for (SetEntry* e = so->table; used > 0; e++) {
    if (is_active(e)) {
      used--;
      decref(e->key);
    }
  }
  if (so->table != so->small) mem_free(so->table, size_t(so->mask + 1) * sizeof(SetEntry));
  free_object(o);
}

static void set_traverse(Object* o, VisitFn visit, void* ctx) {
  Set* so = static_cast<Set*>(o);
  if (!so->table) return;
  for (int64_t i = 0; i <= so->mask; i++)
    if (is_active(&so->table[i])) visit(so->table[i].key, ctx);
}

static void set_clear_slot(Object* o) { set_clear_internal(static_cast<Set*>(o)); }

static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

static int64_t frozenset_hash(Value self) {
  Set* so = self.as<Set>();
  if (so->hash != -1) return so->hash;
  uint64_t hash = 0;
  for (SetEntry* e = so->table; e <= &so->table[so->mask]; e++) hash ^= shuffle_bits(uint64_t(e->hash));
  if ((so->mask + 1 - so->fill) & 1) hash ^= shuffle_bits(0);
  if ((so->fill - so->used) & 1) hash ^= shuffle_bits(uint64_t(-1));
  hash ^= (uint64_t(so->used) + 1) * 1927868237UL;
  hash ^= (hash >> 11) ^ (hash >> 25);
  hash = hash * 69069U + 907133923UL;
  if (hash == uint64_t(-1)) hash = 590923713UL;
  so->hash = int64_t(hash);
  return so->hash;
}

static Ref set_repr(Value self) {
  Set* so = self.as<Set>();
  const char* name = type_of(self)->name;
  if (repr_enter(self)) return cont::make_str(std::string(name) + "(...)");
  if (so->used == 0) {
    repr_leave(self);
    return cont::make_str(std::string(name) + "()");
  }
  Own<List> keys = list_from_iterable(self);
  std::string out;
  bool exact = type_of(self) == &SetType;
  if (!exact) {
    out += name;
    out += '(';
  }
  out += '{';
  bool ok = bool(keys);
  if (ok) {
    for (int64_t i = 0; i < keys->size; i++) {
      if (i) out += ", ";
      if (!cont::append_repr(out, keys->items[i])) {
        ok = false;
        break;
      }
    }
  }
  repr_leave(self);
  if (!ok) return nullptr;
  out += '}';
  if (!exact) out += ')';
  return cont::make_str(out);
}

static Ref set_richcompare(Value a, Value b, CompareOp op) {
  if (!is_anyset(a) || !is_anyset(b)) return Ref::borrow(not_implemented());
  Set* v = a.as<Set>();
  Set* w = b.as<Set>();
  int r = 0;
  switch (op) {
    case CompareOp::Eq:
    case CompareOp::Ne:
      if (v->used != w->used) r = 0;
      else if (v->hash != -1 && w->hash != -1 && v->hash != w->hash) r = 0;
      else r = set_issubset_impl(v, b);
      if (r < 0) return nullptr;
      return Ref::boolean((r == 1) == (op == CompareOp::Eq));
    case CompareOp::Le:
      r = set_issubset_impl(v, b);
      break;
    case CompareOp::Ge:
      r = set_issuperset_impl(v, b);
      break;
    case CompareOp::Lt:
      if (v->used >= w->used) return Ref::boolean(false);
      r = set_issubset_impl(v, b);
      break;
    case CompareOp::Gt:
      if (v->used <= w->used) return Ref::boolean(false);
      r = set_issuperset_impl(v, b);
      break;
  }
  if (r < 0) return nullptr;
  return Ref::boolean(r == 1);
}

static int64_t set_len(Value self) { return self.as<Set>()->used; }
static int set_contains_slot(Value self, Value key) { return set_contains(self.as<Set>(), key); }

static Ref set_or(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return Ref::borrow(not_implemented());
  Own<Set> result = set_copy_impl(a.as<Set>());
  if (!result) return nullptr;
  if (a == b) return result.into_ref();
  if (!set_update_internal(result.get(), b)) return nullptr;
  return result.into_ref();
}
static Ref set_and(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return Ref::borrow(not_implemented());
  return set_intersection_impl(a.as<Set>(), b);
}
static Ref set_sub(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return Ref::borrow(not_implemented());
  return set_difference_impl(a.as<Set>(), b);
}
static Ref set_xor(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return Ref::borrow(not_implemented());
  return set_symmetric_difference_impl(a.as<Set>(), b);
}
static Ref set_ior(Value a, Value b) {
  if (!is_anyset(b)) return Ref::borrow(not_implemented());
  if (!set_update_internal(a.as<Set>(), b)) return nullptr;
  return Ref::borrow(a);
}
static Ref set_iand(Value a, Value b) {
  if (!is_anyset(b)) return Ref::borrow(not_implemented());
  Ref tmp = set_intersection_impl(a.as<Set>(), b);
  if (!tmp) return nullptr;
  set_swap_bodies(a.as<Set>(), tmp.as<Set>());
  return Ref::borrow(a);
}
static Ref set_isub(Value a, Value b) {
  if (!is_anyset(b)) return Ref::borrow(not_implemented());
  if (!set_difference_update_internal(a.as<Set>(), b)) return nullptr;
  return Ref::borrow(a);
}
static Ref set_ixor(Value a, Value b) {
  if (!is_anyset(b)) return Ref::borrow(not_implemented());
  if (!set_symmetric_difference_update_impl(a.as<Set>(), b)) return nullptr;
  return Ref::borrow(a);
}

static Ref set_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &SetType && !cont::no_kwargs("set", kwnames)) return nullptr;
  return Ref::steal(alloc_set(type));
}

static int set_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("set", kwnames)) return -1;
  if (!cont::check_positional(type_of(self)->name, nargs, 0, 1)) return -1;
  Set* so = self.as<Set>();
  if (so->fill) set_clear_internal(so);
  so->hash = -1;
  if (nargs == 0) return 0;
  return set_update_internal(so, args[0]) ? 0 : -1;
}

static Ref frozenset_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &FrozenSetType && !cont::no_kwargs("frozenset", kwnames)) return nullptr;
  if (!cont::check_positional(type->name, nargs, 0, 1)) return nullptr;
  Value iterable = nargs ? args[0] : Value();
  if (type != &FrozenSetType) return make_new_set(type, iterable).into_ref();
  if (iterable && is_exact_frozenset(iterable)) return Ref::borrow(iterable);
  return make_new_set(type, iterable).into_ref();
}

// ---------------------------------------------------------------------------------
// Methods

static Ref set_add_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("set.add", nargs, kwnames)) return nullptr;
  if (!set_add(self.as<Set>(), args[0])) return nullptr;
  return Ref::none();
}

static Ref set_remove_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("set.remove", nargs, kwnames)) return nullptr;
  int rv = set_discard(self.as<Set>(), args[0]);
  if (rv < 0) return nullptr;
  if (rv == 0) return raise_key_error(args[0]);
  return Ref::none();
}

static Ref set_discard_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("set.discard", nargs, kwnames)) return nullptr;
  if (set_discard(self.as<Set>(), args[0]) < 0) return nullptr;
  return Ref::none();
}

static Ref set_pop_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("set.pop", nargs, kwnames)) return nullptr;
  Set* so = self.as<Set>();
  if (so->used == 0) return raise(&KeyErrorType, "pop from an empty set");
  SetEntry* entry = so->table + (so->finger & so->mask);
  SetEntry* limit = so->table + so->mask;
  while (!is_active(entry)) {
    entry++;
    if (entry > limit) entry = so->table;
  }
  Value key = entry->key;
  entry->key = dummy();
  entry->hash = -1;
  so->used--;
  so->finger = entry - so->table + 1;
  return Ref::steal(key);
}

static Ref set_clear_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("set.clear", nargs, kwnames)) return nullptr;
  set_clear_internal(self.as<Set>());
  return Ref::none();
}

static Ref set_copy_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::no_args(qual(self, "copy", q), nargs, kwnames)) return nullptr;
  if (is_exact_frozenset(self)) return Ref::borrow(self);
  return set_copy_impl(self.as<Set>()).into_ref();
}

// (type(s), (list(s),), s.__dict__ or None): what copy and pickle rebuild a set from.
static Ref set_reduce_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::no_args(qual(self, "__reduce__", q), nargs, kwnames)) return nullptr;
  Ref items = call1(Value::from_obj(&ListType), self);
  if (!items) return nullptr;
  Ref state = getattr_opt(self, intern("__dict__"));
  if (!state) {
    if (error_pending()) return nullptr;
    state = Ref::none();
  }
  Value item_list = items.get();
  Own<Tuple> args_tuple = tuple_from_array(&item_list, 1);
  Value parts[3] = {Value::from_obj(type_of(self)), Value::from_obj(args_tuple.get()), state.get()};
  return tuple_from_array(parts, 3).into_ref();
}

static Ref set_update_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("set.update", kwnames)) return nullptr;
  for (size_t i = 0; i < nargs; i++)
    if (!set_update_internal(self.as<Set>(), args[i])) return nullptr;
  return Ref::none();
}

static Ref set_union_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::no_kwargs(qual(self, "union", q), kwnames)) return nullptr;
  Own<Set> result = set_copy_impl(self.as<Set>());
  if (!result) return nullptr;
  for (size_t i = 0; i < nargs; i++) {
    if (args[i] == self) continue;
    if (!set_update_internal(result.get(), args[i])) return nullptr;
  }
  return result.into_ref();
}

static Ref intersection_multi(Value self, const Value* args, size_t nargs) {
  if (nargs == 0) return set_copy_impl(self.as<Set>()).into_ref();
  Ref result = Ref::borrow(self);
  for (size_t i = 0; i < nargs; i++) {
    Ref r = set_intersection_impl(result.as<Set>(), args[i]);
    if (!r) return nullptr;
    result = std::move(r);
  }
  return result;
}

static Ref set_intersection_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::no_kwargs(qual(self, "intersection", q), kwnames)) return nullptr;
  return intersection_multi(self, args, nargs);
}

static Ref set_intersection_update_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("set.intersection_update", kwnames)) return nullptr;
  Ref tmp = intersection_multi(self, args, nargs);
  if (!tmp) return nullptr;
  set_swap_bodies(self.as<Set>(), tmp.as<Set>());
  return Ref::none();
}

static Ref set_difference_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::no_kwargs(qual(self, "difference", q), kwnames)) return nullptr;
  if (nargs == 0) return set_copy_impl(self.as<Set>()).into_ref();
  Ref result = set_difference_impl(self.as<Set>(), args[0]);
  if (!result) return nullptr;
  for (size_t i = 1; i < nargs; i++)
    if (!set_difference_update_internal(result.as<Set>(), args[i])) return nullptr;
  return result;
}

static Ref set_difference_update_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("set.difference_update", kwnames)) return nullptr;
  for (size_t i = 0; i < nargs; i++)
    if (!set_difference_update_internal(self.as<Set>(), args[i])) return nullptr;
  return Ref::none();
}

static Ref set_symmetric_difference_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::one_arg(qual(self, "symmetric_difference", q), nargs, kwnames)) return nullptr;
  return set_symmetric_difference_impl(self.as<Set>(), args[0]);
}

static Ref set_symmetric_difference_update_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("set.symmetric_difference_update", nargs, kwnames)) return nullptr;
  if (!set_symmetric_difference_update_impl(self.as<Set>(), args[0])) return nullptr;
  return Ref::none();
}

static Ref set_issubset_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::one_arg(qual(self, "issubset", q), nargs, kwnames)) return nullptr;
  int r = set_issubset_impl(self.as<Set>(), args[0]);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

static Ref set_issuperset_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::one_arg(qual(self, "issuperset", q), nargs, kwnames)) return nullptr;
  int r = set_issuperset_impl(self.as<Set>(), args[0]);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

static Ref set_isdisjoint_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  std::string q;
  if (!cont::one_arg(qual(self, "isdisjoint", q), nargs, kwnames)) return nullptr;
  Set* so = self.as<Set>();
  Value other = args[0];
  if (other == self) return Ref::boolean(so->used == 0);
  if (is_exact_set(other) || is_exact_frozenset(other)) {
    Set* a = so;
    Set* b = other.as<Set>();
    if (b->used > a->used) std::swap(a, b);
    int64_t pos = 0;
    SetEntry* entry;
    while (set_next_entry(b, &pos, &entry)) {
      Ref key = Ref::borrow(entry->key);
      int rv = set_contains_entry(a, key.get(), entry->hash);
      if (rv < 0) return nullptr;
      if (rv) return Ref::boolean(false);
    }
    return Ref::boolean(true);
  }
  int result = 1;
  bool ok = for_each(other, [&](Value key) {
    int rv = set_contains(so, key);
    if (rv < 0) return false;
    if (rv) {
      result = 0;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return nullptr;
  return Ref::boolean(result);
}

static const MethodDef set_methods[] = {
    {"add", set_add_m, 0, "Add an element to a set.\n\nThis has no effect if the element is already present."},
    {"clear", set_clear_m, 0, "Remove all elements from this set."},
    {"copy", set_copy_m, 0, "Return a shallow copy of a set."},
    {"__reduce__", set_reduce_m, 0, "Return state information for pickling."},
    {"discard", set_discard_m, 0, "Remove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() method does not raise\nan exception when an element is missing from the set."},
    {"difference", set_difference_m, 0, "Return the difference of two or more sets as a new set."},
    {"difference_update", set_difference_update_m, 0, "Remove all elements of another set from this set."},
    {"intersection", set_intersection_m, 0, "Return the intersection of two sets as a new set."},
    {"intersection_update", set_intersection_update_m, 0, "Update a set with the intersection of itself and another."},
    {"isdisjoint", set_isdisjoint_m, 0, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset_m, 0, "Report whether another set contains this set."},
    {"issuperset", set_issuperset_m, 0, "Report whether this set contains another set."},
    {"pop", set_pop_m, 0, "Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."},
    {"remove", set_remove_m, 0, "Remove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError."},
    {"symmetric_difference", set_symmetric_difference_m, 0, "Return the symmetric difference of two sets as a new set."},
    {"symmetric_difference_update", set_symmetric_difference_update_m, 0, "Update a set with the symmetric difference of itself and another."},
    {"union", set_union_m, 0, "Return the union of sets as a new set."},
    {"update", set_update_m, 0, "Update a set with the union of itself and others."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

static const MethodDef frozenset_methods[] = {
    {"copy", set_copy_m, 0, "Return a shallow copy of a set."},
    {"__reduce__", set_reduce_m, 0, "Return state information for pickling."},
    {"difference", set_difference_m, 0, "Return the difference of two or more sets as a new set."},
    {"intersection", set_intersection_m, 0, "Return the intersection of two sets as a new set."},
    {"isdisjoint", set_isdisjoint_m, 0, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset_m, 0, "Report whether another set contains this set."},
    {"issuperset", set_issuperset_m, 0, "Report whether this set contains another set."},
    {"symmetric_difference", set_symmetric_difference_m, 0, "Return the symmetric difference of two sets as a new set."},
    {"union", set_union_m, 0, "Return the union of sets as a new set."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// set_iterator

struct SetIter : Object {
  Set* set;      // owned; null once exhausted
  int64_t used;  // set->used when made
  int64_t pos;
  int64_t len;
};

static Ref set_iter(Value self) {
  SetIter* it = alloc<SetIter>(&SetIterType);
  incref(self);
  it->set = self.as<Set>();
  it->used = it->set->used;
  it->len = it->set->used;
  it->pos = 0;
  return Ref::steal(it);
}

static Ref setiter_next(Value self) {
  SetIter* it = self.as<SetIter>();
  Set* so = it->set;
  if (!so) return nullptr;
  if (it->used != so->used) {
    raise(&RuntimeErrorType, "Set changed size during iteration");
    it->used = -1;
    return nullptr;
  }
  int64_t i = it->pos;
  SetEntry* entry = so->table;
  int64_t mask = so->mask;
  while (i <= mask && !is_active(&entry[i])) i++;
  it->pos = i + 1;
  if (i > mask) {
    it->set = nullptr;
    decref(so);
    return nullptr;
  }
  it->len--;
  return Ref::borrow(entry[i].key);
}

static Ref iter_self(Value self) { return Ref::borrow(self); }

static void setiter_dealloc(Object* o) {
  xdecref(static_cast<SetIter*>(o)->set);
  free_object(o);
}
static void setiter_traverse(Object* o, VisitFn visit, void* ctx) {
  SetIter* it = static_cast<SetIter*>(o);
  if (it->set) visit(Value::from_obj(it->set), ctx);
}
static void setiter_clear(Object* o) {
  SetIter* it = static_cast<SetIter*>(o);
  Set* s = it->set;
  it->set = nullptr;
  xdecref(s);
}
static Ref setiter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  SetIter* it = self.as<SetIter>();
  int64_t n = (it->set && it->used == it->set->used) ? it->len : 0;
  return make_int(n);
}
static const MethodDef setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------

static NumberSlots set_number;
static NumberSlots frozenset_number;

static void init_common(Type& t) {
  t.dealloc = set_dealloc;
  t.traverse = set_traverse;
  t.clear = set_clear_slot;
  t.repr = set_repr;
  t.richcompare = set_richcompare;
  t.len = set_len;
  t.contains = set_contains_slot;
  t.iter = set_iter;
}

void init_set_types() {
  g_dummy_obj.type = &ObjectType;

  static_type_init(SetType, "set", sizeof(Set), &ObjectType, kTypeBaseType | kTypeGc);
  init_common(SetType);
  SetType.new_ = set_new_slot;
  SetType.init = set_init;
  set_number.binary[int(BinOp::Or)] = set_or;
  set_number.binary[int(BinOp::And)] = set_and;
  set_number.binary[int(BinOp::Sub)] = set_sub;
  set_number.binary[int(BinOp::Xor)] = set_xor;
  set_number.inplace[int(BinOp::Or)] = set_ior;
  set_number.inplace[int(BinOp::And)] = set_iand;
  set_number.inplace[int(BinOp::Sub)] = set_isub;
  set_number.inplace[int(BinOp::Xor)] = set_ixor;
  SetType.number = &set_number;
  SetType.methods = set_methods;
  SetType.doc = "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered collection of unique elements.";
  ready_type(&SetType);

  static_type_init(FrozenSetType, "frozenset", sizeof(Set), &ObjectType, kTypeBaseType | kTypeGc);
  init_common(FrozenSetType);
  FrozenSetType.hash = frozenset_hash;
  FrozenSetType.new_ = frozenset_new_slot;
  frozenset_number.binary[int(BinOp::Or)] = set_or;
  frozenset_number.binary[int(BinOp::And)] = set_and;
  frozenset_number.binary[int(BinOp::Sub)] = set_sub;
  frozenset_number.binary[int(BinOp::Xor)] = set_xor;
  FrozenSetType.number = &frozenset_number;
  FrozenSetType.methods = frozenset_methods;
  FrozenSetType.doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\nBuild an immutable unordered collection of unique elements.";
  ready_type(&FrozenSetType);

  static_type_init(SetIterType, "set_iterator", sizeof(SetIter), &ObjectType, kTypeGc);
  SetIterType.dealloc = setiter_dealloc;
  SetIterType.traverse = setiter_traverse;
  SetIterType.clear = setiter_clear;
  SetIterType.iter = iter_self;
  SetIterType.iternext = setiter_next;
  SetIterType.methods = setiter_methods;
  ready_type(&SetIterType);
}

}  // namespace gilpy::rt
