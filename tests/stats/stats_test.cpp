// The stats module (issue 8): exact templates, profiled likelihoods, limits against closed
// forms, Wilks vs toys, Feldman–Cousins coverage, deterministic scans and toys, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../../src/stats/fast_log.hpp"
#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/geometry.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/stats/procedures.hpp"
#include "common/tolerance.hpp"

using namespace cevas;
using cevas::test::kReference;

namespace {

// Reference values of scripts/reference_stats.py: key (kind, a, b, c) -> value.
std::map<std::tuple<std::string, double, double, double>, double> reference() {
    std::map<std::tuple<std::string, double, double, double>, double> m;
    std::ifstream in(std::string(CEVAS_TEST_DATA_DIR) + "/stats/reference_stats.csv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        std::string kind, f;
        std::vector<double> v;
        std::getline(ss, kind, ',');
        while (std::getline(ss, f, ',')) v.push_back(std::stod(f));
        m[{kind, v[0], v[1], v[2]}] = v[3];
    }
    return m;
}

// A small CEvAS experiment: 1 MCi tritium 1 m from a point-like 3He target (spin 1/2, so the
// axial and tensor NSI reach it), 10 bins, a flat background.
Experiment small_experiment(const char* target = "He3") {
    Experiment ex{make_target(target),
                  tritium_source_from_activity(1 * units::MCi),
                  point_geometry(1 * units::m),
                  1e28,
                  {},
                  {},
                  {},
                  0.0};
    ex.detector.exposure = 1 * units::year;
    ex.detector.threshold = 1e-3;
    ex.detector.binning = Binning::linear(1e-3, 0.2, 10);
    ex.detector.background.constant = 1e-6 / (units::eV * units::s);
    return ex;
}

FitParameter nsi_param(const char* name, NsiLevels NsiParameters::*structure,
                       Matrix3c NsiLevels::*level, int row, int col, bool imag, double scale) {
    FitParameter p;
    p.name = name;
    p.scale = scale;
    p.apply = [=](Parameters& q, double v) {
        Matrix3c& m = q.nsi.*structure.*level;
        complex z = m(row, col);
        z = imag ? complex(z.real(), v) : complex(v, z.imag());
        set_hermitian(m, row, col, z, name);
    };
    return p;
}

FitParameter em_param(const char* name, Matrix3c ElectromagneticParameters::*member, double scale,
                      double to_internal = 1.0) {
    FitParameter p;
    p.name = name;
    p.scale = scale;
    p.apply = [=](Parameters& q, double v) {
        const double x = v * to_internal;
        q.electromagnetic.*member = Matrix3c::diagonal(x, x, x);
    };
    return p;
}

// A hand-made one-bin model: counts = s theta + b (linear), for closed-form checks.
Model one_bin(double s, double b) {
    Model m;
    Templates& t = m.templates;
    t.names = {"theta"};
    t.units = {""};
    t.n_params = 1;
    t.n_bins = 1;
    t.edges = {0, 1};
    t.background = {b};
    t.signal = {0.0, s, 0.0};  // 1, theta, theta^2
    return m;
}

void expect_templates_match(const Experiment& ex, const std::vector<FitParameter>& ps,
                            const std::vector<std::vector<double>>& points) {
    const Templates t = build_templates(ex, Parameters{}, ps, 0, 2);
    for (const auto& theta : points) {
        Parameters q;
        for (std::size_t i = 0; i < ps.size(); ++i) ps[i].apply(q, theta[i]);
        const BinnedCounts direct = expected_counts(ex, q);
        const std::vector<double> tpl = t.signal_counts(theta);
        for (std::size_t b = 0; b < t.n_bins; ++b)
            EXPECT_REL_NEAR(tpl[b], direct.signal[b], kReference) << ps[0].name << " bin " << b;
    }
}

}  // namespace

TEST(FastLog, AgreesWithStdLog) {
    double worst = 0;
    for (double x = 1e-300; x < 1e300; x *= 1.37) {
        const double r = std::abs(stats_detail::fast_log(x) - std::log(x)) /
                         std::max(std::abs(std::log(x)), 1e-300);
        if (std::abs(std::log(x)) > 1e-3) worst = std::max(worst, r);
    }
    for (double x = 0.5; x < 2; x += 1e-4)
        EXPECT_NEAR(stats_detail::fast_log(x), std::log(x),
                    4e-16 * std::max(1.0, std::abs(std::log(x))) + 1e-17);
    EXPECT_LT(worst, 1e-15);
}

