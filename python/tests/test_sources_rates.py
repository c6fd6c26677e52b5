"""Sources, geometry, EventRate and bin_counts through Python: normalisation, strengths, units
at the boundary (against an independent NumPy folding of dsigma/dT with the source density),
1/r^2 scaling, totals equal to the sum of bins, and bad input naming the field.

Independent references used here: the activity of 1 g of tritium from A = ln2/T_1/2 * m/m(3H)
with T_1/2 = 4500 d and m(3H) = 3.01604928132 u (AME2020), u = 1.66053906660e-27 kg
(CODATA 2018); "about 9.6 kCi per gram" and "mean E_nu about 12.9 keV" (PHYSICS.md section 5);
the point-source flux 1/(4 pi d^2).
"""

import concurrent.futures
import gc
import math

import numpy as np
import scipy.special
import pytest

import cevas
from conftest import EXACT, MODEL, TIGHT

QUADRATURE = 1e-3   # a NumPy trapezoid rule on a fine grid against the library's quadrature
CI = 3.7e10         # Bq per curie (definition)
Q_TRITIUM = 18592.01  # eV, the library default (Myers et al. 2015)
U_KG = 1.66053906660e-27  # CODATA 2018
M_3H_U = 3.01604928132    # AME2020
HALF_LIFE_S = 4500 * 86400.0

trapezoid = getattr(np, "trapezoid", None) or np.trapz


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------

def continua():
    """(source, component index or None) for every continuum model."""
    return [
        (cevas.tritium_source(activity_Bq=1e15), None),
        (cevas.tritium_source(mass_kg=1e-3, fermi_function="relativistic"), None),
        (cevas.tritium_source(mass_kg=1e-3, fermi_function="wilkinson"), None),
        (cevas.pion_dar_source(1e15, 0.08), 1),
        (cevas.pion_dar_source(1e15, 0.08), 2),
        (cevas.reactor_source(3e9), None),
        (cevas.reactor_source(3e9, fission_fractions={"U235": 1, "U238": 0, "Pu239": 0, "Pu241": 0},
                              e_min_eV=1e6), None),
    ]


@pytest.mark.parametrize("source, component", continua())
def test_continuum_density_is_normalised(source, component):
    comp = source.components[0 if component is None else component]
    assert comp["kind"] == "continuum"
    lo, hi = comp["e_min_eV"], comp["e_max_eV"]
    e = np.linspace(lo, hi, 200_001)
    rho = source.density(e, component)
    assert rho.shape == e.shape and rho.dtype == np.float64
    assert np.all(rho >= 0)
    assert trapezoid(rho, e) == pytest.approx(1.0, rel=QUADRATURE)
    # Zero outside the support; the mean lies inside and agrees with the library's quadrature.
    assert source.density(hi * 1.001, component) == 0.0
    assert trapezoid(e * rho, e) == pytest.approx(source.mean_energy(component), rel=QUADRATURE)


def test_tabulated_source(tmp_path):
    path = tmp_path / "spectrum.txt"
    path.write_text("# energy_unit = keV\n# spectrum_unit = per_MeV\n# flavor = e\n"
                    "# type = antineutrino\n# source = test triangle\n100 0\n200 4e3\n300 0\n")
    s = cevas.tabulated_source(str(path), 2.5e10)
    assert s.total_rate == pytest.approx(2.5e10, rel=EXACT)
    (c,) = s.components
    assert (c["flavor"], c["antineutrino"]) == ("e", True)
    assert (c["e_min_eV"], c["e_max_eV"]) == (1e5, 3e5)
    # A triangle of base 200 keV: peak density 1/(100 keV), linear in between.
    np.testing.assert_allclose(s.density([1e5, 1.5e5, 2e5, 2.5e5]), [0, 0.5e-5, 1e-5, 0.5e-5], rtol=TIGHT, atol=0)
    assert s.rate_density(2e5) == pytest.approx(2.5e10 * 1e-5, rel=TIGHT)
    assert "component_0" in s.describe()


