#pragma once
/// @file
/// Flux-weighted averages of oscillation phases over a set of baselines,
///   A(omega) = sum_j w_j exp(-i omega L_j),   omega = dm^2 / 2E,
/// at a cost per call independent of the number of baselines (docs/performance.md, "Cheap
/// geometry"). In the mass basis the baseline average of every flavour coefficient needs only
/// A(dm21^2/2E), A(dm31^2/2E) and A(dm32^2/2E) (three complex numbers per energy), and those
/// need only a few nodes when omega (L_max - L_min) is small.
///
/// Method: the weighted baselines (a discrete measure mu on [L_min, L_max]) are projected onto
/// composite 16-node Gauss–Legendre rules with 2^l equal panels (levels l = 0, 1, ...): the node
/// weights are the integrals of the panel's Lagrange basis polynomials against mu, so a level
/// integrates every polynomial of degree <= 15 on each of its panels exactly against mu. Level l
/// is built from level l + 1 (exact, by the same argument), the finest from the baselines. A
/// call uses the coarsest level with |omega| h <= 3 (h the panel width), where the degree-15
/// interpolation error of exp(-i omega L) is of order (|omega| h / 4)^16 / 16! ~ 1e-15; tested
/// against the direct sum to 1e-14 of sum |w_j| (tests/oscillation/phase_average_test.cpp).
/// When no built level is fine enough, the sum runs over the baselines themselves.

#include <array>
#include <complex>
#include <cstddef>
#include <span>
#include <vector>

namespace cevas {

/// Precomputed phase averages over one weighted baseline set. Immutable after construction;
/// const calls are thread-safe.
class PhaseAverager {
 public:
    /// Nodes per panel of the compressed rules.
    static constexpr std::size_t kNodes = 16;
    /// Largest |omega| h at which a level is used.
    static constexpr double kMaxPhasePerPanel = 3.0;
    /// Taylor terms of the moment expansion (see average()).
    static constexpr std::size_t kMoments = 28;
    /// Largest |omega| H (H = (L_max - L_min)/2) at which average() uses the moment expansion
    /// A = exp(-i omega L_c) sum_k (-i omega H)^k m_k, m_k = sum_j w_j ((L_j - L_c)/H)^k / k!:
    /// truncation 2^28/28! < 1e-21, rounding ~ e^2 ulp of sum |w_j|.
    static constexpr double kMaxMomentPhase = 2.0;

    PhaseAverager() = default;
    /// @param baselines L_j [eV^-1] (finite, >= 0) @param weights w_j (any sign; usually
    ///        normalised to 1) @throws InvalidArgument for mismatched sizes or non-finite values.
    PhaseAverager(std::span<const double> baselines, std::span<const double> weights);

    /// A(omega) = sum_j w_j exp(-i omega L_j). @param omega [eV] (dm^2/2E)
    std::complex<double> average(double omega) const;
    /// The direct sum over every baseline (reference path, O(number of baselines)).
    std::complex<double> average_direct(double omega) const;
    /// sum_j w_j.
    double total_weight() const { return total_; }
    /// Number of nodes average(omega) sums over (0: the moment expansion).
    std::size_t nodes_used(double omega) const;
    std::size_t size() const { return raw_.x.size(); }

 private:
    struct Rule {
        std::vector<double> x, w;
    };
    const Rule& rule_for(double omega) const;
    static std::complex<double> sum(const Rule& r, double omega);

    Rule raw_;
    std::vector<Rule> levels_;  // levels_[l]: 2^l panels of kNodes nodes on [lo_, hi_]
    double lo_ = 0, hi_ = 0, total_ = 0;
    std::array<double, kMoments> moments_{};
    bool has_moments_ = false;
};

}  // namespace cevas
