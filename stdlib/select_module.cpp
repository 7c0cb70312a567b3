// stdlib/select_module.cpp: the select module: select.select over select(2), the poll
// object over poll(2), and the epoll object over epoll(7), with CPython's messages.
// selectors.py (stdlib/python/) and the event loop build on these.
//
// Every wait runs in one BlockingRegion on C arrays copied out of the Python objects
// first, so another thread may register or unregister meanwhile (the change is seen by
// the next wait). An EINTR wakes the waiter: check_signals() (KeyboardInterrupt on the
// main thread) and then the wait goes on with the time that is left (PEP 475).
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <utility>
#include <vector>

#include "runtime/gil.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type PollType;
Type EpollType;

int64_t monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// A file descriptor from an int or an object with fileno() (PyObject_AsFileDescriptor).
bool as_fd(Value v, int* out) {
  Ref from_method;
  if (!is_int(v)) {
    Ref meth = getattr_opt(v, intern("fileno"));
    if (!meth) {
      if (!error_pending()) raise(&TypeErrorType, "argument must be an int, or have a fileno() method.");
      return false;
    }
    from_method = call0(meth.get());
    if (!from_method) return false;
    if (!is_int(from_method.get())) {
      raise(&TypeErrorType, "fileno() returned a non-integer");
      return false;
    }
    v = from_method.get();
  }
  auto fd = int_as_int64(v);
  if (!fd) return false;
  if (*fd < INT_MIN || *fd > INT_MAX) {
    raise(&OverflowErrorType, "Python int too large to convert to C int");
    return false;
  }
  if (*fd < 0) {
    raisef(&ValueErrorType, "file descriptor cannot be a negative integer (%d)", int(*fd));
    return false;
  }
  *out = int(*fd);
  return true;
}

// Seconds (int or float) as nanoseconds; `what` names the accepted kinds in the TypeError.
bool seconds_ns(Value v, const char* type_message, int64_t* out) {
  double d;
  if (is_float_like(v)) {
    d = float_value(v);
    if (std::isnan(d)) {
      raise(&ValueErrorType, "Invalid value NaN (not a number)");
      return false;
    }
  } else if (is_int(v)) {
    bool overflow = false;
    d = int_to_double(v, &overflow);
    if (overflow) d = v.is_small_int() ? 0 : (int_sign(v) < 0 ? -1e300 : 1e300);
  } else {
    raise(&TypeErrorType, type_message);
    return false;
  }
  if (std::fabs(d) > 9.2e9) {
    raise(&OverflowErrorType, "timestamp too large to convert to C _PyTime_t");
    return false;
  }
  // Rounded up to whole nanoseconds, so a wait never ends early (_PyTime_ROUND_TIMEOUT).
  *out = int64_t(std::ceil(d * 1e9));
  return true;
}

// Milliseconds for poll/epoll_wait from a deadline, rounded up; -1 waits forever.
int wait_ms(int64_t deadline) {
  if (deadline < 0) return -1;
  int64_t left = deadline - monotonic_ns();
  if (left <= 0) return 0;
  int64_t ms = (left + 999999) / 1000000;
  return ms > INT_MAX ? INT_MAX : int(ms);
}

// ---- select.select ----------------------------------------------------------------------

struct FdEntry {
  int fd;
  Ref obj;
};

bool collect_fds(Value seq, std::vector<FdEntry>* out, fd_set* set, int* maxfd) {
  // Any iterable will do (PySequence_Fast): selectors passes sets.
  Ref items = sequence_tuple(seq);
  if (!items) {
    if (error_matches(&TypeErrorType)) {
      clear_error();
      raise(&TypeErrorType, "arguments 1-3 must be sequences");
    }
    return false;
  }
  Tuple* t = items.as<Tuple>();
  for (int64_t i = 0; i < t->size; i++) {
    int fd;
    if (!as_fd(t->items[i], &fd)) return false;
    if (fd >= FD_SETSIZE) {
      raise(&ValueErrorType, "filedescriptor out of range in select()");
      return false;
    }
    FD_SET(fd, set);
    if (fd > *maxfd) *maxfd = fd;
    out->push_back({fd, Ref::borrow(t->items[i])});
  }
  return true;
}

