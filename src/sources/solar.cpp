#include "cevas/sources/solar.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/sources/tabulated.hpp"

namespace cevas {

namespace {
#include "solar_tables.inc"

constexpr double kPi = 3.14159265358979323846;

// B16 fluxes at 1 AU [cm^-2 s^-1] and their relative 1-sigma uncertainties, in SolarComponent
// order (data/solar/b16_fluxes.csv: the release file of Vinyoles et al. 2017).
struct FluxRow {
    double gs98, gs98_sigma, agss09met, agss09met_sigma;
};
constexpr std::array<FluxRow, 8> kB16Fluxes{{
    {5.98e10, 0.006, 6.03e10, 0.005},  // pp
    {1.44e8, 0.010, 1.46e8, 0.009},    // pep
    {7.98e3, 0.30, 8.25e3, 0.30},      // hep
    {4.93e9, 0.06, 4.50e9, 0.06},      // 7Be
    {5.46e6, 0.12, 4.50e6, 0.12},      // 8B
    {2.78e8, 0.15, 2.04e8, 0.14},      // 13N
    {2.05e8, 0.17, 1.44e8, 0.16},      // 15O
    {5.28e6, 0.20, 3.26e6, 0.18},      // 17F
}};

std::shared_ptr<const ContinuousSpectrum> table_spectrum(std::span<const double[2]> rows,
                                                         const std::string& name) {
    std::vector<double> e, v;
    for (const auto& r : rows) {
        // Trailing zero rows beyond the endpoint (hep) add nothing: stop at the last non-zero
        // row's successor so that e_max is the endpoint.
        e.push_back(r[0] * units::MeV);
        v.push_back(r[1]);
    }
    while (v.size() > 2 && v[v.size() - 1] == 0 && v[v.size() - 2] == 0) {
        v.pop_back();
        e.pop_back();
    }
    return std::make_shared<TabulatedSpectrum>(std::move(e), std::move(v), name);
}

}  // namespace

std::string_view to_string(SolarModel model) {
    return model == SolarModel::b16_gs98 ? "B16-GS98" : "B16-AGSS09met";
}

SolarModel parse_solar_model(std::string_view name, std::string_view field) {
    if (name == "B16-GS98") return SolarModel::b16_gs98;
    if (name == "B16-AGSS09met") return SolarModel::b16_agss09met;
    throw InvalidArgument(describe(std::string(field), std::string(name),
                                   "unknown solar model (B16-GS98, B16-AGSS09met)"));
}

std::string_view to_string(SolarComponent component) {
    switch (component) {
        case SolarComponent::pp:
            return "pp";
        case SolarComponent::pep:
            return "pep";
        case SolarComponent::hep:
            return "hep";
        case SolarComponent::be7:
            return "7Be";
        case SolarComponent::b8:
            return "8B";
        case SolarComponent::n13:
            return "13N";
        case SolarComponent::o15:
            return "15O";
        case SolarComponent::f17:
            return "17F";
    }
    return "?";
}

SolarComponent parse_solar_component(std::string_view name, std::string_view field) {
    for (SolarComponent c : all_solar_components)
        if (name == to_string(c)) return c;
    if (name == "Be7") return SolarComponent::be7;
    if (name == "B8") return SolarComponent::b8;
    if (name == "N13") return SolarComponent::n13;
    if (name == "O15") return SolarComponent::o15;
    if (name == "F17") return SolarComponent::f17;
    throw InvalidArgument(
        describe(std::string(field), std::string(name),
                 "unknown solar component (pp, pep, hep, 7Be, 8B, 13N, 15O, 17F)"));
}

double solar_flux(SolarModel model, SolarComponent component) {
    const FluxRow& r = kB16Fluxes[static_cast<std::size_t>(component)];
    const double f = model == SolarModel::b16_gs98 ? r.gs98 : r.agss09met;
    return f / (units::cm2 * units::s);
}

double solar_flux_uncertainty(SolarModel model, SolarComponent component) {
    const FluxRow& r = kB16Fluxes[static_cast<std::size_t>(component)];
    return model == SolarModel::b16_gs98 ? r.gs98_sigma : r.agss09met_sigma;
}

std::shared_ptr<const ContinuousSpectrum> solar_spectrum(SolarComponent component) {
    switch (component) {
        case SolarComponent::pp:
            return table_spectrum(kPpSpectrum, "solar pp (Bahcall 1997)");
        case SolarComponent::hep:
            return table_spectrum(kHepSpectrum, "solar hep (Bahcall 1997)");
        case SolarComponent::b8:
            return table_spectrum(kB8Spectrum, "solar 8B (Winter et al. 2006)");
        case SolarComponent::n13:
            return table_spectrum(kN13Spectrum, "solar 13N (Bahcall and Ulrich 1988)");
        case SolarComponent::o15:
            return table_spectrum(kO15Spectrum, "solar 15O (Bahcall and Ulrich 1988)");
        case SolarComponent::f17:
            return table_spectrum(kF17Spectrum, "solar 17F (Bahcall and Ulrich 1988)");
        case SolarComponent::pep:
        case SolarComponent::be7:
            break;
    }
    throw InvalidArgument(describe("component", std::string(to_string(component)),
                                   "a line, not a continuum (pep, 7Be)"));
}

SolarProductionProfile solar_production_profile(SolarModel model, SolarComponent component) {
    const std::span<const double[10]> rows =
        model == SolarModel::b16_gs98 ? std::span<const double[10]>(kB16Gs98Production)
                                      : std::span<const double[10]>(kB16Agss09metProduction);
    const std::size_t col = 2 + static_cast<std::size_t>(component);
    double peak = 0;
    for (const auto& r : rows) peak = std::max(peak, r[col]);
    SolarProductionProfile p;
    double sum = 0;
    for (const auto& r : rows) {
        if (!(r[col] > 1e-12 * peak)) continue;
        p.radius.push_back(r[0]);
        p.weight.push_back(r[col]);
        p.electron_density.push_back(std::pow(10.0, r[1]) * units::si_avogadro / units::cm3);
        sum += r[col];
    }
    for (double& w : p.weight) w /= sum;
    return p;
}

Source solar_source(const SolarSourceParameters& parameters) {
    if (parameters.components.empty()) {
        throw InvalidArgument(describe("components", "[]", "at least one solar component"));
    }
    std::vector<SpectrumComponent> out;
    const double area = 4.0 * kPi * kSolarDistance * kSolarDistance;
    std::vector<SolarComponent> seen;
    for (SolarComponent c : parameters.components) {
        if (std::find(seen.begin(), seen.end(), c) != seen.end()) {
            throw InvalidArgument(
                describe("components", std::string(to_string(c)), "listed twice"));
        }
        seen.push_back(c);
        const double rate = solar_flux(parameters.model, c) * area;
        SpectrumComponent sc;
        sc.flavor = Flavor::e;
        sc.type = NeutrinoType::neutrino;
        if (c == SolarComponent::pep) {
            sc.rate = rate;
            sc.shape = Line{kPepLineEnergy, 1.0};
            sc.label = "pep";
            out.push_back(sc);
        } else if (c == SolarComponent::be7) {
            sc.rate = rate * kBe7BranchingHigh;
            sc.shape = Line{kBe7LineEnergyHigh, kBe7BranchingHigh};
            sc.label = "7Be 861.8 keV";
            out.push_back(sc);
            sc.rate = rate * (1.0 - kBe7BranchingHigh);
            sc.shape = Line{kBe7LineEnergyLow, 1.0 - kBe7BranchingHigh};
            sc.label = "7Be 384.3 keV";
            out.push_back(sc);
        } else {
            sc.rate = rate;
            sc.shape = solar_spectrum(c);
            sc.label = std::string(to_string(c));
            out.push_back(sc);
        }
    }
    std::string names;
    for (SolarComponent c : parameters.components)
        names += (names.empty() ? "" : ",") + std::string(to_string(c));
    Description meta;
    meta.emplace_back("solar_model", std::string(to_string(parameters.model)));
    meta.emplace_back("solar_components", names);
    meta.emplace_back(
        "solar_model_reference",
        "N. Vinyoles et al., ApJ 835 (2017) 202 (B16 fluxes and production profiles)");
    meta.emplace_back("solar_distance_m", format_value(kSolarDistance / units::m));
    for (SolarComponent c : parameters.components)
        meta.emplace_back("flux_" + std::string(to_string(c)) + "_per_cm2_s",
                          format_value(solar_flux(parameters.model, c) * units::cm2 * units::s));
    return Source("solar", std::move(out), std::move(meta));
}

}  // namespace cevas
