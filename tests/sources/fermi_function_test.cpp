// Fermi function and complex log-Gamma: identities and error handling. Reference values from
// scripts/reference_sources.py are compared in reference_values_test.cpp.
#include "cevas/sources/fermi_function.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

constexpr double kIdentityTol = 1e-13;  // closed-form identities of log Gamma (relative)
constexpr double kLimitTol = 1e-6;      // p F at t -> 0 against its analytic limit (relative)
constexpr double pi = std::numbers::pi;

double re_lg(double x, double y) { return complex_log_gamma({x, y}).real(); }

TEST(ComplexLogGamma, RealAxisMatchesStdLgamma) {
    for (double x : {0.01, 0.5, 1.0, 1.5, 2.0, 3.3, 9.99, 10.0, 17.5, 100.0}) {
        const auto lg = complex_log_gamma({x, 0.0});
        EXPECT_NEAR(lg.real(), std::lgamma(x), kIdentityTol * std::max(1.0, std::abs(lg.real())))
            << x;
        EXPECT_EQ(lg.imag(), 0.0) << x;
    }
}

TEST(ComplexLogGamma, ClosedFormModuli) {
    // |Gamma(1/2 + iy)|^2 = pi / cosh(pi y);  |Gamma(1 + iy)|^2 = pi y / sinh(pi y).
    for (double y : {0.01, 0.3, 1.0, 4.0, 20.0, 100.0}) {
        const double half =
            std::log(pi) - (pi * y + std::log1p(std::exp(-2 * pi * y)) - std::log(2.0));
        EXPECT_NEAR(2 * re_lg(0.5, y), half, kIdentityTol * std::max(1.0, std::abs(half))) << y;
        const double one =
            std::log(pi * y) - (pi * y + std::log(-std::expm1(-2 * pi * y)) - std::log(2.0));
        EXPECT_NEAR(2 * re_lg(1.0, y), one, kIdentityTol * std::max(1.0, std::abs(one))) << y;
    }
}

TEST(ComplexLogGamma, Recurrence) {
    // log Gamma(z + 1) = log Gamma(z) + log z (principal logs; Re z > 0 keeps them consistent).
    for (auto z : {std::complex<double>(0.3, 0.7), {2.5, -3.0}, {0.99997, 5.0}, {7.0, 40.0}}) {
        const auto lhs = complex_log_gamma(z + 1.0);
        const auto rhs = complex_log_gamma(z) + std::log(z);
        EXPECT_NEAR(lhs.real(), rhs.real(), kIdentityTol * std::max(1.0, std::abs(lhs.real())));
        EXPECT_NEAR(lhs.imag(), rhs.imag(), kIdentityTol * std::max(1.0, std::abs(lhs.imag())));
    }
}

TEST(ComplexLogGamma, ConjugateSymmetry) {
    const auto a = complex_log_gamma({1.3, 2.7});
    const auto b = complex_log_gamma({1.3, -2.7});
    EXPECT_DOUBLE_EQ(a.real(), b.real());
    EXPECT_DOUBLE_EQ(a.imag(), -b.imag());
}

TEST(ComplexLogGamma, RejectsLeftHalfPlane) {
    EXPECT_THROW(complex_log_gamma({0.0, 1.0}), InvalidArgument);
    EXPECT_THROW(complex_log_gamma({-0.5, 1.0}), InvalidArgument);
    EXPECT_THROW(complex_log_gamma({std::nan(""), 1.0}), InvalidArgument);
    EXPECT_THROW(complex_log_gamma({1.0, INFINITY}), InvalidArgument);
}

TEST(FermiFunction, NamesRoundTrip) {
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        EXPECT_EQ(parse_fermi_function(to_string(m)), m);
    }
    try {
        parse_fermi_function("fermi2", "tritium.fermi_function");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("tritium.fermi_function = 'fermi2'"),
                  std::string::npos)
            << e.what();
    }
}

const double kRadius = std::sqrt(5.0 / 3.0) * 1.9661 * units::fm;

