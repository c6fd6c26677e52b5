#pragma once
/// @file
/// Rates in deposited energy (PHYSICS.md section 9): in a liquid the energy omega given to the
/// medium differs from the free recoil T = q^2/2M. Since S(q, omega) does not depend on the
/// neutrino energy,
///   dN/d omega = integral_0^{q_max} dq (q/M) dN/dT(q^2/2M) S(q, omega)
///              = integral dT dN/dT(T) S(q(T), omega)
/// is a linear map of the free recoil spectrum that does not depend on the couplings: it is
/// precomputed once per experiment (a kernel on fixed recoil nodes), and binned counts stay exact
/// quadratic polynomials in the couplings. The detector (threshold, efficiency, resolution,
/// bins) acts on omega.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "cevas/medium/superfluid_helium.hpp"
#include "cevas/rates/detector.hpp"
#include "cevas/rates/experiment.hpp"

namespace cevas {

/// The precomputed map dN/dT (on fixed recoil nodes) -> dN/d omega and binned counts in omega.
///
/// Quadrature: Gauss–Legendre (4 nodes) panels in q, 0.02 A^-1 wide up to 3 A^-1, 0.025 up to
/// 6 A^-1, 0.1 beyond, the last ending at q_max = sqrt(2 M t_max). Each node's S(q, .) is
/// integrated exactly over fine omega cells (edges: 0.02 meV steps to 2 meV, then 1 % steps,
/// plus every bin edge, the threshold and the edges of the output cells) through its cumulative
/// distribution; the detector acts on each fine cell at its centre.
class DepositedEnergyMap {
 public:
    /// @param medium the structure factor @param t_max largest free recoil [eV] (> 0)
    /// @param detector threshold, efficiency, resolution and bins, all in deposited energy
    /// @param omega_grid points [eV] of the output spectrum, increasing, >= 0: dN/d omega is
    /// reported as the average over cells around each point (edges at the midpoints; the first
    /// and last cells symmetric about their points, the first clipped at 0)
    /// @throws InvalidArgument for t_max <= 0, an invalid detector or grid
    DepositedEnergyMap(const SuperfluidHelium& medium, double t_max, const Detector& detector,
                       std::vector<double> omega_grid);

    /// Recoil energies [eV] at which dN/dT is needed, in order.
    const std::vector<double>& recoil_nodes() const { return t_nodes_; }
    /// The output grid [eV].
    const std::vector<double>& omega_grid() const { return omega_; }

    /// Expected counts per bin over the detector's exposure from dN/dT at recoil_nodes()
    /// [natural units, as EventRate::differential], background included.
    BinnedCounts counts(std::span<const double> dn_dt) const;
    /// dN/d omega at omega_grid() (cell averages) [same units as dN/dT].
    std::vector<double> spectrum(std::span<const double> dn_dt) const;
    /// Both in one pass.
    void evaluate(std::span<const double> dn_dt, BinnedCounts* counts,
                  std::vector<double>* spectrum) const;

 private:
    std::vector<double> t_nodes_, weights_;           // weights: Gauss weight x dq x q/M
    std::vector<double> omega_, out_width_;           // output grid and its cell widths
    std::vector<double> cells_;                       // fine-cell edges
    std::vector<std::size_t> row_start_, row_first_;  // per node: offset, first cell
    std::vector<double> row_mass_;                    // integral of S over each cell
    std::vector<std::size_t> share_start_;            // per cell: offset into shares
    std::vector<std::uint32_t> share_bin_;
    std::vector<double> share_value_;     // exposure x efficiency x probability to land in the bin
    std::vector<std::int64_t> cell_out_;  // output cell of each fine cell, or -1
    Detector detector_;
    double t_max_ = 0;
};

/// Check the experiment's medium against its target.
/// @throws InvalidArgument ("target.medium = superfluid_he4: ...") unless the target is 4He, or
/// for a temperature or density outside the tables' range.
void validate_medium(const Experiment& experiment);

/// The deposited-energy map of an experiment with a non-free medium: its detector, its recoil
/// grid read as the omega grid, and free recoils up to `t_max` [eV] (EventRate::t_max()).
/// Consumers that need binned counts in omega (e.g. templates of a fit) evaluate
/// `rate.differential(map->recoil_nodes(), dn)` and `map->counts(dn)` per scenario.
/// @throws InvalidArgument for the free medium (nothing to map) and as validate_medium.
std::unique_ptr<DepositedEnergyMap> make_deposited_map(const Experiment& experiment, double t_max);

/// Largest deposited energy [eV] the experiment's medium gives to free recoils up to `t_max`
/// [eV]: t_max itself for free atoms, the end of the support of S(q_max, omega) otherwise (the
/// impulse approximation's tail reaches above t_max).
double deposited_energy_max(const Experiment& experiment, double t_max);

}  // namespace cevas
