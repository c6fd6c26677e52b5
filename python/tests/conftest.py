"""Shared settings for the cevas Python tests.

Run through ctest (`ctest -R python`), which sets PYTHONPATH=<build>/python and MPLBACKEND=Agg,
or by hand: PYTHONPATH=build/python MPLBACKEND=Agg /usr/bin/python3 -m pytest -q python/tests
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

# Named tolerance tiers, the same as tests/common/tolerance.hpp.
EXACT = 1e-14       # the same arithmetic twice, or an exact identity (unitarity, F(0) = 1)
TIGHT = 1e-12       # two code paths of the library computing the same number (array vs scalar)
MODEL = 1e-4        # an approximation with a stated accuracy (E/M corrections, ~1e-5 here)

# Unit conversion for independent references: hbar c [eV cm] (SI 2019, exact e, h, c).
HBAR_C_EV_CM = 6.62607015e-34 / (2 * 3.14159265358979323846) * 299792458.0 / 1.602176634e-19 * 100.0

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