// Issue 8 item 7: templates against direct recomputation, relative 1e-10, every parameter kind.
TEST(Templates, EveryParameterKindMatchesDirectRecomputation) {
    const Experiment ex = small_experiment();
    using N = NsiParameters;
    using L = NsiLevels;
    using E = ElectromagneticParameters;
    // Vector NSI at nucleus and electron level, real and imaginary parts together (bilinears).
    expect_templates_match(ex,
                           {nsi_param("nucleus.ee", &N::vector, &L::nucleus, 0, 0, false, 0.5),
                            nsi_param("e.emu.re", &N::vector, &L::e, 0, 1, false, 0.5),
                            nsi_param("e.emu.im", &N::vector, &L::e, 0, 1, true, 0.5)},
                           {{0.3, -0.2, 0.1}, {-0.45, 0.4, -0.35}});
    // 3He: the neutron carries the spin (the two protons pair), so the neutron axial entry.
    expect_templates_match(ex, {nsi_param("axial.n.ee", &N::axial, &L::n, 0, 0, false, 0.5)},
                           {{0.37}, {-0.21}});
    expect_templates_match(ex, {nsi_param("scalar.u.ee", &N::scalar, &L::u, 0, 0, false, 1e-3)},
                           {{7e-4}, {-3e-4}});
    expect_templates_match(ex, {nsi_param("tensor.d.ee", &N::tensor, &L::d, 0, 0, false, 0.5)},
                           {{0.4}, {-0.1}});
    expect_templates_match(ex,
                           {em_param("magnetic_moment", &E::magnetic_moment, 1e-10),
                            em_param("millicharge", &E::millicharge, 1e-13)},
                           {{7e-11, 3e-14}, {2e-11, -8e-14}});
    expect_templates_match(ex, {em_param("charge_radius", &E::charge_radius, 1e-31, units::cm2)},
                           {{6e-32}, {-4e-32}});
    FitParameter sw;
    sw.name = "sin2_theta_w";
    sw.scale = 0.05;
    sw.center = 0.23857;
    sw.apply = [](Parameters& q, double v) { q.electroweak.sin2_theta_w = v; };
    expect_templates_match(ex, {sw}, {{0.23857}, {0.2}, {0.26}});
}

TEST(Templates, EnergyScaleNodesAreTheShiftedBinning) {
    const Experiment ex = small_experiment();
    const double h = 0.02;
    const Templates t = build_templates(ex, Parameters{}, {}, h, 2);
    ASSERT_TRUE(t.has_shift());
    // At the nodes the interpolation is exact: s = +h is the binning divided by (1 + h).
    const BinnedCounts up = expected_counts(ex, Parameters{}, 1 / (1 + h));
    const std::vector<double> tpl = t.signal_counts({}, h);
    for (std::size_t b = 0; b < t.n_bins; ++b) EXPECT_REL_NEAR(tpl[b], up.signal[b], 1e-12);
}

TEST(Templates, UnreachableParameterIsAnError) {
    // 4He has spin 0: an axial NSI cannot reach it.
    const Experiment ex = small_experiment("He4");
    try {
        build_templates(
            ex, Parameters{},
            {nsi_param("axial.p.ee", &NsiParameters::axial, &NsiLevels::p, 0, 0, false, 0.5)});
        FAIL() << "expected an error";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("parameter = axial.p.ee"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("cannot reach"), std::string::npos);
    }
    // Without oscillations, a tritium source (anti-nu_e only) never sees a mu-mu moment.
    Experiment no_osc = small_experiment();
    no_osc.options.oscillations = false;
    FitParameter mm;
    mm.name = "magnetic_moment.mumu";
    mm.scale = 1e-10;
    mm.apply = [](Parameters& q, double v) {
        set_hermitian(q.electromagnetic.magnetic_moment, 1, 1, v, "mm");
    };
    EXPECT_THROW(build_templates(no_osc, Parameters{}, {mm}), InvalidArgument);
}

