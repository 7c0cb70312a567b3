// runtime/dict.cpp: dict, its views (dict_keys, dict_values, dict_items) and iterators.
//
// Layout (runtime/dict.h): a dense entry array in insertion order plus an index table of
// index_size (a power of two, >= 8) int32 slots: -1 empty, -2 deleted, else an entry
// position; the two are one block, the index first. Probing is CPython's:
// i = (5*i + perturb + 1) & mask, perturb >>= 5. The entry array holds up to 2/3 of
// index_size entries; when it is full, the dict is rebuilt at a size for used*3 entries
// (CPython's GROWTH_RATE), dropping holes. An empty dict has no tables at all
// (index_size 0) until its first insertion.
//
// Every lookup compares identity first; for two exact strs it compares text without
// dispatch; otherwise it calls __eq__, after which it checks that the dict was not
// mutated under it (and restarts the lookup if it was, as CPython does).
// `version` takes a fresh value of a global counter on every mutation, so (dict, version)
// identifies a state for the VM's global-lookup caches.
#include "runtime/dict.h"

#include <cstring>
#include <new>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/set.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type DictType;
Type DictKeysType, DictValuesType, DictItemsType;
Type DictKeyIterType, DictValueIterType, DictItemIterType;
Type DictRevKeyIterType, DictRevValueIterType, DictRevItemIterType;

static uint64_t g_dict_version = 0;
static inline void bump(Dict* d) { d->version = ++g_dict_version; }

constexpr int32_t kEmpty = -1;
constexpr int32_t kDummy = -2;
constexpr int64_t kMinIndexSize = 8;

static inline int64_t usable(int64_t index_size) { return (index_size << 1) / 3; }

// ---------------------------------------------------------------------------------
// Table management

// The index and the entries share one block, the index first (a multiple of 8 slots, so
// the entries after it are aligned): one allocation and one free per table, as CPython's
// keys object. Null for a dict without tables.
static size_t tables_bytes(int64_t index_size, int64_t cap) {
  return size_t(index_size) * sizeof(int32_t) + size_t(cap) * sizeof(DictEntry);
}
static DictEntry* entries_of(int32_t* index, int64_t index_size) {
  return reinterpret_cast<DictEntry*>(index + index_size);
}

static void free_tables(int32_t* index, int64_t index_size, int64_t cap) {
  if (index) mem_free(index, tables_bytes(index_size, cap));
}

// Rebuilds the tables with an index of new_size slots, compacting the entries.
static void resize(Dict* d, int64_t new_size) {
  int64_t cap = usable(new_size);
  // The new tables, or a MemoryError to the caller and the dict as it was.
  int32_t* ni = static_cast<int32_t*>(mem_alloc(tables_bytes(new_size, cap)));
  DictEntry* ne = entries_of(ni, new_size);
  std::memset(ni, 0xff, size_t(new_size) * sizeof(int32_t));
  uint64_t mask = uint64_t(new_size) - 1;
  int64_t n = 0;
  for (int64_t k = 0; k < d->entries_len; k++) {
    DictEntry& e = d->entries[k];
    if (!e.key) continue;
    ne[n] = e;
    uint64_t perturb = uint64_t(e.hash);
    uint64_t i = perturb & mask;
    while (ni[i] != kEmpty) {
      perturb >>= 5;
      i = (i * 5 + perturb + 1) & mask;
    }
    ni[i] = int32_t(n);
    n++;
  }
  free_tables(d->index, d->index_size, d->entries_cap);
  d->entries = ne;
  d->index = ni;
  d->entries_cap = cap;
  d->index_size = new_size;
  d->entries_len = n;
}

static int64_t size_for(int64_t minused) {
  int64_t size = kMinIndexSize;
  while (usable(size) < minused) size <<= 1;
  return size;
}

// ---------------------------------------------------------------------------------
// Lookup

static inline bool keys_equal_fast(Value a, Value b, bool* known) {
  // Identity, or two exact strs, or two small ints are decided without dispatch.
  if (a == b) {
    *known = true;
    return true;
  }
  if (is_exact_str(a) && is_exact_str(b)) {
    *known = true;
    return str_equal(a.as<Str>(), b.as<Str>());
  }
  if (a.is_small_int() && b.is_small_int()) {
    *known = true;
    return false;
  }
  *known = false;
  return false;
}

