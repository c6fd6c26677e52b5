// xsec/cross_section.hpp with new physics: identities of PHYSICS.md sections 4, 7, 8 and
// issue 4 item 7 (compact form at L = 0, neutrino/antineutrino relations, NSI levels, signs of
// diagonal and off-diagonal NSI, electromagnetic limits, axial/scalar/tensor structure).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "cevas/xsec/cross_section.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;
using test::kTight;

constexpr Flavor kFlavors[3] = {Flavor::e, Flavor::mu, Flavor::tau};
constexpr NeutrinoType kTypes[2] = {NeutrinoType::neutrino, NeutrinoType::antineutrino};
const double kE = 15 * units::keV;
const std::vector<double> kRecoils = {1e-5, 1e-3, 4e-3, 9e-3, 2.5e-2, 8e-2};

CrossSection make_xs(const std::string& target, Parameters p = {}) {
    return CrossSection(make_target(target, p.constants), std::move(p));
}

Breakdown at(const CrossSection& xs, Projectile p, double t, double l = 0) {
    return xs.breakdown(p, {.e_nu = kE, .t_recoil = t, .baseline = l});
}

Matrix3c hermitian(complex ee, complex emu, complex etau, complex mumu, complex mutau,
                   complex tautau) {
    Matrix3c m;
    set_hermitian(m, 0, 0, ee, "ee");
    set_hermitian(m, 0, 1, emu, "emu");
    set_hermitian(m, 0, 2, etau, "etau");
    set_hermitian(m, 1, 1, mumu, "mumu");
    set_hermitian(m, 1, 2, mutau, "mutau");
    set_hermitian(m, 2, 2, tautau, "tautau");
    return m;
}

// A generic hermitian NSI matrix with complex off-diagonals.
Matrix3c sample_nsi(double scale = 1.0) {
    return scale * hermitian(0.2, {0.1, -0.05}, {0.0, 0.03}, -0.1, {0.05, 0.02}, 0.07);
}

// Scale of C_V for a target: its weak charges are O(Z + N).
double cv_scale(const CrossSection& xs) {
    const double a = xs.target().z + xs.target().n;
    return a * a;
}

// --- compact form at L = 0 (seed 000) ---------------------------------------------------------

TEST(CompactForm, GeneralFormulaEqualsSeedFormAtZeroBaseline) {
    // C_V(alpha) = g_aa^2 + 2 g_aa Re eps_aa + sum_gamma |eps_{alpha gamma}|^2 with, from
    // PHYSICS.md section 4 (computed here, not taken from the library's matrices):
    //   g_aa = (Z g_V^p + N g_V^n) F_N + Z F_e (g_V^e + delta_{a e}),
    //   eps  = eps^Nucl F_N + Z F_e eps^e   (+ the millicharge c_gamma (F_N - F_e) Q).
    Parameters par;
    par.nsi.vector.nucleus = sample_nsi();
    par.nsi.vector.e = hermitian(0.05, {-0.03, 0.01}, 0.0, 0.0, {0.0, -0.02}, -0.04);
    par.electromagnetic.millicharge = hermitian(1e-15, {3e-16, -2e-16}, 0.0, -5e-16, 0.0, 0.0);
    const double s2 = par.electroweak.sin2_theta_w;
    const double gp = 0.5 - 2 * s2, gn = -0.5, ge = -0.5 + 2 * s2;
    const double gf = par.constants.fermi_constant, alpha = par.constants.alpha;
    for (const char* name : {"H1", "H2", "He4", "C12"}) {
        const CrossSection xs = make_xs(name, par);
        const double z = xs.target().z, n = xs.target().n;
        for (double t : kRecoils) {
            if (t > xs.t_max(kE)) continue;
            for (auto type : kTypes) {
                for (Flavor f : kFlavors) {
                    const Breakdown b = at(xs, {f, type}, t);
                    const double fe = b.atomic_form_factor, fn = b.nuclear_form_factor;
                    const int a = index(f);
                    const double g = (z * gp + n * gn) * fn + z * fe * (ge + (a == 0 ? 1.0 : 0.0));
                    const double c_gamma = 2 * std::numbers::sqrt2 * std::numbers::pi * alpha * z /
                                           (gf * b.q2) * (fn - fe);
                    const Matrix3c eps = fn * par.nsi.vector.nucleus + (z * fe) * par.nsi.vector.e +
                                         c_gamma * par.electromagnetic.millicharge;
                    double sum = 0;
                    for (int c = 0; c < 3; ++c) sum += std::norm(eps(a, c));
                    const double compact = g * g + 2 * g * eps(a, a).real() + sum;
                    EXPECT_NEAR(b.c_v, compact, kTight * cv_scale(xs))
                        << name << " T = " << t << " " << to_string(f) << " " << to_string(type);
                }
            }
        }
    }
}

