// TOML configuration reader (io/config.hpp): a valid file, the annotated example, and every kind
// of bad input (unknown key with suggestion, misspelt section, non-hermitian matrix, wrong type).
#include "cevas/io/config.hpp"

#include <gtest/gtest.h>

#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

// Expect a ConfigError whose message contains every fragment.
void expect_config_error(const std::string& toml, std::initializer_list<std::string> fragments) {
    try {
        parse_xsec_config(toml, "test.toml");
        ADD_FAILURE() << "no exception for:\n" << toml;
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        for (const auto& frag : fragments) {
            EXPECT_NE(msg.find(frag), std::string::npos) << "'" << frag << "' not in: " << msg;
        }
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "multi-line message: " << msg;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "wrong exception type: " << e.what();
    }
}

const char* kValid = R"(
[target]
name = "He3"
proton_net = 0.5
[[target.shells]]
label = "1s"
net_spin = 1
z_eff = 1.7

[physics]
sin2_theta_w = 0.2312
nucleon_axial_coupling = 1.25
coupling_scheme = "custom"
gv_proton = [0.03, 0.03, 0.03]
gv_neutron = [-0.51, -0.51, -0.51]
atomic_form_factor = "hubbell"
nuclear_form_factor = "helm"
axial_quark_rule = "valence"
tensor_model = "coherent"

[constants]
fermi_constant_GeV-2 = 1.1664e-5
alpha_inverse = 137.0
electron_mass_eV = 511000

[hadronic]
axial_u = 0.8
mass_u = "2.2MeV"
mass_d = 4.7e6

[mixing]
ordering = "inverted"
theta12_deg = 34.0

[nsi.vector.nucleus]
ee = -0.5
emu = "0.1-0.05i"
etau = [0.05, 0.02]

[nsi.axial.u]
mumu = 0.2

[nsi.tensor.e]
matrix = [[0.1, "0.02+0.01i", 0], ["0.02-0.01i", 0, 0], [0, 0, [0.3, 0]]]

[electromagnetic]
millicharge = 1e-15
magnetic_moment = { ee = 1e-12, emu = "5e-13" }
charge_radius_cm2 = -2e-32

[xsec]
flavor = "mu"
antineutrino = true
enu = "15keV"
recoil = "1meV:100meV:100"
log = true
baseline = "2 m"
format = "json"
output = "out.json"
)";

