// runtime/exceptions.cpp: the built-in exception hierarchy (CPython's, same names, same
// bases), the exception object, tracebacks, and the raise/fetch API of runtime/errors.h.
//
// Every exception instance has the ExceptionObject layout; a Python subclass adds nothing
// but a class (its instances keep attributes in the `dict` slot, as BaseException's
// __dict__). OSError's extra attributes (errno, strerror, filename) live in that dict.
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/exception_group.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/str.h"
#include "runtime/thread_state.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

#define GILPY_DEFINE_EXC(name) Type name##Type;
GILPY_EXCEPTION_TYPES(GILPY_DEFINE_EXC)
#undef GILPY_DEFINE_EXC
Type TracebackType;

std::string strfmt(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[512];
  int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < static_cast<int>(sizeof buf)) return std::string(buf, n > 0 ? n : 0);
  std::string s(n, '\0');
  va_start(ap, fmt);
  std::vsnprintf(s.data(), n + 1, fmt, ap);
  va_end(ap);
  return s;
}

// ---- the pending exception ------------------------------------------------------------

bool error_pending() { return !ThreadState::current()->pending_exc.is_null(); }

bool error_matches(Type* type) {
  Value exc = ThreadState::current()->pending_exc;
  return !exc.is_null() && is_subtype(type_of(exc), type);
}

Ref fetch_error() {
  ThreadState* ts = ThreadState::current();
  Value v = ts->pending_exc;
  ts->pending_exc = Value();
  return Ref::steal(v);
}

void restore_error(Ref exc) {
  ThreadState* ts = ThreadState::current();
  Value old = ts->pending_exc;
  ts->pending_exc = exc.release();
  decref(old);
}

void clear_error() { restore_error(Ref()); }

void (*unraisable_hook)(Ref exc, Value obj, const char* context) = nullptr;

void write_unraisable(Value obj, const char* context) {
  Ref exc = fetch_error();
  if (exc && unraisable_hook) unraisable_hook(std::move(exc), obj, context);
}

static ExceptionObject* as_exc(Value v) { return v.as<ExceptionObject>(); }

bool is_exception_instance(Value v) {
  return v.is_obj() && type_has(v.obj()->type, kTypeExcSubclass);
}

bool is_exception_type(Value v) {
  return v.is_obj() && type_has(v.obj()->type, kTypeTypeSubclass) &&
         type_has(v.as<Type>(), kTypeExcSubclass);
}

static Ref exc_alloc(Type* type, Own<Tuple> args) {
  auto* e = static_cast<ExceptionObject*>(alloc_object(type, type->basic_size));
  e->args = args.release();
  e->traceback = Value::none();
  e->value = Value::none();
  return Ref::steal(Value::from_obj(e));
}

static bool os_error_set_fields(ExceptionObject* e, Value errnum, Value strerror, Value filename,
                                Value filename2 = Value());

Ref new_exception(Type* type, std::string_view message) {
  Own<Str> msg = str_from_utf8(message);
  Ref exc = exc_alloc(type, tuple_from({msg.value()}));
  // OSError("timed out") raised from C still has errno, strerror and filename (None).
  if (is_subtype(type, &OSErrorType) &&
      !os_error_set_fields(as_exc(exc.get()), Value::none(), Value::none(), Value()))
    return nullptr;
  return exc;
}

Ref raise(Type* type, std::string_view message) {
  restore_error(new_exception(type, message));
  return nullptr;
}

Ref raisef(Type* type, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return raise(type, buf);
}

Ref raise_no_memory() { return raise_value(Value::from_obj(&MemoryErrorType)); }

Ref raise_value(Value exc) {
  if (is_exception_type(exc)) {
    Ref inst = call0(exc);
    if (!inst) return nullptr;
    if (!is_exception_instance(inst.get())) {
      return raisef(&TypeErrorType,
                    "calling %s should have returned an instance of BaseException, not %s",
                    type_name(exc), type_name(inst.get()));
    }
    restore_error(std::move(inst));
    return nullptr;
  }
  if (!is_exception_instance(exc)) return raise(&TypeErrorType, "exceptions must derive from BaseException");
  restore_error(Ref::borrow(exc));
  return nullptr;
}

