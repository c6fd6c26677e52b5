#include "cevas/rates/response.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>
#include <fstream>
#include <numbers>
#include <span>
#include <sstream>

#include "cevas/core/constants.hpp"
#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/numerics/parallel.hpp"

namespace cevas {

namespace {
using Gauss8 = boost::math::quadrature::gauss<double, 8>;

constexpr std::size_t kNodeGrain = 512;
constexpr int kCheckPoints = 2001;  // points of the (0, 1] and monotonicity checks

[[noreturn]] void bad(const std::string& field, const std::string& value,
                      const std::string& reason) {
    throw InvalidArgument(describe(field, value, reason));
}

// Add the 8 Gauss–Legendre nodes and weights of [a, b] to t, w.
void add_panel(double a, double b, std::vector<double>& t, std::vector<double>& w) {
    const double h = 0.5 * (b - a), m = 0.5 * (a + b);
    for (std::size_t k = 0; k < Gauss8::abscissa().size(); ++k)
        for (double sign : {-1.0, 1.0}) {
            t.push_back(m + sign * h * Gauss8::abscissa()[k]);
            w.push_back(h * Gauss8::weights()[k]);
        }
}

// Integral from 0 to u of the cumulative arrival-time distribution of one exponential decay
// (F1 = 1 - e^{-t/tau}) and of two in sequence (F2, pion then muon), 0 for u <= 0.
double integral_f1(double u, double tau) { return u <= 0 ? 0.0 : u + tau * std::expm1(-u / tau); }
double integral_f2(double u, double tp, double tm) {
    if (u <= 0) return 0.0;
    return (tm * integral_f1(u, tm) - tp * integral_f1(u, tp)) / (tm - tp);
}
double cumulative_f1(double t, double tau) { return t <= 0 ? 0.0 : -std::expm1(-t / tau); }
double cumulative_f2(double t, double tp, double tm) {
    if (t <= 0) return 0.0;
    return (tp * std::expm1(-t / tp) - tm * std::expm1(-t / tm)) / (tm - tp);
}

// Cumulative arrival-time distribution at t [ns] of the prompt (delayed = false) or delayed
// neutrinos for the window's pulse.
double arrival_cdf(const TimingWindow& w, double t, bool delayed) {
    const double tp = constants::pion_lifetime_ns, tm = constants::muon_lifetime_ns;
    const auto f = [&](double u) {
        return delayed ? cumulative_f2(u, tp, tm) : cumulative_f1(u, tp);
    };
    if (w.pulse_width == 0) return f(t);
    if (w.pulse == PulseShape::rectangle) {
        const double h = 0.5 * w.pulse_width;
        const auto integral = [&](double u) {
            return delayed ? integral_f2(u, tp, tm) : integral_f1(u, tp);
        };
        return (integral(t + h) - integral(t - h)) / w.pulse_width;
    }
    // Gaussian pulse: int ds phi(s) F(t - s) over s in [-12 sigma, min(t, 12 sigma)] (F = 0
    // for s > t), 128 panels of 8 nodes; the part s < -12 sigma (weight 2e-33) is dropped.
    const double sigma = w.pulse_width / (2 * std::sqrt(2 * std::numbers::ln2));
    const double a = -12 * sigma, b = std::min(t, 12 * sigma);
    double sum = 0;
    if (b > a) {
        constexpr int kPanels = 128;
        const double norm = 1 / (std::sqrt(2 * std::numbers::pi) * sigma);
        for (int p = 0; p < kPanels; ++p) {
            const double lo = a + (b - a) * p / kPanels, hi = a + (b - a) * (p + 1) / kPanels;
            const double hh = 0.5 * (hi - lo), mm = 0.5 * (hi + lo);
            for (std::size_t k = 0; k < Gauss8::abscissa().size(); ++k)
                for (double sign : {-1.0, 1.0}) {
                    const double s = mm + sign * hh * Gauss8::abscissa()[k];
                    sum += hh * Gauss8::weights()[k] * norm *
                           std::exp(-0.5 * (s / sigma) * (s / sigma)) * f(t - s);
                }
        }
    }
    // Beyond 12 sigma the pulse is over: F(t - s) for s in (12 sigma, inf) contributes nothing
    // measurable; for t > 12 sigma the integral above already covers the whole pulse.
    return sum;
}

}  // namespace

// --- quenching ---------------------------------------------------------------------------------

double lindhard_quenching(double recoil, int z, double k) {
    if (!(z >= 1 && z <= 118)) bad("quenching.z", std::to_string(z), "atomic number 1..118");
    if (!(std::isfinite(k) && k > 0 && k <= 1))
        bad("quenching_k", format_value(k), "Lindhard k must lie in (0, 1] (0.157 for Ge)");
    require_non_negative("recoil", recoil);
    if (recoil == 0) return 0.0;
    const double eps = 11.5 * (recoil / units::keV) * std::pow(static_cast<double>(z), -7.0 / 3.0);
    const double g = 3 * std::pow(eps, 0.15) + 0.7 * std::pow(eps, 0.6) + eps;
    return k * g / (1 + k * g);
}

double Quenching::operator()(double recoil) const {
    switch (model) {
        case QuenchingModel::none:
            return 1.0;
        case QuenchingModel::lindhard:
            return lindhard_quenching(recoil, z, k);
        case QuenchingModel::table:
            return table(recoil);
        case QuenchingModel::polynomial: {
            double e = std::max(recoil, range_min);
            if (range_max > 0) e = std::min(e, range_max);
            const double x = e / units::keV;
            double q = 0;
            for (std::size_t i = coefficients.size(); i-- > 0;) q = q * x + coefficients[i];
            return q;
        }
    }
    return 1.0;
}

std::string Quenching::name() const {
    switch (model) {
        case QuenchingModel::none:
            return "none";
        case QuenchingModel::lindhard:
            return "lindhard";
        case QuenchingModel::table:
            return "table";
        case QuenchingModel::polynomial:
            return "polynomial";
    }
    return "none";
}

void Quenching::validate() const {
    const auto check_grid = [&](const std::string& field, double lo, double hi) {
        double prev_ee = -1;
        for (int i = 0; i < kCheckPoints; ++i) {
            const double e = lo + (hi - lo) * i / (kCheckPoints - 1);
            const double q = (*this)(e);
            if (!(std::isfinite(q) && q > 0 && q <= 1))
                bad(field, format_value(q) + " at " + format_value(e / units::keV) + " keVnr",
                    "the quenching factor must lie in (0, 1]");
            const double ee = q * e;
            if (!(ee > prev_ee))
                bad(field, format_value(e / units::keV) + " keVnr",
                    "Q(E_r) E_r must increase with E_r (the keVee scale must be invertible)");
            prev_ee = ee;
        }
    };
    switch (model) {
        case QuenchingModel::none:
            return;
        case QuenchingModel::lindhard:
            if (!(std::isfinite(k) && k > 0 && k <= 1))
                bad("detector.quenching_k", format_value(k),
                    "Lindhard k must lie in (0, 1] (0.157 for Ge, 0.133 Z^(2/3) A^(-1/2))");
            if (!(z >= 0 && z <= 118))
                bad("detector.quenching.z", std::to_string(z), "atomic number 1..118");
            return;
        case QuenchingModel::table: {
            if (table.x.size() < 2)
                bad("detector.quenching_file", std::to_string(table.x.size()) + " points",
                    "a quenching table needs at least two rows");
            table.validate("detector.quenching_file");
            if (table.x.front() < 0)
                bad("detector.quenching_file", format_value(table.x.front() / units::keV),
                    "recoil energies must not be negative");
            check_grid("detector.quenching_file", std::max(table.x.front(), 1e-3 * units::eV),
                       table.x.back());
            return;
        }
        case QuenchingModel::polynomial: {
            if (coefficients.empty())
                bad("detector.quenching_coefficients", "[]", "need at least one coefficient");
            for (double c : coefficients)
                if (!std::isfinite(c))
                    bad("detector.quenching_coefficients", format_value(c), "not finite");
            if (!(std::isfinite(range_min) && std::isfinite(range_max) && range_min >= 0 &&
                  range_max > range_min))
                bad("detector.quenching_range_keVnr",
                    format_value(range_min / units::keV) + ".." +
                        format_value(range_max / units::keV),
                    "need 0 <= min < max (the polynomial's validity range in keVnr)");
            check_grid("detector.quenching_coefficients", std::max(range_min, 1e-6 * range_max),
                       range_max);
            return;
        }
    }
}

// --- observed-energy efficiency ------------------------------------------------------------------

double ObservedEfficiency::operator()(double x) const {
    if (!sigmoid) return table(x);
    return std::clamp(a / (1 + std::exp(-k * (x - x0))) + c, 0.0, 1.0);
}

void ObservedEfficiency::validate() const {
    const std::string field = "detector.efficiency_observed";
    if (sigmoid) {
        for (double v : {a, k, x0, c})
            if (!std::isfinite(v)) bad(field, format_value(v), "sigmoid parameters must be finite");
        return;
    }
    table.validate(field);
    for (double v : table.y)
        if (v < 0 || v > 1) bad(field, format_value(v), "efficiencies must lie in [0, 1]");
    if (table.x.empty() && (table.constant < 0 || table.constant > 1))
        bad(field, format_value(table.constant), "must lie in [0, 1]");
}

// --- response ----------------------------------------------------------------------------------

double DetectorResponse::observed(double recoil) const {
    switch (observable) {
        case Observable::nr:
            return recoil;
        case Observable::ee:
            return quenching(recoil) * recoil;
        case Observable::pe:
            return light_yield * quenching(recoil) * recoil / units::keV;
    }
    return recoil;
}

double DetectorResponse::recoil_from_observed(double x) const {
    require_non_negative("observed", x);
    if (x == 0) return 0.0;
    if (observable == Observable::nr) return x;
    double lo = 0, hi = 1 * units::eV;
    for (int i = 0; i < 200 && observed(hi) < x; ++i) {
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
        const double mid = lo > 0 ? std::sqrt(lo * hi) : 0.5 * hi;
        (observed(mid) < x ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

std::string DetectorResponse::unit() const {
    switch (observable) {
        case Observable::nr:
            return "keVnr";
        case Observable::ee:
            return "keVee";
        case Observable::pe:
            return "PE";
    }
    return "keVnr";
}

double DetectorResponse::unit_scale() const {
    return observable == Observable::pe ? 1.0 : 1.0 / units::keV;
}

void DetectorResponse::validate() const {
    quenching.validate();
    efficiency_observed.validate();
    if (observable == Observable::nr && quenching.model != QuenchingModel::none)
        bad("detector.quenching", "\"" + quenching.name() + "\"",
            "has no effect with observable = \"nr\" (use \"ee\" or \"pe\")");
    if (observable == Observable::pe) {
        if (!(std::isfinite(light_yield) && light_yield > 0 && light_yield <= 1e4))
            bad("detector.light_yield_pe_per_keVee", format_value(light_yield),
                "observable = \"pe\" needs a light yield in (0, 1e4] PE/keVee");
    } else if (light_yield != 0) {
        bad("detector.light_yield_pe_per_keVee", format_value(light_yield),
            "needs observable = \"pe\"");
    }
    if (smearing == Smearing::poisson && observable != Observable::pe)
        bad("detector.smearing", "\"poisson\"", "needs observable = \"pe\"");
}

std::vector<std::pair<std::string, std::string>> DetectorResponse::describe() const {
    std::vector<std::pair<std::string, std::string>> d;
    d.emplace_back("detector.observable", observable == Observable::nr   ? "nr"
                                          : observable == Observable::ee ? "ee"
                                                                         : "pe");
    d.emplace_back("detector.observable_unit", unit());
    d.emplace_back("detector.quenching", quenching.name());
    if (quenching.model == QuenchingModel::lindhard) {
        d.emplace_back("detector.quenching_k", format_value(quenching.k));
        d.emplace_back("detector.quenching_z", std::to_string(quenching.z));
    }
    if (quenching.model == QuenchingModel::table) {
        d.emplace_back("detector.quenching_table_points", std::to_string(quenching.table.x.size()));
        if (!quenching.provenance.empty())
            d.emplace_back("detector.quenching_provenance", quenching.provenance);
    }
    if (quenching.model == QuenchingModel::polynomial) {
        std::string c;
        for (double v : quenching.coefficients) c += (c.empty() ? "" : ", ") + format_value(v);
        d.emplace_back("detector.quenching_coefficients", "[" + c + "]");
        d.emplace_back("detector.quenching_range_keVnr",
                       format_value(quenching.range_min / units::keV) + ".." +
                           format_value(quenching.range_max / units::keV));
    }
    if (observable == Observable::pe)
        d.emplace_back("detector.light_yield_pe_per_keVee", format_value(light_yield));
    d.emplace_back("detector.smearing", smearing == Smearing::gaussian ? "gaussian" : "poisson");
    const ObservedEfficiency& e = efficiency_observed;
    d.emplace_back("detector.efficiency_observed",
                   e.sigmoid ? "sigmoid a=" + format_value(e.a) + " k=" + format_value(e.k) +
                                   " x0=" + format_value(e.x0) + " c=" + format_value(e.c)
                   : e.table.x.empty() ? format_value(e.table.constant)
                                       : "table (" + std::to_string(e.table.x.size()) + " points)");
    if (!e.provenance.empty())
        d.emplace_back("detector.efficiency_observed_provenance", e.provenance);
    return d;
}

// --- timing ------------------------------------------------------------------------------------

void TimingWindow::validate() const {
    if (!enabled) return;
    require_finite("detector.timing.window_start", window_start);
    require_finite("detector.timing.window_stop", window_stop);
    if (!(window_stop > window_start))
        bad("detector.timing.window_stop", format_value(window_stop) + " ns",
            "must exceed window_start (" + format_value(window_start) + " ns)");
    if (std::abs(window_start) > 1e9 || std::abs(window_stop) > 1e9)
        bad("detector.timing.window_stop", format_value(window_stop) + " ns",
            "a window beyond 1 s is not a beam-timing window");
    if (!(std::isfinite(pulse_width) && pulse_width >= 0 && pulse_width <= 1e9))
        bad("detector.timing.pulse_width", format_value(pulse_width) + " ns",
            "must lie in [0, 1 s]");
}

TimingFractions pion_dar_timing_fractions(const TimingWindow& w) {
    TimingFractions f;
    if (!w.enabled) return f;
    w.validate();
    f.prompt = arrival_cdf(w, w.window_stop, false) - arrival_cdf(w, w.window_start, false);
    f.delayed = arrival_cdf(w, w.window_stop, true) - arrival_cdf(w, w.window_start, true);
    f.prompt = std::clamp(f.prompt, 0.0, 1.0);
    f.delayed = std::clamp(f.delayed, 0.0, 1.0);
    return f;
}

std::vector<double> timing_weights(const Source& source, const TimingWindow& window) {
    std::vector<double> w(source.components().size(), 1.0);
    if (!window.enabled) return w;
    if (source.name() != "pion decay at rest")
        bad("detector.timing", "'" + source.name() + "'",
            "timing windows apply to pion decay-at-rest sources (source type = \"pion_dar\")");
    const TimingFractions f = pion_dar_timing_fractions(window);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const std::string& label = source.components()[i].label;
        w[i] = label.rfind("prompt", 0) == 0 ? f.prompt : f.delayed;
    }
    return w;
}

ResponseTable read_response_table(const std::string& path, const std::string& field) {
    std::ifstream in(path);
    if (!in) throw DataError(describe(field, "'" + path + "'", "cannot be opened"));
    ResponseTable t;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        if (line[first] == '#') {
            std::string c = line.substr(first + 1);
            c.erase(0, c.find_first_not_of(' '));
            while (!c.empty() && (c.back() == '\r' || c.back() == ' ')) c.pop_back();
            if (!c.empty()) t.provenance += (t.provenance.empty() ? "" : " / ") + c;
            continue;
        }
        for (char& ch : line)
            if (ch == ',') ch = ' ';
        std::istringstream row(line);
        double x = 0, y = 0;
        std::string rest;
        if (!(row >> x >> y) || (row >> rest) || !std::isfinite(x) || !std::isfinite(y))
            throw DataError(describe(field, "'" + path + "' line " + std::to_string(number),
                                     "expected two finite numbers 'x y'"));
        t.x.push_back(x);
        t.y.push_back(y);
    }
    if (t.x.size() < 2)
        throw DataError(describe(field, "'" + path + "'", "needs at least two rows"));
    return t;
}

std::vector<double> poisson_probabilities(double mu, int n0, int n1) {
    require_non_negative("mu", mu);
    std::vector<double> p;
    for (int n = std::max(n0, 0); n < n1; ++n) {
        if (mu == 0) {
            p.push_back(n == 0 ? 1.0 : 0.0);
            continue;
        }
        p.push_back(std::exp(n * std::log(mu) - mu - std::lgamma(n + 1.0)));
    }
    return p;
}

// --- binning -----------------------------------------------------------------------------------

BinnedCounts bin_counts_with_response(const EventRate& rate, const Detector& det,
                                      const DetectorResponse& response_in,
                                      const std::vector<double>& weights, int threads) {
    const bool unit_weights =
        std::all_of(weights.begin(), weights.end(), [](double v) { return v == 1.0; });
    if (response_in.is_identity() && unit_weights) return bin_counts(rate, det, -1, 1, threads);
    DetectorResponse response = response_in;
    if (response.quenching.model == QuenchingModel::lindhard && response.quenching.z == 0)
        response.quenching.z = rate.cross_section().target().z;
    det.validate();
    response.validate();
    if (!weights.empty() && weights.size() != rate.n_species())
        bad("weights", std::to_string(weights.size()) + " values",
            "need one per species (" + std::to_string(rate.n_species()) + ")");
    const bool poisson = response.smearing == Smearing::poisson;
    if (poisson && (det.resolution.sigma_abs > 0 || det.resolution.sigma_rel > 0))
        bad("detector.resolution_abs",
            format_value(det.resolution.sigma_abs) + ", resolution_rel " +
                format_value(det.resolution.sigma_rel),
            "smearing = \"poisson\" sets the resolution (leave resolution_abs/_rel unset)");

    BinnedCounts out;
    out.edges = det.binning.edges;
    const std::vector<double>& edges = out.edges;
    const std::size_t nb = det.binning.n_bins();
    out.signal.assign(nb, 0.0);
    out.background = background_counts(det);
    const double t_max = rate.t_max();
    const double x_top = response.observed(t_max);
    if (!poisson && det.threshold >= x_top && det.resolution.sigma(x_top) == 0) {
        out.warnings.push_back(describe(
            "detector.threshold",
            format_value(det.threshold * response.unit_scale()) + " " + response.unit(),
            "above the largest observed value " + format_value(x_top * response.unit_scale()) +
                " " + response.unit() + ": no signal events"));
    }
    const double lo_all = std::max(edges.front(), det.threshold);
    // Observable range that can reach the bins.
    double x_lo = 0, x_hi = 0;
    if (poisson) {
        x_lo = 0;
        const double n_top = edges.back();
        x_hi = n_top + 10 * std::sqrt(n_top) + 30;
    } else {
        const double sig_max = det.resolution.sigma(edges.back());
        x_lo = std::max(0.0, lo_all - 8 * sig_max);
        x_hi = edges.back() + 8 * sig_max;
    }
    const double er_lo = response.recoil_from_observed(x_lo);
    const double er_hi = std::min(t_max, response.recoil_from_observed(x_hi));
    if (!(er_hi > er_lo)) {
        for (std::size_t i = 0; i < nb; ++i) out.total_background += out.background[i];
        return out;
    }
    // Panel cuts in recoil: the recoils of the bin edges and threshold (Gaussian; every PE value
    // for Poisson), each species' largest recoil, and panels no wider than the resolution.
    std::vector<double> cuts = {er_lo, er_hi};
    const auto cut_at_observed = [&](double x) {
        if (x > x_lo && x < x_hi) {
            const double er = response.recoil_from_observed(x);
            if (er > er_lo && er < er_hi) cuts.push_back(er);
        }
    };
    for (std::size_t s = 0; s < rate.n_species(); ++s) {
        const double ts = rate.cross_section().t_max(rate.species(s).max_energy());
        if (ts > er_lo && ts < er_hi) cuts.push_back(ts);
    }
    const double range = x_hi - x_lo;
    if (poisson) {
        // Every half photo-electron up to x_hi (P(n | mu) varies on the scale max(1, sqrt mu)).
        double x = 0.5;
        while (x < x_hi) {
            cut_at_observed(x);
            x += std::max(0.5, 0.25 * std::sqrt(x));
        }
    } else {
        for (double e : edges) cut_at_observed(e);
        cut_at_observed(det.threshold);
        // Between, steps of min(range / 256, sigma(x)) in the observable.
        double x = x_lo;
        while (x < x_hi) {
            const double sg = det.resolution.sigma(x);
            const double h = std::max(range / 4096, std::min(range / 256, sg > 0 ? sg : range));
            x += h;
            cut_at_observed(x);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    std::vector<double> t, w;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c)
        if (cuts[c + 1] > cuts[c]) add_panel(cuts[c], cuts[c + 1], t, w);
    const std::size_t nn = t.size();
    // Integrand at every node (weights, exposure, efficiency in recoil folded in).
    std::vector<double> f(nn, 0.0);
    parallel_for(nn, kNodeGrain, threads, [&](std::size_t, std::size_t b, std::size_t e) {
        const std::span<const double> tt = std::span<const double>(t).subspan(b, e - b);
        const std::span<double> ff = std::span<double>(f).subspan(b, e - b);
        if (unit_weights) {
            rate.differential(tt, ff, -1);
        } else {
            std::vector<double> v(e - b);
            for (std::size_t s = 0; s < rate.n_species(); ++s) {
                if (weights[s] == 0) continue;
                rate.differential(tt, v, static_cast<int>(s));
                for (std::size_t j = 0; j < v.size(); ++j) ff[j] += weights[s] * v[j];
            }
        }
        for (std::size_t j = b; j < e; ++j) f[j] *= w[j] * det.exposure * det.efficiency(t[j]);
    });
    const ObservedEfficiency& eff = response.efficiency_observed;
    if (poisson) {
        // PE bins: integer n with max(lo, threshold) <= n < hi.
        const int n_min = static_cast<int>(std::ceil(lo_all));
        const int n_max = static_cast<int>(std::ceil(edges.back())) - 1;  // n < edges.back()
        if (n_max < n_min) {
            for (std::size_t i = 0; i < nb; ++i) out.total_background += out.background[i];
            return out;
        }
        std::vector<long> bin_of(static_cast<std::size_t>(n_max - n_min + 1), -1);
        std::vector<double> eff_of(bin_of.size(), 0.0);
        for (int n = n_min; n <= n_max; ++n) {
            const auto it = std::upper_bound(edges.begin(), edges.end(), static_cast<double>(n));
            const long i = static_cast<long>(it - edges.begin()) - 1;
            if (i >= 0 && i < static_cast<long>(nb)) {
                bin_of[static_cast<std::size_t>(n - n_min)] = i;
                eff_of[static_cast<std::size_t>(n - n_min)] = eff(n);
            }
        }
        for (std::size_t j = 0; j < nn; ++j) {
            if (f[j] == 0) continue;
            const double mu = response.observed(t[j]);
            const double spread = 12 * std::sqrt(mu) + 30;
            const int a = std::max(n_min, static_cast<int>(std::floor(mu - spread)));
            const int b = std::min(n_max, static_cast<int>(std::ceil(mu + spread)));
            if (b < a) continue;
            const std::vector<double> p = poisson_probabilities(mu, a, b + 1);
            for (int n = a; n <= b; ++n) {
                const std::size_t k = static_cast<std::size_t>(n - n_min);
                if (bin_of[k] < 0) continue;
                out.signal[static_cast<std::size_t>(bin_of[k])] +=
                    f[j] * eff_of[k] * p[static_cast<std::size_t>(n - a)];
            }
        }
    } else {
        // Gaussian in the observable; a non-constant observed efficiency is taken at the
        // midpoints of 16 cells per bin (the erf difference of each cell).
        const int cells = eff.sigmoid || !eff.table.x.empty() ? 16 : 1;
        for (std::size_t j = 0; j < nn; ++j) {
            if (f[j] == 0) continue;
            const double mu = response.observed(t[j]);
            const double sigma = det.resolution.sigma(mu);
            const auto b0 = std::upper_bound(edges.begin(), edges.end(), mu - 8 * sigma);
            const auto b1 = std::lower_bound(edges.begin(), edges.end(), mu + 8 * sigma);
            std::size_t i0 =
                b0 == edges.begin() ? 0 : static_cast<std::size_t>(b0 - edges.begin()) - 1;
            std::size_t i1 = std::min(nb, static_cast<std::size_t>(b1 - edges.begin()));
            if (sigma <= 0) i1 = std::min(nb, i0 + 1);
            const double kk = sigma > 0 ? 1 / (std::sqrt(2.0) * sigma) : 0.0;
            for (std::size_t i = i0; i < i1; ++i) {
                const double lo = std::max(edges[i], det.threshold), hi = edges[i + 1];
                if (!(hi > lo)) continue;
                if (sigma <= 0) {
                    if (mu >= lo && mu < hi) out.signal[i] += f[j] * eff(mu);
                    continue;
                }
                double sum = 0;
                double erf_a = std::erf((lo - mu) * kk);
                for (int c = 0; c < cells; ++c) {
                    const double a = lo + (hi - lo) * c / cells,
                                 z = lo + (hi - lo) * (c + 1) / cells;
                    const double erf_z = std::erf((z - mu) * kk);
                    sum += 0.5 * (erf_z - erf_a) *
                           (cells == 1 ? eff.table.constant : eff(0.5 * (a + z)));
                    erf_a = erf_z;
                }
                out.signal[i] += f[j] * sum;
            }
        }
    }
    for (std::size_t i = 0; i < nb; ++i) {
        out.total_signal += out.signal[i];
        out.total_background += out.background[i];
    }
    return out;
}

}  // namespace cevas
