#include "cevas/targets/isotope.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "cevas/core/error.hpp"

namespace cevas {

namespace {

constexpr Isotope kTable[] = {
#include "isotope_table.inc"
};

constexpr std::array<std::string_view, 119> kSymbols = {
    "n",  "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si",
    "P",  "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu",
    "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru",
    "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr",
    "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",
    "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac",
    "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf",
    "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

[[noreturn]] void bad_name(std::string_view field, std::string_view name, const char* why) {
    throw InvalidArgument(describe(std::string(field), "'" + std::string(name) + "'", why));
}

}  // namespace

std::string Isotope::name() const { return std::string(symbol) + std::to_string(a); }

std::span<const Isotope> isotope_table() { return kTable; }

std::string_view element_symbol(int z) {
    if (z < 1 || z > 118) {
        throw InvalidArgument(
            describe("Z", std::to_string(z), "no element has this proton number"));
    }
    return kSymbols[static_cast<std::size_t>(z)];
}

const Isotope& find_isotope(int z, int a) {
    for (const auto& iso : kTable) {
        if (iso.z == z && iso.a == a) return iso;
    }
    throw InvalidArgument(describe("isotope", "Z=" + std::to_string(z) + " A=" + std::to_string(a),
                                   "not in the AME2020 table"));
}

const Isotope& find_isotope(std::string_view name, std::string_view field) {
    const std::string_view original = name;
    if (iequal(name, "H") || iequal(name, "p")) return find_isotope(1, 1);
    if (iequal(name, "D")) return find_isotope(1, 2);
    if (iequal(name, "T")) return find_isotope(1, 3);
    // Split into letters and digits: "He4", "4He", "He-4".
    std::string letters, digits;
    bool digits_first = !name.empty() && std::isdigit(static_cast<unsigned char>(name.front()));
    for (char c : name) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            if (!digits.empty() && !digits_first)
                bad_name(field, original, "malformed isotope name (use e.g. He4 or 4He)");
            letters += c;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            if (!letters.empty() && digits_first)
                bad_name(field, original, "malformed isotope name (use e.g. He4 or 4He)");
            digits += c;
        } else if (c != '-') {
            bad_name(field, original, "malformed isotope name (use e.g. He4 or 4He)");
        }
    }
    if (letters.empty() || digits.empty() || digits.size() > 3) {
        bad_name(field, original, "malformed isotope name (use e.g. He4, 4He, H, D)");
    }
    int z = -1;
    for (std::size_t k = 1; k < kSymbols.size(); ++k) {
        if (iequal(kSymbols[k], letters)) z = static_cast<int>(k);
    }
    if (z < 0) bad_name(field, original, "unknown element symbol");
    const int a = std::stoi(digits);
    for (const auto& iso : kTable) {
        if (iso.z == z && iso.a == a) return iso;
    }
    bad_name(field, original, "isotope not in the AME2020 table");
}

}  // namespace cevas
