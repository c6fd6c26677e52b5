// End-to-end tests of `cevas rate`: the flag form writes the documented columns and metadata and
// agrees with the library called directly (EventRate); identities (1/r^2, mass and exposure
// scaling, totals = integral of dN/dT) hold on the printed numbers; bad input fails with a
// one-line message naming the option, exit code 2 and no output file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/core/version.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "cli/cli_support.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::Csv;
using test::kExact;
using test::kTight;
using test::run_cli;
using test::TempDir;
namespace fs = std::filesystem;

/// Composite Simpson rule on 2000 equal intervals of a smooth spectrum against the library's
/// Gauss-Legendre bins: observed 1e-9; the bound leaves a factor 100.
constexpr double kSimpsonGrid = 1e-7;

/// Tritium on 4He: T_max = 2 Q^2 / (M + 2 Q), Q = 18592.01 eV (Myers et al. 2015).
double tritium_t_max() {
    const double q = 18592.01 * units::eV, m = make_target("He4").mass;
    return 2 * q * q / (m + 2 * q);
}

// --- a strict reader of the CLI's CSV (metadata lines, header, numeric rows) -----------------

// --- helpers ---------------------------------------------------------------------------------

const std::vector<std::string> kQuick = {
    "rate",           "--target",   "He4",  "--target-mass", "1kg", "--source",
    "tritium",        "--activity", "1MCi", "--distance",    "1m",  "--recoil",
    "1meV:100meV:100"};

// kQuick with some options replaced or added ("--opt", "value" pairs; a value "" drops it).
std::vector<std::string> quick_with(const std::vector<std::pair<std::string, std::string>>& kv) {
    std::vector<std::string> a = kQuick;
    for (const auto& [k, v] : kv) {
        const auto it = std::find(a.begin(), a.end(), k);
        if (it != a.end() && v.empty()) {
            a.erase(it, it + 2);
        } else if (it != a.end() && k.rfind("--", 0) == 0 && it + 1 != a.end()) {
            *(it + 1) = v;
        } else {
            a.push_back(k);
            if (!v.empty()) a.push_back(v);
        }
    }
    return a;
}

