// [statistics] section and fit-parameter grammar (cevas limit / significance / scan).
#include "cevas/io/stats_config.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"
#include "cevas/io/nsi_option.hpp"
#include "cevas/io/quantity.hpp"
#include "config_detail.hpp"

namespace cevas {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t p = s.find(sep, start);
        out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
        if (p == std::string_view::npos) return out;
        start = p + 1;
    }
}

[[noreturn]] void bad_name(std::string_view field, std::string_view name, const std::string& why) {
    throw InvalidArgument(describe(std::string(field), "'" + std::string(name) + "'", why));
}

constexpr const char* kNames =
    "unknown parameter (NSI entry like nucleus.ee, e.emu.im, axial.p.ee, scalar.u.ee, "
    "tensor.d.ee; magnetic_moment[.AB], millicharge[.AB], charge_radius[.AB], sin2_theta_w; "
    "mediator[.I].g2, .g2_quarks, .g2_e, .g2_bl)";

// Setter for one real part of a hermitian matrix entry (keeps the other part).
void set_part(Matrix3c& m, int row, int col, complex unit, double v, std::string_view field) {
    complex z = m(row, col);
    if (unit.imag() == 0)
        z = complex(unit.real() * v, z.imag());
    else
        z = complex(z.real(), unit.imag() * v);
    set_hermitian(m, row, col, z, field);
}

}  // namespace

