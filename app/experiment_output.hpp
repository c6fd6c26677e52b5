#pragma once
// Tables and summaries of an experiment run (shared by `cevas rate` and `cevas run`): formatting
// only, no physics.
#include <string>
#include <vector>

#include "cevas/io/table.hpp"
#include "cevas/rates/experiment.hpp"

namespace cevas::cli {

/// Metadata common to every output of a run: version, command, inputs, constants, models.
void add_run_metadata(Table& t, const std::string& command_line, const std::string& config,
                      const Experiment& ex, const std::vector<ScenarioResult>& results,
                      const std::vector<std::pair<std::string, std::string>>& inputs);

/// recoil_eV, dN_dT_<scenario>_per_eV_per_s for each scenario (and per species of the first
/// scenario when the source has more than one species); with a medium, also omega_eV and
/// dN_domega_<scenario>_per_eV_per_s (deposited energy, same grid).
Table spectrum_table(const Experiment& ex, const std::vector<ScenarioResult>& results);

/// bin_low_eV, bin_high_eV, background, counts_<scenario> for each scenario.
Table counts_table(const Experiment& ex, const std::vector<ScenarioResult>& results);

/// Human-readable totals, one line per scenario.
std::string totals_text(const Experiment& ex, const std::vector<ScenarioResult>& results);

/// Totals as (key, value) metadata pairs.
std::vector<std::pair<std::string, std::string>> totals_metadata(
    const Experiment& ex, const std::vector<ScenarioResult>& results);

}  // namespace cevas::cli
