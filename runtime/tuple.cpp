// runtime/tuple.cpp: the tuple type and tuple_iterator, plus the helpers shared by the
// container files (declared in runtime/tuple.h, namespace cont).
//
// A tuple stores its items inline after the header. The empty tuple is one immortal
// shared object. Tuples are GC-tracked (they can close a cycle through a list).
// A tuple subclass instance is allocated as type->basic_size + n * sizeof(Value): the
// items start at offsetof(Tuple, items) as for an exact tuple, so the subclass's extra
// fields (its __dict__ slot) are laid out after the items (TupleType.item_size != 0).
#include "runtime/tuple.h"

#include <cstring>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type TupleType;
Type TupleIterType;

// ---------------------------------------------------------------------------------
// Shared helpers (namespace cont)

namespace cont {

int64_t fast_hash(Value v) {
  if (v.is_small_int()) return small_int_hash(v.small_int());
  if (is_exact_str(v)) return str_hash(v.as<Str>());
  return hash(v);
}

bool check_positional(const char* name, size_t nargs, size_t min, size_t max) {
  if (nargs < min) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name,
           min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
    return false;
  }
  if (nargs > max) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name,
           min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

bool no_kwargs(const char* qualname, Tuple* kwnames) {
  if (kwnames && kwnames->size > 0) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", qualname);
    return false;
  }
  return true;
}

bool one_arg(const char* qualname, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs(qualname, kwnames)) return false;
  if (nargs != 1) {
    raisef(&TypeErrorType, "%s() takes exactly one argument (%zu given)", qualname, nargs);
    return false;
  }
  return true;
}

bool no_args(const char* qualname, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs(qualname, kwnames)) return false;
  if (nargs != 0) {
    raisef(&TypeErrorType, "%s() takes no arguments (%zu given)", qualname, nargs);
    return false;
  }
  return true;
}

bool has_index(Value v) {
  if (v.is_small_int() || v.is_bool()) return true;
  if (is_int(v)) return true;
  Type* t = type_of(v);
  return t->number && t->number->index;
}

bool seq_index(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.small_int();
    return true;
  }
  if (v.is_bool()) {
    *out = v.is_true();
    return true;
  }
  auto r = index_as_int64(v);
  if (r) {
    *out = *r;
    return true;
  }
  if (error_matches(&OverflowErrorType)) {
    clear_error();
    raisef(&IndexErrorType, "cannot fit '%s' into an index-sized integer", type_name(v));
  }
  return false;
}

bool clamp_index(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.small_int();
    return true;
  }
  auto r = index_as_int64(v);
  if (r) {
    *out = *r;
    return true;
  }
  if (!error_matches(&OverflowErrorType)) return false;
  clear_error();
  // Too large for int64: clamp by sign (only ints overflow).
  *out = int_sign(v) < 0 ? INT64_MIN : INT64_MAX;
  return true;
}

bool slice_index_arg(Value v, int64_t* out) {
  if (!has_index(v)) {
    raise(&TypeErrorType, "slice indices must be integers or have an __index__ method");
    return false;
  }
  return clamp_index(v, out);
}

void adjust_index_range(int64_t len, int64_t* start, int64_t* stop) {
  if (*start < 0) {
    *start += len;
    if (*start < 0) *start = 0;
  }
  if (*stop < 0) {
    *stop += len;
    if (*stop < 0) *stop = 0;
  }
  if (*stop > len) *stop = len;
}

bool append_repr(std::string& out, Value v) {
  Ref r = repr(v);
  if (!r) return false;
  Str* s = r.as<Str>();
  if (s->kind == 1)
    out.append(s->ascii(), size_t(s->length));
  else
    out += str_to_utf8(s);
  return true;
}

Ref make_str(const std::string& s) { return str_from_utf8(s).into_ref(); }

Ref raise_cant_multiply(Value non_int) {
  return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'",
                type_name(non_int));
}

bool is_builtin_sequence(Value v) {
  if (!v.is_obj()) return false;
  return is_str(v) || is_list(v) || is_tuple(v) ||
         std::strcmp(type_of(v)->name, "bytes") == 0 ||
         std::strcmp(type_of(v)->name, "bytearray") == 0;
}

}  // namespace cont

