"""spectrum_omega.png: run_plots.make_plots draws it when spectrum.csv has a deposited-energy
spectrum (omega_eV, dN_domega_<scenario>_per_eV_per_s), and not otherwise."""

import os

import numpy as np

from cevas import deposited_plots, run_plots


def _write(path, with_omega):
    t = np.geomspace(1e-4, 0.19, 50)
    cols = ["recoil_eV", "dN_dT_sm_per_eV_per_s", "dN_dT_no_electrons_per_eV_per_s"]
    data = [t, 1e-3 * np.exp(-t / 0.05), 2e-3 * np.exp(-t / 0.05)]
    if with_omega:
        cols += ["omega_eV", "dN_domega_sm_per_eV_per_s", "dN_domega_no_electrons_per_eV_per_s"]
        data += [t, 1.1e-3 * np.exp(-t / 0.05), 2.1e-3 * np.exp(-t / 0.05)]
    with open(path, "w") as f:
        f.write("# medium = superfluid_he4\n# threshold_eV = 0.001\n")
        f.write(",".join(cols) + "\n")
        for row in np.array(data).T:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def _write_counts(path):
    with open(path, "w") as f:
        f.write("bin_low_eV,bin_high_eV,background,counts_sm\n0.001,0.01,0,1.5\n0.01,0.1,0,2.5\n")


def test_figure_only_with_a_medium(tmp_path):
    for with_omega in (True, False):
        d = tmp_path / str(with_omega)
        d.mkdir()
        _write(d / "spectrum.csv", with_omega)
        _write_counts(d / "counts.csv")
        written = run_plots.make_plots(d)
        png = d / "spectrum_omega.png"
        assert (str(png) in written) == with_omega
        assert png.exists() == with_omega
        if with_omega:
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert deposited_plots.has_deposited(run_plots.read_table(d / "spectrum.csv"))
