// stdlib/socket_module.cpp: the native _socket module: the socket type over a BSD socket
// descriptor, its constants, and the resolver and conversion functions. stdlib/python/
// socket.py builds the public `socket` module on top (its socket.socket subclasses
// _socket.socket), as CPython splits it.
//
// Blocking and timeouts follow CPython's socketmodule.c:
//  * `timeout` < 0: a blocking socket (gettimeout() is None); the descriptor is blocking
//    and every call simply blocks without the GIL.
//  * `timeout` == 0: non-blocking; the descriptor has O_NONBLOCK and EAGAIN surfaces as
//    BlockingIOError.
//  * `timeout` > 0: the descriptor has O_NONBLOCK too; sock_call() first poll()s for
//    readiness until the deadline (TimeoutError "timed out" when it passes), then makes
//    the call, and polls again when the call still says EAGAIN.
// Each blocking call (poll plus the system call) runs inside one BlockingRegion and
// touches no Python object there: arguments are copied into C buffers first. EINTR is
// retried (PEP 475) after check_signals(), which raises KeyboardInterrupt in the main
// thread. Sockets are opened with SOCK_CLOEXEC; a socket object closes its descriptor
// when it is deallocated.
//
// Per-interpreter state (the default timeout, the gaierror/herror classes) lives in the
// _socket module object, found through sys.modules.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "runtime/bytes.h"
#include "runtime/buffer.h"
#include "runtime/bytearray.h"
#include "runtime/gil.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type SocketType;

struct SocketObject : Object {
  int fd;          // -1 once closed or detached
  int family;
  int type;        // without SOCK_NONBLOCK / SOCK_CLOEXEC, as CPython reports it
  int proto;
  double timeout;  // < 0 blocking, 0 non-blocking, > 0 seconds
};

SocketObject* as_sock(Value v) { return v.as<SocketObject>(); }

// ---- per-interpreter state in the _socket module --------------------------------------

Dict* socket_module_dict() {
  Value m = dict_get_cstr(vm::current_interpreter()->modules.get(), "_socket");
  return !m.is_null() && is_module(m) ? m.as<Module>()->dict : nullptr;
}

// The default timeout for new sockets (socket.setdefaulttimeout), < 0 for None.
double default_timeout() {
  Dict* d = socket_module_dict();
  Value v = d ? dict_get_cstr(d, "_defaulttimeout") : Value();
  return !v.is_null() && is_float(v) ? v.as<Float>()->v : -1.0;
}

// gaierror / herror: OSError subclasses the module defines; OSError if not there.
Type* module_error_type(const char* name) {
  Dict* d = socket_module_dict();
  Value v = d ? dict_get_cstr(d, name) : Value();
  return !v.is_null() && is_exception_type(v) ? v.as<Type>() : &OSErrorType;
}

Ref raise_error_with(Type* type, int code, const char* message) {
  Ref num = make_int(code);
  Ref msg = new_str(message);
  Value args[2] = {num.get(), msg.get()};
  Ref exc = call(Value::from_obj(type), args, 2);
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

// A getaddrinfo/getnameinfo failure: gaierror(code, gai_strerror), or OSError(errno).
Ref raise_gai_error(int code, int saved_errno) {
  if (code == EAI_SYSTEM) return raise_os_error(saved_errno);
  return raise_error_with(module_error_type("gaierror"), code, gai_strerror(code));
}

Ref raise_timeout() { return raise(&TimeoutErrorType, "timed out"); }

// ---- time -------------------------------------------------------------------------------

int64_t monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Milliseconds left until `deadline`, rounded up (so a poll never wakes early), >= 0.
int ms_until(int64_t deadline) {
  int64_t left = deadline - monotonic_ns();
  if (left <= 0) return 0;
  int64_t ms = (left + 999999) / 1000000;
  return ms > 0x7fffffff ? 0x7fffffff : int(ms);
}

// A timeout argument (settimeout, setdefaulttimeout): None -> -1, else seconds >= 0.
bool parse_timeout(Value v, double* out) {
  if (v.is_none()) {
    *out = -1;
    return true;
  }
  double d;
  if (is_float_like(v)) {
    d = float_value(v);
    if (std::isnan(d)) {
      raise(&ValueErrorType, "Invalid value NaN (not a number)");
      return false;
    }
  } else {
    auto i = index_as_int64(v);
    if (!i) return false;
    d = double(*i);
  }
  if (d < 0) {
    raise(&ValueErrorType, "Timeout value out of range");
    return false;
  }
  if (d > 9.2e9) {
    raise(&OverflowErrorType, "timestamp too large to convert to C _PyTime_t");
    return false;
  }
  *out = d;
  return true;
}

// ---- descriptors and blocking ---------------------------------------------------------

// Sets or clears O_NONBLOCK; false with OSError pending.
bool set_nonblocking_fd(int fd, bool nonblocking) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0) {
    raise_os_error(errno);
    return false;
  }
  int want = nonblocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (want != flags && fcntl(fd, F_SETFL, want) < 0) {
    raise_os_error(errno);
    return false;
  }
  return true;
}

// Runs `op` on the socket's descriptor the way CPython's sock_call does: with a timeout,
// poll first (writing: POLLOUT, else POLLIN) and retry on EAGAIN until the deadline.
// `op` returns >= 0 on success, -1 with errno set; it must not touch a Python object.
// `deadline` (when given) is shared across calls (sendall). Returns op's result, or -1
// with the exception pending.
template <class Op>
ssize_t sock_call(SocketObject* s, bool writing, Op op, int64_t* deadline = nullptr) {
  const int fd = s->fd;
  const double timeout = s->timeout;
  int64_t local_deadline = 0;
  if (timeout > 0) {
    if (!deadline) deadline = &local_deadline;
    if (*deadline == 0) *deadline = monotonic_ns() + int64_t(timeout * 1e9);
  }
  for (;;) {
    ssize_t res = -1;
    int err = 0;
    bool timed_out = false;
    {
      BlockingRegion region(BlockReason::kSocket, /*cannot_block=*/timeout == 0);
      for (;;) {
        if (timeout > 0) {
          struct pollfd p = {fd, short(writing ? POLLOUT : POLLIN), 0};
          int n = ::poll(&p, 1, ms_until(*deadline));
          if (n < 0) {
            err = errno;
            break;
          }
          if (n == 0) {
            timed_out = true;
            break;
          }
        }
        res = op(fd);
        if (res >= 0) break;
        err = errno;
        if (timeout > 0 && (err == EAGAIN || err == EWOULDBLOCK)) continue;
        break;
      }
    }
    if (timed_out) {
      raise_timeout();
      return -1;
    }
    if (res >= 0) return res;
    if (err == EINTR) {
      if (!check_signals()) return -1;
      continue;
    }
    raise_os_error(err);
    return -1;
  }
}

// ---- arguments ------------------------------------------------------------------------

// The bytes of a bytes-like argument: the Buffer keeps them exported (a bytearray cannot
// resize) for as long as the caller holds it, blocking calls without the GIL included.
bool get_buffer(Value v, Buffer* out) { return buffer_get(v, out); }

// A C int argument (PyArg "i"): __index__, range-checked.
bool int_arg(Value v, int* out) {
  auto i = index_as_int64(v);
  if (!i) return false;
  if (*i > INT32_MAX) {
    raise(&OverflowErrorType, "signed integer is greater than maximum");
    return false;
  }
  if (*i < INT32_MIN) {
    raise(&OverflowErrorType, "signed integer is less than minimum");
    return false;
  }
  *out = int(*i);
  return true;
}

// A host name argument (CPython's idna_converter): str or bytes.
bool host_arg(Value v, std::string* out, const char* fname = nullptr) {
  if (is_str(v)) {
    *out = utf8_of(v);
    return true;
  }
  if (is_bytes(v)) {
    *out = std::string(v.as<Bytes>()->view());
    return true;
  }
  if (is_bytearray(v)) {
    *out = std::string(bytearray_view(v.as<ByteArray>()));
    return true;
  }
  if (fname)
    raisef(&TypeErrorType, "%s() argument 1 must be str, bytes or bytearray, not %s", fname, type_name(v));
  else
    raisef(&TypeErrorType, "str, bytes or bytearray expected, not %s", type_name(v));
  return false;
}

