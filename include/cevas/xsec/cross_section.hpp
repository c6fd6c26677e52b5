#pragma once
/// @file
/// Differential cross section dsigma/dT of coherent elastic neutrino scattering on an atom
/// (CEvAS) or, with the electrons switched off, on a nucleus (CEvNS). PHYSICS.md sections 4, 7.
///
/// Structure (docs/physics.md): the vector coupling matrix in flavour space is
///   G(T) = F_N A_N + F_e A_e + (F_N - F_e) [c_gamma(q) Q_nu + c_r R],
///   A_N = diag(Z g_V^p + N g_V^n) + Z eps^p + N eps^n + eps^Nucl,
///   A_e = Z (g_V^e 1 + P_e + eps^e),  c_gamma = 2 sqrt2 pi alpha Z / (G_F |q|^2),
///   c_r = -sqrt2 pi alpha Z / (3 G_F),
/// and C_V(alpha) = sum_beta |(G S(L))_{beta alpha}|^2 is a quadratic form in the four functions
/// (F_N, F_e, (F_N - F_e) c_gamma, F_N - F_e) whose 4x4 matrix depends only on (E, L, alpha).
/// The same holds for the axial, scalar and tensor pieces. A call therefore splits into an
/// energy part (Coefficients, computed once per E and baseline set) and a recoil part
/// (form factors, computed once per T), which is what rate integrals and template fits reuse.

#include <array>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cevas/core/flavor.hpp"
#include "cevas/numerics/matrix3.hpp"
#include "cevas/oscillation/phase_average.hpp"
#include "cevas/targets/form_factor.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas {

/// The incoming particle.
struct Projectile {
    Flavor flavor = Flavor::e;
    NeutrinoType type = NeutrinoType::neutrino;
};

/// One kinematic point.
struct Kinematics {
    double e_nu = 0;      ///< neutrino energy E [eV], > 0
    double t_recoil = 0;  ///< atomic recoil kinetic energy T [eV], >= 0
    double baseline = 0;  ///< source-target distance L [eV^-1] (units::m), >= 0
};

/// Weighted set of baselines over which the flavour coefficients are averaged (a target volume
/// around a source). Weights are normalised by the caller; a single {L, 1} is a point.
struct BaselineSet {
    std::vector<double> baselines{0.0};  ///< [eV^-1]
    std::vector<double> weights{1.0};    ///< dimensionless, summing to 1
    static BaselineSet point(double baseline) { return {{baseline}, {1.0}}; }
};

/// Maximum number of unpaired electron shells in a target's spin content.
inline constexpr int kMaxShells = 4;

/// Light-mediator part of a coefficient set (empty without mediators). Each vector mediator k
/// adds two functions to the vector basis, y_k F_N and y_k F_e with y_k = m_k^2/(|q|^2 + m_k^2)
/// (so the extended basis is (F_N, F_e, (F_N-F_e)c_gamma, F_N-F_e, y_1 F_N, y_1 F_e, ...)); each
/// scalar mediator adds z_k F_N, z_k F_e to the scalar basis (F_N, F_e). Only the rows of the
/// extra functions are stored (the contact block stays in Coefficients).
struct MediatorCoefficients {
    int n_vector = 0;  ///< extra vector functions (2 per vector mediator)
    int n_scalar = 0;  ///< extra scalar functions (2 per scalar mediator)
    /// Rows of the extra vector functions of the extended form: [a * (4 + n_vector) + b].
    std::vector<double> vector;
    /// Single baseline: the extra amplitudes [a * 6 + m] (see Coefficients::vector_amplitude).
    std::vector<double> vector_amplitude;
    /// Rows of the extra scalar functions of the extended form: [a * (2 + n_scalar) + b].
    std::vector<double> scalar;
};

