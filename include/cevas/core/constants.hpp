#pragma once
/// @file
/// Physical constants: one home each, each with its source. All are overridable through
/// the PhysicalConstants object passed to every computation (no globals).

#include <string>
#include <vector>

#include "cevas/core/units.hpp"

namespace cevas {

/// Physical constants used by the cross sections, in natural units (eV = 1).
/// Defaults: PHYSICS.md section 2.
struct PhysicalConstants {
    /// Fermi constant G_F [eV^-2]. PDG 2024: 1.1663788(6)e-5 GeV^-2.
    double fermi_constant = 1.1663788e-5 / (units::GeV * units::GeV);
    /// Fine-structure constant alpha (Thomson limit). CODATA 2018: 1/137.035999084.
    double alpha = 1.0 / 137.035999084;
    /// Electron mass m_e [eV]. CODATA 2018: 510998.95 eV.
    double electron_mass = 510998.95 * units::eV;
    /// Bohr radius a0 [eV^-1]. CODATA 2018: 0.529177210903 angstrom.
    double bohr_radius = 0.529177210903 * units::angstrom;
    /// Unified atomic mass unit u [eV]. CODATA 2018: 931.49410242 MeV.
    double atomic_mass_unit = 931.49410242 * units::MeV;
    /// Proton mass [eV]. CODATA 2018: 938.27208816 MeV.
    double proton_mass = 938.27208816 * units::MeV;
    /// Neutron mass [eV]. CODATA 2018: 939.56542052 MeV.
    double neutron_mass = 939.56542052 * units::MeV;

    /// Bohr magneton mu_B = e / (2 m_e) [eV^-1], with e = sqrt(4 pi alpha).
    double bohr_magneton() const;
};

/// One row of a constants listing, for output headers and `cevas info constants`.
struct ConstantEntry {
    std::string name;    ///< identifier as used in configs (snake_case)
    double value;        ///< value in the stated unit
    std::string unit;    ///< unit of `value`
    std::string source;  ///< reference
};

/// Particle lifetimes used by the timing windows of pion decay-at-rest sources
/// (rates/response.hpp).
namespace constants {
/// Mean life of the charged pion [ns]. PDG 2024: tau_pi+- = 2.6033(5)e-8 s.
inline constexpr double pion_lifetime_ns = 26.033;
/// Mean life of the muon [ns]. PDG 2024: tau_mu = 2.1969811(22)e-6 s.
inline constexpr double muon_lifetime_ns = 2196.9811;
}  // namespace constants

/// The constants with their units and sources, in output units (GeV^-2, eV, angstrom ...).
std::vector<ConstantEntry> list_constants(const PhysicalConstants& c);

}  // namespace cevas
