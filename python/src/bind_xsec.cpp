/// @file
/// Cross sections (xsec/cross_section.hpp): CrossSection with NumPy-vectorised dsigma/dT (the
/// library's array path, GIL released), the scalar breakdown as a dict, and the total cross
/// section. Units at the Python boundary: energies [eV], baselines [m], dsigma/dT [cm^2/eV],
/// sigma [cm^2].

#include <algorithm>
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

py::object dsigma_dT(const CrossSection& xs, py::handle e_nu, py::handle t,
                     const std::string& flavor, bool antineutrino, py::handle baseline,
                     py::handle weights, int threads) {
    const Projectile p = projectile(flavor, antineutrino);
    if (is_scalar(e_nu) && is_scalar(t) && is_scalar(baseline) && weights.is_none()) {
        // Scalar reference path of the library; the baseline is checked here in metres.
        const double e = as_double(e_nu, "e_nu");
        const double tt = as_double(t, "t");
        const double l = as_double(baseline, "baseline");
        require_non_negative("baseline", l);
        require_non_negative_values(std::span<const double>(&tt, 1), "t");
        double v;
        {
            py::gil_scoped_release release;
            v = xs.dsigma_dT(
                p, {.e_nu = e * units::eV, .t_recoil = tt * units::eV, .baseline = l * units::m});
        }
        return py::float_(v / kDsigmaUnit);
    }
    const BaselineSet bs = baseline_set(baseline, weights);
    const DoubleArray e_arr = as_double_array(e_nu, "e_nu");
    if (e_arr.size() == 1 && is_scalar(e_nu)) {
        const double e = *e_arr.data();
        return vectorize(t, "t", [&](std::span<const double> in, std::span<double> out) {
            // eV is the library's energy unit: the recoils go in without a copy. cm^2/eV: the
            // library divides each chunk while it is in cache (the same bits). The library
            // rejects a negative or NaN recoil as well; only then are the recoils scanned
            // again, to name the bad one under the Python argument name.
            static_assert(units::eV == 1.0);
            try {
                xs.dsigma_dT(p, e * units::eV, in, out, bs, threads, kDsigmaUnit);
            } catch (const InvalidArgument&) {
                require_non_negative_values(in, "t");
                throw;
            }
        });
    }
    // Broadcasting (NumPy rules): e_nu and t are broadcast to a common shape, and each run of
    // consecutive equal energies is evaluated on the library's array path (one set of flavour
    // coefficients per run): dsigma_dT(E[:, None], T[None, :]) costs one run per energy.
    const DoubleArray t_arr = as_double_array(t, "t");
    py::module_ np = py::module_::import("numpy");
    py::tuple both;
    try {
        both = np.attr("broadcast_arrays")(e_arr, t_arr);
    } catch (const py::error_already_set&) {
        auto shape_text = [](const DoubleArray& a) {
            std::string s = "(";
            for (py::ssize_t k = 0; k < a.ndim(); ++k)
                s += (k ? ", " : "") + std::to_string(a.shape(k));
            return s + (a.ndim() == 1 ? ",)" : ")");
        };
        throw InvalidArgument(describe("e_nu, t",
                                       "shapes " + shape_text(e_arr) + " and " + shape_text(t_arr),
                                       "cannot be broadcast together"));
    }
    const DoubleArray eb = DoubleArray::ensure(both[0]);
    const DoubleArray tb = DoubleArray::ensure(both[1]);
    require_non_negative_values(
        std::span<const double>(tb.data(), static_cast<std::size_t>(tb.size())), "t");
    std::vector<py::ssize_t> shape(eb.shape(), eb.shape() + eb.ndim());
    py::array_t<double> out(shape);
    const auto n = static_cast<std::size_t>(eb.size());
    const double* ev = eb.data();
    const double* tv = tb.data();
    double* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        std::vector<double> t_run;
        for (std::size_t i = 0; i < n;) {
            std::size_t j = i + 1;
            while (j < n && ev[j] == ev[i]) ++j;
            t_run.assign(tv + i, tv + j);
            for (double& x : t_run) x *= units::eV;
            std::span<double> o(dst + i, j - i);
            xs.dsigma_dT(p, ev[i] * units::eV, t_run, o, bs, threads, kDsigmaUnit);
            i = j;
        }
    }
    return out;
}

