// runtime/abstract.cpp: the object protocols of runtime/abstract.h, dispatching on type
// slots with CPython's rules (reflected operands, subclass priority, NotImplemented) and
// CPython's error messages.
#include "runtime/abstract.h"

#include <vector>

#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/thread_state.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

// ---- calls ------------------------------------------------------------------------------------

Ref call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  NativeDepthGuard guard(" while calling a Python object");
  if (!guard.ok()) return nullptr;
  if (kwnames && kwnames->size == 0) kwnames = nullptr;
  CallFn fn = type_of(callable)->call;
  if (!fn) return raisef(&TypeErrorType, "'%s' object is not callable", type_name(callable));
  return with_memory_errors([&] { return fn(callable, args, nargs, kwnames); });
}
Ref call0(Value callable) { return call(callable, nullptr, 0); }
Ref call1(Value callable, Value a) { return call(callable, &a, 1); }
Ref call2(Value callable, Value a, Value b) {
  Value args[2] = {a, b};
  return call(callable, args, 2);
}
Ref call_method0(Value obj, const char* name) {
  Ref m = getattr(obj, name);
  return m ? call0(m.get()) : nullptr;
}
Ref call_method1(Value obj, const char* name, Value a) {
  Ref m = getattr(obj, name);
  return m ? call1(m.get(), a) : nullptr;
}

bool FlatCallArgs::fill(Tuple* args, Dict* kwargs) {
  size_t n = static_cast<size_t>(args->size + kwargs->used);
  if (n > kInline) {
    spilled_.resize(n);
    values_ = spilled_.data();
  }
  std::copy(args->items, args->items + args->size, values_);
  Value* next_value = values_ + args->size;
  int64_t pos = 0, i = 0;
  Value k, v;
  names_ = tuple_new(kwargs->used);
  while (dict_next(kwargs, &pos, &k, &v)) {
    if (!is_str(k)) {
      raise(&TypeErrorType, "keywords must be strings");
      return false;
    }
    incref(k);
    names_->items[i++] = k;
    *next_value++ = v;
  }
  return true;
}

Ref call_tuple_dict(Value callable, Tuple* args, Dict* kwargs) {
  if (!kwargs || kwargs->used == 0) return call(callable, args->items, static_cast<size_t>(args->size));
  FlatCallArgs flat;
  if (!flat.fill(args, kwargs)) return nullptr;
  return call(callable, flat.values(), static_cast<size_t>(args->size), flat.names());
}

bool is_callable(Value v) { return type_of(v)->call != nullptr; }

// ---- attributes --------------------------------------------------------------------------------

Ref getattr(Value obj, Str* name) {
  GetAttrFn fn = type_of(obj)->getattr;
  if (!fn) return raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", type_name(obj),
                         str_to_utf8(name).c_str());
  return fn(obj, name);
}
Ref getattr(Value obj, const char* name) { return getattr(obj, intern(name)); }

Ref getattr_opt(Value obj, Str* name) {
  Ref r = getattr(obj, name);
  if (!r && error_matches(&AttributeErrorType)) clear_error();
  return r;
}

int setattr(Value obj, Str* name, Value v) {
  SetAttrFn fn = type_of(obj)->setattr;
  if (!fn) {
    raisef(&AttributeErrorType, "'%s' object has no attribute '%s'", type_name(obj), str_to_utf8(name).c_str());
    return -1;
  }
  return fn(obj, name, v);
}
int setattr(Value obj, const char* name, Value v) { return setattr(obj, intern(name), v); }

bool hasattr(Value obj, Str* name) {
  Ref r = getattr_opt(obj, name);
  if (!r && error_pending()) clear_error();
  return static_cast<bool>(r);
}

// ---- text -----------------------------------------------------------------------------------------

Ref repr(Value v) {
  NativeDepthGuard guard(" while getting the repr of an object");
  if (!guard.ok()) return nullptr;
  UnaryFn fn = type_of(v)->repr;
  Ref r = fn ? fn(v) : nullptr;
  if (!fn) return raisef(&TypeErrorType, "'%s' object has no __repr__", type_name(v));
  if (r && !is_str(r.get()))
    return raisef(&TypeErrorType, "__repr__ returned non-string (type %s)", type_name(r.get()));
  return r;
}

