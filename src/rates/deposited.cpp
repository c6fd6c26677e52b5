#include "cevas/rates/deposited.hpp"

#include <algorithm>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

namespace {

// Gauss–Legendre, 4 nodes on [-1, 1].
constexpr double kGL4x[4] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                             0.8611363115940526};
constexpr double kGL4w[4] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                             0.3478548451374538};

// Probability that a Gaussian N(x, sigma) lands in [lo, hi] (a step for sigma = 0).
double gaussian_share(double x, double sigma, double lo, double hi) {
    if (!(hi > lo)) return 0.0;
    if (sigma <= 0) return (x >= lo && x < hi) ? 1.0 : 0.0;
    const double k = 1.0 / (std::sqrt(2.0) * sigma);
    return 0.5 * (std::erf((hi - x) * k) - std::erf((lo - x) * k));
}

}  // namespace

DepositedEnergyMap::DepositedEnergyMap(const SuperfluidHelium& medium, double t_max,
                                       const Detector& detector, std::vector<double> omega_grid)
    : omega_(std::move(omega_grid)), detector_(detector), t_max_(t_max) {
    require_positive("t_max", t_max);
    detector_.validate();
    for (std::size_t i = 0; i < omega_.size(); ++i) {
        require_non_negative("omega_grid", omega_[i]);
        if (i > 0 && !(omega_[i] > omega_[i - 1]))
            throw InvalidArgument(describe("omega_grid[" + std::to_string(i) + "]",
                                           format_value(omega_[i]), "must be increasing"));
    }
    const double inv_a = 1.0 / units::angstrom;
    const double mass = medium.atom_mass();
    // Recoil nodes: Gauss–Legendre panels in q.
    const double q_max = std::sqrt(2 * mass * t_max);
    std::vector<std::pair<double, double>> q_cell;  // sub-interval of each node in its panel
    {
        double q = 0;
        while (q < q_max) {
            const double step = q < 3 * inv_a   ? 0.02 * inv_a
                                : q < 6 * inv_a ? 0.025 * inv_a
                                                : 0.1 * inv_a;
            const double b = std::min(q_max, q + step);
            const double h = 0.5 * (b - q), m = 0.5 * (b + q);
            for (int k = 0; k < 4; ++k) {
                const double qk = m + h * kGL4x[k];
                t_nodes_.push_back(qk * qk / (2 * mass));
                weights_.push_back(h * kGL4w[k] * qk / mass);
                // The node's share of the panel (its weight's sub-interval), for line spreading.
                double before = 0;
                for (int j = 0; j < k; ++j) before += kGL4w[j];
                q_cell.emplace_back(q + h * before, q + h * (before + kGL4w[k]));
            }
            q = b;
        }
    }
    // Responses at the nodes and the largest omega they reach.
    std::vector<HeliumResponse> resp;
    resp.reserve(t_nodes_.size());
    double omega_max = 0;
    // Delta lines (single excitation, condensate) move with q: a node stands for its
    // sub-interval of q, so each line is spread uniformly between its positions at the ends of
    // that sub-interval (without this, a fine omega grid sees the discrete nodes as spikes).
    struct Spread {
        double lo, hi, weight;
    };
    std::vector<std::vector<Spread>> spreads;
    spreads.reserve(t_nodes_.size());
    for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
        const double qk = std::sqrt(2 * mass * t_nodes_[k]);
        resp.push_back(medium.response(qk));
        HeliumResponse& r = resp.back();
        const HeliumResponse a = medium.response(std::max(q_cell[k].first, 1e-3 * qk));
        const HeliumResponse b = medium.response(q_cell[k].second);
        std::vector<Spread> sp;
        if (a.lines.size() == r.lines.size() && b.lines.size() == r.lines.size()) {
            for (std::size_t i = 0; i < r.lines.size(); ++i) {
                const double p = r.lines[i].first, pa = a.lines[i].first, pb = b.lines[i].first;
                sp.push_back({std::min({p, pa, pb}), std::max({p, pa, pb}), r.lines[i].second});
            }
            r.lines.clear();  // carried by the spreads
        }
        for (const Spread& x : sp) omega_max = std::max(omega_max, x.hi);
        spreads.push_back(std::move(sp));
        omega_max = std::max(omega_max, r.support().second);
    }
    // Output cells around the grid points.
    std::vector<double> out_edges;
    if (!omega_.empty()) {
        const std::size_t n = omega_.size();
        const double first_half = n > 1 ? 0.5 * (omega_[1] - omega_[0]) : 0.5 * omega_[0];
        const double last_half = n > 1 ? 0.5 * (omega_[n - 1] - omega_[n - 2]) : 0.5 * omega_[0];
        out_edges.push_back(std::max(0.0, omega_[0] - first_half));
        for (std::size_t i = 0; i + 1 < n; ++i)
            out_edges.push_back(0.5 * (omega_[i] + omega_[i + 1]));
        out_edges.push_back(omega_[n - 1] + last_half);
        for (std::size_t i = 0; i < n; ++i) out_width_.push_back(out_edges[i + 1] - out_edges[i]);
    }
    // Fine cells: a base grid, every bin edge, the threshold and the output cell edges.
    const auto& bin_edges = detector_.binning.edges;
    const double top =
        std::max({omega_max, bin_edges.back(), out_edges.empty() ? 0.0 : out_edges.back()});
    cells_.push_back(0.0);
    for (int i = 1; i < 100; ++i) cells_.push_back(0.02 * i * units::meV);
    for (double w = 2 * units::meV; w < top; w *= 1.01) cells_.push_back(w);
    cells_.push_back(top);
    cells_.insert(cells_.end(), bin_edges.begin(), bin_edges.end());
    cells_.insert(cells_.end(), out_edges.begin(), out_edges.end());
    if (detector_.threshold > 0) cells_.push_back(detector_.threshold);
    std::sort(cells_.begin(), cells_.end());
    cells_.erase(std::unique(cells_.begin(), cells_.end(),
                             [](double a, double b) { return b - a <= 1e-12 * std::max(b, 1e-6); }),
                 cells_.end());
    const std::size_t nc = cells_.size() - 1;
    // Rows: the integral of S(q_k, .) over each fine cell, from the node's first cell until the
    // remaining strength is below 1e-13 of its total (the rest, < 1e-13, is dropped).
    row_start_.reserve(t_nodes_.size() + 1);
    row_mass_.reserve(t_nodes_.size() * 256);
    for (std::size_t k = 0; k < resp.size(); ++k) {
        const HeliumResponse& r = resp[k];
        row_start_.push_back(row_mass_.size());
        const double total = r.s_q;
        double lo = r.support().first;
        for (const Spread& x : spreads[k]) lo = std::min(lo, x.lo);
        // Strength below omega: the response's (its delta lines at w < omega, so that a line on
        // an edge belongs to the cell above) plus the spread lines.
        auto below = [&](double omega) {
            double v = r.cumulative(omega);
            for (const auto& [w, z] : r.lines)
                if (w == omega) v -= z;
            for (const Spread& x : spreads[k]) {
                if (omega <= x.lo) continue;
                v += x.hi > x.lo ? x.weight * std::min(1.0, (omega - x.lo) / (x.hi - x.lo))
                                 : x.weight;
            }
            return v;
        };
        auto it = std::upper_bound(cells_.begin(), cells_.end(), lo);
        std::size_t c =
            it == cells_.begin() ? 0 : static_cast<std::size_t>(it - cells_.begin()) - 1;
        c = std::min(c, nc - 1);
        row_first_.push_back(c);
        double prev = below(cells_[c]);
        for (; c < nc; ++c) {
            const double next = below(cells_[c + 1]);
            row_mass_.push_back(next - prev);
            prev = next;
            if (total - next <= 1e-13 * total) break;
        }
    }
    row_start_.push_back(row_mass_.size());
    // Detector shares of each fine cell (at its centre) and its output cell.
    const std::size_t nb = detector_.binning.n_bins();
    share_start_.reserve(nc + 1);
    cell_out_.assign(nc, -1);
    for (std::size_t c = 0; c < nc; ++c) {
        share_start_.push_back(share_value_.size());
        const double w = 0.5 * (cells_[c] + cells_[c + 1]);
        if (!out_edges.empty() && w >= out_edges.front() && w < out_edges.back()) {
            const auto it = std::upper_bound(out_edges.begin(), out_edges.end(), w);
            cell_out_[c] = static_cast<std::int64_t>(it - out_edges.begin()) - 1;
        }
        const double eff = detector_.efficiency(w);
        if (eff == 0) continue;
        const double sigma = detector_.resolution.sigma(w);
        const auto b0 = std::upper_bound(bin_edges.begin(), bin_edges.end(), w - 8 * sigma);
        const auto b1 = std::lower_bound(bin_edges.begin(), bin_edges.end(), w + 8 * sigma);
        const std::size_t i0 =
            b0 == bin_edges.begin() ? 0 : static_cast<std::size_t>(b0 - bin_edges.begin()) - 1;
        const std::size_t i1 = std::min(nb, static_cast<std::size_t>(b1 - bin_edges.begin()));
        for (std::size_t i = i0; i < i1; ++i) {
            const double lo = std::max(bin_edges[i], detector_.threshold), hi = bin_edges[i + 1];
            const double p = gaussian_share(w, sigma, lo, hi);
            if (p == 0) continue;
            share_bin_.push_back(static_cast<std::uint32_t>(i));
            share_value_.push_back(detector_.exposure * eff * p);
        }
    }
    share_start_.push_back(share_value_.size());
}

