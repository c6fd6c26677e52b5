#include "cevas/sources/lines.hpp"

#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/core/units.hpp"

namespace cevas {

std::string_view to_string(ElectronCaptureIsotope isotope) {
    switch (isotope) {
        case ElectronCaptureIsotope::cr51:
            return "Cr51";
        case ElectronCaptureIsotope::ar37:
            return "Ar37";
    }
    return "?";
}

ElectronCaptureIsotope parse_electron_capture_isotope(std::string_view name,
                                                      std::string_view field) {
    if (name == "Cr51" || name == "51Cr" || name == "cr51") return ElectronCaptureIsotope::cr51;
    if (name == "Ar37" || name == "37Ar" || name == "ar37") return ElectronCaptureIsotope::ar37;
    throw InvalidArgument(cevas::describe(std::string(field), "'" + std::string(name) + "'",
                                          "unknown electron-capture source (use Cr51 or Ar37)"));
}

double electron_capture_half_life(ElectronCaptureIsotope isotope) {
    return (isotope == ElectronCaptureIsotope::cr51 ? 27.7025 : 35.011) * units::day;
}

std::vector<ElectronCaptureLine> electron_capture_lines(ElectronCaptureIsotope isotope) {
    using units::keV;
    switch (isotope) {
        case ElectronCaptureIsotope::cr51: {
            // Q_EC = M(51Cr) - M(51V) = -51450.715 - (-52203.105) keV (AME2020).
            constexpr double q = (-51450.715 + 52203.105) * keV;
            constexpr double level = 320.0835 * keV;  // 51V first excited state (ENSDF)
            constexpr double b_k = 5.465 * keV;       // V K-shell binding (X-ray Data Booklet)
            constexpr double b_l = 0.6267 * keV;      // V L1-shell binding
            // Branchings as used by BEST, Phys. Rev. C 105 (2022) 065502.
            return {{q - b_k, 0.8163, "51Cr K capture to 51V g.s."},
                    {q - b_l, 0.0895, "51Cr L+M capture to 51V g.s."},
                    {q - level - b_k, 0.0849, "51Cr K capture to 51V 320 keV"},
                    {q - level - b_l, 0.0093, "51Cr L+M capture to 51V 320 keV"}};
        }
        case ElectronCaptureIsotope::ar37: {
            // Q_EC = M(37Ar) - M(37Cl) = -30947.679 - (-31761.552) keV (AME2020); g.s. only.
            constexpr double q = (-30947.679 + 31761.552) * keV;
            constexpr double b_k = 2.8224 * keV;  // Cl K-shell binding (X-ray Data Booklet)
            constexpr double b_l = 0.270 * keV;   // Cl L1-shell binding
            // Branchings as used by SAGE, Phys. Rev. C 73 (2006) 045805.
            return {{q - b_k, 0.902, "37Ar K capture"}, {q - b_l, 0.098, "37Ar L+M capture"}};
        }
    }
    return {};
}

Source electron_capture_source(ElectronCaptureIsotope isotope, double activity) {
    require_positive("activity", activity);
    std::vector<SpectrumComponent> components;
    for (const auto& l : electron_capture_lines(isotope)) {
        components.push_back({.flavor = Flavor::e,
                              .type = NeutrinoType::neutrino,
                              .rate = activity * l.branching,
                              .shape = Line{.energy = l.energy, .branching = l.branching},
                              .label = l.label});
    }
    const std::string name(to_string(isotope));
    Description metadata{
        {"isotope", name},
        {"activity_Bq", format_value(activity / units::Bq)},
        {"activity_Ci", format_value(activity / units::Ci)},
        {"line_energies",
         "Q_EC (AME2020) - level (ENSDF) - daughter shell binding (X-ray Data "
         "Booklet)"},
        {"branchings", isotope == ElectronCaptureIsotope::cr51
                           ? "BEST, Phys. Rev. C 105 (2022) 065502"
                           : "SAGE, Phys. Rev. C 73 (2006) 045805"},
    };
    return Source(name + " electron capture", std::move(components), std::move(metadata));
}

Source line_source(const LineSourceParameters& p) {
    require_positive("energy", p.energy);
    require_positive("rate", p.rate);
    if (!p.flavor) {
        throw InvalidArgument(
            cevas::describe("flavor", "(unset)", "a line source needs an explicit flavour"));
    }
    if (!p.type) {
        throw InvalidArgument(cevas::describe(
            "type", "(unset)", "a line source needs an explicit neutrino or antineutrino"));
    }
    SpectrumComponent c{.flavor = *p.flavor,
                        .type = *p.type,
                        .rate = p.rate,
                        .shape = Line{.energy = p.energy, .branching = 1.0},
                        .label = p.name};
    Description metadata{{"energy_eV", format_value(p.energy / units::eV)},
                         {"rate_per_s", format_value(p.rate / units::Bq)}};
    return Source(p.name, {std::move(c)}, std::move(metadata));
}

}  // namespace cevas
