#!/usr/bin/python3
"""How uncertain is the reactor anti-nu_e spectrum below the inverse-beta threshold (1.8 MeV)?

cevas's reactor source (src/sources/reactor.cpp) extrapolates the Huber-Mueller fits (measured
over ~2-8 MeV) below 1.8 MeV. This script quantifies that extrapolation by comparing it with an
independent parametrisation of the same four isotopes, and sizes the neutron-capture anti-nu_e
(239U, 239Np) that neither includes. Values printed here are quoted in docs/sources.md, in the
`low_energy_uncertainty` metadata of the reactor spectrum and in tests/sources/reactor_test.cpp.

    /usr/bin/python3 scripts/reference_reactor_low_energy.py

Inputs (each with its source)
- Huber-Mueller: exp(sum_{k=1..6} a_k E^(k-1)) per fission per MeV; U235/Pu239/Pu241: P. Huber,
  PRC 84 (2011) 024617, Table III; U238: Th.A. Mueller et al., PRC 83 (2011) 054615, Table VI
  (the same numbers as include/cevas/sources/reactor.hpp).
- Vogel-Engel: exp(a_0 + a_1 E + a_2 E^2) per fission per MeV, P. Vogel and J. Engel, PRD 39
  (1989) 3378, Table I (fits to summation/conversion spectra). The coefficients were not read in
  the paper here; they were taken as quoted, identically, by several independent public analysis
  codes that cite "Vogel and Engel 1989, PRD 39 3378, table 1" (e.g. a JUNO/TAO reactor-flux
  module and KRLReactorFlux-based scripts): U235 0.870 -0.160 -0.091; Pu239 0.896 -0.239 -0.0981;
  U238 0.976 -0.162 -0.0790; Pu241 0.793 -0.080 -0.1085.
- Fuel: cevas's default fission fractions 0.56/0.08/0.30/0.06 (U235/U238/Pu239/Pu241).
- CEvNS on 72Ge (Z = 32, N = 40, M = 71.9220758 u, AME2020), dsigma/dT proportional to
  (1 - M T / (2 E^2)) (Q_W^2, G_F and the form factor, F ~ 1 at q < 2 MeV, cancel in ratios),
  recoil window T = 10-300 eV.
- Neutron capture 238U(n,gamma)239U -> 239Np -> 239Pu: each capture gives 2 anti-nu_e, with
  ground-state Q values 1.261663 MeV (239U) and 0.722785 MeV (239Np) from the AME2020 mass
  excesses in data/ame2020/mass.mas20.txt (239U 50572.668, 239Np 49311.005, 239Pu 48588.220 keV). Captures per fission
  ~0.6 in a power reactor is the value usually quoted with Kopeikin, Phys. At. Nucl. 75 (2012)
  143 (not checked against the paper here). The CEvNS size below is an upper bound: both decays
  are given an allowed ground-state shape (highest possible energies; most 239U and 239Np decays
  feed excited states and have lower endpoints) with the non-relativistic Fermi function.
"""
import math

import numpy as np
from scipy import integrate

HM = {
    "U235": [4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777],
    "U238": [0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536],
    "Pu239": [4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536],
    "Pu241": [2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754],
}
VE = {
    "U235": [0.870, -0.160, -0.091],
    "U238": [0.976, -0.162, -0.0790],
    "Pu239": [0.896, -0.239, -0.0981],
    "Pu241": [0.793, -0.080, -0.1085],
}
FRACTIONS = {"U235": 0.56, "U238": 0.08, "Pu239": 0.30, "Pu241": 0.06}
E_CUT = 1.8  # MeV
E_MAX = 10.0  # MeV
U_MEV = 931.49410242  # CODATA 2018
M_GE72 = 71.9220758 * U_MEV  # MeV
T_LO, T_HI = 10e-6, 300e-6  # MeV
CAPTURES_PER_FISSION = 0.6
Q_U239 = (50572.668 - 49311.005) * 1e-3  # MeV, AME2020 mass excesses
Q_NP239 = (49311.005 - 48588.220) * 1e-3  # MeV
ALPHA = 1 / 137.035999084
M_E = 0.51099895  # MeV


def per_fission(coeffs, e):
    return math.exp(sum(a * e**k for k, a in enumerate(coeffs)))


def mix(table, e):
    return sum(FRACTIONS[i] * per_fission(table[i], e) for i in FRACTIONS)


def count(f, lo, hi):
    return integrate.quad(f, lo, hi, epsabs=0, epsrel=1e-12, limit=200)[0]


def cevns_kernel(e):
    """int_{T_LO}^{min(T_HI, T_max)} (1 - M T / (2 E^2)) dT [MeV] (0 below threshold)."""
    t_max = 2 * e * e / (M_GE72 + 2 * e)
    hi = min(T_HI, t_max)
    if hi <= T_LO:
        return 0.0
    return (hi - T_LO) - M_GE72 * (hi * hi - T_LO * T_LO) / (4 * e * e)