/// rows x cols doubles (row-major) as a NumPy array.
py::array_t<double> small_matrix(const double* d, py::ssize_t rows, py::ssize_t cols) {
    py::array_t<double> out({rows, cols});
    std::copy(d, d + rows * cols, out.mutable_data());
    return out;
}

/// The flavour coefficients as a Python object (opaque to most users; see CrossSection.evaluate).
Coefficients coefficients_py(const CrossSection& xs, double e_nu, const std::string& flavor,
                             bool antineutrino, py::handle baseline, py::handle weights) {
    require_positive("e_nu", e_nu);
    const BaselineSet bs = baseline_set(baseline, weights);
    py::gil_scoped_release release;
    return xs.coefficients(projectile(flavor, antineutrino), e_nu * units::eV, bs);
}

py::object evaluate_py(const CrossSection& xs, const Coefficients& c, py::handle t) {
    return vectorize(t, "t", [&](std::span<const double> in, std::span<double> out) {
        static_assert(units::eV == 1.0);  // eV is the library's unit: no copy
        try {
            xs.evaluate(c, in, out, 1, kDsigmaUnit);
        } catch (const InvalidArgument&) {  // name a negative or NaN recoil as Python's "t"
            require_non_negative_values(in, "t");
            throw;
        }
    });
}

py::dict breakdown(const CrossSection& xs, double e_nu, double t, const std::string& flavor,
                   bool antineutrino, double baseline) {
    require_non_negative("baseline", baseline);  // in metres, before the unit conversion
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

e_nu: neutrino energy [eV], a number or an array; t: atomic recoil kinetic energy T [eV], a
number or an array. e_nu and t broadcast against each other by NumPy's rules, so
dsigma_dT(E[:, None], T[None, :], ...) is the 2-D table over (E, T) (the result has the
broadcast shape; a float if both are numbers); flavor: 'e', 'mu' or 'tau';
antineutrino: True or False (always explicit); baseline: source-target distance L [m], a number
or an array of baselines over which the flavour state is averaged with `weights` (uniform if
None, normalised to 1). T > T_max(E) gives 0. A number t with a number baseline uses the
library's scalar path, an array its vectorised path (GIL released); threads: worker threads
of the array path (0, the default: every core; 1: the calling thread only), with bit-identical
results for every count.

Example::

    xs = cevas.CrossSection("He4")
    xs.dsigma_dT(15e3, np.geomspace(1e-3, 1e-1, 5), flavor="e", antineutrino=True)
    xs.dsigma_dT(np.array([10e3, 15e3])[:, None], np.array([1e-3, 1e-2])[None, :],
                 flavor="e", antineutrino=True)          # shape (2, 2)

Errors: None, strings or complex numbers raise cevas.ArgumentTypeError (a TypeError);
negative or non-finite values raise cevas.InvalidArgument naming the argument.
)doc";

}  // namespace

