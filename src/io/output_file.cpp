// The output-file layer: atomic and streaming writes, temporaries, folder locks.
#include "cevas/io/output_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

#include "cevas/core/error.hpp"

namespace cevas {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTmpTag = ".cevas-tmp.";
constexpr std::size_t kFlushBlock = 1 << 20;

[[noreturn]] void path_error(std::string_view field, const fs::path& path,
                             const std::string& reason) {
    throw Exception(describe(std::string(field), "'" + path.string() + "'", reason));
}

std::string errno_text(int err) { return std::strerror(err); }

// Permission bits a plain open(O_CREAT, 0666) would give: the process umask applied. Read from
// /proc (Linux >= 4.7) because umask() itself can only be read by changing it.
mode_t default_file_mode() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            unsigned long mask = 0;
            const std::string_view v = std::string_view(line).substr(6);
            const auto b = v.find_first_not_of(" \t");
            if (b == std::string_view::npos) break;
            const auto r = std::from_chars(v.data() + b, v.data() + v.size(), mask, 8);
            if (r.ec != std::errc()) break;
            return static_cast<mode_t>(0666 & ~mask);
        }
    }
    return 0644;
}

bool write_all(int fd, const char* p, std::size_t left) {
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

fs::path resolve_output_path(const fs::path& path, std::string_view field) {
    fs::path p = path;
    for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
        const fs::path t = fs::read_symlink(p, ec);
        if (ec) path_error(field, path, "cannot read the symbolic link: " + ec.message());
        p = t.is_absolute() ? t : p.parent_path() / t;
    }
    path_error(field, path,
               "more than " + std::to_string(kMaxSymlinkHops) + " symbolic links (a loop?)");
}

std::string temporary_prefix(const fs::path& target) {
    return "." + target.filename().string() + std::string(kTmpTag);
}

bool is_cevas_temporary(std::string_view name, std::string_view target_name, pid_t* pid) {
    // ".<target>.cevas-tmp.<digits>.<6 chars>"
    if (name.size() < 1 + kTmpTag.size() + 1 + 1 + 6 || name.front() != '.') return false;
    const std::size_t tag = name.rfind(kTmpTag);
    if (tag == std::string_view::npos || tag < 2) return false;
    const std::string_view target = name.substr(1, tag - 1);
    if (!target_name.empty() && target != target_name) return false;
    const std::string_view rest = name.substr(tag + kTmpTag.size());
    const std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos || dot == 0 || rest.size() - dot - 1 != 6) return false;
    long long v = 0;
    const auto r = std::from_chars(rest.data(), rest.data() + dot, v);
    if (r.ec != std::errc() || r.ptr != rest.data() + dot || v <= 0 || v > 0x7fffffff) return false;
    for (char c : rest.substr(dot + 1)) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    }
    if (pid) *pid = static_cast<pid_t>(v);
    return true;
}

std::size_t remove_stale_temporaries(const fs::path& dir, std::string_view target_name) {
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        pid_t pid = 0;
        if (!is_cevas_temporary(n, target_name, &pid)) continue;
        std::error_code ec2;
        if (!fs::is_regular_file(fs::symlink_status(e.path(), ec2))) continue;
        if (pid == ::getpid() || !process_gone(pid)) continue;
        if (fs::remove(e.path(), ec2)) ++removed;
    }
    return removed;
}

OutputFile::OutputFile(const fs::path& path, std::string_view field,
                       const std::function<void(const std::string&)>& on_temporary)
    : field_(field) {
    if (path.empty() || !path.has_filename()) path_error(field, path, "not a file name");
    target_ = resolve_output_path(path, field);
    std::error_code ec;
    const fs::file_status st = fs::status(target_, ec);
    if (fs::is_directory(st)) path_error(field, path, "is a directory");
    if (fs::exists(st) && !fs::is_regular_file(st)) {
        // FIFO, character or block device, socket: write in place, never replace.
        if (fs::is_block_file(st)) path_error(field, path, "is a block device (refused)");
        fd_ = ::open(target_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd_ < 0) path_error(field, path, "cannot open for writing: " + errno_text(errno));
        return;
    }
    const fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
    if (!fs::is_directory(dir, ec)) {
        path_error(field, path, "directory '" + dir.string() + "' does not exist");
    }
    // The temporary lives next to the target so that rename() is atomic (same file system).
    std::string tmpl =
        (dir / (temporary_prefix(target_) + std::to_string(::getpid()) + ".XXXXXX")).string();
    fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd_ < 0) {
        path_error(field, path,
                   "cannot create a file in '" + dir.string() + "': " + errno_text(errno));
    }
    tmp_ = tmpl;
    if (on_temporary) on_temporary(tmp_);
    // Keep the mode of a file being replaced; a new file gets the umask default.
    struct stat old {};
    const mode_t mode =
        ::stat(target_.c_str(), &old) == 0 ? (old.st_mode & 07777) : default_file_mode();
    if (::fchmod(fd_, mode) != 0) fail("cannot set permissions: " + errno_text(errno));
}

OutputFile::~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void OutputFile::fail(const std::string& reason) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
    committed_ = true;  // nothing left to clean
    path_error(field_, target_, reason);
}

void OutputFile::flush() {
    if (buffer_.empty()) return;
    if (fd_ < 0) path_error(field_, target_, "file already closed");
    if (!write_all(fd_, buffer_.data(), buffer_.size())) fail("write failed: " + errno_text(errno));
    buffer_.clear();
}

void OutputFile::write(std::string_view bytes) {
    if (committed_) path_error(field_, target_, "file already committed");
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushBlock) flush();
}

void OutputFile::commit() {
    if (committed_) return;
    flush();
    if (tmp_.empty()) {  // write-through
        const int fd = fd_;
        fd_ = -1;
        committed_ = true;
        if (::close(fd) != 0) path_error(field_, target_, "close failed: " + errno_text(errno));
        return;
    }
    if (::fsync(fd_) != 0) fail("fsync failed: " + errno_text(errno));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("close failed: " + errno_text(errno));
    if (::rename(tmp_.c_str(), target_.c_str()) != 0)
        fail("cannot rename the temporary file into place: " + errno_text(errno));
    committed_ = true;
    // Make the rename itself durable; failure here does not undo a complete write.
    const fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void write_file_atomic(const fs::path& path, std::string_view content, std::string_view field) {
    OutputFile f(path, field);
    f.write(content);
    f.commit();
}

FolderLock::FolderLock(const fs::path& dir, std::string_view field) {
    // The lock is taken on the folder itself: no lock file is left behind.
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) path_error(field, dir, "cannot open the output folder: " + errno_text(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        if (err == EWOULDBLOCK) {
            path_error(field, dir,
                       "another cevas process is writing this folder (advisory lock held); "
                       "wait for it to finish or choose another output folder");
        }
        path_error(field, dir, "cannot lock the output folder: " + errno_text(err));
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace cevas
