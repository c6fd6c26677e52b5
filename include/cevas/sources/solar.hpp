#pragma once
/// @file
/// Solar neutrinos: the fluxes, spectra and production regions of a standard solar model.
///
/// Components (nu_e at production): pp, pep (line 1.442 MeV), hep, 7Be (lines 861.8 keV,
/// 89.7 %, and 384.3 keV, 10.3 %), 8B, 13N, 15O, 17F. Fluxes at Earth (1 AU) of the B16 standard
/// solar models, N. Vinyoles et al., ApJ 835 (2017) 202 (arXiv:1611.09867): `B16-GS98` and
/// `B16-AGSS09met`. Spectra: 8B from W.T. Winter et al., Phys. Rev. C 73 (2006) 025503; pp and
/// hep from J.N. Bahcall, Phys. Rev. C 56 (1997) 3391; 13N, 15O, 17F from J.N. Bahcall and
/// R.K. Ulrich, Rev. Mod. Phys. 60 (1988) 297; line energies and the 7Be branching from
/// J.N. Bahcall, Neutrino Astrophysics (Cambridge, 1989). Production regions and the electron
/// density: the B16 distributions released with the paper. Tables in data/solar/ (provenance
/// there and in data/README.md), compiled in by scripts/generate_solar_tables.py.
///
/// What reaches a detector is not nu_e: flavour conversion in the Sun (MSW) is applied by the
/// `oscillation` module (oscillation/solar.hpp), which turns these components into incoherent
/// mixtures of mass eigenstates.

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// Standard solar models with built-in fluxes and production profiles.
enum class SolarModel {
    b16_gs98,       ///< "B16-GS98" (GS98 surface composition)
    b16_agss09met,  ///< "B16-AGSS09met" (AGSS09 meteoritic-corrected composition)
};

/// "B16-GS98", "B16-AGSS09met".
std::string_view to_string(SolarModel model);
/// Parse a model name (exactly "B16-GS98" or "B16-AGSS09met");
/// @throws InvalidArgument naming `field` otherwise.
SolarModel parse_solar_model(std::string_view name, std::string_view field = "model");

/// Solar neutrino components, in the order of the B16 tables.
enum class SolarComponent { pp = 0, pep, hep, be7, b8, n13, o15, f17 };

/// All eight, in table order.
inline constexpr std::array<SolarComponent, 8> all_solar_components{
    SolarComponent::pp, SolarComponent::pep, SolarComponent::hep, SolarComponent::be7,
    SolarComponent::b8, SolarComponent::n13, SolarComponent::o15, SolarComponent::f17};

/// "pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F".
std::string_view to_string(SolarComponent component);
/// Parse a component name as printed by to_string (also "Be7", "B8", "N13", "O15", "F17");
/// @throws InvalidArgument naming `field` otherwise.
SolarComponent parse_solar_component(std::string_view name, std::string_view field = "components");

/// Total flux of one component at Earth (1 AU) [eV^3] (number per area per time: divide by
/// 1/(units::cm2 * units::s) for cm^-2 s^-1). For 7Be: both lines together.
double solar_flux(SolarModel model, SolarComponent component);
/// The model's 1-sigma relative uncertainty of that flux (as released with B16).
double solar_flux_uncertainty(SolarModel model, SolarComponent component);

/// pep line energy [eV]: 1.442 MeV.
inline constexpr double kPepLineEnergy = 1.442e6;
/// 7Be lines [eV] and branchings (ground state 861.8 keV, 0.897; excited 384.3 keV, 0.103).
inline constexpr double kBe7LineEnergyHigh = 861.8e3;
inline constexpr double kBe7LineEnergyLow = 384.3e3;
inline constexpr double kBe7BranchingHigh = 0.897;

/// The normalised spectrum of a continuum component (pp, hep, 8B, 13N, 15O, 17F): piecewise
/// linear in the published table. @throws InvalidArgument for pep or 7Be (lines).
std::shared_ptr<const ContinuousSpectrum> solar_spectrum(SolarComponent component);

/// Where a component is produced: the B16 table of dF/dr (fraction per unit r/R_sun) at zone
/// centres r_i (step 0.0005 R_sun up to 0.5 R_sun) with the electron density there.
struct SolarProductionProfile {
    std::vector<double> radius;            ///< r_i / R_sun
    std::vector<double> weight;            ///< fraction of the component produced in zone i (sum 1)
    std::vector<double> electron_density;  ///< n_e(r_i) [eV^3] (multiply by 1/units::cm3 ...)
};

/// The production profile of one component in one model (zones with a fraction below 1e-12 of
/// the largest are dropped; the rest renormalised to sum 1).
SolarProductionProfile solar_production_profile(SolarModel model, SolarComponent component);

/// Inputs of a solar source.
struct SolarSourceParameters {
    SolarModel model = SolarModel::b16_gs98;
    /// Components to include (default: all eight); no duplicates, not empty.
    std::vector<SolarComponent> components{all_solar_components.begin(),
                                           all_solar_components.end()};
};

/// Distance of the detector from the Sun [eV^-1]: 1 AU. The source rate of a component is
/// flux x 4 pi (1 AU)^2, so that a point geometry at kSolarDistance gives back the flux.
inline constexpr double kSolarDistance = units::au;

/// A solar source as emitted (nu_e, no flavour conversion): one component per continuum, one per
/// line (two for 7Be), rate = flux x 4 pi (1 AU)^2. Labels are the component names ("7Be 861.8
/// keV", ...). @throws InvalidArgument for an empty or duplicated component list.
Source solar_source(const SolarSourceParameters& parameters);

}  // namespace cevas