Ref raise_key_error(Value key) {
  restore_error(exc_alloc(&KeyErrorType, tuple_from({key})));
  return nullptr;
}

Ref raise_stop_iteration(Value value) {
  Ref exc = value.is_null() ? exc_alloc(&StopIterationType, Own<Tuple>::borrow(tuple_empty()))
                            : exc_alloc(&StopIterationType, tuple_from({value}));
  set_owned(&as_exc(exc.get())->value, value.is_null() ? Value::none() : (incref(value), value));
  restore_error(std::move(exc));
  return nullptr;
}

static Type* os_error_subtype(int errnum) {
  switch (errnum) {
    case ENOENT: return &FileNotFoundErrorType;
    case EEXIST: return &FileExistsErrorType;
    case EACCES: case EPERM: return &PermissionErrorType;
    case EISDIR: return &IsADirectoryErrorType;
    case ENOTDIR: return &NotADirectoryErrorType;
    case ETIMEDOUT: return &TimeoutErrorType;
    case EINTR: return &InterruptedErrorType;
    case EAGAIN: case EINPROGRESS: case EALREADY: return &BlockingIOErrorType;
    case EPIPE: case ESHUTDOWN: return &BrokenPipeErrorType;
    case ECONNRESET: return &ConnectionResetErrorType;
    case ECONNREFUSED: return &ConnectionRefusedErrorType;
    case ECONNABORTED: return &ConnectionAbortedErrorType;
    case ECHILD: return &ChildProcessErrorType;
    case ESRCH: return &ProcessLookupErrorType;
    default: return &OSErrorType;
  }
}

static bool os_error_set_fields(ExceptionObject* e, Value errnum, Value strerror, Value filename,
                                Value filename2) {
  if (!e->dict) e->dict = dict_new().release();
  return dict_set_str(e->dict, "errno", errnum) && dict_set_str(e->dict, "strerror", strerror) &&
         dict_set_str(e->dict, "filename", filename.is_null() ? Value::none() : filename) &&
         dict_set_str(e->dict, "filename2", filename2.is_null() ? Value::none() : filename2);
}

Ref raise_os_error(int errnum, Value filename) { return raise_os_error2(errnum, filename, Value()); }

Ref raise_os_error2(int errnum, Value filename, Value filename2) {
  Ref num = make_int(errnum);
  Own<Str> msg = str_from_utf8(std::strerror(errnum));
  Ref exc = exc_alloc(os_error_subtype(errnum), tuple_from({num.get(), msg.value()}));
  if (!os_error_set_fields(as_exc(exc.get()), num.get(), msg.value(), filename, filename2)) return nullptr;
  restore_error(std::move(exc));
  return nullptr;
}

// ---- BaseException ----------------------------------------------------------------------

static Own<Tuple> args_tuple(const Value* args, size_t nargs) {
  return tuple_from_array(args, static_cast<int64_t>(nargs));
}

static Ref exc_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (is_subtype(type, &BaseExceptionGroupType)) {
    // A group made here would lack its message and exceptions: refuse, as CPython's
    // check of T.__new__(S) does. (BaseExceptionGroup's own __new__ allocates itself.)
    Type* own_new = type;
    while ((own_new->flags & kTypeHeap) && !dict_get_cstr(type_dict(own_new), "__new__").is_null())
      own_new = own_new->base;
    return raisef(&TypeErrorType, "BaseException.__new__(%s) is not safe, use %s.__new__()", type->name,
                  own_new->name);
  }
  return exc_alloc(type, args_tuple(args, nargs));
}

static int exc_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size > 0) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", type_name(self));
    return -1;
  }
  ExceptionObject* e = as_exc(self);
  Tuple* old = e->args;
  e->args = args_tuple(args, nargs).release();
  xdecref(old);
  return 0;
}

static void exc_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* e = static_cast<ExceptionObject*>(o);
  if (e->dict) visit(Value::from_obj(e->dict), ctx);
  if (e->args) visit(Value::from_obj(e->args), ctx);
  visit(e->traceback, ctx);
  visit(e->context, ctx);
  visit(e->cause, ctx);
  visit(e->value, ctx);
}

