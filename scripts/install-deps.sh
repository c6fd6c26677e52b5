#!/usr/bin/env bash
# Install every Debian package cevas needs, skipping what is already present. Idempotent.
# Runs apt-get as root (directly, or through sudo when not root).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev              # Boost.Math quadrature (header-only, BSL-1.0)
  libxrl-dev                # xraylib: Hubbell atomic form factors (BSD-3)
  libtomlplusplus-dev       # toml++: configuration files (MIT)
  nlohmann-json3-dev        # JSON output (MIT)
  libcli11-dev              # command-line parsing (BSD-3)
  libfmt-dev                # formatting (MIT)
  libgtest-dev libgmock-dev # GoogleTest (BSD-3)
  libbenchmark-dev          # Google Benchmark (Apache-2.0)
  pybind11-dev python3-dev  # Python bindings (BSD-3)
  python3-numpy python3-scipy python3-matplotlib python3-pytest python3-xraylib
  clang-format
  ccache                    # compiler cache: rebuilds in fresh clones reuse objects
  # Python package (issue 9): pip install into a venv, wheels, tutorials run by the tests
  python3-venv python3-pip  # venv + pip for `pip install .` (MIT)
  python3-build             # python3 -m build --no-isolation (MIT)
  python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib-inline  # notebooks (BSD-3)
  python3-iminuit           # minimiser in tutorials and tests only (MIT + LGPL Minuit2; not linked)
  python3-pandas            # CSV reading recipe tested (BSD-3)
  python3-periodictable     # NIST isotopic compositions for scripts/extract_isotopic_compositions.py (public domain; data generation only, not linked)
  libopenmpi-dev openmpi-bin # optional MPI for `cevas scan` (CEVAS_MPI; BSD-3, linked by the CLI only)
  clang-14 libclang-rt-14-dev  # libFuzzer + sanitizer runtimes for scripts/run-fuzz.sh (Apache-2.0 WITH LLVM-exception; test only, not linked into the library)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
