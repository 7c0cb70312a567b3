# argparse from CPython's library: arguments, options, subcommands, help and errors.
import argparse
import contextlib
import io

parser = argparse.ArgumentParser(prog="tool", description="A tool that does things.",
                                 epilog="See the docs.")
parser.add_argument("files", nargs="+", help="input files")
parser.add_argument("-v", "--verbose", action="count", default=0, help="more output")
parser.add_argument("-n", "--number", type=int, default=3, metavar="N", help="how many (default: %(default)s)")
parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
parser.add_argument("--flag", action="store_true")
parser.add_argument("--no-color", dest="color", action="store_false")
parser.add_argument("--tag", action="append", default=[])
group = parser.add_mutually_exclusive_group()
group.add_argument("--quiet", action="store_true")
group.add_argument("--loud", action="store_true")

ns = parser.parse_args(["a.txt", "b.txt", "-vv", "-n", "7", "--mode=slow", "--tag", "x", "--tag", "y"])
print(ns)
print(vars(parser.parse_args(["only.txt", "--flag", "--no-color"])))
parser.print_help()
print(parser.format_usage())


def attempt(args):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            parser.parse_args(args)
    except SystemExit as e:
        print("exit", e.code, err.getvalue().strip().splitlines()[-1])


attempt([])
attempt(["f", "-n", "notanumber"])
attempt(["f", "--mode", "medium"])
attempt(["f", "--quiet", "--loud"])
attempt(["f", "--unknown"])

sub = argparse.ArgumentParser(prog="git")
subs = sub.add_subparsers(dest="command", required=True)
commit = subs.add_parser("commit", help="record changes")
commit.add_argument("-m", "--message", required=True)
push = subs.add_parser("push")
push.add_argument("remote", nargs="?", default="origin")
print(sub.parse_args(["commit", "-m", "msg"]), sub.parse_args(["push"]))
known, rest = sub.parse_known_args(["push", "up", "--extra"])
print(known, rest)
print(argparse.Namespace(a=1) == argparse.Namespace(a=1), argparse.FileType)