Ref ready_list(const std::vector<FdEntry>& entries, const fd_set& set) {
  Own<List> out = list_new();
  for (const FdEntry& e : entries)
    if (FD_ISSET(e.fd, &set) && !list_append(out.get(), e.obj.get())) return nullptr;
  return out.into_ref();
}

Ref f_select(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("select", kwnames)) return nullptr;
  if (nargs < 3) return raisef(&TypeErrorType, "select expected at least 3 arguments, got %zu", nargs);
  if (nargs > 4) return raisef(&TypeErrorType, "select expected at most 4 arguments, got %zu", nargs);
  int64_t deadline = -1;
  if (nargs == 4 && !args[3].is_none()) {
    int64_t ns;
    if (!seconds_ns(args[3], "timeout must be a float or None", &ns)) return nullptr;
    if (ns < 0) return raise(&ValueErrorType, "timeout must be non-negative");
    deadline = monotonic_ns() + ns;
  }
  std::vector<FdEntry> lists[3];
  fd_set sets[3];
  int maxfd = -1;
  for (int i = 0; i < 3; i++) {
    FD_ZERO(&sets[i]);
    if (!collect_fds(args[i], &lists[i], &sets[i], &maxfd)) return nullptr;
  }
  fd_set ready[3];
  for (;;) {
    for (int i = 0; i < 3; i++) ready[i] = sets[i];
    int n, err;
    {
      BlockingRegion region(BlockReason::kEpoll);
      struct timeval tv, *tvp = nullptr;
      if (deadline >= 0) {
        int64_t left = deadline - monotonic_ns();
        if (left < 0) left = 0;
        left = (left + 999) / 1000;  // microseconds, rounded up
        tv.tv_sec = time_t(left / 1000000);
        tv.tv_usec = suseconds_t(left % 1000000);
        tvp = &tv;
      }
      n = ::select(maxfd + 1, &ready[0], &ready[1], &ready[2], tvp);
      err = errno;
    }
    if (n >= 0) break;
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
  return make_tuple(ready_list(lists[0], ready[0]), ready_list(lists[1], ready[1]), ready_list(lists[2], ready[2]));
}

// ---- poll -------------------------------------------------------------------------------

struct PollObject : Object {
  std::vector<struct pollfd>* fds;  // in registration order
  bool running;                     // a poll() is waiting (CPython refuses a second one)
};

PollObject* as_poll(Value v) { return v.as<PollObject>(); }

// An event mask argument: an unsigned short.
bool event_mask(Value v, unsigned short* out) {
  if (!is_int(v)) {
    raise(&TypeErrorType, "an integer is required");
    return false;
  }
  auto m = int_as_int64(v);
  if (!m) {
    clear_error();
    raise(&OverflowErrorType, "Python int too large for C unsigned short");
    return false;
  }
  if (*m < 0) {
    raise(&ValueErrorType, "value must be positive");
    return false;
  }
  if (*m > 0xffff) {
    raise(&OverflowErrorType, "Python int too large for C unsigned short");
    return false;
  }
  *out = static_cast<unsigned short>(*m);
  return true;
}

struct pollfd* find_pollfd(PollObject* p, int fd) {
  for (struct pollfd& e : *p->fds)
    if (e.fd == fd) return &e;
  return nullptr;
}

Ref poll_new_object() {
  auto* p = alloc<PollObject>(&PollType);
  p->fds = new std::vector<struct pollfd>();
  return Ref::steal(p);
}

void poll_dealloc(Object* o) {
  delete static_cast<PollObject*>(o)->fds;
  free_object(o);
}

Ref poll_register(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv, maskv = Value::small_int(POLLIN | POLLPRI | POLLOUT);
  if (!bind_args("register", args, nargs, kwnames, {"fd", "eventmask", "/"}, 1, {&fdv, &maskv})) return nullptr;
  int fd;
  unsigned short mask;
  if (!as_fd(fdv, &fd) || !event_mask(maskv, &mask)) return nullptr;
  PollObject* p = as_poll(self);
  if (struct pollfd* e = find_pollfd(p, fd))
    e->events = short(mask);
  else
    p->fds->push_back({fd, short(mask), 0});
  return Ref::none();
}

Ref poll_modify(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv, maskv;
  if (!bind_args("modify", args, nargs, kwnames, {"fd", "eventmask", "/"}, 2, {&fdv, &maskv})) return nullptr;
  int fd;
  unsigned short mask;
  if (!as_fd(fdv, &fd) || !event_mask(maskv, &mask)) return nullptr;
  struct pollfd* e = find_pollfd(as_poll(self), fd);
  if (!e) return raise_os_error(ENOENT);
  e->events = short(mask);
  return Ref::none();
}

