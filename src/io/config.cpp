// TOML configuration: the Section toolkit and the `cevas xsec` reader. The physics sections
// shared by every command live in config_physics.cpp.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "config_detail.hpp"

namespace cevas {
namespace config_detail {
namespace {

// Shortest text that reads back as the same double ("0.005", "nan").
std::string shortest_text(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
        if (!s.empty()) s += ", ";
        s += x;
    }
    return s;
}

void check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                const std::string& path, const std::string& source, const char* what) {
    for (auto&& [k, v] : table) {
        const std::string key(k.str());
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        const std::string full = path.empty() ? key : path + "." + key;
        const std::string near = closest_match(key, allowed);
        std::string reason = std::string("unknown ") + what;
        if (!near.empty()) {
            reason += " (did you mean '" + (path.empty() ? near : path + "." + near) + "'?)";
        } else {
            reason += " (valid: " + join(allowed) + ")";
        }
        const auto line = v.source().begin.line;
        throw ConfigError(describe(full, node_text(v), reason) + " (" + source +
                          (line ? ":" + std::to_string(line) : std::string()) + ")");
    }
}

}  // namespace

std::string type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::table:
            return "table";
        case toml::node_type::array:
            return "array";
        case toml::node_type::string:
            return "string";
        case toml::node_type::integer:
            return "integer";
        case toml::node_type::floating_point:
            return "float";
        case toml::node_type::boolean:
            return "boolean";
        case toml::node_type::date:
            return "date";
        case toml::node_type::time:
            return "time";
        case toml::node_type::date_time:
            return "date-time";
        default:
            return "nothing";
    }
}

std::string node_text(const toml::node& n) {
    if (n.is_table()) return "(table)";
    if (n.is_floating_point()) return format_value(n.as_floating_point()->get());
    if (n.is_string()) {
        // Control characters (NUL cut error lines short) are shown escaped, as TOML writes them.
        std::string out = "'";
        for (unsigned char c : n.as_string()->get()) {
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
        return out.size() > 200 ? out.substr(0, 197) + "...'" : out + "'";
    }
    std::ostringstream os;
    if (n.is_array()) {
        // Elements one by one, so that floats print in the short form too.
        os << '[';
        bool first = true;
        for (const toml::node& e : *n.as_array()) {
            os << (first ? "" : ", ") << node_text(e);
            first = false;
        }
        os << ']';
        return os.str().size() > 80 ? os.str().substr(0, 77) + "..." : os.str();
    }
    n.visit([&](auto&& x) { os << x; });
    std::string s = os.str();
    for (auto& c : s)
        if (c == '\n') c = ' ';
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

Section::Section(const toml::table& table, std::string path, std::string source)
    : table_(&table), path_(std::move(path)), source_(std::move(source)) {}

void Section::allow(std::initializer_list<std::string_view> keys) const {
    allow(std::vector<std::string>(keys.begin(), keys.end()));
}

void Section::allow(const std::vector<std::string>& keys) const {
    check_keys(*table_, keys, path_, source_, "key");
}

std::string Section::key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string Section::location(const toml::node* n) const {
    const auto line = (n ? n : table_)->source().begin.line;
    return line ? source_ + ":" + std::to_string(line) : source_;
}

void Section::fail(const std::string& key, const std::string& value, const std::string& reason,
                   const toml::node* where) const {
    throw ConfigError(describe(key, value, reason) + " (" + location(where) + ")");
}

double Section::check_range(std::string_view key, double v, const Range& r) const {
    if (!in_range(v, r)) {
        convert(key, [&] {
            require_in_range(key_path(key), v, r);
            return 0;
        });
    }
    return v;
}

void Section::rethrow(const InvalidArgument& e, std::string_view key) const {
    // The message already names the key ("xsec.enu = ...: reason"); add where it is.
    throw ConfigError(std::string(e.what()) + " (" + location(node(key)) + ")");
}

std::optional<double> Section::number(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) {
        fail(key_path(key), node_text(*n), "expected a number, got a " + type_name(*n), n);
    }
    const double v = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                                     : n->as_floating_point()->get();
    if (!std::isfinite(v)) fail(key_path(key), node_text(*n), "not a finite number", n);
    return v;
}

std::optional<std::string> Section::string(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) {
        fail(key_path(key), node_text(*n), "expected a string, got a " + type_name(*n), n);
    }
    return n->as_string()->get();
}

std::optional<bool> Section::boolean(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
        fail(key_path(key), node_text(*n), "expected true or false, got a " + type_name(*n), n);
    }
    return n->as_boolean()->get();
}

