// Units and conversion identities (core/units.hpp): every conversion derives from the exact SI
// 2019 values of e, h and c, so the printed CODATA values must come out to their last digit.
#include "cevas/core/units.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

TEST(Units, HbarCIsTheSiExactValue) {
    // PHYSICS.md section 2: hbar c = 197.3269804 MeV fm. CODATA prints the exact value
    // 197.326 980 459 30... truncated ("197.326 980 4..."), so the quoted digits are a lower
    // bound within one unit of the last digit.
    const double hbar_c_MeV_fm = units::hbar_c_eV_m * 1e9;
    EXPECT_GE(hbar_c_MeV_fm, 197.3269804);
    EXPECT_LT(hbar_c_MeV_fm, 197.3269805);
    // The exact value from h, e, c: 197.32698045930244... (hbar c = h c / (2 pi e)).
    EXPECT_REL_NEAR(hbar_c_MeV_fm, 197.32698045930244, kExact);
    // One femtometre is 1 / (hbar c) = 1 / (197.32698... MeV) in natural units.
    EXPECT_REL_NEAR(units::fm * 197.32698045930244 * units::MeV, 1.0, kExact);
    // And in eV angstrom (xraylib's momentum conversion): 1973.2698... eV angstrom.
    EXPECT_REL_NEAR(1.0 / units::angstrom, 1973.2698045930244, kExact);
}

TEST(Units, HbarInEvSeconds) {
    // hbar = 6.582119569e-16 eV s (CODATA 2018, exact from h and e, quoted to 10 digits).
    EXPECT_NEAR(units::hbar_eV_s / 6.582119569e-16, 1.0, 1e-9);
    EXPECT_REL_NEAR(units::s * units::hbar_eV_s, 1.0, kExact);
}

TEST(Units, CurieIsExactly37GigaBecquerel) {
    EXPECT_REL_NEAR(units::Ci / units::Bq, 3.7e10, kExact);
    EXPECT_REL_NEAR(units::kCi / units::Ci, 1e3, kExact);
    EXPECT_REL_NEAR(units::MCi / units::Bq, 3.7e16, kExact);
    // 1 Bq is one decay per second.
    EXPECT_REL_NEAR(units::Bq * units::s, 1.0, kExact);
}

TEST(Units, EnergyPrefixes) {
    EXPECT_EQ(units::eV, 1.0);
    EXPECT_REL_NEAR(15 * units::keV / units::eV, 15e3, kExact);
    EXPECT_REL_NEAR(units::GeV / units::MeV, 1e3, kExact);
    EXPECT_REL_NEAR(units::meV * 1e3, units::eV, kExact);
    // 1 J = 1 / e eV.
    EXPECT_REL_NEAR(units::joule * 1.602176634e-19, 1.0, kExact);
}

TEST(Units, LengthsAreConsistent) {
    EXPECT_REL_NEAR(units::km / units::m, 1e3, kExact);
    EXPECT_REL_NEAR(units::m / units::cm, 1e2, kExact);
    EXPECT_REL_NEAR(units::cm / units::mm, 10.0, kExact);
    EXPECT_REL_NEAR(units::m / units::fm, 1e15, kExact);
    EXPECT_REL_NEAR(units::m / units::angstrom, 1e10, kExact);
    EXPECT_REL_NEAR(units::cm2, units::cm * units::cm, kExact);
    EXPECT_REL_NEAR(units::m2 / units::cm2, 1e4, kExact);
    EXPECT_REL_NEAR(units::m3 / units::cm3, 1e6, kExact);
    // A cross section in eV^-2 converted to cm^2 and back.
    const double sigma = 1.234e-38 * units::cm2;
    EXPECT_REL_NEAR(sigma / units::cm2, 1.234e-38, kExact);
    // 1 eV^-2 = (hbar c)^2 = 3.893793721e-10 cm^2 ... in cm^2: (1.973269804e-5 cm)^2.
    EXPECT_NEAR(1.0 / units::cm2 / 3.893793721e-10, 1.0, 1e-9);
}

TEST(Units, TimesAndYear) {
    EXPECT_REL_NEAR(units::minute / units::s, 60.0, kExact);
    EXPECT_REL_NEAR(units::hour / units::s, 3600.0, kExact);
    EXPECT_REL_NEAR(units::day / units::s, 86400.0, kExact);
    EXPECT_REL_NEAR(units::year / units::s, 31557600.0, kExact);  // Julian year
}

TEST(Units, MassEnergyEquivalence) {
    // 1 kg c^2 = 5.609588603804452e35 eV (c^2 / e, exact).
    EXPECT_REL_NEAR(units::kg, 299792458.0 * 299792458.0 / 1.602176634e-19, kExact);
    EXPECT_NEAR(units::kg / 5.609588603804452e35, 1.0, 1e-15);
    EXPECT_REL_NEAR(units::kg / units::g, 1e3, kExact);
    EXPECT_REL_NEAR(units::tonne / units::kg, 1e3, kExact);
}

TEST(Units, Power) {
    EXPECT_REL_NEAR(units::W * units::s, units::joule, kExact);
    EXPECT_REL_NEAR(units::GW / units::MW, 1e3, kExact);
}

}  // namespace
}  // namespace cevas
