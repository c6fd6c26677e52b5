// Detector response for nuclear recoils (issue 13 item 2): Lindhard against its closed form,
// keVee and PE scales monotone and invertible, bad quenching parameters, Poisson probabilities,
// pion-DAR timing fractions against scripts/reference_response.py, and the binning in the
// observable against the recoil-energy binning it must reduce to.
#include "cevas/rates/response.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/tritium.hpp"
#include "common/tolerance.hpp"

using namespace cevas;
using namespace cevas::test;

namespace {

// Reference values: /usr/bin/python3 scripts/reference_response.py (mpmath, 30 digits; the
// Lindhard formula written out there, not the C++ code).
TEST(Lindhard, MatchesTheClosedFormForGermaniumAndXenon) {
    struct Case {
        int z;
        double k, er_kev, q;
    };
    const Case cases[] = {
        {32, 0.157, 0.5, 0.15595489546021753}, {32, 0.157, 1, 0.17099087092253352},
        {32, 0.157, 5, 0.21239956236051134},   {32, 0.157, 10, 0.23410722816193506},
        {54, 0.166, 0.5, 0.13911779671864822}, {54, 0.166, 1, 0.15246248140113169},
        {54, 0.166, 5, 0.18844995468923147},   {54, 0.166, 10, 0.20662590227146541},
    };
    for (const Case& c : cases)
        EXPECT_NEAR(lindhard_quenching(c.er_kev * units::keV, c.z, c.k), c.q, kTight * c.q)
            << "Z=" << c.z << " E=" << c.er_kev;
    EXPECT_EQ(lindhard_quenching(0.0, 32, 0.157), 0.0);
}

TEST(Lindhard, RejectsOutOfRangeParameters) {
    for (double k : {0.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()})
        EXPECT_THROW(lindhard_quenching(units::keV, 32, k), InvalidArgument) << k;
    EXPECT_THROW(lindhard_quenching(units::keV, 0, 0.157), InvalidArgument);
    EXPECT_THROW(lindhard_quenching(units::keV, 119, 0.157), InvalidArgument);
    Quenching q;
    q.model = QuenchingModel::lindhard;
    q.k = 0;
    try {
        q.validate();
        ADD_FAILURE() << "k = 0 accepted";
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("detector.quenching_k = 0"), std::string::npos)
            << e.what();
    }
}

DetectorResponse lindhard_ge_pe() {
    DetectorResponse r;
    r.quenching.model = QuenchingModel::lindhard;
    r.quenching.k = 0.157;
    r.quenching.z = 32;
    r.observable = Observable::pe;
    r.light_yield = 13.348;
    return r;
}

TEST(Response, ElectronEquivalentScaleIsMonotoneAndInvertible) {
    std::vector<DetectorResponse> responses;
    DetectorResponse ge = lindhard_ge_pe();
    ge.observable = Observable::ee;
    ge.light_yield = 0;
    responses.push_back(ge);
    responses.push_back(lindhard_ge_pe());
    DetectorResponse lar;  // COHERENT LAr 2020 style: Q = 0.246 + 7.8e-4 E_r[keVnr]
    lar.observable = Observable::ee;
    lar.quenching.model = QuenchingModel::polynomial;
    lar.quenching.coefficients = {0.246, 7.8e-4};
    lar.quenching.range_min = 0;
    lar.quenching.range_max = 125 * units::keV;
    responses.push_back(lar);
    DetectorResponse tab;
    tab.observable = Observable::ee;
    tab.quenching.model = QuenchingModel::table;
    tab.quenching.table = {
        1.0, {1 * units::keV, 10 * units::keV, 50 * units::keV}, {0.1, 0.2, 0.25}};
    responses.push_back(tab);
    for (const DetectorResponse& r : responses) {
        ASSERT_NO_THROW(r.validate());
        double prev = -1;
        for (double er = 0.01 * units::keV; er < 200 * units::keV; er *= 1.05) {
            const double x = r.observed(er);
            EXPECT_GT(x, prev) << r.unit() << " at " << er;
            prev = x;
            EXPECT_NEAR(r.recoil_from_observed(x), er, 1e-11 * er) << r.unit();
        }
    }
    // keVee of the polynomial: Q E_r written out.
    EXPECT_NEAR(lar.observed(40 * units::keV), (0.246 + 7.8e-4 * 40) * 40 * units::keV, 1e-8);
    // PE = light yield x E_ee[keV].
    const DetectorResponse pe = lindhard_ge_pe();
    EXPECT_NEAR(pe.observed(1 * units::keV), 13.348 * 0.17099087092253352, 1e-11);
}

