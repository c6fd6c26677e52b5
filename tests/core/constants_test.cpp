// Physical constants (core/constants.hpp): defaults equal PHYSICS.md section 2, the listing
// carries every constant with unit and source, and derived quantities are consistent.
#include "cevas/core/constants.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

TEST(Constants, DefaultsArePhysicsMdSection2) {
    const PhysicalConstants c;
    EXPECT_REL_NEAR(c.fermi_constant * units::GeV * units::GeV, 1.1663788e-5, kExact);
    EXPECT_REL_NEAR(1.0 / c.alpha, 137.035999084, kExact);
    EXPECT_REL_NEAR(c.electron_mass / units::eV, 510998.95, kExact);
    EXPECT_REL_NEAR(c.bohr_radius / units::angstrom, 0.529177210903, kExact);
    EXPECT_REL_NEAR(c.atomic_mass_unit / units::MeV, 931.49410242, kExact);
    EXPECT_REL_NEAR(c.proton_mass / units::MeV, 938.27208816, kExact);
    EXPECT_REL_NEAR(c.neutron_mass / units::MeV, 939.56542052, kExact);
}

TEST(Constants, BohrRadiusIsConsistentWithAlphaAndElectronMass) {
    // a0 = 1 / (alpha m_e): CODATA's a0, alpha and m_e agree to their uncertainties (1.5e-10).
    const PhysicalConstants c;
    EXPECT_NEAR(c.bohr_radius * c.alpha * c.electron_mass, 1.0, 1e-9);
}

TEST(Constants, BohrMagneton) {
    const PhysicalConstants c;
    // Natural (Heaviside-Lorentz) units: mu_B = e / (2 m_e), e = sqrt(4 pi alpha).
    EXPECT_REL_NEAR(c.bohr_magneton(),
                    std::sqrt(4 * std::numbers::pi * c.alpha) / (2 * c.electron_mass), kExact);
    // In SI-derived units mu_B = e hbar / (2 m_e) = hbar c^2 / (2 m_e [eV]) eV/T:
    // CODATA 2018 5.7883818060(17)e-5 eV/T; m_e here has 9 digits, so agree to 1e-9.
    const double mu_b_eV_per_T =
        units::hbar_eV_s * 299792458.0 * 299792458.0 / (2.0 * c.electron_mass / units::eV);
    EXPECT_NEAR(mu_b_eV_per_T / 5.7883818060e-5, 1.0, 1e-9);
}

TEST(Constants, OverridesArePerObject) {
    PhysicalConstants a;
    PhysicalConstants b;
    b.alpha = 1.0 / 128.0;
    EXPECT_NE(a.bohr_magneton(), b.bohr_magneton());
    EXPECT_REL_NEAR(b.bohr_magneton() / a.bohr_magneton(), std::sqrt(137.035999084 / 128.0),
                    kExact);
}

TEST(Constants, ListingHasEveryConstantWithUnitAndSource) {
    const PhysicalConstants c;
    const auto list = list_constants(c);
    const auto find = [&](const std::string& name) {
        const auto it = std::find_if(list.begin(), list.end(),
                                     [&](const ConstantEntry& e) { return e.name == name; });
        EXPECT_NE(it, list.end()) << name << " missing from list_constants";
        return it == list.end() ? ConstantEntry{} : *it;
    };
    EXPECT_REL_NEAR(find("fermi_constant").value, 1.1663788e-5, kExact);
    EXPECT_EQ(find("fermi_constant").unit, "GeV^-2");
    EXPECT_REL_NEAR(find("alpha_inverse").value, 137.035999084, kExact);
    EXPECT_REL_NEAR(find("electron_mass").value, 510998.95, kExact);
    EXPECT_REL_NEAR(find("bohr_radius").value, 0.529177210903, kExact);
    EXPECT_REL_NEAR(find("atomic_mass_unit").value, 931.49410242, kExact);
    EXPECT_REL_NEAR(find("hbar_c").value, 197.32698045930244, kExact);  // exact from e, h, c
    for (const auto& e : list) {
        EXPECT_FALSE(e.unit.empty()) << e.name;
        EXPECT_FALSE(e.source.empty()) << e.name;
        EXPECT_TRUE(std::isfinite(e.value) && e.value > 0) << e.name;
    }
}

}  // namespace
}  // namespace cevas
