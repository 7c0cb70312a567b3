// runtime/range_slice.cpp: range, range_iterator, longrange_iterator and slice.
//
// A range keeps start, stop, step and its length as int Values (any size). The common
// case, where all of them are small ints, is computed with 128-bit arithmetic and
// iterated by range_iterator over plain int64s (no allocation per item); anything
// larger falls back to int arithmetic on Values (longrange_iterator).
// slice_adjust is CPython's PySlice_Unpack + PySlice_AdjustIndices.
#include "runtime/range.h"

#include <string>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type RangeType;
Type RangeIterType;
Type LongRangeIterType;
Type SliceType;

namespace {

using i128 = __int128;

inline bool all_small(Value a, Value b, Value c) {
  return a.is_small_int() && b.is_small_int() && c.is_small_int();
}

Ref int_op(BinOp op, Value a, Value b) { return int_binary_op(op, a, b); }

// -1 / 0 / 1 comparison of two ints; -2 on error.
int int_cmp(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int())
    return a.small_int() < b.small_int() ? -1 : a.small_int() > b.small_int();
  Ref lt = int_compare(a, b, CompareOp::Lt);
  if (!lt) return -2;
  if (lt.get().is_true()) return -1;
  Ref eq = int_compare(a, b, CompareOp::Eq);
  if (!eq) return -2;
  return eq.get().is_true() ? 0 : 1;
}

// PyNumber_Index to an exact int Value.
Ref to_index(Value v) {
  if (v.is_small_int()) return Ref::steal(v);
  if (v.is_bool()) return Ref::steal(Value::small_int(v.is_true()));
  if (is_bigint(v)) return Ref::borrow(v);
  Type* t = type_of(v);
  if (is_int(v) || (t->number && t->number->index)) {
    if (t->number && t->number->index) {
      Ref r = t->number->index(v);
      if (!r) return nullptr;
      if (r.get().is_small_int() || is_bigint(r.get())) return r;
      if (r.get().is_bool()) return Ref::steal(Value::small_int(r.get().is_true()));
      if (!is_int(r.get()))
        return raisef(&TypeErrorType, "__index__ returned non-int (type %s)", type_name(r.get()));
      v = r.get();
    }
    // An int subclass: copy to an exact int.
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    Ref out = make_int_mpz(z);
    mpz_clear(z);
    return out;
  }
  return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(v));
}

// The length of range(start, stop, step) (step != 0).
Ref compute_length(Value start, Value stop, Value step) {
  if (all_small(start, stop, step)) {
    i128 lo = start.small_int(), hi = stop.small_int(), st = step.small_int();
    i128 n = 0;
    if (st > 0 && lo < hi) n = (hi - lo - 1) / st + 1;
    else if (st < 0 && lo > hi) n = (lo - hi - 1) / (-st) + 1;
    return make_int(int64_t(n));
  }
  // General case with mpz.
  mpz_t lo, hi, st, n;
  mpz_inits(lo, hi, st, n, nullptr);
  int_to_mpz(start, lo);
  int_to_mpz(stop, hi);
  int_to_mpz(step, st);
  int sgn = mpz_sgn(st);
  if (sgn < 0) {
    mpz_swap(lo, hi);
    mpz_neg(st, st);
  }
  if (mpz_cmp(lo, hi) < 0) {
    mpz_sub(n, hi, lo);
    mpz_sub_ui(n, n, 1);
    mpz_fdiv_q(n, n, st);
    mpz_add_ui(n, n, 1);
  } else {
    mpz_set_ui(n, 0);
  }
  Ref r = make_int_mpz(n);
  mpz_clears(lo, hi, st, n, nullptr);
  return r;
}

Range* make_range(Ref start, Ref stop, Ref step, Ref length) {
  Range* r = alloc<Range>(&RangeType);
  r->start = start.release();
  r->stop = stop.release();
  r->step = step.release();
  r->length = length.release();
  return r;
}

