// Quantities with units, recoil grids and the edit-distance helper (io/quantity.hpp).
#include "cevas/io/quantity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

// Expect InvalidArgument whose message contains every fragment.
template <class F>
void expect_invalid(F&& f, std::initializer_list<std::string> fragments) {
    try {
        f();
        ADD_FAILURE() << "no exception";
    } catch (const InvalidArgument& e) {
        const std::string msg = e.what();
        for (const auto& frag : fragments) {
            EXPECT_NE(msg.find(frag), std::string::npos) << "'" << frag << "' not in: " << msg;
        }
    }
}

TEST(Quantity, EnergyUnits) {
    EXPECT_REL_NEAR(parse_energy("15keV", "e"), 15 * units::keV, kExact);
    EXPECT_REL_NEAR(parse_energy("1meV", "e"), 1 * units::meV, kExact);
    EXPECT_REL_NEAR(parse_energy("2.5 MeV", "e"), 2.5 * units::MeV, kExact);
    EXPECT_REL_NEAR(parse_energy("  3GeV ", "e"), 3 * units::GeV, kExact);
    EXPECT_REL_NEAR(parse_energy("7eV", "e"), 7 * units::eV, kExact);
    EXPECT_REL_NEAR(parse_energy("1e-3keV", "e"), 1 * units::eV, kExact);
    EXPECT_REL_NEAR(parse_energy("+.5keV", "e"), 500 * units::eV, kExact);
}

TEST(Quantity, BareNumberTakesTheDefaultUnit) {
    EXPECT_REL_NEAR(parse_energy("15000", "e"), 15 * units::keV, kExact);
    EXPECT_REL_NEAR(parse_length("2", "l"), 2 * units::m, kExact);
    EXPECT_REL_NEAR(parse_area("1e-32", "r2"), 1e-32 * units::cm2, kExact);
    EXPECT_REL_NEAR(parse_time("60", "t"), units::minute, kExact);
    EXPECT_REL_NEAR(parse_mass("1", "m"), units::kg, kExact);
    EXPECT_REL_NEAR(parse_activity("3.7e10", "a"), units::Ci, kExact);
}

TEST(Quantity, OtherDimensions) {
    EXPECT_REL_NEAR(parse_length("10cm", "l"), 10 * units::cm, kExact);
    EXPECT_REL_NEAR(parse_length("1 km", "l"), units::km, kExact);
    EXPECT_REL_NEAR(parse_length("3fm", "l"), 3 * units::fm, kExact);
    EXPECT_REL_NEAR(parse_length("5mm", "l"), 5 * units::mm, kExact);
    EXPECT_REL_NEAR(parse_length("1nm", "l"), 1e-9 * units::m, kExact);
    EXPECT_REL_NEAR(parse_area("1e-32cm2", "r2"), 1e-32 * units::cm2, kExact);
    EXPECT_REL_NEAR(parse_area("1m2", "r2"), units::m2, kExact);
    EXPECT_REL_NEAR(parse_area("2fm2", "r2"), 2 * units::fm * units::fm, kExact);
    EXPECT_REL_NEAR(parse_area("-1e-32cm2", "r2"), -1e-32 * units::cm2, kExact);  // sign allowed
    EXPECT_REL_NEAR(parse_time("2h", "t"), 2 * units::hour, kExact);
    EXPECT_REL_NEAR(parse_time("1d", "t"), units::day, kExact);
    EXPECT_REL_NEAR(parse_time("1y", "t"), units::year, kExact);
    EXPECT_REL_NEAR(parse_time("1yr", "t"), units::year, kExact);
    EXPECT_REL_NEAR(parse_time("5min", "t"), 5 * units::minute, kExact);
    EXPECT_REL_NEAR(parse_mass("250g", "m"), 250 * units::g, kExact);
    EXPECT_REL_NEAR(parse_mass("3mg", "m"), 3e-3 * units::g, kExact);
    EXPECT_REL_NEAR(parse_mass("1t", "m"), units::tonne, kExact);
    EXPECT_REL_NEAR(parse_activity("1MCi", "a"), units::MCi, kExact);
    EXPECT_REL_NEAR(parse_activity("2 kCi", "a"), 2 * units::kCi, kExact);
    EXPECT_REL_NEAR(parse_activity("1GBq", "a"), 1e9 * units::Bq, kExact);
    EXPECT_REL_NEAR(parse_activity("1kBq", "a"), 1e3 * units::Bq, kExact);
    EXPECT_REL_NEAR(parse_activity("1MBq", "a"), 1e6 * units::Bq, kExact);
}

