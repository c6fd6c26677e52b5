#pragma once
/// @file
/// A scattering target: a neutral atom (nucleus + Z electrons) with its spin content and
/// default form-factor models.

#include <string>
#include <string_view>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/targets/form_factor.hpp"
#include "cevas/targets/isotope.hpp"

namespace cevas {

/// Net spin of one electron shell along the total electron spin, for the axial term:
/// (L+ - L-) of seed 003, with the shell's form factor taken hydrogenic 1s with charge z_eff.
struct ShellSpin {
    std::string label = "1s";  ///< shell name (documentation only; the form factor is 1s-like)
    double net_spin = 0;       ///< L+ - L- (number of electrons up minus down)
    double z_eff = 1;          ///< effective charge of the hydrogenic shell form factor
};

/// Spin content entering C_A (PHYSICS.md section 4):
/// C_A = (g_A^2/4) [(Z+ - Z-) - (N+ - N-)]^2 + (1/4) sum_nl [(L+ - L-) F_nl(q)]^2.
struct SpinContent {
    double proton_net = 0;   ///< Z+ - Z- (protons parallel minus antiparallel to the nuclear spin)
    double neutron_net = 0;  ///< N+ - N-
    std::vector<ShellSpin> shells;  ///< unpaired electron shells
    bool is_zero() const;
};

/// A neutral atom as a target.
struct Target {
    std::string name;                            ///< canonical name, "He4"
    int z = 0;                                   ///< proton number = electrons of the neutral atom
    int n = 0;                                   ///< neutron number
    int a = 0;                                   ///< mass number
    double mass = 0;                             ///< neutral-atom mass M [eV] (AME2020)
    SpinContent spin;                            ///< spin content for the axial term
    AtomicFormFactorModel atomic_form_factor;    ///< default F_e model for this target
    NuclearFormFactorModel nuclear_form_factor;  ///< default F_N model for this target
};

/// Build a target from a name (`He4`, `4He`, `H`, `D`, `C12`, any `<Symbol><A>`).
/// Mass: AME2020 neutral-atom mass times the atomic mass unit of `constants`.
/// Spin content: 1H (1, 0; 1s: 1), 2H (1, 1; 1s: 1), 3He (0, 1), 4He and 12C zero; zero for every
/// other isotope unless set afterwards. Default models: F_e hydrogenic for Z = 1, gauss6 for Z = 2,
/// hubbell otherwise; F_N unity for Z <= 2, Helm otherwise.
/// @throws InvalidArgument for an unknown or malformed name.
Target make_target(std::string_view name, const PhysicalConstants& constants = {});

/// Names of the targets with built-in spin content (the seeds' atoms).
std::vector<std::string> featured_targets();

}  // namespace cevas
