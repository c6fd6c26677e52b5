#!/usr/bin/env python3
"""Independent totals of the experiment presets (examples/experiments/*.toml) for tests/cli.

A second implementation (numpy/scipy, nothing shared with the C++ code but the input tables
under data/) of what each preset asks for: the Standard-Model CEvNS counts with the preset's
target, source, distance, exposure and detector response. It separates cevas's own errors from
the modelling differences with the publications (docs/experiments.md): the C++ test compares
cevas with these totals tightly and with the published predictions loosely.

Physics (docs/physics.md, PHYSICS.md, same conventions as cevas):
  dsigma/dT = G_F^2 M / pi (1 - M T / (2 E^2) - T / E) (Z g_V^p + N g_V^n)^2 F_Helm(q)^2,
  g_V^p = 1/2 - 2 s_W^2, g_V^n = -1/2, s_W^2 = 0.23857, q^2 = 2 M T + T^2,
  Helm with c = 1.23 A^(1/3) - 0.60 fm, a = 0.52 fm, s = 0.9 fm (Lewin & Smith),
  M the neutral-atom mass (AME2020, data/ame2020/mass.mas20.txt). Not included: the axial
  (spin) term of odd nuclei, atomic electrons (F_e = 0 at these q): both < 1 % here.
Isotopic compositions: data/abundances/isotopic_compositions.csv (NIST SRD 144). Sources: pion decay at rest (docs/sources.md section 4), reactor Huber-Mueller
(section 5), solar 8B (data/solar/b8_spectrum.csv shape, B16-GS98 flux from
data/solar/b16_fluxes.csv). Response: quenching (constant/polynomial/Lindhard), photo-electron
Poisson or Gaussian smearing, efficiency tables (linear, constant beyond the ends), thresholds
and bin ranges, pion-DAR timing windows (Gaussian pulse convolved with the pi+ and mu+ decays).

Output: tests/data/presets/reference_totals.csv (preset,total).
Usage: /usr/bin/python3 scripts/reference_presets.py
"""
import csv
import math
import re
import sys
import tomllib
from pathlib import Path

import numpy as np
from scipy import integrate, special, stats

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ROOT / "examples" / "experiments"
OUT = ROOT / "tests" / "data" / "presets" / "reference_totals.csv"

# Constants (docs/physics.md section 2), energies in eV.
GF = 1.1663788e-5 * 1e-18            # eV^-2
S2W = 0.23857
U_EV = 931.49410242e6
ME_EV = 510998.95
HBARC_EV_CM = 197.3269804e6 * 1e-13  # eV cm
SECONDS = {"s": 1.0, "ns": 1e-9, "us": 1e-6, "min": 60.0, "h": 3600.0, "d": 86400.0,
           "y": 365.25 * 86400.0, "yr": 365.25 * 86400.0}
M_PI_EV, M_MU_EV = 139.57039e6, 105.6583755e6
TAU_PI_NS, TAU_MU_NS = 26.033, 2196.9811  # PDG 2024

# Natural isotopic compositions: the project's table (data/abundances/isotopic_compositions.csv,
# NIST SRD 144 / Rosman & Taylor 1998; an input shared with cevas, not code), normalised per
# element like cevas does.
def natural_compositions():
    comp = {}
    for line in (ROOT / "data/abundances/isotopic_compositions.csv").read_text().splitlines():
        if not line or line.startswith("#") or line.startswith("z,"):
            continue
        z, sym, a, pct = line.split(",")
        comp.setdefault(sym, (int(z), {}))[1][int(a)] = float(pct)
    out = {}
    for sym, (z, iso) in comp.items():
        tot = sum(iso.values())
        out[sym] = (z, {a: v / tot for a, v in iso.items()})
    return out


ELEMENTS = natural_compositions()
COMPOUNDS = {"CsI": [("Cs", 1), ("I", 1)], "Ar": [("Ar", 1)], "Ge": [("Ge", 1)], "Xe": [("Xe", 1)]}


def ame_masses():
    """Neutral-atom masses [eV] by (Z, A) from AME2020 (same fixed-width parsing as
    scripts/generate_isotope_table.py)."""
    masses = {}
    started = False
    for line in (ROOT / "data/ame2020/mass.mas20.txt").read_text().splitlines():
        if line.startswith("1N-Z"):
            started = True
            continue
        if not started or len(line) < 120 or not line[9:14].strip():
            continue
        try:
            z, a = int(line[9:14]), int(line[14:19])
            micro_u = float(line[106:109].strip()) * 1e6 + float(line[110:123].strip().replace("#", "."))
        except ValueError:
            continue
        masses[(z, a)] = micro_u * 1e-6 * U_EV
    return masses


