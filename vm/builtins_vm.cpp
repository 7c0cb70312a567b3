// vm/builtins_vm.cpp: the builtins that need the VM itself: __build_class__ (runs a class
// body), globals/locals/exec/eval/compile/__import__, and zero-argument super().
// The rest of the builtins module is stdlib/builtins.cpp.
#include <string>

#include "runtime/bytes.h"
#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/function.h"
#include "vm/frame_object.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::vm {

using namespace rt;

static Type* calculate_metaclass(Type* meta, Tuple* bases) {
  Type* winner = meta;
  for (int64_t i = 0; i < bases->size; ++i) {
    Type* bt = type_of(bases->items[i]);
    if (is_subtype(winner, bt)) continue;
    if (is_subtype(bt, winner)) {
      winner = bt;
      continue;
    }
    raise(&TypeErrorType,
          "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the "
          "metaclasses of all its bases");
    return nullptr;
  }
  return winner;
}

// PEP 560: a base that is not a class but has __mro_entries__ (list[int], typing.Generic[T])
// is replaced by what that returns. Returns `bases` itself when nothing changed.
static Ref resolve_bases(Tuple* bases) {
  std::vector<Value> resolved;
  std::vector<Ref> keep;
  bool changed = false;
  for (int64_t i = 0; i < bases->size; ++i) {
    Value b = bases->items[i];
    if (type_has(type_of(b), kTypeTypeSubclass)) {
      resolved.push_back(b);
      continue;
    }
    Ref entries_fn = getattr_opt(b, intern("__mro_entries__"));
    if (!entries_fn) {
      if (error_pending()) return nullptr;
      resolved.push_back(b);
      continue;
    }
    Ref entries = call1(entries_fn.get(), Value::from_obj(bases));
    if (!entries) return nullptr;
    if (!is_tuple(entries.get())) return raise(&TypeErrorType, "__mro_entries__ must return a tuple");
    Tuple* t = entries.as<Tuple>();
    for (int64_t j = 0; j < t->size; ++j) resolved.push_back(t->items[j]);
    keep.push_back(std::move(entries));
    changed = true;
  }
  if (!changed) return Ref::borrow(Value::from_obj(bases));
  return tuple_from_array(resolved.data(), static_cast<int64_t>(resolved.size())).into_ref();
}

static Ref build_class(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs < 2) return raise(&TypeErrorType, "__build_class__: not enough arguments");
  if (!is_function(args[0])) return raise(&TypeErrorType, "__build_class__: func must be a function");
  if (!is_str(args[1])) return raise(&TypeErrorType, "__build_class__: name is not a string");
  Function* body = args[0].as<Function>();
  Own<Tuple> orig_bases = tuple_from_array(args + 2, static_cast<int64_t>(nargs - 2));
  Ref resolved_bases = resolve_bases(orig_bases.get());
  if (!resolved_bases) return nullptr;
  Own<Tuple> bases = Own<Tuple>::borrow(resolved_bases.as<Tuple>());
  // Keywords: metaclass= is ours; the rest go to the metaclass.
  Value meta;
  std::vector<Value> kwvalues;
  std::vector<Value> kwkeys;
  int64_t nkw = kwnames ? kwnames->size : 0;
  for (int64_t i = 0; i < nkw; ++i) {
    Str* k = kwnames->items[i].as<Str>();
    if (str_equal(k, intern("metaclass"))) meta = args[nargs + i];
    else {
      kwkeys.push_back(kwnames->items[i]);
      kwvalues.push_back(args[nargs + i]);
    }
  }
  bool meta_is_type = meta.is_null() || type_has(type_of(meta), kTypeTypeSubclass);
  if (meta.is_null()) meta = bases->size ? Value::from_obj(type_of(bases->items[0])) : Value::from_obj(&TypeType);
  if (meta_is_type) {
    Type* m = calculate_metaclass(meta.as<Type>(), bases.get());
    if (!m) return nullptr;
    meta = Value::from_obj(m);
  }
  Own<Tuple> extra_names = tuple_from_array(kwkeys.data(), static_cast<int64_t>(kwkeys.size()));
  Ref ns;
  Ref prepare = getattr_opt(meta, intern("__prepare__"));
  if (prepare) {
    std::vector<Value> pargs = {args[1], bases.value()};
    pargs.insert(pargs.end(), kwvalues.begin(), kwvalues.end());
    ns = call(prepare.get(), pargs.data(), 2, kwkeys.empty() ? nullptr : extra_names.get());
  } else {
    if (error_pending()) return nullptr;
    ns = dict_new().into_ref();
  }
  if (!ns) return nullptr;
  if (!is_dict(ns.get())) return raise(&TypeErrorType, "__prepare__() must return a mapping");
  if (bases.get() != orig_bases.get() && !dict_set_str(ns.as<Dict>(), "__orig_bases__", orig_bases.value()))
    return nullptr;
  ThreadState* ts = ThreadState::current();
  Frame* f = make_frame_for_code(ts, body->code, nullptr, ns.as<Dict>(), body, nullptr);
  if (!f) return nullptr;
  f->is_entry = true;
  Ref cell = eval_frame(ts, f, false);
  if (!cell) return nullptr;
  std::vector<Value> margs = {args[1], bases.value(), ns.get()};
  margs.insert(margs.end(), kwvalues.begin(), kwvalues.end());
  Ref cls = call(meta, margs.data(), 3, kwkeys.empty() ? nullptr : extra_names.get());
  if (!cls) return nullptr;
  if (type_of(cell.get()) == &CellType) set_owned(&cell.as<Cell>()->contents, (incref(cls.get()), cls.get()));
  return cls;
}

