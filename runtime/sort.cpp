// runtime/sort.cpp: list.sort(): CPython 3.11's timsort (natural runs, binary insertion,
// the powersort merge policy, galloping), with its pre-sort check of the keys' types.
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

// How the keys compare, chosen once before sorting (CPython's listsort pre-check of the
// keys' types). TimSort is instantiated for each, so the comparison of small ints, strs
// and floats is inlined into the merge and gallop loops, with no dispatch per call (CPython
// calls a function pointer). Each has less(a, b) -> 1 if a < b, 0 if not, -1 on error, and
// equal(a, b) (identity first, as rich_compare_bool), which tuple keys use for their first
// items.
struct SmallIntKeys {  // tagged ints
  int less(Value a, Value b) const { return a.small_int() < b.small_int(); }
  int equal(Value a, Value b) const { return a == b; }
};

struct StrKeys {  // exact strs
  int less(Value a, Value b) const { return str_compare(a.as<Str>(), b.as<Str>()) < 0; }
  int equal(Value a, Value b) const { return a == b || str_equal(a.as<Str>(), b.as<Str>()); }
  // <0, 0 or >0 in one pass over the text: equal, then less, as tuple keys ask.
  int order(Value a, Value b) const { return a == b ? 0 : str_compare(a.as<Str>(), b.as<Str>()); }
};

struct FloatKeys {  // exact floats
  int less(Value a, Value b) const { return a.as<Float>()->v < b.as<Float>()->v; }
  int equal(Value a, Value b) const { return a == b || a.as<Float>()->v == b.as<Float>()->v; }
};

struct GenericKeys {  // mixed types: rich comparison
  int less(Value a, Value b) const { return rich_compare_bool(a, b, CompareOp::Lt); }
  int equal(Value a, Value b) const { return rich_compare_bool(a, b, CompareOp::Eq); }
};

struct SameTypeKeys {  // one other type with a richcompare slot: called directly, no reflection
  Type* type;
  int less(Value a, Value b) const {
    Ref r = type->richcompare(a, b, CompareOp::Lt);
    if (!r) return -1;
    if (r.get().is_bool()) return r.get().is_true();
    if (is_not_implemented(r.get())) return GenericKeys().less(a, b);  // the reflected operation decides
    return truthy(r.get());
  }
  int equal(Value a, Value b) const { return GenericKeys().equal(a, b); }
};

// A tuple's items after the first: small ints, exact floats and exact strs of the same
// type compare inline (their comparisons run no Python code, so the result and the calls
// made are those of rich comparison), anything else by rich comparison.
struct LaterItemKeys {
  static bool same_plain_type(Value a, Value b) {
    if (a.is_small_int() || b.is_small_int()) return a.is_small_int() && b.is_small_int();
    Type* t = type_of(a);
    return t == type_of(b) && (t == &FloatType || t == &StrType);
  }
  int less(Value a, Value b) const {
    if (!same_plain_type(a, b)) return GenericKeys().less(a, b);
    if (a.is_small_int()) return SmallIntKeys().less(a, b);
    return type_of(a) == &FloatType ? FloatKeys().less(a, b) : StrKeys().less(a, b);
  }
  int equal(Value a, Value b) const {
    if (!same_plain_type(a, b)) return GenericKeys().equal(a, b);
    if (a.is_small_int()) return SmallIntKeys().equal(a, b);
    return type_of(a) == &FloatType ? FloatKeys().equal(a, b) : StrKeys().equal(a, b);
  }
};