// Resolves a host name for `family` (CPython's setipaddr): "" is the wildcard address,
// "<broadcast>" the broadcast address, numeric forms parse directly, anything else goes
// to getaddrinfo (without the GIL). Fills *out (a sockaddr_in or sockaddr_in6).
bool resolve_host(const std::string& name, int family, sockaddr_storage* out, socklen_t* len) {
  std::memset(out, 0, sizeof *out);
  if (name.empty()) {
    if (family == AF_INET6) {
      auto* a6 = reinterpret_cast<sockaddr_in6*>(out);
      a6->sin6_family = AF_INET6;
      a6->sin6_addr = in6addr_any;
      *len = sizeof(sockaddr_in6);
    } else {
      auto* a4 = reinterpret_cast<sockaddr_in*>(out);
      a4->sin_family = AF_INET;
      a4->sin_addr.s_addr = htonl(INADDR_ANY);
      *len = sizeof(sockaddr_in);
    }
    return true;
  }
  if (name == "<broadcast>" || name == "255.255.255.255") {
    if (family != AF_INET && family != AF_UNSPEC) {
      raise(&OSErrorType, "address family mismatched");
      return false;
    }
    auto* a4 = reinterpret_cast<sockaddr_in*>(out);
    a4->sin_family = AF_INET;
    a4->sin_addr.s_addr = htonl(INADDR_BROADCAST);
    *len = sizeof(sockaddr_in);
    return true;
  }
  if (family == AF_INET || family == AF_UNSPEC) {
    auto* a4 = reinterpret_cast<sockaddr_in*>(out);
    if (inet_pton(AF_INET, name.c_str(), &a4->sin_addr) == 1) {
      a4->sin_family = AF_INET;
      *len = sizeof(sockaddr_in);
      return true;
    }
  }
  if (family == AF_INET6 || family == AF_UNSPEC) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(out);
    if (name.find('%') == std::string::npos && inet_pton(AF_INET6, name.c_str(), &a6->sin6_addr) == 1) {
      a6->sin6_family = AF_INET6;
      *len = sizeof(sockaddr_in6);
      return true;
    }
  }
  struct addrinfo hints = {}, *res = nullptr;
  hints.ai_family = family;
  int rc, saved_errno;
  {
    BlockingRegion region(BlockReason::kSocket);
    rc = getaddrinfo(name.c_str(), nullptr, &hints, &res);
    saved_errno = errno;
  }
  if (rc != 0) {
    raise_gai_error(rc, saved_errno);
    return false;
  }
  size_t n = res->ai_addrlen <= sizeof *out ? res->ai_addrlen : sizeof *out;
  std::memcpy(out, res->ai_addr, n);
  *len = socklen_t(n);
  freeaddrinfo(res);
  return true;
}

// A socket address argument for `s` (CPython's getsockaddrarg), with CPython's messages.
bool parse_address(SocketObject* s, Value addr, const char* caller, sockaddr_storage* out, socklen_t* len) {
  std::memset(out, 0, sizeof *out);
  switch (s->family) {
    case AF_UNIX: {
      std::string path;
      if (is_str(addr)) {
        path = utf8_of(addr);
      } else {
        Buffer data;
        if (!get_buffer(addr, &data)) return false;
        path = std::string(data.view());
      }
      auto* un = reinterpret_cast<sockaddr_un*>(out);
      // An abstract address (leading NUL) may fill sun_path; a path needs its NUL.
      bool abstract = !path.empty() && path[0] == '\0';
      if (path.size() > sizeof un->sun_path - (abstract ? 0 : 1)) {
        raise(&OSErrorType, "AF_UNIX path too long");
        return false;
      }
      un->sun_family = AF_UNIX;
      std::memcpy(un->sun_path, path.data(), path.size());
      *len = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 0 : 1));
      return true;
    }
    case AF_INET:
    case AF_INET6: {
      bool v6 = s->family == AF_INET6;
      if (!is_tuple(addr)) {
        raisef(&TypeErrorType, "%s(): %s address must be tuple, not %s", caller, v6 ? "AF_INET6" : "AF_INET",
               type_name(addr));
        return false;
      }
      Tuple* t = addr.as<Tuple>();
      if (!v6 && t->size != 2) {
        raise(&TypeErrorType, "AF_INET address must be a pair (host, port)");
        return false;
      }
      if (v6 && (t->size < 2 || t->size > 4)) {
        raise(&TypeErrorType, "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])");
        return false;
      }
      std::string host;
      int port;
      if (!host_arg(t->items[0], &host)) return false;
      if (!int_arg(t->items[1], &port)) {
        if (!error_matches(&OverflowErrorType)) return false;
        clear_error();
        port = -1;  // reported as out of range below
      }
      unsigned flowinfo = 0, scope_id = 0;
      if (v6 && t->size > 2) {
        auto f = index_as_int64(t->items[2]);
        if (!f) return false;
        if (*f < 0 || *f > 0xfffff) {
          raisef(&OverflowErrorType, "%s(): flowinfo must be 0-1048575.", caller);
          return false;
        }
        flowinfo = unsigned(*f);
        if (t->size > 3) {
          auto sc = index_as_int64(t->items[3]);
          if (!sc) return false;
          scope_id = unsigned(*sc);
        }
      }
      if (!resolve_host(host, s->family, out, len)) return false;
      if (port < 0 || port > 0xffff) {
        raisef(&OverflowErrorType, "%s(): port must be 0-65535.", caller);
        return false;
      }
      if (v6) {
        auto* a6 = reinterpret_cast<sockaddr_in6*>(out);
        a6->sin6_port = htons(uint16_t(port));
        a6->sin6_flowinfo = htonl(flowinfo);
        if (scope_id) a6->sin6_scope_id = scope_id;
      } else {
        reinterpret_cast<sockaddr_in*>(out)->sin_port = htons(uint16_t(port));
      }
      return true;
    }
    default:
      raise(&OSErrorType, strfmt("%s(): bad family", caller));
      return false;
  }
}

