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
#include <optional>
#include <span>
#include <vector>

#include "cevas/medium/superfluid_helium.hpp"
#include "cevas/rates/detector.hpp"
#include "cevas/rates/experiment.hpp"
#include "cevas/rates/material_rate.hpp"

namespace cevas {

/// The precomputed map dN/dT (on fixed recoil nodes) -> dN/d omega and binned counts in omega.
///
/// Quadrature: Gauss–Legendre (4 nodes) panels in q, 0.02 A^-1 wide up to 3 A^-1, 0.025 up to
/// 6 A^-1, 0.1 beyond, the last ending at q_max = sqrt(2 M t_max). Each node k stands for
/// S(q_k, .) through its cumulative distribution B_k(omega) (delta lines spread over the node's
/// share of q).
/// - Counts: B_k is integrated exactly over fine omega cells (edges: 0.02 meV steps to 2 meV,
///   then 1 % steps, plus every bin edge and the threshold; not the output grid); the detector
///   acts on each fine cell at its centre.
/// - Spectrum: the exact average over each output cell [a, b],
///     dN/d omega = sum_k f_k (B_k(b) - B_k(a)) / (b - a),   f_k = w_k dN/dT(T_k),
///   summed in node order over the nodes whose support (B_k from 0 to within 1e-13 of its total)
///   overlaps the cell. A cell's value depends only on its two edges, so a grid evaluated block
///   by block (spectrum_cells) gives the same bits as the whole grid at once, for any blocks
///   and thread count; memory is O(nodes), not O(nodes x output cells). For a small
///   constructor grid (at most 4M node-cell pairs) the differences are stored once, so that
///   spectrum()/evaluate() repeated per coupling point cost O(pairs) (same bits either way).
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
    /// dN/d omega at omega_grid() (cell averages) [same units as dN/dT]: spectrum_cells on the
    /// grid's cell_edges, split over `threads` threads (0: every core; the same bits for any).
    std::vector<double> spectrum(std::span<const double> dn_dt, int threads = 1) const;
    /// Both (the counts from the fine cells, the spectrum as spectrum()).
    void evaluate(std::span<const double> dn_dt, BinnedCounts* counts,
                  std::vector<double>* spectrum, int threads = 1) const;

    /// Edges [eV] of the output cells around `points` (a contiguous block of an increasing
    /// grid): midpoints between neighbours; `before` / `after` are the grid points just outside
    /// the block (absent at the start / end of the grid, where the cell is symmetric about its
    /// point, the first clipped at 0; a one-point grid gets [p/2, 3p/2]). Returns
    /// points.size() + 1 edges (none for no points); for the whole grid these are the cells of
    /// the constructor's omega_grid.
    static std::vector<double> cell_edges(std::span<const double> points,
                                          std::optional<double> before = std::nullopt,
                                          std::optional<double> after = std::nullopt);

    /// dN/d omega averaged over the cells [edges[i], edges[i + 1]] for several recoil spectra at
    /// once: out[s][i] = sum_k w_k dn_dt[s][k] (B_k(edges[i + 1]) - B_k(edges[i])) /
    /// (edges[i + 1] - edges[i]) (see the class comment). Each value depends only on its cell's
    /// two edges: any split of a grid into blocks, and any thread count, gives the same bits.
    /// Work: O(cells x nodes overlapping a cell); memory O(nodes) per thread.
    /// @param edges cell edges [eV], increasing, >= 0 (no cells for fewer than two)
    /// @param dn_dt per spectrum, dN/dT at recoil_nodes() [natural units]
    /// @param out per spectrum, edges.size() - 1 values [same units as dN/dT]
    /// @param threads worker threads (0: every core), fixed sub-blocks of 256 cells
    /// @throws InvalidArgument for decreasing or negative edges, or mismatched sizes
    void spectrum_cells(std::span<const double> edges,
                        const std::vector<std::vector<double>>& dn_dt,
                        std::span<const std::span<double>> out, int threads = 1) const;

 private:
    struct Spread {  // a delta line spread uniformly over [lo, hi]
        double lo, hi, weight;
    };
    // B_k(omega): strength of node k's response below omega (its delta lines at w < omega, so
    // that a line on an edge belongs to the cell above) plus its spread lines.
    double below(std::size_t k, double omega) const;
    // spectrum_cells on cells [0, n) of `edges` (n + 1 values), one thread.
    void spectrum_range(const double* edges, std::size_t n, const std::vector<const double*>& f,
                        const std::vector<double*>& out) const;

    std::vector<double> t_nodes_, weights_;  // weights: Gauss weight x dq x q/M
    std::vector<HeliumResponse> resp_;       // per node (lines moved to spreads where spread)
    std::vector<std::size_t> spread_start_;  // per node: offset into spreads_
    std::vector<Spread> spreads_;
    std::vector<double> node_lo_, node_hi_;           // support of each node's B_k (spectrum)
    std::vector<std::uint32_t> order_lo_, order_hi_;  // nodes sorted by node_lo_, node_hi_
    std::vector<double> sorted_lo_, sorted_hi_;       // node_lo_, node_hi_ in those orders
    std::vector<double> omega_;                       // output grid
    // The constructor's grid, precomputed when small (at most kGridCacheEntries differences):
    // its cell edges and, per node, B_k(b) - B_k(a) over its contiguous range of cells.
    static constexpr std::size_t kGridCacheEntries = std::size_t{1} << 22;
    std::vector<double> grid_edges_;
    std::vector<std::size_t> grid_start_, grid_first_;  // per node: offset, first cell
    std::vector<double> grid_mass_;
    bool grid_cached_ = false;
    std::vector<double> cells_;                       // fine-cell edges
    std::vector<std::size_t> row_start_, row_first_;  // per node: offset, first cell
    std::vector<double> row_mass_;                    // integral of S over each cell
    std::vector<std::size_t> share_start_;            // per cell: offset into shares
    std::vector<std::uint32_t> share_bin_;
    std::vector<double> share_value_;  // exposure x efficiency x probability to land in the bin
    Detector detector_;
    double t_max_ = 0;
};

/// The deposited-energy spectrum of an experiment's scenarios evaluated block by block on its
/// recoil grid (read as the omega grid), for output streamed in chunks (`cevas rate`): the map
/// without an output grid (make_deposited_map's nodes and detector) and each scenario's dN/dT
/// at its nodes, both computed once. A block's values equal the same rows of
/// run_experiment's dn_domega bit for bit.
class DepositedSpectrumBlocks {
 public:
    /// @param experiment a non-free medium (its recoil grid is not used)
    /// @param rates one per scenario, as run_experiment builds them (t_max from the first)
    /// @param threads worker threads per block (0: every core)
    /// @throws InvalidArgument as make_deposited_map, or for no rates
    DepositedSpectrumBlocks(const Experiment& experiment, std::span<const MaterialRate> rates,
                            int threads = 1);
    /// dN/d omega [natural units] per scenario at `points` [eV], a contiguous block of the grid;
    /// `before` / `after`: the grid points just outside the block (absent at its ends), as
    /// DepositedEnergyMap::cell_edges. out[s] has points.size() values.
    void evaluate(std::span<const double> points, std::optional<double> before,
                  std::optional<double> after, std::span<const std::span<double>> out) const;
    std::size_t n_scenarios() const { return dn_nodes_.size(); }

 private:
    std::unique_ptr<DepositedEnergyMap> map_;
    std::vector<std::vector<double>> dn_nodes_;
    int threads_ = 1;
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
