#pragma once
/// @file
/// Event rates: dN/dT = N_atoms * sum_species rate_s <1/(4 pi r^2)> integral_{E_min(T)} dE
///                      phi_s(E) dsigma/dT(E, T; oscillations averaged over the target)
/// (PHYSICS.md section 6).

#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cevas/rates/geometry.hpp"
#include "cevas/sources/spectrum.hpp"
#include "cevas/xsec/cross_section.hpp"

namespace cevas {

/// Integration and physics switches of a rate calculation.
struct RateOptions {
    bool oscillations = true;  ///< average the oscillation phase over the geometry's baselines
    int energy_panels = 48;    ///< Gauss–Legendre panels (8 nodes each) per continuum
    /// Break points of a continuum (e.g. every node of a tabulated spectrum) become panel edges
    /// only where the density's kink would change its panel's integral by more than this
    /// fraction (|slope change| H / (64 density)); 0 keeps every break point (the exact fold
    /// of a piecewise-linear table). Accuracy: docs/performance.md.
    double kink_tolerance = 1e-4;
    /// Worker threads for building the rate, dN/dT on arrays and binning (1: the calling thread
    /// only; 0: every core). Results are bit for bit the same for every count.
    int threads = 1;
};

/// Flux-folded differential event rate of one target.
class EventRate {
 public:
    /// @param xs cross section (target and physics); kept by reference: must outlive this object
    /// @param source the source; each of its components is one species here
    /// @param geometry flux factor and baselines @param n_atoms number of target atoms (> 0)
    EventRate(const CrossSection& xs, const Source& source, FluxGeometry geometry, double n_atoms,
              RateOptions options = {});

    /// dN/dT [events per unit recoil energy per unit time; natural units: multiply by
    /// units::eV * units::s for events/(eV s)] at each t[i] [eV] for the whole target, summed
    /// over species (species = -1) or for one species.
    void differential(std::span<const double> t, std::span<double> out, int species = -1) const;
    double differential(double t, int species = -1) const;

    /// Largest recoil any species can produce [eV].
    double t_max() const;
    std::size_t n_species() const { return species_.size(); }
    /// Energy panels of species i (0 for a line).
    std::size_t n_panels(std::size_t i) const { return species_.at(i).panels.size(); }
    const SpectrumComponent& species(std::size_t i) const { return species_[i].component; }
    const FluxGeometry& geometry() const { return geometry_; }
    const CrossSection& cross_section() const { return xs_; }
    double n_atoms() const { return n_atoms_; }

 private:
    /// An energy panel with the integrand (rate x density x coefficients) at its 8
    /// Gauss–Legendre nodes; partial panels reuse them through Lagrange interpolation.
    struct Panel {
        double lo = 0, hi = 0;
        std::array<double, 8> e{};
        std::array<Coefficients, 8> f{};
    };
    struct Species {
        SpectrumComponent component;
        Projectile projectile;
        std::vector<Panel> panels;
        // Suffix moments over whole panels: index p holds the sum over panels p..end.
        std::vector<Coefficients> s0, s1, s2;
        std::vector<double> line_energy;
        std::vector<Coefficients> line_s0, line_s1, line_s2;
        double e_top = 0;
    };
    Coefficients coefficients_at(const Species& s, double e) const;
    void fill_panel(const Species& s, Panel& p) const;
    /// Moments of the integrand over [a, p.hi] (a = p.lo: the whole panel).
    static void panel_moments(const Panel& p, double a, Coefficients& m0, Coefficients& m1,
                              Coefficients& m2);
    double species_rate(const Species& s, double t) const;

    const CrossSection& xs_;
    FluxGeometry geometry_;
    BaselineSet baselines_;
    // Several baselines: the oscillation phase averages (mass basis), the geometry's own
    // (FluxGeometry::phases) when it carries them.
    std::shared_ptr<const PhaseAverager> phases_;
    bool multi_baseline_ = false;
    double n_atoms_;
    RateOptions options_;
    std::vector<Species> species_;
};

/// The break points of `sp` inside (e_min, e_max) worth a panel edge next to the regular edges
/// `edges` (sorted): those where |slope change| H / (64 f) > tol (all for tol <= 0 or fewer
/// than three break points).
std::vector<double> significant_break_points(const ContinuousSpectrum& sp,
                                             const std::vector<double>& edges, double tol);

/// Number of atoms in a target of `mass` [eV] made of atoms of mass `atom_mass` [eV].
double atoms_in_mass(double mass, double atom_mass);

}  // namespace cevas
