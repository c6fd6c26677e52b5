#include "cevas/stats/likelihood.hpp"

#include <algorithm>
#include <array>
#include <cmath>
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

ProfileWorkspace::ProfileWorkspace(const Model& model)
    : s0(model.templates.n_bins),
      d1(model.templates.has_shift() ? model.templates.n_bins : 0),
      d2(model.templates.has_shift() ? model.templates.n_bins : 0),
      mono(model.templates.n_monomials()),
      mu(model.templates.n_bins) {}

namespace {

constexpr double kTinyMu = 1e-300;

// Per-bin chi^2 derivatives with respect to mu: phi' and phi''.
struct PoissonTerms {
    static double d1(double mu, double n) { return 2.0 - 2.0 * n / mu; }
    static double d2(double mu, double n) { return 2.0 * n / (mu * mu); }
};
struct PearsonTerms {
    static double d1(double mu, double n) { return 1.0 - (n * n) / (mu * mu); }
    static double d2(double mu, double n) { return 2.0 * n * n / (mu * mu * mu); }
};
struct DataVarTerms {
    static double d1(double mu, double n) { return 2.0 * (mu - n) / (n > 1.0 ? n : 1.0); }
    static double d2(double, double n) { return 2.0 / (n > 1.0 ? n : 1.0); }
};

struct Sums {
    double a_s = 0, a_b = 0, a_sp = 0, a_spp = 0;
    double w_ss = 0, w_sb = 0, w_bb = 0, w_ssp = 0, w_spsp = 0, w_spb = 0;
};

template <class T, bool Shift>
Sums bin_sums(std::size_t nb, const double* s0, const double* d1, const double* d2,
              const double* bkg, const double* n, double f, double g, double s) {
    Sums r;
    double a_s = 0, a_b = 0, a_sp = 0, a_spp = 0, w_ss = 0, w_sb = 0, w_bb = 0, w_ssp = 0,
           w_spsp = 0, w_spb = 0;
#pragma GCC ivdep
    for (std::size_t b = 0; b < nb; ++b) {
        double sig = s0[b], sp = 0, spp = 0;
        if constexpr (Shift) {
            sig = s0[b] + s * (d1[b] + s * d2[b]);
            sp = d1[b] + 2.0 * s * d2[b];
            spp = 2.0 * d2[b];
        }
        double mu = f * sig + g * bkg[b];
        mu = mu > kTinyMu ? mu : kTinyMu;
        const double a = T::d1(mu, n[b]);
        const double w = T::d2(mu, n[b]);
        a_s += a * sig;
        a_b += a * bkg[b];
        w_ss += w * sig * sig;
        w_sb += w * sig * bkg[b];
        w_bb += w * bkg[b] * bkg[b];
        if constexpr (Shift) {
            a_sp += a * sp;
            a_spp += a * spp;
            w_ssp += w * sig * sp;
            w_spsp += w * sp * sp;
            w_spb += w * sp * bkg[b];
        }
    }
    r.a_s = a_s, r.a_b = a_b, r.a_sp = a_sp, r.a_spp = a_spp;
    r.w_ss = w_ss, r.w_sb = w_sb, r.w_bb = w_bb, r.w_ssp = w_ssp, r.w_spsp = w_spsp,
    r.w_spb = w_spb;
    return r;
}

template <bool Shift>
double chi2_sum(LikelihoodKind kind, std::size_t nb, const double* s0, const double* d1,
                const double* d2, const double* bkg, const double* n, double n_log_n, double f,
                double g, double s) {
    double acc = 0;
    switch (kind) {
        case LikelihoodKind::poisson: {
            double sum_mu = 0, sum_nlog = 0;
#pragma GCC ivdep
            for (std::size_t b = 0; b < nb; ++b) {
                double sig = s0[b];
                if constexpr (Shift) sig = s0[b] + s * (d1[b] + s * d2[b]);
                double mu = f * sig + g * bkg[b];
                mu = mu > kTinyMu ? mu : kTinyMu;
                sum_mu += mu - n[b];
                sum_nlog += n[b] * stats_detail::fast_log(mu);
            }
            acc = 2.0 * (sum_mu - sum_nlog + n_log_n);
            break;
        }
        case LikelihoodKind::gauss_pearson:
        case LikelihoodKind::gauss_data: {
            const bool pearson = kind == LikelihoodKind::gauss_pearson;
            for (std::size_t b = 0; b < nb; ++b) {
                double sig = s0[b];
                if constexpr (Shift) sig = s0[b] + s * (d1[b] + s * d2[b]);
                double mu = f * sig + g * bkg[b];
                mu = mu > kTinyMu ? mu : kTinyMu;
                const double r = n[b] - mu;
                acc += r * r / (pearson ? mu : (n[b] > 1.0 ? n[b] : 1.0));
            }
            break;
        }
    }
    return acc;
}

// Solve the symmetric K x K system H x = -g (K <= 5) by Cholesky; false if not positive definite.
bool solve_spd(int k, double (*h)[5], const double* g, double* x) {
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
    const std::size_t nb = t.n_bins;
    const int k = static_cast<int>(model.nuisances.size());
    const double* bkg = t.background.data();
    const double* n = data.counts.data();
    int kind[5];  // 0 signal normalisation, 1 background, 2 energy scale
    double inv_var[5];
    for (int i = 0; i < k; ++i) {
        const NuisanceKind nk = model.nuisances[i].kind;
        kind[i] = nk == NuisanceKind::background ? 1 : (nk == NuisanceKind::energy_scale ? 2 : 0);
        inv_var[i] = 1.0 / (model.nuisances[i].sigma * model.nuisances[i].sigma);
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
    int it = 0;
    for (; k > 0 && it < 50; ++it) {
        double f, g, s;
        factors(nu, f, g, s);
        const Sums z =
            bin_sums<T, Shift>(nb, w.s0.data(), w.d1.data(), w.d2.data(), bkg, n, f, g, s);
        double grad[5], hess[5][5], fk[5];
        for (int i = 0; i < k; ++i) fk[i] = kind[i] == 0 ? f / (1 + nu[i]) : 0.0;
        for (int i = 0; i < k; ++i) {
            grad[i] = kind[i] == 0 ? fk[i] * z.a_s : (kind[i] == 1 ? z.a_b : f * z.a_sp);
            grad[i] += 2 * nu[i] * inv_var[i];
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
            hess[i][i] += 2 * inv_var[i];
        }
        double step[5];
        if (!solve_spd(k, hess, grad, step)) {
            // Not convex here: a damped gradient step on the constraint curvature alone.
            for (int i = 0; i < k; ++i)
                step[i] = -grad[i] / (std::abs(hess[i][i]) + 2 * inv_var[i]);
        }
        // Keep every normalisation factor positive.
        double scale = 1;
        for (int i = 0; i < k; ++i)
            if (kind[i] != 2 && 1 + nu[i] + scale * step[i] < 1e-3)
                scale = std::min(scale, 0.5 * (1 + nu[i] - 1e-3) / std::max(-step[i], 1e-300));
        bool done = true;
        for (int i = 0; i < k; ++i) {
            nu[i] += scale * step[i];
            if (std::abs(scale * step[i]) > 1e-9 * model.nuisances[i].sigma) done = false;
        }
        if (done) {
            ++it;
            break;
        }
    }
    if (iterations) *iterations = it;
    double f, g, s;
    factors(nu, f, g, s);
    double chi2 = chi2_sum<Shift>(model.likelihood, nb, w.s0.data(), w.d1.data(), w.d2.data(), bkg,
                                  n, data.n_log_n, f, g, s);
    for (int i = 0; i < k; ++i) chi2 += nu[i] * nu[i] * inv_var[i];
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