Ref str(Value v) {
  if (is_exact_str(v)) return Ref::borrow(v);
  NativeDepthGuard guard(" while getting the str of an object");
  if (!guard.ok()) return nullptr;
  UnaryFn fn = type_of(v)->str;
  if (!fn) return repr(v);
  Ref r = fn(v);
  if (r && !is_str(r.get()))
    return raisef(&TypeErrorType, "__str__ returned non-string (type %s)", type_name(r.get()));
  return r;
}

Ref ascii(Value v) {
  Ref r = repr(v);
  if (!r) return nullptr;
  Str* s = r.as<Str>();
  if (s->kind == 1) return r;
  std::string out;
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c < 0x80) out += static_cast<char>(c);
    else if (c < 0x100) out += strfmt("\\x%02x", static_cast<unsigned>(c));
    else if (c < 0x10000) out += strfmt("\\u%04x", static_cast<unsigned>(c));
    else out += strfmt("\\U%08x", static_cast<unsigned>(c));
  }
  return str_from_ascii(out).into_ref();
}

std::string repr_utf8(Value v) {
  Ref r = repr(v);
  if (!r) {
    clear_error();
    return "<error>";
  }
  return str_to_utf8(r.as<Str>());
}

Ref format(Value v, Value spec) {
  if (spec.is_null()) spec = Value::from_obj(str_empty());
  if (is_exact_str(v) && spec.as<Str>()->length == 0) return Ref::borrow(v);
  // Looked up on the type, as special methods are: format(int) is type.__format__(int, '').
  Value method = type_lookup(type_of(v), intern("__format__"));
  if (!method) return raisef(&TypeErrorType, "Type %s doesn't define __format__", type_name(v));
  Ref hold = Ref::borrow(method);
  Ref r = call2(method, v, spec);
  if (r && !is_str(r.get()))
    return raisef(&TypeErrorType, "__format__ must return a str, not %s", type_name(r.get()));
  return r;
}

// Recursion guard for container reprs: the objects being repr'ed on this thread.
static thread_local std::vector<Object*> repr_stack;
bool repr_enter(Value v) {
  for (Object* o : repr_stack)
    if (o == v.obj()) return true;
  repr_stack.push_back(v.obj());
  return false;
}
void repr_leave(Value v) {
  for (size_t i = repr_stack.size(); i-- > 0;) {
    if (repr_stack[i] == v.obj()) {
      repr_stack.erase(repr_stack.begin() + static_cast<long>(i));
      return;
    }
  }
}

// ---- comparison, hashing, truth --------------------------------------------------------------------

const char* compare_op_symbol(CompareOp op) {
  static const char* s[] = {"<", "<=", "==", "!=", ">", ">="};
  return s[static_cast<int>(op)];
}

static CompareOp swapped(CompareOp op) {
  switch (op) {
    case CompareOp::Lt: return CompareOp::Gt;
    case CompareOp::Le: return CompareOp::Ge;
    case CompareOp::Gt: return CompareOp::Lt;
    case CompareOp::Ge: return CompareOp::Le;
    default: return op;
  }
}

Ref rich_compare(Value a, Value b, CompareOp op) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.small_int(), y = b.small_int();
    bool r;
    switch (op) {
      case CompareOp::Lt: r = x < y; break;
      case CompareOp::Le: r = x <= y; break;
      case CompareOp::Eq: r = x == y; break;
      case CompareOp::Ne: r = x != y; break;
      case CompareOp::Gt: r = x > y; break;
      default: r = x >= y; break;
    }
    return Ref::boolean(r);
  }
  NativeDepthGuard guard(" in comparison");
  if (!guard.ok()) return nullptr;
  Type* ta = type_of(a);
  Type* tb = type_of(b);
  bool checked_reverse = false;
  if (ta != tb && tb->richcompare && is_subtype(tb, ta)) {
    checked_reverse = true;
    Ref r = tb->richcompare(b, a, swapped(op));
    if (!r || !is_not_implemented(r.get())) return r;
  }
  if (ta->richcompare) {
    Ref r = ta->richcompare(a, b, op);
    if (!r || !is_not_implemented(r.get())) return r;
  }
  if (!checked_reverse && tb->richcompare) {
    Ref r = tb->richcompare(b, a, swapped(op));
    if (!r || !is_not_implemented(r.get())) return r;
  }
  if (op == CompareOp::Eq) return Ref::boolean(a == b);
  if (op == CompareOp::Ne) return Ref::boolean(a != b);
  return raisef(&TypeErrorType, "'%s' not supported between instances of '%s' and '%s'",
                compare_op_symbol(op), ta->name, tb->name);
}

