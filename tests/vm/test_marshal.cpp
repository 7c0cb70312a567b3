// tests/vm/test_marshal.cpp: the code-object serialiser (vm/marshal.h). Every constant
// kind round-trips to an equal value; compiled code (closures, generators, coroutines,
// classes, exception tables) reads back into a code object equal field by field to a
// fresh compile, runs the same, and has its names interned; every frozen module's blob
// equals a fresh compile of its stdlib/python source; truncated, stale and corrupt blobs
// raise EOFError or ValueError, never crash.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "compiler/compiler.h"
#include "runtime/bytes.h"
#include "runtime/runtime.h"
#include "stdlib/frozen.h"
#include "stdlib/registry.h"
#include "vm/interpreter.h"
#include "vm/marshal.h"

using namespace gilpy;
using rt::Own;
using rt::Ref;
using rt::Value;

namespace {

// ---- equality of what the serialiser carries ----------------------------------------

bool same_code(vm::Code* a, vm::Code* b, std::string* why);

// Same type and value; an interned str must come back as the very same object.
bool same_value(Value a, Value b, std::string* why) {
  auto fail = [&](const std::string& what) {
    *why = what;
    return false;
  };
  if (a.is_null() || b.is_null()) return a == b ? true : fail("null value");
  if (!a.is_obj() || !b.is_obj()) return a == b ? true : fail("tagged values differ");
  rt::Type* t = a.obj()->type;
  if (t != b.obj()->type) return fail(std::string("type ") + t->name + " became " + b.obj()->type->name);
  if (a == rt::ellipsis()) return b == a ? true : fail("Ellipsis is not the singleton");
  if (t == &rt::IntType) {
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    rt::int_to_mpz(a, x);
    rt::int_to_mpz(b, y);
    bool eq = mpz_cmp(x, y) == 0;
    mpz_clear(x);
    mpz_clear(y);
    return eq ? true : fail("big int differs");
  }
  if (t == &rt::FloatType) {
    double x = a.as<rt::Float>()->v, y = b.as<rt::Float>()->v;
    return std::memcmp(&x, &y, sizeof x) == 0 ? true : fail("float bits differ");
  }
  if (t == &rt::ComplexType) {
    rt::CDouble x = rt::complex_value(a), y = rt::complex_value(b);
    return std::memcmp(&x, &y, sizeof x) == 0 ? true : fail("complex bits differ");
  }
  if (t == &rt::StrType) {
    auto* x = a.as<rt::Str>();
    auto* y = b.as<rt::Str>();
    if (!rt::str_equal(x, y)) return fail("str '" + rt::str_to_utf8(x) + "' became '" + rt::str_to_utf8(y) + "'");
    if (x->interned != y->interned) return fail("interning of '" + rt::str_to_utf8(x) + "' changed");
    if (x->interned && x != y) return fail("interned '" + rt::str_to_utf8(x) + "' is another object");
    return true;
  }
  if (t == &rt::BytesType)
    return a.as<rt::Bytes>()->view() == b.as<rt::Bytes>()->view() ? true : fail("bytes differ");
  if (t == &rt::TupleType) {
    auto* x = a.as<rt::Tuple>();
    auto* y = b.as<rt::Tuple>();
    if (x->size != y->size) return fail("tuple size differs");
    for (int64_t i = 0; i < x->size; ++i)
      if (!same_value(x->items[i], y->items[i], why)) return false;
    return true;
  }
  if (t == &rt::FrozenSetType) {
    auto* x = a.as<rt::Set>();
    auto* y = b.as<rt::Set>();
    if (rt::set_size(x) != rt::set_size(y)) return fail("frozenset size differs");
    int64_t pos = 0;
    Value key;
    while (rt::set_next(x, &pos, &key))
      if (rt::set_contains(y, key) != 1) return fail("frozenset item missing");
    return true;
  }
  if (t == &vm::CodeType) return same_code(a.as<vm::Code>(), b.as<vm::Code>(), why);
  return fail(std::string("unexpected type ") + t->name);
}

bool same_code(vm::Code* a, vm::Code* b, std::string* why) {
  std::string where = rt::str_to_utf8(a->qualname) + ": ";
  auto fail = [&](const std::string& what) {
    *why = where + what;
    return false;
  };
  if (a->code != b->code) return fail("instructions differ");
  if (a->lines.size() != b->lines.size()) return fail("line tables differ");
  for (size_t i = 0; i < a->lines.size(); ++i)
    if (a->lines[i].start != b->lines[i].start || a->lines[i].line != b->lines[i].line)
      return fail("line tables differ");
  if (a->exception_table.size() != b->exception_table.size()) return fail("exception tables differ");
  for (size_t i = 0; i < a->exception_table.size(); ++i) {
    const auto &x = a->exception_table[i], &y = b->exception_table[i];
    if (x.start != y.start || x.end != y.end || x.target != y.target || x.depth != y.depth ||
        x.push_lasti != y.push_lasti)
      return fail("exception tables differ");
  }
  if (a->cell2arg != b->cell2arg) return fail("cell2arg differs");
  if (a->argcount != b->argcount || a->posonlyargcount != b->posonlyargcount ||
      a->kwonlyargcount != b->kwonlyargcount || a->nlocals != b->nlocals || a->ncells != b->ncells ||
      a->nfrees != b->nfrees || a->stacksize != b->stacksize || a->firstlineno != b->firstlineno ||
      a->flags != b->flags)
    return fail("counts or flags differ");
  if (a->simple_call != b->simple_call || a->frame_bytes != b->frame_bytes)
    return fail("what code_finish computes differs");
  if (!b->global_cache.empty()) return fail("a loaded code object has a global cache");
  rt::Object* fa[] = {a->consts, a->names, a->varnames, a->cellvars, a->freevars, a->filename, a->name, a->qualname};
  rt::Object* fb[] = {b->consts, b->names, b->varnames, b->cellvars, b->freevars, b->filename, b->name, b->qualname};
  for (size_t i = 0; i < std::size(fa); ++i) {
    std::string inner;
    if (!same_value(Value::from_obj(fa[i]), Value::from_obj(fb[i]), &inner)) return fail(inner);
  }
  return true;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class MarshalTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    static bool ready = false;
    if (ready) return;
    ready = true;
    vm::Interpreter* interp = vm::interpreter_create(stdlib::native_module_table());
    interp->compile_source = compiler::compile_source;
    interp->frozen_modules = stdlib::frozen_module_table();
    Ref builtins = stdlib::create_builtins_module();
    ASSERT_TRUE(builtins);
    interp->builtins = rt::Own<rt::Module>::borrow(builtins.as<rt::Module>());
    interp->builtins_dict = rt::Own<rt::Dict>::borrow(builtins.as<rt::Module>()->dict);
    ASSERT_TRUE(vm::add_vm_builtins(interp->builtins.get()));
  }

