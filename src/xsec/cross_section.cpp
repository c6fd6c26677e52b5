#include "cevas/xsec/cross_section.hpp"

#include <atomic>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/limits.hpp"
#include "cevas/numerics/parallel.hpp"
#include "cevas/oscillation/mixing.hpp"
#include "mediator_detail.hpp"

namespace cevas {

namespace {

constexpr std::size_t kChunk = 256;
constexpr std::size_t kParallelGrain = 4 * kChunk;
constexpr double kPi = std::numbers::pi;

Matrix3c diag3(const std::array<double, 3>& d) { return Matrix3c::diagonal(d[0], d[1], d[2]); }

Matrix3c projector_e() { return Matrix3c::diagonal(1.0, 0.0, 0.0); }

// The kinematic combination of the four couplings, shared by every path so that scalar and
// vectorised code round alike (with -ffp-contract=off, see CMakeLists.txt): near T_max the
// factor 1 - MT/2E^2 ~ 2E/M cancels, and any difference in rounding grows by M/2E.
// ratio = M T / E^2.
inline double weak_combination(double pref, double ratio, double cv, double ca, double cs,
                               double ct) {
    return pref * (cv * (1 - 0.5 * ratio) + ca * (1 + 0.5 * ratio) + cs * (0.125 * ratio) +
                   ct * 2 * (1 - 0.25 * ratio));
}

// Magnetic-moment term: magc = pi alpha^2 Z^2 mu^2 / m_e^2, d = F_N - F_e.
inline double magnetic_term(double magc, double t, double inv_e, double d) {
    return t > 0 ? magc * (1 / t - inv_e) * d * d : 0.0;
}

// C_V = sum over the 6 real components m of (sum_k x_k v[k][m])^2.
inline double vector_sum_of_squares(const std::array<std::array<double, 6>, 4>& v, double x0,
                                    double x1, double x2, double x3) {
    double s = 0;
    for (int m = 0; m < 6; ++m) {
        const double a = x0 * v[0][m] + x1 * v[1][m] + x2 * v[2][m] + x3 * v[3][m];
        s += a * a;
    }
    return s;
}

// Accumulate w * Re<v_k, v_l> into a symmetric n x n form stored row-major.
template <std::size_t N>
void add_gram(std::array<double, N * N>& k, const std::array<Vector3c, N>& v, double w) {
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i; j < N; ++j) {
            const double g = w * dot(v[i], v[j]).real();
            k[i * N + j] += g;
            if (j != i) k[j * N + i] += g;
        }
}

// The 4x4 vector form of a coefficient set: from its amplitudes when it has them.
std::array<double, 16> vector_form(const Coefficients& c) {
    if (!c.has_amplitudes) return c.vector;
    std::array<double, 16> k{};
    for (int i = 0; i < 4; ++i)
        for (int j = i; j < 4; ++j) {
            double g = 0;
            for (int m = 0; m < 6; ++m) g += c.vector_amplitude[i][m] * c.vector_amplitude[j][m];
            k[4 * i + j] = k[4 * j + i] = g;
        }
    return k;
}

}  // namespace

