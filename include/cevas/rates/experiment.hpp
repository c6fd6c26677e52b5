#pragma once
/// @file
/// A whole experiment: one target, one source, one geometry and detector, several physics
/// scenarios (the Standard Model, the atom without its electrons, new-physics points), each
/// giving a recoil spectrum dN/dT, expected counts per bin and totals. This is what `cevas rate`
/// and `cevas run` compute; they only read configs and write files around it.

#include <functional>
#include <string>
#include <vector>

#include "cevas/medium/superfluid_helium.hpp"
#include "cevas/rates/detector.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/rates/response.hpp"
#include "cevas/sources/spectrum.hpp"
#include "cevas/targets/material.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas {

/// One physics hypothesis.
struct Scenario {
    std::string name;   ///< identifier used in column names: sm, no_electrons, nsi ...
    std::string label;  ///< human-readable description for legends
    Parameters params;  ///< every physics input of this scenario
};

/// The experiment's fixed inputs.
struct Experiment {
    Target target;
    Source source;
    FluxGeometry geometry;
    double n_atoms = 0;  ///< number of target atoms
    Detector detector;   ///< exposure, threshold, efficiency, resolution, binning, background
    std::vector<double> recoil;  ///< recoil grid for dN/dT [eV]
    RateOptions options;         ///< oscillations on/off, integration panels
    /// Half-life of the source [eV^-1]; > 0: the activity decays during the exposure and the
    /// signal is counted over the effective exposure (1 - exp(-lambda t)) / lambda (t the live
    /// time from the start, lambda = ln2 / half-life); 0: constant activity.
    double source_half_life = 0;
    /// The target medium (PHYSICS.md section 9). Free (default): counts in recoil energy, as
    /// without a medium. superfluid_he4: counts and the detector response in deposited energy
    /// omega (rates/deposited.hpp); needs a 4He target.
    Medium medium{};
    /// The target material (targets/material.hpp: natural element, compound, mixture). Empty
    /// (no components): the single `target`. Otherwise it replaces `target` (which then holds
    /// its first isotope, for display only), `n_atoms` counts its formula units and
    /// run_experiment sums the isotopes' rates (n_atoms x atoms_per_unit atoms each).
    Material material{};
    /// Quenching, observable (keVnr/keVee/PE), observed-energy efficiency and smearing
    /// (rates/response.hpp); the default is the identity (counts in recoil energy).
    DetectorResponse response{};
    /// Arrival-time window of a pulsed pion decay-at-rest source (off by default): the signal
    /// of each species is weighted by its fraction inside the window (timing_weights).
    TimingWindow timing{};
};

/// The material of an experiment: `material` if it has components, else the single `target`.
Material experiment_material(const Experiment& experiment);

/// Exposure [eV^-1] that multiplies the initial signal rate: the live time for a constant source,
/// (1 - exp(-lambda t)) / lambda for a decaying one.
double effective_exposure(const Experiment& experiment);

/// The same from the live time and the half-life (0: constant activity):
///   t_eff = (1 - exp(-lambda t)) / lambda,  lambda = ln2 / half_life.
/// @param live_time [eV^-1] (> 0)  @param half_life [eV^-1] (>= 0; 0 = no decay)
/// @return [eV^-1]
double effective_exposure(double live_time, double half_life);

/// Scale the signal of counts made with a constant-activity source over `live_time` to a source
/// decaying with `half_life` (the background is left alone): signal_i *= t_eff / t, and
/// total_signal is the new sum. @param live_time [eV^-1] @param half_life [eV^-1] (0: no-op)
void apply_source_decay(BinnedCounts& counts, double live_time, double half_life);

/// Results of one scenario.
struct ScenarioResult {
    Scenario scenario;
    std::vector<double> dn_dt;                       ///< dN/dT on Experiment::recoil, natural units
    std::vector<std::vector<double>> dn_dt_species;  ///< per source species, same units
    BinnedCounts counts;                             ///< expected counts per bin over the exposure
    double total_rate_above_threshold = 0;  ///< signal events per unit time above threshold, [eV]
    std::vector<std::pair<std::string, std::string>> model;  ///< CrossSection::describe()
    /// dN/d omega on Experiment::recoil read as deposited energies (cell averages), natural units;
    /// empty for the free medium.
    std::vector<double> dn_domega;
};

/// Standard scenarios: the Standard Model ("sm") and the same without atomic electrons
/// ("no_electrons": F_e = 0, pure CEvNS) built from `base`.
std::vector<Scenario> standard_scenarios(const Parameters& base);

/// Compute every scenario. `progress(done, total)` is called after each scenario if given.
std::vector<ScenarioResult> run_experiment(const Experiment& experiment,
                                           const std::vector<Scenario>& scenarios,
                                           const std::function<void(int, int)>& progress = {});

}  // namespace cevas
