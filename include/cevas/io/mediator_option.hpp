#pragma once
/// @file
/// Text form of a light mediator (couplings/mediator.hpp), as given on the command line:
///   `--mediator TYPE:mass=MASS,KEY=VALUE,...`
/// TYPE:  vector | scalar.
/// MASS:  an energy with unit ("10MeV", "1keV"; a bare number is eV); required, > 0.
/// KEYS:  g_nu (flavour-diagonal, universal), g_nu_e, g_nu_mu, g_nu_tau (per flavour; added to
///        g_nu's diagonal), g_u, g_d (quarks), g_p, g_n (nucleons), g_e (electrons); each a
///        plain number, default 0. The same keys name the fields of a `[[mediator]]` table.
/// Example: `--mediator vector:mass=10MeV,g_nu=1e-5,g_u=1e-5,g_d=1e-5,g_e=0`.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/couplings/mediator.hpp"

namespace cevas {

/// The coupling keys of a mediator, in output order.
std::span<const std::string_view> mediator_coupling_keys();

/// Set coupling `key` (one of mediator_coupling_keys()) of `m` to `value`; false for an unknown
/// key.
bool set_mediator_coupling(Mediator& m, std::string_view key, double value);

/// Parse "TYPE:mass=..,KEY=VALUE,..". @throws InvalidArgument "<field> KEY = VALUE: reason"
/// for an unknown type or key, a missing or non-positive mass, a duplicated key or a malformed
/// number; the result is validated (validate(Mediator)).
Mediator parse_mediator_option(std::string_view text, std::string_view field = "--mediator");

/// Parse every text (the repeatable option) into a list.
std::vector<Mediator> parse_mediator_options(std::span<const std::string> texts,
                                             std::string_view field = "--mediator");

}  // namespace cevas
