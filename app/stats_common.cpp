// Shared pieces of `cevas limit`, `cevas significance` and `cevas scan` (see stats_common.hpp).
#include "stats_common.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cevas/core/error.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/numerics/parallel.hpp"
#include "cevas/rates/material_rate.hpp"
#include "experiment_output.hpp"

namespace cevas::cli {

void add_stats_options(CLI::App* c, StatsCli& o) {
    c->add_option("config", o.config, "Rate configuration with a [statistics] section (TOML)")
        ->required();
    c->add_option("--likelihood", o.likelihood,
                  "Override statistics.likelihood: poisson, gauss_pearson, gauss_data");
    c->add_option("--threads", o.threads, "Threads (default: CEVAS_NUM_THREADS or all cores)");
    c->add_option("--toys", o.toys, "Override statistics.toys (Feldman-Cousins toys per value)");
    c->add_option("--seed", o.seed, "Override statistics.seed (toys)");
    c->add_flag("--quiet,-q", o.quiet, "No progress display");
}

StatsJob load_stats_job(const StatsCli& o, bool cl_list) {
    StatsJob job{read_rate_config(o.config, "config"), read_stats_settings(o.config, "config"), 0};
    StatsSettings& st = job.stats;
    const auto record = [&](const std::string& k, const std::string& v) {
        st.inputs.push_back("override " + k + " = " + v);
    };
    if (!o.likelihood.empty()) {
        st.likelihood =
            as_usage([&] { return parse_likelihood_kind(o.likelihood, "--likelihood"); });
        record("--likelihood", o.likelihood);
    }
    if (!o.method.empty()) {
        st.method = as_usage([&] { return parse_limit_method(o.method, "--method"); });
        record("--method", o.method);
    }
    const auto number = [](const std::string& text, const char* field) {
        return as_usage([&] { return parse_number(text, field); });
    };
    if (!o.cl.empty()) {
        if (cl_list) {
            st.contours.clear();
            std::size_t start = 0;
            for (;;) {
                const std::size_t p = o.cl.find(',', start);
                const std::string item = o.cl.substr(start, p == std::string::npos ? p : p - start);
                const double v = number(item, "--cl");
                as_usage([&] {
                    validate_cl(v, "--cl");
                    return 0;
                });
                st.contours.push_back(v);
                if (p == std::string::npos) break;
                start = p + 1;
            }
        } else {
            st.cl = number(o.cl, "--cl");
            as_usage([&] {
                validate_cl(st.cl, "--cl");
                return 0;
            });
        }
        record("--cl", o.cl);
    }
    const auto whole = [&](const std::string& text, const char* field, double lo, double hi) {
        const double v = number(text, field);
        if (!(v >= lo && v <= hi && v == std::floor(v)))
            throw UsageError(describe(
                field, "'" + text + "'",
                "must be a whole number from " + format_value(lo) + " to " + format_value(hi)));
        return v;
    };
    if (!o.toys.empty()) {
        st.toys = static_cast<std::size_t>(whole(o.toys, "--toys", 10, 1e8));
        record("--toys", o.toys);
    }
    if (!o.seed.empty()) {
        st.seed = static_cast<std::uint64_t>(whole(o.seed, "--seed", 0, 9007199254740992.0));
        record("--seed", o.seed);
    }
    if (!o.alternative.empty()) {
        st.alternative = o.alternative;
        record("--alternative", o.alternative);
    }
    if (!o.threads.empty()) {
        job.threads = as_usage([&] { return parse_thread_count(o.threads, "--threads"); });
    } else if (auto t = threads_from_environment()) {
        job.threads = *t;
    }
    return job;
}

Table stats_table(const StatsJob& job, const Context& ctx, const std::string& config,
                  std::vector<std::string> columns) {
    Table t(std::move(columns));
    ScenarioResult sm;
    sm.scenario = job.rate.scenarios.front();
    {
        // The model description of the configured physics (CrossSection::describe()).
        const CrossSection xs(job.rate.experiment.target, sm.scenario.params);
        sm.model = xs.describe();
        if (!job.rate.experiment.material.components.empty()) {  // a composite target
            std::vector<std::unique_ptr<CrossSection>> own;
            std::vector<const CrossSection*> all;
            for (const MaterialComponent& c : job.rate.experiment.material.components) {
                own.push_back(std::make_unique<CrossSection>(c.target, sm.scenario.params));
                all.push_back(own.back().get());
            }
            sm.model = describe_material_model(job.rate.experiment.material, all);
        }
    }
    add_run_metadata(t, ctx.command_line, config, job.rate.experiment, {}, job.rate.inputs);
    t.add_metadata("physics.label", sm.scenario.label);
    for (const auto& [k, v] : sm.model) t.add_metadata("physics." + k, v);
    t.set_constants(list_constants(sm.scenario.params.constants));
    const StatsSettings& st = job.stats;
    t.add_metadata("statistics.likelihood", std::string(to_string(st.likelihood)));
    t.add_metadata("statistics.data", std::string(to_string(st.data)));
    if (st.data == DataSource::observed) t.add_metadata("statistics.data_file", st.data_file);
    t.add_metadata("statistics.seed", std::to_string(st.seed));
    std::string nu;
    for (const Nuisance& n : st.nuisances)
        nu += (nu.empty() ? "" : ", ") + std::string(to_string(n.kind)) + " " +
              format_value(n.sigma) + " " + std::string(to_string(n.constraint));
    t.add_metadata("statistics.nuisances", nu.empty() ? "none" : nu + " (profiled)");
    for (std::size_t i = 0; i < st.inputs.size(); ++i)
        t.add_metadata("statistics.input_" + std::to_string(i + 1), st.inputs[i]);
    return t;
}

nlohmann::ordered_json table_json(const Table& t) {
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_json(t));
    nlohmann::ordered_json out;
    out["inputs"] = j.at("metadata");
    out["constants"] = j.at("constants");
    out["columns"] = j.at("columns");
    out["data"] = j.at("data");
    return out;
}

void check_output(const std::string& output) {
    if (is_stdout_path(output)) return;
    // Never replace a device, FIFO or other special file by renaming over it.
    std::error_code ec;
    const auto st = std::filesystem::symlink_status(output, ec);
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
        throw Exception(describe("--output", "'" + output + "'",
                                 "exists and is not a regular file (use '-' for standard output)"));
    check_output_path(output, "--output");
}

void write_output(const std::string& output, const std::string& text) {
    if (is_stdout_path(output)) {
        std::cout << text;
        std::cout.flush();
        return;
    }
    check_output(output);
    write_file_atomic(output, text, "--output");
}

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)),
      enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const double since_start = std::chrono::duration<double>(now - start_).count();
    if (since_start < 1.0 || std::chrono::duration<double>(now - last_).count() < 0.2) return;
    last_ = now;
    shown_ = true;
    const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const double eta = frac > 0 ? since_start * (1 - frac) / frac : 0;
    fmt::print(stderr, "\r{}: {:5.1f} % ({}/{}), {:.0f} s left   ", label_, 100 * frac, done, total,
               eta);
}

void Progress::finish() {
    if (enabled_ && shown_) fmt::print(stderr, "\n");
}

}  // namespace cevas::cli
