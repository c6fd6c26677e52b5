#pragma once
/// @file
/// Detector response and binned counts: threshold, efficiency, Gaussian resolution, binning,
/// exposure and background (PHYSICS.md section 6).

#include <string>
#include <vector>

#include "cevas/rates/event_rate.hpp"

namespace cevas {

/// A function of true recoil energy given as a constant or a table (linear interpolation,
/// constant extrapolation at both ends).
struct TabulatedFunction {
    double constant = 1.0;  ///< used when the table is empty
    std::vector<double> x;  ///< abscissae [eV], strictly increasing
    std::vector<double> y;  ///< values
    double operator()(double t) const;
    /// @throws InvalidArgument naming `field` for unequal sizes, non-increasing x or non-finite
    /// values.
    void validate(const std::string& field) const;
};

/// Gaussian energy resolution sigma(T) = sqrt(sigma_abs^2 + (sigma_rel T)^2); 0 means perfect.
struct Resolution {
    double sigma_abs = 0;  ///< [eV]
    double sigma_rel = 0;  ///< dimensionless
    double sigma(double t) const;
};

/// Bin edges in reconstructed recoil energy [eV].
struct Binning {
    std::vector<double> edges;
    static Binning linear(double lo, double hi, int n);
    static Binning logarithmic(double lo, double hi, int n);
    /// @throws InvalidArgument naming `field` unless edges are finite, >= 0, strictly increasing,
    /// >= 2.
    static Binning explicit_edges(std::vector<double> edges,
                                  const std::string& field = "binning.edges");
    std::size_t n_bins() const { return edges.empty() ? 0 : edges.size() - 1; }
};

/// The detector and exposure.
struct Detector {
    double exposure = 0;           ///< live time [eV^-1] (multiply seconds by units::s)
    double threshold = 0;          ///< reconstructed-energy threshold [eV]
    TabulatedFunction efficiency;  ///< efficiency vs true recoil (default constant 1)
    Resolution resolution;
    Binning binning;
    /// Background in reconstructed energy: events per unit energy per unit time [natural units:
    /// multiply events/(eV s) by 1/(units::eV * units::s)]; constant (flat) or tabulated.
    TabulatedFunction background{0.0, {}, {}};
    /// @throws InvalidArgument naming the detector field for invalid settings.
    void validate() const;
};

/// Expected counts per bin over the exposure.
struct BinnedCounts {
    std::vector<double> edges;          ///< [eV]
    std::vector<double> signal;         ///< expected signal events per bin
    std::vector<double> background;     ///< expected background events per bin
    double total_signal = 0;            ///< sum of signal bins
    double total_background = 0;        ///< sum of background bins
    std::vector<std::string> warnings;  ///< e.g. threshold above the kinematic maximum
};

/// Expected background events per bin over the exposure: integral over each bin above
/// threshold of the background rate times the exposure.
std::vector<double> background_counts(const Detector& det);

/// Fold a differential rate with the detector: signal_i = exposure * integral dT dN/dT(T) eff(T)
/// P_i(T), P_i the probability that a true recoil T is reconstructed in bin i above threshold
/// (Gaussian; a step for perfect resolution). The true-energy integral uses Gauss–Legendre
/// panels of 8 nodes: aligned with the bin edges where the resolution is narrower than two bin
/// widths (`panels_per_bin` per bin, more for bins wider than 1/256 of the integrated range),
/// and of width sigma(T) (at most 1/256 of the range) where it is wider, so that the cost is
/// O(bins + nodes), not O(bins x nodes) (docs/performance.md).
/// @param species -1 for all species, or one species index
/// @param threads worker threads (1: serial; 0: every core); bit-identical for every count
BinnedCounts bin_counts(const EventRate& rate, const Detector& det, int species = -1,
                        int panels_per_bin = 1, int threads = 1);

}  // namespace cevas
