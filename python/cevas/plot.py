"""Plotting helpers for cevas results (matplotlib; safe with the Agg backend).

Every function draws on a matplotlib ``Axes`` you pass in and labels the axes with units; none
calls ``pyplot`` or ``show``, so scripts run headless. Create figures with :func:`new_figure`
(a plain :class:`matplotlib.figure.Figure`, no GUI) and write them with :func:`save`.

Recoil energies arrive in eV (the cevas unit) and are *displayed* in ``t_unit`` ("meV" by
default: the CEvAS regime at tritium energies); cross sections are in cm^2/eV.

Example::

    import cevas
    from cevas import plot

    xs = cevas.CrossSection("He4")
    fig, ax = plot.new_figure()
    for flavor in cevas.FLAVORS:
        plot.plot_cross_section(ax, xs, 15e3, flavor=flavor, antineutrino=False,
                                label=plot.flavor_label(flavor, antineutrino=False))
    plot.finish_axes(ax, title="SM, 4He, E = 15 keV")
    plot.save(fig, "sm_he4.png")
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatterSciNotation, LogLocator

#: Display units for recoil energies: name -> value of one such unit in eV.
ENERGY_UNITS = {"eV": 1.0, "meV": 1e-3, "keV": 1e3}

#: Axis labels (mathtext) used throughout.
DSIGMA_LABEL = r"$d\sigma/dT$ [cm$^2$/eV]"
SIGMA_LABEL = r"$\sigma$ [cm$^2$]"

_FLAVOR_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}


def _unit_scale(unit: str) -> float:
    try:
        return ENERGY_UNITS[unit]
    except KeyError:
        raise ValueError(f"t_unit = {unit!r}: unknown display unit (use one of {sorted(ENERGY_UNITS)})") from None


def recoil_label(t_unit: str = "meV") -> str:
    """Axis label for the recoil energy, e.g. ``"recoil energy T [meV]"``."""
    _unit_scale(t_unit)
    return f"recoil energy $T$ [{t_unit}]"


def flavor_label(flavor: str, *, antineutrino: bool) -> str:
    r"""Mathtext name of a neutrino, e.g. ``$\bar\nu_e$``."""
    try:
        sub = _FLAVOR_TEX[flavor]
    except KeyError:
        raise ValueError(f"flavor = {flavor!r}: unknown flavour (use e, mu or tau)") from None
    return rf"$\bar\nu_{{{sub}}}$" if antineutrino else rf"$\nu_{{{sub}}}$"


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: Sequence[float] | None = None,
               squeeze: bool = True, **subplot_kw):
    """A headless figure and its axes (``Figure.subplots``); no pyplot state is touched."""
    if figsize is None:
        figsize = (6.4 * ncols, 4.6 * nrows) if nrows * ncols > 1 else (7.0, 5.0)
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=squeeze, **subplot_kw)
    return fig, axes


def save(fig: Figure, path: str | os.PathLike, *, dpi: int = 150) -> str:
    """Write ``fig`` to ``path`` (format from the suffix, e.g. PNG), creating directories."""
    path = os.fspath(path)
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    return path


def plot_dsigma_dT(ax, t, dsigma, *, label: str | None = None, t_unit: str = "meV",
                   logx: bool = True, logy: bool = True, **style):
    """Draw dsigma/dT [cm^2/eV] against the recoil energy T (given in eV, shown in ``t_unit``).

    Points with dsigma/dT <= 0 are dropped on a log y axis (the end point T_max, where the
    cross section vanishes). Returns the ``Line2D``.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(dsigma, dtype=float)
    if t.shape != y.shape:
        raise ValueError(f"dsigma: shape {y.shape} differs from the recoil grid's {t.shape}")
    x = t / _unit_scale(t_unit)
    if logy:
        keep = y > 0
        x, y = x[keep], y[keep]
    if logx:
        keep = x > 0
        x, y = x[keep], y[keep]
    (line,) = ax.plot(x, y, label=label, **style)
    ax.set_xscale("log" if logx else "linear")
    ax.set_yscale("log" if logy else "linear")
    ax.set_xlabel(recoil_label(t_unit))
    ax.set_ylabel(DSIGMA_LABEL)
    return line


