#pragma once
/// @file
/// Binned likelihoods with profiled nuisance parameters (docs/sensitivity.md).
///
/// Expected counts per bin: mu_b(theta, nu) = F(nu) S_b(theta, s) + G(nu) B_b with
///   F = prod_k (1 + nu_k) over the signal-normalisation nuisances (source activity / flux,
///   target mass x exposure, efficiency), G = 1 + nu_bkg, s the recoil energy-scale shift.
/// chi^2(theta, nu) = sum_b phi(mu_b; n_b) + sum_k c_k(nu_k) with
///   Poisson (default; Baker & Cousins, NIM 221 (1984) 437):  phi = 2 (mu - n + n ln(n / mu)),
///   Gaussian, Pearson variance (GLoBES "chi^2 with sigma^2 = mu"): phi = (n - mu)^2 / mu,
///   Gaussian, data variance: phi = (n - mu)^2 / max(n, 1).
/// Constraints: Gaussian (nu_k / sigma_k)^2, or log-normal (ln(1 + nu_k) / ln(1 + sigma_k))^2.
/// The nuisances are profiled exactly by Newton iterations on the analytic gradient and Hessian
/// (the Poisson chi^2 is convex in the normalisations), not by a black-box minimiser.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/stats/templates.hpp"

namespace cevas {

/// Binned likelihood.
enum class LikelihoodKind { poisson, gauss_pearson, gauss_data };
std::string_view to_string(LikelihoodKind k);
/// "poisson", "gauss_pearson", "gauss_data"; throws InvalidArgument naming `field`.
LikelihoodKind parse_likelihood_kind(std::string_view s, std::string_view field = "likelihood");

/// Systematic uncertainties that are profiled.
enum class NuisanceKind {
    source_activity,  ///< source activity / flux normalisation (signal)
    exposure,         ///< target mass x exposure (signal)
    efficiency,       ///< detection efficiency (signal)
    background,       ///< background normalisation
    energy_scale,     ///< recoil energy-scale shift s (reconstructed = (1 + s) x true)
};
std::string_view to_string(NuisanceKind k);
/// "source_activity", "exposure", "efficiency", "background", "energy_scale".
NuisanceKind parse_nuisance_kind(std::string_view s, std::string_view field = "nuisance");

/// Constraint term of a nuisance: Gaussian, (nu / sigma)^2, or log-normal on the factor 1 + nu,
/// (ln(1 + nu) / ln(1 + sigma))^2 (normalisations only).
enum class Constraint { gaussian, lognormal };
std::string_view to_string(Constraint c);
/// "gaussian", "lognormal"; throws InvalidArgument naming `field`.
Constraint parse_constraint(std::string_view s, std::string_view field = "constraint");

/// One nuisance with a constraint of relative width sigma (> 0) around 0.
struct Nuisance {
    NuisanceKind kind = NuisanceKind::source_activity;
    double sigma = 0;  ///< [dimensionless] relative width (energy scale: width of s)
    Constraint constraint = Constraint::gaussian;
};

/// A statistical model: templates + likelihood + nuisances.
struct Model {
    Templates templates;
    LikelihoodKind likelihood = LikelihoodKind::poisson;
    std::vector<Nuisance> nuisances;  ///< at most one of each kind
    /// @throws InvalidArgument for a NaN, negative or zero width (field "nuisance.<kind>"), a
    /// duplicated kind, or an energy-scale nuisance on templates built without shift nodes.
    void validate() const;
};

/// Observed (or pseudo-) counts per bin, with the constant sum n ln n cached.
struct Data {
    std::vector<double> counts;
    double n_log_n = 0;          ///< sum_b n_b ln n_b (0 ln 0 = 0)
    double total = 0;            ///< sum_b n_b
    std::vector<double> padded;  ///< counts with zeros up to a multiple of 8 (vector lanes)
    static Data from_counts(std::vector<double> counts);
};

/// The Asimov data set of the hypothesis theta (nuisances at 0): n_b = mu_b(theta, 0).
Data asimov_data(const Model& model, const std::vector<double>& theta);

/// Counter-based generator: the u-th uniform of stream (seed, toy, bin) is a pure function of
/// those four integers (SplitMix64 finaliser of a combined counter), so toys are identical on
/// every machine and thread count.
double counter_uniform(std::uint64_t seed, std::uint64_t toy, std::uint64_t bin,
                       std::uint64_t draw);
/// Poisson variate of mean `mean` from stream (seed, toy, bin): inversion for mean < 10, the
/// transformed rejection PTRS of Hoermann (Insurance Math. Econom. 12 (1993) 39) above.
double poisson_variate(double mean, std::uint64_t seed, std::uint64_t toy, std::uint64_t bin);
/// Pseudo-data: Poisson toy number `toy` around `expected` (nuisances not fluctuated).
Data toy_data(std::span<const double> expected, std::uint64_t seed, std::uint64_t toy);

/// Observed counts: checks size against the model's bins and every count finite and >= 0.
/// @param edges the file's bin edges [eV] (empty: not checked); must match within 1e-9 relative.
/// @throws InvalidArgument naming `field` otherwise.
Data observed_data(const Model& model, std::vector<double> counts, const std::vector<double>& edges,
                   std::string_view field = "data_file");

/// Scratch space of one thread for profile_chi2 (no allocation in the hot loop).
struct ProfileWorkspace {
    std::vector<double> s0, d1, d2, mono, mu, bkg, n;  ///< bin arrays padded to lanes of 8
    explicit ProfileWorkspace(const Model& model);
};

/// Result of profiling the nuisances at fixed theta.
struct ProfileResult {
    double chi2 = 0;
    std::vector<double> nuisances;  ///< profiled values, in Model::nuisances order
    int iterations = 0;
};

/// chi^2 at fixed theta, minimised over the nuisances by Newton iterations started at `nu`
/// (updated in place to the minimum; size = model.nuisances.size()).
double profile_chi2(const Model& model, const Data& data, const double* theta, double* nu,
                    ProfileWorkspace& work, int* iterations = nullptr);
/// Convenience form (starts from nu = 0).
ProfileResult profile(const Model& model, const Data& data, const std::vector<double>& theta);

/// Expected counts mu_b(theta, nu) (signal + background).
std::vector<double> expected_total(const Model& model, const std::vector<double>& theta,
                                   const std::vector<double>& nu);

}  // namespace cevas
