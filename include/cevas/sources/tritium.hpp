#pragma once
/// @file
/// Tritium beta decay, 3H -> 3He + e- + anti-nu_e: SATURNE's source (PHYSICS.md section 5).

#include <cmath>

#include "cevas/core/constants.hpp"
#include "cevas/core/units.hpp"
#include "cevas/sources/fermi_function.hpp"
#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// Inputs of the tritium source; every one overridable.
struct TritiumParameters {
    /// Q value (endpoint of the electron kinetic energy) [eV]: 18592.01(7) eV, E.G. Myers et al.,
    /// PRL 114 (2015) 013003 (Penning-trap 3H/3He mass difference).
    double q_value = 18592.01 * units::eV;
    /// Half-life [eV^-1]: 4500(8) d = 12.32 y, L.L. Lucas and M.P. Unterweger, J. Res. NIST 105
    /// (2000) 541 (the value PHYSICS.md prescribes).
    double half_life = 4500.0 * units::day;
    /// Mass of the neutral 3H atom in units of u (dimensionless): AME2020, 3.01604928132.
    double atomic_mass_u = 3.01604928132;
    /// Proton number of the daughter (3He).
    int daughter_z = 2;
    /// Nuclear radius of 3He for the relativistic Fermi function [eV^-1]: radius of the uniform
    /// sphere with the 3He rms charge radius 1.9661 fm (I. Angeli, K.P. Marinova, At. Data Nucl.
    /// Data Tables 99 (2013) 69): R = sqrt(5/3) * 1.9661 fm = 2.538 fm.
    double nuclear_radius = std::sqrt(5.0 / 3.0) * 1.9661 * units::fm;
    /// Fermi-function model (PHYSICS.md: non-relativistic by default).
    FermiFunction fermi_function = FermiFunction::nonrelativistic;
};

/// Normalised tritium anti-nu_e spectrum (one anti-nu_e per decay):
/// \f[ \rho(E_\nu) = N^{-1} F(Z{=}2, E_e)\, p_e E_e E_\nu^2,\quad E_e = Q - E_\nu + m_e,\quad
///     p_e = \sqrt{E_e^2 - m_e^2}, \quad 0 \le E_\nu \le Q, \f]
/// (allowed shape, massless neutrino, nuclear recoil neglected). N is computed at construction by
/// adaptive Gauss–Kronrod quadrature (relative accuracy 1e-14). rho(Q) is finite and > 0
/// (p_e F tends to a constant as p_e -> 0); rho = 0 above Q. Mean E_nu is about 12.9 keV.
class TritiumSpectrum final : public ContinuousSpectrum {
 public:
    /// @throws InvalidArgument if q_value, half_life, atomic_mass_u or nuclear_radius is not
    ///         finite and > 0, or daughter_z is out of range.
    explicit TritiumSpectrum(const TritiumParameters& parameters = {},
                             const PhysicalConstants& constants = {});

    double density(double e_nu) const override;
    double e_min() const override { return 0.0; }
    double e_max() const override { return q_; }
    std::string name() const override { return "tritium beta decay"; }
    Description describe() const override;

    /// The un-normalised shape F p_e E_e E_nu^2 [eV^4] at e_nu [eV] (0 outside [0, Q]).
    double shape(double e_nu) const;
    /// The normalisation N = integral of shape over [0, Q] [eV^5].
    double norm() const { return norm_; }
    const TritiumParameters& parameters() const { return p_; }

 private:
    TritiumParameters p_;
    BetaFermiFunction fermi_;
    double q_;
    double m_e_;
    double norm_;
};

/// Decay constant lambda = ln 2 / T_1/2 [eV] (= [1/time]).
double tritium_decay_constant(const TritiumParameters& parameters = {});

/// Activity of a tritium mass: \f$ A = \lambda N \f$, \f$ N = m / (m(^3\mathrm{H})\, u) \f$.
/// About 9.62 kCi per gram with the defaults.
/// @param mass  tritium mass [eV] (e.g. `60 * units::g`), finite and > 0
/// @return activity [eV] (= decays per unit time; `/ units::Ci` gives Ci)
double tritium_activity_from_mass(double mass, const TritiumParameters& parameters = {},
                                  const PhysicalConstants& constants = {});

/// Tritium mass of an activity (inverse of tritium_activity_from_mass).
/// @param activity  [eV] (e.g. `10 * units::MCi`), finite and > 0
/// @return mass [eV] (`/ units::g` gives grams)
double tritium_mass_from_activity(double activity, const TritiumParameters& parameters = {},
                                  const PhysicalConstants& constants = {});

/// A tritium source of given activity: one anti-nu_e component, rate = activity.
/// @param activity  [eV] (e.g. `3.7e10 * units::Bq`, `10 * units::MCi`), finite and > 0
Source tritium_source_from_activity(double activity, const TritiumParameters& parameters = {},
                                    const PhysicalConstants& constants = {});

/// A tritium source of given mass (activity from tritium_activity_from_mass).
/// @param mass  [eV] (e.g. `60 * units::g`), finite and > 0
Source tritium_source_from_mass(double mass, const TritiumParameters& parameters = {},
                                const PhysicalConstants& constants = {});

}  // namespace cevas