// start + i * step
Ref range_item(Range* r, Value i) {
  if (all_small(r->start, r->step, i)) {
    i128 v = i128(r->start.small_int()) + i128(i.small_int()) * r->step.small_int();
    if (v >= INT64_MIN && v <= INT64_MAX) return make_int(int64_t(v));
  }
  Ref prod = int_op(BinOp::Mul, i, r->step);
  if (!prod) return nullptr;
  return int_op(BinOp::Add, r->start, prod.get());
}

int range_len_nonzero(Range* r) { return !(r->length.is_small_int() && r->length.small_int() == 0); }

}  // namespace

Ref range_new(Value start, Value stop, Value step) {
  Ref a = to_index(start), b = to_index(stop), c = to_index(step);
  if (!a || !b || !c) return nullptr;
  if (c.get().is_small_int() && c.get().small_int() == 0)
    return raise(&ValueErrorType, "range() arg 3 must not be zero");
  Ref len = compute_length(a.get(), b.get(), c.get());
  if (!len) return nullptr;
  return Ref::steal(make_range(std::move(a), std::move(b), std::move(c), std::move(len)));
}

// ---------------------------------------------------------------------------------
// range slots

static Ref range_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("range", kwnames)) return nullptr;
  if (!cont::check_positional("range", nargs, 1, 3)) return nullptr;
  if (nargs == 1) {
    Ref stop = to_index(args[0]);
    if (!stop) return nullptr;
    return range_new(Value::small_int(0), stop.get(), Value::small_int(1));
  }
  return range_new(args[0], args[1], nargs == 3 ? args[2] : Value::small_int(1));
}

static void range_dealloc(Object* o) {
  Range* r = static_cast<Range*>(o);
  decref(r->start);
  decref(r->stop);
  decref(r->step);
  decref(r->length);
  free_object(o);
}

static Ref range_repr(Value self) {
  Range* r = self.as<Range>();
  std::string out = "range(";
  if (!cont::append_repr(out, r->start)) return nullptr;
  out += ", ";
  if (!cont::append_repr(out, r->stop)) return nullptr;
  if (!(r->step.is_small_int() && r->step.small_int() == 1)) {
    out += ", ";
    if (!cont::append_repr(out, r->step)) return nullptr;
  }
  out += ')';
  return cont::make_str(out);
}

static int64_t range_len(Value self) {
  auto n = clinic_ssize_arg(self.as<Range>()->length);
  return n ? *n : -1;
}

static int range_bool(Value self) { return range_len_nonzero(self.as<Range>()); }

static bool range_equals(Range* a, Range* b, int* out) {
  *out = 0;
  if (a == b) {
    *out = 1;
    return true;
  }
  int c = int_cmp(a->length, b->length);
  if (c == -2) return false;
  if (c != 0) return true;
  if (!range_len_nonzero(a)) {
    *out = 1;
    return true;
  }
  c = int_cmp(a->start, b->start);
  if (c == -2) return false;
  if (c != 0) return true;
  if (a->length.is_small_int() && a->length.small_int() == 1) {
    *out = 1;
    return true;
  }
  c = int_cmp(a->step, b->step);
  if (c == -2) return false;
  *out = c == 0;
  return true;
}

static Ref range_richcompare(Value a, Value b, CompareOp op) {
  if (!(a.is_obj() && a.obj()->type == &RangeType) || !(b.is_obj() && b.obj()->type == &RangeType) ||
      (op != CompareOp::Eq && op != CompareOp::Ne))
    return Ref::borrow(not_implemented());
  int eq;
  if (!range_equals(a.as<Range>(), b.as<Range>(), &eq)) return nullptr;
  return Ref::boolean((eq != 0) == (op == CompareOp::Eq));
}

static int64_t range_hash(Value self) {
  Range* r = self.as<Range>();
  Value items[3] = {r->length, Value::none(), Value::none()};
  if (range_len_nonzero(r)) {
    items[1] = r->start;
    if (!(r->length.is_small_int() && r->length.small_int() == 1)) items[2] = r->step;
  }
  Own<Tuple> t = tuple_from_array(items, 3);
  return hash(t.value());
}

