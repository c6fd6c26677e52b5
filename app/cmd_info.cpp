// `cevas info`: what the library offers (targets, isotopes, constants, units), as text tables.
#include <fmt/core.h>

#include <memory>
#include <string>

#include "cevas/core/constants.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/targets/isotope.hpp"
#include "cevas/targets/target.hpp"
#include "commands.hpp"

namespace cevas::cli {
namespace {

struct InfoOptions {
    int z = 0;
};

std::string spin_text(const SpinContent& s) {
    std::string t = fmt::format("Z+-Z- = {:g}, N+-N- = {:g}", s.proton_net, s.neutron_net);
    for (const auto& sh : s.shells) {
        t += fmt::format(", {} L+-L- = {:g} (Z_eff {:g})", sh.label, sh.net_spin, sh.z_eff);
    }
    return t;
}

int info_targets() {
    const PhysicalConstants c;
    fmt::print("{:<6} {:>3} {:>3} {:>3} {:>16} {:>19}  {:<11} {:<8}  {}\n", "target", "Z", "N", "A",
               "mass [u]", "mass [eV]", "F_e", "F_N", "spin content (axial term)");
    for (const auto& name : featured_targets()) {
        const Target t = make_target(name, c);
        fmt::print("{:<6} {:>3} {:>3} {:>3} {:>16.9f} {:>19.3f}  {:<11} {:<8}  {}\n", t.name, t.z,
                   t.n, t.a, t.mass / c.atomic_mass_unit, t.mass / units::eV,
                   to_string(t.atomic_form_factor), to_string(t.nuclear_form_factor),
                   spin_text(t.spin));
    }
    fmt::print(
        "\nAny isotope of the AME2020 table works as a target: <Symbol><A> or <A><Symbol> (Xe132, "
        "132Xe, Ar40);\naliases H = H1, D = H2, T = H3. Spin content is zero for isotopes not "
        "listed above (set it in\nthe [target] section of a config). List an element's isotopes "
        "with 'cevas info isotopes --z Z'.\n"
        "Natural elements (Ar, Xe, Ge: NIST/IUPAC abundances) and compounds (CsI, NaI, CaWO4, "
        "C3F8) work too;\nshell-model spin content is built in for 7Li, 19F, 23Na, 27Al, 29Si, "
        "73Ge, 127I, 129Xe, 131Xe, 133Cs\n(docs/targets.md).\n");
    return kExitOk;
}

int info_isotopes(int z) {
    const std::string_view symbol = as_usage([&] {
        if (z < 1 || z > 118) {
            throw InvalidArgument(
                describe("--z", std::to_string(z), "no element has this proton number (1..118)"));
        }
        return element_symbol(z);
    });
    fmt::print("{:<8} {:>3} {:>3} {:>3} {:>20} {:>14}  {}\n", "isotope", "Z", "N", "A",
               "mass [micro-u]", "uncert. [u]", "note");
    int count = 0;
    for (const auto& iso : isotope_table()) {
        if (iso.z != z) continue;
        ++count;
        fmt::print("{:<8} {:>3} {:>3} {:>3} {:>20.6f} {:>14.3g}  {}\n", iso.name(), iso.z, iso.n,
                   iso.a, iso.mass_micro_u, iso.mass_uncertainty_micro_u * 1e-6,
                   iso.estimated ? "estimated (AME2020 '#')" : "");
    }
    fmt::print(
        "\n{} isotopes of {} (Z = {}) in AME2020 (W.J. Huang et al., Chin. Phys. C 45 (2021) "
        "030002).\n",
        count, symbol, z);
    return kExitOk;
}

int info_constants() {
    const PhysicalConstants c;
    fmt::print("{:<18} {:>22} {:<10} {}\n", "name", "value", "unit", "source");
    for (const auto& e : list_constants(c)) {
        fmt::print("{:<18} {:>22.15g} {:<10} {}\n", e.name, e.value, e.unit, e.source);
    }
    fmt::print("{:<18} {:>22.15g} {:<10} {}\n", "bohr_magneton", c.bohr_magneton() * units::eV,
               "eV^-1", "e/(2 m_e), e = sqrt(4 pi alpha)");
    fmt::print(
        "\nOverride in a config file: [constants] with the name and unit as key, e.g.\n"
        "fermi_constant_GeV-2, alpha_inverse, electron_mass_eV, bohr_radius_angstrom,\n"
        "atomic_mass_unit_MeV, proton_mass_MeV, neutron_mass_MeV (hbar_c is exact, not "
        "settable).\n");
    return kExitOk;
}

void print_units(const char* what, std::span<const UnitSpec> u, const char* bare) {
    std::string names;
    for (const auto& x : u) names += (names.empty() ? "" : ", ") + std::string(x.name);
    fmt::print("{:<10} {:<36} bare number: {}\n", what, names, bare);
}

int info_units() {
    print_units("energy", energy_units(), "eV");
    print_units("length", length_units(), "m");
    print_units("area", area_units(), "cm2");
    print_units("time", time_units(), "s");
    print_units("mass", mass_units(), "kg");
    print_units("activity", activity_units(), "Bq");
    fmt::print(
        "\nUnits are case-sensitive (meV is not MeV); spaces between number and unit are "
        "allowed.\n");
    return kExitOk;
}

}  // namespace

Runner add_info_command(CLI::App& app, const Context&) {
    auto o = std::make_shared<InfoOptions>();
    auto which = std::make_shared<std::string>();
    CLI::App* c =
        app.add_subcommand("info", "List what is available: targets, isotopes, constants, units");
    c->require_subcommand(1);
    c->add_subcommand("targets",
                      "Featured targets with Z, N, A, mass, default form factors, spin content")
        ->callback([which] { *which = "targets"; });
    CLI::App* iso = c->add_subcommand("isotopes", "Isotopes of one element in the AME2020 table");
    iso->add_option("--z", o->z, "Proton number Z (1..118)")->required();
    iso->callback([which] { *which = "isotopes"; });
    c->add_subcommand("constants", "Physical constants with units and sources")->callback([which] {
        *which = "constants";
    });
    c->add_subcommand("units", "Unit suffixes accepted by quantity options")->callback([which] {
        *which = "units";
    });
    return [o, which] {
        if (*which == "targets") return info_targets();
        if (*which == "isotopes") return info_isotopes(o->z);
        if (*which == "constants") return info_constants();
        return info_units();
    };
}

}  // namespace cevas::cli
