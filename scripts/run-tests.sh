#!/usr/bin/env bash
# Every test of cevas, from a fresh machine: installs what is missing, builds, and runs
#   1. the clang-format check (formatting drift fails),
#   2. the GoogleTest suite under AddressSanitizer + UndefinedBehaviorSanitizer, then bounded
#      libFuzzer runs of the input readers (scripts/run-fuzz.sh, about 1.5 min),
#   3. the full suite (C++ unit, CLI end-to-end, Python/pytest) on a Release build with
#      warnings as errors; its ctest summary is the last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${CEVAS_JOBS:-2}

./scripts/install-deps.sh
# ccache keyed on paths relative to the checkout, so every clone shares one cache.
export CCACHE_BASEDIR="$PWD"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

echo "== format check =="
./scripts/check-format.sh

echo "== ASan + UBSan build and tests =="
cmake -S . -B build-asan "${launcher[@]}" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DCEVAS_SANITIZE=ON -DCEVAS_WERROR=ON -DCEVAS_BUILD_BENCH=OFF -DCEVAS_BUILD_PYTHON=OFF >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$jobs" --timeout 900)

echo "== libFuzzer (clang, ASan + UBSan): config reader, number grammar, tables, 30 s each =="
CEVAS_FUZZ_SECONDS=${CEVAS_FUZZ_SECONDS:-30} ./scripts/run-fuzz.sh

echo "== Release build (warnings as errors) and full test suite =="
cmake -S . -B build "${launcher[@]}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCEVAS_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
cd build && ctest --output-on-failure -j"$jobs" --timeout 900
