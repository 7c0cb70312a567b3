// stdlib/sre/sre_module.cpp: the _sre module under CPython's own `re` package: compile()
// makes a Pattern of the code re._compiler produced; Pattern's methods (match, fullmatch,
// search, findall, finditer, sub, subn, split, scanner) run the matcher of
// stdlib/sre/sre_engine.h and return Match objects. Templates with backslashes in sub()
// are parsed by re._subx, in Python, as CPython's _sre does it.
#include <new>
#include <string>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/mappingproxy.h"
#include "runtime/typeobject.h"
#include "runtime/weakref.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "stdlib/sre/sre_engine.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;
using sre::MatchState;

namespace {

Type PatternType;
Type MatchType;
Type ScannerType;

struct PatternObject : Object {
  Value pattern;     // owned: the source str or bytes (or None)
  Value groupindex;  // owned: dict name -> group number
  Value indexgroup;  // owned: tuple group number -> name or None
  int64_t flags;
  int64_t groups;
  bool is_bytes;
  std::vector<uint32_t> code;
};

struct MatchObject : Object {
  Value string;   // owned: the subject
  Value pattern;  // owned: the Pattern
  int64_t pos, endpos, lastindex;
  std::vector<int64_t> spans;  // 2 * (groups + 1): group 0 first, -1 unset
};

struct ScannerObject : Object {
  Value pattern;  // owned
  Value string;   // owned
  int64_t begin, pos, endpos;  // begin: where ^ matches (the pos it was made with)
  int64_t must_advance_from;    // after an empty match: no empty match here again
  bool done;
};

PatternObject* as_pattern(Value v) { return static_cast<PatternObject*>(v.obj()); }
MatchObject* as_match(Value v) { return static_cast<MatchObject*>(v.obj()); }
ScannerObject* as_scanner(Value v) { return static_cast<ScannerObject*>(v.obj()); }

// ---- the subject --------------------------------------------------------------------------

// A subject's characters, and the buffer that keeps a bytes-like subject's memory.
struct SubjectView {
  sre::Subject subject;
  Buffer buffer;
};

bool get_subject(PatternObject* p, Value string, SubjectView* out) {
  if (is_str(string)) {
    if (p->is_bytes) {
      raise(&TypeErrorType, "cannot use a bytes pattern on a string-like object");
      return false;
    }
    Str* s = string.as<Str>();
    out->subject.width = s->kind == 1 ? 1 : 4;
    out->subject.data = s->kind == 1 ? static_cast<const void*>(s->ascii()) : static_cast<const void*>(s->ucs4());
    out->subject.length = s->length;
    return true;
  }
  if (!is_bytes_like(string)) {
    raisef(&TypeErrorType, "expected string or bytes-like object, got '%s'", type_name(string));
    return false;
  }
  if (!p->is_bytes) {
    raise(&TypeErrorType, "cannot use a string pattern on a bytes-like object");
    return false;
  }
  if (!buffer_get(string, &out->buffer)) return false;
  out->subject.width = 1;
  out->subject.data = out->buffer.data;
  out->subject.length = out->buffer.len;
  return true;
}

int64_t clamp(int64_t v, int64_t length) { return v < 0 ? 0 : v > length ? length : v; }

Ref slice_of(Value string, int64_t a, int64_t b) {
  if (a < 0 || b < 0) return Ref::none();
  if (is_str(string)) return str_substr(string.as<Str>(), a, b).into_ref();
  if (is_bytes(string)) return bytes_new(string.as<Bytes>()->view().substr(size_t(a), size_t(b - a))).into_ref();
  Ref sa = make_int(a), sb = make_int(b);
  Ref sl = slice_new(sa.get(), sb.get(), Value::none());
  return sl ? get_item(string, sl.get()) : nullptr;
}

// One attempt over [pos, endpos): a Match, None, or null with an exception pending.
Ref make_match(Value pattern, Value string, const MatchState& st, int64_t start, int64_t end) {
  PatternObject* p = as_pattern(pattern);
  auto* m = alloc<MatchObject>(&MatchType);
  new (&m->spans) std::vector<int64_t>(size_t(2 * (p->groups + 1)), -1);
  m->string = (incref(string), string);
  m->pattern = (incref(pattern), pattern);
  m->pos = st.start;
  m->endpos = st.end;
  m->spans[0] = start;
  m->spans[1] = end;
  for (int64_t g = 0; g < p->groups; ++g) {
    size_t i = size_t(2 * g);
    if (i + 1 < st.marks.size() && st.marks[i] >= 0 && st.marks[i + 1] >= 0 && st.marks[i] <= st.marks[i + 1]) {
      m->spans[i + 2] = st.marks[i];
      m->spans[i + 3] = st.marks[i + 1];
    }
  }
  m->lastindex = st.lastindex;
  return Ref::steal(Value::from_obj(m));
}

struct Attempt {
  SubjectView view;
  MatchState st;
};

bool prepare(Value pattern, Value string, int64_t pos, int64_t endpos, Attempt* a) {
  PatternObject* p = as_pattern(pattern);
  if (!get_subject(p, string, &a->view)) return false;
  a->st.code = p->code.data();
  a->st.code_size = p->code.size();
  a->st.subject = a->view.subject;
  a->st.start = clamp(pos, a->view.subject.length);
  a->st.end = clamp(endpos, a->view.subject.length);
  a->st.marks.assign(size_t(2 * p->groups), -1);
  return true;
}

enum class Mode { kMatch, kFullMatch, kSearch };

// Runs one attempt from a->st.start; the match's span in *start/*end. False: no match
// (or an error, with a->st.error).
bool attempt(Attempt* a, Mode mode, int64_t from, int64_t* start, int64_t* end) {
  if (from > a->st.end) return false;
  a->st.full = mode == Mode::kFullMatch;
  if (mode == Mode::kSearch) {
    *start = sre::search_from(a->st, from, end);
    return *start >= 0;
  }
  *start = from;
  return sre::match_at(a->st, from, end);
}

// ---- argument parsing ----------------------------------------------------------------------

bool bind_string_pos(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, Value* string, int64_t* pos,
                     int64_t* endpos) {
  Value pv = Value::small_int(0), ev = Value();
  if (!bind_args(fname, args, nargs, kwnames, {"string", "pos", "endpos"}, 1, {string, &pv, &ev})) return false;
  auto p = index_as_int64(pv);
  if (!p) return false;
  *pos = *p;
  *endpos = INT64_MAX;
  if (!ev.is_null()) {
    auto e = index_as_int64(ev);
    if (!e) return false;
    *endpos = *e;
  }
  return true;
}

Ref run_mode(Value self, const Value* args, size_t nargs, Tuple* kwnames, const char* fname, Mode mode) {
  Value string;
  int64_t pos, endpos;
  if (!bind_string_pos(fname, args, nargs, kwnames, &string, &pos, &endpos)) return nullptr;
  Attempt a;
  if (!prepare(self, string, pos, endpos, &a)) return nullptr;
  int64_t start, end;
  if (!attempt(&a, mode, a.st.start, &start, &end)) return a.st.error ? nullptr : Ref::none();
  return make_match(self, string, a.st, start, end);
}

Ref pattern_match(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return run_mode(self, args, nargs, kwnames, "match", Mode::kMatch);
}
Ref pattern_fullmatch(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return run_mode(self, args, nargs, kwnames, "fullmatch", Mode::kFullMatch);
}
Ref pattern_search(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return run_mode(self, args, nargs, kwnames, "search", Mode::kSearch);
}

// Calls fn(start, end) for each successive non-overlapping match (an empty match right
// after another match's end is refused, as CPython 3.7+), up to `limit` (0: all).
template <class Fn>
bool each_match(Attempt* a, int64_t limit, Fn fn) {
  int64_t from = a->st.start, n = 0;
  a->st.must_advance_from = -1;
  while (limit == 0 || n < limit) {
    int64_t start, end;
    if (!attempt(a, Mode::kSearch, from, &start, &end)) return !a->st.error;
    if (!fn(start, end)) return false;
    ++n;
    a->st.must_advance_from = end == start ? end : -1;
    from = end;
  }
  return true;
}

Ref group_value(Value string, const MatchState& st, int64_t g) {
  size_t i = size_t(2 * (g - 1));
  if (i + 1 >= st.marks.size() || st.marks[i] < 0 || st.marks[i + 1] < 0 || st.marks[i] > st.marks[i + 1])
    return Ref::none();
  return slice_of(string, st.marks[i], st.marks[i + 1]);
}

Ref pattern_findall(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value string;
  int64_t pos, endpos;
  if (!bind_string_pos("findall", args, nargs, kwnames, &string, &pos, &endpos)) return nullptr;
  Attempt a;
  if (!prepare(self, string, pos, endpos, &a)) return nullptr;
  int64_t groups = as_pattern(self)->groups;
  Own<List> out = list_new(0);
  Ref empty = slice_of(string, 0, 0);
  bool ok = each_match(&a, 0, [&](int64_t start, int64_t end) {
    Ref item;
    if (groups == 0) {
      item = slice_of(string, start, end);
    } else if (groups == 1) {
      item = group_value(string, a.st, 1);
      if (item && item.get().is_none()) item = empty;
    } else {
      Own<Tuple> t = tuple_new(groups);
      for (int64_t g = 1; g <= groups; ++g) {
        Ref v = group_value(string, a.st, g);
        if (!v) return false;
        if (v.get().is_none()) v = empty;
        t->items[g - 1] = v.release();
      }
      item = t.into_ref();
    }
    return item && list_append(out.get(), item.get());
  });
  if (!ok) return nullptr;
  return out.into_ref();
}

Ref pattern_split(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value string, maxsplit_v = Value::small_int(0);
  if (!bind_args("split", args, nargs, kwnames, {"string", "maxsplit"}, 1, {&string, &maxsplit_v})) return nullptr;
  auto maxsplit = index_as_int64(maxsplit_v);
  if (!maxsplit) return nullptr;
  Attempt a;
  if (!prepare(self, string, 0, INT64_MAX, &a)) return nullptr;
  Own<List> out = list_new(0);
  if (*maxsplit < 0) {
    Ref whole = slice_of(string, 0, a.view.subject.length);
    if (!whole || !list_append(out.get(), whole.get())) return nullptr;
    return out.into_ref();
  }
  int64_t groups = as_pattern(self)->groups;
  int64_t last = 0;
  bool ok = each_match(&a, *maxsplit, [&](int64_t start, int64_t end) {
    Ref piece = slice_of(string, last, start);
    if (!piece || !list_append(out.get(), piece.get())) return false;
    for (int64_t g = 1; g <= groups; ++g) {
      Ref v = group_value(string, a.st, g);
      if (!v || !list_append(out.get(), v.get())) return false;
    }
    last = end;
    return true;
  });
  if (!ok) return nullptr;
  Ref rest = slice_of(string, last, a.view.subject.length);
  if (!rest || !list_append(out.get(), rest.get())) return nullptr;
  return out.into_ref();
}

// The replacement for sub(): a literal, or a callable of the match (repl itself, or what
// re._subx makes of a template with backslashes).
bool replacement_for(Value self, Value repl, Ref* literal, Ref* filter) {
  if (is_callable(repl)) {
    *filter = Ref::borrow(repl);
    return true;
  }
  bool has_backslash = false;
  if (is_str(repl)) {
    Str* s = repl.as<Str>();
    for (int64_t i = 0; i < s->length && !has_backslash; ++i) has_backslash = s->at(i) == '\\';
  } else if (is_bytes(repl)) {
    has_backslash = repl.as<Bytes>()->view().find('\\') != std::string_view::npos;
  } else {
    has_backslash = true;  // re._subx reports what is wrong with it
  }
  if (!has_backslash) {
    *literal = Ref::borrow(repl);
    return true;
  }
  Ref re = vm::import_module("re");
  if (!re) return false;
  Ref subx = getattr(re.get(), intern("_subx"));
  if (!subx) return false;
  Ref made = call2(subx.get(), self, repl);
  if (!made) return false;
  if (is_callable(made.get())) *filter = made;
  else *literal = made;
  return true;
}

Ref substitute(Value self, const Value* args, size_t nargs, Tuple* kwnames, const char* fname, bool with_count) {
  Value repl, string, count_v = Value::small_int(0);
  if (!bind_args(fname, args, nargs, kwnames, {"repl", "string", "count"}, 2, {&repl, &string, &count_v}))
    return nullptr;
  auto count = index_as_int64(count_v);
  if (!count) return nullptr;
  Ref literal, filter;
  if (!replacement_for(self, repl, &literal, &filter)) return nullptr;
  Attempt a;
  if (!prepare(self, string, 0, INT64_MAX, &a)) return nullptr;
  bool is_bytes_pattern = as_pattern(self)->is_bytes;
  std::vector<Ref> pieces;
  int64_t last = 0, n = 0;
  bool ok = each_match(&a, *count < 0 ? -1 : *count, [&](int64_t start, int64_t end) {
    if (*count < 0) return false;
    Ref before = slice_of(string, last, start);
    if (!before) return false;
    pieces.push_back(std::move(before));
    Ref piece = literal;
    if (filter) {
      Ref m = make_match(self, string, a.st, start, end);
      if (!m) return false;
      piece = call1(filter.get(), m.get());
      if (!piece) return false;
    }
    if (!piece.get().is_none()) {
      if (is_bytes_pattern ? !is_bytes_like(piece.get()) : !is_str(piece.get())) {
        raisef(&TypeErrorType, "expected %s instance, %s found", is_bytes_pattern ? "a bytes-like object" : "str",
               type_name(piece.get()));
        return false;
      }
      pieces.push_back(std::move(piece));
    }
    last = end;
    ++n;
    return true;
  });
  if (!ok && error_pending()) return nullptr;
  Ref result;
  if (n == 0 && (is_exact_str(string) || is_exact_bytes(string))) {
    result = Ref::borrow(string);
  } else {
    Ref rest = slice_of(string, last, a.view.subject.length);
    if (!rest) return nullptr;
    pieces.push_back(std::move(rest));
    if (is_bytes_pattern) {
      std::string joined;
      for (Ref& p : pieces) {
        Buffer b;
        if (!buffer_get(p.get(), &b)) return nullptr;
        joined += std::string(b.view());
      }
      result = bytes_new(joined).into_ref();
    } else {
      std::vector<Value> items;
      for (Ref& p : pieces) items.push_back(p.get());
      Own<Str> empty = str_from_ascii("");
      result = str_join_array(empty.get(), items.data(), int64_t(items.size()));
      if (!result) return nullptr;
    }
  }
  if (!with_count) return result;
  Ref nref = make_int(n);
  return tuple_from({result.get(), nref.get()}).into_ref();
}

Ref pattern_sub(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return substitute(self, args, nargs, kwnames, "sub", false);
}
Ref pattern_subn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return substitute(self, args, nargs, kwnames, "subn", true);
}

