#!/usr/bin/env python3
"""Build resources/deid/fr_common_words.txt: French words common enough that a name spelled the same
("Rose", "Pierre", "Blanche") must be used as a name before deidentification proposes it.

    pip install --target /tmp/wf wordfreq==3.1.1         # the frequencies (data: CC BY-SA 4.0)
    apt-get download hunspell-fr-classical && dpkg-deb -x hunspell-fr-classical_*.deb /tmp/hfr
    PYTHONPATH=/tmp/wf python3 tools/common_words.py /tmp/hfr/usr/share/hunspell/fr.dic

A word is kept when it is among the most frequent French words (wordfreq) *and* the Dicollecte
dictionary knows it in lower case (as a word, or an inflection of one): "pierre" (a stone) is kept,
"tremblay" or "paris" (capitalised only: names) are not. The list is folded (no accents, lower case),
one word a line, most frequent first. Only this tool needs wordfreq and the dictionary; the app reads
the text file.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

TOP = 30_000          # how many of wordfreq's most frequent French words are considered
ALWAYS = 1_500        # the most frequent ones are kept even when the dictionary lacks them ("ok", "ben")
OUT = Path(__file__).resolve().parent.parent / "resources" / "deid" / "fr_common_words.txt"
SUFFIXES = ("s", "x", "e", "es", "ee", "ees", "ez", "ons", "ent", "ait", "ais", "aient", "er", "ir", "re",
            "ant", "a", "ai", "it", "is", "ut", "u", "ue", "us", "ues", "eux", "euse", "ale", "aux", "ive")
HEADER = """\
# Common French words, folded (no accents, lower case), most frequent first: a known name spelled like
# one of these is proposed only where it is used as a name. Built by tools/common_words.py from
# wordfreq 3.1.1 (data by Robyn Speer et al., CC BY-SA 4.0, https://github.com/rspeer/wordfreq) filtered
# by the Dicollecte French dictionary 7.0 (MPL-2.0). This list is shared under CC BY-SA 4.0.
"""


def fold(word: str) -> str:
    # As the app folds (echo_fieldwork.people.forms.fold): ligatures written out, so "sœur" is kept as "soeur".
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def main() -> int:
    from wordfreq import top_n_list

    lower_stems, capital_only = set(), set()
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()[1:]:
        stem = line.split("/", 1)[0].split()[0] if line.strip() else ""
        if not stem:
            continue
        (lower_stems if stem[0].islower() else capital_only).add(fold(stem))
    capital_only -= lower_stems

    def known(word: str) -> bool:
        if word in lower_stems:
            return True
        for suffix in SUFFIXES:
            base = word[:-len(suffix)] if word.endswith(suffix) else None
            if base and len(base) >= 2 and any(base + end in lower_stems for end in ("", "e", "er", "ir", "re")):
                return True
        return False

    kept, seen = [], set()
    for rank, word in enumerate(top_n_list("fr", TOP)):
        word = fold(word)
        if word in seen or not re.fullmatch(r"[a-z]{2,}", word):
            continue
        seen.add(word)
        if known(word) or (rank < ALWAYS and word not in capital_only):
            kept.append(word)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
