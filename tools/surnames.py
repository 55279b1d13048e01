#!/usr/bin/env python3
"""Build resources/deid/surnames.txt: surnames of the origins Québec's immigrant communities bring (Algerian,
Indian, Pakistani, Chinese, Vietnamese, Spanish and Latin American, Portuguese and Brazilian, Italian, Romanian,
Turkish, East and West African) that, after a capitalised word no list knows, mark a person when named-entity
recognition is off ("Nusrat Chowdhury": the first name is in no list, the surname is).

    pip download --no-deps -d /tmp/fk faker==40.54.0 && unzip -q /tmp/fk/*.whl -d /tmp/fk
    python3 tools/surnames.py /tmp/fk

The source is the person providers of Faker 40.54.0 on PyPI (MIT licence, see LICENCE-first-names.txt): the last
names of `LOCALES`, Latin script only (romanized Chinese names title-cased). A name that is a French common word
(resources/deid/fr_common_words.txt: "Rosa", "Costa") or shorter than 3 letters is left out: in a French transcript it is a word. Names are written as Faker writes them, one a line,
sorted; detection folds accents and case itself. Only this tool reads Faker; the app reads the text file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from first_names import common_words, fold, provider_names  # tools/, beside this script

LAST_NAME_LISTS = ("last_names", "last_names_male", "last_names_female", "last_romanized_names")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "deid" / "surnames.txt"
LOCALES = ("fr_DZ", "en_IN", "en_PK", "zh_CN", "zh_TW", "vi_VN", "es_ES", "es_MX", "es_CO", "es_AR", "es_CL", "pt_BR",
           "pt_PT", "it_IT", "ro_RO", "tr_TR", "en_KE", "sw", "yo_NG", "ig_NG", "ha_NG", "tw_GH")
HEADER = """\
# Surnames, one a line: the last names of Faker 40.54.0's person providers (https://pypi.org/project/Faker/, MIT
# licence: see LICENCE-first-names.txt) fr_DZ, en_IN, en_PK, zh_CN and zh_TW (romanized), vi_VN, es_ES, es_MX, es_CO,
# es_AR, es_CL, pt_BR, pt_PT, it_IT, ro_RO, tr_TR, en_KE, sw, yo_NG, ig_NG, ha_NG and tw_GH, Latin script only, less
# those that are French common words or shorter than 3 letters. Built by tools/surnames.py. Deidentification proposes
# a capitalised word that is no common word, first name or place followed by one of them as a person ("Nusrat
# Chowdhury"), even without named-entity recognition.
"""


def main() -> int:
    sys.path.insert(0, sys.argv[1])
    common = common_words()
    names: dict[str, str] = {}
    for locale in LOCALES:
        for name in sorted(provider_names(locale, LAST_NAME_LISTS)):
            key = fold(name)
            if " " not in name and len(key) >= 3 and key not in common:
                names.setdefault(key, name)
    OUT.write_text(HEADER + "\n".join(sorted(names.values())) + "\n", encoding="utf-8")
    print(f"{len(names)} surnames written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