CrossSection::CrossSection(Target target, Parameters params)
    : target_(std::move(target)),
      params_(std::move(params)),
      ff_e_(params_.atomic_form_factor.value_or(target_.atomic_form_factor), target_.z,
            params_.constants),
      ff_n_(params_.nuclear_form_factor.value_or(target_.nuclear_form_factor), target_.a) {
    const PhysicalConstants& kc = params_.constants;
    require_positive("fermi_constant", kc.fermi_constant);
    require_positive("alpha", kc.alpha);
    require_positive("electron_mass", kc.electron_mass);
    require_positive("bohr_radius", kc.bohr_radius);
    require_positive("target.mass", target_.mass);
    {
        const ElectroweakParameters& ew = params_.electroweak;
        require_finite("sin2_theta_w", ew.sin2_theta_w);
        if (!(ew.sin2_theta_w > 0 && ew.sin2_theta_w < 1))
            throw InvalidArgument(cevas::describe("sin2_theta_w", format_value(ew.sin2_theta_w),
                                                  "must lie in (0, 1)"));
        require_in_range("nucleon_axial_coupling", ew.nucleon_axial_coupling,
                         limits::axial_coupling);
        for (int f = 0; f < 3; ++f) {
            require_in_range("gv_proton", ew.custom_gv_proton[f], limits::nucleon_charge);
            require_in_range("gv_neutron", ew.custom_gv_neutron[f], limits::nucleon_charge);
        }
        // Constants may be varied, within a factor of 2 of their reference values.
        const PhysicalConstants ref{};
        const std::pair<const char*, std::pair<double, double>> consts[] = {
            {"fermi_constant", {kc.fermi_constant, ref.fermi_constant}},
            {"alpha", {kc.alpha, ref.alpha}},
            {"electron_mass", {kc.electron_mass, ref.electron_mass}},
            {"bohr_radius", {kc.bohr_radius, ref.bohr_radius}},
            {"atomic_mass_unit", {kc.atomic_mass_unit, ref.atomic_mass_unit}},
            {"proton_mass", {kc.proton_mass, ref.proton_mass}},
            {"neutron_mass", {kc.neutron_mass, ref.neutron_mass}}};
        for (const auto& [name, v] : consts) {
            const double ratio = v.first / v.second;
            if (!(ratio >= limits::constant_factor.lo && ratio <= limits::constant_factor.hi)) {
                throw InvalidArgument(cevas::describe(
                    name, format_value(v.first),
                    "outside the accepted range: within a factor 2 of the reference value " +
                        format_value(v.second) + " (docs/limits.md)"));
            }
        }
        const NucleonCharges& h = params_.nsi.charges;
        require_in_range("hadronic.mass_u", h.mass_u, limits::quark_mass);
        require_in_range("hadronic.mass_d", h.mass_d, limits::quark_mass);
        const std::pair<const char*, double> charges[] = {
            {"hadronic.axial_u", h.axial_u},         {"hadronic.axial_d", h.axial_d},
            {"hadronic.scalar_fu_p", h.scalar_fu_p}, {"hadronic.scalar_fd_p", h.scalar_fd_p},
            {"hadronic.scalar_fu_n", h.scalar_fu_n}, {"hadronic.scalar_fd_n", h.scalar_fd_n},
            {"hadronic.tensor_u", h.tensor_u},       {"hadronic.tensor_d", h.tensor_d}};
        for (const auto& [name, v] : charges) require_in_range(name, v, limits::nucleon_charge);
        require_in_range("target.proton_net", target_.spin.proton_net, limits::net_spin);
        require_in_range("target.neutron_net", target_.spin.neutron_net, limits::net_spin);
        require_in_range("target.nuclear_j", target_.spin.nuclear_j, limits::angular_momentum);
        for (const auto& sh : target_.spin.shells) {
            require_in_range("target.shells.net_spin", sh.net_spin, limits::net_spin);
            require_in_range("target.shells.j", sh.j, limits::angular_momentum);
            require_in_range("target.shells.z_eff", sh.z_eff, limits::shell_z_eff);
        }
    }
    const WeakCouplings w = weak_couplings(params_.electroweak);
    validate(params_.nsi, params_.electromagnetic);
    validate(params_.mixing);

    n_shells_ = static_cast<int>(target_.spin.shells.size());
    if (n_shells_ > kMaxShells) {
        throw InvalidArgument(
            cevas::describe("spin.shells", std::to_string(n_shells_),
                            "at most " + std::to_string(kMaxShells) + " shells are supported"));
    }
    for (int s = 0; s < n_shells_; ++s) {
        require_positive("spin.shells.z_eff", target_.spin.shells[s].z_eff);
        shell_zeff_[s] = target_.spin.shells[s].z_eff;
    }

    const double z = target_.z, n = target_.n, m = target_.mass;
    const double gf = kc.fermi_constant, alpha = kc.alpha;
    prefactor_ = gf * gf * m / kPi;
    photon_coeff_ = 2.0 * std::numbers::sqrt2 * kPi * alpha * z / gf;
    magnetic_coeff_ = kPi * alpha * alpha * z * z / (kc.electron_mass * kc.electron_mass);
    {
        // (F_N - F_e)/q^2 at q -> 0, from a q a0 = 1e-4 difference quotient.
        const double h = 1e-8 / (kc.bohr_radius * kc.bohr_radius);
        photon_slope0_ = (ff_n_(h) - ff_e_(h)) / h;
    }
    pmns_ = pmns_matrix(params_.mixing);

    // Coupling matrices for neutrinos (PHYSICS.md sections 4 and 7).
    const NsiParameters& nsi = params_.nsi;
    const ElectromagneticParameters& em = params_.electromagnetic;
    const SpinContent& spin = target_.spin;
    Set& nu = sets_[0];
    {
        const NucleonNsi v = vector_nucleon_nsi(nsi.vector);
        std::array<double, 3> gnucl{};
        for (int f = 0; f < 3; ++f) gnucl[f] = z * w.gv_proton[f] + n * w.gv_neutron[f];
        nu.vector[0] = diag3(gnucl) + z * v.p + n * v.n + nsi.vector.nucleus;
        nu.vector[1] = z * (w.gv_electron * Matrix3c::identity() + projector_e() + nsi.vector.e);
        nu.vector[2] = em.millicharge;
        // Charge radius: Q_nu -> Q_nu - |q|^2 <r^2>/6 in the photon term (Giunti & Studenikin
        // 2015).
        nu.vector[3] = (-std::numbers::sqrt2 * kPi * alpha * z / (3.0 * gf)) * em.charge_radius;
    }
    {
        const NucleonNsi a = axial_nucleon_nsi(nsi.axial, nsi.axial_rule, nsi.charges);
        const Matrix3c half_ga = (0.5 * w.ga_nucleon) * Matrix3c::identity();
        // The nucleus-level axial coupling multiplies the nuclear spin: none for J = 0 nuclei.
        const bool nuclear_spin = spin.proton_net != 0 || spin.neutron_net != 0;
        nu.axial_nucleus = spin.proton_net * (half_ga + a.p) + spin.neutron_net * (a.n - half_ga);
        if (nuclear_spin) nu.axial_nucleus += nsi.axial.nucleus;
        // Spin weight (J+1)/(3J) on C_A, i.e. its square root on the amplitude (PHYSICS.md 4).
        nu.axial_nucleus *= complex(std::sqrt(spin_weight(spin.nuclear_j)));
        const Matrix3c shell_coupling =
            w.ga_electron * Matrix3c::identity() + projector_e() + nsi.axial.e;
        for (int s = 0; s < n_shells_; ++s)
            nu.axial_shell[s] =
                (spin.shells[s].net_spin * std::sqrt(spin_weight(spin.shells[s].j))) *
                shell_coupling;
    }
    {
        const NucleonNsi sc = scalar_nucleon_nsi(nsi.scalar, nsi.charges, kc);
        nu.scalar[0] = z * sc.p + n * sc.n + nsi.scalar.nucleus;
        nu.scalar[1] = z * nsi.scalar.e;
    }
    {
        const NucleonNsi t = tensor_nucleon_nsi(nsi.tensor, nsi.charges);
        if (nsi.tensor_model == TensorModel::coherent) {
            nu.tensor[0] = z * t.p + n * t.n + nsi.tensor.nucleus;
            nu.tensor[1] = z * nsi.tensor.e;
        } else {
            nu.tensor_nucleus = spin.proton_net * t.p + spin.neutron_net * t.n;
            if (spin.proton_net != 0 || spin.neutron_net != 0)
                nu.tensor_nucleus += nsi.tensor.nucleus;
            nu.tensor_nucleus *= complex(std::sqrt(spin_weight(spin.nuclear_j)));
            for (int s = 0; s < n_shells_; ++s)
                nu.tensor_shell[s] =
                    (spin.shells[s].net_spin * std::sqrt(spin_weight(spin.shells[s].j))) *
                    nsi.tensor.e;
        }
    }
    nu.magnetic = em.magnetic_moment;

    // Antineutrinos: every coupling matrix transposed (PHYSICS.md section 4).
    Set& anti = sets_[1];
    for (int i = 0; i < 4; ++i) anti.vector[i] = nu.vector[i].transpose();
    anti.axial_nucleus = nu.axial_nucleus.transpose();
    for (int s = 0; s < kMaxShells; ++s) {
        anti.axial_shell[s] = nu.axial_shell[s].transpose();
        anti.tensor_shell[s] = nu.tensor_shell[s].transpose();
    }
    for (int i = 0; i < 2; ++i) {
        anti.scalar[i] = nu.scalar[i].transpose();
        anti.tensor[i] = nu.tensor[i].transpose();
    }
    anti.tensor_nucleus = nu.tensor_nucleus.transpose();
    anti.magnetic = nu.magnetic.transpose();
    // Mass-basis Gram tensors (coefficients_mass_basis).
    for (int type = 0; type < 2; ++type) {
        const Set& set = sets_[type];
        const Matrix3c v = type == 0 ? pmns_ : pmns_.conj();
        for (int fl = 0; fl < 3; ++fl) {
            std::array<Vector3c, 3> u{};
            for (int i = 0; i < 3; ++i)
                for (int a = 0; a < 3; ++a) u[i][a] = v(a, i) * std::conj(v(fl, i));
            const auto gram = [&](const Matrix3c& m1, const Matrix3c& m2) {
                MassGram g{};
                for (int i = 0; i < 3; ++i)
                    for (int j = 0; j < 3; ++j) g[3 * i + j] = dot(m1 * u[i], m2 * u[j]);
                return g;
            };
            MassGrams& mg = mass_grams_[type][fl];
            for (int k = 0; k < 4; ++k)
                for (int l = 0; l < 4; ++l)
                    mg.vector[4 * k + l] = gram(set.vector[k], set.vector[l]);
            for (int k = 0; k < 2; ++k)
                for (int l = 0; l < 2; ++l) {
                    mg.scalar[2 * k + l] = gram(set.scalar[k], set.scalar[l]);
                    mg.tensor[2 * k + l] = gram(set.tensor[k], set.tensor[l]);
                }
            mg.axial_nucleus = gram(set.axial_nucleus, set.axial_nucleus);
            mg.tensor_nucleus = gram(set.tensor_nucleus, set.tensor_nucleus);
            mg.magnetic = gram(set.magnetic, set.magnetic);
            for (int k = 0; k < kMaxShells; ++k) {
                mg.axial_shell[k] = gram(set.axial_shell[k], set.axial_shell[k]);
                mg.tensor_shell[k] = gram(set.tensor_shell[k], set.tensor_shell[k]);
            }
        }
    }
    for (Set* set : {&nu, &anti}) {
        auto& on = set->on;
        for (int i = 0; i < 4; ++i) on.vector[i] = !set->vector[i].is_zero();
        on.axial_nucleus = !set->axial_nucleus.is_zero();
        on.scalar = !set->scalar[0].is_zero() || !set->scalar[1].is_zero();
        on.tensor = !set->tensor[0].is_zero() || !set->tensor[1].is_zero();
        on.tensor_nucleus = !set->tensor_nucleus.is_zero();
        on.magnetic = !set->magnetic.is_zero();
        for (int k = 0; k < kMaxShells; ++k) {
            on.axial_shell = on.axial_shell || !set->axial_shell[k].is_zero();
            on.tensor_shell = on.tensor_shell || !set->tensor_shell[k].is_zero();
        }
    }
    init_mediators();  // light mediators (cross_section_mediator.cpp)
}

