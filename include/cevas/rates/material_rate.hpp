#pragma once
/// @file
/// The event rate of a composite target (targets/material.hpp): one `EventRate` per isotope,
/// each with its own cross section (kinematics, form factors, spin content), summed with the
/// stoichiometry:
///   dN/dT = sum_i EventRate_i(n_units nu_i atoms),  counts = sum_i counts_i (docs/targets.md).
/// For a single isotope it is exactly that isotope's `EventRate` (the same bits).

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cevas/rates/detector.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/rates/response.hpp"
#include "cevas/targets/material.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas {

/// Flux-folded differential event rate of a material.
class MaterialRate {
 public:
    /// @param material the target material (>= 1 component)
    /// @param params physics inputs shared by every isotope (model overrides apply to all)
    /// @param source the source @param geometry flux factor and baselines
    /// @param n_units number of formula units (> 0): n_units nu_i atoms of isotope i
    MaterialRate(const Material& material, const Parameters& params, const Source& source,
                 const FluxGeometry& geometry, double n_units, RateOptions options = {});

    /// dN/dT summed over isotopes [natural units, as EventRate::differential] at t[i] [eV];
    /// species = -1: all species, else one species (the same index in every isotope).
    void differential(std::span<const double> t, std::span<double> out, int species = -1) const;
    /// Largest recoil of any isotope and species [eV].
    double t_max() const;
    std::size_t n_species() const { return rates_.front()->n_species(); }
    std::size_t n_isotopes() const { return rates_.size(); }
    /// The rate of isotope i (its n_atoms = n_units nu_i).
    const EventRate& isotope_rate(std::size_t i) const { return *rates_.at(i); }
    const CrossSection& cross_section(std::size_t i) const { return *xs_.at(i); }
    const Material& material() const { return material_; }

    /// Detector-folded counts: the signal summed over isotopes (bin_counts of each), the
    /// background once; warnings from the isotope with the largest kinematic maximum.
    BinnedCounts bin(const Detector& det, int species = -1, int panels_per_bin = 1,
                     int threads = 1) const;
    /// The same through a detector response (bin_counts_with_response of each isotope): a
    /// Lindhard quenching without an explicit Z takes each isotope's own Z.
    /// @param weights per-species weights (timing_weights), empty for all 1
    BinnedCounts bin(const Detector& det, const DetectorResponse& response,
                     const std::vector<double>& weights, int threads = 1) const;
    /// CrossSection::describe() of a single isotope; for a composite target the material's
    /// description followed by each isotope's model entries prefixed "<isotope>.".
    std::vector<std::pair<std::string, std::string>> describe() const;

 private:
    // Counts of each isotope's rate summed: signal added, background and warnings as `bin`.
    BinnedCounts sum_isotopes(const std::function<BinnedCounts(const EventRate&)>& bin_one) const;
    Material material_;
    std::vector<std::unique_ptr<CrossSection>> xs_;
    std::vector<std::unique_ptr<EventRate>> rates_;
};

/// The model description of a material with one cross section per isotope (same order as its
/// components): CrossSection::describe() for a single isotope; otherwise "target" = the
/// material's name, Material::describe(), each isotope's target-specific entries prefixed
/// "<isotope>." (Z, N, mass, form-factor models, spin content) and the shared physics inputs
/// once. @throws InvalidArgument if the counts differ.
std::vector<std::pair<std::string, std::string>> describe_material_model(
    const Material& material, const std::vector<const CrossSection*>& cross_sections);

}  // namespace cevas
