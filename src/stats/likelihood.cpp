#include "cevas/stats/likelihood.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "cevas/core/error.hpp"
#include "fast_log.hpp"

namespace cevas {

std::string_view to_string(LikelihoodKind k) {
    switch (k) {
        case LikelihoodKind::poisson:
            return "poisson";
        case LikelihoodKind::gauss_pearson:
            return "gauss_pearson";
        case LikelihoodKind::gauss_data:
            return "gauss_data";
    }
    return "?";
}

LikelihoodKind parse_likelihood_kind(std::string_view s, std::string_view field) {
    if (s == "poisson") return LikelihoodKind::poisson;
    if (s == "gauss_pearson") return LikelihoodKind::gauss_pearson;
    if (s == "gauss_data") return LikelihoodKind::gauss_data;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown likelihood (poisson, gauss_pearson, gauss_data)"));
}

std::string_view to_string(NuisanceKind k) {
    switch (k) {
        case NuisanceKind::source_activity:
            return "source_activity";
        case NuisanceKind::exposure:
            return "exposure";
        case NuisanceKind::efficiency:
            return "efficiency";
        case NuisanceKind::background:
            return "background";
        case NuisanceKind::energy_scale:
            return "energy_scale";
    }
    return "?";
}

NuisanceKind parse_nuisance_kind(std::string_view s, std::string_view field) {
    for (NuisanceKind k :
         {NuisanceKind::source_activity, NuisanceKind::exposure, NuisanceKind::efficiency,
          NuisanceKind::background, NuisanceKind::energy_scale})
        if (s == to_string(k)) return k;
    throw InvalidArgument(describe(
        std::string(field), "'" + std::string(s) + "'",
        "unknown nuisance (source_activity, exposure, efficiency, background, energy_scale)"));
}

std::string_view to_string(Constraint c) {
    return c == Constraint::lognormal ? "lognormal" : "gaussian";
}

Constraint parse_constraint(std::string_view s, std::string_view field) {
    if (s == "gaussian") return Constraint::gaussian;
    if (s == "lognormal") return Constraint::lognormal;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown constraint (gaussian, lognormal)"));
}

void Model::validate() const {
    std::array<bool, 5> seen{};
    for (const Nuisance& n : nuisances) {
        const std::string field = "nuisance." + std::string(to_string(n.kind));
        if (!(std::isfinite(n.sigma) && n.sigma > 0))
            throw InvalidArgument(
                describe(field, format_value(n.sigma), "the width must be finite and > 0"));
        if (seen[static_cast<int>(n.kind)])
            throw InvalidArgument(describe(field, format_value(n.sigma), "given twice"));
        seen[static_cast<int>(n.kind)] = true;
        if (n.kind == NuisanceKind::energy_scale && n.constraint == Constraint::lognormal)
            throw InvalidArgument(
                describe(field, "lognormal", "the energy-scale shift takes a Gaussian constraint"));
        if (n.kind == NuisanceKind::energy_scale && !templates.has_shift())
            throw InvalidArgument(describe(field, format_value(n.sigma),
                                           "the templates were built without energy-scale nodes"));
    }
    if (templates.n_bins == 0) throw InvalidArgument(describe("binning", "0 bins", "no bins"));
}

Data Data::from_counts(std::vector<double> counts) {
    Data d;
    d.counts = std::move(counts);
    for (double n : d.counts)
        if (n > 0) d.n_log_n += n * std::log(n);
    for (double n : d.counts) d.total += n;
    d.padded = d.counts;
    d.padded.resize((d.counts.size() + 7) / 8 * 8, 0.0);
    return d;
}

std::vector<double> expected_total(const Model& model, const std::vector<double>& theta,
                                   const std::vector<double>& nu) {
    if (nu.size() != model.nuisances.size())
        throw InvalidArgument(describe("nuisances", std::to_string(nu.size()) + " values",
                                       "expected " + std::to_string(model.nuisances.size())));
    double f = 1, g = 1, s = 0;
    for (std::size_t k = 0; k < nu.size(); ++k) {
        switch (model.nuisances[k].kind) {
            case NuisanceKind::background:
                g = 1 + nu[k];
                break;
            case NuisanceKind::energy_scale:
                s = nu[k];
                break;
            default:
                f *= 1 + nu[k];
        }
    }
    std::vector<double> mu = model.templates.signal_counts(theta, s);
    for (std::size_t b = 0; b < mu.size(); ++b)
        mu[b] = f * mu[b] + g * model.templates.background[b];
    return mu;
}

Data asimov_data(const Model& model, const std::vector<double>& theta) {
    return Data::from_counts(
        expected_total(model, theta, std::vector<double>(model.nuisances.size(), 0.0)));
}

// ---- pseudo-data ------------------------------------------------------------------------------

namespace {
std::uint64_t splitmix(std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
}  // namespace

double counter_uniform(std::uint64_t seed, std::uint64_t toy, std::uint64_t bin,
                       std::uint64_t draw) {
    std::uint64_t h = splitmix(seed);
    h = splitmix(h ^ toy);
    h = splitmix(h ^ bin);
    h = splitmix(h ^ draw);
    return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
}

double poisson_variate(double mean, std::uint64_t seed, std::uint64_t toy, std::uint64_t bin) {
    if (!(std::isfinite(mean) && mean >= 0))
        throw InvalidArgument(
            describe("poisson mean", format_value(mean), "must be finite and >= 0"));
    if (mean == 0) return 0;
    std::uint64_t draw = 0;
    if (mean < 10) {  // inversion
        const double u = counter_uniform(seed, toy, bin, draw);
        double p = std::exp(-mean), cdf = p;
        double k = 0;
        while (u > cdf && k < 1000) {
            k += 1;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }
    // PTRS (Hoermann 1993), as in numpy's random_poisson_ptrs.
    const double slam = std::sqrt(mean), loglam = std::log(mean);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        const double u = counter_uniform(seed, toy, bin, draw++) - 0.5;
        const double v = counter_uniform(seed, toy, bin, draw++);
        const double us = 0.5 - std::abs(u);
        const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) return k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
            -mean + k * loglam - std::lgamma(k + 1))
            return k;
    }
}

