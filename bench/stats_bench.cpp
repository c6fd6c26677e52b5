// Throughput of the sensitivity hot paths (issue 8 item 8):
//  - a 1000 x 1000 scan over two vector NSI entries (nucleus.ee, nucleus.emu) of SATURNE
//    (10 MCi tritium at the centre of the 500 kg 4He tank, 5 y, 46 bins, a flat background),
//    with two profiled nuisances (source activity 5 %, background 10 %), on 2 threads;
//    target: >= 5e6 grid points per second (items_per_second);
//  - one Feldman–Cousins limit on the magnetic moment: 1e4 toys per tested value x 100 values,
//    2 threads; target: < 30 s per iteration.
// Run: build/bin/cevas_bench --benchmark_filter=Stats --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/geometry.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/stats/procedures.hpp"

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
                  4500 * units::day};
    ex.detector.exposure = 5 * units::year;
    ex.detector.threshold = 1 * units::meV;
    ex.detector.binning = Binning::linear(1 * units::meV, 185 * units::meV, 46);
    ex.detector.background.constant = 1e-9 / (units::eV * units::s);
    return ex;
}

FitParameter nsi_nucleus(const char* name, int row, int col) {
    FitParameter p;
    p.name = name;
    p.scale = 0.5;
    p.apply = [=](Parameters& q, double v) {
        set_hermitian(q.nsi.vector.nucleus, row, col, v, name);
    };
    return p;
}

const Model& scan_model() {
    static const Model m = [] {
        Model r;
        r.templates =
            build_templates(saturne(), Parameters{},
                            {nsi_nucleus("nucleus.ee", 0, 0), nsi_nucleus("nucleus.emu", 0, 1)});
        r.nuisances = {{NuisanceKind::source_activity, 0.05}, {NuisanceKind::background, 0.1}};
        return r;
    }();
    return m;
}

void BM_Stats_scan_1000x1000_two_nsi_two_nuisances(benchmark::State& state) {
    const Model& m = scan_model();
    const Data d = asimov_data(m, {0.0, 0.0});
    ScanGrid g;
    g.axes = {ParameterRange{-0.5, 0.5, 1000}.values(), ParameterRange{-0.5, 0.5, 1000}.values()};
    std::vector<double> out(g.size());
    for (auto _ : state) {
        scan_lines(m, d, g, 0, g.n_lines(), out.data(), static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * g.size()));
}
BENCHMARK(BM_Stats_scan_1000x1000_two_nsi_two_nuisances)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Stats_feldman_cousins_1e4_toys_100_values(benchmark::State& state) {
    static const Model m = [] {
        Model r;
        FitParameter mu;
        mu.name = "magnetic_moment";
        mu.unit = "mu_B";
        mu.scale = 1e-12;
        mu.apply = [](Parameters& q, double v) {
            q.electromagnetic.magnetic_moment = Matrix3c::diagonal(v, v, v);
        };
        r.templates = build_templates(saturne(), Parameters{}, {mu});
        r.nuisances = {{NuisanceKind::source_activity, 0.05}, {NuisanceKind::background, 0.1}};
        return r;
    }();
    const Data d = asimov_data(m, {0.0});
    for (auto _ : state) {
        const FcResult r = feldman_cousins(m, d, {0.0, 6e-13, 100}, 0.90, 10000, 1, 2);
        benchmark::DoNotOptimize(r.t_crit.data());
    }
}
BENCHMARK(BM_Stats_feldman_cousins_1e4_toys_100_values)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
