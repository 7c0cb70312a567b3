// stdlib/zlib_module.cpp: the zlib module on the system's zlib (the same library CPython
// links, so compressed bytes come out identical): one-shot compress/decompress, the
// streaming Compress and Decompress objects, crc32/adler32, zlib.error and the constants.
//
// Each stream object owns one z_stream (heap-allocated beside the object, so the object
// layout stays plain). Output grows in a std::string, doubling as zlib fills it. Errors
// are CPython's: zlib.error("Error -3 while decompressing data: incorrect header check"),
// ValueError for bad arguments.
#include <zlib.h>

#include <climits>
#include <cstring>
#include <string>

#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

constexpr int kDefBufSize = 16384;

// zlib.error, made once and kept for the life of the process (as io's UnsupportedOperation).
Type* zlib_error_type() {
  static Type* t = nullptr;
  if (t) return t;
  Own<Tuple> bases = tuple_from({Value::from_obj(&ExceptionType)});
  Own<Dict> ns = dict_new();
  Ref mod = new_str("zlib");
  dict_set_str(ns.get(), "__module__", mod.get());
  Ref made = type_new(&TypeType, intern("error"), bases.get(), ns.get());
  if (!made) {
    clear_error();
    return &ExceptionType;
  }
  t = made.release().as<Type>();
  return t;
}

// CPython's zlib_error: "Error <err> while <what>: <zlib's message>".
Ref raise_zlib_error(const z_stream& zs, int err, const char* what) {
  const char* zmsg = err == Z_VERSION_ERROR ? "library version mismatch" : zs.msg;
  if (!zmsg) {
    switch (err) {
      case Z_BUF_ERROR: zmsg = "incomplete or truncated stream"; break;
      case Z_STREAM_ERROR: zmsg = "inconsistent stream state"; break;
      case Z_DATA_ERROR: zmsg = "invalid input data"; break;
      default: break;
    }
  }
  if (zmsg) return raisef(zlib_error_type(), "Error %d while %s: %.200s", err, what, zmsg);
  return raisef(zlib_error_type(), "Error %d while %s", err, what);
}

bool int_arg(Value v, int* out) {
  auto i = index_as_int64(v);
  if (!i) return false;
  if (*i < INT_MIN || *i > INT_MAX) {
    raise(&OverflowErrorType, "Python int too large to convert to C int");
    return false;
  }
  *out = int(*i);
  return true;
}

bool ssize_arg(Value v, int64_t* out) {
  auto i = index_as_int64(v);
  if (!i) return false;
  *out = *i;
  return true;
}

// Runs fn (deflate or inflate with `flush`) over the input until it is consumed and the
// output has room left over, appending to *out; `limit` > 0 caps the output's growth.
// Returns zlib's last result.
template <class Fn>
int pump(z_stream* zs, std::string* out, int64_t limit, Fn&& fn) {
  int err;
  do {
    size_t used = out->size();
    size_t room = out->size() < kDefBufSize ? kDefBufSize : out->size();
    if (limit > 0 && used + room > size_t(limit)) room = size_t(limit) - used;
    if (room == 0) return Z_BUF_ERROR;  // the cap is reached: the caller keeps the rest
    if (room > UINT_MAX) room = UINT_MAX;
    out->resize(used + room);
    zs->next_out = reinterpret_cast<Bytef*>(out->data() + used);
    zs->avail_out = uInt(room);
    err = fn();
    out->resize(used + room - zs->avail_out);
    if (err != Z_OK && err != Z_BUF_ERROR) return err;
  } while (zs->avail_out == 0);
  return err;
}

Ref bytes_of(const std::string& s) { return bytes_new(s).into_ref(); }

// --- one-shot -----------------------------------------------------------------------------