// Exact non-empty tuples whose first items compare as First: the first items that differ
// decide (CPython's unsafe_tuple_compare).
template <class First>
struct TupleKeys {
  First first;
  int less(Value a, Value b) const {
    Tuple* v = a.as<Tuple>();
    Tuple* w = b.as<Tuple>();
    int64_t n = std::min(v->size, w->size), i = 0;
    if constexpr (requires { first.order(a, b); }) {
      // The first items: one three-way comparison says both "equal?" and "less?".
      if (int c = first.order(v->items[0], w->items[0]); c != 0) return c < 0;
      i = 1;
    }
    for (; i < n; i++) {
      int eq = i == 0 ? first.equal(v->items[0], w->items[0]) : LaterItemKeys().equal(v->items[i], w->items[i]);
      if (eq < 0) return -1;
      if (!eq) break;
    }
    if (i >= n) return v->size < w->size;
    if (i == 0) return first.less(v->items[0], w->items[0]);
    return LaterItemKeys().less(v->items[i], w->items[i]);
  }
};

// Keys and the values that move with them (vals null: the keys are the values).
struct SortSlice {
  Value* keys;
  Value* vals;

  SortSlice advanced(int64_t n) const { return {keys + n, vals ? vals + n : nullptr}; }
  void copy_to(SortSlice dst, int64_t n) const {  // non-overlapping
    std::memcpy(static_cast<void*>(dst.keys), keys, size_t(n) * sizeof(Value));
    if (vals) std::memcpy(static_cast<void*>(dst.vals), vals, size_t(n) * sizeof(Value));
  }
  void move_to(SortSlice dst, int64_t n) const {  // may overlap
    std::memmove(static_cast<void*>(dst.keys), keys, size_t(n) * sizeof(Value));
    if (vals) std::memmove(static_cast<void*>(dst.vals), vals, size_t(n) * sizeof(Value));
  }
  void put(int64_t i, SortSlice src, int64_t j) const {
    keys[i] = src.keys[j];
    if (vals) vals[i] = src.vals[j];
  }
  void reverse(int64_t n) const {
    std::reverse(keys, keys + n);
    if (vals) std::reverse(vals, vals + n);
  }
};

// dest[0] = src[0], then both move one place (step 1 forwards, -1 backwards).
inline void take_one(SortSlice& dest, SortSlice& src, int64_t step) {
  dest.put(0, src, 0);
  dest = dest.advanced(step);
  src = src.advanced(step);
}

// CPython 3.11's listsort (Objects/listobject.c, listsort.txt): natural runs (strictly
// descending ones reversed) extended to minrun by binary insertion, merged by the
// powersort policy, with galloping. It makes the same comparisons in the same order as
// CPython, so a key whose __lt__ is inconsistent (NaNs among numbers, a random __lt__)
// gives the same order and the same number of __lt__ calls. Every step leaves the array
// a permutation of its items, also when a comparison fails. gallop_left/gallop_right and
// merge_lo/merge_hi are mirror images, kept apart as in CPython: one routine with a
// direction flag is much harder to follow with only "<" comparisons.
template <class Keys>
class TimSort {
 public:
  TimSort(SortSlice whole, int64_t n, Keys keys) : whole_(whole), n_(n), keys_(keys) {}

  bool run() {
    if (n_ < 2) return true;
    int64_t minrun = compute_minrun(n_);
    SortSlice lo = whole_;
    int64_t remaining = n_;
    do {
      bool descending;
      int64_t n = count_run(lo, remaining, &descending);
      if (n < 0) return false;
      if (descending) lo.reverse(n);
      if (n < minrun) {  // short: extend to min(minrun, remaining)
        int64_t force = remaining <= minrun ? remaining : minrun;
        if (!binary_sort(lo, force, n)) return false;
        n = force;
      }
      if (!found_new_run(n)) return false;
      pending_.push_back({lo, n, 0});
      lo = lo.advanced(n);
      remaining -= n;
    } while (remaining);
    return force_collapse();
  }

 private:
  static constexpr int64_t kMinGallop = 7;

  int less(Value a, Value b) const { return keys_.less(a, b); }

  struct Run {
    SortSlice base;
    int64_t len;
    int power;  // depth in the powersort merge tree
  };

  static int64_t compute_minrun(int64_t n) {
    int64_t r = 0;  // 1 if any 1 bits are shifted off
    while (n >= 64) {
      r |= n & 1;
      n >>= 1;
    }
    return n + r;
  }

