// vm/marshal.cpp: the code-object serialiser and its reader (the format is described in
// vm/marshal.h). The writer runs at build time in cli/freeze.cpp; the reader runs at every
// import of a frozen module, so it does one pass over the bytes, shares repeated strs
// through back-references and interns names straight from the bytes.
#include "vm/marshal.h"

#include <bit>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "runtime/bytes.h"
#include "runtime/runtime.h"
#include "vm/opcodes.h"

namespace gilpy::vm {

using namespace rt;

static_assert(std::endian::native == std::endian::little,
              "marshal copies instruction words and floats as little-endian bytes");

namespace {

constexpr char kMagic[4] = {'G', 'P', 'Y', 'C'};

enum Tag : uint8_t {
  kTagNone = 'N',
  kTagTrue = 'T',
  kTagFalse = 'F',
  kTagEllipsis = '.',
  kTagSmallInt = 'i',
  kTagBigInt = 'l',
  kTagFloat = 'g',
  kTagComplex = 'y',
  kTagAscii = 'a',
  kTagAsciiInterned = 'A',
  kTagUcs4 = 'u',
  kTagUcs4Interned = 'U',
  kTagBytes = 's',
  kTagTuple = '(',
  kTagFrozenSet = '<',
  kTagCode = 'c',
  kTagRef = 'r',
};

// Bounds on a code object's counts: far above anything the compiler makes, low enough
// that a corrupt count cannot ask for an absurd frame.
constexpr uint64_t kMaxCount = 1u << 24;
constexpr uint64_t kMaxStackSize = 1u << 20;

constexpr uint32_t fingerprint_of_opcodes() {
  uint32_t h = 2166136261u;  // FNV-1a
  auto mix = [&h](uint32_t b) { h = (h ^ b) * 16777619u; };
  for (int i = 0; i < kOpCount; ++i) {
    for (const char* c = kOpInfo[i].name; *c; ++c) mix(static_cast<uint8_t>(*c));
    mix(static_cast<uint8_t>(kOpInfo[i].operand));
    mix(kOpInfo[i].caches);
    mix(static_cast<uint8_t>(kBaseOp[i]));
  }
  return h;
}
constexpr uint32_t kOpcodeFingerprint = fingerprint_of_opcodes();

void put_u32(std::string& out, uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);
  out.append(b, 4);
}

uint32_t get_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// ---- writing ---------------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  bool write(Value v, int depth) {
    if (depth > kMarshalMaxDepth) {
      raise(&ValueErrorType, "object too deeply nested to marshal");
      return false;
    }
    if (v.is_none()) return tag(kTagNone);
    if (v.is_true()) return tag(kTagTrue);
    if (v.is_false()) return tag(kTagFalse);
    if (v.is_small_int()) {
      tag(kTagSmallInt);
      zigzag(v.small_int());
      return true;
    }
    Object* o = v.obj();
    if (v == ellipsis()) return tag(kTagEllipsis);
    if (auto it = refs_.find(o); it != refs_.end()) return ref(it->second);
    Type* t = o->type;
    if (t == &IntType) {
      write_bigint(v);
    } else if (t == &FloatType) {
      tag(kTagFloat);
      double d = v.as<Float>()->v;
      char b[8];
      std::memcpy(b, &d, 8);
      out_.append(b, 8);
    } else if (t == &ComplexType) {
      tag(kTagComplex);
      CDouble c = complex_value(v);
      char b[16];
      std::memcpy(b, &c.real, 8);
      std::memcpy(b + 8, &c.imag, 8);
      out_.append(b, 16);
    } else if (t == &StrType) {
      return write_str(v.as<Str>());
    } else if (t == &BytesType) {
      Bytes* b = v.as<Bytes>();
      tag(kTagBytes);
      varint(static_cast<uint64_t>(b->size));
      out_.append(b->data, static_cast<size_t>(b->size));
    } else if (t == &TupleType) {
      Tuple* tu = v.as<Tuple>();
      // Items first: the tuple takes its index after them, as the reader numbers it.
      tag(kTagTuple);
      varint(static_cast<uint64_t>(tu->size));
      for (int64_t i = 0; i < tu->size; ++i)
        if (!write(tu->items[i], depth + 1)) return false;
    } else if (t == &FrozenSetType) {
      Set* s = v.as<Set>();
      tag(kTagFrozenSet);
      varint(static_cast<uint64_t>(set_size(s)));
      int64_t pos = 0;
      Value key;
      while (set_next(s, &pos, &key))
        if (!write(key, depth + 1)) return false;
    } else if (t == &CodeType) {
      if (!write_code(v.as<Code>(), depth)) return false;
    } else {
      raise(&ValueErrorType, "unmarshallable object");
      return false;
    }
    remember(o);
    return true;
  }

 private:
  bool tag(Tag t) {
    out_.push_back(static_cast<char>(t));
    return true;
  }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void zigzag(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  bool ref(uint32_t index) {
    tag(kTagRef);
    varint(index);
    return true;
  }
  void remember(Object* o) { refs_.emplace(o, next_index_++); }

  void write_bigint(Value v) {
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    size_t n = (mpz_sizeinbase(z, 2) + 7) / 8;
    std::string magnitude(n, '\0');
    size_t written = 0;
    mpz_export(magnitude.data(), &written, -1, 1, 0, 0, z);
    magnitude.resize(written);
    tag(kTagBigInt);
    varint(written);
    out_.push_back(mpz_sgn(z) < 0 ? 1 : 0);
    out_ += magnitude;
    mpz_clear(z);
  }

  // Equal strs are written once, whichever objects they were (see vm/marshal.h).
  bool write_str(Str* s) {
    std::string key;
    bool ascii = s->kind == 1;
    key.push_back(static_cast<char>(ascii ? (s->interned ? kTagAsciiInterned : kTagAscii)
                                          : (s->interned ? kTagUcs4Interned : kTagUcs4)));
    key.append(s->ascii(), static_cast<size_t>(s->length) * s->kind);
    if (auto it = strs_.find(key); it != strs_.end()) {
      refs_.emplace(s, it->second);
      return ref(it->second);
    }
    out_.push_back(key[0]);
    varint(static_cast<uint64_t>(s->length));
    out_.append(key, 1, std::string::npos);
    strs_.emplace(std::move(key), next_index_);
    remember(s);
    return true;
  }

  // Field order: argcount, posonlyargcount, kwonlyargcount, stacksize, firstlineno
  // (zigzag), flags; the instructions (count, then each one's opcode byte and operand
  // varint, its cache words left out); the line table (count,
  // then each row's start and line as zigzag differences from the previous row, the first
  // from 0 and firstlineno); the exception table (count, then start, end, target, depth,
  // push_lasti byte); cell2arg (count, zigzag each); then the objects consts, names,
  // varnames, cellvars, freevars, filename, name, qualname.
  bool write_code(Code* c, int depth) {
    tag(kTagCode);
    varint(static_cast<uint32_t>(c->argcount));
    varint(static_cast<uint32_t>(c->posonlyargcount));
    varint(static_cast<uint32_t>(c->kwonlyargcount));
    varint(static_cast<uint32_t>(c->stacksize));
    zigzag(c->firstlineno);
    varint(c->flags);
    // The code as the compiler emitted it: base opcodes; cache words are left out (the
    // reader puts them back, zeroed).
    const std::vector<uint32_t>& code = c->code;
    size_t ninstr = 0;
    for (size_t i = 0; i < code.size(); i += 1 + op_info(instr_op(code[i])).caches) {
      if (static_cast<int>(instr_op(code[i])) >= kOpCount) {
        raise(&ValueErrorType, "unmarshallable object (bad opcode in code object)");
        return false;
      }
      ++ninstr;
    }
    varint(ninstr);
    for (size_t i = 0; i < code.size(); i += 1 + op_info(instr_op(code[i])).caches) {
      uint32_t word = deopt_instr(code[i]);
      out_.push_back(static_cast<char>(instr_op(word)));
      varint(instr_arg(word));
    }
    varint(c->lines.size());
    int64_t prev_start = 0, prev_line = c->firstlineno;
    for (const LineRow& row : c->lines) {
      zigzag(row.start - prev_start);
      zigzag(row.line - prev_line);
      prev_start = row.start;
      prev_line = row.line;
    }
    varint(c->exception_table.size());
    for (const ExceptionTableRow& row : c->exception_table) {
      varint(static_cast<uint32_t>(row.start));
      varint(static_cast<uint32_t>(row.end));
      varint(static_cast<uint32_t>(row.target));
      varint(static_cast<uint32_t>(row.depth));
      out_.push_back(row.push_lasti ? 1 : 0);
    }
    varint(c->cell2arg.size());
    for (int32_t a : c->cell2arg) zigzag(a);
    Object* fields[] = {c->consts, c->names, c->varnames, c->cellvars, c->freevars,
                        c->filename, c->name, c->qualname};
    for (Object* f : fields) {
      if (!f) {
        raise(&ValueErrorType, "unmarshallable object (unfinished code object)");
        return false;
      }
      if (!write(Value::from_obj(f), depth + 1)) return false;
    }
    return true;
  }

  std::string& out_;
  std::unordered_map<const Object*, uint32_t> refs_;
  std::unordered_map<std::string, uint32_t> strs_;  // tag + characters -> index
  uint32_t next_index_ = 0;
};

