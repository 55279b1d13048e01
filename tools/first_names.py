#!/usr/bin/env python3
"""Build resources/deid/first_names.txt: first names that, followed by a capitalised surname, mark a third
party when named-entity recognition is off ("Lucie Tran", "Pierre Lavoie"), and alone when they are no word
("Jocelyne").

    pip download --no-deps -d /tmp/fk faker==40.54.0 && unzip -q /tmp/fk/*.whl -d /tmp/fk
    python3 tools/first_names.py /tmp/fk

The source is the person providers of Faker 40.54.0 on PyPI (MIT licence): the male and female first
names of its fr_FR, fr_CA, fr_BE, fr_CH and en_US locales (Québec teams meet English names too), all kept; and
of the Latin-script locales of the languages spoken in Québec's immigrant communities (`MORE_LOCALES`: Spanish,
Portuguese, Italian, German, Dutch, Polish, Romanian, Vietnamese, Irish and British English, Indian and Pakistani
English, Algerian French, Yoruba, Igbo, Hausa, Swahili, and the romanized Chinese names of zh_CN and zh_TW), where
a name that is a French common word (resources/deid/fr_common_words.txt: "Sol", "Aurora", "Vera") or shorter than 3
letters ("Li") is left out: in a French transcript it is a word. Then `QUEBEC_FIRST_NAMES`, written by hand: first
names common in Québec among people born from the 1920s to the 1960s that Faker's lists lack ("Réjeanne",
"Ghislain", "Blanche"), and first names that are words, given in Québec's French, Haitian and African families ("Fleur",
"Prudence", "Ange", "Espérance"), and Yiddish and Hebrew first names of Jewish families ("Moishe",
"Shmuel", "Rivka"), kept even where they are words (detection only takes those where the context says
"name"). Names are written as Faker writes them (romanized Chinese names title-cased), one a line, sorted;
detection folds accents and case itself. Only this tool reads Faker; the app reads the text file.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "deid" / "first_names.txt"
LOCALES = ("fr_FR", "fr_CA", "fr_BE", "fr_CH", "en_US")
MORE_LOCALES = ("fr_QC", "fr_DZ", "en_GB", "en_IE", "en_IN", "en_PK", "es_ES", "es_MX", "es_CO", "pt_BR", "pt_PT",
                "it_IT", "de_DE", "nl_NL", "pl_PL", "ro_RO", "vi_VN", "yo_NG", "ig_NG", "ha_NG", "sw", "zh_CN", "zh_TW")
QUEBEC_FIRST_NAMES = """
Adélard Adrienne Aimé Aimée Alcide Alphonse Annette Antonio Armand Arthur Aurèle Aurore Bernadette Berthe Blanche
Carmen Cécile Céline Clément Colette Conrad Cyrille Denise Donat Doris Edmond Émilienne Ernest Eugène Évangéline
Fernand Fernande Florent Florian Françoise Gaétan Gaétane Georgette Gérald Gérard Germain Germaine Ghislain
Ghislaine Gilberte Gilles Gisèle Guylaine Hector Henriette Hermas Huguette Irène Jacqueline Jean-Guy Jean-Marc
Jeannine Jeannette Jocelyn Jocelyne Josée Laurette Léo Léonard Léopold Lionel Lise Lorraine Lucette Lucien Lucienne
Lucille Madeleine Manon Marcel Marcelle Marie-Paule Marie-Rose Marie-Thérèse Mariette Maurice Monique Murielle
Noëlla Normand Odette Olive Olivette Omer Onésime Oscar Paulette Pierrette Raymonde Réal Réjean Réjeanne Rita Roch
Rolande Roland Rosaire Rosario Rose-Aimée Rose-Anna Rosianne Rosaline Simone Solange Suzanne Thérèse Valmore
Wilfrid Yolande Yvette Yvon Yvonne
Bienvenu Céleste Colombe Désiré Désirée Dieudonné Espérance Fidèle Fleur Innocent Lys Merveille Modeste Patience Perle
Précieuse Prosper Prudence Ange
Moishe Moshe Yankel Shmuel Mendel Feivel Hershel Zelig Yitzchak Yitzhak Avrum Chaim Chana Chaya Rivka Shlomo Berel
Yossi Malka Gittel Sheindel Yehuda Menachem Mordechai Tzvi Ruchel Faige Dovid Akiva Naftali Eliezer Pinchas Yaakov
Yehoshua Reuven Shimon Yisroel Srulik Velvel
""".split()
HEADER = """\
# First names, one a line: the male and female first names of Faker 40.54.0's person providers
# (https://pypi.org/project/Faker/, MIT licence: see LICENCE-first-names.txt): fr_FR, fr_CA, fr_BE, fr_CH and en_US;
# and, less those that are French common words or shorter than 3 letters, fr_QC, fr_DZ, en_GB, en_IE, en_IN, en_PK,
# es_ES, es_MX, es_CO, pt_BR, pt_PT, it_IT, de_DE, nl_NL, pl_PL, ro_RO, vi_VN, yo_NG, ig_NG, ha_NG, sw, and zh_CN's and
# zh_TW's romanized names; then first names common in Québec that Faker lacks, written by hand ("Réjeanne").
# Built by tools/first_names.py. Deidentification proposes one followed by a capitalised surname that is no common
# word as another person ("Lucie Tran"), even without named-entity recognition, and one alone that is no word.
"""


FIRST_NAME_LISTS = ("first_names_male", "first_names_female", "first_names", "first_romanized_names")


def fold(text: str) -> str:
    """Lower case without accents: the key a name is compared by (detection folds the same way)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def _latin(name: str) -> bool:
    return all(c in " -'" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)


def provider_names(locale: str, lists: tuple[str, ...]) -> set[str]:
    """The Latin-script names of Faker's person provider for `locale`, from its `lists` attributes (romanized
    Chinese names title-cased). Faker must be importable (its unpacked wheel on sys.path)."""
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names: set[str] = set()
    for attribute in lists:
        values = getattr(provider, attribute, ())
        names.update(n.strip() for n in values if isinstance(n, str) and n.strip())
    if locale.startswith("zh"):
        names = {"-".join(p.capitalize() for p in n.split("-")) for n in names}
    return {n for n in names if _latin(n)}


def common_words() -> set[str]:
    """resources/deid/fr_common_words.txt: a name that is one of them is a word in a French transcript."""
    return {w for w in (ROOT / "resources" / "deid" / "fr_common_words.txt").read_text(encoding="utf-8").splitlines()
            if w and not w.startswith("#")}


def main() -> int:
    sys.path.insert(0, sys.argv[1])
    common = common_words()
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names_male", "first_names_female"):
            names.update(n.strip() for n in getattr(provider, attribute, ()) if n.strip())
    folded = {fold(n) for n in names}
    for locale in MORE_LOCALES:
        for name in sorted(provider_names(locale, FIRST_NAME_LISTS)):
            key = fold(name)
            if key not in folded and key not in common and len(key) >= 3:
                names.add(name)
                folded.add(key)
    names.update(QUEBEC_FIRST_NAMES)
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} first names written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
