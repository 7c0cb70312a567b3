// stdlib/os.cpp: a small os module (process, files and folders, environment) and its
// os.path submodule (posixpath's string functions and a few stat-based tests).
//
// os.path is also a module of its own in the registry ("os.path"); `import os` puts it in
// sys.modules and as the `path` attribute, so `import os.path` finds it there.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "runtime/bytes.h"
#include "runtime/gil.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "stdlib/structseq.h"
#include "vm/import.h"
#include "vm/interpreter.h"

extern char** environ;

namespace gilpy::stdlib {

using namespace rt;

std::string normpath_posix(const std::string& path) {
  if (path.empty()) return ".";
  int initial = 0;
  if (path[0] == '/') {
    initial = 1;
    if (path.size() > 1 && path[1] == '/' && (path.size() == 2 || path[2] != '/')) initial = 2;
  }
  std::vector<std::string> comps;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    i = j + 1;
    if (c.empty() || c == ".") continue;
    if (c != ".." || (!initial && comps.empty()) || (!comps.empty() && comps.back() == "..")) {
      comps.push_back(c);
    } else if (!comps.empty()) {
      comps.pop_back();
    }
  }
  std::string out(size_t(initial), '/');
  for (size_t k = 0; k < comps.size(); k++) {
    if (k) out += '/';
    out += comps[k];
  }
  return out.empty() ? "." : out;
}


namespace {

Type StatResultType;
// As CPython's: ten sequence items (whole seconds at 7-9), then attributes only (the
// float times, which the repeated names make st_atime etc., the nanoseconds, ...).
const char* const kStatFields[] = {"st_mode",     "st_ino",      "st_dev",      "st_nlink",   "st_uid",
                                   "st_gid",      "st_size",     "st_atime",    "st_mtime",   "st_ctime",
                                   "st_atime",    "st_mtime",    "st_ctime",    "st_atime_ns", "st_mtime_ns",
                                   "st_ctime_ns", "st_blksize",  "st_blocks",   "st_rdev"};
constexpr int kStatAll = 19, kStatVisible = 10;

// A path argument: str (or bytes) into UTF-8. `fname` and `arg` name it in TypeErrors.
bool path_arg(const char* fname, const char* arg, Value v, std::string* out) {
  if (is_str(v)) {
    *out = utf8_of(v);
  } else if (is_bytes(v)) {
    *out = std::string(v.as<Bytes>()->view());
  } else {
    Ref fs = getattr_opt(v, intern("__fspath__"));
    if (fs) {
      Ref r = call0(fs.get());
      if (!r) return false;
      return path_arg(fname, arg, r.get(), out);
    }
    if (error_pending()) return false;
    raisef(&TypeErrorType, "%s: %s should be string, bytes or os.PathLike, not %s", fname, arg, type_name(v));
    return false;
  }
  if (out->find('\0') != std::string::npos) {
    raisef(&ValueErrorType, "%s: embedded null character in %s", fname, arg);
    return false;
  }
  return true;
}

Ref path_result(Value like, const std::string& s) {
  if (is_bytes(like)) return bytes_new(s).into_ref();
  return new_str(s);
}

// --- os ----------------------------------------------------------------------------------

Ref os_getpid(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("getpid", nargs, 0, 0)) return nullptr;
  return make_int(::getpid());
}

Ref os_getppid(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("getppid", nargs, 0, 0)) return nullptr;
  return make_int(::getppid());
}

std::string cwd() {
  std::string buf(4096, '\0');
  while (!::getcwd(buf.data(), buf.size())) {
    if (errno != ERANGE) return "";
    buf.resize(buf.size() * 2);
  }
  buf.resize(std::strlen(buf.c_str()));
  return buf;
}

Ref os_getcwd(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("getcwd", nargs, 0, 0)) return nullptr;
  std::string c = cwd();
  if (c.empty()) return raise_os_error(errno);
  return new_str(c);
}

Ref os_chdir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("chdir", args, nargs, kwnames, {"path"}, 1, {&p})) return nullptr;
  std::string path;
  if (!path_arg("chdir", "path", p, &path)) return nullptr;
  if (::chdir(path.c_str()) < 0) return raise_os_error(errno, p);
  return Ref::none();
}

Ref os_listdir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p = Value::none();
  if (!bind_args("listdir", args, nargs, kwnames, {"path"}, 0, {&p})) return nullptr;
  std::string path = ".";
  if (!p.is_none() && !path_arg("listdir", "path", p, &path)) return nullptr;
  // GIL: release here (issue 3)
  DIR* d = ::opendir(path.c_str());
  if (!d) return raise_os_error(errno, p.is_none() ? Value() : p);
  Own<List> out = list_new();
  while (struct dirent* e = ::readdir(d)) {
    if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
    Ref name = path_result(p, e->d_name);
    list_append(out.get(), name.get());
  }
  ::closedir(d);
  return out.into_ref();
}

Ref os_mkdir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, mode = Value::small_int(0777);
  if (!bind_args("mkdir", args, nargs, kwnames, {"path", "mode"}, 1, {&p, &mode})) return nullptr;
  std::string path;
  if (!path_arg("mkdir", "path", p, &path)) return nullptr;
  auto m = index_as_int64(mode);
  if (!m) return nullptr;
  if (::mkdir(path.c_str(), mode_t(*m)) < 0) return raise_os_error(errno, p);
  return Ref::none();
}

Ref os_makedirs(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, mode = Value::small_int(0777), exist_ok = Value::false_();
  if (!bind_args("makedirs", args, nargs, kwnames, {"name", "mode", "exist_ok"}, 1, {&p, &mode, &exist_ok}))
    return nullptr;
  std::string path;
  if (!path_arg("makedirs", "path", p, &path)) return nullptr;
  auto m = index_as_int64(mode);
  if (!m) return nullptr;
  int ok = truthy(exist_ok);
  if (ok < 0) return nullptr;
  for (size_t i = 1; i <= path.size(); i++) {
    if (i != path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (::mkdir(prefix.c_str(), mode_t(*m)) < 0) {
      if (errno != EEXIST) return raise_os_error(errno, p);
      if (i == path.size() || (i == path.size() - 1)) {
        struct stat st;
        bool is_dir = ::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        if (!ok || !is_dir) return raise_os_error(EEXIST, p);
      }
    }
  }
  return Ref::none();
}

Ref one_path_call(const char* name, const Value* args, size_t nargs, Tuple* kwnames, int (*fn)(const char*)) {
  Value p;
  if (!bind_args(name, args, nargs, kwnames, {"path"}, 1, {&p})) return nullptr;
  std::string path;
  if (!path_arg(name, "path", p, &path)) return nullptr;
  if (fn(path.c_str()) < 0) return raise_os_error(errno, p);
  return Ref::none();
}

Ref os_remove(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return one_path_call("remove", args, nargs, kwnames, ::unlink);
}
Ref os_unlink(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return one_path_call("unlink", args, nargs, kwnames, ::unlink);
}
Ref os_rmdir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return one_path_call("rmdir", args, nargs, kwnames, ::rmdir);
}

Ref rename_impl(const char* name, const Value* args, size_t nargs, Tuple* kwnames) {
  Value src, dst;
  if (!bind_args(name, args, nargs, kwnames, {"src", "dst"}, 2, {&src, &dst})) return nullptr;
  std::string a, b;
  if (!path_arg(name, "src", src, &a) || !path_arg(name, "dst", dst, &b)) return nullptr;
  if (::rename(a.c_str(), b.c_str()) < 0) return raise_os_error2(errno, src, dst);
  return Ref::none();
}
Ref os_rename(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return rename_impl("rename", args, nargs, kwnames);
}
Ref os_replace(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return rename_impl("replace", args, nargs, kwnames);
}

