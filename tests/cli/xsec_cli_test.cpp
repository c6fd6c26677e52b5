// End-to-end tests of `cevas xsec`: the output parses, carries its metadata, and agrees with the
// library called directly through the public API; bad input fails cleanly and leaves no file.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/core/version.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "cli/cli_support.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;
using test::kTight;
using test::run_cli;
using test::TempDir;

// The CLI prints the shortest round-trip form of each double, so a value read back from its
// output is the computed value; the same arithmetic redone in the test agrees to kExact.
constexpr double kPrinted = kExact;

const std::vector<std::string> kRequiredColumns = {"recoil_eV",
                                                   "q_eV",
                                                   "form_factor",
                                                   "nuclear_form_factor",
                                                   "c_v",
                                                   "c_a",
                                                   "c_s",
                                                   "c_t",
                                                   "dsigma_dT_cm2_per_eV",
                                                   "dsigma_dT_weak_cm2_per_eV",
                                                   "dsigma_dT_magnetic_cm2_per_eV"};

struct Csv {
    std::map<std::string, std::string> meta;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
    std::size_t col(const std::string& name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return i;
        ADD_FAILURE() << "no column " << name;
        return 0;
    }
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::stringstream in(s);
    std::string p;
    while (std::getline(in, p, sep)) parts.push_back(p);
    return parts;
}

Csv parse_csv(const std::string& text) {
    Csv c;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("# ", 0) == 0) {
            const auto eq = line.find(" = ");
            EXPECT_NE(eq, std::string::npos) << line;
            c.meta[line.substr(2, eq - 2)] = line.substr(eq + 3);
        } else if (c.columns.empty()) {
            c.columns = split(line, ',');
        } else {
            std::vector<double> row;
            for (const auto& f : split(line, ',')) row.push_back(std::stod(f));
            EXPECT_EQ(row.size(), c.columns.size()) << line;
            c.rows.push_back(row);
        }
    }
    return c;
}

// Compare every row of the table with CrossSection::breakdown and with the array path.
void expect_matches_library(const Csv& c, const CrossSection& xs, Projectile p, double e_nu,
                            double baseline) {
    ASSERT_FALSE(c.rows.empty());
    std::vector<double> t, array_ds(c.rows.size());
    for (const auto& r : c.rows) t.push_back(r[c.col("recoil_eV")] * units::eV);
    xs.dsigma_dT(p, e_nu, t, array_ds, BaselineSet::point(baseline));
    for (std::size_t i = 0; i < c.rows.size(); ++i) {
        const auto& r = c.rows[i];
        const Breakdown b = xs.breakdown(p, {.e_nu = e_nu, .t_recoil = t[i], .baseline = baseline});
        EXPECT_REL_NEAR(r[c.col("q_eV")], std::sqrt(b.q2), kPrinted);
        EXPECT_REL_NEAR(r[c.col("form_factor")], b.atomic_form_factor, kPrinted);
        EXPECT_REL_NEAR(r[c.col("nuclear_form_factor")], b.nuclear_form_factor, kPrinted);
        EXPECT_REL_NEAR(r[c.col("c_v")], b.c_v, kPrinted);
        EXPECT_REL_NEAR(r[c.col("c_a")], b.c_a, kPrinted);
        EXPECT_REL_NEAR(r[c.col("dsigma_dT_cm2_per_eV")], b.dsigma_dT / (units::cm2 / units::eV),
                        kPrinted);
        EXPECT_REL_NEAR(r[c.col("dsigma_dT_weak_cm2_per_eV")], b.weak / (units::cm2 / units::eV),
                        kPrinted);
        EXPECT_REL_NEAR(r[c.col("dsigma_dT_magnetic_cm2_per_eV")],
                        b.magnetic / (units::cm2 / units::eV), kPrinted);
        // Weak + magnetic = total, and the array path agrees with the table.
        EXPECT_REL_NEAR(
            r[c.col("dsigma_dT_weak_cm2_per_eV")] + r[c.col("dsigma_dT_magnetic_cm2_per_eV")],
            r[c.col("dsigma_dT_cm2_per_eV")], kPrinted);
        EXPECT_REL_NEAR(r[c.col("dsigma_dT_cm2_per_eV")], array_ds[i] / (units::cm2 / units::eV),
                        kTight);
    }
}

