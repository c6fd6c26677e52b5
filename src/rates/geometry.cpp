#include "cevas/rates/geometry.hpp"

#include <boost/math/quadrature/gauss.hpp>
#include <cmath>
#include <numbers>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

namespace {

constexpr double kPi = std::numbers::pi;

// The m-point Gauss–Legendre rule on [-1, 1]: roots of P_m by Newton's method from
// Tricomi's initial guesses, weights 2 / ((1 - x^2) P_m'(x)^2).
void legendre_rule(int m, std::vector<double>& x, std::vector<double>& w) {
    x.assign(m, 0.0);
    w.assign(m, 0.0);
    for (int i = 0; i < (m + 1) / 2; ++i) {
        double z = std::cos(kPi * (i + 0.75) / (m + 0.5)), dp = 1;
        for (int it = 0; it < 100; ++it) {
            double p0 = 1, p1 = z;  // P_0, P_1
            for (int k = 2; k <= m; ++k) {
                const double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = m * (z * p1 - p0) / (z * z - 1);
            const double dz = p1 / dp;
            z -= dz;
            if (std::abs(dz) < 1e-16) break;
        }
        // Final derivative at the converged root.
        double p0 = 1, p1 = z;
        for (int k = 2; k <= m; ++k) {
            const double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        dp = m == 1 ? 1.0 : m * (z * p1 - p0) / (z * z - 1);
        x[i] = -z;
        x[m - 1 - i] = z;
        w[i] = w[m - 1 - i] = 2 / ((1 - z * z) * dp * dp);
    }
    if (m % 2 == 1) x[m / 2] = 0;
}

// Composite Gauss–Legendre rule on [a, b] with exactly n nodes: ceil(n/8) equal panels of at
// most 8 nodes (n a multiple of 8: panels of 8, as before node counts were settable), appended
// to x, w.
void gauss_legendre(int n, double a, double b, std::vector<double>& x, std::vector<double>& w) {
    const int panels = std::max(1, (n + 7) / 8);
    std::vector<double> u, wu;
    for (int p = 0; p < panels; ++p) {
        const int m = n / panels + (p < n % panels ? 1 : 0);
        legendre_rule(m, u, wu);
        const double lo = a + (b - a) * p / panels, hi = a + (b - a) * (p + 1) / panels;
        const double h = 0.5 * (hi - lo), c = 0.5 * (hi + lo);
        for (int i = 0; i < m; ++i) {
            x.push_back(c + h * u[i]);
            w.push_back(h * wu[i]);
        }
    }
}

bool source_inside(const CylinderTank& t) {
    return t.source_offset_radial < t.radius && std::abs(t.source_offset_axial) < 0.5 * t.height;
}

// Distance from the source (inside) to the tank wall along direction (mu, phi).
double exit_distance(const CylinderTank& t, double mu, double phi) {
    const double s = std::sqrt(std::max(0.0, 1.0 - mu * mu));
    const double ux = s * std::cos(phi), uy = s * std::sin(phi);
    const double half = 0.5 * t.height;
    double r_lid = INFINITY;
    if (mu > 0) r_lid = (half - t.source_offset_axial) / mu;
    if (mu < 0) r_lid = (-half - t.source_offset_axial) / mu;
    double r_side = INFINITY;
    const double a = ux * ux + uy * uy;
    if (a > 0) {
        const double x0 = t.source_offset_radial;
        const double b = x0 * ux;
        r_side = (-b + std::sqrt(b * b - a * (x0 * x0 - t.radius * t.radius))) / a;
    }
    return std::min(r_lid, r_side);
}

}  // namespace

FluxGeometry point_geometry(double distance) {
    require_positive("distance", distance);
    require_in_range("distance", distance, limits::baseline);
    FluxGeometry g;
    g.flux_factor = 1.0 / (4.0 * kPi * distance * distance);
    g.baselines = BaselineSet::point(distance);
    g.description = {{"geometry", "point"}, {"distance_m", format_value(distance / units::m)}};
    return g;
}

FluxGeometry solar_geometry() {
    FluxGeometry g;
    const double d = units::au;
    g.flux_factor = 1.0 / (4.0 * kPi * d * d);
    g.baselines = BaselineSet::point(d);
    g.description = {
        {"geometry", "solar"},
        {"distance_m", format_value(d / units::m)},
        {"geometry_note", "detector at 1 AU from the Sun; flux = solar model flux at Earth"}};
    return g;
}

double cylinder_volume(const CylinderTank& t) {
    const double dead = source_inside(t) ? 4.0 / 3.0 * kPi * std::pow(t.inner_radius, 3) : 0.0;
    return kPi * t.radius * t.radius * t.height - dead;
}

namespace {
FluxGeometry cylinder_geometry_impl(const CylinderTank& t, int n_angle, int n_radius);

// Relative change of the flux factor and of the first two baseline moments from (n_angle,
// n_radius) to twice as many nodes in each: the estimated relative error of the coarser rule.
double compare_rules(const FluxGeometry& g, const FluxGeometry& fine) {
    const auto moment = [](const BaselineSet& b, int k) {
        double m = 0;
        for (std::size_t j = 0; j < b.baselines.size(); ++j)
            m += b.weights[j] * std::pow(b.baselines[j], k);
        return m;
    };
    double err = std::abs(g.flux_factor / fine.flux_factor - 1);
    for (int k : {1, 2})
        err = std::max(err, std::abs(moment(g.baselines, k) / moment(fine.baselines, k) - 1));
    return err;
}
}  // namespace

double cylinder_geometry_error(const CylinderTank& tank, int n_angle, int n_radius) {
    return compare_rules(cylinder_geometry_impl(tank, n_angle, n_radius),
                         cylinder_geometry_impl(tank, 2 * n_angle, 2 * n_radius));
}

FluxGeometry cylinder_geometry(const CylinderTank& tank, int n_angle, int n_radius) {
    return cylinder_geometry_impl(tank, n_angle, n_radius);
}

FluxGeometry cylinder_geometry(const CylinderTank& tank, const GeometryNodes& nodes) {
    if (nodes.accuracy.has_value() && !(*nodes.accuracy > 0 && *nodes.accuracy < 1)) {
        throw InvalidArgument(
            describe("geometry.accuracy", format_value(*nodes.accuracy), "must lie in (0, 1)"));
    }
    const double target = nodes.accuracy.value_or(GeometryNodes::kDefaultAccuracy);
    int na = nodes.angle.value_or(GeometryNodes::kDefaultNodes);
    int nr = nodes.radius.value_or(GeometryNodes::kDefaultNodes);
    const bool automatic = nodes.accuracy && !nodes.angle && !nodes.radius;
    if (automatic) na = nr = 2;
    FluxGeometry g = cylinder_geometry_impl(tank, na, nr);
    double err = compare_rules(g, cylinder_geometry_impl(tank, 2 * na, 2 * nr));
    // An accuracy target alone: double the nodes until the estimate meets it.
    while (automatic && err > target && na < GeometryNodes::kMaxAutoNodes) {
        na *= 2;
        nr *= 2;
        g = cylinder_geometry_impl(tank, na, nr);
        err = compare_rules(g, cylinder_geometry_impl(tank, 2 * na, 2 * nr));
    }
    g.description.emplace_back("geometry_angle_nodes", std::to_string(na));
    g.description.emplace_back("geometry_radius_nodes", std::to_string(nr));
    g.description.emplace_back("geometry_accuracy", format_value(target));
    g.description.emplace_back("geometry_estimated_error", format_value(err));
    if (err > target) {
        g.warnings.push_back(describe(
            "geometry.nodes", std::to_string(na) + " x " + std::to_string(nr),
            "estimated relative error " + format_value(err) +
                " of the flux factor and baseline "
                "moments exceeds the accuracy " +
                format_value(target) + " (more angle_nodes/radius_nodes, or a larger accuracy)"));
    }
    return g;
}

namespace {
FluxGeometry cylinder_geometry_impl(const CylinderTank& t, int n_angle, int n_radius) {
    require_positive("tank.radius", t.radius);
    require_positive("tank.height", t.height);
    require_non_negative("tank.inner_radius", t.inner_radius);
    require_non_negative("tank.source_offset_radial", t.source_offset_radial);
    require_finite("tank.source_offset_axial", t.source_offset_axial);
    require_in_range("tank.radius", t.radius, limits::tank_length);
    require_in_range("tank.height", t.height, limits::tank_length);
    require_in_range("tank.inner_radius", t.inner_radius, limits::tank_length);
    require_in_range("tank.source_offset_radial", t.source_offset_radial, limits::tank_length);
    require_in_range("tank.source_offset_axial", std::abs(t.source_offset_axial),
                     limits::tank_length);
    if (n_angle < 1 || n_radius < 1) {
        throw InvalidArgument(describe("nodes",
                                       std::to_string(n_angle) + "x" + std::to_string(n_radius),
                                       "need at least one node in angle and radius"));
    }
    const bool inside = source_inside(t);
    if (inside && t.inner_radius > 0) {
        const double room = std::min(
            {t.radius - t.source_offset_radial, 0.5 * t.height - std::abs(t.source_offset_axial)});
        if (t.inner_radius >= room) {
            throw InvalidArgument(
                describe("tank.inner_radius", format_value(t.inner_radius / units::m) + " m",
                         "the dead sphere around the source must fit inside the tank"));
        }
    }
    if (!inside &&
        (t.source_offset_radial == t.radius || std::abs(t.source_offset_axial) == 0.5 * t.height)) {
        throw InvalidArgument(describe("tank.source_offset", "on the wall",
                                       "the source must be strictly inside or outside the tank"));
    }
    FluxGeometry g;
    std::vector<double>& ls = g.baselines.baselines;
    std::vector<double>& ws = g.baselines.weights;
    ls.clear();
    ws.clear();
    double total = 0;  // integral of dV / (4 pi r^2)
    if (inside) {
        // dV/(4 pi r^2) = dmu dphi dr / (4 pi). Split mu where rays switch from lid to side.
        const bool on_axis = t.source_offset_radial == 0;
        std::vector<double> mu, wmu, phi, wphi;
        if (on_axis) {
            // Substitutions that make the flux integrand flat: through the side wall
            // r_max dmu = R dtheta (mu = cos theta); through a lid r_max dmu = h d(ln mu).
            const double up = 0.5 * t.height - t.source_offset_axial;
            const double down = 0.5 * t.height + t.source_offset_axial;
            for (auto [h, sign] : {std::pair{up, 1.0}, std::pair{down, -1.0}}) {
                const double mu_c = h / std::hypot(t.radius, h);
                std::vector<double> x, w;
                gauss_legendre(n_angle, std::acos(mu_c), 0.5 * kPi, x, w);  // side: theta
                for (std::size_t i = 0; i < x.size(); ++i) {
                    mu.push_back(sign * std::cos(x[i]));
                    wmu.push_back(w[i] * std::sin(x[i]));
                }
                x.clear();
                w.clear();
                gauss_legendre(n_angle, std::log(mu_c), 0.0, x, w);  // lid: ln mu
                for (std::size_t i = 0; i < x.size(); ++i) {
                    mu.push_back(sign * std::exp(x[i]));
                    wmu.push_back(w[i] * std::exp(x[i]));
                }
            }
        } else {
            gauss_legendre(4 * n_angle, -1.0, 1.0, mu, wmu);
        }
        if (on_axis) {
            phi = {0.0};
            wphi = {2 * kPi};
        } else {
            gauss_legendre(4 * n_angle, 0.0, kPi, phi, wphi);
            for (double& w : wphi) w *= 2.0;  // mirror symmetry phi -> -phi
        }
        for (std::size_t i = 0; i < mu.size(); ++i) {
            for (std::size_t k = 0; k < phi.size(); ++k) {
                const double r_max = exit_distance(t, mu[i], phi[k]);
                const double w_dir = wmu[i] * wphi[k] / (4 * kPi);
                total += w_dir * (r_max - t.inner_radius);
                std::vector<double> r, wr;
                gauss_legendre(n_radius, t.inner_radius, r_max, r, wr);
                for (std::size_t j = 0; j < r.size(); ++j) {
                    ls.push_back(r[j]);
                    ws.push_back(w_dir * wr[j]);
                }
            }
        }
    } else {
        // Source outside: integrate 1/(4 pi r^2) over rho dRho dphi dz.
        std::vector<double> rho, wrho, phi, wphi, z, wz;
        gauss_legendre(n_radius, 0.0, t.radius, rho, wrho);
        gauss_legendre(n_angle, 0.0, kPi, phi, wphi);
        gauss_legendre(n_radius, -0.5 * t.height, 0.5 * t.height, z, wz);
        for (std::size_t a = 0; a < rho.size(); ++a)
            for (std::size_t b = 0; b < phi.size(); ++b)
                for (std::size_t c = 0; c < z.size(); ++c) {
                    const double dx = rho[a] * std::cos(phi[b]) - t.source_offset_radial;
                    const double dy = rho[a] * std::sin(phi[b]);
                    const double dz = z[c] - t.source_offset_axial;
                    const double r2 = dx * dx + dy * dy + dz * dz;
                    const double w = 2.0 * wrho[a] * rho[a] * wphi[b] * wz[c] / (4 * kPi * r2);
                    total += w;
                    ls.push_back(std::sqrt(r2));
                    ws.push_back(w);
                }
    }
    for (double& w : ws) w /= total;
    g.flux_factor = total / cylinder_volume(t);
    g.description = {{"geometry", inside ? "cylinder, source inside" : "cylinder, source outside"},
                     {"tank_radius_m", format_value(t.radius / units::m)},
                     {"tank_height_m", format_value(t.height / units::m)},
                     {"inner_dead_radius_m", format_value(t.inner_radius / units::m)},
                     {"source_offset_radial_m", format_value(t.source_offset_radial / units::m)},
                     {"source_offset_axial_m", format_value(t.source_offset_axial / units::m)},
                     {"flux_factor_per_cm2", format_value(g.flux_factor * units::cm2)},
                     {"baseline_nodes", std::to_string(ls.size())}};
    return g;
}
}  // namespace

}  // namespace cevas
