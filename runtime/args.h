// runtime/args.h: binding a native's arguments (vectorcall form) to named parameters,
// with CPython's TypeError messages.
//
//   Value iterable, key = Value::none(), reverse = Value::false_();
//   if (!bind_args("sorted", args, nargs, kwnames,
//                  {"iterable", "/", "*", "key", "reverse"}, 1, {&iterable, &key, &reverse}))
//     return nullptr;
//
// Names: "/" ends the positional-only parameters, "*" starts the keyword-only ones.
// `required` counts the leading parameters that must be given. Outputs for parameters
// not given keep their initial (default) values. Values are borrowed from args.
#pragma once

#include <cstddef>
#include <initializer_list>

#include "runtime/object.h"

namespace gilpy::rt {

struct Tuple;

bool bind_args(const char* fname, const Value* args, size_t nargs, Tuple* kwnames,
               std::initializer_list<const char*> names, size_t required,
               std::initializer_list<Value*> outputs);

}  // namespace gilpy::rt
