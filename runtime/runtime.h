// runtime/runtime.h: the runtime library's public header: the object model, its built-in
// types and protocols, and start-up.
#pragma once

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/complex.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/module.h"
#include "runtime/object.h"
#include "runtime/set.h"
#include "runtime/str.h"
#include "runtime/thread_state.h"
#include "runtime/tuple.h"
#include "runtime/type.h"
#include "runtime/value.h"

namespace gilpy::rt {

// Readies every built-in type (once per process, before any thread runs Python).
void init_runtime();

}  // namespace gilpy::rt
