// Identities common to every spectrum: unit normalisation (checked with tanh-sinh, a quadrature
// independent of the Gauss–Kronrod one the code uses), break points, Source bookkeeping.
#include "cevas/sources/spectrum.hpp"

#include <gtest/gtest.h>

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/reactor.hpp"
#include "cevas/sources/tabulated.hpp"
#include "cevas/sources/tritium.hpp"

namespace cevas {
namespace {

constexpr double kNormTol = 1e-8;         // brief: every continuum integrates to 1 to 1e-8
constexpr double kQuadratureTol = 1e-12;  // tanh-sinh request per piece

/// Integral of rho(E) g(E) with tanh-sinh on each piece between break points. Each piece is
/// mapped to (0, 1): abscissae near an endpoint of [a, b] with |a| >> b - a would round onto the
/// endpoint (Boost asserts against that in debug builds).
double tanh_sinh_integral(const ContinuousSpectrum& s, const std::function<double(double)>& g) {
    boost::math::quadrature::tanh_sinh<double> ts;
    const auto bp = s.break_points();
    double sum = 0;
    for (std::size_t i = 0; i + 1 < bp.size(); ++i) {
        const double a = bp[i];
        const double w = bp[i + 1] - bp[i];
        auto f = [&](double t) { return s.density(a + w * t) * g(a + w * t); };
        sum += w * ts.integrate(f, 0.0, 1.0, kQuadratureTol);
    }
    return sum;
}

struct NamedSpectrum {
    std::string name;
    std::function<std::shared_ptr<const ContinuousSpectrum>()> make;
};

std::vector<NamedSpectrum> all_spectra() {
    using namespace units;
    std::vector<NamedSpectrum> v;
    for (auto model :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        v.push_back({"tritium_" + std::string(to_string(model)), [model] {
                         TritiumParameters p;
                         p.fermi_function = model;
                         return std::make_shared<const TritiumSpectrum>(p);
                     }});
    }
    v.push_back({"michel_nu_e", [] {
                     return std::make_shared<const MuonDecaySpectrum>(MuonDecayNeutrino::nu_e,
                                                                      105.6583755 * MeV);
                 }});
    v.push_back({"michel_anti_nu_mu", [] {
                     return std::make_shared<const MuonDecaySpectrum>(MuonDecayNeutrino::anti_nu_mu,
                                                                      105.6583755 * MeV);
                 }});
    v.push_back({"reactor_default",
                 [] { return std::make_shared<const ReactorSpectrum>(ReactorParameters{}); }});
    v.push_back({"reactor_low_cut", [] {
                     ReactorParameters p;
                     p.e_min = 0.2 * MeV;
                     p.e_max = 8 * MeV;
                     p.fission_fractions = {1, 0, 0, 0};
                     return std::make_shared<const ReactorSpectrum>(p);
                 }});
    v.push_back({"tabulated", [] {
                     return std::make_shared<const TabulatedSpectrum>(
                         std::vector<double>{1 * keV, 2 * keV, 5 * keV, 9 * keV},
                         std::vector<double>{3.0, 0.0, 7.5, 1.0});
                 }});
    return v;
}

class EveryContinuum : public ::testing::TestWithParam<NamedSpectrum> {};

TEST_P(EveryContinuum, IntegratesToOne) {
    const auto s = GetParam().make();
    EXPECT_NEAR(tanh_sinh_integral(*s, [](double) { return 1.0; }), 1.0, kNormTol);
    // The library's own Gauss–Kronrod agrees.
    EXPECT_NEAR(integrate_spectrum(*s, [](double) { return 1.0; }), 1.0, kNormTol);
}

TEST_P(EveryContinuum, BreakPointsSpanTheSupport) {
    const auto s = GetParam().make();
    const auto bp = s->break_points();
    ASSERT_GE(bp.size(), 2u);
    EXPECT_EQ(bp.front(), s->e_min());
    EXPECT_EQ(bp.back(), s->e_max());
    for (std::size_t i = 1; i < bp.size(); ++i) EXPECT_LT(bp[i - 1], bp[i]);
}

TEST_P(EveryContinuum, ZeroOutsideNonNegativeInside) {
    const auto s = GetParam().make();
    const double w = s->e_max() - s->e_min();
    EXPECT_EQ(s->density(s->e_max() + 1e-6 * w), 0.0);
    EXPECT_EQ(s->density(s->e_max() * 2 + 1), 0.0);
    EXPECT_EQ(s->density(-1.0), 0.0);
    if (s->e_min() > 0) {
        EXPECT_EQ(s->density(s->e_min() * (1 - 1e-9)), 0.0);
    }
    for (int i = 0; i <= 200; ++i) {
        const double e = s->e_min() + w * i / 200.0;
        EXPECT_GE(s->density(e), 0.0) << e;
    }
    EXPECT_THROW(s->density(std::nan("")), InvalidArgument);
}

TEST_P(EveryContinuum, MeanEnergyInsideTheSupport) {
    const auto s = GetParam().make();
    const double mean = mean_energy(*s);
    EXPECT_GT(mean, s->e_min());
    EXPECT_LT(mean, s->e_max());
    EXPECT_NEAR(mean, tanh_sinh_integral(*s, [](double e) { return e; }), 1e-9 * mean);
}

TEST_P(EveryContinuum, DescribesItsInputs) {
    const auto s = GetParam().make();
    EXPECT_FALSE(s->name().empty());
    const auto d = s->describe();
    EXPECT_FALSE(d.empty());
    for (const auto& [k, v] : d) {
        EXPECT_FALSE(k.empty());
        EXPECT_FALSE(v.empty()) << k;
    }
}

INSTANTIATE_TEST_SUITE_P(Sources, EveryContinuum, ::testing::ValuesIn(all_spectra()),
                         [](const auto& p) { return p.param.name; });

TEST(Source, RejectsInvalidComponents) {
    using namespace units;
    EXPECT_THROW(Source("empty", {}), InvalidArgument);
    auto line = [](double energy, double rate, double branching = 1.0) {
        return SpectrumComponent{.flavor = Flavor::e,
                                 .type = NeutrinoType::neutrino,
                                 .rate = rate,
                                 .shape = Line{.energy = energy, .branching = branching},
                                 .label = "l"};
    };
    EXPECT_NO_THROW(Source("ok", {line(1 * MeV, 1 * Bq)}));
    EXPECT_THROW(Source("s", {line(0, 1 * Bq)}), InvalidArgument);
    EXPECT_THROW(Source("s", {line(-1 * MeV, 1 * Bq)}), InvalidArgument);
    EXPECT_THROW(Source("s", {line(std::nan(""), 1 * Bq)}), InvalidArgument);
    EXPECT_THROW(Source("s", {line(1 * MeV, 0)}), InvalidArgument);
    EXPECT_THROW(Source("s", {line(1 * MeV, INFINITY)}), InvalidArgument);
    EXPECT_THROW(Source("s", {line(1 * MeV, 1 * Bq, 1.5)}), InvalidArgument);
    SpectrumComponent null_continuum{.flavor = Flavor::e,
                                     .type = NeutrinoType::neutrino,
                                     .rate = 1 * Bq,
                                     .shape = std::shared_ptr<const ContinuousSpectrum>(),
                                     .label = "null"};
    EXPECT_THROW(Source("s", {null_continuum}), InvalidArgument);
    try {
        Source("s", {line(1 * MeV, -2 * Bq)});
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("rate = "), std::string::npos) << e.what();
    }
}

TEST(Source, RatesAndDescriptionOfAMixedSource) {
    using namespace units;
    const Source s = pion_decay_at_rest_source({.proton_rate = 1e15 * Bq, .pions_per_proton = 0.1});
    ASSERT_EQ(s.components().size(), 3u);
    EXPECT_NEAR(s.total_rate() / Bq, 3e14, 3e14 * 1e-14);
    EXPECT_NEAR(s.rate(Flavor::mu, NeutrinoType::neutrino) / Bq, 1e14, 1e14 * 1e-14);
    EXPECT_NEAR(s.rate(Flavor::e, NeutrinoType::neutrino) / Bq, 1e14, 1e14 * 1e-14);
    EXPECT_NEAR(s.rate(Flavor::mu, NeutrinoType::antineutrino) / Bq, 1e14, 1e14 * 1e-14);
    EXPECT_EQ(s.rate(Flavor::tau, NeutrinoType::neutrino), 0.0);
    EXPECT_EQ(s.rate(Flavor::e, NeutrinoType::antineutrino), 0.0);
    EXPECT_DOUBLE_EQ(s.max_energy(), 0.5 * 105.6583755 * MeV);

    const auto& prompt = s.components()[0];
    EXPECT_TRUE(prompt.is_line());
    EXPECT_THROW(prompt.continuum(), InvalidArgument);
    EXPECT_EQ(prompt.rate_density(prompt.line().energy), 0.0);
    const auto& delayed = s.components()[1];
    EXPECT_FALSE(delayed.is_line());
    EXPECT_THROW(delayed.line(), InvalidArgument);
    EXPECT_DOUBLE_EQ(delayed.rate_density(20 * MeV),
                     delayed.rate * delayed.continuum().density(20 * MeV));

    const auto d = s.describe();
    auto has = [&](const std::string& key) {
        for (const auto& [k, v] : d)
            if (k == key) return true;
        return false;
    };
    EXPECT_TRUE(has("source"));
    EXPECT_TRUE(has("proton_rate_per_s"));
    EXPECT_TRUE(has("component_0"));
    EXPECT_TRUE(has("component_2"));
    EXPECT_TRUE(has("component_1.muon_mass_MeV"));
}

TEST(IntegrateSpectrum, RejectsBadTolerance) {
    const MuonDecaySpectrum s(MuonDecayNeutrino::nu_e, 105.6583755 * units::MeV);
    EXPECT_THROW(integrate_spectrum(
                     s, [](double) { return 1.0; }, 0.0),
                 InvalidArgument);
    EXPECT_THROW(integrate_spectrum(
                     s, [](double) { return 1.0; }, -1.0),
                 InvalidArgument);
}

}  // namespace
}  // namespace cevas
