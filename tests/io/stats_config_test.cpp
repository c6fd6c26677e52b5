// [statistics] section, fit-parameter grammar and observed-data CSV (issue 8).
#include "cevas/io/stats_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

using namespace cevas;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Exception& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(FitParameterGrammar, NsiEntriesSetTheNamedElement) {
    Parameters p;
    parse_fit_parameter("nucleus.ee").apply(p, 0.25);
    EXPECT_EQ(p.nsi.vector.nucleus(0, 0), complex(0.25, 0));
    parse_fit_parameter("axial.p.mumu").apply(p, -0.5);
    EXPECT_EQ(p.nsi.axial.p(1, 1), complex(-0.5, 0));
    parse_fit_parameter("scalar.u.ee").apply(p, 1e-3);
    EXPECT_EQ(p.nsi.scalar.u(0, 0), complex(1e-3, 0));
    parse_fit_parameter("tensor.d.ee").apply(p, 0.1);
    EXPECT_EQ(p.nsi.tensor.d(0, 0), complex(0.1, 0));
    // Real and imaginary parts separately, the hermitian partner implied.
    parse_fit_parameter("e.emu.re").apply(p, 0.1);
    parse_fit_parameter("e.emu.im").apply(p, 0.2);
    EXPECT_EQ(p.nsi.vector.e(0, 1), complex(0.1, 0.2));
    EXPECT_EQ(p.nsi.vector.e(1, 0), complex(0.1, -0.2));
    // A transposed pair names the conjugate element: mue.im = 0.3 means e-mu = -0.3i.
    Parameters q;
    parse_fit_parameter("e.mue.im").apply(q, 0.3);
    EXPECT_EQ(q.nsi.vector.e(0, 1), complex(0, -0.3));
    EXPECT_EQ(q.nsi.vector.e(1, 0), complex(0, 0.3));
}

TEST(FitParameterGrammar, ElectromagneticAndWeakAngle) {
    Parameters p;
    const FitParameter mu = parse_fit_parameter("magnetic_moment");
    EXPECT_EQ(mu.unit, "mu_B");
    EXPECT_EQ(mu.lower_bound, 0.0);
    mu.apply(p, 2e-12);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(p.electromagnetic.magnetic_moment(i, i), complex(2e-12, 0));
    parse_fit_parameter("millicharge.ee").apply(p, 1e-15);
    EXPECT_EQ(p.electromagnetic.millicharge(0, 0), complex(1e-15, 0));
    EXPECT_EQ(p.electromagnetic.millicharge(1, 1), complex(0, 0));
    const FitParameter r = parse_fit_parameter("charge_radius");
    EXPECT_EQ(r.unit, "cm^2");
    r.apply(p, 1e-32);
    EXPECT_DOUBLE_EQ(p.electromagnetic.charge_radius(2, 2).real(), 1e-32 * units::cm2);
    const FitParameter s = parse_fit_parameter("sin2_theta_w");
    s.apply(p, 0.24);
    EXPECT_EQ(p.electroweak.sin2_theta_w, 0.24);
    EXPECT_GT(s.center, 0.2);  // polarised around the default, not around 0
}

TEST(FitParameterGrammar, BadNamesNameTheOption) {
    EXPECT_NE(
        error_of([] { parse_fit_parameter("nucleus.xx"); }).find("--parameter = 'nucleus.xx'"),
        std::string::npos);
    EXPECT_NE(error_of([] { parse_fit_parameter("magnetc_moment"); }).find("unknown parameter"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_fit_parameter("nucleus.ee.im"); }).find("diagonal"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_fit_parameter("magnetic_moment.re"); }).find("universal"),
              std::string::npos);
    EXPECT_THROW(parse_fit_parameter(""), InvalidArgument);
}

TEST(FitParameterGrammar, Ranges) {
    const ParameterSpec s = parse_parameter_spec("nucleus.emu=-0.5:0.5:401");
    ASSERT_TRUE(s.range);
    EXPECT_EQ(s.range->n, 401u);
    EXPECT_EQ(s.range->values().front(), -0.5);
    EXPECT_EQ(s.range->values().back(), 0.5);
    EXPECT_EQ(s.parameter.scale, 0.5);
    EXPECT_NE(error_of([] { parse_parameter_spec("nucleus.ee=0.5:-0.5:11"); }).find("reversed"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_parameter_spec("nucleus.ee=0:1:1"); }).find("N must"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_parameter_spec("nucleus.ee=0:1"); }).find("LO:HI:N"),
              std::string::npos);
}

