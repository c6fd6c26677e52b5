#include "cevas/stats/templates.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "cevas/core/error.hpp"
#include "cevas/numerics/parallel.hpp"

namespace cevas {

BinnedCounts expected_counts(const Experiment& experiment, const Parameters& params,
                             double edge_scale) {
    require_positive("edge_scale", edge_scale);
    Experiment ex = experiment;
    ex.recoil.clear();  // only the binned counts are needed
    if (edge_scale != 1.0) {
        for (double& e : ex.detector.binning.edges) e *= edge_scale;
        ex.detector.threshold *= edge_scale;
    }
    std::vector<ScenarioResult> r = run_experiment(ex, {Scenario{"stats", "stats", params}});
    return std::move(r.front().counts);
}

void Templates::monomials(const double* theta, double* out) const {
    std::size_t m = 0;
    out[m++] = 1.0;
    for (std::size_t i = 0; i < n_params; ++i)
        out[m++] = centers.empty() ? theta[i] : theta[i] - centers[i];
    for (std::size_t i = 0; i < n_params; ++i)
        for (std::size_t j = i; j < n_params; ++j) out[m++] = out[1 + i] * out[1 + j];
}

void Templates::evaluate(const std::vector<double>& c, const double* theta, double* out) const {
    const std::size_t nm = n_monomials();
    double mono_stack[64];
    std::vector<double> mono_heap;
    double* mono = mono_stack;
    if (nm > 64) {
        mono_heap.resize(nm);
        mono = mono_heap.data();
    }
    monomials(theta, mono);
    const double* c0 = c.data();
    for (std::size_t b = 0; b < n_bins; ++b) out[b] = c0[b];
    for (std::size_t m = 1; m < nm; ++m) {
        const double x = mono[m];
        const double* cm = c0 + m * n_bins;
        for (std::size_t b = 0; b < n_bins; ++b) out[b] += x * cm[b];
    }
}

std::vector<double> Templates::signal_counts(const std::vector<double>& theta, double shift) const {
    if (theta.size() != n_params) {
        throw InvalidArgument(describe("theta", std::to_string(theta.size()) + " values",
                                       "expected " + std::to_string(n_params)));
    }
    std::vector<double> out(n_bins), a(n_bins), b2(n_bins);
    evaluate(signal, theta.data(), out.data());
    if (shift != 0) {
        if (!has_shift())
            throw InvalidArgument(
                describe("shift", format_value(shift), "templates have no energy-scale nodes"));
        evaluate(d1, theta.data(), a.data());
        evaluate(d2, theta.data(), b2.data());
        for (std::size_t b = 0; b < n_bins; ++b) out[b] += shift * (a[b] + shift * b2[b]);
    }
    return out;
}

namespace {

// Polarisation coefficients from the evaluations at 0, +-h_i and h_i + h_j.
std::vector<double> polarise(const std::vector<std::vector<double>>& n, std::size_t p,
                             std::size_t nb, const std::vector<double>& h) {
    std::vector<double> c(monomial_count(p) * nb, 0.0);
    const std::vector<double>& n0 = n[0];
    std::vector<double> lin(p * nb), quad(p * nb);
    for (std::size_t b = 0; b < nb; ++b) c[b] = n0[b];
    for (std::size_t i = 0; i < p; ++i) {
        const std::vector<double>& np = n[1 + 2 * i];
        const std::vector<double>& nm = n[2 + 2 * i];
        for (std::size_t b = 0; b < nb; ++b) {
            lin[i * nb + b] = (np[b] - nm[b]) / (2 * h[i]);
            quad[i * nb + b] = (np[b] + nm[b] - 2 * n0[b]) / (2 * h[i] * h[i]);
            c[(1 + i) * nb + b] = lin[i * nb + b];
        }
    }
    std::size_t m = 1 + p, pair = 1 + 2 * p;
    for (std::size_t i = 0; i < p; ++i) {
        for (std::size_t j = i; j < p; ++j, ++m) {
            for (std::size_t b = 0; b < nb; ++b) {
                if (i == j) {
                    c[m * nb + b] = quad[i * nb + b];
                } else {
                    const double rest = n0[b] + lin[i * nb + b] * h[i] + lin[j * nb + b] * h[j] +
                                        quad[i * nb + b] * h[i] * h[i] +
                                        quad[j * nb + b] * h[j] * h[j];
                    c[m * nb + b] = (n[pair][b] - rest) / (h[i] * h[j]);
                }
            }
            if (i != j) ++pair;
        }
    }
    return c;
}

}  // namespace

Templates build_templates(const Experiment& experiment, const Parameters& base,
                          const std::vector<FitParameter>& parameters, double shift_step,
                          int threads) {
    require_non_negative("energy_scale step", shift_step);
    const std::size_t p = parameters.size();
    std::set<std::string> seen;
    for (const FitParameter& fp : parameters) {
        if (!seen.insert(fp.name).second)
            throw InvalidArgument(describe("parameter", fp.name, "given twice"));
        if (!fp.apply) throw InvalidArgument(describe("parameter", fp.name, "has no setter"));
        if (!(std::isfinite(fp.scale) && fp.scale > 0))
            throw InvalidArgument(describe("parameter " + fp.name + " scale",
                                           format_value(fp.scale), "must be finite and > 0"));
    }
    std::vector<double> h(p);
    for (std::size_t i = 0; i < p; ++i) h[i] = parameters[i].scale;

    // Parameter points: 0, then +h_i, -h_i for each i, then h_i + h_j for i < j.
    std::vector<std::vector<double>> points;
    points.emplace_back(p, 0.0);
    for (std::size_t i = 0; i < p; ++i) {
        for (double sgn : {1.0, -1.0}) {
            std::vector<double> x(p, 0.0);
            x[i] = sgn * h[i];
            points.push_back(x);
        }
    }
    for (std::size_t i = 0; i < p; ++i) {
        for (std::size_t j = i + 1; j < p; ++j) {
            std::vector<double> x(p, 0.0);
            x[i] = h[i];
            x[j] = h[j];
            points.push_back(x);
        }
    }
    // Energy-scale nodes s = 0, -h_s, +h_s: reconstructed = (1 + s) true, so a reconstructed
    // bin [a, b] collects true recoils in [a, b] / (1 + s).
    std::vector<double> scales{1.0};
    if (shift_step > 0) {
        if (shift_step >= 0.5)
            throw InvalidArgument(
                describe("energy_scale step", format_value(shift_step), "must be below 0.5"));
        scales.push_back(1.0 / (1.0 - shift_step));
        scales.push_back(1.0 / (1.0 + shift_step));
    }
    const std::size_t n_eval = points.size() * scales.size();
    std::vector<BinnedCounts> counts(n_eval);
    parallel_for(n_eval, 1, resolve_threads(threads),
                 [&](std::size_t, std::size_t b0, std::size_t b1) {
                     for (std::size_t k = b0; k < b1; ++k) {
                         Parameters q = base;
                         const std::vector<double>& x = points[k % points.size()];
                         for (std::size_t i = 0; i < p; ++i)
                             parameters[i].apply(q, parameters[i].center + x[i]);
                         counts[k] = expected_counts(experiment, q, scales[k / points.size()]);
                     }
                 });

    Templates t;
    t.n_params = p;
    t.n_bins = counts[0].signal.size();
    t.edges = experiment.detector.binning.edges;
    t.background = counts[0].background;
    for (const FitParameter& fp : parameters) {
        t.names.push_back(fp.name);
        t.units.push_back(fp.unit);
        t.centers.push_back(fp.center);
    }
    const std::size_t nb = t.n_bins;
    std::vector<std::vector<double>> coeffs;
    for (std::size_t node = 0; node < scales.size(); ++node) {
        std::vector<std::vector<double>> n;
        for (std::size_t k = 0; k < points.size(); ++k)
            n.push_back(counts[node * points.size() + k].signal);
        coeffs.push_back(polarise(n, p, nb, h));
    }
    // Reach: moving a parameter by its scale must change the expected signal somewhere.
    const double total = std::max(counts[0].total_signal, 1e-300);
    for (std::size_t i = 0; i < p; ++i) {
        double change = 0;
        for (std::size_t b = 0; b < nb; ++b) {
            change = std::max(change, std::abs(counts[1 + 2 * i].signal[b] - counts[0].signal[b]));
            change = std::max(change, std::abs(counts[2 + 2 * i].signal[b] - counts[0].signal[b]));
        }
        if (!(change > 1e-12 * total)) {
            throw InvalidArgument(describe(
                "parameter", parameters[i].name,
                "the configured physics cannot reach it (the expected counts do not depend on "
                "it: e.g. an axial or tensor NSI on a spin-0 target, or a flavour entry that no "
                "source flavour sees)"));
        }
    }
    t.signal = coeffs[0];
    if (shift_step > 0) {
        t.shift_step = shift_step;
        const std::vector<double>& cm = coeffs[1];
        const std::vector<double>& cp = coeffs[2];
        t.d1.resize(t.signal.size());
        t.d2.resize(t.signal.size());
        for (std::size_t k = 0; k < t.signal.size(); ++k) {
            t.d1[k] = (cp[k] - cm[k]) / (2 * shift_step);
            t.d2[k] = (cp[k] + cm[k] - 2 * t.signal[k]) / (2 * shift_step * shift_step);
        }
    }
    return t;
}

}  // namespace cevas