// The numeric text of an IPv4 or IPv6 address (IPv6 with a "%scope" when it has one).
Ref ip_text(const sockaddr* sa, socklen_t len) {
  char host[NI_MAXHOST];
  if (getnameinfo(sa, len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) host[0] = '\0';
  return new_str(host);
}

// A socket address as Python sees it (CPython's makesockaddr).
Ref make_address(const sockaddr_storage* ss, socklen_t len) {
  const sockaddr* sa = reinterpret_cast<const sockaddr*>(ss);
  if (len == 0) return Ref::none();
  switch (sa->sa_family) {
    case AF_INET: {
      auto* a4 = reinterpret_cast<const sockaddr_in*>(sa);
      return make_tuple(ip_text(sa, sizeof *a4), int_ref(ntohs(a4->sin_port)));
    }
    case AF_INET6: {
      auto* a6 = reinterpret_cast<const sockaddr_in6*>(sa);
      return make_tuple(ip_text(sa, sizeof *a6), int_ref(ntohs(a6->sin6_port)),
                        int_ref(ntohl(a6->sin6_flowinfo)), int_ref(a6->sin6_scope_id));
    }
    case AF_UNIX: {
      auto* un = reinterpret_cast<const sockaddr_un*>(sa);
      size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      if (n > 0 && un->sun_path[0] == '\0') return bytes_new(std::string_view(un->sun_path, n)).into_ref();
      return new_str(std::string_view(un->sun_path, strnlen(un->sun_path, n)));
    }
    default:
      return make_tuple(int_ref(sa->sa_family), bytes_new(std::string_view(sa->sa_data, sizeof sa->sa_data)).into_ref());
  }
}

// ---- the socket type ----------------------------------------------------------------

Ref sock_new(Type* type, const Value*, size_t, Tuple*) {
  auto* s = static_cast<SocketObject*>(alloc_object(type, type->basic_size));
  s->fd = -1;
  s->family = AF_INET;
  s->type = SOCK_STREAM;
  s->timeout = -1;
  return Ref::steal(s);
}

// Applies the blocking mode a new socket starts in: non-blocking when created with
// SOCK_NONBLOCK, else the default timeout (non-blocking descriptor when it is set).
bool init_timeout(SocketObject* s, int type_flags) {
  if (type_flags & SOCK_NONBLOCK) {
    s->timeout = 0;
    return true;
  }
  s->timeout = default_timeout();
  return s->timeout < 0 || set_nonblocking_fd(s->fd, true);
}

int sock_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value vfamily = Value::small_int(-1), vtype = Value::small_int(-1), vproto = Value::small_int(-1),
        vfileno = Value::none();
  if (!bind_args("socket", args, nargs, kwnames, {"family", "type", "proto", "fileno"}, 0,
                 {&vfamily, &vtype, &vproto, &vfileno}))
    return -1;
  int family, type, proto;
  if (!int_arg(vfamily, &family) || !int_arg(vtype, &type) || !int_arg(vproto, &proto)) return -1;
  SocketObject* s = as_sock(self);
  int fd;
  if (!vfileno.is_none()) {
    auto f = index_as_int64(vfileno);
    if (!f) return -1;
    if (*f < 0) {
      raise(&ValueErrorType, "negative file descriptor");
      return -1;
    }
    if (*f > INT32_MAX) {
      raise(&OverflowErrorType, "signed integer is greater than maximum");
      return -1;
    }
    fd = int(*f);
    // Ask the descriptor what it is for whatever the caller left out.
    int v;
    socklen_t vl = sizeof v;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &vl) < 0) {
      raise_os_error(errno);
      return -1;
    }
    if (type == -1) type = v;
    if (family == -1) {
      vl = sizeof v;
      if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &vl) < 0) {
        raise_os_error(errno);
        return -1;
      }
      family = v;
    }
    if (proto == -1) {
      vl = sizeof v;
      if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &vl) < 0) {
        raise_os_error(errno);
        return -1;
      }
      proto = v;
    }
  } else {
    if (family == -1) family = AF_INET;
    if (type == -1) type = SOCK_STREAM;
    if (proto == -1) proto = 0;
    fd = ::socket(family, type | SOCK_CLOEXEC, proto);
    if (fd < 0) {
      raise_os_error(errno);
      return -1;
    }
  }
  if (s->fd >= 0 && s->fd != fd) ::close(s->fd);  // __init__ called twice
  s->fd = fd;
  s->family = family;
  s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  s->proto = proto;
  return init_timeout(s, type) ? 0 : -1;
}

void sock_dealloc(Object* o) {
  auto* s = static_cast<SocketObject*>(o);
  // CPython warns (ResourceWarning, silent by default) and closes; the close is quick.
  if (s->fd >= 0) ::close(s->fd);
  s->fd = -1;
  free_object(o);
}

Ref sock_repr(Value self) {
  SocketObject* s = as_sock(self);
  return new_str(strfmt("<socket object, fd=%d, family=%d, type=%d, proto=%d>", s->fd, s->family, s->type, s->proto));
}

#define SOCK_METHOD(name) Ref name(Value self, const Value* args, size_t nargs, Tuple* kwnames)

SOCK_METHOD(m_fileno) {
  if (!check_no_kwargs("fileno", kwnames) || !check_nargs("fileno", nargs, 0, 0)) return nullptr;
  return make_int(as_sock(self)->fd);
}

SOCK_METHOD(m_close) {
  if (!check_no_kwargs("close", kwnames) || !check_nargs("close", nargs, 0, 0)) return nullptr;
  SocketObject* s = as_sock(self);
  int fd = s->fd;
  if (fd >= 0) {
    s->fd = -1;
    int rc, err;
    {
      BlockingRegion region(BlockReason::kSocket);  // close() may linger (SO_LINGER)
      rc = ::close(fd);
      err = errno;
    }
    // ECONNRESET from close() only says the peer went away first (CPython ignores it).
    if (rc < 0 && err != ECONNRESET) return raise_os_error(err);
  }
  return Ref::none();
}

SOCK_METHOD(m_detach) {
  if (!check_no_kwargs("detach", kwnames) || !check_nargs("detach", nargs, 0, 0)) return nullptr;
  SocketObject* s = as_sock(self);
  int fd = s->fd;
  s->fd = -1;
  return make_int(fd);
}

SOCK_METHOD(m_dup) {
  if (!check_no_kwargs("dup", kwnames) || !check_nargs("dup", nargs, 0, 0)) return nullptr;
  SocketObject* s = as_sock(self);
  int fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return raise_os_error(errno);
  Ref copy = sock_new(&SocketType, nullptr, 0, nullptr);
  SocketObject* c = copy.as<SocketObject>();
  c->fd = fd;
  c->family = s->family;
  c->type = s->type;
  c->proto = s->proto;
  if (!init_timeout(c, 0)) return nullptr;
  return copy;
}

SOCK_METHOD(m_setblocking) {
  if (!check_no_kwargs("setblocking", kwnames) || !check_nargs("setblocking", nargs, 1, 1)) return nullptr;
  auto flag = index_as_int64(args[0]);
  if (!flag) return nullptr;
  SocketObject* s = as_sock(self);
  s->timeout = *flag ? -1.0 : 0.0;
  if (!set_nonblocking_fd(s->fd, !*flag)) return nullptr;
  return Ref::none();
}

SOCK_METHOD(m_getblocking) {
  if (!check_no_kwargs("getblocking", kwnames) || !check_nargs("getblocking", nargs, 0, 0)) return nullptr;
  return Ref::boolean(as_sock(self)->timeout != 0);
}

SOCK_METHOD(m_settimeout) {
  if (!check_no_kwargs("settimeout", kwnames) || !check_nargs("settimeout", nargs, 1, 1)) return nullptr;
  double t;
  if (!parse_timeout(args[0], &t)) return nullptr;
  SocketObject* s = as_sock(self);
  s->timeout = t;
  if (!set_nonblocking_fd(s->fd, t >= 0)) return nullptr;
  return Ref::none();
}

Ref timeout_value(double t) { return t < 0 ? Ref::none() : make_float(t); }

SOCK_METHOD(m_gettimeout) {
  if (!check_no_kwargs("gettimeout", kwnames) || !check_nargs("gettimeout", nargs, 0, 0)) return nullptr;
  return timeout_value(as_sock(self)->timeout);
}

SOCK_METHOD(m_bind) {
  if (!check_no_kwargs("bind", kwnames) || !check_nargs("bind", nargs, 1, 1)) return nullptr;
  SocketObject* s = as_sock(self);
  sockaddr_storage ss;
  socklen_t len;
  if (!parse_address(s, args[0], "bind", &ss, &len)) return nullptr;
  if (::bind(s->fd, reinterpret_cast<sockaddr*>(&ss), len) < 0) return raise_os_error(errno);
  return Ref::none();
}

SOCK_METHOD(m_listen) {
  if (!check_no_kwargs("listen", kwnames)) return nullptr;
  if (nargs > 1) return raisef(&TypeErrorType, "listen() takes at most 1 argument (%zu given)", nargs);
  int backlog = SOMAXCONN < 128 ? SOMAXCONN : 128;
  if (nargs == 1 && !int_arg(args[0], &backlog)) return nullptr;
  if (backlog < 0) backlog = 0;
  if (::listen(as_sock(self)->fd, backlog) < 0) return raise_os_error(errno);
  return Ref::none();
}

// _accept() -> (fd, address): socket.py wraps the descriptor in a socket.socket.
SOCK_METHOD(m_accept) {
  if (!check_no_kwargs("_accept", kwnames) || !check_nargs("_accept", nargs, 0, 0)) return nullptr;
  SocketObject* s = as_sock(self);
  sockaddr_storage ss;
  socklen_t len = 0;
  ssize_t fd = sock_call(s, false, [&](int sfd) {
    len = sizeof ss;
    return ssize_t(::accept4(sfd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_CLOEXEC));
  });
  if (fd < 0) return nullptr;
  Ref addr = make_address(&ss, len);
  if (!addr) {
    ::close(int(fd));
    return nullptr;
  }
  return make_tuple(int_ref(fd), std::move(addr));
}