// ---- reading ---------------------------------------------------------------------------

Ref too_short() { return raise(&EOFErrorType, "marshal data too short"); }
Ref bad_data(const char* what) { return raisef(&ValueErrorType, "bad marshal data (%s)", what); }

// Why a code object cannot be run safely, or nullptr when it can. It checks what the eval
// loop takes on trust: every operand indexes inside its table, jumps and handlers land on
// instructions, cache words are present and zero, the tables agree with the counts.
const char* code_defect(const Code* c) {
  const int64_t nconsts = c->consts->size, nnames = c->names->size;
  const int64_t nlocals = c->varnames->size;
  const int64_t nderefs = c->cellvars->size + c->freevars->size;
  const int64_t n = static_cast<int64_t>(c->code.size());
  if (n == 0) return "code object without instructions";
  if (static_cast<int64_t>(c->cell2arg.size()) != c->cellvars->size) return "cell2arg does not match cellvars";
  for (int32_t a : c->cell2arg)
    if (a < -1 || a >= nlocals) return "cell2arg out of range";
  int64_t params = int64_t{c->argcount} + c->kwonlyargcount + ((c->flags & kCoVarargs) ? 1 : 0) +
                   ((c->flags & kCoVarkeywords) ? 1 : 0);
  if (params > nlocals || c->posonlyargcount > c->argcount) return "parameter counts exceed varnames";
  for (int64_t i = 0; i < nnames; ++i)
    if (!is_exact_str(c->names->items[i])) return "a name is not a str";
  for (Tuple* t : {c->varnames, c->cellvars, c->freevars})
    for (int64_t i = 0; i < t->size; ++i)
      if (!is_exact_str(t->items[i])) return "a variable name is not a str";

  std::vector<uint8_t> starts(static_cast<size_t>(n) + 1, 0);  // instruction starts
  std::vector<int64_t> jumps;
  uint64_t high = 0;  // EXTENDED_ARG's bits for the next instruction
  for (int64_t i = 0; i < n;) {
    starts[static_cast<size_t>(i)] = 1;
    Op op = instr_op(c->code[static_cast<size_t>(i)]);
    if (static_cast<int>(op) >= kOpCount || base_op(op) != op) return "bad opcode";
    uint64_t arg = high << 24 | instr_arg(c->code[static_cast<size_t>(i)]);
    const OpInfo& info = op_info(op);
    if (i + 1 + info.caches > n) return "instruction cut short";
    for (int k = 1; k <= info.caches; ++k)
      if (c->code[static_cast<size_t>(i + k)] != 0) return "cache word not zero";
    bool ok = true;
    switch (info.operand) {
      case OperandKind::Const:
        ok = arg < static_cast<uint64_t>(nconsts);
        if (ok && op == Op::KW_NAMES) {
          Value names = c->consts->items[arg];
          ok = is_exact_tuple(names);
          for (int64_t k = 0; ok && k < names.as<Tuple>()->size; ++k) ok = is_exact_str(names.as<Tuple>()->items[k]);
        }
        break;
      case OperandKind::Name: ok = arg < static_cast<uint64_t>(nnames); break;
      case OperandKind::Local: ok = arg < static_cast<uint64_t>(nlocals); break;
      case OperandKind::Deref: ok = arg < static_cast<uint64_t>(nderefs); break;
      case OperandKind::Jump: jumps.push_back(static_cast<int64_t>(arg)); break;
      case OperandKind::Cmp: ok = arg < 6; break;
      case OperandKind::BinOp: ok = arg < 2 * kInplaceFlag && (arg & (kInplaceFlag - 1)) < kBinOpCount; break;
      default: break;
    }
    if (!ok) return "operand out of range";
    if (op == Op::EXTENDED_ARG) {
      if (i + 1 >= n) return "EXTENDED_ARG at the end";
      high = arg;
    } else {
      high = 0;
    }
    i += 1 + info.caches;
  }
  for (int64_t target : jumps)
    if (target >= n || !starts[static_cast<size_t>(target)]) return "jump target outside the code";
  int64_t prev = -1;
  for (const LineRow& row : c->lines) {
    if (row.start <= prev || row.start >= n) return "line table out of order";
    prev = row.start;
  }
  for (const ExceptionTableRow& row : c->exception_table) {
    if (row.start < 0 || row.start >= row.end || row.end > n || row.target < 0 || row.target >= n ||
        !starts[static_cast<size_t>(row.target)] || row.depth < 0 || row.depth > c->stacksize)
      return "exception table out of range";
  }
  return nullptr;
}

