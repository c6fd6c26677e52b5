"""The whole tool from Python (issue 9): configs and runs against the CLI, source decay,
templates, broadcasting, output tables, argument errors, thread safety, stubs."""

import concurrent.futures
import math
import os
import shutil
import subprocess
import sys
import tomllib

import numpy as np
import pytest

import cevas
from conftest import REPO_ROOT, TIGHT

SATURNE = os.path.join(REPO_ROOT, "examples", "saturne.toml")


def cli_path():
    path = os.environ.get("CEVAS_CLI") or os.path.join(REPO_ROOT, "build", "bin", "cevas")
    if not os.access(path, os.X_OK):
        pytest.skip(f"the cevas CLI is not built ({path})")
    return path


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    subprocess.run([cli_path(), "run", SATURNE, "-o", str(out), "--no-plots", "-q"], check=True,
                   capture_output=True)
    return out


# -- load_config / run: the CLI's numbers to the last digit -----------------------------------


def test_run_gives_the_cli_numbers_bit_for_bit(cli_run, tmp_path):
    res = cevas.run(SATURNE, output=tmp_path / "py", plots=False)
    for name in ("spectrum.csv", "counts.csv", "spectrum.json", "counts.json"):
        cli = cevas.read_table(cli_run / name)
        py = cevas.read_table(tmp_path / "py" / name)
        assert cli.columns == py.columns
        assert np.array_equal(cli.data, py.data), name
        differing = {k for k in cli.metadata if cli.metadata[k] != py.metadata.get(k)}
        assert differing == {"command"}, differing
    counts = cevas.read_table(cli_run / "counts.csv")
    spectrum = cevas.read_table(cli_run / "spectrum.csv")
    for name in res.scenarios:
        assert np.array_equal(counts["counts_" + name], res.counts[name])
        assert np.array_equal(spectrum[f"dN_dT_{name}_per_eV_per_s"], res.spectra[name])
        assert res.totals[name] == float(counts.metadata["total_counts_" + name]) or math.isclose(
            res.totals[name], float(counts.metadata["total_counts_" + name]), rel_tol=1e-15)
    assert np.array_equal(counts["bin_low_eV"], res.bin_edges_eV[:-1])
    assert np.array_equal(spectrum["recoil_eV"], res.recoil_eV)


def test_run_results_carry_labels_half_life_and_effective_exposure():
    res = cevas.run(SATURNE)
    assert res.scenarios[:2] == ["sm", "no_electrons"]
    assert res.labels["nsi"].startswith("vector NSI")
    # 5 Julian years, tritium T1/2 = 4500 d (independent formula).
    t = 5 * 365.25 * 86400.0
    half = 4500 * 86400.0
    lam = math.log(2) / half
    assert res.exposure_s == pytest.approx(t, rel=1e-15)
    assert res.half_life_s == pytest.approx(half, rel=1e-15)
    assert res.effective_exposure_s == pytest.approx(-math.expm1(-lam * t) / lam, rel=1e-14)
    assert res.metadata["source_half_life_d"].startswith("4500")
    assert res.totals["sm"] == pytest.approx(113.66, abs=0.005)   # issue 9: `cevas run` 113.66


def test_config_edit_round_trip_and_python_built_config(tmp_path):
    cfg = cevas.load_config(SATURNE)
    assert cfg.resolved.scenarios == ["sm", "no_electrons", "nsi", "magnetic_moment"]
    text = cfg.to_toml()
    assert tomllib.loads(text) == cfg.data
    cfg2 = cevas.Config.from_toml(text)
    assert cfg2.data == cfg.data
    # Edits: one year instead of five; counts scale with the effective exposure.
    cfg["detector"]["exposure"] = "1y"
    cfg["source"]["decay_during_exposure"] = False
    one = cevas.run(cfg)
    cfg["detector"]["exposure"] = "2y"
    two = cevas.run(cfg)
    assert two.totals["sm"] == pytest.approx(2 * one.totals["sm"], rel=1e-13)
    # Written back and read by the CLI's reader from the file.
    cfg.write(tmp_path / "edited.toml")
    again = cevas.load_config(tmp_path / "edited.toml")
    assert again.data == cfg.data
    assert cevas.run(again).totals == two.totals
    # A config built in Python.
    built = cevas.Config({
        "target": {"name": "He4"},
        "source": {"type": "tritium", "activity": "1MCi"},
        "geometry": {"type": "point", "distance": "0.5m"},
        "detector": {"mass": "1kg", "exposure": "1y"},
        "binning": {"type": "linear", "min": "1meV", "max": "185meV", "bins": 5},
        "spectrum": {"recoil": "0.1meV:190meV:20"},
        "run": {"no_electrons": False},
    })
    r = cevas.run(built)
    assert r.scenarios == ["sm"] and r.counts["sm"].shape == (5,) and r.recoil_eV.shape == (20,)


