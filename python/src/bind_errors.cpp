/// @file
/// The cevas::Exception hierarchy as Python exceptions:
///   cevas.Error            <- cevas::Exception (root)
///   cevas.InvalidArgument  <- cevas::InvalidArgument (also a ValueError)
///   cevas.ArgumentTypeError <- python::ArgumentTypeError (an InvalidArgument, also a TypeError)
///   cevas.RangeError       <- cevas::RangeError      (also a ValueError)
///   cevas.DataError        <- cevas::DataError
///   cevas.ConfigError      <- cevas::ConfigError
///   cevas.NumericalError   <- cevas::NumericalError  (also an ArithmeticError)
/// The message is the library's "field = value: reason", unchanged.

#include "common.hpp"

namespace cevas::python {

namespace {

// Exception types created once at import; a translator is a plain function pointer, so the
// types live in function-local statics (the standard pybind11 pattern).
struct ErrorTypes {
    PyObject* error = nullptr;
    PyObject* invalid_argument = nullptr;
    PyObject* range_error = nullptr;
    PyObject* data_error = nullptr;
    PyObject* config_error = nullptr;
    PyObject* numerical_error = nullptr;
    PyObject* argument_type_error = nullptr;
};

ErrorTypes& error_types() {
    static ErrorTypes types;
    return types;
}

PyObject* new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
    const std::string qualified = std::string("cevas.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
    if (type == nullptr) throw py::error_already_set();
    m.add_object(name, py::handle(type));  // the module keeps a reference; so does the static
    Py_INCREF(type);
    return type;
}

void translate(std::exception_ptr p) {
    const ErrorTypes& t = error_types();
    try {
        if (p) std::rethrow_exception(p);
    } catch (const ArgumentTypeError& e) {
        PyErr_SetString(t.argument_type_error, e.what());
    } catch (const InvalidArgument& e) {
        PyErr_SetString(t.invalid_argument, e.what());
    } catch (const RangeError& e) {
        PyErr_SetString(t.range_error, e.what());
    } catch (const DataError& e) {
        PyErr_SetString(t.data_error, e.what());
    } catch (const ConfigError& e) {
        PyErr_SetString(t.config_error, e.what());
    } catch (const NumericalError& e) {
        PyErr_SetString(t.numerical_error, e.what());
    } catch (const Exception& e) {
        PyErr_SetString(t.error, e.what());
    }
}

}  // namespace

void bind_errors(py::module_& m) {
    ErrorTypes& t = error_types();
    const py::handle exc(PyExc_Exception), value_error(PyExc_ValueError),
        arithmetic_error(PyExc_ArithmeticError);
    t.error = new_exception(m, "Error", py::make_tuple(exc), "Root of every error cevas raises.");
    const py::handle error(t.error);
    t.invalid_argument =
        new_exception(m, "InvalidArgument", py::make_tuple(error, value_error),
                      "A value outside the domain the physics allows (also a ValueError).");
    t.range_error =
        new_exception(m, "RangeError", py::make_tuple(error, value_error),
                      "A valid value outside what a model or table covers (also a ValueError).");
    t.data_error = new_exception(m, "DataError", py::make_tuple(error),
                                 "A data file that is missing, malformed or inconsistent.");
    t.config_error = new_exception(m, "ConfigError", py::make_tuple(error),
                                   "A configuration that is malformed, misspelt or inconsistent.");
    t.numerical_error = new_exception(m, "NumericalError", py::make_tuple(error, arithmetic_error),
                                      "A numerical procedure that did not reach the requested "
                                      "accuracy (also an ArithmeticError).");
    t.argument_type_error =
        new_exception(m, "ArgumentTypeError",
                      py::make_tuple(py::handle(t.invalid_argument), py::handle(PyExc_TypeError)),
                      "An argument of the wrong type: None, a string, a complex number (also an "
                      "InvalidArgument and a TypeError).");
    py::register_exception_translator(&translate);
}

}  // namespace cevas::python
