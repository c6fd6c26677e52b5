/// Solar neutrinos: the B16 source with MSW conversion, its geometry, and P_ee(E).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cevas/oscillation/solar.hpp"
#include "cevas/rates/geometry.hpp"
#include "cevas/sources/solar.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

std::shared_ptr<const SolarOscillation> oscillation(const std::string& model, bool msw,
                                                    const Parameters& p) {
    SolarOscillationParameters op;
    op.model = parse_solar_model(model, "model");
    op.mixing = p.mixing;
    op.vector_nsi = p.nsi.vector;
    op.msw = msw;
    op.constants = p.constants;
    return std::make_shared<const SolarOscillation>(op);
}

}  // namespace

void bind_solar(py::module_& m) {
    m.def(
        "solar_source",
        [](const std::string& model, std::optional<std::vector<std::string>> components, bool msw,
           const Parameters& p) {
            SolarSourceParameters s;
            s.model = parse_solar_model(model, "model");
            if (components) {
                s.components.clear();
                for (const auto& c : *components)
                    s.components.push_back(parse_solar_component(c, "components"));
            }
            return solar_neutrino_source(s, oscillation(model, msw, p));
        },
        py::arg("model") = "B16-GS98", py::kw_only(), py::arg("components") = py::none(),
        py::arg("msw") = true, py::arg("parameters") = Parameters{}, R"doc(
Solar neutrinos of a standard solar model ('B16-GS98' or 'B16-AGSS09met'; Vinyoles et al.,
ApJ 835 (2017) 202): components from 'pp', 'pep', 'hep', '7Be', '8B', '13N', '15O', '17F'
(default all; 7Be gives two lines). Rates are flux x 4 pi (1 AU)^2 [1/s]: use with
solar_geometry(). Each component reaches the detector as an incoherent mixture of mass
eigenstates after adiabatic MSW in the Sun (msw=False: vacuum averaged), computed with the
mixing and vector NSI of `parameters` (docs/sources.md, section 6b).
)doc");

    m.def("solar_geometry", &solar_geometry, R"doc(
The detector at 1 AU from the Sun: flux factor 1/(4 pi AU^2), so that solar_source's rates give
the solar model's flux at Earth.
)doc");

    m.def(
        "solar_survival_probability",
        [](const std::string& component, py::object e_nu, const std::string& model, bool msw,
           const Parameters& p) {
            const SolarComponent c = parse_solar_component(component, "component");
            const auto osc = oscillation(model, msw, p);
            return vectorize(e_nu, "e_nu", [&](std::span<const double> in, std::span<double> out) {
                for (std::size_t i = 0; i < in.size(); ++i) {
                    require_positive("e_nu", in[i]);
                    out[i] = osc->survival_probability(c, in[i] * units::eV);
                }
            });
        },
        py::arg("component"), py::arg("e_nu"), py::kw_only(), py::arg("model") = "B16-GS98",
        py::arg("msw") = true, py::arg("parameters") = Parameters{}, R"doc(
Day-time survival probability P_ee(E) of solar nu_e produced by `component` at neutrino energy
e_nu [eV] (scalar or array): adiabatic three-flavour MSW averaged over the component's B16
production region (msw=False: vacuum average sum_j |U_ej|^4).
)doc");
}

}  // namespace cevas::python
