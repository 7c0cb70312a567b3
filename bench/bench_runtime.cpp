// bench/bench_runtime.cpp: microbenchmarks of the runtime's hot primitives: dict lookups
// with interned keys, str hashing and concatenation, small-int and float boxing, list
// append, and the GIL meter's clock against clock_gettime. Run: build/bench/bench_runtime.
#include <benchmark/benchmark.h>

#include "runtime/gil_clock.h"
#include "runtime/runtime.h"

using namespace gilpy::rt;

namespace {


void BM_DictGetInterned(benchmark::State& state) {
  Own<Dict> d = dict_new();
  for (int i = 0; i < 64; ++i) dict_set_str(d.get(), strfmt("name%d", i).c_str(), Value::small_int(i));
  Str* key = intern("name42");
  for (auto _ : state) benchmark::DoNotOptimize(dict_get_str(d.get(), key));
}
BENCHMARK(BM_DictGetInterned);

void BM_StrHashFresh(benchmark::State& state) {
  for (auto _ : state) {
    Own<Str> s = str_from_ascii("a moderately long identifier_like string");
    benchmark::DoNotOptimize(str_hash(s.get()));
  }
}
BENCHMARK(BM_StrHashFresh);

void BM_MakeFloat(benchmark::State& state) {
  double x = 0.5;
  for (auto _ : state) {
    Ref f = make_float(x);
    x += 1.0;
    benchmark::DoNotOptimize(f.get());
  }
}
BENCHMARK(BM_MakeFloat);

void BM_ListAppend(benchmark::State& state) {
  for (auto _ : state) {
    Own<List> l = list_new();
    for (int i = 0; i < 1000; ++i) list_append(l.get(), Value::small_int(i));
    benchmark::DoNotOptimize(l.get());
  }
}
BENCHMARK(BM_ListAppend);

void BM_IntAddBig(benchmark::State& state) {
  Ref a = make_int(Value::kSmallIntMax), b = make_int(Value::kSmallIntMax);
  for (auto _ : state) benchmark::DoNotOptimize(int_binary_op(BinOp::Add, a.get(), b.get()));
}
BENCHMARK(BM_IntAddBig);

// What one reading of the GIL meter's clock costs (runtime/gil_clock.h), three a switch.
void BM_GilClockNow(benchmark::State& state) {
  GilClock clock;
  clock.calibrate();
  for (auto _ : state) benchmark::DoNotOptimize(clock.now_ns());
}
BENCHMARK(BM_GilClockNow);

void BM_ClockGettimeMonotonic(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(monotonic_ns());
}
BENCHMARK(BM_ClockGettimeMonotonic);

}  // namespace

// The runtime is set up in main, not by a global's constructor: those of the runtime's own
// globals may not have run yet.
int main(int argc, char** argv) {
  init_runtime();
  static ThreadState ts;
  ThreadState::set_current(&ts);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
