// vm/eval.cpp: the eval loop: runs bytecode (vm/opcodes.def) over frames off the C++ stack.
//
// A call from Python to a Python function pushes a frame in the thread's arena and keeps
// going in the same loop; a return pops it. Only native code re-enters the loop (a native
// that calls back into Python, a generator being resumed): such a frame is an "entry"
// frame, and returning from it returns from eval_frame.
//
// Safety rules for every instruction (numbered, as Luau's):
//  1. The value stack holds owned references; a handler pops what it consumes and pushes
//     what it produces, releasing its inputs on every path, errors included.
//  2. Anything that may run Python code (calls, dunders, decref of an object with __del__)
//     may reallocate nothing of ours, but may run the collector or switch threads: keep
//     values in owned slots (the stack or a Ref), never in borrowed locals across it.
//  3. Before anything that may raise, `this_instr` is current, so `error:` knows lasti.
//  4. After a frame switch (call, return), reload `frame`-derived locals with LOAD_FRAME.
//  5. DISPATCH is a computed goto, and GCC runs no destructor when one leaves a scope: a
//     Ref, Own or std::vector still alive at DISPATCH (or ENTER_FRAME) leaks. Release or
//     reset each before it, or keep it in an inner block that closes first. (`goto error`
//     is an ordinary goto and does run them.)
#include "vm/eval.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <new>
#include <string>

#include "runtime/exception_group.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/code.h"
#include "vm/generator.h"
#include "vm/import.h"
#include "vm/interpreter.h"
#include "vm/opcodes.h"
#include "vm/pattern_match.h"
#include "vm/pending.h"

