#include "cevas/targets/form_factor.hpp"

#include <xraylib/xraylib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/numerics/fast_exp.hpp"
#include "cevas/numerics/fast_trig.hpp"

namespace cevas {

std::string_view to_string(AtomicFormFactorModel m) {
    switch (m) {
        case AtomicFormFactorModel::hubbell:
            return "hubbell";
        case AtomicFormFactorModel::gauss6:
            return "gauss6";
        case AtomicFormFactorModel::hydrogenic:
            return "hydrogenic";
        case AtomicFormFactorModel::none:
            return "none";
    }
    return "?";
}

std::string_view to_string(NuclearFormFactorModel m) {
    switch (m) {
        case NuclearFormFactorModel::unity:
            return "unity";
        case NuclearFormFactorModel::helm:
            return "helm";
        case NuclearFormFactorModel::klein_nystrand:
            return "klein_nystrand";
    }
    return "?";
}

AtomicFormFactorModel parse_atomic_form_factor(std::string_view name, std::string_view field) {
    for (auto m : {AtomicFormFactorModel::hubbell, AtomicFormFactorModel::gauss6,
                   AtomicFormFactorModel::hydrogenic, AtomicFormFactorModel::none}) {
        if (name == to_string(m)) return m;
    }
    throw InvalidArgument(
        describe(std::string(field), "'" + std::string(name) + "'",
                 "unknown atomic form factor (hubbell, gauss6, hydrogenic, none)"));
}

NuclearFormFactorModel parse_nuclear_form_factor(std::string_view name, std::string_view field) {
    for (auto m : {NuclearFormFactorModel::unity, NuclearFormFactorModel::helm,
                   NuclearFormFactorModel::klein_nystrand}) {
        if (name == to_string(m)) return m;
    }
    throw InvalidArgument(describe(std::string(field), "'" + std::string(name) + "'",
                                   "unknown nuclear form factor (unity, helm, klein_nystrand)"));
}

double hydrogenic_1s_form_factor(double q2, double z_eff, double bohr_radius) {
    const double u = 1.0 + q2 * bohr_radius * bohr_radius / (4.0 * z_eff * z_eff);
    return 1.0 / (u * u);
}

AtomicFormFactor::AtomicFormFactor(AtomicFormFactorModel model, int z,
                                   const PhysicalConstants& constants)
    : model_(model), z_(z), a0_sq_(constants.bohr_radius * constants.bohr_radius) {
    const auto unsupported = [&](const char* why) {
        throw InvalidArgument(
            describe("form_factor", std::string(to_string(model)),
                     "does not support Z = " + std::to_string(z) + " (" + why + ")"));
    };
    if (z < 1) unsupported("Z must be >= 1");
    double z_eff = 1.0;
    switch (model) {
        case AtomicFormFactorModel::gauss6:
            if (z != 2) unsupported("gauss6 is a fit for helium only");
            break;
        case AtomicFormFactorModel::hydrogenic:
            // Z = 1: exact 1s. Z = 2: variational Z_eff = 27/16, a crude comparison model.
            if (z == 1)
                z_eff = 1.0;
            else if (z == 2)
                z_eff = 27.0 / 16.0;
            else
                unsupported("hydrogenic is defined for H and He only");
            break;
        case AtomicFormFactorModel::hubbell:
            if (z > 98) unsupported("the Hubbell tables cover Z = 1..98");
            break;
        case AtomicFormFactorModel::none:
            break;
    }
    hyd_scale_ = a0_sq_ / (4.0 * z_eff * z_eff);
    // x = sin(theta/2)/lambda = |q| / (4 pi) with |q| in 1/angstrom.
    x_per_q_ = units::angstrom / (4.0 * std::numbers::pi);
    if (model == AtomicFormFactorModel::hubbell) {
        // xraylib's spline misbehaves below its first table nodes (F_e > 1 by ~1e-6 near
        // x = 5e-4 / angstrom, i.e. |q| ~ 10 eV), and the table's four decimals leave 1 - F_e
        // with one or two digits below x = 0.02 / angstrom; both spoil (1 - F_e)/q^2, which the
        // millicharge and magnetic terms need. Below x1 = 0.02 / angstrom (|q| ~ 500 eV) use
        // F_e = 1 - a x^2 - b x^4 (F_e is even in q, F_e(0) = 1), matched to the table at x1
        // and x2 = 0.04 / angstrom.
        const double f1 = 1.0 - xraylib_ff(kSmallX1), f2 = 1.0 - xraylib_ff(kSmallX2);
        const double u1 = kSmallX1 * kSmallX1, u2 = kSmallX2 * kSmallX2;
        small_b_ = (f2 - f1 * u2 / u1) / (u2 * u2 - u1 * u2);
        small_a_ = (f1 - small_b_ * u1 * u1) / u1;
    }
}

double AtomicFormFactor::xraylib_ff(double x) const {
    xrl_error* err = nullptr;
    const double f = FF_Rayl(z_, x, &err);
    if (err != nullptr) {
        std::string msg = err->message;
        xrl_error_free(err);
        throw NumericalError(describe("form_factor", "hubbell", "xraylib failed: " + msg));
    }
    return f / z_;
}

double AtomicFormFactor::operator()(double q2) const {
    switch (model_) {
        case AtomicFormFactorModel::gauss6: {
            const double x = q2 * a0_sq_;
            double s = g6_.a0;
            for (int i = 0; i < 6; ++i) s += g6_.a[i] * std::exp(-g6_.b[i] * x);
            return s / z_;
        }
        case AtomicFormFactorModel::hydrogenic: {
            const double u = 1.0 + q2 * hyd_scale_;
            return 1.0 / (u * u);
        }
        case AtomicFormFactorModel::hubbell: {
            const double x = std::sqrt(q2) * x_per_q_;
            if (x < kSmallX1) {
                const double u = x * x;
                return 1.0 - small_a_ * u - small_b_ * u * u;
            }
            return xraylib_ff(x);
        }
        case AtomicFormFactorModel::none:
            return 0.0;
    }
    return 0.0;
}

void AtomicFormFactor::evaluate(std::span<const double> q2, std::span<double> out) const {
    const std::size_t n = q2.size();
    switch (model_) {
        case AtomicFormFactorModel::gauss6: {
            const double inv_z = 1.0 / z_;
            const auto& a = g6_.a;
            const auto& b = g6_.b;
            const double c0 = g6_.a0;
            const double s0 = a0_sq_;
            const double* __restrict in = q2.data();
            double* __restrict o = out.data();
#pragma GCC ivdep
            for (std::size_t i = 0; i < n; ++i) {
                const double x = in[i] * s0;
                double s = c0;
                s += a[0] * numerics::fast_exp(-b[0] * x);
                s += a[1] * numerics::fast_exp(-b[1] * x);
                s += a[2] * numerics::fast_exp(-b[2] * x);
                s += a[3] * numerics::fast_exp(-b[3] * x);
                s += a[4] * numerics::fast_exp(-b[4] * x);
                s += a[5] * numerics::fast_exp(-b[5] * x);
                o[i] = s * inv_z;
            }
            return;
        }
        case AtomicFormFactorModel::hydrogenic: {
            for (std::size_t i = 0; i < n; ++i) {
                const double u = 1.0 + q2[i] * hyd_scale_;
                out[i] = 1.0 / (u * u);
            }
            return;
        }
        case AtomicFormFactorModel::none:
            for (std::size_t i = 0; i < n; ++i) out[i] = 0.0;
            return;
        case AtomicFormFactorModel::hubbell:
            for (std::size_t i = 0; i < n; ++i) out[i] = (*this)(q2[i]);
            return;
    }
}

namespace {

// 3 j1(x)/x by its Taylor series in x^2 (numerics::three_j1_over_x_fast below x = 1), written on
// x^2 = q^2 R^2 so that blocks below x = 1 need neither sqrt, sine nor division.
inline double j1_series_x2(double x2) { return numerics::three_j1_over_x_series_x2(x2); }

// 3 j1(x)/x for any x >= 0 (vectorisable): the series above below x = 1 (same bits as the
// series-only blocks), the closed form with numerics::fast_sincos above.
inline double j1_any(double qq, double r, double r2) {
    const double x2 = qq * r2;
    const double x = std::sqrt(qq) * r;
    double s, c;
    numerics::fast_sincos(x, s, c);
    const double xs = x < numerics::kJ1SeriesLimit ? 1.0 : x;  // keeps the unused branch finite
    const double closed = 3.0 * (s - xs * c) / (xs * xs * xs);
    return x < numerics::kJ1SeriesLimit ? j1_series_x2(x2) : closed;
}

// Points per block of the array path: a block whose largest q^2 R^2 is below 1 takes the
// series-only loop (no sqrt, sine or division); the result of a point does not depend on which
// loop computed it.
constexpr std::size_t kFormFactorBlock = 128;

}  // namespace

double three_j1_over_x(double x) {
    if (std::abs(x) < numerics::kJ1SeriesLimit) {
        // 3 j1(x)/x = sum_k 3 (-1)^k x^2k / (2^k k! (2k+3)!!), to k = 9 (the next term is below
        // 3e-21 for |x| < 1), while the closed form cancels by up to 1/x^2 below x = 1. The
        // same polynomial as numerics::three_j1_over_x_fast, so both paths agree there.
        return numerics::three_j1_over_x_series_x2(x * x);
    }
    return 3.0 * (std::sin(x) - x * std::cos(x)) / (x * x * x);
}

NuclearFormFactor::NuclearFormFactor(NuclearFormFactorModel model, int a) : model_(model) {
    if (a < 1) throw InvalidArgument(describe("A", std::to_string(a), "mass number must be >= 1"));
    const double a13 = std::cbrt(static_cast<double>(a));
    switch (model) {
        case NuclearFormFactorModel::unity:
            break;
        case NuclearFormFactorModel::helm: {
            // Lewin & Smith (1996): c = 1.23 A^(1/3) - 0.60 fm, a = 0.52 fm, s = 0.9 fm,
            // R0^2 = c^2 + (7/3) pi^2 a^2 - 5 s^2.
            const double c = 1.23 * a13 - 0.60;
            const double aa = 0.52;
            const double s = 0.9;
            const double r2 =
                c * c + 7.0 / 3.0 * std::numbers::pi * std::numbers::pi * aa * aa - 5.0 * s * s;
            radius_ = std::sqrt(r2) * units::fm;
            s_or_a_ = s * units::fm;
            break;
        }
        case NuclearFormFactorModel::klein_nystrand:
            // Klein & Nystrand (1999): hard sphere R_A = 1.2 A^(1/3) fm folded with a Yukawa
            // potential of range a_k = 0.7 fm.
            radius_ = 1.2 * a13 * units::fm;
            s_or_a_ = 0.7 * units::fm;
            break;
    }
}

double NuclearFormFactor::operator()(double q2) const {
    switch (model_) {
        case NuclearFormFactorModel::unity:
            return 1.0;
        case NuclearFormFactorModel::helm: {
            const double q = std::sqrt(q2);
            const double j = q * radius_ < numerics::kJ1SeriesLimit
                                 ? j1_series_x2(q2 * (radius_ * radius_))
                                 : three_j1_over_x(q * radius_);
            return j * std::exp(-0.5 * q2 * s_or_a_ * s_or_a_);
        }
        case NuclearFormFactorModel::klein_nystrand: {
            const double q = std::sqrt(q2);
            const double j = q * radius_ < numerics::kJ1SeriesLimit
                                 ? j1_series_x2(q2 * (radius_ * radius_))
                                 : three_j1_over_x(q * radius_);
            return j / (1.0 + q2 * s_or_a_ * s_or_a_);
        }
    }
    return 1.0;
}

void NuclearFormFactor::evaluate(std::span<const double> q2, std::span<double> out) const {
    const std::size_t n = q2.size();
    const double* __restrict in = q2.data();
    double* __restrict o = out.data();
    const double r = radius_, r2 = radius_ * radius_, a2 = s_or_a_ * s_or_a_;
    // x < 1 for every point of a block whose largest q^2 stays below this (1 - 1e-12 keeps the
    // test on the safe side of sqrt's rounding).
    const double series_q2 = (1.0 - 1e-12) / r2;
    const double h = -0.5 * a2;
    bool suspect = false;  // NaN from the kernel or a Gaussian below exp(-700)
    for (std::size_t b0 = 0; b0 < n; b0 += kFormFactorBlock) {
        const std::size_t len = std::min(kFormFactorBlock, n - b0);
        const double* __restrict bi = in + b0;
        double* __restrict bo = o + b0;
        // Points at or beyond the series range (NaN counts): an integer reduction, vectorised.
        std::int64_t n_big = 0;
        for (std::size_t i = 0; i < len; ++i) n_big += bi[i] < series_q2 ? 0 : 1;
        const bool small = n_big == 0;
        switch (model_) {
            case NuclearFormFactorModel::unity:
                for (std::size_t i = 0; i < len; ++i) bo[i] = 1.0;
                break;
            case NuclearFormFactorModel::helm:
                if (small) {
#pragma GCC ivdep
                    for (std::size_t i = 0; i < len; ++i)
                        bo[i] = j1_series_x2(bi[i] * r2) * numerics::fast_exp(h * bi[i]);
                } else {
#pragma GCC ivdep
                    for (std::size_t i = 0; i < len; ++i)
                        bo[i] = j1_any(bi[i], r, r2) * numerics::fast_exp(h * bi[i]);
                }
                // fast_exp clamps below -700, where the scalar path is used instead.
                {
                    std::int64_t n_under = 0;
                    for (std::size_t i = 0; i < len; ++i) n_under += h * bi[i] < -700.0 ? 1 : 0;
                    suspect = suspect || n_under != 0;
                }
                break;
            case NuclearFormFactorModel::klein_nystrand:
                if (small) {
#pragma GCC ivdep
                    for (std::size_t i = 0; i < len; ++i)
                        bo[i] = j1_series_x2(bi[i] * r2) / (1.0 + bi[i] * a2);
                } else {
#pragma GCC ivdep
                    for (std::size_t i = 0; i < len; ++i)
                        bo[i] = j1_any(bi[i], r, r2) / (1.0 + bi[i] * a2);
                }
                break;
        }
        if (!small) {
            // NaN beyond the range of the vectorised sine (|q R| > 1e6) or from the input.
            std::int64_t bad = 0;
            for (std::size_t i = 0; i < len; ++i) bad |= bo[i] - bo[i] == 0.0 ? 0 : 1;
            suspect = suspect || bad != 0;
        }
    }
    if (model_ == NuclearFormFactorModel::unity || !suspect) return;
    // Rare: fall back to the scalar path point by point.
    for (std::size_t i = 0; i < n; ++i)
        if (!(o[i] == o[i]) || (model_ == NuclearFormFactorModel::helm && h * in[i] < -700))
            o[i] = (*this)(in[i]);
}

void NuclearFormFactor::evaluate_reference(std::span<const double> q2,
                                           std::span<double> out) const {
    for (std::size_t i = 0; i < q2.size(); ++i) out[i] = (*this)(q2[i]);
}

}  // namespace cevas
