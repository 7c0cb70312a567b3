// stdlib/iterators.cpp: the lazy iterator types of builtins: enumerate, zip, map, filter,
// reversed, and callable_iterator (iter(callable, sentinel)).
//
// Each is a class (type(enumerate(x)).__name__ == 'enumerate'), collectable (it owns
// the iterators it wraps), and its own iterator. iternext returns null without an error
// when exhausted (the slot convention), after dropping what it no longer needs.
#include <string>
#include <vector>

#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;
using rt::cont::no_args;
using rt::cont::no_kwargs;
using rt::cont::one_arg;

Type EnumerateType;
Type ZipType;
Type MapType;
Type FilterType;
Type ReversedType;
Type CallableIteratorType;
Type AnextAwaitableType;

namespace {

void visit_value(Value v, VisitFn visit, void* ctx) {
  if (v) visit(v, ctx);
}
void clear_value(Value* slot) {
  Value v = *slot;
  *slot = Value();
  decref(v);
}
void untrack(Object* o) {
  if (gc_is_tracked(o)) gc_untrack(o);
}
Ref self_iter(Value self) { return Ref::borrow(self); }

// --- enumerate -----------------------------------------------------------------------

struct Enumerate : Object {
  Value it;     // owned iterator
  Value index;  // owned int: the next count
};

void enumerate_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* e = static_cast<Enumerate*>(o);
  visit_value(e->it, visit, ctx);
  visit_value(e->index, visit, ctx);
}
void enumerate_clear(Object* o) {
  auto* e = static_cast<Enumerate*>(o);
  clear_value(&e->it);
  clear_value(&e->index);
}
void enumerate_dealloc(Object* o) {
  untrack(o);
  enumerate_clear(o);
  free_object(o);
}

Ref enumerate_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value iterable, start = Value::small_int(0);
  if (!bind_args("enumerate", args, nargs, kwnames, {"iterable", "start"}, 1, {&iterable, &start}))
    return nullptr;
  Ref start_ref;
  if (is_int(start) && !start.is_bool()) {
    start_ref = Ref::borrow(start);
  } else {
    auto v = index_as_int64(start);  // CPython accepts any __index__ object
    if (!v) return nullptr;
    start_ref = make_int(*v);
  }
  Ref it = get_iter(iterable);
  if (!it) return nullptr;
  auto* e = alloc<Enumerate>(type, type->basic_size);
  e->it = it.release();
  e->index = start_ref.release();
  return Ref::steal(e);
}

Ref enumerate_next(Value self) {
  auto* e = self.as<Enumerate>();
  if (!e->it) return nullptr;
  Ref item = iter_next(e->it);
  if (!item) return nullptr;
  Ref index;
  Value cur = e->index;
  if (cur.is_small_int() && cur.small_int() < Value::kSmallIntMax) {
    e->index = Value::small_int(cur.small_int() + 1);
    index = Ref::steal(cur);
  } else {
    Ref next = binary_op(cur, Value::small_int(1), BinOp::Add);
    if (!next) return nullptr;
    index = Ref::steal(cur);
    e->index = next.release();
  }
  return make_tuple(std::move(index), std::move(item));
}

// --- zip -----------------------------------------------------------------------------

struct Zip : Object {
  Tuple* iters;  // owned, null once exhausted
  bool strict;
};

void zip_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* z = static_cast<Zip*>(o);
  if (z->iters) visit(Value::from_obj(z->iters), ctx);
}
void zip_clear(Object* o) {
  auto* z = static_cast<Zip*>(o);
  Tuple* t = z->iters;
  z->iters = nullptr;
  xdecref(t);
}
void zip_dealloc(Object* o) {
  untrack(o);
  zip_clear(o);
  free_object(o);
}

