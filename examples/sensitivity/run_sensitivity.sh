#!/bin/sh
# Reproduce the numbers of docs/sensitivity.md (sections "Cadeddu 2019", "SATURNE", "Seed 003
# targets"). Usage, from the repository root after building:
#   sh examples/sensitivity/run_sensitivity.sh [OUTDIR]      (default out/sensitivity)
# Needs build/bin/cevas and /usr/bin/python3 (json only). Prints markdown table rows.
set -eu
CEVAS=${CEVAS:-build/bin/cevas}
EX=examples/sensitivity
OUT=${1:-out/sensitivity}
mkdir -p "$OUT"

field() {  # field FILE KEY -> value (null -> -)
    /usr/bin/python3 -c "import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print('-' if v is None else ('%.3g' % v if isinstance(v, float) else v))" "$1" "$2"
}
limit() {  # limit CONFIG PARAM [extra options]: prints "| config | param | method | lower | upper | best |"
    cfg=$1; par=$2; shift 2
    f="$OUT/limit_$(basename "$cfg" .toml)_$(echo "$par$*" | tr -c 'A-Za-z0-9._' '_').json"
    if ! "$CEVAS" limit "$cfg" --parameter "$par" --quiet --output "$f" "$@" >/dev/null 2>"$f.err"; then
        echo "| $(basename "$cfg" .toml) | $par | not reachable | $(sed 's/.*: //' "$f.err") | | |"
        return 0
    fi
    echo "| $(basename "$cfg" .toml) | $par | $(field "$f" method) | $(field "$f" lower) | $(field "$f" upper) | $(field "$f" best_fit) |"
}
signif() {
    f="$OUT/significance_$(basename "$1" .toml).json"
    "$CEVAS" significance "$1" --output "$f" >/dev/null
    echo "| $(basename "$1" .toml) | $(field "$f" expected_total_hypothesis) | $(field "$f" expected_total_alternative) | $(field "$f" delta_chi2) | $(field "$f" significance_sigma) |"
}

echo "## significance (CEvAS vs CEvNS, Asimov)"
for c in cadeddu2019 saturne saturne_systematics; do signif "$EX/$c.toml"; done

echo "## limits (90 % CL)"
limit "$EX/cadeddu2019.toml" magnetic_moment
limit "$EX/cadeddu2019.toml" magnetic_moment --method wilks-boundary
limit "$EX/cadeddu2019.toml" magnetic_moment --method feldman-cousins
for c in saturne saturne_systematics; do
    for p in magnetic_moment millicharge charge_radius \
             nucleus.ee nucleus.emu nucleus.etau e.ee e.emu e.etau \
             scalar.nucleus.ee scalar.e.ee axial.nucleus.ee tensor.e.ee; do
        limit "$EX/$c.toml" "$p"
    done
done

echo "## seed 003 targets (10 MCi, 500 kg, 5 y, SATURNE tank)"
for t in H1 H2 He3 He4 C12; do
    sed "s/^name = \"He4\"/name = \"$t\"/" "$EX/saturne.toml" > "$OUT/saturne_$t.toml"
    limit "$OUT/saturne_$t.toml" millicharge
    limit "$OUT/saturne_$t.toml" magnetic_moment
    limit "$OUT/saturne_$t.toml" axial.nucleus.ee
done

echo "## contours"
"$CEVAS" scan "$EX/saturne.toml" -p nucleus.ee=-0.5:0.5:401 -p nucleus.emu=-0.7:0.7:401 \
    --output "$OUT/scan_nucleus_ee_emu" --quiet
"$CEVAS" scan "$EX/saturne.toml" -p e.ee=-0.3:0.3:401 -p e.emu=-0.3:0.3:401 \
    --output "$OUT/scan_electron_ee_emu" --quiet
"$CEVAS" scan "$EX/saturne.toml" -p nucleus.ee=-0.5:0.5:401 -p nucleus.etau=-0.7:0.7:401 \
    --output "$OUT/scan_nucleus_ee_etau" --quiet
"$CEVAS" scan "$EX/saturne.toml" -p e.ee=-0.3:0.3:401 -p e.etau=-0.3:0.3:401 \
    --output "$OUT/scan_electron_ee_etau" --quiet
"$CEVAS" scan "$EX/saturne_systematics.toml" -p nucleus.ee=-0.5:0.5:401 \
    -p nucleus.emu=-0.7:0.7:401 --output "$OUT/scan_nucleus_ee_emu_syst" --quiet
