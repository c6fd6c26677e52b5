#include "cevas/oscillation/phase_average.hpp"

#include <algorithm>
#include <array>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/numerics/fast_trig.hpp"

namespace cevas {

namespace {

constexpr std::size_t kN = PhaseAverager::kNodes;

// The 16 Gauss–Legendre nodes on [-1, 1] (ascending) and their barycentric weights
// lambda_k = 1 / prod_{m != k} (u_k - u_m).
struct Nodes {
    std::array<double, kN> u{}, lambda{};
    // transfer[c][k][j]: l_j of a panel at node k of its child panel c (0: lower half, 1: upper).
    std::array<std::array<std::array<double, kN>, kN>, 2> transfer{};
    Nodes() {
        using Rule = boost::math::quadrature::gauss<double, kN>;
        std::size_t n = 0;
        for (std::size_t i = 0; i < Rule::abscissa().size(); ++i) {
            u[n++] = Rule::abscissa()[i];
            if (Rule::abscissa()[i] != 0) u[n++] = -Rule::abscissa()[i];
        }
        std::sort(u.begin(), u.end());
        for (std::size_t k = 0; k < kN; ++k) {
            double p = 1;
            for (std::size_t m = 0; m < kN; ++m)
                if (m != k) p *= u[k] - u[m];
            lambda[k] = 1 / p;
        }
        for (std::size_t c = 0; c < 2; ++c)
            for (std::size_t k = 0; k < kN; ++k)
                spread_with(static_cast<double>(c) - 0.5 + 0.5 * u[k], 1.0, transfer[c][k].data());
    }
    // spread() for this object (during construction nodes() is not available yet).
    void spread_with(double x, double w, double* out) const {
        std::array<double, kN + 1> pre{}, suf{};
        pre[0] = 1;
        for (std::size_t m = 0; m < kN; ++m) pre[m + 1] = pre[m] * (x - u[m]);
        suf[kN] = 1;
        for (std::size_t m = kN; m-- > 0;) suf[m] = suf[m + 1] * (x - u[m]);
        for (std::size_t k = 0; k < kN; ++k) out[k] += w * lambda[k] * pre[k] * suf[k + 1];
    }
};

const Nodes& nodes() {
    static const Nodes n;
    return n;
}

}  // namespace

PhaseAverager::PhaseAverager(std::span<const double> baselines, std::span<const double> weights) {
    if (baselines.size() != weights.size()) {
        throw InvalidArgument(describe(
            "baselines", std::to_string(baselines.size()),
            "need one weight per baseline (" + std::to_string(weights.size()) + " weights)"));
    }
    raw_.x.assign(baselines.begin(), baselines.end());
    raw_.w.assign(weights.begin(), weights.end());
    for (std::size_t j = 0; j < raw_.x.size(); ++j) {
        require_non_negative("baseline", raw_.x[j]);
        require_finite("baseline weight", raw_.w[j]);
        total_ += raw_.w[j];
    }
    if (raw_.x.empty()) return;
    lo_ = *std::min_element(raw_.x.begin(), raw_.x.end());
    hi_ = *std::max_element(raw_.x.begin(), raw_.x.end());
    if (!(hi_ > lo_)) return;
    // Scaled moments m_k = sum_j w_j ((L_j - L_c)/H)^k / k!, L_c = (lo + hi)/2, H = (hi - lo)/2,
    // in 8 fixed lanes (the same sums for every instruction set).
    {
        const double c = 0.5 * (lo_ + hi_), inv_half = 2.0 / (hi_ - lo_);
        constexpr std::size_t kLanes = 8;
        std::array<std::array<double, kLanes>, kMoments> acc{};
        const std::size_t n = raw_.x.size();
        std::size_t j = 0;
        for (; j + kLanes <= n; j += kLanes) {
            std::array<double, kLanes> d{}, pw{};
            for (std::size_t l = 0; l < kLanes; ++l) {
                d[l] = (raw_.x[j + l] - c) * inv_half;
                pw[l] = raw_.w[j + l];
            }
            for (std::size_t k = 0; k < kMoments; ++k)
                for (std::size_t l = 0; l < kLanes; ++l) {
                    acc[k][l] += pw[l];
                    pw[l] *= d[l];
                }
        }
        for (; j < n; ++j) {
            const double d = (raw_.x[j] - c) * inv_half;
            double pw = raw_.w[j];
            for (std::size_t k = 0; k < kMoments; ++k) {
                acc[k][0] += pw;
                pw *= d;
            }
        }
        double fact = 1.0;
        for (std::size_t k = 0; k < kMoments; ++k) {
            if (k > 0) fact *= static_cast<double>(k);
            double m = 0;
            for (std::size_t l = 0; l < kLanes; ++l) m += acc[k][l];
            moments_[k] = m / fact;
        }
        has_moments_ = true;
    }
    // Finest level: the largest with at most twice as many nodes as baselines (a level's sum
    // costs a few flops per node, the direct sum a sine and cosine per baseline).
    if (raw_.x.size() < 2 * kN) return;
    std::size_t finest = 0;
    while ((kN << (finest + 1)) <= 2 * raw_.x.size()) ++finest;
    levels_.resize(finest + 1);
    const Nodes& g = nodes();
    const auto project = [&](const Rule& from, std::size_t level) {
        const std::size_t panels = std::size_t{1} << level;
        const double h = (hi_ - lo_) / static_cast<double>(panels);
        Rule r;
        r.x.resize(panels * kN);
        r.w.assign(panels * kN, 0.0);
        for (std::size_t p = 0; p < panels; ++p)
            for (std::size_t k = 0; k < kN; ++k)
                r.x[p * kN + k] = lo_ + h * (static_cast<double>(p) + 0.5 * (g.u[k] + 1));
        // Blocks of baselines: the 16 Lagrange values of every baseline of a block are computed
        // side by side (vectorised over the baselines; the products run in the same order as
        // in Nodes::spread_with), then added to their panels in baseline order.
        constexpr std::size_t kB = 64;
        alignas(64) double ub[kB], wb[kB], pre[kN + 1][kB], suf[kN + 1][kB];
        std::size_t pb[kB];
        const double inv_h = 1.0 / h;
        for (std::size_t j0 = 0; j0 < from.x.size(); j0 += kB) {
            const std::size_t nb = std::min(kB, from.x.size() - j0);
            for (std::size_t i = 0; i < nb; ++i) {
                const double s = (from.x[j0 + i] - lo_) * inv_h;
                const std::size_t p =
                    std::min(panels - 1, static_cast<std::size_t>(std::max(0.0, std::floor(s))));
                pb[i] = p;
                ub[i] = 2 * (s - static_cast<double>(p)) - 1;
                wb[i] = from.w[j0 + i];
            }
            for (std::size_t i = 0; i < nb; ++i) pre[0][i] = suf[kN][i] = 1.0;
            for (std::size_t m = 0; m < kN; ++m)
                for (std::size_t i = 0; i < nb; ++i) pre[m + 1][i] = pre[m][i] * (ub[i] - g.u[m]);
            for (std::size_t m = kN; m-- > 0;)
                for (std::size_t i = 0; i < nb; ++i) suf[m][i] = suf[m + 1][i] * (ub[i] - g.u[m]);
            for (std::size_t k = 0; k < kN; ++k)
                for (std::size_t i = 0; i < nb; ++i)
                    pre[k][i] = wb[i] * g.lambda[k] * pre[k][i] * suf[k + 1][i];
            for (std::size_t i = 0; i < nb; ++i) {
                double* out = &r.w[pb[i] * kN];
                for (std::size_t k = 0; k < kN; ++k) out[k] += pre[k][i];
            }
        }
        return r;
    };
    levels_[finest] = project(raw_, finest);
    // Coarser levels from finer ones: the fine nodes sit at fixed places in their parent panel,
    // so the projection is one fixed 16 x 32 matrix per coarse panel.
    for (std::size_t l = finest; l-- > 0;) {
        const Rule& fine = levels_[l + 1];
        const std::size_t panels = std::size_t{1} << l;
        const double h = (hi_ - lo_) / static_cast<double>(panels);
        Rule r;
        r.x.resize(panels * kN);
        r.w.assign(panels * kN, 0.0);
        for (std::size_t p = 0; p < panels; ++p) {
            for (std::size_t k = 0; k < kN; ++k)
                r.x[p * kN + k] = lo_ + h * (static_cast<double>(p) + 0.5 * (g.u[k] + 1));
            double* out = &r.w[p * kN];
            for (std::size_t c = 0; c < 2; ++c)
                for (std::size_t k = 0; k < kN; ++k) {
                    const double wf = fine.w[(2 * p + c) * kN + k];
                    const double* t = &g.transfer[c][k][0];
                    for (std::size_t j = 0; j < kN; ++j) out[j] += wf * t[j];
                }
        }
        levels_[l] = std::move(r);
    }
}

const PhaseAverager::Rule& PhaseAverager::rule_for(double omega) const {
    const double phase = std::abs(omega) * (hi_ - lo_);
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        const double h = std::ldexp(1.0, -static_cast<int>(l));  // panel width / (hi - lo)
        if (phase * h <= kMaxPhasePerPanel) return levels_[l];
    }
    return raw_;
}