FitParameter parse_fit_parameter(std::string_view name, std::string_view field) {
    FitParameter fp;
    fp.name = std::string(name);
    std::vector<std::string> parts = split(name, '.');
    if (name.empty()) bad_name(field, name, kNames);
    if (name == "sin2_theta_w") {
        fp.scale = 0.05;
        fp.center = ElectroweakParameters{}.sin2_theta_w;
        fp.apply = [](Parameters& p, double v) { p.electroweak.sin2_theta_w = v; };
        return fp;
    }
    // Optional trailing .re / .im
    bool imag = false, explicit_part = false;
    if (parts.size() > 1 && (parts.back() == "re" || parts.back() == "im")) {
        imag = parts.back() == "im";
        explicit_part = true;
        parts.pop_back();
    }
    const std::string head = parts.front();
    if (head == "mediator") {
        std::size_t index = 0;
        if (explicit_part || !is_mediator_parameter(name, &index)) bad_name(field, name, kNames);
        const std::string pattern = parts.back();
        const std::string label(name);
        fp.scale = 1e-12;  // replaced by calibrate_mediator_parameter for an experiment
        fp.apply = [index, pattern, label](Parameters& p, double x) {
            if (index >= p.mediators.size())
                throw InvalidArgument(describe(
                    "parameter", label,
                    "needs [[mediator]] number " + std::to_string(index) +
                        " in the configuration (its type and mass), or a mediator mass scan"));
            Mediator& m = p.mediators[index];
            m.g_nu = Matrix3c::identity();
            m.g_p = m.g_n = 0;
            if (pattern == "g2") {
                m.g_u = m.g_d = m.g_e = x;
            } else if (pattern == "g2_quarks") {
                m.g_u = m.g_d = x;
                m.g_e = 0;
            } else if (pattern == "g2_e") {
                m.g_u = m.g_d = 0;
                m.g_e = x;
            } else {  // g2_bl: B-L charges q = 1/3, e = nu = -1
                m.g_u = m.g_d = -x / 3;
                m.g_e = x;
            }
        };
        return fp;
    }
    if (head == "magnetic_moment" || head == "millicharge" || head == "charge_radius") {
        using Member = Matrix3c ElectromagneticParameters::*;
        Member member = head == "magnetic_moment" ? &ElectromagneticParameters::magnetic_moment
                        : head == "millicharge"   ? &ElectromagneticParameters::millicharge
                                                  : &ElectromagneticParameters::charge_radius;
        const double to_internal = head == "charge_radius" ? units::cm2 : 1.0;
        fp.unit = head == "magnetic_moment" ? "mu_B" : head == "millicharge" ? "e" : "cm^2";
        fp.scale = head == "magnetic_moment" ? 1e-11 : head == "millicharge" ? 1e-14 : 1e-32;
        if (parts.size() == 1) {
            if (explicit_part) bad_name(field, name, "a universal value has no .re/.im part");
            if (head == "magnetic_moment") fp.lower_bound = 0;  // the rate is even in mu
            fp.apply = [member, to_internal](Parameters& p, double v) {
                p.electromagnetic.*member =
                    Matrix3c::diagonal(v * to_internal, v * to_internal, v * to_internal);
            };
            return fp;
        }
        if (parts.size() != 2) bad_name(field, name, kNames);
        const auto [row, col] = [&] {
            try {
                return parse_flavor_pair(parts[1], field);
            } catch (const InvalidArgument&) {
                bad_name(
                    field, name,
                    "unknown flavour pair '" + parts[1] + "' (ee, emu, etau, mumu, mutau, tautau)");
            }
        }();
        if (row == col && imag) bad_name(field, name, "a diagonal entry is real (no .im)");
        const int r = std::min(row, col), c = std::max(row, col);
        // A transposed pair (mue) names the conjugate: its imaginary part flips sign.
        const complex unit = imag ? complex(0, row > col ? -1 : 1) : complex(1, 0);
        if (head == "magnetic_moment" && row == col) fp.lower_bound = 0;
        const std::string f(field);
        fp.apply = [member, to_internal, r, c, unit, f](Parameters& p, double v) {
            set_part(p.electromagnetic.*member, r, c, unit, v * to_internal, f);
        };
        return fp;
    }
    // NSI: reuse the --nsi grammar (structure, level and pair) with a unit value.
    std::string key;
    for (std::size_t i = 0; i < parts.size(); ++i) key += (i ? "." : "") + parts[i];
    NsiAssignment a;
    try {
        a = parse_nsi_option(key + (imag ? "=1i" : "=1"), field);
    } catch (const InvalidArgument& e) {
        const std::string msg = e.what();
        if (msg.find("diagonal") != std::string::npos)
            bad_name(field, name, "a diagonal entry is real (no .im)");
        bad_name(field, name, kNames);
    }
    fp.scale = 0.1;
    const complex unit = a.value;  // +-1 or +-i (conjugated for a transposed pair)
    const std::string f(field);
    fp.apply = [a, unit, f](Parameters& p, double v) {
        set_part(nsi_matrix(p.nsi, a.structure, a.level), a.row, a.col, unit, v, f);
    };
    return fp;
}

bool is_mediator_parameter(std::string_view name, std::size_t* index) {
    const std::vector<std::string> parts = split(name, '.');
    if (parts.size() < 2 || parts.size() > 3 || parts.front() != "mediator") return false;
    const std::string& pattern = parts.back();
    if (pattern != "g2" && pattern != "g2_quarks" && pattern != "g2_e" && pattern != "g2_bl")
        return false;
    std::size_t i = 0;
    if (parts.size() == 3) {
        const std::string& d = parts[1];
        if (d.empty() || d.size() > 3 || d.find_first_not_of("0123456789") != std::string::npos)
            return false;
        i = static_cast<std::size_t>(std::stoi(d));
    }
    if (index) *index = i;
    return true;
}

void calibrate_mediator_parameter(FitParameter& fp, const RateConfig& rate) {
    std::size_t index = 0;
    if (!is_mediator_parameter(fp.name, &index)) return;
    const Parameters& base = rate.scenarios.front().params;
    if (index >= base.mediators.size())
        throw InvalidArgument(describe("parameter", fp.name,
                                       "needs [[mediator]] number " + std::to_string(index) +
                                           " in the configuration (its type and mass), or "
                                           "--mediator-mass-scan"));
    const double m = base.mediators[index].mass;
    const std::vector<double>& e = rate.experiment.detector.binning.edges;
    double t_ref = rate.experiment.detector.threshold;
    if (!e.empty() && e.back() > 0)
        t_ref = e.front() > 0 ? std::sqrt(e.front() * e.back()) : 0.5 * e.back();
    const double q2 = 2 * rate.experiment.target.mass * t_ref;
    fp.scale = 0.1 * std::sqrt(2.0) * base.constants.fermi_constant * (q2 + m * m);
}

