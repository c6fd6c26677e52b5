// oscillation/mixing.hpp: PMNS matrix, vacuum propagation and probabilities
// (PHYSICS.md sections 2, 4 and 8; issue 4 item 2).
#include "cevas/oscillation/mixing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "common/csv.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;
using test::kTight;

constexpr Flavor kFlavors[3] = {Flavor::e, Flavor::mu, Flavor::tau};
constexpr NeutrinoType kTypes[2] = {NeutrinoType::neutrino, NeutrinoType::antineutrino};

using test::CsvTable;
using test::read_csv;
using test::split;

double unitarity_defect(const Matrix3c& u) {
    const Matrix3c p = u * u.adjoint();
    const Matrix3c q = u.adjoint() * u;
    double d = 0;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            const double id = i == j ? 1.0 : 0.0;
            d = std::max({d, std::abs(p(i, j) - id), std::abs(q(i, j) - id)});
        }
    return d;
}

std::vector<MixingParameters> parameter_sets() {
    std::vector<MixingParameters> v = {MixingParameters::nufit52(MassOrdering::normal),
                                       MixingParameters::nufit52(MassOrdering::inverted)};
    MixingParameters odd;
    odd.theta12 = 1.2;
    odd.theta13 = 0.7;
    odd.theta23 = 0.1;
    odd.delta_cp = -2.0;
    odd.dm21_sq = 1e-3;
    odd.dm31_sq = -0.3;
    v.push_back(odd);
    return v;
}

TEST(Mixing, NuFit52Defaults) {
    const MixingParameters def;
    const MixingParameters no = MixingParameters::nufit52(MassOrdering::normal);
    const double deg = MixingParameters::kDeg;
    EXPECT_EQ(def.theta12, no.theta12);
    EXPECT_REL_NEAR(no.theta12 / deg, 33.41, kExact);
    EXPECT_REL_NEAR(no.theta13 / deg, 8.58, kExact);
    EXPECT_REL_NEAR(no.theta23 / deg, 42.2, kExact);
    EXPECT_REL_NEAR(no.delta_cp / deg, 232.0, kExact);
    EXPECT_EQ(no.dm21_sq, 7.41e-5);
    EXPECT_EQ(no.dm31_sq, 2.507e-3);
    EXPECT_EQ(no.ordering(), MassOrdering::normal);
    const MixingParameters io = MixingParameters::nufit52(MassOrdering::inverted);
    EXPECT_REL_NEAR(io.theta13 / deg, 8.57, kExact);
    EXPECT_REL_NEAR(io.theta23 / deg, 49.0, kExact);
    EXPECT_REL_NEAR(io.delta_cp / deg, 276.0, kExact);
    EXPECT_REL_NEAR(io.dm31_sq - io.dm21_sq, -2.486e-3, kExact);  // dm32
    EXPECT_EQ(io.ordering(), MassOrdering::inverted);
    EXPECT_EQ(parse_mass_ordering("inverted"), MassOrdering::inverted);
    EXPECT_EQ(parse_mass_ordering(to_string(MassOrdering::normal)), MassOrdering::normal);
    EXPECT_THROW(parse_mass_ordering("upside_down"), InvalidArgument);
}

TEST(Mixing, PmnsIsUnitary) {
    for (const auto& p : parameter_sets()) EXPECT_LT(unitarity_defect(pmns_matrix(p)), kExact);
}

TEST(Mixing, PmnsStandardParametrisation) {
    const MixingParameters p;
    const Matrix3c u = pmns_matrix(p);
    const double s12 = std::sin(p.theta12), c12 = std::cos(p.theta12);
    const double s13 = std::sin(p.theta13), c13 = std::cos(p.theta13);
    const double s23 = std::sin(p.theta23), c23 = std::cos(p.theta23);
    EXPECT_NEAR(std::abs(u(0, 2)), s13, kExact);
    EXPECT_NEAR(std::arg(u(0, 2)), std::arg(std::polar(1.0, -p.delta_cp)), kExact);
    EXPECT_NEAR(std::abs(u(0, 1) / u(0, 0)), s12 / c12, kExact);
    EXPECT_NEAR(std::abs(u(1, 2)), s23 * c13, kExact);
    EXPECT_NEAR(std::abs(u(2, 2)), c23 * c13, kExact);
    // Jarlskog invariant J = Im(U_e1 U_mu2 U_e2^* U_mu1^*) = c12 s12 c23 s23 c13^2 s13 sin(delta).
    const double j = (u(0, 0) * u(1, 1) * std::conj(u(0, 1)) * std::conj(u(1, 0))).imag();
    EXPECT_NEAR(j, c12 * s12 * c23 * s23 * c13 * c13 * s13 * std::sin(p.delta_cp), kExact);
}