// Finds key. Returns the entry position (>= 0), -1 when absent, -2 on error. *slot gets
// the index slot of the entry, or where a new entry for key should go.
static int64_t lookup(Dict* d, Value key, int64_t hash, int64_t* slot) {
restart:
  if (d->index_size == 0) {
    *slot = -1;
    return -1;
  }
  uint64_t mask = uint64_t(d->index_size) - 1;
  uint64_t perturb = uint64_t(hash);
  uint64_t i = perturb & mask;
  int64_t freeslot = -1;
  for (;;) {
    int32_t ix = d->index[i];
    if (ix == kEmpty) {
      *slot = freeslot >= 0 ? freeslot : int64_t(i);
      return -1;
    }
    if (ix == kDummy) {
      if (freeslot < 0) freeslot = int64_t(i);
    } else {
      DictEntry* e = &d->entries[ix];
      if (e->hash == hash) {
        bool known;
        bool eq = keys_equal_fast(e->key, key, &known);
        if (known) {
          if (eq) {
            *slot = int64_t(i);
            return ix;
          }
        } else {
          DictEntry* entries = d->entries;
          Ref startkey = Ref::borrow(e->key);
          int cmp = rich_compare_bool(startkey.get(), key, CompareOp::Eq);
          if (cmp < 0) return -2;
          if (entries != d->entries || d->index[i] != ix || d->entries[ix].key != startkey.get())
            goto restart;
          if (cmp > 0) {
            *slot = int64_t(i);
            return ix;
          }
        }
      }
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

Value dict_get_known_hash(Dict* d, Value key, int64_t hash) {
  if (d->used == 0) return Value();
  int64_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix < 0) return Value();
  return d->entries[ix].value;
}

int64_t dict_find_str(Dict* d, Str* key) {
  if (d->used == 0) return -1;
  int64_t hash = str_hash(key);
  uint64_t mask = uint64_t(d->index_size) - 1;
  uint64_t perturb = uint64_t(hash);
  uint64_t i = perturb & mask;
  Value kv = Value::from_obj(key);
  for (;;) {
    int32_t ix = d->index[i];
    if (ix == kEmpty) return -1;
    if (ix >= 0) {
      DictEntry* e = &d->entries[ix];
      if (e->key == kv) return ix;
      // A str subclass key compares as a str unless its class defines __eq__ (that one is
      // left to the general lookup's rich comparison: no Python code runs here).
      if (e->hash == hash && is_str(e->key) && type_of(e->key)->richcompare == StrType.richcompare &&
          str_equal(e->key.as<Str>(), key))
        return ix;
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

Value dict_get_str(Dict* d, Str* key) {
  int64_t ix = dict_find_str(d, key);
  return ix < 0 ? Value() : d->entries[ix].value;
}

void dict_replace_at(Dict* d, int64_t pos, Value value) {
  incref(value);
  bump(d);
  set_owned(&d->entries[pos].value, value);
}

Value dict_get(Dict* d, Value key) {
  if (is_exact_str(key)) return dict_get_str(d, key.as<Str>());
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) return Value();
  return dict_get_known_hash(d, key, hash);
}

Value dict_get_cstr(Dict* d, const char* key) {
  Own<Str> k = str_from_utf8(key);
  return dict_get_str(d, k.get());
}

int dict_contains(Dict* d, Value key) {
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) return -1;
  if (d->used == 0) return 0;
  int64_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix == -2) return -1;
  return ix >= 0;
}

// ---------------------------------------------------------------------------------
// Mutation

bool dict_set_known_hash(Dict* d, Value key, int64_t hash, Value value) {
  incref(key);
  incref(value);
  if (d->index_size == 0) resize(d, kMinIndexSize);
  int64_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix == -2) {
    decref(key);
    decref(value);
    return false;
  }
  if (ix >= 0) {
    bump(d);
    decref(key);
    set_owned(&d->entries[ix].value, value);
    return true;
  }
  if (d->entries_len >= d->entries_cap) {
    resize(d, size_for(d->used * 3));
    ix = lookup(d, key, hash, &slot);  // finds the free slot (no comparisons can match)
    if (ix == -2) {
      decref(key);
      decref(value);
      return false;
    }
  }
  int64_t pos = d->entries_len++;
  DictEntry& e = d->entries[pos];
  e.hash = hash;
  e.key = key;
  e.value = value;
  d->key_hash_bits |= key_hash_bit(hash);
  d->index[slot] = int32_t(pos);
  d->used++;
  bump(d);
  return true;
}

bool dict_set(Dict* d, Value key, Value value) {
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) return false;
  return dict_set_known_hash(d, key, hash, value);
}

bool dict_set_str(Dict* d, const char* key, Value value) {
  Str* k = intern(key);
  return dict_set(d, Value::from_obj(k), value);
}

// Removes the entry at `ix` found in index slot `slot`; releases key and value last.
static void delete_entry(Dict* d, int64_t slot, int64_t ix) {
  DictEntry& e = d->entries[ix];
  Value k = e.key, v = e.value;
  e.key = Value();
  e.value = Value();
  d->index[slot] = kDummy;
  d->used--;
  bump(d);
  decref(k);
  decref(v);
}

int dict_del(Dict* d, Value key) {
  int64_t hash = cont::fast_hash(key);
  if (hash == -1) return -1;
  if (d->used == 0) return 0;
  int64_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix == -2) return -1;
  if (ix < 0) return 0;
  delete_entry(d, slot, ix);
  return 1;
}

void dict_clear(Dict* d) {
  DictEntry* entries = d->entries;
  int32_t* index = d->index;
  int64_t n = d->entries_len, cap = d->entries_cap, isz = d->index_size;
  bool had = d->used > 0 || entries;
  d->entries = nullptr;
  d->index = nullptr;
  d->entries_len = d->entries_cap = d->index_size = 0;
  d->used = 0;
  if (had) bump(d);
  for (int64_t k = 0; k < n; k++) {
    decref(entries[k].key);
    decref(entries[k].value);
  }
  free_tables(index, isz, cap);
}

bool dict_next(Dict* d, int64_t* pos, Value* key, Value* value) {
  int64_t i = *pos;
  while (i < d->entries_len && !d->entries[i].key) i++;
  if (i >= d->entries_len) {
    *pos = i;
    return false;
  }
  if (key) *key = d->entries[i].key;
  if (value) *value = d->entries[i].value;
  *pos = i + 1;
  return true;
}