std::vector<double> parse_mediator_mass_scan(std::string_view text, std::string_view field) {
    const std::string f(field);
    const std::vector<std::string> r = split(text, ':');
    if (r.size() != 3 && r.size() != 4)
        throw InvalidArgument(
            describe(f, "'" + std::string(text) + "'", "expected LO:HI:N[:log|:linear]"));
    const double lo = parse_energy(r[0], f), hi = parse_energy(r[1], f);
    for (double m : {lo, hi}) require_in_range(f, m, limits::mediator_mass);
    const int n = parse_count(r[2], f);
    bool log = true;
    if (r.size() == 4) {
        if (r[3] == "linear")
            log = false;
        else if (r[3] != "log")
            throw InvalidArgument(describe(f, "'" + r[3] + "'", "spacing must be log or linear"));
    }
    if (n < 1 || n > 10000)
        throw InvalidArgument(describe(f, "'" + r[2] + "'", "N must be from 1 to 10000"));
    if (!(hi >= lo) || (n > 1 && !(hi > lo)))
        throw InvalidArgument(
            describe(f, "'" + std::string(text) + "'", "empty or reversed range (need LO < HI)"));
    std::vector<double> out;
    for (int i = 0; i < n; ++i) {
        const double u = n == 1 ? 0.0 : static_cast<double>(i) / (n - 1);
        out.push_back(log ? lo * std::pow(hi / lo, u) : lo + (hi - lo) * u);
    }
    return out;
}

std::vector<MediatorLimitPoint> mediator_limit_scan(const RateConfig& rate,
                                                    const StatsSettings& stats,
                                                    std::string_view parameter,
                                                    const std::vector<double>& masses,
                                                    int threads) {
    std::size_t index = 0;
    if (!is_mediator_parameter(parameter, &index))
        throw InvalidArgument(describe("--parameter", "'" + std::string(parameter) + "'",
                                       "a mediator mass scan needs a mediator parameter "
                                       "(mediator.g2, mediator.g2_quarks, ...)"));
    if (stats.method == LimitMethod::feldman_cousins)
        throw InvalidArgument(describe("method", "feldman-cousins",
                                       "the mediator mass scan uses wilks or wilks-boundary"));
    const double threshold = stats.method == LimitMethod::wilks_boundary
                                 ? chi2_quantile_boundary(stats.cl)
                                 : chi2_quantile(stats.cl, 1);
    std::vector<MediatorLimitPoint> out;
    for (double mass : masses) {
        require_in_range("mediator mass", mass, limits::mediator_mass);
        RateConfig r = rate;
        for (Scenario& sc : r.scenarios) {
            if (sc.params.mediators.size() <= index && index == 0 && sc.params.mediators.empty())
                sc.params.mediators.push_back(Mediator{});  // vector, couplings 0
            if (index < sc.params.mediators.size()) sc.params.mediators[index].mass = mass;
        }
        FitParameter fp = parse_fit_parameter(parameter, "--parameter");
        calibrate_mediator_parameter(fp, r);
        const Model model = build_model(r, stats, {fp}, threads);
        const Data data = build_data(r, stats, model);
        const ParameterRange range = auto_range(model, data, fp.scale, fp.lower_bound,
                                                chi2_quantile(stats.cl, 1), stats.points);
        const Interval iv = wilks_interval(model, data, range, threshold, threads);
        out.push_back({mass, iv.best_fit, iv.lower, iv.upper, fp.scale});
    }
    return out;
}

