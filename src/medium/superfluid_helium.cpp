#include "cevas/medium/superfluid_helium.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

namespace {

const double kInvAngstrom = 1.0 / units::angstrom;
const double kPi = 3.14159265358979323846;

// --- CSV tables ----------------------------------------------------------------------------------

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;  // 1-based line of each row
};

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) {
        const auto a = cell.find_first_not_of(" \t\r");
        const auto b = cell.find_last_not_of(" \t\r");
        out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
    }
    return out;
}

CsvTable read_csv(std::string_view text, const std::string& name) {
    CsvTable t;
    std::istringstream in{std::string(text)};
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        const auto a = line.find_first_not_of(" \t\r");
        if (a == std::string::npos || line[a] == '#') continue;
        auto cells = split_csv(line);
        if (t.header.empty()) {
            t.header = std::move(cells);
            continue;
        }
        if (cells.size() != t.header.size())
            throw DataError(describe(name + " line " + std::to_string(n), "'" + line + "'",
                                     "expected " + std::to_string(t.header.size()) + " columns"));
        t.rows.push_back(std::move(cells));
        t.lines.push_back(n);
    }
    if (t.header.empty() || t.rows.empty())
        throw DataError(describe(name, "(empty)", "needs a header line and at least one row"));
    return t;
}

std::size_t column(const CsvTable& t, const std::string& col, const std::string& name) {
    const auto it = std::find(t.header.begin(), t.header.end(), col);
    if (it == t.header.end())
        throw DataError(describe(
            name,
            "columns '" +
                [&] {
                    std::string h;
                    for (const auto& c : t.header) h += (h.empty() ? "" : ",") + c;
                    return h;
                }() +
                "'",
            "missing column '" + col + "'"));
    return static_cast<std::size_t>(it - t.header.begin());
}

double number(const CsvTable& t, std::size_t row, std::size_t col, const std::string& name) {
    const std::string& s = t.rows[row][col];
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
        throw DataError(describe(name + " line " + std::to_string(t.lines[row]), "'" + s + "'",
                                 "column '" + t.header[col] + "' must be a finite number"));
    return v;
}

// Column of increasing abscissae; equal neighbours allowed when `merge` (averaged later).
void check_increasing(const std::vector<double>& q, const CsvTable& t, const std::string& name,
                      bool allow_equal) {
    for (std::size_t i = 0; i < q.size(); ++i) {
        if (!(q[i] > 0))
            throw DataError(describe(name + " line " + std::to_string(t.lines[i]),
                                     format_value(q[i]), "wavenumbers must be positive"));
        if (i > 0 && (q[i] < q[i - 1] || (!allow_equal && q[i] == q[i - 1])))
            throw DataError(describe(name + " line " + std::to_string(t.lines[i]),
                                     format_value(q[i]), "wavenumbers must increase"));
    }
}

// --- monotone cubic (PCHIP, Fritsch & Carlson 1980) ---------------------------------------------

