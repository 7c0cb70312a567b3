// stdlib/random_module.cpp: the _random module: _random.Random, the Mersenne Twister
// (MT19937) core under CPython's random.py, which subclasses it (random.Random calls
// super().seed/getstate/setstate and builds every distribution on random() and
// getrandbits()).
//
// The generator is the reference MT19937 of Matsumoto and Nishimura, seeded the way
// CPython's _random is, so that a seed gives the same sequence in both interpreters:
//   * an int seed n: init_by_array over |n| cut into 32-bit words, least significant word
//     first (one zero word for 0); any other seed: its hash() as an unsigned 64-bit int;
//   * None: 624 words of the system's entropy (getrandom).
// random() takes two words, a >> 5 and b >> 6, for a 53-bit float; getrandbits(k) takes
// one word per 32 bits, the first word the least significant, the last one shifted down
// to the bits still wanted. getstate() is a tuple of the 624 words and the index.
//
// Every method runs under the GIL and calls no Python code once its arguments are
// converted, so a generator shared by threads needs no lock.
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

constexpr int kN = 624;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfu;
constexpr uint32_t kUpperMask = 0x80000000u;
constexpr uint32_t kLowerMask = 0x7fffffffu;

Type RandomType;

struct RandomObject : Object {
  int index;  // next word of state to temper; kN: regenerate first
  uint32_t state[kN];
};

RandomObject* as_random(Value v) { return v.as<RandomObject>(); }

// ---- the generator ------------------------------------------------------------------------------

