// Is the oscillation phase negligible on the SATURNE baseline? (issue 4, "Why it matters")
// Prints the ratio of the anti-nu_e cross section on 4He at baseline L to that at L = 0, for
// tritium energies and recoils around the dip, NuFIT 5.2 normal ordering.
// Build: part of the default build (target oscillation_check); run: build/bin/oscillation_check
#include <cstdio>

#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"

int main() {
    using namespace cevas;
    const CrossSection xs(make_target("He4"), Parameters{});
    const Projectile anti_e{Flavor::e, NeutrinoType::antineutrino};
    const double baselines_m[] = {0.1, 0.25, 0.5, 1.0, 1.5, 2.0};
    const double recoils_meV[] = {1, 5, 8, 8.6, 9, 10, 20, 50};
    for (double e_keV : {5.0, 10.0, 15.0, 18.0}) {
        std::printf("E = %.0f keV: dsigma/dT(L) / dsigma/dT(L = 0) for anti-nu_e on 4He\n", e_keV);
        std::printf("  T [meV] ");
        for (double l : baselines_m) std::printf("  L=%-5.2gm", l);
        std::printf("\n");
        for (double t : recoils_meV) {
            if (t * units::meV > xs.t_max(e_keV * units::keV)) continue;
            const double ref =
                xs.dsigma_dT(anti_e, {.e_nu = e_keV * units::keV, .t_recoil = t * units::meV});
            std::printf("  %7.2f ", t);
            for (double l : baselines_m) {
                const double v = xs.dsigma_dT(anti_e, {.e_nu = e_keV * units::keV,
                                                       .t_recoil = t * units::meV,
                                                       .baseline = l * units::m});
                std::printf("  %9.4f", v / ref);
            }
            std::printf("\n");
        }
    }
    return 0;
}
