// `cevas xsec`: the differential cross section dsigma/dT on a recoil grid, as CSV or JSON.
//
// Order of work: (1) read the configuration file, if any (errors exit 1); (2) convert every
// command-line value, overriding the configuration (errors exit 2); (3) build the cross section
// and evaluate it (errors exit 1); (4) stream the rows into a temporary file renamed into place
// at the end (errors exit 1), so a failure or a signal leaves no output file behind.
#include <fmt/core.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"
#include "cevas/core/version.hpp"
#include "cevas/io/config.hpp"
#include "cevas/io/mediator_option.hpp"
#include "cevas/io/nsi_option.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/io/table.hpp"
#include "cevas/numerics/parallel.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "commands.hpp"
#include "signal_cleanup.hpp"

namespace cevas::cli {
namespace {

struct XsecOptions {
    std::string config;
    std::string target;
    std::string flavor;
    bool neutrino = false;
    bool antineutrino = false;
    std::string enu;
    std::string recoil;
    bool log = false;
    std::string form_factor;
    std::string nuclear_form_factor;
    std::string sin2w;
    std::string ga;
    std::vector<std::string> nsi;
    std::vector<std::string> mediator;  // --mediator TYPE:mass=..,g_..=..
    std::string baseline;
    std::string ordering;
    std::string millicharge;
    std::string magnetic_moment;
    std::string charge_radius;
    std::string format;
    std::string output;
    std::optional<std::string> threads;
};

// A value given either on the command line or in the configuration, with the name to blame.
template <class T>
struct Sourced {
    T value{};
    std::string field;  // "--enu" or "xsec.enu"
    bool from_flag = false;
};

// The output columns; units in the names.
const std::vector<std::string> kColumns = {"recoil_eV",
                                           "q_eV",
                                           "form_factor",
                                           "nuclear_form_factor",
                                           "c_v",
                                           "c_a",
                                           "c_s",
                                           "c_t",
                                           "mu_eff2_muB2",
                                           "dsigma_dT_weak_cm2_per_eV",
                                           "dsigma_dT_magnetic_cm2_per_eV",
                                           "dsigma_dT_cm2_per_eV"};

// The table of `cevas xsec` with the metadata both forms share (run, projectile, grid).
Table xsec_table(const std::vector<std::string>& columns, const Context& ctx, const XsecOptions& o,
                 const Projectile& projectile, double e_nu, double t_max,
                 const std::string& recoil_text, GridSpacing spacing, std::size_t n_points,
                 double baseline) {
    Table table(columns);
    table.add_metadata("cevas_version", version_string);
    table.add_metadata("command", ctx.command_line);
    table.add_metadata("config", o.config.empty() ? "none" : o.config);
    table.add_metadata("flavor", std::string(to_string(projectile.flavor)));
    table.add_metadata("particle", std::string(to_string(projectile.type)));
    table.add_metadata("e_nu_eV", format_value(e_nu / units::eV));
    table.add_metadata("t_max_eV", format_value(t_max / units::eV));
    table.add_metadata("recoil_grid", recoil_text);
    table.add_metadata("recoil_spacing",
                       spacing == GridSpacing::logarithmic ? "logarithmic" : "linear");
    table.add_metadata("recoil_points", std::to_string(n_points));
    table.add_metadata("baseline_m", format_value(baseline / units::m));
    return table;
}

int write_material_xsec(const Context& ctx, const XsecOptions& o, const Material& material,
                        const Parameters& p, const Projectile& projectile, double e_nu,
                        const RecoilGrid& grid, GridSpacing spacing, const std::string& recoil_text,
                        double baseline, OutputFormat format, const std::string& output,
                        const std::string& output_field, int threads);

int run(const XsecOptions& o, const Context& ctx) {
    // (1) configuration file.
    XsecConfig cfg;
    if (!o.config.empty()) cfg = read_xsec_config(o.config, "--config");
    const auto cfg_key = [](const char* k) { return std::string("xsec.") + k; };

    // (2) command-line values override the configuration.
    Target target;
    Material material;  // the target as a material: one isotope, or a composite (docs/targets.md)
    Projectile projectile;
    double e_nu = 0;
    RecoilGrid grid;
    GridSpacing spacing = GridSpacing::linear;
    std::string recoil_text;
    double baseline = 0;
    OutputFormat format = OutputFormat::csv;
    Sourced<std::string> output;
    Parameters p = cfg.params;
    as_usage([&] {
        // Target: the flag replaces the name; [target] spin overrides still apply.
        TargetSpec spec = cfg.target;
        std::string target_field = "target.name";
        if (!o.target.empty()) {
            spec.name = o.target;
            target_field = "--target";
        } else if (spec.name.empty()) {
            throw InvalidArgument(
                describe("--target", "(not given)",
                         "required (e.g. --target He4, or [target] name in --config)"));
        }
        material = build_material(spec, p.constants, target_field);
        target = material.components.front().target;

        if (!o.flavor.empty()) {
            projectile.flavor = parse_flavor(o.flavor, "--flavor");
        } else if (cfg.xsec.flavor) {
            projectile.flavor = *cfg.xsec.flavor;
        } else {
            throw InvalidArgument(describe("--flavor", "(not given)", "required (e, mu or tau)"));
        }
        projectile.type = cfg.xsec.type.value_or(NeutrinoType::neutrino);
        if (o.antineutrino) projectile.type = NeutrinoType::antineutrino;
        if (o.neutrino) projectile.type = NeutrinoType::neutrino;

        if (!o.enu.empty()) {
            e_nu = parse_energy(o.enu, "--enu", Domain::positive);
            if (!in_range(e_nu, limits::neutrino_energy))
                require_in_range("--enu", e_nu, limits::neutrino_energy);
        } else if (cfg.xsec.e_nu) {
            e_nu = *cfg.xsec.e_nu;
        } else {
            throw InvalidArgument(describe("--enu", "(not given)", "required (e.g. --enu 15keV)"));
        }

        spacing = (o.log || cfg.xsec.log.value_or(false)) ? GridSpacing::logarithmic
                                                          : GridSpacing::linear;
        if (!o.recoil.empty()) {
            recoil_text = o.recoil;
            grid = parse_recoil_grid_spec(o.recoil, "--recoil", spacing);
        } else if (cfg.xsec.recoil) {
            recoil_text = *cfg.xsec.recoil;
            grid = parse_recoil_grid_spec(recoil_text, cfg_key("recoil"), spacing);
        } else {
            throw InvalidArgument(
                describe("--recoil", "(not given)", "required (e.g. --recoil 1meV:100meV:100)"));
        }

        if (!o.baseline.empty()) {
            baseline = parse_length(o.baseline, "--baseline", Domain::non_negative);
            require_in_range("--baseline", baseline, limits::baseline);
        } else {
            baseline = cfg.xsec.baseline.value_or(0.0);
        }

        if (!o.output.empty()) {
            output = {o.output, "--output", true};
        } else if (cfg.xsec.output) {
            output = {*cfg.xsec.output, cfg_key("output"), false};
        }
        if (!o.format.empty()) {
            format = parse_output_format(o.format, "--format");
        } else if (cfg.xsec.format) {
            format = *cfg.xsec.format;
        } else if (output.value.size() > 5 && output.value.ends_with(".json")) {
            format = OutputFormat::json;
        }

        // Physics flags.
        if (!o.sin2w.empty()) {
            const double s = parse_number(o.sin2w, "--sin2w");
            if (!(s > 0 && s < 1))
                throw InvalidArgument(
                    describe("--sin2w", "'" + o.sin2w + "'", "must lie in (0, 1)"));
            p.electroweak.sin2_theta_w = s;
        }
        if (!o.ga.empty()) p.electroweak.nucleon_axial_coupling = parse_number(o.ga, "--ga");
        if (!o.form_factor.empty()) {
            const auto m = parse_atomic_form_factor(o.form_factor, "--form-factor");
            try {  // does the model cover this target? Ask the library now, to blame the flag.
                for (const MaterialComponent& c : material.components)
                    AtomicFormFactor(m, c.target.z, p.constants);
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(
                    describe("--form-factor", "'" + o.form_factor + "'", reason_of(e.what())));
            }
            p.atomic_form_factor = m;
        }
        if (!o.nuclear_form_factor.empty()) {
            const auto m =
                parse_nuclear_form_factor(o.nuclear_form_factor, "--nuclear-form-factor");
            try {
                NuclearFormFactor(m, target.a);
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(describe("--nuclear-form-factor",
                                               "'" + o.nuclear_form_factor + "'",
                                               reason_of(e.what())));
            }
            p.nuclear_form_factor = m;
        }
        if (!o.ordering.empty()) {
            MixingSpec m = cfg.mixing;
            m.ordering = parse_mass_ordering(o.ordering, "--ordering");
            try {
                p.mixing = m.resolve();
            } catch (const Exception& e) {
                throw InvalidArgument(describe("--ordering", "'" + o.ordering + "'", e.what()));
            }
        }
        if (!p.atomic_form_factor) {
            // Does the target's default atomic form factor cover it? Blame the target now.
            AtomicFormFactorModel ff = target.atomic_form_factor;
            try {
                for (const MaterialComponent& c : material.components) {
                    ff = c.target.atomic_form_factor;
                    AtomicFormFactor(ff, c.target.z, p.constants);
                }
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(
                    describe(target_field, "'" + spec.name + "'",
                             "the atomic form factor " + std::string(to_string(ff)) + " " +
                                 reason_of(e.what()) + "; choose another (--form-factor none)"));
            }
        }
        apply_nsi_options(p.nsi, o.nsi, "--nsi");
        for (Mediator& m : parse_mediator_options(o.mediator, "--mediator"))
            p.mediators.push_back(std::move(m));
        apply_electromagnetic_options(p.electromagnetic, o.millicharge, o.magnetic_moment,
                                      o.charge_radius);

        // Fail before computing when the output cannot be written.
        if (!is_stdout_path(output.value)) {
            if (output.from_flag) check_output_path(output.value, output.field);
        }
        return 0;
    });
    if (!output.from_flag && !is_stdout_path(output.value))
        check_output_path(output.value, output.field);

    const int threads = thread_count(o.threads);

    // (3) the physics.
    if (!material.is_single_isotope())
        return write_material_xsec(ctx, o, material, p, projectile, e_nu, grid, spacing,
                                   recoil_text, baseline, format, output.value, output.field,
                                   threads);
    const CrossSection xs(target, p);
    Table table = xsec_table(kColumns, ctx, o, projectile, e_nu, xs.t_max(e_nu), recoil_text,
                             spacing, grid.size(), baseline);
    const auto& h = p.nsi.charges;
    const std::pair<const char*, double> hadronic[] = {{"hadronic.axial_u", h.axial_u},
                                                       {"hadronic.axial_d", h.axial_d},
                                                       {"hadronic.scalar_fu_p", h.scalar_fu_p},
                                                       {"hadronic.scalar_fd_p", h.scalar_fd_p},
                                                       {"hadronic.scalar_fu_n", h.scalar_fu_n},
                                                       {"hadronic.scalar_fd_n", h.scalar_fd_n},
                                                       {"hadronic.mass_u_eV", h.mass_u / units::eV},
                                                       {"hadronic.mass_d_eV", h.mass_d / units::eV},
                                                       {"hadronic.tensor_u", h.tensor_u},
                                                       {"hadronic.tensor_d", h.tensor_d}};
    for (const auto& [k, v] : hadronic) table.add_metadata(k, format_value(v));
    for (auto& [k, v] : xs.describe()) table.add_metadata(k, v);
    table.set_constants(list_constants(p.constants));
    table.add_metadata("columns",
                       "recoil T [eV]; |q| = sqrt(2MT+T^2) [eV]; F_e; F_N; C_V; C_A; C_S; C_T; "
                       "mu_eff^2 [mu_B^2]; weak part, magnetic part and total dsigma/dT [cm^2/eV]");

    // (4) output, streamed: the grid is evaluated in chunks through the array path and each
    // chunk's rows are formatted and written at once, so memory stays bounded for any N. A
    // file target is written to a temporary renamed into place at the end (a failure or a
    // signal leaves no partial file); standard output receives the rows as they come.
    OutputSink sink(output.value, output.field);
    TableStream rows(table, format, [&](std::string_view bytes) { sink.write(bytes); });

    const Coefficients coeff = xs.coefficients(projectile, e_nu, BaselineSet::point(baseline));
    constexpr std::size_t kRowsPerChunk = 16384;
    std::vector<double> t_chunk(kRowsPerChunk);
    std::vector<Breakdown> b_chunk(kRowsPerChunk);
    std::array<double, 12> row{};
    const double per_cm2_eV = units::cm2 / units::eV;  // [eV^-3] -> [cm^2/eV]
    for (std::size_t first = 0; first < grid.size(); first += kRowsPerChunk) {
        const std::size_t len = std::min(kRowsPerChunk, grid.size() - first);
        const std::span<double> tt(t_chunk.data(), len);
        grid.fill(first, tt);
        // Sub-chunks of 2048 rows on `threads` threads: the same bits for any thread count.
        parallel_for(len, 2048, threads, [&](std::size_t, std::size_t lo, std::size_t hi) {
            xs.breakdown(coeff, tt.subspan(lo, hi - lo),
                         std::span<Breakdown>(b_chunk.data() + lo, hi - lo));
        });
        for (std::size_t i = 0; i < len; ++i) {
            const Breakdown& b = b_chunk[i];
            row = {tt[i] / units::eV,
                   std::sqrt(b.q2) / units::eV,
                   b.atomic_form_factor,
                   b.nuclear_form_factor,
                   b.c_v,
                   b.c_a,
                   b.c_s,
                   b.c_t,
                   b.mu_eff2,
                   b.weak / per_cm2_eV,
                   b.magnetic / per_cm2_eV,
                   b.dsigma_dT / per_cm2_eV};
            rows.add_row(row);
        }
        rows.flush();
    }
    rows.finish();
    sink.finish();
    return kExitOk;
}

// A composite target (natural element, compound, mixture): per recoil the atom-fraction weighted
// cross section per atom, sum_i x_i dsigma_i/dT with x_i = nu_i / sum_j nu_j, and each isotope's
// own dsigma_i/dT (per atom of that isotope). Per formula unit: multiply the first by
// atoms_per_unit (metadata). docs/targets.md.
int write_material_xsec(const Context& ctx, const XsecOptions& o, const Material& material,
                        const Parameters& p, const Projectile& projectile, double e_nu,
                        const RecoilGrid& grid, GridSpacing spacing, const std::string& recoil_text,
                        double baseline, OutputFormat format, const std::string& output,
                        const std::string& output_field, int threads) {
    std::vector<std::unique_ptr<CrossSection>> xs;
    std::vector<Coefficients> coeff;
    std::vector<std::string> columns{"recoil_eV", "dsigma_dT_cm2_per_eV"};
    const double total = material.atoms_per_unit();
    double t_max = 0;
    for (const MaterialComponent& c : material.components) {
        xs.push_back(std::make_unique<CrossSection>(c.target, p));
        coeff.push_back(xs.back()->coefficients(projectile, e_nu, BaselineSet::point(baseline)));
        columns.push_back("dsigma_dT_" + c.target.name + "_cm2_per_eV");
        t_max = std::max(t_max, xs.back()->t_max(e_nu));
    }
    Table table = xsec_table(columns, ctx, o, projectile, e_nu, t_max, recoil_text, spacing,
                             grid.size(), baseline);
    table.add_metadata("target", material.name);
    table.add_metadata("atoms_per_unit", format_value(total));
    for (const auto& [k, v] : material.describe()) table.add_metadata("target." + k, v);
    // Target-specific model entries per isotope; the shared physics inputs once.
    const auto per_isotope = [](const std::string& k) {
        return k.rfind("target", 0) == 0 || k.rfind("spin_", 0) == 0 || k == "atomic_form_factor" ||
               k == "nuclear_form_factor";
    };
    for (std::size_t i = 0; i < xs.size(); ++i)
        for (const auto& [k, v] : xs[i]->describe())
            if (per_isotope(k) && k != "target" && k != "spin_weight")
                table.add_metadata(material.components[i].target.name + "." + k, v);
    for (const auto& [k, v] : xs.front()->describe())
        if (!per_isotope(k) || k == "spin_weight") table.add_metadata(k, v);
    table.set_constants(list_constants(p.constants));
    table.add_metadata(
        "columns",
        "recoil T [eV]; dsigma/dT per atom averaged over the isotopes with their atom fractions "
        "[cm^2/eV] (per formula unit: times atoms_per_unit); dsigma/dT per atom of each isotope "
        "[cm^2/eV] (0 above its kinematic maximum)");

    OutputSink sink(output, output_field);
    TableStream rows(table, format, [&](std::string_view bytes) { sink.write(bytes); });
    constexpr std::size_t kRowsPerChunk = 16384;
    const double per_cm2_eV = units::cm2 / units::eV;
    std::vector<double> t_chunk(kRowsPerChunk);
    std::vector<std::vector<double>> v(xs.size(), std::vector<double>(kRowsPerChunk));
    std::vector<double> row(columns.size());
    for (std::size_t first = 0; first < grid.size(); first += kRowsPerChunk) {
        const std::size_t len = std::min(kRowsPerChunk, grid.size() - first);
        const std::span<double> tt(t_chunk.data(), len);
        grid.fill(first, tt);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            xs[i]->evaluate(coeff[i], tt, std::span<double>(v[i].data(), len), threads);
        }
        for (std::size_t k = 0; k < len; ++k) {
            row[0] = tt[k] / units::eV;
            double avg = 0;
            for (std::size_t i = 0; i < xs.size(); ++i) {
                const double d = v[i][k] / per_cm2_eV;
                row[2 + i] = d;
                avg += material.components[i].atoms_per_unit / total * d;
            }
            row[1] = avg;
            rows.add_row(row);
        }
        rows.flush();
    }
    rows.finish();
    sink.finish();
    return kExitOk;
}

}  // namespace

