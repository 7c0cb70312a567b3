// stdlib/io.cpp: file objects: open(), sys.stdin/stdout/stderr and io.StringIO, as the
// native module _io; stdlib/python/io.py builds io on it (the abstract base classes
// IOBase, RawIOBase, BufferedIOBase, TextIOBase, which the native files count as
// instances of, and BytesIO).
//
// One native type does the work of CPython's FileIO + BufferedReader/Writer +
// TextIOWrapper stack: a FileObject owns a file descriptor, a write buffer and a read
// buffer. Text is UTF-8 on disk and str in Python; binary modes read and write bytes.
//
//  * Writes are appended to `wbuf` and reach the descriptor when it holds 8 KiB, on
//    flush(), close(), seek(), before a read, and when the object is deallocated (so
//    `open("f", "w").write("x")` has written the file by the next line, as in CPython).
//    Line-buffered streams (a terminal stdout) flush on '\n'; write-through streams
//    (stderr) flush after every write.
//  * Reads fill `rbuf` (bytes, newline-translated in text mode with newline=None:
//    "\r\n" and "\r" become "\n", a "\r" ending one chunk is remembered in pending_cr)
//    and consume it from `rpos`.
//  * A StringIO is the same object with no descriptor (fd -1, `memory`): its whole
//    content is `rbuf` and the position is `rpos`; writes overwrite at the position.
//    `rpos` never passes the end of `rbuf`, so every reader can trust it: a seek past the
//    end keeps how far past in `past_end`, and the next write pads that gap with NULs.
//    Positions a script sees (tell/seek) are in characters for StringIO, in bytes for files.
//
// Blocking system calls are marked `// GIL: release here (issue 3)`: they will run inside
// the GIL-releasing guard once it exists.
#include "stdlib/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "runtime/buffer.h"
#include "runtime/gil.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/interpreter.h"

#if __has_include("runtime/bytes.h")
#include "runtime/bytes.h"
#define GILPY_HAVE_BYTES 1
#endif

