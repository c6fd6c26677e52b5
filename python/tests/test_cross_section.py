"""CrossSection through Python: shapes and units, vectorised vs scalar path, SM limits."""

import concurrent.futures

import numpy as np
import pytest

import cevas
from conftest import EXACT, HBAR_C_EV_CM, MODEL, TIGHT

E_NU = 15e3  # eV, typical of tritium


def configurations():
    """(target, parameters, flavor, antineutrino, baseline [m]) covering every term."""
    nsi = cevas.Parameters(nsi={"vector.nucleus.emu": 0.1 - 0.05j, "vector.e.ee": -0.05,
                                "axial.u.ee": 0.2, "scalar.d.etau": 0.01, "tensor.p.ee": 0.03})
    em = cevas.Parameters(millicharge=1e-15, magnetic_moment=1e-12, charge_radius=1e-32)
    return [
        ("He4", cevas.Parameters(), "e", True, 0.0),
        ("He4", nsi, "e", False, 1.5),
        ("H1", nsi, "mu", True, 0.7),
        ("H2", em, "e", True, 0.0),
        ("C12", em, "tau", False, 2.0),
        ("He3", cevas.Parameters(atomic_form_factor="hubbell"), "e", False, 0.0),
    ]


@pytest.mark.parametrize("name, params, flavor, anti, baseline", configurations())
def test_vectorised_equals_scalar(name, params, flavor, anti, baseline):
    xs = cevas.CrossSection(name, params)
    t = np.geomspace(1e-4, 1.0, 37) * xs.t_max(E_NU)
    kw = dict(flavor=flavor, antineutrino=anti, baseline=baseline)
    array = xs.dsigma_dT(E_NU, t, **kw)
    scalar = np.array([xs.dsigma_dT(E_NU, float(x), **kw) for x in t])
    assert isinstance(scalar[0], float)
    # Relative to the curve's scale: at T_max (and in a dip) the value is a cancellation to ~0.
    np.testing.assert_allclose(array, scalar, rtol=TIGHT, atol=TIGHT * np.max(scalar))
    # The breakdown reports the same total.
    b = xs.breakdown(E_NU, float(t[5]), **kw)
    assert b["dsigma_dT_cm2_per_eV"] == pytest.approx(scalar[5], rel=TIGHT)
    assert b["dsigma_dT_cm2_per_eV"] == pytest.approx(b["weak_cm2_per_eV"] + b["magnetic_cm2_per_eV"],
                                                      rel=EXACT)


def test_numpy_shapes_dtypes_and_end_point():
    xs = cevas.CrossSection("He4")
    t_max = xs.t_max(E_NU)
    t = np.linspace(0.0, 1.2 * t_max, 24, dtype=np.float32).reshape(4, 6)
    y = xs.dsigma_dT(E_NU, t, flavor="e", antineutrino=True)
    assert y.shape == (4, 6) and y.dtype == np.float64
    assert np.all(y[t.astype(float) > t_max] == 0.0)        # outside the kinematic domain
    assert xs.dsigma_dT(E_NU, [1e-3, 2e-3], flavor="e", antineutrino=True).shape == (2,)
    assert np.asarray(xs.t_max(np.array([1e3, 2e3]))).shape == (2,)
    assert xs.e_min(xs.t_max(E_NU)) == pytest.approx(E_NU, rel=TIGHT)


@pytest.mark.parametrize("name", ["H2", "He3", "He4", "C12"])
def test_sm_weak_charges_at_zero_recoil(name):
    """PHYSICS.md section 8: at T -> 0 C_V(nu_e) = (Z - N/2)^2, C_V(nu_mu,tau) = (N/2)^2."""
    xs = cevas.CrossSection(name)
    z, n = xs.target.z, xs.target.n
    expected = {"e": (z - n / 2) ** 2, "mu": (n / 2) ** 2, "tau": (n / 2) ** 2}
    p = xs.parameters
    for flavor, c_v in expected.items():
        for anti in (False, True):
            b = xs.breakdown(E_NU, 0.0, flavor=flavor, antineutrino=anti)
            assert b["atomic_form_factor"] == pytest.approx(1.0, rel=EXACT)
            assert b["c_v"] == pytest.approx(c_v, rel=TIGHT)
            # dsigma/dT(T = 0) = (G_F^2 M / pi)(C_V + C_A), converted with hbar c.
            ref = p.fermi_constant ** 2 * xs.mass / np.pi * (c_v + b["c_a"]) * HBAR_C_EV_CM ** 2
            assert b["dsigma_dT_cm2_per_eV"] == pytest.approx(ref, rel=TIGHT)


