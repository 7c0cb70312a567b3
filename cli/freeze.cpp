// cli/freeze.cpp: `gilpy-freeze`, the build-time tool that freezes one standard-library
// module written in Python (stdlib/python/**.py): it compiles the source and writes a C++
// file holding the module's code object serialised (vm/marshal.h) as a byte string, and
// its vm::FrozenModuleDef (vm/frozen_module.h). stdlib/CMakeLists.txt runs it once a
// module, so editing one .py re-freezes and recompiles only that one. CPython's
// Programs/_freeze_module plays the same part.
//
//   gilpy-freeze [--package] NAME SYMBOL SOURCE.py OUTPUT.cpp
//
// NAME is the dotted module name, SYMBOL the C++ name of its FrozenModuleDef (in
// gilpy::stdlib::frozen). The code's filename is "<frozen NAME>", as import reports it.
// It links the compiler, the VM and the runtime but not stdlib/, which is built from its
// output. A syntax error fails the build with the file, line and column. Every blob is
// read back and written again, which must give the same bytes: the build itself tests the
// serialiser on the whole frozen library. OUTPUT is rewritten only when its text changes,
// so a rebuilt tool that freezes the same bytes recompiles nothing.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "vm/interpreter.h"
#include "vm/marshal.h"

using namespace gilpy;

namespace {

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string attr_text(rt::Value obj, const char* name) {
  rt::Ref v = rt::getattr_opt(obj, rt::intern(name));
  if (!v || v.get().is_none()) {
    if (rt::error_pending()) rt::clear_error();
    return "";
  }
  rt::Ref s = rt::str(v.get());
  if (!s) {
    rt::clear_error();
    return "";
  }
  return rt::str_to_utf8(s.as<rt::Str>());
}

// The pending exception as a compiler would report it: "FILE:LINE:COL: Type: message",
// then the source line and a caret for a SyntaxError.
void report_error(const std::string& path) {
  rt::Ref exc = rt::fetch_error();
  std::string type = rt::type_name(exc.get());
  if (rt::is_instance_of_type(exc.get(), &rt::SyntaxErrorType)) {
    std::string line = attr_text(exc.get(), "lineno"), col = attr_text(exc.get(), "offset");
    std::string text = attr_text(exc.get(), "text");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    std::fprintf(stderr, "%s:%s:%s: %s: %s\n", path.c_str(), line.c_str(), col.c_str(), type.c_str(),
                 attr_text(exc.get(), "msg").c_str());
    if (!text.empty()) {
      long caret = std::strtol(col.c_str(), nullptr, 10);
      std::fprintf(stderr, "    %s\n    %*s^\n", text.c_str(), caret > 1 ? static_cast<int>(caret - 1) : 0, "");
    }
    return;
  }
  rt::Ref s = rt::str(exc.get());
  std::fprintf(stderr, "%s: %s: %s\n", path.c_str(), type.c_str(), s ? rt::str_to_utf8(s.as<rt::Str>()).c_str() : "");
}

// The blob as a C++ string literal, a line of source every 96 bytes or so. Printable
// ASCII (most of a code object: names, strs) is written as itself, anything else as a
// three-digit octal escape, which cannot run into the character after it.
std::string string_literal(const std::string& blob) {
  std::string out = "    \"";
  size_t column = 0;
  for (unsigned char b : blob) {
    if (column >= 96) {
      out += "\"\n    \"";
      column = 0;
    }
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\' && b != '?') {
      out.push_back(static_cast<char>(b));
      column += 1;
    } else {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\%03o", b);
      out += esc;
      column += 4;
    }
  }
  out += "\"";
  return out;
}

int usage() {
  std::fprintf(stderr, "usage: gilpy-freeze [--package] NAME SYMBOL SOURCE.py OUTPUT.cpp\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool is_package = false;
  int first = 1;
  if (argc > 1 && std::string(argv[1]) == "--package") {
    is_package = true;
    first = 2;
  }
  if (argc - first != 4) return usage();
  std::string name = argv[first], symbol = argv[first + 1], source_path = argv[first + 2],
              output_path = argv[first + 3];

  std::string source;
  if (!read_file(source_path, &source)) {
    std::fprintf(stderr, "gilpy-freeze: cannot read %s\n", source_path.c_str());
    return 1;
  }
  vm::interpreter_create(nullptr);
  rt::Own<vm::Code> code = compiler::compile(source, "<frozen " + name + ">", compiler::Mode::Exec);
  if (!code) {
    report_error(source_path);
    return 1;
  }
  std::string blob, again;
  if (!vm::marshal_write(rt::Value::from_obj(code.get()), &blob)) {
    report_error(source_path);
    return 1;
  }
  rt::Own<vm::Code> back = vm::marshal_read_code(blob);
  if (!back || !vm::marshal_write(rt::Value::from_obj(back.get()), &again) || again != blob) {
    if (rt::error_pending()) report_error(source_path);
    std::fprintf(stderr, "%s: gilpy-freeze: the serialised code does not read back the same\n",
                 source_path.c_str());
    return 1;
  }

  std::string text = "// Generated by gilpy-freeze (cli/freeze.cpp) from " + source_path + ": do not edit.\n";
  text += "#include \"vm/frozen_module.h\"\n\nnamespace gilpy::stdlib::frozen {\n\n";
  text += "static const char kCode[] =\n" + string_literal(blob) + ";\n\n";
  text += "extern const vm::FrozenModuleDef " + symbol + ";\n";
  text += "const vm::FrozenModuleDef " + symbol + " = {\"" + name + "\", " + (is_package ? "true" : "false") +
          ", kCode, sizeof kCode - 1};\n\n";
  text += "}  // namespace gilpy::stdlib::frozen\n";

  std::string existing;
  if (read_file(output_path, &existing) && existing == text) return 0;
  std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "gilpy-freeze: cannot write %s\n", output_path.c_str());
    return 1;
  }
  return 0;
}