double CrossSection::t_max(double e_nu) const {
    require_in_range("e_nu", e_nu, limits::neutrino_energy);
    return 2.0 * e_nu * e_nu / (target_.mass + 2.0 * e_nu);
}

double CrossSection::e_min(double t_recoil) const {
    require_in_range("t_recoil", t_recoil, limits::recoil_energy);
    return 0.5 * (t_recoil + std::sqrt(t_recoil * t_recoil + 2.0 * target_.mass * t_recoil));
}

void CrossSection::validate_energy(double e_nu) const {
    require_in_range("e_nu", e_nu, limits::neutrino_energy);
}

void CrossSection::check_result(double v, double e_nu, double t_recoil) const {
    if (std::isfinite(v)) return;
    throw NumericalError(cevas::describe(
        "dsigma_dT", format_value(v),
        "not finite at E = " + format_value(e_nu) + " eV, T = " + format_value(t_recoil) +
            " eV (an input at the edge of its range? docs/limits.md)"));
}

Coefficients CrossSection::coefficients(Projectile p, double e_nu, const BaselineSet& bs) const {
    if (bs.baselines.empty() || bs.baselines.size() != bs.weights.size()) {
        throw InvalidArgument(
            cevas::describe("baselines", std::to_string(bs.baselines.size()),
                            "need as many weights as baselines, and at least one"));
    }
    if (bs.baselines.size() == 1) return coefficients_impl(p, e_nu, bs.baselines, bs.weights);
    validate_energy(e_nu);
    // Several baselines: the three phase averages by direct sums, then the mass-basis forms.
    for (double l : bs.baselines) require_non_negative("baseline", l);
    const double k = 1.0 / (2.0 * e_nu);
    const double w21 = params_.mixing.dm21_sq * k, w31 = params_.mixing.dm31_sq * k;
    complex a21 = 0, a31 = 0, a32 = 0;
    double total = 0;
    for (std::size_t j = 0; j < bs.baselines.size(); ++j) {
        const double l = bs.baselines[j], w = bs.weights[j];
        a21 += w * std::polar(1.0, -w21 * l);
        a31 += w * std::polar(1.0, -w31 * l);
        a32 += w * std::polar(1.0, -(w31 - w21) * l);
        total += w;
    }
    return coefficients_mass_basis(p, e_nu, a21, a31, a32, total);
}

Coefficients CrossSection::coefficients(Projectile p, double e_nu,
                                        const PhaseAverager& baselines) const {
    validate_energy(e_nu);
    const double k = 1.0 / (2.0 * e_nu);
    const double w21 = params_.mixing.dm21_sq * k, w31 = params_.mixing.dm31_sq * k;
    return coefficients_mass_basis(p, e_nu, baselines.average(w21), baselines.average(w31),
                                   baselines.average(w31 - w21), baselines.total_weight());
}