// connect and connect_ex: 0 or the errno of the failure in *err (raise: exceptions for
// everything but the connection's own failure are pending and the result is false).
bool do_connect(SocketObject* s, const sockaddr_storage& ss, socklen_t len, int* err) {
  const int fd = s->fd;
  int rc, e;
  {
    BlockingRegion region(BlockReason::kSocket);
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&ss), len);
    e = errno;
  }
  if (rc == 0) {
    *err = 0;
    return true;
  }
  // Interrupted: the connection goes on in the background (as EINPROGRESS); a blocking
  // socket waits for it below.
  bool wait = (e == EINTR && s->timeout != 0) || (e == EINPROGRESS && s->timeout > 0);
  if (e == EINTR && !check_signals()) return false;
  if (!wait) {
    *err = e;
    return true;
  }
  int64_t deadline = s->timeout > 0 ? monotonic_ns() + int64_t(s->timeout * 1e9) : 0;
  for (;;) {
    int n, perr;
    {
      BlockingRegion region(BlockReason::kSocket);
      struct pollfd p = {fd, POLLOUT, 0};
      n = ::poll(&p, 1, s->timeout > 0 ? ms_until(deadline) : -1);
      perr = errno;
    }
    if (n < 0 && perr == EINTR) {
      if (!check_signals()) return false;
      continue;
    }
    if (n < 0) {
      *err = perr;
      return true;
    }
    if (n == 0) {
      *err = EWOULDBLOCK;  // CPython's SOCK_TIMEOUT_ERR: connect() raises "timed out"
      return true;
    }
    break;
  }
  int soerr = 0;
  socklen_t sl = sizeof soerr;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0) soerr = errno;
  *err = soerr;
  return true;
}

SOCK_METHOD(m_connect) {
  if (!check_no_kwargs("connect", kwnames) || !check_nargs("connect", nargs, 1, 1)) return nullptr;
  SocketObject* s = as_sock(self);
  sockaddr_storage ss;
  socklen_t len;
  if (!parse_address(s, args[0], "connect", &ss, &len)) return nullptr;
  int err;
  if (!do_connect(s, ss, len, &err)) return nullptr;
  if (err == EWOULDBLOCK && s->timeout > 0) return raise_timeout();
  if (err != 0) return raise_os_error(err);
  return Ref::none();
}

SOCK_METHOD(m_connect_ex) {
  if (!check_no_kwargs("connect_ex", kwnames) || !check_nargs("connect_ex", nargs, 1, 1)) return nullptr;
  SocketObject* s = as_sock(self);
  sockaddr_storage ss;
  socklen_t len;
  if (!parse_address(s, args[0], "connect_ex", &ss, &len)) return nullptr;
  int err;
  if (!do_connect(s, ss, len, &err)) return nullptr;
  return make_int(err);
}

// The size and flags arguments of recv/recvfrom.
bool recv_args(const char* name, const Value* args, size_t nargs, Tuple* kwnames, int64_t* size, int* flags) {
  if (!check_no_kwargs(name, kwnames)) return false;
  if (nargs < 1) {
    raisef(&TypeErrorType, "%s() takes at least 1 argument (%zu given)", name, nargs);
    return false;
  }
  if (nargs > 2) {
    raisef(&TypeErrorType, "%s() takes at most 2 arguments (%zu given)", name, nargs);
    return false;
  }
  auto n = index_as_int64(args[0]);
  if (!n) return false;
  *flags = 0;
  if (nargs == 2 && !int_arg(args[1], flags)) return false;
  if (*n < 0) {
    raisef(&ValueErrorType, "negative buffersize in %s", name);
    return false;
  }
  *size = *n;
  return true;
}

// Where recv puts the bytes. A request is usually far larger than what arrives (asyncio's
// transports ask for 256 KiB and get a line), so the bytes object is made at the size
// received: small requests are received into a stack buffer, up to 1 MiB into a scratch
// buffer kept per thread (reused, never zeroed: a fresh one would cost a page fault and a
// memset per call), larger ones into malloc'd memory (recv(2**40) is a MemoryError, as
// in CPython, not an abort); then copied out.
class RecvBuffer {
 public:
  bool allocate(int64_t size) {
    if (size <= int64_t(sizeof stack_)) {
      data_ = stack_;
      return true;
    }
    if (size <= kScratchLimit) {
      thread_local std::unique_ptr<char[]> scratch;
      thread_local int64_t scratch_size = 0;
      if (scratch_size < size) {
        scratch.reset(new (std::nothrow) char[size_t(size)]);
        scratch_size = scratch ? size : 0;
        if (!scratch) {
          raise_value(Value::from_obj(&MemoryErrorType));
          return false;
        }
      }
      data_ = scratch.get();
      return true;
    }
    heap_.reset(static_cast<char*>(std::malloc(size_t(size))));
    if (!heap_) {
      raise_value(Value::from_obj(&MemoryErrorType));
      return false;
    }
    data_ = heap_.get();
    return true;
  }
  char* data() const { return data_; }
  // The bytes received.
  Ref take(ssize_t n) { return bytes_new(std::string_view(data_, size_t(n))).into_ref(); }

 private:
  static constexpr int64_t kScratchLimit = 1 << 20;
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  char stack_[4096];
  std::unique_ptr<char, Free> heap_;
  char* data_ = nullptr;
};

SOCK_METHOD(m_recv) {
  int64_t size;
  int flags;
  if (!recv_args("recv", args, nargs, kwnames, &size, &flags)) return nullptr;
  RecvBuffer buf;
  if (!buf.allocate(size)) return nullptr;
  char* data = buf.data();
  ssize_t n = sock_call(as_sock(self), false, [&](int fd) { return ::recv(fd, data, size_t(size), flags); });
  if (n < 0) return nullptr;
  return buf.take(n);
}

SOCK_METHOD(m_recvfrom) {
  int64_t size;
  int flags;
  if (!recv_args("recvfrom", args, nargs, kwnames, &size, &flags)) return nullptr;
  RecvBuffer buf;
  if (!buf.allocate(size)) return nullptr;
  char* data = buf.data();
  sockaddr_storage ss;
  socklen_t len = 0;
  ssize_t n = sock_call(as_sock(self), false, [&](int fd) {
    len = sizeof ss;
    return ::recvfrom(fd, data, size_t(size), flags, reinterpret_cast<sockaddr*>(&ss), &len);
  });
  if (n < 0) return nullptr;
  return make_tuple(buf.take(n), make_address(&ss, len));
}

// recv_into / recvfrom_into: a writable buffer (a bytearray, a writable memoryview),
// exported while the call receives into it without the GIL.
bool recv_into_args(const char* name, const Value* args, size_t nargs, Tuple* kwnames, Buffer* buf, char** data,
                    size_t* size, int* flags) {
  Value buffer, vn = Value::small_int(0), vflags = Value::small_int(0);
  if (!bind_args(name, args, nargs, kwnames, {"buffer", "nbytes", "flags"}, 1, {&buffer, &vn, &vflags}))
    return false;
  auto n = index_as_int64(vn);
  if (!n || !int_arg(vflags, flags)) return false;
  if (*n < 0) {
    raisef(&ValueErrorType, "negative buffersize in %s", name);
    return false;
  }
  if (!buffer_get_writable(buffer, buf, std::string(name) + "() argument 1")) return false;
  *data = reinterpret_cast<char*>(buf->data);
  *size = size_t(buf->len);
  if (*n > 0) {
    if (size_t(*n) > *size) {
      raisef(&ValueErrorType, "buffer too small for requested bytes");
      return false;
    }
    *size = size_t(*n);
  }
  return true;
}

SOCK_METHOD(m_recv_into) {
  char* data = nullptr;
  size_t size = 0;
  int flags = 0;
  Buffer buf;
  if (!recv_into_args("recv_into", args, nargs, kwnames, &buf, &data, &size, &flags)) return nullptr;
  ssize_t n = sock_call(as_sock(self), false, [&](int fd) { return ::recv(fd, data, size, flags); });
  if (n < 0) return nullptr;
  return make_int(n);
}

