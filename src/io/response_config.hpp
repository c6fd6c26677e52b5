#pragma once
// Reader of the detector-response keys of [detector] and of [detector.timing] (issue 13 item 2;
// docs/cli.md "Detector response"). Internal to src/io.

#include "cevas/rates/response.hpp"
#include "config_detail.hpp"

namespace cevas::config_detail {

/// Keys of [detector] read by parse_detector_response (for Section::allow).
const std::vector<std::string>& detector_response_keys();

/// True if [detector] observable = "pe": then threshold, resolution_abs, the binning and the
/// background table's abscissae are bare numbers of photo-electrons.
bool observable_is_pe(const Section& detector);

/// quenching, quenching_k, quenching_file, quenching_coefficients, quenching_range_keVnr,
/// observable, light_yield_pe_per_keVee, smearing, efficiency_observed and [detector.timing].
/// Errors: ConfigError naming the key, its value and line.
void parse_detector_response(const Section& detector, DetectorResponse& response,
                             TimingWindow& timing);

}  // namespace cevas::config_detail
