// End-to-end hardening of the CLI (issue 11): output targets that must never be destroyed,
// temporaries removed on SIGTERM/SIGINT, one `cevas run` per folder, nothing created before
// everything is validated, the plot-script status decoded, control characters escaped, and
// every documented out-of-range input refused by every command with a one-line error.
// Output targets are FIFOs, symlinks and files inside a temporary folder, never /dev entries.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using cevas::test::run_cli;
using cevas::test::slurp;
using cevas::test::TempDir;

const std::vector<std::string> kXsec = {"xsec",  "--target", "He4",      "--flavor",      "e",
                                        "--enu", "15keV",    "--recoil", "1meV:100meV:50"};

void put(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<std::string> dir_names(const fs::path& d) {
    std::vector<std::string> n;
    for (const auto& e : fs::directory_iterator(d)) n.push_back(e.path().filename().string());
    std::sort(n.begin(), n.end());
    return n;
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> copy = args;
    std::string exe = CEVAS_CLI;
    std::vector<char*> argv{exe.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, (cwd / "stdout.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (cwd / "stderr.txt").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

TEST(HardeningCli, OutputToAFifoIsWrittenThrough) {
    TempDir d;
    const fs::path fifo = d.path / "pipe.csv";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
    const auto r = run_cli(with(kXsec, {"-o", "pipe.csv"}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string text = reader.get();
    EXPECT_NE(text.find("recoil_eV,q_eV"), std::string::npos);
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));  // not replaced by a regular file
}

TEST(HardeningCli, OutputThroughASymlinkKeepsTheLink) {
    TempDir d;
    fs::create_directory(d.path / "real");
    put(d.path / "real" / "x.csv", "old");
    fs::create_symlink("real/x.csv", d.path / "link.csv");
    const auto r = run_cli(with(kXsec, {"-o", "link.csv"}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d.path / "link.csv")));
    EXPECT_NE(slurp(d.path / "real" / "x.csv").find("recoil_eV"), std::string::npos);
}

TEST(HardeningCli, SigtermAndSigintRemoveTheTemporary) {
    for (int sig : {SIGTERM, SIGINT}) {
        TempDir d;
        // Large enough to be killed while writing: 3e6 rows (about 400 MB if completed).
        const pid_t pid =
            spawn({"xsec", "--target", "He4", "--flavor", "e", "--enu", "15keV", "--recoil",
                   "1meV:100meV:3000000", "-o", (d.path / "x.csv").string()},
                  d.path);
        ASSERT_GT(pid, 0);
        // Wait for the temporary to appear, then signal.
        bool seen = false;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!seen && std::chrono::steady_clock::now() < give_up) {
            for (const auto& n : dir_names(d.path))
                seen = seen || n.starts_with(".x.csv.cevas-tmp.");
            if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ASSERT_TRUE(seen) << "no temporary appeared";
        ::kill(pid, sig);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "status " << status;
        EXPECT_EQ(dir_names(d.path), (std::vector<std::string>{"stderr.txt", "stdout.txt"}))
            << "signal " << sig;
    }
}

TEST(HardeningCli, StaleTemporariesOfTheSameTargetAreCleaned) {
    TempDir d;
    // A temporary of a process that is gone (a reaped child's pid), one of another target, and
    // a user's file: only the first is removed.
    const pid_t dead = spawn({"--version"}, d.path);
    int st = 0;
    ASSERT_EQ(::waitpid(dead, &st, 0), dead);
    const std::string stale = ".x.csv.cevas-tmp." + std::to_string(dead) + ".AbC123";
    const std::string other = ".y.csv.cevas-tmp." + std::to_string(dead) + ".AbC123";
    put(d.path / stale, "partial");
    put(d.path / other, "partial");
    put(d.path / ".x.csv.tmp.keep", "user");
    const auto r = run_cli(with(kXsec, {"-o", "x.csv"}), d.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(d.path / stale));
    EXPECT_TRUE(fs::exists(d.path / other));
    EXPECT_TRUE(fs::exists(d.path / ".x.csv.tmp.keep"));
}

std::string saturne(const std::string& extra_edit_from = "", const std::string& to = "") {
    std::string s = slurp(fs::path(CEVAS_SOURCE_DIR) / "examples" / "saturne.toml");
    // Fast: few recoils, no figures.
    const auto r = s.find("recoil =");
    s.replace(r, s.find('\n', r) - r, "recoil = \"0.1meV:190meV:20\"");
    const auto p = s.find("plots =");
    if (p != std::string::npos) s.replace(p, s.find('\n', p) - p, "plots = false");
    if (!extra_edit_from.empty()) {
        const auto at = s.find(extra_edit_from);
        EXPECT_NE(at, std::string::npos) << extra_edit_from;
        if (at != std::string::npos) s.replace(at, extra_edit_from.size(), to);
    }
    return s;
}

TEST(HardeningCli, SecondRunOnTheSameFolderIsRefusedWhileTheFirstHoldsIt) {
    TempDir d;
    put(d.path / "input.toml", saturne());
    fs::create_directory(d.path / "out");
    // Hold the folder's lock as a first run would (flock on the folder itself).
    const int fd = ::open((d.path / "out").c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto r = run_cli({"run", "input.toml", "--output", "out", "--quiet"}, d.path);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cevas: error: --output = 'out': another cevas process is writing this "
                         "folder"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(dir_names(d.path / "out").empty());
    ::close(fd);
    const auto again = run_cli({"run", "input.toml", "--output", "out", "--quiet"}, d.path);
    EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST(HardeningCli, ErrorsFoundLateCreateNoFolder) {
    // Issue 11's three cases: a target outside the form-factor tables, a tank 1e300 m high, a
    // log spectrum from 1e-308 meV. None may leave an (empty) output folder.
    const std::vector<std::pair<std::string, std::string>> edits = {
        {"name = \"He4\"", "name = \"Og294\""},
        {"height = \"1.637m\"", "height = \"1e300m\""},
        {"recoil = \"0.1meV:190meV:20\"", "recoil = \"1e-308meV:1meV:5\"\nlog = true"}};
    for (const auto& [from, to] : edits) {
        TempDir d;
        put(d.path / "input.toml", saturne(from, to));
        const auto r = run_cli({"run", "input.toml", "--output", "deep/out", "--quiet"}, d.path);
        EXPECT_EQ(r.exit_code, 1) << to << "\n" << r.err;
        EXPECT_FALSE(fs::exists(d.path / "deep")) << to;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

TEST(HardeningCli, MissingPlotScriptSaysSo) {
    TempDir d;
    std::string cfg = saturne();
    cfg.replace(cfg.find("plots = false"), 13, "plots = true");
    put(d.path / "input.toml", cfg);
    const std::string cmd = "cd '" + d.path.string() +
                            "' && CEVAS_PLOT_SCRIPT=/nonexistent/p.py '" + CEVAS_CLI +
                            "' run input.toml -o out -q >stdout.txt 2>stderr.txt";
    const int status = std::system(cmd.c_str());
    EXPECT_EQ(WEXITSTATUS(status), 1);
    const std::string err = slurp(d.path / "stderr.txt");
    EXPECT_NE(err.find("the plot script '/nonexistent/p.py' does not exist"), std::string::npos)
        << err;
    EXPECT_EQ(err.find("512"), std::string::npos) << err;
    // A script that fails: its exit status, decoded.
    put(d.path / "fail.py", "import sys\nsys.exit(7)\n");
    const std::string cmd2 = "cd '" + d.path.string() + "' && CEVAS_PLOT_SCRIPT=fail.py '" +
                             CEVAS_CLI + "' run input.toml -o out2 -q >stdout.txt 2>stderr.txt";
    EXPECT_EQ(WEXITSTATUS(std::system(cmd2.c_str())), 1);
    const std::string err2 = slurp(d.path / "stderr.txt");
    EXPECT_NE(err2.find("exited with status 7"), std::string::npos) << err2;
}

TEST(HardeningCli, NulInAConfigStringIsEscapedAndTheLineKept) {
    TempDir d;
    put(d.path / "input.toml", saturne("name = \"He4\"", "name = \"He\\u00004\""));
    const auto r = run_cli({"run", "input.toml", "--output", "out", "-q"}, d.path);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("target.name = 'He\\x004': "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(input.toml:17)\n"), std::string::npos) << r.err;
}

// Every command refuses every documented out-of-range input (docs/limits.md) with exit code
// 1 or 2, one line naming the input, and no output file.
TEST(HardeningCli, EveryCommandRefusesOutOfRangeInputs) {
    struct Case {
        std::vector<std::string> args;
        std::string names;  // the field the message must name
    };
    const std::vector<std::string> rate = {"rate", "--target",   "He4",          "--target-mass",
                                           "1kg",  "--activity", "1MCi",         "--distance",
                                           "1m",   "--recoil",   "1meV:100meV:5"};
    const std::vector<Case> flag_cases = {
        {with(kXsec, {"--enu", "1e308"}), "--enu"},
        {with(kXsec, {"--enu", "1e-310"}), "--enu"},
        {with(kXsec, {"--recoil", "1e-320eV"}), "--recoil"},
        {with(kXsec, {"--recoil", "1meV:1e20eV:3"}), "--recoil"},
        {with(kXsec, {"--baseline", "1e20m"}), "--baseline"},
        {with(kXsec, {"--magnetic-moment", "1e200"}), "--magnetic-moment"},
        {with(kXsec, {"--millicharge", "1e300"}), "--millicharge"},
        {with(kXsec, {"--charge-radius", "1e-10cm2"}), "--charge-radius"},
        {with(kXsec, {"--nsi", "nucleus.ee=1e300"}), "--nsi"},
        {with(kXsec, {"--nsi", "nucleus.ee=0x10"}), "--nsi"},
        {with(kXsec, {"--nsi", "nucleus.emu=1e-400i"}), "--nsi"},
        {with(kXsec, {"--sin2w", "1.5"}), "--sin2w"},
        {with(rate, {"--magnetic-moment", "1e200"}), "--magnetic-moment"},
        {with(rate, {"--nsi", "nucleus.ee=1e300"}), "--nsi"},
        {with(rate, {"--recoil", "1e-320eV"}), "--recoil"},
        {with(rate, {"--distance", "1e20m"}), "distance"},
        {with(rate, {"--activity", "1e40Bq"}), "activity"},
    };
    // Config-file cases, for `rate --config` and `run` alike.
    const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cfg_cases = {
        {{"background_per_eV_per_s = 0.0", "background_per_eV_per_s = 1e308"},
         "detector.background_per_eV_per_s"},
        {{"background_per_eV_per_s = 0.0", "background_per_eV_per_s = -1"},
         "detector.background_per_eV_per_s = -1"},
        {{"[target]\n", "[target]\nproton_net = 1e300\n"}, "target.proton_net"},
        {{"[target]\n", "[target]\nnuclear_j = 0\n"}, "target.nuclear_j"},
        {{"height = \"1.637m\"", "height = \"1e300m\""}, "geometry.height"},
        {{"[run]\n", "[hadronic]\nmass_u = \"1e-300eV\"\n[run]\n"}, "hadronic.mass_u"},
        {{"[run]\n", "[hadronic]\ntensor_u = 1e300\n[run]\n"}, "hadronic.tensor_u"},
        {{"[run]\n", "[constants]\nalpha_inverse = 1e-300\n[run]\n"}, "constants.alpha_inverse"},
        {{"[run]\n", "[physics]\nnucleon_axial_coupling = 1e300\n[run]\n"},
         "physics.nucleon_axial_coupling"},
        {{"[run]\n", "[electromagnetic]\nmagnetic_moment = 1e200\n[run]\n"},
         "electromagnetic.magnetic_moment"},
    };
    TempDir d;
    for (const auto& c : flag_cases) {
        const auto r = run_cli(with(c.args, {"-o", "o.csv"}), d.path);
        std::string joined;
        for (const auto& a : c.args) joined += a + " ";
        EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << joined << r.exit_code << r.err;
        EXPECT_EQ(r.err.rfind("cevas: error: ", 0), 0u) << joined << r.err;
        EXPECT_NE(r.err.find(c.names), std::string::npos) << joined << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << joined << r.err;
        EXPECT_FALSE(fs::exists(d.path / "o.csv")) << joined;
    }
    for (const auto& [edit, key] : cfg_cases) {
        put(d.path / "input.toml", saturne(edit.first, edit.second));
        for (const auto& args :
             {std::vector<std::string>{"rate", "--config", "input.toml", "-o", "o.csv"},
              std::vector<std::string>{"run", "input.toml", "-o", "out", "-q"}}) {
            const auto r = run_cli(args, d.path);
            EXPECT_EQ(r.exit_code, 1) << edit.second << " " << args[0] << r.err;
            EXPECT_NE(r.err.find("cevas: error: " + key), std::string::npos)
                << edit.second << " " << args[0] << ": " << r.err;
            EXPECT_NE(r.err.find("(input.toml:"), std::string::npos) << r.err;
            EXPECT_FALSE(fs::exists(d.path / "o.csv"));
            EXPECT_FALSE(fs::exists(d.path / "out"));
        }
    }
}

}  // namespace