Csv run_csv(const std::vector<std::string>& args, const TempDir& d, const std::string& file) {
    auto a = args;
    a.insert(a.end(), {"--output", file});
    const test::CliRun r = run_cli(a, d.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::parse_csv_strict(test::slurp(d.path / file));
}

// --- good input ------------------------------------------------------------------------------

TEST(RateCli, FlagFormCsvMatchesTheLibrary) {
    TempDir d;
    const test::CliRun r = run_cli(quick_with({{"--output", "rate.csv"}}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    const Csv c = test::parse_csv_strict(test::slurp(d.path / "rate.csv"));
    EXPECT_EQ(c.columns, (std::vector<std::string>{"recoil_eV", "dN_dT_sm_per_eV_per_s",
                                                   "dN_dT_no_electrons_per_eV_per_s"}));
    ASSERT_EQ(c.rows.size(), 100u);
    EXPECT_REL_NEAR(c.rows.front()[0], 1e-3, kExact);
    EXPECT_REL_NEAR(c.rows.back()[0], 0.1, kExact);

    // Metadata: version, command, inputs, totals, constants.
    EXPECT_EQ(c.meta.at("cevas_version"), version_string);
    EXPECT_NE(c.meta.at("command").find("--activity 1MCi"), std::string::npos);
    EXPECT_EQ(c.meta.at("config"), "none");
    EXPECT_EQ(c.meta.at("target"), "He4");
    EXPECT_EQ(c.meta.at("source"), "tritium");
    EXPECT_EQ(c.meta.at("oscillations"), "on");
    EXPECT_EQ(c.meta.at("recoil_grid"), "1meV:100meV:100");
    EXPECT_REL_NEAR(c.number("source.activity_Bq"), 3.7e16, kExact);
    EXPECT_REL_NEAR(c.number("distance_m"), 1.0, kExact);
    EXPECT_REL_NEAR(c.number("exposure_s"), 365.25 * 86400, kExact);
    EXPECT_REL_NEAR(c.number("n_atoms"), units::kg / make_target("He4").mass, kExact);
    for (const char* k : {"total_counts_sm", "total_counts_no_electrons", "total_rate_per_year_sm",
                          "total_background"})
        EXPECT_TRUE(c.meta.count(k)) << k;
    EXPECT_GT(c.number("total_counts_sm"), 0.0);
    EXPECT_EQ(c.number("total_background"), 0.0);
    EXPECT_TRUE(c.meta.count("constant.fermi_constant"));
    EXPECT_TRUE(c.meta.count("scenario.sm.label"));
    // The totals go to standard error as text when the table goes to a file.
    EXPECT_NE(r.err.find("sm"), std::string::npos) << r.err;

    // The library called directly: same inputs, same options.
    const Target he4 = make_target("He4");
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const double n_atoms = 1 * units::kg / he4.mass;
    Parameters bare;
    bare.atomic_form_factor = AtomicFormFactorModel::none;
    const CrossSection xs_sm(he4, Parameters{}), xs_bare(he4, bare);
    const EventRate sm(xs_sm, src, point_geometry(1 * units::m), n_atoms, RateOptions{});
    const EventRate no_e(xs_bare, src, point_geometry(1 * units::m), n_atoms, RateOptions{});
    const double per_ev_s = units::eV * units::s;
    for (const auto& row : c.rows) {
        const double t = row[0] * units::eV;
        EXPECT_REL_NEAR(row[c.col("dN_dT_sm_per_eV_per_s")], sm.differential(t) * per_ev_s, kTight)
            << row[0];
        EXPECT_REL_NEAR(row[c.col("dN_dT_no_electrons_per_eV_per_s")],
                        no_e.differential(t) * per_ev_s, kTight)
            << row[0];
    }
    // The electrons screen the weak charge: fewer events with them at every recoil here.
    for (const auto& row : c.rows) EXPECT_LT(row[1], row[2]) << row[0];
}

TEST(RateCli, TotalsAreTheIntegralOfTheSpectrum) {
    TempDir d;
    // A grid from the threshold to T_max: 2001 points (2000 Simpson intervals).
    const double t_max = tritium_t_max() / units::eV;
    const std::string grid = format_value(1e-3) + ":" + format_value(t_max) + ":2001";
    const Csv c = run_csv(quick_with({{"--recoil", grid}, {"--threshold", "1meV"}}), d, "t.csv");
    ASSERT_EQ(c.rows.size(), 2001u);
    const double h = (t_max - 1e-3) / 2000;
    for (const std::string s : {"sm", "no_electrons"}) {
        const auto y = c.column("dN_dT_" + s + "_per_eV_per_s");
        double sum = y.front() + y.back();
        for (std::size_t i = 1; i + 1 < y.size(); ++i) sum += (i % 2 ? 4 : 2) * y[i];
        const double events = h / 3 * sum * c.number("exposure_s");
        EXPECT_REL_NEAR(c.number("total_counts_" + s), events, kSimpsonGrid) << s;
        EXPECT_REL_NEAR(c.number("total_rate_per_year_" + s), c.number("total_counts_" + s),
                        kExact);  // the default exposure is one year
    }
}

// With the threshold at 0 (the flag form's default) the totals include the lowest recoils.
TEST(RateCli, TotalsWithZeroThresholdIncludeTheLowestRecoils) {
    TempDir d;
    const double t_max = tritium_t_max() / units::eV;
    const std::string grid = "0:" + format_value(t_max) + ":2001";
    const Csv c = run_csv(quick_with({{"--recoil", grid}}), d, "t.csv");
    const double h = t_max / 2000;
    const auto y = c.column("dN_dT_sm_per_eV_per_s");
    double sum = y.front() + y.back();
    for (std::size_t i = 1; i + 1 < y.size(); ++i) sum += (i % 2 ? 4 : 2) * y[i];
    EXPECT_REL_NEAR(c.number("total_counts_sm"), h / 3 * sum * c.number("exposure_s"),
                    kSimpsonGrid);
}

TEST(RateCli, InverseSquareScalingWithoutOscillations) {
    TempDir d;
    const Csv near = run_csv(quick_with({{"--no-oscillations", ""}}), d, "near.csv");
    const Csv far =
        run_csv(quick_with({{"--no-oscillations", ""}, {"--distance", "2m"}}), d, "far.csv");
    EXPECT_EQ(near.meta.at("oscillations"), "off");
    ASSERT_EQ(near.rows.size(), far.rows.size());
    for (std::size_t i = 0; i < near.rows.size(); ++i)
        for (std::size_t k = 1; k < near.columns.size(); ++k)
            EXPECT_REL_NEAR(near.rows[i][k], 4 * far.rows[i][k], kTight) << i << " " << k;
    for (const char* s : {"total_counts_sm", "total_counts_no_electrons"})
        EXPECT_REL_NEAR(near.number(s), 4 * far.number(s), kTight) << s;

    // With oscillations (the default) the phase changes between 1 m and 2 m: not 1/r^2.
    const Csv near_osc = run_csv(kQuick, d, "near_osc.csv");
    const Csv far_osc = run_csv(quick_with({{"--distance", "2m"}}), d, "far_osc.csv");
    double max_dev = 0;
    for (std::size_t i = 0; i < near_osc.rows.size(); ++i)
        max_dev = std::max(max_dev, std::abs(near_osc.rows[i][1] / (4 * far_osc.rows[i][1]) - 1));
    EXPECT_GT(max_dev, 1e-3);
}

TEST(RateCli, MassAndExposureScaling) {
    TempDir d;
    const Csv one = run_csv(kQuick, d, "one.csv");
    const Csv two =
        run_csv(quick_with({{"--target-mass", "2kg"}, {"--exposure", "2y"}}), d, "two.csv");
    ASSERT_EQ(one.rows.size(), two.rows.size());
    for (std::size_t i = 0; i < one.rows.size(); ++i)
        for (std::size_t k = 1; k < one.columns.size(); ++k)
            EXPECT_REL_NEAR(2 * one.rows[i][k], two.rows[i][k], kTight);
    // Twice the atoms for twice the time: four times the events, twice the rate per year.
    EXPECT_REL_NEAR(4 * one.number("total_counts_sm"), two.number("total_counts_sm"), kTight);
    EXPECT_REL_NEAR(2 * one.number("total_rate_per_year_sm"), two.number("total_rate_per_year_sm"),
                    kTight);
}

TEST(RateCli, JsonCarriesTheSameContent) {
    TempDir d;
    const Csv c = run_csv(kQuick, d, "r.csv");
    for (const auto& args : {quick_with({{"--format", "json"}, {"--output", "r.out"}}),
                             quick_with({{"--output", "r.json"}})}) {
        const test::CliRun r = run_cli(args, d.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::string file = args.back();
        const auto j = nlohmann::json::parse(test::slurp(d.path / file));
        ASSERT_EQ(j["columns"].size(), c.columns.size());
        for (std::size_t k = 0; k < c.columns.size(); ++k) EXPECT_EQ(j["columns"][k], c.columns[k]);
        ASSERT_EQ(j["data"].size(), c.rows.size());
        for (std::size_t i = 0; i < c.rows.size(); ++i)
            for (std::size_t k = 0; k < c.columns.size(); ++k)
                EXPECT_EQ(j["data"][i][k].get<double>(), c.rows[i][k]);
        EXPECT_EQ(j["metadata"]["cevas_version"], version_string);
        EXPECT_EQ(j["metadata"]["total_counts_sm"], c.meta.at("total_counts_sm"));
        EXPECT_FALSE(j["constants"].empty());
    }
}

TEST(RateCli, StandardOutputByDefault) {
    TempDir d;
    const test::CliRun r = run_cli(kQuick, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_TRUE(d.outputs().empty());
    const Csv c = test::parse_csv_strict(r.out);
    EXPECT_EQ(c.rows.size(), 100u);
    EXPECT_TRUE(c.meta.count("total_counts_sm"));
}

// docs/cli.md: a bare number is in the default unit, Bq for an activity.
TEST(RateCli, BareActivityIsInBecquerel) {
    TempDir d;
    const Csv bare = run_csv(quick_with({{"--activity", "3.7e10"}}), d, "bare.csv");
    const Csv bq = run_csv(quick_with({{"--activity", "1Ci"}}), d, "ci.csv");
    ASSERT_EQ(bare.rows.size(), bq.rows.size());
    for (std::size_t i = 0; i < bare.rows.size(); ++i)
        EXPECT_REL_NEAR(bare.rows[i][1], bq.rows[i][1], kExact);
    EXPECT_REL_NEAR(bare.number("source.activity_Bq"), 3.7e10, kExact);
}

TEST(RateCli, TritiumMassInsteadOfActivity) {
    TempDir d;
    const double grams = tritium_mass_from_activity(1 * units::MCi) / units::g;
    const Csv m =
        run_csv(quick_with({{"--activity", ""}, {"--tritium-mass", format_value(grams) + "g"}}), d,
                "m.csv");
    const Csv a = run_csv(kQuick, d, "a.csv");
    for (std::size_t i = 0; i < a.rows.size(); ++i)
        EXPECT_REL_NEAR(m.rows[i][1], a.rows[i][1], kTight);
    EXPECT_EQ(m.meta.at("source.strength"), "mass");
}

TEST(RateCli, ConfigForm) {
    TempDir d;
    const std::string cfg = std::string(CEVAS_SOURCE_DIR) + "/examples/cadeddu2019.toml";
    const test::CliRun r = run_cli({"rate", "--config", cfg, "--output", "c.csv"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = test::parse_csv_strict(test::slurp(d.path / "c.csv"));
    EXPECT_EQ(c.columns, (std::vector<std::string>{"recoil_eV", "dN_dT_sm_per_eV_per_s",
                                                   "dN_dT_no_electrons_per_eV_per_s",
                                                   "dN_dT_magnetic_moment_per_eV_per_s"}));
    EXPECT_EQ(c.rows.size(), 400u);
    EXPECT_EQ(c.meta.at("config"), cfg);
    // A magnetic moment only adds events.
    for (const auto& row : c.rows) EXPECT_GE(row[3], row[1]) << row[0];

    // The experiment from flags and from a config at once is a usage error.
    const test::CliRun mixed =
        run_cli({"rate", "--config", cfg, "--target", "He4", "--output", "m.csv"}, d.path);
    EXPECT_EQ(mixed.exit_code, 2);
    EXPECT_NE(mixed.err.find("--config"), std::string::npos) << mixed.err;
    // A configuration error exits with 1 and names the key.
    std::ofstream(d.path / "input_bad.toml") << test::slurp(cfg) << "\n[detectr]\nmass = \"1kg\"\n";
    const test::CliRun bad =
        run_cli({"rate", "--config", "input_bad.toml", "--output", "b.csv"}, d.path);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("did you mean 'detector'"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(d.path / "m.csv"));
    EXPECT_FALSE(fs::exists(d.path / "b.csv"));
}

// Threshold above the kinematic maximum: zero events and a warning, not an error.
TEST(RateCli, ThresholdAboveTheKinematicMaximumWarns) {
    TempDir d;
    const test::CliRun r =
        run_cli(quick_with({{"--threshold", "1eV"}, {"--output", "t.csv"}}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = test::parse_csv_strict(test::slurp(d.path / "t.csv"));
    EXPECT_EQ(c.number("total_counts_sm"), 0.0);
    EXPECT_EQ(c.number("total_counts_no_electrons"), 0.0);
    ASSERT_TRUE(c.meta.count("warning"));
    EXPECT_NE(c.meta.at("warning").find("kinematic maximum"), std::string::npos);
    EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
    // The spectrum itself is unaffected by the threshold.
    EXPECT_GT(c.rows.front()[1], 0.0);
}

// --- bad input -------------------------------------------------------------------------------

struct BadCase {
    std::vector<std::pair<std::string, std::string>> change;
    std::string field;   // the option the message must name
    std::string reason;  // a fragment of the reason
};

TEST(RateCli, BadInputFailsCleanly) {
    TempDir d;
    std::ofstream(d.path / "input_file") << "x";
    fs::create_directory(d.path / "input_dir");
    const std::vector<BadCase> cases = {
        {{{"--activity", "-1MCi"}}, "--activity", "must be positive"},
        {{{"--activity", "0Bq"}}, "--activity", "must be positive"},
        {{{"--activity", "10xyz"}}, "--activity", "unknown unit"},
        {{{"--activity", ""}}, "--activity", "exactly one"},
        {{{"--tritium-mass", "1g"}}, "--activity", "exactly one"},
        {{{"--activity", ""}, {"--tritium-mass", "-1g"}}, "--tritium-mass", "must be positive"},
        {{{"--source", "cr51"}}, "--source", "--config"},
        {{{"--source", "tritum"}}, "--source", "tritium"},
        {{{"--recoil", "5meV:1meV:10"}}, "--recoil", "STOP must be larger than START"},
        {{{"--recoil", "1meV:100meV:x"}}, "--recoil", "not a whole number"},
        {{{"--recoil", "1meV,,2meV"}}, "--recoil", "empty"},
        {{{"--recoil", "1meV:100"}}, "--recoil", ""},
        {{{"--recoil", "0:100meV:10"}, {"--log", ""}}, "--recoil", ""},
        {{{"--recoil", ""}}, "--recoil", "required"},
        {{{"--distance", "-1m"}}, "--distance", "must be positive"},
        {{{"--distance", "0m"}}, "--distance", "must be positive"},
        {{{"--distance", "1 parsec"}}, "--distance", "unknown unit"},
        {{{"--target", "Xx7"}}, "--target", ""},
        {{{"--target", ""}}, "--target", "required"},
        {{{"--target-mass", "-1kg"}}, "--target-mass", "must be positive"},
        {{{"--target-mass", ""}}, "--target-mass", "required"},
        {{{"--fermi-function", "exact"}}, "--fermi-function", ""},
        {{{"--threshold", "-1meV"}}, "--threshold", ""},
        {{{"--exposure", "0y"}}, "--exposure", "must be positive"},
        {{{"--nsi", "nucleus.ex=0.1"}}, "--nsi", ""},
        {{{"--magnetic-moment", "big"}}, "--magnetic-moment", ""},
        {{{"--format", "xml"}}, "--format", "csv, json"},
        {{{"--output", "missing_dir/r.csv"}}, "--output", "does not exist"},
        {{{"--output", "input_dir"}}, "--output", ""},
        {{{"--output", "input_file/r.csv"}}, "--output", ""},
    };
    for (const auto& bc : cases) {
        auto args = quick_with(bc.change);
        if (std::find(args.begin(), args.end(), "--output") == args.end())
            args.insert(args.end(), {"--output", "r.csv"});
        std::string shown;
        for (const auto& a : args) shown += a + " ";
        const test::CliRun r = run_cli(args, d.path);
        EXPECT_EQ(r.exit_code, 2) << shown << "\n" << r.err;
        EXPECT_EQ(r.err.rfind("cevas: error: " + bc.field, 0), 0u) << shown << "\n" << r.err;
        EXPECT_NE(r.err.find(bc.reason), std::string::npos) << shown << "\n" << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << shown << "\n" << r.err;
        EXPECT_TRUE(r.out.empty()) << shown;
        EXPECT_TRUE(d.outputs().empty()) << shown;
    }
}

}  // namespace
}  // namespace cevas
