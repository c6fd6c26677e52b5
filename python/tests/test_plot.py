"""Plotting helpers and the seed-figure script write PNG files without error."""

import importlib.util
import os

import numpy as np
import pytest

import cevas
from conftest import REPO_ROOT

plot = pytest.importorskip("cevas.plot")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def is_png(path):
    with open(path, "rb") as f:
        return f.read(8) == PNG_MAGIC


def test_plot_functions_write_png(tmp_path):
    xs = cevas.CrossSection("He4")
    fig, axes = plot.new_figure(2, 2)
    ax = axes[0, 0]
    curves = []
    for flavor in cevas.FLAVORS:
        _, y = plot.plot_cross_section(ax, xs, 15e3, flavor=flavor, antineutrino=True,
                                       label=plot.flavor_label(flavor, antineutrino=True))
        curves.append(y)
    plot.set_log_ylim(ax, curves)
    plot.finish_axes(ax, title="SM")
    assert ax.get_xlabel() == "recoil energy $T$ [meV]"
    assert "cm$^2$/eV" in ax.get_ylabel()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.get_legend().get_texts()) == 3

    t = cevas.recoil_grid(xs, 15e3, 50)
    y = xs.dsigma_dT(15e3, t, flavor="e", antineutrino=False)
    plot.plot_dsigma_dT(axes[0, 1], t, y, t_unit="eV", logx=False, logy=False, label="linear")
    q = np.geomspace(10.0, 1e5, 50)
    plot.plot_form_factor(axes[1, 0], q, cevas.AtomicFormFactor("gauss6", 2)(q), label="gauss6")
    baselines = np.linspace(0.0, 2.0, 50)
    plot.plot_oscillation_probability(
        axes[1, 1], baselines,
        cevas.oscillation_probability("e", "e", 15e3, baselines, antineutrino=True), label="ee")
    path = plot.save(fig, tmp_path / "sub" / "plots.png")
    assert os.path.getsize(path) > 10_000 and is_png(path)


def test_plot_rejects_bad_input():
    fig, ax = plot.new_figure()
    with pytest.raises(ValueError, match="t_unit"):
        plot.plot_dsigma_dT(ax, [1.0], [1.0], t_unit="furlong")
    with pytest.raises(ValueError, match="shape"):
        plot.plot_dsigma_dT(ax, [1.0, 2.0], [1.0])


def test_seed_figures_script(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "seed_figures", os.path.join(REPO_ROOT, "examples", "seed_figures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--output", str(tmp_path), "--points", "300", "--dpi", "60"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["seed000_fig2_sm_he4.png", "seed000_fig3_nsi_ee.png",
                     "seed000_fig4_nsi_emu.png", "seed000_fig5_nsi_etau.png",
                     "seed003_em_properties.png"]
    assert all(is_png(tmp_path / n) for n in names)
