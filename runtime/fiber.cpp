// runtime/fiber.cpp: the fiber stack pool and the context jump (see fiber.h).
#include "runtime/fiber.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace gilpy::rt {

namespace ctx = boost::context::detail;

namespace {

constexpr size_t kSlotsPerMapping = 64;
// Released slots kept with their pages committed, for the next fiber to start on at once.
constexpr size_t kWarmSlots = 16;
// Where `top` sits in its page: the native stack gets the 3 KiB below it, the frame arena
// the 1 KiB above, so that a fiber suspended in a shallow call touches a single page.
constexpr size_t kTopOffsetInPage = 3072;

size_t page_size() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

// Guarded slots in the whole process: each costs two entries of the kernel's map of this
// process, whose length is limited (see fiber.h). Process-wide because the limit is.
std::atomic<int64_t> guarded_slots{0};

int64_t guarded_slot_budget() {
  static const int64_t budget = [] {
    int64_t max_map_count = 65530;
    if (FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
      long long v = 0;
      if (std::fscanf(f, "%lld", &v) == 1 && v > 0) max_map_count = v;
      std::fclose(f);
    }
    return max_map_count / 8;  // two entries a slot: a quarter of the map
  }();
  return budget;
}

}  // namespace

FiberStackPool::~FiberStackPool() {
  for (const Mapping& m : mappings_) {
    munmap(m.base, m.size);
    guarded_slots.fetch_sub(m.guarded);
  }
}

FiberStackPool::SizeClass& FiberStackPool::size_class(size_t stack_size) {
  for (SizeClass& c : classes_)
    if (c.stack_size == stack_size) return c;
  SizeClass c;
  c.stack_size = stack_size;
  c.slot_size = round_up(page_size() + stack_size + kTopOffsetInPage + kFiberArenaSize, page_size());
  classes_.push_back(std::move(c));
  return classes_.back();
}

FiberStack FiberStackPool::describe(const SizeClass& c, char* slot) const {
  FiberStack s;
  s.slot = slot;
  s.slot_size = c.slot_size;
  s.low = slot + page_size();
  s.top = s.low + c.stack_size + kTopOffsetInPage;
  s.arena_end = slot + c.slot_size;
  return s;
}

bool FiberStackPool::acquire(size_t stack_size, FiberStack* out) {
  SizeClass& c = size_class(round_up(stack_size * kFiberStackScale, page_size()));
  char* slot = nullptr;
  if (!c.warm.empty()) {
    slot = c.warm.back();
    c.warm.pop_back();
  } else if (!c.cold.empty()) {
    slot = c.cold.back();
    c.cold.pop_back();
  } else {
    if (c.next_fresh == c.fresh_end) {
      size_t bytes = c.slot_size * kSlotsPerMapping;
      void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (base == MAP_FAILED) return false;
      mappings_.push_back({static_cast<char*>(base), bytes, 0});
      c.next_fresh = static_cast<char*>(base);
      c.fresh_end = c.next_fresh + bytes;
    }
    slot = c.next_fresh;
    c.next_fresh += c.slot_size;
    if (guarded_slots.load(std::memory_order_relaxed) < guarded_slot_budget() &&
        mprotect(slot, page_size(), PROT_NONE) == 0) {
      guarded_slots.fetch_add(1);
      ++mappings_.back().guarded;
    }
  }
  *out = describe(c, slot);
  return true;
}

void FiberStackPool::release(const FiberStack& stack) {
  for (SizeClass& c : classes_) {
    if (c.slot_size != stack.slot_size) continue;
    if (c.warm.size() < kWarmSlots) {
      c.warm.push_back(stack.slot);
    } else {
      madvise(stack.low, stack.slot_size - page_size(), MADV_DONTNEED);
      c.cold.push_back(stack.slot);
    }
    return;
  }
}

// ---- contexts ------------------------------------------------------------------------------

