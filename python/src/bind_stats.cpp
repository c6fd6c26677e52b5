/// @file
/// Sensitivity (stats/*.hpp, io/stats_config.hpp): a statistical model built from a rate
/// configuration (TOML, the same as `cevas run` plus [statistics]) and fit parameters named as
/// on the command line; its exact templates as arrays; the profiled chi^2 at any parameter
/// points; Asimov, toy and observed data; limits (Wilks, boundary-aware, Feldman–Cousins), grid
/// scans and significances. NumPy in and out; the GIL is released on long calls. Parameter
/// values are in their display units (dimensionless NSI, mu_B, e, cm^2).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cevas/io/stats_config.hpp"
#include "cevas/stats/procedures.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

py::array_t<double> to_array(const std::vector<double>& v) {
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
}

std::vector<double> to_vector(py::handle obj, const char* field) {
    const DoubleArray a = as_double_array(obj, field);
    return std::vector<double>(a.data(), a.data() + a.size());
}

py::object optional_float(const std::optional<double>& v) {
    return v ? py::object(py::float_(*v)) : py::object(py::none());
}

/// A model with the configuration it came from.
struct PyModel {
    std::shared_ptr<RateConfig> rate;
    StatsSettings stats;
    std::vector<FitParameter> parameters;
    std::vector<std::optional<ParameterRange>> ranges;
    Model model;
    Data config_data;  ///< the data of [statistics] (Asimov of the configured physics by default)

    Data data_from(py::handle obj) const {
        if (obj.is_none()) return config_data;
        std::vector<double> n = to_vector(obj, "data");
        return observed_data(model, std::move(n), {}, "data");
    }
    std::vector<double> theta_from(py::handle obj, const char* field) const {
        std::vector<double> t = to_vector(obj, field);
        if (t.size() != model.templates.n_params)
            throw InvalidArgument(describe(
                field, std::to_string(t.size()) + " values",
                "expected one per parameter (" + std::to_string(model.templates.n_params) + ")"));
        return t;
    }
};

PyModel make_model(const std::string& config, const std::vector<std::string>& parameters,
                   py::object likelihood, int threads) {
    PyModel m;
    m.rate = std::make_shared<RateConfig>(read_rate_config(config, "config"));
    m.stats = read_stats_settings(config, "config");
    if (!likelihood.is_none())
        m.stats.likelihood = parse_likelihood_kind(likelihood.cast<std::string>(), "likelihood");
    for (const std::string& p : parameters) {
        ParameterSpec s = parse_parameter_spec(p, "parameters");
        m.parameters.push_back(s.parameter);
        m.ranges.push_back(s.range);
    }
    {
        py::gil_scoped_release release;
        m.model = build_model(*m.rate, m.stats, m.parameters, threads);
        m.config_data = build_data(*m.rate, m.stats, m.model);
    }
    return m;
}

}  // namespace