TEST(Config, ValidFileSetsEveryField) {
    const XsecConfig c = parse_xsec_config(kValid, "valid.toml");
    EXPECT_EQ(c.source, "valid.toml");
    EXPECT_EQ(c.target.name, "He3");
    ASSERT_TRUE(c.target.proton_net);
    EXPECT_EQ(*c.target.proton_net, 0.5);
    EXPECT_FALSE(c.target.neutron_net);
    ASSERT_TRUE(c.target.shells);
    ASSERT_EQ(c.target.shells->size(), 1u);
    EXPECT_EQ((*c.target.shells)[0].z_eff, 1.7);

    const Parameters& p = c.params;
    EXPECT_EQ(p.electroweak.sin2_theta_w, 0.2312);
    EXPECT_EQ(p.electroweak.nucleon_axial_coupling, 1.25);
    EXPECT_EQ(p.electroweak.scheme, CouplingScheme::custom);
    EXPECT_EQ(p.electroweak.custom_gv_proton[2], 0.03);
    EXPECT_EQ(p.electroweak.custom_gv_neutron[0], -0.51);
    EXPECT_EQ(p.atomic_form_factor, AtomicFormFactorModel::hubbell);
    EXPECT_EQ(p.nuclear_form_factor, NuclearFormFactorModel::helm);
    EXPECT_EQ(p.nsi.axial_rule, AxialQuarkRule::valence);
    EXPECT_EQ(p.nsi.tensor_model, TensorModel::coherent);

    EXPECT_REL_NEAR(p.constants.fermi_constant, 1.1664e-5 / (units::GeV * units::GeV), kExact);
    EXPECT_REL_NEAR(p.constants.alpha, 1.0 / 137.0, kExact);
    EXPECT_REL_NEAR(p.constants.electron_mass, 511000 * units::eV, kExact);
    EXPECT_EQ(p.constants.proton_mass, PhysicalConstants{}.proton_mass);  // untouched

    EXPECT_EQ(p.nsi.charges.axial_u, 0.8);
    EXPECT_REL_NEAR(p.nsi.charges.mass_u, 2.2 * units::MeV, kExact);
    EXPECT_REL_NEAR(p.nsi.charges.mass_d, 4.7 * units::MeV, kExact);

    EXPECT_EQ(c.mixing.ordering, MassOrdering::inverted);
    EXPECT_EQ(p.mixing.ordering(), MassOrdering::inverted);
    EXPECT_REL_NEAR(p.mixing.theta12, 34.0 * MixingParameters::kDeg, kExact);
    EXPECT_EQ(p.mixing.theta23, MixingParameters::nufit52(MassOrdering::inverted).theta23);

    EXPECT_EQ(p.nsi.vector.nucleus(0, 0), complex(-0.5));
    EXPECT_EQ(p.nsi.vector.nucleus(0, 1), complex(0.1, -0.05));
    EXPECT_EQ(p.nsi.vector.nucleus(1, 0), complex(0.1, 0.05));
    EXPECT_EQ(p.nsi.vector.nucleus(2, 0), complex(0.05, -0.02));
    EXPECT_EQ(p.nsi.axial.u(1, 1), complex(0.2));
    EXPECT_EQ(p.nsi.tensor.e(0, 1), complex(0.02, 0.01));
    EXPECT_EQ(p.nsi.tensor.e(2, 2), complex(0.3));

    EXPECT_EQ(p.electromagnetic.millicharge, Matrix3c::diagonal(1e-15, 1e-15, 1e-15));
    EXPECT_EQ(p.electromagnetic.magnetic_moment(1, 0), complex(5e-13));
    EXPECT_EQ(p.electromagnetic.magnetic_moment(1, 1), complex(0.0));
    EXPECT_REL_NEAR(p.electromagnetic.charge_radius(2, 2).real(), -2e-32 * units::cm2, kExact);

    EXPECT_EQ(c.xsec.flavor, Flavor::mu);
    EXPECT_EQ(c.xsec.type, NeutrinoType::antineutrino);
    EXPECT_REL_NEAR(*c.xsec.e_nu, 15 * units::keV, kExact);
    EXPECT_EQ(c.xsec.recoil, "1meV:100meV:100");
    EXPECT_EQ(c.xsec.log, true);
    EXPECT_REL_NEAR(*c.xsec.baseline, 2 * units::m, kExact);
    EXPECT_EQ(c.xsec.format, OutputFormat::json);
    EXPECT_EQ(c.xsec.output, "out.json");

    // The target spec builds, with its overrides applied.
    const Target t = build_target(c.target, p.constants);
    EXPECT_EQ(t.z, 2);
    EXPECT_EQ(t.a, 3);
    EXPECT_EQ(t.spin.proton_net, 0.5);
    EXPECT_EQ(t.spin.neutron_net, make_target("He3").spin.neutron_net);
}

TEST(Config, EmptyFileIsTheStandardModel) {
    const XsecConfig c = parse_xsec_config("", "empty.toml");
    EXPECT_TRUE(c.target.name.empty());
    EXPECT_TRUE(c.params.nsi.is_zero());
    EXPECT_TRUE(c.params.electromagnetic.is_zero());
    EXPECT_EQ(c.params.electroweak.sin2_theta_w, ElectroweakParameters{}.sin2_theta_w);
    EXPECT_FALSE(c.params.atomic_form_factor);
    EXPECT_FALSE(c.xsec.e_nu);
    EXPECT_EQ(c.params.mixing.dm31_sq, MixingParameters{}.dm31_sq);
}

