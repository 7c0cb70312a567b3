// tests/runtime/test_containers.cpp: tuple, list, dict, set/frozenset, range and slice:
// core operations, CPython's error messages, hashes and set iteration order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/gc.h"
#include "runtime/range.h"
#include "runtime/runtime.h"

namespace gilpy::rt {
namespace {

Value I(int64_t i) { return Value::small_int(i); }

Ref S(const char* s) { return str_from_utf8(s).into_ref(); }

std::string R(Value v) { return repr_utf8(v); }

// The pending error as "Type: message"; clears it.
std::string Err() {
  Ref e = fetch_error();
  if (!e) return "<no error>";
  Ref s = str(e.get());
  std::string msg = s ? str_to_utf8(s.as<Str>()) : "?";
  return std::string(type_name(e.get())) + ": " + msg;
}

// obj.name(*args)
Ref M(Value obj, const char* name, std::vector<Value> args = {}) {
  Ref f = getattr(obj, name);
  if (!f) return nullptr;
  return call(f.get(), args.data(), args.size());
}

Ref L(std::vector<Value> items) {
  Own<List> l = list_new(0);
  for (Value v : items) list_append(l.get(), v);
  return l.into_ref();
}

Ref T(std::vector<Value> items) { return tuple_from_array(items.data(), int64_t(items.size())).into_ref(); }

Ref SetOf(std::vector<Value> items, Type* type = &SetType) {
  Own<Set> s = set_new(type);
  for (Value v : items) set_add(s.get(), v);
  return s.into_ref();
}

Ref Call(Type* t, std::vector<Value> args) {
  return call(Value::from_obj(t), args.data(), args.size());
}

// ---------------------------------------------------------------------------------
// tuple

TEST(Tuple, EmptyIsShared) {
  Own<Tuple> a = tuple_new(0);
  EXPECT_EQ(a.get(), tuple_empty());
  Ref b = Call(&TupleType, {});
  EXPECT_EQ(b.get(), Value::from_obj(tuple_empty()));
}

TEST(Tuple, Repr) {
  EXPECT_EQ(R(T({}).get()), "()");
  EXPECT_EQ(R(T({I(1)}).get()), "(1,)");
  EXPECT_EQ(R(T({I(1), I(2)}).get()), "(1, 2)");
}

TEST(Tuple, HashMatchesCPython) {
  EXPECT_EQ(hash(T({}).get()), 5740354900026072187LL);
  EXPECT_EQ(hash(T({I(1), I(2)}).get()), -3550055125485641917LL);
  EXPECT_EQ(hash(T({I(-1)}).get()), hash(T({I(-2)}).get()));
}

TEST(Tuple, IndexAndSlice) {
  Ref t = T({I(1), I(2), I(3)});
  Ref x = get_item(t.get(), I(-1));
  EXPECT_EQ(x.get(), I(3));
  EXPECT_FALSE(get_item(t.get(), I(3)));
  EXPECT_EQ(Err(), "IndexError: tuple index out of range");
  Ref sl = slice_new(Value::none(), Value::none(), I(-1));
  EXPECT_EQ(R(get_item(t.get(), sl.get()).get()), "(3, 2, 1)");
  Ref key = S("a");
  EXPECT_FALSE(get_item(t.get(), key.get()));
  EXPECT_EQ(Err(), "TypeError: tuple indices must be integers or slices, not str");
}

TEST(Tuple, CompareConcatRepeat) {
  Ref a = T({I(1), I(2)}), b = T({I(1), I(3)});
  EXPECT_EQ(rich_compare_bool(a.get(), b.get(), CompareOp::Lt), 1);
  EXPECT_EQ(rich_compare_bool(a.get(), a.get(), CompareOp::Eq), 1);
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::Add).get()), "(1, 2, 1, 3)");
  EXPECT_EQ(R(binary_op(I(2), a.get(), BinOp::Mul).get()), "(1, 2, 1, 2)");
  Ref l = L({});
  EXPECT_FALSE(binary_op(a.get(), l.get(), BinOp::Add));
  EXPECT_EQ(Err(), "TypeError: can only concatenate tuple (not \"list\") to tuple");
}