Ref stat_result(const struct stat& st) {
  auto secs = [](const struct timespec& t) { return make_float(double(t.tv_sec) + t.tv_nsec * 1e-9); };
  auto nanos = [](const struct timespec& t) { return make_int(int64_t(t.tv_sec) * 1000000000 + t.tv_nsec); };
  Ref atime = secs(st.st_atim), mtime = secs(st.st_mtim), ctime = secs(st.st_ctim);
  Ref atime_ns = nanos(st.st_atim), mtime_ns = nanos(st.st_mtim), ctime_ns = nanos(st.st_ctim);
  Ref ino = make_int_u64(st.st_ino), dev = make_int_u64(st.st_dev), size = make_int(int64_t(st.st_size));
  Ref rdev = make_int_u64(st.st_rdev), blocks = make_int(int64_t(st.st_blocks));
  Ref ai = make_int(int64_t(st.st_atim.tv_sec)), mi = make_int(int64_t(st.st_mtim.tv_sec)),
      ci = make_int(int64_t(st.st_ctim.tv_sec));
  Value items[kStatAll] = {Value::small_int(st.st_mode), ino.get(), dev.get(), Value::small_int(int64_t(st.st_nlink)),
                           Value::small_int(st.st_uid), Value::small_int(st.st_gid), size.get(),
                           ai.get(), mi.get(), ci.get(), atime.get(), mtime.get(), ctime.get(),
                           atime_ns.get(), mtime_ns.get(), ctime_ns.get(), Value::small_int(st.st_blksize),
                           blocks.get(), rdev.get()};
  return structseq_new(&StatResultType, items, kStatAll);
}

Ref os_getenv(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, dflt = Value::none();
  if (!bind_args("getenv", args, nargs, kwnames, {"key", "default"}, 1, {&key, &dflt})) return nullptr;
  if (!is_str(key)) return raisef(&TypeErrorType, "str expected, not %s", type_name(key));
  // As CPython's os.getenv: what os.environ holds, so assignments to it are seen.
  Ref env = is_module(self) ? getattr_opt(self, intern("environ")) : Ref();
  if (env && is_dict(env.get())) {
    Value v = dict_get(env.get().as<Dict>(), key);
    if (v) return Ref::borrow(v);
    if (error_pending()) return nullptr;
    return Ref::borrow(dflt);
  }
  if (error_pending()) return nullptr;
  const char* v = ::getenv(utf8_of(key).c_str());
  if (!v) return Ref::borrow(dflt);
  return new_str(v);
}

// putenv(name, value) / unsetenv(name): the process environment child processes inherit.
Ref os_putenv(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, value;
  if (!bind_args("putenv", args, nargs, kwnames, {"name", "value"}, 2, {&key, &value})) return nullptr;
  if (!is_str(key) || !is_str(value)) return raise(&TypeErrorType, "str expected");
  std::string k = utf8_of(key);
  if (k.empty() || k.find('=') != std::string::npos) return raise(&ValueErrorType, "illegal environment variable name");
  if (::setenv(k.c_str(), utf8_of(value).c_str(), 1) != 0) return raise_os_error(errno);
  return Ref::none();
}

Ref os_unsetenv(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key;
  if (!bind_args("unsetenv", args, nargs, kwnames, {"name"}, 1, {&key})) return nullptr;
  if (!is_str(key)) return raise(&TypeErrorType, "str expected");
  if (::unsetenv(utf8_of(key).c_str()) != 0) return raise_os_error(errno);
  return Ref::none();
}

Ref os_cpu_count(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) return Ref::none();
  return make_int(n);
}

Ref os_urandom(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value size;
  if (!bind_args("urandom", args, nargs, kwnames, {"size", "/"}, 1, {&size})) return nullptr;
  auto n = index_as_int64(size);
  if (!n) return nullptr;
  if (*n < 0) return raise(&ValueErrorType, "negative argument not allowed");
  std::string buf(size_t(*n), '\0');
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return raise_os_error(errno);
  size_t got = 0;
  while (got < buf.size()) {
    ssize_t r = ::read(fd, buf.data() + got, buf.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      int e = errno;
      ::close(fd);
      return raise_os_error(e ? e : EIO);
    }
    got += size_t(r);
  }
  ::close(fd);
  return bytes_new(buf).into_ref();
}

Ref os_strerror(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value code;
  if (!bind_args("strerror", args, nargs, kwnames, {"code", "/"}, 1, {&code})) return nullptr;
  auto c = index_as_int64(code);
  if (!c) return nullptr;
  return new_str(std::strerror(int(*c)));
}

Ref os_fspath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("fspath", args, nargs, kwnames, {"path"}, 1, {&p})) return nullptr;
  if (is_str(p) || is_bytes(p)) return Ref::borrow(p);
  Ref fs = getattr_opt(p, intern("__fspath__"));
  if (fs) return call0(fs.get());
  if (error_pending()) return nullptr;
  return raisef(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s", type_name(p));
}

Ref os_exit_now(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value status;
  if (!bind_args("_exit", args, nargs, kwnames, {"status"}, 1, {&status})) return nullptr;
  auto s = index_as_int64(status);
  if (!s) return nullptr;
  ::_exit(int(*s));
}

Ref os_system(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value command;
  if (!bind_args("system", args, nargs, kwnames, {"command"}, 1, {&command})) return nullptr;
  std::string cmd;
  if (!path_arg("system", "command", command, &cmd)) return nullptr;
  // GIL: release here (issue 3)
  int r = ::system(cmd.c_str());
  return make_int(r);
}

// --- signals and file descriptors (signal's tests and the wakeup fd need these) ----------

Ref os_kill(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("kill", kwnames)) return nullptr;
  if (nargs != 2) return raisef(&TypeErrorType, "kill() takes exactly 2 arguments (%zu given)", nargs);
  auto pid = index_as_int64(args[0]);
  if (!pid) return nullptr;
  auto signum = index_as_int64(args[1]);
  if (!signum) return nullptr;
  if (::kill(pid_t(*pid), int(*signum)) < 0) return raise_os_error(errno);
  // A signal sent to this process is handled before kill returns.
  if (!check_signals()) return nullptr;
  return Ref::none();
}

// A file descriptor argument: an int that fits a C int.
bool fd_arg(Value v, int* fd) {
  auto i = index_as_int64(v);
  if (!i) return false;
  if (*i < INT32_MIN || *i > INT32_MAX) {
    raise(&OverflowErrorType, "Python int too large to convert to C int");
    return false;
  }
  *fd = int(*i);
  return true;
}

Ref os_pipe(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("pipe", kwnames) || !check_nargs("pipe", nargs, 0, 0)) return nullptr;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) return raise_os_error(errno);
  return make_tuple(make_int(fds[0]), make_int(fds[1]));
}

