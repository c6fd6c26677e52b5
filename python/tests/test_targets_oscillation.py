"""Targets, form factors and oscillations through Python."""

import numpy as np
import pytest

import cevas
from conftest import EXACT, TIGHT


def test_target_properties():
    t = cevas.make_target("4He")
    assert (t.name, t.z, t.n, t.a) == ("He4", 2, 2, 4)
    u = cevas.Parameters().atomic_mass_unit  # eV
    assert t.mass == pytest.approx(4.00260325413 * u, rel=EXACT)  # AME2020 (PHYSICS.md section 2)
    assert t.spin.is_zero()
    h2 = cevas.make_target("D")
    assert (h2.spin.proton_net, h2.spin.neutron_net) == (1.0, 1.0)
    assert [s.net_spin for s in h2.spin.shells] == [1.0]
    assert set(cevas.featured_targets()) == {"H1", "H2", "He3", "He4", "C12"}
    assert cevas.find_isotope("C12")["mass_u"] == 12.0


def test_target_can_be_edited_and_used():
    t = cevas.make_target("He3")
    t.spin = cevas.SpinContent(proton_net=0.0, neutron_net=0.0)
    xs = cevas.CrossSection(t)
    assert xs.breakdown(15e3, 0.0, flavor="e", antineutrino=True)["c_a"] == 0.0


@pytest.mark.parametrize("model, z", [("hubbell", 2), ("hubbell", 6), ("gauss6", 2),
                                      ("hydrogenic", 1), ("none", 2)])
def test_atomic_form_factor_arrays(model, z):
    ff = cevas.AtomicFormFactor(model, z)
    q = np.array([[0.0, 1e3], [1e4, 1e5]])
    f = ff(q)
    assert f.shape == (2, 2)
    assert f[0, 0] == (0.0 if model == "none" else pytest.approx(1.0, abs=EXACT))
    assert isinstance(ff(0.0), float)
    if model != "none":
        assert np.all(np.diff(f.ravel()) < 0)


def test_nuclear_form_factor():
    ff = cevas.NuclearFormFactor("helm", 12)
    assert ff(0.0) == pytest.approx(1.0, abs=EXACT)
    assert 1e-15 < ff.radius < 1e-14  # metres: a few fm
    assert ff(1e8) < 1.0


def test_pmns_unitary_and_probabilities_sum_to_one():
    p = cevas.Parameters()
    u = cevas.pmns_matrix(p)
    assert u.shape == (3, 3) and u.dtype == np.complex128
    np.testing.assert_allclose(u @ u.conj().T, np.eye(3), atol=EXACT * 10)
    baselines = np.linspace(0.0, 2.0, 21)
    for anti in (False, True):
        total = sum(cevas.oscillation_probability("e", f, 15e3, baselines, antineutrino=anti)
                    for f in cevas.FLAVORS)
        np.testing.assert_allclose(total, 1.0, rtol=TIGHT)
    assert cevas.oscillation_probability("e", "e", 15e3, 0.0, antineutrino=True) == pytest.approx(1.0)
    # Broadcasting: energies (column) against baselines (row).
    grid = cevas.oscillation_probability("e", "mu", np.array([[1e4], [2e4]]), baselines,
                                         antineutrino=True)
    assert grid.shape == (2, 21)


def test_inverted_ordering():
    p = cevas.Parameters(ordering="inverted")
    assert p.dm31_sq < 0 and p.ordering == "inverted"
    u = cevas.pmns_matrix(p)
    np.testing.assert_allclose(u @ u.conj().T, np.eye(3), atol=EXACT * 10)