def test_tritium_activity_per_gram():
    independent = math.log(2) / HALF_LIFE_S * 1e-3 / (M_3H_U * U_KG)   # Bq per gram
    a = cevas.tritium_activity_from_mass(1e-3)
    assert a == pytest.approx(independent, rel=1e-8)
    assert a / CI / 1e3 == pytest.approx(9.6, abs=0.05)    # "about 9.6 kCi per gram"
    assert a / CI / 1e3 == pytest.approx(9.62, abs=0.005)  # docs/sources.md: 9.6208 kCi
    s = cevas.tritium_source(mass_kg=1e-3)
    assert s.total_rate == pytest.approx(a, rel=TIGHT)
    assert cevas.tritium_mass_from_activity(a) == pytest.approx(1e-3, rel=TIGHT)
    # The activity form gives the same source strength.
    assert cevas.tritium_source(activity_Bq=a).total_rate == pytest.approx(a, rel=EXACT)
    # Mean energy: "about 12.9 keV"; spectrum ends at Q with a finite step.
    assert s.mean_energy() == pytest.approx(12.9e3, abs=0.1e3)
    assert s.density(Q_TRITIUM) > 0 and s.density(Q_TRITIUM * (1 + 1e-9)) == 0
    d = s.describe()
    assert d["source"] == "tritium" and all(isinstance(v, str) for v in d.values())


def test_line_sources():
    cr = cevas.electron_capture_source("cr51", 1e15)
    assert all(c["kind"] == "line" and c["flavor"] == "e" and not c["antineutrino"] for c in cr.components)
    assert sum(c["rate_per_s"] for c in cr.components) == pytest.approx(1e15, rel=TIGHT)
    assert cr.total_rate == pytest.approx(1e15, rel=TIGHT)
    assert max(c["energy_eV"] for c in cr.components) == pytest.approx(751.76e3, abs=10)
    ar = cevas.electron_capture_source("Ar37", 1e15)
    assert [round(c["branching"], 3) for c in ar.components] == [0.902, 0.098]
    assert [c["label"] for c in cevas.electron_capture_lines("cr51")] == [c["label"] for c in cr.components]
    line = cevas.line_source(862e3, "e", False, 3e12, name="7Be")
    assert line.name == "7Be" and line.total_rate == pytest.approx(3e12, rel=EXACT)
    assert line.rate(flavor="e", antineutrino=False) == pytest.approx(3e12, rel=EXACT)
    assert line.rate(flavor="e", antineutrino=True) == 0.0
    assert line.max_energy == 862e3
    with pytest.raises(cevas.InvalidArgument, match="component"):
        line.density(1e5)


def test_pion_dar_and_reactor():
    s = cevas.pion_dar_source(1e15, 0.08)
    kinds = [(c["kind"], c["flavor"], c["antineutrino"]) for c in s.components]
    assert kinds == [("line", "mu", False), ("continuum", "e", False), ("continuum", "mu", True)]
    assert s.total_rate == pytest.approx(3 * 1e15 * 0.08, rel=TIGHT)
    # (m_pi^2 - m_mu^2) / (2 m_pi) with PDG 2024 masses.
    m_pi, m_mu = 139.57039e6, 105.6583755e6
    assert s.components[0]["energy_eV"] == pytest.approx((m_pi**2 - m_mu**2) / (2 * m_pi), rel=TIGHT)
    with pytest.raises(cevas.InvalidArgument, match="component"):
        s.density(1e7)  # two continua: the component must be chosen
    assert cevas.proton_rate_from_beam(1.4e6, 1e9) == pytest.approx(1.4e6 / (1e9 * 1.602176634e-19), rel=TIGHT)
    r1, r3 = cevas.reactor_source(1e9), cevas.reactor_source(3e9)
    assert r3.total_rate == pytest.approx(3 * r1.total_rate, rel=TIGHT)
    assert r1.components[0]["antineutrino"] and r1.components[0]["flavor"] == "e"


# --------------------------------------------------------------------------------------------
# Geometry and EventRate
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def he4():
    return cevas.CrossSection("He4")


@pytest.fixture(scope="module")
def tritium():
    return cevas.tritium_source(mass_kg=1e-3)


def test_point_geometry():
    g = cevas.point_geometry(2.0)
    assert g.flux_factor_per_cm2 == pytest.approx(1 / (4 * math.pi * 200.0**2), rel=TIGHT)
    assert g.flux_factor_per_m2 == pytest.approx(1 / (4 * math.pi * 4.0), rel=TIGHT)
    np.testing.assert_allclose(g.baselines_m, [2.0], rtol=TIGHT)
    np.testing.assert_array_equal(g.weights, [1.0])


