#pragma once
/// @file
/// The Fermi function of allowed beta- decay and the complex log-Gamma function it needs.

#include <complex>
#include <string_view>

#include "cevas/core/constants.hpp"

namespace cevas {

/// Models of the Fermi function F(Z, E) (Coulomb correction of the beta spectrum).
enum class FermiFunction {
    /// \f$ F = 2\pi\eta / (1 - e^{-2\pi\eta}) \f$, \f$ \eta = \alpha Z E_e / p_e \f$
    /// (point nucleus, non-relativistic electron).
    nonrelativistic,
    /// nonrelativistic times \f$ (1.002037 - 0.001427\,\beta) \f$, \f$ \beta = p_e/E_e \f$:
    /// D.H. Wilkinson, Nucl. Instrum. Meth. A 275 (1989) 378, for Z = 2 (tritium).
    wilkinson,
    /// \f$ F = 2(1+\gamma)(2 p_e R)^{2\gamma-2} e^{\pi\eta} |\Gamma(\gamma + i\eta)|^2 /
    /// \Gamma(2\gamma+1)^2 \f$, \f$ \gamma = \sqrt{1 - (\alpha Z)^2} \f$, evaluated at the nuclear
    /// radius R (relativistic, finite size; e.g. Behrens & Jaenecke, Landolt–Börnstein I/4, 1969).
    relativistic,
};

/// "nonrelativistic", "wilkinson" or "relativistic".
std::string_view to_string(FermiFunction model);
/// Parse a model name; @throws InvalidArgument naming `field` for an unknown name.
FermiFunction parse_fermi_function(std::string_view name,
                                   std::string_view field = "fermi_function");

/// Principal branch of \f$ \ln\Gamma(z) \f$ for Re z > 0 (continuous from the positive real
/// axis; the same branch as scipy.special.loggamma). Recurrence up to |z| >= 10, then the
/// Stirling series to z^-15; absolute accuracy about 1e-15 on the real part.
/// @throws InvalidArgument if Re z <= 0 or z is not finite.
std::complex<double> complex_log_gamma(std::complex<double> z);

/// The Fermi function of one daughter nucleus in one model.
class BetaFermiFunction {
 public:
    /// @param model           Fermi-function model
    /// @param z               proton number of the daughter nucleus (1 <= z <= 136)
    /// @param nuclear_radius  radius R of the daughter nucleus [eV^-1] (relativistic model only;
    ///                        finite and > 0 in every model)
    /// @param constants       supplies alpha and the electron mass
    /// @throws InvalidArgument for z or nuclear_radius out of range.
    BetaFermiFunction(FermiFunction model, int z, double nuclear_radius,
                      const PhysicalConstants& constants = {});

    /// F(Z, E) at electron kinetic energy t [eV] > 0 (dimensionless).
    /// @throws InvalidArgument if t is not finite and > 0 (F diverges as 1/p_e at t = 0).
    double operator()(double t) const;

    /// p_e F(Z, E) [eV] at electron kinetic energy t [eV] >= 0: finite at t = 0, where it takes
    /// its limit (2 pi alpha Z m_e for the point-nucleus models). This is what a beta spectrum
    /// needs at its endpoint. @throws InvalidArgument if t is not finite and >= 0.
    double times_momentum(double t) const;

    FermiFunction model() const { return model_; }
    int z() const { return z_; }
    double nuclear_radius() const { return radius_; }

 private:
    double log_times_momentum(double t) const;  // relativistic model, t > 0
    FermiFunction model_;
    int z_;
    double radius_;
    double alpha_z_;
    double m_e_;
    double gamma_;      // sqrt(1 - (alpha Z)^2)
    double log_const_;  // log(2 (1 + gamma)) - 2 log Gamma(2 gamma + 1)
};

}  // namespace cevas
