"""`gilpy -m asyncio`: the REPL with asyncio imported and CPython's banner for it (gilpy's
own REPL already runs top-level await on a loop that persists across inputs)."""
import _gilpy_repl

_gilpy_repl.interact_asyncio()
