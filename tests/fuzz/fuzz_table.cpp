// Fuzz target: the spectrum table reader ([source] type = "table"). Property: any input parses
// into a finite, strictly increasing, normalisable table, or raises a cevas::Exception.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/sources/tabulated.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const cevas::SpectrumFile f = cevas::parse_spectrum_table(in, "fuzz.txt");
        if (!f.spectrum) std::abort();
        const double lo = f.spectrum->e_min(), hi = f.spectrum->e_max();
        if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) std::abort();
        for (double x : {lo, 0.5 * (lo + hi), hi}) {
            const double v = f.spectrum->density(x);
            if (!std::isfinite(v) || v < 0) std::abort();
        }
        if (f.counts && !std::isfinite(*f.counts)) std::abort();
    } catch (const cevas::Exception&) {
    }
    return 0;
}
