#!/bin/sh
# `pip install .` into a fresh `python3 -m venv --system-site-packages` environment, offline
# (--no-index), with pip's default build isolation. Then the venv's `cevas` CLI and package are
# used with the build and source trees out of the environment, and their numbers compared with
# the build tree's CLI.
# Usage: pip_install.sh BUILD_DIR SOURCE_DIR [full]
#   default: CEVAS_BUILD_DIR=BUILD_DIR (the backend only builds the existing build: fast);
#   full:    build the sdist, unpack it to a temporary folder, pip install from there with a
#            clean CMake build, delete the unpacked tree, then run (slow: a whole compilation).
set -eu
build=$1
src=$2
mode=${3:-fast}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -m venv --system-site-packages "$tmp/venv"
py="$tmp/venv/bin/python"
if [ "$mode" = full ]; then
  (cd "$src" && /usr/bin/python3 -c "import sys; sys.path.insert(0, 'python/pep517'); import cevas_build_backend as b; print(b.build_sdist(sys.argv[1]))" "$tmp") > "$tmp/sdist-name"
  mkdir "$tmp/unpacked"
  tar -xzf "$tmp/$(cat "$tmp/sdist-name")" -C "$tmp/unpacked"
  pkg=$(echo "$tmp"/unpacked/cevas-*)
  (cd "$pkg" && env -u CEVAS_BUILD_DIR "$py" -m pip install --no-index -q . ) >"$tmp/pip.log" 2>&1 || { tail -30 "$tmp/pip.log"; exit 1; }
  rm -rf "$tmp/unpacked"
else
  (cd "$src" && CEVAS_BUILD_DIR="$build" "$py" -m pip install --no-index -q . ) >"$tmp/pip.log" 2>&1 || { tail -30 "$tmp/pip.log"; exit 1; }
fi
cp "$src/examples/saturne.toml" "$tmp/job.toml"
cd "$tmp"
env -i PATH="$tmp/venv/bin:/usr/bin:/bin" HOME="$tmp" MPLBACKEND=Agg cevas run job.toml -o venv-out -q >/dev/null
"$build/bin/cevas" run job.toml -o tree-out -q --no-plots >/dev/null
test -f venv-out/spectrum.png && test -f venv-out/counts.png
env -i PATH="$tmp/venv/bin:/usr/bin:/bin" HOME="$tmp" MPLBACKEND=Agg python - "$tmp" <<'PY'
import sys
import numpy as np
import cevas
venv = sys.argv[1]
assert cevas.__file__.startswith(venv), cevas.__file__
res = cevas.run("job.toml")
for f in ("counts.csv", "spectrum.csv"):
    a, b = cevas.read_table("venv-out/" + f), cevas.read_table("tree-out/" + f)
    assert a.columns == b.columns and np.array_equal(a.data, b.data), f
tree = cevas.read_table("tree-out/counts.csv")
for name in res.scenarios:
    assert np.array_equal(tree["counts_" + name], res.counts[name]), name
import importlib.metadata as md
assert md.metadata("cevas")["License"] == "MIT"
print("pip install: venv package and CLI agree with the build tree:", res.totals)
PY