def test_cylinder_geometry():
    g = cevas.cylinder_geometry(0.5, 1.0, inner_radius_m=0.05)
    assert g.weights.sum() == pytest.approx(1.0, rel=TIGHT)
    assert np.all(g.weights > 0)
    half_diagonal = math.hypot(0.5, 0.5)
    assert np.all((g.baselines_m >= 0.05 * (1 - TIGHT)) & (g.baselines_m <= half_diagonal * (1 + TIGHT)))
    # Closer on average than the farthest wall, farther than the dead sphere.
    assert 1 / (4 * math.pi * half_diagonal**2) < g.flux_factor_per_m2 < 1 / (4 * math.pi * 0.05**2)
    assert cevas.cylinder_volume(0.5, 1.0) == pytest.approx(math.pi * 0.25, rel=TIGHT)
    assert g.describe()["tank_radius_m"] == "0.5"


def test_event_rate_inverse_square(he4, tritium):
    n = cevas.atoms_in_mass(1.0, he4.mass)
    assert n == pytest.approx(1.0 / (he4.mass * 1.602176634e-19 / 299792458.0**2), rel=TIGHT)
    r1 = cevas.EventRate(he4, tritium, cevas.point_geometry(1.0), n, oscillations=False)
    r3 = cevas.EventRate(he4, tritium, cevas.point_geometry(3.0), n, oscillations=False)
    t = np.geomspace(1e-4, 0.99, 60) * r1.t_max
    a1, a3 = r1.differential(t), r3.differential(t)
    np.testing.assert_allclose(a1, 9.0 * a3, rtol=TIGHT)
    # Positive below T_max (no grid point sits exactly on the dip), zero above; scalar = array.
    assert np.all(a1 > 0)
    assert r1.differential(r1.t_max * 1.01) == 0.0
    assert isinstance(r1.differential(float(t[3])), float)
    assert r1.differential(float(t[3])) == pytest.approx(a1[3], rel=EXACT)
    assert r1.differential(t.reshape(6, 10)).shape == (6, 10)
    # Linear in the number of atoms; one species for tritium.
    r2 = cevas.EventRate(he4, tritium, cevas.point_geometry(1.0), 2 * n, oscillations=False)
    np.testing.assert_allclose(r2.differential(t), 2 * a1, rtol=TIGHT)
    assert r1.n_species == len(tritium.components) == 1
    np.testing.assert_allclose(r1.differential(t, species=0), a1, rtol=EXACT)
    # Oscillations over 1 m: a small change of most of the spectrum (they fill the dip, where
    # the relative change is large), never a sign change.
    osc = cevas.EventRate(he4, tritium, cevas.point_geometry(1.0), n).differential(t)
    assert np.all(osc > 0) and np.median(np.abs(osc / a1 - 1)) < 0.05
    assert not np.allclose(osc, a1, rtol=MODEL, atol=0)


def test_event_rate_against_numpy_folding(he4, tritium):
    """dN/dT = N R <1/4 pi r^2> int dE rho(E) dsigma/dT(E, T): units at the boundary."""
    n, d = 1e25, 1.0
    r = cevas.EventRate(he4, tritium, cevas.point_geometry(d), n, oscillations=False)
    flux = tritium.total_rate / (4 * math.pi * (100 * d) ** 2)   # per cm^2 per s
    for t in (1e-3, 8e-3, 0.05):
        e = np.linspace(he4.e_min(t), Q_TRITIUM, 2001)
        dsigma = np.array([he4.dsigma_dT(x, t, flavor="e", antineutrino=True) for x in e])  # cm^2/eV
        expected = n * flux * trapezoid(tritium.density(e) * dsigma, e)               # 1/(eV s)
        assert r.differential(t) == pytest.approx(expected, rel=QUADRATURE)


def test_event_rate_keeps_cross_section_alive(tritium):
    geo = cevas.point_geometry(1.0)
    rate = cevas.EventRate(cevas.CrossSection("He4"), tritium, geo, 1e25)
    gc.collect()
    reference = cevas.EventRate(cevas.CrossSection("He4"), tritium, geo, 1e25)
    t = np.geomspace(1e-3, 0.1, 7)
    np.testing.assert_allclose(rate.differential(t), reference.differential(t), rtol=EXACT)


