// runtime/exception_group.cpp: BaseExceptionGroup and ExceptionGroup (PEP 654), their
// split/subgroup/derive, and the two halves of `except*` the VM calls (runtime/
// exception_group.h). Messages, identity rules and the metadata copied to derived groups
// are CPython 3.11's (Objects/exceptions.c), checked against /usr/bin/python3.11.
//
// One recursive walk does all the splitting (split_recursive): a matcher says whether an
// exception matches as a whole; a group that does not is split child by child and each
// non-empty side rebuilt with derive(). The matcher is a type (or tuple of types), a
// predicate, or, for PREP_RERAISE_STAR's projection, a set of leaf identities.
#include "runtime/exception_group.h"

#include <cstddef>
#include <unordered_set>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/gc.h"
#include "runtime/list.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

static ExceptionGroupObject* as_group(Value v) { return v.as<ExceptionGroupObject>(); }

bool is_exception_group(Value v) {
  return is_exception_instance(v) && is_subtype(type_of(v), &BaseExceptionGroupType);
}

// The group's exceptions; an empty tuple for an instance that __new__ never filled.
static Tuple* group_excs(Value eg) {
  Value excs = as_group(eg)->excs;
  return excs.is_null() ? tuple_empty() : excs.as<Tuple>();
}

// PySequence_Check: anything indexable but a mapping.
static bool is_sequence(Value v) { return !is_dict(v) && type_of(v)->getitem != nullptr; }

// ---- the types ----------------------------------------------------------------------------

static Ref eg_new(Type* cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs != 2)
    return raisef(&TypeErrorType, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%zu given)", nargs);
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "BaseExceptionGroup.__new__() argument 1 must be str, not %s",
                  args[0].is_none() ? "None" : type_name(args[0]));
  if (!is_sequence(args[1])) return raise(&TypeErrorType, "second argument (exceptions) must be a sequence");
  Ref excs = sequence_tuple(args[1]);
  if (!excs) return nullptr;
  Tuple* items = excs.as<Tuple>();
  if (items->size == 0)
    return raise(&ValueErrorType, "second argument (exceptions) must be a non-empty sequence");
  bool nested_base_exceptions = false;
  for (int64_t i = 0; i < items->size; ++i) {
    Value e = items->items[i];
    if (!is_exception_instance(e))
      return raisef(&ValueErrorType, "Item %lld of second argument (exceptions) is not an exception",
                    static_cast<long long>(i));
    if (!is_instance_of_type(e, &ExceptionType)) nested_base_exceptions = true;
  }
  if (cls == &BaseExceptionGroupType) {
    if (!nested_base_exceptions) cls = &ExceptionGroupType;
  } else if (cls == &ExceptionGroupType) {
    if (nested_base_exceptions) return raise(&TypeErrorType, "Cannot nest BaseExceptions in an ExceptionGroup");
  } else if (nested_base_exceptions && is_subtype(cls, &ExceptionType)) {
    return raisef(&TypeErrorType, "Cannot nest BaseExceptions in '%s'", cls->name);
  }
  // As BaseException's __new__: the arguments as given are .args.
  auto* eg = static_cast<ExceptionGroupObject*>(alloc_object(cls, cls->basic_size));
  Ref self = Ref::steal(Value::from_obj(eg));
  eg->args = tuple_from_array(args, static_cast<int64_t>(nargs)).release();
  eg->traceback = Value::none();
  eg->value = Value::none();
  set_owned(&eg->message, (incref(args[0]), args[0]));
  set_owned(&eg->excs, excs.release());
  return self;
}

static void eg_traverse(Object* o, VisitFn visit, void* ctx) {
  BaseExceptionType.traverse(o, visit, ctx);
  auto* eg = static_cast<ExceptionGroupObject*>(o);
  visit(eg->message, ctx);
  visit(eg->excs, ctx);
}

static void eg_clear(Object* o) {
  auto* eg = static_cast<ExceptionGroupObject*>(o);
  set_owned(&eg->message, Value());
  set_owned(&eg->excs, Value());
  BaseExceptionType.clear(o);
}

static void eg_dealloc(Object* o) {
  gc_untrack(o);
  eg_clear(o);
  free_object(o);
}

static Ref eg_str(Value self) {
  Value msg = as_group(self)->message;
  Ref s = str(msg.is_null() ? Value::none() : msg);
  if (!s) return nullptr;
  int64_t n = group_excs(self)->size;
  std::string out = str_to_utf8(s.as<Str>()) +
                    strfmt(" (%lld sub-exception%s)", static_cast<long long>(n), n > 1 ? "s" : "");
  return str_from_utf8(out).into_ref();
}

