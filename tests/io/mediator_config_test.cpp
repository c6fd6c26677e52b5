// Light mediators at the I/O boundary (issue 13 item 4): the --mediator grammar, [[mediator]]
// tables (top level and in [[scenario]]), the mediator.g2 fit parameters, the mass scan, and the
// heavy-mass end of the limit curve against the contact-NSI limit converted with
// g^2 = sqrt2 G_F m^2 eps.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/mediator_option.hpp"
#include "cevas/io/rate_config.hpp"
#include "cevas/io/stats_config.hpp"

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

const char* kRate = R"(
[target]
name = "He4"
[source]
type = "tritium"
activity = "1MCi"
[geometry]
type = "point"
distance = "1m"
[detector]
mass = "100kg"
exposure = "1y"
[binning]
type = "linear"
min = "1meV"
max = "150meV"
bins = 10
)";

}  // namespace

TEST(MediatorOption, ParsesTypeMassAndCouplings) {
    const Mediator m =
        parse_mediator_option("vector:mass=10MeV,g_nu=1e-5,g_u=2e-5,g_d=3e-5,g_e=-1e-6");
    EXPECT_EQ(m.type, MediatorType::vector);
    EXPECT_DOUBLE_EQ(m.mass, 10 * units::MeV);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(m.g_nu(i, i), complex(1e-5, 0));
    EXPECT_EQ(m.g_u, 2e-5);
    EXPECT_EQ(m.g_d, 3e-5);
    EXPECT_EQ(m.g_e, -1e-6);
    const Mediator s = parse_mediator_option("scalar:mass=1keV,g_nu_mu=1e-6,g_p=1e-6,g_n=2e-6");
    EXPECT_EQ(s.type, MediatorType::scalar);
    EXPECT_EQ(s.g_nu(0, 0), complex(0, 0));
    EXPECT_EQ(s.g_nu(1, 1), complex(1e-6, 0));
    EXPECT_EQ(s.g_n, 2e-6);
}

TEST(MediatorOption, BadInputNamesKeyAndValue) {
    const auto err = [](const char* t) { return error_of([&] { parse_mediator_option(t); }); };
    EXPECT_EQ(err("vector:mass=-1MeV,g_u=1e-5"), "--mediator mass = '-1MeV': must be positive");
    EXPECT_NE(err("vector:mass=nan").find("--mediator mass = 'nan'"), std::string::npos);
    EXPECT_NE(err("vector:mass=0").find("--mediator mass = '0'"), std::string::npos);
    EXPECT_NE(err("tensor:mass=1MeV").find("--mediator type = 'tensor': unknown mediator type"),
              std::string::npos);
    EXPECT_NE(err("vector:mass=1MeV,g_q=1e-5").find("--mediator g_q = 1e-5: unknown mediator key"),
              std::string::npos);
    EXPECT_NE(err("vector:g_u=1e-5").find("mass = (missing)"), std::string::npos);
    EXPECT_NE(err("vector:mass=1MeV,g_u=1,g_u=2").find("given twice"), std::string::npos);
    EXPECT_NE(err("vector").find("expected TYPE:mass="), std::string::npos);
}

TEST(MediatorConfig, TablesAtTopLevelAndInScenarios) {
    const RateConfig c = parse_rate_config(std::string(kRate) + R"(
[[mediator]]
type = "vector"
mass = "10MeV"
g_nu = 1e-5
g_nu_e = 1e-6
g_u = 1e-5
g_d = 2e-5
[[mediator]]
type = "scalar"
mass = "1keV"
g_nu = { ee = 1e-6, emu = "1e-7+1e-7i" }
g_e = 3e-6
[[scenario]]
name = "light"
[[scenario.mediator]]
type = "vector"
mass = 100
g_nu = 1e-6
g_e = 1e-6
)");
    const std::vector<Mediator>& m = c.scenarios.front().params.mediators;
    ASSERT_EQ(m.size(), 2u);
    EXPECT_DOUBLE_EQ(m[0].mass, 10 * units::MeV);
    EXPECT_DOUBLE_EQ(m[0].g_nu(0, 0).real(), 1e-5 + 1e-6);
    EXPECT_EQ(m[0].g_nu(1, 1), complex(1e-5, 0));
    EXPECT_EQ(m[1].type, MediatorType::scalar);
    EXPECT_EQ(m[1].g_nu(1, 0), complex(1e-7, -1e-7));
    const std::vector<Mediator>& s = c.scenarios.back().params.mediators;
    ASSERT_EQ(s.size(), 1u);  // a scenario's list replaces the top-level one
    EXPECT_DOUBLE_EQ(s[0].mass, 100 * units::eV);
}

TEST(MediatorConfig, BadTablesNameKeyAndValue) {
    const auto err = [](const std::string& extra) {
        return error_of([&] { parse_rate_config(std::string(kRate) + extra); });
    };
    EXPECT_NE(err("[[mediator]]\ntype = \"vector\"\nmass = \"-1MeV\"\n").find("mediator[0].mass"),
              std::string::npos);
    EXPECT_NE(err("[[mediator]]\ntype = \"vector\"\nmass = 0\n")
                  .find("mediator[0].mass = '0': must be positive"),
              std::string::npos);
    EXPECT_NE(err("[[mediator]]\ntype = \"axial\"\nmass = \"1MeV\"\n")
                  .find("mediator[0].type = 'axial': unknown mediator type"),
              std::string::npos);
    EXPECT_NE(
        err("[[mediator]]\ntype = \"vector\"\nmass = \"1MeV\"\ng_quark = 1\n").find("g_quark"),
        std::string::npos);
    EXPECT_NE(err("[[mediator]]\nmass = \"1MeV\"\n").find("mediator[0].type"), std::string::npos);
    EXPECT_NE(err("[[mediator]]\ntype = \"vector\"\n").find("mediator[0].mass"), std::string::npos);
    EXPECT_NE(err("mediator = 3\n").find("mediator"), std::string::npos);
}

