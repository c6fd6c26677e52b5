/// @file
/// Physical constants (core/constants.hpp) as properties of Parameters, the constants listing
/// and the version. Units at the Python boundary: masses in eV, G_F in eV^-2 (natural units,
/// eV = 1), the Bohr radius in metres.

#include "cevas/core/constants.hpp"
#include "cevas/core/version.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

/// A PhysicalConstants member as a Parameters property in the Python unit `unit_value`
/// (python value = internal / unit_value).
template <double PhysicalConstants::*Member>
void def_constant(py::class_<Parameters>& cls, const char* name, double unit_value,
                  const char* doc) {
    cls.def_property(
        name, [unit_value](const Parameters& p) { return p.constants.*Member / unit_value; },
        [unit_value](Parameters& p, double v) { p.constants.*Member = v * unit_value; }, doc);
}

}  // namespace

void bind_constants(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<Parameters>>(m.attr("Parameters"));
    def_constant<&PhysicalConstants::fermi_constant>(
        cls, "fermi_constant", 1.0 / (units::eV * units::eV),
        "Fermi constant G_F [eV^-2] (PDG 2024: 1.1663788e-5 GeV^-2 = 1.1663788e-23 eV^-2).");
    def_constant<&PhysicalConstants::alpha>(
        cls, "alpha", 1.0, "Fine-structure constant (CODATA 2018: 1/137.035999084).");
    def_constant<&PhysicalConstants::electron_mass>(cls, "electron_mass", units::eV,
                                                    "Electron mass m_e [eV] (CODATA 2018).");
    def_constant<&PhysicalConstants::bohr_radius>(cls, "bohr_radius", units::m,
                                                  "Bohr radius a0 [m] (CODATA 2018).");
    def_constant<&PhysicalConstants::atomic_mass_unit>(cls, "atomic_mass_unit", units::eV,
                                                       "Atomic mass unit u [eV] (CODATA 2018).");
    def_constant<&PhysicalConstants::proton_mass>(cls, "proton_mass", units::eV,
                                                  "Proton mass [eV] (CODATA 2018).");
    def_constant<&PhysicalConstants::neutron_mass>(cls, "neutron_mass", units::eV,
                                                   "Neutron mass [eV] (CODATA 2018).");

    m.def(
        "list_constants",
        [](const Parameters& p) {
            py::list out;
            for (const ConstantEntry& e : list_constants(p.constants)) {
                py::dict d;
                d["name"] = e.name;
                d["value"] = e.value;
                d["unit"] = e.unit;
                d["source"] = e.source;
                out.append(d);
            }
            return out;
        },
        py::arg("parameters") = Parameters{},
        "The constants in use as a list of {name, value, unit, source}, in the listing units "
        "(GeV^-2, eV, angstrom, MeV ...) that output headers print.");
    m.attr("__version__") = version_string;
    m.attr("version_info") = py::make_tuple(version_major, version_minor, version_patch);
}

}  // namespace cevas::python
