// `cevas scan CONFIG --parameter A=LO:HI:N --parameter B=LO:HI:N [--cl 0.68,0.90,0.95] --output
// DIR`: the profile Delta chi^2 on an N-D grid (scan.csv, scan.json, scan.npy), the best fit,
// 1-D profiles and contour figures (python/cevas/scan_plots.py). Threads, MPI ranks
// (mpirun -np N cevas scan ...) and --resume all give the same grid bit for bit: the grid is cut
// into lines (runs of the last axis) computed independently (stats/procedures.hpp). Checkpoints:
// DIR/.scan-checkpoint/ holds a fingerprint of the job and one file per finished block of lines,
// each written atomically; --resume continues after the last block.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "cevas/core/error.hpp"
#include "cevas/core/version.hpp"
#include "distributed.hpp"
#include "plot_script.hpp"
#include "stats_common.hpp"

#ifndef CEVAS_SCAN_PLOT_SCRIPT
#define CEVAS_SCAN_PLOT_SCRIPT "python/cevas/scan_plots.py"
#endif

namespace cevas::cli {
namespace {

namespace fs = std::filesystem;

constexpr double kMaxPoints = 1e8;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string shell_quote(const std::string& a) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// .npy version 1.0: magic, header length, a Python dict literal padded to a multiple of 64.
std::string npy(const std::vector<double>& v, const std::vector<std::size_t>& shape) {
    static_assert(std::endian::native == std::endian::little, "npy writer assumes little endian");
    std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (";
    for (std::size_t i = 0; i < shape.size(); ++i)
        dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
    dict += "), }";
    const std::size_t base = 10;
    std::size_t total = base + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    const std::uint16_t len = static_cast<std::uint16_t>(dict.size());
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>(len >> 8);
    out += dict;
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
    return out;
}

struct Block {
    std::size_t begin = 0, end = 0;
    std::vector<double> chi2;
};

// A checkpoint block file: "cevas-scan-block <fingerprint> <begin> <end>\n" + raw doubles.
std::string block_name(std::size_t begin) { return fmt::format("block_{:012d}.bin", begin); }

std::vector<Block> read_blocks(const fs::path& dir, const std::string& fingerprint,
                               std::size_t len) {
    std::vector<Block> blocks;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind("block_", 0) != 0 || n.size() < 4 || n.substr(n.size() - 4) != ".bin") continue;
        const std::string data = read_file(e.path());
        const std::size_t nl = data.find('\n');
        std::istringstream head(data.substr(0, nl));
        std::string magic, fp;
        Block b;
        head >> magic >> fp >> b.begin >> b.end;
        const std::size_t bytes = (b.end - b.begin) * len * sizeof(double);
        if (magic != "cevas-scan-block" || fp != fingerprint || nl == std::string::npos ||
            data.size() != nl + 1 + bytes)
            throw Exception(describe("--resume", "'" + e.path().string() + "'",
                                     "not a checkpoint block of this scan"));
        b.chi2.resize((b.end - b.begin) * len);
        std::memcpy(b.chi2.data(), data.data() + nl + 1, bytes);
        blocks.push_back(std::move(b));
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const Block& a, const Block& b) { return a.begin < b.begin; });
    return blocks;
}

