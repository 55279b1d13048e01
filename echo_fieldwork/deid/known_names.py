"""Finding the people the study knows by name. In every written form (split across a line or by a space, joined,
misheard, misspelt, spelled letter by letter, after a title), another person where a known name meets another surname;
counting the known names left in a text."""

from __future__ import annotations

import bisect
import re

from echo_fieldwork.deid.entities import NER_NO_IDENTIFIER
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.places import find_compound_places, find_known_places
from echo_fieldwork.deid.words import (
    CONNECTORS,
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    NOT_SURNAMES,
    PARTICLES,
    TIME_NOUNS,
    TITLE,
    Detection,
    Token,
    at_sentence_start,
    common_words,
    edit_distance_at_most_one,
    edit_distance_at_most_two,
    first_names,
    known_places,
    mid_sentence,
    name_key,
    phonetic_key,
    place_key,
    word_tokens,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")

# What may separate two tokens of one name: spaces, a hyphen, a line break (a name split across a line).
_NAME_GAP = re.compile(r"[ \t\u00a0]*(?:[-\u2010\u2011\u2013][ \t]*)?(?:\r?\n[ \t]*)?")
_LINE_BREAK_GAP = re.compile(r"[-\u2010\u2011]?[ \t]*\r?\n[ \t]*")
# The last check before a file leaves also rejoins "Trem- blay" (two segments of one turn, joined by a space).
_SCAN_HYPHEN_SPACE = re.compile(r"([^\W\d_]+)[-\u2010\u2011][ \t]+([^\W\d_]+)")


# The French titles a name in lower case may follow ("le docteur côté"); not a profession or a calling, which an
# adjective may follow ("l'infirmière clinicienne", "sœur aînée"), nor an English abbreviation ("100 ms while").
_NAME_TITLE = re.compile(r"(?i:docteure?|professeure?|madame|monsieur|mademoiselle)|(?:Drs?|Dre|Pr|Mme|Mlle|M)\.?")


def _split_halves(text: str, first: Token, second: Token, index: NameIndex) -> bool:
    """Whether two words may be the halves of a misheard name ("Bou lieu"): the first capitalised and no name
    by itself, the second no short word or connector ("Mercié a", "Bouchère et" are not halves); two common
    words ("Bou lieu") only mid-sentence, where the capital says "name"."""
    if len(second.word) < 2 or fold(second.word) in DETERMINERS | CONNECTORS | PARTICLES or second.word.isupper():
        return False
    # A 2-letter half only when the two sound exactly like a known name ("Thibo do" for Thibodeau; "Mercié a" is not).
    if len(second.word) == 2 and (len(first.word) < 4 or phonetic_key(first.word + second.word) not in index.phonetic):
        return False
    if index.approximate(first.word) is not None:
        return False
    common = common_words()
    if fold(first.word) in common and fold(second.word) in common:
        return mid_sentence(text, first.start)
    return True


_ARTICLES = {"la", "le", "les", "de", "du", "des"}
_PARTICLE_HEADS = {"de", "da", "del", "della", "van", "von", "di", "dos", "das"}


def _joined_tokens(text: str, tokens: list[Token], index: NameIndex) -> list[Token]:
    """Rejoin a word broken across a line ("Trem-\\nblay"), or split by a space ("Bou chard"), when the
    joined word is a known name."""
    result: list[Token] = []
    common = common_words()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 2 < len(tokens) and token.word.lower() in _PARTICLE_HEADS:
            # A particle surname written in three words ("de la cruz" for Dela Cruz, "van der berg" for Vanderberg),
            # after the same person's other name or a title or role ("marites de la cruz", "madame de la cruz"); "une
            # croix de la cruz" is nobody's, "de la plante" after a verb stays.
            middle, last = tokens[i + 1], tokens[i + 2]
            joined = name_key(token.word + middle.word + last.word)
            if (joined in index.by_key and joined not in index.first_keys and text[token.end:middle.start] == " "
                    and text[middle.end:last.start] == " " and not last.word.isupper()
                    and _said_of_person(text, tokens[i - 1] if i else None, token, joined, index)):
                result.append(Token(token.start, last.end, joined, token.word + middle.word + last.word))
                i += 3
                continue
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
                # Or as the subject of a verb after "mais", "que", "pis" ("mais bois vert y connaît du monde"),
                # where no determiner makes the two words a thing ("du bois vert y pousse" stays).
                split_by_space = (gap == " " and token.word.islower() and following.word.islower()
                                  and joined in index.by_key and joined not in index.first_keys
                                  and (_said_of_person(text, tokens[i - 1] if i else None, token, joined, index)
                                       or _named_in_lower_case(text, Token(token.start, following.end, joined,
                                                                           joined_word))
                                       or _plural_article_singular_verb(text, token, following)))
            if (gap == " " and token.word.lower() in _ARTICLES and joined in index.by_key and joined not in index.first_keys
                    and following.key not in index.by_key and not following.word.isupper()):
                # A surname written as an article and a word ("dominique la plante" for Laplante, "madame le blanc" for
                # Leblanc): after the same person's first name or a title, or the article capitalised where the
                # capital says "name" ("Mme La Plante"); "la plante verte", "du vin le blanc" stay.
                previous = tokens[i - 1] if i else None
                split_by_space = split_by_space or _said_of_person(text, previous, token, joined, index) or (
                    token.word[:1].isupper() and _capitalised_as_name(text, previous, token))
            elif (gap == " " and token.word in ("Du", "De", "Des", "La", "Le") and following.word[:1].isupper()
                  and not following.word.isupper() and following.key not in index.by_key and len(joined) >= 4
                  and _capitalised_as_name(text, tokens[i - 1] if i else None, token)):
                # The article and the word both capitalised mid-sentence, heard like a known surname ("C'est Du Pré,
                # ton nom de famille?" for Duperré): the capitals say "name", as "Bou chard" for Bouchard.
                # (Joined, they may spell a word, "Dupré": no common-word guard here, the capitals are the guard.)
                heard = {k for k in index.by_key if len(k) >= 5 and edit_distance_at_most_one(joined, k)} | set(
                    index.phonetic.get(phonetic_key(joined_word), ()))
                if len(heard) == 1 and not heard & set(index.first_keys):
                    joined, split_by_space = heard.pop(), True
            if joined not in index.by_key and gap == " ":
                heard_key = _two_given_names_heard(text, tokens[i - 1] if i else None, token, following, index)
                if heard_key is not None:     # "bic noc" for Bích Ngọc
                    joined, split_by_space = heard_key, True
            if joined not in index.by_key and gap == " " and token.word in _GAELIC_PREFIXES:
                heard_key = _gaelic_surname_heard(following.word, index)     # "Mc Loud" for MacLeod
                if heard_key is not None:
                    joined, split_by_space = heard_key, True
            if not split_by_space and joined not in index.by_key and i and gap == " ":
                heard_key = _surname_heard_in_two_after_first_name(text, tokens[i - 1], token, following, index)
                if heard_key is not None:
                    joined, split_by_space = heard_key, True
            if joined in index.by_key and (_LINE_BREAK_GAP.fullmatch(gap) or split_by_space):
                result.append(Token(token.start, following.end, joined, joined_word))
                i += 2
                continue
        result.append(token)
        i += 1
    return result


# A Scottish or Irish surname's prefix written apart, as ASR writes it ("Mc Loud", "Mac Donald"); "mac" in lower case is
# a word ("un mac"), "Mc" and "mc" are none.
_GAELIC_PREFIXES = {"Mc", "mc", "Mac", "MC", "MAC"}


def _gaelic_surname_heard(rest: str, index: NameIndex) -> str | None:
    """The one known surname Mac…/Mc… whose part after the prefix is `rest` as heard: the same first letter, two
    edits at most, 3 letters or more ("Mc Loud" for MacLeod, "Mac Donnell" for McDonald). Capitalised only."""
    if not rest[:1].isupper() or rest.isupper() or len(rest) < 3:
        return None
    heard = fold(rest)
    keys = {k for k in index.by_key if k not in index.first_keys and len(index.by_key[k]) == 1
            and re.fullmatch(r"ma?c[^\W\d_]{3,}", k)}
    matches = {k for k in keys if (tail := k[3:] if k.startswith("mac") else k[2:])[:1] == heard[:1]
               and edit_distance_at_most_two(tail, heard)}
    return matches.pop() if len(matches) == 1 else None


def _two_given_names_heard(text: str, previous: Token | None, first: Token, second: Token, index: NameIndex) -> str | None:
    """A known name of two given names, each misheard by one letter ("bic noc" or "Bic Noc" for Bích Ngọc): the
    first two words of one person's name of three words or more (the surname after them), each of 4 letters or more,
    heard one letter away each with the same first letter, in the same case; at least one word misheard into no
    French word ("bic" is one, "noc" is none). Not after a determiner ("le bic noc")."""
    a, b = fold(first.word), fold(second.word)
    if len(a) < 3 or len(b) < 3 or first.word.isupper() or second.word.isupper() or (
            first.word.islower() != second.word.islower()) or (previous is not None and fold(previous.word) in DETERMINERS
                                                              and text[previous.end:first.start] in (" ", "'", "’")):
        return None
    common = common_words()
    heard = set()
    words = (name_key(first.word), name_key(second.word))
    for name in index.names:
        if len(name.keys) < 3 or name.keys[0][:1] != words[0][:1] or name.keys[0] + name.keys[1] not in index.by_key \
                or name.keys[0] not in index.first_keys:
            continue
        parts = (name.keys[0], name.keys[1])
        if (all(len(p) >= 4 and w[:1] == p[:1] and edit_distance_at_most_one(w, p) for w, p in zip(words, parts))
                and words != parts and any(w != p and f not in common for w, p, f in zip(words, parts, (a, b)))):
            heard.add(parts[0] + parts[1])
    key = heard.pop() if len(heard) == 1 else None
    return key if key is not None and len(index.by_key[key]) == 1 else None


def _sound(word: str) -> str:
    """The phonetic key with a soft g heard as j ("gendron" and "jean dron" alike)."""
    return phonetic_key(re.sub(r"g(?=[eiyéèêë])", "j", word.lower()))


def _surname_heard_in_two_after_first_name(text: str, previous: Token, first: Token, second: Token,
                                           index: NameIndex) -> str | None:
    """A known surname heard as two lower-case words right after the same person's first name ("francis jean dron"
    for Francis Gendron, "Marie-Josée vaillant court" for Vaillancourt): the two words joined sound like that person's surname (one sound away at most, a soft g
    heard as j). Only after the first name of one person, only that person's surname of 6 letters or more."""
    if not ((previous.word.islower() or previous.word[:1].isupper()) and first.word.islower() and second.word.islower()) or len(second.word) < 3:
        return None
    if text[previous.end:first.start] not in (" ", "\u00a0") or not (
            previous.key in index.first_keys or text[previous.start - 1:previous.start] in ("-", "\u2010", "\u2011")):
        return None         # a first name, or the second half of a compound one ("Marie-Josée vaillant court")
    owners = index.by_key.get(previous.key, [])
    if len(owners) != 1 or fold(second.word) in DETERMINERS | CONNECTORS | PARTICLES:
        return None
    sound = _sound(first.word + second.word)
    heard = {k for k in index.keys_of(owners[0]) - set(index.first_keys) - {previous.key} if len(k) >= 6 and len(index.by_key[k]) == 1
             and edit_distance_at_most_one(sound, _sound(k))}
    return heard.pop() if len(heard) == 1 else None


def _said_of_person(text: str, previous: Token | None, token: Token, key: str, index: NameIndex) -> bool:
    """Whether the words before `token` say "person" for the known name `key`: a title or a role with its determiner
    right before ("madame", "la pharmacienne"), or another part of the same person's name ("josiane vigneau",
    "marie-claude bois vert")."""
    return bool(PERSON_BEFORE.search(text, max(0, token.start - 40), token.start)) or (
        previous is not None and previous.key != key and text[previous.end:token.start] in (" ", "\u00a0")
        and bool(set(index.by_key.get(previous.key, ())) & set(index.by_key.get(key, ()))))


def _capitalised_as_name(text: str, previous: Token | None, token: Token) -> bool:
    """A capitalised word where the capital says "name": not all capitals, mid-sentence and not after a determiner."""
    return (token.word[:1].isupper() and not token.word.isupper() and mid_sentence(text, token.start)
            and not (previous is not None and fold(previous.word) in DETERMINERS))


# Québec fillers that are also short names or aliases ("Ben"), and the words that follow them as fillers: a name
# is no subject pronoun's neighbour ("Ben oui", "Ben là", "Ben c'est", "Ben je pense"; "Ben m'a dit" is a name).
_FILLERS = {"ben", "bin"}
_FILLER_AFTER = re.compile(r"[ \t]+(?i:oui|non|l[àa]|voyons|coudonc|voil[àa]|d['’]accord|alors|sinon|bon|"
                           r"c['’]est|[çc]a|moi|toi|je|j['’]|on|il|ils|elle|elles|nous|vous|tu|t['’]|pis|ts[ée]|"
                           r"mettons|disons|s[ûu]r|certain|justement|quand|si|en|y|trop|tant|dans|de|du|des|la|le|les)\b")


def _candidate(token: Token, previous: Token | None, text: str, index: NameIndex) -> tuple[str | None, bool]:
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
        if token.word.islower() and not after_determiner and (_named_in_lower_case(text, token)
                                                              or _coordinated_with_known(text, token, index)
                                                              or _cleft_subject(text, token)
                                                              or _addressed_by_first_name(text, token, key, index)):
            return key, True        # "merci aimé", "pis que aimé présente", "aimé, vous vouliez": the context says "name"
        return key, token.word[:1].isupper() and not token.word.isupper() and not after_determiner
    approximate = index.approximate(token.word)
    if approximate is not None and _demonym(token.word):
        approximate = None      # "une Haïtienne" is nobody's name, however close to Étienne it sounds
    if approximate is None and token.word.islower() and len(token.word) >= 5:
        # A known surname misheard, in lower case, where the context says "person": after a title or a role ("la
        # pharmacienne vigneau", "madame vigneau" for Vigneault) or the same person's first name ("josiane vigneau").
        heard = index.approximate(token.word.capitalize())
        if heard is not None and heard not in index.first_keys and _said_of_person(text, previous, token, heard, index):
            return heard, True
    if approximate is None and fold(token.word) in common_words() and (
            previous is None or fold(previous.word) not in DETERMINERS) and mid_sentence(text, token.start):
        approximate = index.as_name(token.word)     # "Marchant" for Marchand, capitalised mid-sentence
    return approximate, True


_DEMONYM_ENDING = re.compile(r"(ien|éen|ain|ais|ois|an|in)(ne|e)?s?$")


def _demonym(word: str) -> bool:
    """Whether a word is a demonym or a nationality in any gender or number ("Haïtienne", "Marocaines", "Chinoise"):
    a demonym's ending whose masculine singular is a word of the language and no first name."""
    match = _DEMONYM_ENDING.search(word.lower())
    masculine = fold(word[:match.start()] + match.group(1)) if match else ""
    return masculine in common_words() and masculine not in first_names()     # "Julienne" stays Julien's


# A known first name that is a word, in lower case as ASR writes it, where only a person fits: after a title or thanks,
# as a subject between a conjunction and a verb ("pis que aimé présente", "quand rose a dit"), or addressed at the
# start of a sentence before "tu"/"vous" ("aimé, vous vouliez"). A past participle or an adjective is never the
# subject after "que", "pis" ("j'ai aimé la partie", "une robe rose pis moi").
SUBJECT_BEFORE = re.compile(r"(?<![\w'’-])(?i:que|pis|puis|mais|quand|comme|si|parce[ \t]+que)[ \t]+$")
VERB_AFTER = re.compile(r"[ \t]+(?i:est|[ée]tait|a|avait|va|allait|vient|venait|dit|disait|fait|faisait|pr[ée]sente|"
                         r"pr[ée]sentait|parle|parlait|pense|pensait|travaille|travaillait|veut|voulait|peut|pouvait|sait|"
                         r"savait|conna[îi]t|connaissait|trouve|trouvait|m['’]|me|nous|lui|leur|y|en)(?![\w-])")
_ADDRESSED_AFTER = re.compile(r"[ \t]*,[ \t]*(?i:tu|vous|toi|t['’]|as-tu|avez-vous|veux-tu|voulez-vous)(?![\w-])")
# Addressed without the comma ASR drops: the name alone before "t'sais", "tsé", "tu sais", "vous savez".
_ADDRESSED_NO_COMMA = re.compile(r"[ \t]*,?[ \t]*(?i:t['’]sais|tsé|tsais|tu[ \t]+sais|vous[ \t]+savez)(?![\w'’-])")


# A known surname heard as "des" and a plural word ("des jardins" for Desjardins) opening a clause, then a verb in the
# singular ("des jardins y va tout le temps"): the plural article cannot be the subject of a singular verb, only a
# name can. Only at the start of a sentence or after a conjunction ("le gardien des jardins a fermé": "des" is "de
# les" after a noun there; "des jardins y poussent", "des jardins, y en a" stay).
_SINGULAR_VERB_AFTER = re.compile(r"[ \t]+(?:(?i:y|en|m['’]|me|nous|lui|leur|l['’]|le|la|les)[ \t]*)?"
                                  r"(?i:est|[ée]tait|a|avait|va|allait|vient|venait|dit|disait|fait|faisait|veut|"
                                  r"voulait|peut|pouvait|sait|savait|conna[îi]t|connaissait)(?![\w'’-])")


def _plural_article_singular_verb(text: str, article: Token, word: Token) -> bool:
    before = text[max(0, article.start - 30):article.start]
    return (article.word == "des" and word.word.islower() and len(word.word) >= 4
            and (at_sentence_start(text, article.start) or SUBJECT_BEFORE.search(before) is not None)
            and bool(_SINGULAR_VERB_AFTER.match(text, word.end)))


def _named_in_lower_case(text: str, token: Token) -> bool:
    before = text[max(0, token.start - 30):token.start]
    if TITLE_BEFORE.search(before) or THANKS_BEFORE.search(before):
        return True
    if SUBJECT_BEFORE.search(before) and VERB_AFTER.match(text, token.end):
        return True
    return at_sentence_start(text, token.start) and bool(_ADDRESSED_AFTER.match(text, token.end))


# A cleft sentence's subject: "c'est rosie qui m'a amené", "c'était blanche qui parlait". Only a person (or a thing
# with its determiner) fits between "c'est" and "qui" then a verb; an adjective ("c'est rose", "c'est aimé") takes no
# "qui" and a verb after it.
_CLEFT_BEFORE = re.compile(r"(?<![\w'’-])(?i:c['’]est|c['’][ée]tait)[ \t]+$")
_CLEFT_QUI = re.compile(r"[ \t]+qui(?=[ \t])")
_CLITIC_AFTER = re.compile(r"[ \t]+(?i:m|t|l|s|n)['’]")


def _cleft_subject(text: str, token: Token) -> bool:
    qui = _CLEFT_QUI.match(text, token.end)
    return bool(qui and _CLEFT_BEFORE.search(text, max(0, token.start - 20), token.start)
                and (VERB_AFTER.match(text, qui.end()) or _CLITIC_AFTER.match(text, qui.end())))


def _addressed_by_first_name(text: str, token: Token, key: str, index: NameIndex) -> bool:
    """A participant's first name in lower case alone at the start of a sentence before "t'sais", "tu sais" ("francis
    t'sais moi je connais"): the speaker turns to that person. Only one person's first name of 4 letters or more, no
    filler ("ben t'sais", "bon t'sais" stay)."""
    return (key in index.first_keys and len(index.by_key.get(key, ())) == 1 and len(key) >= 4
            and fold(token.word) not in _FILLERS | CONNECTORS and at_sentence_start(text, token.start)
            and bool(_ADDRESSED_NO_COMMA.match(text, token.end)))

# A known name that is a word, in lower case, coordinated with another known name as the subject of a verb ("que rania
# pis max amenaient des cas", "rania, max pis moi on…" stays out: no verb right after): the name before the conjunction
# is a study's name that is no word, the word after it a verb (one of the usual ones, or a verb in the imperfect or in
# "-ont").
_COORDINATED_BEFORE = re.compile(r"(?<![\w'’-])(?P<name>[^\W\d_]+)[ \t]*(?:,[ \t]*|[ \t]+(?i:pis|puis|et)[ \t]+)$")
_PLURAL_VERB_AFTER = re.compile(r"[ \t]+(?!dont(?![\w'’-]))[a-zà-ÿ]*(?:aient|ait|ont)(?![\w'’-])")


def _coordinated_with_known(text: str, token: Token, index: NameIndex) -> bool:
    other = _COORDINATED_BEFORE.search(text, max(0, token.start - 40), token.start)
    if other is None:
        return False
    key = name_key(other.group("name"))
    return key in index.by_key and index.known_alone(key) and fold(other.group("name")) not in common_words() and (
        bool(VERB_AFTER.match(text, token.end)) or bool(_PLURAL_VERB_AFTER.match(text, token.end)))


def _tokens_from(tokens: list[Token], starts: list[int], start: int, end: int) -> list[Token]:
    """The tokens (in text order, `starts` their starts) that start in [start, end): found by bisection, so that the
    final scan over a whole export does not go through every word for each name or title."""
    return tokens[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _is_surname_like(token: Token, index: NameIndex) -> bool:
    """A capitalised word that is no known name and no common word: another person's surname ("Lavoie")."""
    return (token.word[:1].isupper() and not token.word.isupper() and len(token.word) >= 2
            and token.key not in index.by_key and fold(token.word) not in common_words()
            and fold(token.word) not in PARTICLES)


def _is_other_first_name(token: Token, index: NameIndex) -> bool:
    """A capitalised first name from the list that no known person has, even one that is a word ("Gilles")."""
    return (token.word[:1].isupper() and not token.word.isupper() and token.key not in index.by_key
            and fold(token.word) in first_names())


# The capitals an apostrophe joins to a surname: Irish "O'Brien", French "D'Amours", West African "N'Diaye".
_APOSTROPHE_PREFIXES = {"O", "D", "N"}


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def find_titled_names(text: str, index: NameIndex) -> list[Detection]:
    """A title followed by a capitalised name marks a person: "le Dr Jean Lavoie" is one person (a third
    party) even when "Jean" is a participant's first name; "Mme Rose" is a name, not a colour."""
    found = []
    every: list[Token] | None = None
    for match in TITLE.finditer(text):
        # The words after the title, a split known name rejoined ("monsieur Bois vert" is Boisvert); tokenised once
        # per text, and the window found by bisection: the final scan reads a whole export, with many titles.
        if every is None:
            every = _joined_tokens(text, word_tokens(text), index)
            starts = [t.start for t in every]
        offset = match.end()
        tokens = [Token(t.start - offset, t.end - offset, t.key, t.word)
                  for t in _tokens_from(every, starts, offset, offset + 80) if t.end <= offset + 80]
        taken: list[Token] = []
        for k, t in enumerate(tokens):
            gap = text[match.end() + (taken[-1].end if taken else 0):match.end() + t.start] if taken else \
                text[match.end():match.end() + t.start]
            # "O'Brien", "D'Amours", "N'Diaye": a capital, an apostrophe and a capitalised word are one name.
            apostrophe = gap in ("'", "’") and bool(taken) and taken[-1].word in _APOSTROPHE_PREFIXES
            # Initials with their points and a space ("monsieur R. L."): one capital after another.
            # And the surname after them ("madame J. P. Gagnon"): a capitalised word that is no common word or listed
            # place, which may start the next sentence ("Le Dr A. Il est venu", "madame B. Montréal, c'est loin").
            # Initials of a compound first name joined by a hyphen ("le Dr J.-P. Lachance"): one initial to the next.
            initials = bool(taken) and (re.fullmatch(r"\.[ \t]?", gap) is not None or (
                re.fullmatch(r"\.[-\u2010\u2011]", gap) is not None and _is_initial(t.word))) and all(
                _is_initial(w.word) for w in taken) and (_is_initial(t.word) or (
                    gap != "." and t.word[:1].isupper() and not t.word.isupper() and len(t.word) >= 3
                    and fold(t.word) not in common_words() | NER_STOP
                    and not any(len(e.keys) == 1 for e in known_places().get(place_key(t.word), ()))))
            # Four words of a name at most, its lower-case particles aside ("Marie-Josée de la Durantaye").
            if not (_NAME_GAP.fullmatch(gap) or apostrophe or initials) or sum(not (w.word.islower() and w.word in PARTICLES)
                                                                   for w in taken) >= 4:
                break
            if t.word.lower() in PARTICLES and t.word.islower() and (k + 1 < len(tokens) or (
                    taken and taken[-1].word[:1].isupper() and fold(taken[-1].word) in PARTICLES
                    and not text[offset + t.end:].strip())):
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
                        heard_with_head(t.word, following.word) and not THANKS_BEFORE.search(
                            text[max(0, match.start() - 30):match.start()])))
                if (not taken and _lower_case_person(t.word, index) or article or heard) and \
                        _NAME_TITLE.fullmatch(match.group()) and \
                        not re.search(r"(?<![\w-])(?i:une?|cette|ce)[ \t]+$", text[max(0, match.start() - 8):match.start()]):
                    taken += [t, following] if heard and not _lower_case_person(t.word, index) else [t]
                break
            # "le Dr Jean de la Fontaine de Laval": "de" and a listed place after a full name (a first name and a
            # surname apart) is where the person is from; "le Dr Jean-Marc de Grandpré" is one name.
            if taken and taken[-1].word in ("de", "du", "d") and any(w.word[:1].isupper() for w in taken[1:]) and \
                    any(len(e.keys) == 1 for e in known_places().get(place_key(t.word), ())) and \
                    not all(text[offset + a.end:offset + b.start] in ("-", "\u2010", "\u2011")
                            for a, b in zip(taken, taken[1:]) if b.word[:1].isupper()):
                break
            taken.append(t)
        while taken and taken[-1].word.lower() in PARTICLES and taken[-1].word.islower() and not (
                len(taken) >= 2 and taken[-2].word[:1].isupper() and fold(taken[-2].word) in PARTICLES
                and not text[match.end() + taken[-1].end:].strip()):
            taken.pop()     # "le docteur Van der" at a segment's end keeps its particles: the name goes on in the next
        if not taken:
            continue
        # "l'infirmière du CLSC", "la travailleuse sociale de l'OFQJ": a particle then an acronym is a workplace.
        if taken[0].word.islower() and any(t.word.isupper() and len(t.word) > 1 for t in taken):
            continue
        start, end = match.end() + taken[0].start, match.end() + taken[-1].end
        if len(taken) > 1 and all(_is_initial(t.word) for t in taken) and text[end:end + 1] == ".":
            end += 1        # "monsieur R. L.": the last initial's point too
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