def test_load_config_errors_name_file_and_line(tmp_path):
    with pytest.raises(cevas.Error, match="missing.toml"):
        cevas.load_config(tmp_path / "missing.toml")
    with pytest.raises(cevas.Error, match=str(tmp_path)):
        cevas.load_config(tmp_path)  # a folder: not readable as a file
    bad = tmp_path / "bad.toml"
    with open(SATURNE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("threshold ="))
    lines[line - 1] = 'threshold = "1parsec"'
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(cevas.ConfigError, match=rf"detector\.threshold.*bad\.toml:{line}"):
        cevas.load_config(bad)
    bad.write_text('[target\nname = "He4"\n')
    with pytest.raises(cevas.ConfigError, match=r"bad\.toml"):
        cevas.load_config(bad)
    with pytest.raises(cevas.ArgumentTypeError, match="path = 3"):
        cevas.load_config(3)
    with pytest.raises(cevas.ConfigError, match="detector.exposure"):
        cfg = cevas.load_config(SATURNE)
        cfg["detector"]["exposure"] = "-1y"
        cevas.run(cfg)


def test_run_into_an_unwritable_folder_raises_and_writes_nothing(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(cevas.Error, match="output"):
        cevas.run(SATURNE, output=blocker / "out")
    assert sorted(os.listdir(tmp_path)) == ["file.txt"]
    with pytest.raises(cevas.ArgumentTypeError):
        cevas.run(42)


def test_run_draws_figures_when_asked(tmp_path):
    pytest.importorskip("matplotlib")
    res = cevas.run(SATURNE, output=tmp_path, plots=True)
    assert (tmp_path / "spectrum.png").stat().st_size > 1000
    assert (tmp_path / "counts.png").stat().st_size > 1000
    assert str(tmp_path / "counts.png") in res.files


# -- source decay in the counts functions ------------------------------------------------------


def test_bin_counts_counts_a_decaying_source_over_the_effective_exposure():
    xs = cevas.CrossSection("He4")
    src = cevas.tritium_source(activity_Bq=3.7e17)
    assert src.half_life_s == pytest.approx(4500 * 86400.0, rel=1e-15)
    rate = cevas.EventRate(xs, src, cevas.point_geometry(0.5), n_atoms=1e25)
    assert rate.half_life_s == src.half_life_s
    t = 5 * 365.25 * 86400.0
    edges = np.linspace(1e-3, 0.185, 8)
    decaying = cevas.bin_counts(rate, t, edges)
    constant = cevas.bin_counts(rate, t, edges, decay=False)
    lam = math.log(2) / (4500 * 86400.0)
    factor = -math.expm1(-lam * t) / (lam * t)  # independent formula
    assert decaying["half_life_s"] == pytest.approx(4500 * 86400.0)
    assert constant["half_life_s"] is None
    assert decaying["effective_exposure_s"] == pytest.approx(factor * t, rel=1e-14)
    np.testing.assert_allclose(decaying["signal"], factor * constant["signal"], rtol=1e-14)
    # Electron-capture sources decay too; line/reactor sources do not.
    assert cevas.electron_capture_source("cr51", 1e15).half_life_s == pytest.approx(
        27.7025 * 86400.0, rel=1e-12)
    assert cevas.line_source(1e6, "e", False, 1e10).half_life_s is None


def test_python_bin_counts_matches_cevas_run_for_saturne():
    cfg = cevas.load_config(SATURNE)
    r = cfg.resolved
    xs = cevas.CrossSection(r.target, r.parameters("sm"))
    rate = cevas.EventRate(xs, r.source, r.geometry, r.n_atoms)
    assert rate.half_life_s == r.half_life_s == pytest.approx(4500 * 86400.0)
    c = cevas.bin_counts(rate, r.exposure_s, r.bin_edges_eV, threshold_eV=r.threshold_eV)
    res = cevas.run(cfg)
    np.testing.assert_allclose(c["signal"], res.counts["sm"], rtol=1e-13)


# -- templates, broadcasting -------------------------------------------------------------------


def test_coefficients_evaluate_equal_dsigma_dT():
    xs = cevas.CrossSection("He4", cevas.Parameters(magnetic_moment=1e-11))
    t = np.geomspace(1e-4, xs.t_max(15e3), 50)
    k = xs.coefficients(15e3, flavor="e", antineutrino=True, baseline=[1.0, 2.0])
    assert k.e_nu == 15e3
    assert not k.has_amplitudes and k.vector.shape == (4, 4)
    np.testing.assert_allclose(k.vector, k.vector.T, rtol=1e-14, atol=0)   # a quadratic form
    assert k.scalar.shape == (2, 2) and k.tensor.shape == (2, 2) and k.axial_shell.ndim == 1
    single = xs.coefficients(15e3, flavor="e", antineutrino=True)
    assert single.has_amplitudes and single.vector_amplitude.shape == (4, 6)
    assert np.any(single.vector_amplitude != 0)
    direct = xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True, baseline=[1.0, 2.0])
    np.testing.assert_allclose(xs.evaluate(k, t), direct, rtol=TIGHT, atol=0)
    # Linear in the flux: 0.3 K(E1) + 0.7 K(E2) evaluates to the weighted sum (a template).
    k1 = xs.coefficients(10e3, flavor="e", antineutrino=True)
    k2 = xs.coefficients(10e3, flavor="mu", antineutrino=True)
    s = xs.coefficients(10e3, flavor="e", antineutrino=True, baseline=[0.0, 0.0])
    s.accumulate(s, -1.0)  # zero, keeping e_nu
    s.accumulate(k1, 0.3)
    s.accumulate(k2, 0.7)
    t10 = np.geomspace(1e-4, xs.t_max(10e3), 20)
    expect = 0.3 * xs.evaluate(k1, t10) + 0.7 * xs.evaluate(k2, t10)
    np.testing.assert_allclose(xs.evaluate(s, t10), expect, rtol=1e-10)


