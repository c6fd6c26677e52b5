#pragma once
/// @file
/// Configuration of the sensitivity commands (`cevas limit`, `cevas significance`, `cevas
/// scan`): a rate configuration (rate_config.hpp) plus a `[statistics]` section, and the text
/// grammar of fit parameters. Schema: docs/sensitivity.md.
///
/// Parameter names (the `--nsi` grammar of nsi_option.hpp without the value):
///   [STRUCTURE.]LEVEL.AB[.re|.im]   NSI entry (vector when STRUCTURE is omitted; .re default;
///                                   .im only off the diagonal), dimensionless
///   magnetic_moment[.AB[.re|.im]]   universal (flavour-diagonal) or one entry [mu_B]
///   millicharge[.AB[.re|.im]]       [e]
///   charge_radius[.AB[.re|.im]]     <r^2> [cm^2]
///   sin2_theta_w                    the weak mixing angle (absolute value)
///   mediator[.I].g2[_quarks|_e|_bl] coupling product g^2 = g_nu g_f of light mediator I (default
///                                   0) of the configuration (its type and mass): g_nu = 1 on
///                                   the flavour diagonal and g2: g_u = g_d = g_e = x (universal);
///                                   g2_quarks: g_u = g_d = x; g2_e: g_e = x; g2_bl (B-L): g_u =
///                                   g_d = -x/3, g_e = x (docs/sensitivity.md)
/// With a range: NAME=LO:HI:N (N evenly spaced values, LO < HI, N >= 2).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cevas/io/rate_config.hpp"
#include "cevas/stats/procedures.hpp"

namespace cevas {

/// Build the fit parameter named `name`; throws InvalidArgument "<field> = '<name>': <reason>"
/// for an unknown name.
FitParameter parse_fit_parameter(std::string_view name, std::string_view field = "--parameter");

/// A parameter with an optional scan range, from "NAME" or "NAME=LO:HI:N".
struct ParameterSpec {
    FitParameter parameter;
    std::optional<ParameterRange> range;
};
ParameterSpec parse_parameter_spec(std::string_view text, std::string_view field = "--parameter");

/// Where the data come from.
enum class DataSource { asimov, toy, observed };
std::string_view to_string(DataSource d);

/// The [statistics] section.
struct StatsSettings {
    LikelihoodKind likelihood = LikelihoodKind::poisson;
    LimitMethod method = LimitMethod::wilks;
    double cl = 0.90;                                ///< limit confidence level
    std::vector<double> contours{0.68, 0.90, 0.95};  ///< scan contour levels
    DataSource data = DataSource::asimov;
    std::string data_file;            ///< observed counts (CSV: bin_lo_eV, bin_hi_eV, counts)
    std::uint64_t seed = 1;           ///< toys (data = "toy" and Feldman–Cousins)
    std::size_t toys = 10000;         ///< Feldman–Cousins toys per tested value
    std::size_t fc_points = 100;      ///< Feldman–Cousins tested values
    std::size_t points = 401;         ///< limit grid points
    std::vector<Nuisance> nuisances;  ///< [statistics.nuisances] kind = relative width
    std::string alternative = "no_electrons";  ///< significance: the alternative hypothesis
    /// Light-mediator mass scan of `cevas limit` ("LO:HI:N[:log|:linear]", empty: none).
    std::string mediator_mass_scan;
    std::vector<std::string> inputs;  ///< "key = value" as written, for metadata
};

/// Parse the [statistics] section of a TOML file (absent: defaults).
StatsSettings read_stats_settings(const std::filesystem::path& file,
                                  std::string_view field = "config");
StatsSettings parse_stats_settings(std::string_view toml_text,
                                   std::string_view source = "<config>");

/// Read observed counts from CSV text: '#' comment lines and a header line are skipped; rows
/// "bin_lo_eV,bin_hi_eV,counts". Returns (edges [eV], counts).
/// @throws InvalidArgument naming `field` for a malformed row or non-contiguous bins.
std::pair<std::vector<double>, std::vector<double>> parse_observed_csv(std::string_view text,
                                                                       std::string_view field);

/// The statistical model of a configuration: templates of `parameters` around the configured
/// physics (the "sm" scenario), with the likelihood and nuisances of [statistics]; the
/// energy-scale nodes are at +- its width.
Model build_model(const RateConfig& rate, const StatsSettings& stats,
                  const std::vector<FitParameter>& parameters, int threads = 0);

/// The physics of an alternative hypothesis: "no_electrons" (the bare nucleus, F_e = 0) or
/// comma-separated parameter assignments "NAME=VALUE[,NAME=VALUE]" applied to `base`.
/// @throws InvalidArgument naming `field` otherwise.
Parameters alternative_parameters(const Parameters& base, std::string_view text,
                                  std::string_view field = "--alternative");

/// The data of [statistics]: the Asimov data of the configured physics (expected counts of the
/// rates layer, nuisances at 0), one toy around them (seed), or the observed counts file
/// (relative paths: against the configuration file's folder).
Data build_data(const RateConfig& rate, const StatsSettings& stats, const Model& model);

/// True for a light-mediator coupling parameter (mediator[.I].g2...); `index` receives I.
bool is_mediator_parameter(std::string_view name, std::size_t* index = nullptr);

/// Set the polarisation and search scale of a mediator parameter for an experiment: the g^2
/// of an effective vector NSI of 0.1 at the binning's reference recoil,
///   scale = 0.1 sqrt2 G_F (q_ref^2 + m^2),  q_ref^2 = 2 M T_ref,
/// T_ref the geometric centre of the bin edges (the exact quadratic needs no particular step;
/// this keeps the polarisation well conditioned from m << q to m >> q).
/// @throws InvalidArgument "parameter = <name>: needs [[mediator]] ..." when the configuration
///         has no mediator I.
void calibrate_mediator_parameter(FitParameter& fp, const RateConfig& rate);

/// Masses of a light-mediator mass scan "LO:HI:N[:log|:linear]" (energies with units; default
/// logarithmic; N >= 1). @throws InvalidArgument naming `field`.
std::vector<double> parse_mediator_mass_scan(std::string_view text, std::string_view field);

/// One mass of a light-mediator limit curve.
struct MediatorLimitPoint {
    double mass = 0;                     ///< [eV]
    double best_fit = 0;                 ///< coupling product at the minimum
    std::optional<double> lower, upper;  ///< interval ends at the CL (empty: none in the range)
    double scale = 0;                    ///< polarisation scale used
};

/// Limit on a mediator parameter at every mass: templates per mass value (the rate is an exact
/// quadratic in the coupling product at fixed m), data per [statistics], Wilks interval at
/// stats.cl (method wilks or wilks_boundary). A configuration without [[mediator]] gets a
/// vector mediator (couplings 0) for mediator.g2. Each mass is independent.
/// @throws InvalidArgument for a Feldman–Cousins method or an unknown parameter.
std::vector<MediatorLimitPoint> mediator_limit_scan(const RateConfig& rate,
                                                    const StatsSettings& stats,
                                                    std::string_view parameter,
                                                    const std::vector<double>& masses,
                                                    int threads = 0);

}  // namespace cevas
