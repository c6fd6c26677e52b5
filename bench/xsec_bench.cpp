// Throughput of the cross-section hot paths (issue 3 item 8, issue 4 item 8).
// Reported as items_per_second = dsigma/dT evaluations per second on one core.
#include <benchmark/benchmark.h>

#include <vector>

#include "cevas/core/units.hpp"
#include "cevas/xsec/cross_section.hpp"

using namespace cevas;

namespace {

std::vector<double> recoil_grid(std::size_t n, double t_lo, double t_hi) {
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i)
        t[i] = n == 1 ? t_lo
                      : t_lo + (t_hi - t_lo) * static_cast<double>(i) / static_cast<double>(n - 1);
    return t;
}

Parameters all_terms_on() {
    Parameters p;
    set_hermitian(p.nsi.vector.nucleus, 0, 0, 0.1, "bench");
    set_hermitian(p.nsi.vector.nucleus, 0, 1, complex(0.05, -0.02), "bench");
    set_hermitian(p.nsi.vector.e, 0, 2, complex(0.03, 0.01), "bench");
    set_hermitian(p.nsi.vector.u, 1, 1, 0.02, "bench");
    set_hermitian(p.nsi.axial.p, 0, 0, 0.05, "bench");
    set_hermitian(p.nsi.scalar.nucleus, 0, 0, 0.01, "bench");
    set_hermitian(p.nsi.tensor.nucleus, 0, 1, 0.01, "bench");
    set_hermitian(p.nsi.tensor.e, 0, 0, 0.01, "bench");
    p.electromagnetic.millicharge = 1e-15 * Matrix3c::identity();
    set_hermitian(p.electromagnetic.millicharge, 0, 1, 3e-16, "bench");
    p.electromagnetic.magnetic_moment = 1e-12 * Matrix3c::identity();
    p.electromagnetic.charge_radius = (1e-32 * units::cm2) * Matrix3c::identity();
    return p;
}

// Issue 3: SM dsigma/dT for 4He with gauss6 over an array of recoil energies.
void BM_He4_gauss6_array(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const auto t =
        recoil_grid(static_cast<std::size_t>(state.range(0)), 0.1 * units::meV, 120 * units::meV);
    std::vector<double> out(t.size());
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    for (auto _ : state) {
        xs.dsigma_dT(p, 15 * units::keV, t, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_He4_gauss6_array)->Arg(256)->Arg(4096)->Arg(65536);

// Issue 3: the scalar reference path, one call per point.
void BM_He4_gauss6_scalar(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), Parameters{});
    const auto t = recoil_grid(1024, 0.1 * units::meV, 120 * units::meV);
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    for (auto _ : state) {
        double s = 0;
        for (double ti : t) s += xs.dsigma_dT(p, {.e_nu = 15 * units::keV, .t_recoil = ti});
        benchmark::DoNotOptimize(s);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_He4_gauss6_scalar);

// Issue 4: everything on (3x3 complex G with vector/axial/scalar/tensor NSI, millicharge,
// magnetic moment, charge radius, oscillation at L = 1 m), on 1H (axial shells too).
// Each iteration: new (E, L) -> flavour coefficients, then an array of recoils.
void BM_full_new_physics_array(benchmark::State& state) {
    const CrossSection xs(make_target(state.range(1) == 0 ? "He4" : "H1"), all_terms_on());
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto t = recoil_grid(n, 0.1 * units::meV, 100 * units::meV);
    std::vector<double> out(n);
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    const BaselineSet one_metre = BaselineSet::point(1 * units::m);
    double e = 15 * units::keV;
    for (auto _ : state) {
        e = e > 18 * units::keV ? 15 * units::keV : e + 1.0;
        xs.dsigma_dT(p, e, t, out, one_metre);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_full_new_physics_array)->Args({1, 0})->Args({16, 0})->Args({256, 0})->Args({256, 1});

// Issue 4: everything on, scalar path with a new (E, T, L) at every call.
void BM_full_new_physics_scalar(benchmark::State& state) {
    const CrossSection xs(make_target("He4"), all_terms_on());
    const Projectile p{Flavor::e, NeutrinoType::antineutrino};
    double e = 15 * units::keV, t = 1 * units::meV;
    for (auto _ : state) {
        e = e > 18 * units::keV ? 15 * units::keV : e + 1.0;
        t = t > 90 * units::meV ? 1 * units::meV : t + 0.01 * units::meV;
        benchmark::DoNotOptimize(
            xs.dsigma_dT(p, {.e_nu = e, .t_recoil = t, .baseline = 1 * units::m}));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_full_new_physics_scalar);

}  // namespace
