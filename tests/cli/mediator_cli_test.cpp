// End-to-end: light mediators on `cevas xsec` (--mediator), in configs ([[mediator]] through
// `cevas run`), the limit-vs-mass curve of `cevas limit --mediator-mass-scan` checked against the
// rates layer (cevas run, no templates) at the printed limit, and bad input (one line, exit
// non-zero, no file).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "cli/cli_support.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::TempDir;

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p);
    out << text;
}

TEST(MediatorCli, XsecMatchesTheLibraryAndRecordsTheMediator) {
    TempDir d;
    const test::CliRun r = run_cli(
        {"xsec", "--target", "He4", "--flavor", "e", "--antineutrino", "--enu", "18keV", "--recoil",
         "1meV:150meV:20", "--mediator", "vector:mass=10keV,g_nu=1e-7,g_u=1e-7,g_d=1e-7,g_e=1e-7",
         "--mediator", "scalar:mass=1MeV,g_nu_e=1e-6,g_p=1e-6", "-o", "m.csv"},
        d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const test::Csv c = test::parse_csv(test::slurp(d.path / "m.csv"));
    EXPECT_EQ(c.meta.at("mediator[0].type"), "vector");
    EXPECT_EQ(c.meta.at("mediator[0].mass_eV"), "10000");
    EXPECT_EQ(c.meta.at("mediator[0].g_e"), "1e-07");
    EXPECT_EQ(c.meta.at("mediator[1].type"), "scalar");
    EXPECT_EQ(c.meta.at("mediator[1].g_nu.ee"), "1e-06");
    Parameters p;
    Mediator v;
    v.mass = 10 * units::keV;
    v.g_nu = Matrix3c::diagonal(1e-7, 1e-7, 1e-7);
    v.g_u = v.g_d = v.g_e = 1e-7;
    Mediator s;
    s.type = MediatorType::scalar;
    s.mass = 1 * units::MeV;
    s.g_nu = Matrix3c::diagonal(1e-6, 0, 0);
    s.g_p = 1e-6;
    p.mediators = {v, s};
    const CrossSection xs(make_target("He4"), p);
    const CrossSection sm(make_target("He4"), Parameters{});
    ASSERT_EQ(c.rows.size(), 20u);
    for (const auto& row : c.rows) {
        const double t = row[c.col("recoil_eV")] * units::eV;
        const Breakdown b = xs.breakdown({Flavor::e, NeutrinoType::antineutrino},
                                         {.e_nu = 18 * units::keV, .t_recoil = t});
        EXPECT_REL_NEAR(row[c.col("dsigma_dT_cm2_per_eV")], b.dsigma_dT / (units::cm2 / units::eV),
                        1e-12);
        EXPECT_REL_NEAR(row[c.col("c_s")], b.c_s, 1e-12);
        EXPECT_GT(b.c_s, 0.0);  // the scalar mediator is on
        // and the mediators change the SM
        EXPECT_NE(b.dsigma_dT, sm.dsigma_dT({Flavor::e, NeutrinoType::antineutrino},
                                            {.e_nu = 18 * units::keV, .t_recoil = t}));
    }
}

// cevas rate: a heavy mediator (1000 GeV) gives the rate of the contact NSI
// eps^u = g_nu g_u / (sqrt2 G_F m^2) on every diagonal flavour entry.
TEST(MediatorCli, RateWithHeavyMediatorEqualsContactNsi) {
    TempDir d;
    const std::vector<std::string> common = {
        "rate",          "--source", "tritium",    "--activity", "1MCi",     "--target",      "He4",
        "--target-mass", "1kg",      "--distance", "1m",         "--recoil", "1meV:150meV:12"};
    std::vector<std::string> a = common, b = common;
    a.insert(a.end(), {"--mediator", "vector:mass=1000GeV,g_nu=1,g_u=1"});
    const double gf = PhysicalConstants{}.fermi_constant, m = 1000 * units::GeV;
    char eps[64];
    std::snprintf(eps, sizeof eps, "%.17g", 1.0 / (std::sqrt(2.0) * gf * m * m));
    for (const char* ab : {"ee", "mumu", "tautau"})
        b.insert(b.end(), {"--nsi", std::string("u.") + ab + "=" + eps});
    const test::CliRun ra = run_cli(a, d.path), rb = run_cli(b, d.path);
    ASSERT_EQ(ra.exit_code, 0) << ra.err;
    ASSERT_EQ(rb.exit_code, 0) << rb.err;
    const test::Csv ca = test::parse_csv(ra.out), cb = test::parse_csv(rb.out);
    EXPECT_EQ(ca.meta.at("scenario.sm.mediator[0].mass_eV"), "1000000000000");
    const std::vector<double> x = ca.column("dN_dT_sm_per_eV_per_s"),
                              y = cb.column("dN_dT_sm_per_eV_per_s");
    ASSERT_EQ(x.size(), 12u);
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_REL_NEAR(x[i], y[i], 1e-10);
}

TEST(MediatorCli, BadMediatorInputIsOneLineAndWritesNothing) {
    TempDir d;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"vector:mass=-1MeV,g_u=1e-5", "--mediator mass = '-1MeV'"},
        {"vector:mass=nan,g_u=1e-5", "--mediator mass = 'nan'"},
        {"vector:mass=0,g_u=1e-5", "--mediator mass = '0'"},
        {"axial:mass=1MeV", "--mediator type = 'axial'"},
        {"vector:mass=1MeV,g_s=1e-5", "--mediator g_s = 1e-5"},
    };
    for (const auto& [arg, msg] : cases) {
        const test::CliRun r =
            run_cli({"xsec", "--target", "He4", "--flavor", "e", "--enu", "18keV", "--recoil",
                     "1meV", "--mediator", arg, "-o", "out.csv"},
                    d.path);
        EXPECT_NE(r.exit_code, 0) << arg;
        EXPECT_NE(r.err.find(msg), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(fs::exists(d.path / "out.csv")) << arg;
    }
    // In a configuration: the key and value with the file position.
    std::string cfg =
        test::slurp(std::string(CEVAS_SOURCE_DIR) + "/examples/sensitivity/saturne.toml");
    write(d.path / "input.toml", cfg + "\n[[mediator]]\ntype = \"vector\"\nmass = \"-5keV\"\n");
    const test::CliRun r =
        run_cli({"run", "input.toml", "--output", "run_out", "--no-plots"}, d.path);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("mediator[0].mass = '-5keV'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d.path / "run_out"));
    write(d.path / "input2.toml", cfg +
                                      "\n[[mediator]]\ntype = \"vector\"\nmass = \"5keV\"\n"
                                      "g_top = 1\n");
    const test::CliRun r2 =
        run_cli({"run", "input2.toml", "--output", "run_out", "--no-plots"}, d.path);
    EXPECT_NE(r2.exit_code, 0);
    EXPECT_NE(r2.err.find("g_top"), std::string::npos) << r2.err;
}

// Poisson Delta chi^2 of expected counts mu against data n.
double poisson_delta(const std::vector<double>& n, const std::vector<double>& mu) {
    double c = 0;
    for (std::size_t b = 0; b < n.size(); ++b)
        c += 2 * (mu[b] - n[b] + (n[b] > 0 ? n[b] * std::log(n[b] / mu[b]) : 0.0));
    return c;
}

TEST(MediatorCli, MassScanLimitsAreWhereTheRatesGiveTheThreshold) {
    TempDir d;
    const std::string cfg =
        test::slurp(std::string(CEVAS_SOURCE_DIR) + "/examples/sensitivity/saturne.toml");
    write(d.path / "input.toml", cfg);
    const test::CliRun r = run_cli({"limit", "input.toml", "--parameter", "mediator.g2",
                                    "--mediator-mass-scan", "1keV:100MeV:3:log", "-o", "scan.json"},
                                   d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(test::slurp(d.path / "scan.json"));
    ASSERT_EQ(j["limits"].size(), 3u);
    int k = 0;
    for (const auto& p : j["limits"]) {
        const std::string out = "run_out_" + std::to_string(k++);
        const double mass = p["mass_eV"].get<double>(), upper = p["upper"].get<double>();
        EXPECT_LT(p["lower"].get<double>(), 0.0);
        EXPECT_GT(upper, 0.0);
        // The rates layer (cevas run, no templates) with the mediator at g^2 = upper: Delta chi^2
        // against the SM = chi2.ppf(0.9, 1) = 2.705543454095404 (scripts/reference_stats.py).
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "[[scenario]]\nname = \"alt\"\n[[scenario.mediator]]\ntype = \"vector\"\n"
                      "mass = %.17g\ng_nu = 1\ng_u = %.17g\ng_d = %.17g\ng_e = %.17g\n",
                      mass, upper, upper, upper);
        write(d.path / "input_run.toml", cfg + "\n" + buf);
        const test::CliRun rr =
            run_cli({"run", "input_run.toml", "--output", out, "--no-plots"}, d.path);
        ASSERT_EQ(rr.exit_code, 0) << rr.err;
        const test::Csv c = test::parse_csv(test::slurp(d.path / out / "counts.csv"));
        std::vector<double> sm = c.column("counts_sm"), alt = c.column("counts_alt");
        EXPECT_NEAR(poisson_delta(sm, alt), 2.705543454095404, 1e-6) << "m = " << mass;
    }
}

}  // namespace
}  // namespace cevas
