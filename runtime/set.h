// runtime/set.h: set and frozenset: CPython's open-addressing hash set (same probing and
// growth, so iteration order matches CPython's for the same hashes).
#pragma once

#include <cstdint>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct SetEntry {
  Value key;    // owned; null empty; the dummy marker for deleted
  int64_t hash;
};

struct Set : Object {
  int64_t fill;   // active + dummy
  int64_t used;   // active
  int64_t mask;   // table size - 1
  SetEntry* table;
  int64_t hash;   // frozenset's cached hash, -1 until computed
  int64_t finger;
  SetEntry small[8];
};

extern Type SetType;
extern Type FrozenSetType;

bool is_anyset(Value v);
Own<Set> set_new(Type* type = nullptr);   // an empty set (or frozenset when type says)
bool set_add(Set* s, Value key);          // false on error
int set_contains(Set* s, Value key);      // 1, 0, -1 error
Own<Set> set_from_iterable(Type* type, Value iterable);
bool set_next(Set* s, int64_t* pos, Value* key);

extern Type SetIterType;   // set_iterator
inline bool is_exact_set(Value v) { return v.is_obj() && v.obj()->type == &SetType; }
inline bool is_exact_frozenset(Value v) { return v.is_obj() && v.obj()->type == &FrozenSetType; }
// set.update(iterable) etc., in place. False on error.
bool set_update(Set* s, Value iterable);
bool set_difference_update(Set* s, Value iterable);
bool set_symmetric_difference_update(Set* s, Value iterable);
// s & other (any iterable), as a new set of s's base type (set or frozenset).
Ref set_intersection(Set* s, Value other);
// 1 removed, 0 absent, -1 error.
int set_discard(Set* s, Value key);
int64_t set_size(Set* s);
void set_clear(Set* s);

void init_set_types();

}  // namespace gilpy::rt
