// runtime/fiber.h: native stacks and the jump between them, for stackful coroutines
// (stdlib/greenlet; DESIGN decision 10).
//
// A fiber is a native stack plus a saved register context (Boost.Context's fcontext: a
// jump saves the callee-saved registers on the current stack, swaps the stack pointer and
// returns on the other stack, about ten nanoseconds). This file owns the two halves:
//
// - FiberStackPool hands out stacks. Each is a slot [guard page | native stack | frame
//   arena] reserved with mmap(MAP_NORESERVE): the kernel commits a page when it is first
//   touched, so a suspended fiber costs the pages it used. The native stack grows down
//   from `top`, the fiber's Python frame arena (vm/frame.h) grows up from the same
//   address, which sits inside a page: a small fiber's deepest native frames and its first
//   Python frames share one page. Slots come 64 to a mapping (one mmap, not one a stack)
//   and a released slot goes back to a free list: the last few as they are, for the next
//   fiber to reuse at once, the rest after madvise(MADV_DONTNEED) gave their pages back.
// - fiber_make / fiber_jump start and switch contexts, telling AddressSanitizer and
//   ThreadSanitizer about each switch in sanitizer builds.
//
// Guard pages and the kernel's limit on mappings: a guard page splits its mapping, so a
// guarded stack costs two entries of the process's memory map, and Linux allows 65,530 by
// default (vm.max_map_count). Stacks get a guard page while a quarter of that limit is not
// used up by them; past it (tens of thousands of live fibers) they come without one. Stack
// overflow is caught before the guard page either way: ThreadState::stack_limit sits
// kFiberStackReserve above the bottom of the running fiber's stack, and natives that
// recurse raise RecursionError below it (runtime/abstract.h, NativeDepthGuard). The guard
// page turns a missed check into a clean SIGSEGV instead of a write into another stack.
//
// Everything here runs on one thread at a time: a pool belongs to one thread's greenlets
// and is used under the GIL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/context/detail/fcontext.hpp>

namespace gilpy::rt {

// Sanitizer builds have native frames several times larger: stack sizes (the defaults
// and what greenlet.stack_size asks for) are scaled by this, so that a greenlet holds as
// many calls there as in an ordinary build.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr size_t kFiberStackScale = 8;
#else
constexpr size_t kFiberStackScale = 1;
#endif
// Bytes left between ThreadState::stack_limit and the bottom of a stack: room for what
// natives do between two checks (a dealloc chain up to the collector's trashcan depth, 200
// generators freeing each other as a RecursionError unwinds, formatting a traceback).
constexpr size_t kFiberStackReserve = 64 * 1024 * kFiberStackScale;
// The default size of a fiber's native stack (before scaling). A Python call made from
// native code (an __init__, a key function, a dunder) costs about 1.2 KiB of it, so this
// holds some 370 such levels (CPython's limit counts those calls twice: about 500);
// Python-to-Python calls use none. Not larger, because the spacing of the stacks is what
// many fibers pay in page tables: the kernel needs a 4 KiB page-table page for each 2 MiB
// of address space that holds a touched page, and each fiber touches the top of its stack
// (100,000 fibers: about 110 MB of page tables at this size, 210 MB at 1 MiB).
constexpr size_t kDefaultFiberStackSize = 512 * 1024;
constexpr size_t kMinFiberStackSize = 128 * 1024;
// The first chunk of a fiber's frame arena, some 400 frames (push_slow allocates more).
// Kept small because the slots' spacing is what 100,000 fibers pay in page tables: the
// kernel needs a page-table page for each 2 MiB that holds a touched page.
constexpr size_t kFiberArenaSize = 64 * 1024;

struct FiberStack {
  char* low = nullptr;     // lowest usable byte of the native stack (above the guard page)
  char* top = nullptr;     // the native stack grows down from here, the frame arena up
  char* arena_end = nullptr;
  size_t slot_size = 0;    // which free list the slot returns to
  char* slot = nullptr;    // the slot's first byte (its guard page when guarded)
  size_t stack_size() const { return static_cast<size_t>(top - low); }
};

class FiberStackPool {
 public:
  FiberStackPool() = default;
  ~FiberStackPool();  // unmaps every mapping: all stacks must have been released
  FiberStackPool(const FiberStackPool&) = delete;
  FiberStackPool& operator=(const FiberStackPool&) = delete;

  // A stack of at least `stack_size` bytes (scaled by kFiberStackScale, rounded up to
  // pages). False when the address space is exhausted.
  bool acquire(size_t stack_size, FiberStack* out);
  void release(const FiberStack& stack);

 private:
  struct SizeClass {
    size_t slot_size;            // guard page + stack + arena, a multiple of the page size
    size_t stack_size;
    std::vector<char*> warm;     // released slots whose pages are still committed, newest last
    std::vector<char*> cold;     // released slots whose pages were given back
    char* next_fresh = nullptr;  // the next never-used slot of the newest mapping
    char* fresh_end = nullptr;
  };
  SizeClass& size_class(size_t stack_size);
  FiberStack describe(const SizeClass& c, char* slot) const;