Coefficients CrossSection::coefficients_mass_basis(Projectile p, double e_nu, complex a21,
                                                   complex a31, complex a32,
                                                   double total_weight) const {
    // P_ij = <conj(ph_i) ph_j>, ph = (1, exp(-i dm21 L/2E), exp(-i dm31 L/2E)): Hermitian with
    // the total weight on the diagonal.
    const std::array<complex, 9> pm = {
        total_weight,   a21,         a31, std::conj(a21), total_weight, a32, std::conj(a31),
        std::conj(a32), total_weight};
    const auto form = [&](const MassGram& g) {
        double r = 0;
        for (int i = 0; i < 9; ++i) r += (pm[i] * g[i]).real();
        return r;
    };
    const Set& set = sets_[p.type == NeutrinoType::neutrino ? 0 : 1];
    const MassGrams& mg = mass_grams_[p.type == NeutrinoType::neutrino ? 0 : 1][index(p.flavor)];
    Coefficients c;
    c.e_nu = e_nu;
    for (int k = 0; k < 4; ++k)
        for (int l = k; l < 4; ++l) {
            if (!set.on.vector[k] || !set.on.vector[l]) continue;
            const double g = form(mg.vector[4 * k + l]);
            c.vector[4 * k + l] = g;
            c.vector[4 * l + k] = g;
        }
    if (set.on.axial_nucleus) c.axial_nucleus = form(mg.axial_nucleus);
    for (int k = 0; k < n_shells_; ++k) {
        if (set.on.axial_shell) c.axial_shell[k] = form(mg.axial_shell[k]);
        if (set.on.tensor_shell) c.tensor_shell[k] = form(mg.tensor_shell[k]);
    }
    if (set.on.scalar) {
        for (int k = 0; k < 4; ++k) c.scalar[k] = form(mg.scalar[k]);
        c.scalar[2] = c.scalar[1];
    }
    if (set.on.tensor) {
        for (int k = 0; k < 4; ++k) c.tensor[k] = form(mg.tensor[k]);
        c.tensor[2] = c.tensor[1];
    }
    if (set.on.tensor_nucleus) c.tensor_nucleus = form(mg.tensor_nucleus);
    if (set.on.magnetic) c.magnetic = form(mg.magnetic);
    if (med_.active())
        mediator_mass_basis(c, p.type == NeutrinoType::neutrino ? 0 : 1, index(p.flavor), pm);
    return c;
}

Coefficients CrossSection::coefficients_mass_mixture(
    NeutrinoType type, double e_nu, const std::array<double, 3>& populations) const {
    validate_energy(e_nu);
    for (double x : populations) require_non_negative("mass_population", x);
    // sum_alpha <M u_j, M' u_j> over the flavour rows alpha gives <M nu_j, M' nu_j> (the
    // diagonal of the mass-basis Gram tensors carries |V_alpha j|^2, which sums to 1).
    const int t = type == NeutrinoType::neutrino ? 0 : 1;
    const Set& set = sets_[t];
    const auto& grams = mass_grams_[t];
    const auto form = [&](auto pick) {
        double r = 0;
        for (int alpha = 0; alpha < 3; ++alpha) {
            const MassGram& g = pick(grams[alpha]);
            for (int j = 0; j < 3; ++j) r += populations[j] * g[4 * j].real();
        }
        return r;
    };
    Coefficients c;
    c.e_nu = e_nu;
    for (int k = 0; k < 4; ++k)
        for (int l = k; l < 4; ++l) {
            if (!set.on.vector[k] || !set.on.vector[l]) continue;
            const double g =
                form([&](const MassGrams& m) -> const MassGram& { return m.vector[4 * k + l]; });
            c.vector[4 * k + l] = g;
            c.vector[4 * l + k] = g;
        }
    if (set.on.axial_nucleus)
        c.axial_nucleus =
            form([](const MassGrams& m) -> const MassGram& { return m.axial_nucleus; });
    for (int k = 0; k < n_shells_; ++k) {
        if (set.on.axial_shell)
            c.axial_shell[k] =
                form([&](const MassGrams& m) -> const MassGram& { return m.axial_shell[k]; });
        if (set.on.tensor_shell)
            c.tensor_shell[k] =
                form([&](const MassGrams& m) -> const MassGram& { return m.tensor_shell[k]; });
    }
    for (int k = 0; k < 4; ++k) {
        if (set.on.scalar)
            c.scalar[k] = form([&](const MassGrams& m) -> const MassGram& { return m.scalar[k]; });
        if (set.on.tensor)
            c.tensor[k] = form([&](const MassGrams& m) -> const MassGram& { return m.tensor[k]; });
    }
    if (set.on.scalar) c.scalar[2] = c.scalar[1];
    if (set.on.tensor) c.tensor[2] = c.tensor[1];
    if (set.on.tensor_nucleus)
        c.tensor_nucleus =
            form([](const MassGrams& m) -> const MassGram& { return m.tensor_nucleus; });
    if (set.on.magnetic)
        c.magnetic = form([](const MassGrams& m) -> const MassGram& { return m.magnetic; });
    if (med_.active()) mediator_mass_mixture(c, t, populations);
    return c;
}

