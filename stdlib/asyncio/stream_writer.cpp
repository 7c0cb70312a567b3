// stdlib/asyncio/stream_writer.cpp: the native half of asyncio.StreamWriter: write(data)
// (the transport's write) and drain(), which a writer awaits after every write. StreamWriter (streams.py) derives from
// `_asyncio._StreamWriterBase`, whose drain() returns `_asyncio._Drain`: a coroutine whose
// first step does CPython's drain up to where it would wait. Most drains end there: no
// exception on the reader, the transport not closing, the protocol (FlowControlMixin's
// _drain_helper, inline) neither lost nor paused. Where CPython's drain awaits, the step
// makes the coroutine it awaits (protocol._drain_helper(), or what is left after the
// transport was found closing: StreamWriter._drain_after_closing()) and from then on
// forwards every step, throw() and close() to it, as `await` would.
#include "runtime/typeobject.h"
#include "stdlib/asyncio/self_waiter.h"
#include "stdlib/common.h"
#include "vm/attr_cache.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type DrainType;
Type StreamWriterBaseType;

namespace {

enum class DrainStage : uint8_t { kCreated, kDelegating, kFinished };

struct DrainObject : Object {
  Value writer;    // owned
  Value delegate;  // owned: the coroutine it awaits, once it waits
  DrainStage stage;
};

DrainObject* as_drain(Value v) { return v.as<DrainObject>(); }

// The attributes the drain checks, each read through its own cache.
struct Fields {
  vm::CachedAttr reader{"_reader"};
  vm::CachedAttr plain{"_plain"};
  vm::CachedAttr exception{"_exception"};
  vm::CachedAttr transport{"_transport"};
  vm::CachedAttr inline_drain{"_inline_drain"};
  vm::CachedAttr protocol{"_protocol"};
  vm::CachedAttr connection_lost{"_connection_lost"};
  vm::CachedAttr paused{"_paused"};
  vm::CachedAttr is_closing{"is_closing"};
  vm::CachedAttr drain_helper{"_drain_helper"};
};

int truthy_attr(vm::CachedAttr& attr, Value obj) {
  Ref v = attr.get(obj);
  return v ? truthy(v.get()) : -1;
}

// The first step of drain(), CPython's steps up to its waiting: 1 done (None returned),
// 0 with *rest the coroutine to await for the rest, -1 with an error pending (raised).
int drain_first_step(Value writer, Ref* rest) {
  static Fields f;
  Ref reader = f.reader.get(writer);
  if (!reader) return -1;
  if (!reader.get().is_none()) {
    int plain = truthy_attr(f.plain, reader.get());
    if (plain < 0) return -1;
    Ref exc = plain ? f.exception.get(reader.get()) : call_method0(reader.get(), "exception");
    if (!exc) return -1;
    if (!exc.get().is_none()) {
      raise_value(exc.get());
      return -1;
    }
  }
  Ref transport = f.transport.get(writer);
  Ref closing = transport ? f.is_closing.call_method(transport.get()) : Ref();
  int closing_now = closing ? truthy(closing.get()) : -1;
  if (closing_now < 0) return -1;
  if (closing_now) {
    *rest = call_method0(writer, "_drain_after_closing");
    return *rest ? 0 : -1;
  }
  Ref protocol = f.protocol.get(writer);
  if (!protocol) return -1;
  int inline_drain = truthy_attr(f.inline_drain, writer);
  if (inline_drain < 0) return -1;
  if (inline_drain) {  // FlowControlMixin._drain_helper's first steps
    int lost = truthy_attr(f.connection_lost, protocol.get());
    if (lost < 0) return -1;
    if (lost) {
      raise(&ConnectionResetErrorType, "Connection lost");
      return -1;
    }
    int paused = truthy_attr(f.paused, protocol.get());
    if (paused <= 0) return paused < 0 ? -1 : 1;
  }
  *rest = f.drain_helper.call_method(protocol.get());
  return *rest ? 0 : -1;
}

// One step of the delegate (None sent, or `exc` thrown): what `await` passes through.
SendStatus forward(DrainObject* d, Value exc, Ref* out) {
  int r = resume_coro(d->delegate, exc, out);
  if (r == 0) return SendStatus::kYield;
  d->stage = DrainStage::kFinished;
  return r == 1 ? SendStatus::kReturn : SendStatus::kError;
}

// The coroutine's step (am_send). What a task sends is None; a future or sleep(0), what
// the awaited coroutines await, ignore what is sent, so None is forwarded.
SendStatus drain_step(Value self, Value, Ref* out) {
  DrainObject* d = as_drain(self);
  switch (d->stage) {
    case DrainStage::kCreated: {
      Ref rest;
      int r = drain_first_step(d->writer, &rest);
      if (r != 0) {
        d->stage = DrainStage::kFinished;
        if (r < 0) return SendStatus::kError;
        *out = Ref::none();
        return SendStatus::kReturn;
      }
      d->delegate = rest.release();
      d->stage = DrainStage::kDelegating;
      return forward(d, Value(), out);
    }
    case DrainStage::kDelegating:
      return forward(d, Value(), out);
    case DrainStage::kFinished:
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendStatus::kError;
  }
  return SendStatus::kError;
}

Ref drain_iternext(Value self) {
  Ref out;
  SendStatus status = drain_step(self, Value::none(), &out);
  return step_to_iter_result(status, std::move(out));
}

Ref drain_send(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("send", nargs, kwnames)) return nullptr;
  Ref out;
  SendStatus status = drain_step(self, args[0], &out);
  return step_to_iter_result(status, std::move(out));
}

