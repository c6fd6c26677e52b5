#pragma once
/// @file
/// The detector medium (PHYSICS.md section 9): the dynamic structure factor S(q, omega) per atom
/// of superfluid 4He at saturated vapour pressure and T -> 0, normalised so that a free atom at
/// rest is delta(omega - q^2/2M). The neutrino cross section in a liquid of one species is
///   d^2 sigma / dq d omega = (d sigma / dq)_atom(q) S(q, omega),
/// so S maps the free recoil spectrum onto the spectrum of deposited energy omega.
///
/// Model (docs/medium.md): below q_c (2.5 A^-1) the collective response, one phonon-roton
/// excitation Z(q) delta(omega - eps(q)) plus a multi-excitation continuum carrying the rest of
/// S(q) and of the f-sum; above q_i (5 A^-1) the impulse approximation, a condensate line n0 and a
/// Gaussian broad part of variance (4/3)(q^2/2M) <E_kin> / (1 - n0); in between both, mixed with a
/// C2 smoothstep weight. Nothing lies below the Landau bound omega = v_L q. Both sum rules hold
/// exactly at every q by construction:
///   integral S d omega = S(q),   integral omega S d omega = q^2 / 2M.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cevas {

/// Tables of superfluid 4He (data/helium/*.csv, with their provenance), in natural units.
struct HeliumTables {
    std::vector<double> dispersion_q;       ///< wavenumbers of eps(q) [eV], increasing
    std::vector<double> dispersion_energy;  ///< eps(q) [eV]
    std::vector<double> structure_q;        ///< wavenumbers of S(q), Z(q) [eV], increasing
    std::vector<double> static_structure;   ///< S(q) (model anchors, see the data file)
    std::vector<double> single_excitation;  ///< Z(q) (model anchors)
    double density = 0;                     ///< mass density at SVP, T -> 0 [eV^4]
    double sound_speed = 0;                 ///< first sound, T -> 0 [dimensionless, c = 1]
    double roton_gap = 0;                   ///< Delta [eV]
    double roton_wavenumber = 0;            ///< q0 [eV]
    double roton_effective_mass = 0;        ///< mu / m_4 [dimensionless]
    double condensate_fraction = 0;         ///< n0 [dimensionless]
    double kinetic_energy = 0;              ///< <E_kin> per atom [eV]
    double temperature_max = 0;             ///< highest temperature the tables describe [eV]
    double density_min = 0;                 ///< accepted density range [eV^4]
    double density_max = 0;                 ///< [eV^4]
};

/// Parse the three helium tables from CSV text (lines starting with '#' are comments; then a
/// header line; then numeric rows). `dispersion`: q_inv_angstrom, energy_K[, key] (rows within
/// 0.004 A^-1 of the first row of a group are averaged in q and energy); `structure`:
/// q_inv_angstrom, S, Z; `parameters`: name, value, unit.
/// @throws DataError naming the table, the line and the reason for a malformed table (missing or
/// unknown columns, non-numeric or non-finite entries, decreasing q, negative values, missing
/// parameters).
HeliumTables parse_helium_tables(std::string_view dispersion, std::string_view structure,
                                 std::string_view parameters);

/// The tables shipped with cevas (data/helium/, compiled into the library).
HeliumTables default_helium_tables();

/// Which response of the target medium the rates use.
enum class MediumModel {
    free,            ///< free atoms at rest: omega = T = q^2/2M exactly (the seeds' picture)
    superfluid_he4,  ///< superfluid 4He at SVP, T -> 0 (this file)
};

/// "free" or "superfluid_he4".
std::string to_string(MediumModel m);
/// @throws InvalidArgument naming `field` for any other name.
MediumModel parse_medium_model(std::string_view name, const std::string& field = "target.medium");

/// The target medium of an experiment. Default: free atoms (bit-identical to no medium at all).
struct Medium {
    MediumModel model = MediumModel::free;
    /// Liquid temperature [eV] (k_B T; multiply kelvin by units::kelvin); must not exceed the
    /// tables' temperature_max (1 K). The model is the T -> 0 response.
    double temperature = 0;
    /// Mass density [eV^4] (multiply g/cm^3 by units::g / units::cm3); 0: the SVP density of the
    /// tables. Any other value must lie in the tables' range (SVP only).
    double density = 0;
    /// Start and end of the hand-over from the collective to the impulse regime [eV]
    /// (defaults 2.5 and 5 inverse angstrom).
    double q_collective = 0;
    double q_impulse = 0;
    bool is_free() const { return model == MediumModel::free; }
};