// --- neutrinos and antineutrinos -----------------------------------------------------------------

Parameters everything_on() {
    Parameters par;
    par.nsi.vector.nucleus = sample_nsi();
    par.nsi.vector.u = sample_nsi(0.01);
    par.nsi.vector.e = sample_nsi(0.3);
    par.nsi.axial.p = sample_nsi(0.5);
    par.nsi.axial.e = sample_nsi(0.2);
    par.nsi.scalar.nucleus = sample_nsi(0.1);
    par.nsi.scalar.e = sample_nsi(0.05);
    par.nsi.tensor.p = sample_nsi(0.1);
    par.nsi.tensor.e = sample_nsi(0.1);
    par.electromagnetic.millicharge = hermitian(1e-15, {3e-16, -2e-16}, 0.0, -5e-16, 0.0, 1e-16);
    par.electromagnetic.magnetic_moment = hermitian(1e-12, {5e-13, 2e-13}, 0.0, 0.0, 3e-13, 0.0);
    par.electromagnetic.charge_radius =
        hermitian(1e-32, {2e-33, -1e-33}, 0.0, 0.0, 0.0, -5e-33) * complex(units::cm2);
    return par;
}

TEST(Antineutrino, EqualsNeutrinoAtZeroBaselineForHermitianCouplings) {
    // Every coupling matrix is hermitian, so G^T = G^* and the column norms of G^T equal those
    // of G: at L = 0 neutrino and antineutrino agree, term by term.
    const Parameters par = everything_on();
    for (const char* name : {"H1", "H2", "He3", "He4", "C12"}) {
        const CrossSection xs = make_xs(name, par);
        for (double t : kRecoils) {
            for (Flavor f : kFlavors) {
                const Breakdown nu = at(xs, {f, NeutrinoType::neutrino}, t);
                const Breakdown nubar = at(xs, {f, NeutrinoType::antineutrino}, t);
                EXPECT_REL_NEAR(nubar.dsigma_dT, nu.dsigma_dT, kTight) << name << " T = " << t;
                EXPECT_REL_NEAR(nubar.c_a, nu.c_a, kTight);
                EXPECT_REL_NEAR(nubar.mu_eff2, nu.mu_eff2, kTight);
            }
        }
    }
}

TEST(Antineutrino, DiffersFromNeutrinoWithCpPhasesAtFiniteBaseline) {
    // Complex NSI and delta_CP make nu and nubar differ once the flavours oscillate.
    const CrossSection xs = make_xs("He4", everything_on());
    double largest = 0;
    for (double l_m : {1.0, 10.0})
        for (Flavor f : kFlavors)
            for (double t : kRecoils) {
                const double nu = at(xs, {f, NeutrinoType::neutrino}, t, l_m * units::m).dsigma_dT;
                const double nubar =
                    at(xs, {f, NeutrinoType::antineutrino}, t, l_m * units::m).dsigma_dT;
                largest = std::max(largest, test::relative_difference(nu, nubar));
            }
    EXPECT_GT(largest, 1e-3);
}

