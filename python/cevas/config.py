"""Rate configurations and whole runs from Python: the same job as ``cevas run``.

:func:`load_config` reads a TOML configuration with the C++ reader of ``cevas run`` (so every
error names the key and ``file:line``, and every default is the CLI's) and keeps the TOML as
nested dicts that can be edited; :func:`run` computes every scenario with the library's
``run_experiment`` and returns a :class:`RunResults`; with ``output=`` it also writes the CLI's
four files (``spectrum.csv/json``, ``counts.csv/json``, byte for byte the CLI's numbers) and,
if the config asks for them, the figures.

Example::

    import cevas
    cfg = cevas.load_config("examples/saturne.toml")
    cfg["detector"]["exposure"] = "2y"             # edit like a dict
    res = cevas.run(cfg)
    res.totals["sm"]                               # expected events over the exposure
    res.effective_exposure_s / res.exposure_s      # decay of the source during the exposure
    cfg.write("my.toml")                           # back to TOML

Units: recoil and bin edges [eV], spectra dN/dT [events/(eV s)] of the whole target, counts
[events per bin over the exposure], times [s].
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from cevas import _core

__all__ = ["Config", "RunResults", "load_config", "run", "to_toml"]


# --------------------------------------------------------------------------------------------
# TOML writing (tomllib only reads)

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE_KEY.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any, where: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)  # shortest round-trip form
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # JSON escapes are valid TOML basic strings
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x, where) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(x, where)}" for k, x in v.items()) + "}"
    if isinstance(v, np.generic):
        return _value(v.item(), where)
    raise _core.ArgumentTypeError(
        f"{where} = {v!r}: cannot be written to TOML (use str, int, float, bool, list, dict)")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and len(v) > 0 and all(isinstance(x, Mapping) for x in v)


def _emit(table: Mapping, prefix: str, lines: list[str]) -> None:
    for k, v in table.items():
        if not isinstance(v, Mapping) and not _is_table_array(v):
            lines.append(f"{_key(k)} = {_value(v, prefix + k)}")
    for k, v in table.items():
        name = prefix + _key(k)
        if isinstance(v, Mapping):
            lines.extend(["", f"[{name}]"])
            _emit(v, name + ".", lines)
    for k, v in table.items():
        name = prefix + _key(k)
        if _is_table_array(v):
            for item in v:
                lines.extend(["", f"[[{name}]]"])
                _emit(item, name + ".", lines)


def to_toml(data: Mapping) -> str:
    """TOML text of nested dicts (tables), lists of dicts (``[[arrays of tables]]``), strings,
    numbers, booleans and lists. Floats are written in their shortest round-trip form, so
    ``tomllib.loads(to_toml(d)) == d``."""
    lines: list[str] = []
    _emit(data, "", lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _read_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    with open(path, "rb") as f:
        return tomllib.load(f)


# --------------------------------------------------------------------------------------------
# Config


class Config:
    """A rate configuration (the TOML schema of ``cevas run``, docs/cli.md) as nested dicts.

    Index it like the TOML: ``cfg["detector"]["threshold"] = "2meV"``,
    ``cfg["scenario"].append({"name": "mm", "label": "...", "electromagnetic": {...}})``.
    Values keep the config's own form (strings with units such as ``"10MCi"``, ``"5y"``).
    :attr:`resolved` validates the current content with the C++ reader and gives the resolved
    inputs (scenarios, labels, recoil grid [eV], bin edges [eV], exposure [s], half-life [s],
    effective exposure [s]). :meth:`to_toml`/:meth:`write` write it back.

    Example::

        cfg = cevas.Config({"target": {"name": "He4"},
                            "source": {"type": "tritium", "activity": "1MCi"},
                            "geometry": {"type": "point", "distance": "0.5m"},
                            "detector": {"mass": "1kg", "exposure": "1y"},
                            "binning": {"type": "linear", "min": "1meV", "max": "185meV", "bins": 10},
                            "spectrum": {"recoil": "0.1meV:190meV:50"}})
        cevas.run(cfg).totals
    """

    def __init__(self, data: Mapping | None = None, *, path: str | os.PathLike | None = None):
        if data is not None and not isinstance(data, Mapping):
            raise _core.ArgumentTypeError(f"data = {data!r}: expected a dict (the TOML tables)")
        self.data: dict = copy.deepcopy(dict(data)) if data is not None else {}
        self.path: str | None = os.fspath(path) if path is not None else None
        self._file_snapshot: dict | None = None
        self._file_resolved: Any = None

    # dict-like access -------------------------------------------------------------------------
    def __getitem__(self, key: str):
        return self.data[key]

    def __setitem__(self, key: str, value) -> None:
        self.data[key] = value

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def get(self, key: str, default=None):
        """``data.get(key, default)``."""
        return self.data.get(key, default)

    def copy(self) -> "Config":
        """A deep copy (edits to it leave this one alone)."""
        c = Config(self.data, path=self.path)
        return c

    def __repr__(self) -> str:
        where = f"'{self.path}'" if self.path else "built in Python"
        return f"Config({where}, sections={list(self.data)})"

    # TOML -------------------------------------------------------------------------------------
    def to_toml(self) -> str:
        """The configuration as TOML text (comments of the original file are not kept)."""
        return to_toml(self.data)

    def write(self, path: str | os.PathLike) -> None:
        """Write :meth:`to_toml` to ``path`` (atomically: a temporary file, then a rename)."""
        _write_atomic(os.fspath(path), self.to_toml(), "path")

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<config>") -> "Config":
        """Parse and validate TOML text (errors name ``source``:line)."""
        if not isinstance(text, str):
            raise _core.ArgumentTypeError(f"text = {text!r}: expected TOML text (a str)")
        _core._parse_rate_config(text, source)
        try:
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover
            import tomli as tomllib  # type: ignore[no-redef]
        return cls(tomllib.loads(text))

    # validation -------------------------------------------------------------------------------
    @property
    def resolved(self) -> "_core.ResolvedConfig":
        """The content validated and resolved by the C++ reader of ``cevas run`` (a
        :class:`cevas.ResolvedConfig`). Unedited configs loaded from a file are read from that
        file (errors name its lines); edited or Python-built ones from :meth:`to_toml`."""
        if self._file_resolved is not None and self.data == self._file_snapshot:
            return self._file_resolved
        # Line numbers then refer to to_toml()'s text, hence the source name.
        source = f"{self.path} (edited in Python: line of to_toml())" if self.path else "<python config>"
        return _core._parse_rate_config(self.to_toml(), source)

    def validate(self) -> "Config":
        """Raise cevas.ConfigError (key, value, reason, line) unless the content is valid."""
        _ = self.resolved
        return self


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a rate configuration file (the TOML of ``cevas run``).

    Validation is the CLI's C++ reader: a missing, unreadable or malformed file, an unknown or
    misspelt key, a bad unit or an out-of-range value raises :class:`cevas.ConfigError` (or
    another :class:`cevas.Error`) naming the key, the value and ``file:line``.

    Returns a :class:`Config` (editable nested dicts; ``.resolved`` holds the resolved inputs).

    Example::

        cfg = cevas.load_config("examples/saturne.toml")
        cfg.resolved.scenarios      # ['sm', 'no_electrons', 'nsi', 'magnetic_moment']
    """
    if not isinstance(path, (str, os.PathLike)):
        raise _core.ArgumentTypeError(f"path = {path!r}: expected a file name (str or os.PathLike)")
    p = os.fspath(path)
    resolved = _core._read_rate_config(p)  # raises with file:line
    cfg = Config(_read_toml(p), path=p)
    cfg._file_snapshot = copy.deepcopy(cfg.data)
    cfg._file_resolved = resolved
    return cfg


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class RunResults:
    """Everything one run computed, as NumPy arrays (the content of the CLI's output files).

    Attributes:
        scenarios: scenario names in order (``sm`` first);
        labels: ``{name: label}`` (legends);
        recoil_eV: recoil grid T [eV];
        spectra: ``{name: dN/dT}`` on recoil_eV [events/(eV s)], whole target, at the start of
            the exposure;
        species_spectra: per source species of the first scenario (several-species sources);
        bin_edges_eV: reconstructed-energy bin edges [eV];
        counts: ``{name: expected signal events per bin}`` over the effective exposure;
        background: background events per bin; totals: ``{name: total signal events}``;
        total_background: total background events;
        exposure_s: live time [s]; half_life_s: the source's half-life [s] (None: constant);
        effective_exposure_s: (1 - exp(-lambda t)) / lambda [s];
        metadata: the output-file metadata ``{key: text}`` (version, inputs, models, totals);
        warnings: list of str; output: the output folder or None; files: files written.
    """

    scenarios: list[str]
    labels: dict[str, str]
    recoil_eV: np.ndarray
    spectra: dict[str, np.ndarray]
    species_spectra: list[np.ndarray]
    bin_edges_eV: np.ndarray
    counts: dict[str, np.ndarray]
    background: np.ndarray
    totals: dict[str, float]
    total_background: float
    exposure_s: float
    half_life_s: float | None
    effective_exposure_s: float
    metadata: dict[str, str]
    warnings: list[str]
    summary: str = ""
    output: str | None = None
    files: list[str] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def bin_centers_eV(self) -> np.ndarray:
        """Bin centres [eV] (arithmetic means of the edges)."""
        return 0.5 * (self.bin_edges_eV[1:] + self.bin_edges_eV[:-1])

    def table_text(self, name: str) -> str:
        """The text of one output file: 'spectrum.csv', 'spectrum.json', 'counts.csv' or
        'counts.json' (identical to what ``cevas run`` writes, except the ``command`` entry)."""
        try:
            return self._texts[name]
        except KeyError:
            raise _core.InvalidArgument(
                f"name = {name!r}: one of {sorted(self._texts)}") from None

    def plot(self, **kwargs):
        """Spectrum figure of every scenario with a ratio panel to ``sm`` (see
        :func:`cevas.plot.run_spectrum`); returns the matplotlib Figure."""
        from cevas import plot

        return plot.run_spectrum(self, **kwargs)

    def plot_counts(self, **kwargs):
        """Counts per bin with sqrt(N) bands (see :func:`cevas.plot.run_counts`)."""
        from cevas import plot

        return plot.run_counts(self, **kwargs)

    def __repr__(self) -> str:
        tot = ", ".join(f"{k}={v:.6g}" for k, v in self.totals.items())
        return f"RunResults({len(self.scenarios)} scenarios: {tot})"