MASSES = ame_masses()


def quantity(text, units):
    """'19.3m' -> value in the base unit of `units` (dict suffix -> factor)."""
    if isinstance(text, (int, float)):
        return float(text)
    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]+)\s*", text)
    if not m or m.group(2) not in units:
        raise ValueError(f"cannot read {text!r}")
    return float(m.group(1)) * units[m.group(2)]


ENERGY = {"meV": 1e-3, "eV": 1.0, "keV": 1e3, "MeV": 1e6, "GeV": 1e9}
LENGTH_CM = {"fm": 1e-13, "nm": 1e-7, "mm": 0.1, "cm": 1.0, "m": 100.0, "km": 1e5}
MASS_KG = {"mg": 1e-6, "g": 1e-3, "kg": 1.0, "t": 1e3}


def helm(q, a_mass):
    """Helm form factor, q in eV."""
    s = 0.9e-13 / HBARC_EV_CM
    a = 0.52e-13 / HBARC_EV_CM
    c = (1.23 * a_mass ** (1 / 3) - 0.60) * 1e-13 / HBARC_EV_CM
    rn = math.sqrt(c * c + 7 / 3 * math.pi ** 2 * a * a - 5 * s * s)
    x = np.asarray(q * rn, dtype=float)
    j1 = np.where(x > 1e-4, (np.sin(x) / np.maximum(x, 1e-300) ** 2 - np.cos(x) / np.maximum(x, 1e-300)), x / 3)
    f = np.where(x > 1e-4, 3 * j1 / np.maximum(x, 1e-300), 1.0)
    return f * np.exp(-(q * s) ** 2 / 2)


def target_isotopes(name):
    """[(Z, A, atoms per kg of the material)]."""
    parts = COMPOUNDS[name]
    unit_mass = 0.0  # mean mass of one formula unit [kg]
    for el, k in parts:
        z, comp = ELEMENTS[el]
        unit_mass += k * sum(f * MASSES[(z, a)] for a, f in comp.items())
    kg_per_ev = 1.0 / (U_EV / 1.66053906660e-27)
    unit_mass_kg = unit_mass * kg_per_ev
    out = []
    for el, k in parts:
        z, comp = ELEMENTS[el]
        for a, f in comp.items():
            out.append((z, a, k * f / unit_mass_kg))
    return out


def dsigma(e_nu, t, z, a):
    """CEvNS dsigma/dT [cm^2/eV] (arrays in e_nu)."""
    m = MASSES[(z, a)]
    n = a - z
    cv = (z * (0.5 - 2 * S2W) - 0.5 * n) ** 2
    kin = 1 - m * t / (2 * e_nu ** 2) - t / e_nu
    q = math.sqrt(2 * m * t + t * t)
    val = GF ** 2 * m / math.pi * kin * cv * helm(q, a) ** 2 * HBARC_EV_CM ** 2
    return np.where(kin > 0, val, 0.0)


def e_min(t, m):
    return (t + math.sqrt(t * t + 2 * m * t)) / 2


# ---------------------------------------------------------------- sources: (rate [1/s], components)
def pion_dar(src):
    rate = float(src["proton_rate_per_s"]) * float(src["pions_per_proton"])
    mmu = M_MU_EV
    e_line = (M_PI_EV ** 2 - M_MU_EV ** 2) / (2 * M_PI_EV)
    nue = lambda e: np.where((e >= 0) & (e <= mmu / 2), 192 / mmu * (e / mmu) ** 2 * (0.5 - e / mmu), 0)
    numub = lambda e: np.where((e >= 0) & (e <= mmu / 2), 64 / mmu * (e / mmu) ** 2 * (0.75 - e / mmu), 0)
    return [("prompt", rate, ("line", e_line)), ("delayed", rate, ("cont", nue, 0.0, mmu / 2)),
            ("delayed", rate, ("cont", numub, 0.0, mmu / 2))]


HUBER = {"U235": [4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777],
         "U238": [0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536],
         "Pu239": [4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536],
         "Pu241": [2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754]}
E_FISSION = {"U235": 202.36, "U238": 205.99, "Pu239": 211.12, "Pu241": 214.26}  # MeV


def reactor(src):
    f = dict(zip(["U235", "U238", "Pu239", "Pu241"], src.get("fission_fractions", [0.56, 0.08, 0.30, 0.06])))
    tot = sum(f.values())
    f = {k: v / tot for k, v in f.items()}
    lo, hi = src.get("e_min_MeV", 1.8), src.get("e_max_MeV", 10.0)
    spec = lambda e_mev: sum(f[i] * np.exp(np.polyval(HUBER[i][::-1], e_mev)) for i in f)
    norm = integrate.quad(spec, lo, hi, limit=200, epsabs=0, epsrel=1e-11)[0]  # nu per fission
    fissions = src["thermal_power_GW"] * 1e9 / (sum(f[i] * E_FISSION[i] for i in f) * 1.602176634e-13)
    dens = lambda e: spec(np.asarray(e) / 1e6) / norm / 1e6
    return [("all", fissions * norm, ("cont", dens, lo * 1e6, hi * 1e6))]


