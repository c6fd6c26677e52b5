#include "cevas/couplings/electroweak.hpp"

#include <string>

#include "cevas/core/error.hpp"

namespace cevas {

std::string_view to_string(CouplingScheme s) {
    return s == CouplingScheme::tree_level ? "tree_level" : "custom";
}

CouplingScheme parse_coupling_scheme(std::string_view name, std::string_view field) {
    if (name == "tree_level") return CouplingScheme::tree_level;
    if (name == "custom") return CouplingScheme::custom;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(name) + "'",
                                   "unknown coupling scheme (tree_level, custom)"));
}

WeakCouplings weak_couplings(const ElectroweakParameters& p) {
    require_finite("sin2_theta_w", p.sin2_theta_w);
    if (!(p.sin2_theta_w > 0 && p.sin2_theta_w < 1)) {
        throw InvalidArgument(
            describe("sin2_theta_w", format_value(p.sin2_theta_w), "must lie between 0 and 1"));
    }
    require_finite("nucleon_axial_coupling", p.nucleon_axial_coupling);
    WeakCouplings c{};
    const double s2 = p.sin2_theta_w;
    if (p.scheme == CouplingScheme::tree_level) {
        c.gv_proton = {0.5 - 2 * s2, 0.5 - 2 * s2, 0.5 - 2 * s2};
        c.gv_neutron = {-0.5, -0.5, -0.5};
    } else {
        for (int i = 0; i < 3; ++i) {
            require_finite("custom_gv_proton", p.custom_gv_proton[i]);
            require_finite("custom_gv_neutron", p.custom_gv_neutron[i]);
        }
        c.gv_proton = p.custom_gv_proton;
        c.gv_neutron = p.custom_gv_neutron;
    }
    c.gv_electron = -0.5 + 2 * s2;
    c.ga_electron = -0.5;
    c.ga_nucleon = p.nucleon_axial_coupling;
    return c;
}

}  // namespace cevas