std::vector<double> pchip_slopes(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    std::vector<double> d(n, 0.0);
    if (n < 2) return d;
    std::vector<double> h(n - 1), del(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        h[i] = x[i + 1] - x[i];
        del[i] = (y[i + 1] - y[i]) / h[i];
    }
    if (n == 2) {
        d[0] = d[1] = del[0];
        return d;
    }
    for (std::size_t i = 1; i + 1 < n; ++i) {
        if (del[i - 1] * del[i] <= 0) continue;
        const double w1 = 2 * h[i] + h[i - 1], w2 = h[i] + 2 * h[i - 1];
        d[i] = (w1 + w2) / (w1 / del[i - 1] + w2 / del[i]);
    }
    auto end_slope = [](double h0, double h1, double d0, double d1) {
        double s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
        if (s * d0 <= 0) return 0.0;
        if (d0 * d1 < 0 && std::abs(s) > std::abs(3 * d0)) return 3 * d0;
        return s;
    };
    d[0] = end_slope(h[0], h[1], del[0], del[1]);
    d[n - 1] = end_slope(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
    return d;
}

double pchip(const std::vector<double>& x, const std::vector<double>& y,
             const std::vector<double>& d, double t) {
    const auto it = std::upper_bound(x.begin(), x.end(), t);
    std::size_t i = it == x.begin() ? 0 : static_cast<std::size_t>(it - x.begin()) - 1;
    i = std::min(i, x.size() - 2);
    const double h = x[i + 1] - x[i], s = (t - x[i]) / h;
    const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
    const double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
    return h00 * y[i] + h10 * h * d[i] + h01 * y[i + 1] + h11 * h * d[i + 1];
}

// Erlang distribution of order n (Gamma with integer shape), unit scale: CDF and density.
double erlang_cdf(int n, double x) {
    if (x <= 0) return 0.0;
    double term = std::exp(-x), sum = term;
    for (int j = 1; j < n; ++j) sum += (term *= x / j);
    return std::max(0.0, 1.0 - sum);
}
double erlang_pdf(int n, double x) {
    if (x <= 0) return 0.0;
    double term = std::exp(-x);
    for (int j = 1; j < n; ++j) term *= x / j;
    return term;
}

// The continuum's shape: a Gamma of non-integer shape k and mean m is replaced by the mixture
// (1 - f) Erlang(n, m/n) + f Erlang(n + 1, m/(n + 1)), n = floor(k), f = k - n: same mean (both
// sum rules exact), continuous in k, closed-form CDF.
double continuum_cdf(double shape, double mean, double x) {
    const int n = static_cast<int>(std::floor(shape));
    const double f = shape - n;
    double c = (1 - f) * erlang_cdf(n, x * n / mean);
    if (f > 0) c += f * erlang_cdf(n + 1, x * (n + 1) / mean);
    return c;
}
double continuum_pdf(double shape, double mean, double x) {
    const int n = static_cast<int>(std::floor(shape));
    const double f = shape - n;
    double v = (1 - f) * erlang_pdf(n, x * n / mean) * n / mean;
    if (f > 0) v += f * erlang_pdf(n + 1, x * (n + 1) / mean) * (n + 1) / mean;
    return v;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * kPi); }

// Centre mu of a Gaussian of width sigma truncated to [0, inf) whose mean is `mean` (shift both
// by the floor for a truncation at floor):
// mean / sigma = a + phi(a)/Phi(a), a = mu/sigma, increasing in a (bisection).
double truncated_centre(double mean, double sigma) {
    const double target = mean / sigma;
    auto g = [](double a) { return a + normal_pdf(a) / normal_cdf(a); };
    double lo = -30, hi = std::max(target, 1.0);
    if (g(lo) > target)
        throw NumericalError(describe(
            "medium.broad_mean", format_value(mean),
            "too small for the impulse approximation's width " + format_value(sigma) + " eV"));
    for (int it = 0; it < 200 && hi - lo > 1e-14 * std::max(1.0, std::abs(hi)); ++it) {
        const double mid = 0.5 * (lo + hi);
        (g(mid) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi) * sigma;
}

}  // namespace

// --- tables
// ----------------------------------------------------------------------------------------