def test_event_rate_threads(he4, tritium):
    """The array path releases the GIL; concurrent calls give the serial result."""
    r = cevas.EventRate(he4, tritium, cevas.cylinder_geometry(0.5, 1.0), 1e25)
    grids = [np.geomspace(1e-4, 0.12, 2000) * (1 + 0.01 * k) for k in range(8)]
    serial = [r.differential(g) for g in grids]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(r.differential, grids))
    for a, b in zip(serial, parallel):
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------------------------
# bin_counts
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rate(he4, tritium):
    r = cevas.EventRate(he4, tritium, cevas.point_geometry(1.0), cevas.atoms_in_mass(1.0, he4.mass))
    # Constant activity in these tests of the detector folding; the decay of the source during
    # the exposure is tested in test_package.py.
    r.half_life_s = None
    return r


def test_bin_counts_totals(rate):
    year = 365.25 * 86400
    edges = np.linspace(0.0, 0.12, 25)
    c = cevas.bin_counts(rate, year, edges, threshold_eV=0.002)
    assert set(c) == {"edges_eV", "signal", "background", "total_signal", "total_background",
                      "exposure_s", "half_life_s", "effective_exposure_s", "warnings"}
    np.testing.assert_allclose(c["edges_eV"], edges, rtol=EXACT)
    assert c["signal"].shape == (24,) and c["warnings"] == []
    assert c["total_signal"] == pytest.approx(c["signal"].sum(), rel=TIGHT)
    assert c["total_background"] == 0.0
    assert c["signal"][0] > 0 and np.all(c["signal"] >= 0)
    # Perfect resolution: the sum is the exposure times the integral of dN/dT above threshold.
    t = np.linspace(0.002, 0.12, 100_001)
    assert c["total_signal"] == pytest.approx(year * trapezoid(rate.differential(t), t), rel=QUADRATURE)


def test_bin_counts_detector_response(rate):
    exposure = 1e7
    edges = np.linspace(0.001, 0.15, 31)
    base = cevas.bin_counts(rate, exposure, edges)
    # A constant efficiency table scales the signal exactly.
    half = cevas.bin_counts(rate, exposure, edges, efficiency=([0.0, 1.0], [0.5, 0.5]))
    np.testing.assert_allclose(half["signal"], 0.5 * base["signal"], rtol=TIGHT)
    np.testing.assert_allclose(cevas.bin_counts(rate, exposure, edges, efficiency=0.5)["signal"],
                               half["signal"], rtol=TIGHT)
    # Flat background: B * bin width * exposure, only above threshold.
    b = 0.3
    bg = cevas.bin_counts(rate, exposure, edges, threshold_eV=0.011, background_per_eV_per_s=b)
    widths = np.diff(np.maximum(edges, 0.011))
    np.testing.assert_allclose(bg["background"], b * widths * exposure, rtol=TIGHT, atol=0)
    assert bg["total_background"] == pytest.approx(bg["background"].sum(), rel=TIGHT)
    # Gaussian smearing moves events between bins; with bins covering [0, 2 T_max] the only loss
    # is the part reconstructed below 0: exposure * integral dN/dT(T) Phi(-T / sigma(T)) dT.
    wide = np.linspace(0.0, 2 * rate.t_max, 41)
    sharp = cevas.bin_counts(rate, exposure, wide)
    smeared = cevas.bin_counts(rate, exposure, wide, resolution_rel=0.1, resolution_abs_eV=1e-4,
                               panels_per_bin=4)
    t = np.concatenate([np.linspace(1e-9, 2e-3, 200_001), np.linspace(2e-3, rate.t_max, 20_001)[1:]])
    sigma = np.hypot(1e-4, 0.1 * t)
    below = 0.5 * scipy.special.erfc(t / (sigma * np.sqrt(2.0)))
    loss = exposure * trapezoid(rate.differential(t) * below, t)
    assert loss > 0
    assert smeared["total_signal"] == pytest.approx(sharp["total_signal"] - loss, rel=1e-5)
    assert not np.allclose(smeared["signal"], sharp["signal"], rtol=MODEL, atol=0)


def test_bin_counts_threshold_above_endpoint(rate):
    with pytest.warns(UserWarning, match="threshold"):
        c = cevas.bin_counts(rate, 1e7, [1.0, 2.0, 3.0], threshold_eV=1.0)
    assert c["total_signal"] == 0.0 and len(c["warnings"]) == 1


# --------------------------------------------------------------------------------------------
# Bad input: ValueError (cevas.InvalidArgument) naming the field
# --------------------------------------------------------------------------------------------

