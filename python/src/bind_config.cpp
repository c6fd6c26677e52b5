/// @file
/// Rate configurations and whole runs (io/rate_config.hpp, rates/experiment.hpp): the C++ config
/// reader of `cevas rate --config`/`cevas run` and run_experiment, bound as they are so that
/// cevas.load_config/cevas.run give the CLI's numbers to the last digit. The output tables are
/// formatted by the CLI's own code (app/experiment_output.cpp: formatting only). The
/// pure-Python layer (cevas/config.py) adds editing, TOML writing and the results object.
/// Units at the Python boundary: recoil and bin edges [eV], dN/dT [events/(eV s)], times [s].

#include <string>
#include <utility>
#include <vector>

#include "cevas/core/version.hpp"
#include "cevas/io/rate_config.hpp"
#include "cevas/io/table.hpp"
#include "cevas/rates/experiment.hpp"
#include "common.hpp"
#include "experiment_output.hpp"

namespace cevas::python {

namespace {

constexpr double kPerEvS = units::eV * units::s;  // natural dN/dT -> events/(eV s)

py::array_t<double> array_of(const std::vector<double>& v, double scale) {
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    double* d = out.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) d[i] = v[i] * scale;
    return out;
}

py::dict pairs_to_dict(const std::vector<std::pair<std::string, std::string>>& pairs) {
    py::dict d;
    for (const auto& [k, v] : pairs) d[py::str(k)] = v;
    return d;
}

/// Run every scenario of a configuration; return arrays, totals, metadata and the CLI's four
/// output texts (spectrum/counts as CSV/JSON).
py::dict run_config(const RateConfig& cfg, const std::string& command_line) {
    std::vector<ScenarioResult> results;
    {
        py::gil_scoped_release release;
        results = run_experiment(cfg.experiment, cfg.scenarios);
    }
    const Experiment& ex = cfg.experiment;
    Table spectrum = cli::spectrum_table(ex, results);
    Table counts = cli::counts_table(ex, results);
    for (Table* t : {&spectrum, &counts}) {
        t->add_metadata("run_name", cfg.run.name);
        cli::add_run_metadata(*t, command_line, cfg.source_file, ex, results, cfg.inputs);
        t->add_metadata("recoil_grid", cfg.recoil_text);
    }
    spectrum.add_metadata("columns",
                          "recoil T [eV]; dN/dT of the whole target per scenario [events/(eV s)]");
    counts.add_metadata(
        "columns",
        "reconstructed-energy bin edges [eV]; expected events per bin over the exposure");

    py::dict out;
    py::list names, labels;
    py::dict spectra, counts_d, totals;
    for (const auto& r : results) {
        names.append(r.scenario.name);
        labels.append(r.scenario.label);
        spectra[py::str(r.scenario.name)] = array_of(r.dn_dt, kPerEvS);
        counts_d[py::str(r.scenario.name)] = array_of(r.counts.signal, 1.0);
        totals[py::str(r.scenario.name)] = r.counts.total_signal;
    }
    if (!results.empty() && ex.source.components().size() > 1) {
        py::list l;
        for (const auto& v : results.front().dn_dt_species) l.append(array_of(v, kPerEvS));
        out["species_spectra"] = l;
    } else {
        out["species_spectra"] = py::list();
    }
    out["scenarios"] = names;
    out["labels"] = labels;
    out["recoil_eV"] = array_of(ex.recoil, 1.0 / units::eV);
    out["bin_edges_eV"] = array_of(ex.detector.binning.edges, 1.0 / units::eV);
    out["background"] =
        results.empty() ? array_of({}, 1.0) : array_of(results.front().counts.background, 1.0);
    out["total_background"] = results.empty() ? 0.0 : results.front().counts.total_background;
    out["spectra"] = spectra;
    out["counts"] = counts_d;
    out["totals"] = totals;
    py::list warnings;
    if (!results.empty())
        for (const auto& w : results.front().counts.warnings) warnings.append(w);
    out["warnings"] = warnings;
    out["exposure_s"] = ex.detector.exposure / units::s;
    out["half_life_s"] = ex.source_half_life > 0
                             ? py::object(py::float_(ex.source_half_life / units::s))
                             : py::none();
    out["effective_exposure_s"] = effective_exposure(ex) / units::s;
    out["metadata"] = pairs_to_dict(spectrum.metadata());
    out["totals_text"] = cli::totals_text(ex, results);
    out["spectrum_csv"] = to_csv(spectrum);
    out["spectrum_json"] = to_json(spectrum);
    out["counts_csv"] = to_csv(counts);
    out["counts_json"] = to_json(counts);
    return out;
}

}  // namespace