Ref poll_unregister(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv;
  if (!bind_args("unregister", args, nargs, kwnames, {"fd", "/"}, 1, {&fdv})) return nullptr;
  int fd;
  if (!as_fd(fdv, &fd)) return nullptr;
  std::vector<struct pollfd>& fds = *as_poll(self)->fds;
  for (size_t i = 0; i < fds.size(); i++) {
    if (fds[i].fd == fd) {
      fds.erase(fds.begin() + ptrdiff_t(i));
      return Ref::none();
    }
  }
  Ref key = make_int(fd);
  return raise_key_error(key.get());
}

// poll/epoll timeouts: None or negative waits forever; *deadline -1 for that.
bool wait_deadline(Value v, double scale_to_seconds, int64_t* deadline) {
  *deadline = -1;
  if (v.is_none()) return true;
  int64_t ns;
  if (!seconds_ns(v, "timeout must be an integer or None", &ns)) return false;
  ns = int64_t(double(ns) * scale_to_seconds);
  if (ns < 0) return true;
  *deadline = monotonic_ns() + ns;
  return true;
}

Ref poll_poll(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value tv = Value::none();
  if (!bind_args("poll", args, nargs, kwnames, {"timeout", "/"}, 0, {&tv})) return nullptr;
  int64_t deadline;
  if (!wait_deadline(tv, 1e-3, &deadline)) return nullptr;  // milliseconds
  PollObject* p = as_poll(self);
  if (p->running) return raise(&RuntimeErrorType, "concurrent poll() invocation");
  std::vector<struct pollfd> fds = *p->fds;
  p->running = true;
  int n;
  for (;;) {
    int err;
    {
      BlockingRegion region(BlockReason::kEpoll);
      n = ::poll(fds.data(), nfds_t(fds.size()), wait_ms(deadline));
      err = errno;
    }
    if (n >= 0) break;
    if (err != EINTR) {
      p->running = false;
      return raise_os_error(err);
    }
    if (!check_signals()) {
      p->running = false;
      return nullptr;
    }
  }
  p->running = false;
  Own<List> out = list_new();
  for (const struct pollfd& e : fds) {
    if (!e.revents) continue;
    Ref item = make_tuple(int_ref(e.fd), int_ref(static_cast<unsigned short>(e.revents)));
    if (!item || !list_append(out.get(), item.get())) return nullptr;
  }
  return out.into_ref();
}

const MethodDef kPollMethods[] = {
    {"register", poll_register, 0, "Register a file descriptor with the polling object."},
    {"modify", poll_modify, 0, "Modify an already registered file descriptor."},
    {"unregister", poll_unregister, 0, "Remove a file descriptor being tracked by the polling object."},
    {"poll", poll_poll, 0, "Poll the set of registered file descriptors; return a list of (fd, event) pairs."},
    {nullptr}};

Ref f_poll(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("poll", kwnames) || !check_nargs("poll", nargs, 0, 0)) return nullptr;
  return poll_new_object();
}

// ---- epoll ------------------------------------------------------------------------------

struct EpollObject : Object {
  int epfd;  // -1 once closed
};

EpollObject* as_epoll(Value v) { return v.as<EpollObject>(); }

Ref raise_epoll_closed() { return raise(&ValueErrorType, "I/O operation on closed epoll object"); }

Ref epoll_from_fd(Type* type, int epfd) {
  auto* e = static_cast<EpollObject*>(alloc_object(type, type->basic_size));
  e->epfd = epfd;
  return Ref::steal(e);
}

Ref epoll_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value sizehint = Value::small_int(-1), flags = Value::small_int(0);
  if (!bind_args("epoll", args, nargs, kwnames, {"sizehint", "flags"}, 0, {&sizehint, &flags})) return nullptr;
  auto hint = index_as_int64(sizehint);
  auto fl = index_as_int64(flags);
  if (!hint || !fl) return nullptr;
  if (*hint != -1 && *hint <= 0) return raise(&ValueErrorType, "negative sizehint");
  if (*fl && *fl != EPOLL_CLOEXEC) return raise(&OSErrorType, "invalid flags");
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) return raise_os_error(errno);
  return epoll_from_fd(type, epfd);
}