static Frame* caller_frame() { return current_frame(); }

static Ref builtin_globals(Value, const Value*, size_t nargs, Tuple*) {
  Frame* f = caller_frame();
  if (!f) return raise(&SystemErrorType, "globals(): no current frame");
  return Ref::borrow(Value::from_obj(f->globals));
}

static Ref frame_locals(Frame* f) {
  if (f->locals) return Ref::borrow(Value::from_obj(f->locals));
  return fast_locals_dict(f->code, f->localsplus);
}

static Ref builtin_locals(Value, const Value*, size_t, Tuple*) {
  Frame* f = caller_frame();
  if (!f) return raise(&SystemErrorType, "locals(): no current frame");
  return frame_locals(f);
}

// Compiles exec's, eval's or compile's str or bytes source; anything else is CPython's
// TypeError, naming what else the function accepts ("code object", "AST object").
// The source text of compile()'s, exec()'s or eval()'s first argument; false with the
// error pending when it is neither str nor bytes, or holds a null byte.
static bool source_text(Value source, const char* fname, const char* or_what, std::string* text) {
  if (is_str(source)) *text = str_to_utf8(source.as<Str>());
  else if (is_bytes(source)) *text = source.as<Bytes>()->view();
  else return raisef(&TypeErrorType, "%s() arg 1 must be a string, bytes or %s", fname, or_what), false;
  if (text->find('\0') != std::string::npos)
    return raise(&SyntaxErrorType, "source code string cannot contain null bytes"), false;
  return true;
}

static Ref compile_source_arg(Value source, const char* fname, const char* or_what, int mode,
                              const char* filename, int flags = 0, int optimize = -1) {
  std::string text;
  if (!source_text(source, fname, or_what, &text)) return nullptr;
  return current_interpreter()->compile_source(text, filename, mode, flags, optimize);
}

constexpr int64_t kCfOnlyAst = 0x400;  // PyCF_ONLY_AST: compile() returns the syntax tree

// compile()'s AST side: with PyCF_ONLY_AST, source text -> the tree of `_ast` nodes (an
// AST object comes back as it is); without it, an AST object cannot become code in gilpy
// yet. False when the call is not about an AST (the source is compiled to code).
static bool compile_ast(Value source, int mode, const char* filename, int64_t flags, Ref* result) {
  bool only_ast = (flags & kCfOnlyAst) != 0;
  if (!only_ast && (is_str(source) || is_bytes(source))) return false;
  Ref ast_module = import_module("_ast");
  if (!ast_module) return true;
  if (!is_module(ast_module.get())) return raise(&ImportErrorType, "sys.modules['_ast'] is not a module"), true;
  Dict* classes = ast_module.as<Module>()->dict;
  Value ast_base = dict_get_cstr(classes, "AST");
  if (!ast_base.is_null() && type_has(type_of(ast_base), kTypeTypeSubclass) &&
      is_subtype(type_of(source), ast_base.as<Type>())) {
    if (!only_ast) {
      raise(&TypeErrorType, "compile() of an AST object is not supported by gilpy yet: compile its source text");
      return true;
    }
    *result = Ref::borrow(source);  // as it is, whatever the mode (CPython checks nothing here)
    return true;
  }
  if (!only_ast) return false;  // neither text nor a tree: compile_source_arg says so
  std::string text;
  if (source_text(source, "compile", "AST object", &text))
    *result = current_interpreter()->parse_to_ast(text, filename, mode, classes);
  return true;
}

