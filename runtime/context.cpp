// runtime/context.cpp: Context, ContextVar and Token (PEP 567, CPython 3.11's
// _contextvars), and the enter/exit API of runtime/context.h.
//
// The mapping is a copy-on-write dict (see the header): every write goes through
// writable_vars(), which copies the dict when anything besides this context holds it.
// Python code never gets the dict itself, only views and iterators that count as holders,
// so the copy also keeps a running iteration from seeing a later set().
#include "runtime/context.h"

#include "runtime/runtime.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type ContextType;
Type ContextVarType;
Type TokenType;
Type TokenMissingType;
Object TokenMissingObject;

namespace {

// ---- the context's mapping -------------------------------------------------------------------

// The context's dict, made when a collection cleared it (the context was garbage, but a
// finaliser may still look at it).
Dict* vars_of(ContextObject* c) {
  if (!c->vars) c->vars = dict_new().release();
  return c->vars;
}

// The dict, made private to this context first if anyone else holds it.
Dict* writable_vars(ContextObject* c) {
  Dict* d = vars_of(c);
  if (d->refcnt > 1) {
    Dict* copy = dict_copy(d).release();
    c->vars = copy;
    decref(d);
    d = copy;
  }
  return d;
}

ContextObject* new_context(Dict* vars_owned) {
  auto* c = alloc<ContextObject>(&ContextType);
  c->vars = vars_owned;
  return c;
}

// The thread's current context, made empty on first use.
ContextObject* current_context(ThreadState* ts) {
  if (ts->context.is_null()) ts->context = Value::from_obj(new_context(dict_new().release()));
  return ts->context.as<ContextObject>();
}

Ref raise_lookup_error(Value key) {
  Ref exc = call1(Value::from_obj(&LookupErrorType), key);
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

// ---- Context ------------------------------------------------------------------------------------

Ref context_new(Type*, const Value*, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size)) return raise(&TypeErrorType, "Context() does not accept any arguments");
  return context_new_empty();
}

void context_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<ContextObject*>(o);
  if (c->vars) visit(Value::from_obj(c->vars), arg);
  if (c->prev) visit(Value::from_obj(c->prev), arg);
}

void context_clear(Object* o) {
  auto* c = static_cast<ContextObject*>(o);
  Dict* vars = c->vars;
  ContextObject* prev = c->prev;
  c->vars = nullptr;
  c->prev = nullptr;
  xdecref(vars);
  xdecref(prev);
}

void context_dealloc(Object* o) {
  gc_untrack(o);
  context_clear(o);
  free_object(o);
}

// A key of the mapping must be a ContextVar (CPython's message).
bool check_var_key(Value key) {
  if (is_context_var(key)) return true;
  raisef(&TypeErrorType, "a ContextVar key was expected, got %s", repr_utf8(key).c_str());
  return false;
}

Ref context_getitem(Value self, Value key) {
  if (!check_var_key(key)) return nullptr;
  auto* var = key.as<ContextVarObject>();
  Value v = dict_get_known_hash(vars_of(self.as<ContextObject>()), key, var->hash);
  if (v.is_null()) return raise_key_error(key);
  return Ref::borrow(v);
}

int context_contains(Value self, Value key) {
  if (!check_var_key(key)) return -1;
  auto* var = key.as<ContextVarObject>();
  return dict_get_known_hash(vars_of(self.as<ContextObject>()), key, var->hash).is_null() ? 0 : 1;
}

int64_t context_len(Value self) { return vars_of(self.as<ContextObject>())->used; }

Ref context_iter(Value self) { return get_iter(Value::from_obj(vars_of(self.as<ContextObject>()))); }

int64_t context_hash(Value self) {
  raisef(&TypeErrorType, "unhashable type: '%s'", type_name(self));
  return -1;
}

Ref context_richcompare(Value a, Value b, CompareOp op) {
  if (!is_context(b) || (op != CompareOp::Eq && op != CompareOp::Ne)) return Ref::borrow(not_implemented());
  Dict* x = vars_of(a.as<ContextObject>());
  Dict* y = vars_of(b.as<ContextObject>());
  if (x == y) return Ref::boolean(op == CompareOp::Eq);
  return rich_compare(Value::from_obj(x), Value::from_obj(y), op);
}

Ref context_get_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("Context.get", kwnames) || !cont::check_positional("get", nargs, 1, 2)) return nullptr;
  if (!check_var_key(args[0])) return nullptr;
  auto* var = args[0].as<ContextVarObject>();
  Value v = dict_get_known_hash(vars_of(self.as<ContextObject>()), args[0], var->hash);
  if (!v.is_null()) return Ref::borrow(v);
  return Ref::borrow(nargs == 2 ? args[1] : Value::none());
}