TEST(Tuple, Methods) {
  Ref t = T({I(1), I(2), I(1)});
  EXPECT_EQ(M(t.get(), "count", {I(1)}).get(), I(2));
  EXPECT_EQ(M(t.get(), "index", {I(2)}).get(), I(1));
  EXPECT_FALSE(M(t.get(), "index", {I(5)}));
  EXPECT_EQ(Err(), "ValueError: tuple.index(x): x not in tuple");
  EXPECT_EQ(contains(t.get(), I(2)), 1);
}

// ---------------------------------------------------------------------------------
// list

TEST(List, AppendGrowAndRepr) {
  Own<List> l = list_new(0);
  for (int i = 0; i < 1000; i++) ASSERT_TRUE(list_append(l.get(), I(i)));
  EXPECT_EQ(l->size, 1000);
  EXPECT_GE(l->capacity, 1000);
  EXPECT_EQ(R(L({I(1), I(2)}).get()), "[1, 2]");
  EXPECT_EQ(R(L({}).get()), "[]");
}

TEST(List, RecursiveRepr) {
  Ref l = L({I(1)});
  list_append(l.as<List>(), l.get());
  EXPECT_EQ(R(l.get()), "[1, [...]]");
  M(l.get(), "clear");  // break the cycle
}

TEST(List, IndexErrors) {
  Ref l = L({I(1)});
  EXPECT_FALSE(get_item(l.get(), I(5)));
  EXPECT_EQ(Err(), "IndexError: list index out of range");
  EXPECT_EQ(set_item(l.get(), I(5), I(0)), -1);
  EXPECT_EQ(Err(), "IndexError: list assignment index out of range");
  Ref k = S("x");
  EXPECT_FALSE(get_item(l.get(), k.get()));
  EXPECT_EQ(Err(), "TypeError: list indices must be integers or slices, not str");
}

TEST(List, SliceAssignment) {
  Ref l = L({I(0), I(1), I(2), I(3), I(4)});
  Ref sl = slice_new(I(1), I(3), Value::none());
  Ref repl = T({I(9), I(9), I(9)});
  ASSERT_EQ(set_item(l.get(), sl.get(), repl.get()), 0);
  EXPECT_EQ(R(l.get()), "[0, 9, 9, 9, 3, 4]");
  // a[:] = a
  Ref all = slice_new(Value::none(), Value::none(), Value::none());
  ASSERT_EQ(set_item(l.get(), all.get(), l.get()), 0);
  EXPECT_EQ(R(l.get()), "[0, 9, 9, 9, 3, 4]");
  // extended slice size mismatch
  Ref ext = slice_new(Value::none(), Value::none(), I(2));
  Ref two = T({I(1), I(2)});
  EXPECT_EQ(set_item(l.get(), ext.get(), two.get()), -1);
  EXPECT_EQ(Err(), "ValueError: attempt to assign sequence of size 2 to extended slice of size 3");
  // del l[::2]
  ASSERT_EQ(set_item(l.get(), ext.get(), Value()), 0);
  EXPECT_EQ(R(l.get()), "[9, 9, 4]");
  // reverse via slice assignment of itself
  Ref rev = slice_new(Value::none(), Value::none(), I(-1));
  Ref l2 = L({I(1), I(2), I(3)});
  ASSERT_EQ(set_item(l2.get(), rev.get(), l2.get()), 0);
  EXPECT_EQ(R(l2.get()), "[3, 2, 1]");
}