Ref z_compress(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, levelv = Value::small_int(Z_DEFAULT_COMPRESSION), wbitsv = Value::small_int(MAX_WBITS);
  if (!bind_args("compress", args, nargs, kwnames, {"", "/", "level", "wbits"}, 1, {&data, &levelv, &wbitsv}))
    return nullptr;
  int level, wbits;
  if (!int_arg(levelv, &level) || !int_arg(wbitsv, &wbits)) return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  int err = deflateInit2(&zs, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
  if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Out of memory while compressing data");
  if (err == Z_STREAM_ERROR) return raise(zlib_error_type(), "Bad compression level");
  if (err != Z_OK) {
    deflateEnd(&zs);
    return raise_zlib_error(zs, err, "compressing data");
  }
  std::string out;
  const uint8_t* p = in.data;
  int64_t left = in.len;
  do {
    uInt chunk = left > UINT_MAX ? UINT_MAX : uInt(left);
    zs.next_in = const_cast<Bytef*>(p);
    zs.avail_in = chunk;
    p += chunk;
    left -= chunk;
    int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    err = pump(&zs, &out, 0, [&] { return deflate(&zs, flush); });
    if (err == Z_STREAM_ERROR) {
      deflateEnd(&zs);
      return raise_zlib_error(zs, err, "compressing data");
    }
  } while (left > 0);
  deflateEnd(&zs);
  return bytes_of(out);
}

Ref z_decompress(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, wbitsv = Value::small_int(MAX_WBITS), bufsizev = Value::small_int(kDefBufSize);
  if (!bind_args("decompress", args, nargs, kwnames, {"", "/", "wbits", "bufsize"}, 1, {&data, &wbitsv, &bufsizev}))
    return nullptr;
  int wbits;
  int64_t bufsize;
  if (!int_arg(wbitsv, &wbits) || !ssize_arg(bufsizev, &bufsize)) return nullptr;
  if (bufsize < 0) return raise(&ValueErrorType, "bufsize must be non-negative");
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  int err = inflateInit2(&zs, wbits);
  if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Out of memory while decompressing data");
  if (err != Z_OK) {
    inflateEnd(&zs);
    return raise_zlib_error(zs, err, "preparing to decompress data");
  }
  std::string out;
  out.reserve(size_t(bufsize ? bufsize : 1));
  const uint8_t* p = in.data;
  int64_t left = in.len;
  do {
    uInt chunk = left > UINT_MAX ? UINT_MAX : uInt(left);
    zs.next_in = const_cast<Bytef*>(p);
    zs.avail_in = chunk;
    p += chunk;
    left -= chunk;
    int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    err = pump(&zs, &out, 0, [&] { return inflate(&zs, flush); });
    if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
      inflateEnd(&zs);
      if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Out of memory while decompressing data");
      return raise_zlib_error(zs, err, "decompressing data");
    }
  } while (err != Z_STREAM_END && left > 0);
  if (err != Z_STREAM_END) {
    inflateEnd(&zs);
    return raise_zlib_error(zs, err, "decompressing data");
  }
  inflateEnd(&zs);
  return bytes_of(out);
}

// --- checksums ---------------------------------------------------------------------------

template <bool Crc>
Ref z_checksum(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  const char* name = Crc ? "crc32" : "adler32";
  Value data, start = Value::small_int(Crc ? 0 : 1);
  if (!bind_args(name, args, nargs, kwnames, {"", "", "/"}, 1, {&data, &start})) return nullptr;
  // The start value is taken modulo 2**32, as CPython's unsigned int converter.
  Ref masked = binary_op(start, Value::small_int(0xffffffff), BinOp::And);
  if (!masked) return nullptr;
  auto v = index_as_int64(masked.get());
  if (!v) return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  uLong value = uLong(*v);
  const uint8_t* p = in.data;
  int64_t left = in.len;
  while (left > 0) {
    uInt chunk = left > (1 << 30) ? (1u << 30) : uInt(left);
    value = Crc ? crc32(value, p, chunk) : adler32(value, p, chunk);
    p += chunk;
    left -= chunk;
  }
  return make_int(int64_t(value & 0xffffffffu));
}

// --- Compress and Decompress objects --------------------------------------------------------

Type CompressType;
Type DecompressType;

struct ZStreamObject : Object {
  z_stream* zs;       // null once ended (after flush(Z_FINISH) for a Compress)
  bool decompress;
  bool eof;
  Value unused_data;      // owned bytes
  Value unconsumed_tail;  // owned bytes
  Value zdict;            // owned, or null
};

ZStreamObject* as_zstream(Value v) { return v.as<ZStreamObject>(); }

