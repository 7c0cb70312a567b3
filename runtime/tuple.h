// runtime/tuple.h: the tuple type: an immutable array of Values, stored inline.
// The empty tuple is a single shared object.
//
// This header also declares a few helpers shared by the container files (tuple.cpp,
// list.cpp, dict.cpp, set.cpp, range_slice.cpp): CPython's argument-count messages,
// index conversion for subscripts, and repr building.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Tuple : Object {
  int64_t size;
  Value items[];  // owned
};

extern Type TupleType;
extern Type TupleIterType;   // tuple_iterator (the eval loop steps it inline)
struct TupleIter : Object {
  int64_t index;
  Tuple* seq;  // owned; null once exhausted
};

inline bool is_tuple(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeTupleSubclass); }
inline bool is_exact_tuple(Value v) { return v.is_obj() && v.obj()->type == &TupleType; }

// A tuple of n null items: fill every item (owned) before the tuple escapes.
Own<Tuple> tuple_new(int64_t n);
Own<Tuple> tuple_from(std::initializer_list<Value> items);  // borrows, increfs each
Own<Tuple> tuple_from_array(const Value* items, int64_t n);  // borrows, increfs each
Tuple* tuple_empty();
// tuple(iterable): returns the argument itself for an exact tuple. Null on error.
Own<Tuple> tuple_from_iterable(Value iterable);
// Slot functions, exposed for the VM's fast paths.
int64_t tuple_hash(Value self);
Ref tuple_getitem(Value self, Value key);

void init_tuple_type();

// The kernel's Py_ReprEnter/Py_ReprLeave (runtime/abstract.h); redeclared here.
bool repr_enter(Value v);
void repr_leave(Value v);

namespace cont {

// CPython's hash of a small int (Python's modular int hash), inline for hot paths.
inline int64_t small_int_hash(int64_t i) {
  constexpr int64_t kModulus = (int64_t{1} << 61) - 1;
  int64_t h = i < 0 ? -((-i) % kModulus) : i % kModulus;
  return h == -1 ? -2 : h;
}
// hash(v) with the small-int and cached-str paths inline.
int64_t fast_hash(Value v);

// Argument checks with CPython's exact messages.
//   check_positional("pop", n, 0, 1): "pop expected at most 1 argument, got 2"
bool check_positional(const char* name, size_t nargs, size_t min, size_t max);
//   "list.append() takes no keyword arguments"
bool no_kwargs(const char* qualname, Tuple* kwnames);
//   METH_O: "list.append() takes exactly one argument (0 given)" (+ no keywords)
bool one_arg(const char* qualname, size_t nargs, Tuple* kwnames);
//   METH_NOARGS: "list.copy() takes no arguments (1 given)" (+ no keywords)
bool no_args(const char* qualname, size_t nargs, Tuple* kwnames);

// True if v supports __index__ (ints, bools, int subclasses, objects with an index slot).
bool has_index(Value v);
// Converts a subscript to int64 (v must satisfy has_index); an int too large raises
// IndexError "cannot fit 'int' into an index-sized integer". False on error.
bool seq_index(Value v, int64_t* out);
// Converts an index-like value (has_index(v)) to int64, clamping ints out of range to
// INT64_MIN/INT64_MAX (as _PyEval_SliceIndex does). False on error.
bool clamp_index(Value v, int64_t* out);
// _PyEval_SliceIndexNotNone for start/stop arguments of index(): clamps big ints;
// "slice indices must be integers or have an __index__ method".
bool slice_index_arg(Value v, int64_t* out);
// Clamps start/stop of an index(x, start, stop) call to [0, len].
void adjust_index_range(int64_t len, int64_t* start, int64_t* stop);

// repr(v) appended to out as UTF-8; false on error.
bool append_repr(std::string& out, Value v);
// A str from UTF-8 text.
Ref make_str(const std::string& s);

// Sequence-operator helpers (CPython's sq_concat / sq_repeat fallbacks), for the
// symmetric Add/Mul slots of list and tuple.
//   can't multiply sequence by non-int of type 'X'
Ref raise_cant_multiply(Value non_int);
// True for the built-in types with their own sequence repeat (str, bytes, list, tuple).
bool is_builtin_sequence(Value v);

}  // namespace cont
}  // namespace gilpy::rt