bool dict_next_hash(Dict* d, int64_t* pos, Value* key, Value* value, int64_t* hash) {
  int64_t i = *pos;
  if (!dict_next(d, pos, key, value)) return false;
  (void)i;
  if (hash) *hash = d->entries[*pos - 1].hash;
  return true;
}

Own<Dict> dict_new() {
  Dict* d = alloc<Dict>(&DictType);
  bump(d);  // every dict gets a version no other dict has had (LOAD_GLOBAL caches rely on it)
  return Own<Dict>::steal(d);
}

Own<Dict> dict_copy(Dict* d) {
  Own<Dict> r = dict_new();
  if (d->used == 0) return r;
  if (d->used == d->entries_len) {
    // No holes: copy the tables as they are.
    Dict* c = r.get();
    c->index = static_cast<int32_t*>(mem_alloc(tables_bytes(d->index_size, d->entries_cap)));
    c->entries = entries_of(c->index, d->index_size);
    std::memcpy(c->entries, d->entries, size_t(d->entries_len) * sizeof(DictEntry));
    std::memcpy(c->index, d->index, size_t(d->index_size) * sizeof(int32_t));
    c->entries_cap = d->entries_cap;
    c->index_size = d->index_size;
    c->entries_len = d->entries_len;
    c->used = d->used;
    c->key_hash_bits = d->key_hash_bits;
    for (int64_t k = 0; k < c->entries_len; k++) {
      incref(c->entries[k].key);
      incref(c->entries[k].value);
    }
    bump(c);
    return r;
  }
  resize(r.get(), size_for(d->used));
  for (int64_t k = 0; k < d->entries_len; k++) {
    DictEntry& e = d->entries[k];
    if (e.key && !dict_set_known_hash(r.get(), e.key, e.hash, e.value)) return nullptr;
  }
  return r;
}

// ---------------------------------------------------------------------------------
// Merging / update

static Ref dict_iter(Value self);

bool dict_merge(Dict* a, Value b, int override) {
  if (is_dict(b) && type_of(b)->iter == dict_iter) {
    Dict* other = b.as<Dict>();
    if (other == a || other->used == 0) return true;
    if (a->used == 0 && override != 2 && a->index_size < size_for(a->used + other->used))
      resize(a, size_for(a->used + other->used));
    Ref hold = Ref::borrow(b);
    for (int64_t k = 0; k < other->entries_len; k++) {
      DictEntry e = other->entries[k];
      if (!e.key) continue;
      Ref key = Ref::borrow(e.key), value = Ref::borrow(e.value);
      if (override != 1) {
        int64_t slot;
        int64_t ix = a->used ? lookup(a, key.get(), e.hash, &slot) : -1;
        if (ix == -2) return false;
        if (ix >= 0) {
          if (override == 2) {
            raise_key_error(key.get());
            return false;
          }
          continue;
        }
      }
      if (!dict_set_known_hash(a, key.get(), e.hash, value.get())) return false;
      if (k >= other->entries_len) break;
    }
    return true;
  }
  // A generic mapping: iterate keys(), then b[key].
  Ref keys = call_method0(b, "keys");
  if (!keys) return false;
  return for_each(keys.get(), [&](Value key) {
    if (override != 1) {
      int r = dict_contains(a, key);
      if (r < 0) return false;
      if (r) {
        if (override == 2) {
          raise_key_error(key);
          return false;
        }
        return true;
      }
    }
    Ref value = get_item(b, key);
    if (!value) return false;
    return dict_set(a, key, value.get());
  });
}

// Merges an iterable of key/value pairs (CPython's PyDict_MergeFromSeq2).
static bool merge_from_seq2(Dict* d, Value seq) {
  int64_t i = 0;
  return for_each(seq, [&](Value item) {
    Ref fast;
    if (is_list(item) || is_tuple(item)) {
      fast = Ref::borrow(item);
    } else {
      Ref it = get_iter(item);
      if (!it) {
        if (error_matches(&TypeErrorType)) {
          clear_error();
          raisef(&TypeErrorType, "cannot convert dictionary update sequence element #%lld to a sequence",
                 (long long)i);
        }
        return false;
      }
      Own<List> l = list_from_iterable(it.get());
      if (!l) return false;
      fast = l.into_ref();
    }
    int64_t n = is_list(fast.get()) ? fast.as<List>()->size : fast.as<Tuple>()->size;
    if (n != 2) {
      raisef(&ValueErrorType, "dictionary update sequence element #%lld has length %lld; 2 is required",
             (long long)i, (long long)n);
      return false;
    }
    Value* items = is_list(fast.get()) ? fast.as<List>()->items : fast.as<Tuple>()->items;
    Ref k = Ref::borrow(items[0]), v = Ref::borrow(items[1]);
    if (!dict_set(d, k.get(), v.get())) return false;
    i++;
    return true;
  });
}

bool dict_update(Dict* d, Value other) {
  if (is_exact_dict(other)) return dict_merge(d, other, 1);
  Ref keys_attr = getattr_opt(other, intern("keys"));
  if (keys_attr) return dict_merge(d, other, 1);
  if (error_pending()) return false;
  return merge_from_seq2(d, other);
}

