/// @file
/// Neutrino sources (sources/*.hpp): tritium, electron-capture lines, a user line, pion decay at
/// rest, reactor and tabulated spectra, as one `Source` class with its components, description
/// and (for continua) the normalised density. Units at the Python boundary: energies [eV],
/// activities and rates [1/s] (= Bq), masses [kg], thermal power [W], densities [1/eV],
/// differential emission rates [1/(eV s)].
///
/// Inputs are checked here in the Python unit and under the Python argument name (so that a
/// message shows `activity_Bq = -1`, not the natural-unit value); everything else, including
/// every number, comes from the library.

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cevas/sources/fermi_function.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/reactor.hpp"
#include "cevas/sources/spectrum.hpp"
#include "cevas/sources/tabulated.hpp"
#include "cevas/sources/tritium.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

constexpr double kPerSecond = units::Bq;                   // 1/s in natural units
constexpr double kPerEvPerSecond = units::Bq / units::eV;  // 1/(eV s) in natural units

/// One component as a dict: label, flavor, antineutrino, rate_per_s, kind, and either
/// energy_eV + branching (line) or e_min_eV + e_max_eV + model (continuum).
py::dict component_dict(const SpectrumComponent& c) {
    py::dict d;
    d["label"] = c.label;
    d["flavor"] = std::string(to_string(c.flavor));
    d["antineutrino"] = c.type == NeutrinoType::antineutrino;
    d["rate_per_s"] = c.rate / kPerSecond;
    if (c.is_line()) {
        d["kind"] = "line";
        d["energy_eV"] = c.line().energy / units::eV;
        d["branching"] = c.line().branching;
    } else {
        const ContinuousSpectrum& s = c.continuum();
        d["kind"] = "continuum";
        d["e_min_eV"] = s.e_min() / units::eV;
        d["e_max_eV"] = s.e_max() / units::eV;
        d["model"] = s.name();
    }
    return d;
}

py::dict description_dict(const Description& d) {
    py::dict out;
    for (const auto& [k, v] : d) out[py::str(k)] = v;
    return out;
}

/// The continuum a `component=` argument designates: None means "the only continuum".
const ContinuousSpectrum& select_continuum(const Source& s, py::handle component) {
    const auto& comps = s.components();
    if (component.is_none()) {
        std::vector<std::size_t> continua;
        for (std::size_t i = 0; i < comps.size(); ++i)
            if (!comps[i].is_line()) continua.push_back(i);
        if (continua.size() == 1) return comps[continua.front()].continuum();
        if (continua.empty()) {
            throw InvalidArgument(describe(
                "component", "None", "source '" + s.name() + "' has only lines (no density)"));
        }
        std::string list;
        for (std::size_t i : continua) {
            if (!list.empty()) list += ", ";
            list += std::to_string(i);
        }
        throw InvalidArgument(describe("component", "None",
                                       "source '" + s.name() +
                                           "' has several continua (components " + list +
                                           "): choose one"));
    }
    const long i = py::cast<long>(component);
    if (i < 0 || i >= static_cast<long>(comps.size())) {
        throw InvalidArgument(
            describe("component", std::to_string(i),
                     "no such component (the source has " + std::to_string(comps.size()) + ")"));
    }
    const SpectrumComponent& c = comps[static_cast<std::size_t>(i)];
    if (c.is_line()) {
        throw InvalidArgument(describe("component", std::to_string(i),
                                       "is a line at " + format_value(c.line().energy / units::eV) +
                                           " eV (a delta function: no density)"));
    }
    return c.continuum();
}

std::optional<NeutrinoType> optional_type(const std::optional<bool>& antineutrino) {
    if (!antineutrino) return std::nullopt;
    return neutrino_type(*antineutrino);
}

std::optional<Flavor> optional_flavor(const std::optional<std::string>& flavor) {
    if (!flavor) return std::nullopt;
    return parse_flavor(*flavor, "flavor");
}

Source tritium(std::optional<double> activity_bq, std::optional<double> mass_kg,
               const std::string& fermi_function) {
    TritiumParameters p;
    p.fermi_function = parse_fermi_function(fermi_function, "fermi_function");
    if (activity_bq.has_value() == mass_kg.has_value()) {
        throw InvalidArgument(describe("activity_Bq, mass_kg",
                                       activity_bq ? "both given" : "neither given",
                                       "give exactly one of them"));
    }
    if (activity_bq) {
        require_positive("activity_Bq", *activity_bq);
        return tritium_source_from_activity(*activity_bq * units::Bq, p);
    }
    require_positive("mass_kg", *mass_kg);
    return tritium_source_from_mass(*mass_kg * units::kg, p);
}

