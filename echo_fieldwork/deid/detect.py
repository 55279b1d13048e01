"""Finding identifying text in a transcript, offline: pure functions, no database.

Four detectors (where two overlap, the earlier in `detect_texts` wins):
- `known`: every name the study knows (first name, surname, hyphenated parts, spelling variants,
  accents folded, any case, inflected by elision or possessive, split across a line);
- `identifier`: the study's own list of identifiers (institutions, towns, programs, people);
- `pattern`: e-mail addresses, phone numbers (North American and French), Canadian postal codes,
  dates of birth;
- `ner`: spaCy named entities (people, places, organisations) that no list knows; optional.

Matching works on word tokens (`[^\\W\\d_]+`), so "d'Amélie", "l'équipe de Tremblay" and "Amélie's"
all expose the bare name; each token is compared by a "name key" that forgives accents, case,
doubled letters and a few spelling habits (ph/f, th/t, y/i, k/c, final e).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from echo_fieldwork.fileutil import sha256_file
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")

log = logging.getLogger("echo_fieldwork.deid.detect")

WORD = re.compile(r"[^\W\d_]+")
# What may separate two tokens of one name: spaces, a hyphen, a line break (a name split across a line).
_NAME_GAP = re.compile(r"[ \t\u00a0]*(?:[-\u2010\u2011\u2013][ \t]*)?(?:\r?\n[ \t]*)?")
_LINE_BREAK_GAP = re.compile(r"[-\u2010\u2011]?[ \t]*\r?\n[ \t]*")
# The last check before a file leaves also rejoins "Trem- blay" (two segments of one turn, joined by a space).
_SCAN_JOIN_GAP = re.compile(r"[-\u2010\u2011]?[ \t]*\r?\n[ \t]*|[-\u2010\u2011][ \t]+")
# Name particles: part of a name, never a match on their own.
PARTICLES = {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "di", "da", "dos", "del", "st", "ste",
             "saint", "sainte", "mc", "mac", "o", "y", "e", "bin", "ben"}

NUMBERED_CATEGORIES = ("person", "place", "organisation", "program")
PATTERN_CATEGORIES = ("email", "phone", "postal_code", "date_of_birth")


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
def name_key(token: str) -> str:
    """A key equal for common spelling variants of one name (Isabelle/Isabel, Stéphanie/Stefanie,
    Mathieu/Matthieu, Karine/Carine, Sylvie/Silvie)."""
    key = fold(token)
    for before, after in (("ph", "f"), ("th", "t"), ("ck", "c"), ("k", "c"), ("y", "i"), ("z", "s")):
        key = key.replace(before, after)
    key = re.sub(r"(.)\1+", r"\1", key)
    if len(key) > 3 and key.endswith("e"):
        key = key[:-1]
    return key


@dataclass
class _Token:
    start: int
    end: int
    key: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), name_key(m.group())) for m in WORD.finditer(text)]


# -- known names and identifiers ---------------------------------------------------------------------
@dataclass
class KnownName:
    code: str
    keys: list[str]                 # the name's tokens, in order (particles included)


@dataclass
class ListedIdentifier:
    keys: list[str]
    category: str
    tag: str = ""


@dataclass
class NameIndex:
    """Every known name, by token key: key -> participant codes (first registered first)."""
    names: list[KnownName] = field(default_factory=list)
    by_key: dict[str, list[str]] = field(default_factory=dict)
    identifiers: list[ListedIdentifier] = field(default_factory=list)

    @classmethod
    def build(cls, names: dict[str, str], identifiers: list[tuple[str, str, str]] = ()) -> "NameIndex":
        """`names`: participant code -> full name; `identifiers`: (text, category, tag)."""
        index = cls()
        for code, full_name in names.items():
            keys = [name_key(t) for t in WORD.findall(full_name)]
            if not keys:
                continue
            index.names.append(KnownName(code, keys))
            for key in keys:
                if key not in PARTICLES and len(key) >= 2 and code not in index.by_key.setdefault(key, []):
                    index.by_key[key].append(code)
        for text, category, tag in identifiers:
            keys = [name_key(t) for t in WORD.findall(text)]
            if keys:
                index.identifiers.append(ListedIdentifier(keys, category, tag))
        # Longest identifiers first, so "Hôpital Sainte-Justine" wins over "Sainte-Justine".
        index.identifiers.sort(key=lambda i: -len(i.keys))
        return index

    def name_keys(self) -> set[str]:
        return set(self.by_key)


def _joined_tokens(text: str, tokens: list[_Token], index: NameIndex) -> list[_Token]:
    """Rejoin a word broken across a line ("Trem-\\nblay") when the joined word is a known name."""
    result: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and token.key not in index.by_key:
            following = tokens[i + 1]
            gap = text[token.end:following.start]
            if _LINE_BREAK_GAP.fullmatch(gap):
                joined = name_key(text[token.start:token.end] + text[following.start:following.end])
                if joined in index.by_key:
                    result.append(_Token(token.start, following.end, joined))
                    i += 2
                    continue
        result.append(token)
        i += 1
    return result


def find_known_names(text: str, index: NameIndex) -> list[Detection]:
    tokens = _joined_tokens(text, _tokens(text), index)
    found: list[Detection] = []
    i = 0
    while i < len(tokens):
        codes = index.by_key.get(tokens[i].key)
        if not codes:
            i += 1
            continue
        # Extend over the following tokens of the same person's name (full name, hyphenated surname).
        code = codes[0]
        person = next(n for n in index.names if n.code == code)
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].key in person.keys and _NAME_GAP.fullmatch(
                text[tokens[j].end:tokens[j + 1].start]):
            j += 1
        # A particle just before the name belongs to it ("de la Fontaine"), but not an elided "d'".
        start = tokens[i].start
        k = i
        while k - 1 >= 0 and tokens[k - 1].key in PARTICLES and tokens[k - 1].key in person.keys and len(
                tokens[k - 1].key) > 1 and _NAME_GAP.fullmatch(text[tokens[k - 1].end:tokens[k].start]):
            k -= 1
            start = tokens[k].start
        # Whichever part matched first, prefer a participant whose name holds every matched part.
        matched = {t.key for t in tokens[i:j + 1]} - PARTICLES
        for candidate in codes:
            other = next(n for n in index.names if n.code == candidate)
            if matched <= set(other.keys):
                code = candidate
                break
        found.append(Detection(start, tokens[j].end, text[start:tokens[j].end], "known", "known", code=code))
        i = j + 1
    return found


def find_names_across_segments(texts: list[str], index: NameIndex) -> list[tuple[int, Detection]]:
    """A name broken between two segments ("… Trem-" | "blay …"): (segment index, detection) pairs,
    one for each half."""
    found = []
    for i in range(len(texts) - 1):
        tail = re.search(r"([^\W\d_]+)[-\u2010\u2011]\s*$", texts[i])
        head = re.match(r"\s*([^\W\d_]+)", texts[i + 1])
        if not tail or not head:
            continue
        codes = index.by_key.get(name_key(tail.group(1) + head.group(1)))
        if codes:
            found.append((i, Detection(tail.start(1), tail.end(1), tail.group(1), "known", "known", code=codes[0])))
            found.append((i + 1, Detection(head.start(1), head.end(1), head.group(1), "known", "known", code=codes[0])))
    return found


def find_identifiers(text: str, index: NameIndex) -> list[Detection]:
    tokens = _tokens(text)
    found: list[Detection] = []
    taken: set[int] = set()
    for identifier in index.identifiers:
        n = len(identifier.keys)
        for i in range(len(tokens) - n + 1):
            if any(k in taken for k in range(i, i + n)):
                continue
            window = tokens[i:i + n]
            if [t.key for t in window] != identifier.keys:
                continue
            gaps = [text[window[k].end:window[k + 1].start] for k in range(n - 1)]
            if any(len(g) > 3 or not re.fullmatch(r"[\s\-'’.]*", g) for g in gaps):
                continue
            taken.update(range(i, i + n))
            start, end = window[0].start, window[-1].end
            found.append(Detection(start, end, text[start:end], identifier.category, "identifier", tag=identifier.tag))
    return found


# -- patterns --------------------------------------------------------------------------------------
_MONTHS = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"
           r"january|february|march|april|may|june|july|august|september|october|november|december")
_DATE = (rf"(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:(?:{_MONTHS})\s+)?(?:19|20)\d{{2}})")
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    # French numbers first: "06 12 34 56 78", "+33 6 12 34 56 78", "01.23.45.67.89".
    ("phone", re.compile(r"(?<![\d+])(?:\+33[\s.-]?|0033[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")),
    # North American: 514-555-1234, (514) 555-1234, +1 514 555 1234, 514.555.1234, 1-800-555-1234.
    ("phone", re.compile(r"(?<![\d+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")),
    ("postal_code", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)),
    # A date said together with birth: "née le 3 mai 1962", "date de naissance : 1962-05-03", "born in 1962".
    ("date_of_birth", re.compile(
        rf"(?:\bnée?s?\b|\bnaissance\b|\bborn\b|\bbirth(?:day|date)?\b|\bDOB\b|\banniversaire\b)"
        rf"[^.?!\n]{{0,25}}?(?P<date>{_DATE})", re.I)),
]


def find_patterns(text: str) -> list[Detection]:
    found = []
    for category, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("date") if "date" in pattern.groupindex else match.span()
            value = text[start:end].strip()
            if not value:
                continue
            start += len(text[start:end]) - len(text[start:end].lstrip())
            found.append(Detection(start, start + len(value), value, category, "pattern"))
    return found


# -- named entities (optional) -----------------------------------------------------------------------
SPACY_MODEL = "fr_core_news_sm"
SPACY_MODEL_VERSION = "3.8.0"
# sha256 of the NER weights in fr_core_news_sm 3.8.0 (from the wheel's RECORD): a changed model is not used.
SPACY_NER_SHA256 = "76d2662699abf55484671792aa6bfb0b1eecc32da8b48c1f278dfc34c8adace7"
_NER_LABELS = {"PER": "person", "PERSON": "person", "LOC": "place", "GPE": "place", "ORG": "organisation"}
_NER_STOP = {"oui", "non", "bon", "ben", "merci", "alors", "ok", "okay", "bien", "voila", "bonjour", "madame",
             "monsieur", "docteur", "dr", "mme", "m"}


@lru_cache(maxsize=1)
def load_ner() -> object | None:
    """The French spaCy pipeline, or None (not installed, wrong version or changed weights)."""
    try:
        import fr_core_news_sm
        import spacy  # noqa: F401  (optional dependency)
    except ImportError:
        log.info("spaCy or %s not installed: NER skipped", SPACY_MODEL)
        return None
    folder = Path(fr_core_news_sm.__file__).parent / f"{SPACY_MODEL}-{SPACY_MODEL_VERSION}"
    weights = folder / "ner" / "model"
    try:
        digest = sha256_file(weights)
    except OSError:
        digest = ""
    if digest != SPACY_NER_SHA256:
        log.warning("%s is not version %s with the expected weights: NER skipped", SPACY_MODEL, SPACY_MODEL_VERSION)
        return None
    try:
        return fr_core_news_sm.load(exclude=["lemmatizer", "parser", "attribute_ruler", "morphologizer"])
    except Exception:  # a broken model must not stop deidentification by the lists and patterns
        log.exception("the spaCy model could not be loaded: NER skipped")
        return None


def ner_available() -> bool:
    return load_ner() is not None


def find_entities(texts: list[str], language: str, codes: set[str] = frozenset()) -> list[list[Detection]]:
    """Named entities per text. Only French has a model on PyPI; other languages get none."""
    nlp = load_ner() if language == "fr" else None
    if nlp is None:
        return [[] for _ in texts]
    result = []
    upper_codes = {c.upper() for c in codes}
    for doc in nlp.pipe(texts):
        found = []
        for ent in doc.ents:
            category = _NER_LABELS.get(ent.label_)
            value = ent.text.strip(" .,;:!?'’\"«»")
            if not category or len(value) < 2 or not value[0].isupper():
                continue
            words = [fold(w) for w in WORD.findall(value)]
            if not words or all(w in _NER_STOP for w in words) or value.upper() in upper_codes:
                continue
            start = ent.start_char + ent.text.find(value)
            found.append(Detection(start, start + len(value), value, category, "ner"))
        result.append(found)
    return result


# -- all together --------------------------------------------------------------------------------------
def merge(*groups: list[Detection]) -> list[Detection]:
    """Keep the first group's detections where two overlap (the groups come in order of trust)."""
    kept: list[Detection] = []
    for group in groups:
        for detection in sorted(group, key=lambda d: (d.start, -(d.end - d.start))):
            if all(detection.end <= k.start or detection.start >= k.end for k in kept):
                kept.append(detection)
    return sorted(kept, key=lambda d: d.start)


