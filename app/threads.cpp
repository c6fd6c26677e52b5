// `--threads N` and CEVAS_NUM_THREADS for every command that computes (docs/cli.md).
#include <optional>
#include <string>

#include "cevas/numerics/parallel.hpp"
#include "commands.hpp"

namespace cevas::cli {

int thread_count(const std::optional<std::string>& flag_value) {
    // The flag wins over the environment; neither: every core (0). Bad values are usage errors.
    if (flag_value) return as_usage([&] { return parse_thread_count(*flag_value, "--threads"); });
    const std::optional<int> env = as_usage([] { return threads_from_environment(); });
    return env.value_or(0);
}

}  // namespace cevas::cli
