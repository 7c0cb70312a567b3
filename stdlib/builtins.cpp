// stdlib/builtins.cpp: the builtins module: the built-in functions, and the built-in
// types and exceptions under their Python names.
//
// The VM makes this module once at start-up (create_builtins_module) and falls back to its
// dict for names a module's globals lack. The lazy iterator types (enumerate, zip, map,
// filter, reversed) live in stdlib/iterators.cpp, file objects (open) in stdlib/io.cpp.
// locals, globals, exec, eval, compile, __build_class__ and __import__ need the running
// frame or the compiler: vm/ adds them to this module (see the end of this file).
//
// Messages are CPython 3.11's. Arity errors of the "f expected N arguments, got M" form
// come from expect_args (CPython's _PyArg_CheckPositional); one-argument functions use
// "f() takes exactly one argument (N given)" (CPython's METH_O).
#include <gmp.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/memoryview.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/io.h"
#include "stdlib/modules.h"
#include "stdlib/registry.h"
#include "vm/generator.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

// --- argument helpers ------------------------------------------------------------------

bool no_kwargs(const char* name, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

// CPython's _PyArg_CheckPositional message.
bool expect_args(const char* name, size_t nargs, size_t min, size_t max) {
  if (nargs < min) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name, min == max ? "" : "at least ",
           min, min == 1 ? "" : "s", nargs);
    return false;
  }
  if (nargs > max) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name, min == max ? "" : "at most ",
           max, max == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

// METH_O functions: "len() takes exactly one argument (2 given)".
bool one_arg(const char* name, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs(name, kwnames)) return false;
  if (nargs != 1) {
    raisef(&TypeErrorType, "%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

// sys.<name> (borrowed, null when sys was not imported or lacks it).
Value sys_attr(const char* name) {
  vm::Interpreter* interp = vm::current_interpreter();
  if (!interp || !interp->modules) return Value();
  Value sys = dict_get_cstr(interp->modules.get(), "sys");
  if (!sys || !is_module(sys)) return Value();
  return dict_get_cstr(sys.as<Module>()->dict, name);
}

Ref current_stream(const char* name, int fd) {
  Value v = sys_attr(name);
  if (v) return Ref::borrow(v);
  return std_stream(fd);
}

// Looks a special method up on the type (not the instance), as the interpreter does.
Ref lookup_special(Value obj, const char* name) {
  Value m = type_lookup(type_of(obj), intern(name));
  return m ? Ref::borrow(m) : Ref();
}

// --- printing and input ----------------------------------------------------------------

bool write_through_method(Value file, Value write, Value text) {
  Ref r = call1(write, text);
  return bool(r);
}

Ref b_print(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value sep = Value::none(), end = Value::none(), file = Value::none(), flush = Value::false_();
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; i++) {
      std::string k = utf8_of(kwnames->items[i]);
      Value v = args[nargs + size_t(i)];
      if (k == "sep") sep = v;
      else if (k == "end") end = v;
      else if (k == "file") file = v;
      else if (k == "flush") flush = v;
      else return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for print()", k.c_str());
    }
  }
  if (!sep.is_none() && !is_str(sep))
    return raisef(&TypeErrorType, "sep must be None or a string, not %s", type_name(sep));
  if (!end.is_none() && !is_str(end))
    return raisef(&TypeErrorType, "end must be None or a string, not %s", type_name(end));
  Ref file_ref;
  if (file.is_none()) {
    file_ref = current_stream("stdout", 1);
    if (!file_ref || file_ref.get().is_none()) return Ref::none();  // sys.stdout = None
  } else {
    file_ref = Ref::borrow(file);
  }
  Value f = file_ref.get();
  if (is_file_object(f)) {
    // Fast path: one write of the whole line into the file's buffer.
    std::string line;
    std::string sep_s = sep.is_none() ? " " : utf8_of(sep);
    for (size_t i = 0; i < nargs; i++) {
      if (i) line += sep_s;
      Value a = args[i];
      if (is_exact_str(a)) {
        line += utf8_of(a);
      } else {
        Ref s = str(a);
        if (!s) {
          // CPython has written the earlier items and separators by now.
          Ref exc = fetch_error();
          if (!file_write_utf8(f, line)) return nullptr;
          restore_error(std::move(exc));
          return nullptr;
        }
        line += utf8_of(s.get());
      }
    }
    if (end.is_none()) line += '\n';
    else line += utf8_of(end);
    if (!file_write_utf8(f, line)) return nullptr;
  } else {
    Ref write = getattr(f, "write");
    if (!write) return nullptr;
    Ref space, newline;
    for (size_t i = 0; i < nargs; i++) {
      if (i) {
        if (sep.is_none()) {
          if (!space) space = new_str(" ");
          if (!write_through_method(f, write.get(), space.get())) return nullptr;
        } else if (!write_through_method(f, write.get(), sep)) {
          return nullptr;
        }
      }
      Ref s = str(args[i]);
      if (!s || !write_through_method(f, write.get(), s.get())) return nullptr;
    }
    if (end.is_none()) {
      newline = new_str("\n");
      if (!write_through_method(f, write.get(), newline.get())) return nullptr;
    } else if (!write_through_method(f, write.get(), end)) {
      return nullptr;
    }
  }
  int do_flush = truthy(flush);
  if (do_flush < 0) return nullptr;
  if (do_flush) {
    if (is_file_object(f)) {
      if (!file_flush(f)) return nullptr;
    } else {
      Ref r = call_method0(f, "flush");
      if (!r) return nullptr;
    }
  }
  return Ref::none();
}

