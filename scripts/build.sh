#!/usr/bin/env bash
# Install what is missing, then configure and build cevas (Release) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${CEVAS_JOBS:-2}"
