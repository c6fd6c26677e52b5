#pragma once
/// @file
/// Isotopes from the AME2020 atomic mass evaluation: Z, N, A and neutral-atom mass.

#include <span>
#include <string>
#include <string_view>

namespace cevas {

/// One nuclide of the AME2020 table.
struct Isotope {
    int z;                            ///< proton number
    int n;                            ///< neutron number
    int a;                            ///< mass number
    const char* symbol;               ///< element symbol ("He")
    double mass_micro_u;              ///< neutral-atom mass [micro-u], AME2020
    double mass_uncertainty_micro_u;  ///< [micro-u]
    bool estimated;                   ///< AME2020 marks the mass as estimated ('#')

    /// "He4" style name.
    std::string name() const;
};

/// All isotopes of the compiled AME2020 table (W.J. Huang et al., Chin. Phys. C 45 (2021) 030002;
/// M. Wang et al., Chin. Phys. C 45 (2021) 030003).
std::span<const Isotope> isotope_table();

/// Find an isotope by name: `He4`, `4He`, `He-4`, `he4`, and the aliases `H` (= H1), `D` (= H2),
/// `T` (= H3). Throws InvalidArgument naming `field` if the name is malformed or not in AME2020.
const Isotope& find_isotope(std::string_view name, std::string_view field = "target");

/// Find an isotope by (Z, A). Throws InvalidArgument if absent.
const Isotope& find_isotope(int z, int a);

/// Element symbol for Z (1..118). Throws InvalidArgument outside.
std::string_view element_symbol(int z);

}  // namespace cevas
