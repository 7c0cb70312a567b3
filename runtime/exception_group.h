// runtime/exception_group.h: PEP 654's exception groups, as CPython 3.11 has them.
//
// BaseExceptionGroup(message, exceptions) and ExceptionGroup (which also derives from
// Exception) are built-in exception types (declared in runtime/errors.h's list, made in
// runtime/exception_group.cpp). Beside the types this header gives the VM the two pieces
// of `except*` (vm/eval.cpp's CHECK_EG_MATCH and PREP_RERAISE_STAR): matching a raised
// exception against an except* clause, and rebuilding what is left to re-raise.
//
// Identity rules, CPython's: split/subgroup return the group itself when the group as a
// whole matches; otherwise every partial result is a new group made by derive(), which
// gets the original's __traceback__, __cause__, __context__ and a copy of __notes__.
#pragma once

#include "runtime/errors.h"
#include "runtime/object.h"

namespace gilpy::rt {

struct List;

// The instance layout of BaseExceptionGroup and all its subclasses.
struct ExceptionGroupObject : ExceptionObject {
  Value message;  // .message, a str (owned; null only in an instance not made by __new__)
  Value excs;     // .exceptions, a non-empty tuple (owned; null as message)
};

bool is_exception_group(Value v);

// CPython's _PyExc_CreateExceptionGroup: BaseExceptionGroup(message, excs), which is an
// ExceptionGroup when every item is an Exception. `excs` is a tuple or a list.
Ref exception_group_new(std::string_view message, Value excs);

// CHECK_EG_MATCH's work for one except* clause whose (already checked) type is
// `match_type`: `exc` (an exception, or None once everything was handled) splits into
// *match (None when nothing matches) and *rest (None when everything matched). A naked
// exception that matches is wrapped as ExceptionGroup('', (exc,)). False on error.
bool exception_group_match(Value exc, Value match_type, Ref* match, Ref* rest);

// PREP_RERAISE_STAR's work: `orig` is the exception the try raised, `raised` the list of
// what the except* clauses raised or re-raised, then the unhandled rest (None items are
// skipped). Returns what the statement re-raises (None for nothing): the re-raised parts
// keep orig's structure, newly raised ones join them in ExceptionGroup('', [...]).
Ref exception_group_prep_reraise(Value orig, List* raised);

void init_exception_group_types();

}  // namespace gilpy::rt
