// Event rates: flux folding against a high-precision reference, scaling laws, bins vs totals
// (issue 5 item 7).
#include "cevas/rates/event_rate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/detector.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/tabulated.hpp"
#include "cevas/sources/tritium.hpp"

using namespace cevas;

namespace {

constexpr double kIntegrationTolerance = 1e-6;  // issue 5: integrals to 1e-6 relative
const double kPerEvS = units::eV * units::s;    // natural dN/dT -> events/(eV s)

struct RefRow {
    double t, l, rate;
};

std::vector<RefRow> read_reference() {
    std::ifstream in(std::string(CEVAS_TEST_DATA_DIR) + "/rates/tritium_he4_point.csv");
    std::vector<RefRow> rows;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::stringstream ss(line);
        RefRow r{};
        char comma;
        ss >> r.t >> comma >> r.l >> comma >> r.rate;
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

// scripts/reference_rates.py: scipy quad (epsrel 1e-11) of an independent implementation.
TEST(EventRate, TritiumOnHeliumMatchesReference) {
    const auto rows = read_reference();
    ASSERT_EQ(rows.size(), 16u);
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const double n = atoms_in_mass(1 * units::kg, xs.mass());
    for (const auto& r : rows) {
        const EventRate rate(xs, src, point_geometry(r.l * units::m), n);
        const double v = rate.differential(r.t) * kPerEvS;
        EXPECT_NEAR(v / r.rate, 1.0, kIntegrationTolerance)
            << "T = " << r.t << " eV, L = " << r.l << " m";
    }
}

TEST(EventRate, InverseSquareAndLinearScaling) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    RateOptions no_osc;
    no_osc.oscillations = false;
    const EventRate r1(xs, src, point_geometry(1 * units::m), 1e25, no_osc);
    const EventRate r2(xs, src, point_geometry(2 * units::m), 2e25, no_osc);
    for (double t : {1e-3, 5e-3, 2e-2}) {
        EXPECT_NEAR(r1.differential(t) / r2.differential(t), 2.0, 1e-12);
    }
}

TEST(EventRate, ZeroAboveKinematicMaximum) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate r(xs, tritium_source_from_activity(1 * units::Ci), point_geometry(1 * units::m),
                      1e25);
    EXPECT_GT(r.differential(0.99 * r.t_max()), 0.0);
    EXPECT_EQ(r.differential(1.01 * r.t_max()), 0.0);
}

TEST(EventRate, OscillationFillsTheDip) {
    // docs/oscillation.md: at 1 m the anti-nu_e dip near 9 meV is filled by appearance.
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    RateOptions off;
    off.oscillations = false;
    const EventRate with(xs, src, point_geometry(1 * units::m), 1e25);
    const EventRate without(xs, src, point_geometry(1 * units::m), 1e25, off);
    EXPECT_GT(with.differential(9e-3) / without.differential(9e-3), 2.0);
    EXPECT_NEAR(with.differential(1e-3) / without.differential(1e-3), 1.0, 0.01);
}

TEST(EventRate, TankAveragingOfOscillationAgreesWithBaselineAverage) {
    // Averaging the coefficients over the tank's baselines equals averaging the rate computed
    // at each baseline (linearity), checked on a coarse tank.
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry g =
        cylinder_geometry({.radius = 0.3 * units::m, .height = 0.6 * units::m}, 8, 8);
    const EventRate tank(xs, src, g, 1e25);
    const double t = 9e-3;
    double manual = 0;
    for (std::size_t i = 0; i < g.baselines.baselines.size(); i += 1) {
        FluxGeometry pg = point_geometry(g.baselines.baselines[i]);
        pg.flux_factor = g.flux_factor;
        manual += g.baselines.weights[i] * EventRate(xs, src, pg, 1e25).differential(t);
    }
    EXPECT_NEAR(tank.differential(t) / manual, 1.0, 1e-10);
}