  static Own<vm::Code> compile(const std::string& source) {
    Own<vm::Code> code = compiler::compile(source, "<test>", compiler::Mode::Exec);
    EXPECT_TRUE(code) << pending_message();
    return code;
  }

  static std::string blob_of(Value v) {
    std::string blob;
    EXPECT_TRUE(vm::marshal_write(v, &blob)) << pending_message();
    return blob;
  }

  static Ref round_trip(Value v) {
    Ref back = vm::marshal_read(blob_of(v));
    EXPECT_TRUE(back) << pending_message();
    return back;
  }

  // The pending exception as "Type: message", cleared ("" when none).
  static std::string pending_message() {
    Ref exc = rt::fetch_error();
    if (!exc) return "";
    Ref s = rt::str(exc.get());
    return std::string(rt::type_name(exc.get())) + ": " + (s ? rt::str_to_utf8(s.as<rt::Str>()) : "?");
  }

  // Runs a module code object; returns its namespace (null on an uncaught exception).
  static Own<rt::Dict> run(vm::Code* code) {
    Own<rt::Dict> globals = rt::dict_new();
    Ref name = rt::str_from_utf8("__test__").into_ref();
    rt::dict_set_str(globals.get(), "__name__", name.get());
    Ref r = vm::run_code(code, globals.get(), globals.get());
    if (!r) {
      ADD_FAILURE() << pending_message();
      return nullptr;
    }
    return globals;
  }

  static std::string str_of(rt::Dict* d, const char* name) {
    Value v = rt::dict_get_cstr(d, name);
    if (v.is_null()) return "<missing>";
    Ref s = rt::repr(v);
    return s ? rt::str_to_utf8(s.as<rt::Str>()) : "<repr failed>";
  }