Runner add_xsec_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<XsecOptions>();
    CLI::App* c = app.add_subcommand(
        "xsec", "Differential cross section dsigma/dT [cm^2/eV] on a grid of recoil energies");
    c->footer(
        "Quantities take a unit suffix (meV, eV, keV, MeV, GeV; m, cm, km; cm2); a bare number is\n"
        "eV (energies), m (lengths) or cm^2 (charge radius). Flags override --config values.\n"
        "Example: cevas xsec --target He4 --flavor e --antineutrino --enu 15keV "
        "--recoil 1meV:100meV:100\nSee docs/cli.md and examples/xsec_nsi.toml.");
    c->add_option("--config", o->config, "TOML configuration file (schema: docs/cli.md)");
    c->add_option("--target", o->target,
                  "Target: an isotope (He4, 4He, H, D, C12, any <Symbol><A> of AME2020), a natural "
                  "element (Ar, Xe) or a compound (CsI, CaWO4): per-atom average and "
                  "per-isotope columns (docs/targets.md)");
    c->add_option("--flavor", o->flavor, "Neutrino flavour: e, mu or tau");
    auto* anti = c->add_flag("--antineutrino", o->antineutrino, "Antineutrino projectile");
    c->add_flag("--neutrino", o->neutrino,
                "Neutrino projectile (the default; overrides the config)")
        ->excludes(anti);
    c->add_option("--enu", o->enu, "Neutrino energy, e.g. 15keV (bare number: eV)");
    c->add_option(
        "--recoil", o->recoil,
        "Recoil energies: list '1meV,5meV' or range START:STOP:N (N points, ends included)");
    c->add_flag("--log", o->log, "Logarithmic spacing of a START:STOP:N range (START > 0)");
    c->add_option("--form-factor", o->form_factor,
                  "Atomic form factor: hubbell, gauss6 (He), hydrogenic (H, He), none");
    c->add_option("--nuclear-form-factor", o->nuclear_form_factor,
                  "Nuclear form factor: unity, helm, klein_nystrand");
    c->add_option("--sin2w", o->sin2w, "Weak mixing angle sin^2 theta_W (default 0.23857)");
    c->add_option("--ga", o->ga, "Nucleon axial coupling g_A (default 1.2754)");
    c->add_option("--nsi", o->nsi,
                  "NSI entry [STRUCTURE.]LEVEL.AB=VALUE, repeatable; STRUCTURE vector (default), "
                  "axial, scalar, tensor; LEVEL u, d, p, n, nucleus, e; AB ee, emu, etau, mumu, "
                  "mutau, tautau; VALUE real or complex (0.1-0.05i)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--mediator", o->mediator,
                  "Light mediator TYPE:mass=MASS,KEY=VALUE,..., repeatable; TYPE vector or scalar; "
                  "KEY g_nu, g_nu_e, g_nu_mu, g_nu_tau, g_u, g_d, g_p, g_n, g_e (docs/cli.md)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--baseline", o->baseline, "Source-target distance, e.g. 1m (bare number: m)");
    c->add_option("--ordering", o->ordering,
                  "Mass ordering for NuFIT 5.2 mixing: normal, inverted");
    c->add_option("--millicharge", o->millicharge,
                  "Neutrino millicharge [e] on the flavour diagonal");
    c->add_option("--magnetic-moment", o->magnetic_moment,
                  "Neutrino magnetic moment [mu_B] on the flavour diagonal");
    c->add_option(
        "--charge-radius", o->charge_radius,
        "Neutrino charge radius <r^2> on the flavour diagonal, e.g. 1e-32cm2 (bare: cm^2)");
    c->add_option("--format", o->format,
                  "Output format: csv (default) or json (default for *.json)");
    c->add_option("--output,-o", o->output, "Output file ('-' or absent: standard output)");
    c->add_option("--threads", o->threads,
                  "Worker threads (default: CEVAS_NUM_THREADS, else every core)");
    return [o, &ctx] { return run(*o, ctx); };
}

}  // namespace cevas::cli
