#include "cevas/rates/detector.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

namespace {
using Gauss8 = boost::math::quadrature::gauss<double, 8>;

// Probability that a Gaussian N(t, sigma) lands in [lo, hi].
double gaussian_share(double t, double sigma, double lo, double hi) {
    if (!(hi > lo)) return 0.0;
    if (sigma <= 0) return (t >= lo && t < hi) ? 1.0 : 0.0;
    const double k = 1.0 / (std::sqrt(2.0) * sigma);
    return 0.5 * (std::erf((hi - t) * k) - std::erf((lo - t) * k));
}
}  // namespace

double TabulatedFunction::operator()(double t) const {
    if (x.empty()) return constant;
    if (t <= x.front()) return y.front();
    if (t >= x.back()) return y.back();
    const auto it = std::upper_bound(x.begin(), x.end(), t);
    const std::size_t i = static_cast<std::size_t>(it - x.begin());
    const double u = (t - x[i - 1]) / (x[i] - x[i - 1]);
    return y[i - 1] + u * (y[i] - y[i - 1]);
}

void TabulatedFunction::validate(const std::string& field) const {
    require_finite(field.c_str(), constant);
    if (x.size() != y.size()) {
        throw InvalidArgument(describe(
            field, std::to_string(x.size()) + " vs " + std::to_string(y.size()) + " entries",
            "the table needs as many values as abscissae"));
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
            throw InvalidArgument(describe(field + "[" + std::to_string(i) + "]",
                                           format_value(x[i]) + ", " + format_value(y[i]),
                                           "table entries must be finite"));
        }
        if (i > 0 && !(x[i] > x[i - 1])) {
            throw InvalidArgument(describe(field + "[" + std::to_string(i) + "]",
                                           format_value(x[i]),
                                           "abscissae must be strictly increasing"));
        }
    }
}

double Resolution::sigma(double t) const { return std::hypot(sigma_abs, sigma_rel * t); }

Binning Binning::linear(double lo, double hi, int n) {
    require_non_negative("binning.min", lo);
    if (!(hi > lo) || n < 1) {
        throw InvalidArgument(describe(
            "binning",
            format_value(lo) + ".." + format_value(hi) + " eV, " + std::to_string(n) + " bins",
            "need max > min and at least one bin"));
    }
    Binning b;
    for (int i = 0; i <= n; ++i) b.edges.push_back(lo + (hi - lo) * i / n);
    return b;
}

Binning Binning::logarithmic(double lo, double hi, int n) {
    require_positive("binning.min", lo);
    if (!(hi > lo) || n < 1) {
        throw InvalidArgument(describe(
            "binning",
            format_value(lo) + ".." + format_value(hi) + " eV, " + std::to_string(n) + " bins",
            "need max > min > 0 and at least one bin"));
    }
    Binning b;
    for (int i = 0; i <= n; ++i)
        b.edges.push_back(lo * std::pow(hi / lo, static_cast<double>(i) / n));
    return b;
}

Binning Binning::explicit_edges(std::vector<double> edges, const std::string& field) {
    if (edges.size() < 2) {
        throw InvalidArgument(
            describe(field, std::to_string(edges.size()) + " edges", "need at least two edges"));
    }
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i]) || edges[i] < 0) {
            throw InvalidArgument(describe(field + "[" + std::to_string(i) + "]",
                                           format_value(edges[i]),
                                           "edges must be finite and >= 0"));
        }
        if (i > 0 && !(edges[i] > edges[i - 1])) {
            throw InvalidArgument(describe(field + "[" + std::to_string(i) + "]",
                                           format_value(edges[i]),
                                           "edges must be strictly increasing"));
        }
    }
    return {std::move(edges)};
}

void Detector::validate() const {
    require_positive("detector.exposure", exposure);
    require_in_range("detector.exposure", exposure, limits::duration);
    require_non_negative("detector.threshold", threshold);
    efficiency.validate("detector.efficiency");
    for (double v : efficiency.y) {
        if (v < 0 || v > 1) {
            throw InvalidArgument(describe("detector.efficiency", format_value(v),
                                           "efficiencies must lie in [0, 1]"));
        }
    }
    if (efficiency.x.empty() && (efficiency.constant < 0 || efficiency.constant > 1)) {
        throw InvalidArgument(describe("detector.efficiency", format_value(efficiency.constant),
                                       "must lie in [0, 1]"));
    }
    require_non_negative("detector.resolution_abs", resolution.sigma_abs);
    require_non_negative("detector.resolution_rel", resolution.sigma_rel);
    background.validate("detector.background");
    if (background.x.empty())
        require_in_range("detector.background_per_eV_per_s", background.constant,
                         limits::background);
    for (std::size_t i = 0; i < background.y.size(); ++i)
        require_in_range("detector.background_per_eV_per_s.value[" + std::to_string(i) + "]",
                         background.y[i], limits::background);
    (void)Binning::explicit_edges(binning.edges, "binning.edges");
}

