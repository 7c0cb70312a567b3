// runtime/memoryview.cpp: the memoryview type (runtime/memoryview.h): construction,
// indexing and slicing into new views, item and slice assignment through a writable
// view, tobytes/tolist/hex/cast/toreadonly, release and the context manager, comparison
// by unpacked items, hashing of read-only views, iteration, and its own buffer export,
// with CPython 3.11's messages.
#include "runtime/memoryview.h"

#include "runtime/float.h"

#include <cstring>
#include <new>
#include <string>

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/bytes.h"
#include "runtime/bytes_methods.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type MemoryViewType;
Type MemoryIterType;

static MemoryView* MV(Value v) { return v.as<MemoryView>(); }

static bool check_released(MemoryView* m) {
  if (m->released) {
    raise(&ValueErrorType, "operation forbidden on released memoryview object");
    return false;
  }
  return true;
}

// The item format without its optional '@' ('B', 'b' or 'c').
static char item_format(const MemoryView* m) { return m->format[0] == '@' ? m->format[1] : m->format[0]; }

static uint8_t* item_ptr(MemoryView* m, int64_t i) { return m->source.data + m->offset + i * m->stride; }

static int64_t item_size(const MemoryView* m) { return m->itemsize > 1 ? m->itemsize : 1; }

// CPython's C-contiguity flag of a 1-D view (so a strided empty view is not contiguous).
static bool is_contiguous(const MemoryView* m) { return m->stride == item_size(m) || m->length == 1; }

