// targets/form_factor.hpp: atomic and nuclear form factors. Identities of PHYSICS.md section 8
// (F(0) = 1, model agreement, F -> 0) and the reference tables of scripts/reference_xsec.py.
#include "cevas/targets/form_factor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/numerics/fast_trig.hpp"
#include "common/csv.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;
using test::kModel;
using test::kReference;
using test::kTable;
using test::kTight;

using test::CsvTable;
using test::read_csv;
using test::split;

const PhysicalConstants kConstants{};

double q2_au(double q_au) {
    const double q = q_au / kConstants.bohr_radius;
    return q * q;
}

TEST(AtomicFormFactor, IsOneAtZeroForEveryModelAndTarget) {
    EXPECT_REL_NEAR(AtomicFormFactor(AtomicFormFactorModel::gauss6, 2, kConstants)(0.0), 1.0,
                    kExact);
    EXPECT_EQ(AtomicFormFactor(AtomicFormFactorModel::hydrogenic, 1, kConstants)(0.0), 1.0);
    EXPECT_EQ(AtomicFormFactor(AtomicFormFactorModel::hydrogenic, 2, kConstants)(0.0), 1.0);
    for (int z = 1; z <= 98; ++z) {
        EXPECT_REL_NEAR(AtomicFormFactor(AtomicFormFactorModel::hubbell, z, kConstants)(0.0), 1.0,
                        kExact)
            << "Z = " << z;
    }
    // "none" is the bare nucleus: no electrons at all.
    EXPECT_EQ(AtomicFormFactor(AtomicFormFactorModel::none, 2, kConstants)(0.0), 0.0);
}

TEST(AtomicFormFactor, Gauss6AgreesWithHubbellForHelium) {
    // PHYSICS.md section 3 and 8: within 1e-3 for 0 <= q <= 20 a.u. (fit deviation 8e-4).
    const AtomicFormFactor g6(AtomicFormFactorModel::gauss6, 2, kConstants);
    const AtomicFormFactor hub(AtomicFormFactorModel::hubbell, 2, kConstants);
    double worst = 0;
    for (int i = 0; i <= 2000; ++i) {
        const double q2 = q2_au(20.0 * i / 2000.0);
        worst = std::max(worst, std::abs(g6(q2) - hub(q2)));
    }
    EXPECT_LT(worst, kTable);
}

TEST(AtomicFormFactor, HydrogenicAgreesWithHubbellForHydrogen) {
    // The 1s form factor is exact for H; Hubbell's table reproduces it to its interpolation.
    const AtomicFormFactor hyd(AtomicFormFactorModel::hydrogenic, 1, kConstants);
    const AtomicFormFactor hub(AtomicFormFactorModel::hubbell, 1, kConstants);
    double worst = 0;
    for (int i = 0; i <= 2000; ++i) {
        const double q2 = q2_au(20.0 * i / 2000.0);
        worst = std::max(worst, std::abs(hyd(q2) - hub(q2)));
    }
    EXPECT_LT(worst, kModel);
}

TEST(AtomicFormFactor, HydrogenicHeliumIsOnlyACrudeModel) {
    // Z_eff = 27/16 differs from Hubbell's He by more than gauss6 does (it moves the dip ~6 %).
    const AtomicFormFactor hyd(AtomicFormFactorModel::hydrogenic, 2, kConstants);
    const AtomicFormFactor hub(AtomicFormFactorModel::hubbell, 2, kConstants);
    EXPECT_GT(std::abs(hyd(q2_au(1.5)) - hub(q2_au(1.5))), kTable);
    EXPECT_NEAR(hyd(q2_au(1.0)),
                1.0 / std::pow(1.0 + 1.0 / (4.0 * (27.0 / 16.0) * (27.0 / 16.0)), 2), kExact);
}

