#include "cevas/io/nsi_option.hpp"

#include <algorithm>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/io/quantity.hpp"

namespace cevas {
namespace {

constexpr const char* kFlavorName[3] = {"e", "mu", "tau"};

[[noreturn]] void fail(std::string_view field, std::string_view text, const std::string& why) {
    throw InvalidArgument(describe(std::string(field), "'" + std::string(text) + "'", why));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

}  // namespace

std::string_view to_string(NsiStructure s) {
    switch (s) {
        case NsiStructure::vector:
            return "vector";
        case NsiStructure::axial:
            return "axial";
        case NsiStructure::scalar:
            return "scalar";
        case NsiStructure::tensor:
            return "tensor";
    }
    return "?";
}

std::string_view to_string(NsiLevel l) {
    switch (l) {
        case NsiLevel::u:
            return "u";
        case NsiLevel::d:
            return "d";
        case NsiLevel::p:
            return "p";
        case NsiLevel::n:
            return "n";
        case NsiLevel::nucleus:
            return "nucleus";
        case NsiLevel::e:
            return "e";
    }
    return "?";
}

NsiStructure parse_nsi_structure(std::string_view s, std::string_view field) {
    for (auto v :
         {NsiStructure::vector, NsiStructure::axial, NsiStructure::scalar, NsiStructure::tensor})
        if (s == to_string(v)) return v;
    fail(field, s, "unknown NSI structure (vector, axial, scalar, tensor)");
}

NsiLevel parse_nsi_level(std::string_view s, std::string_view field) {
    for (auto v :
         {NsiLevel::u, NsiLevel::d, NsiLevel::p, NsiLevel::n, NsiLevel::nucleus, NsiLevel::e})
        if (s == to_string(v)) return v;
    fail(field, s, "unknown NSI level (u, d, p, n, nucleus, e)");
}

Matrix3c& nsi_matrix(NsiParameters& nsi, NsiStructure s, NsiLevel l) {
    NsiLevels* lv = &nsi.vector;
    switch (s) {
        case NsiStructure::vector:
            lv = &nsi.vector;
            break;
        case NsiStructure::axial:
            lv = &nsi.axial;
            break;
        case NsiStructure::scalar:
            lv = &nsi.scalar;
            break;
        case NsiStructure::tensor:
            lv = &nsi.tensor;
            break;
    }
    switch (l) {
        case NsiLevel::u:
            return lv->u;
        case NsiLevel::d:
            return lv->d;
        case NsiLevel::p:
            return lv->p;
        case NsiLevel::n:
            return lv->n;
        case NsiLevel::nucleus:
            return lv->nucleus;
        case NsiLevel::e:
            return lv->e;
    }
    return lv->nucleus;
}

const Matrix3c& nsi_matrix(const NsiParameters& nsi, NsiStructure s, NsiLevel l) {
    return nsi_matrix(const_cast<NsiParameters&>(nsi), s, l);
}

std::string NsiAssignment::key() const {
    return std::string(to_string(structure)) + "." + std::string(to_string(level)) + "." +
           kFlavorName[row] + kFlavorName[col];
}

NsiAssignment parse_nsi_option(std::string_view text, std::string_view field) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) {
        fail(field, text, "expected LEVEL.AB=VALUE (e.g. nucleus.emu=0.1-0.05i)");
    }
    const std::string_view lhs = text.substr(0, eq);
    const std::string_view rhs = text.substr(eq + 1);
    const auto parts = split(lhs, '.');
    if (parts.size() != 2 && parts.size() != 3) {
        fail(field, text,
             "expected LEVEL.AB=VALUE or STRUCTURE.LEVEL.AB=VALUE (e.g. axial.u.ee=0.1)");
    }
    // Re-throw component errors with the whole option text, so the user sees what was typed.
    const auto wrap = [&](auto&& f) {
        try {
            return f();
        } catch (const InvalidArgument& e) {
            fail(field, text, e.what());
        }
    };
    NsiAssignment a;
    std::size_t k = 0;
    if (parts.size() == 3) {
        a.structure = wrap([&] { return parse_nsi_structure(parts[0], "structure"); });
        k = 1;
    }
    a.level = wrap([&] { return parse_nsi_level(parts[k], "level"); });
    const auto [i, j] = wrap([&] { return parse_flavor_pair(parts[k + 1], "flavour pair"); });
    complex v = wrap([&] { return parse_complex(rhs, "value"); });
    if (i == j && v.imag() != 0) {
        fail(field, text, "a diagonal entry of a hermitian matrix must be real");
    }
    if (!in_range(std::abs(v), limits::nsi)) {
        fail(field, text,
             "outside the accepted range " + describe_range(limits::nsi) + " (docs/limits.md)");
    }
    if (i <= j) {
        a.row = i;
        a.col = j;
        a.value = v;
    } else {
        a.row = j;
        a.col = i;
        a.value = std::conj(v);
    }
    return a;
}

void apply(NsiParameters& nsi, const NsiAssignment& a) {
    set_hermitian(nsi_matrix(nsi, a.structure, a.level), a.row, a.col, a.value, a.key());
}

void apply_nsi_options(NsiParameters& nsi, std::span<const std::string> texts,
                       std::string_view field) {
    std::vector<std::pair<std::string, std::string>> seen;  // canonical key, original text
    std::vector<NsiAssignment> parsed;
    for (const auto& t : texts) {
        NsiAssignment a = parse_nsi_option(t, field);
        const std::string key = a.key();
        const auto it =
            std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == key; });
        if (it != seen.end()) {
            fail(field, t,
                 "sets " + key + " again (already set by '" + it->second +
                     "'; give each entry once)");
        }
        seen.emplace_back(key, t);
        parsed.push_back(a);
    }
    // Apply only after every text parsed, so a failure leaves `nsi` unchanged.
    for (const auto& a : parsed) apply(nsi, a);
}

void apply_electromagnetic_options(ElectromagneticParameters& em, std::string_view millicharge,
                                   std::string_view magnetic_moment,
                                   std::string_view charge_radius) {
    const auto diagonal = [](double v) { return Matrix3c::diagonal(v, v, v); };
    const auto ranged = [](std::string_view text, const char* flag, const Range& r,
                           double (*parse)(std::string_view, std::string_view, Domain)) {
        const double v = parse(text, flag, Domain::any);
        if (!in_range(v, r))
            fail(flag, text,
                 "outside the accepted range " + describe_range(r) + " (docs/limits.md)");
        return v;
    };
    if (!millicharge.empty())
        em.millicharge =
            diagonal(ranged(millicharge, "--millicharge", limits::millicharge, parse_number));
    if (!magnetic_moment.empty())
        em.magnetic_moment = diagonal(
            ranged(magnetic_moment, "--magnetic-moment", limits::magnetic_moment, parse_number));
    if (!charge_radius.empty())
        em.charge_radius =
            diagonal(ranged(charge_radius, "--charge-radius", limits::charge_radius, parse_area));
}

}  // namespace cevas
