#include "cevas/sources/tritium.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <numbers>

#include "cevas/core/error.hpp"

namespace cevas {

namespace {

const TritiumParameters& validated(const TritiumParameters& p) {
    require_positive("q_value", p.q_value);
    require_positive("half_life", p.half_life);
    require_positive("atomic_mass_u", p.atomic_mass_u);
    require_positive("nuclear_radius", p.nuclear_radius);
    return p;
}

}  // namespace

TritiumSpectrum::TritiumSpectrum(const TritiumParameters& parameters,
                                 const PhysicalConstants& constants)
    : p_(validated(parameters)),
      fermi_(parameters.fermi_function, parameters.daughter_z, parameters.nuclear_radius,
             constants),
      q_(parameters.q_value),
      m_e_(constants.electron_mass),
      norm_(1.0) {
    // The shape is smooth on [0, Q] (p F tends to a constant at the endpoint), so adaptive
    // Gauss–Kronrod converges fast; split at Q/2 where the spectrum peaks.
    double err = 0;
    double sum = 0;
    for (const auto& [a, b] : {std::pair{0.0, 0.5 * q_}, std::pair{0.5 * q_, q_}}) {
        double e = 0;
        sum += boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [this](double x) { return shape(x); }, a, b, 15, 1e-14, &e);
        err += e;
    }
    if (!(sum > 0) || !std::isfinite(sum) || err > 1e-12 * sum) {
        throw NumericalError(
            cevas::describe("tritium spectrum norm", format_value(sum),
                            "quadrature error " + format_value(err) + " above 1e-12 relative"));
    }
    norm_ = sum;
}

double TritiumSpectrum::shape(double e_nu) const {
    if (std::isnan(e_nu)) {
        throw InvalidArgument(cevas::describe("e_nu", "nan", "neutrino energy must be a number"));
    }
    if (!(e_nu >= 0) || !(e_nu <= q_)) return 0.0;
    const double t = q_ - e_nu;  // electron kinetic energy
    return fermi_.times_momentum(t) * (t + m_e_) * e_nu * e_nu;
}

double TritiumSpectrum::density(double e_nu) const { return shape(e_nu) / norm_; }

Description TritiumSpectrum::describe() const {
    return {
        {"decay", "3H -> 3He + e- + anti-nu_e (allowed shape, massless neutrino)"},
        {"q_value_eV",
         format_value(p_.q_value / units::eV) + " (Myers et al., PRL 114 (2015) 013003)"},
        {"fermi_function", std::string(to_string(p_.fermi_function))},
        {"daughter_z", std::to_string(p_.daughter_z)},
        {"nuclear_radius_fm", format_value(p_.nuclear_radius / units::fm) +
                                  " (uniform sphere with the 3He rms charge radius 1.9661 fm)"},
        {"electron_mass_eV", format_value(m_e_ / units::eV)},
        {"normalisation", "numerical (Gauss-Kronrod, 1e-14)"},
    };
}

double tritium_decay_constant(const TritiumParameters& parameters) {
    require_positive("half_life", parameters.half_life);
    return std::numbers::ln2 / parameters.half_life;
}

double tritium_activity_from_mass(double mass, const TritiumParameters& parameters,
                                  const PhysicalConstants& constants) {
    require_positive("mass", mass);
    require_positive("atomic_mass_u", parameters.atomic_mass_u);
    require_positive("atomic_mass_unit", constants.atomic_mass_unit);
    const double atoms = mass / (parameters.atomic_mass_u * constants.atomic_mass_unit);
    return tritium_decay_constant(parameters) * atoms;
}

double tritium_mass_from_activity(double activity, const TritiumParameters& parameters,
                                  const PhysicalConstants& constants) {
    require_positive("activity", activity);
    require_positive("atomic_mass_u", parameters.atomic_mass_u);
    require_positive("atomic_mass_unit", constants.atomic_mass_unit);
    const double atoms = activity / tritium_decay_constant(parameters);
    return atoms * parameters.atomic_mass_u * constants.atomic_mass_unit;
}

namespace {

Source make_tritium_source(double activity, const TritiumParameters& p,
                           const PhysicalConstants& constants, Description metadata) {
    auto spectrum = std::make_shared<const TritiumSpectrum>(p, constants);
    metadata.emplace_back("activity_Bq", format_value(activity / units::Bq));
    metadata.emplace_back("activity_Ci", format_value(activity / units::Ci));
    metadata.emplace_back("half_life_d", format_value(p.half_life / units::day) +
                                             " (Lucas & Unterweger, J. Res. NIST 105 (2000) 541)");
    metadata.emplace_back("atomic_mass_u", format_value(p.atomic_mass_u) + " (AME2020)");
    metadata.emplace_back("atomic_mass_unit_MeV",
                          format_value(constants.atomic_mass_unit / units::MeV));
    SpectrumComponent c{.flavor = Flavor::e,
                        .type = NeutrinoType::antineutrino,
                        .rate = activity,
                        .shape = std::move(spectrum),
                        .label = "tritium anti-nu_e"};
    return Source("tritium", {std::move(c)}, std::move(metadata));
}

}  // namespace

Source tritium_source_from_activity(double activity, const TritiumParameters& parameters,
                                    const PhysicalConstants& constants) {
    require_positive("activity", activity);
    const double mass = tritium_mass_from_activity(activity, parameters, constants);
    return make_tritium_source(
        activity, parameters, constants,
        {{"strength", "activity"}, {"mass_g", format_value(mass / units::g)}});
}

Source tritium_source_from_mass(double mass, const TritiumParameters& parameters,
                                const PhysicalConstants& constants) {
    const double activity = tritium_activity_from_mass(mass, parameters, constants);
    return make_tritium_source(activity, parameters, constants,
                               {{"strength", "mass"}, {"mass_g", format_value(mass / units::g)}});
}

}  // namespace cevas