Data toy_data(std::span<const double> expected, std::uint64_t seed, std::uint64_t toy) {
    std::vector<double> n(expected.size());
    for (std::size_t b = 0; b < n.size(); ++b) n[b] = poisson_variate(expected[b], seed, toy, b);
    return Data::from_counts(std::move(n));
}

Data observed_data(const Model& model, std::vector<double> counts, const std::vector<double>& edges,
                   std::string_view field) {
    const std::string f(field);
    if (counts.size() != model.templates.n_bins)
        throw InvalidArgument(describe(
            f, std::to_string(counts.size()) + " bins",
            "the configured binning has " + std::to_string(model.templates.n_bins) + " bins"));
    if (!edges.empty()) {
        const std::vector<double>& e = model.templates.edges;
        bool same = edges.size() == e.size();
        for (std::size_t i = 0; same && i < e.size(); ++i)
            same = std::abs(edges[i] - e[i]) <= 1e-9 * std::max(std::abs(e[i]), 1e-300);
        if (!same)
            throw InvalidArgument(
                describe(f, "bin edges", "do not match the configured binning (within 1e-9)"));
    }
    for (std::size_t b = 0; b < counts.size(); ++b)
        if (!(std::isfinite(counts[b]) && counts[b] >= 0))
            throw InvalidArgument(describe(f + " bin " + std::to_string(b), format_value(counts[b]),
                                           "counts must be finite and >= 0"));
    return Data::from_counts(std::move(counts));
}

// ---- profiling --------------------------------------------------------------------------------

namespace {
// The bin loops run over lanes of 8 (padded with empty bins: signal, background and counts 0,
// which add nothing), so the compiler vectorises them; the lanes are summed in a fixed order, so
// results do not depend on where or how often a point is evaluated.
constexpr std::size_t kLanes = 8;
std::size_t padded(std::size_t n) { return (n + kLanes - 1) / kLanes * kLanes; }
}  // namespace

ProfileWorkspace::ProfileWorkspace(const Model& model)
    : s0(padded(model.templates.n_bins), 0.0),
      d1(model.templates.has_shift() ? padded(model.templates.n_bins) : 0, 0.0),
      d2(model.templates.has_shift() ? padded(model.templates.n_bins) : 0, 0.0),
      mono(model.templates.n_monomials()),
      mu(padded(model.templates.n_bins), 0.0),
      bkg(padded(model.templates.n_bins), 0.0),
      n(padded(model.templates.n_bins), 0.0) {
    std::copy(model.templates.background.begin(), model.templates.background.end(), bkg.begin());
}

namespace {

constexpr double kTinyMu = 1e-300;

using stats_detail::v8d;

v8d load8(const double* p) {
    v8d v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

double lane_sum(v8d v) {
    alignas(64) double x[kLanes];
    std::memcpy(x, &v, sizeof x);
    return ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]));
}

