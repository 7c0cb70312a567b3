// runtime/type.h: Type, the object every value's behaviour hangs off.
//
// A Type is itself an Object (its type is `type`). Its slots are C++ function pointers
// for the protocols the VM uses on hot paths (call, attribute access, arithmetic,
// comparison, hashing, iteration, indexing). Built-in types are static objects whose slots
// point at native code; a class statement makes a heap Type whose slots point at generic
// functions that look up the dunder method (`__add__`, `__eq__`, ...) on the class
// (runtime/typeobject.cpp). A null slot means "not supported"; the abstract protocols
// (runtime/abstract.h) turn that into CPython's TypeError.
//
// Slot conventions (as CPython's): a slot returning Ref returns null with an exception
// pending on error; int-returning slots return -1 on error; binary number slots are
// symmetric (called with self as either operand) and may return NotImplemented;
// `iternext` returns null *without* an exception pending when exhausted.
//
// ready_type() (runtime/typeobject.cpp) computes a built-in type's MRO and inherits its
// slots once at start-up; its dict is filled from its method, getset and slot tables the
// first time anything reads it through type_dict().
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/object.h"

namespace gilpy::rt {

struct Str;
struct Tuple;
struct Dict;
struct List;
struct BufferSlots;  // runtime/buffer.h

enum class CompareOp : uint8_t { Lt, Le, Eq, Ne, Gt, Ge };

// The binary operators, in the order of BINARY_OP's operand (vm/opcodes.def).
enum class BinOp : uint8_t {
  Add, Sub, Mul, TrueDiv, FloorDiv, Mod, Pow, LShift, RShift, And, Or, Xor, MatMul,
  kCount
};
constexpr int kBinOpCount = static_cast<int>(BinOp::kCount);

using VisitFn = void (*)(Value v, void* ctx);
using DeallocFn = void (*)(Object* self);
using TraverseFn = void (*)(Object* self, VisitFn visit, void* ctx);
using ClearFn = void (*)(Object* self);
using UnaryFn = Ref (*)(Value self);
using BinaryFn = Ref (*)(Value a, Value b);
using TernaryFn = Ref (*)(Value a, Value b, Value c);
using HashFn = int64_t (*)(Value self);                     // -1 on error
using LenFn = int64_t (*)(Value self);                      // -1 on error
using InquiryFn = int (*)(Value self);                      // 1, 0, or -1 on error
using RichCompareFn = Ref (*)(Value a, Value b, CompareOp op);
using GetAttrFn = Ref (*)(Value self, Str* name);
using SetAttrFn = int (*)(Value self, Str* name, Value v);  // v null: delete
using GetItemFn = Ref (*)(Value self, Value key);
using SetItemFn = int (*)(Value self, Value key, Value v);  // v null: delete
using ContainsFn = int (*)(Value self, Value item);
// The calling convention of every call in gilpy (CPython's "vectorcall"): `args` holds
// nargs positional values followed by one value for each name in `kwnames` (null when
// there are no keywords).
using CallFn = Ref (*)(Value callable, const Value* args, size_t nargs, Tuple* kwnames);
using NewFn = Ref (*)(Type* type, const Value* args, size_t nargs, Tuple* kwnames);
using InitFn = int (*)(Value self, const Value* args, size_t nargs, Tuple* kwnames);
using DescrGetFn = Ref (*)(Value descr, Value obj, Value owner);   // obj null: class access
using DescrSetFn = int (*)(Value descr, Value obj, Value v);       // v null: delete

// Sending a value into an iterator without StopIteration for its return value (CPython
// 3.10's am_send): kYield with *out the value yielded, kReturn with *out the value
// returned, kError with an exception pending. `await` on a native awaitable uses it.
enum class SendStatus : int { kYield, kReturn, kError };
using SendFn = SendStatus (*)(Value self, Value arg, Ref* out);

// Where the instance dict of a type that keeps it out of line lives (asyncio's futures:
// few of them ever get one): the slot, made when `create`, else null when there is none.
using DictSlotFn = Dict** (*)(Value self, bool create);

// A native method: `self` is the bound object (or the module for module functions).
using NativeFn = Ref (*)(Value self, const Value* args, size_t nargs, Tuple* kwnames);
using GetterFn = Ref (*)(Value self);
using SetterFn = int (*)(Value self, Value v);  // v null: delete

struct MethodDef {
  const char* name;
  NativeFn fn;
  int flags;  // kMethStatic / kMethClass, or 0 for an instance method
  const char* doc;
};
constexpr int kMethStatic = 1;
constexpr int kMethClass = 2;

struct GetSetDef {
  const char* name;
  GetterFn get;
  SetterFn set;  // null: read-only
  const char* doc;
};

struct NumberSlots {
  BinaryFn binary[kBinOpCount];   // a OP b, symmetric, may return NotImplemented
  BinaryFn inplace[kBinOpCount];  // a OP= b; null falls back to binary
  TernaryFn power3;               // pow(a, b, mod)
  UnaryFn negative, positive, invert, absolute;
  UnaryFn to_int, to_float, index;
  InquiryFn to_bool;
};

// Type flags.
constexpr uint32_t kTypeGc = 1u << 0;          // instances carry a GcLink and a traverse slot
constexpr uint32_t kTypeHeap = 1u << 1;        // made by a class statement
constexpr uint32_t kTypeBaseType = 1u << 2;    // may be subclassed
constexpr uint32_t kTypeReady = 1u << 3;       // ready_type has run
constexpr uint32_t kTypeIntSubclass = 1u << 8;   // fast isinstance checks, as CPython's
constexpr uint32_t kTypeListSubclass = 1u << 9;
constexpr uint32_t kTypeTupleSubclass = 1u << 10;
constexpr uint32_t kTypeStrSubclass = 1u << 11;
constexpr uint32_t kTypeDictSubclass = 1u << 12;
constexpr uint32_t kTypeExcSubclass = 1u << 13;  // BaseException and its subclasses
constexpr uint32_t kTypeTypeSubclass = 1u << 14;
constexpr uint32_t kTypeHasFinalizer = 1u << 15;  // a heap type defining __del__
constexpr uint32_t kTypeDisallowInstantiation = 1u << 16;  // no __new__: only native code makes one
// Calling descr_get(f, obj) and then the result is the same as calling f with obj
// prepended (Python functions, native method descriptors): callers may skip the binding.
constexpr uint32_t kTypeMethodDescriptor = 1u << 17;
// `case [...]` / `case {...}` apply to instances (CPython's Py_TPFLAGS_SEQUENCE / _MAPPING),
// beside list, tuple and dict, whose subclass flags say so (vm/pattern_match.cpp).
constexpr uint32_t kTypeMatchSequence = 1u << 18;
constexpr uint32_t kTypeMatchMapping = 1u << 19;
// The class has a non-empty __abstractmethods__ (set by abc.ABCMeta): object.__new__
// refuses to instantiate it (CPython's Py_TPFLAGS_IS_ABSTRACT). Not inherited.
constexpr uint32_t kTypeAbstract = 1u << 20;
constexpr uint32_t kTypeBytesSubclass = 1u << 21;
// A built-in type whose dict ready_type has not filled yet (its methods, getsets, slot
// wrappers and __doc__): type_dict() fills it on first use. Most of the 150 built-in
// types are never looked into by a given program, and filling them all was most of
// `-c pass`. Not inherited.
constexpr uint32_t kTypeDictUnfilled = 1u << 22;
// The flags a subclass takes from its bases.
constexpr uint32_t kTypeInheritedFlags = kTypeIntSubclass | kTypeListSubclass | kTypeTupleSubclass |
                                         kTypeStrSubclass | kTypeDictSubclass | kTypeExcSubclass |
                                         kTypeTypeSubclass | kTypeMatchSequence | kTypeMatchMapping |
                                         kTypeBytesSubclass;

struct Type : Object {
  const char* name;        // tp_name: "int", "list"; a heap type's points into name_obj
  Str* name_obj;           // __name__ (owned)
  Str* qualname;           // __qualname__ (owned)
  Str* module_name;        // __module__ for heap types (owned, may be null)
  size_t basic_size;       // bytes of an instance (without its GcLink)
  size_t item_size;        // bytes of each item of a variable-sized instance, or 0
  uint32_t flags;
  uint32_t version;        // changes whenever the type or a base changes (attribute caches)
  Type* base;              // the solid base (owned)
  Tuple* bases;            // __bases__ (owned)
  Tuple* mro;              // __mro__ (owned)
  Dict* dict_unfilled;     // __dict__ (owned): read it through type_dict(), which fills a built-in type's on first use
  int64_t dict_offset;     // byte offset of the instance's Dict* slot, or 0 (see dict_slot)
  DictSlotFn dict_slot;    // with dict_offset 0: an out-of-line instance dict (may be null)
  int64_t weaklist_offset; // nonzero: a built-in type whose instances take weak references (runtime/weakref.h)
  List* subclasses;        // owned: weak references to the direct subclasses (__subclasses__), or null