ParameterSpec parse_parameter_spec(std::string_view text, std::string_view field) {
    ParameterSpec s;
    const std::size_t eq = text.find('=');
    s.parameter = parse_fit_parameter(text.substr(0, eq), field);
    if (eq == std::string_view::npos) return s;
    const std::string range_text(text.substr(eq + 1));
    const std::vector<std::string> r = split(range_text, ':');
    const std::string f = std::string(field) + " " + s.parameter.name;
    if (r.size() != 3)
        throw InvalidArgument(describe(f, "'" + range_text + "'", "expected LO:HI:N"));
    ParameterRange pr;
    pr.lo = parse_number(r[0], f);
    pr.hi = parse_number(r[1], f);
    const double n = parse_number(r[2], f);
    if (!(n >= 2 && n == std::floor(n) && n <= 1e8))
        throw InvalidArgument(
            describe(f, "'" + range_text + "'", "N must be a whole number from 2 to 1e8"));
    pr.n = static_cast<std::size_t>(n);
    if (!(pr.hi > pr.lo))
        throw InvalidArgument(
            describe(f, "'" + range_text + "'", "empty or reversed range (need LO < HI)"));
    pr.validate(f);
    s.range = pr;
    // Polarise on the scale of the range (accuracy of the templates where they are used).
    s.parameter.scale =
        std::max(std::abs(pr.lo - s.parameter.center), std::abs(pr.hi - s.parameter.center));
    return s;
}

std::string_view to_string(DataSource d) {
    switch (d) {
        case DataSource::asimov:
            return "asimov";
        case DataSource::toy:
            return "toy";
        case DataSource::observed:
            return "observed";
    }
    return "?";
}

