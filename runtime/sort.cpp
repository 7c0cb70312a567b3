// runtime/sort.cpp: list.sort(): a stable merge sort (binary insertion sort on short
// runs, then bottom-up merging through a scratch buffer).
//
// As CPython's listsort: key results are computed once per element; with reverse=True
// the list is reversed, sorted, and reversed again so equal elements keep their order;
// while sorting, the list is emptied (capacity -1 marks "being sorted") so that a key or
// __lt__ that mutates it is detected ("list modified during sort"). Before comparing,
// the keys are checked for a common type: all small ints, or all exact strs, get a
// direct comparison with no dispatch.
//
// Error safety: every step keeps the array a permutation of its items (a merge puts the
// unmerged part of the scratch buffer back), so on an error the list still holds all its
// items, in some order.
#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/list.h"
#include "runtime/str.h"

namespace gilpy::rt {
namespace {

enum class KeyKind { Generic, SmallInt, Str };

struct Less {
  KeyKind kind;
  // 1 if a < b, 0 if not, -1 on error.
  int operator()(Value a, Value b) const {
    switch (kind) {
      case KeyKind::SmallInt:
        return a.small_int() < b.small_int();
      case KeyKind::Str:
        return str_compare(a.as<Str>(), b.as<Str>()) < 0;
      case KeyKind::Generic:
        break;
    }
    return rich_compare_bool(a, b, CompareOp::Lt);
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

KeyKind classify(const Value* keys, int64_t n) {
  if (n == 0) return KeyKind::Generic;
  bool all_int = true, all_str = true;
  for (int64_t i = 0; i < n && (all_int || all_str); i++) {
    if (!keys[i].is_small_int()) all_int = false;
    if (!is_exact_str(keys[i])) all_str = false;
  }
  return all_int ? KeyKind::SmallInt : all_str ? KeyKind::Str : KeyKind::Generic;
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
    Sorter sorter(sort_keys, key ? items : nullptr, n, Less{classify(sort_keys, n)});
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