/// Flavour-space coefficients of one (projectile, E, baselines): the quadratic forms of C_V,
/// C_A, C_S, C_T and mu_eff^2. Cheap to copy; independent of T.
struct Coefficients {
    double e_nu = 0;  ///< [eV]
    /// 4x4 symmetric, row-major, basis (F_N, F_e, (F_N-F_e)c_gamma, F_N-F_e); valid when
    /// has_amplitudes is false (several baselines, or sums made by accumulate()).
    std::array<double, 16> vector{};
    double axial_nucleus = 0;  ///< C_A = axial_nucleus F_N^2 + sum_k axial_shell[k] F_k^2
    std::array<double, kMaxShells> axial_shell{};
    std::array<double, 4> scalar{};  ///< 2x2 over (F_N, F_e)
    std::array<double, 4> tensor{};  ///< 2x2 over (F_N, F_e) (coherent tensor model)
    double tensor_nucleus =
        0;  ///< spin tensor model: tensor_nucleus F_N^2 + sum_k tensor_shell[k] F_k^2
    std::array<double, kMaxShells> tensor_shell{};
    double magnetic = 0;  ///< mu_eff^2 [mu_B^2]
    /// Single baseline only: the amplitudes v_k = A_k S(L) e_alpha, as [k][Re v_e, Im v_e,
    /// Re v_mu, Im v_mu, Re v_tau, Im v_tau], so that C_V = sum_beta |sum_k x_k v_k,beta|^2 is a
    /// sum of squares. Near the dip, where the quadratic form `vector` cancels to ~1e-10 relative,
    /// the sum of squares keeps the relative accuracy of the amplitude. Sums of coefficient sets
    /// (accumulate) have no single amplitude and use `vector`; with amplitudes, `vector` is
    /// left empty.
    bool has_amplitudes = false;
    std::array<std::array<double, 6>, 4> vector_amplitude{};
    /// Light mediators (empty without them).
    MediatorCoefficients mediator;
};

/// into += w * c, term by term (e_nu of `into` is left unchanged).
void accumulate(Coefficients& into, const Coefficients& c, double w);

/// Everything about one evaluation, for output tables and tests.
struct Breakdown {
    double q2 = 0;                   ///< |q|^2 = 2 M T + T^2 [eV^2]
    double atomic_form_factor = 0;   ///< F_e
    double nuclear_form_factor = 1;  ///< F_N
    double c_v = 0;        ///< vector coefficient C_V (includes millicharge, charge radius)
    double c_a = 0;        ///< axial coefficient C_A
    double c_s = 0;        ///< scalar coefficient C_S
    double c_t = 0;        ///< tensor coefficient C_T
    double mu_eff2 = 0;    ///< effective magnetic moment squared [mu_B^2]
    double weak = 0;       ///< (G_F^2 M / pi)[C_V (1 - MT/2E^2) + C_A (1 + MT/2E^2) + ...] [eV^-3]
    double magnetic = 0;   ///< magnetic-moment term [eV^-3]
    double dsigma_dT = 0;  ///< total [eV^-3]; multiply by 1/units::cm2 for cm^2/eV
};

/// Differential cross section of one target under one parameter set.
///
///   dsigma/dT = (G_F^2 M / pi) [C_V (1 - MT/2E^2) + C_A (1 + MT/2E^2) + C_S MT/(8E^2)
///                               + 2 C_T (1 - MT/4E^2)]
///             + (pi alpha^2 / m_e^2) mu_eff^2 (1/T - 1/E) Z^2 (F_N - F_e)^2
///
/// Seeds: M. Verkhovtsev (talk, 2026) for the vector NSI and oscillation structure; G. Donchenko,
/// K. Kouzakov, A. Studenikin (ICHEP 2022 poster) for C_A, millicharge and magnetic moment;
/// Lindner, Rodejohann, Xu, JHEP 03 (2017) 097 for scalar and tensor.
/// Outside the kinematic domain (T > T_max(E)) the result is 0. Thread-safe (const methods).
class CrossSection {
 public:
    /// @throws InvalidArgument for invalid parameters (non-hermitian matrices, bad mixing, a
    ///         form-factor model that does not support the target, too many shells).
    CrossSection(Target target, Parameters params);

    const Target& target() const { return target_; }
    const Parameters& parameters() const { return params_; }
    AtomicFormFactorModel atomic_model() const { return ff_e_.model(); }
    NuclearFormFactorModel nuclear_model() const { return ff_n_.model(); }
    /// Atomic mass M [eV].
    double mass() const { return target_.mass; }

    /// T_max(E) = 2E^2 / (M + 2E) [eV]. @param e_nu [eV]
    double t_max(double e_nu) const;
    /// E_min(T) = (T + sqrt(T^2 + 2MT)) / 2 [eV]. @param t_recoil [eV]
    double e_min(double t_recoil) const;
    /// |q|^2 = 2 M T + T^2 [eV^2].
    double q2(double t_recoil) const { return 2.0 * target_.mass * t_recoil + t_recoil * t_recoil; }

    /// dsigma/dT [eV^-3] at one point (scalar reference path, std::exp throughout).
    /// @throws InvalidArgument for E <= 0, T < 0, L < 0 or NaN.
    double dsigma_dT(Projectile p, Kinematics k) const;
    /// The same with every piece reported.
    Breakdown breakdown(Projectile p, Kinematics k) const;