def solar(src):
    rows = [l for l in (ROOT / "data/solar/b8_spectrum.csv").read_text().splitlines()
            if l and not l.startswith("#")][1:]
    e = np.array([float(r.split(",")[0]) for r in rows]) * 1e6
    y = np.array([float(r.split(",")[1]) for r in rows])
    y = y / np.trapz(y, e)
    flux = None
    for r in csv.reader(l for l in (ROOT / "data/solar/b16_fluxes.csv").read_text().splitlines()
                        if l and not l.startswith("#")):
        if r and r[0].strip() in ("8B", "b8"):
            flux = float(r[1])  # B16-GS98 column
    if flux is None:
        raise SystemExit("no 8B flux in data/solar/b16_fluxes.csv")
    au_cm = 1.495978707e13
    dens = lambda x: np.interp(x, e, y, left=0, right=0)
    return [("all", flux * 4 * math.pi * au_cm ** 2, ("cont", dens, e[0], e[-1]))]


# ---------------------------------------------------------------- response
def timing_fractions(tm):
    if not tm:
        return {"prompt": 1.0, "delayed": 1.0, "all": 1.0}
    t0 = quantity(tm["window_start"], {"ns": 1.0, "us": 1e3, "s": 1e9})
    t1 = quantity(tm["window_stop"], {"ns": 1.0, "us": 1e3, "s": 1e9})
    fwhm = quantity(tm.get("pulse_width", "0ns"), {"ns": 1.0, "us": 1e3, "s": 1e9})
    sig = fwhm / (2 * math.sqrt(2 * math.log(2)))
    a, b = 1 / TAU_PI_NS, 1 / TAU_MU_NS

    def cdf_prompt(t):  # P(arrival <= t) for a delta pulse at 0
        return 0.0 if t <= 0 else 1 - math.exp(-a * t)

    def cdf_delayed(t):
        if t <= 0:
            return 0.0
        return 1 - (b * math.exp(-a * t) - a * math.exp(-b * t)) / (b - a)

    def frac(cdf):
        if sig == 0:
            return cdf(t1) - cdf(t0)
        g = lambda s: (cdf(t1 - s) - cdf(t0 - s)) * stats.norm.pdf(s, 0, sig)
        return integrate.quad(g, -12 * sig, 12 * sig, points=[t0, t1], limit=400, epsabs=1e-13)[0]

    return {"prompt": frac(cdf_prompt), "delayed": frac(cdf_delayed), "all": 1.0}


def table(d, xkey):
    xs = np.array([quantity(v, ENERGY) for v in d[xkey]])
    return lambda x: np.interp(x, xs, np.array(d["value"], dtype=float))


