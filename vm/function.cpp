// vm/function.cpp: the function and cell types, and binding call arguments to a new
// frame's parameters (CPython's initialize_locals, with its error messages).
#include "vm/function.h"

#include <cstring>
#include <string>
#include <vector>

#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/interpreter.h"

namespace gilpy::vm {

using namespace rt;

Type FunctionType;
Type CellType;

Own<Function> function_new(Code* code, Dict* globals, Str* qualname) {
  auto* f = alloc<Function>(&FunctionType);
  incref(code);
  f->code = code;
  incref(globals);
  f->globals = globals;
  Interpreter* interp = current_interpreter();
  f->builtins = interp->builtins_dict.get();
  incref(f->builtins);
  f->name = code->name;
  incref(f->name);
  f->qualname = qualname ? qualname : code->qualname;
  incref(f->qualname);
  Value doc = Value::none();
  if ((code->flags & kCoOptimized) && code->consts && code->consts->size > 0 && is_str(code->consts->items[0]))
    doc = code->consts->items[0];
  incref(doc);
  f->doc = doc;
  Value mod = dict_get_cstr(globals, "__name__");
  if (mod.is_null()) mod = Value::none();
  incref(mod);
  f->module = mod;
  return Own<Function>::steal(f);
}

// function(code, globals, name=None, argdefs=None, closure=None), checked as CPython's
// func_new: the closure holds exactly one cell per free variable of code, which is what
// init_cells relies on.
static Ref function_type_new(Type*, const Value* args, size_t nargs, Tuple* kwnames) {
  Value code, globals, name = Value::none(), argdefs = Value::none(), closure = Value::none();
  if (!bind_args("function", args, nargs, kwnames, {"code", "globals", "name", "argdefs", "closure"}, 2,
                 {&code, &globals, &name, &argdefs, &closure}))
    return nullptr;
  if (!is_code(code)) return raisef(&TypeErrorType, "function() argument 'code' must be code, not %s", type_name(code));
  if (!is_dict(globals))
    return raisef(&TypeErrorType, "function() argument 'globals' must be dict, not %s", type_name(globals));
  if (!name.is_none() && !is_str(name)) return raise(&TypeErrorType, "arg 3 (name) must be None or string");
  if (!argdefs.is_none() && !is_tuple(argdefs)) return raise(&TypeErrorType, "arg 4 (defaults) must be None or tuple");
  Code* co = code.as<Code>();
  if (!is_tuple(closure)) {
    if (co->nfrees && closure.is_none()) return raise(&TypeErrorType, "arg 5 (closure) must be tuple");
    if (!closure.is_none()) return raise(&TypeErrorType, "arg 5 (closure) must be None or tuple");
  }
  int64_t nclosure = closure.is_none() ? 0 : closure.as<Tuple>()->size;
  if (co->nfrees != nclosure)
    return raisef(&ValueErrorType, "%s requires closure of length %d, not %lld", str_to_utf8(co->name).c_str(),
                  co->nfrees, static_cast<long long>(nclosure));
  for (int64_t i = 0; i < nclosure; ++i) {
    Value cell = closure.as<Tuple>()->items[i];
    if (type_of(cell) != &CellType)
      return raisef(&TypeErrorType, "arg 5 (closure) expected cell, found %s", type_name(cell));
  }
  Own<Function> f = function_new(co, globals.as<Dict>(), nullptr);
  if (is_str(name)) {
    incref(name);
    decref(f->name);
    f->name = name.as<Str>();
  }
  if (is_tuple(argdefs)) {
    incref(argdefs);
    f->defaults = argdefs.as<Tuple>();
  }
  if (nclosure) {
    incref(closure);
    f->closure = closure.as<Tuple>();
  }
  return f.into_ref();
}

Own<Cell> cell_new(Value contents) {
  auto* c = alloc<Cell>(&CellType);
  incref(contents);
  c->contents = contents;
  return Own<Cell>::steal(c);
}

// ---- argument binding -----------------------------------------------------------------------

static std::string qualname_of(Function* f) { return str_to_utf8(f->qualname); }

static void missing_arguments(Function* f, Frame* frame, bool kwonly, int64_t defcount) {
  Code* co = f->code;
  std::vector<std::string> names;
  int start = kwonly ? co->argcount : 0;
  int end = kwonly ? co->argcount + co->kwonlyargcount : co->argcount - static_cast<int>(defcount);
  for (int i = start; i < end; ++i) {
    if (!frame->localsplus[i].is_null()) continue;
    if (kwonly && f->kwdefaults) {
      Value d = dict_get(f->kwdefaults, co->varnames->items[i]);
      if (!d.is_null()) continue;
    }
    names.push_back("'" + str_to_utf8(co->varnames->items[i].as<Str>()) + "'");
  }
  if (names.empty()) return;
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    list += names[i];
  }
  raisef(&TypeErrorType, "%s() missing %zu required %s argument%s: %s", qualname_of(f).c_str(), names.size(),
         kwonly ? "keyword-only" : "positional", names.size() == 1 ? "" : "s", list.c_str());
}