Ref b_input(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("input", kwnames) || !expect_args("input", nargs, 0, 1)) return nullptr;
  Ref out = current_stream("stdout", 1);
  Ref in = current_stream("stdin", 0);
  Ref err = current_stream("stderr", 2);
  if (!in || in.get().is_none()) return raise(&RuntimeErrorType, "input(): lost sys.stdin");
  if (!out || out.get().is_none()) return raise(&RuntimeErrorType, "input(): lost sys.stdout");
  if (err && is_file_object(err.get())) file_flush(err.get()), clear_error();
  if (nargs == 1) {
    Ref prompt = str(args[0]);
    if (!prompt) return nullptr;
    if (is_file_object(out.get())) {
      if (!file_write_utf8(out.get(), utf8_of(prompt.get()))) return nullptr;
    } else {
      Ref r = call_method1(out.get(), "write", prompt.get());
      if (!r) return nullptr;
    }
  }
  if (is_file_object(out.get())) {
    if (!file_flush(out.get())) return nullptr;
  } else {
    Ref r = call_method0(out.get(), "flush");
    if (!r) return nullptr;
  }
  Ref line = is_file_object(in.get()) ? file_readline(in.get()) : call_method0(in.get(), "readline");
  if (!line) return nullptr;
  if (!is_str(line.get())) return raisef(&TypeErrorType, "object.readline() returned non-string");
  Str* s = line.as<Str>();
  if (s->length == 0) return raise(&EOFErrorType, "EOF when reading a line");
  if (s->at(s->length - 1) == U'\n') return str_substr(s, 0, s->length - 1).into_ref();
  return line;
}

// --- simple one-argument functions -----------------------------------------------------

Ref b_len(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("len", nargs, kwnames)) return nullptr;
  int64_t n = length(args[0]);
  if (n < 0) return nullptr;
  return make_int(n);
}

Ref b_repr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("repr", nargs, kwnames)) return nullptr;
  return repr(args[0]);
}

Ref b_ascii(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("ascii", nargs, kwnames)) return nullptr;
  return ascii(args[0]);
}

Ref b_hash(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("hash", nargs, kwnames)) return nullptr;
  int64_t h = hash(args[0]);
  if (h == -1 && error_pending()) return nullptr;
  return make_int(h);
}

Ref b_id(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("id", nargs, kwnames)) return nullptr;
  // A heap object's address; a tagged value's bits (unique to the value, as `is` is).
  return make_int_u64(args[0].bits());
}

Ref b_abs(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("abs", nargs, kwnames)) return nullptr;
  return absolute(args[0]);
}

Ref b_callable(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("callable", nargs, kwnames)) return nullptr;
  return Ref::boolean(is_callable(args[0]));
}

Ref b_chr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("chr", nargs, kwnames)) return nullptr;
  auto v = index_as_int64(args[0]);
  if (!v) {
    if (error_matches(&OverflowErrorType)) {
      clear_error();
      return raise(&OverflowErrorType, "Python int too large to convert to C int");
    }
    return nullptr;
  }
  if (*v > INT_MAX || *v < INT_MIN) return raise(&OverflowErrorType, "Python int too large to convert to C int");
  if (*v < 0 || *v > 0x10FFFF) return raise(&ValueErrorType, "chr() arg not in range(0x110000)");
  return str_from_char(char32_t(*v)).into_ref();
}

