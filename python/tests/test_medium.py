"""The detector medium through Python (issue 12): the superfluid-4He structure factor and
spectra in deposited energy.

Independent references: S(q) -> hbar q / (2 M c) at small q with c = 238.3 m/s (Donnelly &
Barenghi 1998); the f-sum rule integral omega S = hbar^2 q^2 / 2M with hbar^2 / (2 M k_B) for 4He
computed here from SI constants and the AME2020 mass; the free recoil spectrum integrated with
NumPy against the deposited-energy totals (the zeroth sum rule weighted by S(q)).
"""

import math

import numpy as np
import pytest

import cevas
from cevas import _core

# hbar^2 / (2 M) in eV angstrom^2 for 4He (SI 2019 exact constants, AME2020 4.00260325413 u,
# CODATA 2018 u = 1.66053906660e-27 kg).
HBAR = 6.62607015e-34 / (2 * math.pi)
E = 1.602176634e-19
M_HE4 = 4.00260325413 * 1.66053906660e-27
HBAR2_2M = HBAR**2 / (2 * M_HE4) / E * 1e20  # eV angstrom^2

trapezoid = getattr(np, "trapezoid", None) or np.trapz


@pytest.fixture(scope="module")
def he():
    return _core.SuperfluidHelium(temperature_K=0.5)


def test_models_and_repr(he):
    assert _core.medium_models() == ["free", "superfluid_he4"]
    assert "SuperfluidHelium" in repr(he)
    assert he.describe()["medium"] == "superfluid_he4"


def test_phonon_limit_and_roton(he):
    q = np.array([0.05, 0.1])
    c = 238.3 / 299792458.0
    mc2 = M_HE4 * 299792458.0**2 / E  # eV
    hbar_c = HBAR * 299792458.0 / E * 1e10  # eV angstrom
    expected = q * hbar_c / (2 * mc2 * c)
    np.testing.assert_allclose(he.static_structure_factor(q), expected, rtol=0.02)
    # Roton minimum 8.61 K = 0.742 meV near 1.92 1/angstrom (Donnelly & Barenghi Table 13.1).
    k = np.linspace(1.8, 2.1, 3001)
    eps = he.dispersion(k)
    assert k[np.argmin(eps)] == pytest.approx(1.925, abs=0.02)
    assert eps.min() / 8.617333262e-5 == pytest.approx(8.61, abs=0.01)


@pytest.mark.parametrize("q", [0.3, 1.0, 1.92, 3.0, 4.06, 7.0, 15.0])
def test_sum_rules(he, q):
    r = he.response(q)
    hi = r["recoil_eV"] * 4 + 0.1
    # The density jumps at the continuum threshold and at the IA floor: integrate between them.
    cuts = sorted({0.0, r["continuum_threshold_eV"], r["broad_floor_eV"], hi})
    m0 = sum(z for _, z in r["lines"])
    m1 = sum(p * z for p, z in r["lines"])
    for a, b in zip(cuts[:-1], cuts[1:]):
        w = np.linspace(a + 1e-12 * b, b * (1 - 1e-12), 200001)
        dens = he.density(q, w)
        m0 += trapezoid(dens, w)
        m1 += trapezoid(w * dens, w)
    assert m0 == pytest.approx(he.static_structure_factor(q), rel=1e-6)
    assert m1 == pytest.approx(HBAR2_2M * q * q, rel=1e-6)
    assert he.cumulative(q, hi) == pytest.approx(m0, rel=1e-6)


def test_deposited_spectrum_total(he):
    xs = cevas.CrossSection("He4")
    src = cevas.tritium_source(mass_kg=1e-3)
    n = 1e28
    rate = cevas.EventRate(xs, src, cevas.point_geometry(1.0), n, oscillations=False)
    omega = np.arange(0.05e-3, 0.4, 0.1e-3)
    spec = _core.deposited_spectrum(rate, he, omega)
    assert spec.shape == omega.shape and np.all(spec >= 0)
    # Total: integral dT dN/dT S(q(T)) with q(T) = sqrt(T / (hbar^2/2M)), NumPy trapezoid.
    t = np.linspace(1e-7, rate.t_max, 400001)
    ref = trapezoid(rate.differential(t) * he.static_structure_factor(np.sqrt(t / HBAR2_2M)), t)
    assert spec.sum() * 0.1e-3 == pytest.approx(ref, rel=1e-4)
    counts = _core.deposited_counts(rate, he, 3.15e7, [1e-3, 0.05, 0.4], threshold_eV=1e-3,
                                    decay=False)
    # By default a decaying source (tritium) counts over the effective exposure, as bin_counts.
    decayed = _core.deposited_counts(rate, he, 3.15e7, [1e-3, 0.05, 0.4], threshold_eV=1e-3)
    lam_t = math.log(2.0) * 3.15e7 / rate.half_life_s
    assert decayed["total_signal"] == pytest.approx(
        counts["total_signal"] * (1 - math.exp(-lam_t)) / lam_t, rel=1e-12)
    assert counts["total_signal"] == pytest.approx(counts["signal"].sum(), rel=1e-14)
    # The counts above 1 meV equal the spectrum integrated above 1 meV (cells of 0.1 meV).
    assert counts["total_signal"] == pytest.approx(3.15e7 * spec[omega > 1e-3].sum() * 0.1e-3,
                                                   rel=1e-3)


def test_bad_input(he):
    rate_c12 = cevas.EventRate(cevas.CrossSection("C12"), cevas.tritium_source(mass_kg=1e-3),
                               cevas.point_geometry(1.0), 1e26)
    with pytest.raises(ValueError, match="medium = superfluid_he4: needs a He4 target"):
        _core.deposited_spectrum(rate_c12, he, [1e-3, 2e-3])
    with pytest.raises(ValueError, match="target.medium_temperature_K = 2 K"):
        _core.SuperfluidHelium(temperature_K=2.0)
    with pytest.raises(ValueError, match="target.medium_density_g_cm3"):
        _core.SuperfluidHelium(density_g_cm3=0.2)
    with pytest.raises(ValueError, match="medium.q_impulse"):
        _core.SuperfluidHelium(q_collective_inv_angstrom=4.0, q_impulse_inv_angstrom=3.0)
