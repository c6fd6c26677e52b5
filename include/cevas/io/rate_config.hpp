#pragma once
/// @file
/// Configuration of an event-rate job (`cevas rate --config`, `cevas run`): target, source,
/// geometry, detector, binning, recoil grid, physics and scenarios, from TOML. Every unknown key
/// or section is an error naming the dotted key (with a suggestion); every dimensional value is
/// a string with a unit ("10MCi", "1m", "5y") unless the key's name carries the unit.
/// Schema: docs/cli.md ("cevas run") and the annotated examples/saturne.toml.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/io/config.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/rates/experiment.hpp"

namespace cevas {

/// [run]: the job's name, output folder and switches.
struct RunSettings {
    std::string name = "cevas";  ///< run name (output metadata, plot titles)
    std::string output = "out";  ///< output folder
    bool plots = true;           ///< write PNG figures (needs /usr/bin/python3 + matplotlib)
    bool no_electrons = true;    ///< add the pure-CEvNS scenario "no_electrons"
    /// Spacing of the [spectrum] recoil grid (log = true: logarithmic), so that a reader can
    /// regenerate it lazily from RateConfig::recoil_text (parse_recoil_grid_spec).
    GridSpacing recoil_spacing = GridSpacing::linear;
};

/// Everything a rate job needs, resolved into library objects.
struct RateConfig {
    std::string source_file;  ///< the configuration file (for metadata)
    Experiment experiment;    ///< target, source, geometry, atoms, detector, recoil grid
    std::vector<Scenario>
        scenarios;  ///< "sm" first, then "no_electrons" (if on), then [[scenario]]
    RunSettings run;
    std::string recoil_text;  ///< the recoil grid as written
    std::vector<std::pair<std::string, std::string>>
        inputs;  ///< every input as written, for metadata
};

/// Read and validate a rate configuration. Errors: ConfigError naming the key and the file line.
/// @param materialize_recoil false: the [spectrum] recoil grid is validated but
///        experiment.recoil stays empty (streaming readers regenerate the rows from recoil_text
///        and run.recoil_spacing with parse_recoil_grid_spec, in bounded memory).
RateConfig read_rate_config(const std::filesystem::path& file, std::string_view field = "config",
                            bool materialize_recoil = true);
/// The same from TOML text (tests).
RateConfig parse_rate_config(std::string_view toml_text, std::string_view source = "<config>");

}  // namespace cevas
