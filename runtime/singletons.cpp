// runtime/singletons.cpp: None, NotImplemented and Ellipsis, and the runtime's start-up
// order (init_runtime): types first, then their dicts once dict and str exist.
#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/complex.h"
#include "runtime/mappingproxy.h"
#include "runtime/memoryview.h"
#include "runtime/range.h"
#include "runtime/context.h"
#include "runtime/weakref.h"

namespace gilpy::rt {

Type NoneType;
Type NotImplementedType;
Type EllipsisType;
Object NotImplementedObject;
Object EllipsisObject;

static Ref none_repr(Value) { return Ref::borrow(Value::from_obj(intern("None"))); }
static int none_bool(Value) { return 0; }
static int64_t none_hash(Value) { return 0xFCA86420; }
static NumberSlots none_number = {};
static Ref none_new(Type*, const Value*, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size)) return raise(&TypeErrorType, "NoneType takes no arguments");
  return Ref::none();
}
static Ref not_implemented_repr(Value) { return Ref::borrow(Value::from_obj(intern("NotImplemented"))); }
static Ref not_implemented_new(Type*, const Value*, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size)) return raise(&TypeErrorType, "NotImplementedType takes no arguments");
  return Ref::borrow(Value::from_obj(&NotImplementedObject));
}
static Ref ellipsis_repr(Value) { return Ref::borrow(Value::from_obj(intern("Ellipsis"))); }
static Ref ellipsis_new(Type*, const Value*, size_t nargs, Tuple* kwnames) {
  if (nargs || (kwnames && kwnames->size)) return raise(&TypeErrorType, "EllipsisType takes no arguments");
  return Ref::borrow(Value::from_obj(&EllipsisObject));
}

void begin_type_bootstrap();
void end_type_bootstrap();
void init_type_types();
void ready_core_types();
void init_abstract_types();

void init_runtime() {
  static bool done = false;
  if (done) return;
  done = true;
  begin_type_bootstrap();
  init_type_types();
  init_str_type();
  init_tuple_type();
  init_dict_type();
  init_int_types();
  init_float_type();
  init_complex_type();
  init_list_type();
  init_set_types();
  init_module_type();
  init_abstract_types();
  init_range_slice_types();
  init_bytes_type();
  init_weakref_types();

  static_type_init(NoneType, "NoneType", sizeof(Object), &ObjectType, 0);
  none_number.to_bool = none_bool;
  NoneType.number = &none_number;
  NoneType.repr = none_repr;
  NoneType.hash = none_hash;
  NoneType.new_ = none_new;
  ready_type(&NoneType);
  static_type_init(NotImplementedType, "NotImplementedType", sizeof(Object), &ObjectType, 0);
  NotImplementedType.repr = not_implemented_repr;
  NotImplementedType.new_ = not_implemented_new;
  ready_type(&NotImplementedType);
  static_type_init(EllipsisType, "ellipsis", sizeof(Object), &ObjectType, 0);
  EllipsisType.repr = ellipsis_repr;
  EllipsisType.new_ = ellipsis_new;
  ready_type(&EllipsisType);
  NotImplementedObject = {kImmortal, 0, &NotImplementedType};
  EllipsisObject = {kImmortal, 0, &EllipsisType};

  init_exception_types();
  end_type_bootstrap();
  ready_core_types();
  init_context_types();
  // These put entries in their dicts (bytearray.__hash__ = None): after the bootstrap.
  init_bytearray_type();
  init_memoryview_type();
  init_mappingproxy_type();
}

}  // namespace gilpy::rt