TEST(EventRate, LineSourceIsCrossSectionTimesFlux) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const double e0 = 747 * units::keV;
    const Source src("line", {SpectrumComponent{.flavor = Flavor::e,
                                                .type = NeutrinoType::neutrino,
                                                .rate = 1e10 / units::s,
                                                .shape = Line{e0, 1.0},
                                                .label = "test line"}});
    const auto geo = point_geometry(1 * units::m);
    RateOptions off;
    off.oscillations = false;
    const EventRate r(xs, src, geo, 1e25, off);
    const double t = 0.1 * xs.t_max(e0);
    const double expected =
        1e10 / units::s * geo.flux_factor * 1e25 *
        xs.dsigma_dT({Flavor::e, NeutrinoType::neutrino}, {.e_nu = e0, .t_recoil = t});
    EXPECT_NEAR(r.differential(t) / expected, 1.0, 1e-12);
}

TEST(Detector, TotalsEqualSumOfBinsAndIntegral) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate r(xs, tritium_source_from_activity(1 * units::MCi),
                      point_geometry(1 * units::m), atoms_in_mass(1 * units::kg, xs.mass()));
    Detector d;
    d.exposure = 1 * units::year;
    d.threshold = 2 * units::meV;
    d.binning = Binning::linear(0, 200 * units::meV, 100);  // T_max(Q) = 185 meV
    const auto bc = bin_counts(r, d);
    double sum = 0;
    for (double v : bc.signal) sum += v;
    EXPECT_DOUBLE_EQ(sum, bc.total_signal);
    // Direct integral of dN/dT over [threshold, T_max] with a fine trapezoid.
    const int n = 20000;
    const double a = d.threshold, b = r.t_max();
    double integral = 0;
    for (int i = 0; i < n; ++i) {
        const double x0 = a + (b - a) * i / n, x1 = a + (b - a) * (i + 1) / n;
        integral += 0.5 * (x1 - x0) * (r.differential(x0) + r.differential(x1));
    }
    EXPECT_NEAR(bc.total_signal / (integral * d.exposure), 1.0, 1e-6);
    // Bins below threshold are empty.
    EXPECT_EQ(bc.signal[0], 0.0);
}

TEST(Detector, ResolutionConservesEventsAwayFromEdges) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate r(xs, tritium_source_from_activity(1 * units::MCi),
                      point_geometry(1 * units::m), 1e26);
    Detector sharp;
    sharp.exposure = 1 * units::year;
    sharp.binning = Binning::linear(0, 200 * units::meV, 100);
    Detector smeared = sharp;
    smeared.resolution.sigma_abs = 1 * units::meV;
    const auto a = bin_counts(r, sharp), b = bin_counts(r, smeared);
    // All recoils lie in [0, 185] meV: smearing by 1 meV keeps them inside [0, 200] meV,
    // except the tail below 0 of the lowest recoils.
    EXPECT_NEAR(b.total_signal / a.total_signal, 1.0, 2e-2);
}

TEST(Detector, SmearedBinsAgreeWithABruteForceFoldAndAnyThreadCount) {
    // Reference independent of bin_counts' node placement: a fine composite midpoint rule in
    // true T (40000 points over [0, T_max]) times the Gaussian bin probabilities from std::erf.
    // Fine bins (3 x 0.5 meV wide vs sigma >= 1 meV, resolution-driven panels) and coarse bins
    // (sigma < 2 bin widths: bin-aligned panels), a threshold inside a bin.
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate r(xs, tritium_source_from_activity(1 * units::MCi),
                      point_geometry(1 * units::m), 1e26);
    // The last case: a purely relative resolution wider than 1/8 (the smeared-density window
    // reaches T = 0).
    for (auto [nbins, sabs, srel] :
         {std::tuple{30, 1 * units::meV, 0.05}, std::tuple{380, 1 * units::meV, 0.05},
          std::tuple{200, 0.0, 0.2}}) {
        Detector d;
        d.exposure = 1 * units::year;
        d.threshold = 3.3 * units::meV;
        d.resolution = {.sigma_abs = sabs, .sigma_rel = srel};
        d.binning = Binning::linear(0, 190 * units::meV, nbins);
        const auto bc = bin_counts(r, d);
        const int n = 40000;
        const double b = r.t_max();
        std::vector<double> ref(nbins, 0.0);
        for (int k = 0; k < n; ++k) {
            const double t = b * (k + 0.5) / n;
            const double w = b / n * d.exposure * r.differential(t);
            const double s = d.resolution.sigma(t) * std::sqrt(2.0);
            for (int i = 0; i < nbins; ++i) {
                const double lo = std::max(d.binning.edges[i], d.threshold);
                const double hi = d.binning.edges[i + 1];
                if (hi > lo) ref[i] += w * 0.5 * (std::erf((hi - t) / s) - std::erf((lo - t) / s));
            }
        }
        double total_ref = 0;
        for (double v : ref) total_ref += v;
        for (int i = 0; i < nbins; ++i) {
            // Midpoint rule error ~ (h/sigma)^2/24 ~ 1e-7; bins with 1e-6 of the events or more.
            if (ref[i] > 1e-6 * total_ref) {
                EXPECT_NEAR(bc.signal[i] / ref[i], 1.0, 1e-6) << i;
            }
        }
        // Two threads: the same bits.
        const auto two = bin_counts(r, d, -1, 1, 2);
        for (int i = 0; i < nbins; ++i) EXPECT_EQ(two.signal[i], bc.signal[i]) << i;
        EXPECT_EQ(two.total_signal, bc.total_signal);
    }
}