// ---------------------------------------------------------------------------------
// Allocation

static Tuple* g_empty_tuple = nullptr;

static Tuple* tuple_alloc(Type* type, int64_t n) {
  size_t size = var_object_size(type == &TupleType ? sizeof(Tuple) : type->basic_size, n, sizeof(Value));
  Tuple* t = alloc<Tuple>(type, size);
  t->size = n;
  return t;
}

Tuple* tuple_empty() { return g_empty_tuple; }

Own<Tuple> tuple_new(int64_t n) {
  if (n == 0 && g_empty_tuple) return Own<Tuple>::borrow(g_empty_tuple);
  return Own<Tuple>::steal(tuple_alloc(&TupleType, n));
}

Own<Tuple> tuple_from_array(const Value* items, int64_t n) {
  if (n == 0) return tuple_new(0);
  Tuple* t = tuple_alloc(&TupleType, n);
  for (int64_t i = 0; i < n; i++) {
    incref(items[i]);
    t->items[i] = items[i];
  }
  return Own<Tuple>::steal(t);
}

Own<Tuple> tuple_from(std::initializer_list<Value> items) {
  return tuple_from_array(items.begin(), int64_t(items.size()));
}

Own<Tuple> tuple_from_iterable(Value iterable) {
  // Exact types only, as CPython: a subclass may define __iter__.
  if (is_exact_tuple(iterable)) return Own<Tuple>::borrow(iterable.as<Tuple>());
  if (is_exact_list(iterable)) {
    List* l = iterable.as<List>();
    return tuple_from_array(l->items, l->size);
  }
  Own<List> l = list_from_iterable(iterable);
  if (!l) return nullptr;
  if (l->size == 0) return tuple_new(0);
  // Move the list's items into the tuple.
  Tuple* t = tuple_alloc(&TupleType, l->size);
  std::memcpy(t->items, l->items, size_t(l->size) * sizeof(Value));
  l->size = 0;
  return Own<Tuple>::steal(t);
}

// ---------------------------------------------------------------------------------
// Slots

static void tuple_dealloc(Object* o) {
  Tuple* t = static_cast<Tuple*>(o);
  for (int64_t i = t->size - 1; i >= 0; i--) decref(t->items[i]);
  free_object(o);
}

static void tuple_traverse(Object* o, VisitFn visit, void* ctx) {
  Tuple* t = static_cast<Tuple*>(o);
  for (int64_t i = 0; i < t->size; i++)
    if (t->items[i]) visit(t->items[i], ctx);
}

static void tuple_clear(Object* o) {
  Tuple* t = static_cast<Tuple*>(o);
  for (int64_t i = 0; i < t->size; i++) {
    Value v = t->items[i];
    t->items[i] = Value();
    decref(v);
  }
}

static Ref tuple_repr(Value self) {
  Tuple* t = self.as<Tuple>();
  if (t->size == 0) return cont::make_str("()");
  if (repr_enter(self)) return cont::make_str("(...)");
  std::string out = "(";
  bool ok = true;
  for (int64_t i = 0; i < t->size; i++) {
    if (i) out += ", ";
    if (!cont::append_repr(out, t->items[i])) {
      ok = false;
      break;
    }
  }
  repr_leave(self);
  if (!ok) return nullptr;
  if (t->size == 1) out += ',';
  out += ')';
  return cont::make_str(out);
}

// CPython 3.11's tuplehash (xxHash-based).
int64_t tuple_hash(Value self) {
  constexpr uint64_t kPrime1 = 11400714785074694791ULL;
  constexpr uint64_t kPrime2 = 14029467366897019727ULL;
  constexpr uint64_t kPrime5 = 2870177450012600261ULL;
  Tuple* t = self.as<Tuple>();
  uint64_t acc = kPrime5;
  for (int64_t i = 0; i < t->size; i++) {
    int64_t h = cont::fast_hash(t->items[i]);
    if (h == -1) return -1;
    acc += uint64_t(h) * kPrime2;
    acc = (acc << 31) | (acc >> 33);
    acc *= kPrime1;
  }
  acc += uint64_t(t->size) ^ (kPrime5 ^ 3527539UL);
  if (acc == uint64_t(-1)) return 1546275796;
  return int64_t(acc);
}

