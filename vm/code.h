// vm/code.h: the code object, the contract between the compiler and the VM.
//
// The compiler (compiler/codegen.cpp) produces one Code per module, function, class body,
// lambda and comprehension; the VM only ever reads it. Layout of the contract:
//
//  * code: 32-bit instructions, `op | operand << 8` (opcodes and operand kinds in
//    vm/opcodes.def). An opcode with cache words is followed by that many zeroed words,
//    which the VM owns (inline caches); jump targets are absolute instruction indices.
//    Operands above 0xFFFFFF take EXTENDED_ARG prefixes (each supplies 8 high bits).
//  * Fast-local slots ("localsplus"): varnames first (positional parameters in order,
//    then keyword-only, then *args, then **kwargs, then other locals), then one slot per
//    cellvar, then one per freevar. Deref operands count from the first cellvar slot:
//    deref i is localsplus[nlocals + i]. A cellvar that is also a parameter is listed in
//    cell2arg and initialised from that parameter when the frame starts.
//  * lines: one (first instruction index, line number) row per change of line, in
//    increasing instruction order; line_for(i) finds the row.
//  * exception table: rows (start, end, target, depth, push_lasti) covering
//    [start, end) instruction ranges, innermost first among overlapping ones. When an
//    instruction in the range raises, the value stack is cut to `depth` items, the
//    instruction index is pushed (as an int) if push_lasti, then the exception; and
//    execution continues at target. CPython 3.11's model, without its varint packing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/object.h"
#include "runtime/type.h"
#include "vm/attr_cache.h"
#include "vm/opcodes.h"

namespace gilpy::rt {
struct Str;
struct Tuple;
}  // namespace gilpy::rt

namespace gilpy::vm {

using rt::Ref;
using rt::Value;

// Code flags (CPython's values where they exist).
constexpr uint32_t kCoOptimized = 0x0001;      // locals are fast slots (functions)
constexpr uint32_t kCoNewLocals = 0x0002;
constexpr uint32_t kCoVarargs = 0x0004;
constexpr uint32_t kCoVarkeywords = 0x0008;
constexpr uint32_t kCoNested = 0x0010;
constexpr uint32_t kCoGenerator = 0x0020;
constexpr uint32_t kCoCoroutine = 0x0080;
constexpr uint32_t kCoIterableCoroutine = 0x0100;  // types.coroutine
constexpr uint32_t kCoAsyncGenerator = 0x0200;
// Parameters beyond plain positional ones: calls must go through bind_arguments.
constexpr uint32_t kCoSimpleArgsMask = kCoVarargs | kCoVarkeywords;

struct LineRow {
  int32_t start;  // first instruction index with this line
  int32_t line;
};

struct ExceptionTableRow {
  int32_t start, end;  // [start, end) instruction indices
  int32_t target;
  int32_t depth;       // value stack depth to unwind to
  bool push_lasti;
};

// LOAD_GLOBAL's inline cache entry (the VM's; the compiler leaves it empty). Dict
// versions are unique across all dicts and change on every mutation, so two matching
// versions prove that the lookup would find the same (borrowed) value again.
struct GlobalCacheEntry {
  uint64_t globals_version;
  uint64_t builtins_version;
  Value value;
};

struct Code : rt::Object {
  std::vector<uint32_t> code;
  std::vector<LineRow> lines;
  std::vector<ExceptionTableRow> exception_table;
  std::vector<int32_t> cell2arg;  // per cellvar: parameter index to copy, or -1
  std::vector<GlobalCacheEntry> global_cache;  // indexed by LOAD_GLOBAL's first cache word - 1
  std::vector<AttrCacheEntry> attr_cache;      // by LOAD_ATTR's, LOAD_METHOD's, STORE_ATTR's - 1

  rt::Tuple* consts;     // owned
  rt::Tuple* names;      // owned: global/attribute/import names (strs)
  rt::Tuple* varnames;   // owned: fast locals, parameters first
  rt::Tuple* cellvars;   // owned
  rt::Tuple* freevars;   // owned
  rt::Str* filename;     // owned
  rt::Str* name;         // owned
  rt::Str* qualname;     // owned

  int32_t argcount;          // positional parameters (including positional-only)
  int32_t posonlyargcount;
  int32_t kwonlyargcount;
  int32_t nlocals;           // len(varnames)
  int32_t ncells;            // len(cellvars)
  int32_t nfrees;            // len(freevars)
  int32_t stacksize;         // maximum value stack depth
  int32_t firstlineno;
  uint32_t flags;
  // Set by code_finish: plain positional parameters only (no *args, **kwargs, keyword-only
  // parameters or cells), so a call with exactly `argcount` positional arguments can copy
  // them straight into the new frame (CALL_PY_SIMPLE).
  bool simple_call;
  uint32_t frame_bytes;  // set by code_finish: the arena bytes of a frame running it (vm/frame.h)
  // What the GIL meter makes of this code's module, computed on first use (vm/gil_sites.cpp);
  // 0 until then (code objects start zeroed).
  int8_t library_kind;

  int32_t nlocalsplus() const { return nlocals + ncells + nfrees; }
  int line_for(int instr_index) const;
};

extern rt::Type CodeType;

inline bool is_code(Value v) { return v.is_obj() && v.obj()->type == &CodeType; }
// A new, empty code object (vectors empty, tuples null): the compiler fills it in, then
// calls code_finish to check it.
rt::Own<Code> code_new();
// Validates cross-field invariants (sizes, tuple presence) after the compiler filled it.
bool code_finish(Code* c);

inline uint32_t make_instr(Op op, uint32_t operand) {
  return static_cast<uint32_t>(op) | (operand << 8);
}
inline Op instr_op(uint32_t word) { return static_cast<Op>(word & 0xFF); }
inline uint32_t instr_arg(uint32_t word) { return word >> 8; }
// The instruction as the compiler emitted it: a specialised form (vm/opcodes.def) turned
// back into its base opcode and operand.
inline uint32_t deopt_instr(uint32_t word) {
  Op op = instr_op(word);
  uint32_t arg = instr_arg(word);
  if (op == Op::COMPARE_OP_INT_JUMP) arg &= 0xFF;
  return make_instr(base_op(op), arg);
}

// The disassembler (vm/dis.cpp): `python -m dis`-like text for a code object and, with
// recursive, every code object in its constants.
std::string disassemble(Code* code, bool recursive);

void init_code_type();

}  // namespace gilpy::vm
