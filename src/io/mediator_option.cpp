#include "cevas/io/mediator_option.hpp"

#include <array>
#include <set>

#include "cevas/core/error.hpp"
#include "cevas/io/quantity.hpp"

namespace cevas {

namespace {
constexpr std::array<std::string_view, 9> kKeys = {"g_nu", "g_nu_e", "g_nu_mu", "g_nu_tau", "g_u",
                                                   "g_d",  "g_p",    "g_n",     "g_e"};
}

std::span<const std::string_view> mediator_coupling_keys() { return kKeys; }

bool set_mediator_coupling(Mediator& m, std::string_view key, double v) {
    if (key == "g_nu") {
        for (int i = 0; i < 3; ++i) m.g_nu(i, i) += v;
    } else if (key == "g_nu_e") {
        m.g_nu(0, 0) += v;
    } else if (key == "g_nu_mu") {
        m.g_nu(1, 1) += v;
    } else if (key == "g_nu_tau") {
        m.g_nu(2, 2) += v;
    } else if (key == "g_u") {
        m.g_u = v;
    } else if (key == "g_d") {
        m.g_d = v;
    } else if (key == "g_p") {
        m.g_p = v;
    } else if (key == "g_n") {
        m.g_n = v;
    } else if (key == "g_e") {
        m.g_e = v;
    } else {
        return false;
    }
    return true;
}

Mediator parse_mediator_option(std::string_view text, std::string_view field) {
    const std::string f(field);
    const std::size_t colon = text.find(':');
    Mediator m;
    m.type = parse_mediator_type(text.substr(0, colon), f + " type");
    if (colon == std::string_view::npos)
        throw InvalidArgument(describe(f, "'" + std::string(text) + "'",
                                       "expected TYPE:mass=MASS[,KEY=VALUE...] (docs/cli.md)"));
    std::set<std::string, std::less<>> seen;
    std::string_view rest = text.substr(colon + 1);
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            throw InvalidArgument(
                describe(f, "'" + std::string(item) + "'", "expected KEY=VALUE (e.g. g_u=1e-5)"));
        const std::string key(item.substr(0, eq));
        const std::string_view value = item.substr(eq + 1);
        const std::string where = f + " " + key;
        if (!seen.insert(key).second)
            throw InvalidArgument(describe(where, std::string(value), "given twice"));
        if (key == "mass") {
            m.mass = parse_energy(value, where, Domain::positive);
            continue;
        }
        Mediator probe;
        if (!set_mediator_coupling(probe, key, 0.0))
            throw InvalidArgument(describe(
                where, std::string(value),
                "unknown mediator key (mass, g_nu, g_nu_e, g_nu_mu, g_nu_tau, g_u, g_d, g_p, g_n, "
                "g_e)"));
        set_mediator_coupling(m, key, parse_number(value, where));
    }
    if (!seen.contains("mass"))
        throw InvalidArgument(describe(f + " mass", "(missing)", "required, e.g. mass=10MeV"));
    validate(m, f);
    return m;
}

std::vector<Mediator> parse_mediator_options(std::span<const std::string> texts,
                                             std::string_view field) {
    std::vector<Mediator> out;
    for (const std::string& t : texts) out.push_back(parse_mediator_option(t, field));
    return out;
}

}  // namespace cevas
