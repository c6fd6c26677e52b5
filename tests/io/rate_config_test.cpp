// Rate configuration reader (io/rate_config.hpp): the two annotated examples give the expected
// objects; every source type and geometry parses; every kind of bad input named in issue 5
// ("Bad input") is a ConfigError naming the dotted key, except a threshold above the kinematic
// maximum, which is accepted here and becomes a run-time warning with zero events.
#include "cevas/io/rate_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/reactor.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/targets/target.hpp"
#include "cli/cli_support.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;
using test::kTight;

/// The SI definition of the atomic mass unit (CODATA 2018, 1.66053906660e-27 kg) against the
/// library's u = 931.49410242 MeV/c^2 (same CODATA set): they agree to their 3e-10 uncertainty.
constexpr double kCodataConsistency = 1e-9;

std::string example(const char* name) {
    return std::string(CEVAS_SOURCE_DIR) + "/examples/" + name;
}

// A minimal valid configuration assembled from sections; each test replaces one of them.
struct Toml {
    std::string target = "[target]\nname = \"He4\"\n";
    std::string source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\n";
    std::string geometry = "[geometry]\ntype = \"point\"\ndistance = \"1m\"\n";
    std::string detector = "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n";
    std::string binning = "[binning]\nmin = \"1meV\"\nmax = \"185meV\"\nbins = 10\n";
    std::string extra;
    std::string text() const { return target + source + geometry + detector + binning + extra; }
};

RateConfig parse(const Toml& t) { return parse_rate_config(t.text(), "test.toml"); }

// Expect a one-line ConfigError containing every fragment.
void expect_error(const std::string& toml, std::initializer_list<std::string> fragments) {
    try {
        parse_rate_config(toml, "test.toml");
        ADD_FAILURE() << "no exception for:\n" << toml;
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        for (const auto& f : fragments)
            EXPECT_NE(msg.find(f), std::string::npos) << "'" << f << "' not in: " << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "multi-line message: " << msg;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "wrong exception type: " << e.what() << "\nfor:\n" << toml;
    }
}
void expect_error(const Toml& t, std::initializer_list<std::string> fragments) {
    expect_error(t.text(), fragments);
}

std::vector<std::string> names(const RateConfig& c) {
    std::vector<std::string> v;
    for (const auto& s : c.scenarios) v.push_back(s.name);
    return v;
}

// <1/(4 pi r^2)> over a cylinder (radius R, height H) with the source at its centre and a dead
// sphere of radius r0: integral dV/(4 pi r^2) = (1/2) integral dmu (r_max(mu) - r0)
//   = R asin(mu_c) + h ln(1/mu_c) - r0,  h = H/2, mu_c = h / sqrt(R^2 + h^2)
// (closed form derived by hand), divided by the volume pi R^2 H - 4/3 pi r0^3.
double centred_cylinder_flux_factor(double r, double height, double r0) {
    const double h = 0.5 * height;
    const double mu_c = h / std::hypot(r, h);
    const double integral = r * std::asin(mu_c) + h * std::log(1 / mu_c) - r0;
    const double pi = std::numbers::pi;
    return integral / (pi * r * r * height - 4.0 / 3.0 * pi * r0 * r0 * r0);
}

// --- the annotated examples ---------------------------------------------------------------

TEST(RateConfig, SaturneExampleGivesTheExpectedObjects) {
    const RateConfig c = read_rate_config(example("saturne.toml"));
    const Experiment& ex = c.experiment;
    EXPECT_EQ(ex.target.name, "He4");
    EXPECT_EQ(ex.target.z, 2);
    EXPECT_EQ(ex.target.a, 4);

    // 10 MCi = 10 * 1e6 * 3.7e10 Bq: one anti-nu_e per decay.
    EXPECT_REL_NEAR(ex.source.total_rate() / units::Bq, 3.7e17, kTight);
    ASSERT_EQ(ex.source.components().size(), 1u);
    EXPECT_EQ(ex.source.components()[0].flavor, Flavor::e);
    EXPECT_EQ(ex.source.components()[0].type, NeutrinoType::antineutrino);

    // Cylinder R = 0.819 m, H = 1.637 m, dead sphere 0.1 m, source at the centre.
    EXPECT_GT(ex.geometry.flux_factor, 0.0);
    EXPECT_REL_NEAR(
        ex.geometry.flux_factor,
        centred_cylinder_flux_factor(0.819 * units::m, 1.637 * units::m, 0.1 * units::m), kTight);
    EXPECT_FALSE(ex.geometry.baselines.baselines.empty());
    for (double l : ex.geometry.baselines.baselines) EXPECT_GT(l, 0.1 * units::m);
    EXPECT_TRUE(ex.options.oscillations);

    // 500 kg of He4 atoms: AME2020 M(4He) = 4.00260325413 u (neutral atom).
    EXPECT_REL_NEAR(ex.n_atoms, 500 * units::kg / make_target("He4").mass, kExact);
    EXPECT_REL_NEAR(ex.n_atoms, 500.0 / (4.00260325413 * 1.66053906660e-27), kCodataConsistency);

    // Detector and binning as written.
    EXPECT_REL_NEAR(ex.detector.exposure, 5 * 365.25 * 86400 * units::s, kExact);
    EXPECT_REL_NEAR(ex.detector.threshold, 1e-3 * units::eV, kExact);
    EXPECT_EQ(ex.detector.efficiency.constant, 1.0);
    EXPECT_TRUE(ex.detector.efficiency.x.empty());
    EXPECT_EQ(ex.detector.background.constant, 0.0);
    EXPECT_EQ(ex.detector.resolution.sigma_abs, 0.0);
    EXPECT_EQ(ex.detector.resolution.sigma_rel, 0.0);
    const auto& edges = ex.detector.binning.edges;
    ASSERT_EQ(edges.size(), 47u);
    for (std::size_t i = 0; i < edges.size(); ++i)
        EXPECT_REL_NEAR(edges[i], (1.0 + 4.0 * static_cast<double>(i)) * units::meV, kTight) << i;

    // Spectrum grid: 400 logarithmic points from 0.1 to 190 meV (constant ratio).
    ASSERT_EQ(ex.recoil.size(), 400u);
    EXPECT_REL_NEAR(ex.recoil.front(), 0.1 * units::meV, kExact);
    EXPECT_REL_NEAR(ex.recoil.back(), 190 * units::meV, kExact);
    const double ratio = std::pow(1900.0, 1.0 / 399.0);
    for (std::size_t i = 1; i < ex.recoil.size(); ++i)
        EXPECT_REL_NEAR(ex.recoil[i] / ex.recoil[i - 1], ratio, kTight) << i;
    EXPECT_EQ(c.recoil_text, "0.1meV:190meV:400");

    // Scenarios in order; the standard ones first.
    EXPECT_EQ(names(c), (std::vector<std::string>{"sm", "no_electrons", "nsi", "magnetic_moment"}));
    EXPECT_FALSE(c.scenarios[0].params.atomic_form_factor.has_value());
    EXPECT_EQ(c.scenarios[1].params.atomic_form_factor, AtomicFormFactorModel::none);
    const Parameters& nsi = c.scenarios[2].params;
    EXPECT_EQ(nsi.nsi.vector.nucleus(0, 0), complex(0.39, 0.0));
    EXPECT_TRUE(nsi.electromagnetic.is_zero());
    EXPECT_NE(c.scenarios[2].label.find("0.39"), std::string::npos);
    const Parameters& mm = c.scenarios[3].params;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(mm.electromagnetic.magnetic_moment(i, i), complex(1e-12));
    EXPECT_EQ(mm.electromagnetic.magnetic_moment(0, 1), complex(0.0));
    EXPECT_TRUE(mm.nsi.is_zero());
    // [mixing] ordering = "normal" reaches every scenario.
    for (const auto& s : c.scenarios) EXPECT_GT(s.params.mixing.dm31_sq, 0.0) << s.name;

    EXPECT_NE(c.run.name.find("SATURNE"), std::string::npos);
    EXPECT_EQ(c.run.output, "out");
    EXPECT_TRUE(c.run.plots);
    EXPECT_TRUE(c.run.no_electrons);
    EXPECT_EQ(c.source_file, example("saturne.toml"));
}

