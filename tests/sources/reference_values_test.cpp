// Comparison with the reference tables written by scripts/reference_sources.py (mpmath / scipy,
// independent of the code under test) into tests/data/sources/.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/sources/fermi_function.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/reactor.hpp"
#include "cevas/sources/tritium.hpp"

namespace cevas {
namespace {

using namespace units;

// Tolerances (relative unless stated), in tiers.
constexpr double kLogGammaTol = 1e-13;  // absolute, scaled by max(1, |value|)
constexpr double kFermiTol = 1e-11;     // closed forms in double vs 40-digit mpmath
constexpr double kDensityTol = 1e-10;   // normalised spectra (norm by quadrature at 1e-14)
constexpr double kMeanTol = 1e-10;      // tritium mean energy (required: 1e-6; reached: ~1e-13)
constexpr double kExactTol = 1e-12;     // products/quotients of the same inputs
constexpr double kIntegralTol = 1e-10;  // per-fission integrals

using Row = std::map<std::string, std::string>;

/// Rows of a reference CSV: '#' lines are provenance, the first other line names the columns.
std::vector<Row> read_reference(const std::string& name) {
    const std::string path = std::string(CEVAS_TEST_DATA_DIR) + "/sources/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open reference table " + path);
    std::vector<std::string> columns;
    std::vector<Row> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        if (columns.empty()) {
            columns = cells;
            continue;
        }
        if (cells.size() != columns.size()) throw std::runtime_error("ragged row in " + path);
        Row r;
        for (std::size_t i = 0; i < cells.size(); ++i) r[columns[i]] = cells[i];
        rows.push_back(r);
    }
    if (rows.empty()) throw std::runtime_error("no rows in " + path);
    return rows;
}

double num(const Row& r, const std::string& column) { return std::stod(r.at(column)); }

/// The "quantity,value" tables as a map.
std::map<std::string, double> read_quantities(const std::string& name) {
    std::map<std::string, double> m;
    for (const auto& r : read_reference(name)) m[r.at("quantity")] = num(r, "value");
    return m;
}

void expect_rel(double actual, double expected, double tol, const std::string& what) {
    EXPECT_NEAR(actual, expected, tol * std::abs(expected)) << what;
}

TEST(Reference, ComplexLogGamma) {
    const auto rows = read_reference("complex_log_gamma.csv");
    for (const auto& r : rows) {
        const double x = num(r, "x");
        const double y = num(r, "y");
        const auto lg = complex_log_gamma({x, y});
        const std::string at = "x = " + r.at("x") + ", y = " + r.at("y");
        EXPECT_NEAR(lg.real(), num(r, "re"), kLogGammaTol * std::max(1.0, std::abs(num(r, "re"))))
            << at;
        EXPECT_NEAR(lg.imag(), num(r, "im"), kLogGammaTol * std::max(1.0, std::abs(num(r, "im"))))
            << at;
    }
    EXPECT_GE(rows.size(), 80u);
}

TEST(Reference, FermiFunctions) {
    const double radius = TritiumParameters{}.nuclear_radius;  // the script's 3He radius
    const auto rows = read_reference("fermi_function.csv");
    for (const auto& r : rows) {
        const BetaFermiFunction f(parse_fermi_function(r.at("model")), std::stoi(r.at("z")),
                                  radius);
        const double t = num(r, "electron_kinetic_eV") * eV;
        expect_rel(f(t), num(r, "fermi"), kFermiTol,
                   r.at("model") + " Z = " + r.at("z") + " T = " + r.at("electron_kinetic_eV"));
    }
    EXPECT_EQ(rows.size(), 3u * 2u * 12u);
}

TEST(Reference, TritiumSpectrumAndMean) {
    std::map<std::string, TritiumSpectrum> spectra;
    for (auto m :
         {FermiFunction::nonrelativistic, FermiFunction::wilkinson, FermiFunction::relativistic}) {
        TritiumParameters p;
        p.fermi_function = m;
        spectra.emplace(std::string(to_string(m)), TritiumSpectrum(p));
    }
    for (const auto& r : read_reference("tritium_spectrum.csv")) {
        const auto& s = spectra.at(r.at("model"));
        expect_rel(s.density(num(r, "e_nu_eV") * eV) * eV, num(r, "density_per_eV"), kDensityTol,
                   r.at("model") + " E = " + r.at("e_nu_eV"));
    }
    for (const auto& r : read_reference("tritium_summary.csv")) {
        const auto& s = spectra.at(r.at("model"));
        expect_rel(mean_energy(s) / eV, num(r, "mean_e_nu_eV"), kMeanTol, r.at("model"));
        expect_rel(tritium_activity_from_mass(1 * g) / Bq, num(r, "activity_per_gram_Bq"),
                   kExactTol, "activity per gram [Bq]");
        expect_rel(tritium_activity_from_mass(1 * g) / Ci, num(r, "activity_per_gram_Ci"),
                   kExactTol, "activity per gram [Ci]");
    }
}

