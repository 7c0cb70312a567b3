// stdlib/collections_module.cpp: the _collections module: collections.deque and its
// iterators (_deque_iterator, _deque_reverse_iterator), native as CPython's are, and
// defaultdict (collections_defaultdict.cpp). CPython's collections/__init__.py re-exports
// them; queue.Queue and asyncio's Queue, Lock,
// Event and Condition keep their items and waiters in one, so append/popleft are hot.
//
// Layout: a ring buffer. `ring` holds `capacity` slots (0, or a power of two >= 8); the
// item at logical index i lives in ring[(head + i) & (capacity - 1)]. Appending or popping
// at either end moves only `head` or `size`: O(1), with no allocation except when the ring
// doubles (full) or halves (a quarter full), both amortised. Slots outside the live range
// hold stale words that are never read.
//
// Atomicity: there is no lock. Every method runs with the GIL held, and the GIL is only
// handed over at the eval loop's safepoints, so a method that runs no Python code is
// atomic with respect to other threads, as CPython's C methods are. Python code can run
// in three places: comparisons (__eq__ in count/index/remove/in, and rich comparison),
// iteration of an argument (extend), and the release of an item (a __del__). So:
//   1. An item is released only after the deque is consistent again (pop the item out,
//      update head/size/state, then decref), and nothing is read from the ring across a
//      call that may run Python code without re-checking.
//   2. `state` counts the moves of the indices (CPython's mutation counter). Iterators
//      and the comparison loops save it and fail with CPython's "deque mutated during
//      iteration" when it changed. Assigning d[i] and reverse() move no index, as in
//      CPython, and leave it alone.
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

Type DequeType;
Type DequeIterType;
Type DequeRevIterType;