BinnedCounts bin_counts(const EventRate& rate, const Detector& det, int species,
                        int panels_per_bin) {
    det.validate();
    if (panels_per_bin < 1) {
        throw InvalidArgument(
            describe("panels_per_bin", std::to_string(panels_per_bin), "must be >= 1"));
    }
    BinnedCounts out;
    out.edges = det.binning.edges;
    const std::size_t nb = det.binning.n_bins();
    out.signal.assign(nb, 0.0);
    out.background.assign(nb, 0.0);
    const double t_max = rate.t_max();
    if (det.threshold >= t_max) {
        out.warnings.push_back(
            describe("detector.threshold", format_value(det.threshold / units::meV) + " meV",
                     "above the kinematic maximum recoil " + format_value(t_max / units::meV) +
                         " meV: no signal events"));
    }
    // Background: integral over each bin above threshold of B(T) (trapezoid on 16 sub-intervals;
    // exact for flat and piecewise-linear tables aligned with the bins).
    for (std::size_t i = 0; i < nb; ++i) {
        const double lo = std::max(out.edges[i], det.threshold), hi = out.edges[i + 1];
        if (!(hi > lo)) continue;
        double integral = 0;
        const int n = det.background.x.empty() ? 1 : 64;
        for (int k = 0; k < n; ++k) {
            const double a = lo + (hi - lo) * k / n, b = lo + (hi - lo) * (k + 1) / n;
            integral += 0.5 * (b - a) * (det.background(a) + det.background(b));
        }
        out.background[i] = integral * det.exposure;
    }
    // Signal: true-energy range that can reach the bins.
    const double sig_max = det.resolution.sigma(out.edges.back());
    const bool smeared = sig_max > 0;
    const double lo_all = std::max(out.edges.front(), det.threshold);
    // Gauss–Legendre nodes never touch T = 0, where dN/dT is finite (a magnetic moment without
    // electron screening diverges like 1/T there: a physical log divergence, cut by the bins).
    const double t_lo = smeared ? std::max(0.0, lo_all - 6 * sig_max) : lo_all;
    const double t_hi =
        std::min(t_max, smeared ? out.edges.back() + 6 * sig_max : out.edges.back());
    if (t_hi > t_lo && t_max > det.threshold) {
        // Panels aligned with bin edges inside [t_lo, t_hi], subdivided.
        std::vector<double> cuts = {t_lo, t_hi};
        for (double e : out.edges)
            if (e > t_lo && e < t_hi) cuts.push_back(e);
        if (det.threshold > t_lo && det.threshold < t_hi) cuts.push_back(det.threshold);
        std::sort(cuts.begin(), cuts.end());
        // Wide bins get more panels: none wider than 1/256 of the integration range, so that
        // coarse binnings (one bin for a total) keep the accuracy of fine ones.
        const double max_width = (t_hi - t_lo) / 256.0;
        for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
            const int panels = std::max(
                panels_per_bin, static_cast<int>(std::ceil((cuts[c + 1] - cuts[c]) / max_width)));
            for (int p = 0; p < panels; ++p) {
                const double a = cuts[c] + (cuts[c + 1] - cuts[c]) * p / panels;
                const double b = cuts[c] + (cuts[c + 1] - cuts[c]) * (p + 1) / panels;
                const double h = 0.5 * (b - a), m = 0.5 * (a + b);
                for (std::size_t k = 0; k < Gauss8::abscissa().size(); ++k) {
                    for (double sign : {-1.0, 1.0}) {
                        const double t = m + sign * h * Gauss8::abscissa()[k];
                        const double w = h * Gauss8::weights()[k] * det.exposure *
                                         rate.differential(t, species) * det.efficiency(t);
                        if (w == 0) continue;
                        const double sigma = det.resolution.sigma(t);
                        // Only bins within 8 sigma of t receive a share (erf saturates beyond).
                        const auto b0 =
                            std::upper_bound(out.edges.begin(), out.edges.end(), t - 8 * sigma);
                        const auto b1 =
                            std::lower_bound(out.edges.begin(), out.edges.end(), t + 8 * sigma);
                        const std::size_t i0 =
                            b0 == out.edges.begin()
                                ? 0
                                : static_cast<std::size_t>(b0 - out.edges.begin()) - 1;
                        const std::size_t i1 =
                            std::min(nb, static_cast<std::size_t>(b1 - out.edges.begin()));
                        for (std::size_t i = i0; i < i1; ++i) {
                            const double lo = std::max(out.edges[i], det.threshold),
                                         hi = out.edges[i + 1];
                            out.signal[i] += w * gaussian_share(t, sigma, lo, hi);
                        }
                    }
                }
            }
        }
    }
    for (std::size_t i = 0; i < nb; ++i) {
        out.total_signal += out.signal[i];
        out.total_background += out.background[i];
    }
    return out;
}

}  // namespace cevas
