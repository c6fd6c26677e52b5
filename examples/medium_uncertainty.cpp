// How much do SATURNE's numbers in He II depend on the medium's inputs? (docs/medium.md)
// Varies <E_kin>, n0, the S(q) and Z(q) anchors and the hand-over, and prints, for each variant,
// the SM dip (position and depth relative to CEvNS) in deposited energy and the counts above
// 0.5 and 1 meV (10 MCi tritium at the centre of the 500 kg tank, 5 years, source decaying).
// Build: part of the default build (target medium_uncertainty); run: build/bin/medium_uncertainty
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"
#include "cevas/rates/deposited.hpp"
#include "cevas/sources/tritium.hpp"

int main() {
    using namespace cevas;
    const Target he4 = make_target("He4");
    const Source src = tritium_source_from_activity(10 * units::MCi);
    const FluxGeometry geo = cylinder_geometry(
        {.radius = 0.819 * units::m, .height = 1.637 * units::m, .inner_radius = 0.1 * units::m});
    const double n_atoms = atoms_in_mass(500 * units::kg, he4.mass);
    Parameters bare;
    bare.atomic_form_factor = AtomicFormFactorModel::none;
    const CrossSection xs_sm(he4, Parameters{}), xs_ce(he4, bare);
    const EventRate sm(xs_sm, src, geo, n_atoms), ce(xs_ce, src, geo, n_atoms);
    Experiment ex{he4, src, geo, n_atoms, {}, {}, {}, TritiumParameters{}.half_life, {}};
    ex.detector.exposure = 5 * units::year;
    const double exposure = effective_exposure(ex);
    Detector det;
    det.exposure = exposure;
    det.binning = Binning::explicit_edges({0.5 * units::meV, 1 * units::meV, 400 * units::meV});
    std::vector<double> grid;  // dip search: 0.05 meV steps from 3 to 30 meV
    for (int i = 0; i <= 540; ++i) grid.push_back((3 + 0.05 * i) * units::meV);

    struct Variant {
        std::string name;
        HeliumTables tables;
        Medium medium;
    };
    const HeliumTables nominal = default_helium_tables();
    const Medium he2{MediumModel::superfluid_he4};
    std::vector<Variant> variants = {{"nominal", nominal, he2}};
    auto add = [&](const std::string& name, auto change,
                   Medium m = Medium{MediumModel::superfluid_he4}) {
        HeliumTables t = nominal;
        change(t);
        variants.push_back({name, t, m});
    };
    add("E_kin 13 K", [](HeliumTables& t) { t.kinetic_energy = 13.0 * units::kelvin; });
    add("E_kin 15 K", [](HeliumTables& t) { t.kinetic_energy = 15.0 * units::kelvin; });
    add("n0 0.065", [](HeliumTables& t) { t.condensate_fraction = 0.065; });
    add("n0 0.080", [](HeliumTables& t) { t.condensate_fraction = 0.080; });
    add("Z x 0.85", [](HeliumTables& t) {
        for (double& z : t.single_excitation) z *= 0.85;
    });
    add("Z x 1.15 (q >= 1.2)", [](HeliumTables& t) {
        for (std::size_t i = 0; i < t.single_excitation.size(); ++i)
            if (t.structure_q[i] >= 1.2 / units::angstrom)
                t.single_excitation[i] =
                    std::min(t.single_excitation[i] * 1.15, t.static_structure[i]);
    });
    add("S x 0.95 (q >= 1.2)", [](HeliumTables& t) {
        // Below 1.2 A^-1 one excitation carries nearly all of S: S < Z would be inconsistent.
        for (std::size_t i = 0; i < t.static_structure.size(); ++i)
            if (t.structure_q[i] >= 1.2 / units::angstrom) t.static_structure[i] *= 0.95;
    });
    add("S x 1.05", [](HeliumTables& t) {
        for (double& s : t.static_structure) s *= 1.05;
    });
    Medium early{MediumModel::superfluid_he4};
    early.q_collective = 2.0 / units::angstrom;
    early.q_impulse = 4.5 / units::angstrom;
    Medium late{MediumModel::superfluid_he4};
    late.q_collective = 3.0 / units::angstrom;
    late.q_impulse = 5.5 / units::angstrom;
    add(
        "hand-over 2.0-4.5 A^-1", [](HeliumTables&) {}, early);
    add(
        "hand-over 3.0-5.5 A^-1", [](HeliumTables&) {}, late);

    std::printf("%-24s %10s %10s %10s %10s %10s %10s\n", "variant", "dip [meV]", "depth", "sm>1meV",
                "sm>0.5meV", "ce>1meV", "ce>0.5meV");
    for (const Variant& v : variants) {
        std::unique_ptr<SuperfluidHelium> model;
        try {
            model = std::make_unique<SuperfluidHelium>(he4.mass, v.medium, v.tables);
        } catch (const Exception& e) {
            std::printf("%-24s inconsistent tables: %s\n", v.name.c_str(), e.what());
            continue;
        }
        const SuperfluidHelium& he = *model;
        const DepositedEnergyMap map(he, sm.t_max(), det, grid);
        std::vector<double> a(map.recoil_nodes().size()), b(a.size());
        sm.differential(map.recoil_nodes(), a);
        ce.differential(map.recoil_nodes(), b);
        BinnedCounts ca, cb;
        std::vector<double> sa, sb;
        map.evaluate(a, &ca, &sa);
        map.evaluate(b, &cb, &sb);
        std::size_t k = 0;
        for (std::size_t i = 0; i < sa.size(); ++i)
            if (sa[i] < sa[k]) k = i;
        std::printf("%-24s %10.2f %10.4f %10.2f %10.2f %10.2f %10.2f\n", v.name.c_str(),
                    grid[k] / units::meV, sa[k] / sb[k], ca.signal[1], ca.total_signal,
                    cb.signal[1], cb.total_signal);
    }
    return 0;
}
