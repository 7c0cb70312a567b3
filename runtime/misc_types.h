// runtime/misc_types.h: the small built-in types: NoneType, NotImplementedType,
// ellipsis, range, slice, and the singletons NotImplemented and Ellipsis.
#pragma once

#include <cstdint>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

extern Type NoneType;
extern Type NotImplementedType;
extern Type EllipsisType;
extern Object NotImplementedObject;
extern Object EllipsisObject;
inline Value not_implemented() { return Value::from_obj(&NotImplementedObject); }
inline bool is_not_implemented(Value v) { return v == not_implemented(); }
inline Value ellipsis() { return Value::from_obj(&EllipsisObject); }

struct Range : Object {
  Value start, stop, step;  // owned ints
  Value length;             // owned int
};
extern Type RangeType;
extern Type RangeIterType;
// range_iterator, over small ints only (the eval loop steps it inline).
struct RangeIter : Object {
  int64_t start;  // next value
  int64_t step;
  int64_t len;    // values left
};
Ref range_new(Value start, Value stop, Value step);

struct Slice : Object {
  Value start, stop, step;  // owned, None when omitted
};
extern Type SliceType;
Ref slice_new(Value start, Value stop, Value step);
// Resolves a slice against a sequence of `length` (slice.indices); returns the number of
// items it selects, or -1 with an error pending.
int64_t slice_adjust(Slice* s, int64_t length, int64_t* start, int64_t* stop, int64_t* step);

void init_misc_types();

}  // namespace gilpy::rt
