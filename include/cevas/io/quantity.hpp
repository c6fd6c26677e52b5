#pragma once
/// @file
/// Physical quantities written as text with a unit suffix ("15keV", "1 m", "1e-32cm2"), and
/// recoil-energy grids ("1meV,5meV" or "START:STOP:N"). This is the I/O boundary: the text
/// carries its unit, the returned double is in natural units (eV = 1, see core/units.hpp).
///
/// Grammar: optional spaces, a decimal number (sign, digits, point, exponent; no hex, no
/// "nan"/"inf"), optional spaces, optional unit, optional spaces. Units are case-sensitive
/// (meV is not MeV). A bare number takes the quantity's default unit.
///
/// Every error is an InvalidArgument "<field> = '<text>': <reason>".

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cevas {

/// Which values a parsed quantity may take. NaN and infinities are always rejected.
enum class Domain {
    any,           ///< any finite value (e.g. a charge radius <r^2>, which may be negative)
    non_negative,  ///< >= 0
    positive,      ///< > 0
};

/// One accepted unit: its spelling and its value in natural units.
struct UnitSpec {
    std::string_view name;  ///< suffix as written ("keV")
    double value;           ///< the unit in natural units (units::keV)
};

/// Parse "<number>[ ]<unit>" against `units`; a bare number is multiplied by `bare_unit`.
/// @param text       the text to parse
/// @param field      the option or config key named in errors ("--enu", "xsec.enu")
/// @param units      accepted unit suffixes
/// @param bare_unit  value of the default unit in natural units
/// @param domain     allowed sign
/// @return the value in natural units
/// @throws InvalidArgument for an empty text, a malformed or non-finite number, an unknown unit
///         (the message lists the accepted ones) or a value outside `domain`.
double parse_quantity(std::string_view text, std::string_view field,
                      std::span<const UnitSpec> units, double bare_unit, Domain domain);

/// Parse a plain finite number without unit (e.g. "--sin2w 0.2386").
/// @throws InvalidArgument naming `field` for malformed, non-finite or out-of-domain values.
double parse_number(std::string_view text, std::string_view field, Domain domain = Domain::any);

/// Parse a non-negative integer without sign or exponent (e.g. the N of "START:STOP:N").
/// @throws InvalidArgument naming `field` unless the whole text is an integer in [0, 2^31).
int parse_count(std::string_view text, std::string_view field);

/// Energy [eV]: meV, eV, keV, MeV, GeV; bare number = eV. Default domain: > 0.
double parse_energy(std::string_view text, std::string_view field,
                    Domain domain = Domain::positive);
/// Length [eV^-1]: fm, nm, mm, cm, m, km; bare number = m. Default domain: >= 0.
double parse_length(std::string_view text, std::string_view field,
                    Domain domain = Domain::non_negative);
/// Area [eV^-2]: fm2, cm2, m2; bare number = cm2 (the unit of the charge radius <r^2>).
/// Default domain: any sign (a charge radius may be negative).
double parse_area(std::string_view text, std::string_view field, Domain domain = Domain::any);
/// Time [eV^-1]: s, min, h, d, y or yr (Julian year, 365.25 d); bare number = s. Default >= 0.
double parse_time(std::string_view text, std::string_view field,
                  Domain domain = Domain::non_negative);
/// Mass [eV]: mg, g, kg, t (tonne); bare number = kg. Default domain: >= 0.
double parse_mass(std::string_view text, std::string_view field,
                  Domain domain = Domain::non_negative);
/// Activity [eV]: Bq, kBq, MBq, GBq, Ci, kCi, MCi; bare number = Bq. Default domain: >= 0.
double parse_activity(std::string_view text, std::string_view field,
                      Domain domain = Domain::non_negative);

/// The unit tables used above (for help texts and documentation).
std::span<const UnitSpec> energy_units();
std::span<const UnitSpec> length_units();
std::span<const UnitSpec> area_units();
std::span<const UnitSpec> time_units();
std::span<const UnitSpec> mass_units();
std::span<const UnitSpec> activity_units();

/// Spacing of a "START:STOP:N" grid.
enum class GridSpacing { linear, logarithmic };

/// Largest number of points a "START:STOP:N" grid may have.
inline constexpr int kMaxGridPoints = 10'000'000;

/// Parse a recoil-energy grid [eV].
///  - comma list "1meV,5meV, 7 meV": each element an energy (bare = eV), each >= 0, any order;
///  - range "START:STOP:N": N points including both ends, linear, or logarithmic (geometric)
///    when `spacing` is logarithmic; requires 0 <= START < STOP (START > 0 for logarithmic) and
///    1 <= N <= kMaxGridPoints; N = 1 gives {START}. The end points are exact.
/// `spacing` is ignored for a comma list.
/// @throws InvalidArgument naming `field` ("--recoil") with the whole text and the reason.
std::vector<double> parse_recoil_grid(std::string_view text, std::string_view field,
                                      GridSpacing spacing = GridSpacing::linear);

/// A parsed recoil grid that generates its points on demand (a "START:STOP:N" range holds no
/// array, so that 1e7 points stream in bounded memory). at(i) equals parse_recoil_grid(...)[i]
/// bit for bit.
struct RecoilGrid {
    bool is_range = false;                      ///< START:STOP:N (else a comma list)
    double start = 0, stop = 0;                 ///< ends of a range [eV]
    std::size_t count = 0;                      ///< N of a range
    GridSpacing spacing = GridSpacing::linear;  ///< spacing of a range
    std::vector<double> list;                   ///< the points of a comma list [eV]
    std::size_t size() const;                   ///< number of points
    double at(std::size_t i) const;             ///< point i [eV]
    void fill(std::size_t first, std::span<double> out) const;  ///< points first.. [eV]
};

/// parse_recoil_grid without building the array (same rules and errors).
RecoilGrid parse_recoil_grid_spec(std::string_view text, std::string_view field,
                                  GridSpacing spacing = GridSpacing::linear);

/// Closest candidate to `word` by Levenshtein distance, or "" when none is within
/// max(2, |word| / 3) edits; a candidate of which `word` is a prefix, or which is a prefix of
/// `word` (both 3 characters or more), counts as distance 1.5 ("theta12" -> "theta12_deg").
/// Used for "did you mean ...?" suggestions.
std::string closest_match(std::string_view word, std::span<const std::string> candidates);

/// Levenshtein edit distance between two strings (insertions, deletions, substitutions).
int edit_distance(std::string_view a, std::string_view b);

}  // namespace cevas