TEST(Reference, PionDecayAtRest) {
    const auto q = read_quantities("pion_dar.csv");
    const PionDecayAtRestParameters p{.proton_rate = 1 * Bq, .pions_per_proton = 1};
    expect_rel(pion_decay_prompt_energy(p.pion_mass, p.muon_mass) / eV, q.at("prompt_numu_energy"),
               kExactTol, "prompt energy");
    const MuonDecaySpectrum nue(MuonDecayNeutrino::nu_e, p.muon_mass);
    const MuonDecaySpectrum numubar(MuonDecayNeutrino::anti_nu_mu, p.muon_mass);
    expect_rel(mean_energy(nue) / eV, q.at("nue_mean_energy"), kDensityTol, "nu_e mean");
    expect_rel(mean_energy(numubar) / eV, q.at("numubar_mean_energy"), kDensityTol,
               "anti-nu_mu mean");
    expect_rel(nue.density(20 * MeV) * eV, q.at("nue_density_at_20MeV"), kExactTol, "nu_e 20 MeV");
    expect_rel(numubar.density(20 * MeV) * eV, q.at("numubar_density_at_20MeV"), kExactTol,
               "anti-nu_mu 20 MeV");
}

FissileIsotope isotope_named(const std::string& name) {
    for (auto iso : all_fissile_isotopes)
        if (to_string(iso) == name) return iso;
    throw std::runtime_error("unknown isotope " + name);
}

TEST(Reference, ReactorSpectraAndRates) {
    for (const auto& r : read_reference("reactor_spectrum.csv")) {
        const auto a = huber_mueller_coefficients(isotope_named(r.at("isotope")));
        expect_rel(huber_mueller_per_fission(a, num(r, "e_MeV") * MeV) * MeV,
                   num(r, "per_fission_per_MeV"), kExactTol,
                   r.at("isotope") + " E = " + r.at("e_MeV"));
    }
    const auto q = read_quantities("reactor_summary.csv");
    ReactorParameters p{.thermal_power = 1 * GW};
    const ReactorSpectrum s(p);
    for (auto iso : all_fissile_isotopes) {
        expect_rel(s.neutrinos_per_fission(iso), q.at(std::string(to_string(iso))), kIntegralTol,
                   std::string(to_string(iso)));
    }
    expect_rel(s.neutrinos_per_fission(), q.at("mixture_per_fission"), kIntegralTol, "mixture");
    expect_rel(reactor_fission_rate(p) / Bq, q.at("fissions_per_s_per_GW"), kExactTol,
               "fissions per GW");
    expect_rel(reactor_source(p).total_rate() / Bq, q.at("antineutrinos_per_s_per_GW"),
               kIntegralTol, "antineutrinos per GW");
}

TEST(Reference, ElectronCaptureLinesFromAme2020) {
    std::map<std::string, double> q;
    for (const auto& r : read_reference("ec_lines.csv")) q[r.at("line")] = num(r, "energy_eV");
    const auto cr = electron_capture_lines(ElectronCaptureIsotope::cr51);
    const auto ar = electron_capture_lines(ElectronCaptureIsotope::ar37);
    ASSERT_EQ(cr.size(), 4u);
    ASSERT_EQ(ar.size(), 2u);
    expect_rel(cr[0].energy / eV, q.at("Cr51_gs_K"), kExactTol, "51Cr g.s. K");
    expect_rel(cr[1].energy / eV, q.at("Cr51_gs_L"), kExactTol, "51Cr g.s. L");
    expect_rel(cr[2].energy / eV, q.at("Cr51_320_K"), kExactTol, "51Cr 320 K");
    expect_rel(cr[3].energy / eV, q.at("Cr51_320_L"), kExactTol, "51Cr 320 L");
    expect_rel(ar[0].energy / eV, q.at("Ar37_K"), kExactTol, "37Ar K");
    expect_rel(ar[1].energy / eV, q.at("Ar37_L"), kExactTol, "37Ar L");
}

}  // namespace
}  // namespace cevas
