#include "cevas/rates/deposited.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/numerics/parallel.hpp"

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
    resp_.reserve(t_nodes_.size());
    double omega_max = 0;
    // Delta lines (single excitation, condensate) move with q: a node stands for its
    // sub-interval of q, so each line is spread uniformly between its positions at the ends of
    // that sub-interval (without this, a fine omega grid sees the discrete nodes as spikes).
    spread_start_.reserve(t_nodes_.size() + 1);
    for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
        const double qk = std::sqrt(2 * mass * t_nodes_[k]);
        resp_.push_back(medium.response(qk));
        HeliumResponse& r = resp_.back();
        const HeliumResponse a = medium.response(std::max(q_cell[k].first, 1e-3 * qk));
        const HeliumResponse b = medium.response(q_cell[k].second);
        spread_start_.push_back(spreads_.size());
        if (a.lines.size() == r.lines.size() && b.lines.size() == r.lines.size()) {
            for (std::size_t i = 0; i < r.lines.size(); ++i) {
                const double p = r.lines[i].first, pa = a.lines[i].first, pb = b.lines[i].first;
                spreads_.push_back(
                    {std::min({p, pa, pb}), std::max({p, pa, pb}), r.lines[i].second});
                omega_max = std::max(omega_max, spreads_.back().hi);
            }
            r.lines.clear();  // carried by the spreads
        }
        omega_max = std::max(omega_max, r.support().second);
    }
    spread_start_.push_back(spreads_.size());
    // Support of each node for the spectrum: from its lowest strength to where less than 1e-13
    // of its total remains above (bisection on the increasing B_k; the rest is dropped, as for
    // the count rows below).
    node_lo_.resize(t_nodes_.size());
    node_hi_.resize(t_nodes_.size());
    for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
        const HeliumResponse& r = resp_[k];
        double lo = r.support().first, hi = r.support().second;
        for (std::size_t i = spread_start_[k]; i < spread_start_[k + 1]; ++i) {
            lo = std::min(lo, spreads_[i].lo);
            hi = std::max(hi, spreads_[i].hi);
        }
        const double total = r.s_q;
        if (total - below(k, hi) <= 1e-13 * total) {
            double a = lo, b = hi;  // invariant: total - B_k(b) <= 1e-13 total
            for (int it = 0; it < 100 && b - a > 1e-15 * b; ++it) {
                const double m = 0.5 * (a + b);
                (total - below(k, m) <= 1e-13 * total ? b : a) = m;
            }
            hi = b;
        }
        node_lo_[k] = lo;
        node_hi_[k] = std::max(lo, hi);
    }
    const auto sorted_by = [&](const std::vector<double>& key, std::vector<std::uint32_t>& order,
                               std::vector<double>& values) {
        order.resize(key.size());
        for (std::size_t k = 0; k < key.size(); ++k) order[k] = static_cast<std::uint32_t>(k);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::uint32_t x, std::uint32_t y) { return key[x] < key[y]; });
        values.resize(key.size());
        for (std::size_t k = 0; k < key.size(); ++k) values[k] = key[order[k]];
    };
    sorted_by(node_lo_, order_lo_, sorted_lo_);
    sorted_by(node_hi_, order_hi_, sorted_hi_);
    // Fine cells for the counts: a base grid, every bin edge and the threshold.
    const auto& bin_edges = detector_.binning.edges;
    const double top = std::max(omega_max, bin_edges.back());
    cells_.push_back(0.0);
    for (int i = 1; i < 100; ++i) cells_.push_back(0.02 * i * units::meV);
    for (double w = 2 * units::meV; w < top; w *= 1.01) cells_.push_back(w);
    cells_.push_back(top);
    cells_.insert(cells_.end(), bin_edges.begin(), bin_edges.end());
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
    for (std::size_t k = 0; k < resp_.size(); ++k) {
        const double total = resp_[k].s_q;
        row_start_.push_back(row_mass_.size());
        auto it = std::upper_bound(cells_.begin(), cells_.end(), node_lo_[k]);
        std::size_t c =
            it == cells_.begin() ? 0 : static_cast<std::size_t>(it - cells_.begin()) - 1;
        c = std::min(c, nc - 1);
        row_first_.push_back(c);
        double prev = below(k, cells_[c]);
        for (; c < nc; ++c) {
            const double next = below(k, cells_[c + 1]);
            row_mass_.push_back(next - prev);
            prev = next;
            if (total - next <= 1e-13 * total) break;
        }
    }
    row_start_.push_back(row_mass_.size());
    // Detector shares of each fine cell (at its centre).
    const std::size_t nb = detector_.binning.n_bins();
    share_start_.reserve(nc + 1);
    for (std::size_t c = 0; c < nc; ++c) {
        share_start_.push_back(share_value_.size());
        const double w = 0.5 * (cells_[c] + cells_[c + 1]);
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
    // The constructor's grid: per node, B_k differences over its cells (the cells [a, b] with
    // a < hi_k and b > lo_k, contiguous since the edges increase), if they fit the budget.
    if (!omega_.empty()) {
        grid_edges_ = cell_edges(omega_);
        const std::size_t ncell = omega_.size();
        std::size_t entries = 0;
        grid_first_.resize(t_nodes_.size());
        std::vector<std::size_t> last(t_nodes_.size());
        for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
            // first cell with b > lo_k; first cell with a >= hi_k
            const auto ub =
                std::upper_bound(grid_edges_.begin() + 1, grid_edges_.end(), node_lo_[k]);
            const auto lb =
                std::lower_bound(grid_edges_.begin(), grid_edges_.end() - 1, node_hi_[k]);
            const std::size_t c0 = static_cast<std::size_t>(ub - (grid_edges_.begin() + 1));
            const std::size_t c1 = static_cast<std::size_t>(lb - grid_edges_.begin());
            grid_first_[k] = std::min(c0, ncell);
            last[k] = std::max(grid_first_[k], std::min(c1, ncell));
            entries += last[k] - grid_first_[k];
        }
        if (entries <= kGridCacheEntries) {
            grid_mass_.reserve(entries);
            grid_start_.reserve(t_nodes_.size() + 1);
            for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
                grid_start_.push_back(grid_mass_.size());
                if (last[k] == grid_first_[k]) continue;
                double prev = below(k, grid_edges_[grid_first_[k]]);
                for (std::size_t c = grid_first_[k]; c < last[k]; ++c) {
                    const double next = below(k, grid_edges_[c + 1]);
                    grid_mass_.push_back(next - prev);
                    prev = next;
                }
            }
            grid_start_.push_back(grid_mass_.size());
            grid_cached_ = true;
        } else {
            grid_first_.clear();
            grid_edges_.clear();
        }
    }
}

