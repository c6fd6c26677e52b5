#pragma once
/// @file
/// Where the CLI finds its figure scripts (numpy + matplotlib, run by /usr/bin/python3).
#include <string>

namespace cevas::cli {

/// The path of the figure script `file` ("run_plots.py", "scan_plots.py"): the environment
/// variable `env_var` when set and non-empty, else `<prefix>/share/cevas/<file>` next to an
/// installed executable (`<prefix>/bin/cevas`), else `source_fallback` (the source tree the CLI
/// was built from).
std::string figure_script(const char* file, const char* env_var, const char* source_fallback);

/// figure_script("run_plots.py", "CEVAS_PLOT_SCRIPT", <source tree>/python/cevas/run_plots.py).
std::string plot_script();

}  // namespace cevas::cli
