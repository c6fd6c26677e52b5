// Reader of event-rate configurations ([target], [source], [geometry], [detector], [binning],
// [spectrum], [run], physics sections and [[scenario]]).
#include "cevas/io/rate_config.hpp"

#include <cmath>
#include <optional>

#include "cevas/core/units.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/oscillation/solar.hpp"
#include "cevas/sources/lines.hpp"
#include "cevas/sources/pion_dar.hpp"
#include "cevas/sources/reactor.hpp"
#include "cevas/sources/solar.hpp"
#include "cevas/sources/tabulated.hpp"
#include "cevas/sources/tritium.hpp"
#include "cevas/targets/material.hpp"
#include "config_detail.hpp"
#include "response_config.hpp"

namespace cevas {

namespace {

using config_detail::Section;

// Numbers of an array, each either a number or a string with a unit parsed by `parse`.
std::vector<double> quantity_array(const Section& s, std::string_view key,
                                   double (*parse)(std::string_view, std::string_view, Domain),
                                   Domain domain, bool bare_ok) {
    std::vector<double> v;
    const toml::node* n = s.node(key);
    if (!n) return v;
    const std::string full = s.key_path(key);
    if (!n->is_array()) s.fail(full, config_detail::node_text(*n), "expected an array", n);
    std::size_t k = 0;
    for (const toml::node& e : *n->as_array()) {
        const std::string path = full + "[" + std::to_string(k++) + "]";
        if (e.is_string()) {
            v.push_back(s.convert(key, [&] { return parse(e.as_string()->get(), path, domain); }));
        } else if (e.is_number() && bare_ok) {
            const double x = e.is_integer() ? static_cast<double>(e.as_integer()->get())
                                            : e.as_floating_point()->get();
            // The same domain rules as a string value.
            if (!std::isfinite(x))
                s.fail(path, config_detail::node_text(e), "not a finite number", &e);
            if (domain == Domain::non_negative && x < 0)
                s.fail(path, config_detail::node_text(e), "must not be negative", &e);
            if (domain == Domain::positive && !(x > 0))
                s.fail(path, config_detail::node_text(e), "must be positive", &e);
            v.push_back(x);
        } else if (e.is_number()) {
            s.fail(path, config_detail::node_text(e), "missing unit (write e.g. \"1meV\")", &e);
        } else {
            s.fail(path, config_detail::node_text(e), "expected a quantity", &e);
        }
    }
    return v;
}

double required(const Section& s, std::string_view key, std::optional<double> v, const char* hint) {
    if (!v) s.fail(s.key_path(key), "(missing)", std::string("required: ") + hint);
    return *v;
}

// A required number that must be > 0, checked here so that the message names the key and shows
// the value as written (the library would report it in natural units under its own name).
double required_positive(const Section& s, std::string_view key, const char* hint) {
    const double v = required(s, key, s.number(key), hint);
    if (!(v > 0)) s.fail(s.key_path(key), format_value(v), "must be positive", s.node(key));
    return v;
}

Source parse_source(const Section& s, const PhysicalConstants& k) {
    const auto type = s.string("type");
    if (!type)
        s.fail(s.key_path("type"), "(missing)",
               "required: tritium, cr51, ar37, line, pion_dar, reactor, table or solar");
    const std::string t = *type;
    if (t == "tritium") {
        s.allow(
            {"type", "half_life", "decay_during_exposure", "activity", "mass", "fermi_function"});
        TritiumParameters p;
        if (auto f = s.string("fermi_function"))
            p.fermi_function = s.convert("fermi_function", [&] {
                return parse_fermi_function(*f, s.key_path("fermi_function"));
            });
        const auto activity = s.quantity("activity", parse_activity, Domain::positive, false);
        const auto mass = s.quantity("mass", parse_mass, Domain::positive, false);
        if (activity) s.check_range("activity", *activity, limits::activity);
        if (mass) s.check_range("mass", *mass, limits::mass);
        if (activity.has_value() == mass.has_value())
            s.fail(s.key_path("activity"), activity ? "both activity and mass" : "(missing)",
                   "give exactly one of activity (e.g. \"10MCi\") or mass (e.g. \"1kg\")");
        return s.convert("type", [&] {
            return activity ? tritium_source_from_activity(*activity, p, k)
                            : tritium_source_from_mass(*mass, p, k);
        });
    }
    if (t == "cr51" || t == "ar37") {
        s.allow({"type", "half_life", "decay_during_exposure", "activity"});
        const double a =
            required(s, "activity", s.quantity("activity", parse_activity, Domain::positive, false),
                     "activity, e.g. \"3MCi\"");
        s.check_range("activity", a, limits::activity);
        return s.convert("type", [&] {
            return electron_capture_source(parse_electron_capture_isotope(t, s.key_path("type")),
                                           a);
        });
    }
    if (t == "line") {
        s.allow({"type", "half_life", "decay_during_exposure", "energy", "flavor", "antineutrino",
                 "rate_per_s"});
        LineSourceParameters p;
        p.energy =
            required(s, "energy", s.quantity("energy", parse_energy, Domain::positive, false),
                     "energy, e.g. \"747keV\"");
        const auto f = s.string("flavor");
        if (!f) s.fail(s.key_path("flavor"), "(missing)", "required: e, mu or tau");
        p.flavor = s.convert("flavor", [&] { return parse_flavor(*f, s.key_path("flavor")); });
        p.type = s.boolean("antineutrino").value_or(false) ? NeutrinoType::antineutrino
                                                           : NeutrinoType::neutrino;
        p.rate = required_positive(s, "rate_per_s", "neutrinos per second") / units::s;
        s.check_range("rate_per_s", p.rate, limits::source_rate);
        s.check_range("energy", p.energy, limits::neutrino_energy);
        return s.convert("rate_per_s", [&] { return line_source(p); });
    }
    if (t == "pion_dar") {
        s.allow({"type", "half_life", "decay_during_exposure", "proton_rate_per_s",
                 "pions_per_proton"});
        PionDecayAtRestParameters p;
        p.proton_rate =
            required_positive(s, "proton_rate_per_s", "protons on target per second") / units::s;
        s.check_range("proton_rate_per_s", p.proton_rate, limits::source_rate);
        p.pions_per_proton = required_positive(s, "pions_per_proton", "e.g. 0.09");
        return s.convert("type", [&] { return pion_decay_at_rest_source(p); });
    }
    if (t == "reactor") {
        s.allow({"type", "half_life", "decay_during_exposure", "thermal_power_GW",
                 "fission_fractions", "e_min_MeV", "e_max_MeV"});
        ReactorParameters p;
        p.thermal_power =
            required_positive(s, "thermal_power_GW", "thermal power in GW") * units::GW;
        if (s.has("fission_fractions")) {
            const auto v =
                quantity_array(s, "fission_fractions", parse_number, Domain::non_negative, true);
            if (v.size() != 4)
                s.fail(s.key_path("fission_fractions"), std::to_string(v.size()) + " values",
                       "need 4: U235, U238, Pu239, Pu241");
            for (int i = 0; i < 4; ++i) p.fission_fractions[i] = v[i];
        }
        if (auto e = s.number("e_min_MeV")) p.e_min = *e * units::MeV;
        if (auto e = s.number("e_max_MeV")) p.e_max = *e * units::MeV;
        if (!(p.e_min >= 0))
            s.fail(s.key_path("e_min_MeV"), format_value(p.e_min / units::MeV),
                   "must not be negative", s.node("e_min_MeV"));
        if (!(p.e_max > p.e_min))
            s.fail(s.key_path("e_max_MeV"), format_value(p.e_max / units::MeV),
                   "must exceed e_min_MeV (" + format_value(p.e_min / units::MeV) + ")",
                   s.node("e_max_MeV"));
        return s.convert("type", [&] { return reactor_source(p); });
    }
    if (t == "table") {
        s.allow({"type", "half_life", "decay_during_exposure", "file", "rate_per_s", "flavor",
                 "antineutrino"});
        TabulatedSourceParameters p;
        const auto file = s.string("file");
        if (!file) s.fail(s.key_path("file"), "(missing)", "required: the spectrum file");
        p.path = *file;
        p.rate = required_positive(s, "rate_per_s", "neutrinos per second") / units::s;
        s.check_range("rate_per_s", p.rate, limits::source_rate);
        if (auto f = s.string("flavor"))
            p.flavor = s.convert("flavor", [&] { return parse_flavor(*f, s.key_path("flavor")); });
        if (auto a = s.boolean("antineutrino"))
            p.type = *a ? NeutrinoType::antineutrino : NeutrinoType::neutrino;
        try {
            return tabulated_source(p);
        } catch (const Exception& e) {
            // The file's own message names the file line; prefix the config key.
            throw ConfigError(describe(s.key_path("file"), "'" + p.path + "'", e.what()) + " (" +
                              s.location(s.node("file")) + ")");
        }
    }
    s.fail(s.key_path("type"), "'" + t + "'",
           "unknown source (tritium, cr51, ar37, line, pion_dar, reactor, table, solar)",
           s.node("type"));
}

// [source] type = "solar": B16 fluxes at 1 AU with MSW conversion in the Sun (docs/sources.md).
// The matter NSI are the base physics' vector NSI ([nsi]); scenarios change detection only.
Source parse_solar_source(const Section& s, const Parameters& base) {
    s.allow({"type", "model", "components", "msw"});
    SolarSourceParameters p;
    if (auto m = s.string("model"))
        p.model = s.convert("model", [&] { return parse_solar_model(*m, s.key_path("model")); });
    if (s.has("components")) {
        const toml::array* arr = s.node("components")->as_array();
        if (!arr || arr->empty())
            s.fail(s.key_path("components"), config_detail::node_text(*s.node("components")),
                   "a non-empty array of names (pp, pep, hep, 7Be, 8B, 13N, 15O, 17F)",
                   s.node("components"));
        p.components.clear();
        for (const toml::node& n : *arr) {
            const auto v = n.value<std::string>();
            if (!v)
                s.fail(s.key_path("components"), config_detail::node_text(n),
                       "each entry must be a string", s.node("components"));
            p.components.push_back(s.convert(
                "components", [&] { return parse_solar_component(*v, s.key_path("components")); }));
        }
    }
    SolarOscillationParameters op;
    op.model = p.model;
    op.mixing = base.mixing;
    op.vector_nsi = base.nsi.vector;
    op.msw = s.boolean("msw").value_or(true);
    op.constants = base.constants;
    return s.convert("components", [&] {
        return solar_neutrino_source(p, std::make_shared<const SolarOscillation>(op));
    });
}

FluxGeometry parse_geometry(const Section& s) {
    const std::string type = s.string("type").value_or("point");
    if (type == "point") {
        s.allow({"type", "distance"});
        const double d =
            required(s, "distance", s.quantity("distance", parse_length, Domain::positive, false),
                     "distance, e.g. \"1m\"");
        s.check_range("distance", d, limits::baseline);
        return point_geometry(d);
    }
    if (type == "cylinder") {
        s.allow({"type", "radius", "height", "inner_radius", "source_offset_radial",
                 "source_offset_axial", "angle_nodes", "radius_nodes", "accuracy"});
        GeometryNodes nodes;
        for (const char* key : {"angle_nodes", "radius_nodes"}) {
            if (auto v = s.number(key)) {
                if (*v < 1 || *v > 256 || *v != std::floor(*v))
                    s.fail(s.key_path(key), format_value(*v),
                           "must be a whole number from 1 to 256", s.node(key));
                (std::string_view(key) == "angle_nodes" ? nodes.angle : nodes.radius) =
                    static_cast<int>(*v);
            }
        }
        if (auto v = s.number("accuracy")) {
            if (!(*v > 0 && *v < 1))
                s.fail(s.key_path("accuracy"), format_value(*v),
                       "relative accuracy of the flux factor, in (0, 1), e.g. 1e-4",
                       s.node("accuracy"));
            nodes.accuracy = *v;
        }
        CylinderTank t;
        t.radius =
            required(s, "radius", s.quantity("radius", parse_length, Domain::positive, false),
                     "tank radius, e.g. \"0.8m\"");
        t.height =
            required(s, "height", s.quantity("height", parse_length, Domain::positive, false),
                     "tank height, e.g. \"1.6m\"");
        t.inner_radius =
            s.quantity("inner_radius", parse_length, Domain::non_negative, false).value_or(0.0);
        t.source_offset_radial =
            s.quantity("source_offset_radial", parse_length, Domain::non_negative, false)
                .value_or(0.0);
        t.source_offset_axial =
            s.quantity("source_offset_axial", parse_length, Domain::any, false).value_or(0.0);
        s.check_range("radius", t.radius, limits::tank_length);
        s.check_range("height", t.height, limits::tank_length);
        s.check_range("inner_radius", t.inner_radius, limits::tank_length);
        s.check_range("source_offset_radial", t.source_offset_radial, limits::tank_length);
        s.check_range("source_offset_axial", std::abs(t.source_offset_axial), limits::tank_length);
        try {
            return cylinder_geometry(t, nodes);
        } catch (const InvalidArgument& e) {
            std::string m = e.what();  // "tank.<field> = ...": the key is geometry.<field>
            if (m.rfind("tank.", 0) == 0) m.replace(0, 5, s.key_path(""));
            throw ConfigError(m + " (" + s.location() + ")");
        }
    }
    s.fail(s.key_path("type"), "'" + type + "'", "unknown geometry (point, cylinder)",
           s.node("type"));
}

// bare: values are plain numbers (photo-electrons, observable = "pe"), not energies with units.
Binning parse_binning(const Section& s, bool bare = false) {
    const auto energy = bare ? parse_number : parse_energy;
    const std::string type = s.string("type").value_or("linear");
    if (type == "edges") {
        s.allow({"type", "edges"});
        auto e = quantity_array(s, "edges", energy, Domain::non_negative, bare);
        return s.convert(
            "edges", [&] { return Binning::explicit_edges(std::move(e), s.key_path("edges")); });
    }
    if (type != "linear" && type != "log")
        s.fail(s.key_path("type"), "'" + type + "'", "unknown binning (linear, log, edges)",
               s.node("type"));
    s.allow({"type", "min", "max", "bins"});
    const double lo = required(s, "min", s.quantity("min", energy, Domain::non_negative, bare),
                               "lowest edge, e.g. \"1meV\"");
    const double hi = required(s, "max", s.quantity("max", energy, Domain::positive, bare),
                               "highest edge, e.g. \"185meV\"");
    const double n = required(s, "bins", s.number("bins"), "number of bins");
    if (n < 1 || n != std::floor(n) || n > 1e6)
        s.fail(s.key_path("bins"), format_value(n), "must be a whole number from 1 to 1e6");
    if (!(hi > lo))
        s.fail(s.key_path("max"), format_value(hi / units::meV) + " meV",
               "must exceed binning.min (" + format_value(lo / units::meV) + " meV)");
    return s.convert("min", [&] {
        return type == "log" ? Binning::logarithmic(lo, hi, static_cast<int>(n))
                             : Binning::linear(lo, hi, static_cast<int>(n));
    });
}

TabulatedFunction parse_function(const Section& s, std::string_view key, std::string_view x_key,
                                 std::string_view y_key, double y_scale, bool bare_x = false) {
    TabulatedFunction f;
    const toml::node* n = s.node(key);
    if (!n) return f;
    if (n->is_number()) {
        f.constant = *s.number(key) * y_scale;
        return f;
    }
    const auto t = s.subtable(key);
    if (!t) return f;
    t->allow({std::string(x_key), std::string(y_key)});
    f.x = quantity_array(*t, x_key, bare_x ? parse_number : parse_energy, Domain::non_negative,
                         bare_x);
    f.y = quantity_array(*t, y_key, parse_number, Domain::any, true);
    for (double& y : f.y) y *= y_scale;
    if (f.x.empty())
        t->fail(t->key_path(x_key), "(missing)", "required: a list of recoil energies with units");
    t->convert(x_key, [&] {
        f.validate(t->key_path(x_key));
        return 0;
    });
    return f;
}

}  // namespace

namespace {

RateConfig rate_config_from(const toml::table& root, const std::string& source,
                            bool materialize_recoil = true) {
    using namespace config_detail;
    std::vector<std::string> allowed = physics_section_names();
    for (const char* k :
         {"target", "source", "geometry", "detector", "binning", "spectrum", "run", "scenario"})
        allowed.emplace_back(k);
    allowed.emplace_back("statistics");  // read by stats_config.cpp (cevas limit/significance/scan)
    check_sections(root, allowed, source);

    // Parts of the result, assembled at the end (Source has no empty state).
    struct {
        RunSettings run;
        RateOptions options;
        Target target;
        std::optional<Source> src;
        FluxGeometry geometry;
        double n_atoms = 0;
        Detector detector;
        std::vector<double> recoil;
        std::string recoil_text;
        std::vector<Scenario> scenarios;
        double half_life = 0;
        Medium medium;
        Material material;  // composite targets only (empty: the single isotope c.target)
        DetectorResponse response;
        TimingWindow timing;
    } c;
    PhysicsConfig phys = parse_physics_sections(root, source);
    const Parameters& base = phys.params;
    const Section top(root, "", source);

    // [run]
    if (auto s = top.subtable("run")) {
        s->allow({"name", "output", "plots", "no_electrons", "oscillations", "energy_panels"});
        if (auto v = s->string("name")) c.run.name = *v;
        if (auto v = s->string("output")) c.run.output = *v;
        if (auto v = s->boolean("plots")) c.run.plots = *v;
        if (auto v = s->boolean("no_electrons")) c.run.no_electrons = *v;
        if (auto v = s->boolean("oscillations")) c.options.oscillations = *v;
        if (auto v = s->number("energy_panels")) {
            if (*v < 1 || *v > 10000 || *v != std::floor(*v))
                s->fail(s->key_path("energy_panels"), format_value(*v),
                        "must be a whole number from 1 to 10000");
            c.options.energy_panels = static_cast<int>(*v);
        }
    }
    // [target]
    const auto ts = top.subtable("target");
    if (!ts) top.fail("target", "(missing)", "required: [target] name = \"He4\"");
    const TargetSpec spec = parse_target_section(
        *ts, {"medium", "medium_temperature_K", "medium_density_g_cm3", "mixture"});
    if (auto mx = ts->subtable("mixture")) {
        // A custom mixture: [target] mixture = { Ge76 = 0.86, Ge74 = 0.14 } (atom fractions).
        if (ts->has("name"))
            ts->fail(ts->key_path("name"), "'" + spec.name + "'",
                     "give either name or mixture, not both");
        std::vector<std::pair<std::string, double>> fractions;
        for (const auto& [k, v] : mx->table()) {
            const std::string key(k.str());
            const auto x = mx->number(key);
            if (!x) mx->fail(mx->key_path(key), node_text(v), "expected an atom fraction", &v);
            fractions.emplace_back(key, *x);
        }
        c.material = ts->convert(
            "mixture", [&] { return make_mixture(fractions, base.constants, "target.mixture"); });
        c.target = c.material.components.front().target;
    } else {
        const Material m = ts->convert(
            "name", [&] { return build_material(spec, base.constants, "target.name"); });
        c.target = m.components.front().target;
        if (!m.is_single_isotope()) c.material = m;  // single isotope: exactly as before
    }
    // The medium (PHYSICS.md section 9): "free" (default) or "superfluid_he4".
    if (auto m = ts->string("medium"))
        c.medium.model = ts->convert("medium", [&] { return parse_medium_model(*m); });
    if (auto v = ts->number("medium_temperature_K")) c.medium.temperature = *v * units::kelvin;
    if (auto v = ts->number("medium_density_g_cm3")) c.medium.density = *v * units::g / units::cm3;
    if (c.medium.is_free() && (ts->has("medium_temperature_K") || ts->has("medium_density_g_cm3")))
        ts->fail(ts->key_path(ts->has("medium_temperature_K") ? "medium_temperature_K"
                                                              : "medium_density_g_cm3"),
                 "(set)", "needs medium = \"superfluid_he4\"");
    if (!c.medium.is_free()) {
        if (!c.material.components.empty())
            ts->fail(ts->key_path("medium"), "\"superfluid_he4\"",
                     "needs pure He4, not the composite target '" + c.material.name + "'");
        if (c.target.z != 2 || c.target.a != 4)
            ts->fail(ts->key_path("medium"), "\"superfluid_he4\"",
                     "needs name = \"He4\", not \"" + c.target.name + "\"");
        const char* key =
            ts->has("medium_temperature_K") ? "medium_temperature_K" : "medium_density_g_cm3";
        ts->convert(key, [&] { return SuperfluidHelium(c.target.mass, c.medium).atom_mass(); });
    }
    {
        // Does the atomic form factor in use cover this target? Blame the name, at its line.
        AtomicFormFactorModel ff = base.atomic_form_factor.value_or(c.target.atomic_form_factor);
        try {
            AtomicFormFactor(ff, c.target.z, base.constants);
            for (const MaterialComponent& mc : c.material.components) {  // every isotope
                ff = base.atomic_form_factor.value_or(mc.target.atomic_form_factor);
                AtomicFormFactor(ff, mc.target.z, base.constants);
            }
        } catch (const InvalidArgument& e) {
            const std::string m = e.what();
            const std::size_t colon = m.find(": ");
            ts->fail(ts->key_path("name"), "'" + spec.name + "'",
                     "the atomic form factor " + std::string(to_string(ff)) + " " +
                         (colon == std::string::npos ? m : m.substr(colon + 2)) +
                         "; choose another ([physics] atomic_form_factor = \"none\")",
                     ts->node("name"));
        }
    }
    // [source]
    const auto ss = top.subtable("source");
    if (!ss) top.fail("source", "(missing)", "required: [source] type = \"tritium\" ...");
    const bool solar = ss->string("type").value_or("") == "solar";
    c.src = solar ? parse_solar_source(*ss, base) : parse_source(*ss, base.constants);
    {
        // Decay of the source during the exposure: on by default where the half-life is known.
        const std::string type = ss->string("type").value_or("");
        double half_life = type == "tritium" ? TritiumParameters{}.half_life
                           : (type == "cr51" || type == "ar37")
                               ? electron_capture_half_life(parse_electron_capture_isotope(type))
                               : 0.0;
        if (auto h = ss->quantity("half_life", parse_time, Domain::positive, false))
            half_life = ss->check_range("half_life", *h, limits::duration);
        if (!ss->boolean("decay_during_exposure").value_or(true)) half_life = 0;
        c.half_life = half_life;
    }
    // [geometry]
    const auto gs = top.subtable("geometry");
    if (solar && gs)
        top.fail("geometry", "(set)",
                 "not used with [source] type = \"solar\": the detector is at 1 AU and the "
                 "B16 fluxes are given there; remove [geometry]",
                 top.node("geometry"));
    if (!gs && !solar)
        top.fail("geometry", "(missing)", "required: [geometry] type = \"point\" or \"cylinder\"");
    c.geometry = solar ? solar_geometry() : parse_geometry(*gs);
    // [detector]
    const auto ds = top.subtable("detector");
    if (!ds) top.fail("detector", "(missing)", "required: [detector] mass, exposure ...");
    {
        std::vector<std::string> keys = {
            "mass",       "atoms",          "exposure",       "threshold",
            "efficiency", "resolution_abs", "resolution_rel", "background_per_eV_per_s"};
        for (const auto& k : detector_response_keys()) keys.push_back(k);
        ds->allow(keys);
    }
    // observable = "pe": threshold, resolution_abs, binning and background abscissae are
    // photo-electrons (bare numbers); otherwise energies of the observable (keVnr or keVee).
    const bool pe = observable_is_pe(*ds);
    const auto observable_energy = pe ? parse_number : parse_energy;
    {
        const auto mass = ds->quantity("mass", parse_mass, Domain::positive, false);
        const auto atoms = ds->number("atoms");
        if (mass.has_value() == atoms.has_value())
            ds->fail(ds->key_path("mass"), mass ? "both mass and atoms" : "(missing)",
                     "give exactly one of mass (e.g. \"500kg\") or atoms");
        if (atoms && !(*atoms > 0))
            ds->fail(ds->key_path("atoms"), format_value(*atoms), "must be positive",
                     ds->node("atoms"));
        if (atoms) ds->check_range("atoms", *atoms, limits::atoms);
        if (mass) ds->check_range("mass", *mass, limits::mass);
        // A composite target: the mass is the material's, n_atoms counts its formula units.
        const double unit_mass =
            c.material.components.empty() ? c.target.mass : c.material.unit_mass();
        c.n_atoms = mass ? *mass / unit_mass : *atoms;
        Detector& d = c.detector;
        d.exposure =
            required(*ds, "exposure", ds->quantity("exposure", parse_time, Domain::positive, false),
                     "live time, e.g. \"5y\"");
        ds->check_range("exposure", d.exposure, limits::duration);
        d.threshold =
            ds->quantity("threshold", observable_energy, Domain::non_negative, pe).value_or(0.0);
        d.efficiency = parse_function(*ds, "efficiency", "recoil", "value", 1.0);
        d.resolution.sigma_abs =
            ds->quantity("resolution_abs", observable_energy, Domain::non_negative, pe)
                .value_or(0.0);
        d.resolution.sigma_rel = ds->number("resolution_rel").value_or(0.0);
        d.background = parse_function(*ds, "background_per_eV_per_s", "recoil", "value",
                                      pe ? 1.0 / units::s : 1.0 / (units::eV * units::s), pe);
        // Checked here, at the key's line and in the key's unit (the library would report
        // natural units under its own name).
        if (d.background.x.empty()) {
            ds->check_range("background_per_eV_per_s", d.background.constant, limits::background);
        }
        if (d.efficiency.x.empty() && ds->has("efficiency") &&
            !(d.efficiency.constant >= 0 && d.efficiency.constant <= 1)) {
            ds->fail(ds->key_path("efficiency"), format_value(d.efficiency.constant),
                     "must lie in [0, 1]", ds->node("efficiency"));
        }
        if (auto r = ds->number("resolution_rel"))
            ds->check_range("resolution_rel", *r, Range{0.0, 10.0, "", 1.0, true});
        if (!ds->has("background_per_eV_per_s")) d.background.constant = 0.0;
        parse_detector_response(*ds, c.response, c.timing);
        if (c.response.quenching.model == QuenchingModel::lindhard)
            c.response.quenching.z = c.target.z;  // Lindhard's Z: the target's
        if (c.timing.enabled)
            ds->convert("timing", [&] { return timing_weights(*c.src, c.timing); });
    }
    // [binning]
    const auto bs = top.subtable("binning");
    if (!bs)
        top.fail("binning", "(missing)", "required: [binning] type, min, max, bins (or edges)");
    c.detector.binning = parse_binning(*bs, pe);
    try {
        c.detector.validate();
    } catch (const InvalidArgument& e) {
        // The library names "detector.<key>..." or "binning.<key>...": report that key's line.
        const std::string m = e.what();
        const bool bin = m.rfind("binning.", 0) == 0;
        const Section& sec = bin ? *bs : *ds;
        std::string key = m.substr(m.find('.') + 1);
        key = key.substr(0, key.find_first_of(".[ "));
        throw ConfigError(m + " (" + sec.location(sec.node(key)) + ")");
    }
    // [spectrum]
    {
        std::string text = "0.1meV:200meV:400";
        bool log = false;
        if (auto s = top.subtable("spectrum")) {
            s->allow({"recoil", "log"});
            if (auto v = s->string("recoil")) text = *v;
            if (auto v = s->boolean("log")) log = *v;
        }
        c.recoil_text = text;
        c.run.recoil_spacing = log ? GridSpacing::logarithmic : GridSpacing::linear;
        if (materialize_recoil) {
            c.recoil = top.convert("spectrum", [&] {
                return parse_recoil_grid(text, "spectrum.recoil",
                                         log ? GridSpacing::logarithmic : GridSpacing::linear);
            });
        } else {
            // Validated only (same rules and errors); the reader regenerates the rows lazily.
            top.convert("spectrum", [&] {
                return parse_recoil_grid_spec(text, "spectrum.recoil",
                                              log ? GridSpacing::logarithmic : GridSpacing::linear)
                    .size();
            });
        }
    }
    // Scenarios: the SM (and without electrons), then [[scenario]].
    c.scenarios = standard_scenarios(base);
    if (!c.run.no_electrons) c.scenarios.pop_back();
    if (const toml::node* n = root.get("scenario")) {
        if (!n->is_array_of_tables())
            top.fail("scenario", node_text(*n), "expected [[scenario]] tables", n);
        std::size_t k = 0;
        for (const toml::node& e : *n->as_array()) {
            const Section sc(*e.as_table(), "scenario[" + std::to_string(k++) + "]", source);
            sc.allow({"name", "label", "physics", "nsi", "electromagnetic", "mixing", "mediator"});
            Scenario s{sc.string("name").value_or(""), sc.string("label").value_or(""), base};
            if (s.name.empty() || s.name.find_first_not_of(
                                      "abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
                sc.fail(sc.key_path("name"), "'" + s.name + "'",
                        "required: an identifier of lowercase letters, digits and _");
            for (const auto& other : c.scenarios)
                if (other.name == s.name)
                    sc.fail(sc.key_path("name"), "'" + s.name + "'",
                            "scenario names must be unique");
            if (auto p = sc.subtable("physics")) parse_physics_section(*p, s.params);
            if (auto p = sc.subtable("mixing"))
                s.params.mixing = parse_mixing_section(*p).resolve();
            if (auto p = sc.subtable("nsi")) parse_nsi_section(*p, s.params.nsi);
            if (auto p = sc.subtable("electromagnetic"))
                parse_electromagnetic_section(*p, s.params.electromagnetic);
            // [[scenario.mediator]]: replaces the top-level [[mediator]] list in this scenario.
            if (const toml::node* md = sc.node("mediator"))
                s.params.mediators = parse_mediator_tables(*md, sc.key_path("mediator"), source);
            if (s.label.empty()) s.label = s.name;
            c.scenarios.push_back(std::move(s));
        }
    }
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const auto& kv : c.src->describe()) inputs.emplace_back("source." + kv.first, kv.second);
    for (const auto& kv : c.geometry.description) inputs.emplace_back(kv.first, kv.second);
    inputs.emplace_back("target.medium", to_string(c.medium.model));
    if (!c.response.is_identity())
        for (const auto& kv : c.response.describe()) inputs.push_back(kv);
    if (c.timing.enabled) {
        const TimingFractions f = pion_dar_timing_fractions(c.timing);
        inputs.emplace_back(
            "detector.timing.window_ns",
            format_value(c.timing.window_start) + ".." + format_value(c.timing.window_stop));
        inputs.emplace_back("detector.timing.pulse",
                            c.timing.pulse == PulseShape::gaussian ? "gaussian" : "rectangle");
        inputs.emplace_back("detector.timing.pulse_width_ns", format_value(c.timing.pulse_width));
        inputs.emplace_back("detector.timing.prompt_fraction", format_value(f.prompt));
        inputs.emplace_back("detector.timing.delayed_fraction", format_value(f.delayed));
    }
    return RateConfig{source,
                      Experiment{std::move(c.target), std::move(*c.src), std::move(c.geometry),
                                 c.n_atoms, std::move(c.detector), std::move(c.recoil), c.options,
                                 c.half_life, c.medium, std::move(c.material), std::move(c.response),
                                 c.timing},
                      std::move(c.scenarios),
                      std::move(c.run),
                      std::move(c.recoil_text),
                      std::move(inputs)};
}

}  // namespace

RateConfig read_rate_config(const std::filesystem::path& file, std::string_view field,
                            bool materialize_recoil) {
    return rate_config_from(config_detail::read_toml_file(file, field), file.string(),
                            materialize_recoil);
}

RateConfig parse_rate_config(std::string_view toml_text, std::string_view source) {
    const std::string src(source);
    return rate_config_from(config_detail::parse_toml(toml_text, src), src);
}

}  // namespace cevas