double DepositedEnergyMap::below(std::size_t k, double omega) const {
    const HeliumResponse& r = resp_[k];
    double v = r.cumulative(omega);
    for (const auto& [w, z] : r.lines)
        if (w == omega) v -= z;
    for (std::size_t i = spread_start_[k]; i < spread_start_[k + 1]; ++i) {
        const Spread& x = spreads_[i];
        if (omega <= x.lo) continue;
        v += x.hi > x.lo ? x.weight * std::min(1.0, (omega - x.lo) / (x.hi - x.lo)) : x.weight;
    }
    return v;
}

std::vector<double> DepositedEnergyMap::cell_edges(std::span<const double> p,
                                                   std::optional<double> before,
                                                   std::optional<double> after) {
    std::vector<double> e;
    const std::size_t n = p.size();
    if (n == 0) return e;
    e.reserve(n + 1);
    if (before) {
        e.push_back(0.5 * (*before + p[0]));
    } else {
        const std::optional<double> next = n > 1 ? std::optional<double>(p[1]) : after;
        const double half = next ? 0.5 * (*next - p[0]) : 0.5 * p[0];
        e.push_back(std::max(0.0, p[0] - half));
    }
    for (std::size_t i = 0; i + 1 < n; ++i) e.push_back(0.5 * (p[i] + p[i + 1]));
    if (after) {
        e.push_back(0.5 * (p[n - 1] + *after));
    } else {
        const std::optional<double> prev = n > 1 ? std::optional<double>(p[n - 2]) : before;
        const double half = prev ? 0.5 * (p[n - 1] - *prev) : 0.5 * p[n - 1];
        e.push_back(p[n - 1] + half);
    }
    return e;
}

