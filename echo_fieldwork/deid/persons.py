"""Finding other people by name. By a listed first name, a particle, in lower case, by initials, introduced by a
relation or a role, in families and lists, and across segments; the passes that grow a person over a row."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from echo_fieldwork.deid.entities import DRUG_BRANDS, EPONYM_DISEASES, NER_NO_IDENTIFIER
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import (
    ADJECTIVE_ENDING,
    DIMINUTIVE,
    OFFICES,
    PERSON_BEFORE,
    ROLE_ADJECTIVE,
    ROLE_DETERMINER,
    ROLES,
    SUBJECT_BEFORE,
    SURNAME_WORDS,
    THANKS_BEFORE,
    TITLE_BEFORE,
    VERB_AFTER,
    heard_with_head,
    lower_case_surname,
    unlisted_surname,
)
from echo_fieldwork.deid.patterns import NAMED_AFTER
from echo_fieldwork.deid.words import (
    CONNECTORS,
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    NOT_INITIALS,
    NOT_SURNAMES,
    PARTICLES,
    TIME_NOUNS,
    TITLE,
    VIETNAMESE_SURNAMES,
    WORD,
    Detection,
    Token,
    at_sentence_start,
    common_words,
    first_names,
    known_places,
    mid_sentence,
    name_key,
    phonetic_key,
    place_key,
    surnames,
    word_before,
    word_tokens,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")

_COMMA_AFTER = re.compile(r"[ \t]*,")
_WORD_AFTER = re.compile(r"[ \t,]*([^\W\d_]+)")
_SPEECH_AFTER = re.compile(r"[ \t]+(?:(?i:m['’]|nous[ \t]+|lui[ \t]+|leur[ \t]+|t['’]|me[ \t]+|y[ \t]+)?(?i:a|avait)[ \t]+"
                           r"(?i:dit|racont[ée]|expliqu[ée]|demand[ée]|r[ée]pondu|appel[ée]|[ée]crit|texté|conseill[ée]|insist[ée])|"
                           r"(?i:m['’]|nous[ \t]+|lui[ \t]+)?(?i:dit|disait|raconte|racontait|explique|expliquait|demande|"
                           r"demandait|r[ée]pond|r[ée]pondait))(?![\w-])")
# A relative clause after a role and a name ("mon gars mathis qui a le même âge").
_WHO_AFTER = re.compile(r"[ \t]+(?i:qui)(?![\w'’-])")


# A first name the session named in full, said again in lower case as the subject of a verb ("pourquoi tommy se
# présentait jamais", after "Tommy Boivin-Ottawa"), even where it is also in the word list: after a word that opens a
# clause and before a verb or a reflexive pronoun.
_CLAUSE_BEFORE = re.compile(r"(?<![\w'’-])(?i:que|pis|puis|mais|quand|comme|si|parce[ \t]+que|pourquoi|comment|o[ùu])"
                            r"[ \t]+$")
_REFLEXIVE_AFTER = re.compile(r"[ \t]+(?i:se|s['’])")


# "c'est" or "c'était", as ASR writes them (an apostrophe, a space or none before "est").
_C_EST = r"(?i:c['’][ \t]*est|c['’][ \t]*[ée]tait)"


# First names that are adjectives said of a person only, never a noun (unlike "rose", "olive", "juste", "parfait"): one
# that opens a sentence in lower case before a verb or "c'est" is no adjective there ("clément c'est une perle").
_PERSON_ADJECTIVE_NAMES = {"clement", "clemente", "constant", "innocent", "innocente", "modeste", "celeste", "fidele",
                           "desire", "desiree", "aime", "aimee", "prudent", "sincere"}
_CEST_AFTER = re.compile(r"[ \t]+" + _C_EST + r"(?![\w'’-])")


def lower_first_name_as_subject(text: str, token: Token) -> bool:
    """Whether a lower-case first name (a listed first name, no adjective or holiday) is the subject of a verb; or a
    first name that is an adjective said of a person only, opening a sentence before a verb or "c'est"."""
    folded = fold(token.word)
    if not token.word.islower() or len(folded) < 4 or folded not in first_names():
        return False
    if folded in _PERSON_ADJECTIVE_NAMES and at_sentence_start(text, token.start):
        return bool(VERB_AFTER.match(text, token.end) or _CEST_AFTER.match(text, token.end))
    return (folded not in _ADJECTIVE_NAMES | _HOLIDAYS | NER_STOP
            and _CLAUSE_BEFORE.search(text, max(0, token.start - 20), token.start) is not None
            and bool(VERB_AFTER.match(text, token.end) or _REFLEXIVE_AFTER.match(text, token.end)))


# Two capitals in a row: an acronym or a product's name ("SQLite", "XLSForm", "les CLSC"), no person's or family's.
_TWO_CAPITALS = re.compile(r"[A-ZÀ-Ý]{2}")
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w'’-])[a-zà-ÿ]+[ \t]+$")
_PLACE_WORD_BEFORE = re.compile(r"(?<![\w'’-])(?i:à|au|aux|de|du|des|d['’]|en|vers|depuis|dans|sur|par|pour|via|près|"
                                r"le|la|les|l['’]|un|une|ville|village|région|rue|boulevard|chemin|avenue)[ \t'’]*$")


def _unlisted_first_name(token: Token, following: Token | None, text: str, index: NameIndex) -> bool:
    """A capitalised word no list knows (no common word, first name, place or known name) before a listed surname of
    another origin: a first name ("Nusrat Chowdhury", "Tharshan Haddad")."""
    word, folded = token.word, fold(token.word)
    if following is None or text[token.end:following.start] != " " or not word[:1].isupper() or \
            _TWO_CAPITALS.search(word) or \
            len(folded) < 3 or folded in common_words() or folded in first_names() or token.key in index.by_key or \
            folded in NER_STOP | NOT_SURNAMES | CONNECTORS | PARTICLES or TITLE.fullmatch(word):
        return False
    if known_places().get(place_key(word)) and (not _LOWER_WORD_BEFORE.search(text, max(0, token.start - 30), token.start)
                                                or _PLACE_WORD_BEFORE.search(text, max(0, token.start - 30), token.start)):
        # A listed place is a first name before a surname of another origin only right after a lower-case word that
        # leads to no place ("Il y a Sunny Tran qui anime"; "à Sunny Tran a ouvert", "Code, Montréal Chen" stay).
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
    tokens = word_tokens(text)
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
        common_surnames = len(first_words) > 1 or not all(fold(t.word) in common for t in first_words) or mid_sentence(
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
                        place_key(t.word)):
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
        if " " in match.group("initials") and "".join(WORD.findall(match.group("initials"))) in NOT_INITIALS:
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
    # Two initials written together ("On l'appelle R.L. dans nos notes"): only right after a verb of naming ("appelle",
    # "appelé", "surnommé"), not two letters that say something else ("P.S.", "O.K.", "É.-U."), not three ("T.V.A.").
    # "je les appelle juste F.G. pis L.G.": an adverb before, and a second pair coordinated after, go with it.
    for match in _JOINED_INITIALS.finditer(text):
        for group in ("initials", "more"):
            if not match.group(group):
                continue
            letters = "".join(WORD.findall(match.group(group)))
            if letters.upper() in NOT_INITIALS or fold(letters) in _PLACE_INITIALS or any(
                    d.start < match.end(group) and match.start(group) < d.end for d in found):
                break
            found.append(Detection(match.start(group), match.end(group), match.group(group), "person", "first_name"))
    # Round 22: two initials after "le"/"la" that the sentence then says who they are ("Pis le T.L. dans les notes du
    # CLSC, c'était Thomas Beaulieu"); "le P.Q., c'était Lévesque" and the other letters that say something stay.
    for match in _INITIALS_SAID_WHO.finditer(text):
        letters = "".join(WORD.findall(match.group("initials")))
        if letters.upper() in NOT_INITIALS or fold(letters) in _PLACE_INITIALS or any(
                d.start < match.end("initials") and match.start("initials") < d.end for d in found):
            continue
        found.append(Detection(match.start("initials"), match.end("initials"), match.group("initials"), "person",
                               "first_name"))
    found += _bare_initials(text, found)
    # A Vietnamese name holds the shorter first-name match inside it ("Thi Hoa" of "Thi Hoa Nguyen").
    vietnamese = [d for d in _vietnamese_names(text, tokens, index) if not any(
        f.start < d.end and d.start < f.end and not (d.start <= f.start and f.end <= d.end) for f in found)]
    return sorted([f for f in found if not any(v.start <= f.start and f.end <= v.end for v in vietnamese)] + vietnamese,
                  key=lambda d: d.start)


def _listed_place_after(particle: Token, following: Token) -> bool:
    """Whether the word after "de"/"la" is a listed place ("Marie de Laval", "Luc de la Tuque" for La Tuque)."""
    if following.word in ("la", "le"):
        return False
    key = place_key(following.word)
    return bool(known_places().get(key)) or (particle.word in ("la", "le") and any(
        e.keys == (particle.word, key) for e in known_places().get(particle.word, ())))


_LOWER_PARTICLES = {"van", "von", "der", "den", "de", "du", "da", "dos", "das", "del", "della", "di", "ten", "ter"}

_VIETNAMESE_LOWER_SURNAMES = {"nguyen", "pham", "hoang", "huynh", "truong", "trinh", "luong", "quach", "trieu", "duong"}


def _vietnamese_names(text: str, tokens: list[Token], index: NameIndex) -> list[Detection]:
    """Vietnamese names of three words, in either order ("Thi Hoa Nguyen", "Nguyen Thi Hoa"): a frequent family name
    and two capitalised given names that are no common words, no listed places and no known names."""
    common = common_words()

    def given(t: Token, lower: bool = False) -> bool:
        if lower:
            shape = t.word.islower() and len(t.word) >= 2 and fold(t.word) not in NER_STOP | DETERMINERS | CONNECTORS
        else:
            shape = t.word[:1].isupper() and not t.word.isupper()
        return (shape and fold(t.word) not in common | VIETNAMESE_SURNAMES
                and t.key not in index.by_key and not known_places().get(place_key(t.word)))

    found = []
    for k, t in enumerate(tokens):
        # In lower case, as ASR writes it ("thu trang nguyen"): only a family name no French word is, and given names
        # no common word is.
        lower = t.word.islower() and fold(t.word) in _VIETNAMESE_LOWER_SURNAMES
        if fold(t.word) not in VIETNAMESE_SURNAMES or not (t.word[:1].isupper() or lower):
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

# A Dutch or German particle in lower case, as written mid-name ("les van den Berg", "Aaltje van den Berg", "von der
# Heyde"): "van"/"von" then "den"/"der" (no French words: "un van de livraison" stays) then a capitalised name, with
# the capitalised first name right before it.
_LOWER_PARTICLE_NAME = re.compile(r"(?<![\w'’-])(?:(?P<first>[A-ZÀ-Ý][^\W\d_]+)[ \t]+)?(?P<particle>van|von)[ \t]+"
                                  r"(?:den|der)[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]{2,})(?![\w'’-])")


def find_particle_names(text: str, index: NameIndex) -> list[Detection]:
    """Surnames written with an apostrophe or a capitalised particle, a third party's even alone: "Kevin O'Brien",
    "O'Brien", "N'Diaye", "D'Amours" (mid-sentence: "D'Accord" at a sentence start is no name), "Dos Santos",
    "Da Silva", "Van der Berg", "De Grandpré" ("De" and "Du" mid-sentence only). The name after the particle is no
    common word ("Du Pain"), listed place ("De Laval") or known name; "O'" needs no such guard."""
    common = common_words()
    found = []
    for match in _APOSTROPHE_NAME.finditer(text):
        prefix, name = match.group("prefix"), match.group("name")
        if name.isupper() or fold(name) in NER_STOP | NOT_SURNAMES:
            continue
        start = match.start("prefix")
        if prefix != "O" and (fold(name) in common and prefix == "N" or at_sentence_start(text, start)):
            continue
        first = match.group("first")
        if first and fold(first.split("-")[0]) in first_names() and name_key(first) not in index.by_key:
            start = match.start("first")
        found.append(Detection(start, match.end(), text[start:match.end()], "person", "first_name"))
    for match in _PARTICLE_NAME.finditer(text):
        name = match.group("name")
        folded = fold(name)
        if folded in common or folded in NER_STOP | NOT_SURNAMES | CONNECTORS or name.isupper() or \
                name_key(name) in index.by_key:
            continue
        if match.group("particle") in ("De", "Du", "Di", "Da") and at_sentence_start(text, match.start()):
            continue
        found.append(Detection(match.start(), match.end(), match.group(), "person", "first_name"))
    for match in _LOWER_PARTICLE_NAME.finditer(text):
        first, start = match.group("first"), match.start("particle")
        if fold(match.group("name")) in NER_STOP | NOT_SURNAMES or name_key(match.group("name")) in index.by_key:
            continue
        if first and fold(first) not in common | NER_STOP | NOT_SURNAMES | CONNECTORS | DETERMINERS and not TITLE.fullmatch(
                first) and name_key(first) not in index.by_key and (mid_sentence(text, match.start("first"))
                                                                      or fold(first) in first_names()):
            start = match.start("first")
        found.append(Detection(start, match.end(), text[start:match.end()], "person", "first_name"))
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
        if any(name_key(p) in index.by_key for p in parts) or fold(a) in NER_STOP | NOT_SURNAMES:
            continue
        # After a particle a surname may also be a first name ("dos santos", "de la cruz"); after one that is no French
        # preposition, a listed place too ("del rio"; "julien de montréal" stays a place).
        particles = {t.group() for t in tokens[i + 1:j]}
        if particles - {"de", "du", "la"}:
            surname = len(b) >= 3 and fold(b) not in common | NER_STOP and name_key(b) not in index.by_key
        elif particles:
            surname = len(b) >= 3 and fold(b) not in common | NER_STOP and name_key(b) not in index.by_key and \
                not known_places().get(place_key(b))
        else:
            surname = lower_case_surname(b, index) or bool(_SAINT_SURNAME.fullmatch(b))
        # A Scottish or Irish surname ("tyler mckenzie", "ryan macdonald"), even one the lists have as a first name: a
        # name in any language, so no French word is needed around it.
        if not particles and _gaelic_surname(b, index) and not word:
            found.append(Detection(first.start(), last.end(), text[first.start():last.end()], "person", "first_name"))
            continue
        if not surname:
            continue
        # A second surname after a Spanish one ("yuridia hernández lópez", "carlos ruiz moreno"): both listed, or the
        # first in -ez; the sentence's French word may come after it.
        if not particles and j + 1 < len(tokens) and text[last.end():tokens[j + 1].start()] == " " and \
                tokens[j + 1].group().islower() and fold(tokens[j + 1].group()) in surnames() and \
                (fold(b) in surnames() or fold(b).endswith("ez")) and fold(tokens[j + 1].group()) not in common:
            last = tokens[j + 1]
        # In a French sentence: a French word before or after it ("mon collègue steeve bélanger a manqué"; English
        # prose has words the French list lacks: "any callable", "time span").
        before = word_before(text, first.start(), past_comma=True)
        after = _WORD_AFTER.match(text, last.end())
        if not ((before and fold(before.group(1)) in _FRENCH_BEFORE_NAME | _ROLE_BEFORE_NAME) or (
                after and fold(after.group(1)) in _FRENCH_AFTER_NAME)):
            continue
        # Or after a possessive and a word of kin ("mon beau-frère normand larocque"; "la fille rose tremblait" and
        # "ma fille rose tremblait" stay: no possessive, a verb's ending).
        if word and not (before and fold(before.group(1)) in _ROLE_BEFORE_NAME) and not (
                _KIN_BEFORE.search(text, max(0, first.start() - 60), first.start()) and not re.search(r"(?:ait|aient|ais|ant|er|ez)$", b)):
            continue
        found.append(Detection(first.start(), last.end(), text[first.start():last.end()], "person", "first_name"))
    found += [d for d in _lower_case_kin_first_names(text, index) if not any(f.start < d.end and d.start < f.end for f in found)]
    return found + [d for d in _lower_case_child_names(text, index) if not any(
        f.start < d.end and d.start < f.end for f in found)]


# A relative's first name alone in lower case as ASR writes it, right after a possessive and a word of kin, then a
# list's "pis"/"et", "qui", a comma or a verb ("ma femme lise pis mon beau-frère…"; "ma femme aime pas ça" and an
# adjective, "ma fille rose pis…", stay).
_LOWER_KIN_NAME_AFTER = re.compile(r"[ \t]*(?:[,.;:!?…]|$)|[ \t]+(?:(?i:pis|et|qui|est|[ée]tait|a|avait|va|allait|vient|"
                                   r"venait|dit|disait|vit|vivait|reste|restait|habite|habitait|travaille|travaillait)"
                                   r"(?![\w'’-])|[a-zà-ÿ]+['’])")


def _lower_case_kin_first_names(text: str, index: NameIndex) -> list[Detection]:
    found = []
    for m in re.finditer(r"(?<![\w'’-])[a-zà-ÿ]{3,}(?:[-\u2010\u2011][a-zà-ÿ]{3,})?(?![\w'’-])", text):
        parts = [fold(p) for p in re.split(r"[-\u2010\u2011]", m.group())]
        if not _KIN_OR_KIN_IS_BEFORE.search(text, max(0, m.start() - 60), m.start()) or not all(p in first_names() for p in parts) or any(
                p in NER_STOP | NOT_SURNAMES | TIME_NOUNS | CONNECTORS | DETERMINERS | _ADJECTIVE_NAMES or name_key(p) in index.by_key
                for p in parts) or not _LOWER_KIN_NAME_AFTER.match(text, m.end()):
            continue
        found.append(Detection(m.start(), m.end(), m.group(), "person", "first_name"))
    # A relative's full name in lower case ("ma sœur sage jacobs voulait donner"): a listed first name, even one that
    # is a word, then a word that may be a surname (no common word, first name or listed place), of no adjective's
    # or a verb's shape, then a verb, "qui" or a pause ("ma sœur aussi", "ma fille rose tremblait" stay).
    for m in _LOWER_KIN_FULL_NAME.finditer(text):
        first, last = fold(m.group("first")), m.group("last")
        if first not in first_names() | _ADJECTIVE_NAMES or first in NER_STOP | NOT_SURNAMES | TIME_NOUNS or \
                not lower_case_surname(last, index) or ADJECTIVE_ENDING.search(fold(last)) or \
                re.search(r"(?:ait|aient)$", fold(last)) or \
                name_key(m.group("first")) in index.by_key or not (
                    _LOWER_KIN_NAME_AFTER.match(text, m.end()) or _IMPERFECT_AFTER.match(text, m.end())):
            continue
        found.append(Detection(m.start("first"), m.end(), text[m.start("first"):m.end()], "person", "first_name"))
    # Round 22: a name no list knows in lower case after "la mère", "le fils" or a possessive and a word of kin, then a
    # verb, "qui", "pis" or a pause ("pis la mère kateryna a peur"): no common word, first name or place, 5 letters or
    # more, of no adjective's, verb's or participle's shape ("la mère supérieure a dit", "le père inquiet a" stay).
    for m in _THE_KIN_LOWER_NAME.finditer(text):
        word = m.group("name")
        folded = fold(word)
        if len(folded) < 5 or not lower_case_surname(word, index) or ADJECTIVE_ENDING.search(folded) or re.search(
                r"(?:er|ir|ait|aient|ant|ez|ais|ee|es|if|ive|eux|ent|ment|e)$", folded) or folded in _HOLIDAYS or \
                not _LOWER_KIN_NAME_AFTER.match(text, m.end()):
            continue
        found.append(Detection(m.start("name"), m.end(), word, "person", "first_name"))
    return found


_THE_KIN_LOWER_NAME = re.compile(r"(?<![\w'’-])(?i:la|le|ma|mon|ta|ton|sa|son|notre|votre|leur)[ \t]+"
                                 r"(?:m[èe]re|p[èe]re|fils|fille|femme|mari|s[œo]e?ur|fr[èe]re|blonde|chum|"
                                 r"grand[-\u2010\u2011](?:m[èe]re|p[èe]re)|tante|oncle|cousine?)[ \t]+"
                                 r"(?P<name>[a-zà-ÿ]+)(?![\w'’-])")
_IMPERFECT_AFTER = re.compile(r"[ \t]+[a-zà-ÿ]{2,}(?:ait|aient)(?![\w'’-])")


# A child called by the family name in lower case as ASR writes it ("la petite petiquay de wemotaci qui dort…"): after
# "la petite", "le petit", "le bébé" (with a determiner), a word that may be a surname (no common word, first name,
# listed place or known name), of no adjective's or verb's shape, before "de", "qui", a comma or a verb.
_LOWER_CHILD = re.compile(r"(?<![\w'’-])(?i:la|le|ma|mon|sa|son|notre|leur)[ \t]+(?:petite?|b[ée]b[ée])[ \t]+"
                          r"(?P<name>[a-zà-ÿ]{4,})(?=[ \t]*,|[ \t]+(?:de|du|d['’]|qui)(?![\w'’-]))")


def _lower_case_child_names(text: str, index: NameIndex) -> list[Detection]:
    found = []
    for m in _LOWER_CHILD.finditer(text):
        word = m.group("name")
        folded = fold(word)
        if not lower_case_surname(word, index) or ADJECTIVE_ENDING.search(folded) or \
                re.search(r"(?:er|ir|ant|ez|ais|ait|ment|ette|ou|ounne|oune)$", folded):
            continue
        found.append(Detection(m.start("name"), m.end("name"), word, "person", "first_name"))
    return found


_GAELIC_SURNAME = re.compile(r"ma?c(?!h)[^\W\d_aeiouy][^\W\d_]{2,}")


def _gaelic_surname(word: str, index: NameIndex) -> bool:
    """A Scottish or Irish surname in lower case ("mckenzie", "macdonald"), even one the lists have as a first name:
    "mc"/"mac" then a consonant (not "mach-": "machin"), no common word or known name."""
    return bool(_GAELIC_SURNAME.fullmatch(word)) and fold(word) not in common_words() and name_key(word) not in index.by_key


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


_TI_THINGS = {"punch", "pain", "pains", "lait", "gateau", "gateaux", "biscuit", "biscuits", "bec", "becs"}


_INITIALS = re.compile(r"(?<![\w.'’-])(?P<initials>[A-ZÀ-Ý]\.(?:(?:[-\u2010\u2011]|[ \t](?=[A-ZÀ-Ý]\.(?![\w'’-])))"
                       r"[A-ZÀ-Ý]\.)+)(?:[ \t]+(?P<surname>"
                       r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)?))?")
_JOINED_INITIALS = re.compile(r"(?<![\w-])(?i:appel(?:le|lent|ait|aient|lera|lerai|ons|ez)|appeler|appel[ée]e?s?|surnomm[ée]e?s?|"
                              r"nomm[ée]e?s?)[ \t]+(?:(?i:juste|seulement|simplement)[ \t]+)?"
                              r"(?P<initials>[A-ZÀ-Ý]\.[A-ZÀ-Ý]\.)(?![\w'’.-])"
                              r"(?:[ \t]*(?:,[ \t]*)?(?i:et|pis|puis|ou)[ \t]+(?P<more>[A-ZÀ-Ý]\.[A-ZÀ-Ý]\.)(?![\w'’.-]))?")
_INITIALS_SAID_WHO = re.compile(r"(?<![\w'’-])(?i:le|la)[ \t]+(?P<initials>[A-ZÀ-Ý]\.[A-ZÀ-Ý]\.)(?![\w'’.-])"
                                r"(?=[^.!?]{0,80}?(?<![\w'’-])" + _C_EST + r"[ \t]+[A-ZÀ-Ý][a-zà-ÿ])")
_PLACE_INITIALS = {"eu", "cb", "nb", "ne", "ipe", "tn", "tnl", "tno", "no", "qc", "on", "ue"}


_BARE_INITIALS = re.compile(r"(?<![\w.'’&/-])(?P<initials>[A-Z]{2})(?![\w.'’&/-])")
_WITH_BEFORE = re.compile(r"(?<![\w'’-])(?i:avec|chez)[ \t]+$")
_SUBJECT_START = re.compile(r"(?:^|[.!?:;,«—–]|(?<![\w'’-])(?i:que|pis|puis|mais|quand|comme|si|parce[ \t]+que))[ \t]*$")
_SUBJECT_VERB_AFTER = re.compile(r"[ \t]+(?:(?i:m['’]|me[ \t]+|nous[ \t]+|lui[ \t]+)?(?i:a|avait|est|[ée]tait|dit|disait|"
                                 r"envoie|envoyait|appelle|appelait|texte|textait|travaille|travaillait|pense|pensait|"
                                 r"conna[îi]t|connaissait|s['’]occupe|s['’]occupait))(?![\w-])")
_PRONOUN_AFTER = re.compile(r"[ \t]*,[ \t]*(?i:il|elle)[ \t]+")


@lru_cache(maxsize=1)
def _compound_initials() -> frozenset[str]:
    """The initials of the listed French compound first names ("JF" for Jean-François, "MC" for Marie-Claude, "PY"
    for Pierre-Yves), less the two capitals that say something else (`NOT_INITIALS`)."""
    heads = {"jean", "marie", "pierre", "paul", "louis", "anne", "marc", "luc"}
    return frozenset((parts[0][0] + parts[1][0]).upper() for parts in (n.split("-") for n in first_names())
                     if len(parts) == 2 and parts[0] in heads and len(parts[1]) >= 2) - NOT_INITIALS


def _bare_initials(text: str, found: list[Detection]) -> list[Detection]:
    """Two capitals without dots said for a compound first name ("JF m'a dit", "avec JF", "le gars à Ginette, JF, il
    travaille là"): only the initials of a listed French compound first name, only where a person fits — after "avec" or
    "chez", before a verb of speech, as a subject before a verb, or set apart before "il"/"elle"; never after a
    determiner ("le MC"), and acronyms of three letters or more (CLSC, GMF, VIH) are none."""
    initials = _compound_initials()
    persons = []
    for match in _BARE_INITIALS.finditer(text):
        start, end = match.span("initials")
        if match.group("initials") not in initials or any(d.start < end and start < d.end for d in found):
            continue
        before = text[max(0, start - 30):start]
        if re.search(r"(?<![\w-])(?i:un|une|le|la|les|l|des|du|au|aux|ce|cet|cette|ces|mon|ma|son|sa|ton|ta|leur|notre|"
                     r"votre|d)['’ \t]*$", before):
            continue
        if _WITH_BEFORE.search(before) or _SPEECH_AFTER.match(text, end) or (
                _SUBJECT_START.search(before) and (_SUBJECT_VERB_AFTER.match(text, end) or _PRONOUN_AFTER.match(text, end))):
            persons.append(Detection(start, end, match.group("initials"), "person", "first_name"))
    return persons


# The words a first name that is also a word follows where only a name fits ("pour Olive,", "c'est Rose,").
_NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[^\w'’-]))(?i:pour|avec|chez|c['’]est|c['’]était|que|pis|puis|"
                               r"mais|quand|comme|voir|appeler|appelé|appelée|appelez|demandez|demander|demandé)[ \t]+$")
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


# Punjabi (Sikh) given names are compounds of a few elements ("Jas" + "preet", "Har" + "jit", "Man" + "deep", "Sukh" +
# "winder"): a capitalised word of two to five letters and one of these endings is a first name, as no French word ends
# so ("prit" left out: "Comprit", "Esprit"; "inder" only after w, v, j, n, r: "Reminder", "Cylinder" stay). Only the
# endings, not the heads, which are words ("Man", "Jas").
_PUNJABI_GIVEN = re.compile(r"[a-z]{2,5}(?:preet|jit|jeet|deep|[wvjnr]inder)")


def _punjabi_given_name(word: str) -> bool:
    folded = fold(word)
    return (word[:1].isupper() and not word.isupper() and _PUNJABI_GIVEN.fullmatch(folded) is not None
            and folded not in common_words())


_SAINT_SURNAME_AFTER = re.compile(r"[ \t](?:saint|sainte|st|ste)[-\u2010\u2011](?!(?:la|le|les|de|du|des)(?![a-zà-ÿ]))"
                                  r"[a-zà-ÿ]{2,}(?:[-\u2010\u2011][a-zà-ÿ]{2,})?(?![\w-])")


# Greek surnames by their endings ("Papadopoulos", "Kyriakopoulou", "Georgakis", "Charalambidis", "Karamanlidou") or
# the priest's "Papa-" and a genitive in -ou ("Papanikolaou", "Papageorgiou"): a capitalised word of 8 letters or more
# that is no common word. No French word ends so ("Papauté", "Papayer" are no genitives).
_GREEK_SURNAME = re.compile(r"[a-z]{3,}(?:opoulos|opoulou|akis|idis|iadis|idou|iadou)|papa[a-z]{3,}ou")


def _greek_surname(word: str) -> bool:
    folded = fold(word)
    return (word[:1].isupper() and not word.isupper() and len(folded) >= 8 and _GREEK_SURNAME.fullmatch(folded) is not None
            and folded not in common_words())


def find_first_names_alone(text: str, index: NameIndex) -> list[Detection]:
    """A first name from the list standing alone that is no common word ("Jocelyne, l'autre paire-aidante"), capitalised,
    or a compound one in lower case as ASR writes it ("pierre-luc il nous envoie"); a first name after "Ti-" ("on
    l'appelait Ti-Steve"). A word ("Pierre", "Rose"), a known name, a listed place, or a compound with a part that is no
    first name ("Jean-Talon") is left to the other rules."""
    names, common = first_names(), common_words()
    tokens = [Token(m.start(), m.end(), "", m.group()) for m in WORD.finditer(text)]   # keys only where needed
    found: list[Detection] = []
    for match in DIMINUTIVE.finditer(text):
        name = match.group("name")
        folded = fold(name)
        # "Ti-" and a capitalised word, both capitalised, is a nickname even where the word is a word ("Comme Ti-Loup.",
        # "Ti-Coq"); not a drink or a bread ("Ti-Punch", "des ti-pains").
        # Not after a determiner, where it is a little thing ("un Ti-Bonhomme").
        nickname = match.group()[:1] == "T" and name[:1].isupper() and not name.isupper() and len(folded) >= 3 and \
            folded not in _TI_THINGS and not re.search(rf"(?<![\w'’-])(?i:{'|'.join(DETERMINERS)})[ \t'’]*$",
                                                       text[max(0, match.start() - 8):match.start()])
        if folded in NER_STOP | NOT_SURNAMES | CONNECTORS or not (
                (name[:1].isupper() and folded not in common) or (folded in names and folded not in common) or nickname):
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
                _CHILD_BEFORE.search(text, max(0, start - 20), start) or PERSON_BEFORE.search(text, max(0, start - 40), start)):
            # A person by an initial, after a child's word, a title or a role ("la petite L.", "le patient B.", "madame
            # B."); "la lettre B.", "un plan B.", "de la vitamine D." stay.
            found.append(Detection(start, end, text[start:end], "person", "first_name_alone"))
            continue
        folded = [fold(w) for w in words]
        if not all(f in names for f in folded) and not (len(run) == 1 and (_punjabi_given_name(words[0])
                                                                           or _greek_surname(words[0]))):
            continue
        keys = [name_key(w) for w in words]
        if NAMED_AFTER.search(text[max(0, start - 30):start]):
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
            saint = _SAINT_SURNAME_AFTER.match(text, end) if lower else None
            if saint:
                # A saint's surname in lower case right after it ("ma cheffe marie-claude saint-onge qui"): the surname
                # (a town would come after "de": "marie-claude de saint-jérôme").
                end = saint.end()
        elif words[0].islower() and len(folded[0]) >= 4 and _SPEECH_AFTER.match(text, end) and not (
                folded[0] in common and not SUBJECT_BEFORE.search(text, max(0, start - 20), start)) and not re.search(
                rf"(?<![\w-])(?i:{'|'.join(DETERMINERS)})[ \t'’]*$", text[max(0, start - 8):start]) and \
                folded[0] not in NER_STOP | _ADJECTIVE_NAMES | _HOLIDAYS:
            # In lower case as ASR writes it, the subject of a verb of speech ("pis nathalie m'a dit"; a first name that
            # is a word after "que", "pis", "mais": "pis gilles m'a raconté"); "la rose m'a dit" is no name.
            pass
        else:
            word = words[0]
            # A child named after "la petite", "le bébé" ("le cas de la petite Lys"): a name, even a word or a town.
            child = _CHILD_BEFORE.search(text, max(0, start - 20), start) is not None and mid_sentence(text, start)
            if not word[:1].isupper() or word.isupper() or len(folded[0]) < (3 if child else 4):
                continue
            # A first name that is a word ("Olive", "Rose"), capitalised mid-sentence after a word that comes before a
            # name and before a comma or a verb: "pour Olive, on avait", "c'est Olive, oups", "pis Rose a dit".
            if folded[0] in common and not child and not (_NAME_WORD_BEFORE.search(text, max(0, start - 20), start) and (
                    _VOCATIVE_AFTER.match(text, end) or VERB_AFTER.match(text, end)) and folded[0] not in _HOLIDAYS):
                continue
            if folded[0] in NER_STOP | NOT_SURNAMES | NER_NO_IDENTIFIER or TITLE.fullmatch(word) or \
                    _adjective_said_of(text, start, end):
                continue
            if not child and any(len(e.keys) == 1 for e in known_places().get(place_key(word), ())):
                continue
        found.append(Detection(start, end, text[start:end], "person", "first_name_alone"))
    return sorted(found, key=lambda d: d.start)


def _may_be_surname(token: Token, index: NameIndex, common_allowed: bool) -> bool:
    word = token.word
    if not word[:1].isupper() or word.isupper() or len(word) < 2 or token.key in index.by_key:
        return False
    folded = fold(word)
    if folded in PARTICLES or folded in NOT_SURNAMES or folded in CONNECTORS:
        return False
    return common_allowed or folded not in common_words()
_ROLE_AFTER = (r"(?:[ \t]+(?:a[îi]n[ée]e?|cadette?|(?:de|du|des|d['’])[ \t]*(?:la[ \t]+|l['’][ \t]*)?[^\W\d_]+"
               r"|[a-zà-ÿ]{4,}(?=[ \t]*,)))?")   # "une patiente philippine, Maricel", "mon collègue préféré, Luc"
_ROLE_NAME_BEFORE = re.compile(
    rf"(?<![\w-])(?i:{ROLE_DETERMINER}{ROLE_ADJECTIVE}?(?:{ROLES}){_ROLE_AFTER})"
    r"(?:[-\u2010\u2011](?i:l[àa])(?=[ \t]*,))?"     # "Ce garçon-là, Tanvir,"
    r"(?:[ \t]*[,:][ \t]*|[ \t]+(?i:qui[ \t]+s['’]appel(?:le|ait)|nomm[ée]e?|pr[ée]nomm[ée]e?)?[ \t]*)$")


# The same after the name, in apposition: "Lucie, la secrétaire du GMF", "Denis, son fils".
_ROLE_NAME_AFTER = re.compile(rf"(?:[ \t]*,[ \t]*(?i:{ROLE_DETERMINER})|[ \t]+(?i:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|"
                              rf"votre|vos|leur|leurs|un|une)[ \t]+)(?i:{ROLE_ADJECTIVE}?(?:{ROLES}|monsieur|homme))(?![\w-])")
_ROLE_NAME_AFTER_CEST = re.compile(r"[ \t]*,[ \t]*(?:" + _C_EST + r"[ \t]+)?"
                                   rf"(?i:mon|ma|mes|notre|nos|leur|leurs|son|sa|ses|votre|vos)[ \t]+"
                                   rf"(?i:{ROLE_ADJECTIVE}?(?:{ROLES}))(?![\w-])")
# A name no list knows between a comma and its role, or "one of my" and a role ("Pis Decontie, le chauffeur du transport
# adapté", "Fortunat, un de mes patients,"), or said to be a name ("Ricci, c'est son nom de femme mariée").
_ROLE_NAME_AFTER_COMMA = re.compile(rf"[ \t]*,[ \t]*(?:(?i:{ROLE_DETERMINER})|(?i:une?)[ \t]+(?i:de|d['’])[ \t]*"
                                    rf"(?i:mes|nos|ses|leurs|tes|vos)[ \t]+)(?i:{ROLE_ADJECTIVE}?(?:{ROLES})s?)(?![\w-])")
_NAME_SAID_AFTER = re.compile(r"[ \t]*,[ \t]*" + _C_EST + r"[ \t]+(?i:son|mon|ton|leur|notre|votre)"
                              r"[ \t]+(?i:nom|pr[ée]nom|surnom)(?![\w'’-])")
# ("la petite Olive leur petite-fille": without a comma, a possessive and a relation.)
# Without a comma, a name that is no word and "le"/"la" and a role: "pis Dumont le résident était d'accord".
_ROLE_NAME_AFTER_BARE = re.compile(rf"[ \t]+(?i:le|la|l['’])[ \t]*(?i:{ROLE_ADJECTIVE}?(?:{ROLES}))(?![\w-])")
# Named aloud: "Merci, Julie.", "Bonjour Marc!", "Oui, Rose, c'est ça"; thanks: "merci à Denis", "remercier Lucie".
_VOCATIVE_BEFORE = re.compile(r"(?:^|(?<=[\s.,;:!?«—–-]))(?i:merci|bonjour|bonsoir|salut|all[ôo]|bienvenue|bravo|pardon|"
                              r"d[ée]sol[ée]e?|oui|non|ok|okay|d['’]accord|[ée]coute|[ée]coutez|voyons|coucou|bye)"
                              r"[ \t]*,?[ \t]*$")
_VOCATIVE_AFTER = re.compile(r"[ \t]*(?:[,.!?;:…]|$)")
# Named by a verb of naming: "une dame qui s'appelle Rose", "un certain Marcel", "prénommée Julie".
_NAMED_BEFORE = re.compile(r"(?<![\w-])(?i:s['’]appel(?:le|lent|ait|aient|lera)|se[ \t]+nomm(?:e|ait)|nomm[ée]e?|"
                           r"pr[ée]nomm[ée]e?|surnomm[ée]e?|un[ \t]+certain|une[ \t]+certaine|"
                           # the name a relative clause gives ("l'aînée que tout le monde appelle Anaanatsiaq")
                           r"(?<!ce[ \t])(?<!Ce[ \t])que[ \t]+(?:tout[ \t]+le[ \t]+monde|on|je|j['’]|les[ \t]+gens|ils|elles?)[ \t]*"
                           r"appel(?:le|lent|ait|aient)|"
                           r"(?:son|sa|mon|ma|leur|ton|ta|votre|notre)[ \t]+(?:vrai[ \t]+)?(?:nom|pr[ée]nom|petit[ \t]+nom|"
                           r"surnom)[ \t]*,?[ \t]*"
                           r"(?:c['’][ \t]*est|c['’][ \t]*[ée]tait|est|[ée]tait))[ \t]+$")


def _surname_follows(text: str, tokens: list[Token], i: int) -> bool:
    """Whether a capitalised common word is a first name because a surname follows it ("la coordonnatrice, Lumière
    Ouedraogo"): a capitalised word that is no common word, first name or listed place, after one space."""
    if i + 1 >= len(tokens) or text[tokens[i].end:tokens[i + 1].start] != " " or not mid_sentence(text, tokens[i].start):
        return False
    word = tokens[i + 1].word
    folded = fold(word)
    return word[:1].isupper() and not _TWO_CAPITALS.search(word) and len(folded) >= 3 and \
        folded not in common_words() and folded not in first_names() and not known_places().get(place_key(word))


def _lower_compound_first_name(text: str, tokens: list[Token], i: int, index: NameIndex) -> int | None:
    """The last token of a compound first name in lower case right after a role, its first part a listed first name and
    its second a word ("ma collègue marie-soleil", "mon voisin jean-sébastien"), with the surname after it when a verb
    follows the surname ("marie-soleil bacon travaille": a word, even one that is a word, between the name and its
    verb). Not a verb taken for a surname ("marie-soleil veut lui parler"), nor a connector or a determiner."""
    if i + 1 >= len(tokens) or fold(tokens[i].word) not in first_names() or len(tokens[i].word) < 3:
        return None
    second = tokens[i + 1]
    if text[tokens[i].end:second.start] not in ("-", "\u2010", "\u2011") or not second.word.islower() or \
            len(second.word) < 3 or fold(tokens[i].word + "-" + second.word) in common_words() or \
            fold(second.word) in PARTICLES | CONNECTORS | DETERMINERS:
        return None
    following = tokens[i + 2] if i + 2 < len(tokens) else None
    if following is not None and i + 3 < len(tokens) and text[following.end:tokens[i + 3].start] in ("-", "\u2010", "\u2011"):
        return None     # a compound surname after it ("marie-claude saint-onge"): the other rules take the whole
    if following is not None and text[second.end:following.start] == " " and following.word.islower() and \
            len(following.word) >= 3 and fold(following.word) not in DETERMINERS | CONNECTORS | PARTICLES | NER_STOP and \
            following.key not in index.by_key and not VERB_AFTER.match(text, second.end) and (
                lower_case_surname(following.word, index) or VERB_AFTER.match(text, following.end)):
        return i + 2
    return i + 1


# Round 22: "Lucky, ta grand-mère, d'avoir eu autant de monde": an adjective put first, what it says of the person in
# apposition, and "de" with an infinitive; no name.
_INFINITIVE_AFTER = re.compile(r"[ \t]*,[ \t]*(?i:d['’][ \t]*|de[ \t]+)[a-zà-ÿ]+(?:er|ir|re|oir)(?![\w'’-])")


def _adjective_said_of(text: str, start: int, end: int) -> bool:
    """Whether the word at `start`, at a sentence's start, is said of the person in apposition after it, with "de" and an
    infinitive after them ("Chanceuse, ta mère, de les avoir" has a pronoun: only "de"/"d'" right before the verb)."""
    role = _ROLE_NAME_AFTER_COMMA.match(text, end)
    return bool(role) and not mid_sentence(text, start) and bool(_INFINITIVE_AFTER.match(text, role.end()))


def _introduced_name(text: str, tokens: list[Token], i: int, index: NameIndex) -> int | None:
    """The last token of a name starting at token i, introduced by its context: the first word a listed first
    name or a capitalised word that is no common word and no listed place; then surnames (words that are also
    words allowed: the context says "name"), particles, hyphenated parts. None when token i is no name."""
    word = tokens[i].word
    folded = fold(word)
    if word.islower() and folded in first_names() and folded not in common_words() | NER_STOP | _ADJECTIVE_NAMES \
            and len(folded) >= 4 and tokens[i].key not in index.by_key:
        # In lower case as ASR writes it ("sa femme eleni elle m'appelait"): a listed first name that is no word, with
        # a surname in lower case after it ("mon collègue steeve bélanger").
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following and text[tokens[i].end:following.start] == " " and following.word.islower() and (
                lower_case_surname(following.word, index) or _gaelic_surname(following.word, index)):
            return i + 1
        return i
    if word.islower() and len(folded) >= 4 and lower_case_surname(word, index) and not ADJECTIVE_ENDING.search(folded) \
            and not re.search(r"(?:er|ir|ant|ez|ais|ait)$", folded) and _ROLE_NAME_AFTER.match(text, tokens[i].end):
        # A name no list knows, in lower case, in apposition to a person ("penser à halyna une dame ukrainienne"); a
        # verb before its object is none ("chevaucher son voisin", "accompagnant un patient").
        return i
    if word.islower() and i + 1 < len(tokens) and text[tokens[i].end:tokens[i + 1].start] == " " and \
            tokens[i + 1].word.islower() and len(folded) >= 3 and tokens[i].key not in index.by_key and \
            folded not in NER_STOP | DETERMINERS | CONNECTORS | PARTICLES | _SUBJECT_PRONOUNS and \
            lower_case_surname(tokens[i + 1].word, index) and re.match(r"[ \t]*[,.;]", text[tokens[i + 1].end:]):
        # In lower case between commas after a role, a word then a surname that is no word ("à la secrétaire,
        # harmonie lesage, de booker"): the apposition says "name", even where the first name is a word.
        role = _ROLE_NAME_BEFORE.search(text[max(0, tokens[i].start - 80):tokens[i].start])
        if role and role.group().rstrip().endswith(","):
            return i + 1
    if word.islower() and tokens[i].key not in index.by_key and folded not in NER_STOP | _HOLIDAYS and \
            PERSON_BEFORE.search(text, max(0, tokens[i].start - 40), tokens[i].start):
        compound = _lower_compound_first_name(text, tokens, i, index)
        if compound is not None:
            return compound
        # Right after a role, in lower case: a frequent surname ("la psychiatre nguyen", "l'infirmière côté"; any other
        # word may be a verb or an adjective: "le patient prenait", "le bébé dort"), or a listed first name that is a noun,
        # before a verb or a pause ("sa mère aurore est venue"); an adjective may follow a noun ("ma fille rose est
        # venue" stays).
        if folded in SURNAME_WORDS | VIETNAMESE_SURNAMES or folded in first_names() and folded not in _ADJECTIVE_NAMES and len(
                folded) >= 4 and (VERB_AFTER.match(text, tokens[i].end) or _VOCATIVE_AFTER.match(text, tokens[i].end)
                                  or _WHO_AFTER.match(text, tokens[i].end)):
            return i
        return None
    if not word[:1].isupper() or (word.isupper() and len(word) > 1) or len(word) < 2:
        return None
    if folded in NER_STOP | NOT_SURNAMES | CONNECTORS | PARTICLES or TITLE.fullmatch(word):
        return None
    if folded not in first_names() and (folded in common_words() or any(
            len(e.keys) == 1 for e in known_places().get(place_key(word), ()))) and not _surname_follows(text, tokens, i):
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
        if not _may_be_surname(t, index, True) or fold(t.word) in NER_STOP:
            break
        last, k = k, k + 1
    return last


def _word_named(text: str, token: Token, before: str) -> bool:
    """A capitalised common word mid-sentence that the context names as a person: right after a verb of naming ("il
    s'appelle Espoir"), or between a role and a comma and a role in apposition ("un petit gars, Espoir, le fils
    d'une famille congolaise"). Not a title, a filler or a word of time. In lower case, a frequent surname as the
    subject of a verb of speech."""
    word = token.word
    if word.islower():
        # A frequent surname that is a word, in lower case as the subject of a verb of speech ("mais charpentier a
        # insisté"), as round 8 did for first names.
        return fold(word) in SURNAME_WORDS and bool(SUBJECT_BEFORE.search(before) and _SPEECH_AFTER.match(text, token.end))
    if not word[:1].isupper() or word.isupper() or len(word) < 3 or at_sentence_start(text, token.start) or \
            fold(word) in NER_STOP | NOT_SURNAMES | CONNECTORS | PARTICLES | TIME_NOUNS or TITLE.fullmatch(word):
        return False
    if _NAMED_BEFORE.search(before):
        return True
    role = _ROLE_NAME_BEFORE.search(before)
    return bool(role and role.group().rstrip()[-1:] == "," and _COMMA_AFTER.match(text, token.end)
                and _ROLE_NAME_AFTER.match(text, token.end))


_CHEZ_NAME = re.compile(r"(?<![\w'’-])(?i:chez)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]{2,})?)"
                        r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")


def find_surnames_after_chez(text: str, index: NameIndex) -> list[Detection]:
    """A surname that is also a town after "chez" ("on a soupé chez Tremblay", "acheté chez Gagnon"): "chez" takes a
    person, a home or a business, never a town ("à Tremblay"), so the name is a person's. Only a listed place that is
    no first name, common word, known name or saint's name, one word (or two joined by a hyphen) with no capitalised
    word after it."""
    found = []
    for match in _CHEZ_NAME.finditer(text):
        name = match.group("name")
        parts = [fold(p) for p in re.split(HYPHEN, name)]
        if not known_places().get(place_key(name)) or parts[0] in {"saint", "sainte", "st", "ste"} or any(
                p in first_names() or p in common_words() or p in NER_STOP for p in parts) or name_key(name) in index.by_key:
            continue
        found.append(Detection(match.start("name"), match.end("name"), name, "person", "introduced"))
    return found


_SAINT_BEFORE = re.compile(r"(?<![\w'’-])(?i:saint|sainte|st|ste)[-\u2010\u2011]$")


# A compound rank too ("du sergent-détective Lagrange", "la lieutenante-détective").
_RANK_BEFORE = re.compile(r"(?<![\w'’-])(?i:le|la|l['’]|du|au|un|une)[ \t]*"
                          r"(?:(?i:sergente?|lieutenante?|agente?|capitaine|inspect(?:eur|rice))[-\u2010\u2011])?(?i:juge|sergente?|lieutenante?|capitaine|caporale?|adjudante?|"
                          r"constable|enqu[êe]t(?:eur|rice)|d[ée]tective|inspect(?:eur|rice)|commandante?|colonel|"
                          r"ministre|maire|mairesse|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)|cur[ée]|abb[ée]|pasteure?|"
                          r"chanoine|rabbin|imam|notaire|coroner|protonotaire)[ \t]+$")

# A child by their rank among siblings, then a listed first name between commas ("La plus jeune, Rosalie, a…").
_FAMILY_RANK_BEFORE = re.compile(r"(?<![\w'’-])(?i:le|la|l['’])[ \t]*(?i:plus[ \t]+(?:jeune|vieille|vieux|grande?|petite?)|"
                                 r"a[îi]n[ée]e?|cadette?|benjamine?)[ \t]*,[ \t]*$")
_SUBJECT_PRONOUNS = {"lui", "elle", "eux", "elles", "moi", "toi", "nous", "vous", "ca", "cela", "celui", "celle"}


# Adverbs and discourse words a speaker sets between commas ("son garçon, Pourtant, il…").
_ADVERBS = {"pourtant", "sinon", "bref", "donc", "enfin", "ensuite", "alors", "aussi", "ainsi", "cependant", "toutefois",
            "surtout", "quand", "meme", "puis", "voila", "genre", "souvent", "toujours", "jamais", "parfois", "encore",
            "deja", "bien", "mieux", "pire", "peut-etre", "quoi", "bon", "ben", "oui", "non", "ouais", "certain",
            "apres", "avant", "depuis", "maintenant", "aujourd", "hier", "demain", "ici", "tantot", "pis", "mettons"}
# A relation by a possessive, in a role before a name ("son garçon,", "ma petite-fille,").
_CHILD_OR_KIN = re.compile(r"(?<![\w'’-])(?i:mon|ma|ton|ta|son|sa|notre|votre|leur)[ \t]+(?i:fils|fille|gar[çc]on|gars|"
                           r"b[ée]b[ée]|petite?|cadette?|femme|mari|conjointe?|chum|blonde|p[èe]re|m[èe]re|fr[èe]re|"
                           r"s(?:oe|œ)ur|neveu|ni[èe]ce|cousine?|oncle|tante|petite?-(?:fils|fille))(?![\w'’-])")


def _apposed_word_name(text: str, token: Token, before: str) -> bool:
    """A capitalised word that is also a word, between commas after a role and before "il"/"elle" taking it up ("Le
    père, Rami, il travaille de nuit"): the apposition and the pronoun say "name". Not a pronoun, a connector or an
    adverb ("Le père, Lui, il…", "La mère, Justement, elle…"), not a listed place."""
    word, folded = token.word, fold(token.word)
    role = _ROLE_NAME_BEFORE.search(before)
    # Or between two commas after a relation ("avec son garçon, Loulou, aux trois mois": a nickname that is a word).
    return (word[:1].isupper() and not word.isupper() and len(folded) >= 4 and mid_sentence(text, token.start)
            and role is not None and role.group().rstrip().endswith(",") and bool(
                _PRONOUN_AFTER.match(text, token.end) or (_CHILD_OR_KIN.search(role.group())
                                                          and _COMMA_AFTER.match(text, token.end))) and folded not in _ADVERBS
            and folded not in NER_STOP | CONNECTORS | DETERMINERS | NOT_SURNAMES | PARTICLES | TIME_NOUNS | _SUBJECT_PRONOUNS
            and not folded.endswith("ment") and not any(len(e.keys) == 1 for e in known_places().get(place_key(word), ())))


# A nickname given by a verb of calling ("On l'appelle Roro."): only a word that is no common word, first name or place
# (`_introduced_name` says so), not any word as after "s'appelle" ("on l'appelle Maman" stays).
_CALLED_BEFORE = re.compile(r"(?<![\w'’-])(?i:on|je|j['’]|tout[ \t]+le[ \t]+monde)[ \t]*(?i:l['’]|les[ \t]+)"
                            r"(?i:appel(?:le|lent|ait|aient))(?:[ \t]+(?i:juste|seulement|simplement))?[ \t]+$")

# The same verb, then a nickname of two capitalised words joined by a hyphen, even words ("tout le monde l'appelle
# Belle-Rive comme sa ferme", "on l'appelle Petit-Jean"): the compound is no word. Not a word of kin or endearment
# ("on l'appelle Grand-Maman", "Belle-Maman", "Mon-Chou") nor a listed place.
_CALLED_COMPOUND = re.compile(_CALLED_BEFORE.pattern.removesuffix("$") +
                              r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]{2,})(?![\w'’-])")
_ENDEARMENTS = {"maman", "papa", "mere", "pere", "frere", "soeur", "tante", "oncle", "mamie", "papi", "meme", "pepe",
                "bebe", "cheri", "cherie", "amour", "coeur", "ange", "chou", "boss", "chef", "docteur", "monsieur",
                "madame", "maitre", "patron", "patronne"}


def _called_compounds(text: str, found: list[Detection]) -> list[Detection]:
    extra = []
    for m in _CALLED_COMPOUND.finditer(text):
        name = m.group("name")
        keys = tuple(place_key(p) for p in re.split(HYPHEN, name))
        if any(k in _ENDEARMENTS for k in keys) or any(p.keys == keys for p in known_places().get(keys[0], ())) or any(
                f.start < m.end("name") and m.start("name") < f.end for f in found):
            continue
        extra.append(Detection(m.start("name"), m.end("name"), name, "person", "introduced"))
    return extra


def _service_after(tokens: list[Token], k: int, last: int) -> bool:
    """Whether the first word after the particles at token k is a common word that is no first name or surname ("du
    Service", not "de La Durantaye", "de Lotbinière")."""
    while k <= last and fold(tokens[k].word) in PARTICLES:
        k += 1
    word = fold(tokens[k].word) if k <= last else ""
    return word in common_words() and word not in first_names() | SURNAME_WORDS


def find_introduced_persons(text: str, index: NameIndex) -> list[Detection]:
    """A person named after a relation or a role ("mon fils Denis", "sa fille, Rose,", "le neuropsy, Ngoc Anh
    Nguyen"), before one in apposition ("Lucie, la secrétaire du GMF"), named aloud ("Merci, Julie."), thanked
    ("merci à Denis") or named by a verb ("une dame qui s'appelle Rose"): a third party, even by a first name alone
    and one that is also a word. Only a listed first name or a capitalised word that is no common word and no
    place; a vocative only before punctuation; apposition only with a listed first name."""
    tokens = word_tokens(text)
    found: list[Detection] = []
    i = 0
    while i < len(tokens):
        before = text[max(0, tokens[i].start - 80):tokens[i].start]
        if i and _SAINT_BEFORE.search(before):
            i += 1      # "de Sainte-Paule, un petit village": a place's or a saint's name, not a person "Paule"
            continue
        last = _introduced_name(text, tokens, i, index)
        if last is None and _apposed_word_name(text, tokens[i], before):
            last = i
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
                not _CHILD_BEFORE.search(before) and not _kin_named(text, tokens, i, last, before):
            role = None
        # Or the subject of a verb of speech after "pis", "mais", "que" ("pis Tharshan a expliqué"), as in lower case;
        # not a software's name ("que SQLite a répondu").
        introduced = bool(named or role or THANKS_BEFORE.search(before) or _NAMED_BEFORE.search(before) or (
            listed and _FAMILY_RANK_BEFORE.search(before) and _COMMA_AFTER.match(text, end)) or (
            not named and _CALLED_BEFORE.search(before)) or (
            SUBJECT_BEFORE.search(before) and _SPEECH_AFTER.match(text, end)
            and not _TWO_CAPITALS.search(tokens[i].word)))
        if not introduced and not listed and mid_sentence(text, tokens[i].start) and _RANK_BEFORE.search(before):
            # After an office or a rank said as a title ("le juge Laterreur", "le sergent Sansfaçon", "la ministre
            # Bélanger"), a capitalised word that is no common word or place is the holder's surname: unlike a role
            # ("un patient Covid"), these words are followed by a surname, not a kind. The surname stops at a particle
            # before a common word ("du sergent-détective Lagrange du Service de police": the service is no part of the
            # name); "le sergent Gagnon de Lotbinière" keeps its particle.
            introduced = True
            last = next((k - 1 for k in range(i + 1, last) if fold(tokens[k].word) in PARTICLES
                         and fold(tokens[k - 1].word) not in PARTICLES and _service_after(tokens, k, last)), last)
            end = tokens[last].end
        if not introduced and not listed and last == i and mid_sentence(text, tokens[i].start):
            # A surname no list knows, in apposition to its role without a comma ("pis Dumont le résident").
            introduced = bool(_ROLE_NAME_AFTER_BARE.match(text, end))
        if not introduced and not listed and _ROLE_NAME_AFTER_CEST.match(text, end) and \
                not _TWO_CAPITALS.search(tokens[i].word) and mid_sentence(text, tokens[i].start):
            # A name no list knows, then what the person is to the speaker ("Oui, Issa Ouedraogo, c'est mon collègue").
            introduced = True
        if not introduced and not listed and (_ROLE_NAME_AFTER_COMMA.match(text, end) or _NAME_SAID_AFTER.match(
                text, end)) and not _TWO_CAPITALS.search(tokens[i].word) and fold(tokens[i].word) not in DRUG_BRANDS \
                and not _adjective_said_of(text, tokens[i].start, end) \
                and not (tokens[i].start and text[tokens[i].start - 1] in "-\u2010\u2011'’") \
                and not known_places().get(place_key(text[tokens[i].start:end])):
            # A word no list knows (`_introduced_name` leaves out common words and places), then a person's role or
            # "c'est son nom" between commas: the apposition says "person". Not the end of a compound ("un jeune de
            # Havre-Aubert, le gars à…"), nor a listed place as a whole.
            introduced = True
        if fold(tokens[i].word) in NER_NO_IDENTIFIER:
            introduced = False
        elif not introduced and listed:
            introduced = (bool(_ROLE_NAME_AFTER.match(text, end)) and not _adjective_said_of(text, tokens[i].start, end)) or (
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
    found += _called_compounds(text, found)
    # A lower-case full name holds the one-word names found inside it ("kovalchuk" of "halyna kovalchuk").
    full = [d for d in _lower_case_names_before_a_trade(text, index) if not any(
        f.start < d.end and d.start < f.end and not (d.start <= f.start and f.end <= d.end) for f in found)]
    found = [f for f in found if not any(d.start <= f.start and f.end <= d.end for d in full)] + full
    return sorted(found + _family_names(text, found) + _child_of(text, found) + _sign_names(text, found) +
                  _named_by_context(text, found), key=lambda d: d.start)


# An old man or woman by the surname ("genre le vieux Lamontagne du rang Saint-Ours, il…"): "le vieux", "la vieille"
# mid-sentence, a capitalised word, then "du", "de", a pause, "qui" or a verb. A cleft sentence's subject of two
# capitalised words ("Moi, c'est Jobie Qumaluk qui m'en a parlé").
_OLD_ONE = re.compile(r"(?<=[a-zà-ÿ,] )(?:le[ \t]+vieux|la[ \t]+vieille)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})"
                      r"(?=[ \t]*[,.;:!?…]|[ \t]+(?:du|de|d['’]|qui|est|[ée]tait|a|avait|va|allait|vient|venait|dit|"
                      r"disait)(?![\w'’-]))")
_CLEFT_NAME = re.compile(r"(?<![\w'’-])" + _C_EST + r"[ \t]+(?P<name>(?P<first>[A-ZÀ-Ý][a-zà-ÿ]{2,})"
                         r"[ \t]+(?P<last>[A-ZÀ-Ý][a-zà-ÿ]{2,}))[ \t]+(?i:qui)(?![\w'’-])")


# One initial and a surname mid-sentence ("un monsieur tamoul S. Kumaravel il vient au temple"): after a word in lower
# case (checked whole by word_before), the surname no list knows (the initials of a compound first name are taken above, "M." after a title).
_INITIAL_SURNAME = re.compile(r"(?<=[a-zà-ÿ] )(?P<name>[A-ZÀ-Ý]\.[ \t]+(?P<surname>[A-ZÀ-Ý][a-zà-ÿ]{2,}))(?![\w'’.-])")


def _unknown_name_word(word: str) -> bool:
    """A capitalised word no list knows: no common word, first name, listed place, title, filler, drug or day."""
    folded = fold(word)
    return not (folded in common_words() | first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | _HOLIDAYS
                | DRUG_BRANDS | EPONYM_DISEASES | NER_NO_IDENTIFIER | _PEOPLES or TITLE.fullmatch(word)
                or known_places().get(place_key(word)))


def _named_by_context(text: str, found: list[Detection]) -> list[Detection]:
    spans = [(m.start("name"), m.end("name")) for m in _OLD_ONE.finditer(text) if _unknown_name_word(m.group("name"))]
    # Both words no list knows: a place or an organisation of two words has a word or a listed name in it.
    spans += [(m.start("name"), m.end("name")) for m in _CLEFT_NAME.finditer(text)
              if _unknown_name_word(m.group("first")) and _unknown_name_word(m.group("last"))]
    # The word before in lower case: an author list cites "Craig J. Int J Qual Health Care".
    spans += [(m.start("name"), m.end("name")) for m in _INITIAL_SURNAME.finditer(text)
              if _unknown_name_word(m.group("surname")) and not TITLE.fullmatch(m.group("name")[:2])
              and (previous := word_before(text, m.start())) is not None and previous.group(1).islower()]
    return [Detection(s, e, text[s:e], "person", "introduced") for s, e in spans
            if not any(d.start < e and s < d.end for d in found)]


# A person's sign name in a sign language, written as a gloss in capitals after "son nom-signe c'est", "son nom signé
# est", "son nom en signes, c'est" ("son nom-signe c'est « CRAVATE »"): it names the person as a name does. Only capitals
# right after the cue (in quotes or not), never a word in lower case ("mon nom-signe, c'est la main qui frotte").
_SIGN_NAME = re.compile(r"(?<![\w'’-])(?i:nom[-\u2010\u2011 \t]signe|signe[-\u2010\u2011 \t]nom|nom[ \t]+sign[ée]|"
                        r"nom[ \t]+en[ \t]+(?:signes?|LSQ|ASL|LSF))[ \t]*,?[ \t]*"
                        r"(?:(?i:c['’][ \t]*est|est|[ée]tait|c['’][ \t]*[ée]tait)[ \t]*)?[«\"“]?[ \t\u00a0]*"
                        r"(?P<gloss>[A-ZÀ-Ý]{3,}(?:[-\u2010\u2011][A-ZÀ-Ý]{2,})*)(?![\w'’-])")


def _sign_names(text: str, found: list[Detection]) -> list[Detection]:
    return [Detection(m.start("gloss"), m.end("gloss"), m.group("gloss"), "person", "introduced")
            for m in _SIGN_NAME.finditer(text) if m.group("gloss") not in {"LSQ", "ASL", "LSF", "ECHO"}
            and not any(d.start < m.end("gloss") and m.start("gloss") < d.end for d in found)]


# A full name in lower case as ASR writes an unknown name, in apposition to a trade or a role ("un assuré euh Taras
# taras hnatiuk un soudeur ukrainien qui…"): two words that are no common word, first name, listed place or filler,
# then "un"/"une" and a noun of a trade's shape (-eur, -euse, -ier, -ière, -ien, -ienne, -iste, -ant, -ante) or a role;
# the same name said just before, capitalised, is the person's too.
_LOWER_FULL_NAME = re.compile(r"(?<![\w'’-])(?P<first>[a-zà-ÿ]{3,})[ \t]+(?P<last>[a-zà-ÿ]{3,})[ \t]+(?i:un|une)[ \t]+"
                              rf"(?:[a-zà-ÿ]+(?:eur|euse|ier|i[èe]re|ien|ienne|iste|ant|ante)|{ROLES})(?![\w'’-])")


def _lower_case_names_before_a_trade(text: str, index: NameIndex) -> list[Detection]:
    found = []
    for match in _LOWER_FULL_NAME.finditer(text):
        first = fold(match.group("first"))
        if not ((lower_case_surname(match.group("first"), index) or (
                first in first_names() and first not in common_words() | NER_STOP and name_key(first) not in index.by_key))
                and lower_case_surname(match.group("last"), index)) or \
                ADJECTIVE_ENDING.search(fold(match.group("last"))):
            continue
        found.append(Detection(match.start("first"), match.end("last"), text[match.start("first"):match.end("last")],
                               "person", "introduced"))
        said = re.compile(rf"(?<![\w'’-]){re.escape(match.group('first').capitalize())}[ \t]+$").search(
            text, max(0, match.start("first") - 100), match.start("first"))
        if said:
            found.append(Detection(said.start(), said.start() + len(match.group("first")),
                                   text[said.start():said.start() + len(match.group("first"))], "person", "introduced"))
    return found


# Québec's "le gars à Roy", "la fille à Ginette" (someone's son or daughter, by the parent's name), and the child's own
# first name in apposition after it ("Le gars à Boudreau, Jean-Yves, il pêche"); every one of the 13 in the annotated
# sets is a person.
_NAME_WORD = r"[A-ZÀ-Ý][^\W\d_]*(?:['’\-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*"
_CHILD_OF = re.compile(r"(?<![\w'’-])(?i:le|la|les|son|sa|ses|mon|ma|mes|un|une)[ \t]+(?i:gars|gar[çc]on|filles?|fils|"
                       r"petite?|p['’]tite?|bonhomme|chum|blonde|femme|mari|fr[èe]re|s(?:oe|œ)ur|neveu|ni[èe]ce)[ \t]+à[ \t]+"
                       rf"(?P<name>{_NAME_WORD}(?:[ \t]{_NAME_WORD}){{0,2}})(?![\w'’-])")
_APPOSED_FIRST_NAME = re.compile(rf"[ \t]*,[ \t]*(?P<name>{_NAME_WORD})[ \t]*,")


def _child_of(text: str, found: list[Detection]) -> list[Detection]:
    """The parent after "le gars à", "la fille à": a listed first name or surname, or a capitalised word that is no
    common word; never a listed place ("le gars à Montréal" is where he is), a title, an acronym, a filler, a software,
    a drug. Then the child's listed first name between commas after it (after a listed surname that is also a place
    too: "Le gars à Boudreau, Jean-Yves,")."""
    result = []
    for match in _CHILD_OF.finditer(text):
        words = match.group("name").split()
        while words and not _parent_name_word(words[-1]):
            words.pop()     # "la fille à Richard Rivard Pis": the name ends before a word that is none
        if words and all(_parent_name_word(w) for w in words) and not known_places().get(place_key(" ".join(words))):
            end = match.start("name") + len(" ".join(words))
            result.append(Detection(match.start("name"), end, text[match.start("name"):end], "person", "introduced"))
        else:
            end = match.end("name") if fold(match.group("name")) in surnames() else None
            if end is None:
                continue
        apposed = _APPOSED_FIRST_NAME.match(text, end)
        if apposed and all(fold(p) in first_names() for p in re.split(HYPHEN, apposed.group("name"))):
            result.append(Detection(apposed.start("name"), apposed.end("name"), apposed.group("name"), "person",
                                    "introduced"))
    return [d for d in result if not any(f.start < d.end and d.start < f.end for f in found)]


def _parent_name_word(word: str) -> bool:
    folded = fold(word)
    return len(folded) >= 2 and not _TWO_CAPITALS.search(word) and not TITLE.fullmatch(word) and \
        folded not in NER_STOP | NER_NO_IDENTIFIER | DRUG_BRANDS | EPONYM_DISEASES | NOT_SURNAMES | CONNECTORS | TIME_NOUNS and (
            folded in first_names() or folded in surnames() or folded.startswith("ti-")
            or (folded not in common_words() and not known_places().get(place_key(word))))


# A relative by a possessive and a word of kin ("sa femme Analyn m'appelait", "son fils Wesner vit à Créteil"): right
# after it, a first name no list knows is still a name (a kind of patient or a product never follows "sa femme").
_KIN_BEFORE = re.compile(r"(?<![\w'’-])(?i:mon|ma|ton|ta|son|sa|notre|votre|leur)[ \t]+(?i:fils|fille|femme|mari|"
                         r"conjointe?|chum|blonde|p[èe]re|m[èe]re|fr[èe]re|s(?:oe|œ)ur|gendre|bru|neveu|ni[èe]ce|cousine?|"
                         r"oncle|tante|beau-(?:fr[èe]re|p[èe]re|fils)|belle-(?:s(?:oe|œ)ur|m[èe]re|fille)|petite?-(?:fils|fille)|"
                         r"grand-(?:m[èe]re|p[èe]re))[ \t]+$")
# The same, then "c'est" ("son gendre c'est kevin o'brien"): the relative's name is what follows.
_KIN_OR_KIN_IS_BEFORE = re.compile(_KIN_BEFORE.pattern.removesuffix("$") + r"(?:(?i:c['’]est|c['’][ée]tait)[ \t]+)?$")
# The same, then two words in lower case: a relative's full name as ASR writes it (_lower_case_kin_first_names).
_LOWER_KIN_FULL_NAME = re.compile(_KIN_BEFORE.pattern.removesuffix("[ \\t]+$") +
                                  r"[ \t]+(?P<first>[a-zà-ÿ]{3,})[ \t]+(?P<last>[a-zà-ÿ]{3,})(?![\w'’-])")


def _kin_named(text: str, tokens: list[Token], i: int, last: int, before: str) -> bool:
    """Whether a capitalised word no list knows right after a possessive and a word of kin is the relative's first
    name: one word of 3 letters or more (its surnames may follow), no acronym or product ("SQLite"), no drug, eponym
    or software the transcripts name, mid-sentence, and a verb, a clitic, "qui" or punctuation after the name ("son fils
    Wesner vit", "sa femme Analyn m'appelait"; not "mon fils Covid positif" — an adjective after it)."""
    word = tokens[i].word
    folded = fold(word)
    # Round 22: after "le"/"la" and a word of kin too, then "de" and what the person is of ("Le père Taras de la paroisse
    # ukrainienne", a priest so named); "le fils Wesner vit" stays (no possessive, no "de": whose son?).
    the_kin = not _KIN_BEFORE.search(before) and bool(_THE_KIN_BEFORE.search(before))
    return (bool(_KIN_BEFORE.search(before)) or the_kin) and len(folded) >= 3 and not _TWO_CAPITALS.search(word) and \
        folded not in NER_STOP | NER_NO_IDENTIFIER | DRUG_BRANDS | EPONYM_DISEASES | NOT_SURNAMES | TIME_NOUNS and \
        not (the_kin and (folded in common_words() | _HOLIDAYS or known_places().get(place_key(word)))) and \
        mid_sentence(text, tokens[i].start) and bool(re.match(
            r"[ \t]+(?:de|du)[ \t]+(?:la[ \t]+|l['’])?[a-zà-ÿ]" if the_kin else
            r"[ \t]*(?:[,.;:!?…]|$)|[ \t]+(?:[a-zà-ÿ]+['’]|(?i:qui|est|[ée]tait|a|avait|vit|vivait|va|allait|vient|"
            r"venait|reste|restait|habite|habitait|travaille|travaillait|[a-zà-ÿ]{2,}(?:ait|aient))(?![\w'’-]))",
            text[tokens[last].end:tokens[last].end + 40]))


_THE_KIN_BEFORE = re.compile(r"(?<![\w'’-])(?i:le|la)[ \t]+(?i:fils|fille|femme|mari|p[èe]re|m[èe]re|fr[èe]re|s(?:oe|œ)ur|"
                             r"grand-(?:m[èe]re|p[èe]re))[ \t]+(?:" + _C_EST + r"[ \t]+)?$")


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
        # A capitalised word after "les" mid-sentence without the plural's -s is a family name even when it is a word
        # ("c'est les Flamand, ils sont à Manawan"; the people would be "les Flamands"): a family name takes no -s.
        invariable = m.group("les")[:1] in "Ll" and folded[-1] not in "sxz" and mid_sentence(text, m.start())
        if _TWO_CAPITALS.search(name) or (folded[-1] in "sx" and m.group("les")[:1] in "Ll") or \
                folded in common_words() and not invariable or folded[:-1] in common_words() and folded.endswith("e") or \
                ADJECTIVE_ENDING.search(folded) or re.search(r"(?:ale|ie|ante|ente|ive|elle|oise)$", folded) or \
                folded in NER_STOP | NOT_SURNAMES | _PEOPLES or \
                any(d.start < m.end() and m.start("name") < d.end for d in taken):
            continue
        found.append(Detection(m.start("name"), m.end(), name, "person", "introduced"))
    # After a child or an in-law "des", as a family's ("la fille des Poulin du rang Saint-Joseph", "le gendre des
    # Tremblay"): a capitalised word no list knows as a word, a people, a place or a plural ("la fille des Îles", "les
    # enfants des Premières Nations", "le fils des Italiens" stay).
    for m in _KIN_OF_FAMILY.finditer(text):
        name, folded = m.group("name"), fold(m.group("name"))
        if folded[-1] in "sxz" or folded in common_words() | NER_STOP | NOT_SURNAMES | _PEOPLES or len(folded) < 3 or \
                ADJECTIVE_ENDING.search(folded) or re.search(r"(?:ale|ie|ante|ente|ive|elle|oise|ienne|aine)$", folded) \
                or known_places().get(place_key(name)) or any(d.start < m.end() and m.start("name") < d.end
                                                               for d in taken + found):
            continue
        found.append(Detection(m.start("name"), m.end(), name, "person", "introduced"))
    # In lower case as ASR writes it, only after "chez les" or "la famille": a word no list knows, no plural's ending,
    # of no adjective's shape ("chez les mukendi ils sont sept"; "chez les autres", "chez les innus" stay).
    for m in _LOWER_FAMILY_NAME.finditer(text):
        name, folded = m.group("name"), fold(m.group("name"))
        if folded[-1] in "sxz" or folded in common_words() | first_names() | NER_STOP | NOT_SURNAMES | _PEOPLES or \
                ADJECTIVE_ENDING.search(folded) or re.search(r"(?:ale|ie|ante|ente|ive|elle|oise|ienne|aine)$", folded) \
                or known_places().get(place_key(name)) or any(d.start < m.end() and m.start("name") < d.end
                                                               for d in taken + found):
            continue
        found.append(Detection(m.start("name"), m.end(), name, "person", "introduced"))
    return found


_KIN_OF_FAMILY = re.compile(r"(?<![\w'’-])(?i:filles?|fils|gars|gar[çc]ons?|enfants?|bru|gendre|petite?s?-(?:filles?|fils|"
                            r"enfants?))[ \t]+(?i:des)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)*)"
                            r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")
_LOWER_FAMILY_NAME = re.compile(r"(?<![\w'’-])(?i:chez[ \t]+les|la[ \t]+famille)[ \t]+(?P<name>[a-zà-ÿ]{4,})(?![\w'’-])")


_NAME_LIST_GAP = re.compile(r"[ \t]*(?:,[ \t]*(?:(?i:et|pis|puis|ou)[ \t]+)?|[ \t]+(?i:et|pis|puis|ou|&)[ \t]+)")


def _listed_name(text: str, tokens: list[Token], i: int, index: NameIndex) -> int | None:
    """The last token of a name that follows a person's name in a list ("Aimé pis Blanche"): a capitalised word that
    is no filler, title, day, connector, known name or listed place, even a common word (the list says "name")."""
    word = tokens[i].word
    folded = fold(word)
    if not word[:1].isupper() or word.isupper() or len(word) < 2 or tokens[i].key in index.by_key:
        return None
    if folded in NER_STOP | NOT_SURNAMES | CONNECTORS | PARTICLES | NER_NO_IDENTIFIER or TITLE.fullmatch(word):
        return None
    if folded not in first_names() and any(len(e.keys) == 1 for e in known_places().get(place_key(word), ())):
        return None
    last = i
    while last + 1 < len(tokens) and text[tokens[last].end:tokens[last + 1].start] in ("-", "\u2011") and \
            tokens[last + 1].word[:1].isupper():
        last += 1
    return last


def find_names_across_segments(texts: list[str], index: NameIndex) -> list[tuple[int, Detection]]:
    """A name broken between two segments ("… Trem-" | "blay …"): (segment index, detection) pairs,
    one for each half. And a known name cut between its parts ("madame Jean" | "Baptiste, pardon" for Jean-Baptiste,
    a half that is no name alone): the second part, capitalised, starts the next segment right after the first ended
    the one before (no full stop), and the two are neighbouring parts of one known name, of one person."""
    found = []
    for i in range(len(texts) - 1):
        tail = re.search(r"(?<![\w'’-])([A-ZÀ-Ý][^\W\d_]+)[ \t]*$", texts[i])
        head = re.match(r"\s*([A-ZÀ-Ý][^\W\d_]+)(?![\w'’-])", texts[i + 1])
        if tail and head:
            first, second = name_key(tail.group(1)), name_key(head.group(1))
            codes = {n.code for n in index.names if any(
                n.keys[k] == first and n.keys[k + 1] == second for k in range(len(n.keys) - 1))}
            if len(codes) == 1:
                found.append((i + 1, Detection(head.start(1), head.end(1), head.group(1), "known", "known",
                                               code=codes.pop())))
        tail = re.search(r"([^\W\d_]+)[-\u2010\u2011]\s*$", texts[i])
        head = re.match(r"\s*([^\W\d_]+)", texts[i + 1])
        if not tail or not head:
            continue
        codes = index.by_key.get(name_key(tail.group(1) + head.group(1)))
        if codes:
            found.append((i, Detection(tail.start(1), tail.end(1), tail.group(1), "known", "known", code=codes[0])))
            found.append((i + 1, Detection(head.start(1), head.end(1), head.group(1), "known", "known", code=codes[0])))
    return found


_LISTED_BEFORE = re.compile(r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)?)"
                            r"(?:[ \t]*,[ \t]*|[ \t]+(?:et|pis|puis|ou)[ \t]+)$")


def listed_before_persons(text: str, found: list[Detection]) -> list[Detection]:
    """A listed first name, even one that is a word, just before "et", "pis" or a comma and a person's full name: a
    person too ("On a Marguerite pis Simon Awashish qui font les visites", "Rose et Paul Tremblay"). Not after a
    determiner ("la Rose et Paul Tremblay"); a title, filler or day is none."""
    extra = []
    for d in found:
        # Or before a first name standing alone that the context named ("j'ai rencontré Victoire pis Grâce."), the
        # first one capitalised mid-sentence too.
        alone = len(WORD.findall(d.original)) < 2
        if d.category != "person" or (alone and d.detector != "first_name_alone") or not d.original[:1].isupper():
            continue
        match = _LISTED_BEFORE.search(text[max(0, d.start - 60):d.start])
        if not match:
            continue
        name = match.group("name")
        start = max(0, d.start - 60) + match.start("name")
        parts = [fold(p) for p in re.split(r"[-\u2010\u2011]", name)]
        if not all(p in first_names() for p in parts) or fold(name) in NER_STOP | NOT_SURNAMES | CONNECTORS or \
                TITLE.fullmatch(name) or any(f.start < start + len(name) and start < f.end for f in found):
            continue
        previous = word_before(text, start)
        if previous and fold(previous.group(1)) in DETERMINERS or alone and not mid_sentence(text, start):
            continue
        extra.append(Detection(start, start + len(name), name, "person", "introduced"))
    return extra


# After a person's name in a list, "et", "pis" or a comma, an age or size said before a name ("moi, Sarah pis le vieux
# Qalingo, qui a juste un nom"): a capitalised word no list knows, before a pause, "qui" or a verb.
_LISTED_WITH_EPITHET = re.compile(r"(?:[ \t]*,[ \t]*(?:(?:et|pis|puis)[ \t]+)?|[ \t]+(?:et|pis|puis)[ \t]+)"
                                  r"(?i:le|la)[ \t]+(?i:vieux|vieille|petit|petite|grand|grande|jeune|gros|grosse)[ \t]+"
                                  r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})(?=[ \t]*[,.;:!?…]|[ \t]*$|[ \t]+(?:qui|est|[ée]tait|a|avait|"
                                  r"va|allait|vient|venait|dit|disait)(?![\w'’-]))")


def listed_after_persons(text: str, found: list[Detection]) -> list[Detection]:
    """A name after a person's in a list, an age or a size before it ("Sarah pis le vieux Qalingo,"): no common word,
    first name, listed place, title, filler, drug or day ("Sarah pis le vieux Montréal", "Sarah pis le petit Robert"
    — a dictionary — stay), nor a word another detection holds."""
    extra = []
    for d in found:
        match = _LISTED_WITH_EPITHET.match(text, d.end) if d.category in ("person", "known") else None
        if not match:
            continue
        name, folded = match.group("name"), fold(match.group("name"))
        if folded in common_words() | first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | _HOLIDAYS | \
                DRUG_BRANDS | EPONYM_DISEASES | NER_NO_IDENTIFIER or TITLE.fullmatch(name) or \
                known_places().get(place_key(name)) or any(
                    f.start < match.end("name") and match.start("name") < f.end for f in found):
            continue
        extra.append(Detection(match.start("name"), match.end("name"), name, "person", "introduced"))
    return extra


_NAME_OF_ORGANISATION = re.compile(r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)?)[ \t]+"
                                   r"(?i:du|des|de[ \t]+la|de[ \t]+l['’]|d['’]|à[ \t]+la|à[ \t]+l['’]|au|aux|de)[ \t]*$")


def first_names_of_organisations(text: str, found: list[Detection]) -> list[Detection]:
    """A listed first name right before "du", "de la", "à la", "au"… and an organisation found: a person known by their
    workplace ("Luc à la Pharmacie Familiprix de Baie-Saint-Paul", "c'est Sylvain du Conseil régional FTQ"). Not after
    a determiner or a capitalised word (part of a longer name), no filler, title, day or holiday; a first name that is
    also a word ("Rose du CLSC") only mid-sentence."""
    extra = []
    for o in found:
        if o.category not in ("organisation", "program"):
            continue
        match = _NAME_OF_ORGANISATION.search(text, max(0, o.start - 60), o.start)
        if not match:
            continue
        name, start = match.group("name"), match.start("name")
        parts = [fold(p) for p in re.split(HYPHEN, name)]
        if not all(p in first_names() for p in parts) or fold(name) in NER_STOP | NOT_SURNAMES | CONNECTORS | _HOLIDAYS or \
                TITLE.fullmatch(name) or any(f.start < match.end("name") and start < f.end for f in found + extra):
            continue
        previous = word_before(text, start)
        if previous and (fold(previous.group(1)) in DETERMINERS or previous.group(1)[:1].isupper() and
                         re.fullmatch(r"[ \t]+", text[previous.end(1):start]) and mid_sentence(text, previous.start(1))):
            continue
        if any(p in common_words() for p in parts) and not mid_sentence(text, start):
            continue
        extra.append(Detection(start, match.end("name"), name, "person", "introduced"))
    return extra


_DIMINUTIVE_BEFORE = re.compile(r"(?<![\w'’-])(?:Ti|ti|TI)[-\u2010\u2011]$")


def with_diminutive(text: str, row: list[Detection]) -> list[Detection]:
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


def with_surname_in_two_words(text: str, row: list[Detection]) -> list[Detection]:
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
            if folded in common_words() and folded not in first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS | \
                    TIME_NOUNS | _HOLIDAYS and not TITLE.fullmatch(word) and not known_places().get(place_key(word)):
                d = Detection(d.start, second.end(), text[d.start:second.end()], d.category, d.detector, code=d.code)
        # A third party's first name found alone, then a capitalised word no list knows (no common word, first name,
        # listed place or title), no capitalised word after it: the surname ("mon cousin Jaaji, Jaaji Okpik, il est…").
        elif d.category == "person" and not d.code and len(words) == 1 and words[0][:1].isupper() and \
                not words[0].isupper() and second and not _TWO_CAPITALS.search(second.group("word")) and not any(
                    o.start < second.end() and second.start("word") < o.end for o in row) and \
                not re.match(r"[ \t]+[A-ZÀ-Ý]", text[second.end():second.end() + 2]):
            word = second.group("word")
            folded = fold(word)
            if folded not in common_words() | first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | \
                    _HOLIDAYS | DRUG_BRANDS | EPONYM_DISEASES and not TITLE.fullmatch(word) and \
                    not known_places().get(place_key(word)):
                d = Detection(d.start, second.end(), text[d.start:second.end()], d.category, d.detector, code=d.code)
        grown.append(d)
    return grown


_IRISH_SURNAME_AFTER = re.compile(r"[ \t]+(?P<surname>[Oo]['’](?!clock)[A-Za-z][a-z]{2,})(?![\w'’-])")


def with_irish_surname(text: str, row: list[Detection]) -> list[Detection]:
    """An Irish surname in O' after a first name found as a person, as ASR writes it in lower case ("le docteur kevin
    o'brien", "Siobhan o'neill"): French elides no "o'", so the first name runs on over it. Only after a person whose
    last word is a listed first name, where no other detection holds the surname."""
    grown = []
    for d in row:
        after = _IRISH_SURNAME_AFTER.match(text, d.end)
        words = WORD.findall(d.original)
        if d.category == "person" and not d.code and after and words and fold(words[-1]) in first_names() and not any(
                o.start < after.end() and after.start("surname") < o.end for o in row if o is not d):
            d = Detection(d.start, after.end(), text[d.start:after.end()], d.category, d.detector, code=d.code)
        grown.append(d)
    return grown


_SECOND_SURNAME = re.compile(r"[ \t]+(?P<link>(?:y|de[ \t]+la|de[ \t]+las|de[ \t]+los|del)[ \t]+)?"
                             r"(?P<word>[A-ZÀ-Ý][^\W\d_]{2,})(?![\w'’-])")


def with_second_surname(text: str, row: list[Detection]) -> list[Detection]:
    """A Spanish or Portuguese name with two surnames ("Carlos Ruiz Moreno", "Juan Pérez y Gómez", "Ana María Sánchez
    de la Cruz"): a person of two words or more whose last word is a listed surname (or one in -ez) runs on over a second listed
    surname after it, with "y", "de la", "de los", "del" between them; another person's tag on that word ("Moreno" as a
    first name alone) goes with it. Not over a known name, a place or an organisation, nor a surname no list knows."""
    listed = surnames()
    grown = list(row)
    for d in row:
        words = WORD.findall(d.original)
        match = _SECOND_SURNAME.match(text, d.end)
        # A first surname no list has for being also a rare word ("Pérez"): a Spanish patronymic in -ez.
        if d.category != "person" or len(words) < 2 or not (fold(words[-1]) in listed or (
                fold(words[-1]).endswith("ez") and words[-1][:1].isupper())) or not match or \
                fold(match.group("word")) not in listed or fold(match.group("word")) in common_words():
            continue
        inside = [o for o in grown if o is not d and o.start < match.end() and match.start("word") < o.end]
        if any(o.category != "person" or o.start < match.start("word") or o.end > match.end() for o in inside):
            continue
        if match.group("link") and known_places().get(place_key(match.group("word"))):
            continue    # "Juan Pérez de la Paz"? a town after "de la" is the town
        longer = Detection(d.start, match.end(), text[d.start:match.end()], d.category, d.detector, code=d.code)
        grown = [longer if o is d else o for o in grown if o not in inside]
    return sorted(grown, key=lambda o: o.start)


_PARTICLE_SURNAME_AFTER = re.compile(r"[ \t]+(?P<link>de|De|du|Du)[ \t]+(?P<word>[^\W\d_]{4,})"
                                     r"(?=[ \t]*(?:[,.;:!?…]|$)|[ \t]+[a-zà-ÿ])")


def with_particle_surname(text: str, row: list[Detection]) -> list[Detection]:
    """A compound first name found alone runs on over "de" and one word, its particle surname, as the titled rule takes
    "le Dr Jean-Marc de Grandpré" ("ma cheffe d'unité marie-claude de grandpré qui…"): both parts listed first names,
    the word no common word or first name, in the first name's case, no capitalised word after it; a place found on
    that word goes with it (a surname is often a town's name). Not a known name, nor over an organisation."""
    grown = list(row)
    for d in row:
        parts = re.split(r"[-\u2010\u2011]", d.original)
        match = _PARTICLE_SURNAME_AFTER.match(text, d.end)
        if d.category != "person" or d.code or len(parts) != 2 or not all(
                fold(p) in first_names() for p in parts) or not match:
            continue
        word = match.group("word")
        if word.islower() != d.original.islower() or word.islower() != match.group("link").islower() or \
                not (word.islower() or word[:1].isupper() and not _TWO_CAPITALS.search(word)) or \
                fold(word) in common_words() | first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS:
            continue
        inside = [o for o in grown if o is not d and o.start < match.end() and match.start("word") < o.end]
        if any(o.category not in ("person", "place") or o.start < match.start("word") or o.end > match.end()
               for o in inside):
            continue
        longer = Detection(d.start, match.end(), text[d.start:match.end()], d.category, d.detector)
        grown = [longer if o is d else o for o in grown if o not in inside]
    return sorted(grown, key=lambda o: o.start)


# Frequent Québec surnames that an article and a word make ("Lebeau", "Lapointe"), which ASR writes apart.
_WORD_BEFORE = re.compile(r"(?P<word>[A-ZÀ-Ý][a-zà-ÿ]{2,})[ \t]$")


def _word_first_name_before(text: str, before: re.Match) -> bool:
    """A first name that is also a word, capitalised mid-sentence right before the surname ("avec Sage McKenzie"): the
    capital says "name" where no determiner or preposition "de" makes it a thing ("la Rosée Lamarche", "de Santé
    Gagnon" stay) and no capitalised word runs before it ("au Camp Plein Soleil"), and not a title, filler, particle or
    listed place."""
    word = before.group("word")
    folded = fold(word)
    previous = re.search(r"(?P<w>[^\W\d_]+)['’ \t]*$", text[max(0, before.start("word") - 20):before.start("word")])
    return (folded in common_words() and folded not in NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | PARTICLES
            | NER_NO_IDENTIFIER | DETERMINERS and not known_places().get(place_key(word))
            and not (previous and (fold(previous.group("w")) in DETERMINERS | PARTICLES | {"d"}
                                   or previous.group("w")[:1].isupper())))


def with_first_name_before(text: str, row: list[Detection]) -> list[Detection]:
    """A surname the session named (a title's, found again) runs back over the first name no list knows right before it
    ("Oui, Issouf Ouedraogo, il est…" after "le docteur Ouedraogo"): one capitalised word that is no common word,
    listed place, title, particle, filler or acronym, not at a sentence's start and not already another detection."""
    grown = []
    for d in row:
        words = WORD.findall(d.original)
        before = _WORD_BEFORE.search(text, max(0, d.start - 40), d.start)
        # A first name that is a word runs back over the surname, even one that is also a listed first name when its
        # inner capital says surname ("Sage McKenzie", "Aube MacLeod"; "avec Santé Julie" stays).
        if d.category == "person" and len(words) == 1 and words[0][:1].isupper() and before and mid_sentence(
                text, before.start("word")) and (fold(words[0]) not in first_names() or (
                    re.search(r"[a-z][A-Z]", words[0]) and _word_first_name_before(text, before))) and (
                    unlisted_surname(before.group("word")) or _word_first_name_before(text, before)) and \
                not TITLE.fullmatch(before.group("word")) and fold(before.group("word")) not in PARTICLES and not any(
                    o.start < d.start and before.start("word") < o.end for o in row if o is not d):
            d = Detection(before.start("word"), d.end, text[before.start("word"):d.end], d.category, d.detector, code=d.code)
        grown.append(d)
    return grown


_ARTICLE_SURNAMES = {"lebeau", "lebrun", "leblanc", "lebel", "lebon", "legault", "lemieux", "lepage", "leclerc", "lemay",
                     "leduc", "legrand", "lemaire", "leroux", "lesage", "lamarche", "lapointe", "laplante", "lavoie",
                     "lacroix", "lachance", "lafleur", "lamontagne", "laforest", "lalonde", "labelle", "lacasse", "lamothe",
                     "lapierre", "laroche", "larose", "latour", "lafrance", "lagarde", "lajoie", "lamoureux", "lanoue",
                     # "des"/"du" and a word ("la docteure des chênes" for Deschênes, "madame du bois" for Dubois)
                     "deschenes", "desjardins", "desrosiers", "desrochers", "deslauriers", "desmarais", "desbiens",
                     "deschamps", "desautels", "dubois", "dumont", "dupont", "dufresne", "duchesne", "dumoulin",
                     "duplessis", "dussault"}
# A title, a lawyer's or notary's "maître"/"Me" too (only here, before an article and a listed surname: "le maître
# mot", "maître d'hôtel" stay), then the article and the word.
_TITLED_ARTICLE_SURNAME = re.compile(r"(?<![\w'’-])(?:(?i:ma[îi]tre|docteure?|madame|monsieur|mademoiselle)|Me|Mme|Dre?|M\.)"
                                     r"[ \t]+(?P<article>le|la|des|du)[ \t]+(?P<word>[a-zà-ÿ]{3,})(?![\w'’-])")
_ARTICLE_WORD_AFTER = re.compile(r"[ \t]+(?P<article>le|la|des|du)[ \t]+(?P<word>[a-zà-ÿ]{3,})(?![\w'’-])")


def with_surname_after_article(text: str, row: list[Detection]) -> list[Detection]:
    """A first name found alone runs on over a frequent surname that ASR wrote as an article and a word ("avec Guylaine
    le beau des ressources humaines" for Lebeau, "Marc la pointe"): only after a person whose every word is a listed
    first name, and only the surnames of `_ARTICLE_SURNAMES` ("Marie la belle"? Labelle; "Marie la grande" stays). After
    a title, a lawyer's "maître" too, the article and the word alone ("maître le bon" for Lebon)."""
    grown = []
    for match in _TITLED_ARTICLE_SURNAME.finditer(text):
        # After a title, the article and the word alone ("maître le bon, euh, Me Lebon"; "madame la pointe"); not an
        # office ("monsieur le maire" is no Lemaire).
        if fold(match.group("article") + match.group("word")) in _ARTICLE_SURNAMES and not OFFICES.fullmatch(
                match.group("word")) and not any(
                o.start < match.end() and match.start("article") < o.end for o in row):
            row = row + [Detection(match.start("article"), match.end(), text[match.start("article"):match.end()],
                                   "person", "title")]
    for d in sorted(row, key=lambda d: d.start):
        match = _ARTICLE_WORD_AFTER.match(text, d.end)
        words = WORD.findall(d.original)
        if d.category == "person" and match and words and all(fold(w) in first_names() and w[:1].isupper() for w in words) \
                and fold(match.group("article") + match.group("word")) in _ARTICLE_SURNAMES and not any(
                    o.start < match.end() and match.start("article") < o.end for o in row):
            d = Detection(d.start, match.end(), text[d.start:match.end()], d.category, d.detector, code=d.code)
        grown.append(d)
    return grown


# Two lower-case words right after a title (_surnames_heard_in_two_words).
_TWO_LOWER_AFTER = re.compile(r"[ \t]+(?P<a>[a-zà-ÿ]{2,})[ \t]+(?P<b>[a-zà-ÿ]{2,})(?![\w'’-])")


def surnames_heard_in_two_words(texts: list[str], found: list[list[Detection]]) -> list[list[Detection]]:
    """A third party's surname the session names whole ("le frère Gérald Brisebois", "la Dre Doiron"), heard elsewhere
    as two lower-case words right after a title ("le frère brise bois", "madame doit rond"): the two words sound as
    that surname, joined ("brisebois") or each as said ("doit" + "rond" for Doiron; a final consonant is silent).
    Only a capitalised surname of 6 letters or more that is no common word or first name; the two words joined are
    no common word, and no detection holds them. One list of new detections per text."""
    named: set[str] = set()
    for row in found:
        for d in row:
            if d.category != "person" or d.code:
                continue
            for w in WORD.findall(d.original):
                folded = fold(w)
                if w[:1].isupper() and not w.isupper() and len(folded) >= 6 and folded not in common_words() \
                        and folded not in first_names() and folded not in NOT_SURNAMES | NER_STOP:
                    named.add(phonetic_key(w))
    result: list[list[Detection]] = [[] for _ in texts]
    if not named:
        return result
    for i, (text, row) in enumerate(zip(texts, found)):
        starts = [d.start for d in row]     # the row is sorted and its detections apart
        for title in TITLE.finditer(text):
            m = _TWO_LOWER_AFTER.match(text, title.end())
            if m is None or fold(m["a"] + m["b"]) in common_words() or not (
                    phonetic_key(m["a"] + m["b"]) in named or phonetic_key(m["a"]) + phonetic_key(m["b"]) in named):
                continue
            k = bisect.bisect_left(starts, m.end())
            if not any(d.start < m.end() and m.start("a") < d.end for d in row[max(0, k - 1):k]):
                result[i].append(Detection(m.start("a"), m.end(), text[m.start("a"):m.end()], "person", "named_again"))
    return result


# A relative named in apposition after a person's ("le gars à Hans, Ueli, lui il veut pas…"): a word of kin and "à" or
# "de" before the person, then a comma, one capitalised word and a pause, "lui", "elle" or "qui" (apposed_after_kin).
_KIN_OF_BEFORE = re.compile(r"(?<![\w'’-])(?i:gars|garçon|fils|fille|femme|mari|chum|blonde|fr[èe]re|s(?:oe|œ)ur|p[èe]re|"
                            r"m[èe]re|gendre|bru|neveu|ni[èe]ce|petite?-(?:fils|fille)|cousine?|oncle|tante|veuve|veuf)"
                            r"[ \t]+(?:à|de|d['’])[ \t]*$")
_APPOSED_AFTER = re.compile(r"[ \t]*,[ \t]*(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})(?=[ \t]*[,.;:!?…]|[ \t]+(?:lui|elle|qui)(?![\w'’-]))")


def apposed_after_kin(text: str, row: list[Detection]) -> list[Detection]:
    """A relative's name in apposition after the person whose relative they are ("le gars à Hans, Ueli, lui…", "la
    fille de Mme Roy, Mireille, qui…"): one capitalised word mid-sentence that is a first name or no common word, no
    listed place, title, filler, drug or day, and no other detection's ("le fils à Hans, Montréal, …" stays)."""
    extra = []
    not_names = NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | _HOLIDAYS | DRUG_BRANDS | EPONYM_DISEASES | \
        NER_NO_IDENTIFIER | DETERMINERS
    for k, d in enumerate(row):
        if d.category not in ("person", "known") or not _KIN_OF_BEFORE.search(text, max(0, d.start - 30), d.start):
            continue
        match = _APPOSED_AFTER.match(text, d.end)
        if not match:
            continue
        name, folded = match.group("name"), fold(match.group("name"))
        # The row is sorted and its detections apart: only the next one may hold the name.
        if (folded in common_words() and folded not in first_names()) or folded in not_names or TITLE.fullmatch(name) or known_places().get(place_key(name)) or any(
                    f.start < match.end("name") and match.start("name") < f.end for f in row[k + 1:k + 3]):
            continue
        extra.append(Detection(match.start("name"), match.end("name"), name, "person", "introduced"))
    return extra


# Round 22: a name's other forms next to it.
_GIVEN_TAIL = re.compile(r"[-\u2010\u2011](?P<tail>[a-zà-ÿ]{2,5})(?![\w'’-])")
_CLITICS = {"la", "là", "ci", "le", "les", "il", "ils", "elle", "elles", "on", "moi", "toi", "lui", "nous", "vous", "leur",
            "en", "y", "tu", "je", "t", "ce", "eux"}
_NEXT_CAPITALISED = re.compile(r"[ \t]+(?P<word>[A-ZÀ-Ý][a-zà-ÿ]+)(?![\w'’-])")
_HEAD_THEN_LOWER = re.compile(r"(?P<a>[A-ZÀ-Ý][a-zà-ÿ]+)[ \t]+(?P<b>[a-zà-ÿ]{4,})(?![\w'’-])")
_RANK_HEAD = re.compile(r"(?<=[ \t'’])(?P<a>(?:Beau|Bel|Belle|Bon|Bonne|Grand|Grande|Petit|Bois|Mont|Franc|Fort|Haut|Long|Blanc|"
                        r"Vieux|Champ|Clair|Sans|Vert))[ \t]+(?P<b>[a-zà-ÿ]{4,})(?![\w'’-])")
_REPAIR_AFTER = re.compile(r"[ \t]*,?[ \t]*(?i:euh|heu)[ \t]*,?[ \t]*(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[ \t]+[A-ZÀ-Ý][^\W\d_]+)?)"
                           r"(?![\w'’-])")


def _sounds_as(words: list[str], name: str) -> bool:
    """Whether `name` (one or two words) sounds as the last one, two or three of `words` joined ("Beauchamp" as "Beau
    Champ")."""
    said = phonetic_key("".join(name.split()))
    return len(said) >= 2 and any(phonetic_key("".join(words[-n:])) == said for n in range(1, min(3, len(words)) + 1))


def with_names_other_forms(text: str, row: list[Detection], index: NameIndex) -> list[Detection]:
    """A name's other forms right next to it (round 22):
    - a romanised given name whose hyphenated second syllable is in lower case ("Lee Soon-ja", "Park Sung-min",
      "Wai-man"), the person found up to its hyphen: the syllable goes with it (not a clitic: "Jean-là", "dit-il");
    - a known first name then a capitalised word that sounds as the same person's surname, as ASR heard it ("Thanh Veau"
      for Thanh Vo; not another surname: "Thanh Tremblay" is someone else's, found as such);
    - a name corrected right after it ("le docteur Beau Champ, euh Beauchamp"): capitalised words after "euh" that sound
      as the person's last words joined or split are the same person, over a place or nothing ("Beauchamp" is a town).
    The row sorted and apart; returns it so."""
    extra: list[Detection] = []
    replaced: set[int] = set()
    for k, d in enumerate(row):
        if d.category not in ("person", "known"):
            continue
        nxt = row[k + 1] if k + 1 < len(row) else None
        words = WORD.findall(d.original)
        if not words:
            continue
        tail = _GIVEN_TAIL.match(text, d.end)
        if d.category == "person" and tail and words[-1][:1].isupper() and tail["tail"] not in _CLITICS and (
                nxt is None or nxt.start >= tail.end()):
            row[k] = d = Detection(d.start, tail.end(), text[d.start:tail.end()], d.category, d.detector, d.code, d.tag)
            words = WORD.findall(d.original)
        following = _NEXT_CAPITALISED.match(text, d.end)
        if d.code and following and (nxt is None or nxt.start >= following.end()):
            heard = phonetic_key(following["word"])
            own = {phonetic_key(s) for n in index.names if n.code == d.code for s in n.surfaces}
            if heard in own and heard not in {phonetic_key(w) for w in words} and len(words) == 1:
                row[k] = d = Detection(d.start, following.end(), text[d.start:following.end()], d.category, d.detector,
                                       d.code, d.tag)
                words = WORD.findall(d.original)
        head = _HEAD_THEN_LOWER.match(text, d.start)
        if head and head.end("a") == d.end and heard_with_head(head["a"], head["b"]) and (
                nxt is None or nxt.start >= head.end()) and (TITLE_BEFORE.search(text, max(0, d.start - 30), d.start) or
                                                              _RANK_BEFORE.search(text, max(0, d.start - 40), d.start)):
            # A French surname heard as a capitalised head and a lower-case noun after a title or a rank ("monsieur
            # Bois vert", "l'adjudant Bois vert" for Boisvert): the noun goes with it.
            row[k] = d = Detection(d.start, head.end(), text[d.start:head.end()], d.category, d.detector, d.code, d.tag)
            words = WORD.findall(d.original)
        repair = _REPAIR_AFTER.match(text, d.end)
        if repair and _sounds_as([w for w in words if not TITLE.fullmatch(w)], repair["name"]):
            holders = [j for j in range(k + 1, min(k + 3, len(row)))
                       if row[j].start < repair.end("name") and repair.start("name") < row[j].end]
            if all(row[j].category not in ("person", "known") for j in holders):
                replaced.update(holders)
                extra.append(Detection(repair.start("name"), repair.end("name"), repair["name"], d.category,
                                       "named_again", d.code))
    for m in _RANK_HEAD.finditer(text):
        # After a rank, the head alone is no detection yet ("Bois" is a word): the two words are the surname.
        if heard_with_head(m["a"], m["b"]) and _RANK_BEFORE.search(text, max(0, m.start() - 40), m.start()) and not any(
                d.start < m.end() and m.start() < d.end for d in row):
            extra.append(Detection(m.start(), m.end(), m.group(), "person", "title"))
    if not extra:
        return row
    return sorted([d for j, d in enumerate(row) if j not in replaced] + extra, key=lambda d: d.start)


_KIN_OF_LOWER = re.compile(r"(?<![\w'’-])(?i:le|la|les|son|sa|ses|mon|ma|mes|un|une)[ \t]+(?i:gars|garçon|fils|fille|filles|"
                           r"femme|mari|chum|blonde|fr[èe]re|s(?:oe|œ)ur|p[èe]re|m[èe]re|gendre|bru|neveu|ni[èe]ce|"
                           r"petite?-(?:fils|fille)|veuve)[ \t]+(?:à|a)[ \t]+(?P<name>[a-zà-ÿ]{4,})(?![\w'’-])")
# Words that follow "le gars à" as a locution, not as the person whose relative it is ("le gars à côté").
_AFTER_A_LOCUTION = {"cote", "part", "droite", "gauche", "travers", "cause", "propos", "fond", "peine", "nouveau", "jamais",
                     "temps", "pied", "cheval", "velo", "moto", "bord", "plein", "moitie", "vie", "mort", "tout", "toute"}


def surnames_in_lower_case_after_kin(texts: list[str], found: list[list[Detection]]) -> list[list[Detection]]:
    """A surname the session names capitalised as a person's alone ("une madame Boulanger", "son nom c'est Boulanger"),
    in lower case after a word of kin and Québec's "à" ("le gars à boulanger c'est…"): the person whose relative it is,
    even a word (the capitalised name in the session says which words), not a locution's ("le gars à côté"). One list
    of new detections per text (round 22)."""
    named: set[str] = set()
    for row in found:
        for d in row:
            words = WORD.findall(d.original)
            if d.category == "person" and not d.code and len(words) == 1 and words[0][:1].isupper() and \
                    not words[0].isupper() and len(words[0]) >= 4 and fold(words[0]) not in NER_STOP | NOT_SURNAMES:
                named.add(fold(words[0]))
    result: list[list[Detection]] = [[] for _ in texts]
    if not named:
        return result
    for i, (text, row) in enumerate(zip(texts, found)):
        for m in _KIN_OF_LOWER.finditer(text):
            folded = fold(m["name"])
            if folded in named and folded not in _AFTER_A_LOCUTION and not any(
                    d.start < m.end("name") and m.start("name") < d.end for d in row):
                result[i].append(Detection(m.start("name"), m.end("name"), m["name"], "person", "named_again"))
    return result
