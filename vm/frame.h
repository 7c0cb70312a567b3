// vm/frame.h: the activation record of a Python call, kept off the C++ stack.
//
// Frames of ordinary calls live in a per-thread arena (a stack of chunks: pushing a frame
// bumps a pointer, returning pops it), so a Python-to-Python call allocates nothing. Each
// greenlet has an arena of its own (stdlib/greenlet), swapped in by a switch. A
// generator's or coroutine's frame lives inside the generator object instead, and is
// linked into the thread's frame chain only while it runs (DESIGN decision 4).
//
// Layout: the header, then `localsplus` (fast locals, cells, free variables: see
// vm/code.h), then the value stack. All of those Values are owned by the frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/object.h"
#include "vm/code.h"
#include "vm/function.h"

namespace gilpy::vm {

struct Generator;

struct Frame {
  Code* code;              // owned
  Function* func;          // owned (null for module and class bodies run by exec)
  rt::Dict* globals;       // borrowed from func, or owned when func is null
  rt::Dict* builtins;      // borrowed (func or interpreter)
  rt::Object* locals;      // owned: the namespace of module/class bodies (a dict, or any mapping
                           // exec() was given); null for functions
  Frame* previous;         // the caller (or whoever resumed a generator)
  uint32_t* ip;            // next instruction (saved when the frame is not running)
  Value* sp;               // top of the value stack (saved when the frame is not running)
  int32_t lasti;           // index of the instruction being executed, for tracebacks
  bool is_entry;           // returning from it leaves the current eval_frame call
  bool in_arena;           // allocated in the thread's arena (else inside a generator)
  Generator* gen;          // the generator owning this frame, if any (borrowed)
  Value localsplus[];      // nlocalsplus slots, then stacksize slots of value stack

  Value* stack_base() { return localsplus + code->nlocalsplus(); }
  int line() const { return code->line_for(lasti); }
};

// Bytes of a frame for `code`, rounded to 16 (computed once, in code_finish).
inline size_t frame_size_for(const Code* code) {
  size_t bytes = sizeof(Frame) + sizeof(Value) * static_cast<size_t>(code->nlocalsplus() + code->stacksize);
  return (bytes + 15) & ~size_t{15};
}
inline size_t frame_size(const Code* code) { return code->frame_bytes; }

// The header of a frame in the thread's arena about to run `code` from its start: one
// place for every call path (alloc_frame, the eval loop's inline call). Takes a reference
// to code; func is the frame's reference (moved in by the caller, or null), globals and
// builtins as the caller owns them; no caller linked yet, an empty value stack. The
// locals are the caller's to fill.
inline void start_frame(Frame* f, Code* code, Function* func, rt::Dict* globals, rt::Dict* builtins) {
  rt::incref(code);
  f->code = code;
  f->func = func;
  f->globals = globals;
  f->builtins = builtins;
  f->locals = nullptr;
  f->previous = nullptr;
  f->ip = code->code.data();
  f->sp = f->localsplus + code->nlocalsplus();
  f->lasti = 0;
  f->is_entry = false;
  f->in_arena = true;
  f->gen = nullptr;
}

// The per-thread frame arena and the chain of running frames.
struct ThreadFrames {
  struct Chunk {
    char* base;
    size_t size;
  };
  std::vector<Chunk> chunks;
  std::vector<char*> saved_tops;  // per chunk: the previous chunk's top when it was entered
  size_t chunk_index = 0;
  char* top = nullptr;      // next free byte in chunks[chunk_index]
  char* limit = nullptr;
  char* chunk_start = nullptr;  // chunks[chunk_index].base, or null for the first chunk
  Frame* current = nullptr; // the innermost running frame

  // Pushing and popping are inline on the fast path (the current chunk has room / the
  // frame is not the first of a later chunk); crossing chunks is out of line. `bytes` is
  // frame_size(code), a multiple of 16. Null when no memory is left for a new chunk.
  Frame* push(size_t bytes) {
    if (top && top + bytes <= limit) {
      auto* f = reinterpret_cast<Frame*>(top);
      top += bytes;
      return f;
    }
    return push_slow(bytes);
  }
  void pop(Frame* f) {
    char* p = reinterpret_cast<char*>(f);
    if (p != chunk_start) {
      top = p;
      return;
    }
    pop_slow(f);
  }
  Frame* push_slow(size_t bytes);
  void pop_slow(Frame* f);

  // A greenlet's frame stack starts in memory its owner provides (runtime/fiber.h: the
  // arena beside its native stack), which it never frees; later chunks are malloc'ed.
  void adopt_first_chunk(char* base, size_t size);
  // Frees the chunks push_slow allocated. No frame may be live.
  void free_allocated_chunks();
};

// The running greenlet's frame stack (the thread's own unless a greenlet was switched to).
ThreadFrames& thread_frames();
// Frees the calling thread's frame arena; called as a thread ends, with no frame running.
void release_thread_frames();
// Makes `frames` the calling thread's frame stack and returns the one it replaces
// (a greenlet switch).
ThreadFrames* swap_thread_frames(ThreadFrames* frames);
// Releases what the frames of a greenlet that can never run again own (its thread ended):
// the arena frames on `frames`, innermost first, without running any code.
void release_abandoned_frames(rt::ThreadState* ts, ThreadFrames* frames);

}  // namespace gilpy::vm