// Per bin (8 at a time): phi (the chi^2 term up to a data-only constant), phi' and phi''
// with respect to mu (inv = 1 / mu).
struct PoissonTerms {  // phi = 2 (mu - n ln mu); constant 2 (n ln n - n) added once
    static void eval(v8d mu, v8d inv, v8d n, v8d& phi, v8d& d1, v8d& d2) {
        phi = 2.0 * (mu - n * stats_detail::fast_log(mu));
        d1 = 2.0 - 2.0 * n * inv;
        d2 = 2.0 * n * inv * inv;
    }
};
struct PearsonTerms {  // phi = (n - mu)^2 / mu
    static void eval(v8d mu, v8d inv, v8d n, v8d& phi, v8d& d1, v8d& d2) {
        const v8d r = n - mu, q = n * inv;
        phi = r * r * inv;
        d1 = 1.0 - q * q;
        d2 = 2.0 * q * q * inv;
    }
};
struct DataVarTerms {  // phi = (n - mu)^2 / max(n, 1)
    static void eval(v8d mu, v8d, v8d n, v8d& phi, v8d& d1, v8d& d2) {
        const v8d one = v8d{} + 1.0;
        const v8d iv = 1.0 / (n > one ? n : one);
        const v8d r = n - mu;
        phi = r * r * iv;
        d1 = -2.0 * r * iv;
        d2 = 2.0 * iv;
    }
};

struct Sums {
    double chi2 = 0;  ///< data part of chi^2 at the current nuisances
    double a_s = 0, a_b = 0, a_sp = 0, a_spp = 0;
    double w_ss = 0, w_sb = 0, w_bb = 0, w_ssp = 0, w_spsp = 0, w_spb = 0;
};

// One pass over the bins: chi^2 and the sums that make its gradient and Hessian in the
// nuisances. Empty padding bins (signal, background and counts 0) add nothing.
template <class T, bool Shift>
Sums bin_pass(std::size_t np, const double* s0, const double* d1p, const double* d2p,
              const double* bkg, const double* n, double f, double g, double s) {
    v8d phi_acc{}, a_s{}, a_b{}, w_ss{}, w_sb{}, w_bb{}, a_sp{}, a_spp{}, w_ssp{}, w_spsp{},
        w_spb{};
    const v8d tiny = v8d{} + kTinyMu;
    for (std::size_t b0 = 0; b0 < np; b0 += kLanes) {
        v8d sig = load8(s0 + b0), sp{}, spp{};
        if constexpr (Shift) {
            const v8d c1 = load8(d1p + b0), c2 = load8(d2p + b0);
            sig = sig + s * (c1 + s * c2);
            sp = c1 + 2.0 * s * c2;
            spp = 2.0 * c2;
        }
        const v8d bg = load8(bkg + b0), nn = load8(n + b0);
        v8d mu = f * sig + g * bg;
        mu = mu > tiny ? mu : tiny;
        const v8d inv = 1.0 / mu;
        v8d phi, a, w;
        T::eval(mu, inv, nn, phi, a, w);
        phi_acc += phi;
        a_s += a * sig;
        a_b += a * bg;
        w_ss += w * sig * sig;
        w_sb += w * sig * bg;
        w_bb += w * bg * bg;
        if constexpr (Shift) {
            a_sp += a * sp;
            a_spp += a * spp;
            w_ssp += w * sig * sp;
            w_spsp += w * sp * sp;
            w_spb += w * sp * bg;
        }
    }
    Sums r;
    r.chi2 = lane_sum(phi_acc);
    r.a_s = lane_sum(a_s), r.a_b = lane_sum(a_b), r.w_ss = lane_sum(w_ss);
    r.w_sb = lane_sum(w_sb), r.w_bb = lane_sum(w_bb);
    if constexpr (Shift) {
        r.a_sp = lane_sum(a_sp), r.a_spp = lane_sum(a_spp), r.w_ssp = lane_sum(w_ssp);
        r.w_spsp = lane_sum(w_spsp), r.w_spb = lane_sum(w_spb);
    }
    return r;
}

