// stdlib/os.cpp: a small os module (process, files and folders, environment) and its
// os.path submodule (posixpath's string functions and a few stat-based tests).
//
// os.path is also a module of its own in the registry ("os.path"); `import os` puts it in
// sys.modules and as the `path` attribute, so `import os.path` finds it there.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "runtime/bytes.h"
#include "runtime/gil.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "stdlib/structseq.h"
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
const char* const kStatFields[] = {"st_mode", "st_ino",   "st_dev",   "st_nlink", "st_uid",
                                   "st_gid",  "st_size",  "st_atime", "st_mtime", "st_ctime"};

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
  if (::rename(a.c_str(), b.c_str()) < 0) return raise_os_error(errno, src);
  return Ref::none();
}
Ref os_rename(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return rename_impl("rename", args, nargs, kwnames);
}
Ref os_replace(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return rename_impl("replace", args, nargs, kwnames);
}

Ref stat_result(const struct stat& st) {
  Ref atime = make_float(double(st.st_atim.tv_sec) + st.st_atim.tv_nsec * 1e-9);
  Ref mtime = make_float(double(st.st_mtim.tv_sec) + st.st_mtim.tv_nsec * 1e-9);
  Ref ctime = make_float(double(st.st_ctim.tv_sec) + st.st_ctim.tv_nsec * 1e-9);
  Ref ino = make_int_u64(st.st_ino), dev = make_int_u64(st.st_dev), size = make_int(int64_t(st.st_size));
  Value items[] = {Value::small_int(st.st_mode), ino.get(), dev.get(), Value::small_int(int64_t(st.st_nlink)),
                   Value::small_int(st.st_uid), Value::small_int(st.st_gid), size.get(),
                   atime.get(), mtime.get(), ctime.get()};
  return structseq_new(&StatResultType, items, 10);
}

Ref os_stat(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value p;
  if (!bind_args("stat", args, nargs, kwnames, {"path"}, 1, {&p})) return nullptr;
  std::string path;
  if (!path_arg("stat", "path", p, &path)) return nullptr;
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return raise_os_error(errno, p);
  return stat_result(st);
}

Ref os_getenv(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, dflt = Value::none();
  if (!bind_args("getenv", args, nargs, kwnames, {"key", "default"}, 1, {&key, &dflt})) return nullptr;
  if (!is_str(key)) return raisef(&TypeErrorType, "str expected, not %s", type_name(key));
  const char* v = ::getenv(utf8_of(key).c_str());
  if (!v) return Ref::borrow(dflt);
  return new_str(v);
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

const MethodDef os_functions[] = {
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
    {"getenv", os_getenv, 0, "Get an environment variable, return None if it doesn't exist."},
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
std::string realpath_of(const std::string& p) {
  char* r = ::realpath(p.c_str(), nullptr);
  if (!r) return abspath(p);
  std::string out = r;
  ::free(r);
  return out;
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
Ref p_realpath(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return path_fn1<realpath_of>("realpath", args, nargs, kwnames);
}

Ref p_join(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("join", kwnames)) return nullptr;
  if (nargs < 1) return raise(&TypeErrorType, "join() missing 1 required positional argument: 'a'");
  std::string out;
  for (size_t i = 0; i < nargs; i++) {
    std::string part;
    if (!is_str(args[i]) && !is_bytes(args[i])) {
      return raisef(&TypeErrorType, "join() argument must be str, bytes, or os.PathLike object, not '%s'",
                    type_name(args[i]));
    }
    if (is_str(args[i]) != is_str(args[0]))
      return raise(&TypeErrorType, "Can't mix strings and bytes in path components");
    if (!path_arg("join", "path", args[i], &part)) return nullptr;
    out = i == 0 ? part : join2(out, part);
  }
  return path_result(args[0], out);
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
  structseq_init_type(&StatResultType, "stat_result", "os.stat_result", kStatFields, 10);
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
