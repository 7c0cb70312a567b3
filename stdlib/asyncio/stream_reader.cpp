// stdlib/asyncio/stream_reader.cpp: the native half of asyncio.StreamReader, for the two
// methods a line protocol calls per message, feed_data and readline. StreamReader
// (streams.py) derives from `_asyncio._StreamReaderBase`, which has them natively; the
// rest of the class, and these two for readers whose class replaces one of the helpers
// they call (streams.py's `_plain` is false), stay in Python. StreamReaderProtocol derives
// from `_asyncio._StreamReaderProtocolBase` for its data_received (reader.feed_data(data)).
//
// feed_data(data) does CPython's steps: assert not at EOF; nothing for empty data;
// buffer.extend(data); wake the waiter (_wakeup_waiter); pause the transport's reading
// once the buffer is over twice the limit.
//
// readline() returns `_asyncio._LineReader`: a waiter that is its own future
// (self_waiter.h) doing the steps of CPython's readline -> readuntil(b'\n') ->
// _wait_for_data('readuntil'):
//
//   if reader._exception is not None: raise it
//   offset = 0 (the newline is not before)
//   each step:
//     a newline at or after offset: beyond the limit, drop the buffer through it and
//       raise ValueError; else take the line out (resuming the transport's reading when
//       the buffer is low again) and return it
//     offset = len(buffer): beyond the limit, clear the buffer, ValueError
//     at EOF: return what is left (maybe b'')
//     another coroutine already waiting: RuntimeError
//     paused: resume reading; reader._waiter = self, wait (the task waits on the waiter
//       itself); finally reader._waiter = None. The wait raises what the reader's
//       resolver gave it (set_exception's error) or CancelledError, as `await fut` does.
//
// The reader's fields are read and set through its attributes, as the Python does.
#include <cstring>
#include <optional>

#include "runtime/bytearray.h"
#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "stdlib/asyncio/self_waiter.h"
#include "stdlib/common.h"
#include "vm/attr_cache.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type LineReaderType;
Type StreamReaderBaseType;
Type StreamReaderProtocolBaseType;

