// Tritium source: endpoint, shape identities, activity <-> mass, public values, errors.
#include "cevas/sources/tritium.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

using namespace units;

constexpr double kRoundTripTol = 1e-12;      // activity <-> mass (relative)
constexpr double kPublicMeanTol = 0.05;      // "about 12.9 keV" (PHYSICS.md): +-0.05 keV
constexpr double kPublicActivityTol = 0.05;  // "about 9.6 kCi per gram": +-0.05 kCi

TritiumParameters with_model(FermiFunction m) {
    TritiumParameters p;
    p.fermi_function = m;
    return p;
}

TEST(Tritium, EndpointIsQ) {
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        const TritiumSpectrum s(with_model(m));
        const double q = 18592.01 * eV;
        EXPECT_EQ(s.e_max(), q);
        EXPECT_EQ(s.e_min(), 0.0);
        EXPECT_EQ(s.density(std::nextafter(q, 2 * q)), 0.0);
        EXPECT_EQ(s.density(q + 1 * eV), 0.0);
        EXPECT_GT(s.density(q - 1e-3 * eV), 0.0);
        EXPECT_GT(s.density(q), 0.0);    // p F -> const: the spectrum ends with a finite step
        EXPECT_EQ(s.density(0.0), 0.0);  // E_nu^2
        EXPECT_GT(s.density(1 * eV), 0.0);
    }
}

TEST(Tritium, ShapeOverNormIsDensity) {
    const TritiumSpectrum s;
    for (double e : {1.0, 5e3, 12.9e3, 18.5e3}) {
        EXPECT_DOUBLE_EQ(s.density(e * eV), s.shape(e * eV) / s.norm());
    }
}

TEST(Tritium, LowEnergyIsQuadraticInENu) {
    // rho(E) / E^2 -> constant as E -> 0 (F p_e E_e varies on the scale of Q).
    const TritiumSpectrum s;
    const double r1 = s.density(0.1 * eV) / (0.1 * 0.1);
    const double r2 = s.density(0.2 * eV) / (0.2 * 0.2);
    EXPECT_NEAR(r1 / r2, 1.0, 1e-4);
}

TEST(Tritium, MeanEnergyMatchesPublicValue) {
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        const TritiumSpectrum s(with_model(m));
        EXPECT_NEAR(mean_energy(s) / keV, 12.9, kPublicMeanTol) << to_string(m);
    }
}

TEST(Tritium, OneGramIsAbout9p6kCi) {
    const double a = tritium_activity_from_mass(1 * g);
    EXPECT_NEAR(a / kCi, 9.6, kPublicActivityTol);
}

TEST(Tritium, ActivityMassRoundTrip) {
    for (double m_g : {1e-6, 1.0, 60.0, 160.0, 500.0}) {
        const double a = tritium_activity_from_mass(m_g * g);
        EXPECT_NEAR(tritium_mass_from_activity(a) / g, m_g, kRoundTripTol * m_g);
    }
    for (double a_mci : {10.0, 40.0}) {
        const double m = tritium_mass_from_activity(a_mci * MCi);
        EXPECT_NEAR(tritium_activity_from_mass(m) / MCi, a_mci, kRoundTripTol * a_mci);
    }
}

TEST(Tritium, ActivityIsLinearInMassAndInverseInHalfLife) {
    TritiumParameters p;
    const double a1 = tritium_activity_from_mass(2 * g, p);
    p.half_life *= 2;
    EXPECT_NEAR(tritium_activity_from_mass(4 * g, p), a1, 1e-14 * a1);
    EXPECT_NEAR(tritium_decay_constant(p) * p.half_life, std::log(2.0), 1e-15);
}

TEST(Tritium, SourceFromMassAndActivity) {
    const Source s = tritium_source_from_mass(60 * g);
    ASSERT_EQ(s.components().size(), 1u);
    const auto& c = s.components()[0];
    EXPECT_EQ(c.flavor, Flavor::e);
    EXPECT_EQ(c.type, NeutrinoType::antineutrino);
    EXPECT_FALSE(c.is_line());
    EXPECT_NEAR(c.rate, tritium_activity_from_mass(60 * g), 1e-15 * c.rate);
    EXPECT_EQ(c.continuum().e_max(), 18592.01 * eV);

    const Source s2 = tritium_source_from_activity(10 * MCi);
    EXPECT_NEAR(s2.total_rate() / Bq, 10 * 3.7e16, 10 * 3.7e16 * 1e-14);

    // describe() lists every input.
    const auto d = s.describe();
    for (const char* key : {"activity_Bq", "activity_Ci", "half_life_d", "atomic_mass_u", "mass_g",
                            "component_0.q_value_eV", "component_0.fermi_function",
                            "component_0.nuclear_radius_fm"}) {
        bool found = false;
        for (const auto& [k, v] : d) found = found || k == key;
        EXPECT_TRUE(found) << key;
    }
}

TEST(Tritium, RejectsInvalidInput) {
    EXPECT_THROW(tritium_activity_from_mass(0.0), InvalidArgument);
    EXPECT_THROW(tritium_activity_from_mass(-1 * g), InvalidArgument);
    EXPECT_THROW(tritium_activity_from_mass(std::nan("")), InvalidArgument);
    EXPECT_THROW(tritium_mass_from_activity(INFINITY), InvalidArgument);
    EXPECT_THROW(tritium_source_from_activity(-1 * Ci), InvalidArgument);
    EXPECT_THROW(tritium_source_from_mass(0.0), InvalidArgument);
    TritiumParameters p;
    p.q_value = -1;
    EXPECT_THROW(TritiumSpectrum{p}, InvalidArgument);
    p = {};
    p.half_life = 0;
    EXPECT_THROW(tritium_activity_from_mass(1 * g, p), InvalidArgument);
    p = {};
    p.nuclear_radius = std::nan("");
    EXPECT_THROW(TritiumSpectrum{p}, InvalidArgument);
    p = {};
    p.daughter_z = 0;
    EXPECT_THROW(TritiumSpectrum{p}, InvalidArgument);
    try {
        tritium_activity_from_mass(-2 * g);
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()).rfind("mass = ", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace cevas
