// runtime/list.cpp: the list type, list_iterator and list_reverseiterator.
//
// Items live in a separately allocated array of `capacity` Values, grown with CPython's
// over-allocation policy so that append is amortised O(1). Every loop that compares
// items re-reads size and items after each comparison, since __eq__/__lt__ may mutate
// the list. Sorting lives in runtime/sort.cpp.
#include "runtime/list.h"

#include <cstring>
#include <new>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type ListType;
Type ListIterType;
Type ListRevIterType;

// ---------------------------------------------------------------------------------
// Storage

static void set_capacity(List* l, int64_t cap) {
  int64_t old = l->capacity > 0 ? l->capacity : 0;
  if (cap == 0) {
    if (l->items) mem_free(l->items, size_t(old) * sizeof(Value));
    l->items = nullptr;
  } else if (!l->items) {
    l->items = static_cast<Value*>(mem_alloc(size_t(cap) * sizeof(Value)));
  } else {
    l->items = static_cast<Value*>(
        mem_realloc(l->items, size_t(old) * sizeof(Value), size_t(cap) * sizeof(Value)));
  }
  l->capacity = cap;
}

bool list_resize(List* l, int64_t newsize) {
  int64_t allocated = l->capacity;
  if (allocated >= newsize && newsize >= (allocated >> 1)) {
    l->size = newsize;
    return true;
  }
  uint64_t new_allocated = (uint64_t(newsize) + (uint64_t(newsize) >> 3) + 6) & ~uint64_t(3);
  if (newsize - l->size > int64_t(new_allocated) - newsize)
    new_allocated = (uint64_t(newsize) + 3) & ~uint64_t(3);
  if (newsize == 0) new_allocated = 0;
  if (new_allocated > (uint64_t(1) << 58)) {
    raise_no_memory();
    return false;
  }
  set_capacity(l, int64_t(new_allocated));
  l->size = newsize;
  return true;
}

bool list_append_slow(List* l, Value v) {
  int64_t n = l->size;
  if (!list_resize(l, n + 1)) return false;
  incref(v);
  l->items[n] = v;
  return true;
}

static List* list_alloc(Type* type, int64_t size) {
  // The items first: when there is no memory for them (std::bad_alloc, a MemoryError to
  // the caller, as for [0] * 2**40), no list has been made yet, to be lost with them.
  OwnedBlock items(size > 0 ? size_t(size) * sizeof(Value) : 0);
  if (size > 0) std::memset(items.get<void>(), 0, size_t(size) * sizeof(Value));
  List* l = alloc<List>(type, type == &ListType ? sizeof(List) : type->basic_size);
  if (size > 0) {
    l->items = items.release<Value>();
    l->capacity = size;
    l->size = size;
  }
  return l;
}

Own<List> list_new(int64_t size) { return Own<List>::steal(list_alloc(&ListType, size)); }

// Drops every item; the list is left empty with no storage. Safe against re-entrance:
// the list is emptied before any item is released.
static void list_clear_items(List* l) {
  Value* items = l->items;
  int64_t n = l->size;
  int64_t cap = l->capacity > 0 ? l->capacity : 0;
  if (!items) {
    l->size = 0;
    return;
  }
  l->items = nullptr;
  l->size = 0;
  l->capacity = 0;
  while (--n >= 0) decref(items[n]);
  mem_free(items, size_t(cap) * sizeof(Value));
}

// A new list holding l[lo:hi] (0 <= lo <= hi <= size).
static Own<List> list_slice(List* l, int64_t lo, int64_t hi) {
  int64_t n = hi - lo;
  Own<List> r = Own<List>::steal(list_alloc(&ListType, n));
  for (int64_t i = 0; i < n; i++) {
    incref(l->items[lo + i]);
    r->items[i] = l->items[lo + i];
  }
  return r;
}

