/// @file
/// cevas::Parameters (xsec/parameters.hpp), the one object carrying every physics input:
/// electroweak couplings, NSI of every Lorentz structure and level, neutrino electromagnetic
/// properties and form-factor model choices. Constants (bind_constants.cpp) and mixing
/// (bind_oscillation.cpp) add their properties to the same class.
///
/// Construction from keywords or a dict goes through `update`, which sets the properties by
/// name (unknown names are an error), so every key is exactly a property name.

#include <algorithm>
#include <array>
#include <string_view>

#include "cevas/couplings/electroweak.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "cevas/xsec/parameters.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

constexpr std::array<std::string_view, 4> kStructures = {"vector", "axial", "scalar", "tensor"};
constexpr std::array<std::string_view, 6> kLevels = {"u", "d", "p", "n", "nucleus", "e"};

NsiLevels& structure_of(NsiParameters& nsi, std::string_view s) {
    if (s == "vector") return nsi.vector;
    if (s == "axial") return nsi.axial;
    if (s == "scalar") return nsi.scalar;
    if (s == "tensor") return nsi.tensor;
    throw InvalidArgument(describe("nsi structure", "'" + std::string(s) + "'",
                                   "unknown Lorentz structure (vector, axial, scalar, tensor)"));
}

Matrix3c& level_of(NsiLevels& lv, std::string_view structure, std::string_view l) {
    if (l == "u") return lv.u;
    if (l == "d") return lv.d;
    if (l == "p") return lv.p;
    if (l == "n") return lv.n;
    if (l == "nucleus") return lv.nucleus;
    if (l == "e") return lv.e;
    throw InvalidArgument(describe("nsi." + std::string(structure) + " level",
                                   "'" + std::string(l) + "'",
                                   "unknown level (u, d, p, n, nucleus, e)"));
}

Matrix3c& nsi_matrix(Parameters& p, std::string_view structure, std::string_view level) {
    return level_of(structure_of(p.nsi, structure), structure, level);
}

std::string nsi_field(std::string_view structure, std::string_view level) {
    return "nsi." + std::string(structure) + "." + std::string(level);
}

/// Set one entry (and its hermitian partner) from a complex number.
void set_nsi_entry(Parameters& p, const std::string& structure, const std::string& level,
                   const std::string& pair, complex value) {
    const std::string field = nsi_field(structure, level);
    Matrix3c& m = nsi_matrix(p, structure, level);
    const auto [i, j] = parse_flavor_pair(pair, field);
    set_hermitian(m, i, j, value, field + "." + pair);
}

/// Set a whole matrix; the library validates hermiticity and names the offending entry.
void set_nsi_whole(Parameters& p, const std::string& structure, const std::string& level,
                   py::handle matrix) {
    const std::string field = nsi_field(structure, level);
    Matrix3c& target = nsi_matrix(p, structure, level);
    const Matrix3c m = matrix_from_python(matrix, field);
    require_hermitian(field, m);
    target = m;
}

/// Electromagnetic matrix property: getter/setter pair with a unit scale (value * scale is the
/// library's internal value).
template <Matrix3c ElectromagneticParameters::*Member>
void def_em_matrix(py::class_<Parameters>& cls, const char* name, double scale, const char* doc) {
    cls.def_property(
        name,
        [scale](const Parameters& p) { return to_numpy(p.electromagnetic.*Member, 1.0 / scale); },
        [name, scale](Parameters& p, py::handle v) {
            const Matrix3c m = matrix_from_python(v, name, scale);
            require_hermitian(name, m);
            p.electromagnetic.*Member = m;
        },
        doc);
}