Ref make_scanner(Value self, Value string, int64_t pos, int64_t endpos) {
  SubjectView view;
  if (!get_subject(as_pattern(self), string, &view)) return nullptr;
  auto* sc = alloc<ScannerObject>(&ScannerType);
  sc->pattern = (incref(self), self);
  sc->string = (incref(string), string);
  sc->pos = sc->begin = clamp(pos, view.subject.length);
  sc->endpos = clamp(endpos, view.subject.length);
  sc->must_advance_from = -1;
  return Ref::steal(Value::from_obj(sc));
}

Ref pattern_scanner(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value string;
  int64_t pos, endpos;
  if (!bind_string_pos("scanner", args, nargs, kwnames, &string, &pos, &endpos)) return nullptr;
  return make_scanner(self, string, pos, endpos);
}

Ref pattern_finditer(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value string;
  int64_t pos, endpos;
  if (!bind_string_pos("finditer", args, nargs, kwnames, &string, &pos, &endpos)) return nullptr;
  Ref sc = make_scanner(self, string, pos, endpos);
  if (!sc) return nullptr;
  Ref search = getattr(sc.get(), intern("search"));
  if (!search) return nullptr;
  Value iter_fn = dict_get_cstr(vm::current_interpreter()->builtins_dict.get(), "iter");
  if (iter_fn.is_null()) return raise(&RuntimeErrorType, "lost builtins.iter");
  return call2(iter_fn, search.get(), Value::none());
}

