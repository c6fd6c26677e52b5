#!/usr/bin/env python3
"""Figures of a ``cevas scan`` output folder: ``scan_contour.png`` and ``scan_profiles.png``.

Script and module; NumPy and matplotlib only (never the compiled extension)::

    /usr/bin/python3 python/cevas/scan_plots.py OUTDIR [--dpi 150]

or ``from cevas import scan_plots; scan_plots.make_plots("scan")``.

Inputs (written by ``cevas scan``): ``scan.json`` (``parameters`` with ``name``, ``unit``,
``values``, ``best_fit``, ``profile_delta_chi2``; ``contours`` with ``cl`` and ``delta_chi2``;
``shape``) and ``scan.npy`` (the Delta chi^2 grid, row-major, last axis fastest).
Contours: the first two axes, profiled (minimum) over any further axes; a 1-D scan draws only
the profile. Profiles: one panel per axis, Delta chi^2 = min over the other axes, with the
contour levels' 1-dof thresholds omitted (the levels drawn are the scan's N-dof ones on the
contour figure; the profile figure marks Delta chi^2 = 1, 2.71 and 3.84).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from matplotlib.figure import Figure


def _label(p: dict) -> str:
    unit = p.get("unit", "1")
    return p["name"] if unit in ("", "1") else f"{p['name']} [{unit}]"


def make_plots(outdir: str, dpi: int = 150) -> list[str]:
    with open(os.path.join(outdir, "scan.json")) as f:
        meta = json.load(f)
    grid = np.load(os.path.join(outdir, "scan.npy"))
    params = meta["parameters"]
    written = []
    # 1-D profiles
    fig = Figure(figsize=(4.5 * len(params), 3.6))
    for i, p in enumerate(params):
        ax = fig.add_subplot(1, len(params), i + 1)
        x = np.asarray(p["values"], dtype=float)
        y = np.asarray(p["profile_delta_chi2"], dtype=float)
        ax.plot(x, y, color="black")
        for level, style in ((1.0, ":"), (2.71, "--"), (3.84, "-.")):
            ax.axhline(level, color="grey", linestyle=style, linewidth=0.8)
        ax.set_xlabel(_label(p))
        ax.set_ylabel(r"$\Delta\chi^2$ (profiled)")
        ax.set_ylim(0, max(5.0, min(float(np.nanmax(y)), 20.0)))
    fig.tight_layout()
    path = os.path.join(outdir, "scan_profiles.png")
    fig.savefig(path, dpi=dpi)
    written.append(path)
    if grid.ndim >= 2:
        g2 = grid
        while g2.ndim > 2:
            g2 = g2.min(axis=-1)
        x = np.asarray(params[0]["values"], dtype=float)
        y = np.asarray(params[1]["values"], dtype=float)
        fig = Figure(figsize=(5.2, 4.6))
        ax = fig.add_subplot(1, 1, 1)
        levels = sorted(c["delta_chi2"] for c in meta["contours"])
        labels = {c["delta_chi2"]: f"{100 * c['cl']:.0f}% CL" for c in meta["contours"]}
        cs = ax.contour(x, y, g2.T, levels=levels, colors=["C0", "C1", "C2", "C3", "C4"][: len(levels)])
        ax.clabel(cs, fmt=lambda v: labels.get(v, f"{v:.2f}"), fontsize=7)
        ax.plot([meta["best_fit"][0]], [meta["best_fit"][1]], marker="+", color="black")
        ax.set_xlabel(_label(params[0]))
        ax.set_ylabel(_label(params[1]))
        ax.set_title("profile likelihood contours", fontsize=9)
        fig.tight_layout()
        path = os.path.join(outdir, "scan_contour.png")
        fig.savefig(path, dpi=dpi)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--dpi", type=int, default=150)
    a = ap.parse_args(argv)
    try:
        make_plots(a.outdir, a.dpi)
    except (OSError, KeyError, ValueError) as e:
        print(f"scan_plots: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