def test_dip_only_for_electron_flavour_and_neutrino_equals_antineutrino():
    xs = cevas.CrossSection("He4")
    t = np.geomspace(1e-6, 0.999, 4000) * xs.t_max(E_NU)
    y = {f: xs.dsigma_dT(E_NU, t, flavor=f, antineutrino=False) for f in cevas.FLAVORS}
    for f in cevas.FLAVORS:
        np.testing.assert_allclose(xs.dsigma_dT(E_NU, t, flavor=f, antineutrino=True), y[f],
                                   rtol=TIGHT, atol=0)
    assert np.all(np.diff(y["mu"]) < 0)              # monotonic: no dip for nu_mu
    interior_min = np.flatnonzero((y["e"][1:-1] < y["e"][:-2]) & (y["e"][1:-1] < y["e"][2:]))
    assert interior_min.size == 1                      # one dip for nu_e
    assert 5e-3 < t[interior_min[0] + 1] < 12e-3       # near 9 meV (PHYSICS.md section 6)


def test_off_diagonal_nsi_only_raise():
    sm = cevas.CrossSection("He4")
    t = np.geomspace(1e-6, 0.99, 300) * sm.t_max(E_NU)
    y_sm = sm.dsigma_dT(E_NU, t, flavor="e", antineutrino=False)
    for level in ("nucleus", "e"):
        for value in (-0.3, 0.2j, 0.1 + 0.1j):
            p = cevas.Parameters()
            p.set_nsi("vector", level, "etau", value)
            y = cevas.CrossSection("He4", p).dsigma_dT(E_NU, t, flavor="e", antineutrino=False)
            assert np.all(y >= y_sm)


def test_baseline_averaging_matches_manual_average():
    p = cevas.Parameters(nsi={"vector.nucleus.emu": 0.2})
    xs = cevas.CrossSection("He4", p)
    t = np.geomspace(1e-5, 1e-1, 11)
    baselines = np.array([0.5, 1.0, 2.0])
    weights = np.array([1.0, 2.0, 1.0])
    avg = xs.dsigma_dT(E_NU, t, flavor="e", antineutrino=True, baseline=baselines, weights=weights)
    manual = sum(w * xs.dsigma_dT(E_NU, t, flavor="e", antineutrino=True, baseline=l)
                 for l, w in zip(baselines, weights)) / weights.sum()
    np.testing.assert_allclose(avg, manual, rtol=TIGHT, atol=0)


def test_total_cross_section_cevns_limit():
    """Bare nucleus (F_e = 0, F_N = 1): sigma = G_F^2 Q_W^2 E^2 / (4 pi) up to O(E/M)."""
    p = cevas.Parameters(atomic_form_factor="none")
    xs = cevas.CrossSection("He4", p)
    z, n = xs.target.z, xs.target.n
    q_w = n - (1 - 4 * p.sin2_theta_w) * z
    e = np.array([5e3, 15e3])
    ref = p.fermi_constant ** 2 * q_w ** 2 * e ** 2 / (4 * np.pi) * HBAR_C_EV_CM ** 2
    sigma = cevas.total_cross_section(xs, e, flavor="mu", antineutrino=True)
    np.testing.assert_allclose(sigma, ref, rtol=MODEL)
    assert xs.total_cross_section(15e3, flavor="mu", antineutrino=True) == pytest.approx(sigma[1], rel=EXACT)


def test_describe_records_new_physics():
    p = cevas.Parameters(magnetic_moment=1e-12, nsi={"vector.nucleus.emu": 0.1 - 0.05j})
    d = cevas.CrossSection("He4", p).describe()
    assert d["target"] == "He4"
    assert d["nsi.vector.nucleus.emu"] == "0.1-0.05i"
    assert d["magnetic_moment_muB.ee"] == "1e-12"


def test_parameters_are_copied_at_construction():
    p = cevas.Parameters()
    xs = cevas.CrossSection(cevas.make_target("He4", p), p)
    before = xs.dsigma_dT(E_NU, 1e-3, flavor="e", antineutrino=True)
    p.magnetic_moment = 1e-10
    assert xs.dsigma_dT(E_NU, 1e-3, flavor="e", antineutrino=True) == before


def test_threads_give_the_serial_result():
    """The array path releases the GIL; concurrent calls must not interfere."""
    xs = cevas.CrossSection("C12", cevas.Parameters(magnetic_moment=1e-12))
    t = np.geomspace(1e-6, 1e-2, 20000)
    serial = xs.dsigma_dT(E_NU, t, flavor="e", antineutrino=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: xs.dsigma_dT(E_NU, t, flavor="e", antineutrino=True),
                                range(8)))
    for r in results:
        np.testing.assert_array_equal(r, serial)
