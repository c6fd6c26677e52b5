// Streaming output of `cevas xsec` (issue 10 item 3, issue 11): the rows of 1e6 recoils
// evaluated in chunks (CrossSection::breakdown over precomputed coefficients) and formatted
// (shortest round-trip text, 12 columns) into a reused buffer, against the reference cost "array
// path plus formatting": dsigma/dT over the same 1e6 recoils by the vectorised array path, plus
// formatting the same number of values. Target: streaming <= 3x the reference.
// Workload: 4He, anti-nu_e at 15 keV, 1 meV .. 100 meV (the SATURNE default spectrum).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/io/table.hpp"
#include "cevas/rates/event_rate.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/xsec/cross_section.hpp"

using namespace cevas;

namespace {

constexpr std::size_t kRows = 1'000'000;
constexpr std::size_t kChunk = 4096;

const RecoilGrid& grid() {
    static const RecoilGrid g = parse_recoil_grid_spec("1meV:100meV:1000000", "bench");
    return g;
}

void BM_xsec_rows_array_path_plus_formatting(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    const Coefficients c = xs.coefficients(p, 15 * units::keV, BaselineSet::point(0));
    std::vector<double> t(kChunk), out(kChunk);
    std::string text;
    std::array<double, 12> row{};
    for (auto _ : state) {
        std::size_t bytes = 0;
        for (std::size_t first = 0; first < kRows; first += kChunk) {
            const std::size_t len = std::min(kChunk, kRows - first);
            grid().fill(first, {t.data(), len});
            xs.evaluate(c, {t.data(), len}, {out.data(), len});
            text.clear();
            for (std::size_t i = 0; i < len; ++i) {
                row.fill(out[i]);
                row[0] = t[i];
                append_csv_row(text, row);
            }
            bytes += text.size();
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_xsec_rows_array_path_plus_formatting)->Unit(benchmark::kMillisecond);

void BM_xsec_rows_streamed(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    const Coefficients c = xs.coefficients(p, 15 * units::keV, BaselineSet::point(0));
    std::vector<double> t(kChunk);
    std::vector<Breakdown> b(kChunk);
    std::string text;
    std::array<double, 12> row{};
    for (auto _ : state) {
        std::size_t bytes = 0;
        for (std::size_t first = 0; first < kRows; first += kChunk) {
            const std::size_t len = std::min(kChunk, kRows - first);
            grid().fill(first, {t.data(), len});
            xs.breakdown(c, {t.data(), len}, {b.data(), len});
            text.clear();
            for (std::size_t i = 0; i < len; ++i) {
                const Breakdown& x = b[i];
                row = {t[i],
                       std::sqrt(x.q2),
                       x.atomic_form_factor,
                       x.nuclear_form_factor,
                       x.c_v,
                       x.c_a,
                       x.c_s,
                       x.c_t,
                       x.mu_eff2,
                       x.weak,
                       x.magnetic,
                       x.dsigma_dT};
                append_csv_row(text, row);
            }
            bytes += text.size();
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_xsec_rows_streamed)->Unit(benchmark::kMillisecond);

// The reference for `cevas rate --config` with 1e6 rows (issue 10 item 3): the array path of
// EventRate (tritium, 10 MCi, 4He, point source at 1 m) over 1e6 recoils from 0.1 to 190 meV in
// chunks of 4096, four scenario columns (the same rate four times, as examples/saturne.toml's
// four scenarios), plus formatting the 5-column rows. Compare with the CLI's wall clock
// (docs/performance.md section 3).
void BM_rate_rows_array_path_plus_formatting(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const EventRate rate(xs, tritium_source_from_activity(10 * units::MCi),
                         point_geometry(1 * units::m), 1e28);
    static const RecoilGrid g = parse_recoil_grid_spec("0.1meV:190meV:1000000", "bench");
    std::vector<double> t(kChunk);
    std::array<std::vector<double>, 4> cols;
    for (auto& c : cols) c.resize(kChunk);
    std::string text;
    std::array<double, 5> row{};
    for (auto _ : state) {
        std::size_t bytes = 0;
        for (std::size_t first = 0; first < kRows; first += kChunk) {
            const std::size_t len = std::min(kChunk, kRows - first);
            g.fill(first, {t.data(), len});
            for (auto& c : cols) rate.differential({t.data(), len}, {c.data(), len});
            text.clear();
            for (std::size_t i = 0; i < len; ++i) {
                row = {t[i], cols[0][i], cols[1][i], cols[2][i], cols[3][i]};
                append_csv_row(text, row);
            }
            bytes += text.size();
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_rate_rows_array_path_plus_formatting)->Unit(benchmark::kMillisecond);

}  // namespace