static void too_many_positional(Function* f, Frame* frame, size_t given) {
  Code* co = f->code;
  int64_t defcount = f->defaults ? f->defaults->size : 0;
  int kwonly_given = 0;
  for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; ++i)
    if (!frame->localsplus[i].is_null()) ++kwonly_given;
  std::string sig;
  if (defcount) sig = strfmt("from %lld to %d", static_cast<long long>(co->argcount - defcount), co->argcount);
  else sig = strfmt("%d", co->argcount);
  std::string kw_msg;
  if (kwonly_given)
    kw_msg = strfmt(" positional argument%s (and %d keyword-only argument%s)", given == 1 ? "" : "s",
                    kwonly_given, kwonly_given == 1 ? "" : "s");
  bool plural = !(co->argcount == 1 && !defcount);
  raisef(&TypeErrorType, "%s() takes %s positional argument%s but %zu%s %s given", qualname_of(f).c_str(),
         sig.c_str(), plural ? "s" : "", given, kwonly_given ? kw_msg.c_str() : "",
         given == 1 && !kwonly_given ? "was" : "were");
}

bool bind_arguments(Frame* frame, Function* f, const Value* args, size_t nargs, Tuple* kwnames) {
  Code* co = f->code;
  Value* locals = frame->localsplus;
  const int argcount = co->argcount;
  const int total_params = argcount + co->kwonlyargcount;
  Dict* kwdict = nullptr;
  if (co->flags & kCoVarkeywords) {
    kwdict = dict_new().release();
    int idx = total_params + ((co->flags & kCoVarargs) ? 1 : 0);
    locals[idx] = Value::from_obj(kwdict);
  }
  size_t n = nargs < static_cast<size_t>(argcount) ? nargs : static_cast<size_t>(argcount);
  for (size_t i = 0; i < n; ++i) {
    incref(args[i]);
    locals[i] = args[i];
  }
  if (co->flags & kCoVarargs) {
    Own<Tuple> extra = nargs > n ? tuple_from_array(args + n, static_cast<int64_t>(nargs - n)) : Own<Tuple>::borrow(tuple_empty());
    locals[total_params] = Value::from_obj(extra.release());
  } else if (nargs > n) {
    // Reported after keywords are bound (CPython counts keyword-only arguments given).
  }
  int64_t nkw = kwnames ? kwnames->size : 0;
  for (int64_t k = 0; k < nkw; ++k) {
    Value key = kwnames->items[k];
    Value value = args[nargs + static_cast<size_t>(k)];
    Str* ks = key.as<Str>();
    // Keyword names and parameter names are interned: compare pointers first, text
    // only when that fails (a name built at run time, as in f(**{"a": 1})).
    int idx = -1;
    for (int i = co->posonlyargcount; i < total_params && idx < 0; ++i)
      if (co->varnames->items[i].as<Str>() == ks) idx = i;
    for (int i = co->posonlyargcount; i < total_params && idx < 0; ++i)
      if (str_equal(co->varnames->items[i].as<Str>(), ks)) idx = i;
    if (idx < 0) {
      if (kwdict) {
        if (!dict_set(kwdict, key, value)) return false;
        continue;
      }
      bool posonly = false;
      for (int i = 0; i < co->posonlyargcount; ++i)
        if (str_equal(co->varnames->items[i].as<Str>(), ks)) posonly = true;
      if (posonly)
        raisef(&TypeErrorType, "%s() got some positional-only arguments passed as keyword arguments: '%s'",
               qualname_of(f).c_str(), str_to_utf8(ks).c_str());
      else
        raisef(&TypeErrorType, "%s() got an unexpected keyword argument '%s'", qualname_of(f).c_str(),
               str_to_utf8(ks).c_str());
      return false;
    }
    if (!locals[idx].is_null()) {
      raisef(&TypeErrorType, "%s() got multiple values for argument '%s'", qualname_of(f).c_str(),
             str_to_utf8(ks).c_str());
      return false;
    }
    incref(value);
    locals[idx] = value;
  }
  if (nargs > static_cast<size_t>(argcount) && !(co->flags & kCoVarargs)) {
    too_many_positional(f, frame, nargs);
    return false;
  }
  // Defaults for missing positional parameters.
  if (nargs < static_cast<size_t>(argcount)) {
    int64_t defcount = f->defaults ? f->defaults->size : 0;
    int first_default = argcount - static_cast<int>(defcount);
    for (int i = static_cast<int>(nargs); i < first_default; ++i) {
      if (locals[i].is_null()) {
        missing_arguments(f, frame, false, defcount);
        return false;
      }
    }
    for (int i = first_default > static_cast<int>(nargs) ? first_default : static_cast<int>(nargs); i < argcount; ++i) {
      if (locals[i].is_null()) {
        Value d = f->defaults->items[i - first_default];
        incref(d);
        locals[i] = d;
      }
    }
  }
  if (co->kwonlyargcount > 0) {
    bool missing = false;
    for (int i = argcount; i < total_params; ++i) {
      if (!locals[i].is_null()) continue;
      Value d = f->kwdefaults ? dict_get(f->kwdefaults, co->varnames->items[i]) : Value();
      if (d.is_null()) {
        missing = true;
        continue;
      }
      incref(d);
      locals[i] = d;
    }
    if (missing) {
      missing_arguments(f, frame, true, 0);
      return false;
    }
  }
  return true;
}

