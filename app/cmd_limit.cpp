// `cevas limit CONFIG --parameter NAME[=LO:HI:N]`: a one-parameter limit or interval at a
// confidence level, by Wilks' theorem (profile likelihood), its boundary-aware variant, or a
// Feldman–Cousins construction from toys. JSON (or CSV: the profile with the result in the
// header) with the inputs.
#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <memory>

#include "cevas/core/error.hpp"
#include "stats_common.hpp"

namespace cevas::cli {
namespace {

// An interval end; NaN when absent (one-sided). Plain doubles: GCC 12 warns spuriously about
// std::optional<double> here (-Wmaybe-uninitialized).
double end_value(const std::optional<double>& v) {
    return v.has_value() ? v.value() : std::numeric_limits<double>::quiet_NaN();
}
nlohmann::ordered_json end_json(double v) {
    return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
}
std::string end_text(double v, const char* none) {
    return std::isnan(v) ? std::string(none) : format_value(v);
}

// `cevas limit --parameter mediator.g2 --mediator-mass-scan LO:HI:N[:log]`: the limit at every
// mass (templates per mass value, mediator_limit_scan in io/stats_config.hpp).
int run_mass_scan(const StatsCli& o, const Context& ctx, const std::string& scan_text,
                  OutputFormat format) {
    const StatsJob job = load_stats_job(o, false);
    const std::vector<double> masses =
        as_usage([&] { return parse_mediator_mass_scan(scan_text, "--mediator-mass-scan"); });
    const std::string& name = o.parameters.front();
    const std::vector<MediatorLimitPoint> pts =
        mediator_limit_scan(job.rate, job.stats, name, masses, job.threads);
    Table t = stats_table(job, ctx, o.config,
                          {"mass_eV", "lower", "upper", "best_fit", "lower_eps", "upper_eps"});
    t.add_metadata("parameter", name);
    t.add_metadata("cl", format_value(job.stats.cl));
    t.add_metadata("method", std::string(to_string(job.stats.method)));
    t.add_metadata("mediator_mass_scan", scan_text);
    t.add_metadata("lower_eps", "lower / (sqrt2 G_F m^2): the contact-NSI equivalent at q = 0");
    const double gf = job.rate.scenarios.front().params.constants.fermi_constant;
    for (const MediatorLimitPoint& p : pts) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double lo = p.lower.value_or(nan), hi = p.upper.value_or(nan);
        const double c = std::sqrt(2.0) * gf * p.mass * p.mass;
        const double row[6] = {p.mass, lo, hi, p.best_fit, lo / c, hi / c};
        t.add_row(row);
        if (!is_stdout_path(o.output))
            fmt::print("m = {} eV: {} {} CL: lower = {}, upper = {}\n", format_value(p.mass), name,
                       format_value(job.stats.cl), end_text(lo, "none"), end_text(hi, "none"));
    }
    std::string text;
    if (format == OutputFormat::csv) {
        text = to_csv(t);
    } else {
        nlohmann::ordered_json j;
        j["parameter"] = name;
        j["cl"] = job.stats.cl;
        j["method"] = std::string(to_string(job.stats.method));
        j["mediator_mass_scan"] = scan_text;
        nlohmann::ordered_json arr = nlohmann::ordered_json::array();
        for (const MediatorLimitPoint& p : pts)
            arr.push_back({{"mass_eV", p.mass},
                           {"lower", p.lower ? nlohmann::ordered_json(*p.lower) : nullptr},
                           {"upper", p.upper ? nlohmann::ordered_json(*p.upper) : nullptr},
                           {"best_fit", p.best_fit}});
        j["limits"] = arr;
        const nlohmann::ordered_json tj = table_json(t);
        j["inputs"] = tj["inputs"];
        j["constants"] = tj["constants"];
        text = j.dump(1) + "\n";
    }
    write_output(o.output, text);
    return kExitOk;
}

int run(const StatsCli& o, const Context& ctx) {
    if (o.parameters.size() != 1)
        throw UsageError(describe("--parameter", std::to_string(o.parameters.size()) + " given",
                                  "cevas limit takes exactly one parameter"));
    const OutputFormat format = as_usage(
        [&] { return parse_output_format(o.format.empty() ? "json" : o.format, "--format"); });
    ParameterSpec spec =
        as_usage([&] { return parse_parameter_spec(o.parameters.front(), "--parameter"); });
    check_output(o.output);
    {
        // A mediator mass scan (option or statistics.mediator_mass_scan): its own output.
        std::string scan = o.mediator_mass_scan;
        if (scan.empty()) scan = read_stats_settings(o.config, "config").mediator_mass_scan;
        if (!scan.empty() && is_mediator_parameter(spec.parameter.name))
            return run_mass_scan(o, ctx, scan, format);
        if (!o.mediator_mass_scan.empty())
            throw UsageError(describe("--mediator-mass-scan", "'" + scan + "'",
                                      "needs a mediator parameter (mediator.g2, ...)"));
    }
    StatsJob job = load_stats_job(o, false);
    const StatsSettings& st = job.stats;
    if (!spec.range) calibrate_mediator_parameter(spec.parameter, job.rate);
    const Model model = build_model(job.rate, st, {spec.parameter}, job.threads);
    const Data data = build_data(job.rate, st, model);

    const double threshold = st.method == LimitMethod::wilks_boundary
                                 ? chi2_quantile_boundary(st.cl)
                                 : chi2_quantile(st.cl, 1);
    const std::size_t points = st.method == LimitMethod::feldman_cousins ? st.fc_points : st.points;
    ParameterRange range;
    if (spec.range) {
        range = *spec.range;
        if (st.method == LimitMethod::feldman_cousins) range.n = spec.range->n;
    } else {
        range = auto_range(model, data, spec.parameter.scale, spec.parameter.lower_bound,
                           chi2_quantile(st.cl, 1), points);
    }
    const Interval iv = wilks_interval(model, data, range, threshold, job.threads);
    double lower = end_value(iv.lower), upper = end_value(iv.upper);
    double best = iv.best_fit;
    std::optional<FcResult> fc;
    if (st.method == LimitMethod::feldman_cousins) {
        Progress progress("cevas limit: Feldman-Cousins toys", !o.quiet);
        fc = feldman_cousins(model, data, range, st.cl, st.toys, st.seed, job.threads,
                             [&](std::size_t d, std::size_t t) { progress.update(d, t); });
        progress.finish();
        lower = end_value(fc->lower);
        upper = end_value(fc->upper);
    }
    // A parameter with a physical lower bound at the range start: one-sided (no lower end).
    const bool bounded = spec.parameter.lower_bound > -1e299;
    if (bounded && !std::isnan(lower) && lower <= range.lo)
        lower = std::numeric_limits<double>::quiet_NaN();

    // Allowed regions on the grid (Delta chi^2 below the threshold): more than one means the
    // interval [lower, upper] encloses excluded values (e.g. a degenerate NSI solution).
    int regions = 0;
    for (std::size_t i = 0; i < iv.delta_chi2.size(); ++i)
        if (iv.delta_chi2[i] < threshold && (i == 0 || iv.delta_chi2[i - 1] >= threshold))
            ++regions;
    std::vector<std::string> cols{"value", "delta_chi2"};
    if (fc) cols = {"value", "delta_chi2", "t_obs", "t_crit", "accepted"};
    Table t = stats_table(job, ctx, o.config, cols);
    const std::string unit = spec.parameter.unit.empty() ? "1" : spec.parameter.unit;
    t.add_metadata("parameter", spec.parameter.name);
    t.add_metadata("unit", unit);
    t.add_metadata("cl", format_value(st.cl));
    t.add_metadata("method", std::string(to_string(st.method)));
    t.add_metadata("upper", end_text(upper, "null"));
    t.add_metadata("lower", end_text(lower, "null"));
    t.add_metadata("best_fit", format_value(best));
    t.add_metadata("delta_chi2_threshold", format_value(threshold));
    t.add_metadata("allowed_regions", std::to_string(regions));
    t.add_metadata("range", format_value(range.lo) + ":" + format_value(range.hi) + ":" +
                                std::to_string(range.n));
    for (std::size_t i = 0; i < iv.values.size(); ++i) {
        if (fc) {
            const double row[5] = {fc->values[i], iv.delta_chi2[i], fc->t_obs[i], fc->t_crit[i],
                                   fc->accepted[i] ? 1.0 : 0.0};
            t.add_row(row);
        } else {
            const double row[2] = {iv.values[i], iv.delta_chi2[i]};
            t.add_row(row);
        }
    }
    std::string text;
    if (format == OutputFormat::csv) {
        text = to_csv(t);
    } else {
        nlohmann::ordered_json j;
        j["parameter"] = spec.parameter.name;
        j["unit"] = unit;
        j["cl"] = st.cl;
        j["method"] = std::string(to_string(st.method));
        j["upper"] = end_json(upper);
        j["lower"] = end_json(lower);
        j["best_fit"] = best;
        j["best_fit_sigma_minus"] = iv.sigma_minus;
        j["best_fit_sigma_plus"] = iv.sigma_plus;
        j["chi2_min"] = iv.chi2_min;
        j["delta_chi2_threshold"] = threshold;
        j["allowed_regions"] = regions;
        if (fc) j["toys_per_value"] = st.toys;
        const nlohmann::ordered_json tj = table_json(t);
        j["inputs"] = tj["inputs"];
        j["constants"] = tj["constants"];
        j["profile"] = {{"columns", tj["columns"]}, {"data", tj["data"]}};
        text = j.dump(1) + "\n";
    }
    write_output(o.output, text);
    if (!is_stdout_path(o.output)) {
        fmt::print("{} {} CL ({}): lower = {}, upper = {} [{}]; best fit {}\n", spec.parameter.name,
                   format_value(st.cl), to_string(st.method), end_text(lower, "none"),
                   end_text(upper, "none"), unit, format_value(best));
    }
    return kExitOk;
}

}  // namespace

Runner add_limit_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<StatsCli>();
    CLI::App* c = app.add_subcommand("limit", "One-parameter limit or interval at a CL");
    c->footer(
        "Example: cevas limit examples/saturne.toml --parameter magnetic_moment --cl 0.90\n"
        "Parameters and [statistics]: docs/sensitivity.md.");
    add_stats_options(c, *o);
    c->add_option("--parameter,-p", o->parameters, "Parameter NAME or NAME=LO:HI:N")->required();
    c->add_option("--cl", o->cl, "Confidence level in (0, 1) (default: statistics.cl, 0.90)");
    c->add_option("--method", o->method, "wilks (default), wilks-boundary, feldman-cousins");
    c->add_option("--format", o->format, "json (default) or csv");
    c->add_option(
        "--mediator-mass-scan", o->mediator_mass_scan,
        "Light-mediator limit curve: masses LO:HI:N[:log|:linear] (e.g. 1keV:1GeV:20:log) "
        "for a --parameter mediator.g2 (docs/sensitivity.md)");
    c->add_option("--output,-o", o->output, "Output file (default: standard output)");
    return [o, &ctx] { return run(*o, ctx); };
}

}  // namespace cevas::cli
