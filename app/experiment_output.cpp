#include "experiment_output.hpp"

#include <fmt/core.h>

#include <utility>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/core/version.hpp"

namespace cevas::cli {

namespace {
const double kPerEvS = units::eV * units::s;  // natural dN/dT -> events/(eV s)

std::string species_name(const SpectrumComponent& c, std::size_t i) {
    std::string n = std::string(c.type == NeutrinoType::antineutrino ? "anti_nu_" : "nu_") +
                    std::string(to_string(c.flavor));
    return n + "_" + std::to_string(i);
}
}  // namespace

void add_run_metadata(Table& t, const std::string& command_line, const std::string& config,
                      const Experiment& ex, const std::vector<ScenarioResult>& results,
                      const std::vector<std::pair<std::string, std::string>>& inputs) {
    t.add_metadata("cevas_version", version_string);
    t.add_metadata("command", command_line);
    t.add_metadata("config", config.empty() ? "none" : config);
    t.add_metadata("target", ex.material.components.empty() ? ex.target.name : ex.material.name);
    for (const auto& kv : ex.material.describe())  // composite: isotopes, fractions, source
        if (!ex.material.components.empty()) t.add_metadata("target." + kv.first, kv.second);
    t.add_metadata("source", ex.source.name());
    t.add_metadata("n_atoms", format_value(ex.n_atoms));
    t.add_metadata("exposure_s", format_value(ex.detector.exposure / units::s));
    t.add_metadata("source_half_life_d", ex.source_half_life > 0
                                             ? format_value(ex.source_half_life / units::day)
                                             : "none (constant activity)");
    t.add_metadata("effective_exposure_s", format_value(effective_exposure(ex) / units::s));
    const bool observed = !ex.response.is_identity();  // then in the observable's unit
    t.add_metadata("threshold_eV", observed ? "see threshold_" + ex.response.unit()
                                            : format_value(ex.detector.threshold / units::eV));
    t.add_metadata("resolution_abs_eV",
                   observed ? "see resolution_abs_" + ex.response.unit()
                            : format_value(ex.detector.resolution.sigma_abs / units::eV));
    t.add_metadata("resolution_rel", format_value(ex.detector.resolution.sigma_rel));
    t.add_metadata("efficiency",
                   ex.detector.efficiency.x.empty()
                       ? format_value(ex.detector.efficiency.constant)
                       : "table (" + std::to_string(ex.detector.efficiency.x.size()) + " points)");
    t.add_metadata("background_per_eV_per_s",
                   ex.detector.background.x.empty()
                       ? format_value(ex.detector.background.constant * kPerEvS)
                       : "table (" + std::to_string(ex.detector.background.x.size()) + " points)");
    t.add_metadata("oscillations", ex.options.oscillations ? "on" : "off");
    t.add_metadata("medium", to_string(ex.medium.model));
    t.add_metadata("energy_axis", ex.medium.is_free() && !ex.response.is_identity()
                                      ? "observed " + ex.response.unit() +
                                            " (threshold, resolution, bins, efficiency_observed; "
                                            "efficiency vs true recoil T)"
                                  : ex.medium.is_free()
                                      ? "free recoil T (threshold, efficiency, resolution, bins)"
                                      : "deposited energy omega (threshold, efficiency, "
                                        "resolution, bins); docs/medium.md");
    t.add_metadata("energy_panels", std::to_string(ex.options.energy_panels));
    if (!ex.response.is_identity()) {
        // Threshold, resolution and bins are in the observable's unit (rates/response.hpp).
        const double sc = ex.response.unit_scale();
        t.add_metadata("observable_unit", ex.response.unit());
        t.add_metadata("threshold_" + ex.response.unit(), format_value(ex.detector.threshold * sc));
        t.add_metadata("resolution_abs_" + ex.response.unit(),
                       format_value(ex.detector.resolution.sigma_abs * sc));
    }
    for (const auto& [k, v] : inputs) t.add_metadata(k, v);
    for (const auto& r : results) {
        const std::string p = "scenario." + r.scenario.name + ".";
        t.add_metadata(p + "label", r.scenario.label);
        for (const auto& [k, v] : r.model) t.add_metadata(p + k, v);
    }
    for (const auto& [k, v] : totals_metadata(ex, results)) t.add_metadata(k, v);
    if (!results.empty())
        t.set_constants(list_constants(results.front().scenario.params.constants));
    if (!results.empty()) {
        const auto& warnings = results.front().counts.warnings;
        for (std::size_t i = 0; i < warnings.size(); ++i)
            t.add_metadata(i == 0 ? "warning" : "warning_" + std::to_string(i + 1), warnings[i]);
    }
}

Table spectrum_table(const Experiment& ex, const std::vector<ScenarioResult>& results) {
    std::vector<std::string> cols = {"recoil_eV"};
    for (const auto& r : results) cols.push_back("dN_dT_" + r.scenario.name + "_per_eV_per_s");
    const bool per_species = ex.source.components().size() > 1 && !results.empty();
    if (per_species)
        for (std::size_t s = 0; s < ex.source.components().size(); ++s)
            cols.push_back("dN_dT_" + results.front().scenario.name + "_" +
                           species_name(ex.source.components()[s], s) + "_per_eV_per_s");
    // A medium: the spectrum in deposited energy omega on the same grid (docs/medium.md).
    const bool deposited = !ex.medium.is_free();
    if (deposited) {
        cols.push_back("omega_eV");
        for (const auto& r : results)
            cols.push_back("dN_domega_" + r.scenario.name + "_per_eV_per_s");
    }
    Table t(cols);
    std::vector<double> row(cols.size());
    for (std::size_t i = 0; i < ex.recoil.size(); ++i) {
        std::size_t c = 0;
        row[c++] = ex.recoil[i] / units::eV;
        for (const auto& r : results) row[c++] = r.dn_dt[i] * kPerEvS;
        if (per_species)
            for (const auto& v : results.front().dn_dt_species) row[c++] = v[i] * kPerEvS;
        if (deposited) {
            row[c++] = ex.recoil[i] / units::eV;
            for (const auto& r : results) row[c++] = r.dn_domega[i] * kPerEvS;
        }
        t.add_row(row);
    }
    return t;
}

Table counts_table(const Experiment& ex, const std::vector<ScenarioResult>& results) {
    // A detector response (rates/response.hpp): bins in the observable's unit, named so.
    const bool observed = !ex.response.is_identity();
    const std::string unit = observed ? ex.response.unit() : "eV";
    const double scale = observed ? ex.response.unit_scale() : 1 / units::eV;
    std::vector<std::string> cols = {"bin_low_" + unit, "bin_high_" + unit, "background"};
    for (const auto& r : results) cols.push_back("counts_" + r.scenario.name);
    Table t(cols);
    const auto& edges = ex.detector.binning.edges;
    std::vector<double> row(cols.size());
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
        std::size_t c = 0;
        row[c++] = edges[i] * scale;
        row[c++] = edges[i + 1] * scale;
        row[c++] = results.empty() ? 0.0 : results.front().counts.background[i];
        for (const auto& r : results) row[c++] = r.counts.signal[i];
        t.add_row(row);
    }
    return t;
}

