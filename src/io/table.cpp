#include "cevas/io/table.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cevas/core/error.hpp"

namespace cevas {
namespace {

std::string quoted_json(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::string escape_newlines(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string_view to_string(OutputFormat f) { return f == OutputFormat::csv ? "csv" : "json"; }

OutputFormat parse_output_format(std::string_view s, std::string_view field) {
    if (s == "csv") return OutputFormat::csv;
    if (s == "json") return OutputFormat::json;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown output format (csv, json)"));
}

Table::Table(std::vector<std::string> columns) : columns_(std::move(columns)) {}

void Table::add_metadata(std::string key, std::string value) {
    for (const auto& kv : metadata_) {
        if (kv.first == key) throw std::logic_error("Table: duplicate metadata key '" + key + "'");
    }
    metadata_.emplace_back(std::move(key), std::move(value));
}

void Table::add_row(std::span<const double> row) {
    if (row.size() != columns_.size()) {
        throw std::logic_error("Table: row of " + std::to_string(row.size()) + " values for " +
                               std::to_string(columns_.size()) + " columns");
    }
    data_.insert(data_.end(), row.begin(), row.end());
}

std::string format_number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    // Shortest text that reads back as the same double (at most 17 significant digits).
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string csv_header(const Table& t) {
    std::string out;
    for (const auto& [k, v] : t.metadata()) out += "# " + k + " = " + escape_newlines(v) + "\n";
    for (const auto& c : t.constants()) {
        out += "# constant." + c.name + " = " + format_number(c.value) + " " + c.unit + " (" +
               c.source + ")\n";
    }
    for (std::size_t j = 0; j < t.columns().size(); ++j) {
        if (j) out += ',';
        out += t.columns()[j];
    }
    out += '\n';
    return out;
}

void append_number(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "nan";
    } else if (std::isinf(v)) {
        out += v > 0 ? "inf" : "-inf";
    } else {
        char buf[40];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
}

void append_csv_row(std::string& out, std::span<const double> row) {
    for (std::size_t j = 0; j < row.size(); ++j) {
        if (j) out += ',';
        append_number(out, row[j]);
    }
    out += '\n';
}

std::string to_csv(const Table& t) {
    std::string out = csv_header(t);
    for (std::size_t i = 0; i < t.rows(); ++i) {
        append_csv_row(out, t.row(i));
    }
    return out;
}

std::string json_header(const Table& t) {
    std::string out = "{\n \"metadata\": {";
    for (std::size_t k = 0; k < t.metadata().size(); ++k) {
        const auto& [key, value] = t.metadata()[k];
        out += (k ? ",\n  " : "\n  ") + quoted_json(key) + ": " + quoted_json(value);
    }
    out += "\n },\n \"constants\": [";
    for (std::size_t k = 0; k < t.constants().size(); ++k) {
        const auto& c = t.constants()[k];
        out += (k ? ",\n  " : "\n  ");
        out += "{\"name\": " + quoted_json(c.name) +
               ", \"value\": " + (std::isfinite(c.value) ? format_number(c.value) : "null") +
               ", \"unit\": " + quoted_json(c.unit) + ", \"source\": " + quoted_json(c.source) +
               "}";
    }
    out += "\n ],\n \"columns\": [";
    for (std::size_t j = 0; j < t.columns().size(); ++j) {
        out += (j ? ", " : "") + quoted_json(t.columns()[j]);
    }
    out += "],\n \"data\": [";
    return out;
}

void append_json_row(std::string& out, std::span<const double> row, bool first) {
    out += first ? "\n  [" : ",\n  [";
    for (std::size_t j = 0; j < row.size(); ++j) {
        if (j) out += ", ";
        if (std::isfinite(row[j])) {
            append_number(out, row[j]);
        } else {
            out += "null";
        }
    }
    out += ']';
}

std::string_view json_footer() { return "\n ]\n}\n"; }

TableStream::TableStream(const Table& t, OutputFormat f,
                         std::function<void(std::string_view)> write)
    : write_(std::move(write)), json_(f == OutputFormat::json) {
    write_(json_ ? json_header(t) : csv_header(t));
}

void TableStream::add_row(std::span<const double> row) {
    if (json_) {
        append_json_row(text_, row, first_);
    } else {
        append_csv_row(text_, row);
    }
    first_ = false;
}

void TableStream::flush() {
    if (!text_.empty()) write_(text_);
    text_.clear();
}

void TableStream::finish() {
    flush();
    if (json_) write_(json_footer());
}

std::string to_json(const Table& t) {
    std::string out = json_header(t);
    for (std::size_t i = 0; i < t.rows(); ++i) {
        append_json_row(out, t.row(i), i == 0);
    }
    out += json_footer();
    return out;
}

std::string format_table(const Table& t, OutputFormat f) {
    return f == OutputFormat::csv ? to_csv(t) : to_json(t);
}

void check_output_path(const std::filesystem::path& given, std::string_view field) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (given.empty() || !given.has_filename()) {
        throw InvalidArgument(
            describe(std::string(field), "'" + given.string() + "'", "not a file name"));
    }
    // Symlinks are followed; an existing FIFO or device is written in place (output_file.hpp).
    const fs::path path = resolve_output_path(given, field);
    const fs::file_status st = fs::status(path, ec);
    if (fs::exists(st) && !fs::is_regular_file(st) && !fs::is_directory(st)) {
        if (fs::is_block_file(st))
            throw InvalidArgument(
                describe(std::string(field), "'" + given.string() + "'", "is a block device"));
        if (::access(path.c_str(), W_OK) != 0)
            throw InvalidArgument(
                describe(std::string(field), "'" + given.string() + "'",
                         std::string("not writable (") + std::strerror(errno) + ")"));
        return;
    }
    if (fs::is_directory(st)) {
        throw InvalidArgument(
            describe(std::string(field), "'" + path.string() + "'", "is a directory"));
    }
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::exists(dir, ec)) {
        throw InvalidArgument(describe(std::string(field), "'" + path.string() + "'",
                                       "directory '" + dir.string() + "' does not exist"));
    }
    if (!fs::is_directory(dir, ec)) {
        throw InvalidArgument(describe(std::string(field), "'" + path.string() + "'",
                                       "'" + dir.string() + "' is not a directory"));
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        throw InvalidArgument(describe(
            std::string(field), "'" + path.string() + "'",
            "directory '" + dir.string() + "' is not writable (" + std::strerror(errno) + ")"));
    }
}

}  // namespace cevas