Coefficients CrossSection::coefficients_impl(Projectile p, double e_nu,
                                             std::span<const double> baselines,
                                             std::span<const double> weights) const {
    validate_energy(e_nu);
    const Set& set = sets_[p.type == NeutrinoType::neutrino ? 0 : 1];
    const int alpha = index(p.flavor);
    const Matrix3c v = p.type == NeutrinoType::neutrino ? pmns_ : pmns_.conj();
    Coefficients c;
    c.e_nu = e_nu;
    std::array<double, 4> scalar{}, tensor{};
    for (std::size_t j = 0; j < baselines.size(); ++j) {
        const double len = baselines[j], w = weights[j];
        require_in_range("baseline", len, limits::baseline);
        // State at the target: column alpha of S(L) = V diag(exp(-i m^2 L / 2E)) V^dagger.
        Vector3c s{};
        if (len == 0) {
            s[alpha] = 1.0;
        } else {
            const double kk = len / (2.0 * e_nu);
            const complex ph[3] = {1.0, std::polar(1.0, -params_.mixing.dm21_sq * kk),
                                   std::polar(1.0, -params_.mixing.dm31_sq * kk)};
            for (int a = 0; a < 3; ++a) {
                complex acc = 0;
                for (int i = 0; i < 3; ++i) acc += v(a, i) * ph[i] * std::conj(v(alpha, i));
                s[a] = acc;
            }
        }
        // Zero matrices (the common case: most new physics off) are skipped.
        const auto mv = [&](const Matrix3c& m, bool on) { return on ? m * s : Vector3c{}; };
        const std::array<Vector3c, 4> vv = {
            mv(set.vector[0], set.on.vector[0]), mv(set.vector[1], set.on.vector[1]),
            mv(set.vector[2], set.on.vector[2]), mv(set.vector[3], set.on.vector[3])};
        // One baseline: keep the amplitudes (C_V as a sum of squares); several: the averaged form.
        if (baselines.size() > 1) add_gram<4>(c.vector, vv, w);
        if (baselines.size() == 1) {
            c.has_amplitudes = true;
            const double sw = std::sqrt(w);
            for (int k = 0; k < 4; ++k)
                for (int b = 0; b < 3; ++b) {
                    c.vector_amplitude[k][2 * b] = sw * vv[k][b].real();
                    c.vector_amplitude[k][2 * b + 1] = sw * vv[k][b].imag();
                }
        }
        if (set.on.axial_nucleus) c.axial_nucleus += w * norm2(set.axial_nucleus * s);
        for (int k = 0; k < n_shells_; ++k) {
            if (set.on.axial_shell) c.axial_shell[k] += w * norm2(set.axial_shell[k] * s);
            if (set.on.tensor_shell) c.tensor_shell[k] += w * norm2(set.tensor_shell[k] * s);
        }
        if (set.on.scalar)
            add_gram<2>(scalar, std::array<Vector3c, 2>{set.scalar[0] * s, set.scalar[1] * s}, w);
        if (set.on.tensor)
            add_gram<2>(tensor, std::array<Vector3c, 2>{set.tensor[0] * s, set.tensor[1] * s}, w);
        if (set.on.tensor_nucleus) c.tensor_nucleus += w * norm2(set.tensor_nucleus * s);
        if (set.on.magnetic) c.magnetic += w * norm2(set.magnetic * s);
        if (med_.active())
            mediator_state_terms(c, p.type == NeutrinoType::neutrino ? 0 : 1, s, w,
                                 baselines.size() == 1);
    }
    c.scalar = scalar;
    c.tensor = tensor;
    return c;
}

CrossSection::RecoilPoint CrossSection::recoil_point(double t) const {
    RecoilPoint r{};
    r.q2 = q2(t);
    r.fe = ff_e_(r.q2);
    r.fn = ff_n_(r.q2);
    for (int s = 0; s < n_shells_; ++s)
        r.fs[s] = hydrogenic_1s_form_factor(r.q2, shell_zeff_[s], params_.constants.bohr_radius);
    return r;
}

CrossSection::Pieces CrossSection::pieces(const Coefficients& c, const RecoilPoint& r) const {
    const double d = r.fn - r.fe;
    const double x[4] = {r.fn, r.fe,
                         r.q2 > 0 ? d * photon_coeff_ / r.q2 : photon_slope0_ * photon_coeff_, d};
    Pieces p;
    if (c.has_amplitudes) {
        for (int m = 0; m < 6; ++m) {
            double a = 0;
            for (int k = 0; k < 4; ++k) a += x[k] * c.vector_amplitude[k][m];
            p.c_v += a * a;
        }
    } else {
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) p.c_v += c.vector[4 * i + j] * x[i] * x[j];
    }
    p.c_a = c.axial_nucleus * r.fn * r.fn;
    p.c_t = c.tensor_nucleus * r.fn * r.fn;
    for (int k = 0; k < kMaxShells; ++k) {
        p.c_a += c.axial_shell[k] * r.fs[k] * r.fs[k];
        p.c_t += c.tensor_shell[k] * r.fs[k] * r.fs[k];
    }
    p.c_s = c.scalar[0] * r.fn * r.fn + 2 * c.scalar[1] * r.fn * r.fe + c.scalar[3] * r.fe * r.fe;
    p.c_t += c.tensor[0] * r.fn * r.fn + 2 * c.tensor[1] * r.fn * r.fe + c.tensor[3] * r.fe * r.fe;
    if (med_.active()) mediator_pieces(c, r, p);
    return p;
}

double CrossSection::combine(const Coefficients& c, double t, const RecoilPoint& r) const {
    // Scalar version of the loop in evaluate(); kept term by term identical.
    const double e = c.e_nu;
    if (t > t_max(e)) return 0.0;
    const Pieces p = pieces(c, r);
    const double d = r.fn - r.fe;
    const double ratio = target_.mass * t * (1.0 / (e * e));
    return weak_combination(prefactor_, ratio, p.c_v, p.c_a, p.c_s, p.c_t) +
           magnetic_term(magnetic_coeff_ * c.magnetic, t, 1.0 / e, d);
}

Breakdown CrossSection::breakdown(Projectile p, Kinematics k) const {
    validate_energy(k.e_nu);
    require_in_range("t_recoil", k.t_recoil, limits::recoil_energy);
    require_in_range("baseline", k.baseline, limits::baseline);
    const double one = 1.0;
    const Coefficients c = coefficients_impl(p, k.e_nu, {&k.baseline, 1}, {&one, 1});
    // The array path on one recoil (the same arithmetic; the recoil is already checked above).
    Breakdown b;
    breakdown(c, std::span<const double>(&k.t_recoil, 1), std::span<Breakdown>(&b, 1));
    return b;
}

