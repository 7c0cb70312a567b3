#!/usr/bin/env bash
# Fuzzes gilpy for MINUTES minutes (default 2): builds the libFuzzer target (build-fuzz,
# clang with ASan+UBSan, -DGILPY_SANITIZE=fuzzer) and runs it in both modes side by side,
# "bytes" (libFuzzer's mutations) and "structure" (lines and tokens of programs moved
# about), each seeded with tests/scripts and the conformance corpus. A crash stops it:
# the input is minimised into build-fuzz/artifacts/ and the script fails; add the
# minimised input to tests/fuzz/regressions/ (ctest replays them) once it is fixed.
#   tools/fuzz.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-2}
jobs=${GILPY_JOBS:-2}

log=$(mktemp)
if ! { CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DGILPY_SANITIZE=fuzzer -DGILPY_BENCH=OFF &&
       cmake --build build-fuzz -j"$jobs" --target gilpy-fuzz; } > "$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "fuzz: building the fuzz target failed (the whole log: $log)" >&2
  exit 1
fi
rm -f "$log"

out=build-fuzz/run
rm -rf "$out/artifacts"
mkdir -p "$out/artifacts"
for mode in bytes structure; do
  mkdir -p "$out/corpus-$mode"
  cp tests/scripts/*.py "$out/corpus-$mode/"
  if [ -d ../shared/conformance ]; then
    find ../shared/conformance -name '*.py' -size -16k -exec cp {} "$out/corpus-$mode/" \;
  fi
done

export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
pids=()
for mode in bytes structure; do
  GILPY_FUZZ_MODE=$mode build-fuzz/gilpy-fuzz "$out/corpus-$mode" \
    -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=2048 -max_len=16384 \
    -fork=1 -ignore_timeouts=1 -ignore_ooms=1 -print_funcs=0 -artifact_prefix="$out/artifacts/$mode-" \
    > "$out/$mode.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done

for mode in bytes structure; do
  execs=$(grep -o 'exec/s:\? [0-9]*' "$out/$mode.log" | tail -1 || true)
  echo "fuzz ($mode): ${execs:-exec/s: ?}, corpus $(ls "$out/corpus-$mode" | wc -l) inputs"
done
if ls "$out"/artifacts/*crash-* "$out"/artifacts/*leak-* > /dev/null 2>&1 || [ $status -ne 0 ]; then
  echo "fuzz: found a crash; the inputs are in $out/artifacts/, the logs in $out/*.log" >&2
  tail -n 40 "$out"/*.log >&2
  exit 1
fi
echo "fuzz: no crash in $minutes minute(s) of each mode"
