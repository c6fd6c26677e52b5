// End-to-end tests of the detector medium (issue 12): `cevas rate --medium` and
// `[target] medium` in `cevas run` write the omega columns and metadata, agree with the library,
// leave the free medium unchanged, draw spectrum_omega.png, and bad input fails cleanly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/tritium.hpp"
#include "cli/cli_support.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

namespace fs = std::filesystem;
using test::Csv;
using test::kExact;
using test::kTight;
using test::run_cli;
using test::TempDir;

const std::string kSaturneMedium = std::string(CEVAS_SOURCE_DIR) + "/examples/saturne_medium.toml";

const std::vector<std::string> kQuick = {
    "rate",       "--target", "He4",      "--target-mass",    "1kg",         "--activity", "1MCi",
    "--distance", "1m",       "--recoil", "0.5meV:60meV:120", "--threshold", "1meV"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& extra) {
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

// A copy of a config with the lines starting with `prefix` replaced.
std::string edited(const std::string& file, const std::string& prefix, const std::string& line) {
    std::istringstream in(test::slurp(file));
    std::string l, out;
    while (std::getline(in, l)) out += (l.rfind(prefix, 0) == 0 ? line : l) + "\n";
    return out;
}

TEST(MediumCli, RateFlagFormWritesTheOmegaSpectrumOfTheLibrary) {
    TempDir d;
    const test::CliRun r =
        run_cli(with(kQuick, {"--medium", "superfluid_he4", "--output", "r.csv"}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = test::parse_csv_strict(test::slurp(d.path / "r.csv"));
    EXPECT_EQ(c.columns,
              (std::vector<std::string>{
                  "recoil_eV", "dN_dT_sm_per_eV_per_s", "dN_dT_no_electrons_per_eV_per_s",
                  "omega_eV", "dN_domega_sm_per_eV_per_s", "dN_domega_no_electrons_per_eV_per_s"}));
    EXPECT_EQ(c.meta.at("medium"), "superfluid_he4");
    EXPECT_NE(c.meta.at("energy_axis").find("deposited"), std::string::npos);
    EXPECT_EQ(c.meta.at("scenario.sm.medium.kinetic_energy_K"), "14");

    // The library: the same experiment through run_experiment.
    Experiment ex{make_target("He4"),
                  tritium_source_from_activity(1 * units::MCi),
                  point_geometry(1 * units::m),
                  1 * units::kg / make_target("He4").mass,
                  {},
                  c.column("omega_eV"),
                  {},
                  0.0,
                  Medium{MediumModel::superfluid_he4}};
    for (double& w : ex.recoil) w *= units::eV;
    ex.detector.exposure = units::year;
    ex.detector.threshold = 1 * units::meV;
    ex.detector.binning = Binning::linear(1 * units::meV, 0.3 * units::eV, 1);
    const auto res = run_experiment(ex, standard_scenarios(Parameters{}));
    const auto sm = c.column("dN_domega_sm_per_eV_per_s");
    for (std::size_t i = 0; i < sm.size(); ++i)
        EXPECT_NEAR(sm[i], res[0].dn_domega[i] * units::eV * units::s,
                    kTight * std::abs(sm[i]) + 1e-300)
            << i;
    // The CLI's one bin reaches the largest deposited energy: its total is the library's count
    // above threshold (the library bin above stops at 300 meV, beyond every deposit here).
    EXPECT_NEAR(c.number("total_counts_sm") / res[0].counts.total_signal, 1.0, 1e-9);
}

TEST(MediumCli, FreeMediumChangesNothing) {
    TempDir d;
    const test::CliRun a = run_cli(with(kQuick, {"--output", "a.csv"}), d.path);
    const test::CliRun b = run_cli(with(kQuick, {"--medium", "free", "--output", "b.csv"}), d.path);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const Csv ca = test::parse_csv_strict(test::slurp(d.path / "a.csv"));
    const Csv cb = test::parse_csv_strict(test::slurp(d.path / "b.csv"));
    EXPECT_EQ(ca.columns, cb.columns);
    EXPECT_EQ(ca.rows, cb.rows);
    EXPECT_EQ(ca.meta.at("total_counts_sm"), cb.meta.at("total_counts_sm"));
    EXPECT_EQ(cb.meta.at("medium"), "free");
}

TEST(MediumCli, RunWritesOmegaColumnsTotalsAndTheFigure) {
    TempDir d;
    const test::CliRun r = run_cli({"run", kSaturneMedium, "--output", "out", "--quiet"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv s = test::parse_csv_strict(test::slurp(d.path / "out" / "spectrum.csv"));
    const Csv k = test::parse_csv_strict(test::slurp(d.path / "out" / "counts.csv"));
    for (const char* n : {"sm", "no_electrons", "nsi", "magnetic_moment"}) {
        EXPECT_NO_FATAL_FAILURE(s.col(std::string("dN_domega_") + n + "_per_eV_per_s"));
        double sum = 0;
        for (double v : k.column(std::string("counts_") + n)) sum += v;
        EXPECT_NEAR(sum / k.number(std::string("total_counts_") + n), 1.0, kExact) << n;
    }
    EXPECT_EQ(k.meta.at("medium"), "superfluid_he4");
    EXPECT_EQ(k.meta.at("target.medium"), "superfluid_he4");
    EXPECT_EQ(k.meta.at("scenario.sm.medium.temperature_K"), "0.5");
    EXPECT_NE(r.out.find("deposited energy in superfluid_he4"), std::string::npos) << r.out;
    const std::string png = test::slurp(d.path / "out" / "spectrum_omega.png");
    EXPECT_TRUE(png.size() > 8 && png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
}

TEST(MediumCli, RateConfigStreamsTheSpectrumOfRunAcrossChunks) {
    // `cevas rate --config` streams a medium's rows in chunks of 4096 (each chunk's cells take
    // their edges from the neighbouring grid points): 9000 rows cross two chunk boundaries, and
    // every column equals `cevas run`'s whole-grid spectrum.csv value for value, for 1 and 2
    // threads, with the same totals.
    TempDir d;
    std::string cfg = edited(kSaturneMedium, "recoil = ", "recoil = \"0.1meV:190meV:9000\"");
    {
        std::ofstream(d.path / "tmp.toml") << cfg;
        cfg = edited((d.path / "tmp.toml").string(), "log = ", "log = false");
        std::ofstream(d.path / "tmp.toml") << cfg;
        cfg = edited((d.path / "tmp.toml").string(), "plots = ", "plots = false");
        std::ofstream(d.path / "big.toml") << cfg;
    }
    const test::CliRun run = run_cli({"run", "big.toml", "--output", "out", "--quiet"}, d.path);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const Csv whole = test::parse_csv_strict(test::slurp(d.path / "out" / "spectrum.csv"));
    ASSERT_EQ(whole.rows.size(), 9000u);
    for (const char* threads : {"1", "2"}) {
        const std::string file = std::string("r") + threads + ".csv";
        const test::CliRun r =
            run_cli({"rate", "--config", "big.toml", "--threads", threads, "-o", file}, d.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const Csv c = test::parse_csv_strict(test::slurp(d.path / file));
        EXPECT_EQ(c.columns, whole.columns);
        ASSERT_EQ(c.rows.size(), whole.rows.size());
        for (std::size_t i = 0; i < c.rows.size(); ++i)
            ASSERT_EQ(c.rows[i], whole.rows[i]) << "row " << i << ", " << threads << " threads";
        for (const char* n : {"sm", "no_electrons", "nsi", "magnetic_moment"})
            EXPECT_EQ(c.meta.at(std::string("total_counts_") + n),
                      whole.meta.at(std::string("total_counts_") + n));
    }
}

TEST(MediumCli, RateRejectsAnUnorderedOmegaGrid) {
    TempDir d;
    std::ofstream(d.path / "bad.toml")
        << edited(kSaturneMedium, "recoil = ", "recoil = \"1meV,3meV,2meV\"");
    const test::CliRun r = run_cli({"rate", "--config", "bad.toml", "-o", "r.csv"}, d.path);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.err.rfind("cevas: error: spectrum.recoil", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("must increase"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "r.csv"));
}

TEST(MediumCli, BadInputFailsCleanly) {
    TempDir d;
    // Flag form: usage errors (exit 2) naming --medium.
    for (const auto& [args, reason] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--medium", "liquid"}, "expected \"free\" or \"superfluid_he4\""},
             {{"--medium", "superfluid_he4", "--target", "C12"}, "needs --target He4"}}) {
        auto a = kQuick;
        for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
            const auto it = std::find(a.begin(), a.end(), args[i]);
            if (it != a.end())
                *(it + 1) = args[i + 1];
            else
                a.insert(a.end(), {args[i], args[i + 1]});
        }
        a.insert(a.end(), {"--output", "r.csv"});
        const test::CliRun r = run_cli(a, d.path);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_EQ(r.err.rfind("cevas: error: --medium", 0), 0u) << r.err;
        EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(fs::exists(d.path / "r.csv"));
    }
    // Config form: errors (exit 1) naming the dotted key; nothing written.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {edited(kSaturneMedium, "medium = ", "medium = \"liquid\""), "target.medium"},
        {edited(kSaturneMedium, "name = \"He4\"", "name = \"C12\""), "target.medium"},
        {edited(kSaturneMedium, "medium_temperature_K", "medium_temperature_K = 2.0"),
         "target.medium_temperature_K"},
        {edited(kSaturneMedium, "medium_temperature_K", "medium_density_g_cm3 = 0.2"),
         "target.medium_density_g_cm3"},
        {edited(kSaturneMedium, "medium = ", "medium = \"free\""), "target.medium_temperature_K"},
    };
    int k = 0;
    for (const auto& [text, key] : cases) {
        const std::string file = "input_" + std::to_string(k++) + ".toml";
        std::ofstream(d.path / file) << text;
        const test::CliRun r = run_cli({"run", file, "--output", "out"}, d.path);
        EXPECT_EQ(r.exit_code, 1) << file << "\n" << r.err;
        EXPECT_EQ(r.err.rfind("cevas: error: " + key, 0), 0u) << file << "\n" << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(fs::exists(d.path / "out")) << file;
    }
}

}  // namespace
}  // namespace cevas