// Cells for cellvars (initialised from parameters that are captured) and, for freevars,
// the cells of `closure`, which holds exactly one cell per free variable (function
// creation and exec() check it).
void init_cells(Frame* frame, Tuple* closure) {
  Code* co = frame->code;
  Value* cells = frame->localsplus + co->nlocals;
  for (int i = 0; i < co->ncells; ++i) {
    int32_t arg = i < static_cast<int>(co->cell2arg.size()) ? co->cell2arg[i] : -1;
    Value init;
    if (arg >= 0) {
      init = frame->localsplus[arg];
      frame->localsplus[arg] = Value();
    }
    Own<Cell> c = cell_new(init);
    decref(init);
    cells[i] = Value::from_obj(c.release());
  }
  for (int i = 0; i < co->nfrees; ++i) {
    Value c = closure->items[i];
    incref(c);
    cells[co->ncells + i] = c;
  }
}

// ---- the function type ------------------------------------------------------------------------

static void function_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* f = static_cast<Function*>(o);
  auto v = [&](Object* x) {
    if (x) visit(Value::from_obj(x), ctx);
  };
  v(f->code);
  v(f->globals);
  v(f->builtins);
  v(f->defaults);
  v(f->kwdefaults);
  v(f->closure);
  v(f->dict);
  v(f->annotations);
  visit(f->doc, ctx);
  visit(f->module, ctx);
}

static void function_clear(Object* o) {
  auto* f = static_cast<Function*>(o);
  auto drop = [](auto*& p) {
    auto* x = p;
    p = nullptr;
    xdecref(reinterpret_cast<Object*>(x));
  };
  drop(f->globals);
  drop(f->builtins);
  drop(f->defaults);
  drop(f->kwdefaults);
  drop(f->closure);
  drop(f->dict);
  drop(f->annotations);
  set_owned(&f->doc, Value::none());
  set_owned(&f->module, Value::none());
}

