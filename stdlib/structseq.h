// stdlib/structseq.h: "struct sequences" as CPython's: tuple subclasses whose items also
// have names (sys.version_info, time.struct_time). repr is `prefix(field=value, ...)`.
#pragma once

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::stdlib {

// Readies `t` as a tuple subclass named `name` (its __name__), shown in repr as
// `repr_name(...)`; `fields` (n of them, at most 20) name the items. With `visible` < n,
// as CPython's os.stat_result: the sequence (len, indexing, repr) holds the first
// `visible` items and the rest are attributes only; a name given twice is the later
// field's attribute (stat_result's st_atime is the float, not the int at index 7).
void structseq_init_type(rt::Type* t, const char* name, const char* repr_name,
                         const char* const* fields, int n, int visible = -1);
// A new instance with n items, all the type's fields (borrowed, increfed).
rt::Ref structseq_new(rt::Type* t, const rt::Value* items, int n);

}  // namespace gilpy::stdlib