Ref scanner_next(Value self, Mode mode) {
  ScannerObject* sc = as_scanner(self);
  if (sc->done) return Ref::none();
  Attempt a;
  if (!prepare(sc->pattern, sc->string, sc->begin, sc->endpos, &a)) return nullptr;
  a.st.must_advance_from = sc->must_advance_from;
  int64_t start, end;
  if (!attempt(&a, mode, sc->pos, &start, &end)) {
    sc->done = true;
    return a.st.error ? nullptr : Ref::none();
  }
  Ref m = make_match(sc->pattern, sc->string, a.st, start, end);
  sc->must_advance_from = end == start ? end : -1;
  sc->pos = end;
  return m;
}

Ref scanner_match(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("match", kwnames) || !check_nargs("match", nargs, 0, 0)) return nullptr;
  return scanner_next(self, Mode::kMatch);
}
Ref scanner_search(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("search", kwnames) || !check_nargs("search", nargs, 0, 0)) return nullptr;
  return scanner_next(self, Mode::kSearch);
}

// ---- Pattern attributes -------------------------------------------------------------------

Ref pattern_repr(Value self) {
  PatternObject* p = as_pattern(self);
  Ref source = repr(p->pattern);
  if (!source) return nullptr;
  std::string text = str_to_utf8(source.as<Str>());
  // CPython keeps at most 200 characters of the pattern's repr.
  Own<Str> src = str_from_utf8(text);
  if (src->length > 200) text = str_to_utf8(str_substr(src.get(), 0, 200).get());
  static const struct { const char* name; int64_t value; } names[] = {
      {"re.TEMPLATE", 1}, {"re.IGNORECASE", 2}, {"re.LOCALE", 4}, {"re.MULTILINE", 8}, {"re.DOTALL", 16},
      {"re.UNICODE", 32}, {"re.VERBOSE", 64}, {"re.DEBUG", 128}, {"re.ASCII", 256}};
  int64_t flags = p->flags;
  if (!p->is_bytes && (flags & (4 | 32 | 256)) == 32) flags &= ~int64_t(32);
  std::string flag_text;
  for (const auto& n : names) {
    if (!(flags & n.value)) continue;
    if (!flag_text.empty()) flag_text += "|";
    flag_text += n.name;
    flags &= ~n.value;
  }
  if (flags) {
    if (!flag_text.empty()) flag_text += "|";
    flag_text += strfmt("0x%llx", static_cast<long long>(flags));
  }
  return new_str("re.compile(" + text + (flag_text.empty() ? "" : ", " + flag_text) + ")");
}

