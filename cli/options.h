// cli/options.h: the `gilpy` command line, parsed as CPython's (Python/getopt.c and
// Python/initconfig.c): interpreter options first, short ones combinable (`-uqO`) and
// taking their argument attached or as the next word (`-Wignore`, `-X dev`); `-c CMD`,
// `-m MOD`, the script name or `-` end the options and the rest is the program's
// sys.argv. gilpy's own options are long ones (`--gil-stats`, `--dis`, ...). The
// PYTHON* environment variables are read here too, unless -E or -I.
#pragma once

#include <string>
#include <vector>

#include "stdlib/gil/report.h"

namespace gilpy::cli {

struct Options {
  // What to run: exactly one of command (-c), module (-m), rest[0] (a script or "-"),
  // or nothing (stdin: the REPL on a terminal, the program otherwise).
  bool has_command = false;
  std::string command;             // -c
  std::string module;              // -m
  std::vector<std::string> rest;   // the script (or -) and its arguments; -c's / -m's arguments
  // CPython's options.
  bool inspect = false;            // -i, PYTHONINSPECT
  bool quiet = false;              // -q
  bool unbuffered = false;         // -u, PYTHONUNBUFFERED
  bool ignore_environment = false; // -E
  bool isolated = false;           // -I (-E -s -P)
  bool no_user_site = false;       // -s, PYTHONNOUSERSITE
  bool no_site = false;            // -S
  bool safe_path = false;          // -P, PYTHONSAFEPATH
  bool dont_write_bytecode = false;  // -B, PYTHONDONTWRITEBYTECODE: no bytecode cache files written
  int optimize = 0;                // -O, -OO, PYTHONOPTIMIZE
  int verbose = 0;                 // -v
  int bytes_warning = 0;           // -b
  std::vector<std::string> warnoptions;  // PYTHONWARNINGS, then -W
  std::vector<std::string> xoptions;     // -X
  std::string pycache_prefix;      // -X pycache_prefix=DIR, PYTHONPYCACHEPREFIX (sys.pycache_prefix)
  std::vector<std::string> pythonpath;   // PYTHONPATH's entries
  std::string startup;             // PYTHONSTARTUP (the REPL runs it first)
  // gilpy's own.
  bool dis = false;                // --dis
  std::string gil_policy;          // --gil-policy, GILPY_GIL_POLICY
  double switch_interval = 0;      // --switch-interval (seconds; 0: the default)
  int check_interval = 0;          // --check-interval (the legacy policy's; 0: the default)
  stdlib::gil::ReportOptions gil_reports;  // --gil-stats, --gil-trace, --gil-timeline
};

// Parses argv into *opt. Returns -1 to go on and run, or the exit status when the command
// line is done with (help or version printed: 0; a usage error, printed as CPython's: 2).
int parse_command_line(int argc, char** argv, Options* opt);

}  // namespace gilpy::cli