TEST(List, Methods) {
  Ref l = L({I(3), I(1), I(2)});
  M(l.get(), "insert", {I(0), I(7)});
  EXPECT_EQ(R(l.get()), "[7, 3, 1, 2]");
  EXPECT_EQ(M(l.get(), "pop").get(), I(2));
  EXPECT_EQ(M(l.get(), "pop", {I(0)}).get(), I(7));
  EXPECT_FALSE(M(l.get(), "pop", {I(9)}));
  EXPECT_EQ(Err(), "IndexError: pop index out of range");
  EXPECT_FALSE(M(l.get(), "remove", {I(9)}));
  EXPECT_EQ(Err(), "ValueError: list.remove(x): x not in list");
  EXPECT_FALSE(M(l.get(), "index", {I(9)}));
  EXPECT_EQ(Err(), "ValueError: 9 is not in list");
  M(l.get(), "clear");
  EXPECT_FALSE(M(l.get(), "pop"));
  EXPECT_EQ(Err(), "IndexError: pop from empty list");
  EXPECT_FALSE(M(l.get(), "append"));
  EXPECT_EQ(Err(), "TypeError: list.append() takes exactly one argument (0 given)");
}

TEST(List, SortStableAndErrors) {
  Ref l = L({I(5), I(3), I(9), I(1), I(3)});
  ASSERT_TRUE(list_sort(l.as<List>(), Value(), false));
  EXPECT_EQ(R(l.get()), "[1, 3, 3, 5, 9]");
  ASSERT_TRUE(list_sort(l.as<List>(), Value(), true));
  EXPECT_EQ(R(l.get()), "[9, 5, 3, 3, 1]");
  // Large input, mixed order.
  Own<List> big = list_new(0);
  for (int i = 0; i < 500; i++) list_append(big.get(), I((i * 7919) % 500));
  ASSERT_TRUE(list_sort(big.get(), Value(), false));
  for (int i = 0; i < 500; i++) ASSERT_EQ(big->items[i], I(i));
  // Stability with a key: sort strs by len.
  Ref a = S("bb"), b = S("a"), c = S("cc"), d = S("d");
  Ref words = L({a.get(), b.get(), c.get(), d.get()});
  Ref len_fn = getattr(Value::from_obj(&StrType), "__len__");
  ASSERT_TRUE(list_sort(words.as<List>(), len_fn.get(), false));
  EXPECT_EQ(R(words.get()), "['a', 'd', 'bb', 'cc']");
  Ref x = S("x");
  Ref mixed = L({I(1), x.get()});
  EXPECT_FALSE(list_sort(mixed.as<List>(), Value(), false));
  EXPECT_EQ(Err(), "TypeError: '<' not supported between instances of 'str' and 'int'");
  EXPECT_EQ(mixed.as<List>()->size, 2);
}

TEST(List, ConcatRepeatInplace) {
  Ref a = L({I(1)}), b = L({I(2)});
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::Add).get()), "[1, 2]");
  EXPECT_EQ(R(binary_op(a.get(), I(3), BinOp::Mul).get()), "[1, 1, 1]");
  Ref t = T({I(5)});
  Ref r = inplace_op(a.get(), t.get(), BinOp::Add);
  EXPECT_EQ(r.get(), a.get());
  EXPECT_EQ(R(a.get()), "[1, 5]");
  EXPECT_FALSE(binary_op(a.get(), t.get(), BinOp::Add));
  EXPECT_EQ(Err(), "TypeError: can only concatenate list (not \"tuple\") to list");
}

// Objects the collector tracks (a list is one).
int64_t TrackedObjects() {
  int64_t n = 0;
  gc_for_each_tracked([](Object*, void* count) { ++*static_cast<int64_t*>(count); }, &n);
  return n;
}

TEST(List, RepeatWithoutMemoryMakesNoList) {
  Ref a = L({I(1), I(2)});
  int64_t before = TrackedObjects();
  // 2**47 items: 1 PiB, more than an address space holds, so the items' allocation
  // fails (std::bad_alloc, a MemoryError at the boundary) whatever the overcommit policy.
  Ref r = with_memory_errors([&] { return binary_op(a.get(), I(int64_t(1) << 46), BinOp::Mul); });
  EXPECT_FALSE(r);
  EXPECT_EQ(Err(), "MemoryError: ");
  EXPECT_EQ(TrackedObjects(), before);  // the list made before its items was lost with them
}

