"""The vocabulary every detector shares. A detection, word tokens and their name keys, common and rare words, the
first-name and surname lists, the places and institutions every study knows (one loader each), and the word sets
several kinds of detection use."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")
from echo_fieldwork.resources import resource_path

log = logging.getLogger("echo_fieldwork.deid.detect")  # the detectors' one logger, as before the split


WORD = re.compile(r"[^\W\d_]+")


# Name particles: part of a name, never a match on their own.
PARTICLES = {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "di", "da", "dos", "del", "dela", "delos", "st", "ste",
             "saint", "sainte", "mc", "mac", "o", "y", "e", "bin", "ben"}

NUMBERED_CATEGORIES = ("person", "place", "organisation", "program")
PATTERN_CATEGORIES = ("email", "phone", "postal_code", "date_of_birth", "date", "address", "health_number", "url")


@dataclass
class Detection:
    start: int
    end: int
    original: str
    category: str
    detector: str
    code: str = ""        # the participant code for a known name
    tag: str = ""         # a fixed tag (from an identifier), else assigned later


# -- matching keys ----------------------------------------------------------------------------------
def name_key(token: str, *, drop_final_e: bool = True) -> str:
    """A key equal for common spelling variants of one name (Isabelle/Isabel, Stéphanie/Stefanie,
    Mathieu/Matthieu, Karine/Carine, Sylvie/Silvie). Without `drop_final_e`, the spelling key that
    one-letter misspellings are measured on ("Gauthié" is one letter from "Gauthier", not two)."""
    key = fold(token)
    for before, after in (("ph", "f"), ("th", "t"), ("ck", "c"), ("k", "c"), ("y", "i"), ("z", "s")):
        key = key.replace(before, after)
    key = re.sub(r"(.)\1+", r"\1", key)
    if drop_final_e and len(key) > 3 and key.endswith("e"):
        key = key[:-1]
    # "St-Onge", "Saint-Onge", "Ste-Marie", "Sainte-Marie": one name however "Saint(e)" is written.
    return _SAINT_KEYS.get(key, key)


_SAINT_KEYS = {"st": "saint", "ste": "saint", "sainte": "saint"}


# -- words and sounds ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common French words, folded (resources/deid/fr_common_words.txt, built by tools/common_words.py):
    a known name spelled like one ("Rose", "Pierre", "Martin") is proposed only where it is used as a name."""
    path = resource_path("deid", "fr_common_words.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        log.warning("the common-word list is missing: names that are also words are matched everywhere")
        return frozenset()
    return frozenset(w for w in lines if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    """The common words past the 10,000 most frequent (the list is most frequent first): a word there that is also a
    listed town is rarely the word where a town fits ("à lévis": "lévis" is in the list only as an inflection)."""
    path = resource_path("deid", "fr_common_words.txt")
    try:
        lines = [w for w in path.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    except OSError:
        return frozenset()
    return frozenset(lines[10_000:])


# Words after which a common word is a word, not a name ("une robe rose", "la pierre").
DETERMINERS = {"un", "une", "le", "la", "les", "l", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "mon", "ma",
               "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs",
               "quel", "quelle", "tres", "plus", "en", "si", "trop", "assez", "the"}
# Titles that announce a person's name: "le Dr Jean Lavoie", "Mme Rose", "madame de la Fontaine".
TITLE = re.compile(r"(?<![\w.])(?:(?:Drs?|Dre|Pr|Mme|Mmes|Mlle|Me)\b\.?|M\.(?![-\u2010\u2011][A-ZÀ-Ý]\.)|(?i:docteure?|professeure?|madame|monsieur|"
                    r"mademoiselle|infirmi[eè]re?|infirmier|s(?:oe|œ)ur|fr[eè]re|imam|rabbin|rabbi|abb[ée]|nurse|mrs?\.?|ms\.?|doctor)\b)")


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when `a` becomes `b` by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def edit_distance_at_most_two(a: str, b: str) -> bool:
    """True when `a` becomes `b` by at most two insertions, deletions or substitutions (for short words)."""
    if abs(len(a) - len(b)) > 2:
        return False
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1] <= 2


def phonetic_key(token: str) -> str:
    """How a French name sounds, roughly: "Bouchard"/"Bouchar"/"Boushard", "Gagnon"/"Ganion", "Lavoie"/"Lavoix"."""
    key = token.lower().replace("ç", "s")
    key = fold(key)
    key = re.sub(r"e?ault$", "o", key)      # "Vigneault", "Arsenault", "Thibault": a final -ault sounds "o"
    for before, after in (("eaux", "o"), ("eau", "o"), ("au", "o"), ("ph", "f"), ("qu", "k"), ("gu", "g"), ("ch", "$"),
                          ("sh", "$"), ("gn", "ni"), ("oi", "wa"), ("oy", "wa"), ("y", "i"), ("ai", "e"), ("ei", "e"),
                          ("z", "s"), ("w", "v"), ("ck", "k"), ("h", "")):
        key = key.replace(before, after)
    key = re.sub(r"c(?=[eiy])", "s", key).replace("c", "k")
    key = re.sub(r"[ae]([nm])(?![aeiouy])", r"a\1", key)
    key = re.sub(r"(?:[aeiu]n|in)(?![aeiouy])", "in", key)
    key = re.sub(r"(.)\1+", r"\1", key)
    key = re.sub(r"(?<=.{3})er$", "e", key)  # "Gauthier", "Fortier": a final -er sounds like é
    while len(key) > 3 and key[-1] in "estdxp":
        key = key[:-1]
    return key


@dataclass
class Token:
    start: int
    end: int
    key: str
    word: str = ""


def word_tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), name_key(m.group()), m.group()) for m in WORD.finditer(text)]


