// Electron-capture and user-defined line sources.
#include "cevas/sources/lines.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {
namespace {

using namespace units;

constexpr double kSumTol = 1e-12;

TEST(ElectronCapture, BranchingsSumToOneAndRatesScale) {
    for (auto iso : {ElectronCaptureIsotope::cr51, ElectronCaptureIsotope::ar37}) {
        const auto lines = electron_capture_lines(iso);
        double sum = 0;
        for (const auto& l : lines) {
            EXPECT_GT(l.energy, 0.0);
            EXPECT_GT(l.branching, 0.0);
            EXPECT_FALSE(l.label.empty());
            sum += l.branching;
        }
        EXPECT_NEAR(sum, 1.0, kSumTol) << to_string(iso);

        const double activity = 3.414 * MCi;
        const Source s = electron_capture_source(iso, activity);
        ASSERT_EQ(s.components().size(), lines.size());
        EXPECT_NEAR(s.total_rate(), activity, kSumTol * activity);
        EXPECT_NEAR(s.rate(Flavor::e, NeutrinoType::neutrino), activity, kSumTol * activity);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& c = s.components()[i];
            ASSERT_TRUE(c.is_line());
            EXPECT_EQ(c.flavor, Flavor::e);
            EXPECT_EQ(c.type, NeutrinoType::neutrino);
            EXPECT_EQ(c.line().energy, lines[i].energy);
            EXPECT_DOUBLE_EQ(c.rate, activity * lines[i].branching);
        }
    }
}

TEST(ElectronCapture, PublicLineEnergies) {
    // GALLEX/SAGE/BEST quote 51Cr lines at 747, 752, 427, 432 keV and 37Ar at 811, 813 keV.
    constexpr double kKeVTol = 1.0;
    const auto cr = electron_capture_lines(ElectronCaptureIsotope::cr51);
    ASSERT_EQ(cr.size(), 4u);
    EXPECT_NEAR(cr[0].energy / keV, 747, kKeVTol);
    EXPECT_NEAR(cr[1].energy / keV, 752, kKeVTol);
    EXPECT_NEAR(cr[2].energy / keV, 427, kKeVTol);
    EXPECT_NEAR(cr[3].energy / keV, 432, kKeVTol);
    EXPECT_GT(cr[0].branching, 0.8);  // K capture to the ground state dominates
    const auto ar = electron_capture_lines(ElectronCaptureIsotope::ar37);
    ASSERT_EQ(ar.size(), 2u);
    EXPECT_NEAR(ar[0].energy / keV, 811, kKeVTol);
    EXPECT_NEAR(ar[1].energy / keV, 813.6, kKeVTol);
    EXPECT_GT(ar[0].branching, 0.9);  // K capture dominates
}

TEST(ElectronCapture, NamesParse) {
    EXPECT_EQ(parse_electron_capture_isotope("51Cr"), ElectronCaptureIsotope::cr51);
    EXPECT_EQ(parse_electron_capture_isotope("Cr51"), ElectronCaptureIsotope::cr51);
    EXPECT_EQ(parse_electron_capture_isotope("37Ar"), ElectronCaptureIsotope::ar37);
    EXPECT_EQ(parse_electron_capture_isotope(to_string(ElectronCaptureIsotope::ar37)),
              ElectronCaptureIsotope::ar37);
    EXPECT_THROW(parse_electron_capture_isotope("Fe55"), InvalidArgument);
}

TEST(ElectronCapture, RejectsBadActivity) {
    EXPECT_THROW(electron_capture_source(ElectronCaptureIsotope::cr51, 0.0), InvalidArgument);
    EXPECT_THROW(electron_capture_source(ElectronCaptureIsotope::cr51, -1 * Ci), InvalidArgument);
    EXPECT_THROW(electron_capture_source(ElectronCaptureIsotope::ar37, std::nan("")),
                 InvalidArgument);
}

TEST(LineSource, BuildsOneLine) {
    const Source s = line_source({.name = "my line",
                                  .energy = 1.5 * MeV,
                                  .flavor = Flavor::tau,
                                  .type = NeutrinoType::antineutrino,
                                  .rate = 1e10 * Bq});
    ASSERT_EQ(s.components().size(), 1u);
    EXPECT_EQ(s.name(), "my line");
    EXPECT_EQ(s.components()[0].line().energy, 1.5 * MeV);
    EXPECT_EQ(s.rate(Flavor::tau, NeutrinoType::antineutrino), 1e10 * Bq);
    EXPECT_EQ(s.max_energy(), 1.5 * MeV);
}

TEST(LineSource, RequiresExplicitFlavourTypeAndPositiveValues) {
    LineSourceParameters p{
        .energy = 1 * MeV, .flavor = Flavor::e, .type = NeutrinoType::neutrino, .rate = 1 * Bq};
    EXPECT_NO_THROW(line_source(p));
    auto q = p;
    q.flavor.reset();
    EXPECT_THROW(line_source(q), InvalidArgument);
    q = p;
    q.type.reset();
    EXPECT_THROW(line_source(q), InvalidArgument);
    q = p;
    q.energy = 0;
    EXPECT_THROW(line_source(q), InvalidArgument);
    q = p;
    q.rate = -1;
    EXPECT_THROW(line_source(q), InvalidArgument);
    q = p;
    q.energy = INFINITY;
    try {
        line_source(q);
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()).rfind("energy = inf", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace cevas
