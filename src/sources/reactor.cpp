#include "cevas/sources/reactor.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <string>

#include "cevas/core/error.hpp"

namespace cevas {

std::string_view to_string(FissileIsotope isotope) {
    switch (isotope) {
        case FissileIsotope::u235:
            return "U235";
        case FissileIsotope::u238:
            return "U238";
        case FissileIsotope::pu239:
            return "Pu239";
        case FissileIsotope::pu241:
            return "Pu241";
    }
    return "?";
}

HuberMuellerCoefficients huber_mueller_coefficients(FissileIsotope isotope) {
    switch (isotope) {
        // P. Huber, Phys. Rev. C 84 (2011) 024617, Table III.
        case FissileIsotope::u235:
            return {4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777};
        case FissileIsotope::pu239:
            return {4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536};
        case FissileIsotope::pu241:
            return {2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754};
        // Th.A. Mueller et al., Phys. Rev. C 83 (2011) 054615, Table VI.
        case FissileIsotope::u238:
            return {0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536};
    }
    return {};
}

HuberMuellerCoefficients vogel_engel_coefficients(FissileIsotope isotope) {
    // P. Vogel and J. Engel, Phys. Rev. D 39 (1989) 3378, Table I.
    switch (isotope) {
        case FissileIsotope::u235:
            return {0.870, -0.160, -0.091, 0, 0, 0};
        case FissileIsotope::u238:
            return {0.976, -0.162, -0.0790, 0, 0, 0};
        case FissileIsotope::pu239:
            return {0.896, -0.239, -0.0981, 0, 0, 0};
        case FissileIsotope::pu241:
            return {0.793, -0.080, -0.1085, 0, 0, 0};
    }
    return {};
}

std::array<HuberMuellerCoefficients, 4> huber_mueller_default_coefficients() {
    std::array<HuberMuellerCoefficients, 4> c{};
    for (auto iso : all_fissile_isotopes)
        c[static_cast<int>(iso)] = huber_mueller_coefficients(iso);
    return c;
}

double huber_mueller_per_fission(const HuberMuellerCoefficients& a, double e_nu) {
    require_finite("e_nu", e_nu);
    const double x = e_nu / units::MeV;
    double poly = a[5];
    for (int k = 4; k >= 0; --k) poly = poly * x + a[k];
    return std::exp(poly) / units::MeV;
}

namespace {

std::array<double, 4> validated_fractions(const ReactorParameters& p) {
    double sum = 0;
    for (auto iso : all_fissile_isotopes) {
        const int i = static_cast<int>(iso);
        const std::string field = "fission_fractions[" + std::string(to_string(iso)) + "]";
        require_non_negative(field.c_str(), p.fission_fractions[i]);
        sum += p.fission_fractions[i];
    }
    if (!(std::abs(sum - 1.0) <= 1e-3)) {
        throw InvalidArgument(cevas::describe("sum of fission_fractions", format_value(sum),
                                              "must be 1 within 1e-3"));
    }
    std::array<double, 4> f{};
    for (int i = 0; i < 4; ++i) f[i] = p.fission_fractions[i] / sum;
    return f;
}

void validate_cuts_and_coefficients(const ReactorParameters& p) {
    require_non_negative("e_min", p.e_min);
    require_positive("e_max", p.e_max);
    if (!(p.e_max > p.e_min)) {
        throw InvalidArgument(cevas::describe("e_max", format_value(p.e_max),
                                              "must exceed e_min = " + format_value(p.e_min)));
    }
    for (auto iso : all_fissile_isotopes) {
        for (int k = 0; k < 6; ++k) {
            const std::string field =
                "coefficients[" + std::string(to_string(iso)) + "][" + std::to_string(k) + "]";
            require_finite(field.c_str(), p.coefficients[static_cast<int>(iso)][k]);
        }
    }
}

}  // namespace

ReactorSpectrum::ReactorSpectrum(const ReactorParameters& parameters)
    : fractions_(validated_fractions(parameters)),
      coefficients_(parameters.coefficients),
      per_fission_{},
      per_fission_mix_(0),
      e_min_(parameters.e_min),
      e_max_(parameters.e_max) {
    validate_cuts_and_coefficients(parameters);
    for (int i = 0; i < 4; ++i) {
        double err = 0;
        const double n = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [this, i](double e) { return huber_mueller_per_fission(coefficients_[i], e); }, e_min_,
            e_max_, 15, 1e-14, &err);
        if (!std::isfinite(n) || !(n > 0) || err > 1e-12 * n) {
            throw NumericalError(cevas::describe(
                "antineutrinos per fission of " + std::string(to_string(all_fissile_isotopes[i])),
                format_value(n), "quadrature error " + format_value(err) + " too large"));
        }
        per_fission_[i] = n;
        per_fission_mix_ += fractions_[i] * n;
    }
    if (!(per_fission_mix_ > 0)) {
        throw InvalidArgument(cevas::describe("fission_fractions", "all 0",
                                              "at least one fraction must be positive"));
    }
}

