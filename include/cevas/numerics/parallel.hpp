#pragma once
/// @file
/// Deterministic data parallelism for the array paths, rate building, scans and toys.
///
/// Work over an index range [0, n) is cut into fixed chunks of `grain` indices; the chunking
/// depends only on (n, grain), never on the number of threads, and each chunk is processed by
/// exactly one thread. A computation whose chunks write disjoint outputs, or whose partial
/// results are combined in chunk order by the caller, is therefore bit for bit identical for
/// every thread count. No global state: the thread count is an argument.

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

namespace cevas {

/// Threads to use for `requested`: requested itself if > 0, else every hardware thread (>= 1).
/// @throws InvalidArgument for requested < 0.
int resolve_threads(int requested);

/// Parse a thread count as given by a user (`--threads`, `CEVAS_NUM_THREADS`): a decimal
/// integer >= 1 (0 is refused: "all cores" is the default, spelt by omitting the option).
/// @param field named in the error ("--threads", "CEVAS_NUM_THREADS")
/// @throws InvalidArgument "<field> = '<text>': <reason>" for anything else.
int parse_thread_count(std::string_view text, std::string_view field);

/// The thread count from the environment variable CEVAS_NUM_THREADS when it is set (validated
/// with parse_thread_count), otherwise empty. For front ends (CLI, Python); the library itself
/// never reads the environment.
std::optional<int> threads_from_environment();

/// Number of chunks of `grain` indices covering [0, n).
inline std::size_t chunk_count(std::size_t n, std::size_t grain) {
    return grain == 0 ? 0 : (n + grain - 1) / grain;
}

/// Call fn(chunk, begin, end) for every chunk [begin, end) = [chunk * grain, min(n, (chunk + 1)
/// * grain)) on up to `threads` threads (resolve_threads(threads)); the calling thread takes
/// part. Chunks are claimed dynamically, so load balances, yet each chunk's result depends only on
/// its index. The first exception thrown by fn is rethrown after every thread has stopped (chunks
/// not yet started are skipped). fn must be safe to call concurrently on different chunks.
/// The helper threads come from a pool kept between calls (started on first use); nested or
/// concurrent calls, and calls in a forked child, start their own threads instead.
/// @throws InvalidArgument for grain == 0.
void parallel_for(
    std::size_t n, std::size_t grain, int threads,
    const std::function<void(std::size_t chunk, std::size_t begin, std::size_t end)>& fn);

}  // namespace cevas
