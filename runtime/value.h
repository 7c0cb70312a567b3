// runtime/value.h: the one-word Value every part of gilpy passes around.
//
// A Value is 64 bits (DESIGN decision 1). The low bits say what it is:
//
//   ...xxxxxxx1   small int: the signed 63-bit integer is bits >> 1
//   ...xxxxx000   pointer to a heap Object (8-byte aligned); 0 is the null Value
//   ...00000010   None        ...00010010   False        ...00010110   True
//
// Small ints, None and the bools carry no reference count; everything else is an Object
// with a count (runtime/object.h). The null Value means "no value": an unbound local, or
// "an exception is pending" when a function returns it.
//
// A Value is a plain word with no ownership. Code that owns a reference holds a Ref
// (runtime/object.h); a Value parameter is borrowed for the duration of the call.
#pragma once

#include <cstdint>
#include <cstddef>

namespace gilpy::rt {

struct Object;

class Value {
 public:
  static constexpr uint64_t kNoneBits = 0x02;
  static constexpr uint64_t kFalseBits = 0x12;
  static constexpr uint64_t kTrueBits = 0x16;
  static constexpr int64_t kSmallIntMax = (int64_t{1} << 62) - 1;
  static constexpr int64_t kSmallIntMin = -(int64_t{1} << 62);

  constexpr Value() : bits_(0) {}
  static constexpr Value from_bits(uint64_t b) { Value v; v.bits_ = b; return v; }
  static Value from_obj(const Object* o) { return from_bits(reinterpret_cast<uint64_t>(o)); }
  static constexpr Value none() { return from_bits(kNoneBits); }
  static constexpr Value true_() { return from_bits(kTrueBits); }
  static constexpr Value false_() { return from_bits(kFalseBits); }
  static constexpr Value boolean(bool b) { return from_bits(b ? kTrueBits : kFalseBits); }
  static constexpr bool fits_small(int64_t i) { return i >= kSmallIntMin && i <= kSmallIntMax; }
  // Precondition: fits_small(i). Use rt::make_int (runtime/int.h) for any int64.
  static constexpr Value small_int(int64_t i) {
    return from_bits((static_cast<uint64_t>(i) << 1) | 1);
  }

  constexpr uint64_t bits() const { return bits_; }
  constexpr bool is_null() const { return bits_ == 0; }
  constexpr explicit operator bool() const { return bits_ != 0; }
  constexpr bool is_small_int() const { return bits_ & 1; }
  constexpr bool is_obj() const { return (bits_ & 7) == 0 && bits_ != 0; }
  constexpr bool is_none() const { return bits_ == kNoneBits; }
  constexpr bool is_bool() const { return (bits_ & ~uint64_t{4}) == kFalseBits; }
  constexpr bool is_true() const { return bits_ == kTrueBits; }
  constexpr bool is_false() const { return bits_ == kFalseBits; }
  constexpr int64_t small_int() const { return static_cast<int64_t>(bits_) >> 1; }
  Object* obj() const { return reinterpret_cast<Object*>(bits_); }
  template <class T> T* as() const { return reinterpret_cast<T*>(bits_); }

  constexpr bool operator==(const Value& o) const { return bits_ == o.bits_; }  // identity (`is`)
  constexpr bool operator!=(const Value& o) const { return bits_ != o.bits_; }

 private:
  uint64_t bits_;
};

static_assert(sizeof(Value) == 8);

}  // namespace gilpy::rt
