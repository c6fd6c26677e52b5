#pragma once
// Removal of the CLI's temporary output files when it is stopped by SIGTERM, SIGINT or SIGHUP
// (docs/limits.md, "Output files"). The handler unlinks every registered temporary, then
// re-raises the signal with the default action, so the exit status still tells the signal.
// The registry is process state by nature (a signal handler has no other way to find it); it
// lives in the CLI, never in the library.
#include <optional>
#include <string>

#include "cevas/io/output_file.hpp"

namespace cevas::cli {

/// Install the handlers (idempotent). Called once by main().
void install_signal_cleanup();

/// Register `path` for removal on a signal (at most 16 at once, each < 4096 bytes; more are
/// silently not registered). Async-signal-safe against the handler.
void register_temporary(const std::string& path);
/// Forget `path` (after it was renamed into place or removed).
void unregister_temporary(const std::string& path);

/// An OutputFile whose temporary is registered for removal on a signal for its lifetime.
class GuardedOutputFile {
 public:
    GuardedOutputFile(const std::filesystem::path& path, std::string_view field);
    ~GuardedOutputFile();
    GuardedOutputFile(const GuardedOutputFile&) = delete;
    GuardedOutputFile& operator=(const GuardedOutputFile&) = delete;
    void write(std::string_view bytes) { file_.write(bytes); }
    void commit();

 private:
    OutputFile file_;
};

/// Where a streamed table goes: standard output for "" or "-", else a GuardedOutputFile
/// (stale temporaries of the same target name, of processes that are gone, removed first).
class OutputSink {
 public:
    OutputSink(const std::string& path, std::string_view field);
    /// Append bytes (throws if standard output fails).
    void write(std::string_view bytes);
    /// Rename the file into place, or flush standard output.
    void finish();
    bool to_file() const { return file_.has_value(); }

 private:
    std::optional<GuardedOutputFile> file_;
};

/// write_file_atomic with the temporary guarded against signals.
void write_output_file(const std::filesystem::path& path, std::string_view content,
                       std::string_view field);

}  // namespace cevas::cli