def _write_atomic(path: str, text: str, field_name: str) -> None:
    d = os.path.dirname(path) or "."
    name = os.path.basename(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.tmp.", dir=d)
    except OSError as e:
        raise _core.Error(f"{field_name} = '{path}': cannot write: {e.strerror}") from None
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _prepare_output(output: str) -> None:
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as e:
        raise _core.Error(
            f"output = '{output}': cannot create the output folder: {e.strerror}") from None
    if not os.path.isdir(output):
        raise _core.Error(f"output = '{output}': not a folder")
    if not os.access(output, os.W_OK | os.X_OK):
        raise _core.Error(f"output = '{output}': output folder is not writable")


_FILES = ("spectrum.csv", "spectrum.json", "counts.csv", "counts.json")


def run(config: Config | str | os.PathLike, output: str | os.PathLike | None = None, *,
        plots: bool | None = None) -> RunResults:
    """Run every scenario of a configuration, as ``cevas run`` does, and return the results.

    config: a :class:`Config` or the path of a TOML file; output: a folder to write
    ``spectrum.csv``, ``spectrum.json``, ``counts.csv``, ``counts.json`` into (the CLI's files,
    the same numbers to the last digit); None writes nothing. plots: draw ``spectrum.png`` and
    ``counts.png`` into ``output`` (default: the config's ``[run] plots``; needs matplotlib).

    Computation: for each scenario, dN/dT on the recoil grid and the counts per bin
    signal_i = t_eff * integral dT dN/dT eff(T) P_i(T), with t_eff = (1 - exp(-lambda t))/lambda
    for a source decaying during the exposure (``decay_during_exposure``).

    Bad input: an invalid config raises cevas.ConfigError (key, value, file:line); an output
    folder that cannot be created or written raises cevas.Error before anything is computed,
    and nothing is written.

    Example::

        res = cevas.run("examples/saturne.toml", output="out")
        res.totals                 # {'sm': 113.656..., 'no_electrons': 249.71..., ...}
    """
    if isinstance(config, Config):
        cfg = config
        resolved = cfg.resolved
        where = cfg.path or "<python config>"
    elif isinstance(config, (str, os.PathLike)):
        cfg = load_config(config)
        resolved = cfg.resolved
        where = os.fspath(config)
    else:
        raise _core.ArgumentTypeError(
            f"config = {config!r}: expected a cevas.Config or the path of a TOML file")
    out_dir = os.fspath(output) if output is not None else None
    if out_dir is not None and not isinstance(out_dir, str):
        raise _core.ArgumentTypeError(f"output = {output!r}: expected a folder name")
    if out_dir is not None:
        _prepare_output(out_dir)
    command = f"python: cevas.run({where!r}" + (f", output={out_dir!r})" if out_dir else ")")
    r = _core._run_config(resolved, command)
    res = RunResults(
        scenarios=list(r["scenarios"]),
        labels=dict(zip(r["scenarios"], r["labels"])),
        recoil_eV=r["recoil_eV"],
        spectra=dict(r["spectra"]),
        species_spectra=list(r["species_spectra"]),
        bin_edges_eV=r["bin_edges_eV"],
        counts=dict(r["counts"]),
        background=r["background"],
        totals={k: float(v) for k, v in r["totals"].items()},
        total_background=float(r["total_background"]),
        exposure_s=float(r["exposure_s"]),
        half_life_s=r["half_life_s"],
        effective_exposure_s=float(r["effective_exposure_s"]),
        metadata=dict(r["metadata"]),
        warnings=list(r["warnings"]),
        summary=r["totals_text"],
        _texts={"spectrum.csv": r["spectrum_csv"], "spectrum.json": r["spectrum_json"],
                "counts.csv": r["counts_csv"], "counts.json": r["counts_json"]},
    )
    if out_dir is not None:
        # Every file to a temporary first, then the renames: a failure leaves no partial set.
        temps: list[tuple[str, str]] = []
        try:
            for name in _FILES:
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.tmp.", dir=out_dir)
                temps.append((tmp, os.path.join(out_dir, name)))
                os.fchmod(fd, 0o644)  # mkstemp's 0600 would differ from the CLI's files
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(res._texts[name])
        except OSError as e:
            for tmp, _ in temps:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            raise _core.Error(f"output = '{out_dir}': cannot write: {e.strerror}") from None
        for tmp, path in temps:
            os.replace(tmp, path)
            res.files.append(path)
        res.output = out_dir
        draw = resolved.plots if plots is None else bool(plots)
        if draw:
            from cevas import run_plots

            try:
                res.files.extend(run_plots.make_plots(out_dir))
            except Exception as e:  # noqa: BLE001 - reported as the CLI does
                raise _core.Error(
                    f"run.plots = true: drawing the figures failed ({type(e).__name__}: {e}); "
                    "the data files are complete; pass plots=False or install matplotlib"
                ) from e
    return res