namespace gilpy::stdlib {

using namespace rt;

Type FileType;
Type StringIOType;

namespace {

constexpr size_t kBufferSize = 8192;
constexpr size_t kReadChunk = 65536;

struct FileObject : Object {
  int fd;               // -1 when closed or for a StringIO
  bool readable, writable, appending, binary;
  bool closefd;         // close fd when closed (false for the std streams)
  bool line_buffering;  // flush on '\n'
  bool write_through;   // flush after each write (stderr)
  bool closed;
  bool memory;          // StringIO: rbuf is the whole content
  bool translate;       // newline=None on read: "\r\n", "\r" -> "\n"
  bool pending_cr;      // the last chunk read ended in '\r' (already given as '\n')
  bool is_std;          // one of the process's std streams
  Value name;           // owned: str or int
  Value mode;           // owned str
  std::string* wbuf;
  std::string* rbuf;
  size_t rpos;
  size_t past_end;      // StringIO: bytes its position lies beyond the end of rbuf
};

FileObject* as_file(Value v) { return v.as<FileObject>(); }

// --- bytes adapter ---------------------------------------------------------------------

#ifdef GILPY_HAVE_BYTES
Ref bytes_make(std::string_view data) { return rt::bytes_new(data).into_ref(); }
#else
Ref bytes_make(std::string_view) {
  return raise(&NotImplementedErrorType, "binary files need the bytes type");
}
#endif

// --- errors ----------------------------------------------------------------------------

Ref raise_closed() { return raise(&ValueErrorType, "I/O operation on closed file."); }

// io.UnsupportedOperation (a subclass of OSError and ValueError), made on first use.
Type* unsupported_operation_type() {
  static Type* t = nullptr;
  if (t) return t;
  Own<Tuple> bases = tuple_from({Value::from_obj(&OSErrorType), Value::from_obj(&ValueErrorType)});
  Own<Dict> ns = dict_new();
  Ref mod = new_str("io");  // CPython's shows as io.UnsupportedOperation
  dict_set_str(ns.get(), "__module__", mod.get());
  Ref made = type_new(&TypeType, intern("UnsupportedOperation"), bases.get(), ns.get());
  if (!made) {
    // The kernel may refuse the two bases (a layout check stricter than CPython's):
    // then a subclass of OSError alone keeps the name and the OSError catch.
    clear_error();
    Own<Tuple> one = tuple_from({Value::from_obj(&OSErrorType)});
    made = type_new(&TypeType, intern("UnsupportedOperation"), one.get(), ns.get());
  }
  if (!made) {
    clear_error();
    return &OSErrorType;
  }
  t = made.release().as<Type>();  // kept for the life of the process
  return t;
}

Ref raise_unsupported(const char* what) { return raise(unsupported_operation_type(), what); }

bool check_open(FileObject* f) {
  if (f->closed) {
    raise_closed();
    return false;
  }
  return true;
}
bool check_readable(FileObject* f) {
  if (!check_open(f)) return false;
  if (!f->readable) {
    raise_unsupported("not readable");
    return false;
  }
  return true;
}
bool check_writable(FileObject* f) {
  if (!check_open(f)) return false;
  if (!f->writable) {
    raise_unsupported("not writable");
    return false;
  }
  return true;
}

// --- the buffers -----------------------------------------------------------------------

int write_all(int fd, const char* p, size_t left) {
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= size_t(n);
  }
  return 0;
}

// Writes the pending bytes to the descriptor. Returns 0 or an errno (no exception set).
int flush_raw(FileObject* f) {
  if (f->memory || f->fd < 0 || !f->wbuf || f->wbuf->empty()) return 0;
  vm::Interpreter* interp = f->is_std ? vm::current_interpreter() : nullptr;
  if (interp && interp->terminal_output_begin) {
    // The REPL shows a prompt on this terminal: it clears the edited line, and redraws it
    // after the output. The GIL stays held, so no key is handled in between.
    std::string data;
    data.swap(*f->wbuf);
    interp->terminal_output_begin(interp->terminal_output_ctx);
    int err = write_all(f->fd, data.data(), data.size());
    interp->terminal_output_end(interp->terminal_output_ctx);
    return err;
  }
  // The bytes move out of the buffer first: while this thread writes them without the
  // GIL, other threads may append to the (now empty) buffer.
  std::string data;
  data.swap(*f->wbuf);
  const char* p = data.data();
  size_t left = data.size();
  int err = 0;
  {
    BlockingRegion br(BlockReason::kIo);
    while (left > 0) {
      ssize_t n = ::write(f->fd, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        err = errno;
        break;
      }
      p += n;
      left -= size_t(n);
    }
  }
  return err;  // as CPython: the data is dropped after a failed write
}

bool flush_buffer(FileObject* f) {
  int err = flush_raw(f);
  if (err) {
    raise_os_error(err);
    return false;
  }
  return true;
}

// Before writing to a file that has read ahead: move the descriptor back to the logical
// position and drop the read buffer.
void drop_read_buffer(FileObject* f) {
  if (f->memory) return;
  size_t unread = f->rbuf->size() - f->rpos;
  if (unread && f->fd >= 0) ::lseek(f->fd, -off_t(unread), SEEK_CUR);
  f->rbuf->clear();
  f->rpos = 0;
  f->pending_cr = false;
}

// Reads one more chunk into rbuf. Returns the bytes added, 0 at end of file, -1 on error.
ssize_t fill(FileObject* f) {
  if (f->memory || f->fd < 0) return 0;
  if (!f->wbuf->empty() && !flush_buffer(f)) return -1;
  if (f->rpos > 0 && f->rpos >= f->rbuf->size() / 2) {
    f->rbuf->erase(0, f->rpos);
    f->rpos = 0;
  }
  char chunk[kReadChunk];
  ssize_t n;
  int read_errno = 0;
  for (;;) {
    {
      BlockingRegion br(f->fd == 0 ? BlockReason::kInput : BlockReason::kIo);
      n = ::read(f->fd, chunk, sizeof chunk);
      if (n < 0) read_errno = errno;
    }
    if (n >= 0 || read_errno != EINTR) break;
    // A signal interrupted the read: run its Python handler, then read again (PEP 475).
    if (!check_signals()) return -1;
  }
  if (n < 0) {
    raise_os_error(read_errno);
    return -1;
  }
  if (n == 0) return 0;
  if (!f->translate) {
    f->rbuf->append(chunk, size_t(n));
    return n;
  }
  size_t before = f->rbuf->size();
  ssize_t i = 0;
  if (f->pending_cr && chunk[0] == '\n') i = 1;
  f->pending_cr = false;
  for (; i < n; i++) {
    char c = chunk[i];
    if (c == '\r') {
      f->rbuf->push_back('\n');
      if (i + 1 < n) {
        if (chunk[i + 1] == '\n') i++;
      } else {
        f->pending_cr = true;
      }
    } else {
      f->rbuf->push_back(c);
    }
  }
  ssize_t added = ssize_t(f->rbuf->size() - before);
  return added > 0 ? added : fill(f);  // a chunk of just "\n" after '\r': read on
}

size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

Ref make_text(FileObject* f, std::string_view data) {
  if (f->binary) return bytes_make(data);
  return new_str(data);
}

// Reads everything to the end.
Ref read_all(FileObject* f) {
  for (;;) {
    ssize_t n = fill(f);
    if (n < 0) return nullptr;
    if (n == 0) break;
  }
  std::string_view data(f->rbuf->data() + f->rpos, f->rbuf->size() - f->rpos);
  Ref out = make_text(f, data);
  if (f->memory) {
    f->rpos = f->rbuf->size();
  } else {
    f->rbuf->clear();
    f->rpos = 0;
  }
  return out;
}

// Byte length, from rpos, of the first `chars` characters (all bytes in binary mode),
// filling as needed; stops early at end of file.
bool span_of_chars(FileObject* f, int64_t chars, size_t* bytes) {
  size_t pos = f->rpos;
  int64_t got = 0;
  for (;;) {
    while (got < chars && pos < f->rbuf->size()) {
      size_t len = f->binary ? 1 : utf8_len(uint8_t((*f->rbuf)[pos]));
      if (pos + len > f->rbuf->size()) break;  // a partial character: read more
      pos += len;
      got++;
    }
    if (got >= chars) break;
    size_t rel = pos - f->rpos;
    ssize_t n = fill(f);  // may compact rbuf: positions are kept relative to rpos
    if (n < 0) return false;
    pos = f->rpos + rel;
    if (n == 0) {
      pos = f->rbuf->size();
      break;
    }
  }
  *bytes = pos - f->rpos;
  return true;
}

Ref read_chars(FileObject* f, int64_t size) {
  if (size < 0) return read_all(f);
  size_t bytes;
  if (!span_of_chars(f, size, &bytes)) return nullptr;
  Ref out = make_text(f, std::string_view(f->rbuf->data() + f->rpos, bytes));
  f->rpos += bytes;
  return out;
}

// One line including its '\n' (at most `limit` characters when limit >= 0).
Ref read_line(FileObject* f, int64_t limit) {
  if (limit >= 0) {
    size_t cap;
    if (!span_of_chars(f, limit, &cap)) return nullptr;
    size_t nl = f->rbuf->find('\n', f->rpos);
    size_t len = nl != std::string::npos && nl < f->rpos + cap ? nl + 1 - f->rpos : cap;
    Ref out = make_text(f, std::string_view(f->rbuf->data() + f->rpos, len));
    f->rpos += len;
    return out;
  }
  size_t scanned = 0;  // relative to rpos
  for (;;) {
    size_t nl = f->rbuf->find('\n', f->rpos + scanned);
    if (nl != std::string::npos) {
      size_t len = nl + 1 - f->rpos;
      Ref out = make_text(f, std::string_view(f->rbuf->data() + f->rpos, len));
      f->rpos += len;
      return out;
    }
    scanned = f->rbuf->size() - f->rpos;
    ssize_t n = fill(f);
    if (n < 0) return nullptr;
    if (n == 0) {
      Ref out = make_text(f, std::string_view(f->rbuf->data() + f->rpos, f->rbuf->size() - f->rpos));
      if (f->memory) {
        f->rpos = f->rbuf->size();
      } else {
        f->rbuf->clear();
        f->rpos = 0;
      }
      return out;
    }
  }
}

bool write_bytes(FileObject* f, std::string_view data) {
  if (f->memory) {
    std::string& b = *f->rbuf;
    if (f->past_end) {
      b.append(f->past_end, '\0');
      f->rpos = b.size();
      f->past_end = 0;
    }
    size_t over = std::min(data.size(), b.size() - f->rpos);
    b.replace(f->rpos, over, data);
    f->rpos += data.size();
    return true;
  }
  if (!f->rbuf->empty()) drop_read_buffer(f);
  f->wbuf->append(data);
  if (f->write_through || f->wbuf->size() >= kBufferSize ||
      (f->line_buffering && data.find('\n') != std::string_view::npos))
    return flush_buffer(f);
  return true;
}

// Closes the descriptor (after flushing); `raise_errors` false in dealloc.
bool close_file(FileObject* f, bool raise_errors) {
  if (f->closed) return true;
  int err = flush_raw(f);
  f->closed = true;
  if (f->fd >= 0 && f->closefd) {
    if (::close(f->fd) < 0 && !err) err = errno;
  }
  f->fd = -1;
  if (f->rbuf && !f->memory) {
    f->rbuf->clear();
    f->rpos = 0;
  }
  if (err && raise_errors) {
    raise_os_error(err);
    return false;
  }
  return true;
}

// --- the object ------------------------------------------------------------------------

FileObject* file_alloc(Type* type) {
  FileObject* f = alloc<FileObject>(type, type->basic_size);  // a StringIO subclass may add fields
  f->fd = -1;
  f->wbuf = new std::string();
  f->rbuf = new std::string();
  f->name = Value::none();
  f->mode = Value::none();
  return f;
}

void file_dealloc(Object* o) {
  FileObject* f = static_cast<FileObject*>(o);
  close_file(f, false);
  delete f->wbuf;
  delete f->rbuf;
  decref(f->name);
  decref(f->mode);
  free_object(o);
}

Ref file_repr(Value self) {
  FileObject* f = as_file(self);
  if (f->memory) {
    return new_str(strfmt("<_io.StringIO object at %p>", static_cast<void*>(f)));
  }
  std::string cls = "_io.TextIOWrapper";
  if (f->binary) {
    cls = f->readable && f->writable ? "_io.BufferedRandom"
          : f->readable              ? "_io.BufferedReader"
                                     : "_io.BufferedWriter";
  }
  Ref name = repr(f->name);
  if (!name) return nullptr;
  std::string out = "<" + cls + " name=" + utf8_of(name.get());
  if (!f->binary) {
    Ref mode = repr(f->mode);
    if (!mode) return nullptr;
    out += " mode=" + utf8_of(mode.get());
    out += f->is_std ? " encoding='utf-8'" : " encoding='UTF-8'";
  }
  out += ">";
  return new_str(out);
}

Ref file_iter(Value self) {
  if (!check_open(as_file(self))) return nullptr;
  return Ref::borrow(self);
}

Ref file_iternext(Value self) {
  FileObject* f = as_file(self);
  if (!check_readable(f)) return nullptr;
  Ref line = read_line(f, -1);
  if (!line) return nullptr;
  int64_t len = length(line.get());
  if (len == 0) return nullptr;  // end of file, no error
  return line;
}

// Parses an optional size argument (None or int; -1 = all).
bool size_arg(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, int64_t* out) {
  Value size = Value::none();
  if (!bind_args(fname, args, nargs, kwnames, {"size", "/"}, 0, {&size})) return false;
  *out = -1;
  if (size.is_none()) return true;
  auto v = index_as_int64(size);
  if (!v) return false;
  *out = *v;
  return true;
}

Ref m_read(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  int64_t size;
  if (!size_arg("read", args, nargs, kwnames, &size)) return nullptr;
  if (!check_readable(f)) return nullptr;
  return read_chars(f, size);
}

// readinto(buffer): fills a writable bytes-like object (binary files only); returns the
// number of bytes read, 0 at end of file.
Ref m_readinto(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!f->binary)
    return raisef(&AttributeErrorType, "'%s' object has no attribute 'readinto'",
                  f->memory ? "_io.StringIO" : "_io.TextIOWrapper");
  if (!check_no_kwargs("readinto", kwnames) || !check_nargs("readinto", nargs, 1, 1)) return nullptr;
  Buffer into;
  if (!buffer_get_writable(args[0], &into, "readinto() argument")) return nullptr;
  if (!check_readable(f)) return nullptr;
  size_t got;
  if (!span_of_chars(f, into.len, &got)) return nullptr;
  if (got) std::memcpy(into.data, f->rbuf->data() + f->rpos, got);
  f->rpos += got;
  return make_int(int64_t(got));
}