TEST(Config, AnnotatedExampleParsesAndBuildsACrossSection) {
    const XsecConfig c =
        read_xsec_config(std::string(CEVAS_SOURCE_DIR) + "/examples/xsec_nsi.toml");
    EXPECT_EQ(c.target.name, "He4");
    EXPECT_FALSE(c.params.nsi.vector.nucleus.is_zero());
    const CrossSection xs(build_target(c.target, c.params.constants), c.params);
    const double ds = xs.dsigma_dT({.flavor = *c.xsec.flavor, .type = *c.xsec.type},
                                   {.e_nu = *c.xsec.e_nu, .t_recoil = 10 * units::meV});
    EXPECT_GT(ds, 0.0);
}

TEST(Config, RecoilAsArrayAndBareNumbers) {
    const XsecConfig c =
        parse_xsec_config("[xsec]\nrecoil = [\"1meV\", 0.005]\nenu = 15000\nbaseline = 3\n");
    EXPECT_EQ(c.xsec.recoil, "1meV,0.005");
    EXPECT_REL_NEAR(*c.xsec.e_nu, 15 * units::keV, kExact);
    EXPECT_REL_NEAR(*c.xsec.baseline, 3 * units::m, kExact);
}

TEST(Config, UnknownKeyIsAnErrorWithSuggestion) {
    expect_config_error("[physics]\nsin2_theta_wx = 0.2\n",
                        {"physics.sin2_theta_wx", "unknown key",
                         "did you mean 'physics.sin2_theta_w'?", "test.toml:2"});
    expect_config_error("[xsec]\nenergy = \"15keV\"\n", {"xsec.energy", "unknown key"});
    expect_config_error("[nsi.vector.nucleus]\nem = 0.1\n",
                        {"nsi.vector.nucleus.em", "did you mean 'nsi.vector.nucleus.ee'?"});
    expect_config_error("[nsi.vectr.nucleus]\nee = 0.1\n",
                        {"nsi.vectr", "did you mean 'nsi.vector'?"});
    expect_config_error("[nsi.vector.nucleous]\nee = 0.1\n",
                        {"nsi.vector.nucleous", "did you mean 'nsi.vector.nucleus'?"});
    expect_config_error(
        "[constants]\nfermi_constant = 1.1e-5\n",
        {"constants.fermi_constant", "did you mean 'constants.fermi_constant_GeV-2'?"});
    expect_config_error("[constants]\nhbar_c = 197\n",
                        {"constants.hbar_c", "cannot be overridden"});
    expect_config_error("[mixing]\ntheta12 = 33\n",
                        {"mixing.theta12", "did you mean 'mixing.theta12_deg'?"});
    expect_config_error(
        "[electromagnetic]\ncharge_radius = 1e-32\n",
        {"electromagnetic.charge_radius", "did you mean 'electromagnetic.charge_radius_cm2'?"});
    expect_config_error("[target]\nname = \"He4\"\n[[target.shells]]\nnet_spn = 1\n",
                        {"target.shells[0].net_spn", "did you mean 'target.shells[0].net_spin'?"});
    expect_config_error("[physics]\nzzzzzzzzzzzzzzz = 1\n",
                        {"physics.zzzzzzzzzzzzzzz", "valid:", "sin2_theta_w"});
}

TEST(Config, MisspeltSectionIsAnErrorWithSuggestion) {
    expect_config_error("[physcs]\nsin2_theta_w = 0.2\n",
                        {"physcs", "unknown section", "did you mean 'physics'?", "test.toml:1"});
    expect_config_error("[electromagnetc]\nmillicharge = 1e-15\n",
                        {"did you mean 'electromagnetic'?"});
    expect_config_error("foo = 1\n", {"foo", "unknown section", "valid:", "xsec"});
    expect_config_error("[source]\nkind = \"tritium\"\n", {"source", "unknown section"});
    expect_config_error("physics = 3\n", {"physics", "expected a table"});
}

