// Fuzz target: the one number grammar (core/number.hpp) and its users: quantities with units,
// complex NSI values, recoil grids and `--nsi` options. Properties: scan_number never reads past
// the text and yields a finite value or an error; every parser returns a finite value or throws
// InvalidArgument; quantities and complex values agree on which plain numbers are valid.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cevas/core/error.hpp"
#include "cevas/core/number.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/io/nsi_option.hpp"
#include "cevas/io/quantity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const cevas::NumberScan n = cevas::scan_number(text);
    if (n.length > text.size()) std::abort();
    if (n.length > 0 && n.error.empty() && !std::isfinite(n.value)) std::abort();

    bool number_ok = false, complex_ok = false;
    try {
        const double v = cevas::parse_number(text, "x");
        if (!std::isfinite(v)) std::abort();
        number_ok = true;
    } catch (const cevas::InvalidArgument&) {
    }
    try {
        const cevas::complex z = cevas::parse_complex(text, "x");
        if (!std::isfinite(z.real()) || !std::isfinite(z.imag())) std::abort();
        complex_ok = z.imag() == 0 && text.find('i') == std::string::npos;
    } catch (const cevas::InvalidArgument&) {
    }
    // A plain real number is accepted by both or by neither.
    if (number_ok && text.find('i') == std::string::npos && !complex_ok) std::abort();
    if (complex_ok && !number_ok) std::abort();

    try {
        const double e = cevas::parse_energy(text, "x", cevas::Domain::any);
        if (!std::isfinite(e)) std::abort();
    } catch (const cevas::InvalidArgument&) {
    }
    if (size < 200) {
        try {
            const cevas::RecoilGrid g = cevas::parse_recoil_grid_spec(text, "x");
            const std::size_t k = g.size();
            if (k == 0) std::abort();
            for (std::size_t i : {std::size_t{0}, k / 2, k - 1})
                if (!std::isfinite(g.at(i)) || g.at(i) < 0) std::abort();
        } catch (const cevas::InvalidArgument&) {
        }
        try {
            const cevas::NsiAssignment a = cevas::parse_nsi_option(text, "--nsi");
            if (!std::isfinite(a.value.real()) || !std::isfinite(a.value.imag())) std::abort();
        } catch (const cevas::InvalidArgument&) {
        }
    }
    return 0;
}
