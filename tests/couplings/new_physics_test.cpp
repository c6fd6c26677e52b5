// couplings/new_physics.hpp: NSI and electromagnetic inputs, their parsing and validation, and
// the quark -> nucleon rules (docs/physics.md section 5).
#include "cevas/couplings/new_physics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>

#include "cevas/core/error.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

double max_abs_diff(const Matrix3c& a, const Matrix3c& b) {
    double d = 0;
    for (int k = 0; k < 9; ++k) d = std::max(d, std::abs(a.a[k] - b.a[k]));
    return d;
}

Matrix3c hermitian_sample() {
    Matrix3c m;
    set_hermitian(m, 0, 0, 0.3, "x");
    set_hermitian(m, 0, 1, complex(0.1, -0.05), "x");
    set_hermitian(m, 1, 2, complex(-0.02, 0.07), "x");
    set_hermitian(m, 2, 2, -0.1, "x");
    return m;
}

TEST(ParseComplex, GoodInput) {
    EXPECT_EQ(parse_complex("0.1", "v"), complex(0.1, 0));
    EXPECT_EQ(parse_complex("-2", "v"), complex(-2, 0));
    EXPECT_EQ(parse_complex("0.1-0.05i", "v"), complex(0.1, -0.05));
    EXPECT_EQ(parse_complex("0.1+0.05i", "v"), complex(0.1, 0.05));
    EXPECT_EQ(parse_complex("-0.05i", "v"), complex(0, -0.05));
    EXPECT_EQ(parse_complex("1e-3+2e-4i", "v"), complex(1e-3, 2e-4));
    EXPECT_EQ(parse_complex("1e-3-2e-4i", "v"), complex(1e-3, -2e-4));
    EXPECT_EQ(parse_complex("i", "v"), complex(0, 1));
    EXPECT_EQ(parse_complex("-i", "v"), complex(0, -1));
    EXPECT_EQ(parse_complex("0.5+i", "v"), complex(0.5, 1));
}

TEST(ParseComplex, BadInputNamesFieldAndValue) {
    for (const char* bad : {"", "abc", "0.1-", "0.1-0.05", "0.1x", "1e400", "nan", "0.1--0.2i",
                            "0.1-0.05ii", "i0.1", "0.1 - 0.05i"}) {
        try {
            parse_complex(bad, "nsi.vector.nucleus.emu");
            ADD_FAILURE() << "no throw for '" << bad << "'";
        } catch (const InvalidArgument& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("nsi.vector.nucleus.emu"), std::string::npos) << msg;
            EXPECT_NE(msg.find("'" + std::string(bad) + "'"), std::string::npos) << msg;
        }
    }
}

TEST(ParseComplex, FormatRoundTrip) {
    for (complex z :
         {complex(0.1, -0.05), complex(0, 1e-3), complex(-2.5, 0), complex(1e-15, 3e-16)}) {
        EXPECT_EQ(parse_complex(format_complex(z), "v"), z) << format_complex(z);
    }
    EXPECT_EQ(format_complex(complex(0.1, -0.05)), "0.1-0.05i");
    EXPECT_EQ(format_complex(complex(0, 0.2)), "0.2i");
    EXPECT_EQ(format_complex(complex(0.3, 0)), "0.3");
}

TEST(FlavorPair, AllNamesAndBadOnes) {
    const char* names[3] = {"e", "mu", "tau"};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            const auto [r, c] = parse_flavor_pair(std::string(names[i]) + names[j], "pair");
            EXPECT_EQ(r, i);
            EXPECT_EQ(c, j);
        }
    for (const char* bad : {"", "e", "ex", "eee", "emuu", "EE", "e-mu", "taue "}) {
        try {
            parse_flavor_pair(bad, "--nsi");
            ADD_FAILURE() << bad;
        } catch (const InvalidArgument& e) {
            EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos);
            EXPECT_NE(std::string(e.what()).find("--nsi"), std::string::npos);
        }
    }
}