  // A blob whose payload was replaced: the header still says the right length and
  // checksum, so the reader's own checks are what stand between the bytes and the VM.
  static std::string resealed(const std::string& blob, std::string payload) {
    std::string out = blob.substr(0, vm::kMarshalHeaderSize) + payload;
    uint32_t length = static_cast<uint32_t>(payload.size()), sum = vm::marshal_checksum(payload);
    std::memcpy(out.data() + 12, &length, 4);
    std::memcpy(out.data() + 16, &sum, 4);
    return out;
  }
};

// Something of every kind a code object's constants hold, and their nesting.
TEST_F(MarshalTest, EveryConstantKindRoundTrips) {
  Own<vm::Code> code = compile(
      "values = (None, True, False, ..., 0, 1, -1, 4611686018427387903, -4611686018427387904,\n"
      "          4611686018427387904, -4611686018427387905, 2 ** 64, -(10 ** 50), 9223372036854775807,\n"
      "          1.5, -0.0, 1e308, 5e-324, float('inf'), float('nan'),\n"
      "          1j, -0j, -2.5j, 3+4j, complex(float('nan'), -0.0),\n"
      "          '', 'a', 'name_like', 'two words', 'h\\u00e9llo', '\\u20ac', '\\U0001f600', '\\ud800',\n"
      "          b'', b'\\x00\\xff', (), (1, ('a', (2.5, b'x'))), frozenset(), frozenset({1, 'a', (2, 3)}))\n");
  ASSERT_TRUE(code);
  Own<rt::Dict> g = run(code.get());
  ASSERT_TRUE(g);
  Value values = rt::dict_get_cstr(g.get(), "values");
  ASSERT_TRUE(rt::is_tuple(values));
  for (int64_t i = 0; i < values.as<rt::Tuple>()->size; ++i) {
    Value v = values.as<rt::Tuple>()->items[i];
    Ref back = round_trip(v);
    ASSERT_TRUE(back) << "item " << i;
    std::string why;
    EXPECT_TRUE(same_value(v, back.get(), &why)) << "item " << i << ": " << why;
  }
  Ref whole = round_trip(values);
  std::string why;
  EXPECT_TRUE(same_value(values, whole.get(), &why)) << why;
  // NaN keeps its bits; an interned str is the table's own object.
  Ref interned = round_trip(Value::from_obj(rt::intern("spam_and_eggs")));
  ASSERT_TRUE(interned);
  EXPECT_EQ(interned.get(), Value::from_obj(rt::intern("spam_and_eggs")));
  Own<rt::Str> plain = rt::str_from_utf8("spam and eggs");
  Ref copy = round_trip(plain.value());
  ASSERT_TRUE(copy);
  EXPECT_FALSE(copy.as<rt::Str>()->interned);
}

TEST_F(MarshalTest, UnsupportedValuesAreRefused) {
  Own<rt::List> list = rt::list_new(0);
  std::string blob;
  EXPECT_FALSE(vm::marshal_write(list.value(), &blob));
  EXPECT_EQ(pending_message(), "ValueError: unmarshallable object");
  Own<rt::Tuple> inside = rt::tuple_from({list.value()});
  EXPECT_FALSE(vm::marshal_write(inside.value(), &blob));
  EXPECT_EQ(pending_message(), "ValueError: unmarshallable object");
}

constexpr const char* kProgram = R"PY(
"""A module docstring."""
import sys
LIMIT = 2 ** 80 + 1
SCALE = 0.25
TAG = b'\x00tag'
PAIR = ('x', (1, 2.5))

def make_counter(start, *, step=1):
    count = start            # a cell made from a parameter (cell2arg)
    def bump(by=None):
        nonlocal count
        count += step if by is None else by
        return count
    return bump

def gen(n):
    try:
        for i in range(n):
            received = yield i * SCALE
            if received:
                yield received
    finally:
        log.append('gen closed')

async def coro(x):
    return x + 1

def run_coro(c):
    try:
        c.send(None)
    except StopIteration as e:
        return e.value

class Base:
    kind = 'base'
    def who(self):
        return self.kind

class Child(Base):
    kind = 'child'
    def who(self):
        return 'child of ' + super().who()   # the __class__ cell
    @property
    def double(self):
        return [k * 2 for k in (1, 2, 3) if k != 2]