/// S(q, omega) at one q, as its components (every weight already includes the hand-over).
struct HeliumResponse {
    double q = 0;       ///< [eV]
    double recoil = 0;  ///< q^2/2M [eV]
    double s_q = 0;     ///< S(q): the zeroth moment
    /// Delta lines: (position [eV], weight): the single excitation and the condensate.
    std::vector<std::pair<double, double>> lines;
    /// Multi-excitation continuum starting at `threshold`: weight x a Gamma-like law of mean
    /// shape x scale (the mixture of Erlang laws of orders floor(shape) and floor(shape) + 1 with
    /// that mean, weights 1 - frac(shape) and frac(shape): closed form, exact mean).
    double continuum_weight = 0, continuum_threshold = 0, continuum_shape = 2, continuum_scale = 0;
    /// Impulse-approximation broad part: weight * Gaussian(centre, sigma) truncated to
    /// omega >= floor (normalised there; its centre is shifted so that its mean is the IA mean).
    double broad_weight = 0, broad_centre = 0, broad_sigma = 0, broad_floor = 0;
    /// Standard normal CDF at (broad_floor - broad_centre) / broad_sigma, the untruncated mass
    /// below the floor, cached by SuperfluidHelium::response() for cumulative() and density()
    /// (-1: not cached, computed on each call; set it again after editing the broad part).
    double broad_floor_cdf = -1;

    /// integral_0^omega S(q, w) dw, delta lines at w <= omega included [dimensionless].
    double cumulative(double omega) const;
    /// The continuous part of S(q, omega) [eV^-1] (delta lines excluded).
    double density(double omega) const;
    /// Smallest and largest omega with non-negligible strength (1e-15 of the total) [eV].
    std::pair<double, double> support() const;
};

/// The dynamic structure factor of superfluid 4He (see the file comment).
class SuperfluidHelium {
 public:
    /// @param atom_mass mass M of the 4He atom [eV] @param medium temperature, density, hand-over
    /// @param tables data (default: the shipped tables)
    /// @throws InvalidArgument for a temperature or density outside the tables' range or a
    /// hand-over with q_impulse <= q_collective; DataError when the tables violate 0 <= Z <= S or
    /// Z eps <= q^2/2M somewhere.
    explicit SuperfluidHelium(double atom_mass, const Medium& medium = {},
                              HeliumTables tables = default_helium_tables());

    double atom_mass() const { return mass_; }
    /// Free recoil energy q^2/2M [eV] at wavenumber q [eV].
    double recoil_energy(double q) const { return q * q / (2 * mass_); }
    /// Phonon-roton dispersion eps(q) [eV]: the tables (PCHIP), eps proportional to q below the
    /// first row, Landau roton parabola saturating at 2 Delta above the last row.
    double dispersion(double q) const;
    /// Static structure factor S(q): Feynman limit q^2/(2M eps) below 0.6 A^-1, the tables
    /// (PCHIP) above, 1 beyond the last row.
    double static_structure_factor(double q) const;
    /// Single-excitation strength Z(q) (same rules; 0 beyond the last row).
    double single_excitation_strength(double q) const;
    /// Landau critical velocity v_L = min_p eps(p)/p [dimensionless, c = 1]: at T = 0 no state
    /// of momentum q lies below v_L q (every excitation has eps(p) >= v_L p), so the continuum
    /// and the impulse approximation's broad part start at omega = v_L q.
    double landau_velocity() const { return landau_velocity_; }
    /// Weight of the collective model: 1 below q_collective, 0 above q_impulse, C2 smoothstep
    /// 6t^5 - 15t^4 + 10t^3 in between.
    double handover_weight(double q) const;
    /// S(q, omega) at wavenumber q [eV] as components.
    HeliumResponse response(double q) const;
    const HeliumTables& tables() const { return tables_; }
    const Medium& settings() const { return medium_; }
    /// Model description for output metadata (key, value).
    std::vector<std::pair<std::string, std::string>> describe() const;

 private:
    double feynman_limit_ = 0;  ///< q below which S = Z = q^2/(2M eps) [eV]
    double landau_velocity_ = 0;
    double mass_;
    Medium medium_;
    HeliumTables tables_;
    std::vector<double> disp_q_, disp_e_, disp_d_;      ///< PCHIP nodes and slopes of eps
    std::vector<double> st_q_, s_v_, s_d_, z_v_, z_d_;  ///< PCHIP of S and Z
};

}  // namespace cevas
