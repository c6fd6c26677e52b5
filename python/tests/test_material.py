"""Composite targets from Python (issue 13 item 1): cevas.Material / make_material /
make_mixture / MaterialRate, the same names as the CLI and configs. Reference numbers are typed
from the NIST table (atom percent) and built from single-isotope objects, not from the code path
under test."""
import numpy as np
import pytest

import cevas

SUM_TOL = 1e-12  # the same sums in another order: rounding only


def test_natural_xenon_composition_is_the_published_one():
    pct = {124: 0.09, 126: 0.09, 128: 1.92, 129: 26.44, 130: 4.08, 131: 21.18, 132: 26.89,
           134: 10.44, 136: 8.87}  # NIST SRD 144, sums to 100
    ab = dict(cevas.natural_abundances("Xe"))
    assert set(ab) == set(pct)
    for a, p in pct.items():
        assert ab[a] == pytest.approx(p / 100, rel=1e-12)
    assert sum(ab.values()) == pytest.approx(1.0, abs=1e-15)


def test_material_names_match_the_cli():
    csi = cevas.Material("CsI")
    assert [(t.name, n) for t, n in csi.components] == [("Cs133", 1.0), ("I127", 1.0)]
    assert cevas.make_material("CaWO4").atoms_per_unit == pytest.approx(6.0)
    he4 = cevas.make_material("He4")
    assert he4.is_single_isotope()
    assert he4.unit_mass == cevas.make_target("He4").mass


def test_material_rate_is_the_sum_of_isotope_rates():
    src = cevas.tritium_source(activity_Bq=3.7e17)
    geo = cevas.point_geometry(1.0)
    n = 1e25
    ar = cevas.MaterialRate(cevas.make_material("Ar"), src, geo, n)
    t = np.array([1e-3, 5e-3, 1e-2])
    total = np.zeros_like(t)
    for iso, p in (("Ar36", 0.3365), ("Ar38", 0.0632), ("Ar40", 99.6003)):
        total += cevas.EventRate(cevas.CrossSection(iso), src, geo, n * p / 100).differential(t)
    np.testing.assert_allclose(ar.differential(t), total, rtol=SUM_TOL)
    # bin_counts accepts it and sums the isotopes' counts.
    edges = np.array([1e-3, 5e-3, 1e-2])
    got = cevas.bin_counts(ar, 3.15e7, edges)
    parts = [cevas.bin_counts(cevas.EventRate(cevas.CrossSection(iso), src, geo, n * p / 100),
                              3.15e7, edges)["signal"]
             for iso, p in (("Ar36", 0.3365), ("Ar38", 0.0632), ("Ar40", 99.6003))]
    np.testing.assert_allclose(got["signal"], sum(parts), rtol=1e-10)


def test_run_with_a_compound_config(tmp_path):
    cfg = cevas.Config({
        "target": {"name": "NaI"},
        "source": {"type": "tritium", "activity": "1MCi"},
        "geometry": {"type": "point", "distance": "1m"},
        "detector": {"mass": "1kg", "exposure": "1y"},
        "binning": {"min": "1meV", "max": "20meV", "bins": 4},
    })
    r = cfg.resolved
    assert r.target.name in ("Na23", "I127")
    assert [t.name for t, _ in r.material.components] == ["Na23", "I127"]
    res = cevas.run(cfg, output=str(tmp_path / "out"), plots=False)
    assert res.totals["sm"] > 0


@pytest.mark.parametrize("call, fragment", [
    (lambda: cevas.make_material("Xx"), "name = 'Xx': unknown element symbol 'Xx'"),
    (lambda: cevas.make_material("Cs2I3x"), "name = 'Cs2I3x': malformed formula"),
    (lambda: cevas.make_mixture({"Ge76": 0.86, "Ge74": 0.13}), "atom fractions sum to 0.99"),
    (lambda: cevas.make_mixture({"Ge76": 1.1, "Ge74": -0.1}),
     "fractions.Ge74 = -0.1: atom fraction must be >= 0"),
])
def test_bad_input_names_key_and_value(call, fragment):
    with pytest.raises(cevas.InvalidArgument) as e:
        call()
    assert fragment in str(e.value)
    assert "\n" not in str(e.value)