SOCK_METHOD(m_recvfrom_into) {
  char* data = nullptr;
  size_t size = 0;
  int flags = 0;
  Buffer buf;
  if (!recv_into_args("recvfrom_into", args, nargs, kwnames, &buf, &data, &size, &flags)) return nullptr;
  sockaddr_storage ss;
  socklen_t len = 0;
  ssize_t n = sock_call(as_sock(self), false, [&](int fd) {
    len = sizeof ss;
    return ::recvfrom(fd, data, size, flags, reinterpret_cast<sockaddr*>(&ss), &len);
  });
  if (n < 0) return nullptr;
  return make_tuple(int_ref(n), make_address(&ss, len));
}

bool send_args(const char* name, const Value* args, size_t nargs, Tuple* kwnames, Buffer* data, int* flags) {
  if (!check_no_kwargs(name, kwnames)) return false;
  if (nargs < 1) {
    raisef(&TypeErrorType, "%s() takes at least 1 argument (%zu given)", name, nargs);
    return false;
  }
  if (nargs > 2) {
    raisef(&TypeErrorType, "%s() takes at most 2 arguments (%zu given)", name, nargs);
    return false;
  }
  *flags = 0;
  if (nargs == 2 && !int_arg(args[1], flags)) return false;
  return get_buffer(args[0], data);  // last: int_arg may run Python code
}

SOCK_METHOD(m_send) {
  Buffer buf;
  int flags;
  if (!send_args("send", args, nargs, kwnames, &buf, &flags)) return nullptr;
  std::string_view data = buf.view();  // stays exported while sent without the GIL
  ssize_t n = sock_call(as_sock(self), true,
                        [&](int fd) { return ::send(fd, data.data(), data.size(), flags | MSG_NOSIGNAL); });
  if (n < 0) return nullptr;
  return make_int(n);
}

SOCK_METHOD(m_sendall) {
  Buffer buf;
  int flags;
  if (!send_args("sendall", args, nargs, kwnames, &buf, &flags)) return nullptr;
  std::string_view data = buf.view();
  SocketObject* s = as_sock(self);
  int64_t deadline = 0;  // one deadline for the whole transfer, as CPython's
  size_t sent = 0;
  while (sent < data.size()) {
    const char* p = data.data() + sent;
    size_t left = data.size() - sent;
    ssize_t n = sock_call(s, true, [&](int fd) { return ::send(fd, p, left, flags | MSG_NOSIGNAL); }, &deadline);
    if (n < 0) return nullptr;
    sent += size_t(n);
    // Between chunks a signal handler may want to run (CPython checks here too).
    if (sent < data.size() && !check_signals()) return nullptr;
  }
  return Ref::none();
}

SOCK_METHOD(m_sendto) {
  if (!check_no_kwargs("sendto", kwnames)) return nullptr;
  if (nargs != 2 && nargs != 3)
    return raisef(&TypeErrorType, "sendto() takes 2 or 3 arguments (%zu given)", nargs);
  int flags = 0;
  if (nargs == 3 && !int_arg(args[1], &flags)) return nullptr;
  SocketObject* s = as_sock(self);
  sockaddr_storage ss;
  socklen_t len;
  if (!parse_address(s, args[nargs - 1], "sendto", &ss, &len)) return nullptr;
  Buffer buf;
  if (!get_buffer(args[0], &buf)) return nullptr;
  std::string_view data = buf.view();
  ssize_t n = sock_call(s, true, [&](int fd) {
    return ::sendto(fd, data.data(), data.size(), flags | MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&ss), len);
  });
  if (n < 0) return nullptr;
  return make_int(n);
}

SOCK_METHOD(m_shutdown) {
  if (!check_no_kwargs("shutdown", kwnames) || !check_nargs("shutdown", nargs, 1, 1)) return nullptr;
  int how;
  if (!int_arg(args[0], &how)) return nullptr;
  if (::shutdown(as_sock(self)->fd, how) < 0) return raise_os_error(errno);
  return Ref::none();
}

SOCK_METHOD(m_setsockopt) {
  if (!check_no_kwargs("setsockopt", kwnames)) return nullptr;
  if (nargs != 3 && nargs != 4) {
    if (nargs < 3) return raisef(&TypeErrorType, "setsockopt() takes exactly 3 arguments (%zu given)", nargs);
    return raisef(&TypeErrorType, "setsockopt() takes exactly 4 arguments (%zu given)", nargs);
  }
  int level, optname;
  if (!int_arg(args[0], &level) || !int_arg(args[1], &optname)) return nullptr;
  int fd = as_sock(self)->fd;
  int rc;
  if (nargs == 4) {
    // setsockopt(level, optname, None, optlen): a NULL value of optlen bytes.
    if (!args[2].is_none()) return raise(&TypeErrorType, "setsockopt() argument 3 must be None");
    unsigned optlen;
    auto l = index_as_int64(args[3]);
    if (!l) return nullptr;
    optlen = unsigned(*l);
    rc = ::setsockopt(fd, level, optname, nullptr, optlen);
  } else if (is_int(args[2])) {
    int v;
    if (!int_arg(args[2], &v)) return nullptr;
    rc = ::setsockopt(fd, level, optname, &v, sizeof v);
  } else {
    Buffer data;
    if (!get_buffer(args[2], &data)) return nullptr;
    rc = ::setsockopt(fd, level, optname, data.data, socklen_t(data.len));
  }
  if (rc < 0) return raise_os_error(errno);
  return Ref::none();
}

SOCK_METHOD(m_getsockopt) {
  if (!check_no_kwargs("getsockopt", kwnames) || !check_nargs("getsockopt", nargs, 2, 3)) return nullptr;
  int level, optname, buflen = 0;
  if (!int_arg(args[0], &level) || !int_arg(args[1], &optname)) return nullptr;
  if (nargs == 3 && !int_arg(args[2], &buflen)) return nullptr;
  int fd = as_sock(self)->fd;
  if (buflen == 0) {
    int v = 0;
    socklen_t vl = sizeof v;
    if (::getsockopt(fd, level, optname, &v, &vl) < 0) return raise_os_error(errno);
    return make_int(v);
  }
  if (buflen < 0 || buflen > 1024) return raise(&OSErrorType, "getsockopt buflen out of range");
  std::string buf(size_t(buflen), '\0');
  socklen_t vl = socklen_t(buflen);
  if (::getsockopt(fd, level, optname, buf.data(), &vl) < 0) return raise_os_error(errno);
  return bytes_new(std::string_view(buf.data(), vl)).into_ref();
}

