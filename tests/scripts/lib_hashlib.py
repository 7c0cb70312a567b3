# hashlib and hmac on _hashlib (OpenSSL's libcrypto): digests of fixed inputs, updates in
# pieces, copies, XOFs, HMAC, key derivation and the errors.
import hashlib
import hmac

data = b"The quick brown fox jumps over the lazy dog"
for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
             "blake2b", "blake2s"]:
    h = getattr(hashlib, name)(data)
    n = hashlib.new(name, data)
    print(name, h.name, h.digest_size, h.block_size, h.hexdigest() == n.hexdigest(), h.hexdigest())
print(hashlib.sha256().hexdigest(), hashlib.md5(b"").digest())
print(hashlib.new("SHA256", b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest(), hashlib.new("SHA256").name)
print(hashlib.sha256(string=b"abc").hexdigest()[:16], hashlib.md5(b"x", usedforsecurity=False).hexdigest())

# update in pieces, copy, digest keeps the state
h = hashlib.sha256()
for i in range(0, len(data), 5):
    h.update(data[i:i + 5])
print(h.hexdigest() == hashlib.sha256(data).hexdigest(), h.digest() == h.digest())
c = h.copy()
c.update(b"!")
print(h.hexdigest() == hashlib.sha256(data).hexdigest(), c.hexdigest() == hashlib.sha256(data + b"!").hexdigest())
h.update(bytearray(b"more"))
h.update(memoryview(b"views"))
print(h.hexdigest() == hashlib.sha256(data + b"moreviews").hexdigest())
big = bytes(range(256)) * 4000
print(hashlib.sha1(big).hexdigest(), hashlib.md5(big).hexdigest())

# shake (XOF)
s = hashlib.shake_128(data)
print(s.name, s.digest_size, s.block_size, s.hexdigest(16), s.digest(4).hex(), len(s.digest(100)))
print(hashlib.shake_256(data).hexdigest(32), hashlib.shake_256(b"").hexdigest(0))

# hmac
print(hmac.new(b"key", data, "md5").hexdigest())
print(hmac.new(b"key", data, hashlib.sha256).hexdigest())
m = hmac.new(b"k" * 100, digestmod="sha512")
m.update(data)
m2 = m.copy()
m2.update(b"x")
print(m.name, m.digest_size, m.block_size, m.hexdigest()[:32], m2.hexdigest()[:32])
print(hmac.digest(b"key", data, "sha1").hex(), hmac.compare_digest(b"abc", b"abc"), hmac.compare_digest("ab", "ac"))
print(hmac.compare_digest(bytearray(b"x"), b"x"), hmac.compare_digest(b"x", b"xy"))
try:
    hmac.new(b"key", data)
except TypeError as e:
    print("TypeError", e)
try:
    hmac.compare_digest("a", b"a")
except TypeError as e:
    print("TypeError", e)

# key derivation
print(hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1).hex())
print(hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 4096, dklen=20).hex())
print(hashlib.pbkdf2_hmac("sha512", bytearray(b"pw"), memoryview(b"NaCl"), 10, 80).hex()[:40])
print(hashlib.scrypt(b"password", salt=b"NaCl", n=16, r=8, p=1, dklen=32).hex())
try:
    hashlib.pbkdf2_hmac("sha256", b"p", b"s", 0)
except ValueError as e:
    print("ValueError", e)

# errors
for bad in ["sha257", "nothing"]:
    try:
        hashlib.new(bad)
    except ValueError as e:
        print("ValueError", e)
for arg in ["text", 123]:
    try:
        hashlib.sha256(arg)
    except TypeError as e:
        print("TypeError", e)
try:
    hashlib.sha256().update("text")
except TypeError as e:
    print("TypeError", e)

print(hashlib.algorithms_guaranteed <= hashlib.algorithms_available)
print(sorted(hashlib.algorithms_guaranteed))
print({"md5", "sha1", "sha256", "sha3_256", "shake_128", "blake2b"} <= hashlib.algorithms_available)
print(type(hashlib.sha256()).__name__, type(hashlib.shake_128()).__name__)
