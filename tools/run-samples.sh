#!/usr/bin/env bash
# Runs every seed sample (samples/seed/*.py, the source document's snippets) with
# build/gilpy and prints each one's output and exit status.
cd "$(dirname "$0")/.." || exit 1
ok=0; failed=0
for f in samples/seed/*.py; do
  echo "== $f"
  if (cd samples/seed && timeout 60 ../../build/gilpy "$(basename "$f")"); then
    ok=$((ok + 1))
  else
    echo "   (exit status $?)"
    failed=$((failed + 1))
  fi
done
echo "samples: $ok ran cleanly, $failed did not (the asyncio ones wait for the asyncio module)"