def _other_compound_first_name(text: str, tokens: list[Token], index: NameIndex, i: int, j: int) -> bool:
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
    tokens = _joined_tokens(text, word_tokens(text), index)
    candidates = [_candidate(t, tokens[i - 1] if i else None, text, index) for i, t in enumerate(tokens)]
    found: list[Detection] = list(titled)

    def inside_title(token: Token) -> bool:
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
                                      and tokens[j + 1].word.islower() and lower_case_surname(tokens[j + 1].word, index)
                                      and not _coordinated_with_known(text, tokens[j], index)))
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
            if any(m.group().isupper() for m in written) or fold(word) in NER_NO_IDENTIFIER:
                continue    # an acronym spelled out ("le CLSC, C-L-S-C")
            if codes or fold(word) in first_names() or written:
                found.append(Detection(match.start(), match.end(), match.group(), "person", "name"))
                # Its surname said after it between commas ("Oksana, O-K-S-A-N-A, Bondarenko, qui travaille"): a
                # capitalised word that is no common word, first name, listed place, acronym or filler.
                after = _SURNAME_AFTER_SPELLING.match(text, match.end())
                if after and unlisted_surname(after.group("word")):
                    found.append(Detection(after.start("word"), after.end("word"), after.group("word"), "person", "name"))
                found += [_with_surnames_after(text, Detection(m.start(), m.end(), m.group(), "person", "name"), index)
                          for m in written]
    # The diminutive "Ti" of a known alias ("Ti-Dan") before another word is someone else's nickname ("Comme Ti-Loup"):
    # not the participant's, the "Ti-" rule takes the whole.
    found = [d for d in found if not (fold(d.original) == "ti" and DIMINUTIVE.match(text, d.start))]
    return sorted(found, key=lambda d: d.start)


