#pragma once
/// @file
/// Exact templates: the expected signal counts per bin as a quadratic polynomial in the fit
/// parameters, built once from the rates layer and evaluated at any parameter point without
/// touching a cross section (docs/sensitivity.md).
///
/// Every amplitude of the cross section is linear in each NSI entry (real and imaginary parts),
/// the millicharge, the charge radius and sin^2 theta_W (through g_V), and the magnetic term is
/// linear in mu^2, so with theta = (theta_1 .. theta_P) measured from the base point
///   N_b(theta) = c_b0 + sum_i c_bi theta_i + sum_{i<=j} c_bij theta_i theta_j
/// holds exactly. The coefficients follow by polarisation from 1 + 2P + P(P-1)/2 full rate
/// evaluations (rates layer: geometry, source decay, detector response and whatever else the
/// rates layer applies enter automatically):
///   c_i = (N(+h_i) - N(-h_i)) / (2 h_i),  c_ii = (N(+h_i) + N(-h_i) - 2 N(0)) / (2 h_i^2),
///   c_ij = (N(h_i + h_j) - N(0) - c_i h_i - c_j h_j - c_ii h_i^2 - c_jj h_j^2) / (h_i h_j).
/// The recoil energy-scale nuisance s (reconstructed energy = (1 + s) x true) is carried by
/// templates at shifted bin edges edges / (1 + s) (threshold likewise) for s = -h_s, 0, +h_s,
/// interpolated quadratically in s: an approximation (the only one here), exact to O(s^3).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cevas/rates/experiment.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas {

/// One fit parameter: a real number that moves one physics input of `Parameters`.
struct FitParameter {
    std::string name;  ///< as the user writes it: "nucleus.ee", "magnetic_moment", ...
    std::string unit;  ///< display unit of the value: "" (dimensionless), "mu_B", "e", "cm^2"
    /// Typical size [unit]: the polarisation step and the default search scale.
    double scale = 1.0;
    /// Physical lower bound [unit] (e.g. 0 for a magnetic moment, whose rate is even in mu);
    /// -infinity when none.
    double lower_bound = -1e300;
    /// Centre of the polarisation points [unit] (c, c +- scale): 0 except where the physics
    /// needs a valid base value (sin^2 theta_W); the polynomial is in theta - center.
    double center = 0;
    /// Set the parameter to `value` [unit] in `params` (value 0 = the base point's value is
    /// replaced by 0 + base offset: the setter adds nothing, it assigns).
    std::function<void(Parameters& params, double value)> apply;
};

/// Expected counts per bin of an experiment under one set of physics inputs: the rates layer's
/// binned counts (signal with source decay, and background), nothing re-derived.
/// @param edge_scale multiply the reconstructed-energy bin edges and the threshold by this
///        factor (1: the configured binning) [dimensionless]
BinnedCounts expected_counts(const Experiment& experiment, const Parameters& params,
                             double edge_scale = 1.0);

/// Number of monomials of a quadratic polynomial in P variables: 1 + P + P(P+1)/2.
inline std::size_t monomial_count(std::size_t p) { return 1 + p + p * (p + 1) / 2; }

/// The per-bin quadratic polynomials of the expected signal counts.
/// Layout: coefficient of monomial m for bin b at [m * n_bins + b]; monomials in the order
/// 1, theta_0 .. theta_{P-1}, theta_0^2, theta_0 theta_1, .., theta_0 theta_{P-1}, theta_1^2, ..
struct Templates {
    std::vector<std::string> names;  ///< parameter names
    std::vector<std::string> units;  ///< parameter units
    std::vector<double> centers;     ///< polarisation centres: monomials of theta - center
    std::size_t n_params = 0;
    std::size_t n_bins = 0;
    std::vector<double> edges;       ///< reconstructed-energy bin edges [eV]
    std::vector<double> background;  ///< expected background counts per bin
    std::vector<double> signal;      ///< coefficients at the configured binning
    /// Energy-scale derivatives (empty without an energy-scale nuisance): the signal at shift s
    /// is signal + s d1 + s^2 d2, each a polynomial in theta with the same layout.
    std::vector<double> d1, d2;
    double shift_step = 0;  ///< h_s used to build d1, d2 [dimensionless]

    std::size_t n_monomials() const { return monomial_count(n_params); }
    bool has_shift() const { return !d1.empty(); }
    /// The monomials of theta - centers (size n_monomials()).
    void monomials(const double* theta, double* out) const;
    /// Evaluate one coefficient set (signal, d1 or d2) at theta into out[n_bins].
    void evaluate(const std::vector<double>& coefficients, const double* theta, double* out) const;
    /// Expected signal counts per bin at theta and energy-scale shift s.
    std::vector<double> signal_counts(const std::vector<double>& theta, double shift = 0) const;
};

/// Build the templates of `parameters` around `base` by exact polarisation.
/// @param shift_step h_s > 0 adds the energy-scale derivatives d1, d2; 0: none
/// @param threads threads for the independent rate evaluations (0: all cores)
/// @throws InvalidArgument "parameter = <name>: the configured physics cannot reach it ..."
///         when moving the parameter by its scale changes no bin by more than 1e-12 of the
///         total expected signal (an axial NSI on a spin-0 target, a flavour entry no source
///         flavour sees), and for a duplicated parameter name.
Templates build_templates(const Experiment& experiment, const Parameters& base,
                          const std::vector<FitParameter>& parameters, double shift_step = 0,
                          int threads = 0);

}  // namespace cevas