Ref context_view(Value self, size_t nargs, Tuple* kwnames, const char* qualname, const char* method) {
  if (!cont::no_args(qualname, nargs, kwnames)) return nullptr;
  return call_method0(Value::from_obj(vars_of(self.as<ContextObject>())), method);
}
Ref context_keys_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return context_view(self, nargs, kwnames, "Context.keys", "keys");
}
Ref context_values_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return context_view(self, nargs, kwnames, "Context.values", "values");
}
Ref context_items_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  return context_view(self, nargs, kwnames, "Context.items", "items");
}

Ref context_copy_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("Context.copy", nargs, kwnames)) return nullptr;
  Dict* vars = vars_of(self.as<ContextObject>());
  incref(vars);
  return Ref::steal(new_context(vars));
}

Ref context_run_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs < 1) return raise(&TypeErrorType, "run() missing 1 required positional argument");
  return context_run(ThreadState::current(), self, args[0], args + 1, nargs - 1, kwnames);
}

const MethodDef context_methods[] = {
    {"run", context_run_m, 0, "Run callable(*args, **kwargs) in this context."},
    {"copy", context_copy_m, 0, "Return a shallow copy of the context object."},
    {"get", context_get_m, 0, "Return the value for `key` if `key` has the value in the context object."},
    {"keys", context_keys_m, 0, "Return a list of all variables in the context object."},
    {"values", context_values_m, 0, "Return a list of all variables' values in the context object."},
    {"items", context_items_m, 0, "Return all variables and their values in the context object."},
    {nullptr}};

// ---- ContextVar ----------------------------------------------------------------------------------

Ref contextvar_new(Type*, const Value* args, size_t nargs, Tuple* kwnames) {
  // Checked in the order of CPython's argument parser, for its messages.
  size_t nkw = kwnames ? static_cast<size_t>(kwnames->size) : 0;
  if (nargs + nkw > 2) return raisef(&TypeErrorType, "ContextVar() takes at most 2 arguments (%zu given)", nargs + nkw);
  if (nargs > 1) return raisef(&TypeErrorType, "ContextVar() takes at most 1 positional argument (%zu given)", nargs);
  if (nargs == 0) return raise(&TypeErrorType, "ContextVar() takes exactly 1 positional argument (0 given)");
  Value dflt;
  for (size_t i = 0; i < nkw; i++) {
    std::string key = str_to_utf8(kwnames->items[i].as<Str>());
    if (key != "default") return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for ContextVar()", key.c_str());
    dflt = args[nargs + i];
  }
  if (!is_str(args[0])) return raise(&TypeErrorType, "context variable name must be a str");
  auto* var = alloc<ContextVarObject>(&ContextVarType);
  var->name = args[0].as<Str>();
  incref(var->name);
  var->default_value = dflt;
  incref(dflt);
  // An identity hash, shifted past the alignment bits; -1 is the error value.
  var->hash = static_cast<int64_t>(reinterpret_cast<uintptr_t>(var) >> 4);
  if (var->hash == -1) var->hash = -2;
  return Ref::steal(var);
}

void contextvar_traverse(Object* o, VisitFn visit, void* arg) {
  auto* v = static_cast<ContextVarObject*>(o);
  if (v->name) visit(Value::from_obj(v->name), arg);
  if (!v->default_value.is_null()) visit(v->default_value, arg);
}

void contextvar_clear(Object* o) {
  auto* v = static_cast<ContextVarObject*>(o);
  Value d = v->default_value;
  v->default_value = Value();
  decref(d);
}

void contextvar_dealloc(Object* o) {
  gc_untrack(o);
  auto* v = static_cast<ContextVarObject*>(o);
  contextvar_clear(o);
  xdecref(v->name);
  free_object(o);
}

int64_t contextvar_hash(Value self) { return self.as<ContextVarObject>()->hash; }

Ref contextvar_repr(Value self) {
  auto* v = self.as<ContextVarObject>();
  std::string out = "<ContextVar name=" + repr_utf8(Value::from_obj(v->name));
  if (!v->default_value.is_null()) {
    Ref r = repr(v->default_value);
    if (!r) return nullptr;
    out += " default=" + str_to_utf8(r.as<Str>());
  }
  out += strfmt(" at %p>", static_cast<void*>(v));
  return str_from_utf8(out).into_ref();
}

Ref contextvar_name(Value self) { return Ref::borrow(Value::from_obj(self.as<ContextVarObject>()->name)); }
// CPython's `name` is a read-only member, whose message differs from a getset's.
int contextvar_set_name(Value, Value) {
  raise(&AttributeErrorType, "readonly attribute");
  return -1;
}