static void exc_clear(Object* o) {
  auto* e = static_cast<ExceptionObject*>(o);
  Dict* d = e->dict;
  e->dict = nullptr;
  xdecref(d);
  Tuple* a = e->args;
  e->args = nullptr;
  xdecref(a);
  set_owned(&e->traceback, Value::none());
  set_owned(&e->context, Value());
  set_owned(&e->cause, Value());
  set_owned(&e->value, Value::none());
}

static void exc_dealloc(Object* o) {
  gc_untrack(o);
  exc_clear(o);
  free_object(o);
}

static Ref exc_str(Value self) {
  Tuple* args = as_exc(self)->args;
  if (!args || args->size == 0) return Ref::borrow(Value::from_obj(str_empty()));
  if (args->size == 1) return str(args->items[0]);
  return str(Value::from_obj(args));
}

static Ref exc_repr(Value self) {
  Tuple* args = as_exc(self)->args;
  std::string out = type_of(self)->name_obj ? str_to_utf8(type_of(self)->name_obj) : type_name(self);
  if (!args || args->size == 0) {
    out += "()";
  } else if (args->size == 1) {
    Ref r = repr(args->items[0]);
    if (!r) return nullptr;
    out += "(" + str_to_utf8(r.as<Str>()) + ")";
  } else {
    Ref r = repr(Value::from_obj(args));
    if (!r) return nullptr;
    out += str_to_utf8(r.as<Str>());
  }
  return str_from_utf8(out).into_ref();
}

static Ref exc_get_args(Value self) {
  Tuple* a = as_exc(self)->args;
  return Ref::borrow(Value::from_obj(a ? a : tuple_empty()));
}
static int exc_set_args(Value self, Value v) {
  if (v.is_null()) {
    raise(&TypeErrorType, "args may not be deleted");
    return -1;
  }
  Ref t = sequence_tuple(v);
  if (!t) return -1;
  ExceptionObject* e = as_exc(self);
  Tuple* old = e->args;
  e->args = t.release().as<Tuple>();
  xdecref(old);
  return 0;
}
static Ref value_or_none(Value v) { return Ref::borrow(v.is_null() ? Value::none() : v); }
static Ref exc_get_traceback(Value self) { return value_or_none(as_exc(self)->traceback); }
static int exc_set_traceback(Value self, Value v) {
  if (v.is_null() || (!v.is_none() && type_of(v) != &TracebackType)) {
    raise(&TypeErrorType, "__traceback__ must be a traceback or None");
    return -1;
  }
  incref(v);
  set_owned(&as_exc(self)->traceback, v);
  return 0;
}
static Ref exc_get_context(Value self) { return value_or_none(as_exc(self)->context); }
static int exc_set_context(Value self, Value v) {
  if (!v.is_null() && !v.is_none() && !is_exception_instance(v)) {
    raise(&TypeErrorType, "exception context must be None or derive from BaseException");
    return -1;
  }
  incref(v);
  set_owned(&as_exc(self)->context, v.is_none() ? Value() : v);
  return 0;
}
static Ref exc_get_cause(Value self) { return value_or_none(as_exc(self)->cause); }
static int exc_set_cause(Value self, Value v) {
  if (!v.is_null() && !v.is_none() && !is_exception_instance(v)) {
    raise(&TypeErrorType, "exception cause must be None or derive from BaseException");
    return -1;
  }
  incref(v);
  set_owned(&as_exc(self)->cause, v.is_none() ? Value() : v);
  as_exc(self)->suppress_context = true;
  return 0;
}
static Ref exc_get_suppress(Value self) { return Ref::boolean(as_exc(self)->suppress_context); }
static int exc_set_suppress(Value self, Value v) {
  int t = v.is_null() ? 0 : truthy(v);
  if (t < 0) return -1;
  as_exc(self)->suppress_context = t;
  return 0;
}

static Ref exc_with_traceback(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("with_traceback", nargs, 1, 1)) return nullptr;
  if (exc_set_traceback(self, args[0]) < 0) return nullptr;
  return Ref::borrow(self);
}