class Reader {
 public:
  Reader(const char* p, const char* end) : p_(p), end_(end) {}

  bool at_end() const { return p_ == end_; }

  Ref read(int depth) {
    if (depth > kMarshalMaxDepth) return bad_data("nested too deeply");
    uint8_t t;
    if (!byte(&t)) return nullptr;
    switch (t) {
      case kTagNone: return Ref::none();
      case kTagTrue: return Ref::boolean(true);
      case kTagFalse: return Ref::boolean(false);
      case kTagEllipsis: return Ref::borrow(ellipsis());
      case kTagSmallInt: {
        uint64_t u;
        if (!varint(&u)) return nullptr;
        int64_t i = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
        if (!Value::fits_small(i)) return bad_data("small int out of range");
        return Ref::steal(Value::small_int(i));
      }
      case kTagRef: {
        uint64_t index;
        if (!varint(&index)) return nullptr;
        if (index >= refs_.size()) return bad_data("invalid reference");
        return refs_[index];
      }
      case kTagBigInt: return remember(read_bigint());
      case kTagFloat: {
        if (!need(8)) return nullptr;
        double d;
        std::memcpy(&d, p_, 8);
        p_ += 8;
        return remember(make_float(d));
      }
      case kTagComplex: {
        if (!need(16)) return nullptr;
        double re, im;
        std::memcpy(&re, p_, 8);
        std::memcpy(&im, p_ + 8, 8);
        p_ += 16;
        return remember(make_complex(re, im));
      }
      case kTagAscii:
      case kTagAsciiInterned: return remember(read_ascii(t == kTagAsciiInterned));
      case kTagUcs4:
      case kTagUcs4Interned: return remember(read_ucs4(t == kTagUcs4Interned));
      case kTagBytes: {
        uint64_t n;
        if (!count(&n, 1)) return nullptr;
        Own<Bytes> b = bytes_new(std::string_view(p_, n));
        p_ += n;
        return remember(b.into_ref());
      }
      case kTagTuple: return remember(read_tuple(depth));
      case kTagFrozenSet: return remember(read_frozenset(depth));
      case kTagCode: return remember(read_code(depth));
      default: return bad_data("unknown type code");
    }
  }