Ref m_readline(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  int64_t size;
  if (!size_arg("readline", args, nargs, kwnames, &size)) return nullptr;
  if (!check_readable(f)) return nullptr;
  return read_line(f, size);
}

Ref m_readlines(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  int64_t hint;
  if (!size_arg("readlines", args, nargs, kwnames, &hint)) return nullptr;
  if (!check_readable(f)) return nullptr;
  Own<List> out = list_new();
  int64_t total = 0;
  for (;;) {
    Ref line = read_line(f, -1);
    if (!line) return nullptr;
    int64_t len = length(line.get());
    if (len == 0) break;
    list_append(out.get(), line.get());
    total += len;
    if (hint > 0 && total >= hint) break;
  }
  return out.into_ref();
}

bool write_value(FileObject* f, Value v, int64_t* count) {
  if (f->binary) {
    // Any bytes-like object (bytes, bytearray, a contiguous memoryview); the Buffer keeps
    // a bytearray from being resized until its bytes are copied out.
    Buffer data;
    if (!buffer_get(v, &data)) return false;
    *count = data.len;
    return write_bytes(f, data.view());
  }
  if (!is_str(v)) {
    raisef(&TypeErrorType, "write() argument must be str, not %s", type_name(v));
    return false;
  }
  Str* s = v.as<Str>();
  *count = s->length;
  if (s->kind == 1) return write_bytes(f, s->ascii_view());
  return write_bytes(f, str_to_utf8(s));
}