std::complex<double> PhaseAverager::sum(const Rule& r, double omega) {
    const std::size_t n = r.x.size();
    const double* __restrict x = r.x.data();
    const double* __restrict w = r.w.data();
    double re = 0, im = 0;
    // Fixed-order partial sums (8 lanes) so that vector and scalar code add alike.
    constexpr std::size_t kLanes = 8;
    std::array<double, kLanes> sr{}, si{};
    std::size_t j = 0;
    bool out_of_range = false;
    for (; j + kLanes <= n; j += kLanes) {
        for (std::size_t l = 0; l < kLanes; ++l) {
            double s, c;
            numerics::fast_sincos(omega * x[j + l], s, c);
            sr[l] += w[j + l] * c;
            si[l] -= w[j + l] * s;
        }
    }
    for (std::size_t l = 0; l < kLanes; ++l) {
        re += sr[l];
        im += si[l];
    }
    for (; j < n; ++j) {
        double s, c;
        numerics::fast_sincos(omega * x[j], s, c);
        re += w[j] * c;
        im -= w[j] * s;
    }
    out_of_range = !(re == re) || !(im == im);
    if (out_of_range) {
        // A phase beyond the range of fast_sincos (|omega L| > 1e6): std::sin/std::cos.
        re = im = 0;
        for (std::size_t i = 0; i < n; ++i) {
            re += w[i] * std::cos(omega * x[i]);
            im -= w[i] * std::sin(omega * x[i]);
        }
    }
    return {re, im};
}

