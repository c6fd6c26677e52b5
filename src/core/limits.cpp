#include "cevas/core/limits.hpp"

#include <cmath>
#include <cstdio>

#include "cevas/core/error.hpp"

namespace cevas {

bool in_range(double v, const Range& r) {
    if (!std::isfinite(v)) return false;
    if (v == 0 && r.zero_ok) return true;
    const double x = r.symmetric ? std::abs(v) : v;
    return x >= r.lo && x <= r.hi;
}

std::string describe_range(const Range& r) {
    const auto show = [&](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v / r.scale);
        std::string s = buf;
        if (!r.unit.empty()) s += (r.unit.front() == '/' ? "" : " ") + std::string(r.unit);
        return s;
    };
    if (r.symmetric) return "|x| <= " + show(r.hi);
    std::string s = (r.zero_ok && r.lo > 0 ? "0 or " : "") + show(r.lo) + " .. " + show(r.hi);
    return s;
}

void require_in_range(const std::string& field, double v, const Range& r) {
    if (in_range(v, r)) return;
    const std::string shown = format_value(std::isfinite(v) ? v / r.scale : v) +
                              (r.unit.empty() || !std::isfinite(v)
                                   ? ""
                                   : (r.unit.front() == '/' ? "" : " ") + std::string(r.unit));
    if (!std::isfinite(v)) throw InvalidArgument(describe(field, shown, "not a finite number"));
    throw InvalidArgument(describe(
        field, shown, "outside the accepted range " + describe_range(r) + " (docs/limits.md)"));
}

}  // namespace cevas
