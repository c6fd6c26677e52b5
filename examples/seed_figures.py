#!/usr/bin/env python3
"""Reproduce the figures of the two seed documents with cevas (issue 4, item 6).

Usage (from the repository root, after building with CEVAS_BUILD_PYTHON=ON into build/):

    PYTHONPATH=build/python /usr/bin/python3 examples/seed_figures.py --output out/figures

Writes five PNG files into the output directory:

  seed000_fig2_sm_he4.png           seed 000 Fig. 2: SM dsigma/dT on 4He, nu_e, nu_mu, nu_tau
  seed000_fig3_nsi_ee.png           seed 000 Fig. 3: diagonal vector NSI eps_ee (nu_e)
  seed000_fig4_nsi_emu.png          seed 000 Fig. 4: off-diagonal eps_emu (nu_e)
  seed000_fig5_nsi_etau.png         seed 000 Fig. 5: off-diagonal eps_etau (nu_e)
  seed003_em_properties.png         seed 003: H, 2H, 3He, 4He, 12C; SM vs millicharge 1e-15 e
                                    vs magnetic moment 1e-12 mu_B (electron antineutrinos)

Conventions (docs/figures.md): neutrino energy 15 keV (typical of tritium; --energy-keV),
baseline L = 0 (the seed's compact form), default cevas parameters (PHYSICS.md section 2:
sin^2 theta_W = 0.23857, tree-level couplings, form factors hydrogenic for H, gauss6 for He,
hubbell for C, F_N = 1 for Z <= 2, Helm otherwise). "Nuclear" NSI are eps^Nucl (level
"nucleus"), "electronic" NSI act on the electrons (level "e"); both vector NSI, real, at the
boundaries of the ranges quoted in seed 000. Recoil energy T in meV, dsigma/dT in cm^2/eV,
log-log axes. All numbers come from the C++ library; this script only chooses inputs and draws.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

import cevas
from cevas import plot

# Seed 000, Figs. 3-5: boundaries of the current global allowed ranges quoted on the slides.
NSI_RANGES = {
    "ee": {"nucleus": (-0.444, 0.39), "e": (-0.13, 0.1)},
    "emu": {"nucleus": (-0.588, 0.0564), "e": (-0.097, 0.011)},
    "etau": {"nucleus": (-0.78, 1.32), "e": (-0.18, 0.08)},
}
NSI_FIGURES = {"ee": ("3", "diagonal"), "emu": ("4", "off-diagonal"), "etau": ("5", "off-diagonal")}

# Seed 003: targets and new-physics values named in the poster's conclusions.
SEED003_TARGETS = ("H1", "H2", "He3", "He4", "C12")
MILLICHARGE_E = 1e-15
MAGNETIC_MOMENT_MUB = 1e-12

TARGET_TEX = {"H1": "H", "H2": r"$^2$H", "He3": r"$^3$He", "He4": r"$^4$He", "C12": r"$^{12}$C"}
PAIR_TEX = {"ee": "ee", "emu": r"e\mu", "etau": r"e\tau"}
LEVEL_TEX = {"nucleus": r"\mathrm{Nucl}", "e": "e"}
LEVEL_COLOR = {"nucleus": "tab:blue", "e": "tab:red"}
BOUND_STYLE = ("-", "--")  # lower bound solid, upper bound dashed


def recoil_grid(xs: cevas.CrossSection, e_nu: float, points: int, decades: float) -> np.ndarray:
    """Geometric grid from 10^-decades T_max to T_max [eV]; dense enough to resolve the dip."""
    t_max = xs.t_max(e_nu)
    return np.geomspace(t_max * 10.0 ** (-decades), t_max, points)


def figure_sm(e_nu: float, points: int, dpi: int, out: str) -> str:
    """Seed 000 Fig. 2: SM cross section on 4He for the three neutrino flavours."""
    xs = cevas.CrossSection("He4")
    t = recoil_grid(xs, e_nu, points, decades=5)
    fig, ax = plot.new_figure()
    curves = []
    styles = {"e": dict(color="black", lw=1.8), "mu": dict(color="tab:blue", lw=1.8),
              "tau": dict(color="tab:orange", lw=1.4, ls="--")}
    for flavor in cevas.FLAVORS:
        y = xs.dsigma_dT(e_nu, t, flavor=flavor, antineutrino=False)
        plot.plot_dsigma_dT(ax, t, y, label=plot.flavor_label(flavor, antineutrino=False),
                            **styles[flavor])
        curves.append(y)
    # Mark the nu_e dip (the first interior local minimum on the grid) with the library's
    # breakdown there (F_e at the dip).
    y_e = curves[0]
    minima = np.flatnonzero((y_e[1:-1] < y_e[:-2]) & (y_e[1:-1] < y_e[2:])) + 1
    if minima.size == 0:
        raise RuntimeError("no nu_e dip below T_max at this energy: choose a larger --energy-keV")
    i_dip = int(minima[0])
    dip = xs.breakdown(e_nu, float(t[i_dip]), flavor="e", antineutrino=False)
    ax.axvline(t[i_dip] * 1e3, color="0.4", lw=0.8, ls=":")
    ax.annotate(rf"$\nu_e$ dip: $T \approx$ {t[i_dip] * 1e3:.2f} meV, $F_e$ = "
                rf"{dip['atomic_form_factor']:.3f}",
                xy=(t[i_dip] * 1e3, np.sqrt(y_e.max() * 1e-4 * y_e.max())), xytext=(-10, 0),
                textcoords="offset points", ha="right", va="center", fontsize=9)
    plot.set_log_ylim(ax, curves, decades=4, floor_percentile=0)
    plot.finish_axes(ax, title=rf"Seed 000, Fig. 2: SM CE$\nu$AS on $^4$He, "
                               rf"$E_\nu$ = {e_nu / 1e3:g} keV, $L$ = 0",
                     legend_kw=dict(loc="lower left",
                                    title=r"$\nu_\mu$, $\nu_\tau$ coincide at $L$ = 0",
                                    title_fontsize=9))
    return plot.save(fig, os.path.join(out, "seed000_fig2_sm_he4.png"), dpi=dpi)


def figure_nsi(pair: str, e_nu: float, points: int, dpi: int, out: str) -> str:
    """Seed 000 Figs. 3-5: nu_e channel on 4He with one vector NSI coupling at its bounds."""
    number, kind = NSI_FIGURES[pair]
    sm = cevas.CrossSection("He4")
    t = recoil_grid(sm, e_nu, points, decades=5)
    fig, ax = plot.new_figure()
    y_sm = sm.dsigma_dT(e_nu, t, flavor="e", antineutrino=False)
    plot.plot_dsigma_dT(ax, t, y_sm, label="SM", color="black", lw=2.0, zorder=5)
    curves = [y_sm]
    for level in ("nucleus", "e"):
        for value, ls in zip(NSI_RANGES[pair][level], BOUND_STYLE):
            params = cevas.Parameters()
            params.set_nsi("vector", level, pair, value)
            y = cevas.CrossSection("He4", params).dsigma_dT(e_nu, t, flavor="e", antineutrino=False)
            label = rf"$\varepsilon^{{{LEVEL_TEX[level]},V}}_{{{PAIR_TEX[pair]}}} = {value:+g}$"
            plot.plot_dsigma_dT(ax, t, y, label=label, color=LEVEL_COLOR[level], ls=ls, lw=1.5)
            curves.append(y)
    plot.set_log_ylim(ax, curves, decades=5 if pair == "emu" else 4, floor_percentile=0)
    plot.finish_axes(ax, title=rf"Seed 000, Fig. {number}: {kind} NSI "
                               rf"$\varepsilon_{{{PAIR_TEX[pair]}}}$, $\nu_e$ on $^4$He, "
                               rf"$E_\nu$ = {e_nu / 1e3:g} keV",
                     legend_kw=dict(loc="lower left", fontsize=9,
                                    title="blue: nuclear, red: electronic\n"
                                          "solid: lower, dashed: upper bound",
                                    title_fontsize=8.5))
    return plot.save(fig, os.path.join(out, f"seed000_fig{number}_nsi_{pair}.png"), dpi=dpi)


def figure_em(e_nu: float, points: int, dpi: int, out: str) -> str:
    """Seed 003: SM vs millicharge vs magnetic moment for H, 2H, 3He, 4He and 12C."""
    fig, axes = plot.new_figure(2, 3, figsize=(16.5, 9.5))
    axes = axes.ravel()
    sm_params = cevas.Parameters()
    mq_params = cevas.Parameters(millicharge=MILLICHARGE_E)
    mu_params = cevas.Parameters(magnetic_moment=MAGNETIC_MOMENT_MUB)
    for ax, name in zip(axes, SEED003_TARGETS):
        sm = cevas.CrossSection(name, sm_params)
        # Four decades: below q ~ 200 eV the xraylib (hubbell) table used for 12C is not smooth
        # enough for 1 - F_e (docs/figures.md, "Known limitations").
        t = recoil_grid(sm, e_nu, points, decades=4)
        common = dict(flavor="e", antineutrino=True)
        y_sm = sm.dsigma_dT(e_nu, t, **common)
        y_mq = cevas.CrossSection(name, mq_params).dsigma_dT(e_nu, t, **common)
        y_mu = cevas.CrossSection(name, mu_params).dsigma_dT(e_nu, t, **common)
        plot.plot_dsigma_dT(ax, t, y_sm, label="SM", color="black", lw=2.0)
        plot.plot_dsigma_dT(ax, t, y_mq, label=rf"$e_\nu = 10^{{-15}}\,e$", color="tab:blue", lw=1.5)
        plot.plot_dsigma_dT(ax, t, y_mu, label=r"$\mu_\nu = 10^{-12}\,\mu_B$", color="tab:red",
                            lw=1.5, ls="--")
        plot.set_log_ylim(ax, [y_sm, y_mq, y_mu], decades=4, floor_percentile=1)
        plot.finish_axes(ax, title=f"{TARGET_TEX[name]}  (F$_e$: {sm.atomic_model})",
                         legend_kw=dict(loc="lower left", fontsize=9))
    info = axes[-1]
    info.axis("off")
    info.text(0.02, 0.95,
              "Seed 003 (Donchenko, Kouzakov, Studenikin,\nICHEP 2022): CE$\\nu$AS on light atoms\n\n"
              rf"$\bar\nu_e$, $E_\nu$ = {e_nu / 1e3:g} keV (tritium), $L$ = 0" "\n"
              "black: Standard Model\n"
              r"blue: millicharge $e_\nu = 10^{-15}\,e$ (diagonal)" "\n"
              r"red: magnetic moment $\mu_\nu = 10^{-12}\,\mu_B$ (diagonal)" "\n\n"
              "At $L$ = 0 and for these real diagonal inputs\n"
              r"$\nu_e$ and $\bar\nu_e$ give the same curves." "\n"
              "The millicharge term is finite as $T \\to 0$;\n"
              "the magnetic term grows as $1/T$ until electron\n"
              "screening $(1 - F_e)^2$ switches it off.",
              transform=info.transAxes, ha="left", va="top", fontsize=10.5)
    fig.suptitle(r"Seed 003: atomic recoil spectra, SM vs neutrino millicharge vs magnetic moment",
                 fontsize=14)
    return plot.save(fig, os.path.join(out, "seed003_em_properties.png"), dpi=dpi)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", default="out/figures", help="output directory (default: %(default)s)")
    parser.add_argument("--energy-keV", type=float, default=15.0, dest="energy_kev",
                        help="neutrino energy in keV (default: %(default)s, typical of tritium)")
    parser.add_argument("--points", type=int, default=3000,
                        help="recoil grid points per curve (default: %(default)s)")
    parser.add_argument("--dpi", type=int, default=150, help="PNG resolution (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.energy_kev > 0:
        parser.error(f"--energy-keV = {args.energy_kev}: must be > 0")
    if args.points < 10:
        parser.error(f"--points = {args.points}: need at least 10")
    e_nu = args.energy_kev * 1e3  # eV, the cevas Python unit
    written = [figure_sm(e_nu, args.points, args.dpi, args.output)]
    for pair in ("ee", "emu", "etau"):
        written.append(figure_nsi(pair, e_nu, args.points, args.dpi, args.output))
    written.append(figure_em(e_nu, args.points, args.dpi, args.output))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
