#pragma once
/// @file
/// Three-flavour mixing (PMNS, standard parametrisation) and vacuum propagation.

#include <array>
#include <string_view>

#include "cevas/core/flavor.hpp"
#include "cevas/numerics/matrix3.hpp"

namespace cevas {

enum class MassOrdering { normal, inverted };
std::string_view to_string(MassOrdering o);
MassOrdering parse_mass_ordering(std::string_view s, std::string_view field = "ordering");

/// Oscillation parameters. Angles and phase in radians, splittings in eV^2.
/// Defaults: NuFIT 5.2 (2022, www.nu-fit.org, with SK atmospheric data), normal ordering.
struct MixingParameters {
    double theta12 = 33.41 * kDeg;
    double theta13 = 8.58 * kDeg;
    double theta23 = 42.2 * kDeg;
    double delta_cp = 232.0 * kDeg;
    double dm21_sq = 7.41e-5;   ///< m2^2 - m1^2 [eV^2]
    double dm31_sq = 2.507e-3;  ///< m3^2 - m1^2 [eV^2] (negative for inverted ordering)

    static constexpr double kDeg = 3.14159265358979323846 / 180.0;

    /// NuFIT 5.2 best fit for the given ordering. Inverted: theta12 33.41°, theta13 8.57°,
    /// theta23 49.0°, delta 276°, dm21 7.41e-5 eV^2, dm32 = -2.486e-3 eV^2.
    static MixingParameters nufit52(MassOrdering ordering);
    MassOrdering ordering() const {
        return dm31_sq >= 0 ? MassOrdering::normal : MassOrdering::inverted;
    }
};

/// PMNS matrix U = R23 U13(delta) R12 (PDG standard parametrisation; Majorana phases drop out
/// of oscillations and coherent scattering).
Matrix3c pmns_matrix(const MixingParameters& p);

/// Vacuum evolution operator in flavour space over baseline L,
///   S(L) = U diag(exp(-i m_i^2 L / 2E)) U^dagger              (neutrinos)
///   S(L) = U^* diag(exp(-i m_i^2 L / 2E)) U^T                 (antineutrinos),
/// with m_1^2 = 0 (only differences matter). Amplitude nu_a -> nu_b is S(L)_{ba}.
/// @param e_nu [eV] > 0   @param baseline [eV^-1] >= 0 (multiply metres by units::m)
Matrix3c propagator(const Matrix3c& u, const MixingParameters& p, double e_nu, double baseline,
                    NeutrinoType type);

/// P(nu_a -> nu_b) = |S_{ba}|^2 over baseline L. @param e_nu [eV] @param baseline [eV^-1]
double oscillation_probability(const MixingParameters& p, Flavor from, Flavor to, double e_nu,
                               double baseline, NeutrinoType type);

/// Validate angles (finite, within [0, pi/2] for theta_ij) and splittings (finite, dm21 > 0).
void validate(const MixingParameters& p);

}  // namespace cevas
