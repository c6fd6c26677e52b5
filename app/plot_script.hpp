#pragma once
// Where `cevas run` finds its figure script (python/cevas/run_plots.py): no physics.
#include <string>

namespace cevas::cli {

/// The plot script: $CEVAS_PLOT_SCRIPT if set; else <prefix>/share/cevas/run_plots.py when this
/// executable is an installed <prefix>/bin/cevas (cmake --install, pip install); else the
/// source tree's script (a build-tree executable).
std::string plot_script();

}  // namespace cevas::cli