void epoll_dealloc(Object* o) {
  auto* e = static_cast<EpollObject*>(o);
  if (e->epfd >= 0) ::close(e->epfd);
  free_object(o);
}

Ref epoll_close(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("close", kwnames) || !check_nargs("close", nargs, 0, 0)) return nullptr;
  EpollObject* e = as_epoll(self);
  if (e->epfd >= 0) {
    int fd = e->epfd;
    e->epfd = -1;
    if (::close(fd) < 0) return raise_os_error(errno);
  }
  return Ref::none();
}

Ref epoll_closed(Value self) { return Ref::boolean(as_epoll(self)->epfd < 0); }

Ref epoll_fileno(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("fileno", kwnames) || !check_nargs("fileno", nargs, 0, 0)) return nullptr;
  if (as_epoll(self)->epfd < 0) return raise_epoll_closed();
  return make_int(as_epoll(self)->epfd);
}

Ref epoll_fromfd(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("fromfd", kwnames) || !check_nargs("fromfd", nargs, 1, 1)) return nullptr;
  int fd;
  if (!as_fd(args[0], &fd)) return nullptr;
  return epoll_from_fd(cls.as<Type>(), fd);
}

// An epoll event mask: an unsigned 32-bit int.
bool epoll_mask(Value v, uint32_t* out) {
  auto m = index_as_int64(v);
  if (!m) return false;
  if (*m < 0 || *m > 0xffffffffLL) {
    raise(&OverflowErrorType, "Python int too large to convert to C unsigned int");
    return false;
  }
  *out = uint32_t(*m);
  return true;
}

Ref epoll_ctl_call(Value self, int op, Value fdv, Value maskv) {
  EpollObject* e = as_epoll(self);
  int fd;
  if (!as_fd(fdv, &fd)) return nullptr;
  if (e->epfd < 0) return raise_epoll_closed();
  struct epoll_event ev = {};
  uint32_t mask = 0;
  if (op != EPOLL_CTL_DEL && !epoll_mask(maskv, &mask)) return nullptr;
  ev.events = mask;
  ev.data.fd = fd;
  if (epoll_ctl(e->epfd, op, fd, &ev) < 0) return raise_os_error(errno);
  return Ref::none();
}

Ref epoll_register(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv, maskv = Value::small_int(EPOLLIN | EPOLLPRI | EPOLLOUT);
  if (!bind_args("register", args, nargs, kwnames, {"fd", "eventmask"}, 1, {&fdv, &maskv})) return nullptr;
  return epoll_ctl_call(self, EPOLL_CTL_ADD, fdv, maskv);
}

Ref epoll_modify(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv, maskv;
  if (!bind_args("modify", args, nargs, kwnames, {"fd", "eventmask"}, 2, {&fdv, &maskv})) return nullptr;
  return epoll_ctl_call(self, EPOLL_CTL_MOD, fdv, maskv);
}

Ref epoll_unregister(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fdv;
  if (!bind_args("unregister", args, nargs, kwnames, {"fd"}, 1, {&fdv})) return nullptr;
  return epoll_ctl_call(self, EPOLL_CTL_DEL, fdv, Value());
}

Ref epoll_poll(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value tv = Value::none(), mv = Value::small_int(-1);
  if (!bind_args("poll", args, nargs, kwnames, {"timeout", "maxevents"}, 0, {&tv, &mv})) return nullptr;
  EpollObject* e = as_epoll(self);
  if (e->epfd < 0) return raise_epoll_closed();
  int64_t deadline;
  if (!wait_deadline(tv, 1.0, &deadline)) return nullptr;  // seconds
  auto maxevents = index_as_int64(mv);
  if (!maxevents) return nullptr;
  if (*maxevents == -1) {
    *maxevents = FD_SETSIZE - 1;
  } else if (*maxevents < 1) {
    return raisef(&ValueErrorType, "maxevents must be greater than 0, got %lld", static_cast<long long>(*maxevents));
  }
  if (*maxevents > INT_MAX / int64_t(sizeof(struct epoll_event))) *maxevents = INT_MAX / sizeof(struct epoll_event);
  std::vector<struct epoll_event> events(static_cast<size_t>(*maxevents));
  const int epfd = e->epfd;
  int n;
  for (;;) {
    int err;
    {
      BlockingRegion region(BlockReason::kEpoll);
      n = epoll_wait(epfd, events.data(), int(events.size()), wait_ms(deadline));
      err = errno;
    }
    if (n >= 0) break;
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
  Own<List> out = list_new();
  for (int i = 0; i < n; i++) {
    Ref item = make_tuple(int_ref(events[size_t(i)].data.fd), int_ref(events[size_t(i)].events));
    if (!item || !list_append(out.get(), item.get())) return nullptr;
  }
  return out.into_ref();
}

Ref epoll_enter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (as_epoll(self)->epfd < 0) return raise_epoll_closed();
  return Ref::borrow(self);
}