std::complex<double> PhaseAverager::average(double omega) const {
    const double theta = 0.5 * omega * (hi_ - lo_);  // omega H
    if (has_moments_ && std::abs(theta) <= kMaxMomentPhase) {
        // A = exp(-i omega L_c) sum_k (-i theta)^k m_k: even k give the real part, odd k the
        // imaginary part, each a polynomial in theta^2 (two independent Horner chains).
        // Truncation: theta^kMoments / kMoments! < 1e-17 of sum |w_j|.
        const double t2 = theta * theta;
        double ev = moments_[kMoments - 2], od = moments_[kMoments - 1];
        for (std::size_t k = kMoments - 2; k >= 2; k -= 2) {
            ev = moments_[k - 2] - t2 * ev;
            od = moments_[k - 1] - t2 * od;
        }
        double s0, c0;
        numerics::fast_sincos(0.5 * omega * (lo_ + hi_), s0, c0);
        const std::complex<double> total =
            std::complex<double>(ev, -theta * od) * std::complex<double>(c0, -s0);
        if (total == total) return total;  // else: a phase beyond fast_sincos (below)
    }
    const Rule& r = rule_for(omega);
    if (&r == &raw_) return sum(raw_, omega);
    // A level: nodes x = lo + h (p + c_k), so exp(-i omega x) = exp(-i omega lo) E_p C_k with
    // E_p = exp(-i omega h p) (one sine/cosine per panel) and C_k = exp(-i omega h c_k) (16):
    // the sum costs four flops per node.
    const std::size_t panels = r.x.size() / kN;
    const double h = (hi_ - lo_) / static_cast<double>(panels);
    const Nodes& g = nodes();
    std::array<double, kN> acc_re{}, acc_im{};
    // E_p for all panels first (a vectorised loop), then the accumulation over nodes.
    constexpr std::size_t kBlock = 64;
    std::array<double, kBlock> sp{}, cp{};
    for (std::size_t p0 = 0; p0 < panels; p0 += kBlock) {
        const std::size_t np = std::min(kBlock, panels - p0);
        for (std::size_t i = 0; i < np; ++i)
            numerics::fast_sincos(omega * h * static_cast<double>(p0 + i), sp[i], cp[i]);
        for (std::size_t i = 0; i < np; ++i) {
            const double* w = &r.w[(p0 + i) * kN];
            for (std::size_t k = 0; k < kN; ++k) {
                acc_re[k] += w[k] * cp[i];
                acc_im[k] -= w[k] * sp[i];
            }
        }
    }
    // C_k for the 16 nodes in one vectorised loop, then (acc_re + i acc_im)(c_k - i s_k).
    std::array<double, kN> sk{}, ck{};
    for (std::size_t k = 0; k < kN; ++k)
        numerics::fast_sincos(omega * h * 0.5 * (g.u[k] + 1), sk[k], ck[k]);
    double re = 0, im = 0;
    for (std::size_t k = 0; k < kN; ++k) {
        re += acc_re[k] * ck[k] + acc_im[k] * sk[k];
        im += acc_im[k] * ck[k] - acc_re[k] * sk[k];
    }
    std::complex<double> total(re, im);
    double s0, c0;
    numerics::fast_sincos(omega * lo_, s0, c0);
    total *= std::complex<double>(c0, -s0);
    if (!(total == total)) return sum(r, omega);  // phases beyond fast_sincos: std::sin/cos
    return total;
}

std::complex<double> PhaseAverager::average_direct(double omega) const { return sum(raw_, omega); }

std::size_t PhaseAverager::nodes_used(double omega) const {
    if (has_moments_ && std::abs(0.5 * omega * (hi_ - lo_)) <= kMaxMomentPhase) return 0;
    return rule_for(omega).x.size();
}

}  // namespace cevas