Ref b_ord(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("ord", nargs, kwnames)) return nullptr;
  Value v = args[0];
  if (is_str(v)) {
    Str* s = v.as<Str>();
    if (s->length != 1)
      return raisef(&TypeErrorType, "ord() expected a character, but string of length %lld found",
                    (long long)s->length);
    return make_int(int64_t(s->at(0)));
  }
  if (is_bytes(v) || is_bytearray(v)) {
    std::string_view b = is_bytes(v) ? v.as<Bytes>()->view() : bytearray_view(v.as<ByteArray>());
    if (b.size() != 1)
      return raisef(&TypeErrorType, "ord() expected a character, but string of length %lld found",
                    (long long)b.size());
    return make_int(uint8_t(b[0]));
  }
  return raisef(&TypeErrorType, "ord() expected string of length 1, but %s found", type_name(v));
}

// hex/oct/bin: any __index__ object.
Ref int_in_base(const char* fname, Value v, int base, const char* prefix) {
  Ref n;
  if (is_int(v)) {
    n = Ref::borrow(v);
  } else {
    Type* t = type_of(v);
    if (!t->number || !t->number->index)
      return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", t->name);
    n = t->number->index(v);
    if (!n) return nullptr;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(n.get(), z);
  bool neg = mpz_sgn(z) < 0;
  mpz_abs(z, z);
  std::string digits(mpz_sizeinbase(z, base) + 2, '\0');
  mpz_get_str(digits.data(), base, z);
  digits.resize(std::strlen(digits.c_str()));
  mpz_clear(z);
  return new_str((neg ? "-" : "") + std::string(prefix) + digits);
}

Ref b_hex(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("hex", nargs, kwnames)) return nullptr;
  return int_in_base("hex", args[0], 16, "0x");
}
Ref b_oct(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("oct", nargs, kwnames)) return nullptr;
  return int_in_base("oct", args[0], 8, "0o");
}
Ref b_bin(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("bin", nargs, kwnames)) return nullptr;
  return int_in_base("bin", args[0], 2, "0b");
}

Ref b_format(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value v, spec = Value::from_obj(str_empty());
  if (!bind_args("format", args, nargs, kwnames, {"value", "format_spec", "/"}, 1, {&v, &spec}))
    return nullptr;
  if (!is_str(spec)) return raisef(&TypeErrorType, "format() argument 2 must be str, not %s", type_name(spec));
  return format(v, spec);
}

// --- iteration -------------------------------------------------------------------------

Ref b_iter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("iter", kwnames) || !expect_args("iter", nargs, 1, 2)) return nullptr;
  if (nargs == 1) return get_iter(args[0]);
  if (!is_callable(args[0])) return raise(&TypeErrorType, "iter(v, w): v must be callable");
  return callable_iterator_new(args[0], args[1]);
}

Ref b_next(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("next", kwnames) || !expect_args("next", nargs, 1, 2)) return nullptr;
  Value it = args[0];
  Type* t = type_of(it);
  if (!t->iternext) return raisef(&TypeErrorType, "'%s' object is not an iterator", t->name);
  // A generator's return value travels in StopIteration.value (vm/generator.h).
  Ref item = t == &vm::GeneratorType ? vm::generator_next(it.as<vm::Generator>()) : iter_next(it);
  if (item) return item;
  if (error_pending()) {
    if (nargs == 2 && error_matches(&StopIterationType)) {
      clear_error();
      return Ref::borrow(args[1]);
    }
    return nullptr;
  }
  if (nargs == 2) return Ref::borrow(args[1]);
  return raise_value(Value::from_obj(&StopIterationType));
}

Ref b_any(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("any", nargs, kwnames)) return nullptr;
  bool found = false;
  bool ok = for_each(args[0], [&](Value v) {
    int t = truthy(v);
    if (t < 0) return false;
    if (t) {
      found = true;
      return false;
    }
    return true;
  });
  if (!ok && !found) return nullptr;
  return Ref::boolean(found);
}

Ref b_all(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("all", nargs, kwnames)) return nullptr;
  bool failed = false;
  bool ok = for_each(args[0], [&](Value v) {
    int t = truthy(v);
    if (t < 0) return false;
    if (!t) {
      failed = true;
      return false;
    }
    return true;
  });
  if (!ok && !failed) return nullptr;
  return Ref::boolean(!failed);
}

Ref b_sorted(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs != 1) return raisef(&TypeErrorType, "sorted expected 1 argument, got %zu", nargs);
  Value iterable, key = Value::none(), reverse = Value::false_();
  if (!bind_args("sorted", args, nargs, kwnames, {"iterable", "/", "*", "key", "reverse"}, 1,
                 {&iterable, &key, &reverse}))
    return nullptr;
  Own<List> l = list_from_iterable(iterable);
  if (!l) return nullptr;
  int rev = truthy(reverse);
  if (rev < 0) return nullptr;
  if (!list_sort(l.get(), key.is_none() ? Value() : key, rev)) return nullptr;
  return l.into_ref();
}

