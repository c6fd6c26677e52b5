#include "cevas/core/error.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cevas {

std::string format_value(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    // Shortest of 15, 16, 17 significant digits that reads back as the same double.
    char buf[64];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    return buf;
}

namespace {
// Control characters shown as \xNN: a NUL would cut what() short (the reason and the file:line
// were lost), a newline would break the one-line error.
std::string escape_controls(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}
}  // namespace

std::string describe(const std::string& field, const std::string& value,
                     const std::string& reason) {
    return escape_controls(field) + " = " + escape_controls(value) + ": " + escape_controls(reason);
}

void require_finite(const char* field, double value) {
    if (!std::isfinite(value)) {
        throw InvalidArgument(describe(field, format_value(value), "must be a finite number"));
    }
}

void require_positive(const char* field, double value) {
    require_finite(field, value);
    if (!(value > 0)) {
        throw InvalidArgument(describe(field, format_value(value), "must be positive"));
    }
}

void require_non_negative(const char* field, double value) {
    require_finite(field, value);
    if (value < 0) {
        throw InvalidArgument(describe(field, format_value(value), "must not be negative"));
    }
}

}  // namespace cevas
