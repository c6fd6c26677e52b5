#!/usr/bin/env python3
"""Write data/abundances/isotopic_compositions.csv from the NIST table carried by Debian's
python3-periodictable package (module periodictable.mass).

Upstream source of the numbers: J.S. Coursey, D.J. Schwab, J.J. Tsai, R.A. Dragoset, "Atomic
Weights and Isotopic Compositions" (NIST Standard Reference Database 144,
https://www.nist.gov/pml/atomic-weights-and-isotopic-compositions-relative-atomic-masses), whose
representative isotopic compositions are those of K.J.R. Rosman and P.D.P. Taylor, "Isotopic
compositions of the elements 1997", Pure Appl. Chem. 70 (1998) 217 (IUPAC). NIST data are a
work of the US government (public domain); periodictable (P. Kienzle, NIST) is public domain.

Only the isotopic abundances (percent) are taken; masses come from AME2020 (data/ame2020).

Usage: /usr/bin/python3 scripts/extract_isotopic_compositions.py [output.csv]
Needs: apt-get install python3-periodictable (1.6.0 in Debian 12).
"""
import sys
from pathlib import Path

import periodictable

root = Path(__file__).resolve().parent.parent
dst = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "data/abundances/isotopic_compositions.csv"

rows = []
for el in periodictable.elements:
    if el.number == 0:
        continue
    for iso in el:
        if iso.abundance > 0:
            rows.append((el.number, el.symbol, iso.isotope, iso.abundance))

header = f"""# Natural isotopic compositions (representative isotopic abundances, atom percent).
# Source: NIST Standard Reference Database 144, "Atomic Weights and Isotopic Compositions"
#   (J.S. Coursey, D.J. Schwab, J.J. Tsai, R.A. Dragoset), whose compositions are
#   K.J.R. Rosman and P.D.P. Taylor, "Isotopic compositions of the elements 1997",
#   Pure Appl. Chem. 70 (1998) 217 (IUPAC Commission on Atomic Weights and Isotopic Abundances).
# Licence: NIST data are a work of the US government, public domain in the United States.
# Obtained: scripts/extract_isotopic_compositions.py from Debian's python3-periodictable
#   {periodictable.__version__} (module periodictable.mass, public domain, P. Kienzle, NIST),
#   which carries the NIST table; values copied unchanged (percent, as published).
# Elements absent here have no natural composition (no stable or primordial isotope).
# Per element the percentages sum to 100 within 1e-3 (checked by scripts/check_isotopic_compositions.py);
# cevas divides by the sum so that the fractions it uses add up to 1 exactly.
# Columns: Z, element symbol, mass number A, abundance [atom percent]
z,symbol,a,abundance_percent
"""
with dst.open("w") as f:
    f.write(header)
    for z, s, a, p in rows:
        f.write(f"{z},{s},{a},{p!r}\n")
print(f"wrote {len(rows)} isotopes of {len({r[0] for r in rows})} elements to {dst}")