  // The powersort "power" of the run at s1 (length n1) followed by one of length n2.
  static int power_of(int64_t s1, int64_t n1, int64_t n2, int64_t n) {
    int result = 0;
    int64_t a = 2 * s1 + n1;  // twice the midpoints, to stay in integers
    int64_t b = a + n1 + n2;
    for (;;) {
      ++result;
      if (a >= n) {
        a -= n;
        b -= n;
      } else if (b >= n) {
        break;
      }
      a <<= 1;
      b <<= 1;
    }
    return result;
  }

  // The length of the run at lo (at most `remaining`), and whether it strictly descends;
  // -1 on error.
  int64_t count_run(SortSlice lo, int64_t remaining, bool* descending) {
    *descending = false;
    if (remaining == 1) return 1;
    int64_t n = 2;
    int k = less(lo.keys[1], lo.keys[0]);
    if (k < 0) return -1;
    if (k) {
      *descending = true;
      for (; n < remaining; ++n) {
        k = less(lo.keys[n], lo.keys[n - 1]);
        if (k < 0) return -1;
        if (!k) break;
      }
    } else {
      for (; n < remaining; ++n) {
        k = less(lo.keys[n], lo.keys[n - 1]);
        if (k < 0) return -1;
        if (k) break;
      }
    }
    return n;
  }

  // Sorts lo[0, n) by binary insertion; lo[0, sorted) is already in order.
  bool binary_sort(SortSlice lo, int64_t n, int64_t sorted) {
    if (sorted == 0) ++sorted;
    for (; sorted < n; ++sorted) {
      Value pivot = lo.keys[sorted];
      int64_t l = 0, r = sorted;
      do {  // all of [0, l) <= pivot, all of [r, sorted) > pivot
        int64_t m = l + ((r - l) >> 1);
        int k = less(pivot, lo.keys[m]);
        if (k < 0) return false;
        if (k) r = m;
        else l = m + 1;
      } while (l < r);
      std::memmove(static_cast<void*>(lo.keys + l + 1), lo.keys + l, size_t(sorted - l) * sizeof(Value));
      lo.keys[l] = pivot;
      if (lo.vals) {
        Value v = lo.vals[sorted];
        std::memmove(static_cast<void*>(lo.vals + l + 1), lo.vals + l, size_t(sorted - l) * sizeof(Value));
        lo.vals[l] = v;
      }
    }
    return true;
  }