// update(*args, **kwargs) shared by dict.__init__ and dict.update.
static bool update_common(Dict* d, const char* name, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::check_positional(name, nargs, 0, 1)) return false;
  if (nargs == 1 && !dict_update(d, args[0])) return false;
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; i++)
      if (!dict_set(d, kwnames->items[i], args[nargs + size_t(i)])) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------
// Slots

static void dict_dealloc(Object* o) {
  Dict* d = static_cast<Dict*>(o);
  for (int64_t k = 0; k < d->entries_len; k++) {
    decref(d->entries[k].key);
    decref(d->entries[k].value);
  }
  free_tables(d->index, d->index_size, d->entries_cap);
  free_object(o);
}

static void dict_traverse(Object* o, VisitFn visit, void* ctx) {
  Dict* d = static_cast<Dict*>(o);
  for (int64_t k = 0; k < d->entries_len; k++) {
    if (d->entries[k].key) visit(d->entries[k].key, ctx);
    if (d->entries[k].value) visit(d->entries[k].value, ctx);
  }
}

static void dict_clear_slot(Object* o) { dict_clear(static_cast<Dict*>(o)); }

static Ref dict_repr(Value self) {
  Dict* d = self.as<Dict>();
  if (d->used == 0) return cont::make_str("{}");
  if (repr_enter(self)) return cont::make_str("{...}");
  std::string out = "{";
  bool ok = true, first = true;
  for (int64_t k = 0; k < d->entries_len; k++) {
    if (!d->entries[k].key) continue;
    Ref key = Ref::borrow(d->entries[k].key), value = Ref::borrow(d->entries[k].value);
    if (!first) out += ", ";
    first = false;
    if (!cont::append_repr(out, key.get())) {
      ok = false;
      break;
    }
    out += ": ";
    if (!cont::append_repr(out, value.get())) {
      ok = false;
      break;
    }
  }
  repr_leave(self);
  if (!ok) return nullptr;
  out += '}';
  return cont::make_str(out);
}

// 1 equal, 0 not, -1 error.
static int dict_equal(Dict* a, Dict* b) {
  if (a->used != b->used) return 0;
  for (int64_t k = 0; k < a->entries_len; k++) {
    DictEntry e = a->entries[k];
    if (!e.key) continue;
    Ref key = Ref::borrow(e.key), aval = Ref::borrow(e.value);
    Value bv = dict_get_known_hash(b, key.get(), e.hash);
    if (!bv) return error_pending() ? -1 : 0;
    Ref bval = Ref::borrow(bv);
    int cmp = rich_compare_bool(aval.get(), bval.get(), CompareOp::Eq);
    if (cmp <= 0) return cmp;
  }
  return 1;
}

static Ref dict_richcompare(Value a, Value b, CompareOp op) {
  if (!is_dict(a) || !is_dict(b) || (op != CompareOp::Eq && op != CompareOp::Ne))
    return Ref::borrow(not_implemented());
  int r = dict_equal(a.as<Dict>(), b.as<Dict>());
  if (r < 0) return nullptr;
  return Ref::boolean((r == 1) == (op == CompareOp::Eq));
}

static int64_t dict_len(Value self) { return self.as<Dict>()->used; }

Ref dict_subscript(Value self, Value key) {
  Dict* d = self.as<Dict>();
  Value v = dict_get(d, key);
  if (v) return Ref::borrow(v);
  if (error_pending()) return nullptr;
  if (!is_exact_dict(self)) {
    Value missing = type_lookup(type_of(self), intern("__missing__"));
    if (missing) {
      Ref m = Ref::borrow(missing);
      return call2(m.get(), self, key);
    }
  }
  return raise_key_error(key);
}

int dict_ass_subscript(Value self, Value key, Value v) {
  Dict* d = self.as<Dict>();
  if (v) return dict_set(d, key, v) ? 0 : -1;
  int r = dict_del(d, key);
  if (r < 0) return -1;
  if (r == 0) {
    raise_key_error(key);
    return -1;
  }
  return 0;
}

static int dict_contains_slot(Value self, Value key) { return dict_contains(self.as<Dict>(), key); }

static Ref dict_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Dict* d = alloc<Dict>(type, type == &DictType ? sizeof(Dict) : type->basic_size);
  return Ref::steal(d);
}

static int dict_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return update_common(self.as<Dict>(), "dict", args, nargs, kwnames) ? 0 : -1;
}

static Ref dict_or(Value a, Value b) {
  if (!is_dict(a) || !is_dict(b)) return Ref::borrow(not_implemented());
  Own<Dict> r = dict_copy(a.as<Dict>());
  if (!r || !dict_update(r.get(), b)) return nullptr;
  return r.into_ref();
}

static Ref dict_ior(Value a, Value b) {
  if (!is_dict(a)) return Ref::borrow(not_implemented());
  if (!dict_update(a.as<Dict>(), b)) return nullptr;
  return Ref::borrow(a);
}

// ---------------------------------------------------------------------------------
// Iterators

struct DictIter : Object {
  Dict* dict;      // owned; null once exhausted
  int64_t pos;     // next entry position (reverse: current position, counting down)
  int64_t used;    // dict->used when the iterator was made
  int64_t len;     // items left
  Tuple* result;   // item iterators: a reusable (key, value) tuple (owned) or null
};