int run(const StatsCli& o, const Context& ctx, std::size_t block_lines_opt) {
    Distributed mpi;
    const bool root = mpi.rank() == 0;
    if (o.parameters.empty())
        throw UsageError(describe("--parameter", "(none)", "give at least one NAME=LO:HI:N"));
    std::vector<FitParameter> params;
    ScanGrid grid;
    double points = 1;
    for (const std::string& text : o.parameters) {
        const ParameterSpec s = as_usage([&] { return parse_parameter_spec(text, "--parameter"); });
        if (!s.range)
            throw UsageError(
                describe("--parameter", "'" + text + "'", "a scan needs a range: NAME=LO:HI:N"));
        params.push_back(s.parameter);
        grid.axes.push_back(s.range->values());
        points *= static_cast<double>(s.range->n);
    }
    if (points > kMaxPoints && !o.force)
        throw UsageError(describe("--parameter", format_value(points) + " grid points",
                                  "more than 1e8 points; add --force to run it anyway"));
    if (o.output.empty()) throw UsageError(describe("--output", "(none)", "required: a folder"));
    const fs::path dir = o.output;
    const StatsJob job = load_stats_job(o, true);
    const StatsSettings& st = job.stats;

    // Fingerprint of everything that determines the grid.
    std::string fp_text = std::string(version_string) + "\n" + read_file(o.config) + "\n";
    for (const std::string& p : o.parameters) fp_text += "parameter " + p + "\n";
    fp_text += "likelihood " + std::string(to_string(st.likelihood)) + "\nseed " +
               std::to_string(st.seed) + "\n";
    const std::string fingerprint = fmt::format("{:016x}", fnv1a(fp_text));
    const fs::path ckpt = dir / ".scan-checkpoint";

    std::vector<Block> done_blocks;
    if (o.resume) {
        if (!fs::exists(ckpt / "fingerprint"))
            throw Exception(describe("--resume", "'" + dir.string() + "'",
                                     "no checkpoint of a scan in this folder"));
        const std::string have = read_file(ckpt / "fingerprint");
        if (have.substr(0, fingerprint.size()) != fingerprint)
            throw Exception(describe("--resume", "'" + (ckpt / "fingerprint").string() + "'",
                                     "the checkpoint was written by a different configuration or "
                                     "parameter set; it is left intact"));
        done_blocks = read_blocks(ckpt, fingerprint, grid.line_length());
    }
    const Model model = build_model(job.rate, st, params, job.threads);
    const Data data = build_data(job.rate, st, model);
    const std::size_t n_lines = grid.n_lines(), len = grid.line_length();

    // Folder and checkpoint: created (and a stale one cleared) by rank 0 only.
    if (root) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir) || ::access(dir.c_str(), W_OK) != 0)
            throw Exception(describe("--output", "'" + dir.string() + "'",
                                     "cannot create or write the output folder"));
        if (!o.resume) {
            fs::remove_all(ckpt, ec);
            fs::create_directories(ckpt, ec);
            write_file_atomic(ckpt / "fingerprint", fingerprint + "\n" + fp_text, "--output");
        }
    }
    mpi.all(true);  // everyone waits for the folder

    std::vector<double> chi2(grid.size(), 0.0);
    std::size_t next = 0;
    for (const Block& b : done_blocks) {
        if (b.begin != next) break;  // blocks are written in order: a gap cannot occur
        std::copy(b.chi2.begin(), b.chi2.end(),
                  chi2.begin() + static_cast<std::ptrdiff_t>(b.begin * len));
        next = b.end;
    }
    const std::size_t resumed_lines = next;
    const std::size_t block =
        block_lines_opt > 0 ? block_lines_opt
                            : std::max<std::size_t>(1, 500000 / std::max<std::size_t>(len, 1));
    const std::size_t ranks = static_cast<std::size_t>(mpi.size());
    Progress progress("cevas scan", root && !o.quiet);
    std::size_t computed = 0;
    while (next < n_lines) {
        const std::size_t r1 = std::min(n_lines, next + ranks * block);
        const std::size_t mine0 = std::min(r1, next + static_cast<std::size_t>(mpi.rank()) * block);
        const std::size_t mine1 = std::min(r1, mine0 + block);
        if (mine1 > mine0)
            scan_lines(model, data, grid, mine0, mine1, chi2.data() + mine0 * len, job.threads);
        mpi.reduce_to_root(chi2.data() + next * len, (r1 - next) * len);
        if (root) {
            // One checkpoint file per finished block of lines, atomically.
            std::string content = fmt::format("cevas-scan-block {} {} {}\n", fingerprint, next, r1);
            content.append(reinterpret_cast<const char*>(chi2.data() + next * len),
                           (r1 - next) * len * sizeof(double));
            write_file_atomic(ckpt / block_name(next), content, "--output");
        }
        computed += (r1 - next) * len;
        next = r1;
        progress.update(next * len, n_lines * len);
    }
    progress.finish();
    if (!root) return kExitOk;

    const ScanSummary sum = summarise_scan(grid, chi2);
    const std::size_t p = grid.axes.size();
    std::vector<double> delta(chi2.size());
    for (std::size_t i = 0; i < chi2.size(); ++i) delta[i] = chi2[i] - sum.chi2_min;

    std::vector<std::string> cols;
    for (const FitParameter& fp : params) cols.push_back(fp.name);
    cols.push_back("chi2");
    cols.push_back("delta_chi2");
    Table t = stats_table(job, ctx, o.config, cols);
    nlohmann::ordered_json levels = nlohmann::ordered_json::array();
    for (double cl : st.contours) {
        const double q = chi2_quantile(cl, static_cast<double>(p));
        levels.push_back({{"cl", cl}, {"delta_chi2", q}});
        t.add_metadata("contour_" + format_value(cl),
                       "Delta chi^2 = " + format_value(q) + " (" + std::to_string(p) + " dof)");
    }
    for (std::size_t i = 0; i < p; ++i)
        t.add_metadata("best_fit." + params[i].name, format_value(sum.best_fit[i]));
    t.add_metadata("chi2_min", format_value(sum.chi2_min));
    std::vector<double> row(p + 2);
    for (std::size_t n = 0; n < chi2.size(); ++n) {
        grid.point(n, row.data());
        row[p] = chi2[n];
        row[p + 1] = delta[n];
        t.add_row(row);
    }
    nlohmann::ordered_json j;
    j["parameters"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < p; ++i)
        j["parameters"].push_back({{"name", params[i].name},
                                   {"unit", params[i].unit.empty() ? "1" : params[i].unit},
                                   {"values", grid.axes[i]},
                                   {"best_fit", sum.best_fit[i]},
                                   {"sigma_minus", sum.sigma_minus[i]},
                                   {"sigma_plus", sum.sigma_plus[i]},
                                   {"profile_delta_chi2", sum.profiles[i]}});
    j["contours"] = levels;
    j["chi2_min"] = sum.chi2_min;
    j["best_fit"] = sum.best_fit;
    std::vector<std::size_t> shape;
    for (const auto& a : grid.axes) shape.push_back(a.size());
    j["shape"] = shape;
    j["grid_file"] = "scan.npy";
    j["delta_chi2"] = delta;
    const nlohmann::ordered_json tj = table_json(t);
    j["inputs"] = tj["inputs"];
    j["constants"] = tj["constants"];

    write_file_atomic(dir / "scan.csv", to_csv(t), "--output");
    write_file_atomic(dir / "scan.json", j.dump(1) + "\n", "--output");
    write_file_atomic(dir / "scan.npy", npy(delta, shape), "--output");
    std::error_code ec;
    fs::remove_all(ckpt, ec);

    bool plots = !o.no_plots && job.rate.run.plots;
    if (plots) {
        const std::string script =
            figure_script("scan_plots.py", "CEVAS_SCAN_PLOT_SCRIPT", CEVAS_SCAN_PLOT_SCRIPT);
        const std::string cmd =
            "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(dir.string());
        const int rc = std::system(cmd.c_str());
        if (rc != 0)
            throw Exception(describe("run.plots", "true",
                                     "drawing the figures failed (" + cmd + " exited with " +
                                         std::to_string(rc) +
                                         "); the data files are complete; use --no-plots or "
                                         "install python3-matplotlib"));
    }
    fmt::print("scan: {} points ({} computed in this run{}), {} rank(s)\n", chi2.size(), computed,
               resumed_lines ? fmt::format(", resumed after {} of {} lines", resumed_lines, n_lines)
                             : std::string(),
               mpi.size());
    fmt::print("best fit:");
    for (std::size_t i = 0; i < p; ++i)
        fmt::print(" {} = {} (-{} +{})", params[i].name, format_value(sum.best_fit[i]),
                   format_value(sum.sigma_minus[i]), format_value(sum.sigma_plus[i]));
    fmt::print("; chi2_min = {}\n", format_value(sum.chi2_min));
    fmt::print(
        "Output: {}/scan.{{csv,json,npy}}{}\n", dir.string(),
        !plots ? "" : (p >= 2 ? ", scan_contour.png, scan_profiles.png" : ", scan_profiles.png"));
    return kExitOk;
}

}  // namespace