static Ref tuple_richcompare(Value a, Value b, CompareOp op) {
  if (!is_tuple(a) || !is_tuple(b)) return Ref::borrow(not_implemented());
  Tuple* v = a.as<Tuple>();
  Tuple* w = b.as<Tuple>();
  int64_t vlen = v->size, wlen = w->size;
  int64_t i = 0;
  for (; i < vlen && i < wlen; i++) {
    if (v->items[i] == w->items[i]) continue;
    int k = rich_compare_bool(v->items[i], w->items[i], CompareOp::Eq);
    if (k < 0) return nullptr;
    if (!k) break;
  }
  if (i >= vlen || i >= wlen) {
    bool r = false;
    switch (op) {
      case CompareOp::Lt: r = vlen < wlen; break;
      case CompareOp::Le: r = vlen <= wlen; break;
      case CompareOp::Eq: r = vlen == wlen; break;
      case CompareOp::Ne: r = vlen != wlen; break;
      case CompareOp::Gt: r = vlen > wlen; break;
      case CompareOp::Ge: r = vlen >= wlen; break;
    }
    return Ref::boolean(r);
  }
  if (op == CompareOp::Eq) return Ref::boolean(false);
  if (op == CompareOp::Ne) return Ref::boolean(true);
  return rich_compare(v->items[i], w->items[i], op);
}

static int64_t tuple_len(Value self) { return self.as<Tuple>()->size; }

Ref tuple_getitem(Value self, Value key) {
  Tuple* t = self.as<Tuple>();
  if (key.is_small_int()) {
    int64_t i = key.small_int();
    if (i < 0) i += t->size;
    if (uint64_t(i) >= uint64_t(t->size)) return raise(&IndexErrorType, "tuple index out of range");
    return Ref::borrow(t->items[i]);
  }
  if (cont::has_index(key)) {
    int64_t i;
    if (!cont::seq_index(key, &i)) return nullptr;
    if (i < 0) i += t->size;
    if (i < 0 || i >= t->size) return raise(&IndexErrorType, "tuple index out of range");
    return Ref::borrow(t->items[i]);
  }
  if (key.is_obj() && key.obj()->type == &SliceType) {
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), t->size, &start, &stop, &step);
    if (n < 0) return nullptr;
    if (n == 0) return Ref::borrow(Value::from_obj(tuple_empty()));
    if (start == 0 && step == 1 && n == t->size && is_exact_tuple(self)) return Ref::borrow(self);
    Tuple* r = tuple_alloc(&TupleType, n);
    for (int64_t i = 0, j = start; i < n; i++, j += step) {
      incref(t->items[j]);
      r->items[i] = t->items[j];
    }
    return Ref::steal(r);
  }
  return raisef(&TypeErrorType, "tuple indices must be integers or slices, not %s", type_name(key));
}

static int tuple_contains(Value self, Value item) {
  Tuple* t = self.as<Tuple>();
  for (int64_t i = 0; i < t->size; i++) {
    if (t->items[i] == item) return 1;
    int k = rich_compare_bool(t->items[i], item, CompareOp::Eq);
    if (k != 0) return k;
  }
  return 0;
}

static Ref tuple_concat(Value a, Value b) {
  if (!is_tuple(a)) return Ref::borrow(not_implemented());
  // Anything else: NotImplemented; binary_op then tries b's slot and raises
  // "can only concatenate tuple (not \"X\") to tuple".
  if (!is_tuple(b)) return Ref::borrow(not_implemented());
  Tuple* x = a.as<Tuple>();
  Tuple* y = b.as<Tuple>();
  if (y->size == 0 && is_exact_tuple(a)) return Ref::borrow(a);
  if (x->size == 0 && is_exact_tuple(b)) return Ref::borrow(b);
  int64_t n = x->size + y->size;
  Tuple* r = tuple_alloc(&TupleType, n);
  for (int64_t i = 0; i < x->size; i++) {
    incref(x->items[i]);
    r->items[i] = x->items[i];
  }
  for (int64_t i = 0; i < y->size; i++) {
    incref(y->items[i]);
    r->items[x->size + i] = y->items[i];
  }
  return Ref::steal(r);
}