// Solve the symmetric K x K system H x = -g (K <= 5) by Cholesky; false if not positive definite.
bool solve_spd(int k, double (*h)[5], const double* g, double* x) {
    if (k == 1) {
        if (!(h[0][0] > 0)) return false;
        x[0] = -g[0] / h[0][0];
        return true;
    }
    if (k == 2) {
        const double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        if (!(h[0][0] > 0) || !(det > 0)) return false;
        x[0] = (-g[0] * h[1][1] + g[1] * h[0][1]) / det;
        x[1] = (-g[1] * h[0][0] + g[0] * h[1][0]) / det;
        return true;
    }
    double l[5][5] = {};
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j <= i; ++j) {
            double sum = h[i][j];
            for (int m = 0; m < j; ++m) sum -= l[i][m] * l[j][m];
            if (i == j) {
                if (!(sum > 0)) return false;
                l[i][i] = std::sqrt(sum);
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    double y[5];
    for (int i = 0; i < k; ++i) {
        double sum = -g[i];
        for (int m = 0; m < i; ++m) sum -= l[i][m] * y[m];
        y[i] = sum / l[i][i];
    }
    for (int i = k - 1; i >= 0; --i) {
        double sum = y[i];
        for (int m = i + 1; m < k; ++m) sum -= l[m][i] * x[m];
        x[i] = sum / l[i][i];
    }
    return true;
}

template <class T, bool Shift>
double profile_impl(const Model& model, const Data& data, double* nu, ProfileWorkspace& w,
                    int* iterations) {
    const Templates& t = model.templates;
    const std::size_t nb = padded(t.n_bins);
    const int k = static_cast<int>(model.nuisances.size());
    const double* bkg = w.bkg.data();
    const double* n = data.padded.data();
    if (data.padded.size() != nb) {
        std::fill(w.n.begin(), w.n.end(), 0.0);
        std::copy(data.counts.begin(), data.counts.end(), w.n.begin());
        n = w.n.data();
    }
    int kind[5];  // 0 signal normalisation, 1 background, 2 energy scale
    double inv_var[5];
    bool lognormal[5];
    for (int i = 0; i < k; ++i) {
        const NuisanceKind nk = model.nuisances[i].kind;
        kind[i] = nk == NuisanceKind::background ? 1 : (nk == NuisanceKind::energy_scale ? 2 : 0);
        const Nuisance& nn = model.nuisances[i];
        // Log-normal: a Gaussian in ln(1 + nu) of width ln(1 + sigma).
        const double width =
            nn.constraint == Constraint::lognormal ? std::log1p(nn.sigma) : nn.sigma;
        inv_var[i] = 1.0 / (width * width);
        lognormal[i] = nn.constraint == Constraint::lognormal;
    }
    const auto factors = [&](const double* v, double& f, double& g, double& s) {
        f = 1, g = 1, s = 0;
        for (int i = 0; i < k; ++i) {
            if (kind[i] == 0)
                f *= 1 + v[i];
            else if (kind[i] == 1)
                g = 1 + v[i];
            else
                s = v[i];
        }
    };
    // Data-only constant of the Poisson chi^2: 2 sum (n ln n - n).
    double constant = 0;
    if (model.likelihood == LikelihoodKind::poisson) {
        constant = 2.0 * (data.n_log_n - data.total);
    }
    const auto penalty = [&](const double* v) {
        double p = 0;
        for (int i = 0; i < k; ++i) {
            const double x = lognormal[i] ? std::log1p(v[i]) : v[i];
            p += x * x * inv_var[i];
        }
        return p;
    };
    int it = 0;
    double chi2 = 0;
    for (;;) {
        double f, g, s;
        factors(nu, f, g, s);
        const Sums z =
            bin_pass<T, Shift>(nb, w.s0.data(), w.d1.data(), w.d2.data(), bkg, n, f, g, s);
        ++it;
        chi2 = z.chi2 + constant + penalty(nu);
        if (k == 0 || it > 50) break;
        double grad[5], hess[5][5], fk[5];
        for (int i = 0; i < k; ++i) fk[i] = kind[i] == 0 ? f / (1 + nu[i]) : 0.0;
        for (int i = 0; i < k; ++i) {
            grad[i] = kind[i] == 0 ? fk[i] * z.a_s : (kind[i] == 1 ? z.a_b : f * z.a_sp);
            if (lognormal[i]) {
                const double l = std::log1p(nu[i]), u = 1 / (1 + nu[i]);
                grad[i] += 2 * l * u * inv_var[i];
            } else {
                grad[i] += 2 * nu[i] * inv_var[i];
            }
            for (int j = 0; j <= i; ++j) {
                double v = 0;
                const int ki = kind[i], kj = kind[j];
                if (ki == 0 && kj == 0) {
                    v = fk[i] * fk[j] * z.w_ss + (i != j ? fk[i] / (1 + nu[j]) * z.a_s : 0.0);
                } else if (ki == 1 && kj == 1) {
                    v = z.w_bb;
                } else if (ki == 2 && kj == 2) {
                    v = f * f * z.w_spsp + f * z.a_spp;
                } else if ((ki == 0 && kj == 1) || (ki == 1 && kj == 0)) {
                    v = (ki == 0 ? fk[i] : fk[j]) * z.w_sb;
                } else if ((ki == 0 && kj == 2) || (ki == 2 && kj == 0)) {
                    const double fs = ki == 0 ? fk[i] : fk[j];
                    v = fs * f * z.w_ssp + fs * z.a_sp;
                } else {  // background x energy scale
                    v = f * z.w_spb;
                }
                hess[i][j] = hess[j][i] = v;
            }
            if (lognormal[i]) {
                const double l = std::log1p(nu[i]), u = 1 / (1 + nu[i]);
                hess[i][i] += 2 * (1 - l) * u * u * inv_var[i];
            } else {
                hess[i][i] += 2 * inv_var[i];
            }
        }
        double step[5];
        const bool newton = solve_spd(k, hess, grad, step);
        if (!newton) {
            // Not convex here: a damped gradient step on the constraint curvature alone.
            for (int i = 0; i < k; ++i)
                step[i] = -grad[i] / (std::abs(hess[i][i]) + 2 * inv_var[i]);
        }
        // Keep every normalisation factor positive.
        double scale = 1;
        for (int i = 0; i < k; ++i)
            if (kind[i] != 2 && 1 + nu[i] + scale * step[i] < 1e-3)
                scale = std::min(scale, 0.5 * (1 + nu[i] - 1e-3) / std::max(-step[i], 1e-300));
        double largest = 0;  // in units of the constraint widths
        for (int i = 0; i < k; ++i)
            largest = std::max(largest, std::abs(step[i]) / model.nuisances[i].sigma);
        if (newton && scale == 1 && largest < 1e-4) {
            // Converged: a full Newton step this small leaves an error of order 1e-8 sigma in
            // the nuisances; the chi^2 at the minimum is the quadratic model's value (third-
            // order error, below 1e-12 in chi^2), so no further pass over the bins is needed.
            double lin = 0, quad = 0;
            for (int i = 0; i < k; ++i) {
                lin += grad[i] * step[i];
                for (int j = 0; j < k; ++j) quad += step[i] * hess[i][j] * step[j];
                nu[i] += step[i];
            }
            chi2 += lin + 0.5 * quad;
            break;
        }
        for (int i = 0; i < k; ++i) nu[i] += scale * step[i];
    }
    if (iterations) *iterations = it;
    return chi2;
}

template <bool Shift>
double profile_dispatch(const Model& model, const Data& data, double* nu, ProfileWorkspace& w,
                        int* it) {
    switch (model.likelihood) {
        case LikelihoodKind::poisson:
            return profile_impl<PoissonTerms, Shift>(model, data, nu, w, it);
        case LikelihoodKind::gauss_pearson:
            return profile_impl<PearsonTerms, Shift>(model, data, nu, w, it);
        case LikelihoodKind::gauss_data:
            return profile_impl<DataVarTerms, Shift>(model, data, nu, w, it);
    }
    return 0;
}

}  // namespace

