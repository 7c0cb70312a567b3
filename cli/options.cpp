// cli/options.cpp: parsing the command line as CPython does (see options.h), the help
// texts (-h, --help-env) and CPython's usage-error messages:
//
//   unknown option --bogus          (a long option; "Unknown option: -j" for a short one)
//   usage: gilpy [option] ... [-c cmd | -m mod | file | -] [arg] ...
//   Try `gilpy -h' for more information.
//
// with status 2. CPython's grammar is getopt's (its Python/getopt.c is a copy of it):
// combined short flags, attached arguments, the option list ending at the first operand,
// so the parsing is the C library's getopt_long; -c and -m end the options too.
#include "cli/options.h"

#include <getopt.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gilpy::cli {

namespace {

constexpr const char* kVersion = "gilpy 0.1.0 (Python 3.11 subset)";
constexpr const char* kUsage = "usage: gilpy [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";

constexpr const char* kHelp =
    "Options (and corresponding environment variables):\n"
    "-b     : issue warnings about str(bytes_instance), str(bytearray_instance)\n"
    "         and comparing bytes/bytearray with str. (-bb: issue errors)\n"
    "-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x\n"
    "-c cmd : program passed in as string (terminates option list)\n"
    "-E     : ignore PYTHON* environment variables (such as PYTHONPATH)\n"
    "-h     : print this help message and exit (also -? or --help)\n"
    "-i     : inspect interactively after running script; forces a prompt even\n"
    "         if stdin does not appear to be a terminal; also PYTHONINSPECT=x\n"
    "-I     : isolate Python from the user's environment (implies -E, -s and -P)\n"
    "-m mod : run library module as a script (terminates option list)\n"
    "-O     : remove assert and __debug__-dependent statements; also PYTHONOPTIMIZE=x\n"
    "-OO    : do -O changes and also discard docstrings\n"
    "-P     : don't prepend a potentially unsafe path to sys.path\n"
    "-q     : don't print version and copyright messages on interactive startup\n"
    "-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE\n"
    "-S     : don't imply 'import site' on initialization\n"
    "-u     : force the stdout and stderr streams to be unbuffered;\n"
    "         this option has no effect on stdin; also PYTHONUNBUFFERED=x\n"
    "-v     : verbose (trace import statements); also PYTHONVERBOSE=x\n"
    "-V     : print the Python version number and exit (also --version)\n"
    "-W arg : warning control; arg is action:message:category:module:lineno\n"
    "         also PYTHONWARNINGS=arg\n"
    "-x     : skip first line of source, allowing use of non-Unix forms of #!cmd\n"
    "-X opt : set implementation-specific option; -X pycache_prefix=PATH writes\n"
    "         and reads the bytecode cache in a tree under PATH (others have no effect)\n"
    "--help-env      : print help about Python environment variables and exit\n"
    "\n"
    "gilpy options:\n"
    "--dis                : print the bytecode of the program and of every nested\n"
    "                       code object, then exit\n"
    "--gil-stats[=json|=FILE]\n"
    "                     : at exit, print GIL statistics to stderr (a table, or JSON;\n"
    "                       =FILE writes the JSON to FILE)\n"
    "--gil-trace FILE     : write a Chrome trace-event file of the GIL (opens in Perfetto)\n"
    "--gil-timeline FILE  : write an SVG timeline of the GIL, one lane a thread\n"
    "--gil-policy POLICY  : GIL policy: cpython (default), legacy, fifo or priority;\n"
    "                       also GILPY_GIL_POLICY\n"
    "--switch-interval S  : GIL switch interval in seconds (sys.setswitchinterval)\n"
    "--check-interval N   : legacy policy: instructions between GIL releases (default 100)\n"
    "\n"
    "Arguments:\n"
    "file   : program read from script file\n"
    "-      : program read from stdin (default; interactive mode if a tty)\n"
    "arg ...: arguments passed to program in sys.argv[1:]\n";

constexpr const char* kHelpEnv =
    "Environment variables that change behavior:\n"
    "PYTHONSTARTUP: file executed on interactive startup (no default)\n"
    "PYTHONPATH   : ':'-separated list of directories prefixed to the\n"
    "               default module search path.  The result is sys.path.\n"
    "PYTHONSAFEPATH: don't prepend a potentially unsafe path to sys.path.\n"
    "PYTHONPYCACHEPREFIX: root directory for bytecode cache (pyc) files.\n"
    "PYTHON_HISTORY: the file of the REPL's history (default ~/.gilpy_history).\n"
    "NO_COLOR, FORCE_COLOR: no colour in the REPL / colour even if the terminal\n"
    "               does not say it supports it (never when output is not a terminal).\n"
    "These variables have equivalent command-line parameters (see --help for details):\n"
    "PYTHONDONTWRITEBYTECODE : don't write .pyc files (-B)\n"
    "PYTHONINSPECT           : inspect interactively after running script (-i)\n"
    "PYTHONNOUSERSITE        : disable user site directory (-s)\n"
    "PYTHONOPTIMIZE          : enable level 1 optimizations (-O)\n"
    "PYTHONUNBUFFERED        : disable stdout/stderr buffering (-u)\n"
    "PYTHONVERBOSE           : trace import statements (-v)\n"
    "PYTHONWARNINGS=arg      : warning control (-W arg)\n"
    "gilpy's own:\n"
    "GILPY_GIL_POLICY        : the GIL policy (--gil-policy)\n"
    "GILPY_STDLIB            : CPython 3.11's standard-library directory (the last\n"
    "                          entry of sys.path)\n"
    "GILPY_STDLIB_CACHE      : the read-only bytecode of that library, compiled when\n"
    "                          gilpy was built\n";

// Prints a usage error as CPython does; returns the status (2).
int usage_error(const std::string& message) {
  std::fprintf(stderr, "%s\n%sTry `gilpy -h' for more information.\n", message.c_str(), kUsage);
  return 2;
}

// An environment variable's value, or null when unset or empty (CPython ignores empty ones).
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

// PYTHONOPTIMIZE=N and the like: a number sets the level, anything else counts as 1.
int env_level(const char* name) {
  const char* v = env(name);
  if (!v) return 0;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return *end == '\0' && n >= 1 ? int(n) : 1;
}

bool parse_number(const std::string& s, double* out) {
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0';
}

// gilpy's long options, and CPython's: getopt_long's `val` for each.
enum LongOption {
  kOptHelp = 256, kOptVersion, kOptHelpEnv, kOptDis, kOptGilStats, kOptGilTrace, kOptGilTimeline, kOptGilPolicy,
  kOptSwitchInterval, kOptCheckInterval
};
const option kLongOptions[] = {
    {"help", no_argument, nullptr, kOptHelp},
    {"version", no_argument, nullptr, kOptVersion},
    {"help-env", no_argument, nullptr, kOptHelpEnv},
    {"dis", no_argument, nullptr, kOptDis},
    {"gil-stats", optional_argument, nullptr, kOptGilStats},
    {"gil-trace", required_argument, nullptr, kOptGilTrace},
    {"gil-timeline", required_argument, nullptr, kOptGilTimeline},
    {"gil-policy", required_argument, nullptr, kOptGilPolicy},
    {"switch-interval", required_argument, nullptr, kOptSwitchInterval},
    {"check-interval", required_argument, nullptr, kOptCheckInterval},
    {nullptr, 0, nullptr, 0}};
// '+': stop at the first operand (the script, or "-"); ':': a missing argument is ':'.
constexpr const char* kShortOptions = "+:bBc:dEhiIm:OPqRsSuvVW:xX:";

// A gilpy option's value, checked. Returns -1, or the usage error's status.
int apply_gilpy_option(int which, const std::string& value, Options* opt) {
  double d = 0;
  switch (which) {
    case kOptDis: opt->dis = true; break;
    case kOptGilStats:
      opt->gil_reports.stats = true;
      opt->gil_reports.stats_format = value;
      break;
    case kOptGilTrace:
    case kOptGilTimeline:
      if (value.empty())
        return usage_error(std::string("Argument expected for the --") +
                           (which == kOptGilTrace ? "gil-trace" : "gil-timeline") + " option");
      (which == kOptGilTrace ? opt->gil_reports.trace_path : opt->gil_reports.timeline_path) = value;
      break;
    case kOptGilPolicy:
      if (value != "cpython" && value != "legacy" && value != "fifo" && value != "priority")
        return usage_error("--gil-policy: " + value + " is not one of cpython, legacy, fifo, priority");
      opt->gil_policy = value;
      break;
    case kOptSwitchInterval:
      if (!parse_number(value, &d) || !(d > 0))
        return usage_error("--switch-interval: a positive number of seconds expected, not " + value);
      opt->switch_interval = d;
      break;
    case kOptCheckInterval:
      if (!parse_number(value, &d) || !(d >= 1) || d != double(int(d)))
        return usage_error("--check-interval: a positive number of instructions expected, not " + value);
      opt->check_interval = int(d);
      break;
  }
  return -1;
}

// getopt_long accepts a unique prefix of a long option; CPython only the whole name.
bool abbreviated(const char* word) {
  std::string name = word + 2;
  name = name.substr(0, name.find('='));
  for (const option* o = kLongOptions; o->name; ++o)
    if (name == o->name) return false;
  return true;
}

// The non-empty pieces of `s` between `separator`s ("a::b" -> a, b).
std::vector<std::string> split_nonempty(const std::string& s, char separator) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(separator, start);
    std::string piece = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!piece.empty()) pieces.push_back(piece);
    if (end == std::string::npos) return pieces;
    start = end + 1;
  }
}

