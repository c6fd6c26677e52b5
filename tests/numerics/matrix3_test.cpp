// numerics/matrix3.hpp: flavour-space 3x3 complex algebra.
#include "cevas/numerics/matrix3.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

Matrix3c sample(double seed) {
    Matrix3c m;
    for (int k = 0; k < 9; ++k)
        m.a[k] = complex(std::sin(seed + 1.3 * k), std::cos(seed * 0.7 + k));
    return m;
}

double max_abs_diff(const Matrix3c& a, const Matrix3c& b) {
    double d = 0;
    for (int k = 0; k < 9; ++k) d = std::max(d, std::abs(a.a[k] - b.a[k]));
    return d;
}

TEST(Matrix3c, IdentityZeroAndDiagonal) {
    const Matrix3c m = sample(0.3);
    EXPECT_EQ(Matrix3c::identity() * m, m);
    EXPECT_EQ(m * Matrix3c::identity(), m);
    EXPECT_TRUE(Matrix3c::zero().is_zero());
    EXPECT_FALSE(m.is_zero());
    EXPECT_EQ(m + Matrix3c::zero(), m);
    const Matrix3c d = Matrix3c::diagonal(1.0, complex(0, 2), -3.0);
    EXPECT_EQ(d(1, 1), complex(0, 2));
    EXPECT_EQ(d(0, 1), complex(0));
    EXPECT_EQ(d(2, 2), complex(-3));
}

TEST(Matrix3c, ProductIsRowTimesColumn) {
    const Matrix3c a = sample(0.1), b = sample(1.7);
    const Matrix3c p = a * b;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            complex s = 0;
            for (int k = 0; k < 3; ++k) s += a(i, k) * b(k, j);
            EXPECT_LT(std::abs(p(i, j) - s), kExact);
        }
}

TEST(Matrix3c, AlgebraIdentities) {
    const Matrix3c a = sample(0.1), b = sample(1.7), c = sample(-2.2);
    EXPECT_LT(max_abs_diff((a * b) * c, a * (b * c)), 10 * kExact);
    EXPECT_LT(max_abs_diff(a * (b + c), a * b + a * c), 10 * kExact);
    EXPECT_LT(max_abs_diff((a * b).adjoint(), b.adjoint() * a.adjoint()), 10 * kExact);
    EXPECT_EQ(a.transpose().transpose(), a);
    EXPECT_EQ(a.conj().conj(), a);
    EXPECT_EQ(a.adjoint(), a.conj().transpose());
    EXPECT_LT(max_abs_diff(a - a, Matrix3c::zero()), kExact);
    EXPECT_EQ(2.0 * a, a + a);
    EXPECT_EQ(complex(0, 1) * (complex(0, -1) * a), a);
    EXPECT_EQ(a * complex(2.0), a + a);
}

TEST(Matrix3c, MatrixVectorAndColumns) {
    const Matrix3c a = sample(0.9);
    const Vector3c e1{complex(0), complex(1), complex(0)};
    const Vector3c col = a * e1;
    const Vector3c c1 = a.column(1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(col[i], c1[i]);
    const Vector3c v{complex(1, 2), complex(-0.5, 0.1), complex(0, 3)};
    EXPECT_REL_NEAR(norm2(v), 1 + 4 + 0.25 + 0.01 + 9, kExact);
    EXPECT_LT(std::abs(dot(v, v) - complex(norm2(v))), kExact);
    // <u, A v> = <A^dagger u, v>
    const Vector3c u{complex(0.3, -1), complex(2, 0), complex(-1, 1)};
    EXPECT_LT(std::abs(dot(u, a * v) - dot(a.adjoint() * u, v)), 10 * kExact);
}

TEST(Matrix3c, Hermiticity) {
    const Matrix3c a = sample(0.4);
    const Matrix3c h = a + a.adjoint();
    EXPECT_EQ(h.hermiticity_defect(), 0.0);
    EXPECT_GT(a.hermiticity_defect(), 0.1);
    Matrix3c m;
    m(0, 1) = complex(0.1, -0.05);
    m(1, 0) = complex(0.1, 0.05);
    EXPECT_EQ(m.hermiticity_defect(), 0.0);
    m(1, 0) = complex(0.1, -0.05);  // transpose instead of conjugate transpose
    EXPECT_NEAR(m.hermiticity_defect(), 0.1, kExact);
    // A complex diagonal entry is not hermitian.
    EXPECT_NEAR(Matrix3c::diagonal(complex(0, 1), 0.0, 0.0).hermiticity_defect(), 2.0, kExact);
}

}  // namespace
}  // namespace cevas
