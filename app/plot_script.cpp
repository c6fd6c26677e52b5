#include "plot_script.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef CEVAS_PLOT_SCRIPT
#define CEVAS_PLOT_SCRIPT "python/cevas/run_plots.py"
#endif

namespace cevas::cli {

std::string plot_script() {
    if (const char* env = std::getenv("CEVAS_PLOT_SCRIPT"); env != nullptr && *env != '\0')
        return env;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "cevas" / "run_plots.py";
        if (fs::is_regular_file(installed, ec)) return installed.string();
    }
    return CEVAS_PLOT_SCRIPT;
}

}  // namespace cevas::cli
