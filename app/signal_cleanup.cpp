#include "signal_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <iostream>

#include "cevas/core/error.hpp"
#include "cevas/io/table.hpp"

namespace cevas::cli {
namespace {

constexpr int kSlots = 16;
constexpr std::size_t kPathMax = 4096;

// Slot states: 0 free, 1 being written, 2 holds a path the handler may unlink.
struct Slot {
    std::atomic<int> state{0};
    char path[kPathMax];
};
Slot g_slots[kSlots];  // NOLINT: process-wide by nature (see the header)
std::atomic<bool> g_installed{false};

extern "C" void on_signal(int sig) {
    for (Slot& s : g_slots) {
        if (s.state.load() == 2) ::unlink(s.path);
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

// Block the handled signals while creating a temporary, so that it cannot exist unregistered.
class BlockSignals {
 public:
    BlockSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
        ::sigprocmask(SIG_BLOCK, &set, &old_);
    }
    ~BlockSignals() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
    sigset_t old_;
};

}  // namespace

void install_signal_cleanup() {
    if (g_installed.exchange(true)) return;
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&sa.sa_mask, s);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) {
        struct sigaction old;
        // Keep an inherited "ignore" (e.g. nohup) as it is.
        if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        ::sigaction(s, &sa, nullptr);
    }
}

void register_temporary(const std::string& path) {
    if (path.size() >= kPathMax) return;
    for (Slot& s : g_slots) {
        int expected = 0;
        if (s.state.compare_exchange_strong(expected, 1)) {
            std::memcpy(s.path, path.c_str(), path.size() + 1);
            s.state.store(2);
            return;
        }
    }
}

void unregister_temporary(const std::string& path) {
    for (Slot& s : g_slots) {
        if (s.state.load() == 2 && path == s.path) {
            s.state.store(0);
            return;
        }
    }
}

GuardedOutputFile::GuardedOutputFile(const std::filesystem::path& path, std::string_view field)
    : file_((static_cast<void>(BlockSignals()), path), field,
            [](const std::string& tmp) { register_temporary(tmp); }) {}

GuardedOutputFile::~GuardedOutputFile() {
    if (!file_.temporary_path().empty()) unregister_temporary(file_.temporary_path());
}

void GuardedOutputFile::commit() {
    BlockSignals block;
    file_.commit();
    unregister_temporary(file_.temporary_path());
}

void write_output_file(const std::filesystem::path& path, std::string_view content,
                       std::string_view field) {
    GuardedOutputFile f(path, field);
    f.write(content);
    f.commit();
}

OutputSink::OutputSink(const std::string& path, std::string_view field) {
    if (is_stdout_path(path)) return;
    const std::filesystem::path dest = resolve_output_path(path, field);
    remove_stale_temporaries(dest.has_parent_path() ? dest.parent_path() : ".",
                             dest.filename().string());
    file_.emplace(path, field);
}

void OutputSink::write(std::string_view bytes) {
    if (file_) {
        file_->write(bytes);
        return;
    }
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!std::cout) throw Exception("output = '-': writing to standard output failed");
}

void OutputSink::finish() {
    if (file_) {
        file_->commit();
        return;
    }
    std::cout << std::flush;
    if (!std::cout) throw Exception("output = '-': writing to standard output failed");
}

}  // namespace cevas::cli
