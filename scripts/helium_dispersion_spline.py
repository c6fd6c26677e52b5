#!/usr/bin/env python3
"""Rows of data/helium/he4_dispersion.csv with key 6: Donnelly & Barenghi's cubic B-spline fit of
the He II dispersion curve at saturated vapour pressure, evaluated where Table 13.1's rows
(transcribed in that file) leave gaps: 0.45 <= q <= 1.05 and 2.00 <= q <= 2.60 inverse angstrom.

Source of the knots and coefficients: R. J. Donnelly and C. F. Barenghi, "The observed properties
of liquid helium at the saturated vapor pressure", J. Phys. Chem. Ref. Data 27 (1998) 1217,
chapter 13 (dispersion curve, spline representation: 14 knots, 10 coefficients, energy E/k_B in
kelvin, q in inverse angstrom, valid 0.0894 <= q <= 3.60). Read here from the transcription in the
public repository jmeloranta/libdft, file src/helium-exp-bulk.h ("Spline curve data from J. Phys.
Chem. Ref. Data 27, 1217 (1998)"; libdft is GPL-licensed, doc/GPL.txt). cevas takes from it only
these 24 numbers, which are the publication's fit of measured data (facts), and no code: the
spline is evaluated here with scipy.interpolate.BSpline.

The fit is checked against the Table 13.1 rows of he4_dispersion.csv (printed below: rms and
largest residual). Above 2.6 inverse angstrom the fit keeps rising past 2 Delta (18.4 K at 3.6),
against Pitaevskii's plateau seen by later measurements (Pistolesi, JLTP 113 (1998) 597; Godfrin
et al., PRB 103 (2021) 104516): cevas does not use it there.

It also prints the roton parameters of he4_parameters.csv derived from the transcribed rows: a
least-squares parabola eps = Delta + hbar^2 (q - q0)^2 / (2 mu) through the rows of keys 3 and 5
between 1.88 and 1.95 inverse angstrom (hbar^2 / (m_4 k_B) = 12.1193 K angstrom^2, m_4 the 4He
atomic mass 4.002602 u, CODATA 2018 constants).

Usage: /usr/bin/python3 scripts/helium_dispersion_spline.py   (prints CSV rows and the checks)
"""
import os

import numpy as np
from scipy.interpolate import BSpline

KNOTS = [0.0894, 0.0894, 0.0894, 0.0894, 0.15, 0.510, 1.60, 2.023, 2.42, 2.665,
         3.60, 3.60, 3.60, 3.60]
COEFFS = [1.53895, 1.932, 4.8, 14.85, 14.88, 5.9384, 16.5014, 17.72455, 18.43656, 18.43545]
SPLINE = BSpline(np.array(KNOTS), np.array(COEFFS), 3)

GAPS = [np.arange(0.45, 1.0501, 0.05), np.arange(2.00, 2.6001, 0.05)]


def table_rows(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or line.startswith("q_inv"):
            continue
        q, e, key = line.strip().split(",")
        if key != "6":
            rows.append((float(q), float(e), key))
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = table_rows(os.path.join(here, "..", "data", "helium", "he4_dispersion.csv"))
    res = np.array([SPLINE(q) - e for q, e, _ in rows])
    print(f"# check against {len(rows)} rows of Table 13.1: rms {np.sqrt(np.mean(res**2)):.3f} K,"
          f" largest |residual| {np.max(np.abs(res)):.3f} K")
    hb2_m4 = 1.054571817e-34**2 / (4.002602 * 1.66053906660e-27 * 1.380649e-23) * 1e20
    for keys in (("3", "5"), ("5",), ("3",)):
        sel = [(q, e) for q, e, k in rows if k in keys and 1.87 <= q <= 1.951]
        a, b, c = np.polyfit([q for q, _ in sel], [e for _, e in sel], 2)
        print(f"# roton parabola, keys {'+'.join(keys)} ({len(sel)} rows): q0 = {-b / (2 * a):.4f},"
              f" Delta = {c - b * b / (4 * a):.4f} K, mu/m_4 = {hb2_m4 / (2 * a):.3f}")
    for grid in GAPS:
        for q in grid:
            print(f"{q:.2f},{float(SPLINE(q)):.3f},6")


if __name__ == "__main__":
    main()
