"""Solar neutrinos from Python: source, geometry, P_ee against scripts/reference_solar.py."""
import csv
from pathlib import Path

import numpy as np
import pytest

import cevas

DATA = Path(__file__).resolve().parents[2] / "tests/data/sources"


def reference_rows():
    with open(DATA / "solar_pee.csv") as f:
        rows = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(rows))


def test_survival_probability_matches_reference():
    for r in reference_rows():
        if r["case"] != "sm":
            continue
        p = cevas.solar_survival_probability(r["component"], float(r["e_MeV"]) * 1e6,
                                             model=r["model"], msw=r["msw"] == "1")
        assert p == pytest.approx(float(r["pee"]), abs=1e-10)


def test_survival_probability_vectorised():
    e = np.array([2e6, 10e6])
    p = cevas.solar_survival_probability("8B", e)
    assert p.shape == (2,)
    assert p[0] > p[1]


def test_source_flux_at_earth():
    s = cevas.solar_source("B16-AGSS09met", components=["8B"])
    g = cevas.solar_geometry()
    assert s.total_rate * g.flux_factor_per_cm2 == pytest.approx(4.50e6, rel=1e-12)


def test_rate_on_xenon_positive():
    s = cevas.solar_source(components=["8B"])
    rate = cevas.EventRate(cevas.CrossSection("Xe132"), s, cevas.solar_geometry(), n_atoms=4.6e27)
    d = rate.differential(np.array([1e3, 3e3]))
    assert np.all(d > 0) and d[0] > d[1]


def test_bad_input():
    with pytest.raises(cevas.InvalidArgument, match="model = B16-GS99"):
        cevas.solar_source("B16-GS99")
    with pytest.raises(cevas.InvalidArgument, match="components = 9Be"):
        cevas.solar_source(components=["9Be"])
    with pytest.raises(cevas.InvalidArgument):
        cevas.solar_survival_probability("8B", -1.0)
