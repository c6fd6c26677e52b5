#include "cevas/io/quantity.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/number.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

constexpr std::array kEnergyUnits{UnitSpec{"meV", units::meV}, UnitSpec{"eV", units::eV},
                                  UnitSpec{"keV", units::keV}, UnitSpec{"MeV", units::MeV},
                                  UnitSpec{"GeV", units::GeV}};
constexpr std::array kLengthUnits{UnitSpec{"fm", units::fm}, UnitSpec{"nm", 1e-9 * units::m},
                                  UnitSpec{"mm", units::mm}, UnitSpec{"cm", units::cm},
                                  UnitSpec{"m", units::m},   UnitSpec{"km", units::km}};
constexpr std::array kAreaUnits{UnitSpec{"fm2", units::fm* units::fm}, UnitSpec{"cm2", units::cm2},
                                UnitSpec{"m2", units::m2}};
constexpr std::array kTimeUnits{UnitSpec{"s", units::s},    UnitSpec{"min", units::minute},
                                UnitSpec{"h", units::hour}, UnitSpec{"d", units::day},
                                UnitSpec{"y", units::year}, UnitSpec{"yr", units::year}};
constexpr std::array kMassUnits{UnitSpec{"mg", 1e-3 * units::g}, UnitSpec{"g", units::g},
                                UnitSpec{"kg", units::kg}, UnitSpec{"t", units::tonne}};
constexpr std::array kActivityUnits{
    UnitSpec{"Bq", units::Bq},        UnitSpec{"kBq", 1e3 * units::Bq},
    UnitSpec{"MBq", 1e6 * units::Bq}, UnitSpec{"GBq", 1e9 * units::Bq},
    UnitSpec{"Ci", units::Ci},        UnitSpec{"kCi", units::kCi},
    UnitSpec{"MCi", units::MCi}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

[[noreturn]] void fail(std::string_view field, std::string_view text, const std::string& why) {
    throw InvalidArgument(describe(std::string(field), "'" + std::string(text) + "'", why));
}

std::string unit_list(std::span<const UnitSpec> units) {
    std::string s;
    for (const auto& u : units) {
        if (!s.empty()) s += ", ";
        s += u.name;
    }
    return s;
}

// Split "<number><rest>" by the one number grammar (core/number.hpp): returns the number and
// leaves the unit text in `rest`.
double leading_number(std::string_view s, std::string_view field, std::string_view whole,
                      std::string_view& rest) {
    const NumberScan n = scan_number(s);
    if (n.length == 0) {
        // Distinguish "nan"/"inf" from other words for a clearer message.
        std::string_view body = s;
        if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
        std::string low;
        for (char c : body.substr(0, 3))
            low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (low == "nan" || low == "inf") fail(field, whole, "not a finite number");
        fail(field, whole, "not a number");
    }
    if (!n.error.empty()) fail(field, whole, n.error);
    rest = s.substr(n.length);
    const std::string_view num = s.substr(0, n.length);
    if (!rest.empty() && (rest.front() == 'x' || rest.front() == 'X') &&
        (num == "0" || num == "+0" || num == "-0"))
        fail(field, whole, "not a number (hexadecimal is not accepted)");
    return n.value;
}

void check_domain(double v, Domain domain, std::string_view field, std::string_view text) {
    if (!std::isfinite(v)) fail(field, text, "not a finite number");
    if (domain == Domain::positive && !(v > 0)) fail(field, text, "must be positive");
    if (domain == Domain::non_negative && v < 0) fail(field, text, "must not be negative");
}

}  // namespace

std::span<const UnitSpec> energy_units() { return kEnergyUnits; }
std::span<const UnitSpec> length_units() { return kLengthUnits; }
std::span<const UnitSpec> area_units() { return kAreaUnits; }
std::span<const UnitSpec> time_units() { return kTimeUnits; }
std::span<const UnitSpec> mass_units() { return kMassUnits; }
std::span<const UnitSpec> activity_units() { return kActivityUnits; }

double parse_quantity(std::string_view text, std::string_view field,
                      std::span<const UnitSpec> units, double bare_unit, Domain domain) {
    const std::string_view s = trim(text);
    if (s.empty()) fail(field, text, "empty value (expected a number with a unit, e.g. 15keV)");
    std::string_view rest;
    const double number = leading_number(s, field, text, rest);
    const std::string_view unit = trim(rest);
    double scale = bare_unit;
    if (!unit.empty()) {
        const auto it = std::find_if(units.begin(), units.end(),
                                     [&](const UnitSpec& u) { return u.name == unit; });
        if (it == units.end()) {
            // A case-insensitive match is the likely intent ("kev"); say so.
            std::string hint;
            for (const auto& u : units) {
                if (u.name.size() == unit.size() &&
                    std::equal(unit.begin(), unit.end(), u.name.begin(), [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                    })) {
                    hint = " (units are case-sensitive: did you mean " + std::string(u.name) + "?)";
                    break;
                }
            }
            fail(field, text,
                 "unknown unit '" + std::string(unit) + "' (accepted: " + unit_list(units) + ")" +
                     hint);
        }
        scale = it->value;
    }
    const double v = number * scale;
    check_domain(number, domain, field, text);
    if (!std::isfinite(v)) fail(field, text, "value out of range after unit conversion");
    return v;
}

double parse_number(std::string_view text, std::string_view field, Domain domain) {
    const std::string_view s = trim(text);
    if (s.empty()) fail(field, text, "empty value (expected a number)");
    std::string_view rest;
    const double v = leading_number(s, field, text, rest);
    if (!trim(rest).empty())
        fail(field, text, "not a number (unexpected '" + std::string(trim(rest)) + "')");
    check_domain(v, domain, field, text);
    return v;
}

