// runtime/gc.cpp: the allocation funnel (size-class pools) and the cycle collector.
// The algorithm is described in runtime/gc.h. Everything here runs with the GIL held,
// which is what makes the plain counters and lists safe.
#include "runtime/gc.h"
#include "runtime/weakref.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "runtime/errors.h"
#include "runtime/thread_state.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

bool gc_collection_requested = false;
void (*gc_request_hook)() = nullptr;

namespace {

// ---- size-class pools ---------------------------------------------------------------
// Blocks up to kMaxPooled bytes come from pools, as CPython's pymalloc: a pool is 16 KiB
// (aligned, so a block finds its pool by masking its address) holding blocks of one size
// class, with its own free list. Allocation takes from the first pool of the class that
// has room, so consecutive allocations land close together even after a program freed
// objects in a scrambled order (a sort, a dict rebuilt): one global free list per class
// would hand out blocks from all over the heap, a cache and TLB miss each. A pool whose
// blocks are all free goes back to a list of empty pools, for any class. Pools are carved
// from 1 MiB arenas that are never returned (as the chunks before them). Sanitizer
// builds use malloc directly so that use-after-free is caught.
constexpr size_t kGranule = 16;
constexpr size_t kMaxPooled = 512;
constexpr size_t kClasses = kMaxPooled / kGranule;
constexpr size_t kPoolSize = 16 * 1024;
constexpr size_t kArenaSize = 1024 * 1024;

#ifndef GILPY_SANITIZER_BUILD  // (sanitizer builds allocate with malloc)
struct FreeBlock {
  FreeBlock* next;
};

struct Pool {
  FreeBlock* free;   // blocks freed since the pool was set up
  char* bump;        // [bump, limit): blocks never handed out
  char* limit;       // the end of the last whole block
  Pool* next;        // in its class's usable list, or the empty list
  Pool* prev;
  uint32_t used;     // blocks handed out
  uint32_t cls;
  bool has_room() const { return free || bump < limit; }
};
constexpr size_t kPoolHeader = (sizeof(Pool) + kGranule - 1) / kGranule * kGranule;

struct Pools {
  Pool* usable[kClasses + 1] = {};  // pools of each class with a free block
  Pool* empty = nullptr;            // pools with no block in use
  char* arena_next = nullptr;       // the pools of the newest arena not handed out yet
  char* arena_end = nullptr;
};
Pools pools;

inline size_t size_class(size_t size) { return (size + kGranule - 1) / kGranule; }
inline Pool* pool_of(void* block) {
  return reinterpret_cast<Pool*>(reinterpret_cast<uintptr_t>(block) & ~(kPoolSize - 1));
}

void unlink_usable(Pool* p) {
  if (p->prev) p->prev->next = p->next;
  else pools.usable[p->cls] = p->next;
  if (p->next) p->next->prev = p->prev;
}

void link_usable(Pool* p) {
  p->prev = nullptr;
  p->next = pools.usable[p->cls];
  if (p->next) p->next->prev = p;
  pools.usable[p->cls] = p;
}

// A pool for class `cls`: an empty one, else the next of the arena, else a new arena.
[[gnu::noinline]] Pool* new_pool(size_t cls) {
  Pool* p = pools.empty;
  if (p) {
    pools.empty = p->next;
  } else {
    if (pools.arena_next == pools.arena_end) {
      void* arena = std::aligned_alloc(kPoolSize, kArenaSize);
      if (!arena) throw std::bad_alloc();
      pools.arena_next = static_cast<char*>(arena);
      pools.arena_end = pools.arena_next + kArenaSize;
    }
    p = reinterpret_cast<Pool*>(pools.arena_next);
    pools.arena_next += kPoolSize;
  }
  size_t block = cls * kGranule;
  p->free = nullptr;
  p->bump = reinterpret_cast<char*>(p) + kPoolHeader;
  p->limit = p->bump + (kPoolSize - kPoolHeader) / block * block;
  p->used = 0;
  p->cls = uint32_t(cls);
  link_usable(p);
  return p;
}

inline void* pool_alloc(size_t cls) {
  Pool* p = pools.usable[cls];
  if (__builtin_expect(!p, 0)) p = new_pool(cls);
  void* b;
  if (FreeBlock* f = p->free) {
    p->free = f->next;
    b = f;
  } else {
    b = p->bump;
    p->bump += cls * kGranule;
  }
  ++p->used;
  if (!p->has_room()) unlink_usable(p);
  return b;
}

inline void pool_free(void* block) {
  Pool* p = pool_of(block);
  bool was_full = !p->has_room();
  auto* b = static_cast<FreeBlock*>(block);
  b->next = p->free;
  p->free = b;
  if (--p->used == 0) {
    // Keep the class's only usable pool: a program that allocates and frees one block in
    // a loop would otherwise set a pool up each time.
    if (!was_full && pools.usable[p->cls] == p && !p->next) return;
    if (!was_full) unlink_usable(p);
    p->next = pools.empty;
    pools.empty = p;
  } else if (was_full) {
    link_usable(p);
  }
}
#endif

// ---- the collector's state -----------------------------------------------------------
constexpr int kGenerations = kGcGenerations;
constexpr uint32_t kFlagCollecting = 1;  // in the set being collected
constexpr uint32_t kFlagTentative = 2;   // moved to the unreachable list, not proven reachable yet
constexpr uint32_t kFlagFinalized = 4;   // its finalizer has run (runs at most once)
constexpr uint32_t kFlagHasWeakrefs = 8; // runtime/weakref.cpp's: weak references point to it
constexpr uint32_t kFlagsKept = kFlagFinalized | kFlagHasWeakrefs;  // what a collection leaves alone

struct Generation {
  GcLink head;        // circular list sentinel
  int64_t count = 0;  // allocations (gen 0) or collections of the younger gen
  int64_t threshold;
  GcGenerationStats stats;
};

struct Collector {
  Generation gens[kGenerations];
  GcLink permanent;  // tracked, never collected (gc_make_permanent)
  // CPython's guard against quadratic behaviour when a program builds a large heap: a
  // full collection also waits until the objects promoted to the oldest generation since
  // the last one (long_lived_pending) exceed a quarter of those that survived it.
  int64_t long_lived_total = 0;
  int64_t long_lived_pending = 0;
  bool enabled = true;
  bool collecting = false;
  Collector() {
    int64_t thresholds[kGenerations] = {700, 10, 10};
    for (int i = 0; i < kGenerations; ++i) {
      gens[i].head.next = gens[i].head.prev = &gens[i].head;
      gens[i].threshold = thresholds[i];
    }
    permanent.next = permanent.prev = &permanent;
  }
};
Collector collector;

inline void list_init(GcLink* head) { head->next = head->prev = head; }
inline bool list_empty(GcLink* head) { return head->next == head; }
inline void list_remove(GcLink* g) {
  g->prev->next = g->next;
  g->next->prev = g->prev;
  g->next = g->prev = nullptr;
}
inline void list_append(GcLink* head, GcLink* g) {
  g->prev = head->prev;
  g->next = head;
  head->prev->next = g;
  head->prev = g;
}
// Moves every node of `from` to the end of `to`.
void list_merge(GcLink* from, GcLink* to) {
  if (list_empty(from)) return;
  GcLink* first = from->next;
  GcLink* last = from->prev;
  first->prev = to->prev;
  to->prev->next = first;
  last->next = to;
  to->prev = last;
  list_init(from);
}

// ---- deferred deallocation (CPython's "trashcan") -------------------------------------
// Freeing a deeply nested structure recurses through dealloc slots; past kMaxDeallocDepth
// the objects wait in a list and are freed once the outermost dealloc returns.
constexpr int kMaxDeallocDepth = 200;
int dealloc_depth = 0;
std::vector<Object*> deferred_deallocs;

}  // namespace

