#!/usr/bin/env bash
# Runs every seed sample (samples/seed/*.py, the source document's snippets) with
# build/gilpy, prints each one's output, and checks its outcome (exit status, last stderr
# line, stdout) against CPython 3.11's, recorded in samples/seed/expected/ by
# `tools/samples.py record /usr/bin/python3.11`.
cd "$(dirname "$0")/.." || exit 1
exec python3 tools/samples.py run build/gilpy