TEST(List, ReversedIterator) {
  Ref l = L({I(1), I(2), I(3)});
  Ref it = M(l.get(), "__reversed__");
  EXPECT_STREQ(type_name(it.get()), "list_reverseiterator");
  Ref out = sequence_list(it.get());
  EXPECT_EQ(R(out.get()), "[3, 2, 1]");
}

// ---------------------------------------------------------------------------------
// dict

TEST(Dict, SetGetDelAndOrder) {
  Own<Dict> d = dict_new();
  Ref a = S("a"), b = S("b");
  uint64_t v0 = d->version;
  ASSERT_TRUE(dict_set(d.get(), a.get(), I(1)));
  EXPECT_NE(d->version, v0);
  ASSERT_TRUE(dict_set(d.get(), b.get(), I(2)));
  ASSERT_TRUE(dict_set(d.get(), I(7), I(3)));
  EXPECT_EQ(dict_get(d.get(), a.get()), I(1));
  EXPECT_EQ(dict_get_str(d.get(), intern("b")), I(2));
  EXPECT_EQ(R(d.value()), "{'a': 1, 'b': 2, 7: 3}");
  EXPECT_EQ(dict_del(d.get(), a.get()), 1);
  EXPECT_EQ(dict_del(d.get(), a.get()), 0);
  EXPECT_EQ(R(d.value()), "{'b': 2, 7: 3}");
  // Many keys survive resizes in insertion order.
  for (int i = 0; i < 1000; i++) ASSERT_TRUE(dict_set(d.get(), I(i * 31), I(i)));
  for (int i = 0; i < 1000; i++) ASSERT_EQ(dict_get(d.get(), I(i * 31)), I(i));
  int64_t pos = 0;
  Value k, v;
  ASSERT_TRUE(dict_next(d.get(), &pos, &k, &v));
  EXPECT_EQ(k, b.get());
}

TEST(Dict, Errors) {
  Own<Dict> d = dict_new();
  Ref l = L({});
  EXPECT_FALSE(dict_set(d.get(), l.get(), I(1)));
  EXPECT_EQ(Err(), "TypeError: unhashable type: 'list'");
  Ref key = S("k");
  EXPECT_FALSE(get_item(d.value(), key.get()));
  EXPECT_EQ(Err(), "KeyError: 'k'");
  EXPECT_FALSE(M(d.value(), "popitem"));
  EXPECT_EQ(Err(), "KeyError: 'popitem(): dictionary is empty'");
  Ref bad = L({T({I(1), I(2), I(3)}).get()});
  EXPECT_FALSE(Call(&DictType, {bad.get()}));
  EXPECT_EQ(Err(), "ValueError: dictionary update sequence element #0 has length 3; 2 is required");
}

TEST(Dict, ViewsAndMethods) {
  Own<Dict> d = dict_new();
  Ref a = S("a");
  dict_set(d.get(), a.get(), I(1));
  EXPECT_EQ(R(M(d.value(), "keys").get()), "dict_keys(['a'])");
  EXPECT_EQ(R(M(d.value(), "values").get()), "dict_values([1])");
  EXPECT_EQ(R(M(d.value(), "items").get()), "dict_items([('a', 1)])");
  EXPECT_EQ(M(d.value(), "get", {a.get()}).get(), I(1));
  Ref b = S("b");
  EXPECT_EQ(M(d.value(), "get", {b.get()}).get(), Value::none());
  EXPECT_EQ(M(d.value(), "setdefault", {b.get(), I(5)}).get(), I(5));
  EXPECT_EQ(M(d.value(), "pop", {a.get()}).get(), I(1));
  EXPECT_EQ(R(d.value()), "{'b': 5}");
  Ref pi = M(d.value(), "popitem");
  EXPECT_EQ(R(pi.get()), "('b', 5)");
}

