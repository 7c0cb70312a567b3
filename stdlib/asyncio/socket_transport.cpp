// stdlib/asyncio/socket_transport.cpp: the native half of asyncio's socket transport
// (_SelectorSocketTransport, selector_events.py, derives from
// `_asyncio._SocketTransportBase`): what the loop runs each time a connection's socket is
// readable, and write(). _read_ready() calls the reading callback that set_protocol chose
// (self._read_ready_cb); _read_ready__data_received() is CPython's, step by step:
//
//   nothing once the connection is lost (self._conn_lost)
//   data = self._sock.recv(self.max_size): BlockingIOError and InterruptedError mean
//     nothing to read; SystemExit and KeyboardInterrupt go on up; any other error goes to
//     self._fatal_error(exc, 'Fatal read error on socket transport')
//   b'' (the peer closed): self._read_ready__on_eof()
//   self._protocol.data_received(data); an error in it goes to self._fatal_error(exc,
//     'Fatal error: protocol.data_received() call failed.') (SystemExit and
//     KeyboardInterrupt go on up)
//
// write(data) is CPython's too, up to where data must wait in the buffer: a type check,
// errors after write_eof(), nothing for empty data, a count once the connection is lost,
// and with an empty buffer a send right away. What was not sent goes to the Python
// _write_rest(data, sent, start_writing): data[sent:] into the buffer, after registering
// the writer when the buffer was empty.
//
// A difference: an exception handed to _fatal_error has no line of these methods in its
// traceback (they have no Python frame).
#include <optional>

#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/memoryview.h"
#include "runtime/typeobject.h"
#include "stdlib/asyncio/asyncio_state.h"
#include "stdlib/common.h"
#include "vm/attr_cache.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type SocketTransportBaseType;

namespace {

struct Fields {
  vm::CachedAttr read_ready_cb{"_read_ready_cb"};
  vm::CachedAttr conn_lost{"_conn_lost"};
  vm::CachedAttr sock{"_sock"};
  vm::CachedAttr max_size{"max_size"};
  vm::CachedAttr recv{"recv"};
  vm::CachedAttr protocol{"_protocol"};
  vm::CachedAttr data_received{"data_received"};
  vm::CachedAttr eof{"_eof"};
  vm::CachedAttr buffer{"_buffer"};
  vm::CachedAttr send{"send"};
  vm::CachedAttr write_rest{"_write_rest"};
};
Fields& fields() {
  static Fields f;
  return f;
}

// The `except` clauses around a call that failed: the error is left pending (returns
// null) for SystemExit and KeyboardInterrupt, else passed to _fatal_error with `message`.
Ref to_fatal_error(Value transport, const char* message) {
  if (error_matches(&SystemExitType) || error_matches(&KeyboardInterruptType)) return nullptr;
  Ref exc = fetch_error();
  Own<Str> text = str_from_utf8(message);
  Value args[] = {exc.get(), text.value()};
  Ref fatal = getattr(transport, "_fatal_error");
  if (!fatal || !call(fatal.get(), args, 2)) return nullptr;
  return Ref::none();
}

Ref m_read_ready(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_read_ready", nargs, kwnames)) return nullptr;
  Ref callback = fields().read_ready_cb.get(self);
  return callback ? call0(callback.get()) : callback;
}

Ref m_read_ready_data_received(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_read_ready__data_received", nargs, kwnames)) return nullptr;
  Fields& f = fields();
  Ref conn_lost = f.conn_lost.get(self);
  int lost = conn_lost ? truthy(conn_lost.get()) : -1;
  if (lost != 0) return lost < 0 ? nullptr : Ref::none();
  Ref sock = f.sock.get(self);
  Ref max_size = sock ? f.max_size.get(self) : Ref();
  Value size_arg = max_size ? max_size.get() : Value();
  Ref data = max_size ? f.recv.call_method(sock.get(), &size_arg, 1) : Ref();
  if (!data) {
    if (error_matches(&BlockingIOErrorType) || error_matches(&InterruptedErrorType)) {
      clear_error();
      return Ref::none();
    }
    return to_fatal_error(self, "Fatal read error on socket transport");
  }
  int nonempty = truthy(data.get());
  if (nonempty < 0) return nullptr;
  if (!nonempty) return call_method0(self, "_read_ready__on_eof") ? Ref::none() : nullptr;
  Ref protocol = f.protocol.get(self);
  Value data_arg = data.get();
  if (!protocol || !f.data_received.call_method(protocol.get(), &data_arg, 1))
    return to_fatal_error(self, "Fatal error: protocol.data_received() call failed.");
  return Ref::none();
}

Ref m_write(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("_SelectorSocketTransport.write", args, nargs, kwnames, {"data"}, 1, {&data})) return nullptr;
  Type* dt = type_of(data);
  bool bytes_like = dt == &BytesType || dt == &ByteArrayType || dt == &MemoryViewType ||
                    is_subtype(dt, &BytesType) || is_subtype(dt, &ByteArrayType) || is_subtype(dt, &MemoryViewType);
  if (!bytes_like)
    return raisef(&TypeErrorType, "data argument must be a bytes-like object, not '%s'", dt->name);
  Fields& f = fields();
  Ref eof = f.eof.get(self);
  int at_eof = eof ? truthy(eof.get()) : -1;
  if (at_eof != 0) return at_eof < 0 ? nullptr : raise(&RuntimeErrorType, "Cannot call write() after write_eof()");
  int nonempty = truthy(data);
  if (nonempty <= 0) return nonempty < 0 ? nullptr : Ref::none();
  Ref conn_lost = f.conn_lost.get(self);
  int lost = conn_lost ? truthy(conn_lost.get()) : -1;
  if (lost < 0) return nullptr;
  if (lost) {  // self._conn_lost += 1
    Ref one = make_int(1);
    Ref more = binary_op(conn_lost.get(), one.get(), BinOp::Add);
    if (!more || f.conn_lost.set(self, more.get()) < 0) return nullptr;
    return Ref::none();
  }
  Ref buffer = f.buffer.get(self);
  int buffered = buffer ? truthy(buffer.get()) : -1;
  if (buffered < 0) return nullptr;
  Ref sent = Ref::borrow(Value::small_int(0));
  if (!buffered) {
    // Optimization: try to send now.
    Ref sock = f.sock.get(self);
    Ref n = sock ? f.send.call_method(sock.get(), &data, 1) : Ref();
    if (!n) {
      if (!error_matches(&BlockingIOErrorType) && !error_matches(&InterruptedErrorType))
        return to_fatal_error(self, "Fatal write error on socket transport");
      clear_error();
    } else {
      std::optional<int64_t> count = index_as_int64(n.get());
      if (!count) return nullptr;
      int64_t size = length(data);
      if (size < 0) return nullptr;
      if (*count >= size) return Ref::none();  // data[n:] is empty: all sent
      sent = std::move(n);
    }
  }
  // The rest waits in the buffer (when it was empty, for the socket to be writable).
  Value rest_args[] = {data, sent.get(), Value::boolean(!buffered)};
  return f.write_rest.call_method(self, rest_args, 3) ? Ref::none() : nullptr;
}

const MethodDef socket_transport_methods[] = {
    {"write", m_write, 0, nullptr},
    {"_read_ready", m_read_ready, 0, nullptr},
    {"_read_ready__data_received", m_read_ready_data_received, 0, nullptr},
    {nullptr}};

}  // namespace

void init_socket_transport_type() {
  init_native_base_type(SocketTransportBaseType, "_asyncio._SocketTransportBase", socket_transport_methods);
}

}  // namespace gilpy::stdlib::aio