namespace {

StatsSettings stats_from(const toml::table& root, const std::string& source) {
    using namespace config_detail;
    StatsSettings st;
    const auto sec = root_section(root, "statistics", source);
    if (!sec) return st;
    const Section& s = *sec;
    s.allow({"likelihood", "method", "cl", "contours", "data", "data_file", "seed", "toys",
             "fc_points", "points", "nuisances", "alternative", "mediator_mass_scan"});
    const auto record = [&](std::string_view key) {
        if (const toml::node* n = s.node(key))
            st.inputs.push_back("statistics." + std::string(key) + " = " + node_text(*n));
    };
    for (const char* k : {"likelihood", "method", "cl", "contours", "data", "data_file", "seed",
                          "toys", "fc_points", "points", "alternative", "mediator_mass_scan"})
        record(k);
    if (auto v = s.string("likelihood"))
        st.likelihood = s.convert(
            "likelihood", [&] { return parse_likelihood_kind(*v, s.key_path("likelihood")); });
    if (auto v = s.string("method"))
        st.method =
            s.convert("method", [&] { return parse_limit_method(*v, s.key_path("method")); });
    if (auto v = s.number("cl")) {
        const double cl = *v;
        s.convert("cl", [&] {
            validate_cl(cl, s.key_path("cl"));
            return 0;
        });
        st.cl = cl;
    }
    if (const toml::node* n = s.node("contours")) {
        const toml::array* arr = n->as_array();
        if (!arr || arr->empty())
            s.fail(s.key_path("contours"), node_text(*n), "expected a non-empty list of CLs", n);
        st.contours.clear();
        for (const toml::node& e : *arr) {
            const auto d = e.value<double>();
            if (!d) s.fail(s.key_path("contours"), node_text(e), "expected a number", &e);
            s.convert("contours", [&] {
                validate_cl(*d, s.key_path("contours"));
                return 0;
            });
            st.contours.push_back(*d);
        }
    }
    if (auto v = s.string("data")) {
        if (*v == "asimov")
            st.data = DataSource::asimov;
        else if (*v == "toy")
            st.data = DataSource::toy;
        else if (*v == "observed")
            st.data = DataSource::observed;
        else
            s.fail(s.key_path("data"), "'" + *v + "'", "unknown data (asimov, toy, observed)",
                   s.node("data"));
    }
    if (auto v = s.string("data_file")) st.data_file = *v;
    if (st.data == DataSource::observed && st.data_file.empty())
        s.fail(s.key_path("data_file"), "(missing)", "required with data = \"observed\"");
    const auto whole = [&](std::string_view key, double lo, double hi) -> std::optional<double> {
        auto v = s.number(key);
        if (v && !(*v >= lo && *v <= hi && *v == std::floor(*v)))
            s.fail(s.key_path(key), format_value(*v),
                   "must be a whole number from " + format_value(lo) + " to " + format_value(hi),
                   s.node(key));
        return v;
    };
    if (auto v = whole("seed", 0, 9007199254740992.0)) st.seed = static_cast<std::uint64_t>(*v);
    if (auto v = whole("toys", 10, 1e8)) st.toys = static_cast<std::size_t>(*v);
    if (auto v = whole("fc_points", 2, 1e6)) st.fc_points = static_cast<std::size_t>(*v);
    if (auto v = whole("points", 2, 1e8)) st.points = static_cast<std::size_t>(*v);
    if (auto v = s.string("alternative")) st.alternative = *v;
    if (auto v = s.string("mediator_mass_scan")) {
        s.convert("mediator_mass_scan",
                  [&] { return parse_mediator_mass_scan(*v, s.key_path("mediator_mass_scan")); });
        st.mediator_mass_scan = *v;
    }
    if (auto n = s.subtable("nuisances")) {
        n->allow({"source_activity", "exposure", "efficiency", "background", "energy_scale"});
        for (const char* k :
             {"source_activity", "exposure", "efficiency", "background", "energy_scale"}) {
            const toml::node* node = n->node(k);
            if (!node) continue;
            // A relative width, or { sigma = 0.05, constraint = "lognormal" }.
            std::optional<double> d = node->value<double>();
            Constraint constraint = Constraint::gaussian;
            if (node->is_table()) {
                const auto t = n->subtable(k);
                t->allow({"sigma", "constraint"});
                d = t->number("sigma");
                if (!d) t->fail(t->key_path("sigma"), "(missing)", "required: the relative width");
                if (auto c = t->string("constraint"))
                    constraint = t->convert("constraint", [&] {
                        return parse_constraint(*c, t->key_path("constraint"));
                    });
                if (constraint == Constraint::lognormal && std::string_view(k) == "energy_scale")
                    t->fail(t->key_path("constraint"), "'lognormal'",
                            "the energy-scale shift takes a Gaussian constraint");
            }
            if (!d)
                n->fail(n->key_path(k), node_text(*node),
                        "expected a number (relative width) or {sigma, constraint}", node);
            if (!(std::isfinite(*d) && *d >= 0))
                n->fail(n->key_path(k), node_text(*node), "the width must be finite and >= 0",
                        node);
            st.inputs.push_back(n->key_path(k) + " = " + node_text(*node));
            if (*d > 0) st.nuisances.push_back({parse_nuisance_kind(k), *d, constraint});
        }
    }
    return st;
}

}  // namespace

StatsSettings read_stats_settings(const std::filesystem::path& file, std::string_view field) {
    const toml::table root = config_detail::read_toml_file(file, field);
    return stats_from(root, file.string());
}

StatsSettings parse_stats_settings(std::string_view toml_text, std::string_view source) {
    const std::string src(source);
    const toml::table root = config_detail::parse_toml(toml_text, src);
    return stats_from(root, src);
}