double ReactorSpectrum::density(double e_nu) const {
    if (std::isnan(e_nu)) {
        throw InvalidArgument(cevas::describe("e_nu", "nan", "neutrino energy must be a number"));
    }
    if (!(e_nu >= e_min_) || !(e_nu <= e_max_)) return 0.0;
    double s = 0;
    for (int i = 0; i < 4; ++i) {
        if (fractions_[i] > 0)
            s += fractions_[i] * huber_mueller_per_fission(coefficients_[i], e_nu);
    }
    return s / per_fission_mix_;
}

double ReactorSpectrum::neutrinos_per_fission(FissileIsotope isotope) const {
    return per_fission_[static_cast<int>(isotope)];
}

Description ReactorSpectrum::describe() const {
    Description d{
        {"model",
         "Huber-Mueller exp(sum_k a_k E^(k-1)) per fission per MeV; U235, Pu239, Pu241: "
         "Huber, PRC 84 (2011) 024617, Table III; U238: Mueller et al., PRC 83 (2011) "
         "054615, Table VI"},
        {"e_min_MeV", format_value(e_min_ / units::MeV) +
                          (e_min_ < 1.8 * units::MeV ? " (below 1.8 MeV: extrapolated fit)" : "")},
        {"e_max_MeV", format_value(e_max_ / units::MeV) +
                          (e_max_ > 8 * units::MeV ? " (above 8 MeV: extrapolated fit)" : "")},
    };
    if (e_min_ < 1.8 * units::MeV) {
        // What the fit cannot give below the inverse-beta threshold: the numbers come from
        // scripts/reference_reactor_low_energy.py (default fuel; docs/sources.md, section 5).
        d.emplace_back(
            "low_energy_uncertainty",
            "below 1.8 MeV the spectrum is the Huber-Mueller fit extrapolated. Against the "
            "independent Vogel-Engel fits (PRD 39 (1989) 3378, Table I) it has +47 % more "
            "antineutrinos per fission in 1.0-1.8 MeV (1.845 vs 1.255) and diverges below 1 MeV "
            "(0-1.8 MeV: 21.7 vs 3.40): take this ~40 % spread as the 1.0-1.8 MeV uncertainty "
            "and anything below 1 MeV as unreliable. It omits the anti-nu_e of 239U and 239Np "
            "decays after neutron capture on 238U (2 per capture, ~0.6 captures per fission, "
            "Kopeikin, Phys. At. Nucl. 75 (2012) 143; endpoints 1.26 and 0.72 MeV): ~1.2 per "
            "fission below 1.26 MeV. Effect on CEvNS on 72Ge, recoils 10-300 eV: E < 1.8 MeV "
            "gives 15 % of the rate; Vogel-Engel there changes the total by -4.7 %; capture "
            "adds at most +1.0 %. Above T = 100 eV on 72Ge no neutrino below 1.8 MeV "
            "contributes. Script: scripts/reference_reactor_low_energy.py");
    }
    for (auto iso : all_fissile_isotopes) {
        const int i = static_cast<int>(iso);
        std::string coeffs;
        for (int k = 0; k < 6; ++k) coeffs += (k ? ", " : "") + format_value(coefficients_[i][k]);
        const std::string name(to_string(iso));
        d.emplace_back("fission_fraction_" + name, format_value(fractions_[i]));
        d.emplace_back("coefficients_" + name, coeffs);
        d.emplace_back("antineutrinos_per_fission_" + name, format_value(per_fission_[i]));
    }
    d.emplace_back("antineutrinos_per_fission", format_value(per_fission_mix_));
    return d;
}

double reactor_fission_rate(const ReactorParameters& p) {
    require_positive("thermal_power", p.thermal_power);
    const auto f = validated_fractions(p);
    double mean_energy = 0;
    for (auto iso : all_fissile_isotopes) {
        const int i = static_cast<int>(iso);
        const std::string field = "energy_per_fission[" + std::string(to_string(iso)) + "]";
        require_positive(field.c_str(), p.energy_per_fission[i]);
        mean_energy += f[i] * p.energy_per_fission[i];
    }
    return p.thermal_power / mean_energy;
}

Source reactor_source(const ReactorParameters& p) {
    const double fission_rate = reactor_fission_rate(p);
    auto spectrum = std::make_shared<const ReactorSpectrum>(p);
    const double rate = fission_rate * spectrum->neutrinos_per_fission();
    Description metadata{{"thermal_power_MW", format_value(p.thermal_power / units::MW)},
                         {"fission_rate_per_s", format_value(fission_rate / units::Bq)}};
    for (auto iso : all_fissile_isotopes) {
        metadata.emplace_back(
            "energy_per_fission_MeV_" + std::string(to_string(iso)),
            format_value(p.energy_per_fission[static_cast<int>(iso)] / units::MeV) +
                " (Ma et al., PRC 88 (2013) 014605)");
    }
    SpectrumComponent c{.flavor = Flavor::e,
                        .type = NeutrinoType::antineutrino,
                        .rate = rate,
                        .shape = std::move(spectrum),
                        .label = "reactor anti-nu_e"};
    return Source("reactor", {std::move(c)}, std::move(metadata));
}

}  // namespace cevas
