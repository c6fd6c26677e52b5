// Rates in deposited energy (issue 12 items 2 and 4): the map dN/dT -> dN/d omega is linear,
// conserves S(q)-weighted events and the f-sum, reproduces the free spectrum in the narrow
// large-q limit, and the free medium leaves run_experiment bit-identical.
#include "cevas/rates/deposited.hpp"

#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/tritium.hpp"
#include "common/tolerance.hpp"

using namespace cevas;
using namespace cevas::test;

namespace {

const double kMass = make_target("He4").mass;
const double kTau = 20 * units::meV;  // synthetic recoil spectrum f(T) = exp(-T / tau)

double synthetic(double t) { return std::exp(-t / kTau); }

std::vector<double> at_nodes(const DepositedEnergyMap& map, double (*f)(double)) {
    std::vector<double> v;
    for (double t : map.recoil_nodes()) v.push_back(f(t));
    return v;
}

Detector wide_detector(double lo, double hi, int bins) {
    Detector d;
    d.exposure = 1.0;
    d.binning = Binning::linear(lo, hi, bins);
    return d;
}

Experiment saturne_like(Medium medium) {
    Experiment ex{make_target("He4"),
                  tritium_source_from_activity(10 * units::MCi),
                  point_geometry(0.5 * units::m),
                  7.5e28,
                  {},
                  {},
                  {},
                  0.0,
                  medium};
    ex.detector.exposure = 5 * units::year;
    ex.detector.threshold = 1 * units::meV;
    ex.detector.binning = Binning::linear(1 * units::meV, 185 * units::meV, 46);
    for (int i = 0; i < 200; ++i) ex.recoil.push_back((0.25 + i) * units::meV);
    return ex;
}

}  // namespace

TEST(DepositedEnergyMap, TotalIsTheStaticStructureFactorWeightedRecoilIntegral) {
    // Sum over all omega: integral dT f(T) S(q(T)) (zeroth sum rule), against adaptive
    // Gauss–Kronrod of f x S; and sum of omega: integral dT T f(T) (f-sum rule).
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    const double t_max = 185 * units::meV;
    std::vector<double> grid;
    for (int i = 0; i < 4000; ++i) grid.push_back((0.05 + 0.1 * i) * units::meV);
    const DepositedEnergyMap map(he, t_max, wide_detector(0, 420 * units::meV, 1), grid);
    const auto v = at_nodes(map, synthetic);
    BinnedCounts c;
    std::vector<double> spec;
    map.evaluate(v, &c, &spec);
    using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
    const double ref = GK::integrate(
        [&](double t) {
            return synthetic(t) * he.static_structure_factor(std::sqrt(2 * kMass * t));
        },
        0.0, t_max, 15, 1e-13);
    EXPECT_NEAR(c.total_signal / ref, 1.0, 1e-6);
    // The spectrum's cells cover [0, 400 meV]: the same total, and the mean deposited energy
    // equals the mean free recoil (f-sum rule), up to the cell-centre approximation (0.1 meV
    // cells).
    double n = 0, first = 0;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        n += spec[i] * 0.1 * units::meV;
        first += spec[i] * 0.1 * units::meV * grid[i];
    }
    EXPECT_NEAR(n / ref, 1.0, 1e-6);
    const double ref1 =
        GK::integrate([&](double t) { return t * synthetic(t); }, 0.0, t_max, 15, 1e-13);
    EXPECT_NEAR(first / ref1, 1.0, 1e-4);
}