void DepositedEnergyMap::spectrum_range(const double* edges, std::size_t n,
                                        const std::vector<const double*>& f,
                                        const std::vector<double*>& out) const {
    if (n == 0) return;
    const std::size_t nn = t_nodes_.size(), ns = f.size();
    // Active nodes, in node order: exactly those with lo_k < b and hi_k > a for the current
    // cell [a, b] (edges increase, so nodes only enter by lo and leave by hi).
    std::vector<std::uint32_t> active;
    active.reserve(nn);
    const double a0 = edges[0], b0 = edges[1];
    for (std::size_t k = 0; k < nn; ++k)
        if (node_lo_[k] < b0 && node_hi_[k] > a0) active.push_back(static_cast<std::uint32_t>(k));
    std::size_t p_lo = static_cast<std::size_t>(
        std::lower_bound(sorted_lo_.begin(), sorted_lo_.end(), b0) - sorted_lo_.begin());
    std::size_t p_hi = static_cast<std::size_t>(
        std::upper_bound(sorted_hi_.begin(), sorted_hi_.end(), a0) - sorted_hi_.begin());
    // B_k at the previous cell's upper edge, reused as this cell's lower edge.
    std::vector<double> cached(nn);
    std::vector<std::size_t> cached_at(nn, SIZE_MAX);
    std::vector<double> acc(ns);
    for (std::size_t i = 0; i < n; ++i) {
        const double a = edges[i], b = edges[i + 1];
        if (i > 0) {
            for (; p_lo < nn && sorted_lo_[p_lo] < b; ++p_lo) {
                const std::uint32_t k = order_lo_[p_lo];
                if (node_hi_[k] > a)
                    active.insert(std::lower_bound(active.begin(), active.end(), k), k);
            }
            for (; p_hi < nn && sorted_hi_[p_hi] <= a; ++p_hi) {
                const std::uint32_t k = order_hi_[p_hi];
                const auto it = std::lower_bound(active.begin(), active.end(), k);
                if (it != active.end() && *it == k) active.erase(it);
            }
        }
        std::fill(acc.begin(), acc.end(), 0.0);
        for (const std::uint32_t k : active) {
            const double bb = below(k, b);
            const double ba = cached_at[k] == i ? cached[k] : below(k, a);
            cached[k] = bb;
            cached_at[k] = i + 1;
            const double d = bb - ba;
            for (std::size_t s = 0; s < ns; ++s) acc[s] += f[s][k] * d;
        }
        const double width = b - a;
        for (std::size_t s = 0; s < ns; ++s) out[s][i] = acc[s] / width;
    }
}

void DepositedEnergyMap::spectrum_cells(std::span<const double> edges,
                                        const std::vector<std::vector<double>>& dn_dt,
                                        std::span<const std::span<double>> out, int threads) const {
    const std::size_t n = edges.size() < 2 ? 0 : edges.size() - 1;
    if (out.size() != dn_dt.size())
        throw InvalidArgument(
            describe("out", std::to_string(out.size()) + " spectra",
                     "expected one per dn_dt (" + std::to_string(dn_dt.size()) + ")"));
    for (std::size_t i = 0; i < edges.size(); ++i) {
        require_non_negative("edges", edges[i]);
        if (i > 0 && !(edges[i] > edges[i - 1]))
            throw InvalidArgument(describe("edges[" + std::to_string(i) + "]",
                                           format_value(edges[i]), "must be increasing"));
    }
    std::vector<std::vector<double>> f(dn_dt.size());
    std::vector<const double*> fp;
    for (std::size_t s = 0; s < dn_dt.size(); ++s) {
        if (dn_dt[s].size() != t_nodes_.size())
            throw InvalidArgument(
                describe("dn_dt", std::to_string(dn_dt[s].size()) + " values",
                         "expected one per recoil node (" + std::to_string(t_nodes_.size()) + ")"));
        if (out[s].size() != n)
            throw InvalidArgument(describe("out", std::to_string(out[s].size()) + " values",
                                           "expected one per cell (" + std::to_string(n) + ")"));
        f[s].resize(t_nodes_.size());
        for (std::size_t k = 0; k < t_nodes_.size(); ++k) f[s][k] = weights_[k] * dn_dt[s][k];
        fp.push_back(f[s].data());
    }
    constexpr std::size_t kGrain = 256;
    parallel_for(n, kGrain, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
        std::vector<double*> o;
        for (const std::span<double>& v : out) o.push_back(v.data() + begin);
        spectrum_range(edges.data() + begin, end - begin, fp, o);
    });
}