TEST(Dict, ChangedSizeDuringIteration) {
  Own<Dict> d = dict_new();
  dict_set(d.get(), I(1), I(1));
  Ref it = get_iter(d.value());
  Ref first = iter_next(it.get());
  dict_set(d.get(), I(2), I(2));
  EXPECT_FALSE(iter_next(it.get()));
  EXPECT_EQ(Err(), "RuntimeError: dictionary changed size during iteration");
}

TEST(Dict, RecursiveReprAndEquality) {
  Own<Dict> d = dict_new();
  Ref k = S("self");
  dict_set(d.get(), k.get(), d.value());
  EXPECT_EQ(R(d.value()), "{'self': {...}}");
  dict_clear(d.get());
  Own<Dict> e = dict_new();
  dict_set(d.get(), I(1), I(2));
  dict_set(e.get(), I(1), I(2));
  EXPECT_EQ(rich_compare_bool(d.value(), e.value(), CompareOp::Eq), 1);
}

// ---------------------------------------------------------------------------------
// set / frozenset

TEST(Set, IterationOrderMatchesCPython) {
  EXPECT_EQ(R(SetOf({I(5), I(1), I(3), I(17)}).get()), "{1, 3, 5, 17}");
  // Python: {8, 16, 0, 3} -> {8, 16, 3, 0} (small tables probe without the linear run)
  EXPECT_EQ(R(SetOf({I(8), I(16), I(0), I(3)}).get()), "{8, 16, 3, 0}");
  // Python: {100, 7, 32, 64, 9} -> {32, 64, 100, 7, 9}
  EXPECT_EQ(R(SetOf({I(100), I(7), I(32), I(64), I(9)}).get()), "{32, 64, 100, 7, 9}");
  // Python: set(range(20, 0, -3)) -> {2, 5, 8, 11, 14, 17, 20}
  Ref r = range_new(I(20), I(0), I(-3));
  Own<Set> s = set_from_iterable(&SetType, r.get());
  EXPECT_EQ(R(s.value()), "{2, 5, 8, 11, 14, 17, 20}");
}

TEST(Set, ReprAndErrors) {
  EXPECT_EQ(R(SetOf({}).get()), "set()");
  EXPECT_EQ(R(SetOf({}, &FrozenSetType).get()), "frozenset()");
  EXPECT_EQ(R(SetOf({I(1), I(2)}, &FrozenSetType).get()), "frozenset({1, 2})");
  Ref s = SetOf({});
  EXPECT_FALSE(M(s.get(), "pop"));
  EXPECT_EQ(Err(), "KeyError: 'pop from an empty set'");
  EXPECT_FALSE(M(s.get(), "remove", {I(3)}));
  EXPECT_EQ(Err(), "KeyError: 3");
  EXPECT_EQ(hash(s.get()), -1);
  EXPECT_EQ(Err(), "TypeError: unhashable type: 'set'");
}

TEST(Set, FrozensetHashMatchesCPython) {
  EXPECT_EQ(hash(SetOf({I(1), I(2)}, &FrozenSetType).get()), -1826646154956904602LL);
  EXPECT_EQ(hash(SetOf({}, &FrozenSetType).get()), 133146708735736LL);
}

TEST(Set, Operations) {
  Ref a = SetOf({I(1), I(2), I(3)}), b = SetOf({I(2), I(3), I(4)});
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::Or).get()), "{1, 2, 3, 4}");
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::And).get()), "{2, 3}");
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::Sub).get()), "{1}");
  EXPECT_EQ(R(binary_op(a.get(), b.get(), BinOp::Xor).get()), "{1, 4}");
  Ref c = SetOf({I(2), I(3)});
  EXPECT_EQ(rich_compare_bool(c.get(), a.get(), CompareOp::Lt), 1);
  EXPECT_EQ(rich_compare_bool(a.get(), c.get(), CompareOp::Ge), 1);
  EXPECT_EQ(rich_compare_bool(a.get(), b.get(), CompareOp::Eq), 0);
  Ref fz = SetOf({I(2), I(3)}, &FrozenSetType);
  EXPECT_EQ(rich_compare_bool(c.get(), fz.get(), CompareOp::Eq), 1);
  // A set key found as a frozenset.
  Ref outer = SetOf({fz.get()});
  EXPECT_EQ(contains(outer.get(), c.get()), 1);
}