Ref m_write(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_no_kwargs("write", kwnames) || !check_nargs("write", nargs, 1, 1)) return nullptr;
  if (!check_writable(f)) return nullptr;
  int64_t count;
  if (!write_value(f, args[0], &count)) return nullptr;
  return make_int(count);
}

Ref m_writelines(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_no_kwargs("writelines", kwnames) || !check_nargs("writelines", nargs, 1, 1)) return nullptr;
  if (!check_writable(f)) return nullptr;
  bool ok = for_each(args[0], [&](Value line) {
    int64_t count;
    return write_value(f, line, &count);
  });
  if (!ok) return nullptr;
  return Ref::none();
}

Ref m_flush(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_no_kwargs("flush", kwnames) || !check_nargs("flush", nargs, 0, 0)) return nullptr;
  if (!check_open(f)) return nullptr;
  if (!flush_buffer(f)) return nullptr;
  return Ref::none();
}

Ref m_close(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("close", kwnames) || !check_nargs("close", nargs, 0, 0)) return nullptr;
  if (!close_file(as_file(self), true)) return nullptr;
  return Ref::none();
}

Ref m_enter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_open(as_file(self))) return nullptr;
  return Ref::borrow(self);
}

Ref m_exit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!close_file(as_file(self), true)) return nullptr;
  return Ref::none();
}

// Character offset <-> byte offset in a StringIO's UTF-8 content.
size_t memory_byte_offset(FileObject* f, int64_t chars) {
  const std::string& b = *f->rbuf;
  size_t pos = 0;
  for (int64_t i = 0; i < chars; i++) {
    if (pos >= b.size()) return b.size() + size_t(chars - i);  // past the end: pad on write
    pos += utf8_len(uint8_t(b[pos]));
  }
  return pos;
}
int64_t memory_char_offset(FileObject* f) {
  const std::string& b = *f->rbuf;
  int64_t chars = 0;
  size_t pos = 0;
  while (pos < f->rpos && pos < b.size()) {
    pos += utf8_len(uint8_t(b[pos]));
    chars++;
  }
  return chars + int64_t(f->past_end);
}

