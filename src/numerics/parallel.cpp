#include "cevas/numerics/parallel.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdint>
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

namespace {

using ChunkFn = std::function<void(std::size_t, std::size_t, std::size_t)>;

// One parallel_for call: chunks claimed from `next`; the first exception is kept.
struct Job {
    const ChunkFn* fn = nullptr;
    std::size_t n = 0, grain = 0, chunks = 0;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;

    void work() {
        while (!failed.load(std::memory_order_relaxed)) {
            const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
            if (c >= chunks) return;
            try {
                (*fn)(c, c * grain, std::min(n, (c + 1) * grain));
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                failed.store(true, std::memory_order_relaxed);
            }
        }
    }
};

thread_local bool t_in_pool_worker = false;

// Worker threads kept alive between calls: starting a thread costs tens of microseconds, as
// much as a whole 1e5-point array call. The pool is an implementation detail of parallel_for
// (created on first use, joined at exit); it holds no results, so a computation's bits never
// depend on it. Nested or concurrent calls, and calls in a process forked after the pool
// started, do not use it (they start their own threads as before).
class Pool {
 public:
    static Pool& instance() {
        static Pool pool;
        return pool;
    }

    // Run the job on the calling thread and `helpers` pool threads; false if the pool cannot
    // be used now (the caller then starts threads itself).
    bool run(Job& job, std::size_t helpers) {
        if (t_in_pool_worker || ::getpid() != pid_) return false;
        bool idle = false;
        if (!busy_.compare_exchange_strong(idle, true, std::memory_order_acquire)) return false;
        struct Release {
            std::atomic<bool>& b;
            ~Release() { b.store(false, std::memory_order_release); }
        } release{busy_};
        {
            const std::lock_guard<std::mutex> lock(m_);
            while (threads_.size() < helpers) {
                const std::size_t id = threads_.size();
                threads_.emplace_back([this, id] { loop(id); });
            }
            job_ = &job;
            wanted_ = helpers;
            active_ = helpers;
            pending_.store(helpers, std::memory_order_relaxed);
            ++generation_;
            published_.store(generation_, std::memory_order_release);
        }
        wake_.notify_all();
        job.work();
        // The helpers usually finish within microseconds of the caller: poll briefly before
        // sleeping on the condition variable (a sleep and wake-up costs more than a whole chunk).
        for (int i = 0; i < kSpin && pending_.load(std::memory_order_acquire) != 0; ++i)
            std::this_thread::yield();
        std::unique_lock<std::mutex> lock(m_);
        done_.wait(lock, [&] { return active_ == 0; });
        job_ = nullptr;
        return true;
    }

    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;
    ~Pool() {
        {
            const std::lock_guard<std::mutex> lock(m_);
            stop_ = true;
            stopping_.store(true, std::memory_order_relaxed);
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

 private:
    Pool() : pid_(::getpid()) {}

    void loop(std::size_t id) {
        t_in_pool_worker = true;
        std::uint64_t seen = 0;
        std::unique_lock<std::mutex> lock(m_);
        for (;;) {
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            if (id >= wanted_) continue;
            Job* job = job_;
            lock.unlock();
            job->work();
            pending_.fetch_sub(1, std::memory_order_release);
            lock.lock();
            if (--active_ == 0) done_.notify_all();
            // Back-to-back calls (array paths in a loop, scans): poll briefly for the next job
            // before sleeping, so that the next call does not wait for a wake-up.
            lock.unlock();
            for (int i = 0; i < kSpin && published_.load(std::memory_order_acquire) == seen &&
                            !stopping_.load(std::memory_order_relaxed);
                 ++i)
                std::this_thread::yield();
            lock.lock();
        }
    }

    const pid_t pid_;
    std::atomic<bool> busy_{false};  // one job at a time (a nested call sees true)
    std::mutex m_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    Job* job_ = nullptr;
    std::size_t wanted_ = 0, active_ = 0;
    std::uint64_t generation_ = 0;
    bool stop_ = false;
    // Lock-free mirrors for the short polling phases: the newest generation, the helpers still
    // working on the current job, and the stop flag. Polling is bounded (kSpin yields, tens of
    // microseconds); the condition variables remain the synchronisation of record.
    static constexpr int kSpin = 1000;
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::size_t> pending_{0};
    std::atomic<bool> stopping_{false};
};

}  // namespace

void parallel_for(std::size_t n, std::size_t grain, int threads, const ChunkFn& fn) {
    if (grain == 0) throw InvalidArgument(describe("grain", "0", "must be >= 1"));
    const std::size_t chunks = chunk_count(n, grain);
    if (chunks == 0) return;
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(threads)), chunks);
    if (workers == 1) {
        for (std::size_t c = 0; c < chunks; ++c) fn(c, c * grain, std::min(n, (c + 1) * grain));
        return;
    }
    Job job;
    job.fn = &fn;
    job.n = n;
    job.grain = grain;
    job.chunks = chunks;
    if (!Pool::instance().run(job, workers - 1)) {
        std::vector<std::thread> pool;
        pool.reserve(workers - 1);
        for (std::size_t i = 1; i < workers; ++i) pool.emplace_back([&job] { job.work(); });
        job.work();
        for (std::thread& t : pool) t.join();
    }
    if (job.error) std::rethrow_exception(job.error);
}

}  // namespace cevas
