#pragma once
/// @file
/// Neutrino flavour and particle/antiparticle choice.

#include <string>
#include <string_view>

#include "cevas/core/error.hpp"

namespace cevas {

/// Neutrino flavour; the integer value is the flavour-space index.
enum class Flavor { e = 0, mu = 1, tau = 2 };

/// Neutrino or antineutrino: always an explicit choice.
enum class NeutrinoType { neutrino, antineutrino };

inline std::string_view to_string(Flavor f) {
    switch (f) {
        case Flavor::e:
            return "e";
        case Flavor::mu:
            return "mu";
        case Flavor::tau:
            return "tau";
    }
    return "?";
}

inline std::string_view to_string(NeutrinoType t) {
    return t == NeutrinoType::neutrino ? "neutrino" : "antineutrino";
}

/// Parse "e", "mu" or "tau"; throws InvalidArgument naming `field` otherwise.
inline Flavor parse_flavor(std::string_view s, std::string_view field = "flavor") {
    if (s == "e") return Flavor::e;
    if (s == "mu") return Flavor::mu;
    if (s == "tau") return Flavor::tau;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown flavour (use e, mu or tau)"));
}

/// Parse "neutrino" or "antineutrino"; throws InvalidArgument naming `field` otherwise.
inline NeutrinoType parse_neutrino_type(std::string_view s, std::string_view field = "type") {
    if (s == "neutrino" || s == "nu") return NeutrinoType::neutrino;
    if (s == "antineutrino" || s == "nubar") return NeutrinoType::antineutrino;
    throw InvalidArgument(describe(std::string(field), "'" + std::string(s) + "'",
                                   "unknown particle type (use neutrino or antineutrino)"));
}

inline int index(Flavor f) { return static_cast<int>(f); }

}  // namespace cevas