void zstream_end(ZStreamObject* z) {
  if (!z->zs) return;
  if (z->decompress) inflateEnd(z->zs);
  else deflateEnd(z->zs);
  delete z->zs;
  z->zs = nullptr;
}

void zstream_dealloc(Object* o) {
  auto* z = static_cast<ZStreamObject*>(o);
  zstream_end(z);
  decref(z->unused_data);
  decref(z->unconsumed_tail);
  decref(z->zdict);
  free_object(o);
}

ZStreamObject* zstream_alloc(Type* t, bool decompress) {
  auto* z = alloc<ZStreamObject>(t);
  z->zs = new z_stream();
  std::memset(z->zs, 0, sizeof(z_stream));
  z->decompress = decompress;
  z->eof = false;
  z->unused_data = bytes_new("").into_ref().release();
  z->unconsumed_tail = bytes_new("").into_ref().release();
  z->zdict = Value();
  return z;
}

bool set_dictionary(ZStreamObject* z) {
  Buffer d;
  if (!buffer_get(z->zdict, &d)) return false;
  if (uint64_t(d.len) > UINT_MAX) {
    raise(&OverflowErrorType, "zdict length does not fit in an unsigned int");
    return false;
  }
  int err = z->decompress ? inflateSetDictionary(z->zs, d.data, uInt(d.len))
                          : deflateSetDictionary(z->zs, d.data, uInt(d.len));
  if (err != Z_OK) {
    raise_zlib_error(*z->zs, err, "setting zdict");
    return false;
  }
  return true;
}

Ref z_compressobj(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value levelv = Value::small_int(Z_DEFAULT_COMPRESSION), methodv = Value::small_int(Z_DEFLATED),
        wbitsv = Value::small_int(MAX_WBITS), memv = Value::small_int(8),
        strategyv = Value::small_int(Z_DEFAULT_STRATEGY), zdict = Value::none();
  if (!bind_args("compressobj", args, nargs, kwnames, {"level", "method", "wbits", "memLevel", "strategy", "zdict"},
                 0, {&levelv, &methodv, &wbitsv, &memv, &strategyv, &zdict}))
    return nullptr;
  int level, method, wbits, mem, strategy;
  if (!int_arg(levelv, &level) || !int_arg(methodv, &method) || !int_arg(wbitsv, &wbits) || !int_arg(memv, &mem) ||
      !int_arg(strategyv, &strategy))
    return nullptr;
  if (!zdict.is_none() && !is_bytes_like(zdict))
    return raise(&TypeErrorType, "zdict argument must support the buffer protocol");
  ZStreamObject* z = zstream_alloc(&CompressType, false);
  Ref out = Ref::steal(z);
  int err = deflateInit2(z->zs, level, method, wbits, mem, strategy);
  if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Can't allocate memory for compression object");
  if (err == Z_STREAM_ERROR) {
    delete z->zs;
    z->zs = nullptr;
    return raise(&ValueErrorType, "Invalid initialization option");
  }
  if (err != Z_OK) return raise_zlib_error(*z->zs, err, "creating compression object");
  if (!zdict.is_none()) {
    incref(zdict);
    z->zdict = zdict;
    if (!set_dictionary(z)) return nullptr;
  }
  return out;
}

Ref z_decompressobj(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value wbitsv = Value::small_int(MAX_WBITS), zdict = Value();
  if (!bind_args("decompressobj", args, nargs, kwnames, {"wbits", "zdict"}, 0, {&wbitsv, &zdict})) return nullptr;
  int wbits;
  if (!int_arg(wbitsv, &wbits)) return nullptr;
  if (zdict && !is_bytes_like(zdict)) return raise(&TypeErrorType, "zdict argument must support the buffer protocol");
  ZStreamObject* z = zstream_alloc(&DecompressType, true);
  Ref out = Ref::steal(z);
  int err = inflateInit2(z->zs, wbits);
  if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Can't allocate memory for decompression object");
  if (err == Z_STREAM_ERROR) {
    delete z->zs;
    z->zs = nullptr;
    return raise(&ValueErrorType, "Invalid initialization option");
  }
  if (err != Z_OK) return raise_zlib_error(*z->zs, err, "creating decompression object");
  if (zdict) {
    incref(zdict);
    z->zdict = zdict;
    // A raw stream (negative wbits) takes its dictionary now; others when zlib asks.
    if (wbits < 0 && !set_dictionary(z)) return nullptr;
  }
  return out;
}

