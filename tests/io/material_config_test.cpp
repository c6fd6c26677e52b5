// [target] name = "<element or formula>" and [target] mixture = {...} (issue 13 item 1): the
// material reaches the experiment, the detector mass is the compound's, bad input is one line
// naming the key and value.
#include <gtest/gtest.h>

#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/rate_config.hpp"

namespace cevas {
namespace {

std::string config(const std::string& target) {
    return target +
           "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\n"
           "[geometry]\ntype = \"point\"\ndistance = \"1m\"\n"
           "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
           "[binning]\nmin = \"1meV\"\nmax = \"20meV\"\nbins = 4\n";
}

std::string error_of(const std::string& target) {
    try {
        parse_rate_config(config(target), "test.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(MaterialConfig, CompoundNameSetsTheMaterialAndFormulaUnits) {
    const RateConfig c = parse_rate_config(config("[target]\nname = \"CsI\"\n"), "test.toml");
    const Experiment& ex = c.experiment;
    EXPECT_EQ(ex.material.name, "CsI");
    ASSERT_EQ(ex.material.components.size(), 2u);
    // 1 kg of CsI: n_units = 1 kg / 259.81 u (u = 1.66053906660e-27 kg, CODATA 2018).
    EXPECT_NEAR(ex.n_atoms, 1.0 / (259.8099 * 1.66053906660e-27), 1e-5 * ex.n_atoms);
}

TEST(MaterialConfig, SingleIsotopeNameLeavesTheMaterialEmpty) {
    const RateConfig c = parse_rate_config(config("[target]\nname = \"He4\"\n"), "test.toml");
    EXPECT_TRUE(c.experiment.material.components.empty());
    EXPECT_EQ(c.experiment.target.name, "He4");
    EXPECT_EQ(c.experiment.n_atoms, 1 * units::kg / c.experiment.target.mass);
}

TEST(MaterialConfig, MixtureOfIsotopes) {
    const RateConfig c = parse_rate_config(
        config("[target]\nmixture = { Ge76 = 0.86, Ge74 = 0.14 }\n"), "test.toml");
    const Material& m = c.experiment.material;
    ASSERT_EQ(m.components.size(), 2u);
    EXPECT_EQ(m.name, "mixture");
    EXPECT_NEAR(m.unit_mass() / PhysicalConstants{}.atomic_mass_unit,
                0.86 * 75.9214027 + 0.14 * 73.9211778, 1e-6);  // AME2020 masses [u]
}

TEST(MaterialConfig, BadInputIsOneLineNamingKeyAndValue) {
    const auto has = [](const std::string& msg, const std::string& part) {
        EXPECT_NE(msg.find(part), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    };
    has(error_of("[target]\nname = \"Xx\"\n"), "target.name = 'Xx': unknown element symbol");
    has(error_of("[target]\nname = \"Cs2I3x\"\n"), "target.name = 'Cs2I3x': malformed formula");
    has(error_of("[target]\nmixture = { Ge76 = 0.86, Ge74 = 0.13 }\n"),
        "atom fractions sum to 0.99");
    has(error_of("[target]\nmixture = { Ge76 = 1.1, Ge74 = -0.1 }\n"),
        "target.mixture.Ge74 = -0.1: atom fraction must be >= 0");
    has(error_of("[target]\nmixture = { Ge76 = \"x\" }\n"), "target.mixture.Ge76");
    has(error_of("[target]\nname = \"Ge\"\nmixture = { Ge76 = 1.0 }\n"),
        "give either name or mixture");
    has(error_of("[target]\nname = \"Ar\"\nmedium = \"superfluid_he4\"\n"),
        "target.medium = \"superfluid_he4\": needs pure He4");
    has(error_of("[target]\nname = \"He\"\nmedium = \"superfluid_he4\"\n"),
        "needs pure He4, not the composite target 'He'");
    has(error_of("[target]\nname = \"CsI\"\nproton_net = 1\n"),
        "spin overrides (proton_net, neutron_net, nuclear_j, shells) need a single isotope");
}

}  // namespace
}  // namespace cevas