namespace {

struct DequeObject : Object {
  Value* ring;       // `capacity` slots (owned items in the live range), or null
  int64_t capacity;  // 0 or a power of two
  int64_t head;      // ring index of the leftmost item
  int64_t size;      // number of items
  int64_t maxlen;    // -1: unbounded
  uint64_t state;    // bumped whenever the indices move (see the top of the file)
};

struct DequeIterObject : Object {
  DequeObject* deque;  // owned
  int64_t index;       // logical index of the next item
  uint64_t state;      // the deque's state when the iterator was made
  int64_t counter;     // items left
};

constexpr int64_t kMinCapacity = 8;
constexpr int64_t kMaxCapacity = int64_t(1) << 58;

inline bool is_deque(Value v) { return v.is_obj() && is_subtype(v.obj()->type, &DequeType); }
inline DequeObject* as_deque(Value v) { return v.as<DequeObject>(); }

inline Value& slot(DequeObject* d, int64_t i) { return d->ring[(d->head + i) & (d->capacity - 1)]; }

// ---- storage ------------------------------------------------------------------------------------

// Moves the items, in order, into a new ring of `capacity` slots (>= size).
void set_capacity(DequeObject* d, int64_t capacity) {
  Value* ring = capacity ? static_cast<Value*>(mem_alloc(size_t(capacity) * sizeof(Value))) : nullptr;
  for (int64_t i = 0; i < d->size; i++) ring[i] = slot(d, i);
  if (d->ring) mem_free(d->ring, size_t(d->capacity) * sizeof(Value));
  d->ring = ring;
  d->capacity = capacity;
  d->head = 0;
}

// Makes room for one more item; false with MemoryError set.
bool reserve_one(DequeObject* d) {
  if (d->size < d->capacity) return true;
  if (d->capacity >= kMaxCapacity) {
    raise_no_memory();
    return false;
  }
  set_capacity(d, d->capacity ? d->capacity * 2 : kMinCapacity);
  return true;
}

// Halves the ring once it is a quarter full: a drained deque gives its memory back, and the
// factor of two between growing and shrinking keeps both amortised O(1).
inline void maybe_shrink(DequeObject* d) {
  if (d->capacity > kMinCapacity && d->size <= (d->capacity >> 2)) set_capacity(d, d->capacity >> 1);
}

// Appends an owned item at the right; a full bounded deque drops its leftmost item, which
// is released last (rule 1). False (item released) on MemoryError.
bool push_right(DequeObject* d, Value owned) {
  if (d->size == d->maxlen) {
    d->state++;
    if (d->maxlen == 0) {
      decref(owned);
      return true;
    }
    // Full: the leftmost slot frees up and the slot after the last item takes the new one
    // (the same slot when the ring is exactly full).
    Value dropped = slot(d, 0);
    d->head = (d->head + 1) & (d->capacity - 1);
    slot(d, d->size - 1) = owned;
    decref(dropped);
    return true;
  }
  if (!reserve_one(d)) {
    decref(owned);
    return false;
  }
  slot(d, d->size) = owned;
  d->size++;
  d->state++;
  return true;
}

// The mirror image of push_right.
bool push_left(DequeObject* d, Value owned) {
  if (d->size == d->maxlen) {
    d->state++;
    if (d->maxlen == 0) {
      decref(owned);
      return true;
    }
    Value dropped = slot(d, d->size - 1);
    d->head = (d->head - 1) & (d->capacity - 1);
    slot(d, 0) = owned;
    decref(dropped);
    return true;
  }
  if (!reserve_one(d)) {
    decref(owned);
    return false;
  }
  d->head = (d->head - 1) & (d->capacity - 1);
  d->ring[d->head] = owned;
  d->size++;
  d->state++;
  return true;
}

// Takes the rightmost / leftmost item out (precondition: size > 0); the caller owns it.
Value take_right(DequeObject* d) {
  Value v = slot(d, d->size - 1);
  d->size--;
  d->state++;
  maybe_shrink(d);
  return v;
}

Value take_left(DequeObject* d) {
  Value v = d->ring[d->head];
  d->head = (d->head + 1) & (d->capacity - 1);
  d->size--;
  d->state++;
  maybe_shrink(d);
  return v;
}

// Empties the deque, then releases the items: a __del__ that runs meanwhile sees an empty
// deque (rule 1).
void clear_items(DequeObject* d) {
  if (d->size == 0 && !d->ring) return;
  Value* ring = d->ring;
  int64_t capacity = d->capacity, head = d->head, n = d->size;
  d->ring = nullptr;
  d->capacity = 0;
  d->head = 0;
  d->size = 0;
  if (n) d->state++;
  for (int64_t i = 0; i < n; i++) decref(ring[(head + i) & (capacity - 1)]);
  if (ring) mem_free(ring, size_t(capacity) * sizeof(Value));
}

// Rotates n steps to the right (negative: left), moving the fewer items: O(min(k, size-k)).
void rotate(DequeObject* d, int64_t n) {
  int64_t len = d->size;
  if (len <= 1) return;
  d->state++;
  int64_t k = n % len;
  if (k < 0) k += len;
  if (k == 0) return;
  int64_t mask = d->capacity - 1;
  if (len == d->capacity) {
    // A full ring rotates by moving head alone.
    d->head = (d->head - k) & mask;
    return;
  }
  if (k <= len - k) {
    for (int64_t i = 0; i < k; i++) {  // last item to the front
      d->head = (d->head - 1) & mask;
      d->ring[d->head] = d->ring[(d->head + len) & mask];
    }
  } else {
    for (int64_t i = k; i < len; i++) {  // first item to the back
      d->ring[(d->head + len) & mask] = d->ring[d->head];
      d->head = (d->head + 1) & mask;
    }
  }
}

// Removes the item at logical index i (0 <= i < size), shifting the shorter side; the
// caller owns the returned item.
Value take_at(DequeObject* d, int64_t i) {
  Value v = slot(d, i);
  if (i < d->size - 1 - i) {
    for (int64_t j = i; j > 0; j--) slot(d, j) = slot(d, j - 1);
    d->head = (d->head + 1) & (d->capacity - 1);
  } else {
    for (int64_t j = i; j < d->size - 1; j++) slot(d, j) = slot(d, j + 1);
  }
  d->size--;
  d->state++;
  maybe_shrink(d);
  return v;
}

// Inserts an owned item before logical index p (0 < p < size; the ends go through push_*).
bool insert_at(DequeObject* d, int64_t p, Value owned) {
  if (!reserve_one(d)) {
    decref(owned);
    return false;
  }
  if (p < d->size - p) {
    d->head = (d->head - 1) & (d->capacity - 1);
    for (int64_t j = 0; j < p; j++) slot(d, j) = slot(d, j + 1);
  } else {
    for (int64_t j = d->size; j > p; j--) slot(d, j) = slot(d, j - 1);
  }
  slot(d, p) = owned;
  d->size++;
  d->state++;
  return true;
}

// The rest of an iterator's items, dropped (extend of a deque with maxlen=0).
bool consume(Value it) {
  for (;;) {
    Ref item = iter_next(it);
    if (!item) return !error_pending();
  }
}

bool extend_right(DequeObject* d, Value iterable);
bool extend_left(DequeObject* d, Value iterable);

// extend / extendleft: `d.extend(d)` reads a snapshot first, as CPython does.
template <bool kLeft>
bool extend_impl(DequeObject* d, Value iterable) {
  if (iterable == Value::from_obj(d)) {
    Ref snapshot = sequence_list(iterable);
    if (!snapshot) return false;
    return extend_impl<kLeft>(d, snapshot.get());
  }
  auto push = [d](Value owned) { return kLeft ? push_left(d, owned) : push_right(d, owned); };
  if (is_exact_list(iterable) || is_exact_tuple(iterable)) {
    // A list is re-read at each step: releasing a dropped item may run code that changes it.
    for (int64_t i = 0;; i++) {
      int64_t n = is_exact_list(iterable) ? iterable.as<List>()->size : iterable.as<Tuple>()->size;
      if (i >= n) return true;
      Value v = is_exact_list(iterable) ? iterable.as<List>()->items[i] : iterable.as<Tuple>()->items[i];
      incref(v);
      if (!push(v)) return false;
    }
  }
  Ref it = get_iter(iterable);
  if (!it) return false;
  if (d->maxlen == 0) return consume(it.get());
  UnaryFn next = type_of(it.get())->iternext;
  for (;;) {
    Ref item = next ? next(it.get()) : iter_next(it.get());
    if (!item) {
      if (error_pending()) {
        if (!error_matches(&StopIterationType)) return false;
        clear_error();
      }
      return true;
    }
    if (!push(item.release())) return false;
  }
}

bool extend_right(DequeObject* d, Value iterable) { return extend_impl<false>(d, iterable); }
bool extend_left(DequeObject* d, Value iterable) { return extend_impl<true>(d, iterable); }

// ---- argument helpers ---------------------------------------------------------------------------

// The "n" argument format (PyNumber_AsSsize_t with OverflowError): rotate() and insert().
bool ssize_arg(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.small_int();
    return true;
  }
  auto r = index_as_int64(v);
  if (r) {
    *out = *r;
    return true;
  }
  if (error_matches(&OverflowErrorType)) {
    clear_error();
    raise(&OverflowErrorType, "Python int too large to convert to C ssize_t");
  }
  return false;
}

