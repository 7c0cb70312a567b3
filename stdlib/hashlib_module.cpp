// stdlib/hashlib_module.cpp: _hashlib on OpenSSL's libcrypto, what CPython's hashlib.py
// and hmac.py build on: new() and the openssl_<name> constructors, HASH objects (HASHXOF
// for the shake digests), HMAC objects (hmac_new, hmac_digest), pbkdf2_hmac, scrypt,
// compare_digest, get_fips_mode, openssl_md_meth_names; and _blake2's blake2b/blake2s as
// OpenSSL's BLAKE2b-512 and BLAKE2s-256 (their default digest size, no key, salt or
// person: OpenSSL 3.0 has no parameters for those).
//
// A HASH owns an EVP_MD_CTX; digest() finalises a copy, so update() may go on after it.
// The Python-side name of a digest ("sha3_256", "shake_128", "blake2b") is kept beside
// the context, since OpenSSL's own names differ.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
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

// Python name -> OpenSSL name, for the digests hashlib knows by a name of its own.
struct DigestName {
  const char* py;
  const char* ossl;
};
const DigestName kDigestNames[] = {
    {"md5", "MD5"},           {"sha1", "SHA1"},           {"sha224", "SHA224"},
    {"sha256", "SHA256"},     {"sha384", "SHA384"},       {"sha512", "SHA512"},
    {"sha512_224", "SHA512-224"}, {"sha512_256", "SHA512-256"}, {"sha3_224", "SHA3-224"},
    {"sha3_256", "SHA3-256"}, {"sha3_384", "SHA3-384"},   {"sha3_512", "SHA3-512"},
    {"shake_128", "SHAKE128"}, {"shake_256", "SHAKE256"}, {"blake2b", "BLAKE2B-512"},
    {"blake2s", "BLAKE2S-256"}, {"md5-sha1", "MD5-SHA1"}, {"ripemd160", "RIPEMD160"},
    {"sm3", "SM3"},           {"md4", "MD4"},             {"whirlpool", "WHIRLPOOL"},
};

Type* unsupported_digestmod_type() {
  static Type* t = nullptr;
  if (t) return t;
  Own<Tuple> bases = tuple_from({Value::from_obj(&ValueErrorType)});
  Own<Dict> ns = dict_new();
  Ref mod = new_str("_hashlib");
  dict_set_str(ns.get(), "__module__", mod.get());
  Ref made = type_new(&TypeType, intern("UnsupportedDigestmodError"), bases.get(), ns.get());
  if (!made) {
    clear_error();
    return &ValueErrorType;
  }
  t = made.release().as<Type>();
  return t;
}

// The digest for a Python-side name (any case; "sha3-256" as well as "sha3_256"), or
// null with UnsupportedDigestmodError pending. *py_name gets hashlib's name for it.
EVP_MD* fetch_digest(std::string name, std::string* py_name) {
  for (auto& c : name) c = char(std::tolower(uint8_t(c)));
  const char* ossl = nullptr;
  for (const DigestName& d : kDigestNames) {
    std::string alt = d.py;
    for (auto& c : alt)
      if (c == '_') c = '-';
    if (name == d.py || (name == alt && std::strncmp(d.py, "sha3", 4) == 0)) {
      ossl = d.ossl;
      *py_name = d.py;
      break;
    }
  }
  if (!ossl) *py_name = name;
  EVP_MD* md = EVP_MD_fetch(nullptr, ossl ? ossl : name.c_str(), nullptr);
  if (!md) raise(unsupported_digestmod_type(), "[digital envelope routines] unsupported");
  return md;
}

bool is_xof(const EVP_MD* md) { return (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0; }

// The data argument of a constructor or update: any bytes-like object, never str.
bool data_buffer(Value v, Buffer* out) {
  if (is_str(v)) {
    raise(&TypeErrorType, "Strings must be encoded before hashing");
    return false;
  }
  if (!is_bytes_like(v)) {
    raise(&TypeErrorType, "object supporting the buffer API required");
    return false;
  }
  return buffer_get(v, out);
}

std::string hex_of(const unsigned char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = kHex[p[i] >> 4];
    out[2 * i + 1] = kHex[p[i] & 15];
  }
  return out;
}

