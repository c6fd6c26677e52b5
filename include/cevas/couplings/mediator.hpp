#pragma once
/// @file
/// Light mediators: a vector (Z') or scalar (phi) boson of mass m exchanged in the t channel
/// between the neutrino and the quarks (or nucleons) and electrons of the target. Its effect is
/// that of q-dependent NSI (docs/physics.md, "Light mediators"):
///
///   vector:  L ⊃ Z'_mu [ g_nu,ab nubar_a gamma^mu P_L nu_b + sum_f g_f fbar gamma^mu f ]
///            eps^{fV}_ab(q) = + g_nu,ab g_f / (sqrt2 G_F (|q|^2 + m^2))
///   scalar:  L ⊃ phi [ g_nu,ab nubar_a nu_b + sum_f g_f fbar f ]
///            eps^{fS}_ab(q) = - sqrt2 g_nu,ab g_f / (G_F (|q|^2 + m^2))
///
/// in the NSI normalisation of new_physics.hpp (vector: -(G_F/sqrt2)[nubar gamma(1-gamma5) nu]
/// [fbar gamma eps^V f]; scalar: -(G_F/sqrt2) eps^S (nubar nu)(fbar f), no (1-gamma5)). Integrating
/// out the boson gives -J^2/(2 m^2) for a vector and +J^2/(2 m^2) for a scalar, hence the signs;
/// for the vector this is the sign convention of the SM Z (a positive g_nu g_q interferes
/// destructively with the neutron-dominated SM charge). m -> infinity gives the contact NSI
/// eps = g_nu g_f / (sqrt2 G_F m^2) (vector). The scalar charge of a nucleon follows the scalar
/// NSI rule Q_S^N = sum_q g_q (m_N/m_q) f_Tq^N (NucleonCharges) plus direct g_p, g_n.
/// References: Cerdeno et al., JHEP 05 (2016) 118; Dent et al., PRD 96 (2017) 095007;
/// Papoulias & Kosmas, PRD 97 (2018) 033003; Abdullah et al., PRD 98 (2018) 015005.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/numerics/matrix3.hpp"

namespace cevas {

/// Lorentz structure of a light mediator.
enum class MediatorType {
    vector,  ///< spin-1 Z': interferes with the SM vector current
    scalar,  ///< spin-0 phi: flips helicity, adds incoherently to the SM (no interference)
};

std::string_view to_string(MediatorType t);
/// "vector" or "scalar"; throws InvalidArgument naming `field` otherwise.
MediatorType parse_mediator_type(std::string_view s, std::string_view field = "mediator.type");

/// One light mediator: type, mass and couplings (dimensionless).
struct Mediator {
    MediatorType type = MediatorType::vector;
    double mass = 0;  ///< m [eV] (units::MeV ...), > 0 (limits::mediator_mass)
    Matrix3c g_nu;    ///< neutrino couplings g_nu,ab, hermitian (diagonal: per flavour)
    double g_u = 0;   ///< up quark
    double g_d = 0;   ///< down quark
    double g_p = 0;   ///< proton (direct, added to the quark rule)
    double g_n = 0;   ///< neutron (direct, added to the quark rule)
    double g_e = 0;   ///< electron
    /// True when every coupling product g_nu g_f vanishes (the mediator has no effect).
    bool is_zero() const;
    /// The contact-equivalent NSI at |q| = 0 (the q-dependence is the factor
    /// m^2 / (|q|^2 + m^2) applied by CrossSection): eps^f = c g_nu g_f / (G_F m^2) with
    /// c = 1/sqrt2 (vector) or -sqrt2 (scalar), at levels u, d, p, n and e.
    NsiLevels contact_nsi(const PhysicalConstants& k) const;
};

/// Throw InvalidArgument "<field>.<key> = <value>: <reason>" for a mass that is not in
/// limits::mediator_mass (negative, zero, NaN), a coupling out of limits::mediator_coupling, or a
/// non-hermitian g_nu. `field` is e.g. "mediator[0]".
void validate(const Mediator& m, const std::string& field);

/// (name, value) pairs for output headers: "mediator[0].type" = "vector", ".mass_eV", ".g_nu",
/// ".g_u" ... (non-zero couplings only).
std::vector<std::pair<std::string, std::string>> describe_mediators(
    const std::vector<Mediator>& mediators);

}  // namespace cevas
