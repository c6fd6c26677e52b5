#pragma once
/// @file
/// Standard-Model neutral-current couplings of neutrinos to electrons and nucleons.

#include <array>
#include <string_view>

namespace cevas {

/// How the nucleon vector couplings are obtained.
enum class CouplingScheme {
    tree_level,  ///< g_V^p = 1/2 - 2 sin^2 theta_W, g_V^n = -1/2 (seeds 000 and 003)
    custom,      ///< user-given g_V^p, g_V^n per flavour (e.g. radiatively corrected values)
};

std::string_view to_string(CouplingScheme s);
CouplingScheme parse_coupling_scheme(std::string_view name,
                                     std::string_view field = "coupling_scheme");

/// Electroweak inputs. Defaults: PHYSICS.md section 2.
struct ElectroweakParameters {
    /// Weak mixing angle at low energy, MS-bar: 0.23857 (PDG).
    double sin2_theta_w = 0.23857;
    /// Nucleon axial coupling g_A: 1.2754 (PDG 2024); seed 003 uses 1.25.
    double nucleon_axial_coupling = 1.2754;
    CouplingScheme scheme = CouplingScheme::tree_level;
    /// g_V^p per flavour (e, mu, tau), used when scheme == custom.
    std::array<double, 3> custom_gv_proton{0.0, 0.0, 0.0};
    /// g_V^n per flavour (e, mu, tau), used when scheme == custom.
    std::array<double, 3> custom_gv_neutron{-0.5, -0.5, -0.5};
};

/// The couplings in use, per flavour where they may differ.
struct WeakCouplings {
    std::array<double, 3> gv_proton;   ///< g_V^p per flavour
    std::array<double, 3> gv_neutron;  ///< g_V^n per flavour
    double gv_electron;                ///< g_V^e = -1/2 + 2 sin^2 theta_W (Z exchange only)
    double ga_electron;                ///< g_A^e = -1/2 (Z exchange only)
    double ga_nucleon;                 ///< g_A (nucleon axial coupling)
};

/// Evaluate the couplings. W exchange for nu_e-e is not included here: it is the separate
/// flavour projector P_e = diag(1, 0, 0) in the coupling matrix (PHYSICS.md section 4).
/// @throws InvalidArgument if sin^2 theta_W is not in (0, 1) or a coupling is not finite.
WeakCouplings weak_couplings(const ElectroweakParameters& p);

}  // namespace cevas