// The namespaces exec and eval run in. With globals None, the caller's (its locals too
// when locals is None); else globals, and globals again for a locals of None.
struct Namespaces {
  Ref globals;
  Ref locals;
};

static bool resolve_namespaces(Value globals, Value locals, Namespaces* ns) {
  if (!globals.is_none()) {
    ns->globals = Ref::borrow(globals);
    ns->locals = Ref::borrow(locals.is_none() ? globals : locals);
    return true;
  }
  Frame* f = caller_frame();
  if (!f) {
    raise(&SystemErrorType, "globals and locals cannot be NULL");
    return false;
  }
  ns->globals = Ref::borrow(Value::from_obj(f->globals));
  ns->locals = locals.is_none() ? frame_locals(f) : Ref::borrow(locals);
  return static_cast<bool>(ns->locals);
}

// Whether `closure` can stand for the free variables of a code object with `nfrees` of
// them: an exact tuple of that many cells.
static bool is_closure_for(Value closure, int nfrees) {
  if (!is_exact_tuple(closure) || closure.as<Tuple>()->size != nfrees) return false;
  for (int64_t i = 0; i < nfrees; ++i)
    if (type_of(closure.as<Tuple>()->items[i]) != &CellType) return false;
  return true;
}

// exec(source, globals=None, locals=None, /, *, closure=None), checked as CPython 3.11's.
static Ref builtin_exec(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value source, globals = Value::none(), locals = Value::none(), closure = Value::none();
  if (!bind_args("exec", args, nargs, kwnames, {"source", "globals", "locals", "/", "*", "closure"}, 1,
                 {&source, &globals, &locals, &closure}))
    return nullptr;
  Namespaces ns;
  if (!resolve_namespaces(globals, locals, &ns)) return nullptr;
  if (!is_dict(ns.globals.get()))
    return raisef(&TypeErrorType, "exec() globals must be a dict, not %s", type_name(ns.globals.get()));
  if (!is_mapping(ns.locals.get()))
    return raisef(&TypeErrorType, "locals must be a mapping or None, not %s", type_name(ns.locals.get()));
  Ref code;
  if (is_code(source)) {
    int nfrees = source.as<Code>()->nfrees;
    if (nfrees == 0 && !closure.is_none())
      return raise(&TypeErrorType, "cannot use a closure with this code object");
    if (nfrees > 0 && !is_closure_for(closure, nfrees))
      return raisef(&TypeErrorType, "code object requires a closure of exactly length %d", nfrees);
    code = Ref::borrow(source);
  } else {
    if (!closure.is_none())
      return raise(&TypeErrorType, "closure can only be used when source is a code object");
    code = compile_source_arg(source, "exec", "code object", 0, "<string>");
    if (!code) return nullptr;
  }
  Tuple* cells = closure.is_none() ? nullptr : closure.as<Tuple>();
  Ref r = run_code(code.as<Code>(), ns.globals.as<Dict>(), ns.locals.get().obj(), cells);
  return r ? Ref::none() : nullptr;
}

// eval(source, globals=None, locals=None, /), checked as CPython 3.11's.
static Ref builtin_eval(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value source, globals = Value::none(), locals = Value::none();
  if (!bind_args("eval", args, nargs, kwnames, {"source", "globals", "locals", "/"}, 1,
                 {&source, &globals, &locals}))
    return nullptr;
  if (!locals.is_none() && !is_mapping(locals)) return raise(&TypeErrorType, "locals must be a mapping");
  if (!globals.is_none() && !is_dict(globals))
    return raise(&TypeErrorType, is_mapping(globals) ? "globals must be a real dict; try eval(expr, {}, mapping)"
                                                     : "globals must be a dict");
  Namespaces ns;
  if (!resolve_namespaces(globals, locals, &ns)) return nullptr;
  Ref code;
  if (is_code(source)) {
    if (source.as<Code>()->nfrees > 0)
      return raise(&TypeErrorType, "code object passed to eval() may not contain free variables");
    code = Ref::borrow(source);
  } else {
    code = compile_source_arg(source, "eval", "code object", 1, "<string>");
    if (!code) return nullptr;
  }
  return run_code(code.as<Code>(), ns.globals.as<Dict>(), ns.locals.get().obj());
}

