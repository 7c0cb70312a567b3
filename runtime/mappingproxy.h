// runtime/mappingproxy.h: `mappingproxy` (types.MappingProxyType), a read-only view of a
// mapping. A class's __dict__ is one: a class dict changes only through setattr and
// delattr on the class, which tell the attribute caches (type_modified in typeobject.h).
#pragma once

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct MappingProxy : Object {
  Value mapping;  // owned
};

extern Type MappingProxyType;

Ref mappingproxy_new(Value mapping);  // a view of `mapping` (not checked: a dict or a mapping)
void init_mappingproxy_type();

}  // namespace gilpy::rt
