/// @file
/// Targets (targets/*.hpp): AME2020 isotopes, the neutral-atom Target with its spin content,
/// and the atomic and nuclear form factors. Masses in eV, momentum transfer |q| in eV, radii in
/// metres.

#include <cstdio>

#include "cevas/targets/form_factor.hpp"
#include "cevas/targets/isotope.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

py::dict isotope_dict(const Isotope& iso) {
    py::dict d;
    d["name"] = iso.name();
    d["symbol"] = std::string(iso.symbol);
    d["z"] = iso.z;
    d["n"] = iso.n;
    d["a"] = iso.a;
    d["mass_u"] = iso.mass_micro_u * 1e-6;
    d["mass_uncertainty_u"] = iso.mass_uncertainty_micro_u * 1e-6;
    d["estimated"] = iso.estimated;
    return d;
}

std::string target_repr(const Target& t) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "Target('%s', z=%d, n=%d, a=%d, mass=%.10g eV)", t.name.c_str(),
                  t.z, t.n, t.a, t.mass / units::eV);
    return buf;
}

/// F(q) for scalar or array q [eV]: q^2 goes to the library's array path.
template <class FormFactor>
py::object evaluate_form_factor(const FormFactor& ff, py::handle q) {
    return vectorize(q, "q", [&ff](std::span<const double> in, std::span<double> out) {
        std::vector<double> q2(in.size());  // the library's array path does not allow aliasing
        for (std::size_t i = 0; i < in.size(); ++i) {
            require_non_negative("q", in[i]);
            q2[i] = (in[i] * units::eV) * (in[i] * units::eV);
        }
        ff.evaluate(q2, out);
    });
}

}  // namespace

