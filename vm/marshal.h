// vm/marshal.h: code objects to bytes and back (gilpy's own format, in the role of
// CPython's marshal): what lets the standard library's Python modules be compiled once,
// at build time (cli/freeze.cpp), and loaded at import without the compiler.
//
// A blob is a header, then one serialised object (the payload):
//
//   offset 0   "GPYC"                    magic
//          4   u32 kMarshalFormatVersion  bumped when the encoding below changes
//          8   u32 opcode fingerprint     a hash of vm/opcodes.def (names, operand kinds,
//                                         cache words), so bytecode written for another
//                                         instruction set is rejected
//         12   u32 payload length
//         16   u32 checksum of the payload (marshal_checksum)
//         20   payload
//
// All integers are little-endian. In the payload each object starts with a one-byte tag:
//   N T F .   None, True, False, Ellipsis
//   i         an int that is a small int: zigzag varint
//   l         any other int: varint byte count, sign byte (0 or 1), magnitude bytes
//             (least significant first)
//   g         float: the 8 bytes of the IEEE double
//   y         complex: the 8 bytes of the real part, then the 8 of the imaginary part
//   a / A     ASCII str, plain / interned: varint length, bytes
//   u / U     str with non-ASCII characters, plain / interned: varint length, then each
//             code point as 4 bytes (lone surrogates survive, as in the compiler's strs)
//   s         bytes: varint length, bytes
//   ( <       tuple, frozenset: varint count, items
//   c         code object (marshal.cpp, write_code, lists its fields in order)
//   r         back-reference: varint index into the objects read so far
// Every heap object gets the next index when its reading completes (post-order), so a str
// shared by many code objects (a name, the filename) is written once and comes back as one
// object; equal strs are written once even when they were distinct objects.
//
// Code objects are written as the compiler emitted them: specialised and fused forms are
// turned back into their base opcodes and cache words are written as zeros, and the
// reader ends with code_finish (vm/code.h), which recomputes what the compiler's code_finish
// computed (counts, frame size, simple_call, superinstructions). So a loaded code object
// runs exactly like a freshly compiled one. Strs the compiler interned (names, identifiers)
// come back interned.
//
// Reading never trusts the bytes: a truncated blob raises EOFError, a stale or corrupt one
// ValueError (bad magic, other version or instruction set, wrong checksum, unknown tag,
// bad reference, nesting too deep, a code object whose operands, jump targets, line or
// exception table point outside it). Like CPython's marshal, it is not a defence against
// a blob crafted to pass these checks (the bytecode's stack discipline is not verified).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/object.h"
#include "vm/code.h"

namespace gilpy::vm {

constexpr uint32_t kMarshalFormatVersion = 2;  // 2: complex constants (tag y)
constexpr size_t kMarshalHeaderSize = 20;
// Objects nested deeper than this (tuples in tuples, code in code) are refused on both
// sides, which bounds the reader's C++ recursion.
constexpr int kMarshalMaxDepth = 500;

// A hash of the instruction set (vm/opcodes.def), computed at compile time.
uint32_t marshal_opcode_fingerprint();
// The payload checksum stored in the header (fast, not cryptographic).
uint32_t marshal_checksum(std::string_view payload);

// Serialises v (a code object, or any constant a code object can hold) with its header.
// Returns false with ValueError pending for a value that cannot be serialised.
bool marshal_write(rt::Value v, std::string* out);
// Reads a blob back. Returns the object, or null with EOFError / ValueError pending.
rt::Ref marshal_read(std::string_view blob);
// The same, for a blob that must hold a code object (ValueError otherwise).
rt::Own<Code> marshal_read_code(std::string_view blob);

}  // namespace gilpy::vm
