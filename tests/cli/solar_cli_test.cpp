// End-to-end: `cevas rate` with [source] type = "solar" (examples/solar_b8_xe132.toml), and the
// solar configuration's bad input (unknown model or component, msw on a non-solar source,
// [geometry] with a solar source): one-line error naming the key, exit 1, no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_support.hpp"

namespace cevas {
namespace {

using test::run_cli;
using test::TempDir;
namespace fs = std::filesystem;

const std::string kExample = std::string(CEVAS_SOURCE_DIR) + "/examples/solar_b8_xe132.toml";

TEST(SolarCli, RateOfTheExample) {
    TempDir d;
    const test::CliRun r = run_cli({"rate", "--config", kExample, "--output", "s.csv"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const test::Csv c = test::parse_csv_strict(test::slurp(d.path / "s.csv"));
    EXPECT_EQ(c.meta.at("source.solar_model"), "B16-GS98");
    EXPECT_EQ(c.meta.at("source.solar_components"), "8B,hep");
    EXPECT_EQ(c.meta.at("geometry"), "solar");
    // 8B CEvNS on xenon above 1 keV: O(100) events per tonne-year (e.g. XENON1T, PRL 126 (2021)
    // 091301 quotes 8B CEvNS as a ~1 keVnr-threshold signal of this size); a sanity band only.
    const double n = c.number("total_counts_sm");
    EXPECT_GT(n, 50.0);
    EXPECT_LT(n, 200.0);
}

TEST(SolarCli, MswOffChangesOnlyTheElectronPart) {
    // CEvNS is flavour blind except for the atomic electrons' W exchange (nu_e only): switching
    // MSW off changes the total by far less than 1 %.
    TempDir d;
    std::string cfg = test::slurp(kExample);
    const auto at = cfg.find("msw = true");
    ASSERT_NE(at, std::string::npos);
    std::ofstream(d.path / "input_off.toml") << cfg.replace(at, 10, "msw = false");
    const test::CliRun a = run_cli({"rate", "--config", kExample, "--output", "a.csv"}, d.path);
    const test::CliRun b =
        run_cli({"rate", "--config", "input_off.toml", "--output", "b.csv"}, d.path);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const double na =
        test::parse_csv_strict(test::slurp(d.path / "a.csv")).number("total_counts_sm");
    const double nb =
        test::parse_csv_strict(test::slurp(d.path / "b.csv")).number("total_counts_sm");
    EXPECT_NEAR(na / nb, 1.0, 1e-3);
}

void expect_config_error(const std::string& text, const std::string& needle) {
    TempDir d;
    std::ofstream(d.path / "input.toml") << text;
    const test::CliRun r = run_cli({"rate", "--config", "input.toml", "--output", "x.csv"}, d.path);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "x.csv"));
}

TEST(SolarCli, BadInput) {
    const std::string cfg = test::slurp(kExample);
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string c = cfg;
        c.replace(c.find(from), from.size(), to);
        return c;
    };
    expect_config_error(replaced("\"B16-GS98\"", "\"B16-GS99\""), "source.model = B16-GS99");
    expect_config_error(replaced("[\"8B\", \"hep\"]", "[\"8B\", \"9Be\"]"),
                        "source.components = 9Be");
    expect_config_error(cfg + "\n[geometry]\ntype = \"point\"\ndistance = \"1m\"\n", "geometry");
    // msw with a non-solar source: an unknown key of that source type.
    std::string cr = replaced("type = \"solar\"", "type = \"cr51\"\nactivity = \"1MCi\"");
    for (const char* key : {"model = ", "components = "}) {
        const auto at = cr.find(key);
        cr.erase(at, cr.find('\n', at) - at + 1);
    }
    expect_config_error(cr + "\n[geometry]\ntype = \"point\"\ndistance = \"1m\"\n",
                        "source.msw = true: unknown key");
}

}  // namespace
}  // namespace cevas
