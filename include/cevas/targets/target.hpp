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
    double j = 0.5;            ///< angular momentum J of the shell's electrons (spin weight)
};

/// Spin content entering C_A (PHYSICS.md section 4):
/// C_A = (g_A^2/4) [(Z+ - Z-) - (N+ - N-)]^2 + (1/4) sum_nl [(L+ - L-) F_nl(q)]^2.
struct SpinContent {
    double proton_net = 0;   ///< Z+ - Z- (protons parallel minus antiparallel to the nuclear spin)
    double neutron_net = 0;  ///< N+ - N-
    std::vector<ShellSpin> shells;  ///< unpaired electron shells
    double nuclear_j = 0.5;         ///< nuclear spin J (1 for 2H), for the spin weight
    bool is_zero() const;
};

/// Weight of a spin-dependent (axial, spin-model tensor) response of angular momentum J
/// relative to the (Z+ - Z-)^2 form above (PHYSICS.md section 4): the elastic spin sum gives
/// C_A = (4/3) (J+1)/J (sum_N f_N <S_N>)^2 with (Z+ - Z-) = 2 <S_p>, i.e. a factor
/// w(J) = (J+1)/(3J): 1 for J = 1/2, 2/3 for the deuteron (J = 1).
/// @param j angular momentum J > 0 [hbar] @throws InvalidArgument for J <= 0 or not finite.
double spin_weight(double j);

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
/// Spin content: 1H (1, 0; 1s: 1), 2H (1, 1; 1s: 1), 3He (0, 1), 4He and 12C zero; the tabulated
/// shell-model values for 7Li, 19F, 23Na, 27Al, 29Si, 73Ge, 127I, 129Xe, 131Xe, 133Cs
/// (proton_net = 2 <S_p>, neutron_net = 2 <S_n>, nuclear_j = J; spin_expectation_table(),
/// docs/targets.md; no electron-shell spin); zero for every
/// other isotope unless set afterwards. Default models: F_e hydrogenic for Z = 1, gauss6 for Z = 2,
/// hubbell otherwise; F_N unity for Z <= 2, Helm otherwise.
/// @throws InvalidArgument for an unknown or malformed name.
Target make_target(std::string_view name, const PhysicalConstants& constants = {});

/// Names of the targets with built-in spin content (the seeds' atoms).
std::vector<std::string> featured_targets();

}  // namespace cevas