// 1 / 0 / -1 for an int `ob`.
static int range_contains_int(Range* r, Value ob) {
  if (all_small(r->start, r->stop, r->step) && ob.is_small_int()) {
    int64_t s = r->start.small_int(), e = r->stop.small_int(), st = r->step.small_int(), x = ob.small_int();
    if (st > 0 ? (x < s || x >= e) : (x > s || x <= e)) return 0;
    i128 d = i128(x) - s;
    return d % st == 0;
  }
  int step_pos = int_sign(r->step) > 0;
  int c1, c2;
  if (step_pos) {
    c1 = int_cmp(r->start, ob);  // start <= ob
    c2 = int_cmp(ob, r->stop);   // ob < stop
    if (c1 == -2 || c2 == -2) return -1;
    if (!(c1 <= 0 && c2 < 0)) return 0;
  } else {
    c1 = int_cmp(ob, r->start);  // ob <= start
    c2 = int_cmp(r->stop, ob);   // stop < ob
    if (c1 == -2 || c2 == -2) return -1;
    if (!(c1 <= 0 && c2 < 0)) return 0;
  }
  Ref d = int_op(BinOp::Sub, ob, r->start);
  if (!d) return -1;
  Ref m = int_op(BinOp::Mod, d.get(), r->step);
  if (!m) return -1;
  return m.get().is_small_int() && m.get().small_int() == 0;
}

static bool is_exact_int_like(Value v) { return v.is_small_int() || v.is_bool() || is_bigint(v); }

static int range_contains(Value self, Value ob) {
  Range* r = self.as<Range>();
  if (is_exact_int_like(ob)) {
    Ref i = to_index(ob);
    if (!i) return -1;
    return range_contains_int(r, i.get());
  }
  int found = 0;
  bool ok = for_each(self, [&](Value item) {
    int k = rich_compare_bool(item, ob, CompareOp::Eq);
    if (k < 0) return false;
    if (k) {
      found = 1;
      return false;
    }
    return true;
  });
  if (!ok && error_pending()) return -1;
  return found;
}

// A slice of a range whose length does not fit in int64: CPython's compute_slice with
// _PySlice_GetLongIndices, in big-int arithmetic.
static Ref range_big_slice(Range* r, Slice* sl) {
  Ref step = sl->step.is_none() ? make_int(1) : to_index(sl->step);
  if (!step) return nullptr;
  if (int_sign(step.get()) == 0) return raise(&ValueErrorType, "slice step cannot be zero");
  bool negative = int_sign(step.get()) < 0;
  Ref lower = negative ? make_int(-1) : make_int(0);
  Ref upper = negative ? int_op(BinOp::Add, r->length, Value::small_int(-1)) : Ref::borrow(r->length);
  if (!upper) return nullptr;
  auto clamp = [&](Value v, bool is_start) -> Ref {
    if (v.is_none()) return (is_start == negative) ? upper : lower;
    Ref x = to_index(v);
    if (!x) return nullptr;
    if (int_sign(x.get()) < 0) {
      x = int_op(BinOp::Add, x.get(), r->length);
      if (!x) return nullptr;
      int c = int_cmp(x.get(), lower.get());
      if (c == -2) return nullptr;
      if (c < 0) return lower;
      return x;
    }
    int c = int_cmp(x.get(), upper.get());
    if (c == -2) return nullptr;
    return c > 0 ? upper : x;
  };
  Ref start = clamp(sl->start, true);
  if (!start) return nullptr;
  Ref stop = clamp(sl->stop, false);
  if (!stop) return nullptr;
  Ref substep = int_op(BinOp::Mul, step.get(), r->step);
  Ref substart = substep ? range_item(r, start.get()) : nullptr;
  Ref substop = substart ? range_item(r, stop.get()) : nullptr;
  if (!substop) return nullptr;
  return range_new(substart.get(), substop.get(), substep.get());
}

