#pragma once
/// @file
/// Atomic (electron) and nuclear form factors. Both are functions of the squared momentum
/// transfer |q|^2 = 2 M T + T^2 [eV^2], normalised to F(0) = 1.

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "cevas/core/constants.hpp"

namespace cevas {

/// Models of the atomic form factor F_e(q) (PHYSICS.md section 3).
enum class AtomicFormFactorModel {
    hubbell,     ///< Hubbell et al., J. Phys. Chem. Ref. Data 4 (1975) 471, via xraylib; Z = 1..98
    gauss6,      ///< six-Gaussian fit of seed 000's form for He (Z = 2)
    hydrogenic,  ///< 1s hydrogenic 1/(1 + (q a0 / 2 Z_eff)^2)^2; Z = 1 exact, Z = 2 with 27/16
    none,        ///< F_e = 0: no electrons (bare-nucleus CEvNS limit)
};

/// Models of the nuclear (weak-charge) form factor F_N(q).
enum class NuclearFormFactorModel {
    unity,           ///< F_N = 1 (point nucleus; exact to 1e-8 at tritium energies)
    helm,            ///< R.H. Helm, Phys. Rev. 104 (1956) 1466, parameters of Lewin & Smith,
                     ///< Astropart. Phys. 6 (1996) 87
    klein_nystrand,  ///< S. Klein, J. Nystrand, Phys. Rev. C 60 (1999) 014903
};

std::string_view to_string(AtomicFormFactorModel m);
std::string_view to_string(NuclearFormFactorModel m);
/// Parse a model name; throws InvalidArgument naming `field` for an unknown name.
AtomicFormFactorModel parse_atomic_form_factor(std::string_view name,
                                               std::string_view field = "form_factor");
NuclearFormFactorModel parse_nuclear_form_factor(std::string_view name,
                                                 std::string_view field = "nuclear_form_factor");

/// Coefficients of the gauss6 model (PHYSICS.md section 3): F_e(q) = (1/Z)[sum a_i exp(-b_i q^2) +
/// a_0], q in atomic units (1/a0), b_i in a0^2. Fit to the Hubbell He table, max deviation 8e-4.
struct Gauss6Coefficients {
    std::array<double, 6> a{0.01925409, 0.09248223, 0.30175767, 0.61645215, 0.72588984, 0.24352640};
    std::array<double, 6> b{0.00655428, 0.01958383, 0.04760687, 0.10720243, 0.24337835, 0.56285970};
    double a0 = 0.00063762;
};

/// The atomic form factor F_e of one element in one model.
class AtomicFormFactor {
 public:
    /// @param model  form-factor model
    /// @param z      proton number (= electron number of the neutral atom)
    /// @param constants  supplies the Bohr radius
    /// @throws InvalidArgument if the model does not support Z (gauss6: Z = 2; hydrogenic:
    ///         Z = 1, 2; hubbell: Z = 1..98)
    AtomicFormFactor(AtomicFormFactorModel model, int z, const PhysicalConstants& constants);

    /// F_e at squared momentum transfer q2 [eV^2] (q2 >= 0); dimensionless.
    double operator()(double q2) const;
    /// F_e for each q2[i] [eV^2] into out[i]; vectorised for gauss6 and hydrogenic.
    void evaluate(std::span<const double> q2, std::span<double> out) const;

    AtomicFormFactorModel model() const { return model_; }
    int z() const { return z_; }

 private:
    AtomicFormFactorModel model_;
    int z_;
    double a0_sq_;      // Bohr radius squared [eV^-2]
    double hyd_scale_;  // (a0 / 2 Z_eff)^2 [eV^-2]
    double x_per_q_;    // xraylib's x = sin(theta/2)/lambda [1/angstrom] per q [eV]
    Gauss6Coefficients g6_;
    // hubbell below x = kSmallX1: F = 1 - small_a_ x^2 - small_b_ x^4 (x in 1/angstrom)
    static constexpr double kSmallX1 = 0.02, kSmallX2 = 0.04;
    double small_a_ = 0, small_b_ = 0;
    double xraylib_ff(double x) const;
};

/// Hydrogenic 1s form factor 1/(1 + q^2 a0^2 / (4 Z_eff^2))^2 for one shell.
/// @param q2 [eV^2]  @param z_eff effective charge  @param bohr_radius [eV^-1]
double hydrogenic_1s_form_factor(double q2, double z_eff, double bohr_radius);

/// The nuclear form factor F_N of a nucleus of mass number A in one model.
class NuclearFormFactor {
 public:
    NuclearFormFactor(NuclearFormFactorModel model, int a);
    /// F_N at squared momentum transfer q2 [eV^2]; dimensionless.
    double operator()(double q2) const;
    /// F_N for each q2[i] [eV^2] into out[i]: the array path, vectorised (numerics::fast_sincos,
    /// fast_exp; the same bits on every instruction set). Equal to operator() within 1e-15
    /// absolute (|F_N| <= 1), i.e. 1e-13 relative wherever |F_N| >= 1e-2 (tested over q R in
    /// [0, 60]; the Helm form factor of Xe132 at T = 1.6 keV has q R ~ 0.9).
    void evaluate(std::span<const double> q2, std::span<double> out) const;
    /// The scalar reference path (operator() per point, std::sin/std::cos/std::exp), kept for
    /// tests and benchmarks of evaluate().
    void evaluate_reference(std::span<const double> q2, std::span<double> out) const;
    NuclearFormFactorModel model() const { return model_; }
    /// Radius parameter used [eV^-1] (Helm R0 or Klein–Nystrand R_A; 0 for unity).
    double radius() const { return radius_; }

 private:
    NuclearFormFactorModel model_;
    double radius_ = 0;  // [eV^-1]
    double s_or_a_ = 0;  // Helm skin s, or Klein–Nystrand Yukawa range a_k [eV^-1]
};

/// Spherical-Bessel ratio 3 j1(x)/x, stable for small x (Taylor series below |x| = 1, to
/// x^18; closed form with std::sin/std::cos above).
double three_j1_over_x(double x);

}  // namespace cevas
