#pragma once
/// @file
/// Reactor anti-nu_e: Huber–Mueller exponential-polynomial fits per fissile isotope.

#include <array>
#include <string_view>

#include "cevas/core/units.hpp"
#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// The four isotopes whose fissions produce more than 99 % of a power reactor's antineutrinos.
/// The integer value indexes the arrays of ReactorParameters.
enum class FissileIsotope { u235 = 0, u238 = 1, pu239 = 2, pu241 = 3 };

/// All four, in index order.
inline constexpr std::array<FissileIsotope, 4> all_fissile_isotopes{
    FissileIsotope::u235, FissileIsotope::u238, FissileIsotope::pu239, FissileIsotope::pu241};

/// "U235", "U238", "Pu239", "Pu241".
std::string_view to_string(FissileIsotope isotope);

/// Coefficients a_1..a_6 of \f$ dN/dE = \exp(\sum_{k=1}^{6} a_k E^{k-1}) \f$, E in MeV, in
/// antineutrinos per fission per MeV.
using HuberMuellerCoefficients = std::array<double, 6>;

/// The published fit coefficients:
/// - U235, Pu239, Pu241: P. Huber, Phys. Rev. C 84 (2011) 024617, Table III (conversion of the
///   ILL beta spectra);
/// - U238: Th.A. Mueller et al., Phys. Rev. C 83 (2011) 054615, Table VI (ab initio summation).
/// Fitted over 2-8 MeV; see docs/sources.md for the extrapolation policy.
HuberMuellerCoefficients huber_mueller_coefficients(FissileIsotope isotope);

/// All four fits, in FissileIsotope index order.
std::array<HuberMuellerCoefficients, 4> huber_mueller_default_coefficients();

/// An independent low-order alternative, used to quantify the extrapolation below 1.8 MeV
/// (scripts/reference_reactor_low_energy.py, docs/sources.md section 5):
/// \f$ dN/dE = \exp(a_1 + a_2 E + a_3 E^2) \f$ per fission per MeV (a_4..a_6 = 0), from
/// P. Vogel and J. Engel, Phys. Rev. D 39 (1989) 3378, Table I (values as quoted by public
/// reactor-flux codes citing that table; not re-read in the paper). Usable as
/// ReactorParameters::coefficients.
HuberMuellerCoefficients vogel_engel_coefficients(FissileIsotope isotope);

/// Antineutrinos per fission per unit energy [1/eV] at e_nu [eV] from the exponential
/// polynomial (no cut: the caller decides where the fit applies). e_nu must be finite.
double huber_mueller_per_fission(const HuberMuellerCoefficients& a, double e_nu);

/// Inputs of a reactor source.
struct ReactorParameters {
    /// Thermal power [eV^2] (e.g. `3 * units::GW`), finite and > 0.
    double thermal_power = 0;
    /// Fission fractions U235, U238, Pu239, Pu241: a typical mid-cycle PWR (rounded), each >= 0;
    /// their sum must be 1 within 1e-3 and they are rescaled to sum exactly to 1.
    std::array<double, 4> fission_fractions{0.56, 0.08, 0.30, 0.06};
    /// Thermal energy released per fission [eV]: X.B. Ma et al., Phys. Rev. C 88 (2013) 014605.
    std::array<double, 4> energy_per_fission{202.36 * units::MeV, 205.99 * units::MeV,
                                             211.12 * units::MeV, 214.26 * units::MeV};
    /// Spectrum fits (default: huber_mueller_default_coefficients()).
    std::array<HuberMuellerCoefficients, 4> coefficients = huber_mueller_default_coefficients();
    /// Low cut [eV]: the spectrum is 0 below. The fits are measured above ~1.8-2 MeV (the
    /// inverse-beta threshold); a lower cut extrapolates the fit (CEvNS is sensitive to it).
    double e_min = 1.8 * units::MeV;
    /// High cut [eV]: the spectrum is 0 above; 8-10 MeV is an extrapolation (< 0.05 % of the
    /// neutrinos).
    double e_max = 10.0 * units::MeV;
};

/// Fission-fraction weighted, normalised reactor spectrum over [e_min, e_max]:
/// \f[ \rho(E) = \frac{\sum_i f_i\, S_i(E)}{\sum_i f_i\, n_i}, \quad
///     n_i = \int_{e_{min}}^{e_{max}} S_i(E)\, dE, \f]
/// S_i the Huber–Mueller dN/dE per fission of isotope i.
class ReactorSpectrum final : public ContinuousSpectrum {
 public:
    /// Uses fission_fractions, coefficients, e_min and e_max (not the power).
    /// @throws InvalidArgument for invalid fractions, coefficients or cuts
    ///         (0 <= e_min < e_max, both finite).
    explicit ReactorSpectrum(const ReactorParameters& parameters);

    double density(double e_nu) const override;
    double e_min() const override { return e_min_; }
    double e_max() const override { return e_max_; }
    std::string name() const override { return "Huber-Mueller reactor"; }
    Description describe() const override;

    /// Antineutrinos per fission of one isotope within [e_min, e_max] (n_i).
    double neutrinos_per_fission(FissileIsotope isotope) const;
    /// Antineutrinos per fission of the fuel mixture within [e_min, e_max] (sum_i f_i n_i).
    double neutrinos_per_fission() const { return per_fission_mix_; }
    /// The fission fractions as used (rescaled to sum 1).
    const std::array<double, 4>& fission_fractions() const { return fractions_; }

 private:
    std::array<double, 4> fractions_;
    std::array<HuberMuellerCoefficients, 4> coefficients_;
    std::array<double, 4> per_fission_;
    double per_fission_mix_;
    double e_min_;
    double e_max_;
};

/// Fissions per unit time [eV] = thermal_power / sum_i f_i E_i.
double reactor_fission_rate(const ReactorParameters& parameters);

/// Reactor source: one anti-nu_e component (ReactorSpectrum) with rate = fission rate x
/// antineutrinos per fission in [e_min, e_max].
/// @throws InvalidArgument for any invalid input.
Source reactor_source(const ReactorParameters& parameters);

}  // namespace cevas