  std::vector<SizeClass> classes_;
  struct Mapping {
    char* base;
    size_t size;
    int64_t guarded;  // slots of it given a guard page
  };
  std::vector<Mapping> mappings_;
};

// ---- contexts ------------------------------------------------------------------------------

using FiberContext = void*;  // a suspended context (fcontext_t), valid until jumped to once

struct FiberTransfer {
  FiberContext from;  // the context that jumped here: where to resume it later
  void* data;         // what it passed
};

// What the sanitizers need to know about one fiber; empty in ordinary builds.
struct FiberSanitizerState {
#if defined(__SANITIZE_ADDRESS__)
  void* fake_stack = nullptr;          // ASan's fake stack of the fiber while it is switched out
  const void* stack_bottom = nullptr;  // its stack's lowest address and size
  size_t stack_size = 0;
#endif
#if defined(__SANITIZE_THREAD__)
  void* tsan_fiber = nullptr;
#endif
};

// A context that runs `entry` on `stack` when first jumped to; `entry` must never return
// (it ends with a jump away that passes `exiting`). Fills *san for the new fiber.
FiberContext fiber_make(const FiberStack& stack, void (*entry)(FiberTransfer), FiberSanitizerState* san);
// The sanitizer state of the calling thread's own stack (its first fiber).
void fiber_adopt_thread_stack(FiberSanitizerState* san, char* stack_low, size_t stack_size);
// Jumps from the running fiber (`self`) to `to`; returns when something jumps back. With
// `exiting`, the running fiber is never resumed (its fake stack is dropped).
inline FiberTransfer fiber_jump(FiberContext to, void* data, FiberSanitizerState* self,
                                FiberSanitizerState* to_san, bool exiting);
// The first thing a fiber's entry function does.
void fiber_entered(FiberSanitizerState* self);
// Forgets a fiber that ended (after jumping away from it for good).
void fiber_destroyed(FiberSanitizerState* san);

// Leak checking: LeakSanitizer scans the stack each thread runs on, never the stack of a
// fiber switched out nor memory it did not allocate (the pool's mmap'ed slots), so what
// only a suspended fiber points to would be reported as leaked. This copies the words of
// [low, high) where the leak check scans them (a heap block a global points to); called
// at exit, for each suspended fiber's used stack and frame arena. A no-op but in
// AddressSanitizer builds.
void fiber_expose_to_leak_check(const void* low, const void* high);

// The calling thread's stack: its lowest address and size (pthread_getattr_np).
void thread_stack_bounds(char** low, size_t* size);

// ---- the jump ------------------------------------------------------------------------------

// Sanitizer builds: the jump between the sanitizers' start/finish-switch annotations.
FiberTransfer fiber_jump_annotated(FiberContext to, void* data, FiberSanitizerState* self,
                                   FiberSanitizerState* to_san, bool exiting);

inline FiberTransfer fiber_jump(FiberContext to, void* data, FiberSanitizerState* self,
                                FiberSanitizerState* to_san, bool exiting) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return fiber_jump_annotated(to, data, self, to_san, exiting);
#elif defined(__x86_64__)
  // jump_fcontext ends with `pop %r8; jmp *%r8`, not `ret`. Entered by a `call`, it would
  // leave the CPU's return-stack predictor one entry out of step, and every return on the
  // other side of the switch, up to the eval loop, would be mispredicted (measured: about
  // 40 ns a switch). Entered by a jmp, with the return address pushed by hand, the
  // predictor stays in step: both sides of a switch return along the same call sites.
  // The pushes step over the red zone of the function this is inlined into. The registers
  // the callee may clobber by the ABI are clobbered; jump_fcontext keeps the others.
  (void)self, (void)to_san, (void)exiting;
  register void* to_reg asm("rdi") = to;
  register void* data_reg asm("rsi") = data;
  void* from_context;
  void* passed;
  asm volatile(
      "subq $128, %%rsp\n\t"
      "leaq 1f(%%rip), %%rax\n\t"
      "pushq %%rax\n\t"
      "jmp jump_fcontext@PLT\n"
      "1:\n\t"
      "addq $128, %%rsp\n\t"
      : "=a"(from_context), "=d"(passed), "+D"(to_reg), "+S"(data_reg)
      :
      : "rcx", "r8", "r9", "r10", "r11", "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
        "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "st",
        "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
  return {from_context, passed};
#else
  (void)self, (void)to_san, (void)exiting;
  boost::context::detail::transfer_t t = boost::context::detail::jump_fcontext(to, data);
  return {t.fctx, t.data};
#endif
}

}  // namespace gilpy::rt