static Ref eg_get_message(Value self) {
  Value msg = as_group(self)->message;
  return Ref::borrow(msg.is_null() ? Value::none() : msg);
}
static Ref eg_get_exceptions(Value self) { return Ref::borrow(Value::from_obj(group_excs(self))); }
static int eg_readonly(Value, Value) {
  raise(&AttributeErrorType, "readonly attribute");
  return -1;
}

// derive(excs): a group like self (same message) holding excs. Subclasses override it so
// that split() and except* keep their type and extra state.
static Ref eg_derive(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "BaseExceptionGroup.derive() takes no keyword arguments");
  if (nargs != 1) return raisef(&TypeErrorType, "function takes exactly 1 argument (%zu given)", nargs);
  Value msg = as_group(self)->message;
  return call2(Value::from_obj(&BaseExceptionGroupType), msg.is_null() ? Value::none() : msg, args[0]);
}

// ---- matching and splitting ----------------------------------------------------------------

enum class MatcherKind { ByType, ByPredicate, ByInstanceIds };

struct Matcher {
  MatcherKind kind;
  Value value;                                   // the type(s) or the predicate
  const std::unordered_set<const Object*>* ids;  // ByInstanceIds: the leaves to keep
};

// PyErr_GivenExceptionMatches for an exception instance: `type` is an exception class or
// a tuple of them (checked by the caller).
static bool exception_matches_type(Value exc, Value type) {
  if (is_tuple(type)) {
    Tuple* t = type.as<Tuple>();
    for (int64_t i = 0; i < t->size; ++i)
      if (exception_matches_type(exc, t->items[i])) return true;
    return false;
  }
  return is_exception_type(type) && is_subtype(type_of(exc), type.as<Type>());
}

static bool matcher_from_value(Value value, Matcher* out) {
  out->value = value;
  out->ids = nullptr;
  if (is_callable(value) && !type_has(type_of(value), kTypeTypeSubclass)) {
    out->kind = MatcherKind::ByPredicate;
    return true;
  }
  out->kind = MatcherKind::ByType;
  if (is_exception_type(value)) return true;
  if (is_exact_tuple(value)) {
    Tuple* t = value.as<Tuple>();
    bool all_types = true;
    for (int64_t i = 0; i < t->size; ++i) all_types &= is_exception_type(t->items[i]);
    if (all_types) return true;
  }
  raise(&TypeErrorType, "expected a function, exception type or tuple of exception types");
  return false;
}

// 1 when exc matches as a whole, 0 when not, -1 on error (a predicate raised).
static int matcher_check(const Matcher& m, Value exc) {
  switch (m.kind) {
    case MatcherKind::ByType: return exception_matches_type(exc, m.value) ? 1 : 0;
    case MatcherKind::ByPredicate: {
      Ref r = call1(m.value, exc);
      if (!r) return -1;
      return truthy(r.get());
    }
    case MatcherKind::ByInstanceIds: return m.ids->count(exc.obj()) ? 1 : 0;
  }
  return 0;
}

// orig.derive(excs) with orig's metadata, or a null *out (no error) when excs is empty.
static bool derive_subset(Value orig, List* excs, Ref* out) {
  *out = Ref();
  if (excs->size == 0) return true;
  Ref eg = call_method1(orig, "derive", Value::from_obj(excs));
  if (!eg) return false;
  if (!is_exception_group(eg.get())) {
    raise(&TypeErrorType, "derive must return an instance of BaseExceptionGroup");
    return false;
  }
  auto* from = orig.as<ExceptionObject>();
  auto* to = eg.as<ExceptionObject>();
  Value tb = from->traceback.is_null() ? Value::none() : from->traceback;
  set_owned(&to->traceback, (incref(tb), tb));
  set_owned(&to->context, (incref(from->context), from->context));
  set_owned(&to->cause, (incref(from->cause), from->cause));
  to->suppress_context = true;  // as PyException_SetCause does, even for no cause
  // Each part gets its own copy of the notes list.
  Ref notes = getattr_opt(orig, intern("__notes__"));
  if (!notes && error_pending()) return false;
  if (notes && is_sequence(notes.get())) {
    Ref copy = sequence_list(notes.get());
    if (!copy || setattr(eg.get(), intern("__notes__"), copy.get()) < 0) return false;
  }
  *out = std::move(eg);
  return true;
}

