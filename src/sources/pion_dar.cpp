#include "cevas/sources/pion_dar.hpp"

#include <cmath>

#include "cevas/core/error.hpp"

namespace cevas {

MuonDecaySpectrum::MuonDecaySpectrum(MuonDecayNeutrino neutrino, double muon_mass)
    : which_(neutrino), m_mu_(muon_mass) {
    require_positive("muon_mass", muon_mass);
}

double MuonDecaySpectrum::density(double e_nu) const {
    if (std::isnan(e_nu)) {
        throw InvalidArgument(cevas::describe("e_nu", "nan", "neutrino energy must be a number"));
    }
    if (!(e_nu >= 0) || !(e_nu <= 0.5 * m_mu_)) return 0.0;
    const double x = e_nu / m_mu_;
    return which_ == MuonDecayNeutrino::nu_e ? 192.0 / m_mu_ * x * x * (0.5 - x)
                                             : 64.0 / m_mu_ * x * x * (0.75 - x);
}

std::string MuonDecaySpectrum::name() const {
    return which_ == MuonDecayNeutrino::nu_e ? "mu+ decay at rest nu_e (Michel)"
                                             : "mu+ decay at rest anti-nu_mu (Michel)";
}

Description MuonDecaySpectrum::describe() const {
    return {{"spectrum", which_ == MuonDecayNeutrino::nu_e
                             ? "(192/m_mu) x^2 (1/2 - x), x = E/m_mu, 0 <= x <= 1/2"
                             : "(64/m_mu) x^2 (3/4 - x), x = E/m_mu, 0 <= x <= 1/2"},
            {"muon_mass_MeV", format_value(m_mu_ / units::MeV)}};
}

double pion_decay_prompt_energy(double pion_mass, double muon_mass) {
    require_positive("pion_mass", pion_mass);
    require_positive("muon_mass", muon_mass);
    if (!(muon_mass < pion_mass)) {
        throw InvalidArgument(
            cevas::describe("muon_mass", format_value(muon_mass),
                            "must be below pion_mass = " + format_value(pion_mass)));
    }
    return (pion_mass - muon_mass) * (pion_mass + muon_mass) / (2.0 * pion_mass);
}

double proton_rate_from_beam(double beam_power, double proton_kinetic_energy) {
    require_positive("beam_power", beam_power);
    require_positive("proton_kinetic_energy", proton_kinetic_energy);
    return beam_power / proton_kinetic_energy;
}

Source pion_decay_at_rest_source(const PionDecayAtRestParameters& p) {
    require_positive("proton_rate", p.proton_rate);
    require_positive("pions_per_proton", p.pions_per_proton);
    const double e_prompt = pion_decay_prompt_energy(p.pion_mass, p.muon_mass);
    const double rate = p.proton_rate * p.pions_per_proton;
    std::vector<SpectrumComponent> components{
        {.flavor = Flavor::mu,
         .type = NeutrinoType::neutrino,
         .rate = rate,
         .shape = Line{.energy = e_prompt, .branching = 1.0},
         .label = "prompt nu_mu (pi+ -> mu+ nu_mu)"},
        {.flavor = Flavor::e,
         .type = NeutrinoType::neutrino,
         .rate = rate,
         .shape = std::make_shared<const MuonDecaySpectrum>(MuonDecayNeutrino::nu_e, p.muon_mass),
         .label = "delayed nu_e (mu+ -> e+ nu_e anti-nu_mu)"},
        {.flavor = Flavor::mu,
         .type = NeutrinoType::antineutrino,
         .rate = rate,
         .shape =
             std::make_shared<const MuonDecaySpectrum>(MuonDecayNeutrino::anti_nu_mu, p.muon_mass),
         .label = "delayed anti-nu_mu (mu+ -> e+ nu_e anti-nu_mu)"},
    };
    Description metadata{
        {"proton_rate_per_s", format_value(p.proton_rate / units::Bq)},
        {"pions_per_proton", format_value(p.pions_per_proton)},
        {"pion_decays_per_s", format_value(rate / units::Bq)},
        {"pion_mass_MeV", format_value(p.pion_mass / units::MeV) + " (PDG 2024)"},
        {"muon_mass_MeV", format_value(p.muon_mass / units::MeV) + " (PDG 2024)"},
        {"prompt_energy_MeV", format_value(e_prompt / units::MeV)},
    };
    return Source("pion decay at rest", std::move(components), std::move(metadata));
}

}  // namespace cevas
