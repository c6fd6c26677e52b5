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


# ---------------------------------------------------------------------------------------------
# Spectra with a ratio panel, counts with sqrt(N) bands, scans and profiles


def spectrum_with_ratio(t, spectra: dict, *, labels: dict | None = None, reference: str = "sm",
                        t_unit: str = "meV", ylabel: str = r"$dN/dT$ [events/(eV s)]",
                        title: str | None = None, ratio_label: str | None = None):
    """Recoil spectra on log axes with a ratio panel below (each spectrum / ``reference``).

    t: recoil energies [eV] (shown in ``t_unit``); spectra: ``{name: values}`` on ``t`` (any
    unit, e.g. dN/dT [events/(eV s)] or dsigma/dT [cm^2/eV]); labels: ``{name: legend}``
    (default: the names); reference: the name the ratio panel divides by (0/0 is left blank).
    Returns the Figure (two Axes: ``fig.axes[0]`` the spectra, ``fig.axes[1]`` the ratio).

    Example::

        res = cevas.run("examples/saturne.toml")
        fig = plot.spectrum_with_ratio(res.recoil_eV, res.spectra, labels=res.labels)
    """
    if reference not in spectra:
        raise ValueError(f"reference = {reference!r}: not one of {sorted(spectra)}")
    t = np.asarray(t, dtype=float)
    scale = _unit_scale(t_unit)
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    ref = np.asarray(spectra[reference], dtype=float)
    shown = []
    for i, (name, values) in enumerate(spectra.items()):
        y = np.asarray(values, dtype=float)
        if y.shape != t.shape:
            raise ValueError(f"spectra[{name!r}]: shape {y.shape} differs from t's {t.shape}")
        style = {"color": "black", "linewidth": 2.0} if name == reference else {}
        label = (labels or {}).get(name, name)
        yp = np.where(y > 0, y, np.nan)
        top.plot(t / scale, yp, label=label, **style)
        if np.isfinite(yp).any():
            shown.append(yp[np.isfinite(yp)])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref > 0, y / ref, np.nan)
        bottom.plot(t / scale, ratio, **style)
    top.set_xscale("log")
    top.set_yscale("log")
    if shown:
        set_log_ylim(top, shown, decades=6.0)
    top.set_ylabel(ylabel)
    bottom.set_xlabel(recoil_label(t_unit))
    ref_label = (labels or {}).get(reference, reference)
    bottom.set_ylabel(ratio_label or f"ratio to {reference}")
    finite = [r for r in bottom.get_lines() for r in [np.asarray(r.get_ydata(), dtype=float)]]
    values = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in finite]) if finite else []
    if len(values) and values.max() / values.min() > 30:
        bottom.set_yscale("log")  # a dip in the reference: ratios over decades
    bottom.axhline(1.0, color="0.5", linewidth=0.8)
    bottom.grid(True, alpha=0.3)
    finish_axes(top, title=title)
    top.text(0.01, 0.02, f"ratio panel: each / {ref_label}", transform=top.transAxes, fontsize=7,
             color="0.4")
    return fig