Ref raise_openssl(const char* what) { return raisef(&ValueErrorType, "[digital envelope routines] %s", what); }

// --- HASH and HASHXOF ----------------------------------------------------------------------

Type HashType;
Type HashXofType;
Type HmacType;

struct HashObject : Object {
  EVP_MD_CTX* ctx;
  EVP_MD* md;          // owned (fetched)
  std::string* name;   // hashlib's name
};

HashObject* as_hash(Value v) { return v.as<HashObject>(); }

void hash_dealloc(Object* o) {
  auto* h = static_cast<HashObject*>(o);
  EVP_MD_CTX_free(h->ctx);
  EVP_MD_free(h->md);
  delete h->name;
  free_object(o);
}

HashObject* hash_alloc(EVP_MD* md, const std::string& name) {
  auto* h = alloc<HashObject>(is_xof(md) ? &HashXofType : &HashType);
  h->ctx = EVP_MD_CTX_new();
  h->md = md;
  h->name = new std::string(name);
  return h;
}

bool hash_update_buffer(HashObject* h, const Buffer& b) {
  const uint8_t* p = b.data;
  int64_t left = b.len;
  while (left > 0) {
    size_t chunk = left > (1 << 30) ? size_t(1) << 30 : size_t(left);
    if (!EVP_DigestUpdate(h->ctx, p, chunk)) {
      raise_openssl("update failed");
      return false;
    }
    p += chunk;
    left -= int64_t(chunk);
  }
  return true;
}

// A new HASH for `name` fed with `data` (null: nothing).
Ref hash_new(const std::string& name, Value data) {
  Buffer b;
  if (data && !data.is_none() && !data_buffer(data, &b)) return nullptr;
  std::string py_name;
  EVP_MD* md = fetch_digest(name, &py_name);
  if (!md) return nullptr;
  HashObject* h = hash_alloc(md, py_name);
  Ref out = Ref::steal(h);
  if (!h->ctx || !EVP_DigestInit_ex(h->ctx, md, nullptr)) return raise_openssl("initialization failed");
  if (b.held() && !hash_update_buffer(h, b)) return nullptr;
  return out;
}

Ref hash_update(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("update", args, nargs, kwnames, {"obj", "/"}, 1, {&data})) return nullptr;
  Buffer b;
  if (!data_buffer(data, &b)) return nullptr;
  if (!hash_update_buffer(as_hash(self), b)) return nullptr;
  return Ref::none();
}

// The digest so far, from a copy of the context (length for the XOFs).
bool hash_final(HashObject* h, std::string* out, int64_t length) {
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  if (!copy || !EVP_MD_CTX_copy_ex(copy, h->ctx)) {
    EVP_MD_CTX_free(copy);
    raise_openssl("copy failed");
    return false;
  }
  bool ok;
  if (length >= 0) {
    out->assign(size_t(length), '\0');
    ok = length == 0 || EVP_DigestFinalXOF(copy, reinterpret_cast<unsigned char*>(out->data()), size_t(length));
  } else {
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    ok = EVP_DigestFinal_ex(copy, buf, &n);
    out->assign(reinterpret_cast<char*>(buf), n);
  }
  EVP_MD_CTX_free(copy);
  if (!ok) raise_openssl("digest failed");
  return ok;
}

Ref hash_digest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("digest", nargs, 0, 0)) return nullptr;
  std::string d;
  if (!hash_final(as_hash(self), &d, -1)) return nullptr;
  return bytes_new(d).into_ref();
}

Ref hash_hexdigest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("hexdigest", nargs, 0, 0)) return nullptr;
  std::string d;
  if (!hash_final(as_hash(self), &d, -1)) return nullptr;
  return new_str(hex_of(reinterpret_cast<const unsigned char*>(d.data()), d.size()));
}

