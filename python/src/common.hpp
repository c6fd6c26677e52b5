#pragma once
/// @file
/// Helpers shared by the bind_<topic>.cpp files: unit conversion at the Python boundary, NumPy
/// conversion of flavour matrices, and the vectorisation wrapper. No physics lives here.
///
/// Python-side units (stated in every docstring): energies and masses in eV, momenta in eV,
/// lengths (baselines, radii) in metres, charge radius in cm^2, cross sections in cm^2/eV
/// (differential) and cm^2 (total). Conversions use cevas::units only.

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/flavor.hpp"
#include "cevas/core/units.hpp"
#include "cevas/numerics/matrix3.hpp"

namespace cevas::python {

namespace py = pybind11;

/// Contiguous float64 view of any array-like (list, scalar, ndarray of any real dtype).
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// A Python argument of the wrong type (None, a string, a complex number, an object array):
/// raised in Python as cevas.ArgumentTypeError, an InvalidArgument that is also a TypeError.
class ArgumentTypeError : public InvalidArgument {
 public:
    using InvalidArgument::InvalidArgument;
};

/// Convert an array-like to a contiguous float64 array. None, strings, bytes, complex and
/// object arrays raise ArgumentTypeError naming `field` (never a silent cast that drops an
/// imaginary part); booleans, integers and real floats are accepted.
inline DoubleArray as_double_array(py::handle x, const char* field) {
    const auto type_error = [&](const std::string& reason) {
        std::string r = py::repr(x).cast<std::string>();
        if (r.size() > 80) r = r.substr(0, 77) + "...";
        throw ArgumentTypeError(describe(field, r, reason));
    };
    if (x.is_none()) type_error("expected a real number or an array of real numbers, not None");
    if (py::isinstance<py::str>(x) || py::isinstance<py::bytes>(x))
        type_error("expected a real number or an array of real numbers, not a string");
    if (PyComplex_Check(x.ptr())) type_error("expected a real number, not a complex number");
    py::array probe;
    if (py::isinstance<py::array>(x)) {
        probe = py::reinterpret_borrow<py::array>(x);
    } else {
        try {
            probe = py::module_::import("numpy").attr("asarray")(x);
        } catch (const py::error_already_set&) {
            type_error("expected a real number or an array of real numbers");
        }
    }
    const char kind = probe.dtype().kind();
    if (kind == 'c')
        type_error("complex values are not accepted (the imaginary part would be lost)");
    if (kind != 'b' && kind != 'i' && kind != 'u' && kind != 'f')
        type_error("expected real numbers (got an array of dtype '" +
                   py::str(probe.dtype()).cast<std::string>() + "')");
    auto arr = DoubleArray::ensure(probe);
    if (!arr) {
        PyErr_Clear();
        type_error("expected a real number or an array of real numbers");
    }
    return arr;
}

/// One real number from Python, with the checks of as_double_array (None, str, complex ->
/// ArgumentTypeError naming `field`).
inline double as_double(py::handle x, const char* field) {
    if (PyFloat_CheckExact(x.ptr())) return PyFloat_AS_DOUBLE(x.ptr());  // the common case
    const DoubleArray a = as_double_array(x, field);
    if (a.size() != 1 || a.ndim() > 1) {
        throw ArgumentTypeError(
            describe(field, py::repr(x).cast<std::string>(), "expected one real number"));
    }
    return *a.data();
}

/// Throw InvalidArgument naming `field` (or `field[i]` for an array of several values) unless
/// every value is finite and >= 0: the check of recoil energies etc. under the Python argument
/// name, before the library (which names its own parameters) sees them.
inline void require_non_negative_values(std::span<const double> v, const char* field) {
    // One vectorised pass (an integer reduction: GCC does not vectorise a bool one); the loop
    // below names the first bad value.
    std::int64_t bad = 0;
    for (std::size_t i = 0; i < v.size(); ++i) bad |= (v[i] >= 0) & (v[i] - v[i] == 0.0) ? 0 : 1;
    for (std::size_t i = 0; bad != 0 && i < v.size(); ++i) {
        if (std::isfinite(v[i]) && v[i] >= 0) continue;
        const std::string f =
            v.size() == 1 ? std::string(field) : std::string(field) + "[" + std::to_string(i) + "]";
        throw InvalidArgument(
            describe(f, format_value(v[i]),
                     std::isfinite(v[i]) ? "must not be negative" : "must be a finite number"));
    }
}

/// True if `x` is a plain Python/NumPy scalar (the result is then returned as a float).
/// The half-life [s] the rate object carries (set from its source at construction; None: a
/// constant source).
inline double rate_half_life_s(py::handle rate_obj) {
    if (!py::hasattr(rate_obj, "half_life_s")) return 0.0;
    const py::object h = rate_obj.attr("half_life_s");
    if (h.is_none()) return 0.0;
    const double v = as_double(h, "half_life_s");
    require_non_negative("half_life_s", v);
    return v;
}

inline bool is_scalar(py::handle x) {
    return !py::isinstance<py::array>(x) && !py::isinstance<py::sequence>(x);
}

/// Apply `fn(span<const double> in, span<double> out)` with the GIL released; the result has the
/// shape of `x` (a float if `x` was a scalar).
template <class Fn>
py::object vectorize(py::handle x, const char* field, Fn&& fn) {
    DoubleArray in = as_double_array(x, field);
    std::vector<py::ssize_t> shape(in.shape(), in.shape() + in.ndim());
    py::array_t<double> out(shape);
    const std::size_t n = static_cast<std::size_t>(in.size());
    const double* src = in.data();
    double* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fn(std::span<const double>(src, n), std::span<double>(dst, n));
    }
    if (is_scalar(x)) return py::float_(dst[0]);
    return out;
}