TEST(Thresholds, ChiSquaredQuantilesMatchScipy) {
    const auto ref = reference();
    for (double dof : {1.0, 2.0})
        for (double cl : {0.68, 0.90, 0.95})
            EXPECT_REL_NEAR(chi2_quantile(cl, dof), ref.at({"chi2_quantile", dof, cl, 0.0}), 1e-12);
    for (double cl : {0.68, 0.90, 0.95})
        EXPECT_REL_NEAR(chi2_quantile_boundary(cl), ref.at({"chi2_boundary", 1.0, cl, 0.0}), 1e-12);
    EXPECT_THROW(chi2_quantile(0.0, 1), InvalidArgument);
    EXPECT_THROW(chi2_quantile(1.0, 1), InvalidArgument);
    EXPECT_THROW(validate_cl(std::nan(""), "--cl"), InvalidArgument);
}

// Issue 8 item 7: a one-bin Poisson limit against its closed form (Lambert W, scipy).
TEST(Limits, OneBinPoissonAgainstClosedForm) {
    const auto ref = reference();
    for (auto [n, b, s] :
         {std::tuple{10.0, 2.0, 3.0}, std::tuple{100.0, 20.0, 5.0}, std::tuple{7.0, 0.5, 1.0}}) {
        const Model m = one_bin(s, b);
        const Data d = Data::from_counts({n});
        const double q = chi2_quantile(0.90, 1);
        const ParameterRange range = auto_range(m, d, 1.0, -1e300, q);
        const Interval iv = wilks_interval(m, d, range, q, 1);
        ASSERT_TRUE(iv.upper && iv.lower);
        EXPECT_NEAR(iv.best_fit, (n - b) / s, 1e-7 * (n - b) / s);
        EXPECT_REL_NEAR(*iv.upper, ref.at({"poisson_upper", n, b, s}), 1e-9);
        EXPECT_REL_NEAR(*iv.lower, ref.at({"poisson_lower", n, b, s}), 1e-9);
    }
}

// Newton profiling against a brute-force minimisation over the nuisances.
TEST(Likelihood, NewtonProfileIsTheMinimum) {
    Model m = one_bin(5.0, 3.0);
    m.templates.n_bins = 3;
    m.templates.edges = {0, 1, 2, 3};
    m.templates.background = {3.0, 1.0, 0.5};
    m.templates.signal = {1.0, 2.0, 0.5, 5.0, 3.0, 1.0, 0.2, 0.1, 0.3};  // [m][b]
    m.nuisances = {{NuisanceKind::source_activity, 0.1},
                   {NuisanceKind::background, 0.3},
                   {NuisanceKind::efficiency, 0.05}};
    for (LikelihoodKind k :
         {LikelihoodKind::poisson, LikelihoodKind::gauss_pearson, LikelihoodKind::gauss_data}) {
        m.likelihood = k;
        const Data d = Data::from_counts({9, 2, 6});
        const ProfileResult r = profile(m, d, {0.7});
        EXPECT_LT(r.iterations, 15);
        // chi^2 on a grid around the solution is never lower.
        ProfileWorkspace w(m);
        const double chi2_here = r.chi2;
        for (int a = -3; a <= 3; ++a)
            for (int bb = -3; bb <= 3; ++bb)
                for (int c = -3; c <= 3; ++c) {
                    if (a == 0 && bb == 0 && c == 0) continue;
                    const std::vector<double> nu{r.nuisances[0] + a * 1e-3,
                                                 r.nuisances[1] + bb * 1e-3,
                                                 r.nuisances[2] + c * 1e-3};
                    // chi^2 at fixed nuisances: profile with tiny widths would change the
                    // penalty; evaluate directly instead.
                    const std::vector<double> mu = expected_total(m, {0.7}, nu);
                    double chi2 = 0;
                    for (std::size_t b = 0; b < 3; ++b) {
                        const double n = d.counts[b];
                        if (k == LikelihoodKind::poisson)
                            chi2 += 2 * (mu[b] - n + n * std::log(n / mu[b]));
                        else if (k == LikelihoodKind::gauss_pearson)
                            chi2 += (n - mu[b]) * (n - mu[b]) / mu[b];
                        else
                            chi2 += (n - mu[b]) * (n - mu[b]) / std::max(n, 1.0);
                    }
                    chi2 += std::pow(nu[0] / 0.1, 2) + std::pow(nu[1] / 0.3, 2) +
                            std::pow(nu[2] / 0.05, 2);
                    EXPECT_GT(chi2, chi2_here - 1e-12);
                }
    }
}

