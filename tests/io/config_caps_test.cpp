// Size and nesting caps of configuration files (issue 11: a 70 KB file with one deeply dotted
// key overflowed the TOML parser's stack; /dev/zero was read without limit).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/io/config.hpp"
#include "cevas/io/rate_config.hpp"

namespace {

namespace fs = std::filesystem;

std::string repeat(const std::string& s, int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r += s;
    return r;
}

std::string caps_error(const std::string& text) {
    try {
        cevas::check_config_caps(text, "c.toml");
    } catch (const cevas::ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(ConfigCaps, DeepDottedKeyIsRefusedBeforeParsing) {
    // The reproducer of issue 11, also through both readers.
    const std::string deep = "a" + repeat(".a", 40000) + "=1\n";
    EXPECT_NE(caps_error(deep).find("more than 32 components"), std::string::npos);
    EXPECT_THROW(cevas::parse_xsec_config(deep), cevas::ConfigError);
    EXPECT_THROW(cevas::parse_rate_config(deep), cevas::ConfigError);
    // The limit itself: 32 components pass the scan, 33 do not; the line is named.
    EXPECT_EQ(caps_error("x = 1\na" + repeat(".a", 31) + " = 1\n"), "");
    const std::string m = caps_error("x = 1\n\na" + repeat(".a", 32) + " = 1\n");
    EXPECT_EQ(m.rfind("config = 'c.toml': a dotted key", 0), 0u) << m;
    EXPECT_NE(m.find("(c.toml:3)"), std::string::npos) << m;
    // Table headers and keys inside inline tables count too.
    EXPECT_NE(caps_error("[a" + repeat(".a", 40) + "]\n"), "");
    EXPECT_NE(caps_error("[[a" + repeat(".a", 40) + "]]\n"), "");
    EXPECT_NE(caps_error("t = {x = 1, a" + repeat(".a", 40) + " = 2}\n"), "");
}

TEST(ConfigCaps, DotsInValuesStringsAndCommentsAreNotKeys) {
    const std::string dots = repeat(".", 100);
    EXPECT_EQ(caps_error("a = \"" + dots + "\"\n"), "");
    EXPECT_EQ(caps_error("a = '" + dots + "'\n"), "");
    EXPECT_EQ(caps_error("a = \"\"\"\n" + dots + " = 1\n\"\"\"\n"), "");
    EXPECT_EQ(caps_error("a = '''\nx" + dots + "x = 1\n'''\n"), "");
    EXPECT_EQ(caps_error("# " + dots + "\na = 1 # " + dots + "\n"), "");
    EXPECT_EQ(caps_error("\"" + dots + "\" = 1\n"), "");
    EXPECT_EQ(caps_error("a = [1.5, 2.5,\n 3.5]\nb." + repeat("c.", 20) + "d = 0.5\n"), "");
}

TEST(ConfigCaps, DeepNestingAndSizeAreRefused) {
    EXPECT_NE(caps_error("a = " + repeat("[", 33) + repeat("]", 33) + "\n").find("nested"),
              std::string::npos);
    EXPECT_EQ(caps_error("a = " + repeat("[", 32) + repeat("]", 32) + "\n"), "");
    EXPECT_NE(caps_error("a = " + repeat("{b = ", 40) + "1" + repeat("}", 40) + "\n"), "");
    std::string big = "# " + std::string(cevas::kMaxConfigBytes, 'x') + "\n";
    EXPECT_NE(caps_error(big).find("larger than the cap of 1048576 bytes"), std::string::npos);
}

TEST(ConfigCaps, EveryExampleConfigPasses) {
    for (const auto& e : fs::directory_iterator(fs::path(CEVAS_SOURCE_DIR) / "examples")) {
        if (e.path().extension() != ".toml") continue;
        std::ifstream in(e.path());
        std::ostringstream s;
        s << in.rdbuf();
        EXPECT_EQ(caps_error(s.str()), "") << e.path();
    }
}

TEST(ConfigCaps, EndlessFileStopsAtTheCap) {
    // A FIFO fed forever by a writer (as /dev/zero would be, without touching /dev).
    std::string tmpl = (fs::temp_directory_path() / "cevas_caps_XXXXXX").string();
    const fs::path dir = ::mkdtemp(tmpl.data());
    const fs::path fifo = dir / "endless.toml";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    ::signal(SIGPIPE, SIG_IGN);  // the writer sees EPIPE once the reader gives up
    auto writer = std::async(std::launch::async, [&] {
        std::ofstream out(fifo, std::ios::binary);
        const std::string block(1 << 16, '#');
        for (int i = 0; i < 1000 && out; ++i) out << block;  // up to 64 MB, stops on EPIPE
    });
    try {
        cevas::read_rate_config(fifo, "config");
        ADD_FAILURE() << "no error";
    } catch (const cevas::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("larger than the cap"), std::string::npos) << e.what();
    }
    writer.get();
    fs::remove_all(dir);
}

}  // namespace

namespace {

// Issue 11: range errors name the key as written, in the key's unit, at the key's own line
// (background_per_eV_per_s = -1 used to report "detector.background = -6.58e-16", and a bad
// efficiency table was blamed on another line).
std::string rate_error(const std::string& from, const std::string& to) {
    std::ifstream in(fs::path(CEVAS_SOURCE_DIR) / "examples" / "saturne.toml");
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    try {
        cevas::parse_rate_config(text, "s.toml");
    } catch (const cevas::ConfigError& e) {
        return e.what();
    }
    return "";
}

int line_of(const std::string& from) {
    std::ifstream in(fs::path(CEVAS_SOURCE_DIR) / "examples" / "saturne.toml");
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (line.find(from) != std::string::npos) return n;
    return -1;
}

TEST(ConfigMessages, RightKeyUnitAndLine) {
    const std::string bg = "background_per_eV_per_s = 0.0";
    const std::string eff = "efficiency = 1.0 ";
    const std::string bg_line = "(s.toml:" + std::to_string(line_of(bg)) + ")";
    const std::string eff_line = "(s.toml:" + std::to_string(line_of(eff)) + ")";
    std::string m = rate_error(bg, "background_per_eV_per_s = -1");
    EXPECT_EQ(m.rfind("detector.background_per_eV_per_s = -1/(eV s): ", 0), 0u) << m;
    EXPECT_NE(m.find(bg_line), std::string::npos) << m;
    m = rate_error(bg,
                   "background_per_eV_per_s = {recoil = [\"1meV\", \"2meV\"], value = [1, -2]}");
    EXPECT_EQ(m.rfind("detector.background_per_eV_per_s.value[1] = -2/(eV s): ", 0), 0u) << m;
    EXPECT_NE(m.find(bg_line), std::string::npos) << m;
    m = rate_error(eff, "efficiency = {recoil = [\"1meV\", \"2meV\"], value = [0.5, 2]} ");
    EXPECT_EQ(m.rfind("detector.efficiency = 2: ", 0), 0u) << m;
    EXPECT_NE(m.find(eff_line), std::string::npos) << m;
    m = rate_error("height = \"1.637m\"", "height = \"1e300m\"");
    EXPECT_EQ(m.rfind("geometry.height = 1e+300 m: outside the accepted range", 0), 0u) << m;
    EXPECT_NE(m.find("(s.toml:" + std::to_string(line_of("height = \"1.637m\"")) + ")"),
              std::string::npos)
        << m;
    m = rate_error("name = \"He4\"", "name = \"Og294\"");
    EXPECT_NE(m.find("target.name = 'Og294': the atomic form factor hubbell"), std::string::npos)
        << m;
    EXPECT_NE(m.find("(s.toml:" + std::to_string(line_of("name = \"He4\"")) + ")"),
              std::string::npos)
        << m;
    m = rate_error("[target]\n",
                   "[target]\nshells = [{z_eff = 1}, {z_eff = 1}, {z_eff = 1}, "
                   "{z_eff = 1}, {z_eff = 1}]\n");
    EXPECT_EQ(m.rfind("target.shells = 5 shells: at most 4", 0), 0u) << m;
    EXPECT_NE(m.find("(s.toml:"), std::string::npos) << m;
}

}  // namespace