SOCK_METHOD(m_getsockname) {
  if (!check_no_kwargs("getsockname", kwnames) || !check_nargs("getsockname", nargs, 0, 0)) return nullptr;
  sockaddr_storage ss = {};
  socklen_t len = sizeof ss;
  if (::getsockname(as_sock(self)->fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0) return raise_os_error(errno);
  return make_address(&ss, len);
}

SOCK_METHOD(m_getpeername) {
  if (!check_no_kwargs("getpeername", kwnames) || !check_nargs("getpeername", nargs, 0, 0)) return nullptr;
  sockaddr_storage ss = {};
  socklen_t len = sizeof ss;
  if (::getpeername(as_sock(self)->fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0) return raise_os_error(errno);
  return make_address(&ss, len);
}

#undef SOCK_METHOD

Ref get_family(Value self) { return make_int(as_sock(self)->family); }
Ref get_type(Value self) { return make_int(as_sock(self)->type); }
Ref get_proto(Value self) { return make_int(as_sock(self)->proto); }
Ref get_timeout(Value self) { return timeout_value(as_sock(self)->timeout); }

const MethodDef kSocketMethods[] = {
    {"_accept", m_accept, 0, "_accept() -> (integer, address info)"},
    {"bind", m_bind, 0, "Bind the socket to a local address."},
    {"close", m_close, 0, "Close the socket."},
    {"connect", m_connect, 0, "Connect the socket to a remote address."},
    {"connect_ex", m_connect_ex, 0, "Like connect(address), but return an error code instead of raising."},
    {"detach", m_detach, 0, "Close the socket object without closing the descriptor; return the descriptor."},
    {"dup", m_dup, 0, "Duplicate the socket."},
    {"fileno", m_fileno, 0, "Return the integer file descriptor of the socket."},
    {"getblocking", m_getblocking, 0, "Return True if the socket is in blocking mode."},
    {"getpeername", m_getpeername, 0, "Return the address of the remote endpoint."},
    {"getsockname", m_getsockname, 0, "Return the address of the local endpoint."},
    {"getsockopt", m_getsockopt, 0, "Get a socket option."},
    {"gettimeout", m_gettimeout, 0, "Return the timeout in seconds, or None."},
    {"listen", m_listen, 0, "Enable a server to accept connections."},
    {"recv", m_recv, 0, "Receive up to buffersize bytes from the socket."},
    {"recv_into", m_recv_into, 0, "Receive into a writable buffer."},
    {"recvfrom", m_recvfrom, 0, "Like recv(buffersize, flags) but also return the sender's address."},
    {"recvfrom_into", m_recvfrom_into, 0, "Like recv_into but also return the sender's address."},
    {"send", m_send, 0, "Send a data string to the socket; return the number of bytes sent."},
    {"sendall", m_sendall, 0, "Send all of a data string to the socket."},
    {"sendto", m_sendto, 0, "Send data to the given address (an unconnected socket)."},
    {"setblocking", m_setblocking, 0, "Set the socket to blocking (flag true) or non-blocking (false)."},
    {"setsockopt", m_setsockopt, 0, "Set a socket option."},
    {"settimeout", m_settimeout, 0, "Set a timeout on socket operations (None: blocking)."},
    {"shutdown", m_shutdown, 0, "Shut down the reading side, the writing side, or both."},
    {nullptr}};

const GetSetDef kSocketGetSets[] = {
    {"family", get_family, nullptr, "the socket family"},
    {"type", get_type, nullptr, "the socket type"},
    {"proto", get_proto, nullptr, "the socket protocol"},
    {"timeout", get_timeout, nullptr, "the socket timeout"},
    {nullptr}};

// ---- module functions -------------------------------------------------------------

#define MOD_FUNC(name) Ref name(Value module, const Value* args, size_t nargs, Tuple* kwnames)

MOD_FUNC(f_socketpair) {
  Value vfamily = Value::small_int(AF_UNIX), vtype = Value::small_int(SOCK_STREAM), vproto = Value::small_int(0);
  if (!bind_args("socketpair", args, nargs, kwnames, {"family", "type", "proto"}, 0, {&vfamily, &vtype, &vproto}))
    return nullptr;
  int family, type, proto;
  if (!int_arg(vfamily, &family) || !int_arg(vtype, &type) || !int_arg(vproto, &proto)) return nullptr;
  int fds[2];
  if (::socketpair(family, type | SOCK_CLOEXEC, proto, fds) < 0) return raise_os_error(errno);
  Ref pair[2];
  for (int i = 0; i < 2; i++) {
    pair[i] = sock_new(&SocketType, nullptr, 0, nullptr);
    SocketObject* s = pair[i].as<SocketObject>();
    s->fd = fds[i];
    s->family = family;
    s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    s->proto = proto;
  }
  for (int i = 0; i < 2; i++)
    if (!init_timeout(pair[i].as<SocketObject>(), type)) return nullptr;
  return make_tuple(std::move(pair[0]), std::move(pair[1]));
}

MOD_FUNC(f_getaddrinfo) {
  Value host, port, vfamily = Value::small_int(0), vtype = Value::small_int(0), vproto = Value::small_int(0),
                    vflags = Value::small_int(0);
  if (!bind_args("getaddrinfo", args, nargs, kwnames, {"host", "port", "family", "type", "proto", "flags"}, 2,
                 {&host, &port, &vfamily, &vtype, &vproto, &vflags}))
    return nullptr;
  std::string hbuf, pbuf;
  const char* hptr = nullptr;
  const char* pptr = nullptr;
  if (!host.is_none()) {
    if (!is_str(host) && !is_bytes(host))
      return raise(&TypeErrorType, "getaddrinfo() argument 1 must be string or None");
    host_arg(host, &hbuf);
    hptr = hbuf.c_str();
  }
  if (is_int(port)) {
    auto p = int_as_int64(port);
    if (!p) return nullptr;
    pbuf = std::to_string(*p);
    pptr = pbuf.c_str();
  } else if (is_str(port) || is_bytes(port)) {
    host_arg(port, &pbuf);
    pptr = pbuf.c_str();
  } else if (!port.is_none()) {
    return raise(&OSErrorType, "Int or String expected");
  }
  struct addrinfo hints = {};
  if (!int_arg(vfamily, &hints.ai_family) || !int_arg(vtype, &hints.ai_socktype) ||
      !int_arg(vproto, &hints.ai_protocol) || !int_arg(vflags, &hints.ai_flags))
    return nullptr;
  struct addrinfo* res = nullptr;
  int rc, saved_errno;
  {
    BlockingRegion region(BlockReason::kSocket);
    rc = getaddrinfo(hptr, pptr, &hints, &res);
    saved_errno = errno;
  }
  if (rc != 0) return raise_gai_error(rc, saved_errno);
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(res, freeaddrinfo);
  Own<List> out = list_new();
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    sockaddr_storage ss = {};
    std::memcpy(&ss, ai->ai_addr, ai->ai_addrlen <= sizeof ss ? ai->ai_addrlen : sizeof ss);
    Ref item = make_tuple(int_ref(ai->ai_family), int_ref(ai->ai_socktype), int_ref(ai->ai_protocol),
                          new_str(ai->ai_canonname ? ai->ai_canonname : ""),
                          make_address(&ss, ai->ai_addrlen));
    if (!item || !list_append(out.get(), item.get())) return nullptr;
  }
  return out.into_ref();
}

MOD_FUNC(f_getnameinfo) {
  if (!check_no_kwargs("getnameinfo", kwnames) || !check_nargs("getnameinfo", nargs, 2, 2)) return nullptr;
  Value sa = args[0];
  if (!is_tuple(sa)) return raise(&TypeErrorType, "getnameinfo() argument 1 must be a tuple");
  Tuple* t = sa.as<Tuple>();
  if (t->size < 2 || t->size > 4) return raise(&TypeErrorType, "getnameinfo(): illegal sockaddr argument");
  std::string host;
  int port, flags;
  if (!host_arg(t->items[0], &host) || !int_arg(t->items[1], &port) || !int_arg(args[1], &flags)) return nullptr;
  if (port < 0 || port > 0xffff) return raise(&OverflowErrorType, "getnameinfo(): port must be 0-65535.");
  sockaddr_storage ss;
  socklen_t len;
  if (!resolve_host(host, t->size > 2 ? AF_INET6 : AF_UNSPEC, &ss, &len)) return nullptr;
  if (ss.ss_family == AF_INET6)
    reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(uint16_t(port));
  else
    reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(uint16_t(port));
  char hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];
  int rc, saved_errno;
  {
    BlockingRegion region(BlockReason::kSocket);
    rc = getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, hbuf, sizeof hbuf, sbuf, sizeof sbuf, flags);
    saved_errno = errno;
  }
  if (rc != 0) return raise_gai_error(rc, saved_errno);
  return make_tuple(new_str(hbuf), new_str(sbuf));
}

MOD_FUNC(f_gethostname) {
  if (!check_no_kwargs("gethostname", kwnames) || !check_nargs("gethostname", nargs, 0, 0)) return nullptr;
  char buf[1024];
  if (::gethostname(buf, sizeof buf - 1) < 0) return raise_os_error(errno);
  buf[sizeof buf - 1] = '\0';
  return new_str(buf);
}