/// Four numbers in FissileIsotope order (U235, U238, Pu239, Pu241) from a sequence of 4 or a
/// dict keyed by isotope name.
std::array<double, 4> per_isotope(py::handle obj, const char* field, double scale) {
    std::array<double, 4> out{};
    if (py::isinstance<py::dict>(obj)) {
        const auto d = py::reinterpret_borrow<py::dict>(obj);
        std::array<bool, 4> seen{};
        for (auto item : d) {
            const std::string key = py::str(item.first);
            bool found = false;
            for (FissileIsotope iso : all_fissile_isotopes) {
                if (key == to_string(iso)) {
                    out[static_cast<std::size_t>(iso)] = py::cast<double>(item.second) * scale;
                    seen[static_cast<std::size_t>(iso)] = true;
                    found = true;
                }
            }
            if (!found) {
                throw InvalidArgument(describe(std::string(field) + "." + key,
                                               py::repr(item.second).cast<std::string>(),
                                               "unknown isotope (use U235, U238, Pu239, Pu241)"));
            }
        }
        for (FissileIsotope iso : all_fissile_isotopes) {
            if (!seen[static_cast<std::size_t>(iso)]) {
                throw InvalidArgument(
                    describe(std::string(field) + "." + std::string(to_string(iso)), "missing",
                             "give all four isotopes"));
            }
        }
        return out;
    }
    const DoubleArray a = as_double_array(obj, field);
    if (a.size() != 4) {
        throw InvalidArgument(describe(field, std::to_string(a.size()) + " values",
                                       "need 4 values (U235, U238, Pu239, Pu241) or a dict"));
    }
    for (std::size_t i = 0; i < 4; ++i) out[i] = a.data()[i] * scale;
    return out;
}

Source reactor(double thermal_power_w, py::handle fission_fractions, py::handle energy_per_fission,
               double e_min, double e_max) {
    require_positive("thermal_power_W", thermal_power_w);
    ReactorParameters p;
    p.thermal_power = thermal_power_w * units::W;
    if (!fission_fractions.is_none())
        p.fission_fractions = per_isotope(fission_fractions, "fission_fractions", 1.0);
    if (!energy_per_fission.is_none())
        p.energy_per_fission = per_isotope(energy_per_fission, "energy_per_fission_eV", units::eV);
    p.e_min = e_min * units::eV;
    p.e_max = e_max * units::eV;
    return reactor_source(p);
}

std::string source_repr(const Source& s) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "Source('%s', %zu component%s, total_rate=%.6g /s)",
                  s.name().c_str(), s.components().size(), s.components().size() == 1 ? "" : "s",
                  s.total_rate() / kPerSecond);
    return buf;
}

/// A Source as a Python object carrying the half-life of its activity [s] (attribute
/// half_life_s; None for constant sources), which the rate and counts functions use for the
/// decay during the exposure.
py::object with_half_life(Source src, double half_life) {
    py::object obj = py::cast(std::move(src));
    obj.attr("half_life_s") = half_life / units::s;
    return obj;
}

}  // namespace