void* mem_alloc(size_t size) {
#ifndef GILPY_SANITIZER_BUILD
  if (size <= kMaxPooled) return pool_alloc(size_class(size == 0 ? 1 : size));
#endif
  void* p = std::malloc(size == 0 ? 1 : size);
  if (!p) throw std::bad_alloc();
  return p;
}

void mem_free(void* p, size_t size) {
  if (!p) return;
#ifndef GILPY_SANITIZER_BUILD
  if (size <= kMaxPooled) {
    pool_free(p);
    return;
  }
#endif
  std::free(p);
}

void* mem_realloc(void* p, size_t old_size, size_t new_size) {
#ifndef GILPY_SANITIZER_BUILD
  if (old_size > kMaxPooled && new_size > kMaxPooled) {
    void* q = std::realloc(p, new_size);
    if (!q) throw std::bad_alloc();
    return q;
  }
  if (p && size_class(old_size == 0 ? 1 : old_size) == size_class(new_size == 0 ? 1 : new_size) &&
      old_size <= kMaxPooled && new_size <= kMaxPooled)
    return p;
  void* q = mem_alloc(new_size);
  if (p) {
    std::memcpy(q, p, old_size < new_size ? old_size : new_size);
    mem_free(p, old_size);
  }
  return q;
#else
  (void)old_size;
  void* q = std::realloc(p, new_size == 0 ? 1 : new_size);
  if (!q) throw std::bad_alloc();
  return q;
#endif
}

