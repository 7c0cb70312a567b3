// runtime/list.h: the list type: a growable array of Values.
#pragma once

#include <cstdint>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct List : Object {
  int64_t size;
  int64_t capacity;  // -1 while list.sort() holds the items (see sort.cpp)
  Value* items;      // owned values; capacity slots allocated
};

extern Type ListType;
extern Type ListIterType;         // list_iterator
// list_iterator and list_reverseiterator (the eval loop steps the former inline).
struct ListIter : Object {
  int64_t index;
  List* seq;  // owned; null once exhausted
};
extern Type ListRevIterType;      // list_reverseiterator

inline bool is_list(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeListSubclass); }
inline bool is_exact_list(Value v) { return v.is_obj() && v.obj()->type == &ListType; }

Own<List> list_new(int64_t size = 0);   // size null items: fill them before use
// Appends v (increfs it); false on MemoryError. The common case is inline.
bool list_append_slow(List* l, Value v);
inline bool list_append(List* l, Value v) {
  if (l->size < l->capacity) {
    incref(v);
    l->items[l->size++] = v;
    return true;
  }
  return list_append_slow(l, v);
}
// Makes a list from any iterable (the list() constructor). Null on error.
Own<List> list_from_iterable(Value iterable);
// l.extend(iterable); false on error.
bool list_extend(List* l, Value iterable);
// Sorts in place, stably, with an optional key function and reverse flag (list.sort).
// key may be null or None for no key. False on error (the list keeps all its items).
bool list_sort(List* l, Value key, bool reverse);
// Resizes to newsize items (CPython's over-allocation); new slots are uninitialised.
bool list_resize(List* l, int64_t newsize);
// Slot functions, exposed for the VM's fast paths.
Ref list_getitem(Value self, Value key);
int list_setitem(Value self, Value key, Value v);   // v null: delete

void init_list_type();

}  // namespace gilpy::rt
