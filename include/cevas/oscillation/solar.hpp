#pragma once
/// @file
/// Flavour conversion of solar neutrinos: adiabatic MSW in the Sun, three flavours, day average.
///
/// A nu_alpha produced at radius r in the Sun leaves it, after adiabatic evolution, as the
/// incoherent mixture of mass eigenstates with populations |U^m_{alpha j}(r)|^2, U^m(r) the
/// matrix diagonalising the matter Hamiltonian at r (flavour basis, neutrinos)
/// \f[ H(r) = \frac{1}{2E} U \mathrm{diag}(0, \Delta m^2_{21}, \Delta m^2_{31}) U^\dagger
///           + \sqrt2 G_F n_e(r) \left[\mathrm{diag}(1,0,0) + \varepsilon^m(r)\right], \f]
/// \f$ \varepsilon^m = \varepsilon^e + \varepsilon^p + Y_n(r)\,\varepsilon^n \f$ the vector NSI
/// of the medium (eps^p = 2 eps^u + eps^d + eps^p-level, eps^n = eps^u + 2 eps^d + eps^n-level,
/// Y_n = n_n/n_e). The matter eigenstates are followed by the order of their eigenvalues (no
/// level crossing in adiabatic evolution), and the phases between mass eigenstates average out
/// over the Sun-Earth distance (L/E ~ 1e11 m/MeV). Averaged over the production region of the
/// component (the B16 profile, sources/solar.hpp):
/// \f[ p_j(E) = \sum_i w_i\, |U^m_{\alpha j}(r_i; E)|^2 , \qquad
///     P_{ee}(E) = \sum_j p_j(E)\, |U_{ej}|^2 . \f]
/// Day average: no regeneration in the Earth. The neutron fraction Y_n(r) = (1 - X)/(1 + X) uses
/// a documented approximation of the hydrogen mass fraction (docs/sources.md); it matters only
/// for NSI with quarks or nucleons. The whole-nucleus NSI level (`nucleus`) describes the
/// detector's nucleus and is not used for propagation. With `msw = false`: vacuum averaged,
/// p_j = |U_{alpha j}|^2.
/// References: S.P. Mikheyev, A.Yu. Smirnov, Sov. J. Nucl. Phys. 42 (1985) 913; L. Wolfenstein,
/// PRD 17 (1978) 2369; the adiabatic three-flavour formula as in e.g. M.C. Gonzalez-Garcia,
/// Y. Nir, Rev. Mod. Phys. 75 (2003) 345.

#include <array>
#include <memory>

#include "cevas/core/constants.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/numerics/matrix3.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "cevas/sources/solar.hpp"

namespace cevas {

/// Eigen-decomposition of a Hermitian 3x3 matrix (cyclic complex Jacobi rotations, converged to
/// rounding): h = V diag(values) V^dagger, eigenvalues ascending, eigenvectors in the columns.
struct HermitianEigen {
    std::array<double, 3> values{};
    Matrix3c vectors{};
};
/// @throws InvalidArgument if h is not Hermitian (defect > 1e-12 of its largest entry) or has a
///         non-finite entry.
HermitianEigen hermitian_eigen(const Matrix3c& h);

/// Inputs of solar flavour conversion.
struct SolarOscillationParameters {
    SolarModel model = SolarModel::b16_gs98;
    MixingParameters mixing{};
    /// Vector NSI (the medium part of the matter potential; `nucleus` is ignored).
    NsiLevels vector_nsi{};
    bool msw = true;  ///< false: vacuum-averaged populations |U_{alpha j}|^2
    PhysicalConstants constants{};
};

/// Adiabatic MSW populations of the mass eigenstates for every solar component.
/// Immutable after construction; const calls are thread-safe.
class SolarOscillation {
 public:
    /// @throws InvalidArgument for invalid mixing parameters or non-Hermitian NSI.
    explicit SolarOscillation(SolarOscillationParameters parameters);

    /// p_j(E), j = 1..3, of a neutrino of flavour `flavor` produced by `component` [summing to 1].
    /// @param e_nu [eV], finite and > 0
    std::array<double, 3> populations(SolarComponent component, double e_nu,
                                      Flavor flavor = Flavor::e) const;
    /// P(nu_e -> nu_e) at Earth (day): sum_j p_j |U_ej|^2. @param e_nu [eV]
    double survival_probability(SolarComponent component, double e_nu) const;
    /// P(nu_e -> nu_beta) at Earth: sum_j p_j |U_{beta j}|^2. @param e_nu [eV]
    double probability(SolarComponent component, double e_nu, Flavor to) const;
    /// The matter NSI matrix eps^m at neutron fraction y_n = n_n / n_e (dimensionless).
    Matrix3c matter_nsi(double y_n) const;
    /// The approximate neutron fraction Y_n(r) = (1 - X)/(1 + X),
    /// X(r) = 0.73 - 0.38 exp(-(r / 0.12)^2) (r in R_sun; docs/sources.md).
    static double neutron_fraction(double radius);

    const SolarOscillationParameters& parameters() const { return p_; }
    const Matrix3c& pmns() const { return u_; }

 private:
    SolarOscillationParameters p_;
    Matrix3c u_;
    Matrix3c eps_p_, eps_n_;  // medium NSI per proton (with the electron's) and per neutron
    std::array<SolarProductionProfile, 8> profiles_;
    std::array<int, 3> order_{};  // vacuum mass index of the k-th smallest eigenvalue
};

/// The solar source with flavour conversion: solar_source(source) whose every component carries
/// the populations of `oscillation` (SpectrumComponent::mass_populations). The solar model of
/// `source` and of `oscillation` must agree. @throws InvalidArgument otherwise.
Source solar_neutrino_source(const SolarSourceParameters& source,
                             std::shared_ptr<const SolarOscillation> oscillation);

}  // namespace cevas
