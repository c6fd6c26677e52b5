// The one number grammar (issue 11: "0x10" and "0x1p3" were accepted by --nsi, a leading
// space was accepted and a trailing one not, "1e-400i" underflowed silently while
// "--enu 1e-400eV" was refused). Every front end must give the same verdict on the same text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/number.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/sources/tabulated.hpp"

namespace {

using cevas::scan_number;

TEST(NumberGrammar, AcceptsDecimalForms) {
    const std::pair<const char*, double> ok[] = {
        {"1", 1},       {"+1", 1},         {"-1", -1},
        {"1.", 1},      {".5", 0.5},       {"1.5e3", 1500},
        {"1E-3", 1e-3}, {"-2.5e+2", -250}, {"0", 0},
        {"-0", 0},      {"1e308", 1e308},  {"2.2250738585072014e-308", 2.2250738585072014e-308},
        {"0e-999", 0}};
    for (const auto& [text, value] : ok) {
        const auto r = scan_number(text);
        EXPECT_EQ(r.length, std::string(text).size()) << text;
        EXPECT_TRUE(r.error.empty()) << text << ": " << r.error;
        EXPECT_EQ(r.value, value) << text;
    }
}

TEST(NumberGrammar, PrefixLeavesTheRest) {
    EXPECT_EQ(scan_number("15keV").length, 2u);
    EXPECT_EQ(scan_number("1eV").length, 1u);    // "e" starts the unit, not an exponent
    EXPECT_EQ(scan_number("1e3eV").length, 3u);  // a complete exponent, then the unit
    EXPECT_EQ(scan_number("0x10").length, 1u);   // "x10" is left over: never hexadecimal
    EXPECT_EQ(scan_number("0.1-0.05i").length, 3u);
}

TEST(NumberGrammar, RefusesWhatIsNotANumberOrOutOfRange) {
    for (const char* t : {"", "+", "-", ".", "e5", "inf", "nan", "-inf", "x", " 1"})
        EXPECT_EQ(scan_number(t).length, 0u) << "'" << t << "'";
    for (const char* t : {"1e309", "-1e400", "1e-400", "1e-320", "4.9e-324"}) {
        const auto r = scan_number(t);
        EXPECT_GT(r.length, 0u) << t;
        EXPECT_FALSE(r.error.empty()) << t;
    }
}

// The same text, the same verdict, in every parser of the tool.
bool quantity_ok(const std::string& t) {
    try {
        cevas::parse_number(t, "x");
        return true;
    } catch (const cevas::InvalidArgument&) {
        return false;
    }
}
bool complex_ok(const std::string& t) {
    try {
        cevas::parse_complex(t, "x");
        return true;
    } catch (const cevas::InvalidArgument&) {
        return false;
    }
}
bool table_ok(const std::string& t) {
    std::istringstream in("# energy_unit = keV\n# spectrum_unit = per_keV\n1 " + t + "\n2 1\n");
    try {
        cevas::parse_spectrum_table(in, "t");
        return true;
    } catch (const cevas::DataError&) {
        return false;
    }
}

TEST(NumberGrammar, EveryFrontEndAgrees) {
    // Values >= 0 so that the table (which refuses negative dN/dE) can take them all.
    for (const char* t : {"0x10", "0x1p3", "1e-400", "1e-320", "1e400", "inf", "nan", "1,5",
                          "1_000", "0b1", "1.5.5", "--1", "+-1", "1e", "1e+", "abc"}) {
        EXPECT_FALSE(quantity_ok(t)) << t;
        EXPECT_FALSE(complex_ok(t)) << t;
        EXPECT_FALSE(table_ok(t)) << t;
    }
    for (const char* t : {"16", "0.5", "1e-300", "+3", ".25", "7."}) {
        EXPECT_TRUE(quantity_ok(t)) << t;
        EXPECT_TRUE(complex_ok(t)) << t;
        EXPECT_TRUE(table_ok(t)) << t;
    }
    // Spaces at either end are trimmed alike (a table splits on them anyway).
    for (const char* t : {" 1", "1 ", " 1 ", "\t1"}) {
        EXPECT_TRUE(quantity_ok(t)) << "'" << t << "'";
        EXPECT_TRUE(complex_ok(t)) << "'" << t << "'";
    }
    // Complex parts follow the same rules.
    for (const char* t : {"1e-400i", "0x10i", "1+0x1i", "1-1e-400i", "1+infi", "1+ 2i"})
        EXPECT_FALSE(complex_ok(t)) << t;
    EXPECT_EQ(cevas::parse_complex(" 0.1-0.05i ", "x"), cevas::complex(0.1, -0.05));
    EXPECT_EQ(cevas::parse_complex("-i", "x"), cevas::complex(0, -1));
    EXPECT_EQ(cevas::parse_complex("2-i", "x"), cevas::complex(2, -1));
}

}  // namespace
