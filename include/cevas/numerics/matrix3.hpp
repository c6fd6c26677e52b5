#pragma once
/// @file
/// Fixed-size 3x3 complex matrices and 3-vectors for flavour space. Header-only, allocation-free.

#include <array>
#include <cmath>
#include <complex>

namespace cevas {

using complex = std::complex<double>;

/// Complex 3-vector in flavour space (index 0 = e, 1 = mu, 2 = tau).
using Vector3c = std::array<complex, 3>;

/// Complex 3x3 matrix in flavour space, row-major: (*this)(row, col).
struct Matrix3c {
    std::array<complex, 9> a{};

    complex& operator()(int i, int j) { return a[3 * i + j]; }
    const complex& operator()(int i, int j) const { return a[3 * i + j]; }

    static Matrix3c zero() { return {}; }
    static Matrix3c identity() { return diagonal(1.0, 1.0, 1.0); }
    static Matrix3c diagonal(complex d0, complex d1, complex d2) {
        Matrix3c m;
        m(0, 0) = d0;
        m(1, 1) = d1;
        m(2, 2) = d2;
        return m;
    }

    Matrix3c& operator+=(const Matrix3c& o) {
        for (int k = 0; k < 9; ++k) a[k] += o.a[k];
        return *this;
    }
    Matrix3c& operator-=(const Matrix3c& o) {
        for (int k = 0; k < 9; ++k) a[k] -= o.a[k];
        return *this;
    }
    Matrix3c& operator*=(complex s) {
        for (auto& x : a) x *= s;
        return *this;
    }
    friend Matrix3c operator+(Matrix3c l, const Matrix3c& r) { return l += r; }
    friend Matrix3c operator-(Matrix3c l, const Matrix3c& r) { return l -= r; }
    friend Matrix3c operator*(complex s, Matrix3c m) { return m *= s; }
    friend Matrix3c operator*(Matrix3c m, complex s) { return m *= s; }
    friend Matrix3c operator*(double s, Matrix3c m) { return m *= complex(s); }
    friend Matrix3c operator*(const Matrix3c& l, const Matrix3c& r) {
        Matrix3c p;
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                p(i, j) = l(i, 0) * r(0, j) + l(i, 1) * r(1, j) + l(i, 2) * r(2, j);
        return p;
    }
    friend Vector3c operator*(const Matrix3c& l, const Vector3c& v) {
        Vector3c p;
        for (int i = 0; i < 3; ++i) p[i] = l(i, 0) * v[0] + l(i, 1) * v[1] + l(i, 2) * v[2];
        return p;
    }
    friend bool operator==(const Matrix3c& l, const Matrix3c& r) { return l.a == r.a; }

    Matrix3c transpose() const {
        Matrix3c t;
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) t(i, j) = (*this)(j, i);
        return t;
    }
    Matrix3c conj() const {
        Matrix3c t;
        for (int k = 0; k < 9; ++k) t.a[k] = std::conj(a[k]);
        return t;
    }
    Matrix3c adjoint() const { return transpose().conj(); }
    Vector3c column(int j) const { return {(*this)(0, j), (*this)(1, j), (*this)(2, j)}; }

    /// Largest |m_ij - conj(m_ji)|.
    double hermiticity_defect() const {
        double d = 0;
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                d = std::max(d, std::abs((*this)(i, j) - std::conj((*this)(j, i))));
        return d;
    }
    bool is_zero() const {
        for (const auto& x : a)
            if (x != complex(0.0)) return false;
        return true;
    }
};

/// Hermitian inner product <u, v> = sum conj(u_i) v_i.
inline complex dot(const Vector3c& u, const Vector3c& v) {
    return std::conj(u[0]) * v[0] + std::conj(u[1]) * v[1] + std::conj(u[2]) * v[2];
}
/// Squared norm sum |v_i|^2.
inline double norm2(const Vector3c& v) {
    return std::norm(v[0]) + std::norm(v[1]) + std::norm(v[2]);
}

}  // namespace cevas