/// events/(eV s) in natural units: dN/dT of the library divided by this is in events/(eV s).
inline constexpr double kEventsPerEvPerSecond = 1.0 / (units::eV * units::s);

/// dN/dT [events/(eV s)] of an EventRate or a MaterialRate at recoils `t` [eV] (a number or an
/// array; the result has its shape), one source component (`species`) or all (-1). eV is the
/// library's unit: the recoils go in without a copy.
template <class Rate>
py::object rate_differential(const Rate& r, py::handle t, int species) {
    static_assert(units::eV == 1.0);
    return vectorize(t, "t", [&r, species](std::span<const double> in, std::span<double> out) {
        require_non_negative_values(in, "t");
        r.differential(in, out, species);
        for (double& x : out) x /= kEventsPerEvPerSecond;
    });
}

/// A flavour matrix as a 3x3 complex128 NumPy array (row = first flavour index), times `scale`.
inline py::array_t<std::complex<double>> to_numpy(const Matrix3c& m, double scale = 1.0) {
    py::array_t<std::complex<double>> out({3, 3});
    auto r = out.mutable_unchecked<2>();
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) r(i, j) = m(i, j) * scale;
    return out;
}

/// A flavour matrix from Python: a number means that value on the diagonal; otherwise a 3x3
/// array-like of complex numbers. Each entry is multiplied by `scale` (unit conversion).
/// Hermiticity is not checked here: callers use the library's require_hermitian.
inline Matrix3c matrix_from_python(py::handle obj, const std::string& field, double scale = 1.0) {
    Matrix3c m;
    if (obj.is_none() || py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
        throw ArgumentTypeError(
            describe(field, py::repr(obj).cast<std::string>(), "expected a number or a 3x3 array"));
    }
    if (!py::isinstance<py::array>(obj) && !py::isinstance<py::sequence>(obj)) {
        std::complex<double> v;
        try {
            v = py::cast<std::complex<double>>(obj);
        } catch (const py::cast_error&) {
            throw ArgumentTypeError(describe(field, py::repr(obj).cast<std::string>(),
                                             "expected a number or a 3x3 array"));
        }
        return Matrix3c::diagonal(v * scale, v * scale, v * scale);
    }
    auto arr =
        py::array_t<std::complex<double>, py::array::c_style | py::array::forcecast>::ensure(obj);
    if (!arr) {
        PyErr_Clear();
        throw ArgumentTypeError(describe(field, py::repr(obj).cast<std::string>(),
                                         "expected a number or a 3x3 array of complex numbers"));
    }
    if (arr.ndim() == 0) {
        const std::complex<double> v = *arr.data();
        return Matrix3c::diagonal(v * scale, v * scale, v * scale);
    }
    if (arr.ndim() != 2 || arr.shape(0) != 3 || arr.shape(1) != 3) {
        std::string shape = "(";
        for (py::ssize_t k = 0; k < arr.ndim(); ++k)
            shape += (k ? ", " : "") + std::to_string(arr.shape(k));
        shape += arr.ndim() == 1 ? ",)" : ")";
        throw InvalidArgument(describe(field, "array of shape " + shape, "expected shape (3, 3)"));
    }
    auto r = arr.unchecked<2>();
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) m(i, j) = r(i, j) * scale;
    return m;
}

/// NeutrinoType from the Python keyword `antineutrino` (always an explicit bool).
inline NeutrinoType neutrino_type(bool antineutrino) {
    return antineutrino ? NeutrinoType::antineutrino : NeutrinoType::neutrino;
}

// One function per topic, called in this order by module.cpp.
void bind_errors(py::module_& m);
void bind_couplings(py::module_& m);
void bind_constants(py::module_& m);
void bind_oscillation(py::module_& m);
void bind_targets(py::module_& m);
void bind_xsec(py::module_& m);
void bind_sources(py::module_& m);
void bind_solar(py::module_& m);
void bind_rates(py::module_& m);
void bind_material(py::module_& m);  // bind_material.cpp
void bind_medium(py::module_& m);
void bind_config(py::module_& m);
void bind_stats(py::module_& m);     // bind_stats.cpp
void bind_mediator(py::module_& m);  // bind_mediator.cpp
void bind_response(py::module_& m);  // bind_response.cpp

}  // namespace cevas::python
