// runtime/module.h: module objects: a namespace dict with a name.
#pragma once

#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Dict;
struct Str;

struct Module : Object {
  Dict* dict;   // the module's globals (owned); holds __name__, __file__, ...
};

extern Type ModuleType;

inline bool is_module(Value v) { return v.is_obj() && v.obj()->type == &ModuleType; }
Own<Module> module_new(std::string_view name);
// Adds a module function: a builtin function object bound to the module.
bool module_add_function(Module* m, const MethodDef* def);
bool module_add_functions(Module* m, const MethodDef* defs);  // table ends with {nullptr}
bool module_add(Module* m, const char* name, Value v);          // increfs v
std::string_view module_name(Module* m);

void init_module_type();

}  // namespace gilpy::rt
