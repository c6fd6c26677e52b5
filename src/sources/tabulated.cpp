#include "cevas/sources/tabulated.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/core/number.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

TabulatedSpectrum::TabulatedSpectrum(std::vector<double> energies, std::vector<double> values,
                                     std::string name)
    : e_(std::move(energies)), v_(std::move(values)), integral_(0), name_(std::move(name)) {
    if (e_.size() != v_.size()) {
        throw InvalidArgument(
            cevas::describe("values size", std::to_string(v_.size()),
                            "must equal energies size " + std::to_string(e_.size())));
    }
    if (e_.size() < 2) {
        throw InvalidArgument(cevas::describe("energies size", std::to_string(e_.size()),
                                              "a table needs at least 2 rows"));
    }
    for (std::size_t i = 0; i < e_.size(); ++i) {
        // (appended piecewise: GCC 12 gives a false -Wrestrict on "[" + to_string(i))
        std::string idx = "[";
        idx += std::to_string(i);
        idx += ']';
        require_non_negative(("energies" + idx).c_str(), e_[i]);
        require_non_negative(("values" + idx).c_str(), v_[i]);
        if (i > 0 && !(e_[i] > e_[i - 1])) {
            throw InvalidArgument(cevas::describe(
                "energies" + idx, format_value(e_[i]),
                "energies must increase strictly (previous " + format_value(e_[i - 1]) + ")"));
        }
    }
    // Exact integral of the piecewise-linear interpolant.
    for (std::size_t i = 0; i + 1 < e_.size(); ++i) {
        integral_ += 0.5 * (v_[i] + v_[i + 1]) * (e_[i + 1] - e_[i]);
    }
    if (!(integral_ > 0) || !std::isfinite(integral_)) {
        throw InvalidArgument(cevas::describe("integral of values", format_value(integral_),
                                              "must be finite and positive (all values 0?)"));
    }
    for (auto& v : v_) v /= integral_;
}

double TabulatedSpectrum::density(double e_nu) const {
    if (std::isnan(e_nu)) {
        throw InvalidArgument(cevas::describe("e_nu", "nan", "neutrino energy must be a number"));
    }
    if (!(e_nu >= e_.front()) || !(e_nu <= e_.back())) return 0.0;
    auto it = std::upper_bound(e_.begin(), e_.end(), e_nu);
    if (it == e_.end()) return v_.back();
    const std::size_t i = static_cast<std::size_t>(it - e_.begin()) - 1;
    const double w = (e_nu - e_[i]) / (e_[i + 1] - e_[i]);
    return v_[i] + w * (v_[i + 1] - v_[i]);
}

Description TabulatedSpectrum::describe() const {
    return {{"table", name_},
            {"rows", std::to_string(e_.size())},
            {"e_min_eV", format_value(e_.front() / units::eV)},
            {"e_max_eV", format_value(e_.back() / units::eV)},
            {"interpolation",
             "linear; 0 outside the table; normalised by the exact integral of "
             "the interpolant"}};
}

namespace {

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool is_identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

[[noreturn]] void data_error(const std::string& origin, int line, const std::string& field,
                             const std::string& value, const std::string& reason) {
    throw DataError(origin + ":" + std::to_string(line) + ": " +
                    cevas::describe(field, value, reason));
}

const std::map<std::string, double, std::less<>>& energy_units() {
    static const std::map<std::string, double, std::less<>> u{
        {"eV", units::eV}, {"keV", units::keV}, {"MeV", units::MeV}, {"GeV", units::GeV}};
    return u;
}

const std::map<std::string, double, std::less<>>& spectrum_units() {
    // The energy unit of the denominator of dN/dE; "arbitrary" has none.
    static const std::map<std::string, double, std::less<>> u{{"per_eV", units::eV},
                                                              {"per_keV", units::keV},
                                                              {"per_MeV", units::MeV},
                                                              {"per_GeV", units::GeV},
                                                              {"arbitrary", 0.0}};
    return u;
}

std::string known_keys(const std::map<std::string, double, std::less<>>& m) {
    std::string s;
    for (const auto& [k, v] : m) s += (s.empty() ? "" : ", ") + k;
    return s;
}

double parse_number(const std::string& token, const std::string& origin, int line,
                    const std::string& field) {
    // The one number grammar of cevas (core/number.hpp).
    const NumberScan n = scan_number(token);
    if (n.length == 0 || n.length != token.size()) {
        data_error(origin, line, field, "'" + token + "'", "not a number");
    }
    if (!n.error.empty()) data_error(origin, line, field, "'" + token + "'", n.error);
    return n.value;
}

}  // namespace

