/// @file
/// Cross sections (xsec/cross_section.hpp): CrossSection with NumPy-vectorised dsigma/dT (the
/// library's array path, GIL released), the scalar breakdown as a dict, and the total cross
/// section. Units at the Python boundary: energies [eV], baselines [m], dsigma/dT [cm^2/eV],
/// sigma [cm^2].

#include <cstdio>

#include "cevas/targets/target.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

constexpr double kDsigmaUnit = units::cm2 / units::eV;  // cm^2/eV in natural units
constexpr double kSigmaUnit = units::cm2;

Projectile projectile(const std::string& flavor, bool antineutrino) {
    return {parse_flavor(flavor, "flavor"), neutrino_type(antineutrino)};
}

/// A scalar baseline [m], or an array of baselines [m] with optional weights (uniform if None;
/// normalised here so that they sum to 1).
BaselineSet baseline_set(py::handle baseline, py::handle weights) {
    const DoubleArray l = as_double_array(baseline, "baseline");
    const auto n = static_cast<std::size_t>(l.size());
    if (n == 0) throw InvalidArgument(describe("baseline", "[]", "need at least one baseline"));
    BaselineSet bs;
    bs.baselines.resize(n);
    bs.weights.assign(n, 1.0 / static_cast<double>(n));
    for (std::size_t i = 0; i < n; ++i) {
        require_non_negative("baseline", l.data()[i]);
        bs.baselines[i] = l.data()[i] * units::m;
    }
    if (!weights.is_none()) {
        const DoubleArray w = as_double_array(weights, "weights");
        if (static_cast<std::size_t>(w.size()) != n) {
            throw InvalidArgument(
                describe("weights", std::to_string(w.size()) + " values",
                         "need one weight per baseline (" + std::to_string(n) + ")"));
        }
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            require_non_negative("weights", w.data()[i]);
            sum += w.data()[i];
        }
        require_positive("sum(weights)", sum);
        for (std::size_t i = 0; i < n; ++i) bs.weights[i] = w.data()[i] / sum;
    }
    return bs;
}

py::object dsigma_dT(const CrossSection& xs, double e_nu, py::handle t, const std::string& flavor,
                     bool antineutrino, py::handle baseline, py::handle weights, int threads) {
    const Projectile p = projectile(flavor, antineutrino);
    if (is_scalar(t) && is_scalar(baseline) && weights.is_none()) {
        // Scalar reference path of the library.
        const double l = py::cast<double>(baseline);
        const double tt = py::cast<double>(t);
        double v;
        {
            py::gil_scoped_release release;
            v = xs.dsigma_dT(
                p,
                {.e_nu = e_nu * units::eV, .t_recoil = tt * units::eV, .baseline = l * units::m});
        }
        return py::float_(v / kDsigmaUnit);
    }
    const BaselineSet bs = baseline_set(baseline, weights);
    return vectorize(t, "t", [&](std::span<const double> in, std::span<double> out) {
        if constexpr (units::eV == 1.0) {
            // eV is the library's unit: no converted copy of the input.
            xs.dsigma_dT(p, e_nu * units::eV, in, out, bs, threads);
        } else {
            std::vector<double> t_ev(in.begin(), in.end());
            for (double& x : t_ev) x *= units::eV;
            xs.dsigma_dT(p, e_nu * units::eV, t_ev, out, bs, threads);
        }
        for (double& x : out) x /= kDsigmaUnit;
    });
}

py::dict breakdown(const CrossSection& xs, double e_nu, double t, const std::string& flavor,
                   bool antineutrino, double baseline) {
    const Breakdown b = xs.breakdown(
        projectile(flavor, antineutrino),
        {.e_nu = e_nu * units::eV, .t_recoil = t * units::eV, .baseline = baseline * units::m});
    py::dict d;
    d["q2_eV2"] = b.q2 / (units::eV * units::eV);
    d["atomic_form_factor"] = b.atomic_form_factor;
    d["nuclear_form_factor"] = b.nuclear_form_factor;
    d["c_v"] = b.c_v;
    d["c_a"] = b.c_a;
    d["c_s"] = b.c_s;
    d["c_t"] = b.c_t;
    d["mu_eff2_muB2"] = b.mu_eff2;
    d["weak_cm2_per_eV"] = b.weak / kDsigmaUnit;
    d["magnetic_cm2_per_eV"] = b.magnetic / kDsigmaUnit;
    d["dsigma_dT_cm2_per_eV"] = b.dsigma_dT / kDsigmaUnit;
    return d;
}

py::object total(const CrossSection& xs, py::handle e_nu, const std::string& flavor,
                 bool antineutrino, double t_min, double rel_tol) {
    const Projectile p = projectile(flavor, antineutrino);
    return vectorize(e_nu, "e_nu", [&](std::span<const double> in, std::span<double> out) {
        for (std::size_t i = 0; i < in.size(); ++i)
            out[i] = total_cross_section(xs, p, in[i] * units::eV, t_min * units::eV, rel_tol) /
                     kSigmaUnit;
    });
}

constexpr const char* kDsigmaDoc = R"doc(
Differential cross section dsigma/dT [cm^2/eV].

e_nu: neutrino energy [eV] (a number); t: atomic recoil kinetic energy T [eV], a number or an
array of any shape (the result has the same shape); flavor: 'e', 'mu' or 'tau';
antineutrino: True or False (always explicit); baseline: source-target distance L [m], a number
or an array of baselines over which the flavour state is averaged with `weights` (uniform if
None, normalised to 1). T > T_max(E) gives 0. A number t with a number baseline uses the
library's scalar path, an array its vectorised path (GIL released); threads: worker threads
of the array path (0, the default: every core; 1: the calling thread only), with bit-identical
results for every count.
)doc";

}  // namespace