// Zeroes a new object. For the usual few words a plain loop: a memset of a variable size
// compiles to `rep stos`, whose start-up cost dominated small allocations (gc.cpp is
// built with -fno-tree-loop-distribute-patterns so that the loop stays a loop).
static inline void zero_block(void* p, size_t bytes) {
  if (bytes > 256) {
    std::memset(p, 0, bytes);
    return;
  }
  auto* words = static_cast<uint64_t*>(p);
  size_t n = bytes / 8;
  for (size_t i = 0; i < n; ++i) words[i] = 0;
  auto* tail = reinterpret_cast<unsigned char*>(words + n);
  for (size_t i = 0; i < bytes % 8; ++i) tail[i] = 0;
}

Object* alloc_object(Type* type, size_t size) {
  Object* o;
  if (type->flags & kTypeGc) {
    size_t total = sizeof(GcLink) + size;
    auto* g = static_cast<GcLink*>(mem_alloc(total));
    zero_block(g, total);
    list_append(&collector.gens[0].head, g);
    o = object_of(g);
    Generation& young = collector.gens[0];
    if (++young.count > young.threshold && young.threshold > 0 && collector.enabled && !collector.collecting &&
        !gc_collection_requested) {
      gc_collection_requested = true;
      if (gc_request_hook) gc_request_hook();
    }
  } else {
    o = static_cast<Object*>(mem_alloc(size));
    zero_block(o, size);
  }
  o->refcnt = 1;
  // Capped: past 4 GiB all that matters to mem_free is that the block was not pooled.
  o->alloc_size = size > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(size);
  o->type = type;
  if (type->flags & kTypeHeap) incref(type);
  return o;
}

void gc_track(Object* o) {
  GcLink* g = gc_link_of(o);
  if (!g->next) list_append(&collector.gens[0].head, g);
}

void gc_untrack(Object* o) {
  GcLink* g = gc_link_of(o);
  if (g->next) list_remove(g);
}

void gc_for_each_tracked(void (*fn)(Object* o, void* ctx), void* ctx) {
  auto walk = [&](GcLink* head) {
    for (GcLink* g = head->next; g != head; g = g->next) fn(object_of(g), ctx);
  };
  for (Generation& gen : collector.gens) walk(&gen.head);
  walk(&collector.permanent);
}

void gc_make_permanent() {
  for (Generation& gen : collector.gens) {
    list_merge(&gen.head, &collector.permanent);
    gen.count = 0;
  }
}

bool gc_is_tracked(Object* o) {
  return (o->type->flags & kTypeGc) && o->alloc_size != 0 && gc_link_of(o)->next != nullptr;
}

void free_object(Object* o) {
  Type* type = o->type;
  size_t size = o->alloc_size;
  if (type->flags & kTypeGc) {
    GcLink* g = gc_link_of(o);
    if (g->next) list_remove(g);
    if (collector.gens[0].count > 0) --collector.gens[0].count;
    mem_free(g, sizeof(GcLink) + size);
  } else {
    mem_free(o, size);
  }
  if (type->flags & kTypeHeap) decref(type);
}

