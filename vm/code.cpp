// vm/code.cpp: the code object type (vm/code.h is the contract).
#include "vm/code.h"

#include <algorithm>
#include <new>

#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/frame.h"
#include "vm/marshal.h"

namespace gilpy::vm {

using namespace rt;

Type CodeType;

int Code::line_for(int instr_index) const {
  // The last row starting at or before instr_index.
  auto it = std::upper_bound(lines.begin(), lines.end(), instr_index,
                             [](int i, const LineRow& r) { return i < r.start; });
  if (it == lines.begin()) return firstlineno;
  return std::prev(it)->line;
}

Own<Code> code_new() {
  auto* c = static_cast<Code*>(alloc_object(&CodeType, sizeof(Code)));
  new (&c->code) std::vector<uint32_t>();
  new (&c->lines) std::vector<LineRow>();
  new (&c->exception_table) std::vector<ExceptionTableRow>();
  new (&c->cell2arg) std::vector<int32_t>();
  new (&c->global_cache) std::vector<GlobalCacheEntry>();
  new (&c->attr_cache) std::vector<AttrCacheEntry>();
  return Own<Code>::steal(c);
}

// Fuses the pairs listed as superinstructions in vm/opcodes.def: the first instruction of
// the pair is rewritten to run both. The second keeps its opcode (a jump may land on it).
static void form_superinstructions(Code* c) {
  std::vector<uint32_t>& code = c->code;
  for (size_t i = 0; i + 1 < code.size(); i += 1 + op_info(instr_op(code[i])).caches) {
    size_t next = i + 1 + op_info(instr_op(code[i])).caches;  // past the first's cache words
    if (next >= code.size()) break;
    Op first = instr_op(code[i]), second = instr_op(code[next]);
    Op fused = first;
    if (first == Op::LOAD_FAST && second == Op::LOAD_FAST) fused = Op::LOAD_FAST__LOAD_FAST;
    else if (first == Op::LOAD_FAST && second == Op::LOAD_CONST) fused = Op::LOAD_FAST__LOAD_CONST;
    else if (first == Op::LOAD_CONST && second == Op::LOAD_FAST) fused = Op::LOAD_CONST__LOAD_FAST;
    else if (first == Op::STORE_FAST && second == Op::LOAD_FAST) fused = Op::STORE_FAST__LOAD_FAST;
    else if (first == Op::STORE_FAST && second == Op::STORE_FAST) fused = Op::STORE_FAST__STORE_FAST;
    else if (first == Op::LOAD_GLOBAL && second == Op::PUSH_NULL) fused = Op::LOAD_GLOBAL__PUSH_NULL;
    if (fused != first) code[i] = make_instr(fused, instr_arg(code[i]));
  }
}

bool code_finish(Code* c) {
  auto need = [&](Tuple*& t) {
    if (!t) t = tuple_empty(), incref(t);
  };
  need(c->consts);
  need(c->names);
  need(c->varnames);
  need(c->cellvars);
  need(c->freevars);
  c->nlocals = static_cast<int32_t>(c->varnames->size);
  c->ncells = static_cast<int32_t>(c->cellvars->size);
  c->nfrees = static_cast<int32_t>(c->freevars->size);
  if (!c->filename) c->filename = intern("<unknown>"), incref(c->filename);
  if (!c->name) c->name = intern("<module>"), incref(c->name);
  if (!c->qualname) c->qualname = c->name, incref(c->qualname);
  c->frame_bytes = static_cast<uint32_t>(frame_size_for(c));
  c->simple_call = (c->flags & kCoSimpleArgsMask) == 0 && c->kwonlyargcount == 0 && c->ncells == 0;
  if (c->code.empty() || c->stacksize < 0) {
    raise(&SystemErrorType, "code object without instructions");
    return false;
  }
  form_superinstructions(c);
  return true;
}

static void code_dealloc(Object* o) {
  auto* c = static_cast<Code*>(o);
  gc_untrack(o);
  xdecref(c->consts);
  xdecref(c->names);
  xdecref(c->varnames);
  xdecref(c->cellvars);
  xdecref(c->freevars);
  xdecref(c->filename);
  xdecref(c->name);
  xdecref(c->qualname);
  using V32 = std::vector<uint32_t>;
  using VL = std::vector<LineRow>;
  using VE = std::vector<ExceptionTableRow>;
  using VI = std::vector<int32_t>;
  using VG = std::vector<GlobalCacheEntry>;
  c->global_cache.~VG();
  using VA = std::vector<AttrCacheEntry>;
  c->attr_cache.~VA();
  c->code.~V32();
  c->lines.~VL();
  c->exception_table.~VE();
  c->cell2arg.~VI();
  free_object(o);
}

static void code_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* c = static_cast<Code*>(o);
  if (c->consts) visit(Value::from_obj(c->consts), ctx);
}

