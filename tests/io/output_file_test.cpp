// The output-file layer (issue 11): FIFOs and symlinks are never replaced, temporaries have an
// unambiguous name and only stale ones of cevas are removed, a folder lock excludes a second
// writer, streaming equals the whole-table formatting. Everything happens inside a temporary
// folder (never the machine's own /dev entries).
#include "cevas/io/output_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/io/table.hpp"

namespace {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "cevas_output_test_XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void put(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::set<std::string> names(const fs::path& dir) {
    std::set<std::string> n;
    for (const auto& e : fs::directory_iterator(dir)) n.insert(e.path().filename().string());
    return n;
}

// A pid that certainly belongs to no running process: a child that has been reaped.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

TEST(OutputFile, FifoIsWrittenThroughNotReplaced) {
    TempDir d;
    const fs::path fifo = d.path / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader on the other end, as a shell pipeline would have.
    auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
    cevas::write_file_atomic(fifo, "a,b\n1,2\n", "--output");
    EXPECT_EQ(reader.get(), "a,b\n1,2\n");
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
    EXPECT_EQ(names(d.path), std::set<std::string>{"pipe"});
}

TEST(OutputFile, SymlinkIsFollowedAndKept) {
    TempDir d;
    fs::create_directory(d.path / "real");
    put(d.path / "real" / "x.csv", "old");
    fs::create_symlink("real/x.csv", d.path / "link.csv");
    cevas::write_file_atomic(d.path / "link.csv", "new", "--output");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d.path / "link.csv")));
    EXPECT_EQ(slurp(d.path / "real" / "x.csv"), "new");
    // A dangling link creates its target; a chain of links is followed to the end.
    fs::create_symlink("real/y.csv", d.path / "dangling.csv");
    fs::create_symlink("dangling.csv", d.path / "chain.csv");
    cevas::write_file_atomic(d.path / "chain.csv", "made", "--output");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d.path / "chain.csv")));
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d.path / "dangling.csv")));
    EXPECT_EQ(slurp(d.path / "real" / "y.csv"), "made");
    EXPECT_EQ(names(d.path / "real"), (std::set<std::string>{"x.csv", "y.csv"}));
}

TEST(OutputFile, SymlinkLoopIsAnError) {
    TempDir d;
    fs::create_symlink("b", d.path / "a");
    fs::create_symlink("a", d.path / "b");
    try {
        cevas::write_file_atomic(d.path / "a", "x", "--output");
        FAIL() << "no error";
    } catch (const cevas::Exception& e) {
        EXPECT_NE(std::string(e.what()).find("--output = '"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("symbolic links"), std::string::npos) << e.what();
    }
    EXPECT_EQ(names(d.path), (std::set<std::string>{"a", "b"}));
}

TEST(OutputFile, SymlinkToFifoWritesThrough) {
    TempDir d;
    const fs::path fifo = d.path / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    fs::create_symlink("pipe", d.path / "out.csv");
    auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
    cevas::write_file_atomic(d.path / "out.csv", "rows", "--output");
    EXPECT_EQ(reader.get(), "rows");
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d.path / "out.csv")));
}

TEST(OutputFile, TemporaryNameIsUnambiguous) {
    TempDir d;
    cevas::OutputFile f(d.path / "x.csv", "--output");
    const std::string tmp = fs::path(f.temporary_path()).filename().string();
    pid_t pid = 0;
    EXPECT_TRUE(cevas::is_cevas_temporary(tmp, "x.csv", &pid)) << tmp;
    EXPECT_EQ(pid, ::getpid());
    EXPECT_TRUE(tmp.starts_with(".x.csv.cevas-tmp.")) << tmp;
    EXPECT_FALSE(cevas::is_cevas_temporary(tmp, "y.csv"));
    // Names a user might have: never taken for ours.
    for (const char* n :
         {".notes.tmp.txt", ".x.csv.tmp.AbC123", "x.csv.cevas-tmp.12.AbC123",
          ".x.csv.cevas-tmp.12.AbC12", ".x.csv.cevas-tmp.1a.AbC123", ".x.csv.cevas-tmp..AbC123",
          ".x.csv.cevas-tmp.12.AbC1234", ".cevas-tmp.12.AbC123"})
        EXPECT_FALSE(cevas::is_cevas_temporary(n)) << n;
    f.write("abc");
    // Not committed: the destructor removes the temporary and leaves the folder as it was.
}

