#include "cevas/couplings/new_physics.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/number.hpp"

namespace cevas {

namespace {
constexpr const char* kFlavorNames[3] = {"e", "mu", "tau"};
}

bool NsiLevels::is_zero() const {
    return u.is_zero() && d.is_zero() && p.is_zero() && n.is_zero() && nucleus.is_zero() &&
           e.is_zero();
}

bool NsiParameters::is_zero() const {
    return vector.is_zero() && axial.is_zero() && scalar.is_zero() && tensor.is_zero();
}

bool ElectromagneticParameters::is_zero() const {
    return millicharge.is_zero() && magnetic_moment.is_zero() && charge_radius.is_zero();
}

std::string_view to_string(AxialQuarkRule r) {
    return r == AxialQuarkRule::spin_fractions ? "spin_fractions" : "valence";
}
std::string_view to_string(TensorModel m) { return m == TensorModel::spin ? "spin" : "coherent"; }

AxialQuarkRule parse_axial_quark_rule(std::string_view s, std::string_view field) {
    if (s == "spin_fractions") return AxialQuarkRule::spin_fractions;
    if (s == "valence") return AxialQuarkRule::valence;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown rule (spin_fractions, valence)"));
}

TensorModel parse_tensor_model(std::string_view s, std::string_view field) {
    if (s == "spin") return TensorModel::spin;
    if (s == "coherent") return TensorModel::coherent;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown tensor model (spin, coherent)"));
}

NucleonNsi vector_nucleon_nsi(const NsiLevels& v) {
    return {2.0 * v.u + v.d + v.p, v.u + 2.0 * v.d + v.n};
}

NucleonNsi axial_nucleon_nsi(const NsiLevels& a, AxialQuarkRule rule, const NucleonCharges& c) {
    if (rule == AxialQuarkRule::valence) return vector_nucleon_nsi(a);
    // Neutron by isospin: Delta u^n = Delta d^p, Delta d^n = Delta u^p.
    return {c.axial_u * a.u + c.axial_d * a.d + a.p, c.axial_d * a.u + c.axial_u * a.d + a.n};
}

NucleonNsi scalar_nucleon_nsi(const NsiLevels& s, const NucleonCharges& c,
                              const PhysicalConstants& k) {
    const double mp = k.proton_mass, mn = k.neutron_mass;
    return {(mp / c.mass_u * c.scalar_fu_p) * s.u + (mp / c.mass_d * c.scalar_fd_p) * s.d + s.p,
            (mn / c.mass_u * c.scalar_fu_n) * s.u + (mn / c.mass_d * c.scalar_fd_n) * s.d + s.n};
}

NucleonNsi tensor_nucleon_nsi(const NsiLevels& t, const NucleonCharges& c) {
    return {c.tensor_u * t.u + c.tensor_d * t.d + t.p, c.tensor_d * t.u + c.tensor_u * t.d + t.n};
}

void require_hermitian(const std::string& field, const Matrix3c& m) {
    double scale = 0;
    for (const auto& x : m.a) {
        if (!std::isfinite(x.real()) || !std::isfinite(x.imag())) {
            throw InvalidArgument(
                describe(field, format_complex(x), "matrix entries must be finite"));
        }
        scale = std::max(scale, std::abs(x));
    }
    const double defect = m.hermiticity_defect();
    if (defect > 1e-12 * scale) {
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j)
                if (std::abs(m(i, j) - std::conj(m(j, i))) > 1e-12 * scale) {
                    throw InvalidArgument(describe(
                        field + "." + kFlavorNames[i] + kFlavorNames[j], format_complex(m(i, j)),
                        "matrix is not hermitian: its partner " + std::string(kFlavorNames[j]) +
                            kFlavorNames[i] + " = " + format_complex(m(j, i)) +
                            " should be the complex conjugate"));
                }
    }
}

void validate(const NsiParameters& nsi, const ElectromagneticParameters& em) {
    const std::pair<const char*, const NsiLevels*> structures[] = {{"vector", &nsi.vector},
                                                                   {"axial", &nsi.axial},
                                                                   {"scalar", &nsi.scalar},
                                                                   {"tensor", &nsi.tensor}};
    for (const auto& [name, lv] : structures) {
        const std::string base = std::string("nsi.") + name + ".";
        require_hermitian(base + "u", lv->u);
        require_hermitian(base + "d", lv->d);
        require_hermitian(base + "p", lv->p);
        require_hermitian(base + "n", lv->n);
        require_hermitian(base + "nucleus", lv->nucleus);
        require_hermitian(base + "e", lv->e);
    }
    require_hermitian("millicharge", em.millicharge);
    require_hermitian("magnetic_moment", em.magnetic_moment);
    require_hermitian("charge_radius", em.charge_radius);
    // Documented ranges (docs/limits.md): |entry| within the bound, so nothing overflows.
    const auto bounded = [](const std::string& base, const Matrix3c& m, const Range& r) {
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j)
                if (!in_range(std::abs(m(i, j)), r)) {
                    require_in_range(base + "." + kFlavorNames[i] + kFlavorNames[j],
                                     std::abs(m(i, j)) * (m(i, j).real() < 0 ? -1.0 : 1.0), r);
                }
    };
    for (const auto& [name, lv] : structures) {
        const std::string base = std::string("nsi.") + name + ".";
        bounded(base + "u", lv->u, limits::nsi);
        bounded(base + "d", lv->d, limits::nsi);
        bounded(base + "p", lv->p, limits::nsi);
        bounded(base + "n", lv->n, limits::nsi);
        bounded(base + "nucleus", lv->nucleus, limits::nsi);
        bounded(base + "e", lv->e, limits::nsi);
    }
    bounded("millicharge", em.millicharge, limits::millicharge);
    bounded("magnetic_moment", em.magnetic_moment, limits::magnetic_moment);
    bounded("charge_radius", em.charge_radius, limits::charge_radius);
}

