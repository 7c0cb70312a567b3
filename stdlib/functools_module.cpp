// stdlib/functools_module.cpp: _functools, the native half of CPython's functools.py:
// `partial` (CPython's Modules/_functoolsmodule.c partial_*). functools.py falls back to
// its own Python versions of everything else (reduce, cmp_to_key, the lru_cache wrapper).
//
// partial is native because asyncio (stdlib/python/asyncio) makes one for every callback
// of a socket operation, and so that gilpy's own modules import it without CPython's
// library on the path.
#include <vector>

#include "runtime/typeobject.h"
#include "runtime/weakref.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type PartialType;

struct Partial : Object {
  Value func;      // owned
  Tuple* args;     // owned
  Dict* keywords;  // owned
  Dict* dict;      // owned, may be null: the instance __dict__
};

Partial* as_partial(Value v) { return static_cast<Partial*>(v.obj()); }

void partial_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* p = static_cast<Partial*>(o);
  if (p->func) visit(p->func, ctx);
  if (p->args) visit(Value::from_obj(p->args), ctx);
  if (p->keywords) visit(Value::from_obj(p->keywords), ctx);
  if (p->dict) visit(Value::from_obj(p->dict), ctx);
}

void partial_clear(Object* o) {
  auto* p = static_cast<Partial*>(o);
  set_owned(&p->func, Value());
  Tuple* args = p->args;
  Dict* keywords = p->keywords;
  Dict* dict = p->dict;
  p->args = nullptr;
  p->keywords = nullptr;
  p->dict = nullptr;
  xdecref(args);
  xdecref(keywords);
  xdecref(dict);
}

void partial_dealloc(Object* o) {
  gc_untrack(o);
  partial_clear(o);
  free_object(o);
}

Ref partial_call(Value self, const Value* args, size_t nargs, Tuple* kwnames);

// Sets the three fields of a new partial (owned references are taken here).
void partial_set(Partial* p, Value func, Own<Tuple> args, Own<Dict> keywords) {
  incref(func);
  p->func = func;
  p->args = args.release();
  p->keywords = keywords.release();
}

// partial(func, /, *args, **keywords). A partial of a partial (of any type that calls as
// one, without an instance dict) is flattened into one, as CPython does. Everything read
// from the inner partial is owned here first: merging the keywords may run a key's __eq__,
// which may change the inner partial.
Ref partial_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs < 1) return raise(&TypeErrorType, "type 'partial' takes at least one argument");
  if (!is_callable(args[0])) return raise(&TypeErrorType, "the first argument must be callable");
  Ref func = Ref::borrow(args[0]);
  Own<Tuple> inner_args;
  Own<Dict> keywords;
  if (type_of(func.get())->call == partial_call && !as_partial(func.get())->dict) {
    Partial* inner = as_partial(func.get());
    inner_args = Own<Tuple>::borrow(inner->args);
    keywords = dict_copy(inner->keywords);
    func = Ref::borrow(inner->func);
  } else {
    keywords = dict_new();
  }
  if (!keywords) return nullptr;
  std::vector<Value> positional;
  if (inner_args) positional.assign(inner_args->items, inner_args->items + inner_args->size);
  positional.insert(positional.end(), args + 1, args + nargs);
  for (size_t i = 0; i < nkw; ++i)
    if (!dict_set(keywords.get(), kwnames->items[i], args[nargs + i])) return nullptr;
  auto* p = static_cast<Partial*>(alloc_object(type, type->basic_size));
  Ref result = Ref::steal(Value::from_obj(p));
  partial_set(p, func.get(), tuple_from_array(positional.data(), positional.size()), std::move(keywords));
  return result;
}

// func(*self.args, *args, **{**self.keywords, **kw}). The stored fields are owned for the
// call: a key's __eq__ while merging, or the call itself, may replace them (__setstate__).
Ref partial_call(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Partial* p = as_partial(self);
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  Ref func = Ref::borrow(p->func);
  Own<Tuple> stored = Own<Tuple>::borrow(p->args);
  if (p->keywords->used == 0 && stored->size == 0) return call(func.get(), args, nargs, kwnames);
  std::vector<Value> flat(stored->items, stored->items + stored->size);
  flat.insert(flat.end(), args, args + nargs);
  if (p->keywords->used == 0) {
    flat.insert(flat.end(), args + nargs, args + nargs + nkw);
    return call(func.get(), flat.data(), flat.size() - nkw, kwnames);
  }
  Own<Dict> merged = dict_copy(p->keywords);
  if (!merged) return nullptr;
  for (size_t i = 0; i < nkw; ++i)
    if (!dict_set(merged.get(), kwnames->items[i], args[nargs + i])) return nullptr;
  Own<Tuple> names = tuple_new(merged->used);
  int64_t pos = 0, i = 0;
  Value key, value;
  while (dict_next(merged.get(), &pos, &key, &value)) {
    if (!is_str(key)) return raise(&TypeErrorType, "keywords must be strings");  // __setstate__ allows any dict
    incref(key);
    names->items[i++] = key;
    flat.push_back(value);  // owned by `merged` until the call returns
  }
  return call(func.get(), flat.data(), flat.size() - size_t(names->size), names.get());
}