Ref pattern_richcompare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || type_of(b) != &PatternType) return Ref::borrow(not_implemented());
  PatternObject *x = as_pattern(a), *y = as_pattern(b);
  bool same = a == b;
  if (!same && x->flags == y->flags && x->is_bytes == y->is_bytes && x->code == y->code) {
    int eq = rich_compare_bool(x->pattern, y->pattern, CompareOp::Eq);
    if (eq < 0) return nullptr;
    same = eq;
  }
  return Ref::boolean(op == CompareOp::Eq ? same : !same);
}

int64_t pattern_hash(Value self) {
  PatternObject* p = as_pattern(self);
  int64_t h = hash(p->pattern);
  if (h == -1) return -1;
  uint64_t code_hash = 1469598103934665603ull;
  for (uint32_t w : p->code) code_hash = (code_hash ^ w) * 1099511628211ull;
  int64_t r = h ^ int64_t(code_hash >> 1) ^ p->flags ^ p->is_bytes;
  return r == -1 ? -2 : r;
}

Ref pattern_get_pattern(Value self) { return Ref::borrow(as_pattern(self)->pattern); }
Ref pattern_get_flags(Value self) { return make_int(as_pattern(self)->flags); }
Ref pattern_get_groups(Value self) { return make_int(as_pattern(self)->groups); }
Ref pattern_get_groupindex(Value self) { return mappingproxy_new(as_pattern(self)->groupindex); }

