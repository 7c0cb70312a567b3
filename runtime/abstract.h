// runtime/abstract.h: the object protocols, as CPython's abstract.c: what `a + b`,
// `a[i]`, `len(a)`, `a == b`, `hash(a)`, `iter(a)`, `a(...)` and attribute access mean for
// any Value. Each function dispatches on the operands' type slots (runtime/type.h), and
// raises CPython's TypeError message when the slot is missing.
//
// Conventions: Ref results are new references, null with an exception pending on error;
// int results are 1/0 with -1 on error; Values passed in are borrowed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/errors.h"
#include "runtime/object.h"
#include "runtime/thread_state.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Str;
struct Tuple;
struct Dict;

extern Type TypeType;
extern Type IntType;
extern Type BoolType;
extern Type NoneType;
extern Type ObjectType;

// The type of any Value (tagged values included). Inline: the eval loop asks on every
// call and operator.
inline Type* type_of(Value v) {
  if (v.is_obj()) return v.obj()->type;
  if (v.is_small_int()) return &IntType;
  if (v.is_none()) return &NoneType;
  return &BoolType;
}
const char* type_name(Value v);   // tp_name, e.g. "int", "MyClass"
bool is_subtype(Type* a, Type* b);
bool is_instance_of_type(Value v, Type* t);  // exact subclass test, no __instancecheck__
// isinstance(obj, cls) / issubclass(sub, cls), __instancecheck__ / __subclasscheck__ and
// tuples and unions (int | str) included: 1, 0, or -1 with an error pending.
int object_isinstance(Value obj, Value cls);
int object_issubclass(Value sub, Value cls);

// Calls. kwnames holds the keyword names; their values follow the positionals in args.
Ref call(Value callable, const Value* args, size_t nargs, Tuple* kwnames = nullptr);
Ref call0(Value callable);
Ref call1(Value callable, Value a);
Ref call2(Value callable, Value a, Value b);
Ref call_method0(Value obj, const char* name);
Ref call_method1(Value obj, const char* name, Value a);
// Calls with a tuple of positionals and a dict of keywords (f(*args, **kwargs)).
Ref call_tuple_dict(Value callable, Tuple* args, Dict* kwargs);
// The vectorcall form of f(*args, **kwargs) with a non-empty kwargs: the positional
// arguments then the keyword values (borrowed) in values(), their names in names(). A
// call of a few arguments keeps them in the object itself, so no block is allocated for
// them. fill() is false with TypeError "keywords must be strings" for a non-str key.
class FlatCallArgs {
 public:
  FlatCallArgs() = default;
  FlatCallArgs(const FlatCallArgs&) = delete;  // values() may point into the object itself
  FlatCallArgs& operator=(const FlatCallArgs&) = delete;
  bool fill(Tuple* args, Dict* kwargs);
  const Value* values() const { return values_; }
  Tuple* names() const { return names_.get(); }

 private:
  static constexpr size_t kInline = 16;
  Value inline_[kInline];
  std::vector<Value> spilled_;
  Value* values_ = inline_;
  Own<Tuple> names_;
};
bool is_callable(Value v);

// Attributes.
Ref getattr(Value obj, Str* name);
Ref getattr(Value obj, const char* name);
// Like getattr but returns a null Ref *without* an error when the attribute is missing
// (AttributeError is cleared); other errors stay pending.
Ref getattr_opt(Value obj, Str* name);
int setattr(Value obj, Str* name, Value v);     // v null: delattr
int setattr(Value obj, const char* name, Value v);
bool hasattr(Value obj, Str* name);
// The default attribute protocol (object.__getattribute__ / __setattr__).
Ref generic_getattr(Value obj, Str* name);
int generic_setattr(Value obj, Str* name, Value v);
// Finds `name` along type's MRO (borrowed; null when absent). Cached per type version.
Value type_lookup(Type* type, Str* name);

// Conversion to text.
Ref repr(Value v);
Ref str(Value v);
Ref ascii(Value v);
std::string repr_utf8(Value v);   // repr as UTF-8; on error returns "<error>" and clears it
Ref format(Value v, Value spec);  // format(v, spec)