FiberContext fiber_make(const FiberStack& stack, void (*entry)(FiberTransfer), FiberSanitizerState* san) {
#if defined(__SANITIZE_ADDRESS__)
  san->fake_stack = nullptr;
  san->stack_bottom = stack.low;
  san->stack_size = stack.stack_size();
#endif
#if defined(__SANITIZE_THREAD__)
  san->tsan_fiber = __tsan_create_fiber(0);
#endif
  (void)san;
  // fcontext's entry takes its own transfer_t, which FiberTransfer mirrors field for field
  // (the cast through void(*)() says so to the compiler).
  static_assert(sizeof(FiberTransfer) == sizeof(ctx::transfer_t) &&
                offsetof(FiberTransfer, data) == offsetof(ctx::transfer_t, data));
  auto fn = reinterpret_cast<void (*)(ctx::transfer_t)>(reinterpret_cast<void (*)()>(entry));
  return ctx::make_fcontext(stack.top, stack.stack_size(), fn);
}

void fiber_adopt_thread_stack(FiberSanitizerState* san, char* stack_low, size_t stack_size) {
#if defined(__SANITIZE_ADDRESS__)
  san->stack_bottom = stack_low;
  san->stack_size = stack_size;
#endif
#if defined(__SANITIZE_THREAD__)
  san->tsan_fiber = __tsan_get_current_fiber();
#endif
  (void)san, (void)stack_low, (void)stack_size;
}

FiberTransfer fiber_jump_annotated(FiberContext to, void* data, FiberSanitizerState* self,
                                   FiberSanitizerState* to_san, bool exiting) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_start_switch_fiber(exiting ? nullptr : &self->fake_stack, to_san->stack_bottom, to_san->stack_size);
#endif
#if defined(__SANITIZE_THREAD__)
  __tsan_switch_to_fiber(to_san->tsan_fiber, 0);
#endif
  (void)self, (void)to_san, (void)exiting;
  ctx::transfer_t t = ctx::jump_fcontext(to, data);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(self->fake_stack, nullptr, nullptr);
#endif
  return {t.fctx, t.data};
}

void fiber_entered(FiberSanitizerState* self) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
  (void)self;
}

void fiber_destroyed(FiberSanitizerState* san) {
#if defined(__SANITIZE_THREAD__)
  if (san->tsan_fiber) __tsan_destroy_fiber(san->tsan_fiber);
  san->tsan_fiber = nullptr;
#endif
  (void)san;
}

#if defined(__SANITIZE_ADDRESS__)
namespace {

// The words of the ranges handed to fiber_expose_to_leak_check, copied: LeakSanitizer
// scans every heap block reachable from a global, so the copy counts as the stacks would.
// One block, not a root region a range: LeakSanitizer walks the whole memory map for each
// region, which took minutes for 10,000 suspended greenlets. Never destroyed (the static
// destructors run before the check).
std::vector<uintptr_t>* exposed_words = nullptr;

// Appends the words of [from, from + n) that may point into the heap: aligned, past the
// first page, below the top of user address space. Only those: in an AddressSanitizer
// build a suspended greenlet's native frames are some 35 KB, mostly redzones and zeros.
// Those redzones are still poisoned, so the stack is read without AddressSanitizer's
// checks, a word at a time (volatile: the loop must not become a call to memcpy, which
// AddressSanitizer intercepts and checks).
__attribute__((no_sanitize_address)) void copy_pointer_words(std::vector<uintptr_t>* to,
                                                              const volatile uintptr_t* from, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    uintptr_t w = from[i];
    if ((w & 7) == 0 && w >= 4096 && w < (uintptr_t{1} << 47)) to->push_back(w);
  }
}

}  // namespace
#endif

void fiber_expose_to_leak_check(const void* low, const void* high) {
#if defined(__SANITIZE_ADDRESS__)
  uintptr_t lo = reinterpret_cast<uintptr_t>(low) & ~uintptr_t{7};
  uintptr_t hi = (reinterpret_cast<uintptr_t>(high) + 7) & ~uintptr_t{7};
  if (!low || hi <= lo) return;
  if (!exposed_words) exposed_words = new std::vector<uintptr_t>();
  copy_pointer_words(exposed_words, reinterpret_cast<const volatile uintptr_t*>(lo), (hi - lo) / sizeof(uintptr_t));
#endif
  (void)low, (void)high;
}

void thread_stack_bounds(char** low, size_t* size) {
  pthread_attr_t attr;
  void* addr = nullptr;
  size_t bytes = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &bytes);
    pthread_attr_destroy(&attr);
  }
  *low = static_cast<char*>(addr);
  *size = bytes;
}

}  // namespace gilpy::rt