// os.read and os.write retry after a signal whose handler did not raise (PEP 475).
Ref os_read(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("read", kwnames) || !check_nargs("read", nargs, 2, 2)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  auto length = index_as_int64(args[1]);
  if (!length) return nullptr;
  if (*length < 0) return raise_os_error(EINVAL);
  std::string buf(size_t(*length), '\0');
  for (;;) {
    ssize_t n;
    int err = 0;
    {
      BlockingRegion br(fd == 0 ? BlockReason::kInput : BlockReason::kIo);
      n = ::read(fd, buf.data(), buf.size());
      if (n < 0) err = errno;
    }
    if (n >= 0) {
      buf.resize(size_t(n));
      return bytes_new(buf).into_ref();
    }
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
}

Ref os_write(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("write", kwnames) || !check_nargs("write", nargs, 2, 2)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  if (!is_instance_of_type(args[1], &BytesType))
    return raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(args[1]));
  std::string data(args[1].as<Bytes>()->view());  // a copy: no object is touched without the GIL
  for (;;) {
    ssize_t n;
    int err = 0;
    {
      BlockingRegion br(BlockReason::kIo);
      n = ::write(fd, data.data(), data.size());
      if (n < 0) err = errno;
    }
    if (n >= 0) return make_int(n);
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
}

Ref os_close(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv;
  if (!bind_args("close", args, nargs, kwnames, {"fd"}, 1, {&fdv})) return nullptr;
  int fd;
  if (!fd_arg(fdv, &fd)) return nullptr;
  // Not retried on EINTR: Linux has closed the descriptor anyway.
  if (::close(fd) < 0 && errno != EINTR) return raise_os_error(errno);
  return Ref::none();
}

Ref os_get_blocking(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_blocking", kwnames) || !check_nargs("get_blocking", nargs, 1, 1)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return raise_os_error(errno);
  return Ref::boolean(!(flags & O_NONBLOCK));
}

Ref os_set_blocking(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("set_blocking", kwnames) || !check_nargs("set_blocking", nargs, 2, 2)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  int blocking = truthy(args[1]);
  if (blocking < 0) return nullptr;
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return raise_os_error(errno);
  int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
  if (wanted != flags && ::fcntl(fd, F_SETFL, wanted) < 0) return raise_os_error(errno);
  return Ref::none();
}

// --- stat, descriptors, links, times ------------------------------------------------------

// An optional dir_fd argument: only None (the default) is supported, as os.supports_dir_fd
// (empty) tells the standard library.
bool no_dir_fd(const char* fname, Value dir_fd) {
  if (dir_fd.is_none()) return true;
  raisef(&NotImplementedErrorType, "%s: dir_fd unavailable on this platform", fname);
  return false;
}

Ref stat_path(const char* fname, Value p, bool follow) {
  struct stat st;
  if (is_int(p) && !p.is_bool()) {
    int fd;
    if (!fd_arg(p, &fd)) return nullptr;
    if (::fstat(fd, &st) < 0) return raise_os_error(errno);
    return stat_result(st);
  }
  std::string path;
  if (!path_arg(fname, "path", p, &path)) return nullptr;
  int r = follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
  if (r < 0) return raise_os_error(errno, p);
  return stat_result(st);
}

Ref os_stat(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, dir_fd = Value::none(), follow = Value::true_();
  if (!bind_args("stat", args, nargs, kwnames, {"path", "*", "dir_fd", "follow_symlinks"}, 1, {&p, &dir_fd, &follow}))
    return nullptr;
  int f = truthy(follow);
  if (f < 0 || !no_dir_fd("stat", dir_fd)) return nullptr;
  return stat_path("stat", p, f);
}

Ref os_lstat(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, dir_fd = Value::none();
  if (!bind_args("lstat", args, nargs, kwnames, {"path", "*", "dir_fd"}, 1, {&p, &dir_fd})) return nullptr;
  if (!no_dir_fd("lstat", dir_fd)) return nullptr;
  return stat_path("lstat", p, false);
}

Ref os_fstat(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv;
  if (!bind_args("fstat", args, nargs, kwnames, {"fd"}, 1, {&fdv})) return nullptr;
  int fd;
  if (!fd_arg(fdv, &fd)) return nullptr;
  struct stat st;
  if (::fstat(fd, &st) < 0) return raise_os_error(errno);
  return stat_result(st);
}

// os.open(path, flags, mode=0o777, *, dir_fd=None): the descriptor is non-inheritable,
// as CPython's (O_CLOEXEC is added).
Ref os_open(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, flags, mode = Value::small_int(0777), dir_fd = Value::none();
  if (!bind_args("open", args, nargs, kwnames, {"path", "flags", "mode", "*", "dir_fd"}, 2, {&p, &flags, &mode, &dir_fd}))
    return nullptr;
  std::string path;
  if (!path_arg("open", "path", p, &path) || !no_dir_fd("open", dir_fd)) return nullptr;
  auto fl = index_as_int64(flags);
  if (!fl) return nullptr;
  auto m = index_as_int64(mode);
  if (!m) return nullptr;
  for (;;) {
    int fd;
    int err = 0;
    {
      BlockingRegion br(BlockReason::kIo);
      fd = ::open(path.c_str(), int(*fl) | O_CLOEXEC, mode_t(*m));
      if (fd < 0) err = errno;
    }
    if (fd >= 0) return make_int(fd);
    if (err != EINTR) return raise_os_error(err, p);
    if (!check_signals()) return nullptr;
  }
}

Ref os_lseek(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("lseek", kwnames) || !check_nargs("lseek", nargs, 3, 3)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  auto pos = index_as_int64(args[1]);
  if (!pos) return nullptr;
  auto how = index_as_int64(args[2]);
  if (!how) return nullptr;
  off_t r = ::lseek(fd, off_t(*pos), int(*how));
  if (r < 0) return raise_os_error(errno);
  return make_int(int64_t(r));
}

Ref os_dup(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("dup", kwnames) || !check_nargs("dup", nargs, 1, 1)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  int r = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (r < 0) return raise_os_error(errno);
  return make_int(r);
}

Ref os_dup2(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value a, b, inheritable = Value::true_();
  if (!bind_args("dup2", args, nargs, kwnames, {"fd", "fd2", "inheritable"}, 2, {&a, &b, &inheritable}))
    return nullptr;
  int fd, fd2;
  if (!fd_arg(a, &fd) || !fd_arg(b, &fd2)) return nullptr;
  int inh = truthy(inheritable);
  if (inh < 0) return nullptr;
  int r = inh ? ::dup2(fd, fd2) : ::dup3(fd, fd2, O_CLOEXEC);
  if (r < 0) return raise_os_error(errno);
  return make_int(r);
}

Ref fd_call(const char* name, const Value* args, size_t nargs, Tuple* kwnames, int (*fn)(int)) {
  Value fdv;
  if (!bind_args(name, args, nargs, kwnames, {"fd"}, 1, {&fdv})) return nullptr;
  int fd;
  if (!is_int(fdv)) {
    Ref fileno = getattr_opt(fdv, intern("fileno"));
    if (!fileno) {
      if (!error_pending()) raisef(&TypeErrorType, "argument must be an int, or have a fileno() method.");
      return nullptr;
    }
    Ref r = call0(fileno.get());
    if (!r || !fd_arg(r.get(), &fd)) return nullptr;
  } else if (!fd_arg(fdv, &fd)) {
    return nullptr;
  }
  if (fn(fd) < 0) return raise_os_error(errno);
  return Ref::none();
}
Ref os_fsync(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return fd_call("fsync", args, nargs, kwnames, ::fsync);
}

Ref os_ftruncate(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("ftruncate", kwnames) || !check_nargs("ftruncate", nargs, 2, 2)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  auto len = index_as_int64(args[1]);
  if (!len) return nullptr;
  if (::ftruncate(fd, off_t(*len)) < 0) return raise_os_error(errno);
  return Ref::none();
}

Ref os_isatty(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("isatty", kwnames) || !check_nargs("isatty", nargs, 1, 1)) return nullptr;
  int fd;
  if (!fd_arg(args[0], &fd)) return nullptr;
  return Ref::boolean(::isatty(fd) == 1);
}

Ref os_symlink(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value src, dst, is_dir = Value::false_(), dir_fd = Value::none();
  if (!bind_args("symlink", args, nargs, kwnames, {"src", "dst", "target_is_directory", "*", "dir_fd"}, 2,
                 {&src, &dst, &is_dir, &dir_fd}))
    return nullptr;
  std::string a, b;
  if (!path_arg("symlink", "src", src, &a) || !path_arg("symlink", "dst", dst, &b) || !no_dir_fd("symlink", dir_fd))
    return nullptr;
  if (::symlink(a.c_str(), b.c_str()) < 0) return raise_os_error2(errno, src, dst);
  return Ref::none();
}