def bad_calls(rate, he4, tritium):
    edges = [0.001, 0.01, 0.1]
    return [
        ("activity_Bq", lambda: cevas.tritium_source(activity_Bq=-1.0)),
        ("mass_kg", lambda: cevas.tritium_source(mass_kg=0.0)),
        ("activity_Bq, mass_kg", lambda: cevas.tritium_source()),
        ("activity_Bq, mass_kg", lambda: cevas.tritium_source(activity_Bq=1.0, mass_kg=1.0)),
        ("fermi_function", lambda: cevas.tritium_source(activity_Bq=1.0, fermi_function="exact")),
        ("isotope", lambda: cevas.electron_capture_source("Ga71", 1e10)),
        ("activity_Bq", lambda: cevas.electron_capture_source("cr51", float("nan"))),
        ("energy_eV", lambda: cevas.line_source(-1.0, "e", False, 1.0)),
        ("flavor", lambda: cevas.line_source(1e5, "sterile", False, 1.0)),
        ("rate_per_s", lambda: cevas.line_source(1e5, "e", False, 0.0)),
        ("pions_per_proton", lambda: cevas.pion_dar_source(1e15, -0.1)),
        ("thermal_power_W", lambda: cevas.reactor_source(0.0)),
        ("fission_fractions", lambda: cevas.reactor_source(3e9, fission_fractions=[0.5, 0.1, 0.1, 0.1])),
        ("fission_fractions", lambda: cevas.reactor_source(3e9, fission_fractions=[1.0, 0.0])),
        ("component", lambda: tritium.density(1e3, 3)),
        ("distance_m", lambda: cevas.point_geometry(0.0)),
        ("radius_m", lambda: cevas.cylinder_geometry(-1.0, 1.0)),
        ("inner_radius", lambda: cevas.cylinder_geometry(1.0, 1.0, inner_radius_m=2.0)),
        ("n_atoms", lambda: cevas.EventRate(he4, tritium, cevas.point_geometry(1.0), 0.0)),
        ("mass_kg", lambda: cevas.atoms_in_mass(-1.0, 1e9)),
        ("t = ", lambda: rate.differential([-1e-3])),
        ("t", lambda: rate.differential("abc")),
        ("species", lambda: rate.differential(1e-3, species=1)),
        ("exposure_s", lambda: cevas.bin_counts(rate, -1.0, edges)),
        ("edges_eV", lambda: cevas.bin_counts(rate, 1.0, [0.1, 0.01])),
        ("edges_eV", lambda: cevas.bin_counts(rate, 1.0, [0.1])),
        ("threshold_eV", lambda: cevas.bin_counts(rate, 1.0, edges, threshold_eV=-1.0)),
        ("efficiency", lambda: cevas.bin_counts(rate, 1.0, edges, efficiency=[0.5, 0.6])),
        ("efficiency", lambda: cevas.bin_counts(rate, 1.0, edges, efficiency=1.5)),
        ("efficiency", lambda: cevas.bin_counts(rate, 1.0, edges, efficiency=([0.0, 0.1], [0.5, 2.0]))),
        ("background_per_eV_per_s", lambda: cevas.bin_counts(rate, 1.0, edges, background_per_eV_per_s=-1.0)),
        ("background_per_eV_per_s",
         lambda: cevas.bin_counts(rate, 1.0, edges, background_per_eV_per_s=([0.0, 0.1], [1.0, -1.0]))),
        ("resolution_rel", lambda: cevas.bin_counts(rate, 1.0, edges, resolution_rel=-0.1)),
        ("species", lambda: cevas.bin_counts(rate, 1.0, edges, species=2)),
    ]


def test_bad_input_names_the_field(rate, he4, tritium):
    for field, call in bad_calls(rate, he4, tritium):
        with pytest.raises(ValueError) as info:
            call()
        assert isinstance(info.value, cevas.InvalidArgument), (field, info.value)
        assert field in str(info.value), (field, str(info.value))


def test_malformed_spectrum_file(tmp_path):
    path = tmp_path / "no_units.txt"
    path.write_text("# spectrum_unit = per_MeV\n100 0\n200 1\n")
    with pytest.raises(cevas.DataError, match="energy_unit"):
        cevas.tabulated_source(str(path), 1.0, flavor="e", antineutrino=True)
    with pytest.raises(cevas.DataError, match="cannot be opened"):
        cevas.tabulated_source(str(tmp_path / "missing.txt"), 1.0, flavor="e", antineutrino=True)