uint32_t genrand_uint32(RandomObject* r) {
  static const uint32_t mag01[2] = {0u, kMatrixA};
  uint32_t* mt = r->state;
  if (r->index >= kN) {
    int kk;
    uint32_t y;
    for (kk = 0; kk < kN - kM; kk++) {
      y = (mt[kk] & kUpperMask) | (mt[kk + 1] & kLowerMask);
      mt[kk] = mt[kk + kM] ^ (y >> 1) ^ mag01[y & 1u];
    }
    for (; kk < kN - 1; kk++) {
      y = (mt[kk] & kUpperMask) | (mt[kk + 1] & kLowerMask);
      mt[kk] = mt[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 1u];
    }
    y = (mt[kN - 1] & kUpperMask) | (mt[0] & kLowerMask);
    mt[kN - 1] = mt[kM - 1] ^ (y >> 1) ^ mag01[y & 1u];
    r->index = 0;
  }
  uint32_t y = mt[r->index++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

void init_genrand(RandomObject* r, uint32_t s) {
  uint32_t* mt = r->state;
  mt[0] = s;
  for (int i = 1; i < kN; i++) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + uint32_t(i);
  r->index = kN;
}

void init_by_array(RandomObject* r, const uint32_t* key, size_t key_length) {
  uint32_t* mt = r->state;
  init_genrand(r, 19650218u);
  size_t i = 1, j = 0;
  size_t k = kN > key_length ? kN : key_length;
  for (; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + uint32_t(j);
    i++;
    j++;
    if (i >= kN) {
      mt[0] = mt[kN - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (k = kN - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - uint32_t(i);
    i++;
    if (i >= kN) {
      mt[0] = mt[kN - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000u;  // non-zero initial state
}

// ---- seeding ------------------------------------------------------------------------------------

// 624 words of entropy; when the system has none to give, the time and the pid.
void seed_from_system(RandomObject* r) {
  uint32_t key[kN];
  size_t got = 0;
  auto* out = reinterpret_cast<char*>(key);
  while (got < sizeof key) {
    ssize_t n = getrandom(out + got, sizeof key - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += size_t(n);
  }
  if (got == sizeof key) {
    init_by_array(r, key, kN);
    return;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint32_t fallback[5] = {uint32_t(ts.tv_sec), uint32_t(uint64_t(ts.tv_sec) >> 32), uint32_t(ts.tv_nsec),
                          uint32_t(getpid()), uint32_t(clock())};
  init_by_array(r, fallback, 5);
}

// seed(n): see the top of the file. False with an exception pending (hash() failed).
bool seed_with(RandomObject* r, Value arg) {
  if (arg.is_null() || arg.is_none()) {
    seed_from_system(r);
    return true;
  }
  mpz_t z;
  mpz_init(z);
  if (is_int(arg)) {
    int_to_mpz(arg, z);  // int.__abs__ itself, never a subclass's __abs__ (as CPython)
    mpz_abs(z, z);
  } else {
    int64_t h = hash(arg);
    if (h == -1 && error_pending()) {
      mpz_clear(z);
      return false;
    }
    mpz_import(z, 1, -1, sizeof(uint64_t), 0, 0, &h);  // (size_t)hash
  }
  size_t words = mpz_sizeinbase(z, 2);
  words = mpz_sgn(z) == 0 ? 1 : (words + 31) / 32;
  std::vector<uint32_t> key(words, 0);
  mpz_export(key.data(), nullptr, -1, sizeof(uint32_t), 0, 0, z);  // least significant word first
  mpz_clear(z);
  init_by_array(r, key.data(), words);
  return true;
}

// ---- slots and methods --------------------------------------------------------------------------

Ref random_new(Type* type, const Value*, size_t, Tuple*) {
  auto* r = alloc<RandomObject>(type, type == &RandomType ? sizeof(RandomObject) : type->basic_size);
  r->index = kN + 1;
  return Ref::steal(r);
}

// Random(seed=None). Keywords are refused unless a subclass brings its own __init__.
int random_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Type* t = type_of(self);
  if ((t == &RandomType || t->init == RandomType.init) && kwnames && kwnames->size) {
    raise(&TypeErrorType, "Random() takes no keyword arguments");
    return -1;
  }
  if (nargs > 1) {
    raise(&TypeErrorType, "Random() requires 0 or 1 argument");
    return -1;
  }
  return seed_with(as_random(self), nargs ? args[0] : Value()) ? 0 : -1;
}

void random_dealloc(Object* o) { free_object(o); }

Ref m_random(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("Random.random", nargs, kwnames)) return nullptr;
  RandomObject* r = as_random(self);
  uint32_t a = genrand_uint32(r) >> 5, b = genrand_uint32(r) >> 6;
  return make_float((a * 67108864.0 + b) * (1.0 / 9007199254740992.0));
}

Ref m_seed(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("Random.seed", kwnames) || !cont::check_positional("seed", nargs, 0, 1)) return nullptr;
  if (!seed_with(as_random(self), nargs ? args[0] : Value())) return nullptr;
  return Ref::none();
}

Ref m_getstate(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("Random.getstate", nargs, kwnames)) return nullptr;
  RandomObject* r = as_random(self);
  Own<Tuple> t = tuple_new(kN + 1);
  for (int i = 0; i < kN; i++) t->items[i] = make_int(int64_t(r->state[i])).release();
  t->items[kN] = make_int(r->index).release();
  return t.into_ref();
}

Ref m_setstate(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("Random.setstate", nargs, kwnames)) return nullptr;
  Value state = args[0];
  if (!is_tuple(state)) return raise(&TypeErrorType, "state vector must be a tuple");
  Tuple* t = state.as<Tuple>();
  if (t->size != kN + 1) return raise(&ValueErrorType, "state vector is the wrong size");
  uint32_t words[kN];
  for (int i = 0; i < kN; i++) {
    Value v = t->items[i];
    if (!is_int(v)) return raise(&TypeErrorType, "an integer is required");
    if (int_sign(v) < 0) return raise(&OverflowErrorType, "can't convert negative int to unsigned");
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool fits = mpz_sizeinbase(z, 2) <= 64;
    uint64_t u = 0;
    if (fits) mpz_export(&u, nullptr, -1, sizeof u, 0, 0, z);
    mpz_clear(z);
    if (!fits) return raise(&OverflowErrorType, "Python int too large to convert to C unsigned long");
    words[i] = uint32_t(u);
  }
  Value last = t->items[kN];
  if (!is_int(last)) return raise(&TypeErrorType, "an integer is required");
  auto index = int_as_int64(last);
  if (!index) return nullptr;
  if (*index < 0 || *index > kN) return raise(&ValueErrorType, "invalid state");
  RandomObject* r = as_random(self);
  std::memcpy(r->state, words, sizeof words);
  r->index = int(*index);
  return Ref::none();
}

Ref m_getrandbits(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("Random.getrandbits", nargs, kwnames)) return nullptr;
  auto k = clinic_int_arg(args[0]);
  if (!k) return nullptr;
  if (*k < 0) return raise(&ValueErrorType, "number of bits must be non-negative");
  RandomObject* r = as_random(self);
  if (*k == 0) return make_int(0);
  if (*k <= 32) return make_int(int64_t(genrand_uint32(r) >> (32 - *k)));
  int64_t bits = *k;
  size_t words = size_t((bits - 1) / 32 + 1);
  std::vector<uint32_t> buf(words);
  for (size_t i = 0; i < words; i++, bits -= 32) {
    uint32_t w = genrand_uint32(r);
    if (bits < 32) w >>= (32 - bits);
    buf[i] = w;
  }
  mpz_t z;
  mpz_init(z);
  mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, buf.data());
  Ref result = make_int_mpz(z);
  mpz_clear(z);
  return result;
}

const MethodDef random_methods[] = {
    {"random", m_random, 0, "random() -> x in the interval [0, 1)."},
    {"seed", m_seed, 0, "seed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\nof the current time and the process identifier."},
    {"getstate", m_getstate, 0, "getstate() -> tuple containing the current state."},
    {"setstate", m_setstate, 0, "setstate(state) -> None.  Restores generator state."},
    {"getrandbits", m_getrandbits, 0, "getrandbits(k) -> x.  Generates an int with k random bits."},
    {nullptr, nullptr, 0, nullptr}};

void init_random_type() {
  if (RandomType.flags & kTypeReady) return;
  static_type_init(RandomType, "_random.Random", sizeof(RandomObject), &ObjectType, kTypeBaseType);
  RandomType.new_ = random_new;
  RandomType.init = random_init;
  RandomType.dealloc = random_dealloc;
  RandomType.methods = random_methods;
  RandomType.doc = "Random() -> create a random number generator with its own internal state.";
  ready_type(&RandomType);
}

}  // namespace

Ref create_random_module() {
  init_random_type();
  Own<Module> m = module_new("_random");
  if (!module_add(m.get(), "Random", Value::from_obj(&RandomType))) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
