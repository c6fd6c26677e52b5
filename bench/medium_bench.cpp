// Spectra in deposited energy with the superfluid-4He medium (issue 12 item 5): a 200-bin
// SATURNE spectrum in omega (10 MCi tritium at the centre of the 500 kg tank, 200 bins of 0.95
// meV and dN/domega at 200 points). The couplings-independent map is precomputed once
// (BM_medium_map_build measures it); a spectrum per coupling point is BM_medium_200_bins_saturne.
#include <benchmark/benchmark.h>

#include <span>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/sources/tritium.hpp"

using namespace cevas;

namespace {

Experiment saturne() {
    Experiment ex{make_target("He4"),
                  tritium_source_from_activity(10 * units::MCi),
                  cylinder_geometry({.radius = 0.819 * units::m,
                                     .height = 1.637 * units::m,
                                     .inner_radius = 0.1 * units::m}),
                  atoms_in_mass(500 * units::kg, make_target("He4").mass),
                  {},
                  {},
                  {},
                  0.0,
                  Medium{MediumModel::superfluid_he4}};
    ex.detector.exposure = 5 * units::year;
    ex.detector.threshold = 1 * units::meV;
    ex.detector.binning = Binning::linear(0, 190 * units::meV, 200);
    for (int i = 0; i < 200; ++i) ex.recoil.push_back((i + 0.5) * 0.95 * units::meV);
    return ex;
}

// Per coupling point: flux folding (EventRate) + dN/dT at the map's recoil nodes + the map
// (200 bins and 200 spectrum points). The map is built once outside the loop.
void BM_medium_200_bins_saturne(benchmark::State& state) {
    const Experiment ex = saturne();
    const CrossSection xs0(ex.target, Parameters{});
    const EventRate r0(xs0, ex.source, ex.geometry, ex.n_atoms);
    const auto map = make_deposited_map(ex, r0.t_max());
    std::vector<double> dn(map->recoil_nodes().size()), spectrum;
    BinnedCounts counts;
    Parameters p;
    for (auto _ : state) {
        const CrossSection xs(ex.target, p);
        const EventRate r(xs, ex.source, ex.geometry, ex.n_atoms);
        r.differential(map->recoil_nodes(), dn);
        map->evaluate(dn, &counts, &spectrum);
        benchmark::DoNotOptimize(counts.total_signal);
    }
    state.counters["recoil_nodes"] = static_cast<double>(dn.size());
}
BENCHMARK(BM_medium_200_bins_saturne)->Unit(benchmark::kMillisecond);

// Only the map applied to a given dN/dT (the part a fit repeats per template).
void BM_medium_map_apply(benchmark::State& state) {
    const Experiment ex = saturne();
    const CrossSection xs(ex.target, Parameters{});
    const EventRate r(xs, ex.source, ex.geometry, ex.n_atoms);
    const auto map = make_deposited_map(ex, r.t_max());
    std::vector<double> dn(map->recoil_nodes().size()), spectrum;
    r.differential(map->recoil_nodes(), dn);
    BinnedCounts counts;
    for (auto _ : state) {
        map->evaluate(dn, &counts, &spectrum);
        benchmark::DoNotOptimize(counts.total_signal);
    }
}
BENCHMARK(BM_medium_map_apply)->Unit(benchmark::kMillisecond);

// The one-off precomputation: S(q, omega) at every recoil node integrated over the fine cells.
void BM_medium_map_build(benchmark::State& state) {
    const Experiment ex = saturne();
    const CrossSection xs(ex.target, Parameters{});
    const EventRate r(xs, ex.source, ex.geometry, ex.n_atoms);
    for (auto _ : state) benchmark::DoNotOptimize(make_deposited_map(ex, r.t_max()).get());
}
BENCHMARK(BM_medium_map_build)->Unit(benchmark::kMillisecond);

// One streamed chunk of `cevas rate` with a medium (issue 10 item 3): dN/domega of 4 scenarios
// on 4096 cells of a linear 0.1..190 meV grid of 1e5 points (the cells cut from its middle),
// evaluated on the fly by spectrum_cells with 1 or 2 threads (the argument).
void BM_medium_spectrum_chunk(benchmark::State& state) {
    const Experiment ex = saturne();
    const CrossSection xs(ex.target, Parameters{});
    const EventRate r(xs, ex.source, ex.geometry, ex.n_atoms);
    const DepositedEnergyMap map(SuperfluidHelium(ex.target.mass, ex.medium), r.t_max(),
                                 ex.detector, {});
    std::vector<double> dn(map.recoil_nodes().size());
    r.differential(map.recoil_nodes(), dn);
    const std::vector<std::vector<double>> f(4, dn);
    std::vector<double> points(4096);
    const double step = (190 - 0.1) * units::meV / (1e5 - 1);
    for (std::size_t i = 0; i < points.size(); ++i)
        points[i] = 0.1 * units::meV + static_cast<double>(50000 + i) * step;
    const auto edges =
        DepositedEnergyMap::cell_edges(points, points.front() - step, points.back() + step);
    std::vector<std::vector<double>> out(4, std::vector<double>(points.size()));
    std::vector<std::span<double>> o(out.begin(), out.end());
    const int threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        map.spectrum_cells(edges, f, o, threads);
        benchmark::DoNotOptimize(out[0][0]);
    }
    state.counters["rows_per_s"] = benchmark::Counter(
        static_cast<double>(points.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_medium_spectrum_chunk)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