Ref zip_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  bool strict = false;
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; i++) {
      std::string name = utf8_of(kwnames->items[i]);
      if (name != "strict")
        return raisef(&TypeErrorType, "zip() got an unexpected keyword argument '%s'", name.c_str());
      int t = truthy(args[nargs + i]);
      if (t < 0) return nullptr;
      strict = t;
    }
  }
  Own<Tuple> iters = tuple_new(int64_t(nargs));
  for (size_t i = 0; i < nargs; i++) iters->items[i] = Value::none();
  for (size_t i = 0; i < nargs; i++) {
    Ref it = get_iter(args[i]);
    if (!it) return nullptr;
    iters->items[i] = it.release();
  }
  auto* z = alloc<Zip>(type, type->basic_size);
  z->iters = iters.release();
  z->strict = strict;
  return Ref::steal(z);
}

Ref zip_next(Value self) {
  auto* z = self.as<Zip>();
  if (!z->iters) return nullptr;
  Own<Tuple> keep = Own<Tuple>::borrow(z->iters);
  int64_t n = keep->size;
  if (n == 0) return nullptr;
  Own<Tuple> result = tuple_new(n);
  for (int64_t i = 0; i < n; i++) result->items[i] = Value::none();
  for (int64_t i = 0; i < n; i++) {
    Ref item = iter_next(keep->items[i]);
    if (!item) {
      if (error_pending()) return nullptr;
      if (z->strict) {
        if (i > 0) {
          return raisef(&ValueErrorType, "zip() argument %lld is shorter than argument%s%lld",
                        (long long)(i + 1), i == 1 ? " " : "s 1-", (long long)i);
        }
        for (int64_t j = 1; j < n; j++) {
          Ref more = iter_next(keep->items[j]);
          if (more) {
            return raisef(&ValueErrorType, "zip() argument %lld is longer than argument%s%lld",
                          (long long)(j + 1), j == 1 ? " " : "s 1-", (long long)j);
          }
          if (error_pending()) return nullptr;
        }
      }
      zip_clear(z);
      return nullptr;
    }
    result->items[i] = item.release();
  }
  return result.into_ref();
}

// --- map -----------------------------------------------------------------------------

struct Map : Object {
  Value func;    // owned
  Tuple* iters;  // owned
};

void map_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* m = static_cast<Map*>(o);
  visit_value(m->func, visit, ctx);
  if (m->iters) visit(Value::from_obj(m->iters), ctx);
}
void map_clear(Object* o) {
  auto* m = static_cast<Map*>(o);
  clear_value(&m->func);
  Tuple* t = m->iters;
  m->iters = nullptr;
  xdecref(t);
}
void map_dealloc(Object* o) {
  untrack(o);
  map_clear(o);
  free_object(o);
}

Ref map_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "map() takes no keyword arguments");
  if (nargs < 2) return raise(&TypeErrorType, "map() must have at least two arguments.");
  Own<Tuple> iters = tuple_new(int64_t(nargs - 1));
  for (size_t i = 1; i < nargs; i++) iters->items[i - 1] = Value::none();
  for (size_t i = 1; i < nargs; i++) {
    Ref it = get_iter(args[i]);
    if (!it) return nullptr;
    iters->items[i - 1] = it.release();
  }
  auto* m = alloc<Map>(type, type->basic_size);
  incref(args[0]);
  m->func = args[0];
  m->iters = iters.release();
  return Ref::steal(m);
}

Ref map_next(Value self) {
  auto* m = self.as<Map>();
  if (!m->iters) return nullptr;
  Ref func = Ref::borrow(m->func);
  Own<Tuple> iters = Own<Tuple>::borrow(m->iters);
  int64_t n = iters->size;
  if (n == 1) {
    Ref item = iter_next(iters->items[0]);
    if (!item) return nullptr;
    Value a = item.get();
    return call(func.get(), &a, 1);
  }
  Value small[8];
  std::vector<Value> big;
  Value* argv = small;
  if (n > 8) {
    big.resize(size_t(n));
    argv = big.data();
  }
  std::vector<Ref> items(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) {
    items[i] = iter_next(iters->items[i]);
    if (!items[i]) return nullptr;
    argv[i] = items[i].get();
  }
  return call(func.get(), argv, size_t(n));
}

// --- filter --------------------------------------------------------------------------

struct Filter : Object {
  Value func;  // owned (None: truth of the item)
  Value it;    // owned
};