Ref os_link(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value src, dst, sfd = Value::none(), dfd = Value::none(), follow = Value::true_();
  if (!bind_args("link", args, nargs, kwnames, {"src", "dst", "*", "src_dir_fd", "dst_dir_fd", "follow_symlinks"}, 2,
                 {&src, &dst, &sfd, &dfd, &follow}))
    return nullptr;
  std::string a, b;
  if (!path_arg("link", "src", src, &a) || !path_arg("link", "dst", dst, &b) || !no_dir_fd("link", sfd) ||
      !no_dir_fd("link", dfd))
    return nullptr;
  if (::link(a.c_str(), b.c_str()) < 0) return raise_os_error2(errno, src, dst);
  return Ref::none();
}

Ref os_readlink(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, dir_fd = Value::none();
  if (!bind_args("readlink", args, nargs, kwnames, {"path", "*", "dir_fd"}, 1, {&p, &dir_fd})) return nullptr;
  std::string path;
  if (!path_arg("readlink", "path", p, &path) || !no_dir_fd("readlink", dir_fd)) return nullptr;
  std::string buf(4096, '\0');
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n < 0) return raise_os_error(errno, p);
  buf.resize(size_t(n));
  return path_result(p, buf);
}

Ref os_chmod(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, mode, dir_fd = Value::none(), follow = Value::true_();
  if (!bind_args("chmod", args, nargs, kwnames, {"path", "mode", "*", "dir_fd", "follow_symlinks"}, 2,
                 {&p, &mode, &dir_fd, &follow}))
    return nullptr;
  auto m = index_as_int64(mode);
  if (!m) return nullptr;
  int f = truthy(follow);
  if (f < 0 || !no_dir_fd("chmod", dir_fd)) return nullptr;
  if (is_int(p) && !p.is_bool()) {
    int fd;
    if (!fd_arg(p, &fd)) return nullptr;
    if (::fchmod(fd, mode_t(*m)) < 0) return raise_os_error(errno);
    return Ref::none();
  }
  std::string path;
  if (!path_arg("chmod", "path", p, &path)) return nullptr;
  if (!f) return raise(&NotImplementedErrorType, "chmod: follow_symlinks unavailable on this platform");
  if (::chmod(path.c_str(), mode_t(*m)) < 0) return raise_os_error(errno, p);
  return Ref::none();
}

// A time in seconds (int or float) into a timespec.
bool time_arg(Value v, struct timespec* ts) {
  if (is_int(v)) {
    auto s = int_as_int64(v);
    if (!s) return false;
    ts->tv_sec = time_t(*s);
    ts->tv_nsec = 0;
    return true;
  }
  double d;
  if (!as_double(v, &d)) return false;
  double fl = std::floor(d);
  ts->tv_sec = time_t(fl);
  ts->tv_nsec = long((d - fl) * 1e9);
  return true;
}

// os.utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)
Ref os_utime(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, times = Value::none(), ns = Value(), dir_fd = Value::none(), follow = Value::true_();
  if (!bind_args("utime", args, nargs, kwnames, {"path", "times", "*", "ns", "dir_fd", "follow_symlinks"}, 1,
                 {&p, &times, &ns, &dir_fd, &follow}))
    return nullptr;
  int f = truthy(follow);
  if (f < 0 || !no_dir_fd("utime", dir_fd)) return nullptr;
  struct timespec ts[2];
  struct timespec* tsp = ts;
  if (!times.is_none() && ns) return raise(&ValueErrorType, "utime: you may specify either 'times' or 'ns' but not both");
  if (!times.is_none()) {
    if (!is_tuple(times) || times.as<Tuple>()->size != 2)
      return raise(&TypeErrorType, "utime: 'times' must be either a tuple of two ints or None");
    if (!time_arg(times.as<Tuple>()->items[0], &ts[0]) || !time_arg(times.as<Tuple>()->items[1], &ts[1]))
      return nullptr;
  } else if (ns) {
    if (!is_tuple(ns) || ns.as<Tuple>()->size != 2)
      return raise(&TypeErrorType, "utime: 'ns' must be a tuple of two ints");
    for (int i = 0; i < 2; i++) {
      Value v = ns.as<Tuple>()->items[i];
      if (!is_int(v)) return raise(&TypeErrorType, "utime: 'ns' must be a tuple of two ints");
      auto n = int_as_int64(v);
      if (!n) return nullptr;
      int64_t sec = *n / 1000000000, rem = *n % 1000000000;
      if (rem < 0) rem += 1000000000, sec -= 1;
      ts[i].tv_sec = time_t(sec);
      ts[i].tv_nsec = long(rem);
    }
  } else {
    tsp = nullptr;
  }
  if (is_int(p) && !p.is_bool()) {
    int fd;
    if (!fd_arg(p, &fd)) return nullptr;
    if (::futimens(fd, tsp) < 0) return raise_os_error(errno);
    return Ref::none();
  }
  std::string path;
  if (!path_arg("utime", "path", p, &path)) return nullptr;
  if (::utimensat(AT_FDCWD, path.c_str(), tsp, f ? 0 : AT_SYMLINK_NOFOLLOW) < 0) return raise_os_error(errno, p);
  return Ref::none();
}

Ref os_access(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, mode, dir_fd = Value::none(), eff = Value::false_(), follow = Value::true_();
  if (!bind_args("access", args, nargs, kwnames, {"path", "mode", "*", "dir_fd", "effective_ids", "follow_symlinks"},
                 2, {&p, &mode, &dir_fd, &eff, &follow}))
    return nullptr;
  std::string path;
  if (!path_arg("access", "path", p, &path) || !no_dir_fd("access", dir_fd)) return nullptr;
  auto m = index_as_int64(mode);
  if (!m) return nullptr;
  int f = truthy(follow), e = truthy(eff);
  if (f < 0 || e < 0) return nullptr;
  int flags = (f ? 0 : AT_SYMLINK_NOFOLLOW) | (e ? AT_EACCESS : 0);
  return Ref::boolean(::faccessat(AT_FDCWD, path.c_str(), int(*m), flags) == 0);
}

Ref os_umask(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("umask", kwnames) || !check_nargs("umask", nargs, 1, 1)) return nullptr;
  auto m = index_as_int64(args[0]);
  if (!m) return nullptr;
  return make_int(::umask(mode_t(*m)));
}

template <unsigned (*F)()>
Ref id_fn(Value, const Value*, size_t nargs, Tuple*) {
  return make_int(int64_t(F()));
}
unsigned uid() { return ::getuid(); }
unsigned euid() { return ::geteuid(); }
unsigned gid() { return ::getgid(); }
unsigned egid() { return ::getegid(); }

// os.fsencode / os.fsdecode (UTF-8, the file system encoding gilpy assumes).
Ref os_fsencode(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("fsencode", args, nargs, kwnames, {"filename"}, 1, {&p})) return nullptr;
  if (is_bytes(p)) return Ref::borrow(p);
  if (!is_str(p) && !getattr_opt(p, intern("__fspath__"))) {
    if (error_pending()) return nullptr;
    return raisef(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s", type_name(p));
  }
  std::string s;
  if (!path_arg("fsencode", "filename", p, &s)) return nullptr;
  return bytes_new(s).into_ref();
}

Ref os_fsdecode(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("fsdecode", args, nargs, kwnames, {"filename"}, 1, {&p})) return nullptr;
  if (is_str(p)) return Ref::borrow(p);
  if (!is_bytes(p) && !getattr_opt(p, intern("__fspath__"))) {
    if (error_pending()) return nullptr;
    return raisef(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s", type_name(p));
  }
  std::string s;
  if (!path_arg("fsdecode", "filename", p, &s)) return nullptr;
  return new_str(s);
}