TEST(DepositedEnergyMap, ImpulseRegionIsTheDopplerConvolution) {
    // Above q_impulse S is the IA: dN/domega(w) = n0 f(w) + (1 - n0) integral dT f(T) N(w; T,
    // sigma(T)), sigma^2 = (4/3) T <E_kin> / (1 - n0) (S(q) = 1 beyond 6 A^-1), computed here by
    // adaptive Gauss–Kronrod, independently of the map's nodes, cells and closed forms.
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    const double n0 = he.tables().condensate_fraction, ek = he.tables().kinetic_energy;
    const double t_max = 185 * units::meV;
    std::vector<double> grid;
    for (double w : {40.0, 60.0, 90.0})
        for (double d : {-0.05, 0.0, 0.05}) grid.push_back((w + d) * units::meV);
    const DepositedEnergyMap map(he, t_max, wide_detector(0, 1, 1), grid);
    const auto spec = map.spectrum(at_nodes(map, synthetic));
    using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
    for (std::size_t i = 1; i < grid.size(); i += 3) {
        const double w = grid[i];
        const double conv = GK::integrate(
            [&](double t) {
                const double sigma = std::sqrt(4.0 / 3.0 * t * ek / (1 - n0));
                const double x = (w - t) / sigma;
                return synthetic(t) * std::exp(-0.5 * x * x) / (std::sqrt(2 * M_PI) * sigma);
            },
            1e-9, t_max, 15, 1e-12);
        const double ref = n0 * synthetic(w) + (1 - n0) * conv;
        // Tolerance: the recoil nodes (0.1 A^-1 panels, about 1-2 meV in T against sigma of
        // 7-10 meV) and the line spreading: 1e-3.
        EXPECT_NEAR(spec[i] / ref, 1.0, 1e-3) << "omega = " << w / units::meV << " meV";
    }
}

TEST(DepositedEnergyMap, BelowTheRotonGapOnlyPhononsContribute) {
    // omega < Delta = 0.74 meV is reached only by the phonon line, S = Z = q^2/(2 M eps) for
    // q < 0.6 A^-1 (the continuum starts above 1.1 meV, the IA above v_L q): the average of
    // dN/domega over an output cell [w1, w2] is (1/(w2 - w1)) integral_{q1}^{q2} dq f(q^2/2M)
    // (q/M) Z(q), eps(q1,2) = w1,2, with q1,2 found here by bisection and the integral by
    // Gauss–Kronrod: independent of the map's nodes and line spreading.
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    const double inv_a = 1.0 / units::angstrom;
    std::vector<double> grid;
    for (double w : {0.2, 0.5, 0.65})
        for (double d : {-0.05, 0.0, 0.05}) grid.push_back((w + d) * units::meV);
    const DepositedEnergyMap map(he, 50 * units::meV, wide_detector(0, 1, 1), grid);
    const auto spec = map.spectrum(at_nodes(map, synthetic));
    auto q_at = [&](double w) {
        double lo = 0.01 * inv_a, hi = 0.6 * inv_a;
        for (int it = 0; it < 200; ++it) {
            const double mid = 0.5 * (lo + hi);
            (he.dispersion(mid) < w ? lo : hi) = mid;
        }
        return 0.5 * (lo + hi);
    };
    using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
    for (std::size_t i = 1; i < grid.size(); i += 3) {
        const double w1 = 0.5 * (grid[i - 1] + grid[i]), w2 = 0.5 * (grid[i] + grid[i + 1]);
        const double integral = GK::integrate(
            [&](double q) {
                return synthetic(q * q / (2 * kMass)) * (q / kMass) * q * q /
                       (2 * kMass * he.dispersion(q));
            },
            q_at(w1), q_at(w2), 15, 1e-12);
        const double ref = integral / (w2 - w1);
        // Tolerance: the map resolves q in node intervals of 0.005 A^-1 (lines spread linearly
        // across each), while the PCHIP through the scattered rows of Table 13.1 changes slope
        // on that scale: 3 %.
        EXPECT_NEAR(spec[i] / ref, 1.0, 0.03) << "omega = " << grid[i] / units::meV << " meV";
    }
}