    /// breakdown() at fixed E for each recoil t[i] [eV] into out[i], with the flavour
    /// coefficients computed once (c = coefficients(p, E, BaselineSet::point(L))): equal to
    /// breakdown(p, {E, t[i], L}) bit for bit. Used to stream large output tables.
    /// @throws InvalidArgument for sizes that differ, or t[i] < 0 or not finite.
    void breakdown(const Coefficients& c, std::span<const double> t,
                   std::span<Breakdown> out) const;

    /// dsigma/dT [eV^-3] at fixed E for each recoil t[i] [eV] into out[i] (array path:
    /// vectorised form factors, no allocation). @param baselines flavour average (default L = 0)
    /// @param threads worker threads (1: the calling thread only; 0: every core); the result is
    ///        bit for bit the same for every count (fixed chunks of 1024 recoils)
    /// @param out_unit every value is divided by it (e.g. units::cm2 / units::eV for cm^2/eV):
    ///        the same bits as dividing afterwards, done while each chunk is in cache
    /// @throws InvalidArgument for out_unit <= 0 or not finite
    void dsigma_dT(Projectile p, double e_nu, std::span<const double> t, std::span<double> out,
                   const BaselineSet& baselines = BaselineSet{}, int threads = 1,
                   double out_unit = 1.0) const;

    /// Flavour coefficients for (projectile, E, baselines). @param e_nu [eV]
    /// Several baselines are averaged in the mass basis: with s(L) = sum_i exp(-i m_i^2 L/2E) u_i,
    /// u_i = V_{. i} V*_{alpha i}, every coefficient is Re sum_ij P_ij <M u_i, M' u_j> with
    /// P_ij = <exp(-i (m_j^2 - m_i^2) L / 2E)>, so a baseline costs two phases, not a flavour
    /// matrix product (docs/performance.md).
    Coefficients coefficients(Projectile p, double e_nu, const BaselineSet& baselines) const;
    /// The same with the phase averages P_ij taken from a precomputed PhaseAverager (cost
    /// independent of the number of baselines: what EventRate uses). @param e_nu [eV]
    Coefficients coefficients(Projectile p, double e_nu, const PhaseAverager& baselines) const;
    /// Flavour coefficients for an incoherent mixture of mass eigenstates (solar neutrinos after
    /// MSW; oscillation/solar.hpp), the density matrix rho = sum_j p_j |nu_j><nu_j|:
    ///   K = Re sum_j p_j <M nu_j, M' nu_j>   for every pair of coupling matrices M, M',
    /// so that C_V = Tr(G rho G^dagger) (off-diagonal flavour entries of rho count: they matter
    /// with off-diagonal NSI). nu_j is column j of U (U^* for antineutrinos).
    /// @param type neutrino or antineutrino @param e_nu [eV]
    /// @param populations p_1, p_2, p_3 (finite, >= 0; normally summing to 1)
    /// @throws InvalidArgument for a population that is negative or not finite.
    Coefficients coefficients_mass_mixture(NeutrinoType type, double e_nu,
                                           const std::array<double, 3>& populations) const;
    /// dsigma/dT [eV^-3] for recoils t[i] with precomputed coefficients (E = c.e_nu).
    /// @param threads as for dsigma_dT (1: serial, 0: every core; identical bits for any count)
    /// @param out_unit as for dsigma_dT (values divided by it)
    void evaluate(const Coefficients& c, std::span<const double> t, std::span<double> out,
                  int threads = 1, double out_unit = 1.0) const;

    /// Sum over energies E_n of a_n dsigma/dT(E_n, T) from the moments
    ///   s0 = sum a_n c_n,  s1 = sum a_n c_n / E_n,  s2 = sum a_n c_n / E_n^2
    /// of coefficient sets c_n (which must all satisfy E_n >= E_min(T): the caller selects them).
    /// This is how flux-folded rates are evaluated without revisiting every energy per recoil.
    /// @param t_recoil [eV] @return [eV^-3] times the unit of a_n
    double evaluate_moments(const Coefficients& s0, const Coefficients& s1, const Coefficients& s2,
                            double t_recoil) const;

    /// Reference description of every model choice, for output headers.
    std::vector<std::pair<std::string, std::string>> describe() const;