std::pair<std::vector<double>, std::vector<double>> parse_observed_csv(std::string_view text,
                                                                       std::string_view field) {
    std::vector<double> edges, counts;
    std::istringstream in{std::string(text)};
    std::string line;
    int lineno = 0;
    bool header_seen = false;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> cols = split(line, ',');
        const std::string where = std::string(field) + " line " + std::to_string(lineno);
        if (!header_seen && !cols.empty() && !cols[0].empty() &&
            (std::isalpha(static_cast<unsigned char>(cols[0][0])) != 0)) {
            header_seen = true;
            continue;
        }
        if (cols.size() != 3)
            throw InvalidArgument(
                describe(where, "'" + line + "'", "expected bin_lo_eV,bin_hi_eV,counts"));
        const double lo = parse_number(cols[0], where), hi = parse_number(cols[1], where);
        const double n = parse_number(cols[2], where);
        if (edges.empty())
            edges.push_back(lo);
        else if (std::abs(edges.back() - lo) > 1e-12 * std::abs(lo))
            throw InvalidArgument(describe(where, "'" + line + "'", "bins must be contiguous"));
        edges.push_back(hi);
        counts.push_back(n);
    }
    if (counts.empty())
        throw InvalidArgument(describe(std::string(field), "(no rows)", "no bins in the file"));
    return {edges, counts};
}

Model build_model(const RateConfig& rate, const StatsSettings& stats,
                  const std::vector<FitParameter>& parameters, int threads) {
    Model m;
    m.likelihood = stats.likelihood;
    m.nuisances = stats.nuisances;
    double step = 0;
    for (const Nuisance& n : m.nuisances)
        if (n.kind == NuisanceKind::energy_scale) step = n.sigma;
    for (const Nuisance& n : m.nuisances) {
        if (!(std::isfinite(n.sigma) && n.sigma > 0))
            throw InvalidArgument(describe("statistics.nuisances." + std::string(to_string(n.kind)),
                                           format_value(n.sigma),
                                           "the width must be finite and > 0"));
    }
    if (step >= 0.5)
        throw InvalidArgument(
            describe("statistics.nuisances.energy_scale", format_value(step), "must be below 0.5"));
    m.templates =
        build_templates(rate.experiment, rate.scenarios.front().params, parameters, step, threads);
    m.validate();
    return m;
}

Parameters alternative_parameters(const Parameters& base, std::string_view text,
                                  std::string_view field) {
    Parameters p = base;
    if (text == "no_electrons") {
        p.atomic_form_factor = AtomicFormFactorModel::none;
        return p;
    }
    if (text.empty() || text.find('=') == std::string_view::npos)
        throw InvalidArgument(describe(std::string(field), "'" + std::string(text) + "'",
                                       "expected no_electrons or NAME=VALUE[,NAME=VALUE]"));
    for (const std::string& item : split(text, ',')) {
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos)
            throw InvalidArgument(
                describe(std::string(field), "'" + item + "'", "expected NAME=VALUE"));
        const FitParameter fp = parse_fit_parameter(item.substr(0, eq), field);
        fp.apply(p, parse_number(item.substr(eq + 1), std::string(field) + " " + fp.name));
    }
    return p;
}

Data build_data(const RateConfig& rate, const StatsSettings& stats, const Model& model) {
    if (stats.data == DataSource::observed) {
        std::filesystem::path f = stats.data_file;
        if (f.is_relative() && !rate.source_file.empty())
            f = std::filesystem::path(rate.source_file).parent_path() / f;
        std::ifstream in(f, std::ios::binary);
        if (!in)
            throw InvalidArgument(describe("statistics.data_file", "'" + stats.data_file + "'",
                                           "cannot read the file"));
        std::stringstream ss;
        ss << in.rdbuf();
        auto [edges, counts] = parse_observed_csv(ss.str(), "statistics.data_file");
        return observed_data(model, std::move(counts), edges, "statistics.data_file");
    }
    const BinnedCounts c = expected_counts(rate.experiment, rate.scenarios.front().params);
    std::vector<double> mu(c.signal.size());
    for (std::size_t b = 0; b < mu.size(); ++b) mu[b] = c.signal[b] + c.background[b];
    if (stats.data == DataSource::toy) return toy_data(mu, stats.seed, 0);
    return Data::from_counts(std::move(mu));
}

}  // namespace cevas