// add_note(note): appends to __notes__, a list made on first use (PEP 678).
static Ref exc_add_note(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size > 0)
    return raise(&TypeErrorType, "BaseException.add_note() takes no keyword arguments");
  if (nargs != 1)
    return raisef(&TypeErrorType, "BaseException.add_note() takes exactly one argument (%zu given)", nargs);
  Value note = args[0];
  if (!is_str(note)) return raisef(&TypeErrorType, "note must be a str, not '%s'", type_name(note));
  Str* name = intern("__notes__");
  if (!hasattr(self, name)) {
    Own<List> fresh = list_new(0);
    if (setattr(self, name, fresh.value()) < 0) return nullptr;
  }
  Ref notes = getattr(self, name);
  if (!notes) return nullptr;
  if (!is_list(notes.get())) return raise(&TypeErrorType, "Cannot add note: __notes__ is not a list");
  if (!list_append(notes.as<List>(), note)) return nullptr;
  return Ref::none();
}

static const GetSetDef exc_getsets[] = {
    {"args", exc_get_args, exc_set_args, nullptr},
    {"__traceback__", exc_get_traceback, exc_set_traceback, nullptr},
    {"__context__", exc_get_context, exc_set_context, nullptr},
    {"__cause__", exc_get_cause, exc_set_cause, nullptr},
    {"__suppress_context__", exc_get_suppress, exc_set_suppress, nullptr},
    {nullptr}};

static const MethodDef exc_methods[] = {
    {"with_traceback", exc_with_traceback, 0,
     "Exception.with_traceback(tb) -- set self.__traceback__ to tb and return self."},
    {"add_note", exc_add_note, 0,
     "Exception.add_note(note) --\n    add a note to the exception"},
    {nullptr}};

// ---- subclasses with behaviour of their own ---------------------------------------------

static int stop_iteration_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (exc_init(self, args, nargs, kwnames) < 0) return -1;
  Value v = nargs > 0 ? args[0] : Value::none();
  incref(v);
  set_owned(&as_exc(self)->value, v);
  return 0;
}
static Ref stop_iteration_value(Value self) { return Ref::borrow(as_exc(self)->value); }
static const GetSetDef stop_iteration_getsets[] = {{"value", stop_iteration_value, nullptr, nullptr},
                                                  {nullptr}};

static int system_exit_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (exc_init(self, args, nargs, kwnames) < 0) return -1;
  Value v = nargs == 0 ? Value::none() : nargs == 1 ? args[0] : Value::from_obj(as_exc(self)->args);
  incref(v);
  set_owned(&as_exc(self)->value, v);
  return 0;
}
static Ref system_exit_code(Value self) { return Ref::borrow(as_exc(self)->value); }
static const GetSetDef system_exit_getsets[] = {{"code", system_exit_code, nullptr, nullptr},
                                               {nullptr}};

static Ref key_error_str(Value self) {
  Tuple* args = as_exc(self)->args;
  if (args && args->size == 1) return repr(args->items[0]);
  return exc_str(self);
}

static Ref os_error_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &OSErrorType && nargs >= 2 && args[0].is_small_int())
    type = os_error_subtype(static_cast<int>(args[0].small_int()));
  Ref self = exc_alloc(type, args_tuple(args, nargs < 2 ? nargs : 2));
  if (nargs >= 2 && nargs <= 5) {
    if (!os_error_set_fields(as_exc(self.get()), args[0], args[1], nargs >= 3 ? args[2] : Value(),
                             nargs >= 5 ? args[4] : Value()))
      return nullptr;
  } else {
    if (!os_error_set_fields(as_exc(self.get()), Value::none(), Value::none(), Value())) return nullptr;
    Tuple* old = as_exc(self.get())->args;
    as_exc(self.get())->args = args_tuple(args, nargs).release();
    xdecref(old);
  }
  return self;
}
static int os_error_init(Value, const Value*, size_t, Tuple*) { return 0; }