Ref minmax(const char* name, bool is_max, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key = Value(), dflt = Value();
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; i++) {
      std::string k = utf8_of(kwnames->items[i]);
      Value v = args[nargs + size_t(i)];
      if (k == "key") key = v;
      else if (k == "default") dflt = v;
      else return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for %s()", k.c_str(), name);
    }
  }
  if (nargs == 0) return raisef(&TypeErrorType, "%s expected at least 1 argument, got 0", name);
  if (nargs > 1 && dflt)
    return raisef(&TypeErrorType, "Cannot specify a default for %s() with multiple positional arguments", name);
  if (key && key.is_none()) key = Value();
  CompareOp op = is_max ? CompareOp::Gt : CompareOp::Lt;
  Ref best, best_key;
  auto consider = [&](Value item) -> bool {
    Ref k = key ? call1(key, item) : Ref::borrow(item);
    if (!k) return false;
    if (!best) {
      best = Ref::borrow(item);
      best_key = std::move(k);
      return true;
    }
    int c = rich_compare_bool(k.get(), best_key.get(), op);
    if (c < 0) return false;
    if (c) {
      best = Ref::borrow(item);
      best_key = std::move(k);
    }
    return true;
  };
  if (nargs == 1) {
    if (!for_each(args[0], consider)) return nullptr;
  } else {
    Own<Tuple> keep = tuple_from_array(args, int64_t(nargs));
    for (size_t i = 0; i < nargs; i++)
      if (!consider(keep->items[i])) return nullptr;
  }
  if (!best) {
    if (dflt) return Ref::borrow(dflt);
    return raisef(&ValueErrorType, "%s() arg is an empty sequence", name);
  }
  return best;
}

Ref b_min(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return minmax("min", false, args, nargs, kwnames);
}
Ref b_max(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return minmax("max", true, args, nargs, kwnames);
}

Ref b_sum(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value iterable, start = Value::small_int(0);
  if (!bind_args("sum", args, nargs, kwnames, {"iterable", "/", "start"}, 1, {&iterable, &start}))
    return nullptr;
  if (is_str(start)) return raise(&TypeErrorType, "sum() can't sum strings [use ''.join(seq) instead]");
  if (is_bytes(start)) return raise(&TypeErrorType, "sum() can't sum bytes [use b''.join(seq) instead]");
  if (is_bytearray(start))
    return raise(&TypeErrorType, "sum() can't sum bytearray [use b''.join(seq) instead]");
  Ref it = get_iter(iterable);
  if (!it) return nullptr;
  Ref result = Ref::borrow(start);
  Ref item;
  // Fast path: small ints in an int64 accumulator.
  if (result.get().is_small_int()) {
    int64_t acc = result.get().small_int();
    for (;;) {
      item = iter_next(it.get());
      if (!item) {
        if (error_pending()) return nullptr;
        return make_int(acc);
      }
      Value v = item.get();
      int64_t sum;
      if (v.is_small_int() && !__builtin_add_overflow(acc, v.small_int(), &sum)) {
        acc = sum;
        continue;
      }
      if (v.is_bool()) {
        acc += v.is_true();  // acc was a small int: no int64 overflow
        if (!Value::fits_small(acc)) {
          result = make_int(acc);
          item = Ref();
          break;
        }
        continue;
      }
      if (is_float(v)) {  // on to the float path, as CPython
        result = make_float(double(acc) + v.as<Float>()->v);
        item = Ref();
        break;
      }
      result = make_int(acc);
      break;  // `item` is still to be added
    }
  }
  // Fast path: floats (and small ints) in a double, added left to right as CPython 3.11.
  if (is_float(result.get())) {
    double acc = result.as<Float>()->v;
    for (;;) {
      if (!item) {
        item = iter_next(it.get());
        if (!item) {
          if (error_pending()) return nullptr;
          return make_float(acc);
        }
      }
      Value v = item.get();
      if (is_float(v)) {
        acc += v.as<Float>()->v;
        item = Ref();
        continue;
      }
      if (v.is_small_int() && std::abs(v.small_int()) < (int64_t(1) << 53)) {
        acc += double(v.small_int());
        item = Ref();
        continue;
      }
      result = make_float(acc);
      break;
    }
  }
  for (;;) {
    if (!item) {
      item = iter_next(it.get());
      if (!item) {
        if (error_pending()) return nullptr;
        return result;
      }
    }
    Ref next = binary_op(result.get(), item.get(), BinOp::Add);
    if (!next) return nullptr;
    result = std::move(next);
    item = Ref();
  }
}

// --- numbers ---------------------------------------------------------------------------

Ref float_divmod(double vx, double wx) {
  if (wx == 0.0) return raise(&ZeroDivisionErrorType, "float divmod()");
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  return make_tuple(make_float(floordiv), make_float(mod));
}

