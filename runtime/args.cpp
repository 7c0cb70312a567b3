// runtime/args.cpp: bind_args, the keyword-argument binder for natives (runtime/args.h).
#include "runtime/args.h"

#include <cstring>
#include <vector>

#include "runtime/errors.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

bool bind_args(const char* fname, const Value* args, size_t nargs, Tuple* kwnames,
               std::initializer_list<const char*> names, size_t required,
               std::initializer_list<Value*> outputs) {
  struct Param {
    const char* name;
    bool positional_only;
    bool keyword_only;
  };
  std::vector<Param> params;
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
    params.push_back({n, before_slash, kwonly});
  }
  std::vector<Value*> outs(outputs);
  size_t max_positional = 0;
  for (const Param& p : params)
    if (!p.keyword_only) ++max_positional;
  if (nargs > max_positional) {
    raisef(&TypeErrorType, "%s() takes at most %zu argument%s (%zu given)", fname, max_positional,
           max_positional == 1 ? "" : "s", nargs);
    return false;
  }
  std::vector<bool> given(params.size(), false);
  for (size_t i = 0; i < nargs; ++i) {
    *outs[i] = args[i];
    given[i] = true;
  }
  int64_t nkw = kwnames ? kwnames->size : 0;
  for (int64_t k = 0; k < nkw; ++k) {
    std::string key = str_to_utf8(kwnames->items[k].as<Str>());
    size_t i = 0;
    for (; i < params.size(); ++i)
      if (!params[i].positional_only && key == params[i].name) break;
    if (i == params.size()) {
      raisef(&TypeErrorType, "%s() got an unexpected keyword argument '%s'", fname, key.c_str());
      return false;
    }
    if (given[i]) {
      raisef(&TypeErrorType, "argument for %s() given by name ('%s') and position (%zu)", fname, key.c_str(),
             i + 1);
      return false;
    }
    *outs[i] = args[nargs + static_cast<size_t>(k)];
    given[i] = true;
  }
  for (size_t i = 0; i < required && i < params.size(); ++i) {
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