Type StatvfsResultType;
const char* const kStatvfsFields[] = {"f_bsize", "f_frsize", "f_blocks", "f_bfree",  "f_bavail", "f_files",
                                      "f_ffree", "f_favail", "f_flag",   "f_namemax", "f_fsid"};

Ref os_statvfs(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("statvfs", args, nargs, kwnames, {"path"}, 1, {&p})) return nullptr;
  struct statvfs st;
  if (is_int(p) && !p.is_bool()) {
    int fd;
    if (!fd_arg(p, &fd)) return nullptr;
    if (::fstatvfs(fd, &st) < 0) return raise_os_error(errno);
  } else {
    std::string path;
    if (!path_arg("statvfs", "path", p, &path)) return nullptr;
    if (::statvfs(path.c_str(), &st) < 0) return raise_os_error(errno, p);
  }
  uint64_t v[] = {st.f_bsize, st.f_frsize, st.f_blocks, st.f_bfree, st.f_bavail, st.f_files,
                  st.f_ffree, st.f_favail, st.f_flag,   st.f_namemax, st.f_fsid};
  Ref refs[11];
  Value items[11];
  for (int i = 0; i < 11; i++) {
    refs[i] = make_int_u64(v[i]);
    items[i] = refs[i].get();
  }
  return structseq_new(&StatvfsResultType, items, 11);
}

Type TerminalSizeType;
const char* const kTerminalSizeFields[] = {"columns", "lines"};

Ref os_get_terminal_size(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv = Value::small_int(1);
  if (!bind_args("get_terminal_size", args, nargs, kwnames, {"fd", "/"}, 0, {&fdv})) return nullptr;
  int fd;
  if (!fd_arg(fdv, &fd)) return nullptr;
  struct winsize w;
  if (::ioctl(fd, TIOCGWINSZ, &w) < 0) return raise_os_error(errno);
  Value items[] = {Value::small_int(w.ws_col), Value::small_int(w.ws_row)};
  return structseq_new(&TerminalSizeType, items, 2);
}

// --- scandir -----------------------------------------------------------------------------

Type DirEntryType;
Type ScandirIteratorType;

struct DirEntryObject : Object {
  Value name;   // owned, str or bytes (as the scandir argument)
  Value path;   // owned
  Value stat;   // owned cache (null until asked)
  Value lstat;  // owned cache
  unsigned char d_type;
  uint64_t ino;
};

struct ScandirObject : Object {
  DIR* dir;     // null once exhausted or closed
  Value like;   // owned: the path argument's str or bytes (decides the entries' type)
  std::string* prefix;  // the directory's path with a trailing '/'
};

DirEntryObject* as_entry(Value v) { return v.as<DirEntryObject>(); }

void entry_dealloc(Object* o) {
  auto* e = static_cast<DirEntryObject*>(o);
  decref(e->name);
  decref(e->path);
  decref(e->stat);
  decref(e->lstat);
  free_object(o);
}

Ref entry_get_stat(DirEntryObject* e, bool follow) {
  Value* slot = follow ? &e->stat : &e->lstat;
  if (follow && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN) slot = &e->lstat;  // not a link: the same
  if (!slot->is_null()) return Ref::borrow(*slot);
  Ref r = stat_path(follow ? "stat" : "lstat", e->path, follow);
  if (!r) return nullptr;
  *slot = r.get();
  incref(*slot);
  return r;
}

bool follow_arg(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, bool* follow) {
  Value f = Value::true_();
  if (!bind_args(fname, args, nargs, kwnames, {"*", "follow_symlinks"}, 0, {&f})) return false;
  int t = truthy(f);
  if (t < 0) return false;
  *follow = t;
  return true;
}

// is_dir / is_file: from the directory entry's type when it is known and not a link to
// follow; else from stat, a missing file meaning False.
Ref entry_test(Value self, const Value* args, size_t nargs, Tuple* kwnames, const char* fname, unsigned char dt,
               mode_t fmt) {
  bool follow;
  if (!follow_arg(fname, args, nargs, kwnames, &follow)) return nullptr;
  DirEntryObject* e = as_entry(self);
  if (e->d_type != DT_UNKNOWN && !(follow && e->d_type == DT_LNK)) return Ref::boolean(e->d_type == dt);
  Ref st = entry_get_stat(e, follow);
  if (!st) {
    if (!error_matches(&FileNotFoundErrorType)) return nullptr;
    clear_error();
    return Ref::boolean(false);
  }
  Value mode = st.as<Tuple>()->items[0];
  return Ref::boolean((mode_t(mode.small_int()) & S_IFMT) == fmt);
}

Ref entry_is_dir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return entry_test(self, args, nargs, kwnames, "is_dir", DT_DIR, S_IFDIR);
}
Ref entry_is_file(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return entry_test(self, args, nargs, kwnames, "is_file", DT_REG, S_IFREG);
}
Ref entry_is_symlink(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("is_symlink", nargs, 0, 0)) return nullptr;
  DirEntryObject* e = as_entry(self);
  if (e->d_type != DT_UNKNOWN) return Ref::boolean(e->d_type == DT_LNK);
  Ref st = entry_get_stat(e, false);
  if (!st) {
    if (!error_matches(&FileNotFoundErrorType)) return nullptr;
    clear_error();
    return Ref::boolean(false);
  }
  return Ref::boolean(S_ISLNK(mode_t(st.as<Tuple>()->items[0].small_int())));
}
Ref entry_stat(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  bool follow;
  if (!follow_arg("stat", args, nargs, kwnames, &follow)) return nullptr;
  return entry_get_stat(as_entry(self), follow);
}
Ref entry_inode(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("inode", nargs, 0, 0)) return nullptr;
  return make_int_u64(as_entry(self)->ino);
}
Ref entry_fspath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__fspath__", nargs, 0, 0)) return nullptr;
  return Ref::borrow(as_entry(self)->path);
}
Ref entry_get_name(Value self) { return Ref::borrow(as_entry(self)->name); }
Ref entry_get_path(Value self) { return Ref::borrow(as_entry(self)->path); }
Ref entry_repr(Value self) {
  Ref r = repr(as_entry(self)->name);
  if (!r) return nullptr;
  return new_str("<DirEntry " + utf8_of(r.get()) + ">");
}

const MethodDef entry_methods[] = {
    {"is_dir", entry_is_dir, 0, "Return True if the entry is a directory; cached per entry."},
    {"is_file", entry_is_file, 0, "Return True if the entry is a file; cached per entry."},
    {"is_symlink", entry_is_symlink, 0, "Return True if the entry is a symbolic link; cached per entry."},
    {"stat", entry_stat, 0, "Return stat_result object for the entry; cached per entry."},
    {"inode", entry_inode, 0, "Return inode of the entry; cached per entry."},
    {"__fspath__", entry_fspath, 0, "Returns the path for the entry."},
    {nullptr}};
const GetSetDef entry_getsets[] = {
    {"name", entry_get_name, nullptr, "the entry's base filename, relative to scandir() \"path\" argument"},
    {"path", entry_get_path, nullptr, "the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)"},
    {nullptr}};

void scandir_close(ScandirObject* s) {
  if (s->dir) ::closedir(s->dir);
  s->dir = nullptr;
}

void scandir_dealloc(Object* o) {
  auto* s = static_cast<ScandirObject*>(o);
  scandir_close(s);
  decref(s->like);
  delete s->prefix;
  free_object(o);
}

Ref scandir_iter(Value self) { return Ref::borrow(self); }