Ref b_divmod(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("divmod", kwnames) || !expect_args("divmod", nargs, 2, 2)) return nullptr;
  Value a = args[0], b = args[1];
  Type* ta = type_of(a);
  Type* tb = type_of(b);
  Ref m = lookup_special(a, "__divmod__");
  Ref rm = tb != ta ? lookup_special(b, "__rdivmod__") : Ref();
  if (!m && !rm) {
    // int and float (and their subclasses without __divmod__) are done here.
    bool ai = is_int(a), bi = is_int(b);
    if (ai && bi) {
      Ref q = int_binary_op(BinOp::FloorDiv, a, b);
      if (!q) return nullptr;
      Ref r = int_binary_op(BinOp::Mod, a, b);
      if (!r) return nullptr;
      return make_tuple(std::move(q), std::move(r));
    }
    if ((ai || is_float(a)) && (bi || is_float(b))) {
      double x, y;
      if (!as_double(a, &x) || !as_double(b, &y)) return nullptr;
      return float_divmod(x, y);
    }
  }
  if (m) {
    Ref r = call2(m.get(), a, b);
    if (!r) return nullptr;
    if (!is_not_implemented(r.get())) return r;
  }
  if (rm) {
    Ref r = call2(rm.get(), b, a);
    if (!r) return nullptr;
    if (!is_not_implemented(r.get())) return r;
  }
  return raisef(&TypeErrorType, "unsupported operand type(s) for divmod(): '%s' and '%s'", ta->name, tb->name);
}

Ref b_pow(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value base, exp, mod = Value::none();
  if (!bind_args("pow", args, nargs, kwnames, {"base", "exp", "mod"}, 2, {&base, &exp, &mod}))
    return nullptr;
  if (mod.is_none()) return binary_op(base, exp, BinOp::Pow);
  return power3(base, exp, mod);
}

// round(float, ndigits) as CPython's double_round: correctly rounded (half-even on the
// exact binary value) through a decimal string, then parsed back.
Ref round_float_digits(double x, int64_t nd) {
  if (!std::isfinite(x) || x == 0.0) return make_float(x);
  if (nd > 323) return make_float(x);
  if (nd < -308) return make_float(std::copysign(0.0, x));
  std::string text;
  if (nd >= 0) {
    std::vector<char> buf(size_t(nd) + 400);  // up to 309 integer digits, sign, point
    std::snprintf(buf.data(), buf.size(), "%.*f", int(nd), x);
    text = buf.data();
  } else {
    // Exact: x = m * 2^e as a rational, divided by 10^-nd, rounded half-even.
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, x);
    mpz_t p, n, r, twice;
    mpz_inits(p, n, r, twice, nullptr);
    mpz_ui_pow_ui(p, 10, unsigned(-nd));
    mpz_mul(mpq_denref(q), mpq_denref(q), p);
    mpq_canonicalize(q);
    mpz_fdiv_qr(n, r, mpq_numref(q), mpq_denref(q));
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, mpq_denref(q));
    if (c > 0 || (c == 0 && mpz_odd_p(n))) mpz_add_ui(n, n, 1);
    mpz_mul(n, n, p);
    std::vector<char> buf(mpz_sizeinbase(n, 10) + 2);
    mpz_get_str(buf.data(), 10, n);
    text = buf.data();
    mpz_clears(p, n, r, twice, nullptr);
    mpq_clear(q);
  }
  double y = std::strtod(text.c_str(), nullptr);
  if (std::isinf(y)) return raise(&OverflowErrorType, "rounded value too large to represent");
  if (y == 0.0) y = std::copysign(0.0, x);
  return make_float(y);
}

Ref float_to_int(double d) {
  if (std::isinf(d)) return raise(&OverflowErrorType, "cannot convert float infinity to integer");
  if (std::isnan(d)) return raise(&ValueErrorType, "cannot convert float NaN to integer");
  if (std::fabs(d) < 9.0e18) return make_int(int64_t(d));
  mpz_t z;
  mpz_init_set_d(z, d);
  Ref r = make_int_mpz(z);
  mpz_clear(z);
  return r;
}

Ref round_int_digits(Value v, int64_t nd) {
  if (nd >= 0) return Ref::borrow(v);
  mpz_t z, p, q, r, twice;
  mpz_inits(z, p, q, r, twice, nullptr);
  int_to_mpz(v, z);
  if (-nd > 100000) {
    mpz_set_ui(q, 0);
  } else {
    mpz_ui_pow_ui(p, 10, unsigned(-nd));
    mpz_fdiv_qr(q, r, z, p);
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, p);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p);
  }
  Ref out = make_int_mpz(q);
  mpz_clears(z, p, q, r, twice, nullptr);
  return out;
}

