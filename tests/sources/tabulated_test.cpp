// Tabulated spectra: in-memory tables, and files with a units header (good and bad cases).
#include "cevas/sources/tabulated.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

using namespace units;

constexpr double kExactTol = 1e-14;  // piecewise-linear algebra (relative)

/// A temporary file removed at the end of the test.
class TempFile {
 public:
    explicit TempFile(const std::string& content) {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("cevas_sources_test_" + std::to_string(::getpid()) + "_" +
                  std::to_string(counter++) + ".txt"))
                    .string();
        std::ofstream(path_) << content;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

 private:
    std::string path_;
};

/// Expect DataError whose message contains `needle` (e.g. "file:7: energy").
void expect_data_error(const std::string& content, const std::string& needle) {
    TempFile f(content);
    try {
        read_spectrum_file(f.path());
        ADD_FAILURE() << "no DataError for:\n" << content;
    } catch (const DataError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(f.path()), std::string::npos) << msg;
        EXPECT_NE(msg.find(needle), std::string::npos) << "'" << needle << "' not in: " << msg;
    }
}

const std::string kHeader = "# energy_unit = keV\n# spectrum_unit = per_MeV\n";

TEST(TabulatedSpectrum, TriangleIsNormalisedAndInterpolatedLinearly) {
    // Triangle 0 -> 2 -> 0 on [0, 2] keV: area 2 keV, so the peak density is 1 / keV.
    const TabulatedSpectrum s({0, 1 * keV, 2 * keV}, {0, 2, 0});
    EXPECT_NEAR(s.input_integral(), 2 * keV, kExactTol * keV);
    EXPECT_NEAR(s.density(1 * keV), 1 / keV, kExactTol / keV);
    EXPECT_NEAR(s.density(0.25 * keV), 0.25 / keV, kExactTol / keV);
    EXPECT_NEAR(s.density(1.5 * keV), 0.5 / keV, kExactTol / keV);
    EXPECT_EQ(s.density(2 * keV), 0.0);
    EXPECT_EQ(s.density(2.0001 * keV), 0.0);
    EXPECT_EQ(s.break_points().size(), 3u);
}