TEST(Config, NonHermitianMatrixIsAnErrorNamingTheKey) {
    expect_config_error("[nsi.vector.nucleus]\nmatrix = [[0.1, 0.2, 0], [0.3, 0, 0], [0, 0, 0]]\n",
                        {"nsi.vector.nucleus.matrix", "not hermitian"});
    expect_config_error("[nsi.scalar.p]\nmatrix = [[\"0.1i\", 0, 0], [0, 0, 0], [0, 0, 0]]\n",
                        {"nsi.scalar.p.matrix", "not hermitian"});
    expect_config_error(
        "[electromagnetic]\nmagnetic_moment = [[1e-12, \"1e-13i\", 0], [\"1e-13i\", 0, 0], [0, 0, "
        "0]]\n",
        {"electromagnetic.magnetic_moment", "not hermitian"});
    expect_config_error("[nsi.vector.e]\nee = \"0.1+0.2i\"\n",
                        {"nsi.vector.e.ee", "diagonal entry", "must be real"});
    expect_config_error("[electromagnetic]\nmillicharge = \"1e-15i\"\n",
                        {"electromagnetic.millicharge", "must be real"});
}

TEST(Config, MatrixShapeAndEntryErrors) {
    expect_config_error("[nsi.vector.u]\nmatrix = [[0.1, 0], [0, 0]]\n",
                        {"nsi.vector.u.matrix", "3x3"});
    expect_config_error("[nsi.vector.u]\nmatrix = [[0,0,0],[0,0,0],[0,0,true]]\n",
                        {"nsi.vector.u.matrix[2][2]", "boolean"});
    expect_config_error("[nsi.vector.u]\nmatrix = [[0,0,0],[0,0,0],[0,0,0]]\nee = 0.1\n",
                        {"nsi.vector.u.matrix", "either the full matrix or entries"});
    expect_config_error("[nsi.vector.u]\nemu = 0.1\nmue = 0.1\n",
                        {"nsi.vector.u.mue", "same entry as nsi.vector.u.emu"});
    expect_config_error("[nsi.vector.u]\nemu = [0.1]\n", {"nsi.vector.u.emu", "[re, im]"});
    expect_config_error("[nsi.vector.u]\nemu = \"0.1+\"\n", {"nsi.vector.u.emu"});
    expect_config_error("[nsi.vector]\nee = 0.1\n", {"nsi.vector.ee", "unknown key"});
    expect_config_error("[nsi.vector]\nu = 0.1\n", {"nsi.vector.u", "expected a table"});
}

TEST(Config, WrongTypesNameTheKey) {
    expect_config_error("[physics]\nsin2_theta_w = \"0.2\"\n",
                        {"physics.sin2_theta_w", "expected a number, got a string"});
    expect_config_error("[xsec]\nantineutrino = \"yes\"\n",
                        {"xsec.antineutrino", "expected true or false"});
    expect_config_error("[xsec]\nflavor = 1\n", {"xsec.flavor", "expected a string"});
    expect_config_error("[xsec]\nenu = true\n",
                        {"xsec.enu", "expected a number or a string with a unit"});
    expect_config_error("[xsec]\nrecoil = 5\n", {"xsec.recoil", "expected a string"});
    expect_config_error(
        "[physics]\ncoupling_scheme = \"custom\"\ngv_proton = [1, 2]\ngv_neutron = [1, 2, 3]\n",
        {"physics.gv_proton", "3 numbers"});
    expect_config_error("[target]\nshells = 1\n", {"target.shells", "array of tables"});
}

