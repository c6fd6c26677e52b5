// Light mediators (vector Z', scalar phi) in the cross section, issue 13 item 4:
// - contact limit: at m = 1 TeV a mediator equals the contact NSI eps = g_nu g_f/(sqrt2 G_F m^2)
//   (vector) or eps^S = -sqrt2 g_nu g_f/(G_F m^2) (scalar) to 1e-10 relative (the q^2/m^2 ~ 1e-15
//   correction is far below);
// - light limit: the mediator-only term scales as (q^2 + m^2)^-2 -> q^-4 (ratio at two recoils
//   against the closed form);
// - couplings 0: the Standard Model bit for bit; the rate is an exact quadratic polynomial in the
//   coupling products; sums of coefficient sets (accumulate) stay linear;
// - bad input: mass <= 0 or NaN, couplings out of range, a non-hermitian g_nu.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kArrayPath;
using test::kReference;

constexpr NeutrinoType kTypes[2] = {NeutrinoType::neutrino, NeutrinoType::antineutrino};
constexpr Flavor kFlavors[3] = {Flavor::e, Flavor::mu, Flavor::tau};

Matrix3c g_nu_sample() {
    Matrix3c m;
    set_hermitian(m, 0, 0, 0.8, "ee");
    set_hermitian(m, 0, 1, complex(0.2, -0.1), "emu");
    set_hermitian(m, 1, 1, -0.5, "mumu");
    set_hermitian(m, 2, 2, 0.3, "tautau");
    return m;
}

Mediator sample(MediatorType type, double mass, double g) {
    Mediator m;
    m.type = type;
    m.mass = mass;
    m.g_nu = g * g_nu_sample();
    m.g_u = 2 * g;
    m.g_d = -0.7 * g;
    m.g_p = 0.3 * g;
    m.g_n = 0.1 * g;
    m.g_e = 1.5 * g;
    return m;
}

// The contact NSI a heavy mediator stands for, computed here from the stated convention.
NsiLevels contact_levels(const Mediator& m, const PhysicalConstants& k) {
    const double c =
        m.type == MediatorType::vector ? 1.0 / std::numbers::sqrt2 : -std::numbers::sqrt2;
    const double f = c / (k.fermi_constant * m.mass * m.mass);
    NsiLevels l;
    l.u = (f * m.g_u) * m.g_nu;
    l.d = (f * m.g_d) * m.g_nu;
    l.p = (f * m.g_p) * m.g_nu;
    l.n = (f * m.g_n) * m.g_nu;
    l.e = (f * m.g_e) * m.g_nu;
    return l;
}

std::vector<double> recoils(double e_nu, const CrossSection& xs, int n) {
    std::vector<double> t;
    const double tmax = xs.t_max(e_nu);
    for (int i = 1; i <= n; ++i) t.push_back(tmax * i / (n + 1.0));
    return t;
}

TEST(Mediator, HeavyVectorEqualsContactNsi) {
    for (const char* target : {"He4", "C12"}) {
        Parameters pm, pc;
        const Mediator m = sample(MediatorType::vector, 1e12 * units::eV, 1e-2);
        pm.mediators.push_back(m);
        pc.nsi.vector = contact_levels(m, pc.constants);
        const CrossSection xm(make_target(target, pm.constants), pm);
        const CrossSection xc(make_target(target, pc.constants), pc);
        for (double e : {5e3 * units::eV, 18e3 * units::eV, 1e6 * units::eV}) {
            for (NeutrinoType ty : kTypes)
                for (Flavor f : kFlavors) {
                    const Projectile p{f, ty};
                    for (double t : recoils(e, xm, 7)) {
                        EXPECT_REL_NEAR(xm.dsigma_dT(p, {e, t, 0}), xc.dsigma_dT(p, {e, t, 0}),
                                        kReference)
                            << target << " E = " << e << " T = " << t;
                        // With oscillation: a 3 m baseline, and a two-baseline average.
                        const double l = 3 * units::m;
                        EXPECT_REL_NEAR(xm.dsigma_dT(p, {e, t, l}), xc.dsigma_dT(p, {e, t, l}),
                                        kReference);
                    }
                    const BaselineSet bs{{1 * units::m, 4 * units::m}, {0.3, 0.7}};
                    const std::vector<double> t = recoils(e, xm, 5);
                    std::vector<double> om(t.size()), oc(t.size());
                    xm.dsigma_dT(p, e, t, om, bs);
                    xc.dsigma_dT(p, e, t, oc, bs);
                    for (std::size_t i = 0; i < t.size(); ++i)
                        EXPECT_REL_NEAR(om[i], oc[i], kReference) << "averaged, T = " << t[i];
                }
        }
    }
}