static Ref builtin_compile(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  // _feature_version: ast.parse's wish for an older grammar, which gilpy (as CPython
  // outside its parser's few version checks) does not act on.
  Value source, filename, mode, flags = Value::small_int(0), dont_inherit = Value::false_(),
                                  optimize = Value::small_int(-1), feature_version = Value::small_int(-1);
  if (!bind_args("compile", args, nargs, kwnames,
                 {"source", "filename", "mode", "flags", "dont_inherit", "optimize", "*", "_feature_version"}, 3,
                 {&source, &filename, &mode, &flags, &dont_inherit, &optimize, &feature_version}))
    return nullptr;
  if (!is_str(mode) || !is_str(filename)) return raise(&TypeErrorType, "compile() arguments must be str");
  std::string m = str_to_utf8(mode.as<Str>());
  int mi = m == "exec" ? 0 : m == "eval" ? 1 : m == "single" ? 2 : -1;
  if (mi < 0) return raise(&ValueErrorType, "compile() mode must be 'exec', 'eval' or 'single'");
  std::string fn = str_to_utf8(filename.as<Str>());
  auto flag_bits = index_as_int64(flags);
  if (!flag_bits) return nullptr;
  auto opt = index_as_int64(optimize);
  if (!opt) return nullptr;
  if (Ref tree; compile_ast(source, mi, fn.c_str(), *flag_bits, &tree)) return tree;
  return compile_source_arg(source, "compile", "AST object", mi, fn.c_str(), int(*flag_bits), int(*opt));
}

static Ref builtin_import(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name, globals = Value::none(), locals = Value::none(), fromlist = Value::none(), level = Value::small_int(0);
  if (!bind_args("__import__", args, nargs, kwnames, {"name", "globals", "locals", "fromlist", "level"}, 1,
                 {&name, &globals, &locals, &fromlist, &level}))
    return nullptr;
  if (!is_str(name)) return raisef(&TypeErrorType, "__import__() argument 1 must be str, not %s", type_name(name));
  return import_name(name, globals, fromlist, level);
}

static const MethodDef vm_builtins[] = {
    {"__build_class__", build_class, 0, "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class"},
    {"globals", builtin_globals, 0, "Return the dictionary containing the current scope's global variables."},
    {"locals", builtin_locals, 0, "Return a dictionary containing the current scope's local variables."},
    {"exec", builtin_exec, 0, "Execute the given source in the context of globals and locals."},
    {"eval", builtin_eval, 0, "Evaluate the given source in the context of globals and locals."},
    {"compile", builtin_compile, 0, "Compile source into a code object."},
    {"__import__", builtin_import, 0, "Import a module."},
    {nullptr}};

bool add_vm_builtins(Module* builtins) { return module_add_functions(builtins, vm_builtins); }

// Zero-argument super(): the calling frame's __class__ cell and first argument.
static bool super_zero_arg(Type** type, Value* obj) {
  Frame* f = current_frame();
  if (!f || !f->code) {
    raise(&RuntimeErrorType, "super(): no current frame");
    return false;
  }
  Code* co = f->code;
  if (co->argcount == 0 && !(co->flags & kCoVarargs)) {
    raise(&RuntimeErrorType, "super(): no arguments");
    return false;
  }
  Value first = f->localsplus[0];
  if (first.is_null()) {
    for (size_t i = 0; i < co->cell2arg.size(); ++i) {
      if (co->cell2arg[i] == 0) {
        first = f->localsplus[co->nlocals + static_cast<int>(i)].as<Cell>()->contents;
        break;
      }
    }
  }
  if (first.is_null()) {
    raise(&RuntimeErrorType, "super(): arg[0] deleted");
    return false;
  }
  for (int i = 0; i < co->nfrees; ++i) {
    if (str_equal(co->freevars->items[i].as<Str>(), intern("__class__"))) {
      Value cell = f->localsplus[co->nlocals + co->ncells + i];
      Value cls = cell.as<Cell>()->contents;
      if (cls.is_null()) {
        raise(&RuntimeErrorType, "super(): empty __class__ cell");
        return false;
      }
      if (!type_has(type_of(cls), kTypeTypeSubclass)) {
        raise(&RuntimeErrorType, "super(): __class__ is not a type");
        return false;
      }
      *type = cls.as<Type>();
      *obj = first;
      return true;
    }
  }
  raise(&RuntimeErrorType, "super(): __class__ cell not found");
  return false;
}

void init_vm_builtins_support() { super_zero_arg_hook = super_zero_arg; }

}  // namespace gilpy::vm
