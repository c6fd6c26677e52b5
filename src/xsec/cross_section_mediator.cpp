// Light mediators in CrossSection (docs/physics.md, "Light mediators"): every vector mediator k
// adds B_N^k y_k F_N + B_e^k y_k F_e to the vector coupling matrix G(T), y_k = m_k^2/(q^2 + m_k^2),
// with B the contact-equivalent NSI at nucleus and electron level; every scalar mediator adds
// S_N^k z_k F_N + S_e^k z_k F_e to the scalar one. The recoil dependence y_k is an extra basis
// function of the quadratic forms, so the rate stays an exact quadratic polynomial in the
// coupling products g_nu g_f at fixed masses. Kept apart from cross_section.cpp: without
// mediators none of this runs (the SM path is untouched, bit for bit).
#include <algorithm>
#include <cmath>

#include "cevas/core/error.hpp"
#include "cevas/xsec/cross_section.hpp"
#include "mediator_detail.hpp"

namespace cevas {

namespace {
constexpr std::size_t kChunk = 256;
}

void CrossSection::init_mediators() {
    const PhysicalConstants& kc = params_.constants;
    for (std::size_t k = 0; k < params_.mediators.size(); ++k)
        validate(params_.mediators[k], "mediator[" + std::to_string(k) + "]");
    const double z = target_.z, n = target_.n;
    for (const Mediator& m : params_.mediators) {
        if (m.is_zero()) continue;  // no effect: the SM path stays bit for bit the same
        const NsiLevels l = m.contact_nsi(kc);
        const double inv_m2 = 1.0 / (m.mass * m.mass);
        if (m.type == MediatorType::vector) {
            const NucleonNsi v = vector_nucleon_nsi(l);
            med_.vector_inv_m2.push_back(inv_m2);
            med_.vector[0].push_back(z * v.p + n * v.n);
            med_.vector[0].push_back(z * l.e);
        } else {
            const NucleonNsi s = scalar_nucleon_nsi(l, params_.nsi.charges, kc);
            med_.scalar_inv_m2.push_back(inv_m2);
            med_.scalar[0].push_back(z * s.p + n * s.n);
            med_.scalar[0].push_back(z * l.e);
        }
    }
    if (!med_.active()) return;
    // Antineutrinos: transposed, as every coupling matrix (PHYSICS.md section 4).
    for (const Matrix3c& b : med_.vector[0]) med_.vector[1].push_back(b.transpose());
    for (const Matrix3c& b : med_.scalar[0]) med_.scalar[1].push_back(b.transpose());
    // Mass-basis Gram tensors of the extra rows against every column of the extended bases.
    for (int type = 0; type < 2; ++type) {
        const Set& set = sets_[type];
        const Matrix3c v = type == 0 ? pmns_ : pmns_.conj();
        std::vector<Matrix3c> vcols(set.vector.begin(), set.vector.end());
        vcols.insert(vcols.end(), med_.vector[type].begin(), med_.vector[type].end());
        std::vector<Matrix3c> scols{set.scalar[0], set.scalar[1]};
        scols.insert(scols.end(), med_.scalar[type].begin(), med_.scalar[type].end());
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
            auto& vg = med_.vector_grams[type][fl];
            for (const Matrix3c& row : med_.vector[type])
                for (const Matrix3c& col : vcols) vg.push_back(gram(row, col));
            auto& sg = med_.scalar_grams[type][fl];
            for (const Matrix3c& row : med_.scalar[type])
                for (const Matrix3c& col : scols) sg.push_back(gram(row, col));
        }
    }
}

void CrossSection::mediator_state_terms(Coefficients& c, int type, const Vector3c& s, double w,
                                        bool single) const {
    const Set& set = sets_[type];
    MediatorCoefficients& mc = c.mediator;
    const int nv = static_cast<int>(med_.vector[type].size());
    const int ns = static_cast<int>(med_.scalar[type].size());
    mc.n_vector = nv;
    mc.n_scalar = ns;
    if (nv > 0) {
        std::vector<Vector3c> cols;
        for (const Matrix3c& m : set.vector) cols.push_back(m * s);
        for (const Matrix3c& m : med_.vector[type]) cols.push_back(m * s);
        if (single) {
            const double sw = std::sqrt(w);
            mc.vector_amplitude.assign(static_cast<std::size_t>(nv) * 6, 0.0);
            for (int a = 0; a < nv; ++a)
                for (int b = 0; b < 3; ++b) {
                    mc.vector_amplitude[a * 6 + 2 * b] = sw * cols[4 + a][b].real();
                    mc.vector_amplitude[a * 6 + 2 * b + 1] = sw * cols[4 + a][b].imag();
                }
        } else {
            const int nc = 4 + nv;
            mc.vector.resize(static_cast<std::size_t>(nv) * nc, 0.0);
            for (int a = 0; a < nv; ++a)
                for (int b = 0; b < nc; ++b)
                    mc.vector[a * nc + b] += w * dot(cols[4 + a], cols[b]).real();
        }
    }
    if (ns > 0) {
        std::vector<Vector3c> cols{set.scalar[0] * s, set.scalar[1] * s};
        for (const Matrix3c& m : med_.scalar[type]) cols.push_back(m * s);
        const int nc = 2 + ns;
        mc.scalar.resize(static_cast<std::size_t>(ns) * nc, 0.0);
        for (int a = 0; a < ns; ++a)
            for (int b = 0; b < nc; ++b)
                mc.scalar[a * nc + b] += w * dot(cols[2 + a], cols[b]).real();
    }
}

