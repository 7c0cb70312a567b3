# The default exception handler writes the message, the context and the traceback to
# stderr, as CPython's logging does when nothing is configured: captured here.
import asyncio
import sys

HERE = __file__

class Capture:
    def __init__(self):
        self.parts = []
    def write(self, text):
        self.parts.append(text)
        return len(text)
    def flush(self):
        pass

async def fails():
    raise ValueError("lost in a task")

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(fails())
    await asyncio.sleep(0)
    captured = Capture()
    sys.stderr = captured
    try:
        del t
        loop.call_exception_handler({"message": "custom report", "answer": 42})
        loop.call_exception_handler({})
        loop.default_exception_handler({"message": "direct", "exception": KeyError("k")})
    finally:
        sys.stderr = sys.__stderr__
    text = "".join(captured.parts).replace(HERE, "FILE")
    for line in text.splitlines():
        if not line.startswith("    "):      # CPython's source lines and carets vary
            print(line)

asyncio.run(main())