bool list_extend(List* l, Value iterable) {
  if (is_exact_list(iterable) || is_exact_tuple(iterable)) {
    // Fast path (exact types only, as CPython: a subclass may define __iter__); `l.extend(l)`
    // reads the count before growing.
    int64_t n = is_list(iterable) ? iterable.as<List>()->size : iterable.as<Tuple>()->size;
    if (n == 0) return true;
    int64_t m = l->size;
    if (!list_resize(l, m + n)) return false;
    const Value* src = is_list(iterable) ? iterable.as<List>()->items : iterable.as<Tuple>()->items;
    for (int64_t i = 0; i < n; i++) {
      incref(src[i]);
      l->items[m + i] = src[i];
    }
    return true;
  }
  Ref it = get_iter(iterable);
  if (!it) return false;
  // Room for what the iterable says it holds (CPython's list_extend): a size no list can
  // have fails here, before a single item is taken.
  int64_t hint = length_hint(iterable, 8);
  if (hint < 0) return false;
  int64_t before = l->size;
  if (hint > 0 && before <= INT64_MAX - hint) {
    if (!list_resize(l, before + hint)) return false;
    l->size = before;
  }
  Type* t = type_of(it.get());
  UnaryFn next = t->iternext;
  for (;;) {
    Ref item = next ? next(it.get()) : iter_next(it.get());
    if (!item) {
      if (error_pending()) {
        if (!error_matches(&StopIterationType)) return false;
        clear_error();
      }
      return list_resize(l, l->size);  // gives back what the hint overstated
    }
    // Steal the reference into the list.
    if (l->size < l->capacity) {
      l->items[l->size++] = item.release();
    } else if (!list_append_slow(l, item.get())) {
      return false;
    }
  }
}

Own<List> list_from_iterable(Value iterable) {
  Own<List> l = list_new(0);
  if (!list_extend(l.get(), iterable)) return nullptr;
  return l;
}

// ---------------------------------------------------------------------------------
// Slots

static void list_dealloc(Object* o) {
  List* l = static_cast<List*>(o);
  if (l->items) {
    for (int64_t i = l->size - 1; i >= 0; i--) decref(l->items[i]);
    mem_free(l->items, size_t(l->capacity > 0 ? l->capacity : 0) * sizeof(Value));
  }
  free_object(o);
}

static void list_traverse(Object* o, VisitFn visit, void* ctx) {
  List* l = static_cast<List*>(o);
  for (int64_t i = 0; i < l->size; i++)
    if (l->items[i]) visit(l->items[i], ctx);
}

static void list_clear_slot(Object* o) { list_clear_items(static_cast<List*>(o)); }

static Ref list_repr(Value self) {
  List* l = self.as<List>();
  if (l->size == 0) return cont::make_str("[]");
  if (repr_enter(self)) return cont::make_str("[...]");
  std::string out = "[";
  bool ok = true;
  for (int64_t i = 0; i < l->size; i++) {
    if (i) out += ", ";
    Ref item = Ref::borrow(l->items[i]);
    if (!cont::append_repr(out, item.get())) {
      ok = false;
      break;
    }
  }
  repr_leave(self);
  if (!ok) return nullptr;
  out += ']';
  return cont::make_str(out);
}

static Ref list_richcompare(Value a, Value b, CompareOp op) {
  if (!is_list(a) || !is_list(b)) return Ref::borrow(not_implemented());
  List* v = a.as<List>();
  List* w = b.as<List>();
  if (v->size != w->size && (op == CompareOp::Eq || op == CompareOp::Ne))
    return Ref::boolean(op == CompareOp::Ne);
  int64_t i = 0;
  for (; i < v->size && i < w->size; i++) {
    Value x = v->items[i], y = w->items[i];
    if (x == y) continue;
    Ref xr = Ref::borrow(x), yr = Ref::borrow(y);
    int k = rich_compare_bool(x, y, CompareOp::Eq);
    if (k < 0) return nullptr;
    if (!k) break;
  }
  if (i >= v->size || i >= w->size) {
    int64_t vlen = v->size, wlen = w->size;
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
  Ref x = Ref::borrow(v->items[i]), y = Ref::borrow(w->items[i]);
  return rich_compare(x.get(), y.get(), op);
}

static int64_t list_len(Value self) { return self.as<List>()->size; }

Ref list_getitem(Value self, Value key) {
  List* l = self.as<List>();
  if (key.is_small_int()) {
    int64_t i = key.small_int();
    if (i < 0) i += l->size;
    if (uint64_t(i) >= uint64_t(l->size)) return raise(&IndexErrorType, "list index out of range");
    return Ref::borrow(l->items[i]);
  }
  if (cont::has_index(key)) {
    int64_t i;
    if (!cont::seq_index(key, &i)) return nullptr;
    if (i < 0) i += l->size;
    if (i < 0 || i >= l->size) return raise(&IndexErrorType, "list index out of range");
    return Ref::borrow(l->items[i]);
  }
  if (key.is_obj() && key.obj()->type == &SliceType) {
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), l->size, &start, &stop, &step);
    if (n < 0) return nullptr;
    if (step == 1) return list_slice(l, start, start + n).into_ref();
    Own<List> r = Own<List>::steal(list_alloc(&ListType, n));
    for (int64_t i = 0, j = start; i < n; i++, j += step) {
      incref(l->items[j]);
      r->items[i] = l->items[j];
    }
    return r.into_ref();
  }
  return raisef(&TypeErrorType, "list indices must be integers or slices, not %s", type_name(key));
}