// The environment, read before the options (which override it), unless -E or -I.
void read_environment(Options* opt) {
  if (const char* v = env("GILPY_GIL_POLICY")) opt->gil_policy = v;
  if (opt->ignore_environment || opt->isolated) return;
  if (env("PYTHONINSPECT")) opt->inspect = true;
  if (env("PYTHONUNBUFFERED")) opt->unbuffered = true;
  if (env("PYTHONDONTWRITEBYTECODE")) opt->dont_write_bytecode = true;
  if (const char* v = env("PYTHONPYCACHEPREFIX")) opt->pycache_prefix = v;
  if (env("PYTHONNOUSERSITE")) opt->no_user_site = true;
  if (env("PYTHONSAFEPATH")) opt->safe_path = true;
  opt->optimize = std::max(opt->optimize, env_level("PYTHONOPTIMIZE"));
  opt->verbose = std::max(opt->verbose, env_level("PYTHONVERBOSE"));
  if (const char* v = env("PYTHONSTARTUP")) opt->startup = v;
  if (const char* v = env("PYTHONPATH")) opt->pythonpath = split_nonempty(v, ':');
  if (const char* v = env("PYTHONWARNINGS")) opt->warnoptions = split_nonempty(v, ',');
}

}  // namespace

int parse_command_line(int argc, char** argv, Options* opt) {
  opterr = 0;  // the messages are CPython's, below
  // -E and -I must be known before the environment is read, which the options then
  // override: a first pass looks for them only.
  for (int c; (c = getopt_long(argc, argv, kShortOptions, kLongOptions, nullptr)) != -1 && c != 'c' && c != 'm';) {
    if (c == 'E') opt->ignore_environment = true;
    if (c == 'I') opt->isolated = true;
  }
  read_environment(opt);
  std::vector<std::string> cmd_warnoptions;
  optind = 0;  // (0: glibc's getopt starts over)
  for (;;) {
    int at = optind ? optind : 1;  // the word the next option is in (a long one starts a word)
    int c = getopt_long(argc, argv, kShortOptions, kLongOptions, nullptr);
    if (c == -1) break;
    const char* word = argv[at < argc ? at : argc - 1];
    if (c >= kOptHelp && abbreviated(word)) c = '?';
    switch (c) {
      case 'c':
      case 'm':
        (c == 'c' ? opt->command : opt->module) = optarg;
        opt->has_command = c == 'c';
        for (int j = optind; j < argc; ++j) opt->rest.push_back(argv[j]);
        opt->warnoptions.insert(opt->warnoptions.end(), cmd_warnoptions.begin(), cmd_warnoptions.end());
        return -1;
      case 'W': cmd_warnoptions.push_back(optarg); break;
      case 'X':
        opt->xoptions.push_back(optarg);
        if (std::strncmp(optarg, "pycache_prefix=", 15) == 0) opt->pycache_prefix = optarg + 15;
        break;
      case 'b': ++opt->bytes_warning; break;
      case 'B': opt->dont_write_bytecode = true; break;
      case 'E': opt->ignore_environment = true; break;
      case 'h':
      case kOptHelp: std::printf("%s%s", kUsage, kHelp); return 0;
      case 'i': opt->inspect = true; break;
      case 'I': opt->isolated = opt->no_user_site = opt->safe_path = opt->ignore_environment = true; break;
      case 'O': ++opt->optimize; break;
      case 'P': opt->safe_path = true; break;
      case 'q': opt->quiet = true; break;
      case 's': opt->no_user_site = true; break;
      case 'S': opt->no_site = true; break;
      case 'u': opt->unbuffered = true; break;
      case 'v': ++opt->verbose; break;
      case 'V':
      case kOptVersion: std::printf("%s\n", kVersion); return 0;
      case kOptHelpEnv: std::printf("%s", kHelpEnv); return 0;
      case 'd':
      case 'R':
      case 'x': break;  // accepted, no effect
      case ':':
        if (optopt >= kOptHelp) return usage_error(std::string("Argument expected for the ") + word + " option");
        return usage_error(std::string("Argument expected for the -") + char(optopt) + " option");
      case '?':
        // -? is CPython's -h; a word starting "--" is an unknown long option.
        if (optopt == '?' && std::strcmp(word, "-?") == 0) {
          std::printf("%s%s", kUsage, kHelp);
          return 0;
        }
        if (word[0] == '-' && word[1] == '-')
          return usage_error("unknown option " + std::string(word).substr(0, std::string(word).find('=')));
        return usage_error(std::string("Unknown option: -") + char(optopt));
      default: {
        int rc = apply_gilpy_option(c, optarg ? optarg : "", opt);
        if (rc >= 0) return rc;
      }
    }
  }
  for (int j = optind; j < argc; ++j) opt->rest.push_back(argv[j]);
  opt->warnoptions.insert(opt->warnoptions.end(), cmd_warnoptions.begin(), cmd_warnoptions.end());
  return -1;
}

}  // namespace gilpy::cli
