// Error hierarchy and message format (core/error.hpp): "<field> = <value>: <reason>".
#include "cevas/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace cevas {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Error, HierarchyIsRootedInException) {
    EXPECT_THROW(throw InvalidArgument("x"), Exception);
    EXPECT_THROW(throw RangeError("x"), Exception);
    EXPECT_THROW(throw DataError("x"), Exception);
    EXPECT_THROW(throw ConfigError("x"), Exception);
    EXPECT_THROW(throw NumericalError("x"), Exception);
    EXPECT_THROW(throw Exception("x"), std::runtime_error);
}

TEST(Error, DescribeNamesFieldValueAndReason) {
    EXPECT_EQ(describe("e_nu", "-1", "must be positive"), "e_nu = -1: must be positive");
}

TEST(Error, FormatValue) {
    EXPECT_EQ(format_value(0.1), "0.1");
    EXPECT_EQ(format_value(-2.5), "-2.5");
    EXPECT_EQ(format_value(15000.0), "15000");
    EXPECT_EQ(format_value(kNaN), "nan");
    EXPECT_EQ(format_value(kInf), "inf");
    EXPECT_EQ(format_value(-kInf), "-inf");
}

// error.hpp promises the "shortest round-trip form": reading the text back must give the same
// double. Output headers (target mass, parameters) rely on it.
TEST(Error, FormatValueRoundTrips) {
    for (double v : {1.0 / 3.0, 0.1 + 0.2, 3728401325.8919086, 1.1663788e-23, 2.0 / 7.0 * 1e-300}) {
        const std::string text = format_value(v);
        EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << "format_value gave " << text;
    }
}

TEST(Error, RequirePositive) {
    EXPECT_NO_THROW(require_positive("x", 1e-300));
    for (double bad : {0.0, -1.0, -0.0, kNaN, kInf, -kInf}) {
        try {
            require_positive("e_nu", bad);
            ADD_FAILURE() << "no throw for " << bad;
        } catch (const InvalidArgument& e) {
            const std::string msg = e.what();
            EXPECT_EQ(msg.rfind("e_nu = ", 0), 0u) << msg;
            EXPECT_NE(msg.find(format_value(bad)), std::string::npos) << msg;
        }
    }
}

TEST(Error, RequireNonNegative) {
    EXPECT_NO_THROW(require_non_negative("t", 0.0));
    EXPECT_NO_THROW(require_non_negative("t", 5.0));
    for (double bad : {-1e-300, -1.0, kNaN, kInf}) {
        EXPECT_THROW(require_non_negative("t_recoil", bad), InvalidArgument) << bad;
    }
    try {
        require_non_negative("t_recoil", -2.0);
    } catch (const InvalidArgument& e) {
        EXPECT_STREQ(e.what(), "t_recoil = -2: must not be negative");
    }
}

TEST(Error, RequireFinite) {
    EXPECT_NO_THROW(require_finite("x", -1e300));
    EXPECT_THROW(require_finite("x", kNaN), InvalidArgument);
    EXPECT_THROW(require_finite("x", -kInf), InvalidArgument);
}

}  // namespace
}  // namespace cevas