double profile_chi2(const Model& model, const Data& data, const double* theta, double* nu,
                    ProfileWorkspace& work, int* iterations) {
    const Templates& t = model.templates;
    if (data.counts.size() != t.n_bins)
        throw InvalidArgument(describe("data", std::to_string(data.counts.size()) + " bins",
                                       "expected " + std::to_string(t.n_bins)));
    if (model.nuisances.size() > 5)
        throw InvalidArgument(describe("nuisances", std::to_string(model.nuisances.size()),
                                       "at most 5 (one of each kind)"));
    bool shift = false;
    for (const Nuisance& n : model.nuisances) shift |= n.kind == NuisanceKind::energy_scale;
    t.evaluate(t.signal, theta, work.s0.data());
    if (shift) {
        t.evaluate(t.d1, theta, work.d1.data());
        t.evaluate(t.d2, theta, work.d2.data());
        return profile_dispatch<true>(model, data, nu, work, iterations);
    }
    return profile_dispatch<false>(model, data, nu, work, iterations);
}

ProfileResult profile(const Model& model, const Data& data, const std::vector<double>& theta) {
    if (theta.size() != model.templates.n_params)
        throw InvalidArgument(describe("theta", std::to_string(theta.size()) + " values",
                                       "expected " + std::to_string(model.templates.n_params)));
    ProfileWorkspace w(model);
    ProfileResult r;
    r.nuisances.assign(model.nuisances.size(), 0.0);
    r.chi2 = profile_chi2(model, data, theta.data(), r.nuisances.data(), w, &r.iterations);
    return r;
}

}  // namespace cevas