def test_dsigma_dT_broadcasts_energy_against_recoil():
    xs = cevas.CrossSection("He4")
    e = np.array([5e3, 10e3, 18e3])
    t = np.array([1e-4, 1e-3, 1e-2, 0.1])
    table = xs.dsigma_dT(e[:, None], t[None, :], flavor="e", antineutrino=True)
    assert table.shape == (3, 4)
    for i, ei in enumerate(e):
        for j, tj in enumerate(t):
            ref = xs.dsigma_dT(float(ei), float(tj), flavor="e", antineutrino=True)
            assert table[i, j] == pytest.approx(ref, rel=TIGHT, abs=0)
    assert xs.dsigma_dT(e, 1e-3, flavor="e", antineutrino=True).shape == (3,)
    assert xs.dsigma_dT(e[:, None, None], t[None, :, None], flavor="e",
                        antineutrino=True).shape == (3, 4, 1)
    with pytest.raises(cevas.InvalidArgument, match="cannot be broadcast"):
        xs.dsigma_dT(e, t, flavor="e", antineutrino=True)


# -- output tables ----------------------------------------------------------------------------


def test_read_table_and_numpy_pandas_readers(cli_run, tmp_path):
    csv = cli_run / "counts.csv"
    t = cevas.read_table(csv)
    j = cevas.read_table(cli_run / "counts.json")
    assert t.columns == j.columns and np.array_equal(t.data, j.data)
    assert t.metadata["cevas_version"] == cevas.__version__
    assert any(c["name"] == "fermi_constant" for c in t.constants)
    n = cevas.tables.metadata_lines(csv)
    g = np.genfromtxt(csv, delimiter=",", names=True, skip_header=n)
    assert np.array_equal(g["counts_sm"], t["counts_sm"])
    raw = np.loadtxt(csv, delimiter=",", comments="#", skiprows=n + 1)
    assert np.array_equal(raw, t.data)
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(csv, comment="#", float_precision="round_trip")
    assert list(frame.columns) == t.columns
    assert np.array_equal(frame.to_numpy(), t.data)
    # cevas xsec output too.
    out = tmp_path / "x.csv"
    subprocess.run([cli_path(), "xsec", "--target", "He4", "--flavor", "e", "--antineutrino",
                    "--enu", "15keV", "--recoil", "1meV:10meV:4", "-o", str(out)], check=True,
                   capture_output=True)
    x = cevas.read_table(out)
    assert len(x) == 4 and "recoil_eV" in x
    with pytest.raises(cevas.DataError, match="nothing.csv"):
        cevas.read_table(tmp_path / "nothing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n")
    with pytest.raises(cevas.DataError, match=r"bad\.csv:3"):
        cevas.read_table(bad)


# -- errors: cevas's classes, the user's units ------------------------------------------------


