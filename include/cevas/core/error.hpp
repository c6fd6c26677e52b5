#pragma once
/// @file
/// Exception hierarchy. Every message names the field, the value and the reason:
/// "<field> = <value>: <reason>". The library never prints; callers decide what the user sees.

#include <stdexcept>
#include <string>

namespace cevas {

/// Root of every error cevas throws.
class Exception : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

/// A value outside the domain the physics allows (negative energy, unknown flavour ...).
class InvalidArgument : public Exception {
 public:
    using Exception::Exception;
};

/// A value that is valid in principle but outside what a model or table covers.
class RangeError : public Exception {
 public:
    using Exception::Exception;
};

/// A data file that is missing, malformed or inconsistent.
class DataError : public Exception {
 public:
    using Exception::Exception;
};

/// A configuration file or option that is malformed, misspelt or inconsistent.
class ConfigError : public Exception {
 public:
    using Exception::Exception;
};

/// A numerical procedure that did not reach the requested accuracy.
class NumericalError : public Exception {
 public:
    using Exception::Exception;
};

/// Format a double the way messages show it (shortest round-trip form).
std::string format_value(double value);

/// Build "<field> = <value>: <reason>".
/// Control characters in any part are shown escaped as \xNN (a NUL would cut what() short).
std::string describe(const std::string& field, const std::string& value, const std::string& reason);

/// Throw InvalidArgument unless `value` is finite and > 0.
void require_positive(const char* field, double value);
/// Throw InvalidArgument unless `value` is finite and >= 0.
void require_non_negative(const char* field, double value);
/// Throw InvalidArgument unless `value` is finite.
void require_finite(const char* field, double value);

}  // namespace cevas