static Ref code_repr(Value self) {
  auto* c = self.as<Code>();
  return str_from_utf8(strfmt("<code object %s at %p, file \"%s\", line %d>", str_to_utf8(c->name).c_str(),
                              static_cast<void*>(c), str_to_utf8(c->filename).c_str(), c->firstlineno))
      .into_ref();
}

#define CODE_TUPLE_GETTER(fn, field) \
  static Ref fn(Value self) { return Ref::borrow(Value::from_obj(self.as<Code>()->field)); }
CODE_TUPLE_GETTER(code_consts, consts)
CODE_TUPLE_GETTER(code_names, names)
CODE_TUPLE_GETTER(code_varnames, varnames)
CODE_TUPLE_GETTER(code_cellvars, cellvars)
CODE_TUPLE_GETTER(code_freevars, freevars)
CODE_TUPLE_GETTER(code_filename, filename)
CODE_TUPLE_GETTER(code_name, name)
CODE_TUPLE_GETTER(code_qualname, qualname)
#undef CODE_TUPLE_GETTER
static Ref code_argcount(Value self) { return make_int(self.as<Code>()->argcount); }
static Ref code_posonly(Value self) { return make_int(self.as<Code>()->posonlyargcount); }
static Ref code_kwonly(Value self) { return make_int(self.as<Code>()->kwonlyargcount); }
static Ref code_nlocals(Value self) { return make_int(self.as<Code>()->nlocals); }
static Ref code_flags(Value self) { return make_int(self.as<Code>()->flags); }
static Ref code_firstlineno(Value self) { return make_int(self.as<Code>()->firstlineno); }
static Ref code_stacksize(Value self) { return make_int(self.as<Code>()->stacksize); }

// co_positions(): (line, end line, column, end column) per 2-byte code unit, as CPython's;
// gilpy has one unit per instruction and keeps no columns (traceback then draws no carets).
static Ref code_positions(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("co_positions", kwnames) || !check_nargs("co_positions", nargs, 0, 0)) return nullptr;
  Code* co = self.as<Code>();
  int n = static_cast<int>(co->code.size());
  Own<List> rows = list_new(0);
  for (int i = 0; i < n; ++i) {
    Ref line = make_int(co->line_for(i));
    Own<Tuple> row = tuple_from({line.get(), line.get(), Value::none(), Value::none()});
    if (!list_append(rows.get(), row.value())) return nullptr;
  }
  return get_iter(rows.value());
}

// co_lines(): (start, end, line) byte ranges, one per run of instructions on one line.
static Ref code_lines(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("co_lines", kwnames) || !check_nargs("co_lines", nargs, 0, 0)) return nullptr;
  Code* co = self.as<Code>();
  Own<List> rows = list_new(0);
  int n = static_cast<int>(co->code.size());
  for (size_t r = 0; r < co->lines.size(); ++r) {
    int start = co->lines[r].start;
    int end = r + 1 < co->lines.size() ? co->lines[r + 1].start : n;
    if (end <= start) continue;
    Ref a = make_int(int64_t(start) * 2), b = make_int(int64_t(end) * 2), line = make_int(co->lines[r].line);
    Own<Tuple> row = tuple_from({a.get(), b.get(), line.get()});
    if (!list_append(rows.get(), row.value())) return nullptr;
  }
  return get_iter(rows.value());
}

