// Geometry: flux factors and baseline distributions (issue 5 item 2 and 7).
#include "cevas/rates/geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/targets/target.hpp"

using namespace cevas;

namespace {
constexpr double kPi = std::numbers::pi;

double weighted_mean(const BaselineSet& b) {
    double s = 0;
    for (std::size_t i = 0; i < b.baselines.size(); ++i) s += b.weights[i] * b.baselines[i];
    return s;
}
}  // namespace

TEST(Geometry, PointFluxIsInverseSquare) {
    const auto g1 = point_geometry(1 * units::m);
    const auto g2 = point_geometry(2 * units::m);
    EXPECT_NEAR(g1.flux_factor / g2.flux_factor, 4.0, 1e-14);
    EXPECT_NEAR(g1.flux_factor * units::cm2, 1.0 / (4 * kPi * 1e4), 1e-18);
    ASSERT_EQ(g1.baselines.baselines.size(), 1u);
    EXPECT_DOUBLE_EQ(g1.baselines.baselines[0], 1 * units::m);
}

// Source at the centre of a cylinder of radius R and half-height h:
// integral dV / (4 pi r^2) = 2 * integral_0^1 dmu r_max(mu) / 2 = R asin(mu_c) + h ln(1/mu_c),
// mu_c = h / sqrt(R^2 + h^2) (closed form, derived by hand; independent of the code's rule).
TEST(Geometry, CentredCylinderMatchesClosedForm) {
    for (auto [r, h2] : {std::pair{0.5, 1.0}, std::pair{1.0, 0.4}, std::pair{0.3, 3.0}}) {
        CylinderTank t{.radius = r * units::m, .height = h2 * units::m};
        const double R = t.radius, h = 0.5 * t.height;
        const double mu_c = h / std::hypot(R, h);
        const double integral = R * std::asin(mu_c) + h * std::log(1 / mu_c);
        const double expected = integral / (kPi * R * R * t.height);
        const auto g = cylinder_geometry(t);
        EXPECT_NEAR(g.flux_factor / expected, 1.0, 1e-12) << "R=" << r << " H=" << h2;
        double wsum = 0;
        for (double w : g.baselines.weights) wsum += w;
        EXPECT_NEAR(wsum, 1.0, 1e-13);
        // Flux-weighted mean baseline: (1/2) integral r_max^2 dmu / integral r_max dmu, with
        // integral_0^1 r_max^2 dmu = R^2 atanh(mu_c) + h^2 (1/mu_c - 1).
        const double m2 = R * R * std::atanh(mu_c) + h * h * (1 / mu_c - 1);
        // The second moment is not flattened by the substitutions: 8-node rules give ~1e-5.
        EXPECT_NEAR(weighted_mean(g.baselines) / (0.5 * m2 / integral), 1.0, 1e-4);
    }
}

TEST(Geometry, DeadSphereRemovesInnerBaselines) {
    CylinderTank t{
        .radius = 0.5 * units::m, .height = 1 * units::m, .inner_radius = 0.05 * units::m};
    const auto g = cylinder_geometry(t);
    for (double l : g.baselines.baselines) EXPECT_GT(l, t.inner_radius);
    CylinderTank t0 = t;
    t0.inner_radius = 0;
    // Removing r < r0 removes (r0 * 1) of the integral dmu dr and 4/3 pi r0^3 of the volume.
    const auto g0 = cylinder_geometry(t0);
    const double v0 = cylinder_volume(t0), v = cylinder_volume(t);
    EXPECT_NEAR(g.flux_factor * v, g0.flux_factor * v0 - t.inner_radius,
                1e-12 * g0.flux_factor * v0);
}

TEST(Geometry, TankShrinkingToAPointEqualsPointSource) {
    const double d = 2 * units::m;
    for (double size : {1e-2, 1e-3}) {
        CylinderTank t{
            .radius = size * units::m, .height = 2 * size * units::m, .source_offset_radial = d};
        const auto g = cylinder_geometry(t);
        const auto p = point_geometry(d);
        EXPECT_NEAR(g.flux_factor / p.flux_factor, 1.0, 10 * size * size);
        EXPECT_NEAR(weighted_mean(g.baselines) / d, 1.0, 10 * size * size);
    }
}

TEST(Geometry, OffCentreInsideSourceConsistentWithCentred) {
    // A tiny offset changes the flux factor only slightly (continuity of the ray integration).
    CylinderTank c{.radius = 0.5 * units::m, .height = 1 * units::m};
    CylinderTank o = c;
    o.source_offset_radial = 1e-4 * units::m;
    const auto gc = cylinder_geometry(c, 16, 8);
    const auto go = cylinder_geometry(o, 16, 8);
    EXPECT_NEAR(go.flux_factor / gc.flux_factor, 1.0, 1e-3);
}

TEST(Geometry, BadInputIsRejected) {
    EXPECT_THROW(point_geometry(0), InvalidArgument);
    EXPECT_THROW(point_geometry(-1), InvalidArgument);
    EXPECT_THROW(point_geometry(std::nan("")), InvalidArgument);
    EXPECT_THROW(cylinder_geometry({.radius = -1, .height = 1}), InvalidArgument);
    EXPECT_THROW(cylinder_geometry({.radius = 1, .height = 1, .inner_radius = 0.6}),
                 InvalidArgument);
    try {
        cylinder_geometry({.radius = 1, .height = 1, .inner_radius = 0.6});
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("tank.inner_radius"), std::string::npos);
    }
}

