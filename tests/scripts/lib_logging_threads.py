# logging from CPython's library, from several threads: threadName in the records.
import io
import logging
import sys
import threading

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG,
                    format="%(levelname)s:%(name)s:%(threadName)s:%(message)s")
log = logging.getLogger("app")
log.debug("debug %d", 1)
log.info("info")
log.warning("warn %s", "x")
child = logging.getLogger("app.child")
child.error("from child")
print(child.parent is log, child.getEffectiveLevel(), logging.getLevelName(logging.WARNING))

records = []


class ListHandler(logging.Handler):
    def emit(self, record):
        records.append((record.threadName, record.levelname, record.getMessage()))


handler = ListHandler()
worker_log = logging.getLogger("workers")
worker_log.addHandler(handler)
worker_log.propagate = False
lock = threading.Lock()


def work(n):
    for i in range(3):
        worker_log.info("item %d of worker %d", i, n)


threads = [threading.Thread(target=work, args=(n,), name=f"worker-{n}") for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(records), sorted(records)[:3])
print(sorted({name for name, _, _ in records}))
for name in sorted({name for name, _, _ in records}):
    msgs = [m for n, _, m in records if n == name]
    print(name, msgs)

stream = io.StringIO()
h = logging.StreamHandler(stream)
h.setFormatter(logging.Formatter("[%(levelname)-7s] %(message)s (%(funcName)s)"))
h.setLevel(logging.WARNING)
other = logging.getLogger("other")
other.addHandler(h)
other.propagate = False
other.setLevel(logging.INFO)
other.info("dropped by the handler")
other.warning("kept")


def failing():
    try:
        1 / 0
    except ZeroDivisionError:
        other.exception("boom")


failing()
out = stream.getvalue()
print(out.splitlines()[0], out.splitlines()[1], out.splitlines()[-1])


class OnlyOdd(logging.Filter):
    def filter(self, record):
        return record.args[0] % 2 == 1


log.addFilter(OnlyOdd())
for i in range(4):
    log.info("filtered %d", i)
logging.disable(logging.CRITICAL)
log.critical("disabled")
logging.disable(logging.NOTSET)
logging.getLogger().handlers[0].flush()
print(logging.getLogger() is logging.root, logging.getLogger("app").name)
