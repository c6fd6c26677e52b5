#pragma once
// Helpers for the end-to-end tests of the `cevas` executable (CEVAS_CLI, built by the cevas_cli
// target): run it in a shell with stdout and stderr captured, inside a temporary directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
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

/// A CSV written by the CLI: `# key = value` metadata lines, a header row, numeric rows.
struct Csv {
    bool ok = true;  ///< every line well formed and the text ends with a newline
    std::map<std::string, std::string> meta;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
    std::size_t col(const std::string& name) const {
        const auto it = std::find(columns.begin(), columns.end(), name);
        if (it == columns.end()) ADD_FAILURE() << "no column " << name;
        return it == columns.end() ? 0 : static_cast<std::size_t>(it - columns.begin());
    }
    std::vector<double> column(const std::string& name) const {
        const auto it = std::find(columns.begin(), columns.end(), name);
        EXPECT_NE(it, columns.end()) << "no column " << name;
        std::vector<double> v;
        if (it == columns.end()) return v;
        const auto k = static_cast<std::size_t>(it - columns.begin());
        for (const auto& r : rows) v.push_back(r[k]);
        return v;
    }
    double number(const std::string& key) const {
        const auto it = meta.find(key);
        if (it == meta.end()) {
            ADD_FAILURE() << "no metadata " << key;
            return std::nan("");
        }
        return std::stod(it->second);
    }
};

/// Parse without gtest assertions (`ok` says whether the text was complete and well formed).
inline Csv parse_csv(const std::string& text) {
    Csv c;
    c.ok = !text.empty() && text.back() == '\n';
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("# ", 0) == 0) {
            const auto eq = line.find(" = ");
            if (eq == std::string::npos)
                c.ok = false;
            else
                c.meta[line.substr(2, eq - 2)] = line.substr(eq + 3);
            continue;
        }
        std::vector<std::string> fields;
        std::stringstream ls(line);
        std::string f;
        while (std::getline(ls, f, ',')) fields.push_back(f);
        if (c.columns.empty()) {
            c.columns = fields;
            continue;
        }
        std::vector<double> row;
        for (const auto& x : fields) {
            try {
                std::size_t used = 0;
                row.push_back(std::stod(x, &used));
                if (used != x.size()) c.ok = false;
            } catch (const std::exception&) {
                c.ok = false;
            }
        }
        if (row.size() != c.columns.size()) c.ok = false;
        c.rows.push_back(row);
    }
    if (c.columns.empty()) c.ok = false;
    return c;
}

/// Parse and require a complete, well-formed file.
inline Csv parse_csv_strict(const std::string& text) {
    Csv c = parse_csv(text);
    EXPECT_TRUE(c.ok) << "malformed or truncated CSV";
    return c;
}

}  // namespace cevas::test