bool xof_length(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, int64_t* out) {
  Value length;
  if (!bind_args(fname, args, nargs, kwnames, {"length"}, 1, {&length})) return false;
  auto n = index_as_int64(length);
  if (!n) return false;
  if (*n < 0) {
    raise(&ValueErrorType, "length must be non-negative");
    return false;
  }
  *out = *n;
  return true;
}

Ref xof_digest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  int64_t n;
  if (!xof_length("digest", args, nargs, kwnames, &n)) return nullptr;
  std::string d;
  if (!hash_final(as_hash(self), &d, n)) return nullptr;
  return bytes_new(d).into_ref();
}

Ref xof_hexdigest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  int64_t n;
  if (!xof_length("hexdigest", args, nargs, kwnames, &n)) return nullptr;
  std::string d;
  if (!hash_final(as_hash(self), &d, n)) return nullptr;
  return new_str(hex_of(reinterpret_cast<const unsigned char*>(d.data()), d.size()));
}

Ref hash_copy(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("copy", nargs, 0, 0)) return nullptr;
  HashObject* h = as_hash(self);
  EVP_MD_up_ref(h->md);
  HashObject* c = hash_alloc(h->md, *h->name);
  Ref out = Ref::steal(c);
  if (!c->ctx || !EVP_MD_CTX_copy_ex(c->ctx, h->ctx)) return raise_openssl("copy failed");
  return out;
}

Ref hash_get_name(Value self) { return new_str(*as_hash(self)->name); }
Ref hash_get_digest_size(Value self) {
  const EVP_MD* md = as_hash(self)->md;
  return make_int(is_xof(md) ? 0 : EVP_MD_get_size(md));
}
Ref hash_get_block_size(Value self) { return make_int(EVP_MD_get_block_size(as_hash(self)->md)); }

Ref hash_repr(Value self) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "<%s %s object @ %p>", as_hash(self)->name->c_str(),
                type_of(self) == &HashXofType ? "_hashlib.HASHXOF" : "_hashlib.HASH", self.obj());
  return new_str(buf);
}

const MethodDef hash_methods[] = {
    {"update", hash_update, 0, "Update this hash object's state with the provided string."},
    {"digest", hash_digest, 0, "Return the digest value as a bytes object."},
    {"hexdigest", hash_hexdigest, 0, "Return the digest value as a string of hexadecimal digits."},
    {"copy", hash_copy, 0, "Return a copy of the hash object."},
    {nullptr}};

const MethodDef xof_methods[] = {
    {"update", hash_update, 0, "Update this hash object's state with the provided string."},
    {"digest", xof_digest, 0, "Return the digest value as a bytes object."},
    {"hexdigest", xof_hexdigest, 0, "Return the digest value as a string of hexadecimal digits."},
    {"copy", hash_copy, 0, "Return a copy of the hash object."},
    {nullptr}};

const GetSetDef hash_getsets[] = {
    {"name", hash_get_name, nullptr, nullptr},
    {"digest_size", hash_get_digest_size, nullptr, nullptr},
    {"block_size", hash_get_block_size, nullptr, nullptr},
    {nullptr}};

// --- constructors --------------------------------------------------------------------------

// new(name, string=b'', *, usedforsecurity=True)
Ref h_new(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name, data = Value(), usedforsecurity = Value::true_();
  if (!bind_args("new", args, nargs, kwnames, {"name", "string", "*", "usedforsecurity"}, 1,
                 {&name, &data, &usedforsecurity}))
    return nullptr;
  if (!is_str(name)) return raisef(&TypeErrorType, "new() argument 'name' must be str, not %s", type_name(name));
  return hash_new(utf8_of(name), data);
}