TEST(Antineutrino, RuleIsTransposeAndConjugateMixing) {
    // PHYSICS.md section 4: antineutrinos see G^T and U^*. For hermitian inputs G^T = G^*, and
    // U(delta)^* = U(-delta), so the antineutrino with (couplings, delta) must equal the neutrino
    // with (conjugated couplings, -delta), at every baseline.
    const Parameters par = everything_on();
    Parameters conj = par;
    for (NsiLevels* lv : {&conj.nsi.vector, &conj.nsi.axial, &conj.nsi.scalar, &conj.nsi.tensor})
        for (Matrix3c* m : {&lv->u, &lv->d, &lv->p, &lv->n, &lv->nucleus, &lv->e}) *m = m->conj();
    for (Matrix3c* m : {&conj.electromagnetic.millicharge, &conj.electromagnetic.magnetic_moment,
                        &conj.electromagnetic.charge_radius})
        *m = m->conj();
    conj.mixing.delta_cp = -par.mixing.delta_cp;
    for (const char* name : {"H1", "He4"}) {
        const CrossSection a = make_xs(name, par);
        const CrossSection b = make_xs(name, conj);
        for (double l_m : {0.0, 1.0, 10.0})
            for (Flavor f : kFlavors)
                for (double t : kRecoils) {
                    const Breakdown nubar =
                        at(a, {f, NeutrinoType::antineutrino}, t, l_m * units::m);
                    const Breakdown nu = at(b, {f, NeutrinoType::neutrino}, t, l_m * units::m);
                    EXPECT_REL_NEAR(nubar.dsigma_dT, nu.dsigma_dT, kTight)
                        << name << " L = " << l_m << " " << to_string(f) << " T = " << t;
                    EXPECT_REL_NEAR(nubar.c_v, nu.c_v, kTight);
                    EXPECT_REL_NEAR(nubar.mu_eff2, nu.mu_eff2, kTight);
                }
    }
}

// --- oscillation ------------------------------------------------------------------------------

TEST(Oscillation, FlavourSumIsBaselineIndependent) {
    // sum_alpha |G S e_alpha|^2 = tr(S^dagger G^dagger G S) = tr(G^dagger G): S is unitary.
    const Parameters par = everything_on();
    for (const char* name : {"H1", "He4"}) {
        const CrossSection xs = make_xs(name, par);
        for (auto type : kTypes)
            for (double t : kRecoils) {
                double cv0 = 0, mu0 = 0, ca0 = 0;
                for (Flavor f : kFlavors) {
                    const Breakdown b = at(xs, {f, type}, t);
                    cv0 += b.c_v, mu0 += b.mu_eff2, ca0 += b.c_a;
                }
                for (double l_m : {0.3, 1.0, 10.0, 1e3}) {
                    double cv = 0, mu = 0, ca = 0;
                    for (Flavor f : kFlavors) {
                        const Breakdown b = at(xs, {f, type}, t, l_m * units::m);
                        cv += b.c_v, mu += b.mu_eff2, ca += b.c_a;
                    }
                    EXPECT_REL_NEAR(cv, cv0, kTight) << name << " L = " << l_m;
                    EXPECT_REL_NEAR(mu, mu0, kTight) << name << " L = " << l_m;
                    EXPECT_REL_NEAR(ca, ca0, kTight) << name << " L = " << l_m;
                }
            }
    }
}

TEST(Oscillation, StandardModelMixesTheFlavourWeakCharges) {
    // In the SM G is diagonal, so C_V(alpha; L) = sum_beta P(alpha -> beta) C_V(beta; 0).
    for (auto ordering : {MassOrdering::normal, MassOrdering::inverted}) {
        Parameters par;
        par.mixing = MixingParameters::nufit52(ordering);
        const CrossSection xs = make_xs("He4", par);
        for (auto type : kTypes)
            for (double l_m : {1.0, 10.0})
                for (double t : kRecoils)
                    for (Flavor a : kFlavors) {
                        double expected = 0;
                        for (Flavor b : kFlavors)
                            expected += oscillation_probability(par.mixing, a, b, kE,
                                                                l_m * units::m, type) *
                                        at(xs, {b, type}, t).c_v;
                        EXPECT_NEAR(at(xs, {a, type}, t, l_m * units::m).c_v, expected,
                                    kTight * cv_scale(xs));
                    }
    }
}

// --- vector NSI ---------------------------------------------------------------------------------

TEST(VectorNsi, OffDiagonalOnlyRaiseTheCoefficient) {
    // Seed 000: an off-diagonal eps adds |eps_{alpha gamma}|^2 (L = 0) and cannot interfere.
    const Matrix3c offdiag[] = {hermitian(0, {0.1, -0.05}, 0, 0, 0, 0),
                                hermitian(0, 0, {0, 0.2}, 0, 0, 0),
                                hermitian(0, 0, 0, 0, {-0.15, 0.1}, 0)};
    for (const char* name : {"H2", "He4", "C12"}) {
        const CrossSection sm = make_xs(name);
        for (const Matrix3c& m : offdiag) {
            for (int lvl = 0; lvl < 2; ++lvl) {
                Parameters par;
                (lvl == 0 ? par.nsi.vector.nucleus : par.nsi.vector.e) = m;
                const CrossSection xs = make_xs(name, par);
                for (auto type : kTypes)
                    for (Flavor f : kFlavors)
                        for (double t : kRecoils) {
                            if (t > sm.t_max(kE)) continue;
                            EXPECT_GE(at(xs, {f, type}, t).c_v,
                                      at(sm, {f, type}, t).c_v * (1 - kExact))
                                << name << " " << to_string(f) << " T = " << t;
                        }
            }
        }
    }
}

