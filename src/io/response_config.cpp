#include "response_config.hpp"

#include <array>
#include <cmath>
#include <filesystem>

#include "cevas/core/units.hpp"
#include "cevas/io/quantity.hpp"

namespace cevas::config_detail {

namespace {

// A file named in the config: relative paths are tried next to the config file first.
std::string resolve_path(const Section& s, const std::string& path) {
    const std::filesystem::path p(path);
    if (p.is_absolute()) return path;
    const std::filesystem::path beside = std::filesystem::path(s.source()).parent_path() / p;
    std::error_code ec;
    if (!std::filesystem::path(s.source()).parent_path().empty() &&
        std::filesystem::exists(beside, ec) && !std::filesystem::exists(p, ec))
        return beside.string();
    return path;
}

// A time [ns]: a bare number of nanoseconds or a string with unit ns, us, ms or s.
double parse_time_ns(std::string_view text, std::string_view field, Domain domain) {
    static constexpr std::array kUnits{UnitSpec{"ns", 1.0}, UnitSpec{"us", 1e3},
                                       UnitSpec{"ms", 1e6}, UnitSpec{"s", 1e9}};
    return parse_quantity(text, field, kUnits, 1.0, domain);
}

std::vector<double> numbers(const Section& s, std::string_view key) {
    std::vector<double> v;
    const toml::node* n = s.node(key);
    if (!n) return v;
    if (!n->is_array()) s.fail(s.key_path(key), node_text(*n), "expected an array of numbers", n);
    std::size_t k = 0;
    for (const toml::node& e : *n->as_array()) {
        const std::string path = s.key_path(key) + "[" + std::to_string(k++) + "]";
        if (!e.is_number()) s.fail(path, node_text(e), "expected a number", &e);
        const double x = e.is_integer() ? static_cast<double>(e.as_integer()->get())
                                        : e.as_floating_point()->get();
        if (!std::isfinite(x)) s.fail(path, node_text(e), "not a finite number", &e);
        v.push_back(x);
    }
    return v;
}

std::string choice(const Section& s, std::string_view key, const std::string& fallback,
                   std::initializer_list<const char*> allowed) {
    const std::string v = s.string(key).value_or(fallback);
    std::string list;
    for (const char* a : allowed) {
        if (v == a) return v;
        list += (list.empty() ? "" : ", ") + std::string(a);
    }
    s.fail(s.key_path(key), "'" + v + "'", "unknown value (" + list + ")", s.node(key));
}

}  // namespace

const std::vector<std::string>& detector_response_keys() {
    static const std::vector<std::string> k = {"quenching",
                                               "quenching_k",
                                               "quenching_file",
                                               "quenching_coefficients",
                                               "quenching_range_keVnr",
                                               "observable",
                                               "light_yield_pe_per_keVee",
                                               "smearing",
                                               "efficiency_observed",
                                               "timing"};
    return k;
}

bool observable_is_pe(const Section& ds) { return ds.string("observable").value_or("nr") == "pe"; }

void parse_detector_response(const Section& ds, DetectorResponse& r, TimingWindow& timing) {
    // Observable and its unit (x values of efficiency_observed: keV or PE).
    const std::string obs = choice(ds, "observable", "nr", {"nr", "ee", "pe"});
    r.observable = obs == "nr" ? Observable::nr : obs == "ee" ? Observable::ee : Observable::pe;
    const double x_unit = r.observable == Observable::pe ? 1.0 : units::keV;

    // Quenching.
    const std::string q =
        choice(ds, "quenching", "none", {"none", "lindhard", "table", "polynomial"});
    const auto only_with = [&](const char* key, const char* model) {
        if (ds.has(key) && q != model)
            ds.fail(ds.key_path(key), node_text(*ds.node(key)),
                    std::string("needs quenching = \"") + model + "\"", ds.node(key));
    };
    only_with("quenching_k", "lindhard");
    only_with("quenching_file", "table");
    only_with("quenching_coefficients", "polynomial");
    only_with("quenching_range_keVnr", "polynomial");
    Quenching& qu = r.quenching;
    if (q == "lindhard") {
        qu.model = QuenchingModel::lindhard;
        const auto k = ds.number("quenching_k");
        if (!k)
            ds.fail(ds.key_path("quenching_k"), "(missing)",
                    "required with quenching = \"lindhard\" (e.g. 0.157 for Ge)");
        if (!(*k > 0 && *k <= 1))
            ds.fail(ds.key_path("quenching_k"), format_value(*k),
                    "Lindhard k must lie in (0, 1] (0.157 for Ge, 0.133 Z^(2/3) A^(-1/2))",
                    ds.node("quenching_k"));
        qu.k = *k;
    } else if (q == "table") {
        qu.model = QuenchingModel::table;
        const auto file = ds.string("quenching_file");
        if (!file)
            ds.fail(ds.key_path("quenching_file"), "(missing)",
                    "required with quenching = \"table\": a file of 'E_r[keVnr] Q' rows");
        ResponseTable t;
        try {
            t = read_response_table(resolve_path(ds, *file), ds.key_path("quenching_file"));
        } catch (const Exception& e) {
            throw ConfigError(std::string(e.what()) + " (" +
                              ds.location(ds.node("quenching_file")) + ")");
        }
        for (double& x : t.x) x *= units::keV;
        qu.table = TabulatedFunction{1.0, std::move(t.x), std::move(t.y)};
        qu.provenance = t.provenance.empty() ? *file : *file + ": " + t.provenance;
    } else if (q == "polynomial") {
        qu.model = QuenchingModel::polynomial;
        qu.coefficients = numbers(ds, "quenching_coefficients");
        if (qu.coefficients.empty())
            ds.fail(ds.key_path("quenching_coefficients"), "(missing)",
                    "required with quenching = \"polynomial\": [c0, c1, ...] of (E_r/keV)^i");
        const std::vector<double> range = numbers(ds, "quenching_range_keVnr");
        if (range.size() != 2)
            ds.fail(ds.key_path("quenching_range_keVnr"),
                    range.empty() ? "(missing)" : std::to_string(range.size()) + " values",
                    "required with quenching = \"polynomial\": [min, max] in keVnr");
        qu.range_min = range[0] * units::keV;
        qu.range_max = range[1] * units::keV;
    }
    const char* q_key = q == "table"        ? "quenching_file"
                        : q == "polynomial" ? "quenching_coefficients"
                                            : "quenching";
    ds.convert(q_key, [&] {
        qu.validate();
        return 0;
    });

    // Light yield and smearing.
    if (auto ly = ds.number("light_yield_pe_per_keVee")) r.light_yield = *ly;
    const std::string sm = choice(ds, "smearing", "gaussian", {"gaussian", "poisson"});
    r.smearing = sm == "poisson" ? Smearing::poisson : Smearing::gaussian;

    // Efficiency versus the observed value.
    if (const toml::node* n = ds.node("efficiency_observed")) {
        ObservedEfficiency& e = r.efficiency_observed;
        if (n->is_string()) {
            const std::string file = *ds.string("efficiency_observed");
            ResponseTable t;
            try {
                t = read_response_table(resolve_path(ds, file), ds.key_path("efficiency_observed"));
            } catch (const Exception& ex) {
                throw ConfigError(std::string(ex.what()) + " (" + ds.location(n) + ")");
            }
            for (double& x : t.x) x *= x_unit;
            e.table = TabulatedFunction{1.0, std::move(t.x), std::move(t.y)};
            e.provenance = t.provenance.empty() ? file : file + ": " + t.provenance;
        } else if (n->is_number()) {
            e.table.constant = *ds.number("efficiency_observed");
        } else if (n->is_table()) {
            const Section t = *ds.subtable("efficiency_observed");
            if (t.has("form")) {
                t.allow({"form", "a", "k", "x0", "c"});
                const std::string form = t.string("form").value_or("");
                if (form != "sigmoid")
                    t.fail(t.key_path("form"), "'" + form + "'", "unknown form (sigmoid)",
                           t.node("form"));
                e.sigmoid = true;
                for (const char* key : {"a", "k", "x0"})
                    if (!t.has(key))
                        t.fail(t.key_path(key), "(missing)",
                               "required: eps(x) = a / (1 + exp(-k (x - x0))) + c");
                e.a = *t.number("a");
                e.k = *t.number("k") / x_unit;
                e.x0 = *t.number("x0") * x_unit;
                e.c = t.number("c").value_or(0.0);
            } else {
                t.allow({"x", "y"});
                std::vector<double> x = numbers(t, "x"), y = numbers(t, "y");
                if (x.empty())
                    t.fail(t.key_path("x"), "(missing)",
                           "required: observed values in " + r.unit() + " (bare numbers)");
                for (double& v : x) v *= x_unit;
                e.table = TabulatedFunction{1.0, std::move(x), std::move(y)};
            }
        } else {
            ds.fail(ds.key_path("efficiency_observed"), node_text(*n),
                    "expected a file name, a number, { x = [...], y = [...] } or { form = "
                    "\"sigmoid\", a, k, x0, c }",
                    n);
        }
    }
    ds.convert("efficiency_observed", [&] {
        r.efficiency_observed.validate();
        return 0;
    });
    // Consistency (observable, light yield, smearing), at the offending key's line.
    try {
        r.validate();
    } catch (const InvalidArgument& e) {
        const std::string m = e.what();
        std::string key = m.substr(m.find('.') + 1);
        key = key.substr(0, key.find_first_of(".[ "));
        throw ConfigError(m + " (" + ds.location(ds.node(key)) + ")");
    }

    // [detector.timing]
    if (auto ts = ds.subtable("timing")) {
        ts->allow({"window_start", "window_stop", "pulse", "pulse_width"});
        timing.enabled = true;
        const auto start = ts->quantity("window_start", parse_time_ns, Domain::any, true);
        const auto stop = ts->quantity("window_stop", parse_time_ns, Domain::any, true);
        const auto width = ts->quantity("pulse_width", parse_time_ns, Domain::non_negative, true);
        if (!start)
            ts->fail(ts->key_path("window_start"), "(missing)",
                     "required: ns after the pulse centre, e.g. \"-0.5us\" or -500");
        if (!stop) ts->fail(ts->key_path("window_stop"), "(missing)", "required, e.g. \"6us\"");
        if (!width)
            ts->fail(ts->key_path("pulse_width"), "(missing)",
                     "required: FWHM of a Gaussian or full width of a rectangle, e.g. \"360ns\"");
        timing.window_start = *start;
        timing.window_stop = *stop;
        timing.pulse_width = *width;
        timing.pulse = choice(*ts, "pulse", "gaussian", {"gaussian", "rectangle"}) == "rectangle"
                           ? PulseShape::rectangle
                           : PulseShape::gaussian;
        try {
            timing.validate();
        } catch (const InvalidArgument& e) {
            const std::string m = e.what();
            std::string key = m.substr(std::string("detector.timing.").size());
            key = key.substr(0, key.find_first_of(" "));
            throw ConfigError(m + " (" + ts->location(ts->node(key)) + ")");
        }
    }
}

}  // namespace cevas::config_detail