Ref return_self(Value self, const Value*, size_t, Tuple*) { return Ref::borrow(self); }

const MethodDef pattern_methods[] = {
    {"match", pattern_match, 0, "Matches zero or more characters at the beginning of the string."},
    {"fullmatch", pattern_fullmatch, 0, "Matches against all of the string."},
    {"search", pattern_search, 0, "Scan through string looking for a match, and return a corresponding match object instance."},
    {"findall", pattern_findall, 0, "Return a list of all non-overlapping matches of pattern in string."},
    {"finditer", pattern_finditer, 0, "Return an iterator over all non-overlapping matches for the RE pattern in string."},
    {"sub", pattern_sub, 0, "Return the string obtained by replacing the leftmost non-overlapping occurrences of pattern in string by the replacement repl."},
    {"subn", pattern_subn, 0, "Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost non-overlapping occurrences of pattern with the replacement repl."},
    {"split", pattern_split, 0, "Split string by the occurrences of pattern."},
    {"scanner", pattern_scanner, 0, nullptr},
    {"__copy__", return_self, 0, nullptr},
    {"__deepcopy__", return_self, 0, nullptr},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr}};

const GetSetDef pattern_getsets[] = {{"pattern", pattern_get_pattern, nullptr, "The pattern string from which the RE object was compiled."},
                                     {"flags", pattern_get_flags, nullptr, "The regex matching flags."},
                                     {"groups", pattern_get_groups, nullptr, "The number of capturing groups in the pattern."},
                                     {"groupindex", pattern_get_groupindex, nullptr, "A dictionary mapping group names to group numbers."},
                                     {nullptr}};

void pattern_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* p = static_cast<PatternObject*>(o);
  for (Value v : {p->pattern, p->groupindex, p->indexgroup})
    if (!v.is_null()) visit(v, ctx);
}
void pattern_clear(Object* o) {
  auto* p = static_cast<PatternObject*>(o);
  for (Value* v : {&p->pattern, &p->groupindex, &p->indexgroup}) {
    Value old = *v;
    *v = Value();
    if (!old.is_null()) decref(old);
  }
}
void pattern_dealloc(Object* o) {
  gc_untrack(o);
  pattern_clear(o);
  static_cast<PatternObject*>(o)->code.~vector();
  free_object(o);
}

// ---- Match ---------------------------------------------------------------------------------

// A group given by number or name: its index, or -1 with IndexError pending.
int64_t group_index(MatchObject* m, Value g) {
  PatternObject* p = as_pattern(m->pattern);
  if (is_int(g) || (!is_str(g) && !is_bytes(g) && type_of(g)->number && hasattr(g, intern("__index__")))) {
    auto i = index_as_int64(g);
    if (!i) {
      clear_error();
    } else if (*i >= 0 && *i <= p->groups) {
      return *i;
    }
  } else if (is_dict(p->groupindex)) {
    Value i = dict_get(p->groupindex.as<Dict>(), g);
    if (!i.is_null() && i.is_small_int()) return i.small_int();
    if (error_pending()) clear_error();
  }
  raise(&IndexErrorType, "no such group");
  return -1;
}

