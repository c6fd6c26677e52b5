// Output tables (CSV, JSON) and atomic file writes (io/table.hpp).
#include "cevas/io/table.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cevas/core/error.hpp"
#include "common/tolerance.hpp"

namespace cevas {
namespace {

namespace fs = std::filesystem;
using test::kExact;

// Numbers are printed in the shortest round-trip form: they read back exactly.
constexpr double kPrinted = 0.0;

Table sample_table() {
    Table t({"recoil_eV", "dsigma_dT_cm2_per_eV"});
    t.add_metadata("cevas_version", "0.1.0");
    t.add_metadata("note", "two\nlines \"quoted\"");
    t.set_constants({{"fermi_constant", 1.1663788e-5, "GeV^-2", "PDG 2024"}});
    const double r0[] = {0.001, 4.081642366515123e-47};
    const double r1[] = {0.1, 1.0 / 3.0};
    t.add_row(r0);
    t.add_row(r1);
    return t;
}

// A temporary directory removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "cevas_io_test_XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    std::size_t entries() const {
        return static_cast<std::size_t>(
            std::distance(fs::directory_iterator(path), fs::directory_iterator()));
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Table, RowsMustMatchColumnsAndKeysAreUnique) {
    Table t({"a", "b"});
    const double bad[] = {1.0};
    EXPECT_THROW(t.add_row(bad), std::logic_error);
    t.add_metadata("k", "v");
    EXPECT_THROW(t.add_metadata("k", "w"), std::logic_error);
    EXPECT_EQ(t.rows(), 0u);
}

TEST(Table, CsvHasMetadataHeaderAndNumbers) {
    const std::string csv = to_csv(sample_table());
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> comments, body;
    while (std::getline(in, line)) (line.rfind("#", 0) == 0 ? comments : body).push_back(line);
    ASSERT_EQ(comments.size(), 3u);
    EXPECT_EQ(comments[0], "# cevas_version = 0.1.0");
    EXPECT_EQ(comments[1], "# note = two\\nlines \"quoted\"");  // one line per entry
    EXPECT_EQ(comments[2], "# constant.fermi_constant = 1.1663788e-05 GeV^-2 (PDG 2024)");
    ASSERT_EQ(body.size(), 3u);
    EXPECT_EQ(body[0], "recoil_eV,dsigma_dT_cm2_per_eV");
    const auto comma = body[1].find(',');
    EXPECT_REL_NEAR(std::stod(body[1].substr(0, comma)), 0.001, kExact);
    EXPECT_REL_NEAR(std::stod(body[1].substr(comma + 1)), 4.081642366515123e-47, kPrinted);
    EXPECT_REL_NEAR(std::stod(body[2].substr(body[2].find(',') + 1)), 1.0 / 3.0, kPrinted);
    // Round trip: exactly the same double, which needs 16-17 digits for 1/3.
    EXPECT_EQ(std::stod(body[2].substr(body[2].find(',') + 1)), 1.0 / 3.0);
    EXPECT_EQ(format_number(0.001), "0.001");
}

TEST(Table, JsonCarriesTheSameContent) {
    const auto j = nlohmann::json::parse(to_json(sample_table()));
    EXPECT_EQ(j["metadata"]["cevas_version"], "0.1.0");
    EXPECT_EQ(j["metadata"]["note"], "two\nlines \"quoted\"");
    ASSERT_EQ(j["constants"].size(), 1u);
    EXPECT_EQ(j["constants"][0]["name"], "fermi_constant");
    EXPECT_EQ(j["constants"][0]["unit"], "GeV^-2");
    EXPECT_REL_NEAR(j["constants"][0]["value"].get<double>(), 1.1663788e-5, kExact);
    EXPECT_EQ(j["columns"], nlohmann::json({"recoil_eV", "dsigma_dT_cm2_per_eV"}));
    ASSERT_EQ(j["data"].size(), 2u);
    EXPECT_REL_NEAR(j["data"][1][1].get<double>(), 1.0 / 3.0, kPrinted);
}

TEST(Table, NonFiniteNumbers) {
    Table t({"x"});
    const double r[] = {std::nan("")};
    t.add_row(r);
    EXPECT_NE(to_csv(t).find("\nnan\n"), std::string::npos);
    const auto j = nlohmann::json::parse(to_json(t));
    EXPECT_TRUE(j["data"][0][0].is_null());
    EXPECT_EQ(format_number(-INFINITY), "-inf");
}

TEST(Table, StreamedTableIsByteIdenticalWhateverTheFlushes) {
    // TableStream (the CLI's streamed output) against format_table on the same rows, in both
    // formats, with the rows flushed in uneven chunks, one by one, all at once, and none.
    Table meta({"a", "b"});
    meta.add_metadata("k", "v");
    Table full = meta;
    std::vector<std::array<double, 2>> rows;
    for (int i = 0; i < 7; ++i) rows.push_back({i / 3.0, i == 4 ? std::nan("") : -1e-300 * i});
    for (const auto& r : rows) full.add_row(r);
    for (OutputFormat f : {OutputFormat::csv, OutputFormat::json}) {
        for (std::size_t every : {1u, 2u, 3u, 100u}) {
            std::string out;
            TableStream s(meta, f, [&](std::string_view b) { out += b; });
            for (std::size_t i = 0; i < rows.size(); ++i) {
                s.add_row(rows[i]);
                if ((i + 1) % every == 0) s.flush();
            }
            s.finish();
            EXPECT_EQ(out, format_table(full, f)) << to_string(f) << ", flush every " << every;
        }
        std::string empty;
        TableStream(meta, f, [&](std::string_view b) { empty += b; }).finish();
        EXPECT_EQ(empty, format_table(meta, f)) << to_string(f) << ", no rows";
    }
}

TEST(Table, OutputFormatNames) {
    EXPECT_EQ(parse_output_format("csv"), OutputFormat::csv);
    EXPECT_EQ(parse_output_format("json"), OutputFormat::json);
    EXPECT_THROW(parse_output_format("xml", "--format"), InvalidArgument);
    EXPECT_EQ(format_table(sample_table(), OutputFormat::json), to_json(sample_table()));
    EXPECT_TRUE(is_stdout_path("-"));
    EXPECT_TRUE(is_stdout_path(""));
    EXPECT_FALSE(is_stdout_path("out.csv"));
}

TEST(AtomicWrite, WritesAndReplaces) {
    TempDir d;
    const fs::path f = d.path / "out.csv";
    write_file_atomic(f, "first\n");
    EXPECT_EQ(slurp(f), "first\n");
    write_file_atomic(f, "second\n");
    EXPECT_EQ(slurp(f), "second\n");
    EXPECT_EQ(d.entries(), 1u);  // no temporary left
}

TEST(AtomicWrite, MissingDirectoryFailsAndLeavesNothing) {
    TempDir d;
    const fs::path f = d.path / "missing" / "out.csv";
    try {
        write_file_atomic(f, "x", "--output");
        ADD_FAILURE() << "no exception";
    } catch (const Exception& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("--output = '" + f.string() + "'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
    }
    EXPECT_EQ(d.entries(), 0u);
    EXPECT_THROW(check_output_path(f, "--output"), InvalidArgument);
}

TEST(AtomicWrite, DirectoryAsTargetFailsAndLeavesNothing) {
    TempDir d;
    fs::create_directory(d.path / "sub");
    EXPECT_THROW(write_file_atomic(d.path / "sub", "x"), Exception);
    EXPECT_THROW(check_output_path(d.path / "sub"), InvalidArgument);
    EXPECT_EQ(d.entries(), 1u);
    EXPECT_TRUE(fs::is_empty(d.path / "sub"));
}

TEST(AtomicWrite, ParentIsAFileFails) {
    TempDir d;
    write_file_atomic(d.path / "plain", "x");
    EXPECT_THROW(write_file_atomic(d.path / "plain" / "out.csv", "x"), Exception);
    EXPECT_THROW(check_output_path(d.path / "plain" / "out.csv"), InvalidArgument);
    EXPECT_EQ(d.entries(), 1u);
}

// Root bypasses directory permissions, so as root the check runs in a child process that has
// dropped to the unprivileged user 65534 ("nobody"); its exit code reports the outcome.
TEST(AtomicWrite, UnwritableDirectoryFailsAndLeavesNothing) {
    TempDir d;
    const fs::path ro = d.path / "ro";
    fs::create_directory(ro);
    fs::permissions(d.path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                            fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
    const auto attempt = [&]() -> int {  // 0: refused as expected, with the field named
        try {
            write_file_atomic(ro / "out.csv", "x", "--output");
            return 1;
        } catch (const Exception& e) {
            if (std::string(e.what()).find("--output") == std::string::npos) return 2;
        }
        try {
            check_output_path(ro / "out.csv", "--output");
            return 3;
        } catch (const InvalidArgument&) {
        }
        return 0;
    };
    if (::geteuid() != 0) {
        EXPECT_EQ(attempt(), 0);
    } else {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
            ::_exit(attempt());
        }
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 0)
            << "1: written, 2: field not named, 3: check passed, 10: setuid failed";
    }
    fs::permissions(ro, fs::perms::owner_all);
    EXPECT_TRUE(fs::is_empty(ro));
}

TEST(AtomicWrite, FileSystemRefusingFilesFailsWithThePath) {
    // /proc accepts no new files, even from root: the failure comes from creating the temporary.
    const fs::path f = "/proc/cevas_io_test_cannot_write.csv";
    try {
        write_file_atomic(f, "x", "--output");
        ADD_FAILURE() << "no exception";
    } catch (const Exception& e) {
        EXPECT_NE(std::string(e.what()).find("--output = '" + f.string() + "'"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(f));
}

TEST(AtomicWrite, FailureLeavesExistingFilesAlone) {
    // Replacing an existing file: a failed write must keep the old content intact.
    TempDir d;
    const fs::path f = d.path / "keep.csv";
    write_file_atomic(f, "old\n");
    EXPECT_THROW(write_file_atomic(d.path / "missing" / "keep.csv", "new\n"), Exception);
    EXPECT_EQ(slurp(f), "old\n");
    EXPECT_EQ(d.entries(), 1u);
}

}  // namespace
}  // namespace cevas