static Ref tuple_repeat(Value a, Value b) {
  Value seq = a, count = b;
  if (!is_tuple(a)) {
    // count * tuple
    // binary_op raises "can't multiply sequence by non-int of type 'X'".
    if (!cont::has_index(a)) return Ref::borrow(not_implemented());
    seq = b;
    count = a;
  } else if (!cont::has_index(b)) {
    return Ref::borrow(not_implemented());
  }
  int64_t n;
  if (!cont::seq_index(count, &n)) {
    if (error_matches(&IndexErrorType)) {
      clear_error();
      return raise(&OverflowErrorType, "cannot fit 'int' into an index-sized integer");
    }
    return nullptr;
  }
  Tuple* t = seq.as<Tuple>();
  if (n <= 0 || t->size == 0) return Ref::borrow(Value::from_obj(tuple_empty()));
  if (n == 1 && is_exact_tuple(seq)) return Ref::borrow(seq);
  if (t->size > INT64_MAX / 16 / n) return raise_no_memory();
  int64_t total = t->size * n;
  Tuple* r = tuple_alloc(&TupleType, total);
  for (int64_t k = 0, j = 0; k < n; k++)
    for (int64_t i = 0; i < t->size; i++, j++) {
      incref(t->items[i]);
      r->items[j] = t->items[i];
    }
  return Ref::steal(r);
}

// tuple(iterable) / TupleSubclass(iterable)
static Ref tuple_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &TupleType && !cont::no_kwargs("tuple", kwnames)) return nullptr;
  if (!cont::check_positional(type == &TupleType ? "tuple" : type->name, nargs, 0, 1)) return nullptr;
  if (type == &TupleType) {
    if (nargs == 0) return Ref::borrow(Value::from_obj(tuple_empty()));
    return tuple_from_iterable(args[0]).into_ref();
  }
  Own<Tuple> tmp = nargs ? tuple_from_iterable(args[0]) : tuple_new(0);
  if (!tmp) return nullptr;
  Tuple* r = tuple_alloc(type, tmp->size);
  for (int64_t i = 0; i < tmp->size; i++) {
    incref(tmp->items[i]);
    r->items[i] = tmp->items[i];
  }
  return Ref::steal(r);
}

// ---------------------------------------------------------------------------------
// Methods

static Ref tuple_count_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("tuple.count", nargs, kwnames)) return nullptr;
  Tuple* t = self.as<Tuple>();
  int64_t count = 0;
  for (int64_t i = 0; i < t->size; i++) {
    int k = t->items[i] == args[0] ? 1 : rich_compare_bool(t->items[i], args[0], CompareOp::Eq);
    if (k < 0) return nullptr;
    count += k;
  }
  return make_int(count);
}

static Ref tuple_index_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("index", kwnames) || !cont::check_positional("index", nargs, 1, 3))
    return nullptr;
  Tuple* t = self.as<Tuple>();
  int64_t start = 0, stop = INT64_MAX;
  if (nargs > 1 && !cont::slice_index_arg(args[1], &start)) return nullptr;
  if (nargs > 2 && !cont::slice_index_arg(args[2], &stop)) return nullptr;
  cont::adjust_index_range(t->size, &start, &stop);
  for (int64_t i = start; i < stop && i < t->size; i++) {
    int k = t->items[i] == args[0] ? 1 : rich_compare_bool(t->items[i], args[0], CompareOp::Eq);
    if (k < 0) return nullptr;
    if (k) return make_int(i);
  }
  return raise(&ValueErrorType, "tuple.index(x): x not in tuple");
}