// PySequence_Fast: an exact list or tuple as is, anything else (a subclass may define
// __iter__) materialised as a list.
static Ref seq_fast(Value v, const char* message) {
  if (is_exact_list(v) || is_exact_tuple(v)) return Ref::borrow(v);
  Ref it = get_iter(v);
  if (!it) {
    if (error_matches(&TypeErrorType)) {
      clear_error();
      raise(&TypeErrorType, message);
    }
    return nullptr;
  }
  Own<List> l = list_from_iterable(it.get());
  if (!l) return nullptr;
  return l.into_ref();
}

static int64_t fast_size(Value v) {
  return is_list(v) ? v.as<List>()->size : v.as<Tuple>()->size;
}
static Value* fast_items(Value v) {
  return is_list(v) ? v.as<List>()->items : v.as<Tuple>()->items;
}

// a[ilow:ihigh] = v (v null: delete). CPython's list_ass_slice.
static int list_ass_slice(List* a, int64_t ilow, int64_t ihigh, Value v) {
  Ref seq;
  int64_t n = 0;
  if (v) {
    if (v == Value::from_obj(a)) {
      Own<List> copy = list_slice(a, 0, a->size);
      return list_ass_slice(a, ilow, ihigh, copy.value());
    }
    seq = seq_fast(v, "can only assign an iterable");
    if (!seq) return -1;
    n = fast_size(seq.get());
  }
  if (ilow < 0) ilow = 0;
  else if (ilow > a->size) ilow = a->size;
  if (ihigh < ilow) ihigh = ilow;
  else if (ihigh > a->size) ihigh = a->size;
  int64_t norig = ihigh - ilow;
  int64_t d = n - norig;
  if (a->size + d == 0) {
    list_clear_items(a);
    return 0;
  }
  std::vector<Value> recycle(a->items + ilow, a->items + ihigh);
  if (d < 0) {
    int64_t tail = a->size - ihigh;
    std::memmove(static_cast<void*>(a->items + ihigh + d), a->items + ihigh, size_t(tail) * sizeof(Value));
    if (!list_resize(a, a->size + d)) return -1;
  } else if (d > 0) {
    int64_t k = a->size;
    if (!list_resize(a, k + d)) return -1;
    std::memmove(static_cast<void*>(a->items + ihigh + d), a->items + ihigh, size_t(k - ihigh) * sizeof(Value));
  }
  if (n) {
    Value* src = fast_items(seq.get());
    for (int64_t k = 0; k < n; k++, ilow++) {
      incref(src[k]);
      a->items[ilow] = src[k];
    }
  }
  for (int64_t k = norig - 1; k >= 0; --k) decref(recycle[size_t(k)]);
  return 0;
}

