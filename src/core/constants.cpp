#include "cevas/core/constants.hpp"

#include <cmath>
#include <numbers>

namespace cevas {

double PhysicalConstants::bohr_magneton() const {
    return std::sqrt(4.0 * std::numbers::pi * alpha) / (2.0 * electron_mass);
}

std::vector<ConstantEntry> list_constants(const PhysicalConstants& c) {
    using namespace units;
    return {
        {"fermi_constant", c.fermi_constant * GeV * GeV, "GeV^-2", "PDG 2024"},
        {"alpha_inverse", 1.0 / c.alpha, "1", "CODATA 2018"},
        {"electron_mass", c.electron_mass / eV, "eV", "CODATA 2018"},
        {"bohr_radius", c.bohr_radius / angstrom, "angstrom", "CODATA 2018"},
        {"atomic_mass_unit", c.atomic_mass_unit / MeV, "MeV", "CODATA 2018"},
        {"proton_mass", c.proton_mass / MeV, "MeV", "CODATA 2018"},
        {"neutron_mass", c.neutron_mass / MeV, "MeV", "CODATA 2018"},
        {"hbar_c", hbar_c_eV_m * 1e15 / 1e6, "MeV fm", "SI 2019 (exact e, h, c)"},
    };
}

}  // namespace cevas