def detect_texts(texts: list[str], index: NameIndex, language: str, *, use_ner: bool = True) -> list[list[Detection]]:
    codes = {n.code for n in index.names}
    entities = find_entities(texts, language, codes) if use_ner else [[] for _ in texts]
    # Contacts first (a name inside an e-mail address goes with the address), then the team's own
    # identifiers (longer, e.g. "CLSC Côte-des-Neiges" holding a surname), then known names, then NER.
    across: list[list[Detection]] = [[] for _ in texts]
    for i, detection in find_names_across_segments(texts, index):
        across[i].append(detection)
    return [merge(find_patterns(t), find_identifiers(t, index), find_known_names(t, index), a, e)
            for t, a, e in zip(texts, across, entities)]


def count_name_hits(text: str, keys: set[str]) -> dict[str, int]:
    """How many tokens of `text` are a known name (by key), per key: the last check before a file leaves."""
    hits: dict[str, int] = {}
    tokens = _tokens(text)
    for i, token in enumerate(tokens):
        key = token.key
        if key not in keys and i + 1 < len(tokens) and _SCAN_JOIN_GAP.fullmatch(text[token.end:tokens[i + 1].start]):
            key = name_key(text[token.start:token.end] + text[tokens[i + 1].start:tokens[i + 1].end])
        if key in keys:
            hits[key] = hits.get(key, 0) + 1
    return hits