TEST(FermiFunction, WilkinsonIsNonrelativisticTimesItsFactor) {
    const PhysicalConstants c;
    const BetaFermiFunction nr(FermiFunction::nonrelativistic, 2, kRadius, c);
    const BetaFermiFunction wk(FermiFunction::wilkinson, 2, kRadius, c);
    for (double t : {0.5, 10.0, 1000.0, 18592.0}) {
        const double e = t + c.electron_mass;
        const double beta = std::sqrt(t * (t + 2 * c.electron_mass)) / e;
        EXPECT_NEAR(wk(t), nr(t) * (1.002037 - 0.001427 * beta), 1e-14 * wk(t)) << t;
    }
}

TEST(FermiFunction, AttractiveCoulombEnhancesAndDecreasesWithEnergy) {
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        const BetaFermiFunction f(m, 2, kRadius);
        double prev = INFINITY;
        for (double t : {1.0, 10.0, 100.0, 1e3, 1e4, 1e5}) {
            EXPECT_GT(f(t), 1.0) << to_string(m) << " " << t;
            EXPECT_LT(f(t), prev) << to_string(m) << " " << t;
            prev = f(t);
        }
    }
}

TEST(FermiFunction, MomentumProductIsContinuousAtTheEndpoint) {
    const PhysicalConstants c;
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        const BetaFermiFunction f(m, 2, kRadius, c);
        const double limit = f.times_momentum(0.0);
        EXPECT_GT(limit, 0.0);
        EXPECT_NEAR(f.times_momentum(1e-9), limit, kLimitTol * limit) << to_string(m);
        // p F = F(t) p(t) away from 0.
        const double t = 250.0;
        EXPECT_NEAR(f.times_momentum(t), f(t) * std::sqrt(t * (t + 2 * c.electron_mass)),
                    1e-14 * f.times_momentum(t));
    }
    // Point-nucleus limit 2 pi alpha Z m_e (analytic).
    const BetaFermiFunction nr(FermiFunction::nonrelativistic, 2, kRadius, c);
    EXPECT_NEAR(nr.times_momentum(0.0), 2 * pi * c.alpha * 2 * c.electron_mass,
                1e-15 * nr.times_momentum(0.0));
}

TEST(FermiFunction, RelativisticApproachesNonrelativisticForSmallAlphaZ) {
    // For alpha Z -> 0, gamma -> 1 and the relativistic form reduces to 2 pi eta/(1 - e^-2 pi eta).
    PhysicalConstants c;
    c.alpha = 1e-6;
    const BetaFermiFunction nr(FermiFunction::nonrelativistic, 1, kRadius, c);
    const BetaFermiFunction rel(FermiFunction::relativistic, 1, kRadius, c);
    for (double t : {1e-3, 1.0, 1e3, 1e5}) EXPECT_NEAR(rel(t), nr(t), 1e-9 * nr(t)) << t;
}

TEST(FermiFunction, RejectsInvalidInput) {
    EXPECT_THROW(BetaFermiFunction(FermiFunction::nonrelativistic, 0, kRadius), InvalidArgument);
    EXPECT_THROW(BetaFermiFunction(FermiFunction::relativistic, 137, kRadius), InvalidArgument);
    EXPECT_THROW(BetaFermiFunction(FermiFunction::relativistic, 2, 0.0), InvalidArgument);
    EXPECT_THROW(BetaFermiFunction(FermiFunction::relativistic, 2, -kRadius), InvalidArgument);
    EXPECT_THROW(BetaFermiFunction(FermiFunction::relativistic, 2, std::nan("")), InvalidArgument);
    const BetaFermiFunction f(FermiFunction::relativistic, 2, kRadius);
    EXPECT_THROW(f(0.0), InvalidArgument);
    EXPECT_THROW(f(-1.0), InvalidArgument);
    EXPECT_THROW(f.times_momentum(-1.0), InvalidArgument);
    EXPECT_THROW(f.times_momentum(std::nan("")), InvalidArgument);
    try {
        f(-3.0);
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("electron kinetic energy = -3"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace cevas