bool check_stream(ZStreamObject* z, const char* what) {
  if (z->zs) return true;
  z_stream dead;
  std::memset(&dead, 0, sizeof dead);
  raise_zlib_error(dead, Z_STREAM_ERROR, what);
  return false;
}

Ref compress_compress(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("compress", args, nargs, kwnames, {"", "/"}, 1, {&data})) return nullptr;
  ZStreamObject* z = as_zstream(self);
  Buffer in;
  if (!buffer_get(data, &in) || !check_stream(z, "compressing data")) return nullptr;
  std::string out;
  const uint8_t* p = in.data;
  int64_t left = in.len;
  do {
    uInt chunk = left > UINT_MAX ? UINT_MAX : uInt(left);
    z->zs->next_in = const_cast<Bytef*>(p);
    z->zs->avail_in = chunk;
    p += chunk;
    left -= chunk;
    int err = pump(z->zs, &out, 0, [&] { return deflate(z->zs, Z_NO_FLUSH); });
    if (err == Z_STREAM_ERROR) return raise_zlib_error(*z->zs, err, "compressing data");
  } while (left > 0);
  return bytes_of(out);
}

Ref compress_flush(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value modev = Value::small_int(Z_FINISH);
  if (!bind_args("flush", args, nargs, kwnames, {"mode", "/"}, 0, {&modev})) return nullptr;
  int mode;
  if (!int_arg(modev, &mode)) return nullptr;
  if (mode == Z_NO_FLUSH) return bytes_of("");
  ZStreamObject* z = as_zstream(self);
  if (!check_stream(z, "flushing")) return nullptr;
  std::string out;
  z->zs->avail_in = 0;
  int err = pump(z->zs, &out, 0, [&] { return deflate(z->zs, mode); });
  if (err == Z_STREAM_END && mode == Z_FINISH) {
    zstream_end(z);  // the stream is done: a further compress() is an error, as CPython's
  } else if (err != Z_OK && err != Z_BUF_ERROR) {
    return raise_zlib_error(*z->zs, err, "flushing");
  }
  return bytes_of(out);
}

Ref zstream_copy(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("copy", nargs, 0, 0)) return nullptr;
  ZStreamObject* z = as_zstream(self);
  if (!z->zs) return raise(&ValueErrorType, "Inconsistent stream state");
  ZStreamObject* c = zstream_alloc(type_of(self), z->decompress);
  Ref out = Ref::steal(c);
  int err = z->decompress ? inflateCopy(c->zs, z->zs) : deflateCopy(c->zs, z->zs);
  if (err != Z_OK) {
    delete c->zs;
    c->zs = nullptr;
    if (err == Z_STREAM_ERROR) return raise(&ValueErrorType, "Inconsistent stream state");
    if (err == Z_MEM_ERROR) return raise(&MemoryErrorType, "Can't allocate memory for compression object");
    return raise_zlib_error(*z->zs, err, "copying compression object");
  }
  c->eof = z->eof;
  incref(z->unused_data), incref(z->unconsumed_tail), incref(z->zdict);
  set_owned(&c->unused_data, z->unused_data);
  set_owned(&c->unconsumed_tail, z->unconsumed_tail);
  c->zdict = z->zdict;
  return out;
}

// After an inflate: input past the end of the stream joins unused_data; input left over
// because max_length stopped the output is the unconsumed_tail.
void save_unconsumed(ZStreamObject* z, int err) {
  z_stream* zs = z->zs;
  if (err == Z_STREAM_END && zs->avail_in > 0) {
    std::string joined(z->unused_data.as<Bytes>()->view());
    joined.append(reinterpret_cast<const char*>(zs->next_in), zs->avail_in);
    set_owned(&z->unused_data, bytes_new(joined).into_ref().release());
    zs->avail_in = 0;
  }
  if (zs->avail_in > 0 || z->unconsumed_tail.as<Bytes>()->size > 0) {
    std::string tail(reinterpret_cast<const char*>(zs->next_in), zs->avail_in);
    set_owned(&z->unconsumed_tail, bytes_new(tail).into_ref().release());
  }
}

