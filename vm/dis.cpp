// vm/dis.cpp: the disassembler: `python -m dis`-like text for a code object.
//
// One line an instruction (cache words are not shown; offsets are instruction-word
// indices, the unit of jump targets and of the exception table):
//
//   <line>  [>>] <offset> <OPNAME>  <operand>  (<readable operand>)
//
// the line number only on the first instruction of a line, ">>" on jump targets. After
// the instructions comes the exception table (rows "start to last -> target [depth]
// lasti", ranges inclusive as CPython prints them); with `recursive`, every code object
// among the constants follows, under a "Disassembly of <code object ...>:" header.
// Compiler tests compare this text with golden files (tests/compiler/golden/).
#include <cstdio>
#include <set>
#include <string>

#include "runtime/abstract.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "vm/code.h"

namespace gilpy::vm {

namespace {

const char* const kCompareSymbols[] = {"<", "<=", "==", "!=", ">", ">="};
const char* const kBinOpSymbols[] = {"+", "-", "*", "/", "//", "%", "**",
                                     "<<", ">>", "&", "|", "^", "@"};

std::string str_of(rt::Tuple* t, uint32_t i) {
  if (!t || int64_t(i) >= t->size) return "<?>";
  rt::Value v = t->items[i];
  if (!v.is_obj()) return "<?>";
  return rt::str_to_utf8(v.as<rt::Str>());
}

std::string code_header(Code* c) {
  char addr[32];
  std::snprintf(addr, sizeof addr, "%p", static_cast<void*>(c));
  return "<code object " + rt::str_to_utf8(c->name) + " at " + addr + ", file \"" +
         rt::str_to_utf8(c->filename) + "\", line " + std::to_string(c->firstlineno) + ">";
}

std::string const_repr(Code* c, uint32_t i) {
  if (!c->consts || int64_t(i) >= c->consts->size) return "<?>";
  rt::Value v = c->consts->items[i];
  if (is_code(v)) return code_header(v.as<Code>());
  return rt::repr_utf8(v);
}

std::string deref_name(Code* c, uint32_t i) {
  if (int32_t(i) < c->ncells) return str_of(c->cellvars, i);
  return str_of(c->freevars, i - uint32_t(c->ncells));
}

std::string pad_right(std::string s, size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

std::string pad_left(std::string s, size_t n) {
  if (s.size() < n) s.insert(0, n - s.size(), ' ');
  return s;
}

std::string readable_operand(Code* c, Op op, uint32_t arg) {
  switch (op_info(op).operand) {
    case OperandKind::Const:
      return const_repr(c, arg);
    case OperandKind::Name:
      return str_of(c->names, arg);
    case OperandKind::Local:
      return str_of(c->varnames, arg);
    case OperandKind::Deref:
      return deref_name(c, arg);
    case OperandKind::Jump:
      return "to " + std::to_string(arg);
    case OperandKind::Cmp:
      return arg < 6 ? kCompareSymbols[arg] : "?";
    case OperandKind::BinOp: {
      uint32_t base = arg >= kInplaceFlag ? arg - kInplaceFlag : arg;
      std::string s = base < 13 ? kBinOpSymbols[base] : "?";
      if (arg >= kInplaceFlag) s += "=";
      return s;
    }
    default:
      break;
  }
  switch (op) {
    case Op::MAKE_FUNCTION: {
      std::string s;
      const char* names[] = {"defaults", "kwdefaults", "annotations", "closure"};
      for (int b = 0; b < 4; ++b) {
        if (arg & (1u << b)) {
          if (!s.empty()) s += ", ";
          s += names[b];
        }
      }
      return s;
    }
    case Op::FORMAT_VALUE: {
      const char* conv[] = {"", "str", "repr", "ascii"};
      std::string s = conv[arg & 3];
      if (arg & 4) s += s.empty() ? "with format" : ", with format";
      return s;
    }
    case Op::IS_OP:
      return arg ? "is not" : "is";
    case Op::CONTAINS_OP:
      return arg ? "not in" : "in";
    default:
      return "";
  }
}

void disassemble_one(Code* c, std::string& out) {
  const auto& code = c->code;
  // Jump targets, to mark them with ">>".
  std::set<uint32_t> targets;
  {
    uint32_t ext = 0;
    for (size_t i = 0; i < code.size();) {
      uint32_t word = deopt_instr(code[i]);
      Op op = instr_op(word);
      uint32_t arg = instr_arg(word) | ext;
      ext = op == Op::EXTENDED_ARG ? arg << 24 : 0;
      if (op_has_jump(op)) targets.insert(arg);
      i += 1 + (int(op) < kOpCount ? op_info(op).caches : 0);
    }
    for (const auto& row : c->exception_table) targets.insert(uint32_t(row.target));
  }
  int last_line = -1;
  uint32_t ext = 0;
  for (size_t i = 0; i < code.size();) {
    Op op = instr_op(code[i]);
    if (int(op) >= kOpCount) {
      out += "        " + pad_left(std::to_string(i), 6) + " <unknown opcode " +
             std::to_string(int(op)) + ">\n";
      ++i;
      continue;
    }
    uint32_t word = deopt_instr(code[i]);
    op = instr_op(word);
    uint32_t arg = instr_arg(word) | ext;
    int line = c->line_for(int(i));
    std::string lcol;
    if (line != last_line) {
      if (last_line != -1) out += "\n";
      lcol = std::to_string(line);
      last_line = line;
    }
    std::string s = pad_left(lcol, 4) + "    ";
    s += targets.count(uint32_t(i)) ? ">>" : "  ";
    s += pad_left(std::to_string(i), 4) + " ";
    const OpInfo& info = op_info(op);
    if (info.operand == OperandKind::None) {
      s += info.name;
    } else {
      s += pad_right(info.name, 20) + " " + pad_left(std::to_string(arg), 4);
      std::string r = op == Op::EXTENDED_ARG ? "" : readable_operand(c, op, arg);
      if (!r.empty()) s += " (" + r + ")";
    }
    out += s + "\n";
    ext = op == Op::EXTENDED_ARG ? arg << 24 : 0;
    i += 1 + info.caches;
  }
  if (!c->exception_table.empty()) {
    out += "ExceptionTable:\n";
    for (const auto& row : c->exception_table) {
      // The last instruction of the range (its first word), as CPython prints it.
      int last = row.start;
      for (size_t i = size_t(row.start); i < size_t(row.end) && i < code.size();) {
        last = int(i);
        Op op = instr_op(code[i]);
        i += 1 + (int(op) < kOpCount ? op_info(op).caches : 0);
      }
      out += "  " + std::to_string(row.start) + " to " + std::to_string(last) + " -> " +
             std::to_string(row.target) + " [" + std::to_string(row.depth) + "]" +
             (row.push_lasti ? " lasti" : "") + "\n";
    }
  }
}

void disassemble_rec(Code* c, bool recursive, bool header, std::string& out) {
  if (header) out += "Disassembly of " + code_header(c) + ":\n";
  disassemble_one(c, out);
  if (!recursive || !c->consts) return;
  for (int64_t i = 0; i < c->consts->size; ++i) {
    rt::Value v = c->consts->items[i];
    if (is_code(v)) {
      out += "\n";
      disassemble_rec(v.as<Code>(), recursive, true, out);
    }
  }
}

}  // namespace

std::string disassemble(Code* code, bool recursive) {
  std::string out;
  disassemble_rec(code, recursive, false, out);
  return out;
}

}  // namespace gilpy::vm