static void function_dealloc(Object* o) {
  auto* f = static_cast<Function*>(o);
  gc_untrack(o);
  function_clear(o);
  xdecref(f->code);
  xdecref(f->name);
  xdecref(f->qualname);
  free_object(o);
}

static Ref function_repr(Value self) {
  auto* f = self.as<Function>();
  return str_from_utf8(strfmt("<function %s at %p>", str_to_utf8(f->qualname).c_str(), static_cast<void*>(f)))
      .into_ref();
}

static Ref function_descr_get(Value descr, Value obj, Value owner) {
  if (obj.is_null() || obj.is_none()) return Ref::borrow(descr);
  return method_new(descr, obj);
}

static Ref fn_get_name(Value self) { return Ref::borrow(Value::from_obj(self.as<Function>()->name)); }
static int fn_set_name(Value self, Value v) {
  if (v.is_null() || !is_str(v)) {
    raise(&TypeErrorType, "__name__ must be set to a string object");
    return -1;
  }
  auto* f = self.as<Function>();
  incref(v);
  Str* old = f->name;
  f->name = v.as<Str>();
  xdecref(old);
  return 0;
}
static Ref fn_get_qualname(Value self) { return Ref::borrow(Value::from_obj(self.as<Function>()->qualname)); }
static int fn_set_qualname(Value self, Value v) {
  if (v.is_null() || !is_str(v)) {
    raise(&TypeErrorType, "__qualname__ must be set to a string object");
    return -1;
  }
  auto* f = self.as<Function>();
  incref(v);
  Str* old = f->qualname;
  f->qualname = v.as<Str>();
  xdecref(old);
  return 0;
}
static Ref fn_get_doc(Value self) { return Ref::borrow(self.as<Function>()->doc); }
static int fn_set_doc(Value self, Value v) {
  Value n = v.is_null() ? Value::none() : v;
  incref(n);
  set_owned(&self.as<Function>()->doc, n);
  return 0;
}
static Ref fn_get_module(Value self) { return Ref::borrow(self.as<Function>()->module); }
static int fn_set_module(Value self, Value v) {
  Value n = v.is_null() ? Value::none() : v;
  incref(n);
  set_owned(&self.as<Function>()->module, n);
  return 0;
}
static Ref fn_get_defaults(Value self) {
  Tuple* d = self.as<Function>()->defaults;
  return d ? Ref::borrow(Value::from_obj(d)) : Ref::none();
}
static int fn_set_defaults(Value self, Value v) {
  auto* f = self.as<Function>();
  if (!v.is_null() && !v.is_none() && !is_tuple(v)) {
    raise(&TypeErrorType, "__defaults__ must be set to a tuple object");
    return -1;
  }
  Tuple* old = f->defaults;
  f->defaults = v.is_null() || v.is_none() ? nullptr : v.as<Tuple>();
  if (f->defaults) incref(f->defaults);
  xdecref(old);
  return 0;
}
static Ref fn_get_kwdefaults(Value self) {
  Dict* d = self.as<Function>()->kwdefaults;
  return d ? Ref::borrow(Value::from_obj(d)) : Ref::none();
}
// __kwdefaults__ / __annotations__ = a dict, or None / del (no dict).
static int set_dict_field(Dict** field, Value v, const char* what) {
  if (!v.is_null() && !v.is_none() && !is_dict(v)) {
    raisef(&TypeErrorType, "%s must be set to a dict object", what);
    return -1;
  }
  Dict* old = *field;
  *field = v.is_null() || v.is_none() ? nullptr : v.as<Dict>();
  if (*field) incref(*field);
  xdecref(old);
  return 0;
}
static int fn_set_kwdefaults(Value self, Value v) {
  return set_dict_field(&self.as<Function>()->kwdefaults, v, "__kwdefaults__");
}
static int fn_set_annotations(Value self, Value v) {
  return set_dict_field(&self.as<Function>()->annotations, v, "__annotations__");
}
static Ref fn_get_code(Value self) { return Ref::borrow(Value::from_obj(self.as<Function>()->code)); }
// A running frame owns its code (vm/frame.h), and every call reads fn->code afresh, so the
// code can change under a function that is running or whose calls were specialised.
static int fn_set_code(Value self, Value v) {
  if (v.is_null() || !is_code(v)) {
    raise(&TypeErrorType, "__code__ must be set to a code object");
    return -1;
  }
  auto* f = self.as<Function>();
  Code* code = v.as<Code>();
  int64_t nclosure = f->closure ? f->closure->size : 0;
  if (code->nfrees != nclosure) {
    raisef(&ValueErrorType, "%s() requires a code object with %lld free vars, not %lld", str_to_utf8(f->name).c_str(),
           (long long)nclosure, (long long)code->nfrees);
    return -1;
  }
  incref(code);
  Code* old = f->code;
  f->code = code;
  decref(old);
  return 0;
}
static Ref fn_get_globals(Value self) { return Ref::borrow(Value::from_obj(self.as<Function>()->globals)); }
static Ref fn_get_closure(Value self) {
  Tuple* c = self.as<Function>()->closure;
  return c ? Ref::borrow(Value::from_obj(c)) : Ref::none();
}
static Ref fn_get_annotations(Value self) {
  auto* f = self.as<Function>();
  if (!f->annotations) f->annotations = dict_new().release();
  return Ref::borrow(Value::from_obj(f->annotations));
}
static Ref fn_get_dict(Value self) {
  auto* f = self.as<Function>();
  if (!f->dict) f->dict = dict_new().release();
  return Ref::borrow(Value::from_obj(f->dict));
}