void bind_stats(py::module_& m) {
    m.def("chi2_quantile", &chi2_quantile, py::arg("cl"), py::arg("dof") = 1.0,
          "Delta chi^2 threshold: the cl quantile of chi^2 with dof degrees of freedom.");
    m.def("chi2_quantile_boundary", &chi2_quantile_boundary, py::arg("cl"),
          "Boundary-aware one-parameter threshold: chi^2_1 quantile at 2 cl - 1.");
    m.def(
        "toy_counts",
        [](py::handle expected, std::uint64_t seed, std::uint64_t toy) {
            const std::vector<double> mu = to_vector(expected, "expected");
            return to_array(toy_data(mu, seed, toy).counts);
        },
        py::arg("expected"), py::arg("seed"), py::arg("toy"),
        "Poisson pseudo-data around `expected` from the counter-based stream (seed, toy): the "
        "same numbers on every machine and thread count.");

    py::class_<PyModel>(m, "StatsModel",
                        "Statistical model of a rate configuration (TOML with [statistics]).")
        .def(py::init(&make_model), py::arg("config"),
             py::arg("parameters") = std::vector<std::string>{}, py::arg("likelihood") = py::none(),
             py::arg("threads") = 0,
             "Build the exact templates of `parameters` (names as for `cevas limit/scan`, "
             "optionally with =LO:HI:N) around the configured physics.")
        .def_property_readonly("parameters",
                               [](const PyModel& s) { return s.model.templates.names; })
        .def_property_readonly("units", [](const PyModel& s) { return s.model.templates.units; })
        .def_property_readonly(
            "likelihood",
            [](const PyModel& s) { return std::string(to_string(s.model.likelihood)); })
        .def_property_readonly("nuisances",
                               [](const PyModel& s) {
                                   py::dict d;
                                   for (const Nuisance& n : s.model.nuisances)
                                       d[py::str(std::string(to_string(n.kind)))] = n.sigma;
                                   return d;
                               })
        .def_property_readonly(
            "templates",
            [](const PyModel& s) {
                const Templates& t = s.model.templates;
                const auto shaped = [&](const std::vector<double>& c) {
                    py::array_t<double> a({static_cast<py::ssize_t>(t.n_monomials()),
                                           static_cast<py::ssize_t>(t.n_bins)});
                    std::copy(c.begin(), c.end(), a.mutable_data());
                    return a;
                };
                py::dict d;
                d["names"] = t.names;
                d["units"] = t.units;
                d["centers"] = to_array(t.centers);
                d["edges_eV"] = to_array(t.edges);
                d["background"] = to_array(t.background);
                d["signal"] = shaped(t.signal);
                if (t.has_shift()) {
                    d["d1"] = shaped(t.d1);
                    d["d2"] = shaped(t.d2);
                    d["shift_step"] = t.shift_step;
                }
                return d;
            },
            "Coefficients [monomial, bin] of the signal counts: monomials 1, x_i, x_i x_j (i <= "
            "j) of x = theta - centers; with an energy-scale nuisance also d1, d2.")
        .def_property_readonly(
            "data", [](const PyModel& s) { return to_array(s.config_data.counts); },
            "The configured data (Asimov of the configured physics by default).")
        .def(
            "expected",
            [](const PyModel& s, py::handle theta, py::object nuisances) {
                std::vector<double> nu(s.model.nuisances.size(), 0.0);
                if (!nuisances.is_none()) nu = to_vector(nuisances, "nuisances");
                return to_array(expected_total(s.model, s.theta_from(theta, "theta"), nu));
            },
            py::arg("theta"), py::arg("nuisances") = py::none(),
            "Expected counts per bin (signal + background) at theta and the nuisances (0).")
        .def(
            "chi2",
            [](const PyModel& s, py::handle theta, py::object data) {
                const Data d = s.data_from(data);
                DoubleArray t = as_double_array(theta, "theta");
                const std::size_t p = s.model.templates.n_params;
                const std::size_t n = p == 0 ? 1 : static_cast<std::size_t>(t.size()) / p;
                if (p > 0 && static_cast<std::size_t>(t.size()) != n * p)
                    throw InvalidArgument(describe("theta", std::to_string(t.size()) + " values",
                                                   "expected a multiple of " + std::to_string(p)));
                py::array_t<double> out(static_cast<py::ssize_t>(n));
                double* o = out.mutable_data();
                const double* x = t.data();
                {
                    py::gil_scoped_release release;
                    ProfileWorkspace w(s.model);
                    std::vector<double> nu(s.model.nuisances.size());
                    for (std::size_t i = 0; i < n; ++i) {
                        std::fill(nu.begin(), nu.end(), 0.0);
                        o[i] = profile_chi2(s.model, d, x + i * p, nu.data(), w);
                    }
                }
                return out;
            },
            py::arg("theta"), py::arg("data") = py::none(),
            "Profiled chi^2 at parameter points theta (shape (n, P) or (P,)) on `data` "
            "(default: the configured data).")
        .def(
            "limit",
            [](const PyModel& s, double cl, const std::string& method, py::object data,
               std::size_t toys, std::uint64_t seed, int threads) {
                if (s.model.templates.n_params != 1)
                    throw InvalidArgument(describe("parameters",
                                                   std::to_string(s.model.templates.n_params),
                                                   "a limit needs exactly one parameter"));
                validate_cl(cl, "cl");
                const LimitMethod lm = parse_limit_method(method, "method");
                const Data d = s.data_from(data);
                const FitParameter& fp = s.parameters.front();
                py::dict out;
                std::optional<double> lower, upper;
                double best = 0, threshold = 0;
                std::vector<double> values, delta;
                {
                    py::gil_scoped_release release;
                    threshold = lm == LimitMethod::wilks_boundary ? chi2_quantile_boundary(cl)
                                                                  : chi2_quantile(cl, 1);
                    ParameterRange r;
                    if (s.ranges.front()) {
                        r = *s.ranges.front();
                    } else {
                        r = auto_range(s.model, d, fp.scale, fp.lower_bound, chi2_quantile(cl, 1),
                                       lm == LimitMethod::feldman_cousins ? 100 : 401);
                    }
                    const Interval iv = wilks_interval(s.model, d, r, threshold, threads);
                    lower = iv.lower, upper = iv.upper, best = iv.best_fit;
                    values = iv.values, delta = iv.delta_chi2;
                    if (lm == LimitMethod::feldman_cousins) {
                        const FcResult fc = feldman_cousins(s.model, d, r, cl, toys, seed, threads);
                        lower = fc.lower, upper = fc.upper;
                    }
                    if (fp.lower_bound > -1e299 && lower && *lower <= r.lo) lower.reset();
                }
                out["parameter"] = fp.name;
                out["unit"] = fp.unit.empty() ? "1" : fp.unit;
                out["cl"] = cl;
                out["method"] = method;
                out["upper"] = optional_float(upper);
                out["lower"] = optional_float(lower);
                out["best_fit"] = best;
                out["delta_chi2_threshold"] = threshold;
                int regions = 0;
                for (std::size_t i = 0; i < delta.size(); ++i)
                    if (delta[i] < threshold && (i == 0 || delta[i - 1] >= threshold)) ++regions;
                out["allowed_regions"] = regions;
                out["values"] = to_array(values);
                out["delta_chi2"] = to_array(delta);
                return out;
            },
            py::arg("cl") = 0.90, py::arg("method") = "wilks", py::arg("data") = py::none(),
            py::arg("toys") = 10000, py::arg("seed") = 1, py::arg("threads") = 0,
            "One-parameter limit (dict like `cevas limit`): method wilks, wilks-boundary or "
            "feldman-cousins. The range is the parameter's =LO:HI:N, else found automatically.")
        .def(
            "scan",
            [](const PyModel& s, py::object axes, py::object data, int threads) {
                ScanGrid g;
                if (axes.is_none()) {
                    for (std::size_t i = 0; i < s.ranges.size(); ++i) {
                        if (!s.ranges[i])
                            throw InvalidArgument(describe("parameters", s.parameters[i].name,
                                                           "a scan needs NAME=LO:HI:N or axes"));
                        g.axes.push_back(s.ranges[i]->values());
                    }
                } else {
                    for (py::handle a : axes) g.axes.push_back(to_vector(a, "axes"));
                }
                const Data d = s.data_from(data);
                std::vector<double> chi2(g.size());
                {
                    py::gil_scoped_release release;
                    scan_lines(s.model, d, g, 0, g.n_lines(), chi2.data(), threads);
                }
                const ScanSummary sum = summarise_scan(g, chi2);
                std::vector<py::ssize_t> shape;
                for (const auto& a : g.axes) shape.push_back(static_cast<py::ssize_t>(a.size()));
                py::array_t<double> grid(shape);
                double* o = grid.mutable_data();
                for (std::size_t i = 0; i < chi2.size(); ++i) o[i] = chi2[i] - sum.chi2_min;
                py::dict out;
                out["delta_chi2"] = grid;
                out["chi2_min"] = sum.chi2_min;
                out["best_fit"] = to_array(sum.best_fit);
                py::list ax;
                for (const auto& a : g.axes) ax.append(to_array(a));
                out["axes"] = ax;
                py::list prof;
                for (const auto& pr : sum.profiles) prof.append(to_array(pr));
                out["profiles"] = prof;
                return out;
            },
            py::arg("axes") = py::none(), py::arg("data") = py::none(), py::arg("threads") = 0,
            "Profiled Delta chi^2 on a grid (row-major, last axis fastest), bit-identical for "
            "any thread count; dict with delta_chi2 (ndarray), best_fit, chi2_min, axes, "
            "profiles.");

    m.def(
        "significance",
        [](const std::string& config, const std::string& alternative, int threads) {
            const RateConfig rate = read_rate_config(config, "config");
            const StatsSettings st = read_stats_settings(config, "config");
            py::dict out;
            Significance s;
            double tot_null = 0, tot_alt = 0;
            {
                py::gil_scoped_release release;
                const Model null_model = build_model(rate, st, {}, threads);
                RateConfig alt = rate;
                alt.scenarios.front().params = alternative_parameters(rate.scenarios.front().params,
                                                                      alternative, "alternative");
                const Model alt_model = build_model(alt, st, {}, threads);
                const Data d = build_data(rate, st, null_model);
                s = significance(null_model, {}, alt_model, {}, d);
                const std::vector<double> z(st.nuisances.size(), 0.0);
                for (double v : expected_total(null_model, {}, z)) tot_null += v;
                for (double v : expected_total(alt_model, {}, z)) tot_alt += v;
            }
            out["alternative"] = alternative;
            out["significance_sigma"] = s.sigma;
            out["delta_chi2"] = s.delta_chi2;
            out["expected_total_hypothesis"] = tot_null;
            out["expected_total_alternative"] = tot_alt;
            return out;
        },
        py::arg("config"), py::arg("alternative") = "no_electrons", py::arg("threads") = 0,
        "Significance of the configured physics against `alternative` (dict like `cevas "
        "significance`).");
}

}  // namespace cevas::python
