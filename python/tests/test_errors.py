"""Errors reach Python as exceptions carrying the library's "field = value: reason" message."""

import numpy as np
import pytest

import cevas


def test_hierarchy():
    assert issubclass(cevas.InvalidArgument, cevas.Error)
    assert issubclass(cevas.InvalidArgument, ValueError)
    assert issubclass(cevas.RangeError, ValueError)
    for cls in (cevas.DataError, cevas.ConfigError, cevas.NumericalError):
        assert issubclass(cls, cevas.Error)
    assert issubclass(cevas.Error, Exception)


@pytest.mark.parametrize("action, field", [
    (lambda: cevas.Parameters(sin2_theta_ww=0.2), "sin2_theta_ww"),
    (lambda: cevas.Parameters(atomic_form_factor="slater"), "atomic_form_factor"),
    (lambda: cevas.Parameters(ordering="normalish"), "ordering"),
    (lambda: cevas.Parameters(coupling_scheme="loop"), "coupling_scheme"),
    (lambda: cevas.Parameters(nsi={"vector.quark.ee": 0.1}), "nsi.vector level"),
    (lambda: cevas.Parameters(nsi={"vector.nucleus.ex": 0.1}), "nsi.vector.nucleus"),
    (lambda: cevas.Parameters(nsi={"vectr.nucleus.ee": 0.1}), "nsi structure"),
    (lambda: cevas.Parameters().set_nsi("vector", "e", "ee", 0.1j), "nsi.vector.e.ee"),
    (lambda: cevas.Parameters().set_nsi("vector", "e", "ee", "0.1+x"), "nsi.vector.e.ee"),
    (lambda: cevas.Parameters(magnetic_moment=np.ones((2, 2))), "magnetic_moment"),
    (lambda: cevas.make_target("Xx99"), "target"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(-1.0, 0.01, flavor="e", antineutrino=True), "e_nu"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(15e3, [0.01, -1.0], flavor="e", antineutrino=True),
     "t[1]"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(15e3, 0.01, flavor="x", antineutrino=True), "flavor"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(15e3, 0.01, flavor="e", antineutrino=True,
                                                 baseline=-1.0), "baseline"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(15e3, [0.01], flavor="e", antineutrino=True,
                                                 baseline=[1.0, 2.0], weights=[1.0]), "weights"),
    (lambda: cevas.CrossSection("He4", cevas.Parameters(sin2_theta_w=1.5)), "sin2_theta_w"),
    (lambda: cevas.CrossSection("C12", cevas.Parameters(atomic_form_factor="gauss6")), "gauss6"),
    (lambda: cevas.Parameters(sin2_theta_w="x"), "sin2_theta_w"),
    (lambda: cevas.Parameters(gv_proton=[0.1, 0.2]), "gv_proton"),
    (lambda: cevas.Parameters(nsi=[0.1]), "nsi"),
    (lambda: cevas.CrossSection("He4").dsigma_dT(15e3, "abc", flavor="e", antineutrino=True), "t"),
    (lambda: cevas.AtomicFormFactor("hubbell", 2)(-1.0), "q"),
    (lambda: cevas.oscillation_probability("e", "mu", 0.0, 1.0, antineutrino=True), "e_nu"),
])
def test_invalid_input_raises_value_error_naming_the_field(action, field):
    with pytest.raises(ValueError) as info:
        action()
    assert isinstance(info.value, cevas.Error)
    assert field in str(info.value)


def test_non_hermitian_matrix_message_comes_from_the_library():
    m = np.zeros((3, 3), complex)
    m[0, 1] = 0.1
    with pytest.raises(cevas.InvalidArgument,
                       match=r"nsi\.vector\.nucleus\.emu = 0\.1: matrix is not hermitian"):
        cevas.Parameters().set_nsi("vector", "nucleus", m)
    with pytest.raises(ValueError, match="millicharge"):
        cevas.Parameters(millicharge=m)


def test_explicit_particle_choice_is_required():
    xs = cevas.CrossSection("He4")
    with pytest.raises(TypeError):
        xs.dsigma_dT(15e3, 0.01, flavor="e")  # antineutrino must be given