int list_setitem(Value self, Value key, Value v) {
  List* l = self.as<List>();
  if (cont::has_index(key)) {
    int64_t i;
    if (!cont::seq_index(key, &i)) return -1;
    if (i < 0) i += l->size;
    if (i < 0 || i >= l->size) {
      raise(&IndexErrorType, "list assignment index out of range");
      return -1;
    }
    if (v) {
      incref(v);
      set_owned(&l->items[i], v);
      return 0;
    }
    return list_ass_slice(l, i, i + 1, Value());
  }
  if (!(key.is_obj() && key.obj()->type == &SliceType)) {
    raisef(&TypeErrorType, "list indices must be integers or slices, not %s", type_name(key));
    return -1;
  }
  int64_t start, stop, step;
  int64_t slicelength = slice_adjust(key.as<Slice>(), l->size, &start, &stop, &step);
  if (slicelength < 0) return -1;
  if (step == 1) return list_ass_slice(l, start, stop, v);
  if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
  if (!v) {
    // Delete an extended slice: normalise to a positive step, then compact.
    if (slicelength <= 0) return 0;
    if (step < 0) {
      stop = start + 1;
      start = stop + step * (slicelength - 1) - 1;
      step = -step;
    }
    std::vector<Value> garbage;
    garbage.reserve(size_t(slicelength));
    int64_t w = start;
    int64_t next_del = start, deleted = 0;
    for (int64_t r = start; r < l->size; r++) {
      if (deleted < slicelength && r == next_del) {
        garbage.push_back(l->items[r]);
        deleted++;
        next_del += step;
      } else {
        l->items[w++] = l->items[r];
      }
    }
    list_resize(l, l->size - slicelength);
    for (Value g : garbage) decref(g);
    return 0;
  }
  Ref seq;
  if (v == self) {
    seq = list_slice(l, 0, l->size).into_ref();
  } else {
    seq = seq_fast(v, "must assign iterable to extended slice");
    if (!seq) return -1;
  }
  int64_t n = fast_size(seq.get());
  if (n != slicelength) {
    raisef(&ValueErrorType, "attempt to assign sequence of size %lld to extended slice of size %lld",
           (long long)n, (long long)slicelength);
    return -1;
  }
  if (!slicelength) return 0;
  std::vector<Value> garbage(static_cast<size_t>(slicelength));
  Value* src = fast_items(seq.get());
  for (int64_t cur = start, i = 0; i < slicelength; cur += step, i++) {
    garbage[size_t(i)] = l->items[cur];
    incref(src[i]);
    l->items[cur] = src[i];
  }
  for (Value g : garbage) decref(g);
  return 0;
}

static int list_contains(Value self, Value item) {
  List* l = self.as<List>();
  for (int64_t i = 0; i < l->size; i++) {
    Value x = l->items[i];
    if (x == item) return 1;
    Ref hold = Ref::borrow(x);
    int k = rich_compare_bool(x, item, CompareOp::Eq);
    if (k != 0) return k;
  }
  return 0;
}

static Ref list_concat(Value a, Value b) {
  if (!is_list(a)) return Ref::borrow(not_implemented());
  // Anything else: NotImplemented; binary_op then tries b's slot and raises
  // "can only concatenate list (not \"X\") to list".
  if (!is_list(b)) return Ref::borrow(not_implemented());
  List* x = a.as<List>();
  List* y = b.as<List>();
  int64_t n = x->size + y->size;
  Own<List> r = Own<List>::steal(list_alloc(&ListType, n));
  for (int64_t i = 0; i < x->size; i++) {
    incref(x->items[i]);
    r->items[i] = x->items[i];
  }
  for (int64_t i = 0; i < y->size; i++) {
    incref(y->items[i]);
    r->items[x->size + i] = y->items[i];
  }
  return r.into_ref();
}

// Reads the repeat count of `seq * count`; false with an error set.
static bool repeat_count(Value count, int64_t* n) {
  if (!cont::seq_index(count, n)) {
    if (error_matches(&IndexErrorType)) {
      clear_error();
      raise(&OverflowErrorType, "cannot fit 'int' into an index-sized integer");
    }
    return false;
  }
  return true;
}

static Ref list_repeat(Value a, Value b) {
  Value seq = a, count = b;
  if (!is_list(a)) {
    // binary_op raises "can't multiply sequence by non-int of type 'X'".
    if (!cont::has_index(a)) return Ref::borrow(not_implemented());
    seq = b;
    count = a;
  } else if (!cont::has_index(b)) {
    return Ref::borrow(not_implemented());
  }
  int64_t n;
  if (!repeat_count(count, &n)) return nullptr;
  List* l = seq.as<List>();
  if (n <= 0 || l->size == 0) return list_new(0).into_ref();
  if (l->size > (int64_t(1) << 58) / n) return raise_no_memory();
  int64_t size = l->size;
  Own<List> r = Own<List>::steal(list_alloc(&ListType, size * n));
  if (size == 1) {
    Value x = l->items[0];
    for (int64_t i = 0; i < n; i++) r->items[i] = x;
    if (x.is_obj()) x.obj()->refcnt += uint32_t(n);
    return r.into_ref();
  }
  for (int64_t k = 0, j = 0; k < n; k++)
    for (int64_t i = 0; i < size; i++, j++) {
      incref(l->items[i]);
      r->items[j] = l->items[i];
    }
  return r.into_ref();
}