_SURNAME_AFTER_SPELLING = re.compile(r"[ \t]*,[ \t]*(?P<word>[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]{2,})?)"
                                     r"(?=[ \t]*[,.;!?]|[ \t]*$|[ \t]+(?i:qui|elle|il)(?![\w'’-]))")


def unlisted_surname(word: str) -> bool:
    parts = [fold(p) for p in re.split(HYPHEN, word)]
    return not any(p in common_words() | first_names() | NER_STOP | NOT_SURNAMES | CONNECTORS | TIME_NOUNS | NER_NO_IDENTIFIER
                   for p in parts) and not known_places().get(place_key(word))


_SURNAME_AFTER = re.compile(r"[ \t]+(?P<word>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?![\w'’-])")


def _with_surnames_after(text: str, detection: Detection, index: NameIndex) -> Detection:
    """A name written near its spelling runs on over the capitalised surnames after it ("une femme, Yuridia Hernández
    López, … Ça s'écrit Y-U-R-I-D-I-A"): up to two words that may be surnames (no common word, known name, particle)."""
    end = detection.end
    for _ in range(2):
        match = _SURNAME_AFTER.match(text, end)
        if not match or not all(_is_surname_like(Token(w.start(), w.end(), name_key(w.group()), w.group()), index)
                                and fold(w.group()) not in NER_STOP | NOT_SURNAMES and not known_places().get(place_key(w.group()))
                                for w in re.finditer(r"[^\W\d_]+", match.group("word"))):
            break
        end = match.end()
    return Detection(detection.start, end, text[detection.start:end], detection.category, detection.detector)


