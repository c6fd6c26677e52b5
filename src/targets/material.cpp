#include "cevas/targets/material.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/targets/isotope.hpp"

namespace cevas {

namespace {

constexpr AbundanceRow kAbundances[] = {
#include "abundance_table.inc"
};

constexpr SpinExpectation kSpin[] = {
#include "spin_table.inc"
};

constexpr const char* kNaturalSource =
    "NIST SRD 144 Atomic Weights and Isotopic Compositions (Rosman & Taylor, Pure Appl. Chem. 70 "
    "(1998) 217)";

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

[[noreturn]] void bad(std::string_view field, std::string_view name, const std::string& why) {
    throw InvalidArgument(describe(std::string(field), quoted(name), why));
}

/// Z of an exact (case-sensitive) element symbol, 0 if none.
int symbol_z(std::string_view sym) {
    for (int z = 1; z <= 118; ++z)
        if (element_symbol(z) == sym) return z;
    return 0;
}

/// Z of a symbol ignoring case, 0 if none.
int symbol_z_icase(std::string_view sym) {
    for (int z = 1; z <= 118; ++z) {
        const std::string_view s = element_symbol(z);
        if (s.size() == sym.size() &&
            std::equal(s.begin(), s.end(), sym.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            }))
            return z;
    }
    return 0;
}

/// Recursive-descent parser of a formula: group := (Element | '(' group ')') [count] ...
class FormulaParser {
 public:
    FormulaParser(std::string_view text, std::string_view field) : s_(text), field_(field) {}

    /// Element symbol -> count, in order of first appearance.
    std::vector<std::pair<std::string, double>> parse() {
        std::vector<std::pair<std::string, double>> out;
        group(out, 0);
        if (pos_ != s_.size())
            fail("unexpected '" + std::string(1, s_[pos_]) + "' at position " +
                 std::to_string(pos_ + 1));
        if (out.empty()) fail("empty formula");
        return out;
    }

 private:
    std::string_view s_;
    std::string_view field_;
    std::size_t pos_ = 0;

    [[noreturn]] void fail(const std::string& why) const {
        bad(field_, s_,
            "malformed formula: " + why +
                " (use an isotope He4, an element Ar, or a formula such as CsI, CaWO4, C3F8)");
    }
    static void add(std::vector<std::pair<std::string, double>>& v, const std::string& sym,
                    double n) {
        for (auto& kv : v) {
            if (kv.first == sym) {
                kv.second += n;
                return;
            }
        }
        v.emplace_back(sym, n);
    }
    int count() {
        std::size_t start = pos_;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        if (pos_ == start) return 1;
        if (pos_ - start > 6) fail("count too long");
        const int n = std::stoi(std::string(s_.substr(start, pos_ - start)));
        if (n == 0) fail("count 0");
        return n;
    }
    void group(std::vector<std::pair<std::string, double>>& out, int depth) {
        if (depth > 8) fail("parentheses nested too deeply");
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == '(') {
                ++pos_;
                std::vector<std::pair<std::string, double>> inner;
                group(inner, depth + 1);
                if (pos_ >= s_.size() || s_[pos_] != ')') fail("unclosed '('");
                ++pos_;
                if (inner.empty()) fail("empty parentheses");
                const int n = count();
                for (auto& kv : inner) add(out, kv.first, kv.second * n);
            } else if (c == ')') {
                if (depth == 0) fail("unmatched ')'");
                return;
            } else if (std::isupper(static_cast<unsigned char>(c))) {
                std::string sym(1, c);
                ++pos_;
                if (pos_ < s_.size() && std::islower(static_cast<unsigned char>(s_[pos_]))) {
                    sym += s_[pos_];
                    ++pos_;
                }
                if (symbol_z(sym) == 0)
                    bad(field_, s_, "unknown element symbol '" + sym + "' in the formula");
                add(out, sym, count());
            } else {
                fail("unexpected '" + std::string(1, c) + "' at position " +
                     std::to_string(pos_ + 1));
            }
        }
    }
};

