#pragma once
/// @file
/// TOML configuration files. The schema is documented in docs/cli.md and, key by key, in the
/// annotated example examples/xsec_nsi.toml. Every unknown key or section is an error naming
/// the full dotted key and suggesting the closest valid one; a value of the wrong type, a
/// quantity without its unit where one is required, and a non-hermitian matrix are errors naming
/// the key. All such errors are ConfigError "<key> = <value>: <reason> (<file>:<line>)".
///
/// Everything the file leaves out keeps its default (the Standard Model of PHYSICS.md section 2);
/// fields of the structs below that are std::optional are empty when the file does not set them,
/// so that command-line flags can override exactly what was given.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/core/flavor.hpp"
#include "cevas/io/table.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "cevas/targets/material.hpp"
#include "cevas/targets/target.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas {

/// Size caps of a configuration file (docs/limits.md): a larger file, a dotted key or table
/// header with more components, or deeper nesting of arrays and inline tables, is a ConfigError
/// before the TOML parser runs (a 70 KB file of one dotted key used to overflow its stack).
inline constexpr std::size_t kMaxConfigBytes = 1 << 20;  ///< 1 MiB
inline constexpr int kMaxConfigKeyDepth = 32;            ///< components of a dotted key
inline constexpr int kMaxConfigNesting = 32;             ///< nested arrays / inline tables

/// Check `text` against the caps above without parsing it (strings and comments are skipped).
/// @throws ConfigError naming `field` and the line of the offending key.
void check_config_caps(std::string_view text, std::string_view source,
                       std::string_view field = "config");

/// The [target] section: a name and optional spin-content overrides.
struct TargetSpec {
    std::string name;                              ///< "He4", "4He", "D" ...; empty: not given
    std::optional<double> proton_net;              ///< Z+ - Z- override
    std::optional<double> neutron_net;             ///< N+ - N- override
    std::optional<std::vector<ShellSpin>> shells;  ///< electron-shell spins override
    std::optional<double> nuclear_j;               ///< nuclear spin J override (spin weight)
};

/// Build the target named in `spec` (make_target) and apply its spin overrides.
/// @param field  option or key named when the name is missing or unknown
/// @throws InvalidArgument for a missing or unknown name.
Target build_target(const TargetSpec& spec, const PhysicalConstants& constants,
                    std::string_view field = "target.name");

/// Build the material named in `spec` (make_material: isotope, natural element or formula); a
/// single isotope is exactly build_target's (spin overrides apply), a composite target takes
/// no spin overrides. @throws InvalidArgument naming `field` for a missing or unknown name,
/// a malformed formula, or spin overrides on a composite target.
Material build_material(const TargetSpec& spec, const PhysicalConstants& constants,
                        std::string_view field = "target.name");

/// The [mixing] section. `ordering` selects the NuFIT 5.2 defaults; each given value overrides one.
struct MixingSpec {
    std::optional<MassOrdering> ordering;
    std::optional<double> theta12;   ///< [rad]
    std::optional<double> theta13;   ///< [rad]
    std::optional<double> theta23;   ///< [rad]
    std::optional<double> delta_cp;  ///< [rad]
    std::optional<double> dm21_sq;   ///< [eV^2]
    std::optional<double>
        dm31_sq;  ///< [eV^2]; its sign must agree with `ordering` when both are given

    /// NuFIT 5.2 for `ordering` (normal when empty) with the given values replacing defaults.
    /// @throws ConfigError if dm31_sq contradicts the ordering; InvalidArgument from validate().
    MixingParameters resolve() const;
};

/// The [xsec] section: what to compute and where to write it.
struct XsecSettings {
    std::optional<Flavor> flavor;        ///< flavor = "e" | "mu" | "tau"
    std::optional<NeutrinoType> type;    ///< antineutrino = true | false
    std::optional<double> e_nu;          ///< enu = "15keV" (number: eV) [eV]
    std::optional<std::string> recoil;   ///< recoil grid text, already validated
    std::optional<bool> log;             ///< log = true: logarithmic START:STOP:N grid
    std::optional<double> baseline;      ///< baseline = "1m" (number: m) [eV^-1]
    std::optional<OutputFormat> format;  ///< format = "csv" | "json"
    std::optional<std::string> output;   ///< output = "file.csv" ("-": standard output)
};

/// A configuration for `cevas xsec`: the target, every physics input, and the run settings.
struct XsecConfig {
    std::string source;  ///< file the configuration came from (for messages and metadata)
    TargetSpec target;
    /// Every physics input; params.mixing equals mixing.resolve().
    Parameters params;
    MixingSpec mixing;
    XsecSettings xsec;
};

/// Read a configuration file for `cevas xsec`.
/// @param field  name of the option that gave the file ("--config"), used in messages about
///               the file itself (missing, unreadable, TOML syntax)
/// @throws ConfigError for an unreadable file, TOML syntax errors (with line and column),
///         unknown keys or sections, wrong types, values outside their domain.
XsecConfig read_xsec_config(const std::filesystem::path& file, std::string_view field = "config");

/// The same from TOML text; `source` names it in messages.
XsecConfig parse_xsec_config(std::string_view toml_text, std::string_view source = "<config>");

/// Names of the sections every command accepts for the physics inputs (Parameters):
/// physics, constants, hadronic, mixing, nsi, electromagnetic.
std::vector<std::string> physics_section_names();

}  // namespace cevas
