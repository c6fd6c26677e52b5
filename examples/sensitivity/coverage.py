#!/usr/bin/env python3
"""Coverage of Wilks and Feldman-Cousins 90 % CL intervals for few events (docs/sensitivity.md).

Cadeddu et al.'s set-up (examples/sensitivity/cadeddu2019.toml: about 8 expected events) with a
true magnetic moment mu_true; N pseudo-experiments (Poisson toys of the expected counts, seeded),
each analysed with the Wilks interval (Delta chi^2 = 2.71) and with the Feldman-Cousins
construction on a grid of tested values. Coverage = fraction of pseudo-experiments whose interval
contains mu_true, with its binomial standard error.

    PYTHONPATH=build/python /usr/bin/python3 examples/sensitivity/coverage.py [N] [FC_TOYS]
"""
import math
import os
import sys

import numpy as np

import cevas

here = os.path.dirname(os.path.abspath(__file__))
cfg = os.path.join(here, "cadeddu2019.toml")
n_exp = int(sys.argv[1]) if len(sys.argv) > 1 else 100
fc_toys = int(sys.argv[2]) if len(sys.argv) > 2 else 500
mu_true = 4e-13
grid = "magnetic_moment=0:1.5e-12:31"
model = cevas.StatsModel(cfg, [grid])
values = np.linspace(0, 1.5e-12, 31)
truth_index = int(np.argmin(np.abs(values - mu_true)))
mu_true = values[truth_index]  # a tested value, so FC acceptance is defined at the truth
expected = model.expected([mu_true])
print(f"expected events at mu = {mu_true:.3g} mu_B: {expected.sum():.3f}")
cover = {"wilks": 0, "feldman-cousins": 0}
for i in range(n_exp):
    data = cevas.toy_counts(expected, 20260101, i)
    for method in cover:
        r = model.limit(cl=0.9, method=method, data=data, toys=fc_toys, seed=1000 + i, threads=2)
        lo = 0.0 if r["lower"] is None else r["lower"]
        hi = math.inf if r["upper"] is None else r["upper"]
        cover[method] += lo <= mu_true <= hi
for method, c in cover.items():
    p = c / n_exp
    print(f"{method}: coverage {p:.3f} +- {math.sqrt(p * (1 - p) / n_exp):.3f} ({c}/{n_exp})")
