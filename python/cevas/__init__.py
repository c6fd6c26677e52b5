"""cevas: coherent elastic neutrino scattering on atoms (CEvAS) and nuclei (CEvNS).

A thin Python layer over the C++ library (the private extension ``cevas._core``). Everything
physical is computed in C++; this package only re-exports it and adds plotting
(:mod:`cevas.plot`, imported on demand so that ``import cevas`` does not need matplotlib).

Units at the Python boundary (every docstring repeats them):

=========================  ===========================================
energies, masses, |q|      eV
baselines, lengths, radii  m
dsigma/dT                  cm^2/eV
sigma (total)              cm^2
charge radius <r^2>        cm^2
millicharge                elementary charge e
magnetic moment            Bohr magneton mu_B
angles / mass splittings   rad / eV^2
=========================  ===========================================

Example::

    import numpy as np
    import cevas

    params = cevas.Parameters(atomic_form_factor="hubbell")
    params.set_nsi("vector", "nucleus", "emu", 0.1 - 0.05j)
    xs = cevas.CrossSection("He4", params)
    t = np.geomspace(1e-5, xs.t_max(15e3), 200)           # recoil T [eV]
    dsdt = xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True)   # [cm^2/eV]

Whole runs (the job of ``cevas run``)::

    cfg = cevas.load_config("examples/saturne.toml")     # validated by the CLI's reader
    res = cevas.run(cfg, output="out")                   # the CLI's files and numbers
    res.totals["sm"], res.effective_exposure_s
    cevas.read_table("out/spectrum.csv")["recoil_eV"]

Errors are Python exceptions carrying the library's "field = value: reason" message, in the
units of the Python arguments: :class:`Error` is the root; :class:`InvalidArgument` and
:class:`RangeError` are also ``ValueError``; :class:`ArgumentTypeError` (None, a string or a
complex number where a real number is expected) is an :class:`InvalidArgument` and a
``TypeError``; :class:`DataError`, :class:`ConfigError` and :class:`NumericalError` are
:class:`Error` subclasses.

Guided tour: docs/python.md; tutorials: examples/notebooks/.
"""

from __future__ import annotations

from cevas._core import (
    ArgumentTypeError,
    AtomicFormFactor,
    Coefficients,
    ConfigError,
    CrossSection,
    DataError,
    Error,
    InvalidArgument,
    NucleonCharges,
    NuclearFormFactor,
    NumericalError,
    Parameters,
    RangeError,
    ShellSpin,
    SpinContent,
    Target,
    __version__,
    featured_targets,
    find_isotope,
    list_constants,
    make_target,
    oscillation_probability,
    pmns_matrix,
    total_cross_section,
    version_info,
)

# Sources and event rates (issue 5).
from cevas._core import (
    EventRate,
    FluxGeometry,
    Source,
    atoms_in_mass,
    bin_counts,
    cylinder_geometry,
    cylinder_volume,
    electron_capture_lines,
    electron_capture_source,
    line_source,
    pion_dar_source,
    point_geometry,
    proton_rate_from_beam,
    reactor_source,
    solar_geometry,
    solar_source,
    solar_survival_probability,
    tabulated_source,
    tritium_activity_from_mass,
    tritium_mass_from_activity,
    tritium_source,
)

# Detector response for nuclear recoils (issue 13 item 2).
from cevas._core import (
    lindhard_quenching,
    observed_value,
    pion_dar_timing_fractions,
    poisson_probabilities,
)

# Configurations, whole runs, output tables (issue 9).
from cevas._core import ResolvedConfig
from cevas.config import Config, RunResults, load_config, run, to_toml
from cevas.tables import OutputTable, read_table

#: Flavour names accepted by every ``flavor=`` argument, in flavour-index order.
FLAVORS = ("e", "mu", "tau")

#: NSI Lorentz structures and levels accepted by :meth:`Parameters.set_nsi`.
NSI_STRUCTURES = ("vector", "axial", "scalar", "tensor")
NSI_LEVELS = ("u", "d", "p", "n", "nucleus", "e")


def constants(parameters: Parameters | None = None) -> list[dict]:
    """The physical constants in use, as ``[{name, value, unit, source}, ...]``.

    Values are in the listing units that output headers print (GeV^-2, eV, angstrom, MeV);
    ``parameters`` defaults to the Standard-Model defaults.
    """
    return list_constants(parameters if parameters is not None else Parameters())


def version() -> str:
    """The cevas version string, e.g. ``"0.1.0"``."""
    return __version__


def recoil_grid(cross_section: CrossSection, e_nu: float, n: int = 400, *,
                t_min: float | None = None, log: bool = True):
    """Recoil energies T [eV] from ``t_min`` to T_max(E), for plotting and tables.

    ``log=True`` gives a geometric grid (``t_min`` defaults to 1e-4 T_max), otherwise a linear
    one from ``t_min`` (default 0). Pure bookkeeping: the end point comes from
    :meth:`CrossSection.t_max`.
    """
    import numpy as np

    t_max = cross_section.t_max(float(e_nu))
    if log:
        lo = 1e-4 * t_max if t_min is None else float(t_min)
        if not 0 < lo < t_max:
            raise InvalidArgument(f"t_min = {lo!r}: must lie in (0, T_max = {t_max!r} eV) for a log grid")
        return np.geomspace(lo, t_max, int(n))
    lo = 0.0 if t_min is None else float(t_min)
    return np.linspace(lo, t_max, int(n))


