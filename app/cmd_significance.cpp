// `cevas significance CONFIG [--alternative no_electrons]`: how well the data of the configured
// physics (Asimov by default) tell it from an alternative hypothesis, nuisances profiled:
// significance_sigma = sqrt(Delta chi^2).
#include <fmt/core.h>

#include <memory>

#include "cevas/core/error.hpp"
#include "stats_common.hpp"

namespace cevas::cli {
namespace {

int run(const StatsCli& o, const Context& ctx) {
    const OutputFormat format = as_usage(
        [&] { return parse_output_format(o.format.empty() ? "json" : o.format, "--format"); });
    if (!o.parameters.empty())
        throw UsageError(describe("--parameter", o.parameters.front(),
                                  "cevas significance takes no parameter (use --alternative)"));
    check_output(o.output);
    StatsJob job = load_stats_job(o, false);
    const StatsSettings& st = job.stats;
    const Parameters& base = job.rate.scenarios.front().params;
    const Parameters alt_params = as_usage([&] {
        return alternative_parameters(
            base, st.alternative,
            o.alternative.empty() ? "statistics.alternative" : "--alternative");
    });
    const Model null_model = build_model(job.rate, st, {}, job.threads);
    RateConfig alt_rate = job.rate;
    alt_rate.scenarios.front().params = alt_params;
    const Model alt_model = build_model(alt_rate, st, {}, job.threads);
    const Data data = build_data(job.rate, st, null_model);
    const Significance s = significance(null_model, {}, alt_model, {}, data);

    const std::vector<double> zero(st.nuisances.size(), 0.0);
    const std::vector<double> mu_null = expected_total(null_model, {}, zero);
    const std::vector<double> mu_alt = expected_total(alt_model, {}, zero);
    const std::vector<double> mu_alt_fit = expected_total(alt_model, {}, s.nuisances_alternative);
    Table t = stats_table(job, ctx, o.config,
                          {"bin_low_eV", "bin_high_eV", "data", "expected_hypothesis",
                           "expected_alternative", "expected_alternative_fitted", "background"});
    const auto& e = null_model.templates.edges;
    double tot_null = 0, tot_alt = 0;
    for (std::size_t b = 0; b < mu_null.size(); ++b) {
        const double row[7] = {e[b],
                               e[b + 1],
                               data.counts[b],
                               mu_null[b],
                               mu_alt[b],
                               mu_alt_fit[b],
                               null_model.templates.background[b]};
        t.add_row(row);
        tot_null += mu_null[b];
        tot_alt += mu_alt[b];
    }
    t.add_metadata("alternative", st.alternative);
    t.add_metadata("significance_sigma", format_value(s.sigma));
    t.add_metadata("delta_chi2", format_value(s.delta_chi2));
    t.add_metadata("expected_total_hypothesis", format_value(tot_null));
    t.add_metadata("expected_total_alternative", format_value(tot_alt));
    std::string text;
    if (format == OutputFormat::csv) {
        text = to_csv(t);
    } else {
        nlohmann::ordered_json j;
        j["hypothesis"] = "configured physics (" + job.rate.scenarios.front().label + ")";
        j["alternative"] = st.alternative;
        j["data"] = std::string(to_string(st.data));
        j["significance_sigma"] = s.sigma;
        j["delta_chi2"] = s.delta_chi2;
        j["expected_total_hypothesis"] = tot_null;
        j["expected_total_alternative"] = tot_alt;
        nlohmann::ordered_json nu = nlohmann::ordered_json::object();
        for (std::size_t k = 0; k < st.nuisances.size(); ++k)
            nu[std::string(to_string(st.nuisances[k].kind))] = s.nuisances_alternative[k];
        j["nuisances_alternative_fit"] = nu;
        const nlohmann::ordered_json tj = table_json(t);
        j["inputs"] = tj["inputs"];
        j["constants"] = tj["constants"];
        j["expected_counts"] = {{"columns", tj["columns"]}, {"data", tj["data"]}};
        text = j.dump(1) + "\n";
    }
    write_output(o.output, text);
    if (!is_stdout_path(o.output))
        fmt::print("significance vs {}: {} sigma (Delta chi^2 = {}; {} vs {} events)\n",
                   st.alternative, format_value(s.sigma), format_value(s.delta_chi2),
                   format_value(tot_null), format_value(tot_alt));
    return kExitOk;
}

}  // namespace

Runner add_significance_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<StatsCli>();
    CLI::App* c = app.add_subcommand(
        "significance", "Significance of the configured physics against an alternative");
    c->footer(
        "Example: cevas significance examples/saturne.toml --alternative no_electrons\n"
        "Alternatives: no_electrons, or NAME=VALUE[,NAME=VALUE] (docs/sensitivity.md).");
    add_stats_options(c, *o);
    c->add_option("--alternative", o->alternative,
                  "Alternative hypothesis (default: statistics.alternative, no_electrons)");
    c->add_option("--format", o->format, "json (default) or csv");
    c->add_option("--output,-o", o->output, "Output file (default: standard output)");
    return [o, &ctx] { return run(*o, ctx); };
}

}  // namespace cevas::cli
