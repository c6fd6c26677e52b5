// targets/target.hpp: the seeds' atoms with mass, spin content and default models.
#include "cevas/targets/target.hpp"

#include <gtest/gtest.h>

#include <string>

#include "cevas/core/error.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

TEST(Target, FeaturedTargets) {
    const auto names = featured_targets();
    ASSERT_EQ(names.size(), 5u);
    for (const auto& n : names) EXPECT_NO_THROW(make_target(n)) << n;
}

TEST(Target, MassIsAme2020TimesU) {
    const PhysicalConstants c;
    for (const char* name : {"H1", "H2", "He3", "He4", "C12", "Xe132"}) {
        const Target t = make_target(name);
        EXPECT_REL_NEAR(t.mass, find_isotope(name).mass_micro_u * 1e-6 * c.atomic_mass_unit,
                        kExact);
    }
    EXPECT_REL_NEAR(make_target("C12").mass / units::MeV, 12 * 931.49410242, kExact);
    // The atomic mass unit is taken from the constants object.
    PhysicalConstants k;
    k.atomic_mass_unit *= 2;
    EXPECT_REL_NEAR(make_target("He4", k).mass, 2 * make_target("He4").mass, kExact);
}

TEST(Target, SpinContentOfTheSeedAtoms) {
    // PHYSICS.md section 4 / docs/physics.md: (Z+ - Z-, N+ - N-; shells).
    const Target h1 = make_target("H1");
    EXPECT_EQ(h1.spin.proton_net, 1.0);
    EXPECT_EQ(h1.spin.neutron_net, 0.0);
    ASSERT_EQ(h1.spin.shells.size(), 1u);
    EXPECT_EQ(h1.spin.shells[0].net_spin, 1.0);
    EXPECT_EQ(h1.spin.shells[0].z_eff, 1.0);
    const Target h2 = make_target("D");
    EXPECT_EQ(h2.spin.proton_net - h2.spin.neutron_net, 0.0);  // seed 003: 2H (0, 1s: 1)
    ASSERT_EQ(h2.spin.shells.size(), 1u);
    EXPECT_EQ(h2.spin.shells[0].net_spin, 1.0);
    const Target he3 = make_target("He3");
    EXPECT_EQ(he3.spin.proton_net - he3.spin.neutron_net, -1.0);  // seed 003: 3He (-1, 0)
    EXPECT_TRUE(he3.spin.shells.empty());
    EXPECT_TRUE(make_target("He4").spin.is_zero());
    EXPECT_TRUE(make_target("C12").spin.is_zero());
    EXPECT_TRUE(make_target("Xe132").spin.is_zero());  // zero unless set
    EXPECT_FALSE(h1.spin.is_zero());
}

TEST(Target, DefaultModels) {
    EXPECT_EQ(make_target("H1").atomic_form_factor, AtomicFormFactorModel::hydrogenic);
    EXPECT_EQ(make_target("H2").atomic_form_factor, AtomicFormFactorModel::hydrogenic);
    EXPECT_EQ(make_target("He3").atomic_form_factor, AtomicFormFactorModel::gauss6);
    EXPECT_EQ(make_target("He4").atomic_form_factor, AtomicFormFactorModel::gauss6);
    EXPECT_EQ(make_target("C12").atomic_form_factor, AtomicFormFactorModel::hubbell);
    EXPECT_EQ(make_target("Xe132").atomic_form_factor, AtomicFormFactorModel::hubbell);
    EXPECT_EQ(make_target("He4").nuclear_form_factor, NuclearFormFactorModel::unity);
    EXPECT_EQ(make_target("C12").nuclear_form_factor, NuclearFormFactorModel::helm);
}

TEST(Target, CanonicalNameAndNumbers) {
    const Target t = make_target("4He");
    EXPECT_EQ(t.name, "He4");
    EXPECT_EQ(t.z, 2);
    EXPECT_EQ(t.n, 2);
    EXPECT_EQ(t.a, 4);
}

TEST(Target, UnknownTargetThrows) {
    try {
        make_target("Unobtainium4");
        ADD_FAILURE();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("Unobtainium4"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("target"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cevas