SpectrumFile parse_spectrum_table(std::istream& in, const std::string& origin) {
    SpectrumFile f;
    std::vector<double> e;
    std::vector<double> v;
    std::string raw;
    int line = 0;
    int first_data_line = 0;
    int last_line = 0;
    std::size_t total = 0;
    while (std::getline(in, raw)) {
        ++line;
        total += raw.size() + 1;
        if (raw.size() > kMaxTableLineBytes) {
            data_error(origin, line, "line", std::to_string(raw.size()) + " bytes",
                       "longer than the cap of " + std::to_string(kMaxTableLineBytes) +
                           " bytes (docs/limits.md)");
        }
        if (total > kMaxTableFileBytes + 1) {
            data_error(origin, line, "size",
                       "more than " + std::to_string(kMaxTableFileBytes) + " bytes",
                       "larger than the cap for a spectrum table (docs/limits.md)");
        }
        const std::string s = trim(raw);
        if (s.empty()) continue;
        if (s.front() == '#') {
            const std::string body = trim(std::string_view(s).substr(1));
            const auto eq = body.find('=');
            if (eq == std::string::npos) continue;  // free-text comment
            const std::string key = trim(std::string_view(body).substr(0, eq));
            const std::string value = trim(std::string_view(body).substr(eq + 1));
            if (!is_identifier(key)) continue;
            auto once = [&](bool already) {
                if (already) data_error(origin, line, key, "'" + value + "'", "given twice");
            };
            if (key == "energy_unit") {
                once(!f.energy_unit.empty());
                if (!energy_units().contains(value)) {
                    data_error(origin, line, key, "'" + value + "'",
                               "unknown unit (use " + known_keys(energy_units()) + ")");
                }
                f.energy_unit = value;
            } else if (key == "spectrum_unit") {
                once(!f.spectrum_unit.empty());
                if (!spectrum_units().contains(value)) {
                    data_error(origin, line, key, "'" + value + "'",
                               "unknown unit (use " + known_keys(spectrum_units()) + ")");
                }
                f.spectrum_unit = value;
            } else if (key == "flavor") {
                once(f.flavor.has_value());
                try {
                    f.flavor = parse_flavor(value, "flavor");
                } catch (const InvalidArgument& ex) {
                    throw DataError(origin + ":" + std::to_string(line) + ": " + ex.what());
                }
            } else if (key == "type") {
                once(f.type.has_value());
                try {
                    f.type = parse_neutrino_type(value, "type");
                } catch (const InvalidArgument& ex) {
                    throw DataError(origin + ":" + std::to_string(line) + ": " + ex.what());
                }
            }
            f.header.emplace_back(key, value);
            continue;
        }
        // Data row: two numbers separated by whitespace and/or one comma.
        std::string row = s;
        std::replace(row.begin(), row.end(), ',', ' ');
        std::vector<std::string> tokens;
        std::size_t pos = 0;
        while (pos < row.size()) {
            const auto b = row.find_first_not_of(" \t", pos);
            if (b == std::string::npos) break;
            const auto en = row.find_first_of(" \t", b);
            tokens.push_back(row.substr(b, en == std::string::npos ? std::string::npos : en - b));
            pos = en == std::string::npos ? row.size() : en;
        }
        if (tokens.size() != 2) {
            data_error(origin, line, "columns", std::to_string(tokens.size()),
                       "a data row needs exactly 2 columns (energy, dN/dE)");
        }
        if (first_data_line == 0) first_data_line = line;
        last_line = line;
        const double energy = parse_number(tokens[0], origin, line, "energy");
        const double value = parse_number(tokens[1], origin, line, "dN/dE");
        if (energy < 0) data_error(origin, line, "energy", tokens[0], "must not be negative");
        if (value < 0) data_error(origin, line, "dN/dE", tokens[1], "must not be negative");
        if (!e.empty() && !(energy > e.back())) {
            data_error(
                origin, line, "energy", tokens[0],
                "energies must increase strictly (previous row " + format_value(e.back()) + ")");
        }
        e.push_back(energy);
        v.push_back(value);
    }
    const int at = first_data_line ? first_data_line : std::max(line, 1);
    if (f.energy_unit.empty()) {
        data_error(origin, at, "energy_unit", "(missing)",
                   "the header must name it, e.g. '# energy_unit = keV'");
    }
    if (f.spectrum_unit.empty()) {
        data_error(origin, at, "spectrum_unit", "(missing)",
                   "the header must name it, e.g. '# spectrum_unit = per_MeV'");
    }
    if (e.size() < 2) {
        data_error(origin, std::max(line, 1), "rows", std::to_string(e.size()),
                   "a spectrum table needs at least 2 rows");
    }
    if (std::all_of(v.begin(), v.end(), [](double x) { return x == 0; })) {
        data_error(origin, last_line, "dN/dE", "0 everywhere", "cannot be normalised");
    }
    const double e_unit = energy_units().find(f.energy_unit)->second;
    const double s_unit = spectrum_units().find(f.spectrum_unit)->second;
    double raw_integral = 0;  // in (value unit) x (file energy unit)
    for (std::size_t i = 0; i + 1 < e.size(); ++i) {
        raw_integral += 0.5 * (v[i] + v[i + 1]) * (e[i + 1] - e[i]);
    }
    if (!std::isfinite(raw_integral)) {
        data_error(origin, last_line, "dN/dE", "(integral)",
                   "the integral of the table overflows the double range");
    }
    if (s_unit > 0) f.counts = raw_integral * e_unit / s_unit;
    if (!std::isfinite(e.back() * e_unit) || (f.counts && !std::isfinite(*f.counts))) {
        data_error(origin, last_line, "energy", format_value(e.back()),
                   "out of range after unit conversion");
    }
    for (auto& x : e) x *= e_unit;
    f.spectrum = std::make_shared<const TabulatedSpectrum>(std::move(e), std::move(v), origin);
    return f;
}

