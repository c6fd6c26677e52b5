// Fuzz target: TOML configuration readers (`cevas xsec --config`, `cevas rate --config`,
// `cevas run`). Property: any input either parses, or raises a cevas::Exception with a one-line
// "field = value: reason" message; never a crash, a sanitizer report, another exception type,
// or a parsed configuration holding a non-finite number.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cevas/core/error.hpp"
#include "cevas/io/config.hpp"
#include "cevas/io/rate_config.hpp"

namespace {
void check_message(const char* m) {
    const std::string_view s(m);
    if (s.empty() || s.find('\n') != std::string_view::npos) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const cevas::XsecConfig c = cevas::parse_xsec_config(text, "fuzz.toml");
        if (c.xsec.e_nu && !std::isfinite(*c.xsec.e_nu)) std::abort();
    } catch (const cevas::Exception& e) {
        check_message(e.what());
    }
    try {
        const cevas::RateConfig c = cevas::parse_rate_config(text, "fuzz.toml");
        for (double t : c.experiment.recoil)
            if (!std::isfinite(t)) std::abort();
        if (!std::isfinite(c.experiment.n_atoms)) std::abort();
    } catch (const cevas::Exception& e) {
        check_message(e.what());
    }
    return 0;
}
