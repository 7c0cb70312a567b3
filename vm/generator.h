// vm/generator.h: generators, coroutines and async generators: a suspended frame that
// send/throw/close resume (DESIGN decision 4: stackless; the frame lives inside the
// generator object, copied there by RETURN_GENERATOR).
#pragma once

#include <cstdint>

#include "runtime/object.h"
#include "runtime/type.h"
#include "vm/frame.h"

namespace gilpy::rt {
struct ThreadState;
}

namespace gilpy::vm {

enum class GenState : uint8_t { Created, Suspended, Running, Completed };

struct Generator : rt::Object {
  rt::Str* name;        // owned
  rt::Str* qualname;    // owned
  Value handled_exc;    // owned: the exception being handled inside the generator while suspended
  GenState state;
  bool finalized;
  bool running_async;   // async generators: an asend/athrow is in flight
  bool closed;          // async generators: finished or closed (CPython's ag_closed)
  uint32_t for_iter_exit;  // while resumed inline by FOR_ITER: the loop's exit (its jump target)
  size_t frame_bytes;
  // the Frame follows (frame())
  Frame* frame() { return reinterpret_cast<Frame*>(this + 1); }
};

extern rt::Type GeneratorType;
extern rt::Type CoroutineType;
extern rt::Type AsyncGeneratorType;

inline bool is_generator_like(Value v) {
  if (!v.is_obj()) return false;
  rt::Type* t = v.obj()->type;
  return t == &GeneratorType || t == &CoroutineType || t == &AsyncGeneratorType;
}

// Moves the running frame `f` (in the arena) into a new generator of the kind its code
// flags say; `f` is left empty for the caller to pop. Returns the generator.
Ref generator_from_frame(Frame* f);

// The result of resuming a generator.
enum class SendResult { Yield, Return, Error };
// Resumes `gen` with `value` sent in (or, when throwing, with the pending exception
// raised at the suspension point). On Yield and Return, *out holds the value.
SendResult generator_send(Generator* gen, Value value, bool throwing, Ref* out);
// FOR_ITER resumes a generator's frame inline in the eval loop (no C++ recursion); when
// that frame finishes (returns, or raises with `error`), the loop calls this to do what
// generator_send does after eval_frame: restore the caller's handled exception, release
// the frame's values, and apply PEP 479.
void generator_exit_inline(rt::ThreadState* ts, Generator* gen, bool error);
// next(gen): the next value, or null with StopIteration(value) pending when it returns a
// value (the iternext slot itself reports exhaustion as null without an error).
Ref generator_next(Generator* gen);
// gen.throw(exc) and gen.close() semantics, used by SEND's delegation too.
Ref generator_throw(Generator* gen, Value exc);
Ref generator_close(Generator* gen);
// The sub-iterator a suspended generator is delegating to (yield from / await), or null.
Value generator_yield_from(Generator* gen);

// Values yielded by an async generator's `yield` are wrapped (ASYNC_GEN_WRAP) so that
// asend/athrow can tell them from values an `await` inside it passes through to the
// event loop (CPython's _PyAsyncGenWrappedValue).
extern rt::Type AsyncGenWrappedValueType;
Ref async_gen_wrap(Value v);

void init_generator_types();

}  // namespace gilpy::vm
