#pragma once
/// @file
/// sin and cos written with arithmetic, comparisons and selects only, so that loops over arrays
/// vectorise (std::sin/std::cos are opaque library calls and do not), and the spherical-Bessel
/// ratio 3 j1(x)/x of the nuclear form factors built on them.
///
/// Determinism: only IEEE-754 additions, multiplications and correctly rounded conversions are
/// used; with -ffp-contract=off (CMakeLists.txt) every instruction set (SSE2, AVX2, AVX-512, or
/// scalar code) returns the same bits.
///
/// Accuracy (tests/numerics/fast_trig_test.cpp, against std::sin/std::cos over 2e6 points):
/// |fast_sin(x) - sin(x)| and |fast_cos(x) - cos(x)| <= 2 ulp(1) = 4.5e-16 absolute for
/// |x| <= kFastTrigMaxArg; the reduction then loses nothing (see below). Outside that range the
/// functions return NaN, and array callers fall back to std::sin/std::cos.

#include <cmath>

namespace cevas::numerics {

/// Largest |x| for which fast_sincos is accurate: n = round(2x/pi) < 2^20, so that n times the
/// 33-bit head of pi/2 is exact (Cody–Waite reduction in three parts).
inline constexpr double kFastTrigMaxArg = 1.0e6;

/// sin(x) and cos(x) for |x| <= kFastTrigMaxArg (NaN outside). Reduction x = n pi/2 + r,
/// |r| <= pi/4, with pi/2 split into three 33-bit parts (the split of fdlibm's
/// e_rem_pio2.c, Sun Microsystems 1993); minimax polynomials of fdlibm's k_sin.c/k_cos.c on
/// |r| <= pi/4 (error below 2^-58 relative); the quadrant n mod 4 picks +-sin r or +-cos r.
inline void fast_sincos(double x, double& s_out, double& c_out) {
    constexpr double two_over_pi = 6.36619772367581382433e-01;
    constexpr double pio2_1 = 1.57079632673412561417e+00;   // first 33 bits of pi/2
    constexpr double pio2_2 = 6.07710050630396597660e-11;   // next 33 bits
    constexpr double pio2_3 = 2.02226624871116645580e-21;   // next 33 bits
    constexpr double pio2_3t = 8.47842766036889956997e-32;  // pi/2 - (pio2_1 + pio2_2 + pio2_3)
    constexpr double shifter = 6755399441055744.0;          // 1.5 * 2^52: rounds to nearest
    const bool ok = x <= kFastTrigMaxArg && x >= -kFastTrigMaxArg;
    const double xx = ok ? x : 0.0;
    const double t = xx * two_over_pi + shifter;
    const double n = t - shifter;
    const double r = ((xx - n * pio2_1) - n * pio2_2) - n * pio2_3 - n * pio2_3t;
    const double z = r * r;
    // k_sin.c: sin r = r + r^3 (S1 + z (S2 + ... + z S6))
    const double sp = 8.33333333332248946124e-03 +
                      z * (-1.98412698298579493134e-04 +
                           z * (2.75573137070700676789e-06 + z * (-2.50507602534068634195e-08 +
                                                                  z * 1.58969099521155010221e-10)));
    const double sin_r = r + (z * r) * (-1.66666666666666324348e-01 + z * sp);
    // k_cos.c: cos r = 1 - z/2 + z^2 (C1 + z (C2 + ... + z C6)), with 1 - z/2 split so that its
    // rounding error is carried.
    const double cp =
        z * (4.16666666666666019037e-02 +
             z * (-1.38888888888741095749e-03 +
                  z * (2.48015872894767294178e-05 +
                       z * (-2.75573143513906633035e-07 +
                            z * (2.08757232129817482790e-09 + z * -1.13596475577881948265e-11)))));
    const double hz = 0.5 * z;
    const double w = 1.0 - hz;
    const double cos_r = w + (((1.0 - w) - hz) + z * cp);
    // Quadrant n mod 4 in 0..3, exactly: floor(n/4) = round(n/4 - 3/8) for integer n (the
    // shifter rounds; std::floor does not vectorise under -ftrapping-math).
    const double fl = ((n * 0.25 - 0.375) + shifter) - shifter;
    const double q = n - 4.0 * fl;
    const double s = q == 0.0 ? sin_r : (q == 1.0 ? cos_r : (q == 2.0 ? -sin_r : -cos_r));
    const double c = q == 0.0 ? cos_r : (q == 1.0 ? -sin_r : (q == 2.0 ? -cos_r : sin_r));
    s_out = ok ? s : NAN;
    c_out = ok ? c : NAN;
}

/// Below this argument three_j1_over_x_fast (and cevas::three_j1_over_x) use the Taylor series.
inline constexpr double kJ1SeriesLimit = 1.0;

/// 3 j1(x)/x by its Taylor series in x2 = x^2: sum_{k<=9} 3 (-1)^k x^2k / (2^k k! (2k+3)!!)
/// (truncation < 3e-21 for x < 1). The one home of this polynomial: the scalar, array and
/// series-only paths of the nuclear form factors all call it, so they agree bit for bit below
/// x = 1.
inline double three_j1_over_x_series_x2(double x2) {
    return 1.0 +
           x2 *
               (-1.0 / 10.0 +
                x2 *
                    (1.0 / 280.0 +
                     x2 * (-1.0 / 15120.0 +
                           x2 * (1.0 / 1330560.0 +
                                 x2 * (-1.0 / 172972800.0 +
                                       x2 * (1.0 / 31135104000.0 +
                                             x2 * (-1.0 / 7410154752000.0 +
                                                   x2 * (1.0 / 2252687044608000.0 +
                                                         x2 * (-1.0 / 851515702861824000.0)))))))));
}

/// 3 j1(x)/x = 3 (sin x - x cos x)/x^3 for 0 <= x <= kFastTrigMaxArg, vectorisable. Below
/// x = 1 the Taylor series sum_{k<=9} 3 (-1)^k x^2k / (2^k k! (2k+3)!!) (truncation < 3e-21);
/// above, the closed form with fast_sincos (cancellation at most a factor 3 at x = 1).
/// Error: <= 1e-15 absolute (|3 j1(x)/x| <= 1).
inline double three_j1_over_x_fast(double x) {
    const double series = three_j1_over_x_series_x2(x * x);
    double s, c;
    fast_sincos(x, s, c);
    const double xs = x < kJ1SeriesLimit ? 1.0 : x;  // keeps the unused branch finite
    const double closed = 3.0 * (s - xs * c) / (xs * xs * xs);
    return x < kJ1SeriesLimit ? series : closed;
}

}  // namespace cevas::numerics