Ref group_of(MatchObject* m, int64_t g, Value dflt = Value::none()) {
  int64_t a = m->spans[size_t(2 * g)], b = m->spans[size_t(2 * g + 1)];
  if (a < 0 || b < 0) return Ref::borrow(dflt);
  return slice_of(m->string, a, b);
}

Ref match_group(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("group", kwnames)) return nullptr;
  MatchObject* m = as_match(self);
  if (nargs == 0) return group_of(m, 0);
  if (nargs == 1) {
    int64_t g = group_index(m, args[0]);
    return g < 0 ? nullptr : group_of(m, g);
  }
  Own<Tuple> t = tuple_new(int64_t(nargs));
  for (size_t i = 0; i < nargs; ++i) {
    int64_t g = group_index(m, args[i]);
    if (g < 0) return nullptr;
    Ref v = group_of(m, g);
    if (!v) return nullptr;
    t->items[i] = v.release();
  }
  return t.into_ref();
}

Ref match_getitem(Value self, Value key) {
  MatchObject* m = as_match(self);
  int64_t g = group_index(m, key);
  return g < 0 ? nullptr : group_of(m, g);
}

Ref match_groups(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value dflt = Value::none();
  if (!bind_args("groups", args, nargs, kwnames, {"default"}, 0, {&dflt})) return nullptr;
  MatchObject* m = as_match(self);
  int64_t groups = as_pattern(m->pattern)->groups;
  Own<Tuple> t = tuple_new(groups);
  for (int64_t g = 1; g <= groups; ++g) {
    Ref v = group_of(m, g, dflt);
    if (!v) return nullptr;
    t->items[g - 1] = v.release();
  }
  return t.into_ref();
}

Ref match_groupdict(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value dflt = Value::none();
  if (!bind_args("groupdict", args, nargs, kwnames, {"default"}, 0, {&dflt})) return nullptr;
  MatchObject* m = as_match(self);
  Own<Dict> out = dict_new();
  Value gi = as_pattern(m->pattern)->groupindex;
  if (is_dict(gi)) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(gi.as<Dict>(), &pos, &k, &v)) {
      if (!v.is_small_int()) continue;
      Ref val = group_of(m, v.small_int(), dflt);
      if (!val || !dict_set(out.get(), k, val.get())) return nullptr;
    }
  }
  return out.into_ref();
}

Ref match_position(Value self, const Value* args, size_t nargs, Tuple* kwnames, const char* fname, int which) {
  if (!check_no_kwargs(fname, kwnames) || !check_nargs(fname, nargs, 0, 1)) return nullptr;
  MatchObject* m = as_match(self);
  int64_t g = nargs ? group_index(m, args[0]) : 0;
  if (g < 0) return nullptr;
  int64_t a = m->spans[size_t(2 * g)], b = m->spans[size_t(2 * g + 1)];
  if (which == 0) return make_int(a);
  if (which == 1) return make_int(b);
  Ref ra = make_int(a), rb = make_int(b);
  return tuple_from({ra.get(), rb.get()}).into_ref();
}
Ref match_start(Value self, const Value* a, size_t n, Tuple* k) { return match_position(self, a, n, k, "start", 0); }
Ref match_end(Value self, const Value* a, size_t n, Tuple* k) { return match_position(self, a, n, k, "end", 1); }
Ref match_span(Value self, const Value* a, size_t n, Tuple* k) { return match_position(self, a, n, k, "span", 2); }

Ref match_expand(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value tmpl;
  if (!bind_args("expand", args, nargs, kwnames, {"template"}, 1, {&tmpl})) return nullptr;
  Ref re = vm::import_module("re");
  if (!re) return nullptr;
  Ref expand = getattr(re.get(), intern("_expand"));
  if (!expand) return nullptr;
  Value call_args[] = {as_match(self)->pattern, self, tmpl};
  return call(expand.get(), call_args, 3);
}

Ref match_repr(Value self) {
  MatchObject* m = as_match(self);
  Ref g0 = group_of(m, 0);
  if (!g0) return nullptr;
  Ref text = repr(g0.get());
  if (!text) return nullptr;
  return new_str(strfmt("<re.Match object; span=(%lld, %lld), match=%s>", static_cast<long long>(m->spans[0]),
                        static_cast<long long>(m->spans[1]), str_to_utf8(text.as<Str>()).c_str()));
}