static Ref list_inplace_concat(Value a, Value b) {
  if (!is_list(a)) return Ref::borrow(not_implemented());
  if (!list_extend(a.as<List>(), b)) return nullptr;
  return Ref::borrow(a);
}

static Ref list_inplace_repeat(Value a, Value b) {
  if (!is_list(a)) return Ref::borrow(not_implemented());
  if (!cont::has_index(b)) return cont::raise_cant_multiply(b);
  int64_t n;
  if (!repeat_count(b, &n)) return nullptr;
  List* l = a.as<List>();
  int64_t size = l->size;
  if (size == 0 || n == 1) return Ref::borrow(a);
  if (n <= 0) {
    list_clear_items(l);
    return Ref::borrow(a);
  }
  if (size > (int64_t(1) << 58) / n) return raise_no_memory();
  if (!list_resize(l, size * n)) return nullptr;
  for (int64_t k = 1, j = size; k < n; k++)
    for (int64_t i = 0; i < size; i++, j++) {
      incref(l->items[i]);
      l->items[j] = l->items[i];
    }
  return Ref::borrow(a);
}

static Ref list_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  return Ref::steal(list_alloc(type, 0));
}

static int list_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Type* t = type_of(self);
  if ((t == &ListType || t->new_ == list_new_slot) && !cont::no_kwargs("list", kwnames)) return -1;
  size_t npos = nargs;
  if (!cont::check_positional("list", npos, 0, 1)) return -1;
  List* l = self.as<List>();
  if (l->items) list_clear_items(l);
  if (npos == 1 && !list_extend(l, args[0])) return -1;
  return 0;
}

// ---------------------------------------------------------------------------------
// Methods

static Ref list_append_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("list.append", nargs, kwnames)) return nullptr;
  if (!list_append(self.as<List>(), args[0])) return nullptr;
  return Ref::none();
}

static Ref list_extend_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("list.extend", nargs, kwnames)) return nullptr;
  if (!list_extend(self.as<List>(), args[0])) return nullptr;
  return Ref::none();
}

static Ref list_insert_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("insert", kwnames) || !cont::check_positional("insert", nargs, 2, 2))
    return nullptr;
  int64_t where;
  if (!cont::has_index(args[0])) {
    return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[0]));
  }
  if (!cont::clamp_index(args[0], &where)) return nullptr;
  List* l = self.as<List>();
  int64_t n = l->size;
  if (where < 0) {
    where += n;
    if (where < 0) where = 0;
  }
  if (where > n) where = n;
  if (!list_resize(l, n + 1)) return nullptr;
  std::memmove(static_cast<void*>(l->items + where + 1), l->items + where, size_t(n - where) * sizeof(Value));
  incref(args[1]);
  l->items[where] = args[1];
  return Ref::none();
}

static Ref list_pop_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("pop", kwnames) || !cont::check_positional("pop", nargs, 0, 1)) return nullptr;
  List* l = self.as<List>();
  int64_t i = -1;
  if (nargs == 1) {
    if (!cont::has_index(args[0]))
      return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[0]));
    auto r = index_as_int64(args[0]);
    if (!r) return nullptr;
    i = *r;
  }
  if (l->size == 0) return raise(&IndexErrorType, "pop from empty list");
  if (i < 0) i += l->size;
  if (i < 0 || i >= l->size) return raise(&IndexErrorType, "pop index out of range");
  Ref v = Ref::steal(l->items[i]);
  std::memmove(static_cast<void*>(l->items + i), l->items + i + 1, size_t(l->size - i - 1) * sizeof(Value));
  list_resize(l, l->size - 1);
  return v;
}