// A collectable object's dealloc, after its weak references are cleared (a heap type's
// instance clears them itself, after __del__ as CPython's subtype_dealloc does).
static void run_dealloc(Object* o) {
  if (!(o->type->flags & kTypeHeap) && has_weakrefs(o)) clear_weakrefs(o);
  o->type->dealloc(o);
}

void dealloc(Object* o) {
  // Objects that hold no collectable references (floats, strs, ints) cannot start a
  // deep chain of deallocations: free them without the depth bookkeeping.
  if (!(o->type->flags & kTypeGc)) {
    o->type->dealloc(o);
    return;
  }
  if (dealloc_depth >= kMaxDeallocDepth) {
    try {
      deferred_deallocs.push_back(o);
      return;
    } catch (const std::bad_alloc&) {
      // No room to defer it: free it now, one level deeper (dealloc runs inside
      // destructors, which must not throw).
    }
  }
  ++dealloc_depth;
  run_dealloc(o);
  --dealloc_depth;
  if (dealloc_depth == 0) {
    while (!deferred_deallocs.empty()) {
      Object* next = deferred_deallocs.back();
      deferred_deallocs.pop_back();
      ++dealloc_depth;
      run_dealloc(next);
      --dealloc_depth;
    }
  }
}

// ---- the collection ---------------------------------------------------------------------
namespace {

inline bool in_collected_set(Value v) {
  if (!v.is_obj()) return false;
  Object* o = v.obj();
  if (!(o->type->flags & kTypeGc)) return false;
  // Statically allocated objects (built-in types, alloc_size 0) have no GcLink before them.
  if (o->alloc_size == 0) return false;
  GcLink* g = gc_link_of(o);
  return g->next && (g->gc_flags & kFlagCollecting);
}

void visit_subtract(Value v, void*) {
  if (in_collected_set(v)) {
    GcLink* g = gc_link_of(v.obj());
    if (g->gc_refs > 0) --g->gc_refs;
  }
}

// A referent of an object proven reachable is reachable too: one still ahead in the
// young list gets a count of 1 (it is then kept when the pass reaches it); one already
// moved to the tentatively unreachable list goes back to the end of the young list, to be
// scanned again.
void visit_reachable(Value v, void* ctx) {
  if (!in_collected_set(v)) return;
  GcLink* g = gc_link_of(v.obj());
  if (g->gc_flags & kFlagTentative) {
    g->gc_flags &= ~kFlagTentative;
    list_remove(g);
    list_append(static_cast<GcLink*>(ctx), g);
    g->gc_refs = 1;
  } else if (g->gc_refs == 0) {
    g->gc_refs = 1;
  }
}

// Splits `young` into reachable (left in young) and unreachable (moved to `unreachable`),
// in three passes over the list as CPython's: copy the counts, subtract the references
// from inside the set, then one pass that keeps what is referenced from outside (and,
// through visit_reachable, what that references) and moves the rest out. The heap is
// mostly reachable, and each pass over it costs a cache miss per object. Returns the
// number of reachable objects.
//
// An object whose count is 0 is being deallocated: a __del__ that runs during its
// dealloc (or during the drain of deferred deallocations) started this collection. Its
// fields may already point at freed objects, so it is neither traversed nor collected:
// the first pass moves it to `dying`, and what it still references counts as referenced
// from outside. Its dealloc, once resumed, frees it.
int64_t partition_unreachable(GcLink* young, GcLink* unreachable, GcLink* dying) {
  int64_t reachable = 0;
  for (GcLink* g = young->next; g != young;) {
    GcLink* next = g->next;
    if (object_of(g)->refcnt == 0) {
      list_remove(g);
      list_append(dying, g);
    } else {
      g->gc_flags = (g->gc_flags & kFlagsKept) | kFlagCollecting;
      g->gc_refs = object_of(g)->refcnt;
    }
    g = next;
  }
  for (GcLink* g = young->next; g != young; g = g->next) {
    __builtin_prefetch(g->next);  // the list is a pointer chase: overlap the next miss with this work
    Object* o = object_of(g);
    if (o->type->traverse) o->type->traverse(o, visit_subtract, nullptr);
  }
  for (GcLink* g = young->next; g != young;) {
    __builtin_prefetch(g->next);
    GcLink* next;
    if (g->gc_refs > 0) {
      Object* o = object_of(g);
      if (o->type->traverse) o->type->traverse(o, visit_reachable, young);
      next = g->next;  // after the traversal: referents it moved back follow the tail
      g->gc_flags &= kFlagsKept;  // proven reachable: out of the collected set
      ++reachable;
    } else {
      next = g->next;
      list_remove(g);
      list_append(unreachable, g);
      g->gc_flags |= kFlagTentative;
    }
    g = next;
  }
  for (GcLink* g = unreachable->next; g != unreachable; g = g->next) g->gc_flags &= ~kFlagTentative;
  return reachable;
}

// CPython's untrack_tuples: a surviving tuple that holds nothing the collector tracks
// (numbers, strings, other such tuples) can never be part of a cycle, so it leaves the
// collector's lists and later collections skip it. gc.is_tracked() then says False for
// it, as CPython's does. Returns how many it untracked.
static int64_t untrack_atomic_tuples(GcLink* survivors) {
  int64_t untracked = 0;
  for (GcLink* g = survivors->next; g != survivors;) {
    GcLink* next = g->next;
    Object* o = object_of(g);
    if (o->type == &TupleType) {
      auto* t = static_cast<Tuple*>(o);
      bool atomic = true;
      for (int64_t i = 0; i < t->size && atomic; ++i) {
        Value v = t->items[i];
        if (v.is_null()) atomic = false;  // not fully built yet
        else if (v.is_obj() && (v.obj()->type->flags & kTypeGc))
          atomic = v.obj()->type == &TupleType && gc_link_of(v.obj())->next == nullptr;
      }
      if (atomic) {
        list_remove(g);
        ++untracked;
      }
    }
    g = next;
  }
  return untracked;
}

int64_t collect_generation(int gen) {
  collector.collecting = true;
  if (gc_callback_hook) {
    Ref saved = fetch_error();  // a collection can run mid-raise
    gc_callback_hook(true, gen, 0, 0);
    if (saved) restore_error(std::move(saved));
  }
  GcLink young;
  list_init(&young);
  for (int i = 0; i <= gen; ++i) {
    list_merge(&collector.gens[i].head, &young);
    collector.gens[i].count = 0;
  }
  if (gen + 1 < kGenerations) ++collector.gens[gen + 1].count;
  GcLink* older = &collector.gens[gen + 1 < kGenerations ? gen + 1 : gen].head;

  GcLink unreachable, dying;
  list_init(&unreachable);
  list_init(&dying);
  int64_t survivors = partition_unreachable(&young, &unreachable, &dying);
  list_merge(&dying, older);
  // As CPython's, the survivors the long-lived heuristics count exclude the tuples
  // untracked now: they will never be traversed again.
  survivors -= untrack_atomic_tuples(&young);
  if (gen >= kGenerations - 2) {
    if (gen == kGenerations - 1) {
      collector.long_lived_total = survivors;
      collector.long_lived_pending = 0;
    } else {
      collector.long_lived_pending += survivors;
    }
  }
  list_merge(&young, older);

  int64_t found = 0;
  for (GcLink* g = unreachable.next; g != &unreachable; g = g->next) ++found;

  // Finalizers (__del__, generator close) run once per object; they may resurrect.
  // The pending exception is saved around them: a collection can run mid-raise.
  // The lists being collected live on this stack frame: no C++ exception may leave it.
  // Without room for the list of finalizers, the garbage waits for the next collection.
  std::vector<Ref> finalizing;
  try {
    finalizing.reserve(size_t(found));
  } catch (const std::bad_alloc&) {
    for (GcLink* g = unreachable.next; g != &unreachable; g = g->next) g->gc_flags &= kFlagsKept;
    list_merge(&unreachable, older);
    collector.collecting = false;
    return 0;
  }
  Ref saved = fetch_error();
  // Weak references to the garbage are cleared before any finalizer runs, and their
  // callbacks run, except for references that are garbage themselves (CPython's
  // handle_weakrefs).
  for (GcLink* g = unreachable.next; g != &unreachable; g = g->next) {
    Object* o = object_of(g);
    if (has_weakrefs(o))
      clear_weakrefs(o, [](Object* ref) { return (gc_link_of(ref)->gc_flags & kFlagCollecting) != 0; });
  }
  bool ran_finalizer = false;
  for (GcLink* g = unreachable.next; g != &unreachable; g = g->next) {
    Object* o = object_of(g);
    // (A count of 0: a weakref callback above dropped the last reference, and the object
    // is being deallocated, or waits in the deferred list; see the cycle breaking below.)
    if (o->type->finalize && !(g->gc_flags & kFlagFinalized) && o->refcnt > 0) {
      g->gc_flags |= kFlagFinalized;
      finalizing.push_back(Ref::borrow(o));
    }
  }
  for (Ref& r : finalizing) {
    Object* o = r.get().obj();
    try {
      o->type->finalize(o);
    } catch (const std::bad_alloc&) {
      // A native finalizer out of memory: as for any error a finalizer raises, go on.
    }
    if (error_pending()) write_unraisable(Value::from_obj(o));  // (__del__ reports its own)
    ran_finalizer = true;
  }
  if (ran_finalizer) {
    // Objects a finalizer made reachable again survive: recompute over the garbage set
    // while `finalizing` still holds them (its references count as external, so
    // subtract them first by dropping the refs after marking).
    GcLink again;
    list_init(&again);
    list_merge(&unreachable, &again);
    finalizing.clear();
    partition_unreachable(&again, &unreachable, &dying);
    list_merge(&again, older);
    list_merge(&dying, older);
  }

  // Break the cycles: clear each garbage object; reference counting frees the rest.
  // An object whose count has fallen to 0 meanwhile is being deallocated already: when
  // this collection runs inside a deallocation (a __del__), clearing one garbage object
  // can start a chain deep enough that its tail waits in the deferred list, still
  // tracked. The drain of that list frees it; clearing it here would free it twice.
  while (!list_empty(&unreachable)) {
    GcLink* g = unreachable.next;
    Object* o = object_of(g);
    list_remove(g);
    list_append(older, g);  // if it survives clearing, it lives on in the older generation
    if (o->refcnt == 0) continue;
    incref(o);
    if (o->type->clear) o->type->clear(o);
    decref(o);
  }
  GcGenerationStats& stats = collector.gens[gen].stats;
  stats.collections++;
  stats.collected += found;
  if (gc_callback_hook) gc_callback_hook(false, gen, found, 0);
  if (saved) restore_error(std::move(saved));
  collector.collecting = false;
  return found;
}

}  // namespace