@pytest.mark.parametrize("bad, text", [
    (None, "not None"), ("0.01", "not a string"), (1j, "complex"),
    (np.array([1e-3, 2e-3 + 1j]), "complex"), (np.array(["a"]), "dtype"),
    ([1e-3, "x"], "dtype"), (object(), "expected"),
])
def test_wrong_types_raise_argument_type_error(bad, text):
    xs = cevas.CrossSection("He4")
    with pytest.raises(cevas.ArgumentTypeError, match=text) as info:
        xs.dsigma_dT(15e3, bad, flavor="e", antineutrino=True)
    assert isinstance(info.value, TypeError) and isinstance(info.value, cevas.InvalidArgument)
    assert str(info.value).startswith("t = ")


def test_wrong_types_in_typed_parameters_name_the_argument():
    xs = cevas.CrossSection("He4")
    with pytest.raises(cevas.ArgumentTypeError, match=r"^e_nu = None"):
        xs.t_max(None)
    with pytest.raises(cevas.ArgumentTypeError, match=r"^flavor = None: expected a string"):
        xs.dsigma_dT(15e3, 1e-3, flavor=None, antineutrino=True)
    with pytest.raises(cevas.ArgumentTypeError, match=r"^distance_m = '1m'"):
        cevas.point_geometry("1m")
    with pytest.raises(cevas.ArgumentTypeError, match=r"^sin2_theta_w = 'x'"):
        cevas.Parameters().sin2_theta_w = "x"
    with pytest.raises(cevas.ArgumentTypeError, match=r"^cross_section = 1"):
        cevas.EventRate(1, cevas.tritium_source(activity_Bq=1e10), cevas.point_geometry(1), 1)


def test_values_are_reported_in_the_users_units():
    xs = cevas.CrossSection("He4")
    with pytest.raises(cevas.InvalidArgument, match=r"^baseline = -1: must not be negative"):
        xs.dsigma_dT(15e3, 1e-3, flavor="e", antineutrino=True, baseline=-1)
    with pytest.raises(cevas.InvalidArgument, match=r"^baseline = -1"):
        xs.breakdown(15e3, 1e-3, flavor="e", antineutrino=True, baseline=-1)
    with pytest.raises(cevas.InvalidArgument, match=r"^distance_m = -2"):
        cevas.point_geometry(-2)
    with pytest.raises(ValueError, match="e_nu"):
        xs.t_max(float("nan"))


# -- thread safety with the GIL released -------------------------------------------------------


def test_concurrent_calls_give_the_serial_results():
    xs = cevas.CrossSection("He4")
    rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=3.7e17),
                           cevas.point_geometry(0.5), 1e25)
    t = np.geomspace(1e-4, 0.18, 2000)
    energies = np.linspace(2e3, 18e3, 16)
    serial = [xs.dsigma_dT(e, t, flavor="e", antineutrino=True) for e in energies]
    serial_rate = rate.differential(t)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        par = list(pool.map(lambda e: xs.dsigma_dT(e, t, flavor="e", antineutrino=True),
                            energies))
        par_rate = list(pool.map(lambda _: rate.differential(t), range(8)))
    for a, b in zip(serial, par):
        assert np.array_equal(a, b)
    for r in par_rate:
        assert np.array_equal(r, serial_rate)


# -- iminuit with cevas as the model -----------------------------------------------------------


def test_iminuit_fit_of_a_magnetic_moment_with_templates():
    iminuit = pytest.importorskip("iminuit")
    # dsigma/dT is linear in mu^2: sigma(mu) = sigma_SM + mu^2 (sigma(mu0) - sigma_SM) / mu0^2.
    t = np.geomspace(1e-3, 0.1, 40)
    sm = cevas.CrossSection("He4").dsigma_dT(15e3, t, flavor="e", antineutrino=True)
    mu0 = 1e-10
    em = cevas.CrossSection("He4", cevas.Parameters(magnetic_moment=mu0)).dsigma_dT(
        15e3, t, flavor="e", antineutrino=True)
    true_mu = 3e-11
    data = cevas.CrossSection("He4", cevas.Parameters(magnetic_moment=true_mu)).dsigma_dT(
        15e3, t, flavor="e", antineutrino=True)
    sigma = 0.01 * data

    def chi2(mu):
        model = sm + (mu / mu0) ** 2 * (em - sm)
        return float(np.sum(((data - model) / sigma) ** 2))

    chi2.errordef = iminuit.Minuit.LEAST_SQUARES
    m = iminuit.Minuit(chi2, mu=1e-11)
    m.migrad()
    assert m.valid
    assert m.values["mu"] == pytest.approx(true_mu, rel=1e-4)