static Ref list_remove_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("list.remove", nargs, kwnames)) return nullptr;
  List* l = self.as<List>();
  for (int64_t i = 0; i < l->size; i++) {
    Value x = l->items[i];
    int k = 1;
    if (x != args[0]) {
      Ref hold = Ref::borrow(x);
      k = rich_compare_bool(x, args[0], CompareOp::Eq);
    }
    if (k < 0) return nullptr;
    if (k) {
      if (i < l->size && list_ass_slice(l, i, i + 1, Value()) < 0) return nullptr;
      return Ref::none();
    }
  }
  return raise(&ValueErrorType, "list.remove(x): x not in list");
}

static Ref list_index_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("index", kwnames) || !cont::check_positional("index", nargs, 1, 3))
    return nullptr;
  List* l = self.as<List>();
  int64_t start = 0, stop = INT64_MAX;
  if (nargs > 1 && !cont::slice_index_arg(args[1], &start)) return nullptr;
  if (nargs > 2 && !cont::slice_index_arg(args[2], &stop)) return nullptr;
  cont::adjust_index_range(l->size, &start, &stop);
  for (int64_t i = start; i < stop && i < l->size; i++) {
    Value x = l->items[i];
    int k = 1;
    if (x != args[0]) {
      Ref hold = Ref::borrow(x);
      k = rich_compare_bool(x, args[0], CompareOp::Eq);
    }
    if (k < 0) return nullptr;
    if (k) return make_int(i);
  }
  std::string msg;
  if (!cont::append_repr(msg, args[0])) return nullptr;
  msg += " is not in list";
  return raise(&ValueErrorType, msg);
}

static Ref list_count_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("list.count", nargs, kwnames)) return nullptr;
  List* l = self.as<List>();
  int64_t count = 0;
  for (int64_t i = 0; i < l->size; i++) {
    Value x = l->items[i];
    if (x == args[0]) {
      count++;
      continue;
    }
    Ref hold = Ref::borrow(x);
    int k = rich_compare_bool(x, args[0], CompareOp::Eq);
    if (k < 0) return nullptr;
    count += k;
  }
  return make_int(count);
}

static Ref list_clear_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("list.clear", nargs, kwnames)) return nullptr;
  list_clear_items(self.as<List>());
  return Ref::none();
}

static Ref list_copy_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("list.copy", nargs, kwnames)) return nullptr;
  List* l = self.as<List>();
  return list_slice(l, 0, l->size).into_ref();
}

static Ref list_reverse_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("list.reverse", nargs, kwnames)) return nullptr;
  List* l = self.as<List>();
  for (int64_t i = 0, j = l->size - 1; i < j; i++, j--) std::swap(l->items[i], l->items[j]);
  return Ref::none();
}

static Ref list_sort_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs > 0) return raise(&TypeErrorType, "sort() takes no positional arguments");
  Value key = Value::none(), reverse = Value::false_();
  if (kwnames && kwnames->size > 0 &&
      !bind_args("sort", args, nargs, kwnames, {"*", "key", "reverse"}, 0, {&key, &reverse}))
    return nullptr;
  bool rev = false;
  if (reverse.is_bool()) {
    rev = reverse.is_true();
  } else {
    if (!cont::has_index(reverse))
      return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(reverse));
    int64_t r;
    if (!cont::clamp_index(reverse, &r)) return nullptr;
    rev = r != 0;
  }
  if (!list_sort(self.as<List>(), key, rev)) return nullptr;
  return Ref::none();
}

static Ref list_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames);

