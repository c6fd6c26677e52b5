/// @file
/// The private extension module `cevas._core`. This file only wires the topics; each
/// bind_<topic>.cpp binds one part of the library. The public API is the pure-Python package
/// `cevas` (python/cevas/__init__.py), which re-exports from here.

#include "common.hpp"

PYBIND11_MODULE(_core, m) {
    using namespace cevas::python;
    m.doc() = "cevas C++ core (private; use the `cevas` package)";
    bind_errors(m);       // cevas::Exception hierarchy -> Python exceptions
    bind_couplings(m);    // Parameters: electroweak inputs, NSI, electromagnetic properties
    bind_constants(m);    // physical constants (as Parameters properties), listing, version
    bind_oscillation(m);  // mixing parameters, PMNS matrix, oscillation probabilities
    bind_targets(m);      // isotopes, targets, spin content, form factors
    bind_xsec(m);         // CrossSection, total_cross_section
    bind_sources(m);      // neutrino sources: tritium, EC lines, pion DAR, reactor, tabulated
    bind_material(m);     // composite targets: Material, make_material, MaterialRate
    bind_rates(m);        // geometry, EventRate (dN/dT), detector folding (bin_counts)
    bind_solar(m);        // solar neutrinos: B16 source with MSW, geometry, P_ee
    bind_medium(m);       // superfluid 4He S(q, omega), spectra in deposited energy
    bind_config(m);       // rate configurations and whole runs (cevas.load_config, cevas.run)
    bind_response(m);     // detector response: quenching, keVee/PE, Poisson, pion-DAR timing
    bind_stats(m);        // sensitivity: templates, profiled chi^2, limits, scans, significance
    bind_mediator(m);     // light mediators: Mediator, Parameters.mediators, limit vs mass
}
