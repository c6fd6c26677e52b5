#include "cevas/io/table.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
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

[[noreturn]] void write_error(std::string_view field, const std::filesystem::path& path,
                              const std::string& reason) {
    throw Exception(describe(std::string(field), "'" + path.string() + "'", reason));
}

// Permission bits a plain open(O_CREAT, 0666) would give: the process umask applied. Read from
// /proc (Linux >= 4.7) because umask() itself can only be read by changing it.
mode_t default_file_mode() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            try {
                return static_cast<mode_t>(0666 & ~std::stoul(line.substr(6), nullptr, 8));
            } catch (const std::exception&) {
                break;
            }
        }
    }
    return 0644;
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

std::string to_csv(const Table& t) {
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
    for (std::size_t i = 0; i < t.rows(); ++i) {
        for (std::size_t j = 0; j < t.columns().size(); ++j) {
            if (j) out += ',';
            out += format_number(t.at(i, j));
        }
        out += '\n';
    }
    return out;
}

std::string to_json(const Table& t) {
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
    for (std::size_t i = 0; i < t.rows(); ++i) {
        out += i ? ",\n  [" : "\n  [";
        for (std::size_t j = 0; j < t.columns().size(); ++j) {
            const double v = t.at(i, j);
            if (j) out += ", ";
            out += std::isfinite(v) ? format_number(v) : "null";
        }
        out += ']';
    }
    out += "\n ]\n}\n";
    return out;
}

std::string format_table(const Table& t, OutputFormat f) {
    return f == OutputFormat::csv ? to_csv(t) : to_json(t);
}

void check_output_path(const std::filesystem::path& path, std::string_view field) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.empty() || !path.has_filename()) {
        throw InvalidArgument(
            describe(std::string(field), "'" + path.string() + "'", "not a file name"));
    }
    if (fs::is_directory(path, ec)) {
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

void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       std::string_view field) {
    namespace fs = std::filesystem;
    if (path.empty() || !path.has_filename()) write_error(field, path, "not a file name");
    std::error_code ec;
    if (fs::is_directory(path, ec)) write_error(field, path, "is a directory");
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(dir, ec)) {
        write_error(field, path, "directory '" + dir.string() + "' does not exist");
    }

    // The temporary lives next to the target so that rename() is atomic (same file system).
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        write_error(
            field, path,
            std::string("cannot create a file in '") + dir.string() + "': " + std::strerror(errno));
    }
    const std::string tmp = tmpl;
    const auto fail = [&](const std::string& reason) {
        ::close(fd);
        ::unlink(tmp.c_str());
        write_error(field, path, reason);
    };

    // Keep the mode of a file being replaced; a new file gets the umask default.
    struct stat st {};
    const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : default_file_mode();
    if (::fchmod(fd, mode) != 0)
        fail(std::string("cannot set permissions: ") + std::strerror(errno));

    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(std::string("write failed: ") + std::strerror(errno));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) fail(std::string("fsync failed: ") + std::strerror(errno));
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        write_error(field, path, std::string("close failed: ") + std::strerror(errno));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        write_error(
            field, path,
            std::string("cannot rename the temporary file into place: ") + std::strerror(err));
    }
    // Make the rename itself durable; failure here does not undo a complete write.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace cevas
