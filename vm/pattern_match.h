// vm/pattern_match.h: the run-time half of `match` statements, what the opcodes
// MATCH_SEQUENCE, MATCH_MAPPING, MATCH_KEYS and MATCH_CLASS ask (CPython's ceval.c
// match_keys / match_class and its Py_TPFLAGS_SEQUENCE / _MAPPING tests). The compiler
// (compiler/codegen_match.cpp) lays out the jumps and the captures around them.
#pragma once

#include "runtime/object.h"

namespace gilpy::vm {

// Does `case [...]` apply to subject? 1, 0, or -1 with an error pending. str, bytes and
// bytearray never do, though they are sequences.
int match_is_sequence(rt::Value subject);
// Does `case {...}` apply to subject? 1, 0, or -1 with an error pending.
int match_is_mapping(rt::Value subject);
// The values of the tuple `keys` in subject (through subject.get), as a tuple, or None
// when one is missing; null on error (ValueError for a key given twice).
rt::Ref match_keys(rt::Value subject, rt::Value keys);
// When subject is an instance of cls: its `nargs` positional attributes (named by
// cls.__match_args__, or the subject itself for int, str, ... ) then the attributes
// named in the tuple `names`, as a tuple; None when it is not or an attribute is
// missing; null on error (TypeError with CPython's messages).
rt::Ref match_class(rt::Value subject, rt::Value cls, int nargs, rt::Value names);

}  // namespace gilpy::vm
