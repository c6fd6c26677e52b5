#pragma once
/// @file
/// Named tolerance tiers for the cevas test suite (header-only). Every numerical comparison in
/// a test uses one of these names, so that the reason for a tolerance is stated once, here.
///
/// Relative tiers, tightest first:
///   kExact      1e-14  the same arithmetic done twice or an exact identity (unitarity,
///                      hermiticity, unit conversions, F(0) = 1): a few ulp of accumulated rounding
///   kArrayPath  1e-13  the array path (vectorised fast_exp form factors) against the scalar path
///                      (std::exp) of the cross section: the requirement of issue 3 item 8
///   kTight      1e-12  two code paths of the library computing the same number in a different
///                      order (array vs scalar path, coefficients vs direct), ~1e4 ulp of headroom
///   kReference  1e-10  the library against the committed tables of scripts/reference_xsec.py
///                      (an independent double-precision implementation of the same formulas)
///   kQuadrature 1e-9   integrals: the library's adaptive Gauss–Kronrod against scipy's quad
///   kRoot       1e-8   a root located numerically from a function with a double zero
///                      (the dip of C_V) against the reference root
///   kModel      1e-4   two physics models that should agree to the stated accuracy of the
///                      simpler one (hydrogenic vs Hubbell for atomic hydrogen)
///   kTable      1e-3   a fitted model against the table it was fitted to (gauss6 vs Hubbell He,
///                      max deviation 8e-4 by construction, PHYSICS.md section 3)

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace cevas::test {

inline constexpr double kExact = 1e-14;
inline constexpr double kArrayPath = 1e-13;
inline constexpr double kTight = 1e-12;
inline constexpr double kReference = 1e-10;
inline constexpr double kQuadrature = 1e-9;
inline constexpr double kRoot = 1e-8;
inline constexpr double kModel = 1e-4;
inline constexpr double kTable = 1e-3;

/// |a - b| / max(|a|, |b|), and 0 when both are 0.
inline double relative_difference(double a, double b) {
    const double scale = std::max(std::abs(a), std::abs(b));
    return scale == 0 ? 0.0 : std::abs(a - b) / scale;
}

/// gtest predicate: |actual - expected| <= tol * max(|actual|, |expected|) (both zero passes).
inline ::testing::AssertionResult near_relative(const char* actual_expr, const char* expected_expr,
                                                const char* /*tol_expr*/, double actual,
                                                double expected, double tol) {
    const double rel = relative_difference(actual, expected);
    if (rel <= tol) return ::testing::AssertionSuccess();
    std::ostringstream msg;
    msg << std::setprecision(17) << actual_expr << " = " << actual << " vs " << expected_expr
        << " = " << expected << ": relative difference " << std::setprecision(3) << rel
        << " exceeds " << tol;
    return ::testing::AssertionFailure() << msg.str();
}

}  // namespace cevas::test

/// EXPECT_REL_NEAR(actual, expected, tol): relative comparison with a named tolerance tier.
#define EXPECT_REL_NEAR(actual, expected, tol) \
    EXPECT_PRED_FORMAT3(::cevas::test::near_relative, actual, expected, tol)
/// ASSERT_REL_NEAR(actual, expected, tol): as EXPECT_REL_NEAR, fatal.
#define ASSERT_REL_NEAR(actual, expected, tol) \
    ASSERT_PRED_FORMAT3(::cevas::test::near_relative, actual, expected, tol)