template <int I>
Ref h_openssl(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  static const char* const kNames[] = {"md5",      "sha1",     "sha224",   "sha256",   "sha384",
                                       "sha512",   "sha3_224", "sha3_256", "sha3_384", "sha3_512",
                                       "shake_128", "shake_256"};
  std::string fname = std::string("openssl_") + kNames[I];
  Value data = Value(), usedforsecurity = Value::true_();
  if (!bind_args(fname.c_str(), args, nargs, kwnames, {"string", "*", "usedforsecurity"}, 0, {&data, &usedforsecurity}))
    return nullptr;
  return hash_new(kNames[I], data);
}

// _blake2.blake2b / blake2s: OpenSSL's fixed-size BLAKE2 (see the top of the file).
template <bool B>
Ref h_blake2(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  const char* fname = B ? "blake2b" : "blake2s";
  int max_digest = B ? 64 : 32;
  Value data = Value(), digest_size = Value::small_int(max_digest), key = Value(), salt = Value(), person = Value(),
        fanout = Value(), depth = Value(), leaf = Value(), node_offset = Value(), node_depth = Value(),
        inner = Value(), last_node = Value(), usedforsecurity = Value::true_();
  if (!bind_args(fname, args, nargs, kwnames,
                 {"data", "/", "*", "digest_size", "key", "salt", "person", "fanout", "depth", "leaf_size",
                  "node_offset", "node_depth", "inner_size", "last_node", "usedforsecurity"},
                 0,
                 {&data, &digest_size, &key, &salt, &person, &fanout, &depth, &leaf, &node_offset, &node_depth,
                  &inner, &last_node, &usedforsecurity}))
    return nullptr;
  auto ds = index_as_int64(digest_size);
  if (!ds) return nullptr;
  if (*ds < 1 || *ds > max_digest) return raisef(&ValueErrorType, "digest_size must be between 1 and %d bytes", max_digest);
  auto empty = [](Value v) { return !v || (is_bytes(v) && v.as<Bytes>()->size == 0); };
  if (*ds != max_digest || !empty(key) || !empty(salt) || !empty(person) || fanout || depth || leaf ||
      node_offset || node_depth || inner || last_node)
    return raisef(&NotImplementedErrorType, "%s: only the default parameters are supported (OpenSSL's %s)", fname,
                  B ? "BLAKE2b-512" : "BLAKE2s-256");
  return hash_new(fname, data);
}

// --- HMAC ------------------------------------------------------------------------------

struct HmacObject : Object {
  EVP_MAC_CTX* ctx;
  EVP_MD* md;          // owned: for the sizes
  std::string* name;   // the digest's hashlib name
};

HmacObject* as_hmac(Value v) { return v.as<HmacObject>(); }

void hmac_dealloc(Object* o) {
  auto* h = static_cast<HmacObject*>(o);
  EVP_MAC_CTX_free(h->ctx);
  EVP_MD_free(h->md);
  delete h->name;
  free_object(o);
}

// A digestmod argument: a name, or a constructor (hashlib.sha256) whose product names it.
bool digestmod_name(Value digestmod, std::string* out) {
  if (is_str(digestmod)) {
    *out = utf8_of(digestmod);
    return true;
  }
  if (is_callable(digestmod)) {
    Ref h = call0(digestmod);
    if (!h) return false;
    Ref n = getattr(h.get(), "name");
    if (!n) return false;
    if (is_str(n.get())) {
      *out = utf8_of(n.get());
      return true;
    }
  }
  raise(unsupported_digestmod_type(), "[digital envelope routines] unsupported");
  return false;
}

bool hmac_feed(HmacObject* h, Value msg) {
  if (!msg || msg.is_none()) return true;
  Buffer b;
  if (!data_buffer(msg, &b)) return false;
  const uint8_t* p = b.data;
  int64_t left = b.len;
  while (left > 0) {
    size_t chunk = left > (1 << 30) ? size_t(1) << 30 : size_t(left);
    if (!EVP_MAC_update(h->ctx, p, chunk)) {
      raise_openssl("update failed");
      return false;
    }
    p += chunk;
    left -= int64_t(chunk);
  }
  return true;
}

