// runtime/errors.h: raising and inspecting Python exceptions from C++.
//
// An error is reported the CPython way (STYLE convention 8): the native code sets the
// pending exception on the current thread state and returns a sentinel (a null Ref, -1,
// or false), and its caller passes that up until the eval loop unwinds to a handler.
// C++ exceptions are never used for Python errors; the ones that can start anywhere,
// std::bad_alloc and std::length_error (memory exhausted), become MemoryError at the
// native boundaries (with_memory_errors below).
//
// The built-in exception types are declared here and defined in runtime/exceptions.cpp,
// which also owns the exception object's layout (ExceptionObject) and tracebacks' links;
// the exception groups' layout and behaviour are runtime/exception_group.h's.
#pragma once

#include <cstdarg>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

// Every exception instance has this layout; subclasses defined in Python add a __dict__.
struct ExceptionObject : Object {
  Dict* dict;          // instance attributes (owned, may be null)
  Tuple* args;         // .args (owned)
  Value traceback;     // .__traceback__ (owned, None or a traceback object)
  Value context;       // .__context__ (owned, may be null = None)
  Value cause;         // .__cause__ (owned, may be null = None)
  Value value;         // StopIteration.value / SystemExit.code / KeyError key etc. (owned)
  bool suppress_context;
};

#define GILPY_EXCEPTION_TYPES(X)        \
  X(BaseException)                      \
  X(Exception)                          \
  X(SystemExit)                         \
  X(KeyboardInterrupt)                  \
  X(GeneratorExit)                      \
  X(StopIteration)                      \
  X(StopAsyncIteration)                 \
  X(ArithmeticError)                    \
  X(ZeroDivisionError)                  \
  X(OverflowError)                      \
  X(FloatingPointError)                 \
  X(AssertionError)                     \
  X(AttributeError)                     \
  X(BufferError)                        \
  X(EOFError)                           \
  X(ImportError)                        \
  X(ModuleNotFoundError)                \
  X(LookupError)                        \
  X(IndexError)                         \
  X(KeyError)                           \
  X(MemoryError)                        \
  X(NameError)                          \
  X(UnboundLocalError)                  \
  X(OSError)                            \
  X(FileNotFoundError)                  \
  X(FileExistsError)                    \
  X(PermissionError)                    \
  X(IsADirectoryError)                  \
  X(NotADirectoryError)                 \
  X(TimeoutError)                       \
  X(InterruptedError)                   \
  X(BlockingIOError)                    \
  X(ConnectionError)                    \
  X(BrokenPipeError)                    \
  X(ConnectionResetError)               \
  X(ConnectionRefusedError)             \
  X(ConnectionAbortedError)             \
  X(ChildProcessError)                  \
  X(ProcessLookupError)                 \
  X(ReferenceError)                     \
  X(RuntimeError)                       \
  X(NotImplementedError)                \
  X(RecursionError)                     \
  X(SyntaxError)                        \
  X(IndentationError)                   \
  X(TabError)                           \
  X(SystemError)                        \
  X(TypeError)                          \
  X(ValueError)                         \
  X(UnicodeError)                       \
  X(UnicodeDecodeError)                 \
  X(UnicodeEncodeError)                 \
  X(Warning)                            \
  X(UserWarning)                        \
  X(DeprecationWarning)                 \
  X(RuntimeWarning)                     \
  X(PendingDeprecationWarning)          \
  X(SyntaxWarning)                      \
  X(ImportWarning)                      \
  X(FutureWarning)                      \
  X(UnicodeWarning)                     \
  X(BytesWarning)                       \
  X(ResourceWarning)                    \
  X(EncodingWarning)                    \
  X(BaseExceptionGroup)                 \
  X(ExceptionGroup)

#define GILPY_DECLARE_EXC(name) extern Type name##Type;
GILPY_EXCEPTION_TYPES(GILPY_DECLARE_EXC)
#undef GILPY_DECLARE_EXC

// printf-style formatting into a std::string (GCC 12 has no std::format).
std::string strfmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Sets the pending exception: `type(message)`. Returns a null Ref so that natives can
// write `return raise(TypeErrorType, "...")`.
Ref raise(Type* type, std::string_view message);
Ref raisef(Type* type, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
// Sets an exception instance (or a class, instantiated with no arguments) as pending.
Ref raise_value(Value exc);
// MemoryError with no arguments (CPython's PyErr_NoMemory): a size no allocation can
// satisfy, or a C++ allocation that failed (std::bad_alloc, which the eval loop catches).
Ref raise_no_memory();
// The funnel for memory exhaustion. Out of memory, the allocator (runtime/gc.h) throws
// std::bad_alloc, as operator new does, and a std container asked for more than it can hold
// throws std::length_error. The native boundaries the eval loop goes through (call(),
// binary_op(), inplace_op(), get_item(), set_item() in runtime/abstract.cpp) run their
// native inside this guard: the C++ exception unwinds the native's RAII handles and comes
// out as a pending MemoryError and the boundary's error value (a null Ref, -1 or false).
template <class Fn>
auto with_memory_errors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  raise_no_memory();
  using Result = decltype(fn());
  if constexpr (std::is_same_v<Result, Ref>) return nullptr;
  else if constexpr (std::is_same_v<Result, bool>) return false;
  else return Result(-1);
}

// KeyError(key), StopIteration(value), OSError from errno with an optional filename.
Ref raise_key_error(Value key);
Ref raise_stop_iteration(Value value);
Ref raise_os_error(int errnum, Value filename = Value());
// The same with a second file name (rename, link, symlink): "...: 'src' -> 'dst'".
Ref raise_os_error2(int errnum, Value filename, Value filename2);

bool error_pending();
// True when the pending exception is an instance of `type` (or a subclass).
bool error_matches(Type* type);
// Takes the pending exception (the caller owns it); null when none is pending.
Ref fetch_error();
// Sets an owned exception instance as pending (the inverse of fetch_error).
void restore_error(Ref exc);
void clear_error();

// An exception that cannot propagate (raised in __del__, an atexit callback, a thread's
// function): reported as CPython's default sys.unraisablehook does, and the program goes
// on. Takes the pending exception and writes "Exception ignored in: <repr of obj>" (or
// "Exception ignored <context>: <repr of obj>"; without obj, "Exception ignored
// <context>:") and the traceback on stderr.
void write_unraisable(Value obj, const char* context = nullptr);
// Set by vm/, which formats tracebacks; unset, the exception is only cleared.
extern void (*unraisable_hook)(Ref exc, Value obj, const char* context);

// Builds an exception instance of `type` with the given args (as calling the type would).
Ref new_exception(Type* type, std::string_view message);
bool is_exception_instance(Value v);
bool is_exception_type(Value v);

// A traceback entry, prepended as an exception unwinds a frame (vm/eval.cpp).
struct TracebackObject : Object {
  Value next;       // the next (deeper) entry or None (owned)
  Value code;       // the code object of the frame (owned)
  Value globals;    // the frame's globals (owned), for tb_frame
  int lasti;        // instruction offset in that code
  int lineno;
};
extern Type TracebackType;
// Makes a traceback entry on top of the exception's current traceback.
void traceback_add(Value exc, Value code, Value globals, int lasti, int lineno);
// tb_frame: a frame object for a traceback entry (vm/frame_object.cpp sets it; runtime/
// has no frames of its own).
extern Ref (*traceback_frame_hook)(Value code, Value globals, int lasti, int lineno);

void init_exception_types();

}  // namespace gilpy::rt