TEST(DepositedEnergyMap, IsLinearInTheRecoilSpectrum) {
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    const DepositedEnergyMap map(he, 100 * units::meV,
                                 wide_detector(0.5 * units::meV, 100 * units::meV, 50),
                                 {1 * units::meV, 2 * units::meV, 5 * units::meV});
    const auto f = at_nodes(map, synthetic);
    const auto g = at_nodes(map, [](double t) { return t / units::meV; });
    std::vector<double> mix;
    for (std::size_t i = 0; i < f.size(); ++i) mix.push_back(2.5 * f[i] - 0.75 * g[i]);
    const auto cf = map.counts(f), cg = map.counts(g), cm = map.counts(mix);
    for (std::size_t i = 0; i < cf.signal.size(); ++i)
        EXPECT_NEAR(cm.signal[i], 2.5 * cf.signal[i] - 0.75 * cg.signal[i],
                    kTight * (std::abs(2.5 * cf.signal[i]) + std::abs(0.75 * cg.signal[i])));
}

TEST(DepositedEnergyMap, NarrowLargeQLimitIsTheFreeSpectrum) {
    // <E_kin> -> 0: above q_impulse every atom takes omega = q^2/2M, so bins above 50 meV
    // (q > 9.8 A^-1) hold the free counts integral_bin f(T) dT = tau (e^{-a/tau} - e^{-b/tau}).
    HeliumTables t = default_helium_tables();
    t.kinetic_energy = 1e-9 * units::kelvin;
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4}, t);
    const DepositedEnergyMap map(he, 185 * units::meV,
                                 wide_detector(50 * units::meV, 150 * units::meV, 4), {});
    const auto c = map.counts(at_nodes(map, synthetic));
    // Tolerance: a delta response turns each bin edge into a step inside one Gauss panel of the
    // recoil quadrature (0.1 A^-1 in q, about 1 meV in T here): error <= f(edge) x 1 meV / 2.
    for (std::size_t i = 0; i < 4; ++i) {
        const double a = c.edges[i], b = c.edges[i + 1];
        const double ref = kTau * (std::exp(-a / kTau) - std::exp(-b / kTau));
        EXPECT_NEAR(c.signal[i], ref, 0.6 * units::meV * (synthetic(a) + synthetic(b)))
            << "bin " << i;
    }
}

TEST(DepositedEnergyMap, PerfectResolutionConservesAndResolutionSmearsOnly) {
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    Detector sharp = wide_detector(0, 420 * units::meV, 84);
    Detector smeared = sharp;
    smeared.resolution.sigma_rel = 0.05;  // no deposit is smeared below omega = 0
    const DepositedEnergyMap m1(he, 185 * units::meV, sharp, {});
    const DepositedEnergyMap m2(he, 185 * units::meV, smeared, {});
    const auto c1 = m1.counts(at_nodes(m1, synthetic));
    const auto c2 = m2.counts(at_nodes(m2, synthetic));
    // A relative resolution moves events between bins but none out of [0, 420 meV]; the fine
    // cells are folded at their centres, so the bins differ, the total does not.
    EXPECT_NEAR(c2.total_signal / c1.total_signal, 1.0, 1e-9);
    double moved = 0;
    for (std::size_t i = 0; i < c1.signal.size(); ++i)
        moved += std::abs(c2.signal[i] - c1.signal[i]);
    EXPECT_GT(moved, 1e-3 * c1.total_signal);
}

TEST(DepositedEnergyMap, CellEdgesAreTheMidpointsWithSymmetricEnds) {
    // Hand-computed: points 1, 2, 4 -> cells [0.5, 1.5], [1.5, 3], [3, 5]; one point p ->
    // [p/2, 3p/2]; a first half-width larger than the point is clipped at 0.
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{1, 2, 4}),
              (std::vector<double>{0.5, 1.5, 3, 5}));
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{2}), (std::vector<double>{1, 3}));
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{1, 5}),
              (std::vector<double>{0, 3, 7}));
    EXPECT_TRUE(DepositedEnergyMap::cell_edges(std::vector<double>{}).empty());
    // A block of a grid with its neighbours: the grid 1, 2, 4, 8 cut as {1} | {2, 4} | {8}.
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{1}, std::nullopt, 2.0),
              (std::vector<double>{0.5, 1.5}));
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{2, 4}, 1.0, 8.0),
              (std::vector<double>{1.5, 3, 6}));
    EXPECT_EQ(DepositedEnergyMap::cell_edges(std::vector<double>{8}, 4.0, std::nullopt),
              (std::vector<double>{6, 10}));
}

