// End-to-end tests of the detector response (issue 13 item 2): a COHERENT-like CsI config with
// quenching, photo-electrons, Poisson smearing, a sigmoid efficiency and a timing window writes
// PE bins whose totals are the library's, and every bad response key fails with one line
// naming the key, writing nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cevas/io/rate_config.hpp"
#include "cli/cli_support.hpp"

namespace cevas {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::TempDir;

const std::string kHead = R"([run]
name = "csi-like"
output = "out"
plots = false
no_electrons = false
[target]
name = "I127"
[geometry]
type = "point"
distance = "19.3m"
[spectrum]
recoil = "0.1keV:60keV:50"
)";
const std::string kPionDar = R"([source]
type = "pion_dar"
proton_rate_per_s = 5.4e15
pions_per_proton = 0.08
)";
const std::string kDetector = R"([detector]
mass = "14.6kg"
exposure = "308.1d"
quenching = "polynomial"
quenching_coefficients = [0.0878]
quenching_range_keVnr = [0, 100]
observable = "pe"
light_yield_pe_per_keVee = 13.348
smearing = "poisson"
efficiency_observed = { form = "sigmoid", a = 0.6655, k = 0.4942, x0 = 10.8507 }
[detector.timing]
window_start = "-1us"
window_stop = "5us"
pulse = "gaussian"
pulse_width = "360ns"
[binning]
type = "linear"
min = 0
max = 50
bins = 25
)";

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(ResponseCli, PhotoElectronBinsWithTimingAreTheLibrarysCounts) {
    TempDir d;
    const std::string text = kHead + kPionDar + kDetector;
    write(d.path / "input.toml", text);
    const test::CliRun r = run_cli({"run", "input.toml"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("bins from 0 to 50 PE"), std::string::npos) << r.out;
    const test::Csv c = test::parse_csv_strict(test::slurp(d.path / "out" / "counts.csv"));
    EXPECT_EQ(c.columns,
              (std::vector<std::string>{"bin_low_PE", "bin_high_PE", "background", "counts_sm"}));
    EXPECT_EQ(c.meta.at("observable_unit"), "PE");
    EXPECT_EQ(c.meta.at("detector.quenching"), "polynomial");
    EXPECT_EQ(c.meta.at("detector.smearing"), "poisson");
    EXPECT_NEAR(c.number("detector.timing.delayed_fraction"), 0.895806859583465, 1e-9);
    EXPECT_TRUE(fs::exists(d.path / "out" / "counts.json"));
    // The same numbers as the library on the same config.
    const RateConfig cfg = parse_rate_config(text);
    const auto res = run_experiment(cfg.experiment, cfg.scenarios);
    const auto col = c.column("counts_sm");
    ASSERT_EQ(col.size(), res.front().counts.signal.size());
    for (std::size_t i = 0; i < col.size(); ++i)
        EXPECT_NEAR(col[i], res.front().counts.signal[i], 1e-12 * res.front().counts.total_signal);
    EXPECT_NEAR(c.number("total_counts_sm"), res.front().counts.total_signal,
                1e-12 * res.front().counts.total_signal);
    // Below ~5 PE the sigmoid efficiency is small: the first bin holds few events.
    EXPECT_LT(col[0], 0.2 * col[4]);
    // Without the timing window the total grows by the delayed fraction's complement.
    std::string no_timing = text;
    no_timing.erase(no_timing.find("[detector.timing]"),
                    no_timing.find("[binning]") - no_timing.find("[detector.timing]"));
    const RateConfig open = parse_rate_config(no_timing);
    const double all = run_experiment(open.experiment, open.scenarios).front().counts.total_signal;
    EXPECT_GT(all, res.front().counts.total_signal);
    EXPECT_LT(all, res.front().counts.total_signal / 0.89);
}

TEST(ResponseCli, KeVeeBinsFromALindhardGermaniumDetector) {
    TempDir d;
    const std::string text = kHead + kPionDar + R"([detector]
mass = "1kg"
exposure = "1y"
quenching = "lindhard"
quenching_k = 0.157
observable = "ee"
threshold = "0.3keV"
resolution_abs = "0.1keV"
efficiency_observed = { x = [0.2, 0.4, 1.0], y = [0.0, 0.8, 1.0] }
[binning]
type = "linear"
min = "0keV"
max = "5keV"
bins = 20
)";
    std::string ge = text;
    ge.replace(ge.find("I127"), 4, "Ge72");
    write(d.path / "input.toml", ge);
    const test::CliRun r = run_cli({"run", "input.toml"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const test::Csv c = test::parse_csv_strict(test::slurp(d.path / "out" / "counts.csv"));
    EXPECT_EQ(c.columns[0], "bin_low_keVee");
    EXPECT_NEAR(c.column("bin_high_keVee").back(), 5.0, 1e-12);
    EXPECT_EQ(c.meta.at("detector.quenching_k"), "0.157");
    EXPECT_EQ(c.meta.at("detector.quenching_z"), "32");
    EXPECT_GT(c.number("total_counts_sm"), 0);
}

TEST(ResponseCli, QuenchingAndEfficiencyTablesFromFilesWithProvenance) {
    TempDir d;
    write(d.path / "q.txt", "# test table, Q rising\n1 0.10\n10 0.15\n100 0.20\n");
    write(d.path / "eff.txt", "# step near 1 keVee\n0.5 0\n1.5 1\n");
    write(d.path / "input.toml", kHead + kPionDar + R"([detector]
mass = "1kg"
exposure = "1y"
quenching = "table"
quenching_file = "q.txt"
observable = "ee"
efficiency_observed = "eff.txt"
[binning]
type = "linear"
min = "0keV"
max = "10keV"
bins = 10
)");
    const test::CliRun r = run_cli({"run", "input.toml"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const test::Csv c = test::parse_csv_strict(test::slurp(d.path / "out" / "counts.csv"));
    EXPECT_EQ(c.meta.at("detector.quenching_provenance"), "q.txt: test table, Q rising");
    EXPECT_EQ(c.meta.at("detector.efficiency_observed_provenance"), "eff.txt: step near 1 keVee");
    const auto v = c.column("counts_sm");
    EXPECT_LT(v[0], v[1]);  // the first keVee bin is half below the efficiency step
    // A table with Q > 1: the key, the file, one line.
    write(d.path / "q.txt", "1 0.5\n10 1.5\n");
    fs::remove_all(d.path / "out");
    const test::CliRun bad = run_cli({"run", "input.toml"}, d.path);
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("detector.quenching_file"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(d.path / "out"));
}

TEST(ResponseCli, BadResponseKeysFailWithOneLineNamingTheKey) {
    struct Case {
        std::string from, to, key;
    };
    const std::vector<Case> cases = {
        {"quenching = \"polynomial\"", "quenching = \"lindhardt\"", "detector.quenching"},
        {"quenching_coefficients = [0.0878]", "quenching_coefficients = [1.5]",
         "detector.quenching_coefficients"},
        {"quenching_coefficients = [0.0878]", "quenching_coefficients = [-0.1]",
         "detector.quenching_coefficients"},
        {"quenching = \"polynomial\"\nquenching_coefficients = [0.0878]\nquenching_range_keVnr = "
         "[0, 100]",
         "quenching = \"lindhard\"\nquenching_k = 0", "detector.quenching_k"},
        {"quenching = \"polynomial\"\nquenching_coefficients = [0.0878]\nquenching_range_keVnr = "
         "[0, 100]",
         "quenching = \"lindhard\"\nquenching_k = 7", "detector.quenching_k"},
        {"quenching = \"polynomial\"", "quenching = \"table\"", "detector.quenching_coefficients"},
        {"observable = \"pe\"", "observable = \"kev\"", "detector.observable"},
        {"light_yield_pe_per_keVee = 13.348", "light_yield_pe_per_keVee = -2",
         "detector.light_yield_pe_per_keVee"},
        {"x0 = 10.8507 }", "x0 = 10.8507, z = 1 }", "detector.efficiency_observed.z"},
        {"pulse = \"gaussian\"", "pulse = \"triangle\"", "detector.timing.pulse"},
        {"window_stop = \"5us\"", "window_stop = \"-2us\"", "detector.timing.window_stop"},
        {"pulse_width = \"360ns\"", "pulse_width = \"-1ns\"", "detector.timing.pulse_width"},
        {"quenching = \"polynomial\"\nquenching_coefficients = [0.0878]\nquenching_range_keVnr = "
         "[0, 100]",
         "quenching = \"table\"\nquenching_file = \"nope.txt\"", "detector.quenching_file"},
    };
    for (const Case& c : cases) {
        TempDir d;
        std::string det = kDetector;
        const auto at = det.find(c.from);
        ASSERT_NE(at, std::string::npos) << c.from;
        det.replace(at, c.from.size(), c.to);
        write(d.path / "input.toml", kHead + kPionDar + det);
        const test::CliRun r = run_cli({"run", "input.toml"}, d.path);
        EXPECT_NE(r.exit_code, 0) << c.to;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(c.key), std::string::npos) << c.to << ": " << r.err;
        EXPECT_FALSE(fs::exists(d.path / "out")) << c.to;
    }
    // A timing window on a source that is not pulsed.
    TempDir d;
    write(d.path / "input.toml",
          kHead + "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\n" + kDetector);
    const test::CliRun r = run_cli({"run", "input.toml"}, d.path);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("detector.timing"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "out"));
}

}  // namespace
}  // namespace cevas
