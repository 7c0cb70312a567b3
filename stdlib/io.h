// stdlib/io.h: file objects (open(), sys.stdin/stdout/stderr, io.StringIO) as used by the
// rest of the standard library and by the command line.
#pragma once

#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::stdlib {

// The one file type (shown as _io.TextIOWrapper; binary files as _io.BufferedReader etc.).
extern rt::Type FileType;
extern rt::Type StringIOType;
bool is_file_object(rt::Value v);
// Readies FileType and StringIOType (once; the builtins module calls it).
void io_init_types();  // an instance of FileType or StringIOType

// The process's file objects over fd 0, 1 and 2 (sys.__stdin__ ...), made on first use.
rt::Ref std_stream(int fd);
// Flushes sys.__stdout__ and sys.__stderr__ (the command line calls it at exit; input()
// calls it before reading). Errors are ignored.
void flush_std_streams();
// -u, PYTHONUNBUFFERED: sys.stdout and sys.stderr write through at every write.
void set_std_streams_unbuffered();

// Fast paths for print() and input() (precondition: is_file_object(file)).
bool file_write_utf8(rt::Value file, std::string_view text);  // false: error pending
bool file_flush(rt::Value file);                              // false: error pending
rt::Ref file_readline(rt::Value file);                        // str ("" at EOF) or null

// builtins.open / io.open.
rt::Ref builtin_open(rt::Value self, const rt::Value* args, size_t nargs, rt::Tuple* kwnames);

}  // namespace gilpy::stdlib
