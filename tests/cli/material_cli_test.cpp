// End-to-end: natural elements and compounds in `cevas xsec`, `cevas rate` and `cevas run`
// (issue 13 item 1). A natural element's average is the abundance-weighted sum of its isotopes'
// own runs; a compound's rate is the sum of its atoms' rates at their share of the mass; bad
// input is one line naming the option and value, exit code 2, nothing written.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/targets/target.hpp"
#include "cli/cli_support.hpp"

namespace cevas {
namespace {

using test::Csv;
using test::parse_csv;
using test::run_cli;
using test::TempDir;

constexpr double kPrinted = 1e-12;  // full-precision CSV numbers, sums in another order

std::vector<std::string> xsec(const std::string& target) {
    return {"xsec", target, "--flavor", "e", "--enu", "10MeV", "--recoil", "100eV:4keV:9"};
}

TEST(MaterialCli, XsecOfXenonIsTheAbundanceWeightedIsotopeAverage) {
    TempDir d;
    auto args = xsec("Xe");
    args.insert(args.begin() + 1, "--target");
    const auto r = run_cli(args, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(r.out);
    ASSERT_TRUE(c.ok);
    EXPECT_EQ(c.meta.at("target"), "Xe");
    EXPECT_NE(c.meta.at("target.material.abundance_source").find("NIST"), std::string::npos);
    // NIST SRD 144 (Rosman & Taylor 1998) atom percent of natural xenon; sum 100.
    const std::vector<std::pair<std::string, double>> pct = {
        {"Xe124", 0.09},  {"Xe126", 0.09},  {"Xe128", 1.92},  {"Xe129", 26.44}, {"Xe130", 4.08},
        {"Xe131", 21.18}, {"Xe132", 26.89}, {"Xe134", 10.44}, {"Xe136", 8.87}};
    std::vector<double> sum(c.rows.size(), 0.0);
    for (const auto& [iso, p] : pct) {
        // Each isotope column equals that isotope's own run.
        auto a = xsec(iso);
        a.insert(a.begin() + 1, "--target");
        const auto ri = run_cli(a, d.path);
        ASSERT_EQ(ri.exit_code, 0) << ri.err;
        const std::vector<double> own = parse_csv(ri.out).column("dsigma_dT_cm2_per_eV");
        const std::vector<double> col = c.column("dsigma_dT_" + iso + "_cm2_per_eV");
        ASSERT_EQ(own.size(), col.size());
        for (std::size_t k = 0; k < own.size(); ++k) {
            EXPECT_EQ(col[k], own[k]) << iso;
            sum[k] += p / 100.0 * own[k];
        }
    }
    const std::vector<double> avg = c.column("dsigma_dT_cm2_per_eV");
    for (std::size_t k = 0; k < avg.size(); ++k) {
        EXPECT_GT(avg[0], 0);
        EXPECT_NEAR(avg[k], sum[k], kPrinted * avg[0]) << k;
    }
}

TEST(MaterialCli, RateOfCsIIsTheSumOfItsAtomsAtTheirMassShare) {
    TempDir d;
    const std::vector<std::string> base = {"--source",   "tritium", "--activity", "1MCi",
                                           "--distance", "1m",      "--recoil",   "1meV:5meV:5"};
    auto args = std::vector<std::string>{"rate", "--target", "CsI", "--target-mass", "1kg"};
    args.insert(args.end(), base.begin(), base.end());
    const auto r = run_cli(args, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(r.out);
    EXPECT_EQ(c.meta.at("target"), "CsI");
    EXPECT_NE(c.meta.at("target.material.Cs133").find("atoms_per_unit=1"), std::string::npos);
    // 1 kg of CsI holds as many Cs133 atoms as (M_Cs / (M_Cs + M_I)) kg of pure Cs133.
    const double mcs = make_target("Cs133").mass, mi = make_target("I127").mass;
    std::vector<double> sum(c.rows.size(), 0.0);
    for (const auto& [iso, share] : std::vector<std::pair<std::string, double>>{
             {"Cs133", mcs / (mcs + mi)}, {"I127", mi / (mcs + mi)}}) {
        char mass[64];
        std::snprintf(mass, sizeof mass, "%.17gkg", share);
        auto a = std::vector<std::string>{"rate", "--target", iso, "--target-mass", mass};
        a.insert(a.end(), base.begin(), base.end());
        const auto ri = run_cli(a, d.path);
        ASSERT_EQ(ri.exit_code, 0) << ri.err;
        const auto v = parse_csv(ri.out).column("dN_dT_sm_per_eV_per_s");
        for (std::size_t k = 0; k < v.size(); ++k) sum[k] += v[k];
    }
    const auto got = c.column("dN_dT_sm_per_eV_per_s");
    for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_GT(got[k], 0);
        EXPECT_NEAR(got[k], sum[k], 1e-10 * got[k]) << k;  // mass string rounding: 1e-16
    }
}

TEST(MaterialCli, BadTargetsFailWithOneLineAndWriteNothing) {
    TempDir d;
    const auto one_line = [](const std::string& err) {
        return !err.empty() && err.find('\n') == err.size() - 1;
    };
    struct Case {
        std::vector<std::string> args;
        std::string expect;
    };
    const std::vector<std::string> rate = {"--target-mass", "1kg",         "--source",   "tritium",
                                           "--activity",    "1MCi",        "--distance", "1m",
                                           "--recoil",      "1meV:5meV:5", "--output",   "out.csv"};
    std::vector<Case> cases;
    for (const auto& [t, msg] : std::vector<std::pair<std::string, std::string>>{
             {"Xx", "--target = 'Xx': unknown element symbol 'Xx'"},
             {"Cs2I3x", "--target = 'Cs2I3x': malformed formula"},
             {"Tc", "no stable isotope"}}) {
        std::vector<std::string> a = {"rate", "--target", t};
        a.insert(a.end(), rate.begin(), rate.end());
        cases.push_back({a, msg});
        cases.push_back({{"xsec", "--target", t, "--flavor", "e", "--enu", "1MeV", "--recoil",
                          "1eV:2eV:2", "--output", "out.csv"},
                         msg});
    }
    std::vector<std::string> medium = {"rate", "--target", "Ar", "--medium", "superfluid_he4"};
    medium.insert(medium.end(), rate.begin(), rate.end());
    cases.push_back({medium, "--medium = superfluid_he4: needs --target He4, not Ar"});
    for (const Case& k : cases) {
        const auto r = run_cli(k.args, d.path);
        EXPECT_EQ(r.exit_code, 2) << k.args[2];
        EXPECT_TRUE(one_line(r.err)) << r.err;
        EXPECT_NE(r.err.find(k.expect), std::string::npos) << r.err;
        EXPECT_TRUE(d.outputs().empty()) << k.args[2];
    }
}

TEST(MaterialCli, RunWithAMixtureThatDoesNotSumToOneWritesNothing) {
    TempDir d;
    std::ofstream(d.path / "input.toml") << "[target]\nmixture = { Ge76 = 0.86, Ge74 = 0.13 }\n"
                                            "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\n"
                                            "[geometry]\ntype = \"point\"\ndistance = \"1m\"\n"
                                            "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
                                            "[binning]\nmin = \"1meV\"\nmax = \"5meV\"\nbins = 4\n";
    const auto r = run_cli({"run", "input.toml", "--output", "out", "--no-plots"}, d.path);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("target.mixture"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("sum to 0.99"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    EXPECT_TRUE(d.outputs().empty());
}

TEST(MaterialCli, RunWithANaturalElementRecordsTheComposition) {
    TempDir d;
    std::ofstream(d.path / "input.toml")
        << "[target]\nname = \"Ar\"\n"
           "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\n"
           "[geometry]\ntype = \"point\"\ndistance = \"1m\"\n"
           "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
           "[binning]\nmin = \"1meV\"\nmax = \"15meV\"\nbins = 4\n";
    const auto r = run_cli({"run", "input.toml", "--output", "out", "--no-plots"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(test::slurp(d.path / "out" / "counts.csv"));
    EXPECT_EQ(c.meta.at("target"), "Ar");
    EXPECT_NE(c.meta.at("target.material.Ar40").find("atom_fraction=0.996003"), std::string::npos);
    EXPECT_NE(c.meta.at("target.material.abundance_source").find("Rosman & Taylor"),
              std::string::npos);
    EXPECT_GT(c.number("total_counts_sm"), 0);
}

}  // namespace
}  // namespace cevas