 private:
  static bool fail(const char* what) {
    bad_data(what);
    return false;
  }
  bool need(size_t n) {
    if (static_cast<size_t>(end_ - p_) >= n) return true;
    too_short();
    return false;
  }
  bool byte(uint8_t* out) {
    if (!need(1)) return false;
    *out = static_cast<uint8_t>(*p_++);
    return true;
  }
  bool varint(uint64_t* out) {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t b;
      if (!byte(&b)) return false;
      if (shift == 63 && b > 1) return fail("varint overflow");  // more than 64 bits
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    *out = v;
    return true;
  }
  bool zigzag(int64_t* out) {
    uint64_t u;
    if (!varint(&u)) return false;
    *out = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  // A count of items that take at least item_bytes each: more than the bytes left means
  // the blob is cut short (or the count is corrupt), before anything is allocated.
  bool count(uint64_t* out, size_t item_bytes) {
    if (!varint(out)) return false;
    if (*out > static_cast<uint64_t>(end_ - p_) / item_bytes) {
      too_short();
      return false;
    }
    return true;
  }
  bool int32_field(int32_t* out, int64_t lo, int64_t hi) {
    int64_t v;
    if (!zigzag(&v)) return false;
    if (v < lo || v > hi) return fail("code object field out of range");
    *out = static_cast<int32_t>(v);
    return true;
  }
  bool count_field(int32_t* out, uint64_t max) {
    uint64_t v;
    if (!varint(&v)) return false;
    if (v > max) return fail("code object field out of range");
    *out = static_cast<int32_t>(v);
    return true;
  }

  Ref remember(Ref r) {
    if (r) refs_.push_back(r);
    return r;
  }

  Ref read_bigint() {
    uint64_t n;
    if (!count(&n, 1)) return nullptr;
    uint8_t sign;
    if (!byte(&sign)) return nullptr;
    if (sign > 1) return bad_data("bad int sign");
    if (!need(n)) return nullptr;
    mpz_t z;
    mpz_init(z);
    mpz_import(z, n, -1, 1, 0, 0, p_);
    p_ += n;
    if (sign) mpz_neg(z, z);
    Ref r = make_int_mpz(z);
    mpz_clear(z);
    return r;
  }

  Ref read_ascii(bool interned) {
    uint64_t n;
    if (!count(&n, 1)) return nullptr;
    std::string_view text(p_, n);
    for (char ch : text)
      if (static_cast<unsigned char>(ch) >= 0x80) return bad_data("non-ASCII byte in an ASCII str");
    p_ += n;
    if (interned) return Ref::borrow(intern(text));
    return str_from_ascii(text).into_ref();
  }

  Ref read_ucs4(bool interned) {
    uint64_t n;
    if (!count(&n, 4)) return nullptr;
    std::vector<char32_t> chars(n);
    if (n) std::memcpy(chars.data(), p_, n * 4);  // data() may be null when empty
    p_ += n * 4;
    for (char32_t ch : chars)
      if (ch > 0x10FFFF) return bad_data("code point out of range");
    Own<Str> s = str_from_ucs4(chars.data(), static_cast<int64_t>(n));
    if (interned) s = intern_str(std::move(s));
    return s.into_ref();
  }

  Ref read_tuple(int depth) {
    uint64_t n;
    if (!count(&n, 1)) return nullptr;
    Own<Tuple> t = tuple_new(static_cast<int64_t>(n));
    for (uint64_t i = 0; i < n; ++i) {
      Ref item = read(depth + 1);
      if (!item) return nullptr;
      t->items[i] = item.release();
    }
    return t.into_ref();
  }

  Ref read_frozenset(int depth) {
    uint64_t n;
    if (!count(&n, 1)) return nullptr;
    Own<Set> s = set_new(&FrozenSetType);
    for (uint64_t i = 0; i < n; ++i) {
      Ref item = read(depth + 1);
      if (!item || !set_add(s.get(), item.get())) return nullptr;
    }
    return s.into_ref();
  }

  // A field of a code object that must be a tuple (code_defect checks what is in it) or
  // a str; `keep` holds the reference until the code object takes it.
  Tuple* take_tuple(int depth, std::vector<Ref>& keep) {
    Ref v = read(depth + 1);
    if (!v) return nullptr;
    if (!is_exact_tuple(v.get())) return fail("code object field is not a tuple"), nullptr;
    keep.push_back(v);
    return v.as<Tuple>();
  }
  Str* take_str(int depth, std::vector<Ref>& keep) {
    Ref v = read(depth + 1);
    if (!v) return nullptr;
    if (!is_exact_str(v.get())) return fail("code object field is not a str"), nullptr;
    keep.push_back(v);
    return v.as<Str>();
  }

  Ref read_code(int depth) {
    Own<Code> c = code_new();
    if (!c) return nullptr;
    if (!count_field(&c->argcount, kMaxCount) || !count_field(&c->posonlyargcount, kMaxCount) ||
        !count_field(&c->kwonlyargcount, kMaxCount) || !count_field(&c->stacksize, kMaxStackSize) ||
        !int32_field(&c->firstlineno, INT32_MIN, INT32_MAX))
      return nullptr;
    uint64_t flags;
    if (!varint(&flags)) return nullptr;
    if (flags > UINT32_MAX) return bad_data("code object field out of range");
    c->flags = static_cast<uint32_t>(flags);

    uint64_t n;
    if (!count(&n, 2)) return nullptr;
    if (n > kMaxCount) return bad_data("code object too long");
    c->code.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
      uint8_t op;
      uint64_t arg;
      if (!byte(&op) || !varint(&arg)) return nullptr;
      if (op >= kOpCount || arg > 0xFFFFFF) return bad_data("bad instruction");
      c->code.push_back(make_instr(static_cast<Op>(op), static_cast<uint32_t>(arg)));
      c->code.insert(c->code.end(), kOpInfo[op].caches, 0u);
    }

    if (!count(&n, 2)) return nullptr;
    c->lines.resize(n);
    int64_t start = 0, line = c->firstlineno;
    for (LineRow& row : c->lines) {
      int64_t ds, dl;
      if (!zigzag(&ds) || !zigzag(&dl)) return nullptr;
      start += ds;
      line += dl;
      if (start < 0 || start > INT32_MAX || line < INT32_MIN || line > INT32_MAX)
        return bad_data("line table out of range");
      row = {static_cast<int32_t>(start), static_cast<int32_t>(line)};
    }

    if (!count(&n, 5)) return nullptr;
    c->exception_table.resize(n);
    for (ExceptionTableRow& row : c->exception_table) {
      uint8_t lasti;
      if (!count_field(&row.start, kMaxCount) || !count_field(&row.end, kMaxCount) ||
          !count_field(&row.target, kMaxCount) || !count_field(&row.depth, kMaxStackSize) || !byte(&lasti))
        return nullptr;
      if (lasti > 1) return bad_data("exception table out of range");
      row.push_lasti = lasti != 0;
    }

    if (!count(&n, 1)) return nullptr;
    c->cell2arg.resize(n);
    for (int32_t& a : c->cell2arg)
      if (!int32_field(&a, -1, static_cast<int64_t>(kMaxCount))) return nullptr;

    // The object fields: held here until the code object owns them all.
    std::vector<Ref> keep;
    Tuple* consts = take_tuple(depth, keep);
    Tuple* names = consts ? take_tuple(depth, keep) : nullptr;
    Tuple* varnames = names ? take_tuple(depth, keep) : nullptr;
    Tuple* cellvars = varnames ? take_tuple(depth, keep) : nullptr;
    Tuple* freevars = cellvars ? take_tuple(depth, keep) : nullptr;
    Str* filename = freevars ? take_str(depth, keep) : nullptr;
    Str* name = filename ? take_str(depth, keep) : nullptr;
    Str* qualname = name ? take_str(depth, keep) : nullptr;
    if (!qualname) return nullptr;
    for (Ref& r : keep) r.release();  // each reference now belongs to its field
    c->consts = consts;
    c->names = names;
    c->varnames = varnames;
    c->cellvars = cellvars;
    c->freevars = freevars;
    c->filename = filename;
    c->name = name;
    c->qualname = qualname;
    if (const char* defect = code_defect(c.get())) return bad_data(defect);
    if (!code_finish(c.get())) return nullptr;
    return c.into_ref();
  }