HeliumTables parse_helium_tables(std::string_view dispersion, std::string_view structure,
                                 std::string_view parameters) {
    HeliumTables h;
    {
        const std::string name = "he4_dispersion.csv";
        const CsvTable t = read_csv(dispersion, name);
        const std::size_t cq = column(t, "q_inv_angstrom", name), ce = column(t, "energy_K", name);
        std::vector<double> q, e;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            q.push_back(number(t, r, cq, name));
            e.push_back(number(t, r, ce, name));
            if (!(e.back() > 0))
                throw DataError(describe(name + " line " + std::to_string(t.lines[r]),
                                         format_value(e.back()), "energies must be positive"));
        }
        check_increasing(q, t, name, true);
        // Rows closer than 0.004 A^-1 to the first of a group (within the wavevector
        // resolution of the measurements) are averaged in q and energy: the adopted database
        // mixes experiments whose scatter would otherwise put spurious extrema into eps(q).
        for (std::size_t i = 0; i < q.size();) {
            std::size_t j = i;
            double sq = 0, se = 0;
            while (j < q.size() && q[j] - q[i] < 0.004) {
                sq += q[j];
                se += e[j++];
            }
            const double n = static_cast<double>(j - i);
            h.dispersion_q.push_back(sq / n * kInvAngstrom);
            h.dispersion_energy.push_back(se / n * units::kelvin);
            i = j;
        }
        if (h.dispersion_q.size() < 3)
            throw DataError(describe(name, std::to_string(h.dispersion_q.size()) + " wavenumbers",
                                     "needs at least 3 distinct wavenumbers"));
    }
    {
        const std::string name = "he4_structure.csv";
        const CsvTable t = read_csv(structure, name);
        const std::size_t cq = column(t, "q_inv_angstrom", name), cs = column(t, "S", name),
                          cz = column(t, "Z", name);
        std::vector<double> q;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            q.push_back(number(t, r, cq, name));
            const double s = number(t, r, cs, name), z = number(t, r, cz, name);
            if (!(s > 0) || z < 0 || z > s)
                throw DataError(describe(name + " line " + std::to_string(t.lines[r]),
                                         "S = " + format_value(s) + ", Z = " + format_value(z),
                                         "need S > 0 and 0 <= Z <= S"));
            h.static_structure.push_back(s);
            h.single_excitation.push_back(z);
        }
        check_increasing(q, t, name, false);
        if (q.size() < 3)
            throw DataError(describe(name, std::to_string(q.size()) + " rows", "needs >= 3 rows"));
        for (double v : q) h.structure_q.push_back(v * kInvAngstrom);
    }
    {
        const std::string name = "he4_parameters.csv";
        const CsvTable t = read_csv(parameters, name);
        const std::size_t cn = column(t, "name", name), cv = column(t, "value", name),
                          cu = column(t, "unit", name);
        // name -> (expected unit, conversion, destination)
        struct Spec {
            const char* unit;
            double scale;
            double HeliumTables::*field;
        };
        const std::map<std::string, Spec> specs = {
            {"density", {"g/cm3", units::g / units::cm3, &HeliumTables::density}},
            {"sound_speed", {"m/s", 1.0 / units::si_speed_of_light, &HeliumTables::sound_speed}},
            {"roton_gap", {"K", units::kelvin, &HeliumTables::roton_gap}},
            {"roton_wavenumber", {"1/angstrom", kInvAngstrom, &HeliumTables::roton_wavenumber}},
            {"roton_effective_mass", {"m4", 1.0, &HeliumTables::roton_effective_mass}},
            {"condensate_fraction", {"1", 1.0, &HeliumTables::condensate_fraction}},
            {"kinetic_energy", {"K", units::kelvin, &HeliumTables::kinetic_energy}},
            {"temperature_max", {"K", units::kelvin, &HeliumTables::temperature_max}},
            {"density_min", {"g/cm3", units::g / units::cm3, &HeliumTables::density_min}},
            {"density_max", {"g/cm3", units::g / units::cm3, &HeliumTables::density_max}},
        };
        std::map<std::string, bool> seen;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const std::string& key = t.rows[r][cn];
            const std::string where = name + " line " + std::to_string(t.lines[r]);
            const auto it = specs.find(key);
            if (it == specs.end())
                throw DataError(describe(where, "'" + key + "'", "unknown parameter"));
            if (t.rows[r][cu] != it->second.unit)
                throw DataError(describe(where, "'" + t.rows[r][cu] + "'",
                                         "unit of " + key + " must be " + it->second.unit));
            const double v = number(t, r, cv, name);
            const bool fraction = key == "condensate_fraction";
            if (fraction ? (v < 0 || v >= 1) : !(v > 0))
                throw DataError(describe(where, format_value(v),
                                         fraction ? "must lie in [0, 1)" : "must be positive"));
            h.*(it->second.field) = v * it->second.scale;
            seen[key] = true;
        }
        for (const auto& [key, spec] : specs)
            if (!seen.count(key)) throw DataError(describe(name, key, "missing parameter"));
        if (!(h.density_min <= h.density && h.density <= h.density_max))
            throw DataError(
                describe(name, "density = " + format_value(h.density / (units::g / units::cm3)),
                         "must lie in [density_min, density_max]"));
    }
    return h;
}

// The shipped tables, compiled in from data/helium/ (generated file, see CMakeLists.txt).
namespace helium_data {
extern const char* const dispersion_csv;
extern const char* const structure_csv;
extern const char* const parameters_csv;
}  // namespace helium_data

HeliumTables default_helium_tables() {
    return parse_helium_tables(helium_data::dispersion_csv, helium_data::structure_csv,
                               helium_data::parameters_csv);
}