static Ref range_getitem(Value self, Value key) {
  Range* r = self.as<Range>();
  if (key.is_obj() && key.obj()->type == &SliceType) {
    if (!r->length.is_small_int()) return range_big_slice(r, key.as<Slice>());
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), r->length.small_int(), &start, &stop, &step);
    if (n < 0) return nullptr;
    Ref nstart = range_item(r, Value::small_int(start));
    if (!nstart) return nullptr;
    Ref nstep;
    if (r->step.is_small_int() && i128(r->step.small_int()) * step >= INT64_MIN &&
        i128(r->step.small_int()) * step <= INT64_MAX)
      nstep = make_int(r->step.small_int() * step);
    else
      nstep = int_op(BinOp::Mul, r->step, Value::small_int(step));
    if (!nstep) return nullptr;
    // As CPython's compute_slice: the new stop is the item at the adjusted slice stop.
    Ref nstop = range_item(r, Value::small_int(stop));
    if (!nstop) return nullptr;
    return Ref::steal(make_range(std::move(nstart), std::move(nstop), std::move(nstep), make_int(n)));
  }
  if (!cont::has_index(key))
    return raisef(&TypeErrorType, "range indices must be integers or slices, not %s", type_name(key));
  Ref i = to_index(key);
  if (!i) return nullptr;
  // Negative: add the length. Bounds: 0 <= i < length.
  if (int_sign(i.get()) < 0) {
    i = int_op(BinOp::Add, i.get(), r->length);
    if (!i) return nullptr;
  }
  if (int_sign(i.get()) < 0) return raise(&IndexErrorType, "range object index out of range");
  int c = int_cmp(i.get(), r->length);
  if (c == -2) return nullptr;
  if (c >= 0) return raise(&IndexErrorType, "range object index out of range");
  return range_item(r, i.get());
}

// ---------------------------------------------------------------------------------
// iterators

struct LongRangeIter : Object {
  Value start, step, len;  // owned ints
  Value index;             // owned int: next position
};

static Ref make_range_iter(Value start, Value step, Value len) {
  if (start.is_small_int() && step.is_small_int() && len.is_small_int()) {
    // The last value start + (len-1)*step lies within the range's bounds, so it is small.
    i128 last = i128(start.small_int()) + i128(len.small_int() - 1) * step.small_int();
    if (len.small_int() == 0 || Value::fits_small(int64_t(last < INT64_MIN ? INT64_MIN : last > INT64_MAX ? INT64_MAX : last))) {
      RangeIter* it = alloc<RangeIter>(&RangeIterType);
      it->start = start.small_int();
      it->step = step.small_int();
      it->len = len.small_int();
      return Ref::steal(it);
    }
  }
  LongRangeIter* it = alloc<LongRangeIter>(&LongRangeIterType);
  incref(start);
  incref(step);
  incref(len);
  it->start = start;
  it->step = step;
  it->len = len;
  it->index = Value::small_int(0);
  return Ref::steal(it);
}

static Ref range_iter(Value self) {
  Range* r = self.as<Range>();
  return make_range_iter(r->start, r->step, r->length);
}

static Ref rangeiter_next(Value self) {
  RangeIter* it = self.as<RangeIter>();
  if (it->len > 0) {
    int64_t v = it->start;
    it->start = int64_t(uint64_t(v) + uint64_t(it->step));
    it->len--;
    return Ref::steal(Value::small_int(v));
  }
  return nullptr;
}

static Ref longrangeiter_next(Value self) {
  LongRangeIter* it = self.as<LongRangeIter>();
  int c = int_cmp(it->index, it->len);
  if (c == -2 || c >= 0) return nullptr;
  Ref prod = int_op(BinOp::Mul, it->index, it->step);
  if (!prod) return nullptr;
  Ref v = int_op(BinOp::Add, it->start, prod.get());
  if (!v) return nullptr;
  Ref next = int_op(BinOp::Add, it->index, Value::small_int(1));
  if (!next) return nullptr;
  set_owned(&it->index, next.release());
  return v;
}

