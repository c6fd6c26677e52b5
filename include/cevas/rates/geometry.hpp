#pragma once
/// @file
/// Source–target geometry: the flux factor <1/(4 pi r^2)> over the target and the flux-weighted
/// distribution of baselines that the oscillation phase is averaged over (PHYSICS.md section 6).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cevas/xsec/cross_section.hpp"

namespace cevas {

/// The geometry as the rate calculation sees it.
struct FluxGeometry {
    /// Volume average of 1/(4 pi r^2) over the target [eV^2] (multiply by the source's emission
    /// rate to get the mean flux).
    double flux_factor = 0;
    /// Baselines weighted by their share of the interactions (weight ∝ dV / r^2), normalised.
    BaselineSet baselines;
    /// Human-readable description for output headers (key, value) pairs.
    std::vector<std::pair<std::string, std::string>> description;
    /// Warnings for the output (e.g. too few nodes for the stated accuracy).
    std::vector<std::string> warnings;
};

/// Point source at `distance` [eV^-1] (> 0) from a point-like target.
FluxGeometry point_geometry(double distance);

/// The Sun and a detector on Earth: flux factor 1/(4 pi (1 AU)^2), one baseline of 1 AU (solar
/// sources carry their own flavour conversion, SpectrumComponent::mass_populations, so the
/// baseline is not used for oscillations). With the solar source rates flux x 4 pi (1 AU)^2
/// (sources/solar.hpp) the flux at the detector is the standard solar model's flux at Earth.
FluxGeometry solar_geometry();

/// A cylindrical target tank and where the source sits relative to its centre.
struct CylinderTank {
    double radius = 0;        ///< [eV^-1] > 0
    double height = 0;        ///< [eV^-1] > 0
    double inner_radius = 0;  ///< spherical dead region around an inside source (capsule) [eV^-1]
    double source_offset_radial = 0;  ///< source distance from the tank axis [eV^-1]
    double source_offset_axial = 0;   ///< source height above the tank's mid-plane [eV^-1]
};

/// Point source and a cylindrical tank (SATURNE: the source at the centre, offsets 0).
/// Source inside the tank: integrate along rays from the source, dV / r^2 = dOmega dr, with
/// Gauss–Legendre rules in cos(theta) (`n_angle` per panel, panels split where a ray switches
/// from the side wall to the lid), in phi (only for an off-axis source) and along each ray
/// (`n_radius`). Source outside: Gauss–Legendre in (rho, phi, z) of 1/(4 pi r^2).
/// @throws InvalidArgument for non-positive sizes, a dead radius that does not fit, or a source
///         on the tank wall.
/// Exactly n_angle (n_radius) nodes per angular (radial) rule: composite Gauss–Legendre with
/// ceil(n/8) panels of at most 8 nodes. The source inside and on the axis gives
/// 4 n_angle n_radius baselines; off the axis (4 n_angle)^2 n_radius; outside n_radius^2 n_angle.
FluxGeometry cylinder_geometry(const CylinderTank& tank, int n_angle = 8, int n_radius = 8);

/// Node counts of the tank quadrature, as a configuration gives them ([geometry] angle_nodes,
/// radius_nodes, accuracy).
struct GeometryNodes {
    static constexpr int kDefaultNodes = 8;
    static constexpr double kDefaultAccuracy = 1e-3;
    static constexpr int kMaxAutoNodes = 16;
    std::optional<int> angle = std::nullopt;   ///< n_angle (>= 1), default 8
    std::optional<int> radius = std::nullopt;  ///< n_radius (>= 1), default 8
    /// Relative accuracy of the flux factor and baseline moments (default 1e-3). Given alone,
    /// the nodes are chosen: 2, 4, 8, 16 (both counts) until the estimate meets it.
    std::optional<double> accuracy = std::nullopt;
};

/// The tank with the error estimated (cylinder_geometry_error) and recorded in the
/// description (geometry_angle_nodes, geometry_radius_nodes, geometry_accuracy,
/// geometry_estimated_error); an estimate above the accuracy adds a warning, not an error.
/// @throws InvalidArgument as cylinder_geometry, or for an accuracy outside (0, 1).
FluxGeometry cylinder_geometry(const CylinderTank& tank, const GeometryNodes& nodes);

/// Estimated relative error of cylinder_geometry(tank, n_angle, n_radius): the largest relative
/// change of the flux factor, <L> and <L^2> when both node counts are doubled.
double cylinder_geometry_error(const CylinderTank& tank, int n_angle, int n_radius);

/// Volume of the tank minus the dead sphere (when the source is inside) [eV^-3].
double cylinder_volume(const CylinderTank& tank);

}  // namespace cevas