TEST(RateConfig, Cadeddu2019ExampleGivesTheExpectedObjects) {
    const RateConfig c = read_rate_config(example("cadeddu2019.toml"));
    const Experiment& ex = c.experiment;
    EXPECT_EQ(ex.target.name, "He4");
    // 60 g of tritium: A = ln 2 / T_1/2 * m / m(3H); T_1/2 = 4500 d, m(3H) = 3.01604928132 u.
    const double atoms = 0.060 / (3.01604928132 * 1.66053906660e-27);
    const double activity_bq = std::numbers::ln2 / (4500.0 * 86400.0) * atoms;
    EXPECT_REL_NEAR(ex.source.total_rate() / units::Bq, activity_bq, kCodataConsistency);
    // The file's comment: "about 0.58 MCi".
    EXPECT_NEAR(ex.source.total_rate() / units::MCi, 0.58, 0.005);
    EXPECT_REL_NEAR(ex.n_atoms, 500 * units::kg / make_target("He4").mass, kExact);
    EXPECT_REL_NEAR(
        ex.geometry.flux_factor,
        centred_cylinder_flux_factor(0.819 * units::m, 1.637 * units::m, 0.1 * units::m), kTight);
    EXPECT_REL_NEAR(ex.detector.exposure, 5 * units::year, kExact);
    EXPECT_EQ(names(c), (std::vector<std::string>{"sm", "no_electrons", "magnetic_moment"}));
    EXPECT_EQ(c.scenarios[2].params.electromagnetic.magnetic_moment(1, 1), complex(7e-13));
    EXPECT_EQ(c.run.output, "out/cadeddu2019");
}

// --- defaults and optional sections -----------------------------------------------------------

TEST(RateConfig, MinimalConfigTakesTheDocumentedDefaults) {
    const RateConfig c = parse(Toml{});
    const Experiment& ex = c.experiment;
    EXPECT_REL_NEAR(ex.geometry.flux_factor, 1 / (4 * std::numbers::pi * units::m * units::m),
                    kExact);
    EXPECT_EQ(ex.detector.threshold, 0.0);
    EXPECT_EQ(ex.detector.efficiency.constant, 1.0);
    EXPECT_EQ(ex.detector.background.constant, 0.0);
    EXPECT_EQ(ex.detector.binning.n_bins(), 10u);
    EXPECT_REL_NEAR(ex.detector.binning.edges[1] - ex.detector.binning.edges[0], 18.4 * units::meV,
                    kTight);
    EXPECT_TRUE(ex.options.oscillations);
    EXPECT_EQ(ex.options.energy_panels, RateOptions{}.energy_panels);
    // [spectrum] absent: 0.1meV:200meV:400, linear.
    EXPECT_EQ(c.recoil_text, "0.1meV:200meV:400");
    ASSERT_EQ(ex.recoil.size(), 400u);
    EXPECT_REL_NEAR(ex.recoil[1] - ex.recoil[0], (199.9 / 399) * units::meV, kTight);
    EXPECT_EQ(names(c), (std::vector<std::string>{"sm", "no_electrons"}));
    EXPECT_EQ(c.run.name, "cevas");
    EXPECT_EQ(c.run.output, "out");
    EXPECT_TRUE(c.run.plots);
    // The inputs for metadata include the source strength and the geometry.
    bool has_activity = false, has_geometry = false;
    for (const auto& [k, v] : c.inputs) {
        has_activity = has_activity || k == "source.activity_Bq";
        has_geometry = has_geometry || k == "geometry";
    }
    EXPECT_TRUE(has_activity);
    EXPECT_TRUE(has_geometry);
}

TEST(RateConfig, RunSectionSwitches) {
    Toml t;
    t.extra =
        "[run]\nname = \"x\"\noutput = \"res\"\nplots = false\nno_electrons = false\n"
        "oscillations = false\nenergy_panels = 96\n";
    const RateConfig c = parse(t);
    EXPECT_EQ(c.run.name, "x");
    EXPECT_EQ(c.run.output, "res");
    EXPECT_FALSE(c.run.plots);
    EXPECT_EQ(names(c), std::vector<std::string>{"sm"});
    EXPECT_FALSE(c.experiment.options.oscillations);
    EXPECT_EQ(c.experiment.options.energy_panels, 96);
    for (const char* bad : {"0", "10001", "2.5"}) {
        t.extra = std::string("[run]\nenergy_panels = ") + bad + "\n";
        expect_error(t, {"run.energy_panels", "whole number"});
    }
}

