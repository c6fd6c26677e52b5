// cevas: command-line front end of the cevas library. Exit codes: 0 success, 1 configuration,
// physics or output error, 2 usage error (docs/cli.md).
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "cevas/core/error.hpp"
#include "cevas/core/version.hpp"
#include "commands.hpp"
#include "signal_cleanup.hpp"

namespace cevas::cli {

std::string reason_of(const std::string& message) {
    const std::size_t eq = message.find(" = ");
    if (eq == std::string::npos) return message;
    const std::size_t colon = message.find(": ", eq);
    return colon == std::string::npos ? message : message.substr(colon + 2);
}

namespace {

// Quote an argument for the recorded command line when the shell would need it.
std::string shell_quote(const std::string& a) {
    if (!a.empty() && a.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~!") == std::string::npos)
        return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

void print_error(const std::string& message) {
    // One line: messages never contain newlines by construction, but be safe.
    // Control characters (a NUL from a config string cut the line) are shown escaped.
    std::string line;
    for (unsigned char c : message) {
        if (c == '\n') {
            line += ' ';
        } else if (c < 0x20 || c == 0x7f) {
            line += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else {
            line += static_cast<char>(c);
        }
    }
    fmt::print(stderr, "cevas: error: {}\n", line);
}

}  // namespace
}  // namespace cevas::cli

int main(int argc, char** argv) {
    using namespace cevas::cli;
    install_signal_cleanup();  // SIGTERM/SIGINT/SIGHUP remove our temporaries
    Context ctx;
    ctx.command_line = "cevas";
    for (int i = 1; i < argc; ++i) ctx.command_line += " " + shell_quote(argv[i]);

    CLI::App app{"cevas: coherent elastic neutrino scattering on atoms (CEvAS) and nuclei (CEvNS)",
                 "cevas"};
    app.set_version_flag("--version", std::string("cevas ") + cevas::version_string);
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 success, 1 configuration/physics/output error, 2 usage error.\n"
        "Documentation: docs/cli.md");
    Runner run_xsec, run_info, run_rate, run_run;
    Runner run_limit, run_significance, run_scan;
    try {
        run_xsec = add_xsec_command(app, ctx);
        run_info = add_info_command(app, ctx);
        run_rate = add_rate_command(app, ctx);
        run_run = add_run_command(app, ctx);
        run_limit = add_limit_command(app, ctx);
        run_significance = add_significance_command(app, ctx);
        run_scan = add_scan_command(app, ctx);
    } catch (const std::exception& e) {
        print_error(std::string("internal: ") + e.what());
        return kExitFailure;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string where = "cevas";
        for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
        print_error(std::string(e.what()) + " (see '" + where + " --help')");
        return kExitUsage;
    }

    try {
        for (const CLI::App* sub : app.get_subcommands()) {
            if (sub->get_name() == "xsec") return run_xsec();
            if (sub->get_name() == "info") return run_info();
            if (sub->get_name() == "rate") return run_rate();
            if (sub->get_name() == "run") return run_run();
            if (sub->get_name() == "limit") return run_limit();
            if (sub->get_name() == "significance") return run_significance();
            if (sub->get_name() == "scan") return run_scan();
        }
        print_error("no command given (see 'cevas --help')");
        return kExitUsage;
    } catch (const UsageError& e) {
        print_error(e.what());
        return kExitUsage;
    } catch (const cevas::Exception& e) {
        print_error(e.what());
        return kExitFailure;
    } catch (const std::exception& e) {
        print_error(std::string("unexpected failure: ") + e.what());
        return kExitFailure;
    }
}