std::string to_string(MediumModel m) { return m == MediumModel::free ? "free" : "superfluid_he4"; }

MediumModel parse_medium_model(std::string_view name, const std::string& field) {
    if (name == "free") return MediumModel::free;
    if (name == "superfluid_he4") return MediumModel::superfluid_he4;
    throw InvalidArgument(
        describe(field, "'" + std::string(name) + "'", "expected \"free\" or \"superfluid_he4\""));
}

// --- the response
// ----------------------------------------------------------------------------------

double HeliumResponse::cumulative(double omega) const {
    double c = 0;
    for (const auto& [w, z] : lines)
        if (w <= omega) c += z;
    if (continuum_weight > 0 && omega > continuum_threshold)
        c += continuum_weight * continuum_cdf(continuum_shape, continuum_shape * continuum_scale,
                                              omega - continuum_threshold);
    if (broad_weight > 0 && omega > broad_floor) {
        const double p0 = broad_floor_cdf >= 0
                              ? broad_floor_cdf
                              : normal_cdf((broad_floor - broad_centre) / broad_sigma);
        const double p = normal_cdf((omega - broad_centre) / broad_sigma);
        c += broad_weight * (p - p0) / (1 - p0);
    }
    return c;
}

double HeliumResponse::density(double omega) const {
    double v = 0;
    if (continuum_weight > 0 && omega > continuum_threshold)
        v += continuum_weight * continuum_pdf(continuum_shape, continuum_shape * continuum_scale,
                                              omega - continuum_threshold);
    if (broad_weight > 0 && omega >= broad_floor) {
        const double p0 = broad_floor_cdf >= 0
                              ? broad_floor_cdf
                              : normal_cdf((broad_floor - broad_centre) / broad_sigma);
        v += broad_weight * normal_pdf((omega - broad_centre) / broad_sigma) / broad_sigma /
             (1 - p0);
    }
    return v;
}

std::pair<double, double> HeliumResponse::support() const {
    double lo = INFINITY, hi = 0;
    for (const auto& [w, z] : lines) {
        lo = std::min(lo, w);
        hi = std::max(hi, w);
    }
    if (continuum_weight > 0) {
        lo = std::min(lo, continuum_threshold);
        // Gamma tail: 1e-15 of the weight lies beyond shape + 40 sqrt(shape) + 40 scales.
        hi = std::max(
            hi, continuum_threshold +
                    continuum_scale * (continuum_shape + 8 * std::sqrt(continuum_shape) + 40));
    }
    if (broad_weight > 0) {
        lo = std::min(lo, std::max(broad_floor, broad_centre - 8 * broad_sigma));
        hi = std::max(hi, broad_centre + 8 * broad_sigma);
    }
    if (lo > hi) lo = hi = 0;
    return {lo, hi};
}

