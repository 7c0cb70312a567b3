#!/usr/bin/env bash
# Runs the threads stress test (tests/threads/stress.py) over and over in one process for
# MINUTES (default 10) and checks that its RSS stays flat (tests/threads/soak.py). Not in
# CI: it is long by design.
#   tools/soak.sh [MINUTES] [GILPY]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
gilpy=${2:-build/gilpy}
exec "$gilpy" tests/threads/soak.py "$((minutes * 60))"
