# The reader of stdout goes away (`gilpy x.py | head -1`): what is still buffered cannot
# be written at exit. CPython reports it against sys.stdout and exits with status 120.
import sys
print("buffered, never read")
sys.stdin.readline()  # the harness closes our stdout's reader, then sends this line
print("done", file=sys.stderr)