TEST(Mediator, HeavyScalarEqualsContactScalarNsi) {
    Parameters pm, pc;
    const Mediator m = sample(MediatorType::scalar, 1e12 * units::eV, 1e-2);
    pm.mediators.push_back(m);
    pc.nsi.scalar = contact_levels(m, pc.constants);
    const CrossSection xm(make_target("He4", pm.constants), pm);
    const CrossSection xc(make_target("He4", pc.constants), pc);
    for (double e : {18e3 * units::eV, 2e6 * units::eV})
        for (NeutrinoType ty : kTypes)
            for (Flavor f : kFlavors)
                for (double t : recoils(e, xm, 7)) {
                    const Breakdown bm = xm.breakdown({f, ty}, {e, t, 2 * units::m});
                    const Breakdown bc = xc.breakdown({f, ty}, {e, t, 2 * units::m});
                    EXPECT_REL_NEAR(bm.c_s, bc.c_s, kReference);
                    EXPECT_REL_NEAR(bm.dsigma_dT, bc.dsigma_dT, kReference);
                    EXPECT_GT(bm.c_s, 0.0);
                }
}

// Mediator-only term of a vector Z' coupled to the nucleus only (F_N = 1: `unity`), by
// polarisation in the coupling product g: Q(T) = [s(g) + s(-g) - 2 s(0)] / 2
// = (G_F^2 M/pi) |B|^2 y(T)^2 (1 - MT/2E^2), y = m^2/(q^2 + m^2): the ratio at two recoils is
// [(q2^2 + m^2)/(q1^2 + m^2)]^2 (1 - MT1/2E^2)/(1 - MT2/2E^2), -> (q2/q1)^4 for m -> 0.
TEST(Mediator, LightVectorFallsAsInverseQ4) {
    const double e = 18e3 * units::eV;
    const auto term = [&](double mass, double t) {
        double s[3];
        for (int k = 0; k < 3; ++k) {
            Parameters p;
            p.nuclear_form_factor = NuclearFormFactorModel::unity;
            p.atomic_form_factor = AtomicFormFactorModel::none;
            Mediator m;
            m.mass = mass;
            m.g_nu = Matrix3c::identity();
            m.g_u = m.g_d = (k == 0 ? 1.0 : k == 1 ? -1.0 : 0.0) * 1e-9;
            p.mediators.push_back(m);
            const CrossSection xs(make_target("He4", p.constants), p);
            s[k] = xs.dsigma_dT({Flavor::e, NeutrinoType::antineutrino}, {e, t, 0});
        }
        return 0.5 * (s[0] + s[1] - 2 * s[2]);
    };
    Parameters p0;
    const CrossSection xs(make_target("He4", p0.constants), p0);
    const double mass_he = xs.mass();
    const double t1 = 0.01 * units::eV, t2 = 0.08 * units::eV;
    const double q1 = xs.q2(t1), q2 = xs.q2(t2);
    const double kin = (1 - mass_he * t1 / (2 * e * e)) / (1 - mass_he * t2 / (2 * e * e));
    for (double mass : {1e-3 * units::eV, 1.0 * units::eV, 3e3 * units::eV}) {
        const double m2 = mass * mass;
        const double expected = std::pow((q2 + m2) / (q1 + m2), 2) * kin;
        EXPECT_REL_NEAR(term(mass, t1) / term(mass, t2), expected, 1e-9) << "m = " << mass;
    }
    // m -> 0: the pure 1/q^4 law.
    EXPECT_REL_NEAR(term(1e-3 * units::eV, t1) / term(1e-3 * units::eV, t2),
                    std::pow(q2 / q1, 2) * kin, 1e-9);
}