  const char* p_;
  const char* end_;
  std::vector<Ref> refs_;  // every heap object read so far, for kTagRef
};

}  // namespace

uint32_t marshal_opcode_fingerprint() { return kOpcodeFingerprint; }

uint32_t marshal_checksum(std::string_view payload) {
  // Each step is a bijection of the state for a fixed word and of the word for a fixed
  // state, so a change confined to one 8-byte word always changes the final state.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ payload.size();
  size_t i = 0;
  auto step = [&h](uint64_t w) {
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  };
  for (; i + 8 <= payload.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, payload.data() + i, 8);
    step(w);
  }
  uint64_t tail = 0;
  if (payload.size() > i) std::memcpy(&tail, payload.data() + i, payload.size() - i);
  step(tail);
  h ^= h >> 29;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

bool marshal_write(Value v, std::string* out) {
  std::string payload;
  Writer w(payload);
  if (!w.write(v, 0)) return false;
  if (payload.size() > UINT32_MAX) {
    raise(&ValueErrorType, "object too large to marshal");
    return false;
  }
  out->clear();
  out->reserve(kMarshalHeaderSize + payload.size());
  out->append(kMagic, 4);
  put_u32(*out, kMarshalFormatVersion);
  put_u32(*out, kOpcodeFingerprint);
  put_u32(*out, static_cast<uint32_t>(payload.size()));
  put_u32(*out, marshal_checksum(payload));
  *out += payload;
  return true;
}