void bind_targets(py::module_& m) {
    m.def(
        "find_isotope",
        [](const std::string& name) { return isotope_dict(find_isotope(name, "name")); },
        py::arg("name"),
        "AME2020 isotope by name ('He4', '4He', 'He-4', 'H', 'D', 'T') as a dict: name, symbol, z, "
        "n, a, mass_u and mass_uncertainty_u [u] (neutral atom), estimated.");

    py::class_<ShellSpin>(m, "ShellSpin", "Net spin of one unpaired electron shell (axial term).")
        .def(py::init([](std::string label, double net_spin, double z_eff) {
                 return ShellSpin{std::move(label), net_spin, z_eff, 0.5};
             }),
             py::arg("label") = "1s", py::arg("net_spin") = 0.0, py::arg("z_eff") = 1.0)
        .def_readwrite("label", &ShellSpin::label, "Shell name (documentation only).")
        .def_readwrite("net_spin", &ShellSpin::net_spin, "L+ - L- (electrons up minus down).")
        .def_readwrite("z_eff", &ShellSpin::z_eff,
                       "Effective charge of the hydrogenic 1s-like form factor.")
        .def_readwrite("j", &ShellSpin::j, "Angular momentum J of the shell (spin weight).")
        .def("__repr__", [](const ShellSpin& s) {
            return "ShellSpin('" + s.label + "', net_spin=" + format_value(s.net_spin) +
                   ", z_eff=" + format_value(s.z_eff) + ")";
        });

    py::class_<SpinContent>(m, "SpinContent",
                            "Spin content entering C_A: (Z+ - Z-), (N+ - N-) and unpaired shells.")
        .def(py::init([](double proton_net, double neutron_net, std::vector<ShellSpin> shells) {
                 return SpinContent{proton_net, neutron_net, std::move(shells), 0.5};
             }),
             py::arg("proton_net") = 0.0, py::arg("neutron_net") = 0.0,
             py::arg("shells") = std::vector<ShellSpin>{})
        .def_readwrite("proton_net", &SpinContent::proton_net, "Z+ - Z-.")
        .def_readwrite("neutron_net", &SpinContent::neutron_net, "N+ - N-.")
        .def_readwrite("nuclear_j", &SpinContent::nuclear_j,
                       "Nuclear spin J: weight (J+1)/(3J) on C_A (1 for J = 1/2, 2/3 for 2H).")
        .def_readwrite("shells", &SpinContent::shells,
                       "Unpaired electron shells (list of ShellSpin; "
                       "assign a new list to change it).")
        .def("is_zero", &SpinContent::is_zero)
        .def("__repr__", [](const SpinContent& s) {
            std::string r = "SpinContent(proton_net=" + format_value(s.proton_net) +
                            ", neutron_net=" + format_value(s.neutron_net) + ", shells=[";
            for (std::size_t k = 0; k < s.shells.size(); ++k)
                r += (k ? ", " : "") + s.shells[k].label + ":" + format_value(s.shells[k].net_spin);
            return r + "])";
        });

    py::class_<Target>(m, "Target", "A neutral atom as a scattering target (see make_target).")
        .def_readwrite("name", &Target::name, "Canonical name, e.g. 'He4'.")
        .def_readwrite("z", &Target::z, "Proton number Z (= electrons of the neutral atom).")
        .def_readwrite("n", &Target::n, "Neutron number N.")
        .def_readwrite("a", &Target::a, "Mass number A.")
        .def_property(
            "mass", [](const Target& t) { return t.mass / units::eV; },
            [](Target& t, double v) { t.mass = v * units::eV; },
            "Neutral-atom mass M [eV] (AME2020).")
        .def_readwrite("spin", &Target::spin, "Spin content (SpinContent, edited in place).")
        .def_property(
            "atomic_form_factor",
            [](const Target& t) { return std::string(to_string(t.atomic_form_factor)); },
            [](Target& t, const std::string& v) {
                t.atomic_form_factor = parse_atomic_form_factor(v, "atomic_form_factor");
            },
            "Default atomic form-factor model of this target.")
        .def_property(
            "nuclear_form_factor",
            [](const Target& t) { return std::string(to_string(t.nuclear_form_factor)); },
            [](Target& t, const std::string& v) {
                t.nuclear_form_factor = parse_nuclear_form_factor(v, "nuclear_form_factor");
            },
            "Default nuclear form-factor model of this target.")
        .def("copy", [](const Target& t) { return t; })
        .def("__copy__", [](const Target& t) { return t; })
        .def(
            "__deepcopy__", [](const Target& t, py::handle) { return t; }, py::arg("memo"))
        .def("__repr__", &target_repr);

    m.def(
        "make_target",
        [](const std::string& name, const Parameters& p) { return make_target(name, p.constants); },
        py::arg("name"), py::arg("parameters") = Parameters{},
        "Target from a name ('He4', '4He', 'H', 'D', 'C12', any '<Symbol><A>'); mass from AME2020 "
        "with the atomic mass unit of `parameters`. Spin content built in for H1, H2, He3, He4, "
        "C12.");
    m.def("featured_targets", &featured_targets,
          "Names of the targets with built-in spin content.");

    py::class_<AtomicFormFactor>(m, "AtomicFormFactor",
                                 "Atomic form factor F_e(q) of one element, F_e(0) = 1.")
        .def(py::init([](const std::string& model, int z, const Parameters& p) {
                 return AtomicFormFactor(parse_atomic_form_factor(model, "model"), z, p.constants);
             }),
             py::arg("model"), py::arg("z"), py::arg("parameters") = Parameters{},
             "model: 'hubbell' (Z = 1..98), 'gauss6' (Z = 2), 'hydrogenic' (Z = 1, 2) or 'none'; "
             "z: proton number; parameters supply the Bohr radius.")
        .def("__call__", &evaluate_form_factor<AtomicFormFactor>, py::arg("q"),
             "F_e at momentum transfer |q| [eV] (scalar or array; |q|^2 = 2 M T + T^2).")
        .def_property_readonly(
            "model", [](const AtomicFormFactor& f) { return std::string(to_string(f.model())); })
        .def_property_readonly("z", &AtomicFormFactor::z);

    py::class_<NuclearFormFactor>(m, "NuclearFormFactor",
                                  "Nuclear (weak-charge) form factor F_N(q), F_N(0) = 1.")
        .def(py::init([](const std::string& model, int a) {
                 return NuclearFormFactor(parse_nuclear_form_factor(model, "model"), a);
             }),
             py::arg("model"), py::arg("a"),
             "model: 'unity', 'helm' or 'klein_nystrand'; a: mass number.")
        .def("__call__", &evaluate_form_factor<NuclearFormFactor>, py::arg("q"),
             "F_N at momentum transfer |q| [eV] (scalar or array).")
        .def_property_readonly(
            "model", [](const NuclearFormFactor& f) { return std::string(to_string(f.model())); })
        .def_property_readonly(
            "radius", [](const NuclearFormFactor& f) { return f.radius() / units::m; },
            "Radius parameter [m] (Helm R0 or Klein-Nystrand R_A; 0 for unity).");
}

}  // namespace cevas::python