__all__ = [
    "ArgumentTypeError",
    "AtomicFormFactor",
    "Coefficients",
    "Config",
    "OutputTable",
    "ResolvedConfig",
    "RunResults",
    "load_config",
    "read_table",
    "run",
    "to_toml",
    "ConfigError",
    "CrossSection",
    "DataError",
    "Error",
    "EventRate",
    "FLAVORS",
    "FluxGeometry",
    "InvalidArgument",
    "NSI_LEVELS",
    "NSI_STRUCTURES",
    "NuclearFormFactor",
    "NucleonCharges",
    "NumericalError",
    "Parameters",
    "RangeError",
    "ShellSpin",
    "Source",
    "SpinContent",
    "Target",
    "__version__",
    "atoms_in_mass",
    "bin_counts",
    "constants",
    "cylinder_geometry",
    "cylinder_volume",
    "electron_capture_lines",
    "electron_capture_source",
    "featured_targets",
    "find_isotope",
    "line_source",
    "lindhard_quenching",
    "observed_value",
    "pion_dar_timing_fractions",
    "poisson_probabilities",
    "list_constants",
    "make_target",
    "oscillation_probability",
    "pion_dar_source",
    "pmns_matrix",
    "point_geometry",
    "proton_rate_from_beam",
    "reactor_source",
    "solar_geometry",
    "solar_source",
    "solar_survival_probability",
    "recoil_grid",
    "tabulated_source",
    "total_cross_section",
    "tritium_activity_from_mass",
    "tritium_mass_from_activity",
    "tritium_source",
    "version",
    "version_info",
]

# Sensitivity (issue 8): exact templates, profiled chi^2, limits, scans, significance.
from cevas._core import (  # noqa: E402
    StatsModel,
    chi2_quantile,
    chi2_quantile_boundary,
    significance,
    toy_counts,
)

__all__ += ["StatsModel", "chi2_quantile", "chi2_quantile_boundary", "significance", "toy_counts"]

# The detector medium (issue 12): superfluid 4He S(q, omega), spectra in deposited energy.
from cevas._core import (  # noqa: E402
    SuperfluidHelium,
    deposited_counts,
    deposited_spectrum,
    medium_models,
)

__all__ += ["SuperfluidHelium", "deposited_counts", "deposited_spectrum", "medium_models"]

# Light mediators (issue 13): vector Z' and scalar, q-dependent NSI; limit vs mediator mass.
from cevas._core import Mediator, mediator_limit_scan, parse_mediator  # noqa: E402

__all__ += ["Mediator", "mediator_limit_scan", "parse_mediator"]

# Composite targets (issue 13): natural elements, compounds, mixtures and their summed rates.
from cevas._core import (  # noqa: E402
    Material,
    MaterialRate,
    make_material,
    make_mixture,
    natural_abundances,
    spin_expectation_table,
)

__all__ += ["Material", "MaterialRate", "make_material", "make_mixture", "natural_abundances",
            "spin_expectation_table"]

# pybind11's own TypeError for a wrongly typed argument -> cevas.ArgumentTypeError naming it.
from cevas import _errors  # noqa: E402

_errors.install(globals(), [n for n in __all__ if n != "ArgumentTypeError"])
from cevas import _examples  # noqa: E402

_examples.install(globals())  # runnable "Example::" blocks in every public docstring
del _examples
_EVENT_RATE_INIT = EventRate.__init__


def _event_rate_init(self, cross_section, source, geometry, n_atoms, oscillations=True, *,
                     energy_panels=48, threads=0):
    _EVENT_RATE_INIT(self, cross_section, source, geometry, n_atoms, oscillations,
                     energy_panels=energy_panels, threads=threads)
    # The decay of the source during an exposure (used by bin_counts), from the source.
    self.half_life_s = getattr(source, "half_life_s", None)


_event_rate_init.__doc__ = _EVENT_RATE_INIT.__doc__
EventRate.__init__ = _event_rate_init
del _errors

_MATERIAL_RATE_INIT = MaterialRate.__init__


def _material_rate_init(self, material, source, geometry, n_units, parameters=None,
                        oscillations=True, *, energy_panels=48, threads=0):
    _MATERIAL_RATE_INIT(self, material, source, geometry, n_units,
                        Parameters() if parameters is None else parameters, oscillations,
                        energy_panels=energy_panels, threads=threads)
    # The decay of the source during an exposure (used by bin_counts), from the source.
    self.half_life_s = getattr(source, "half_life_s", None)


_material_rate_init.__doc__ = _MATERIAL_RATE_INIT.__doc__
MaterialRate.__init__ = _material_rate_init