void bind_xsec(py::module_& m) {
    py::class_<Coefficients>(m, "Coefficients", R"doc(
Flavour-space coefficients of one (projectile, E, baselines), made by CrossSection.coefficients:
the 4x4 quadratic form of C_V over the basis (F_N, F_e, (F_N-F_e) c_gamma, F_N-F_e), the axial,
scalar, tensor parts and mu_eff^2 [mu_B^2]. Independent of T; linear in the flux, so weighted
sums (accumulate) are templates of flux-folded spectra. Units: e_nu [eV].
)doc")
        .def(py::init<>(), "An empty (all-zero) set, to accumulate into.")
        .def_property_readonly(
            "e_nu", [](const Coefficients& c) { return c.e_nu / units::eV; }, "Energy E [eV].")
        .def_property_readonly(
            "vector",
            [](const Coefficients& c) {
                py::array_t<double> out({4, 4});
                std::copy(c.vector.begin(), c.vector.end(), out.mutable_data());
                return out;
            },
            "4x4 quadratic form of C_V (zeros when has_amplitudes: single-baseline sets keep the "
            "amplitudes instead).")
        .def_readonly("has_amplitudes", &Coefficients::has_amplitudes,
                      "True for a single baseline (C_V kept as a sum of squared amplitudes).")
        .def_readonly("axial_nucleus", &Coefficients::axial_nucleus, "C_A nuclear part.")
        .def_readonly("tensor_nucleus", &Coefficients::tensor_nucleus,
                      "C_T nuclear part (spin tensor model).")
        .def_property_readonly(
            "scalar", [](const Coefficients& c) { return small_matrix(c.scalar.data(), 2, 2); },
            "2x2 quadratic form of C_S over (F_N, F_e).")
        .def_property_readonly(
            "tensor", [](const Coefficients& c) { return small_matrix(c.tensor.data(), 2, 2); },
            "2x2 quadratic form of C_T over (F_N, F_e) (coherent tensor model).")
        .def_property_readonly(
            "axial_shell",
            [](const Coefficients& c) {
                return small_matrix(c.axial_shell.data(), 1,
                                    static_cast<py::ssize_t>(c.axial_shell.size()))
                    .attr("reshape")(-1);
            },
            "C_A shell parts (one per unpaired electron shell slot).")
        .def_property_readonly(
            "vector_amplitude",
            [](const Coefficients& c) {
                py::array_t<double> out({4, 6});
                for (int k = 0; k < 4; ++k)
                    for (int j = 0; j < 6; ++j) out.mutable_at(k, j) = c.vector_amplitude[k][j];
                return out;
            },
            "Single baseline: amplitudes v_k as [k][Re v_e, Im v_e, Re v_mu, Im v_mu, Re v_tau, "
            "Im v_tau] (zeros otherwise).")
        .def_readonly("magnetic", &Coefficients::magnetic, "mu_eff^2 [mu_B^2].")
        .def(
            "accumulate",
            [](Coefficients& self, const Coefficients& c, double w) {
                require_finite("w", w);
                accumulate(self, c, w);
            },
            py::arg("coefficients"), py::arg("w"),
            "In place: self += w * coefficients, term by term (e_nu of self unchanged).")
        .def("__repr__", [](const Coefficients& c) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "Coefficients(e_nu=%.6g eV)", c.e_nu / units::eV);
            return std::string(buf);
        });

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
        .def("coefficients", &coefficients_py, py::arg("e_nu"), py::kw_only(), py::arg("flavor"),
             py::arg("antineutrino"), py::arg("baseline") = 0.0, py::arg("weights") = py::none(),
             R"doc(
Flavour-space coefficients of (projectile, E, baselines): the quadratic forms K of C_V, C_A, C_S,
C_T and mu_eff^2, independent of T, so that dsigma/dT(T) = evaluate(K, T) = x(T)^T K x(T) with
x(T) the form-factor basis (F_N, F_e, (F_N - F_e) c_gamma, F_N - F_e). Compute them once per
energy and evaluate many recoils; sums of coefficient sets (Coefficients.accumulate) give
flux-folded templates.

e_nu [eV] (a number); flavor, antineutrino, baseline [m], weights as in dsigma_dT.

Example::

    k = xs.coefficients(15e3, flavor="e", antineutrino=True)
    xs.evaluate(k, t) == xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True)
)doc")
        .def("evaluate", &evaluate_py, py::arg("coefficients"), py::arg("t"), R"doc(
dsigma/dT [cm^2/eV] at recoils t [eV] (number or array; the result has its shape) from
precomputed coefficients (E = coefficients.e_nu): x(T)^T K x(T). GIL released.
)doc")
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