void CrossSection::breakdown(const Coefficients& c, std::span<const double> t,
                             std::span<Breakdown> out) const {
    if (out.size() != t.size()) {
        throw InvalidArgument(
            cevas::describe("out", std::to_string(out.size()),
                            "output size must equal the number of recoil energies (" +
                                std::to_string(t.size()) + ")"));
    }
    validate_energy(c.e_nu);
    const double tmax = t_max(c.e_nu);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double ti = t[i];
        require_in_range("t_recoil[" + std::to_string(i) + "]", ti, limits::recoil_energy);
        const RecoilPoint r = recoil_point(ti);
        Breakdown& b = out[i];
        b = Breakdown{};
        b.q2 = r.q2;
        b.atomic_form_factor = r.fe;
        b.nuclear_form_factor = r.fn;
        const double d = r.fn - r.fe;
        const Pieces pc = pieces(c, r);
        b.c_v = pc.c_v;
        b.c_a = pc.c_a;
        b.c_s = pc.c_s;
        b.c_t = pc.c_t;
        b.mu_eff2 = c.magnetic;
        if (ti <= tmax) {
            const double ratio = target_.mass * ti * (1.0 / (c.e_nu * c.e_nu));
            b.weak = weak_combination(prefactor_, ratio, b.c_v, b.c_a, b.c_s, b.c_t);
            b.magnetic = magnetic_term(magnetic_coeff_ * c.magnetic, ti, 1.0 / c.e_nu, d);
        }
        b.dsigma_dT = b.weak + b.magnetic;
        for (double v : {b.c_v, b.c_a, b.c_s, b.c_t, b.mu_eff2, b.dsigma_dT})
            check_result(v, c.e_nu, ti);
    }
}

double CrossSection::dsigma_dT(Projectile p, Kinematics k) const {
    validate_energy(k.e_nu);
    require_in_range("t_recoil", k.t_recoil, limits::recoil_energy);
    require_in_range("baseline", k.baseline, limits::baseline);
    const double one = 1.0;
    const Coefficients c = coefficients_impl(p, k.e_nu, {&k.baseline, 1}, {&one, 1});
    const double v = combine(c, k.t_recoil, recoil_point(k.t_recoil));
    check_result(v, k.e_nu, k.t_recoil);
    return v;
}

void CrossSection::dsigma_dT(Projectile p, double e_nu, std::span<const double> t,
                             std::span<double> out, const BaselineSet& baselines, int threads,
                             double out_unit) const {
    evaluate(coefficients(p, e_nu, baselines), t, out, threads, out_unit);
}

void CrossSection::evaluate(const Coefficients& c, std::span<const double> t, std::span<double> out,
                            int threads, double out_unit) const {
    if (out.size() != t.size()) {
        throw InvalidArgument(
            cevas::describe("out", std::to_string(out.size()),
                            "output size must equal the number of recoil energies (" +
                                std::to_string(t.size()) + ")"));
    }
    // The recoils' range: one vectorised pass per chunk (inside the threads); on a failure the
    // serial scan names the first bad recoil.
    static_assert(limits::recoil_energy.zero_ok && !limits::recoil_energy.symmetric);
    const auto all_in_range = [](std::span<const double> v) {
        const double t_lo = limits::recoil_energy.lo, t_hi = limits::recoil_energy.hi;
        // An integer count, not a bool: GCC vectorises this reduction (not the bool one).
        std::int64_t bad = 0;
        for (std::size_t i = 0; i < v.size(); ++i)
            bad |= (((v[i] >= t_lo) & (v[i] <= t_hi)) | (v[i] == 0.0)) ? 0 : 1;
        return bad == 0;
    };
    const auto name_first_bad = [&] {
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (!in_range(t[i], limits::recoil_energy))
                require_in_range("t_recoil[" + std::to_string(i) + "]", t[i],
                                 limits::recoil_energy);
        }
    };
    require_finite("out_unit", out_unit);
    require_positive("out_unit", out_unit);
    // One block: the values, then (a unit other than 1) the division while the block is in the
    // L1 cache: the same bits as dividing the whole array afterwards, without a second pass.
    const auto block = [&](std::span<const double> tb, std::span<double> ob) {
        evaluate_serial(c, tb, ob);
        if (out_unit == 1.0) return;
        std::int64_t bad = 0;
        for (double& x : ob) {
            x /= out_unit;
            bad |= (x - x == 0.0) ? 0 : 1;
        }
        if (bad != 0)
            throw NumericalError(cevas::describe("out_unit", format_value(out_unit),
                                                 "too small: the cross section overflows in it"));
    };
    // Fixed chunks of kParallelGrain recoils, each written by one thread: the same bits for
    // every thread count.
    const int workers = resolve_threads(threads);  // validates threads >= 0
    if (t.size() <= kParallelGrain || workers == 1) {
        // Block by block (range check, values, finite check, unit) while each block is in the
        // L1 cache: one pass over memory for large arrays instead of three or four.
        for (std::size_t b = 0; b < t.size(); b += kParallelGrain) {
            const std::size_t n = std::min(kParallelGrain, t.size() - b);
            if (!all_in_range(t.subspan(b, n))) name_first_bad();
            block(t.subspan(b, n), out.subspan(b, n));
        }
        return;
    }
    std::atomic<bool> bad{false};
    parallel_for(t.size(), kParallelGrain, threads,
                 [&](std::size_t, std::size_t begin, std::size_t end) {
                     const std::span<const double> tc = t.subspan(begin, end - begin);
                     if (!all_in_range(tc)) {
                         bad.store(true, std::memory_order_relaxed);
                         return;
                     }
                     block(tc, out.subspan(begin, end - begin));
                 });
    if (bad.load()) name_first_bad();
}