Ref match_get_string(Value self) { return Ref::borrow(as_match(self)->string); }
Ref match_get_re(Value self) { return Ref::borrow(as_match(self)->pattern); }
Ref match_get_pos(Value self) { return make_int(as_match(self)->pos); }
Ref match_get_endpos(Value self) { return make_int(as_match(self)->endpos); }
Ref match_get_lastindex(Value self) {
  int64_t i = as_match(self)->lastindex;
  return i < 0 ? Ref::none() : make_int(i);
}
Ref match_get_lastgroup(Value self) {
  MatchObject* m = as_match(self);
  Value ig = as_pattern(m->pattern)->indexgroup;
  if (m->lastindex < 0 || !is_tuple(ig) || m->lastindex >= ig.as<Tuple>()->size) return Ref::none();
  return Ref::borrow(ig.as<Tuple>()->items[m->lastindex]);
}
Ref match_get_regs(Value self) {
  MatchObject* m = as_match(self);
  int64_t n = int64_t(m->spans.size() / 2);
  Own<Tuple> t = tuple_new(n);
  for (int64_t g = 0; g < n; ++g) {
    Ref a = make_int(m->spans[size_t(2 * g)]), b = make_int(m->spans[size_t(2 * g + 1)]);
    t->items[g] = Value::from_obj(tuple_from({a.get(), b.get()}).release());
  }
  return t.into_ref();
}

const MethodDef match_methods[] = {
    {"group", match_group, 0, "group([group1, ...]) -> str or tuple."},
    {"groups", match_groups, 0, "Return a tuple containing all the subgroups of the match, from 1."},
    {"groupdict", match_groupdict, 0, "Return a dictionary containing all the named subgroups of the match, keyed by the subgroup name."},
    {"start", match_start, 0, "Return index of the start of the substring matched by group."},
    {"end", match_end, 0, "Return index of the end of the substring matched by group."},
    {"span", match_span, 0, "For match object m, return the 2-tuple (m.start(group), m.end(group))."},
    {"expand", match_expand, 0, "Return the string obtained by doing backslash substitution on the string template, as done by the sub() method."},
    {"__copy__", return_self, 0, nullptr},
    {"__deepcopy__", return_self, 0, nullptr},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr}};

const GetSetDef match_getsets[] = {{"string", match_get_string, nullptr, nullptr},
                                   {"re", match_get_re, nullptr, nullptr},
                                   {"pos", match_get_pos, nullptr, nullptr},
                                   {"endpos", match_get_endpos, nullptr, nullptr},
                                   {"lastindex", match_get_lastindex, nullptr, nullptr},
                                   {"lastgroup", match_get_lastgroup, nullptr, nullptr},
                                   {"regs", match_get_regs, nullptr, nullptr},
                                   {nullptr}};

void match_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* m = static_cast<MatchObject*>(o);
  for (Value v : {m->string, m->pattern})
    if (!v.is_null()) visit(v, ctx);
}
void match_clear(Object* o) {
  auto* m = static_cast<MatchObject*>(o);
  for (Value* v : {&m->string, &m->pattern}) {
    Value old = *v;
    *v = Value();
    if (!old.is_null()) decref(old);
  }
}
void match_dealloc(Object* o) {
  gc_untrack(o);
  match_clear(o);
  static_cast<MatchObject*>(o)->spans.~vector();
  free_object(o);
}

const MethodDef scanner_methods[] = {{"match", scanner_match, 0, nullptr}, {"search", scanner_search, 0, nullptr}, {nullptr}};

Ref scanner_get_pattern(Value self) { return Ref::borrow(as_scanner(self)->pattern); }
const GetSetDef scanner_getsets[] = {{"pattern", scanner_get_pattern, nullptr, nullptr}, {nullptr}};

void scanner_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* s = static_cast<ScannerObject*>(o);
  for (Value v : {s->pattern, s->string})
    if (!v.is_null()) visit(v, ctx);
}
void scanner_clear(Object* o) {
  auto* s = static_cast<ScannerObject*>(o);
  for (Value* v : {&s->pattern, &s->string}) {
    Value old = *v;
    *v = Value();
    if (!old.is_null()) decref(old);
  }
}
void scanner_dealloc(Object* o) {
  gc_untrack(o);
  scanner_clear(o);
  free_object(o);
}

// ---- module functions ------------------------------------------------------------------

// compile(pattern, flags, code, groups, groupindex, indexgroup)
Ref sre_compile(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value pattern, flags, code, groups, groupindex, indexgroup;
  if (!bind_args("compile", args, nargs, kwnames, {"pattern", "flags", "code", "groups", "groupindex", "indexgroup"}, 6,
                 {&pattern, &flags, &code, &groups, &groupindex, &indexgroup}))
    return nullptr;
  auto fl = index_as_int64(flags);
  auto gr = index_as_int64(groups);
  if (!fl || !gr) return nullptr;
  if (!is_list(code)) return raise(&TypeErrorType, "compile() argument 'code' must be list");
  auto* p = alloc<PatternObject>(&PatternType);
  new (&p->code) std::vector<uint32_t>();
  Ref hold = Ref::steal(Value::from_obj(p));
  List* l = code.as<List>();
  p->code.reserve(size_t(l->size) + 1);
  for (int64_t i = 0; i < l->size; ++i) {
    auto w = index_as_int64(l->items[i]);
    if (!w) return nullptr;
    if (*w < 0 || *w > 0xFFFFFFFFll) return raise(&OverflowErrorType, "regular expression code size limit exceeded");
    p->code.push_back(uint32_t(*w));
  }
  p->code.push_back(sre::kFailure);  // a guard word: running off the end fails
  p->pattern = (incref(pattern), pattern);
  p->groupindex = (incref(groupindex), groupindex);
  p->indexgroup = (incref(indexgroup), indexgroup);
  p->flags = *fl;
  p->groups = *gr;
  p->is_bytes = !pattern.is_none() && !is_str(pattern);
  return hold;
}