int rich_compare_bool(Value a, Value b, CompareOp op) {
  if (a == b) {
    if (op == CompareOp::Eq) return 1;
    if (op == CompareOp::Ne) return 0;
  }
  Ref r = rich_compare(a, b, op);
  if (!r) return -1;
  if (r.get().is_bool()) return r.get().is_true();
  return truthy(r.get());
}

int equals(Value a, Value b) {
  if (a == b) return 1;
  if (a.is_small_int() && b.is_small_int()) return 0;
  if (is_exact_str(a) && is_exact_str(b)) return str_equal(a.as<Str>(), b.as<Str>());
  return rich_compare_bool(a, b, CompareOp::Eq);
}

int64_t hash(Value v) {
  if (v.is_small_int()) {
    int64_t x = v.small_int();
    constexpr int64_t kModulus = (int64_t{1} << 61) - 1;
    if (x > -kModulus && x < kModulus) return x == -1 ? -2 : x;
    return int_hash(v);
  }
  if (is_exact_str(v)) return str_hash(v.as<Str>());
  HashFn fn = type_of(v)->hash;
  if (!fn) {
    raisef(&TypeErrorType, "unhashable type: '%s'", type_name(v));
    return -1;
  }
  return fn(v);
}

int truthy(Value v) {
  if (v.is_true()) return 1;
  if (v.is_false() || v.is_none()) return 0;
  if (v.is_small_int()) return v.small_int() != 0;
  Type* t = type_of(v);
  if (t->number && t->number->to_bool) return t->number->to_bool(v);
  if (t->len) {
    int64_t n = t->len(v);
    return n < 0 ? -1 : n > 0;
  }
  return 1;
}

// ---- numbers -------------------------------------------------------------------------------------------

