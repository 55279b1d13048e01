#!/usr/bin/env python3
"""Build resources/deid/first_names.txt: first names that, followed by a capitalised surname, mark a third
party when named-entity recognition is off ("Lucie Tran", "Pierre Lavoie").

    pip download --no-deps -d /tmp/fk faker==40.54.0 && unzip -q /tmp/fk/*.whl -d /tmp/fk
    python3 tools/first_names.py /tmp/fk

The source is the person providers of Faker 40.54.0 on PyPI (MIT licence): the male and female first
names of its fr_FR, fr_CA, fr_BE, fr_CH and en_US locales (Québec teams meet English names too). Names
are written as Faker writes them, one a line, sorted; detection folds accents and case itself. Only this
tool reads Faker; the app reads the text file.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "deid" / "first_names.txt"
LOCALES = ("fr_FR", "fr_CA", "fr_BE", "fr_CH", "en_US")
HEADER = """\
# First names, one a line (male and female first names of Faker 40.54.0's fr_FR, fr_CA, fr_BE, fr_CH and
# en_US person providers, https://pypi.org/project/Faker/, MIT licence: see LICENCE-first-names.txt).
# Built by tools/first_names.py. Deidentification proposes one followed by a capitalised surname that is
# no common word as another person ("Lucie Tran"), even without named-entity recognition.
"""


def main() -> int:
    sys.path.insert(0, sys.argv[1])
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names_male", "first_names_female"):
            names.update(n.strip() for n in getattr(provider, attribute, ()) if n.strip())
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} first names written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