TEST(AtomicFormFactor, HubbellIsWellBehavedAtSmallMomentumTransfer) {
    // Below its first table nodes xraylib's spline overshoots F_e = 1; the library replaces it
    // there by 1 - a x^2 - b x^4 (targets/form_factor.hpp). Check F_e <= 1, continuity at the
    // junction x1 = 0.02 / angstrom, and the charge-radius limit (1 - F_e)/q^2 -> <r^2>/6,
    // which is a0^2/2 for the hydrogen 1s shell.
    for (int z : {1, 2, 6, 18, 54, 92}) {
        const AtomicFormFactor f(AtomicFormFactorModel::hubbell, z, kConstants);
        for (int i = 0; i <= 400; ++i) {
            const double q2 = q2_au(1e-4 * std::pow(1e5, i / 400.0));
            EXPECT_LE(f(q2), 1.0) << "Z = " << z << " q2 = " << q2;
        }
        const double q1 = 0.02 * 4 * std::numbers::pi / units::angstrom;  // x = 0.02 / angstrom
        const double below = f(q1 * q1 * (1 - 1e-12)), above = f(q1 * q1 * (1 + 1e-12));
        EXPECT_NEAR(below, above, 1e-10) << "Z = " << z;
    }
    const AtomicFormFactor h(AtomicFormFactorModel::hubbell, 1, kConstants);
    const double a0 = kConstants.bohr_radius;
    for (double q_au : {1e-3, 1e-2, 3e-2}) {
        const double q2 = q2_au(q_au);
        EXPECT_NEAR((1 - h(q2)) / q2 / (a0 * a0 / 2), 1.0, 1e-2) << "q = " << q_au << " a.u.";
    }
}

TEST(AtomicFormFactor, VanishesAtLargeMomentumTransfer) {
    const double q2 = q2_au(1000.0);
    EXPECT_LT(AtomicFormFactor(AtomicFormFactorModel::hydrogenic, 1, kConstants)(q2), 1e-10);
    for (int z : {1, 2, 6}) {
        EXPECT_LT(std::abs(AtomicFormFactor(AtomicFormFactorModel::hubbell, z, kConstants)(q2)),
                  1e-6)
            << z;
    }
    // Heavy atoms: the 1s electrons of Z = 98 carry momenta of ~100 a.u., so go further out.
    // (Beyond the table xraylib's extrapolation can dip slightly below zero, ~ -4e-6.)
    for (int z : {54, 98}) {
        EXPECT_LT(
            std::abs(AtomicFormFactor(AtomicFormFactorModel::hubbell, z, kConstants)(q2_au(1e5))),
            1e-5)
            << z;
    }
    // gauss6 keeps its constant a_0 / Z = 3.2e-4 (the seed's functional form).
    const double g6_inf = AtomicFormFactor(AtomicFormFactorModel::gauss6, 2, kConstants)(q2);
    EXPECT_REL_NEAR(g6_inf, Gauss6Coefficients{}.a0 / 2, kExact);
    EXPECT_LT(g6_inf, kTable);
}

TEST(AtomicFormFactor, DecreasesMonotonically) {
    for (auto [model, z] : {std::pair{AtomicFormFactorModel::gauss6, 2},
                            std::pair{AtomicFormFactorModel::hydrogenic, 1},
                            std::pair{AtomicFormFactorModel::hubbell, 2},
                            std::pair{AtomicFormFactorModel::hubbell, 6}}) {
        const AtomicFormFactor f(model, z, kConstants);
        double prev = f(0.0);
        for (int i = 1; i <= 400; ++i) {
            const double v = f(q2_au(0.05 * i));
            EXPECT_LE(v, prev) << to_string(model) << " Z = " << z << " q = " << 0.05 * i;
            prev = v;
        }
    }
}

TEST(AtomicFormFactor, ArrayPathEqualsScalarPath) {
    std::vector<double> q2(1000), out(1000);
    for (std::size_t i = 0; i < q2.size(); ++i) q2[i] = q2_au(30.0 * i / 999.0);
    for (auto [model, z] : {std::pair{AtomicFormFactorModel::gauss6, 2},
                            std::pair{AtomicFormFactorModel::hydrogenic, 1},
                            std::pair{AtomicFormFactorModel::hydrogenic, 2},
                            std::pair{AtomicFormFactorModel::hubbell, 6},
                            std::pair{AtomicFormFactorModel::none, 2}}) {
        const AtomicFormFactor f(model, z, kConstants);
        f.evaluate(q2, out);
        for (std::size_t i = 0; i < q2.size(); ++i) {
            // gauss6's array path uses fast_exp (few ulp per term, all terms positive).
            EXPECT_REL_NEAR(out[i], f(q2[i]), kTight) << to_string(model) << " i = " << i;
        }
    }
}