void CrossSection::mediator_mass_basis(Coefficients& c, int type, int alpha,
                                       const std::array<complex, 9>& pm) const {
    const auto form = [&](const MassGram& g) {
        double r = 0;
        for (int i = 0; i < 9; ++i) r += (pm[i] * g[i]).real();
        return r;
    };
    MediatorCoefficients& mc = c.mediator;
    mc.n_vector = static_cast<int>(med_.vector[type].size());
    mc.n_scalar = static_cast<int>(med_.scalar[type].size());
    const auto& vg = med_.vector_grams[type][alpha];
    mc.vector.resize(vg.size());
    for (std::size_t i = 0; i < vg.size(); ++i) mc.vector[i] = form(vg[i]);
    const auto& sg = med_.scalar_grams[type][alpha];
    mc.scalar.resize(sg.size());
    for (std::size_t i = 0; i < sg.size(); ++i) mc.scalar[i] = form(sg[i]);
}

void CrossSection::mediator_mass_mixture(Coefficients& c, int type,
                                         const std::array<double, 3>& populations) const {
    // As coefficients_mass_mixture: the diagonal (j, j) of each flavour row's mass-basis Gram,
    // weighted by the populations p_j and summed over the rows alpha.
    const auto form = [&](const auto& grams, std::size_t i) {
        double r = 0;
        for (int alpha = 0; alpha < 3; ++alpha) {
            const MassGram& g = grams[alpha][i];
            for (int j = 0; j < 3; ++j) r += populations[j] * g[4 * j].real();
        }
        return r;
    };
    MediatorCoefficients& mc = c.mediator;
    mc.n_vector = static_cast<int>(med_.vector[type].size());
    mc.n_scalar = static_cast<int>(med_.scalar[type].size());
    const auto& vg = med_.vector_grams[type];
    mc.vector.resize(vg[0].size());
    for (std::size_t i = 0; i < mc.vector.size(); ++i) mc.vector[i] = form(vg, i);
    const auto& sg = med_.scalar_grams[type];
    mc.scalar.resize(sg[0].size());
    for (std::size_t i = 0; i < mc.scalar.size(); ++i) mc.scalar[i] = form(sg, i);
}

void CrossSection::mediator_pieces(const Coefficients& c, const RecoilPoint& r, Pieces& p) const {
    const MediatorCoefficients& mc = c.mediator;
    const int kv = static_cast<int>(med_.vector_inv_m2.size());
    const int ks = static_cast<int>(med_.scalar_inv_m2.size());
    if ((mc.n_vector != 0 && mc.n_vector != 2 * kv) || (mc.n_scalar != 0 && mc.n_scalar != 2 * ks))
        throw InvalidArgument(
            cevas::describe("coefficients.mediator", std::to_string(mc.n_vector),
                            "coefficients of another cross section (mediators differ)"));
    if (mc.n_vector > 0) {
        const int nv = mc.n_vector, nc = 4 + nv;
        const double d = r.fn - r.fe;
        double x[4 + 2 * 64];
        std::vector<double> heap;
        double* xp = x;
        if (nc > static_cast<int>(std::size(x))) {
            heap.resize(nc);
            xp = heap.data();
        }
        xp[0] = r.fn;
        xp[1] = r.fe;
        xp[2] = r.q2 > 0 ? d * photon_coeff_ / r.q2 : photon_slope0_ * photon_coeff_;
        xp[3] = d;
        for (int k = 0; k < kv; ++k) {
            const double y = 1.0 / (1.0 + r.q2 * med_.vector_inv_m2[k]);
            xp[4 + 2 * k] = y * r.fn;
            xp[5 + 2 * k] = y * r.fe;
        }
        if (c.has_amplitudes) {
            double cv = 0;
            for (int m = 0; m < 6; ++m) {
                double a = 0;
                for (int k = 0; k < 4; ++k) a += xp[k] * c.vector_amplitude[k][m];
                for (int k = 0; k < nv; ++k) a += xp[4 + k] * mc.vector_amplitude[k * 6 + m];
                cv += a * a;
            }
            p.c_v = cv;
        } else {
            double extra = 0;
            for (int a = 0; a < nv; ++a) {
                const double* row = mc.vector.data() + a * nc;
                double s = 0;
                for (int b = 0; b < 4; ++b) s += 2 * row[b] * xp[b];
                for (int b = 4; b < nc; ++b) s += row[b] * xp[b];
                extra += xp[4 + a] * s;
            }
            p.c_v += extra;
        }
    }
    if (mc.n_scalar > 0) {
        const int ns = mc.n_scalar, nc = 2 + ns;
        std::vector<double> xs(nc);
        xs[0] = r.fn;
        xs[1] = r.fe;
        for (int k = 0; k < ks; ++k) {
            const double z = 1.0 / (1.0 + r.q2 * med_.scalar_inv_m2[k]);
            xs[2 + 2 * k] = z * r.fn;
            xs[3 + 2 * k] = z * r.fe;
        }
        double extra = 0;
        for (int a = 0; a < ns; ++a) {
            const double* row = mc.scalar.data() + a * nc;
            double s = 0;
            for (int b = 0; b < 2; ++b) s += 2 * row[b] * xs[b];
            for (int b = 2; b < nc; ++b) s += row[b] * xs[b];
            extra += xs[2 + a] * s;
        }
        p.c_s += extra;
    }
}

