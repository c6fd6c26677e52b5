// xsec against the committed reference tables of scripts/reference_xsec.py (an independent numpy
// implementation of PHYSICS.md sections 3, 4 and 7): dsigma/dT and every piece of it for the SM
// and each new-physics term on its own, the dip position, and total cross sections.
// Regenerate with `/usr/bin/python3 scripts/reference_xsec.py`.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "common/csv.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kQuadrature;
using test::kReference;
using test::kRoot;

using test::CsvTable;
using test::read_csv;
using test::split;

NsiLevels& structure(NsiParameters& nsi, const std::string& name) {
    if (name == "vector") return nsi.vector;
    if (name == "axial") return nsi.axial;
    if (name == "scalar") return nsi.scalar;
    if (name == "tensor") return nsi.tensor;
    throw std::runtime_error("unknown structure " + name);
}

Matrix3c& level(NsiLevels& lv, const std::string& name) {
    if (name == "u") return lv.u;
    if (name == "d") return lv.d;
    if (name == "p") return lv.p;
    if (name == "n") return lv.n;
    if (name == "nucleus") return lv.nucleus;
    if (name == "e") return lv.e;
    throw std::runtime_error("unknown level " + name);
}

// The `settings` column of the tables (documented in scripts/reference_xsec.py), parsed with
// the library's own parse_complex / parse_flavor_pair (tested in tests/couplings).
Parameters parse_settings(const std::string& text) {
    Parameters p;
    for (const std::string& item : split(text, ';')) {
        if (item.empty()) continue;
        const auto kv = split(item, '=');
        if (kv.size() != 2) throw std::runtime_error("bad setting " + item);
        const std::string& key = kv[0];
        const std::string& value = kv[1];
        const auto parts = split(key, '.');
        const auto set = [&](Matrix3c& m, const std::string& pair, double scale) {
            const auto [i, j] = parse_flavor_pair(pair, key);
            set_hermitian(m, i, j, scale * parse_complex(value, key), key);
        };
        if (parts[0] == "nsi" && parts.size() == 4) {
            set(level(structure(p.nsi, parts[1]), parts[2]), parts[3], 1.0);
        } else if (parts[0] == "millicharge") {
            set(p.electromagnetic.millicharge, parts[1], 1.0);
        } else if (parts[0] == "magnetic_moment") {
            set(p.electromagnetic.magnetic_moment, parts[1], 1.0);
        } else if (parts[0] == "charge_radius_cm2") {
            set(p.electromagnetic.charge_radius, parts[1], units::cm2);
        } else if (key == "ordering") {
            p.mixing = MixingParameters::nufit52(parse_mass_ordering(value));
        } else if (key == "axial_rule") {
            p.nsi.axial_rule = parse_axial_quark_rule(value);
        } else if (key == "tensor_model") {
            p.nsi.tensor_model = parse_tensor_model(value);
        } else if (key == "atomic_ff") {
            p.atomic_form_factor = parse_atomic_form_factor(value);
        } else if (key == "nuclear_ff") {
            p.nuclear_form_factor = parse_nuclear_form_factor(value);
        } else {
            throw std::runtime_error("unknown setting " + key);
        }
    }
    return p;
}

// One CrossSection per (target, settings), built on first use.
class XsCache {
 public:
    const CrossSection& get(const std::string& target, const std::string& settings) {
        auto& slot = cache_[target + "|" + settings];
        if (!slot) {
            Parameters p = parse_settings(settings);
            slot = std::make_unique<CrossSection>(make_target(target, p.constants), std::move(p));
        }
        return *slot;
    }

 private:
    std::map<std::string, std::unique_ptr<CrossSection>> cache_;
};

TEST(XsecReference, SettingsParserRejectsTypos) {
    EXPECT_THROW(parse_settings("nsi.vectr.u.ee=0.1"), std::runtime_error);
    EXPECT_THROW(parse_settings("nsi.vector.u.ex=0.1"), InvalidArgument);
    EXPECT_THROW(parse_settings("nsi.vector.u.ee=0.1i"), InvalidArgument);  // complex diagonal
    const Parameters p = parse_settings("nsi.vector.nucleus.emu=0.1-0.05i;ordering=inverted");
    EXPECT_EQ(p.nsi.vector.nucleus(1, 0), complex(0.1, 0.05));
    EXPECT_EQ(p.mixing.ordering(), MassOrdering::inverted);
}