// An item wider than a byte (a view cast to 'I', 'q', 'd'...), read as the native type.
static Ref unpack_wide(char fmt, const uint8_t* p) {
  auto get = [p](auto v) {
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  switch (fmt) {
    case '?': return Ref::boolean(*p != 0);
    case 'h': return make_int(get(int16_t()));
    case 'H': return make_int(get(uint16_t()));
    case 'i': return make_int(get(int32_t()));
    case 'I': return make_int(get(uint32_t()));
    case 'l': case 'q': case 'n': return make_int(get(int64_t()));
    case 'L': case 'Q': case 'N': case 'P': return make_int_u64(get(uint64_t()));
    case 'f': return make_float(get(float()));
    case 'd': return make_float(get(double()));
  }
  return raisef(&NotImplementedErrorType, "memoryview: format %c not supported", fmt);
}

static Ref unpack_item(char fmt, uint8_t byte);
static Ref unpack_at(MemoryView* m, int64_t i) {
  if (item_size(m) > 1) return unpack_wide(m->format[0] == '@' ? m->format[1] : m->format[0], item_ptr(m, i));
  char fmt = m->format[0] == '@' ? m->format[1] : m->format[0];
  return unpack_item(fmt, *item_ptr(m, i));
}

static bool check_byte_items(const MemoryView* m) {
  if (item_size(m) == 1) return true;
  raise(&NotImplementedErrorType, "memoryview: slicing and writing views of items wider than a byte is not supported");
  return false;
}

static Ref unpack_item(char fmt, uint8_t byte) {
  if (fmt == 'c') return bytes_new(std::string_view(reinterpret_cast<const char*>(&byte), 1)).into_ref();
  if (fmt == 'b') return Ref::steal(Value::small_int(int8_t(byte)));
  return Ref::steal(Value::small_int(byte));
}

// A new view over the same export source as `like` (obj exported again), with the
// given window.
static Ref view_like(MemoryView* like, int64_t offset, int64_t length, int64_t stride, bool readonly,
                     const char* format) {
  auto* m = alloc<MemoryView>(&MemoryViewType);
  Ref hold = Ref::steal(Value::from_obj(m));
  new (&m->source) Buffer();
  if (!buffer_get(like->source.owner(), &m->source, kBufferStrided)) {
    m->released = true;
    return nullptr;
  }
  // The exporter cannot have moved its data meanwhile: `like` still holds an export.
  m->offset = offset + (like->source.data - m->source.data);
  m->length = length;
  m->stride = stride;
  m->hash = -1;
  m->readonly = readonly;
  std::strncpy(m->format, format, sizeof(m->format) - 1);
  m->itemsize = std::strcmp(format, like->format) == 0 ? like->itemsize : 0;
  return hold;
}

Ref memoryview_new(Value obj) {
  if (is_memoryview(obj)) {
    MemoryView* src = MV(obj);
    if (!check_released(src)) return nullptr;
    return view_like(src, src->offset, src->length, src->stride, src->readonly, src->format);
  }
  if (!is_bytes_like(obj))
    return raisef(&TypeErrorType, "memoryview: a bytes-like object is required, not '%s'", type_name(obj));
  auto* m = alloc<MemoryView>(&MemoryViewType);
  Ref hold = Ref::steal(Value::from_obj(m));
  new (&m->source) Buffer();
  if (!buffer_get(obj, &m->source, kBufferStrided)) {
    m->released = true;
    return nullptr;
  }
  m->offset = 0;
  m->length = m->source.len;
  m->stride = m->source.stride;
  m->hash = -1;
  m->readonly = m->source.readonly;
  m->format[0] = m->source.format;
  return hold;
}

static Ref memoryview_new_slot(Type*, const Value* args, size_t nargs, Tuple* kw) {
  Value obj;
  if (!bind_args("memoryview", args, nargs, kw, {"object"}, 1, {&obj})) return nullptr;
  return memoryview_new(obj);
}

// The items, in order, as bytes.
static std::string view_bytes(MemoryView* m) {
  if (item_size(m) > 1) return std::string(reinterpret_cast<const char*>(item_ptr(m, 0)), size_t(m->length * item_size(m)));
  std::string out(size_t(m->length), '\0');
  for (int64_t i = 0; i < m->length; i++) out[size_t(i)] = char(*item_ptr(m, i));
  return out;
}

static void release_source(MemoryView* m) {
  if (m->released) return;
  m->released = true;
  m->source.release();
}

static void memoryview_dealloc(Object* o) {
  MemoryView* m = static_cast<MemoryView*>(o);
  release_source(m);
  m->source.~Buffer();
  free_object(o);
}

static void memoryview_traverse(Object* o, VisitFn visit, void* ctx) {
  MemoryView* m = static_cast<MemoryView*>(o);
  if (!m->released && m->source.held()) visit(m->source.owner(), ctx);
}

// Breaking a cycle: whatever holds buffers of this view is garbage too.
static void memoryview_clear(Object* o) { release_source(static_cast<MemoryView*>(o)); }

// ---------------------------------------------------------------------------------------
// Buffer export

static bool memoryview_getbuffer(Value self, Buffer* view, int flags) {
  MemoryView* m = MV(self);
  if (!check_released(m)) return false;
  if ((flags & kBufferWritable) && m->readonly) {
    raise(&BufferErrorType, "memoryview: underlying buffer is not writable");
    return false;
  }
  if (!(flags & kBufferStrided) && !is_contiguous(m)) {
    raise(&BufferErrorType, "memoryview: underlying buffer is not C-contiguous");
    return false;
  }
  view->data = m->source.data + m->offset;
  view->len = m->length * item_size(m);  // (wide items are exported as their bytes)
  view->stride = m->length <= 1 || item_size(m) > 1 ? 1 : m->stride;
  view->readonly = m->readonly;
  view->format = item_size(m) > 1 ? 'B' : item_format(m);
  m->exports++;
  return true;
}
static void memoryview_releasebuffer(Value self, Buffer*) { MV(self)->exports--; }
static const BufferSlots memoryview_buffer = {memoryview_getbuffer, memoryview_releasebuffer};

// ---------------------------------------------------------------------------------------
// Slots

static Ref memoryview_repr(Value self) {
  MemoryView* m = MV(self);
  return str_from_utf8(strfmt(m->released ? "<released memory at %p>" : "<memory at %p>", static_cast<void*>(m)))
      .into_ref();
}

static int64_t memoryview_len(Value self) {
  MemoryView* m = MV(self);
  if (!check_released(m)) return -1;
  return m->length;
}

static bool is_index_like(Value v) {
  if (v.is_small_int() || is_int(v)) return true;
  Type* t = type_of(v);
  return t->number && t->number->index;
}

// An index into the view, bounds-checked; -1 with an error pending.
static int64_t view_index(MemoryView* m, Value key) {
  auto i = index_as_int64(key);
  if (!i) {
    if (error_matches(&OverflowErrorType)) {
      clear_error();
      raisef(&IndexErrorType, "cannot fit '%s' into an index-sized integer", type_name(key));
    }
    return -1;
  }
  int64_t k = *i < 0 ? *i + m->length : *i;
  if (k < 0 || k >= m->length) {
    raise(&IndexErrorType, "index out of bounds on dimension 1");
    return -1;
  }
  return k;
}

// Resolves key to one item index (ints and 1-tuples of ints). Returns -1 with an error
// pending, or -2 (no error) when key is a slice.
static int64_t resolve_key(MemoryView* m, Value key) {
  if (key.is_obj() && key.obj()->type == &SliceType) return -2;
  if (is_index_like(key)) return view_index(m, key);
  if (is_tuple(key)) {
    Tuple* t = key.as<Tuple>();
    bool all_index = true;
    for (int64_t i = 0; i < t->size; i++) all_index = all_index && is_index_like(t->items[i]);
    if (t->size == 0) {
      raise(&NotImplementedErrorType, "sub-views are not implemented");
      return -1;
    }
    if (!all_index) {
      bool slices = true;
      for (int64_t i = 0; i < t->size; i++)
        slices = slices && t->items[i].is_obj() && t->items[i].obj()->type == &SliceType;
      if (slices) raise(&NotImplementedErrorType, "multi-dimensional slicing is not implemented");
      else raise(&TypeErrorType, "memoryview: invalid slice key");
      return -1;
    }
    if (t->size != 1) {
      raisef(&TypeErrorType, "cannot index 1-dimension view with %lld-element tuple", (long long)t->size);
      return -1;
    }
    return view_index(m, t->items[0]);
  }
  raise(&TypeErrorType, "memoryview: invalid slice key");
  return -1;
}

static Ref memoryview_getitem(Value self, Value key) {
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  int64_t i = resolve_key(m, key);
  if (i == -1) return nullptr;
  if (i >= 0) {
    if (!check_released(m)) return nullptr;  // the key's __index__ may have released it
    return unpack_at(m, i);
  }
  if (!check_byte_items(m)) return nullptr;
  Ref bounds = slice_with_int_bounds(key.as<Slice>());
  if (!bounds) return nullptr;
  if (!check_released(m)) return nullptr;  // an __index__ may have released it
  int64_t start, stop, step;
  int64_t n = slice_adjust(bounds.as<Slice>(), m->length, &start, &stop, &step);
  if (n < 0) return nullptr;
  return view_like(m, m->offset + start * m->stride, n, m->stride * step, m->readonly, m->format);
}

// Packs a Python value into one item of format fmt.
static bool pack_item(char fmt, Value v, uint8_t* out) {
  if (fmt == 'c') {
    if (!(v.is_obj() && is_subtype(type_of(v), &BytesType))) {
      raise(&TypeErrorType, "memoryview: invalid type for format 'c'");
      return false;
    }
    Bytes* b = v.as<Bytes>();
    if (b->size != 1) {
      raise(&ValueErrorType, "memoryview: invalid value for format 'c'");
      return false;
    }
    *out = uint8_t(b->data[0]);
    return true;
  }
  if (!is_index_like(v)) {
    raisef(&TypeErrorType, "memoryview: invalid type for format '%c'", fmt);
    return false;
  }
  auto x = index_as_int64_clamped(v);
  if (!x) return false;
  bool ok = fmt == 'b' ? (*x >= -128 && *x <= 127) : (*x >= 0 && *x <= 255);
  if (!ok) {
    raisef(&ValueErrorType, "memoryview: invalid value for format '%c'", fmt);
    return false;
  }
  *out = uint8_t(*x);
  return true;
}

static int memoryview_setitem(Value self, Value key, Value v) {
  MemoryView* m = MV(self);
  if (!check_released(m)) return -1;
  if (m->readonly) {
    raise(&TypeErrorType, "cannot modify read-only memory");
    return -1;
  }
  if (!v) {
    raise(&TypeErrorType, "cannot delete memory");
    return -1;
  }
  if (!check_byte_items(m)) return -1;
  int64_t i = resolve_key(m, key);
  if (i == -1) return -1;
  if (i >= 0) {
    uint8_t byte;
    if (!pack_item(item_format(m), v, &byte)) return -1;
    if (!check_released(m)) return -1;
    *item_ptr(m, i) = byte;
    return 0;
  }
  Ref bounds = slice_with_int_bounds(key.as<Slice>());
  if (!bounds) return -1;
  int64_t start, stop, step;
  int64_t n = slice_adjust(bounds.as<Slice>(), m->length, &start, &stop, &step);
  if (n < 0) return -1;
  Buffer src;
  if (!buffer_get(v, &src, kBufferStrided)) return -1;
  if (!check_released(m)) return -1;
  if (src.len != n || src.format != item_format(m)) {
    raise(&ValueErrorType, "memoryview assignment: lvalue and rvalue have different structures");
    return -1;
  }
  std::string bytes = buffer_to_string(src);  // the two may overlap (m[:] = m[::-1])
  for (int64_t k = 0; k < n; k++) *item_ptr(m, start + k * step) = uint8_t(bytes[size_t(k)]);
  return 0;
}

// The value of item i of a Buffer of format fmt, for comparisons between formats.
static int64_t item_value(char fmt, uint8_t byte) { return fmt == 'b' ? int64_t(int8_t(byte)) : int64_t(byte); }

static Ref memoryview_richcompare(Value a, Value b, CompareOp op) {
  if (op != CompareOp::Eq && op != CompareOp::Ne) return Ref::borrow(not_implemented());
  bool eq;
  if (a == b) {
    eq = true;
  } else {
    Value self = is_memoryview(a) ? a : b;
    Value other = self == a ? b : a;
    if ((is_memoryview(self) && MV(self)->released) || (is_memoryview(other) && MV(other)->released)) {
      eq = false;
    } else if (!is_bytes_like(other)) {
      return Ref::borrow(not_implemented());
    } else {
      Buffer x, y;
      if (!buffer_get(self, &x, kBufferStrided)) return nullptr;
      if (!buffer_get(other, &y, kBufferStrided)) {
        clear_error();
        return Ref::borrow(not_implemented());
      }
      eq = x.len == y.len;
      // 'c' items are bytes and 'B'/'b' items ints: they never compare equal.
      bool cx = x.format == 'c', cy = y.format == 'c';
      if (eq && x.len > 0 && cx != cy) eq = false;
      for (int64_t i = 0; eq && i < x.len; i++) {
        if (cx) eq = x.at(i) == y.at(i);
        else eq = item_value(x.format, x.at(i)) == item_value(y.format, y.at(i));
      }
    }
  }
  return Ref::boolean(op == CompareOp::Eq ? eq : !eq);
}

static int64_t memoryview_hash(Value self) {
  MemoryView* m = MV(self);
  if (m->hash != -1) return m->hash;
  if (!check_released(m)) return -1;
  if (!m->readonly) {
    raise(&ValueErrorType, "cannot hash writable memoryview object");
    return -1;
  }
  if (hash(m->source.owner()) == -1) return -1;  // an unhashable exporter stays unhashable
  std::string bytes = view_bytes(m);
  m->hash = hash_bytes(bytes.data(), bytes.size());
  return m->hash;
}

// ---------------------------------------------------------------------------------------
// Methods

static bool no_args(const char* name, size_t nargs, Tuple* kw) {
  if (kw && kw->size > 0) {
    raisef(&TypeErrorType, "memoryview.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs) {
    raisef(&TypeErrorType, "memoryview.%s() takes no arguments (%zu given)", name, nargs);
    return false;
  }
  return true;
}

static Ref m_tobytes(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value order = Value::none();
  if (!bind_args("tobytes", args, nargs, kw, {"order"}, 0, {&order})) return nullptr;
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  if (!order.is_none()) {
    if (!is_str(order))
      return raisef(&TypeErrorType, "tobytes() argument 'order' must be str or None, not %s", type_name(order));
    std::string o = str_to_utf8(order.as<Str>());
    if (o != "C" && o != "F" && o != "A") return raise(&ValueErrorType, "order must be 'C', 'F' or 'A'");
  }
  return bytes_new(view_bytes(m)).into_ref();
}

static Ref m_tolist(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!no_args("tolist", nargs, kw)) return nullptr;
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  Own<List> l = list_new(0);
  for (int64_t i = 0; i < m->length; i++) {
    Ref item = unpack_at(m, i);
    if (!item) return nullptr;
    list_append(l.get(), item.get());
  }
  return l.into_ref();
}

static Ref m_hex(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[2] = {Value(), Value()};
  if (!str_args_kw("hex", args, nargs, kw, {"sep", "bytes_per_sep"}, out)) return nullptr;
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  Ref count;
  if (out[1]) {
    auto g = clinic_int_arg(out[1]);
    if (!g) return nullptr;
    count = make_int(*g);
  }
  if (!check_released(m)) return nullptr;
  return bytes_hex_text(view_bytes(m), out[0], count.get());
}

static Ref m_release(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!no_args("release", nargs, kw)) return nullptr;
  MemoryView* m = MV(self);
  if (m->exports > 0)
    return raisef(&BufferErrorType, "memoryview has %lld exported buffer%s", (long long)m->exports,
                  m->exports == 1 ? "" : "s");
  release_source(m);
  return Ref::none();
}