TEST(RateConfig, DetectorKeys) {
    Toml t;
    t.detector =
        "[detector]\natoms = 1e25\nexposure = \"30d\"\nthreshold = \"2meV\"\n"
        "resolution_abs = \"0.5meV\"\nresolution_rel = 0.1\nbackground_per_eV_per_s = 1e-3\n"
        "efficiency = { recoil = [\"1meV\", \"100meV\"], value = [0.5, 1.0] }\n";
    const RateConfig c = parse(t);
    const Detector& d = c.experiment.detector;
    EXPECT_EQ(c.experiment.n_atoms, 1e25);
    EXPECT_REL_NEAR(d.exposure, 30 * 86400 * units::s, kExact);
    EXPECT_REL_NEAR(d.threshold, 2 * units::meV, kExact);
    EXPECT_REL_NEAR(d.resolution.sigma_abs, 0.5 * units::meV, kExact);
    EXPECT_EQ(d.resolution.sigma_rel, 0.1);
    EXPECT_REL_NEAR(d.background.constant * units::eV * units::s, 1e-3, kExact);
    ASSERT_EQ(d.efficiency.x.size(), 2u);
    EXPECT_REL_NEAR(d.efficiency(50.5 * units::meV), 0.75, kExact);  // linear interpolation

    // A tabulated background: values in events/(eV s).
    t.detector =
        "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
        "background_per_eV_per_s = { recoil = [\"0meV\", \"200meV\"], value = [2e-3, 0] }\n";
    const Detector b = parse(t).experiment.detector;
    EXPECT_REL_NEAR(b.background(100 * units::meV) * units::eV * units::s, 1e-3, kExact);

    // Bad detector input.
    t.detector = "[detector]\nmass = \"1kg\"\natoms = 1e25\nexposure = \"1y\"\n";
    expect_error(t, {"detector.mass", "exactly one of mass"});
    t.detector = "[detector]\nexposure = \"1y\"\n";
    expect_error(t, {"detector.mass", "(missing)"});
    t.detector = "[detector]\natoms = -5\nexposure = \"1y\"\n";
    expect_error(t, {"detector.atoms", "must be positive"});
    t.detector = "[detector]\nmass = \"-1kg\"\nexposure = \"1y\"\n";
    expect_error(t, {"detector.mass", "must be positive"});
    t.detector = "[detector]\nmass = \"1kg\"\n";
    expect_error(t, {"detector.exposure", "required"});
    t.detector = "[detector]\nmass = \"1kg\"\nexposure = 5\n";
    expect_error(t, {"detector.exposure", "missing unit"});
    t.detector = "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\nefficiency = 1.5\n";
    expect_error(t, {"detector.efficiency", "[0, 1]"});
    t.detector =
        "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
        "efficiency = { recoil = [1, 2], value = [0.5, 1.0] }\n";
    expect_error(t, {"detector.efficiency.recoil[0]", "missing unit"});
    t.detector =
        "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
        "efficiency = { recoil = [\"2meV\", \"1meV\"], value = [0.5, 1.0] }\n";
    expect_error(t, {"detector.efficiency"});
    t.detector =
        "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\n"
        "efficiency = { recoil = [\"1meV\", \"2meV\"], valu = [0.5, 1.0] }\n";
    expect_error(t, {"detector.efficiency.valu", "did you mean 'detector.efficiency.value'"});
    t.detector = "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\nbackground_per_eV_per_s = -1\n";
    expect_error(t, {"detector.background", "-1"});
}

// --- sources -------------------------------------------------------------------------------

TEST(RateConfig, TritiumByActivityOrMass) {
    Toml t;
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"3.7e10Bq\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source.total_rate() / units::Bq, 3.7e10, kExact);
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"2kCi\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source.total_rate() / units::Bq, 2 * 3.7e13, kExact);
    t.source = "[source]\ntype = \"tritium\"\nmass = \"1g\"\nfermi_function = \"wilkinson\"\n";
    const RateConfig c = parse(t);
    EXPECT_REL_NEAR(c.experiment.source.total_rate(), tritium_activity_from_mass(1 * units::g),
                    kExact);
    const auto& spec =
        dynamic_cast<const TritiumSpectrum&>(c.experiment.source.components()[0].continuum());
    EXPECT_EQ(spec.parameters().fermi_function, FermiFunction::wilkinson);
    // Activity <-> mass: the same source either way.
    t.source = "[source]\ntype = \"tritium\"\nmass = \"" +
               format_value(tritium_mass_from_activity(1 * units::MCi) / units::g) + "g\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source.total_rate(), 1 * units::MCi, kTight);
}