Ref scandir_next(Value self) {
  auto* s = self.as<ScandirObject>();
  while (s->dir) {
    errno = 0;
    struct dirent* d = ::readdir(s->dir);
    if (!d) {
      int err = errno;
      scandir_close(s);
      if (err) return raise_os_error(err, s->like);
      return nullptr;
    }
    if (!std::strcmp(d->d_name, ".") || !std::strcmp(d->d_name, "..")) continue;
    auto* e = alloc<DirEntryObject>(&DirEntryType);
    Ref out = Ref::steal(e);
    Value like = s->like;
    e->name = path_result(like, d->d_name).release();
    e->path = path_result(like, *s->prefix + d->d_name).release();
    e->stat = Value();
    e->lstat = Value();
    e->d_type = d->d_type;
    e->ino = d->d_ino;
    return out;
  }
  return nullptr;
}

Ref scandir_m_close(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  scandir_close(self.as<ScandirObject>());
  return Ref::none();
}
Ref scandir_enter(Value self, const Value* args, size_t nargs, Tuple* kwnames) { return Ref::borrow(self); }
Ref scandir_exit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  scandir_close(self.as<ScandirObject>());
  return Ref::boolean(false);
}

const MethodDef scandir_methods[] = {
    {"close", scandir_m_close, 0, nullptr},
    {"__enter__", scandir_enter, 0, nullptr},
    {"__exit__", scandir_exit, 0, nullptr},
    {nullptr}};

Ref os_scandir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p = Value::none();
  if (!bind_args("scandir", args, nargs, kwnames, {"path"}, 0, {&p})) return nullptr;
  std::string path = ".";
  Ref like;  // str or bytes: the entries' type
  if (p.is_none()) {
    like = new_str(".");
  } else {
    if (!path_arg("scandir", "path", p, &path)) return nullptr;
    like = os_fspath(Value(), &p, 1, nullptr);
    if (!like) return nullptr;
  }
  DIR* d = ::opendir(path.c_str());
  if (!d) return raise_os_error(errno, p.is_none() ? Value() : p);
  auto* s = alloc<ScandirObject>(&ScandirIteratorType);
  Ref out = Ref::steal(s);
  s->dir = d;
  s->like = like.release();
  s->prefix = new std::string(path);
  if (!s->prefix->empty() && s->prefix->back() != '/') *s->prefix += '/';
  return out;
}

// os.__getattr__: the parts of os written in Python (stdlib/python/_gilpy_os.py: PathLike,
// walk, get_exec_path), imported on first use so that `import os` stays native and cheap.
Ref os_module_getattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__getattr__", nargs, 1, 1) || !is_str(args[0])) return nullptr;
  std::string name = utf8_of(args[0]);
  static const char* const kInPython[] = {"PathLike", "walk", "get_exec_path", nullptr};
  for (const char* const* n = kInPython; *n; n++) {
    if (name != *n) continue;
    Ref mod = vm::import_module("_gilpy_os");
    if (!mod) return nullptr;
    return getattr(mod.get(), name.c_str());
  }
  return raisef(&AttributeErrorType, "module 'os' has no attribute '%s'", name.c_str());
}

const MethodDef os_functions[] = {
    {"__getattr__", os_module_getattr, 0, nullptr},
    {"getpid", os_getpid, 0, "Return the current process id."},
    {"getppid", os_getppid, 0, "Return the parent's process id."},
    {"getcwd", os_getcwd, 0, "Return a unicode string representing the current working directory."},
    {"chdir", os_chdir, 0, "Change the current working directory to the specified path."},
    {"listdir", os_listdir, 0, "Return a list containing the names of the files in the directory."},
    {"mkdir", os_mkdir, 0, "Create a directory."},
    {"makedirs", os_makedirs, 0, "Super-mkdir; create a leaf directory and all intermediate ones."},
    {"rmdir", os_rmdir, 0, "Remove a directory."},
    {"remove", os_remove, 0, "Remove a file (same as unlink())."},
    {"unlink", os_unlink, 0, "Remove a file (same as remove())."},
    {"rename", os_rename, 0, "Rename a file or directory."},
    {"replace", os_replace, 0, "Rename a file or directory, overwriting the destination."},
    {"stat", os_stat, 0, "Perform a stat system call on the given path."},
    {"lstat", os_lstat, 0, "Perform a stat system call on the given path, without following symbolic links."},
    {"fstat", os_fstat, 0, "Perform a stat system call on the given file descriptor."},
    {"open", os_open, 0, "Open a file for low level IO.  Returns a file descriptor (integer)."},
    {"lseek", os_lseek, 0, "Set the position of a file descriptor.  Return the new position."},
    {"dup", os_dup, 0, "Return a duplicate of a file descriptor."},
    {"dup2", os_dup2, 0, "Duplicate file descriptor."},
    {"fsync", os_fsync, 0, "Force write of fd to disk."},
    {"ftruncate", os_ftruncate, 0, "Truncate a file, specified by file descriptor, to a specific length."},
    {"isatty", os_isatty, 0, "Return True if the fd is connected to a terminal."},
    {"symlink", os_symlink, 0, "Create a symbolic link pointing to src named dst."},
    {"link", os_link, 0, "Create a hard link to a file."},
    {"readlink", os_readlink, 0, "Return a string representing the path to which the symbolic link points."},
    {"chmod", os_chmod, 0, "Change the access permissions of a file."},
    {"utime", os_utime, 0, "Set the access and modified time of path."},
    {"access", os_access, 0, "Use the real uid/gid to test for access to a path."},
    {"umask", os_umask, 0, "Set the current numeric umask and return the previous umask."},
    {"getuid", id_fn<uid>, 0, "Return the current process's user id."},
    {"geteuid", id_fn<euid>, 0, "Return the current process's effective user id."},
    {"getgid", id_fn<gid>, 0, "Return the current process's group id."},
    {"getegid", id_fn<egid>, 0, "Return the current process's effective group id."},
    {"fsencode", os_fsencode, 0, "Encode filename (an os.PathLike, bytes, or str) to the filesystem encoding."},
    {"fsdecode", os_fsdecode, 0, "Decode filename (an os.PathLike, bytes, or str) from the filesystem encoding."},
    {"get_terminal_size", os_get_terminal_size, 0, "Return the size of the terminal window as (columns, lines)."},
    {"statvfs", os_statvfs, 0, "Perform a statvfs system call on the given path."},
    {"scandir", os_scandir, 0, "Return an iterator of DirEntry objects for given path."},
    {"getenv", os_getenv, 0, "Get an environment variable, return None if it doesn't exist."},
    {"putenv", os_putenv, 0, "Change or add an environment variable."},
    {"unsetenv", os_unsetenv, 0, "Delete an environment variable."},
    {"cpu_count", os_cpu_count, 0, "Return the number of CPUs in the system; return None if indeterminable."},
    {"urandom", os_urandom, 0, "Return a bytes object containing random bytes suitable for cryptographic use."},
    {"strerror", os_strerror, 0, "Translate an error code to a message string."},
    {"fspath", os_fspath, 0, "Return the file system path representation of the object."},
    {"_exit", os_exit_now, 0, "Exit to the system with specified status, without normal exit processing."},
    {"system", os_system, 0, "Execute the command in a subshell."},
    {"kill", os_kill, 0, "Kill a process with a signal."},
    {"pipe", os_pipe, 0, "Create a pipe."},
    {"read", os_read, 0, "Read from a file descriptor."},
    {"write", os_write, 0, "Write a bytes object to a file descriptor."},
    {"close", os_close, 0, "Close a file descriptor."},
    {"get_blocking", os_get_blocking, 0, "Get the blocking mode of the file descriptor."},
    {"set_blocking", os_set_blocking, 0, "Set the blocking mode of the specified file descriptor."},
    {nullptr}};

