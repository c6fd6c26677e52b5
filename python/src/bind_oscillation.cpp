/// @file
/// Three-flavour mixing (oscillation/mixing.hpp): mixing parameters as properties of Parameters,
/// the PMNS matrix and vacuum oscillation probabilities. Energies in eV, baselines in metres,
/// angles in radians, mass splittings in eV^2.

#include <algorithm>

#include "cevas/oscillation/mixing.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

template <double MixingParameters::*Member>
void def_mixing(py::class_<Parameters>& cls, const char* name, const char* doc) {
    cls.def_property(
        name, [](const Parameters& p) { return p.mixing.*Member; },
        [](Parameters& p, double v) { p.mixing.*Member = v; }, doc);
}

}  // namespace

void bind_oscillation(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<Parameters>>(m.attr("Parameters"));
    cls.def_property(
        "ordering", [](const Parameters& p) { return std::string(to_string(p.mixing.ordering())); },
        [](Parameters& p, const std::string& v) {
            p.mixing = MixingParameters::nufit52(parse_mass_ordering(v, "ordering"));
        },
        "Mass ordering, 'normal' or 'inverted'. Setting it resets every mixing parameter to the "
        "NuFIT 5.2 best fit of that ordering (set angles afterwards to override them).");
    def_mixing<&MixingParameters::theta12>(cls, "theta12", "Mixing angle theta_12 [rad].");
    def_mixing<&MixingParameters::theta13>(cls, "theta13", "Mixing angle theta_13 [rad].");
    def_mixing<&MixingParameters::theta23>(cls, "theta23", "Mixing angle theta_23 [rad].");
    def_mixing<&MixingParameters::delta_cp>(cls, "delta_cp", "Dirac CP phase delta [rad].");
    def_mixing<&MixingParameters::dm21_sq>(cls, "dm21_sq", "m_2^2 - m_1^2 [eV^2].");
    def_mixing<&MixingParameters::dm31_sq>(
        cls, "dm31_sq", "m_3^2 - m_1^2 [eV^2] (negative for the inverted ordering).");

    m.def(
        "pmns_matrix",
        [](const Parameters& p) {
            validate(p.mixing);
            return to_numpy(pmns_matrix(p.mixing));
        },
        py::arg("parameters") = Parameters{},
        "PMNS matrix U (PDG standard parametrisation) as a 3x3 complex array; rows e, mu, tau, "
        "columns mass states 1, 2, 3.");

    m.def(
        "oscillation_probability",
        [](const std::string& initial, const std::string& final_flavor, py::object e_nu,
           py::object baseline, bool antineutrino, const Parameters& p) -> py::object {
            validate(p.mixing);
            const Flavor from = parse_flavor(initial, "initial");
            const Flavor to = parse_flavor(final_flavor, "final");
            const NeutrinoType type = neutrino_type(antineutrino);
            // Broadcast e_nu against baseline with NumPy, then one library call per element.
            const py::module_ np = py::module_::import("numpy");
            const py::tuple pair = np.attr("broadcast_arrays")(
                as_double_array(e_nu, "e_nu"), as_double_array(baseline, "baseline"));
            const DoubleArray e = np.attr("ascontiguousarray")(pair[0], "float64");
            const DoubleArray l = np.attr("ascontiguousarray")(pair[1], "float64");
            std::vector<py::ssize_t> shape(e.shape(), e.shape() + e.ndim());
            py::array_t<double> out(shape);
            const double* pe = e.data();
            const double* pl = l.data();
            double* po = out.mutable_data();
            const auto n = static_cast<std::size_t>(e.size());
            {
                py::gil_scoped_release release;
                for (std::size_t i = 0; i < n; ++i) {
                    require_positive("e_nu", pe[i]);
                    require_non_negative("baseline", pl[i]);
                    po[i] = oscillation_probability(p.mixing, from, to, pe[i] * units::eV,
                                                    pl[i] * units::m, type);
                }
            }
            if (is_scalar(e_nu) && is_scalar(baseline)) return py::float_(po[0]);
            return out;
        },
        py::arg("initial"), py::arg("final"), py::arg("e_nu"), py::arg("baseline"), py::kw_only(),
        py::arg("antineutrino"), py::arg("parameters") = Parameters{},
        "P(nu_initial -> nu_final) in vacuum; e_nu [eV] and baseline [m] broadcast against each "
        "other (NumPy rules).");
}

}  // namespace cevas::python
