"""The stats bindings (issue 8): templates as arrays reproduce the expected counts, the profiled
chi^2 against an independent NumPy Poisson chi^2, a limit whose Delta chi^2 crossing is checked
against the templates evaluated here, scans identical for any thread count, significance against
a NumPy chi^2 of the two hypotheses' counts, deterministic toys, bad input.

Reference values: scipy.stats.chi2 for the thresholds; everything else is recomputed here in NumPy
from the arrays the model exposes (templates, expected counts), not by the functions under test.
"""

import math
import os

import numpy as np
import pytest
from scipy.stats import chi2 as chi2_dist

import cevas

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SATURNE = os.path.join(ROOT, "examples", "saturne.toml")


def saturne_config(tmp_path, extra=""):
    text = open(SATURNE).read()
    text = text[: text.index("[[scenario]]")] + "\n" + extra
    p = tmp_path / "config.toml"
    p.write_text(text)
    return str(p)


def poisson_chi2(n, mu):
    n = np.asarray(n, float)
    mu = np.asarray(mu, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(n > 0, n * np.log(n / mu), 0.0)
    return float(np.sum(2 * (mu - n + term)))


def monomials(x):
    x = np.asarray(x, float)
    out = [1.0, *x]
    for i in range(len(x)):
        for j in range(i, len(x)):
            out.append(x[i] * x[j])
    return np.array(out)


def test_chi2_quantiles_match_scipy():
    for dof in (1, 2, 3):
        for cl in (0.68, 0.9, 0.95):
            assert cevas.chi2_quantile(cl, dof) == pytest.approx(chi2_dist.ppf(cl, dof), rel=1e-12)
    assert cevas.chi2_quantile_boundary(0.9) == pytest.approx(chi2_dist.ppf(0.8, 1), rel=1e-12)
    with pytest.raises(cevas.InvalidArgument, match="cl"):
        cevas.chi2_quantile(1.5)


def test_templates_as_arrays_give_expected_counts(tmp_path):
    m = cevas.StatsModel(saturne_config(tmp_path), ["nucleus.ee", "e.emu.im"])
    t = m.templates
    assert t["names"] == ["nucleus.ee", "e.emu.im"]
    assert t["signal"].shape == (6, 46)
    theta = np.array([0.13, -0.4])
    mine = monomials(theta - t["centers"]) @ t["signal"] + t["background"]
    np.testing.assert_allclose(m.expected(theta), mine, rtol=1e-13)
    # Asimov data of the configured physics = the template at theta = 0.
    np.testing.assert_allclose(m.data, m.expected([0.0, 0.0]), rtol=1e-10)


def test_profiled_chi2_without_nuisances_is_numpy_poisson(tmp_path):
    m = cevas.StatsModel(saturne_config(tmp_path), ["nucleus.ee", "nucleus.emu"])
    pts = np.array([[0.0, 0.0], [0.05, -0.1], [-0.2, 0.3]])
    c = m.chi2(pts)
    for p, v in zip(pts, c):
        assert v == pytest.approx(poisson_chi2(m.data, m.expected(p)), rel=1e-10, abs=1e-10)


def test_profiling_lowers_chi2_with_nuisances(tmp_path):
    cfg = saturne_config(tmp_path, "[statistics.nuisances]\nsource_activity = 0.1\n")
    m = cevas.StatsModel(cfg, ["nucleus.ee"])
    assert m.nuisances == {"source_activity": 0.1}
    theta = [0.05]
    prof = m.chi2(theta)[0]
    # Any fixed normalisation gives a chi^2 (data + penalty) at least as large.
    for nu in np.linspace(-0.2, 0.2, 41):
        fixed = poisson_chi2(m.data, m.expected(theta, [nu])) + (nu / 0.1) ** 2
        assert fixed >= prof - 1e-9


def test_limit_crossing_and_fields(tmp_path):
    m = cevas.StatsModel(saturne_config(tmp_path), ["magnetic_moment"])
    r = m.limit(cl=0.9)
    assert r["parameter"] == "magnetic_moment" and r["unit"] == "mu_B"
    assert r["lower"] is None and r["upper"] > 0
    assert r["allowed_regions"] == 1
    # At the upper limit the NumPy Poisson chi^2 of the template counts is the 90 % threshold.
    d = poisson_chi2(m.data, m.expected([r["upper"]]))
    assert d == pytest.approx(chi2_dist.ppf(0.9, 1), rel=1e-7)


def test_scan_threads_identical_and_best_fit(tmp_path):
    m = cevas.StatsModel(saturne_config(tmp_path, "[statistics.nuisances]\nexposure = 0.05\n"),
                         ["nucleus.ee=-0.2:0.2:41", "nucleus.emu=-0.4:0.4:31"])
    a = m.scan(threads=1)
    b = m.scan(threads=2)
    assert a["delta_chi2"].shape == (41, 31)
    assert np.array_equal(a["delta_chi2"], b["delta_chi2"])
    assert a["best_fit"] == pytest.approx([0.0, 0.0], abs=1e-12)
    assert a["delta_chi2"].min() == 0.0


def test_significance_matches_numpy(tmp_path):
    cfg = saturne_config(tmp_path)
    s = cevas.significance(cfg, "no_electrons")
    # Counts of both hypotheses from the two models' own expected counts (no parameters).
    null = cevas.StatsModel(cfg)
    assert s["significance_sigma"] == pytest.approx(math.sqrt(s["delta_chi2"]), rel=1e-14)
    assert s["expected_total_hypothesis"] == pytest.approx(float(np.sum(null.data)), rel=1e-12)
    assert s["expected_total_alternative"] > s["expected_total_hypothesis"]
    assert s["delta_chi2"] > 0


def test_toys_are_deterministic():
    mu = np.array([0.5, 3.0, 40.0, 1e4])
    a = cevas.toy_counts(mu, 7, 3)
    assert np.array_equal(a, cevas.toy_counts(mu, 7, 3))
    assert not np.array_equal(a, cevas.toy_counts(mu, 7, 4))
    assert np.all(a == np.floor(a))


def test_bad_input(tmp_path):
    cfg = saturne_config(tmp_path)
    with pytest.raises(cevas.InvalidArgument, match="parameters"):
        cevas.StatsModel(cfg, ["nucleus.xx"])
    with pytest.raises(cevas.InvalidArgument, match="axial.p.ee"):
        cevas.StatsModel(cfg, ["axial.p.ee"])
    m = cevas.StatsModel(cfg, ["nucleus.ee"])
    with pytest.raises(cevas.InvalidArgument, match="theta"):
        m.expected([0.1, 0.2])
    with pytest.raises(cevas.InvalidArgument, match="data"):
        m.chi2([0.1], data=[1.0, 2.0])
    with pytest.raises(cevas.InvalidArgument, match="method"):
        m.limit(method="bayes")
    with pytest.raises(cevas.InvalidArgument, match="alternative"):
        cevas.significance(cfg, "electrons_off")
