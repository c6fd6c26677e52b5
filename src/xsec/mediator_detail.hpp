#pragma once
// Internal: the light-mediator part of accumulate() (cross_section_mediator.cpp).
#include "cevas/xsec/cross_section.hpp"

namespace cevas::detail {

/// into.mediator += w * c.mediator, converting amplitudes to quadratic forms (call before the
/// contact part of accumulate() clears into.has_amplitudes).
void accumulate_mediator(Coefficients& into, const Coefficients& c, double w);

}  // namespace cevas::detail