std::optional<Section> Section::subtable(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    if (!n->is_table()) {
        fail(key_path(key), node_text(*n),
             "expected a table ([" + key_path(key) + "]), got a " + type_name(*n), n);
    }
    return Section(*n->as_table(), key_path(key), source_);
}

std::optional<double> Section::quantity(std::string_view key,
                                        double (*parse)(std::string_view, std::string_view, Domain),
                                        Domain domain, bool bare_number_ok) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    const std::string full = key_path(key);
    if (n->is_string()) {
        return convert(key, [&] { return parse(n->as_string()->get(), full, domain); });
    }
    if (n->is_number()) {
        if (!bare_number_ok) {
            // Suggest the unit of the quantity's kind.
            const char* unit = parse == parse_activity ? "MCi"
                               : parse == parse_mass   ? "kg"
                               : parse == parse_length ? "m"
                               : parse == parse_time   ? "y"
                               : parse == parse_area   ? "cm2"
                                                       : "keV";
            fail(full, node_text(*n),
                 "missing unit (write it as a string with a unit, e.g. \"" + node_text(*n) + unit +
                     "\")",
                 n);
        }
        // A bare number is in the default unit: reuse the text parser for one set of rules.
        const std::string text =
            shortest_text(n->is_integer() ? static_cast<double>(n->as_integer()->get())
                                          : n->as_floating_point()->get());
        return convert(key, [&] { return parse(text, full, domain); });
    }
    fail(full, node_text(*n), "expected a number or a string with a unit, got a " + type_name(*n),
         n);
}

complex Section::complex_value(const toml::node& n, const std::string& key) const {
    if (n.is_number()) {
        const double v = n.is_integer() ? static_cast<double>(n.as_integer()->get())
                                        : n.as_floating_point()->get();
        if (!std::isfinite(v)) fail(key, node_text(n), "not a finite number", &n);
        return {v, 0.0};
    }
    if (n.is_string()) {
        try {
            return parse_complex(n.as_string()->get(), key);
        } catch (const InvalidArgument& e) {
            throw ConfigError(std::string(e.what()) + " (" + location(&n) + ")");
        }
    }
    if (n.is_array()) {
        const toml::array& a = *n.as_array();
        if (a.size() == 2 && a[0].is_number() && a[1].is_number()) {
            const auto get = [](const toml::node& x) {
                return x.is_integer() ? static_cast<double>(x.as_integer()->get())
                                      : x.as_floating_point()->get();
            };
            const complex z(get(a[0]), get(a[1]));
            if (!std::isfinite(z.real()) || !std::isfinite(z.imag())) {
                fail(key, node_text(n), "not a finite number", &n);
            }
            return z;
        }
        fail(key, node_text(n), "expected [re, im] with two numbers", &n);
    }
    fail(
        key, node_text(n),
        "expected a number, a complex string like \"0.1-0.05i\" or [re, im], got a " + type_name(n),
        &n);
}

Matrix3c Section::matrix_value(const toml::node& n, const std::string& key) const {
    const char* shape =
        "expected a 3x3 matrix [[ee, emu, etau], [mue, mumu, mutau], [taue, taumu, tautau]]";
    if (!n.is_array() || n.as_array()->size() != 3) fail(key, node_text(n), shape, &n);
    Matrix3c m;
    for (int i = 0; i < 3; ++i) {
        const toml::node& row = (*n.as_array())[static_cast<std::size_t>(i)];
        if (!row.is_array() || row.as_array()->size() != 3) fail(key, node_text(n), shape, &row);
        for (int j = 0; j < 3; ++j) {
            m(i, j) = complex_value((*row.as_array())[static_cast<std::size_t>(j)],
                                    key + "[" + std::to_string(i) + "][" + std::to_string(j) + "]");
        }
    }
    try {
        require_hermitian(key, m);
    } catch (const InvalidArgument& e) {
        throw ConfigError(std::string(e.what()) + " (" + location(&n) + ")");
    }
    return m;
}

std::optional<Section> root_section(const toml::table& root, std::string_view name,
                                    const std::string& source) {
    return Section(root, "", source).subtable(name);
}

void check_sections(const toml::table& root, const std::vector<std::string>& allowed,
                    const std::string& source) {
    check_keys(root, allowed, "", source, "section");
}

toml::table parse_toml(std::string_view text, const std::string& source, std::string_view field) {
    check_config_caps(text, source, field);
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw ConfigError(describe(std::string(field), "'" + source + "'",
                                   "TOML syntax error at line " + std::to_string(b.line) +
                                       ", column " + std::to_string(b.column) + ": " +
                                       std::string(e.description())));
    }
}

