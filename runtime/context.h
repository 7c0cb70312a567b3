// runtime/context.h: contextvars' objects (PEP 567) and the C++ API the native event loop
// uses to run a task step or a callback inside a Context.
//
// A Context maps ContextVars to values. Its mapping is a dict that contexts share until one
// of them writes (copy-on-write): copy_context() is O(1) (one new object pointing at the
// same dict), and ContextVar.set copies the dict first only when another context (or a
// keys()/items() view, or an iterator) still holds it. Nothing outside this file ever gets
// the dict itself, so a dict whose reference count is 1 belongs to one context alone and
// may be written in place.
//
// Each thread has a current context (ThreadState::context, owned), created empty on first
// use; a new thread starts with none, as in CPython 3.11 (threading does not copy it).
// Entering a context (Context.run, a task step) is a pointer swap plus a flag: the context
// remembers the one it replaced in `prev` and gives it back on exit.
//
// The types live in runtime/ (the asyncio types in stdlib/ and the _contextvars module both
// build on them); stdlib/contextvars.cpp makes the module.
#pragma once

#include "runtime/object.h"
#include "runtime/thread_state.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Dict;
struct Str;

struct ContextObject : Object {
  Dict* vars;            // ContextVar -> value (owned; shared with copies until written)
  ContextObject* prev;   // the context this one replaced while entered (owned), else null
  bool entered;
};

struct ContextVarObject : Object {
  Str* name;             // owned
  Value default_value;   // owned, null when the variable has no default
  int64_t hash;          // identity hash, computed once (the dict lookups reuse it)
};

struct TokenObject : Object {
  ContextObject* ctx;    // the context the token was made in (owned)
  ContextVarObject* var; // owned
  Value old_value;       // owned; null: the variable had no value (Token.MISSING)
  bool used;
};

extern Type ContextType;
extern Type ContextVarType;
extern Type TokenType;
extern Type TokenMissingType;
extern Object TokenMissingObject;  // Token.MISSING

// contextvars.copy_context(): a new context with the current thread's variables.
Ref context_copy_current();
// A new empty context (contextvars.Context()).
Ref context_new_empty();
// The variables of the current context, as a snapshot that later writes do not change
// (copy-on-write: holding the dict makes a writer copy it first). An asyncio task keeps
// this instead of a Context until one of its steps writes a variable (stdlib/asyncio).
Ref context_snapshot_current();
// A new context over a snapshot (null: empty) and whether `ctx` still has exactly those
// variables: its dict was not replaced by a write.
Ref context_from_snapshot(Value vars);
inline bool context_has_vars(Value ctx, Value vars);
// Makes ctx the current context of ts. False with RuntimeError ("cannot enter context: ...
// is already entered") when ctx is already entered somewhere.
bool context_enter(ThreadState* ts, Value ctx);
// Restores the context ctx replaced. Precondition: ctx is ts's current, entered context.
void context_exit(ThreadState* ts, Value ctx);
// ctx.run(callable, *args): enter, call, exit (also when the call raises).
Ref context_run(ThreadState* ts, Value ctx, Value callable, const Value* args, size_t nargs,
                Tuple* kwnames = nullptr);
inline bool is_context(Value v) { return v.is_obj() && v.obj()->type == &ContextType; }
inline bool context_has_vars(Value ctx, Value vars) {
  return Value::from_obj(reinterpret_cast<Object*>(ctx.as<ContextObject>()->vars)) == vars;
}
inline bool is_context_var(Value v) { return v.is_obj() && v.obj()->type == &ContextVarType; }

// ContextVar.get(): the value in the current context, else `dflt` (may be null), else the
// variable's default; null without an error when none of them exists. Borrowed.
Value context_var_lookup(ContextVarObject* var, Value dflt);

// Releases a finished thread's current context (its ThreadState is about to go).
void context_clear_thread(ThreadState* ts);

void init_context_types();

}  // namespace gilpy::rt
