// The spin weight of the nuclear axial (and spin-model tensor) response (issue 11, PHYSICS.md
// section 4): the elastic spin sum gives C_A = (4/3)(J+1)/J (sum_N f_N <S_N>)^2. With one
// nucleus-level axial NSI entry eps_ee = 0.5 and the SM nucleon parts cancelling in 2H
// (f_p + f_n = 0: (g_A/2) <S_p> 2 - (g_A/2) <S_n> 2 = 0), the amplitude sum is
// sum_N f_N <S_N> = eps / 2 (the nucleus-level coupling multiplies 2 <S> = 1 unit of spin), so
//   2H  (J = 1):   C_A = (4/3)(2/1)   (0.25)^2 = 1/6,
//   J = 1/2:       C_A = (4/3)(3/2)/(1/2) (0.25)^2 = 1/4 (the seed's [(Z+ - Z-) ...]^2 form).
// Electron shells removed so that only the nucleus contributes; F_N = 1 (unity) for Z <= 2.
#include <gtest/gtest.h>

#include "cevas/targets/target.hpp"
#include "cevas/xsec/cross_section.hpp"

namespace {

using namespace cevas;

double c_a_with_nucleus_axial_eps(Target t, double eps) {
    t.spin.shells.clear();
    Parameters p;
    p.nsi.axial.nucleus(0, 0) = eps;
    const CrossSection xs(t, p);
    return xs.breakdown({Flavor::e, NeutrinoType::neutrino}, {.e_nu = 15e3, .t_recoil = 1e-3}).c_a;
}

TEST(SpinWeight, DeuteronAxialResponseIsTwoThirdsOfTheSpinHalfForm) {
    EXPECT_NEAR(c_a_with_nucleus_axial_eps(make_target("H2"), 0.5), 1.0 / 6.0, 1e-14);
    // The same spin content declared as J = 1/2: weight 1.
    Target half = make_target("H2");
    half.spin.nuclear_j = 0.5;
    EXPECT_NEAR(c_a_with_nucleus_axial_eps(half, 0.5), 0.25, 1e-14);
}

TEST(SpinWeight, WeightForEveryJ) {
    EXPECT_DOUBLE_EQ(spin_weight(0.5), 1.0);
    EXPECT_DOUBLE_EQ(spin_weight(1.0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(spin_weight(1.5), 2.5 / 4.5);
    EXPECT_DOUBLE_EQ(spin_weight(4.5), 5.5 / 13.5);
    // C_A scales with the weight for any J (3He's neutron, SM cancelled by hand: eps only).
    for (double j : {0.5, 1.0, 1.5, 2.5, 3.5}) {
        Target t = make_target("H2");
        t.spin.nuclear_j = j;
        EXPECT_NEAR(c_a_with_nucleus_axial_eps(t, 0.5), 4.0 / 3.0 * (j + 1) / j * 0.0625, 1e-14)
            << "J = " << j;
    }
    EXPECT_THROW(spin_weight(0.0), InvalidArgument);
    Target bad = make_target("H2");
    bad.spin.nuclear_j = 0.0;
    EXPECT_THROW(CrossSection(bad, Parameters{}), InvalidArgument);
}

TEST(SpinWeight, SpinTableOfTheFeaturedTargets) {
    EXPECT_EQ(make_target("H1").spin.nuclear_j, 0.5);
    EXPECT_EQ(make_target("H2").spin.nuclear_j, 1.0);
    EXPECT_EQ(make_target("He3").spin.nuclear_j, 0.5);
}

}  // namespace
