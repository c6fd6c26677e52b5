/// @file
/// Detector response for nuclear recoils (rates/response.hpp): quenching, the observed value in
/// keVnr/keVee/photo-electrons, Poisson probabilities and pion-DAR timing fractions. Thin
/// wrappers; the physics is in the library. Units: recoil energies [eV], times [ns].

#include "cevas/rates/response.hpp"
#include "common.hpp"

namespace cevas::python {

namespace {

DetectorResponse make_response(const std::string& observable, const std::string& quenching,
                               double k, int z, const std::vector<double>& coefficients,
                               const std::vector<double>& range_keVnr, double light_yield) {
    DetectorResponse r;
    if (observable == "nr")
        r.observable = Observable::nr;
    else if (observable == "ee")
        r.observable = Observable::ee;
    else if (observable == "pe")
        r.observable = Observable::pe;
    else
        throw InvalidArgument(describe("observable", "'" + observable + "'", "nr, ee or pe"));
    if (quenching == "lindhard") {
        r.quenching.model = QuenchingModel::lindhard;
        r.quenching.k = k;
        r.quenching.z = z;
        if (z == 0) throw InvalidArgument(describe("z", "0", "Lindhard needs the atomic number"));
    } else if (quenching == "polynomial") {
        r.quenching.model = QuenchingModel::polynomial;
        r.quenching.coefficients = coefficients;
        if (range_keVnr.size() != 2)
            throw InvalidArgument(describe(
                "range_keVnr", std::to_string(range_keVnr.size()) + " values", "need [min, max]"));
        r.quenching.range_min = range_keVnr[0] * units::keV;
        r.quenching.range_max = range_keVnr[1] * units::keV;
    } else if (quenching != "none") {
        throw InvalidArgument(
            describe("quenching", "'" + quenching + "'", "none, lindhard or polynomial"));
    }
    r.light_yield = light_yield;
    r.validate();
    return r;
}

}  // namespace

void bind_response(py::module_& m) {
    m.def(
        "lindhard_quenching",
        [](py::handle recoil_eV, int z, double k) {
            return vectorize(recoil_eV, "recoil_eV",
                             [&](std::span<const double> e, std::span<double> out) {
                                 for (std::size_t i = 0; i < e.size(); ++i)
                                     out[i] = lindhard_quenching(e[i] * units::eV, z, k);
                             });
        },
        py::arg("recoil_eV"), py::arg("z"), py::arg("k"),
        R"(Lindhard's quenching factor Q(E_r) = k g/(1 + k g), g = 3 eps^0.15 + 0.7 eps^0.6 + eps,
eps = 11.5 E_r[keV] Z^(-7/3) (Lindhard et al. 1963). recoil_eV: scalar or array [eV];
z: atomic number; k: Lindhard's k in (0, 1] (0.157 for Ge). Raises InvalidArgument otherwise.)");
    m.def(
        "observed_value",
        [](py::handle recoil_eV, const std::string& observable, const std::string& quenching,
           double k, int z, const std::vector<double>& coefficients,
           const std::vector<double>& range_keVnr, double light_yield_pe_per_keVee) {
            const DetectorResponse r = make_response(observable, quenching, k, z, coefficients,
                                                     range_keVnr, light_yield_pe_per_keVee);
            return vectorize(recoil_eV, "recoil_eV",
                             [&](std::span<const double> e, std::span<double> out) {
                                 for (std::size_t i = 0; i < e.size(); ++i)
                                     out[i] = r.observed(e[i] * units::eV) * r.unit_scale();
                             });
        },
        py::arg("recoil_eV"), py::arg("observable") = "ee", py::arg("quenching") = "none",
        py::arg("k") = 0.0, py::arg("z") = 0, py::arg("coefficients") = std::vector<double>{},
        py::arg("range_keVnr") = std::vector<double>{}, py::arg("light_yield_pe_per_keVee") = 0.0,
        R"(Mean observed value of nuclear recoils recoil_eV [eV] as the detector reports it:
observable "nr" [keVnr], "ee" [keVee] = Q(E_r) E_r, or "pe" [photo-electrons] = light yield x
E_ee[keV]. quenching "none", "lindhard" (k, z) or "polynomial" (coefficients c_i of
(E_r/keV)^i, range_keVnr [min, max]), as the [detector] config keys.)");
    m.def(
        "poisson_probabilities",
        [](double mu, int n0, int n1) { return poisson_probabilities(mu, n0, n1); }, py::arg("mu"),
        py::arg("n0"), py::arg("n1"),
        R"(Poisson probabilities mu^n e^-mu / n! for n = n0 .. n1 - 1 (photo-electron counts).)");
    m.def(
        "pion_dar_timing_fractions",
        [](double window_start_ns, double window_stop_ns, const std::string& pulse,
           double pulse_width_ns) {
            TimingWindow w;
            w.enabled = true;
            w.window_start = window_start_ns;
            w.window_stop = window_stop_ns;
            w.pulse_width = pulse_width_ns;
            if (pulse == "gaussian")
                w.pulse = PulseShape::gaussian;
            else if (pulse == "rectangle")
                w.pulse = PulseShape::rectangle;
            else
                throw InvalidArgument(
                    describe("pulse", "'" + pulse + "'", "gaussian or rectangle"));
            const TimingFractions f = pion_dar_timing_fractions(w);
            py::dict d;
            d["prompt"] = f.prompt;
            d["delayed"] = f.delayed;
            return d;
        },
        py::arg("window_start_ns"), py::arg("window_stop_ns"), py::arg("pulse") = "gaussian",
        py::arg("pulse_width_ns") = 0.0,
        R"(Fractions of the prompt (pi+ -> mu+ nu_mu, tau_pi = 26.033 ns) and delayed (mu+ decay,
tau_mu = 2196.98 ns) neutrinos of a pion decay-at-rest source arriving in [window_start_ns,
window_stop_ns] after the centre of the beam pulse (a Gaussian of FWHM pulse_width_ns or a
rectangle of that full width): {"prompt": ..., "delayed": ...}.)");
}

}  // namespace cevas::python
