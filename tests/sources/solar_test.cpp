// Solar neutrinos as emitted: B16 fluxes, spectra, lines, production profiles, bad input.
#include "cevas/sources/solar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "common/csv.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using namespace units;
using test::kQuadrature;
using test::kReference;

constexpr double kFluxUnit = 1.0 / (cm2 * s);

TEST(Solar, FluxesAreTheCitedB16Values) {
    const auto t = test::read_csv("sources/solar_fluxes.csv");
    ASSERT_EQ(t.rows.size(), 16u);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const SolarModel m = parse_solar_model(t.rows[i][t.col("model")]);
        const SolarComponent c = parse_solar_component(t.rows[i][t.col("component")]);
        EXPECT_REL_NEAR(solar_flux(m, c) / kFluxUnit, t.number(i, "flux_per_cm2_s"), 1e-12)
            << t.rows[i][0] << " " << t.rows[i][1];
    }
}

// Each component's emitted spectrum, folded with the solar geometry's 1/(4 pi AU^2), integrates
// to the cited flux at Earth (relative 1e-6).
TEST(Solar, SourceIntegratesToTheCitedFluxes) {
    for (SolarModel m : {SolarModel::b16_gs98, SolarModel::b16_agss09met}) {
        for (SolarComponent c : all_solar_components) {
            const Source src = solar_source({m, {c}});
            double flux = 0;
            for (const auto& comp : src.components()) {
                const double n = comp.is_line() ? 1.0
                                                : integrate_spectrum(comp.continuum(),
                                                                     [](double) { return 1.0; });
                flux += comp.rate * n / (4.0 * M_PI * kSolarDistance * kSolarDistance);
            }
            EXPECT_REL_NEAR(flux, solar_flux(m, c), 1e-6) << to_string(m) << " " << to_string(c);
        }
    }
}

TEST(Solar, SpectraNormalisedWithTheReferenceSupportAndMean) {
    const auto t = test::read_csv("sources/solar_spectra.csv");
    ASSERT_EQ(t.rows.size(), 6u);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto sp = solar_spectrum(parse_solar_component(t.rows[i][t.col("component")]));
        EXPECT_REL_NEAR(integrate_spectrum(*sp, [](double) { return 1.0; }), 1.0, kQuadrature);
        EXPECT_DOUBLE_EQ(sp->e_min() / MeV, t.number(i, "e_min_MeV"));
        EXPECT_REL_NEAR(sp->e_max() / MeV, t.number(i, "e_max_MeV"), 1e-12);
        EXPECT_REL_NEAR(mean_energy(*sp) / MeV, t.number(i, "mean_MeV"), kQuadrature)
            << t.rows[i][0];
    }
}

TEST(Solar, LinesPepAndBothBe7Lines) {
    const Source src =
        solar_source({SolarModel::b16_gs98, {SolarComponent::pep, SolarComponent::be7}});
    ASSERT_EQ(src.components().size(), 3u);
    const auto& pep = src.components()[0];
    const auto& hi = src.components()[1];
    const auto& lo = src.components()[2];
    EXPECT_DOUBLE_EQ(pep.line().energy, 1.442 * MeV);
    EXPECT_DOUBLE_EQ(hi.line().energy, 861.8 * keV);
    EXPECT_DOUBLE_EQ(lo.line().energy, 384.3 * keV);
    EXPECT_DOUBLE_EQ(hi.line().branching, 0.897);
    EXPECT_NEAR(lo.line().branching, 0.103, 1e-15);
    EXPECT_REL_NEAR(lo.rate / hi.rate, 0.103 / 0.897, 1e-14);
    const double area = 4.0 * M_PI * kSolarDistance * kSolarDistance;
    EXPECT_REL_NEAR((hi.rate + lo.rate) / area / kFluxUnit, 4.93e9, 1e-12);
    for (const auto& c : src.components()) {
        EXPECT_EQ(c.flavor, Flavor::e);
        EXPECT_EQ(c.type, NeutrinoType::neutrino);
    }
}

TEST(Solar, DefaultIsAllComponentsAndDescribesItself) {
    const Source src = solar_source({});
    EXPECT_EQ(src.components().size(), 9u);  // 7Be has two lines
    bool model = false;
    for (const auto& [k, v] : src.describe())
        if (k == "solar_model") model = (v == "B16-GS98");
    EXPECT_TRUE(model);
    EXPECT_REL_NEAR(src.max_energy() / MeV, 18.784, 1e-12);  // hep endpoint
}

TEST(Solar, ProductionProfilesNormalisedInsideTheCore) {
    for (SolarModel m : {SolarModel::b16_gs98, SolarModel::b16_agss09met}) {
        for (SolarComponent c : all_solar_components) {
            const auto p = solar_production_profile(m, c);
            ASSERT_FALSE(p.radius.empty());
            double sum = 0, mean_r = 0;
            for (std::size_t i = 0; i < p.radius.size(); ++i) {
                sum += p.weight[i];
                mean_r += p.weight[i] * p.radius[i];
                EXPECT_GT(p.electron_density[i], 0.0);
            }
            EXPECT_NEAR(sum, 1.0, 1e-12);
            EXPECT_LT(mean_r, 0.25) << to_string(c);  // all produced in the core
        }
    }
    // 8B is made deeper than pp (Bahcall, Neutrino Astrophysics, Fig. 6.2).
    auto mean = [](const SolarProductionProfile& p) {
        double r = 0;
        for (std::size_t i = 0; i < p.radius.size(); ++i) r += p.weight[i] * p.radius[i];
        return r;
    };
    EXPECT_LT(mean(solar_production_profile(SolarModel::b16_gs98, SolarComponent::b8)),
              mean(solar_production_profile(SolarModel::b16_gs98, SolarComponent::pp)));
    // Central electron density of B16-GS98: log10(n_e/N_A) = 2.004 (the table's first zone).
    const auto p = solar_production_profile(SolarModel::b16_gs98, SolarComponent::pp);
    EXPECT_REL_NEAR(p.electron_density[0] * cm3, std::pow(10.0, 2.004) * si_avogadro, 1e-12);
}

TEST(Solar, BadInput) {
    try {
        parse_solar_model("B16-GS99");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("model = B16-GS99"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_solar_component("9B"), InvalidArgument);
    EXPECT_THROW(solar_source({SolarModel::b16_gs98, {}}), InvalidArgument);
    EXPECT_THROW(solar_source({SolarModel::b16_gs98, {SolarComponent::b8, SolarComponent::b8}}),
                 InvalidArgument);
    EXPECT_THROW(solar_spectrum(SolarComponent::pep), InvalidArgument);
}

}  // namespace
}  // namespace cevas
