#pragma once
/// @file
/// Spectra given as tables: in memory, or read from a text file with a units header.
///
/// File format (docs/sources.md):
/// ```
/// # energy_unit = keV          required: eV | keV | MeV | GeV
/// # spectrum_unit = per_MeV    required: per_eV | per_keV | per_MeV | per_GeV | arbitrary
/// # flavor = e                 optional: e | mu | tau
/// # type = antineutrino        optional: neutrino | antineutrino
/// # source = ...               any other `# key = value` is kept as provenance
/// # free text comment
/// 0      0.0                   two columns (whitespace or comma separated): E, dN/dE
/// 100    1.5e-3
/// ```
/// Energies strictly increasing and >= 0; dN/dE >= 0 and not all 0; at least 2 rows.
/// Linear interpolation between rows, 0 outside the table, normalised to 1 by the exact integral
/// of the interpolant (trapezoid rule).

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// A piecewise-linear spectrum, normalised to 1 over [first energy, last energy].
class TabulatedSpectrum final : public ContinuousSpectrum {
 public:
    /// @param energies  nodes [eV]: at least 2, finite, >= 0, strictly increasing
    /// @param values    dN/dE at the nodes in any consistent scale: finite, >= 0, not all 0
    /// @param name      name for descriptions
    /// @throws InvalidArgument naming the offending index otherwise.
    TabulatedSpectrum(std::vector<double> energies, std::vector<double> values,
                      std::string name = "tabulated");

    double density(double e_nu) const override;
    double e_min() const override { return e_.front(); }
    double e_max() const override { return e_.back(); }
    /// Every node (the interpolant has a kink at each).
    std::vector<double> break_points() const override { return e_; }
    std::string name() const override { return name_; }
    Description describe() const override;

    /// Integral of the input values over energy, \f$ \int v(E)\, dE \f$ [value unit x eV].
    double input_integral() const { return integral_; }
    const std::vector<double>& energies() const { return e_; }

 private:
    std::vector<double> e_;
    std::vector<double> v_;  // normalised density at the nodes [1/eV]
    double integral_;
    std::string name_;
};

/// A spectrum file as read: the spectrum and its header.
struct SpectrumFile {
    std::shared_ptr<const TabulatedSpectrum> spectrum;  ///< energies converted to eV
    std::string energy_unit;                            ///< as written in the header
    std::string spectrum_unit;                          ///< as written in the header
    std::optional<Flavor> flavor;                       ///< from `# flavor = ...` if present
    std::optional<NeutrinoType> type;                   ///< from `# type = ...` if present
    /// \f$ \int dN/dE\, dE \f$ in the file's counting unit (e.g. neutrinos per decay when the
    /// file gives per-decay spectra); unset for spectrum_unit = arbitrary.
    std::optional<double> counts;
    Description header;  ///< every `# key = value` line, in file order
};

/// Parse a spectrum table from a stream. @param origin names the stream in messages (a path).
/// @throws DataError "<origin>:<line>: <field> = <value>: <reason>" for a missing or unknown
///         unit, an unparsable number, a wrong column count, a negative value, non-increasing
///         energies, fewer than 2 rows, an all-zero spectrum, or an invalid flavor/type.
SpectrumFile parse_spectrum_table(std::istream& in, const std::string& origin);

/// Read a spectrum file. @throws DataError if the file cannot be opened or is malformed.
SpectrumFile read_spectrum_file(const std::string& path);

/// Largest spectrum file read_spectrum_file accepts (docs/limits.md); a larger file (or an
/// endless one such as a character device) is a DataError naming the file.
inline constexpr std::size_t kMaxTableFileBytes = 64u << 20;  ///< 64 MiB
/// Longest line of a spectrum file.
inline constexpr std::size_t kMaxTableLineBytes = 4096;

/// Inputs of a tabulated source.
struct TabulatedSourceParameters {
    std::string path{};                  ///< spectrum file
    double rate = 0;                     ///< neutrinos per unit time [eV], finite and > 0
    std::optional<Flavor> flavor{};      ///< required here or in the file; must agree if both
    std::optional<NeutrinoType> type{};  ///< required here or in the file; must agree if both
    std::string name{};                  ///< source name (default: the path)
};

/// A one-component source from a spectrum file.
/// @throws DataError for a malformed file; InvalidArgument for a bad rate, or a flavour/type that
///         is missing or contradicts the file.
Source tabulated_source(const TabulatedSourceParameters& parameters);

}  // namespace cevas