TEST(Geometry, NodeCountsAreExactNotRoundedToEight) {
    // Source on the axis: 4 n_angle directions x n_radius radii; off the axis (4 n_angle)^2
    // n_radius; outside n_radius^2 n_angle.
    const CylinderTank on{.radius = 0.5 * units::m, .height = 1 * units::m};
    CylinderTank off = on;
    off.source_offset_radial = 0.2 * units::m;
    CylinderTank out = on;
    out.source_offset_radial = 2 * units::m;
    for (int n = 1; n <= 12; ++n) {
        EXPECT_EQ(cylinder_geometry(on, n, 3).baselines.baselines.size(),
                  static_cast<std::size_t>(4 * n * 3));
        EXPECT_EQ(cylinder_geometry(off, n, 2).baselines.baselines.size(),
                  static_cast<std::size_t>(16 * n * n * 2));
        EXPECT_EQ(cylinder_geometry(out, n, 2).baselines.baselines.size(),
                  static_cast<std::size_t>(4 * n));
    }
}

TEST(Geometry, EveryNodeCountConvergesAndTheEstimateBoundsTheError) {
    // Source at the centre of a tank with a 5 cm capsule: the flux factor with n = 1, 2, 3, 4
    // nodes (odd counts included: the old rounding to multiples of 8 could not give them)
    // converges to the 48-node value, and the estimate (change on doubling) bounds the error.
    const CylinderTank t{
        .radius = 0.5 * units::m, .height = 1 * units::m, .inner_radius = 0.05 * units::m};
    const double ref = cylinder_geometry(t, 48, 48).flux_factor;
    double prev = 1;
    for (int n : {1, 2, 3, 4}) {
        const double err = std::abs(cylinder_geometry(t, n, n).flux_factor / ref - 1);
        EXPECT_LT(err, prev) << n;
        EXPECT_GE(cylinder_geometry_error(t, n, n), err) << n;
        prev = err;
    }
    EXPECT_LT(std::abs(cylinder_geometry(t, 6, 6).flux_factor / ref - 1), 1e-13);
}

TEST(Geometry, AccuracyTargetChoosesNodesAndTooFewNodesWarn) {
    const CylinderTank off{
        .radius = 0.5 * units::m, .height = 1 * units::m, .source_offset_radial = 0.2 * units::m};
    const CylinderTank centred{.radius = 0.5 * units::m, .height = 1 * units::m};
    const auto meta = [](const FluxGeometry& g, const std::string& key) {
        for (const auto& [k, v] : g.description)
            if (k == key) return v;
        return std::string("(missing)");
    };
    // Defaults: 8 x 8 nodes, accuracy 1e-3, no warning.
    const auto dflt = cylinder_geometry(off, GeometryNodes{});
    EXPECT_TRUE(dflt.warnings.empty());
    EXPECT_EQ(meta(dflt, "geometry_angle_nodes"), "8");
    EXPECT_LT(std::stod(meta(dflt, "geometry_estimated_error")), 1e-3);
    // One node each: a warning naming the estimate, not an error.
    const auto coarse = cylinder_geometry(off, GeometryNodes{.angle = 1, .radius = 1});
    ASSERT_EQ(coarse.warnings.size(), 1u);
    EXPECT_NE(coarse.warnings[0].find("geometry.nodes = 1 x 1"), std::string::npos);
    EXPECT_NE(coarse.warnings[0].find("estimated relative error"), std::string::npos);
    // An accuracy alone: the nodes double until the estimate meets it.
    const auto chosen = cylinder_geometry(centred, GeometryNodes{.accuracy = 1e-6});
    EXPECT_TRUE(chosen.warnings.empty());
    EXPECT_LE(std::stod(meta(chosen, "geometry_estimated_error")), 1e-6);
    const int n = std::stoi(meta(chosen, "geometry_angle_nodes"));
    EXPECT_GT(cylinder_geometry_error(centred, n / 2, n / 2), 1e-6);
    // Out of reach within 16 nodes (the off-axis rule converges slowly): a warning.
    EXPECT_EQ(cylinder_geometry(off, GeometryNodes{.accuracy = 1e-6}).warnings.size(), 1u);
    EXPECT_THROW(cylinder_geometry(off, GeometryNodes{.accuracy = 0.0}), InvalidArgument);
    EXPECT_THROW(cylinder_geometry(off, GeometryNodes{.angle = 0}), InvalidArgument);
}

// The tank carries its phase averages (built once); an EventRate on it gives the same bits as
// one that builds its own, and baselines edited after the fact are not averaged with the stale
// cache.

TEST(Geometry, SharedPhaseAveragesGiveTheSameRate) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry g = cylinder_geometry(
        {.radius = 0.5 * units::m, .height = 1 * units::m, .source_offset_radial = 0.2 * units::m},
        8, 8);
    ASSERT_NE(g.phases, nullptr);
    FluxGeometry bare = g;
    bare.phases = nullptr;
    const EventRate a(xs, src, g, 1e26), b(xs, src, bare, 1e26);
    for (double t : {1e-3, 0.01, 0.05, 0.1}) EXPECT_EQ(a.differential(t), b.differential(t)) << t;

    // Edited baselines: the rate must follow them (the same as a geometry without a cache).
    FluxGeometry edited = g, edited_bare = g;
    for (double& l : edited.baselines.baselines) l *= 40;
    edited_bare.baselines = edited.baselines;
    edited_bare.phases = nullptr;
    const EventRate c(xs, src, edited, 1e26), d(xs, src, edited_bare, 1e26);
    for (double t : {1e-3, 0.01, 0.05}) EXPECT_EQ(c.differential(t), d.differential(t)) << t;
    EXPECT_NE(c.differential(0.01), a.differential(0.01));
}