Ref b_round(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value number, ndigits = Value::none();
  if (!bind_args("round", args, nargs, kwnames, {"number", "ndigits"}, 1, {&number, &ndigits}))
    return nullptr;
  Ref method;
  bool exact = is_float(number) || number.is_bool() || is_bigint(number) || number.is_small_int();
  if (!exact) method = lookup_special(number, "__round__");
  if (exact || (!method && (is_int(number) || is_float(number)))) {
    if (ndigits.is_none()) {
      if (is_float(number)) return float_to_int(std::nearbyint(number.as<Float>()->v));
      if (number.is_bool()) return make_int(number.is_true());
      return Ref::borrow(number);
    }
    auto nd = index_as_int64(ndigits);
    if (!nd) {
      if (!error_matches(&OverflowErrorType)) return nullptr;
      clear_error();
      nd = int_sign(ndigits) > 0 ? INT64_MAX / 2 : INT64_MIN / 2;
    }
    if (is_float(number)) return round_float_digits(number.as<Float>()->v, *nd);
    if (number.is_bool()) {
      Ref as_int = make_int(number.is_true());
      return round_int_digits(as_int.get(), *nd);
    }
    return round_int_digits(number, *nd);
  }
  if (!method) return raisef(&TypeErrorType, "type %s doesn't define __round__ method", type_name(number));
  if (ndigits.is_none()) return call1(method.get(), number);
  return call2(method.get(), number, ndigits);
}

// --- types and attributes --------------------------------------------------------------

bool is_type(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeTypeSubclass); }

Ref b_isinstance(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("isinstance", kwnames) || !expect_args("isinstance", nargs, 2, 2)) return nullptr;
  int r = object_isinstance(args[0], args[1]);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

Ref b_issubclass(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("issubclass", kwnames) || !expect_args("issubclass", nargs, 2, 2)) return nullptr;
  int r = object_issubclass(args[0], args[1]);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

bool check_attr_name(Value name) {
  if (!is_str(name)) {
    raisef(&TypeErrorType, "attribute name must be string, not '%s'", type_name(name));
    return false;
  }
  return true;
}

Ref b_getattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("getattr", kwnames) || !expect_args("getattr", nargs, 2, 3)) return nullptr;
  if (!check_attr_name(args[1])) return nullptr;
  Str* name = args[1].as<Str>();
  if (nargs == 2) return getattr(args[0], name);
  Ref r = getattr_opt(args[0], name);
  if (r || error_pending()) return r;
  return Ref::borrow(args[2]);
}

Ref b_setattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("setattr", kwnames) || !expect_args("setattr", nargs, 3, 3)) return nullptr;
  if (!check_attr_name(args[1])) return nullptr;
  if (setattr(args[0], args[1].as<Str>(), args[2]) < 0) return nullptr;
  return Ref::none();
}

Ref b_delattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("delattr", kwnames) || !expect_args("delattr", nargs, 2, 2)) return nullptr;
  if (!check_attr_name(args[1])) return nullptr;
  if (setattr(args[0], args[1].as<Str>(), Value()) < 0) return nullptr;
  return Ref::none();
}

Ref b_hasattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("hasattr", kwnames) || !expect_args("hasattr", nargs, 2, 2)) return nullptr;
  if (!check_attr_name(args[1])) return nullptr;
  Ref r = getattr_opt(args[0], args[1].as<Str>());
  if (!r && error_pending()) return nullptr;
  return Ref::boolean(bool(r));
}

// The builtins' own locals() (added by vm/), for vars() and dir() without arguments.
Ref call_builtin0(const char* name) {
  vm::Interpreter* interp = vm::current_interpreter();
  Value f = interp && interp->builtins_dict ? dict_get_cstr(interp->builtins_dict.get(), name) : Value();
  if (!f) return raisef(&NotImplementedErrorType, "%s() is not available", name);
  Ref keep = Ref::borrow(f);
  return call0(keep.get());
}

Ref b_vars(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("vars", kwnames) || !expect_args("vars", nargs, 0, 1)) return nullptr;
  if (nargs == 0) return call_builtin0("locals");
  Ref d = getattr_opt(args[0], intern("__dict__"));
  if (!d) {
    if (error_pending()) return nullptr;
    return raise(&TypeErrorType, "vars() argument must have __dict__ attribute");
  }
  return d;
}

void add_dict_keys(Own<Set>& names, Value dict) {
  if (!dict || !is_dict(dict)) return;
  int64_t pos = 0;
  Value k, v;
  while (dict_next(dict.as<Dict>(), &pos, &k, &v)) set_add(names.get(), k);
}