TEST(XsecReference, DifferentialCrossSection) {
    const CsvTable t = read_csv("xsec/dsigma_dT.csv");
    ASSERT_GT(t.rows.size(), 1000u);
    const auto c_case = t.col("case"), c_target = t.col("target"), c_flavor = t.col("flavor"),
               c_type = t.col("type"), c_e = t.col("e_nu_eV"), c_t = t.col("t_eV"),
               c_l = t.col("baseline_m"), c_set = t.col("settings");
    const std::pair<const char*, double Breakdown::*> pieces[] = {
        {"f_e", &Breakdown::atomic_form_factor},
        {"f_n", &Breakdown::nuclear_form_factor},
        {"c_v", &Breakdown::c_v},
        {"c_a", &Breakdown::c_a},
        {"c_s", &Breakdown::c_s},
        {"c_t", &Breakdown::c_t},
        {"mu_eff2", &Breakdown::mu_eff2},
        {"weak", &Breakdown::weak},
        {"magnetic", &Breakdown::magnetic},
        {"dsigma_dT_eV3", &Breakdown::dsigma_dT}};
    XsCache cache;
    std::map<std::string, int> compared;
    for (const auto& r : t.rows) {
        const CrossSection& xs = cache.get(r[c_target], r[c_set]);
        const Projectile p{parse_flavor(r[c_flavor]), parse_neutrino_type(r[c_type])};
        const double e = std::stod(r[c_e]) * units::eV;
        const double tr = std::stod(r[c_t]) * units::eV;
        const double l = std::stod(r[c_l]) * units::m;
        const std::string where = r[c_case] + " " + r[c_target] + " " + r[c_flavor] + " " +
                                  r[c_type] + " E = " + r[c_e] + " T = " + r[c_t] +
                                  " L = " + r[c_l] + " [" + r[c_set] + "]";
        const Breakdown b = xs.breakdown(p, {.e_nu = e, .t_recoil = tr, .baseline = l});
        for (const auto& [column, member] : pieces) {
            EXPECT_REL_NEAR(b.*member, std::stod(r[t.col(column)]), kReference)
                << column << ": " << where;
        }
        const double expected = std::stod(r[t.col("dsigma_dT_eV3")]);
        EXPECT_REL_NEAR(xs.dsigma_dT(p, {.e_nu = e, .t_recoil = tr, .baseline = l}), expected,
                        kReference)
            << "scalar path: " << where;
        double out = 0;
        xs.dsigma_dT(p, e, {&tr, 1}, {&out, 1}, BaselineSet::point(l));
        EXPECT_REL_NEAR(out, expected, kReference) << "array path: " << where;
        EXPECT_REL_NEAR(b.dsigma_dT / (units::cm2 / units::eV),
                        std::stod(r[t.col("dsigma_dT_cm2_per_eV")]), kReference)
            << "cm^2/eV: " << where;
        ++compared[r[c_case]];
    }
    // Every term of the brief is covered by at least one case.
    for (const char* c : {"sm", "cevns_helm", "cevns_klein_nystrand", "nsi_nucleus_emu",
                          "nsi_quark", "nsi_electron_emu", "millicharge_matrix", "magnetic_offdiag",
                          "charge_radius_ee", "axial_quark", "scalar_quark", "tensor_spin",
                          "tensor_coherent", "osc_normal", "osc_inverted", "osc_nsi"}) {
        EXPECT_GT(compared[c], 0) << c;
    }
}

TEST(XsecReference, DipPosition) {
    // The dip C_V = 0 (a double zero) located from the library's C_V by bisecting on the sign of
    // its symmetric difference quotient, against the script's root of G_ee = 0.
    const CsvTable t = read_csv("xsec/dip.csv");
    ASSERT_GE(t.rows.size(), 5u);
    for (const auto& r : t.rows) {
        Parameters par;
        par.atomic_form_factor = parse_atomic_form_factor(r[t.col("atomic_ff")]);
        par.nuclear_form_factor = parse_nuclear_form_factor(r[t.col("nuclear_ff")]);
        const CrossSection xs(make_target(r[t.col("target")]), par);
        const double expected = std::stod(r[t.col("t_dip_eV")]);
        for (auto type : {NeutrinoType::neutrino, NeutrinoType::antineutrino}) {
            const Projectile p{Flavor::e, type};
            const auto cv = [&](double tr) {
                return xs.breakdown(p, {.e_nu = 15 * units::keV, .t_recoil = tr}).c_v;
            };
            double lo = 0.5 * expected, hi = 2 * expected;
            for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
                const double mid = 0.5 * (lo + hi);
                (cv(mid * (1 + 1e-7)) > cv(mid * (1 - 1e-7)) ? hi : lo) = mid;
            }
            const double found = 0.5 * (lo + hi);
            EXPECT_REL_NEAR(found, expected, kRoot)
                << r[t.col("target")] << " " << r[t.col("atomic_ff")];
            EXPECT_LT(cv(found), 1e-12 * cv(0.0));
        }
    }
}

TEST(XsecReference, TotalCrossSection) {
    const CsvTable t = read_csv("xsec/total_cross_section.csv");
    ASSERT_GT(t.rows.size(), 10u);
    XsCache cache;
    for (const auto& r : t.rows) {
        const CrossSection& xs = cache.get(r[t.col("target")], r[t.col("settings")]);
        const Projectile p{parse_flavor(r[t.col("flavor")]), parse_neutrino_type(r[t.col("type")])};
        const double e = std::stod(r[t.col("e_nu_eV")]) * units::eV;
        const double sigma = total_cross_section(xs, p, e);
        EXPECT_REL_NEAR(sigma, std::stod(r[t.col("sigma_eV2")]), kQuadrature)
            << r[t.col("target")] << " [" << r[t.col("settings")] << "] " << r[t.col("flavor")]
            << " " << r[t.col("type")] << " E = " << r[t.col("e_nu_eV")];
        EXPECT_REL_NEAR(sigma / units::cm2, std::stod(r[t.col("sigma_cm2")]), kQuadrature);
    }
}

}  // namespace
}  // namespace cevas