TEST(Config, BadValuesNameTheKey) {
    expect_config_error("[xsec]\nenu = \"-5keV\"\n",
                        {"xsec.enu", "must be positive", "test.toml:2"});
    expect_config_error("[xsec]\nenu = \"15kev\"\n", {"xsec.enu", "unknown unit 'kev'"});
    expect_config_error("[xsec]\nenu = nan\n", {"xsec.enu", "not a finite number"});
    expect_config_error("[xsec]\nbaseline = \"-1m\"\n", {"xsec.baseline", "must not be negative"});
    expect_config_error("[xsec]\nrecoil = \"5meV:1meV:x\"\n",
                        {"xsec.recoil", "not a whole number"});
    expect_config_error("[xsec]\nlog = true\nrecoil = \"0:1meV:3\"\n",
                        {"xsec.recoil", "must be positive"});
    expect_config_error("[xsec]\nflavor = \"q\"\n", {"xsec.flavor", "unknown flavour"});
    expect_config_error("[xsec]\nformat = \"xml\"\n", {"xsec.format", "unknown output format"});
    expect_config_error("[target]\nname = \"Xx7\"\n", {"target.name", "Xx7"});
    expect_config_error("[physics]\natomic_form_factor = \"gauss7\"\n",
                        {"physics.atomic_form_factor", "gauss7"});
    expect_config_error("[physics]\nsin2_theta_w = 1.5\n", {"physics.sin2_theta_w", "(0, 1)"});
    expect_config_error("[physics]\ngv_proton = [1, 2, 3]\n", {"physics.gv_proton", "custom"});
    expect_config_error("[physics]\ncoupling_scheme = \"custom\"\ngv_proton = [1, 2, 3]\n",
                        {"physics.coupling_scheme", "gv_neutron is missing"});
    expect_config_error("[constants]\nelectron_mass_eV = -1\n",
                        {"constants.electron_mass_eV", "positive"});
    expect_config_error("[hadronic]\nmass_u = \"-2MeV\"\n",
                        {"hadronic.mass_u", "must be positive"});
    expect_config_error("[mixing]\nordering = \"inverted\"\ndm31_sq_eV2 = 2.5e-3\n",
                        {"mixing.dm31_sq_eV2", "contradicts ordering = inverted"});
    expect_config_error("[mixing]\nordering = \"sideways\"\n", {"mixing.ordering", "sideways"});
    expect_config_error("[target]\nname = \"He4\"\n[[target.shells]]\nz_eff = 0\n",
                        {"target.shells[0].z_eff", "must be positive"});
}

TEST(Config, SyntaxErrorsGiveLineAndColumn) {
    expect_config_error("[xsec\nenu = 1\n", {"test.toml", "TOML syntax error at line 1"});
    expect_config_error("[xsec]\nenu = \n", {"line 2"});
    expect_config_error("[xsec]\nenu = 1\nenu = 2\n", {"TOML syntax error"});
}

TEST(Config, MissingFileIsAnError) {
    try {
        read_xsec_config("/nonexistent/dir/c.toml", "--config");
        ADD_FAILURE() << "no exception";
    } catch (const ConfigError& e) {
        EXPECT_NE(
            std::string(e.what()).find("--config = '/nonexistent/dir/c.toml': file does not exist"),
            std::string::npos)
            << e.what();
    }
}

TEST(Config, MixingSpecResolvesAgainstNufit) {
    MixingSpec m;
    EXPECT_EQ(m.resolve().dm31_sq, MixingParameters::nufit52(MassOrdering::normal).dm31_sq);
    m.ordering = MassOrdering::inverted;
    EXPECT_LT(m.resolve().dm31_sq, 0.0);
    m.dm31_sq = 2.5e-3;
    EXPECT_THROW(m.resolve(), ConfigError);
    m.ordering.reset();
    EXPECT_EQ(m.resolve().dm31_sq, 2.5e-3);
}

TEST(Config, PhysicsSectionNames) {
    const auto names = physics_section_names();
    EXPECT_EQ(names.size(), 7u);  // ... electromagnetic, mediator ([[mediator]] tables)
    EXPECT_EQ(names.back(), "mediator");
    EXPECT_EQ(names.front(), "physics");
}

}  // namespace
}  // namespace cevas
