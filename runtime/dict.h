// runtime/dict.h: the dict type: an insertion-ordered hash map (CPython's compact dict).
//
// Entries live in a dense array in insertion order; an index table of a power-of-two
// size maps hash slots to entry positions. The two share one block, the index first. Deleted entries leave a hole
// that is compacted on resize. `version` changes on every mutation that adds, removes or
// replaces a key's value, so the VM can cache global lookups (LOAD_GLOBAL).
// Lookups with str keys compare pointers first (interned names), then hash and text.
#pragma once

#include <cstdint>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Str;

struct DictEntry {
  int64_t hash;
  Value key;    // owned; null for a deleted entry
  Value value;  // owned
};

struct Dict : Object {
  int64_t used;         // live entries
  int64_t entries_len;  // entries used in the entry array (live + deleted)
  int64_t entries_cap;
  int64_t index_size;   // power of two
  uint64_t version;
  // One bit for each key hash inserted since the dict was made: bit (hash & 63). A name
  // whose bit is clear is certainly not a key (dict_certainly_lacks), so LOAD_METHOD
  // learns that an instance dict does not shadow a method without a lookup. Bits are
  // never cleared by deletion: a set bit only means "look it up".
  uint64_t key_hash_bits;
  DictEntry* entries;
  int32_t* index;       // -1 empty, -2 deleted (dummy), else entry position
};

extern Type DictType;

inline uint64_t key_hash_bit(int64_t hash) { return uint64_t{1} << (uint64_t(hash) & 63); }
// True only when d has no key of this hash (false: it may have one).
inline bool dict_certainly_lacks(const Dict* d, int64_t hash) { return !(d->key_hash_bits & key_hash_bit(hash)); }

inline bool is_dict(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeDictSubclass); }
inline bool is_exact_dict(Value v) { return v.is_obj() && v.obj()->type == &DictType; }

Own<Dict> dict_new();
// Borrowed result; null with no error when missing, null with error on failure
// (check error_pending()). These may call __hash__/__eq__ for non-str keys.
Value dict_get(Dict* d, Value key);
Value dict_get_str(Dict* d, Str* key);   // key must be a str; never raises
// The entry position of the str `key` in d, or -1 (never raises). A position stays valid
// while the entry lives: check entries[pos].key before trusting a remembered one.
int64_t dict_find_str(Dict* d, Str* key);
// Replaces the value of the live entry at `pos` (increfs `value`), as setting its key
// again would: the dict's version changes.
void dict_replace_at(Dict* d, int64_t pos, Value value);
Value dict_get_cstr(Dict* d, const char* key);
bool dict_set(Dict* d, Value key, Value value);   // increfs both; false on error
bool dict_set_str(Dict* d, const char* key, Value value);
// 1 deleted, 0 missing (no error set), -1 error.
int dict_del(Dict* d, Value key);
void dict_clear(Dict* d);
// Iteration in insertion order: `pos` starts at 0; returns false at the end.
bool dict_next(Dict* d, int64_t* pos, Value* key, Value* value);
bool dict_update(Dict* d, Value other);  // dict.update(other) for a mapping or pairs
Own<Dict> dict_copy(Dict* d);

// Lookup with a precomputed hash (hash(key) or a stored entry hash). Same result
// convention as dict_get.
Value dict_get_known_hash(Dict* d, Value key, int64_t hash);
bool dict_set_known_hash(Dict* d, Value key, int64_t hash, Value value);
// Iteration that also yields each entry's stored hash.
bool dict_next_hash(Dict* d, int64_t* pos, Value* key, Value* value, int64_t* hash);
// CPython's _PyDict_MergeEx: merges mapping b into a. override 1: b's values win;
// 0: existing keys are kept; 2: a duplicate key raises KeyError(key) (for f(**a, **b)).
bool dict_merge(Dict* a, Value b, int override);
// 1 present, 0 absent, -1 error.
int dict_contains(Dict* d, Value key);
// Slot functions, exposed for the VM's fast paths (BINARY_SUBSCR / STORE_SUBSCR).
Ref dict_subscript(Value self, Value key);   // d[key]: __missing__ / KeyError
int dict_ass_subscript(Value self, Value key, Value v);

// Views (dict_keys, dict_values, dict_items) and their iterators.
struct DictView : Object {
  Dict* dict;  // owned
};
extern Type DictKeysType;
extern Type DictValuesType;
extern Type DictItemsType;
extern Type DictKeyIterType;
extern Type DictValueIterType;
extern Type DictItemIterType;
extern Type DictRevKeyIterType;
extern Type DictRevValueIterType;
extern Type DictRevItemIterType;

void init_dict_type();

}  // namespace gilpy::rt