void bind_sources(py::module_& m) {
    py::class_<Source>(m, "Source", py::dynamic_attr(), R"doc(
A neutrino source: a list of components (one species and shape each: a monoenergetic line or a
normalised continuum) with their emission rates. Made by the builder functions
(tritium_source, electron_capture_source, line_source, pion_dar_source, reactor_source,
tabulated_source); immutable.

Units: energies [eV], rates [1/s], densities [1/eV], differential emission [1/(eV s)].
Attribute half_life_s: half-life of the activity [s] for decaying sources (tritium 4500 d,
51Cr, 37Ar), None otherwise; EventRate and bin_counts count the signal over the effective
exposure (1 - exp(-lambda t)) / lambda, as `cevas run` does. Assign it to change it
(None: constant activity).
)doc")
        .def_property_readonly("name", &Source::name, "Source name.")
        .def_property_readonly(
            "total_rate", [](const Source& s) { return s.total_rate() / kPerSecond; },
            "Neutrinos emitted per second, all components [1/s].")
        .def_property_readonly(
            "max_energy", [](const Source& s) { return s.max_energy() / units::eV; },
            "Highest neutrino energy of any component [eV].")
        .def_property_readonly(
            "components",
            [](const Source& s) {
                py::list out;
                for (const auto& c : s.components()) out.append(component_dict(c));
                return out;
            },
            R"doc(
The components as a list of dicts: label, flavor ('e', 'mu', 'tau'), antineutrino (bool),
rate_per_s [1/s], kind ('line' or 'continuum'); a line adds energy_eV [eV] and branching, a
continuum e_min_eV, e_max_eV [eV] (its support) and model.
)doc")
        .def(
            "rate",
            [](const Source& s, const std::string& flavor, bool antineutrino) {
                return s.rate(parse_flavor(flavor, "flavor"), neutrino_type(antineutrino)) /
                       kPerSecond;
            },
            py::kw_only(), py::arg("flavor"), py::arg("antineutrino"),
            "Emission rate of one species [1/s] (0 if the source does not emit it).")
        .def(
            "density",
            [](const Source& s, py::handle e_nu, py::handle component) {
                const ContinuousSpectrum& sp = select_continuum(s, component);
                return vectorize(e_nu, "e_nu",
                                 [&sp](std::span<const double> in, std::span<double> out) {
                                     for (std::size_t i = 0; i < in.size(); ++i)
                                         out[i] = sp.density(in[i] * units::eV) * units::eV;
                                 });
            },
            py::arg("e_nu"), py::arg("component") = py::none(), R"doc(
Normalised spectral density rho(E) [1/eV] of one continuum component at neutrino energies
e_nu [eV] (number or array; the result has its shape). Integrates to 1 over the component's
support; 0 outside. `component` is the index into `components`; None selects the only continuum
(an error if there are several or none). GIL released.
)doc")
        .def(
            "rate_density",
            [](const Source& s, py::handle e_nu) {
                return vectorize(e_nu, "e_nu",
                                 [&s](std::span<const double> in, std::span<double> out) {
                                     for (std::size_t i = 0; i < in.size(); ++i) {
                                         double sum = 0;
                                         for (const auto& c : s.components())
                                             sum += c.rate_density(in[i] * units::eV);
                                         out[i] = sum / kPerEvPerSecond;
                                     }
                                 });
            },
            py::arg("e_nu"), R"doc(
Differential emission rate sum_continua rate * rho(E) [1/(eV s)] at e_nu [eV] (number or
array). Lines (delta functions) are not included: see `components`. GIL released.
)doc")
        .def(
            "mean_energy",
            [](const Source& s, py::handle component) {
                return mean_energy(select_continuum(s, component)) / units::eV;
            },
            py::arg("component") = py::none(),
            "Mean neutrino energy of one continuum component [eV] (component as in density).")
        .def(
            "describe", [](const Source& s) { return description_dict(s.describe()); },
            "Every input as {key: value text}: name, strength, per component its species, rate and "
            "support, and the spectrum model's inputs (the output-header description).")
        .def("__repr__", &source_repr);
    m.attr("Source").attr("half_life_s") = py::none();

    m.def(
        "tritium_source",
        [](std::optional<double> activity_bq, std::optional<double> mass_kg,
           const std::string& fermi_function) {
            return with_half_life(tritium(activity_bq, mass_kg, fermi_function),
                                  TritiumParameters{}.half_life);
        },
        py::arg("activity_Bq") = py::none(), py::arg("mass_kg") = py::none(),
        py::arg("fermi_function") = "nonrelativistic", R"doc(
Tritium beta decay (one anti-nu_e per decay; allowed shape, Q = 18592.01 eV, T_1/2 = 4500 d).
Give exactly one of activity_Bq [Bq] or mass_kg [kg] (1 g is about 9.62 kCi).
fermi_function: 'nonrelativistic' (default), 'wilkinson' or 'relativistic'.
)doc");
    m.def(
        "tritium_activity_from_mass",
        [](double mass_kg) {
            require_positive("mass_kg", mass_kg);
            return tritium_activity_from_mass(mass_kg * units::kg) / units::Bq;
        },
        py::arg("mass_kg"), "Activity [Bq] of a tritium mass [kg] (A = ln2/T_1/2 * m / m(3H)).");
    m.def(
        "tritium_mass_from_activity",
        [](double activity_bq) {
            require_positive("activity_Bq", activity_bq);
            return tritium_mass_from_activity(activity_bq * units::Bq) / units::kg;
        },
        py::arg("activity_Bq"),
        "Tritium mass [kg] of an activity [Bq] (inverse of tritium_activity_from_mass).");

    m.def(
        "electron_capture_source",
        [](const std::string& isotope, double activity_bq) {
            const ElectronCaptureIsotope iso = parse_electron_capture_isotope(isotope, "isotope");
            require_positive("activity_Bq", activity_bq);
            return with_half_life(electron_capture_source(iso, activity_bq * units::Bq),
                                  electron_capture_half_life(iso));
        },
        py::arg("isotope"), py::arg("activity_Bq"), R"doc(
Electron-capture nu_e lines: isotope 'cr51' or 'ar37' (also 'Cr51', '51Cr', ...), activity [Bq]
at the time of interest. One line component per capture branch, rate = activity x branching.
)doc");
    m.def(
        "electron_capture_lines",
        [](const std::string& isotope) {
            py::list out;
            for (const auto& l :
                 electron_capture_lines(parse_electron_capture_isotope(isotope, "isotope"))) {
                py::dict d;
                d["label"] = l.label;
                d["energy_eV"] = l.energy / units::eV;
                d["branching"] = l.branching;
                out.append(d);
            }
            return out;
        },
        py::arg("isotope"),
        "The nu_e lines of 'cr51' or 'ar37': [{label, energy_eV, branching}, ...].");

    m.def(
        "line_source",
        [](double energy_ev, const std::string& flavor, bool antineutrino, double rate_per_s,
           const std::string& name) {
            require_positive("energy_eV", energy_ev);
            require_positive("rate_per_s", rate_per_s);
            LineSourceParameters p;
            p.name = name;
            p.energy = energy_ev * units::eV;
            p.flavor = parse_flavor(flavor, "flavor");
            p.type = neutrino_type(antineutrino);
            p.rate = rate_per_s * kPerSecond;
            return line_source(p);
        },
        py::arg("energy_eV"), py::arg("flavor"), py::arg("antineutrino"), py::arg("rate_per_s"),
        py::kw_only(), py::arg("name") = "line",
        "A monoenergetic source: energy_eV [eV], flavor ('e', 'mu', 'tau'), antineutrino (bool, "
        "explicit), rate_per_s [1/s].");

    m.def(
        "pion_dar_source",
        [](double proton_rate_per_s, double pions_per_proton) {
            require_positive("proton_rate_per_s", proton_rate_per_s);
            require_positive("pions_per_proton", pions_per_proton);
            PionDecayAtRestParameters p;
            p.proton_rate = proton_rate_per_s * kPerSecond;
            p.pions_per_proton = pions_per_proton;
            return pion_decay_at_rest_source(p);
        },
        py::arg("proton_rate_per_s"), py::arg("pions_per_proton"), R"doc(
Pion decay at rest: prompt nu_mu line (29.79 MeV) and delayed nu_e and anti-nu_mu Michel spectra
(0 to m_mu/2), each with rate = proton_rate_per_s [1/s] x pions_per_proton.
)doc");
    m.def(
        "proton_rate_from_beam",
        [](double beam_power_w, double proton_kinetic_energy_ev) {
            require_positive("beam_power_W", beam_power_w);
            require_positive("proton_kinetic_energy_eV", proton_kinetic_energy_ev);
            return proton_rate_from_beam(beam_power_w * units::W,
                                         proton_kinetic_energy_ev * units::eV) /
                   kPerSecond;
        },
        py::arg("beam_power_W"), py::arg("proton_kinetic_energy_eV"),
        "Protons per second [1/s] of a beam of power [W] and kinetic energy per proton [eV].");

    m.def("reactor_source", &reactor, py::arg("thermal_power_W"), py::kw_only(),
          py::arg("fission_fractions") = py::none(), py::arg("energy_per_fission_eV") = py::none(),
          py::arg("e_min_eV") = 1.8e6, py::arg("e_max_eV") = 1.0e7, R"doc(
Reactor anti-nu_e (Huber-Mueller fits). thermal_power_W [W]; fission_fractions (U235, U238,
Pu239, Pu241) as 4 numbers or a dict {'U235': ..., ...} (default 0.56/0.08/0.30/0.06, must sum
to 1 within 1e-3); energy_per_fission_eV likewise [eV] (default Ma et al. 2013); spectrum cut to
[e_min_eV, e_max_eV] [eV] (default 1.8-10 MeV; below ~2 MeV the fit is extrapolated).
)doc");

    m.def(
        "tabulated_source",
        [](const std::string& path, double rate_per_s, std::optional<std::string> flavor,
           std::optional<bool> antineutrino, const std::string& name) {
            require_positive("rate_per_s", rate_per_s);
            TabulatedSourceParameters p;
            p.path = path;
            p.rate = rate_per_s * kPerSecond;
            p.flavor = optional_flavor(flavor);
            p.type = optional_type(antineutrino);
            p.name = name;
            return tabulated_source(p);
        },
        py::arg("path"), py::arg("rate_per_s"), py::kw_only(), py::arg("flavor") = py::none(),
        py::arg("antineutrino") = py::none(), py::arg("name") = "", R"doc(
A one-component source from a spectrum file (header `# energy_unit = ...`, `# spectrum_unit =
...`, optional `# flavor`, `# type`; two columns E, dN/dE; docs/sources.md section 6),
linear interpolation, normalised. rate_per_s [1/s]; flavor and antineutrino from here or the
file (they must agree if both are given). Malformed files raise DataError "file:line: ...".
)doc");
}

}  // namespace cevas::python
