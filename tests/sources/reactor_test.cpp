// Reactor antineutrinos: Huber–Mueller fits, fuel mixture, power -> rate, cuts.
#include "cevas/sources/reactor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

using namespace units;

TEST(Reactor, FitsArePositiveAndFallingOverTheFitRange) {
    for (auto iso : all_fissile_isotopes) {
        const auto a = huber_mueller_coefficients(iso);
        double prev = INFINITY;
        for (double e = 2.0; e <= 8.0; e += 0.25) {
            const double v = huber_mueller_per_fission(a, e * MeV);
            EXPECT_GT(v, 0.0) << to_string(iso) << " " << e;
            EXPECT_LT(v, prev) << to_string(iso) << " " << e;
            prev = v;
        }
    }
}

TEST(Reactor, SpectrumPositiveInsideZeroOutside) {
    const ReactorSpectrum s(ReactorParameters{});
    EXPECT_EQ(s.e_min(), 1.8 * MeV);
    EXPECT_EQ(s.e_max(), 10 * MeV);
    for (double e = 1.8; e <= 10.0; e += 0.05) EXPECT_GT(s.density(e * MeV), 0.0) << e;
    EXPECT_EQ(s.density(1.79 * MeV), 0.0);
    EXPECT_EQ(s.density(10.01 * MeV), 0.0);
}

TEST(Reactor, MixtureIsTheFractionWeightedSum) {
    ReactorParameters p;
    const ReactorSpectrum mix(p);
    double n = 0;
    for (auto iso : all_fissile_isotopes) {
        n += p.fission_fractions[static_cast<int>(iso)] * mix.neutrinos_per_fission(iso);
    }
    EXPECT_NEAR(mix.neutrinos_per_fission(), n, 1e-14 * n);
    // A pure-isotope reactor reproduces the isotope's fit divided by its per-fission yield.
    p.fission_fractions = {0, 0, 1, 0};
    const ReactorSpectrum pu(p);
    const double e = 3.3 * MeV;
    EXPECT_NEAR(pu.density(e),
                huber_mueller_per_fission(huber_mueller_coefficients(FissileIsotope::pu239), e) /
                    pu.neutrinos_per_fission(FissileIsotope::pu239),
                1e-14 * pu.density(e));
}

TEST(Reactor, PowerToRate) {
    ReactorParameters p{.thermal_power = 3 * GW};
    const double mean_e = 0.56 * 202.36 + 0.08 * 205.99 + 0.30 * 211.12 + 0.06 * 214.26;  // MeV
    const double fissions_per_s = 3e9 / (mean_e * 1e6 * 1.602176634e-19);
    EXPECT_NEAR(reactor_fission_rate(p) / Bq, fissions_per_s, 1e-12 * fissions_per_s);
    const Source s = reactor_source(p);
    ASSERT_EQ(s.components().size(), 1u);
    const auto& c = s.components()[0];
    EXPECT_EQ(c.flavor, Flavor::e);
    EXPECT_EQ(c.type, NeutrinoType::antineutrino);
    const auto& spec = dynamic_cast<const ReactorSpectrum&>(c.continuum());
    EXPECT_NEAR(c.rate / Bq, fissions_per_s * spec.neutrinos_per_fission(), 1e-12 * c.rate / Bq);
    // Public order of magnitude: ~2e20 antineutrinos/s/GW in total, about 1/3 above 1.8 MeV.
    EXPECT_GT(c.rate / Bq / 3.0, 4e19);
    EXPECT_LT(c.rate / Bq / 3.0, 8e19);
}

TEST(Reactor, LowCutIsSettableAndDocumented) {
    ReactorParameters p;
    p.e_min = 0.5 * MeV;
    const ReactorSpectrum s(p);
    EXPECT_EQ(s.e_min(), 0.5 * MeV);
    EXPECT_GT(s.density(1 * MeV), 0.0);
    EXPECT_GT(s.neutrinos_per_fission(),
              ReactorSpectrum(ReactorParameters{}).neutrinos_per_fission());
    bool flagged = false;
    for (const auto& [k, v] : s.describe()) {
        if (k == "e_min_MeV") flagged = v.find("extrapolated") != std::string::npos;
    }
    EXPECT_TRUE(flagged);
}