void CrossSection::evaluate_serial(const Coefficients& c, std::span<const double> t,
                                   std::span<double> out) const {
    if (med_.active()) {
        evaluate_serial_mediators(c, t, out);
        return;
    }
    const double e = c.e_nu, m = target_.mass, tmax = t_max(e);
    const double inv_e = 1.0 / e, inv_e2 = 1.0 / (e * e);
    const double pc = photon_coeff_, x3_0 = photon_slope0_ * photon_coeff_;
    const double pref = prefactor_, magc = magnetic_coeff_ * c.magnetic;
    const auto& kv = c.vector;
    const double k00 = kv[0], k11 = kv[5], k22 = kv[10], k33 = kv[15];
    const double k01 = 2 * kv[1], k02 = 2 * kv[2], k03 = 2 * kv[3];
    const double k12 = 2 * kv[6], k13 = 2 * kv[7], k23 = 2 * kv[11];
    const double s00 = c.scalar[0], s01 = 2 * c.scalar[1], s11 = c.scalar[3];
    const double t00 = c.tensor[0], t01 = 2 * c.tensor[1], t11 = c.tensor[3];
    const double an = c.axial_nucleus, tn = c.tensor_nucleus;
    const double a0s = c.axial_shell[0], a1s = c.axial_shell[1], a2s = c.axial_shell[2],
                 a3s = c.axial_shell[3];
    const double t0s = c.tensor_shell[0], t1s = c.tensor_shell[1], t2s = c.tensor_shell[2],
                 t3s = c.tensor_shell[3];
    const bool amp = c.has_amplitudes;
    const auto& va = c.vector_amplitude;
    const bool photon = k02 != 0 || k12 != 0 || k22 != 0 || k23 != 0;
    bool photon_amp = false;
    for (double v : va[2]) photon_amp = photon_amp || v != 0;

    alignas(64) double q2b[kChunk], feb[kChunk], fnb[kChunk], cvb[kChunk];
    alignas(64) double fsb[kMaxShells][kChunk];
    // Absent shells, and F_e with the atomic form factor `none`, read a constant row of zeros
    // (no clearing of buffers per call or per chunk).
    alignas(64) static constexpr double kZeros[kChunk] = {};
    const double* fs0 = n_shells_ > 0 ? fsb[0] : kZeros;
    const double* fs1 = n_shells_ > 1 ? fsb[1] : kZeros;
    const double* fs2 = n_shells_ > 2 ? fsb[2] : kZeros;
    const double* fs3 = n_shells_ > 3 ? fsb[3] : kZeros;
    const bool electrons = ff_e_.model() != AtomicFormFactorModel::none;
    const double* fep = electrons ? feb : kZeros;
    static_assert(kMaxShells == 4);
    for (std::size_t start = 0; start < t.size(); start += kChunk) {
        const std::size_t len = std::min(kChunk, t.size() - start);
        const double* __restrict tt = t.data() + start;
        double* __restrict o = out.data() + start;
        for (std::size_t i = 0; i < len; ++i) q2b[i] = 2.0 * m * tt[i] + tt[i] * tt[i];
        if (electrons) ff_e_.evaluate({q2b, len}, {feb, len});
        ff_n_.evaluate({q2b, len}, {fnb, len});
        for (int s = 0; s < n_shells_; ++s) {
            const double sc = params_.constants.bohr_radius * params_.constants.bohr_radius /
                              (4.0 * shell_zeff_[s] * shell_zeff_[s]);
            for (std::size_t i = 0; i < len; ++i) {
                const double u = 1.0 + q2b[i] * sc;
                fsb[s][i] = 1.0 / (u * u);
            }
        }
        // C_V: sum of squares of the amplitude (single baseline) or the averaged quadratic form.
        if (amp && !photon_amp) {
            // x2 only meets zeros: pass 0 (the same squares) and skip the division.
#pragma GCC ivdep
            for (std::size_t i = 0; i < len; ++i) {
                const double fe = fep[i], fn = fnb[i], d = fn - fe;
                cvb[i] = vector_sum_of_squares(va, fn, fe, 0.0, d);
            }
        } else if (amp) {
#pragma GCC ivdep
            for (std::size_t i = 0; i < len; ++i) {
                const double fe = fep[i], fn = fnb[i], d = fn - fe;
                const double x2 = q2b[i] > 0 ? d * pc / q2b[i] : x3_0;
                cvb[i] = vector_sum_of_squares(va, fn, fe, x2, d);
            }
        } else if (!photon) {
            // No charge radius or millicharge: x2 would only be multiplied by zeros.
#pragma GCC ivdep
            for (std::size_t i = 0; i < len; ++i) {
                const double fe = fep[i], fn = fnb[i], d = fn - fe;
                cvb[i] =
                    fn * (k00 * fn + k01 * fe + k03 * d) + fe * (k11 * fe + k13 * d) + k33 * d * d;
            }
        } else {
#pragma GCC ivdep
            for (std::size_t i = 0; i < len; ++i) {
                const double fe = fep[i], fn = fnb[i], d = fn - fe;
                const double x2 = q2b[i] > 0 ? d * pc / q2b[i] : x3_0;
                cvb[i] = fn * (k00 * fn + k01 * fe + k02 * x2 + k03 * d) +
                         fe * (k11 * fe + k12 * x2 + k13 * d) + x2 * (k22 * x2 + k23 * d) +
                         k33 * d * d;
            }
        }
#pragma GCC ivdep
        for (std::size_t i = 0; i < len; ++i) {
            const double ti = tt[i], fe = fep[i], fn = fnb[i];
            const double f0 = fs0[i] * fs0[i], f1 = fs1[i] * fs1[i], f2 = fs2[i] * fs2[i],
                         f3 = fs3[i] * fs3[i];
            const double ca = an * fn * fn + a0s * f0 + a1s * f1 + a2s * f2 + a3s * f3;
            const double cs = fn * (s00 * fn + s01 * fe) + s11 * fe * fe;
            const double ct = fn * (t00 * fn + t01 * fe) + t11 * fe * fe + tn * fn * fn + t0s * f0 +
                              t1s * f1 + t2s * f2 + t3s * f3;
            const double v = weak_combination(pref, m * ti * inv_e2, cvb[i], ca, cs, ct);
            o[i] = ti > tmax ? 0.0 : v;
        }
        if (magc != 0) {
#pragma GCC ivdep
            for (std::size_t i = 0; i < len; ++i) {
                const double ti = tt[i], d = fnb[i] - fep[i];
                o[i] = ti > tmax ? 0.0 : o[i] + magnetic_term(magc, ti, inv_e, d);
            }
        }
    }
    // No non-finite number leaves the library (docs/limits.md).
    std::int64_t bad = 0;  // integer reduction: vectorised
    for (std::size_t i = 0; i < out.size(); ++i) bad |= (out[i] - out[i] == 0.0) ? 0 : 1;
    if (bad != 0)
        for (std::size_t i = 0; i < out.size(); ++i) check_result(out[i], e, t[i]);
}

