"""Issue 11: the documented input ranges (docs/limits.md) live in the library, so Python gets
them too: no NaN or infinity comes back, out-of-range inputs raise InvalidArgument naming the
field (Python error types themselves are issue 11's "Python" item, done elsewhere)."""
import math

import numpy as np
import pytest

from cevas import _core


@pytest.fixture(scope="module")
def xs():
    return _core.CrossSection("He4", _core.Parameters())


def test_t_max_refuses_energies_outside_the_range(xs):
    with pytest.raises(Exception, match=r"e_nu = 1e\+308 eV: outside the accepted range"):
        xs.t_max(1e308)
    assert math.isfinite(xs.t_max(15e3))


@pytest.mark.parametrize("t", [1e-320, 5e-324, 1e300])
def test_denormal_or_huge_recoil_is_refused(xs, t):
    with pytest.raises(Exception, match="t_recoil"):
        xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True)
    with pytest.raises(Exception, match="t_recoil"):
        xs.dsigma_dT(15e3, np.array([1e-3, t]), flavor="e", antineutrino=True)


def test_zero_recoil_and_the_range_ends_are_finite(xs):
    out = xs.dsigma_dT(15e3, np.array([0.0, 1e-12, 1e-3]), flavor="e", antineutrino=True)
    assert np.all(np.isfinite(out))
