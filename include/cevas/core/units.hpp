#pragma once
/// @file
/// Units of measure. Natural units with eV = 1 and hbar = c = 1.
///
/// A value goes in by multiplying (`15 * units::keV`) and comes out by dividing
/// (`xs / units::cm2`). Every conversion is derived from exact SI definitions
/// (SI 2019: e, h, c exact), so the only rounding is that of double precision.

namespace cevas::units {

// --- exact SI defining constants (SI brochure, 9th edition, 2019) ---------------------------
inline constexpr double si_elementary_charge = 1.602176634e-19;  ///< [C], exact
inline constexpr double si_planck = 6.62607015e-34;              ///< [J s], exact
inline constexpr double si_speed_of_light = 299792458.0;         ///< [m/s], exact
inline constexpr double si_pi = 3.14159265358979323846;
inline constexpr double si_hbar = si_planck / (2.0 * si_pi);  ///< [J s]
inline constexpr double si_boltzmann = 1.380649e-23;          ///< [J/K], exact

// --- energy ------------------------------------------------------------------------------------
inline constexpr double eV = 1.0;
inline constexpr double meV = 1e-3 * eV;
/// Temperature as energy k_B T: 1 K = k_B / e eV (exact SI), for quantities quoted as E/k_B [K].
inline constexpr double kelvin = si_boltzmann / si_elementary_charge;
inline constexpr double keV = 1e3 * eV;
inline constexpr double MeV = 1e6 * eV;
inline constexpr double GeV = 1e9 * eV;
inline constexpr double joule = eV / si_elementary_charge;

// --- length: 1 m = 1 / (hbar c) in eV^-1 -------------------------------------------------------
/// hbar c [eV m] = hbar [J s] c [m/s] / e [C]; equals 197.3269804 MeV fm (PHYSICS.md section 2).
inline constexpr double hbar_c_eV_m = si_hbar * si_speed_of_light / si_elementary_charge;
inline constexpr double m = 1.0 / hbar_c_eV_m;
inline constexpr double km = 1e3 * m;
inline constexpr double cm = 1e-2 * m;
inline constexpr double mm = 1e-3 * m;
inline constexpr double fm = 1e-15 * m;
/// Astronomical unit: 149 597 870 700 m exactly (IAU 2012 Resolution B2).
inline constexpr double au = 149597870700.0 * m;
inline constexpr double angstrom = 1e-10 * m;
inline constexpr double cm2 = cm * cm;
inline constexpr double m2 = m * m;
inline constexpr double m3 = m * m * m;
inline constexpr double cm3 = cm * cm * cm;

// --- time: 1 s = 1 / hbar in eV^-1 -------------------------------------------------------------
inline constexpr double hbar_eV_s = si_hbar / si_elementary_charge;
inline constexpr double s = 1.0 / hbar_eV_s;
inline constexpr double minute = 60.0 * s;
inline constexpr double hour = 3600.0 * s;
inline constexpr double day = 86400.0 * s;
/// Julian year (365.25 d), the astronomical convention.
inline constexpr double year = 365.25 * day;

// --- mass: E = m c^2 ----------------------------------------------------------------------------
inline constexpr double kg = si_speed_of_light * si_speed_of_light / si_elementary_charge;
inline constexpr double g = 1e-3 * kg;
inline constexpr double tonne = 1e3 * kg;

// --- activity ----------------------------------------------------------------------------------
inline constexpr double Bq = 1.0 / s;
/// Curie: 3.7e10 Bq exactly (by definition).
inline constexpr double Ci = 3.7e10 * Bq;
inline constexpr double kCi = 1e3 * Ci;
inline constexpr double MCi = 1e6 * Ci;

// --- power ---------------------------------------------------------------------------------------
inline constexpr double W = joule / s;
inline constexpr double MW = 1e6 * W;
inline constexpr double GW = 1e9 * W;

// --- amount of substance
// --------------------------------------------------------------------------
/// Avogadro constant N_A = 6.02214076e23 per mole, exact (SI 2019); solar-model electron densities
/// are tabulated in units of N_A cm^-3.
inline constexpr double si_avogadro = 6.02214076e23;

}  // namespace cevas::units