// maxlen: None or an int (PyLong_AsSsize_t: no __index__), non-negative.
bool maxlen_arg(Value v, int64_t* out) {
  *out = -1;
  if (v.is_null() || v.is_none()) return true;
  if (!is_int(v)) {
    raise(&TypeErrorType, "an integer is required");
    return false;
  }
  auto r = int_as_int64(v);
  if (!r) {
    clear_error();
    raise(&OverflowErrorType, "Python int too large to convert to C ssize_t");
    return false;
  }
  if (*r < 0) {
    raise(&ValueErrorType, "maxlen must be non-negative");
    return false;
  }
  *out = *r;
  return true;
}

// A subscript as a logical index in [0, size); false with CPython's error set.
bool item_index(DequeObject* d, Value key, int64_t* out) {
  int64_t i;
  if (key.is_small_int()) {
    i = key.small_int();
  } else if (cont::has_index(key)) {
    if (!cont::seq_index(key, &i)) return false;
  } else {
    raisef(&TypeErrorType, "sequence index must be integer, not '%s'", type_name(key));
    return false;
  }
  if (i < 0) i += d->size;
  if (uint64_t(i) >= uint64_t(d->size)) {
    raise(&IndexErrorType, "deque index out of range");
    return false;
  }
  *out = i;
  return true;
}

Ref mutated_error(Type* type) { return raise(type, "deque mutated during iteration"); }

// ---- construction -------------------------------------------------------------------------------

DequeObject* deque_alloc(Type* type) {
  auto* d = alloc<DequeObject>(type, type == &DequeType ? sizeof(DequeObject) : type->basic_size);
  d->maxlen = -1;
  return d;
}

// deque.__new__ ignores its arguments, so that subclasses may give __init__ others.
Ref deque_new_slot(Type* type, const Value*, size_t, Tuple*) { return Ref::steal(deque_alloc(type)); }

// deque(iterable=(), maxlen=None); may run again on a live deque to reset it.
int deque_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs + nkw > 2) {
    raisef(&TypeErrorType, "deque() takes at most 2 arguments (%zu given)", nargs + nkw);
    return -1;
  }
  Value params[2] = {nargs > 0 ? args[0] : Value(), nargs > 1 ? args[1] : Value()};
  static const char* const kNames[2] = {"iterable", "maxlen"};
  for (size_t k = 0; k < nkw; k++) {
    Value name = kwnames->items[k];
    int which = -1;
    for (int p = 0; p < 2; p++)
      if (is_str(name) && str_equal(name.as<Str>(), intern(kNames[p]))) which = p;
    if (which < 0) {
      std::string key = is_str(name) ? str_to_utf8(name.as<Str>()) : "?";
      raisef(&TypeErrorType, "'%s' is an invalid keyword argument for deque()", key.c_str());
      return -1;
    }
    if (size_t(which) < nargs) {
      raisef(&TypeErrorType, "argument for deque() given by name ('%s') and position (%d)", kNames[which],
             which + 1);
      return -1;
    }
    params[which] = args[nargs + k];
  }
  int64_t maxlen;
  if (!maxlen_arg(params[1], &maxlen)) return -1;
  DequeObject* d = as_deque(self);
  d->maxlen = maxlen;
  if (d->size > 0) clear_items(d);
  if (params[0] && !extend_right(d, params[0])) return -1;
  return 0;
}