// A log-normal constraint on the factor (1 + nu): the profile equals a brute-force minimum over
// nu of the Poisson chi^2 plus (ln(1 + nu) / ln(1 + sigma))^2.
TEST(Likelihood, LogNormalConstraintProfile) {
    Model m = one_bin(5.0, 1.0);
    m.nuisances = {{NuisanceKind::efficiency, 0.3, Constraint::lognormal}};
    const Data d = Data::from_counts({14});
    const ProfileResult r = profile(m, d, {1.0});
    double best = 1e300;
    for (double nu = -0.5; nu < 1.5; nu += 1e-5) {
        const double mu = 5.0 * (1 + nu) + 1.0, n = 14;
        const double pen = std::pow(std::log1p(nu) / std::log1p(0.3), 2);
        best = std::min(best, 2 * (mu - n + n * std::log(n / mu)) + pen);
    }
    EXPECT_NEAR(r.chi2, best, 1e-8);
    EXPECT_LE(r.chi2, best + 1e-12);
    m.nuisances = {{NuisanceKind::energy_scale, 0.01, Constraint::lognormal}};
    EXPECT_THROW(m.validate(), InvalidArgument);
    EXPECT_EQ(parse_constraint("lognormal"), Constraint::lognormal);
    EXPECT_THROW(parse_constraint("uniform"), InvalidArgument);
}

TEST(Toys, DeterministicAndPoissonDistributed) {
    EXPECT_EQ(poisson_variate(3.5, 7, 11, 2), poisson_variate(3.5, 7, 11, 2));
    EXPECT_EQ(poisson_variate(250.0, 7, 11, 2), poisson_variate(250.0, 7, 11, 2));
    for (double mean : {0.3, 3.5, 42.0, 1e4}) {
        const int n = 40000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; ++i) {
            const double k = poisson_variate(mean, 123, static_cast<std::uint64_t>(i), 0);
            EXPECT_EQ(k, std::floor(k));
            s += k;
            s2 += k * k;
        }
        const double m = s / n, var = s2 / n - m * m;
        // Mean within 5 standard errors; variance within 5 of its standard errors (approx.).
        EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n));
        EXPECT_NEAR(var, mean, 5 * mean * std::sqrt(2.0 / n) + 5 * std::sqrt(mean / n));
    }
}

// Issue 8 item 7: Wilks and toys agree where they must (many events).
TEST(Limits, WilksAgreesWithToysForManyEvents) {
    const Model m = one_bin(100.0, 5000.0);
    const Data d = Data::from_counts({5000.0});
    const double q = chi2_quantile(0.90, 1);
    const Interval w = wilks_interval(m, d, {-3, 3, 121}, q, 2);
    const FcResult fc = feldman_cousins(m, d, {-3, 3, 61}, 0.90, 2000, 5, 2);
    ASSERT_TRUE(w.lower && w.upper && fc.lower && fc.upper);
    // The toy thresholds scatter around 2.706 (order-statistic error about 0.15 at 2000 toys).
    // Away from the range ends (which truncate the toys' best fits, lowering t) only.
    for (std::size_t j = 0; j < fc.values.size(); ++j)
        if (std::abs(fc.values[j]) <= 1.0 + 1e-9) {
            EXPECT_NEAR(fc.t_crit[j], q, 0.5) << "theta = " << fc.values[j];
        }
    // FC accepts grid values, 0.1 apart: the ends agree within one step.
    EXPECT_NEAR(*fc.upper, *w.upper, 0.1 + 1e-9);
    EXPECT_NEAR(*fc.lower, *w.lower, 0.1 + 1e-9);
}

// Issue 8 item 7: FC coverage within its statistical error for a small case (few events).
TEST(Limits, FeldmanCousinsCoversForFewEvents) {
    const Model m = one_bin(1.0, 3.0);
    const double truth = 4.0;
    const ParameterRange range{0.0, 15.0, 31};
    const int n_exp = 120;
    int covered = 0;
    for (int e = 0; e < n_exp; ++e) {
        const double n = poisson_variate(truth + 3.0, 99, static_cast<std::uint64_t>(e), 0);
        const FcResult fc = feldman_cousins(m, Data::from_counts({n}), range, 0.90, 400,
                                            1000 + static_cast<std::uint64_t>(e), 2);
        // Is the grid value at the truth accepted?
        const std::size_t j = static_cast<std::size_t>(std::lround(truth / 0.5));
        covered += fc.accepted[j] ? 1 : 0;
    }
    const double cov = static_cast<double>(covered) / n_exp;
    const double err = std::sqrt(0.9 * 0.1 / n_exp);
    // Discrete counts over-cover; coverage below CL - 3 sigma would be a failure.
    EXPECT_GE(cov, 0.90 - 3 * err);
    EXPECT_LE(cov, 1.0);
}

