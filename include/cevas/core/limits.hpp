#pragma once
/// @file
/// The documented accepted range of every physics input (docs/limits.md). The bounds are wide
/// (they are not a statement about which values are plausible) but finite: inside them no
/// intermediate of cevas overflows, underflows to a denormal, or becomes NaN; outside them the
/// input is an InvalidArgument naming the field, whatever the front end (CLI, config, Python).
/// Every bound is in natural units (eV = 1, core/units.hpp); `unit`/`scale` say how messages show
/// the value (the user's unit, not the internal one).

#include <string>
#include <string_view>

#include "cevas/core/units.hpp"

namespace cevas {

/// A closed interval [lo, hi] of accepted values, with the unit used in messages.
struct Range {
    double lo;               ///< smallest accepted value [natural units]
    double hi;               ///< largest accepted value [natural units]
    std::string_view unit;   ///< unit shown in messages ("eV", "m", "" for pure numbers)
    double scale;            ///< value of `unit` in natural units
    bool zero_ok = false;    ///< 0 is accepted as well (e.g. a recoil of exactly 0)
    bool symmetric = false;  ///< the bounds apply to |value| (signed inputs)
};

namespace limits {
using namespace units;
/// Neutrino energy E: 1 neV .. 1 TeV (below, 1/E^2 leaves the double range with the
/// oscillation phase; above, coherence is long lost and T_max overflows nothing but is absurd).
inline constexpr Range neutrino_energy{1e-9 * eV, 1e12 * eV, "eV", eV};
/// Recoil energy T: exactly 0, or 1e-12 eV .. 1e12 eV (a denormal T made 1/T infinite).
inline constexpr Range recoil_energy{1e-12 * eV, 1e12 * eV, "eV", eV, true};
/// Source-target distance L: 0 .. 1e12 m (the Sun is at 1.5e11 m).
inline constexpr Range baseline{0.0, 1e12 * m, "m", m, true};
/// Tank dimensions (radius, height, offsets): 0 .. 1e6 m.
inline constexpr Range tank_length{0.0, 1e6 * m, "m", m, true};
/// Magnetic moment entries |mu|: <= 1 mu_B (limits are ~1e-11 mu_B).
inline constexpr Range magnetic_moment{0.0, 1.0, "mu_B", 1.0, true, true};
/// Millicharge entries |q|: <= 1 e.
inline constexpr Range millicharge{0.0, 1.0, "e", 1.0, true, true};
/// Charge radius entries |<r^2>|: <= 1e-20 cm^2.
inline constexpr Range charge_radius{0.0, 1e-20 * cm2, "cm2", cm2, true, true};
/// NSI couplings |eps| (every structure and level): <= 1e6.
inline constexpr Range nsi{0.0, 1e6, "", 1.0, true, true};
/// Light-quark masses m_u, m_d: 1 keV .. 10 GeV.
inline constexpr Range quark_mass{1e3 * eV, 1e10 * eV, "eV", eV};
/// Nucleon charges (axial, scalar, tensor): |x| <= 100.
inline constexpr Range nucleon_charge{0.0, 100.0, "", 1.0, true, true};
/// Net spins of the target (proton_net, neutron_net, shell net_spin): |S| <= 300.
inline constexpr Range net_spin{0.0, 300.0, "", 1.0, true, true};
/// Angular momentum J of a nucleus or shell, for the spin weight: 1/2 .. 20.
inline constexpr Range angular_momentum{0.5, 20.0, "", 1.0};
/// Effective charge of an electron shell: 0.01 .. 200.
inline constexpr Range shell_z_eff{0.01, 200.0, "", 1.0};
/// Nucleon axial coupling |g_A| <= 10.
inline constexpr Range axial_coupling{0.0, 10.0, "", 1.0, true, true};
/// Physical constants ([constants]): within a factor 2 of their reference values (the ratio).
inline constexpr Range constant_factor{0.5, 2.0, "", 1.0};
/// Source activity: up to 1e30 Bq.
inline constexpr Range activity{0.0, 1e30 * Bq, "Bq", Bq};
/// Masses (target, tritium): up to 1e12 kg.
inline constexpr Range mass{0.0, 1e12 * kg, "kg", kg};
/// Number of target atoms: up to 1e40.
inline constexpr Range atoms{0.0, 1e40, "", 1.0};
/// Exposure and half-lives: up to 1e12 y.
inline constexpr Range duration{0.0, 1e12 * year, "s", s};
/// Background rate: 0 .. 1e30 events/(eV s).
inline constexpr Range background{0.0, 1e30 / (eV * s), "/(eV s)", 1.0 / (eV * s), true};
/// Rates of line, table and pion sources: up to 1e40 per second.
inline constexpr Range source_rate{0.0, 1e40 / s, "/s", 1.0 / s};
/// Light-mediator mass m (couplings/mediator.hpp): 1 meV .. 10 TeV (0 is refused: the 1/q^4
/// limit is reached well inside the range for any recoil).
inline constexpr Range mediator_mass{1e-3 * eV, 1e13 * eV, "eV", eV};
/// Light-mediator couplings |g|: <= 4 pi (perturbative).
inline constexpr Range mediator_coupling{0.0, 12.566370614359172, "", 1.0, true, true};
}  // namespace limits

/// True when `v` is finite and inside `r` (0 also when r.zero_ok; |v| when r.symmetric).
bool in_range(double v, const Range& r);

/// Throw InvalidArgument "<field> = <value in r.unit>: <reason naming the range>" unless
/// in_range(v, r). NaN and infinities are refused with "not a finite number".
void require_in_range(const std::string& field, double v, const Range& r);

/// The range as text for messages and docs: "1e-09 eV .. 1e+12 eV", "|x| <= 1 mu_B".
std::string describe_range(const Range& r);

}  // namespace cevas