TEST(Propagation, IdentityAtZeroBaselineAndUnitaryElsewhere) {
    for (const auto& p : parameter_sets()) {
        const Matrix3c u = pmns_matrix(p);
        for (auto type : kTypes) {
            EXPECT_EQ(propagator(u, p, 15 * units::keV, 0.0, type), Matrix3c::identity());
            for (double l_m : {0.1, 1.0, 10.0, 1e3, 1e5}) {
                const Matrix3c s = propagator(u, p, 15 * units::keV, l_m * units::m, type);
                EXPECT_LT(unitarity_defect(s), kTight) << l_m;
            }
        }
    }
}

TEST(Propagation, ProbabilitiesSumToOne) {
    for (const auto& p : parameter_sets()) {
        for (auto type : kTypes) {
            for (double e_keV : {1.0, 15.0, 3000.0}) {
                for (double l_m : {0.0, 0.5, 1.0, 10.0, 1e3, 5e4}) {
                    const double e = e_keV * units::keV, l = l_m * units::m;
                    for (Flavor a : kFlavors) {
                        double from = 0, to = 0;
                        for (Flavor b : kFlavors) {
                            from += oscillation_probability(p, a, b, e, l, type);
                            to += oscillation_probability(p, b, a, e, l, type);
                        }
                        EXPECT_NEAR(from, 1.0, kTight);
                        EXPECT_NEAR(to, 1.0, kTight);
                    }
                }
            }
        }
    }
}

TEST(Propagation, ZeroBaselineMeansNoOscillation) {
    const MixingParameters p;
    for (auto type : kTypes)
        for (Flavor a : kFlavors)
            for (Flavor b : kFlavors)
                EXPECT_EQ(oscillation_probability(p, a, b, 15 * units::keV, 0.0, type),
                          a == b ? 1.0 : 0.0);
}

TEST(Propagation, TwoFlavourLimit) {
    // theta13 = theta23 = 0: nu_e <-> nu_mu with theta12 and dm21 only.
    MixingParameters p;
    p.theta13 = 0;
    p.theta23 = 0;
    const double e = 15 * units::keV;
    for (double l_m : {1.0, 37.0, 400.0}) {
        const double l = l_m * units::m;
        const double expected =
            std::pow(std::sin(2 * p.theta12), 2) * std::pow(std::sin(p.dm21_sq * l / (4 * e)), 2);
        EXPECT_NEAR(oscillation_probability(p, Flavor::e, Flavor::mu, e, l, NeutrinoType::neutrino),
                    expected, kTight);
        EXPECT_NEAR(
            oscillation_probability(p, Flavor::e, Flavor::tau, e, l, NeutrinoType::neutrino), 0.0,
            kTight);
    }
}

TEST(Propagation, CptAndCpRelations) {
    // CPT (vacuum): P(nubar_a -> nubar_b) = P(nu_b -> nu_a). With delta != 0, pi the CP
    // asymmetry P(nu_e -> nu_mu) - P(nubar_e -> nubar_mu) is non-zero where both phases are large.
    const MixingParameters p;
    for (double l_m : {1.0, 10.0, 1e3}) {
        for (Flavor a : kFlavors)
            for (Flavor b : kFlavors) {
                const double e = 15 * units::keV, l = l_m * units::m;
                EXPECT_NEAR(oscillation_probability(p, a, b, e, l, NeutrinoType::antineutrino),
                            oscillation_probability(p, b, a, e, l, NeutrinoType::neutrino), kTight);
            }
    }
    const double e = 15 * units::keV, l = 1e3 * units::m;
    const double nu =
        oscillation_probability(p, Flavor::e, Flavor::mu, e, l, NeutrinoType::neutrino);
    const double nubar =
        oscillation_probability(p, Flavor::e, Flavor::mu, e, l, NeutrinoType::antineutrino);
    EXPECT_GT(std::abs(nu - nubar), 1e-3);
    // Without CP violation they agree, and the antineutrino equals the neutrino at -delta.
    MixingParameters real = p;
    real.delta_cp = 0;
    EXPECT_NEAR(
        oscillation_probability(real, Flavor::e, Flavor::mu, e, l, NeutrinoType::neutrino),
        oscillation_probability(real, Flavor::e, Flavor::mu, e, l, NeutrinoType::antineutrino),
        kTight);
    MixingParameters conj = p;
    conj.delta_cp = -p.delta_cp;
    EXPECT_NEAR(nubar,
                oscillation_probability(conj, Flavor::e, Flavor::mu, e, l, NeutrinoType::neutrino),
                kTight);
}