TEST(MediatorFitParameter, PatternsSetTheCouplingProducts) {
    Parameters p;
    p.mediators.push_back(Mediator{});
    p.mediators[0].mass = 1 * units::MeV;
    parse_fit_parameter("mediator.g2").apply(p, 2e-10);
    EXPECT_EQ(p.mediators[0].g_nu(1, 1), complex(1, 0));
    EXPECT_EQ(p.mediators[0].g_u, 2e-10);
    EXPECT_EQ(p.mediators[0].g_e, 2e-10);
    parse_fit_parameter("mediator.0.g2_bl").apply(p, 3e-10);
    EXPECT_DOUBLE_EQ(p.mediators[0].g_d, -1e-10);
    EXPECT_EQ(p.mediators[0].g_e, 3e-10);
    parse_fit_parameter("mediator.g2_quarks").apply(p, 1e-10);
    EXPECT_EQ(p.mediators[0].g_e, 0.0);
    EXPECT_NE(error_of([] { parse_fit_parameter("mediator.g3"); }).find("unknown parameter"),
              std::string::npos);
    Parameters none;
    EXPECT_NE(error_of([&] {
                  parse_fit_parameter("mediator.1.g2").apply(none, 1);
              }).find("needs [[mediator]] number 1"),
              std::string::npos);
    const std::vector<double> m = parse_mediator_mass_scan("1keV:1GeV:7:log", "scan");
    ASSERT_EQ(m.size(), 7u);
    EXPECT_NEAR(m[3] / units::MeV, 1.0, 1e-12);
    EXPECT_NE(error_of([] { parse_mediator_mass_scan("-1keV:1GeV:3", "scan"); }).find("scan"),
              std::string::npos);
    EXPECT_NE(
        error_of([] { parse_mediator_mass_scan("1keV:1GeV:3:cubic", "scan"); }).find("'cubic'"),
        std::string::npos);
}

TEST(MediatorConfig, StatisticsMassScanKey) {
    const StatsSettings st =
        parse_stats_settings("[statistics]\nmediator_mass_scan = \"1keV:1GeV:20:log\"\n");
    EXPECT_EQ(st.mediator_mass_scan, "1keV:1GeV:20:log");
    const std::string e = error_of(
        [] { parse_stats_settings("[statistics]\nmediator_mass_scan = \"0keV:1GeV:20\"\n"); });
    EXPECT_NE(e.find("statistics.mediator_mass_scan"), std::string::npos) << e;
}

// The heavy end of the limit curve: at m = 100 GeV (q^2/m^2 ~ 1e-16) the limit on g^2 of a
// universal vector mediator equals sqrt2 G_F m^2 times the limit on a universal contact NSI
// eps^u = eps^d = eps^e = eps (flavour diagonal), both from the same procedure.
TEST(MediatorLimit, HeavyMassEndEqualsConvertedContactLimit) {
    const RateConfig rate = read_rate_config(CEVAS_SOURCE_DIR "/examples/sensitivity/saturne.toml");
    const StatsSettings st =
        read_stats_settings(CEVAS_SOURCE_DIR "/examples/sensitivity/saturne.toml");
    const double m = 100 * units::GeV;
    const std::vector<MediatorLimitPoint> pts =
        mediator_limit_scan(rate, st, "mediator.g2", {m}, 2);
    ASSERT_EQ(pts.size(), 1u);
    ASSERT_TRUE(pts[0].upper && pts[0].lower);

    FitParameter eps;
    eps.name = "eps_universal";
    eps.scale = 0.01;
    eps.apply = [](Parameters& p, double v) {
        const Matrix3c d = Matrix3c::diagonal(v, v, v);
        p.nsi.vector.u = d;
        p.nsi.vector.d = d;
        p.nsi.vector.e = d;
    };
    const Model model = build_model(rate, st, {eps}, 2);
    const Data data = build_data(rate, st, model);
    const double threshold = chi2_quantile(st.cl, 1);
    // The same grid, in eps, as the mediator scan used in g^2.
    const double conv =
        std::sqrt(2.0) * rate.scenarios.front().params.constants.fermi_constant * m * m;
    const ParameterRange range =
        auto_range(model, data, pts[0].scale / conv, eps.lower_bound, threshold, st.points);
    const Interval iv = wilks_interval(model, data, range, threshold, 2);
    ASSERT_TRUE(iv.upper && iv.lower);
    EXPECT_NEAR(*pts[0].upper / conv / *iv.upper, 1.0, 1e-6);
    EXPECT_NEAR(*pts[0].lower / conv / *iv.lower, 1.0, 1e-6);
    std::printf(
        "heavy end m = 100 GeV: g2 in [%.6g, %.6g] -> eps in [%.6g, %.6g]; contact eps in "
        "[%.6g, %.6g]\n",
        *pts[0].lower, *pts[0].upper, *pts[0].lower / conv, *pts[0].upper / conv, *iv.lower,
        *iv.upper);
}
