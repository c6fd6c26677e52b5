#include "cevas/stats/procedures.hpp"

#include <algorithm>
#include <atomic>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <limits>

#include "cevas/core/error.hpp"
#include "cevas/numerics/parallel.hpp"

namespace cevas {

void validate_cl(double cl, std::string_view field) {
    if (!(cl > 0 && cl < 1))
        throw InvalidArgument(describe(std::string(field), format_value(cl),
                                       "the confidence level must be in (0, 1)"));
}

double chi2_quantile(double cl, double dof) {
    validate_cl(cl);
    if (!(dof >= 1)) throw InvalidArgument(describe("dof", format_value(dof), "must be >= 1"));
    return boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), cl);
}

double chi2_quantile_boundary(double cl) {
    validate_cl(cl);
    if (cl <= 0.5) return 0;
    return boost::math::quantile(boost::math::chi_squared_distribution<double>(1), 2 * cl - 1);
}

std::string_view to_string(LimitMethod m) {
    switch (m) {
        case LimitMethod::wilks:
            return "wilks";
        case LimitMethod::wilks_boundary:
            return "wilks-boundary";
        case LimitMethod::feldman_cousins:
            return "feldman-cousins";
    }
    return "?";
}

LimitMethod parse_limit_method(std::string_view s, std::string_view field) {
    if (s == "wilks") return LimitMethod::wilks;
    if (s == "wilks-boundary") return LimitMethod::wilks_boundary;
    if (s == "feldman-cousins") return LimitMethod::feldman_cousins;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown method (wilks, wilks-boundary, feldman-cousins)"));
}

std::vector<double> ParameterRange::values() const {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] =
            i + 1 == n ? hi : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1);
    return v;
}

void ParameterRange::validate(std::string_view field) const {
    const std::string f(field);
    const std::string text = format_value(lo) + ":" + format_value(hi) + ":" + std::to_string(n);
    if (!(std::isfinite(lo) && std::isfinite(hi)))
        throw InvalidArgument(describe(f, text, "range ends must be finite"));
    if (!(hi > lo))
        throw InvalidArgument(describe(f, text, "empty or reversed range (need LO < HI)"));
    if (n < 2) throw InvalidArgument(describe(f, text, "need at least 2 points"));
}

namespace {

double chi2_at(const Model& m, const Data& d, double x, ProfileWorkspace& w) {
    std::vector<double> nu(m.nuisances.size(), 0.0);
    return profile_chi2(m, d, &x, nu.data(), w);
}

// Newton's start at the k-th of evenly spaced values: the polynomial extrapolation of the
// previous optima (quadratic from the third value on: within O(step^3) of the new optimum, so
// almost every point converges in one pass). Deterministic: depends only on the line's values.
void warm_start(std::size_t k, const std::vector<double>& p1, const std::vector<double>& p2,
                const std::vector<double>& p3, std::vector<double>& nu) {
    if (k >= 3) {
        for (std::size_t i = 0; i < nu.size(); ++i) nu[i] = 3 * p1[i] - 3 * p2[i] + p3[i];
    } else if (k == 2) {
        for (std::size_t i = 0; i < nu.size(); ++i) nu[i] = 2 * p1[i] - p2[i];
    }
}

void require_one_parameter(const Model& m) {
    if (m.templates.n_params != 1)
        throw InvalidArgument(describe("parameters", std::to_string(m.templates.n_params),
                                       "a one-parameter interval needs exactly one parameter"));
}

}  // namespace

ParameterRange auto_range(const Model& model, const Data& data, double scale, double lower_bound,
                          double threshold, std::size_t n) {
    require_one_parameter(model);
    ProfileWorkspace w(model);
    const double c0 = chi2_at(model, data, 0.0, w);
    const double target = 4 * threshold + 1;
    // Outward from 0 in one direction: the first power-of-two multiple of the scale whose chi^2
    // exceeds the reference by `target`.
    const auto reach = [&](double sign) {
        double x = scale;
        for (int i = 0; i < 200 && chi2_at(model, data, sign * x / 2, w) - c0 > target; ++i) x /= 2;
        for (int i = 0; i < 200; ++i, x *= 2)
            if (chi2_at(model, data, sign * x, w) - c0 > target) return sign * x;
        throw NumericalError(describe("parameter " + model.templates.names[0],
                                      format_value(sign * x),
                                      "the data do not constrain it (no range found)"));
    };
    ParameterRange r;
    r.n = n;
    r.hi = reach(1.0);
    r.lo = std::isfinite(lower_bound) && lower_bound > -1e299 ? lower_bound : reach(-1.0);
    // The minimum may lie off centre: widen until both ends exceed the grid minimum by target.
    for (int pass = 0; pass < 8; ++pass) {
        const std::vector<double> v = r.values();
        double mn = std::numeric_limits<double>::infinity();
        std::vector<double> c(v.size());
        for (std::size_t i = 0; i < v.size(); ++i)
            mn = std::min(mn, c[i] = chi2_at(model, data, v[i], w));
        bool ok = true;
        if (c.back() - mn < target) r.hi += r.hi - r.lo, ok = false;
        if (c.front() - mn < target && !(lower_bound > -1e299)) r.lo -= r.hi - r.lo, ok = false;
        if (ok) break;
    }
    return r;
}

