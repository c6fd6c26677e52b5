// couplings/electroweak.hpp: tree-level neutral-current couplings (PHYSICS.md section 2).
#include "cevas/couplings/electroweak.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "cevas/core/error.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

TEST(Electroweak, TreeLevelDefaults) {
    const ElectroweakParameters p;
    EXPECT_EQ(p.sin2_theta_w, 0.23857);
    EXPECT_EQ(p.nucleon_axial_coupling, 1.2754);
    EXPECT_EQ(p.scheme, CouplingScheme::tree_level);
    const WeakCouplings w = weak_couplings(p);
    for (int f = 0; f < 3; ++f) {
        EXPECT_REL_NEAR(w.gv_proton[f], 0.5 - 2 * 0.23857, kExact);
        EXPECT_EQ(w.gv_neutron[f], -0.5);
    }
    EXPECT_REL_NEAR(w.gv_electron, -0.5 + 2 * 0.23857, kExact);
    EXPECT_EQ(w.ga_electron, -0.5);
    EXPECT_EQ(w.ga_nucleon, 1.2754);
}

TEST(Electroweak, NeutralAtomIsWeakChargeNeutralInTheNuMuSector) {
    // Protons and electrons carry opposite Z vector charges: g_V^p + g_V^e = 0 for every s_W^2.
    for (double s2 : {0.2, 0.23857, 0.25, 0.3}) {
        ElectroweakParameters p;
        p.sin2_theta_w = s2;
        const WeakCouplings w = weak_couplings(p);
        EXPECT_NEAR(w.gv_proton[0] + w.gv_electron, 0.0, kExact) << s2;
    }
}

TEST(Electroweak, CustomScheme) {
    ElectroweakParameters p;
    p.scheme = CouplingScheme::custom;
    p.custom_gv_proton = {0.0747, 0.0582, 0.0529};
    p.custom_gv_neutron = {-0.5121, -0.5121, -0.5121};
    const WeakCouplings w = weak_couplings(p);
    EXPECT_EQ(w.gv_proton[1], 0.0582);
    EXPECT_EQ(w.gv_neutron[2], -0.5121);
    p.custom_gv_proton[1] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(weak_couplings(p), InvalidArgument);
}

TEST(Electroweak, BadMixingAngleThrows) {
    for (double bad : {0.0, 1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
        ElectroweakParameters p;
        p.sin2_theta_w = bad;
        try {
            weak_couplings(p);
            ADD_FAILURE() << bad;
        } catch (const InvalidArgument& e) {
            EXPECT_NE(std::string(e.what()).find("sin2_theta_w"), std::string::npos) << e.what();
        }
    }
}

TEST(Electroweak, SchemeNames) {
    EXPECT_EQ(parse_coupling_scheme("tree_level"), CouplingScheme::tree_level);
    EXPECT_EQ(parse_coupling_scheme("custom"), CouplingScheme::custom);
    EXPECT_EQ(to_string(CouplingScheme::custom), "custom");
    EXPECT_THROW(parse_coupling_scheme("one_loop"), InvalidArgument);
}

}  // namespace
}  // namespace cevas