toml::table read_toml_file(const std::filesystem::path& file, std::string_view field) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        throw ConfigError(
            describe(std::string(field), "'" + file.string() + "'", "is a directory"));
    }
    if (!in) {
        throw ConfigError(
            describe(std::string(field), "'" + file.string() + "'",
                     std::filesystem::exists(file, ec) ? "cannot be read" : "file does not exist"));
    }
    // Read at most one byte more than the cap: an endless file (/dev/zero) stops here.
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxConfigBytes && in.read(chunk, sizeof chunk).gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    if (text.size() > kMaxConfigBytes) {
        throw ConfigError(describe(std::string(field), "'" + file.string() + "'",
                                   "larger than the cap of " + std::to_string(kMaxConfigBytes) +
                                       " bytes for a configuration file (docs/limits.md)"));
    }
    return parse_toml(text, file.string(), field);
}

// --- [target] -----------------------------------------------------------------------------------

TargetSpec parse_target_section(const Section& s, std::vector<std::string> extra_keys) {
    for (const char* k : {"name", "proton_net", "neutron_net", "nuclear_j", "shells"})
        extra_keys.emplace_back(k);
    s.allow(extra_keys);
    TargetSpec t;
    if (auto name = s.string("name")) {
        t.name = *name;
        // An isotope, a natural element or a formula (targets/material.hpp).
        s.convert("name", [&] { return make_material(*name, {}, s.key_path("name")); });
    }
    t.proton_net = s.number("proton_net");
    t.neutron_net = s.number("neutron_net");
    if (t.proton_net) s.check_range("proton_net", *t.proton_net, limits::net_spin);
    if (t.neutron_net) s.check_range("neutron_net", *t.neutron_net, limits::net_spin);
    if (auto j = s.number("nuclear_j"))
        t.nuclear_j = s.check_range("nuclear_j", *j, limits::angular_momentum);
    if (const toml::node* n = s.node("shells")) {
        const std::string key = s.key_path("shells");
        if (!n->is_array()) {
            s.fail(key, node_text(*n), "expected an array of tables ([[target.shells]])", n);
        }
        std::vector<ShellSpin> shells;
        std::size_t k = 0;
        for (const toml::node& e : *n->as_array()) {
            const std::string path = key + "[" + std::to_string(k++) + "]";
            if (!e.is_table())
                s.fail(path, node_text(e), "expected a table {label, net_spin, z_eff}", &e);
            const Section shell(*e.as_table(), path, s.source());
            shell.allow({"label", "net_spin", "z_eff", "j"});
            ShellSpin sp;
            if (auto j = shell.number("j"))
                sp.j = shell.check_range("j", *j, limits::angular_momentum);
            if (auto l = shell.string("label")) sp.label = *l;
            if (auto v = shell.number("net_spin"))
                sp.net_spin = shell.check_range("net_spin", *v, limits::net_spin);
            if (auto z = shell.number("z_eff")) {
                if (!(*z > 0))
                    shell.fail(shell.key_path("z_eff"), format_value(*z), "must be positive");
                sp.z_eff = shell.check_range("z_eff", *z, limits::shell_z_eff);
            }
            shells.push_back(sp);
        }
        if (shells.size() > static_cast<std::size_t>(kMaxShells))
            s.fail(key, std::to_string(shells.size()) + " shells",
                   "at most " + std::to_string(kMaxShells) + " shells are supported", n);
        t.shells = std::move(shells);
    }
    return t;
}

// --- [xsec] -------------------------------------------------------------------------------------

