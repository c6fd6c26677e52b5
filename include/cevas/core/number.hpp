#pragma once
/// @file
/// The one number grammar of cevas (docs/limits.md, "Numbers"): every number typed by a user —
/// command-line values, quantities with units, complex NSI values, configuration strings,
/// spectrum tables — is read by scan_number, so they all accept and refuse the same texts.
///
///   number   = [sign] mantissa [exponent]
///   sign     = "+" | "-"
///   mantissa = digits ["." [digits]] | "." digits
///   exponent = ("e" | "E") [sign] digits
///
/// Decimal only: no hexadecimal ("0x10", "0x1p3"), no "inf"/"nan", no digit separators. A
/// value whose magnitude overflows the double range, or a non-zero value that underflows below
/// the smallest normal double (2.2e-308), is refused rather than rounded to inf, 0 or a
/// denormal. Surrounding spaces are the caller's business: the parsers of cevas trim spaces and
/// tabs on both sides, always.

#include <cstddef>
#include <string>
#include <string_view>

namespace cevas {

/// Result of scan_number.
struct NumberScan {
    std::size_t length = 0;  ///< characters consumed (0: no number at the start of the text)
    double value = 0;        ///< the value (valid when length > 0 and error is empty)
    std::string error;       ///< non-empty when the text is a number but out of range
};

/// Read the longest prefix of `text` that matches the grammar above.
NumberScan scan_number(std::string_view text);

/// `text` with spaces and tabs (and CR/LF) removed at both ends.
std::string_view trim_spaces(std::string_view text);

}  // namespace cevas
