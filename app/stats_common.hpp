#pragma once
// Shared pieces of the sensitivity commands (`cevas limit`, `cevas significance`, `cevas scan`):
// options, loading a configuration with its [statistics] section and command-line overrides,
// output metadata and a terminal progress display. No physics: the model, data and procedures
// come from libcevas (stats module, io/stats_config.hpp).
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cevas/io/stats_config.hpp"
#include "cevas/io/table.hpp"
#include "commands.hpp"

namespace cevas::cli {

/// Options every sensitivity command takes.
struct StatsCli {
    std::string config;
    std::vector<std::string> parameters;  ///< --parameter (repeatable)
    std::string cl, method, format, output, alternative, likelihood, threads, toys, seed;
    std::string mediator_mass_scan;  ///< cevas limit --mediator-mass-scan
    bool quiet = false, force = false, resume = false, no_plots = false;
};

/// Register the options shared by the three commands on `c`.
void add_stats_options(CLI::App* c, StatsCli& o);

/// A loaded job: rate configuration, [statistics] with overrides, thread count.
struct StatsJob {
    RateConfig rate;
    StatsSettings stats;
    int threads = 0;
};
/// Read the configuration and apply the overrides (--cl for a limit is one value; `cl_list`
/// reads a comma-separated list into stats.contours instead).
StatsJob load_stats_job(const StatsCli& o, bool cl_list);

/// A table carrying the run metadata (version, command, experiment, physics, constants, the
/// [statistics] inputs and overrides) with the given columns.
Table stats_table(const StatsJob& job, const Context& ctx, const std::string& config,
                  std::vector<std::string> columns);

/// JSON object {"inputs": metadata, "constants": [...], "columns": ..., "data": ...} of a table.
nlohmann::ordered_json table_json(const Table& t);

/// Refuse an output path that cannot be written or exists as a non-regular file.
void check_output(const std::string& output);
/// Write `text` to `output` (stdout for "" or "-") atomically; an existing output that is not a
/// regular file (device, FIFO, symlink, folder) is refused, never renamed over.
void write_output(const std::string& output, const std::string& text);

/// Progress on stderr when it is a terminal (and not --quiet), for work longer than a second.
class Progress {
 public:
    Progress(std::string label, bool enabled);
    void update(std::size_t done, std::size_t total);
    void finish();

 private:
    std::string label_;
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
    std::mutex mutex_;
};

}  // namespace cevas::cli