TEST(Response, RejectsQuenchingOutsideZeroOneAndNonInvertibleScales) {
    DetectorResponse r;
    r.observable = Observable::ee;
    r.quenching.model = QuenchingModel::polynomial;
    r.quenching.range_max = 100 * units::keV;
    r.quenching.coefficients = {1.2};  // Q > 1
    EXPECT_THROW(r.validate(), InvalidArgument);
    r.quenching.coefficients = {0.5, -0.01};  // Q < 0 above 50 keV
    EXPECT_THROW(r.validate(), InvalidArgument);
    r.quenching.coefficients = {0.9, -0.0089};  // Q E_r decreases above ~50 keV
    EXPECT_THROW(r.validate(), InvalidArgument);
    r.quenching.coefficients = {};
    EXPECT_THROW(r.validate(), InvalidArgument);
    r.quenching.coefficients = {0.1};
    r.quenching.range_max = 0;  // no validity range
    EXPECT_THROW(r.validate(), InvalidArgument);
    r.quenching.model = QuenchingModel::table;
    r.quenching.table = {1.0, {1 * units::keV, 2 * units::keV}, {0.2, 1.3}};
    EXPECT_THROW(r.validate(), InvalidArgument);
    // Observable nr with a quenching model, Poisson without PE, PE without a light yield.
    DetectorResponse n = lindhard_ge_pe();
    n.observable = Observable::nr;
    n.light_yield = 0;
    EXPECT_THROW(n.validate(), InvalidArgument);
    DetectorResponse p;
    p.smearing = Smearing::poisson;
    EXPECT_THROW(p.validate(), InvalidArgument);
    DetectorResponse ly = lindhard_ge_pe();
    ly.light_yield = -1;
    EXPECT_THROW(ly.validate(), InvalidArgument);
}

TEST(Poisson, ProbabilitiesSumToOneAndMatchTheReference) {
    for (double mu : {0.0, 0.3, 4.2, 37.5, 1000.0}) {
        const auto p = poisson_probabilities(mu, 0, static_cast<int>(mu + 40 * std::sqrt(mu) + 60));
        double sum = 0;
        for (double v : p) sum += v;
        EXPECT_NEAR(sum, 1.0, 1e-12) << mu;
    }
    // P(n >= 1) and P(2 <= n < 5) from scripts/reference_response.py.
    const struct {
        double mu, p_ge1, p_2to4;
    } ref[] = {{0.3, 0.25918177931828213, 0.036920528073225114},
               {4.2, 0.98500442317952229, 0.51185002184409374},
               {37.5, 0.99999999999999995, 4.7557992995207697e-12}};
    for (const auto& r : ref) {
        EXPECT_NEAR(1 - poisson_probabilities(r.mu, 0, 1)[0], r.p_ge1, 1e-13);
        const auto p = poisson_probabilities(r.mu, 2, 5);
        EXPECT_NEAR(p[0] + p[1] + p[2], r.p_2to4, 1e-12 * r.p_2to4 + 1e-300);
    }
}

TEST(Timing, FractionsMatchTheReferenceConvolutions) {
    struct Case {
        double a, b;
        PulseShape pulse;
        double width, prompt, delayed, tol;
    };
    const PulseShape R = PulseShape::rectangle, G = PulseShape::gaussian;
    // Rectangle: closed form (1e-12); Gaussian: quadrature (1e-10 stated, 1e-9 tested).
    const Case cases[] = {
        {0, 6000, R, 360, 0.572242046806424, 0.918948037766136, 1e-12},
        {-1000, 6000, R, 360, 1.0, 0.933992148447002, 1e-12},
        {200, 1500, R, 1000, 0.326032999999945, 0.39061018283084, 1e-12},
        {-1000, 5000, G, 360, 0.999999999985817, 0.895806859583465, 1e-9},
        {0, 6000, G, 360, 0.56611500071944, 0.91219673620474, 1e-9},
        {500, 6000, G, 360, 0.00118734752045397, 0.741840851893056, 1e-9},
        {0, 1000, G, 0, 1.0, 0.358053200247163, 1e-12},
    };
    for (const Case& c : cases) {
        const TimingFractions f = pion_dar_timing_fractions({true, c.a, c.b, c.pulse, c.width});
        EXPECT_NEAR(f.prompt, c.prompt, c.tol) << c.a << ".." << c.b << " w=" << c.width;
        EXPECT_NEAR(f.delayed, c.delayed, c.tol) << c.a << ".." << c.b << " w=" << c.width;
    }
    // COHERENT-like: SNS pulse ~360 ns FWHM, a 6 us window from 1 us before the pulse centre:
    // all prompt and 1 - exp(-5 us / tau_mu) ~ 0.90 of the delayed neutrinos (COHERENT,
    // Science 357 (2017) 1123: the delayed flux "within a few microseconds", tau_mu = 2.2 us).
    const TimingFractions f = pion_dar_timing_fractions({true, -1000, 5000, G, 360});
    EXPECT_NEAR(f.delayed, 1 - std::exp(-5000 / 2196.9811), 0.01);
}

