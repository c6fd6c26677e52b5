#include "cevas/sources/fermi_function.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "cevas/core/error.hpp"

namespace cevas {

std::string_view to_string(FermiFunction model) {
    switch (model) {
        case FermiFunction::nonrelativistic:
            return "nonrelativistic";
        case FermiFunction::wilkinson:
            return "wilkinson";
        case FermiFunction::relativistic:
            return "relativistic";
    }
    return "?";
}

FermiFunction parse_fermi_function(std::string_view name, std::string_view field) {
    if (name == "nonrelativistic") return FermiFunction::nonrelativistic;
    if (name == "wilkinson") return FermiFunction::wilkinson;
    if (name == "relativistic") return FermiFunction::relativistic;
    throw InvalidArgument(
        cevas::describe(std::string(field), "'" + std::string(name) + "'",
                        "unknown Fermi function (use nonrelativistic, wilkinson or relativistic)"));
}

std::complex<double> complex_log_gamma(std::complex<double> z) {
    if (!std::isfinite(z.real()) || !std::isfinite(z.imag()) || !(z.real() > 0)) {
        throw InvalidArgument(
            cevas::describe("z", "(" + format_value(z.real()) + ", " + format_value(z.imag()) + ")",
                            "complex_log_gamma needs finite z with Re z > 0"));
    }
    // Recurrence Gamma(z) = Gamma(z + n) / (z (z+1) ... (z+n-1)) until |z + n| >= 10. The real
    // part takes the log of the product; the imaginary part sums the arguments, each in
    // (-pi/2, pi/2) because Re z > 0, which keeps the branch continuous from the real axis.
    double log_abs_shift = 0;
    double arg_shift = 0;
    std::complex<double> prod = 1.0;
    std::complex<double> w = z;
    while (std::abs(w) < 10.0) {
        prod *= w;
        arg_shift += std::arg(w);
        w += 1.0;
    }
    log_abs_shift = std::log(std::abs(prod));
    // Stirling series: (w - 1/2) log w - w + log(2 pi)/2 + sum_k B_2k / (2k (2k-1) w^(2k-1)),
    // k = 1..8; the first omitted term is below 2e-18 for |w| >= 10.
    constexpr double c[8] = {1.0 / 12.0,   -1.0 / 360.0,      1.0 / 1260.0, -1.0 / 1680.0,
                             1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0,  -3617.0 / 122400.0};
    const std::complex<double> inv = 1.0 / w;
    const std::complex<double> inv2 = inv * inv;
    std::complex<double> series = c[7];
    for (int k = 6; k >= 0; --k) series = series * inv2 + c[k];
    series *= inv;
    const std::complex<double> lg =
        (w - 0.5) * std::log(w) - w + 0.5 * std::log(2.0 * std::numbers::pi) + series;
    return {lg.real() - log_abs_shift, lg.imag() - arg_shift};
}

BetaFermiFunction::BetaFermiFunction(FermiFunction model, int z, double nuclear_radius,
                                     const PhysicalConstants& constants)
    : model_(model), z_(z), radius_(nuclear_radius) {
    if (z < 1 || z > 136) {
        throw InvalidArgument(
            cevas::describe("z", std::to_string(z), "daughter proton number must be in 1..136"));
    }
    require_positive("nuclear_radius", nuclear_radius);
    require_positive("alpha", constants.alpha);
    require_positive("electron_mass", constants.electron_mass);
    alpha_z_ = constants.alpha * z;
    if (!(alpha_z_ < 1)) {
        throw InvalidArgument(
            cevas::describe("alpha * z", format_value(alpha_z_),
                            "must be below 1 for the relativistic Fermi function"));
    }
    m_e_ = constants.electron_mass;
    gamma_ = std::sqrt(1.0 - alpha_z_ * alpha_z_);
    // lgamma of a real argument in [2, 3): positive, so its sign flag is irrelevant.
    log_const_ = std::log(2.0 * (1.0 + gamma_)) - 2.0 * std::lgamma(2.0 * gamma_ + 1.0);
}

double BetaFermiFunction::log_times_momentum(double t) const {
    // log(p F) with F = 2(1+g)(2pR)^(2g-2) e^(pi eta) |Gamma(g + i eta)|^2 / Gamma(2g+1)^2, in
    // logs because e^(pi eta) overflows and |Gamma|^2 underflows as p -> 0.
    const double e = t + m_e_;
    const double p = std::sqrt(t * (t + 2.0 * m_e_));
    const double eta = alpha_z_ * e / p;
    const double re_lg = complex_log_gamma({gamma_, eta}).real();
    return std::log(p) + log_const_ + (2.0 * gamma_ - 2.0) * std::log(2.0 * p * radius_) +
           std::numbers::pi * eta + 2.0 * re_lg;
}

double BetaFermiFunction::times_momentum(double t) const {
    require_non_negative("electron kinetic energy", t);
    constexpr double two_pi = 2.0 * std::numbers::pi;
    const double e = t + m_e_;
    if (t == 0) {
        // Limits as p -> 0 (eta -> infinity).
        switch (model_) {
            case FermiFunction::nonrelativistic:
                return two_pi * alpha_z_ * e;
            case FermiFunction::wilkinson:
                return two_pi * alpha_z_ * e * 1.002037;
            case FermiFunction::relativistic: {
                // e^(pi eta) |Gamma(g + i eta)|^2 -> 2 pi eta^(2g-1), and p eta = alpha Z E.
                return std::exp(log_const_ + (2.0 * gamma_ - 2.0) * std::log(2.0 * radius_) +
                                std::log(two_pi) + (2.0 * gamma_ - 1.0) * std::log(alpha_z_ * e));
            }
        }
    }
    const double p = std::sqrt(t * (t + 2.0 * m_e_));
    const double eta = alpha_z_ * e / p;
    switch (model_) {
        case FermiFunction::nonrelativistic:
            return two_pi * alpha_z_ * e / -std::expm1(-two_pi * eta);
        case FermiFunction::wilkinson:
            return two_pi * alpha_z_ * e / -std::expm1(-two_pi * eta) *
                   (1.002037 - 0.001427 * p / e);
        case FermiFunction::relativistic:
            return std::exp(log_times_momentum(t));
    }
    return 0.0;
}

double BetaFermiFunction::operator()(double t) const {
    require_positive("electron kinetic energy", t);
    return times_momentum(t) / std::sqrt(t * (t + 2.0 * m_e_));
}

}  // namespace cevas