// A new exact deque holding d's items (same maxlen); no Python code runs.
Ref copy_exact(DequeObject* d) {
  DequeObject* c = deque_alloc(&DequeType);
  Ref hold = Ref::steal(c);
  c->maxlen = d->maxlen;
  if (d->size) {
    int64_t capacity = kMinCapacity;
    while (capacity < d->size) capacity *= 2;
    c->ring = static_cast<Value*>(mem_alloc(size_t(capacity) * sizeof(Value)));
    c->capacity = capacity;
    for (int64_t i = 0; i < d->size; i++) {
      Value v = slot(d, i);
      incref(v);
      c->ring[i] = v;
    }
    c->size = d->size;
  }
  return hold;
}

// d.copy(): an exact deque copies directly; a subclass is called as type(d)(d[, maxlen]).
Ref deque_copy_value(Value self) {
  DequeObject* d = as_deque(self);
  Type* t = type_of(self);
  if (t == &DequeType) return copy_exact(d);
  Ref result;
  if (d->maxlen < 0) {
    result = call1(Value::from_obj(t), self);
  } else {
    Ref maxlen = make_int(d->maxlen);
    result = call2(Value::from_obj(t), self, maxlen.get());
  }
  if (result && !is_deque(result.get()))
    return raisef(&TypeErrorType, "%s() must return a deque, not %s", t->name, type_name(result.get()));
  return result;
}

// ---- slots --------------------------------------------------------------------------------------

void deque_dealloc(Object* o) {
  gc_untrack(o);
  clear_items(static_cast<DequeObject*>(o));
  free_object(o);
}

void deque_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* d = static_cast<DequeObject*>(o);
  for (int64_t i = 0; i < d->size; i++) visit(slot(d, i), ctx);
}

void deque_clear_slot(Object* o) { clear_items(static_cast<DequeObject*>(o)); }

int64_t deque_len(Value self) { return as_deque(self)->size; }

Ref deque_repr(Value self) {
  if (repr_enter(self)) return new_str("[...]");
  Ref items = sequence_list(self);
  Ref text = items ? repr(items.get()) : Ref();
  repr_leave(self);
  if (!text) return nullptr;
  std::string_view full(type_of(self)->name);
  size_t dot = full.rfind('.');
  std::string out(dot == std::string_view::npos ? full : full.substr(dot + 1));
  out += '(';
  out += utf8_of(text.get());
  int64_t maxlen = as_deque(self)->maxlen;
  if (maxlen >= 0) out += strfmt(", maxlen=%lld", (long long)maxlen);
  out += ')';
  return new_str(out);
}

// CPython's deque_richcompare: deques compare as sequences, item by item, through their
// iterators (a mutation during a comparison surfaces as the iterator's RuntimeError).
Ref deque_richcompare(Value v, Value w, CompareOp op) {
  if (!is_deque(v) || !is_deque(w)) return Ref::borrow(not_implemented());
  int64_t vs = as_deque(v)->size, ws = as_deque(w)->size;
  if (op == CompareOp::Eq || op == CompareOp::Ne) {
    bool eq = op == CompareOp::Eq;
    if (v == w) return Ref::boolean(eq);
    if (vs != ws) return Ref::boolean(!eq);
  }
  Ref it1 = get_iter(v);
  if (!it1) return nullptr;
  Ref it2 = get_iter(w);
  if (!it2) return nullptr;
  Ref x, y;
  for (;;) {
    x = iter_next(it1.get());
    if (!x && error_pending()) return nullptr;
    y = iter_next(it2.get());
    if (!x || !y) break;
    int b = rich_compare_bool(x.get(), y.get(), CompareOp::Eq);
    if (b < 0) return nullptr;
    if (b == 0) {
      int c = rich_compare_bool(x.get(), y.get(), op);
      if (c < 0) return nullptr;
      return Ref::boolean(c != 0);
    }
  }
  if (error_pending()) return nullptr;
  bool r = false;
  switch (op) {
    case CompareOp::Lt: r = bool(y); break;   // w was longer
    case CompareOp::Le: r = !x; break;        // v was not longer
    case CompareOp::Eq: r = !x && !y; break;  // both ended
    case CompareOp::Ne: r = bool(x) != bool(y); break;
    case CompareOp::Gt: r = bool(x); break;   // v was longer
    case CompareOp::Ge: r = !y; break;        // w was not longer
  }
  return Ref::boolean(r);
}

