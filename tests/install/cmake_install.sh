#!/bin/sh
# `cmake --install` into a temporary prefix, moved elsewhere (the install is relocatable), then
# used with the build and source trees out of the environment: the Python package imports from
# the prefix, and the installed `cevas run`/`cevas scan` draw their figures with the installed
# plot scripts.
# Usage: cmake_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/stage" >/dev/null
mv "$tmp/stage" "$tmp/prefix"
prefix=$tmp/prefix
site=$(echo "$prefix"/lib/python3*/site-packages)
test -f "$site/cevas/__init__.py" || { echo "no Python package in $site"; exit 1; }
test -f "$site/cevas/_core.pyi" && test -f "$site/cevas/py.typed"
test -x "$prefix/bin/cevas"
script="$prefix/share/cevas/run_plots.py"
test -f "$script"
# Wrap the installed script so that the test can tell it was the one used.
mv "$script" "$prefix/share/cevas/run_plots_real.py"
cat > "$script" <<'PY'
import os, runpy, sys
open(os.path.join(sys.argv[1], "installed-script-used"), "w").close()
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_plots_real.py"), run_name="__main__")
PY
cp "$src/examples/saturne.toml" "$tmp/job.toml"
cd "$tmp"
env -i PATH=/usr/bin:/bin HOME="$tmp" MPLBACKEND=Agg "$prefix/bin/cevas" run job.toml -o out -q > cli.txt
for f in spectrum.csv spectrum.json counts.csv counts.json spectrum.png counts.png installed-script-used; do
  test -f "out/$f" || { echo "cevas run (installed) did not write out/$f"; exit 1; }
done
# The other figure scripts come from the prefix too: a run in deposited energy (medium) and a scan.
cp "$src/examples/saturne_medium.toml" "$tmp/medium.toml"
cp "$src/examples/sensitivity/saturne.toml" "$tmp/stats.toml"
env -i PATH=/usr/bin:/bin HOME="$tmp" MPLBACKEND=Agg "$prefix/bin/cevas" run medium.toml -o med -q >/dev/null
test -f med/spectrum_omega.png || { echo "installed cevas run drew no spectrum_omega.png"; exit 1; }
env -i PATH=/usr/bin:/bin HOME="$tmp" MPLBACKEND=Agg "$prefix/bin/cevas" scan stats.toml \
  -p nucleus.ee=-0.1:0.1:11 -p nucleus.emu=-0.1:0.1:11 -o scan -q >/dev/null
ls scan/*.png >/dev/null 2>&1 || { echo "installed cevas scan drew no figure"; exit 1; }
env -i PATH=/usr/bin:/bin HOME="$tmp" MPLBACKEND=Agg PYTHONPATH="$site" /usr/bin/python3 - "$prefix" <<'PY'
import sys
import numpy as np
import cevas
prefix = sys.argv[1]
assert cevas.__file__.startswith(prefix), cevas.__file__
res = cevas.run("job.toml", output="py", plots=False)
cli = cevas.read_table("out/counts.csv")
for name in res.scenarios:
    assert np.array_equal(cli["counts_" + name], res.counts[name]), name
print("cmake --install: package and CLI from", prefix, "agree:", res.totals)
PY