void bind_config(py::module_& m) {
    py::class_<RateConfig>(m, "ResolvedConfig", R"doc(
A validated rate configuration as the C++ reader resolved it (what `cevas run` computes from).
Made by cevas.load_config (attribute Config.resolved); read-only. Units: recoil and bin edges
[eV], times [s].
)doc")
        .def_readonly("source_file", &RateConfig::source_file, "The configuration file.")
        .def_property_readonly("run_name", [](const RateConfig& c) { return c.run.name; })
        .def_property_readonly(
            "output", [](const RateConfig& c) { return c.run.output; }, "[run] output folder.")
        .def_property_readonly("plots", [](const RateConfig& c) { return c.run.plots; })
        .def_property_readonly("no_electrons",
                               [](const RateConfig& c) { return c.run.no_electrons; })
        .def_property_readonly(
            "scenarios",
            [](const RateConfig& c) {
                py::list l;
                for (const auto& s : c.scenarios) l.append(s.name);
                return l;
            },
            "Scenario names, in order (sm first).")
        .def_property_readonly(
            "labels",
            [](const RateConfig& c) {
                py::list l;
                for (const auto& s : c.scenarios) l.append(s.label);
                return l;
            },
            "Scenario labels (legends), in order.")
        .def(
            "parameters",
            [](const RateConfig& c, const std::string& scenario) {
                for (const auto& s : c.scenarios)
                    if (s.name == scenario) return s.params;
                throw InvalidArgument(describe("scenario", "'" + scenario + "'",
                                               "no such scenario in the configuration"));
            },
            py::arg("scenario") = "sm", "The Parameters of one scenario (a copy).")
        .def_property_readonly("target", [](const RateConfig& c) { return c.experiment.target; })
        .def_property_readonly(
            "material", [](const RateConfig& c) { return experiment_material(c.experiment); },
            "The target as a Material (one isotope, a natural element, a compound or a "
            "mixture); n_atoms counts its formula units.")
        .def_property_readonly(
            "source",
            [](const RateConfig& c) {
                py::object src = py::cast(c.experiment.source);
                // The decay the config asks for (decay_during_exposure), as bin_counts uses it.
                src.attr("half_life_s") =
                    c.experiment.source_half_life > 0
                        ? py::object(py::float_(c.experiment.source_half_life / units::s))
                        : py::none();
                return src;
            },
            "The source (a copy); half_life_s is set when the config lets it decay during the "
            "exposure, else None.")
        .def_property_readonly("geometry",
                               [](const RateConfig& c) { return c.experiment.geometry; })
        .def_property_readonly("n_atoms", [](const RateConfig& c) { return c.experiment.n_atoms; })
        .def_property_readonly(
            "recoil_eV",
            [](const RateConfig& c) { return array_of(c.experiment.recoil, 1.0 / units::eV); },
            "Recoil grid of the spectra [eV].")
        .def_property_readonly(
            "bin_edges_eV",
            [](const RateConfig& c) {
                return array_of(c.experiment.detector.binning.edges, 1.0 / units::eV);
            },
            "Bin edges in reconstructed recoil [eV].")
        .def_property_readonly(
            "exposure_s",
            [](const RateConfig& c) { return c.experiment.detector.exposure / units::s; },
            "Live time [s].")
        .def_property_readonly(
            "threshold_eV",
            [](const RateConfig& c) { return c.experiment.detector.threshold / units::eV; })
        .def_property_readonly(
            "half_life_s",
            [](const RateConfig& c) -> py::object {
                if (c.experiment.source_half_life > 0)
                    return py::float_(c.experiment.source_half_life / units::s);
                return py::none();
            },
            "Half-life of the source [s] when it decays during the exposure, else None.")
        .def_property_readonly(
            "effective_exposure_s",
            [](const RateConfig& c) { return effective_exposure(c.experiment) / units::s; },
            "(1 - exp(-lambda t)) / lambda [s] (the live time for a constant source).")
        .def_property_readonly(
            "inputs", [](const RateConfig& c) { return pairs_to_dict(c.inputs); },
            "Every input as written, {dotted key: text} (output metadata).")
        .def("__repr__", [](const RateConfig& c) {
            return "ResolvedConfig('" + c.source_file + "', " + c.experiment.target.name + ", " +
                   std::to_string(c.scenarios.size()) + " scenarios)";
        });

    m.def(
        "_read_rate_config",
        [](const std::string& path) {
            py::gil_scoped_release release;
            return read_rate_config(path, "config");
        },
        py::arg("path"), "The C++ reader of `cevas run` on a file (errors name file:line).");
    m.def(
        "_parse_rate_config",
        [](const std::string& text, const std::string& source) {
            py::gil_scoped_release release;
            return parse_rate_config(text, source);
        },
        py::arg("text"), py::arg("source") = "<config>",
        "The same reader on TOML text; errors name `source`:line.");
    m.def("_run_config", &run_config, py::arg("config"), py::arg("command_line"),
          "run_experiment on every scenario, with the CLI's output tables (private: use "
          "cevas.run).");
}

}  // namespace cevas::python