TEST(Hermitian, SetHermitianImpliesThePartner) {
    Matrix3c m;
    set_hermitian(m, 0, 2, complex(0.2, 0.3), "x");
    EXPECT_EQ(m(2, 0), complex(0.2, -0.3));
    EXPECT_EQ(m.hermiticity_defect(), 0.0);
    EXPECT_THROW(set_hermitian(m, 1, 1, complex(0.1, 0.1), "x"), InvalidArgument);
    EXPECT_NO_THROW(require_hermitian("x", m));
}

TEST(Hermitian, NonHermitianInputIsAnErrorNamingTheEntry) {
    Matrix3c m;
    m(0, 1) = complex(0.1, -0.05);
    m(1, 0) = complex(0.1, -0.05);  // should be 0.1+0.05i
    try {
        require_hermitian("nsi.vector.nucleus", m);
        ADD_FAILURE();
    } catch (const InvalidArgument& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("nsi.vector.nucleus.emu"), std::string::npos) << msg;
        EXPECT_NE(msg.find("hermitian"), std::string::npos) << msg;
    }
    // A one-sided off-diagonal entry and a complex diagonal are also rejected.
    Matrix3c one_sided;
    one_sided(1, 2) = 0.1;
    EXPECT_THROW(require_hermitian("x", one_sided), InvalidArgument);
    EXPECT_THROW(require_hermitian("x", Matrix3c::diagonal(complex(0, 1e-3), 0, 0)),
                 InvalidArgument);
    // Non-finite entries.
    Matrix3c nan;
    nan(0, 0) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(require_hermitian("x", nan), InvalidArgument);
}