// Issue 8 item 5: the same grid for every thread count and every split of the lines.
TEST(Scan, BitIdenticalForThreadsAndSplits) {
    Model m;
    Templates& t = m.templates;
    t.names = {"a", "b"};
    t.n_params = 2;
    t.n_bins = 4;
    t.edges = {0, 1, 2, 3, 4};
    t.background = {1, 2, 0.5, 0.1};
    // [m][b] for monomials 1, a, b, a^2, ab, b^2
    t.signal = {10, 8, 5, 2, 3, 2,   1,   0.5, 1, -1, 0.5, 0.2,
                4,  3, 2, 1, 1, 0.5, 0.2, 0.1, 2, 2,  1,   0.5};
    m.nuisances = {{NuisanceKind::source_activity, 0.1}, {NuisanceKind::background, 0.2}};
    const Data d = asimov_data(m, {0.0, 0.0});
    ScanGrid g;
    ParameterRange ra{-1, 1, 37}, rb{-1, 1, 41};
    g.axes = {ra.values(), rb.values()};
    std::vector<double> one(g.size()), two(g.size()), split(g.size());
    scan_lines(m, d, g, 0, g.n_lines(), one.data(), 1);
    scan_lines(m, d, g, 0, g.n_lines(), two.data(), 2);
    scan_lines(m, d, g, 0, 10, split.data(), 2);
    scan_lines(m, d, g, 10, g.n_lines(), split.data() + 10 * g.line_length(), 1);
    EXPECT_EQ(0, std::memcmp(one.data(), two.data(), one.size() * sizeof(double)));
    EXPECT_EQ(0, std::memcmp(one.data(), split.data(), one.size() * sizeof(double)));
    const ScanSummary s = summarise_scan(g, one);
    EXPECT_NEAR(s.chi2_min, 0.0, 1e-9);  // Asimov at (0, 0), a grid point
    EXPECT_NEAR(s.best_fit[0], 0.0, 1e-12);
    EXPECT_NEAR(s.best_fit[1], 0.0, 1e-12);
}

TEST(Significance, NoNuisancesEqualsPoissonFormula) {
    const Model null_model = one_bin(10.0, 2.0);
    const Model alt = one_bin(6.0, 2.0);
    const Data d = asimov_data(null_model, {1.0});  // n = 12
    const Significance s = significance(null_model, {1.0}, alt, {1.0}, d);
    const double n = 12, mu = 8;
    const double expect = 2 * (mu - n + n * std::log(n / mu));
    EXPECT_REL_NEAR(s.delta_chi2, expect, 1e-13);
    EXPECT_REL_NEAR(s.sigma, std::sqrt(expect), 1e-13);
}

TEST(BadInput, ReportsFieldValueReason) {
    Model m = one_bin(1, 1);
    m.nuisances = {{NuisanceKind::background, -0.1}};
    EXPECT_THROW(m.validate(), InvalidArgument);
    m.nuisances = {{NuisanceKind::background, std::nan("")}};
    EXPECT_THROW(m.validate(), InvalidArgument);
    m.nuisances = {{NuisanceKind::energy_scale, 0.01}};
    EXPECT_THROW(m.validate(), InvalidArgument);  // no shift nodes
    m.nuisances.clear();
    EXPECT_THROW((ParameterRange{1, 0, 10}.validate("--parameter")), InvalidArgument);
    EXPECT_THROW((ParameterRange{0, 0, 10}.validate("--parameter")), InvalidArgument);
    EXPECT_THROW(observed_data(m, {1, 2}, {}), InvalidArgument);
    EXPECT_THROW(observed_data(m, {1}, {0, 2}), InvalidArgument);
    EXPECT_THROW(observed_data(m, {-1}, {}), InvalidArgument);
    try {
        parse_limit_method("bayes");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()),
                  "--method = 'bayes': unknown method (wilks, wilks-boundary, feldman-cousins)");
    }
}