TEST(XsecCli, CsvStandardModelMatchesTheLibrary) {
    TempDir d;
    const test::CliRun r =
        run_cli({"xsec", "--target", "He4", "--flavor", "e", "--antineutrino", "--enu", "15keV",
                 "--recoil", "1meV:100meV:100", "--output", "sm.csv"},
                d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    EXPECT_TRUE(r.err.empty()) << r.err;
    const Csv c = parse_csv(test::slurp(d.path / "sm.csv"));
    for (const auto& name : kRequiredColumns) {
        EXPECT_NE(std::find(c.columns.begin(), c.columns.end(), name), c.columns.end()) << name;
    }
    ASSERT_EQ(c.rows.size(), 100u);
    EXPECT_REL_NEAR(c.rows.front()[0], 1e-3, kExact);
    EXPECT_REL_NEAR(c.rows.back()[0], 0.1, kExact);
    // Metadata: version, command line, inputs, constants, model description.
    EXPECT_EQ(c.meta.at("cevas_version"), version_string);
    EXPECT_NE(c.meta.at("command").find("--recoil 1meV:100meV:100"), std::string::npos);
    EXPECT_EQ(c.meta.at("target"), "He4");
    EXPECT_EQ(c.meta.at("flavor"), "e");
    EXPECT_EQ(c.meta.at("particle"), "antineutrino");
    EXPECT_EQ(std::stod(c.meta.at("e_nu_eV")), 15000.0);
    EXPECT_EQ(c.meta.at("atomic_form_factor"), "gauss6");
    EXPECT_EQ(c.meta.at("recoil_points"), "100");
    EXPECT_TRUE(c.meta.count("sin2_theta_w"));
    for (const auto& k : list_constants(PhysicalConstants{})) {
        EXPECT_TRUE(c.meta.count("constant." + k.name)) << k.name;
    }
    const CrossSection xs(make_target("He4"), Parameters{});
    expect_matches_library(c, xs, {Flavor::e, NeutrinoType::antineutrino}, 15 * units::keV, 0.0);
}

TEST(XsecCli, JsonCarriesTheSameContent) {
    TempDir d;
    const std::vector<std::string> base = {"xsec",  "--target", "C12",      "--flavor",       "mu",
                                           "--enu", "20keV",    "--recoil", "1meV,5meV,10meV"};
    auto json_args = base;
    json_args.insert(json_args.end(), {"--format", "json", "--output", "x.json"});
    const test::CliRun rj = run_cli(json_args, d.path);
    ASSERT_EQ(rj.exit_code, 0) << rj.err;
    auto csv_args = base;
    csv_args.insert(csv_args.end(), {"--output", "x.csv"});
    ASSERT_EQ(run_cli(csv_args, d.path).exit_code, 0);
    const Csv c = parse_csv(test::slurp(d.path / "x.csv"));

    const auto j = nlohmann::json::parse(test::slurp(d.path / "x.json"));
    ASSERT_EQ(j["columns"].size(), c.columns.size());
    for (std::size_t k = 0; k < c.columns.size(); ++k) EXPECT_EQ(j["columns"][k], c.columns[k]);
    ASSERT_EQ(j["data"].size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t k = 0; k < c.columns.size(); ++k)
            EXPECT_REL_NEAR(j["data"][i][k].get<double>(), c.rows[i][k], kExact);
    EXPECT_EQ(j["metadata"]["target"], "C12");
    EXPECT_EQ(j["metadata"]["cevas_version"], version_string);
    EXPECT_FALSE(j["constants"].empty());
    // The .json extension alone selects JSON.
    auto ext_args = base;
    ext_args.insert(ext_args.end(), {"-o", "y.json"});
    ASSERT_EQ(run_cli(ext_args, d.path).exit_code, 0);
    EXPECT_TRUE(nlohmann::json::accept(test::slurp(d.path / "y.json")));
}

TEST(XsecCli, NewPhysicsFlagsMatchTheLibraryAndAreRecorded) {
    TempDir d;
    const test::CliRun r = run_cli({"xsec",
                                    "--target",
                                    "He4",
                                    "--flavor",
                                    "e",
                                    "--antineutrino",
                                    "--enu",
                                    "15keV",
                                    "--recoil",
                                    "1meV:120meV:30",
                                    "--log",
                                    "--nsi",
                                    "nucleus.emu=0.1-0.05i",
                                    "--nsi",
                                    "axial.u.ee=0.2",
                                    "--nsi",
                                    "e.ee=-0.1",
                                    "--millicharge",
                                    "1e-15",
                                    "--magnetic-moment",
                                    "1e-12",
                                    "--charge-radius",
                                    "1e-32cm2",
                                    "--baseline",
                                    "1m",
                                    "--ordering",
                                    "inverted",
                                    "--sin2w",
                                    "0.2312",
                                    "--ga",
                                    "1.25",
                                    "--form-factor",
                                    "hubbell",
                                    "--nuclear-form-factor",
                                    "helm",
                                    "-o",
                                    "np.csv"},
                                   d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(test::slurp(d.path / "np.csv"));
    EXPECT_EQ(c.meta.at("nsi.vector.nucleus.emu"), "0.1-0.05i");
    EXPECT_EQ(c.meta.at("nsi.axial.u.ee"), "0.2");
    EXPECT_EQ(c.meta.at("nsi.vector.e.ee"), "-0.1");
    EXPECT_EQ(c.meta.at("millicharge_e.ee"), "1e-15");
    EXPECT_EQ(c.meta.at("magnetic_moment_muB.tautau"), "1e-12");
    EXPECT_REL_NEAR(std::stod(c.meta.at("charge_radius_cm2.mumu")), 1e-32, kTight);
    EXPECT_EQ(c.meta.at("mass_ordering"), "inverted");
    EXPECT_EQ(c.meta.at("recoil_spacing"), "logarithmic");
    EXPECT_EQ(c.meta.at("baseline_m"), "1");

    Parameters p;
    p.nsi.vector.nucleus(0, 1) = {0.1, -0.05};
    p.nsi.vector.nucleus(1, 0) = {0.1, 0.05};
    p.nsi.axial.u(0, 0) = 0.2;
    p.nsi.vector.e(0, 0) = -0.1;
    p.electromagnetic.millicharge = Matrix3c::diagonal(1e-15, 1e-15, 1e-15);
    p.electromagnetic.magnetic_moment = Matrix3c::diagonal(1e-12, 1e-12, 1e-12);
    const double r2 = 1e-32 * units::cm2;
    p.electromagnetic.charge_radius = Matrix3c::diagonal(r2, r2, r2);
    p.mixing = MixingParameters::nufit52(MassOrdering::inverted);
    p.electroweak.sin2_theta_w = 0.2312;
    p.electroweak.nucleon_axial_coupling = 1.25;
    p.atomic_form_factor = AtomicFormFactorModel::hubbell;
    p.nuclear_form_factor = NuclearFormFactorModel::helm;
    const CrossSection xs(make_target("He4"), p);
    expect_matches_library(c, xs, {Flavor::e, NeutrinoType::antineutrino}, 15 * units::keV,
                           1 * units::m);
    // The magnetic column is populated.
    EXPECT_GT(c.rows.front()[c.col("dsigma_dT_magnetic_cm2_per_eV")], 0.0);
}

TEST(XsecCli, ConfigFileWithFlagOverrides) {
    TempDir d;
    {
        std::ofstream f(d.path / "input.toml");
        f << "[target]\nname = \"H2\"\n[xsec]\nflavor = \"tau\"\nenu = \"10keV\"\n"
             "recoil = [\"2meV\", \"4meV\"]\noutput = \"from_config.csv\"\n"
             "[nsi.vector.nucleus]\netau = \"0.1+0.1i\"\n";
    }
    const test::CliRun r = run_cli(
        {"xsec", "--config", "input.toml", "--enu", "15keV", "--nsi", "nucleus.ee=0.3"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(test::slurp(d.path / "from_config.csv"));
    EXPECT_EQ(c.meta.at("config"), "input.toml");
    EXPECT_EQ(c.meta.at("target"), "H2");
    EXPECT_EQ(c.meta.at("flavor"), "tau");
    EXPECT_EQ(c.meta.at("particle"), "neutrino");
    EXPECT_EQ(std::stod(c.meta.at("e_nu_eV")), 15000.0);  // the flag wins
    EXPECT_EQ(c.meta.at("nsi.vector.nucleus.etau"), "0.1+0.1i");
    EXPECT_EQ(c.meta.at("nsi.vector.nucleus.ee"), "0.3");
    ASSERT_EQ(c.rows.size(), 2u);
    Parameters p;
    p.nsi.vector.nucleus(0, 2) = {0.1, 0.1};
    p.nsi.vector.nucleus(2, 0) = {0.1, -0.1};
    p.nsi.vector.nucleus(0, 0) = 0.3;
    const CrossSection xs(make_target("H2"), p);
    expect_matches_library(c, xs, {Flavor::tau, NeutrinoType::neutrino}, 15 * units::keV, 0.0);
}

TEST(XsecCli, AnnotatedExampleRuns) {
    TempDir d;
    const test::CliRun r = run_cli(
        {"xsec", "--config", std::string(CEVAS_SOURCE_DIR) + "/examples/xsec_nsi.toml"}, d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(r.out);
    EXPECT_EQ(c.rows.size(), 120u);
    EXPECT_EQ(c.meta.at("nsi.vector.nucleus.emu"), "0.1-0.05i");
}

TEST(XsecCli, StandardOutputAndRecoilAboveTmax) {
    TempDir d;
    // T_max(15 keV, He4) = 0.12 eV: 1 eV is above it and gives 0, not an error.
    const test::CliRun r = run_cli({"xsec", "--target", "He4", "--flavor", "e", "--enu", "15keV",
                                    "--recoil", "10meV,1eV", "--output", "-"},
                                   d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Csv c = parse_csv(r.out);
    ASSERT_EQ(c.rows.size(), 2u);
    EXPECT_GT(c.rows[0][c.col("dsigma_dT_cm2_per_eV")], 0.0);
    EXPECT_EQ(c.rows[1][c.col("dsigma_dT_cm2_per_eV")], 0.0);
    EXPECT_TRUE(d.outputs().empty());
}

TEST(XsecCli, HelpAndVersion) {
    TempDir d;
    const std::vector<std::vector<std::string>> cases = {{"--help"},
                                                         {"xsec", "--help"},
                                                         {"info", "--help"},
                                                         {"info", "targets", "--help"},
                                                         {"info", "constants", "--help"},
                                                         {"info", "isotopes", "--help"},
                                                         {"info", "units", "--help"}};
    for (const auto& args : cases) {
        const test::CliRun r = run_cli(args, d.path);
        EXPECT_EQ(r.exit_code, 0) << args[0];
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
    }
    const test::CliRun xs = run_cli({"xsec", "--help"}, d.path);
    for (const char* flag : {"--target", "--flavor", "--antineutrino", "--enu", "--recoil", "--log",
                             "--form-factor", "--nuclear-form-factor", "--sin2w", "--ga", "--nsi",
                             "--baseline", "--ordering", "--millicharge", "--magnetic-moment",
                             "--charge-radius", "--config", "--format", "--output"}) {
        EXPECT_NE(xs.out.find(flag), std::string::npos) << flag;
    }
    const test::CliRun v = run_cli({"--version"}, d.path);
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.out.find(version_string), std::string::npos);
}

// --- bad input -----------------------------------------------------------------------------------

struct BadCase {
    std::vector<std::string> args;  // after "xsec"; "-o out.csv" is appended
    int exit_code;
    std::vector<std::string> fragments;  // must appear in the message
};

void expect_clean_failure(const BadCase& b, const std::string& config = "",
                          bool add_output = true) {
    TempDir d;
    if (!config.empty()) {
        std::ofstream f(d.path / "input.toml");
        f << config;
    }
    std::vector<std::string> args = {"xsec"};
    args.insert(args.end(), b.args.begin(), b.args.end());
    if (add_output) args.insert(args.end(), {"-o", "out.csv"});
    const test::CliRun r = run_cli(args, d.path);
    std::string shown;
    for (const auto& a : b.args) shown += a + " ";
    EXPECT_EQ(r.exit_code, b.exit_code) << shown << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("cevas: error: ", 0), 0u) << shown << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "not one line: " << r.err;
    for (const auto& f : b.fragments) {
        EXPECT_NE(r.err.find(f), std::string::npos) << shown << ": '" << f << "' not in " << r.err;
    }
    EXPECT_TRUE(r.out.empty()) << shown;
    EXPECT_TRUE(d.outputs().empty()) << shown << ": left " << d.outputs().front();
}

const std::vector<std::string> kGood = {"--target", "He4",   "--flavor", "e",
                                        "--enu",    "15keV", "--recoil", "1meV"};

std::vector<std::string> with(std::vector<std::string> args, const std::string& flag,
                              const std::string& value) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == flag) {
            args[i + 1] = value;
            return args;
        }
    }
    args.push_back(flag);
    if (!value.empty()) args.push_back(value);
    return args;
}

TEST(XsecCliBadInput, IssueProbes) {
    expect_clean_failure(
        {{"--target", "He4", "--flavor", "e", "--enu", "-5keV", "--recoil", "1meV"},
         2,
         {"--enu", "-5keV", "must be positive"}});
    expect_clean_failure({{"--target", "He4", "--flavor", "e", "--enu", "nan", "--recoil", "1meV"},
                          2,
                          {"--enu", "nan", "not a finite number"}});
    expect_clean_failure({with(kGood, "--target", "Xx7"), 2, {"--target", "Xx7"}});
    expect_clean_failure({with(kGood, "--flavor", "q"), 2, {"--flavor", "'q'", "unknown flavour"}});
    expect_clean_failure(
        {with(kGood, "--recoil", "5meV:1meV:x"), 2, {"--recoil", "5meV:1meV:x", "N = 'x'"}});
}

TEST(XsecCliBadInput, Issue3List) {
    expect_clean_failure({with(kGood, "--enu", "0"), 2, {"--enu", "must be positive"}});
    expect_clean_failure({with(kGood, "--enu", "0keV"), 2, {"--enu", "must be positive"}});
    expect_clean_failure({with(kGood, "--enu", "15 kev"), 2, {"--enu", "unknown unit"}});
    expect_clean_failure(
        {with(kGood, "--recoil", "1meV,-2meV"), 2, {"--recoil", "must not be negative"}});
    expect_clean_failure({with(kGood, "--recoil", "1meV:5meV"), 2, {"--recoil", "START:STOP:N"}});
    expect_clean_failure(
        {with(kGood, "--recoil", "5meV:1meV:10"), 2, {"--recoil", "STOP must be larger"}});
    expect_clean_failure(
        {with(with(kGood, "--recoil", "0:1meV:5"), "--log", ""), 2, {"--recoil", "START"}});
    expect_clean_failure({with(kGood, "--target", "He999"), 2, {"--target", "He999"}});
    expect_clean_failure({with(kGood, "--target", "4"), 2, {"--target"}});
    expect_clean_failure({with(kGood, "--flavor", "tauon"), 2, {"--flavor"}});
    expect_clean_failure({with(kGood, "--form-factor", "gauss7"), 2, {"--form-factor", "gauss7"}});
    expect_clean_failure(
        {with(kGood, "--nuclear-form-factor", "woods"), 2, {"--nuclear-form-factor", "woods"}});
    expect_clean_failure({with(with(kGood, "--target", "C12"), "--form-factor", "gauss6"),
                          2,
                          {"--form-factor", "gauss6", "does not support Z = 6"}});
    expect_clean_failure({with(with(kGood, "--target", "Xe132"), "--form-factor", "hydrogenic"),
                          2,
                          {"--form-factor", "hydrogenic"}});
    expect_clean_failure({with(kGood, "--format", "xml"), 2, {"--format", "xml"}});
    expect_clean_failure(
        {with(kGood, "--baseline", "-1m"), 2, {"--baseline", "must not be negative"}});
    expect_clean_failure(
        {with(kGood, "--baseline", "1 parsec"), 2, {"--baseline", "unknown unit"}});
    expect_clean_failure({with(kGood, "--sin2w", "1.5"), 2, {"--sin2w", "(0, 1)"}});
    expect_clean_failure({with(kGood, "--ga", "x"), 2, {"--ga", "not a number"}});
    expect_clean_failure({with(kGood, "--ordering", "sideways"), 2, {"--ordering", "sideways"}});
    expect_clean_failure({with(kGood, "--millicharge", "1e-15e"), 2, {"--millicharge"}});
    expect_clean_failure(
        {with(kGood, "--magnetic-moment", "nan"), 2, {"--magnetic-moment", "finite"}});
    expect_clean_failure(
        {with(kGood, "--charge-radius", "1e-32cm"), 2, {"--charge-radius", "unknown unit 'cm'"}});
    expect_clean_failure(
        {{"--target", "He4", "--flavor", "e", "--recoil", "1meV"}, 2, {"--enu", "required"}});
    expect_clean_failure(
        {{"--flavor", "e", "--enu", "1keV", "--recoil", "1meV"}, 2, {"--target", "required"}});
    expect_clean_failure(
        {{"--target", "He4", "--enu", "1keV", "--recoil", "1meV"}, 2, {"--flavor", "required"}});
    expect_clean_failure(
        {{"--target", "He4", "--flavor", "e", "--enu", "1keV"}, 2, {"--recoil", "required"}});
    expect_clean_failure({with(kGood, "--bogus", "1"), 2, {"--bogus"}});
    expect_clean_failure({with(kGood, "--antineutrino", "--neutrino"), 2, {"--neutrino"}});
}

TEST(XsecCliBadInput, UnwritableOutput) {
    TempDir d;
    // Caught before computing (exit 2) ...
    for (const char* path : {"missing/out.csv", ".", "missing/"}) {
        auto args = kGood;
        args.insert(args.begin(), "xsec");
        args.insert(args.end(), {"--output", path});
        const test::CliRun r = run_cli(args, d.path);
        EXPECT_EQ(r.exit_code, 2) << path << ": " << r.err;
        EXPECT_NE(r.err.find("--output"), std::string::npos) << r.err;
        EXPECT_TRUE(d.outputs().empty());
    }
    // ... or, where only the write itself can tell (root may pass the permission check on
    // /proc), when writing: exit 1. Either way the option is named and nothing is left.
    {
        auto args = kGood;
        args.insert(args.begin(), "xsec");
        args.insert(args.end(), {"--output", "/proc/cevas_cannot_write_here.csv"});
        const test::CliRun r = run_cli(args, d.path);
        EXPECT_NE(r.exit_code, 0) << r.err;
        EXPECT_NE(r.err.find("--output"), std::string::npos) << r.err;
        EXPECT_TRUE(d.outputs().empty());
    }
}

TEST(XsecCliBadInput, Issue4List) {
    expect_clean_failure(
        {with(kGood, "--nsi", "quark.ee=0.1"), 2, {"--nsi", "quark.ee=0.1", "unknown NSI level"}});
    expect_clean_failure(
        {with(kGood, "--nsi", "nucleus.ex=0.1"), 2, {"--nsi", "unknown flavour pair"}});
    expect_clean_failure(
        {with(kGood, "--nsi", "nucleus.emu=0.1-0.0.5i"), 2, {"--nsi", "malformed"}});
    expect_clean_failure({with(kGood, "--nsi", "nucleus.emu=abc"), 2, {"--nsi", "not a number"}});
    expect_clean_failure({with(kGood, "--nsi", "nucleus.ee=0.1i"), 2, {"--nsi", "must be real"}});
    expect_clean_failure({with(kGood, "--nsi", "nucleus.emu"), 2, {"--nsi", "LEVEL.AB=VALUE"}});
    expect_clean_failure(
        {with(kGood, "--nsi", "chiral.u.ee=1"), 2, {"--nsi", "unknown NSI structure"}});
    {
        auto a = with(kGood, "--nsi", "nucleus.emu=0.1");
        a.insert(a.end(), {"--nsi", "nucleus.mue=0.1"});
        expect_clean_failure({a, 2, {"--nsi", "again"}});
    }
}

TEST(XsecCliBadInput, ConfigErrorsExitWithOne) {
    const auto cfg = with(kGood, "--config", "input.toml");
    expect_clean_failure(
        {cfg, 1, {"nsi.vector.nucleus.matrix", "not hermitian", "input.toml:2"}},
        "[nsi.vector.nucleus]\nmatrix = [[0.1, 0.2, 0], [0.3, 0, 0], [0, 0, 0]]\n");
    expect_clean_failure(
        {cfg, 1, {"physics.sin2_theta_wx", "did you mean 'physics.sin2_theta_w'?"}},
        "[physics]\nsin2_theta_wx = 0.2\n");
    expect_clean_failure({cfg, 1, {"physcs", "did you mean 'physics'?"}},
                         "[physcs]\nsin2_theta_w = 0.2\n");
    expect_clean_failure({cfg, 1, {"xsec.enu", "expected a number or a string"}},
                         "[xsec]\nenu = [1]\n");
    expect_clean_failure({cfg, 1, {"nsi.vector.u.emu", "malformed"}},
                         "[nsi.vector.u]\nemu = \"1+2j\"\n");
    expect_clean_failure({cfg, 1, {"--config", "TOML syntax error"}}, "[xsec\n");
    expect_clean_failure(
        {with(kGood, "--config", "absent.toml"), 1, {"--config", "absent.toml", "does not exist"}});
}

TEST(XsecCliBadInput, PhysicsErrorsAfterParsingLeaveNoFile) {
    // The configuration is valid TOML but the library rejects it once the cross section is
    // built (after every option was converted): exit 1, and still no output file.
    expect_clean_failure({{"--config", "input.toml"}, 1, {"form_factor", "gauss6"}},
                         "[target]\nname = \"C12\"\n[physics]\natomic_form_factor = \"gauss6\"\n"
                         "[xsec]\nflavor = \"e\"\nenu = \"15keV\"\nrecoil = \"1meV\"\n");
    expect_clean_failure(
        {{"--config", "input.toml"}, 1, {"shells"}},
        "[target]\nname = \"He4\"\n"
        "[[target.shells]]\n[[target.shells]]\n[[target.shells]]\n[[target.shells]]\n"
        "[[target.shells]]\n"
        "[xsec]\nflavor = \"e\"\nenu = \"15keV\"\nrecoil = \"1meV\"\n");
    // An output path named in the configuration is checked before computing, too.
    expect_clean_failure({{"--config", "input.toml"}, 1, {"xsec.output", "does not exist"}},
                         "[target]\nname = \"He4\"\n"
                         "[xsec]\nflavor = \"e\"\nenu = \"15keV\"\nrecoil = \"1meV\"\noutput = "
                         "\"no/such/dir.csv\"\n",
                         /*add_output=*/false);
}

}  // namespace
}  // namespace cevas
