// numerics/fast_trig.hpp: the vectorisable sin/cos against std::sin/std::cos.
#include "cevas/numerics/fast_trig.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace cevas {
namespace {

// fast_trig.hpp promises an absolute error <= 2 ulp(1) = 4.5e-16 for |x| <= kFastTrigMaxArg.
constexpr double kFastTrigBound = 4.5e-16;

void expect_close(double x, double& worst) {
    double s = 0, c = 0;
    numerics::fast_sincos(x, s, c);
    const double e = std::max(std::abs(s - std::sin(x)), std::abs(c - std::cos(x)));
    worst = std::max(worst, e);
    ASSERT_LE(e, kFastTrigBound) << "x = " << x;
}

TEST(FastSinCos, MatchesStdOnAFineGridNearZero) {
    double worst = 0;
    for (int i = -1'000'000; i <= 1'000'000; ++i) expect_close(i * 1e-5, worst);  // [-10, 10]
    RecordProperty("worst_abs_error", std::to_string(worst));
}

TEST(FastSinCos, MatchesStdAtRandomArgumentsUpToTheLimit) {
    std::mt19937_64 rng(12345);
    std::uniform_real_distribution<double> mag(-6.0, 6.0);
    double worst = 0;
    for (int i = 0; i < 1'000'000; ++i) {
        const double x = std::pow(10.0, mag(rng)) * (i % 2 ? 1 : -1);
        expect_close(x, worst);
    }
    // Near multiples of pi/2, where the reduction cancels most.
    for (int k = -100000; k <= 100000; k += 7)
        for (double d : {-1e-9, 0.0, 1e-9}) expect_close(k * std::numbers::pi / 2 + d, worst);
    expect_close(numerics::kFastTrigMaxArg, worst);
    expect_close(-numerics::kFastTrigMaxArg, worst);
}

TEST(FastSinCos, ExactAtZeroAndNanOutsideItsRange) {
    double s = 1, c = 0;
    numerics::fast_sincos(0.0, s, c);
    EXPECT_EQ(s, 0.0);
    EXPECT_EQ(c, 1.0);
    numerics::fast_sincos(2 * numerics::kFastTrigMaxArg, s, c);
    EXPECT_TRUE(std::isnan(s) && std::isnan(c));
    numerics::fast_sincos(NAN, s, c);
    EXPECT_TRUE(std::isnan(s) && std::isnan(c));
}

}  // namespace
}  // namespace cevas