TEST(DepositedEnergyMap, BlocksAndThreadsGiveTheWholeGridSpectrumBitForBit) {
    // Each cell's average depends only on its two edges: the spectrum of the whole grid equals,
    // bit for bit, the same grid evaluated block by block (blocks of any size, cut anywhere,
    // each with its neighbouring points), for several spectra at once and any thread count.
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    std::vector<double> grid;  // 0.05 .. 300 meV, log: phonons, rotons, continuum, IA tail
    for (int i = 0; i < 1500; ++i) grid.push_back(0.05 * units::meV * std::pow(6000.0, i / 1499.0));
    const DepositedEnergyMap map(he, 185 * units::meV, wide_detector(0, 1, 1), grid);
    const auto f = at_nodes(map, synthetic);
    const auto g = at_nodes(map, [](double t) { return std::exp(-t / (50 * units::meV)); });
    const std::vector<double> whole_f = map.spectrum(f), whole_g = map.spectrum(g);
    ASSERT_EQ(whole_f.size(), grid.size());
    for (double v : whole_f) ASSERT_GT(v, 0.0);
    for (int threads : {2, 3})
        EXPECT_EQ(map.spectrum(f, threads), whole_f) << threads << " threads";
    // A map without an output grid (as the streamed CLI builds it: no stored differences, every
    // cell evaluated on the fly) gives the same cells.
    const DepositedEnergyMap bare(he, 185 * units::meV, wide_detector(0, 1, 1), {});
    for (std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{255}, std::size_t{256},
                              std::size_t{257}, std::size_t{1000}, grid.size()}) {
        std::vector<double> out_f(grid.size()), out_g(grid.size());
        for (std::size_t first = 0; first < grid.size(); first += block) {
            const std::size_t len = std::min(block, grid.size() - first);
            const std::span<const double> pts(grid.data() + first, len);
            const auto edges = DepositedEnergyMap::cell_edges(
                pts, first > 0 ? std::optional<double>(grid[first - 1]) : std::nullopt,
                first + len < grid.size() ? std::optional<double>(grid[first + len])
                                          : std::nullopt);
            const std::span<double> o[2] = {std::span<double>(out_f.data() + first, len),
                                            std::span<double>(out_g.data() + first, len)};
            bare.spectrum_cells(edges, {f, g}, o, block == 7 ? 2 : block == grid.size() ? 3 : 1);
        }
        EXPECT_EQ(out_f, whole_f) << "blocks of " << block;
        EXPECT_EQ(out_g, whole_g) << "blocks of " << block;
    }
}

TEST(DepositedEnergyMap, CountsDoNotDependOnTheOutputGrid) {
    // The fine cells of the counts are the base grid, the bin edges and the threshold only.
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    Detector det = wide_detector(1 * units::meV, 185 * units::meV, 46);
    det.threshold = 1 * units::meV;
    std::vector<double> grid;
    for (int i = 0; i < 3000; ++i) grid.push_back((0.03 + 0.0637 * i) * units::meV);
    const DepositedEnergyMap with(he, 185 * units::meV, det, grid);
    const DepositedEnergyMap without(he, 185 * units::meV, det, {});
    const auto a = with.counts(at_nodes(with, synthetic));
    const auto b = without.counts(at_nodes(without, synthetic));
    EXPECT_EQ(a.signal, b.signal);
    EXPECT_GT(a.total_signal, 0.0);
}

