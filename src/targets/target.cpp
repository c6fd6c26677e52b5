#include "cevas/targets/target.hpp"

#include "cevas/core/error.hpp"
#include "cevas/targets/material.hpp"

namespace cevas {

bool SpinContent::is_zero() const {
    if (proton_net != 0 || neutron_net != 0) return false;
    for (const auto& s : shells)
        if (s.net_spin != 0) return false;
    return true;
}

double spin_weight(double j) {
    require_positive("spin J", j);
    return (j + 1.0) / (3.0 * j);
}

Target make_target(std::string_view name, const PhysicalConstants& constants) {
    const Isotope& iso = find_isotope(name, "target");
    Target t;
    t.name = iso.name();
    t.z = iso.z;
    t.n = iso.n;
    t.a = iso.a;
    t.mass = iso.mass_micro_u * 1e-6 * constants.atomic_mass_unit;
    // Spin content of the seed-003 atoms (PHYSICS.md section 4). 1H: the proton carries the
    // nuclear spin; 2H: proton and neutron spins parallel (J = 1); 3He: the unpaired neutron;
    // H atoms have one unpaired 1s electron; He and 12C (3P0, J = 0) have none that contribute.
    if (iso.z == 1 && iso.a == 1) {
        t.spin = {1.0, 0.0, {{"1s", 1.0, 1.0}}};
    } else if (iso.z == 1 && iso.a == 2) {
        t.spin = {1.0, 1.0, {{"1s", 1.0, 1.0}}};
        t.spin.nuclear_j = 1.0;  // the deuteron: S = 1, L = 0 (spin weight 2/3)
    } else if (iso.z == 2 && iso.a == 3) {
        t.spin = {0.0, 1.0, {}};
    } else {
        // Tabulated shell-model <S_p>, <S_n> (data/nuclear_spin): Z+ - Z- = 2 <S_p>,
        // N+ - N- = 2 <S_n>, J the nuclear spin (PHYSICS.md section 4; docs/targets.md).
        for (const SpinExpectation& s : spin_expectation_table()) {
            if (t.name == s.isotope) {
                t.spin.proton_net = 2 * s.s_p;
                t.spin.neutron_net = 2 * s.s_n;
                t.spin.nuclear_j = s.j;
            }
        }
    }
    t.atomic_form_factor = iso.z == 1   ? AtomicFormFactorModel::hydrogenic
                           : iso.z == 2 ? AtomicFormFactorModel::gauss6
                                        : AtomicFormFactorModel::hubbell;
    t.nuclear_form_factor =
        iso.z <= 2 ? NuclearFormFactorModel::unity : NuclearFormFactorModel::helm;
    return t;
}

std::vector<std::string> featured_targets() { return {"H1", "H2", "He3", "He4", "C12"}; }

}  // namespace cevas