# -- documentation in the package --------------------------------------------------------------


def test_stubs_cover_every_public_name_of_the_extension():
    stub = os.path.join(os.path.dirname(cevas.__file__), "_core.pyi")
    with open(stub, encoding="utf-8") as f:
        text = f.read()
    missing = [n for n in dir(cevas._core) if not n.startswith("_")
               and f"class {n}" not in text and f"def {n}(" not in text and f"{n}:" not in text]
    assert not missing, f"run scripts/generate_stubs.py: {missing}"
    assert os.path.exists(os.path.join(os.path.dirname(cevas.__file__), "py.typed"))


def test_generated_stubs_are_up_to_date():
    script = os.path.join(REPO_ROOT, "scripts", "generate_stubs.py")
    stub = os.path.join(REPO_ROOT, "python", "cevas", "_core.pyi")
    r = subprocess.run([sys.executable, script, "--check", "--output", stub],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("name", [n for n in cevas.__all__ if callable(getattr(cevas, n))
                                  and not isinstance(getattr(cevas, n), type)
                                  or n in ("CrossSection", "EventRate", "Config", "Parameters")])
def test_public_functions_have_docstrings_with_units_or_examples(name):
    doc = getattr(cevas, name).__doc__ or ""
    assert len(doc) > 40, name


def test_help_on_cross_section_names_formula_and_units():
    doc = cevas.CrossSection.__doc__
    assert "dsigma/dT" in doc and "[eV]" in doc and "cm^2" in doc
    assert "Example" in cevas.CrossSection.dsigma_dT.__doc__


# -- plotting ---------------------------------------------------------------------------------


def test_plot_functions_draw_labelled_figures():
    pytest.importorskip("matplotlib")
    from cevas import plot

    res = cevas.run(SATURNE)
    fig = res.plot()
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert res.labels["nsi"] in labels
    assert "effective" in fig.axes[0].get_title()
    fig = res.plot_counts()
    assert any("total" in t.get_text() for t in fig.axes[0].get_legend().get_texts())
    x = np.linspace(-1, 1, 21)
    y = np.linspace(-1, 1, 11)
    z = np.exp(-(x[None, :] ** 2 + y[:, None] ** 2) * 3)
    fig = plot.scan_contour(x, y, z, levels=[0.05, 0.32], quantity="CLs")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "CLs = 0.05" in texts
    fig = plot.profile_curve(x, x ** 2, levels=[2.71])
    assert fig.axes[0].get_ylabel()
    with pytest.raises(ValueError, match="values"):
        plot.scan_contour(x, y, z.T)


@pytest.mark.parametrize("t, message", [
    (float("nan"), "t = nan: must be a finite number"),
    (-1.0, "t = -1: must not be negative"),
    (np.array([1e-3, -2.0]), r"t\[1\] = -2: must not be negative"),
    (np.array([np.inf, 1e-3]), r"t\[0\] = inf: must be a finite number"),
])
def test_nan_and_negative_recoils_name_the_python_argument(t, message):
    xs = cevas.CrossSection("He4")
    rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=1e10), cevas.point_geometry(1), 1e20)
    k = xs.coefficients(15e3, flavor="e", antineutrino=True)
    for call in (lambda: xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True),
                 lambda: xs.dsigma_dT(np.array([15e3]), t, flavor="e", antineutrino=True),
                 lambda: xs.evaluate(k, t),
                 lambda: rate.differential(t)):
        with pytest.raises(cevas.InvalidArgument, match="^" + message):
            call()


@pytest.mark.parametrize("make, field", [
    (lambda: cevas.Parameters(magnetic_moment=None), "magnetic_moment = None"),
    (lambda: cevas.Parameters(sin2_theta_w=None), "sin2_theta_w = None"),
    (lambda: cevas.Parameters(sin2_theta_w=0.2 + 0.1j), "sin2_theta_w = "),
    (lambda: cevas.Parameters(magnetic_moment=np.full((3, 3), "a")), "magnetic_moment = "),
    (lambda: cevas.Parameters().set_nsi("vector", "nucleus", object()), "nsi.vector.nucleus = "),
    (lambda: cevas.make_target(None), "name = None"),
    (lambda: cevas.oscillation_probability("e", "e", 1j, 1.0, antineutrino=True), "e_nu = 1j"),
])
def test_parameters_and_helpers_raise_argument_type_errors(make, field):
    with pytest.raises(cevas.ArgumentTypeError) as info:
        make()
    assert str(info.value).startswith(field)
    assert isinstance(info.value, TypeError)