std::vector<std::pair<std::string, std::string>> CrossSection::describe() const {
    const auto& p = params_;
    // Angles are inputs in degrees: 12 significant digits hide the rad -> deg round trip.
    const auto deg = [](double r) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.12g", r / MixingParameters::kDeg);
        return std::string(buf);
    };
    std::vector<std::pair<std::string, std::string>> d = {
        {"target", target_.name},
        {"target_Z", std::to_string(target_.z)},
        {"target_N", std::to_string(target_.n)},
        {"target_mass_eV", format_value(target_.mass)},
        {"atomic_form_factor", std::string(to_string(ff_e_.model()))},
        {"nuclear_form_factor", std::string(to_string(ff_n_.model()))},
        {"spin_proton_net", format_value(target_.spin.proton_net)},
        {"spin_neutron_net", format_value(target_.spin.neutron_net)},
        {"spin_nuclear_j", format_value(target_.spin.nuclear_j)},
        {"spin_weight", "(J+1)/(3J) on C_A and the spin-model C_T (PHYSICS.md section 4)"},
        {"spin_electron_shells", std::to_string(n_shells_)},
        {"sin2_theta_w", format_value(p.electroweak.sin2_theta_w)},
        {"nucleon_axial_coupling", format_value(p.electroweak.nucleon_axial_coupling)},
        {"coupling_scheme", std::string(to_string(p.electroweak.scheme))},
        {"axial_quark_rule", std::string(to_string(p.nsi.axial_rule))},
        {"tensor_model", std::string(to_string(p.nsi.tensor_model))},
        {"mass_ordering", std::string(to_string(p.mixing.ordering()))},
        {"theta12_deg", deg(p.mixing.theta12)},
        {"theta13_deg", deg(p.mixing.theta13)},
        {"theta23_deg", deg(p.mixing.theta23)},
        {"delta_cp_deg", deg(p.mixing.delta_cp)},
        {"dm21_sq_eV2", format_value(p.mixing.dm21_sq)},
        {"dm31_sq_eV2", format_value(p.mixing.dm31_sq)},
        {"cross_section_formula",
         "dsigma/dT = (G_F^2 M/pi)[C_V(1-MT/2E^2)+C_A(1+MT/2E^2)+C_S MT/8E^2+2C_T(1-MT/4E^2)]"
         "+(pi alpha^2/m_e^2) mu^2 (1/T-1/E) Z^2 (F_N-F_e)^2"},
    };
    if (p.electroweak.scheme == CouplingScheme::custom) {
        for (int f = 0; f < 3; ++f) {
            d.emplace_back("gv_proton_" + std::string(to_string(static_cast<Flavor>(f))),
                           format_value(p.electroweak.custom_gv_proton[f]));
            d.emplace_back("gv_neutron_" + std::string(to_string(static_cast<Flavor>(f))),
                           format_value(p.electroweak.custom_gv_neutron[f]));
        }
    }
    for (auto& kv : describe_nonzero(p.nsi, p.electromagnetic)) d.push_back(std::move(kv));
    for (auto& kv : describe_mediators(p.mediators)) d.push_back(std::move(kv));
    return d;
}

void accumulate(Coefficients& into, const Coefficients& c, double w) {
    const bool plain = !into.has_amplitudes && !c.has_amplitudes && into.mediator.n_vector == 0 &&
                       into.mediator.n_scalar == 0 && c.mediator.n_vector == 0 &&
                       c.mediator.n_scalar == 0;
    if (plain) {
        // Both already quadratic forms without mediators (the flux-folding sums): the same
        // additions as below, without the copies.
        for (std::size_t i = 0; i < into.vector.size(); ++i) into.vector[i] += w * c.vector[i];
    } else {
        detail::accumulate_mediator(into, c, w);  // before the amplitudes are dropped below
        // A sum has no single amplitude: both sides go over to the quadratic form.
        into.vector = vector_form(into);
        into.has_amplitudes = false;
        const std::array<double, 16> cv = vector_form(c);
        for (std::size_t i = 0; i < into.vector.size(); ++i) into.vector[i] += w * cv[i];
    }
    into.axial_nucleus += w * c.axial_nucleus;
    into.tensor_nucleus += w * c.tensor_nucleus;
    for (int k = 0; k < kMaxShells; ++k) {
        into.axial_shell[k] += w * c.axial_shell[k];
        into.tensor_shell[k] += w * c.tensor_shell[k];
    }
    for (int k = 0; k < 4; ++k) {
        into.scalar[k] += w * c.scalar[k];
        into.tensor[k] += w * c.tensor[k];
    }
    into.magnetic += w * c.magnetic;
}

double CrossSection::evaluate_moments(const Coefficients& s0, const Coefficients& s1,
                                      const Coefficients& s2, double t) const {
    require_in_range("t_recoil", t, limits::recoil_energy);
    const RecoilPoint r = recoil_point(t);
    const double d = r.fn - r.fe;
    const Pieces p0 = pieces(s0, r), p2 = pieces(s2, r);
    const double cv0 = p0.c_v, ca0 = p0.c_a, ct0 = p0.c_t;
    const double cv2 = p2.c_v, ca2 = p2.c_a, cs2 = p2.c_s, ct2 = p2.c_t;
    const double mt = target_.mass * t;
    const double weak = prefactor_ * (cv0 - 0.5 * mt * cv2 + ca0 + 0.5 * mt * ca2 +
                                      0.125 * mt * cs2 + 2 * ct0 - 0.5 * mt * ct2);
    const double mag = t > 0 ? magnetic_coeff_ * (s0.magnetic / t - s1.magnetic) * d * d : 0.0;
    if (!std::isfinite(weak + mag)) check_result(weak + mag, s0.e_nu, t);
    return weak + mag;
}

double total_cross_section(const CrossSection& xs, Projectile p, double e_nu, double t_min,
                           double rel_tol) {
    require_positive("e_nu", e_nu);
    require_non_negative("t_min", t_min);
    const double t_hi = xs.t_max(e_nu);
    if (t_min >= t_hi) return 0.0;
    const Coefficients c = xs.coefficients(p, e_nu, BaselineSet{});
    auto f = [&](double t) {
        double out;
        xs.evaluate(c, std::span<const double>(&t, 1), std::span<double>(&out, 1));
        return out;
    };
    double err = 0;
    const double v = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        f, t_min, t_hi, 20, rel_tol, &err);
    return v;
}

}  // namespace cevas
