#!/usr/bin/python3
"""Reference values for the detector-response tests (tests/rates/response_test.cpp).

Every value is computed here independently of the C++ code (mpmath at 30 digits). Prints the
values the test quotes as literals. Re-run after changing an input:

    /usr/bin/python3 scripts/reference_response.py

1. Lindhard quenching (J. Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33 (1963) no. 10),
   Q = k g / (1 + k g), g = 3 eps^0.15 + 0.7 eps^0.6 + eps, eps = 11.5 E_r[keV] Z^(-7/3),
   for germanium (Z = 32, k = 0.157) and xenon (Z = 54, k = 0.166).
2. Arrival-time fractions of pion decay-at-rest neutrinos inside a window [a, b] (ns from the
   pulse centre): prompt = pulse * E_pi, delayed = pulse * E_pi * E_mu, by mpmath.quad of the
   convolution integrals written out (not the C++ closed form), tau_pi = 26.033 ns,
   tau_mu = 2196.9811 ns (PDG 2024).
3. Poisson bin probabilities P(n | mu) summed over PE bins (mpmath).
"""
import mpmath as mp

mp.mp.dps = 30
TAU_PI = mp.mpf("26.033")
TAU_MU = mp.mpf("2196.9811")


def lindhard(er_kev, z, k):
    eps = mp.mpf("11.5") * er_kev * mp.power(z, mp.mpf(-7) / 3)
    g = 3 * eps ** mp.mpf("0.15") + mp.mpf("0.7") * eps ** mp.mpf("0.6") + eps
    return k * g / (1 + k * g)


def prompt_density(t):
    """Pion decay time density for a pion made at t = 0."""
    return mp.exp(-t / TAU_PI) / TAU_PI if t > 0 else mp.mpf(0)


def delayed_density(t):
    """Muon decay time density (pion then muon) for a pion made at t = 0: int_0^t E_pi E_mu."""
    if t <= 0:
        return mp.mpf(0)
    return (mp.exp(-t / TAU_MU) - mp.exp(-t / TAU_PI)) / (TAU_MU - TAU_PI)


def window_fraction(density, a, b, pulse, width):
    """int_a^b dt int ds pulse(s) density(t - s), pulse centred on 0."""
    if width == 0:
        return mp.quad(density, [max(a, 0), b]) if b > 0 else mp.mpf(0)
    # The inner time integral first: int_a^b density(t - s) dt = C(b - s) - C(a - s), with C the
    # cumulative, itself by quadrature of the density.
    def cum(u):
        if u <= 0:
            return mp.mpf(0)
        pts = [0, min(u, 200), u] if u > 200 else [0, u]
        return mp.quad(density, pts)

    if pulse == "rectangle":
        h = mp.mpf(width) / 2
        f = lambda s: (cum(b - s) - cum(a - s)) / width
        return mp.quad(f, [-h, min(h, a), min(h, b), h] if a < h else [-h, h])
    sigma = mp.mpf(width) / (2 * mp.sqrt(2 * mp.log(2)))
    phi = lambda s: mp.exp(-s * s / (2 * sigma * sigma)) / (mp.sqrt(2 * mp.pi) * sigma)
    f = lambda s: phi(s) * (cum(b - s) - cum(a - s))
    lim = 14 * sigma
    pts = sorted({-lim, lim, *(x for x in (a, b) if -lim < x < lim)})
    return mp.quad(f, pts)


def main():
    print("# Lindhard Q(E_r)")
    for z, k, name in ((32, mp.mpf("0.157"), "Ge"), (54, mp.mpf("0.166"), "Xe")):
        for er in ("0.5", "1", "5", "10"):
            print(f"lindhard {name} Z={z} k={k} E_r={er} keVnr Q={mp.nstr(lindhard(mp.mpf(er), z, k), 17)}")
    print("# timing fractions (window_start, window_stop, pulse, width) -> prompt, delayed")
    cases = [
        (0, 6000, "rectangle", 360),
        (-1000, 6000, "rectangle", 360),
        (200, 1500, "rectangle", 1000),
        (-1000, 5000, "gaussian", 360),
        (0, 6000, "gaussian", 360),
        (500, 6000, "gaussian", 360),
        (0, 1000, "gaussian", 0),
    ]
    for a, b, pulse, w in cases:
        p = window_fraction(prompt_density, mp.mpf(a), mp.mpf(b), pulse, mp.mpf(w))
        d = window_fraction(delayed_density, mp.mpf(a), mp.mpf(b), pulse, mp.mpf(w))
        print(f"timing {a} {b} {pulse} {w}: prompt={mp.nstr(p, 15)} delayed={mp.nstr(d, 15)}")
    print("# Poisson P(n >= 1 | mu), P(2 <= n < 5 | mu)")
    for mu in ("0.3", "4.2", "37.5"):
        m = mp.mpf(mu)
        p = lambda n: m**n * mp.exp(-m) / mp.factorial(n)
        print(f"poisson mu={mu}: P(n>=1)={mp.nstr(1 - p(0), 17)} "
              f"P(2<=n<5)={mp.nstr(p(2) + p(3) + p(4), 17)}")


if __name__ == "__main__":
    main()
