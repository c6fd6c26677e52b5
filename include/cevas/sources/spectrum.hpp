#pragma once
/// @file
/// Neutrino source spectra: the common vocabulary of the `sources` module.
///
/// A `Source` is a named list of `SpectrumComponent`s, one per emitted species and shape. A
/// component is either a continuum (a `ContinuousSpectrum`: a density dN/dE normalised to 1 over
/// [e_min, e_max], with the energies where it has kinks or jumps) or a monoenergetic `Line`; in
/// both cases `rate` is the number of neutrinos of that component emitted per unit time. The
/// emitted differential rate of a component is therefore
///     dR/dE = rate * density(E)            (continuum)      [1/(time energy)]
///     dR/dE = rate * delta(E - energy)     (line)
/// and an event-rate integrator splits its quadrature at `break_points()`.
///
/// Units: natural units (eV = 1). Energies in eV, densities in 1/eV, rates in eV (1/time):
/// `rate / units::Bq` is the rate per second.

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cevas/core/flavor.hpp"

namespace cevas {

/// Ordered (name, value) pairs listing every input of a spectrum or source, for output headers.
/// Names carry their unit as a suffix (`q_value_eV`, `half_life_d`, `activity_Bq`).
using Description = std::vector<std::pair<std::string, std::string>>;

/// A continuous energy spectrum of one neutrino species, normalised to unit integral.
///
/// \f$ \int_{e_{min}}^{e_{max}} \rho(E)\, dE = 1 \f$; \f$ \rho(E) = 0 \f$ outside [e_min, e_max].
/// Implementations are immutable after construction and safe to share between threads.
class ContinuousSpectrum {
 public:
    virtual ~ContinuousSpectrum() = default;

    /// Normalised density rho(E) [1/eV] at neutrino energy e_nu [eV].
    /// Returns 0 for a finite e_nu outside [e_min, e_max] (no extrapolation);
    /// @throws InvalidArgument if e_nu is NaN.
    virtual double density(double e_nu) const = 0;

    /// Lower end of the support [eV].
    virtual double e_min() const = 0;
    /// Upper end of the support [eV].
    virtual double e_max() const = 0;

    /// Energies [eV] where rho or its derivative is discontinuous, sorted ascending, first
    /// e_min() and last e_max(). A quadrature over E should split its range at these points.
    virtual std::vector<double> break_points() const { return {e_min(), e_max()}; }

    /// Short name of the model ("tritium beta decay", "Huber-Mueller reactor" ...).
    virtual std::string name() const = 0;

    /// Every input of the model with its unit and reference.
    virtual Description describe() const = 0;
};

/// A monoenergetic line.
struct Line {
    double energy = 0;     ///< neutrino energy E_0 [eV]
    double branching = 1;  ///< fraction of the parent decays that emit this line (informational:
                           ///< the component's `rate` already includes it)
};

/// One species and shape of a source.
struct SpectrumComponent {
    Flavor flavor = Flavor::e;                   ///< neutrino flavour
    NeutrinoType type = NeutrinoType::neutrino;  ///< neutrino or antineutrino
    double rate = 0;  ///< neutrinos of this component emitted per unit time [eV] (= [1/time])
    /// Shape: a line, or a normalised continuum (never null).
    std::variant<Line, std::shared_ptr<const ContinuousSpectrum>> shape{};
    std::string label{};  ///< human-readable name ("51Cr K capture to g.s.", "delayed nu_e")
    /// Optional: the component reaches the detector as an incoherent mixture of the mass
    /// eigenstates nu_1, nu_2, nu_3 with populations p_j(E) (>= 0, summing to 1) at neutrino
    /// energy E [eV] (solar neutrinos after MSW conversion: oscillation/solar.hpp). When set, the
    /// rate uses the density matrix rho = sum_j p_j |nu_j><nu_j| and ignores the geometry's
    /// baselines; `flavor` is then the flavour at production. Empty: a pure flavour state.
    std::function<std::array<double, 3>(double)> mass_populations{};

    /// True if the component is a line.
    bool is_line() const { return std::holds_alternative<Line>(shape); }
    /// The line; @throws InvalidArgument if the component is a continuum.
    const Line& line() const;
    /// The continuum; @throws InvalidArgument if the component is a line.
    const ContinuousSpectrum& continuum() const;
    /// Highest neutrino energy of the component [eV] (line energy, or e_max of the continuum).
    double max_energy() const;
    /// Differential emission rate rate * rho(E) [1/(time eV)] of a continuum at e_nu [eV];
    /// 0 for a line (integrate lines separately, they are delta functions).
    double rate_density(double e_nu) const;
};

/// A neutrino source: a named list of components with its input description.
class Source {
 public:
    /// @param name        source name ("tritium", "51Cr", "pion DAR", "reactor" ...)
    /// @param components  at least one; each rate finite and > 0, each line energy finite and
    ///                    > 0 with branching in (0, 1], each continuum non-null
    /// @param metadata    strength inputs (activity, mass, power ...) with units in the names
    /// @throws InvalidArgument naming the offending component otherwise.
    Source(std::string name, std::vector<SpectrumComponent> components, Description metadata = {});

    const std::string& name() const { return name_; }
    const std::vector<SpectrumComponent>& components() const { return components_; }

    /// Every input: the source name, its metadata, then per component i an entry
    /// `component_<i>` (label, species, rate, line energy or support) followed by the
    /// continuum's own description with keys prefixed `component_<i>.`.
    Description describe() const;

    /// Total emission rate summed over all components [eV] (= [1/time]).
    double total_rate() const;
    /// Emission rate of one species [eV] (= [1/time]), 0 if the source does not emit it.
    double rate(Flavor flavor, NeutrinoType type) const;
    /// Highest neutrino energy of any component [eV].
    double max_energy() const;

 private:
    std::string name_;
    std::vector<SpectrumComponent> components_;
    Description metadata_;
};

/// \f$ \int \rho(E)\, g(E)\, dE \f$ over the support of `spectrum`, split at its break points;
/// adaptive Gauss–Kronrod (61 points) on each piece.
/// @param g        weight function of the neutrino energy [eV]
/// @param rel_tol  requested relative accuracy of each piece
/// @throws NumericalError if a piece does not reach 100 * rel_tol.
double integrate_spectrum(const ContinuousSpectrum& spectrum,
                          const std::function<double(double)>& g, double rel_tol = 1e-12);

/// Mean neutrino energy \f$ \int E \rho(E)\, dE \f$ [eV].
double mean_energy(const ContinuousSpectrum& spectrum);

}  // namespace cevas
