// `cevas run FILE.toml`: the whole job of a rate configuration — recoil spectra, expected counts
// per bin and totals for every scenario — written into an output folder (CSV and JSON, each file
// atomically), then the figures (PNG, drawn by python/cevas/run_plots.py with matplotlib).
#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cevas/io/output_file.hpp"
#include "cevas/io/rate_config.hpp"
#include "commands.hpp"
#include "experiment_output.hpp"
#include "plot_script.hpp"
#include "signal_cleanup.hpp"

#ifndef CEVAS_PLOT_SCRIPT
#define CEVAS_PLOT_SCRIPT "python/cevas/run_plots.py"
#endif

namespace cevas::cli {
namespace {

namespace fs = std::filesystem;

struct RunOptionsCli {
    std::string config, output;
    std::optional<std::string> threads;
    bool no_plots = false, quiet = false;
};

// Cheap check before the computation: the folder exists and is writable, or its nearest
// existing ancestor is a writable folder (so that create_directories can succeed later).
void check_output_folder(const fs::path& dir, const std::string& field) {
    std::error_code ec;
    if (dir.empty()) throw Exception(describe(field, "''", "empty folder name"));
    fs::path p = dir;
    while (!p.empty() && !fs::exists(fs::symlink_status(p, ec))) p = p.parent_path();
    if (p.empty()) p = ".";
    if (!fs::is_directory(p, ec)) {
        throw Exception(describe(field, "'" + dir.string() + "'",
                                 "'" + p.string() + "' exists and is not a folder"));
    }
    if (::access(p.c_str(), W_OK | X_OK) != 0) {
        throw Exception(describe(field, "'" + dir.string() + "'",
                                 p == dir
                                     ? std::string("output folder is not writable")
                                     : "cannot create it: '" + p.string() + "' is not writable"));
    }
}

// The true cause of a failed std::system() call, from its wait status.
std::string describe_wait_status(int status) {
    if (status == -1) return "could not be started (" + std::string(std::strerror(errno)) + ")";
    if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
    if (!WIFEXITED(status)) return "ended abnormally (wait status " + std::to_string(status) + ")";
    const int code = WEXITSTATUS(status);
    if (code == 127) return "exited with status 127 (/usr/bin/python3 or /bin/sh not found)";
    if (code == 2) return "exited with status 2 (python3 could not open or parse the script)";
    if (code == 1)
        return "exited with status 1 (the script failed: its message above tells why, e.g. "
               "python3-matplotlib or python3-numpy not installed)";
    return "exited with status " + std::to_string(code);
}

std::string shell_quote(const std::string& a) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

int run(const RunOptionsCli& o, const Context& ctx) {
    RateConfig cfg = read_rate_config(o.config, "config");
    cfg.experiment.options.threads = thread_count(o.threads);
    const fs::path dir = o.output.empty() ? fs::path(cfg.run.output) : fs::path(o.output);
    const std::string dir_field = o.output.empty() ? "run.output" : "--output";
    // Validate everything before creating anything: the folder is created only after every
    // result is computed and formatted, so an error leaves no (empty) folder behind.
    check_output_folder(dir, dir_field);
    // One cevas run per folder at a time: an existing folder is locked before the computation.
    std::optional<FolderLock> lock;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) lock.emplace(dir, dir_field);
    // The figure script: CEVAS_PLOT_SCRIPT, the installed share/cevas copy, or the source tree.
    const std::string script = cfg.run.plots && !o.no_plots ? plot_script() : std::string();

    const bool tty = ::isatty(STDERR_FILENO) && !o.quiet;
    const auto progress = [&](int done, int total) {
        if (tty) fmt::print(stderr, "\rcevas run: scenario {}/{} done", done, total);
        if (tty && done == total) fmt::print(stderr, "\n");
    };
    if (tty)
        fmt::print(stderr, "cevas run: {} ({} scenarios)\n", cfg.run.name, cfg.scenarios.size());
    const std::vector<ScenarioResult> results =
        run_experiment(cfg.experiment, cfg.scenarios, progress);

    Table spectrum = spectrum_table(cfg.experiment, results);
    Table counts = counts_table(cfg.experiment, results);
    for (Table* t : {&spectrum, &counts}) {
        t->add_metadata("run_name", cfg.run.name);
        add_run_metadata(*t, ctx.command_line, o.config, cfg.experiment, results, cfg.inputs);
        t->add_metadata("recoil_grid", cfg.recoil_text);
    }
    spectrum.add_metadata("columns",
                          "recoil T [eV]; dN/dT of the whole target per scenario [events/(eV s)]");
    counts.add_metadata(
        "columns",
        "reconstructed-energy bin edges [eV]; expected events per bin over the exposure");
    const std::pair<const char*, std::string> files[] = {{"spectrum.csv", to_csv(spectrum)},
                                                         {"spectrum.json", to_json(spectrum)},
                                                         {"counts.csv", to_csv(counts)},
                                                         {"counts.json", to_json(counts)}};

    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
        throw Exception(describe(
            dir_field, "'" + dir.string() + "'",
            "cannot create the output folder" + (ec ? ": " + ec.message() : std::string())));
    }
    if (::access(dir.c_str(), W_OK) != 0) {
        throw Exception(
            describe(dir_field, "'" + dir.string() + "'", "output folder is not writable"));
    }
    // Then remove leftovers of killed runs (our own temporary names only, of processes that
    // are gone).
    if (!lock) lock.emplace(dir, dir_field);
    remove_stale_temporaries(dir);
    for (const auto& [name, text] : files) write_output_file(dir / name, text, dir_field);

    if (!script.empty()) {
        const std::string cmd =
            "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(dir.string());
        if (tty) fmt::print(stderr, "cevas run: drawing figures\n");
        std::error_code sec;
        if (!fs::is_regular_file(script, sec)) {
            throw Exception(describe("run.plots", "true",
                                     "the plot script '" + script +
                                         "' does not exist; the data files are complete; set "
                                         "plots = false, use --no-plots or set "
                                         "CEVAS_PLOT_SCRIPT"));
        }
        const int rc = std::system(cmd.c_str());
        if (rc != 0) {
            throw Exception(describe("run.plots", "true",
                                     "drawing the figures failed (" + cmd + " " +
                                         describe_wait_status(rc) +
                                         "); the data files are complete; set plots = false "
                                         "or use --no-plots"));
        }
    }
    fmt::print("{}", totals_text(cfg.experiment, results));
    fmt::print("Output: {}/{{spectrum,counts}}.{{csv,json}}{}\n", dir.string(),
               cfg.run.plots && !o.no_plots ? ", spectrum.png, counts.png" : "");
    return kExitOk;
}

}  // namespace

Runner add_run_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<RunOptionsCli>();
    CLI::App* c = app.add_subcommand(
        "run", "Run the whole job of a rate configuration into an output folder");
    c->footer(
        "Example: cevas run examples/saturne.toml --output out\nSchema: docs/cli.md and "
        "examples/saturne.toml.");
    c->add_option("config", o->config, "Rate configuration file (TOML)")->required();
    c->add_option("--output,-o", o->output, "Output folder (default: [run] output of the config)");
    c->add_flag("--no-plots", o->no_plots, "Do not draw the PNG figures");
    c->add_flag("--quiet,-q", o->quiet, "No progress display");
    c->add_option("--threads", o->threads,
                  "Worker threads (default: CEVAS_NUM_THREADS, else every core)");
    return [o, &ctx] { return run(*o, ctx); };
}

}  // namespace cevas::cli
