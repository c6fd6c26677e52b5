// Pion decay at rest: Michel spectra endpoints and normalisation, prompt line, strength.
#include "cevas/sources/pion_dar.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

using namespace units;

constexpr double kMuon = 105.6583755 * MeV;
constexpr double kPion = 139.57039 * MeV;

TEST(MichelSpectrum, EndpointsAndAnalyticValues) {
    const MuonDecaySpectrum nue(MuonDecayNeutrino::nu_e, kMuon);
    const MuonDecaySpectrum numubar(MuonDecayNeutrino::anti_nu_mu, kMuon);
    EXPECT_EQ(nue.e_max(), 0.5 * kMuon);
    EXPECT_EQ(numubar.e_max(), 0.5 * kMuon);
    EXPECT_EQ(nue.density(0.0), 0.0);
    EXPECT_EQ(numubar.density(0.0), 0.0);
    // nu_e vanishes at the endpoint; anti-nu_mu is maximal there: (64/m)(1/4)(1/4) = 4/m.
    EXPECT_NEAR(nue.density(0.5 * kMuon), 0.0, 1e-15 / kMuon);
    EXPECT_NEAR(numubar.density(0.5 * kMuon), 4.0 / kMuon, 1e-14 / kMuon);
    EXPECT_EQ(nue.density(0.5 * kMuon * (1 + 1e-12)), 0.0);
    // nu_e peaks at E = m/3 with (192/m)(1/9)(1/6) = 32/(9 m).
    EXPECT_NEAR(nue.density(kMuon / 3), 32.0 / (9.0 * kMuon), 1e-14 / kMuon);
    EXPECT_LT(nue.density(kMuon / 3 * 1.01), nue.density(kMuon / 3));
    EXPECT_LT(nue.density(kMuon / 3 * 0.99), nue.density(kMuon / 3));
}

TEST(MichelSpectrum, MeanEnergies) {
    // <E> = 0.3 m_mu (nu_e) and 0.35 m_mu (anti-nu_mu), analytic moments of the Michel shapes.
    EXPECT_NEAR(mean_energy(MuonDecaySpectrum(MuonDecayNeutrino::nu_e, kMuon)), 0.3 * kMuon,
                1e-10 * kMuon);
    EXPECT_NEAR(mean_energy(MuonDecaySpectrum(MuonDecayNeutrino::anti_nu_mu, kMuon)), 0.35 * kMuon,
                1e-10 * kMuon);
}

TEST(PionDar, PromptLineEnergy) {
    EXPECT_NEAR(pion_decay_prompt_energy(kPion, kMuon) / MeV, 29.79, 0.005);  // public value
    EXPECT_THROW(pion_decay_prompt_energy(kMuon, kPion), InvalidArgument);
    EXPECT_THROW(pion_decay_prompt_energy(kPion, 0.0), InvalidArgument);
}

TEST(PionDar, SourceHasThreeEqualComponents) {
    const double protons = proton_rate_from_beam(1.4 * MW, 1 * GeV);
    EXPECT_NEAR(protons / Bq, 1.4e6 / (1e9 * 1.602176634e-19), 1e-12 * protons / Bq);
    const Source s = pion_decay_at_rest_source({.proton_rate = protons, .pions_per_proton = 0.09});
    ASSERT_EQ(s.components().size(), 3u);
    const double r = protons * 0.09;
    for (const auto& c : s.components()) EXPECT_NEAR(c.rate, r, 1e-15 * r);
    EXPECT_TRUE(s.components()[0].is_line());
    EXPECT_EQ(s.components()[0].flavor, Flavor::mu);
    EXPECT_EQ(s.components()[0].type, NeutrinoType::neutrino);
    EXPECT_DOUBLE_EQ(s.components()[0].line().energy, pion_decay_prompt_energy(kPion, kMuon));
    EXPECT_EQ(s.components()[1].flavor, Flavor::e);
    EXPECT_EQ(s.components()[1].type, NeutrinoType::neutrino);
    EXPECT_EQ(s.components()[2].flavor, Flavor::mu);
    EXPECT_EQ(s.components()[2].type, NeutrinoType::antineutrino);
}

TEST(PionDar, RejectsInvalidInput) {
    EXPECT_THROW(pion_decay_at_rest_source({}), InvalidArgument);  // rate and yield unset
    EXPECT_THROW(pion_decay_at_rest_source({.proton_rate = 1 * Bq, .pions_per_proton = 0}),
                 InvalidArgument);
    EXPECT_THROW(pion_decay_at_rest_source({.proton_rate = -1 * Bq, .pions_per_proton = 0.1}),
                 InvalidArgument);
    EXPECT_THROW(pion_decay_at_rest_source(
                     {.proton_rate = 1 * Bq, .pions_per_proton = 0.1, .muon_mass = 200 * MeV}),
                 InvalidArgument);
    EXPECT_THROW(MuonDecaySpectrum(MuonDecayNeutrino::nu_e, 0.0), InvalidArgument);
    EXPECT_THROW(proton_rate_from_beam(1 * MW, 0.0), InvalidArgument);
    EXPECT_THROW(proton_rate_from_beam(std::nan(""), 1 * GeV), InvalidArgument);
}

}  // namespace
}  // namespace cevas