TEST(VectorNsi, DiagonalCanLowerOrRaise) {
    // 4He nu_e: G_ee = Z - N/2 = +1 at T -> 0 and g_V^Nucl = -4 s_W^2 < 0 once F_e -> 0.
    const CrossSection sm = make_xs("He4");
    for (double eps : {0.3, -0.3}) {
        Parameters par;
        par.nsi.vector.nucleus = Matrix3c::diagonal(eps, 0, 0);
        const CrossSection xs = make_xs("He4", par);
        const Projectile p{Flavor::e, NeutrinoType::antineutrino};
        const double low_t = 1e-6, high_t = 0.1;
        const double ratio_low = at(xs, p, low_t).dsigma_dT / at(sm, p, low_t).dsigma_dT;
        const double ratio_high = at(xs, p, high_t).dsigma_dT / at(sm, p, high_t).dsigma_dT;
        if (eps > 0) {
            EXPECT_GT(ratio_low, 1.0);
            EXPECT_LT(ratio_high, 1.0);
        } else {
            EXPECT_LT(ratio_low, 1.0);
            EXPECT_GT(ratio_high, 1.0);
        }
        // nu_mu, nu_tau do not see eps_ee at L = 0.
        EXPECT_EQ(at(xs, {Flavor::mu, NeutrinoType::neutrino}, 1e-3).c_v,
                  at(sm, {Flavor::mu, NeutrinoType::neutrino}, 1e-3).c_v);
    }
}

TEST(VectorNsi, QuarkNucleonAndNucleusLevelsAgree) {
    // eps^u = x  <=>  eps^p = 2x, eps^n = x  <=>  eps^Nucl = (2Z + N) x, and
    // eps^d = x  <=>  eps^p = x, eps^n = 2x  <=>  eps^Nucl = (Z + 2N) x.
    const Matrix3c x = sample_nsi(0.01);
    for (const char* name : {"H2", "He3", "He4", "C12"}) {
        const Target tg = make_target(name);
        const double z = tg.z, n = tg.n;
        for (int quark = 0; quark < 2; ++quark) {
            Parameters q, nucleon, nucleus;
            (quark == 0 ? q.nsi.vector.u : q.nsi.vector.d) = x;
            nucleon.nsi.vector.p = (quark == 0 ? 2.0 : 1.0) * x;
            nucleon.nsi.vector.n = (quark == 0 ? 1.0 : 2.0) * x;
            nucleus.nsi.vector.nucleus = (quark == 0 ? 2 * z + n : z + 2 * n) * x;
            const CrossSection a = make_xs(name, q), b = make_xs(name, nucleon),
                               c = make_xs(name, nucleus);
            for (double l_m : {0.0, 1.0})
                for (auto type : kTypes)
                    for (Flavor f : kFlavors)
                        for (double t : kRecoils) {
                            const double va = at(a, {f, type}, t, l_m * units::m).dsigma_dT;
                            EXPECT_REL_NEAR(at(b, {f, type}, t, l_m * units::m).dsigma_dT, va,
                                            kTight)
                                << name << (quark == 0 ? " u" : " d") << " T = " << t;
                            EXPECT_REL_NEAR(at(c, {f, type}, t, l_m * units::m).dsigma_dT, va,
                                            kTight)
                                << name << (quark == 0 ? " u" : " d") << " T = " << t;
                        }
        }
    }
}

// --- electromagnetic properties ---------------------------------------------------------------