Ref m_tell(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_no_kwargs("tell", kwnames) || !check_nargs("tell", nargs, 0, 0)) return nullptr;
  if (!check_open(f)) return nullptr;
  if (f->memory) return make_int(memory_char_offset(f));
  off_t pos = ::lseek(f->fd, 0, SEEK_CUR);
  if (pos < 0) return raise_os_error(errno);
  pos += off_t(f->wbuf->size());
  pos -= off_t(f->rbuf->size() - f->rpos);
  return make_int(pos);
}

Ref m_seek(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  Value offset, whence = Value::small_int(0);
  if (!bind_args("seek", args, nargs, kwnames, {"cookie", "whence", "/"}, 1, {&offset, &whence}))
    return nullptr;
  auto off = clinic_ssize_arg(offset);
  if (!off) return nullptr;
  auto wh = clinic_int_arg(whence);
  if (!wh) return nullptr;
  if (!check_open(f)) return nullptr;
  if (*wh < 0 || *wh > 2) return raisef(&ValueErrorType, "invalid whence (%lld, should be 0, 1 or 2)", (long long)*wh);
  if (!f->binary && *wh != 0 && *off != 0) {
    return raise_unsupported(*wh == 1 ? "can't do nonzero cur-relative seeks"
                                      : "can't do nonzero end-relative seeks");
  }
  if (f->memory) {
    if (*wh == 0) {
      if (*off < 0) return raisef(&ValueErrorType, "Negative seek position %lld", (long long)*off);
      size_t target = memory_byte_offset(f, *off);
      f->rpos = std::min(target, f->rbuf->size());
      f->past_end = target - f->rpos;
    } else if (*wh == 2) {
      f->rpos = f->rbuf->size();
      f->past_end = 0;
    }
    return make_int(memory_char_offset(f));
  }
  if (!flush_buffer(f)) return nullptr;
  int64_t target = *off;
  int how = *wh == 0 ? SEEK_SET : *wh == 1 ? SEEK_CUR : SEEK_END;
  if (how == SEEK_CUR) target -= int64_t(f->rbuf->size() - f->rpos);
  f->rbuf->clear();
  f->rpos = 0;
  f->pending_cr = false;
  off_t pos = ::lseek(f->fd, off_t(target), how);
  if (pos < 0) return raise_os_error(errno);
  return make_int(pos);
}

Ref m_truncate(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  Value size = Value::none();
  if (!bind_args("truncate", args, nargs, kwnames, {"pos", "/"}, 0, {&size})) return nullptr;
  if (!check_writable(f)) return nullptr;
  int64_t at;
  if (f->memory) {
    at = size.is_none() ? memory_char_offset(f) : index_as_int64(size).value_or(-1);
    if (error_pending()) return nullptr;
    if (at < 0) return raisef(&ValueErrorType, "Negative size value %lld", (long long)at);
    size_t b = memory_byte_offset(f, at);
    if (b < f->rbuf->size()) f->rbuf->resize(b);
    if (f->rpos > f->rbuf->size()) {  // the position stays where it was, now past the end
      f->past_end += f->rpos - f->rbuf->size();
      f->rpos = f->rbuf->size();
    }
    return make_int(at);
  }
  if (!flush_buffer(f)) return nullptr;
  if (size.is_none()) {
    off_t pos = ::lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0) return raise_os_error(errno);
    at = pos - off_t(f->rbuf->size() - f->rpos);
  } else {
    auto v = index_as_int64(size);
    if (!v) return nullptr;
    at = *v;
  }
  if (::ftruncate(f->fd, off_t(at)) < 0) return raise_os_error(errno);
  return make_int(at);
}

Ref m_fileno(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  if (f->memory) return raise_unsupported("fileno");
  return make_int(f->fd);
}

Ref m_isatty(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  return Ref::boolean(!f->memory && ::isatty(f->fd) == 1);
}

Ref m_readable(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  return Ref::boolean(f->readable);
}

Ref m_writable(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  return Ref::boolean(f->writable);
}

Ref m_seekable(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  if (f->memory) return Ref::boolean(true);
  return Ref::boolean(::lseek(f->fd, 0, SEEK_CUR) >= 0);
}

Ref m_getvalue(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  FileObject* f = as_file(self);
  if (!check_open(f)) return nullptr;
  return new_str(*f->rbuf);
}