Runner add_scan_command(CLI::App& app, const Context& ctx) {
    auto o = std::make_shared<StatsCli>();
    auto block = std::make_shared<std::size_t>(0);
    CLI::App* c = app.add_subcommand("scan", "Profile Delta chi^2 on an N-D parameter grid");
    c->footer(
        "Example: cevas scan examples/saturne.toml --parameter nucleus.ee=-0.5:0.5:401 "
        "--parameter nucleus.emu=-0.5:0.5:401 --output scan\n"
        "Under MPI: mpirun -np N cevas scan ... (docs/sensitivity.md).");
    add_stats_options(c, *o);
    c->add_option("--parameter,-p", o->parameters, "Axis NAME=LO:HI:N (repeat for each axis)")
        ->required();
    c->add_option("--cl", o->cl, "Contour CLs, comma-separated (default 0.68,0.90,0.95)");
    c->add_option("--output,-o", o->output, "Output folder")->required();
    c->add_flag("--resume", o->resume, "Continue a scan from its checkpoint in the folder");
    c->add_flag("--force", o->force, "Allow more than 1e8 grid points");
    c->add_flag("--no-plots", o->no_plots, "Do not draw the PNG figures");
    c->add_option("--checkpoint-lines", *block,
                  "Lines of the last axis per checkpoint block (default: about 5e5 points)");
    return [o, block, &ctx] { return run(*o, ctx, *block); };
}

}  // namespace cevas::cli