/// Names of the settable properties of the Python class of `self` (public, not methods).
std::vector<std::string> property_names(py::handle self) {
    std::vector<std::string> names;
    const py::object type = py::type::of(self);
    const py::object property = py::module_::import("builtins").attr("property");
    for (py::handle name : py::module_::import("builtins").attr("dir")(type)) {
        const auto s = name.cast<std::string>();
        if (s.empty() || s[0] == '_') continue;
        const py::object attr = py::getattr(type, name);
        if (py::isinstance(attr, property) && !attr.attr("fset").is_none()) names.push_back(s);
    }
    return names;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

/// Apply an NSI mapping: {"vector.nucleus.emu": 0.1-0.05j, "vector.e": <3x3 array>, ...}.
void apply_nsi(Parameters& p, py::handle mapping) {
    if (!py::isinstance<py::dict>(mapping)) {
        throw InvalidArgument(describe("nsi", py::repr(mapping).cast<std::string>(),
                                       "expected a dict like {'vector.nucleus.emu': 0.1-0.05j}"));
    }
    for (auto [key, value] : mapping.cast<py::dict>()) {
        const auto k = py::str(key).cast<std::string>();
        const auto dot1 = k.find('.');
        const auto dot2 = dot1 == std::string::npos ? std::string::npos : k.find('.', dot1 + 1);
        if (dot1 == std::string::npos) {
            throw InvalidArgument(describe("nsi", "'" + k + "'",
                                           "keys are STRUCTURE.LEVEL.AB or STRUCTURE.LEVEL "
                                           "(e.g. vector.nucleus.emu)"));
        }
        const std::string structure = k.substr(0, dot1);
        if (dot2 == std::string::npos) {
            set_nsi_whole(p, structure, k.substr(dot1 + 1), value);
        } else if (py::isinstance<py::str>(value)) {
            const std::string field = k;
            set_nsi_entry(p, structure, k.substr(dot1 + 1, dot2 - dot1 - 1), k.substr(dot2 + 1),
                          parse_complex(value.cast<std::string>(), field));
        } else {
            set_nsi_entry(p, structure, k.substr(dot1 + 1, dot2 - dot1 - 1), k.substr(dot2 + 1),
                          value.cast<complex>());
        }
    }
}

/// Parameters.update(mapping=None, **kwargs): set properties by name. `ordering` is applied
/// first (it resets every mixing parameter to NuFIT 5.2), `nsi` last.
void update(py::object self, py::object mapping, py::kwargs kwargs) {
    py::dict items;
    if (!mapping.is_none()) {
        if (!py::isinstance<py::dict>(mapping)) {
            throw InvalidArgument(describe("parameters", py::repr(mapping).cast<std::string>(),
                                           "expected a dict of parameter names to values"));
        }
        for (auto [k, v] : mapping.cast<py::dict>()) items[k] = v;
    }
    for (auto [k, v] : kwargs) items[k] = v;
    const std::vector<std::string> known = property_names(self);
    std::vector<std::string> keys;
    for (auto [k, v] : items) keys.push_back(py::str(k).cast<std::string>());
    // `ordering` first: it replaces the whole mixing block.
    std::stable_partition(keys.begin(), keys.end(),
                          [](const std::string& k) { return k == "ordering"; });
    std::stable_partition(keys.begin(), keys.end(),
                          [](const std::string& k) { return k != "nsi"; });
    for (const std::string& k : keys) {
        const py::object v = items[py::str(k)];
        if (k == "nsi") {
            apply_nsi(self.cast<Parameters&>(), v);
            continue;
        }
        if (std::find(known.begin(), known.end(), k) == known.end()) {
            throw InvalidArgument(describe(k, py::repr(v).cast<std::string>(),
                                           "unknown parameter (known: " + join(known) + ", nsi)"));
        }
        try {
            py::setattr(self, py::str(k), v);
        } catch (py::error_already_set& e) {
            if (!e.matches(PyExc_TypeError)) throw;
            // cevas's own type error already names the field and the expected type.
            if (e.matches(py::module_::import("cevas._core").attr("ArgumentTypeError"))) throw;
            throw ArgumentTypeError(
                describe(k, py::repr(v).cast<std::string>(),
                         "wrong type for this parameter (see help(cevas.Parameters." + k + "))"));
        }
    }
}

/// Every settable property plus the non-zero NSI matrices, as a dict that `update` accepts.
py::dict to_dict(py::object self) {
    py::dict d;
    for (const auto& name : property_names(self)) d[py::str(name)] = self.attr(name.c_str());
    const Parameters& p = self.cast<const Parameters&>();
    py::dict nsi;
    for (auto s : kStructures)
        for (auto l : kLevels) {
            const Matrix3c& m = nsi_matrix(const_cast<Parameters&>(p), s, l);
            if (!m.is_zero()) nsi[py::str(nsi_field(s, l).substr(4))] = to_numpy(m);
        }
    d["nsi"] = nsi;
    return d;
}

}  // namespace