Ref get_closed(Value self) { return Ref::boolean(as_file(self)->closed); }
Ref get_name(Value self) {
  FileObject* f = as_file(self);
  if (f->memory) return raise(&AttributeErrorType, "'_io.StringIO' object has no attribute 'name'");
  return Ref::borrow(f->name);
}
// CPython's FileIO.name is a plain attribute (tempfile's NamedTemporaryFile sets it).
int set_name(Value self, Value v) {
  FileObject* f = as_file(self);
  if (f->memory || v.is_null()) {
    raise(&AttributeErrorType, "attribute 'name' of '_io.TextIOWrapper' objects is not writable");
    return -1;
  }
  incref(v);
  set_owned(&f->name, v);
  return 0;
}
Ref get_mode(Value self) { return Ref::borrow(as_file(self)->mode); }
Ref get_encoding(Value self) {
  FileObject* f = as_file(self);
  if (f->binary) return raise(&AttributeErrorType, "'_io.BufferedReader' object has no attribute 'encoding'");
  if (f->memory) return Ref::none();
  return new_str(f->is_std ? "utf-8" : "UTF-8");
}
Ref get_line_buffering(Value self) { return Ref::boolean(as_file(self)->line_buffering); }
Ref get_errors(Value self) { return new_str("strict"); }

#define GILPY_FILE_METHODS \
    {"read", m_read, 0, "Read at most size characters (all when size is -1 or None)."}, \
    {"readline", m_readline, 0, "Read until newline or end of file."}, \
    {"readinto", m_readinto, 0, "Read bytes into a pre-allocated, writable bytes-like object."}, \
    {"readlines", m_readlines, 0, "Return a list of lines from the stream."}, \
    {"write", m_write, 0, "Write a string (bytes in binary mode); return the count written."}, \
    {"writelines", m_writelines, 0, "Write a list of lines to the stream."}, \
    {"flush", m_flush, 0, "Flush the write buffer."}, \
    {"close", m_close, 0, "Flush and close the file."}, \
    {"seek", m_seek, 0, "Change the stream position."}, \
    {"tell", m_tell, 0, "Return the current stream position."}, \
    {"truncate", m_truncate, 0, "Truncate the file to at most pos bytes."}, \
    {"fileno", m_fileno, 0, "Return the underlying file descriptor."}, \
    {"isatty", m_isatty, 0, "Return whether this is an interactive stream."}, \
    {"readable", m_readable, 0, "Return whether the file was opened for reading."}, \
    {"writable", m_writable, 0, "Return whether the file was opened for writing."}, \
    {"seekable", m_seekable, 0, "Return whether the file supports random access."}, \
    {"__enter__", m_enter, 0, nullptr}, \
    {"__exit__", m_exit, 0, nullptr},

const MethodDef file_methods[] = {GILPY_FILE_METHODS {nullptr}};

const GetSetDef file_getsets[] = {
    {"closed", get_closed, nullptr, nullptr},
    {"name", get_name, set_name, nullptr},
    {"mode", get_mode, nullptr, nullptr},
    {"encoding", get_encoding, nullptr, nullptr},
    {"errors", get_errors, nullptr, nullptr},
    {"line_buffering", get_line_buffering, nullptr, nullptr},
    {nullptr}};

const MethodDef stringio_methods[] = {
    GILPY_FILE_METHODS
    {"getvalue", m_getvalue, 0, "Retrieve the entire contents of the object."},
    {nullptr}};

// io.StringIO(initial_value='', newline='\n')
Ref stringio_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value initial = Value::none(), newline = Value::none();
  if (!bind_args("StringIO", args, nargs, kwnames, {"initial_value", "newline"}, 0, {&initial, &newline}))
    return nullptr;
  if (!initial.is_none() && !is_str(initial))
    return raisef(&TypeErrorType, "initial_value must be str or None, not %s", type_name(initial));
  FileObject* f = file_alloc(type);
  Ref out = Ref::steal(f);
  f->memory = true;
  f->readable = f->writable = true;
  if (!initial.is_none()) *f->rbuf = utf8_of(initial);
  return out;
}

// --- open() ----------------------------------------------------------------------------

struct ModeInfo {
  bool r = false, w = false, x = false, a = false, plus = false, t = false, b = false;
};

bool parse_mode(Value mode_v, ModeInfo* m) {
  if (!is_str(mode_v)) {
    raisef(&TypeErrorType, "open() argument 'mode' must be str, not %s", type_name(mode_v));
    return false;
  }
  std::string mode = utf8_of(mode_v);
  for (char c : mode) {
    bool* flag = nullptr;
    switch (c) {
      case 'r': flag = &m->r; break;
      case 'w': flag = &m->w; break;
      case 'x': flag = &m->x; break;
      case 'a': flag = &m->a; break;
      case '+': flag = &m->plus; break;
      case 't': flag = &m->t; break;
      case 'b': flag = &m->b; break;
      default: break;
    }
    if (!flag || *flag) {
      raisef(&ValueErrorType, "invalid mode: '%s'", mode.c_str());
      return false;
    }
    *flag = true;
  }
  if (m->t && m->b) {
    raise(&ValueErrorType, "can't have text and binary mode at once");
    return false;
  }
  if (int(m->r) + int(m->w) + int(m->x) + int(m->a) != 1) {
    raise(&ValueErrorType, "must have exactly one of create/read/write/append mode");
    return false;
  }
  return true;
}

