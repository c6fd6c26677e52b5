#include "cevas/rates/experiment.hpp"

#include <cmath>
#include <span>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"

namespace cevas {

std::vector<Scenario> standard_scenarios(const Parameters& base) {
    Scenario sm{"sm", "Standard Model (atom: nucleus + electrons)", base};
    Scenario bare{"no_electrons", "Standard Model without electrons (CEvNS)", base};
    bare.params.atomic_form_factor = AtomicFormFactorModel::none;
    return {sm, bare};
}

double effective_exposure(const Experiment& ex) {
    require_non_negative("source_half_life", ex.source_half_life);
    const double t = ex.detector.exposure;
    if (ex.source_half_life == 0) return t;
    const double x = std::log(2.0) * t / ex.source_half_life;  // lambda t
    return t * (x < 1e-8 ? 1.0 - 0.5 * x : -std::expm1(-x) / x);
}

std::vector<ScenarioResult> run_experiment(const Experiment& ex,
                                           const std::vector<Scenario>& scenarios,
                                           const std::function<void(int, int)>& progress) {
    require_positive("n_atoms", ex.n_atoms);
    require_in_range("n_atoms", ex.n_atoms, limits::atoms);
    ex.detector.validate();
    std::vector<ScenarioResult> out;
    int done = 0;
    for (const Scenario& sc : scenarios) {
        if (sc.name.empty())
            throw InvalidArgument(describe("scenario.name", "''", "must not be empty"));
        const CrossSection xs(ex.target, sc.params);
        const EventRate rate(xs, ex.source, ex.geometry, ex.n_atoms, ex.options);
        ScenarioResult r;
        r.scenario = sc;
        r.model = xs.describe();
        r.dn_dt.resize(ex.recoil.size());
        rate.differential(ex.recoil, r.dn_dt);
        for (std::size_t s = 0; s < rate.n_species(); ++s) {
            std::vector<double> v(ex.recoil.size());
            rate.differential(ex.recoil, v, static_cast<int>(s));
            r.dn_dt_species.push_back(std::move(v));
        }
        r.counts = bin_counts(rate, ex.detector);
        // The source decays: the signal (not the background) scales with the effective exposure.
        const double decay = effective_exposure(ex) / ex.detector.exposure;
        r.counts.total_signal = 0;
        for (double& v : r.counts.signal) {
            v *= decay;
            r.counts.total_signal += v;
        }
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
