// `cevas rate`: the flux-folded recoil spectrum dN/dT of one experiment, as CSV or JSON, from
// flags (quick use) or from a rate configuration (--config, the schema of `cevas run`).
// Order of work as in `cevas xsec`: parse everything, compute the totals, then stream the rows
// into a temporary file renamed into place at the end; a failure or a signal leaves no file.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/mediator_option.hpp"
#include "cevas/io/nsi_option.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/io/rate_config.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/rates/material_rate.hpp"
#include "cevas/sources/tritium.hpp"
#include "commands.hpp"
#include "experiment_output.hpp"
#include "signal_cleanup.hpp"

namespace cevas::cli {
namespace {

struct RateOptionsCli {
    std::string config, target, target_mass, source, activity, tritium_mass, fermi, distance;
    std::string recoil, exposure, threshold, form_factor, magnetic_moment, millicharge,
        charge_radius, medium;
    std::vector<std::string> nsi;
    std::vector<std::string> mediator;  // --mediator TYPE:mass=..,g_..=..
    bool log = false, no_oscillations = false;
    std::string format, output;
    std::optional<std::string> threads;
    std::vector<std::string> scenarios;
};

// Experiment and scenarios from flags: tritium source, point geometry, one recoil grid.
RateConfig from_flags(const RateOptionsCli& o) {
    const auto need = [](const std::string& v, const char* flag, const char* hint) {
        if (v.empty())
            throw InvalidArgument(describe(flag, "(not given)", std::string("required: ") + hint));
    };
    need(o.target, "--target", "e.g. --target He4 (or --config FILE)");
    need(o.target_mass, "--target-mass", "e.g. --target-mass 1kg");
    need(o.distance, "--distance", "source-target distance, e.g. --distance 1m");
    need(o.recoil, "--recoil", "e.g. --recoil 1meV:100meV:100");
    if (!o.source.empty() && o.source != "tritium")
        throw InvalidArgument(describe("--source", "'" + o.source + "'",
                                       "the flag form supports tritium; use --config for cr51, "
                                       "ar37, line, pion_dar, reactor, table"));
    Parameters p;
    TritiumParameters tp;
    if (!o.fermi.empty()) tp.fermi_function = parse_fermi_function(o.fermi, "--fermi-function");
    if (o.activity.empty() == o.tritium_mass.empty())
        throw InvalidArgument(
            describe("--activity", o.activity.empty() ? "(not given)" : "'" + o.activity + "'",
                     "give exactly one of --activity (e.g. 1MCi) or --tritium-mass (e.g. 100g)"));
    // Documented ranges (docs/limits.md), named by the flag.
    const auto ranged = [](double v, const char* flag, const Range& r) {
        if (!in_range(v, r)) require_in_range(flag, v, r);
        return v;
    };
    Source src = o.activity.empty()
                     ? tritium_source_from_mass(
                           ranged(parse_mass(o.tritium_mass, "--tritium-mass", Domain::positive),
                                  "--tritium-mass", limits::mass),
                           tp, p.constants)
                     : tritium_source_from_activity(
                           ranged(parse_activity(o.activity, "--activity", Domain::positive),
                                  "--activity", limits::activity),
                           tp, p.constants);
    TargetSpec spec;
    spec.name = o.target;
    // An isotope, a natural element or a compound (docs/targets.md).
    const Material material = build_material(spec, p.constants, "--target");
    const bool composite = !material.is_single_isotope();
    Target target = material.components.front().target;
    if (!o.form_factor.empty())
        p.atomic_form_factor = parse_atomic_form_factor(o.form_factor, "--form-factor");
    apply_nsi_options(p.nsi, o.nsi, "--nsi");
    for (Mediator& m : parse_mediator_options(o.mediator, "--mediator"))
        p.mediators.push_back(std::move(m));
    apply_electromagnetic_options(p.electromagnetic, o.millicharge, o.magnetic_moment,
                                  o.charge_radius);
    const double mass = ranged(parse_mass(o.target_mass, "--target-mass", Domain::positive),
                               "--target-mass", limits::mass);
    const double n_atoms = mass / (composite ? material.unit_mass() : target.mass);
    FluxGeometry geo = point_geometry(ranged(
        parse_length(o.distance, "--distance", Domain::positive), "--distance", limits::baseline));
    // Validated here; the rows are generated lazily from the text when streamed (run()).
    parse_recoil_grid_spec(o.recoil, "--recoil",
                           o.log ? GridSpacing::logarithmic : GridSpacing::linear);
    std::vector<double> grid;
    RunSettings run_settings;
    run_settings.recoil_spacing = o.log ? GridSpacing::logarithmic : GridSpacing::linear;
    Detector det;
    det.exposure = o.exposure.empty()
                       ? 1.0 * units::year
                       : ranged(parse_time(o.exposure, "--exposure", Domain::positive),
                                "--exposure", limits::duration);
    det.threshold =
        o.threshold.empty() ? 0.0 : parse_energy(o.threshold, "--threshold", Domain::non_negative);
    Medium medium;
    if (!o.medium.empty()) medium.model = parse_medium_model(o.medium, "--medium");
    // One bin from the threshold to the largest recoil (deposited energy, with a medium) the
    // source can give: the total.
    double t_top = CrossSection(target, p).t_max(src.max_energy());
    for (const MaterialComponent& c : material.components)  // the lightest isotope recoils most
        t_top = std::max(t_top, CrossSection(c.target, p).t_max(src.max_energy()));
    if (!medium.is_free() && (composite || target.z != 2 || target.a != 4))
        throw InvalidArgument(
            describe("--medium", o.medium, "needs --target He4, not " + o.target));
    const double e_top = deposited_energy_max(
        Experiment{target, src, geo, n_atoms, det, {}, {}, 0.0, medium}, t_top);
    det.binning =
        Binning::linear(det.threshold, std::max(e_top, det.threshold * (1 + 1e-9) + 1e-12), 1);
    RateOptions ro;
    ro.oscillations = !o.no_oscillations;
    // Only the scenarios asked for (--scenarios; default both), each computed once.
    std::vector<Scenario> sc;
    for (const Scenario& s : standard_scenarios(p)) {
        const bool asked = o.scenarios.empty() || std::find(o.scenarios.begin(), o.scenarios.end(),
                                                            s.name) != o.scenarios.end();
        if (asked &&
            std::none_of(sc.begin(), sc.end(), [&](const Scenario& x) { return x.name == s.name; }))
            sc.push_back(s);
    }
    for (const std::string& name : o.scenarios)
        if (name != "sm" && name != "no_electrons")
            throw InvalidArgument(describe("--scenarios", "'" + name + "'",
                                           "the flag form has the scenarios sm and no_electrons"));
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const auto& kv : src.describe()) inputs.emplace_back("source." + kv.first, kv.second);
    for (const auto& kv : geo.description) inputs.emplace_back(kv.first, kv.second);
    return RateConfig{
        "",
        Experiment{std::move(target), std::move(src), std::move(geo), n_atoms, det, std::move(grid),
                   ro, 0.0, medium, composite ? material : Material{}},
        std::move(sc),
        run_settings,
        o.recoil,
        std::move(inputs)};
}

int run(const RateOptionsCli& o, const Context& ctx) {
    std::string output = o.output;
    OutputFormat format = OutputFormat::csv;
    if (!o.format.empty())
        format = as_usage([&] { return parse_output_format(o.format, "--format"); });
    else if (output.size() > 5 && output.ends_with(".json"))
        format = OutputFormat::json;
    RateConfig cfg = o.config.empty() ? as_usage([&] { return from_flags(o); })
                                      : read_rate_config(o.config, "--config", false);
    if (!o.config.empty()) {
        const bool mixed = !o.target.empty() || !o.target_mass.empty() || !o.distance.empty() ||
                           !o.activity.empty() || !o.tritium_mass.empty() || !o.recoil.empty();
        if (mixed)
            throw UsageError(
                describe("--config", "'" + o.config + "'",
                         "give the experiment either as flags or as a config, not both"));
    }
    if (!o.config.empty() && !o.medium.empty()) {
        cfg.experiment.medium.model =
            as_usage([&] { return parse_medium_model(o.medium, "--medium"); });
        as_usage([&] {
            validate_medium(cfg.experiment);
            return 0;
        });
    }
    if (!is_stdout_path(output))
        as_usage([&] {
            check_output_path(output, "--output");
            return 0;
        });

    if (!o.config.empty() && !o.scenarios.empty())
        throw UsageError(describe("--scenarios", "'" + o.scenarios.front() + "'",
                                  "the config form takes its scenarios from the file"));
    cfg.experiment.options.threads = thread_count(o.threads);
    // Totals and model metadata first (no recoil rows), then the rows streamed: the grid is
    // regenerated lazily and evaluated in chunks through the array path (EventRate), each chunk
    // formatted and written at once, so memory stays bounded for any number of rows. A medium
    // adds the deposited-energy columns, evaluated per chunk by the library
    // (DepositedSpectrumBlocks: each row's cell needs only its neighbours, filled alongside).
    const RecoilGrid grid = parse_recoil_grid_spec(
        cfg.recoil_text, o.config.empty() ? "--recoil" : "spectrum.recoil", cfg.run.recoil_spacing);
    cfg.experiment.recoil.clear();
    cfg.experiment.recoil.shrink_to_fit();
    if (!cfg.experiment.medium.is_free())  // the grid is also the omega grid: cells need order
        for (std::size_t i = 1; i < grid.list.size(); ++i)
            if (!(grid.list[i] > grid.list[i - 1]))
                throw InvalidArgument(describe(
                    o.config.empty() ? "--recoil" : "spectrum.recoil", "'" + cfg.recoil_text + "'",
                    "element " + std::to_string(i + 1) +
                        " is not larger than the previous one (with a medium the grid is the "
                        "omega grid of the deposited-energy cells and must increase)"));
    const std::vector<ScenarioResult> results = run_experiment(cfg.experiment, cfg.scenarios);
    Table t = spectrum_table(cfg.experiment, results);
    add_run_metadata(t, ctx.command_line, o.config, cfg.experiment, results, cfg.inputs);
    t.add_metadata("recoil_grid", cfg.recoil_text);
    t.add_metadata("columns",
                   "recoil T [eV]; dN/dT for the whole target per scenario [events/(eV s)]" +
                       std::string(cfg.experiment.medium.is_free()
                                       ? ""
                                       : "; deposited energy omega [eV]; dN/domega per scenario "
                                         "[events/(eV s)]"));

    OutputSink sink(output, "--output");
    {
        const Experiment& ex = cfg.experiment;
        // Every isotope of the target summed (a single isotope: its EventRate, the same bits).
        const Material material = experiment_material(ex);
        std::vector<MaterialRate> rates;
        rates.reserve(cfg.scenarios.size());
        for (const Scenario& sc : cfg.scenarios)
            rates.emplace_back(material, sc.params, ex.source, ex.geometry, ex.n_atoms, ex.options);
        const bool per_species = ex.source.components().size() > 1 && !rates.empty();
        const std::size_t n_species = per_species ? rates.front().n_species() : 0;
        std::optional<DepositedSpectrumBlocks> deposited;
        if (!ex.medium.is_free() && !rates.empty())
            deposited.emplace(ex, rates, ex.options.threads);
        const std::size_t n_omega = deposited ? rates.size() : 0;

        TableStream table_rows(t, format, [&](std::string_view bytes) { sink.write(bytes); });
        constexpr std::size_t kRowsPerChunk = 4096;
        const double per_ev_s = units::eV * units::s;  // natural dN/dT -> events/(eV s)
        std::vector<double> tt(kRowsPerChunk + 2);     // the chunk and its two neighbours
        std::vector<std::vector<double>> cols(rates.size() + n_species + n_omega,
                                              std::vector<double>(kRowsPerChunk));
        std::vector<std::span<double>> omega_cols;
        std::vector<double> row(1 + cols.size() + (deposited ? 1 : 0));
        for (std::size_t first = 0; first < grid.size(); first += kRowsPerChunk) {
            const std::size_t len = std::min(kRowsPerChunk, grid.size() - first);
            const bool has_before = first > 0, has_after = first + len < grid.size();
            const std::size_t lead = has_before ? 1 : 0;
            grid.fill(first - lead, std::span<double>(tt.data(), len + lead + (has_after ? 1 : 0)));
            const std::span<double> chunk(tt.data() + lead, len);
            for (std::size_t r = 0; r < rates.size(); ++r)
                rates[r].differential(chunk, std::span<double>(cols[r].data(), len));
            for (std::size_t s = 0; s < n_species; ++s)
                rates.front().differential(chunk,
                                           std::span<double>(cols[rates.size() + s].data(), len),
                                           static_cast<int>(s));
            if (deposited) {
                omega_cols.clear();
                for (std::size_t s = 0; s < n_omega; ++s)
                    omega_cols.emplace_back(cols[rates.size() + n_species + s].data(), len);
                deposited->evaluate(
                    chunk, has_before ? std::optional<double>(tt[0]) : std::nullopt,
                    has_after ? std::optional<double>(tt[lead + len]) : std::nullopt, omega_cols);
            }
            for (std::size_t i = 0; i < len; ++i) {
                std::size_t c = 0;
                row[c++] = chunk[i] / units::eV;
                for (std::size_t k = 0; k < cols.size(); ++k) {
                    const double v = cols[k][i];
                    const bool omega_col = k >= rates.size() + n_species;
                    if (!std::isfinite(v)) {
                        throw NumericalError(
                            describe(omega_col ? "dN/domega" : "dN/dT", format_value(v),
                                     std::string("not finite at ") + (omega_col ? "omega" : "T") +
                                         " = " + format_value(chunk[i]) + " eV (docs/limits.md)"));
                    }
                    if (omega_col && k == rates.size() + n_species)
                        row[c++] = chunk[i] / units::eV;  // the omega_eV column
                    row[c++] = v * per_ev_s;
                }
                table_rows.add_row(row);
            }
            table_rows.flush();
        }
        table_rows.finish();
    }
    sink.finish();
    if (sink.to_file()) std::cerr << totals_text(cfg.experiment, results);
    return kExitOk;
}

}  // namespace

