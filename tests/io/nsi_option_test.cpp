// `--nsi LEVEL.AB=VALUE` parsing and application (io/nsi_option.hpp).
#include "cevas/io/nsi_option.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

using test::kExact;

template <class F>
void expect_invalid(F&& f, std::initializer_list<std::string> fragments) {
    try {
        f();
        ADD_FAILURE() << "no exception";
    } catch (const InvalidArgument& e) {
        const std::string msg = e.what();
        for (const auto& frag : fragments) {
            EXPECT_NE(msg.find(frag), std::string::npos) << "'" << frag << "' not in: " << msg;
        }
    }
}

TEST(NsiOption, VectorIsTheDefaultStructure) {
    const NsiAssignment a = parse_nsi_option("nucleus.emu=0.1-0.05i");
    EXPECT_EQ(a.structure, NsiStructure::vector);
    EXPECT_EQ(a.level, NsiLevel::nucleus);
    EXPECT_EQ(a.row, 0);
    EXPECT_EQ(a.col, 1);
    EXPECT_REL_NEAR(a.value.real(), 0.1, kExact);
    EXPECT_REL_NEAR(a.value.imag(), -0.05, kExact);
    EXPECT_EQ(a.key(), "vector.nucleus.emu");
    EXPECT_EQ(parse_nsi_option("vector.u.ee=0.3").key(), "vector.u.ee");
}

TEST(NsiOption, EveryStructureAndLevel) {
    for (const char* s : {"vector", "axial", "scalar", "tensor"}) {
        for (const char* l : {"u", "d", "p", "n", "nucleus", "e"}) {
            const NsiAssignment a = parse_nsi_option(std::string(s) + "." + l + ".tautau=2");
            EXPECT_EQ(to_string(a.structure), s);
            EXPECT_EQ(to_string(a.level), l);
            EXPECT_EQ(a.row, 2);
            EXPECT_EQ(a.col, 2);
        }
    }
}

TEST(NsiOption, TransposedPairIsStoredAsItsConjugatePartner) {
    const NsiAssignment a = parse_nsi_option("p.mue=0.1+0.2i");
    EXPECT_EQ(a.row, 0);
    EXPECT_EQ(a.col, 1);
    EXPECT_REL_NEAR(a.value.imag(), -0.2, kExact);  // (e, mu) = conj((mu, e))
}

TEST(NsiOption, ApplySetsTheHermitianPartner) {
    NsiParameters nsi;
    const std::vector<std::string> texts = {"nucleus.emu=0.1-0.05i", "axial.u.ee=0.2",
                                            "e.mutau=-0.3i"};
    apply_nsi_options(nsi, texts);
    EXPECT_EQ(nsi.vector.nucleus(0, 1), complex(0.1, -0.05));
    EXPECT_EQ(nsi.vector.nucleus(1, 0), complex(0.1, 0.05));
    EXPECT_EQ(nsi.axial.u(0, 0), complex(0.2, 0.0));
    EXPECT_EQ(nsi.vector.e(1, 2), complex(0.0, -0.3));
    EXPECT_EQ(nsi.vector.e(2, 1), complex(0.0, 0.3));
    EXPECT_EQ(nsi.vector.nucleus.hermiticity_defect(), 0.0);
    EXPECT_TRUE(nsi.scalar.is_zero());
}

TEST(NsiOption, DuplicatesAreErrorsAndLeaveParametersUnchanged) {
    NsiParameters nsi;
    const std::vector<std::string> texts = {"nucleus.emu=0.1", "n.ee=0.5", "nucleus.mue=0.2"};
    expect_invalid([&] { apply_nsi_options(nsi, texts); },
                   {"--nsi", "'nucleus.mue=0.2'", "vector.nucleus.emu again", "nucleus.emu=0.1"});
    EXPECT_TRUE(nsi.is_zero());
    // Same entry spelt with and without the vector prefix.
    const std::vector<std::string> again = {"vector.d.ee=1", "d.ee=1"};
    expect_invalid([&] { apply_nsi_options(nsi, again); }, {"again"});
}

TEST(NsiOption, BadInputNamesOptionValueAndReason) {
    expect_invalid([] { parse_nsi_option("nucleus.ee"); },
                   {"--nsi", "'nucleus.ee'", "LEVEL.AB=VALUE"});
    expect_invalid([] { parse_nsi_option("ee=0.1"); }, {"--nsi", "LEVEL.AB=VALUE"});
    expect_invalid([] { parse_nsi_option("a.b.c.ee=0.1"); }, {"LEVEL.AB=VALUE"});
    expect_invalid([] { parse_nsi_option("quark.ee=0.1"); },
                   {"'quark.ee=0.1'", "unknown NSI level"});
    expect_invalid([] { parse_nsi_option("pseudo.u.ee=0.1"); }, {"unknown NSI structure"});
    expect_invalid([] { parse_nsi_option("u.ex=0.1"); }, {"unknown flavour pair"});
    expect_invalid([] { parse_nsi_option("u.emu=abc"); }, {"'u.emu=abc'", "not a number"});
    expect_invalid([] { parse_nsi_option("u.emu="); }, {"empty value"});
    expect_invalid([] { parse_nsi_option("u.emu=0.1-0.0.5i"); }, {"malformed imaginary part"});
    expect_invalid([] { parse_nsi_option("u.emu=nan"); }, {"finite"});
    expect_invalid([] { parse_nsi_option("u.ee=0.1+0.1i"); }, {"diagonal entry", "must be real"});
    expect_invalid([] { parse_nsi_option("x.ee=1", "nsi.entry"); }, {"nsi.entry = 'x.ee=1'"});
}

}  // namespace
}  // namespace cevas