std::vector<std::pair<std::string, std::string>> totals_metadata(
    const Experiment& ex, const std::vector<ScenarioResult>& results) {
    std::vector<std::pair<std::string, std::string>> m;
    for (const auto& r : results) {
        m.emplace_back("total_counts_" + r.scenario.name, format_value(r.counts.total_signal));
        m.emplace_back("total_rate_per_year_" + r.scenario.name,
                       format_value(r.counts.total_signal / (ex.detector.exposure / units::year)));
    }
    if (!results.empty())
        m.emplace_back("total_background", format_value(results.front().counts.total_background));
    return m;
}

namespace {

// One line per scenario (events, per year, label), the background and any warnings.
std::string scenario_lines(const Experiment& ex, const std::vector<ScenarioResult>& results) {
    std::string s;
    for (const auto& r : results) {
        s += fmt::format("  {:<16} {:>14.6g} events  ({:.6g} per year)  {}\n", r.scenario.name,
                         r.counts.total_signal,
                         r.counts.total_signal / (ex.detector.exposure / units::year),
                         r.scenario.label);
    }
    if (!results.empty()) {
        s += fmt::format("  {:<16} {:>14.6g} events\n", "background",
                         results.front().counts.total_background);
        for (const auto& w : results.front().counts.warnings) s += "  warning: " + w + "\n";
    }
    return s;
}

}  // namespace

std::string totals_text(const Experiment& ex, const std::vector<ScenarioResult>& results) {
    if (!ex.response.is_identity() || ex.timing.enabled) {
        // Bins of the observable (keVnr, keVee or photo-electrons), timing window if any.
        const double sc = ex.response.is_identity() ? 1 / units::keV : ex.response.unit_scale();
        const std::string unit = ex.response.is_identity() ? "keVnr" : ex.response.unit();
        std::string s = fmt::format(
            "Expected events in {:.4g} years, {} bins from {:.4g} to {:.4g} {}, threshold {:.4g} "
            "{}{}:\n",
            ex.detector.exposure / units::year, ex.detector.binning.n_bins(),
            ex.detector.binning.edges.front() * sc, ex.detector.binning.edges.back() * sc, unit,
            ex.detector.threshold * sc, unit,
            ex.timing.enabled ? fmt::format(" (timing window {:.4g}..{:.4g} ns)",
                                            ex.timing.window_start, ex.timing.window_stop)
                              : std::string());
        return s + scenario_lines(ex, results);
    }
    // The energies in the unit that suits the binning's top edge (meV for SATURNE, keV for a
    // dark-matter detector).
    const double top = ex.detector.binning.edges.back();
    const auto [unit_name, unit] = top < units::eV    ? std::pair{"meV", units::meV}
                                   : top < units::keV ? std::pair{"eV", units::eV}
                                   : top < units::MeV ? std::pair{"keV", units::keV}
                                                      : std::pair{"MeV", units::MeV};
    std::string s = fmt::format(
        "Expected events in {:.4g} years{}, {} bins from {:.4g} to {:.4g} {}, threshold {:.4g} "
        "{}{}:\n",
        ex.detector.exposure / units::year,
        ex.source_half_life > 0
            ? fmt::format(" (source decaying, half-life {:.4g} d: effective exposure {:.4g} y)",
                          ex.source_half_life / units::day, effective_exposure(ex) / units::year)
            : std::string(),
        ex.detector.binning.n_bins(), ex.detector.binning.edges.front() / unit, top / unit,
        unit_name, ex.detector.threshold / unit, unit_name,
        ex.medium.is_free() ? "" : " (deposited energy in " + to_string(ex.medium.model) + ")");
    return s + scenario_lines(ex, results);
}

}  // namespace cevas::cli
