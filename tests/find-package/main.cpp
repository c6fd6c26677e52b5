// Uses the installed library: the weak charge of 4He at T -> 0, C_V(anti-nu_e) = (Z - N/2)^2 = 1.
#include <cevas/core/units.hpp>
#include <cevas/core/version.hpp>
#include <cevas/xsec/cross_section.hpp>
#include <cmath>
#include <cstdio>

int main() {
    using namespace cevas;
    const CrossSection xs(make_target("He4"), Parameters{});
    const Breakdown b = xs.breakdown({Flavor::e, NeutrinoType::antineutrino},
                                     {.e_nu = 15 * units::keV, .t_recoil = 1e-9 * units::eV});
    std::printf("cevas %s: C_V(He4, anti-nu_e, T -> 0) = %.9f\n", version_string, b.c_v);
    return std::abs(b.c_v - 1.0) < 1e-5 ? 0 : 1;
}
