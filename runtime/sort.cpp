// runtime/sort.cpp: list.sort(): a stable merge sort (binary insertion sort on short
// runs, then bottom-up merging through a scratch buffer).
//
// As CPython's listsort: key results are computed once per element; with reverse=True
// the list is reversed, sorted, and reversed again so equal elements keep their order;
// while sorting, the list is emptied (capacity -1 marks "being sorted") so that a key or
// __lt__ that mutates it is detected ("list modified during sort"). Before comparing,
// the keys are checked for a common type, as CPython does: small ints, exact strs and
// floats compare directly, another common type through its own richcompare slot, and
// tuples item by item with the first items' common type (unsafe_tuple_compare).
//
// Error safety: every step keeps the array a permutation of its items (a merge puts the
// unmerged part of the scratch buffer back), so on an error the list still holds all its
// items, in some order.
#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {
namespace {

// What all the keys are, found before sorting (CPython's listsort pre-check): then each
// comparison is the type's own, with no dispatch.
enum class KeyKind {
  Generic,   // mixed types: rich comparison
  SmallInt,  // tagged ints
  Str,       // exact strs
  Float,     // exact floats
  SameType,  // one other type with a richcompare slot: called directly, no reflection
  Tuple,     // exact non-empty tuples: items compared as CPython's unsafe_tuple_compare
};

struct KeyCompare {
  KeyKind kind = KeyKind::Generic;
  Type* type = nullptr;  // SameType: the keys' type

  // 1 if a < b, 0 if not, -1 on error.
  int less(Value a, Value b) const {
    switch (kind) {
      case KeyKind::SmallInt:
        return a.small_int() < b.small_int();
      case KeyKind::Str:
        return str_compare(a.as<Str>(), b.as<Str>()) < 0;
      case KeyKind::Float:
        return a.as<Float>()->v < b.as<Float>()->v;
      case KeyKind::SameType: {
        Ref r = type->richcompare(a, b, CompareOp::Lt);
        if (!r) return -1;
        if (r.get().is_bool()) return r.get().is_true();
        if (is_not_implemented(r.get())) break;  // the reflected operation decides
        return truthy(r.get());
      }
      case KeyKind::Tuple:
      case KeyKind::Generic:
        break;
    }
    return rich_compare_bool(a, b, CompareOp::Lt);
  }

  // a == b for keys of this kind (identity first, as rich_compare_bool).
  int equal(Value a, Value b) const {
    if (a == b) return 1;
    switch (kind) {
      case KeyKind::SmallInt: return 0;
      case KeyKind::Str: return str_equal(a.as<Str>(), b.as<Str>());
      case KeyKind::Float: return a.as<Float>()->v == b.as<Float>()->v;
      default: return rich_compare_bool(a, b, CompareOp::Eq);
    }
  }
};

struct Less {
  KeyCompare keys;   // how the keys compare (Tuple: as tuples)
  KeyCompare first;  // Tuple: how their first items compare

  int operator()(Value a, Value b) const {
    if (keys.kind != KeyKind::Tuple) return keys.less(a, b);
    // The first items that differ decide (CPython's unsafe_tuple_compare).
    Tuple* v = a.as<Tuple>();
    Tuple* w = b.as<Tuple>();
    int64_t n = std::min(v->size, w->size), i = 0;
    for (; i < n; i++) {
      int eq = i == 0 ? first.equal(v->items[0], w->items[0]) : rich_compare_bool(v->items[i], w->items[i], CompareOp::Eq);
      if (eq < 0) return -1;
      if (!eq) break;
    }
    if (i >= n) return v->size < w->size;
    if (i == 0) return first.less(v->items[0], w->items[0]);
    return rich_compare_bool(v->items[i], w->items[i], CompareOp::Lt);
  }
};

// Sorts keys[0..n) and moves vals (if non-null) along with them.
class Sorter {
 public:
  Sorter(Value* keys, Value* vals, int64_t n, Less less)
      : keys_(keys), vals_(vals), n_(n), less_(less) {}

  bool run() {
    constexpr int64_t kRun = 32;
    for (int64_t lo = 0; lo < n_; lo += kRun)
      if (!insertion_sort(lo, std::min(n_, lo + kRun))) return false;
    if (n_ <= kRun) return true;
    // A left run is at most `width` long, which can exceed n/2 on the last pass.
    tmp_keys_.resize(size_t(n_));
    if (vals_) tmp_vals_.resize(size_t(n_));
    for (int64_t width = kRun; width < n_; width *= 2) {
      for (int64_t lo = 0; lo + width < n_; lo += 2 * width) {
        int64_t mid = lo + width;
        int64_t hi = std::min(n_, lo + 2 * width);
        if (!merge(lo, mid, hi)) return false;
      }
    }
    return true;
  }

 private:
  bool insertion_sort(int64_t lo, int64_t hi) {
    for (int64_t i = lo + 1; i < hi; i++) {
      Value pivot = keys_[i];
      // Binary search for the insertion point (after equal elements: stable).
      int64_t l = lo, r = i;
      while (l < r) {
        int64_t m = l + (r - l) / 2;
        int k = less_(pivot, keys_[m]);
        if (k < 0) return false;
        if (k) r = m;
        else l = m + 1;
      }
      if (l == i) continue;
      std::memmove(static_cast<void*>(keys_ + l + 1), keys_ + l, size_t(i - l) * sizeof(Value));
      keys_[l] = pivot;
      if (vals_) {
        Value pv = vals_[i];
        std::memmove(static_cast<void*>(vals_ + l + 1), vals_ + l, size_t(i - l) * sizeof(Value));
        vals_[l] = pv;
      }
    }
    return true;
  }