  // Where key goes in the sorted a[0, n), left of any equal items: the k with
  // a[k-1] < key <= a[k], searched from `hint` outwards. -1 on error.
  int64_t gallop_left(Value key, const Value* a, int64_t n, int64_t hint) {
    int64_t lastofs = 0, ofs = 1;
    int k = less(a[hint], key);
    if (k < 0) return -1;
    if (k) {  // a[hint] < key: gallop right until a[hint + lastofs] < key <= a[hint + ofs]
      const int64_t maxofs = n - hint;
      while (ofs < maxofs) {
        k = less(a[hint + ofs], key);
        if (k < 0) return -1;
        if (!k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    } else {  // key <= a[hint]: gallop left until a[hint - ofs] < key <= a[hint - lastofs]
      const int64_t maxofs = hint + 1;
      while (ofs < maxofs) {
        k = less(a[hint - ofs], key);
        if (k < 0) return -1;
        if (k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      int64_t t = lastofs;
      lastofs = hint - ofs;
      ofs = hint - t;
    }
    // a[lastofs] < key <= a[ofs]: binary search in between.
    ++lastofs;
    while (lastofs < ofs) {
      int64_t m = lastofs + ((ofs - lastofs) >> 1);
      k = less(a[m], key);
      if (k < 0) return -1;
      if (k) lastofs = m + 1;
      else ofs = m;
    }
    return ofs;
  }

  // As gallop_left, but right of any equal items: a[k-1] <= key < a[k].
  int64_t gallop_right(Value key, const Value* a, int64_t n, int64_t hint) {
    int64_t lastofs = 0, ofs = 1;
    int k = less(key, a[hint]);
    if (k < 0) return -1;
    if (k) {  // key < a[hint]: gallop left until a[hint - ofs] <= key < a[hint - lastofs]
      const int64_t maxofs = hint + 1;
      while (ofs < maxofs) {
        k = less(key, a[hint - ofs]);
        if (k < 0) return -1;
        if (!k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      int64_t t = lastofs;
      lastofs = hint - ofs;
      ofs = hint - t;
    } else {  // a[hint] <= key: gallop right until a[hint + lastofs] <= key < a[hint + ofs]
      const int64_t maxofs = n - hint;
      while (ofs < maxofs) {
        k = less(key, a[hint + ofs]);
        if (k < 0) return -1;
        if (k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    }
    ++lastofs;
    while (lastofs < ofs) {
      int64_t m = lastofs + ((ofs - lastofs) >> 1);
      k = less(key, a[m]);
      if (k < 0) return -1;
      if (k) ofs = m;
      else lastofs = m + 1;
    }
    return ofs;
  }

  SortSlice temp(int64_t need) {
    if (int64_t(tmp_keys_.size()) < need) {
      tmp_keys_.resize(size_t(need));
      if (whole_.vals) tmp_vals_.resize(size_t(need));
    }
    return {tmp_keys_.data(), whole_.vals ? tmp_vals_.data() : nullptr};
  }

  // Merges a[0, na) and b[0, nb) (b follows a; na <= nb; a's last item belongs at the
  // end) through a copy of a. False on a comparison error (the slice is then still a
  // permutation of its items).
  bool merge_lo(SortSlice a, int64_t na, SortSlice b, int64_t nb) {
    SortSlice dest = a;
    SortSlice ta = temp(na);
    a.copy_to(ta, na);
    a = ta;
    bool ok = false;
    take_one(dest, b, 1);
    --nb;
    if (nb == 0) goto succeed;
    if (na == 1) goto copy_b;
    for (int64_t min_gallop = min_gallop_;;) {
      int64_t acount = 0, bcount = 0;  // times each run won in a row
      for (;;) {  // one at a time until a run wins consistently
        int k = less(b.keys[0], a.keys[0]);
        if (k < 0) goto fail;
        if (k) {
          take_one(dest, b, 1);
          ++bcount;
          acount = 0;
          if (--nb == 0) goto succeed;
          if (bcount >= min_gallop) break;
        } else {
          take_one(dest, a, 1);
          ++acount;
          bcount = 0;
          if (--na == 1) goto copy_b;
          if (acount >= min_gallop) break;
        }
      }
      ++min_gallop;  // galloping until neither run wins consistently
      do {
        min_gallop -= min_gallop > 1;
        min_gallop_ = min_gallop;
        int64_t k = gallop_right(b.keys[0], a.keys, na, 0);
        if (k < 0) goto fail;
        acount = k;
        if (k) {
          a.copy_to(dest, k);
          dest = dest.advanced(k);
          a = a.advanced(k);
          na -= k;
          if (na == 1) goto copy_b;
          if (na == 0) goto succeed;  // only with an inconsistent comparison
        }
        take_one(dest, b, 1);
        if (--nb == 0) goto succeed;
        k = gallop_left(a.keys[0], b.keys, nb, 0);
        if (k < 0) goto fail;
        bcount = k;
        if (k) {
          b.move_to(dest, k);
          dest = dest.advanced(k);
          b = b.advanced(k);
          nb -= k;
          if (nb == 0) goto succeed;
        }
        take_one(dest, a, 1);
        if (--na == 1) goto copy_b;
      } while (acount >= kMinGallop || bcount >= kMinGallop);
      ++min_gallop;  // a penalty for leaving galloping mode
      min_gallop_ = min_gallop;
    }
  succeed:
    ok = true;
  fail:
    if (na) a.copy_to(dest, na);
    return ok;
  copy_b:
    // a's last item belongs at the end of the merge.
    b.move_to(dest, nb);
    dest.put(nb, a, 0);
    return true;
  }

  // Merges a[0, na) and b[0, nb) from the right through a copy of b (na >= nb; b's
  // first item belongs at the front).
  bool merge_hi(SortSlice a, int64_t na, SortSlice b, int64_t nb) {
    SortSlice tb = temp(nb);
    b.copy_to(tb, nb);
    SortSlice dest = b.advanced(nb - 1);
    SortSlice base_a = a, base_b = tb;
    b = tb.advanced(nb - 1);
    a = a.advanced(na - 1);
    bool ok = false;
    take_one(dest, a, -1);
    --na;
    if (na == 0) goto succeed;
    if (nb == 1) goto copy_a;
    for (int64_t min_gallop = min_gallop_;;) {
      int64_t acount = 0, bcount = 0;
      for (;;) {
        int k = less(b.keys[0], a.keys[0]);
        if (k < 0) goto fail;
        if (k) {
          take_one(dest, a, -1);
          ++acount;
          bcount = 0;
          if (--na == 0) goto succeed;
          if (acount >= min_gallop) break;
        } else {
          take_one(dest, b, -1);
          ++bcount;
          acount = 0;
          if (--nb == 1) goto copy_a;
          if (bcount >= min_gallop) break;
        }
      }
      ++min_gallop;
      do {
        min_gallop -= min_gallop > 1;
        min_gallop_ = min_gallop;
        int64_t k = gallop_right(b.keys[0], base_a.keys, na, na - 1);
        if (k < 0) goto fail;
        k = na - k;
        acount = k;
        if (k) {
          dest = dest.advanced(-k);
          a = a.advanced(-k);
          a.advanced(1).move_to(dest.advanced(1), k);
          na -= k;
          if (na == 0) goto succeed;
        }
        take_one(dest, b, -1);
        if (--nb == 1) goto copy_a;
        k = gallop_left(a.keys[0], base_b.keys, nb, nb - 1);
        if (k < 0) goto fail;
        k = nb - k;
        bcount = k;
        if (k) {
          dest = dest.advanced(-k);
          b = b.advanced(-k);
          b.advanced(1).copy_to(dest.advanced(1), k);
          nb -= k;
          if (nb == 1) goto copy_a;
          if (nb == 0) goto succeed;  // only with an inconsistent comparison
        }
        take_one(dest, a, -1);
        if (--na == 0) goto succeed;
      } while (acount >= kMinGallop || bcount >= kMinGallop);
      ++min_gallop;
      min_gallop_ = min_gallop;
    }
  succeed:
    ok = true;
  fail:
    if (nb) base_b.copy_to(dest.advanced(-(nb - 1)), nb);
    return ok;
  copy_a:
    // b's first item belongs at the front of the merge.
    a.advanced(1 - na).move_to(dest.advanced(1 - na), na);
    dest = dest.advanced(-na);
    a = a.advanced(-na);
    dest.put(0, b, 0);
    return true;
  }

  // Merges the pending runs i and i + 1.
  bool merge_at(size_t i) {
    SortSlice a = pending_[i].base, b = pending_[i + 1].base;
    int64_t na = pending_[i].len, nb = pending_[i + 1].len;
    pending_[i].len = na + nb;
    pending_.erase(pending_.begin() + std::ptrdiff_t(i) + 1);
    // Items of a before b's first are in place already; so are b's after a's last.
    int64_t k = gallop_right(b.keys[0], a.keys, na, 0);
    if (k < 0) return false;
    a = a.advanced(k);
    na -= k;
    if (na == 0) return true;
    nb = gallop_left(a.keys[na - 1], b.keys, nb, nb - 1);
    if (nb <= 0) return nb == 0;
    return na <= nb ? merge_lo(a, na, b, nb) : merge_hi(a, na, b, nb);
  }

  // A new run of n2 items follows the last pending one: merge the pending runs whose
  // power exceeds the new boundary's (powersort).
  bool found_new_run(int64_t n2) {
    if (pending_.empty()) return true;
    Run& last = pending_.back();
    int power = power_of(last.base.keys - whole_.keys, last.len, n2, n_);
    while (pending_.size() > 1 && pending_[pending_.size() - 2].power > power)
      if (!merge_at(pending_.size() - 2)) return false;
    pending_.back().power = power;
    return true;
  }

  bool force_collapse() {
    while (pending_.size() > 1) {
      size_t n = pending_.size() - 2;
      if (n > 0 && pending_[n - 1].len < pending_[n + 1].len) --n;
      if (!merge_at(n)) return false;
    }
    return true;
  }

  SortSlice whole_;
  int64_t n_;
  Keys keys_;
  int64_t min_gallop_ = kMinGallop;
  std::vector<Run> pending_;
  std::vector<Value> tmp_keys_, tmp_vals_;
};

// What all of values[0..n) are (their first items when `first_items`).
enum class KeyKind { Generic, SmallInt, Str, Float, SameType };

KeyKind common_kind(const Value* values, int64_t n, bool first_items, Type** same_type) {
  auto item = [&](int64_t i) { return first_items ? values[i].as<Tuple>()->items[0] : values[i]; };
  Type* t = type_of(item(0));
  bool small = item(0).is_small_int();
  for (int64_t i = 1; i < n; i++) {
    Value v = item(i);
    if (type_of(v) != t) return KeyKind::Generic;
    small = small && v.is_small_int();
  }
  *same_type = t;
  if (small) return KeyKind::SmallInt;
  if (t == &StrType) return KeyKind::Str;
  if (t == &FloatType) return KeyKind::Float;
  return t->richcompare ? KeyKind::SameType : KeyKind::Generic;
}

template <class Keys>
bool timsort(SortSlice whole, int64_t n, Keys keys) {
  return TimSort<Keys>(whole, n, keys).run();
}

// Sorts tuple keys whose first items are all of kind `first` (`type`).
bool sort_tuples(KeyKind first, Type* type, SortSlice whole, int64_t n) {
  switch (first) {
    case KeyKind::SmallInt: return timsort(whole, n, TupleKeys<SmallIntKeys>{});
    case KeyKind::Str: return timsort(whole, n, TupleKeys<StrKeys>{});
    case KeyKind::Float: return timsort(whole, n, TupleKeys<FloatKeys>{});
    case KeyKind::SameType: return timsort(whole, n, TupleKeys<SameTypeKeys>{{type}});
    case KeyKind::Generic: break;
  }
  return timsort(whole, n, TupleKeys<GenericKeys>{});
}

// Sorts whole[0, n) (n >= 2) with the comparison its keys' types allow.
bool sort_slice(SortSlice whole, int64_t n) {
  Type* type = nullptr;
  KeyKind kind = common_kind(whole.keys, n, false, &type);
  if (kind == KeyKind::SameType && type == &TupleType) {
    bool nonempty = true;
    for (int64_t i = 0; i < n && nonempty; i++) nonempty = whole.keys[i].as<Tuple>()->size > 0;
    if (nonempty) {
      Type* first_type = nullptr;
      KeyKind first = common_kind(whole.keys, n, true, &first_type);
      return sort_tuples(first, first_type, whole, n);
    }
  }
  switch (kind) {
    case KeyKind::SmallInt: return timsort(whole, n, SmallIntKeys{});
    case KeyKind::Str: return timsort(whole, n, StrKeys{});
    case KeyKind::Float: return timsort(whole, n, FloatKeys{});
    case KeyKind::SameType: return timsort(whole, n, SameTypeKeys{type});
    case KeyKind::Generic: break;
  }
  return timsort(whole, n, GenericKeys{});
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
    ok = sort_slice(SortSlice{sort_keys, key ? items : nullptr}, n);
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
