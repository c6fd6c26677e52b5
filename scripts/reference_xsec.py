#!/usr/bin/python3
"""Reference tables for the cevas test suite (tests/data/xsec, tests/data/targets).

An independent implementation of PHYSICS.md sections 2, 3, 4 and 7 (and of the conventions that
docs/physics.md adds: spin content of 2H and 3He, nucleon charges for quark-level NSI, Helm and
Klein-Nystrand parameters, the (F_N - F_e) charge form factor of the atom). It is written from the
formulas in flavour space with numpy 3x3 complex matrices, never from the C++ code, so that the
C++ library can be checked against it. Every table carries a header saying how it was produced.

Usage (from anywhere; /usr/bin/python3 has numpy, scipy, xraylib and mpmath):
    /usr/bin/python3 scripts/reference_xsec.py            # write every table
    /usr/bin/python3 scripts/reference_xsec.py --check    # recompute and compare with the files

Tables written:
    tests/data/targets/atomic_form_factor.csv    F_e for gauss6, hydrogenic, hubbell at q values
    tests/data/targets/nuclear_form_factor.csv   Helm and Klein-Nystrand F_N for a few A
    tests/data/xsec/dsigma_dT.csv                dsigma/dT (and C_V, C_A, C_S, C_T, mu_eff^2) per case
    tests/data/xsec/oscillation_probability.csv  P(nu_a -> nu_b), both orderings, nu and antinu
    tests/data/xsec/dip.csv                      recoil energy of the (anti-)nu_e dip C_V = 0
    tests/data/xsec/total_cross_section.csv      sigma(E) = integral dsigma/dT dT (scipy quad)

Each dsigma row names its case in a `settings` column: semicolon-separated `key=value` items,
    nsi.<vector|axial|scalar|tensor>.<u|d|p|n|nucleus|e>.<ab>=<complex>   (hermitian partner implied)
    millicharge.<ab>=<complex> [e], magnetic_moment.<ab>=<complex> [mu_B],
    charge_radius_cm2.<ab>=<complex> [cm^2],
    ordering=normal|inverted, axial_rule=spin_fractions|valence, tensor_model=spin|coherent,
    atomic_ff=hubbell|gauss6|hydrogenic|none, nuclear_ff=unity|helm|klein_nystrand
with <ab> in ee, emu, etau, mumu, mutau, tautau and complex numbers written like 0.1-0.05i.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
import scipy
import scipy.integrate
import scipy.optimize
import xraylib

try:
    import mpmath

    mpmath.mp.dps = 40
except ImportError:  # mpmath is optional: double precision is then used for j1 and the dip
    mpmath = None

ROOT = Path(__file__).resolve().parent.parent
OUT_XSEC = ROOT / "tests/data/xsec"
OUT_TARGETS = ROOT / "tests/data/targets"
AME_FILE = ROOT / "data/ame2020/mass.mas20.txt"

# ---------------------------------------------------------------------------------------------
# Units and constants (PHYSICS.md section 2). Natural units, eV = 1.
# ---------------------------------------------------------------------------------------------
SI_H = Decimal("6.62607015e-34")  # J s, exact (SI 2019)
SI_E = Decimal("1.602176634e-19")  # C, exact
SI_C = Decimal("299792458")  # m/s, exact
if mpmath is not None:
    HBARC_EV_M = float(mpmath.mpf(str(SI_H)) * mpmath.mpf(str(SI_C))
                       / (2 * mpmath.pi * mpmath.mpf(str(SI_E))))
else:
    HBARC_EV_M = float(SI_H) * float(SI_C) / (2 * math.pi * float(SI_E))
METRE = 1.0 / HBARC_EV_M  # [eV^-1]
CM = 1e-2 * METRE
ANGSTROM = 1e-10 * METRE
FM = 1e-15 * METRE

G_F = 1.1663788e-5 * 1e-18  # [eV^-2], PDG 2024
ALPHA = 1.0 / 137.035999084  # CODATA 2018
M_E = 510998.95  # [eV], CODATA 2018
A0 = 0.529177210903 * ANGSTROM  # [eV^-1], CODATA 2018
U_EV = 931.49410242e6  # [eV], CODATA 2018
M_P = 938.27208816e6  # [eV], CODATA 2018
M_N = 939.56542052e6  # [eV], CODATA 2018
SIN2W = 0.23857  # PDG, low energy MS-bar
G_A = 1.2754  # PDG 2024

# Hadronic inputs for quark-level NSI (docs/physics.md section 5).
DELTA_U, DELTA_D = 0.777, -0.438  # axial spin fractions, FLAG 2019
F_TU_P, F_TD_P, F_TU_N, F_TD_N = 0.0208, 0.0411, 0.0189, 0.0451  # Hoferichter et al. 2015
M_U, M_D = 2.16e6, 4.70e6  # [eV], PDG 2024 MS-bar at 2 GeV
G_T_U, G_T_D = 0.784, -0.204  # tensor charges, FLAG 2019

# gauss6 He coefficients (PHYSICS.md section 3), q in 1/a0, b in a0^2.
G6_A = [0.01925409, 0.09248223, 0.30175767, 0.61645215, 0.72588984, 0.24352640]
G6_B = [0.00655428, 0.01958383, 0.04760687, 0.10720243, 0.24337835, 0.56285970]
G6_A0 = 0.00063762

DEG = math.pi / 180.0
# NuFIT 5.2 (with SK atmospheric data), PHYSICS.md section 2 and docs/physics.md.
MIXING = {
    "normal": dict(t12=33.41 * DEG, t13=8.58 * DEG, t23=42.2 * DEG, delta=232.0 * DEG,
                   dm21=7.41e-5, dm31=2.507e-3),
    "inverted": dict(t12=33.41 * DEG, t13=8.57 * DEG, t23=49.0 * DEG, delta=276.0 * DEG,
                     dm21=7.41e-5, dm31=-2.486e-3 + 7.41e-5),
}

FLAVOURS = ["e", "mu", "tau"]
P_E = np.diag([1.0, 0.0, 0.0]).astype(complex)
ID3 = np.eye(3, dtype=complex)


def ame2020_mass_micro_u(z: int, a: int) -> Decimal:
    """Neutral-atom mass [micro-u] from the AME2020 file, parsed here independently."""
    started = False
    for line in AME_FILE.read_text().splitlines():
        if line.startswith("1N-Z"):
            started = True
            continue
        if not started or len(line) < 120:
            continue
        try:
            zz, aa = int(line[9:14]), int(line[14:19])
        except ValueError:
            continue
        if zz == z and aa == a:
            whole, frac = line[106:109].strip(), line[110:123].strip()
            return Decimal(whole) * 1000000 + Decimal(frac)
    raise SystemExit(f"Z={z} A={a} not in {AME_FILE}")


class Target:
    """A neutral atom: Z, N, mass, spin content (docs/physics.md) and default models."""

    def __init__(self, name, z, n, proton_net, neutron_net, shells, fe, fn, nuclear_j=0.5):
        self.name, self.z, self.n = name, z, n
        self.nuclear_j = nuclear_j  # nuclear spin J: spin weight of the nuclear axial/tensor part
        self.mass = float(ame2020_mass_micro_u(z, z + n) * Decimal("1e-6") * Decimal(repr(U_EV)))
        self.proton_net, self.neutron_net = proton_net, neutron_net
        self.shells = shells  # [(net spin L+ - L-, Z_eff of the hydrogenic 1s form factor)]
        self.fe_default, self.fn_default = fe, fn


TARGETS = {t.name: t for t in [
    Target("H1", 1, 0, 1.0, 0.0, [(1.0, 1.0)], "hydrogenic", "unity"),
    Target("H2", 1, 1, 1.0, 1.0, [(1.0, 1.0)], "hydrogenic", "unity", nuclear_j=1.0),
    Target("He3", 2, 1, 0.0, 1.0, [], "gauss6", "unity"),
    Target("He4", 2, 2, 0.0, 0.0, [], "gauss6", "unity"),
    Target("C12", 6, 6, 0.0, 0.0, [], "hubbell", "helm"),
    Target("Xe132", 54, 78, 0.0, 0.0, [], "hubbell", "helm"),
]}


# ---------------------------------------------------------------------------------------------
# Form factors (PHYSICS.md section 3).
# ---------------------------------------------------------------------------------------------
def spin_weight(j: float) -> float:
    """PHYSICS.md section 4: the elastic spin sum gives C_A = (4/3)(J+1)/J (sum_N f_N <S_N>)^2.
    The amplitudes here carry (Z+ - Z-) = 2 <S_p>, i.e. C_A = (net)^2 for J = 1/2: relative
    to that form the weight is (4/3)(J+1)/J / 4 (1 for J = 1/2, 2/3 for the deuteron)."""
    return (4.0 / 3.0) * (j + 1.0) / j / 4.0


def fe_gauss6(q2: float) -> float:
    x = q2 * A0 * A0  # (q a0)^2
    return (G6_A0 + sum(a * math.exp(-b * x) for a, b in zip(G6_A, G6_B))) / 2.0


def fe_hydrogenic(q2: float, z_eff: float) -> float:
    return 1.0 / (1.0 + q2 * A0 * A0 / (4.0 * z_eff * z_eff)) ** 2


# Below its first table nodes xraylib's spline overshoots (F_e - 1 = +1.7e-6 for H at
# x = 5e-4 / angstrom), which spoils (1 - F_e)/q^2 in the millicharge term. As in the library
# (targets/form_factor.hpp), F_e = 1 - a x^2 - b x^4 below x1, matched to the table at x1 and x2
# (F_e is even in q with F_e(0) = 1).
HUBBELL_SMALL_X1, HUBBELL_SMALL_X2 = 0.02, 0.04  # [1/angstrom]


def fe_hubbell(z: int, q2: float) -> float:
    # xraylib's x = sin(theta/2)/lambda [1/angstrom] = |q| / (4 pi hbar c [eV angstrom]).
    x = math.sqrt(q2) / (4.0 * math.pi * HBARC_EV_M * 1e10)
    if x >= HUBBELL_SMALL_X1:
        return xraylib.FF_Rayl(z, x) / z
    u1, u2 = HUBBELL_SMALL_X1 ** 2, HUBBELL_SMALL_X2 ** 2
    f1 = 1.0 - xraylib.FF_Rayl(z, HUBBELL_SMALL_X1) / z
    f2 = 1.0 - xraylib.FF_Rayl(z, HUBBELL_SMALL_X2) / z
    # a u + b u^2 = f at u1 and u2 (Cramer's rule)
    det = u1 * u2 * u2 - u2 * u1 * u1
    a = (f1 * u2 * u2 - f2 * u1 * u1) / det
    b = (u1 * f2 - u2 * f1) / det
    u = x * x
    return 1.0 - a * u - b * u * u


def atomic_ff(model: str, z: int, q2: float) -> float:
    if model == "gauss6":
        assert z == 2
        return fe_gauss6(q2)
    if model == "hydrogenic":
        return fe_hydrogenic(q2, {1: 1.0, 2: 27.0 / 16.0}[z])
    if model == "hubbell":
        return fe_hubbell(z, q2)
    if model == "none":
        return 0.0
    raise ValueError(model)


def three_j1_over_x(x: float) -> float:
    if mpmath is not None:
        xm = mpmath.mpf(x)
        if xm == 0:
            return 1.0
        return float(3 * (mpmath.sin(xm) - xm * mpmath.cos(xm)) / xm**3)
    if x == 0:
        return 1.0
    return 3.0 * scipy.special.spherical_jn(1, x) / x


def helm_radius(a: int) -> tuple[float, float]:
    """Helm R0 and skin s [eV^-1], Lewin & Smith (1996) parameters."""
    c = 1.23 * a ** (1.0 / 3.0) - 0.60
    aa, s = 0.52, 0.9
    r0 = math.sqrt(c * c + 7.0 / 3.0 * math.pi ** 2 * aa * aa - 5.0 * s * s)
    return r0 * FM, s * FM


def nuclear_ff(model: str, a: int, q2: float) -> float:
    if model == "unity":
        return 1.0
    q = math.sqrt(q2)
    if model == "helm":
        r0, s = helm_radius(a)
        return three_j1_over_x(q * r0) * math.exp(-0.5 * q2 * s * s)
    if model == "klein_nystrand":
        ra, ak = 1.2 * a ** (1.0 / 3.0) * FM, 0.7 * FM
        return three_j1_over_x(q * ra) / (1.0 + q2 * ak * ak)
    raise ValueError(model)


# ---------------------------------------------------------------------------------------------
# Settings of one case (see module docstring).
# ---------------------------------------------------------------------------------------------
PAIRS = {a + b: (i, j) for i, a in enumerate(FLAVOURS) for j, b in enumerate(FLAVOURS)}


def parse_complex(text: str) -> complex:
    return complex(text.replace("i", "j")) if "i" in text else complex(float(text), 0.0)


class Settings:
    STRUCTURES = ("vector", "axial", "scalar", "tensor")
    LEVELS = ("u", "d", "p", "n", "nucleus", "e")

    def __init__(self, text: str = ""):
        self.text = text
        self.nsi = {s: {lv: np.zeros((3, 3), complex) for lv in self.LEVELS} for s in self.STRUCTURES}
        self.millicharge = np.zeros((3, 3), complex)
        self.magnetic_moment = np.zeros((3, 3), complex)
        self.charge_radius = np.zeros((3, 3), complex)  # [eV^-2]
        self.ordering = "normal"
        self.axial_rule = "spin_fractions"
        self.tensor_model = "spin"
        self.atomic_ff = None
        self.nuclear_ff = None
        for item in filter(None, text.split(";")):
            key, value = item.split("=")
            parts = key.split(".")
            if parts[0] == "nsi":
                self._set(self.nsi[parts[1]][parts[2]], parts[3], parse_complex(value))
            elif parts[0] == "millicharge":
                self._set(self.millicharge, parts[1], parse_complex(value))
            elif parts[0] == "magnetic_moment":
                self._set(self.magnetic_moment, parts[1], parse_complex(value))
            elif parts[0] == "charge_radius_cm2":
                self._set(self.charge_radius, parts[1], parse_complex(value) * CM * CM)
            elif key in ("ordering", "axial_rule", "tensor_model", "atomic_ff", "nuclear_ff"):
                setattr(self, key, value)
            else:
                raise ValueError(f"unknown setting {key}")

    @staticmethod
    def _set(m, pair, v):
        i, j = PAIRS[pair]
        m[i, j] = v
        m[j, i] = np.conj(v)


# ---------------------------------------------------------------------------------------------
# Mixing and propagation (PHYSICS.md section 4).
# ---------------------------------------------------------------------------------------------
def pmns(p) -> np.ndarray:
    """U = R23 U13(delta) R12, PDG standard parametrisation, built as the product."""
    c12, s12 = math.cos(p["t12"]), math.sin(p["t12"])
    c13, s13 = math.cos(p["t13"]), math.sin(p["t13"])
    c23, s23 = math.cos(p["t23"]), math.sin(p["t23"])
    r23 = np.array([[1, 0, 0], [0, c23, s23], [0, -s23, c23]], complex)
    ed = np.exp(1j * p["delta"])
    u13 = np.array([[c13, 0, s13 / ed], [0, 1, 0], [-s13 * ed, 0, c13]], complex)
    r12 = np.array([[c12, s12, 0], [-s12, c12, 0], [0, 0, 1]], complex)
    return r23 @ u13 @ r12


def evolution(ordering: str, e_nu: float, baseline: float, antineutrino: bool) -> np.ndarray:
    """S(L) = U diag(exp(-i m_i^2 L / 2E)) U^dagger; antineutrinos U -> U^*. L [eV^-1]."""
    if baseline == 0:
        return ID3.copy()  # exactly: U U^dagger = 1 (avoids 1e-17 rounding off the diagonal)
    p = MIXING[ordering]
    u = pmns(p)
    if antineutrino:
        u = u.conj()
    m2 = np.array([0.0, p["dm21"], p["dm31"]])
    d = np.diag(np.exp(-1j * m2 * baseline / (2.0 * e_nu)))
    return u @ d @ u.conj().T


# ---------------------------------------------------------------------------------------------
# Cross section (PHYSICS.md sections 4 and 7).
# ---------------------------------------------------------------------------------------------
def nucleon_vector(lv):
    return 2 * lv["u"] + lv["d"] + lv["p"], lv["u"] + 2 * lv["d"] + lv["n"]


def nucleon_axial(lv, rule):
    if rule == "valence":
        return nucleon_vector(lv)
    return (DELTA_U * lv["u"] + DELTA_D * lv["d"] + lv["p"],
            DELTA_D * lv["u"] + DELTA_U * lv["d"] + lv["n"])


def nucleon_scalar(lv):
    return ((M_P / M_U) * F_TU_P * lv["u"] + (M_P / M_D) * F_TD_P * lv["d"] + lv["p"],
            (M_N / M_U) * F_TU_N * lv["u"] + (M_N / M_D) * F_TD_N * lv["d"] + lv["n"])


def nucleon_tensor(lv):
    return (G_T_U * lv["u"] + G_T_D * lv["d"] + lv["p"],
            G_T_D * lv["u"] + G_T_U * lv["d"] + lv["n"])


def evaluate(target: Target, settings: Settings, flavour: str, antineutrino: bool, e_nu: float,
             t: float, baseline_m: float = 0.0) -> dict:
    """Every piece of dsigma/dT at one point. e_nu, t [eV]; baseline [m]."""
    z, n, m = target.z, target.n, target.mass
    fe_model = settings.atomic_ff or target.fe_default
    fn_model = settings.nuclear_ff or target.fn_default
    q2 = 2.0 * m * t + t * t
    fe = atomic_ff(fe_model, z, q2)
    fn = nuclear_ff(fn_model, z + n, q2)
    shells_ff = [fe_hydrogenic(q2, zeff) for _, zeff in target.shells]

    # Vector coupling matrix G(T) for neutrinos, written as in PHYSICS.md section 4.
    gp, gn, ge = 0.5 - 2 * SIN2W, -0.5, -0.5 + 2 * SIN2W
    v = settings.nsi["vector"]
    eps_p, eps_n = nucleon_vector(v)
    eps_nucl = z * eps_p + n * eps_n + v["nucleus"]
    c_gamma = 2.0 * math.sqrt(2.0) * math.pi * ALPHA * z / (G_F * q2)  # -> sqrt2 pi a Z/(G_F M T)
    kappa = math.sqrt(2.0) * math.pi * ALPHA / (3.0 * G_F)
    G = ((z * gp + n * gn) * fn + z * fe * ge) * ID3 + z * fe * P_E
    G = G + eps_nucl * fn + z * fe * v["e"]
    G = G + c_gamma * (fn - fe) * settings.millicharge
    G = G - kappa * z * (fn - fe) * settings.charge_radius

    # Axial (nucleus and electron shells separately), section 4 and 7.
    a = settings.nsi["axial"]
    eps_pa, eps_na = nucleon_axial(a, settings.axial_rule)
    GA_nucl = math.sqrt(spin_weight(target.nuclear_j)) * fn * (target.proton_net * (G_A / 2 * ID3 + eps_pa)
                    + target.neutron_net * (-G_A / 2 * ID3 + eps_na) + a["nucleus"])
    GA_shells = [f * net * (-0.5 * ID3 + P_E + a["e"]) for (net, _), f in zip(target.shells, shells_ff)]

    # Scalar (coherent nucleus + electrons) and tensor (spin or coherent model), section 7.
    s_ = settings.nsi["scalar"]
    eps_ps, eps_ns = nucleon_scalar(s_)
    GS = fn * (z * eps_ps + n * eps_ns + s_["nucleus"]) + fe * z * s_["e"]
    tt = settings.nsi["tensor"]
    eps_pt, eps_nt = nucleon_tensor(tt)
    if settings.tensor_model == "coherent":
        GT = [fn * (z * eps_pt + n * eps_nt + tt["nucleus"]) + fe * z * tt["e"]]
    else:
        GT = [math.sqrt(spin_weight(target.nuclear_j)) * fn * (target.proton_net * eps_pt + target.neutron_net * eps_nt + tt["nucleus"])]
        GT += [f * net * tt["e"] for (net, _), f in zip(target.shells, shells_ff)]
    MU = settings.magnetic_moment

    # Antineutrinos: every coupling matrix transposed, U -> U^*.
    S = evolution(settings.ordering, e_nu, baseline_m * METRE, antineutrino)
    state = S[:, FLAVOURS.index(flavour)]

    def c_of(mat):
        mat = mat.T if antineutrino else mat
        return float(np.sum(np.abs(mat @ state) ** 2))

    c_v = c_of(G)
    c_a = c_of(GA_nucl) + sum(c_of(x) for x in GA_shells)
    c_s = c_of(GS)
    c_t = sum(c_of(x) for x in GT)
    mu2 = c_of(MU)

    t_max = 2.0 * e_nu ** 2 / (m + 2.0 * e_nu)
    weak = magnetic = 0.0
    if t <= t_max:
        r = m * t / e_nu ** 2
        weak = (G_F ** 2 * m / math.pi) * (c_v * (1 - r / 2) + c_a * (1 + r / 2) + c_s * r / 8
                                           + 2 * c_t * (1 - r / 4))
        magnetic = (math.pi * ALPHA ** 2 / M_E ** 2) * mu2 * (1 / t - 1 / e_nu) * z ** 2 * (fn - fe) ** 2
    return dict(q2=q2, fe=fe, fn=fn, c_v=c_v, c_a=c_a, c_s=c_s, c_t=c_t, mu2=mu2, weak=weak,
                magnetic=magnetic, dsigma=weak + magnetic)


# ---------------------------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------------------------
def header(title: str, lines: list[str]) -> str:
    versions = (f"numpy {np.__version__}, scipy {scipy.__version__}, xraylib {xraylib.__version__}, "
                + (f"mpmath {mpmath.__version__} (40 digits)" if mpmath else "no mpmath"))
    out = [f"# {title}",
           "# Produced by scripts/reference_xsec.py (independent numpy implementation of PHYSICS.md",
           "# sections 2-4 and 7 and docs/physics.md); do not edit, rerun the script.",
           f"# Tools: python {sys.version.split()[0]}, {versions}.",
           f"# Constants: G_F = 1.1663788e-5 GeV^-2, alpha = 1/137.035999084, m_e = 510998.95 eV,",
           f"#   a0 = 0.529177210903 angstrom, u = 931.49410242 MeV, hbar c = {HBARC_EV_M * 1e9!r} MeV fm,",
           f"#   sin^2 theta_W = {SIN2W}, g_A = {G_A}, masses AME2020 (data/ame2020/mass.mas20.txt)."]
    out += [f"# {x}" for x in lines]
    return "\n".join(out) + "\n"


def write_csv(path: Path, head: str, columns: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    buf.write(head)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([repr(x) if isinstance(x, float) else x for x in r])
    return buf.getvalue()


def table_atomic_ff():
    q_au = [0.0, 0.001, 0.01, 0.1, 0.2, 0.3, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0]
    rows = []
    for model, zs in [("gauss6", [2]), ("hydrogenic", [1, 2]), ("hubbell", [1, 2, 6, 54])]:
        for z in zs:
            for qa in q_au:
                q = qa / A0
                rows.append([model, z, qa, q, atomic_ff(model, z, q * q)])
    head = header("Atomic form factor F_e(q)", [
        "q_au = |q| a0 (atomic units), q_eV = |q| [eV]; pass q2 = q_eV^2 to the library.",
        "gauss6: (1/Z)[sum a_i exp(-b_i (q a0)^2) + a_0] (PHYSICS.md 3); hydrogenic: 1/(1+(q a0/2Z_eff)^2)^2,",
        "Z_eff = 1 (H) or 27/16 (He); hubbell: xraylib FF_Rayl(Z, x)/Z, x = q/(4 pi hbar c [eV angstrom]),",
        "below x = 0.02/angstrom 1 - a x^2 - b x^4 matched to the table at x = 0.02 and 0.04/angstrom."])
    return write_csv(OUT_TARGETS / "atomic_form_factor.csv", head,
                     ["model", "z", "q_au", "q_eV", "form_factor"], rows)


def table_nuclear_ff():
    q_fm = [0.0, 0.001, 0.01, 0.1, 0.3, 0.5, 1.0, 1.5]
    rows = []
    for model in ["helm", "klein_nystrand"]:
        for a in [4, 12, 40, 132]:
            for qf in q_fm:
                q = qf / FM
                rows.append([model, a, qf, q, nuclear_ff(model, a, q * q)])
    head = header("Nuclear form factor F_N(q)", [
        "q_per_fm = |q| [1/fm], q_eV = |q| [eV]; 3 j1(x)/x evaluated with mpmath.",
        "helm: 3 j1(q R0)/(q R0) exp(-q^2 s^2/2), R0^2 = c^2 + 7/3 pi^2 a^2 - 5 s^2, c = 1.23 A^(1/3) - 0.60 fm,",
        "a = 0.52 fm, s = 0.9 fm (Lewin & Smith 1996); klein_nystrand: 3 j1(q R_A)/(q R_A)/(1 + q^2 a_k^2),",
        "R_A = 1.2 A^(1/3) fm, a_k = 0.7 fm."])
    return write_csv(OUT_TARGETS / "nuclear_form_factor.csv", head,
                     ["model", "a", "q_per_fm", "q_eV", "form_factor"], rows)


def cases():
    """(case, target, flavours, types, energies [eV], recoils [eV], baseline [m], settings)."""
    both = ["neutrino", "antineutrino"]
    kev_t = [1e-3, 4e-3, 9e-3, 2.5e-2, 7e-2, 0.3, 0.6]
    he_t = [2e-3, 9e-3, 3e-2, 8e-2]
    out = []
    for tg in ["H1", "H2", "He3", "He4", "C12"]:
        out.append(("sm", tg, FLAVOURS, both, [15e3], kev_t, 0.0, ""))
    out.append(("sm_hubbell", "He4", FLAVOURS, both, [15e3], he_t, 0.0, "atomic_ff=hubbell"))
    out.append(("sm_hydrogenic", "He4", ["e"], both, [15e3], he_t, 0.0, "atomic_ff=hydrogenic"))
    mev_t = [1e3, 5e3, 2e4, 8e4, 3e5]
    for tg in ["C12", "Xe132"]:
        for fn in ["unity", "helm", "klein_nystrand"]:
            out.append((f"cevns_{fn}", tg, ["e", "mu"], both, [10e6, 30e6], mev_t, 0.0,
                        f"atomic_ff=none;nuclear_ff={fn}"))
    # Vector NSI, each level on its own.
    nsi_v = [
        ("nsi_nucleus_ee", "nsi.vector.nucleus.ee=0.3"),
        ("nsi_nucleus_ee_neg", "nsi.vector.nucleus.ee=-0.5"),
        ("nsi_nucleus_emu", "nsi.vector.nucleus.emu=0.1-0.05i"),
        ("nsi_nucleus_etau", "nsi.vector.nucleus.etau=0.2i"),
        ("nsi_nucleus_mutau", "nsi.vector.nucleus.mutau=0.15+0.1i"),
        ("nsi_proton", "nsi.vector.p.ee=0.05;nsi.vector.p.emu=0.02+0.03i"),
        ("nsi_neutron", "nsi.vector.n.mumu=-0.04;nsi.vector.n.mutau=0.03+0.02i"),
        ("nsi_quark", "nsi.vector.u.ee=0.02;nsi.vector.d.emu=-0.01+0.01i;nsi.vector.d.tautau=0.03"),
        ("nsi_electron_ee", "nsi.vector.e.ee=0.1"),
        ("nsi_electron_emu", "nsi.vector.e.emu=0.05-0.1i;nsi.vector.e.etau=0.07"),
    ]
    for name, s in nsi_v:
        out.append((name, "He4", FLAVOURS, both, [15e3], he_t, 0.0, s))
    out.append(("nsi_quark", "C12", ["e"], both, [15e3], [2e-3, 1e-2], 0.0, nsi_v[7][1]))
    out.append(("nsi_electron_emu", "H1", ["e", "mu"], both, [15e3], [5e-3, 0.1], 0.0, nsi_v[9][1]))
    # Electromagnetic properties.
    em = [
        ("millicharge_ee", "millicharge.ee=1e-15"),
        ("millicharge_matrix", "millicharge.ee=1e-15;millicharge.emu=5e-16-3e-16i;millicharge.mumu=-2e-15"),
        ("magnetic_ee", "magnetic_moment.ee=1e-12"),
        ("magnetic_offdiag", "magnetic_moment.emu=7e-13+5e-13i;magnetic_moment.tautau=2e-12"),
        ("charge_radius_ee", "charge_radius_cm2.ee=1e-32"),
        ("charge_radius_offdiag", "charge_radius_cm2.emu=5e-33;charge_radius_cm2.mumu=-2e-32"),
    ]
    for name, s in em:
        for tg in ["H1", "H2", "He3", "He4"]:
            out.append((name, tg, FLAVOURS, both, [15e3], [1e-3, 9e-3, 3e-2], 0.0, s))
        # C12 with F_N = unity: PHYSICS.md writes (1 - F_e), the library (F_N - F_e).
        out.append((name, "C12", ["e"], both, [15e3], [1e-3, 9e-3, 3e-2], 0.0, s + ";nuclear_ff=unity"))
    # Axial NSI on targets with spin (and the valence rule).
    ax = [
        ("axial_proton", "nsi.axial.p.ee=0.1;nsi.axial.p.emu=0.05-0.02i"),
        ("axial_neutron", "nsi.axial.n.ee=-0.2;nsi.axial.n.mutau=0.1i"),
        ("axial_quark", "nsi.axial.u.ee=0.1;nsi.axial.d.emu=0.05i"),
        ("axial_quark_valence", "nsi.axial.u.ee=0.1;nsi.axial.d.emu=0.05i;axial_rule=valence"),
        ("axial_nucleus", "nsi.axial.nucleus.emu=0.1;nsi.axial.nucleus.tautau=0.3"),
        ("axial_electron", "nsi.axial.e.ee=0.2;nsi.axial.e.etau=-0.1+0.1i"),
    ]
    for name, s in ax:
        for tg in ["H1", "H2", "He3"]:
            out.append((name, tg, FLAVOURS, both, [15e3], [1e-3, 2e-2, 0.1], 0.0, s))
    # Scalar and tensor.
    st = [
        ("scalar_quark", "nsi.scalar.u.ee=1e-3;nsi.scalar.d.emu=2e-3-1e-3i", ["H1", "He4", "C12"]),
        ("scalar_nucleus", "nsi.scalar.nucleus.ee=0.1;nsi.scalar.e.emu=0.05i", ["H1", "He4"]),
        ("scalar_proton", "nsi.scalar.p.emu=0.1-0.1i;nsi.scalar.n.tautau=0.05", ["He3", "He4"]),
        ("tensor_spin", "nsi.tensor.p.ee=0.1;nsi.tensor.e.emu=0.05;nsi.tensor.u.mumu=0.02",
         ["H1", "H2", "He3", "He4"]),
        ("tensor_spin_nucleus", "nsi.tensor.nucleus.ee=0.1;nsi.tensor.n.etau=0.05i", ["He3"]),
        ("tensor_coherent", "tensor_model=coherent;nsi.tensor.u.ee=0.05;nsi.tensor.e.ee=0.1;"
                            "nsi.tensor.d.mutau=0.02-0.01i", ["H1", "He4", "C12"]),
    ]
    for name, s, tgs in st:
        for tg in tgs:
            out.append((name, tg, FLAVOURS, both, [15e3], [1e-3, 9e-3, 3e-2], 0.0, s))
    # Oscillation at finite baselines, both orderings, with and without complex NSI.
    for L in [1.0, 10.0]:
        out.append(("osc_normal", "He4", FLAVOURS, both, [15e3], he_t, L, ""))
        out.append(("osc_inverted", "He4", FLAVOURS, both, [15e3], he_t, L, "ordering=inverted"))
        out.append(("osc_nsi", "He4", FLAVOURS, both, [15e3], he_t, L,
                    "nsi.vector.nucleus.emu=0.1-0.05i;nsi.vector.e.mutau=0.05+0.02i"))
        out.append(("osc_inverted_em", "He4", FLAVOURS, both, [15e3], [1e-3, 9e-3], L,
                    "ordering=inverted;magnetic_moment.emu=1e-12;millicharge.etau=1e-15i"))
        out.append(("osc_normal", "H1", FLAVOURS, both, [15e3], [1e-3, 0.1], L, ""))
    out.append(("osc_normal", "C12", ["e", "mu"], both, [1e6], [1e1, 1e2], 30.0,
                "atomic_ff=none;nuclear_ff=helm"))
    return out


def table_dsigma():
    rows = []
    for case, tg, flavs, types, energies, recoils, baseline, settings_text in cases():
        target, settings = TARGETS[tg], Settings(settings_text)
        for fl in flavs:
            for ty in types:
                for e_nu in energies:
                    for t in recoils:
                        r = evaluate(target, settings, fl, ty == "antineutrino", e_nu, t, baseline)
                        rows.append([case, tg, fl, ty, e_nu, t, float(baseline), settings_text,
                                     r["fe"], r["fn"], r["c_v"], r["c_a"], r["c_s"], r["c_t"],
                                     r["mu2"], r["weak"], r["magnetic"], r["dsigma"],
                                     r["dsigma"] / (CM * CM)])
    head = header("dsigma/dT of coherent elastic neutrino-atom scattering", [
        "One row per (case, target, flavour, particle type, E, T, baseline). settings: see the script's",
        "docstring (empty: Standard Model with the target's default form factors, NuFIT 5.2 normal ordering).",
        "dsigma = (G_F^2 M/pi)[C_V(1-MT/2E^2)+C_A(1+MT/2E^2)+C_S MT/8E^2+2C_T(1-MT/4E^2)]",
        "       + (pi alpha^2/m_e^2) mu_eff^2 (1/T-1/E) Z^2 (F_N-F_e)^2; zero above T_max = 2E^2/(M+2E).",
        "C_X(alpha) = sum_beta |(G_X S(L))_{beta alpha}|^2; antineutrinos G -> G^T, U -> U^*.",
        "Millicharge: 2 sqrt2 pi alpha Z/(G_F |q|^2) (F_N-F_e) Q in G (PHYSICS.md's 1/(MT) at |q|^2 = 2MT);",
        "charge radius: -sqrt2 pi alpha Z/(3 G_F) (F_N-F_e) <r^2> in G (PHYSICS.md 7).",
        "Units: e_nu_eV, t_eV [eV]; baseline_m [m]; mu_eff2 [mu_B^2]; weak, magnetic, dsigma_dT_eV3 [eV^-3];",
        "dsigma_dT_cm2_per_eV [cm^2/eV]."])
    cols = ["case", "target", "flavor", "type", "e_nu_eV", "t_eV", "baseline_m", "settings",
            "f_e", "f_n", "c_v", "c_a", "c_s", "c_t", "mu_eff2", "weak", "magnetic",
            "dsigma_dT_eV3", "dsigma_dT_cm2_per_eV"]
    return write_csv(OUT_XSEC / "dsigma_dT.csv", head, cols, rows)


def table_oscillation():
    rows = []
    for ordering in ["normal", "inverted"]:
        for ty in ["neutrino", "antineutrino"]:
            for e_nu, L in [(15e3, 0.5), (15e3, 1.0), (15e3, 10.0), (15e3, 1000.0), (3e6, 1000.0),
                            (3e6, 5.0e4)]:
                S = evolution(ordering, e_nu, L * METRE, ty == "antineutrino")
                for a, fa in enumerate(FLAVOURS):
                    for b, fb in enumerate(FLAVOURS):
                        rows.append([ordering, ty, fa, fb, e_nu, L, float(abs(S[b, a]) ** 2)])
    head = header("Vacuum oscillation probabilities P(nu_a -> nu_b) = |S(L)_{ba}|^2", [
        "S(L) = U diag(exp(-i m_i^2 L/2E)) U^dagger, U = R23 U13(delta) R12; antineutrinos U -> U^*.",
        "NuFIT 5.2 NO: 33.41, 8.58, 42.2 deg, delta 232 deg, dm21 7.41e-5, dm31 2.507e-3 eV^2;",
        "IO: 33.41, 8.57, 49.0 deg, delta 276 deg, dm21 7.41e-5, dm32 -2.486e-3 eV^2.",
        "Units: e_nu_eV [eV], baseline_m [m]."])
    return write_csv(OUT_XSEC / "oscillation_probability.csv", head,
                     ["ordering", "type", "from", "to", "e_nu_eV", "baseline_m", "probability"], rows)


def dip_recoil(target: Target, fe_model: str) -> float:
    """T > 0 where the nu_e vector coupling G_ee vanishes at L = 0 (a double zero of C_V)."""
    z, n, m = target.z, target.n, target.mass
    gnucl = z * (0.5 - 2 * SIN2W) - 0.5 * n
    ge_plus_w = -0.5 + 2 * SIN2W + 1.0
    fn_model = target.fn_default

    def g_ee(t):
        q2 = 2 * m * t + t * t
        return gnucl * nuclear_ff(fn_model, z + n, q2) + z * atomic_ff(fe_model, z, q2) * ge_plus_w

    lo, hi = 1e-6, 2 * (15e3) ** 2 / m * 50
    # Bracket the sign change: G_ee = Z - N/2 > 0 at T -> 0 (F_e = 1) and g_V^Nucl < 0 once F_e -> 0.
    ts = np.geomspace(lo, hi, 2000)
    vals = [g_ee(t) for t in ts]
    for i in range(len(ts) - 1):
        if vals[i] == 0 or vals[i] * vals[i + 1] < 0:
            a, b = ts[i], ts[i + 1]
            break
    else:
        raise SystemExit(f"no dip for {target.name}/{fe_model}")
    if mpmath is not None and fe_model in ("gauss6", "hydrogenic") and fn_model == "unity":
        # Solve in extended precision: F_e(q) = -g_Nucl / (Z (g_V^e + 1)), then T from |q|^2.
        target_fe = mpmath.mpf(-gnucl) / (z * mpmath.mpf(ge_plus_w))
        a0 = mpmath.mpf(A0)
        if fe_model == "gauss6":
            f = lambda x: (G6_A0 + sum(mpmath.mpf(ai) * mpmath.exp(-mpmath.mpf(bi) * x)
                                       for ai, bi in zip(G6_A, G6_B))) / 2 - target_fe
        else:
            zeff = mpmath.mpf({1: 1, 2: mpmath.mpf(27) / 16}[z])
            f = lambda x: 1 / (1 + x / (4 * zeff ** 2)) ** 2 - target_fe
        xa, xb = (2 * m * a + a * a) * A0 ** 2, (2 * m * b + b * b) * A0 ** 2
        x = mpmath.findroot(f, (mpmath.mpf(xa), mpmath.mpf(xb)), solver="anderson")
        q2 = x / a0 ** 2
        mm = mpmath.mpf(m)
        return float(mpmath.sqrt(mm * mm + q2) - mm)
    return scipy.optimize.brentq(g_ee, a, b, xtol=1e-300, rtol=1e-15, maxiter=500)


def table_dip():
    rows = []
    for tg, model in [("He4", "gauss6"), ("He4", "hubbell"), ("He4", "hydrogenic"), ("H2", "hydrogenic"),
                      ("He3", "gauss6"), ("C12", "hubbell")]:
        rows.append([tg, model, TARGETS[tg].fn_default, dip_recoil(TARGETS[tg], model)])
    head = header("Recoil energy of the SM (anti-)nu_e dip, C_V(T) = 0 at L = 0", [
        "G_ee = g_V^Nucl F_N + Z F_e (g_V^e + 1) = 0 solved for T (mpmath findroot for the analytic",
        "models, scipy brentq for hubbell). Independent of E and of neutrino vs antineutrino at L = 0.",
        "Units: t_dip_eV [eV]."])
    return write_csv(OUT_XSEC / "dip.csv", head, ["target", "atomic_ff", "nuclear_ff", "t_dip_eV"], rows)


def table_total():
    # quad's roundoff warning (hubbell's spline for 12C) is not needed: its error estimate is
    # written to the table (rel_error), and the tests compare at 1e-9.
    warnings.filterwarnings("ignore", category=scipy.integrate.IntegrationWarning)
    rows = []
    specs = [("He4", "", [15e3]), ("H1", "", [15e3]), ("C12", "", [15e3]),
             ("C12", "atomic_ff=none;nuclear_ff=helm", [10e6, 30e6]),
             ("Xe132", "atomic_ff=none;nuclear_ff=helm", [10e6, 30e6]),
             ("Xe132", "atomic_ff=none;nuclear_ff=unity", [30e6])]
    for tg, s, energies in specs:
        target, settings = TARGETS[tg], Settings(s)
        for fl in ["e", "mu"]:
            for ty in ["neutrino", "antineutrino"]:
                for e_nu in energies:
                    t_max = 2 * e_nu ** 2 / (target.mass + 2 * e_nu)
                    f = lambda t: evaluate(target, settings, fl, ty == "antineutrino", e_nu, t)["dsigma"]
                    # Break the range where F_e changes fastest (the atomic scale) for quad.
                    pts = [p for p in np.geomspace(t_max * 1e-6, t_max, 13)[:-1]]
                    val, err = scipy.integrate.quad(f, 0.0, t_max, points=pts, epsabs=0,
                                                    epsrel=1e-13, limit=500)
                    rows.append([tg, s, fl, ty, e_nu, val, val / (CM * CM), err / abs(val)])
    head = header("Total cross section sigma(E) = integral_0^{T_max} dsigma/dT dT", [
        "scipy.integrate.quad (epsrel 1e-13) of the dsigma/dT of this script at L = 0.",
        "Units: e_nu_eV [eV]; sigma_eV2 [eV^-2]; sigma_cm2 [cm^2]; rel_error = quad's estimate."])
    return write_csv(OUT_XSEC / "total_cross_section.csv", head,
                     ["target", "settings", "flavor", "type", "e_nu_eV", "sigma_eV2", "sigma_cm2",
                      "rel_error"], rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="recompute and compare with the committed files instead of writing")
    args = ap.parse_args()
    tables = {
        OUT_TARGETS / "atomic_form_factor.csv": table_atomic_ff,
        OUT_TARGETS / "nuclear_form_factor.csv": table_nuclear_ff,
        OUT_XSEC / "dsigma_dT.csv": table_dsigma,
        OUT_XSEC / "oscillation_probability.csv": table_oscillation,
        OUT_XSEC / "dip.csv": table_dip,
        OUT_XSEC / "total_cross_section.csv": table_total,
    }
    status = 0
    for path, make in tables.items():
        text = make()
        if args.check:
            same = path.exists() and path.read_text() == text
            print(f"{'ok     ' if same else 'DIFFERS'} {path.relative_to(ROOT)}")
            status |= 0 if same else 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    return status


if __name__ == "__main__":
    sys.exit(main())
