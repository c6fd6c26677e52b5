// Exact templates on a composite target (issue 13 item 1): the stats module polarises
// rates-layer evaluations, so a compound's templates must reproduce a direct recomputation of
// its counts, and equal the sum of its isotopes' templates.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/geometry.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/stats/templates.hpp"
#include "cevas/targets/material.hpp"

using namespace cevas;

namespace {

constexpr double kTemplateTolerance = 1e-10;  // issue 8: templates vs direct, relative

// 1 MCi tritium 1 m from 1e27 formula units of LiF (7Li and 19F carry spin), 8 bins.
Experiment lif_experiment(const Material& m) {
    Experiment ex{m.components.front().target,
                  tritium_source_from_activity(1 * units::MCi),
                  point_geometry(1 * units::m),
                  1e27,
                  {},
                  {},
                  {}};
    ex.material = m;
    ex.detector.exposure = 1 * units::year;
    ex.detector.threshold = 1e-3;
    ex.detector.binning = Binning::linear(1e-3, 0.08, 8);
    return ex;
}

FitParameter nsi(const char* name, NsiLevels NsiParameters::*structure, Matrix3c NsiLevels::*level,
                 double scale) {
    FitParameter p;
    p.name = name;
    p.scale = scale;
    p.apply = [=](Parameters& q, double v) { (q.nsi.*structure.*level)(0, 0) = v; };
    return p;
}

}  // namespace

TEST(MaterialTemplates, CompoundTemplatesMatchDirectRecomputation) {
    const Material lif = make_material("LiF");
    const Experiment ex = lif_experiment(lif);
    const std::vector<FitParameter> ps = {
        nsi("nucleus.ee", &NsiParameters::vector, &NsiLevels::nucleus, 0.5),
        nsi("axial.p.ee", &NsiParameters::axial, &NsiLevels::p, 0.5)};
    const Templates t = build_templates(ex, Parameters{}, ps, 0, 2);
    for (const std::vector<double>& theta :
         std::vector<std::vector<double>>{{0.3, -0.2}, {-0.45, 0.4}}) {
        Parameters q;
        for (std::size_t i = 0; i < ps.size(); ++i) ps[i].apply(q, theta[i]);
        const BinnedCounts direct = expected_counts(ex, q);
        const std::vector<double> tpl = t.signal_counts(theta);
        ASSERT_EQ(tpl.size(), 8u);
        for (std::size_t b = 0; b < tpl.size(); ++b) {
            EXPECT_GT(direct.signal[b], 0);
            EXPECT_NEAR(tpl[b], direct.signal[b], kTemplateTolerance * direct.signal[b]) << b;
        }
    }
    // The compound's templates are the sum of its isotopes' (each with its own atom count);
    // the vector NSI only, which every isotope feels (6Li has no tabulated spin).
    const std::vector<FitParameter> pv = {ps[0]};
    const Templates tv = build_templates(ex, Parameters{}, pv, 0, 2);
    std::vector<double> sum(tv.signal.size(), 0.0);
    for (const MaterialComponent& c : lif.components) {
        Experiment one = lif_experiment(lif);
        one.target = c.target;
        one.material = Material{};
        one.n_atoms = 1e27 * c.atoms_per_unit;
        const Templates ti = build_templates(one, Parameters{}, pv, 0, 2);
        for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += ti.signal[k];
    }
    for (std::size_t k = 0; k < sum.size(); ++k)
        EXPECT_NEAR(tv.signal[k], sum[k], kTemplateTolerance * std::abs(sum[k]) + 1e-300) << k;
}