  DeallocFn dealloc;
  TraverseFn traverse;
  ClearFn clear;
  UnaryFn repr;
  UnaryFn str;
  HashFn hash;
  RichCompareFn richcompare;
  GetAttrFn getattr;
  SetAttrFn setattr;
  CallFn call;
  UnaryFn iter;
  UnaryFn iternext;
  LenFn len;
  GetItemFn getitem;
  SetItemFn setitem;
  ContainsFn contains;
  DescrGetFn descr_get;
  DescrSetFn descr_set;
  NewFn new_;
  InitFn init;
  DeallocFn finalize;      // __del__ (heap types); runs once, before dealloc or collection
  NumberSlots* number;
  SendFn send;             // am_send: await/yield from steps it without StopIteration (may be null)
  const BufferSlots* buffer;  // bytes-like objects export their memory (runtime/buffer.h)

  // Tables read by ready_type (built-in types only).
  const MethodDef* methods;
  const GetSetDef* getsets;
  const char* doc;
};

inline bool type_has(const Type* t, uint32_t flag) { return (t->flags & flag) != 0; }

// t's __dict__, filled first if ready_type left it for later (kTypeDictUnfilled). Every
// read of a type's dict goes through here; null only if filling it ran out of memory.
Dict* fill_type_dict(Type* t);
inline Dict* type_dict(Type* t) {
  return type_has(t, kTypeDictUnfilled) ? fill_type_dict(t) : t->dict_unfilled;
}

}  // namespace gilpy::rt