XsecSettings parse_xsec_section(const Section& s) {
    s.allow({"flavor", "antineutrino", "enu", "recoil", "log", "baseline", "format", "output"});
    XsecSettings x;
    if (auto f = s.string("flavor")) {
        x.flavor = s.convert("flavor", [&] { return parse_flavor(*f, s.key_path("flavor")); });
    }
    if (auto a = s.boolean("antineutrino")) {
        x.type = *a ? NeutrinoType::antineutrino : NeutrinoType::neutrino;
    }
    x.e_nu = s.quantity("enu", parse_energy, Domain::positive);
    if (x.e_nu && !in_range(*x.e_nu, limits::neutrino_energy))
        s.convert("enu", [&] {
            require_in_range(s.key_path("enu"), *x.e_nu, limits::neutrino_energy);
            return 0;
        });
    x.log = s.boolean("log");
    if (const toml::node* n = s.node("recoil")) {
        const std::string key = s.key_path("recoil");
        std::string text;
        if (n->is_string()) {
            text = n->as_string()->get();
        } else if (n->is_array()) {
            // An array of energies: strings with units or numbers in eV.
            for (const toml::node& e : *n->as_array()) {
                if (!text.empty()) text += ",";
                if (e.is_string()) {
                    text += e.as_string()->get();
                } else if (e.is_number()) {
                    text +=
                        shortest_text(e.is_integer() ? static_cast<double>(e.as_integer()->get())
                                                     : e.as_floating_point()->get());
                } else {
                    s.fail(key, node_text(*n),
                           "array elements must be energies (\"5meV\" or eV numbers)", &e);
                }
            }
        } else {
            s.fail(
                key, node_text(*n),
                "expected a string (\"1meV:100meV:100\" or \"1meV,5meV\") or an array of energies",
                n);
        }
        const GridSpacing spacing =
            x.log.value_or(false) ? GridSpacing::logarithmic : GridSpacing::linear;
        s.convert("recoil", [&] { return parse_recoil_grid(text, key, spacing); });
        x.recoil = text;
    }
    x.baseline = s.quantity("baseline", parse_length, Domain::non_negative);
    if (x.baseline && !in_range(*x.baseline, limits::baseline))
        s.convert("baseline", [&] {
            require_in_range(s.key_path("baseline"), *x.baseline, limits::baseline);
            return 0;
        });
    if (auto f = s.string("format")) {
        x.format =
            s.convert("format", [&] { return parse_output_format(*f, s.key_path("format")); });
    }
    x.output = s.string("output");
    return x;
}

}  // namespace config_detail

// --- public API ---------------------------------------------------------------------------------