// Reference values: scripts/reference_reactor_low_energy.py (printed to 10 digits).
TEST(Reactor, VogelEngelAlternativeMatchesTheScript) {
    const double ref[4][3] = {{2.153835056, 1.857070043, 1.529972865},  // U235
                              {2.399475088, 2.085481993, 1.742376524},  // U238
                              {2.121185223, 1.748747819, 1.372693681},  // Pu239
                              {2.06653853, 1.830336812, 1.535529081}};  // Pu241
    for (auto iso : all_fissile_isotopes) {
        const auto c = vogel_engel_coefficients(iso);
        for (int j = 0; j < 3; ++j) {
            const double e = 0.5 * (j + 1) * MeV;
            const double expected = ref[static_cast<int>(iso)][j];
            EXPECT_NEAR(huber_mueller_per_fission(c, e) * MeV, expected, 1e-9 * expected)
                << to_string(iso) << " at " << e / MeV << " MeV";
        }
    }
}

TEST(Reactor, LowEnergyExtrapolationSpreadMatchesTheScript) {
    // Default fuel, antineutrinos per fission in [e_min, 1.8 MeV]: Huber-Mueller extrapolated
    // vs Vogel-Engel; these are the numbers quoted in low_energy_uncertainty.
    ReactorParameters hm;
    hm.e_max = 1.8 * MeV;
    ReactorParameters ve = hm;
    for (auto iso : all_fissile_isotopes)
        ve.coefficients[static_cast<int>(iso)] = vogel_engel_coefficients(iso);
    for (auto [lo, n_hm, n_ve] :
         {std::tuple{0.0, 21.70877914, 3.403707756}, std::tuple{1.0, 1.84531922, 1.255132043}}) {
        hm.e_min = ve.e_min = lo * MeV;
        EXPECT_NEAR(ReactorSpectrum(hm).neutrinos_per_fission(), n_hm, 1e-8 * n_hm) << lo;
        EXPECT_NEAR(ReactorSpectrum(ve).neutrinos_per_fission(), n_ve, 1e-8 * n_ve) << lo;
    }
    ReactorParameters low;
    low.e_min = 0.5 * MeV;
    std::string text;
    for (const auto& [k, v] : ReactorSpectrum(low).describe()) {
        if (k == "low_energy_uncertainty") text = v;
    }
    EXPECT_NE(text.find("1.845 vs 1.255"), std::string::npos) << text;
    EXPECT_NE(text.find("-4.7 %"), std::string::npos) << text;
    for (const auto& [k, v] : ReactorSpectrum(ReactorParameters{}).describe())
        EXPECT_NE(k, "low_energy_uncertainty");  // only flagged when e_min < 1.8 MeV
}

TEST(Reactor, FractionsAreRescaledWithinTolerance) {
    ReactorParameters p;
    p.fission_fractions = {0.5605, 0.08, 0.30, 0.06};  // sums to 1.0005
    const ReactorSpectrum s(p);
    double sum = 0;
    for (double f : s.fission_fractions()) sum += f;
    EXPECT_NEAR(sum, 1.0, 1e-15);
}

TEST(Reactor, RejectsInvalidInput) {
    EXPECT_THROW(reactor_source(ReactorParameters{}), InvalidArgument);  // power unset
    ReactorParameters p{.thermal_power = 1 * GW};
    EXPECT_NO_THROW(reactor_source(p));
    auto q = p;
    q.fission_fractions = {0.5, 0.1, 0.3, 0.0};  // sums to 0.9
    EXPECT_THROW(reactor_source(q), InvalidArgument);
    q = p;
    q.fission_fractions = {1.1, -0.1, 0.0, 0.0};
    EXPECT_THROW(ReactorSpectrum{q}, InvalidArgument);
    q = p;
    q.energy_per_fission[2] = 0;
    EXPECT_THROW(reactor_fission_rate(q), InvalidArgument);
    q = p;
    q.e_min = 9 * MeV;
    q.e_max = 8 * MeV;
    EXPECT_THROW(ReactorSpectrum{q}, InvalidArgument);
    q = p;
    q.e_min = -1 * MeV;
    EXPECT_THROW(ReactorSpectrum{q}, InvalidArgument);
    q = p;
    q.coefficients[0][3] = std::nan("");
    EXPECT_THROW(ReactorSpectrum{q}, InvalidArgument);
    q = p;
    q.thermal_power = -1 * GW;
    try {
        reactor_source(q);
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()).rfind("thermal_power = ", 0), 0u) << e.what();
    }
    EXPECT_THROW(
        huber_mueller_per_fission(huber_mueller_coefficients(FissileIsotope::u235), std::nan("")),
        InvalidArgument);
}

}  // namespace
}  // namespace cevas