static Ref make_dict_iter(Dict* d, Type* type) {
  DictIter* it = alloc<DictIter>(type);
  incref(d);
  it->dict = d;
  it->used = d->used;
  it->len = d->used;
  bool rev = type == &DictRevKeyIterType || type == &DictRevValueIterType || type == &DictRevItemIterType;
  it->pos = rev ? d->entries_len - 1 : 0;
  return Ref::steal(it);
}

static Ref dict_iter(Value self) { return make_dict_iter(self.as<Dict>(), &DictKeyIterType); }

// Advances to the next live entry; null entry when exhausted or on error.
static DictEntry* dictiter_advance(DictIter* it, bool reverse) {
  Dict* d = it->dict;
  if (!d) return nullptr;
  if (it->used != d->used) {
    raise(&RuntimeErrorType, "dictionary changed size during iteration");
    it->used = -1;  // make this state sticky
    return nullptr;
  }
  DictEntry* e = nullptr;
  if (!reverse) {
    int64_t i = it->pos;
    while (i < d->entries_len && !d->entries[i].key) i++;
    if (i < d->entries_len) {
      e = &d->entries[i];
      it->pos = i + 1;
    }
  } else {
    int64_t i = it->pos;
    if (i >= d->entries_len) i = d->entries_len - 1;
    while (i >= 0 && !d->entries[i].key) i--;
    if (i >= 0) {
      e = &d->entries[i];
      it->pos = i - 1;
    }
  }
  if (!e) {
    it->dict = nullptr;
    it->len = 0;
    decref(d);
    return nullptr;
  }
  if (it->len == 0) {
    raise(&RuntimeErrorType, "dictionary keys changed during iteration");
    it->len = -1;
    it->dict = nullptr;
    decref(d);
    return nullptr;
  }
  it->len--;
  return e;
}

static Ref dictiter_key(Value self) {
  DictEntry* e = dictiter_advance(self.as<DictIter>(), false);
  return e ? Ref::borrow(e->key) : nullptr;
}
static Ref dictiter_value(Value self) {
  DictEntry* e = dictiter_advance(self.as<DictIter>(), false);
  return e ? Ref::borrow(e->value) : nullptr;
}
static Ref make_item(DictIter* it, DictEntry* e) {
  Tuple* r = it->result;
  if (r && r->refcnt == 1) {
    // Reuse the tuple the caller dropped (CPython's trick for `for k, v in d.items()`).
    Value ok = r->items[0], ov = r->items[1];
    incref(e->key);
    incref(e->value);
    r->items[0] = e->key;
    r->items[1] = e->value;
    incref(r);
    decref(ok);
    decref(ov);
    if (!gc_is_tracked(r)) gc_track(r);  // a collection untracked it while it held atoms
    return Ref::steal(r);
  }
  Own<Tuple> t = tuple_from({e->key, e->value});
  if (!r) {
    it->result = t.get();
    incref(t.get());
  }
  return t.into_ref();
}
static Ref dictiter_item(Value self) {
  DictIter* it = self.as<DictIter>();
  DictEntry* e = dictiter_advance(it, false);
  return e ? make_item(it, e) : nullptr;
}
static Ref dictreviter_key(Value self) {
  DictEntry* e = dictiter_advance(self.as<DictIter>(), true);
  return e ? Ref::borrow(e->key) : nullptr;
}
static Ref dictreviter_value(Value self) {
  DictEntry* e = dictiter_advance(self.as<DictIter>(), true);
  return e ? Ref::borrow(e->value) : nullptr;
}
static Ref dictreviter_item(Value self) {
  DictIter* it = self.as<DictIter>();
  DictEntry* e = dictiter_advance(it, true);
  return e ? make_item(it, e) : nullptr;
}

static void dictiter_dealloc(Object* o) {
  DictIter* it = static_cast<DictIter*>(o);
  xdecref(it->dict);
  xdecref(it->result);
  free_object(o);
}
static void dictiter_traverse(Object* o, VisitFn visit, void* ctx) {
  DictIter* it = static_cast<DictIter*>(o);
  if (it->dict) visit(Value::from_obj(it->dict), ctx);
  if (it->result) visit(Value::from_obj(it->result), ctx);
}
static void dictiter_clear(Object* o) {
  DictIter* it = static_cast<DictIter*>(o);
  Dict* d = it->dict;
  Tuple* r = it->result;
  it->dict = nullptr;
  it->result = nullptr;
  xdecref(d);
  xdecref(r);
}
static Ref iter_self(Value self) { return Ref::borrow(self); }
static Ref dictiter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  DictIter* it = self.as<DictIter>();
  int64_t n = (it->dict && it->used == it->dict->used) ? it->len : 0;
  return make_int(n < 0 ? 0 : n);
}
static const MethodDef dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// Methods

static Ref dict_get_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("get", kwnames) || !cont::check_positional("get", nargs, 1, 2)) return nullptr;
  Value v = dict_get(self.as<Dict>(), args[0]);
  if (v) return Ref::borrow(v);
  if (error_pending()) return nullptr;
  return nargs > 1 ? Ref::borrow(args[1]) : Ref::none();
}

static Ref dict_setdefault_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("setdefault", kwnames) || !cont::check_positional("setdefault", nargs, 1, 2))
    return nullptr;
  Dict* d = self.as<Dict>();
  Value v = dict_get(d, args[0]);
  if (v) return Ref::borrow(v);
  if (error_pending()) return nullptr;
  Value dflt = nargs > 1 ? args[1] : Value::none();
  if (!dict_set(d, args[0], dflt)) return nullptr;
  return Ref::borrow(dflt);
}