TEST(Detector, ThresholdAboveKinematicMaximumWarnsAndGivesZero) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate r(xs, tritium_source_from_activity(1 * units::MCi),
                      point_geometry(1 * units::m), 1e25);
    Detector d;
    d.exposure = 1 * units::year;
    d.threshold = 1 * units::eV;
    d.binning = Binning::linear(0, 2 * units::eV, 4);
    const auto bc = bin_counts(r, d);
    EXPECT_EQ(bc.total_signal, 0.0);
    ASSERT_EQ(bc.warnings.size(), 1u);
    EXPECT_NE(bc.warnings[0].find("detector.threshold"), std::string::npos);
}

TEST(Detector, BadInputNamesTheField) {
    Detector d;
    d.exposure = 1;
    d.binning = Binning::linear(0, 1, 2);
    EXPECT_NO_THROW(d.validate());
    const auto expect_field = [](const Detector& det, const std::string& field) {
        try {
            det.validate();
            ADD_FAILURE() << "expected an error naming " << field;
        } catch (const InvalidArgument& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    Detector bad = d;
    bad.exposure = -1;
    expect_field(bad, "detector.exposure");
    bad = d;
    bad.efficiency = {1.0, {1, 0.5}, {0.5, 0.6}};
    expect_field(bad, "detector.efficiency");
    bad = d;
    bad.binning.edges = {0, 2, 1};
    expect_field(bad, "binning.edges");
    EXPECT_THROW(Binning::logarithmic(0, 1, 3), InvalidArgument);
    EXPECT_THROW(Binning::linear(1, 1, 3), InvalidArgument);
}

TEST(Experiment, DecayingSourceScalesSignalNotBackground) {
    Experiment ex{make_target("He4"),
                  tritium_source_from_activity(1 * units::MCi),
                  point_geometry(1 * units::m),
                  1e26,
                  {},
                  {1e-3, 1e-2},
                  {},
                  0.0};
    ex.detector.exposure = 5 * units::year;
    ex.detector.binning = Binning::linear(1e-3, 0.19, 10);
    ex.detector.background.constant = 1e-3 / (units::eV * units::s);
    const auto constant = run_experiment(ex, standard_scenarios(Parameters{}));
    ex.source_half_life = 4500 * units::day;
    const auto decaying = run_experiment(ex, standard_scenarios(Parameters{}));
    // (1 - exp(-x)) / x with x = ln2 t / T_half, written out here.
    const double x = std::log(2.0) * 5 * 365.25 / 4500.0;
    const double factor = (1 - std::exp(-x)) / x;
    EXPECT_NEAR(effective_exposure(ex) / ex.detector.exposure, factor, 1e-14);
    for (std::size_t s = 0; s < constant.size(); ++s) {
        EXPECT_NEAR(decaying[s].counts.total_signal / constant[s].counts.total_signal, factor,
                    1e-13);
        EXPECT_DOUBLE_EQ(decaying[s].counts.total_background, constant[s].counts.total_background);
        double sum = 0;
        for (double v : decaying[s].counts.signal) sum += v;
        EXPECT_NEAR(sum / decaying[s].counts.total_signal, 1.0, 1e-14);
    }
}

TEST(EventRate, SmoothTablesFoldWithoutAPanelPerNodeAndRoughOnesKeepTheirKinks) {
    // A smooth 4001-node table (reactor-like E^2 (Q - E)^2 exp(-E / 2 MeV), Q = 9 MeV) on Xe132:
    // the default fold (kink tolerance 1e-4) against the exact fold of the piecewise-linear
    // interpolant (tolerance 0: a panel edge at every node), at recoils up to T_max.
    const double q = 9 * units::MeV;
    std::vector<double> e, v;
    for (int i = 0; i <= 4000; ++i) {
        const double x = q * i / 4000.0;
        e.push_back(x);
        v.push_back(x * x * (q - x) * (q - x) * std::exp(-x / (2 * units::MeV)));
    }
    const auto table = [](std::shared_ptr<const ContinuousSpectrum> sp) {
        return Source("table", {SpectrumComponent{.flavor = Flavor::e,
                                                  .type = NeutrinoType::antineutrino,
                                                  .rate = 1e20 / units::s,
                                                  .shape = std::move(sp)}});
    };
    const Source smooth = table(std::make_shared<const TabulatedSpectrum>(e, v, "smooth"));
    const CrossSection xs(make_target("Xe132"), Parameters{});
    RateOptions exact_opt;
    exact_opt.kink_tolerance = 0;
    const EventRate fast(xs, smooth, point_geometry(20 * units::m), 1e28);
    const EventRate exact(xs, smooth, point_geometry(20 * units::m), 1e28, exact_opt);
    EXPECT_GT(exact.n_panels(0), 4000u);
    EXPECT_LT(fast.n_panels(0), exact.n_panels(0) / 5);
    for (int k = 1; k < 200; ++k) {
        const double t = fast.t_max() * k / 200.0;
        EXPECT_NEAR(fast.differential(t) / exact.differential(t), 1.0, 1e-6) << k;
    }
    // A rough table (a triangle and a step, 5 nodes) keeps every node: the exact fold.
    const Source rough = table(std::make_shared<const TabulatedSpectrum>(
        std::vector<double>{1e6, 2e6, 3e6, 3.001e6, 5e6}, std::vector<double>{0, 1, 0.2, 0.9, 0}));
    const EventRate r_fast(xs, rough, point_geometry(20 * units::m), 1e28);
    const EventRate r_exact(xs, rough, point_geometry(20 * units::m), 1e28, exact_opt);
    EXPECT_EQ(r_fast.n_panels(0), r_exact.n_panels(0));
    for (double f : {0.01, 0.3, 0.8})
        EXPECT_EQ(r_fast.differential(f * r_fast.t_max()),
                  r_exact.differential(f * r_fast.t_max()));
}

TEST(Experiment, ApplySourceDecayOnBinnedCounts) {
    // The free functions used by the Python bindings: the same factor as the Experiment form.
    const double t = 5 * units::year, half = 4500 * units::day;
    const double x = std::log(2.0) * 5 * 365.25 / 4500.0;  // lambda t, written out
    EXPECT_NEAR(effective_exposure(t, half) / t, (1 - std::exp(-x)) / x, 1e-14);
    EXPECT_EQ(effective_exposure(t, 0.0), t);
    EXPECT_THROW(effective_exposure(t, -1.0), InvalidArgument);
    BinnedCounts c;
    c.signal = {2.0, 4.0};
    c.background = {1.0, 1.0};
    c.total_signal = 6.0;
    c.total_background = 2.0;
    apply_source_decay(c, t, half);
    const double f = (1 - std::exp(-x)) / x;
    EXPECT_NEAR(c.signal[0], 2.0 * f, 1e-14);
    EXPECT_NEAR(c.signal[1], 4.0 * f, 1e-14);
    EXPECT_DOUBLE_EQ(c.total_signal, c.signal[0] + c.signal[1]);
    EXPECT_EQ(c.background[0], 1.0);
    EXPECT_EQ(c.total_background, 2.0);
}
