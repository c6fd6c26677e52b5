"""Parameters: construction from keywords or a dict, NumPy round trips, NSI and validation."""

import copy

import numpy as np
import pytest

import cevas
from conftest import EXACT


def test_defaults_are_the_standard_model():
    p = cevas.Parameters()
    assert p.sin2_theta_w == 0.23857
    assert p.ordering == "normal"
    assert p.atomic_form_factor is None
    assert p.new_physics() == {}
    for s in cevas.NSI_STRUCTURES:
        for level in cevas.NSI_LEVELS:
            assert not p.nsi(s, level).any()


def test_keywords_and_dict_agree():
    kw = dict(sin2_theta_w=0.2312, atomic_form_factor="hubbell", ordering="inverted",
              magnetic_moment=1e-12, nsi={"vector.nucleus.emu": 0.1 - 0.05j})
    a = cevas.Parameters(**kw)
    b = cevas.Parameters(kw)
    assert a.sin2_theta_w == b.sin2_theta_w == 0.2312
    assert a.atomic_form_factor == b.atomic_form_factor == "hubbell"
    assert a.ordering == b.ordering == "inverted"
    np.testing.assert_array_equal(a.nsi("vector", "nucleus"), b.nsi("vector", "nucleus"))
    assert a.new_physics() == b.new_physics()


def test_ordering_is_applied_before_angles():
    p = cevas.Parameters(theta23=0.8, ordering="inverted")
    assert p.theta23 == 0.8
    assert p.dm31_sq < 0


def test_to_dict_round_trip():
    p = cevas.Parameters(sin2_theta_w=0.24, millicharge=1e-15, charge_radius=1e-32,
                         nsi={"axial.u.etau": 0.2j, "scalar.e.mumu": 0.3})
    q = cevas.Parameters(p.to_dict())
    assert q.to_dict().keys() == p.to_dict().keys()
    for key, value in p.to_dict().items():
        if key == "nsi":
            assert value.keys() == q.to_dict()["nsi"].keys()
            for k in value:
                np.testing.assert_array_equal(value[k], q.to_dict()["nsi"][k])
        elif isinstance(value, np.ndarray):
            np.testing.assert_allclose(q.to_dict()[key], value, rtol=EXACT, atol=0)
        elif isinstance(value, float):
            assert q.to_dict()[key] == pytest.approx(value, rel=EXACT)
        elif key != "nucleon_charges":
            assert q.to_dict()[key] == value


def test_nsi_numpy_round_trip_and_hermitian_partner():
    p = cevas.Parameters()
    p.set_nsi("vector", "nucleus", "emu", 0.1 - 0.05j)
    m = p.nsi("vector", "nucleus")
    assert m.dtype == np.complex128 and m.shape == (3, 3)
    assert m[0, 1] == 0.1 - 0.05j
    assert m[1, 0] == 0.1 + 0.05j
    # A whole hermitian matrix goes in and comes back unchanged.
    h = np.array([[0.3, 0.1 - 0.2j, 0.05j], [0.1 + 0.2j, -0.1, 0.0], [-0.05j, 0.0, 0.02]])
    p.set_nsi("vector", "e", h)
    np.testing.assert_array_equal(p.nsi("vector", "e"), h)
    # String values follow the CLI syntax.
    p.set_nsi("tensor", "d", "mutau", "0.1-0.05i")
    assert p.nsi("tensor", "d")[1, 2] == 0.1 - 0.05j
    p.clear_nsi()
    assert not p.nsi("vector", "e").any()


def test_electromagnetic_units_and_matrices():
    p = cevas.Parameters(magnetic_moment=1e-12, charge_radius=2e-32)
    np.testing.assert_array_equal(p.magnetic_moment, 1e-12 * np.eye(3))
    # cm^2 in, cm^2 out (converted to eV^-2 inside).
    np.testing.assert_allclose(p.charge_radius.real, 2e-32 * np.eye(3), rtol=EXACT, atol=0)
    assert p.new_physics()["magnetic_moment_muB.ee"] == "1e-12"
    q = np.zeros((3, 3), complex)
    q[0, 1], q[1, 0] = 1e-15j, -1e-15j
    p.millicharge = q
    np.testing.assert_array_equal(p.millicharge, q)


def test_constants_units():
    p = cevas.Parameters()
    assert p.fermi_constant == pytest.approx(1.1663788e-23, rel=EXACT)   # eV^-2
    assert p.electron_mass == pytest.approx(510998.95, rel=EXACT)       # eV
    assert p.bohr_radius == pytest.approx(0.529177210903e-10, rel=1e-12)  # m
    listing = {c["name"]: c for c in cevas.constants()}
    assert listing["fermi_constant"]["unit"] == "GeV^-2"
    assert listing["fermi_constant"]["value"] == pytest.approx(1.1663788e-5, rel=EXACT)
    p.fermi_constant = 1.2e-23
    assert {c["name"]: c for c in cevas.constants(p)}["fermi_constant"]["value"] == pytest.approx(1.2e-5)


def test_copy_is_independent():
    p = cevas.Parameters(sin2_theta_w=0.24)
    for q in (p.copy(), copy.copy(p), copy.deepcopy(p)):
        q.sin2_theta_w = 0.2
        assert p.sin2_theta_w == 0.24


def test_version():
    assert cevas.__version__ == cevas.version()
    assert cevas.__version__ == ".".join(str(v) for v in cevas.version_info)