namespace {

struct LineReaderObject : SelfWaiterObject {
  int64_t offset;  // where the search for the newline starts
};

// The reader's attributes these natives use, each read and set through its own cache.
struct Fields {
  vm::CachedAttr plain{"_plain"};
  vm::CachedAttr buffer{"_buffer"};
  vm::CachedAttr limit{"_limit"};
  vm::CachedAttr eof{"_eof"};
  vm::CachedAttr exception{"_exception"};
  vm::CachedAttr waiter{"_waiter"};
  vm::CachedAttr paused{"_paused"};
  vm::CachedAttr transport{"_transport"};
  vm::CachedAttr loop{"_loop"};
};
Fields& fields() {
  static Fields f;
  return f;
}

// reader._paused = False; reader._transport.resume_reading()
bool resume_reading(Value reader) {
  Fields& f = fields();
  if (f.paused.set(reader, Value::boolean(false)) < 0) return false;
  Ref transport = f.transport.get(reader);
  return transport && call_method0(transport.get(), "resume_reading");
}

// StreamReader._maybe_resume_transport: reading resumes once the buffer is down to the limit.
bool maybe_resume_transport(Value reader, ByteArray* buffer, int64_t limit) {
  Fields& f = fields();
  Ref paused = f.paused.get(reader);
  if (!paused) return false;
  int p = truthy(paused.get());
  if (p < 0) return false;
  return !p || buffer->size > limit || resume_reading(reader);
}

// readline's `raise ValueError(e.args[0])` in its `except LimitOverrunError as e:` after
// readuntil raised LimitOverrunError(message, consumed): the ValueError's context is it.
void raise_limit_error(const char* message, int64_t consumed) {
  Ref exceptions = vm::import_module("asyncio.exceptions");
  Ref overrun_type = exceptions ? getattr(exceptions.get(), "LimitOverrunError") : Ref();
  Own<Str> text = str_from_utf8(message);
  Ref overrun = overrun_type ? call2(overrun_type.get(), text.value(), make_int(consumed).get()) : Ref();
  Ref value_error = overrun ? call1(Value::from_obj(&ValueErrorType), text.value()) : Ref();
  if (!value_error) return;
  set_owned(&value_error.get().as<ExceptionObject>()->context, overrun.release());
  raise_value(value_error.get());
}

SendStatus finish_with(LineReaderObject* w, Ref result, Ref* out) {
  w->set_stage(WaitStage::kFinished);
  if (!result) return SendStatus::kError;
  *out = std::move(result);
  return SendStatus::kReturn;
}

SendStatus fail(LineReaderObject* w) {
  w->set_stage(WaitStage::kFinished);
  return SendStatus::kError;
}

// The buffer's first n bytes as bytes, taken out of it.
Ref take_prefix(ByteArray* buffer, int64_t n) {
  Own<Bytes> line = bytes_new(std::string_view(buffer->data(), size_t(n)));
  if (!bytearray_delete_prefix(buffer, n)) return nullptr;
  return line.into_ref();
}

// One look at the buffer: the line, an error, or a wait.
SendStatus search(LineReaderObject* w, Ref* out) {
  Value reader = w->owner;
  Fields& f = fields();
  Ref buffer_ref = f.buffer.get(reader);
  if (!buffer_ref) return fail(w);
  if (!is_bytearray(buffer_ref.get())) {
    raisef(&TypeErrorType, "StreamReader._buffer must be a bytearray, not %s", type_name(buffer_ref.get()));
    return fail(w);
  }
  auto* buffer = buffer_ref.get().as<ByteArray>();
  Ref limit_ref = f.limit.get(reader);
  std::optional<int64_t> limit_value = limit_ref ? index_as_int64(limit_ref.get()) : std::nullopt;
  if (!limit_value) return fail(w);
  const int64_t limit = *limit_value;
  int64_t size = buffer->size;
  if (w->offset < size) {
    const char* start = buffer->data();
    if (const void* nl = std::memchr(start + w->offset, '\n', size_t(size - w->offset))) {
      int64_t isep = static_cast<const char*>(nl) - start;
      if (isep > limit) {  // readuntil's LimitOverrunError, as readline turns it into ValueError
        if (!bytearray_delete_prefix(buffer, isep + 1) || !maybe_resume_transport(reader, buffer, limit))
          return fail(w);
        raise_limit_error("Separator is found, but chunk is longer than limit", isep);
        return fail(w);
      }
      Ref line = take_prefix(buffer, isep + 1);
      if (!line || !maybe_resume_transport(reader, buffer, limit)) return fail(w);
      return finish_with(w, std::move(line), out);
    }
  }
  w->offset = size;
  if (size > limit) {
    if (!bytearray_delete_prefix(buffer, size) || !maybe_resume_transport(reader, buffer, limit)) return fail(w);
    raise_limit_error("Separator is not found, and chunk exceed the limit", size);
    return fail(w);
  }
  Ref eof = f.eof.get(reader);
  int at_eof = eof ? truthy(eof.get()) : -1;
  if (at_eof < 0) return fail(w);
  if (at_eof) return finish_with(w, take_prefix(buffer, size), out);  // IncompleteReadError's partial
  Ref waiter = f.waiter.get(reader);
  if (!waiter) return fail(w);
  if (!waiter.get().is_none()) {
    raise(&RuntimeErrorType, "readuntil() called while another coroutine is already waiting for incoming data");
    return fail(w);
  }
  Ref paused = f.paused.get(reader);
  int is_paused = paused ? truthy(paused.get()) : -1;
  if (is_paused < 0 || (is_paused && !resume_reading(reader))) return fail(w);
  Ref loop = f.loop.get(reader);
  if (!loop || f.waiter.set(reader, Value::from_obj(w)) < 0) return fail(w);
  return self_waiter_wait(w, loop.get(), out);
}

SendStatus line_reader_step(Value self, Value, Ref* out) {
  Fields& f = fields();
  auto* w = self.as<LineReaderObject>();
  switch (w->stage()) {
    case WaitStage::kCreated: {
      Ref exc = f.exception.get(w->owner);
      if (!exc) return fail(w);
      if (!exc.get().is_none()) {
        raise_value(exc.get());
        return fail(w);
      }
      w->offset = 0;
      return search(w, out);
    }
    case WaitStage::kWaiting: {
      SendStatus status = self_waiter_resume(w, out);
      if (status != SendStatus::kReturn) return status;
      return search(w, out);
    }
    case WaitStage::kFinished:
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendStatus::kError;
  }
  return SendStatus::kError;
}

// _wait_for_data's `finally: self._waiter = None`.
bool leave_reader(SelfWaiterObject* w) { return fields().waiter.set(w->owner, Value::none()) == 0; }

Ref line_reader_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_LineReader", nargs, kwnames)) return nullptr;
  return Ref::steal(Value::from_obj(self_waiter_new(*type, args[0])));
}

const SelfWaiterKind kReadline = {line_reader_step, leave_reader, "StreamReader.readline", "readline"};

// reader._plain: whether its class keeps the helpers these methods do inline.
int is_plain(Value reader) {
  Fields& f = fields();
  Ref plain = f.plain.get(reader);
  return plain ? truthy(plain.get()) : -1;
}

Ref m_readline(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("readline", nargs, kwnames)) return nullptr;
  int plain = is_plain(self);
  if (plain < 0) return nullptr;
  if (!plain) return call_method0(self, "_readline");
  return Ref::steal(Value::from_obj(self_waiter_new(LineReaderType, self)));
}

