#pragma once
// Helpers for the end-to-end tests of the `cevas` executable (CEVAS_CLI, built by the cevas_cli
// target): run it in a shell with stdout and stderr captured, inside a temporary directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cevas::test {

namespace fs = std::filesystem;

/// A temporary directory, removed with its content at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "cevas_cli_test_XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// Names of the entries, excluding the captured stdout/stderr files.
    std::vector<std::string> outputs() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path)) {
            const std::string n = e.path().filename().string();
            if (n != "stdout.txt" && n != "stderr.txt" && n.rfind("input", 0) != 0)
                names.push_back(n);
        }
        return names;
    }
};

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Result of one run.
struct CliRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Quote for /bin/sh.
inline std::string sh_quote(const std::string& a) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Run `cevas <args>` with the working directory `dir`.
inline CliRun run_cli(const std::vector<std::string>& args, const fs::path& dir) {
    std::string cmd = "cd " + sh_quote(dir.string()) + " && " + sh_quote(CEVAS_CLI);
    for (const auto& a : args) cmd += " " + sh_quote(a);
    cmd += " >stdout.txt 2>stderr.txt";
    const int status = std::system(cmd.c_str());
    CliRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir / "stdout.txt");
    r.err = slurp(dir / "stderr.txt");
    return r;
}

}  // namespace cevas::test
