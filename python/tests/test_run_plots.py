"""python/cevas/run_plots.py: the figures of a `cevas run` output folder, from fake CSV files
in the documented format (no compiled extension needed; the script is also run as a script with
PYTHONPATH cleared)."""

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO_ROOT

SCRIPT = os.path.join(REPO_ROOT, "python", "cevas", "run_plots.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load_run_plots():
    """The module from the source tree, without importing the `cevas` package (no extension)."""
    spec = importlib.util.spec_from_file_location("run_plots_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


run_plots = load_run_plots()


# --------------------------------------------------------------------------------------------
# Fixture generator: CSV files as `cevas run` writes them (shapes only loosely physical)
# --------------------------------------------------------------------------------------------

def fake_spectra(t_ev, names):
    """dN/dT [events/(eV s)] per scenario: a CEvNS plateau falling to 0 at T_max, the SM with a
    zero at the dip (8.6 meV), NSI raising it, a magnetic moment growing at low T."""
    t_max, dip = 0.1205, 0.0086
    kin = np.clip(1 - t_ev / t_max, 0, None) ** 2
    cevns = 3e-11 * kin
    sm = cevns * ((t_ev - dip) / (t_ev + dip)) ** 2
    out = {"sm": sm, "no_electrons": cevns}
    extra = {
        "nsi": 1.4 * sm + 0.05 * cevns,
        "magnetic_moment": sm + 2e-14 / t_ev * (t_ev / (t_ev + 0.003)) ** 2 * (t_ev < t_max),
        "millicharge": 1.3 * sm,
        "all_zero": np.zeros_like(t_ev),
    }
    for i, name in enumerate(names):
        if name not in out:
            out[name] = extra.get(name, (1 + 0.1 * (i + 1)) * sm)
    return {n: out[n] for n in names}


def write_run(outdir, *, names=("sm", "no_electrons", "nsi", "magnetic_moment"), meta=None,
              n_points=300, n_bins=24, background=2e-6):
    """Write spectrum.csv and counts.csv into outdir; return the metadata used."""
    os.makedirs(outdir, exist_ok=True)
    metadata = {"run_name": "saturne_test", "target": "He4", "source": "tritium 10 MCi",
                "exposure_s": str(3 * 365.25 * 86400), "threshold_eV": "0.002"}
    if meta is not None:
        metadata = meta
    header = "".join(f"# {k} = {v}\n" for k, v in metadata.items())
    header += "# a free comment line\n"
    # Spectrum: includes T = 0 and T beyond T_max (zeros) to exercise masking on log axes.
    t = np.concatenate([[0.0], np.geomspace(1e-4, 0.13, n_points - 1)])
    spectra = fake_spectra(np.where(t > 0, t, 1e-12), list(names))
    with open(os.path.join(outdir, "spectrum.csv"), "w") as f:
        f.write(header)
        f.write(",".join(["recoil_eV"] + [f"dN_dT_{n}_per_eV_per_s" for n in names]) + "\n")
        for i, ti in enumerate(t):
            f.write(",".join([f"{ti:.9g}"] + [f"{spectra[n][i]:.9g}" for n in names]) + "\n")
    # Counts: linear bins, expected events = dN/dT * width * exposure (midpoint), some zero bins.
    edges = np.linspace(0.002, 0.14, n_bins + 1)
    mid = 0.5 * (edges[:-1] + edges[1:])
    rates = fake_spectra(mid, list(names))
    exposure = float(metadata.get("exposure_s", 1e8))
    with open(os.path.join(outdir, "counts.csv"), "w") as f:
        f.write(header)
        f.write(",".join(["bin_low_eV", "bin_high_eV", "background"] + [f"counts_{n}" for n in names]) + "\n")
        for i in range(n_bins):
            row = [edges[i], edges[i + 1], background] + [rates[n][i] * (edges[i + 1] - edges[i]) * exposure
                                                          for n in names]
            f.write(",".join(f"{v:.9g}" for v in row) + "\n")
    return metadata


def assert_png(path):
    assert os.path.isfile(path)
    with open(path, "rb") as f:
        assert f.read(8) == PNG_SIGNATURE
    assert os.path.getsize(path) > 10_000  # axes, curves and legend drawn, not an empty canvas


# --------------------------------------------------------------------------------------------

def test_read_table(tmp_path):
    meta = write_run(tmp_path)
    table = run_plots.read_table(tmp_path / "spectrum.csv")
    assert table.metadata == meta
    assert table.columns[0] == "recoil_eV"
    assert table.column("recoil_eV").shape == (300,)
    found = run_plots.scenarios(table.columns, run_plots._SPECTRUM_COLUMN)
    assert [n for n, _ in found] == ["sm", "no_electrons", "nsi", "magnetic_moment"]
    counts = run_plots.read_table(tmp_path / "counts.csv")
    assert [n for n, _ in run_plots.scenarios(counts.columns, run_plots._COUNTS_COLUMN)] == \
        ["sm", "no_electrons", "nsi", "magnetic_moment"]


def test_make_plots(tmp_path):
    write_run(tmp_path)
    paths = run_plots.make_plots(tmp_path)
    assert [os.path.basename(p) for p in paths] == ["spectrum.png", "counts.png"]
    for p in paths:
        assert_png(p)


def test_script_runs_without_the_extension(tmp_path):
    write_run(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    result = subprocess.run([sys.executable, SCRIPT, str(tmp_path), "--rate-unit", "eV-s", "--dpi", "80"],
                            cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "spectrum.png" in result.stdout and "counts.png" in result.stdout
    assert_png(tmp_path / "spectrum.png")
    assert_png(tmp_path / "counts.png")


@pytest.mark.parametrize("names", [
    ("sm",),                                     # only the SM
    ("no_electrons", "all_zero"),                # no SM; a scenario that is zero everywhere
    ("nsi", "sm", "custom_1", "no_electrons"),   # any order: sm and no_electrons drawn first
    tuple(["sm", "no_electrons"] + [f"scenario_{i}" for i in range(12)]),  # more than the colours
])
def test_any_scenarios(tmp_path, names):
    write_run(tmp_path, names=names)
    for p in run_plots.make_plots(tmp_path, dpi=60):
        assert os.path.isfile(p)


def test_without_metadata_and_background(tmp_path):
    write_run(tmp_path, meta={}, background=0.0, n_bins=3, n_points=5)
    for p in run_plots.make_plots(tmp_path, dpi=60):
        assert os.path.isfile(p)


def test_errors(tmp_path):
    write_run(tmp_path)
    os.remove(tmp_path / "counts.csv")
    with pytest.raises(FileNotFoundError, match="counts.csv"):
        run_plots.make_plots(tmp_path)
    assert os.path.isfile(tmp_path / "spectrum.png")  # the other figure is still drawn
    assert run_plots.main([str(tmp_path)]) == 1
    bad = tmp_path / "spectrum.csv"
    bad.write_text("# run_name = x\nrecoil_eV,dN_dT_sm_per_eV_per_s\n0.001,1e-11\n0.002\n")
    with pytest.raises(ValueError, match=r"spectrum.csv:4: 1 fields"):
        run_plots.read_table(bad)
    bad.write_text("recoil_eV,dN_dT_sm_per_eV_per_s\n0.001,abc\n")
    with pytest.raises(ValueError, match="not a number"):
        run_plots.read_table(bad)
    bad.write_text("# only = metadata\n")
    with pytest.raises(ValueError, match="no header"):
        run_plots.read_table(bad)
    with pytest.raises(ValueError, match="rate_unit"):
        run_plots.plot_spectrum(run_plots.Table(path="x", columns=["recoil_eV"],
                                                data={"recoil_eV": np.ones(2)}),
                                tmp_path / "x.png", rate_unit="furlongs")


def test_importable_from_the_package():
    cevas = pytest.importorskip("cevas")
    from cevas import run_plots as packaged
    assert packaged.RATE_UNITS.keys() == run_plots.RATE_UNITS.keys()
    assert cevas.__name__ == "cevas"