// Scalar: no interference with the SM, so s(g) - s(0) is the mediator-only term
// (G_F^2 M/pi) |S|^2 z^2 MT/(8E^2): ratio (q2^2+m^2)^2/(q1^2+m^2)^2 * T1/T2.
TEST(Mediator, LightScalarFallsAsInverseQ4) {
    const double e = 18e3 * units::eV, mass = 1e-3 * units::eV;
    Parameters p0;
    p0.nuclear_form_factor = NuclearFormFactorModel::unity;
    p0.atomic_form_factor = AtomicFormFactorModel::none;
    Parameters p1 = p0;
    Mediator m;
    m.type = MediatorType::scalar;
    m.mass = mass;
    m.g_nu = Matrix3c::identity();
    m.g_p = m.g_n = 1e-9;
    p1.mediators.push_back(m);
    const CrossSection x0(make_target("He4", p0.constants), p0);
    const CrossSection x1(make_target("He4", p1.constants), p1);
    const Projectile pr{Flavor::e, NeutrinoType::antineutrino};
    const double t1 = 0.01 * units::eV, t2 = 0.08 * units::eV;
    const double d1 = x1.dsigma_dT(pr, {e, t1, 0}) - x0.dsigma_dT(pr, {e, t1, 0});
    const double d2 = x1.dsigma_dT(pr, {e, t2, 0}) - x0.dsigma_dT(pr, {e, t2, 0});
    const double q1 = x0.q2(t1), q2 = x0.q2(t2), m2 = mass * mass;
    EXPECT_REL_NEAR(d1 / d2, std::pow((q2 + m2) / (q1 + m2), 2) * t1 / t2, 1e-9);
    // Absolute size: Cerdeno et al. (2016) eq. for a scalar: (g_nu g Q_S)^2 M^2 T/(4 pi E^2
    // (q^2+m^2)^2), Q_S = A (direct nucleon couplings g_p = g_n, and Z F_e with F_e = 0).
    const double gq = 1e-9 * 4;  // g_nu g_N Q_S with A = 4
    const double mm = x0.mass();
    EXPECT_REL_NEAR(
        d1, gq * gq * mm * mm * t1 / (4 * std::numbers::pi * e * e * (q1 + m2) * (q1 + m2)), 1e-10);
}

TEST(Mediator, ZeroCouplingsLeaveTheStandardModelBitForBit) {
    Parameters sm;
    Parameters zero = sm;
    for (MediatorType ty : {MediatorType::vector, MediatorType::scalar}) {
        Mediator m;
        m.type = ty;
        m.mass = 10 * units::MeV;
        m.g_u = m.g_e = 1e-5;  // g_nu = 0: no coupling product
        zero.mediators.push_back(m);
        Mediator n;
        n.type = ty;
        n.mass = 1 * units::keV;
        n.g_nu = Matrix3c::identity();  // fermion couplings 0
        zero.mediators.push_back(n);
    }
    const CrossSection a(make_target("He4", sm.constants), sm);
    const CrossSection b(make_target("He4", zero.constants), zero);
    const double e = 15e3 * units::eV;
    const std::vector<double> t = recoils(e, a, 50);
    for (NeutrinoType ty : kTypes)
        for (Flavor f : kFlavors) {
            std::vector<double> oa(t.size()), ob(t.size());
            a.dsigma_dT({f, ty}, e, t, oa, BaselineSet::point(2 * units::m));
            b.dsigma_dT({f, ty}, e, t, ob, BaselineSet::point(2 * units::m));
            for (std::size_t i = 0; i < t.size(); ++i) {
                EXPECT_EQ(oa[i], ob[i]);
                EXPECT_EQ(a.dsigma_dT({f, ty}, {e, t[i], 0}), b.dsigma_dT({f, ty}, {e, t[i], 0}));
            }
        }
}

TEST(Mediator, RateIsQuadraticInTheCouplingProduct) {
    // s(x) for the coupling product x (g_f = x, g_nu fixed): the third finite difference of a
    // quadratic vanishes; relative to s itself, to rounding.
    const double e = 18e3 * units::eV;
    for (MediatorType ty : {MediatorType::vector, MediatorType::scalar}) {
        const auto s = [&](double x, double t) {
            Parameters p;
            Mediator m = sample(ty, 100 * units::keV, 1.0);
            m.g_nu = g_nu_sample();
            m.g_u *= x;
            m.g_d *= x;
            m.g_p *= x;
            m.g_n *= x;
            m.g_e *= x;
            p.mediators.push_back(m);
            const CrossSection xs(make_target("He4", p.constants), p);
            return xs.dsigma_dT({Flavor::e, NeutrinoType::antineutrino}, {e, t, 0});
        };
        for (double t : {0.005 * units::eV, 0.05 * units::eV}) {
            const double h = 2e-10;
            const double d3 = s(3 * h, t) - 3 * s(2 * h, t) + 3 * s(h, t) - s(0, t);
            EXPECT_LT(std::abs(d3), 1e-11 * s(3 * h, t)) << to_string(ty) << " T = " << t;
            EXPECT_NE(s(h, t), s(0, t));
        }
    }
}

