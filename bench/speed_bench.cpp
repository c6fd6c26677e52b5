// Issue 10 (speed at scale): the peers' workload, vectorised form factors against the scalar
// reference path, and thread scaling. items_per_second = dsigma/dT (or F_N) evaluations per
// second. Run with --benchmark_repetitions=3 and read the medians (docs/performance.md).
#include <benchmark/benchmark.h>

#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/targets/form_factor.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/cross_section.hpp"

using namespace cevas;

namespace {

std::vector<double> recoils(std::size_t n, double lo, double hi) {
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i)
        t[i] = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1);
    return t;
}

// The workload: CEvNS on Xe132 with the Helm form factor, electrons off (atomic form
// factor none), nu_e at 10 MeV, 1e5 recoils from 10 eV to 1.6 keV. Args: threads, recoils
// (1e5: the workload; 1e6 and 1e7: large inputs, beyond the caches).
void BM_Xe132_helm_cevns_array(benchmark::State& state) {
    Parameters par;
    par.atomic_form_factor = AtomicFormFactorModel::none;
    par.nuclear_form_factor = NuclearFormFactorModel::helm;
    const CrossSection xs(make_target("Xe132"), par);
    const auto t =
        recoils(static_cast<std::size_t>(state.range(1)), 10 * units::eV, 1.6 * units::keV);
    std::vector<double> out(t.size());
    const Projectile p{Flavor::e, NeutrinoType::neutrino};
    const int threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        xs.dsigma_dT(p, 10 * units::MeV, t, out, BaselineSet{}, threads);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_Xe132_helm_cevns_array)
    ->ArgsProduct({{1, 2}, {100000, 1000000, 10000000}})
    ->UseRealTime();

// The nuclear form factor alone over the same recoils: array path (vectorised) vs the scalar
// reference (std::sin/cos/exp per point). Arg 0: Helm, 1: Klein-Nystrand.
template <bool Reference>
void nuclear_ff(benchmark::State& state) {
    const auto model =
        state.range(0) == 0 ? NuclearFormFactorModel::helm : NuclearFormFactorModel::klein_nystrand;
    const NuclearFormFactor f(model, 132);
    const double m = make_target("Xe132").mass;
    auto q2 = recoils(100000, 10 * units::eV, 1.6 * units::keV);
    for (double& x : q2) x = 2 * m * x + x * x;
    std::vector<double> out(q2.size());
    for (auto _ : state) {
        if constexpr (Reference)
            f.evaluate_reference(q2, out);
        else
            f.evaluate(q2, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(q2.size()));
}
void BM_Xe132_nuclear_ff_vectorised(benchmark::State& s) { nuclear_ff<false>(s); }
void BM_Xe132_nuclear_ff_scalar_reference(benchmark::State& s) { nuclear_ff<true>(s); }
BENCHMARK(BM_Xe132_nuclear_ff_vectorised)->Arg(0)->Arg(1);
BENCHMARK(BM_Xe132_nuclear_ff_scalar_reference)->Arg(0)->Arg(1);

// The atomic paths must not get slower: He4 with gauss6 and with hubbell, 1e5 recoils.
void BM_He4_atomic_array(benchmark::State& state) {
    Parameters par;
    par.atomic_form_factor =
        state.range(0) == 0 ? AtomicFormFactorModel::gauss6 : AtomicFormFactorModel::hubbell;
    const CrossSection xs(make_target("He4"), par);
    const auto t = recoils(100000, 0.1 * units::meV, 120 * units::meV);
    std::vector<double> out(t.size());
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    for (auto _ : state) {
        xs.dsigma_dT(p, 15 * units::keV, t, out, BaselineSet{}, 1);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_He4_atomic_array)->Arg(0)->Arg(1);

}  // namespace

#include "cevas/rates/event_rate.hpp"
#include "cevas/sources/tritium.hpp"

namespace {

// Building an EventRate (flux folding of the tritium spectrum, 4He, SM, oscillations on):
// Arg 0: point source at 1 m; Arg 1: source off axis in a tank (R = 0.5 m, H = 1 m), 8192
// flux-weighted baselines (n_angle = 8: 32 x 32 directions x 8 radii).
void BM_event_rate_build(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const FluxGeometry g = state.range(0) == 0
                               ? point_geometry(1 * units::m)
                               : cylinder_geometry({.radius = 0.5 * units::m,
                                                    .height = 1 * units::m,
                                                    .source_offset_radial = 0.2 * units::m},
                                                   8, 8);
    state.counters["baselines"] = static_cast<double>(g.baselines.baselines.size());
    for (auto _ : state) {
        const EventRate r(xs, src, g, 1e26);
        benchmark::DoNotOptimize(r.t_max());
    }
}
BENCHMARK(BM_event_rate_build)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

#include "cevas/rates/detector.hpp"

namespace {

// Binned counts with a Gaussian resolution (sigma = 1 meV + 5%), tritium on 4He at 1 m, bins
// over 0..190 meV. Args: number of bins, threads. The EventRate is built once outside the loop.
void BM_bin_counts_resolution(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Source src = tritium_source_from_activity(1 * units::MCi);
    const EventRate r(xs, src, point_geometry(1 * units::m), 1e26);
    Detector d;
    d.exposure = 1 * units::year;
    d.resolution = {.sigma_abs = 1 * units::meV, .sigma_rel = 0.05};
    d.binning = Binning::linear(0, 190 * units::meV, static_cast<int>(state.range(0)));
    const int threads = static_cast<int>(state.range(1));
    for (auto _ : state) benchmark::DoNotOptimize(bin_counts(r, d, -1, 1, threads).total_signal);
}
BENCHMARK(BM_bin_counts_resolution)
    ->Args({100, 1})
    ->Args({1000, 1})
    ->Args({3000, 1})
    ->Args({3000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

namespace {

// The pieces of the tank's cost: building the compressed phase rules of 8192 baselines (Arg 0)
// and the three averages per energy at the 600-odd energies of the tritium fold (Arg 1).
void BM_phase_averager(benchmark::State& state) {
    const FluxGeometry g = cylinder_geometry(
        {.radius = 0.5 * units::m, .height = 1 * units::m, .source_offset_radial = 0.2 * units::m},
        8, 8);
    const PhaseAverager avg(g.baselines.baselines, g.baselines.weights);
    std::vector<double> energies;
    for (int k = 1; k <= 600; ++k) energies.push_back(18.6 * units::keV * k * k / 360000.0);
    for (auto _ : state) {
        if (state.range(0) == 0) {
            const PhaseAverager a(g.baselines.baselines, g.baselines.weights);
            benchmark::DoNotOptimize(a.total_weight());
        } else {
            std::complex<double> s = 0;
            for (double e : energies) {
                s += avg.average(7.42e-5 / (2 * e));
                s += avg.average(2.517e-3 / (2 * e));
                s += avg.average((2.517e-3 - 7.42e-5) / (2 * e));
            }
            benchmark::DoNotOptimize(s);
        }
    }
}
BENCHMARK(BM_phase_averager)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
