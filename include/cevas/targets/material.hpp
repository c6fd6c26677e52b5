#pragma once
/// @file
/// Composite targets: natural elements (isotopic abundances), compounds by chemical formula and
/// custom isotope mixtures, as a list of isotopes (each a `Target` with its own mass, form
/// factors and spin content) with the number of atoms of each per formula unit (docs/targets.md).
///
/// A detector of mass m made of a material holds n_units = m / M_unit formula units, with
///   M_unit = sum_i nu_i M_i   (nu_i atoms of isotope i per formula unit, M_i its AME2020
///                              neutral-atom mass: the natural-abundance average molar mass),
/// and n_units nu_i atoms of isotope i; nu_i = (count of the element in the formula) x (isotopic
/// fraction). Every rate is the sum over isotopes: dN/dT = sum_i n_units nu_i dR_i/dT.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/targets/target.hpp"

namespace cevas {

/// One isotope of a material.
struct MaterialComponent {
    Target target;              ///< the isotope as a target (mass, Z, N, spin, default models)
    double atoms_per_unit = 1;  ///< nu_i: atoms of this isotope per formula unit (> 0)
    std::string element;        ///< element symbol it came from ("Cs"), or the isotope name
};

/// A target material: one isotope, a natural element, a compound or a mixture.
struct Material {
    std::string name;  ///< as given: "He4", "Ar", "CsI", "CaWO4", "mixture"
    std::vector<MaterialComponent> components;  ///< isotopes, in formula then mass-number order
    /// (element symbol or isotope name, atoms per formula unit) as written in the formula
    std::vector<std::pair<std::string, double>> formula;
    /// Where the isotopic fractions come from: "single isotope", "NIST SRD 144 ...", "user mixture"
    std::string abundance_source;

    /// M_unit = sum_i nu_i M_i: mass of one formula unit [eV].
    double unit_mass() const;
    /// sum_i nu_i: atoms per formula unit.
    double atoms_per_unit() const;
    /// One isotope with one atom per unit (a plain `Target`: the rates are exactly those of it).
    bool is_single_isotope() const;
    /// Description for output files: name, formula, abundance source, and per isotope
    /// "material.<isotope>" = "atoms_per_unit=..., fraction=..., J=..., S_p=..., S_n=...".
    std::vector<std::pair<std::string, std::string>> describe() const;
};

/// A natural isotopic composition entry: mass number and atom fraction (sums to 1 per element).
struct IsotopeFraction {
    int a;            ///< mass number
    double fraction;  ///< atom fraction in the natural element, normalised to sum 1
};

/// Natural isotopic composition of element Z, normalised so that the fractions sum to 1
/// exactly (the table's percentages sum to 100 within 1e-3). Source: NIST SRD 144, "Atomic
/// Weights and Isotopic Compositions" (K.J.R. Rosman, P.D.P. Taylor, Pure Appl. Chem. 70 (1998)
/// 217), data/abundances/isotopic_compositions.csv.
/// @param field  key named in the error
/// @throws InvalidArgument if Z has no natural composition (no stable or primordial isotope).
std::vector<IsotopeFraction> natural_abundances(int z, std::string_view field = "target");

/// The same table as published: (Z, A, abundance [atom percent]) for all 288 isotopes.
struct AbundanceRow {
    int z;
    int a;
    double percent;  ///< [atom percent], as published
};
std::span<const AbundanceRow> abundance_table();

/// Ground-state nuclear spin expectation values (data/nuclear_spin/spin_expectation_values.csv).
struct SpinExpectation {
    const char* isotope;  ///< "Xe129"
    double j;             ///< nuclear spin J [hbar]
    double s_p;           ///< <S_p>
    double s_n;           ///< <S_n>
    const char* source;   ///< "klos2013" (Klos et al. PRD 88 (2013) 083516), "bednyakov2005"
};
std::span<const SpinExpectation> spin_expectation_table();

/// Build a material from a name:
/// - an isotope name (make_target: `He4`, `4He`, `He-4`, `Xe129`; the aliases `H`, `D`, `T`):
///   a single isotope, exactly the `Target` of make_target;
/// - an element symbol (`Ar`, `Xe`, `Ge`, case-insensitive): the natural element;
/// - a chemical formula of element symbols with integer counts and optional parentheses
///   (`CsI`, `NaI`, `CaWO4`, `C3F8`, `H2O`, `Ca(OH)2`): natural elements, counts multiplied.
/// An isotope reading wins where both fit (`C12` is carbon-12, not twelve carbons).
/// @throws InvalidArgument naming `field` and the name: unknown element, malformed formula,
///         element without natural composition.
Material make_material(std::string_view name, const PhysicalConstants& constants = {},
                       std::string_view field = "target");

/// A custom mixture of isotopes or natural elements by atom fraction ({"Ge76", 0.86}, {"Ge74",
/// 0.14}); one formula unit is one atom. Fractions must be finite, >= 0 and sum to 1 within 1e-6.
/// @param field  config key of the table ("target.mixture"); errors name field.<key> and value
/// @throws InvalidArgument for an unknown key, a negative or non-finite fraction, a sum != 1.
Material make_mixture(const std::vector<std::pair<std::string, double>>& fractions,
                      const PhysicalConstants& constants = {},
                      std::string_view field = "target.mixture");

/// The material made of one target (one atom per unit): what a plain `Target` means.
Material single_isotope_material(const Target& target);

}  // namespace cevas