Interval wilks_interval(const Model& model, const Data& data, const ParameterRange& range,
                        double threshold, int threads) {
    require_one_parameter(model);
    range.validate("parameter range");
    Interval r;
    r.threshold = threshold;
    r.values = range.values();
    std::vector<double> c(r.values.size());
    parallel_for(c.size(), 64, resolve_threads(threads),
                 [&](std::size_t, std::size_t b, std::size_t e) {
                     ProfileWorkspace w(model);
                     std::vector<double> nu(model.nuisances.size(), 0.0);
                     for (std::size_t i = b; i < e; ++i)
                         c[i] = profile_chi2(model, data, &r.values[i], nu.data(), w);
                 });
    ProfileWorkspace w(model);
    const auto f = [&](double x) { return chi2_at(model, data, x, w); };
    std::size_t imin = static_cast<std::size_t>(std::min_element(c.begin(), c.end()) - c.begin());
    const double a = r.values[imin == 0 ? 0 : imin - 1];
    const double b = r.values[std::min(imin + 1, c.size() - 1)];
    const auto [xm, fm] = boost::math::tools::brent_find_minima(f, a, b, 52);
    if (fm < c[imin]) {
        r.best_fit = xm, r.chi2_min = fm;
    } else {
        r.best_fit = r.values[imin], r.chi2_min = c[imin];
    }
    r.delta_chi2.resize(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) r.delta_chi2[i] = std::max(c[i] - r.chi2_min, 0.0);
    const auto crossing = [&](double level, double lo, double hi) {
        std::uintmax_t iters = 100;
        const auto g = [&](double x) { return f(x) - r.chi2_min - level; };
        const double glo = g(lo), ghi = g(hi);
        // The grid said the level is crossed in [lo, hi]; should rounding at the ends disagree
        // (a crossing within ~1e-12 of a grid point), fall back to linear interpolation.
        if (!((glo >= 0 && ghi <= 0) || (glo <= 0 && ghi >= 0)) || glo == ghi)
            return glo == ghi ? lo : lo + (hi - lo) * glo / (glo - ghi);
        if (glo == 0) return lo;
        if (ghi == 0) return hi;
        const auto [x0, x1] = boost::math::tools::toms748_solve(
            g, lo, hi, glo, ghi, boost::math::tools::eps_tolerance<double>(50), iters);
        return 0.5 * (x0 + x1);
    };
    // Lower end: the first grid point from the left below the level.
    const auto ends = [&](double level, std::optional<double>& lower,
                          std::optional<double>& upper) {
        std::size_t i = 0;
        while (i < c.size() && r.delta_chi2[i] >= level) ++i;
        if (i < c.size() && i > 0)
            lower = crossing(level, r.values[i - 1],
                             std::min(r.values[i], std::max(r.best_fit, r.values[i - 1])));
        std::size_t j = c.size();
        while (j > 0 && r.delta_chi2[j - 1] >= level) --j;
        if (j > 0 && j < c.size())
            upper = crossing(level, std::max(r.values[j - 1], std::min(r.best_fit, r.values[j])),
                             r.values[j]);
    };
    ends(threshold, r.lower, r.upper);
    std::optional<double> lo1, hi1;
    ends(1.0, lo1, hi1);
    r.sigma_minus = lo1 ? r.best_fit - *lo1 : 0;
    r.sigma_plus = hi1 ? *hi1 - r.best_fit : 0;
    return r;
}

