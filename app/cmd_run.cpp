// `cevas run FILE.toml`: the whole job of a rate configuration — recoil spectra, expected counts
// per bin and totals for every scenario — written into an output folder (CSV and JSON, each file
// atomically), then the figures (PNG, drawn by python/cevas/run_plots.py with matplotlib).
#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cevas/io/rate_config.hpp"
#include "commands.hpp"
#include "experiment_output.hpp"
#include "plot_script.hpp"

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

// Leftovers of a run killed while writing (write_file_atomic's ".<name>.tmp.XXXXXX").
void remove_stale_temporaries(const fs::path& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.size() > 1 && n[0] == '.' && n.find(".tmp.") != std::string::npos)
            fs::remove(e.path(), ec);
    }
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
    std::error_code ec;
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
    remove_stale_temporaries(dir);

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
    write_file_atomic(dir / "spectrum.csv", to_csv(spectrum), dir_field);
    write_file_atomic(dir / "spectrum.json", to_json(spectrum), dir_field);
    write_file_atomic(dir / "counts.csv", to_csv(counts), dir_field);
    write_file_atomic(dir / "counts.json", to_json(counts), dir_field);

    if (cfg.run.plots && !o.no_plots) {
        const std::string script = plot_script();
        const std::string cmd =
            "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(dir.string());
        if (tty) fmt::print(stderr, "cevas run: drawing figures\n");
        const int rc = std::system(cmd.c_str());
        if (rc != 0) {
            throw Exception(describe("run.plots", "true",
                                     "drawing the figures failed (" + cmd + " exited with " +
                                         std::to_string(rc) +
                                         "); the data files are complete; set plots = false or "
                                         "install python3-matplotlib"));
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
