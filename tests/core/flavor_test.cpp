// Flavour and particle-type parsing (core/flavor.hpp).
#include "cevas/core/flavor.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cevas {
namespace {

TEST(Flavor, ParseAndPrintRoundTrip) {
    for (Flavor f : {Flavor::e, Flavor::mu, Flavor::tau}) {
        EXPECT_EQ(parse_flavor(to_string(f)), f);
    }
    EXPECT_EQ(index(Flavor::e), 0);
    EXPECT_EQ(index(Flavor::mu), 1);
    EXPECT_EQ(index(Flavor::tau), 2);
}

TEST(Flavor, UnknownFlavourNamesFieldAndValue) {
    for (const char* bad : {"", "E", "muon", "nu_e", "t", "tau "}) {
        try {
            parse_flavor(bad, "--flavor");
            ADD_FAILURE() << "no throw for '" << bad << "'";
        } catch (const InvalidArgument& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("--flavor"), std::string::npos) << msg;
            EXPECT_NE(msg.find("'" + std::string(bad) + "'"), std::string::npos) << msg;
        }
    }
}

TEST(Flavor, NeutrinoType) {
    EXPECT_EQ(parse_neutrino_type("neutrino"), NeutrinoType::neutrino);
    EXPECT_EQ(parse_neutrino_type("nu"), NeutrinoType::neutrino);
    EXPECT_EQ(parse_neutrino_type("antineutrino"), NeutrinoType::antineutrino);
    EXPECT_EQ(parse_neutrino_type("nubar"), NeutrinoType::antineutrino);
    for (auto t : {NeutrinoType::neutrino, NeutrinoType::antineutrino}) {
        EXPECT_EQ(parse_neutrino_type(to_string(t)), t);
    }
    EXPECT_THROW(parse_neutrino_type("anti"), InvalidArgument);
    EXPECT_THROW(parse_neutrino_type(""), InvalidArgument);
}

}  // namespace
}  // namespace cevas