// --- os.path (posixpath) -----------------------------------------------------------------

std::string join2(std::string a, const std::string& b) {
  if (!b.empty() && b[0] == '/') return b;
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

void split_path(const std::string& p, std::string* head, std::string* tail) {
  size_t i = p.rfind('/');
  i = i == std::string::npos ? 0 : i + 1;
  *head = p.substr(0, i);
  *tail = p.substr(i);
  if (!head->empty() && head->find_first_not_of('/') != std::string::npos) {
    while (!head->empty() && head->back() == '/') head->pop_back();
  }
}

std::string abspath(const std::string& p) {
  if (!p.empty() && p[0] == '/') return normpath_posix(p);
  return normpath_posix(join2(cwd(), p));
}

// Functions of one path returning a path (or a pair of paths).
template <std::string (*F)(const std::string&)>
Ref path_fn1(const char* name, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args(name, args, nargs, kwnames, {"p", "/"}, 1, {&p})) return nullptr;
  std::string s;
  if (!path_arg(name, "path", p, &s)) {
    if (error_matches(&TypeErrorType)) {
      clear_error();
      raisef(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s", type_name(p));
    }
    return nullptr;
  }
  return path_result(p, F(s));
}

std::string basename_of(const std::string& p) {
  size_t i = p.rfind('/');
  return i == std::string::npos ? p : p.substr(i + 1);
}
std::string dirname_of(const std::string& p) {
  std::string head, tail;
  split_path(p, &head, &tail);
  return head;
}
std::string expanduser(const std::string& p) {
  if (p.empty() || p[0] != '~') return p;
  size_t slash = p.find('/');
  if (slash != 1 && !(slash == std::string::npos && p.size() == 1)) return p;  // ~user: unsupported
  const char* home = ::getenv("HOME");
  if (!home) return p;
  std::string h = home;
  while (h.size() > 1 && h.back() == '/') h.pop_back();
  return h + (slash == std::string::npos ? "" : p.substr(slash));
}

Ref p_basename(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<basename_of>("basename", args, nargs, kwnames);
}
Ref p_dirname(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<dirname_of>("dirname", args, nargs, kwnames);
}
Ref p_normpath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<normpath_posix>("normpath", args, nargs, kwnames);
}
Ref p_abspath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<abspath>("abspath", args, nargs, kwnames);
}
Ref p_expanduser(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<expanduser>("expanduser", args, nargs, kwnames);
}
// os.path.__getattr__: what the native os.path lacks comes from CPython's posixpath
// (relpath, samefile, commonpath, expandvars, ...), which is what os.path is there.
Ref posixpath_attr(const char* name) {
  Ref mod = vm::import_module("posixpath");
  if (!mod) return nullptr;
  return getattr(mod.get(), name);
}

Ref p_module_getattr(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__getattr__", nargs, 1, 1) || !is_str(args[0])) return nullptr;
  return posixpath_attr(utf8_of(args[0]).c_str());
}

// realpath(path, *, strict=False): the C library's when every component exists; else
// posixpath's, which resolves as far as it can (and raises in strict mode).
Ref p_realpath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p, strict = Value::false_();
  if (!bind_args("realpath", args, nargs, kwnames, {"filename", "*", "strict"}, 1, {&p, &strict})) return nullptr;
  std::string s;
  if (!path_arg("realpath", "path", p, &s)) return nullptr;
  char* r = ::realpath(s.c_str(), nullptr);
  if (r) {
    std::string out = r;
    ::free(r);
    return path_result(p, out);
  }
  Ref fn = posixpath_attr("realpath");
  if (!fn) return nullptr;
  return call(fn.get(), args, nargs, kwnames);
}

Ref p_join(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("join", kwnames)) return nullptr;
  if (nargs < 1) return raise(&TypeErrorType, "join() missing 1 required positional argument: 'a'");
  std::string out;
  Ref first;
  for (size_t i = 0; i < nargs; i++) {
    Ref part_obj = Ref::borrow(args[i]);
    if (!is_str(args[i]) && !is_bytes(args[i])) {
      Ref fs = getattr_opt(args[i], intern("__fspath__"));
      if (fs) part_obj = call0(fs.get());
      if (!fs || !part_obj || !(is_str(part_obj.get()) || is_bytes(part_obj.get()))) {
        if (error_pending() && !error_matches(&TypeErrorType) && !error_matches(&AttributeErrorType))
          return nullptr;
        clear_error();
        return raisef(&TypeErrorType, "join() argument must be str, bytes, or os.PathLike object, not '%s'",
                      type_name(args[i]));
      }
    }
    if (i == 0) first = part_obj;
    if (is_str(part_obj.get()) != is_str(first.get()))
      return raise(&TypeErrorType, "Can't mix strings and bytes in path components");
    std::string part;
    if (!path_arg("join", "path", part_obj.get(), &part)) return nullptr;
    out = i == 0 ? part : join2(out, part);
  }
  return path_result(first.get(), out);
}

Ref p_split(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("split", args, nargs, kwnames, {"p", "/"}, 1, {&p})) return nullptr;
  std::string s, head, tail;
  if (!path_arg("split", "path", p, &s)) return nullptr;
  split_path(s, &head, &tail);
  return make_tuple(path_result(p, head), path_result(p, tail));
}

Ref p_splitext(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("splitext", args, nargs, kwnames, {"p", "/"}, 1, {&p})) return nullptr;
  std::string s;
  if (!path_arg("splitext", "path", p, &s)) return nullptr;
  size_t sep = s.rfind('/');
  size_t dot = s.rfind('.');
  long sep_i = sep == std::string::npos ? -1 : long(sep);
  if (dot != std::string::npos && long(dot) > sep_i) {
    for (size_t k = size_t(sep_i + 1); k < dot; k++) {
      if (s[k] != '.') return make_tuple(path_result(p, s.substr(0, dot)), path_result(p, s.substr(dot)));
    }
  }
  return make_tuple(path_result(p, s), path_result(p, ""));
}

Ref p_isabs(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("isabs", args, nargs, kwnames, {"s", "/"}, 1, {&p})) return nullptr;
  std::string s;
  if (!path_arg("isabs", "path", p, &s)) return nullptr;
  return Ref::boolean(!s.empty() && s[0] == '/');
}

// exists/isfile/isdir/islink/getsize: stat-based; errors mean False (except getsize).
Ref stat_test(const char* name, const Value* args, size_t nargs, Tuple* kwnames, int kind) {
  Value p;
  if (!bind_args(name, args, nargs, kwnames, {"path", "/"}, 1, {&p})) return nullptr;
  std::string s;
  if (!path_arg(name, "path", p, &s)) {
    if (kind == 4) return nullptr;
    clear_error();
    return Ref::boolean(false);
  }
  struct stat st;
  int r = kind == 3 ? ::lstat(s.c_str(), &st) : ::stat(s.c_str(), &st);
  if (kind == 4) {
    if (r < 0) return raise_os_error(errno, p);
    return make_int(int64_t(st.st_size));
  }
  if (r < 0) return Ref::boolean(false);
  switch (kind) {
    case 0: return Ref::boolean(true);
    case 1: return Ref::boolean(S_ISREG(st.st_mode));
    case 2: return Ref::boolean(S_ISDIR(st.st_mode));
    default: return Ref::boolean(S_ISLNK(st.st_mode));
  }
}

Ref p_exists(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return stat_test("exists", args, nargs, kwnames, 0);
}
Ref p_isfile(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return stat_test("isfile", args, nargs, kwnames, 1);
}
Ref p_isdir(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return stat_test("isdir", args, nargs, kwnames, 2);
}
Ref p_islink(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return stat_test("islink", args, nargs, kwnames, 3);
}
Ref p_getsize(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return stat_test("getsize", args, nargs, kwnames, 4);
}

