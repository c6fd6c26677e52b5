#!/usr/bin/env python3
"""Turn the public COHERENT CsI[Na] 2017 data release into a cevas likelihood-fit set-up.

The release (D. Akimov et al., arXiv:1804.09459, doi:10.5281/zenodo.1228631) gives counts per
(photo-electron bin, arrival-time bin) in text files `PE, t_us, counts`:
  data_coincidence_beamOn.txt      beam-on, coincidence window (signal + backgrounds)
  data_anticoincidence_beamOn.txt  beam-on, anti-coincidence window (the same-size window before
                                   the beam trigger: an in-situ measurement of the steady-state
                                   background, same exposure)
PE bins are 2 PE wide (centres 1, 3, ..., 49), time bins 0.5 us wide (centres 0.25 ... 11.75).
No file of the release is copied into the project: point this script at your own copy.

This script sums the counts over arrival times below --t-max (us) and over PE bins inside
[--pe-min, --pe-max), and writes into OUT_DIR:
  observed.csv   `bin_lo_eV,bin_hi_eV,counts` of the coincidence window (for the PE observable
                 the edges are photo-electron numbers: cevas compares them with [binning]),
  fit.toml       examples/experiments/coherent_csi_2017.toml with the same binning, the timing
                 window cut at t-max, the anti-coincidence counts as the steady-state background
                 table (counts / (bin width x live time)) and a [statistics] section reading
                 observed.csv with Gaussian nuisances on the flux (10 %), quenching-driven
                 efficiency scale (5 %) and background (5 %).
Then, e.g.:
  build/bin/cevas limit OUT_DIR/fit.toml --parameter sin2_theta_w --cl 0.68
Beam-related neutrons and neutrino-induced neutrons (a few events in the release's fit) are not
modelled (docs/experiments.md).

Usage: /usr/bin/python3 scripts/coherent_csi_2017_fit_inputs.py RELEASE_DIR OUT_DIR
           [--t-max 6] [--pe-min 6] [--pe-max 30]
"""
import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRESET = ROOT / "examples" / "experiments" / "coherent_csi_2017.toml"
LIVE_S = 308.1 * 86400.0


def read_release(path):
    rows = []
    for line in path.read_text().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 3:
            rows.append((float(parts[0]), float(parts[1]), float(parts[2])))
    if not rows:
        raise SystemExit(f"{path}: no `PE, t, counts` rows")
    return rows


def binned(rows, t_max, pe_min, pe_max):
    """{(lo, hi): counts} for 2-PE bins centred on odd PE values, arrival time < t_max."""
    out = {}
    for pe, t, n in rows:
        lo, hi = pe - 1.0, pe + 1.0
        if t + 0.25 <= t_max + 1e-9 and lo >= pe_min - 1e-9 and hi <= pe_max + 1e-9:
            out[(lo, hi)] = out.get((lo, hi), 0.0) + n
    return dict(sorted(out.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("release")
    ap.add_argument("out")
    ap.add_argument("--t-max", type=float, default=6.0)
    ap.add_argument("--pe-min", type=float, default=6.0)
    ap.add_argument("--pe-max", type=float, default=30.0)
    a = ap.parse_args()
    rel, out = Path(a.release), Path(a.out)
    if int(a.pe_min) % 2 or int(a.pe_max) % 2:
        raise SystemExit("--pe-min and --pe-max must be even (the release's bins are [2k, 2k+2))")
    c = binned(read_release(rel / "data_coincidence_beamOn.txt"), a.t_max, a.pe_min, a.pe_max)
    ac = binned(read_release(rel / "data_anticoincidence_beamOn.txt"), a.t_max, a.pe_min, a.pe_max)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "observed.csv").open("w") as f:
        f.write("# COHERENT CsI[Na] 2017 beam-on coincidence counts (arXiv:1804.09459), "
                f"arrival time < {a.t_max} us\nbin_lo_eV,bin_hi_eV,counts\n")
        for (lo, hi), n in c.items():
            f.write(f"{lo:g},{hi:g},{n:g}\n")
    # Background table at the bin centres: anti-coincidence counts per PE per second.
    centres = [f"{(lo + hi) / 2:g}" for lo, hi in ac]
    values = [f"{n / ((hi - lo) * LIVE_S):.6g}" for (lo, hi), n in ac.items()]
    text = PRESET.read_text()
    text = re.sub(r'(?m)^output = .*$', f'output = "{out / "run"}"', text)
    text = re.sub(r'(?m)^min = 0$', f"min = {a.pe_min:g}", text)
    text = re.sub(r'(?m)^max = 60$', f"max = {a.pe_max:g}", text)
    text = re.sub(r'(?m)^bins = 30$', f"bins = {int((a.pe_max - a.pe_min) / 2)}", text)
    text = re.sub(r'(?m)^window_stop = .*$', f'window_stop = "{(a.t_max - 0.75) * 1000:g}ns"', text)
    text = text.replace(
        'efficiency_observed = "coherent_csi_2017_efficiency.csv"',
        f'efficiency_observed = "{PRESET.parent / "coherent_csi_2017_efficiency.csv"}"')
    text = text.replace(
        "threshold = 0 ",
        "background_per_eV_per_s = { recoil = [" + ", ".join(centres) + "], value = ["
        + ", ".join(values) + "] }  # anti-coincidence counts per PE per second\nthreshold = 0 ")
    text += ("\n[statistics]\nlikelihood = \"poisson\"\ndata = \"observed\"\n"
             "data_file = \"observed.csv\"\n[statistics.nuisances]\nsource_activity = 0.10\n"
             "efficiency = 0.05\nbackground = 0.05\n")
    (out / "fit.toml").write_text(text)
    print(f"coincidence {sum(c.values()):g}, anti-coincidence {sum(ac.values()):g}, "
          f"excess {sum(c.values()) - sum(ac.values()):g} in PE [{a.pe_min:g}, {a.pe_max:g}), "
          f"t < {a.t_max:g} us; wrote {out / 'observed.csv'} and {out / 'fit.toml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