Ref one_char_arg(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, uint32_t* ch) {
  if (!check_no_kwargs(fname, kwnames) || !check_nargs(fname, nargs, 1, 1)) return nullptr;
  auto c = index_as_int64(args[0]);
  if (!c) return nullptr;
  *ch = uint32_t(*c);
  return Ref::none();
}
Ref sre_getcodesize(Value, const Value*, size_t, Tuple*) { return make_int(4); }
Ref sre_ascii_iscased(Value, const Value* a, size_t n, Tuple* k) {
  uint32_t ch;
  if (!one_char_arg("ascii_iscased", a, n, k, &ch)) return nullptr;
  return Ref::boolean(sre::ascii_iscased(ch));
}
Ref sre_unicode_iscased(Value, const Value* a, size_t n, Tuple* k) {
  uint32_t ch;
  if (!one_char_arg("unicode_iscased", a, n, k, &ch)) return nullptr;
  return Ref::boolean(sre::unicode_iscased(ch));
}
Ref sre_ascii_tolower(Value, const Value* a, size_t n, Tuple* k) {
  uint32_t ch;
  if (!one_char_arg("ascii_tolower", a, n, k, &ch)) return nullptr;
  return make_int(sre::ascii_lower(ch));
}
Ref sre_unicode_tolower(Value, const Value* a, size_t n, Tuple* k) {
  uint32_t ch;
  if (!one_char_arg("unicode_tolower", a, n, k, &ch)) return nullptr;
  return make_int(sre::unicode_lower(ch));
}

const MethodDef sre_functions[] = {
    {"compile", sre_compile, 0, nullptr},
    {"getcodesize", sre_getcodesize, 0, nullptr},
    {"ascii_iscased", sre_ascii_iscased, 0, nullptr},
    {"unicode_iscased", sre_unicode_iscased, 0, nullptr},
    {"ascii_tolower", sre_ascii_tolower, 0, nullptr},
    {"unicode_tolower", sre_unicode_tolower, 0, nullptr},
    {nullptr}};

void init_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(PatternType, "re.Pattern", sizeof(PatternObject), &ObjectType, kTypeGc);
  PatternType.dealloc = pattern_dealloc;
  PatternType.traverse = pattern_traverse;
  PatternType.clear = pattern_clear;
  PatternType.repr = pattern_repr;
  PatternType.richcompare = pattern_richcompare;
  PatternType.hash = pattern_hash;
  PatternType.methods = pattern_methods;
  PatternType.getsets = pattern_getsets;
  allow_weakrefs(&PatternType);
  ready_type(&PatternType);
  static_type_init(MatchType, "re.Match", sizeof(MatchObject), &ObjectType, kTypeGc);
  MatchType.dealloc = match_dealloc;
  MatchType.traverse = match_traverse;
  MatchType.clear = match_clear;
  MatchType.repr = match_repr;
  MatchType.getitem = match_getitem;
  MatchType.methods = match_methods;
  MatchType.getsets = match_getsets;
  ready_type(&MatchType);
  static_type_init(ScannerType, "_sre.SRE_Scanner", sizeof(ScannerObject), &ObjectType, kTypeGc);
  ScannerType.dealloc = scanner_dealloc;
  ScannerType.traverse = scanner_traverse;
  ScannerType.clear = scanner_clear;
  ScannerType.methods = scanner_methods;
  ScannerType.getsets = scanner_getsets;
  ready_type(&ScannerType);
}

}  // namespace

Ref create_sre_module() {
  init_types();
  Own<Module> m = module_new("_sre");
  if (!module_add_functions(m.get(), sre_functions)) return nullptr;
  module_add(m.get(), "MAGIC", make_int(sre::kMagic).get());
  module_add(m.get(), "CODESIZE", Value::small_int(4));
  module_add(m.get(), "MAXREPEAT", make_int(sre::kMaxRepeat).get());
  module_add(m.get(), "MAXGROUPS", make_int(sre::kMaxGroups).get());
  module_add(m.get(), "copyright", new_str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ").get());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
