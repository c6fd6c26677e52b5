#!/usr/bin/env bash
# Apply clang-format to every tracked C++ file.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.hpp' '*.cpp' | xargs -r clang-format -i --style=file
