/// @file
/// Event rates (rates/*.hpp): source–target geometry (point, cylindrical tank), the flux-folded
/// differential rate EventRate (NumPy array in and out, GIL released) and the detector folding
/// bin_counts. Units at the Python boundary: recoil energies [eV], lengths [m], flux factor
/// [1/cm^2], exposure [s], dN/dT [events/(eV s)] for the whole target, background
/// [events/(eV s)], counts dimensionless (expected events over the exposure).
///
/// Inputs are checked here in the Python unit and under the Python argument name where the
/// library would report a natural-unit value (lengths, times, rates); the rest is the library's.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cevas/rates/detector.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/rates/geometry.hpp"
#include "cevas/rates/material_rate.hpp"
#include "cevas/sources/spectrum.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

py::array_t<double> to_array(const std::vector<double>& v, double scale = 1.0) {
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    double* d = out.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) d[i] = v[i] * scale;
    return out;
}

std::vector<double> to_vector(py::handle obj, const char* field, double scale = 1.0) {
    const DoubleArray a = as_double_array(obj, field);
    if (a.ndim() != 1) {
        throw InvalidArgument(describe(field,
                                       "array with " + std::to_string(a.ndim()) + " dimensions",
                                       "expected a one-dimensional array"));
    }
    std::vector<double> v(a.data(), a.data() + a.size());
    for (double& x : v) x *= scale;
    return v;
}

void check_species(const EventRate& r, int species) {
    if (species < -1 || species >= static_cast<int>(r.n_species())) {
        throw InvalidArgument(describe("species", std::to_string(species),
                                       "use -1 (all) or a component index 0.." +
                                           std::to_string(static_cast<int>(r.n_species()) - 1)));
    }
}

/// A number (constant) or a pair (T_eV, values) of equal-length 1-D arrays (a table with linear
/// interpolation in T, constant beyond its ends). Values are multiplied by `scale`; if
/// `non_negative`, negative values are rejected here (under the Python name and unit).
TabulatedFunction function_of_recoil(py::handle obj, const char* field, double scale,
                                     bool non_negative) {
    TabulatedFunction f;
    const auto reject = [&](const std::string& what) {
        throw InvalidArgument(describe(
            field, what, "expected a number or a pair (T_eV, values) of equal-length arrays"));
    };
    if (py::isinstance<py::str>(obj)) reject(py::repr(obj).cast<std::string>());
    if (is_scalar(obj)) {
        const double v = py::cast<double>(obj);
        if (non_negative) require_non_negative(field, v);
        f.constant = v * scale;
        return f;
    }
    const DoubleArray a = as_double_array(obj, field);
    if (a.ndim() == 0) {
        const double v = *a.data();
        if (non_negative) require_non_negative(field, v);
        f.constant = v * scale;
        return f;
    }
    if (a.ndim() != 2 || a.shape(0) != 2 || a.shape(1) < 1) {
        std::string shape = "(";
        for (py::ssize_t k = 0; k < a.ndim(); ++k) {
            if (k) shape += ", ";
            shape += std::to_string(a.shape(k));
        }
        reject("array of shape " + shape + (a.ndim() == 1 ? ",)" : ")"));
    }
    const auto n = static_cast<std::size_t>(a.shape(1));
    const double* d = a.data();
    f.x.assign(d, d + n);
    f.y.assign(d + n, d + 2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        if (non_negative) {
            const std::string fi = std::string(field) + "[" + std::to_string(i) + "]";
            require_non_negative(fi.c_str(), f.y[i]);
        }
        f.x[i] *= units::eV;
        f.y[i] *= scale;
    }
    return f;
}