TEST(Quantity, DomainsAreTheCallersChoice) {
    EXPECT_EQ(parse_energy("0", "t", Domain::non_negative), 0.0);
    EXPECT_REL_NEAR(parse_energy("-1eV", "x", Domain::any), -1.0, kExact);
    EXPECT_EQ(parse_length("0m", "l"), 0.0);
}

TEST(Quantity, BadInputNamesFieldValueAndReason) {
    expect_invalid([] { parse_energy("-5keV", "--enu"); },
                   {"--enu", "'-5keV'", "must be positive"});
    expect_invalid([] { parse_energy("0", "--enu"); }, {"--enu", "must be positive"});
    expect_invalid([] { parse_energy("nan", "--enu"); }, {"--enu", "'nan'", "not a finite number"});
    expect_invalid([] { parse_energy("-inf", "--enu"); }, {"not a finite number"});
    expect_invalid([] { parse_energy("NaNkeV", "--enu"); }, {"not a finite number"});
    expect_invalid([] { parse_energy("1e999keV", "--enu"); }, {"out of the range"});
    expect_invalid([] { parse_energy("abc", "--enu"); }, {"--enu", "not a number"});
    expect_invalid([] { parse_energy("", "--enu"); }, {"--enu", "empty"});
    expect_invalid([] { parse_energy("   ", "--enu"); }, {"empty"});
    expect_invalid([] { parse_energy("15kev", "--enu"); },
                   {"unknown unit 'kev'", "meV, eV, keV, MeV, GeV", "case-sensitive"});
    expect_invalid([] { parse_energy("15 furlongs", "--enu"); }, {"unknown unit 'furlongs'"});
    expect_invalid([] { parse_energy("15keV keV", "--enu"); }, {"unknown unit"});
    expect_invalid([] { parse_energy("0x10", "--enu"); }, {"hexadecimal is not accepted"});
    expect_invalid([] { parse_length("1 m/s", "--baseline"); }, {"--baseline", "unknown unit"});
    expect_invalid([] { parse_length("-1m", "--baseline"); },
                   {"--baseline", "must not be negative"});
    expect_invalid([] { parse_mass("-1kg", "mass"); }, {"must not be negative"});
    expect_invalid([] { parse_area("1cm", "--charge-radius"); }, {"unknown unit 'cm'"});
    expect_invalid([] { parse_time("1 week", "t"); }, {"unknown unit"});
    expect_invalid([] { parse_activity("1 curie", "a"); }, {"unknown unit"});
}

TEST(Quantity, PlainNumbersAndCounts) {
    EXPECT_REL_NEAR(parse_number(" 0.25 ", "--sin2w"), 0.25, kExact);
    EXPECT_REL_NEAR(parse_number("-1e-15", "--millicharge"), -1e-15, kExact);
    expect_invalid([] { parse_number("0.2x", "--sin2w"); }, {"--sin2w", "not a number"});
    expect_invalid([] { parse_number("inf", "--ga"); }, {"not a finite number"});
    expect_invalid([] { parse_number("-1", "n", Domain::non_negative); }, {"must not be negative"});
    EXPECT_EQ(parse_count("100", "N"), 100);
    expect_invalid([] { parse_count("1.5", "N"); }, {"not a whole number"});
    expect_invalid([] { parse_count("1e3", "N"); }, {"not a whole number"});
    expect_invalid([] { parse_count("-3", "N"); }, {"must not be negative"});
    expect_invalid([] { parse_count("99999999999", "N"); }, {"too large"});
}

TEST(RecoilGrid, CommaList) {
    const auto g = parse_recoil_grid("1meV,5meV, 7 meV,0.01", "--recoil");
    ASSERT_EQ(g.size(), 4u);
    EXPECT_REL_NEAR(g[0], 1 * units::meV, kExact);
    EXPECT_REL_NEAR(g[1], 5 * units::meV, kExact);
    EXPECT_REL_NEAR(g[2], 7 * units::meV, kExact);
    EXPECT_REL_NEAR(g[3], 0.01 * units::eV, kExact);
    const auto single = parse_recoil_grid("3meV", "--recoil");
    ASSERT_EQ(single.size(), 1u);
    EXPECT_EQ(parse_recoil_grid("0", "--recoil")[0], 0.0);
}

