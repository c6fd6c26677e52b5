#pragma once
/// @file
/// Monoenergetic sources: electron-capture isotopes (51Cr, 37Ar) and a user-defined line.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// Electron-capture neutrino sources with built-in line lists.
enum class ElectronCaptureIsotope {
    cr51,  ///< 51Cr -> 51V (GALLEX, SAGE, BEST calibration sources)
    ar37,  ///< 37Ar -> 37Cl (SAGE 2004 source)
};

/// "Cr51" or "Ar37".
std::string_view to_string(ElectronCaptureIsotope isotope);
/// Parse "Cr51", "51Cr", "cr51", "Ar37", "37Ar", "ar37";
/// @throws InvalidArgument naming `field` otherwise.
ElectronCaptureIsotope parse_electron_capture_isotope(std::string_view name,
                                                      std::string_view field = "isotope");

/// One nu_e line of an electron-capture decay.
struct ElectronCaptureLine {
    double energy = 0;     ///< neutrino energy [eV]
    double branching = 0;  ///< lines per decay
    std::string label{};   ///< "K capture to g.s." ...
};

/// The nu_e lines of an isotope; branchings sum to 1.
///
/// Energies: \f$ E_\nu = Q_{EC} - E_{level} - B_{shell} \f$ with Q_EC the AME2020 atomic mass
/// difference (51Cr: 752.39 keV; 37Ar: 813.87 keV), the daughter level (51V: 320.0835 keV,
/// ENSDF) and the daughter's electron binding energy (X-ray Data Booklet, Bearden & Burr: V K
/// 5.465 keV, L1 0.627 keV; Cl K 2.822 keV, L1 0.270 keV). "L" lines lump L and higher shells at
/// the L1 binding energy (error < 0.6 keV); the ~6 eV nuclear recoil is neglected.
/// - 51Cr: 746.93 keV (81.63 %), 751.76 keV (8.95 %), 426.84 keV (8.49 %), 431.68 keV (0.93 %),
///   branchings as used by BEST (V.V. Barinov et al., Phys. Rev. C 105 (2022) 065502).
/// - 37Ar: 811.05 keV (K capture, 90.2 %), 813.60 keV (L + M capture, 9.8 %), as used by SAGE
///   (J.N. Abdurashitov et al., Phys. Rev. C 73 (2006) 045805).
std::vector<ElectronCaptureLine> electron_capture_lines(ElectronCaptureIsotope isotope);

/// Half-life [eV^-1] of the electron-capture source: 51Cr 27.7025 d, 37Ar 35.011 d
/// (ENSDF evaluations as tabulated by NNDC NuDat 3).
double electron_capture_half_life(ElectronCaptureIsotope isotope);

/// An electron-capture source: one nu_e line component per line, rate = activity x branching.
/// @param activity  decays per unit time [eV] (e.g. `3.414 * units::MCi`), finite and > 0
/// @throws InvalidArgument otherwise.
Source electron_capture_source(ElectronCaptureIsotope isotope, double activity);

/// A user-defined monoenergetic source. Flavour and type must be given (never implied).
struct LineSourceParameters {
    std::string name = "line";           ///< source name
    double energy = 0;                   ///< neutrino energy [eV], finite and > 0
    std::optional<Flavor> flavor{};      ///< required
    std::optional<NeutrinoType> type{};  ///< required
    double rate = 0;                     ///< neutrinos per unit time [eV], finite and > 0
};

/// A single-line source. @throws InvalidArgument for a missing flavour or type, or an energy or
/// rate that is not finite and > 0.
Source line_source(const LineSourceParameters& parameters);

}  // namespace cevas