def mid_sentence(text: str, start: int) -> bool:
    """Whether a letter comes before `start`, past spaces, commas, semicolons and apostrophes (not after
    . ? ! or at the start). Looks back from `start` only: a search over the text before it would make a
    long export's final scan quadratic."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in ",;'’"):
        i -= 1
    return i >= 0 and text[i].isalpha()


def _name_list(name: str, missing: str) -> frozenset[str]:
    try:
        lines = resource_path("deid", name).read_text(encoding="utf-8").splitlines()
    except OSError:
        log.warning(missing)
        return frozenset()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names, folded (resources/deid/first_names.txt, from Faker's person providers, built by
    tools/first_names.py)."""
    return _name_list("first_names.txt", "the first-name list is missing: untitled third parties are found by NER only")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames of other origins, folded (resources/deid/surnames.txt, from Faker's person providers, built by
    tools/surnames.py)."""
    return _name_list("surnames.txt", "the surname list is missing: names no first-name list knows are found by NER only")


# The most frequent Vietnamese family names (about nine people in ten bear one), without those that are French words
# or particles ("Le", "Do", "Ho", "Mai", "Ha").
VIETNAMESE_SURNAMES = {"nguyen", "tran", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "ngo", "duong",
                        "truong", "dinh", "trinh", "luong", "doan", "quach", "trieu"}


_WORD_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[ \t'’]*$")
_WORD_BEFORE_COMMA = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[ \t'’,]*$")


def word_before(text: str, start: int, past_comma: bool = False) -> re.Match[str] | None:
    """The word right before `start`, spaces and apostrophes (and commas if asked) between, as group 1. Searches a
    bounded window before `start`: a search over all the text before it would make a long export quadratic."""
    return (_WORD_BEFORE_COMMA if past_comma else _WORD_BEFORE).search(text, max(0, start - 100), start)


def at_sentence_start(text: str, start: int) -> bool:
    """Whether `start` opens a sentence: the text's first character, or after . ! ? : ; « or a line break (spaces
    between), or after a dash and a space. Looks back from `start` only, like `mid_sentence`."""
    i, newline = start - 1, False
    while i >= 0 and text[i].isspace():
        newline = newline or text[i] == "\n"
        i -= 1
    if newline or start == 0:
        return True
    return i >= 0 and (text[i] in ".!?:;«" or text[i] in "-–—" and i < start - 1)


# Two capitals that are no one's initials: common acronyms in a transcript ("la TV", "un CV", "les RH").
NOT_INITIALS = {"OK", "TV", "PC", "CV", "RH", "TI", "DG", "PM", "AM", "QC", "ON", "NB", "PS", "MD", "CH", "FM", "BC", "PQ",
                 "UK", "US", "VS", "ID", "IA", "AI", "IT", "HR", "GP", "MP", "CA", "CE", "CP", "CS", "DM", "DP", "GO",
                 "JO", "MA", "MI", "MS", "NS", "OR", "PE", "PH", "PI", "RV", "SA", "TP", "TS", "VR", "BD", "SMS", "IRM"}


# Capitalised words after a first name that are no surname: days and months, which ASR sometimes capitalises.
NOT_SURNAMES = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars",
                 "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
                 "lake", "falls", "river", "creek", "mills"}   # and English words of geography ("Chelsea Falls" is a place)


# -- places and institutions every study knows ------------------------------------------------------------
# Québec and France municipalities (resources/deid/places.txt, GeoNames, built by tools/places.py) and the
# regions and 34 Québec health establishments written by hand (resources/deid/institutions.txt).
CONNECTORS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous", "aux", "au", "a", "of", "the"}
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def place_key(word: str) -> str:
    key = fold(word)
    return _ABBREVIATIONS.get(key, key)


@dataclass(frozen=True)
class _KnownPlace:
    keys: tuple[str, ...]
    category: str
    acronym: str = ""     # written in capitals only ("CHUM"): matched as written
    common: bool = False  # a one-word name that is also a word ("Paris", "Nord"): only after "à", "en", "de"…
    capitals: tuple[bool, ...] = ()  # the words written with a capital in the list, connectors aside


@lru_cache(maxsize=1)
def known_places() -> dict[str, list[_KnownPlace]]:
    """Every listed place and institution, by its first word's key, longest first. A one-word name that
    is a common French word ("Paris", "Somme", "Nord") counts only after a preposition of place; one that
    is a filler NER stops at, or shorter than 3 letters, is left out."""
    entries: dict[tuple[str, ...], _KnownPlace] = {}
    sources = [("places.txt", "place"), ("institutions.txt", None)]
    for name, fixed in sources:
        try:
            lines = resource_path("deid", name).read_text(encoding="utf-8").splitlines()
        except OSError:
            log.warning("the list of places %s is missing: places are found by NER only", name)
            continue
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            category, text = (fixed, line.strip()) if fixed else line.split("\t", 1)
            words = WORD.findall(text)
            keys = tuple(place_key(w) for w in words)
            if not keys or all(k in CONNECTORS for k in keys):
                continue
            acronym = text if len(words) == 1 and text.isupper() and len(text) <= 10 else ""
            if len(keys) == 1 and not acronym and (len(keys[0]) < 3 or keys[0] in NER_STOP):
                continue
            common = len(keys) == 1 and not acronym and keys[0] in common_words()
            capitals = tuple(w[:1].isupper() and k not in CONNECTORS for w, k in zip(words, keys))
            entries.setdefault(keys, _KnownPlace(keys, category.strip(), acronym, common, capitals))
    by_first: dict[str, list[_KnownPlace]] = {}
    for entry in entries.values():
        by_first.setdefault(entry.keys[0], []).append(entry)
    for group in by_first.values():
        group.sort(key=lambda e: -len(e.keys))
    return by_first


# A place no list knows, by the shape of Québec and French place names: capitalised parts joined by hyphens with a
# connector inside ("Métis-sur-Mer", "Notre-Dame-du-Portage", "Pointe-au-Père", "Rivière-des-Prairies"), or a saint's
# name after a preposition of place ("à Sainte-Félicité", "de St-Ulric"; "Saint-Pierre" alone may be a surname).
HYPHEN = r"[-\u2010\u2011]"


# Nouns of time: "au retour du Temps des Fêtes", "le Jour de l'An".
TIME_NOUNS = {"temps", "jour", "jours", "fete", "fetes", "saison", "semaine", "mois", "an", "annee", "nuit", "soir", "matin"}

NER_STOP = {"oui", "non", "bon", "ben", "merci", "alors", "ok", "okay", "bien", "voila", "bonjour", "madame",
             "monsieur", "docteur", "dr", "mme", "m", "sinon", "donc", "bref", "genre", "coudonc", "pis", "mettons",
             "tsé", "tse", "ouais", "enfin", "ensuite", "puis", "aussi", "mais", "parce", "comme", "quand", "ah", "oh",
             "euh", "hein", "ici", "la", "le", "les", "eux", "nous", "vous", "moi", "toi", "lui", "elle", "elles",
             # Greetings in the languages of Québec's First Nations and Inuit ("Kwe", "Kuei", "Wachiya", "Ullaakkut"),
             # and English words a bilingual speaker starts a sentence with ("So", "Well", "Like", "Yeah").
             "kwe", "kwei", "kwey", "kuei", "wachiya", "wachay", "aanii", "boozhoo", "tansi", "ullaakkut", "ai", "shekon", "she",
             "kon", "so", "well", "like", "yeah", "yes", "hi", "hello", "sorry", "thanks", "anyway"}