// inflate with `flush`, feeding the stream's dictionary when zlib asks for it.
int inflate_step(ZStreamObject* z, int flush, bool* dict_failed) {
  int err = inflate(z->zs, flush);
  if (err == Z_NEED_DICT && !z->zdict.is_null()) {
    if (!set_dictionary(z)) {
      *dict_failed = true;
      return Z_NEED_DICT;
    }
    err = inflate(z->zs, flush);
  }
  return err;
}

Ref decompress_decompress(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, maxv = Value::small_int(0);
  if (!bind_args("decompress", args, nargs, kwnames, {"", "/", "max_length"}, 1, {&data, &maxv})) return nullptr;
  int64_t max_length;
  if (!ssize_arg(maxv, &max_length)) return nullptr;
  if (max_length < 0) return raise(&ValueErrorType, "max_length must be non-negative");
  ZStreamObject* z = as_zstream(self);
  Buffer in;
  if (!buffer_get(data, &in) || !check_stream(z, "decompressing data")) return nullptr;
  std::string out;
  const uint8_t* p = in.data;
  int64_t left = in.len;
  int err = Z_OK;
  bool dict_failed = false;
  do {
    uInt chunk = left > UINT_MAX ? UINT_MAX : uInt(left);
    z->zs->next_in = const_cast<Bytef*>(p);
    z->zs->avail_in = chunk;
    p += chunk;
    left -= chunk;
    err = pump(z->zs, &out, max_length, [&] { return inflate_step(z, Z_SYNC_FLUSH, &dict_failed); });
    if (dict_failed) return nullptr;
    if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) break;
    if (max_length > 0 && int64_t(out.size()) >= max_length) break;
  } while (err != Z_STREAM_END && left > 0);
  // Input not handed to zlib yet (a cap or the end stopped it) counts as unconsumed too.
  if (left > 0) {
    std::string rest(reinterpret_cast<const char*>(z->zs->next_in), z->zs->avail_in);
    rest.append(reinterpret_cast<const char*>(p), size_t(left));
    if (err == Z_STREAM_END) {
      std::string joined(z->unused_data.as<Bytes>()->view());
      set_owned(&z->unused_data, bytes_new(joined + rest).into_ref().release());
      set_owned(&z->unconsumed_tail, bytes_new("").into_ref().release());
    } else {
      set_owned(&z->unconsumed_tail, bytes_new(rest).into_ref().release());
    }
  } else {
    save_unconsumed(z, err);
  }
  if (err == Z_STREAM_END) {
    z->eof = true;
  } else if (err != Z_OK && err != Z_BUF_ERROR) {
    return raise_zlib_error(*z->zs, err, "decompressing data");
  }
  return bytes_of(out);
}

Ref decompress_flush(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value lengthv = Value::small_int(kDefBufSize);
  if (!bind_args("flush", args, nargs, kwnames, {"length", "/"}, 0, {&lengthv})) return nullptr;
  int64_t length;
  if (!ssize_arg(lengthv, &length)) return nullptr;
  if (length <= 0) return raise(&ValueErrorType, "length must be greater than zero");
  ZStreamObject* z = as_zstream(self);
  if (!check_stream(z, "flushing")) return nullptr;
  Bytes* tail = z->unconsumed_tail.as<Bytes>();
  Ref keep = Ref::borrow(z->unconsumed_tail);
  z->zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(tail->view().data()));
  z->zs->avail_in = uInt(tail->size);
  std::string out;
  out.reserve(size_t(length));
  bool dict_failed = false;
  int err = pump(z->zs, &out, 0, [&] { return inflate_step(z, Z_FINISH, &dict_failed); });
  if (dict_failed) return nullptr;
  save_unconsumed(z, err);
  if (err == Z_STREAM_END) {
    z->eof = true;
    zstream_end(z);  // as CPython's: the stream is finished and released
  } else if (err != Z_OK && err != Z_BUF_ERROR) {
    return raise_zlib_error(*z->zs, err, "flushing");
  }
  return bytes_of(out);
}

Ref get_unused_data(Value self) { return Ref::borrow(as_zstream(self)->unused_data); }
Ref get_unconsumed_tail(Value self) { return Ref::borrow(as_zstream(self)->unconsumed_tail); }
Ref get_eof(Value self) { return Ref::boolean(as_zstream(self)->eof); }

