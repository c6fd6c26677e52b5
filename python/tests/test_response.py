"""Detector response bindings (issue 13 item 2): Lindhard against the closed form written out
here, the keVee/PE scale, Poisson probabilities and pion-DAR timing fractions against
scripts/reference_response.py."""
import math

import numpy as np
import pytest

import cevas


def lindhard(er_kev, z, k):
    eps = 11.5 * er_kev * z ** (-7 / 3)
    g = 3 * eps**0.15 + 0.7 * eps**0.6 + eps
    return k * g / (1 + k * g)


def test_lindhard_matches_the_closed_form():
    er = np.array([0.5, 1.0, 5.0, 10.0])
    got = cevas.lindhard_quenching(er * 1e3, 32, 0.157)
    np.testing.assert_allclose(got, lindhard(er, 32, 0.157), rtol=1e-12)
    assert got[1] == pytest.approx(0.17099087092253352, rel=1e-12)  # reference_response.py


def test_observed_value_in_kevee_and_pe():
    er = np.array([10e3, 40e3])
    ee = cevas.observed_value(er, "ee", "polynomial", coefficients=[0.246, 7.8e-4],
                              range_keVnr=[0, 125])
    np.testing.assert_allclose(ee, (0.246 + 7.8e-4 * er / 1e3) * er / 1e3, rtol=1e-12)
    pe = cevas.observed_value(er, "pe", "lindhard", k=0.157, z=32, light_yield_pe_per_keVee=10)
    np.testing.assert_allclose(pe, 10 * lindhard(er / 1e3, 32, 0.157) * er / 1e3, rtol=1e-12)


def test_poisson_probabilities_sum_to_one():
    assert sum(cevas.poisson_probabilities(37.5, 0, 200)) == pytest.approx(1.0, abs=1e-12)
    p = cevas.poisson_probabilities(4.2, 2, 5)
    assert sum(p) == pytest.approx(0.51185002184409374, rel=1e-12)


def test_timing_fractions_match_the_reference():
    f = cevas.pion_dar_timing_fractions(-1000, 6000, "rectangle", 360)
    assert f["prompt"] == pytest.approx(1.0, abs=1e-12)
    assert f["delayed"] == pytest.approx(0.933992148447002, abs=1e-12)
    g = cevas.pion_dar_timing_fractions(-1000, 5000, "gaussian", 360)
    assert g["delayed"] == pytest.approx(0.895806859583465, abs=1e-9)


@pytest.mark.parametrize("call", [
    lambda: cevas.lindhard_quenching(1e3, 32, 0.0),
    lambda: cevas.lindhard_quenching(1e3, 32, 2.0),
    lambda: cevas.observed_value(1e3, "kev"),
    lambda: cevas.observed_value(1e3, "ee", "polynomial", coefficients=[1.5], range_keVnr=[0, 10]),
    lambda: cevas.observed_value(1e3, "pe", "none"),
    lambda: cevas.pion_dar_timing_fractions(0, 6000, "triangle", 360),
    lambda: cevas.pion_dar_timing_fractions(100, 50, "gaussian", 360),
])
def test_bad_input_raises(call):
    with pytest.raises(cevas.InvalidArgument):
        call()