TEST(Timing, RejectsBadWindowsAndNonPulsedSources) {
    EXPECT_THROW(pion_dar_timing_fractions({true, 100, 100, PulseShape::gaussian, 360}),
                 InvalidArgument);
    EXPECT_THROW(pion_dar_timing_fractions({true, 0, 6000, PulseShape::gaussian, -1}),
                 InvalidArgument);
    EXPECT_THROW(pion_dar_timing_fractions(
                     {true, 0, std::numeric_limits<double>::quiet_NaN(), PulseShape::gaussian, 0}),
                 InvalidArgument);
    const Source tritium = tritium_source_from_activity(1 * units::MCi);
    EXPECT_THROW(timing_weights(tritium, {true, 0, 6000, PulseShape::gaussian, 360}),
                 InvalidArgument);
    EXPECT_EQ(timing_weights(tritium, {}), std::vector<double>(1, 1.0));
}

// A pion-DAR experiment on argon at 20 m: prompt nu_mu first, then the delayed species.
Experiment argon() {
    PionDecayAtRestParameters p;
    p.proton_rate = 1e16 / units::s;
    p.pions_per_proton = 0.09;
    Experiment ex{make_target("Ar40"),
                  pion_decay_at_rest_source(p),
                  point_geometry(20 * units::m),
                  1e27,
                  Detector{},
                  {},
                  RateOptions{}};
    ex.detector.exposure = units::year;
    ex.options.oscillations = false;
    return ex;
}

TEST(ResponseBinning, IdentityIsBinCountsAndWeightsArePerSpecies) {
    Experiment ex = argon();
    ex.detector.binning = Binning::linear(1 * units::keV, 100 * units::keV, 33);
    ex.detector.resolution.sigma_abs = 2 * units::keV;
    const CrossSection xs(ex.target, Parameters{});
    const EventRate rate(xs, ex.source, ex.geometry, ex.n_atoms, ex.options);
    const BinnedCounts a = bin_counts(rate, ex.detector);
    const BinnedCounts b = bin_counts_with_response(rate, ex.detector, DetectorResponse{});
    ASSERT_EQ(a.signal.size(), b.signal.size());
    for (std::size_t i = 0; i < a.signal.size(); ++i) EXPECT_EQ(a.signal[i], b.signal[i]);
    // Species weights: the weighted sum of the per-species counts (each species alone: its
    // unit weight). bin_counts per species agrees to 1e-4 only: it does not cut its panels at
    // the end of the prompt line's recoils (47.7 keV), where dN/dT jumps.
    const std::vector<double> w = {0.9, 0.4, 0.7};
    const BinnedCounts c = bin_counts_with_response(rate, ex.detector, DetectorResponse{}, w);
    for (std::size_t i = 0; i < c.signal.size(); ++i) {
        double expect = 0, loose = 0;
        for (std::size_t s = 0; s < 3; ++s) {
            std::vector<double> unit(3, 0.0);
            unit[s] = 1;
            expect +=
                w[s] *
                bin_counts_with_response(rate, ex.detector, DetectorResponse{}, unit).signal[i];
            loose += w[s] * bin_counts(rate, ex.detector, static_cast<int>(s)).signal[i];
        }
        EXPECT_NEAR(c.signal[i], expect, 1e-12 * expect + 1e-12) << i;
        EXPECT_NEAR(c.signal[i], loose, 1e-4 * loose + 1e-12) << i;
    }
    // run_experiment applies the timing window's weights.
    ex.timing = {true, -1000, 5000, PulseShape::gaussian, 360};
    const auto r = run_experiment(ex, {Scenario{"sm", "sm", Parameters{}}});
    const std::vector<double> tw = timing_weights(ex.source, ex.timing);
    const BinnedCounts d = bin_counts_with_response(rate, ex.detector, DetectorResponse{}, tw);
    EXPECT_NEAR(r.front().counts.total_signal, d.total_signal, 1e-12 * d.total_signal);
    EXPECT_LT(d.total_signal, a.total_signal);
}