TEST(TabulatedSpectrum, RejectsInvalidTables) {
    EXPECT_THROW(TabulatedSpectrum({1.0}, {1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({1.0, 2.0}, {1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({2.0, 1.0}, {1.0, 1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({1.0, 1.0}, {1.0, 1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({-1.0, 1.0}, {1.0, 1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({1.0, 2.0}, {1.0, -1.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({1.0, 2.0}, {0.0, 0.0}), InvalidArgument);
    EXPECT_THROW(TabulatedSpectrum({1.0, 2.0}, {1.0, std::nan("")}), InvalidArgument);
}

TEST(SpectrumFile, ReadsAGoodFile) {
    TempFile f(
        "# provenance: a test spectrum\n"
        "# energy_unit = keV\n"
        "# spectrum_unit = per_MeV\n"
        "# flavor = mu\n"
        "# type = antineutrino\n"
        "# source = made up for a unit test\n"
        "\n"
        "100   0\n"
        "200,  4000\n"
        "  300 , 0   \n"
        "# trailing comment\n");
    const SpectrumFile sf = read_spectrum_file(f.path());
    EXPECT_EQ(sf.energy_unit, "keV");
    EXPECT_EQ(sf.spectrum_unit, "per_MeV");
    ASSERT_TRUE(sf.flavor.has_value());
    EXPECT_EQ(*sf.flavor, Flavor::mu);
    ASSERT_TRUE(sf.type.has_value());
    EXPECT_EQ(*sf.type, NeutrinoType::antineutrino);
    // Triangle of height 4000 per MeV over 200 keV: 4000 * 0.2 MeV / 2 = 400 neutrinos.
    ASSERT_TRUE(sf.counts.has_value());
    EXPECT_NEAR(*sf.counts, 400.0, 400.0 * kExactTol);
    EXPECT_EQ(sf.spectrum->e_min(), 100 * keV);
    EXPECT_EQ(sf.spectrum->e_max(), 300 * keV);
    EXPECT_NEAR(sf.spectrum->density(200 * keV), 1.0 / (100 * keV), kExactTol / (100 * keV));
    bool has_source = false;
    for (const auto& [k, v] : sf.header) has_source = has_source || (k == "source" && !v.empty());
    EXPECT_TRUE(has_source);
}

TEST(SpectrumFile, UnitsConvert) {
    // The same spectrum in eV and in MeV gives the same density at the same energy.
    TempFile ev("# energy_unit = eV\n# spectrum_unit = per_eV\n1e6 1\n2e6 3\n4e6 0\n");
    TempFile mev("# energy_unit = MeV\n# spectrum_unit = arbitrary\n1 10\n2 30\n4 0\n");
    const auto a = read_spectrum_file(ev.path());
    const auto b = read_spectrum_file(mev.path());
    for (double e : {1.0, 1.5, 2.0, 3.7}) {
        EXPECT_NEAR(a.spectrum->density(e * MeV), b.spectrum->density(e * MeV),
                    kExactTol * a.spectrum->density(e * MeV));
    }
    EXPECT_FALSE(b.counts.has_value());  // arbitrary scale
    ASSERT_TRUE(a.counts.has_value());
    EXPECT_NEAR(*a.counts, 0.5 * (1 + 3) * 1e6 + 0.5 * 3 * 2e6, 1e-8);
}

TEST(SpectrumFile, TabulatedSourceTakesFlavourFromFileOrCaller) {
    TempFile with(kHeader + "# flavor = e\n# type = neutrino\n1 1\n2 1\n");
    TempFile without(kHeader + "1 1\n2 1\n");
    const Source s = tabulated_source({.path = with.path(), .rate = 5 * Bq});
    EXPECT_EQ(s.rate(Flavor::e, NeutrinoType::neutrino), 5 * Bq);
    const Source t = tabulated_source({.path = without.path(),
                                       .rate = 5 * Bq,
                                       .flavor = Flavor::tau,
                                       .type = NeutrinoType::antineutrino,
                                       .name = "custom"});
    EXPECT_EQ(t.name(), "custom");
    EXPECT_EQ(t.rate(Flavor::tau, NeutrinoType::antineutrino), 5 * Bq);
    // Missing in both places, or contradicting the file: errors.
    EXPECT_THROW(tabulated_source({.path = without.path(), .rate = 5 * Bq}), InvalidArgument);
    EXPECT_THROW(tabulated_source({.path = without.path(), .rate = 5 * Bq, .flavor = Flavor::e}),
                 InvalidArgument);
    EXPECT_THROW(tabulated_source({.path = with.path(), .rate = 5 * Bq, .flavor = Flavor::mu}),
                 InvalidArgument);
    EXPECT_THROW(tabulated_source({.path = with.path(), .rate = 0}), InvalidArgument);
    EXPECT_THROW(tabulated_source({.path = "/nonexistent/cevas/spectrum.txt",
                                   .rate = 1 * Bq,
                                   .flavor = Flavor::e,
                                   .type = NeutrinoType::neutrino}),
                 DataError);
}

TEST(SpectrumFile, BadFiles) {
    expect_data_error("# spectrum_unit = per_MeV\n1 1\n2 1\n", ":2: energy_unit = (missing)");
    expect_data_error("# energy_unit = keV\n\n1 1\n2 1\n", ":3: spectrum_unit = (missing)");
    expect_data_error("# energy_unit = furlong\n", ":1: energy_unit = 'furlong'");
    expect_data_error("# energy_unit = keV\n# spectrum_unit = per_fortnight\n",
                      ":2: spectrum_unit = 'per_fortnight'");
    expect_data_error(kHeader + "# energy_unit = MeV\n1 1\n2 1\n", ":3: energy_unit = 'MeV'");
    expect_data_error(kHeader + "1 1\n3 1\n2 1\n", ":5: energy = 2");
    expect_data_error(kHeader + "1 1\n1 1\n", ":4: energy = 1");
    expect_data_error(kHeader + "1 1\n2 -0.5\n", ":4: dN/dE = -0.5");
    expect_data_error(kHeader + "-1 1\n2 1\n", ":3: energy = -1");
    expect_data_error(kHeader + "1 1\n", ":3: rows = 1");
    expect_data_error(kHeader, "rows = 0");
    expect_data_error(kHeader + "1 1\n2 abc\n", ":4: dN/dE = 'abc'");
    expect_data_error(kHeader + "1x 1\n2 1\n", ":3: energy = '1x'");
    expect_data_error(kHeader + "1 1\n2 nan\n", ":4: dN/dE = 'nan'");
    expect_data_error(kHeader + "1 1 7\n2 1\n", ":3: columns = 3");
    expect_data_error(kHeader + "1\n2 1\n", ":3: columns = 1");
    expect_data_error(kHeader + "1 0\n2 0\n", ":4: dN/dE = 0 everywhere");
    expect_data_error(kHeader + "# flavor = sterile\n1 1\n2 1\n", ":3: flavor = 'sterile'");
    expect_data_error(kHeader + "# type = photon\n1 1\n2 1\n", ":3: type = 'photon'");
    try {
        read_spectrum_file("/nonexistent/cevas/spectrum.txt");
        FAIL();
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/cevas/spectrum.txt"), std::string::npos);
    }
}

TEST(SpectrumFile, ParsesFromAStream) {
    std::istringstream in(kHeader + "0 0\n10 1\n");
    const SpectrumFile f = parse_spectrum_table(in, "inline");
    EXPECT_EQ(f.spectrum->e_max(), 10 * keV);
    std::istringstream bad(kHeader + "0 0\n10 x\n");
    try {
        parse_spectrum_table(bad, "inline");
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("inline:4: dN/dE = 'x'", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace cevas

// Issue 11: a spectrum table larger than the cap (or endless) is refused, not read forever.
TEST(SpectrumFile, SizeAndLineCaps) {
    const std::string head = "# energy_unit = keV\n# spectrum_unit = per_keV\n";
    std::istringstream long_line(head + "1 " + std::string(cevas::kMaxTableLineBytes, '1') + "\n");
    try {
        cevas::parse_spectrum_table(long_line, "t.txt");
        FAIL() << "no error";
    } catch (const cevas::DataError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("t.txt:3: line = ", 0), 0u) << e.what();
    }
    std::string big = head;
    while (big.size() <= cevas::kMaxTableFileBytes)
        big += "# padding " + std::string(100, 'x') + "\n";
    std::istringstream huge(big);
    try {
        cevas::parse_spectrum_table(huge, "t.txt");
        FAIL() << "no error";
    } catch (const cevas::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("larger than the cap"), std::string::npos) << e.what();
    }
}