Ref drain_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Ref exc = throw_argument(args, nargs, kwnames);
  if (!exc) return nullptr;
  DrainObject* d = as_drain(self);
  if (d->stage == DrainStage::kDelegating) {
    Ref out;
    SendStatus status = forward(d, exc.get(), &out);
    return step_to_iter_result(status, std::move(out));
  }
  d->stage = DrainStage::kFinished;
  return raise_value(exc.get());
}

Ref drain_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  DrainObject* d = as_drain(self);
  bool delegating = d->stage == DrainStage::kDelegating;
  d->stage = DrainStage::kFinished;
  if (delegating) return call_method0(d->delegate, "close");
  return Ref::none();
}

Ref drain_repr(Value self) {
  return new_str(strfmt("<coroutine object StreamWriter.drain at %p>", static_cast<void*>(self.obj())));
}

Ref get_qualname(Value) { return new_str("StreamWriter.drain"); }
Ref get_name(Value) { return new_str("drain"); }

void drain_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* d = static_cast<DrainObject*>(o);
  if (!d->writer.is_null()) visit(d->writer, ctx);
  if (!d->delegate.is_null()) visit(d->delegate, ctx);
}
void drain_clear(Object* o) {
  auto* d = static_cast<DrainObject*>(o);
  set_owned(&d->writer, Value());
  set_owned(&d->delegate, Value());
}
void drain_dealloc(Object* o) {
  gc_untrack(o);
  drain_clear(o);
  free_object(o);
}

const MethodDef drain_methods[] = {
    {"__await__", await_self, 0, nullptr},
    {"send", drain_send, 0, nullptr},
    {"throw", drain_throw, 0, nullptr},
    {"close", drain_close, 0, nullptr},
    {nullptr}};

const GetSetDef drain_getsets[] = {
    {"__qualname__", get_qualname, nullptr, nullptr},
    {"__name__", get_name, nullptr, nullptr},
    {nullptr}};

Ref m_drain(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("drain", nargs, kwnames)) return nullptr;
  auto* d = static_cast<DrainObject*>(alloc_object(&DrainType, sizeof(DrainObject)));
  incref(self);
  d->writer = self;
  return Ref::steal(Value::from_obj(d));
}

// write(data): self._transport.write(data)
Ref m_write(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("StreamWriter.write", args, nargs, kwnames, {"data"}, 1, {&data})) return nullptr;
  static vm::CachedAttr transport("_transport");
  static vm::CachedAttr write("write");
  Ref t = transport.get(self);
  return t && write.call_method(t.get(), &data, 1) ? Ref::none() : nullptr;
}

const MethodDef stream_writer_methods[] = {
    {"drain", m_drain, 0, "Flush the write buffer: wait until it is below its low-water mark."},
    {"write", m_write, 0, nullptr},
    {nullptr}};

}  // namespace

void init_stream_writer_types() {
  static_type_init(DrainType, "_asyncio._Drain", sizeof(DrainObject), &ObjectType, kTypeGc);
  DrainType.repr = drain_repr;
  DrainType.iter = iter_self;
  DrainType.iternext = drain_iternext;
  DrainType.traverse = drain_traverse;
  DrainType.clear = drain_clear;
  DrainType.dealloc = drain_dealloc;
  DrainType.methods = drain_methods;
  DrainType.getsets = drain_getsets;
  DrainType.send = drain_step;
  ready_type(&DrainType);
  init_native_base_type(StreamWriterBaseType, "_asyncio._StreamWriterBase", stream_writer_methods);
}

}  // namespace gilpy::stdlib::aio