SuperfluidHelium::SuperfluidHelium(double atom_mass, const Medium& medium, HeliumTables tables)
    : mass_(atom_mass), medium_(medium), tables_(std::move(tables)) {
    require_positive("atom_mass", atom_mass);
    if (!(medium_.temperature >= 0) || medium_.temperature > tables_.temperature_max)
        throw InvalidArgument(cevas::describe(
            "target.medium_temperature_K", format_value(medium_.temperature / units::kelvin) + " K",
            "outside the tabulated range 0.." +
                format_value(tables_.temperature_max / units::kelvin) +
                " K (the model is the T -> 0 response of He II)"));
    if (medium_.density == 0) medium_.density = tables_.density;
    if (!(medium_.density >= tables_.density_min && medium_.density <= tables_.density_max)) {
        const double gcc = units::g / units::cm3;
        throw InvalidArgument(cevas::describe(
            "target.medium_density_g_cm3", format_value(medium_.density / gcc) + " g/cm3",
            "outside the tabulated range " + format_value(tables_.density_min / gcc) + ".." +
                format_value(tables_.density_max / gcc) +
                " g/cm3 (the tables hold at saturated vapour pressure)"));
    }
    if (medium_.q_collective == 0) medium_.q_collective = 2.5 * kInvAngstrom;
    if (medium_.q_impulse == 0) medium_.q_impulse = 5.0 * kInvAngstrom;
    require_positive("medium.q_collective", medium_.q_collective);
    if (!(medium_.q_impulse > medium_.q_collective))
        throw InvalidArgument(cevas::describe(
            "medium.q_impulse", format_value(medium_.q_impulse / kInvAngstrom) + " A^-1",
            "must exceed medium.q_collective"));
    disp_q_ = tables_.dispersion_q;
    disp_e_ = tables_.dispersion_energy;
    disp_d_ = pchip_slopes(disp_q_, disp_e_);
    // S and Z: Feynman limit below 0.6 A^-1 (one excitation exhausts both sum rules), joined to
    // the table by PCHIP through nodes of the Feynman limit.
    feynman_limit_ = 0.6 * kInvAngstrom;
    if (!(tables_.structure_q.front() > feynman_limit_))
        throw DataError(cevas::describe("he4_structure.csv",
                                        format_value(tables_.structure_q.front() / kInvAngstrom),
                                        "the first row must lie above 0.6 inverse angstrom"));
    for (int k = 1; k <= 12; ++k) {
        const double q = feynman_limit_ * k / 12.0;
        const double f = recoil_energy(q) / dispersion(q);
        st_q_.push_back(q);
        s_v_.push_back(f);
        z_v_.push_back(f);
    }
    for (std::size_t i = 0; i < tables_.structure_q.size(); ++i) {
        st_q_.push_back(tables_.structure_q[i]);
        s_v_.push_back(tables_.static_structure[i]);
        z_v_.push_back(tables_.single_excitation[i]);
    }
    // Landau critical velocity: min eps(q)/q over the branch (near the roton minimum).
    landau_velocity_ = INFINITY;
    for (double q = 0.01 * kInvAngstrom; q < 4 * kInvAngstrom; q += 0.001 * kInvAngstrom)
        landau_velocity_ = std::min(landau_velocity_, dispersion(q) / q);
    s_d_ = pchip_slopes(st_q_, s_v_);
    z_d_ = pchip_slopes(st_q_, z_v_);
    // Consistency of the tables on a fine grid: 0 <= Z <= S, Z eps <= q^2/2M.
    for (double q = 0.01 * kInvAngstrom; q < st_q_.back(); q += 0.01 * kInvAngstrom) {
        const double s = static_structure_factor(q), z = single_excitation_strength(q);
        if (z < -1e-12 || z > s * (1 + 1e-9) || z * dispersion(q) > recoil_energy(q) * (1 + 1e-9))
            throw DataError(cevas::describe("he4_structure.csv",
                                            "q = " + format_value(q / kInvAngstrom) +
                                                " A^-1: S = " + format_value(s) +
                                                ", Z = " + format_value(z),
                                            "violates 0 <= Z <= S or Z eps <= q^2/2M"));
    }
}

double SuperfluidHelium::dispersion(double q) const {
    const double q1 = disp_q_.front(), q2 = disp_q_.back();
    if (q <= q1) return disp_e_.front() * q / q1;
    if (q <= q2) return pchip(disp_q_, disp_e_, disp_d_, q);
    // Landau roton parabola Delta + (q - q0)^2 / 2 mu, saturating at 2 Delta (Pitaevskii):
    // eps = Delta [1 + tanh(x)], x = (q - q0)^2 / (2 mu Delta), shifted to join the table.
    const double delta = tables_.roton_gap, mu = tables_.roton_effective_mass * mass_;
    auto model = [&](double k) {
        const double x =
            (k - tables_.roton_wavenumber) * (k - tables_.roton_wavenumber) / (2 * mu * delta);
        return delta * (1 + std::tanh(x));
    };
    const double join = disp_e_.back() - model(q2);
    // The offset at the join fades out towards the plateau.
    return model(q) + join * (2 * delta - model(q)) / (2 * delta - model(q2));
}

double SuperfluidHelium::static_structure_factor(double q) const {
    if (q <= 0) return 0;
    if (q <= feynman_limit_) return recoil_energy(q) / dispersion(q);
    if (q >= st_q_.back()) return 1.0;
    return pchip(st_q_, s_v_, s_d_, q);
}

double SuperfluidHelium::single_excitation_strength(double q) const {
    if (q <= 0) return 0;
    if (q <= feynman_limit_) return recoil_energy(q) / dispersion(q);
    if (q >= st_q_.back()) return 0.0;
    return std::max(0.0, pchip(st_q_, z_v_, z_d_, q));
}