def rate(f, lo, hi):
    e_thr = math.sqrt(M_GE72 * T_LO / 2)  # E_min(T_LO), to 1e-4 relative
    lo = max(lo, 0.999 * e_thr)
    if hi <= lo:
        return 0.0
    return integrate.quad(lambda e: f(e) * cevns_kernel(e), lo, hi, epsabs=0, epsrel=1e-10,
                          limit=400, points=[math.sqrt(M_GE72 * T_HI / 2)])[0]


def allowed_antinu(q, z_daughter):
    """Normalised allowed anti-nu_e spectrum [1/MeV] of a ground-state beta- decay."""
    def shape(e_nu):
        t = q - e_nu  # electron kinetic energy
        if t <= 0 or e_nu <= 0:
            return 0.0
        w = t + M_E
        p = math.sqrt(w * w - M_E * M_E)
        eta = ALPHA * z_daughter * w / p
        fermi = 2 * math.pi * eta / (1 - math.exp(-2 * math.pi * eta))
        return p * w * e_nu * e_nu * fermi
    norm = count(shape, 0, q)
    return lambda e: shape(e) / norm


def main():
    print("Vogel-Engel alternative, dN/dE [per fission per MeV] (test reference values):")
    for iso in FRACTIONS:
        vals = ", ".join(f"{per_fission(VE[iso], e):.10g}" for e in (0.5, 1.0, 1.5))
        print(f"  {iso:6s} E = 0.5, 1.0, 1.5 MeV: {vals}")

    hm = lambda e: mix(HM, e)  # noqa: E731
    ve = lambda e: mix(VE, e)  # noqa: E731
    print("\nAntineutrinos per fission (default fuel 0.56/0.08/0.30/0.06):")
    rows = {}
    for lo, hi in ((0.0, E_CUT), (1.0, E_CUT), (E_CUT, E_MAX)):
        n_hm, n_ve = count(hm, lo, hi), count(ve, lo, hi)
        rows[(lo, hi)] = (n_hm, n_ve)
        print(f"  {lo:4.1f}-{hi:4.1f} MeV: Huber-Mueller {n_hm:.10g}, Vogel-Engel {n_ve:.10g}, "
              f"(VE - HM) / HM = {(n_ve - n_hm) / n_hm:+.4f}")
    for iso in FRACTIONS:
        n_hm = count(lambda e: per_fission(HM[iso], e), 0, E_CUT)
        n_ve = count(lambda e: per_fission(VE[iso], e), 0, E_CUT)
        print(f"  {iso:6s} 0-1.8 MeV: HM {n_hm:.10g}, VE {n_ve:.10g}, "
              f"(VE - HM) / HM = {(n_ve - n_hm) / n_hm:+.4f}")

    n_cap = 2 * CAPTURES_PER_FISSION
    n_hm_126, n_ve_126 = count(hm, 0, Q_U239), count(ve, 0, Q_U239)
    print(f"\nNeutron capture: {n_cap:.2f} anti-nu_e per fission, all below {Q_U239:.4f} MeV, where "
          f"Huber-Mueller extrapolated has {n_hm_126:.4f} and Vogel-Engel {n_ve_126:.4f} "
          f"(capture / VE = {n_cap / n_ve_126:.3f})")

    print(f"\nCEvNS on 72Ge, recoils {T_LO * 1e6:.0f}-{T_HI * 1e6:.0f} eV (ratios; "
          f"E_nu threshold {math.sqrt(M_GE72 * T_LO / 2):.4f} MeV):")
    r_hm_low, r_ve_low = rate(hm, 0, E_CUT), rate(ve, 0, E_CUT)
    r_hm_high, r_ve_high = rate(hm, E_CUT, E_MAX), rate(ve, E_CUT, E_MAX)
    r_hm = r_hm_low + r_hm_high
    print(f"  fraction of the HM rate (e_min = 0) from E < 1.8 MeV: {r_hm_low / r_hm:.4f}")
    print(f"  E < 1.8 MeV part, (VE - HM) / HM = {(r_ve_low - r_hm_low) / r_hm_low:+.4f}")
    print(f"  total with the HM spectrum above 1.8 MeV and VE below instead of HM: "
          f"{(r_ve_low - r_hm_low) / r_hm:+.4f} of the total")
    print(f"  (for reference, VE everywhere vs HM everywhere: "
          f"{(r_ve_low + r_ve_high - r_hm) / r_hm:+.4f})")
    r_u = rate(allowed_antinu(Q_U239, 93), 0, Q_U239)
    r_np = rate(allowed_antinu(Q_NP239, 94), 0, Q_NP239)
    r_cap = CAPTURES_PER_FISSION * (r_u + r_np)
    print(f"  neutron capture (upper bound, ground-state shapes): {r_cap / r_hm:+.4f} of the "
          f"total ({r_u / r_hm * CAPTURES_PER_FISSION:.4f} from 239U, "
          f"{r_np / r_hm * CAPTURES_PER_FISSION:.4f} from 239Np)")


if __name__ == "__main__":
    main()