// Splits exc by the matcher into *match and (with construct_rest) *rest; either is a null
// Ref when empty.
static bool split_recursive(Value exc, const Matcher& m, bool construct_rest, Ref* match, Ref* rest) {
  *match = Ref();
  *rest = Ref();
  NativeDepthGuard guard(" in exceptiongroup_split_recursive");
  if (!guard.ok()) return false;
  int whole = matcher_check(m, exc);
  if (whole < 0) return false;
  if (whole) {
    *match = Ref::borrow(exc);
    return true;
  }
  if (!is_exception_group(exc)) {
    if (construct_rest) *rest = Ref::borrow(exc);
    return true;
  }
  // A partial match: split each child, then rebuild both sides.
  Own<Tuple> children = Own<Tuple>::borrow(group_excs(exc));
  Own<List> match_list = list_new(0);
  Own<List> rest_list = list_new(0);
  for (int64_t i = 0; i < children->size; ++i) {
    Ref child_match, child_rest;
    if (!split_recursive(children->items[i], m, construct_rest, &child_match, &child_rest)) return false;
    if (child_match && !list_append(match_list.get(), child_match.get())) return false;
    if (child_rest && !list_append(rest_list.get(), child_rest.get())) return false;
  }
  if (!derive_subset(exc, match_list.get(), match)) return false;
  if (construct_rest && !derive_subset(exc, rest_list.get(), rest)) return false;
  return true;
}

static bool eg_split_args(const char* name, const char* qualname, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", qualname);
    return false;
  }
  if (nargs != 1) {
    raisef(&TypeErrorType, "%s expected 1 argument, got %zu", name, nargs);
    return false;
  }
  return true;
}

static Ref eg_split(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!eg_split_args("split", "BaseExceptionGroup.split", nargs, kwnames)) return nullptr;
  Matcher m;
  if (!matcher_from_value(args[0], &m)) return nullptr;
  Ref match, rest;
  if (!split_recursive(self, m, true, &match, &rest)) return nullptr;
  return tuple_from({match ? match.get() : Value::none(), rest ? rest.get() : Value::none()}).into_ref();
}

static Ref eg_subgroup(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!eg_split_args("subgroup", "BaseExceptionGroup.subgroup", nargs, kwnames)) return nullptr;
  Matcher m;
  if (!matcher_from_value(args[0], &m)) return nullptr;
  Ref match, rest;
  if (!split_recursive(self, m, false, &match, &rest)) return nullptr;
  return match ? std::move(match) : Ref::none();
}

// ---- except* ---------------------------------------------------------------------------------

Ref exception_group_new(std::string_view message, Value excs) {
  Own<Str> msg = str_from_utf8(message);
  return call2(Value::from_obj(&BaseExceptionGroupType), msg.value(), excs);
}

bool exception_group_match(Value exc, Value match_type, Ref* match, Ref* rest) {
  *match = Ref::none();
  *rest = Ref::none();
  if (exc.is_none()) return true;
  if (exception_matches_type(exc, match_type)) {
    if (is_exception_group(exc)) {
      *match = Ref::borrow(exc);
      return true;
    }
    // A naked exception: except* always binds a group.
    Own<Tuple> one = tuple_from({exc});
    Ref wrapped = exception_group_new("", one.value());
    if (!wrapped) return false;
    *match = std::move(wrapped);
    return true;
  }
  if (!is_exception_group(exc)) return true;
  Ref pair = call_method1(exc, "split", match_type);
  if (!pair) return false;
  if (!is_exact_tuple(pair.get())) {
    raisef(&TypeErrorType, "%s.split must return a tuple, not %s", type_name(exc), type_name(pair.get()));
    return false;
  }
  Tuple* t = pair.as<Tuple>();
  if (t->size != 2) {
    raisef(&TypeErrorType, "%s.split must return a 2-tuple, got tuple of size %lld", type_name(exc),
           static_cast<long long>(t->size));
    return false;
  }
  *match = Ref::borrow(t->items[0]);
  *rest = Ref::borrow(t->items[1]);
  return true;
}

// Same traceback, cause and context: a part of orig that an except* clause re-raised with
// a bare `raise` (split copied these to it); anything else was raised anew.
static bool same_exception_metadata(Value a, Value b) {
  auto none_if_null = [](Value v) { return v.is_null() ? Value::none() : v; };
  auto* x = a.as<ExceptionObject>();
  auto* y = b.as<ExceptionObject>();
  return none_if_null(x->traceback) == none_if_null(y->traceback) &&
         none_if_null(x->cause) == none_if_null(y->cause) &&
         none_if_null(x->context) == none_if_null(y->context);
}