Ref contextvar_get_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("ContextVar.get", kwnames) || !cont::check_positional("get", nargs, 0, 1)) return nullptr;
  Value v = context_var_lookup(self.as<ContextVarObject>(), nargs ? args[0] : Value());
  if (v.is_null()) return raise_lookup_error(self);
  return Ref::borrow(v);
}

Ref contextvar_set_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("ContextVar.set", nargs, kwnames)) return nullptr;
  auto* var = self.as<ContextVarObject>();
  ContextObject* ctx = current_context(ThreadState::current());
  Value old = dict_get_known_hash(vars_of(ctx), self, var->hash);
  auto* tok = alloc<TokenObject>(&TokenType);
  tok->ctx = ctx;
  incref(ctx);
  tok->var = var;
  incref(var);
  tok->old_value = old;
  incref(old);
  Ref token = Ref::steal(tok);
  if (!dict_set_known_hash(writable_vars(ctx), self, var->hash, args[0])) return nullptr;
  return token;
}

Ref contextvar_reset_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("ContextVar.reset", nargs, kwnames)) return nullptr;
  Value t = args[0];
  if (!t.is_obj() || t.obj()->type != &TokenType)
    return raisef(&TypeErrorType, "expected an instance of Token, got %s", repr_utf8(t).c_str());
  auto* tok = t.as<TokenObject>();
  if (tok->used) return raisef(&RuntimeErrorType, "%s has already been used once", repr_utf8(t).c_str());
  auto* var = self.as<ContextVarObject>();
  if (tok->var != var)
    return raisef(&ValueErrorType, "%s was created by a different ContextVar", repr_utf8(t).c_str());
  ContextObject* ctx = current_context(ThreadState::current());
  if (tok->ctx != ctx) return raisef(&ValueErrorType, "%s was created in a different Context", repr_utf8(t).c_str());
  tok->used = true;
  if (tok->old_value.is_null()) {
    if (dict_get_known_hash(vars_of(ctx), self, var->hash).is_null()) return raise_lookup_error(self);
    if (dict_del(writable_vars(ctx), self) < 0) return nullptr;
  } else if (!dict_set_known_hash(writable_vars(ctx), self, var->hash, tok->old_value)) {
    return nullptr;
  }
  return Ref::none();
}

const MethodDef contextvar_methods[] = {
    {"get", contextvar_get_m, 0, "Return a value for the context variable for the current context."},
    {"set", contextvar_set_m, 0, "Call to set a new value for the context variable in the current context."},
    {"reset", contextvar_reset_m, 0, "Reset the context variable."},
    {nullptr}};

const GetSetDef contextvar_getsets[] = {{"name", contextvar_name, contextvar_set_name, nullptr}, {nullptr}};

// ---- Token ----------------------------------------------------------------------------------------

Ref token_new(Type*, const Value*, size_t, Tuple*) {
  return raise(&RuntimeErrorType, "Tokens can only be created by ContextVars");
}

void token_traverse(Object* o, VisitFn visit, void* arg) {
  auto* t = static_cast<TokenObject*>(o);
  if (t->ctx) visit(Value::from_obj(t->ctx), arg);
  if (t->var) visit(Value::from_obj(t->var), arg);
  if (!t->old_value.is_null()) visit(t->old_value, arg);
}

void token_clear(Object* o) {
  auto* t = static_cast<TokenObject*>(o);
  ContextObject* ctx = t->ctx;
  ContextVarObject* var = t->var;
  Value old = t->old_value;
  t->ctx = nullptr;
  t->var = nullptr;
  t->old_value = Value();
  xdecref(ctx);
  xdecref(var);
  decref(old);
}

void token_dealloc(Object* o) {
  gc_untrack(o);
  token_clear(o);
  free_object(o);
}

Ref token_repr(Value self) {
  auto* t = self.as<TokenObject>();
  std::string var = t->var ? repr_utf8(Value::from_obj(t->var)) : "None";
  return str_from_utf8(strfmt("<Token%s var=%s at %p>", t->used ? " used" : "", var.c_str(), static_cast<void*>(t)))
      .into_ref();
}

Ref token_var(Value self) {
  auto* t = self.as<TokenObject>();
  return t->var ? Ref::borrow(Value::from_obj(t->var)) : Ref::none();
}

Ref token_old_value(Value self) {
  auto* t = self.as<TokenObject>();
  return Ref::borrow(t->old_value.is_null() ? Value::from_obj(&TokenMissingObject) : t->old_value);
}