TEST(ResponseBinning, KeVeeBinsHoldTheRecoilsOfTheirEdges) {
    // No smearing: counts in [a, b] keVee = counts in [E_r(a), E_r(b)] keVnr (bin_counts).
    Experiment ex = argon();
    DetectorResponse r;
    r.observable = Observable::ee;
    r.quenching.model = QuenchingModel::polynomial;
    r.quenching.coefficients = {0.246, 7.8e-4};
    r.quenching.range_max = 125 * units::keV;
    Detector ee = ex.detector;
    ee.binning = Binning::linear(5 * units::keV, 30 * units::keV, 10);
    ee.threshold = 7 * units::keV;
    Detector nr = ee;
    for (double& e : nr.binning.edges) e = r.recoil_from_observed(e);
    nr.threshold = r.recoil_from_observed(ee.threshold);
    const CrossSection xs(ex.target, Parameters{});
    const EventRate rate(xs, ex.source, ex.geometry, ex.n_atoms, ex.options);
    const BinnedCounts a = bin_counts_with_response(rate, ee, r);
    // bin_counts does not cut its panels where the prompt line's recoils end (47.7 keVnr, a
    // jump of dN/dT in bin 3): it converges there like 1/panels (1e-7 at 1024 per bin).
    const BinnedCounts b = bin_counts(rate, nr, -1, 1024);
    for (std::size_t i = 0; i < a.signal.size(); ++i)
        EXPECT_NEAR(a.signal[i], b.signal[i], (i == 3 ? 1e-6 : 1e-9) * b.signal[i]) << i;
    // A Gaussian smearing in keVee conserves the events of a range much wider than sigma.
    ee.binning = Binning::linear(0, 200 * units::keV, 40);
    ee.threshold = 0;
    ee.resolution.sigma_rel = 0.1;  // nothing smeared below 0 keVee
    Detector all = ex.detector;
    all.binning = Binning::linear(0, 1 * units::MeV, 1);
    const double total = bin_counts(rate, all, -1, 8).total_signal;
    EXPECT_NEAR(bin_counts_with_response(rate, ee, r).total_signal, total, 1e-6 * total);
}

TEST(ResponseBinning, PoissonPhotoElectronsConserveEventsAndFollowTheEfficiency) {
    Experiment ex = argon();
    DetectorResponse r = lindhard_ge_pe();
    r.quenching.z = 0;  // the target's
    r.smearing = Smearing::poisson;
    Detector pe = ex.detector;
    pe.binning = Binning::linear(0, 4000, 400);  // every PE count the spectrum reaches
    const CrossSection xs(ex.target, Parameters{});
    const EventRate rate(xs, ex.source, ex.geometry, ex.n_atoms, ex.options);
    Detector all = ex.detector;
    all.binning = Binning::linear(0, 1 * units::MeV, 1);
    const double total = bin_counts(rate, all, -1, 8).total_signal;
    const BinnedCounts c = bin_counts_with_response(rate, pe, r);
    EXPECT_NEAR(c.total_signal, total, 1e-6 * total);
    // A step efficiency at 10 PE = a threshold of 10 PE.
    DetectorResponse step = r;
    step.efficiency_observed.table = {1.0, {9.5, 9.5000001}, {0.0, 1.0}};
    Detector thr = pe;
    thr.threshold = 10;
    const BinnedCounts s1 = bin_counts_with_response(rate, pe, step);
    const BinnedCounts s2 = bin_counts_with_response(rate, thr, r);
    EXPECT_NEAR(s1.total_signal, s2.total_signal, 1e-12 * s2.total_signal);
    EXPECT_LT(s2.total_signal, c.total_signal);
}

}  // namespace
