#pragma once
/// @file
/// Internal building blocks of the TOML readers (not installed; toml++ stays out of the public
/// headers). A reader for a new command or a new section follows one pattern:
///
///   void parse_source_section(const Section& s, SourceSettings& out) {
///       s.allow({"kind", "activity", "position"});         // unknown keys -> ConfigError
///       if (auto a = s.quantity("activity", parse_activity)) out.activity = *a;
///       ...
///   }
///
/// and a top-level reader checks the section names it accepts (check_sections), runs
/// parse_physics_sections for the shared physics inputs, then its own section parsers on
/// root_section(root, "source") etc. Every error names the full dotted key and its location.

#include <toml++/toml.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/core/limits.hpp"
#include "cevas/io/config.hpp"
#include "cevas/io/quantity.hpp"
#include "cevas/numerics/matrix3.hpp"
#include "cevas/xsec/parameters.hpp"

namespace cevas::config_detail {

/// One TOML table at a dotted path ("nsi.vector.nucleus") in a named source file.
class Section {
 public:
    Section(const toml::table& table, std::string path, std::string source);

    /// Reject any key of the table not in `keys`: ConfigError naming "<path>.<key>" and
    /// suggesting the closest allowed key (edit distance), or listing them all.
    void allow(std::initializer_list<std::string_view> keys) const;
    void allow(const std::vector<std::string>& keys) const;

    const toml::table& table() const { return *table_; }
    const std::string& path() const { return path_; }
    const std::string& source() const { return source_; }
    /// "<path>.<key>" (or just key at the root).
    std::string key_path(std::string_view key) const;
    /// "<source>:<line>" of a node, or of the table when the node has no position.
    std::string location(const toml::node* node = nullptr) const;

    bool has(std::string_view key) const { return table_->contains(key); }
    const toml::node* node(std::string_view key) const { return table_->get(key); }

    /// Typed getters: empty when the key is absent, ConfigError when the type is wrong.
    std::optional<double> number(std::string_view key) const;  ///< integer or float
    std::optional<std::string> string(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    /// A sub-table (empty when absent; ConfigError when the key holds something else).
    std::optional<Section> subtable(std::string_view key) const;

    /// A quantity: a string with unit parsed by `parse` (e.g. parse_energy), or a bare number
    /// in the default unit when `bare_number_ok` (otherwise a number is "missing unit").
    std::optional<double> quantity(std::string_view key,
                                   double (*parse)(std::string_view, std::string_view, Domain),
                                   Domain domain, bool bare_number_ok = true) const;
    /// A complex number: number, string "0.1-0.05i", or array [re, im].
    complex complex_value(const toml::node& n, const std::string& key) const;
    /// A 3x3 matrix [[..],[..],[..]] of complex values (see complex_value).
    Matrix3c matrix_value(const toml::node& n, const std::string& key) const;

    /// ConfigError at the key's own line unless in_range(v, r) (docs/limits.md); the value is
    /// shown in the range's unit. Returns v.
    double check_range(std::string_view key, double v, const Range& r) const;

    /// Throw ConfigError "<key> = <value>: <reason> (<location>)".
    [[noreturn]] void fail(const std::string& key, const std::string& value,
                           const std::string& reason, const toml::node* where = nullptr) const;
    /// Run `f`; an InvalidArgument it throws becomes a ConfigError with this key's location.
    template <class F>
    auto convert(std::string_view key, F&& f) const -> decltype(f()) {
        try {
            return f();
        } catch (const InvalidArgument& e) {
            rethrow(e, key);
        }
    }

 private:
    [[noreturn]] void rethrow(const InvalidArgument& e, std::string_view key) const;
    const toml::table* table_;
    std::string path_;
    std::string source_;
};

/// Text of a TOML value for messages (strings quoted, arrays and tables in TOML syntax).
std::string node_text(const toml::node& n);
/// TOML type name for messages ("string", "integer", "array" ...).
std::string type_name(const toml::node& n);

/// The top-level table `name` of `root` as a Section (empty when absent; ConfigError when
/// `name` holds a plain value instead of a table).
std::optional<Section> root_section(const toml::table& root, std::string_view name,
                                    const std::string& source);

/// Reject top-level keys of `root` not in `allowed` (with a suggestion).
void check_sections(const toml::table& root, const std::vector<std::string>& allowed,
                    const std::string& source);

/// Parse TOML text; syntax errors become ConfigError with line and column.
toml::table parse_toml(std::string_view text, const std::string& source,
                       std::string_view field = "config");
/// Read and parse a TOML file; a missing or unreadable file is a ConfigError naming `field`.
toml::table read_toml_file(const std::filesystem::path& file, std::string_view field = "config");

// --- section parsers shared by every command ------------------------------------------------

/// Physics inputs and the mixing specification from every physics section of `root` (see
/// physics_section_names()); absent sections keep the defaults of `base`.
struct PhysicsConfig {
    Parameters params;  ///< params.mixing == mixing.resolve()
    MixingSpec mixing;
};
PhysicsConfig parse_physics_sections(const toml::table& root, const std::string& source,
                                     Parameters base = {});

void parse_physics_section(const Section& s, Parameters& p);           ///< [physics]
void parse_constants_section(const Section& s, PhysicalConstants& c);  ///< [constants]
void parse_hadronic_section(const Section& s, NucleonCharges& c);      ///< [hadronic]
MixingSpec parse_mixing_section(const Section& s);                     ///< [mixing]
void parse_nsi_section(const Section& s, NsiParameters& nsi);          ///< [nsi]
void parse_electromagnetic_section(const Section& s,
                                   ElectromagneticParameters& em);  ///< [electromagnetic]
/// [[mediator]] tables (an array of tables at `path`, e.g. "mediator" or
/// "scenario[0].mediator"): type, mass, g_nu (number, pair table or matrix), g_nu_e/mu/tau,
/// g_u, g_d, g_p, g_n, g_e.
std::vector<Mediator> parse_mediator_tables(const toml::node& n, const std::string& path,
                                            const std::string& source);
TargetSpec parse_target_section(const Section& s,
                                std::vector<std::string> extra_keys = {});  ///< [target]
XsecSettings parse_xsec_section(const Section& s);                          ///< [xsec]

}  // namespace cevas::config_detail