// Comparison, hashing and truth.
Ref rich_compare(Value a, Value b, CompareOp op);
int rich_compare_bool(Value a, Value b, CompareOp op);  // identity shortcut for Eq/Ne
int equals(Value a, Value b);                            // a == b with identity shortcut
int64_t hash(Value v);                                   // -1 on error
int truthy(Value v);                                     // bool(v)
const char* compare_op_symbol(CompareOp op);             // "<", "==", ...

// Numbers.
Ref binary_op(Value a, Value b, BinOp op);
Ref inplace_op(Value a, Value b, BinOp op);
Ref negative(Value v);
Ref positive(Value v);
Ref invert(Value v);
Ref absolute(Value v);
Ref power3(Value a, Value b, Value mod);
const char* binop_symbol(BinOp op);  // "+", "**", ...

// Containers.
// Whether v supports v[key] (CPython's PyMapping_Check: sequences count too).
inline bool is_mapping(Value v) { return type_of(v)->getitem != nullptr; }
int64_t length(Value v);                       // len(v); -1 on error
// CPython's PyObject_LengthHint: len(v), else v.__length_hint__(), else default_size; -1
// with the error pending when either failed with anything but TypeError. Containers built
// from an iterable size themselves with it first, so list(range(2**64)) is an
// OverflowError at once rather than a loop towards a size no memory holds.
int64_t length_hint(Value v, int64_t default_size);
Ref get_item(Value obj, Value key);
int set_item(Value obj, Value key, Value v);   // v null: del obj[key]
int contains(Value container, Value item);     // `item in container`
Ref get_iter(Value v);
// Next item, or null: check error_pending() to tell exhaustion from failure.
Ref iter_next(Value iterator);
// Runs `fn(item)` for each item of an iterable; stops at the first false return.
// Returns false on error (including one fn reported by returning false with an error set).
template <class Fn>
bool for_each(Value iterable, Fn&& fn);
// Materialises any iterable as a new tuple / list.
Ref sequence_tuple(Value iterable);
Ref sequence_list(Value iterable);

// Recursion guard for repr of containers (CPython's Py_ReprEnter): returns true when v is
// already being repr'ed on this thread (print "[...]"); otherwise marks it until repr_leave.
bool repr_enter(Value v);
void repr_leave(Value v);

// Helpers for natives' argument checking, with CPython's messages.
// "f() takes exactly one argument (2 given)" style checks: returns false with TypeError set.
bool check_nargs(const char* fname, size_t nargs, size_t min, size_t max);
bool check_no_kwargs(const char* fname, Tuple* kwnames);

// Native code that recurses through Python objects (the repr of a list nested a million
// deep, comparing deep structures, splitting nested exception groups) must raise
// RecursionError, not overflow the C++ stack, as CPython's Py_EnterRecursiveCall. Python
// frames are bounded by the recursion limit. `where` completes the message. The depth is
// counted, and where the thread knows its stack's bounds (a greenlet's stack, which may be
// small) the stack pointer is checked against ThreadState::stack_limit too.
constexpr int kMaxNativeDepth = 6000;

inline bool native_stack_exhausted(const ThreadState* ts) {
  return static_cast<char*>(__builtin_frame_address(0)) < ts->stack_limit;
}

class NativeDepthGuard {
 public:
  explicit NativeDepthGuard(const char* where) : ts_(ThreadState::current()) {
    if (++ts_->native_depth > kMaxNativeDepth || native_stack_exhausted(ts_)) {
      raisef(&RecursionErrorType, "maximum recursion depth exceeded%s", where);
      ok_ = false;
    }
  }
  ~NativeDepthGuard() { --ts_->native_depth; }
  NativeDepthGuard(const NativeDepthGuard&) = delete;
  NativeDepthGuard& operator=(const NativeDepthGuard&) = delete;
  bool ok() const { return ok_; }

 private:
  ThreadState* ts_;
  bool ok_ = true;
};

// A native function called with positional arguments as call() would call the object
// that holds it (a built-in function, a method descriptor with its self), for callers
// that have already found the function (the eval loop's specialised calls): under the
// same depth guard and MemoryError funnel.
inline Ref call_native(NativeFn fn, Value self, const Value* args, size_t nargs) {
  NativeDepthGuard guard(" while calling a Python object");
  if (!guard.ok()) return nullptr;
  return with_memory_errors([&] { return fn(self, args, nargs, nullptr); });
}

}  // namespace gilpy::rt

#include "runtime/abstract_inl.h"
