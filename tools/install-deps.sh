#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever gilpy needs to build, test and benchmark
# and is not there yet. Idempotent: a second run installs nothing. Used by the README's
# first command and by .ci/run, so both see the same machine.
set -euo pipefail

packages=(
  build-essential cmake            # compiler and build
  lld                              # links gilpy with its start-up functions first (cli/CMakeLists.txt)
  clang-14 libclang-rt-14-dev      # the libFuzzer target (tools/fuzz.sh)
  libgmp-dev                       # big integers (runtime/int)
  libboost-dev libboost-context-dev  # Boost.Context for greenlets
  libedit-dev                      # REPL line editing
  zlib1g-dev                       # the zlib module (stdlib/zlib_module.cpp)
  libssl-dev                       # _hashlib on OpenSSL's libcrypto (stdlib/hashlib_module.cpp)
  libgtest-dev libgmock-dev        # unit tests
  libbenchmark-dev                 # microbenchmarks (bench/)
  python3 python3.11               # conformance/workload harnesses; the reference CPython
  libpython3.11-stdlib             # CPython 3.11's pure-Python standard library, which gilpy imports (DESIGN 11)
  python3-greenlet                 # reference behaviour for the greenlet tests (CPython's greenlet)
  time                             # GNU time: peak RSS in bench/
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