static void longrangeiter_dealloc(Object* o) {
  LongRangeIter* it = static_cast<LongRangeIter*>(o);
  decref(it->start);
  decref(it->step);
  decref(it->len);
  decref(it->index);
  free_object(o);
}

static Ref iter_self(Value self) { return Ref::borrow(self); }

static Ref rangeiter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type_of(self) == &RangeIterType) return make_int(self.as<RangeIter>()->len);
  LongRangeIter* it = self.as<LongRangeIter>();
  return int_op(BinOp::Sub, it->len, it->index);
}
static const MethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// range methods and attributes

static Ref range_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("range.__reversed__", nargs, kwnames)) return nullptr;
  Range* r = self.as<Range>();
  // start + (len-1)*step, stepping by -step
  Ref lenm1 = int_op(BinOp::Sub, r->length, Value::small_int(1));
  if (!lenm1) return nullptr;
  Ref last = range_item(r, lenm1.get());
  if (!last) return nullptr;
  Ref negstep = int_op(BinOp::Sub, Value::small_int(0), r->step);
  if (!negstep) return nullptr;
  return make_range_iter(last.get(), negstep.get(), r->length);
}

static Ref range_count_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("range.count", nargs, kwnames)) return nullptr;
  if (is_exact_int_like(args[0])) {
    Ref i = to_index(args[0]);
    if (!i) return nullptr;
    int k = range_contains_int(self.as<Range>(), i.get());
    if (k < 0) return nullptr;
    return make_int(k);
  }
  int64_t count = 0;
  if (!for_each(self, [&](Value item) {
        int k = rich_compare_bool(item, args[0], CompareOp::Eq);
        if (k < 0) return false;
        count += k;
        return true;
      }))
    return nullptr;
  return make_int(count);
}

static Ref range_index_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("range.index", nargs, kwnames)) return nullptr;
  Range* r = self.as<Range>();
  if (is_exact_int_like(args[0])) {
    Ref i = to_index(args[0]);
    if (!i) return nullptr;
    int k = range_contains_int(r, i.get());
    if (k < 0) return nullptr;
    if (!k) {
      std::string msg;
      if (!cont::append_repr(msg, args[0])) return nullptr;
      msg += " is not in range";
      return raise(&ValueErrorType, msg);
    }
    Ref d = int_op(BinOp::Sub, i.get(), r->start);
    if (!d) return nullptr;
    return int_op(BinOp::FloorDiv, d.get(), r->step);
  }
  int64_t idx = 0;
  bool found = false;
  if (!for_each(self, [&](Value item) {
        int k = rich_compare_bool(item, args[0], CompareOp::Eq);
        if (k < 0) return false;
        if (k) {
          found = true;
          return false;
        }
        idx++;
        return true;
      }) && error_pending())
    return nullptr;
  if (!found) return raise(&ValueErrorType, "sequence.index(x): x not in sequence");
  return make_int(idx);
}

static Ref range_start(Value self) { return Ref::borrow(self.as<Range>()->start); }
static Ref range_stop(Value self) { return Ref::borrow(self.as<Range>()->stop); }
static Ref range_step(Value self) { return Ref::borrow(self.as<Range>()->step); }

// (range, (start, stop, step)): how copy and pickle rebuild a range.
static Ref range_reduce_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("range.__reduce__", nargs, kwnames)) return nullptr;
  Range* r = self.as<Range>();
  Own<Tuple> args = tuple_from({r->start, r->stop, r->step});
  return tuple_from({Value::from_obj(&RangeType), args.value()}).into_ref();
}

static const MethodDef range_methods[] = {
    {"__reversed__", range_reversed_m, 0, "Return a reverse iterator."},
    {"__reduce__", range_reduce_m, 0, nullptr},
    {"count", range_count_m, 0, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_index_m, 0, "rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present."},
    {nullptr, nullptr, 0, nullptr}};

