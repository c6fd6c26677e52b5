// End-to-end checks of the experiment presets (examples/experiments/*.toml, issue 13 items 5
// and 6): each preset runs with `cevas run`, and its Standard-Model total (counts.csv,
// `total_counts_sm`) agrees with the published prediction quoted in the preset itself
// (`# reference_total = N`) within the relative tolerance it states (`# reference_tolerance`),
// justified there and in docs/experiments.md from the publication's own uncertainty and the
// modelling differences. The reference numbers are the collaborations' published predictions,
// never a cevas output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "cli/cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using cevas::test::run_cli;
using cevas::test::TempDir;

const fs::path kPresetDir = fs::path(CEVAS_SOURCE_DIR) / "examples" / "experiments";

/// The presets and nothing else (a new preset must be added here, so that it is checked).
const std::set<std::string> kPresets = {"coherent_csi_2017", "coherent_lar_2020", "conus_plus_2025",
                                        "xenonnt_8b_2024"};

/// The reference a preset quotes in its comment lines.
struct Reference {
    double total = std::nan("");
    double tolerance = std::nan("");
    std::string source;
};

Reference read_reference(const fs::path& file) {
    Reference r;
    std::ifstream in(file);
    std::string line;
    const auto value = [&](const std::string& key) -> std::string {
        const std::string prefix = "# " + key + " = ";
        return line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : std::string();
    };
    while (std::getline(in, line)) {
        if (auto v = value("reference_total"); !v.empty()) r.total = std::stod(v);
        if (auto v = value("reference_tolerance"); !v.empty()) r.tolerance = std::stod(v);
        if (auto v = value("reference_source"); !v.empty()) r.source = v;
    }
    return r;
}

/// The total of scripts/reference_presets.py for a preset
/// (tests/data/presets/reference_totals.csv).
double independent_total(const std::string& preset) {
    // The preset column is text: read the rows `preset,total` by hand.
    std::ifstream in(fs::path(CEVAS_TEST_DATA_DIR) / "presets" / "reference_totals.csv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(preset + ",", 0) == 0) return std::stod(line.substr(preset.size() + 1));
    }
    ADD_FAILURE() << "no reference total for " << preset;
    return std::nan("");
}

TEST(Presets, TheFolderHoldsExactlyTheCheckedPresets) {
    std::set<std::string> found;
    for (const auto& e : fs::directory_iterator(kPresetDir))
        if (e.path().extension() == ".toml") found.insert(e.path().stem().string());
    EXPECT_EQ(found, kPresets);
}

// The CsI efficiency table the preset reads is the data release's formula (arXiv:1804.09459):
// eps(x) = a / (1 + exp(-k (x - x0))) with a = 0.6655, k = 0.4942, x0 = 10.8507, times 0 below
// 5 PE, 1/2 at 5 PE and 1 from 6 PE, at every integer PE from 0 to 80.
TEST(Presets, CsiEfficiencyTableIsTheReleasedFormula) {
    std::ifstream in(kPresetDir / "coherent_csi_2017_efficiency.csv");
    ASSERT_TRUE(in) << "missing coherent_csi_2017_efficiency.csv";
    std::string line;
    int expected_pe = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto comma = line.find(',');
        ASSERT_NE(comma, std::string::npos) << line;
        const double x = std::stod(line.substr(0, comma));
        const double eff = std::stod(line.substr(comma + 1));
        EXPECT_EQ(x, expected_pe++);
        const double step = x < 5 ? 0.0 : (x < 6 ? 0.5 : 1.0);
        const double formula = 0.6655 / (1.0 + std::exp(-0.4942 * (x - 10.8507))) * step;
        EXPECT_NEAR(eff, formula, 1e-12) << "PE " << x;
    }
    EXPECT_EQ(expected_pe, 81);
}

class PresetTotal : public ::testing::TestWithParam<std::string> {};

TEST_P(PresetTotal, StandardModelTotalMatchesThePublishedPrediction) {
    const fs::path file = kPresetDir / (GetParam() + ".toml");
    const Reference ref = read_reference(file);
    ASSERT_TRUE(std::isfinite(ref.total) && ref.total > 0) << file << ": no reference_total";
    ASSERT_TRUE(std::isfinite(ref.tolerance) && ref.tolerance > 0 && ref.tolerance < 1)
        << file << ": no reference_tolerance in (0, 1)";
    ASSERT_FALSE(ref.source.empty()) << file << ": no reference_source";

    TempDir d;
    const auto r = run_cli(
        {"run", file.string(), "--output", (d.path / "out").string(), "--no-plots", "-q"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto counts =
        cevas::test::parse_csv_strict(cevas::test::slurp(d.path / "out" / "counts.csv"));
    const double total = counts.number("total_counts_sm");
    const double ratio = total / ref.total;
    EXPECT_LE(std::abs(ratio - 1.0), ref.tolerance)
        << GetParam() << ": cevas " << total << " vs " << ref.total << " (" << ref.source
        << "), ratio " << ratio;

    // The same inputs through an independent implementation (scripts/reference_presets.py,
    // numpy/scipy): agreement to 2 %. The reference leaves out the axial (spin) term of odd
    // nuclei and the atomic electrons (each below 1 % here) and integrates on its own grids
    // (converged to 1e-5); the rest is the same physics, so a larger gap is a cevas error in
    // reading or applying the preset, not a modelling difference.
    const double independent = independent_total(GetParam());
    EXPECT_NEAR(total / independent, 1.0, 0.02)
        << GetParam() << ": cevas " << total << " vs scripts/reference_presets.py " << independent;
}

INSTANTIATE_TEST_SUITE_P(Experiments, PresetTotal,
                         ::testing::Values("coherent_csi_2017", "coherent_lar_2020",
                                           "conus_plus_2025", "xenonnt_8b_2024"));

}  // namespace
