#include "cevas/numerics/parallel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "cevas/core/error.hpp"

namespace cevas {
namespace {

TEST(Parallel, EveryIndexOnceForAnyThreadCount) {
    for (int threads : {1, 2, 3, 8}) {
        std::vector<int> hits(1001, 0);
        parallel_for(hits.size(), 64, threads, [&](std::size_t, std::size_t b, std::size_t e) {
            for (std::size_t i = b; i < e; ++i) ++hits[i];
        });
        for (int h : hits) ASSERT_EQ(h, 1) << threads << " threads";
    }
}

TEST(Parallel, ChunkedSumIsBitIdenticalAcrossThreadCounts) {
    // Partial sums per chunk, combined in chunk order: the same bits for every thread count.
    const std::size_t n = 100000, grain = 1000;
    auto run = [&](int threads) {
        std::vector<double> partial(chunk_count(n, grain), 0.0);
        parallel_for(n, grain, threads, [&](std::size_t c, std::size_t b, std::size_t e) {
            double s = 0;
            for (std::size_t i = b; i < e; ++i) s += std::sin(0.001 * static_cast<double>(i));
            partial[c] = s;
        });
        return std::accumulate(partial.begin(), partial.end(), 0.0);
    };
    const double one = run(1);
    EXPECT_EQ(one, run(2));
    EXPECT_EQ(one, run(7));
}

TEST(Parallel, RethrowsTheWorkersException) {
    EXPECT_THROW(parallel_for(100, 1, 2,
                              [](std::size_t c, std::size_t, std::size_t) {
                                  if (c == 37) throw std::runtime_error("boom");
                              }),
                 std::runtime_error);
}

TEST(Parallel, EmptyRangeAndBadGrain) {
    int calls = 0;
    parallel_for(0, 8, 2, [&](std::size_t, std::size_t, std::size_t) { ++calls; });
    EXPECT_EQ(calls, 0);
    EXPECT_THROW(parallel_for(10, 0, 2, [](std::size_t, std::size_t, std::size_t) {}),
                 InvalidArgument);
}

TEST(Parallel, ThreadCountGrammar) {
    EXPECT_EQ(parse_thread_count("3", "--threads"), 3);
    for (const char* bad : {"0", "-1", "+2", "2x", "", " 2", "1e3", "99999999999"})
        EXPECT_THROW(parse_thread_count(bad, "--threads"), InvalidArgument) << bad;
    try {
        parse_thread_count("abc", "CEVAS_NUM_THREADS");
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("CEVAS_NUM_THREADS = 'abc'"), std::string::npos);
    }
    EXPECT_GE(resolve_threads(0), 1);
    EXPECT_EQ(resolve_threads(5), 5);
    EXPECT_THROW(resolve_threads(-1), InvalidArgument);
}

}  // namespace
}  // namespace cevas