void filter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* f = static_cast<Filter*>(o);
  visit_value(f->func, visit, ctx);
  visit_value(f->it, visit, ctx);
}
void filter_clear(Object* o) {
  auto* f = static_cast<Filter*>(o);
  clear_value(&f->func);
  clear_value(&f->it);
}
void filter_dealloc(Object* o) {
  untrack(o);
  filter_clear(o);
  free_object(o);
}

Ref filter_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "filter() takes no keyword arguments");
  if (nargs != 2) return raisef(&TypeErrorType, "filter expected 2 arguments, got %zu", nargs);
  Ref it = get_iter(args[1]);
  if (!it) return nullptr;
  auto* f = alloc<Filter>(type, type->basic_size);
  incref(args[0]);
  f->func = args[0];
  f->it = it.release();
  return Ref::steal(f);
}

Ref filter_next(Value self) {
  auto* f = self.as<Filter>();
  if (!f->it) return nullptr;
  Ref it = Ref::borrow(f->it);
  Ref func = Ref::borrow(f->func);
  bool identity = func.get().is_none() || func.get() == Value::from_obj(&BoolType);
  for (;;) {
    Ref item = iter_next(it.get());
    if (!item) return nullptr;
    int ok;
    if (identity) {
      ok = truthy(item.get());
    } else {
      Ref r = call1(func.get(), item.get());
      if (!r) return nullptr;
      ok = truthy(r.get());
    }
    if (ok < 0) return nullptr;
    if (ok) return item;
  }
}

// --- reversed ------------------------------------------------------------------------

struct Reversed : Object {
  Value seq;      // owned, null once exhausted
  int64_t index;  // next index to fetch
};

void reversed_traverse(Object* o, VisitFn visit, void* ctx) {
  visit_value(static_cast<Reversed*>(o)->seq, visit, ctx);
}
void reversed_clear(Object* o) { clear_value(&static_cast<Reversed*>(o)->seq); }
void reversed_dealloc(Object* o) {
  untrack(o);
  reversed_clear(o);
  free_object(o);
}

Ref reversed_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "reversed() takes no keyword arguments");
  if (nargs != 1) return raisef(&TypeErrorType, "reversed expected 1 argument, got %zu", nargs);
  Value seq = args[0];
  Type* t = type_of(seq);
  if (type == &ReversedType) {
    Value method = type_lookup(t, intern("__reversed__"));
    if (method) {
      if (method.is_none()) return raisef(&TypeErrorType, "'%s' object is not reversible", t->name);
      Ref keep = Ref::borrow(method);
      return call1(keep.get(), seq);
    }
  }
  if (!t->getitem || !t->len || is_dict(seq))
    return raisef(&TypeErrorType, "'%s' object is not reversible", t->name);
  int64_t n = length(seq);
  if (n < 0) return nullptr;
  auto* r = alloc<Reversed>(type, type->basic_size);
  incref(seq);
  r->seq = seq;
  r->index = n - 1;
  return Ref::steal(r);
}

Ref reversed_next(Value self) {
  auto* r = self.as<Reversed>();
  if (!r->seq) return nullptr;
  if (r->index >= 0) {
    Ref seq = Ref::borrow(r->seq);
    Ref item = get_item(seq.get(), Value::small_int(r->index));
    if (item) {
      r->index--;
      return item;
    }
    if (!error_matches(&IndexErrorType) && !error_matches(&StopIterationType)) return nullptr;
    clear_error();
  }
  r->index = -1;
  reversed_clear(r);
  return nullptr;
}

Ref reversed_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* r = self.as<Reversed>();
  return make_int(r->seq ? r->index + 1 : 0);
}

const MethodDef reversed_methods[] = {
    {"__length_hint__", reversed_length_hint, 0, "Private method returning an estimate of len(list(it))."},
    {nullptr}};

// --- callable_iterator ---------------------------------------------------------------

struct CallableIterator : Object {
  Value callable;  // owned, null once exhausted
  Value sentinel;  // owned
};

void calliter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* c = static_cast<CallableIterator*>(o);
  visit_value(c->callable, visit, ctx);
  visit_value(c->sentinel, visit, ctx);
}
void calliter_clear(Object* o) {
  auto* c = static_cast<CallableIterator*>(o);
  clear_value(&c->callable);
  clear_value(&c->sentinel);
}
void calliter_dealloc(Object* o) {
  untrack(o);
  calliter_clear(o);
  free_object(o);
}