TEST(OutputFile, UncommittedLeavesNothingAndKeepsTheOldFile) {
    TempDir d;
    put(d.path / "x.csv", "old");
    {
        cevas::OutputFile f(d.path / "x.csv", "--output");
        f.write(std::string(3 << 20, 'z'));  // several flushes
    }
    EXPECT_EQ(slurp(d.path / "x.csv"), "old");
    EXPECT_EQ(names(d.path), std::set<std::string>{"x.csv"});
}

TEST(OutputFile, StreamingCommitReplacesAtomically) {
    TempDir d;
    put(d.path / "x.csv", "old");
    ::chmod((d.path / "x.csv").c_str(), 0640);
    cevas::OutputFile f(d.path / "x.csv", "--output");
    std::string expected;
    for (int i = 0; i < 200000; ++i) {
        const std::string row = std::to_string(i) + ",row\n";
        f.write(row);
        expected += row;
        if (i == 100000) {
            EXPECT_EQ(slurp(d.path / "x.csv"), "old");  // not visible before commit
        }
    }
    f.commit();
    EXPECT_EQ(slurp(d.path / "x.csv"), expected);
    EXPECT_EQ(names(d.path), std::set<std::string>{"x.csv"});
    struct stat st {};
    ASSERT_EQ(::stat((d.path / "x.csv").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);  // the mode of the replaced file is kept
}

TEST(OutputFile, RemovesOnlyStaleCevasTemporaries) {
    TempDir d;
    const std::string stale = ".x.csv.cevas-tmp." + std::to_string(dead_pid()) + ".AbC123";
    const std::string other = ".y.csv.cevas-tmp." + std::to_string(dead_pid()) + ".AbC123";
    const std::string live = ".x.csv.cevas-tmp." + std::to_string(::getppid()) + ".AbC123";
    const std::string mine = ".x.csv.cevas-tmp." + std::to_string(::getpid()) + ".AbC123";
    for (const auto& n : {stale, other, live, mine, std::string(".notes.tmp.txt"),
                          std::string(".x.csv.tmp.AbC123"), std::string("x.csv")})
        put(d.path / n, "data");
    EXPECT_EQ(cevas::remove_stale_temporaries(d.path, "x.csv"), 1u);
    EXPECT_FALSE(fs::exists(d.path / stale));
    EXPECT_TRUE(fs::exists(d.path / other));  // another target's
    EXPECT_EQ(cevas::remove_stale_temporaries(d.path), 1u);
    EXPECT_FALSE(fs::exists(d.path / other));
    EXPECT_EQ(names(d.path),
              (std::set<std::string>{live, mine, ".notes.tmp.txt", ".x.csv.tmp.AbC123", "x.csv"}));
}

TEST(OutputFile, FolderLockExcludesASecondHolder) {
    TempDir d;
    {
        const cevas::FolderLock first(d.path, "--output");
        try {
            const cevas::FolderLock second(d.path, "--output");
            FAIL() << "second lock taken";
        } catch (const cevas::Exception& e) {
            const std::string m = e.what();
            EXPECT_EQ(m.rfind("--output = '" + d.path.string() + "': another cevas process", 0), 0u)
                << m;
        }
    }
    // Released with the object; no lock file is left.
    const cevas::FolderLock again(d.path, "--output");
    EXPECT_TRUE(names(d.path).empty());
}

TEST(OutputFile, StreamingPiecesEqualTheWholeTable) {
    cevas::Table t({"a_eV", "b"});
    t.add_metadata("cevas_version", "test");
    const double rows[3][2] = {{0.001, 1e-300}, {1.0 / 3, -2.5}, {1e21, 0}};
    for (const auto& r : rows) t.add_row(r);
    std::string csv = cevas::csv_header(t), json = cevas::json_header(t);
    for (int i = 0; i < 3; ++i) {
        cevas::append_csv_row(csv, rows[i]);
        cevas::append_json_row(json, rows[i], i == 0);
    }
    json += cevas::json_footer();
    EXPECT_EQ(csv, cevas::to_csv(t));
    EXPECT_EQ(json, cevas::to_json(t));
    EXPECT_NE(csv.find("0.3333333333333333,-2.5\n"), std::string::npos) << csv;
}

}  // namespace
