// numerics/fast_exp.hpp: the vectorisable exp against std::exp over its whole domain.
#include "cevas/numerics/fast_exp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/tolerance.hpp"

namespace cevas {
namespace {

// fast_exp.hpp promises a relative error below 4e-16 (about 2 ulp) on [-700, 700].
constexpr double kFastExpBound = 4e-16;

double rel_err(double x) {
    const double ref = std::exp(x);
    return std::abs(numerics::fast_exp(x) - ref) / ref;
}

TEST(FastExp, MatchesStdExpOnAFineGrid) {
    const int n = 1'400'001;  // step 1e-3 over [-700, 700]
    double worst = 0, worst_x = 0;
    for (int i = 0; i < n; ++i) {
        const double x = -700.0 + 1400.0 * i / (n - 1);
        const double e = rel_err(x);
        if (e > worst) worst = e, worst_x = x;
    }
    EXPECT_LT(worst, kFastExpBound) << "at x = " << worst_x;
}

TEST(FastExp, MatchesStdExpAtAwkwardPoints) {
    // Near multiples of ln 2 / 2 (the reduction boundaries), tiny arguments, and the ends.
    std::vector<double> xs = {0.0,  1e-300, -1e-300, 1e-17, -1e-17, 1e-8,       -1e-8,      0.5,
                              -0.5, 1.0,    -1.0,    700.0, -700.0, 699.999999, -699.999999};
    const double ln2 = 0.69314718055994530942;
    for (int k = -1000; k <= 1000; k += 7) {
        for (double d : {-1e-12, 0.0, 1e-12}) xs.push_back((k + 0.5) * ln2 + d);
    }
    for (double x : xs) {
        if (std::abs(x) > 700) continue;
        EXPECT_LT(rel_err(x), kFastExpBound) << "x = " << x;
    }
    EXPECT_EQ(numerics::fast_exp(0.0), 1.0);
}

TEST(FastExp, PseudoRandomArguments) {
    // A fixed linear-congruential sequence: reproducible, no <random> distribution differences.
    unsigned long long s = 12345;
    double worst = 0;
    for (int i = 0; i < 200000; ++i) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(s >> 11) / 9007199254740992.0;  // [0, 1)
        worst = std::max(worst, rel_err(-700.0 + 1400.0 * u));
    }
    EXPECT_LT(worst, kFastExpBound);
}

TEST(FastExp, ClampsOutsideTheDomain) {
    EXPECT_EQ(numerics::fast_exp(-800.0), numerics::fast_exp(-700.0));
    EXPECT_EQ(numerics::fast_exp(-1e308), numerics::fast_exp(-700.0));
    EXPECT_EQ(numerics::fast_exp(800.0), numerics::fast_exp(700.0));
    EXPECT_GT(numerics::fast_exp(-800.0), 0.0);
    EXPECT_TRUE(std::isfinite(numerics::fast_exp(1e308)));
}

TEST(FastExp, ArrayLoopEqualsScalarCalls) {
    // The same inline function in a loop the compiler may vectorise: bitwise identical results.
    std::vector<double> x(1024), y(1024);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = -50.0 + 0.1 * static_cast<double>(i);
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = numerics::fast_exp(x[i]);
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], numerics::fast_exp(x[i]));
}

}  // namespace
}  // namespace cevas