def handlers(v, **extra):
    out = []
    try:
        try:
            out.append(10 // v)
        except ZeroDivisionError as e:
            out.append(type(e).__name__)
            raise ValueError('wrapped') from e
        else:
            out.append('no error')
        finally:
            out.append('finally')
    except ValueError as e:
        out.append(str(e))
    with Manager(out):
        out.append('body')
    return out, sorted(extra)

class Manager:
    def __init__(self, out):
        self.out = out
    def __enter__(self):
        self.out.append('enter')
    def __exit__(self, *exc):
        self.out.append('exit')

log = []
c = make_counter(10, step=5)
c(); c(3)
g = gen(3)
first = [next(g), g.send('hi'), next(g)]
g.close()
result = (c(), first, log, run_coro(coro(41)), Child().who(), Child().double,
          handlers(0, b=1, a=2), handlers(2), (lambda *a, **k: (a, k))(1, z=2),
          {n: n * n for n in range(3)}, LIMIT, TAG, PAIR, 'h\u00e9llo')
)PY";

TEST_F(MarshalTest, CompiledCodeReadsBackEqualAndRunsTheSame) {
  Own<vm::Code> fresh = compile(kProgram);
  ASSERT_TRUE(fresh);
  std::string blob = blob_of(fresh.value());
  Own<vm::Code> loaded = vm::marshal_read_code(blob);
  ASSERT_TRUE(loaded) << pending_message();
  std::string why;
  EXPECT_TRUE(same_code(fresh.get(), loaded.get(), &why)) << why;
  // The blob written again from what was read is the same bytes.
  EXPECT_EQ(blob_of(loaded.value()), blob);

  Own<rt::Dict> want = run(fresh.get());
  Own<rt::Dict> got = run(loaded.get());
  ASSERT_TRUE(want && got);
  EXPECT_EQ(str_of(got.get(), "result"), str_of(want.get(), "result"));
  EXPECT_NE(str_of(got.get(), "result").find("child of child"), std::string::npos) << str_of(got.get(), "result");
}

// The compiler's names come back as the interned objects, so attribute and global
// lookups keep comparing pointers.
TEST_F(MarshalTest, NamesComeBackInterned) {
  Own<vm::Code> fresh = compile("def some_function(some_parameter):\n    return some_parameter.some_attribute\n");
  ASSERT_TRUE(fresh);
  Own<vm::Code> loaded = vm::marshal_read_code(blob_of(fresh.value()));
  ASSERT_TRUE(loaded) << pending_message();
  vm::Code* fn = nullptr;
  for (int64_t i = 0; i < loaded->consts->size; ++i)
    if (vm::is_code(loaded->consts->items[i])) fn = loaded->consts->items[i].as<vm::Code>();
  ASSERT_TRUE(fn);
  EXPECT_EQ(fn->name, rt::intern("some_function"));
  EXPECT_EQ(fn->varnames->items[0], Value::from_obj(rt::intern("some_parameter")));
  EXPECT_EQ(fn->names->items[0], Value::from_obj(rt::intern("some_attribute")));
  EXPECT_EQ(loaded->names->items[0], Value::from_obj(rt::intern("some_function")));
}

// Code that has run carries quickened forms and filled caches: what is written is the
// code as compiled, so it reads back equal to a fresh compile.
TEST_F(MarshalTest, RunCodeIsWrittenAsCompiled) {
  const char* source =
      "def f(n):\n    t = 0\n    for i in range(n):\n        if i < 50:\n            t = t + i * 0.5\n"
      "        t = t + len(G)\n    return t\nG = [1]\nfor _ in range(3):\n    f(200)\n";
  Own<vm::Code> fresh = compile(source);
  Own<vm::Code> ran = compile(source);
  ASSERT_TRUE(fresh && ran);
  ASSERT_TRUE(run(ran.get()));
  vm::Code* f_ran = nullptr;
  for (int64_t i = 0; i < ran->consts->size; ++i)
    if (vm::is_code(ran->consts->items[i])) f_ran = ran->consts->items[i].as<vm::Code>();
  ASSERT_TRUE(f_ran);
  EXPECT_FALSE(f_ran->global_cache.empty());  // the run did quicken and cache
  Own<vm::Code> loaded = vm::marshal_read_code(blob_of(ran.value()));
  ASSERT_TRUE(loaded) << pending_message();
  std::string why;
  EXPECT_TRUE(same_code(fresh.get(), loaded.get(), &why)) << why;
}