_SPELLED = re.compile(r"(?<![\w-])[A-ZÀ-Ý](?:[-\u2010\u2011][A-ZÀ-Ý]){2,}(?![\w-])")


def lower_case_surname(word: str, index: NameIndex) -> bool:
    """A word in lower case that may be a surname after a first name ("bélanger"): no common word, first name, listed
    place, filler or known name, 3 letters or more."""
    folded = fold(word)
    return not (len(folded) < 3 or folded in common_words() or folded in first_names()
                or folded in NER_STOP | NOT_SURNAMES | CONNECTORS or name_key(word) in index.by_key
                or known_places().get(place_key(word)) or any(fold(p) in common_words() for p in re.split(HYPHEN, word)))


# Québec's diminutive "Ti-" before a first name ("Ti-Steve", "Ti-Jean", "ti-guy" as ASR writes it).
DIMINUTIVE = re.compile(r"(?<![\w-])(?:Ti|ti|TI)[-\u2010\u2011](?P<name>[^\W\d_]+)(?![\w-])")


# Frequent Québec surnames that are also French words ("le docteur côté", "madame parent"): a surname where only a
# name fits (right after a title), a word elsewhere. Written by hand from the most frequent surnames of Québec.
SURNAME_WORDS = {"cote", "gagne", "martin", "richard", "parent", "poirier", "fournier", "mercier", "paradis", "champagne",
                  "carrier", "brassard", "couture", "masse", "grenier", "perron", "prince", "pilon", "boucher", "boulanger",
                  "charpentier", "meunier", "berger", "marchand", "chevalier", "picard", "fortin", "caron", "sauve", "page",
                  "leclerc", "lebrun", "lenoir", "leblond", "lamarre", "lapierre", "laporte", "lacroix", "larose", "labonte",
                  "boisvert", "bonneau", "cadieux", "drapeau", "letourneau", "moineau", "rivard", "savoie", "hamel",
                  "poisson", "renaud", "jolicoeur", "marin", "carbonneau", "cardinal", "lemire", "tanguay", "roi", "roy"}