FcResult feldman_cousins(const Model& model, const Data& data, const ParameterRange& range,
                         double cl, std::size_t n_toys, std::uint64_t seed, int threads,
                         const StatsProgress& progress) {
    require_one_parameter(model);
    validate_cl(cl, "cl");
    range.validate("parameter range");
    if (n_toys < 10)
        throw InvalidArgument(describe("toys", std::to_string(n_toys), "need at least 10 toys"));
    FcResult r;
    r.values = range.values();
    const std::size_t nv = r.values.size(), k = model.nuisances.size();
    // Observed statistic and the nuisances profiled on the data at each tested value.
    std::vector<std::vector<double>> nu_hat(nv, std::vector<double>(k, 0.0));
    std::vector<double> c(nv);
    {
        ProfileWorkspace w(model);
        for (std::size_t j = 0; j < nv; ++j)
            c[j] = profile_chi2(model, data, &r.values[j], nu_hat[j].data(), w);
    }
    const double cmin = *std::min_element(c.begin(), c.end());
    r.best_fit =
        r.values[static_cast<std::size_t>(std::min_element(c.begin(), c.end()) - c.begin())];
    r.t_obs.resize(nv);
    for (std::size_t j = 0; j < nv; ++j) r.t_obs[j] = c[j] - cmin;
    std::vector<std::vector<double>> expected(nv);
    for (std::size_t j = 0; j < nv; ++j)
        expected[j] = expected_total(model, {r.values[j]}, nu_hat[j]);

    std::vector<double> t(nv * n_toys);
    const std::size_t grain = 64;
    std::atomic<std::size_t> done{0};
    const std::size_t total = nv * n_toys;
    parallel_for(total, grain, resolve_threads(threads),
                 [&](std::size_t, std::size_t b, std::size_t e) {
                     ProfileWorkspace w(model);
                     std::vector<double> nu(k), prev(k), prev2(k), prev3(k);
                     for (std::size_t idx = b; idx < e; ++idx) {
                         const std::size_t j = idx / n_toys, toy = idx % n_toys;
                         const Data d = toy_data(expected[j], seed, idx);
                         double mn = std::numeric_limits<double>::infinity(), at_j = 0;
                         std::fill(nu.begin(), nu.end(), 0.0);
                         for (std::size_t q = 0; q < nv; ++q) {
                             // Warm start: extrapolation of the previous optima.
                             warm_start(q, prev, prev2, prev3, nu);
                             const double v = profile_chi2(model, d, &r.values[q], nu.data(), w);
                             prev3.swap(prev2);
                             prev2.swap(prev);
                             prev = nu;
                             mn = std::min(mn, v);
                             if (q == j) at_j = v;
                         }
                         t[j * n_toys + toy] = at_j - mn;
                     }
                     const std::size_t now = done.fetch_add(e - b) + (e - b);
                     if (progress) progress(now, total);
                 });
    r.t_crit.resize(nv);
    r.accepted.resize(nv);
    const std::size_t rank = static_cast<std::size_t>(std::ceil(cl * static_cast<double>(n_toys)));
    for (std::size_t j = 0; j < nv; ++j) {
        std::vector<double> tj(t.begin() + static_cast<std::ptrdiff_t>(j * n_toys),
                               t.begin() + static_cast<std::ptrdiff_t>((j + 1) * n_toys));
        std::nth_element(tj.begin(), tj.begin() + static_cast<std::ptrdiff_t>(rank - 1), tj.end());
        r.t_crit[j] = tj[rank - 1];
        r.accepted[j] = r.t_obs[j] <= r.t_crit[j];
    }
    std::size_t first = nv, last = nv;
    for (std::size_t j = 0; j < nv; ++j)
        if (r.accepted[j]) {
            if (first == nv) first = j;
            last = j;
        }
    if (first < nv) {
        if (first > 0) r.lower = r.values[first];
        if (last + 1 < nv) r.upper = r.values[last];
    }
    return r;
}

std::size_t ScanGrid::size() const {
    if (axes.empty()) return 0;
    std::size_t n = 1;
    for (const auto& a : axes) n *= a.size();
    return n;
}

void ScanGrid::point(std::size_t index, double* theta) const {
    for (std::size_t i = axes.size(); i-- > 0;) {
        const std::size_t m = axes[i].size();
        theta[i] = axes[i][index % m];
        index /= m;
    }
}