MOD_FUNC(f_gethostbyname) {
  if (!check_no_kwargs("gethostbyname", kwnames) || !check_nargs("gethostbyname", nargs, 1, 1)) return nullptr;
  std::string name;
  if (!host_arg(args[0], &name, "gethostbyname")) return nullptr;
  sockaddr_storage ss;
  socklen_t len;
  if (!resolve_host(name, AF_INET, &ss, &len)) return nullptr;
  return ip_text(reinterpret_cast<sockaddr*>(&ss), len);
}

// gethostbyaddr(ip) -> (hostname, aliaslist, ipaddrlist), by getnameinfo/getaddrinfo.
MOD_FUNC(f_gethostbyaddr) {
  if (!check_no_kwargs("gethostbyaddr", kwnames) || !check_nargs("gethostbyaddr", nargs, 1, 1)) return nullptr;
  std::string name;
  if (!host_arg(args[0], &name, "gethostbyaddr")) return nullptr;
  sockaddr_storage ss;
  socklen_t len;
  if (!resolve_host(name, AF_UNSPEC, &ss, &len)) return nullptr;
  char hbuf[NI_MAXHOST];
  int rc;
  {
    BlockingRegion region(BlockReason::kSocket);
    rc = getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, hbuf, sizeof hbuf, nullptr, 0, NI_NAMEREQD);
  }
  if (rc != 0)
    return raise_error_with(module_error_type("herror"), HOST_NOT_FOUND, "Unknown host");
  Own<List> aliases = list_new();
  Own<List> addrs = list_new();
  Ref ip = ip_text(reinterpret_cast<sockaddr*>(&ss), len);
  if (!ip || !list_append(addrs.get(), ip.get())) return nullptr;
  return make_tuple(new_str(hbuf), aliases.into_ref(), addrs.into_ref());
}

MOD_FUNC(f_inet_aton) {
  if (!check_no_kwargs("inet_aton", kwnames) || !check_nargs("inet_aton", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0])) return raisef(&TypeErrorType, "inet_aton() argument 1 must be str, not %s", type_name(args[0]));
  std::string text = utf8_of(args[0]);
  struct in_addr a;
  if (inet_aton(text.c_str(), &a) == 0) return raise(&OSErrorType, "illegal IP address string passed to inet_aton");
  return bytes_new(std::string_view(reinterpret_cast<const char*>(&a), sizeof a)).into_ref();
}

MOD_FUNC(f_inet_ntoa) {
  if (!check_no_kwargs("inet_ntoa", kwnames) || !check_nargs("inet_ntoa", nargs, 1, 1)) return nullptr;
  Buffer data;
  if (!get_buffer(args[0], &data)) return nullptr;
  if (data.len != 4) return raise(&OSErrorType, "packed IP wrong length for inet_ntoa");
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, data.data, buf, sizeof buf);
  return new_str(buf);
}

MOD_FUNC(f_inet_pton) {
  if (!check_no_kwargs("inet_pton", kwnames) || !check_nargs("inet_pton", nargs, 2, 2)) return nullptr;
  int af;
  if (!int_arg(args[0], &af)) return nullptr;
  if (!is_str(args[1])) return raisef(&TypeErrorType, "inet_pton() argument 2 must be str, not %s", type_name(args[1]));
  std::string text = utf8_of(args[1]);
  unsigned char buf[sizeof(struct in6_addr)];
  int rc = inet_pton(af, text.c_str(), buf);
  if (rc < 0) return raise_os_error(errno);
  if (rc == 0) return raise(&OSErrorType, "illegal IP address string passed to inet_pton");
  size_t n = af == AF_INET ? 4 : 16;
  return bytes_new(std::string_view(reinterpret_cast<const char*>(buf), n)).into_ref();
}

MOD_FUNC(f_inet_ntop) {
  if (!check_no_kwargs("inet_ntop", kwnames) || !check_nargs("inet_ntop", nargs, 2, 2)) return nullptr;
  int af;
  if (!int_arg(args[0], &af)) return nullptr;
  Buffer packed;
  if (!get_buffer(args[1], &packed)) return nullptr;
  std::string_view data = packed.view();
  if (af == AF_INET) {
    if (data.size() != 4) return raise(&ValueErrorType, "invalid length of packed IP address string");
  } else if (af == AF_INET6) {
    if (data.size() != 16) return raise(&ValueErrorType, "invalid length of packed IP address string");
  } else {
    return raisef(&ValueErrorType, "unknown address family %d", af);
  }
  char buf[INET6_ADDRSTRLEN];
  if (!inet_ntop(af, data.data(), buf, sizeof buf)) return raise_os_error(errno);
  return new_str(buf);
}

// htons/ntohs: a 16-bit unsigned int, with CPython 3.11's messages.
Ref swap16(const char* name, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs(name, kwnames) || !check_nargs(name, nargs, 1, 1)) return nullptr;
  auto v = index_as_int64(args[0]);
  if (!v) return nullptr;
  if (*v < 0)
    return raisef(&OverflowErrorType, "%s: can't convert negative Python int to C 16-bit unsigned integer", name);
  if (*v > 0xffff)
    return raisef(&OverflowErrorType, "%s: Python int too large to convert to C 16-bit unsigned integer", name);
  return make_int(ntohs(uint16_t(*v)));
}

// htonl/ntohl: a 32-bit unsigned int.
Ref swap32(const char* name, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs(name, kwnames) || !check_nargs(name, nargs, 1, 1)) return nullptr;
  if (!is_int(args[0])) return raisef(&TypeErrorType, "expected int, %s found", type_name(args[0]));
  auto v = int_as_int64(args[0]);
  if (!v) {
    if (error_matches(&OverflowErrorType)) {
      bool negative = int_sign(args[0]) < 0;
      clear_error();
      return raise(&OverflowErrorType, negative ? "can't convert negative value to unsigned int" : "int larger than 32 bits");
    }
    return nullptr;
  }
  if (*v < 0) return raise(&OverflowErrorType, "can't convert negative value to unsigned int");
  if (*v > 0xffffffffLL) return raise(&OverflowErrorType, "int larger than 32 bits");
  return make_int_u64(ntohl(uint32_t(*v)));
}

MOD_FUNC(f_htons) { return swap16("htons", args, nargs, kwnames); }
MOD_FUNC(f_ntohs) { return swap16("ntohs", args, nargs, kwnames); }
MOD_FUNC(f_htonl) { return swap32("htonl", args, nargs, kwnames); }
MOD_FUNC(f_ntohl) { return swap32("ntohl", args, nargs, kwnames); }

MOD_FUNC(f_getdefaulttimeout) {
  if (!check_no_kwargs("getdefaulttimeout", kwnames) || !check_nargs("getdefaulttimeout", nargs, 0, 0))
    return nullptr;
  return timeout_value(default_timeout());
}

MOD_FUNC(f_setdefaulttimeout) {
  if (!check_no_kwargs("setdefaulttimeout", kwnames) || !check_nargs("setdefaulttimeout", nargs, 1, 1))
    return nullptr;
  double t;
  if (!parse_timeout(args[0], &t)) return nullptr;
  Ref v = t < 0 ? Ref::none() : make_float(t);
  if (!dict_set_str(module.as<Module>()->dict, "_defaulttimeout", v.get())) return nullptr;
  return Ref::none();
}

MOD_FUNC(f_dup) {
  if (!check_no_kwargs("dup", kwnames) || !check_nargs("dup", nargs, 1, 1)) return nullptr;
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return raise_os_error(errno);
  return make_int(copy);
}

MOD_FUNC(f_close) {
  if (!check_no_kwargs("close", kwnames) || !check_nargs("close", nargs, 1, 1)) return nullptr;
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  if (::close(fd) < 0 && errno != ECONNRESET) return raise_os_error(errno);
  return Ref::none();
}

#undef MOD_FUNC