static const GetSetDef function_getsets[] = {
    {"__name__", fn_get_name, fn_set_name, nullptr},
    {"__qualname__", fn_get_qualname, fn_set_qualname, nullptr},
    {"__doc__", fn_get_doc, fn_set_doc, nullptr},
    {"__module__", fn_get_module, fn_set_module, nullptr},
    {"__defaults__", fn_get_defaults, fn_set_defaults, nullptr},
    {"__kwdefaults__", fn_get_kwdefaults, fn_set_kwdefaults, nullptr},
    {"__code__", fn_get_code, fn_set_code, nullptr},
    {"__globals__", fn_get_globals, nullptr, nullptr},
    {"__closure__", fn_get_closure, nullptr, nullptr},
    {"__annotations__", fn_get_annotations, fn_set_annotations, nullptr},
    {"__dict__", fn_get_dict, nullptr, nullptr},
    {nullptr}};

// ---- cells ---------------------------------------------------------------------------------------

static void cell_traverse(Object* o, VisitFn visit, void* ctx) { visit(static_cast<Cell*>(o)->contents, ctx); }
static void cell_clear(Object* o) { set_owned(&static_cast<Cell*>(o)->contents, Value()); }
static void cell_dealloc(Object* o) {
  gc_untrack(o);
  cell_clear(o);
  free_object(o);
}
static Ref cell_contents(Value self) {
  Value v = self.as<Cell>()->contents;
  if (v.is_null()) return raise(&ValueErrorType, "Cell is empty");
  return Ref::borrow(v);
}
static const GetSetDef cell_getsets[] = {{"cell_contents", cell_contents, nullptr, nullptr}, {nullptr}};

void init_function_types() {
  static_type_init(FunctionType, "function", sizeof(Function), &ObjectType, kTypeGc | kTypeMethodDescriptor);
  FunctionType.call = function_call;
  FunctionType.new_ = function_type_new;
  FunctionType.descr_get = function_descr_get;
  FunctionType.repr = function_repr;
  FunctionType.traverse = function_traverse;
  FunctionType.clear = function_clear;
  FunctionType.dealloc = function_dealloc;
  FunctionType.getsets = function_getsets;
  FunctionType.dict_offset = offsetof(Function, dict);
  ready_type(&FunctionType);

  static_type_init(CellType, "cell", sizeof(Cell), &ObjectType, kTypeGc);
  CellType.traverse = cell_traverse;
  CellType.clear = cell_clear;
  CellType.dealloc = cell_dealloc;
  CellType.getsets = cell_getsets;
  ready_type(&CellType);
}

}  // namespace gilpy::vm
