// stdlib/time.cpp: the time module: clocks, sleep, and the struct_time conversions.
//
// Clocks read clock_gettime (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
// CLOCK_THREAD_CPUTIME_ID). struct_time is a struct sequence of the nine classic fields.
#include <sched.h>
#include <time.h>

#include <cerrno>
#include <cmath>
#include <string>

#include "runtime/gil.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "stdlib/structseq.h"
#include "vm/import.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type StructTimeType;
Type ClockInfoType;  // get_clock_info's result, shown as CPython's SimpleNamespace
const char* const kClockInfoFields[] = {"implementation", "monotonic", "adjustable", "resolution"};
// Nine items, then two attributes only (tm_zone, tm_gmtoff), as CPython's.
const char* const kStructTimeFields[] = {"tm_year", "tm_mon",  "tm_mday",  "tm_hour", "tm_min",   "tm_sec",
                                         "tm_wday", "tm_yday", "tm_isdst", "tm_zone", "tm_gmtoff"};

int64_t clock_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

bool no_args(const char* name, size_t nargs, Tuple* kwnames) {
  return check_no_kwargs(name, kwnames) && check_nargs(name, nargs, 0, 0);
}

#define CLOCK_FUNCS(pyname, id)                                                          \
  Ref t_##pyname(Value self, const Value* args, size_t nargs, Tuple* kwnames) {         \
    if (!no_args(#pyname, nargs, kwnames)) return nullptr;                             \
    return make_float(clock_s(id));                                                     \
  }                                                                                     \
  Ref t_##pyname##_ns(Value self, const Value* args, size_t nargs, Tuple* kwnames) {    \
    if (!no_args(#pyname "_ns", nargs, kwnames)) return nullptr;                       \
    return make_int(clock_ns(id));                                                      \
  }

CLOCK_FUNCS(time, CLOCK_REALTIME)
CLOCK_FUNCS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCS(process_time, CLOCK_PROCESS_CPUTIME_ID)
CLOCK_FUNCS(thread_time, CLOCK_THREAD_CPUTIME_ID)
#undef CLOCK_FUNCS

// Seconds as a double from an int or float (time.sleep's argument rules).
bool seconds_arg(Value v, double* out) {
  if (is_float(v)) {
    *out = v.as<Float>()->v;
    return true;
  }
  if (is_int(v)) {
    bool overflow = false;
    *out = int_to_double(v, &overflow);
    if (overflow) {
      raise(&OverflowErrorType, "timestamp too large to convert to C _PyTime_t");
      return false;
    }
    return true;
  }
  Type* t = type_of(v);
  if (t->number && t->number->to_float) return as_double(v, out);
  raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", t->name);
  return false;
}

Ref t_sleep(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("sleep", kwnames)) return nullptr;
  if (nargs != 1) return raisef(&TypeErrorType, "time.sleep() takes exactly one argument (%zu given)", nargs);
  double secs;
  if (!seconds_arg(args[0], &secs)) return nullptr;
  if (std::isnan(secs)) return raise(&ValueErrorType, "Invalid value NaN (not a number)");
  if (secs < 0) return raise(&ValueErrorType, "sleep length must be non-negative");
  if (secs > 9.2e9) return raise(&OverflowErrorType, "timestamp too large to convert to C _PyTime_t");
  struct timespec req;
  req.tv_sec = time_t(secs);
  req.tv_nsec = long((secs - double(req.tv_sec)) * 1e9);
  if (req.tv_nsec >= 1000000000) {
    req.tv_sec++;
    req.tv_nsec -= 1000000000;
  }
  // The whole wait runs without the GIL. sleep(0) still releases it and yields the CPU,
  // which lets another thread run (as CPython's does). On the main thread a signal
  // interrupts the sleep (EINTR): its Python handler runs, and unless it raised (SIGINT's
  // default raises KeyboardInterrupt) the sleep goes on for the time left (PEP 475).
  for (;;) {
    int rc, err = 0;
    {
      BlockingRegion br(BlockReason::kSleep);
      if (req.tv_sec == 0 && req.tv_nsec == 0) {
        sched_yield();
        rc = 0;
      } else {
        rc = nanosleep(&req, &req);
        if (rc != 0) err = errno;
      }
    }
    if (rc == 0) break;
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
  return Ref::none();
}

Ref struct_time_from(const struct tm& tm) {
  Value items[11] = {Value::small_int(tm.tm_year + 1900), Value::small_int(tm.tm_mon + 1),
                    Value::small_int(tm.tm_mday),        Value::small_int(tm.tm_hour),
                    Value::small_int(tm.tm_min),         Value::small_int(tm.tm_sec),
                    Value::small_int((tm.tm_wday + 6) % 7), Value::small_int(tm.tm_yday + 1),
                    Value::small_int(tm.tm_isdst), Value::none(), Value::small_int(tm.tm_gmtoff)};
  Ref zone = tm.tm_zone ? new_str(tm.tm_zone) : Ref::none();
  items[9] = zone.get();
  return structseq_new(&StructTimeType, items, 11);
}

// The optional `secs` argument: None or missing means now.
bool secs_or_now(const char* name, const Value* args, size_t nargs, Tuple* kwnames, time_t* out) {
  Value secs = Value::none();
  if (!bind_args(name, args, nargs, kwnames, {"seconds", "/"}, 0, {&secs})) return false;
  if (secs.is_none()) {
    *out = ::time(nullptr);
    return true;
  }
  double d;
  if (!seconds_arg(secs, &d)) return false;
  if (std::isnan(d)) {
    raise(&ValueErrorType, "Invalid value NaN (not a number)");
    return false;
  }
  if (std::fabs(d) > 1e17) {
    raise(&OverflowErrorType, "timestamp out of range for platform time_t");
    return false;
  }
  *out = time_t(std::floor(d));  // CPython rounds a float timestamp toward -inf
  return true;
}

Ref t_gmtime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  time_t t;
  if (!secs_or_now("gmtime", args, nargs, kwnames, &t)) return nullptr;
  struct tm tm;
  if (!gmtime_r(&t, &tm)) return raise_os_error(errno ? errno : EOVERFLOW);
  return struct_time_from(tm);
}

Ref t_localtime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  time_t t;
  if (!secs_or_now("localtime", args, nargs, kwnames, &t)) return nullptr;
  struct tm tm;
  if (!localtime_r(&t, &tm)) return raise_os_error(errno ? errno : EOVERFLOW);
  return struct_time_from(tm);
}

