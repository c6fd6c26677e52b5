#pragma once
/// @file
/// New-physics inputs: non-standard interactions (NSI) of every Lorentz structure and the
/// neutrino's electromagnetic properties, each a hermitian 3x3 matrix in flavour space.
///
/// Lagrangian normalisation (docs/physics.md, "New physics"):
///   vector/axial (seed 000; Coloma et al., JHEP 08 (2023) 032):
///     L = -(G_F/sqrt2) sum_f [nubar_a gamma^mu (1 - gamma5) nu_b] [fbar gamma_mu (eps^{fV}_ab -
///     eps^{fA}_ab gamma5) f]
///   scalar/tensor (Lindner, Rodejohann, Xu, JHEP 03 (2017) 097, eq. 2.1):
///     L = -(G_F/sqrt2) sum_f [eps^{fS}_ab (nubar_a nu_b)(fbar f) + eps^{fT}_ab (nubar_a sigma^{mu
///     nu} nu_b)(fbar sigma_{mu nu} f)]
///   Index order: eps_ab multiplies nubar_a ... nu_b (the standard convention): an incoming nu_b
///   leaves as nu_a with amplitude eps_ab, so Im eps_ab has the sign of the matrix entry (a, b)
///   as stored and as written in configs ("nsi.vector.nucleus.emu = 0.1-0.05i" is eps_{e mu}).
///   with no (1 - gamma5) in the neutrino bilinear of the scalar and tensor terms; with it the
///   scalar and tensor rates would be 4 times larger.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/numerics/matrix3.hpp"