py::dict bin_counts_py(py::object rate_obj, double exposure_s, py::handle edges_ev,
                       double threshold_ev, py::handle efficiency, double resolution_abs_ev,
                       double resolution_rel, py::handle background, int species,
                       int panels_per_bin, bool decay, int threads) {
    // An EventRate, or a MaterialRate (composite target: the isotopes' counts summed).
    const MaterialRate* material =
        py::isinstance<MaterialRate>(rate_obj) ? &rate_obj.cast<const MaterialRate&>() : nullptr;
    const EventRate& rate =
        material ? material->isotope_rate(0) : rate_obj.cast<const EventRate&>();
    const double half_life_s = decay ? rate_half_life_s(rate_obj) : 0.0;
    check_species(rate, species);
    require_positive("exposure_s", exposure_s);
    require_non_negative("threshold_eV", threshold_ev);
    require_non_negative("resolution_abs_eV", resolution_abs_ev);
    require_non_negative("resolution_rel", resolution_rel);
    Detector det;
    det.exposure = exposure_s * units::s;
    det.threshold = threshold_ev * units::eV;
    det.efficiency = function_of_recoil(efficiency, "efficiency", 1.0, false);
    det.resolution = {resolution_abs_ev * units::eV, resolution_rel};
    det.binning = Binning::explicit_edges(to_vector(edges_ev, "edges_eV", units::eV), "edges_eV");
    det.background =
        function_of_recoil(background, "background_per_eV_per_s", kEventsPerEvPerSecond, true);
    BinnedCounts c;
    {
        py::gil_scoped_release release;
        c = material ? material->bin(det, species, panels_per_bin, threads)
                     : bin_counts(rate, det, species, panels_per_bin, threads);
        apply_source_decay(c, det.exposure, half_life_s * units::s);
    }
    py::dict d;
    d["edges_eV"] = to_array(c.edges, 1.0 / units::eV);
    d["signal"] = to_array(c.signal);
    d["background"] = to_array(c.background);
    d["total_signal"] = c.total_signal;
    d["total_background"] = c.total_background;
    d["exposure_s"] = exposure_s;
    d["half_life_s"] = half_life_s > 0 ? py::object(py::float_(half_life_s)) : py::none();
    d["effective_exposure_s"] = effective_exposure(det.exposure, half_life_s * units::s) / units::s;
    py::list warnings;
    for (const auto& w : c.warnings) warnings.append(w);
    d["warnings"] = warnings;
    if (!c.warnings.empty()) {
        auto warn = py::module_::import("warnings").attr("warn");
        for (const auto& w : c.warnings)
            warn(w, py::module_::import("builtins").attr("UserWarning"), 2);
    }
    return d;
}

py::dict geometry_description(const std::vector<std::pair<std::string, std::string>>& d) {
    py::dict out;
    for (const auto& [k, v] : d) out[py::str(k)] = v;
    return out;
}

CylinderTank tank(double radius_m, double height_m, double inner_radius_m, double offset_radial_m,
                  double offset_axial_m) {
    require_positive("radius_m", radius_m);
    require_positive("height_m", height_m);
    require_non_negative("inner_radius_m", inner_radius_m);
    require_finite("source_offset_radial_m", offset_radial_m);
    require_finite("source_offset_axial_m", offset_axial_m);
    return {.radius = radius_m * units::m,
            .height = height_m * units::m,
            .inner_radius = inner_radius_m * units::m,
            .source_offset_radial = offset_radial_m * units::m,
            .source_offset_axial = offset_axial_m * units::m};
}

}  // namespace