Ref calliter_next(Value self) {
  auto* c = self.as<CallableIterator>();
  if (!c->callable) return nullptr;
  Ref callable = Ref::borrow(c->callable);
  Ref r = call0(callable.get());
  if (!r) {
    if (error_matches(&StopIterationType)) {
      clear_error();
      calliter_clear(c);
    }
    return nullptr;
  }
  if (!c->sentinel) return nullptr;
  Ref sentinel = Ref::borrow(c->sentinel);
  int eq = rich_compare_bool(r.get(), sentinel.get(), CompareOp::Eq);
  if (eq < 0) return nullptr;
  if (eq) {
    calliter_clear(c);
    return nullptr;
  }
  return r;
}

// ---- anext(iterator, default) ------------------------------------------------------------
// CPython's anext_awaitable: awaits iterator.__anext__() and turns its StopAsyncIteration
// into the default value (StopIteration(default) to the awaiting coroutine). The inner
// awaitable's iterator is made on the first step and kept.

struct AnextAwaitable : Object {
  Value wrapped;   // owned: the async iterator
  Value dflt;      // owned: the default value
  Value inner;     // owned: the iterator of __anext__()'s awaitable, null until the first step
};

void anext_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* a = static_cast<AnextAwaitable*>(o);
  visit_value(a->wrapped, visit, ctx);
  visit_value(a->dflt, visit, ctx);
  visit_value(a->inner, visit, ctx);
}
void anext_clear(Object* o) {
  auto* a = static_cast<AnextAwaitable*>(o);
  clear_value(&a->wrapped);
  clear_value(&a->dflt);
  clear_value(&a->inner);
}
void anext_dealloc(Object* o) {
  untrack(o);
  anext_clear(o);
  free_object(o);
}

// The iterator to step: __anext__()'s awaitable, through its __await__ unless it is a
// coroutine (which is its own iterator), with CPython's TypeErrors.
Value anext_inner(AnextAwaitable* a) {
  if (a->inner) return a->inner;
  Ref aw = call_method0(a->wrapped, "__anext__");
  if (!aw) return Value();
  Ref it;
  if (std::string(type_name(aw.get())) == "coroutine") {
    it = std::move(aw);
  } else {
    Ref await = getattr_opt(aw.get(), intern("__await__"));
    if (!await) {
      if (!error_pending())
        raisef(&TypeErrorType, "'async for' received an invalid object from __anext__: %s", type_name(aw.get()));
      return Value();
    }
    it = call0(await.get());
    if (!it) return Value();
    if (std::string(type_name(it.get())) == "coroutine") {
      raise(&TypeErrorType, "__await__() returned a coroutine");
      return Value();
    }
    if (!type_of(it.get())->iternext) {
      raisef(&TypeErrorType, "__await__() returned non-iterator of type '%s'", type_name(it.get()));
      return Value();
    }
  }
  a->inner = it.release();
  return a->inner;
}

// One step through `step` (next, send or throw on the inner iterator): StopAsyncIteration
// becomes StopIteration(default).
template <class Step>
Ref anext_proxy(Value self, Step step) {
  auto* a = self.as<AnextAwaitable>();
  Value inner = anext_inner(a);
  if (!inner) return nullptr;
  Ref hold = Ref::borrow(inner);
  Ref r = step(inner);
  if (r) return r;
  if (error_matches(&StopAsyncIterationType)) {
    clear_error();
    return raise_stop_iteration(a->dflt);
  }
  return nullptr;
}

