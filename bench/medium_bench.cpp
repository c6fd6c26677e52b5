// Spectra in deposited energy with the superfluid-4He medium (issue 12 item 5): a 200-bin
// SATURNE spectrum in omega (10 MCi tritium at the centre of the 500 kg tank, 200 bins of 0.95
// meV and dN/domega at 200 points). The couplings-independent map is precomputed once
// (BM_medium_map_build measures it); a spectrum per coupling point is BM_medium_200_bins_saturne.
#include <benchmark/benchmark.h>

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

}  // namespace