// A struct_time or 9-tuple into a struct tm.
bool tm_from_tuple(const char* fname, Value v, struct tm* tm) {
  if (!is_tuple(v) || v.as<Tuple>()->size != 9) {
    if (is_tuple(v))
      raisef(&TypeErrorType, "%s(): illegal time tuple argument", fname);
    else
      raisef(&TypeErrorType, "Tuple or struct_time argument required");
    return false;
  }
  Tuple* t = v.as<Tuple>();
  int64_t f[9];
  for (int i = 0; i < 9; i++) {
    auto x = index_as_int64(t->items[i]);
    if (!x) return false;
    f[i] = *x;
  }
  *tm = {};
  tm->tm_year = int(f[0] - 1900);
  tm->tm_mon = int(f[1] - 1);
  tm->tm_mday = int(f[2]);
  tm->tm_hour = int(f[3]);
  tm->tm_min = int(f[4]);
  tm->tm_sec = int(f[5]);
  tm->tm_wday = int((f[6] + 1) % 7);
  tm->tm_yday = int(f[7] - 1);
  tm->tm_isdst = int(f[8]);
  return true;
}

bool tm_arg_or_now(const char* fname, const Value* args, size_t nargs, size_t index, struct tm* tm) {
  if (nargs > index) return tm_from_tuple(fname, args[index], tm);
  time_t now = ::time(nullptr);
  localtime_r(&now, tm);
  return true;
}

// strptime(string, format): CPython's own parser, _strptime._strptime_time (pure Python).
Ref t_strptime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("strptime", kwnames) || !check_nargs("strptime", nargs, 1, 2)) return nullptr;
  Ref module = vm::import_module("_strptime");
  if (!module) return nullptr;
  Ref parse = getattr(module.get(), "_strptime_time");
  if (!parse) return nullptr;
  return call(parse.get(), args, nargs);
}

Ref t_strftime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("strftime", kwnames)) return nullptr;
  if (nargs < 1 || nargs > 2)
    return raisef(&TypeErrorType, "strftime expected %s argument%s, got %zu", nargs < 1 ? "at least 1" : "at most 2",
                  nargs < 1 ? "" : "s", nargs);
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "strftime() argument 1 must be str, not %s", type_name(args[0]));
  struct tm tm;
  if (!tm_arg_or_now("strftime", args, nargs, 1, &tm)) return nullptr;
  std::string fmt = utf8_of(args[0]);
  if (fmt.empty()) return new_str("");
  std::string buf(256 + fmt.size() * 4, '\0');
  for (;;) {
    size_t n = ::strftime(buf.data(), buf.size(), fmt.c_str(), &tm);
    if (n > 0 || buf.size() > 256 * fmt.size() + 4096) {
      buf.resize(n);
      break;
    }
    buf.resize(buf.size() * 2);
  }
  return new_str(buf);
}

std::string asctime_of(const struct tm& tm) {
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return strfmt("%s %s %2d %02d:%02d:%02d %d", days[(tm.tm_wday % 7 + 7) % 7], months[(tm.tm_mon % 12 + 12) % 12],
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 1900 + tm.tm_year);
}

Ref t_asctime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("asctime", kwnames) || !check_nargs("asctime", nargs, 0, 1)) return nullptr;
  struct tm tm;
  if (!tm_arg_or_now("asctime", args, nargs, 0, &tm)) return nullptr;
  return new_str(asctime_of(tm));
}