int64_t gc_collect() { return gc_collect_generation(kGenerations - 1); }

int64_t gc_collect_generation(int generation) {
  if (collector.collecting) return 0;
  gc_collection_requested = false;
  return collect_generation(generation);
}

void (*gc_callback_hook)(bool starting, int generation, int64_t collected, int64_t uncollectable) = nullptr;

int64_t gc_threshold(int generation) { return collector.gens[generation].threshold; }
void gc_set_threshold(int generation, int64_t threshold) { collector.gens[generation].threshold = threshold; }
int64_t gc_count(int generation) { return collector.gens[generation].count; }
GcGenerationStats gc_generation_stats(int generation) { return collector.gens[generation].stats; }

void gc_collect_if_needed() {
  gc_collection_requested = false;
  if (!collector.enabled || collector.collecting) return;
  int gen = 0;
  for (int i = kGenerations - 1; i >= 0; --i) {
    if (collector.gens[i].count > collector.gens[i].threshold) {
      if (i == kGenerations - 1 && collector.long_lived_pending < collector.long_lived_total / 4) continue;
      gen = i;
      break;
    }
  }
  collect_generation(gen);
}

bool gc_enabled() { return collector.enabled; }
void gc_set_enabled(bool on) { collector.enabled = on; }

void gc_forget_tracked_for_leak_check() {
  auto forget = [](GcLink* head) {
    GcLink* g = head->next;
    while (g != head) {
      GcLink* next = g->next;
      g->next = g->prev = nullptr;  // untracked, as free_object and gc_track expect
      g = next;
    }
    list_init(head);
  };
  for (Generation& gen : collector.gens) forget(&gen.head);
  forget(&collector.permanent);
}

void init_gc() {}

}  // namespace gilpy::rt
