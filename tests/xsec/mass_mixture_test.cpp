// Coefficients of an incoherent mixture of mass eigenstates (solar neutrinos):
// C_V = sum_j p_j |G nu_j|^2, checked against the explicit flavour-matrix product, and the
// vacuum-averaged populations |U_ej|^2 against the baseline average of a nu_e.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using namespace units;

Parameters bare_nucleus() {
    Parameters p;
    p.atomic_form_factor = AtomicFormFactorModel::none;
    p.nuclear_form_factor = NuclearFormFactorModel::unity;
    return p;
}

double c_v(const CrossSection& xs, const Coefficients& c) {
    std::vector<double> t{1e-3};
    std::vector<Breakdown> b(1);
    xs.breakdown(c, t, b);
    return b[0].c_v;
}

// Bare nucleus, F_N = 1: G = Q 1 + eps^Nucl, so C_V = sum_j p_j |(Q + eps) nu_j|^2, with nu_j
// column j of U and Q^2 = C_V of a nu_mu without NSI (Q < 0 for N > Z).
TEST(MassMixture, EqualsTheDensityMatrixTraceWithOffDiagonalNsi) {
    const Target xe = make_target("Xe132");
    const CrossSection sm(xe, bare_nucleus());
    const double q = -std::sqrt(
        c_v(sm, sm.coefficients({Flavor::mu, NeutrinoType::neutrino}, 10 * MeV, BaselineSet{})));
    Parameters p = bare_nucleus();
    Matrix3c eps;
    eps(0, 0) = 3.0;
    eps(0, 1) = complex(5.0, -2.0);
    eps(1, 0) = std::conj(eps(0, 1));
    eps(1, 2) = complex(0.0, 7.0);
    eps(2, 1) = std::conj(eps(1, 2));
    p.nsi.vector.nucleus = eps;
    const CrossSection xs(xe, p);
    const Matrix3c g = Matrix3c::identity() * complex(q) + eps;
    const std::array<double, 3> pop{0.6, 0.3, 0.1};
    for (NeutrinoType type : {NeutrinoType::neutrino, NeutrinoType::antineutrino}) {
        const Matrix3c u =
            type == NeutrinoType::neutrino ? pmns_matrix(p.mixing) : pmns_matrix(p.mixing).conj();
        const Matrix3c gg = type == NeutrinoType::neutrino ? g : g.transpose();
        double expect = 0;
        for (int j = 0; j < 3; ++j) expect += pop[j] * norm2(gg * u.column(j));
        const double got = c_v(xs, xs.coefficients_mass_mixture(type, 10 * MeV, pop));
        EXPECT_REL_NEAR(got, expect, test::kTight);
    }
}

// p_j = |U_ej|^2 is a nu_e whose oscillation phases have averaged out: a Gaussian spread of
// baselines (width sigma, <exp(-i w L)> = exp(-w^2 sigma^2 / 2) < 1e-40 here).
namespace {
void expect_mixture_equals_baseline_average(const Parameters& p) {
    const Target xe = make_target("Xe132");
    const CrossSection xs(xe, p);
    const double e = 1 * MeV;
    const double w21 = p.mixing.dm21_sq / (2 * e), w31 = p.mixing.dm31_sq / (2 * e);
    const double sigma = 15.0 / w21, l0 = 10 * sigma, step = 0.25 / w31;
    BaselineSet bs;
    bs.baselines.clear();
    bs.weights.clear();
    double total = 0;
    for (double l = l0 - 9 * sigma; l <= l0 + 9 * sigma; l += step) {
        bs.baselines.push_back(l);
        bs.weights.push_back(std::exp(-0.5 * std::pow((l - l0) / sigma, 2)));
        total += bs.weights.back();
    }
    for (double& w : bs.weights) w /= total;
    const Matrix3c u = pmns_matrix(p.mixing);
    const std::array<double, 3> pop{std::norm(u(0, 0)), std::norm(u(0, 1)), std::norm(u(0, 2))};
    const Coefficients mix = xs.coefficients_mass_mixture(NeutrinoType::neutrino, e, pop);
    const Coefficients avg = xs.coefficients({Flavor::e, NeutrinoType::neutrino}, e, bs);
    for (double t : {1e-3, 10.0, 100.0}) {
        std::vector<double> tt{t}, a(1), b(1);
        xs.evaluate(mix, tt, a);
        xs.evaluate(avg, tt, b);
        EXPECT_REL_NEAR(a[0], b[0], 1e-9) << t;
    }
}
}  // namespace

TEST(MassMixture, VacuumPopulationsEqualTheBaselineAverage) {
    Parameters p;  // SM with electrons: the W-exchange term makes nu_e differ from nu_mu
    p.nsi.vector.e(0, 1) = 0.2;
    p.nsi.vector.e(1, 0) = 0.2;
    expect_mixture_equals_baseline_average(p);
}

// The same with light mediators (vector and scalar, flavour off-diagonal neutrino couplings):
// the mixture carries the mediators' q-dependent forms as the baseline average does.
TEST(MassMixture, VacuumPopulationsEqualTheBaselineAverageWithMediators) {
    Parameters p;
    Mediator v;
    v.type = MediatorType::vector;
    v.mass = 5 * MeV;
    v.g_nu(0, 0) = 1e-5;
    v.g_nu(0, 1) = v.g_nu(1, 0) = 4e-6;
    v.g_u = 2e-5;
    v.g_d = 1e-5;
    v.g_e = 3e-5;
    Mediator s;
    s.type = MediatorType::scalar;
    s.mass = 1 * MeV;
    s.g_nu(0, 0) = s.g_nu(1, 1) = 1e-6;
    s.g_u = s.g_d = 1e-6;
    p.mediators = {v, s};
    expect_mixture_equals_baseline_average(p);
}

TEST(MassMixture, BadPopulations) {
    const CrossSection xs(make_target("Xe132"), Parameters{});
    EXPECT_THROW(xs.coefficients_mass_mixture(NeutrinoType::neutrino, 1 * MeV, {-0.1, 0.5, 0.6}),
                 InvalidArgument);
    EXPECT_THROW(xs.coefficients_mass_mixture(NeutrinoType::neutrino, 1 * MeV, {NAN, 0.5, 0.5}),
                 InvalidArgument);
    EXPECT_THROW(xs.coefficients_mass_mixture(NeutrinoType::neutrino, -1.0, {1, 0, 0}),
                 InvalidArgument);
}

}  // namespace
}  // namespace cevas
