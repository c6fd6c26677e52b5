#include "cevas/numerics/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cevas/core/error.hpp"

namespace cevas {

int resolve_threads(int requested) {
    if (requested < 0)
        throw InvalidArgument(
            describe("threads", std::to_string(requested), "must be >= 1 (or 0: all cores)"));
    if (requested > 0) return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int>(hw);
}

int parse_thread_count(std::string_view text, std::string_view field) {
    const std::string shown = "'" + std::string(text) + "'";
    int value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (text.empty()) throw InvalidArgument(describe(std::string(field), shown, "is empty"));
    if (ec == std::errc::result_out_of_range)
        throw InvalidArgument(describe(std::string(field), shown, "is too large (max 4096)"));
    if (ec != std::errc() || ptr != last || text.front() == '+' || text.front() == '-')
        throw InvalidArgument(
            describe(std::string(field), shown, "is not a positive decimal integer"));
    if (value < 1)
        throw InvalidArgument(
            describe(std::string(field), shown, "must be >= 1 (omit it to use every core)"));
    if (value > 4096)
        throw InvalidArgument(describe(std::string(field), shown, "is too large (max 4096)"));
    return value;
}

std::optional<int> threads_from_environment() {
    const char* v = std::getenv("CEVAS_NUM_THREADS");
    if (v == nullptr) return std::nullopt;
    return parse_thread_count(v, "CEVAS_NUM_THREADS");
}

void parallel_for(std::size_t n, std::size_t grain, int threads,
                  const std::function<void(std::size_t, std::size_t, std::size_t)>& fn) {
    if (grain == 0) throw InvalidArgument(describe("grain", "0", "must be >= 1"));
    const std::size_t chunks = chunk_count(n, grain);
    if (chunks == 0) return;
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(threads)), chunks);
    if (workers == 1) {
        for (std::size_t c = 0; c < chunks; ++c) fn(c, c * grain, std::min(n, (c + 1) * grain));
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        while (!failed.load(std::memory_order_relaxed)) {
            const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
            if (c >= chunks) return;
            try {
                fn(c, c * grain, std::min(n, (c + 1) * grain));
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                failed.store(true, std::memory_order_relaxed);
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (std::size_t i = 1; i < workers; ++i) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace cevas