TEST(RecoilGrid, LinearRangeIncludesBothEnds) {
    const auto g = parse_recoil_grid("1meV:100meV:100", "--recoil");
    ASSERT_EQ(g.size(), 100u);
    EXPECT_EQ(g.front(), 1 * units::meV);
    EXPECT_EQ(g.back(), 100 * units::meV);
    for (std::size_t i = 0; i < g.size(); ++i) {
        EXPECT_REL_NEAR(g[i], (1.0 + static_cast<double>(i)) * units::meV, kExact);
    }
    const auto from_zero = parse_recoil_grid("0:10meV:11", "--recoil");
    EXPECT_EQ(from_zero.front(), 0.0);
    EXPECT_REL_NEAR(from_zero[5], 5 * units::meV, kExact);
}

TEST(RecoilGrid, LogarithmicRangeIsGeometric) {
    const auto g = parse_recoil_grid("1meV:1eV:4", "--recoil", GridSpacing::logarithmic);
    ASSERT_EQ(g.size(), 4u);
    EXPECT_EQ(g.front(), 1 * units::meV);
    EXPECT_REL_NEAR(g[1], 10 * units::meV, kExact);
    EXPECT_REL_NEAR(g[2], 100 * units::meV, kExact);
    EXPECT_EQ(g.back(), 1 * units::eV);
}

TEST(RecoilGrid, SinglePointGivesStart) {
    const auto g = parse_recoil_grid("2meV:5meV:1", "--recoil");
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g[0], 2 * units::meV);
    // A comma list ignores the spacing.
    EXPECT_EQ(parse_recoil_grid("2meV", "--recoil", GridSpacing::logarithmic).size(), 1u);
}

TEST(RecoilGrid, MalformedRangesNameTheOption) {
    expect_invalid([] { parse_recoil_grid("5meV:1meV:x", "--recoil"); },
                   {"--recoil", "'5meV:1meV:x'", "N = 'x'", "not a whole number"});
    expect_invalid([] { parse_recoil_grid("5meV:1meV:3", "--recoil"); },
                   {"--recoil", "STOP must be larger than START"});
    expect_invalid([] { parse_recoil_grid("1meV:1meV:3", "--recoil"); }, {"STOP must be larger"});
    expect_invalid([] { parse_recoil_grid("1meV:5meV", "--recoil"); },
                   {"--recoil", "START:STOP:N"});
    expect_invalid([] { parse_recoil_grid("1:2:3:4", "--recoil"); }, {"START:STOP:N"});
    expect_invalid([] { parse_recoil_grid("1meV:5meV:0", "--recoil"); }, {"N must be at least 1"});
    expect_invalid([] { parse_recoil_grid("1meV:5meV:2.5", "--recoil"); }, {"not a whole number"});
    expect_invalid([] { parse_recoil_grid("1meV:5meV:99999999", "--recoil"); },
                   {"must not exceed"});
    expect_invalid([] { parse_recoil_grid("-1meV:5meV:3", "--recoil"); },
                   {"START", "must not be negative"});
    expect_invalid([] { parse_recoil_grid("0:5meV:3", "--recoil", GridSpacing::logarithmic); },
                   {"START", "must be positive"});
    expect_invalid([] { parse_recoil_grid("1meV:nan:3", "--recoil"); }, {"STOP", "not a finite"});
    expect_invalid([] { parse_recoil_grid(":5meV:3", "--recoil"); }, {"START", "empty"});
    expect_invalid([] { parse_recoil_grid("1meV,-5meV", "--recoil"); },
                   {"--recoil", "must not be negative"});
    expect_invalid([] { parse_recoil_grid("1meV,,5meV", "--recoil"); }, {"empty element"});
    expect_invalid([] { parse_recoil_grid("1meV,", "--recoil"); }, {"empty element"});
    expect_invalid([] { parse_recoil_grid("", "--recoil"); }, {"--recoil", "empty recoil grid"});
    expect_invalid([] { parse_recoil_grid("1meV,5Mev", "--recoil"); }, {"unknown unit 'Mev'"});
}

TEST(EditDistance, SuggestsTheClosestName) {
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
    EXPECT_EQ(edit_distance("", "abc"), 3);
    EXPECT_EQ(edit_distance("same", "same"), 0);
    const std::vector<std::string> keys = {"sin2_theta_w", "nucleon_axial_coupling",
                                           "tensor_model"};
    EXPECT_EQ(closest_match("sin2_theta_wx", keys), "sin2_theta_w");
    EXPECT_EQ(closest_match("tensor_modle", keys), "tensor_model");
    EXPECT_EQ(closest_match("completely_different", keys), "");
}

}  // namespace
}  // namespace cevas