static const GetSetDef range_getsets[] = {
    {"start", range_start, nullptr, nullptr},
    {"stop", range_stop, nullptr, nullptr},
    {"step", range_step, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr}};

// ---------------------------------------------------------------------------------
// slice

Ref slice_new(Value start, Value stop, Value step) {
  Slice* s = alloc<Slice>(&SliceType);
  s->start = start ? start : Value::none();
  s->stop = stop ? stop : Value::none();
  s->step = step ? step : Value::none();
  incref(s->start);
  incref(s->stop);
  incref(s->step);
  return Ref::steal(s);
}

static bool slice_index(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.small_int();
    return true;
  }
  if (!cont::has_index(v)) {
    raise(&TypeErrorType, "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  return cont::clamp_index(v, out);
}

int64_t slice_adjust(Slice* r, int64_t length, int64_t* start, int64_t* stop, int64_t* step) {
  if (r->step.is_none()) {
    *step = 1;
  } else {
    if (!slice_index(r->step, step)) return -1;
    if (*step == 0) {
      raise(&ValueErrorType, "slice step cannot be zero");
      return -1;
    }
    if (*step < -INT64_MAX) *step = -INT64_MAX;
  }
  if (r->start.is_none()) {
    *start = *step < 0 ? INT64_MAX : 0;
  } else if (!slice_index(r->start, start)) {
    return -1;
  }
  if (r->stop.is_none()) {
    *stop = *step < 0 ? INT64_MIN : INT64_MAX;
  } else if (!slice_index(r->stop, stop)) {
    return -1;
  }
  int64_t st = *step;
  if (*start < 0) {
    *start += length;
    if (*start < 0) *start = st < 0 ? -1 : 0;
  } else if (*start >= length) {
    *start = st < 0 ? length - 1 : length;
  }
  if (*stop < 0) {
    *stop += length;
    if (*stop < 0) *stop = st < 0 ? -1 : 0;
  } else if (*stop >= length) {
    *stop = st < 0 ? length - 1 : length;
  }
  if (st < 0) {
    if (*stop < *start) return (*start - *stop - 1) / (-st) + 1;
  } else if (*start < *stop) {
    return (*stop - *start - 1) / st + 1;
  }
  return 0;
}

static Ref slice_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("slice", kwnames)) return nullptr;
  if (!cont::check_positional("slice", nargs, 1, 3)) return nullptr;
  if (nargs == 1) return slice_new(Value::none(), args[0], Value::none());
  return slice_new(args[0], args[1], nargs == 3 ? args[2] : Value::none());
}

static void slice_dealloc(Object* o) {
  Slice* s = static_cast<Slice*>(o);
  decref(s->start);
  decref(s->stop);
  decref(s->step);
  free_object(o);
}

static Ref slice_repr(Value self) {
  Slice* s = self.as<Slice>();
  std::string out = "slice(";
  if (!cont::append_repr(out, s->start)) return nullptr;
  out += ", ";
  if (!cont::append_repr(out, s->stop)) return nullptr;
  out += ", ";
  if (!cont::append_repr(out, s->step)) return nullptr;
  out += ')';
  return cont::make_str(out);
}

static Ref slice_richcompare(Value a, Value b, CompareOp op) {
  if (!(a.is_obj() && a.obj()->type == &SliceType) || !(b.is_obj() && b.obj()->type == &SliceType))
    return Ref::borrow(not_implemented());
  if (a == b && (op == CompareOp::Eq || op == CompareOp::Ne)) return Ref::boolean(op == CompareOp::Eq);
  Slice* x = a.as<Slice>();
  Slice* y = b.as<Slice>();
  Own<Tuple> t1 = tuple_from({x->start, x->stop, x->step});
  Own<Tuple> t2 = tuple_from({y->start, y->stop, y->step});
  return rich_compare(t1.value(), t2.value(), op);
}