Ref epoll_exit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return epoll_close(self, nullptr, 0, nullptr);
}

const MethodDef kEpollMethods[] = {
    {"close", epoll_close, 0, "Close the epoll control file descriptor."},
    {"fileno", epoll_fileno, 0, "Return the epoll control file descriptor."},
    {"fromfd", epoll_fromfd, kMethClass, "Create an epoll object from a given control fd."},
    {"register", epoll_register, 0, "Registers a new fd or raises an OSError if the fd is already registered."},
    {"modify", epoll_modify, 0, "Modify event mask for a registered file descriptor."},
    {"unregister", epoll_unregister, 0, "Remove a registered file descriptor from the epoll object."},
    {"poll", epoll_poll, 0, "Wait for events on the epoll file descriptor; return a list of (fd, events)."},
    {"__enter__", epoll_enter, 0, nullptr},
    {"__exit__", epoll_exit, 0, nullptr},
    {nullptr}};

const GetSetDef kEpollGetSets[] = {{"closed", epoll_closed, nullptr, "True if the epoll handler is closed"},
                                   {nullptr}};

const MethodDef kSelectFunctions[] = {
    {"select", f_select, 0, "Wait until one or more file descriptors are ready for some kind of I/O."},
    {"poll", f_poll, 0, "Returns a polling object."},
    {nullptr}};

struct IntConstant {
  const char* name;
  long value;
};

#define C(name) {#name, long(name)},
const IntConstant kSelectConstants[] = {
    C(POLLIN) C(POLLPRI) C(POLLOUT) C(POLLERR) C(POLLHUP) C(POLLNVAL) C(POLLRDNORM) C(POLLRDBAND)
    C(POLLWRNORM) C(POLLWRBAND) C(POLLMSG) C(POLLRDHUP)
    C(EPOLLIN) C(EPOLLOUT) C(EPOLLPRI) C(EPOLLERR) C(EPOLLHUP) C(EPOLLRDHUP) C(EPOLLRDNORM)
    C(EPOLLRDBAND) C(EPOLLWRNORM) C(EPOLLWRBAND) C(EPOLLMSG) C(EPOLL_CLOEXEC)
    {"EPOLLET", long(uint32_t(EPOLLET))}, {"EPOLLONESHOT", long(uint32_t(EPOLLONESHOT))},
    {"EPOLLEXCLUSIVE", long(uint32_t(EPOLLEXCLUSIVE))},
    {"PIPE_BUF", 4096},
};
#undef C

void init_select_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(PollType, "select.poll", sizeof(PollObject), &ObjectType, 0);
  PollType.dealloc = poll_dealloc;
  PollType.methods = kPollMethods;
  PollType.flags |= kTypeDisallowInstantiation;
  ready_type(&PollType);
  static_type_init(EpollType, "select.epoll", sizeof(EpollObject), &ObjectType, kTypeBaseType);
  EpollType.new_ = epoll_new;
  EpollType.dealloc = epoll_dealloc;
  EpollType.methods = kEpollMethods;
  EpollType.getsets = kEpollGetSets;
  EpollType.doc = "select.epoll(sizehint=-1, flags=0): an edge and level triggered interface for polling";
  ready_type(&EpollType);
}

}  // namespace

Ref create_select_module() {
  init_select_types();
  Own<Module> m = module_new("select");
  if (!module_add_functions(m.get(), kSelectFunctions)) return nullptr;
  for (const IntConstant& c : kSelectConstants) {
    Ref v = make_int(c.value);
    if (!module_add(m.get(), c.name, v.get())) return nullptr;
  }
  if (!module_add(m.get(), "epoll", Value::from_obj(&EpollType)) ||
      !module_add(m.get(), "error", Value::from_obj(&OSErrorType)))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
