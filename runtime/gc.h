// runtime/gc.h: the allocation funnel and the cycle collector.
//
// Every heap object is allocated here (STYLE convention 7). Small blocks come from
// size-class pools (16 KiB pools of fixed-size blocks with their own free lists, as
// CPython's pymalloc) so that the churn of floats, frames and small tuples costs a
// pointer pop and stays local; large blocks go to malloc. Objects whose type has kTypeGc get a GcLink prefix and join the youngest
// generation list at allocation.
//
// The collector is CPython's: for every object in the generations being collected, copy
// its count to gc_refs, subtract the references that come from other objects in the set
// (via each type's traverse slot), and what still has gc_refs > 0 is reachable from
// outside; everything reachable from those survives, the rest is cyclic garbage. Garbage
// first has its finalizers (__del__) run once; objects that a finalizer resurrected
// survive; the rest are broken apart with their type's clear slot, and reference
// counting frees them. Collection runs only at safepoints: allocation past the
// threshold sets a request in the eval breaker (vm/), and gc.collect() runs it directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

// Allocates a zeroed object of `size` bytes (including its Object header) with refcount
// 1 and type `type`; objects of kTypeGc types are tracked at once (their traverse must
// tolerate null fields). Never returns null: out of memory, it throws std::bad_alloc,
// which the eval loop turns into MemoryError (nothing of the heap has changed by then).
Object* alloc_object(Type* type, size_t size);
template <class T>
T* alloc(Type* type, size_t size = sizeof(T)) {
  return static_cast<T*>(alloc_object(type, size));
}
// The bytes of a variable-sized object: `header`, then n items of item_size. A size no
// allocation can satisfy (past 2**62 bytes, where the arithmetic would wrap) is a failed
// allocation: std::bad_alloc, so MemoryError, as CPython's PyObject_NewVar.
inline size_t var_object_size(size_t header, int64_t n, size_t item_size) {
  constexpr size_t kMaxAllocation = size_t{1} << 62;
  size_t items;
  if (n < 0 || __builtin_mul_overflow(size_t(n), item_size, &items) || items > kMaxAllocation - header)
    throw std::bad_alloc();
  return header + items;
}
// Frees the memory of an object whose fields were already released (dealloc slots call
// this last). Untracks it first if tracked.
void free_object(Object* o);

// Raw memory from the same pools (for item arrays, frames, ...); std::bad_alloc when
// there is none.
void* mem_alloc(size_t size);
void* mem_realloc(void* p, size_t old_size, size_t new_size);
void mem_free(void* p, size_t size);

// A block of raw memory owned until release(): freed if something allocated after it
// throws std::bad_alloc (a MemoryError), so an object built from several blocks loses
// none of them when there is no room for the last.
class OwnedBlock {
 public:
  explicit OwnedBlock(size_t size) : block_(size ? mem_alloc(size) : nullptr), size_(size) {}
  ~OwnedBlock() { mem_free(block_, size_); }
  OwnedBlock(const OwnedBlock&) = delete;
  OwnedBlock& operator=(const OwnedBlock&) = delete;
  template <class T>
  T* get() const { return static_cast<T*>(block_); }
  template <class T>
  T* release() { return static_cast<T*>(std::exchange(block_, nullptr)); }

 private:
  void* block_;
  size_t size_;
};

void gc_untrack(Object* o);
// Tracks again an object of a GC type that the collector untracked (a tuple it found
// atomic, reused for items that may not be).
void gc_track(Object* o);
bool gc_is_tracked(Object* o);
// Calls fn(o, ctx) for every object the collector tracks, in no particular order. fn must
// neither allocate nor free objects (the generation lists are walked as they are).
void gc_for_each_tracked(void (*fn)(Object* o, void* ctx), void* ctx);
// Every object tracked now stays tracked but leaves the generations for good: no
// collection walks it again (CPython's gc.freeze(), for the interpreter's own use). What
// it references counts, for the collector, as referenced from outside; so it must not be
// garbage, ever: the interpreter calls it once start-up has built the built-in modules
// and the types' dicts and MROs, which live until exit (cli/embed.cpp).
void gc_make_permanent();
// Leak checking (the command line calls it at exit in AddressSanitizer builds): unlinks
// every tracked object from the generation lists. Linked, each object points to its
// neighbours, so LeakSanitizer would find every collectable object reachable from the
// lists' heads and never report one; unlinked, what no live object or root points to, a
// reference-counting leak or uncollected garbage, is reported. Nothing may collect after.
void gc_forget_tracked_for_leak_check();

// Runs a full collection now (gc.collect()); returns the number of unreachable objects.
int64_t gc_collect();
// Collects generations 0..`generation` (gc.collect(generation)), the same way.
int64_t gc_collect_generation(int generation);

// The three generations as CPython's gc module shows them: thresholds (gc.set_threshold;
// 0 for generation 0 turns automatic collection off), counts (gc.get_count: allocations
// minus deallocations for generation 0, collections of the younger generation for the
// others) and what each generation's collections did (gc.get_stats).
constexpr int kGcGenerations = 3;
struct GcGenerationStats {
  int64_t collections = 0;
  int64_t collected = 0;
  int64_t uncollectable = 0;
};
int64_t gc_threshold(int generation);
void gc_set_threshold(int generation, int64_t threshold);
int64_t gc_count(int generation);
GcGenerationStats gc_generation_stats(int generation);
// Called as each collection starts and stops, with the collector's own state consistent
// (gc.callbacks: stdlib/gc_module.cpp sets it). May be null.
extern void (*gc_callback_hook)(bool starting, int generation, int64_t collected, int64_t uncollectable);
// Runs the collection the allocation threshold asked for (called at eval-loop safepoints).
void gc_collect_if_needed();
bool gc_enabled();
void gc_set_enabled(bool on);
// Set by the allocator when a collection is due; the VM polls it via the eval breaker.
extern bool gc_collection_requested;
// Hook the VM installs so that a collection request reaches the running thread's eval
// breaker. May be null.
extern void (*gc_request_hook)();
// Extra roots the collector must not free even if they look unreachable: none are
// needed by the algorithm (it is based on counts), but the VM registers a callback to
// visit frames that hold borrowed references, if any.

void init_gc();

}  // namespace gilpy::rt