void bind_rates(py::module_& m) {
    py::class_<FluxGeometry>(m, "FluxGeometry", R"doc(
Source-target geometry as the rate calculation sees it: the flux factor <1/(4 pi r^2)> over the
target volume and the baselines with their share of the interactions (weight ∝ dV/r^2, summing
to 1), over which the oscillation phase is averaged. Made by point_geometry or
cylinder_geometry. Units: flux factor [1/cm^2], baselines [m].
)doc")
        .def_property_readonly(
            "flux_factor_per_cm2", [](const FluxGeometry& g) { return g.flux_factor * units::cm2; },
            "<1/(4 pi r^2)> over the target [1/cm^2].")
        .def_property_readonly(
            "flux_factor_per_m2", [](const FluxGeometry& g) { return g.flux_factor * units::m2; },
            "<1/(4 pi r^2)> over the target [1/m^2].")
        .def_property_readonly(
            "baselines_m",
            [](const FluxGeometry& g) { return to_array(g.baselines.baselines, 1.0 / units::m); },
            "Baselines [m] (NumPy array).")
        .def_property_readonly(
            "weights", [](const FluxGeometry& g) { return to_array(g.baselines.weights); },
            "Share of the interactions at each baseline (NumPy array, sums to 1).")
        .def(
            "describe", [](const FluxGeometry& g) { return geometry_description(g.description); },
            "The geometry inputs as {key: value text} (output-header description).")
        .def("__repr__", [](const FluxGeometry& g) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "FluxGeometry(flux_factor=%.6g /cm^2, %zu baselines)",
                          g.flux_factor * units::cm2, g.baselines.baselines.size());
            return std::string(buf);
        });

    m.def(
        "point_geometry",
        [](double distance_m) {
            require_positive("distance_m", distance_m);
            return point_geometry(distance_m * units::m);
        },
        py::arg("distance_m"),
        "Point source at distance_m [m] from a point-like target: 1/(4 pi d^2), one baseline.");

    m.def(
        "cylinder_geometry",
        [](double radius_m, double height_m, double inner_radius_m, double offset_radial_m,
           double offset_axial_m, int n_angle, int n_radius) {
            const CylinderTank t =
                tank(radius_m, height_m, inner_radius_m, offset_radial_m, offset_axial_m);
            py::gil_scoped_release release;
            return cylinder_geometry(t, n_angle, n_radius);
        },
        py::arg("radius_m"), py::arg("height_m"), py::arg("inner_radius_m") = 0.0,
        py::arg("source_offset_radial_m") = 0.0, py::arg("source_offset_axial_m") = 0.0,
        py::kw_only(), py::arg("n_angle") = 8, py::arg("n_radius") = 8, R"doc(
A point source and a cylindrical target tank of radius_m and height_m [m], the source at the
centre (SATURNE) or displaced by source_offset_radial_m (from the axis) and
source_offset_axial_m (from the mid-plane) [m], inside or outside the tank; inner_radius_m [m]:
a spherical dead region around an inside source (the capsule). n_angle, n_radius: exactly that
many Gauss-Legendre nodes per angular and radial rule (panels of at most 8).
)doc");

    m.def(
        "cylinder_volume",
        [](double radius_m, double height_m, double inner_radius_m, double offset_radial_m,
           double offset_axial_m) {
            return cylinder_volume(
                       tank(radius_m, height_m, inner_radius_m, offset_radial_m, offset_axial_m)) /
                   units::m3;
        },
        py::arg("radius_m"), py::arg("height_m"), py::arg("inner_radius_m") = 0.0,
        py::arg("source_offset_radial_m") = 0.0, py::arg("source_offset_axial_m") = 0.0,
        "Target volume [m^3] of the tank minus the dead sphere (arguments as cylinder_geometry).");

    m.def(
        "atoms_in_mass",
        [](double mass_kg, double atom_mass_ev) {
            require_positive("mass_kg", mass_kg);
            require_positive("atom_mass_eV", atom_mass_ev);
            return atoms_in_mass(mass_kg * units::kg, atom_mass_ev * units::eV);
        },
        py::arg("mass_kg"), py::arg("atom_mass_eV"),
        "Number of atoms in mass_kg [kg] of atoms of mass atom_mass_eV [eV] (e.g. "
        "CrossSection.mass).");

    py::class_<EventRate>(m, "EventRate", py::dynamic_attr(), R"doc(
Flux-folded differential event rate of one target:

  dN/dT = N_atoms sum_s R_s <1/(4 pi r^2)> integral_{E_min(T)} dE rho_s(E) dsigma/dT(E, T)

with dsigma/dT averaged over the geometry's baselines (oscillations=True, the default) or at
L = 0. The cross section is referenced, not copied (it is kept alive with this object); the
source and geometry are copied. Units: T [eV], dN/dT [events/(eV s)] for the whole target.
differential() is the rate at the start of the exposure; attribute half_life_s [s] (taken from
the source's half_life_s; None = constant activity) is what bin_counts uses for the decay during
the exposure.

Example::

    xs = cevas.CrossSection("He4")
    rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=3.7e17),
                           cevas.point_geometry(0.1), n_atoms=1e25)
    rate.differential(np.geomspace(1e-4, 1e-2, 50))      # [events/(eV s)]
)doc")
        .def(py::init([](const CrossSection& xs, const Source& source, const FluxGeometry& geometry,
                         double n_atoms, bool oscillations, int energy_panels, int threads) {
                 RateOptions o;
                 o.oscillations = oscillations;
                 o.energy_panels = energy_panels;
                 o.threads = threads;
                 py::gil_scoped_release release;
                 return std::make_unique<EventRate>(xs, source, geometry, n_atoms, o);
             }),
             py::arg("cross_section"), py::arg("source"), py::arg("geometry"), py::arg("n_atoms"),
             py::arg("oscillations") = true, py::kw_only(), py::arg("energy_panels") = 48,
             py::arg("threads") = 0, py::keep_alive<1, 2>(),
             "cross_section: CrossSection; source: Source; geometry: FluxGeometry; n_atoms: number "
             "of "
             "target atoms (see atoms_in_mass); oscillations: average the oscillation phase over "
             "the "
             "baselines; energy_panels: Gauss-Legendre panels (8 nodes) per continuum; threads: "
             "worker threads for building and for differential() on arrays (0: every core), with "
             "bit-identical results for every count.")
        .def(
            "differential",
            [](const EventRate& r, py::handle t, int species) {
                check_species(r, species);
                return rate_differential(r, t, species);
            },
            py::arg("t"), py::arg("species") = -1, R"doc(
dN/dT [events/(eV s)] for the whole target at recoil energies t [eV] (number or array; the
result has its shape), summed over the source's components (species=-1) or for one component
index. 0 above t_max. GIL released.
)doc")
        .def_property_readonly(
            "t_max", [](const EventRate& r) { return r.t_max() / units::eV; },
            "Largest recoil any component can produce [eV].")
        .def_property_readonly("n_species", &EventRate::n_species,
                               "Number of species (= source components).")
        .def_property_readonly("n_atoms", &EventRate::n_atoms, "Number of target atoms.")
        .def_property_readonly("geometry", &EventRate::geometry, "The geometry (a copy).")
        .def("__repr__", [](const EventRate& r) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "EventRate(%s, %zu species, n_atoms=%.6g, t_max=%.6g eV)",
                          r.cross_section().target().name.c_str(), r.n_species(), r.n_atoms(),
                          r.t_max() / units::eV);
            return std::string(buf);
        });

    m.attr("EventRate").attr("half_life_s") = py::none();

    m.def("bin_counts", &bin_counts_py, py::arg("rate"), py::arg("exposure_s"), py::arg("edges_eV"),
          py::kw_only(), py::arg("threshold_eV") = 0.0, py::arg("efficiency") = 1.0,
          py::arg("resolution_abs_eV") = 0.0, py::arg("resolution_rel") = 0.0,
          py::arg("background_per_eV_per_s") = 0.0, py::arg("species") = -1,
          py::arg("panels_per_bin") = 1, py::arg("decay") = true, py::arg("threads") = 0,
          R"doc(
Expected counts per bin over the exposure: signal_i = exposure * integral dT dN/dT eff(T) P_i(T),
P_i the Gaussian probability (sigma^2 = resolution_abs_eV^2 + (resolution_rel T)^2) that a true
recoil T is reconstructed in bin i above threshold_eV.

rate: EventRate or MaterialRate; exposure_s: live time [s]; edges_eV: bin edges in reconstructed recoil [eV]
(strictly increasing, >= 2); efficiency: a number in [0, 1] or a pair (T_eV, eff) of arrays
(linear interpolation in true T, constant beyond the ends); background_per_eV_per_s: a number or
a pair (T_eV, B) [events/(eV s)]; species: -1 (all) or one component index; decay: count the
signal of a decaying source (rate.half_life_s, from its source) over the effective exposure
t_eff = (1 - exp(-lambda t)) / lambda, lambda = ln2 / half-life, exactly as `cevas run`
(the background over the live time); False: constant activity.

Returns a dict: edges_eV, signal, background (NumPy arrays, events per bin), total_signal,
total_background (the sums of the bins), exposure_s, half_life_s (None without decay),
effective_exposure_s [s] and warnings (list of str; each is also issued as a
Python UserWarning, e.g. a threshold above the kinematic maximum, which gives zero signal).
GIL released during the computation; threads: worker threads (0: every core), with
bit-identical results for every count.
)doc");
}

}  // namespace cevas::python
