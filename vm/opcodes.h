// vm/opcodes.h: the opcode enum and per-opcode tables, all generated from vm/opcodes.def.
#pragma once

#include <cstdint>

namespace gilpy::vm {

enum class Op : uint8_t {
#define OPCODE(name, operand, fall, jump, caches) name,
#include "vm/opcodes.def"
#undef OPCODE
  kCount
};
constexpr int kOpCount = static_cast<int>(Op::kCount);

enum class OperandKind : uint8_t { None, Const, Name, Local, Deref, Jump, Count, Cmp, BinOp, Raw };

struct OpInfo {
  const char* name;
  OperandKind operand;
  uint8_t caches;  // cache words following the instruction
};

inline constexpr OpInfo kOpInfo[] = {
#define OPCODE(name, operand, fall, jump, caches) {#name, OperandKind::operand, caches},
#include "vm/opcodes.def"
#undef OPCODE
};

inline const OpInfo& op_info(Op op) { return kOpInfo[static_cast<int>(op)]; }

// The opcode a specialised form stands for (itself for the opcodes the compiler emits).
inline constexpr Op kBaseOp[] = {
#define OPCODE(name, operand, fall, jump, caches) Op::name,
#define SPECIALIZED_OPCODE(name, base, operand, fall, jump, caches) Op::base,
#include "vm/opcodes.def"
#undef SPECIALIZED_OPCODE
#undef OPCODE
};
inline Op base_op(Op op) { return kBaseOp[static_cast<int>(op)]; }
inline bool op_has_jump(Op op) { return op_info(op).operand == OperandKind::Jump; }

// Stack-depth change of an instruction with operand `arg`, when it falls through
// (jumped = false) or when it jumps.
inline int op_stack_effect(Op op, int32_t arg, bool jumped) {
  switch (op) {
#define OPCODE(name, operand, fall, jump, caches) \
  case Op::name:                                  \
    return jumped ? (jump) : (fall);
#include "vm/opcodes.def"
#undef OPCODE
    default:
      return 0;
  }
}

// BINARY_OP operands at or above this are the in-place form (a += b).
constexpr uint32_t kInplaceFlag = 16;

}  // namespace gilpy::vm