def plot_cross_section(ax, cross_section, e_nu: float, *, flavor: str, antineutrino: bool,
                       t=None, n: int = 600, baseline=0.0, label: str | None = None,
                       t_unit: str = "meV", logx: bool = True, logy: bool = True, **style):
    """Compute dsigma/dT of ``cross_section`` at ``e_nu`` [eV] and draw it.

    ``t``: recoil energies [eV]; by default a grid from 1e-4 T_max to T_max (geometric for a
    log x axis). ``baseline`` [m] as in :meth:`cevas.CrossSection.dsigma_dT`. Returns
    ``(t, dsigma)`` so callers can reuse the numbers.
    """
    if t is None:
        t_max = cross_section.t_max(float(e_nu))
        t = np.geomspace(1e-4 * t_max, t_max, n) if logx else np.linspace(0.0, t_max, n)
    t = np.asarray(t, dtype=float)
    y = cross_section.dsigma_dT(float(e_nu), t, flavor=flavor, antineutrino=antineutrino,
                                baseline=baseline)
    plot_dsigma_dT(ax, t, y, label=label, t_unit=t_unit, logx=logx, logy=logy, **style)
    return t, y


def plot_form_factor(ax, q, values, *, label: str | None = None, q_unit: str = "keV",
                     logx: bool = True, **style):
    """Draw a form factor F(q) against |q| (given in eV, shown in ``q_unit``). Returns the line."""
    q = np.asarray(q, dtype=float) / _unit_scale(q_unit)
    (line,) = ax.plot(q, np.asarray(values, dtype=float), label=label, **style)
    ax.set_xscale("log" if logx else "linear")
    ax.set_xlabel(f"momentum transfer $|q|$ [{q_unit}]")
    ax.set_ylabel(r"form factor $F(q)$")
    return line


def plot_oscillation_probability(ax, baseline, probability, *, label: str | None = None,
                                 **style):
    """Draw an oscillation probability against the baseline L [m]. Returns the line."""
    (line,) = ax.plot(np.asarray(baseline, dtype=float), np.asarray(probability, dtype=float),
                      label=label, **style)
    ax.set_xlabel(r"baseline $L$ [m]")
    ax.set_ylabel("probability")
    return line


def plot_total_cross_section(ax, e_nu, sigma, *, label: str | None = None, e_unit: str = "keV",
                             logx: bool = True, logy: bool = True, **style):
    """Draw sigma(E) [cm^2] against the neutrino energy (given in eV, shown in ``e_unit``)."""
    x = np.asarray(e_nu, dtype=float) / _unit_scale(e_unit)
    (line,) = ax.plot(x, np.asarray(sigma, dtype=float), label=label, **style)
    ax.set_xscale("log" if logx else "linear")
    ax.set_yscale("log" if logy else "linear")
    ax.set_xlabel(rf"neutrino energy $E_\nu$ [{e_unit}]")
    ax.set_ylabel(SIGMA_LABEL)
    return line


def finish_axes(ax, *, title: str | None = None, legend: bool = True, grid: bool = True,
                legend_kw: dict | None = None):
    """Title, legend and a light grid: the common finishing touches."""
    if title:
        ax.set_title(title)
    if grid:
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", alpha=0.12)
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(**(legend_kw or {}))
    return ax


def set_log_ylim(ax, values: Iterable[np.ndarray], *, decades: float = 4.0, pad: float = 2.0,
                 floor_percentile: float = 1.0):
    """Limit a log y axis so that zeros of the cross section (the dip, the end point T_max) do
    not swallow the plot: the top is ``pad`` times the largest value; the bottom is the higher of
    ``decades`` below the top and half the ``floor_percentile``-th percentile of the positive
    values (so flat curves are not squeezed into one decade of a tall axis)."""
    arrays = [np.asarray(v, dtype=float) for v in values]
    top = max(float(np.max(v)) for v in arrays)
    positive = np.concatenate([v[v > 0] for v in arrays])
    floor = 0.5 * float(np.percentile(positive, floor_percentile)) if positive.size else 0.0
    bottom = max(top * 10.0 ** (-decades), floor)
    ax.set_ylim(bottom, top * pad)
    if np.log10(top * pad / bottom) < 2.5:
        # Few decades: label minor ticks at 2 and 5, or the axis may show a single number.
        ax.yaxis.set_minor_locator(LogLocator(base=10.0, subs=(2.0, 5.0)))
        ax.yaxis.set_minor_formatter(LogFormatterSciNotation(labelOnlyBase=False,
                                                             minor_thresholds=(3, 3)))