void add_type_attrs(Own<Set>& names, Type* t) {
  Tuple* mro = t->mro;
  if (!mro) {
    add_dict_keys(names, Value::from_obj(type_dict(t)));
    return;
  }
  for (int64_t i = 0; i < mro->size; i++) add_dict_keys(names, Value::from_obj(type_dict(mro->items[i].as<Type>())));
}

Ref b_dir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("dir", kwnames) || !expect_args("dir", nargs, 0, 1)) return nullptr;
  Own<List> out;
  if (nargs == 0) {
    Ref locals = call_builtin0("locals");
    if (!locals) return nullptr;
    out = list_from_iterable(locals.get());
  } else {
    Value obj = args[0];
    Type* t = type_of(obj);
    // A __dir__ defined by a class (not object's default) decides.
    Value custom = Value();
    Str* dir_name = intern("__dir__");
    for (int64_t i = 0; t->mro && i < t->mro->size; i++) {
      Type* base = t->mro->items[i].as<Type>();
      if (base == &ObjectType || base == &TypeType || base == &ModuleType) break;
      Dict* base_dict = type_dict(base);
      Value found = base_dict ? dict_get_str(base_dict, dir_name) : Value();
      if (found) {
        custom = found;
        break;
      }
    }
    if (custom) {
      Ref keep = Ref::borrow(custom);
      Ref r = call1(keep.get(), obj);
      if (!r) return nullptr;
      out = list_from_iterable(r.get());
    } else {
      Own<Set> names = set_new();
      if (is_module(obj)) {
        add_dict_keys(names, Value::from_obj(obj.as<Module>()->dict));
      } else if (is_type(obj)) {
        add_type_attrs(names, obj.as<Type>());
      } else {
        Ref d = getattr_opt(obj, intern("__dict__"));
        if (!d && error_pending()) return nullptr;
        if (d) add_dict_keys(names, d.get());
        add_type_attrs(names, t);
      }
      out = list_from_iterable(Value::from_obj(names.get()));
    }
  }
  if (!out) return nullptr;
  if (!list_sort(out.get(), Value(), false)) return nullptr;
  return out.into_ref();
}

Ref b_aiter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("aiter", nargs, kwnames)) return nullptr;
  Ref m = lookup_special(args[0], "__aiter__");
  if (!m) return raisef(&TypeErrorType, "'%s' object is not an async iterable", type_name(args[0]));
  Ref it = call1(m.get(), args[0]);
  if (!it) return nullptr;
  if (!lookup_special(it.get(), "__anext__"))
    return raisef(&TypeErrorType, "aiter() returned not an async iterator of type '%s'", type_name(it.get()));
  return it;
}

// anext(iterator[, default]): the awaitable of __anext__, or with a default one that
// returns it at the end of the iteration.
Ref b_anext(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("anext", kwnames) || !expect_args("anext", nargs, 1, 2)) return nullptr;
  Ref m = lookup_special(args[0], "__anext__");
  if (!m) return raisef(&TypeErrorType, "'%s' object is not an async iterator", type_name(args[0]));
  if (nargs == 2) return anext_awaitable_new(args[0], args[1]);
  return call1(m.get(), args[0]);
}

Ref b_exit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("exit", kwnames) || !expect_args("exit", nargs, 0, 1)) return nullptr;
  Ref exc = nargs ? call1(Value::from_obj(&SystemExitType), args[0]) : call0(Value::from_obj(&SystemExitType));
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