void scan_lines(const Model& model, const Data& data, const ScanGrid& grid, std::size_t line_begin,
                std::size_t line_end, double* out, int threads, const StatsProgress& progress) {
    if (grid.axes.size() != model.templates.n_params)
        throw InvalidArgument(describe("scan axes", std::to_string(grid.axes.size()),
                                       "expected " + std::to_string(model.templates.n_params)));
    if (line_end > grid.n_lines() || line_begin > line_end)
        throw InvalidArgument(describe("scan lines",
                                       std::to_string(line_begin) + ".." + std::to_string(line_end),
                                       "outside the grid"));
    const std::size_t len = grid.line_length(), p = grid.axes.size();
    std::atomic<std::size_t> done{0};
    const std::size_t total = line_end - line_begin;
    parallel_for(total, 1, resolve_threads(threads),
                 [&](std::size_t, std::size_t b, std::size_t e) {
                     ProfileWorkspace w(model);
                     const std::size_t kn = model.nuisances.size();
                     std::vector<double> theta(p), nu(kn), prev(kn), prev2(kn), prev3(kn);
                     for (std::size_t l = b; l < e; ++l) {
                         const std::size_t line = line_begin + l;
                         grid.point(line * len, theta.data());
                         std::fill(nu.begin(), nu.end(), 0.0);
                         double* row = out + l * len;
                         for (std::size_t k = 0; k < len; ++k) {
                             theta[p - 1] = grid.axes[p - 1][k];
                             warm_start(k, prev, prev2, prev3, nu);
                             row[k] = profile_chi2(model, data, theta.data(), nu.data(), w);
                             prev3.swap(prev2);
                             prev2.swap(prev);
                             prev = nu;
                         }
                     }
                     const std::size_t now = done.fetch_add(e - b) + (e - b);
                     if (progress) progress(now, total);
                 });
}

ScanSummary summarise_scan(const ScanGrid& grid, const std::vector<double>& chi2) {
    if (chi2.size() != grid.size() || chi2.empty())
        throw InvalidArgument(
            describe("scan", std::to_string(chi2.size()) + " values", "does not match the grid"));
    ScanSummary s;
    s.best_index =
        static_cast<std::size_t>(std::min_element(chi2.begin(), chi2.end()) - chi2.begin());
    s.chi2_min = chi2[s.best_index];
    const std::size_t p = grid.axes.size();
    s.best_fit.resize(p);
    grid.point(s.best_index, s.best_fit.data());
    s.profiles.resize(p);
    for (std::size_t i = 0; i < p; ++i)
        s.profiles[i].assign(grid.axes[i].size(), std::numeric_limits<double>::infinity());
    std::vector<std::size_t> idx(p);
    for (std::size_t n = 0; n < chi2.size(); ++n) {
        std::size_t rem = n;
        for (std::size_t i = p; i-- > 0;) {
            idx[i] = rem % grid.axes[i].size();
            rem /= grid.axes[i].size();
        }
        const double d = chi2[n] - s.chi2_min;
        for (std::size_t i = 0; i < p; ++i)
            s.profiles[i][idx[i]] = std::min(s.profiles[i][idx[i]], d);
    }
    // Delta chi^2 = 1 crossings by linear interpolation of each profile around the best point.
    s.sigma_minus.assign(p, 0.0);
    s.sigma_plus.assign(p, 0.0);
    for (std::size_t i = 0; i < p; ++i) {
        const auto& a = grid.axes[i];
        const auto& pr = s.profiles[i];
        std::size_t b =
            static_cast<std::size_t>(std::find(a.begin(), a.end(), s.best_fit[i]) - a.begin());
        for (std::size_t j = b; j + 1 < a.size(); ++j)
            if (pr[j] < 1 && pr[j + 1] >= 1) {
                s.sigma_plus[i] =
                    a[j] + (a[j + 1] - a[j]) * (1 - pr[j]) / (pr[j + 1] - pr[j]) - s.best_fit[i];
                break;
            }
        for (std::size_t j = b; j > 0; --j)
            if (pr[j] < 1 && pr[j - 1] >= 1) {
                s.sigma_minus[i] =
                    s.best_fit[i] - (a[j] + (a[j - 1] - a[j]) * (1 - pr[j]) / (pr[j - 1] - pr[j]));
                break;
            }
    }
    return s;
}

Significance significance(const Model& null_model, const std::vector<double>& theta_null,
                          const Model& alternative, const std::vector<double>& theta_alt,
                          const Data& data) {
    const ProfileResult n = profile(null_model, data, theta_null);
    const ProfileResult a = profile(alternative, data, theta_alt);
    Significance s;
    s.delta_chi2 = a.chi2 - n.chi2;
    s.sigma = std::sqrt(std::max(s.delta_chi2, 0.0));
    s.nuisances_alternative = a.nuisances;
    return s;
}

}  // namespace cevas
