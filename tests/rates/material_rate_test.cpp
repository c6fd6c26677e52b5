// Composite targets in the rates layer (issue 13 item 1): a natural element is the
// abundance-weighted sum of its isotopes, a compound the sum over its atoms, a single isotope
// exactly its EventRate; the superfluid-helium medium needs pure He4.
#include "cevas/rates/material_rate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/tritium.hpp"

using namespace cevas;

namespace {

constexpr double kSumTolerance = 1e-12;  // the same sums in another order: rounding only

Experiment experiment_of(const Material& m, double n_units, const Source& src,
                         const Detector& det) {
    Experiment ex{
        m.components.front().target, src, point_geometry(20 * units::m), n_units, det, {}, {}};
    ex.material = m;
    return ex;
}

Detector kev_detector() {
    Detector det;
    det.exposure = 1 * units::year;
    det.threshold = 5 * units::keV;
    det.binning = Binning::linear(5 * units::keV, 60 * units::keV, 11);
    return det;
}

Source snS() {
    PionDecayAtRestParameters p;
    p.proton_rate = 1e16 / units::s;
    p.pions_per_proton = 0.08;
    return pion_decay_at_rest_source(p);
}

}  // namespace

TEST(MaterialRate, NaturalArgonIsTheAbundanceWeightedSumOfItsIsotopes) {
    // Published atom percent (NIST SRD 144): Ar36 0.3365, Ar38 0.0632, Ar40 99.6003 (sum 100).
    const double pct[] = {0.3365, 0.0632, 99.6003};
    const char* iso[] = {"Ar36", "Ar38", "Ar40"};
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry geo = point_geometry(1 * units::m);
    const double n = 1e25;  // atoms of natural argon
    const MaterialRate ar(make_material("Ar"), Parameters{}, src, geo, n);
    ASSERT_EQ(ar.n_isotopes(), 3u);
    std::vector<double> t{1e-3, 3e-3, 1e-2, 1.5e-2};  // T_max(Ar40) = 0.0186 eV
    std::vector<double> got(t.size()), sum(t.size(), 0.0), v(t.size());
    ar.differential(t, got);
    for (int i = 0; i < 3; ++i) {
        const CrossSection xs(make_target(iso[i]), Parameters{});
        const EventRate r(xs, src, geo, n * pct[i] / 100.0);
        r.differential(t, v);
        for (std::size_t k = 0; k < t.size(); ++k) sum[k] += v[k];
    }
    for (std::size_t k = 0; k < t.size(); ++k) {
        EXPECT_GT(got[k], 0);
        EXPECT_NEAR(got[k], sum[k], kSumTolerance * sum[k]) << t[k];
    }
}

TEST(MaterialRate, CompoundIsTheSumOverItsAtoms) {
    // CsI with pion-DAR neutrinos: Cs133 + I127, one each per formula unit.
    const Source src = snS();
    const FluxGeometry geo = point_geometry(20 * units::m);
    const Detector det = kev_detector();
    const double units_ = 3e25;
    const MaterialRate csi(make_material("CsI"), Parameters{}, src, geo, units_);
    std::vector<double> t{2e3, 1e4, 3e4};
    std::vector<double> got(3), a(3), b(3);
    csi.differential(t, got);
    const CrossSection xcs(make_target("Cs133"), Parameters{}),
        xi(make_target("I127"), Parameters{});
    const EventRate rcs(xcs, src, geo, units_), ri(xi, src, geo, units_);
    rcs.differential(t, a);
    ri.differential(t, b);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], a[k] + b[k], kSumTolerance * got[k]);
    // Per species as well.
    csi.differential(t, got, 1);
    rcs.differential(t, a, 1);
    ri.differential(t, b, 1);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], a[k] + b[k], kSumTolerance * got[k]);
    // Binned counts: the signal sums, the background is counted once.
    Detector d = det;
    d.background.constant = 1e-3 / (units::eV * units::s);
    const BinnedCounts c = csi.bin(d), ccs = bin_counts(rcs, d), ci = bin_counts(ri, d);
    ASSERT_EQ(c.signal.size(), 11u);
    for (std::size_t i = 0; i < c.signal.size(); ++i) {
        EXPECT_NEAR(c.signal[i], ccs.signal[i] + ci.signal[i], kSumTolerance * c.signal[i]);
        EXPECT_EQ(c.background[i], ccs.background[i]);
    }
    EXPECT_NEAR(c.total_signal, ccs.total_signal + ci.total_signal, kSumTolerance * c.total_signal);
}

TEST(MaterialRate, RunExperimentSumsTheIsotopesAndCountsFormulaUnits) {
    // 1 kg of CaWO4: n_units = 1 kg / M(CaWO4); each isotope's scenario counts add up.
    const Material m = make_material("CaWO4");
    const double n_units = 1 * units::kg / m.unit_mass();
    const Source src = snS();
    const Detector det = kev_detector();
    const auto res =
        run_experiment(experiment_of(m, n_units, src, det), {Scenario{"sm", "sm", Parameters{}}});
    double sum = 0;
    for (const MaterialComponent& c : m.components) {
        Experiment one{
            c.target, src, point_geometry(20 * units::m), n_units * c.atoms_per_unit, det, {}, {}};
        sum +=
            run_experiment(one, {Scenario{"sm", "sm", Parameters{}}}).front().counts.total_signal;
    }
    EXPECT_GT(sum, 0);
    EXPECT_NEAR(res.front().counts.total_signal, sum, kSumTolerance * sum);
    // The model description records the composition.
    bool has_source = false;
    for (const auto& [k, v] : res.front().model)
        if (k == "material.abundance_source") has_source = v.find("NIST") != std::string::npos;
    EXPECT_TRUE(has_source);
}

TEST(MaterialRate, SingleIsotopeIsExactlyItsEventRate) {
    // A material of one isotope gives the same bits as the plain target.
    const Source src = tritium_source_from_activity(1 * units::MCi);
    Detector det;
    det.exposure = 1 * units::year;
    det.threshold = 1e-3;
    det.binning = Binning::linear(1e-3, 0.2, 10);
    Experiment plain{make_target("He4"), src, point_geometry(1 * units::m), 1e28, det,
                     {1e-3, 1e-2, 0.1},  {}};
    Experiment as_material = plain;
    as_material.material = make_material("He4");
    const auto a = run_experiment(plain, standard_scenarios(Parameters{}));
    const auto b = run_experiment(as_material, standard_scenarios(Parameters{}));
    for (std::size_t s = 0; s < a.size(); ++s) {
        EXPECT_EQ(a[s].dn_dt, b[s].dn_dt);
        EXPECT_EQ(a[s].counts.signal, b[s].counts.signal);
        EXPECT_EQ(a[s].counts.total_signal, b[s].counts.total_signal);
        EXPECT_EQ(a[s].model, b[s].model);
    }
}

TEST(MaterialRate, SuperfluidHeliumNeedsPureHe4) {
    const Source src = tritium_source_from_activity(1 * units::MCi);
    Detector det;
    det.exposure = 1 * units::year;
    det.binning = Binning::linear(1e-3, 0.2, 4);
    Experiment ex{make_target("He4"), src, point_geometry(1 * units::m), 1e28, det, {}, {}};
    ex.medium.model = MediumModel::superfluid_he4;
    ex.material = make_material("He");  // natural helium: He3 + He4
    try {
        run_experiment(ex, {Scenario{"sm", "sm", Parameters{}}});
        FAIL() << "no error";
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(std::string(e.what()), "target.medium = superfluid_he4: needs pure He4, not He");
    }
}