void DepositedEnergyMap::evaluate(std::span<const double> dn_dt, BinnedCounts* counts,
                                  std::vector<double>* spectrum) const {
    if (dn_dt.size() != t_nodes_.size())
        throw InvalidArgument(
            describe("dn_dt", std::to_string(dn_dt.size()) + " values",
                     "expected one per recoil node (" + std::to_string(t_nodes_.size()) + ")"));
    const std::size_t nc = cells_.size() - 1;
    std::vector<double> h(nc, 0.0);  // events per unit time in each fine cell
    for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
        const double f = weights_[k] * dn_dt[k];
        if (f == 0) continue;
        const std::size_t first = row_first_[k];
        const double* m = row_mass_.data() + row_start_[k];
        const std::size_t n = row_start_[k + 1] - row_start_[k];
        double* out = h.data() + first;
        for (std::size_t j = 0; j < n; ++j) out[j] += f * m[j];
    }
    if (counts) {
        BinnedCounts& r = *counts;
        r = BinnedCounts{};
        r.edges = detector_.binning.edges;
        r.signal.assign(detector_.binning.n_bins(), 0.0);
        r.background = background_counts(detector_);
        for (std::size_t c = 0; c < nc; ++c) {
            if (h[c] == 0) continue;
            for (std::size_t s = share_start_[c]; s < share_start_[c + 1]; ++s)
                r.signal[share_bin_[s]] += h[c] * share_value_[s];
        }
        for (double v : r.signal) r.total_signal += v;
        for (double v : r.background) r.total_background += v;
        if (detector_.threshold >= cells_.back())
            r.warnings.push_back(describe(
                "detector.threshold", format_value(detector_.threshold / units::meV) + " meV",
                "above the largest deposited energy " + format_value(cells_.back() / units::meV) +
                    " meV: no signal events"));
    }
    if (spectrum) {
        spectrum->assign(omega_.size(), 0.0);
        for (std::size_t c = 0; c < nc; ++c)
            if (cell_out_[c] >= 0) (*spectrum)[static_cast<std::size_t>(cell_out_[c])] += h[c];
        for (std::size_t i = 0; i < omega_.size(); ++i) (*spectrum)[i] /= out_width_[i];
    }
}