TEST(AtomicFormFactor, UnsupportedCombinationsThrow) {
    EXPECT_THROW(AtomicFormFactor(AtomicFormFactorModel::gauss6, 1, kConstants), InvalidArgument);
    EXPECT_THROW(AtomicFormFactor(AtomicFormFactorModel::gauss6, 6, kConstants), InvalidArgument);
    EXPECT_THROW(AtomicFormFactor(AtomicFormFactorModel::hydrogenic, 3, kConstants),
                 InvalidArgument);
    EXPECT_THROW(AtomicFormFactor(AtomicFormFactorModel::hubbell, 99, kConstants), InvalidArgument);
    EXPECT_THROW(AtomicFormFactor(AtomicFormFactorModel::hubbell, 0, kConstants), InvalidArgument);
    try {
        AtomicFormFactor(AtomicFormFactorModel::gauss6, 6, kConstants);
    } catch (const InvalidArgument& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("gauss6"), std::string::npos) << msg;
        EXPECT_NE(msg.find("Z = 6"), std::string::npos) << msg;
    }
    EXPECT_THROW(NuclearFormFactor(NuclearFormFactorModel::helm, 0), InvalidArgument);
}

TEST(FormFactorModel, NamesParseAndPrint) {
    for (auto m : {AtomicFormFactorModel::hubbell, AtomicFormFactorModel::gauss6,
                   AtomicFormFactorModel::hydrogenic, AtomicFormFactorModel::none}) {
        EXPECT_EQ(parse_atomic_form_factor(to_string(m)), m);
    }
    for (auto m : {NuclearFormFactorModel::unity, NuclearFormFactorModel::helm,
                   NuclearFormFactorModel::klein_nystrand}) {
        EXPECT_EQ(parse_nuclear_form_factor(to_string(m)), m);
    }
    try {
        parse_atomic_form_factor("gauss7", "--form-factor");
        ADD_FAILURE();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("--form-factor = 'gauss7'"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(parse_nuclear_form_factor("Helm"), InvalidArgument);
}

TEST(NuclearFormFactor, IsOneAtZeroAndVanishesAtLargeQ) {
    for (int a : {1, 2, 4, 12, 40, 132, 208, 250}) {
        for (auto m : {NuclearFormFactorModel::unity, NuclearFormFactorModel::helm,
                       NuclearFormFactorModel::klein_nystrand}) {
            EXPECT_EQ(NuclearFormFactor(m, a)(0.0), 1.0) << to_string(m) << " A = " << a;
        }
        const double q = 10.0 / units::fm;  // 10 fm^-1 = 1.97 GeV
        EXPECT_LT(std::abs(NuclearFormFactor(NuclearFormFactorModel::helm, a)(q * q)), 1e-6) << a;
        EXPECT_LT(std::abs(NuclearFormFactor(NuclearFormFactorModel::klein_nystrand, a)(q * q)),
                  1e-3)
            << a;
    }
    EXPECT_EQ(NuclearFormFactor(NuclearFormFactorModel::unity, 12)(1e20), 1.0);
}

TEST(NuclearFormFactor, NegligibleAtTritiumEnergies) {
    // PHYSICS.md section 3: at tritium energies q R ~ 1e-4 and F_N = 1 to order 1e-8. At the
    // largest momentum transfer (q = 2E at the 18.6 keV endpoint) 1 - F_N = 2.7e-8 for 3He.
    const double q = 2 * 18.6 * units::keV;
    for (int a : {3, 4, 12}) {
        EXPECT_NEAR(NuclearFormFactor(NuclearFormFactorModel::helm, a)(q * q), 1.0, 1e-7) << a;
        EXPECT_NEAR(NuclearFormFactor(NuclearFormFactorModel::klein_nystrand, a)(q * q), 1.0, 1e-7)
            << a;
    }
}

TEST(NuclearFormFactor, SmallArgumentSeriesJoinsTheClosedForm) {
    // three_j1_over_x switches to its series below x = 1: continuous there to the accuracy of
    // the closed form 3 (sin x - x cos x) / x^3, whose cancellation costs a factor ~3 at x = 1.
    const double lo = three_j1_over_x(1.0 * (1 - 1e-15));
    const double hi = three_j1_over_x(1.0 * (1 + 1e-15));
    EXPECT_REL_NEAR(lo, hi, 4e-15);
    EXPECT_REL_NEAR(three_j1_over_x(1e-3), 1.0 - 1e-6 / 10.0 + 1e-12 / 280.0, kExact);
    // x = 4.4934... (first zero of j1).
    EXPECT_NEAR(three_j1_over_x(4.493409457909064), 0.0, kExact);
    // The vectorised kernel uses the same series: equal within rounding on both sides.
    for (double x : {0.0, 1e-8, 0.3, 0.999, 1.0, 1.001, 2.5, 4.493409457909064, 17.0, 1e4})
        EXPECT_NEAR(numerics::three_j1_over_x_fast(x), three_j1_over_x(x), 1e-15) << x;
}

TEST(NuclearFormFactor, ArrayPathEqualsScalarPathAcrossTheRecoilRange) {
    // fast_sincos + fast_exp (array path) against std::sin/cos/exp (scalar path), on a dense
    // grid of q R from 0 to 60 (Xe132 at 1.6 keV recoil: q R ~ 0.9; the first zero of j1 at
    // 4.49) and a few beyond the vectorised range (fallback to the scalar path).
    // Bound: 1e-15 absolute (|F_N| <= 1), so 1e-13 relative wherever |F_N| >= 1e-2.
    for (auto m : {NuclearFormFactorModel::helm, NuclearFormFactorModel::klein_nystrand}) {
        for (int a : {1, 4, 40, 132, 238}) {
            const NuclearFormFactor f(m, a);
            std::vector<double> q2;
            for (int i = 0; i <= 200000; ++i) {
                const double q = 60.0 / f.radius() * i / 200000.0;
                q2.push_back(q * q);
            }
            for (double big : {2e6, 1e9}) q2.push_back(big / f.radius() * big / f.radius());
            std::vector<double> fast(q2.size()), ref(q2.size());
            f.evaluate(q2, fast);
            f.evaluate_reference(q2, ref);
            double worst_abs = 0, worst_rel = 0;
            for (std::size_t i = 0; i < q2.size(); ++i) {
                worst_abs = std::max(worst_abs, std::abs(fast[i] - ref[i]));
                if (std::abs(ref[i]) >= 1e-2)
                    worst_rel = std::max(worst_rel, std::abs(fast[i] - ref[i]) / std::abs(ref[i]));
            }
            EXPECT_LE(worst_abs, 1e-15) << to_string(m) << " A = " << a;
            EXPECT_LE(worst_rel, 1e-13) << to_string(m) << " A = " << a;
        }
    }
}

TEST(AtomicFormFactor, MatchesReferenceTable) {
    const CsvTable t = read_csv("targets/atomic_form_factor.csv");
    ASSERT_GT(t.rows.size(), 50u);
    const auto im = t.col("model"), iz = t.col("z"), iq = t.col("q_eV"), iff = t.col("form_factor");
    for (const auto& r : t.rows) {
        const AtomicFormFactor f(parse_atomic_form_factor(r[im]), std::stoi(r[iz]), kConstants);
        const double q = std::stod(r[iq]);
        const double expected = std::stod(r[iff]);
        EXPECT_REL_NEAR(f(q * q), expected, kReference)
            << r[im] << " Z = " << r[iz] << " q = " << q;
        double out = 0;
        const double q2 = q * q;
        f.evaluate({&q2, 1}, {&out, 1});
        EXPECT_REL_NEAR(out, expected, kReference) << r[im] << " (array) Z = " << r[iz];
    }
}

TEST(NuclearFormFactor, MatchesReferenceTable) {
    const CsvTable t = read_csv("targets/nuclear_form_factor.csv");
    ASSERT_GT(t.rows.size(), 50u);
    const auto im = t.col("model"), ia = t.col("a"), iq = t.col("q_eV"), iff = t.col("form_factor");
    for (const auto& r : t.rows) {
        const NuclearFormFactor f(parse_nuclear_form_factor(r[im]), std::stoi(r[ia]));
        const double q = std::stod(r[iq]);
        const double expected = std::stod(r[iff]);
        // Near a zero of j1 a relative comparison is ill-conditioned: compare on the scale
        // max(|F|, 1e-6) instead (the form factor is of order 1 near q = 0).
        const double scale = std::max(std::abs(expected), 1e-6);
        EXPECT_NEAR(f(q * q), expected, kReference * scale)
            << r[im] << " A = " << r[ia] << " q = " << q;
        double out = 0;
        const double q2 = q * q;
        f.evaluate({&q2, 1}, {&out, 1});
        EXPECT_NEAR(out, expected, kReference * scale) << r[im] << " (array) A = " << r[ia];
    }
}

}  // namespace
}  // namespace cevas