# The endings of adjectives and participles that follow a noun: "une madame haïtienne", "l'infirmière clinicienne".
ADJECTIVE_ENDING = re.compile(r"(?:ienne|iennes|iens|aise|aises|ique|iques|euse|euses|ee|ees)$")


def _lower_case_person(word: str, index: NameIndex) -> bool:
    """A word in lower case that is a name right after a title ("le docteur côté", "la docteure nguyen", "madame
    vigneau"): a possible surname, a listed first name that is no word, a frequent surname that is one, a known name
    or one misheard; no other common word ("le docteur pis moi", "madame est là")."""
    folded = fold(word)
    return word.islower() and len(folded) >= 3 and folded not in NER_STOP | NOT_SURNAMES | CONNECTORS and (
        (lower_case_surname(word, index) and not ADJECTIVE_ENDING.search(folded)) or folded in SURNAME_WORDS or name_key(word) in index.by_key
        or (folded in first_names() and folded not in common_words())
        or index.approximate(word.capitalize()) is not None)


# A person introduced by a relation or a role: "mon fils Denis", "sa fille, Rose,", "ma collègue Julie", "le patient,
# Marcel", "une patiente, Thérèse", "la secrétaire du GMF" (the words between the role and the name are few).
ROLES = (r"fils|filles?|femme|mari|parents|grands-parents|beaux-parents|fr[èe]res|s(?:oe|œ)urs|amie?s|voisine?s|cousine?s|"
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
ROLE_DETERMINER = (r"(?:(?:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|le|la|les|un|une|cette|ce|"
                    r"cet)[ \t]+|l['’][ \t]*)")
ROLE_ADJECTIVE = (r"(?:(?:ancien|ancienne|nouveau|nouvel|nouvelle|petit|petite|grand|grande|cher|ch[èe]re|meilleur|"
                   r"meilleure|vieux|vieil|vieille|jeune|autre|propre|d[ée]funte?|feu)[ \t]+|ex-)")
# A title or a role right before a word: the word is a person's name where it may be one ("la pharmacienne vigneau").
PERSON_BEFORE = re.compile(rf"(?:{TITLE.pattern}|(?<![\w-])(?i:{ROLE_DETERMINER}{ROLE_ADJECTIVE}?(?:{ROLES})))[ \t]+$")
OFFICES = re.compile(rf"(?i:{ROLES}|ministre|pr[ée]sidente?|maire|mairesse|juge|d[ée]put[ée]e?|commissaire|doyenne?|"
                      r"s[ée]natrice|s[ée]nateur|ambassadrice|ambassadeur|consule?|rectrice|recteur|v[ée]rificatrice|"
                      r"v[ée]rificateur|protectrice|protecteur|ombudsman|greffi[èe]re?|sp[ée]cialiste|r[ée]sidente?)")
_NOT_HEARD_SURNAMES = {"plus", "moins", "meme", "premier", "premiere", "seul", "seule", "fois", "veille", "bas", "haut",
                       "matin", "soir", "midi", "lendemain", "suivant", "suivante", "dernier", "derniere"}


def _heard_surname(word: str) -> bool:
    """Whether a lower-case word after a title and "la"/"le" may be the second half of a surname heard as two words
    ("montagne" of "la montagne" for Lamontagne): a common word of 4 letters or more, no office, role or time."""
    folded = fold(word)
    return (len(folded) >= 4 and folded in common_words() and not OFFICES.fullmatch(word)
            and folded not in TIME_NOUNS | _NOT_HEARD_SURNAMES | DETERMINERS | CONNECTORS)


def _heard_in_two(first: str, second: str) -> bool:
    """Whether two lower-case words after a title may be one surname heard as two ("yoga raja" for Yogarajah): the
    second no common word, the first no word of grammar, office, time or speech ("madame est partie", "monsieur
    dit ça")."""
    a, b = fold(first), fold(second)
    return len(a) >= 3 and len(b) >= 3 and b not in common_words() and b not in NER_STOP | _FILLERS and \
        a not in NER_STOP | NOT_SURNAMES | _NOT_HEARD_SURNAMES | DETERMINERS | CONNECTORS | PARTICLES | TIME_NOUNS | \
        _FILLERS and not OFFICES.fullmatch(first) and not VERB_AFTER.fullmatch(" " + first) and \
        not ADJECTIVE_ENDING.search(a) and not re.search(r"(?:er|ir|ait|ant|ez|ée?s?)$", a)


# The first halves of French surnames heard as an adjective and a noun ("beau chemin" for Beauchemin, "bon enfant" for
# Bonenfant, "bois vert" for Boisvert), and the nouns of a wish after a title that are no surname ("monsieur bonne
# journée").
_SURNAME_HEADS = {"beau", "bel", "belle", "bon", "bonne", "grand", "grande", "petit", "bois", "mont", "franc", "fort", "haut",
                  "long", "blanc", "vieux", "bonhomme", "champ", "clair", "beaux", "sans", "vert"}
_WISHES = {"matin", "journee", "soiree", "apres", "appetit", "courage", "voyage", "chance", "nuit", "annee", "fete", "semaine",
           "retour", "travail", "vent", "continuation", "week", "fin", "dimanche", "anniversaire", "sante", "noel", "ete"}


def heard_with_head(first: str, second: str) -> bool:
    """Whether two lower-case words after a title may be one French surname heard as two: the first the head of many
    surnames (`_SURNAME_HEADS`), the second a noun of 4 letters or more, no wish, office, role or time."""
    a, b = fold(first), fold(second)
    return a in _SURNAME_HEADS and len(b) >= 4 and b not in _WISHES and _heard_surname(second)


THANKS_BEFORE = re.compile(r"(?<![\w-])(?i:merci|remercie[rz]?|f[ée]liciter|bravo|bonjour|salut)[ \t]+(?i:à[ \t]+)?$")


TITLE_BEFORE = re.compile(rf"(?:{TITLE.pattern})[ \t]+$")


def count_name_hits(text: str, index: NameIndex) -> dict[str, int]:
    """How many known names `text` holds, per name key, found the way detection finds them (misspelt,
    split, joined, inflected): the last check before a file leaves. Words on the keep list do not count."""
    text = _SCAN_HYPHEN_SPACE.sub(
        lambda m: m.group(1) + m.group(2) if name_key(m.group(1) + m.group(2)) in index.by_key else m.group(0), text)
    hits: dict[str, int] = {}
    tokens: list[Token] | None = None
    for detection in find_known_names(text, index):
        if fold(detection.original) in index.keep:
            continue
        # The words as the whole text joins them ("monsieur Bois vert": the context says "name").
        if tokens is None:
            tokens = _joined_tokens(text, word_tokens(text), index)
            starts = [t.start for t in tokens]
        for token in _tokens_from(tokens, starts, detection.start, detection.end):
            key = token.key if token.key in index.by_key else index.approximate(token.word) or index.as_name(token.word)
            if key and key not in PARTICLES:
                hits[key] = hits.get(key, 0) + 1
    return hits


# The speaker's own short name after a verb of naming said of them ("les gars de la construction, eux, ils m'appellent
# Ron" for Ronald): "m'appelle", "m'appellent", "m'appelait", "m'appelaient", "me surnomment"…
_CALLS_ME = re.compile(r"(?<![\w'’-])(?:m['’][ \t]*appel(?:le|lent|ait|aient|lera|leront)|me[ \t]+surnomm(?:e|ent|ait|aient))"
                       r"[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})(?![\w'’-])")


def speakers_short_name(text: str, speaker: str | None, index: NameIndex) -> list[Detection]:
    """The speaker's own first name cut short where they say what others call them ("ils m'appellent Ron", Ronald
    Montour speaking): a capitalised word of 3 letters or more, no common word or listed place, that starts one of
    the speaker's first names, 2 letters shorter or more. Only the speaker's: another participant's short name, or any
    name in a note without a speaker, is left to the other rules."""
    if not speaker:
        return []
    firsts = [k for k, codes in index.first_keys.items() if speaker in codes]
    found = []
    for match in _CALLS_ME.finditer(text):
        word = match.group("name")
        key = name_key(word)
        if fold(word) in common_words() | NER_STOP or known_places().get(place_key(word)) or len(key) < 3 or \
                not any(len(k) >= len(key) + 2 and k.startswith(key) for k in firsts):
            continue
        found.append(Detection(match.start("name"), match.end("name"), word, "known", "known", code=speaker))
    return found