 private:
    struct RecoilPoint {
        double q2, fe, fn;
        std::array<double, kMaxShells> fs;
    };
    struct Pieces {
        double c_v = 0, c_a = 0, c_s = 0, c_t = 0;
    };
    Pieces pieces(const Coefficients& c, const RecoilPoint& r) const;
    void evaluate_serial(const Coefficients& c, std::span<const double> t,
                         std::span<double> out) const;
    double combine(const Coefficients& c, double t, const RecoilPoint& r) const;
    Coefficients coefficients_impl(Projectile p, double e_nu, std::span<const double> baselines,
                                   std::span<const double> weights) const;
    RecoilPoint recoil_point(double t) const;
    // <M u_i, M' u_j> (i, j mass states, 3x3 row-major) for every coupling matrix pair, per
    // (neutrino type, flavour alpha): the energy-independent half of the mass-basis average.
    using MassGram = std::array<complex, 9>;
    struct MassGrams {
        std::array<MassGram, 16> vector{};
        std::array<MassGram, 4> scalar{}, tensor{};
        MassGram axial_nucleus{}, tensor_nucleus{}, magnetic{};
        std::array<MassGram, kMaxShells> axial_shell{}, tensor_shell{};
    };
    Coefficients coefficients_mass_basis(Projectile p, double e_nu, complex a21, complex a31,
                                         complex a32, double total_weight) const;
    void validate_energy(double e_nu) const;
    void check_result(double v, double e_nu, double t_recoil) const;

    // Light mediators (src/xsec/cross_section_mediator.cpp): extra basis functions
    // y_k F_N, y_k F_e with y_k = m_k^2/(q^2 + m_k^2), coupling matrices per neutrino type.
    struct MediatorState {
        std::vector<double> vector_inv_m2, scalar_inv_m2;  // 1/m_k^2 [eV^-2]
        // [type]: vector (B_N, B_e per mediator), scalar (S_N, S_e per mediator)
        std::array<std::vector<Matrix3c>, 2> vector, scalar;
        // [type][alpha]: mass-basis Gram tensors of the extra rows against every column
        std::array<std::array<std::vector<MassGram>, 3>, 2> vector_grams, scalar_grams;
        bool active() const { return !vector_inv_m2.empty() || !scalar_inv_m2.empty(); }
    };
    void init_mediators();
    void mediator_state_terms(Coefficients& c, int type, const Vector3c& s, double w,
                              bool single) const;
    void mediator_mass_basis(Coefficients& c, int type, int alpha,
                             const std::array<complex, 9>& pm) const;
    /// The mediator forms for an incoherent mixture of mass eigenstates
    /// (coefficients_mass_mixture).
    void mediator_mass_mixture(Coefficients& c, int type,
                               const std::array<double, 3>& populations) const;
    void mediator_pieces(const Coefficients& c, const RecoilPoint& r, Pieces& p) const;
    void evaluate_serial_mediators(const Coefficients& c, std::span<const double> t,
                                   std::span<double> out) const;
    MediatorState med_;

    Target target_;
    Parameters params_;
    AtomicFormFactor ff_e_;
    NuclearFormFactor ff_n_;
    int n_shells_ = 0;
    std::array<double, kMaxShells> shell_zeff_{};
    double prefactor_;       // G_F^2 M / pi [eV^-3]
    double photon_coeff_;    // 2 sqrt2 pi alpha Z / G_F [eV^2]: c_gamma = photon_coeff / q^2
    double photon_slope0_;   // lim_{q2->0} (F_N - F_e)/q2 [eV^-2], for T = 0 exactly
    double magnetic_coeff_;  // pi alpha^2 Z^2 / m_e^2 [eV^-2]
    Matrix3c pmns_;
    // Coupling matrices [neutrino, antineutrino]: vector (4), axial nucleus + shells, scalar (2),
    // tensor (2 coherent, or nucleus + shells), magnetic.
    struct Set {
        std::array<Matrix3c, 4> vector;
        Matrix3c axial_nucleus;
        std::array<Matrix3c, kMaxShells> axial_shell;
        std::array<Matrix3c, 2> scalar;
        std::array<Matrix3c, 2> tensor;
        Matrix3c tensor_nucleus;
        std::array<Matrix3c, kMaxShells> tensor_shell;
        Matrix3c magnetic;
        struct NonZero {
            std::array<bool, 4> vector{};
            bool axial_nucleus = false, axial_shell = false, scalar = false, tensor = false,
                 tensor_nucleus = false, tensor_shell = false, magnetic = false;
        } on;
    };
    std::array<Set, 2> sets_;
    std::array<std::array<MassGrams, 3>, 2> mass_grams_;  // [type][alpha]
};

/// Total cross section sigma(E) = integral_0^{T_max} dsigma/dT dT [eV^-2] by adaptive
/// Gauss–Kronrod quadrature (relative tolerance `rel_tol`). Diverges for a magnetic moment or a
/// millicharge without electron screening; `t_min` [eV] cuts the integral from below.
double total_cross_section(const CrossSection& xs, Projectile p, double e_nu, double t_min = 0,
                           double rel_tol = 1e-10);

}  // namespace cevas