TEST(Millicharge, TermStaysFiniteAsRecoilVanishes) {
    // (1 - F_e) ~ |q|^2 cancels the photon propagator 1/|q|^2: C_V tends to a finite limit,
    // which T = 0 itself returns.
    Parameters par;
    par.electromagnetic.millicharge = Matrix3c::diagonal(1e-15, 0, 0);
    for (const char* name : {"H1", "He4"}) {
        const CrossSection xs = make_xs(name, par);
        const CrossSection sm = make_xs(name);
        const Projectile p{Flavor::e, NeutrinoType::antineutrino};
        const double at_zero = at(xs, p, 0.0).c_v;
        EXPECT_TRUE(std::isfinite(at_zero));
        // The millicharge shifts the T -> 0 limit away from the SM weak charge.
        EXPECT_GT(std::abs(at_zero - at(sm, p, 0.0).c_v), 1e-3);
        // The approach to the limit is O(|q|^2 a0^2) = O(2 M T a0^2) (5e-4 for 4He at 1 ueV):
        // the deviation falls tenfold per decade of T ...
        const double d8 = at(xs, p, 1e-8).c_v - at_zero, d9 = at(xs, p, 1e-9).c_v - at_zero;
        EXPECT_NEAR(d8 / d9, 10.0, 1.0) << name;  // the T = 0 limit itself is good to ~1e-8
        // ... and is below 1e-5 at T = 1e-10 eV (where 1 - F_e ~ 1e-8 still has 8 good digits).
        EXPECT_REL_NEAR(at(xs, p, 1e-10).c_v, at_zero, 1e-5) << name;
    }
}

TEST(MagneticMoment, TermVanishesAsRecoilVanishes) {
    // (1/T)(1 - F_e)^2 ~ T: the screened magnetic term goes to zero linearly in T.
    Parameters par;
    par.electromagnetic.magnetic_moment = Matrix3c::diagonal(1e-12, 1e-12, 1e-12);
    for (const char* name : {"H1", "He4"}) {
        const CrossSection xs = make_xs(name, par);
        const Projectile p{Flavor::e, NeutrinoType::antineutrino};
        EXPECT_EQ(at(xs, p, 0.0).magnetic, 0.0);
        const double m8 = at(xs, p, 1e-8).magnetic, m9 = at(xs, p, 1e-9).magnetic;
        EXPECT_GT(m8, 0.0);
        EXPECT_NEAR(m8 / m9, 10.0, 1e-2);
        EXPECT_LT(at(xs, p, 1e-6).magnetic, 1e-3 * at(xs, p, 1e-2).magnetic);
    }
}

TEST(MagneticMoment, EffectiveMomentOfAnOffDiagonalMatrix) {
    // mu_eff^2(alpha) = sum_beta |mu_{beta alpha}|^2 at L = 0, and the term's formula.
    Parameters par;
    par.electromagnetic.magnetic_moment = hermitian(0, {7e-13, 5e-13}, 0, 0, 0, 2e-12);
    const CrossSection xs = make_xs("He4", par);
    const double alpha = par.constants.alpha, me = par.constants.electron_mass;
    const double mu_emu2 = 7e-13 * 7e-13 + 5e-13 * 5e-13;
    const double expected[3] = {mu_emu2, mu_emu2, 4e-24};
    for (auto type : kTypes)
        for (Flavor f : kFlavors)
            for (double t : {1e-3, 3e-2}) {
                const Breakdown b = at(xs, {f, type}, t);
                EXPECT_REL_NEAR(b.mu_eff2, expected[index(f)], kTight);
                const double d = b.nuclear_form_factor - b.atomic_form_factor;
                EXPECT_REL_NEAR(b.magnetic,
                                std::numbers::pi * alpha * alpha / (me * me) * expected[index(f)] *
                                    (1 / t - 1 / kE) * 4 * d * d,
                                kTight);
            }
}

TEST(ChargeRadius, IsAMomentumDependentMillicharge) {
    // Giunti & Studenikin: Q_nu -> Q_nu - |q|^2 <r^2> / 6. At fixed T, a charge radius R equals
    // a millicharge Q = -|q|^2 R / 6.
    const Matrix3c r = hermitian(1e-32, {2e-33, -1e-33}, 0, -5e-33, 0, 0) * complex(units::cm2);
    Parameters with_r;
    with_r.electromagnetic.charge_radius = r;
    const CrossSection xs_r = make_xs("He4", with_r);
    for (double t : {1e-3, 9e-3, 3e-2}) {
        Parameters with_q;
        with_q.electromagnetic.millicharge = complex(-xs_r.q2(t) / 6) * r;
        const CrossSection xs_q = make_xs("He4", with_q);
        for (auto type : kTypes)
            for (Flavor f : kFlavors)
                EXPECT_REL_NEAR(at(xs_r, {f, type}, t).c_v, at(xs_q, {f, type}, t).c_v, kTight)
                    << "T = " << t;
    }
}

// --- axial --------------------------------------------------------------------------------------

