#pragma once
/// @file
/// Detector response for nuclear recoils (issue 13 item 2): quenching (Lindhard, table,
/// polynomial), the observable the experiment reports (keVnr, keVee, photo-electrons),
/// efficiency versus the observed energy, Gaussian or Poisson (photo-electron) smearing, and
/// timing windows for pulsed pion decay-at-rest sources. Formulas and sources: docs/rates.md,
/// section "Detector response for nuclear recoils".

#include <string>
#include <vector>

#include "cevas/rates/detector.hpp"
#include "cevas/rates/event_rate.hpp"

namespace cevas {

/// Lindhard's quenching factor (J. Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33 (1963)
/// no. 10; in the closed form of e.g. J.I. Collar et al., PRD 103 (2021) 122003, eq. 1):
///   Q(E_r) = k g(eps) / (1 + k g(eps)),  g = 3 eps^0.15 + 0.7 eps^0.6 + eps,
///   eps = 11.5 (E_r / keV) Z^(-7/3).
/// @param recoil E_r [eV], >= 0 (Q(0) = 0)  @param z atomic number (1..118)
/// @param k Lindhard's k (0 < k <= 1; 0.133 Z^(2/3) A^(-1/2) in the original: 0.157 for Ge)
/// @throws InvalidArgument naming `quenching_k` or `quenching.z` for values out of range.
double lindhard_quenching(double recoil, int z, double k);

/// How the ionisation or scintillation yield of a nuclear recoil relates to an electron's.
enum class QuenchingModel {
    none,        ///< Q = 1: the observable is the recoil energy
    lindhard,    ///< lindhard_quenching with `k` and the target's Z
    table,       ///< Q(E_r) tabulated (linear interpolation, constant beyond the ends)
    polynomial,  ///< Q(E_r) = sum_i c_i (E_r / keV)^i inside [range_min, range_max], constant
                 ///< (the end value) outside
};

/// The quenching factor Q(E_r), E_ee = Q(E_r) E_r.
struct Quenching {
    QuenchingModel model = QuenchingModel::none;
    double k = 0;  ///< Lindhard k (lindhard)
    int z = 0;     ///< atomic number for lindhard (0: the target's, filled by run_experiment)
    TabulatedFunction table{1.0, {}, {}};  ///< table: x = E_r [eV], y = Q
    std::string provenance;                ///< table: the file's source line(s)
    std::vector<double> coefficients;      ///< polynomial: c_i of (E_r / keV)^i
    double range_min = 0;                  ///< polynomial validity range [eV]
    double range_max = 0;                  ///< polynomial validity range [eV] (0: unbounded)
    /// Q(E_r) in (0, 1] (0 only for Lindhard at E_r = 0). @param recoil [eV]
    double operator()(double recoil) const;
    /// @throws InvalidArgument naming `detector.quenching_*` for k <= 0 or > 1, a Z outside
    /// 1..118, an empty or non-increasing table, a polynomial without coefficients or with an
    /// empty range, or Q outside (0, 1] anywhere on its table or range (checked on 2001 points),
    /// or an electron-equivalent energy Q(E_r) E_r that decreases (not invertible).
    void validate() const;
    std::string name() const;
};

/// The observable the experiment reports.
enum class Observable {
    nr,  ///< nuclear-recoil energy [keVnr]: no quenching
    ee,  ///< electron-equivalent energy E_ee = Q(E_r) E_r [keVee]
    pe,  ///< photo-electrons: PE = light yield [PE/keVee] x E_ee
};

/// How the observed value scatters around its mean.
enum class Smearing {
    gaussian,  ///< Detector::resolution in the observable's units (0: none)
    poisson,   ///< the PE count is Poisson with mean = light yield x E_ee (observable = pe only)
};

/// Efficiency as a function of the observed value x (in the observable's units: eV for nr and
/// ee, photo-electrons for pe): a table, a constant, or COHERENT's sigmoid
///   eps(x) = a / (1 + exp(-k (x - x0))) + c, clamped to [0, 1]
/// (COHERENT CsI[Na] data release, arXiv:1804.09459, "eff_E(x) = a/(1 + exp(-b(x - c))) + d").
struct ObservedEfficiency {
    bool sigmoid = false;
    double a = 1, k = 1, x0 = 0, c = 0;    ///< sigmoid parameters (k, x0 in x units)
    TabulatedFunction table{1.0, {}, {}};  ///< used when !sigmoid
    std::string provenance;                ///< a table file's comment lines
    double operator()(double x) const;
    bool is_one() const { return !sigmoid && table.x.empty() && table.constant == 1.0; }
    /// @throws InvalidArgument naming `detector.efficiency_observed` for table values outside
    /// [0, 1] or non-finite sigmoid parameters.
    void validate() const;
};

/// Quenching, observable, smearing and observed-energy efficiency of a nuclear-recoil detector.
/// With the defaults (no quenching, observable nr, Gaussian smearing, efficiency 1) the response
/// is the identity and bin_counts_with_response equals bin_counts bit for bit.
struct DetectorResponse {
    Quenching quenching;
    Observable observable = Observable::nr;
    double light_yield = 0;  ///< [PE per keVee] (observable pe)
    Smearing smearing = Smearing::gaussian;
    ObservedEfficiency efficiency_observed;
    bool is_identity() const {
        return quenching.model == QuenchingModel::none && observable == Observable::nr &&
               smearing == Smearing::gaussian && efficiency_observed.is_one();
    }
    /// Mean observed value of a recoil E_r [eV]: E_r, Q E_r [eV], or light yield Q E_r / keV [PE].
    double observed(double recoil) const;
    /// The recoil E_r [eV] whose mean observed value is x (bisection in log E_r to 1e-13
    /// relative; the map is increasing, validate() checks it). @throws InvalidArgument if x < 0.
    double recoil_from_observed(double x) const;
    /// "keVnr", "keVee" or "PE".
    std::string unit() const;
    /// Factor from the library's observable values to `unit()`: 1/keV for nr and ee, 1 for pe.
    double unit_scale() const;
    /// @throws InvalidArgument naming the `detector.` key: quenching (validate), observable nr with
    /// quenching, a light yield <= 0 or > 1e4 PE/keVee for pe (or set without pe), Poisson
    /// smearing without observable pe.
    void validate() const;
    /// Every choice as (key, value) pairs for output metadata.
    std::vector<std::pair<std::string, std::string>> describe() const;
};

/// Shape of a proton beam pulse in time.
enum class PulseShape { gaussian, rectangle };

/// Neutrino arrival-time window of a pulsed pion decay-at-rest source. Times [ns] from the
/// centre of the beam pulse (a Gaussian of FWHM `pulse_width`, or a rectangle of full width
/// `pulse_width` centred on t = 0); the window may start before 0.
struct TimingWindow {
    bool enabled = false;
    double window_start = 0;  ///< [ns]
    double window_stop = 0;   ///< [ns]
    PulseShape pulse = PulseShape::gaussian;
    double pulse_width = 0;  ///< [ns] FWHM (gaussian) or full width (rectangle); 0: a delta
    /// @throws InvalidArgument naming `detector.timing.*` for non-finite values, stop <= start,
    /// or a negative or absurd (> 1 s) width.
    void validate() const;
};

/// Fractions of the prompt (nu_mu of pi+ -> mu+ nu_mu) and delayed (nu_e, anti-nu_mu of
/// mu+ decay) neutrinos arriving inside the window:
///   prompt  = int_window dt (pulse * E_pi)(t),  delayed = int_window dt (pulse * E_pi * E_mu)(t),
/// E_tau(t) = exp(-t/tau)/tau (t >= 0), with tau_pi = constants::pion_lifetime_ns and
/// tau_mu = constants::muon_lifetime_ns (PDG 2024). Rectangle and delta pulses in closed form;
/// the Gaussian pulse by Gauss–Legendre quadrature of the pulse against the closed-form
/// cumulative (split at the kink, 64 panels of 8 nodes over +-12 sigma: 1e-12 absolute).
struct TimingFractions {
    double prompt = 1;
    double delayed = 1;
};
TimingFractions pion_dar_timing_fractions(const TimingWindow& window);

/// Weight of each species of `source` inside the window: the prompt fraction for the pion-decay
/// nu_mu line, the delayed fraction for the muon-decay nu_e and anti-nu_mu (identified by the
/// component labels of pion_decay_at_rest_source); 1 for every species if the window is off.
/// @throws InvalidArgument naming `detector.timing` if the window is on and the source is not
/// a pion decay-at-rest source.
std::vector<double> timing_weights(const Source& source, const TimingWindow& window);

/// A two-column table file (x y per line; blank lines and lines starting with '#' skipped, the
/// '#' lines kept as its provenance; ',' or whitespace separated).
struct ResponseTable {
    std::vector<double> x, y;
    std::string provenance;  ///< the comment lines, joined by " / "
};
/// @throws DataError naming `field` and the file (line) for a missing file, a malformed line,
/// non-finite values or fewer than two rows.
ResponseTable read_response_table(const std::string& path, const std::string& field);

/// Poisson probabilities P(n | mu) = mu^n e^-mu / n! for n = n0 .. n1 - 1 (log space; for mu = 0
/// the single point P(0) = 1). @param mu mean number of photo-electrons (>= 0)
std::vector<double> poisson_probabilities(double mu, int n0, int n1);

/// Counts per bin of the observable: signal_i = exposure int dE_r sum_s w_s dN_s/dE_r eff(E_r)
/// P_i(E_r), with P_i the probability that the observed value (Gaussian around
/// response.observed(E_r) with Detector::resolution in the observable's units, or Poisson in
/// photo-electrons) lands in bin i at or above the threshold, weighted by the observed-energy
/// efficiency. Detector::binning, threshold, resolution and background are in the observable's
/// units (eV of keVnr/keVee, or photo-electrons). A PE bin [lo, hi) holds the integers
/// lo <= n < hi. The recoil integral uses 8-node Gauss–Legendre panels cut at the recoils of the
/// bin edges (and of every PE value for Poisson), each narrower than the resolution: cost
/// O(nodes x bins within 8 sigma) (Gaussian) or O(nodes x PE range) (Poisson).
/// With the identity response and unit weights this is bin_counts (the same call).
/// @param weights per-species weights (timing_weights), empty for all 1
BinnedCounts bin_counts_with_response(const EventRate& rate, const Detector& det,
                                      const DetectorResponse& response,
                                      const std::vector<double>& weights = {}, int threads = 1);

}  // namespace cevas