static Ref os_error_str(Value self) {
  ExceptionObject* e = as_exc(self);
  Value errnum = e->dict ? dict_get_cstr(e->dict, "errno") : Value();
  Value strerror = e->dict ? dict_get_cstr(e->dict, "strerror") : Value();
  Value filename = e->dict ? dict_get_cstr(e->dict, "filename") : Value();
  Value filename2 = e->dict ? dict_get_cstr(e->dict, "filename2") : Value();
  if (errnum.is_null() || errnum.is_none()) return exc_str(self);
  Ref es = str(errnum), ss = str(strerror);
  if (!es || !ss) return nullptr;
  std::string out = "[Errno " + str_to_utf8(es.as<Str>()) + "] " + str_to_utf8(ss.as<Str>());
  if (!filename.is_null() && !filename.is_none()) {
    Ref fr = repr(filename);
    if (!fr) return nullptr;
    out += ": " + str_to_utf8(fr.as<Str>());
    if (!filename2.is_null() && !filename2.is_none()) {
      Ref fr2 = repr(filename2);
      if (!fr2) return nullptr;
      out += " -> " + str_to_utf8(fr2.as<Str>());
    }
  }
  return str_from_utf8(out).into_ref();
}

static Ref syntax_error_str(Value self) {
  ExceptionObject* e = as_exc(self);
  Value msg = e->dict ? dict_get_cstr(e->dict, "msg") : Value();
  if (msg.is_null()) return exc_str(self);
  Ref ms = str(msg);
  if (!ms) return nullptr;
  std::string out = str_to_utf8(ms.as<Str>());
  Value filename = dict_get_cstr(e->dict, "filename");
  Value lineno = dict_get_cstr(e->dict, "lineno");
  if (!filename.is_null() && is_str(filename) && !lineno.is_null() && lineno.is_small_int()) {
    std::string f = str_to_utf8(filename.as<Str>());
    size_t slash = f.rfind('/');
    if (slash != std::string::npos) f = f.substr(slash + 1);
    out += strfmt(" (%s, line %lld)", f.c_str(), static_cast<long long>(lineno.small_int()));
  }
  return str_from_utf8(out).into_ref();
}

static int syntax_error_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (exc_init(self, args, nargs, kwnames) < 0) return -1;
  ExceptionObject* e = as_exc(self);
  if (!e->dict) e->dict = dict_new().release();
  static const char* fields[] = {"filename", "lineno", "offset", "text", "end_lineno", "end_offset"};
  if (!dict_set_str(e->dict, "msg", nargs > 0 ? args[0] : Value::none())) return -1;
  for (const char* f : fields)
    if (!dict_set_str(e->dict, f, Value::none())) return -1;
  if (nargs == 2 && is_tuple(args[1])) {
    Tuple* info = args[1].as<Tuple>();
    for (int64_t i = 0; i < info->size && i < 6; ++i)
      if (!dict_set_str(e->dict, fields[i], info->items[i])) return -1;
  }
  return 0;
}

// ---- tracebacks -------------------------------------------------------------------------

Ref (*traceback_frame_hook)(Value code, Value globals, int lasti, int lineno) = nullptr;

void traceback_add(Value exc, Value code, Value globals, int lasti, int lineno) {
  if (!is_exception_instance(exc)) return;
  ExceptionObject* e = as_exc(exc);
  auto* tb = alloc<TracebackObject>(&TracebackType);
  tb->next = e->traceback.is_null() ? Value::none() : e->traceback;  // takes e's reference
  incref(code);
  tb->code = code;
  incref(globals);
  tb->globals = globals;
  tb->lasti = lasti;
  tb->lineno = lineno;
  e->traceback = Value::from_obj(tb);
}