const GetSetDef token_getsets[] = {{"var", token_var, nullptr, nullptr},
                                   {"old_value", token_old_value, nullptr, nullptr},
                                   {nullptr}};

Ref missing_repr(Value) { return str_from_ascii("<Token.MISSING>").into_ref(); }

}  // namespace

// ---- the C++ API ------------------------------------------------------------------------------------

Ref context_new_empty() { return Ref::steal(new_context(dict_new().release())); }

Ref context_copy_current() {
  ContextObject* cur = current_context(ThreadState::current());
  Dict* vars = vars_of(cur);
  incref(vars);
  return Ref::steal(new_context(vars));
}

Ref context_snapshot_current() {
  Dict* vars = vars_of(current_context(ThreadState::current()));
  return Ref::borrow(Value::from_obj(vars));
}

Ref context_from_snapshot(Value vars) {
  if (vars.is_null()) return context_new_empty();
  incref(vars);
  return Ref::steal(new_context(vars.as<Dict>()));
}

bool context_enter(ThreadState* ts, Value ctx) {
  auto* c = ctx.as<ContextObject>();
  if (c->entered) {
    raisef(&RuntimeErrorType, "cannot enter context: %s is already entered", repr_utf8(ctx).c_str());
    return false;
  }
  // The reference ts->context held moves to c->prev.
  c->prev = ts->context.is_null() ? nullptr : ts->context.as<ContextObject>();
  c->entered = true;
  incref(c);
  ts->context = ctx;
  return true;
}

void context_exit(ThreadState* ts, Value ctx) {
  auto* c = ctx.as<ContextObject>();
  ts->context = c->prev ? Value::from_obj(c->prev) : Value();
  c->prev = nullptr;
  c->entered = false;
  decref(c);  // the reference ts->context held
}

Ref context_run(ThreadState* ts, Value ctx, Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!context_enter(ts, ctx)) return nullptr;
  Ref result = call(callable, args, nargs, kwnames);
  context_exit(ts, ctx);
  return result;
}

Value context_var_lookup(ContextVarObject* var, Value dflt) {
  Value ctx = ThreadState::current()->context;
  if (!ctx.is_null()) {
    Dict* vars = ctx.as<ContextObject>()->vars;
    if (vars) {
      Value v = dict_get_known_hash(vars, Value::from_obj(var), var->hash);
      if (!v.is_null()) return v;
    }
  }
  if (!dflt.is_null()) return dflt;
  return var->default_value;
}

void context_clear_thread(ThreadState* ts) {
  Value ctx = ts->context;
  ts->context = Value();
  decref(ctx);
}

void init_context_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(ContextType, "_contextvars.Context", sizeof(ContextObject), &ObjectType, kTypeGc);
  ContextType.new_ = context_new;
  ContextType.dealloc = context_dealloc;
  ContextType.traverse = context_traverse;
  ContextType.clear = context_clear;
  ContextType.getitem = context_getitem;
  ContextType.contains = context_contains;
  ContextType.len = context_len;
  ContextType.iter = context_iter;
  ContextType.hash = context_hash;
  ContextType.richcompare = context_richcompare;
  ContextType.methods = context_methods;
  ready_type(&ContextType);

  static_type_init(ContextVarType, "_contextvars.ContextVar", sizeof(ContextVarObject), &ObjectType, kTypeGc);
  ContextVarType.new_ = contextvar_new;
  ContextVarType.dealloc = contextvar_dealloc;
  ContextVarType.traverse = contextvar_traverse;
  ContextVarType.clear = contextvar_clear;
  ContextVarType.hash = contextvar_hash;
  ContextVarType.repr = contextvar_repr;
  ContextVarType.methods = contextvar_methods;
  ContextVarType.getsets = contextvar_getsets;
  ready_type(&ContextVarType);

  static_type_init(TokenType, "_contextvars.Token", sizeof(TokenObject), &ObjectType, kTypeGc);
  TokenType.new_ = token_new;
  TokenType.dealloc = token_dealloc;
  TokenType.traverse = token_traverse;
  TokenType.clear = token_clear;
  TokenType.repr = token_repr;
  TokenType.getsets = token_getsets;
  ready_type(&TokenType);

  static_type_init(TokenMissingType, "Token.MISSING", sizeof(Object), &ObjectType, kTypeDisallowInstantiation);
  TokenMissingType.repr = missing_repr;
  ready_type(&TokenMissingType);
  TokenMissingObject = {kImmortal, 0, &TokenMissingType};
  dict_set_str(TokenType.dict_unfilled, "MISSING", Value::from_obj(&TokenMissingObject));
}

}  // namespace gilpy::rt
