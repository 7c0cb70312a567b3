// vm/gil_sites.h: what the GIL meter (runtime/gil_meter.h) needs to know about Python
// code: where a thread is (its innermost user frame), what a lock wait is for (a join, a
// queue, an executor), and how to name a site for a report.
#pragma once

#include <string>

#include "runtime/gil_meter.h"

namespace gilpy::vm {

// Installs rt::gil_site_hook and the check-interval hook.
void install_gil_meter_hooks();

// A site as people read it: the function's qualified name, its file and line.
struct SiteDescription {
  std::string function;
  std::string file;
  int line = 0;
  // "function (file:line)", as every report writes a site.
  std::string where() const { return function + " (" + file + ":" + std::to_string(line) + ")"; }
};
SiteDescription describe_site(const rt::GilSite& site);

}  // namespace gilpy::vm
