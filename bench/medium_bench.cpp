// Spectra in deposited energy with the superfluid-4He medium (issue 12 item 5): a 200-bin
// SATURNE spectrum in omega (10 MCi tritium at the centre of the 500 kg tank, 200 bins of 0.95
// meV and dN/domega at 200 points). The couplings-independent map is precomputed once
// (BM_medium_map_build measures it); a spectrum per coupling point is BM_medium_200_bins_saturne.
#include <benchmark/benchmark.h>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/io/table.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/rates/material_rate.hpp"
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

// The reference for `cevas rate --config` with a medium (issue 10 item 3): the library's
// evaluation of a 1e5-row table (linear 0.1..190 meV, the tank of examples/saturne_medium.toml,
// four scenario columns: here the SM four times) in 4096-row chunks, dN/dT by the array path
// and dN/domega by DepositedSpectrumBlocks, plus formatting the 10-column rows, one thread.
// Compare with the CLI's wall clock (docs/performance.md section 3).
void BM_medium_rows_library_plus_formatting(benchmark::State& state) {
    Experiment ex = saturne();
    ex.recoil.clear();
    ex.options.threads = 1;
    const Material material = single_isotope_material(ex.target);
    std::vector<MaterialRate> rates;
    for (int s = 0; s < 4; ++s)
        rates.emplace_back(material, Parameters{}, ex.source, ex.geometry, ex.n_atoms, ex.options);
    const RecoilGrid grid = parse_recoil_grid_spec("0.1meV:190meV:100000", "bench");
    constexpr std::size_t kChunk = 4096;
    for (auto _ : state) {
        const DepositedSpectrumBlocks blocks(ex, rates, 1);
        std::vector<double> tt(kChunk + 2);
        std::vector<std::vector<double>> cols(8, std::vector<double>(kChunk));
        std::array<double, 10> row{};
        std::string text;
        std::size_t bytes = 0;
        for (std::size_t first = 0; first < grid.size(); first += kChunk) {
            const std::size_t len = std::min(kChunk, grid.size() - first);
            const std::size_t lead = first > 0 ? 1 : 0, tail = first + len < grid.size() ? 1 : 0;
            grid.fill(first - lead, std::span<double>(tt.data(), len + lead + tail));
            const std::span<double> chunk(tt.data() + lead, len);
            for (std::size_t r = 0; r < 4; ++r) rates[r].differential(chunk, {cols[r].data(), len});
            std::vector<std::span<double>> omega;
            for (std::size_t r = 4; r < 8; ++r) omega.emplace_back(cols[r].data(), len);
            blocks.evaluate(chunk, lead ? std::optional<double>(tt[0]) : std::nullopt,
                            tail ? std::optional<double>(tt[lead + len]) : std::nullopt, omega);
            text.clear();
            for (std::size_t i = 0; i < len; ++i) {
                row = {chunk[i], cols[0][i], cols[1][i], cols[2][i], cols[3][i],
                       chunk[i], cols[4][i], cols[5][i], cols[6][i], cols[7][i]};
                append_csv_row(text, row);
            }
            bytes += text.size();
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * grid.size()));
}
BENCHMARK(BM_medium_rows_library_plus_formatting)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
