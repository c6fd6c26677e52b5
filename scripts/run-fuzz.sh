#!/usr/bin/env bash
# Bounded fuzzing of the input readers (issue 11) under AddressSanitizer + UBSan, with libFuzzer
# (clang 14, libclang-rt-14-dev): the TOML configuration reader, the number grammar and the
# spectrum table reader, each for CEVAS_FUZZ_SECONDS (default 30) starting from the committed
# seed corpus tests/fuzz/corpus/<name>/ (read only; new inputs go to a temporary folder).
# A crash, a sanitizer report or a broken property stops with the reproducer in build-fuzz/.
#   scripts/run-fuzz.sh                 # all three, 30 s each
#   CEVAS_FUZZ_SECONDS=5 scripts/run-fuzz.sh number
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${CEVAS_FUZZ_SECONDS:-30}
jobs=${CEVAS_JOBS:-2}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(config number table)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz "${launcher[@]}" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DCEVAS_SANITIZE=ON -DCEVAS_NATIVE=OFF \
  -DCEVAS_BUILD_FUZZ=ON -DCEVAS_BUILD_TESTS=OFF -DCEVAS_BUILD_BENCH=OFF -DCEVAS_BUILD_APP=OFF \
  -DCEVAS_BUILD_PYTHON=OFF -DCEVAS_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${targets[@]/#/fuzz_}"

for t in "${targets[@]}"; do
  work=$(mktemp -d)
  echo "== fuzz_$t: ${seconds} s from tests/fuzz/corpus/$t =="
  (cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ./bin/fuzz_"$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "$work" "../tests/fuzz/corpus/$t" 2>&1 | tail -n 12)
  rm -rf "$work"
done
