/// @file
/// Composite targets (targets/material.hpp, rates/material_rate.hpp): natural elements,
/// compounds by formula and isotope mixtures, and their summed event rate. Masses in eV.

#include "cevas/rates/material_rate.hpp"
#include "cevas/targets/isotope.hpp"
#include "cevas/targets/material.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

py::list components_list(const Material& m) {
    py::list l;
    for (const MaterialComponent& c : m.components)
        l.append(py::make_tuple(c.target, c.atoms_per_unit));
    return l;
}

}  // namespace

void bind_material(py::module_& m) {
    py::class_<Material>(m, "Material", R"doc(
A target material: one isotope, a natural element ('Ar', 'Xe', 'Ge'), a compound by formula
('CsI', 'NaI', 'CaWO4', 'C3F8') or a mixture (make_mixture). Each isotope is a Target with its
own mass, form factors and spin content; atoms_per_unit is how many of its atoms one formula
unit holds (count in the formula x natural atom fraction). A detector of mass m holds
m / unit_mass formula units. Built by make_material or Material(name).
)doc")
        .def(py::init([](const std::string& name, const Parameters& p) {
                 return make_material(name, p.constants, "name");
             }),
             py::arg("name"), py::arg("parameters") = Parameters{},
             "Same as make_material(name, parameters).")
        .def_readonly("name", &Material::name, "The name as given ('CsI', 'Ar', 'mixture').")
        .def_property_readonly("components", &components_list,
                               "List of (Target, atoms_per_unit), one per isotope.")
        .def_readonly("formula", &Material::formula,
                      "List of (element symbol or isotope, count) as written.")
        .def_readonly("abundance_source", &Material::abundance_source,
                      "Where the isotopic fractions come from.")
        .def_property_readonly(
            "unit_mass", [](const Material& x) { return x.unit_mass() / units::eV; },
            "Mass of one formula unit [eV] (sum of atoms_per_unit x AME2020 atom mass).")
        .def_property_readonly("atoms_per_unit", &Material::atoms_per_unit,
                               "Atoms per formula unit.")
        .def("is_single_isotope", &Material::is_single_isotope,
             "True for one isotope with one atom per unit (a plain Target).")
        .def(
            "describe",
            [](const Material& x) {
                py::dict d;
                for (const auto& [k, v] : x.describe()) d[py::str(k)] = v;
                return d;
            },
            "The composition as written to output files (dict of str).")
        .def("__repr__", [](const Material& x) {
            return "Material('" + x.name + "', " + std::to_string(x.components.size()) +
                   " isotopes, unit_mass=" + format_value(x.unit_mass() / units::eV) + " eV)";
        });

    m.def(
        "make_material",
        [](const std::string& name, const Parameters& p) {
            return make_material(name, p.constants, "name");
        },
        py::arg("name"), py::arg("parameters") = Parameters{},
        "Material from a name: an isotope ('He4', 'Xe129'; exactly make_target), a natural "
        "element ('Ar', NIST/IUPAC 1997 abundances) or a formula ('CsI', 'CaWO4', 'Ca(OH)2').");
    m.def(
        "make_mixture",
        [](const std::map<std::string, double>& fractions, const Parameters& p) {
            std::vector<std::pair<std::string, double>> v(fractions.begin(), fractions.end());
            return make_mixture(v, p.constants, "fractions");
        },
        py::arg("fractions"), py::arg("parameters") = Parameters{},
        "Mixture of isotopes or natural elements by atom fraction, e.g. {'Ge76': 0.86, "
        "'Ge74': 0.14}; fractions >= 0 summing to 1 within 1e-6. One formula unit = one atom.");
    m.def(
        "natural_abundances",
        [](const std::string& symbol) {
            int z = 0;
            for (int k = 1; k <= 118; ++k)
                if (element_symbol(k) == symbol) z = k;
            if (z == 0)
                throw InvalidArgument(describe("symbol", "'" + symbol + "'", "unknown element"));
            py::list l;
            for (const IsotopeFraction& f : natural_abundances(z, "symbol"))
                l.append(py::make_tuple(f.a, f.fraction));
            return l;
        },
        py::arg("symbol"),
        "Natural isotopic composition of an element ('Xe') as a list of (A, atom fraction), "
        "normalised to sum 1 (NIST SRD 144 / Rosman & Taylor 1998).");
    m.def(
        "spin_expectation_table",
        [] {
            py::list l;
            for (const SpinExpectation& s : spin_expectation_table()) {
                py::dict d;
                d["isotope"] = s.isotope;
                d["j"] = s.j;
                d["s_p"] = s.s_p;
                d["s_n"] = s.s_n;
                d["source"] = s.source;
                l.append(d);
            }
            return l;
        },
        "Tabulated ground-state <S_p>, <S_n> and J (docs/targets.md): a list of dicts.");

    py::class_<MaterialRate>(m, "MaterialRate", py::dynamic_attr(), R"doc(
Flux-folded event rate of a Material: one EventRate per isotope (own cross section), summed:
dN/dT = sum_i EventRate_i(n_units x atoms_per_unit_i atoms). For one isotope it is exactly
that isotope's EventRate. bin_counts accepts it like an EventRate.
)doc")
        .def(py::init([](const Material& material, const Source& source,
                         const FluxGeometry& geometry, double n_units, const Parameters& p,
                         bool oscillations, int energy_panels, int threads) {
                 RateOptions o;
                 o.oscillations = oscillations;
                 o.energy_panels = energy_panels;
                 o.threads = threads;
                 py::gil_scoped_release release;
                 return std::make_unique<MaterialRate>(material, p, source, geometry, n_units, o);
             }),
             py::arg("material"), py::arg("source"), py::arg("geometry"), py::arg("n_units"),
             py::arg("parameters") = Parameters{}, py::arg("oscillations") = true, py::kw_only(),
             py::arg("energy_panels") = 48, py::arg("threads") = 0,
             "material: Material; source: Source; geometry: FluxGeometry; n_units: formula "
             "units (mass / material.unit_mass); parameters: physics inputs for every isotope.")
        .def(
            "differential",
            [](const MaterialRate& r, py::handle t, int species) {
                if (species < -1 || species >= static_cast<int>(r.n_species()))
                    throw InvalidArgument(
                        describe("species", std::to_string(species), "no such source component"));
                return rate_differential(r, t, species);
            },
            py::arg("t"), py::arg("species") = -1,
            "dN/dT [events/(eV s)] summed over isotopes at recoil energies t [eV].")
        .def_property_readonly(
            "t_max", [](const MaterialRate& r) { return r.t_max() / units::eV; },
            "Largest recoil of any isotope [eV].")
        .def_property_readonly("n_species", &MaterialRate::n_species)
        .def_property_readonly("n_isotopes", &MaterialRate::n_isotopes)
        .def_property_readonly("material", &MaterialRate::material, "The material (a copy).")
        .def("__repr__", [](const MaterialRate& r) {
            return "MaterialRate(" + r.material().name + ", " + std::to_string(r.n_isotopes()) +
                   " isotopes)";
        });
    m.attr("MaterialRate").attr("half_life_s") = py::none();
}

}  // namespace cevas::python