// What the build froze is what compiling stdlib/python/**.py gives today.
TEST_F(MarshalTest, EveryFrozenModuleEqualsAFreshCompile) {
  int count = 0;
  for (const vm::FrozenModuleDef* const* d = stdlib::frozen_module_table(); *d; ++d, ++count) {
    std::string name = (*d)->name, rel = name;
    for (char& ch : rel)
      if (ch == '.') ch = '/';
    std::string path = std::string(GILPY_STDLIB_PYTHON_DIR) + "/" + rel + ((*d)->is_package ? "/__init__.py" : ".py");
    std::string source = read_text(path);
    ASSERT_FALSE(source.empty()) << path;
    Own<vm::Code> fresh = compiler::compile(source, "<frozen " + name + ">", compiler::Mode::Exec);
    ASSERT_TRUE(fresh) << name << ": " << pending_message();
    Own<vm::Code> frozen = vm::marshal_read_code(std::string_view((*d)->code, (*d)->code_size));
    ASSERT_TRUE(frozen) << name << ": " << pending_message();
    std::string why;
    EXPECT_TRUE(same_code(fresh.get(), frozen.get(), &why)) << name << ": " << why;
    EXPECT_EQ(rt::str_to_utf8(frozen->filename), "<frozen " + name + ">");
  }
  EXPECT_GT(count, 20);
}

// A traceback through frozen code names "<frozen NAME>" and the line of the source the
// module was frozen from, and shows no source line (as CPython does for frozen modules).
TEST_F(MarshalTest, FrozenFramesInTracebacksNameTheirSourceLines) {
  Own<vm::Code> code = compile("import threading\nthreading.Semaphore(-1)\n");
  ASSERT_TRUE(code);
  Own<rt::Dict> globals = rt::dict_new();
  Ref r = vm::run_code(code.get(), globals.get(), globals.get());
  ASSERT_FALSE(r);
  Ref exc = rt::fetch_error();
  std::string tb = vm::format_exception(exc.get());
  const std::string frame = "  File \"<frozen threading>\", line ";
  size_t at = tb.rfind(frame);
  ASSERT_NE(at, std::string::npos) << tb;
  int line = std::atoi(tb.c_str() + at + frame.size());
  std::string rest = tb.substr(at);
  EXPECT_NE(rest.find(", in __init__\nValueError: semaphore initial value must be >= 0\n"), std::string::npos) << tb;
  std::istringstream source(read_text(std::string(GILPY_STDLIB_PYTHON_DIR) + "/threading.py"));
  std::string text;
  for (int i = 0; i < line && std::getline(source, text); ++i) {
  }
  EXPECT_NE(text.find("raise ValueError"), std::string::npos) << "line " << line << ": " << text;
}

TEST_F(MarshalTest, StaleAndDamagedHeadersAreRejected) {
  Own<vm::Code> code = compile("x = 1\n");
  ASSERT_TRUE(code);
  std::string blob = blob_of(code.value());
  auto error_of = [&](const std::string& b) {
    Ref r = vm::marshal_read(b);
    EXPECT_FALSE(r);
    return pending_message();
  };
  EXPECT_EQ(error_of(""), "EOFError: marshal data too short");
  EXPECT_EQ(error_of(blob.substr(0, 10)), "EOFError: marshal data too short");
  EXPECT_EQ(error_of(blob.substr(0, blob.size() - 1)), "EOFError: marshal data too short");
  EXPECT_EQ(error_of(blob + "x"), "ValueError: bad marshal data (extra data after the object)");
  std::string bad = blob;
  bad[0] = 'X';
  EXPECT_EQ(error_of(bad), "ValueError: bad marshal data (bad magic number)");
  bad = blob;
  bad[4] = static_cast<char>(vm::kMarshalFormatVersion + 1);
  EXPECT_EQ(error_of(bad), "ValueError: bad marshal data (format version " +
                               std::to_string(vm::kMarshalFormatVersion + 1) + ", expected " +
                               std::to_string(vm::kMarshalFormatVersion) + ")");
  bad = blob;
  bad[8] ^= 1;
  EXPECT_EQ(error_of(bad), "ValueError: bad marshal data (written for another instruction set)");
  bad = blob;
  bad[bad.size() / 2 + 10] ^= 0x40;
  EXPECT_EQ(error_of(bad), "ValueError: bad marshal data (checksum mismatch)");
  // A valid blob of another kind of object where code is wanted.
  EXPECT_FALSE(vm::marshal_read_code(blob_of(Value::none())));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (not a code object)");
}