const char* binop_symbol(BinOp op) {
  static const char* s[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
  return s[static_cast<int>(op)];
}

static BinaryFn binary_slot(Type* t, BinOp op) {
  return t->number ? t->number->binary[static_cast<int>(op)] : nullptr;
}

static bool is_sequence_type(Type* t) {
  return type_has(t, kTypeStrSubclass | kTypeListSubclass | kTypeTupleSubclass) ||
         std::string_view(t->name) == "bytes";
}

// CPython's binary_op1: the right operand's slot goes first when its type is a subclass.
static Ref binary_op1(Value a, Value b, BinOp op) {
  Type* ta = type_of(a);
  Type* tb = type_of(b);
  BinaryFn slota = binary_slot(ta, op);
  BinaryFn slotb = ta != tb ? binary_slot(tb, op) : nullptr;
  if (slotb == slota) slotb = nullptr;
  if (slota) {
    if (slotb && is_subtype(tb, ta)) {
      Ref r = slotb(a, b);
      if (!r || !is_not_implemented(r.get())) return r;
      slotb = nullptr;
    }
    Ref r = slota(a, b);
    if (!r || !is_not_implemented(r.get())) return r;
  }
  if (slotb) return slotb(a, b);
  return Ref::borrow(not_implemented());
}

static Ref binop_type_error(Value a, Value b, BinOp op, bool inplace) {
  Type* ta = type_of(a);
  Type* tb = type_of(b);
  if (!inplace || true) {
    if (op == BinOp::Add && is_sequence_type(ta) && !is_sequence_type(tb)) {
      return raisef(&TypeErrorType, "can only concatenate %s (not \"%s\") to %s", ta->name, tb->name, ta->name);
    }
    if (op == BinOp::Add && is_sequence_type(ta) && is_sequence_type(tb) && ta != tb) {
      return raisef(&TypeErrorType, "can only concatenate %s (not \"%s\") to %s", ta->name, tb->name, ta->name);
    }
    if (op == BinOp::Mul && (is_sequence_type(ta) || is_sequence_type(tb))) {
      Type* other = is_sequence_type(ta) ? tb : ta;
      return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", other->name);
    }
  }
  if (op == BinOp::Pow)
    return raisef(&TypeErrorType, "unsupported operand type(s) for %s: '%s' and '%s'",
                  inplace ? "**=" : "** or pow()", ta->name, tb->name);
  return raisef(&TypeErrorType, "unsupported operand type(s) for %s%s: '%s' and '%s'", binop_symbol(op),
                inplace ? "=" : "", ta->name, tb->name);
}

Ref binary_op(Value a, Value b, BinOp op) {
  return with_memory_errors([&] {
    Ref r = binary_op1(a, b, op);
    if (r && is_not_implemented(r.get())) return binop_type_error(a, b, op, false);
    return r;
  });
}

Ref inplace_op(Value a, Value b, BinOp op) {
  return with_memory_errors([&] {
    Type* ta = type_of(a);
    if (ta->number) {
      BinaryFn f = ta->number->inplace[static_cast<int>(op)];
      if (f) {
        Ref r = f(a, b);
        if (!r || !is_not_implemented(r.get())) return r;
      }
    }
    Ref r = binary_op1(a, b, op);
    if (r && is_not_implemented(r.get())) return binop_type_error(a, b, op, true);
    return r;
  });
}

static Ref unary(Value v, UnaryFn NumberSlots::*slot, const char* sym) {
  Type* t = type_of(v);
  if (t->number && t->number->*slot) return (t->number->*slot)(v);
  return raisef(&TypeErrorType, "bad operand type for %s: '%s'", sym, t->name);
}
Ref negative(Value v) { return unary(v, &NumberSlots::negative, "unary -"); }
Ref positive(Value v) { return unary(v, &NumberSlots::positive, "unary +"); }
Ref invert(Value v) { return unary(v, &NumberSlots::invert, "unary ~"); }
Ref absolute(Value v) { return unary(v, &NumberSlots::absolute, "abs()"); }

Ref power3(Value a, Value b, Value mod) {
  if (mod.is_null() || mod.is_none()) return binary_op(a, b, BinOp::Pow);
  Type* ta = type_of(a);
  if (ta->number && ta->number->power3) {
    Ref r = ta->number->power3(a, b, mod);
    if (!r || !is_not_implemented(r.get())) return r;
  }
  if ((is_int(a) || is_float(a)) && (is_int(b) || is_float(b)) && (is_int(mod) || is_float(mod)))
    return raise(&TypeErrorType, "pow() 3rd argument not allowed unless all arguments are integers");
  return raisef(&TypeErrorType, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'", ta->name,
                type_name(b), type_name(mod));
}

// ---- containers -------------------------------------------------------------------------------------------

int64_t length(Value v) {
  LenFn fn = type_of(v)->len;
  if (!fn) {
    raisef(&TypeErrorType, "object of type '%s' has no len()", type_name(v));
    return -1;
  }
  return fn(v);
}

int64_t length_hint(Value v, int64_t default_size) {
  if (LenFn len = type_of(v)->len) {
    int64_t n = len(v);
    if (n >= 0) return n;
    if (!error_matches(&TypeErrorType)) return -1;
    clear_error();
  }
  static Str* hint_name = intern("__length_hint__");
  Value hint = type_lookup(type_of(v), hint_name);
  if (hint.is_null()) return default_size;
  Ref result = call1(hint, v);
  if (!result) {
    if (!error_matches(&TypeErrorType)) return -1;
    clear_error();
    return default_size;
  }
  if (result.get().is_obj() && result.get().obj() == &NotImplementedObject) return default_size;
  if (!is_int(result.get())) {
    raisef(&TypeErrorType, "__length_hint__ must be an integer, not %s", type_name(result.get()));
    return -1;
  }
  auto n = clinic_ssize_arg(result.get());
  if (!n) return -1;
  if (*n < 0) {
    raise(&ValueErrorType, "__length_hint__() should return >= 0");
    return -1;
  }
  return *n;
}

Ref get_item(Value obj, Value key) {
  GetItemFn fn = type_of(obj)->getitem;
  if (fn) return with_memory_errors([&] { return fn(obj, key); });
  if (type_has(type_of(obj), kTypeTypeSubclass)) {
    // type[int] (CPython special-cases type itself: its instances are not generic).
    if (obj == Value::from_obj(&TypeType) && generic_alias_hook) return generic_alias_hook(obj, key);
    Ref m = getattr_opt(obj, intern("__class_getitem__"));
    if (m) return call1(m.get(), key);
    if (error_pending()) return nullptr;
    return raisef(&TypeErrorType, "type '%s' is not subscriptable", obj.as<Type>()->name);
  }
  return raisef(&TypeErrorType, "'%s' object is not subscriptable", type_name(obj));
}

int set_item(Value obj, Value key, Value v) {
  SetItemFn fn = type_of(obj)->setitem;
  if (!fn) {
    if (v.is_null())
      raisef(&TypeErrorType, "'%s' object doesn't support item deletion", type_name(obj));
    else
      raisef(&TypeErrorType, "'%s' object does not support item assignment", type_name(obj));
    return -1;
  }
  return with_memory_errors([&] { return fn(obj, key, v); });
}

int contains(Value container, Value item) {
  ContainsFn fn = type_of(container)->contains;
  if (fn) return fn(container, item);
  Type* t = type_of(container);
  if (!t->iter && !t->getitem) {
    raisef(&TypeErrorType, "argument of type '%s' is not iterable", t->name);
    return -1;
  }
  int found = 0;
  bool ok = for_each(container, [&](Value x) {
    int eq = equals(x, item);
    if (eq < 0) return false;
    if (eq) {
      found = 1;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return -1;
  return found;
}

// The iterator iter() makes for objects with only __getitem__ (CPython's seqiter).
struct SeqIter : Object {
  int64_t index;
  Value seq;  // owned; null once exhausted
};
Type SeqIterType;

static Ref seqiter_next(Value self) {
  auto* it = self.as<SeqIter>();
  if (it->seq.is_null()) return nullptr;
  Ref idx = make_int(it->index);
  Ref r = get_item(it->seq, idx.get());
  if (!r) {
    if (error_matches(&IndexErrorType) || error_matches(&StopIterationType)) {
      clear_error();
      set_owned(&it->seq, Value());
    }
    return nullptr;
  }
  ++it->index;
  return r;
}
static Ref seqiter_iter(Value self) { return Ref::borrow(self); }
static void seqiter_traverse(Object* o, VisitFn visit, void* ctx) { visit(static_cast<SeqIter*>(o)->seq, ctx); }
static void seqiter_clear(Object* o) { set_owned(&static_cast<SeqIter*>(o)->seq, Value()); }
static void seqiter_dealloc(Object* o) {
  gc_untrack(o);
  seqiter_clear(o);
  free_object(o);
}

Ref get_iter(Value v) {
  Type* t = type_of(v);
  if (t->iter) {
    Ref it = t->iter(v);
    if (it && !type_of(it.get())->iternext)
      return raisef(&TypeErrorType, "iter() returned non-iterator of type '%s'", type_name(it.get()));
    return it;
  }
  if (t->getitem && !type_has(t, kTypeDictSubclass)) {
    auto* it = alloc<SeqIter>(&SeqIterType);
    incref(v);
    it->seq = v;
    return Ref::steal(Value::from_obj(it));
  }
  return raisef(&TypeErrorType, "'%s' object is not iterable", t->name);
}

Ref iter_next(Value iterator) {
  UnaryFn fn = type_of(iterator)->iternext;
  if (!fn) return raisef(&TypeErrorType, "'%s' object is not an iterator", type_name(iterator));
  return fn(iterator);
}

Ref sequence_list(Value iterable) { return list_from_iterable(iterable).into_ref(); }

Ref sequence_tuple(Value iterable) {
  if (is_exact_tuple(iterable)) return Ref::borrow(iterable);
  Own<List> l = list_from_iterable(iterable);
  if (!l) return nullptr;
  return tuple_from_array(l->items, l->size).into_ref();
}

// ---- argument checks ----------------------------------------------------------------------------------------

bool check_nargs(const char* fname, size_t nargs, size_t min, size_t max) {
  if (nargs >= min && nargs <= max) return true;
  if (min == max) {
    if (min == 0) raisef(&TypeErrorType, "%s() takes no arguments (%zu given)", fname, nargs);
    else if (min == 1) raisef(&TypeErrorType, "%s() takes exactly one argument (%zu given)", fname, nargs);
    else raisef(&TypeErrorType, "%s expected %zu arguments, got %zu", fname, min, nargs);
  } else if (nargs < min) {
    raisef(&TypeErrorType, "%s expected at least %zu argument%s, got %zu", fname, min, min == 1 ? "" : "s", nargs);
  } else {
    raisef(&TypeErrorType, "%s expected at most %zu argument%s, got %zu", fname, max, max == 1 ? "" : "s", nargs);
  }
  return false;
}

bool check_no_kwargs(const char* fname, Tuple* kwnames) {
  if (!kwnames || kwnames->size == 0) return true;
  raisef(&TypeErrorType, "%s() takes no keyword arguments", fname);
  return false;
}

void init_abstract_types() {
  static_type_init(SeqIterType, "iterator", sizeof(SeqIter), &ObjectType, kTypeGc);
  SeqIterType.iter = seqiter_iter;
  SeqIterType.iternext = seqiter_next;
  SeqIterType.traverse = seqiter_traverse;
  SeqIterType.clear = seqiter_clear;
  SeqIterType.dealloc = seqiter_dealloc;
  ready_type(&SeqIterType);
}

}  // namespace gilpy::rt