void bind_xsec(py::module_& m) {
    py::class_<CrossSection>(m, "CrossSection", R"doc(
Differential cross section of coherent elastic neutrino scattering on one target (a neutral atom;
with atomic_form_factor='none' on the bare nucleus) under one parameter set:

  dsigma/dT = (G_F^2 M / pi)[C_V (1 - MT/2E^2) + C_A (1 + MT/2E^2) + C_S MT/8E^2 + 2 C_T (1 - MT/4E^2)]
            + (pi alpha^2 / m_e^2) mu_eff^2 (1/T - 1/E) Z^2 (F_N - F_e)^2

The target and parameters are copied at construction; later edits do not affect it.
Units: energies [eV], baselines [m], dsigma/dT [cm^2/eV], sigma [cm^2].
)doc")
        .def(py::init<Target, Parameters>(), py::arg("target"),
             py::arg("parameters") = Parameters{})
        .def(py::init([](const std::string& name, const Parameters& p) {
                 return CrossSection(make_target(name, p.constants), p);
             }),
             py::arg("target"), py::arg("parameters") = Parameters{},
             "Build the target from its name ('He4', 'H1', 'C12', ...).")
        .def_property_readonly("target", &CrossSection::target, "The target (a copy).")
        .def_property_readonly("parameters", &CrossSection::parameters, "The parameters (a copy).")
        .def_property_readonly(
            "mass", [](const CrossSection& x) { return x.mass() / units::eV; },
            "Atomic mass M [eV].")
        .def_property_readonly(
            "atomic_model",
            [](const CrossSection& x) { return std::string(to_string(x.atomic_model())); })
        .def_property_readonly(
            "nuclear_model",
            [](const CrossSection& x) { return std::string(to_string(x.nuclear_model())); })
        .def(
            "t_max",
            [](const CrossSection& x, py::handle e_nu) {
                return vectorize(e_nu, "e_nu",
                                 [&x](std::span<const double> in, std::span<double> out) {
                                     for (std::size_t i = 0; i < in.size(); ++i) {
                                         require_positive("e_nu", in[i]);
                                         out[i] = x.t_max(in[i] * units::eV) / units::eV;
                                     }
                                 });
            },
            py::arg("e_nu"), "T_max(E) = 2E^2/(M + 2E) [eV] for e_nu [eV] (number or array).")
        .def(
            "e_min",
            [](const CrossSection& x, py::handle t) {
                return vectorize(t, "t", [&x](std::span<const double> in, std::span<double> out) {
                    for (std::size_t i = 0; i < in.size(); ++i) {
                        require_non_negative("t", in[i]);
                        out[i] = x.e_min(in[i] * units::eV) / units::eV;
                    }
                });
            },
            py::arg("t"), "E_min(T) = (T + sqrt(T^2 + 2MT))/2 [eV] for t [eV] (number or array).")
        .def("dsigma_dT", &dsigma_dT, py::arg("e_nu"), py::arg("t"), py::kw_only(),
             py::arg("flavor"), py::arg("antineutrino"), py::arg("baseline") = 0.0,
             py::arg("weights") = py::none(), py::arg("threads") = 0, kDsigmaDoc)
        .def("breakdown", &breakdown, py::arg("e_nu"), py::arg("t"), py::kw_only(),
             py::arg("flavor"), py::arg("antineutrino"), py::arg("baseline") = 0.0, R"doc(
Every piece of one evaluation as a dict: q2_eV2 [eV^2], atomic_form_factor, nuclear_form_factor,
c_v, c_a, c_s, c_t (dimensionless), mu_eff2_muB2 [mu_B^2], weak_cm2_per_eV, magnetic_cm2_per_eV,
dsigma_dT_cm2_per_eV [cm^2/eV]. e_nu, t [eV]; baseline [m].
)doc")
        .def("total_cross_section", &total, py::arg("e_nu"), py::kw_only(), py::arg("flavor"),
             py::arg("antineutrino"), py::arg("t_min") = 0.0, py::arg("rel_tol") = 1e-10,
             "Total cross section sigma(E) [cm^2] for e_nu [eV] (number or array), integrating "
             "dsigma/dT from t_min [eV] to T_max by adaptive Gauss-Kronrod quadrature.")
        .def(
            "describe",
            [](const CrossSection& x) {
                py::dict d;
                for (const auto& [k, v] : x.describe()) d[py::str(k)] = v;
                return d;
            },
            "Every model choice and input as {key: value text} (the output-header description).")
        .def("__repr__", [](const CrossSection& x) {
            return "CrossSection(" + x.target().name + ", atomic_form_factor='" +
                   std::string(to_string(x.atomic_model())) + "', nuclear_form_factor='" +
                   std::string(to_string(x.nuclear_model())) + "')";
        });

    m.def(
        "total_cross_section",
        [](const CrossSection& xs, py::handle e_nu, const std::string& flavor, bool antineutrino,
           double t_min,
           double rel_tol) { return total(xs, e_nu, flavor, antineutrino, t_min, rel_tol); },
        py::arg("cross_section"), py::arg("e_nu"), py::kw_only(), py::arg("flavor"),
        py::arg("antineutrino"), py::arg("t_min") = 0.0, py::arg("rel_tol") = 1e-10,
        "Total cross section sigma(E) [cm^2]; see CrossSection.total_cross_section.");
}

}  // namespace cevas::python
