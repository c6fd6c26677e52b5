#include "plot_script.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef CEVAS_PLOT_SCRIPT
#define CEVAS_PLOT_SCRIPT "python/cevas/run_plots.py"
#endif

namespace cevas::cli {

std::string figure_script(const char* file, const char* env_var, const char* source_fallback) {
    if (const char* env = std::getenv(env_var); env != nullptr && *env != '\0') return env;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "cevas" / file;
        if (fs::is_regular_file(installed, ec)) return installed.string();
    }
    return source_fallback;
}

std::string plot_script() {
    return figure_script("run_plots.py", "CEVAS_PLOT_SCRIPT", CEVAS_PLOT_SCRIPT);
}

}  // namespace cevas::cli
