#include "cevas/rates/event_rate.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/numerics/parallel.hpp"

namespace cevas {

namespace {
using Gauss8 = boost::math::quadrature::gauss<double, 8>;

Coefficients scaled(const Coefficients& c, double w) {
    Coefficients z;
    z.e_nu = c.e_nu;
    accumulate(z, c, w);
    return z;
}
}  // namespace

std::vector<double> significant_break_points(const ContinuousSpectrum& sp,
                                             const std::vector<double>& edges, double tol) {
    std::vector<double> bp;
    for (double b : sp.break_points())
        if (b > sp.e_min() && b < sp.e_max()) bp.push_back(b);
    if (tol <= 0 || bp.size() < 3) return bp;
    // A kink (slope change ds) inside a Gauss–Legendre panel of width H shifts the panel's
    // integral by about |ds| H^2 / 64; relative to the panel's own share (mean density f H) that
    // is |ds| H / (64 f). Keep the break points where it exceeds `tol`: near a vanishing
    // endpoint (f -> 0) and at real kinks; smooth stretches of a dense table fall inside the
    // panels of the regular grid `edges`. Slopes from the neighbouring break points (exact for
    // piecewise-linear tables, whose break points are their nodes).
    std::vector<double> x = {sp.e_min()};
    x.insert(x.end(), bp.begin(), bp.end());
    x.push_back(sp.e_max());
    std::vector<double> f(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) f[i] = sp.density(x[i]);
    std::vector<double> kept;
    for (std::size_t i = 1; i + 1 < x.size(); ++i) {
        const double ds =
            (f[i + 1] - f[i]) / (x[i + 1] - x[i]) - (f[i] - f[i - 1]) / (x[i] - x[i - 1]);
        const auto it = std::upper_bound(edges.begin(), edges.end(), x[i]);
        double h = edges.back() - edges.front();
        if (it != edges.begin() && it != edges.end()) h = *it - *(it - 1);
        const double fmin = std::min({f[i - 1], f[i], f[i + 1]});
        if (!(std::abs(ds) * h <= 64 * tol * fmin)) kept.push_back(x[i]);
    }
    return kept;
}

double atoms_in_mass(double mass, double atom_mass) {
    require_positive("target_mass", mass);
    require_positive("atom_mass", atom_mass);
    return mass / atom_mass;
}

EventRate::EventRate(const CrossSection& xs, const Source& source, FluxGeometry geometry,
                     double n_atoms, RateOptions options)
    : xs_(xs), geometry_(std::move(geometry)), n_atoms_(n_atoms), options_(options) {
    require_positive("n_atoms", n_atoms);
    require_positive("flux_factor", geometry_.flux_factor);
    if (options_.energy_panels < 1) {
        throw InvalidArgument(
            describe("energy_panels", std::to_string(options_.energy_panels), "must be >= 1"));
    }
    // One baseline: the flavour amplitudes at it. Several: the phase averages (mass basis),
    // without a second copy of the baseline set.
    const BaselineSet& all = geometry_.baselines;
    if (options_.oscillations && all.baselines.size() > 1) {
        if (geometry_.phases && geometry_.phases_checksum == baseline_checksum(all))
            phases_ = geometry_.phases;
        else
            phases_ = std::make_shared<const PhaseAverager>(all.baselines, all.weights);
        multi_baseline_ = true;
    } else {
        baselines_ = options_.oscillations ? all : BaselineSet::point(0.0);
    }
    for (const SpectrumComponent& c : source.components()) {
        require_non_negative("emission rate", c.rate);
        Species s;
        s.component = c;
        s.projectile = {c.flavor, c.type};
        if (c.is_line()) {
            s.e_top = c.line().energy;
        } else {
            const ContinuousSpectrum& sp = c.continuum();
            // Panel edges: quadratic spacing (fine at low energy, where the oscillation phase
            // ~ L/E varies fastest and E_min(T) of small recoils lies), plus the break points,
            // plus a geometric refinement towards the upper end: beta spectra end with the
            // Fermi function's exp(-c / sqrt(Q - E)), smooth but not polynomial-like there.
            std::vector<double> edges;
            const int n = options_.energy_panels;
            const double span = sp.e_max() - sp.e_min();
            for (int k = 0; k <= n; ++k) {
                const double u = static_cast<double>(k) / n;
                edges.push_back(sp.e_min() + span * u * u);
            }
            for (int j = 6; j <= 30; ++j) edges.push_back(sp.e_max() - span * std::ldexp(1.0, -j));
            std::sort(edges.begin(), edges.end());
            for (double b : significant_break_points(sp, edges, options_.kink_tolerance))
                edges.push_back(b);
            std::sort(edges.begin(), edges.end());
            edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
            for (std::size_t k = 0; k + 1 < edges.size(); ++k)
                s.panels.push_back({edges[k], edges[k + 1]});
            s.e_top = sp.e_max();
        }
        species_.push_back(std::move(s));
    }
    // Moments per panel, then suffix sums; lines.
    for (auto& s : species_) {
        const std::size_t np = s.panels.size();
        s.s0.assign(np + 1, Coefficients{});
        s.s1.assign(np + 1, Coefficients{});
        s.s2.assign(np + 1, Coefficients{});
        // Panels are independent: fill them on options_.threads threads, then add the suffix
        // sums in a fixed order (the same bits for every thread count).
        std::vector<std::array<Coefficients, 3>> moments(np);
        parallel_for(np, 4, options_.threads, [&](std::size_t, std::size_t b, std::size_t e) {
            for (std::size_t p = b; p < e; ++p) {
                fill_panel(s, s.panels[p]);
                panel_moments(s.panels[p], s.panels[p].lo, moments[p][0], moments[p][1],
                              moments[p][2]);
            }
        });
        for (std::size_t p = np; p-- > 0;) {
            s.s0[p] = s.s0[p + 1];
            s.s1[p] = s.s1[p + 1];
            s.s2[p] = s.s2[p + 1];
            accumulate(s.s0[p], moments[p][0], 1.0);
            accumulate(s.s1[p], moments[p][1], 1.0);
            accumulate(s.s2[p], moments[p][2], 1.0);
        }
        if (s.component.is_line()) {
            const double e = s.component.line().energy;
            const Coefficients c = coefficients_at(s, e);
            const double w = s.component.rate;
            s.line_energy.push_back(e);
            s.line_s0.push_back(scaled(c, w));
            s.line_s1.push_back(scaled(c, w / e));
            s.line_s2.push_back(scaled(c, w / (e * e)));
        }
    }
}

Coefficients EventRate::coefficients_at(const Species& s, double e) const {
    // An incoherent mixture of mass eigenstates (solar neutrinos): no baseline phases.
    if (s.component.mass_populations)
        return xs_.coefficients_mass_mixture(s.projectile.type, e, s.component.mass_populations(e));
    if (multi_baseline_) return xs_.coefficients(s.projectile, e, *phases_);
    return xs_.coefficients(s.projectile, e, baselines_);
}

namespace {

// The 8 Gauss–Legendre nodes on [-1, 1] in the order fill_panel stores them, and the
// monomial coefficients of the antiderivatives of their Lagrange basis polynomials:
// integral_{u}^{1} l_k = sum_m a[k][m] (1 - u^(m+1)) / (m+1).
struct LagrangeTable {
    std::array<double, 8> u{};
    std::array<double, 8> w{};
    std::array<std::array<double, 8>, 8> a{};
    std::array<std::array<double, 8>, 8> a_by_power{};  // a transposed: [m][k]
    LagrangeTable() {
        std::size_t n = 0;
        for (std::size_t i = 0; i < Gauss8::abscissa().size(); ++i) {
            for (double sign : {-1.0, 1.0}) {
                u[n] = sign * Gauss8::abscissa()[i];
                w[n] = Gauss8::weights()[i];
                ++n;
            }
        }
        // Invert the Vandermonde matrix V[j][m] = u_j^m by Gauss–Jordan elimination.
        std::array<std::array<double, 16>, 8> m{};
        for (int j = 0; j < 8; ++j) {
            for (int k = 0; k < 8; ++k) m[j][k] = std::pow(u[j], k);
            m[j][8 + j] = 1.0;
        }
        for (int c = 0; c < 8; ++c) {
            int piv = c;
            for (int r = c + 1; r < 8; ++r)
                if (std::abs(m[r][c]) > std::abs(m[piv][c])) piv = r;
            std::swap(m[c], m[piv]);
            const double d = m[c][c];
            for (double& x : m[c]) x /= d;
            for (int r = 0; r < 8; ++r) {
                if (r == c) continue;
                const double f = m[r][c];
                for (int k = 0; k < 16; ++k) m[r][k] -= f * m[c][k];
            }
        }
        // (V^-1)[m][k] is the coefficient of u^m in l_k.
        for (int k = 0; k < 8; ++k)
            for (int p = 0; p < 8; ++p) a[k][p] = a_by_power[p][k] = m[p][8 + k];
    }
};

const LagrangeTable& lagrange() {
    static const LagrangeTable table;
    return table;
}

}  // namespace

void EventRate::fill_panel(const Species& s, Panel& p) const {
    const LagrangeTable& g = lagrange();
    const double h = 0.5 * (p.hi - p.lo), c = 0.5 * (p.hi + p.lo);
    const ContinuousSpectrum& spectrum = s.component.continuum();
    for (int k = 0; k < 8; ++k) {
        const double e = c + h * g.u[k];
        p.e[k] = e;
        const double density = e > 0 ? spectrum.density(e) : 0.0;
        p.f[k] = Coefficients{};
        if (density != 0) accumulate(p.f[k], coefficients_at(s, e), s.component.rate * density);
    }
}

void EventRate::panel_moments(const Panel& p, double a, Coefficients& m0, Coefficients& m1,
                              Coefficients& m2) {
    m0 = m1 = m2 = Coefficients{};
    if (!(p.hi > a)) return;
    const LagrangeTable& g = lagrange();
    const double h = 0.5 * (p.hi - p.lo), c = 0.5 * (p.hi + p.lo);
    // Weights of the three moments: integral over [a, hi] of l_k(E) E^-n, n = 0, 1, 2.
    std::array<double, 8> w0{}, w1{}, w2{};
    if (a <= p.lo) {
        // The whole panel: the Gauss–Legendre rule itself.
        for (int k = 0; k < 8; ++k) {
            w0[k] = h * g.w[k];
            w1[k] = w0[k] / p.e[k];
            w2[k] = w0[k] / (p.e[k] * p.e[k]);
        }
    } else {
        // A panel cut at E_min(T): integrate the Lagrange basis (degree 7) times 1, 1/E, 1/E^2
        // with a 16-node Gauss–Legendre rule on [a, hi], exact to rounding for these smooth
        // functions. Weighting 1/E^n exactly (rather than interpolating f/E^n) keeps the
        // accuracy of C_V (1 - MT/2E^2) near T_max, where that factor vanishes at E_min(T).
        using Gauss16 = boost::math::quadrature::gauss<double, 16>;
        const double hh = 0.5 * (p.hi - a), cc = 0.5 * (p.hi + a);
        // The eight basis functions side by side, one vector lane each: the same operations
        // per k as a loop over k, hence the same bits.
        for (std::size_t i = 0; i < Gauss16::abscissa().size(); ++i) {
            for (double sign : {-1.0, 1.0}) {
                const double e = cc + sign * hh * Gauss16::abscissa()[i];
                const double u = (e - c) / h;
                const double wq = hh * Gauss16::weights()[i];
                const double e2 = e * e;
                alignas(64) double l[8] = {};  // l_k(u) by Horner
                for (int m = 7; m >= 0; --m)
                    for (int k = 0; k < 8; ++k) l[k] = l[k] * u + g.a_by_power[m][k];
                for (int k = 0; k < 8; ++k) {
                    w0[k] += wq * l[k];
                    w1[k] += wq * l[k] / e;
                    w2[k] += wq * l[k] / e2;
                }
            }
        }
    }
    for (int k = 0; k < 8; ++k) {
        accumulate(m0, p.f[k], w0[k]);
        accumulate(m1, p.f[k], w1[k]);
        accumulate(m2, p.f[k], w2[k]);
    }
}

double EventRate::species_rate(const Species& s, double t) const {
    const double e_min = xs_.e_min(t);
    double sum = 0;
    if (!s.panels.empty() && e_min < s.panels.back().hi) {
        // First panel whose lower edge is >= e_min; the panel before it is cut at e_min.
        const auto it = std::lower_bound(s.panels.begin(), s.panels.end(), e_min,
                                         [](const Panel& p, double e) { return p.lo < e; });
        const std::size_t first = static_cast<std::size_t>(it - s.panels.begin());
        Coefficients m0 = s.s0[first], m1 = s.s1[first], m2 = s.s2[first];
        if (first > 0 && s.panels[first - 1].hi > e_min) {
            Coefficients p0, p1, p2;
            panel_moments(s.panels[first - 1], e_min, p0, p1, p2);
            accumulate(m0, p0, 1.0);
            accumulate(m1, p1, 1.0);
            accumulate(m2, p2, 1.0);
        }
        sum += xs_.evaluate_moments(m0, m1, m2, t);
    }
    for (std::size_t k = 0; k < s.line_energy.size(); ++k) {
        if (s.line_energy[k] >= e_min)
            sum += xs_.evaluate_moments(s.line_s0[k], s.line_s1[k], s.line_s2[k], t);
    }
    return sum * geometry_.flux_factor * n_atoms_;
}

double EventRate::differential(double t, int species) const {
    require_non_negative("recoil", t);
    if (species >= static_cast<int>(species_.size())) {
        throw InvalidArgument(
            describe("species", std::to_string(species), "no such species in the source"));
    }
    if (species >= 0) return species_rate(species_[species], t);
    double sum = 0;
    for (const auto& s : species_) sum += species_rate(s, t);
    return sum;
}

void EventRate::differential(std::span<const double> t, std::span<double> out, int species) const {
    if (out.size() != t.size()) {
        throw InvalidArgument(
            describe("out", std::to_string(out.size()), "must match the recoil grid size"));
    }
    parallel_for(t.size(), 256, options_.threads, [&](std::size_t, std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) out[i] = differential(t[i], species);
    });
}

double EventRate::t_max() const {
    double e = 0;
    for (const auto& s : species_) e = std::max(e, s.e_top);
    return e > 0 ? xs_.t_max(e) : 0.0;
}

}  // namespace cevas