Ref t_ctime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  time_t t;
  if (!secs_or_now("ctime", args, nargs, kwnames, &t)) return nullptr;
  struct tm tm;
  if (!localtime_r(&t, &tm)) return raise_os_error(errno ? errno : EOVERFLOW);
  return new_str(asctime_of(tm));
}

Ref t_mktime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("mktime", kwnames) || !check_nargs("mktime", nargs, 1, 1)) return nullptr;
  struct tm tm;
  if (!tm_from_tuple("mktime", args[0], &tm)) return nullptr;
  tm.tm_wday = -1;
  time_t t = ::mktime(&tm);
  if (t == time_t(-1) && tm.tm_wday == -1) return raise(&OverflowErrorType, "mktime argument out of range");
  return make_float(double(t));
}

Ref t_get_clock_info(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name;
  if (!bind_args("get_clock_info", args, nargs, kwnames, {"name", "/"}, 1, {&name})) return nullptr;
  if (!is_str(name))
    return raisef(&TypeErrorType, "get_clock_info() argument must be str, not %s", type_name(name));
  std::string n = utf8_of(name);
  const char* impl;
  bool monotonic = true, adjustable = false;
  if (n == "time") {
    impl = "clock_gettime(CLOCK_REALTIME)";
    monotonic = false;
    adjustable = true;
  } else if (n == "monotonic" || n == "perf_counter") {
    impl = "clock_gettime(CLOCK_MONOTONIC)";
  } else if (n == "process_time") {
    impl = "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)";
  } else if (n == "thread_time") {
    impl = "clock_gettime(CLOCK_THREAD_CPUTIME_ID)";
  } else {
    return raise(&ValueErrorType, "unknown clock");
  }
  Ref impl_s = new_str(impl);
  Ref resolution = make_float(1e-09);
  Value items[] = {impl_s.get(), Value::boolean(monotonic), Value::boolean(adjustable), resolution.get()};
  return structseq_new(&ClockInfoType, items, 4);
}

const MethodDef time_functions[] = {
    {"get_clock_info", t_get_clock_info, 0, "Get information of the specified clock."},
    {"time", t_time, 0, "Return the current time in seconds since the Epoch."},
    {"time_ns", t_time_ns, 0, "Return the current time in nanoseconds since the Epoch."},
    {"monotonic", t_monotonic, 0, "Monotonic clock, cannot go backward."},
    {"monotonic_ns", t_monotonic_ns, 0, "Monotonic clock, cannot go backward, as nanoseconds."},
    {"perf_counter", t_perf_counter, 0, "Performance counter for benchmarking."},
    {"perf_counter_ns", t_perf_counter_ns, 0, "Performance counter for benchmarking as nanoseconds."},
    {"process_time", t_process_time, 0, "Process time for profiling: sum of the kernel and user-space CPU time."},
    {"process_time_ns", t_process_time_ns, 0, "Process time for profiling as nanoseconds."},
    {"thread_time", t_thread_time, 0, "Thread time for profiling: sum of the kernel and user-space CPU time."},
    {"thread_time_ns", t_thread_time_ns, 0, "Thread time for profiling as nanoseconds."},
    {"sleep", t_sleep, 0, "Delay execution for a given number of seconds."},
    {"gmtime", t_gmtime, 0, "Convert seconds since the Epoch to a time tuple expressing UTC."},
    {"localtime", t_localtime, 0, "Convert seconds since the Epoch to a time tuple expressing local time."},
    {"strftime", t_strftime, 0, "Convert a time tuple to a string according to a format specification."},
    {"strptime", t_strptime, 0, "Parse a string to a time tuple according to a format specification."},
    {"asctime", t_asctime, 0, "Convert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'."},
    {"ctime", t_ctime, 0, "Convert a time in seconds since the Epoch to a string in local time."},
    {"mktime", t_mktime, 0, "Convert a time tuple in local time to seconds since the Epoch."},
    {nullptr}};

}  // namespace

Ref create_time_module() {
  static bool types_ready = false;
  if (!types_ready) {
    types_ready = true;
    structseq_init_type(&StructTimeType, "struct_time", "time.struct_time", kStructTimeFields, 11, 9);
    structseq_init_type(&ClockInfoType, "SimpleNamespace", "namespace", kClockInfoFields, 4);
  }
  Own<Module> m = module_new("time");
  if (!module_add_functions(m.get(), time_functions)) return nullptr;
  module_add(m.get(), "struct_time", Value::from_obj(&StructTimeType));
  module_add(m.get(), "_STRUCT_TM_ITEMS", Value::small_int(11));  // struct_time fields, zone and offset included
  tzset();
  module_add(m.get(), "timezone", make_int(int64_t(::timezone)).get());
  module_add(m.get(), "altzone", make_int(int64_t(::timezone) - (::daylight ? 3600 : 0)).get());
  module_add(m.get(), "daylight", Value::small_int(::daylight));
  Ref tzname = make_tuple(new_str(::tzname[0]), new_str(::tzname[1]));
  module_add(m.get(), "tzname", tzname.get());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