const MethodDef compress_methods[] = {
    {"compress", compress_compress, 0, "Returns a bytes object containing compressed data."},
    {"flush", compress_flush, 0, "Return a bytes object containing any remaining compressed data."},
    {"copy", zstream_copy, 0, "Return a copy of the compression object."},
    {"__copy__", zstream_copy, 0, nullptr},
    {nullptr}};

const MethodDef decompress_methods[] = {
    {"decompress", decompress_decompress, 0, "Return a bytes object containing the decompressed version of the data."},
    {"flush", decompress_flush, 0, "Return a bytes object containing any remaining decompressed data."},
    {"copy", zstream_copy, 0, "Return a copy of the decompression object."},
    {"__copy__", zstream_copy, 0, nullptr},
    {nullptr}};

const GetSetDef decompress_getsets[] = {
    {"unused_data", get_unused_data, nullptr, nullptr},
    {"unconsumed_tail", get_unconsumed_tail, nullptr, nullptr},
    {"eof", get_eof, nullptr, nullptr},
    {nullptr}};

const MethodDef zlib_functions[] = {
    {"compress", z_compress, 0, "Returns a bytes object containing compressed data."},
    {"decompress", z_decompress, 0, "Returns a bytes object containing the uncompressed data."},
    {"compressobj", z_compressobj, 0, "Return a compressor object."},
    {"decompressobj", z_decompressobj, 0, "Return a decompressor object."},
    {"crc32", z_checksum<true>, 0, "Compute a CRC-32 checksum of data."},
    {"adler32", z_checksum<false>, 0, "Compute an Adler-32 checksum of data."},
    {nullptr}};

void init_zlib_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(CompressType, "zlib.Compress", sizeof(ZStreamObject), &ObjectType, kTypeDisallowInstantiation);
  CompressType.dealloc = zstream_dealloc;
  CompressType.methods = compress_methods;
  ready_type(&CompressType);
  static_type_init(DecompressType, "zlib.Decompress", sizeof(ZStreamObject), &ObjectType,
                   kTypeDisallowInstantiation);
  DecompressType.dealloc = zstream_dealloc;
  DecompressType.methods = decompress_methods;
  DecompressType.getsets = decompress_getsets;
  ready_type(&DecompressType);
}

}  // namespace

Ref create_zlib_module() {
  init_zlib_types();
  Own<Module> m = module_new("zlib");
  if (!module_add_functions(m.get(), zlib_functions)) return nullptr;
  struct IntConst {
    const char* name;
    int value;
  };
#define C(n) {#n, n}
  static const IntConst kConstants[] = {
      C(MAX_WBITS), {"DEFLATED", Z_DEFLATED}, {"DEF_MEM_LEVEL", 8}, {"DEF_BUF_SIZE", kDefBufSize},
      C(Z_NO_COMPRESSION), C(Z_BEST_SPEED), C(Z_BEST_COMPRESSION), C(Z_DEFAULT_COMPRESSION),
      C(Z_FILTERED), C(Z_HUFFMAN_ONLY), C(Z_RLE), C(Z_FIXED), C(Z_DEFAULT_STRATEGY),
      C(Z_NO_FLUSH), C(Z_PARTIAL_FLUSH), C(Z_SYNC_FLUSH), C(Z_FULL_FLUSH), C(Z_FINISH),
      C(Z_BLOCK), C(Z_TREES)};
#undef C
  for (const IntConst& c : kConstants) {
    if (!module_add(m.get(), c.name, Value::small_int(c.value))) return nullptr;
  }
  Ref version = new_str(ZLIB_VERSION), runtime_version = new_str(zlibVersion());
  if (!module_add(m.get(), "ZLIB_VERSION", version.get()) ||
      !module_add(m.get(), "ZLIB_RUNTIME_VERSION", runtime_version.get()) ||
      !module_add(m.get(), "error", Value::from_obj(zlib_error_type())) ||
      !module_add(m.get(), "Compress", Value::from_obj(&CompressType)) ||
      !module_add(m.get(), "Decompress", Value::from_obj(&DecompressType)))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