static bool collect_leaf_ids(Value exc, std::unordered_set<const Object*>* ids) {
  if (exc.is_none()) return true;
  NativeDepthGuard guard(" in collect_exception_group_leaf_ids");
  if (!guard.ok()) return false;
  if (!is_exception_group(exc)) {
    ids->insert(exc.obj());
    return true;
  }
  Own<Tuple> children = Own<Tuple>::borrow(group_excs(exc));
  for (int64_t i = 0; i < children->size; ++i)
    if (!collect_leaf_ids(children->items[i], ids)) return false;
  return true;
}

Ref exception_group_prep_reraise(Value orig, List* raised) {
  if (raised->size == 0) return Ref::none();
  if (!is_exception_group(orig)) {
    // A naked exception was caught and wrapped: only one clause ran, so there is at most
    // one thing to raise (followed by the None rest).
    return Ref::borrow(raised->items[0]);
  }
  Own<List> new_raised = list_new(0);
  Own<List> reraised = list_new(0);
  for (int64_t i = 0; i < raised->size; ++i) {
    Value e = raised->items[i];
    if (e.is_none()) continue;
    bool is_reraise = is_exception_instance(e) && same_exception_metadata(e, orig);
    if (!list_append(is_reraise ? reraised.get() : new_raised.get(), e)) return nullptr;
  }
  // The re-raised parts, projected onto orig's structure.
  std::unordered_set<const Object*> leaf_ids;
  for (int64_t i = 0; i < reraised->size; ++i)
    if (!collect_leaf_ids(reraised->items[i], &leaf_ids)) return nullptr;
  Matcher keep{MatcherKind::ByInstanceIds, Value(), &leaf_ids};
  Ref reraised_eg, unused;
  if (!split_recursive(orig, keep, false, &reraised_eg, &unused)) return nullptr;
  if (new_raised->size == 0) return reraised_eg ? std::move(reraised_eg) : Ref::none();
  // 3.11 wraps even a single new exception (3.12 stopped doing that).
  if (reraised_eg && !list_append(new_raised.get(), reraised_eg.get())) return nullptr;
  return exception_group_new("", new_raised.value());
}

// ---- the tables --------------------------------------------------------------------------------

static const GetSetDef eg_getsets[] = {
    {"message", eg_get_message, eg_readonly, "exception message"},
    {"exceptions", eg_get_exceptions, eg_readonly, "nested exceptions"},
    {nullptr}};

static const MethodDef eg_methods[] = {
    {"derive", eg_derive, 0, nullptr},
    {"split", eg_split, 0, nullptr},
    {"subgroup", eg_subgroup, 0, nullptr},
    {nullptr}};

void init_exception_group_types() {
  const uint32_t flags = kTypeBaseType | kTypeGc | kTypeExcSubclass;
  static_type_init(BaseExceptionGroupType, "BaseExceptionGroup", sizeof(ExceptionGroupObject),
                   &BaseExceptionType, flags);
  BaseExceptionGroupType.dict_offset = offsetof(ExceptionObject, dict);
  BaseExceptionGroupType.new_ = eg_new;
  BaseExceptionGroupType.dealloc = eg_dealloc;
  BaseExceptionGroupType.traverse = eg_traverse;
  BaseExceptionGroupType.clear = eg_clear;
  BaseExceptionGroupType.str = eg_str;
  BaseExceptionGroupType.getsets = eg_getsets;
  BaseExceptionGroupType.methods = eg_methods;
  BaseExceptionGroupType.doc = "A combination of multiple unrelated exceptions.";
  ready_type(&BaseExceptionGroupType);

  // ExceptionGroup(BaseExceptionGroup, Exception): same layout, two bases (C3 MRO).
  static_type_init(ExceptionGroupType, "ExceptionGroup", sizeof(ExceptionGroupObject),
                   &BaseExceptionGroupType, flags);
  ExceptionGroupType.dict_offset = offsetof(ExceptionObject, dict);
  ExceptionGroupType.bases =
      tuple_from({Value::from_obj(&BaseExceptionGroupType), Value::from_obj(&ExceptionType)}).release();
  ready_type(&ExceptionGroupType);
}

}  // namespace gilpy::rt
