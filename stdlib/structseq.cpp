// stdlib/structseq.cpp: struct sequence types (see structseq.h). Each type is a static
// tuple subclass with one getter per field; the field names are kept beside the type for
// repr. Types are made once at start-up and never change afterwards.
#include "stdlib/structseq.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "stdlib/common.h"
#include "runtime/typeobject.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

struct StructSeqInfo {
  Type* type;
  const char* repr_name;
  const char* const* fields;
  int n;        // fields, the hidden ones included
  int visible;  // the sequence's length
};

// Written only while the types are readied at start-up (under the GIL), read-only after.
std::vector<StructSeqInfo>& infos() {
  static std::vector<StructSeqInfo> v;
  return v;
}

const StructSeqInfo* info_of(Type* t) {
  for (; t; t = t->base)
    for (auto& i : infos())
      if (i.type == t) return &i;
  return nullptr;
}

// Items past `size` (the hidden fields) are stored after the visible ones.
int total_fields(Value self) {
  const StructSeqInfo* info = info_of(type_of(self));
  return info ? info->n : int(self.as<Tuple>()->size);
}

template <int I>
Ref get_field(Value self) {
  Tuple* t = self.as<Tuple>();
  if (I >= t->size && I >= total_fields(self)) return Ref::none();
  return Ref::borrow(t->items[I]);
}

constexpr int kMaxFields = 20;
constexpr GetterFn kGetters[kMaxFields] = {
    get_field<0>,  get_field<1>,  get_field<2>,  get_field<3>,  get_field<4>,
    get_field<5>,  get_field<6>,  get_field<7>,  get_field<8>,  get_field<9>,
    get_field<10>, get_field<11>, get_field<12>, get_field<13>, get_field<14>,
    get_field<15>, get_field<16>, get_field<17>, get_field<18>, get_field<19>};

Ref structseq_repr(Value self) {
  const StructSeqInfo* info = info_of(type_of(self));
  Tuple* t = self.as<Tuple>();
  std::string out = info ? info->repr_name : type_name(self);
  out += '(';
  for (int64_t i = 0; i < t->size; i++) {
    if (i) out += ", ";
    if (info && i < info->visible) {
      out += info->fields[i];
      out += '=';
    }
    Ref r = repr(t->items[i]);
    if (!r) return nullptr;
    out += utf8_of(r.get());
  }
  out += ')';
  return new_str(out);
}

void structseq_dealloc(Object* o) {
  Tuple* t = static_cast<Tuple*>(o);
  int64_t n = std::max<int64_t>(t->size, total_fields(Value::from_obj(o)));
  for (int64_t i = 0; i < n; i++) decref(t->items[i]);
  free_object(o);
}

}  // namespace

// T(sequence): at least the visible fields, at most all of them; hidden ones left out are None.
Ref structseq_type_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  const StructSeqInfo* info = info_of(type);
  if (!info || nargs != 1 || (kwnames && kwnames->size > 0))
    return raisef(&TypeErrorType, "%s() takes exactly one sequence argument", type->name);
  Ref items = call1(Value::from_obj(&TupleType), args[0]);
  if (!items) return nullptr;
  Tuple* t = items.get().as<Tuple>();
  const char* repr_name = info->repr_name;
  if (t->size < info->visible)
    return raisef(&TypeErrorType, "%s() takes an %s %d-sequence (%lld-sequence given)", repr_name,
                  info->visible == info->n ? "exactly" : "at least", info->visible, static_cast<long long>(t->size));
  if (t->size > info->n)
    return raisef(&TypeErrorType, "%s() takes an %s %d-sequence (%lld-sequence given)", repr_name,
                  info->visible == info->n ? "exactly" : "at most", info->n, static_cast<long long>(t->size));
  std::vector<Value> all(static_cast<size_t>(info->n), Value::none());
  for (int64_t i = 0; i < t->size; i++) all[static_cast<size_t>(i)] = t->items[i];
  return structseq_new(type, all.data(), info->n);
}

void structseq_init_type(Type* t, const char* name, const char* repr_name,
                         const char* const* fields, int n, int visible) {
  if (visible < 0 || visible > n) visible = n;
  static_type_init(*t, name, sizeof(Tuple), &TupleType, kTypeTupleSubclass);
  t->item_size = sizeof(Value);
  t->dealloc = structseq_dealloc;
  t->repr = structseq_repr;
  t->str = structseq_repr;
  t->new_ = structseq_type_new;
  auto* getsets = new GetSetDef[n + 1]();  // lives as long as the type (the process)
  int k = 0;
  for (int i = 0; i < n && i < kMaxFields; i++) {
    bool later = false;
    for (int j = i + 1; j < n && !later; j++) later = std::strcmp(fields[i], fields[j]) == 0;
    if (!later) getsets[k++] = GetSetDef{fields[i], kGetters[i], nullptr, nullptr};
  }
  t->getsets = getsets;
  infos().push_back({t, repr_name, fields, n, visible});
  ready_type(t);
}

Ref structseq_new(Type* t, const Value* items, int n) {
  Tuple* tup = alloc<Tuple>(t, sizeof(Tuple) + sizeof(Value) * n);
  const StructSeqInfo* info = info_of(t);
  tup->size = info && info->n == n ? info->visible : n;
  for (int i = 0; i < n; i++) {
    incref(items[i]);
    tup->items[i] = items[i];
  }
  return Ref::steal(tup);
}

}  // namespace gilpy::stdlib