int parse_count(std::string_view text, std::string_view field) {
    const std::string_view s = trim(text);
    if (s.empty()) fail(field, text, "empty value (expected a whole number)");
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) fail(field, text, "not a whole number");
    if (v < 0) fail(field, text, "must not be negative");
    if (v > 2147483647LL) fail(field, text, "too large");
    return static_cast<int>(v);
}

double parse_energy(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kEnergyUnits, units::eV, domain);
}
double parse_length(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kLengthUnits, units::m, domain);
}
double parse_area(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kAreaUnits, units::cm2, domain);
}
double parse_time(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kTimeUnits, units::s, domain);
}
double parse_mass(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kMassUnits, units::kg, domain);
}
double parse_activity(std::string_view text, std::string_view field, Domain domain) {
    return parse_quantity(text, field, kActivityUnits, units::Bq, domain);
}

std::size_t RecoilGrid::size() const { return is_range ? count : list.size(); }

double RecoilGrid::at(std::size_t i) const {
    if (!is_range) return list[i];
    if (i == 0) return start;
    if (i + 1 == count) return stop;
    const double f = static_cast<double>(i) / static_cast<double>(count - 1);
    return spacing == GridSpacing::logarithmic ? start * std::pow(stop / start, f)
                                               : start + (stop - start) * f;
}

void RecoilGrid::fill(std::size_t first, std::span<double> out) const {
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = at(first + k);
}

std::vector<double> parse_recoil_grid(std::string_view text, std::string_view field,
                                      GridSpacing spacing) {
    const RecoilGrid g = parse_recoil_grid_spec(text, field, spacing);
    if (!g.is_range) return g.list;
    std::vector<double> grid(g.size());
    g.fill(0, grid);
    return grid;
}

RecoilGrid parse_recoil_grid_spec(std::string_view text, std::string_view field,
                                  GridSpacing spacing) {
    const std::string whole(text);
    const std::string_view s = trim(text);
    if (s.empty()) fail(field, whole, "empty recoil grid (expected '1meV,5meV' or 'START:STOP:N')");
    // Errors inside an element name the element, then the whole option.
    const auto element = [&](std::string_view part, const char* what, Domain domain) {
        try {
            return parse_energy(part, what, domain);
        } catch (const InvalidArgument& e) {
            fail(field, whole, e.what());
        }
    };

    if (s.find(':') != std::string_view::npos) {
        std::array<std::string_view, 3> parts;
        std::size_t count = 0, start = 0;
        while (true) {
            const std::size_t colon = s.find(':', start);
            if (count == 3) fail(field, whole, "malformed range (expected START:STOP:N)");
            parts[count++] =
                s.substr(start, colon == std::string_view::npos ? colon : colon - start);
            if (colon == std::string_view::npos) break;
            start = colon + 1;
        }
        if (count != 3) fail(field, whole, "malformed range (expected START:STOP:N)");
        const bool log = spacing == GridSpacing::logarithmic;
        const double t0 = element(parts[0], "START", log ? Domain::positive : Domain::non_negative);
        const double t1 = element(parts[1], "STOP", Domain::non_negative);
        int n = 0;
        try {
            n = parse_count(parts[2], "N");
        } catch (const InvalidArgument& e) {
            fail(field, whole, e.what());
        }
        if (n < 1) fail(field, whole, "N must be at least 1");
        if (n > kMaxGridPoints) {
            fail(field, whole, "N must not exceed " + std::to_string(kMaxGridPoints));
        }
        if (!(t1 > t0)) fail(field, whole, "STOP must be larger than START");
        for (const auto& [what, t] : {std::pair{"START", t0}, std::pair{"STOP", t1}}) {
            if (!in_range(t, limits::recoil_energy))
                fail(field, whole,
                     std::string(what) + " = " + format_value(t) +
                         " eV: outside the accepted recoil range " +
                         describe_range(limits::recoil_energy) + " (docs/limits.md)");
        }
        RecoilGrid g;
        g.is_range = true;
        g.start = t0;
        g.stop = t1;
        g.count = static_cast<std::size_t>(n);
        g.spacing = spacing;
        return g;
    }

    std::vector<double> grid;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = s.find(',', start);
        const std::string_view part =
            s.substr(start, comma == std::string_view::npos ? comma : comma - start);
        if (trim(part).empty()) fail(field, whole, "empty element in the recoil list");
        grid.push_back(element(part, "recoil", Domain::non_negative));
        if (!in_range(grid.back(), limits::recoil_energy))
            fail(field, whole,
                 "recoil = " + format_value(grid.back()) +
                     " eV: outside the accepted recoil range " +
                     describe_range(limits::recoil_energy) + " (docs/limits.md)");
        if (grid.size() > static_cast<std::size_t>(kMaxGridPoints))
            fail(field, whole.substr(0, 40) + "...",
                 "more than " + std::to_string(kMaxGridPoints) + " elements");
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    RecoilGrid g;
    g.list = std::move(grid);
    return g;
}

int edit_distance(std::string_view a, std::string_view b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string> candidates) {
    const int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
    double best = limit + 0.5;
    std::string found;
    for (const auto& c : candidates) {
        // A key written without its unit suffix ("theta12" for "theta12_deg") counts as close,
        // after any genuine one-edit typo.
        const bool prefix =
            std::min(word.size(), c.size()) >= 3 && (c.starts_with(word) || word.starts_with(c));
        const double d = std::min<double>(edit_distance(word, c), prefix ? 1.5 : 1e9);
        if (d < best) {
            best = d;
            found = c;
        }
    }
    return found;
}

}  // namespace cevas