static Ref dict_pop_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("pop", kwnames) || !cont::check_positional("pop", nargs, 1, 2)) return nullptr;
  Dict* d = self.as<Dict>();
  int64_t hash = cont::fast_hash(args[0]);
  if (hash == -1) return nullptr;
  int64_t slot, ix = -1;
  if (d->used) ix = lookup(d, args[0], hash, &slot);
  if (ix == -2) return nullptr;
  if (ix < 0) {
    if (nargs > 1) return Ref::borrow(args[1]);
    return raise_key_error(args[0]);
  }
  Ref v = Ref::borrow(d->entries[ix].value);
  delete_entry(d, slot, ix);
  return v;
}

static Ref dict_popitem_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.popitem", nargs, kwnames)) return nullptr;
  Dict* d = self.as<Dict>();
  if (d->used == 0) return raise(&KeyErrorType, "popitem(): dictionary is empty");
  int64_t i = d->entries_len - 1;
  while (i >= 0 && !d->entries[i].key) i--;
  DictEntry& e = d->entries[i];
  // Find its index slot.
  uint64_t mask = uint64_t(d->index_size) - 1;
  uint64_t perturb = uint64_t(e.hash);
  uint64_t j = perturb & mask;
  while (d->index[j] != int32_t(i)) {
    perturb >>= 5;
    j = (j * 5 + perturb + 1) & mask;
  }
  Value k = e.key, v = e.value;
  e.key = Value();
  e.value = Value();
  d->index[j] = kDummy;
  d->used--;
  d->entries_len = i;
  bump(d);
  Own<Tuple> t = tuple_new(2);
  t->items[0] = k;
  t->items[1] = v;
  return t.into_ref();
}

static Ref dict_update_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!update_common(self.as<Dict>(), "update", args, nargs, kwnames)) return nullptr;
  return Ref::none();
}

static Ref dict_clear_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.clear", nargs, kwnames)) return nullptr;
  dict_clear(self.as<Dict>());
  return Ref::none();
}

static Ref dict_copy_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.copy", nargs, kwnames)) return nullptr;
  return dict_copy(self.as<Dict>()).into_ref();
}

static Ref dict_fromkeys_m(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("fromkeys", kwnames) || !cont::check_positional("fromkeys", nargs, 1, 2))
    return nullptr;
  Value value = nargs > 1 ? args[1] : Value::none();
  Ref d = call0(cls);
  if (!d) return nullptr;
  if (is_exact_dict(d.get())) {
    Dict* dd = d.as<Dict>();
    if (is_exact_dict(args[0])) {
      Dict* src = args[0].as<Dict>();
      for (int64_t k = 0; k < src->entries_len; k++) {
        DictEntry e = src->entries[k];
        if (e.key && !dict_set_known_hash(dd, e.key, e.hash, value)) return nullptr;
      }
      return d;
    }
    if (!for_each(args[0], [&](Value key) { return dict_set(dd, key, value); })) return nullptr;
    return d;
  }
  Value target = d.get();
  if (!for_each(args[0], [&](Value key) { return set_item(target, key, value) == 0; })) return nullptr;
  return d;
}

static Ref make_view(Value self, Type* type) {
  DictView* v = alloc<DictView>(type);
  incref(self);
  v->dict = self.as<Dict>();
  return Ref::steal(v);
}

static Ref dict_keys_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.keys", nargs, kwnames)) return nullptr;
  return make_view(self, &DictKeysType);
}
static Ref dict_values_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.values", nargs, kwnames)) return nullptr;
  return make_view(self, &DictValuesType);
}
static Ref dict_items_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.items", nargs, kwnames)) return nullptr;
  return make_view(self, &DictItemsType);
}
static Ref dict_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("dict.__reversed__", nargs, kwnames)) return nullptr;
  return make_dict_iter(self.as<Dict>(), &DictRevKeyIterType);
}

