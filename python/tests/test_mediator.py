"""Light mediators from Python (issue 13 item 4): cevas.Mediator, Parameters.mediators, the
--mediator text form and the limit-vs-mass curve. The physics limits are tested in C++
(tests/xsec/mediator_test.cpp); here: the binding is thin and faithful."""

import math
import os

import numpy as np
import pytest

import cevas


def test_heavy_vector_mediator_equals_contact_nsi():
    # eps = g_nu g_u / (sqrt2 G_F m^2) at m = 1 TeV (q^2/m^2 ~ 1e-15).
    m, g = 1e12, 1e-2
    p = cevas.Parameters()
    p.mediators = [cevas.Mediator("vector", mass_eV=m, g_nu=g, g_u=g)]
    gf = cevas.Parameters().fermi_constant  # [eV^-2]
    c = cevas.Parameters()
    c.set_nsi("vector", "u", "ee", g * g / (math.sqrt(2) * gf * m * m))
    t = np.array([0.01, 0.05, 0.1])
    a = cevas.CrossSection("He4", p).dsigma_dT(15e3, t, flavor="e", antineutrino=True)
    b = cevas.CrossSection("He4", c).dsigma_dT(15e3, t, flavor="e", antineutrino=True)
    np.testing.assert_allclose(a, b, rtol=1e-10)


def test_parse_mediator_and_properties():
    z = cevas.parse_mediator("scalar:mass=1MeV,g_nu_mu=2e-6,g_p=1e-6,g_e=3e-6")
    assert z.type == "scalar"
    assert z.mass_eV == pytest.approx(1e6, rel=1e-15)
    assert z.g_nu[1, 1] == 2e-6 and z.g_nu[0, 0] == 0
    assert (z.g_p, z.g_e) == (1e-6, 3e-6)
    p = cevas.Parameters()
    assert p.mediators == []
    p.mediators = [z]
    assert len(p.copy().mediators) == 1


@pytest.mark.parametrize("mass", [-1.0, 0.0, float("nan")])
def test_bad_mass_is_refused(mass):
    with pytest.raises(cevas.InvalidArgument, match="mass"):
        cevas.Mediator("vector", mass_eV=mass, g_u=1e-5)


def test_bad_text_names_key_and_value():
    with pytest.raises(cevas.InvalidArgument, match="g_top = 1e-5: unknown mediator key"):
        cevas.parse_mediator("vector:mass=1MeV,g_top=1e-5")
    with pytest.raises(cevas.InvalidArgument, match="type = 'tensor'"):
        cevas.parse_mediator("tensor:mass=1MeV")


def test_limit_scan_heavy_end_scales_as_mass_squared():
    from conftest import REPO_ROOT

    cfg = os.path.join(REPO_ROOT, "examples", "sensitivity", "saturne.toml")
    lim = cevas.mediator_limit_scan(cfg, "mediator.g2", [1e8, 1e9], threads=1)
    assert [p["mass_eV"] for p in lim] == [1e8, 1e9]
    # Contact regime (m >> q ~ 30 keV): the g^2 limit scales as m^2.
    assert lim[1]["upper"] / lim[0]["upper"] == pytest.approx(100, rel=1e-4)
    assert lim[0]["lower"] < 0 < lim[0]["upper"]
