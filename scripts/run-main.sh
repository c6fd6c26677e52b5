#!/usr/bin/env bash
# The main job, from a fresh machine: install what is missing, build, and run the SATURNE
# configuration (examples/saturne.toml): recoil spectra with and without electrons, with a
# benchmark NSI point and a magnetic moment, expected counts per bin, totals, and the figures,
# all written into out/ (or the folder given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
./scripts/build.sh
build/bin/cevas run examples/saturne.toml --output "$out"
