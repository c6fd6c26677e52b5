"""Read every table the ``cevas`` CLI writes (CSV or JSON) into NumPy arrays plus metadata.

CSV layout (docs/cli.md "Output", docs/python.md "Reading output files")::

    # cevas_version = 0.1.0                 <- metadata: one "# key = value" line each
    # constant.fermi_constant = 1.1663788e-05 GeV^-2 (PDG 2024)
    recoil_eV,dN_dT_sm_per_eV_per_s         <- header row
    0.0001,2.53e-07                         <- rows: shortest round-trip form, nan/inf allowed

so besides :func:`read_table`, ``pandas.read_csv(path, comment="#")`` reads it, and
``numpy.genfromtxt(path, delimiter=",", names=True, skip_header=n)`` with ``n`` the number of
leading ``#`` lines (:func:`metadata_lines` counts them), or ``numpy.loadtxt(path,
delimiter=",", comments="#", skiprows=n + 1)`` for the bare numbers.

JSON layout: ``{"metadata": {...}, "constants": [...], "columns": [...], "data": [[...], ...]}``
with non-finite numbers as ``null`` (read back as NaN).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

import numpy as np

from cevas import _core

__all__ = ["OutputTable", "metadata_lines", "read_table"]


@dataclass
class OutputTable:
    """One output file: ``columns`` (names, with their unit), ``data`` (2-D float array, one
    column per name), ``metadata`` ({key: text}: version, command, inputs, models, totals) and
    ``constants`` (list of {name, value, unit, source}). ``table["recoil_eV"]`` is a column.

    Example::

        t = cevas.read_table("out/spectrum.csv")
        t["recoil_eV"], t["dN_dT_sm_per_eV_per_s"], t.metadata["cevas_version"]
    """

    path: str
    columns: list[str]
    data: np.ndarray
    metadata: dict[str, str] = field(default_factory=dict)
    constants: list[dict] = field(default_factory=list)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.data[:, self.columns.index(name)]
        except ValueError:
            raise KeyError(f"column = {name!r}: not in {self.path} "
                           f"(columns: {', '.join(self.columns)})") from None

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def to_dict(self) -> dict[str, np.ndarray]:
        """``{column: 1-D array}``."""
        return {c: self.data[:, i] for i, c in enumerate(self.columns)}

    def __len__(self) -> int:
        return int(self.data.shape[0])


def metadata_lines(path: str | os.PathLike) -> int:
    """Number of leading ``#`` lines of a CSV file (``skip_header`` for numpy.genfromtxt)."""
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            n += 1
    return n


def _parse_constant(key: str, text: str) -> dict:
    # "1.1663788e-05 GeV^-2 (PDG 2024)"
    value, _, rest = text.partition(" ")
    unit, _, source = rest.partition(" (")
    try:
        v = float(value)
    except ValueError:
        v = math.nan
    return {"name": key, "value": v, "unit": unit.strip(), "source": source.rstrip(")")}


def _fail(path: str, line: int | None, reason: str) -> None:
    where = f"{path}:{line}" if line else path
    raise _core.DataError(f"path = '{where}': {reason}")


def _read_csv(path: str) -> OutputTable:
    meta: dict[str, str] = {}
    constants: list[dict] = []
    columns: list[str] | None = None
    rows: list[list[float]] = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, start=1):
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                body = line[1:].strip()
                key, eq, value = body.partition(" = ")
                if not eq:
                    continue
                if key.startswith("constant."):
                    constants.append(_parse_constant(key[len("constant."):], value))
                else:
                    meta[key] = value.replace("\\n", "\n")
                continue
            fields = line.split(",")
            if columns is None:
                columns = [c.strip() for c in fields]
                continue
            if len(fields) != len(columns):
                _fail(path, lineno, f"{len(fields)} fields, the header has {len(columns)}")
            try:
                rows.append([float(x) for x in fields])
            except ValueError:
                _fail(path, lineno, f"not a number in {line[:60]!r}")
    if columns is None:
        _fail(path, None, "no header row (not a cevas CSV table)")
    data = np.array(rows, dtype=float).reshape(len(rows), len(columns))
    return OutputTable(path, columns, data, meta, constants)


def _read_json(path: str) -> OutputTable:
    with open(path, encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            _fail(path, e.lineno, f"malformed JSON: {e.msg}")
    if not isinstance(doc, dict) or "columns" not in doc or "data" not in doc:
        _fail(path, None, "not a cevas JSON table (needs 'columns' and 'data')")
    columns = [str(c) for c in doc["columns"]]
    rows = [[math.nan if v is None else float(v) for v in row] for row in doc["data"]]
    data = np.array(rows, dtype=float).reshape(len(rows), len(columns))
    meta = {str(k): str(v) for k, v in doc.get("metadata", {}).items()}
    return OutputTable(path, columns, data, meta, list(doc.get("constants", [])))


def read_table(path: str | os.PathLike) -> OutputTable:
    """Read a CSV or JSON table written by ``cevas xsec``, ``cevas rate`` or ``cevas run``
    (format from the suffix; anything but ``.json`` is read as CSV).

    Returns an :class:`OutputTable` (columns, 2-D data array, metadata, constants).
    Errors: a missing or unreadable file raises :class:`cevas.DataError` naming it; a
    malformed one names ``file:line``.

    Example::

        t = cevas.read_table("out/counts.csv")
        edges = np.append(t["bin_low_eV"], t["bin_high_eV"][-1])
    """
    if not isinstance(path, (str, os.PathLike)):
        raise _core.ArgumentTypeError(f"path = {path!r}: expected a file name")
    p = os.fspath(path)
    try:
        if p.endswith(".json"):
            return _read_json(p)
        return _read_csv(p)
    except OSError as e:
        raise _core.DataError(f"path = '{p}': cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise _core.DataError(f"path = '{p}': not a text file") from None