// hmac_new(key, msg=b'', digestmod=None)
Ref h_hmac_new(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, msg = Value(), digestmod = Value::none();
  if (!bind_args("hmac_new", args, nargs, kwnames, {"key", "msg", "digestmod"}, 1, {&key, &msg, &digestmod}))
    return nullptr;
  if (digestmod.is_none()) return raise(&TypeErrorType, "Missing required parameter 'digestmod'.");
  std::string dname, py_name;
  if (!digestmod_name(digestmod, &dname)) return nullptr;
  Buffer kb;
  if (!data_buffer(key, &kb)) return nullptr;
  EVP_MD* md = fetch_digest(dname, &py_name);
  if (!md) return nullptr;
  if (is_xof(md)) {
    EVP_MD_free(md);
    return raise(unsupported_digestmod_type(), "[digital envelope routines] unsupported");
  }
  auto* h = alloc<HmacObject>(&HmacType);
  Ref out = Ref::steal(h);
  h->md = md;
  h->name = new std::string(py_name);
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  h->ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
  EVP_MAC_free(mac);
  if (!h->ctx) return raise_openssl("HMAC unavailable");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>(EVP_MD_get0_name(md)), 0), OSSL_PARAM_END};
  static const unsigned char kEmpty = 0;
  if (!EVP_MAC_init(h->ctx, kb.len ? kb.data : &kEmpty, size_t(kb.len), params))
    return raise(unsupported_digestmod_type(), "[digital envelope routines] unsupported");
  kb.release();
  if (!hmac_feed(h, msg)) return nullptr;
  return out;
}

Ref hmac_update(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg;
  if (!bind_args("update", args, nargs, kwnames, {"msg"}, 1, {&msg})) return nullptr;
  if (!hmac_feed(as_hmac(self), msg)) return nullptr;
  return Ref::none();
}

bool hmac_final(HmacObject* h, std::string* out) {
  EVP_MAC_CTX* copy = EVP_MAC_CTX_dup(h->ctx);
  if (!copy) {
    raise_openssl("copy failed");
    return false;
  }
  unsigned char buf[EVP_MAX_MD_SIZE];
  size_t n = 0;
  bool ok = EVP_MAC_final(copy, buf, &n, sizeof buf);
  EVP_MAC_CTX_free(copy);
  if (!ok) {
    raise_openssl("digest failed");
    return false;
  }
  out->assign(reinterpret_cast<char*>(buf), n);
  return true;
}

Ref hmac_digest_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("digest", nargs, 0, 0)) return nullptr;
  std::string d;
  if (!hmac_final(as_hmac(self), &d)) return nullptr;
  return bytes_new(d).into_ref();
}

Ref hmac_hexdigest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("hexdigest", nargs, 0, 0)) return nullptr;
  std::string d;
  if (!hmac_final(as_hmac(self), &d)) return nullptr;
  return new_str(hex_of(reinterpret_cast<const unsigned char*>(d.data()), d.size()));
}

Ref hmac_copy(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("copy", nargs, 0, 0)) return nullptr;
  HmacObject* h = as_hmac(self);
  auto* c = alloc<HmacObject>(&HmacType);
  Ref out = Ref::steal(c);
  EVP_MD_up_ref(h->md);
  c->md = h->md;
  c->name = new std::string(*h->name);
  c->ctx = EVP_MAC_CTX_dup(h->ctx);
  if (!c->ctx) return raise_openssl("copy failed");
  return out;
}

Ref hmac_get_name(Value self) { return new_str("hmac-" + *as_hmac(self)->name); }
Ref hmac_get_digest_size(Value self) { return make_int(EVP_MD_get_size(as_hmac(self)->md)); }
Ref hmac_get_block_size(Value self) { return make_int(EVP_MD_get_block_size(as_hmac(self)->md)); }
Ref hmac_repr(Value self) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "<%s HMAC object @ %p>", as_hmac(self)->name->c_str(), self.obj());
  return new_str(buf);
}