static Ref slice_indices_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("slice.indices", nargs, kwnames)) return nullptr;
  if (!cont::has_index(args[0]))
    return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[0]));
  int64_t length;
  if (!cont::clamp_index(args[0], &length)) return nullptr;
  if (length < 0) return raise(&ValueErrorType, "length should not be negative");
  int64_t start, stop, step;
  if (slice_adjust(self.as<Slice>(), length, &start, &stop, &step) < 0) return nullptr;
  Ref a = make_int(start), b = make_int(stop), c = make_int(step);
  return tuple_from({a.get(), b.get(), c.get()}).into_ref();
}

static Ref slice_start_get(Value self) { return Ref::borrow(self.as<Slice>()->start); }
static Ref slice_stop_get(Value self) { return Ref::borrow(self.as<Slice>()->stop); }
static Ref slice_step_get(Value self) { return Ref::borrow(self.as<Slice>()->step); }

static const MethodDef slice_methods[] = {
    {"indices", slice_indices_m, 0, "S.indices(len) -> (start, stop, stride)\n\nAssuming a sequence of length len, calculate the start and stop\nindices, and the stride length of the extended slice described by\nS. Out of bounds indices are clipped in a manner consistent with the\nhandling of normal slices."},
    {nullptr, nullptr, 0, nullptr}};

static const GetSetDef slice_getsets[] = {
    {"start", slice_start_get, nullptr, nullptr},
    {"stop", slice_stop_get, nullptr, nullptr},
    {"step", slice_step_get, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr}};

// ---------------------------------------------------------------------------------

static NumberSlots range_number;

void init_range_slice_types() {
  static_type_init(RangeType, "range", sizeof(Range), &ObjectType, kTypeMatchSequence);
  RangeType.dealloc = range_dealloc;
  RangeType.repr = range_repr;
  RangeType.hash = range_hash;
  RangeType.richcompare = range_richcompare;
  RangeType.len = range_len;
  RangeType.getitem = range_getitem;
  RangeType.contains = range_contains;
  RangeType.iter = range_iter;
  RangeType.new_ = range_new_slot;
  range_number.to_bool = range_bool;
  RangeType.number = &range_number;
  RangeType.methods = range_methods;
  RangeType.getsets = range_getsets;
  RangeType.doc =
      "range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\nReturn an object "
      "that produces a sequence of integers from start (inclusive)\nto stop (exclusive) by step.  "
      "range(i, j) produces i, i+1, i+2, ..., j-1.\nstart defaults to 0, and stop is omitted!  "
      "range(4) produces 0, 1, 2, 3.\nThese are exactly the valid indices for a list of 4 "
      "elements.\nWhen step is given, it specifies the increment (or decrement).";
  ready_type(&RangeType);

  static_type_init(RangeIterType, "range_iterator", sizeof(RangeIter), &ObjectType, 0);
  RangeIterType.dealloc = [](Object* o) { free_object(o); };
  RangeIterType.iter = iter_self;
  RangeIterType.iternext = rangeiter_next;
  RangeIterType.methods = rangeiter_methods;
  ready_type(&RangeIterType);

  static_type_init(LongRangeIterType, "longrange_iterator", sizeof(LongRangeIter), &ObjectType, 0);
  LongRangeIterType.dealloc = longrangeiter_dealloc;
  LongRangeIterType.iter = iter_self;
  LongRangeIterType.iternext = longrangeiter_next;
  LongRangeIterType.methods = rangeiter_methods;
  ready_type(&LongRangeIterType);

  static_type_init(SliceType, "slice", sizeof(Slice), &ObjectType, 0);
  SliceType.dealloc = slice_dealloc;
  SliceType.repr = slice_repr;
  SliceType.richcompare = slice_richcompare;
  SliceType.new_ = slice_new_slot;
  SliceType.methods = slice_methods;
  SliceType.getsets = slice_getsets;
  SliceType.doc = "slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.  This is used for extended slicing (e.g. a[0:10:2]).";
  ready_type(&SliceType);
}

}  // namespace gilpy::rt
