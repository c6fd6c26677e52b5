// Solar flavour conversion: Hermitian eigen-decomposition, adiabatic MSW populations and P_ee
// against scripts/reference_solar.py, literature values, vacuum limit, bad input.
#include "cevas/oscillation/solar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "common/csv.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using namespace units;

TEST(HermitianEigen, ReconstructsRandomMatrices) {
    std::mt19937 rng(7);
    std::normal_distribution<double> g;
    for (int trial = 0; trial < 200; ++trial) {
        Matrix3c h;
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j) {
                h(i, j) = i == j ? complex(g(rng)) : complex(g(rng), g(rng));
                h(j, i) = std::conj(h(i, j));
            }
        const HermitianEigen e = hermitian_eigen(h);
        EXPECT_LE(e.values[0], e.values[1]);
        EXPECT_LE(e.values[1], e.values[2]);
        const Matrix3c r = e.vectors * Matrix3c::diagonal(e.values[0], e.values[1], e.values[2]) *
                           e.vectors.adjoint();
        const Matrix3c id = e.vectors.adjoint() * e.vectors;
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                EXPECT_NEAR(std::abs(r(i, j) - h(i, j)), 0.0, 1e-13);
                EXPECT_NEAR(std::abs(id(i, j) - (i == j ? 1.0 : 0.0)), 0.0, 1e-14);
            }
    }
    Matrix3c bad;
    bad(0, 1) = 1.0;
    EXPECT_THROW(hermitian_eigen(bad), InvalidArgument);
}

SolarOscillation make(const std::string& model, int msw, const std::string& nsi_case) {
    SolarOscillationParameters p;
    p.model = parse_solar_model(model);
    p.msw = msw != 0;
    if (nsi_case == "nsi") {
        p.vector_nsi.e(0, 1) = 0.1;
        p.vector_nsi.e(1, 0) = 0.1;
        p.vector_nsi.d(2, 2) = 0.3;
    }
    return SolarOscillation(p);
}

TEST(SolarOscillation, PopulationsAndSurvivalMatchTheReference) {
    const auto t = test::read_csv("sources/solar_pee.csv");
    ASSERT_GE(t.rows.size(), 10u);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        const SolarOscillation osc =
            make(r[t.col("model")], std::stoi(r[t.col("msw")]), r[t.col("case")]);
        const SolarComponent c = parse_solar_component(r[t.col("component")]);
        const double e = t.number(i, "e_MeV") * MeV;
        const auto pop = osc.populations(c, e);
        for (int j = 0; j < 3; ++j)
            EXPECT_NEAR(pop[j], t.number(i, "p" + std::to_string(j + 1)), 1e-10) << i;
        EXPECT_NEAR(osc.survival_probability(c, e), t.number(i, "pee"), 1e-10) << i;
        double sum = 0;
        for (Flavor f : {Flavor::e, Flavor::mu, Flavor::tau}) sum += osc.probability(c, e, f);
        EXPECT_NEAR(sum, 1.0, 1e-13);
    }
}

// The standard solar curve against measurements (stated tolerances cover the experimental
// errors): Borexino, Nature 562 (2018) 505: P_ee(pp) = 0.57 +- 0.09, P_ee(7Be) = 0.53 +- 0.05;
// SNO, PRC 88 (2013) 025501: P_ee(10 MeV) = 0.317 +- 0.016 (day-night combined fit, c_0).
TEST(SolarOscillation, LiteratureValues) {
    const SolarOscillation osc(SolarOscillationParameters{});
    EXPECT_NEAR(osc.survival_probability(SolarComponent::pp, 0.25 * MeV), 0.57, 0.09);
    EXPECT_NEAR(osc.survival_probability(SolarComponent::pp, 0.25 * MeV), 0.55, 0.02);
    EXPECT_NEAR(osc.survival_probability(SolarComponent::be7, 861.8 * keV), 0.53, 0.05);
    EXPECT_NEAR(osc.survival_probability(SolarComponent::b8, 10 * MeV), 0.317, 0.02);
    // MSW makes P_ee fall with energy across the 8B spectrum.
    EXPECT_GT(osc.survival_probability(SolarComponent::b8, 3 * MeV),
              osc.survival_probability(SolarComponent::b8, 12 * MeV));
}

TEST(SolarOscillation, MswOffIsTheVacuumAverage) {
    SolarOscillationParameters p;
    p.msw = false;
    const SolarOscillation osc(p);
    const Matrix3c u = pmns_matrix(p.mixing);
    double expect = 0;
    for (int j = 0; j < 3; ++j) expect += std::pow(std::norm(u(0, j)), 2);
    for (double e : {0.1, 1.0, 10.0})
        EXPECT_NEAR(osc.survival_probability(SolarComponent::b8, e * MeV), expect, 1e-15);
}

TEST(SolarOscillation, SourceCarriesPopulations) {
    auto osc = std::make_shared<const SolarOscillation>(SolarOscillationParameters{});
    const Source src = solar_neutrino_source(
        {SolarModel::b16_gs98, {SolarComponent::b8, SolarComponent::be7}}, osc);
    ASSERT_EQ(src.components().size(), 3u);
    for (const auto& c : src.components()) ASSERT_TRUE(static_cast<bool>(c.mass_populations));
    const auto p = src.components()[0].mass_populations(10 * MeV);
    const auto q = osc->populations(SolarComponent::b8, 10 * MeV);
    for (int j = 0; j < 3; ++j) EXPECT_EQ(p[j], q[j]);
}

TEST(SolarOscillation, BadInput) {
    SolarOscillationParameters p;
    p.vector_nsi.u(0, 1) = 0.1;  // not Hermitian
    EXPECT_THROW(SolarOscillation{p}, InvalidArgument);
    auto osc = std::make_shared<const SolarOscillation>(SolarOscillationParameters{});
    EXPECT_THROW(solar_neutrino_source({SolarModel::b16_agss09met, {SolarComponent::b8}}, osc),
                 InvalidArgument);
    EXPECT_THROW(osc->populations(SolarComponent::b8, -1.0), InvalidArgument);
}

}  // namespace
}  // namespace cevas