const MethodDef hmac_methods[] = {
    {"update", hmac_update, 0, "Update the HMAC object with msg."},
    {"digest", hmac_digest_m, 0, "Return the digest of the bytes passed to the update() method so far."},
    {"hexdigest", hmac_hexdigest, 0, "Return hexadecimal digest of the bytes passed to the update() method so far."},
    {"copy", hmac_copy, 0, "Return a copy (\"clone\") of the HMAC object."},
    {nullptr}};

const GetSetDef hmac_getsets[] = {
    {"name", hmac_get_name, nullptr, nullptr},
    {"digest_size", hmac_get_digest_size, nullptr, nullptr},
    {"block_size", hmac_get_block_size, nullptr, nullptr},
    {nullptr}};

// hmac_digest(key, msg, digest): one shot.
Ref h_hmac_digest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value key, msg, digest;
  if (!bind_args("hmac_digest", args, nargs, kwnames, {"key", "msg", "digest"}, 3, {&key, &msg, &digest}))
    return nullptr;
  if (digest.is_none()) return raise(unsupported_digestmod_type(), "[digital envelope routines] unsupported");
  Value a[] = {key, msg, digest};
  Ref h = h_hmac_new(Value(), a, 3, nullptr);
  if (!h) return nullptr;
  return hmac_digest_m(h.get(), nullptr, 0, nullptr);
}

// --- key derivation and comparison ----------------------------------------------------------

// pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None)
Ref h_pbkdf2_hmac(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value hash_name, password, salt, iterations, dklen = Value::none();
  if (!bind_args("pbkdf2_hmac", args, nargs, kwnames, {"hash_name", "password", "salt", "iterations", "dklen"}, 4,
                 {&hash_name, &password, &salt, &iterations, &dklen}))
    return nullptr;
  if (!is_str(hash_name))
    return raisef(&TypeErrorType, "pbkdf2_hmac() argument 'hash_name' must be str, not %s", type_name(hash_name));
  auto iters = index_as_int64(iterations);
  if (!iters) return nullptr;
  if (*iters < 1) return raise(&ValueErrorType, "iteration value must be greater than 0.");
  if (*iters > INT_MAX) return raise(&OverflowErrorType, "iteration value is too great.");
  std::string py_name;
  EVP_MD* md = fetch_digest(utf8_of(hash_name), &py_name);
  if (!md) return nullptr;
  int64_t len = EVP_MD_get_size(md);
  if (!dklen.is_none()) {
    auto d = index_as_int64(dklen);
    if (!d) {
      EVP_MD_free(md);
      return nullptr;
    }
    len = *d;
  }
  if (len < 1) {
    EVP_MD_free(md);
    return raise(&ValueErrorType, "key length must be greater than 0.");
  }
  if (len > INT_MAX) {
    EVP_MD_free(md);
    return raise(&OverflowErrorType, "key length is too great.");
  }
  Buffer pw, sb;
  if (!buffer_get(password, &pw) || !buffer_get(salt, &sb)) {
    EVP_MD_free(md);
    return nullptr;
  }
  std::string out(size_t(len), '\0');
  int ok = PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(pw.data), int(pw.len), sb.data, int(sb.len), int(*iters),
                             md, int(len), reinterpret_cast<unsigned char*>(out.data()));
  EVP_MD_free(md);
  if (!ok) return raise_openssl("pbkdf2 failed");
  return bytes_new(out).into_ref();
}