static void tb_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* tb = static_cast<TracebackObject*>(o);
  visit(tb->next, ctx);
  visit(tb->code, ctx);
  visit(tb->globals, ctx);
}
static void tb_clear(Object* o) {
  auto* tb = static_cast<TracebackObject*>(o);
  set_owned(&tb->next, Value::none());
  set_owned(&tb->code, Value::none());
  set_owned(&tb->globals, Value::none());
}
static void tb_dealloc(Object* o) {
  gc_untrack(o);
  tb_clear(o);
  free_object(o);
}
static Ref tb_next(Value self) { return Ref::borrow(self.as<TracebackObject>()->next); }
// tb.tb_next = None or a traceback that does not lead back to tb (unittest trims its frames).
static int tb_set_next(Value self, Value v) {
  if (v.is_null()) {
    raise(&TypeErrorType, "can't delete tb_next attribute");
    return -1;
  }
  if (!v.is_none() && type_of(v) != &TracebackType) {
    raisef(&TypeErrorType, "expected traceback object or None, got '%s'", type_name(v));
    return -1;
  }
  for (Value cursor = v; !cursor.is_none(); cursor = cursor.as<TracebackObject>()->next) {
    if (cursor == self) {
      raise(&ValueErrorType, "traceback loop detected");
      return -1;
    }
  }
  incref(v);
  set_owned(&self.as<TracebackObject>()->next, v);
  return 0;
}
static Ref tb_lineno(Value self) { return make_int(self.as<TracebackObject>()->lineno); }
// In bytes of 2-byte code units, as CPython's (vm/frame_object.cpp: f_lasti).
static Ref tb_lasti(Value self) { return make_int(int64_t(self.as<TracebackObject>()->lasti) * 2); }
static Ref tb_frame(Value self) {
  auto* tb = self.as<TracebackObject>();
  if (!traceback_frame_hook || tb->code.is_none()) return Ref::none();
  return traceback_frame_hook(tb->code, tb->globals, tb->lasti, tb->lineno);
}
static const GetSetDef tb_getsets[] = {{"tb_next", tb_next, tb_set_next, nullptr},
                                       {"tb_frame", tb_frame, nullptr, nullptr},
                                       {"tb_lineno", tb_lineno, nullptr, nullptr},
                                       {"tb_lasti", tb_lasti, nullptr, nullptr},
                                       {nullptr}};

// ---- the hierarchy ------------------------------------------------------------------------

