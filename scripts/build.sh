#!/usr/bin/env bash
# Install what is missing, then configure and build cevas (Release) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# ccache keyed on paths relative to the checkout, so every clone shares one cache.
export CCACHE_BASEDIR="$PWD"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build "${launcher[@]}" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${CEVAS_JOBS:-2}"