TEST(AxialNsi, NoEffectOnSpinZeroTargets) {
    // 4He and 12C have J = 0 nuclei and closed (or J = 0) electron shells: axial NSI at the quark,
    // nucleon and electron level change nothing (issue 4 item 4).
    Parameters par;
    par.nsi.axial.u = sample_nsi();
    par.nsi.axial.d = sample_nsi(0.5);
    par.nsi.axial.p = sample_nsi(0.3);
    par.nsi.axial.n = sample_nsi(-0.2);
    par.nsi.axial.e = sample_nsi(0.7);
    for (const char* name : {"He4", "C12"}) {
        const CrossSection xs = make_xs(name, par), sm = make_xs(name);
        for (double l_m : {0.0, 1.0})
            for (auto type : kTypes)
                for (Flavor f : kFlavors)
                    for (double t : {1e-3, 2e-2}) {
                        const Breakdown b = at(xs, {f, type}, t, l_m * units::m);
                        EXPECT_EQ(b.c_a, 0.0) << name;
                        EXPECT_EQ(b.dsigma_dT, at(sm, {f, type}, t, l_m * units::m).dsigma_dT)
                            << name;
                    }
    }
}

TEST(AxialNsi, NucleusLevelHasNoEffectOnSpinZeroTargets) {
    // The same for a whole-nucleus axial NSI: a J = 0 nucleus has no axial charge to couple to.
    Parameters par;
    par.nsi.axial.nucleus = sample_nsi();
    for (const char* name : {"He4", "C12"}) {
        const CrossSection xs = make_xs(name, par);
        for (Flavor f : kFlavors)
            EXPECT_EQ(at(xs, {f, NeutrinoType::antineutrino}, 1e-3).c_a, 0.0)
                << name << " " << to_string(f);
    }
}