// StreamReader._wakeup_waiter, inline: the waiter (a future) gets None unless cancelled.
bool wakeup_waiter(Value reader) {
  Fields& f = fields();
  Ref waiter = f.waiter.get(reader);
  if (!waiter) return false;
  if (waiter.get().is_none()) return true;
  if (f.waiter.set(reader, Value::none()) < 0) return false;
  if (is_future_exact(waiter.get())) {
    FutureObject* fut = as_future(waiter.get());
    return fut->state == FutureState::kCancelled || future_set_result(fut, Value::none());
  }
  Ref cancelled = call_method0(waiter.get(), "cancelled");
  int c = cancelled ? truthy(cancelled.get()) : -1;
  if (c < 0) return false;
  return c || call_method1(waiter.get(), "set_result", Value::none());
}

// buffer.extend(data)
bool extend_buffer(Value buffer, Value data) {
  if (buffer.is_obj() && buffer.obj()->type == &ByteArrayType && is_bytes_like(data) && !(data == buffer)) {
    Buffer view;
    if (!buffer_get(data, &view)) return false;
    return bytearray_append_bytes(buffer.as<ByteArray>(), view.view());
  }
  return bool(call_method1(buffer, "extend", data));
}

Ref m_feed_data(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("StreamReader.feed_data", args, nargs, kwnames, {"data"}, 1, {&data})) return nullptr;
  Fields& f = fields();
  Ref eof = f.eof.get(self);
  int at_eof = eof ? truthy(eof.get()) : -1;
  if (at_eof < 0) return nullptr;
  if (at_eof) return raise(&AssertionErrorType, "feed_data after feed_eof");
  int nonempty = truthy(data);
  if (nonempty <= 0) return nonempty < 0 ? nullptr : Ref::none();
  Ref buffer = f.buffer.get(self);
  if (!buffer || !extend_buffer(buffer.get(), data)) return nullptr;
  int plain = is_plain(self);
  if (plain < 0) return nullptr;
  if (!(plain ? wakeup_waiter(self) : bool(call_method0(self, "_wakeup_waiter")))) return nullptr;
  // Pause reading when the buffer is over twice the limit (a transport that cannot pause
  // is forgotten: no more pausing).
  Ref transport = f.transport.get(self);
  if (!transport) return nullptr;
  if (transport.get().is_none()) return Ref::none();
  Ref paused = f.paused.get(self);
  int is_paused = paused ? truthy(paused.get()) : -1;
  if (is_paused != 0) return is_paused < 0 ? nullptr : Ref::none();
  Ref limit_ref = f.limit.get(self);
  std::optional<int64_t> limit = limit_ref ? index_as_int64(limit_ref.get()) : std::nullopt;
  if (!limit) return nullptr;
  int64_t buffered = length(buffer.get());
  if (buffered < 0) return nullptr;
  if (buffered <= 2 * *limit) return Ref::none();
  if (!call_method0(transport.get(), "pause_reading")) {
    if (!error_matches(&NotImplementedErrorType)) return nullptr;
    clear_error();
    if (f.transport.set(self, Value::none()) < 0) return nullptr;
    return Ref::none();
  }
  if (f.paused.set(self, Value::boolean(true)) < 0) return nullptr;
  return Ref::none();
}

// StreamReaderProtocol.data_received: reader.feed_data(data) while it has a reader.
Ref m_data_received(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("StreamReaderProtocol.data_received", args, nargs, kwnames, {"data"}, 1, {&data})) return nullptr;
  static vm::CachedAttr stream_reader("_stream_reader");
  static vm::CachedAttr feed_data("feed_data");
  Ref reader = stream_reader.get(self);
  if (!reader) return nullptr;
  if (reader.get().is_none()) return Ref::none();
  return feed_data.call_method(reader.get(), &data, 1) ? Ref::none() : nullptr;
}

const MethodDef protocol_methods[] = {{"data_received", m_data_received, 0, nullptr}, {nullptr}};

const MethodDef stream_reader_methods[] = {
    {"feed_data", m_feed_data, 0, nullptr},
    {"readline", m_readline, 0,
     "Read one line (ending in b'\\n'); at EOF the partial line, maybe b''.\n"
     "ValueError when the line is longer than the limit."},
    {nullptr}};

}  // namespace

void init_stream_reader_types() {
  init_self_waiter_type(LineReaderType, "_asyncio._LineReader", sizeof(LineReaderObject), line_reader_new,
                        &kReadline);
  init_native_base_type(StreamReaderBaseType, "_asyncio._StreamReaderBase", stream_reader_methods);
  init_native_base_type(StreamReaderProtocolBaseType, "_asyncio._StreamReaderProtocolBase", protocol_methods);
}

}  // namespace gilpy::stdlib::aio