static const MethodDef list_methods[] = {
    {"append", list_append_m, 0, "Append object to the end of the list."},
    {"extend", list_extend_m, 0, "Extend list by appending elements from the iterable."},
    {"insert", list_insert_m, 0, "Insert object before index."},
    {"pop", list_pop_m, 0, "Remove and return item at index (default last).\n\nRaises IndexError if list is empty or index is out of range."},
    {"remove", list_remove_m, 0, "Remove first occurrence of value.\n\nRaises ValueError if the value is not present."},
    {"index", list_index_m, 0, "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"count", list_count_m, 0, "Return number of occurrences of value."},
    {"clear", list_clear_m, 0, "Remove all items from list."},
    {"copy", list_copy_m, 0, "Return a shallow copy of the list."},
    {"reverse", list_reverse_m, 0, "Reverse *IN PLACE*."},
    {"sort", list_sort_m, 0, "Sort the list in ascending order and return None."},
    {"__reversed__", list_reversed_m, 0, "Return a reverse iterator over the list."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------
// list_iterator / list_reverseiterator

static Ref list_iter(Value self) {
  ListIter* it = alloc<ListIter>(&ListIterType);
  incref(self);
  it->seq = self.as<List>();
  it->index = 0;
  return Ref::steal(it);
}

static Ref listiter_next(Value self) {
  ListIter* it = self.as<ListIter>();
  List* l = it->seq;
  if (!l) return nullptr;
  if (it->index < l->size) return Ref::borrow(l->items[it->index++]);
  it->seq = nullptr;
  decref(l);
  return nullptr;
}

static Ref list_reversed_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("list.__reversed__", nargs, kwnames)) return nullptr;
  ListIter* it = alloc<ListIter>(&ListRevIterType);
  incref(self);
  it->seq = self.as<List>();
  it->index = it->seq->size - 1;
  return Ref::steal(it);
}

static Ref listreviter_next(Value self) {
  ListIter* it = self.as<ListIter>();
  List* l = it->seq;
  if (!l) return nullptr;
  if (it->index >= 0 && it->index < l->size) return Ref::borrow(l->items[it->index--]);
  it->index = -1;
  it->seq = nullptr;
  decref(l);
  return nullptr;
}

static Ref iter_self(Value self) { return Ref::borrow(self); }

static void listiter_dealloc(Object* o) {
  xdecref(static_cast<ListIter*>(o)->seq);
  free_object(o);
}

static void listiter_traverse(Object* o, VisitFn visit, void* ctx) {
  ListIter* it = static_cast<ListIter*>(o);
  if (it->seq) visit(Value::from_obj(it->seq), ctx);
}

static void listiter_clear(Object* o) {
  ListIter* it = static_cast<ListIter*>(o);
  List* l = it->seq;
  it->seq = nullptr;
  xdecref(l);
}

static Ref listiter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  ListIter* it = self.as<ListIter>();
  int64_t n = 0;
  if (it->seq) {
    if (type_of(self) == &ListIterType) n = it->seq->size - it->index;
    else n = it->index < it->seq->size ? it->index + 1 : 0;
  }
  return make_int(n < 0 ? 0 : n);
}

static const MethodDef listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------

static NumberSlots list_number;

static void init_iter_type(Type& t, const char* name, UnaryFn next) {
  static_type_init(t, name, sizeof(ListIter), &ObjectType, kTypeGc);
  t.dealloc = listiter_dealloc;
  t.traverse = listiter_traverse;
  t.clear = listiter_clear;
  t.iter = iter_self;
  t.iternext = next;
  t.methods = listiter_methods;
  ready_type(&t);
}

void init_list_type() {
  static_type_init(ListType, "list", sizeof(List), &ObjectType,
                   kTypeBaseType | kTypeGc | kTypeListSubclass);
  ListType.dealloc = list_dealloc;
  ListType.traverse = list_traverse;
  ListType.clear = list_clear_slot;
  ListType.repr = list_repr;
  ListType.richcompare = list_richcompare;
  ListType.len = list_len;
  ListType.getitem = list_getitem;
  ListType.setitem = list_setitem;
  ListType.contains = list_contains;
  ListType.iter = list_iter;
  ListType.new_ = list_new_slot;
  ListType.init = list_init;
  list_number.binary[int(BinOp::Add)] = list_concat;
  list_number.binary[int(BinOp::Mul)] = list_repeat;
  list_number.inplace[int(BinOp::Add)] = list_inplace_concat;
  list_number.inplace[int(BinOp::Mul)] = list_inplace_repeat;
  ListType.number = &list_number;
  ListType.methods = list_methods;
  ListType.doc =
      "Built-in mutable sequence.\n\nIf no argument is given, the constructor creates a new empty "
      "list.\nThe argument must be an iterable if specified.";
  ready_type(&ListType);
  init_iter_type(ListIterType, "list_iterator", listiter_next);
  init_iter_type(ListRevIterType, "list_reverseiterator", listreviter_next);
}

}  // namespace gilpy::rt
