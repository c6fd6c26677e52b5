// The stats templates go through the rates layer (issue 13 item 2): a detector response
// (quenching, keVee bins, observed efficiency) and a timing window reach the templates.
#include <gtest/gtest.h>

#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/stats/templates.hpp"

using namespace cevas;

namespace {

TEST(ResponseTemplates, TemplatesPickUpTheDetectorResponseAndTiming) {
    PionDecayAtRestParameters p;
    p.proton_rate = 1e16 / units::s;
    p.pions_per_proton = 0.09;
    Experiment ex{make_target("Ar40"),
                  pion_decay_at_rest_source(p),
                  point_geometry(20 * units::m),
                  1e27,
                  Detector{},
                  {},
                  RateOptions{}};
    ex.options.oscillations = false;
    ex.detector.exposure = units::year;
    ex.detector.binning = Binning::linear(2 * units::keV, 40 * units::keV, 19);
    const std::vector<double> plain = build_templates(ex, Parameters{}, {}).signal_counts({});
    ex.response.observable = Observable::ee;
    ex.response.quenching.model = QuenchingModel::polynomial;
    ex.response.quenching.coefficients = {0.246, 7.8e-4};
    ex.response.quenching.range_max = 125 * units::keV;
    ex.response.efficiency_observed.table = {1.0, {2 * units::keV, 6 * units::keV}, {0.2, 0.9}};
    ex.timing = {true, -1000, 5000, PulseShape::gaussian, 360};
    const std::vector<double> tpl = build_templates(ex, Parameters{}, {}).signal_counts({});
    const auto direct = run_experiment(ex, {Scenario{"sm", "sm", Parameters{}}});
    ASSERT_EQ(tpl.size(), direct.front().counts.signal.size());
    double sum_tpl = 0, sum_plain = 0;
    for (std::size_t b = 0; b < tpl.size(); ++b) {
        EXPECT_NEAR(tpl[b], direct.front().counts.signal[b],
                    1e-12 * direct.front().counts.total_signal);
        sum_tpl += tpl[b];
        sum_plain += plain[b];
    }
    // keVee bins hold recoils ~3.5x higher: far fewer events than the same keVnr bins.
    EXPECT_LT(sum_tpl, 0.8 * sum_plain);
}

}  // namespace