void bind_couplings(py::module_& m) {
    py::class_<NucleonCharges>(
        m, "NucleonCharges",
        "Hadronic matrix elements converting quark-level NSI to nucleon level "
        "(proton values; neutron by isospin). Quark masses in eV.")
        .def(py::init<>())
        .def_readwrite("axial_u", &NucleonCharges::axial_u, "Delta u of the proton (FLAG 2019)")
        .def_readwrite("axial_d", &NucleonCharges::axial_d, "Delta d of the proton (FLAG 2019)")
        .def_readwrite("scalar_fu_p", &NucleonCharges::scalar_fu_p, "f_Tu^p")
        .def_readwrite("scalar_fd_p", &NucleonCharges::scalar_fd_p, "f_Td^p")
        .def_readwrite("scalar_fu_n", &NucleonCharges::scalar_fu_n, "f_Tu^n")
        .def_readwrite("scalar_fd_n", &NucleonCharges::scalar_fd_n, "f_Td^n")
        .def_property(
            "mass_u", [](const NucleonCharges& c) { return c.mass_u / units::eV; },
            [](NucleonCharges& c, double v) { c.mass_u = v * units::eV; }, "m_u(2 GeV) [eV]")
        .def_property(
            "mass_d", [](const NucleonCharges& c) { return c.mass_d / units::eV; },
            [](NucleonCharges& c, double v) { c.mass_d = v * units::eV; }, "m_d(2 GeV) [eV]")
        .def_readwrite("tensor_u", &NucleonCharges::tensor_u, "g_T^u of the proton (FLAG 2019)")
        .def_readwrite("tensor_d", &NucleonCharges::tensor_d, "g_T^d of the proton (FLAG 2019)");

    py::class_<Parameters> cls(m, "Parameters", R"doc(
Every physics input of a cross-section calculation. Default-constructed: the Standard Model of
PHYSICS.md section 2 (PDG/CODATA constants, tree-level couplings, NuFIT 5.2 normal ordering).

Construct from keywords or a dict; every key is a property name:

    Parameters(sin2_theta_w=0.2312, atomic_form_factor="hubbell", ordering="inverted",
               magnetic_moment=1e-12, nsi={"vector.nucleus.emu": 0.1 - 0.05j})

Units: energies and masses [eV], lengths [m], charge radius [cm^2], millicharge [e],
magnetic moment [mu_B], angles [rad], mass splittings [eV^2]. Unknown keys raise ValueError.
)doc");
    cls.def(py::init([](py::object mapping, py::kwargs kwargs) {
                py::object tmp = py::cast(Parameters{});
                update(tmp, mapping, kwargs);
                return tmp.cast<Parameters>();
            }),
            py::arg("mapping") = py::none())
        .def("update", &update, py::arg("mapping") = py::none(),
             "Set parameters by name from a dict and/or keywords (same keys as the constructor).")
        .def("to_dict", &to_dict, "Every parameter by name (a dict the constructor accepts).")
        .def(
            "copy", [](const Parameters& p) { return p; }, "An independent copy.")
        .def("__copy__", [](const Parameters& p) { return p; })
        .def(
            "__deepcopy__", [](const Parameters& p, py::handle) { return p; }, py::arg("memo"))
        // --- electroweak ------------------------------------------------------------------
        .def_property(
            "sin2_theta_w", [](const Parameters& p) { return p.electroweak.sin2_theta_w; },
            [](Parameters& p, double v) { p.electroweak.sin2_theta_w = v; },
            "Weak mixing angle sin^2 theta_W at low energy (MS-bar), dimensionless.")
        .def_property(
            "nucleon_axial_coupling",
            [](const Parameters& p) { return p.electroweak.nucleon_axial_coupling; },
            [](Parameters& p, double v) { p.electroweak.nucleon_axial_coupling = v; },
            "Nucleon axial coupling g_A (PDG 2024: 1.2754; seed 003 uses 1.25).")
        .def_property(
            "coupling_scheme",
            [](const Parameters& p) { return std::string(to_string(p.electroweak.scheme)); },
            [](Parameters& p, const std::string& v) {
                p.electroweak.scheme = parse_coupling_scheme(v, "coupling_scheme");
            },
            "'tree_level' (default) or 'custom' (use gv_proton and gv_neutron).")
        .def_property(
            "gv_proton", [](const Parameters& p) { return p.electroweak.custom_gv_proton; },
            [](Parameters& p, std::array<double, 3> v) { p.electroweak.custom_gv_proton = v; },
            "g_V^p per flavour (e, mu, tau), used when coupling_scheme == 'custom'.")
        .def_property(
            "gv_neutron", [](const Parameters& p) { return p.electroweak.custom_gv_neutron; },
            [](Parameters& p, std::array<double, 3> v) { p.electroweak.custom_gv_neutron = v; },
            "g_V^n per flavour (e, mu, tau), used when coupling_scheme == 'custom'.")
        // --- model choices -------------------------------------------------------------------
        .def_property(
            "atomic_form_factor",
            [](const Parameters& p) -> py::object {
                if (!p.atomic_form_factor) return py::none();
                return py::str(std::string(to_string(*p.atomic_form_factor)));
            },
            [](Parameters& p, py::object v) {
                if (v.is_none())
                    p.atomic_form_factor.reset();
                else
                    p.atomic_form_factor = parse_atomic_form_factor(py::str(v).cast<std::string>(),
                                                                    "atomic_form_factor");
            },
            "Atomic form-factor model: 'hubbell', 'gauss6', 'hydrogenic', 'none', or None for the "
            "target's default.")
        .def_property(
            "nuclear_form_factor",
            [](const Parameters& p) -> py::object {
                if (!p.nuclear_form_factor) return py::none();
                return py::str(std::string(to_string(*p.nuclear_form_factor)));
            },
            [](Parameters& p, py::object v) {
                if (v.is_none())
                    p.nuclear_form_factor.reset();
                else
                    p.nuclear_form_factor = parse_nuclear_form_factor(
                        py::str(v).cast<std::string>(), "nuclear_form_factor");
            },
            "Nuclear form-factor model: 'unity', 'helm', 'klein_nystrand', or None for the "
            "target's default.")
        // --- NSI ---------------------------------------------------------------------------
        .def_property(
            "axial_quark_rule",
            [](const Parameters& p) { return std::string(to_string(p.nsi.axial_rule)); },
            [](Parameters& p, const std::string& v) {
                p.nsi.axial_rule = parse_axial_quark_rule(v, "axial_quark_rule");
            },
            "Quark-to-nucleon rule for axial NSI: 'spin_fractions' (default) or 'valence' (seed "
            "000).")
        .def_property(
            "tensor_model",
            [](const Parameters& p) { return std::string(to_string(p.nsi.tensor_model)); },
            [](Parameters& p, const std::string& v) {
                p.nsi.tensor_model = parse_tensor_model(v, "tensor_model");
            },
            "Tensor NSI response: 'spin' (default) or 'coherent' (point-Dirac model choice).")
        .def_property(
            "nucleon_charges", [](Parameters& p) -> NucleonCharges& { return p.nsi.charges; },
            [](Parameters& p, const NucleonCharges& c) { p.nsi.charges = c; },
            py::return_value_policy::reference_internal,
            "Hadronic matrix elements for quark-level NSI (NucleonCharges, edited in place).")
        .def("set_nsi", &set_nsi_entry, py::arg("structure"), py::arg("level"), py::arg("pair"),
             py::arg("value"), R"doc(
Set one NSI coupling and its hermitian partner.

structure: 'vector', 'axial', 'scalar' or 'tensor'; level: 'u', 'd', 'p', 'n', 'nucleus'
(the seeds' eps^Nucl) or 'e'; pair: 'ee', 'emu', 'etau', 'mumu', 'mutau', 'tautau' (or the
reversed order); value: a complex number (dimensionless, in units of G_F), or a string like
'0.1-0.05i'. A diagonal entry must be real.
)doc")
        .def(
            "set_nsi",
            [](Parameters& p, const std::string& s, const std::string& l, const std::string& pair,
               const std::string& value) {
                set_nsi_entry(p, s, l, pair, parse_complex(value, nsi_field(s, l) + "." + pair));
            },
            py::arg("structure"), py::arg("level"), py::arg("pair"), py::arg("value"))
        .def("set_nsi", &set_nsi_whole, py::arg("structure"), py::arg("level"), py::arg("matrix"),
             "Set a whole NSI matrix (3x3 complex array-like, rows and columns e, mu, tau). It "
             "must be "
             "hermitian: otherwise ValueError naming the entry.")
        .def(
            "nsi",
            [](Parameters& p, const std::string& s, const std::string& l) {
                return to_numpy(nsi_matrix(p, s, l));
            },
            py::arg("structure"), py::arg("level"),
            "The NSI matrix of one structure and level as a 3x3 complex array (a copy).")
        .def(
            "clear_nsi",
            [](Parameters& p) {
                for (NsiLevels* lv : {&p.nsi.vector, &p.nsi.axial, &p.nsi.scalar, &p.nsi.tensor})
                    *lv = NsiLevels{};
            },
            "Set every NSI coupling to zero (keeps rules, models and nucleon charges).")
        .def(
            "new_physics",
            [](const Parameters& p) {
                py::dict d;
                for (const auto& [k, v] : describe_nonzero(p.nsi, p.electromagnetic))
                    d[py::str(k)] = v;
                return d;
            },
            "Non-zero new-physics inputs as {name: value text}, e.g. {'nsi.vector.nucleus.emu': "
            "'0.1-0.05i'} (upper triangle; the library's header format).")
        .def(
            "validate",
            [](const Parameters& p) {
                validate(p.nsi, p.electromagnetic);
                validate(p.mixing);
            },
            "Validate every matrix and the mixing parameters (ValueError naming the field).")
        .def("__repr__", [](const Parameters& p) {
            std::string r = "Parameters(sin2_theta_w=" + format_value(p.electroweak.sin2_theta_w) +
                            ", ordering='" + std::string(to_string(p.mixing.ordering())) + "'";
            if (p.atomic_form_factor)
                r += ", atomic_form_factor='" + std::string(to_string(*p.atomic_form_factor)) + "'";
            if (p.nuclear_form_factor)
                r += ", nuclear_form_factor='" + std::string(to_string(*p.nuclear_form_factor)) +
                     "'";
            for (const auto& [k, v] : describe_nonzero(p.nsi, p.electromagnetic))
                r += ", " + k + "=" + v;
            return r + ")";
        });
    // --- electromagnetic properties --------------------------------------------------------
    def_em_matrix<&ElectromagneticParameters::millicharge>(
        cls, "millicharge", 1.0,
        "Neutrino millicharge Q_nu [e]: a number (on the diagonal) or a hermitian 3x3 array.");
    def_em_matrix<&ElectromagneticParameters::magnetic_moment>(
        cls, "magnetic_moment", 1.0,
        "Neutrino magnetic moment [mu_B]: a number (on the diagonal) or a hermitian 3x3 array.");
    def_em_matrix<&ElectromagneticParameters::charge_radius>(
        cls, "charge_radius", units::cm2,
        "Neutrino charge radius <r^2> [cm^2] (Giunti & Studenikin, RMP 87 (2015) 531): a number "
        "(on the diagonal) or a hermitian 3x3 array.");
}

}  // namespace cevas::python