Runner add_rate_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<RateOptionsCli>();
    CLI::App* c = app.add_subcommand(
        "rate", "Event-rate spectrum dN/dT [events/(eV s)] of a source on a target");
    c->footer(
        "Flag form (tritium source, point geometry):\n"
        "  cevas rate --target He4 --target-mass 1kg --source tritium --activity 1MCi --distance "
        "1m\n"
        "             --recoil 1meV:100meV:100\n"
        "Config form (any source, tank geometry, detector, scenarios): cevas rate --config "
        "FILE.toml\n"
        "Totals (events over --exposure above --threshold) are in the metadata lines. See "
        "docs/cli.md.");
    c->add_option("--config", o->config, "Rate configuration (TOML; schema of `cevas run`)");
    c->add_option(
        "--target", o->target,
        "Target: an isotope (He4, 4He, H, D, C12, any <Symbol><A>), a natural element (Ar, Xe, "
        "Ge) or a compound (CsI, NaI, CaWO4, C3F8); docs/targets.md");
    c->add_option("--target-mass", o->target_mass, "Target mass, e.g. 1kg");
    c->add_option("--source", o->source, "Source (flag form: tritium)");
    c->add_option("--activity", o->activity, "Source activity, e.g. 1MCi, 3.7e10Bq");
    c->add_option("--tritium-mass", o->tritium_mass, "Tritium mass instead of activity, e.g. 100g");
    c->add_option("--fermi-function", o->fermi,
                  "nonrelativistic (default), wilkinson, relativistic");
    c->add_option("--distance", o->distance, "Source-target distance, e.g. 1m");
    c->add_option("--recoil", o->recoil, "Recoil grid: list or START:STOP:N");
    c->add_flag("--log", o->log, "Logarithmic START:STOP:N grid");
    c->add_option("--exposure", o->exposure, "Exposure for the totals (default 1y)");
    c->add_option("--threshold", o->threshold, "Recoil threshold for the totals (default 0)");
    c->add_flag("--no-oscillations", o->no_oscillations,
                "Switch off oscillation over the distance");
    c->add_option("--form-factor", o->form_factor,
                  "Atomic form factor: hubbell, gauss6, hydrogenic, none");
    c->add_option("--nsi", o->nsi, "NSI entry [STRUCTURE.]LEVEL.AB=VALUE (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--mediator", o->mediator,
                  "Light mediator TYPE:mass=MASS,KEY=VALUE,... (repeatable; docs/cli.md)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--millicharge", o->millicharge, "Millicharge [e] on the flavour diagonal");
    c->add_option("--magnetic-moment", o->magnetic_moment,
                  "Magnetic moment [mu_B] on the flavour diagonal");
    c->add_option("--charge-radius", o->charge_radius,
                  "Charge radius <r^2> on the diagonal, e.g. 1e-32cm2");
    c->add_option("--medium", o->medium,
                  "Target medium: free (default) or superfluid_he4 (spectrum and totals in "
                  "deposited energy; docs/medium.md)");
    c->add_option("--scenarios", o->scenarios,
                  "Flag form: scenarios to compute, sm and/or no_electrons (default both)")
        ->delimiter(',');
    c->add_option("--threads", o->threads,
                  "Worker threads (default: CEVAS_NUM_THREADS, else every core)");
    c->add_option("--format", o->format, "csv (default) or json");
    c->add_option("--output,-o", o->output, "Output file ('-' or absent: standard output)");
    return [o, &ctx] { return run(*o, ctx); };
}

}  // namespace cevas::cli