const MethodDef builtin_functions[] = {
    {"abs", b_abs, 0, "Return the absolute value of the argument."},
    {"all", b_all, 0, "Return True if bool(x) is True for all values x in the iterable."},
    {"any", b_any, 0, "Return True if bool(x) is True for any x in the iterable."},
    {"ascii", b_ascii, 0, "Return an ASCII-only representation of an object."},
    {"bin", b_bin, 0, "Return the binary representation of an integer."},
    {"callable", b_callable, 0, "Return whether the object is callable."},
    {"chr", b_chr, 0, "Return a Unicode string of one character with ordinal i."},
    {"delattr", b_delattr, 0, "Deletes the named attribute from the given object."},
    {"dir", b_dir, 0, "Show attributes of an object."},
    {"divmod", b_divmod, 0, "Return the tuple (x//y, x%y)."},
    {"format", b_format, 0, "Return value.__format__(format_spec)."},
    {"getattr", b_getattr, 0, "Get a named attribute from an object."},
    {"hasattr", b_hasattr, 0, "Return whether the object has an attribute with the given name."},
    {"hash", b_hash, 0, "Return the hash value for the given object."},
    {"hex", b_hex, 0, "Return the hexadecimal representation of an integer."},
    {"id", b_id, 0, "Return the identity of an object."},
    {"input", b_input, 0, "Read a string from standard input. The trailing newline is stripped."},
    {"isinstance", b_isinstance, 0, "Return whether an object is an instance of a class or of a subclass thereof."},
    {"issubclass", b_issubclass, 0, "Return whether 'cls' is derived from another class or is the same class."},
    {"iter", b_iter, 0, "Get an iterator from an object."},
    {"len", b_len, 0, "Return the number of items in a container."},
    {"max", b_max, 0, "With a single iterable argument, return its biggest item."},
    {"min", b_min, 0, "With a single iterable argument, return its smallest item."},
    {"next", b_next, 0, "Return the next item from the iterator."},
    {"oct", b_oct, 0, "Return the octal representation of an integer."},
    {"open", builtin_open, 0, "Open file and return a stream."},
    {"ord", b_ord, 0, "Return the Unicode code point for a one-character string."},
    {"pow", b_pow, 0, "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments."},
    {"print", b_print, 0, "Prints the values to a stream, or to sys.stdout by default."},
    {"repr", b_repr, 0, "Return the canonical string representation of the object."},
    {"round", b_round, 0, "Round a number to a given precision in decimal digits."},
    {"setattr", b_setattr, 0, "Sets the named attribute on the given object to the specified value."},
    {"sorted", b_sorted, 0, "Return a new list containing all items from the iterable in ascending order."},
    {"sum", b_sum, 0, "Return the sum of a 'start' value (default: 0) plus an iterable of numbers."},
    {"vars", b_vars, 0, "Show vars."},
    {"aiter", b_aiter, 0, "Return an AsyncIterator for an AsyncIterable object."},
    {"anext", b_anext, 0, "Return the next item from the async iterator."},
    {"exit", b_exit, 0, "Exit the interpreter by raising SystemExit(status)."},
    {"quit", b_exit, 0, "Exit the interpreter by raising SystemExit(status)."},
    // locals, globals, exec, eval, compile, __build_class__, __import__ are added by vm/
    // (they need the running frame or the compiler) after this module is made.
    {nullptr}};

}  // namespace

Ref create_builtins_module() {
  // bytes is readied here until init_runtime does it (its type field is null before).
  if (!type_has(&BytesType, kTypeReady)) init_bytes_type();
  init_bytearray_type();
  init_memoryview_type();
  init_iterator_types();
  io_init_types();
  Own<Module> m = module_new("builtins");
  if (!m || !module_add_functions(m.get(), builtin_functions)) return nullptr;
  struct {
    const char* name;
    Type* type;
  } const types[] = {
      {"object", &ObjectType},       {"type", &TypeType},
      {"int", &IntType},             {"bool", &BoolType},
      {"float", &FloatType},         {"str", &StrType},
      {"complex", &ComplexType},
      {"bytes", &BytesType},         {"list", &ListType},
      {"bytearray", &ByteArrayType}, {"memoryview", &MemoryViewType},
      {"tuple", &TupleType},         {"dict", &DictType},
      {"set", &SetType},             {"frozenset", &FrozenSetType},
      {"range", &RangeType},         {"slice", &SliceType},
      {"super", &SuperType},         {"property", &PropertyType},
      {"staticmethod", &StaticMethodType}, {"classmethod", &ClassMethodType},
      {"enumerate", &EnumerateType}, {"zip", &ZipType},
      {"map", &MapType},             {"filter", &FilterType},
      {"reversed", &ReversedType},
  };
  for (auto& t : types)
    if (!module_add(m.get(), t.name, Value::from_obj(t.type))) return nullptr;
#define GILPY_ADD_EXC(name) \
  if (!module_add(m.get(), #name, Value::from_obj(&name##Type))) return nullptr;
  GILPY_EXCEPTION_TYPES(GILPY_ADD_EXC)
#undef GILPY_ADD_EXC
  module_add(m.get(), "EnvironmentError", Value::from_obj(&OSErrorType));
  module_add(m.get(), "IOError", Value::from_obj(&OSErrorType));
  module_add(m.get(), "None", Value::none());
  module_add(m.get(), "True", Value::true_());
  module_add(m.get(), "False", Value::false_());
  module_add(m.get(), "Ellipsis", ellipsis());
  module_add(m.get(), "NotImplemented", not_implemented());
  module_add(m.get(), "__debug__", Value::true_());
  module_add(m.get(), "__package__", Value::none());
  module_add(m.get(), "__spec__", Value::none());
  module_add(m.get(), "__loader__", Value::none());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
