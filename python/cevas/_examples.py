"""Examples appended to the docstrings of the public API (private).

Every entry is a runnable snippet (``import numpy as np`` and ``import cevas`` assumed);
python/tests/test_docstrings.py executes each one, so the examples in ``help()`` cannot rot.
Units follow the package conventions: energies [eV], lengths [m], times [s], dsigma/dT
[cm^2/eV], rates [1/s].
"""

EXAMPLES = {
    "AtomicFormFactor": """\
ff = cevas.AtomicFormFactor("gauss6", 2)         # helium, Z = 2
ff(np.array([0.0, 1e3, 1e4]))                     # F_e(|q|) for |q| [eV]""",
    "Coefficients": """\
xs = cevas.CrossSection("He4")
k = xs.coefficients(15e3, flavor="e", antineutrino=True)   # E = 15 keV
xs.evaluate(k, np.array([1e-3, 1e-2]))                     # dsigma/dT [cm^2/eV]""",
    "ResolvedConfig": """\
r = cevas.load_config("examples/saturne.toml").resolved
r.scenarios, r.exposure_s, r.effective_exposure_s, r.bin_edges_eV[:3]""",
    "RunResults": """\
res = cevas.run("examples/saturne.toml")
res.totals["sm"], res.counts["sm"].sum(), res.effective_exposure_s / res.exposure_s""",
    "lindhard_quenching": """\
cevas.lindhard_quenching(np.array([1e3, 5e3]), 32, 0.157)   # Ge at 1 and 5 keVnr: ~0.171, 0.212""",
    "observed_value": """\
cevas.observed_value(np.array([10e3, 20e3]), "pe", "polynomial", coefficients=[0.0878],
                     range_keVnr=[0, 100], light_yield_pe_per_keVee=13.348)   # [PE]""",
    "poisson_probabilities": """\
sum(cevas.poisson_probabilities(4.2, 0, 60))   # 1.0""",
    "pion_dar_timing_fractions": """\
cevas.pion_dar_timing_fractions(-1000, 5000, "gaussian", 360)   # SNS-like: prompt ~1, delayed ~0.90""",
    "to_toml": """\
text = cevas.to_toml({"target": {"name": "He4"}, "scenario": [{"name": "a", "label": "A"}]})
print(text)""",
    "CrossSection": """\
xs = cevas.CrossSection("He4", cevas.Parameters(magnetic_moment=1e-12))
t = np.geomspace(1e-4, xs.t_max(15e3), 100)                       # recoil T [eV]
xs.dsigma_dT(15e3, t, flavor="e", antineutrino=True)              # [cm^2/eV]
xs.total_cross_section(15e3, flavor="e", antineutrino=True)       # [cm^2]""",
    "FluxGeometry": """\
g = cevas.cylinder_geometry(0.819, 1.637, 0.1)        # SATURNE tank [m]
g.flux_factor_per_cm2, g.baselines_m.size""",
    "Mediator": """\
z = cevas.Mediator("vector", mass_eV=10e6, g_nu=1e-5, g_u=1e-5, g_d=1e-5)   # 10 MeV Z'
p = cevas.Parameters()
p.mediators = [z, cevas.parse_mediator("scalar:mass=1MeV,g_nu_e=1e-6,g_e=1e-6")]
cevas.CrossSection("He4", p).dsigma_dT(15e3, np.array([0.01]), flavor="e", antineutrino=True)""",
    "parse_mediator": """\
cevas.parse_mediator("vector:mass=10MeV,g_nu=1e-5,g_u=1e-5,g_d=1e-5").mass_eV""",
    "mediator_limit_scan": """\
lim = cevas.mediator_limit_scan("examples/sensitivity/saturne.toml", "mediator.g2", [1e3, 1e8])
[(p["mass_eV"], p["upper"]) for p in lim]                    # 90 % CL on g_nu g_f""",
    "NuclearFormFactor": """\
p = cevas.Parameters(nuclear_form_factor="helm")
cevas.CrossSection("C12", p).nuclear_model""",
    "NucleonCharges": """\
p = cevas.Parameters()
p.nucleon_charges.tensor_u, p.nucleon_charges.tensor_d""",
    "Parameters": """\
p = cevas.Parameters(sin2_theta_w=0.2312, atomic_form_factor="hubbell", millicharge=1e-13)
p.set_nsi("vector", "nucleus", "ee", 0.1)     # eps_ee^V on the nucleus
p.magnetic_moment = 1e-12                      # [mu_B]""",
    "ShellSpin": """\
cevas.make_target("H1").spin.shells       # unpaired electron shells (axial term)""",
    "Source": """\
s = cevas.tritium_source(activity_Bq=3.7e17)   # 10 MCi
s.total_rate, s.max_energy, s.half_life_s      # [1/s], [eV], [s]
s.density(np.array([1e3, 10e3]))               # rho(E) [1/eV]""",
    "SpinContent": """\
s = cevas.make_target("H2").spin
s.proton_net, s.neutron_net""",
    "Material": """\
csi = cevas.Material("CsI")                       # or "Ar", "CaWO4", "C3F8", "He4"
[(t.name, n) for t, n in csi.components], csi.atoms_per_unit, csi.unit_mass   # [eV]""",
    "MaterialRate": """\
csi = cevas.make_material("CsI")
n_units = cevas.atoms_in_mass(14.6, csi.unit_mass)     # formula units in 14.6 kg
rate = cevas.MaterialRate(csi, cevas.tritium_source(activity_Bq=3.7e17),
                          cevas.point_geometry(1.0), n_units)
rate.differential(np.array([1e-4, 1e-3]))              # [events/(eV s)]
cevas.bin_counts(rate, 3.15e7, np.array([1e-4, 1e-3, 2e-3]))["total_signal"]""",
    "make_material": """\
ar = cevas.make_material("Ar")                    # natural argon
[(t.name, round(n, 6)) for t, n in ar.components]""",
    "make_mixture": """\
ge = cevas.make_mixture({"Ge76": 0.86, "Ge74": 0.14})   # enriched germanium
ge.unit_mass, ge.describe()["material.Ge76"]""",
    "natural_abundances": """\
cevas.natural_abundances("Xe")                    # [(A, atom fraction), ...]""",
    "spin_expectation_table": """\
[(r["isotope"], r["s_p"], r["s_n"]) for r in cevas.spin_expectation_table()]""",
    "Target": """\
t = cevas.make_target("He4")
t.name, t.z, t.a""",
    "atoms_in_mass": """\
cevas.atoms_in_mass(500.0, cevas.CrossSection("He4").mass)   # atoms in 500 kg of 4He""",
    "bin_counts": """\
xs = cevas.CrossSection("He4")
rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=3.7e17),
                       cevas.point_geometry(0.5), n_atoms=7.5e28)
c = cevas.bin_counts(rate, 5 * 3.15576e7, np.linspace(1e-3, 0.185, 20), threshold_eV=1e-3)
c["total_signal"], c["effective_exposure_s"], c["half_life_s"]""",
    "constants": """\
[c["name"] for c in cevas.constants()][:5]""",
    "cylinder_geometry": """\
g = cevas.cylinder_geometry(radius_m=0.819, height_m=1.637, inner_radius_m=0.1)
g.flux_factor_per_cm2                     # <1/(4 pi r^2)> [1/cm^2]""",
    "cylinder_volume": """\
cevas.cylinder_volume(0.819, 1.637, 0.1)  # [m^3]""",
    "electron_capture_lines": """\
cevas.electron_capture_lines("cr51")      # [{label, energy_eV, branching}, ...]""",
    "electron_capture_source": """\
s = cevas.electron_capture_source("cr51", activity_Bq=3.7e16)
s.components[0]["energy_eV"], s.half_life_s / 86400   # line [eV], half-life [d]""",
    "featured_targets": """\
cevas.featured_targets()""",
    "find_isotope": """\
cevas.find_isotope("He4")["mass_u"]""",
    "line_source": """\
s = cevas.line_source(1e6, "e", False, 1e12)   # 1 MeV nu_e, 1e12 per second""",
    "list_constants": """\
cevas.list_constants(cevas.Parameters())[0]""",
    "make_target": """\
cevas.make_target("C12").a""",
    "oscillation_probability": """\
e = np.array([5e3, 15e3])                                  # [eV]
cevas.oscillation_probability("e", "e", e[:, None], np.array([1.0, 10.0])[None, :],
                              antineutrino=True)           # shape (2, 2)""",
    "pion_dar_source": """\
s = cevas.pion_dar_source(proton_rate_per_s=6e15, pions_per_proton=0.09)
[c["label"] for c in s.components]""",
    "pmns_matrix": """\
u = cevas.pmns_matrix()
np.abs(u) ** 2              # |U_ai|^2, rows e, mu, tau""",
    "point_geometry": """\
cevas.point_geometry(20.0).flux_factor_per_cm2    # 1/(4 pi (20 m)^2) [1/cm^2]""",
    "proton_rate_from_beam": """\
cevas.proton_rate_from_beam(1.4e6, 1e9)          # 1.4 MW of 1 GeV protons [1/s]""",
    "reactor_source": """\
s = cevas.reactor_source(3e9)                    # 3 GW thermal
s.total_rate                                     # anti-nu_e per second""",
    "recoil_grid": """\
xs = cevas.CrossSection("He4")
cevas.recoil_grid(xs, 15e3, 50)[[0, -1]]         # [eV], up to T_max""",
    "solar_geometry": """\
cevas.solar_geometry().flux_factor_per_cm2         # 1/(4 pi (1 AU)^2) [1/cm^2]""",
    "solar_source": """\
s = cevas.solar_source("B16-GS98", components=["8B", "hep"])
rate = cevas.EventRate(cevas.CrossSection("Xe132"), s, cevas.solar_geometry(), n_atoms=4.6e27)
rate.differential(np.array([1e3, 3e3]))          # dN/dT for a tonne [1/(eV s)]""",
    "solar_survival_probability": """\
cevas.solar_survival_probability("8B", np.array([2e6, 10e6]))   # P_ee: about 0.49, 0.32""",
    "tabulated_source": """\
import os, tempfile
path = os.path.join(tempfile.mkdtemp(), "flux.txt")
with open(path, "w") as f:
    f.write("# energy_unit = keV\\n# spectrum_unit = per_keV\\n# flavor = e\\n# type = antineutrino\\n"
            "1 0.5\\n10 1.0\\n18 0.2\\n")
cevas.tabulated_source(path, rate_per_s=1e12).max_energy""",
    "total_cross_section": """\
xs = cevas.CrossSection("He4")
cevas.total_cross_section(xs, np.array([5e3, 15e3]), flavor="e", antineutrino=True)  # [cm^2]""",
    "tritium_activity_from_mass": """\
cevas.tritium_activity_from_mass(1.0) / 3.7e10 / 1e6      # MCi in 1 kg of tritium""",
    "tritium_mass_from_activity": """\
cevas.tritium_mass_from_activity(10e6 * 3.7e10)            # kg for 10 MCi""",
    "tritium_source": """\
s = cevas.tritium_source(activity_Bq=3.7e17)               # 10 MCi
s.half_life_s / 86400                                      # 4500 days""",
    "version": """\
cevas.version()""",
    # Sensitivity (issue 8)
    "StatsModel": """\
m = cevas.StatsModel("examples/sensitivity/saturne.toml", ["magnetic_moment"])
m.limit(cl=0.9, method="wilks")["upper"]          # expected 90% CL upper limit [mu_B]""",
    "chi2_quantile": """\
cevas.chi2_quantile(0.9, 2)                       # 4.605 (Delta chi^2 of a 90% CL contour)""",
    "chi2_quantile_boundary": """\
cevas.chi2_quantile_boundary(0.9)                 # one-sided limit at a physical boundary""",
    "significance": """\
cevas.significance("examples/sensitivity/saturne.toml", "no_electrons")""",
    "toy_counts": """\
cevas.toy_counts(np.array([1.0, 5.0, 20.0]), seed=1, toy=0)   # reproducible Poisson counts""",
    "SuperfluidHelium": """\
he = cevas.SuperfluidHelium(temperature_K=0.5)
q = np.array([0.5, 1.93, 3.0])                     # wavenumber [1/angstrom]
he.dispersion(q), he.static_structure_factor(q)   # eps(q) [eV], S(q)""",
    "deposited_spectrum": """\
xs = cevas.CrossSection("He4")
rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=3.7e17),
                       cevas.point_geometry(0.5), n_atoms=1e28)
he = cevas.SuperfluidHelium()
cevas.deposited_spectrum(rate, he, np.linspace(1e-3, 0.05, 50))   # dN/domega [events/(eV s)]""",
    "deposited_counts": """\
xs = cevas.CrossSection("He4")
rate = cevas.EventRate(xs, cevas.tritium_source(activity_Bq=3.7e17),
                       cevas.point_geometry(0.5), n_atoms=1e28)
c = cevas.deposited_counts(rate, cevas.SuperfluidHelium(), 3.15e7,
                           np.linspace(1e-3, 0.05, 11))            # 1 y, bins in omega [eV]
c["total_signal"]""",
    "medium_models": """\
cevas.medium_models()                             # ['free', 'superfluid_he4']""",
}


def _indent(code: str) -> str:
    return "\n".join("    " + line if line else "" for line in code.splitlines())


def install(namespace: dict) -> None:
    """Append 'Example::' blocks to the docstrings of the names above."""
    for name, code in EXAMPLES.items():
        obj = namespace.get(name)
        if obj is None:
            continue
        doc = obj.__doc__ or ""
        if "Example" in doc:
            continue
        try:
            obj.__doc__ = doc.rstrip() + "\n\nExample::\n\n" + _indent(code) + "\n"
        except (AttributeError, TypeError):
            pass
