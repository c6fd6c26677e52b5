"""CEvNS with the Helm form factor: a plain NumPy kernel against cevas through its bindings.

Issue 10's Python comparison: Xe132, nu_e at 10 MeV, electrons off (atomic form factor none),
1e6 recoils from 10 eV to 1.6 keV, one thread, the same arrays, in one process; interleaved
runs, median of 7. Prints evaluations per second for both and the ratio.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_helm.py
"""

import statistics
import time

import numpy as np

import cevas

HBAR_C_EV_CM = 1.973269804e-5  # eV cm (CODATA 2018): 1/eV^2 -> cm^2 is hbar c squared


def numpy_cevns_helm(t, e_nu, mass, z, n, sin2w, gf, r0, s):
    """dsigma/dT [cm^2/eV]: (G_F^2 M / pi) Q^2/4 (1 - M T / 2 E^2) F_Helm(q)^2, T <= T_max."""
    q2 = 2 * mass * t + t * t
    q = np.sqrt(q2)
    x = q * r0
    j1 = 3 * (np.sin(x) - x * np.cos(x)) / x**3
    ff = j1 * np.exp(-0.5 * q2 * s * s)
    qw = z * (0.5 - 2 * sin2w) - 0.5 * n
    out = gf * gf * mass / np.pi * qw * qw * (1 - mass * t / (2 * e_nu * e_nu)) * ff * ff
    t_max = 2 * e_nu * e_nu / (mass + 2 * e_nu)
    return np.where(t <= t_max, out, 0.0) * HBAR_C_EV_CM**2


def main():
    params = cevas.Parameters(atomic_form_factor="none", nuclear_form_factor="helm")
    xs = cevas.CrossSection("Xe132", params)
    mass = xs.mass
    z, n = 54, 78
    gf = 1.1663788e-5 * 1e-18  # G_F [eV^-2] (PDG 2024)
    # Helm parameters of Lewin & Smith (1996), as cevas uses them [fm -> 1/eV].
    fm = 1e-15 / (HBAR_C_EV_CM * 1e-2)  # 1 fm in 1/eV
    c = 1.23 * 132 ** (1 / 3) - 0.60
    r0 = np.sqrt(c * c + 7 / 3 * np.pi**2 * 0.52**2 - 5 * 0.9**2) * fm
    s = 0.9 * fm
    e_nu = 10e6
    t = np.linspace(10.0, 1600.0, 1_000_000)

    ours = xs.dsigma_dT(e_nu, t, flavor="e", antineutrino=False, threads=1)
    theirs = numpy_cevns_helm(t, e_nu, mass, z, n, 0.23857, gf, r0, s)
    agreement = np.max(np.abs(ours / theirs - 1))

    runs = {"numpy": [], "cevas": []}
    for _ in range(7):
        t0 = time.perf_counter()
        numpy_cevns_helm(t, e_nu, mass, z, n, 0.23857, gf, r0, s)
        runs["numpy"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        xs.dsigma_dT(e_nu, t, flavor="e", antineutrino=False, threads=1)
        runs["cevas"].append(time.perf_counter() - t0)
    rate = {k: t.size / statistics.median(v) / 1e6 for k, v in runs.items()}
    print(f"recoils: {t.size}, one thread, median of 7 interleaved runs")
    print(f"plain NumPy Helm kernel:  {rate['numpy']:7.1f} M evaluations/s")
    print(f"cevas through bindings:   {rate['cevas']:7.1f} M evaluations/s")
    print(f"ratio cevas / NumPy:      {rate['cevas'] / rate['numpy']:7.2f}")
    print(f"max |cevas/NumPy - 1| (tree-level NumPy formula vs cevas couplings): {agreement:.2e}")


if __name__ == "__main__":
    main()