TEST(Propagation, AntineutrinoPropagatorIsTheNeutrinoOneAtMinusDelta) {
    // S(nubar) = U^* D U^T, and U(-delta) = U(delta)^* in the standard parametrisation: the
    // antineutrino propagator is the neutrino propagator with delta -> -delta.
    const MixingParameters p;
    MixingParameters minus = p;
    minus.delta_cp = -p.delta_cp;
    const double e = 15 * units::keV, l = 3 * units::m;
    const Matrix3c sbar = propagator(pmns_matrix(p), p, e, l, NeutrinoType::antineutrino);
    const Matrix3c s_minus = propagator(pmns_matrix(minus), minus, e, l, NeutrinoType::neutrino);
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) EXPECT_LT(std::abs(sbar(a, b) - s_minus(a, b)), kTight);
}

TEST(Propagation, BadInputThrows) {
    const MixingParameters p;
    EXPECT_THROW(oscillation_probability(p, Flavor::e, Flavor::e, 0.0, 1.0, NeutrinoType::neutrino),
                 InvalidArgument);
    EXPECT_THROW(
        oscillation_probability(p, Flavor::e, Flavor::e, -1.0, 1.0, NeutrinoType::neutrino),
        InvalidArgument);
    EXPECT_THROW(
        oscillation_probability(p, Flavor::e, Flavor::e, std::numeric_limits<double>::quiet_NaN(),
                                1.0, NeutrinoType::neutrino),
        InvalidArgument);
    EXPECT_THROW(
        oscillation_probability(p, Flavor::e, Flavor::e, 1.0, -1.0, NeutrinoType::neutrino),
        InvalidArgument);
}

TEST(Mixing, ValidateRejectsBadParameters) {
    EXPECT_NO_THROW(validate(MixingParameters{}));
    EXPECT_NO_THROW(validate(MixingParameters::nufit52(MassOrdering::inverted)));
    const auto rejected = [](auto change, const char* field) {
        MixingParameters p;
        change(p);
        try {
            validate(p);
            ADD_FAILURE() << field;
        } catch (const InvalidArgument& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    rejected([](MixingParameters& p) { p.theta12 = 2.0; }, "theta12");
    rejected([](MixingParameters& p) { p.theta13 = -0.1; }, "theta13");
    rejected([](MixingParameters& p) { p.theta23 = std::numeric_limits<double>::quiet_NaN(); },
             "theta23");
    rejected([](MixingParameters& p) { p.delta_cp = std::numeric_limits<double>::infinity(); },
             "delta_cp");
    rejected([](MixingParameters& p) { p.dm21_sq = 0; }, "dm21_sq");
    rejected([](MixingParameters& p) { p.dm31_sq = std::numeric_limits<double>::quiet_NaN(); },
             "dm31_sq");
}

TEST(Propagation, MatchesReferenceTable) {
    // Probabilities are bounded by 1: compared absolutely.
    const CsvTable t = read_csv("xsec/oscillation_probability.csv");
    ASSERT_GT(t.rows.size(), 100u);
    const auto io = t.col("ordering"), it = t.col("type"), ifr = t.col("from"), ito = t.col("to"),
               ie = t.col("e_nu_eV"), il = t.col("baseline_m"), ip = t.col("probability");
    for (const auto& r : t.rows) {
        const MixingParameters p = MixingParameters::nufit52(parse_mass_ordering(r[io]));
        const double prob = oscillation_probability(
            p, parse_flavor(r[ifr]), parse_flavor(r[ito]), std::stod(r[ie]) * units::eV,
            std::stod(r[il]) * units::m, parse_neutrino_type(r[it]));
        EXPECT_NEAR(prob, std::stod(r[ip]), kTight)
            << r[io] << " " << r[it] << " " << r[ifr] << "->" << r[ito] << " E = " << r[ie]
            << " L = " << r[il];
    }
}

}  // namespace
}  // namespace cevas
