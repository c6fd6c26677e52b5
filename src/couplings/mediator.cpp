#include "cevas/couplings/mediator.hpp"

#include <cmath>
#include <numbers>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"

namespace cevas {

std::string_view to_string(MediatorType t) {
    return t == MediatorType::vector ? "vector" : "scalar";
}

MediatorType parse_mediator_type(std::string_view s, std::string_view field) {
    if (s == "vector") return MediatorType::vector;
    if (s == "scalar") return MediatorType::scalar;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown mediator type (vector, scalar)"));
}

bool Mediator::is_zero() const {
    return g_nu.is_zero() || (g_u == 0 && g_d == 0 && g_p == 0 && g_n == 0 && g_e == 0);
}

NsiLevels Mediator::contact_nsi(const PhysicalConstants& k) const {
    // Vector: -J^2/(2 m^2) -> eps = g g / (sqrt2 G_F m^2); scalar: +J^2/(2 m^2) and the scalar
    // NSI normalisation -(G_F/sqrt2) eps^S -> eps = -sqrt2 g g / (G_F m^2).
    const double c =
        type == MediatorType::vector ? 1.0 / std::numbers::sqrt2 : -std::numbers::sqrt2;
    const Matrix3c base = (c / (k.fermi_constant * mass * mass)) * g_nu;
    NsiLevels l;
    l.u = g_u * base;
    l.d = g_d * base;
    l.p = g_p * base;
    l.n = g_n * base;
    l.e = g_e * base;
    return l;
}

void validate(const Mediator& m, const std::string& field) {
    require_in_range(field + ".mass", m.mass, limits::mediator_mass);
    const std::pair<const char*, double> g[] = {
        {"g_u", m.g_u}, {"g_d", m.g_d}, {"g_p", m.g_p}, {"g_n", m.g_n}, {"g_e", m.g_e}};
    for (const auto& [name, v] : g)
        require_in_range(field + "." + name, v, limits::mediator_coupling);
    require_hermitian(field + ".g_nu", m.g_nu);
    static const char* const fl[3] = {"e", "mu", "tau"};
    for (int i = 0; i < 3; ++i)
        for (int j = i; j < 3; ++j) {
            const double a = std::abs(m.g_nu(i, j));
            if (!in_range(a, limits::mediator_coupling))
                require_in_range(field + ".g_nu." + fl[i] + fl[j], a, limits::mediator_coupling);
        }
}

std::vector<std::pair<std::string, std::string>> describe_mediators(
    const std::vector<Mediator>& mediators) {
    std::vector<std::pair<std::string, std::string>> d;
    static const char* const fl[3] = {"e", "mu", "tau"};
    for (std::size_t k = 0; k < mediators.size(); ++k) {
        const Mediator& m = mediators[k];
        const std::string base = "mediator[" + std::to_string(k) + "].";
        d.emplace_back(base + "type", std::string(to_string(m.type)));
        d.emplace_back(base + "mass_eV", format_value(m.mass));
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j)
                if (m.g_nu(i, j) != complex(0))
                    d.emplace_back(base + "g_nu." + fl[i] + fl[j], format_complex(m.g_nu(i, j)));
        const std::pair<const char*, double> g[] = {
            {"g_u", m.g_u}, {"g_d", m.g_d}, {"g_p", m.g_p}, {"g_n", m.g_n}, {"g_e", m.g_e}};
        for (const auto& [name, v] : g)
            if (v != 0) d.emplace_back(base + name, format_value(v));
        d.emplace_back(
            base + "convention",
            m.type == MediatorType::vector
                ? "eps^f(q) = g_nu g_f / (sqrt2 G_F (q^2 + m^2)) (docs/physics.md)"
                : "eps^{f,S}(q) = -sqrt2 g_nu g_f / (G_F (q^2 + m^2)) (docs/physics.md)");
    }
    return d;
}

}  // namespace cevas
