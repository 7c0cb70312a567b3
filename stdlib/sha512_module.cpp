// stdlib/sha512_module.cpp: the _sha512 module: sha512 and sha384 hash objects (FIPS 180-4),
// CPython's lean built-in module that random.py imports to turn a str or bytes seed into
// an int (hashlib would be its fallback, and gilpy has no OpenSSL-backed _hashlib).
//
// A hash object keeps the eight 64-bit chaining words, a partial block of up to 128 bytes
// and the message length in bytes; digest() pads a copy, so update() may go on after it.
// sha384 is sha512 with other initial words, cut to 48 bytes.
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

constexpr size_t kBlock = 128;

const uint64_t kRoundConstants[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

const uint64_t kInit512[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                              0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                              0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
const uint64_t kInit384[8] = {0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
                              0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
                              0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL};

Type Sha512Type;
Type Sha384Type;

struct ShaState {
  uint64_t h[8];
  uint64_t length;  // bytes hashed so far (the message length in bits fits 2**67: fine below 2**61 bytes)
  uint8_t block[kBlock];
  size_t fill;  // bytes waiting in block
};

struct ShaObject : Object {
  ShaState s;
  int digest_size;  // 64 or 48
};

inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

void compress(ShaState* s, const uint8_t* p) {
  uint64_t w[80];
  for (int i = 0; i < 16; i++) {
    uint64_t v = 0;
    for (int j = 0; j < 8; j++) v = (v << 8) | p[i * 8 + j];
    w[i] = v;
  }
  for (int i = 16; i < 80; i++) {
    uint64_t s0 = rotr(w[i - 15], 1) ^ rotr(w[i - 15], 8) ^ (w[i - 15] >> 7);
    uint64_t s1 = rotr(w[i - 2], 19) ^ rotr(w[i - 2], 61) ^ (w[i - 2] >> 6);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint64_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6],
           h = s->h[7];
  for (int i = 0; i < 80; i++) {
    uint64_t t1 = h + (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) + ((e & f) ^ (~e & g)) + kRoundConstants[i] + w[i];
    uint64_t t2 = (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
  s->h[5] += f;
  s->h[6] += g;
  s->h[7] += h;
}

void sha_update(ShaState* s, const uint8_t* data, size_t n) {
  s->length += n;
  if (s->fill) {
    size_t take = std::min(n, kBlock - s->fill);
    std::memcpy(s->block + s->fill, data, take);
    s->fill += take;
    data += take;
    n -= take;
    if (s->fill < kBlock) return;
    compress(s, s->block);
    s->fill = 0;
  }
  for (; n >= kBlock; data += kBlock, n -= kBlock) compress(s, data);
  std::memcpy(s->block, data, n);
  s->fill = n;
}

// The digest of what was hashed so far (64 bytes; sha384 keeps the first 48).
void sha_final(const ShaState* in, uint8_t out[64]) {
  ShaState s = *in;
  uint64_t bits = s.length * 8;
  uint64_t high = s.length >> 61;
  s.block[s.fill++] = 0x80;
  if (s.fill > kBlock - 16) {
    std::memset(s.block + s.fill, 0, kBlock - s.fill);
    compress(&s, s.block);
    s.fill = 0;
  }
  std::memset(s.block + s.fill, 0, kBlock - s.fill);
  for (int i = 0; i < 8; i++) {
    s.block[112 + i] = uint8_t(high >> (56 - 8 * i));
    s.block[120 + i] = uint8_t(bits >> (56 - 8 * i));
  }
  compress(&s, s.block);
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 8; j++) out[i * 8 + j] = uint8_t(s.h[i] >> (56 - 8 * j));
}

ShaObject* as_sha(Value v) { return v.as<ShaObject>(); }

// "sha512.update" or "sha384.update": the qualified name in argument errors.
std::string qualname(Value self, const char* method) {
  return std::string(as_sha(self)->digest_size == 64 ? "sha512." : "sha384.") + method;
}

// Feeds a bytes-like argument; CPython's messages for str and other objects.
bool update_with(ShaObject* o, Value data) {
  if (is_str(data)) {
    raise(&TypeErrorType, "Strings must be encoded before hashing");
    return false;
  }
  if (!is_bytes_like(data)) {
    raisef(&TypeErrorType, "object supporting the buffer API required");
    return false;
  }
  Buffer b;
  if (!buffer_get(data, &b, kBufferSimple)) return false;
  sha_update(&o->s, b.data, size_t(b.len));
  return true;
}

Ref make_sha(Type* type, Value data) {
  auto* o = alloc<ShaObject>(type);
  Ref hold = Ref::steal(o);
  bool is512 = type == &Sha512Type;
  std::memcpy(o->s.h, is512 ? kInit512 : kInit384, sizeof o->s.h);
  o->digest_size = is512 ? 64 : 48;
  if (!data.is_null() && !update_with(o, data)) return nullptr;
  return hold;
}

Ref m_update(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg(qualname(self, "update").c_str(), nargs, kwnames)) return nullptr;
  if (!update_with(as_sha(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_digest(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args(qualname(self, "digest").c_str(), nargs, kwnames)) return nullptr;
  uint8_t out[64];
  sha_final(&as_sha(self)->s, out);
  return bytes_new(std::string_view(reinterpret_cast<char*>(out), size_t(as_sha(self)->digest_size))).into_ref();
}

Ref m_hexdigest(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args(qualname(self, "hexdigest").c_str(), nargs, kwnames)) return nullptr;
  uint8_t out[64];
  sha_final(&as_sha(self)->s, out);
  static const char kHex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < as_sha(self)->digest_size; i++) {
    text += kHex[out[i] >> 4];
    text += kHex[out[i] & 15];
  }
  return new_str(text);
}

Ref m_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args(qualname(self, "copy").c_str(), nargs, kwnames)) return nullptr;
  Ref c = make_sha(type_of(self), Value());
  as_sha(c.get())->s = as_sha(self)->s;
  return c;
}

Ref get_name(Value self) { return new_str(as_sha(self)->digest_size == 64 ? "sha512" : "sha384"); }
Ref get_digest_size(Value self) { return make_int(as_sha(self)->digest_size); }
Ref get_block_size(Value) { return make_int(int64_t(kBlock)); }

const MethodDef sha_methods[] = {
    {"copy", m_copy, 0, "Return a copy of the hash object."},
    {"digest", m_digest, 0, "Return the digest value as a bytes object."},
    {"hexdigest", m_hexdigest, 0, "Return the digest value as a string of hexadecimal digits."},
    {"update", m_update, 0, "Update this hash object's state with the provided string."},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef sha_getsets[] = {
    {"name", get_name, nullptr, nullptr},
    {"digest_size", get_digest_size, nullptr, nullptr},
    {"block_size", get_block_size, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr}};

// sha512(string=b'', *, usedforsecurity=True) and sha384(...).
Ref constructor(Type* type, const char* fname, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, usedforsecurity;
  if (!bind_args(fname, args, nargs, kwnames, {"string", "*", "usedforsecurity"}, 0, {&data, &usedforsecurity}))
    return nullptr;
  return make_sha(type, data);
}

Ref f_sha512(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return constructor(&Sha512Type, "sha512", args, nargs, kwnames);
}
Ref f_sha384(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return constructor(&Sha384Type, "sha384", args, nargs, kwnames);
}

const MethodDef module_functions[] = {
    {"sha512", f_sha512, 0, "Return a new SHA-512 hash object; optionally initialized with a string."},
    {"sha384", f_sha384, 0, "Return a new SHA-384 hash object; optionally initialized with a string."},
    {nullptr, nullptr, 0, nullptr}};

void init_sha_type(Type& t, const char* name) {
  static_type_init(t, name, sizeof(ShaObject), &ObjectType, kTypeDisallowInstantiation);
  t.dealloc = free_object;
  t.methods = sha_methods;
  t.getsets = sha_getsets;
  ready_type(&t);
}

}  // namespace

Ref create_sha512_module() {
  if (!(Sha512Type.flags & kTypeReady)) {
    init_sha_type(Sha512Type, "_sha512.sha512");
    init_sha_type(Sha384Type, "_sha512.sha384");
  }
  Own<Module> m = module_new("_sha512");
  if (!module_add_functions(m.get(), module_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
