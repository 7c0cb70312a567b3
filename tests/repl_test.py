#!/usr/bin/env python3
"""Drives gilpy's REPL through a pseudo-terminal and checks what the screen shows
(issue 10, acceptance 1-5).

usage: repl_test.py GILPY [-k NAME]

Each check starts `gilpy` on a new pty (80x24, TERM=xterm, NO_COLOR unless asked for),
with HOME and PYTHON_HISTORY in a temporary folder, types keys, and waits for a pattern
in the output (escape sequences removed) with a generous timeout: nothing is bounded by
a tight wall time, nothing sleeps a fixed time.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time

TIMEOUT = 60.0
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]|\x1b\][^\x07]*\x07")

UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_D = "\x04"


class Failure(Exception):
    pass


class Screen:
    """Enough of a VT100 for what libedit and gilpy write: text, CR, LF, BS, BEL, tabs,
    and the CSI sequences for cursor moves (A B C D G H), erasing (K J) and colours (m)."""
    CSI = re.compile(r"\x1b\[([0-9;?]*)([ -/]*)([@-~])")
    OTHER = re.compile(r"\x1b[()][A-Za-z0-9]|\x1b[=>78]|\x1b\][^\x07]*\x07")

    def __init__(self, data, width=80):
        self.rows = [[]]
        self.row = self.col = 0
        self.width = width
        i = 0
        while i < len(data):
            ch = data[i]
            if ch == "\x1b":
                m = self.CSI.match(data, i)
                if m:
                    self.csi(m.group(1), m.group(3))
                    i = m.end()
                    continue
                m = self.OTHER.match(data, i)
                i = m.end() if m else i + 1
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.down(1)
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch == "\t":
                self.col = (self.col // 8 + 1) * 8
            elif ch >= " ":
                if self.col >= self.width:
                    self.col = 0
                    self.down(1)
                line = self.rows[self.row]
                while len(line) < self.col:
                    line.append(" ")
                if self.col < len(line):
                    line[self.col] = ch
                else:
                    line.append(ch)
                self.col += 1
            i += 1

    def down(self, n):
        self.row += n
        while len(self.rows) <= self.row:
            self.rows.append([])

    def csi(self, params, final):
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        n = nums[0] if nums and nums[0] else 1
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.down(n)
        elif final == "C":
            self.col += n
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final == "G":
            self.col = n - 1
        elif final == "K":
            mode = nums[0] if nums else 0
            line = self.rows[self.row]
            if mode == 0:
                del line[self.col:]
            elif mode == 1:
                for k in range(min(self.col + 1, len(line))):
                    line[k] = " "
            else:
                line.clear()
        elif final == "J":
            mode = nums[0] if nums else 0
            if mode == 0:
                del self.rows[self.row][self.col:]
                del self.rows[self.row + 1:]

    def text(self):
        return "\n".join("".join(r) for r in self.rows)


class Repl:
    def __init__(self, gilpy, home, args=(), env_extra=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update({"HOME": home, "PYTHON_HISTORY": os.path.join(home, "history"), "TERM": "xterm",
                    "NO_COLOR": "1"})
        env.pop("FORCE_COLOR", None)
        if env_extra:
            env.update(env_extra)
            for k, v in env_extra.items():
                if v is None:
                    env.pop(k, None)
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execve(gilpy, [gilpy] + list(args), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.raw = b""
        self.pos = 0  # the screen row where the next expect() starts looking
        self.matched = False  # whether any expect() matched yet
        self.status = None

    def text(self):
        """The screen: the output played on a small terminal model (rows kept as they
        scroll), so that redrawn lines read as they show."""
        return Screen(self.raw.decode("utf-8", "replace")).text()

    def _read(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.fd], [], [], min(left, 0.5))
        if r:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                return None
            self.raw += data
        return True

    def expect(self, pattern, timeout=TIMEOUT, later_row=False):
        """Waits until `pattern` (a regex) appears after the last match (with `later_row`,
        on a row below the last match's); returns the match."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = self._search(rx, later_row)
            if m:
                return m
            got = self._read(deadline)
            if got is False or got is None:
                if got is None:
                    m = self._search(rx, later_row)
                    if m:
                        return m
                raise Failure(f"timed out waiting for {pattern!r}; screen so far:\n{self.text()[-1500:]}")

    def _search(self, rx, later_row=False):
        # From the start of the row where the last match ended: a redraw may rewrite that
        # row (the prompt overwritten by a thread's output), so offsets are not stable.
        text = self.text()
        start = 0
        for _ in range(self.pos + (1 if later_row and self.matched else 0)):
            nl = text.find("\n", start)
            if nl < 0:
                break
            start = nl + 1
        m = rx.search(text, start)
        if m:
            self.pos = text.count("\n", 0, m.end())
            self.matched = True
        return m

    def prompt(self):
        # A new prompt: below the last match, which may be the previous prompt's own row
        # (the input just sent); else a slow statement's old prompt would count as its next.
        m = self.expect(r">>> ", later_row=True)
        self.wait_line_editor()
        return m

    def wait_line_editor(self, timeout=TIMEOUT):
        """Waits until the line editor has the terminal (canonical mode off): keys sent
        before that are echoed by the terminal itself, as anyone's typing ahead is, and a
        Tab among them is not a completion. The master's attributes are the terminal's."""
        deadline = time.monotonic() + timeout
        while termios.tcgetattr(self.fd)[3] & termios.ICANON and time.monotonic() < deadline:
            self._read(min(deadline, time.monotonic() + 0.01))

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def line(self, text, timeout=TIMEOUT):
        # Sent, then waited for until the terminal shows the line ended (a new row): else
        # the next prompt() could still see the old prompt's row as the last one, take it
        # for the next prompt, and type ahead into the statement still running.
        rows = self.text().count("\n")
        self.send(text + "\r")
        deadline = time.monotonic() + timeout
        while self.text().count("\n") <= rows and self._read(deadline):
            pass

    def wait_exit(self, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self._read(min(deadline, time.monotonic() + 0.2))
        raise Failure("the REPL did not exit")

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


# ---- acceptance 1: statements, values, errors -------------------------------------------------

def check_statements(gilpy, home):
    r = Repl(gilpy, home)
    try:
        r.expect(r"gilpy .* on linux")
        r.prompt()
        # A function over three lines: the editor indents after ':' by itself.
        r.line("def f(x):")
        r.expect(r"\.\.\. ")
        r.line("y = x * 2")
        r.expect(r"\.\.\. ")
        r.line("return y + 1")
        r.expect(r"\.\.\. ")
        r.line("")  # the auto-indent only: a blank line ends the block
        r.prompt()
        r.line("f(20)")
        r.expect(r"\n41\n")
        r.prompt()
        r.line("_ * 2")
        r.expect(r"\n82\n")
        r.prompt()
        r.line("x = = 2")
        r.expect(r'File "<stdin>", line 1\n\s+x = = 2\n\s+\^\n')
        r.expect(r"SyntaxError: invalid syntax")
        r.prompt()
        # An error before a bracket left open on its line is reported at once, not read on.
        r.line("def f(:")
        r.expect(r"SyntaxError: invalid syntax")
        r.prompt()
        r.line("undefined_name + 1")
        r.expect(r'Traceback \(most recent call last\):\n  File "<stdin>", line 1, in <module>\n'
                 r"NameError: name 'undefined_name' is not defined")
        r.prompt()
        r.line("import sys; type(sys.last_value).__name__")
        r.expect(r"'NameError'")
        r.prompt()
        r.line("[1,")
        r.expect(r"\.\.\. ")
        r.line("2]")
        r.expect(r"\[1, 2\]")
        r.prompt()
        r.line('"""a')
        r.expect(r"\.\.\. ")
        r.line('b"""')
        r.expect(r"'a\\nb'")
        r.prompt()
        r.line("None")
        r.prompt()
        r.line("help(f)")
        r.expect(r"Help on function f in module __main__:\n\nf\(x\)")
        r.prompt()
        r.send(CTRL_D)
        if r.wait_exit() != 0:
            raise Failure(f"Ctrl-D: status {r.status}")
    finally:
        r.close()


# ---- acceptance 2: completion and history --------------------------------------------------------

def check_completion_history(gilpy, home):
    r = Repl(gilpy, home)
    try:
        r.prompt()
        r.line("import threading")
        r.prompt()
        r.send("threading.Th")  # typed, then Tab once the editor has shown it
        r.expect(r">>> threading\.Th")
        r.send("\t")
        r.expect(r"threading\.Thread")
        r.send("\r")
        r.expect(r"<class 'threading\.Thread'>")
        r.prompt()
        r.send("    \t")  # Tab at the start of a line indents; the line stays blank
        r.send("\r")
        r.prompt()
        r.send(UP)
        r.expect(r"threading\.Thread")
        r.send("\r")
        r.expect(r"<class 'threading\.Thread'>")
        r.prompt()
        r.line("def g():")
        r.expect(r"\.\.\. ")
        r.line("return 7")
        r.expect(r"\.\.\. ")
        r.line("")
        r.prompt()
        r.line("del g")
        r.prompt()
        r.send(UP + UP)  # the whole block, as one entry
        r.expect(r"def g\(\):\s*\n\s*return 7")
        r.send("\r")
        r.prompt()
        r.line("g()")
        r.expect(r"\n7\n")
        r.prompt()
        r.line("print(6 * 7)")
        r.expect(r"\n42\n")
        r.prompt()
        r.send(CTRL_D)
        if r.wait_exit() != 0:
            raise Failure(f"Ctrl-D: status {r.status}")
    finally:
        r.close()
    if not os.path.exists(os.path.join(home, "history")):
        raise Failure("no history file written")
    # A second session recalls the first one's last line.
    r = Repl(gilpy, home)
    try:
        r.prompt()
        r.send(UP)
        r.expect(r"print\(6 \* 7\)")
        r.send("\r")
        r.expect(r"\n42\n")
        r.prompt()
        r.line("exit")
        if r.wait_exit() != 0:
            raise Failure(f"exit: status {r.status}")
    finally:
        r.close()


# ---- acceptance 3: top-level await on a loop that runs while the prompt waits ---------------------

def check_await(gilpy, home):
    r = Repl(gilpy, home)
    try:
        r.prompt()
        r.line("import asyncio")
        r.prompt()
        r.line("t = asyncio.create_task(asyncio.sleep(0.2, result=5))")
        r.prompt()
        r.line("await t")
        r.expect(r"\n5\n")
        r.prompt()
        r.line("async def later():")
        r.expect(r"\.\.\. ")
        r.line("await asyncio.sleep(0.3)")
        r.expect(r"\.\.\. ")
        r.line("print('task-done')")
        r.expect(r"\.\.\. ")
        r.line("")
        r.prompt()
        r.line("t2 = asyncio.create_task(later())")
        r.prompt()
        # Nothing more is typed: the task prints while the prompt waits, and the prompt
        # comes back after its output.
        r.expect(r"task-done\n")
        r.prompt()
        r.line("async with asyncio.timeout(5):")
        r.expect(r"\.\.\. ")
        r.line("await asyncio.sleep(0)")
        r.expect(r"\.\.\. ")
        r.line("")
        r.prompt()
        r.line("asyncio.run(asyncio.sleep(0, result='ran'))")
        r.expect(r"'ran'")
        r.prompt()
        r.line("await asyncio.sleep(0, result='still')")
        r.expect(r"'still'")
        r.prompt()
        r.send(CTRL_D)
        if r.wait_exit() != 0:
            raise Failure(f"Ctrl-D: status {r.status}")
    finally:
        r.close()
    r = Repl(gilpy, home, ["-m", "asyncio"])
    try:
        r.expect(r"asyncio REPL 3\.11")
        r.expect(r'Use "await" directly instead of "asyncio.run\(\)".')
        r.prompt()
        r.line("await asyncio.sleep(0, result=9)")
        r.expect(r"\n9\n")
        r.prompt()
        r.send(CTRL_D)
        r.expect(r"exiting asyncio REPL")
        if r.wait_exit() != 0:
            raise Failure(f"-m asyncio, Ctrl-D: status {r.status}")
    finally:
        r.close()


# ---- acceptance 4: a thread prints while the prompt waits -----------------------------------------

def check_thread_output(gilpy, home):
    r = Repl(gilpy, home)
    try:
        r.prompt()
        r.line("import threading, time")
        r.prompt()
        r.line("def work():")
        r.expect(r"\.\.\. ")
        r.line("time.sleep(0.3)")
        r.expect(r"\.\.\. ")
        r.line("print('thread-done')")
        r.expect(r"\.\.\. ")
        r.line("")
        r.prompt()
        r.line("threading.Thread(target=work).start()")
        r.prompt()
        r.send("12")  # a partial line, being typed when the thread prints
        r.expect(r"thread-done\n")
        r.expect(r">>> 12")  # the prompt and the partial line, redrawn
        r.line("+1")
        r.expect(r"\n13\n")
        r.prompt()
        r.send(CTRL_D)
        if r.wait_exit() != 0:
            raise Failure(f"Ctrl-D: status {r.status}")
    finally:
        r.close()


# ---- acceptance 5: Ctrl-C, Ctrl-D, exit ----------------------------------------------------------

def check_interrupt_and_exit(gilpy, home):
    r = Repl(gilpy, home)
    try:
        r.prompt()
        r.line("def spin():")
        r.expect(r"\.\.\. ")
        r.line("print('spinning')")
        r.expect(r"\.\.\. ")
        r.line("while True: pass")
        r.expect(r"\.\.\. ")
        r.line("")
        r.prompt()
        r.line("spin()")
        r.expect(r"spinning\n")
        r.send(CTRL_C)
        r.expect(r"KeyboardInterrupt")
        r.prompt()
        r.line("1 + 1")
        r.expect(r"\n2\n")
        r.prompt()
        r.send("abc")
        r.send(CTRL_C)  # cancels the line being typed
        r.expect(r"KeyboardInterrupt")
        r.prompt()
        r.line("2 + 2")
        r.expect(r"\n4\n")
        r.prompt()
        r.send(CTRL_D)
        if r.wait_exit() != 0:
            raise Failure(f"Ctrl-D: status {r.status}")
    finally:
        r.close()
    for word in ("exit", "quit()"):
        r = Repl(gilpy, home, ["-q"])
        try:
            r.prompt()
            if "gilpy 0.1.0" in r.text():
                raise Failure("-q still printed the banner")
            r.line(word)
            if r.wait_exit() != 0:
                raise Failure(f"{word}: status {r.status}")
        finally:
            r.close()


def check_color(gilpy, home):
    r = Repl(gilpy, home, env_extra={"NO_COLOR": None, "FORCE_COLOR": "1"})
    try:
        r.expect(r">>> ")
        if b"\x1b[1;35m>>>" not in r.raw:
            raise Failure(f"no coloured prompt with FORCE_COLOR: {r.raw[-200:]!r}")
        r.send(CTRL_D)
        r.wait_exit()
    finally:
        r.close()
    r = Repl(gilpy, home)  # NO_COLOR
    try:
        r.expect(r">>> ")
        if b"\x1b[1;35m" in r.raw:
            raise Failure("a coloured prompt despite NO_COLOR")
        r.send(CTRL_D)
        r.wait_exit()
    finally:
        r.close()


CHECKS = [
    ("statements (acceptance 1)", check_statements),
    ("completion and history (acceptance 2)", check_completion_history),
    ("top-level await (acceptance 3)", check_await),
    ("thread output while the prompt waits (acceptance 4)", check_thread_output),
    ("Ctrl-C, Ctrl-D, exit (acceptance 5)", check_interrupt_and_exit),
    ("colour", check_color),
]


def main():
    gilpy = os.path.abspath(sys.argv[1])
    only = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "-k" else None
    passed = failed = 0
    for name, fn in CHECKS:
        if only and only not in name:
            continue
        home = tempfile.mkdtemp(prefix="gilpy-repl-")
        try:
            fn(gilpy, home)
            passed += 1
            print(f"ok   {name}")
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