// scrypt(password, *, salt, n, r, p, maxmem=0, dklen=64)
Ref h_scrypt(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value password, salt = Value(), nv = Value(), rv = Value(), pv = Value(), maxmem = Value::small_int(0),
                  dklen = Value::small_int(64);
  if (!bind_args("scrypt", args, nargs, kwnames, {"password", "*", "salt", "n", "r", "p", "maxmem", "dklen"}, 1,
                 {&password, &salt, &nv, &rv, &pv, &maxmem, &dklen}))
    return nullptr;
  if (!salt) return raise(&TypeErrorType, "salt is required");
  if (!nv || !rv || !pv) return raise(&TypeErrorType, "n, r and p are required");
  auto n = index_as_int64(nv), r = index_as_int64(rv), p = index_as_int64(pv), mm = index_as_int64(maxmem),
       dk = index_as_int64(dklen);
  if (!n || !r || !p || !mm || !dk) return nullptr;
  if (*n < 2 || (*n & (*n - 1))) return raise(&ValueErrorType, "n must be a power of 2.");
  if (*mm < 0 || *mm > INT_MAX) return raisef(&ValueErrorType, "maxmem must be positive and smaller than %d", INT_MAX);
  if (*dk < 1 || *dk > INT_MAX) return raisef(&ValueErrorType, "dklen must be greater than 0 and smaller than %d", INT_MAX);
  Buffer pw, sb;
  if (!buffer_get(password, &pw) || !buffer_get(salt, &sb)) return nullptr;
  std::string out(size_t(*dk), '\0');
  if (!EVP_PBE_scrypt(reinterpret_cast<const char*>(pw.data), size_t(pw.len), sb.data, size_t(sb.len), uint64_t(*n),
                      uint64_t(*r), uint64_t(*p), uint64_t(*mm), reinterpret_cast<unsigned char*>(out.data()),
                      size_t(*dk)))
    return raise(&ValueErrorType, "Invalid parameter combination for n, r, p, maxmem.");
  return bytes_new(out).into_ref();
}

// compare_digest(a, b): in time independent of where the two differ.
Ref h_compare_digest(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value a, b;
  if (!bind_args("compare_digest", args, nargs, kwnames, {"a", "b", "/"}, 2, {&a, &b})) return nullptr;
  std::string x, y;
  if (is_str(a) && is_str(b)) {
    if (a.as<Str>()->kind != 1 || b.as<Str>()->kind != 1)
      return raise(&TypeErrorType, "comparing strings with non-ASCII characters is not supported");
    x = utf8_of(a);
    y = utf8_of(b);
  } else if (!(is_str(a) || is_bytes_like(a)) || !(is_str(b) || is_bytes_like(b))) {
    return raisef(&TypeErrorType, "unsupported operand types(s) or combination of types: '%s' and '%s'",
                  type_name(a), type_name(b));
  } else {
    Buffer ba, bb;
    if (!buffer_get(a, &ba) || !buffer_get(b, &bb)) return nullptr;
    x = buffer_to_string(ba);
    y = buffer_to_string(bb);
  }
  unsigned char diff = x.size() != y.size();
  const std::string& against = x.size() == y.size() ? x : y;  // same length: compare all of it
  for (size_t i = 0; i < y.size(); i++) diff |= uint8_t(against[i]) ^ uint8_t(y[i]);
  return Ref::boolean(diff == 0);
}

Ref h_get_fips_mode(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("get_fips_mode", nargs, 0, 0)) return nullptr;
  return make_int(EVP_default_properties_is_fips_enabled(nullptr) ? 1 : 0);
}

