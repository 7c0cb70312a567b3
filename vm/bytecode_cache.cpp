// vm/bytecode_cache.cpp: the on-disk cache of compiled modules (format and places in
// vm/bytecode_cache.h).
#include "vm/bytecode_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "runtime/runtime.h"
#include "vm/compiler_fingerprint.h"  // generated at build time (vm/CMakeLists.txt)
#include "vm/interpreter.h"
#include "vm/marshal.h"

namespace gilpy::vm {

using namespace rt;

namespace {

constexpr char kCacheMagic[4] = {'G', 'P', 'Y', 'P'};
constexpr uint32_t kCacheFormatVersion = 1;
constexpr size_t kFingerprintSize = 16;
constexpr size_t kCacheHeaderSize = 40;
static_assert(sizeof(kCompilerFingerprint) - 1 == kFingerprintSize);

struct SourceStamp {
  int64_t mtime_ns;
  uint64_t size;
};

bool stamp_of(const std::string& path, SourceStamp* out) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;
  out->mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  out->size = uint64_t(st.st_size);
  return true;
}

bool read_whole(const std::string& path, std::string* out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return false;
    }
    if (n == 0) break;
    out->append(buf, size_t(n));
  }
  close(fd);
  return true;
}

std::string header_for(const SourceStamp& stamp) {
  std::string h(kCacheMagic, 4);
  h.append(reinterpret_cast<const char*>(&kCacheFormatVersion), 4);
  h.append(kCompilerFingerprint, kFingerprintSize);
  h.append(reinterpret_cast<const char*>(&stamp.mtime_ns), 8);
  h.append(reinterpret_cast<const char*>(&stamp.size), 8);
  return h;
}

// The cache file's name for a source file name: "mod.py" -> "mod.gilpy-011[.opt-N].pyc".
std::string cache_file_name(const std::string& source_name) {
  std::string stem = source_name;
  size_t dot = stem.rfind('.');
  if (dot != std::string::npos) stem.resize(dot);
  int optimize = current_interpreter()->optimize;
  std::string tag = optimize > 0 ? ".opt-" + std::to_string(optimize) : "";
  return stem + ".gilpy-011" + tag + ".pyc";
}

void split_path(const std::string& path, std::string* dir, std::string* name) {
  size_t slash = path.rfind('/');
  *dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  *name = slash == std::string::npos ? path : path.substr(slash + 1);
}

// The __pycache__ directory beside the source.
std::string cache_path_beside(const std::string& source_path) {
  std::string dir, name;
  split_path(source_path, &dir, &name);
  return dir + "/__pycache__/" + cache_file_name(name);
}

// `root` followed by the source's absolute directory and the cache file's name: the
// mirror tree of sys.pycache_prefix, of the user cache and of the standard library's
// build-time cache.
std::string mirror_cache_path(const std::string& root, const std::string& source_path) {
  if (root.empty()) return "";
  std::string absolute = source_path;
  if (absolute.empty() || absolute[0] != '/') {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return "";
    absolute = std::string(cwd) + "/" + absolute;
  }
  std::string dir, name;
  split_path(absolute, &dir, &name);
  return root + (dir == "/" ? "" : dir) + "/" + cache_file_name(name);
}