static Ref m_enter(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!no_args("__enter__", nargs, kw)) return nullptr;
  if (!check_released(MV(self))) return nullptr;
  return Ref::borrow(self);
}

static Ref m_exit(Value self, const Value*, size_t, Tuple*) { return m_release(self, nullptr, 0, nullptr); }

static Ref m_toreadonly(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!no_args("toreadonly", nargs, kw)) return nullptr;
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  return view_like(m, m->offset, m->length, m->stride, true, m->format);
}

static Ref m_cast(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value format, shape;
  if (!bind_args("cast", args, nargs, kw, {"format", "shape"}, 1, {&format, &shape})) return nullptr;
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  if (!is_str(format))
    return raisef(&TypeErrorType, "cast() argument 'format' must be str, not %s", type_name(format));
  if (!is_contiguous(m))
    return raise(&TypeErrorType, "memoryview: casts are restricted to C-contiguous views");
  std::string f = str_to_utf8(format.as<Str>());
  std::string_view code = f;
  if (!code.empty() && code[0] == '@') code.remove_prefix(1);
  static const std::string_view kNative = "?bBhHiIlLqQnNfdeP";
  bool single = code.size() == 1;
  if (!single || (kNative.find(code[0]) == std::string_view::npos && code[0] != 'c'))
    return raise(&ValueErrorType,
                 "memoryview: destination format must be a native single character format prefixed with an "
                 "optional '@'");
  if (code[0] != 'B' && code[0] != 'b' && code[0] != 'c') {
    static const std::string_view kSizes = "?1h2H2i4I4l8L8q8Q8n8N8f4d8e2P8";
    size_t at = kSizes.find(code[0]);
    int64_t itemsize = at == std::string_view::npos ? 1 : kSizes[at + 1] - '0';
    if (m->length % itemsize != 0) return raise(&TypeErrorType, "memoryview: length is not a multiple of itemsize");
    if (item_size(m) != 1 || code[0] == 'e' || shape)
      return raisef(&NotImplementedErrorType, "memoryview: cast to format '%s' is not supported", f.c_str());
    Ref wide = view_like(m, m->offset, m->length / itemsize, itemsize, m->readonly, f.c_str());
    if (wide) MV(wide.get())->itemsize = itemsize;
    return wide;
  }
  if (shape) {
    Ref dims = sequence_tuple(shape);
    if (!dims) return nullptr;
    Tuple* t = dims.as<Tuple>();
    if (t->size != 1 || !is_index_like(t->items[0]) || !t->items[0].is_small_int() ||
        t->items[0].small_int() != m->length)
      return raise(&NotImplementedErrorType, "memoryview: multi-dimensional casts are not supported");
  }
  return view_like(m, m->offset, m->length, m->length <= 1 ? 1 : m->stride, m->readonly, f.c_str());
}

