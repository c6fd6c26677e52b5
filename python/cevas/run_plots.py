#!/usr/bin/env python3
"""Figures of a ``cevas run`` output folder: ``spectrum.png`` and ``counts.png``.

Script and module. It needs only NumPy and matplotlib (never the compiled extension), so the
CLI can call it with any Python that has those two::

    /usr/bin/python3 python/cevas/run_plots.py OUTDIR [--dpi 150] [--rate-unit meV-day|eV-s]

or from Python::

    from cevas import run_plots
    run_plots.make_plots("out")          # -> ["out/spectrum.png", "out/counts.png"]

Inputs (written by ``cevas run``): lines starting with ``#`` are metadata ``# key = value``
(other ``#`` lines are comments); then one header row; then comma-separated numeric rows.

- ``spectrum.csv``: ``recoil_eV``, then ``dN_dT_<scenario>_per_eV_per_s`` per scenario
  (events per eV of recoil per second, whole target);
- ``counts.csv``: ``bin_low_eV``, ``bin_high_eV``, ``background``, then ``counts_<scenario>``
  per scenario (expected events per bin over the exposure).

Scenario ``sm`` (Standard Model with the atomic electrons: CEvAS) is drawn in black,
``no_electrons`` (pure CEvNS, F_e = 0) dashed grey, any other scenario in colour. Metadata used
for titles: ``run_name``, ``target``, ``source``, ``exposure_s``, ``threshold_eV`` (all optional).
Zeros, negative and non-finite values are masked on the log axes; any number of scenarios.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from matplotlib.figure import Figure

#: Seconds per day and per (Julian) year, for display units.
SECONDS_PER_DAY = 86400.0
SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY

#: Display units of dN/dT: name -> (factor from events/(eV s), axis label).
RATE_UNITS = {
    "meV-day": (1e-3 * SECONDS_PER_DAY, r"$dN/dT$ [events / (meV$\cdot$day)]"),
    "eV-s": (1.0, r"$dN/dT$ [events / (eV$\cdot$s)]"),
}

#: Decades shown below the largest value on the log y axes (zeros near T_max would otherwise
#: stretch the axis over many empty decades).
LOG_Y_DECADES = 6.0

SPECTRUM_FILE = "spectrum.csv"
COUNTS_FILE = "counts.csv"

_SPECTRUM_COLUMN = re.compile(r"^dN_dT_(?P<name>.+)_per_eV_per_s$")
_COUNTS_COLUMN = re.compile(r"^counts_(?P<name>.+)$")

# Colours for scenarios other than sm / no_electrons (never black or grey).
_COLOURS = ("tab:blue", "tab:red", "tab:green", "tab:orange", "tab:purple", "tab:brown",
            "tab:pink", "tab:olive", "tab:cyan")
_LINESTYLES = ("-", "--", "-.", ":")

# Background on the counts plot: a broad light-grey step under the scenarios.
_BACKGROUND_STYLE = {"color": "0.75", "linestyle": "-", "linewidth": 4.0, "zorder": 1}

_KNOWN_LABELS = {
    "sm": "SM (with electrons: CEvAS)",
    "no_electrons": r"no electrons (pure CEvNS, $F_e = 0$)",
    "nsi": "NSI",
    "magnetic_moment": "magnetic moment",
    "millicharge": "millicharge",
    "charge_radius": "charge radius",
    "total": "total",
}


@dataclass
class Table:
    """A parsed ``cevas run`` CSV: metadata, column names and one float array per column."""

    path: str
    metadata: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def column(self, name: str) -> np.ndarray:
        try:
            return self.data[name]
        except KeyError:
            raise ValueError(f"{self.path}: column {name!r} missing (columns: {', '.join(self.columns)})") from None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def read_table(path: str | os.PathLike) -> Table:
    """Read a ``cevas run`` CSV file (metadata, header, numeric rows).

    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` naming the file and line for
    a malformed one (no header, a row with the wrong number of fields, a field that is not a
    number, no data rows).
    """
    path = os.fspath(path)
    table = Table(path=path)
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, start=1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                body = line.lstrip("#").strip()
                if "=" in body:
                    key, value = body.split("=", 1)
                    table.metadata.setdefault(key.strip(), _unquote(value))
                continue
            fields = [_unquote(x) for x in line.split(",")]
            if not table.columns:
                table.columns = fields
                continue
            if len(fields) != len(table.columns):
                raise ValueError(f"{path}:{lineno}: {len(fields)} fields, the header has {len(table.columns)}")
            try:
                rows.append([float(x) for x in fields])
            except ValueError:
                raise ValueError(f"{path}:{lineno}: not a number in {line!r}") from None
    if not table.columns:
        raise ValueError(f"{path}: no header row")
    if not rows:
        raise ValueError(f"{path}: no data rows")
    values = np.array(rows, dtype=float)
    table.data = {name: values[:, i] for i, name in enumerate(table.columns)}
    return table


def scenarios(columns: Sequence[str], pattern: re.Pattern) -> list:
    """(scenario, column) pairs whose column matches ``pattern``: ``sm`` first, ``no_electrons``
    second, the others in file order."""
    found = [(m.group("name"), c) for c in columns if (m := pattern.match(c))]
    rank = {"sm": 0, "no_electrons": 1}
    return sorted(found, key=lambda item: rank.get(item[0], 2))  # stable: file order kept


def scenario_label(name: str) -> str:
    """Legend text of a scenario name (``sm``, ``no_electrons``, ``nsi``, ... or any identifier)."""
    return _KNOWN_LABELS.get(name, name.replace("_", " "))


def _label(meta: dict, name: str) -> str:
    """The config's label of a scenario (metadata ``scenario.<name>.label``), else the default."""
    return meta.get(f"scenario.{name}.label") or scenario_label(name)


def scenario_style(name: str, index: int) -> dict:
    """Line style: SM black, no_electrons dashed grey, the ``index``-th other scenario coloured."""
    if name == "sm":
        return {"color": "black", "linestyle": "-", "linewidth": 2.0, "zorder": 3}
    if name == "no_electrons":
        return {"color": "0.5", "linestyle": "--", "linewidth": 1.8, "zorder": 2}
    colour = _COLOURS[index % len(_COLOURS)]
    linestyle = _LINESTYLES[(index // len(_COLOURS)) % len(_LINESTYLES)]
    return {"color": colour, "linestyle": linestyle, "linewidth": 1.5, "zorder": 2}


def _positive(values: np.ndarray) -> np.ndarray:
    """``values`` with zeros, negatives and non-finite entries replaced by NaN (log axes)."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def _metadata_float(meta: dict, key: str) -> float | None:
    try:
        value = float(str(meta[key]).split()[0])
    except (KeyError, ValueError, IndexError):
        return None
    return value if math.isfinite(value) else None


def _set_log_ylim(ax, arrays, decades: float = LOG_Y_DECADES) -> None:
    positive = [a[np.isfinite(a)] for a in arrays]
    positive = [a for a in positive if a.size]
    if not positive:
        ax.set_ylim(1e-3, 1.0)  # nothing to show: any valid log range
        return
    top = max(float(a.max()) for a in positive)
    bottom = min(float(a.min()) for a in positive)
    ax.set_ylim(max(bottom / 2.0, top * 10.0 ** (-decades)), top * 2.0)


def _title(meta: dict, what: str) -> str:
    parts = [meta.get("target"), meta.get("source")]
    detail = ", ".join(p for p in parts if p)
    head = f"{meta['run_name']}: {what}" if meta.get("run_name") else what
    return f"{head} ({detail})" if detail else head


def _threshold_line(ax, meta: dict) -> None:
    threshold = _metadata_float(meta, "threshold_eV")
    if threshold is not None and threshold > 0:
        ax.axvline(threshold * 1e3, color="0.3", linestyle=":", linewidth=1.2,
                   label=f"threshold {threshold * 1e3:.3g} meV")


def _finish(ax, title: str) -> None:
    # Long run names wrap instead of running off the figure.
    ax.set_title("\n".join(textwrap.wrap(title, 90)), fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=8, loc="best")


def plot_spectrum(table: Table, path: str | os.PathLike, *, rate_unit: str = "meV-day", dpi: int = 150) -> str:
    """Draw the recoil spectrum of every scenario of ``spectrum.csv`` into ``path`` (PNG).

    x: recoil T [meV] (log), y: dN/dT in ``rate_unit`` ('meV-day' or 'eV-s') (log); the
    threshold from the metadata as a dotted vertical line.
    """
    try:
        factor, ylabel = RATE_UNITS[rate_unit]
    except KeyError:
        raise ValueError(f"rate_unit = {rate_unit!r}: unknown (use one of {sorted(RATE_UNITS)})") from None
    t_mev = table.column("recoil_eV") * 1e3
    x = np.where(np.isfinite(t_mev) & (t_mev > 0), t_mev, np.nan)
    found = scenarios(table.columns, _SPECTRUM_COLUMN)
    if not found and "dN_dT_per_eV_per_s" in table.data:  # the single-column `cevas rate` form
        found = [("total", "dN_dT_per_eV_per_s")]
    fig = Figure(figsize=(7.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    shown = []
    others = 0
    for name, column in found:
        y = _positive(table.column(column) * factor)
        style = scenario_style(name, others)
        if name not in ("sm", "no_electrons"):
            others += 1
        y = np.where(np.isfinite(x), y, np.nan)
        if not np.isfinite(y).any():
            ax.plot([], [], label=f"{_label(table.metadata, name)} (zero everywhere)", **style)
            continue
        ax.plot(x, y, label=_label(table.metadata, name), **style)
        shown.append(y)
    ax.set_xscale("log")
    ax.set_yscale("log")
    if np.isfinite(x).any():
        ax.set_xlim(np.nanmin(x), np.nanmax(x))
    _set_log_ylim(ax, shown)
    _threshold_line(ax, table.metadata)
    ax.set_xlabel("recoil energy $T$ [meV]")
    ax.set_ylabel(ylabel)
    if not found:
        ax.text(0.5, 0.5, "no scenario columns in " + os.path.basename(table.path),
                transform=ax.transAxes, ha="center", va="center")
    title = _title(table.metadata, "recoil spectrum")
    exposure = _metadata_float(table.metadata, "exposure_s")
    effective = _metadata_float(table.metadata, "effective_exposure_s")
    if exposure and effective is not None and effective != exposure:
        title += (f", rate at the start (source decaying: counts over an effective "
                  f"{effective / SECONDS_PER_YEAR:.3g} y of {exposure / SECONDS_PER_YEAR:.3g} y)")
    _finish(ax, title)
    out = os.fspath(path)
    fig.savefig(out, dpi=dpi)
    return out


def _step_xy(low: np.ndarray, high: np.ndarray, values: np.ndarray):
    """x, y of a step line over bins [low_i, high_i]; NaN values leave gaps, as do gaps
    between bins."""
    xs, ys = [], []
    for i, (lo, hi, v) in enumerate(zip(low, high, values)):
        if i > 0 and not np.isclose(lo, high[i - 1], rtol=1e-9, atol=0.0):
            xs.append(np.nan)
            ys.append(np.nan)
        xs += [lo, hi]
        ys += [v, v]
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def plot_counts(table: Table, path: str | os.PathLike, *, dpi: int = 150) -> str:
    """Draw the expected counts per bin of ``counts.csv`` into ``path`` (PNG): a step line per
    scenario and the background (broad light grey), x: reconstructed recoil [meV] (linear), y: events
    per bin (log); legend with each total; title with the exposure in years."""
    # Bins in recoil energy (bin_low_eV, drawn in meV) or, with a detector response, in the
    # observable (bin_low_keVnr / _keVee / _PE, drawn as they are).
    unit = next((c[len("bin_low_"):] for c in table.columns if c.startswith("bin_low_")), "eV")
    scale = 1e3 if unit == "eV" else 1.0
    low = table.column(f"bin_low_{unit}") * scale
    high = table.column(f"bin_high_{unit}") * scale
    fig = Figure(figsize=(7.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    shown = []
    if "background" in table.data:
        bkg = table.data["background"]
        total = float(np.nansum(bkg))
        masked = _positive(bkg)
        if np.isfinite(masked).any():
            x, y = _step_xy(low, high, masked)
            ax.plot(x, y, label=f"background (total {total:.3g})", **_BACKGROUND_STYLE)
            shown.append(masked)
        else:
            ax.plot([], [], label="background (zero)", **_BACKGROUND_STYLE)
    found = scenarios(table.columns, _COUNTS_COLUMN)
    others = 0
    for name, column in found:
        counts = table.column(column)
        style = scenario_style(name, others)
        if name not in ("sm", "no_electrons"):
            others += 1
        masked = _positive(counts)
        label = f"{_label(table.metadata, name)} (total {float(np.nansum(counts)):.3g})"
        if not np.isfinite(masked).any():
            ax.plot([], [], label=label, **style)
            continue
        x, y = _step_xy(low, high, masked)
        ax.plot(x, y, label=label, **style)
        if name == "sm":  # statistical band N +- sqrt(N) of the SM expectation
            lo_band = _positive(counts - np.sqrt(np.clip(counts, 0, None)))
            _, ylo = _step_xy(low, high, lo_band)
            _, yhi = _step_xy(low, high, masked + np.sqrt(np.nan_to_num(masked)))
            ax.fill_between(x, np.where(np.isfinite(ylo), ylo, y), yhi, color="0.5", alpha=0.2,
                            linewidth=0, label=r"SM $\pm\sqrt{N}$")
        shown.append(masked)
    ax.set_yscale("log")
    ax.set_xlim(float(np.nanmin(low)), float(np.nanmax(high)))
    _set_log_ylim(ax, shown)
    _threshold_line(ax, table.metadata)
    deposited = str(table.metadata.get("energy_axis", "")).startswith("deposited")
    if unit != "eV":
        ax.set_xlabel(f"observed energy [{unit}]")
    else:
        ax.set_xlabel(r"reconstructed deposited energy $\omega$ [meV]" if deposited
                      else "reconstructed recoil energy $T$ [meV]")
    ax.set_ylabel("expected events per bin")
    title = _title(table.metadata, "expected counts")
    exposure = _metadata_float(table.metadata, "exposure_s")
    effective = _metadata_float(table.metadata, "effective_exposure_s")
    if exposure is not None and exposure > 0:
        title += f", exposure {exposure / SECONDS_PER_YEAR:.3g} y"
        if effective is not None and effective != exposure:
            title += f" (source decaying: effective {effective / SECONDS_PER_YEAR:.3g} y)"
    _finish(ax, title)
    out = os.fspath(path)
    fig.savefig(out, dpi=dpi)
    return out


def _deposited_figure(table: Table, outdir: str, dpi: int) -> list:
    """``spectrum_omega.png`` when the run has a detector medium (deposited_plots.py, the
    sibling file, loaded by path so that this works as a script and as a module)."""
    if "omega_eV" not in table.data:
        return []
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("cevas_deposited_plots",
                                                  os.path.join(here, "deposited_plots.py"))
    deposited_plots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(deposited_plots)
    if not deposited_plots.has_deposited(table):
        return []
    return [deposited_plots.plot_deposited(table, os.path.join(outdir, "spectrum_omega.png"), dpi=dpi)]


def make_plots(outdir: str | os.PathLike, *, rate_unit: str = "meV-day", dpi: int = 150) -> list:
    """Write ``spectrum.png`` and ``counts.png`` next to ``spectrum.csv`` and ``counts.csv`` in
    ``outdir``; return the paths written. A missing CSV raises ``FileNotFoundError`` after the
    other figure has been written."""
    outdir = os.fspath(outdir)
    written, missing = [], []
    jobs = ((SPECTRUM_FILE, "spectrum.png", lambda t, p: plot_spectrum(t, p, rate_unit=rate_unit, dpi=dpi)),
            (COUNTS_FILE, "counts.png", lambda t, p: plot_counts(t, p, dpi=dpi)))
    for csv_name, png_name, draw in jobs:
        csv_path = os.path.join(outdir, csv_name)
        if not os.path.exists(csv_path):
            missing.append(csv_path)
            continue
        table = read_table(csv_path)
        written.append(draw(table, os.path.join(outdir, png_name)))
        if csv_name == SPECTRUM_FILE:
            written.extend(_deposited_figure(table, outdir, dpi))
    if missing:
        raise FileNotFoundError(f"missing {', '.join(missing)} (wrote {', '.join(written) or 'nothing'})")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw spectrum.png and counts.png of a `cevas run` output folder.")
    parser.add_argument("outdir", help="folder holding spectrum.csv and counts.csv")
    parser.add_argument("--dpi", type=int, default=150, help="resolution of the PNG files (default 150)")
    parser.add_argument("--rate-unit", choices=sorted(RATE_UNITS), default="meV-day",
                        help="unit of dN/dT on the spectrum plot (default meV-day)")
    args = parser.parse_args(argv)
    try:
        paths = make_plots(args.outdir, rate_unit=args.rate_unit, dpi=args.dpi)
    except (OSError, ValueError) as e:
        print(f"run_plots: error: {e}", file=sys.stderr)
        return 1
    for p in paths:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
