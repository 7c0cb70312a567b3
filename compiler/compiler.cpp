// compiler/compiler.cpp: the public entry point: parse, analyse scopes, generate code,
// and turn a CompileError (a C++ exception that never leaves the compiler) into the
// pending Python SyntaxError / IndentationError / TabError with CPython's attributes (or
// the RecursionError / MemoryError of a program nested too deep).
#include "compiler/compiler.h"

#include <string>

#include "compiler/codegen.h"
#include "compiler/parser.h"
#include "compiler/symtable.h"
#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/int.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "vm/interpreter.h"

namespace gilpy::compiler {

namespace {

rt::Type* error_type(const std::string& name) {
  if (name == "IndentationError") return &rt::IndentationErrorType;
  if (name == "TabError") return &rt::TabErrorType;
  if (name == "SystemError") return &rt::SystemErrorType;
  return &rt::SyntaxErrorType;
}

ParseMode parse_mode(Mode m) {
  switch (m) {
    case Mode::Exec: return ParseMode::Exec;
    case Mode::Eval: return ParseMode::Eval;
    case Mode::Single: return ParseMode::Single;
  }
  return ParseMode::Exec;
}

}  // namespace

// Attributes as CPython's SyntaxError: offsets are
// 1-based columns; text carries the line's newline.
void raise_compile_error(const CompileError& e) {
  if (e.type == "MemoryError") {
    rt::raise_no_memory();
    return;
  }
  if (e.type == "RecursionError") {
    rt::raise(&rt::RecursionErrorType, e.msg);
    return;
  }
  rt::Type* type = error_type(e.type);
  if (type == &rt::SystemErrorType) {
    rt::raise(type, e.msg);
    return;
  }
  rt::Ref msg = rt::str_from_utf8(e.msg).into_ref();
  rt::Ref filename = rt::str_from_utf8(e.filename).into_ref();
  rt::Ref lineno = rt::make_int(e.lineno);
  rt::Ref offset = rt::make_int(e.lineno > 0 ? e.col_offset + 1 : 0);
  rt::Ref text = e.text.empty() && e.lineno <= 0
                     ? rt::Ref::none()
                     : rt::Ref(rt::str_from_utf8(e.text + "\n").into_ref());
  int end_lineno_i = e.end_lineno > 0 ? e.end_lineno : e.lineno;
  int end_offset_i = e.end_lineno > 0 ? e.end_col_offset + 1 : e.col_offset + 1;
  if (e.lineno <= 0) end_offset_i = 0;
  rt::Ref end_lineno = rt::make_int(end_lineno_i);
  rt::Ref end_offset = rt::make_int(end_offset_i);
  if (!msg || !filename || !lineno || !offset || !text || !end_lineno || !end_offset) return;

  rt::Own<rt::Tuple> details = rt::tuple_from({filename.get(), lineno.get(), offset.get(),
                                               text.get(), end_lineno.get(), end_offset.get()});
  if (!details) return;
  rt::Value args[2] = {msg.get(), details.value()};
  rt::Ref exc = rt::call(rt::Value::from_obj(type), args, 2);
  if (!exc) return;
  struct {
    const char* name;
    rt::Value v;
  } attrs[] = {{"msg", msg.get()},       {"filename", filename.get()},
               {"lineno", lineno.get()}, {"offset", offset.get()},
               {"text", text.get()},     {"end_lineno", end_lineno.get()},
               {"end_offset", end_offset.get()}};
  for (const auto& a : attrs) {
    if (rt::setattr(exc.get(), a.name, a.v) < 0) return;
  }
  rt::restore_error(std::move(exc));
}

rt::Own<vm::Code> compile(std::string_view source, std::string_view filename, Mode mode,
                          const Options& options) {
  std::string fname(filename);
  try {
    std::unique_ptr<Module> mod = parse(source, fname, parse_mode(mode));
    std::unique_ptr<SymbolTable> st = SymbolTable::build(*mod, fname, source, options.top_level_await);
    return codegen_module(*mod, *st, source, fname, mode, options);
  } catch (const CompileError& e) {
    if (options.incomplete_input && e.at_eof) {
      CompileError incomplete("SyntaxError", "incomplete input", e.filename, e.lineno, e.col_offset,
                              e.end_lineno, e.end_col_offset, e.text);
      raise_compile_error(incomplete);
      return nullptr;
    }
    raise_compile_error(e);
    return nullptr;
  }
}

rt::Ref compile_source(std::string_view source, std::string_view filename, int mode, int flags,
                       int optimize) {
  Mode m = mode == 1 ? Mode::Eval : mode == 2 ? Mode::Single : Mode::Exec;
  Options options;
  options.top_level_await = (flags & kCfAllowTopLevelAwait) != 0;
  options.incomplete_input = (flags & kCfAllowIncompleteInput) != 0;
  options.optimize = optimize >= 0 ? optimize : vm::current_interpreter()->optimize;
  rt::Own<vm::Code> co = compile(source, filename, m, options);
  if (!co) return nullptr;
  return co.into_ref();
}

}  // namespace gilpy::compiler
