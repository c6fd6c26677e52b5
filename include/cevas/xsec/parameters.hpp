#pragma once
/// @file
/// The one parameter object that carries every physics input of a cross-section calculation.

#include <optional>
#include <vector>

#include "cevas/core/constants.hpp"
#include "cevas/couplings/electroweak.hpp"
#include "cevas/couplings/mediator.hpp"
#include "cevas/couplings/new_physics.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "cevas/targets/form_factor.hpp"

namespace cevas {

/// Every physics input: constants, couplings, new physics, mixing and model choices.
/// Default-constructed, it is the Standard Model of PHYSICS.md section 2.
struct Parameters {
    PhysicalConstants constants;
    ElectroweakParameters electroweak;
    NsiParameters nsi;
    ElectromagneticParameters electromagnetic;
    /// Light mediators (vector Z', scalar phi): q-dependent NSI (couplings/mediator.hpp).
    std::vector<Mediator> mediators;
    MixingParameters mixing;
    /// Atomic form-factor model; empty: the target's default (PHYSICS.md section 3).
    std::optional<AtomicFormFactorModel> atomic_form_factor;
    /// Nuclear form-factor model; empty: the target's default.
    std::optional<NuclearFormFactorModel> nuclear_form_factor;
};

}  // namespace cevas
