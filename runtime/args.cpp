// runtime/args.cpp: bind_args, the keyword-argument binder for natives (runtime/args.h).
#include "runtime/args.h"

#include <cstring>

#include "runtime/errors.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

namespace {

constexpr size_t kMaxParams = 32;  // more than any native has

// Whether the keyword `key` spells `name` (ASCII names compare without a copy).
bool keyword_is(Str* key, const char* name) {
  if (key->kind == 1) return key->ascii_view() == name;
  return str_to_utf8(key) == name;
}

}  // namespace

// Runs on every call of a native with named parameters: no allocation, stack tables only.
bool bind_args(const char* fname, const Value* args, size_t nargs, Tuple* kwnames,
               std::initializer_list<const char*> names, size_t required,
               std::initializer_list<Value*> outputs) {
  struct Param {
    const char* name;
    bool positional_only;
    bool keyword_only;
  };
  Param params[kMaxParams];
  size_t nparams = 0;
  bool posonly_section = false;
  for (const char* n : names)
    if (std::strcmp(n, "/") == 0) posonly_section = true;
  bool kwonly = false;
  bool before_slash = posonly_section;
  for (const char* n : names) {
    if (std::strcmp(n, "/") == 0) {
      before_slash = false;
      continue;
    }
    if (std::strcmp(n, "*") == 0) {
      kwonly = true;
      continue;
    }
    if (nparams == kMaxParams) {
      raisef(&SystemErrorType, "%s(): too many parameters for bind_args", fname);
      return false;
    }
    params[nparams++] = {n, before_slash, kwonly};
  }
  Value* const* outs = outputs.begin();
  size_t max_positional = 0;
  for (size_t i = 0; i < nparams; ++i)
    if (!params[i].keyword_only) ++max_positional;
  if (nargs > max_positional) {
    raisef(&TypeErrorType, "%s() takes at most %zu argument%s (%zu given)", fname, max_positional,
           max_positional == 1 ? "" : "s", nargs);
    return false;
  }
  bool given[kMaxParams] = {};
  for (size_t i = 0; i < nargs; ++i) {
    *outs[i] = args[i];
    given[i] = true;
  }
  int64_t nkw = kwnames ? kwnames->size : 0;
  for (int64_t k = 0; k < nkw; ++k) {
    Str* key = kwnames->items[k].as<Str>();
    size_t i = 0;
    for (; i < nparams; ++i)
      if (!params[i].positional_only && keyword_is(key, params[i].name)) break;
    if (i == nparams) {
      raisef(&TypeErrorType, "%s() got an unexpected keyword argument '%s'", fname, str_to_utf8(key).c_str());
      return false;
    }
    if (given[i]) {
      raisef(&TypeErrorType, "argument for %s() given by name ('%s') and position (%zu)", fname,
             str_to_utf8(key).c_str(), i + 1);
      return false;
    }
    *outs[i] = args[nargs + static_cast<size_t>(k)];
    given[i] = true;
  }
  for (size_t i = 0; i < required && i < nparams; ++i) {
    if (!given[i]) {
      if (params[i].keyword_only)
        raisef(&TypeErrorType, "%s() missing required keyword-only argument: '%s'", fname, params[i].name);
      else
        raisef(&TypeErrorType, "%s() missing required argument '%s' (pos %zu)", fname, params[i].name, i + 1);
      return false;
    }
  }
  return true;
}

}  // namespace gilpy::rt
