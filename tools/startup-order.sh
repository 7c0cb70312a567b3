#!/usr/bin/env bash
# Writes the functions that `gilpy -c pass` runs, one linker symbol a line, for
# cli/startup-order.txt: the link puts them side by side at the front of the code, so
# that start-up faults in a few pages of code instead of one in every 64 KiB of it
# (cli/CMakeLists.txt). Run it on a build or two after start-up changes and commit the
# result; a name that no longer exists is ignored by the link, one missing only costs a
# page fault. Needs valgrind (Debian's package).
#
# usage: tools/startup-order.sh BUILD/gilpy [BUILD2/gilpy ...] > cli/startup-order.txt
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 GILPY [GILPY ...]" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for gilpy in "$@"; do
  valgrind -q --tool=callgrind --demangle=no --callgrind-out-file="$out" "$gilpy" -c pass
  # Every function callgrind names (fn= and cfn= lines), without its recursion marks
  # and placeholders.
  grep -oE '^c?fn=\([0-9]+\) .*' "$out" | sed -E "s/^c?fn=\([0-9]+\) //; s/'[0-9]+$//"
done | grep -vE '^(\(below main\)|0x[0-9a-f]+)' | sort -u
