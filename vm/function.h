// vm/function.h: Python functions and the cells of closures.
//
// A Function pairs a code object with the environment it runs in: globals, builtins,
// defaults, keyword-only defaults and the closure (a tuple of Cells, one per free
// variable of the code). Calling it from the eval loop pushes a frame without recursing
// (vm/eval.cpp); calling it from native code goes through function_call.
#pragma once

#include "runtime/object.h"
#include "runtime/type.h"
#include "vm/code.h"

namespace gilpy::rt {
struct Dict;
struct Tuple;
struct Str;
}  // namespace gilpy::rt

namespace gilpy::vm {

struct Function : rt::Object {
  Code* code;              // owned
  rt::Dict* globals;       // owned
  rt::Dict* builtins;      // owned
  rt::Str* name;           // owned __name__
  rt::Str* qualname;       // owned __qualname__
  rt::Tuple* defaults;     // owned, may be null
  rt::Dict* kwdefaults;    // owned, may be null
  rt::Tuple* closure;      // owned, may be null: cells for the code's freevars
  rt::Dict* dict;          // owned __dict__, may be null
  rt::Dict* annotations;   // owned, may be null
  Value doc;               // owned __doc__
  Value module;            // owned __module__
};

struct Cell : rt::Object {
  Value contents;  // owned; null when empty
};

extern rt::Type FunctionType;
extern rt::Type CellType;

inline bool is_function(Value v) { return v.is_obj() && v.obj()->type == &FunctionType; }

rt::Own<Function> function_new(Code* code, rt::Dict* globals, rt::Str* qualname);
rt::Own<Cell> cell_new(Value contents);
// Calls a Python function from native code (runs a nested eval loop).
Ref function_call(Value func, const Value* args, size_t nargs, rt::Tuple* kwnames);

void init_function_types();

}  // namespace gilpy::vm