Ref anext_next(Value self) {
  return anext_proxy(self, [](Value it) {
    // A coroutine is stepped by send(None); any other iterator by next().
    if (!type_of(it)->iternext) return call_method1(it, "send", Value::none());
    Ref r = iter_next(it);
    if (!r && !error_pending()) raise_stop_iteration(Value::none());
    return r;
  });
}
Ref anext_next_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("anext_awaitable.__next__", nargs, kwnames)) return nullptr;
  return anext_next(self);
}
Ref anext_send(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("send", nargs, kwnames)) return nullptr;
  Value v = args[0];
  return anext_proxy(self, [v](Value it) { return call_method1(it, "send", v); });
}
Ref anext_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_kwargs("throw", kwnames)) return nullptr;
  std::vector<Value> argv(args, args + nargs);
  return anext_proxy(self, [&argv](Value it) {
    Ref m = getattr(it, "throw");
    return m ? call(m.get(), argv.data(), argv.size()) : Ref();
  });
}
Ref anext_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  return anext_proxy(self, [](Value it) { return call_method0(it, "close"); });
}
Ref anext_await(Value self, const Value*, size_t, Tuple*) { return Ref::borrow(self); }

const MethodDef anext_methods[] = {
    {"__await__", anext_await, 0, nullptr},
    {"__next__", anext_next_m, 0, nullptr},
    {"send", anext_send, 0, nullptr},
    {"throw", anext_throw, 0, nullptr},
    {"close", anext_close, 0, nullptr},
    {nullptr}};

void init_one(Type& t, const char* name, size_t size, uint32_t flags, DeallocFn dealloc,
              TraverseFn traverse, ClearFn clear, NewFn new_, UnaryFn next, const char* doc) {
  static_type_init(t, name, size, &ObjectType, flags | kTypeGc);
  t.dealloc = dealloc;
  t.traverse = traverse;
  t.clear = clear;
  t.new_ = new_;
  t.iter = self_iter;
  t.iternext = next;
  t.doc = doc;
}

}  // namespace

Ref anext_awaitable_new(Value iterator, Value default_value) {
  auto* a = alloc<AnextAwaitable>(&AnextAwaitableType);
  incref(iterator);
  incref(default_value);
  a->wrapped = iterator;
  a->dflt = default_value;
  return Ref::steal(a);
}

Ref callable_iterator_new(Value callable, Value sentinel) {
  auto* c = alloc<CallableIterator>(&CallableIteratorType);
  incref(callable);
  incref(sentinel);
  c->callable = callable;
  c->sentinel = sentinel;
  return Ref::steal(c);
}

void init_iterator_types() {
  static bool done = false;
  if (done) return;
  done = true;
  init_one(EnumerateType, "enumerate", sizeof(Enumerate), kTypeBaseType, enumerate_dealloc,
           enumerate_traverse, enumerate_clear, enumerate_new, enumerate_next,
           "Return an enumerate object.");
  init_one(ZipType, "zip", sizeof(Zip), kTypeBaseType, zip_dealloc, zip_traverse, zip_clear,
           zip_new, zip_next, "The zip object yields n-length tuples, where n is the number of iterables passed as positional arguments to zip().");
  init_one(MapType, "map", sizeof(Map), kTypeBaseType, map_dealloc, map_traverse, map_clear,
           map_new, map_next, "Make an iterator that computes the function using arguments from each of the iterables.");
  init_one(FilterType, "filter", sizeof(Filter), kTypeBaseType, filter_dealloc, filter_traverse,
           filter_clear, filter_new, filter_next, "Return an iterator yielding those items of iterable for which function(item) is true.");
  init_one(ReversedType, "reversed", sizeof(Reversed), kTypeBaseType, reversed_dealloc,
           reversed_traverse, reversed_clear, reversed_new, reversed_next,
           "Return a reverse iterator over the values of the given sequence.");
  ReversedType.methods = reversed_methods;
  init_one(CallableIteratorType, "callable_iterator", sizeof(CallableIterator), 0,
           calliter_dealloc, calliter_traverse, calliter_clear, nullptr, calliter_next, nullptr);
  init_one(AnextAwaitableType, "anext_awaitable", sizeof(AnextAwaitable), 0, anext_dealloc, anext_traverse,
           anext_clear, nullptr, anext_next, nullptr);
  AnextAwaitableType.methods = anext_methods;
  for (Type* t : {&EnumerateType, &ZipType, &MapType, &FilterType, &ReversedType, &CallableIteratorType,
                  &AnextAwaitableType})
    ready_type(t);
}

}  // namespace gilpy::stdlib