def total(preset):
    cfg = tomllib.loads(preset.read_text())
    src, det = cfg["source"], cfg["detector"]
    comps = {"pion_dar": pion_dar, "reactor": reactor, "solar": solar}[src["type"]](src)
    if src["type"] == "solar":
        flux_factor = 1 / (4 * math.pi * 1.495978707e13 ** 2)
    else:
        flux_factor = 1 / (4 * math.pi * quantity(cfg["geometry"]["distance"], LENGTH_CM) ** 2)
    mass_kg = quantity(det["mass"], MASS_KG)
    exposure_s = quantity(det["exposure"], SECONDS)
    weights = timing_fractions(det.get("timing"))
    isotopes = target_isotopes(cfg["target"]["name"])

    # Quenching Q(T), T in eV.
    qm = det.get("quenching", "none")
    if qm == "none":
        quench = lambda t: 1.0
    elif qm == "polynomial":
        c = det["quenching_coefficients"]
        r0, r1 = (x * 1e3 for x in det["quenching_range_keVnr"])  # constant beyond the range
        quench = lambda t: sum(ci * (min(max(t, r0), r1) / 1e3) ** i for i, ci in enumerate(c))
    elif qm == "lindhard":
        k = float(det["quenching_k"])
        z = isotopes[0][0]

        def quench(t):
            eps = 11.5 * (t / 1e3) * z ** (-7 / 3)
            g = 3 * eps ** 0.15 + 0.7 * eps ** 0.6 + eps
            return k * g / (1 + k * g)
    else:
        raise SystemExit(f"{preset}: quenching {qm} not in this reference")
    obs = det.get("observable", "nr")

    # Efficiencies.
    eff_true = table(det["efficiency"], "recoil") if isinstance(det.get("efficiency"), dict) else \
        (lambda t: float(det.get("efficiency", 1.0)))
    eo = det.get("efficiency_observed")
    if eo is None:
        eff_obs = lambda x: 1.0
    elif isinstance(eo, str):  # a two-column file next to the preset ('#' lines skipped)
        rows = [l.replace(",", " ").split() for l in (preset.parent / eo).read_text().splitlines()
                if l.strip() and not l.lstrip().startswith("#")]
        xs = np.array([float(r[0]) for r in rows])
        ys = np.array([float(r[1]) for r in rows])
        eff_obs = lambda x: np.interp(x, xs, ys)
    else:  # { x = [...], y = [...] }: x in keV (ee, nr) or PE
        xs = np.array(eo["x"], dtype=float) * (1.0 if det.get("observable") == "pe" else 1e3)
        ys = np.array(eo["y"], dtype=float)
        eff_obs = lambda x: np.interp(x, xs, ys)

    b = cfg["binning"]
    if obs == "pe":
        lo, hi = float(b["min"]), float(b["max"])
        thr = float(det.get("threshold", 0) if not isinstance(det.get("threshold"), str) else 0)
    else:
        lo, hi = quantity(b["min"], ENERGY), quantity(b["max"], ENERGY)
        thr = quantity(det.get("threshold", "0eV"), ENERGY) if isinstance(det.get("threshold"), str) else 0.0
    s_abs = quantity(det["resolution_abs"], ENERGY) if "resolution_abs" in det else 0.0
    s_rel = float(det.get("resolution_rel", 0.0))
    ly = float(det.get("light_yield_pe_per_keVee", 0.0))

    def p_detect(t):
        """Probability that a recoil t is counted in [max(lo, thr), hi), efficiency-weighted."""
        mean = t if obs == "nr" else quench(t) * t
        if obs == "pe":
            mu = ly * mean / 1e3
            n = np.arange(math.ceil(max(lo, thr)), math.ceil(hi))
            return float(np.sum(stats.poisson.pmf(n, mu) * eff_obs(n)))
        x0 = max(lo, thr)
        sig = math.hypot(s_abs, s_rel * mean)
        if sig == 0:
            return float(eff_obs(mean)) if x0 <= mean < hi else 0.0
        a_, b_ = max(x0, mean - 9 * sig), min(hi, mean + 9 * sig)
        if b_ <= a_:
            return 0.0
        xs = np.linspace(a_, b_, 1201)
        return float(integrate.simpson(stats.norm.pdf(xs, mean, sig) * eff_obs(xs), x=xs))

    # dN/dT summed over isotopes and components, per eV of recoil, over the exposure.
    def dndt(t):
        s = 0.0
        for z, a, atoms_per_kg in isotopes:
            m = MASSES[(z, a)]
            emin = e_min(t, m)
            for label, rate, shape in comps:
                w = weights[label]
                if shape[0] == "line":
                    val = dsigma(np.array([shape[1]]), t, z, a)[0] if shape[1] > emin else 0.0
                else:
                    _, dens, e0, e1 = shape
                    a0 = max(emin, e0)
                    if a0 >= e1:
                        continue
                    es = np.linspace(a0, e1, 4001)
                    val = integrate.simpson(dens(es) * dsigma(es, t, z, a), x=es)
                s += w * rate * val * atoms_per_kg
        return s * mass_kg * flux_factor * exposure_s

    # Recoil range: up to T_max of the highest energy on the lightest isotope.
    e_top = max(shape[1] if shape[0] == "line" else shape[3] for _, _, shape in comps)
    m_light = min(MASSES[(z, a)] for z, a, _ in isotopes)
    t_top = 2 * e_top ** 2 / (m_light + 2 * e_top)
    ts = np.geomspace(max(1.0, 1e-4 * t_top), t_top * (1 - 1e-9), 700)
    vals = np.array([dndt(t) * eff_true(t) * p_detect(t) for t in ts])
    return float(integrate.simpson(vals * ts, x=np.log(ts)))


def main():
    names = sorted(p.stem for p in PRESETS.glob("*.toml"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Standard-Model totals of the experiment presets from scripts/reference_presets.py",
             "# (independent numpy/scipy implementation; see its docstring for what it includes).",
             "preset,total"]
    for n in names:
        t = total(PRESETS / f"{n}.toml")
        print(f"{n}: {t:.6g}")
        lines.append(f"{n},{t:.8g}")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    sys.exit(main())