Ref deque_getitem(Value self, Value key) {
  DequeObject* d = as_deque(self);
  int64_t i;
  if (!item_index(d, key, &i)) return nullptr;
  return Ref::borrow(slot(d, i));
}

int deque_setitem(Value self, Value key, Value v) {
  DequeObject* d = as_deque(self);
  int64_t i;
  if (!item_index(d, key, &i)) return -1;
  if (v.is_null()) {
    decref(take_at(d, i));
    return 0;
  }
  incref(v);
  set_owned(&slot(d, i), v);
  return 0;
}

// `x in d`: a match returns at once; otherwise a mutation by __eq__ is an error.
int deque_contains(Value self, Value item) {
  DequeObject* d = as_deque(self);
  uint64_t start_state = d->state;
  for (int64_t i = 0, n = d->size; i < n; i++) {
    Ref x = Ref::borrow(slot(d, i));
    int cmp = rich_compare_bool(x.get(), item, CompareOp::Eq);
    if (cmp) return cmp;
    if (d->state != start_state) {
      mutated_error(&RuntimeErrorType);
      return -1;
    }
  }
  return 0;
}

Ref deque_iter(Value self);

// d + other: only another deque (binary_op tries the other operand's own + first, as
// CPython's number slots come before sq_concat).
Ref deque_concat(Value a, Value b) {
  if (!is_deque(a)) return Ref::borrow(not_implemented());
  if (!is_deque(b)) {
    Type* tb = type_of(b);
    BinaryFn other = tb->number ? tb->number->binary[int(BinOp::Add)] : nullptr;
    if (other && other != deque_concat) {
      Ref r = other(a, b);
      if (!r || !is_not_implemented(r.get())) return r;
    }
    return raisef(&TypeErrorType, "can only concatenate deque (not \"%s\") to deque", tb->name);
  }
  Ref result = deque_copy_value(a);
  if (!result) return nullptr;
  if (!extend_right(as_deque(result.get()), b)) return nullptr;
  return result;
}

Ref deque_inplace_concat(Value a, Value b) {
  if (!is_deque(a)) return Ref::borrow(not_implemented());
  if (!extend_right(as_deque(a), b)) return nullptr;
  return Ref::borrow(a);
}

// The repeat count of `d * n` (CPython's OverflowError for an int too large).
bool repeat_count(Value count, int64_t* n) {
  if (!cont::seq_index(count, n)) {
    if (error_matches(&IndexErrorType)) {
      clear_error();
      raise(&OverflowErrorType, "cannot fit 'int' into an index-sized integer");
    }
    return false;
  }
  return true;
}

// d *= n, in place (CPython's deque_inplace_repeat, maxlen honoured).
Ref inplace_repeat(Value self, int64_t n) {
  DequeObject* d = as_deque(self);
  int64_t size = d->size;
  if (size == 0 || n == 1) return Ref::borrow(self);
  if (n <= 0) {
    clear_items(d);
    return Ref::borrow(self);
  }
  if (size == 1) {
    if (d->maxlen >= 0 && n > d->maxlen) n = d->maxlen;
    d->state++;
    Value item = slot(d, 0);
    for (int64_t i = 1; i < n; i++) {
      incref(item);
      if (!push_right(d, item)) return nullptr;
    }
    return Ref::borrow(self);
  }
  if (size > kMaxCapacity / n) return raise_no_memory();
  Ref items = sequence_list(self);
  if (!items) return nullptr;
  if (d->maxlen >= 0 && n * size > d->maxlen) n = (d->maxlen + size - 1) / size;
  for (int64_t i = 1; i < n; i++)
    if (!extend_right(d, items.get())) return nullptr;
  return Ref::borrow(self);
}

// d * n and n * d.
Ref deque_repeat(Value a, Value b) {
  Value seq = a, count = b;
  if (!is_deque(a)) {
    if (!cont::has_index(a)) {
      // `[1] * d`: the left sequence's message ("... of type 'collections.deque'").
      if (cont::is_builtin_sequence(a)) return Ref::borrow(not_implemented());
      return cont::raise_cant_multiply(a);
    }
    seq = b;
    count = a;
  } else if (!cont::has_index(b)) {
    Type* tb = type_of(b);
    BinaryFn other = tb->number ? tb->number->binary[int(BinOp::Mul)] : nullptr;
    if (other && other != deque_repeat) {
      Ref r = other(a, b);
      if (!r || !is_not_implemented(r.get())) return r;
    }
    return cont::raise_cant_multiply(b);
  }
  int64_t n;
  if (!repeat_count(count, &n)) return nullptr;
  Ref result = deque_copy_value(seq);
  if (!result) return nullptr;
  return inplace_repeat(result.get(), n);
}

