#pragma once
// Shared pieces of the `cevas` command-line tool. The CLI is thin: it parses options, calls the
// library and formats results; every physics decision is in libcevas.

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cevas::cli {

/// An error in the command line itself (a bad option value): exit code 2. Everything else a
/// cevas::Exception reports (configuration file, physics, output) exits with 1.
class UsageError : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

/// Exit codes (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< configuration, physics or output error
inline constexpr int kExitUsage = 2;    ///< malformed command line or bad option value

/// What `main` passes to every command: the command line as typed, for output metadata.
struct Context {
    std::string command_line;
};

/// Register a subcommand; the returned function runs it after parsing (called only when the
/// subcommand was selected). It returns the exit code or throws.
using Runner = std::function<int()>;
Runner add_xsec_command(CLI::App& app, const Context& ctx);
Runner add_info_command(CLI::App& app, const Context& ctx);
Runner add_rate_command(CLI::App& app, const Context& ctx);
Runner add_run_command(CLI::App& app, const Context& ctx);
Runner add_limit_command(CLI::App& app, const Context& ctx);         // cmd_limit.cpp
Runner add_significance_command(CLI::App& app, const Context& ctx);  // cmd_significance.cpp
Runner add_scan_command(CLI::App& app, const Context& ctx);          // cmd_scan.cpp

/// The reason part of a library message "field = value: reason" (the whole message otherwise).
std::string reason_of(const std::string& message);

/// Run `f`, turning a cevas::Exception into a UsageError (for converting option values).
template <class F>
auto as_usage(F&& f) -> decltype(f());

}  // namespace cevas::cli

#include "cevas/core/error.hpp"

namespace cevas::cli {
template <class F>
auto as_usage(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const cevas::Exception& e) {
        throw UsageError(e.what());
    }
}
}  // namespace cevas::cli