TEST(Hermitian, ValidateChecksEveryLevelAndProperty) {
    Matrix3c bad;
    bad(0, 1) = 0.1;
    const auto expect_rejected = [&](auto set, const std::string& field) {
        NsiParameters nsi;
        ElectromagneticParameters em;
        set(nsi, em);
        try {
            validate(nsi, em);
            ADD_FAILURE() << field;
        } catch (const InvalidArgument& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    expect_rejected([&](NsiParameters& n, ElectromagneticParameters&) { n.vector.u = bad; },
                    "nsi.vector.u");
    expect_rejected([&](NsiParameters& n, ElectromagneticParameters&) { n.vector.e = bad; },
                    "nsi.vector.e");
    expect_rejected([&](NsiParameters& n, ElectromagneticParameters&) { n.axial.p = bad; },
                    "nsi.axial.p");
    expect_rejected([&](NsiParameters& n, ElectromagneticParameters&) { n.scalar.nucleus = bad; },
                    "nsi.scalar.nucleus");
    expect_rejected([&](NsiParameters& n, ElectromagneticParameters&) { n.tensor.d = bad; },
                    "nsi.tensor.d");
    expect_rejected([&](NsiParameters&, ElectromagneticParameters& e) { e.millicharge = bad; },
                    "millicharge");
    expect_rejected([&](NsiParameters&, ElectromagneticParameters& e) { e.magnetic_moment = bad; },
                    "magnetic_moment");
    expect_rejected([&](NsiParameters&, ElectromagneticParameters& e) { e.charge_radius = bad; },
                    "charge_radius");
    NsiParameters ok;
    ok.vector.nucleus = hermitian_sample();
    EXPECT_NO_THROW(validate(ok, ElectromagneticParameters{}));
}

TEST(NucleonRules, Vector) {
    // Valence counting: eps^p = 2 eps^u + eps^d, eps^n = eps^u + 2 eps^d (plus direct terms).
    const Matrix3c x = hermitian_sample();
    NsiLevels v;
    v.u = x;
    NucleonNsi nn = vector_nucleon_nsi(v);
    EXPECT_LT(max_abs_diff(nn.p, 2.0 * x), kExact);
    EXPECT_LT(max_abs_diff(nn.n, x), kExact);
    v = {};
    v.d = x;
    v.p = Matrix3c::identity();
    nn = vector_nucleon_nsi(v);
    EXPECT_LT(max_abs_diff(nn.p, x + Matrix3c::identity()), kExact);
    EXPECT_LT(max_abs_diff(nn.n, 2.0 * x), kExact);
}

TEST(NucleonRules, Axial) {
    const Matrix3c x = hermitian_sample();
    const NucleonCharges c;
    EXPECT_EQ(c.axial_u, 0.777);
    EXPECT_EQ(c.axial_d, -0.438);
    NsiLevels a;
    a.u = x;
    NucleonNsi s = axial_nucleon_nsi(a, AxialQuarkRule::spin_fractions, c);
    EXPECT_LT(max_abs_diff(s.p, 0.777 * x), kExact);
    EXPECT_LT(max_abs_diff(s.n, -0.438 * x), kExact);  // isospin: Delta u^n = Delta d^p
    NucleonNsi v = axial_nucleon_nsi(a, AxialQuarkRule::valence, c);
    EXPECT_LT(max_abs_diff(v.p, 2.0 * x), kExact);
    EXPECT_LT(max_abs_diff(v.n, x), kExact);
    EXPECT_EQ(parse_axial_quark_rule("valence"), AxialQuarkRule::valence);
    EXPECT_EQ(parse_axial_quark_rule(to_string(AxialQuarkRule::spin_fractions)),
              AxialQuarkRule::spin_fractions);
    EXPECT_THROW(parse_axial_quark_rule("naive"), InvalidArgument);
}

TEST(NucleonRules, ScalarAndTensor) {
    const Matrix3c x = hermitian_sample();
    const NucleonCharges c;
    const PhysicalConstants k;
    NsiLevels s;
    s.d = x;
    NucleonNsi ns = scalar_nucleon_nsi(s, c, k);
    // eps^{N,S} = eps^{d,S} (m_N / m_d) f_Td^N
    EXPECT_LT(max_abs_diff(ns.p, (938.27208816 / 4.70 * 0.0411) * x), kExact);
    EXPECT_LT(max_abs_diff(ns.n, (939.56542052 / 4.70 * 0.0451) * x), kExact);
    NsiLevels t;
    t.u = x;
    t.n = Matrix3c::identity();
    NucleonNsi nt = tensor_nucleon_nsi(t, c);
    EXPECT_LT(max_abs_diff(nt.p, 0.784 * x), kExact);
    EXPECT_LT(max_abs_diff(nt.n, -0.204 * x + Matrix3c::identity()), kExact);
    EXPECT_EQ(parse_tensor_model("coherent"), TensorModel::coherent);
    EXPECT_EQ(parse_tensor_model(to_string(TensorModel::spin)), TensorModel::spin);
    EXPECT_THROW(parse_tensor_model("dirac"), InvalidArgument);
}

TEST(DescribeNonzero, ListsUpperTriangleWithUnits) {
    NsiParameters nsi;
    ElectromagneticParameters em;
    EXPECT_TRUE(describe_nonzero(nsi, em).empty());
    EXPECT_TRUE(nsi.is_zero());
    EXPECT_TRUE(em.is_zero());
    set_hermitian(nsi.vector.nucleus, 0, 1, complex(0.1, -0.05), "x");
    set_hermitian(nsi.scalar.e, 2, 2, 0.3, "x");
    em.magnetic_moment = Matrix3c::diagonal(1e-12, 0, 0);
    em.charge_radius = Matrix3c::diagonal(0, 2e-32 * units::cm2, 0);
    const auto d = describe_nonzero(nsi, em);
    const auto has = [&](const std::string& key, const std::string& value) {
        return std::find(d.begin(), d.end(), std::pair{key, value}) != d.end();
    };
    EXPECT_TRUE(has("nsi.vector.nucleus.emu", "0.1-0.05i"));
    EXPECT_TRUE(has("nsi.scalar.e.tautau", "0.3"));
    EXPECT_TRUE(has("magnetic_moment_muB.ee", "1e-12"));
    EXPECT_TRUE(has("charge_radius_cm2.mumu", "2e-32"));
    EXPECT_EQ(d.size(), 4u);  // the lower-triangle partner is implied, not listed
    EXPECT_FALSE(nsi.is_zero());
    EXPECT_FALSE(em.is_zero());
}

}  // namespace
}  // namespace cevas
