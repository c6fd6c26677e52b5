#pragma once
// ln(x) with arithmetic and bit operations only, so that loops over bins vectorise (std::log is
// an opaque library call). For normal positive x; relative error a few ulp (tested against
// std::log in tests/stats). x = m 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s),
// s = (m - 1)/(m + 1), |s| <= 0.1716, by its series to s^23 (truncation < 1e-18 relative).
#include <bit>
#include <cstdint>
#include <cstring>

namespace cevas::stats_detail {

inline double fast_log(double x) {
    constexpr std::int64_t sqrt_half_bits = 0x3FE6A09E667F3BCDLL;
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    const std::int64_t bits = std::bit_cast<std::int64_t>(x);
    const std::int64_t e = (bits - sqrt_half_bits) >> 52;  // floor(log2(x / sqrt(1/2)))
    const double m = std::bit_cast<double>(bits - (e << 52));
    const double s = (m - 1.0) / (m + 1.0);
    const double z = s * s;
    double p = z * (1.0 / 23) + 1.0 / 21;
    p = p * z + 1.0 / 19;
    p = p * z + 1.0 / 17;
    p = p * z + 1.0 / 15;
    p = p * z + 1.0 / 13;
    p = p * z + 1.0 / 11;
    p = p * z + 1.0 / 9;
    p = p * z + 1.0 / 7;
    p = p * z + 1.0 / 5;
    p = p * z + 1.0 / 3;
    const double ed = static_cast<double>(e);
    // 2 s + 2 s z p: the leading term kept separate for accuracy.
    return ed * ln2_hi + (2.0 * s + (2.0 * s * z * p + ed * ln2_lo));
}

/// Eight doubles (GCC/Clang vector extension; split into narrower registers where the CPU has
/// no 512-bit vectors).
using v8d = double __attribute__((vector_size(64)));
using v8l = std::int64_t __attribute__((vector_size(64)));

/// fast_log on eight lanes, the same operations in the same order as the scalar form (so the
/// same results bit for bit).
inline v8d fast_log(v8d x) {
    constexpr std::int64_t sqrt_half_bits = 0x3FE6A09E667F3BCDLL;
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    const v8l bits = std::bit_cast<v8l>(x);
    const v8l e = (bits - sqrt_half_bits) >> 52;
    const v8d m = std::bit_cast<v8d>(bits - (e << 52));
    const v8d s = (m - 1.0) / (m + 1.0);
    const v8d z = s * s;
    v8d p = z * (1.0 / 23) + 1.0 / 21;
    p = p * z + 1.0 / 19;
    p = p * z + 1.0 / 17;
    p = p * z + 1.0 / 15;
    p = p * z + 1.0 / 13;
    p = p * z + 1.0 / 11;
    p = p * z + 1.0 / 9;
    p = p * z + 1.0 / 7;
    p = p * z + 1.0 / 5;
    p = p * z + 1.0 / 3;
    const v8d ed = __builtin_convertvector(e, v8d);
    return ed * ln2_hi + (2.0 * s + (2.0 * s * z * p + ed * ln2_lo));
}

}  // namespace cevas::stats_detail
