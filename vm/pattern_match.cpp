// vm/pattern_match.cpp: what a subject must be for sequence, mapping and class patterns
// (see pattern_match.h).
#include "vm/pattern_match.h"

#include <string>
#include <vector>

#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/runtime.h"
#include "vm/interpreter.h"

namespace gilpy::vm {

using namespace rt;

namespace {

// isinstance(subject, _collections_abc.NAME), for the classes registered with (or derived
// from) collections.abc.Sequence / Mapping: CPython's ABCs set its type flags there, gilpy
// asks the ABC. 0 when collections.abc was never imported (nothing can be registered).
int isinstance_of_abc(Value subject, const char* name) {
  Interpreter* interp = current_interpreter();
  Value module = dict_get_cstr(interp->modules.get(), "_collections_abc");
  if (!module) return 0;
  Ref abc = getattr(module, name);
  if (!abc) return -1;
  return object_isinstance(subject, abc.get());
}

// Class patterns on these types (and their subclasses) match the subject itself
// positionally: `case int(n)` (CPython's _Py_TPFLAGS_MATCH_SELF).
bool matches_self(Type* cls) {
  static Type* const kSelfMatching[] = {&BoolType, &ByteArrayType, &BytesType, &DictType,
                                        &FloatType, &FrozenSetType, &IntType, &ListType,
                                        &SetType, &StrType, &TupleType};
  for (Type* t : kSelfMatching) {
    if (is_subtype(cls, t)) return true;
  }
  return false;
}

// One attribute a class pattern asks for: a new reference, or null: with an error pending
// for a name asked twice, without one when the subject lacks it (no match).
Ref match_class_attr(Value subject, Type* cls, Value name, Set* seen) {
  int dup = set_contains(seen, name);
  if (dup < 0) return nullptr;
  if (dup) {
    std::string r = repr_utf8(name);
    return raisef(&TypeErrorType, "%s() got multiple sub-patterns for attribute %s", cls->name, r.c_str());
  }
  if (!set_add(seen, name)) return nullptr;
  return getattr_opt(subject, name.as<Str>());
}

}  // namespace

int match_is_sequence(Value subject) {
  Type* t = type_of(subject);
  if (type_has(t, kTypeListSubclass | kTypeTupleSubclass | kTypeMatchSequence)) return 1;
  if (type_has(t, kTypeStrSubclass | kTypeDictSubclass | kTypeMatchMapping) ||
      is_subtype(t, &BytesType) || is_subtype(t, &ByteArrayType))
    return 0;
  if (!type_has(t, kTypeHeap)) return 0;
  return isinstance_of_abc(subject, "Sequence");
}

int match_is_mapping(Value subject) {
  Type* t = type_of(subject);
  if (type_has(t, kTypeDictSubclass | kTypeMatchMapping)) return 1;
  if (type_has(t, kTypeListSubclass | kTypeTupleSubclass | kTypeStrSubclass | kTypeMatchSequence) ||
      !type_has(t, kTypeHeap))
    return 0;
  return isinstance_of_abc(subject, "Mapping");
}

Ref match_keys(Value subject, Value keys) {
  Tuple* wanted = keys.as<Tuple>();
  Own<Tuple> values = tuple_new(wanted->size);
  if (wanted->size == 0) return values.into_ref();
  Ref get = getattr(subject, "get");
  if (!get) return nullptr;
  Ref missing = call0(Value::from_obj(&ObjectType));  // a default no mapping can hold
  if (!missing) return nullptr;
  Own<Set> seen = set_new();
  for (int64_t i = 0; i < wanted->size; i++) {
    Value key = wanted->items[i];
    int dup = set_contains(seen.get(), key);
    if (dup < 0) return nullptr;
    if (dup) {
      std::string r = repr_utf8(key);
      return raisef(&ValueErrorType, "mapping pattern checks duplicate key (%s)", r.c_str());
    }
    if (!set_add(seen.get(), key)) return nullptr;
    Ref value = call2(get.get(), key, missing.get());
    if (!value) return nullptr;
    if (value.get() == missing.get()) return Ref::none();
    values->items[i] = value.release();
  }
  return values.into_ref();
}

Ref match_class(Value subject, Value cls, int nargs, Value names) {
  if (!cls.is_obj() || !type_has(cls.obj()->type, kTypeTypeSubclass))
    return raisef(&TypeErrorType, "called match pattern must be a type");
  Type* type = cls.as<Type>();
  int is_instance = object_isinstance(subject, cls);
  if (is_instance < 0) return nullptr;
  if (!is_instance) return Ref::none();
  Tuple* keyword_names = names.as<Tuple>();
  std::vector<Ref> attrs;
  attrs.reserve(static_cast<size_t>(nargs + keyword_names->size));
  Own<Set> seen = set_new();
  if (nargs > 0) {
    Ref match_args = getattr_opt(cls, intern("__match_args__"));
    if (!match_args && error_pending()) return nullptr;
    bool match_self = false;
    int64_t allowed;
    if (match_args) {
      if (!match_args.get().is_obj() || match_args.get().obj()->type != &TupleType)
        return raisef(&TypeErrorType, "%s.__match_args__ must be a tuple (got %s)", type->name,
                      type_name(match_args.get()));
      allowed = match_args.get().as<Tuple>()->size;
    } else {
      match_self = matches_self(type);
      allowed = match_self ? 1 : 0;
    }
    if (allowed < nargs)
      return raisef(&TypeErrorType, "%s() accepts %lld positional sub-pattern%s (%d given)", type->name,
                    static_cast<long long>(allowed), allowed == 1 ? "" : "s", nargs);
    if (match_self) {
      attrs.push_back(Ref::borrow(subject));
    } else {
      for (int i = 0; i < nargs; i++) {
        Value name = match_args.get().as<Tuple>()->items[i];
        if (!is_str(name))
          return raisef(&TypeErrorType, "__match_args__ elements must be strings (got %s)", type_name(name));
        Ref attr = match_class_attr(subject, type, name, seen.get());
        if (!attr) return error_pending() ? nullptr : Ref::none();
        attrs.push_back(std::move(attr));
      }
    }
  }
  for (int64_t i = 0; i < keyword_names->size; i++) {
    Ref attr = match_class_attr(subject, type, keyword_names->items[i], seen.get());
    if (!attr) return error_pending() ? nullptr : Ref::none();
    attrs.push_back(std::move(attr));
  }
  Own<Tuple> result = tuple_new(static_cast<int64_t>(attrs.size()));
  for (size_t i = 0; i < attrs.size(); i++) result->items[i] = attrs[i].release();
  return result.into_ref();
}

}  // namespace gilpy::vm