TEST(Set, ChangedSizeDuringIteration) {
  Ref s = SetOf({I(1)});
  Ref it = get_iter(s.get());
  set_add(s.as<Set>(), I(2));
  EXPECT_FALSE(iter_next(it.get()));
  EXPECT_EQ(Err(), "RuntimeError: Set changed size during iteration");
}

// ---------------------------------------------------------------------------------
// range / slice

TEST(Range, Basics) {
  Ref r = range_new(I(0), I(10), I(2));
  EXPECT_EQ(R(r.get()), "range(0, 10, 2)");
  EXPECT_EQ(length(r.get()), 5);
  EXPECT_EQ(get_item(r.get(), I(-1)).get(), I(8));
  EXPECT_FALSE(get_item(r.get(), I(5)));
  EXPECT_EQ(Err(), "IndexError: range object index out of range");
  EXPECT_EQ(contains(r.get(), I(4)), 1);
  EXPECT_EQ(contains(r.get(), I(5)), 0);
  Ref sl = slice_new(Value::none(), Value::none(), I(-1));
  EXPECT_EQ(R(get_item(r.get(), sl.get()).get()), "range(8, -2, -2)");
  EXPECT_EQ(R(sequence_list(r.get()).get()), "[0, 2, 4, 6, 8]");
  Ref rev = M(r.get(), "__reversed__");
  EXPECT_EQ(R(sequence_list(rev.get()).get()), "[8, 6, 4, 2, 0]");
  EXPECT_FALSE(range_new(I(0), I(1), I(0)));
  EXPECT_EQ(Err(), "ValueError: range() arg 3 must not be zero");
  EXPECT_FALSE(M(r.get(), "index", {I(3)}));
  EXPECT_EQ(Err(), "ValueError: 3 is not in range");
  EXPECT_EQ(R(Call(&RangeType, {I(5)}).get()), "range(0, 5)");
  Ref e1 = range_new(I(0), I(0), I(1)), e2 = range_new(I(5), I(2), I(3));
  EXPECT_EQ(rich_compare_bool(e1.get(), e2.get(), CompareOp::Eq), 1);
  EXPECT_EQ(hash(e1.get()), hash(e2.get()));
}

TEST(Range, BigValues) {
  Ref big = int_from_string("100000000000000000000", 10);
  Ref r = range_new(I(0), big.get(), I(1));
  EXPECT_EQ(length(r.get()), -1);
  EXPECT_EQ(Err(), "OverflowError: Python int too large to convert to C ssize_t");
  Ref last = get_item(r.get(), I(-1));
  EXPECT_EQ(R(last.get()), "99999999999999999999");
  EXPECT_EQ(contains(r.get(), last.get()), 1);
}

TEST(Slice, AdjustAndRepr) {
  Ref s = slice_new(I(1), I(2), Value::none());
  EXPECT_EQ(R(s.get()), "slice(1, 2, None)");
  int64_t start, stop, step;
  Ref neg = slice_new(Value::none(), Value::none(), I(-2));
  EXPECT_EQ(slice_adjust(neg.as<Slice>(), 5, &start, &stop, &step), 3);
  EXPECT_EQ(start, 4);
  EXPECT_EQ(stop, -1);
  EXPECT_EQ(step, -2);
  Ref zero = slice_new(Value::none(), Value::none(), I(0));
  EXPECT_EQ(slice_adjust(zero.as<Slice>(), 5, &start, &stop, &step), -1);
  EXPECT_EQ(Err(), "ValueError: slice step cannot be zero");
  EXPECT_EQ(R(M(neg.get(), "indices", {I(5)}).get()), "(4, -1, -2)");
}

}  // namespace
}  // namespace gilpy::rt