bool is_utf8_name(std::string e) {
  for (auto& c : e) c = char(tolower(uint8_t(c)));
  return e == "utf-8" || e == "utf8" || e == "utf_8" || e == "u8" || e == "ascii" ||
         e == "us-ascii" || e == "latin-1" || e == "latin1" || e == "iso-8859-1" ||
         e == "utf-8-sig" || e == "cp1252" || e == "locale";
}

}  // namespace

bool is_file_object(Value v) {
  if (!v.is_obj()) return false;
  Type* t = v.obj()->type;
  return t == &FileType || t == &StringIOType;
}

bool file_write_utf8(Value file, std::string_view text) {
  FileObject* f = as_file(file);
  if (!check_writable(f)) return false;
  if (f->binary) {
    raise(&TypeErrorType, "a bytes-like object is required, not 'str'");
    return false;
  }
  return write_bytes(f, text);
}

bool file_flush(Value file) {
  FileObject* f = as_file(file);
  if (!check_open(f)) return false;
  return flush_buffer(f);
}

Ref file_readline(Value file) {
  FileObject* f = as_file(file);
  if (!check_readable(f)) return nullptr;
  return read_line(f, -1);
}

Ref builtin_open(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value file, mode = Value(), buffering = Value::small_int(-1), encoding = Value::none(),
              errors = Value::none(), newline = Value::none(), closefd = Value::true_(),
              opener = Value::none();
  if (!bind_args("open", args, nargs, kwnames,
                 {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"}, 1,
                 {&file, &mode, &buffering, &encoding, &errors, &newline, &closefd, &opener}))
    return nullptr;
  Ref default_mode;
  if (!mode) {
    default_mode = new_str("r");
    mode = default_mode.get();
  }
  ModeInfo m;
  if (!parse_mode(mode, &m)) return nullptr;
  if (m.b && !encoding.is_none()) return raise(&ValueErrorType, "binary mode doesn't take an encoding argument");
  if (m.b && !errors.is_none()) return raise(&ValueErrorType, "binary mode doesn't take an errors argument");
  if (m.b && !newline.is_none()) return raise(&ValueErrorType, "binary mode doesn't take a newline argument");
  auto buf = index_as_int64(buffering);
  if (!buf) return nullptr;
  if (!encoding.is_none()) {
    if (!is_str(encoding))
      return raisef(&TypeErrorType, "open() argument 'encoding' must be str or None, not %s", type_name(encoding));
    std::string e = utf8_of(encoding);
    if (!is_utf8_name(e)) return raisef(&LookupErrorType, "unknown encoding: %s", e.c_str());
  }
  bool translate = true;
  if (!newline.is_none()) {
    if (!is_str(newline))
      return raisef(&TypeErrorType, "open() argument 'newline' must be str or None, not %s", type_name(newline));
    std::string nl = utf8_of(newline);
    if (nl != "" && nl != "\n" && nl != "\r" && nl != "\r\n")
      return raisef(&ValueErrorType, "illegal newline value: %s", nl.c_str());
    translate = false;
  }
  int fd;
  bool owns = true;
  Ref name_ref;  // keeps a PathLike's path alive as the file's name
  if (is_int(file) && !file.is_bool()) {
    auto v = int_as_int64(file);
    if (!v) return nullptr;
    fd = int(*v);
    owns = truthy(closefd) == 1;
  } else {
    // A path: str, bytes or os.PathLike (its __fspath__ decides; the file's name is that).
    Ref path_obj = Ref::borrow(file);
    if (!is_str(file) && !is_bytes(file)) {
      Ref fs = getattr_opt(file, intern("__fspath__"));
      if (!fs) {
        if (error_pending()) return nullptr;
        return raisef(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s", type_name(file));
      }
      path_obj = call0(fs.get());
      if (!path_obj) return nullptr;
      if (!is_str(path_obj.get()) && !is_bytes(path_obj.get()))
        return raisef(&TypeErrorType, "expected %s.__fspath__() to return str or bytes, not %s", type_name(file),
                      type_name(path_obj.get()));
    }
    file = path_obj.get();
    name_ref = path_obj;
    if (truthy(closefd) != 1) return raise(&ValueErrorType, "Cannot use closefd=False with file name");
    std::string path = is_str(file) ? utf8_of(file) : std::string(file.as<Bytes>()->view());
    if (path.find('\0') != std::string::npos) return raise(&ValueErrorType, "embedded null byte");
    int flags = O_CLOEXEC;
    if (m.plus) flags |= O_RDWR;
    else if (m.r) flags |= O_RDONLY;
    else flags |= O_WRONLY;
    if (m.w) flags |= O_CREAT | O_TRUNC;
    if (m.x) flags |= O_CREAT | O_EXCL;
    if (m.a) flags |= O_CREAT | O_APPEND;
    if (!opener.is_none()) {
      // opener(path, flags) returns the descriptor (tempfile's NamedTemporaryFile uses one).
      Ref fl = make_int(flags);
      Ref r = call2(opener, file, fl.get());
      if (!r) return nullptr;
      if (!is_int(r.get())) return raise(&TypeErrorType, "expected integer from opener");
      auto v = int_as_int64(r.get());
      if (!v) return nullptr;
      if (*v < 0) return raisef(&ValueErrorType, "opener returned %lld", (long long)*v);
      fd = int(*v);
    } else {
      for (;;) {
        // GIL: release here (issue 3)
        fd = ::open(path.c_str(), flags, 0666);
        if (fd >= 0 || errno != EINTR) break;
      }
      if (fd < 0) return raise_os_error(errno, file);
    }
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return raise_os_error(EISDIR, file);
    }
  }
  // CPython opens the file before it looks at the buffering (a missing file is a
  // FileNotFoundError even then), and closes it again.
  if (*buf == 0 && !m.b) {
    if (owns) ::close(fd);
    return raise(&ValueErrorType, "can't have unbuffered text I/O");
  }
  FileObject* f = file_alloc(&FileType);
  Ref out = Ref::steal(f);
  f->fd = fd;
  f->closefd = owns;
  f->readable = m.r || m.plus;
  f->writable = m.w || m.x || m.a || m.plus;
  f->appending = m.a;
  f->binary = m.b;
  f->translate = translate && !m.b;
  f->line_buffering = *buf == 1 && !m.b;
  f->write_through = *buf == 0;
  f->name = file;
  incref(file);
  if (m.b) {
    std::string bm = m.r ? "r" : m.w ? "w" : m.x ? "x" : "a";
    bm += "b";
    if (m.plus) bm += "+";
    f->mode = new_str(bm).release();
  } else {
    f->mode = mode;
    incref(mode);
  }
  if (m.a) ::lseek(fd, 0, SEEK_END);
  return out;
}

Ref std_stream(int fd) {
  // The three std streams belong to the process as their descriptors do: made once,
  // under the GIL, and kept until exit.
  static FileObject* streams[3] = {nullptr, nullptr, nullptr};
  if (fd < 0 || fd > 2) return nullptr;
  if (!streams[fd]) {
    io_init_types();
    FileObject* f = file_alloc(&FileType);
    f->fd = fd;
    f->closefd = false;
    f->is_std = true;
    f->readable = fd == 0;
    f->writable = fd != 0;
    f->translate = true;
    f->line_buffering = fd == 1 && ::isatty(1) == 1;
    f->write_through = fd == 2;
    static const char* names[] = {"<stdin>", "<stdout>", "<stderr>"};
    f->name = new_str(names[fd]).release();
    f->mode = new_str(fd == 0 ? "r" : "w").release();
    streams[fd] = f;  // this reference is the process's
    // Safety net for exits that bypass the command line's flush (os._exit excepted).
    static bool registered = false;
    if (!registered) {
      registered = true;
      std::atexit(flush_std_streams);
    }
  }
  return Ref::borrow(streams[fd]);
}

void set_std_streams_unbuffered() {
  for (int fd = 1; fd <= 2; fd++) {
    Ref s = std_stream(fd);
    if (s) as_file(s.get())->write_through = true;
  }
}

void flush_std_streams() {
  for (int fd = 1; fd <= 2; fd++) {
    Ref s = std_stream(fd);
    if (s) flush_raw(as_file(s.get()));
  }
}

// --- the io module ---------------------------------------------------------------------

namespace {

}  // namespace

void io_init_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(FileType, "TextIOWrapper", sizeof(FileObject), &ObjectType, 0);
  FileType.dealloc = file_dealloc;
  FileType.repr = file_repr;
  FileType.iter = file_iter;
  FileType.iternext = file_iternext;
  FileType.methods = file_methods;
  FileType.getsets = file_getsets;
  FileType.doc = "Character and line based layer over a file descriptor.";
  ready_type(&FileType);

  static_type_init(StringIOType, "StringIO", sizeof(FileObject), &ObjectType, kTypeBaseType);
  StringIOType.iter = file_iter;
  StringIOType.iternext = file_iternext;
  StringIOType.getsets = file_getsets;
  StringIOType.dealloc = file_dealloc;
  StringIOType.repr = file_repr;
  StringIOType.new_ = stringio_new;
  StringIOType.methods = stringio_methods;
  StringIOType.doc = "Text I/O implementation using an in-memory buffer.";
  ready_type(&StringIOType);
}

namespace {

const MethodDef io_functions[] = {
    {"open", builtin_open, 0, "Open file and return a stream."},
    {nullptr}};

}  // namespace


Ref create_io_module() {
  io_init_types();
  Own<Module> m = module_new("_io");
  if (!module_add_functions(m.get(), io_functions)) return nullptr;
  module_add(m.get(), "TextIOWrapper", Value::from_obj(&FileType));
  module_add(m.get(), "StringIO", Value::from_obj(&StringIOType));
  module_add(m.get(), "UnsupportedOperation", Value::from_obj(unsupported_operation_type()));
  module_add(m.get(), "DEFAULT_BUFFER_SIZE", Value::small_int(kBufferSize));
  module_add(m.get(), "SEEK_SET", Value::small_int(0));
  module_add(m.get(), "SEEK_CUR", Value::small_int(1));
  module_add(m.get(), "SEEK_END", Value::small_int(2));
  return m.into_ref();
}

}  // namespace gilpy::stdlib
