#include "cevas/sources/spectrum.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

const Line& SpectrumComponent::line() const {
    if (const auto* l = std::get_if<Line>(&shape)) return *l;
    throw InvalidArgument(
        cevas::describe("component", "'" + label + "'", "is a continuum, not a line"));
}

const ContinuousSpectrum& SpectrumComponent::continuum() const {
    const auto* c = std::get_if<std::shared_ptr<const ContinuousSpectrum>>(&shape);
    if (c == nullptr || !*c) {
        throw InvalidArgument(
            cevas::describe("component", "'" + label + "'", "is a line, not a continuum"));
    }
    return **c;
}

double SpectrumComponent::max_energy() const {
    return is_line() ? line().energy : continuum().e_max();
}

double SpectrumComponent::rate_density(double e_nu) const {
    return is_line() ? 0.0 : rate * continuum().density(e_nu);
}

Source::Source(std::string name, std::vector<SpectrumComponent> components, Description metadata)
    : name_(std::move(name)), components_(std::move(components)), metadata_(std::move(metadata)) {
    if (components_.empty()) {
        throw InvalidArgument(cevas::describe("source '" + name_ + "' components", "0",
                                              "a source needs at least one component"));
    }
    for (std::size_t i = 0; i < components_.size(); ++i) {
        const auto& c = components_[i];
        const std::string field =
            "source '" + name_ + "' component " + std::to_string(i) + " ('" + c.label + "')";
        if (!std::isfinite(c.rate) || !(c.rate > 0)) {
            throw InvalidArgument(cevas::describe(field + " rate", format_value(c.rate),
                                                  "must be finite and positive"));
        }
        if (c.is_line()) {
            const Line& l = c.line();
            if (!std::isfinite(l.energy) || !(l.energy > 0)) {
                throw InvalidArgument(cevas::describe(field + " energy", format_value(l.energy),
                                                      "must be finite and positive"));
            }
            if (!(l.branching > 0 && l.branching <= 1)) {
                throw InvalidArgument(cevas::describe(
                    field + " branching", format_value(l.branching), "must be in (0, 1]"));
            }
        } else if (!std::get<std::shared_ptr<const ContinuousSpectrum>>(c.shape)) {
            throw InvalidArgument(
                cevas::describe(field + " spectrum", "null", "a continuum is required"));
        }
    }
}

Description Source::describe() const {
    Description d;
    d.emplace_back("source", name_);
    d.insert(d.end(), metadata_.begin(), metadata_.end());
    for (std::size_t i = 0; i < components_.size(); ++i) {
        const auto& c = components_[i];
        const std::string key = "component_" + std::to_string(i);
        std::string v = c.label + "; flavor = " + std::string(to_string(c.flavor)) +
                        "; type = " + std::string(to_string(c.type)) +
                        "; rate_per_s = " + format_value(c.rate / units::Bq);
        if (c.is_line()) {
            v += "; line_eV = " + format_value(c.line().energy / units::eV) +
                 "; branching = " + format_value(c.line().branching);
            d.emplace_back(key, v);
        } else {
            const auto& s = c.continuum();
            v += "; continuum = " + s.name() + " on [" + format_value(s.e_min() / units::eV) +
                 ", " + format_value(s.e_max() / units::eV) + "] eV";
            d.emplace_back(key, v);
            for (const auto& [k, val] : s.describe()) d.emplace_back(key + "." + k, val);
        }
    }
    return d;
}

double Source::total_rate() const {
    double r = 0;
    for (const auto& c : components_) r += c.rate;
    return r;
}

double Source::rate(Flavor flavor, NeutrinoType type) const {
    double r = 0;
    for (const auto& c : components_)
        if (c.flavor == flavor && c.type == type) r += c.rate;
    return r;
}

double Source::max_energy() const {
    double e = 0;
    for (const auto& c : components_) e = std::max(e, c.max_energy());
    return e;
}

double integrate_spectrum(const ContinuousSpectrum& spectrum,
                          const std::function<double(double)>& g, double rel_tol) {
    require_positive("rel_tol", rel_tol);
    const auto bp = spectrum.break_points();
    double total = 0;
    for (std::size_t i = 0; i + 1 < bp.size(); ++i) {
        const double a = bp[i];
        const double b = bp[i + 1];
        if (!(b > a)) continue;
        double err = 0;
        double l1 = 0;
        // Evaluate strictly inside (a, b): at a break point the density may jump.
        const double v = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [&](double e) { return spectrum.density(e) * g(e); }, a, b, 15, rel_tol, &err, &l1);
        if (err > 100 * rel_tol * std::max(l1, 1e-300)) {
            throw NumericalError(cevas::describe(
                "integral of " + spectrum.name() + " on [" + format_value(a) + ", " +
                    format_value(b) + "] eV",
                format_value(v),
                "error estimate " + format_value(err) + " above the requested tolerance"));
        }
        total += v;
    }
    return total;
}

double mean_energy(const ContinuousSpectrum& spectrum) {
    return integrate_spectrum(spectrum, [](double e) { return e; });
}

}  // namespace cevas
