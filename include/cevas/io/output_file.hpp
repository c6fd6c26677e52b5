#pragma once
/// @file
/// The output-file layer of every command: atomic whole-file writes, a streaming atomic writer,
/// temporary-file naming and clean-up, and an advisory lock per output folder.
///
/// Rules (docs/limits.md, "Output files"):
///  - A regular file (or an absent name) is replaced atomically: the content goes to a
///    temporary file in the same folder, is fsync'ed, then renamed over the target. Either the
///    target holds the whole new content, or it is unchanged (absent if it was absent).
///  - A symbolic link is followed (up to kMaxSymlinkHops links) and the rules apply to the file
///    it names: the link itself is never replaced.
///  - Anything else that exists and is not a directory (FIFO, character device, socket) is
///    written through: opened for writing and written in place, never renamed over, never
///    removed. Such a target is not atomic (a pipe reader sees the rows as they come).
///  - Temporaries are named ".<name>.cevas-tmp.<pid>.<6 random characters>": only names of
///    exactly this form are ever removed by cevas, and only when the process <pid> is gone
///    (is_stale_temporary) or the temporary is our own.
///
/// Usage by a command that writes one file:
///   write_file_atomic(path, text, "--output");
/// by a command that streams rows:
///   OutputFile f(path, "--output");      // creates the temporary (or opens the FIFO)
///   f.write(header); for (...) f.write(row);
///   f.commit();                          // fsync + rename; without it the destructor removes
///                                        // the temporary and the target is untouched
/// by a command that writes a folder (cevas run):
///   FolderLock lock(dir, "--output");    // throws if another cevas holds the folder
///   remove_stale_temporaries(dir);       // leftovers of killed runs only

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace cevas {

/// Most symbolic links followed from an output path before giving up (as the kernel's ELOOP).
inline constexpr int kMaxSymlinkHops = 40;

/// The path writes to `path` really go to: symbolic links followed (relative targets resolved
/// against the link's folder). A path that is not a link is returned unchanged.
/// @throws Exception naming `field` after kMaxSymlinkHops links (a loop).
std::filesystem::path resolve_output_path(const std::filesystem::path& path,
                                          std::string_view field = "output");

/// The fixed part of every temporary name for `target`: ".<filename>.cevas-tmp.".
std::string temporary_prefix(const std::filesystem::path& target);

/// True when `filename` (no folder) is a temporary cevas made for a target named `target_name`
/// (".<target_name>.cevas-tmp.<pid>.<6 chars>"); with an empty `target_name`, for any target.
/// On success `pid` (if not null) receives the creating process id.
bool is_cevas_temporary(std::string_view filename, std::string_view target_name = {},
                        pid_t* pid = nullptr);

/// Remove the temporaries of `dir` left by cevas processes that no longer run (see
/// is_cevas_temporary; a process is gone when kill(pid, 0) reports ESRCH). With a non-empty
/// `target_name`, only those of that target. Any other file is never touched.
/// @return the number of files removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir,
                                     std::string_view target_name = {});

/// A file being written: a temporary renamed over the target by commit(), or, for a FIFO or
/// device, the target itself opened for writing (see the rules above). Not copyable.
class OutputFile {
 public:
    /// Open `path` for writing. Fails early (before any computation the caller does next) when
    /// the folder is missing or not writable, or `path` is a directory.
    /// @param path   the output file; symlinks are followed
    /// @param field  the option or key named in errors ("--output", "run.output")
    /// @param on_temporary called with the temporary's path right after it is created (e.g. to
    ///        register it for removal on SIGTERM); not called for write-through targets
    /// @throws Exception "<field> = '<path>': <reason>".
    OutputFile(const std::filesystem::path& path, std::string_view field,
               const std::function<void(const std::string&)>& on_temporary = {});
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    /// Without commit(): closes and removes the temporary; the target is untouched.
    ~OutputFile();

    /// Append bytes (buffered; flushed in blocks of about 1 MiB).
    void write(std::string_view bytes);
    /// Flush, fsync and rename the temporary over the target (or just flush a write-through
    /// target). After commit() the object only closes.
    void commit();

    /// True when the target is written in place (FIFO, device), false for a temporary.
    bool write_through() const { return tmp_.empty(); }
    /// The temporary's path ("" for a write-through target).
    const std::string& temporary_path() const { return tmp_; }
    /// The resolved target.
    const std::filesystem::path& target() const { return target_; }

 private:
    void flush();
    [[noreturn]] void fail(const std::string& reason);
    std::filesystem::path target_;
    std::string field_;
    std::string tmp_;
    std::string buffer_;
    int fd_ = -1;
    bool committed_ = false;
};

/// Write `content` to `path` by the rules above (atomic for regular files, write-through for
/// FIFOs and devices, symlinks followed).
/// @param field  the option or key named in errors ("--output")
/// @throws Exception "<field> = '<path>': <reason>" on any failure (directory missing,
///         permission denied, disk full ...); no temporary remains.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       std::string_view field = "output");

/// An advisory lock (flock, exclusive) on an output folder, held for the object's lifetime, so
/// that two `cevas run` never write one folder at once. The lock is taken on the folder itself
/// (no lock file); it is released when the object is destroyed or the process ends.
class FolderLock {
 public:
    /// @throws Exception "<field> = '<dir>': another cevas process is writing this folder ..."
    ///         when the lock is held, or when the folder cannot be opened.
    FolderLock(const std::filesystem::path& dir, std::string_view field);
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;
    ~FolderLock();

 private:
    int fd_ = -1;
};

}  // namespace cevas