TEST(DepositedEnergyMap, SpectrumCellsRejectsBadInput) {
    const SuperfluidHelium he(kMass, Medium{MediumModel::superfluid_he4});
    const DepositedEnergyMap map(he, 50 * units::meV, wide_detector(0, 1, 1), {});
    const auto f = at_nodes(map, synthetic);
    std::vector<double> out(2);
    const std::span<double> o[1] = {std::span<double>(out)};
    const std::vector<double> down = {1e-3, 3e-3, 2e-3}, negative = {-1e-3, 1e-3, 2e-3};
    EXPECT_THROW(map.spectrum_cells(down, {f}, o), InvalidArgument);
    EXPECT_THROW(map.spectrum_cells(negative, {f}, o), InvalidArgument);
    const std::vector<double> ok = {1e-3, 2e-3, 3e-3};
    EXPECT_THROW(map.spectrum_cells(ok, {std::vector<double>(3, 1.0)}, o), InvalidArgument);
    std::vector<double> short_out(1);
    const std::span<double> o1[1] = {std::span<double>(short_out)};
    EXPECT_THROW(map.spectrum_cells(ok, {f}, o1), InvalidArgument);
    EXPECT_NO_THROW(map.spectrum_cells(ok, {f}, o));
}

TEST(Experiment, FreeMediumIsBitIdenticalToTheRecoilPath) {
    const Experiment ex = saturne_like(Medium{});
    const auto results = run_experiment(ex, standard_scenarios(Parameters{}));
    for (const auto& r : results) {
        const CrossSection xs(ex.target, r.scenario.params);
        const EventRate rate(xs, ex.source, ex.geometry, ex.n_atoms, ex.options);
        const BinnedCounts direct = bin_counts(rate, ex.detector);
        ASSERT_EQ(direct.signal.size(), r.counts.signal.size());
        for (std::size_t i = 0; i < direct.signal.size(); ++i)
            EXPECT_EQ(r.counts.signal[i], direct.signal[i]);  // no decay: factor 1 exactly
        EXPECT_TRUE(r.dn_domega.empty());
    }
}

TEST(Experiment, SuperfluidMediumGivesTheOmegaSpectrum) {
    const Experiment free_ex = saturne_like(Medium{});
    const Experiment he_ex = saturne_like(Medium{MediumModel::superfluid_he4});
    const auto f = run_experiment(free_ex, standard_scenarios(Parameters{}));
    const auto h = run_experiment(he_ex, standard_scenarios(Parameters{}));
    ASSERT_EQ(h.size(), 2u);
    for (std::size_t s = 0; s < 2; ++s) {
        ASSERT_EQ(h[s].dn_domega.size(), he_ex.recoil.size());
        for (double v : h[s].dn_domega) EXPECT_GE(v, 0.0);
        // Above the collective region the medium moves events, it does not create them: the
        // counts above 1 meV agree with the free ones to the few-per-cent level (the events
        // below 1 meV and S(q) != 1 at small q make the difference; docs/medium.md).
        EXPECT_NEAR(h[s].counts.total_signal / f[s].counts.total_signal, 1.0, 0.1);
        bool has_medium = false;
        for (const auto& kv : h[s].model) has_medium |= kv.first == "medium";
        EXPECT_TRUE(has_medium);
    }
}

TEST(Experiment, SuperfluidMediumNeedsHelium4) {
    Experiment ex = saturne_like(Medium{MediumModel::superfluid_he4});
    ex.target = make_target("C12");
    try {
        run_experiment(ex, standard_scenarios(Parameters{}));
        ADD_FAILURE() << "no exception";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("target.medium = superfluid_he4"), std::string::npos)
            << e.what();
    }
    ex = saturne_like(Medium{MediumModel::superfluid_he4});
    ex.medium.temperature = 3 * units::kelvin;
    EXPECT_THROW(run_experiment(ex, standard_scenarios(Parameters{})), InvalidArgument);
    EXPECT_THROW(make_deposited_map(saturne_like(Medium{}), 0.1), InvalidArgument);
}