def counts_with_bands(edges_eV, counts: dict, *, labels: dict | None = None, background=None,
                      t_unit: str = "meV", title: str | None = None, logy: bool = True):
    """Expected counts per bin as steps, each with its statistical band N +- sqrt(N).

    edges_eV: bin edges [eV] (shown in ``t_unit``); counts: ``{name: events per bin}``;
    labels: ``{name: legend}``; background: events per bin (drawn grey) or None.
    Returns the Figure.

    Example::

        res = cevas.run("examples/saturne.toml")
        fig = plot.counts_with_bands(res.bin_edges_eV, res.counts, labels=res.labels)
    """
    edges = np.asarray(edges_eV, dtype=float) / _unit_scale(t_unit)
    fig = Figure(figsize=(7.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    if background is not None:
        b = np.asarray(background, dtype=float)
        ax.stairs(b, edges, color="0.6", linewidth=3, label=f"background (total {b.sum():.3g})")
    for name, values in counts.items():
        n = np.asarray(values, dtype=float)
        if n.shape != (edges.size - 1,):
            raise ValueError(f"counts[{name!r}]: shape {n.shape}, expected ({edges.size - 1},) "
                             "(one value per bin)")
        label = (labels or {}).get(name, name)
        line = ax.stairs(n, edges, label=f"{label} (total {n.sum():.4g})", linewidth=1.8)
        sigma = np.sqrt(np.clip(n, 0, None))
        lo = np.clip(n - sigma, 1e-300 if logy else 0.0, None)
        ax.stairs(n + sigma, edges, baseline=lo, fill=True, alpha=0.2,
                  color=line.get_edgecolor())
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(f"reconstructed recoil energy $T$ [{t_unit}]")
    ax.set_ylabel(r"expected events per bin (band: $\pm\sqrt{N}$)")
    finish_axes(ax, title=title)
    positive = [np.asarray(v, dtype=float) for v in counts.values()]
    positive = [v[v > 0] for v in positive if np.any(v > 0)]
    if logy and positive:
        top = max(float(v.max()) for v in positive)
        bottom = min(float(v.min()) for v in positive)
        ax.set_ylim(max(bottom / 3.0, top * 1e-6), top * 3.0)
    return fig


def scan_contour(x, y, values, *, levels: Sequence[float] = (0.05,), level_labels=None,
                 xlabel: str = "x", ylabel: str = "y", title: str | None = None,
                 quantity: str = "CL$_s$", filled: bool = True, vmax: float | None = None):
    """Contours of a 2-D scan (e.g. CLs or Delta chi^2 over two parameters), each contour
    labelled with its level (``CLs = 0.05``).

    x: shape (nx,), y: shape (ny,), values: shape (ny, nx) (``values[j, i]`` at ``(x[i], y[j])``,
    as numpy.meshgrid's default indexing gives); levels: increasing contour levels;
    level_labels: ``{level: text}`` (default ``"<quantity> = <level>"``); vmax: top of the colour
    scale (e.g. to show only the interesting range of a Delta chi^2). Returns the Figure.

    Example::

        fig = plot.scan_contour(eps_ee, eps_mumu, cls, levels=[0.05], xlabel=r"$\\epsilon_{ee}$")
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    z = np.asarray(values, dtype=float)
    if z.shape != (y.size, x.size):
        raise ValueError(f"values: shape {z.shape}, expected (len(y), len(x)) = ({y.size}, {x.size})")
    levels = sorted(float(v) for v in levels)
    fig = Figure(figsize=(6.4, 5.2), layout="constrained")
    ax = fig.add_subplot()
    if filled:
        mesh = ax.pcolormesh(x, y, z, shading="auto", cmap="viridis", vmax=vmax)
        fig.colorbar(mesh, ax=ax, label=quantity)
    cs = ax.contour(x, y, z, levels=levels, colors="white" if filled else "black", linewidths=1.8)
    fmt = {lv: (level_labels or {}).get(lv, f"{quantity} = {lv:g}") for lv in levels}
    ax.clabel(cs, fmt=fmt, fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return fig


def profile_curve(x, values, *, levels: Sequence[float] = (), xlabel: str = "x",
                  ylabel: str = r"$\Delta\chi^2$", title: str | None = None, logx: bool = False,
                  label: str | None = None):
    """A 1-D profile (e.g. Delta chi^2 or CLs against one parameter) with horizontal lines at
    ``levels`` (e.g. 2.71 for a one-sided 95% CL, or 0.05 for CLs), each labelled.
    Returns the Figure.

    Example::

        fig = plot.profile_curve(mu_nu, dchi2, levels=[2.71], xlabel=r"$\\mu_\\nu$ [$\\mu_B$]")
    """
    x = np.asarray(x, dtype=float)
    v = np.asarray(values, dtype=float)
    if v.shape != x.shape:
        raise ValueError(f"values: shape {v.shape} differs from x's {x.shape}")
    fig = Figure(figsize=(6.4, 4.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(x, v, color="black", linewidth=1.8, label=label)
    for lv in levels:
        ax.axhline(lv, color="tab:red", linestyle="--", linewidth=1.0)
        ax.annotate(f"{lv:g}", (1.0, lv), xycoords=("axes fraction", "data"), xytext=(2, 0),
                    textcoords="offset points", va="center", color="tab:red", fontsize=8)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    finish_axes(ax, title=title, legend=label is not None)
    return fig


_SECONDS_PER_YEAR = 365.25 * 86400.0


def _exposure_text(results) -> str:
    text = f"exposure {results.exposure_s / _SECONDS_PER_YEAR:.3g} y"
    if results.half_life_s:
        text += (f" (source decaying, half-life {results.half_life_s / 86400.0:.4g} d: "
                 f"effective {results.effective_exposure_s / _SECONDS_PER_YEAR:.3g} y)")
    return text


def run_spectrum(results, *, t_unit: str = "meV", reference: str = "sm"):
    """The spectra of a :class:`cevas.RunResults` with the config's scenario labels and a ratio
    panel to ``reference``; the title names the run and the (effective) exposure."""
    title = results.metadata.get("run_name", "cevas run") + "\n" + _exposure_text(results)
    return spectrum_with_ratio(results.recoil_eV, results.spectra, labels=results.labels,
                               reference=reference, t_unit=t_unit, title=title,
                               ylabel=r"$dN/dT$ at the start [events/(eV s)]")


def run_counts(results, *, t_unit: str = "meV"):
    """The counts per bin of a :class:`cevas.RunResults` (over the effective exposure) with
    sqrt(N) bands and the config's labels."""
    title = results.metadata.get("run_name", "cevas run") + "\n" + _exposure_text(results)
    bkg = results.background if np.any(results.background > 0) else None
    return counts_with_bands(results.bin_edges_eV, results.counts, labels=results.labels,
                             background=bkg, t_unit=t_unit, title=title)
