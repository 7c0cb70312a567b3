// vm/frame_object.h: Python's view of a running frame (`frame` objects: sys._getframe,
// a traceback's tb_frame, inspect.currentframe), used by logging, traceback, warnings and
// typing to find their caller.
//
// gilpy's frames (vm/frame.h) live in a per-thread arena and die with the call, so a frame
// object keeps a snapshot taken when it is asked for: the code, the namespaces, the line
// and the fast locals at that moment, and f_back made the same way for the whole chain of
// callers. While its frame still runs (it is on the asking thread's chain of frames), f_lineno
// and f_locals are read from the frame itself, as CPython's are; after, from the snapshot.
// (f_locals is a new dict each time; writes to it do not reach the frame, as in CPython.)
#pragma once

#include "runtime/object.h"
#include "vm/frame.h"

namespace gilpy::vm {

struct FrameObject : rt::Object {
  Value code;      // owned: the code object
  Value globals;   // owned: a dict
  Value builtins;  // owned: a dict, or null
  Value locals;    // owned: the namespace of a module or class body (any mapping), or null
  Value fast;      // owned: for functions, a tuple of the fast-local slots at the snapshot
  Value back;      // owned: the caller's frame object, or None
  Value trace;     // owned: f_trace (stored, never called), None by default
  int lineno;
  int lasti;
  Frame* live;              // the frame snapshotted, while it may still run (never dereferenced
  rt::ThreadState* owner;   // unless found on owner's chain of frames, the current thread's)
};

extern rt::Type FrameObjectType;

// A snapshot of `f` and of its callers (skipping frames without code), or None for null.
Ref frame_object_for(Frame* f);

// The dict of a function frame's locals: its fast slots by name, cells dereferenced
// (what locals() returns, and a frame object's f_locals).
Ref fast_locals_dict(Code* co, const Value* localsplus);

void init_frame_object_type();

}  // namespace gilpy::vm