static Ref tuple_getnewargs_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("tuple.__getnewargs__", nargs, kwnames)) return nullptr;
  Tuple* t = self.as<Tuple>();
  Own<Tuple> copy = tuple_from_array(t->items, t->size);
  Value v = copy.value();
  return tuple_from({v}).into_ref();
}

static const MethodDef tuple_methods[] = {
    {"count", tuple_count_m, 0, "Return number of occurrences of value."},
    {"index", tuple_index_m, 0, "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"__getnewargs__", tuple_getnewargs_m, 0, nullptr},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// tuple_iterator

static Ref tuple_iter(Value self) {
  TupleIter* it = alloc<TupleIter>(&TupleIterType);
  it->index = 0;
  incref(self);
  it->seq = self.as<Tuple>();
  return Ref::steal(it);
}

static Ref tupleiter_next(Value self) {
  TupleIter* it = self.as<TupleIter>();
  Tuple* t = it->seq;
  if (!t) return nullptr;
  if (it->index < t->size) return Ref::borrow(t->items[it->index++]);
  it->seq = nullptr;
  decref(t);
  return nullptr;
}

static Ref iter_self(Value self) { return Ref::borrow(self); }

static void tupleiter_dealloc(Object* o) {
  TupleIter* it = static_cast<TupleIter*>(o);
  xdecref(it->seq);
  free_object(o);
}

static void tupleiter_traverse(Object* o, VisitFn visit, void* ctx) {
  TupleIter* it = static_cast<TupleIter*>(o);
  if (it->seq) visit(Value::from_obj(it->seq), ctx);
}

static void tupleiter_clear(Object* o) {
  TupleIter* it = static_cast<TupleIter*>(o);
  Tuple* t = it->seq;
  it->seq = nullptr;
  xdecref(t);
}

static Ref tupleiter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  TupleIter* it = self.as<TupleIter>();
  return make_int(it->seq ? it->seq->size - it->index : 0);
}

static const MethodDef tupleiter_methods[] = {
    {"__length_hint__", tupleiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------

static NumberSlots tuple_number;

void init_tuple_type() {
  static_type_init(TupleType, "tuple", sizeof(Tuple), &ObjectType,
                   kTypeBaseType | kTypeGc | kTypeTupleSubclass);
  TupleType.item_size = sizeof(Value);
  TupleType.dealloc = tuple_dealloc;
  TupleType.traverse = tuple_traverse;
  TupleType.clear = tuple_clear;
  TupleType.repr = tuple_repr;
  TupleType.hash = tuple_hash;
  TupleType.richcompare = tuple_richcompare;
  TupleType.len = tuple_len;
  TupleType.getitem = tuple_getitem;
  TupleType.contains = tuple_contains;
  TupleType.iter = tuple_iter;
  TupleType.new_ = tuple_new_slot;
  tuple_number.binary[int(BinOp::Add)] = tuple_concat;
  tuple_number.binary[int(BinOp::Mul)] = tuple_repeat;
  TupleType.number = &tuple_number;
  TupleType.methods = tuple_methods;
  TupleType.doc =
      "Built-in immutable sequence.\n\nIf no argument is given, the constructor returns an empty "
      "tuple.\nIf iterable is specified the tuple is initialized from iterable's items.\n\nIf the "
      "argument is a tuple, the return value is the same object.";
  ready_type(&TupleType);

  static_type_init(TupleIterType, "tuple_iterator", sizeof(TupleIter), &ObjectType, kTypeGc);
  TupleIterType.dealloc = tupleiter_dealloc;
  TupleIterType.traverse = tupleiter_traverse;
  TupleIterType.clear = tupleiter_clear;
  TupleIterType.iter = iter_self;
  TupleIterType.iternext = tupleiter_next;
  TupleIterType.methods = tupleiter_methods;
  ready_type(&TupleIterType);

  if (!g_empty_tuple) {
    g_empty_tuple = tuple_alloc(&TupleType, 0);
    g_empty_tuple->refcnt = kImmortal;
    gc_untrack(g_empty_tuple);
  }
}

}  // namespace gilpy::rt