TEST(RateConfig, TritiumErrors) {
    Toml t;
    t.source = "[source]\ntype = \"tritium\"\nactivity = 10\n";
    expect_error(t, {"source.activity", "missing unit", "(test.toml:5)"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"-1MCi\"\n";
    expect_error(t, {"source.activity", "must be positive"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"0Ci\"\n";
    expect_error(t, {"source.activity", "must be positive"});
    t.source = "[source]\ntype = \"tritium\"\nmass = \"-60g\"\n";
    expect_error(t, {"source.mass", "must be positive"});
    t.source = "[source]\ntype = \"tritium\"\nmass = 60\n";
    expect_error(t, {"source.mass", "missing unit"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\nmass = \"60g\"\n";
    expect_error(t, {"source.activity", "both activity and mass", "exactly one"});
    t.source = "[source]\ntype = \"tritium\"\n";
    expect_error(t, {"source.activity", "(missing)"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MBecquerel\"\n";
    expect_error(t, {"source.activity", "unknown unit"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\nfermi_function = \"exact\"\n";
    expect_error(t, {"source.fermi_function", "exact"});
    t.source = "[source]\ntype = \"tritium\"\nactivty = \"1MCi\"\n";
    expect_error(t, {"source.activty", "did you mean 'source.activity'"});
}

TEST(RateConfig, ElectronCaptureSources) {
    Toml t;
    t.source = "[source]\ntype = \"cr51\"\nactivity = \"3MCi\"\n";
    const Source cr = parse(t).experiment.source;
    // The branchings of the lines sum to 1: the total rate is the activity.
    EXPECT_REL_NEAR(cr.total_rate(), 3 * units::MCi, kTight);
    EXPECT_EQ(cr.components().size(), electron_capture_lines(ElectronCaptureIsotope::cr51).size());
    for (const auto& c : cr.components()) {
        EXPECT_TRUE(c.is_line());
        EXPECT_EQ(c.flavor, Flavor::e);
        EXPECT_EQ(c.type, NeutrinoType::neutrino);
    }
    t.source = "[source]\ntype = \"ar37\"\nactivity = \"0.4MCi\"\n";
    const Source ar = parse(t).experiment.source;
    EXPECT_REL_NEAR(ar.total_rate(), 0.4 * units::MCi, kTight);
    EXPECT_EQ(ar.components().size(), electron_capture_lines(ElectronCaptureIsotope::ar37).size());

    t.source = "[source]\ntype = \"cr51\"\n";
    expect_error(t, {"source.activity", "required"});
    t.source = "[source]\ntype = \"cr51\"\nactivity = \"-3MCi\"\n";
    expect_error(t, {"source.activity", "must be positive"});
    t.source = "[source]\ntype = \"cr51\"\nactivity = \"3MCi\"\nmass = \"1g\"\n";
    expect_error(t, {"source.mass", "unknown key"});
}

TEST(RateConfig, LineSource) {
    Toml t;
    t.source =
        "[source]\ntype = \"line\"\nenergy = \"747keV\"\nflavor = \"mu\"\nantineutrino = true\n"
        "rate_per_s = 1e10\n";
    const Source s = parse(t).experiment.source;
    ASSERT_EQ(s.components().size(), 1u);
    const auto& c = s.components()[0];
    ASSERT_TRUE(c.is_line());
    EXPECT_REL_NEAR(c.line().energy, 747 * units::keV, kExact);
    EXPECT_EQ(c.flavor, Flavor::mu);
    EXPECT_EQ(c.type, NeutrinoType::antineutrino);
    EXPECT_REL_NEAR(c.rate / units::Bq, 1e10, kExact);

    const std::string base = "[source]\ntype = \"line\"\n";
    t.source = base + "flavor = \"e\"\nrate_per_s = 1e10\n";
    expect_error(t, {"source.energy", "required"});
    t.source = base + "energy = 747\nflavor = \"e\"\nrate_per_s = 1e10\n";
    expect_error(t, {"source.energy", "missing unit"});
    t.source = base + "energy = \"747keV\"\nrate_per_s = 1e10\n";
    expect_error(t, {"source.flavor", "required"});
    t.source = base + "energy = \"747keV\"\nflavor = \"x\"\nrate_per_s = 1e10\n";
    expect_error(t, {"source.flavor", "'x'"});
    t.source = base + "energy = \"747keV\"\nflavor = \"e\"\n";
    expect_error(t, {"source.rate_per_s", "required"});
    t.source = base + "energy = \"747keV\"\nflavor = \"e\"\nrate_per_s = -1\n";
    expect_error(t, {"source.rate_per_s", "must be positive"});
}

TEST(RateConfig, PionDecayAtRestSource) {
    Toml t;
    t.source = "[source]\ntype = \"pion_dar\"\nproton_rate_per_s = 1e16\npions_per_proton = 0.09\n";
    const Source s = parse(t).experiment.source;
    ASSERT_EQ(s.components().size(), 3u);
    // Three neutrinos per pi+ decay chain, each at the pion rate.
    for (const auto& c : s.components()) EXPECT_REL_NEAR(c.rate / units::Bq, 9e14, kTight);
    EXPECT_REL_NEAR(s.total_rate() / units::Bq, 3 * 9e14, kTight);

    t.source = "[source]\ntype = \"pion_dar\"\npions_per_proton = 0.09\n";
    expect_error(t, {"source.proton_rate_per_s", "required"});
    t.source = "[source]\ntype = \"pion_dar\"\nproton_rate_per_s = 1e16\n";
    expect_error(t, {"source.pions_per_proton", "required"});
    t.source =
        "[source]\ntype = \"pion_dar\"\nproton_rate_per_s = -1e16\npions_per_proton = 0.09\n";
    expect_error(t, {"source.proton_rate_per_s", "must be positive"});
    t.source = "[source]\ntype = \"pion_dar\"\nproton_rate_per_s = 1e16\npions_per_proton = 0\n";
    expect_error(t, {"source.pions_per_proton", "must be positive"});
}

TEST(RateConfig, ReactorSource) {
    Toml t;
    t.source =
        "[source]\ntype = \"reactor\"\nthermal_power_GW = 3\n"
        "fission_fractions = [0.5, 0.1, 0.3, 0.1]\ne_min_MeV = 2\ne_max_MeV = 8\n";
    const Source s = parse(t).experiment.source;
    ASSERT_EQ(s.components().size(), 1u);
    const auto& spec = dynamic_cast<const ReactorSpectrum&>(s.components()[0].continuum());
    EXPECT_REL_NEAR(spec.e_min(), 2 * units::MeV, kExact);
    EXPECT_REL_NEAR(spec.e_max(), 8 * units::MeV, kExact);
    EXPECT_REL_NEAR(spec.fission_fractions()[0], 0.5, kExact);
    EXPECT_REL_NEAR(spec.fission_fractions()[3], 0.1, kExact);
    // Rate = fissions per second x antineutrinos per fission; fissions per second =
    // P / sum f_i E_i with E_i (Ma et al. 2013) 202.36, 205.99, 211.12, 214.26 MeV.
    const double mev_per_fission = 0.5 * 202.36 + 0.1 * 205.99 + 0.3 * 211.12 + 0.1 * 214.26;
    const double fissions_per_s = 3e9 / (mev_per_fission * 1.602176634e-13);
    EXPECT_REL_NEAR(s.total_rate() / units::Bq, fissions_per_s * spec.neutrinos_per_fission(),
                    kTight);

    const std::string base = "[source]\ntype = \"reactor\"\n";
    t.source = base;
    expect_error(t, {"source.thermal_power_GW", "required"});
    t.source = base + "thermal_power_GW = -3\n";
    expect_error(t, {"source.thermal_power_GW", "must be positive"});
    t.source = base + "thermal_power_GW = 3\nfission_fractions = [0.5, 0.5]\n";
    expect_error(t, {"source.fission_fractions", "need 4"});
    t.source = base + "thermal_power_GW = 3\nfission_fractions = [0.5, 0.5, 0.5, 0.5]\n";
    expect_error(t, {"fission_fractions"});
    t.source = base + "thermal_power_GW = 3\nfission_fractions = [0.5, 0.1, 0.3, -0.1]\n";
    expect_error(t, {"source.fission_fractions[3]", "must not be negative"});
    t.source = base + "thermal_power_GW = 3\ne_max_MeV = 1\n";
    expect_error(t, {"source.e_max_MeV", "must exceed e_min_MeV"});
    t.source = base + "thermal_power_GW = 3\ne_min_MeV = -1\n";
    expect_error(t, {"source.e_min_MeV", "must not be negative"});
    t.source = base + "thermal_power_GW = \"3GW\"\n";
    expect_error(t, {"source.thermal_power_GW", "expected a number"});
}

TEST(RateConfig, TabulatedSource) {
    test::TempDir d;
    const auto spectrum = d.path / "spectrum.txt";
    std::ofstream(spectrum) << "# energy_unit = keV\n# spectrum_unit = arbitrary\n"
                               "# flavor = e\n# type = antineutrino\n0 1\n10 1\n20 0\n";
    Toml t;
    t.source =
        "[source]\ntype = \"table\"\nfile = \"" + spectrum.string() + "\"\nrate_per_s = 1e12\n";
    const Source s = parse(t).experiment.source;
    ASSERT_EQ(s.components().size(), 1u);
    const auto& c = s.components()[0];
    EXPECT_EQ(c.flavor, Flavor::e);
    EXPECT_EQ(c.type, NeutrinoType::antineutrino);
    EXPECT_REL_NEAR(c.rate / units::Bq, 1e12, kExact);
    EXPECT_REL_NEAR(c.continuum().e_max(), 20 * units::keV, kExact);
    // Flat to 10 keV then falling linearly to 0 at 20 keV: integral 15 keV, density 1/15 keV^-1.
    EXPECT_REL_NEAR(c.continuum().density(5 * units::keV), 1 / (15 * units::keV), kTight);

    // Flavour given in the config and in the file must agree.
    t.source += "flavor = \"mu\"\n";
    expect_error(t, {"source.file", "flavor", "contradicts"});

    // A table without its units header.
    const auto no_units = d.path / "no_units.txt";
    std::ofstream(no_units) << "# flavor = e\n# type = antineutrino\n0 1\n10 1\n20 0\n";
    t.source =
        "[source]\ntype = \"table\"\nfile = \"" + no_units.string() + "\"\nrate_per_s = 1e12\n";
    expect_error(t, {"source.file", "energy_unit", "(test.toml:5)"});
    // A non-monotonic energy column.
    const auto bad_grid = d.path / "bad_grid.txt";
    std::ofstream(bad_grid) << "# energy_unit = keV\n# spectrum_unit = per_keV\n# flavor = e\n"
                               "# type = antineutrino\n0 1\n10 1\n5 0\n";
    t.source =
        "[source]\ntype = \"table\"\nfile = \"" + bad_grid.string() + "\"\nrate_per_s = 1e12\n";
    expect_error(t, {"source.file", "bad_grid.txt:7", "increase strictly"});
    // A missing file; a missing rate; a missing file key.
    t.source = "[source]\ntype = \"table\"\nfile = \"" + (d.path / "absent.txt").string() +
               "\"\nrate_per_s = 1e12\n";
    expect_error(t, {"source.file", "absent.txt"});
    t.source = "[source]\ntype = \"table\"\nfile = \"" + spectrum.string() + "\"\n";
    expect_error(t, {"source.rate_per_s", "required"});
    t.source =
        "[source]\ntype = \"table\"\nfile = \"" + spectrum.string() + "\"\nrate_per_s = -1e12\n";
    expect_error(t, {"source.rate_per_s", "must be positive"});
    t.source = "[source]\ntype = \"table\"\nrate_per_s = 1e12\n";
    expect_error(t, {"source.file", "required"});
}

TEST(RateConfig, UnknownOrMissingSource) {
    Toml t;
    t.source = "[source]\ntype = \"tritum\"\nactivity = \"1MCi\"\n";
    expect_error(t, {"source.type", "'tritum'", "unknown source"});
    t.source = "[source]\nactivity = \"1MCi\"\n";
    expect_error(t, {"source.type", "(missing)"});
    t.source = "";
    expect_error(t, {"source", "(missing)"});
}

// --- geometry ------------------------------------------------------------------------------

TEST(RateConfig, Geometries) {
    Toml t;
    t.geometry = "[geometry]\ndistance = \"50cm\"\n";  // point is the default type
    EXPECT_REL_NEAR(parse(t).experiment.geometry.flux_factor,
                    1 / (4 * std::numbers::pi * 0.25 * units::m * units::m), kExact);
    t.geometry = "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\nheight = \"1m\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.geometry.flux_factor,
                    centred_cylinder_flux_factor(0.5 * units::m, 1 * units::m, 0.0), kTight);
    // An off-centre source is accepted (offsets are lengths; the axial one may be negative).
    t.geometry =
        "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\nheight = \"1m\"\n"
        "source_offset_radial = \"10cm\"\nsource_offset_axial = \"-10cm\"\n";
    EXPECT_GT(parse(t).experiment.geometry.flux_factor, 0.0);

    t.geometry = "[geometry]\ntype = \"sphere\"\nradius = \"1m\"\n";
    expect_error(t, {"geometry.type", "'sphere'", "unknown geometry"});
    t.geometry = "[geometry]\ntype = \"point\"\n";
    expect_error(t, {"geometry.distance", "required"});
    t.geometry = "[geometry]\ndistance = 1\n";
    expect_error(t, {"geometry.distance", "missing unit"});
    t.geometry = "[geometry]\ndistance = \"-1m\"\n";
    expect_error(t, {"geometry.distance", "must be positive"});
    t.geometry = "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\n";
    expect_error(t, {"geometry.height", "required"});
    t.geometry =
        "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\nheight = \"1m\"\ndistance = \"1m\"\n";
    expect_error(t, {"geometry.distance", "unknown key"});
    t.geometry =
        "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\nheight = \"1m\"\n"
        "inner_radius = \"2m\"\n";
    expect_error(t, {"geometry.inner_radius", "must fit inside the tank"});
    t.geometry = "";
    expect_error(t, {"geometry", "(missing)"});
}

TEST(RateConfig, GeometryNodesAndAccuracy) {
    Toml t;
    const std::string tank =
        "[geometry]\ntype = \"cylinder\"\nradius = \"0.5m\"\nheight = \"1m\"\n"
        "source_offset_radial = \"20cm\"\n";
    const auto meta = [](const FluxGeometry& g, const std::string& key) {
        for (const auto& [k, v] : g.description)
            if (k == key) return v;
        return std::string("(missing)");
    };
    // Exact node counts: (4 x 3)^2 directions x 2 radii off the axis.
    t.geometry = tank + "angle_nodes = 3\nradius_nodes = 2\n";
    const FluxGeometry g = parse(t).experiment.geometry;
    EXPECT_EQ(g.baselines.baselines.size(), 288u);
    EXPECT_EQ(meta(g, "geometry_angle_nodes"), "3");
    EXPECT_EQ(meta(g, "geometry_radius_nodes"), "2");
    EXPECT_EQ(meta(g, "geometry_accuracy"), "0.001");
    // Too few nodes for the stated accuracy: a warning with the estimate, not an error.
    t.geometry = tank + "angle_nodes = 2\nradius_nodes = 2\naccuracy = 1e-4\n";
    const FluxGeometry w = parse(t).experiment.geometry;
    ASSERT_EQ(w.warnings.size(), 1u);
    EXPECT_NE(w.warnings[0].find("estimated relative error"), std::string::npos) << w.warnings[0];
    // The defaults (8 x 8 nodes) meet the default accuracy 1e-3.
    t.geometry = tank;
    EXPECT_TRUE(parse(t).experiment.geometry.warnings.empty());
    // Bad values name the key.
    t.geometry = tank + "angle_nodes = 0\n";
    expect_error(t, {"geometry.angle_nodes", "whole number"});
    t.geometry = tank + "radius_nodes = 2.5\n";
    expect_error(t, {"geometry.radius_nodes", "whole number"});
    t.geometry = tank + "accuracy = 2\n";
    expect_error(t, {"geometry.accuracy", "(0, 1)"});
}

// --- binning and spectrum grid -------------------------------------------------------------

TEST(RateConfig, Binnings) {
    Toml t;
    t.binning = "[binning]\ntype = \"log\"\nmin = \"1meV\"\nmax = \"100meV\"\nbins = 2\n";
    const auto log_edges = parse(t).experiment.detector.binning.edges;
    ASSERT_EQ(log_edges.size(), 3u);
    EXPECT_REL_NEAR(log_edges[1], 10 * units::meV, kTight);
    t.binning = "[binning]\ntype = \"edges\"\nedges = [\"1meV\", \"2meV\", \"10meV\"]\n";
    const auto e = parse(t).experiment.detector.binning.edges;
    ASSERT_EQ(e.size(), 3u);
    EXPECT_REL_NEAR(e[2], 10 * units::meV, kExact);
}

TEST(RateConfig, InconsistentBinsAreErrors) {
    Toml t;
    const std::string lin = "[binning]\ntype = \"linear\"\n";
    t.binning = lin + "min = \"10meV\"\nmax = \"10meV\"\nbins = 5\n";
    expect_error(t, {"binning.max", "must exceed binning.min"});
    t.binning = lin + "min = \"20meV\"\nmax = \"10meV\"\nbins = 5\n";
    expect_error(t, {"binning.max", "must exceed binning.min"});
    t.binning = lin + "min = \"1meV\"\nmax = \"10meV\"\nbins = 0\n";
    expect_error(t, {"binning.bins", "whole number"});
    t.binning = lin + "min = \"1meV\"\nmax = \"10meV\"\nbins = 2.5\n";
    expect_error(t, {"binning.bins", "whole number"});
    t.binning = lin + "min = \"1meV\"\nmax = \"10meV\"\n";
    expect_error(t, {"binning.bins", "required"});
    t.binning = lin + "min = 1\nmax = \"10meV\"\nbins = 2\n";
    expect_error(t, {"binning.min", "missing unit"});
    t.binning = "[binning]\ntype = \"log\"\nmin = \"0meV\"\nmax = \"10meV\"\nbins = 2\n";
    expect_error(t, {"binning"});
    t.binning = "[binning]\ntype = \"cubic\"\nmin = \"1meV\"\nmax = \"10meV\"\nbins = 2\n";
    expect_error(t, {"binning.type", "unknown binning"});
    t.binning = "[binning]\ntype = \"edges\"\nedges = [\"1meV\", \"3meV\", \"2meV\"]\n";
    expect_error(t, {"binning.edges[2]", "strictly increasing"});
    t.binning = "[binning]\ntype = \"edges\"\nedges = [\"1meV\", \"1meV\"]\n";
    expect_error(t, {"binning.edges[1]", "strictly increasing"});
    t.binning = "[binning]\ntype = \"edges\"\nedges = [\"1meV\"]\n";
    expect_error(t, {"binning.edges", "at least two"});
    t.binning = "[binning]\ntype = \"edges\"\nedges = [1, 2]\n";
    expect_error(t, {"binning.edges[0]", "missing unit"});
    t.binning = "[binning]\ntype = \"edges\"\nedges = [\"1meV\", \"2meV\"]\nbins = 3\n";
    expect_error(t, {"binning.bins", "unknown key"});
    t.binning = "";
    expect_error(t, {"binning", "(missing)"});
}

TEST(RateConfig, SpectrumGrid) {
    Toml t;
    t.extra = "[spectrum]\nrecoil = \"1meV:100meV:3\"\n";
    const RateConfig c = parse(t);
    ASSERT_EQ(c.experiment.recoil.size(), 3u);
    EXPECT_REL_NEAR(c.experiment.recoil[1], 50.5 * units::meV, kTight);
    EXPECT_EQ(c.recoil_text, "1meV:100meV:3");
    t.extra = "[spectrum]\nrecoil = \"100meV:1meV:3\"\n";
    expect_error(t, {"spectrum.recoil", "STOP must be larger than START"});
    t.extra = "[spectrum]\nrecoil = \"1meV:100meV:x\"\n";
    expect_error(t, {"spectrum.recoil", "not a whole number"});
    t.extra = "[spectrum]\nrecoil = \"0meV:100meV:3\"\nlog = true\n";
    expect_error(t, {"spectrum.recoil"});
    t.extra = "[spectrum]\nrecoil = [\"1meV\"]\n";
    expect_error(t, {"spectrum.recoil", "expected a string"});
}

// --- unknown keys and sections --------------------------------------------------------------

TEST(RateConfig, UnknownKeysAndSectionsNameTheDottedKey) {
    Toml t;
    t.extra = "[detectr]\nmass = \"1kg\"\n";
    expect_error(t, {"detectr", "unknown section", "did you mean 'detector'"});
    t.extra = "[outptu]\n";
    expect_error(t, {"outptu", "unknown section"});
    t = Toml{};
    t.detector = "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\nthreshhold = \"1meV\"\n";
    expect_error(t, {"detector.threshhold", "unknown key", "did you mean 'detector.threshold'",
                     "test.toml:"});
    t = Toml{};
    t.extra = "[run]\nplot = false\n";
    expect_error(t, {"run.plot", "did you mean 'run.plots'"});
    t.extra = "[spectrum]\nrecoils = \"1meV:2meV:2\"\n";
    expect_error(t, {"spectrum.recoils", "did you mean 'spectrum.recoil'"});
    t.extra = "[physics]\nsin2_theta_wx = 0.23\n";
    expect_error(t, {"physics.sin2_theta_wx", "did you mean 'physics.sin2_theta_w'"});
    t.extra = "[target]\n";  // a duplicated table is a TOML error
    expect_error(t, {"TOML syntax error"});
}

// --- scenarios -----------------------------------------------------------------------------

TEST(RateConfig, ScenariosAfterTheStandardOnes) {
    Toml t;
    t.extra =
        "[[scenario]]\nname = \"mc\"\n[scenario.electromagnetic]\nmillicharge = 1e-15\n"
        "[[scenario]]\nname = \"nsi_axial\"\nlabel = \"axial\"\n"
        "[scenario.nsi.axial.u]\nee = 0.2\n"
        "[[scenario]]\nname = \"sin2\"\n[scenario.physics]\nsin2_theta_w = 0.24\n"
        "[[scenario]]\nname = \"io\"\n[scenario.mixing]\nordering = \"inverted\"\n";
    const RateConfig c = parse(t);
    EXPECT_EQ(names(c),
              (std::vector<std::string>{"sm", "no_electrons", "mc", "nsi_axial", "sin2", "io"}));
    EXPECT_EQ(c.scenarios[2].label, "mc");  // label defaults to the name
    EXPECT_EQ(c.scenarios[2].params.electromagnetic.millicharge(2, 2), complex(1e-15));
    EXPECT_EQ(c.scenarios[3].label, "axial");
    EXPECT_EQ(c.scenarios[3].params.nsi.axial.u(0, 0), complex(0.2));
    EXPECT_EQ(c.scenarios[4].params.electroweak.sin2_theta_w, 0.24);
    EXPECT_LT(c.scenarios[5].params.mixing.dm31_sq, 0.0);
    // [scenario.mixing] is resolved on its own (NuFIT 5.2 of its ordering plus its own values),
    // not on top of the file's [mixing] (docs/cli.md).
    t.extra =
        "[mixing]\ntheta12_deg = 30\n[[scenario]]\nname = \"io\"\n[scenario.mixing]\n"
        "ordering = \"inverted\"\n";
    const RateConfig m = parse(t);
    EXPECT_REL_NEAR(m.scenarios[0].params.mixing.theta12, 30 * MixingParameters::kDeg, kExact);
    EXPECT_EQ(m.scenarios[2].params.mixing.theta12,
              MixingParameters::nufit52(MassOrdering::inverted).theta12);
    // A scenario's [nsi.<structure>.<level>] table or electromagnetic key replaces that whole
    // matrix of the file; the matrices it does not give are inherited.
    t.extra =
        "[nsi.vector.nucleus]\nee = 0.1\nmumu = 0.3\n[electromagnetic]\nmillicharge = 1e-15\n"
        "[[scenario]]\nname = \"b\"\n[scenario.nsi.vector.nucleus]\nee = 0.2\n"
        "[scenario.electromagnetic]\nmagnetic_moment = 1e-12\n";
    const RateConfig n = parse(t);
    EXPECT_EQ(n.scenarios[0].params.nsi.vector.nucleus(0, 0), complex(0.1));
    EXPECT_EQ(n.scenarios[2].params.nsi.vector.nucleus(0, 0), complex(0.2));
    EXPECT_EQ(n.scenarios[2].params.nsi.vector.nucleus(1, 1), complex(0.0));
    EXPECT_EQ(n.scenarios[2].params.electromagnetic.millicharge(0, 0), complex(1e-15));
    EXPECT_EQ(n.scenarios[2].params.electromagnetic.magnetic_moment(0, 0), complex(1e-12));
    // Scenario inputs start from the file's global physics.
    t.extra = "[physics]\nsin2_theta_w = 0.25\n[[scenario]]\nname = \"a\"\n";
    for (const auto& s : parse(t).scenarios) EXPECT_EQ(s.params.electroweak.sin2_theta_w, 0.25);
}

TEST(RateConfig, BadScenarios) {
    Toml t;
    for (const char* bad : {"SM", "a-b", "with space", ""}) {
        t.extra = std::string("[[scenario]]\nname = \"") + bad + "\"\n";
        expect_error(t, {"scenario[0].name", "identifier"});
    }
    t.extra = "[[scenario]]\nlabel = \"no name\"\n";
    expect_error(t, {"scenario[0].name", "required"});
    t.extra = "[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"a\"\n";
    expect_error(t, {"scenario[1].name", "'a'", "unique"});
    t.extra = "[[scenario]]\nname = \"sm\"\n";
    expect_error(t, {"scenario[0].name", "'sm'", "unique"});
    t.extra = "[[scenario]]\nname = \"no_electrons\"\n";
    expect_error(t, {"scenario[0].name", "unique"});
    // With no_electrons = false the name is free.
    t.extra = "[run]\nno_electrons = false\n[[scenario]]\nname = \"no_electrons\"\n";
    EXPECT_EQ(names(parse(t)), (std::vector<std::string>{"sm", "no_electrons"}));
    t.extra = "[scenario]\nname = \"a\"\n";
    expect_error(t, {"scenario", "[[scenario]]"});
    t.extra = "[[scenario]]\nname = \"a\"\nnsi_typo = 1\n";
    expect_error(t, {"scenario[0].nsi_typo", "unknown key"});
    t.extra = "[[scenario]]\nname = \"a\"\n[scenario.electromagnetc]\nmagnetic_moment = 1e-12\n";
    expect_error(t, {"scenario[0].electromagnetc", "did you mean 'scenario[0].electromagnetic'"});
    // Non-hermitian NSI inside a scenario: a matrix, and a complex diagonal entry.
    t.extra =
        "[[scenario]]\nname = \"a\"\n[scenario.nsi.vector.nucleus]\n"
        "matrix = [[0.1, 0.2, 0], [0.3, 0, 0], [0, 0, 0]]\n";
    expect_error(t, {"scenario[0].nsi.vector.nucleus", "hermitian"});
    t.extra = "[[scenario]]\nname = \"a\"\n[scenario.nsi.vector.nucleus]\nee = \"0.1+0.2i\"\n";
    expect_error(t, {"scenario[0].nsi.vector.nucleus.ee"});
    t.extra = "[[scenario]]\nname = \"a\"\n[scenario.nsi.vector.nucleus]\nemu = 0.1\nmue = 0.1\n";
    expect_error(t, {"scenario[0].nsi.vector.nucleus"});
}

// --- threshold above the kinematic maximum -------------------------------------------------

// Not a configuration error: the config is valid, the run gives zero events and a warning.
TEST(RateConfig, ThresholdAboveTheKinematicMaximumIsNotAConfigError) {
    Toml t;
    t.detector = "[detector]\nmass = \"1kg\"\nexposure = \"1y\"\nthreshold = \"1eV\"\n";
    t.extra = "[spectrum]\nrecoil = \"1meV:100meV:5\"\n";
    ASSERT_NO_THROW(parse(t));
    const RateConfig c = parse(t);
    EXPECT_REL_NEAR(c.experiment.detector.threshold, 1 * units::eV, kExact);
    // Tritium on 4He: T_max = 2 Q^2 / (M + 2 Q) ~ 0.19 eV < 1 eV.
    const double q = 18592.01 * units::eV, m = make_target("He4").mass;
    ASSERT_LT(2 * q * q / (m + 2 * q), c.experiment.detector.threshold);
    const auto results = run_experiment(c.experiment, c.scenarios);
    ASSERT_EQ(results.size(), 2u);
    for (const auto& r : results) {
        EXPECT_EQ(r.counts.total_signal, 0.0) << r.scenario.name;
        for (double s : r.counts.signal) EXPECT_EQ(s, 0.0);
        ASSERT_EQ(r.counts.warnings.size(), 1u);
        EXPECT_NE(r.counts.warnings[0].find("detector.threshold"), std::string::npos);
        EXPECT_NE(r.counts.warnings[0].find("kinematic maximum"), std::string::npos);
        // The spectrum itself is still computed below the threshold.
        EXPECT_GT(r.dn_dt.front(), 0.0);
    }
}

// --- files ---------------------------------------------------------------------------------

// Streaming readers (cevas rate --config): the grid is validated but not built.
TEST(RateConfig, LazyRecoilGridIsValidatedButNotBuilt) {
    const RateConfig eager = read_rate_config(example("saturne.toml"));
    const RateConfig lazy = read_rate_config(example("saturne.toml"), "config", false);
    EXPECT_EQ(eager.experiment.recoil.size(), 400u);  // "0.1meV:190meV:400"
    EXPECT_TRUE(lazy.experiment.recoil.empty());
    EXPECT_EQ(lazy.recoil_text, eager.recoil_text);
    EXPECT_EQ(lazy.run.recoil_spacing, GridSpacing::logarithmic);
    test::TempDir d;
    std::ifstream in(example("saturne.toml"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "recoil = \"0.1meV:190meV:400\"";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "recoil = \"0.1meV:190meV:0\"");
    std::ofstream(d.path / "bad.toml") << text;
    for (bool materialize : {true, false}) {
        try {
            read_rate_config(d.path / "bad.toml", "config", materialize);
            ADD_FAILURE() << "no exception";
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("spectrum.recoil"), std::string::npos) << e.what();
        }
    }
}

TEST(RateConfig, FileErrorsNameTheField) {
    test::TempDir d;
    try {
        read_rate_config(d.path / "absent.toml", "--config");
        ADD_FAILURE() << "no exception";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("--config"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
    std::ofstream(d.path / "syntax.toml") << "[target\nname = \"He4\"\n";
    try {
        read_rate_config(d.path / "syntax.toml");
        ADD_FAILURE() << "no exception";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cevas

namespace cevas {
namespace {

// Decay of the source during the exposure: on by default with the known half-lives (tritium
// 4500 d as PHYSICS.md prescribes; 51Cr 27.7025 d; 37Ar 35.011 d), settable and switchable.
TEST(RateConfigDecay, HalfLivesDefaultsOverrideAndSwitch) {
    Toml t;
    EXPECT_REL_NEAR(parse(t).experiment.source_half_life / units::day, 4500.0, kExact);
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\ndecay_during_exposure = false\n";
    EXPECT_EQ(parse(t).experiment.source_half_life, 0.0);
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\nhalf_life = \"12y\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source_half_life / units::year, 12.0, kExact);
    t.source = "[source]\ntype = \"cr51\"\nactivity = \"1MCi\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source_half_life / units::day, 27.7025, kExact);
    t.source = "[source]\ntype = \"ar37\"\nactivity = \"1MCi\"\n";
    EXPECT_REL_NEAR(parse(t).experiment.source_half_life / units::day, 35.011, kExact);
    t.source =
        "[source]\ntype = \"line\"\nenergy = \"747keV\"\nflavor = \"e\"\nrate_per_s = 1e10\n";
    EXPECT_EQ(parse(t).experiment.source_half_life, 0.0);
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\nhalf_life = 12\n";
    expect_error(t, {"source.half_life", "missing unit"});
    t.source = "[source]\ntype = \"tritium\"\nactivity = \"1MCi\"\nhalf_life = \"-1y\"\n";
    expect_error(t, {"source.half_life"});
}

}  // namespace
}  // namespace cevas
