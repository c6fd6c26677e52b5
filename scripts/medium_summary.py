#!/usr/bin/env python3
"""What the superfluid-4He medium does to SATURNE (docs/medium.md): runs `cevas run` on
examples/saturne.toml (free atoms) and examples/saturne_medium.toml (He II) at thresholds of
1 meV and 0.5 meV, and prints the dip position and depth in T and in omega and the counts above
threshold per scenario. Uses only the standard library and NumPy.

    /usr/bin/python3 scripts/medium_summary.py [--cevas build/bin/cevas] [--workdir /tmp/x]
"""

import argparse
import os
import re
import subprocess
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def read_csv(path):
    meta, rows, header = {}, [], None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                m = re.match(r"#\s*([^=]+?)\s*=\s*(.*)$", line)
                if m:
                    meta[m.group(1)] = m.group(2)
                continue
            fields = line.strip().split(",")
            if header is None:
                header = fields
            else:
                rows.append([float(x) for x in fields])
    data = np.array(rows)
    return meta, {h: data[:, i] for i, h in enumerate(header)}


def run(cevas, config, threshold, workdir, tag):
    text = open(os.path.join(ROOT, "examples", config)).read()
    text = re.sub(r'(?m)^threshold = "[^"]*"', f'threshold = "{threshold}"', text)
    text = re.sub(r'(?m)^min = "[^"]*"', f'min = "{threshold}"', text)
    text = re.sub(r'(?m)^plots = true', "plots = false", text)
    # A fine linear grid for the dip.
    text = re.sub(r'(?m)^recoil = "[^"]*"', 'recoil = "0.05meV:60meV:1200"', text)
    text = re.sub(r'(?m)^log = true', "log = false", text)
    cfg = os.path.join(workdir, f"{tag}.toml")
    open(cfg, "w").write(text)
    out = os.path.join(workdir, tag)
    subprocess.run([cevas, "run", cfg, "--output", out], check=True, stdout=subprocess.DEVNULL)
    return read_csv(os.path.join(out, "spectrum.csv")), read_csv(os.path.join(out, "counts.csv"))


def dip(x, y, ref, lo=3e-3, hi=30e-3):
    sel = (x > lo) & (x < hi)
    i = np.argmin(y[sel])
    return x[sel][i], y[sel][i] / ref[sel][i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cevas", default=os.path.join(ROOT, "build", "bin", "cevas"))
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args()
    work = a.workdir or tempfile.mkdtemp(prefix="cevas_medium_")
    os.makedirs(work, exist_ok=True)
    counts = {}
    for thr in ("1meV", "0.5meV"):
        for cfg, tag in (("saturne.toml", "free"), ("saturne_medium.toml", "he2")):
            (sm, sp), (cm, cc) = run(a.cevas, cfg, thr, work, f"{tag}_{thr}")
            counts[(tag, thr)] = {k[len("total_counts_"):]: float(v) for k, v in cm.items()
                                  if k.startswith("total_counts_")}
            if tag == "he2" and thr == "1meV":
                spec = sp
    t = spec["recoil_eV"]
    pos_t, depth_t = dip(t, spec["dN_dT_sm_per_eV_per_s"], spec["dN_dT_no_electrons_per_eV_per_s"])
    pos_w, depth_w = dip(spec["omega_eV"], spec["dN_domega_sm_per_eV_per_s"],
                         spec["dN_domega_no_electrons_per_eV_per_s"])
    print("SM dip (minimum of the sm spectrum between 3 and 30 meV; depth = sm / no_electrons there)")
    print(f"  free recoil T : {pos_t * 1e3:.2f} meV, depth {depth_t:.4f}")
    print(f"  deposited w   : {pos_w * 1e3:.2f} meV, depth {depth_w:.4f}")
    print("Counts over 5 years (source decaying), above threshold, bins up to 185 meV (free) /")
    print("400 meV (He II):")
    print("| scenario | free, > 1 meV | He II, > 1 meV | free, > 0.5 meV | He II, > 0.5 meV |")
    print("|---|---|---|---|---|")
    for name in counts[("free", "1meV")]:
        vals = [counts[(tag, thr)][name] for thr in ("1meV", "0.5meV") for tag in ("free", "he2")]
        print(f"| {name} | " + " | ".join(f"{v:.1f}" for v in vals) + " |")


if __name__ == "__main__":
    main()
