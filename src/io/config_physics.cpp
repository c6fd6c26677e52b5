// The physics sections of a configuration: [physics], [constants], [hadronic], [mixing], [nsi],
// [electromagnetic]. Shared by every command that computes cross sections (xsec now, rates next).
#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/mediator_option.hpp"
#include "cevas/io/nsi_option.hpp"
#include "config_detail.hpp"

namespace cevas::config_detail {
namespace {

constexpr const char* kPairKeys[] = {"ee",    "emu",  "etau",  "mue",   "mumu",
                                     "mutau", "taue", "taumu", "tautau"};

std::array<double, 3> flavor_triple(const Section& s, std::string_view key) {
    const toml::node* n = s.node(key);
    const std::string full = s.key_path(key);
    if (!n->is_array() || n->as_array()->size() != 3) {
        s.fail(full, node_text(*n), "expected 3 numbers [e, mu, tau]", n);
    }
    std::array<double, 3> v{};
    for (std::size_t k = 0; k < 3; ++k) {
        const toml::node& x = (*n->as_array())[k];
        if (!x.is_number()) s.fail(full, node_text(*n), "expected 3 numbers [e, mu, tau]", &x);
        v[k] = x.is_integer() ? static_cast<double>(x.as_integer()->get())
                              : x.as_floating_point()->get();
        if (!std::isfinite(v[k])) s.fail(full, node_text(*n), "not a finite number", &x);
    }
    return v;
}

// A flavour matrix given as a table of pair keys {ee = .., emu = ..} or as `matrix = [[..]]`
// (not both). Entries given by pair imply their hermitian partner; giving both emu and mue
// is an error, as on the command line.
Matrix3c pair_table_matrix(const Section& s) {
    std::vector<std::string> allowed(std::begin(kPairKeys), std::end(kPairKeys));
    allowed.emplace_back("matrix");
    s.allow(allowed);
    if (const toml::node* m = s.node("matrix")) {
        if (s.table().size() > 1) {
            s.fail(s.key_path("matrix"), node_text(*m),
                   "give either the full matrix or entries like ee, emu, not both", m);
        }
        return s.matrix_value(*m, s.key_path("matrix"));
    }
    Matrix3c out;
    std::vector<std::pair<std::string, std::string>> seen;  // canonical pair, key given
    for (const char* k : kPairKeys) {
        const toml::node* n = s.node(k);
        if (!n) continue;
        const std::string key = s.key_path(k);
        const auto [i, j] = s.convert(k, [&] { return parse_flavor_pair(k, key); });
        const std::string canon = std::to_string(std::min(i, j)) + std::to_string(std::max(i, j));
        for (const auto& [c, given] : seen) {
            if (c == canon) {
                s.fail(key, node_text(*n),
                       "same entry as " + s.key_path(given) + " (the hermitian partner is implied)",
                       n);
            }
        }
        seen.emplace_back(canon, k);
        const complex v = s.complex_value(*n, key);
        if (i == j && v.imag() != 0) {
            s.fail(key, node_text(*n), "a diagonal entry of a hermitian matrix must be real", n);
        }
        set_hermitian(out, i, j, v, key);
    }
    return out;
}

// An electromagnetic property: a single value (the flavour-diagonal value), a table of pairs,
// or a full matrix.
Matrix3c em_matrix(const Section& s, std::string_view key) {
    const toml::node* n = s.node(key);
    const std::string full = s.key_path(key);
    if (n->is_table()) return pair_table_matrix(*s.subtable(key));
    if (n->is_array()) return s.matrix_value(*n, full);
    const complex v = s.complex_value(*n, full);
    if (v.imag() != 0)
        s.fail(full, node_text(*n), "a single value is the diagonal and must be real", n);
    return Matrix3c::diagonal(v, v, v);
}

}  // namespace

void parse_physics_section(const Section& s, Parameters& p) {
    s.allow({"sin2_theta_w", "nucleon_axial_coupling", "coupling_scheme", "gv_proton", "gv_neutron",
             "atomic_form_factor", "nuclear_form_factor", "axial_quark_rule", "tensor_model"});
    auto& ew = p.electroweak;
    if (auto v = s.number("sin2_theta_w")) {
        if (!(*v > 0 && *v < 1))
            s.fail(s.key_path("sin2_theta_w"), format_value(*v), "must lie in (0, 1)",
                   s.node("sin2_theta_w"));
        ew.sin2_theta_w = *v;
    }
    if (auto v = s.number("nucleon_axial_coupling"))
        ew.nucleon_axial_coupling =
            s.check_range("nucleon_axial_coupling", *v, limits::axial_coupling);
    if (auto v = s.string("coupling_scheme")) {
        ew.scheme = s.convert("coupling_scheme", [&] {
            return parse_coupling_scheme(*v, s.key_path("coupling_scheme"));
        });
    }
    const bool custom = ew.scheme == CouplingScheme::custom;
    for (const char* key : {"gv_proton", "gv_neutron"}) {
        const bool given = s.has(key);
        if (given && !custom) {
            s.fail(s.key_path(key), node_text(*s.node(key)),
                   "needs coupling_scheme = \"custom\" in the same section", s.node(key));
        }
        if (!given && custom) {
            s.fail(s.key_path("coupling_scheme"), "'custom'",
                   std::string("needs both gv_proton and gv_neutron; ") + key + " is missing",
                   s.node("coupling_scheme"));
        }
    }
    if (custom) {
        ew.custom_gv_proton = flavor_triple(s, "gv_proton");
        ew.custom_gv_neutron = flavor_triple(s, "gv_neutron");
    }
    if (auto v = s.string("atomic_form_factor")) {
        p.atomic_form_factor = s.convert("atomic_form_factor", [&] {
            return parse_atomic_form_factor(*v, s.key_path("atomic_form_factor"));
        });
    }
    if (auto v = s.string("nuclear_form_factor")) {
        p.nuclear_form_factor = s.convert("nuclear_form_factor", [&] {
            return parse_nuclear_form_factor(*v, s.key_path("nuclear_form_factor"));
        });
    }
    if (auto v = s.string("axial_quark_rule")) {
        p.nsi.axial_rule = s.convert("axial_quark_rule", [&] {
            return parse_axial_quark_rule(*v, s.key_path("axial_quark_rule"));
        });
    }
    if (auto v = s.string("tensor_model")) {
        p.nsi.tensor_model = s.convert(
            "tensor_model", [&] { return parse_tensor_model(*v, s.key_path("tensor_model")); });
    }
}

void parse_constants_section(const Section& s, PhysicalConstants& c) {
    using namespace units;
    static const PhysicalConstants kReference{};
    // Key = name of `cevas info constants` + its unit; the value is in that unit.
    struct Entry {
        const char* key;
        double* target;
        double scale;      // natural units per unit of the key
        bool inverse;      // value is 1/target (alpha_inverse)
        double reference;  // reference value (docs/limits.md: within a factor 2 of it)
    };
    const PhysicalConstants& r = kReference;
    const Entry entries[] = {
        {"fermi_constant_GeV-2", &c.fermi_constant, 1.0 / (GeV * GeV), false, r.fermi_constant},
        {"alpha_inverse", &c.alpha, 1.0, true, r.alpha},
        {"electron_mass_eV", &c.electron_mass, eV, false, r.electron_mass},
        {"bohr_radius_angstrom", &c.bohr_radius, angstrom, false, r.bohr_radius},
        {"atomic_mass_unit_MeV", &c.atomic_mass_unit, MeV, false, r.atomic_mass_unit},
        {"proton_mass_MeV", &c.proton_mass, MeV, false, r.proton_mass},
        {"neutron_mass_MeV", &c.neutron_mass, MeV, false, r.neutron_mass},
    };
    if (const toml::node* n = s.node("hbar_c")) {
        s.fail(s.key_path("hbar_c"), node_text(*n),
               "hbar c is fixed by the exact SI definitions of the units and cannot be overridden",
               n);
    }
    std::vector<std::string> allowed;
    for (const auto& e : entries) allowed.emplace_back(e.key);
    s.allow(allowed);
    for (const auto& e : entries) {
        if (auto v = s.number(e.key)) {
            if (!(*v > 0))
                s.fail(s.key_path(e.key), format_value(*v), "must be positive", s.node(e.key));
            *e.target = e.inverse ? 1.0 / *v : *v * e.scale;
            const double ratio = *e.target / e.reference;
            if (!(ratio >= limits::constant_factor.lo && ratio <= limits::constant_factor.hi)) {
                s.fail(s.key_path(e.key), format_value(*v),
                       "outside the accepted range: within a factor 2 of the reference value "
                       "(docs/limits.md)",
                       s.node(e.key));
            }
        }
    }
}

void parse_hadronic_section(const Section& s, NucleonCharges& c) {
    s.allow({"axial_u", "axial_d", "scalar_fu_p", "scalar_fd_p", "scalar_fu_n", "scalar_fd_n",
             "mass_u", "mass_d", "tensor_u", "tensor_d"});
    const std::pair<const char*, double*> plain[] = {
        {"axial_u", &c.axial_u},         {"axial_d", &c.axial_d},
        {"scalar_fu_p", &c.scalar_fu_p}, {"scalar_fd_p", &c.scalar_fd_p},
        {"scalar_fu_n", &c.scalar_fu_n}, {"scalar_fd_n", &c.scalar_fd_n},
        {"tensor_u", &c.tensor_u},       {"tensor_d", &c.tensor_d}};
    for (const auto& [k, target] : plain)
        if (auto v = s.number(k)) *target = s.check_range(k, *v, limits::nucleon_charge);
    if (auto v = s.quantity("mass_u", parse_energy, Domain::positive))
        c.mass_u = s.check_range("mass_u", *v, limits::quark_mass);
    if (auto v = s.quantity("mass_d", parse_energy, Domain::positive))
        c.mass_d = s.check_range("mass_d", *v, limits::quark_mass);
}

MixingSpec parse_mixing_section(const Section& s) {
    s.allow({"ordering", "theta12_deg", "theta13_deg", "theta23_deg", "delta_cp_deg", "dm21_sq_eV2",
             "dm31_sq_eV2"});
    MixingSpec m;
    if (auto v = s.string("ordering")) {
        m.ordering =
            s.convert("ordering", [&] { return parse_mass_ordering(*v, s.key_path("ordering")); });
    }
    const auto deg = [&](const char* k) -> std::optional<double> {
        if (auto v = s.number(k)) return *v * MixingParameters::kDeg;
        return std::nullopt;
    };
    m.theta12 = deg("theta12_deg");
    m.theta13 = deg("theta13_deg");
    m.theta23 = deg("theta23_deg");
    m.delta_cp = deg("delta_cp_deg");
    m.dm21_sq = s.number("dm21_sq_eV2");
    m.dm31_sq = s.number("dm31_sq_eV2");
    // Resolve here so that errors point into the file.
    s.convert("dm31_sq_eV2", [&] {
        try {
            return m.resolve();
        } catch (const ConfigError& e) {
            throw InvalidArgument(e.what());
        }
    });
    return m;
}

namespace {
// Every entry of a parsed matrix within its documented range, blamed on `key`'s line.
void check_matrix_range(const Section& s, std::string_view key, const Matrix3c& m, const Range& r) {
    static const char* const names[3] = {"e", "mu", "tau"};
    for (int i = 0; i < 3; ++i)
        for (int j = i; j < 3; ++j) {
            const double a = std::abs(m(i, j));
            if (!in_range(a, r)) {
                s.convert(key, [&] {
                    require_in_range(s.key_path(key) + "." + names[i] + names[j],
                                     m(i, j).real() < 0 ? -a : a, r);
                    return 0;
                });
            }
        }
}
}  // namespace

void parse_nsi_section(const Section& s, NsiParameters& nsi) {
    s.allow({"vector", "axial", "scalar", "tensor"});
    for (const char* structure : {"vector", "axial", "scalar", "tensor"}) {
        const auto st = s.subtable(structure);
        if (!st) continue;
        st->allow({"u", "d", "p", "n", "nucleus", "e"});
        for (const char* level : {"u", "d", "p", "n", "nucleus", "e"}) {
            const auto lv = st->subtable(level);
            if (!lv) continue;
            Matrix3c& m = nsi_matrix(nsi, parse_nsi_structure(structure, "structure"),
                                     parse_nsi_level(level, "level"));
            m = pair_table_matrix(*lv);
            check_matrix_range(*st, level, m, limits::nsi);
        }
    }
}

void parse_electromagnetic_section(const Section& s, ElectromagneticParameters& em) {
    s.allow({"millicharge", "magnetic_moment", "charge_radius_cm2"});
    if (s.has("millicharge")) {
        em.millicharge = em_matrix(s, "millicharge");
        check_matrix_range(s, "millicharge", em.millicharge, limits::millicharge);
    }
    if (s.has("magnetic_moment")) {
        em.magnetic_moment = em_matrix(s, "magnetic_moment");
        check_matrix_range(s, "magnetic_moment", em.magnetic_moment, limits::magnetic_moment);
    }
    if (s.has("charge_radius_cm2")) {
        em.charge_radius = em_matrix(s, "charge_radius_cm2");
        em.charge_radius *= complex(units::cm2);
        check_matrix_range(s, "charge_radius_cm2", em.charge_radius, limits::charge_radius);
    }
}

std::vector<Mediator> parse_mediator_tables(const toml::node& n, const std::string& path,
                                            const std::string& source) {
    if (!n.is_array_of_tables()) {
        const toml::table empty;
        const Section where(empty, "", source);
        where.fail(path, node_text(n), "expected [[" + path + "]] tables", &n);
    }
    std::vector<Mediator> out;
    std::size_t k = 0;
    for (const toml::node& e : *n.as_array()) {
        const Section s(*e.as_table(), path + "[" + std::to_string(k++) + "]", source);
        std::vector<std::string> allowed{"type", "mass"};
        for (std::string_view key : mediator_coupling_keys()) allowed.emplace_back(key);
        s.allow(allowed);
        Mediator m;
        const auto type = s.string("type");
        if (!type) s.fail(s.key_path("type"), "(missing)", "required: \"vector\" or \"scalar\"");
        m.type = s.convert("type", [&] { return parse_mediator_type(*type, s.key_path("type")); });
        const auto mass = s.quantity("mass", parse_energy, Domain::positive);
        if (!mass) s.fail(s.key_path("mass"), "(missing)", "required, e.g. mass = \"10MeV\"");
        m.mass = s.check_range("mass", *mass, limits::mediator_mass);
        for (std::string_view key : mediator_coupling_keys()) {
            if (key == "g_nu" && s.has("g_nu") && !s.node("g_nu")->is_number()) {
                // A flavour matrix: {ee = .., emu = ..} or [[..], [..], [..]].
                const toml::node* g = s.node("g_nu");
                m.g_nu += g->is_table() ? pair_table_matrix(*s.subtable("g_nu"))
                                        : s.matrix_value(*g, s.key_path("g_nu"));
                continue;
            }
            if (auto v = s.number(key)) {
                s.check_range(key, *v, limits::mediator_coupling);
                set_mediator_coupling(m, key, *v);
            }
        }
        s.convert("g_nu", [&] {
            validate(m, s.path());
            return 0;
        });
        out.push_back(m);
    }
    return out;
}

PhysicsConfig parse_physics_sections(const toml::table& root, const std::string& source,
                                     Parameters base) {
    PhysicsConfig out{std::move(base), {}};
    Parameters& p = out.params;
    if (auto s = root_section(root, "constants", source)) parse_constants_section(*s, p.constants);
    if (auto s = root_section(root, "physics", source)) parse_physics_section(*s, p);
    if (auto s = root_section(root, "hadronic", source)) parse_hadronic_section(*s, p.nsi.charges);
    if (auto s = root_section(root, "mixing", source)) out.mixing = parse_mixing_section(*s);
    p.mixing = out.mixing.resolve();
    if (auto s = root_section(root, "nsi", source)) parse_nsi_section(*s, p.nsi);
    if (auto s = root_section(root, "electromagnetic", source)) {
        parse_electromagnetic_section(*s, p.electromagnetic);
    }
    if (const toml::node* n = root.get("mediator"))
        p.mediators = parse_mediator_tables(*n, "mediator", source);
    return out;
}

}  // namespace cevas::config_detail