namespace cevas {

/// NSI matrices of one Lorentz structure at every level at which they may be given. The levels
/// add up: the effective nucleon couplings are eps^p = (quark rule applied to u, d) + p and
/// likewise for n; the nucleus gains Z eps^p + N eps^n + nucleus.
struct NsiLevels {
    Matrix3c u;        ///< up quark
    Matrix3c d;        ///< down quark
    Matrix3c p;        ///< proton
    Matrix3c n;        ///< neutron
    Matrix3c nucleus;  ///< whole nucleus (the seeds' "nuclear" values, eps^Nucl)
    Matrix3c e;        ///< electron
    bool is_zero() const;
};

/// Quark-to-nucleon rule for axial-vector NSI.
enum class AxialQuarkRule {
    spin_fractions,  ///< eps^{pA} = Delta u eps^{uA} + Delta d eps^{dA} (default)
    valence,  ///< seed 000: eps^{pA} = 2 eps^{uA} + eps^{dA}, eps^{nA} = eps^{uA} + 2 eps^{dA}
};

/// How the tensor NSI act on the target.
enum class TensorModel {
    spin,      ///< spin-dependent response (default): nucleon tensor charges times the net spins
               ///< (Z+ - Z-), (N+ - N-) and the electron shells' net spins; zero for J = 0 atoms
    coherent,  ///< model choice: the atom as a point Dirac particle with coherent tensor charges
               ///< Z eps^{pT} + N eps^{nT} + Z F_e eps^{eT}
};

std::string_view to_string(AxialQuarkRule r);
std::string_view to_string(TensorModel m);
AxialQuarkRule parse_axial_quark_rule(std::string_view s,
                                      std::string_view field = "axial_quark_rule");
TensorModel parse_tensor_model(std::string_view s, std::string_view field = "tensor_model");

/// Hadronic matrix elements converting quark-level NSI to nucleon level. Proton values; the
/// neutron follows from isospin (u <-> d) except where a separate value is given.
struct NucleonCharges {
    /// Axial: quark spin fractions of the proton, FLAG Review 2019 (Aoki et al., EPJC 80 (2020)
    /// 113), N_f = 2+1+1: g_A^u = 0.777, g_A^d = -0.438.
    double axial_u = 0.777;
    double axial_d = -0.438;
    /// Scalar: f_Tq^N (Hoferichter, Ruiz de Elvira, Kubis, Meissner, PRL 115 (2015) 092301):
    /// f_Tu^p = 0.0208, f_Td^p = 0.0411, f_Tu^n = 0.0189, f_Td^n = 0.0451 (about 20 % uncertain).
    double scalar_fu_p = 0.0208;
    double scalar_fd_p = 0.0411;
    double scalar_fu_n = 0.0189;
    double scalar_fd_n = 0.0451;
    /// Light-quark MS-bar masses at 2 GeV [eV], PDG 2024: m_u = 2.16 MeV, m_d = 4.70 MeV.
    double mass_u = 2.16e6;
    double mass_d = 4.70e6;
    /// Tensor charges of the proton, FLAG Review 2019, N_f = 2+1+1: g_T^u = 0.784, g_T^d = -0.204.
    double tensor_u = 0.784;
    double tensor_d = -0.204;
};

/// Every NSI input, by Lorentz structure.
struct NsiParameters {
    NsiLevels vector;
    NsiLevels axial;
    NsiLevels scalar;
    NsiLevels tensor;
    AxialQuarkRule axial_rule = AxialQuarkRule::spin_fractions;
    TensorModel tensor_model = TensorModel::spin;
    NucleonCharges charges;
    bool is_zero() const;
};

/// Neutrino electromagnetic properties, hermitian flavour matrices
/// (Giunti & Studenikin, Rev. Mod. Phys. 87 (2015) 531).
struct ElectromagneticParameters {
    Matrix3c millicharge;      ///< Q_nu in units of the elementary charge e
    Matrix3c magnetic_moment;  ///< mu_nu in Bohr magnetons
    Matrix3c charge_radius;    ///< <r^2> [eV^-2] (multiply cm^2 values by units::cm2)
    bool is_zero() const;
};

/// Effective nucleon-level couplings of one structure: eps^p and eps^n.
struct NucleonNsi {
    Matrix3c p;
    Matrix3c n;
};

/// Vector rule (conserved current, valence counting): eps^p = 2u + d + p, eps^n = u + 2d + n.
NucleonNsi vector_nucleon_nsi(const NsiLevels& v);
/// Axial rule per `rule` (spin fractions, or seed 000's valence counting).
NucleonNsi axial_nucleon_nsi(const NsiLevels& a, AxialQuarkRule rule, const NucleonCharges& c);
/// Scalar: eps^{N,S} = sum_q eps^{q,S} (m_N / m_q) f_Tq^N + eps^{N,S}_direct.
NucleonNsi scalar_nucleon_nsi(const NsiLevels& s, const NucleonCharges& c,
                              const PhysicalConstants& k);
/// Tensor: eps^{N,T} = sum_q g_T^q eps^{q,T} + direct (neutron by isospin).
NucleonNsi tensor_nucleon_nsi(const NsiLevels& t, const NucleonCharges& c);

/// Throw InvalidArgument naming `field` unless m is hermitian to 1e-12 (relative to its largest
/// element) and finite.
void require_hermitian(const std::string& field, const Matrix3c& m);
/// Validate every matrix of the NSI and electromagnetic inputs.
void validate(const NsiParameters& nsi, const ElectromagneticParameters& em);

/// Non-zero entries as (name, value) text pairs for output headers, e.g.
/// ("nsi.vector.nucleus.emu", "0.1-0.05i"). Upper triangle only (the rest is implied).
std::vector<std::pair<std::string, std::string>> describe_nonzero(
    const NsiParameters& nsi, const ElectromagneticParameters& em);

/// Format a complex number as "re", "re+imi" or "re-imi".
std::string format_complex(complex z);
/// Parse "0.1", "-0.05i", "0.1-0.05i", "1e-3+2e-4i"; throws InvalidArgument naming `field`.
complex parse_complex(std::string_view s, std::string_view field);

/// Flavour-pair names: "ee", "emu", "etau", "mumu", "mutau", "tautau" (and "mue" ...).
/// Returns {row, col}; throws InvalidArgument naming `field` for anything else.
std::pair<int, int> parse_flavor_pair(std::string_view s, std::string_view field);
/// Set m(i, j) = v and m(j, i) = conj(v) (the hermitian partner); v must be real when i == j.
void set_hermitian(Matrix3c& m, int i, int j, complex v, std::string_view field);

}  // namespace cevas
