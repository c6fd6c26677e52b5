"""threads= on the array path (issue 10): identical numbers for every thread count."""

import numpy as np
import pytest

import cevas


def test_dsigma_dT_is_identical_for_any_thread_count():
    xs = cevas.CrossSection("Xe132", cevas.Parameters(atomic_form_factor="none",
                                                      nuclear_form_factor="helm"))
    t = np.linspace(10.0, 1600.0, 100_001)
    kw = dict(flavor="e", antineutrino=False)
    one = xs.dsigma_dT(10e6, t, threads=1, **kw)
    two = xs.dsigma_dT(10e6, t, threads=2, **kw)
    every = xs.dsigma_dT(10e6, t, **kw)  # default 0: every core
    np.testing.assert_array_equal(one, two)
    np.testing.assert_array_equal(one, every)
    # The array path against the scalar reference path, at a few points.
    for i in (0, 5000, 100_000):
        assert one[i] == pytest.approx(xs.dsigma_dT(10e6, float(t[i]), **kw), rel=1e-13)


def test_negative_threads_is_an_error():
    xs = cevas.CrossSection("He4", cevas.Parameters())
    with pytest.raises(cevas.InvalidArgument, match="threads"):
        xs.dsigma_dT(15e3, np.array([1e-3, 2e-3]), flavor="e", antineutrino=True, threads=-1)


def test_rates_and_bins_are_identical_for_any_thread_count():
    xs = cevas.CrossSection("He4", cevas.Parameters())
    src = cevas.tritium_source(activity_Bq=3.7e16)
    geo = cevas.cylinder_geometry(0.5, 1.0, source_offset_radial_m=0.2)
    t = np.linspace(1e-3, 0.18, 2001)
    edges = np.linspace(0.0, 0.19, 1001)
    results = []
    for threads in (1, 2):
        rate = cevas.EventRate(xs, src, geo, 1e26, threads=threads)
        counts = cevas.bin_counts(rate, 3.15e7, edges, resolution_abs_eV=1e-3,
                                  resolution_rel=0.05, threads=threads)
        results.append((rate.differential(t), counts["signal"]))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