const MethodDef kSocketFunctions[] = {
    {"socketpair", f_socketpair, 0, "socketpair([family[, type[, proto]]]) -> (socket object, socket object)"},
    {"getaddrinfo", f_getaddrinfo, 0, "getaddrinfo(host, port [, family, type, proto, flags]) -> list"},
    {"getnameinfo", f_getnameinfo, 0, "getnameinfo(sockaddr, flags) -> (host, port)"},
    {"gethostname", f_gethostname, 0, "Return the current host name."},
    {"gethostbyname", f_gethostbyname, 0, "Return the IP address (a string of the form '255.255.255.255') for a host."},
    {"gethostbyaddr", f_gethostbyaddr, 0, "Return the true host name, a list of aliases, and a list of IP addresses."},
    {"inet_aton", f_inet_aton, 0, "Convert an IP address in string format to the 32-bit packed binary format."},
    {"inet_ntoa", f_inet_ntoa, 0, "Convert an IP address from 32-bit packed binary format to string format."},
    {"inet_pton", f_inet_pton, 0, "Convert an IP address from string format to a packed string suitable for the C library."},
    {"inet_ntop", f_inet_ntop, 0, "Convert a packed IP address of the given family to string format."},
    {"htons", f_htons, 0, "Convert a 16-bit unsigned integer from host to network byte order."},
    {"ntohs", f_ntohs, 0, "Convert a 16-bit unsigned integer from network to host byte order."},
    {"htonl", f_htonl, 0, "Convert a 32-bit integer from host to network byte order."},
    {"ntohl", f_ntohl, 0, "Convert a 32-bit integer from network to host byte order."},
    {"getdefaulttimeout", f_getdefaulttimeout, 0, "Return the default timeout in seconds for new socket objects."},
    {"setdefaulttimeout", f_setdefaulttimeout, 0, "Set the default timeout in seconds for new socket objects."},
    {"dup", f_dup, 0, "Duplicate an integer socket file descriptor."},
    {"close", f_close, 0, "Close an integer socket file descriptor."},
    {nullptr}};

struct IntConstant {
  const char* name;
  long value;
};

#define C(name) {#name, long(name)},
const IntConstant kSocketConstants[] = {
    C(AF_UNSPEC) C(AF_INET) C(AF_INET6) C(AF_UNIX) C(AF_NETLINK) C(AF_PACKET)
    C(SOCK_STREAM) C(SOCK_DGRAM) C(SOCK_RAW) C(SOCK_SEQPACKET) C(SOCK_RDM) C(SOCK_NONBLOCK) C(SOCK_CLOEXEC)
    C(SOL_SOCKET) C(SOL_IP) C(SOL_TCP) {"SOL_UDP", IPPROTO_UDP}, C(SOMAXCONN)
    C(SO_DEBUG) C(SO_ACCEPTCONN) C(SO_REUSEADDR) C(SO_REUSEPORT) C(SO_KEEPALIVE) C(SO_DONTROUTE)
    C(SO_BROADCAST) C(SO_LINGER) C(SO_OOBINLINE) C(SO_SNDBUF) C(SO_RCVBUF) C(SO_SNDLOWAT) C(SO_RCVLOWAT)
    C(SO_SNDTIMEO) C(SO_RCVTIMEO) C(SO_ERROR) C(SO_TYPE) C(SO_DOMAIN) C(SO_PROTOCOL) C(SO_PEERCRED)
    C(SO_PASSCRED) C(SO_PRIORITY) C(SO_MARK) C(SO_BINDTODEVICE)
    C(MSG_OOB) C(MSG_PEEK) C(MSG_DONTROUTE) C(MSG_DONTWAIT) C(MSG_EOR) C(MSG_TRUNC) C(MSG_CTRUNC)
    C(MSG_WAITALL) C(MSG_NOSIGNAL) C(MSG_CMSG_CLOEXEC) C(MSG_CONFIRM) C(MSG_ERRQUEUE) C(MSG_MORE)
    C(SHUT_RD) C(SHUT_WR) C(SHUT_RDWR)
    C(IPPROTO_IP) C(IPPROTO_TCP) C(IPPROTO_UDP) C(IPPROTO_IPV6) C(IPPROTO_ICMP) C(IPPROTO_ICMPV6)
    C(IPPROTO_RAW)
    C(IPPORT_RESERVED) C(IPPORT_USERRESERVED)
    C(INADDR_ANY) C(INADDR_BROADCAST) C(INADDR_LOOPBACK) C(INADDR_NONE)
    C(IP_TOS) C(IP_TTL) C(IP_HDRINCL) C(IP_OPTIONS) C(IP_MULTICAST_IF) C(IP_MULTICAST_TTL)
    C(IP_MULTICAST_LOOP) C(IP_ADD_MEMBERSHIP) C(IP_DROP_MEMBERSHIP)
    C(IPV6_V6ONLY) C(IPV6_JOIN_GROUP) C(IPV6_LEAVE_GROUP) C(IPV6_MULTICAST_HOPS) C(IPV6_MULTICAST_IF)
    C(IPV6_MULTICAST_LOOP) C(IPV6_UNICAST_HOPS)
    C(TCP_NODELAY) C(TCP_MAXSEG) C(TCP_CORK) C(TCP_KEEPIDLE) C(TCP_KEEPINTVL) C(TCP_KEEPCNT)
    C(TCP_SYNCNT) C(TCP_LINGER2) C(TCP_DEFER_ACCEPT) C(TCP_WINDOW_CLAMP) C(TCP_INFO) C(TCP_QUICKACK)
    C(TCP_FASTOPEN) C(TCP_CONGESTION) C(TCP_USER_TIMEOUT) C(TCP_NOTSENT_LOWAT)
    C(AI_PASSIVE) C(AI_CANONNAME) C(AI_NUMERICHOST) C(AI_NUMERICSERV) C(AI_V4MAPPED) C(AI_ALL)
    C(AI_ADDRCONFIG)
    C(NI_NUMERICHOST) C(NI_NUMERICSERV) C(NI_NOFQDN) C(NI_NAMEREQD) C(NI_DGRAM) C(NI_MAXHOST) C(NI_MAXSERV)
    C(EAI_ADDRFAMILY) C(EAI_AGAIN) C(EAI_BADFLAGS) C(EAI_FAIL) C(EAI_FAMILY) C(EAI_MEMORY) C(EAI_NODATA)
    C(EAI_NONAME) C(EAI_OVERFLOW) C(EAI_SERVICE) C(EAI_SOCKTYPE) C(EAI_SYSTEM)
    C(SCM_RIGHTS) C(SCM_CREDENTIALS)
};
#undef C

// gaierror and herror: OSError subclasses shown as socket.gaierror / socket.herror.
bool add_error_class(Module* m, const char* name) {
  Own<Tuple> bases = tuple_from({Value::from_obj(&OSErrorType)});
  Own<Dict> ns = dict_new();
  Ref modname = new_str("socket");
  if (!dict_set_str(ns.get(), "__module__", modname.get())) return false;
  Ref cls = type_new(&TypeType, intern(name), bases.get(), ns.get());
  return cls && module_add(m, name, cls.get());
}

void init_socket_type() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(SocketType, "_socket.socket", sizeof(SocketObject), &ObjectType, kTypeBaseType);
  SocketType.new_ = sock_new;
  SocketType.init = sock_init;
  SocketType.dealloc = sock_dealloc;
  SocketType.repr = sock_repr;
  SocketType.methods = kSocketMethods;
  SocketType.getsets = kSocketGetSets;
  SocketType.doc = "socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None) -> socket object";
  ready_type(&SocketType);
}

}  // namespace

Ref create_socket_module() {
  init_socket_type();
  Own<Module> m = module_new("_socket");
  if (!module_add_functions(m.get(), kSocketFunctions)) return nullptr;
  for (const IntConstant& c : kSocketConstants) {
    Ref v = make_int(c.value);
    if (!module_add(m.get(), c.name, v.get())) return nullptr;
  }
  if (!module_add(m.get(), "socket", Value::from_obj(&SocketType)) ||
      !module_add(m.get(), "SocketType", Value::from_obj(&SocketType)) ||
      !module_add(m.get(), "error", Value::from_obj(&OSErrorType)) ||
      !module_add(m.get(), "timeout", Value::from_obj(&TimeoutErrorType)) ||
      !module_add(m.get(), "has_ipv6", Value::true_()) ||
      !module_add(m.get(), "_defaulttimeout", Value::none()) || !add_error_class(m.get(), "gaierror") ||
      !add_error_class(m.get(), "herror"))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