static const MethodDef memoryview_methods[] = {
    {"release", m_release, 0, "Release the underlying buffer exposed by the memoryview object."},
    {"tobytes", m_tobytes, 0, "Return the data in the buffer as a byte string."},
    {"hex", m_hex, 0, "Return the data in the buffer as a str of hexadecimal numbers."},
    {"tolist", m_tolist, 0, "Return the data in the buffer as a list of elements."},
    {"cast", m_cast, 0, "Cast a memoryview to a new format or shape."},
    {"toreadonly", m_toreadonly, 0, "Return a readonly version of the memoryview."},
    {"__enter__", m_enter, 0, nullptr},
    {"__exit__", m_exit, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------------
// Attributes (all refused once released)

#define GILPY_VIEW_GETTER(fn, expr)           \
  static Ref fn(Value self) {                 \
    MemoryView* m = MV(self);                 \
    if (!check_released(m)) return nullptr;   \
    return expr;                              \
  }
GILPY_VIEW_GETTER(get_obj, Ref::borrow(m->source.owner()))
GILPY_VIEW_GETTER(get_nbytes, make_int(m->length * item_size(m)))
GILPY_VIEW_GETTER(get_readonly, Ref::boolean(m->readonly))
GILPY_VIEW_GETTER(get_itemsize, make_int(item_size(m)))
GILPY_VIEW_GETTER(get_format, str_from_ascii(m->format).into_ref())
GILPY_VIEW_GETTER(get_ndim, make_int(1))
GILPY_VIEW_GETTER(get_shape, tuple_from({Value::small_int(m->length)}).into_ref())
GILPY_VIEW_GETTER(get_strides, tuple_from({Value::small_int(m->stride)}).into_ref())
GILPY_VIEW_GETTER(get_suboffsets, Ref::borrow(Value::from_obj(tuple_empty())))
GILPY_VIEW_GETTER(get_contiguous, Ref::boolean(is_contiguous(m)))
#undef GILPY_VIEW_GETTER

static const GetSetDef memoryview_getsets[] = {
    {"obj", get_obj, nullptr, "The underlying object of the memoryview."},
    {"nbytes", get_nbytes, nullptr, "The amount of space in bytes that the array would use in a contiguous representation."},
    {"readonly", get_readonly, nullptr, "A bool indicating whether the memory is read only."},
    {"itemsize", get_itemsize, nullptr, "The size in bytes of each element of the memoryview."},
    {"format", get_format, nullptr, "A string containing the format (in struct module style) for each element in the view."},
    {"ndim", get_ndim, nullptr, "An integer indicating how many dimensions of a multi-dimensional array the memory represents."},
    {"shape", get_shape, nullptr, "A tuple of ndim integers giving the shape of the memory as an N-dimensional array."},
    {"strides", get_strides, nullptr, "A tuple of ndim integers giving the size in bytes to access each element for each dimension of the array."},
    {"suboffsets", get_suboffsets, nullptr, "A tuple of integers used internally for PIL-style arrays."},
    {"c_contiguous", get_contiguous, nullptr, "A bool indicating whether the memory is C contiguous."},
    {"f_contiguous", get_contiguous, nullptr, "A bool indicating whether the memory is Fortran contiguous."},
    {"contiguous", get_contiguous, nullptr, "A bool indicating whether the memory is contiguous."},
    {nullptr, nullptr, nullptr, nullptr}};

// ---------------------------------------------------------------------------------------
// Iterator

struct MemoryIter : Object {
  MemoryView* view;  // owned; null when exhausted
  int64_t index;
};

static Ref memoryview_iter(Value self) {
  MemoryView* m = MV(self);
  if (!check_released(m)) return nullptr;
  auto* it = alloc<MemoryIter>(&MemoryIterType);
  incref(self);
  it->view = m;
  it->index = 0;
  return Ref::steal(Value::from_obj(it));
}

static Ref memory_iter_next(Value self) {
  auto* it = self.as<MemoryIter>();
  MemoryView* m = it->view;
  if (!m) return nullptr;
  if (!check_released(m)) return nullptr;
  if (it->index < m->length) return unpack_at(m, it->index++);
  it->view = nullptr;
  decref(m);
  return nullptr;
}

static Ref memory_iter_self(Value self) { return Ref::borrow(self); }
static void memory_iter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* it = static_cast<MemoryIter*>(o);
  if (it->view) visit(Value::from_obj(it->view), ctx);
}
static void memory_iter_clear(Object* o) {
  auto* it = static_cast<MemoryIter*>(o);
  MemoryView* m = it->view;
  it->view = nullptr;
  xdecref(m);
}
static void memory_iter_dealloc(Object* o) {
  memory_iter_clear(o);
  free_object(o);
}

void init_memoryview_type() {
  if (type_has(&MemoryViewType, kTypeReady)) return;
  static_type_init(MemoryViewType, "memoryview", sizeof(MemoryView), &ObjectType,
                   kTypeGc | kTypeMatchSequence);
  MemoryViewType.dealloc = memoryview_dealloc;
  MemoryViewType.traverse = memoryview_traverse;
  MemoryViewType.clear = memoryview_clear;
  MemoryViewType.repr = memoryview_repr;
  MemoryViewType.hash = memoryview_hash;
  MemoryViewType.richcompare = memoryview_richcompare;
  MemoryViewType.len = memoryview_len;
  MemoryViewType.getitem = memoryview_getitem;
  MemoryViewType.setitem = memoryview_setitem;
  MemoryViewType.iter = memoryview_iter;
  MemoryViewType.new_ = memoryview_new_slot;
  MemoryViewType.buffer = &memoryview_buffer;
  MemoryViewType.methods = memoryview_methods;
  MemoryViewType.getsets = memoryview_getsets;
  MemoryViewType.doc = "Create a new memoryview object which references the given object.";
  ready_type(&MemoryViewType);

  static_type_init(MemoryIterType, "memory_iterator", sizeof(MemoryIter), &ObjectType, kTypeGc);
  MemoryIterType.dealloc = memory_iter_dealloc;
  MemoryIterType.traverse = memory_iter_traverse;
  MemoryIterType.clear = memory_iter_clear;
  MemoryIterType.iter = memory_iter_self;
  MemoryIterType.iternext = memory_iter_next;
  ready_type(&MemoryIterType);
}

}  // namespace gilpy::rt
