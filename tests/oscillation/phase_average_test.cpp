// oscillation/phase_average.hpp: compressed phase averages against the direct sum over every
// baseline.
#include "cevas/oscillation/phase_average.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "cevas/core/error.hpp"

namespace cevas {
namespace {

// phase_average.hpp: |A(omega) - direct sum| <= 1e-14 sum |w_j| at every omega.
constexpr double kPhaseAverageBound = 1e-14;

TEST(PhaseAverager, CompressedRulesMatchTheDirectSum) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> len(1.0e5, 5.0e6), wt(0.0, 1.0);
    for (std::size_t n : {40u, 300u, 8192u}) {
        std::vector<double> l(n), w(n);
        double sum = 0;
        for (std::size_t j = 0; j < n; ++j) {
            l[j] = len(rng);
            w[j] = wt(rng) * l[j] * l[j] * 1e-12;  // a flux-like weighting
            sum += w[j];
        }
        for (double& x : w) x /= sum;
        const PhaseAverager avg(l, w);
        EXPECT_NEAR(avg.total_weight(), 1.0, 1e-14);
        std::size_t compressed = 0, moments = 0;
        for (int k = -400; k <= 100; ++k) {
            const double omega = std::pow(10.0, k / 50.0) * 1e-7;  // 1e-15 .. 1e-5 eV
            for (double sign : {1.0, -1.0}) {
                const std::complex<double> a = avg.average(sign * omega);
                std::complex<double> ref = 0;  // independent of the class: std::polar
                for (std::size_t j = 0; j < n; ++j)
                    ref += w[j] * std::polar(1.0, -sign * omega * l[j]);
                EXPECT_LE(std::abs(a - ref), kPhaseAverageBound)
                    << "n = " << n << " omega = " << omega;
                if (avg.nodes_used(omega) < n) ++compressed;
                if (avg.nodes_used(omega) == 0) ++moments;
            }
        }
        if (n >= 300) {
            EXPECT_GT(compressed, 100u) << "the compressed levels are used";
        }
        // Small phase spreads take the moment expansion, larger ones the levels.
        EXPECT_GT(moments, 100u);
        EXPECT_EQ(avg.nodes_used(1e-12), 0u);
        if (n == 8192) {
            EXPECT_GT(avg.nodes_used(1e-5), 0u);
            EXPECT_LT(avg.nodes_used(3e-6), n);
        }
    }
}

TEST(PhaseAverager, EqualBaselinesAndBadInput) {
    const std::vector<double> l(100, 3.0e6), w(100, 0.01);
    const PhaseAverager avg(l, w);
    const std::complex<double> a = avg.average(1e-6);
    EXPECT_NEAR(a.real(), std::cos(3.0), 1e-14);
    EXPECT_NEAR(a.imag(), -std::sin(3.0), 1e-14);
    EXPECT_THROW(PhaseAverager(std::vector<double>{1.0, 2.0}, std::vector<double>{1.0}),
                 InvalidArgument);
    EXPECT_THROW(PhaseAverager(std::vector<double>{-1.0}, std::vector<double>{1.0}),
                 InvalidArgument);
}

}  // namespace
}  // namespace cevas