// Past the checksum (resealed), every cut and many random changes of a real payload read
// back as an object or fail with an exception: no crash, no hang (ASan watches the rest).
TEST_F(MarshalTest, CorruptPayloadsRaiseInsteadOfCrashing) {
  Own<vm::Code> code = compile(kProgram);
  ASSERT_TRUE(code);
  std::string blob = blob_of(code.value());
  std::string payload = blob.substr(vm::kMarshalHeaderSize);
  for (size_t cut = 0; cut < payload.size(); ++cut) {
    Ref r = vm::marshal_read(resealed(blob, payload.substr(0, cut)));
    ASSERT_FALSE(r) << "cut at " << cut;
    std::string msg = pending_message();
    ASSERT_TRUE(msg.rfind("EOFError", 0) == 0 || msg.rfind("ValueError", 0) == 0) << msg;
  }
  std::mt19937 rng(12345);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string mutated = payload;
    int changes = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < changes; ++k) mutated[rng() % mutated.size()] = static_cast<char>(rng());
    Ref r = vm::marshal_read(resealed(blob, mutated));
    if (!r) {
      ++rejected;
      ASSERT_TRUE(rt::error_pending()) << "trial " << trial;
      rt::clear_error();
    } else {
      ASSERT_FALSE(rt::error_pending()) << "trial " << trial;
    }
  }
  EXPECT_GT(rejected, 1000);
}

TEST_F(MarshalTest, BadCodeObjectsAreRejected) {
  auto rejection_of = [&](const std::string& source, auto&& damage) {
    Own<vm::Code> code = compile(source);
    EXPECT_TRUE(code);
    if (!code) return std::string();
    damage(code.get());
    Own<vm::Code> back = vm::marshal_read_code(blob_of(code.value()));
    EXPECT_FALSE(back);
    return pending_message();
  };
  auto index_of = [](vm::Code* c, vm::Op op) {
    size_t i = 0;
    while (i + 1 < c->code.size() && vm::base_op(vm::instr_op(c->code[i])) != op) ++i;
    return i;
  };
  EXPECT_EQ(rejection_of("x = 1\n", [&](vm::Code* c) {
              c->code[index_of(c, vm::Op::LOAD_CONST)] = vm::make_instr(vm::Op::LOAD_CONST, 99);
            }),
            "ValueError: bad marshal data (operand out of range)");
  EXPECT_EQ(rejection_of("x = y\n", [&](vm::Code* c) {
              c->code[index_of(c, vm::Op::LOAD_NAME)] = vm::make_instr(vm::Op::LOAD_NAME, 7);
            }),
            "ValueError: bad marshal data (operand out of range)");
  EXPECT_EQ(rejection_of("for i in x:\n    pass\n", [&](vm::Code* c) {
              for (uint32_t& word : c->code)
                if (vm::op_has_jump(vm::instr_op(word))) word = vm::make_instr(vm::instr_op(word), 5000);
            }),
            "ValueError: bad marshal data (jump target outside the code)");
  EXPECT_EQ(rejection_of("try:\n    x\nexcept E:\n    pass\n",
                         [&](vm::Code* c) { c->exception_table.at(0).target = 100000; }),
            "ValueError: bad marshal data (exception table out of range)");
  EXPECT_EQ(rejection_of("def f(a):\n    return lambda: a\n",
                         [&](vm::Code* c) {
                           for (int64_t i = 0; i < c->consts->size; ++i)
                             if (vm::is_code(c->consts->items[i])) c->consts->items[i].as<vm::Code>()->cell2arg[0] = 5;
                         }),
            "ValueError: bad marshal data (cell2arg out of range)");
}

TEST_F(MarshalTest, DeepNestingIsRefused) {
  Own<vm::Code> code = compile("x = 1\n");
  ASSERT_TRUE(code);
  std::string blob = blob_of(code.value());
  std::string payload;
  for (int i = 0; i < 100000; ++i) payload += "(\x01";
  payload += "N";
  EXPECT_FALSE(vm::marshal_read(resealed(blob, payload)));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (nested too deeply)");
  // A back-reference to an object not read yet, and an unknown tag.
  EXPECT_FALSE(vm::marshal_read(resealed(blob, "r\x05")));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (invalid reference)");
  EXPECT_FALSE(vm::marshal_read(resealed(blob, "?")));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (unknown type code)");
  EXPECT_FALSE(vm::marshal_read(resealed(blob, "a\x02\xc3\xa9")));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (non-ASCII byte in an ASCII str)");
  EXPECT_FALSE(vm::marshal_read(resealed(blob, std::string("u\x01\x00\x00\x11\x00", 6))));
  EXPECT_EQ(pending_message(), "ValueError: bad marshal data (code point out of range)");
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
