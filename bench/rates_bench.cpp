// Throughput of the event-rate hot paths (issue 5 item 8). Each iteration builds the rate
// (flux folding of the whole source) and evaluates a 200-bin tritium recoil spectrum.
#include <benchmark/benchmark.h>

#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/rates/detector.hpp"
#include "cevas/sources/tritium.hpp"

using namespace cevas;

namespace {

Detector detector_200_bins() {
    Detector d;
    d.exposure = 1 * units::year;
    d.binning = Binning::linear(0, 190 * units::meV, 200);
    return d;
}

// dN/dT at 200 recoil energies, point source at 1 m (with oscillation), 4He, SM.
void BM_tritium_spectrum_200_points_point(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    std::vector<double> t(200), out(200);
    for (int i = 0; i < 200; ++i) t[i] = (i + 0.5) * 0.95 * units::meV;
    for (auto _ : state) {
        const EventRate r(xs, src, point_geometry(1 * units::m), 1e26);
        r.differential(t, out);
        benchmark::DoNotOptimize(out.data());
    }
}
BENCHMARK(BM_tritium_spectrum_200_points_point)->Unit(benchmark::kMillisecond);

// 200 bins (each integrated with 8 Gauss–Legendre nodes), point source at 1 m.
void BM_tritium_200_bins_point(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const Detector d = detector_200_bins();
    for (auto _ : state) {
        const EventRate r(xs, src, point_geometry(1 * units::m), 1e26);
        benchmark::DoNotOptimize(bin_counts(r, d).total_signal);
    }
}
BENCHMARK(BM_tritium_200_bins_point)->Unit(benchmark::kMillisecond);

// Source at the centre of a cylindrical tank (R = 0.5 m, H = 1 m, 5 cm capsule): flux and
// oscillation phase averaged over 192 baselines; dN/dT at 200 recoil energies.
void BM_tritium_spectrum_200_points_tank(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry g = cylinder_geometry(
        {.radius = 0.5 * units::m, .height = 1 * units::m, .inner_radius = 0.05 * units::m});
    std::vector<double> t(200), out(200);
    for (int i = 0; i < 200; ++i) t[i] = (i + 0.5) * 0.95 * units::meV;
    for (auto _ : state) {
        const EventRate r(xs, src, g, 1e26);
        r.differential(t, out);
        benchmark::DoNotOptimize(out.data());
    }
}
BENCHMARK(BM_tritium_spectrum_200_points_tank)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {
// The same tank, 200 bins (issue 5: tank geometry with oscillation averaging under 100 ms).
void BM_tritium_200_bins_tank(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry g = cylinder_geometry(
        {.radius = 0.5 * units::m, .height = 1 * units::m, .inner_radius = 0.05 * units::m});
    const Detector d = detector_200_bins();
    for (auto _ : state) {
        const EventRate r(xs, src, g, 1e26);
        benchmark::DoNotOptimize(bin_counts(r, d).total_signal);
    }
}
BENCHMARK(BM_tritium_200_bins_tank)->Unit(benchmark::kMillisecond);
}  // namespace