// $XDG_CACHE_HOME/gilpy (or ~/.cache/gilpy) + the source's absolute directory.
std::string user_cache_path(const std::string& source_path) {
  if (const char* xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return mirror_cache_path(std::string(xdg) + "/gilpy", source_path);
  if (const char* home = getenv("HOME"); home && *home) return mirror_cache_path(std::string(home) + "/.cache/gilpy", source_path);
  return "";
}

// sys.NAME as the program left it, read at each import as CPython's importlib reads it;
// null (no exception pending) when sys or the attribute is missing.
Ref sys_setting(const char* name) {
  Value sys = dict_get_cstr(current_interpreter()->modules.get(), "sys");
  if (sys.is_null()) return nullptr;
  Ref value = getattr_opt(sys, intern(name));
  if (!value && error_pending()) clear_error();
  return value;
}

// sys.pycache_prefix as a string ("" when it is None or not a str).
std::string pycache_prefix() {
  Ref prefix = sys_setting("pycache_prefix");
  return prefix && is_str(prefix.get()) ? str_to_utf8(prefix.as<Str>()) : "";
}

// mkdir -p for the directory part of `file`.
bool make_parent_dirs(const std::string& file) {
  for (size_t i = 1; i < file.size(); ++i) {
    if (file[i] != '/') continue;
    std::string dir = file.substr(0, i);
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

bool writing_allowed() {
  if (current_interpreter()->flags.dont_write_bytecode) return false;
  Ref flag = sys_setting("dont_write_bytecode");
  if (!flag) return true;
  int t = truthy(flag.get());
  if (t < 0) clear_error();
  return t == 0;
}

// Writes `contents` to `path` through a temporary file renamed into place, so a reader
// never sees half a file (two processes may write the same entry at once).
bool write_atomically(const std::string& path, const std::string& contents) {
  if (!make_parent_dirs(path)) return false;
  std::string tmp = path + "." + std::to_string(getpid()) + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += size_t(n);
  }
  bool ok = done == contents.size() && close(fd) == 0;
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

// The code in the cache file `path` when its header matches `stamp` and its blob reads
// back; null (no exception pending) otherwise.
Ref read_entry(const std::string& path, const std::string& header) {
  std::string data;
  if (!read_whole(path, &data) || data.size() < kCacheHeaderSize || data.compare(0, header.size(), header) != 0)
    return nullptr;
  Own<Code> code = marshal_read_code(std::string_view(data).substr(kCacheHeaderSize));
  if (!code) {
    clear_error();
    return nullptr;
  }
  return code.into_ref();
}

}  // namespace

std::string cache_path_for(const std::string& source_path) {
  std::string prefix = pycache_prefix();
  return prefix.empty() ? cache_path_beside(source_path) : mirror_cache_path(prefix, source_path);
}

Ref cached_source_code(const std::string& path, std::string* cached) {
  Interpreter* interp = current_interpreter();
  if (cached) cached->clear();
  SourceStamp stamp{};
  bool have_stamp = stamp_of(path, &stamp);
  std::string header = header_for(stamp);
  // Where this process may write: the prefix's tree alone when sys.pycache_prefix is set
  // (as CPython), else beside the source, else the user cache.
  std::vector<std::string> writable;
  if (std::string prefix = pycache_prefix(); !prefix.empty()) {
    writable.push_back(mirror_cache_path(prefix, path));
  } else {
    writable.push_back(cache_path_beside(path));
    writable.push_back(user_cache_path(path));
  }
  if (have_stamp) {
    std::vector<std::string> readable = writable;
    readable.push_back(mirror_cache_path(interp->stdlib_cache_dir, path));
    for (const std::string& candidate : readable) {
      if (candidate.empty()) continue;
      if (Ref code = read_entry(candidate, header)) {
        if (cached) *cached = candidate;
        return code;
      }
    }
  }
  std::string source;
  if (!read_whole(path, &source)) return raisef(&FileNotFoundErrorType, "[Errno 2] No such file or directory: '%s'", path.c_str());
  if (!interp->compile_source) return raise(&ImportErrorType, "no compiler available");
  Ref code = interp->compile_source(source, path, 0, 0, -1);
  if (!code) return nullptr;
  if (have_stamp && writing_allowed()) {
    std::string blob;
    if (marshal_write(code.get(), &blob)) {
      std::string contents = header + blob;
      for (const std::string& candidate : writable) {
        if (candidate.empty() || !write_atomically(candidate, contents)) continue;
        if (cached) *cached = candidate;
        break;
      }
    } else {
      clear_error();  // a constant the format cannot hold: the module simply is not cached
    }
  }
  if (cached && cached->empty()) *cached = writable.front();
  return code;
}

}  // namespace gilpy::vm
