// `--threads N` and CEVAS_NUM_THREADS (issue 10): the same numbers for every thread count, a
// one-line usage error for bad values, and the flag form of `cevas rate` computing only the
// scenarios asked for (--scenarios).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace {

using cevas::test::Csv;
using cevas::test::run_cli;
using cevas::test::TempDir;
namespace fs = std::filesystem;

const std::vector<std::string> kRate = {
    "rate",       "--target", "He4",      "--target-mass",   "1kg", "--activity", "1MCi",
    "--distance", "1m",       "--recoil", "1meV:180meV:3000"};
const std::vector<std::string> kXsec = {"xsec",     "--target",         "Xe132",         "--flavor",
                                        "e",        "--neutrino",       "--enu",         "10MeV",
                                        "--recoil", "10eV:1.6keV:5000", "--form-factor", "none"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
    a.insert(a.end(), more.begin(), more.end());
    return a;
}

Csv run_ok(const std::vector<std::string>& args, const TempDir& d, const std::string& file) {
    const auto r = run_cli(with(args, {"--output", file}), d.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return cevas::test::parse_csv_strict(cevas::test::slurp(d.path / file));
}

void expect_identical(const Csv& a, const Csv& b) {
    ASSERT_EQ(a.columns, b.columns);
    ASSERT_EQ(a.rows.size(), b.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i)
        for (std::size_t k = 0; k < a.rows[i].size(); ++k)
            ASSERT_EQ(a.rows[i][k], b.rows[i][k]) << "row " << i << " column " << a.columns[k];
}

TEST(ThreadsCli, RateAndXsecGiveTheSameNumbersForOneAndTwoThreads) {
    TempDir d;
    expect_identical(run_ok(with(kRate, {"--threads", "1"}), d, "r1.csv"),
                     run_ok(with(kRate, {"--threads", "2"}), d, "r2.csv"));
    expect_identical(run_ok(with(kXsec, {"--threads", "1"}), d, "x1.csv"),
                     run_ok(with(kXsec, {"--threads", "2"}), d, "x2.csv"));
    // CEVAS_NUM_THREADS when --threads is absent.
    ::setenv("CEVAS_NUM_THREADS", "2", 1);
    const Csv env = run_ok(kRate, d, "re.csv");
    ::unsetenv("CEVAS_NUM_THREADS");
    expect_identical(env, run_ok(with(kRate, {"--threads", "1"}), d, "r1b.csv"));
}

TEST(ThreadsCli, BadThreadCountsAreOneLineUsageErrors) {
    TempDir d;
    for (const std::string bad : {"0", "-1", "two", "1.5", ""}) {
        for (const auto& base : {kRate, kXsec}) {
            const auto r = run_cli(with(base, {"--threads", bad, "--output", "bad.csv"}), d.path);
            EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
            EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
            EXPECT_FALSE(fs::exists(d.path / "bad.csv")) << bad;
        }
    }
    ::setenv("CEVAS_NUM_THREADS", "many", 1);
    const auto r = run_cli(with(kRate, {"--output", "env.csv"}), d.path);
    ::unsetenv("CEVAS_NUM_THREADS");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("CEVAS_NUM_THREADS = 'many'"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "env.csv"));
}

TEST(ThreadsCli, RateFlagFormComputesOnlyTheScenariosAsked) {
    TempDir d;
    const Csv both = run_ok(kRate, d, "both.csv");
    const Csv sm = run_ok(with(kRate, {"--scenarios", "sm"}), d, "sm.csv");
    EXPECT_EQ(sm.columns, (std::vector<std::string>{"recoil_eV", "dN_dT_sm_per_eV_per_s"}));
    EXPECT_FALSE(sm.meta.count("total_counts_no_electrons"));
    ASSERT_EQ(sm.rows.size(), both.rows.size());
    for (std::size_t i = 0; i < sm.rows.size(); ++i) EXPECT_EQ(sm.rows[i][1], both.rows[i][1]);
    const Csv bare = run_ok(with(kRate, {"--scenarios", "no_electrons"}), d, "ne.csv");
    EXPECT_EQ(bare.columns,
              (std::vector<std::string>{"recoil_eV", "dN_dT_no_electrons_per_eV_per_s"}));
    const auto r = run_cli(with(kRate, {"--scenarios", "nsi", "--output", "x.csv"}), d.path);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--scenarios = 'nsi'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "x.csv"));
}

}  // namespace
