#include "cevas/oscillation/mixing.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "cevas/core/error.hpp"

namespace cevas {

std::string_view to_string(MassOrdering o) {
    return o == MassOrdering::normal ? "normal" : "inverted";
}

MassOrdering parse_mass_ordering(std::string_view s, std::string_view field) {
    if (s == "normal" || s == "NO") return MassOrdering::normal;
    if (s == "inverted" || s == "IO") return MassOrdering::inverted;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown mass ordering (normal, inverted)"));
}

MixingParameters MixingParameters::nufit52(MassOrdering ordering) {
    MixingParameters p;
    if (ordering == MassOrdering::inverted) {
        p.theta12 = 33.41 * kDeg;
        p.theta13 = 8.57 * kDeg;
        p.theta23 = 49.0 * kDeg;
        p.delta_cp = 276.0 * kDeg;
        p.dm21_sq = 7.41e-5;
        p.dm31_sq = -2.486e-3 + 7.41e-5;  // dm31 = dm32 + dm21
    }
    return p;
}

void validate(const MixingParameters& p) {
    const std::pair<const char*, double> angles[] = {
        {"theta12", p.theta12}, {"theta13", p.theta13}, {"theta23", p.theta23}};
    for (const auto& [name, v] : angles) {
        require_finite(name, v);
        if (v < 0 || v > std::numbers::pi / 2 + 1e-15) {
            throw InvalidArgument(describe(name, format_value(v / MixingParameters::kDeg) + " deg",
                                           "mixing angles must lie in [0, 90] degrees"));
        }
    }
    require_finite("delta_cp", p.delta_cp);
    require_positive("dm21_sq", p.dm21_sq);
    require_finite("dm31_sq", p.dm31_sq);
}

Matrix3c pmns_matrix(const MixingParameters& p) {
    const double s12 = std::sin(p.theta12), c12 = std::cos(p.theta12);
    const double s13 = std::sin(p.theta13), c13 = std::cos(p.theta13);
    const double s23 = std::sin(p.theta23), c23 = std::cos(p.theta23);
    const complex eid = std::polar(1.0, p.delta_cp);
    const complex emid = std::conj(eid);
    Matrix3c u;
    u(0, 0) = c12 * c13;
    u(0, 1) = s12 * c13;
    u(0, 2) = s13 * emid;
    u(1, 0) = -s12 * c23 - c12 * s23 * s13 * eid;
    u(1, 1) = c12 * c23 - s12 * s23 * s13 * eid;
    u(1, 2) = s23 * c13;
    u(2, 0) = s12 * s23 - c12 * c23 * s13 * eid;
    u(2, 1) = -c12 * s23 - s12 * c23 * s13 * eid;
    u(2, 2) = c23 * c13;
    return u;
}

Matrix3c propagator(const Matrix3c& u, const MixingParameters& p, double e_nu, double baseline,
                    NeutrinoType type) {
    if (baseline == 0) return Matrix3c::identity();
    const double k = baseline / (2.0 * e_nu);
    const complex ph[3] = {1.0, std::polar(1.0, -p.dm21_sq * k), std::polar(1.0, -p.dm31_sq * k)};
    const Matrix3c v = type == NeutrinoType::neutrino ? u : u.conj();
    Matrix3c s;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
            complex acc = 0;
            for (int i = 0; i < 3; ++i) acc += v(a, i) * ph[i] * std::conj(v(b, i));
            s(a, b) = acc;
        }
    return s;
}

double oscillation_probability(const MixingParameters& p, Flavor from, Flavor to, double e_nu,
                               double baseline, NeutrinoType type) {
    require_positive("e_nu", e_nu);
    require_non_negative("baseline", baseline);
    const Matrix3c s = propagator(pmns_matrix(p), p, e_nu, baseline, type);
    return std::norm(s(index(to), index(from)));
}

}  // namespace cevas
