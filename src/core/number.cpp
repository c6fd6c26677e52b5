#include "cevas/core/number.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace cevas {
namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string_view trim_spaces(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

NumberScan scan_number(std::string_view s) {
    NumberScan r;
    std::size_t i = 0;
    const std::size_t n = s.size();
    bool negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
    }
    const std::size_t body = i;
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < n && digit(s[i])) ++i, ++int_digits;
    if (i < n && s[i] == '.') {
        std::size_t j = i + 1;
        while (j < n && digit(s[j])) ++j, ++frac_digits;
        if (int_digits > 0 || frac_digits > 0) i = j;
    }
    if (int_digits == 0 && frac_digits == 0) return r;  // not a number
    // Exponent only when complete ("1e" leaves "e" to the caller, e.g. a unit "eV").
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) ++j;
        const std::size_t d0 = j;
        while (j < n && digit(s[j])) ++j;
        if (j > d0) i = j;
    }
    r.length = i;
    double v = 0;
    const auto res = std::from_chars(s.data() + body, s.data() + i, v, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range) {
        // Over- or underflow: tell which by the exponent's sign.
        const std::string_view t = s.substr(body, i - body);
        const auto e = t.find_first_of("eE");
        const bool under = e != std::string_view::npos && e + 1 < t.size() && t[e + 1] == '-';
        r.error = under ? "number too small (underflows the double range; the smallest is "
                          "2.2250738585072014e-308)"
                        : "number out of the range of double (magnitude above 1.8e308)";
        return r;
    }
    if (res.ec != std::errc() || res.ptr != s.data() + i) {
        r.error = "not a number";
        return r;
    }
    if (v != 0 && std::abs(v) < std::numeric_limits<double>::min()) {
        r.error =
            "number too small (underflows the double range; the smallest is "
            "2.2250738585072014e-308)";
        return r;
    }
    r.value = negative ? -v : v;
    return r;
}

}  // namespace cevas
