#pragma once
/// @file
/// Output tables with metadata, formatted as CSV or JSON, and atomic file writes.
///
/// CSV layout (docs/cli.md, "Output"):
///   # cevas_version = 0.1.0            <- metadata, one "# key = value" line each, in order
///   # constant.fermi_constant = 1.1663788e-05 GeV^-2 (PDG 2024)
///   recoil_eV,q_eV,...                 <- header row
///   0.001,2730.714677717059,...        <- data rows, shortest round-trip form (<= 17 digits)
/// JSON layout (row-wise, same content):
///   {"metadata": {"cevas_version": "0.1.0", ...},            values as text, insertion order
///    "constants": [{"name": ..., "value": ..., "unit": ..., "source": ...}, ...],
///    "columns": ["recoil_eV", ...],
///    "data": [[row 0], [row 1], ...]}                        non-finite numbers as null

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/io/output_file.hpp"  // write_file_atomic, OutputFile

namespace cevas {

/// Output format of a table.
enum class OutputFormat { csv, json };
std::string_view to_string(OutputFormat f);
/// Parse "csv" or "json"; throws InvalidArgument naming `field` otherwise.
OutputFormat parse_output_format(std::string_view s, std::string_view field = "format");

/// A table of numbers with its provenance. The library builds it; the caller writes it.
class Table {
 public:
    /// @param columns column names, with the unit in the name ("recoil_eV")
    explicit Table(std::vector<std::string> columns);

    /// Append a metadata entry. Keys are unique: a repeated key throws std::logic_error
    /// (a programming error, not a user error).
    void add_metadata(std::string key, std::string value);
    /// Record the constants (list_constants()) in the header.
    void set_constants(std::vector<ConstantEntry> constants) { constants_ = std::move(constants); }
    /// Append one row; throws std::logic_error unless it has one value per column.
    void add_row(std::span<const double> row);

    const std::vector<std::pair<std::string, std::string>>& metadata() const { return metadata_; }
    const std::vector<ConstantEntry>& constants() const { return constants_; }
    const std::vector<std::string>& columns() const { return columns_; }
    std::size_t rows() const { return columns_.empty() ? 0 : data_.size() / columns_.size(); }
    /// Value at (row, column).
    double at(std::size_t row, std::size_t column) const {
        return data_[row * columns_.size() + column];
    }
    /// The values of one row.
    std::span<const double> row(std::size_t i) const {
        return std::span<const double>(data_).subspan(i * columns_.size(), columns_.size());
    }

 private:
    std::vector<std::pair<std::string, std::string>> metadata_;
    std::vector<ConstantEntry> constants_;
    std::vector<std::string> columns_;
    std::vector<double> data_;  // row-major
};

/// Format a number for output: the shortest text that reads back as the same double
/// (std::to_chars; at most 17 significant digits, "0.001" stays "0.001"); "nan"/"inf"/"-inf"
/// for non-finite values.
std::string format_number(double v);

/// The table as CSV text (layout above). Metadata values containing a newline are escaped as \n.
std::string to_csv(const Table& t);
/// The table as JSON text (layout above), pretty-printed with 1-space indent for rows.
std::string to_json(const Table& t);
/// Streaming pieces (rows written as they are computed, e.g. into an OutputFile):
///   CSV  = csv_header(t) + append_csv_row(row) for each row;
///   JSON = json_header(t) + append_json_row(row, i == 0) for each row + json_footer().
/// The result is byte-identical to to_csv / to_json of the table with those rows; `t` supplies
/// metadata, constants and columns only (its rows are ignored).
std::string csv_header(const Table& t);
std::string json_header(const Table& t);
/// Append `v` as format_number does (shortest round-trip text, "nan"/"inf"/"-inf").
void append_number(std::string& out, double v);
/// Append one CSV data row (values comma-separated, newline-terminated).
void append_csv_row(std::string& out, std::span<const double> row);
/// Append one JSON data row; `first` for the first row of the table (non-finite as null).
void append_json_row(std::string& out, std::span<const double> row, bool first);
std::string_view json_footer();

/// to_csv or to_json.
std::string format_table(const Table& t, OutputFormat f);

/// A table streamed in its format: the header goes to `write` at construction, rows are
/// buffered by add_row and handed to `write` by flush() (call it once per chunk of rows), and
/// finish() flushes and ends the table. The bytes are those of format_table on the same table
/// with the same rows, however the rows are split into flushes.
class TableStream {
 public:
    /// @param t metadata, constants and columns (its rows are ignored)
    /// @param write receives the text, in order
    TableStream(const Table& t, OutputFormat f, std::function<void(std::string_view)> write);
    /// Append one data row (as append_csv_row / append_json_row).
    void add_row(std::span<const double> row);
    /// Hand the buffered rows to `write`.
    void flush();
    /// flush(), then the JSON footer (nothing for CSV). No rows may follow.
    void finish();

 private:
    std::function<void(std::string_view)> write_;
    std::string text_;
    bool json_;
    bool first_ = true;
};

/// True for the paths that mean standard output: "" and "-".
inline bool is_stdout_path(std::string_view path) { return path.empty() || path == "-"; }

/// Throw InvalidArgument naming `field` unless `path` can plausibly be written: its directory
/// exists, is a directory and is writable, and `path` itself is not a directory. A cheap check
/// before a long computation; write_file_atomic remains the authority.
void check_output_path(const std::filesystem::path& path, std::string_view field = "output");

}  // namespace cevas