void DepositedEnergyMap::evaluate(std::span<const double> dn_dt, BinnedCounts* counts,
                                  std::vector<double>* spectrum, int threads) const {
    if (dn_dt.size() != t_nodes_.size())
        throw InvalidArgument(
            describe("dn_dt", std::to_string(dn_dt.size()) + " values",
                     "expected one per recoil node (" + std::to_string(t_nodes_.size()) + ")"));
    if (counts) {
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
    if (spectrum && grid_cached_) {
        // The same products, added per cell in node order, as spectrum_cells: the same bits.
        std::vector<double>& out = *spectrum;
        out.assign(omega_.size(), 0.0);
        for (std::size_t k = 0; k < t_nodes_.size(); ++k) {
            const double f = weights_[k] * dn_dt[k];
            const double* m = grid_mass_.data() + grid_start_[k];
            double* o = out.data() + grid_first_[k];
            const std::size_t n = grid_start_[k + 1] - grid_start_[k];
            for (std::size_t j = 0; j < n; ++j) o[j] += f * m[j];
        }
        for (std::size_t i = 0; i < out.size(); ++i) out[i] /= grid_edges_[i + 1] - grid_edges_[i];
    } else if (spectrum) {
        spectrum->assign(omega_.size(), 0.0);
        const std::vector<double> edges = cell_edges(omega_);
        const std::vector<std::vector<double>> f = {
            std::vector<double>(dn_dt.begin(), dn_dt.end())};
        const std::span<double> o[1] = {std::span<double>(*spectrum)};
        spectrum_cells(edges, f, o, threads);
    }
}

BinnedCounts DepositedEnergyMap::counts(std::span<const double> dn_dt) const {
    BinnedCounts c;
    evaluate(dn_dt, &c, nullptr);
    return c;
}

std::vector<double> DepositedEnergyMap::spectrum(std::span<const double> dn_dt, int threads) const {
    std::vector<double> s;
    evaluate(dn_dt, nullptr, &s, threads);
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

namespace cevas {

DepositedSpectrumBlocks::DepositedSpectrumBlocks(const Experiment& ex,
                                                 std::span<const MaterialRate> rates, int threads)
    : threads_(threads) {
    if (rates.empty())
        throw InvalidArgument(describe("rates", "none", "need one rate per scenario"));
    if (ex.medium.is_free())
        throw InvalidArgument(
            describe("target.medium", "free", "no deposited-energy map for free atoms"));
    validate_medium(ex);
    // The nodes and detector of make_deposited_map (run_experiment's map), without the grid.
    const SuperfluidHelium he(ex.target.mass, ex.medium);
    map_ = std::make_unique<DepositedEnergyMap>(he, rates.front().t_max(), ex.detector,
                                                std::vector<double>{});
    for (const MaterialRate& rate : rates) {
        std::vector<double> dn(map_->recoil_nodes().size());
        rate.differential(map_->recoil_nodes(), dn);
        dn_nodes_.push_back(std::move(dn));
    }
}

void DepositedSpectrumBlocks::evaluate(std::span<const double> points, std::optional<double> before,
                                       std::optional<double> after,
                                       std::span<const std::span<double>> out) const {
    map_->spectrum_cells(DepositedEnergyMap::cell_edges(points, before, after), dn_nodes_, out,
                         threads_);
}

}  // namespace cevas
