#pragma once
/// @file
/// Text form of single NSI entries, as given on the command line:
///   `--nsi LEVEL.AB=VALUE`  or  `--nsi STRUCTURE.LEVEL.AB=VALUE`
/// STRUCTURE: vector (default when omitted), axial, scalar, tensor.
/// LEVEL:     u, d (quarks), p, n (nucleons), nucleus (whole nucleus), e (electron).
/// AB:        ee, emu, etau, mumu, mutau, tautau (and the transposed spellings mue, taue, taumu).
/// VALUE:     real or complex, "0.1", "-0.05i", "0.1-0.05i" (couplings/new_physics.hpp).
/// The hermitian partner is implied: emu = z also sets mue = conj(z); a diagonal entry must be
/// real. Giving the same entry twice (also as emu and mue) is an error, not "last wins": a
/// silently dropped value is the worse surprise in a physics run.

#include <span>
#include <string>
#include <string_view>

#include "cevas/couplings/new_physics.hpp"

namespace cevas {

/// Lorentz structure of an NSI.
enum class NsiStructure { vector, axial, scalar, tensor };
/// Level at which an NSI matrix is given (see NsiLevels).
enum class NsiLevel { u, d, p, n, nucleus, e };

std::string_view to_string(NsiStructure s);
std::string_view to_string(NsiLevel l);
/// Parse "vector", "axial", "scalar", "tensor"; throws InvalidArgument naming `field`.
NsiStructure parse_nsi_structure(std::string_view s, std::string_view field);
/// Parse "u", "d", "p", "n", "nucleus", "e"; throws InvalidArgument naming `field`.
NsiLevel parse_nsi_level(std::string_view s, std::string_view field);

/// The matrix of `nsi` selected by structure and level.
Matrix3c& nsi_matrix(NsiParameters& nsi, NsiStructure s, NsiLevel l);
const Matrix3c& nsi_matrix(const NsiParameters& nsi, NsiStructure s, NsiLevel l);

/// One NSI entry: which matrix, which element (row <= col after normalisation), which value.
struct NsiAssignment {
    NsiStructure structure = NsiStructure::vector;
    NsiLevel level = NsiLevel::nucleus;
    int row = 0;      ///< flavour index (0 = e, 1 = mu, 2 = tau)
    int col = 0;      ///< flavour index; row <= col
    complex value{};  ///< the (row, col) element; (col, row) is its conjugate
    /// Canonical name "vector.nucleus.emu" (upper triangle), for messages and duplicates.
    std::string key() const;
};

/// Parse "LEVEL.AB=VALUE" or "STRUCTURE.LEVEL.AB=VALUE". A transposed pair (mue) is stored
/// as its upper-triangle partner with the conjugated value.
/// @throws InvalidArgument "<field> = '<text>': <reason>" for a missing '=', an unknown
///         structure, level or flavour pair, a malformed number, or a complex diagonal entry.
NsiAssignment parse_nsi_option(std::string_view text, std::string_view field = "--nsi");

/// Set the entry and its hermitian partner in `nsi` (overwrites what was there).
void apply(NsiParameters& nsi, const NsiAssignment& a);

/// Parse and apply every option text; throws InvalidArgument naming `field` if two texts set
/// the same entry (e.g. "nucleus.emu=0.1" and "nucleus.mue=0.1").
void apply_nsi_options(NsiParameters& nsi, std::span<const std::string> texts,
                       std::string_view field = "--nsi");

/// Command-line electromagnetic options (`--millicharge`, `--magnetic-moment`,
/// `--charge-radius`): each non-empty text is one value put on the flavour diagonal, replacing
/// the whole matrix. Millicharge [e] and magnetic moment [mu_B] are plain numbers; the charge
/// radius <r^2> takes an area unit (bare number: cm^2).
/// @throws InvalidArgument naming the option for a malformed value.
void apply_electromagnetic_options(ElectromagneticParameters& em, std::string_view millicharge,
                                   std::string_view magnetic_moment,
                                   std::string_view charge_radius);

}  // namespace cevas