TEST(Mediator, ArrayPathAndSumsAgree) {
    Parameters p;
    p.mediators.push_back(sample(MediatorType::vector, 30 * units::keV, 1e-6));
    p.mediators.push_back(sample(MediatorType::scalar, 5 * units::keV, 1e-6));
    p.mediators.push_back(sample(MediatorType::vector, 2 * units::MeV, 1e-5));
    const CrossSection xs(make_target("He4", p.constants), p);
    const double e = 18e3 * units::eV;
    const std::vector<double> t = recoils(e, xs, 20);
    for (NeutrinoType ty : kTypes)
        for (Flavor f : kFlavors) {
            const Projectile pr{f, ty};
            std::vector<double> o(t.size());
            xs.dsigma_dT(pr, e, t, o, BaselineSet::point(2 * units::m));
            for (std::size_t i = 0; i < t.size(); ++i)
                EXPECT_REL_NEAR(o[i], xs.dsigma_dT(pr, {e, t[i], 2 * units::m}), kArrayPath);
            // accumulate: 0.3 c1 + 0.7 c2 (same E, two baselines) evaluates to the weighted sum,
            // and equals the two-baseline average.
            const Coefficients c1 = xs.coefficients(pr, e, BaselineSet::point(1 * units::m));
            const Coefficients c2 = xs.coefficients(pr, e, BaselineSet::point(4 * units::m));
            Coefficients sum;
            sum.e_nu = e;
            accumulate(sum, c1, 0.3);
            accumulate(sum, c2, 0.7);
            const Coefficients avg =
                xs.coefficients(pr, e, BaselineSet{{1 * units::m, 4 * units::m}, {0.3, 0.7}});
            std::vector<double> o1(t.size()), o2(t.size()), os(t.size()), oa(t.size());
            xs.evaluate(c1, t, o1);
            xs.evaluate(c2, t, o2);
            xs.evaluate(sum, t, os);
            xs.evaluate(avg, t, oa);
            for (std::size_t i = 0; i < t.size(); ++i) {
                EXPECT_REL_NEAR(os[i], 0.3 * o1[i] + 0.7 * o2[i], test::kTight);
                EXPECT_REL_NEAR(oa[i], os[i], test::kTight);
            }
        }
}

TEST(Mediator, ElectronCouplingActsThroughTheAtomicFormFactor) {
    // Electron-only mediator at heavy mass = electron NSI Z F_e eps^e: present at small T
    // (F_e ~ 1), gone where F_e -> 0.
    Parameters pm, pc;
    Mediator m;
    m.mass = 1e12 * units::eV;
    m.g_nu = Matrix3c::identity();
    m.g_e = 0.5;
    pm.mediators.push_back(m);
    pc.nsi.vector.e = contact_levels(m, pc.constants).e;
    const CrossSection xm(make_target("He4", pm.constants), pm);
    const CrossSection xc(make_target("He4", pc.constants), pc);
    Parameters p0;
    const CrossSection x0(make_target("He4", p0.constants), p0);
    const Projectile pr{Flavor::mu, NeutrinoType::neutrino};
    const double e = 18e3 * units::eV;
    const double t_small = 1e-4 * units::eV;
    EXPECT_REL_NEAR(xm.dsigma_dT(pr, {e, t_small, 0}), xc.dsigma_dT(pr, {e, t_small, 0}),
                    kReference);
    const auto change = [&](double t) {
        return std::abs(xm.dsigma_dT(pr, {e, t, 0}) / x0.dsigma_dT(pr, {e, t, 0}) - 1);
    };
    EXPECT_GT(change(t_small), 1e-3);
    // At T = 0.15 eV, F_e ~ 0.02: the electron mediator's effect shrinks with it.
    const double t_large = 0.15 * units::eV;
    const Breakdown b = xm.breakdown(pr, {e, t_large, 0});
    EXPECT_LT(b.atomic_form_factor, 0.03);
    EXPECT_LT(change(t_large), 0.05 * change(t_small));
}

void expect_invalid(const Mediator& m, const std::string& needle) {
    Parameters p;
    p.mediators.push_back(m);
    try {
        CrossSection xs(make_target("He4", p.constants), p);
        ADD_FAILURE() << "no exception for " << needle;
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(Mediator, BadInputIsRefused) {
    Mediator m = sample(MediatorType::vector, 1 * units::MeV, 1e-5);
    for (double bad : {-1.0, 0.0, std::nan(""), double(INFINITY)}) {
        Mediator b = m;
        b.mass = bad;
        expect_invalid(b, "mediator[0].mass");
    }
    Mediator big = m;
    big.g_u = 20;
    expect_invalid(big, "mediator[0].g_u");
    Mediator nh = m;
    nh.g_nu(0, 1) = complex(0.1, 0.0);  // partner (1, 0) left as 0.2+0.1i scaled: not hermitian
    expect_invalid(nh, "mediator[0].g_nu");
    EXPECT_THROW(parse_mediator_type("tensor"), InvalidArgument);
    EXPECT_EQ(parse_mediator_type("scalar"), MediatorType::scalar);
}

}  // namespace
}  // namespace cevas