const MethodDef hashlib_functions[] = {
    {"new", h_new, 0, "Return a new hash object using the named algorithm."},
    {"openssl_md5", h_openssl<0>, 0, "Returns a md5 hash object; optionally initialized with a string"},
    {"openssl_sha1", h_openssl<1>, 0, "Returns a sha1 hash object; optionally initialized with a string"},
    {"openssl_sha224", h_openssl<2>, 0, "Returns a sha224 hash object; optionally initialized with a string"},
    {"openssl_sha256", h_openssl<3>, 0, "Returns a sha256 hash object; optionally initialized with a string"},
    {"openssl_sha384", h_openssl<4>, 0, "Returns a sha384 hash object; optionally initialized with a string"},
    {"openssl_sha512", h_openssl<5>, 0, "Returns a sha512 hash object; optionally initialized with a string"},
    {"openssl_sha3_224", h_openssl<6>, 0, "Returns a sha3-224 hash object; optionally initialized with a string"},
    {"openssl_sha3_256", h_openssl<7>, 0, "Returns a sha3-256 hash object; optionally initialized with a string"},
    {"openssl_sha3_384", h_openssl<8>, 0, "Returns a sha3-384 hash object; optionally initialized with a string"},
    {"openssl_sha3_512", h_openssl<9>, 0, "Returns a sha3-512 hash object; optionally initialized with a string"},
    {"openssl_shake_128", h_openssl<10>, 0, "Returns a shake-128 variable hash object; optionally initialized with a string"},
    {"openssl_shake_256", h_openssl<11>, 0, "Returns a shake-256 variable hash object; optionally initialized with a string"},
    {"hmac_new", h_hmac_new, 0, "Return a new hmac object."},
    {"hmac_digest", h_hmac_digest, 0, "Single-shot HMAC."},
    {"pbkdf2_hmac", h_pbkdf2_hmac, 0, "Password based key derivation function 2 (PKCS #5 v2.0) with HMAC as pseudorandom function."},
    {"scrypt", h_scrypt, 0, "scrypt password-based key derivation function."},
    {"compare_digest", h_compare_digest, 0, "Return 'a == b'."},
    {"get_fips_mode", h_get_fips_mode, 0, "Determine the OpenSSL FIPS mode of operation."},
    {nullptr}};

const MethodDef blake2_functions[] = {
    {"blake2b", h_blake2<true>, 0, "Return a new BLAKE2b hash object."},
    {"blake2s", h_blake2<false>, 0, "Return a new BLAKE2s hash object."},
    {nullptr}};

void init_hashlib_types() {
  static bool done = false;
  if (done) return;
  done = true;
  static_type_init(HashType, "_hashlib.HASH", sizeof(HashObject), &ObjectType, kTypeDisallowInstantiation);
  HashType.dealloc = hash_dealloc;
  HashType.repr = hash_repr;
  HashType.methods = hash_methods;
  HashType.getsets = hash_getsets;
  ready_type(&HashType);
  static_type_init(HashXofType, "_hashlib.HASHXOF", sizeof(HashObject), &HashType, kTypeDisallowInstantiation);
  HashXofType.dealloc = hash_dealloc;
  HashXofType.repr = hash_repr;
  HashXofType.methods = xof_methods;
  HashXofType.getsets = hash_getsets;
  ready_type(&HashXofType);
  static_type_init(HmacType, "_hashlib.HMAC", sizeof(HmacObject), &ObjectType, kTypeDisallowInstantiation);
  HmacType.dealloc = hmac_dealloc;
  HmacType.repr = hmac_repr;
  HmacType.methods = hmac_methods;
  HmacType.getsets = hmac_getsets;
  ready_type(&HmacType);
}

}  // namespace

Ref create_hashlib_module() {
  init_hashlib_types();
  Own<Module> m = module_new("_hashlib");
  if (!module_add_functions(m.get(), hashlib_functions)) return nullptr;
  Own<rt::Set> names = set_new(&FrozenSetType);
  for (const DigestName& d : kDigestNames) {
    EVP_MD* md = EVP_MD_fetch(nullptr, d.ossl, nullptr);
    if (!md) continue;
    EVP_MD_free(md);
    Ref n = new_str(d.py);
    if (!set_add(names.get(), n.get())) return nullptr;
  }
  Own<Dict> constructors = dict_new();
  if (!module_add(m.get(), "openssl_md_meth_names", Value::from_obj(names.get())) ||
      !module_add(m.get(), "_constructors", Value::from_obj(constructors.get())) ||
      !module_add(m.get(), "HASH", Value::from_obj(&HashType)) ||
      !module_add(m.get(), "HASHXOF", Value::from_obj(&HashXofType)) ||
      !module_add(m.get(), "HMAC", Value::from_obj(&HmacType)) ||
      !module_add(m.get(), "UnsupportedDigestmodError", Value::from_obj(unsupported_digestmod_type())))
    return nullptr;
  return m.into_ref();
}

Ref create_blake2_module() {
  init_hashlib_types();
  Own<Module> m = module_new("_blake2");
  if (!module_add_functions(m.get(), blake2_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
