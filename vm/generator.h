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

// Kept small: a program may hold a million suspended generators (its frame's code gives
// the names and the frame's size unless the function was renamed).
struct Generator : rt::Object {
  rt::Tuple* names;     // owned (__name__, __qualname__) when they differ from the code's, else null
  Value handled_exc;    // owned: the exception being handled inside the generator while suspended
  GenState state;
  bool finalized;
  bool running_async;   // async generators: an asend/athrow is in flight
  bool closed;          // async generators: finished or closed (CPython's ag_closed)
  uint32_t resume_exit;  // while resumed inline: the caller's exit target | kResumedBySend
  // the Frame follows (frame()); its code stays until the generator is freed
  Frame* frame() { return reinterpret_cast<Frame*>(this + 1); }
  rt::Str* name();
  rt::Str* qualname();
};

extern rt::Type GeneratorType;
extern rt::Type CoroutineType;
extern rt::Type AsyncGeneratorType;

inline bool is_generator_like(Value v) {
  if (!v.is_obj()) return false;
  rt::Type* t = v.obj()->type;
  return t == &GeneratorType || t == &CoroutineType || t == &AsyncGeneratorType;
}

// The async generators an event loop saw start (its firstiter hook), so that
// loop.shutdown_asyncgens() can close those still alive. CPython keeps a WeakSet; here
// the interpreter keeps borrowed entries and a generator leaves when it is cleared or
// freed. `owner` (the loop) is only compared, never followed.
void asyncgen_track(Generator* g, rt::Object* owner);
void asyncgen_untrack(Generator* g);
size_t asyncgen_count(rt::Object* owner);
// Untracks the generators `owner` tracked and returns them in a new list.
rt::Ref asyncgen_take(rt::Object* owner);

// Moves the running frame `f` (in the arena) into a new generator of the kind its code
// flags say. Every reference `f` held now belongs to the generator's copy, except its
// code's: the caller pops `f` from the arena and drops the code (no release_frame).
// Returns the generator.
Ref generator_from_frame(Frame* f);

// The result of resuming a generator.
enum class SendResult { Yield, Return, Error };
// Resumes `gen` with `value` sent in (or, when throwing, with the pending exception
// raised at the suspension point). On Yield and Return, *out holds the value.
SendResult generator_send(Generator* gen, Value value, bool throwing, Ref* out);
// FOR_ITER and SEND resume a generator's frame inline in the eval loop (no C++
// recursion). generator_enter_inline does what generator_send does before eval_frame
// (pushes `sent`, owned, on its stack; swaps the handled exception; counts the depth) and
// records where the caller goes when the generator finishes: `exit`, the caller's jump
// target, with kResumedBySend when SEND (the return value is pushed there) rather than
// FOR_ITER (it is dropped). YIELD_VALUE in a frame that is not its eval_frame's entry
// returns to the caller inline. When the frame finishes (returns, or raises with
// `error`), generator_exit_inline restores the caller's handled exception, releases the
// frame's values, and applies PEP 479.
constexpr uint32_t kResumedBySend = 0x80000000u;
Frame* generator_enter_inline(rt::ThreadState* ts, Generator* gen, Value sent, uint32_t exit);
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

// sys.set_asyncgen_hooks: called with an async generator on its first asend/athrow/aclose
// (firstiter), and instead of closing it when it is collected unfinished (finalizer, which
// the generator keeps from its first iteration). Per thread, as in CPython; owned Values,
// null when unset.
struct AsyncGenHooks {
  Value firstiter;
  Value finalizer;
};
AsyncGenHooks& async_gen_hooks();

void init_generator_types();

}  // namespace gilpy::vm