void CrossSection::evaluate_serial_mediators(const Coefficients& c, std::span<const double> t,
                                             std::span<double> out) const {
    const double m = target_.mass;
    double q2b[kChunk], feb[kChunk], fnb[kChunk];
    for (std::size_t start = 0; start < t.size(); start += kChunk) {
        const std::size_t len = std::min(kChunk, t.size() - start);
        const double* tt = t.data() + start;
        for (std::size_t i = 0; i < len; ++i) q2b[i] = 2.0 * m * tt[i] + tt[i] * tt[i];
        ff_e_.evaluate({q2b, len}, {feb, len});
        ff_n_.evaluate({q2b, len}, {fnb, len});
        for (std::size_t i = 0; i < len; ++i) {
            RecoilPoint r{};
            r.q2 = q2b[i];
            r.fe = feb[i];
            r.fn = fnb[i];
            for (int s = 0; s < n_shells_; ++s)
                r.fs[s] =
                    hydrogenic_1s_form_factor(r.q2, shell_zeff_[s], params_.constants.bohr_radius);
            out[start + i] = combine(c, tt[i], r);
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!std::isfinite(out[i])) check_result(out[i], c.e_nu, t[i]);
}

namespace detail {

void accumulate_mediator(Coefficients& into, const Coefficients& c, double w) {
    MediatorCoefficients& im = into.mediator;
    const MediatorCoefficients& cm = c.mediator;
    if (cm.n_vector == 0 && cm.n_scalar == 0) {
        // Nothing to add; an amplitude-form `into` still goes over to the quadratic form.
        if (im.n_vector == 0 || !into.has_amplitudes) return;
    }
    const int nv = std::max(im.n_vector, cm.n_vector), ns = std::max(im.n_scalar, cm.n_scalar);
    if ((im.n_vector != 0 && cm.n_vector != 0 && im.n_vector != cm.n_vector) ||
        (im.n_scalar != 0 && cm.n_scalar != 0 && im.n_scalar != cm.n_scalar))
        throw InvalidArgument(cevas::describe("coefficients.mediator", std::to_string(cm.n_vector),
                                              "sums need coefficients of the same cross section"));
    const int nc = 4 + nv;
    // Rows of x's extended vector form, added with weight `f` into `dst`.
    const auto add_rows = [nc](std::vector<double>& dst, const Coefficients& x, double f) {
        const MediatorCoefficients& xm = x.mediator;
        if (xm.n_vector == 0) return;
        if (!x.has_amplitudes) {
            for (std::size_t i = 0; i < xm.vector.size(); ++i) dst[i] += f * xm.vector[i];
            return;
        }
        for (int a = 0; a < xm.n_vector; ++a)
            for (int b = 0; b < nc; ++b) {
                const double* va = xm.vector_amplitude.data() + a * 6;
                const double* vb =
                    b < 4 ? x.vector_amplitude[b].data() : xm.vector_amplitude.data() + (b - 4) * 6;
                double g = 0;
                for (int m = 0; m < 6; ++m) g += va[m] * vb[m];
                dst[a * nc + b] += f * g;
            }
    };
    if (nv > 0) {
        if (into.has_amplitudes || im.vector.size() != static_cast<std::size_t>(nv * nc)) {
            std::vector<double> rows(static_cast<std::size_t>(nv) * nc, 0.0);
            add_rows(rows, into, 1.0);
            im.vector = std::move(rows);
            im.vector_amplitude.clear();
        }
        add_rows(im.vector, c, w);
        im.n_vector = nv;
    }
    if (ns > 0) {
        const std::size_t size = static_cast<std::size_t>(ns) * (2 + ns);
        if (im.scalar.size() != size) im.scalar.assign(size, 0.0);
        for (std::size_t i = 0; i < cm.scalar.size(); ++i) im.scalar[i] += w * cm.scalar[i];
        im.n_scalar = ns;
    }
}

}  // namespace detail

}  // namespace cevas
