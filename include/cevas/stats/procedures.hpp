#pragma once
/// @file
/// Statistical procedures on a Model (docs/sensitivity.md): profile-likelihood intervals (Wilks,
/// boundary-aware Wilks, Feldman–Cousins), N-D grid scans, and the significance of one
/// hypothesis against another.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/stats/likelihood.hpp"

namespace cevas {

/// Progress callback: (done, total) units of work; must be safe to call from any thread.
using StatsProgress = std::function<void(std::size_t done, std::size_t total)>;

/// Throw InvalidArgument naming `field` unless 0 < cl < 1.
void validate_cl(double cl, std::string_view field = "cl");
/// Delta chi^2 threshold: the CL quantile of the chi^2 distribution with `dof` degrees of
/// freedom (Boost.Math), e.g. 2.706 for CL = 0.90 and dof = 1, 4.605 for dof = 2.
double chi2_quantile(double cl, double dof);
/// Boundary-aware threshold for one parameter at a physical boundary (Chernoff 1954; Cowan,
/// Cranmer, Gross, Vitells, EPJC 71 (2011) 1554): the test statistic is distributed as
/// 1/2 delta(0) + 1/2 chi^2_1, so the threshold is the chi^2_1 quantile at 2 CL - 1
/// (1.642 at 90 %).
double chi2_quantile_boundary(double cl);

/// How a one-parameter interval is set.
enum class LimitMethod { wilks, wilks_boundary, feldman_cousins };
std::string_view to_string(LimitMethod m);
/// "wilks", "wilks-boundary", "feldman-cousins"; throws InvalidArgument naming `field`.
LimitMethod parse_limit_method(std::string_view s, std::string_view field = "--method");

/// Evenly spaced values lo, ..., hi (n of them).
struct ParameterRange {
    double lo = 0, hi = 0;
    std::size_t n = 0;
    std::vector<double> values() const;
    /// @throws InvalidArgument naming `field` for non-finite ends, hi <= lo or n < 2.
    void validate(std::string_view field) const;
};

/// A one-parameter profile-likelihood result.
struct Interval {
    double best_fit = 0;                 ///< [parameter unit]
    double chi2_min = 0;                 ///< chi^2 at the best fit
    double threshold = 0;                ///< Delta chi^2 defining the interval (Wilks) or 0 (FC)
    std::optional<double> lower, upper;  ///< empty: the region reaches the end of the range
    double sigma_minus = 0, sigma_plus = 0;  ///< Delta chi^2 = 1 distances (empty: 0)
    std::vector<double> values, delta_chi2;  ///< the profile on the grid
};

/// Search a range for a one-parameter model: from the parameter's scale outward until the
/// profile Delta chi^2 (relative to theta = 0 and the grid minimum) exceeds 4 x threshold, down to
/// `lower_bound` when it is finite. n points.
/// @throws NumericalError when the data do not constrain the parameter.
ParameterRange auto_range(const Model& model, const Data& data, double scale, double lower_bound,
                          double threshold, std::size_t n = 401);

/// Wilks interval: the profile chi^2 on the grid, its minimum refined by Brent, and the
/// crossings of Delta chi^2 = threshold refined by TOMS 748. Model with one parameter.
Interval wilks_interval(const Model& model, const Data& data, const ParameterRange& range,
                        double threshold, int threads = 0);

/// Feldman–Cousins (unified ordering by the profile-likelihood ratio) / Neyman construction
/// from toys: for each tested value theta_j, toys are drawn around mu(theta_j, nu_j) with nu_j
/// the nuisances profiled on the data at theta_j (the "profile construction"), the statistic
/// t = chi^2(theta_j) - min over the tested values of chi^2 is computed for each toy, and theta_j
/// is accepted when t_obs <= the CL quantile of the toys.
struct FcResult {
    std::vector<double> values, t_obs, t_crit;
    std::vector<char> accepted;
    std::optional<double> lower, upper;  ///< extremes of the accepted set; empty at a range end
    double best_fit = 0;
};
FcResult feldman_cousins(const Model& model, const Data& data, const ParameterRange& range,
                         double cl, std::size_t n_toys, std::uint64_t seed, int threads = 0,
                         const StatsProgress& progress = {});

/// A rectangular grid: axes[i] are the values of parameter i; points in row-major order (last
/// axis fastest). A "line" is one run of the last axis.
struct ScanGrid {
    std::vector<std::vector<double>> axes;
    std::size_t size() const;
    std::size_t line_length() const { return axes.empty() ? 0 : axes.back().size(); }
    std::size_t n_lines() const { return line_length() == 0 ? 0 : size() / line_length(); }
    /// The parameter values of point `index`.
    void point(std::size_t index, double* theta) const;
};

/// Profile chi^2 of lines [line_begin, line_end) into out[(line - line_begin) * line_length +
/// k]. Each line is computed alone (Newton warm-started along it), so the result is bit for bit
/// independent of the thread count and of how lines are split (threads, MPI ranks, resume).
void scan_lines(const Model& model, const Data& data, const ScanGrid& grid, std::size_t line_begin,
                std::size_t line_end, double* out, int threads = 0,
                const StatsProgress& progress = {});

/// The grid's best point and per-axis 1-D profiles (minimum over the other axes).
struct ScanSummary {
    std::size_t best_index = 0;
    std::vector<double> best_fit;  ///< parameter values at the grid minimum
    double chi2_min = 0;
    std::vector<std::vector<double>> profiles;    ///< per axis: min Delta chi^2 vs the axis value
    std::vector<double> sigma_minus, sigma_plus;  ///< per axis: Delta chi^2 = 1 from the profile
};
ScanSummary summarise_scan(const ScanGrid& grid, const std::vector<double>& chi2);

/// Significance of telling the data's hypothesis from `alternative`: Delta chi^2 = (profiled
/// chi^2 of the alternative at theta_alt) - (profiled chi^2 of the null model at theta_null),
/// significance = sqrt(max(Delta chi^2, 0)) (Asimov data: the median expected significance,
/// Cowan et al. EPJC 71 (2011) 1554).
struct Significance {
    double delta_chi2 = 0;
    double sigma = 0;
    std::vector<double> nuisances_alternative;
};
Significance significance(const Model& null_model, const std::vector<double>& theta_null,
                          const Model& alternative, const std::vector<double>& theta_alt,
                          const Data& data);

}  // namespace cevas
