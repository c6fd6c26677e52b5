#include "cevas/rates/experiment.hpp"

#include <cmath>
#include <span>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/rates/material_rate.hpp"

namespace cevas {

std::vector<Scenario> standard_scenarios(const Parameters& base) {
    Scenario sm{"sm", "Standard Model (atom: nucleus + electrons)", base};
    Scenario bare{"no_electrons", "Standard Model without electrons (CEvNS)", base};
    bare.params.atomic_form_factor = AtomicFormFactorModel::none;
    return {sm, bare};
}

double effective_exposure(const Experiment& ex) {
    return effective_exposure(ex.detector.exposure, ex.source_half_life);
}

double effective_exposure(double live_time, double half_life) {
    require_non_negative("source_half_life", half_life);
    const double t = live_time;
    if (half_life == 0) return t;
    const double x = std::log(2.0) * t / half_life;  // lambda t
    return t * (x < 1e-8 ? 1.0 - 0.5 * x : -std::expm1(-x) / x);
}

void apply_source_decay(BinnedCounts& counts, double live_time, double half_life) {
    // The source decays: the signal (not the background) scales with the effective exposure.
    const double decay = effective_exposure(live_time, half_life) / live_time;
    counts.total_signal = 0;
    for (double& v : counts.signal) {
        v *= decay;
        counts.total_signal += v;
    }
}

Material experiment_material(const Experiment& ex) {
    return ex.material.components.empty() ? single_isotope_material(ex.target) : ex.material;
}

std::vector<ScenarioResult> run_experiment(const Experiment& ex,
                                           const std::vector<Scenario>& scenarios,
                                           const std::function<void(int, int)>& progress) {
    require_positive("n_atoms", ex.n_atoms);
    require_in_range("n_atoms", ex.n_atoms, limits::atoms);
    ex.detector.validate();
    validate_medium(ex);
    ex.response.validate();
    const std::vector<double> species_weights = timing_weights(ex.source, ex.timing);
    if (!ex.medium.is_free() && (!ex.response.is_identity() || ex.timing.enabled))
        throw InvalidArgument(describe("detector.observable", ex.response.unit(),
                                       "a detector response (quenching, keVee/PE, observed "
                                       "efficiency, Poisson, timing) needs the free medium"));
    std::unique_ptr<DepositedEnergyMap> medium_map;  // couplings-independent: built once
    const Material material = experiment_material(ex);
    std::vector<ScenarioResult> out;
    int done = 0;
    for (const Scenario& sc : scenarios) {
        if (sc.name.empty())
            throw InvalidArgument(describe("scenario.name", "''", "must not be empty"));
        // Every isotope of the target with its own cross section, summed (material_rate.hpp).
        const MaterialRate rate(material, sc.params, ex.source, ex.geometry, ex.n_atoms,
                                ex.options);
        ScenarioResult r;
        r.scenario = sc;
        r.model = rate.describe();
        // Each species once; the total is their sum in species order, which is exactly what
        // EventRate::differential(t) adds (the same bits, half the work).
        r.dn_dt.assign(ex.recoil.size(), 0.0);
        for (std::size_t s = 0; s < rate.n_species(); ++s) {
            std::vector<double> v(ex.recoil.size());
            rate.differential(ex.recoil, v, static_cast<int>(s));
            for (std::size_t i = 0; i < v.size(); ++i) r.dn_dt[i] += v[i];
            r.dn_dt_species.push_back(std::move(v));
        }
        if (ex.medium.is_free()) {
            r.counts = rate.bin(ex.detector, ex.response, species_weights, ex.options.threads);
        } else {
            if (!medium_map) medium_map = make_deposited_map(ex, rate.t_max());
            std::vector<double> dn(medium_map->recoil_nodes().size());
            rate.differential(medium_map->recoil_nodes(), dn);
            medium_map->evaluate(dn, &r.counts, &r.dn_domega, ex.options.threads);
            for (const auto& kv : SuperfluidHelium(ex.target.mass, ex.medium).describe())
                r.model.push_back(kv);
        }
        for (const std::string& w : ex.geometry.warnings) r.counts.warnings.push_back(w);
        apply_source_decay(r.counts, ex.detector.exposure, ex.source_half_life);
        r.total_rate_above_threshold = r.counts.total_signal / ex.detector.exposure;
        // No non-finite number leaves the library (docs/limits.md).
        const auto finite = [&](const char* what, std::span<const double> v) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (!std::isfinite(v[i])) {
                    throw NumericalError(
                        describe("scenario." + sc.name + "." + what + "[" + std::to_string(i) + "]",
                                 format_value(v[i]),
                                 "not finite (an input at the edge of its range? docs/limits.md)"));
                }
            }
        };
        finite("dN/dT", r.dn_dt);
        finite("signal", r.counts.signal);
        finite("background", r.counts.background);
        const double totals[] = {r.counts.total_signal, r.counts.total_background,
                                 r.total_rate_above_threshold};
        finite("totals", totals);
        out.push_back(std::move(r));
        if (progress) progress(++done, static_cast<int>(scenarios.size()));
    }
    return out;
}

}  // namespace cevas