Ref marshal_read(std::string_view blob) {
  if (blob.size() < kMarshalHeaderSize) return too_short();
  const char* h = blob.data();
  if (std::memcmp(h, kMagic, 4) != 0) return bad_data("bad magic number");
  uint32_t version = get_u32(h + 4);
  if (version != kMarshalFormatVersion)
    return raisef(&ValueErrorType, "bad marshal data (format version %u, expected %u)", version,
                  kMarshalFormatVersion);
  if (get_u32(h + 8) != kOpcodeFingerprint) return bad_data("written for another instruction set");
  std::string_view payload = blob.substr(kMarshalHeaderSize);
  uint32_t length = get_u32(h + 12);
  if (payload.size() < length) return too_short();
  if (payload.size() > length) return bad_data("extra data after the object");
  if (get_u32(h + 16) != marshal_checksum(payload)) return bad_data("checksum mismatch");
  Reader r(payload.data(), payload.data() + payload.size());
  Ref v = r.read(0);
  if (!v) return nullptr;
  if (!r.at_end()) return bad_data("extra data after the object");
  return v;
}

Own<Code> marshal_read_code(std::string_view blob) {
  Ref v = marshal_read(blob);
  if (!v) return nullptr;
  if (!is_code(v.get())) {
    raise(&ValueErrorType, "bad marshal data (not a code object)");
    return nullptr;
  }
  return Own<Code>::steal(static_cast<Code*>(v.release().obj()));
}

}  // namespace gilpy::vm