void init_exception_types() {
  struct Row {
    Type* type;
    const char* name;
    Type* base;
  };
  const Row rows[] = {
      {&BaseExceptionType, "BaseException", &ObjectType},
      {&ExceptionType, "Exception", &BaseExceptionType},
      {&SystemExitType, "SystemExit", &BaseExceptionType},
      {&KeyboardInterruptType, "KeyboardInterrupt", &BaseExceptionType},
      {&GeneratorExitType, "GeneratorExit", &BaseExceptionType},
      {&StopIterationType, "StopIteration", &ExceptionType},
      {&StopAsyncIterationType, "StopAsyncIteration", &ExceptionType},
      {&ArithmeticErrorType, "ArithmeticError", &ExceptionType},
      {&ZeroDivisionErrorType, "ZeroDivisionError", &ArithmeticErrorType},
      {&OverflowErrorType, "OverflowError", &ArithmeticErrorType},
      {&FloatingPointErrorType, "FloatingPointError", &ArithmeticErrorType},
      {&AssertionErrorType, "AssertionError", &ExceptionType},
      {&AttributeErrorType, "AttributeError", &ExceptionType},
      {&BufferErrorType, "BufferError", &ExceptionType},
      {&EOFErrorType, "EOFError", &ExceptionType},
      {&ImportErrorType, "ImportError", &ExceptionType},
      {&ModuleNotFoundErrorType, "ModuleNotFoundError", &ImportErrorType},
      {&LookupErrorType, "LookupError", &ExceptionType},
      {&IndexErrorType, "IndexError", &LookupErrorType},
      {&KeyErrorType, "KeyError", &LookupErrorType},
      {&MemoryErrorType, "MemoryError", &ExceptionType},
      {&NameErrorType, "NameError", &ExceptionType},
      {&UnboundLocalErrorType, "UnboundLocalError", &NameErrorType},
      {&OSErrorType, "OSError", &ExceptionType},
      {&FileNotFoundErrorType, "FileNotFoundError", &OSErrorType},
      {&FileExistsErrorType, "FileExistsError", &OSErrorType},
      {&PermissionErrorType, "PermissionError", &OSErrorType},
      {&IsADirectoryErrorType, "IsADirectoryError", &OSErrorType},
      {&NotADirectoryErrorType, "NotADirectoryError", &OSErrorType},
      {&TimeoutErrorType, "TimeoutError", &OSErrorType},
      {&InterruptedErrorType, "InterruptedError", &OSErrorType},
      {&BlockingIOErrorType, "BlockingIOError", &OSErrorType},
      {&ConnectionErrorType, "ConnectionError", &OSErrorType},
      {&BrokenPipeErrorType, "BrokenPipeError", &ConnectionErrorType},
      {&ConnectionResetErrorType, "ConnectionResetError", &ConnectionErrorType},
      {&ConnectionRefusedErrorType, "ConnectionRefusedError", &ConnectionErrorType},
      {&ConnectionAbortedErrorType, "ConnectionAbortedError", &ConnectionErrorType},
      {&ChildProcessErrorType, "ChildProcessError", &OSErrorType},
      {&ProcessLookupErrorType, "ProcessLookupError", &OSErrorType},
      {&ReferenceErrorType, "ReferenceError", &ExceptionType},
      {&RuntimeErrorType, "RuntimeError", &ExceptionType},
      {&NotImplementedErrorType, "NotImplementedError", &RuntimeErrorType},
      {&RecursionErrorType, "RecursionError", &RuntimeErrorType},
      {&SyntaxErrorType, "SyntaxError", &ExceptionType},
      {&IndentationErrorType, "IndentationError", &SyntaxErrorType},
      {&TabErrorType, "TabError", &IndentationErrorType},
      {&SystemErrorType, "SystemError", &ExceptionType},
      {&TypeErrorType, "TypeError", &ExceptionType},
      {&ValueErrorType, "ValueError", &ExceptionType},
      {&UnicodeErrorType, "UnicodeError", &ValueErrorType},
      {&UnicodeDecodeErrorType, "UnicodeDecodeError", &UnicodeErrorType},
      {&UnicodeEncodeErrorType, "UnicodeEncodeError", &UnicodeErrorType},
      {&WarningType, "Warning", &ExceptionType},
      {&UserWarningType, "UserWarning", &WarningType},
      {&DeprecationWarningType, "DeprecationWarning", &WarningType},
      {&RuntimeWarningType, "RuntimeWarning", &WarningType},
      {&PendingDeprecationWarningType, "PendingDeprecationWarning", &WarningType},
      {&SyntaxWarningType, "SyntaxWarning", &WarningType},
      {&ImportWarningType, "ImportWarning", &WarningType},
      {&FutureWarningType, "FutureWarning", &WarningType},
      {&UnicodeWarningType, "UnicodeWarning", &WarningType},
      {&BytesWarningType, "BytesWarning", &WarningType},
      {&ResourceWarningType, "ResourceWarning", &WarningType},
      {&EncodingWarningType, "EncodingWarning", &WarningType},
  };
  for (const Row& r : rows) {
    static_type_init(*r.type, r.name, sizeof(ExceptionObject), r.base,
                     kTypeBaseType | kTypeGc | kTypeExcSubclass);
    r.type->dict_offset = offsetof(ExceptionObject, dict);
    if (r.type == &BaseExceptionType) {
      r.type->new_ = exc_new;
      r.type->init = exc_init;
      r.type->dealloc = exc_dealloc;
      r.type->traverse = exc_traverse;
      r.type->clear = exc_clear;
      r.type->repr = exc_repr;
      r.type->str = exc_str;
      r.type->getsets = exc_getsets;
      r.type->methods = exc_methods;
    }
  }
  StopIterationType.init = stop_iteration_init;
  StopIterationType.getsets = stop_iteration_getsets;
  SystemExitType.init = system_exit_init;
  SystemExitType.getsets = system_exit_getsets;
  KeyErrorType.str = key_error_str;
  OSErrorType.new_ = os_error_new;
  OSErrorType.init = os_error_init;
  OSErrorType.str = os_error_str;
  SyntaxErrorType.init = syntax_error_init;
  SyntaxErrorType.str = syntax_error_str;
  for (const Row& r : rows) ready_type(r.type);
  init_exception_group_types();

  static_type_init(TracebackType, "traceback", sizeof(TracebackObject), &ObjectType, kTypeGc);
  TracebackType.dealloc = tb_dealloc;
  TracebackType.traverse = tb_traverse;
  TracebackType.clear = tb_clear;
  TracebackType.getsets = tb_getsets;
  ready_type(&TracebackType);
}

}  // namespace gilpy::rt
