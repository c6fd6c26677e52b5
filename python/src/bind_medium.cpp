/// @file
/// Bindings of the detector medium (include/cevas/medium, rates/deposited.hpp): the dynamic
/// structure factor of superfluid 4He and event spectra in deposited energy. Units at the
/// Python boundary: wavenumbers q in inverse angstrom, energies in eV, rates in events/(eV s).

#include <memory>

#include "cevas/medium/superfluid_helium.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/targets/target.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

const double kInvAngstrom = 1.0 / units::angstrom;
const double kEventsPerEvPerS = 1.0 / (units::eV * units::s);

std::vector<double> to_vector_ev(py::handle x, const char* field) {
    DoubleArray a = as_double_array(x, field);
    std::vector<double> v(a.data(), a.data() + a.size());
    for (double& e : v) e *= units::eV;
    return v;
}

py::array_t<double> to_numpy(const std::vector<double>& v, double scale) {
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) out.mutable_data()[i] = v[i] * scale;
    return out;
}

// The medium describes 4He: the rate must be on a 4He target.
void check_helium(const EventRate& rate) {
    const Target& t = rate.cross_section().target();
    if (t.z != 2 || t.a != 4)
        throw InvalidArgument(
            describe("medium", "superfluid_he4", "needs a He4 target, not " + t.name));
}

// dN/dT of `rate` at the map's recoil nodes (natural units).
std::vector<double> nodes_rate(const EventRate& rate, const DepositedEnergyMap& map, int species) {
    std::vector<double> dn(map.recoil_nodes().size());
    rate.differential(map.recoil_nodes(), dn, species);
    return dn;
}

}  // namespace

