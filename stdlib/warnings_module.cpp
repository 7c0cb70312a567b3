// stdlib/warnings_module.cpp: _gilpy_warnings, the native half of the `warnings` module
// (stdlib/python/warnings.py): what Python code cannot see by itself in gilpy, which has
// no frame objects and no sys._getframe.
//
//   _caller(depth) -> (filename, lineno, globals) of the Python frame `depth` calls above
//                     the one calling _caller (0: that frame itself), or None past the
//                     outermost frame. warn(stacklevel=n) asks for depth n.
//   _source_line(filename, lineno) -> the line's text, stripped, or None: read from the
//                     file, as linecache would ("<string>", "<stdin>" and frozen modules
//                     have no lines, as in CPython).
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Ref w_caller(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_caller", kwnames) || !check_nargs("_caller", nargs, 1, 1)) return nullptr;
  std::optional<int64_t> depth = int_as_int64(args[0]);
  if (!depth) return nullptr;
  vm::Frame* f = vm::current_frame();
  for (int64_t i = 0; f && i < *depth; f = f->previous) {
    if (f->code) i++;
  }
  while (f && !f->code) f = f->previous;  // entry frames of native calls carry no code
  if (!f) return Ref::none();
  Ref filename = Ref::borrow(Value::from_obj(f->code->filename));
  return make_tuple(std::move(filename), make_int(f->line()), Ref::borrow(Value::from_obj(f->globals)));
}

Ref w_source_line(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_source_line", kwnames) || !check_nargs("_source_line", nargs, 2, 2)) return nullptr;
  if (!is_str(args[0])) return Ref::none();
  std::optional<int64_t> lineno = int_as_int64(args[1]);
  if (!lineno) return nullptr;
  std::string filename = utf8_of(args[0]);
  if (filename.empty() || (filename.front() == '<' && filename.back() == '>')) return Ref::none();
  if (*lineno < 1 || *lineno > INT32_MAX) return Ref::none();
  std::string line = vm::source_text_line(filename, static_cast<int>(*lineno));
  if (line.empty()) return Ref::none();
  return new_str(line);
}

const MethodDef warnings_functions[] = {
    {"_caller", w_caller, 0, "(filename, lineno, globals) of the frame `depth` calls up, or None."},
    {"_source_line", w_source_line, 0, "A line of a source file, stripped, or None."},
    {nullptr}};

}  // namespace

Ref create_gilpy_warnings_module() {
  Own<Module> m = module_new("_gilpy_warnings");
  if (!module_add_functions(m.get(), warnings_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
