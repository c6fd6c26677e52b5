#include "cevas/rates/material_rate.hpp"

#include <algorithm>

#include "cevas/core/error.hpp"

namespace cevas {

MaterialRate::MaterialRate(const Material& material, const Parameters& params, const Source& source,
                           const FluxGeometry& geometry, double n_units, RateOptions options)
    : material_(material) {
    if (material_.components.empty())
        throw InvalidArgument(
            cevas::describe("target", "'" + material_.name + "'", "has no isotopes"));
    require_positive("n_units", n_units);
    for (const MaterialComponent& c : material_.components) {
        xs_.push_back(std::make_unique<CrossSection>(c.target, params));
        // One atom per unit: n_units itself (no multiplication, so a single isotope keeps its
        // bits).
        const double n = c.atoms_per_unit == 1.0 ? n_units : n_units * c.atoms_per_unit;
        rates_.push_back(std::make_unique<EventRate>(*xs_.back(), source, geometry, n, options));
    }
}

void MaterialRate::differential(std::span<const double> t, std::span<double> out,
                                int species) const {
    rates_.front()->differential(t, out, species);
    if (rates_.size() == 1) return;
    std::vector<double> v(t.size());
    for (std::size_t i = 1; i < rates_.size(); ++i) {
        rates_[i]->differential(t, v, species);
        for (std::size_t k = 0; k < v.size(); ++k) out[k] += v[k];
    }
}

double MaterialRate::t_max() const {
    double t = 0;
    for (const auto& r : rates_) t = std::max(t, r->t_max());
    return t;
}

BinnedCounts MaterialRate::bin(const Detector& det, int species, int panels_per_bin,
                               int threads) const {
    return sum_isotopes([&](const EventRate& r) {
        return bin_counts(r, det, species, panels_per_bin, threads);
    });
}

BinnedCounts MaterialRate::bin(const Detector& det, const DetectorResponse& response,
                               const std::vector<double>& weights, int threads) const {
    return sum_isotopes([&](const EventRate& r) {
        return bin_counts_with_response(r, det, response, weights, threads);
    });
}

BinnedCounts MaterialRate::sum_isotopes(
    const std::function<BinnedCounts(const EventRate&)>& bin_one) const {
    BinnedCounts out = bin_one(*rates_.front());
    if (rates_.size() == 1) return out;
    double t_top = rates_.front()->t_max();
    for (std::size_t i = 1; i < rates_.size(); ++i) {
        BinnedCounts c = bin_one(*rates_[i]);
        for (std::size_t b = 0; b < out.signal.size(); ++b) out.signal[b] += c.signal[b];
        if (rates_[i]->t_max() > t_top) {
            t_top = rates_[i]->t_max();
            out.warnings = std::move(c.warnings);
        }
    }
    out.total_signal = 0;
    for (double s : out.signal) out.total_signal += s;
    return out;
}

std::vector<std::pair<std::string, std::string>> MaterialRate::describe() const {
    if (material_.is_single_isotope()) return xs_.front()->describe();
    std::vector<const CrossSection*> xs;
    for (const auto& x : xs_) xs.push_back(x.get());
    return describe_material_model(material_, xs);
}

std::vector<std::pair<std::string, std::string>> describe_material_model(
    const Material& material, const std::vector<const CrossSection*>& xs) {
    if (xs.size() != material.components.size() || xs.empty())
        throw InvalidArgument(cevas::describe("cross sections", std::to_string(xs.size()),
                                              "need one per isotope of " + material.name));
    if (material.is_single_isotope()) return xs.front()->describe();
    // The shared physics inputs once (first isotope), the target-specific entries per isotope.
    const auto per_isotope = [](const std::string& k) {
        return k.rfind("target", 0) == 0 || k.rfind("spin_", 0) == 0 || k == "atomic_form_factor" ||
               k == "nuclear_form_factor";
    };
    std::vector<std::pair<std::string, std::string>> d{{"target", material.name}};
    for (const auto& kv : material.describe()) d.push_back(kv);
    for (std::size_t i = 0; i < xs.size(); ++i) {
        for (const auto& [k, v] : xs[i]->describe()) {
            if (per_isotope(k) && k != "target" && k != "spin_weight")
                d.emplace_back(material.components[i].target.name + "." + k, v);
        }
    }
    for (const auto& kv : xs.front()->describe())
        if (!per_isotope(kv.first) || kv.first == "spin_weight") d.push_back(kv);
    return d;
}

}  // namespace cevas