namespace gilpy::vm {

using namespace rt;

// ---- the frame arena ------------------------------------------------------------------------

static thread_local ThreadFrames* tls_frames = nullptr;

ThreadFrames& thread_frames() {
  if (!tls_frames) tls_frames = new ThreadFrames();
  return *tls_frames;
}

void release_thread_frames() {
  if (!tls_frames) return;
  for (ThreadFrames::Chunk& c : tls_frames->chunks) std::free(c.base);
  delete tls_frames;
  tls_frames = nullptr;
}

Frame* ThreadFrames::push_slow(size_t bytes) {
  // Move to the next chunk (allocating it if needed); remember where this one stopped.
  size_t want = bytes > (1u << 20) ? bytes : (1u << 20);
  size_t next = top == nullptr ? 0 : chunk_index + 1;
  if (saved_tops.size() < next + 1) saved_tops.resize(next + 1);
  saved_tops[next] = top;
  if (next >= chunks.size() || chunks[next].size < bytes) {
    // Allocated before anything changes: without memory the arena is as it was.
    auto* base = static_cast<char*>(std::malloc(want));
    if (!base) return nullptr;
    if (next >= chunks.size()) {
      try {
        chunks.push_back({base, want});
      } catch (const std::bad_alloc&) {
        std::free(base);
        return nullptr;
      }
    } else {
      std::free(chunks[next].base);
      chunks[next] = {base, want};
    }
  }
  chunk_index = next;
  chunk_start = next == 0 ? nullptr : chunks[next].base;
  top = chunks[next].base;
  limit = top + chunks[next].size;
  auto* f = reinterpret_cast<Frame*>(top);
  top += bytes;
  return f;
}

void ThreadFrames::pop_slow(Frame* f) {
  top = saved_tops[chunk_index];
  --chunk_index;
  chunk_start = chunk_index == 0 ? nullptr : chunks[chunk_index].base;
  limit = chunks[chunk_index].base + chunks[chunk_index].size;
}

void ThreadFrames::adopt_first_chunk(char* base, size_t size) {
  chunks.push_back({base, size});
  chunk_index = 0;
  chunk_start = nullptr;
  top = base;
  limit = base + size;
}

void ThreadFrames::free_allocated_chunks() {
  // The first chunk is adopted memory; push_slow made the others.
  for (size_t i = 1; i < chunks.size(); ++i) std::free(chunks[i].base);
  chunks.resize(chunks.empty() ? 0 : 1);
}

ThreadFrames* swap_thread_frames(ThreadFrames* frames) {
  ThreadFrames* previous = &thread_frames();
  tls_frames = frames;
  return previous;
}

void release_abandoned_frames(ThreadState* ts, ThreadFrames* frames) {
  ThreadFrames* own = swap_thread_frames(frames);
  int depth = ts->recursion_depth;
  // Generator frames on the chain belong to their generators (which stay "running").
  for (Frame* f = frames->current; f;) {
    Frame* previous = f->previous;
    if (f->in_arena) release_frame(ts, f);
    f = previous;
  }
  frames->current = nullptr;
  ts->recursion_depth = depth;
  swap_thread_frames(own);
}

Frame* current_frame() { return thread_frames().current; }

// ---- frames ------------------------------------------------------------------------------------

// A frame for code in the thread's arena, its locals unbound (see start_frame for the rest);
// null with RecursionError or MemoryError set. func's reference is the caller's to give.
static Frame* alloc_frame(ThreadState* ts, Code* code, Function* func, Dict* globals, Dict* builtins) {
  Interpreter* interp = ts->interp;
  if (ts->recursion_depth >= interp->recursion_limit) {
    raise(&RecursionErrorType, "maximum recursion depth exceeded");
    return nullptr;
  }
  Frame* f = thread_frames().push(frame_size(code));
  if (!f) {
    raise_no_memory();
    return nullptr;
  }
  start_frame(f, code, func, globals, builtins);
  // A plain loop: a memset of this variable size became `rep stos`, whose start-up cost
  // dominated small frames.
  for (int i = 0, n = code->nlocalsplus(); i < n; ++i) f->localsplus[i] = Value();
  ++ts->recursion_depth;
  return f;
}

void clear_frame_values(Frame* f) {
  Code* co = f->code;
  Value* lp = f->localsplus;
  int n = co->nlocalsplus();
  for (int i = 0; i < n; ++i) {
    Value v = lp[i];
    lp[i] = Value();
    decref(v);
  }
  Value* base = f->stack_base();
  while (f->sp > base) {
    Value v = *--f->sp;
    decref(v);
  }
}

void release_frame(ThreadState* ts, Frame* f) {
  clear_frame_values(f);
  Object* locals = f->locals;
  f->locals = nullptr;
  xdecref(locals);
  if (!f->func) {
    Dict* g = f->globals;
    f->globals = nullptr;
    xdecref(g);
  }
  Function* func = f->func;
  f->func = nullptr;
  xdecref(func);
  Code* co = f->code;
  if (f->in_arena) {
    --ts->recursion_depth;
    decref(co);
    thread_frames().pop(f);
  } else {
    decref(co);
    f->code = nullptr;
  }
}

Frame* make_frame(ThreadState* ts, Function* fn, const Value* args, size_t nargs, Tuple* kwnames) {
  Code* co = fn->code;
  Frame* f = alloc_frame(ts, co, fn, fn->globals, fn->builtins);
  if (!f) return nullptr;
  incref(fn);
  if (!kwnames && nargs == static_cast<size_t>(co->argcount) &&
      !(co->flags & (kCoVarargs | kCoVarkeywords)) && co->kwonlyargcount == 0) {
    for (size_t i = 0; i < nargs; ++i) {
      incref(args[i]);
      f->localsplus[i] = args[i];
    }
  } else if (!bind_arguments(f, fn, args, nargs, kwnames)) {
    release_frame(ts, f);
    return nullptr;
  }
  if (co->ncells || co->nfrees) init_cells(f, fn->closure);
  return f;
}

Frame* make_frame_for_code(ThreadState* ts, Code* code, Dict* globals, Object* locals, Function* func,
                           Tuple* closure) {
  Frame* f = func ? alloc_frame(ts, code, func, func->globals, func->builtins)
                  : alloc_frame(ts, code, nullptr, globals, ts->interp->builtins_dict.get());
  if (!f) return nullptr;
  if (func) incref(func);  // the frame's reference (it borrows globals from func)
  else incref(globals);
  if (locals) {
    incref(locals);
    f->locals = locals;
  }
  if (code->ncells || code->nfrees) init_cells(f, func ? func->closure : closure);
  return f;
}

Ref function_call(Value callable, const Value* args, size_t nargs, Tuple* kwnames) {
  ThreadState* ts = ThreadState::current();
  Frame* f = make_frame(ts, callable.as<Function>(), args, nargs, kwnames);
  if (!f) return nullptr;
  f->is_entry = true;
  return eval_frame(ts, f, false);
}

// ---- helpers for instructions (slow paths out of line) -------------------------------------------

// Releases the value a store overwrote. Float temporaries die here all the time (the
// previous `x` of `x = a * b`): they go straight back to the free list, skipping dealloc.
static inline void decref_store(Value old) {
  if (!old.is_obj()) return;
  Object* o = old.obj();
  if (--o->refcnt != 0) return;
  if (o->type == &FloatType && float_free_list.push(static_cast<Float*>(o))) return;
  dealloc(o);
}

static void format_unbound_local(Code* co, int idx) {
  raisef(&UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value",
         str_to_utf8(co->varnames->items[idx].as<Str>()).c_str());
}

static Str* deref_name(Code* co, int idx) {
  if (idx < co->ncells) return co->cellvars->items[idx].as<Str>();
  return co->freevars->items[idx - co->ncells].as<Str>();
}

static void format_unbound_deref(Code* co, int idx) {
  std::string name = str_to_utf8(deref_name(co, idx));
  if (idx < co->ncells)
    raisef(&UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value",
           name.c_str());
  else
    raisef(&NameErrorType, "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
           name.c_str());
}

static void format_name_error(Str* name) {
  Ref exc = new_exception(&NameErrorType, strfmt("name '%s' is not defined", str_to_utf8(name).c_str()));
  restore_error(std::move(exc));
}

static Ref load_global(Frame* f, Str* name) {
  Value v = dict_get_str(f->globals, name);
  if (v.is_null()) v = dict_get_str(f->builtins, name);
  if (v.is_null()) {
    format_name_error(name);
    return nullptr;
  }
  return Ref::borrow(v);
}

// BINARY_OP concatenates strs shorter than this inline; longer ones go through binary_op,
// whose guard turns an allocation failure into MemoryError (no C++ exception may unwind
// the eval loop).
constexpr int64_t kInlineConcatMax = int64_t{1} << 20;

// ---- the namespace of LOAD_NAME, STORE_NAME and their kin ----------------------------------------
// A module or class body names its variables in the frame's locals: a dict, or any mapping
// exec() was given (else the globals). An exact dict takes the dict's own fast path,
// anything else the mapping protocol, as CPython's.

static Object* name_namespace(Frame* f) { return f->locals ? f->locals : f->globals; }

// The value bound to `name` (a new reference); null with an error pending, or null without
// one when the name is not bound there.
static Ref namespace_get(Object* ns, Str* name) {
  if (is_exact_dict(Value::from_obj(ns))) return Ref::borrow(dict_get_str(static_cast<Dict*>(ns), name));
  Ref r = get_item(Value::from_obj(ns), Value::from_obj(name));
  if (!r && error_matches(&KeyErrorType)) clear_error();
  return r;
}

static bool namespace_set(Object* ns, Value name, Value v) {
  if (is_exact_dict(Value::from_obj(ns))) return dict_set(static_cast<Dict*>(ns), name, v);
  return set_item(Value::from_obj(ns), name, v) == 0;
}

// False when the name was not bound, or with an error pending.
static bool namespace_del(Object* ns, Value name) {
  if (is_exact_dict(Value::from_obj(ns))) return dict_del(static_cast<Dict*>(ns), name) > 0;
  return set_item(Value::from_obj(ns), name, Value()) == 0;
}

static bool setup_annotations(Object* ns) {
  Ref existing = namespace_get(ns, intern("__annotations__"));
  if (existing) return true;
  if (error_pending()) return false;
  Own<Dict> annotations = dict_new();
  return namespace_set(ns, Value::from_obj(intern("__annotations__")), annotations.value());
}

static Ref load_name(Frame* f, Str* name) {
  if (f->locals) {
    Ref v = namespace_get(f->locals, name);
    if (v || error_pending()) return v;
  }
  return load_global(f, name);
}

static bool unpack_iterable(Value seq, int before, int after, Value* out /* filled top-down */) {
  // out[0] is deepest: pushes happen in reverse so that the first item ends on top.
  bool has_star = after >= 0;
  int want = before + (has_star ? after : 0);
  if (is_exact_tuple(seq) || is_exact_list(seq)) {
    int64_t n = is_exact_tuple(seq) ? seq.as<Tuple>()->size : seq.as<List>()->size;
    Value* items = is_exact_tuple(seq) ? seq.as<Tuple>()->items : seq.as<List>()->items;
    if (!has_star && n == want) {
      for (int i = 0; i < want; ++i) {
        incref(items[i]);
        out[want - 1 - i] = items[i];
      }
      return true;
    }
  }
  Ref it = get_iter(seq);
  if (!it) {
    if (error_matches(&TypeErrorType) && !type_of(seq)->iter && !type_of(seq)->getitem) {
      clear_error();
      raisef(&TypeErrorType, "cannot unpack non-iterable %s object", type_name(seq));
    }
    return false;
  }
  std::vector<Value> got;
  auto cleanup = [&]() {
    for (Value v : got) decref(v);
  };
  for (int i = 0; i < before; ++i) {
    Ref x = iter_next(it.get());
    if (!x) {
      if (error_pending()) {
        cleanup();
        return false;
      }
      if (has_star)
        raisef(&ValueErrorType, "not enough values to unpack (expected at least %d, got %d)", want, i);
      else
        raisef(&ValueErrorType, "not enough values to unpack (expected %d, got %d)", want, i);
      cleanup();
      return false;
    }
    got.push_back(x.release());
  }
  if (!has_star) {
    Ref extra = iter_next(it.get());
    if (extra) {
      raisef(&ValueErrorType, "too many values to unpack (expected %d)", want);
      cleanup();
      return false;
    }
    if (error_pending()) {
      cleanup();
      return false;
    }
    for (int i = 0; i < want; ++i) out[want - 1 - i] = got[i];
    return true;
  }
  Own<List> rest = list_from_iterable(it.get());
  if (!rest) {
    cleanup();
    return false;
  }
  if (rest->size < after) {
    raisef(&ValueErrorType, "not enough values to unpack (expected at least %d, got %lld)", want,
           static_cast<long long>(before + rest->size));
    cleanup();
    return false;
  }
  // Move the last `after` items of rest out.
  int total = before + 1 + after;
  for (int i = 0; i < after; ++i) {
    Value v = rest->items[rest->size - after + i];
    out[total - 1 - (before + 1 + i)] = v;  // ownership moves
  }
  rest->size -= after;
  for (int i = 0; i < before; ++i) out[total - 1 - i] = got[i];
  out[total - 1 - before] = Value::from_obj(rest.release());
  return true;
}

// Sets exc.__context__ to the exception being handled (CPython does this at raise time).
static void chain_context(ThreadState* ts, Value exc) {
  Value handled = ts->topmost_handled();
  if (handled.is_null() || handled == exc || !is_exception_instance(exc)) return;
  auto* e = exc.as<ExceptionObject>();
  if (!e->context.is_null()) return;
  // Avoid cycles: cut the chain where it would reach exc again.
  Value o = handled;
  while (!o.is_null() && is_exception_instance(o)) {
    auto* oe = o.as<ExceptionObject>();
    if (oe->context == exc) {
      set_owned(&oe->context, Value());
      break;
    }
    o = oe->context;
  }
  incref(handled);
  e->context = handled;
}

static bool do_raise(ThreadState* ts, Value exc, Value cause) {
  if (exc.is_null()) {
    Value h = ts->topmost_handled();
    if (h.is_null()) {
      raise(&RuntimeErrorType, "No active exception to reraise");
      return false;
    }
    restore_error(Ref::borrow(h));
    return true;  // a re-raise: no new traceback
  }
  Ref inst;
  if (is_exception_type(exc)) {
    inst = call0(exc);
    if (!inst) return false;
    if (!is_exception_instance(inst.get())) {
      raisef(&TypeErrorType, "calling %s should have returned an instance of BaseException, not %s",
             exc.as<Type>()->name, type_name(inst.get()));
      return false;
    }
  } else if (is_exception_instance(exc)) {
    inst = Ref::borrow(exc);
  } else {
    raise(&TypeErrorType, "exceptions must derive from BaseException");
    return false;
  }
  if (!cause.is_null()) {
    Ref c;
    if (cause.is_none()) {
      c = Ref::none();
    } else if (is_exception_type(cause)) {
      c = call0(cause);
      if (!c) return false;
    } else if (is_exception_instance(cause)) {
      c = Ref::borrow(cause);
    } else {
      raise(&TypeErrorType, "exception causes must derive from BaseException");
      return false;
    }
    auto* e = inst.as<ExceptionObject>();
    set_owned(&e->cause, c.get().is_none() ? Value() : c.release());
    e->suppress_context = true;
  }
  restore_error(std::move(inst));
  return false;
}

static bool import_star(Frame* f, Value module) {
  Ref all = getattr_opt(module, intern("__all__"));
  if (!all && error_pending()) return false;
  Object* target = name_namespace(f);
  if (all) {
    return for_each(all.get(), [&](Value name) {
      if (!is_str(name)) {
        raise(&TypeErrorType, "Item in __all__ must be str");
        return false;
      }
      Ref v = getattr(module, name.as<Str>());
      return v && namespace_set(target, name, v.get());
    });
  }
  Ref d = getattr(module, intern("__dict__"));
  if (!d || !is_dict(d.get())) return false;
  int64_t pos = 0;
  Value k, v;
  std::vector<std::pair<Ref, Ref>> items;
  while (dict_next(d.as<Dict>(), &pos, &k, &v)) {
    if (is_str(k) && k.as<Str>()->length > 0 && k.as<Str>()->at(0) == '_') continue;
    items.push_back({Ref::borrow(k), Ref::borrow(v)});
  }
  for (auto& [key, val] : items)
    if (!namespace_set(target, key.get(), val.get())) return false;
  return true;
}

// PRINT_EXPR's slow path: sys.displayhook(v), as CPython's.
static bool print_expr_value(Value v) {
  Value sys = dict_get_cstr(current_interpreter()->modules.get(), "sys");
  Ref hook = sys.is_null() ? Ref() : getattr_opt(sys, intern("displayhook"));
  if (!hook) {
    if (!error_pending()) raise(&RuntimeErrorType, "lost sys.displayhook");
    return false;
  }
  Ref r = call1(hook.get(), v);
  return bool(r);
}

static Ref build_string(Value* items, int n) {
  int64_t len = 0;
  uint8_t kind = 1;
  for (int i = 0; i < n; ++i) {
    Str* s = items[i].as<Str>();
    len += s->length;
    if (s->kind == 4) kind = 4;
  }
  Own<Str> out = str_new_raw(len, kind);
  int64_t pos = 0;
  for (int i = 0; i < n; ++i) {
    Str* s = items[i].as<Str>();
    if (kind == 1) {
      std::memcpy(out->ascii_mut() + pos, s->ascii(), static_cast<size_t>(s->length));
    } else {
      for (int64_t j = 0; j < s->length; ++j) out->ucs4_mut()[pos + j] = s->at(j);
    }
    pos += s->length;
  }
  return out.into_ref();
}

static bool exc_match_check(Value type) {
  if (is_exception_type(type)) return true;
  if (is_tuple(type)) {
    Tuple* t = type.as<Tuple>();
    for (int64_t i = 0; i < t->size; ++i)
      if (!is_exception_type(t->items[i])) goto bad;
    return true;
  }
bad:
  raise(&TypeErrorType, "catching classes that do not inherit from BaseException is not allowed");
  return false;
}

// except* T: as for except, and T may not be an exception group type (3.11's
// check_except_star_type_valid).
static bool except_star_type_check(Value type) {
  if (!exc_match_check(type)) return false;
  bool group_type = false;
  if (is_tuple(type)) {
    Tuple* t = type.as<Tuple>();
    for (int64_t i = 0; i < t->size; ++i)
      group_type |= is_subtype(t->items[i].as<Type>(), &BaseExceptionGroupType);
  } else {
    group_type = is_subtype(type.as<Type>(), &BaseExceptionGroupType);
  }
  if (!group_type) return true;
  raise(&TypeErrorType, "catching ExceptionGroup with except* is not allowed. Use except instead.");
  return false;
}

static bool exc_matches(Value exc, Value type) {
  if (is_tuple(type)) {
    Tuple* t = type.as<Tuple>();
    for (int64_t i = 0; i < t->size; ++i)
      if (is_subtype(type_of(exc), t->items[i].as<Type>())) return true;
    return false;
  }
  return is_subtype(type_of(exc), type.as<Type>());
}

static const ExceptionTableRow* find_handler(Code* co, int lasti) {
  for (const ExceptionTableRow& row : co->exception_table)
    if (lasti >= row.start && lasti < row.end) return &row;
  return nullptr;
}

// Merges a mapping into the dict for f(**m) / {**m}; `check_dups` gives CPython's
// "got multiple values for keyword argument" error.
// CPython's _PyObject_FunctionStr: "mod.qualname()" naming a callable in messages.
static std::string function_str(Value callable) {
  Ref qn = getattr_opt(callable, intern("__qualname__"));
  if (!qn || !is_str(qn.get())) {
    if (error_pending()) clear_error();
    return std::string(type_name(callable)) + " object";
  }
  std::string out = str_to_utf8(qn.as<Str>()) + "()";
  Ref mod = getattr_opt(callable, intern("__module__"));
  if (error_pending()) clear_error();
  if (mod && is_str(mod.get())) {
    std::string m = str_to_utf8(mod.as<Str>());
    if (m != "builtins") out = m + "." + out;
  }
  return out;
}

static bool dict_keys_all_exact_str(Dict* d) {
  int64_t pos = 0;
  Value k, v;
  while (dict_next(d, &pos, &k, &v))
    if (!is_exact_str(k)) return false;
  return true;
}

static bool dict_merge(Value dict, Value other, bool check_dups, Value callable) {
  Dict* d = dict.as<Dict>();
  if (!check_dups) return dict_update(d, other);
  // Whether the keyword k (a str) is not in d yet: false, with an error, for a duplicate or
  // when comparing k with a key of d (a str subclass's __eq__) raised.
  auto is_new_keyword = [&](Value k) {
    int present = dict_contains(d, k);
    if (present > 0)
      raisef(&TypeErrorType, "%s got multiple values for keyword argument '%s'", function_str(callable).c_str(),
             str_to_utf8(k.as<Str>()).c_str());
    return present == 0;
  };
  if (is_exact_dict(other) && dict_keys_all_exact_str(other.as<Dict>())) {
    // f(**d), the usual case: its entries are walked directly, without an iterator or a
    // get_item for each key. A str-subclass key already in d may still run its __eq__ and
    // change `other`: the entry is held meanwhile, and a change is CPython's RuntimeError.
    Dict* src = other.as<Dict>();
    int64_t pos = 0, entries = src->entries_len;
    Value k, v;
    while (dict_next(src, &pos, &k, &v)) {
      Ref key = Ref::borrow(k), value = Ref::borrow(v);
      if (!is_new_keyword(k) || !dict_set(d, k, v)) return false;
      if (src->entries_len != entries) {
        raise(&RuntimeErrorType, "dict mutated during update");
        return false;
      }
    }
    return true;
  }
  if (!is_dict(other)) {
    Ref keys_fn = getattr_opt(other, intern("keys"));
    if (!keys_fn) {
      if (!error_pending())
        raisef(&TypeErrorType, "%s argument after ** must be a mapping, not %s", function_str(callable).c_str(),
               type_name(other));
      return false;
    }
  }
  Ref keys = is_dict(other) ? Ref::borrow(other) : call_method0(other, "keys");
  if (!keys) return false;
  return for_each(keys.get(), [&](Value k) {
    if (!is_str(k)) {
      raise(&TypeErrorType, "keywords must be strings");
      return false;
    }
    if (!is_new_keyword(k)) return false;
    Ref v = get_item(other, k);
    return v && dict_set(d, k, v.get());
  });
}

// ---- the loop ------------------------------------------------------------------------------------

#if defined(__GNUC__) && !defined(GILPY_NO_COMPUTED_GOTO)
#define USE_COMPUTED_GOTO 1
#else
#define USE_COMPUTED_GOTO 0
#endif

// The legacy GIL policy (runtime/gil.cpp) releases the GIL every N instructions. Rather
// than test a flag at every instruction, the loop then dispatches every opcode through
// one label, L_count_instruction, which counts and jumps on to the opcode's own handler:
// dispatch_table holds either the handlers (opcode_labels) or that label everywhere.
// Switched with the GIL held, so no thread is between reading the table and jumping.
#if USE_COMPUTED_GOTO
static void* dispatch_table[256];
static void* opcode_labels[256];
static void* count_instruction_label = nullptr;  // null until eval_frame first ran

static void fill_dispatch_table(bool counting) {
  for (int i = 0; i < 256; ++i) dispatch_table[i] = counting ? count_instruction_label : opcode_labels[i];
}
void set_instruction_counting(bool on) {
  if (count_instruction_label) fill_dispatch_table(on);
}
#else
void set_instruction_counting(bool) {}
#endif

// LOAD_GLOBAL's lookup: globals, then builtins, through the instruction's cache (its first
// cache word, `cache_word`: 1 + the index of its entry in the code's global_cache, 0 for
// none yet), which holds while neither dict's version changed. A new reference, or null
// with NameError set. The hit is inlined into the eval loop; the miss is not.
[[gnu::noinline]] static Value load_global_slow(Frame* frame, uint32_t* cache_word, Str* name) {
  Dict* globals = frame->globals;
  Dict* builtins = frame->builtins;
  Value v = dict_get_str(globals, name);
  if (v.is_null()) v = dict_get_str(builtins, name);
  if (v.is_null()) {
    format_name_error(name);
    return v;
  }
  std::vector<GlobalCacheEntry>& cache = frame->code->global_cache;
  if (*cache_word == 0) {
    cache.push_back({});
    *cache_word = static_cast<uint32_t>(cache.size());
  }
  cache[*cache_word - 1] = {globals->version, builtins->version, v};
  incref(v);
  return v;
}

[[gnu::always_inline]] static inline Value load_global(Frame* frame, uint32_t* cache_word, Str* name) {
  if (uint32_t slot = *cache_word) {
    GlobalCacheEntry& e = frame->code->global_cache[slot - 1];
    if (e.globals_version == frame->globals->version && e.builtins_version == frame->builtins->version) {
      incref(e.value);
      return e.value;
    }
  }
  return load_global_slow(frame, cache_word, name);
}

Ref eval_frame(ThreadState* ts, Frame* frame, bool throwing) {
#if USE_COMPUTED_GOTO
  if (!count_instruction_label) {
    for (auto& slot : opcode_labels) slot = &&L_unknown;
    int k = 0;
#define OPCODE(name, operand, fall, jump, caches) opcode_labels[k++] = &&L_##name;
#include "vm/opcodes.def"
#undef OPCODE
    count_instruction_label = &&L_count_instruction;
    fill_dispatch_table(gil_counts_instructions.load());
  }
#define TARGET(op) L_##op:
#define DISPATCH()                          \
  do {                                      \
    this_instr = ip;                        \
    uint32_t word_ = *ip++;                 \
    oparg = word_ >> 8;                     \
    goto* dispatch_table[word_ & 0xFF];     \
  } while (0)
#else
#define TARGET(op) \
  case Op::op:     \
  L_##op:
#define DISPATCH() goto dispatch
#endif
// Quickening (the specialised forms at the end of vm/opcodes.def): SPECIALIZE rewrites the
// opcode byte of the instruction being executed, which is ip[-1] until a handler moves ip
// (an EXTENDED_ARG prefix, if any, stays as it is). DEOPT rewrites a specialised form back
// to its base opcode and runs the base's generic path on the same operands.
#define SPECIALIZE(op) (ip[-1] = (ip[-1] & ~0xFFu) | static_cast<uint32_t>(Op::op))
#define DEOPT(base)   \
  do {                \
    SPECIALIZE(base); \
    goto L_##base;    \
  } while (0)

  ThreadFrames& tf = thread_frames();
  Frame* const entry_frame = frame;
  uint32_t* ip;
  uint32_t* this_instr = nullptr;
  Value* sp;
  uint32_t oparg = 0;
#if !USE_COMPUTED_GOTO
  uint32_t opcode_byte = 0;  // the instruction being dispatched (its operand in oparg)
#endif
  Tuple* kwnames = nullptr;
  Function* call_fn;     // the simple call being made (CALL and CALL_PY_SIMPLE share it)
  Value* call_args;
  size_t call_nargs;
  NativeFn call_native_fn;  // the native CALL_BUILTIN or CALL_METHOD_DESCR calls, and its self
  Value call_native_self;
  Value* consts;
  Tuple* names;
  Value exc_value;  // used by the unwinder

#define LOAD_FRAME()                         \
  do {                                       \
    ip = frame->ip;                          \
    sp = frame->sp;                          \
    consts = frame->code->consts->items;     \
    names = frame->code->names;              \
  } while (0)
#define SAVE_FRAME()     \
  do {                   \
    frame->ip = ip;      \
    frame->sp = sp;      \
  } while (0)
// After a call into native code, as CPython's CALL: a signal that arrived meanwhile (a read
// that finished anyway, a lock wait that retried) has its handler run before the next
// instruction, inside the same try block. The call's result is already on the stack.
#define CHECK_EVAL_BREAKER_AFTER_CALL()        \
  do {                                         \
    if (eval_breaker_set()) {                  \
      SAVE_FRAME();                            \
      if (!handle_pending(ts)) goto error;     \
    }                                          \
  } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define PEEK(n) (sp[-static_cast<ptrdiff_t>(n)])
#define SET_TOP(v) (sp[-1] = (v))
#define NAME(i) (names->items[i].as<Str>())
#define JUMPTO(target) (ip = frame->code->code.data() + (target))
#define LASTI() (static_cast<int32_t>(this_instr - frame->code->code.data()))
// Switches to a callee frame pushed by CALL: remember where the caller stopped, make the
// callee current, and serve the eval breaker (a call is a safepoint).
#define ENTER_FRAME(new_frame)                   \
  do {                                           \
    SAVE_FRAME();                                \
    frame->lasti = LASTI();                      \
    (new_frame)->previous = frame;               \
    frame = (new_frame);                         \
    tf.current = frame;                          \
    LOAD_FRAME();                                \
    if (eval_breaker_set()) {                    \
      SAVE_FRAME();                              \
      if (!handle_pending(ts)) goto error;       \
    }                                            \
    DISPATCH();                                  \
  } while (0)

  frame->previous = tf.current;
  tf.current = frame;
  LOAD_FRAME();
  if (throwing) {
    this_instr = ip > frame->code->code.data() ? ip - 1 : ip;
    goto exception_unwind_fresh;
  }
  // Entering a frame is a safepoint, as CPython's RESUME: also when native code calls
  // back into Python (map(f, ...), sorted(key=f)) or a generator resumes, so a thread
  // that wants the GIL gets it even while such a call runs for seconds.
  if (eval_breaker_set()) {
    this_instr = ip;
    SAVE_FRAME();
    frame->lasti = LASTI();
    if (!handle_pending(ts)) goto error;
  }

#if USE_COMPUTED_GOTO
  DISPATCH();
#else
dispatch:
  this_instr = ip;
  if (gil_counts_instructions.load(std::memory_order_relaxed) && --ts->gil_ticks <= 0) {
    ts->gil_ticks = gil_check_interval();
    SAVE_FRAME();
    frame->lasti = LASTI();
    gil_check_interval_tick(ts);
  }
  opcode_byte = *ip & 0xFF;
  oparg = *ip++ >> 8;
dispatch_opcode:  // with opcode_byte and oparg set (EXTENDED_ARG comes here)
  switch (static_cast<Op>(opcode_byte)) {
#endif

#if USE_COMPUTED_GOTO
L_count_instruction:
  if (--ts->gil_ticks <= 0) {
    ts->gil_ticks = gil_check_interval();
    SAVE_FRAME();
    frame->lasti = LASTI();
    gil_check_interval_tick(ts);
  }
  goto* opcode_labels[ip[-1] & 0xFF];
#endif

  TARGET(NOP) { DISPATCH(); }
  TARGET(EXTENDED_ARG) {
    uint32_t high = oparg;
    uint32_t word_ = *ip++;
    oparg = (high << 24) | (word_ >> 8);
#if USE_COMPUTED_GOTO
    goto* dispatch_table[word_ & 0xFF];
#else
    opcode_byte = word_ & 0xFF;
    goto dispatch_opcode;
#endif
  }
  TARGET(POP_TOP) {
    Value v = POP();
    decref(v);
    DISPATCH();
  }
  TARGET(PUSH_NULL) {
    PUSH(Value());
    DISPATCH();
  }
  TARGET(COPY) {
    Value v = PEEK(oparg);
    incref(v);
    PUSH(v);
    DISPATCH();
  }
  TARGET(SWAP) {
    Value t = TOP();
    SET_TOP(PEEK(oparg));
    PEEK(oparg) = t;
    DISPATCH();
  }
  TARGET(LOAD_CONST) {
    Value v = consts[oparg];
    incref(v);
    PUSH(v);
    DISPATCH();
  }
// The bodies of LOAD_FAST and STORE_FAST, shared with the superinstructions.
#define PUSH_LOCAL(idx)                                         \
  do {                                                          \
    Value local_ = frame->localsplus[idx];                      \
    if (local_.is_null()) {                                     \
      format_unbound_local(frame->code, static_cast<int>(idx)); \
      goto error;                                               \
    }                                                           \
    incref(local_);                                             \
    PUSH(local_);                                               \
  } while (0)
#define POP_INTO_LOCAL(idx)                  \
  do {                                       \
    Value new_ = POP();                      \
    Value old_ = frame->localsplus[idx];     \
    frame->localsplus[idx] = new_;           \
    decref_store(old_);                      \
  } while (0)
  TARGET(LOAD_FAST) {
    PUSH_LOCAL(oparg);
    DISPATCH();
  }
  TARGET(STORE_FAST) {
    POP_INTO_LOCAL(oparg);
    DISPATCH();
  }
  // Superinstructions: the second half reads its operand from the next word (its opcode
  // unread) and reports an error at that instruction.
  TARGET(LOAD_FAST__LOAD_FAST) {
    PUSH_LOCAL(oparg);
    this_instr = ip;
    oparg = instr_arg(*ip++);
    PUSH_LOCAL(oparg);
    DISPATCH();
  }
  TARGET(LOAD_FAST__LOAD_CONST) {
    PUSH_LOCAL(oparg);
    Value v = consts[instr_arg(*ip++)];
    incref(v);
    PUSH(v);
    DISPATCH();
  }
  TARGET(LOAD_CONST__LOAD_FAST) {
    Value v = consts[oparg];
    incref(v);
    PUSH(v);
    this_instr = ip;
    oparg = instr_arg(*ip++);
    PUSH_LOCAL(oparg);
    DISPATCH();
  }
  TARGET(STORE_FAST__LOAD_FAST) {
    POP_INTO_LOCAL(oparg);
    this_instr = ip;
    oparg = instr_arg(*ip++);
    PUSH_LOCAL(oparg);
    DISPATCH();
  }
  TARGET(STORE_FAST__STORE_FAST) {
    POP_INTO_LOCAL(oparg);
    oparg = instr_arg(*ip++);
    POP_INTO_LOCAL(oparg);
    DISPATCH();
  }
  TARGET(DELETE_FAST) {
    Value old = frame->localsplus[oparg];
    if (old.is_null()) {
      format_unbound_local(frame->code, static_cast<int>(oparg));
      goto error;
    }
    frame->localsplus[oparg] = Value();
    decref_store(old);
    DISPATCH();
  }
  TARGET(LOAD_DEREF) {
    auto* cell = frame->localsplus[frame->code->nlocals + oparg].as<Cell>();
    Value v = cell->contents;
    if (v.is_null()) {
      format_unbound_deref(frame->code, static_cast<int>(oparg));
      goto error;
    }
    incref(v);
    PUSH(v);
    DISPATCH();
  }
  TARGET(STORE_DEREF) {
    auto* cell = frame->localsplus[frame->code->nlocals + oparg].as<Cell>();
    Value v = POP();
    set_owned(&cell->contents, v);
    DISPATCH();
  }
  TARGET(DELETE_DEREF) {
    auto* cell = frame->localsplus[frame->code->nlocals + oparg].as<Cell>();
    if (cell->contents.is_null()) {
      format_unbound_deref(frame->code, static_cast<int>(oparg));
      goto error;
    }
    set_owned(&cell->contents, Value());
    DISPATCH();
  }
  TARGET(LOAD_CLOSURE) {
    Value c = frame->localsplus[frame->code->nlocals + oparg];
    incref(c);
    PUSH(c);
    DISPATCH();
  }
  TARGET(LOAD_CLASSDEREF) {
    Str* name = deref_name(frame->code, static_cast<int>(oparg));
    if (frame->locals) {
      Ref v = namespace_get(frame->locals, name);
      if (v) {
        PUSH(v.release());
        DISPATCH();
      }
      if (error_pending()) goto error;
    }
    auto* cell = frame->localsplus[frame->code->nlocals + oparg].as<Cell>();
    Value v = cell->contents;
    if (v.is_null()) {
      format_unbound_deref(frame->code, static_cast<int>(oparg));
      goto error;
    }
    incref(v);
    PUSH(v);
    DISPATCH();
  }
  TARGET(LOAD_NAME) {
    Ref v = load_name(frame, NAME(oparg));
    if (!v) goto error;
    PUSH(v.release());
    DISPATCH();
  }
  TARGET(STORE_NAME) {
    Value v = POP();
    bool ok = namespace_set(name_namespace(frame), Value::from_obj(NAME(oparg)), v);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(DELETE_NAME) {
    if (!namespace_del(name_namespace(frame), Value::from_obj(NAME(oparg)))) {
      // As CPython's: whatever deleting failed with becomes the NameError.
      clear_error();
      format_name_error(NAME(oparg));
      goto error;
    }
    DISPATCH();
  }
  TARGET(LOAD_GLOBAL) {
    Value v = load_global(frame, ip, NAME(oparg));
    ip += 2;
    if (v.is_null()) goto error;
    PUSH(v);
    DISPATCH();
  }
  TARGET(LOAD_GLOBAL__PUSH_NULL) {
    // The call of a global: LOAD_GLOBAL, then the PUSH_NULL after its cache words.
    Value v = load_global(frame, ip, NAME(oparg));
    ip += 3;
    if (v.is_null()) goto error;
    PUSH(v);
    PUSH(Value());
    DISPATCH();
  }
  TARGET(STORE_GLOBAL) {
    Value v = POP();
    bool ok = dict_set(frame->globals, Value::from_obj(NAME(oparg)), v);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(DELETE_GLOBAL) {
    int r = dict_del(frame->globals, Value::from_obj(NAME(oparg)));
    if (r < 0) goto error;
    if (r == 0) {
      format_name_error(NAME(oparg));
      goto error;
    }
    DISPATCH();
  }
  TARGET(LOAD_ATTR) {
    uint32_t* cache_word = ip;
    ip += 2;
    Value owner = TOP();
    Ref r = attr_load(frame->code->attr_cache, cache_word, owner, NAME(oparg));
    decref(owner);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(LOAD_METHOD) {
    uint32_t* cache_word = ip;
    ip += 2;
    Value owner = TOP();
    Str* name = NAME(oparg);
    // A method found on the type and not shadowed by the instance: push it unbound, with
    // the receiver as self, and skip making a bound method.
    Value meth;
    if (attr_load_method(frame->code->attr_cache, cache_word, owner, name, &meth)) {
      incref(meth);
      SET_TOP(meth);
      PUSH(owner);
      DISPATCH();
    }
    Ref r = attr_load(frame->code->attr_cache, cache_word, owner, name);
    decref(owner);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    PUSH(Value());
    DISPATCH();
  }
  TARGET(STORE_ATTR) {
    uint32_t* cache_word = ip;
    ip += 2;
    Value owner = POP();
    Value v = POP();
    int r = attr_store(frame->code->attr_cache, cache_word, owner, NAME(oparg), v);
    decref(v);
    decref(owner);
    if (r < 0) goto error;
    DISPATCH();
  }
  TARGET(DELETE_ATTR) {
    Value owner = POP();
    int r = setattr(owner, NAME(oparg), Value());
    decref(owner);
    if (r < 0) goto error;
    DISPATCH();
  }
  TARGET(BINARY_SUBSCR) {
    Value key = POP();
    Value container = TOP();
    if (is_exact_list(container) && key.is_small_int()) {
      List* l = container.as<List>();
      int64_t i = key.small_int();
      if (i < 0) i += l->size;
      if (i >= 0 && i < l->size) {
        Value v = l->items[i];
        incref(v);
        SET_TOP(v);
        decref(container);
        DISPATCH();
      }
    }
    Ref r = get_item(container, key);
    decref(key);
    decref(container);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(STORE_SUBSCR) {
    Value key = POP();
    Value container = POP();
    Value v = POP();
    int r;
    if (is_exact_list(container) && key.is_small_int() && key.small_int() >= 0 &&
        key.small_int() < container.as<List>()->size) {
      List* l = container.as<List>();
      Value old = l->items[key.small_int()];
      l->items[key.small_int()] = v;
      decref_store(old);
      decref(container);
      DISPATCH();
    }
    r = set_item(container, key, v);
    decref(v);
    decref(container);
    decref(key);
    if (r < 0) goto error;
    DISPATCH();
  }
  TARGET(DELETE_SUBSCR) {
    Value key = POP();
    Value container = POP();
    int r = set_item(container, key, Value());
    decref(container);
    decref(key);
    if (r < 0) goto error;
    DISPATCH();
  }
  TARGET(BUILD_SLICE) {
    Value step = oparg == 3 ? POP() : Value::none();
    Value stop = POP();
    Value start = TOP();
    Ref s = slice_new(start, stop, step);
    decref(start);
    decref(stop);
    decref(step);
    if (!s) {
      --sp;
      goto error;
    }
    SET_TOP(s.release());
    DISPATCH();
  }
  TARGET(BINARY_OP) {
    Value rhs = POP();
    Value lhs = TOP();
    bool inplace = oparg >= kInplaceFlag;
    BinOp op = static_cast<BinOp>(oparg & (kInplaceFlag - 1));
    if (lhs.is_small_int() && rhs.is_small_int()) {
      int64_t a = lhs.small_int(), b = rhs.small_int(), r;
      switch (op) {
        case BinOp::Add:
          r = a + b;
          if (Value::fits_small(r)) {
            SPECIALIZE(BINARY_OP_ADD_INT);
            SET_TOP(Value::small_int(r));
            DISPATCH();
          }
          break;
        case BinOp::Sub:
          r = a - b;
          if (Value::fits_small(r)) {
            SPECIALIZE(BINARY_OP_SUB_INT);
            SET_TOP(Value::small_int(r));
            DISPATCH();
          }
          break;
        case BinOp::Mul:
          if (!__builtin_mul_overflow(a, b, &r) && Value::fits_small(r)) {
            SPECIALIZE(BINARY_OP_MUL_INT);
            SET_TOP(Value::small_int(r));
            DISPATCH();
          }
          break;
        case BinOp::FloorDiv:
          if (b != 0) {
            r = floor_div_small(a, b);
            if (Value::fits_small(r)) {
              SPECIALIZE(BINARY_OP_FLOORDIV_INT);
              SET_TOP(Value::small_int(r));
              DISPATCH();
            }
          }
          break;
        case BinOp::Mod:
          if (b != 0) {
            SPECIALIZE(BINARY_OP_MOD_INT);
            SET_TOP(Value::small_int(floor_mod_small(a, b)));
            DISPATCH();
          }
          break;
        case BinOp::And:
          SPECIALIZE(BINARY_OP_AND_INT);
          SET_TOP(Value::small_int(a & b));
          DISPATCH();
        case BinOp::Or:
          SPECIALIZE(BINARY_OP_OR_INT);
          SET_TOP(Value::small_int(a | b));
          DISPATCH();
        case BinOp::Xor:
          SPECIALIZE(BINARY_OP_XOR_INT);
          SET_TOP(Value::small_int(a ^ b));
          DISPATCH();
        case BinOp::RShift:
          if (b >= 0) {
            SET_TOP(Value::small_int(b >= 63 ? (a < 0 ? -1 : 0) : a >> b));
            DISPATCH();
          }
          break;
        case BinOp::LShift:
          if (b >= 0 && b < 62) {
            int64_t shifted = static_cast<int64_t>(static_cast<uint64_t>(a) << b);
            if ((shifted >> b) == a && Value::fits_small(shifted)) {
              SET_TOP(Value::small_int(shifted));
              DISPATCH();
            }
          }
          break;
        case BinOp::TrueDiv:
          if (b != 0 && a > -(int64_t{1} << 53) && a < (int64_t{1} << 53) && b > -(int64_t{1} << 53) &&
              b < (int64_t{1} << 53)) {
            Ref f = make_float(static_cast<double>(a) / static_cast<double>(b));
            SET_TOP(f.release());
            DISPATCH();
          }
          break;
        default:
          break;
      }
    } else if ((is_float(lhs) || lhs.is_small_int()) && (is_float(rhs) || rhs.is_small_int()) &&
               (is_float(lhs) || is_float(rhs))) {
      // Float arithmetic (an int operand converts exactly when it fits in 53 bits).
      constexpr int64_t kExact = int64_t{1} << 53;
      bool exact = (!lhs.is_small_int() || (lhs.small_int() > -kExact && lhs.small_int() < kExact)) &&
                   (!rhs.is_small_int() || (rhs.small_int() > -kExact && rhs.small_int() < kExact));
      double a = lhs.is_small_int() ? static_cast<double>(lhs.small_int()) : lhs.as<Float>()->v;
      double b = rhs.is_small_int() ? static_cast<double>(rhs.small_int()) : rhs.as<Float>()->v;
      double r = 0;
      bool done = exact;
      switch (op) {
        case BinOp::Add: r = a + b; break;
        case BinOp::Sub: r = a - b; break;
        case BinOp::Mul: r = a * b; break;
        case BinOp::TrueDiv:
          if (b == 0) done = false;
          r = a / b;
          break;
        case BinOp::Pow:
          // The plain cases only; zero, negative bases and overflow take the slow path.
          if (a > 0 && std::isfinite(a) && std::isfinite(b)) {
            r = b == 0.5 ? std::sqrt(a) : std::pow(a, b);
            if (!std::isfinite(r)) done = false;
          } else {
            done = false;
          }
          break;
        default: done = false; break;
      }
      if (done) {
        if (is_float(lhs) && is_float(rhs)) {
          switch (op) {
            case BinOp::Add: SPECIALIZE(BINARY_OP_ADD_FLOAT); break;
            case BinOp::Sub: SPECIALIZE(BINARY_OP_SUB_FLOAT); break;
            case BinOp::Mul: SPECIALIZE(BINARY_OP_MUL_FLOAT); break;
            case BinOp::TrueDiv: SPECIALIZE(BINARY_OP_DIV_FLOAT); break;
            default: break;
          }
        }
        // Reuse the left operand's box when the stack held its only reference.
        if (is_float(lhs) && lhs.obj()->refcnt == 1) {
          lhs.as<Float>()->v = r;
          decref(rhs);
          DISPATCH();
        }
        if (is_float(rhs) && rhs.obj()->refcnt == 1) {  // or the right one's
          rhs.as<Float>()->v = r;
          SET_TOP(rhs);
          decref(lhs);
          DISPATCH();
        }
        Ref f = make_float(r);
        decref(lhs);
        decref(rhs);
        SET_TOP(f.release());
        DISPATCH();
      }
    } else if (op == BinOp::Add && is_exact_str(lhs) && is_exact_str(rhs) &&
               lhs.as<Str>()->length + rhs.as<Str>()->length < kInlineConcatMax) {
      Own<Str> s = str_concat(lhs.as<Str>(), rhs.as<Str>());
      decref(lhs);
      decref(rhs);
      SET_TOP(s.value());
      s.release();
      DISPATCH();
    }
    Ref r = inplace ? inplace_op(lhs, rhs, op) : binary_op(lhs, rhs, op);
    decref(lhs);
    decref(rhs);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  // Small-int arithmetic on the tagged words: (2a+1) + (2b+1) - 1 = 2(a+b)+1, and the
  // 64-bit overflow check is exactly "a+b does not fit a small int".
  TARGET(BINARY_OP_ADD_INT) {
    Value rhs = TOP(), lhs = SECOND();
    int64_t bits;
    if (!(lhs.bits() & rhs.bits() & 1) ||
        __builtin_add_overflow(static_cast<int64_t>(lhs.bits()), static_cast<int64_t>(rhs.bits() - 1), &bits))
      DEOPT(BINARY_OP);
    --sp;
    SET_TOP(Value::from_bits(static_cast<uint64_t>(bits)));
    DISPATCH();
  }
  TARGET(BINARY_OP_SUB_INT) {
    Value rhs = TOP(), lhs = SECOND();
    int64_t bits;
    if (!(lhs.bits() & rhs.bits() & 1) ||
        __builtin_sub_overflow(static_cast<int64_t>(lhs.bits()), static_cast<int64_t>(rhs.bits() - 1), &bits))
      DEOPT(BINARY_OP);
    --sp;
    SET_TOP(Value::from_bits(static_cast<uint64_t>(bits)));
    DISPATCH();
  }
// small int OP small int, for the operators whose result needs a check (MUL: overflow,
// FLOORDIV and MOD: a zero divisor; FLOORDIV: min // -1) and those whose result always
// fits (AND, OR, XOR); anything else goes back to BINARY_OP.
#define SMALL_INT_BINARY_OP(NAME, GUARD, EXPR)                   \
  TARGET(NAME) {                                                 \
    Value rhs = TOP(), lhs = SECOND();                           \
    if (!(lhs.bits() & rhs.bits() & 1)) DEOPT(BINARY_OP);        \
    int64_t a = lhs.small_int(), b = rhs.small_int(), r;         \
    if (!(GUARD)) DEOPT(BINARY_OP);                              \
    r = (EXPR);                                                  \
    if (!Value::fits_small(r)) DEOPT(BINARY_OP);                 \
    --sp;                                                        \
    SET_TOP(Value::small_int(r));                                \
    DISPATCH();                                                  \
  }
  SMALL_INT_BINARY_OP(BINARY_OP_MUL_INT, !__builtin_mul_overflow(a, b, &r), r)
  SMALL_INT_BINARY_OP(BINARY_OP_FLOORDIV_INT, b != 0, floor_div_small(a, b))
  SMALL_INT_BINARY_OP(BINARY_OP_MOD_INT, b != 0, floor_mod_small(a, b))
  SMALL_INT_BINARY_OP(BINARY_OP_AND_INT, true, a & b)
  SMALL_INT_BINARY_OP(BINARY_OP_OR_INT, true, a | b)
  SMALL_INT_BINARY_OP(BINARY_OP_XOR_INT, true, a ^ b)
#undef SMALL_INT_BINARY_OP
// float OP float: the result reuses an operand's box when the stack held its only
// reference, else comes from the free list.
#define FLOAT_BINARY_OP(NAME, EXPR, GUARD)                                       \
  TARGET(NAME) {                                                                 \
    Value rhs = TOP(), lhs = SECOND(); /* stack values: never null */            \
    if (((lhs.bits() | rhs.bits()) & 7) != 0 || lhs.obj()->type != &FloatType || \
        rhs.obj()->type != &FloatType)                                           \
      DEOPT(BINARY_OP);                                                          \
    Float* fa = lhs.as<Float>();                                                 \
    Float* fb = rhs.as<Float>();                                                 \
    double a = fa->v, b = fb->v;                                                 \
    if (!(GUARD)) DEOPT(BINARY_OP);                                              \
    double r = (EXPR);                                                           \
    --sp;                                                                        \
    if (fa->refcnt == 1) {                                                       \
      fa->v = r;                                                                 \
      float_decref(fb);                                                          \
    } else if (fb->refcnt == 1) {                                                \
      fb->v = r;                                                                 \
      SET_TOP(rhs);                                                              \
      float_decref(fa);                                                          \
    } else {                                                                     \
      float_decref(fa);                                                          \
      float_decref(fb);                                                          \
      SET_TOP(make_float(r).release());                                          \
    }                                                                            \
    DISPATCH();                                                                  \
  }
  FLOAT_BINARY_OP(BINARY_OP_ADD_FLOAT, a + b, true)
  FLOAT_BINARY_OP(BINARY_OP_SUB_FLOAT, a - b, true)
  FLOAT_BINARY_OP(BINARY_OP_MUL_FLOAT, a * b, true)
  FLOAT_BINARY_OP(BINARY_OP_DIV_FLOAT, a / b, b != 0.0)  // ZeroDivisionError: the generic path
#undef FLOAT_BINARY_OP
  TARGET(UNARY_NEGATIVE) {
    Value v = TOP();
    if (v.is_small_int() && v.small_int() != Value::kSmallIntMin) {
      SET_TOP(Value::small_int(-v.small_int()));
      DISPATCH();
    }
    Ref r = negative(v);
    decref(v);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(UNARY_POSITIVE) {
    Value v = TOP();
    Ref r = positive(v);
    decref(v);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(UNARY_INVERT) {
    Value v = TOP();
    if (v.is_small_int()) {
      SET_TOP(Value::small_int(~v.small_int()));
      DISPATCH();
    }
    Ref r = invert(v);
    decref(v);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(UNARY_NOT) {
    Value v = TOP();
    int t = truthy(v);
    decref(v);
    if (t < 0) {
      --sp;
      goto error;
    }
    SET_TOP(Value::boolean(!t));
    DISPATCH();
  }
  TARGET(COMPARE_OP) {
    Value rhs = POP();
    Value lhs = TOP();
    CompareOp op = static_cast<CompareOp>(oparg);
    if (lhs.is_small_int() && rhs.is_small_int()) {
      int64_t a = lhs.small_int(), b = rhs.small_int();
      bool r;
      switch (op) {
        case CompareOp::Lt: r = a < b; break;
        case CompareOp::Le: r = a <= b; break;
        case CompareOp::Eq: r = a == b; break;
        case CompareOp::Ne: r = a != b; break;
        case CompareOp::Gt: r = a > b; break;
        default: r = a >= b; break;
      }
      Op next = instr_op(*ip);
      if (next == Op::POP_JUMP_IF_FALSE || next == Op::POP_JUMP_IF_TRUE) {
        // Bit (sign(a - b) + 1) of the mask: the comparison holds for a < b, a == b, a > b.
        static constexpr uint32_t kHoldsMask[] = {0b001, 0b011, 0b010, 0b101, 0b100, 0b110};
        uint32_t holds = kHoldsMask[oparg];
        uint32_t jump_mask = next == Op::POP_JUMP_IF_TRUE ? holds : ~holds & 7;
        ip[-1] = make_instr(Op::COMPARE_OP_INT_JUMP, oparg | jump_mask << 8);
      }
      SET_TOP(Value::boolean(r));
      DISPATCH();
    }
    if (is_float(lhs) && is_float(rhs)) {
      double a = lhs.as<Float>()->v, b = rhs.as<Float>()->v;
      bool r;
      switch (op) {
        case CompareOp::Lt: r = a < b; break;
        case CompareOp::Le: r = a <= b; break;
        case CompareOp::Eq: r = a == b; break;
        case CompareOp::Ne: r = a != b; break;
        case CompareOp::Gt: r = a > b; break;
        default: r = a >= b; break;
      }
      decref(lhs);
      decref(rhs);
      SET_TOP(Value::boolean(r));
      DISPATCH();
    }
    Ref r = rich_compare(lhs, rhs, op);
    decref(lhs);
    decref(rhs);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(COMPARE_OP_INT_JUMP) {
    Value rhs = TOP(), lhs = SECOND();
    if (!(lhs.bits() & rhs.bits() & 1)) {
      oparg &= 0xFF;
      ip[-1] = make_instr(Op::COMPARE_OP, oparg);
      goto L_COMPARE_OP;
    }
    int64_t a = lhs.small_int(), b = rhs.small_int();
    int sign = (a > b) - (a < b);
    sp -= 2;
    uint32_t jump = *ip++;  // the POP_JUMP_IF_FALSE / TRUE, executed here
    if ((oparg >> (9 + sign)) & 1) JUMPTO(instr_arg(jump));
    DISPATCH();
  }
  TARGET(IS_OP) {
    Value rhs = POP();
    Value lhs = TOP();
    bool r = (lhs == rhs) != (oparg == 1);
    decref(lhs);
    decref(rhs);
    SET_TOP(Value::boolean(r));
    DISPATCH();
  }
  TARGET(CONTAINS_OP) {
    Value container = POP();
    Value item = TOP();
    int r = contains(container, item);
    decref(container);
    decref(item);
    if (r < 0) {
      --sp;
      goto error;
    }
    SET_TOP(Value::boolean(oparg == 1 ? r == 0 : r == 1));
    DISPATCH();
  }
  TARGET(JUMP_FORWARD) {
    JUMPTO(oparg);
    DISPATCH();
  }
  TARGET(JUMP_BACKWARD) {
    JUMPTO(oparg);
    if (eval_breaker_set()) {
      SAVE_FRAME();
      frame->lasti = LASTI();  // where a forced GIL switch happens (gil_site_hook)
      if (!handle_pending(ts)) goto error;
    }
    DISPATCH();
  }
  TARGET(POP_JUMP_IF_FALSE) {
    Value v = POP();
    if (v.is_false()) {
      JUMPTO(oparg);
    } else if (!v.is_true()) {
      int t = truthy(v);
      decref(v);
      if (t < 0) goto error;
      if (!t) JUMPTO(oparg);
    }
    DISPATCH();
  }
  TARGET(POP_JUMP_IF_TRUE) {
    Value v = POP();
    if (v.is_true()) {
      JUMPTO(oparg);
    } else if (!v.is_false()) {
      int t = truthy(v);
      decref(v);
      if (t < 0) goto error;
      if (t) JUMPTO(oparg);
    }
    DISPATCH();
  }
  TARGET(POP_JUMP_IF_NONE) {
    Value v = POP();
    if (v.is_none()) JUMPTO(oparg);
    else decref(v);
    DISPATCH();
  }
  TARGET(POP_JUMP_IF_NOT_NONE) {
    Value v = POP();
    if (!v.is_none()) {
      decref(v);
      JUMPTO(oparg);
    }
    DISPATCH();
  }
  TARGET(JUMP_IF_FALSE_OR_POP) {
    Value v = TOP();
    int t = v.is_bool() ? v.is_true() : truthy(v);
    if (t < 0) goto error;
    if (!t) {
      JUMPTO(oparg);
    } else {
      --sp;
      decref(v);
    }
    DISPATCH();
  }
  TARGET(JUMP_IF_TRUE_OR_POP) {
    Value v = TOP();
    int t = v.is_bool() ? v.is_true() : truthy(v);
    if (t < 0) goto error;
    if (t) {
      JUMPTO(oparg);
    } else {
      --sp;
      decref(v);
    }
    DISPATCH();
  }
  TARGET(GET_ITER) {
    Value v = TOP();
    Ref it = get_iter(v);
    decref(v);
    if (!it) {
      --sp;
      goto error;
    }
    SET_TOP(it.release());
    DISPATCH();
  }
  TARGET(FOR_ITER) {
    {
      Type* it_type = type_of(TOP());
      if (it_type == &ListIterType) {
        SPECIALIZE(FOR_ITER_LIST);
      } else if (it_type == &TupleIterType) {
        SPECIALIZE(FOR_ITER_TUPLE);
      } else if (it_type == &RangeIterType) {
        SPECIALIZE(FOR_ITER_RANGE);
      } else if (it_type == &GeneratorType) {
        SPECIALIZE(FOR_ITER_GEN);
        goto L_FOR_ITER_GEN;
      }
    }
  for_iter_generic:
    Value it = TOP();
    Ref next = type_of(it)->iternext(it);
    if (next) {
      PUSH(next.release());
      DISPATCH();
    }
    if (error_pending()) {
      if (!error_matches(&StopIterationType)) goto error;
      clear_error();
    }
    --sp;
    decref(it);
    JUMPTO(oparg);
    DISPATCH();
  }
  TARGET(FOR_ITER_LIST) {
    Value it = TOP();
    if (type_of(it) != &ListIterType) DEOPT(FOR_ITER);
    auto* li = it.as<ListIter>();
    List* l = li->seq;
    if (l && li->index < l->size) {
      Value v = l->items[li->index++];
      incref(v);
      PUSH(v);
      DISPATCH();
    }
    li->seq = nullptr;
    xdecref(l);
    --sp;
    decref(it);
    JUMPTO(oparg);
    DISPATCH();
  }
  TARGET(FOR_ITER_TUPLE) {
    Value it = TOP();
    if (type_of(it) != &TupleIterType) DEOPT(FOR_ITER);
    auto* ti = it.as<TupleIter>();
    Tuple* t = ti->seq;
    if (t && ti->index < t->size) {
      Value v = t->items[ti->index++];
      incref(v);
      PUSH(v);
      DISPATCH();
    }
    ti->seq = nullptr;
    xdecref(t);
    --sp;
    decref(it);
    JUMPTO(oparg);
    DISPATCH();
  }
  TARGET(FOR_ITER_RANGE) {
    Value it = TOP();
    if (type_of(it) != &RangeIterType) DEOPT(FOR_ITER);
    auto* ri = it.as<RangeIter>();
    if (ri->len > 0) {
      int64_t v = ri->start;
      ri->start = static_cast<int64_t>(static_cast<uint64_t>(v) + static_cast<uint64_t>(ri->step));
      --ri->len;
      PUSH(Value::small_int(v));
      DISPATCH();
    }
    --sp;
    decref(it);
    JUMPTO(oparg);
    DISPATCH();
  }
  TARGET(FOR_ITER_GEN) {
    Value it = TOP();
    if (type_of(it) != &GeneratorType) DEOPT(FOR_ITER);
    Generator* g = it.as<Generator>();
    if (!(g->state == GenState::Suspended || g->state == GenState::Created) ||
        ts->recursion_depth >= ts->interp->recursion_limit)
      goto for_iter_generic;  // which raises "generator already executing", etc.
    // Resume the generator's frame inline (DESIGN decision 4): its YIELD_VALUE comes back
    // to this loop's body, its end to oparg (RETURN_VALUE and the unwinder below).
    Frame* gf = generator_enter_inline(ts, g, Value::none(), oparg);
    SAVE_FRAME();
    frame->lasti = LASTI();
    gf->previous = frame;
    frame = gf;
    tf.current = frame;
    LOAD_FRAME();
    DISPATCH();
  }
  TARGET(BUILD_TUPLE) {
    Own<Tuple> t = tuple_new(oparg);
    for (int64_t i = static_cast<int64_t>(oparg) - 1; i >= 0; --i) t->items[i] = POP();
    PUSH(Value::from_obj(t.release()));
    DISPATCH();
  }
  TARGET(BUILD_LIST) {
    Own<List> l = list_new(oparg);
    for (int64_t i = static_cast<int64_t>(oparg) - 1; i >= 0; --i) l->items[i] = POP();
    PUSH(Value::from_obj(l.release()));
    DISPATCH();
  }
  TARGET(BUILD_SET) {
    Own<Set> s = set_new();
    bool ok = true;
    for (uint32_t i = oparg; i > 0; --i)
      if (ok && !set_add(s.get(), PEEK(i))) ok = false;
    for (uint32_t i = 0; i < oparg; ++i) decref(POP());
    if (!ok) goto error;
    PUSH(Value::from_obj(s.release()));
    DISPATCH();
  }
  TARGET(BUILD_MAP) {
    Own<Dict> d = dict_new();
    bool ok = true;
    for (uint32_t i = oparg; i > 0; --i)
      if (ok && !dict_set(d.get(), PEEK(2 * i), PEEK(2 * i - 1))) ok = false;
    for (uint32_t i = 0; i < 2 * oparg; ++i) decref(POP());
    if (!ok) goto error;
    PUSH(Value::from_obj(d.release()));
    DISPATCH();
  }
  TARGET(BUILD_CONST_KEY_MAP) {
    Value keys = POP();
    Tuple* kt = keys.as<Tuple>();
    Own<Dict> d = dict_new();
    bool ok = true;
    for (uint32_t i = 0; i < oparg && ok; ++i)
      ok = dict_set(d.get(), kt->items[i], PEEK(oparg - i));
    for (uint32_t i = 0; i < oparg; ++i) decref(POP());
    decref(keys);
    if (!ok) goto error;
    PUSH(Value::from_obj(d.release()));
    DISPATCH();
  }
  TARGET(BUILD_STRING) {
    Ref s = build_string(sp - oparg, static_cast<int>(oparg));
    for (uint32_t i = 0; i < oparg; ++i) decref(POP());
    PUSH(s.release());
    DISPATCH();
  }
  TARGET(LIST_APPEND) {
    Value v = POP();
    bool ok = list_append(PEEK(oparg).as<List>(), v);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(SET_ADD) {
    Value v = POP();
    bool ok = set_add(PEEK(oparg).as<Set>(), v);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(MAP_ADD) {
    Value v = POP();
    Value k = POP();
    bool ok = dict_set(PEEK(oparg).as<Dict>(), k, v);
    decref(k);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(LIST_EXTEND) {
    Value it = POP();
    List* l = PEEK(oparg).as<List>();
    bool ok = list_extend(l, it);
    if (!ok && error_matches(&TypeErrorType) && !type_of(it)->iter && !type_of(it)->getitem) {
      clear_error();
      raisef(&TypeErrorType, "Value after * must be an iterable, not %s", type_name(it));
    }
    decref(it);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(SET_UPDATE) {
    Value it = POP();
    Set* s = PEEK(oparg).as<Set>();
    bool ok = for_each(it, [&](Value x) { return set_add(s, x); });
    decref(it);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(DICT_UPDATE) {
    Value m = POP();
    bool ok = dict_merge(PEEK(oparg), m, false, Value());
    if (!ok && error_matches(&AttributeErrorType)) {
      clear_error();
      raisef(&TypeErrorType, "'%s' object is not a mapping", type_name(m));
    }
    decref(m);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(DICT_MERGE) {
    Value m = POP();
    bool ok = dict_merge(PEEK(oparg), m, true, PEEK(oparg + 3));
    decref(m);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(LIST_TO_TUPLE) {
    Value l = TOP();
    Own<Tuple> t = tuple_from_array(l.as<List>()->items, l.as<List>()->size);
    decref(l);
    SET_TOP(Value::from_obj(t.release()));
    DISPATCH();
  }
  TARGET(UNPACK_SEQUENCE) {
    Value seq = POP();
    if (is_exact_tuple(seq) && seq.as<Tuple>()->size == static_cast<int64_t>(oparg)) {
      Tuple* t = seq.as<Tuple>();
      for (int64_t i = t->size - 1; i >= 0; --i) {
        incref(t->items[i]);
        PUSH(t->items[i]);
      }
      decref(seq);
      DISPATCH();
    }
    bool ok = unpack_iterable(seq, static_cast<int>(oparg), -1, sp);
    decref(seq);
    if (!ok) goto error;
    sp += oparg;
    DISPATCH();
  }
  TARGET(UNPACK_EX) {
    int before = static_cast<int>(oparg & 0xFF), after = static_cast<int>(oparg >> 8);
    Value seq = POP();
    bool ok = unpack_iterable(seq, before, after, sp);
    decref(seq);
    if (!ok) goto error;
    sp += before + after + 1;
    DISPATCH();
  }
  TARGET(FORMAT_VALUE) {
    Value spec = (oparg & 4) ? POP() : Value();
    Value v = TOP();
    Ref conv;
    switch (oparg & 3) {
      case 1: conv = str(v); break;
      case 2: conv = repr(v); break;
      case 3: conv = ascii(v); break;
      default: conv = Ref::borrow(v); break;
    }
    decref(v);
    Ref r = conv ? format(conv.get(), spec) : nullptr;
    conv = nullptr;  // DISPATCH is a computed goto: no destructor runs (see rule 5)
    decref(spec);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    DISPATCH();
  }
  TARGET(KW_NAMES) {
    kwnames = consts[oparg].as<Tuple>();
    DISPATCH();
  }
  TARGET(CALL) {
    Tuple* kw = kwnames;
    kwnames = nullptr;
    size_t total = oparg;
    Value* args = sp - total;
    Value callable = args[-2];
    Value self = args[-1];
    bool callable_unwrapped = false;  // a bound method or a __call__ instance became a function
    if (!self.is_null()) {
      --args;
      ++total;
    } else if (type_of(callable) == &MethodType) {
      callable_unwrapped = true;
      auto* m = callable.as<Method>();
      Value func = m->func, bound_self = m->self;
      incref(func);
      incref(bound_self);
      args[-1] = bound_self;
      args[-2] = func;
      decref(callable);
      callable = func;
      --args;
      ++total;
    } else if (type_has(type_of(callable), kTypeHeap) && type_of(callable)->call) {
      // An instance whose class defines __call__ in Python: call that function with
      // the instance as self, in this loop (no bound method, no nested eval).
      static Str* const call_name = intern("__call__");
      Value func = type_lookup(type_of(callable), call_name);
      if (is_function(func)) {
        callable_unwrapped = true;
        incref(func);
        args[-1] = callable;  // the stack's reference moves to the self slot
        args[-2] = func;
        callable = func;
        --args;
        ++total;
      }
    }
    size_t npos = total - (kw ? static_cast<size_t>(kw->size) : 0);
    Value* call_base = sp - oparg - 2;
    if (is_function(callable)) {
      Function* fn = callable.as<Function>();
      Code* co = fn->code;
      if (!kw && co->simple_call && npos == static_cast<size_t>(co->argcount) &&
          (co->nfrees == 0 || (fn->closure && fn->closure->size >= co->nfrees)) &&
          ts->recursion_depth < ts->interp->recursion_limit) {
        if (!callable_unwrapped) SPECIALIZE(CALL_PY_SIMPLE);
        call_fn = fn;
        call_args = args;
        call_nargs = npos;
        goto push_simple_frame;
      }
      SAVE_FRAME();
      Frame* nf = make_frame(ts, callable.as<Function>(), args, npos, kw);
      // The new frame holds its own references: drop the stack's.
      while (sp > call_base) {
        Value v = POP();
        decref(v);
      }
      if (!nf) goto error;
      ENTER_FRAME(nf);
    }
    if (!kw && !callable_unwrapped) {
      if (self.is_null() && type_of(callable) == &BuiltinFunctionType)
        SPECIALIZE(CALL_BUILTIN);
      else if (!self.is_null() && type_of(callable) == &MethodDescrType &&
               type_of(self) == callable.as<MethodDescr>()->owner)
        SPECIALIZE(CALL_METHOD_DESCR);
    }
    SAVE_FRAME();
    frame->lasti = LASTI();
    Ref r = call(callable, args, npos, kw);
    while (sp > call_base) {
      Value v = POP();
      decref(v);
    }
    if (!r) goto error;
    PUSH(r.release());
    CHECK_EVAL_BREAKER_AFTER_CALL();
    DISPATCH();
  }
  // The stack of both: callable, self slot, oparg arguments. No KW_NAMES precedes them
  // (CALL specialised them without one).
  TARGET(CALL_BUILTIN) {
    Value callable = PEEK(oparg + 2);
    if (type_of(callable) != &BuiltinFunctionType || !PEEK(oparg + 1).is_null()) DEOPT(CALL);
    call_native_fn = callable.as<BuiltinFunction>()->def->fn;
    call_native_self = callable.as<BuiltinFunction>()->self;
    goto call_native_directly;
  }
  TARGET(CALL_METHOD_DESCR) {
    Value callable = PEEK(oparg + 2), self = PEEK(oparg + 1);
    if (type_of(callable) != &MethodDescrType || self.is_null() ||
        type_of(self) != callable.as<MethodDescr>()->owner)
      DEOPT(CALL);
    call_native_fn = callable.as<MethodDescr>()->def->fn;
    call_native_self = self;
    goto call_native_directly;
  }
  call_native_directly : {
    Value* call_base = sp - oparg - 2;
    SAVE_FRAME();
    frame->lasti = LASTI();
    Ref r = call_native(call_native_fn, call_native_self, sp - oparg, oparg);
    while (sp > call_base) {
      Value v = POP();
      decref(v);
    }
    if (!r) goto error;
    PUSH(r.release());
    CHECK_EVAL_BREAKER_AFTER_CALL();
    DISPATCH();
  }
  TARGET(CALL_PY_SIMPLE) {
    // No KW_NAMES precedes this site (CALL specialised it without one).
    Value* args = sp - oparg;
    Value callable = args[-2];
    size_t nargs = oparg;
    if (!args[-1].is_null()) {
      --args;
      ++nargs;
    }
    if (!is_function(callable)) DEOPT(CALL);
    Function* fn = callable.as<Function>();
    Code* co = fn->code;
    if (!co->simple_call || nargs != static_cast<size_t>(co->argcount) ||
        (co->nfrees != 0 && (!fn->closure || fn->closure->size < co->nfrees)) ||
        ts->recursion_depth >= ts->interp->recursion_limit)
      DEOPT(CALL);
    call_fn = fn;
    call_args = args;
    call_nargs = nargs;
    goto push_simple_frame;
  }
  push_simple_frame : {
    // The common call: exactly the positional parameters, no cells. The stack's references
    // to the callable and the arguments move into the new frame (a null self slot held
    // nothing). Plain loops, not memcpy/memset: a handful of words each.
    Code* co = call_fn->code;
    Frame* nf = tf.push(frame_size(co));
    if (!nf) {
      raise_no_memory();
      goto error;
    }
    int nlp = co->nlocalsplus();
    Value* lp = nf->localsplus;
    for (size_t i = 0; i < call_nargs; ++i) lp[i] = call_args[i];
    for (int i = static_cast<int>(call_nargs); i < nlp; ++i) lp[i] = Value();
    for (int i = 0; i < co->nfrees; ++i) {  // a closure's cells
      Value cell = call_fn->closure->items[i];
      incref(cell);
      lp[co->nlocals + i] = cell;
    }
    start_frame(nf, co, call_fn, call_fn->globals, call_fn->builtins);
    ++ts->recursion_depth;
    sp -= oparg + 2;
    ENTER_FRAME(nf);
  }
  TARGET(CALL_FUNCTION_EX) {
    Value kwargs = (oparg & 1) ? POP() : Value();
    Value args = POP();
    Value self = POP();
    Value callable = TOP();
    Ref r;
    if (!is_tuple(args)) {
      Ref t = sequence_tuple(args);
      if (!t) {
        if (error_matches(&TypeErrorType)) {
          clear_error();
          raisef(&TypeErrorType, "%s argument after * must be an iterable, not %s", "function", type_name(args));
        }
      } else {
        decref(args);
        args = t.release();
      }
    }
    if (is_tuple(args) && self.is_null() && is_function(callable)) {
      // A Python function: bind the arguments straight into its frame and run it in this
      // loop, as CALL does. The frame holds its own references.
      SAVE_FRAME();
      frame->lasti = LASTI();
      Tuple* positional = args.as<Tuple>();
      Dict* kw = kwargs.is_null() ? nullptr : kwargs.as<Dict>();
      Frame* nf = nullptr;
      if (!kw || kw->used == 0) {
        nf = make_frame(ts, callable.as<Function>(), positional->items, static_cast<size_t>(positional->size),
                        nullptr);
      } else {
        FlatCallArgs flat;
        if (flat.fill(positional, kw))
          nf = make_frame(ts, callable.as<Function>(), flat.values(), static_cast<size_t>(positional->size),
                          flat.names());
      }
      decref(kwargs);
      decref(args);
      --sp;
      decref(callable);
      if (!nf) goto error;
      ENTER_FRAME(nf);
    }
    if (is_tuple(args)) {
      SAVE_FRAME();
      frame->lasti = LASTI();
      if (!self.is_null()) {
        Own<Tuple> full = tuple_new(args.as<Tuple>()->size + 1);
        incref(self);
        full->items[0] = self;
        for (int64_t i = 0; i < args.as<Tuple>()->size; ++i) {
          incref(args.as<Tuple>()->items[i]);
          full->items[i + 1] = args.as<Tuple>()->items[i];
        }
        r = call_tuple_dict(callable, full.get(), kwargs.is_null() ? nullptr : kwargs.as<Dict>());
      } else {
        r = call_tuple_dict(callable, args.as<Tuple>(), kwargs.is_null() ? nullptr : kwargs.as<Dict>());
      }
    }
    decref(kwargs);
    decref(args);
    decref(self);
    decref(callable);
    if (!r) {
      --sp;
      goto error;
    }
    SET_TOP(r.release());
    CHECK_EVAL_BREAKER_AFTER_CALL();
    DISPATCH();
  }
  TARGET(MAKE_FUNCTION) {
    Value code = POP();
    Value closure = (oparg & 8) ? POP() : Value();
    Value annotations = (oparg & 4) ? POP() : Value();
    Value kwdefaults = (oparg & 2) ? POP() : Value();
    Value defaults = (oparg & 1) ? POP() : Value();
    Own<Function> fn = function_new(code.as<Code>(), frame->globals, nullptr);
    decref(code);
    fn->closure = closure.is_null() ? nullptr : closure.as<Tuple>();
    fn->annotations = annotations.is_null() ? nullptr : annotations.as<Dict>();
    fn->kwdefaults = kwdefaults.is_null() ? nullptr : kwdefaults.as<Dict>();
    fn->defaults = defaults.is_null() ? nullptr : defaults.as<Tuple>();
    PUSH(Value::from_obj(fn.release()));
    DISPATCH();
  }
  TARGET(RETURN_VALUE) {
    Value retval = POP();
    if (frame->gen) {
      // A generator's frame returns: it is finished; its generator reports Return.
      frame->gen->state = GenState::Completed;
      if (frame != entry_frame) {
        // Resumed inline by FOR_ITER (the loop ends; the value is dropped) or SEND (the
        // value of the yield from / await).
        SAVE_FRAME();
        Frame* caller = frame->previous;
        uint32_t exit_target = frame->gen->resume_exit;
        generator_exit_inline(ts, frame->gen, false);
        frame = caller;
        tf.current = frame;
        LOAD_FRAME();
        Value itv = POP();
        decref(itv);
        if (exit_target & kResumedBySend) PUSH(retval);
        else decref(retval);
        JUMPTO(exit_target & ~kResumedBySend);
        DISPATCH();
      }
    }
    if (frame == entry_frame) {
      SAVE_FRAME();
      tf.current = frame->previous;
      if (!frame->gen) release_frame(ts, frame);
      else clear_frame_values(frame);
      return Ref::steal(retval);
    }
    Frame* caller = frame->previous;
    if (frame->in_arena && !frame->locals) {
      // The common return: drop the locals (the value stack is empty here), the function
      // and the code, and pop the arena.
      Code* co = frame->code;
      Value* lp = frame->localsplus;
      for (int i = 0, n = co->nlocalsplus(); i < n; ++i) decref(lp[i]);
      Function* fn = frame->func;
      --ts->recursion_depth;
      tf.pop(frame);
      xdecref(fn);
      decref(co);
    } else {
      SAVE_FRAME();
      release_frame(ts, frame);
    }
    frame = caller;
    tf.current = frame;
    LOAD_FRAME();
    PUSH(retval);
    DISPATCH();
  }
  TARGET(LOAD_BUILD_CLASS) {
    Value bc = dict_get_cstr(frame->builtins, "__build_class__");
    if (bc.is_null()) {
      raise(&NameErrorType, "__build_class__ not found");
      goto error;
    }
    incref(bc);
    PUSH(bc);
    DISPATCH();
  }
  TARGET(SETUP_ANNOTATIONS) {
    if (!setup_annotations(name_namespace(frame))) goto error;
    DISPATCH();
  }
  TARGET(IMPORT_NAME) {
    Value fromlist = POP();
    Value level = TOP();
    SAVE_FRAME();
    frame->lasti = LASTI();
    Ref m = import_name(Value::from_obj(NAME(oparg)), Value::from_obj(frame->globals), fromlist, level);
    decref(fromlist);
    decref(level);
    if (!m) {
      --sp;
      goto error;
    }
    SET_TOP(m.release());
    DISPATCH();
  }
  TARGET(IMPORT_FROM) {
    Ref v = import_from(TOP(), NAME(oparg));
    if (!v) goto error;
    PUSH(v.release());
    DISPATCH();
  }
  TARGET(IMPORT_STAR) {
    Value m = POP();
    bool ok = import_star(frame, m);
    decref(m);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(RAISE_VARARGS) {
    Value cause = oparg == 2 ? POP() : Value();
    Value exc = oparg >= 1 ? POP() : Value();
    bool reraise = do_raise(ts, exc, cause);
    decref(exc);
    decref(cause);
    if (reraise) goto exception_unwind;
    goto error;
  }
  TARGET(RERAISE) {
    Value exc = POP();
    if (oparg) {
      // The instruction that first raised: frame introspection shows it. The handler
      // search below still starts from this RERAISE (as CPython's does).
      Value lasti = PEEK(oparg);
      if (lasti.is_small_int()) frame->lasti = static_cast<int32_t>(lasti.small_int());
    }
    restore_error(Ref::steal(exc));
    goto exception_unwind;
  }
  TARGET(PUSH_EXC_INFO) {
    Value exc = TOP();
    Value prev = ts->handled_exc;
    SET_TOP(prev.is_null() ? Value::none() : prev);
    incref(exc);
    ts->handled_exc = exc;
    PUSH(exc);
    DISPATCH();
  }
  TARGET(POP_EXCEPT) {
    Value prev = POP();
    Value old = ts->handled_exc;
    ts->handled_exc = prev.is_none() ? Value() : prev;
    decref(old);
    DISPATCH();
  }
  TARGET(CHECK_EXC_MATCH) {
    Value type = TOP();
    Value exc = SECOND();
    if (!exc_match_check(type)) goto error;
    bool m = exc_matches(exc, type);
    decref(type);
    SET_TOP(Value::boolean(m));
    DISPATCH();
  }
  TARGET(CHECK_EG_MATCH) {
    Value type = TOP();
    Value exc = SECOND();
    if (!except_star_type_check(type)) goto error;
    SAVE_FRAME();
    frame->lasti = LASTI();  // split() and derive() may be Python code
    {
      Ref match, rest;
      if (!exception_group_match(exc, type, &match, &rest)) goto error;
      decref(POP());  // type
      if (match.get().is_none()) {
        PUSH(match.release());  // exc None: the clause does not run
      } else {
        // exc -- rest match; inside the clause the match is the exception being handled.
        SET_TOP(rest.release());
        decref(exc);
        Value m = match.release();
        PUSH(m);
        incref(m);
        Value old = ts->handled_exc;
        ts->handled_exc = m;
        decref(old);
      }
    }
    DISPATCH();
  }
  TARGET(PREP_RERAISE_STAR) {
    Value raised = TOP();
    Value orig = SECOND();
    if (!is_list(raised)) {
      raise(&SystemErrorType, "PREP_RERAISE_STAR without a list");
      goto error;
    }
    SAVE_FRAME();
    frame->lasti = LASTI();
    {
      Ref result = exception_group_prep_reraise(orig, raised.as<List>());
      if (!result) goto error;
      (void)POP();  // raised (released below)
      decref(raised);
      decref(orig);
      SET_TOP(result.release());
    }
    DISPATCH();
  }
  TARGET(LOAD_ASSERTION_ERROR) {
    PUSH(Value::from_obj(&AssertionErrorType));
    DISPATCH();
  }
  TARGET(BEFORE_WITH) {
    Value mgr = TOP();
    Type* t = type_of(mgr);
    static Str* const kNameEnter = intern("__enter__");
    Value enter = type_lookup(t, kNameEnter);
    static Str* const kNameExit = intern("__exit__");
    Value exit = type_lookup(t, kNameExit);
    if (enter.is_null() || exit.is_null()) {
      raisef(&TypeErrorType, "'%s' object does not support the context manager protocol", t->name);
      goto error;
    }
    Ref bound_exit = type_of(exit)->descr_get ? type_of(exit)->descr_get(exit, mgr, Value::from_obj(t))
                                              : Ref::borrow(exit);
    if (!bound_exit) goto error;
    Ref bound_enter = type_of(enter)->descr_get ? type_of(enter)->descr_get(enter, mgr, Value::from_obj(t))
                                                : Ref::borrow(enter);
    if (!bound_enter) goto error;
    SAVE_FRAME();
    frame->lasti = LASTI();
    Ref res = call0(bound_enter.get());
    bound_enter = nullptr;  // rule 5
    if (!res) goto error;
    decref(mgr);
    SET_TOP(bound_exit.release());
    PUSH(res.release());
    DISPATCH();
  }
  TARGET(WITH_EXCEPT_START) {
    Value exc = TOP();
    Value exit = PEEK(4);
    Value args[3] = {Value::from_obj(type_of(exc)), exc,
                     is_exception_instance(exc) ? exc.as<ExceptionObject>()->traceback : Value::none()};
    if (args[2].is_null()) args[2] = Value::none();
    SAVE_FRAME();
    Ref r = call(exit, args, 3);
    if (!r) goto error;
    PUSH(r.release());
    DISPATCH();
  }
  TARGET(PRINT_EXPR) {
    // An expression statement of "single" code (the REPL): sys.displayhook(value).
    Value v = POP();
    SAVE_FRAME();
    bool ok = print_expr_value(v);
    decref(v);
    if (!ok) goto error;
    DISPATCH();
  }
  TARGET(RETURN_GENERATOR) {
    // Move this frame into a new generator and return the generator to the caller.
    SAVE_FRAME();
    Ref gen = generator_from_frame(frame);
    if (!gen) goto error;
    // The generator took the frame's references (its own code reference included):
    // pop the arena slot and drop the code (vm/generator.h).
    Frame* caller = frame->previous;
    {
      Code* co = frame->code;
      --ts->recursion_depth;
      tf.pop(frame);
      decref(co);
    }
    if (frame == entry_frame) {
      tf.current = caller;
      return gen;
    }
    frame = caller;
    tf.current = frame;
    LOAD_FRAME();
    PUSH(gen.release());
    DISPATCH();
  }
  TARGET(YIELD_VALUE) {
    Value v = POP();
    SAVE_FRAME();
    frame->lasti = LASTI();
    Generator* g = frame->gen;
    g->state = GenState::Suspended;
    if (frame != entry_frame) {
      // Resumed inline by FOR_ITER: the value goes to the caller's loop body.
      --ts->recursion_depth;
      g->handled_exc = ts->handled_exc;
      ts->handled_exc = ts->outer_handled.back();
      ts->outer_handled.pop_back();
      frame = frame->previous;
      tf.current = frame;
      LOAD_FRAME();
      PUSH(v);
      DISPATCH();
    }
    // Resumed by generator_send: this frame is the entry frame.
    tf.current = frame->previous;
    return Ref::steal(v);
  }
  TARGET(GET_YIELD_FROM_ITER) {
    Value v = TOP();
    if (type_of(v) == &CoroutineType) {
      if (!(frame->code->flags & (kCoCoroutine | kCoIterableCoroutine))) {
        raise(&TypeErrorType, "cannot 'yield from' a coroutine object in a non-coroutine generator");
        goto error;
      }
      DISPATCH();
    }
    if (type_of(v) == &GeneratorType) DISPATCH();
    Ref it = get_iter(v);
    decref(v);
    if (!it) {
      --sp;
      goto error;
    }
    SET_TOP(it.release());
    DISPATCH();
  }
  TARGET(SEND) {
    Value v = TOP();
    Value sub = SECOND();
    if (sub.is_obj() && (sub.obj()->type == &GeneratorType || sub.obj()->type == &CoroutineType)) {
      // Resume the delegate's frame inline, as FOR_ITER does: its yield comes back here
      // in place of the sent value, its return value is pushed at oparg.
      Generator* g = sub.as<Generator>();
      if ((g->state == GenState::Suspended || (g->state == GenState::Created && v.is_none())) &&
          ts->recursion_depth < ts->interp->recursion_limit) {
        --sp;
        Frame* gf = generator_enter_inline(ts, g, v, oparg | kResumedBySend);
        SAVE_FRAME();
        frame->lasti = LASTI();
        gf->previous = frame;
        frame = gf;
        tf.current = frame;
        LOAD_FRAME();
        DISPATCH();
      }
    }
    Ref result;
    SAVE_FRAME();
    frame->lasti = LASTI();
    if (type_of(sub) == &GeneratorType || type_of(sub) == &CoroutineType) {
      SendResult sr = generator_send(sub.as<Generator>(), v, false, &result);
      if (sr == SendResult::Error) goto error;
      if (sr == SendResult::Return) {
        decref(POP());
        decref(TOP());
        SET_TOP(result.release());
        JUMPTO(oparg);
        DISPATCH();
      }
    } else if (SendFn send = type_of(sub)->send) {
      // A native awaitable (an asyncio future): its return value comes without a
      // StopIteration.
      SendStatus st = send(sub, v, &result);
      if (st == SendStatus::kError) goto error;
      if (st == SendStatus::kReturn) {
        decref(POP());
        decref(TOP());
        SET_TOP(result.release());
        JUMPTO(oparg);
        DISPATCH();
      }
    } else {
      // A Python-level __next__ keeps its StopIteration (and the value it carries).
      if (!v.is_none()) result = call_method1(sub, "send", v);
      else if (type_has(type_of(sub), kTypeHeap)) result = call_method0(sub, "__next__");
      else result = iter_next(sub);
      if (!result) {
        if (error_pending() && !error_matches(&StopIterationType)) goto error;
        Ref retval = Ref::none();
        if (error_pending()) {
          Ref e = fetch_error();
          Value val = e.as<ExceptionObject>()->value;
          retval = Ref::borrow(val.is_null() ? Value::none() : val);
        }
        decref(POP());
        decref(TOP());
        SET_TOP(retval.release());
        JUMPTO(oparg);
        DISPATCH();
      }
    }
    decref(v);
    SET_TOP(result.release());
    DISPATCH();
  }
  TARGET(GET_AWAITABLE) {
    Value v = TOP();
    Ref it;
    if (type_of(v) == &CoroutineType) {
      it = Ref::borrow(v);
    } else if (type_of(v) == &GeneratorType && (v.as<Generator>()->frame()->code->flags & kCoIterableCoroutine)) {
      it = Ref::borrow(v);
    } else {
      static Str* const await_name = intern("__await__");
      Value aw = type_lookup(type_of(v), await_name);
      if (aw.is_null()) {
        const char* what = oparg == 1 ? "'async with' received an object from __aenter__ that does not implement __await__: %s"
                           : oparg == 2 ? "'async with' received an object from __aexit__ that does not implement __await__: %s"
                                        : "object %s can't be used in 'await' expression";
        raisef(&TypeErrorType, what, type_name(v));
        goto error;
      }
      // Called as found on the type (the unbound function with v), as CPython's slot does;
      // a descriptor other than a function or method binds first.
      Ref hold_await = Ref::borrow(aw);  // found in the type's dict: the call may replace it
      if (type_has(type_of(aw), kTypeMethodDescriptor) || !type_of(aw)->descr_get) {
        it = call(aw, &v, 1);
      } else {
        Ref bound = type_of(aw)->descr_get(aw, v, Value::from_obj(type_of(v)));
        it = bound ? call0(bound.get()) : Ref();
      }
      if (!it) goto error;
      if (type_of(it.get()) == &CoroutineType) {
        raise(&TypeErrorType, "__await__() returned a coroutine");
        goto error;
      }
      if (!type_of(it.get())->iternext) {
        raisef(&TypeErrorType, "__await__() returned non-iterator of type '%s'", type_name(it.get()));
        goto error;
      }
    }
    if (type_of(it.get()) == &CoroutineType) {
      Generator* g = it.as<Generator>();
      if (!generator_yield_from(g).is_null()) {
        raise(&RuntimeErrorType, "coroutine is being awaited already");
        goto error;
      }
    }
    decref(v);
    SET_TOP(it.release());
    DISPATCH();
  }
  TARGET(GET_AITER) {
    Value v = TOP();
    static Str* const kNameAiter = intern("__aiter__");
    Value ai = type_lookup(type_of(v), kNameAiter);
    if (ai.is_null()) {
      raisef(&TypeErrorType, "'async for' requires an object with __aiter__ method, got %s", type_name(v));
      goto error;
    }
    Ref it = call_method0(v, "__aiter__");
    if (!it) goto error;
    static Str* const kNameAnext = intern("__anext__");
    if (type_lookup(type_of(it.get()), kNameAnext).is_null()) {
      raisef(&TypeErrorType, "'async for' received an object from __aiter__ that does not implement __anext__: %s",
             type_name(it.get()));
      goto error;
    }
    decref(v);
    SET_TOP(it.release());
    DISPATCH();
  }
  TARGET(GET_ANEXT) {
    Value aiter = TOP();
    Ref aw = call_method0(aiter, "__anext__");
    if (!aw) goto error;
    Value a = aw.get();
    Ref it;
    if (type_of(a) == &CoroutineType || is_generator_like(a)) {
      it = std::move(aw);
    } else {
      static Str* const kNameAwait = intern("__await__");
      if (type_lookup(type_of(a), kNameAwait).is_null()) {
        raisef(&TypeErrorType, "'async for' received an invalid object from __anext__: %s", type_name(a));
        goto error;
      }
      it = call_method0(a, "__await__");
      aw = nullptr;  // rule 5
      if (!it) goto error;
    }
    PUSH(it.release());
    DISPATCH();
  }
  TARGET(END_ASYNC_FOR) {
    Value exc = POP();
    if (is_instance_of_type(exc, &StopAsyncIterationType)) {
      decref(exc);
      decref(POP());
      DISPATCH();
    }
    restore_error(Ref::steal(exc));
    goto exception_unwind;
  }
  TARGET(BEFORE_ASYNC_WITH) {
    Value mgr = TOP();
    Type* t = type_of(mgr);
    static Str* const kNameAenter = intern("__aenter__");
    Value enter = type_lookup(t, kNameAenter);
    static Str* const kNameAexit = intern("__aexit__");
    Value exit = type_lookup(t, kNameAexit);
    if (enter.is_null() || exit.is_null()) {
      raisef(&TypeErrorType, "'%s' object does not support the asynchronous context manager protocol", t->name);
      goto error;
    }
    Ref bound_exit = getattr(mgr, kNameAexit);
    if (!bound_exit) goto error;
    Ref res = call_method0(mgr, "__aenter__");
    if (!res) goto error;
    decref(mgr);
    SET_TOP(bound_exit.release());
    PUSH(res.release());
    DISPATCH();
  }
  TARGET(ASYNC_GEN_WRAP) {
    // Mark a value yielded by an async generator (vm/generator.h: async_gen_wrap).
    Value v = TOP();
    SET_TOP(async_gen_wrap(v).release());
    decref(v);
    DISPATCH();
  }
  TARGET(CLEANUP_THROW) {
    Value exc = POP();
    if (is_instance_of_type(exc, &StopIterationType)) {
      Value val = exc.as<ExceptionObject>()->value;
      if (val.is_null()) val = Value::none();
      incref(val);
      decref(exc);
      decref(POP());  // last sent value
      Value sub = TOP();
      SET_TOP(Value::none());
      decref(sub);
      PUSH(val);
      DISPATCH();
    }
    restore_error(Ref::steal(exc));
    goto exception_unwind;
  }

  TARGET(GET_LEN) {
    int64_t n = length(TOP());
    if (n < 0) goto error;
    Ref len = make_int(n);
    PUSH(len.release());
    DISPATCH();
  }
  TARGET(MATCH_MAPPING) {
    int r = match_is_mapping(TOP());
    if (r < 0) goto error;
    PUSH(Value::boolean(r == 1));
    DISPATCH();
  }
  TARGET(MATCH_SEQUENCE) {
    int r = match_is_sequence(TOP());
    if (r < 0) goto error;
    PUSH(Value::boolean(r == 1));
    DISPATCH();
  }
  TARGET(MATCH_KEYS) {
    Ref values = match_keys(SECOND(), TOP());
    if (!values) goto error;
    PUSH(values.release());
    DISPATCH();
  }
  TARGET(MATCH_CLASS) {
    Value names = POP();
    Value cls = POP();
    Value subject = TOP();
    Ref attrs = match_class(subject, cls, oparg, names);
    decref(names);
    decref(cls);
    decref(subject);
    if (!attrs) {
      --sp;
      goto error;
    }
    SET_TOP(attrs.release());
    DISPATCH();
  }

#if USE_COMPUTED_GOTO
L_unknown:
#else
  default:
#endif
  raisef(&SystemErrorType, "unknown opcode %u", static_cast<unsigned>(*this_instr & 0xFF));
  goto error;

#if !USE_COMPUTED_GOTO
  }  // switch
#endif

error:
  // A new exception in this frame: link it to the one being handled (__context__), then
  // record where (traceback).
  if (!ts->pending_exc.is_null()) chain_context(ts, ts->pending_exc);
error_from_callee:
  // An exception coming out of a callee frame only gets a traceback entry: it was chained
  // where it was raised, or deliberately not (what a try/except* re-raises, as CPython).
  {
    Value exc = ts->pending_exc;
    frame->lasti = LASTI();
    if (!exc.is_null())
      traceback_add(exc, Value::from_obj(frame->code), Value::from_obj(frame->globals), frame->lasti, frame->code->line_for(frame->lasti));
  }
exception_unwind:
  for (;;) {
    int lasti = LASTI();
    const ExceptionTableRow* h = find_handler(frame->code, lasti);
    if (h) {
      Value* base = frame->stack_base();
      while (sp > base + h->depth) {
        Value v = POP();
        decref(v);
      }
      if (h->push_lasti) PUSH(Value::small_int(lasti));
      exc_value = fetch_error().release();
      PUSH(exc_value);
      JUMPTO(h->target);
      DISPATCH();
    }
    // No handler here: this frame is done; pass the exception to the caller.
    SAVE_FRAME();
    if (frame->gen) frame->gen->state = GenState::Completed;
    if (frame == entry_frame) {
      tf.current = frame->previous;
      if (!frame->gen) release_frame(ts, frame);
      else clear_frame_values(frame);
      return nullptr;
    }
    Frame* caller = frame->previous;
    if (frame->gen) {
      // A generator resumed inline by FOR_ITER raised: its FOR_ITER raises it (PEP 479).
      generator_exit_inline(ts, frame->gen, true);
    } else {
      release_frame(ts, frame);
    }
    frame = caller;
    tf.current = frame;
    LOAD_FRAME();
    this_instr = frame->code->code.data() + frame->lasti;
    goto error_from_callee;
  }

exception_unwind_fresh:
  // Entered with an exception thrown into a resumed generator: it is raised at the
  // suspension point (the instruction before ip), as if that instruction raised it.
  goto error;
}

void init_eval() {}

}  // namespace gilpy::vm