void add_element(Material& m, int z, double count, const PhysicalConstants& constants,
                 std::string_view field, std::string_view name) {
    std::vector<IsotopeFraction> iso;
    try {
        iso = natural_abundances(z, field);
    } catch (const InvalidArgument&) {
        bad(field, name,
            "element " + std::string(element_symbol(z)) +
                " has no stable isotope (no natural composition): name one isotope instead");
    }
    for (const IsotopeFraction& f : iso) {
        const Isotope& i = find_isotope(z, f.a);
        m.components.push_back(
            {make_target(i.name(), constants), count * f.fraction, std::string(element_symbol(z))});
    }
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::span<const AbundanceRow> abundance_table() { return kAbundances; }
std::span<const SpinExpectation> spin_expectation_table() { return kSpin; }

std::vector<IsotopeFraction> natural_abundances(int z, std::string_view field) {
    std::vector<IsotopeFraction> out;
    double sum = 0;
    for (const AbundanceRow& r : kAbundances) {
        if (r.z == z) {
            out.push_back({r.a, r.percent});
            sum += r.percent;
        }
    }
    if (out.empty()) {
        throw InvalidArgument(describe(std::string(field), std::string(element_symbol(z)),
                                       "no natural isotopic composition (no stable isotope)"));
    }
    for (IsotopeFraction& f : out) f.fraction /= sum;
    return out;
}

double Material::unit_mass() const {
    double m = 0;
    for (const MaterialComponent& c : components) m += c.atoms_per_unit * c.target.mass;
    return m;
}

double Material::atoms_per_unit() const {
    double n = 0;
    for (const MaterialComponent& c : components) n += c.atoms_per_unit;
    return n;
}

bool Material::is_single_isotope() const {
    return components.size() == 1 && components.front().atoms_per_unit == 1.0;
}

std::vector<std::pair<std::string, std::string>> Material::describe() const {
    std::vector<std::pair<std::string, std::string>> d;
    d.emplace_back("material", name);
    std::string f;
    for (const auto& [sym, n] : formula) {  // "Ca W O4"; isotopes of a mixture "Ge76:0.86"
        const bool isotope = !sym.empty() && std::isdigit(static_cast<unsigned char>(sym.back()));
        f += sym + (n == 1.0 && !isotope ? "" : (isotope ? ":" : "") + format_value(n)) + " ";
    }
    if (!f.empty()) f.pop_back();
    d.emplace_back("material.formula", f);
    d.emplace_back("material.abundance_source", abundance_source);
    d.emplace_back("material.unit_mass_u",
                   format_value(unit_mass() / PhysicalConstants{}.atomic_mass_unit));
    const double total = atoms_per_unit();
    for (const MaterialComponent& c : components) {
        std::ostringstream s;
        s << "atoms_per_unit=" << format_value(c.atoms_per_unit)
          << ", atom_fraction=" << format_value(c.atoms_per_unit / total)
          << (c.element == c.target.name ? ", as named" : ", natural " + c.element);
        if (c.target.spin.is_zero())
            s << ", spin content 0";
        else
            s << ", J=" << format_value(c.target.spin.nuclear_j)
              << ", S_p=" << format_value(c.target.spin.proton_net / 2)
              << ", S_n=" << format_value(c.target.spin.neutron_net / 2);
        d.emplace_back("material." + c.target.name, s.str());
    }
    return d;
}

Material single_isotope_material(const Target& target) {
    Material m;
    m.name = target.name;
    m.components.push_back({target, 1.0, target.name});
    m.formula.emplace_back(target.name, 1.0);
    m.abundance_source = "single isotope";
    return m;
}

Material make_material(std::string_view name, const PhysicalConstants& constants,
                       std::string_view field) {
    if (name.empty()) bad(field, name, "empty target name");
    // 1. An isotope name (with a digit, or the aliases H, D, T, p): exactly make_target.
    const bool alias = name == "H" || name == "D" || name == "T" || name == "p" || name == "h" ||
                       name == "d" || name == "t";
    if (alias || has_digit(name)) {
        try {
            find_isotope(name, field);  // blames `field`
            return single_isotope_material(make_target(name, constants));
        } catch (const InvalidArgument&) {
            if (alias) throw;
            // Not an isotope. One element with a number (He999, O2) stays an isotope name and
            // its error stands; otherwise a formula (C3F8, H2O), reporting the formula's error.
            bool one_element = false;
            try {
                one_element = FormulaParser(name, field).parse().size() == 1;
            } catch (const InvalidArgument&) {
            }
            if (one_element) throw;
        }
    }
    // 2. A bare element symbol, any case: the natural element.
    Material m;
    m.name = std::string(name);
    m.abundance_source = kNaturalSource;
    if (const int z = symbol_z_icase(name); z != 0) {
        m.formula.emplace_back(std::string(element_symbol(z)), 1.0);
        add_element(m, z, 1.0, constants, field, name);
        return m;
    }
    // 3. A formula.
    m.formula = FormulaParser(name, field).parse();
    for (const auto& [sym, n] : m.formula) add_element(m, symbol_z(sym), n, constants, field, name);
    return m;
}

Material make_mixture(const std::vector<std::pair<std::string, double>>& fractions,
                      const PhysicalConstants& constants, std::string_view field) {
    if (fractions.empty())
        throw InvalidArgument(describe(std::string(field), "{}", "empty mixture"));
    Material m;
    m.name = "mixture";
    m.abundance_source = "user mixture (atom fractions)";
    double sum = 0;
    std::string listing;
    for (const auto& [key, x] : fractions) {
        const std::string k = std::string(field) + "." + key;
        if (!std::isfinite(x) || x < 0)
            throw InvalidArgument(describe(k, format_value(x), "atom fraction must be >= 0"));
        sum += x;
        listing += key + "=" + format_value(x) + " ";
        const Material part = make_material(key, constants, k);
        if (x == 0) continue;
        for (const MaterialComponent& c : part.components) {
            // merge repeated isotopes (Ge76 named twice, or Ge and Ge76)
            auto it = std::find_if(
                m.components.begin(), m.components.end(),
                [&](const MaterialComponent& o) { return o.target.name == c.target.name; });
            if (it != m.components.end())
                it->atoms_per_unit += x * c.atoms_per_unit;
            else
                m.components.push_back({c.target, x * c.atoms_per_unit, c.element});
        }
        m.formula.emplace_back(key, x);
    }
    if (!(std::abs(sum - 1.0) <= 1e-6)) {
        listing.pop_back();
        throw InvalidArgument(
            describe(std::string(field), "{" + listing + "}",
                     "atom fractions sum to " + format_value(sum) + ", must be 1 within 1e-6"));
    }
    return m;
}

}  // namespace cevas
