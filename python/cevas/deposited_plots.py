"""Figure of a ``cevas run`` with a detector medium: ``spectrum_omega.png``, the spectrum in
deposited energy omega beside the free recoil spectrum (docs/medium.md).

Needs only NumPy and matplotlib. Input: the ``spectrum.csv`` of ``cevas run`` when
``[target] medium`` is not "free": it then holds ``omega_eV`` and
``dN_domega_<scenario>_per_eV_per_s`` besides ``recoil_eV`` and ``dN_dT_<scenario>_per_eV_per_s``.
Called by ``run_plots.make_plots``; usable alone::

    from cevas import deposited_plots, run_plots
    deposited_plots.plot_deposited(run_plots.read_table("out/spectrum.csv"), "out/spectrum_omega.png")
"""

from __future__ import annotations

import os
import re

import numpy as np
from matplotlib.figure import Figure

_OMEGA_COLUMN = re.compile(r"^dN_domega_(?P<name>.+)_per_eV_per_s$")
#: events/(eV s) -> events/(meV day)
_PER_MEV_DAY = 1e-3 * 86400.0


def has_deposited(table) -> bool:
    """True if the table holds a spectrum in deposited energy."""
    return "omega_eV" in table.data and any(_OMEGA_COLUMN.match(c) for c in table.columns)


def _positive(v):
    v = np.asarray(v, dtype=float)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def _style(name: str, index: int) -> dict:
    if name == "sm":
        return {"color": "black", "linestyle": "-", "linewidth": 1.8}
    if name == "no_electrons":
        return {"color": "0.5", "linestyle": "--", "linewidth": 1.5}
    colours = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown"]
    return {"color": colours[index % len(colours)], "linestyle": "-", "linewidth": 1.3}


def plot_deposited(table, path, *, dpi: int = 150) -> str:
    """Two panels sharing the y axis: left dN/dT against the free recoil T, right dN/domega
    against the deposited energy omega, every scenario (sm black, no_electrons dashed grey,
    others coloured); the free sm curve is repeated faintly on the right for comparison; the
    threshold (metadata ``threshold_eV``) as a dotted line. Returns the path written."""
    t = table.column("recoil_eV") * 1e3
    w = table.column("omega_eV") * 1e3
    found = [(m.group("name"), c) for c in table.columns if (m := _OMEGA_COLUMN.match(c))]
    fig = Figure(figsize=(11.0, 4.6), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    shown = []
    others = 0
    for name, col in found:
        style = _style(name, others)
        if name not in ("sm", "no_electrons"):
            others += 1
        free_col = f"dN_dT_{name}_per_eV_per_s"
        if free_col in table.data:
            y = _positive(table.column(free_col) * _PER_MEV_DAY)
            left.plot(t, y, label=name, **style)
            shown.append(y)
            if name == "sm":
                right.plot(t, y, color="0.75", linewidth=3.0, zorder=0, label="sm, free atoms")
        y = _positive(table.column(col) * _PER_MEV_DAY)
        right.plot(w, y, label=name, **style)
        shown.append(y)
    threshold = None
    try:
        threshold = float(str(table.metadata.get("threshold_eV", "")).split()[0]) * 1e3
    except (ValueError, IndexError):
        pass
    for ax, xlabel in ((left, "free recoil energy $T$ [meV]"),
                       (right, r"deposited energy $\omega$ [meV]")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.grid(True, alpha=0.3)
        if threshold and threshold > 0:
            ax.axvline(threshold, color="0.3", linestyle=":", linewidth=1.2)
    finite = [a[np.isfinite(a)] for a in shown]
    finite = [a for a in finite if a.size]
    if finite:
        top = max(float(a.max()) for a in finite)
        left.set_ylim(top * 1e-6, top * 2.0)
    left.set_ylabel(r"events / (meV$\cdot$day)")
    left.set_title("free atoms at rest: $dN/dT$", fontsize=10)
    medium = table.metadata.get("medium", "medium")
    right.set_title(rf"in the liquid ({medium}): $dN/d\omega$", fontsize=10)
    right.legend(fontsize=8, loc="best")
    out = os.fspath(path)
    fig.savefig(out, dpi=dpi)
    return out