static const MethodDef dict_methods[] = {
    {"get", dict_get_m, 0, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_setdefault_m, 0, "Insert key with a value of default if key is not in the dictionary.\n\nReturn the value for key if key is in the dictionary, else default."},
    {"pop", dict_pop_m, 0, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf the key is not found, return the default if given; otherwise,\nraise a KeyError."},
    {"popitem", dict_popitem_m, 0, "Remove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO (last-in, first-out) order.\nRaises KeyError if the dict is empty."},
    {"update", dict_update_m, 0, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"clear", dict_clear_m, 0, "D.clear() -> None.  Remove all items from D."},
    {"copy", dict_copy_m, 0, "D.copy() -> a shallow copy of D"},
    {"fromkeys", dict_fromkeys_m, kMethClass, "Create a new dictionary with keys from iterable and values set to value."},
    {"keys", dict_keys_m, 0, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", dict_values_m, 0, "D.values() -> an object providing a view on D's values"},
    {"items", dict_items_m, 0, "D.items() -> a set-like object providing a view on D's items"},
    {"__reversed__", dict_reversed_m, 0, "Return a reverse iterator over the dict keys."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// Views

static void view_dealloc(Object* o) {
  xdecref(static_cast<DictView*>(o)->dict);
  free_object(o);
}
static void view_traverse(Object* o, VisitFn visit, void* ctx) {
  DictView* v = static_cast<DictView*>(o);
  if (v->dict) visit(Value::from_obj(v->dict), ctx);
}
static void view_clear(Object* o) {
  DictView* v = static_cast<DictView*>(o);
  Dict* d = v->dict;
  v->dict = nullptr;
  xdecref(d);
}
static int64_t view_len(Value self) {
  Dict* d = self.as<DictView>()->dict;
  return d ? d->used : 0;
}
static Ref keys_iter(Value self) { return make_dict_iter(self.as<DictView>()->dict, &DictKeyIterType); }
static Ref values_iter(Value self) { return make_dict_iter(self.as<DictView>()->dict, &DictValueIterType); }
static Ref items_iter(Value self) { return make_dict_iter(self.as<DictView>()->dict, &DictItemIterType); }

static int keys_contains(Value self, Value key) { return dict_contains(self.as<DictView>()->dict, key); }
static int items_contains(Value self, Value item) {
  if (!is_tuple(item) || item.as<Tuple>()->size != 2) return 0;
  Ref key = Ref::borrow(item.as<Tuple>()->items[0]);
  Ref value = Ref::borrow(item.as<Tuple>()->items[1]);
  Value found = dict_get(self.as<DictView>()->dict, key.get());
  if (!found) return error_pending() ? -1 : 0;
  Ref f = Ref::borrow(found);
  return rich_compare_bool(f.get(), value.get(), CompareOp::Eq);
}
static int values_contains(Value self, Value item) {
  int result = 0;
  bool ok = for_each(self, [&](Value v) {
    int k = v == item ? 1 : rich_compare_bool(v, item, CompareOp::Eq);
    if (k < 0) return false;
    if (k) {
      result = 1;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return -1;
  return result;
}

static Ref view_repr(Value self) {
  if (repr_enter(self)) return cont::make_str("...");
  Own<List> l = list_from_iterable(self);
  std::string out = type_of(self)->name;
  out += '(';
  bool ok = l && cont::append_repr(out, l.value());
  repr_leave(self);
  if (!ok) return nullptr;
  out += ')';
  return cont::make_str(out);
}

static bool is_setlike_view(Value v) {
  return v.is_obj() && (v.obj()->type == &DictKeysType || v.obj()->type == &DictItemsType);
}

// 1 if every item of a is in b, 0 if not, -1 on error.
static int all_contained_in(Value a, Value b) {
  int result = 1;
  bool ok = for_each(a, [&](Value item) {
    int k = contains(b, item);
    if (k < 0) return false;
    if (!k) {
      result = 0;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return -1;
  return result;
}

static Ref view_richcompare(Value self, Value other, CompareOp op) {
  if (!is_setlike_view(self) || (!is_anyset(other) && !is_setlike_view(other)))
    return Ref::borrow(not_implemented());
  int64_t ls = length(self), lo = length(other);
  if (ls < 0 || lo < 0) return nullptr;
  int ok = 0;
  switch (op) {
    case CompareOp::Eq:
    case CompareOp::Ne:
      if (ls == lo) ok = all_contained_in(self, other);
      if (op == CompareOp::Ne && ok >= 0) ok = !ok;
      break;
    case CompareOp::Lt: if (ls < lo) ok = all_contained_in(self, other); break;
    case CompareOp::Le: if (ls <= lo) ok = all_contained_in(self, other); break;
    case CompareOp::Gt: if (ls > lo) ok = all_contained_in(other, self); break;
    case CompareOp::Ge: if (ls >= lo) ok = all_contained_in(other, self); break;
  }
  if (ok < 0) return nullptr;
  return Ref::boolean(ok != 0);
}

// dictviews_to_set
static Own<Set> view_to_set(Value v) {
  if (v.is_obj() && v.obj()->type == &DictKeysType && is_exact_dict(Value::from_obj(v.as<DictView>()->dict)))
    return set_from_iterable(&SetType, Value::from_obj(v.as<DictView>()->dict));
  return set_from_iterable(&SetType, v);
}

static Ref view_or(Value a, Value b) {
  Own<Set> r = view_to_set(a);
  if (!r || !set_update(r.get(), b)) return nullptr;
  return r.into_ref();
}
static Ref view_sub(Value a, Value b) {
  Own<Set> r = view_to_set(a);
  if (!r || !set_difference_update(r.get(), b)) return nullptr;
  return r.into_ref();
}
static Ref view_xor(Value a, Value b) {
  Own<Set> r = view_to_set(a);
  if (!r || !set_symmetric_difference_update(r.get(), b)) return nullptr;
  return r.into_ref();
}
static Ref view_and(Value self, Value other) {
  if (!is_setlike_view(self)) std::swap(self, other);
  int64_t len_self = view_len(self);
  if (is_exact_set(other) && len_self <= set_size(other.as<Set>()))
    return set_intersection(other.as<Set>(), self);
  if (is_setlike_view(other) && view_len(other) > len_self) std::swap(self, other);
  Own<Set> result = set_new(&SetType);
  bool keys = self.obj()->type == &DictKeysType;
  if (!for_each(other, [&](Value item) {
        int k = keys ? keys_contains(self, item) : items_contains(self, item);
        if (k < 0) return false;
        if (k && !set_add(result.get(), item)) return false;
        return true;
      }))
    return nullptr;
  return result.into_ref();
}

static Ref view_isdisjoint_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg(self.obj()->type == &DictKeysType ? "dict_keys.isdisjoint" : "dict_items.isdisjoint",
                     nargs, kwnames))
    return nullptr;
  Value a = self, other = args[0];
  if (a == other) return Ref::boolean(view_len(a) == 0);
  if (is_anyset(other) || is_setlike_view(other)) {
    int64_t lo = length(other);
    if (lo < 0) return nullptr;
    if (lo > view_len(a)) std::swap(a, other);
  }
  bool disjoint = true;
  bool ok = for_each(other, [&](Value item) {
    int k = contains(a, item);
    if (k < 0) return false;
    if (k) {
      disjoint = false;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return nullptr;
  return Ref::boolean(disjoint);
}

static Ref keys_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_dict_iter(self.as<DictView>()->dict, &DictRevKeyIterType);
}
static Ref values_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_dict_iter(self.as<DictView>()->dict, &DictRevValueIterType);
}
static Ref items_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return make_dict_iter(self.as<DictView>()->dict, &DictRevItemIterType);
}

static const MethodDef keys_methods[] = {
    {"isdisjoint", view_isdisjoint_m, 0, "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", keys_reversed_m, 0, "Return a reverse iterator over the dict keys."},
    {nullptr, nullptr, 0, nullptr}};
static const MethodDef items_methods[] = {
    {"isdisjoint", view_isdisjoint_m, 0, "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", items_reversed_m, 0, "Return a reverse iterator over the dict items."},
    {nullptr, nullptr, 0, nullptr}};
static const MethodDef values_methods[] = {
    {"__reversed__", values_reversed_m, 0, "Return a reverse iterator over the dict values."},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------

static NumberSlots dict_number;
static NumberSlots view_number;

static void init_view_type(Type& t, const char* name, UnaryFn iter, ContainsFn cont_fn,
                           const MethodDef* methods, bool setlike) {
  static_type_init(t, name, sizeof(DictView), &ObjectType, kTypeGc);
  t.dealloc = view_dealloc;
  t.traverse = view_traverse;
  t.clear = view_clear;
  t.len = view_len;
  t.iter = iter;
  t.contains = cont_fn;
  t.repr = view_repr;
  t.methods = methods;
  if (setlike) {
    t.richcompare = view_richcompare;
    t.number = &view_number;
  }
  ready_type(&t);
}

static void init_dictiter_type(Type& t, const char* name, UnaryFn next) {
  static_type_init(t, name, sizeof(DictIter), &ObjectType, kTypeGc);
  t.dealloc = dictiter_dealloc;
  t.traverse = dictiter_traverse;
  t.clear = dictiter_clear;
  t.iter = iter_self;
  t.iternext = next;
  t.methods = dictiter_methods;
  ready_type(&t);
}

void init_dict_type() {
  static_type_init(DictType, "dict", sizeof(Dict), &ObjectType,
                   kTypeBaseType | kTypeGc | kTypeDictSubclass);
  DictType.dealloc = dict_dealloc;
  DictType.traverse = dict_traverse;
  DictType.clear = dict_clear_slot;
  DictType.repr = dict_repr;
  DictType.richcompare = dict_richcompare;
  DictType.len = dict_len;
  DictType.getitem = dict_subscript;
  DictType.setitem = dict_ass_subscript;
  DictType.contains = dict_contains_slot;
  DictType.iter = dict_iter;
  DictType.new_ = dict_new_slot;
  DictType.init = dict_init;
  dict_number.binary[int(BinOp::Or)] = dict_or;
  dict_number.inplace[int(BinOp::Or)] = dict_ior;
  DictType.number = &dict_number;
  DictType.methods = dict_methods;
  DictType.doc =
      "dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a mapping "
      "object's\n    (key, value) pairs\ndict(iterable) -> new dictionary initialized as if via:\n    "
      "d = {}\n    for k, v in iterable:\n        d[k] = v\ndict(**kwargs) -> new dictionary "
      "initialized with the name=value pairs\n    in the keyword argument list.  For example:  "
      "dict(one=1, two=2)";
  ready_type(&DictType);

  view_number.binary[int(BinOp::And)] = view_and;
  view_number.binary[int(BinOp::Or)] = view_or;
  view_number.binary[int(BinOp::Sub)] = view_sub;
  view_number.binary[int(BinOp::Xor)] = view_xor;
  init_view_type(DictKeysType, "dict_keys", keys_iter, keys_contains, keys_methods, true);
  init_view_type(DictValuesType, "dict_values", values_iter, values_contains, values_methods, false);
  init_view_type(DictItemsType, "dict_items", items_iter, items_contains, items_methods, true);

  init_dictiter_type(DictKeyIterType, "dict_keyiterator", dictiter_key);
  init_dictiter_type(DictValueIterType, "dict_valueiterator", dictiter_value);
  init_dictiter_type(DictItemIterType, "dict_itemiterator", dictiter_item);
  init_dictiter_type(DictRevKeyIterType, "dict_reversekeyiterator", dictreviter_key);
  init_dictiter_type(DictRevValueIterType, "dict_reversevalueiterator", dictreviter_value);
  init_dictiter_type(DictRevItemIterType, "dict_reverseitemiterator", dictreviter_item);
}

}  // namespace gilpy::rt