TEST(StatisticsSection, DefaultsKeysAndErrors) {
    const StatsSettings d = parse_stats_settings("");
    EXPECT_EQ(d.likelihood, LikelihoodKind::poisson);
    EXPECT_EQ(d.cl, 0.90);
    EXPECT_TRUE(d.nuisances.empty());
    const StatsSettings s = parse_stats_settings(
        "[statistics]\nlikelihood = \"gauss_pearson\"\ncl = 0.95\ncontours = [0.9]\nseed = 7\n"
        "method = \"feldman-cousins\"\ntoys = 500\n[statistics.nuisances]\nsource_activity = "
        "0.05\nbackground = 0\nenergy_scale = 0.01\n");
    EXPECT_EQ(s.likelihood, LikelihoodKind::gauss_pearson);
    EXPECT_EQ(s.method, LimitMethod::feldman_cousins);
    EXPECT_EQ(s.cl, 0.95);
    EXPECT_EQ(s.seed, 7u);
    EXPECT_EQ(s.toys, 500u);
    ASSERT_EQ(s.nuisances.size(), 2u);  // a zero width means "not profiled"
    EXPECT_EQ(s.nuisances[0].kind, NuisanceKind::source_activity);
    EXPECT_EQ(s.nuisances[1].kind, NuisanceKind::energy_scale);
    EXPECT_NE(
        error_of([] { parse_stats_settings("[statistics]\ncl = 1.5\n"); }).find("statistics.cl"),
        std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_stats_settings("[statistics.nuisances]\nexposure = -0.1\n");
              }).find("statistics.nuisances.exposure"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_stats_settings("[statistics.nuisances]\nexposure = nan\n");
              }).find("statistics.nuisances.exposure"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_stats_settings("[statistics]\nlikelyhood = 1\n");
              }).find("statistics.likelyhood"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_stats_settings("[statistics]\ndata = \"observed\"\n");
              }).find("statistics.data_file"),
              std::string::npos);
}

TEST(StatisticsSection, LogNormalConstraint) {
    const StatsSettings s = parse_stats_settings(
        "[statistics.nuisances]\nsource_activity = { sigma = 0.1, constraint = \"lognormal\" "
        "}\nexposure = 0.02\n");
    ASSERT_EQ(s.nuisances.size(), 2u);
    EXPECT_EQ(s.nuisances[0].constraint, Constraint::lognormal);
    EXPECT_EQ(s.nuisances[0].sigma, 0.1);
    EXPECT_EQ(s.nuisances[1].constraint, Constraint::gaussian);
    EXPECT_NE(error_of([] {
                  parse_stats_settings(
                      "[statistics.nuisances]\nenergy_scale = { sigma = 0.01, constraint = "
                      "\"lognormal\" }\n");
              }).find("statistics.nuisances.energy_scale.constraint"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_stats_settings(
                      "[statistics.nuisances]\nexposure = { constraint = \"lognormal\" }\n");
              }).find("statistics.nuisances.exposure.sigma"),
              std::string::npos);
}

TEST(ObservedCsv, ReadsBinsAndRejectsGaps) {
    const auto [edges, counts] = parse_observed_csv(
        "# comment\nbin_lo_eV,bin_hi_eV,counts\n0.001,0.005,3\n0.005,0.009,0\n", "data_file");
    EXPECT_EQ(edges, (std::vector<double>{0.001, 0.005, 0.009}));
    EXPECT_EQ(counts, (std::vector<double>{3, 0}));
    EXPECT_THROW(parse_observed_csv("0.001,0.005,3\n0.006,0.009,1\n", "data_file"),
                 InvalidArgument);
    EXPECT_THROW(parse_observed_csv("0.001,0.005\n", "data_file"), InvalidArgument);
    EXPECT_THROW(parse_observed_csv("", "data_file"), InvalidArgument);
}