SpectrumFile read_spectrum_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw DataError(cevas::describe("spectrum file", "'" + path + "'", "is a directory"));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DataError(cevas::describe("spectrum file", "'" + path + "'", "cannot be opened"));
    }
    // Read at most one byte more than the cap: an endless file (/dev/zero) stops here.
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxTableFileBytes && in.read(chunk, sizeof chunk).gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    if (text.size() > kMaxTableFileBytes) {
        throw DataError(cevas::describe("spectrum file", "'" + path + "'",
                                        "larger than the cap of " +
                                            std::to_string(kMaxTableFileBytes) +
                                            " bytes for a spectrum table (docs/limits.md)"));
    }
    std::istringstream stream(std::move(text));
    return parse_spectrum_table(stream, path);
}

Source tabulated_source(const TabulatedSourceParameters& p) {
    require_positive("rate", p.rate);
    SpectrumFile f = read_spectrum_file(p.path);
    auto pick = [&](const auto& given, const auto& in_file, const char* field) {
        if (given && in_file && *given != *in_file) {
            throw InvalidArgument(cevas::describe(
                field, std::string(to_string(*given)),
                "contradicts '" + std::string(to_string(*in_file)) + "' in " + p.path));
        }
        if (!given && !in_file) {
            throw InvalidArgument(cevas::describe(field, "(unset)",
                                                  "give it in the source parameters or as '# " +
                                                      std::string(field) + " = ...' in " + p.path));
        }
        return given ? *given : *in_file;
    };
    const Flavor flavor = pick(p.flavor, f.flavor, "flavor");
    const NeutrinoType type = pick(p.type, f.type, "type");
    Description metadata{{"file", p.path},
                         {"energy_unit", f.energy_unit},
                         {"spectrum_unit", f.spectrum_unit},
                         {"rate_per_s", format_value(p.rate / units::Bq)}};
    if (f.counts) metadata.emplace_back("file_integral", format_value(*f.counts));
    for (const auto& [k, v] : f.header) {
        if (k != "energy_unit" && k != "spectrum_unit") metadata.emplace_back("file." + k, v);
    }
    SpectrumComponent c{.flavor = flavor,
                        .type = type,
                        .rate = p.rate,
                        .shape = f.spectrum,
                        .label = "tabulated " + std::string(to_string(flavor)) + " " +
                                 std::string(to_string(type))};
    return Source(p.name.empty() ? p.path : p.name, {std::move(c)}, std::move(metadata));
}

}  // namespace cevas