std::string format_complex(complex z) {
    const std::string re = format_value(z.real());
    if (z.imag() == 0) return re;
    std::string im = format_value(std::abs(z.imag()));
    if (z.real() == 0) return (z.imag() < 0 ? "-" : "") + im + "i";
    return re + (z.imag() < 0 ? "-" : "+") + im + "i";
}

complex parse_complex(std::string_view text, std::string_view field) {
    // Numbers by the one grammar of cevas (core/number.hpp); spaces trimmed at both ends.
    const std::string whole(text);
    const auto bad = [&](const std::string& why) {
        throw InvalidArgument(describe(std::string(field), "'" + whole + "'", why));
    };
    const std::string_view s = trim_spaces(text);
    if (s.empty()) bad("empty value (expected a real or complex number like 0.1-0.05i)");
    // Pure imaginary unit: "i", "+i", "-i".
    if (s == "i" || s == "+i") return {0, 1};
    if (s == "-i") return {0, -1};
    const NumberScan first = scan_number(s);
    if (first.length == 0) {
        std::string low;
        for (char c : s.substr(s.front() == '+' || s.front() == '-' ? 1 : 0, 3))
            low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (low == "nan" || low == "inf") bad("not a finite number");
        bad("not a number (expected a real or complex number like 0.1-0.05i)");
    }
    if (!first.error.empty()) bad(first.error);
    std::string_view rest = s.substr(first.length);
    if (rest.empty()) return {first.value, 0};
    if (rest == "i") return {0, first.value};
    if (rest.front() == '+' || rest.front() == '-') {
        if (rest.back() != 'i')
            bad("malformed number (expected a real or complex number like 0.1-0.05i)");
        const std::string_view imag = rest.substr(0, rest.size() - 1);
        if (imag == "+" || imag == "-") return {first.value, imag == "-" ? -1.0 : 1.0};
        const NumberScan second = scan_number(imag);
        if (second.length != imag.size() || imag.size() < 2 ||
            !(imag[1] == '.' || (imag[1] >= '0' && imag[1] <= '9')))
            bad("malformed imaginary part");
        if (!second.error.empty()) bad(second.error);
        return {first.value, second.value};
    }
    throw InvalidArgument(
        describe(std::string(field), "'" + whole + "'",
                 "malformed number (expected a real or complex number like 0.1-0.05i)"));
}

std::pair<int, int> parse_flavor_pair(std::string_view s, std::string_view field) {
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            if (s == std::string(kFlavorNames[i]) + kFlavorNames[j]) return {i, j};
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown flavour pair (ee, emu, etau, mumu, mutau, tautau)"));
}

void set_hermitian(Matrix3c& m, int i, int j, complex v, std::string_view field) {
    if (i == j && v.imag() != 0) {
        throw InvalidArgument(describe(std::string(field), format_complex(v),
                                       "a diagonal entry of a hermitian matrix must be real"));
    }
    m(i, j) = v;
    m(j, i) = std::conj(v);
}

std::vector<std::pair<std::string, std::string>> describe_nonzero(
    const NsiParameters& nsi, const ElectromagneticParameters& em) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&](const std::string& base, const Matrix3c& m) {
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j)
                if (m(i, j) != complex(0.0))
                    out.emplace_back(base + "." + kFlavorNames[i] + kFlavorNames[j],
                                     format_complex(m(i, j)));
    };
    const std::pair<const char*, const NsiLevels*> structures[] = {{"vector", &nsi.vector},
                                                                   {"axial", &nsi.axial},
                                                                   {"scalar", &nsi.scalar},
                                                                   {"tensor", &nsi.tensor}};
    for (const auto& [name, lv] : structures) {
        const std::string base = std::string("nsi.") + name + ".";
        add(base + "u", lv->u);
        add(base + "d", lv->d);
        add(base + "p", lv->p);
        add(base + "n", lv->n);
        add(base + "nucleus", lv->nucleus);
        add(base + "e", lv->e);
    }
    add("millicharge_e", em.millicharge);
    add("magnetic_moment_muB", em.magnetic_moment);
    Matrix3c r_cm2 = em.charge_radius;
    r_cm2 *= complex(1.0 / units::cm2);
    add("charge_radius_cm2", r_cm2);
    return out;
}

}  // namespace cevas