// code.replace(**changes): a copy with some fields changed, as types.coroutine sets
// CO_ITERABLE_COROUTINE. The copy is a round trip through the marshal format (what a cache
// file holds). Only the fields that describe no bytecode can change: co_name,
// co_qualname, co_filename, and the flags that do not change how the code runs; CPython's
// other fields describe CPython's bytecode, and asking to change one is a ValueError.
static Ref code_replace(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs) return raise(&TypeErrorType, "replace() takes no positional arguments");
  static const char* const kBytecodeFields[] = {
      "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize", "co_firstlineno",
      "co_code", "co_consts", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_linetable",
      "co_exceptiontable"};
  constexpr uint32_t kChangeableFlags = kCoIterableCoroutine | kCoNested;
  std::string blob;
  if (!marshal_write(self, &blob)) return nullptr;
  Own<Code> copy = marshal_read_code(blob);
  if (!copy) return nullptr;
  int64_t nkw = kwnames ? kwnames->size : 0;
  for (int64_t i = 0; i < nkw; ++i) {
    std::string key = str_to_utf8(kwnames->items[i].as<Str>());
    Value value = args[i];
    Str** text_field = key == "co_name" ? &copy->name : key == "co_qualname" ? &copy->qualname
                     : key == "co_filename" ? &copy->filename : nullptr;
    if (text_field) {
      if (!is_str(value)) return raisef(&TypeErrorType, "replace() argument '%s' must be str, not %s", key.c_str(), type_name(value));
      incref(value);
      decref(*text_field);
      *text_field = value.as<Str>();
    } else if (key == "co_flags") {
      if (!is_int(value)) return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(value));
      std::optional<int64_t> flags = int_as_int64(value);
      if (!flags || *flags < 0 || ((uint64_t(*flags) ^ copy->flags) & ~uint64_t(kChangeableFlags)))
        return raise(&ValueErrorType, "gilpy's code.replace() changes only the CO_ITERABLE_COROUTINE and CO_NESTED flags");
      copy->flags = uint32_t(*flags);
    } else if (std::find_if(std::begin(kBytecodeFields), std::end(kBytecodeFields),
                            [&](const char* f) { return key == f; }) != std::end(kBytecodeFields)) {
      // The value it has already is no change.
      Ref current = getattr_opt(self, intern(key));
      if (!current && error_pending()) clear_error();
      int same = current ? rich_compare_bool(current.get(), value, CompareOp::Eq) : 0;
      if (same < 0) return nullptr;
      if (!same)
        return raisef(&ValueErrorType, "gilpy's code.replace() cannot change %s: it describes CPython's bytecode",
                      key.c_str());
    } else {
      return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for replace()", key.c_str());
    }
  }
  return copy.into_ref();
}

static const MethodDef code_methods[] = {
    {"co_positions", code_positions, 0, "Return an iterator of (line, end line, column, end column) per code unit."},
    {"co_lines", code_lines, 0, "Return an iterator of (start, end, line) ranges."},
    {"replace", code_replace, 0, "Return a copy of the code object with new values for the specified fields."},
    {nullptr}};

static const GetSetDef code_getsets[] = {
    {"co_consts", code_consts, nullptr, nullptr},       {"co_names", code_names, nullptr, nullptr},
    {"co_varnames", code_varnames, nullptr, nullptr},   {"co_cellvars", code_cellvars, nullptr, nullptr},
    {"co_freevars", code_freevars, nullptr, nullptr},   {"co_filename", code_filename, nullptr, nullptr},
    {"co_name", code_name, nullptr, nullptr},           {"co_qualname", code_qualname, nullptr, nullptr},
    {"co_argcount", code_argcount, nullptr, nullptr},   {"co_posonlyargcount", code_posonly, nullptr, nullptr},
    {"co_kwonlyargcount", code_kwonly, nullptr, nullptr}, {"co_nlocals", code_nlocals, nullptr, nullptr},
    {"co_flags", code_flags, nullptr, nullptr},         {"co_firstlineno", code_firstlineno, nullptr, nullptr},
    {"co_stacksize", code_stacksize, nullptr, nullptr}, {nullptr}};

// code(...) checks its argument count as CPython's does, but cannot go further: CPython's
// fields describe CPython's bytecode, not gilpy's, so a code object comes from compile().
static Ref code_type_new(Type*, const Value*, size_t nargs, Tuple* kwnames) {
  size_t given = nargs + (kwnames ? static_cast<size_t>(kwnames->size) : 0);
  if (given < 16) return raisef(&TypeErrorType, "code expected at least 16 arguments, got %zu", given);
  if (given > 18) return raisef(&TypeErrorType, "code expected at most 18 arguments, got %zu", given);
  return raise(&TypeErrorType, "code() cannot build gilpy bytecode from CPython's fields: use compile()");
}

void init_code_type() {
  static_type_init(CodeType, "code", sizeof(Code), &ObjectType, kTypeGc);
  CodeType.dealloc = code_dealloc;
  CodeType.traverse = code_traverse;
  CodeType.repr = code_repr;
  CodeType.getsets = code_getsets;
  CodeType.methods = code_methods;
  CodeType.new_ = code_type_new;
  ready_type(&CodeType);
}

}  // namespace gilpy::vm