Ref deque_inplace_repeat(Value a, Value b) {
  if (!is_deque(a)) return Ref::borrow(not_implemented());
  if (!cont::has_index(b)) return cont::raise_cant_multiply(b);
  int64_t n;
  if (!repeat_count(b, &n)) return nullptr;
  return inplace_repeat(a, n);
}

// ---- methods ------------------------------------------------------------------------------------

Ref m_append(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.append", nargs, kwnames)) return nullptr;
  incref(args[0]);
  if (!push_right(as_deque(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_appendleft(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.appendleft", nargs, kwnames)) return nullptr;
  incref(args[0]);
  if (!push_left(as_deque(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_pop(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.pop", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  if (d->size == 0) return raise(&IndexErrorType, "pop from an empty deque");
  return Ref::steal(take_right(d));
}

Ref m_popleft(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.popleft", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  if (d->size == 0) return raise(&IndexErrorType, "pop from an empty deque");
  return Ref::steal(take_left(d));
}

Ref m_extend(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.extend", nargs, kwnames)) return nullptr;
  if (!extend_right(as_deque(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_extendleft(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.extendleft", nargs, kwnames)) return nullptr;
  if (!extend_left(as_deque(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_clear(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.clear", nargs, kwnames)) return nullptr;
  clear_items(as_deque(self));
  return Ref::none();
}

Ref m_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.copy", nargs, kwnames)) return nullptr;
  return deque_copy_value(self);
}

Ref m_dunder_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.__copy__", nargs, kwnames)) return nullptr;
  return deque_copy_value(self);
}

Ref m_count(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.count", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  uint64_t start_state = d->state;
  int64_t count = 0;
  for (int64_t i = 0, n = d->size; i < n; i++) {
    Ref x = Ref::borrow(slot(d, i));
    int cmp = rich_compare_bool(x.get(), args[0], CompareOp::Eq);
    if (cmp < 0) return nullptr;
    count += cmp;
    if (d->state != start_state) return mutated_error(&RuntimeErrorType);
  }
  return make_int(count);
}

Ref not_in_deque(Value v) {
  std::string msg;
  if (!cont::append_repr(msg, v)) return nullptr;
  msg += " is not in deque";
  return raise(&ValueErrorType, msg);
}

Ref m_index(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("deque.index", kwnames)) return nullptr;
  if (nargs < 1) return raisef(&TypeErrorType, "index() takes at least 1 argument (%zu given)", nargs);
  if (nargs > 3) return raisef(&TypeErrorType, "index() takes at most 3 arguments (%zu given)", nargs);
  DequeObject* d = as_deque(self);
  int64_t start = 0, stop = d->size;
  if (nargs > 1 && !cont::slice_index_arg(args[1], &start)) return nullptr;
  if (nargs > 2 && !cont::slice_index_arg(args[2], &stop)) return nullptr;
  int64_t n = d->size;
  if (start < 0) {
    start += n;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += n;
    if (stop < 0) stop = 0;
  }
  if (stop > n) stop = n;
  if (start > stop) start = stop;
  uint64_t start_state = d->state;
  for (int64_t i = start; i < stop; i++) {
    Ref x = Ref::borrow(slot(d, i));
    int cmp = rich_compare_bool(x.get(), args[0], CompareOp::Eq);
    if (cmp > 0) return make_int(i);
    if (cmp < 0) return nullptr;
    if (d->state != start_state) return mutated_error(&RuntimeErrorType);
  }
  return not_in_deque(args[0]);
}

Ref m_insert(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("deque.insert", kwnames)) return nullptr;
  if (nargs != 2) return raisef(&TypeErrorType, "insert() takes exactly 2 arguments (%zu given)", nargs);
  int64_t index;
  if (!ssize_arg(args[0], &index)) return nullptr;
  DequeObject* d = as_deque(self);
  int64_t n = d->size;
  if (d->maxlen == n) return raise(&IndexErrorType, "deque already at its maximum size");
  incref(args[1]);
  bool ok;
  if (index >= n) ok = push_right(d, args[1]);
  else if (index <= -n || index == 0) ok = push_left(d, args[1]);
  else ok = insert_at(d, index < 0 ? n + index : index, args[1]);
  if (!ok) return nullptr;
  return Ref::none();
}

// remove(value): 3.11's messages ("x is not in deque"; an IndexError when __eq__ mutated
// the deque).
Ref m_remove(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.remove", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  uint64_t start_state = d->state;
  for (int64_t i = 0, n = d->size; i < n; i++) {
    Ref x = Ref::borrow(slot(d, i));
    int cmp = rich_compare_bool(x.get(), args[0], CompareOp::Eq);
    if (cmp < 0) return nullptr;
    if (d->state != start_state) return mutated_error(&IndexErrorType);
    if (cmp > 0) {
      decref(take_at(d, i));
      return Ref::none();
    }
  }
  return not_in_deque(args[0]);
}

Ref m_reverse(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.reverse", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  for (int64_t i = 0, j = d->size - 1; i < j; i++, j--) std::swap(slot(d, i), slot(d, j));
  return Ref::none();
}

Ref m_rotate(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("deque.rotate", kwnames) || !cont::check_positional("deque.rotate", nargs, 0, 1))
    return nullptr;
  int64_t n = 1;
  if (nargs == 1 && !ssize_arg(args[0], &n)) return nullptr;
  rotate(as_deque(self), n);
  return Ref::none();
}

Ref m_reversed(Value self, const Value*, size_t nargs, Tuple* kwnames);

Ref m_sizeof(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.__sizeof__", nargs, kwnames)) return nullptr;
  DequeObject* d = as_deque(self);
  return make_int(int64_t(type_of(self)->basic_size) + d->capacity * int64_t(sizeof(Value)));
}

// deque[int]: gilpy has no types.GenericAlias yet; the class itself stands in for it.
Ref m_class_getitem(Value cls, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("deque.__class_getitem__", nargs, kwnames)) return nullptr;
  return Ref::borrow(cls);
}

Ref get_maxlen(Value self) {
  int64_t maxlen = as_deque(self)->maxlen;
  if (maxlen < 0) return Ref::none();
  return make_int(maxlen);
}

const MethodDef deque_methods[] = {
    {"append", m_append, 0, "Add an element to the right side of the deque."},
    {"appendleft", m_appendleft, 0, "Add an element to the left side of the deque."},
    {"clear", m_clear, 0, "Remove all elements from the deque."},
    {"__copy__", m_dunder_copy, 0, "Return a shallow copy of a deque."},
    {"copy", m_copy, 0, "Return a shallow copy of a deque."},
    {"count", m_count, 0, "D.count(value) -> integer -- return number of occurrences of value"},
    {"extend", m_extend, 0, "Extend the right side of the deque with elements from the iterable"},
    {"extendleft", m_extendleft, 0, "Extend the left side of the deque with elements from the iterable"},
    {"index", m_index, 0,
     "D.index(value, [start, [stop]]) -> integer -- return first index of value.\n"
     "Raises ValueError if the value is not present."},
    {"insert", m_insert, 0, "D.insert(index, object) -- insert object before index"},
    {"pop", m_pop, 0, "Remove and return the rightmost element."},
    {"popleft", m_popleft, 0, "Remove and return the leftmost element."},
    {"remove", m_remove, 0, "D.remove(value) -- remove first occurrence of value."},
    {"__reversed__", m_reversed, 0, "D.__reversed__() -- return a reverse iterator over the deque"},
    {"reverse", m_reverse, 0, "D.reverse() -- reverse *IN PLACE*"},
    {"rotate", m_rotate, 0,
     "Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."},
    {"__sizeof__", m_sizeof, 0, "D.__sizeof__() -- size of D in memory, in bytes"},
    {"__class_getitem__", m_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef deque_getsets[] = {
    {"maxlen", get_maxlen, nullptr, "maximum size of a deque or None if unbounded"},
    {nullptr, nullptr, nullptr, nullptr}};

// ---- iterators ----------------------------------------------------------------------------------

Ref iter_new(Type* type, DequeObject* d) {
  auto* it = alloc<DequeIterObject>(type);
  incref(d);
  it->deque = d;
  it->index = type == &DequeIterType ? 0 : d->size - 1;
  it->state = d->state;
  it->counter = d->size;
  return Ref::steal(it);
}

Ref deque_iter(Value self) { return iter_new(&DequeIterType, as_deque(self)); }

Ref m_reversed(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("deque.__reversed__", nargs, kwnames)) return nullptr;
  return iter_new(&DequeRevIterType, as_deque(self));
}

// The forward iterator checks the state first, the reverse one the count first (CPython's
// order: an exhausted reverse iterator stays quiet after a mutation).
Ref dequeiter_next(Value self) {
  auto* it = self.as<DequeIterObject>();
  DequeObject* d = it->deque;
  if (d->state != it->state) {
    it->counter = 0;
    return mutated_error(&RuntimeErrorType);
  }
  if (it->counter == 0) return nullptr;
  Value v = slot(d, it->index);
  it->index++;
  it->counter--;
  return Ref::borrow(v);
}

Ref dequereviter_next(Value self) {
  auto* it = self.as<DequeIterObject>();
  if (it->counter == 0) return nullptr;
  DequeObject* d = it->deque;
  if (d->state != it->state) {
    it->counter = 0;
    return mutated_error(&RuntimeErrorType);
  }
  Value v = slot(d, it->index);
  it->index--;
  it->counter--;
  return Ref::borrow(v);
}

// _deque_iterator(deque, index=0): an iterator that has already skipped `index` items.
Ref iter_type_new(Type* type, const Value* args, size_t nargs, Tuple*) {
  if (nargs < 1) return raisef(&TypeErrorType, "function takes at least 1 argument (%zu given)", nargs);
  if (nargs > 2) return raisef(&TypeErrorType, "function takes at most 2 arguments (%zu given)", nargs);
  if (!is_deque(args[0]))
    return raisef(&TypeErrorType, "argument 1 must be collections.deque, not %s", type_name(args[0]));
  int64_t skip = 0;
  if (nargs > 1 && !ssize_arg(args[1], &skip)) return nullptr;
  bool forward = type == &DequeIterType;
  Ref it = iter_new(forward ? &DequeIterType : &DequeRevIterType, as_deque(args[0]));
  for (int64_t i = 0; i < skip; i++) {
    Ref item = forward ? dequeiter_next(it.get()) : dequereviter_next(it.get());
    if (!item) {
      if (error_pending()) return nullptr;
      break;
    }
  }
  return it;
}

Ref iter_self(Value self) { return Ref::borrow(self); }

Ref iter_length_hint(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("__length_hint__", nargs, kwnames)) return nullptr;
  return make_int(self.as<DequeIterObject>()->counter);
}

// No clear slot, as in CPython: the deque's clear breaks any cycle through an iterator.
void iter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* it = static_cast<DequeIterObject*>(o);
  if (it->deque) visit(Value::from_obj(it->deque), ctx);
}

void iter_dealloc(Object* o) {
  gc_untrack(o);
  auto* it = static_cast<DequeIterObject*>(o);
  DequeObject* d = it->deque;
  it->deque = nullptr;
  xdecref(d);
  free_object(o);
}

const MethodDef iter_methods[] = {
    {"__length_hint__", iter_length_hint, 0, "Private method returning an estimate of len(list(it))."},
    {nullptr, nullptr, 0, nullptr}};

void init_iter_type(Type& t, const char* name, UnaryFn next) {
  static_type_init(t, name, sizeof(DequeIterObject), &ObjectType, kTypeGc);
  t.dealloc = iter_dealloc;
  t.traverse = iter_traverse;
  t.iter = iter_self;
  t.iternext = next;
  t.new_ = iter_type_new;
  t.methods = iter_methods;
  ready_type(&t);
}

NumberSlots deque_number;

void init_types() {
  if (DequeType.flags & kTypeReady) return;
  static_type_init(DequeType, "collections.deque", sizeof(DequeObject), &ObjectType,
                   kTypeBaseType | kTypeGc | kTypeMatchSequence);
  DequeType.dealloc = deque_dealloc;
  DequeType.traverse = deque_traverse;
  DequeType.clear = deque_clear_slot;
  DequeType.repr = deque_repr;
  DequeType.richcompare = deque_richcompare;  // no hash: deques are unhashable
  DequeType.iter = deque_iter;
  DequeType.len = deque_len;
  DequeType.getitem = deque_getitem;
  DequeType.setitem = deque_setitem;
  DequeType.contains = deque_contains;
  DequeType.new_ = deque_new_slot;
  DequeType.init = deque_init;
  deque_number.binary[int(BinOp::Add)] = deque_concat;
  deque_number.binary[int(BinOp::Mul)] = deque_repeat;
  deque_number.inplace[int(BinOp::Add)] = deque_inplace_concat;
  deque_number.inplace[int(BinOp::Mul)] = deque_inplace_repeat;
  DequeType.number = &deque_number;
  DequeType.methods = deque_methods;
  DequeType.getsets = deque_getsets;
  DequeType.doc =
      "deque([iterable[, maxlen]]) --> deque object\n\n"
      "A list-like sequence optimized for data accesses near its endpoints.";
  ready_type(&DequeType);
  // deque.__hash__ is None, as in CPython (subclasses inherit the unhashability).
  dict_set_str(DequeType.dict_unfilled, "__hash__", Value::none());
  type_modified(&DequeType);
  init_iter_type(DequeIterType, "_collections._deque_iterator", dequeiter_next);
  init_iter_type(DequeRevIterType, "_collections._deque_reverse_iterator", dequereviter_next);
}

}  // namespace

Ref create_collections_module() {
  init_types();
  Own<Module> m = module_new("_collections");
  module_add(m.get(), "deque", Value::from_obj(&DequeType));
  module_add(m.get(), "_deque_iterator", Value::from_obj(&DequeIterType));
  module_add(m.get(), "_deque_reverse_iterator", Value::from_obj(&DequeRevIterType));
  module_add(m.get(), "defaultdict", Value::from_obj(defaultdict_type()));
  return m.into_ref();
}

}  // namespace gilpy::stdlib
