// runtime/range.h: registration of range, slice and their iterators (defined in
// runtime/range_slice.cpp; the object layouts are in runtime/misc_types.h).
#pragma once

#include "runtime/misc_types.h"

namespace gilpy::rt {

extern Type LongRangeIterType;   // longrange_iterator: ranges beyond the small-int range

// Readies range, range_iterator, longrange_iterator and slice.
void init_range_slice_types();

}  // namespace gilpy::rt
