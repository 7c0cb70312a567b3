// bench/bench_fiber.cpp: the native half of a greenlet switch (runtime/fiber.h): a jump
// to another fiber and back, and taking a stack from the pool and giving it back.
// Run: build/bench/bench_fiber. The whole-program figures are bench/greenlet.sh's.
#include <benchmark/benchmark.h>

#include "runtime/fiber.h"

using namespace gilpy::rt;

namespace {

struct PingPong {
  FiberContext partner = nullptr;  // where the other side waits
  FiberSanitizerState main_san, fiber_san;
};

// The fiber's side: jump straight back, forever.
void echo_entry(FiberTransfer t) {
  auto* pp = static_cast<PingPong*>(t.data);
  fiber_entered(&pp->fiber_san);
  for (;;) {
    t = fiber_jump(t.from, pp, &pp->fiber_san, &pp->main_san, false);
  }
}

void BM_FiberSwitchRoundTrip(benchmark::State& state) {
  FiberStackPool pool;
  FiberStack stack;
  if (!pool.acquire(kDefaultFiberStackSize, &stack)) {
    state.SkipWithError("no stack");
    return;
  }
  PingPong pp;
  char* low;
  size_t size;
  thread_stack_bounds(&low, &size);
  fiber_adopt_thread_stack(&pp.main_san, low, size);
  pp.partner = fiber_make(stack, echo_entry, &pp.fiber_san);
  for (auto _ : state) {
    FiberTransfer t = fiber_jump(pp.partner, &pp, &pp.main_san, &pp.fiber_san, false);
    pp.partner = t.from;
  }
  // The fiber stays suspended in its loop; its stack goes back with the pool.
  fiber_destroyed(&pp.fiber_san);
  pool.release(stack);
}
BENCHMARK(BM_FiberSwitchRoundTrip);

void BM_FiberStackAcquireRelease(benchmark::State& state) {
  FiberStackPool pool;
  for (auto _ : state) {
    FiberStack stack;
    pool.acquire(kDefaultFiberStackSize, &stack);
    benchmark::DoNotOptimize(stack.top);
    pool.release(stack);
  }
}
BENCHMARK(BM_FiberStackAcquireRelease);

}  // namespace

BENCHMARK_MAIN();