BinnedCounts DepositedEnergyMap::counts(std::span<const double> dn_dt) const {
    BinnedCounts c;
    evaluate(dn_dt, &c, nullptr);
    return c;
}

std::vector<double> DepositedEnergyMap::spectrum(std::span<const double> dn_dt) const {
    std::vector<double> s;
    evaluate(dn_dt, nullptr, &s);
    return s;
}

}  // namespace cevas

namespace cevas {

void validate_medium(const Experiment& ex) {
    if (ex.medium.is_free()) return;
    if (ex.target.z != 2 || ex.target.a != 4)
        throw InvalidArgument(describe("target.medium", "superfluid_he4",
                                       "needs a He4 target, not " + ex.target.name));
    if (!ex.material.components.empty() &&
        !(ex.material.is_single_isotope() && ex.material.components[0].target.z == 2 &&
          ex.material.components[0].target.a == 4))
        throw InvalidArgument(
            describe("target.medium", "superfluid_he4", "needs pure He4, not " + ex.material.name));
    (void)SuperfluidHelium(ex.target.mass, ex.medium);  // temperature and density ranges
}

std::unique_ptr<DepositedEnergyMap> make_deposited_map(const Experiment& ex, double t_max) {
    if (ex.medium.is_free())
        throw InvalidArgument(
            describe("target.medium", "free", "no deposited-energy map for free atoms"));
    validate_medium(ex);
    const SuperfluidHelium he(ex.target.mass, ex.medium);
    return std::make_unique<DepositedEnergyMap>(he, t_max, ex.detector, ex.recoil);
}

double deposited_energy_max(const Experiment& ex, double t_max) {
    require_positive("t_max", t_max);
    if (ex.medium.is_free()) return t_max;
    validate_medium(ex);
    const SuperfluidHelium he(ex.target.mass, ex.medium);
    return std::max(t_max, he.response(std::sqrt(2 * ex.target.mass * t_max)).support().second);
}

}  // namespace cevas