void check_config_caps(std::string_view text, std::string_view source, std::string_view field) {
    const auto fail = [&](int line, const std::string& reason) {
        throw ConfigError(
            describe(std::string(field), "'" + std::string(source) + "'",
                     reason + " (" + std::string(source) + ":" + std::to_string(line) + ")"));
    };
    if (text.size() > kMaxConfigBytes) {
        fail(1, "larger than the cap of " + std::to_string(kMaxConfigBytes) +
                    " bytes for a configuration file (docs/limits.md)");
    }
    // A conservative lexical scan: strings and comments skipped; keys are what stands before
    // '=' at the start of a line or inside an inline table, and table headers.
    enum class Str { none, basic, literal, ml_basic, ml_literal };
    Str str = Str::none;
    std::string stack;   // '[' array, '{' inline table, 'h' table header
    bool in_key = true;  // reading a key (or a header)
    int key_parts = 1;   // components of the current key
    bool comment = false;
    int line = 1;
    const std::size_t n = text.size();
    const auto too_deep_key = [&] {
        if (key_parts > kMaxConfigKeyDepth) {
            fail(line, "a dotted key or table header has more than " +
                           std::to_string(kMaxConfigKeyDepth) + " components (docs/limits.md)");
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (comment) {
            if (c == '\n') {
                comment = false;
            } else {
                continue;
            }
        }
        switch (str) {
            case Str::basic:
                if (c == '\\') {
                    ++i;
                } else if (c == '"' || c == '\n') {
                    str = Str::none;
                }
                continue;
            case Str::literal:
                if (c == '\'' || c == '\n') str = Str::none;
                continue;
            case Str::ml_basic:
                if (c == '\\') {
                    if (i + 1 < n && text[i + 1] == '\n') ++line;
                    ++i;
                } else if (text.substr(i, 3) == "\"\"\"") {
                    str = Str::none;
                    i += 2;
                }
                continue;
            case Str::ml_literal:
                if (text.substr(i, 3) == "'''") {
                    str = Str::none;
                    i += 2;
                }
                continue;
            case Str::none:
                break;
        }
        if (c == '#') {
            comment = true;
            continue;
        }
        if (c == '"') {
            str = text.substr(i, 3) == "\"\"\"" ? Str::ml_basic : Str::basic;
            if (str == Str::ml_basic) i += 2;
            continue;
        }
        if (c == '\'') {
            str = text.substr(i, 3) == "'''" ? Str::ml_literal : Str::literal;
            if (str == Str::ml_literal) i += 2;
            continue;
        }
        const bool top = stack.empty();
        if (c == '\n') {
            if (top || stack.back() == 'h') {
                stack.clear();
                in_key = true;
                key_parts = 1;
            }
            continue;
        }
        if (in_key) {
            if (c == '.') {
                ++key_parts;
                too_deep_key();
            } else if (c == '=') {
                in_key = false;
                key_parts = 1;
            } else if (c == '[' && top) {
                stack += 'h';  // a table header: its dots are key components
            } else if (c == ']' && !top && stack.back() == 'h') {
                stack.pop_back();
                in_key = false;
                key_parts = 1;
            } else if (c == '}' && !top && stack.back() == '{') {
                stack.pop_back();  // empty inline table
                in_key = false;
            }
            continue;
        }
        if (c == '[' || c == '{') {
            stack += c;
            if (static_cast<int>(stack.size()) > kMaxConfigNesting) {
                fail(line, "arrays or inline tables nested more than " +
                               std::to_string(kMaxConfigNesting) + " deep (docs/limits.md)");
            }
            if (c == '{') {
                in_key = true;
                key_parts = 1;
            }
        } else if ((c == ']' || c == '}') && !top) {
            stack.pop_back();
        } else if (c == ',' && !top && stack.back() == '{') {
            in_key = true;
            key_parts = 1;
        }
    }
}

Target build_target(const TargetSpec& spec, const PhysicalConstants& constants,
                    std::string_view field) {
    if (spec.name.empty()) {
        throw InvalidArgument(
            describe(std::string(field), "(not given)", "no target given (e.g. He4)"));
    }
    find_isotope(spec.name, field);  // validates the name, blaming `field`
    Target t = make_target(spec.name, constants);
    if (spec.proton_net) t.spin.proton_net = *spec.proton_net;
    if (spec.neutron_net) t.spin.neutron_net = *spec.neutron_net;
    if (spec.nuclear_j) t.spin.nuclear_j = *spec.nuclear_j;
    if (spec.shells) t.spin.shells = *spec.shells;
    return t;
}

Material build_material(const TargetSpec& spec, const PhysicalConstants& constants,
                        std::string_view field) {
    if (spec.name.empty()) {
        throw InvalidArgument(
            describe(std::string(field), "(not given)", "no target given (e.g. He4, Ar, CsI)"));
    }
    Material m = make_material(spec.name, constants, field);
    if (m.is_single_isotope()) return single_isotope_material(build_target(spec, constants, field));
    if (spec.proton_net || spec.neutron_net || spec.nuclear_j || spec.shells) {
        throw InvalidArgument(describe(std::string(field), "'" + spec.name + "'",
                                       "spin overrides (proton_net, neutron_net, nuclear_j, "
                                       "shells) need a single isotope, not a composite target"));
    }
    return m;
}

MixingParameters MixingSpec::resolve() const {
    MixingParameters m = MixingParameters::nufit52(ordering.value_or(MassOrdering::normal));
    if (theta12) m.theta12 = *theta12;
    if (theta13) m.theta13 = *theta13;
    if (theta23) m.theta23 = *theta23;
    if (delta_cp) m.delta_cp = *delta_cp;
    if (dm21_sq) m.dm21_sq = *dm21_sq;
    if (dm31_sq) {
        if (ordering && (*dm31_sq >= 0) != (*ordering == MassOrdering::normal)) {
            throw ConfigError(
                describe("mixing.dm31_sq_eV2", format_value(*dm31_sq),
                         "sign contradicts ordering = " + std::string(to_string(*ordering)) +
                             " (normal: dm31_sq > 0, inverted: dm31_sq < 0)"));
        }
        m.dm31_sq = *dm31_sq;
    }
    validate(m);
    return m;
}

std::vector<std::string> physics_section_names() {
    return {"physics", "constants", "hadronic", "mixing", "nsi", "electromagnetic", "mediator"};
}

namespace {

XsecConfig xsec_config_from(const toml::table& root, const std::string& source) {
    using namespace config_detail;
    std::vector<std::string> allowed = physics_section_names();
    allowed.emplace_back("target");
    allowed.emplace_back("xsec");
    check_sections(root, allowed, source);

    XsecConfig c;
    c.source = source;
    PhysicsConfig phys = parse_physics_sections(root, source);
    c.params = std::move(phys.params);
    c.mixing = phys.mixing;
    if (auto s = root_section(root, "target", source)) c.target = parse_target_section(*s);
    if (auto s = root_section(root, "xsec", source)) c.xsec = parse_xsec_section(*s);
    return c;
}

}  // namespace

XsecConfig read_xsec_config(const std::filesystem::path& file, std::string_view field) {
    return xsec_config_from(config_detail::read_toml_file(file, field), file.string());
}

XsecConfig parse_xsec_config(std::string_view toml_text, std::string_view source) {
    const std::string src(source);
    return xsec_config_from(config_detail::parse_toml(toml_text, src), src);
}

}  // namespace cevas
