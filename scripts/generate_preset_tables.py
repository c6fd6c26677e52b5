#!/usr/bin/env python3
"""Tables of the experiment presets (examples/experiments/) computed from published formulas.

COHERENT CsI[Na] 2017 analysis efficiency in observed photo-electrons x (data release
D. Akimov et al., arXiv:1804.09459, doi:10.5281/zenodo.1228631):

    eps(x) = a / (1 + exp(-k (x - x0))) * step(x),   a = 0.6655, k = 0.4942, x0 = 10.8507,
    step(x) = 0 for x < 5, 1/2 for 5 <= x < 6, 1 for x >= 6.

The PE count is an integer, so the table at x = 0, 1, ..., 80 is exact for Poisson smearing
(the curve between integers is never used).

Usage: /usr/bin/python3 scripts/generate_preset_tables.py [--check]
  writes examples/experiments/coherent_csi_2017_efficiency.csv, or with --check compares the
  committed file with a fresh computation (exit 1 on any difference above 1e-12).
"""
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "experiments" / "coherent_csi_2017_efficiency.csv"

A, K, X0 = 0.6655, 0.4942, 10.8507


def csi_efficiency(x: float) -> float:
    step = 0.0 if x < 5 else (0.5 if x < 6 else 1.0)
    return A / (1.0 + math.exp(-K * (x - X0))) * step


def table_text() -> str:
    lines = [
        "# COHERENT CsI[Na] 2017 analysis efficiency versus observed photo-electrons (PE)",
        "# eps(x) = a / (1 + exp(-k (x - x0))) * step(x), a = 0.6655, k = 0.4942, x0 = 10.8507,",
        "# step = 0 below 5 PE, 1/2 at 5 PE, 1 from 6 PE: D. Akimov et al. (COHERENT) data release,",
        "# arXiv:1804.09459 (doi:10.5281/zenodo.1228631). Computed from the formula by",
        "# scripts/generate_preset_tables.py (exact at the integer PE values).",
        "# columns: observed photo-electrons, efficiency",
    ]
    for n in range(0, 81):
        lines.append(f"{n},{csi_efficiency(n):.12g}")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = table_text()
    if "--check" in sys.argv[1:]:
        old = OUT.read_text().splitlines()
        new = text.splitlines()
        rows = lambda ls: [l.split(",") for l in ls if l and not l.startswith("#")]
        bad = [a for a, b in zip(rows(old), rows(new))
               if a[0] != b[0] or abs(float(a[1]) - float(b[1])) > 1e-12]
        if bad or len(rows(old)) != len(rows(new)):
            print(f"{OUT}: differs from the formula", file=sys.stderr)
            return 1
        print(f"{OUT}: matches the formula")
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