TEST(AxialNsi, ActsOnTargetsWithSpin) {
    // PHYSICS.md section 7: f^{pA} = g_A/2 + eps^{pA}; 1H at T = 0 (F_N = F_1s = 1):
    // C_A(alpha) = sum_beta |(g_A/2 + eps^{pA})_{beta alpha}|^2 + (1/4) ... electrons unchanged.
    Parameters par;
    par.nsi.axial.p = hermitian(0.1, {0.05, -0.02}, 0, 0, 0, 0);
    const CrossSection xs = make_xs("H1", par);
    const double ga = par.electroweak.nucleon_axial_coupling;
    const double expected_e = (ga / 2 + 0.1) * (ga / 2 + 0.1) + 0.05 * 0.05 + 0.02 * 0.02 + 0.25;
    const double expected_mu = ga * ga / 4 + 0.05 * 0.05 + 0.02 * 0.02 + 0.25;
    const double expected_tau = ga * ga / 4 + 0.25;
    for (auto type : kTypes) {
        EXPECT_REL_NEAR(at(xs, {Flavor::e, type}, 0.0).c_a, expected_e, kTight);
        EXPECT_REL_NEAR(at(xs, {Flavor::mu, type}, 0.0).c_a, expected_mu, kTight);
        EXPECT_REL_NEAR(at(xs, {Flavor::tau, type}, 0.0).c_a, expected_tau, kTight);
    }
    // 3He's unpaired neutron couples through eps^{nA}, not eps^{pA}.
    const CrossSection he3 = make_xs("He3", par), he3_sm = make_xs("He3");
    EXPECT_EQ(at(he3, {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_a,
              at(he3_sm, {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_a);
    Parameters npar;
    npar.nsi.axial.n = Matrix3c::diagonal(0.2, 0, 0);
    EXPECT_REL_NEAR(at(make_xs("He3", npar), {Flavor::e, NeutrinoType::neutrino}, 0.0).c_a,
                    (-ga / 2 + 0.2) * (-ga / 2 + 0.2), kTight);
}

// --- scalar and tensor --------------------------------------------------------------------------

TEST(ScalarTensor, DoNotInterfereWithTheVectorPart) {
    // Helicity flip: C_V is untouched, the rate only grows, and the sign of eps^S, eps^T is
    // invisible (no linear term).
    for (int tensor = 0; tensor < 2; ++tensor) {
        for (auto model : {TensorModel::spin, TensorModel::coherent}) {
            if (!tensor && model == TensorModel::coherent) continue;
            Parameters plus, minus;
            NsiLevels& lp = tensor ? plus.nsi.tensor : plus.nsi.scalar;
            NsiLevels& lm = tensor ? minus.nsi.tensor : minus.nsi.scalar;
            plus.nsi.tensor_model = minus.nsi.tensor_model = model;
            lp.nucleus = sample_nsi(0.1);
            lp.u = sample_nsi(0.002);
            lp.p = sample_nsi(0.05);
            lp.e = sample_nsi(0.1);
            lm.nucleus = -1.0 * lp.nucleus;
            lm.u = -1.0 * lp.u;
            lm.p = -1.0 * lp.p;
            lm.e = -1.0 * lp.e;
            for (const char* name : {"H1", "He3", "He4"}) {
                const CrossSection sm = make_xs(name), xp = make_xs(name, plus),
                                   xm = make_xs(name, minus);
                for (double l_m : {0.0, 1.0})
                    for (auto type : kTypes)
                        for (Flavor f : kFlavors)
                            for (double t : kRecoils) {
                                const double l = l_m * units::m;
                                const Breakdown bs = at(sm, {f, type}, t, l),
                                                bp = at(xp, {f, type}, t, l),
                                                bm = at(xm, {f, type}, t, l);
                                EXPECT_EQ(bp.c_v, bs.c_v);
                                EXPECT_EQ(bp.c_a, bs.c_a);
                                EXPECT_GE(bp.dsigma_dT, bs.dsigma_dT);
                                EXPECT_REL_NEAR(bp.dsigma_dT, bm.dsigma_dT, kTight)
                                    << name << (tensor ? " tensor " : " scalar ")
                                    << to_string(model);
                            }
            }
        }
    }
}

TEST(ScalarTensor, FillTheDipWithoutMovingIt) {
    // The minimum of C_V stays where it was; the cross section there becomes non-zero.
    Parameters par;
    par.nsi.scalar.nucleus = Matrix3c::diagonal(0.1, 0, 0);
    const CrossSection sm = make_xs("He4"), xs = make_xs("He4", par);
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    const double t_dip = 8.598540132702516e-3;  // tests/data/xsec/dip.csv (He4, gauss6)
    for (double t : {0.9 * t_dip, t_dip, 1.1 * t_dip})
        EXPECT_EQ(at(xs, p, t).c_v, at(sm, p, t).c_v);
    EXPECT_GT(at(xs, p, t_dip).dsigma_dT, 1e3 * at(sm, p, t_dip).dsigma_dT);
    // The scalar term: (G_F^2 M/pi) C_S M T/(8 E^2) with C_S = |eps^{Nucl,S}_ee|^2 F_N^2.
    const double m = xs.mass(), gf = par.constants.fermi_constant;
    const double extra = at(xs, p, t_dip).dsigma_dT - at(sm, p, t_dip).dsigma_dT;
    EXPECT_REL_NEAR(extra, gf * gf * m / std::numbers::pi * 0.01 * m * t_dip / (8 * kE * kE), 1e-9);
}

TEST(Tensor, SpinModelVanishesForSpinZeroAtomsCoherentDoesNot) {
    Parameters spin;
    spin.nsi.tensor.u = sample_nsi(0.1);
    spin.nsi.tensor.p = sample_nsi(0.1);
    spin.nsi.tensor.n = sample_nsi(0.1);
    spin.nsi.tensor.e = sample_nsi(0.1);
    Parameters coherent = spin;
    coherent.nsi.tensor_model = TensorModel::coherent;
    for (const char* name : {"He4", "C12"}) {
        EXPECT_EQ(at(make_xs(name, spin), {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_t, 0.0);
        EXPECT_GT(at(make_xs(name, coherent), {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_t, 0.0);
    }
    // Spin targets respond in the spin model: 1H through the proton and its 1s electron.
    EXPECT_GT(at(make_xs("H1", spin), {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_t, 0.0);
}

TEST(Tensor, NucleusLevelVanishesForSpinZeroAtomsInTheSpinModel) {
    // docs/physics.md: the spin-dependent tensor response is zero for J = 0 atoms (4He, 12C).
    Parameters par;
    par.nsi.tensor.nucleus = sample_nsi(0.1);
    for (const char* name : {"He4", "C12"})
        EXPECT_EQ(at(make_xs(name, par), {Flavor::e, NeutrinoType::neutrino}, 1e-3).c_t, 0.0)
            << name;
}

}  // namespace
}  // namespace cevas
