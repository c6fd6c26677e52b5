#!/usr/bin/env python3
"""How much SATURNE's sensitivity in He II (docs/medium.md) moves when the medium's least certain
inputs move within their uncertainty: the S(q), Z(q) anchors of data/helium/he4_structure.csv
(+-5 %, +-15 %), <E_kin> (+-1 K) and n0 (+-0.0075) of he4_parameters.csv.

The tables are compiled into the library, so for each variant this script rewrites the data file,
rebuilds the `cevas_cli` target, runs
    cevas significance examples/saturne_medium.toml
    cevas limit examples/saturne_medium.toml --parameter magnetic_moment
    cevas limit examples/saturne_medium.toml --parameter millicharge
and restores the original file (always, also on error), rebuilding once more at the end.

    /usr/bin/python3 scripts/medium_sensitivity_variants.py [--build build]
"""

import argparse
import json
import os
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
STRUCT = os.path.join(ROOT, "data", "helium", "he4_structure.csv")
PARAMS = os.path.join(ROOT, "data", "helium", "he4_parameters.csv")
CONFIG = os.path.join("examples", "saturne_medium.toml")


def edit_structure(text, fs=None, fz=None):
    out, header_seen = [], False
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        if not header_seen:
            header_seen = True
            out.append(line)
            continue
        q, s, z = (float(v) for v in line.split(","))
        if fs:
            s = fs(q, s)
        if fz:
            z = min(fz(q, z), s)
        out.append(f"{q:g},{s:.6f},{z:.6f}")
    return "\n".join(out) + "\n"


def edit_parameter(text, name, value):
    out = []
    for line in text.splitlines():
        if line.startswith(name + ","):
            unit = line.split(",")[2]
            line = f"{name},{value},{unit}"
        out.append(line)
    return "\n".join(out) + "\n"


VARIANTS = [
    ("nominal", None, None),
    ("S x 0.95 (q >= 1.2)", STRUCT, lambda t: edit_structure(t, fs=lambda q, s: s * 0.95 if q >= 1.2 else s)),
    ("S x 1.05", STRUCT, lambda t: edit_structure(t, fs=lambda q, s: s * 1.05)),
    ("Z x 0.85", STRUCT, lambda t: edit_structure(t, fz=lambda q, z: z * 0.85)),
    ("Z x 1.15 (q >= 1.2)", STRUCT, lambda t: edit_structure(t, fz=lambda q, z: z * 1.15 if q >= 1.2 else z)),
    ("E_kin 13 K", PARAMS, lambda t: edit_parameter(t, "kinetic_energy", "13.0")),
    ("E_kin 15 K", PARAMS, lambda t: edit_parameter(t, "kinetic_energy", "15.0")),
    ("n0 0.065", PARAMS, lambda t: edit_parameter(t, "condensate_fraction", "0.065")),
    ("n0 0.080", PARAMS, lambda t: edit_parameter(t, "condensate_fraction", "0.080")),
]


def run_json(cmd):
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    args = ap.parse_args()
    cevas = os.path.join(ROOT, args.build, "bin", "cevas")
    build = ["cmake", "--build", os.path.join(ROOT, args.build), "-j2", "--target", "cevas_cli"]
    print("| variant | significance [sigma] | Delta chi^2 | mu_nu limit [mu_B] | millicharge interval [e] |")
    print("|---|---|---|---|---|")
    for name, path, change in VARIANTS:
        original = open(path).read() if path else None
        try:
            if path:
                open(path, "w").write(change(original))
            subprocess.run(build, cwd=ROOT, capture_output=True, check=True)
            sig = run_json([cevas, "significance", CONFIG])
            mu = run_json([cevas, "limit", CONFIG, "--parameter", "magnetic_moment"])
            mc = run_json([cevas, "limit", CONFIG, "--parameter", "millicharge"])
            print(f"| {name} | {sig['significance_sigma']:.3f} | {sig['delta_chi2']:.1f} | "
                  f"{mu['upper']:.4g} | [{mc['lower']:.4g}, {mc['upper']:.4g}] |", flush=True)
        finally:
            if path:
                open(path, "w").write(original)
    subprocess.run(build, cwd=ROOT, capture_output=True, check=True)


if __name__ == "__main__":
    main()