double SuperfluidHelium::handover_weight(double q) const {
    if (q <= medium_.q_collective) return 1.0;
    if (q >= medium_.q_impulse) return 0.0;
    const double t = (q - medium_.q_collective) / (medium_.q_impulse - medium_.q_collective);
    return 1.0 - t * t * t * (10 - 15 * t + 6 * t * t);
}

HeliumResponse SuperfluidHelium::response(double q) const {
    require_positive("q", q);
    HeliumResponse r;
    r.q = q;
    r.recoil = recoil_energy(q);
    const double s = static_structure_factor(q);
    r.s_q = s;
    const double w = handover_weight(q);
    const double n0 = tables_.condensate_fraction;
    // Width of the impulse approximation's broad part: <p_z^2> of the non-condensed atoms.
    const double ia_var = (4.0 / 3.0) * r.recoil * tables_.kinetic_energy / (1 - n0);
    if (w > 0) {
        const double z = single_excitation_strength(q), eps = dispersion(q);
        if (z > 0) r.lines.emplace_back(eps, w * z);
        const double a = s - z, b = r.recoil - z * eps;  // continuum: zeroth and first moment
        if (a > 1e-12 * s && b > 0) {
            const double mean = b / a;
            r.continuum_weight = w * a;
            r.continuum_threshold = std::min(2 * tables_.roton_gap, 0.5 * mean);
            // Never below the Landau bound (when the mean allows it).
            if (landau_velocity_ * q < mean)
                r.continuum_threshold =
                    std::max(r.continuum_threshold, std::min(landau_velocity_ * q, 0.5 * mean));
            const double gap = mean - r.continuum_threshold;
            // Shape: variance of the IA broad part (hand-over), shape between 2 and 50.
            r.continuum_shape = std::clamp(gap * gap / ia_var, 2.0, 50.0);
            r.continuum_scale = gap / r.continuum_shape;
        }
    }
    if (w < 1) {
        // Impulse approximation with weight S(q) and mean q^2/(2M S(q)) (exact sum rules in the
        // hand-over; S = 1 beyond the last table row, where this is the plain IA).
        const double mean = r.recoil / s;
        if (n0 > 0) r.lines.emplace_back(mean, (1 - w) * n0 * s);
        r.broad_weight = (1 - w) * (1 - n0) * s;
        r.broad_sigma = std::sqrt(ia_var);
        r.broad_floor = std::min(landau_velocity_ * q, 0.5 * mean);
        r.broad_centre = r.broad_floor + truncated_centre(mean - r.broad_floor, r.broad_sigma);
        r.broad_floor_cdf = normal_cdf((r.broad_floor - r.broad_centre) / r.broad_sigma);
    }
    return r;
}

std::vector<std::pair<std::string, std::string>> SuperfluidHelium::describe() const {
    const double ia = kInvAngstrom;
    return {
        {"medium", "superfluid_he4"},
        {"medium.model",
         "S(q,omega): phonon-roton line Z(q) + multi-excitation continuum (gamma, threshold "
         "min(2 Delta, mean/2)) below q_collective; impulse approximation (condensate line + "
         "Gaussian truncated at the Landau bound v_L q) above q_impulse; C2 smoothstep between; "
         "nothing below omega = v_L q"},
        {"medium.data", "data/helium/he4_{dispersion,structure,parameters}.csv"},
        {"medium.temperature_K", format_value(medium_.temperature / units::kelvin)},
        {"medium.density_g_cm3", format_value(medium_.density / (units::g / units::cm3))},
        {"medium.q_collective_inv_angstrom", format_value(medium_.q_collective / ia)},
        {"medium.q_impulse_inv_angstrom", format_value(medium_.q_impulse / ia)},
        {"medium.condensate_fraction", format_value(tables_.condensate_fraction)},
        {"medium.kinetic_energy_K", format_value(tables_.kinetic_energy / units::kelvin)},
        {"medium.roton_gap_K", format_value(tables_.roton_gap / units::kelvin)},
        {"medium.landau_velocity_m_s", format_value(landau_velocity_ * units::si_speed_of_light)},
    };
}

}  // namespace cevas
