#pragma once
/// @file
/// Pion decay at rest (spallation sources: SNS, ESS, J-PARC ...):
/// pi+ -> mu+ nu_mu (prompt), then mu+ -> e+ nu_e anti-nu_mu (delayed, tau_mu = 2.2 us).

#include "cevas/core/units.hpp"
#include "cevas/sources/spectrum.hpp"

namespace cevas {

/// Which neutrino of mu+ decay at rest.
enum class MuonDecayNeutrino {
    nu_e,        ///< \f$ \rho(E) = (192/m_\mu)(E/m_\mu)^2 (1/2 - E/m_\mu) \f$
    anti_nu_mu,  ///< \f$ \rho(E) = (64/m_\mu)(E/m_\mu)^2 (3/4 - E/m_\mu) \f$
};

/// Michel spectrum of a neutrino from mu+ decay at rest, 0 <= E <= m_mu/2 (electron mass
/// neglected; exactly normalised). Reference: e.g. F.T. Avignone and Yu.V. Efremenko,
/// J. Phys. G 29 (2003) 2615; the standard COHERENT source model.
class MuonDecaySpectrum final : public ContinuousSpectrum {
 public:
    /// @param muon_mass [eV], finite and > 0. @throws InvalidArgument otherwise.
    MuonDecaySpectrum(MuonDecayNeutrino neutrino, double muon_mass);

    double density(double e_nu) const override;
    double e_min() const override { return 0.0; }
    double e_max() const override { return 0.5 * m_mu_; }
    std::string name() const override;
    Description describe() const override;

 private:
    MuonDecayNeutrino which_;
    double m_mu_;
};

/// Energy of the prompt nu_mu line, \f$ E = (m_\pi^2 - m_\mu^2)/(2 m_\pi) \f$ [eV]
/// (29.79 MeV). @param pion_mass, muon_mass [eV], 0 < muon_mass < pion_mass.
double pion_decay_prompt_energy(double pion_mass, double muon_mass);

/// Inputs of a pion decay-at-rest source.
struct PionDecayAtRestParameters {
    double proton_rate = 0;       ///< protons on target per unit time [eV], finite and > 0
    double pions_per_proton = 0;  ///< pi+ decaying at rest per proton, finite and > 0
                                  ///< (COHERENT: about 0.08-0.09 for ~1 GeV protons on Hg)
    double pion_mass = 139.57039 * units::MeV;    ///< m_pi+ [eV], PDG 2024
    double muon_mass = 105.6583755 * units::MeV;  ///< m_mu [eV], PDG 2024
};

/// Proton rate of a beam: power / kinetic energy per proton [eV] (= [1/time]).
/// @param beam_power [eV^2] (e.g. `1.4 * units::MW`), @param proton_kinetic_energy [eV]
/// (e.g. `1 * units::GeV`); both finite and > 0.
double proton_rate_from_beam(double beam_power, double proton_kinetic_energy);

/// Pion DAR source: three components with equal rate R = proton_rate x pions_per_proton:
/// prompt nu_mu line at pion_decay_prompt_energy, delayed nu_e and anti-nu_mu Michel spectra.
/// @throws InvalidArgument for a rate, yield or mass that is not finite and > 0, or
///         muon_mass >= pion_mass.
Source pion_decay_at_rest_source(const PionDecayAtRestParameters& parameters);

}  // namespace cevas