void bind_medium(py::module_& m) {
    py::class_<SuperfluidHelium>(m, "SuperfluidHelium", R"doc(
Dynamic structure factor S(q, omega) per atom of superfluid 4He at saturated vapour pressure,
T -> 0 (docs/medium.md), normalised so that a free atom at rest is delta(omega - q^2/2M):
phonon-roton line Z(q) delta(omega - eps(q)) plus a multi-excitation continuum below
q_collective, impulse approximation (condensate line + Gaussian broad part) above q_impulse,
smooth hand-over between. Sum rules: integral S = S(q), integral omega S = q^2/2M.
Units: q [1/angstrom], omega and energies [eV], S(q, omega) [1/eV].
)doc")
        .def(py::init([](double temperature_k, double density_g_cm3, double q_collective,
                         double q_impulse, py::object atom_mass_ev) {
                 Medium med{MediumModel::superfluid_he4};
                 med.temperature = temperature_k * units::kelvin;
                 med.density = density_g_cm3 * units::g / units::cm3;
                 med.q_collective = q_collective * kInvAngstrom;
                 med.q_impulse = q_impulse * kInvAngstrom;
                 const double mass = atom_mass_ev.is_none()
                                         ? make_target("He4").mass
                                         : atom_mass_ev.cast<double>() * units::eV;
                 return std::make_unique<SuperfluidHelium>(mass, med);
             }),
             py::kw_only(), py::arg("temperature_K") = 0.0, py::arg("density_g_cm3") = 0.0,
             py::arg("q_collective_inv_angstrom") = 2.5, py::arg("q_impulse_inv_angstrom") = 5.0,
             py::arg("atom_mass_eV") = py::none(),
             "temperature_K: liquid temperature (<= 1 K); density_g_cm3: 0 for the SVP density "
             "of the tables (others within 0.5 %); hand-over wavenumbers; atom_mass_eV: None for "
             "the AME2020 4He mass.")
        .def(
            "dispersion",
            [](const SuperfluidHelium& h, py::handle q) {
                return vectorize(q, "q", [&h](std::span<const double> in, std::span<double> out) {
                    for (std::size_t i = 0; i < in.size(); ++i)
                        out[i] = h.dispersion(in[i] * kInvAngstrom) / units::eV;
                });
            },
            py::arg("q"), "Phonon-roton energy eps(q) [eV] at q [1/angstrom].")
        .def(
            "static_structure_factor",
            [](const SuperfluidHelium& h, py::handle q) {
                return vectorize(q, "q", [&h](std::span<const double> in, std::span<double> out) {
                    for (std::size_t i = 0; i < in.size(); ++i)
                        out[i] = h.static_structure_factor(in[i] * kInvAngstrom);
                });
            },
            py::arg("q"), "S(q) at q [1/angstrom].")
        .def(
            "single_excitation_strength",
            [](const SuperfluidHelium& h, py::handle q) {
                return vectorize(q, "q", [&h](std::span<const double> in, std::span<double> out) {
                    for (std::size_t i = 0; i < in.size(); ++i)
                        out[i] = h.single_excitation_strength(in[i] * kInvAngstrom);
                });
            },
            py::arg("q"), "Z(q) at q [1/angstrom].")
        .def(
            "handover_weight",
            [](const SuperfluidHelium& h, py::handle q) {
                return vectorize(q, "q", [&h](std::span<const double> in, std::span<double> out) {
                    for (std::size_t i = 0; i < in.size(); ++i)
                        out[i] = h.handover_weight(in[i] * kInvAngstrom);
                });
            },
            py::arg("q"),
            "Weight of the collective model (1 below q_collective, 0 above q_impulse).")
        .def(
            "density",
            [](const SuperfluidHelium& h, double q, py::handle omega) {
                require_positive("q", q);
                const HeliumResponse r = h.response(q * kInvAngstrom);
                return vectorize(omega, "omega_eV",
                                 [&r](std::span<const double> in, std::span<double> out) {
                                     for (std::size_t i = 0; i < in.size(); ++i)
                                         out[i] = r.density(in[i] * units::eV) * units::eV;
                                 });
            },
            py::arg("q"), py::arg("omega_eV"),
            "Continuous part of S(q, omega) [1/eV] at one q [1/angstrom] (delta lines excluded: "
            "see response()).")
        .def(
            "cumulative",
            [](const SuperfluidHelium& h, double q, py::handle omega) {
                require_positive("q", q);
                const HeliumResponse r = h.response(q * kInvAngstrom);
                return vectorize(omega, "omega_eV",
                                 [&r](std::span<const double> in, std::span<double> out) {
                                     for (std::size_t i = 0; i < in.size(); ++i)
                                         out[i] = r.cumulative(in[i] * units::eV);
                                 });
            },
            py::arg("q"), py::arg("omega_eV"),
            "integral_0^omega S(q, w) dw at one q [1/angstrom], delta lines included.")
        .def(
            "response",
            [](const SuperfluidHelium& h, double q) {
                require_positive("q", q);
                const HeliumResponse r = h.response(q * kInvAngstrom);
                py::dict d;
                d["q_inv_angstrom"] = q;
                d["recoil_eV"] = r.recoil / units::eV;
                d["S"] = r.s_q;
                py::list lines;
                for (const auto& [w, z] : r.lines) lines.append(py::make_tuple(w / units::eV, z));
                d["lines"] = lines;
                d["continuum_weight"] = r.continuum_weight;
                d["continuum_threshold_eV"] = r.continuum_threshold / units::eV;
                d["continuum_mean_above_threshold_eV"] =
                    r.continuum_shape * r.continuum_scale / units::eV;
                d["broad_weight"] = r.broad_weight;
                d["broad_centre_eV"] = r.broad_centre / units::eV;
                d["broad_sigma_eV"] = r.broad_sigma / units::eV;
                d["broad_floor_eV"] = r.broad_floor / units::eV;
                return d;
            },
            py::arg("q"),
            "Components of S(q, omega) at one q [1/angstrom]: lines [(omega_eV, weight)], "
            "continuum and impulse-approximation broad part.")
        .def("describe",
             [](const SuperfluidHelium& h) {
                 py::dict d;
                 for (const auto& [k, v] : h.describe()) d[py::str(k)] = v;
                 return d;
             })
        .def("__repr__", [](const SuperfluidHelium& h) {
            return "SuperfluidHelium(temperature_K=" +
                   format_value(h.settings().temperature / units::kelvin) + ")";
        });

    m.def(
        "deposited_spectrum",
        [](const EventRate& rate, const SuperfluidHelium& medium, py::handle omega_ev,
           int species) {
            if (species < -1 || species >= static_cast<int>(rate.n_species()))
                throw InvalidArgument(describe("species", std::to_string(species),
                                               "must be -1 (all) or a component index"));
            check_helium(rate);
            std::vector<double> grid = to_vector_ev(omega_ev, "omega_eV");
            Detector det;
            det.exposure = 1.0;
            det.binning = Binning::linear(0, 1, 1);
            std::vector<double> out;
            {
                py::gil_scoped_release release;
                const DepositedEnergyMap map(medium, rate.t_max(), det, grid);
                out = map.spectrum(nodes_rate(rate, map, species));
            }
            return to_numpy(out, 1.0 / kEventsPerEvPerS);
        },
        py::arg("rate"), py::arg("medium"), py::arg("omega_eV"), py::kw_only(),
        py::arg("species") = -1, R"doc(
dN/domega [events/(eV s)] in deposited energy at omega_eV (increasing, >= 0):
dN/domega = integral dT dN/dT(T) S(q(T), omega), reported as averages over cells around each
point (edges at the midpoints). rate: EventRate on a 4He target; medium: SuperfluidHelium.
GIL released.
)doc");

    m.def(
        "deposited_counts",
        [](py::object rate_obj, const SuperfluidHelium& medium, double exposure_s,
           py::handle edges_ev, double threshold_ev, double efficiency, double resolution_abs_ev,
           double resolution_rel, double background, int species, bool decay) {
            const EventRate& rate = rate_obj.cast<const EventRate&>();
            const double half_life_s = decay ? rate_half_life_s(rate_obj) : 0.0;
            if (species < -1 || species >= static_cast<int>(rate.n_species()))
                throw InvalidArgument(describe("species", std::to_string(species),
                                               "must be -1 (all) or a component index"));
            check_helium(rate);
            require_positive("exposure_s", exposure_s);
            Detector det;
            det.exposure = exposure_s * units::s;
            det.threshold = threshold_ev * units::eV;
            det.efficiency.constant = efficiency;
            det.resolution = {resolution_abs_ev * units::eV, resolution_rel};
            det.binning = Binning::explicit_edges(to_vector_ev(edges_ev, "edges_eV"), "edges_eV");
            det.background.constant = background * kEventsPerEvPerS;
            BinnedCounts c;
            {
                py::gil_scoped_release release;
                const DepositedEnergyMap map(medium, rate.t_max(), det, {});
                c = map.counts(nodes_rate(rate, map, species));
                apply_source_decay(c, det.exposure, half_life_s * units::s);
            }
            py::dict d;
            d["edges_eV"] = to_numpy(c.edges, 1.0 / units::eV);
            d["signal"] = to_numpy(c.signal, 1.0);
            d["background"] = to_numpy(c.background, 1.0);
            d["total_signal"] = c.total_signal;
            d["total_background"] = c.total_background;
            py::list warnings;
            for (const auto& w : c.warnings) warnings.append(w);
            d["warnings"] = warnings;
            return d;
        },
        py::arg("rate"), py::arg("medium"), py::arg("exposure_s"), py::arg("edges_eV"),
        py::kw_only(), py::arg("threshold_eV") = 0.0, py::arg("efficiency") = 1.0,
        py::arg("resolution_abs_eV") = 0.0, py::arg("resolution_rel") = 0.0,
        py::arg("background_per_eV_per_s") = 0.0, py::arg("species") = -1, py::arg("decay") = true,
        R"doc(
Expected counts per bin of deposited energy omega over the exposure (as bin_counts, with the
detector acting on omega): signal_i = exposure integral domega dN/domega eff P_i(omega).
decay: count the signal of a decaying source (rate.half_life_s) over the effective exposure, as
bin_counts and `cevas run` do; False: constant activity.
Returns a dict: edges_eV, signal, background, total_signal, total_background, warnings.
GIL released.
)doc");

    m.def("medium_models", [] {
        return std::vector<std::string>{to_string(MediumModel::free),
                                        to_string(MediumModel::superfluid_he4)};
    });
}

}  // namespace cevas::python
