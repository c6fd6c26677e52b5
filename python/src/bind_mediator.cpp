/// @file
/// Light mediators (couplings/mediator.hpp): `cevas.Mediator` and the `Parameters.mediators`
/// list; `cevas.parse_mediator` reads the CLI text form (io/mediator_option.hpp);
/// `cevas.mediator_limit_scan` is the limit-vs-mass curve of a configuration.

#include "cevas/couplings/mediator.hpp"
#include "cevas/io/mediator_option.hpp"
#include "cevas/io/rate_config.hpp"
#include "cevas/io/stats_config.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

void bind_mediator(py::module_& m) {
    py::class_<Mediator>(m, "Mediator", R"doc(
A light mediator of mass m exchanged between the neutrino and quarks/nucleons/electrons:
q-dependent NSI eps^f(q) = g_nu g_f / (sqrt2 G_F (q^2 + m^2)) for a vector Z', and
eps^{f,S}(q) = -sqrt2 g_nu g_f / (G_F (q^2 + m^2)) for a scalar (docs/physics.md).
Couplings are dimensionless; g_nu is a number (flavour-diagonal) or a hermitian 3x3 matrix.
)doc")
        .def(py::init([](const std::string& type, double mass_eV, py::object g_nu, double g_u,
                         double g_d, double g_p, double g_n, double g_e) {
                 Mediator md;
                 md.type = parse_mediator_type(type, "type");
                 md.mass = mass_eV * units::eV;
                 md.g_nu = matrix_from_python(g_nu, "g_nu");
                 md.g_u = g_u;
                 md.g_d = g_d;
                 md.g_p = g_p;
                 md.g_n = g_n;
                 md.g_e = g_e;
                 validate(md, "Mediator");
                 return md;
             }),
             py::arg("type") = "vector", py::arg("mass_eV"), py::arg("g_nu") = 0.0,
             py::arg("g_u") = 0.0, py::arg("g_d") = 0.0, py::arg("g_p") = 0.0, py::arg("g_n") = 0.0,
             py::arg("g_e") = 0.0)
        .def_property_readonly(
            "type", [](const Mediator& md) { return std::string(to_string(md.type)); },
            "\"vector\" or \"scalar\".")
        .def_property_readonly(
            "mass_eV", [](const Mediator& md) { return md.mass / units::eV; }, "Mass m [eV].")
        .def_property_readonly(
            "g_nu", [](const Mediator& md) { return to_numpy(md.g_nu); },
            "Neutrino couplings (3x3 complex, rows/columns e, mu, tau).")
        .def_readonly("g_u", &Mediator::g_u, "Up-quark coupling.")
        .def_readonly("g_d", &Mediator::g_d, "Down-quark coupling.")
        .def_readonly("g_p", &Mediator::g_p, "Proton coupling (direct).")
        .def_readonly("g_n", &Mediator::g_n, "Neutron coupling (direct).")
        .def_readonly("g_e", &Mediator::g_e, "Electron coupling.")
        .def("__repr__", [](const Mediator& md) {
            return "Mediator(type='" + std::string(to_string(md.type)) +
                   "', mass_eV=" + format_value(md.mass / units::eV) + ")";
        });
    m.def(
        "parse_mediator",
        [](const std::string& text) { return parse_mediator_option(text, "mediator"); },
        py::arg("text"),
        "A Mediator from the --mediator text 'TYPE:mass=MASS,KEY=VALUE,...' (docs/cli.md).");

    auto cls = py::reinterpret_borrow<py::class_<Parameters>>(m.attr("Parameters"));
    cls.def_property(
        "mediators", [](const Parameters& p) { return p.mediators; },
        [](Parameters& p, const std::vector<Mediator>& v) { p.mediators = v; },
        "Light mediators (list of cevas.Mediator); empty: none.");

    m.def(
        "mediator_limit_scan",
        [](const std::string& config, const std::string& parameter,
           const std::vector<double>& masses_eV, int threads) {
            const RateConfig rate = read_rate_config(config, "config");
            const StatsSettings st = read_stats_settings(config, "config");
            std::vector<double> masses;
            for (double x : masses_eV) masses.push_back(x * units::eV);
            std::vector<MediatorLimitPoint> pts;
            {
                py::gil_scoped_release release;
                pts = mediator_limit_scan(rate, st, parameter, masses, threads);
            }
            py::list out;
            for (const MediatorLimitPoint& p : pts) {
                py::dict d;
                d["mass_eV"] = p.mass / units::eV;
                d["lower"] = p.lower ? py::cast(*p.lower) : py::none();
                d["upper"] = p.upper ? py::cast(*p.upper) : py::none();
                d["best_fit"] = p.best_fit;
                out.append(d);
            }
            return out;
        },
        py::arg("config"), py::arg("parameter") = "mediator.g2", py::arg("masses_eV"),
        py::arg("threads") = 0,
        "Limit on a mediator coupling product (e.g. 'mediator.g2') at each mass [eV] for a rate "
        "configuration with [statistics]: a list of {mass_eV, lower, upper, best_fit} "
        "(docs/sensitivity.md).");
}

}  // namespace cevas::python
