// stdlib/errno_module.cpp: the errno module: every Linux errno name CPython's errno
// module defines, as ints, and `errorcode` (int -> name).
//
// The rows are in the order CPython adds them, so `errorcode` iterates in the same order
// and, where two names share a number (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK,
// EOPNOTSUPP/ENOTSUP), the later row is the name errorcode gives (as CPython's).
// The values come from <errno.h>, never from a table of numbers.
#include <cerrno>

#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

struct ErrnoRow {
  const char* name;
  int value;
};

#define ERRNO_ROW(name) {#name, name},
const ErrnoRow kErrnoRows[] = {
    ERRNO_ROW(ENODEV)
    ERRNO_ROW(ENOCSI)
    ERRNO_ROW(EHOSTUNREACH)
    ERRNO_ROW(ENOMSG)
    ERRNO_ROW(EUCLEAN)
    ERRNO_ROW(EL2NSYNC)
    ERRNO_ROW(EL2HLT)
    ERRNO_ROW(ENODATA)
    ERRNO_ROW(ENOTBLK)
    ERRNO_ROW(ENOSYS)
    ERRNO_ROW(EPIPE)
    ERRNO_ROW(EINVAL)
    ERRNO_ROW(EOVERFLOW)
    ERRNO_ROW(EADV)
    ERRNO_ROW(EINTR)
    ERRNO_ROW(EUSERS)
    ERRNO_ROW(ENOTEMPTY)
    ERRNO_ROW(ENOBUFS)
    ERRNO_ROW(EPROTO)
    ERRNO_ROW(EREMOTE)
    ERRNO_ROW(ENAVAIL)
    ERRNO_ROW(ECHILD)
    ERRNO_ROW(ELOOP)
    ERRNO_ROW(EXDEV)
    ERRNO_ROW(E2BIG)
    ERRNO_ROW(ESRCH)
    ERRNO_ROW(EMSGSIZE)
    ERRNO_ROW(EAFNOSUPPORT)
    ERRNO_ROW(EBADR)
    ERRNO_ROW(EHOSTDOWN)
    ERRNO_ROW(EPFNOSUPPORT)
    ERRNO_ROW(ENOPROTOOPT)
    ERRNO_ROW(EBUSY)
    ERRNO_ROW(EWOULDBLOCK)
    ERRNO_ROW(EAGAIN)
    ERRNO_ROW(EBADFD)
    ERRNO_ROW(EDOTDOT)
    ERRNO_ROW(EISCONN)
    ERRNO_ROW(ENOANO)
    ERRNO_ROW(ESHUTDOWN)
    ERRNO_ROW(ECHRNG)
    ERRNO_ROW(ELIBBAD)
    ERRNO_ROW(ENONET)
    ERRNO_ROW(EBADE)
    ERRNO_ROW(EBADF)
    ERRNO_ROW(EMULTIHOP)
    ERRNO_ROW(EIO)
    ERRNO_ROW(EUNATCH)
    ERRNO_ROW(EPROTOTYPE)
    ERRNO_ROW(ENOSPC)
    ERRNO_ROW(ENOEXEC)
    ERRNO_ROW(EALREADY)
    ERRNO_ROW(ENETDOWN)
    ERRNO_ROW(ENOTNAM)
    ERRNO_ROW(EACCES)
    ERRNO_ROW(ELNRNG)
    ERRNO_ROW(EILSEQ)
    ERRNO_ROW(ENOTDIR)
    ERRNO_ROW(ENOTUNIQ)
    ERRNO_ROW(EPERM)
    ERRNO_ROW(EDOM)
    ERRNO_ROW(EXFULL)
    ERRNO_ROW(ECONNREFUSED)
    ERRNO_ROW(EISDIR)
    ERRNO_ROW(EPROTONOSUPPORT)
    ERRNO_ROW(EROFS)
    ERRNO_ROW(EADDRNOTAVAIL)
    ERRNO_ROW(EIDRM)
    ERRNO_ROW(ECOMM)
    ERRNO_ROW(ESRMNT)
    ERRNO_ROW(EREMOTEIO)
    ERRNO_ROW(EL3RST)
    ERRNO_ROW(EBADMSG)
    ERRNO_ROW(ENFILE)
    ERRNO_ROW(ELIBMAX)
    ERRNO_ROW(ESPIPE)
    ERRNO_ROW(ENOLINK)
    ERRNO_ROW(ENETRESET)
    ERRNO_ROW(ETIMEDOUT)
    ERRNO_ROW(ENOENT)
    ERRNO_ROW(EEXIST)
    ERRNO_ROW(EDQUOT)
    ERRNO_ROW(ENOSTR)
    ERRNO_ROW(EBADSLT)
    ERRNO_ROW(EBADRQC)
    ERRNO_ROW(ELIBACC)
    ERRNO_ROW(EFAULT)
    ERRNO_ROW(EFBIG)
    ERRNO_ROW(EDEADLK)
    ERRNO_ROW(EDEADLOCK)
    ERRNO_ROW(ENOTCONN)
    ERRNO_ROW(EDESTADDRREQ)
    ERRNO_ROW(ELIBSCN)
    ERRNO_ROW(ENOLCK)
    ERRNO_ROW(EISNAM)
    ERRNO_ROW(ECONNABORTED)
    ERRNO_ROW(ENETUNREACH)
    ERRNO_ROW(ESTALE)
    ERRNO_ROW(ENOSR)
    ERRNO_ROW(ENOMEM)
    ERRNO_ROW(ENOTSOCK)
    ERRNO_ROW(ESTRPIPE)
    ERRNO_ROW(EMLINK)
    ERRNO_ROW(ERANGE)
    ERRNO_ROW(ELIBEXEC)
    ERRNO_ROW(EL3HLT)
    ERRNO_ROW(ECONNRESET)
    ERRNO_ROW(EADDRINUSE)
    ERRNO_ROW(EOPNOTSUPP)
    ERRNO_ROW(ENOTSUP)
    ERRNO_ROW(EREMCHG)
    ERRNO_ROW(ENAMETOOLONG)
    ERRNO_ROW(ENOTTY)
    ERRNO_ROW(ERESTART)
    ERRNO_ROW(ESOCKTNOSUPPORT)
    ERRNO_ROW(ETIME)
    ERRNO_ROW(EBFONT)
    ERRNO_ROW(ETOOMANYREFS)
    ERRNO_ROW(EMFILE)
    ERRNO_ROW(ETXTBSY)
    ERRNO_ROW(EINPROGRESS)
    ERRNO_ROW(ENXIO)
    ERRNO_ROW(ENOPKG)
    ERRNO_ROW(ENOMEDIUM)
    ERRNO_ROW(EMEDIUMTYPE)
    ERRNO_ROW(ECANCELED)
    ERRNO_ROW(ENOKEY)
    ERRNO_ROW(EKEYEXPIRED)
    ERRNO_ROW(EKEYREVOKED)
    ERRNO_ROW(EKEYREJECTED)
    ERRNO_ROW(EOWNERDEAD)
    ERRNO_ROW(ENOTRECOVERABLE)
    ERRNO_ROW(ERFKILL)
};
#undef ERRNO_ROW

}  // namespace

Ref create_errno_module() {
  Own<Module> m = module_new("errno");
  Own<Dict> errorcode = dict_new();
  for (const ErrnoRow& row : kErrnoRows) {
    Ref num = make_int(row.value);
    Ref name = new_str(row.name);
    if (!module_add(m.get(), row.name, num.get()) || !dict_set(errorcode.get(), num.get(), name.get()))
      return nullptr;
  }
  if (!module_add(m.get(), "errorcode", errorcode.value())) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