  // Merges the sorted runs [lo, mid) and [mid, hi).
  bool merge(int64_t lo, int64_t mid, int64_t hi) {
    // Already in order? (common for partially sorted input)
    int k0 = less_(keys_[mid], keys_[mid - 1]);
    if (k0 < 0) return false;
    if (!k0) return true;
    int64_t nl = mid - lo;
    std::memcpy(static_cast<void*>(tmp_keys_.data()), keys_ + lo, size_t(nl) * sizeof(Value));
    if (vals_) std::memcpy(static_cast<void*>(tmp_vals_.data()), vals_ + lo, size_t(nl) * sizeof(Value));
    int64_t i = 0, j = mid, d = lo;
    bool ok = true;
    while (i < nl && j < hi) {
      int k = less_(keys_[j], tmp_keys_[size_t(i)]);
      if (k < 0) {
        ok = false;
        break;
      }
      if (k) {
        keys_[d] = keys_[j];
        if (vals_) vals_[d] = vals_[j];
        j++;
      } else {
        keys_[d] = tmp_keys_[size_t(i)];
        if (vals_) vals_[d] = tmp_vals_[size_t(i)];
        i++;
      }
      d++;
    }
    // Put back what remains of the left run (on success or error: d + (nl - i) == j).
    std::memcpy(static_cast<void*>(keys_ + d), tmp_keys_.data() + i, size_t(nl - i) * sizeof(Value));
    if (vals_) std::memcpy(static_cast<void*>(vals_ + d), tmp_vals_.data() + i, size_t(nl - i) * sizeof(Value));
    return ok;
  }

  Value* keys_;
  Value* vals_;
  int64_t n_;
  Less less_;
  std::vector<Value> tmp_keys_, tmp_vals_;
};

// The common kind of values[0..n) (of their first items when `first_items`).
KeyCompare common_kind(const Value* values, int64_t n, bool first_items) {
  KeyCompare c;
  if (n == 0) return c;
  auto item = [&](int64_t i) { return first_items ? values[i].as<Tuple>()->items[0] : values[i]; };
  Type* t = type_of(item(0));
  bool small = item(0).is_small_int();
  for (int64_t i = 1; i < n; i++) {
    Value v = item(i);
    if (type_of(v) != t) return c;
    small = small && v.is_small_int();
  }
  if (small) c.kind = KeyKind::SmallInt;
  else if (t == &StrType) c.kind = KeyKind::Str;
  else if (t == &FloatType) c.kind = KeyKind::Float;
  else if (t->richcompare) {
    c.kind = KeyKind::SameType;
    c.type = t;
  }
  return c;
}

Less classify(const Value* keys, int64_t n) {
  Less less;
  less.keys = common_kind(keys, n, false);
  if (less.keys.kind == KeyKind::SameType && less.keys.type == &TupleType) {
    bool nonempty = true;
    for (int64_t i = 0; i < n && nonempty; i++) nonempty = keys[i].as<Tuple>()->size > 0;
    if (nonempty) {
      less.keys.kind = KeyKind::Tuple;
      less.first = common_kind(keys, n, true);
    }
  }
  return less;
}

void reverse_values(Value* v, int64_t n) {
  for (int64_t i = 0, j = n - 1; i < j; i++, j--) std::swap(v[i], v[j]);
}

}  // namespace

bool list_sort(List* l, Value key, bool reverse) {
  if (key && key.is_none()) key = Value();
  // Take the items out of the list for the duration of the sort.
  Value* items = l->items;
  int64_t n = l->size;
  int64_t cap = l->capacity;
  l->items = nullptr;
  l->size = 0;
  l->capacity = -1;

  bool ok = true;
  std::vector<Value> keys;  // owned key results when key is given
  if (key) {
    keys.reserve(size_t(n));
    for (int64_t i = 0; i < n; i++) {
      Ref k = call1(key, items[i]);
      if (!k) {
        ok = false;
        break;
      }
      keys.push_back(k.release());
    }
  }
  if (ok && n > 1) {
    if (reverse) {
      reverse_values(items, n);
      if (key) reverse_values(keys.data(), n);
    }
    Value* sort_keys = key ? keys.data() : items;
    Sorter sorter(sort_keys, key ? items : nullptr, n, classify(sort_keys, n));
    ok = sorter.run();
    if (reverse) {
      reverse_values(items, n);
      if (key) reverse_values(keys.data(), n);
    }
  }
  for (Value k : keys) decref(k);

  // Detect mutation during the sort, then put the items back.
  bool modified = l->capacity != -1 || l->items != nullptr;
  Value* final_items = l->items;
  int64_t final_size = l->size;
  int64_t final_cap = l->capacity;
  l->items = items;
  l->size = n;
  l->capacity = cap;
  if (modified) {
    if (final_items) {
      for (int64_t i = final_size - 1; i >= 0; i--) decref(final_items[i]);
      mem_free(final_items, size_t(final_cap > 0 ? final_cap : 0) * sizeof(Value));
    }
    if (ok) {
      raise(&ValueErrorType, "list modified during sort");
      ok = false;
    }
  }
  return ok;
}

}  // namespace gilpy::rt