// functools.partial(<func>, 1, 2, k=3), with "..." for a partial that contains itself.
Ref partial_repr(Value self) {
  if (repr_enter(self)) return new_str("...");
  // The fields as they are now, owned: an argument's repr may replace them.
  Partial* p = as_partial(self);
  Ref func_now = Ref::borrow(p->func);
  Own<Tuple> args_now = Own<Tuple>::borrow(p->args);
  Own<Dict> keywords_now = dict_copy(p->keywords);
  std::string text;
  bool ok = true;
  auto add = [&](Value v) {
    Ref r = repr(v);
    if (!r) return false;
    text += ", " + utf8_of(r.get());
    return true;
  };
  ok = bool(keywords_now);
  for (int64_t i = 0; ok && i < args_now->size; ++i) ok = add(args_now->items[i]);
  int64_t pos = 0;
  Value key, value;
  while (ok && dict_next(keywords_now.get(), &pos, &key, &value)) {
    Ref name = str(key);
    Ref r = name ? repr(value) : nullptr;
    ok = bool(r);
    if (ok) text += ", " + utf8_of(name.get()) + "=" + utf8_of(r.get());
  }
  Ref func = ok ? repr(func_now.get()) : nullptr;
  repr_leave(self);
  if (!func) return nullptr;
  // The type's tp_name, as CPython: "functools.partial", or a subclass's bare name.
  return new_str(std::string(type_of(self)->name) + "(" + utf8_of(func.get()) + text + ")");
}

// (type(self), (self.func,), (self.func, self.args, self.keywords, self.__dict__ or None)),
// as CPython's C partial (its pure-Python twin in functools.py writes `keywords or None`).
Ref m_reduce(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__reduce__", kwnames) || !check_nargs("__reduce__", nargs, 0, 0)) return nullptr;
  Partial* p = as_partial(self);
  Value func_only[1] = {p->func};
  Value keywords = Value::from_obj(p->keywords);
  Value dict = p->dict && p->dict->used ? Value::from_obj(p->dict) : Value::none();
  Value state[4] = {p->func, Value::from_obj(p->args), keywords, dict};
  Own<Tuple> ctor_args = tuple_from_array(func_only, 1);
  Own<Tuple> state_tuple = tuple_from_array(state, 4);
  Value parts[3] = {Value::from_obj(type_of(self)), Value::from_obj(ctor_args.get()), Value::from_obj(state_tuple.get())};
  return tuple_from_array(parts, 3).into_ref();
}

// __setstate__((func, args, keywords, dict)), checked as CPython 3.11 checks it.
Ref m_setstate(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__setstate__", kwnames) || !check_nargs("__setstate__", nargs, 1, 1)) return nullptr;
  Value state = args[0];
  Tuple* t = is_tuple(state) ? state.as<Tuple>() : nullptr;
  if (!t || t->size != 4 || !is_callable(t->items[0]) || !is_tuple(t->items[1]) ||
      (!t->items[2].is_none() && !is_dict(t->items[2])) || (!t->items[3].is_none() && !is_dict(t->items[3])))
    return raise(&TypeErrorType, "invalid partial state");
  Value func = t->items[0], fargs = t->items[1], kw = t->items[2], dict = t->items[3];
  Own<Tuple> new_args = type_of(fargs) == &TupleType ? Own<Tuple>::borrow(fargs.as<Tuple>())
                                                     : tuple_from_array(fargs.as<Tuple>()->items, fargs.as<Tuple>()->size);
  Own<Dict> new_kw = kw.is_none() ? dict_new() : type_of(kw) == &DictType ? Own<Dict>::borrow(kw.as<Dict>())
                                                                          : dict_copy(kw.as<Dict>());
  if (!new_kw) return nullptr;
  Partial* p = as_partial(self);
  Dict* new_dict = dict.is_none() ? nullptr : dict.as<Dict>();
  if (new_dict) incref(Value::from_obj(new_dict));
  Dict* old_dict = p->dict;
  p->dict = new_dict;
  xdecref(old_dict);
  Value old_func = p->func;
  Tuple* old_args = p->args;
  Dict* old_kw = p->keywords;
  partial_set(p, func, std::move(new_args), std::move(new_kw));
  decref(old_func);
  xdecref(old_args);
  xdecref(old_kw);
  return Ref::none();
}

Ref get_func(Value self) { return Ref::borrow(as_partial(self)->func); }
Ref get_args(Value self) { return Ref::borrow(Value::from_obj(as_partial(self)->args)); }
Ref get_keywords(Value self) { return Ref::borrow(Value::from_obj(as_partial(self)->keywords)); }

const MethodDef partial_methods[] = {
    {"__reduce__", m_reduce, 0, "Return state information for pickling."},
    {"__setstate__", m_setstate, 0, "Set state information for unpickling."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef partial_getsets[] = {
    {"func", get_func, nullptr, "function object to use in future partial calls"},
    {"args", get_args, nullptr, "tuple of arguments to future partial calls"},
    {"keywords", get_keywords, nullptr, "dictionary of keyword arguments to future partial calls"},
    {nullptr, nullptr, nullptr, nullptr}};

}  // namespace

Ref create_functools_module() {
  if (!(PartialType.flags & kTypeReady)) {
    static_type_init(PartialType, "functools.partial", sizeof(Partial), &ObjectType, kTypeBaseType | kTypeGc);
    PartialType.new_ = partial_new;
    PartialType.init = [](Value, const Value*, size_t, Tuple*) { return 0; };  // new_ takes the arguments
    PartialType.dealloc = partial_dealloc;
    PartialType.traverse = partial_traverse;
    PartialType.clear = partial_clear;
    PartialType.call = partial_call;
    PartialType.repr = partial_repr;
    PartialType.dict_offset = offsetof(Partial, dict);
    PartialType.methods = partial_methods;
    PartialType.getsets = partial_getsets;
    PartialType.doc =
        "partial(func, *args, **keywords) - new function with partial application\n"
        "    of the given arguments and keywords.\n";
    allow_weakrefs(&PartialType);
    ready_type(&PartialType);
  }
  Own<Module> m = module_new("_functools");
  if (!module_add(m.get(), "partial", Value::from_obj(&PartialType))) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
