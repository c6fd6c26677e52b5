// End-to-end tests of `cevas info` and of the top-level command line.
#include <gtest/gtest.h>

#include <string>

#include "cevas/core/constants.hpp"
#include "cevas/targets/target.hpp"
#include "cli/cli_support.hpp"

namespace cevas {
namespace {

using test::run_cli;
using test::TempDir;

TEST(InfoCli, TargetsListsTheFeaturedAtoms) {
    TempDir d;
    const auto r = run_cli({"info", "targets"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& name : featured_targets())
        EXPECT_NE(r.out.find(name), std::string::npos) << name;
    EXPECT_NE(r.out.find("gauss6"), std::string::npos);
    EXPECT_NE(r.out.find("AME2020"), std::string::npos);
    EXPECT_NE(r.out.find("<Symbol><A>"), std::string::npos);
}

TEST(InfoCli, ConstantsListsEveryConstant) {
    TempDir d;
    const auto r = run_cli({"info", "constants"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& c : list_constants(PhysicalConstants{})) {
        EXPECT_NE(r.out.find(c.name), std::string::npos) << c.name;
        EXPECT_NE(r.out.find(c.source), std::string::npos) << c.source;
    }
}

TEST(InfoCli, IsotopesOfOneElement) {
    TempDir d;
    const auto r = run_cli({"info", "isotopes", "--z", "2"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("He3"), std::string::npos);
    EXPECT_NE(r.out.find("He4"), std::string::npos);
    EXPECT_EQ(r.out.find("Li7"), std::string::npos);
    for (const char* z : {"0", "999", "x"}) {
        const auto bad = run_cli({"info", "isotopes", "--z", z}, d.path);
        EXPECT_EQ(bad.exit_code, 2) << z;
        EXPECT_EQ(bad.err.rfind("cevas: error: ", 0), 0u) << bad.err;
        EXPECT_NE(bad.err.find("--z"), std::string::npos) << bad.err;
    }
}

TEST(InfoCli, UnitsAndUsageErrors) {
    TempDir d;
    const auto u = run_cli({"info", "units"}, d.path);
    ASSERT_EQ(u.exit_code, 0);
    EXPECT_NE(u.out.find("keV"), std::string::npos);
    EXPECT_NE(u.out.find("cm2"), std::string::npos);
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {}, {"info"}, {"info", "everything"}, {"frobnicate"}}) {
        const auto r = run_cli(args, d.path);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.err.rfind("cevas: error: ", 0), 0u) << r.err;
    }
}

}  // namespace
}  // namespace cevas