const MethodDef path_functions[] = {
    {"__getattr__", p_module_getattr, 0, nullptr},
    {"join", p_join, 0, "Join two or more pathname components, inserting '/' as needed."},
    {"split", p_split, 0, "Split a pathname into a tuple (head, tail)."},
    {"splitext", p_splitext, 0, "Split the extension from a pathname."},
    {"basename", p_basename, 0, "Returns the final component of a pathname."},
    {"dirname", p_dirname, 0, "Returns the directory component of a pathname."},
    {"normpath", p_normpath, 0, "Normalize path, eliminating double slashes, etc."},
    {"abspath", p_abspath, 0, "Return an absolute path."},
    {"realpath", p_realpath, 0, "Return the canonical path of the specified filename."},
    {"expanduser", p_expanduser, 0, "Expand ~ and ~user constructions."},
    {"isabs", p_isabs, 0, "Test whether a path is absolute."},
    {"exists", p_exists, 0, "Test whether a path exists."},
    {"isfile", p_isfile, 0, "Test whether a path is a regular file."},
    {"isdir", p_isdir, 0, "Return true if the pathname refers to an existing directory."},
    {"islink", p_islink, 0, "Test whether a path is a symbolic link."},
    {"getsize", p_getsize, 0, "Return the size of a file, reported by os.stat()."},
    {nullptr}};

void init_os_types() {
  static bool done = false;
  if (done) return;
  done = true;
  structseq_init_type(&StatResultType, "stat_result", "os.stat_result", kStatFields, kStatAll, kStatVisible);
  structseq_init_type(&StatvfsResultType, "statvfs_result", "os.statvfs_result", kStatvfsFields, 11, 10);
  structseq_init_type(&TerminalSizeType, "terminal_size", "os.terminal_size", kTerminalSizeFields, 2);
  static_type_init(DirEntryType, "DirEntry", sizeof(DirEntryObject), &ObjectType, kTypeDisallowInstantiation);
  DirEntryType.dealloc = entry_dealloc;
  DirEntryType.repr = entry_repr;
  DirEntryType.methods = entry_methods;
  DirEntryType.getsets = entry_getsets;
  ready_type(&DirEntryType);
  static_type_init(ScandirIteratorType, "ScandirIterator", sizeof(ScandirObject), &ObjectType,
                   kTypeDisallowInstantiation);
  ScandirIteratorType.dealloc = scandir_dealloc;
  ScandirIteratorType.iter = scandir_iter;
  ScandirIteratorType.iternext = scandir_next;
  ScandirIteratorType.methods = scandir_methods;
  ready_type(&ScandirIteratorType);
}

bool add_str(Module* m, const char* name, const char* v) {
  Ref s = new_str(v);
  return module_add(m, name, s.get());
}

}  // namespace

Ref create_os_path_module() {
  Own<Module> m = module_new("os.path");
  if (!module_add_functions(m.get(), path_functions)) return nullptr;
  add_str(m.get(), "sep", "/");
  add_str(m.get(), "curdir", ".");
  add_str(m.get(), "pardir", "..");
  add_str(m.get(), "extsep", ".");
  add_str(m.get(), "pathsep", ":");
  add_str(m.get(), "devnull", "/dev/null");
  module_add(m.get(), "altsep", Value::none());
  return m.into_ref();
}

Ref create_posix_module() { return vm::import_module("os"); }

Ref create_os_module() {
  init_os_types();
  Own<Module> m = module_new("os");
  Module* mod = m.get();
  if (!module_add_functions(mod, os_functions)) return nullptr;
  add_str(mod, "name", "posix");
  add_str(mod, "sep", "/");
  add_str(mod, "linesep", "\n");
  add_str(mod, "pathsep", ":");
  add_str(mod, "curdir", ".");
  add_str(mod, "pardir", "..");
  add_str(mod, "extsep", ".");
  add_str(mod, "devnull", "/dev/null");
  module_add(mod, "altsep", Value::none());
  module_add(mod, "stat_result", Value::from_obj(&StatResultType));
  module_add(mod, "error", Value::from_obj(&OSErrorType));
  module_add(mod, "F_OK", Value::small_int(F_OK));
  module_add(mod, "R_OK", Value::small_int(R_OK));
  module_add(mod, "W_OK", Value::small_int(W_OK));
  module_add(mod, "X_OK", Value::small_int(X_OK));
  module_add(mod, "DirEntry", Value::from_obj(&DirEntryType));
  module_add(mod, "statvfs_result", Value::from_obj(&StatvfsResultType));
  module_add(mod, "terminal_size", Value::from_obj(&TerminalSizeType));
  struct IntConst {
    const char* name;
    long value;
  };
#define C(n) {#n, long(n)}
  static const IntConst kConstants[] = {
      C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_APPEND), C(O_CREAT), C(O_EXCL), C(O_TRUNC),
      C(O_NONBLOCK), C(O_NDELAY), C(O_SYNC), C(O_DSYNC), C(O_RSYNC), C(O_NOCTTY), C(O_CLOEXEC),
      C(O_NOFOLLOW), C(O_DIRECTORY), C(O_ACCMODE), C(O_ASYNC), C(O_DIRECT), C(O_LARGEFILE),
      C(O_NOATIME), C(O_PATH), C(O_TMPFILE), C(SEEK_SET), C(SEEK_CUR), C(SEEK_END),
      C(SEEK_DATA), C(SEEK_HOLE), C(WNOHANG), C(TMP_MAX)};
#undef C
  for (const IntConst& c : kConstants) {
    Ref v = make_int(c.value);
    if (!module_add(mod, c.name, v.get())) return nullptr;
  }
  add_str(mod, "defpath", "/bin:/usr/bin");
  // What the functions' dir_fd / fd / follow_symlinks arguments support (shutil and
  // tempfile choose their code paths by these): no dir_fd, no fd for path functions
  // beyond stat/chmod/utime, follow_symlinks=False for stat, utime and access.
  struct Supports {
    const char* set_name;
    std::vector<const char*> functions;
  };
  const Supports kSupports[] = {{"supports_dir_fd", {}},
                                {"supports_fd", {"stat", "chmod", "utime"}},
                                {"supports_effective_ids", {"access"}},
                                {"supports_follow_symlinks", {"stat", "utime", "access"}}};
  for (const Supports& s : kSupports) {
    Own<rt::Set> set = set_new();
    for (const char* fn : s.functions) {
      Value f = dict_get_cstr(mod->dict, fn);
      if (f && !set_add(set.get(), f)) return nullptr;
    }
    if (!module_add(mod, s.set_name, Value::from_obj(set.get()))) return nullptr;
  }

  Own<Dict> env = dict_new();
  for (char** e = environ; e && *e; e++) {
    const char* eq = std::strchr(*e, '=');
    if (!eq) continue;
    Ref k = new_str(std::string_view(*e, size_t(eq - *e)));
    Ref v = new_str(eq + 1);
    dict_set(env.get(), k.get(), v.get());
  }
  module_add(mod, "environ", env.value());

  // os.path: shared with sys.modules["os.path"] so `import os.path` finds the same module.
  Ref path;
  vm::Interpreter* interp = vm::current_interpreter();
  Value existing = interp && interp->modules ? dict_get_cstr(interp->modules.get(), "os.path") : Value();
  if (existing) {
    path = Ref::borrow(existing);
  } else {
    path = create_os_path_module();
    if (!path) return nullptr;
    if (interp && interp->modules) dict_set_str(interp->modules.get(), "os.path", path.get());
  }
  module_add(mod, "path", path.get());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
