"""Finding places by list and by shape. The places every study knows (`words.known_places`), a place after a
preposition, compound names, streets at a corner, highways, rangs, a bar or a neighbourhood by its capitals ("au Flamant
Rose", "sur le Plateau")."""

from __future__ import annotations

import re

from echo_fieldwork.deid.entities import DRUG_BRANDS, EPONYM_DISEASES, NER_NO_IDENTIFIER, idiom_name
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.patterns import ORDINAL_STREET
from echo_fieldwork.deid.words import (
    CONNECTORS,
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    NOT_SURNAMES,
    TIME_NOUNS,
    TITLE,
    VIETNAMESE_SURNAMES,
    WORD,
    Detection,
    common_words,
    first_names,
    known_places,
    mid_sentence,
    name_key,
    place_key,
    rare_words,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")


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


_PLACE_PREPOSITIONS = {"a", "en", "de", "d", "vers", "depuis", "pres", "from", "in", "to"}  # "à Paris", "près de Laval"
# What may separate two words of one place name: spaces, a hyphen or dash, an apostrophe.
_PLACE_GAP = re.compile(r"[ \t\u00a0]*[-\u2010\u2011\u2013\u2014'’.,]?[ \t\u00a0]*")


# After a place name: another capitalised word or a possessive 's ("à Notre Dame", "chez McDonald's"), a longer name.
_NAME_GOES_ON = re.compile(r"[ \t]+[A-ZÀ-Ý]|['’]s\b")

_LONGER_PLACE_AFTER = re.compile(r"(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]*)+(?![\w'’-])")


def find_known_places(text: str, categories: tuple[str, ...] = ("place", "organisation")) -> list[Detection]:
    """Listed places and institutions written as names: every word capitalised but the connectors
    ("Val-des-Sources", "Pays de la Loire", "CIUSSS de l'Estrie", "St-Jérôme"), acronyms in capitals."""
    listed = known_places()
    words = list(WORD.finditer(text))
    keys = [place_key(m.group()) for m in words]
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
        category = match.category
        glued = _GLUED_BEFORE.search(text, max(0, start - 30), start) if match.acronym else None
        if glued:
            # A listed acronym glued after a capitalised word is a longer name, a metro station's: "de Berri-UQAM".
            start, category = glued.start(), "place"
        found.append(Detection(start, end, text[start:end], category, "places"))
        i += len(match.keys)
    return found


_GLUED_BEFORE = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][a-zà-ÿ]{2,}[-\u2010\u2011]$")


PLACE_PART = r"[A-ZÀ-Ý][^\W\d_]*"
_COMPOUND_PLACE = re.compile(
    rf"(?<![\w-]){PLACE_PART}(?:{HYPHEN}{PLACE_PART})*{HYPHEN}(?:sur|sous|du|de|des|au|aux|à|en|la|le|les|l[èe]s|d['’]|l['’])"
    rf"(?:{HYPHEN}(?:la|l['’]))?(?:{HYPHEN}|(?<=['’])){PLACE_PART}(?:{HYPHEN}(?:(?:sur|sous|du|de|des|au|aux|en|la|le|les|"
    rf"d['’]){HYPHEN}?)?{PLACE_PART})*(?![\w-])")
_SAINT_PLACE = re.compile(
    rf"(?<![\w-])(?i:à|en|de|d['’]|vers|depuis|près[ \t]+de|pr[eè]s[ \t]+d['’])[ \t]*(?P<place>(?:Saint|Sainte|St|Ste)\.?"
    rf"{HYPHEN}{PLACE_PART}(?:{HYPHEN}{PLACE_PART})*)(?![\w-])")


# Capitalised parts joined by a hyphen, one of them a word of geography ("Grande-Vallée", "Lac-Etchemin", "Cap-Chat",
# "Rivière-Rouge", "Vieux-Port"); a family word ("Grand-Mère", "Petite-Fille") or a common compound is none.
_GEO_HEADS = (r"Grande?|Petite?|Haute?|Basse?|Bas|Vieux|Vieille|Nouveau|Nouvelle|Lac|Mont|Cap|Baie|Pointe|Rivi[èe]re|Anse|[ÎI]les?|Port|Fort|"
              r"Val|Sept|Trois|Deux|Notre|Ville|Gros|Grosse|Cantons?")
_GEO_TAILS = (r"Vall[ée]e|Rivi[èe]res?|Baie|Lac|[ÎI]les?|Pointe|Anse|Montagne|Rapides|Chutes|Cap|C[ôo]te|Mont|Ville|Bois|"
              r"Prairies?|Fourches?|Plages?|Sources?|Falls|Sud|Nord|Est|Ouest|Village|Station|Port|Ruisseau|Portage|Lacs|Monts")
_GEO_COMPOUND = re.compile(
    rf"(?<![\w-])(?:(?:{_GEO_HEADS}){HYPHEN}{PLACE_PART}|{PLACE_PART}{HYPHEN}(?:{_GEO_TAILS}))(?:{HYPHEN}{PLACE_PART})*(?![\w-])")
_FAMILY = {"mere", "pere", "maman", "papa", "fille", "fils", "frere", "soeur", "oncle", "tante", "enfant", "enfants",
           "parents", "cousin", "cousine", "ami", "amie"}
# A place after a preposition of place: "de louiseville" (a listed town in lower case, as ASR writes it), "à Jacmel",
# "de Campobasso" (a town abroad no list holds).
_PLACE_AFTER_PREPOSITION = re.compile(r"(?<![\w-])(?P<preposition>(?i:chez|à|depuis|de|d['’]|vers|près[ \t]+de|pr[eè]s[ \t]+d['’]|"
                                      r"jusqu['’]à|en[ \t]+partant[ \t]+de|du|au|en|dans[ \t]+l[ea]|dans))[ \t]*(?P<lower_article>(?:la|les)[ \t]+|l['’])?"
                                      r"(?P<place>(?P<article>(?:Le|La|Les)[ \t]+|L['’])?"
                                      r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)(?![\w-])(?!['’](?!s[ \t]))")


# The English words of geography after a possessive that make a place's name ("Hunter's Point", "Grindstone's Bay"),
# not a business's ("Montreal Children's", organisations.py).
ENGLISH_PLACE_HEADS = (r"(?:Bay|Landing|Point|Cove|Harbour|Harbor|Falls|Mills|Corner|Corners|Creek|Island|Lake|River|Hill|"
                       r"Valley|Crossing|Ferry)")
_POSSESSIVE_PLACE = re.compile(rf"['’]s[ \t]+{ENGLISH_PLACE_HEADS}(?![\w'’-])")
_BELONGINGS_BEFORE = re.compile(r"(?<![\w-])(?i:bureau|maison|char|chalet|auto|voiture|camion|chambre|cour|terrain|garage|"
                                r"appartement|appart|logement|ferme|bateau|chien|chat|commerce|magasin|cabinet|bureaux|"
                                r"affaires|t[ée]l[ée]phone|cell|num[ée]ro)[ \t]+(?i:de|à|d['’])[ \t]*$")


SIDE_HEADS = {"haut", "haute", "bas", "basse", "grand", "grande", "petit", "petite"}
SIDE_TAILS = {"nord", "sud", "est", "ouest", "centre"}


def find_places_after_prepositions(text: str, index: NameIndex) -> list[Detection]:
    """After "à", "de", "vers", "depuis", "près de": a listed municipality in lower case that is no common word, no first
    name and 4 letters or more ("le docteur haddad de louiseville"; "de paris", "à laval" in lower case stay only when
    the list's name is a word), and a capitalised word that is no common word, first name, known name, filler, drug,
    disease, title or acronym, and not followed by another capitalised word ("arrivés de Campobasso", "à Jacmel")."""
    common, names = common_words(), first_names()
    found = []
    for match in _PLACE_AFTER_PREPOSITION.finditer(text):
        place = match.group("place")
        parts = [place_key(w) for w in WORD.findall(place)]
        folded = "-".join(parts)
        # "chez" and a capitalised word no list knows is an employer or a business ("il travaille chez Domtar").
        employer = fold(match.group("preposition")) == "chez"
        if employer and (match.group("article") or place.islower() or known_places().get(place_key(place))):
            continue
        # "du", "au", "en", "dans le", "de la": a listed place in lower case only ("les jeunes du pontiac", "en estrie",
        # "les gens de la haute-matawinie").
        if (re.fullmatch(r"(?i:du|au|en|dans[ \t]+l[ea]|dans)", match.group("preposition")) or match.group("lower_article")) \
                and not place.islower():
            continue
        if match.group("article"):
            # A town with its article, capitalised after a preposition ("à La Patrie", "de L'Isle-Verte", "à Les
            # Méchins"): the capital article says "name", even before a common word. No first name or filler.
            rest = place[len(match.group("article")):]
            if (not re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011][A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]*)*", rest) or len(rest) < 3
                    or fold(rest) in names or fold(rest) in NER_STOP | NOT_SURNAMES | DRUG_BRANDS | EPONYM_DISEASES
                    or name_key(rest) in index.by_key or _NAME_GOES_ON.match(text, match.end())):
                continue
        elif place.islower():
            # A part of a listed region by its height or its side ("haute-matawinie", "basse-côte-nord", "matawinie-sud").
            side = 1 if parts[0] in SIDE_HEADS else 0
            entries = []
            # A town that is a rare word of one form, after a preposition that says "where" and is no "de" ("jus de
            # cognac", "crème de chantilly"): "à lévis", "depuis lévis"; "stylo à bille" stays (a noun: "billes").
            rare = len(parts) == 1 and _rare_town_word(folded) and not re.fullmatch(
                r"(?i:de|d['’]|du|au|en|dans[ \t]+l[ea]|dans|chez)", match.group("preposition")) and not match.group("lower_article")
            for listed in (parts, parts[side:len(parts) - 1 if side == 0 and len(parts) > 1 and parts[-1] in SIDE_TAILS
                                        else len(parts)]):
                entries = entries or [e for e in known_places().get(listed[0], ()) if e.keys == tuple(listed)
                                      and e.category == "place" and not e.acronym and (rare or not e.common)] if listed else entries
            if not entries or (folded in common or fold(place) in common) and not rare or (len(parts) == 1 and (
                    len(folded) < 4 or folded in names)) or any(name_key(w) in index.by_key for w in WORD.findall(place)):
                continue
        else:
            if (not re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+", place) or len(parts) != 1 or len(folded) < 4 or folded in common
                    or folded in names or name_key(place) in index.by_key or TITLE.fullmatch(place)
                    or folded in NER_STOP | NOT_SURNAMES | NER_NO_IDENTIFIER | DRUG_BRANDS | EPONYM_DISEASES
                    or place_key(place) in VIETNAMESE_SURNAMES or idiom_name(text, match.start("place"), place)):
                continue
            # An English name with a possessive ("à Campbell's Bay", "de Fisher's Landing"): one place.
            possessive = _POSSESSIVE_PLACE.match(text, match.end())
            if possessive and not employer:
                end = possessive.end()
                found.append(Detection(match.start("place"), end, text[match.start("place"):end], "place", "places"))
                continue
            if _NAME_GOES_ON.match(text, match.end()):
                continue    # "à Notre Dame": a longer name, other rules decide
            if employer:
                found.append(Detection(match.start("place"), match.end("place"), place, "organisation", "places"))
                continue
            # Someone's belongings ("le bureau de Lavoie", "le char à Gagnon"): a surname no place list knows is a person.
            if _BELONGINGS_BEFORE.search(text, max(0, match.start() - 20), match.start("place")) and not known_places().get(
                    place_key(place)):
                found.append(Detection(match.start("place"), match.end("place"), place, "person", "places"))
                continue
        found.append(Detection(match.start("place"), match.end("place"), place, "place", "places"))
    return found + _lower_spaced_places(text, index)


# A listed place of two or three words written with spaces, in lower case as ASR writes it, after a preposition of
# place: "de kitigan zibi", "à ponta delgada". One word at least no common word or first name, no article ("à saint
# jean", "de la prairie" stay to the other rules).
_PREPOSITION_BEFORE_LOWER = re.compile(r"(?<![\w'’-])(?i:à|de|d['’]|depuis|vers|jusqu['’]à|pr[èe]s[ \t]+de)[ \t]*(?=[a-zà-ÿ])")
_LOWER_WORD = re.compile(r"[ \t]*([a-zà-ÿ]+)(?![\w'’-])")


def _lower_spaced_places(text: str, index: NameIndex) -> list[Detection]:
    found = []
    common, names = common_words(), first_names()
    for match in _PREPOSITION_BEFORE_LOWER.finditer(text):
        words, end = [], match.end()
        while len(words) < 3 and (w := _LOWER_WORD.match(text, end)):
            words.append(w)
            end = w.end()
        for n in (3, 2):
            if len(words) < n:
                continue
            keys = tuple(place_key(w.group(1)) for w in words[:n])
            if not any(e.keys == keys and e.category == "place" and not e.acronym for e in known_places().get(keys[0], ())):
                continue
            folded = [fold(w.group(1)) for w in words[:n]]
            if all(f in common or f in names for f in folded) or any(
                    f in DETERMINERS | CONNECTORS or name_key(w.group(1)) in index.by_key for f, w in zip(folded, words)):
                break
            start = words[0].start(1)
            found.append(Detection(start, words[n - 1].end(1), text[start:words[n - 1].end(1)], "place", "places"))
            break
    return found


# A street named without its number, as a place: "au coin de Jarry et Saint-Laurent", "coin Jarry pis Saint-Denis",
# "sur la rue Jarry", "le boulevard Saint-Laurent".
_STREET_NAME = (r"(?:(?:Saint|Sainte|St|Ste)\.?[-\u2010\u2011])?[A-ZÀ-Ý][^\W\d_]*(?:[-\u2010\u2011](?:(?:de|du|des|la|le|les)"
                r"[-\u2010\u2011]|[dl]['’])*[A-ZÀ-Ý0-9][^\W_]*)*")     # connectors inside: "rang du Bas-de-la-Rivière"
_CORNER = re.compile(
    rf"(?<![\w-])(?i:coin|angle|intersection)(?:[ \t]+(?i:de[ \t]+la[ \t]+rue|des[ \t]+rues|de[ \t]+l['’]avenue|du[ \t]+boulevard|"
    rf"de|du|des|d['’]))?[ \t]*(?P<first>{_STREET_NAME})(?:[ \t]*,?[ \t]*(?i:et|pis|puis|&|/)[ \t]+(?:(?i:la[ \t]+rue|"
    rf"l['’]avenue|le[ \t]+boulevard|de)[ \t]+)?(?P<second>{_STREET_NAME}))?")
_STREET_PLACE = re.compile(rf"(?<![\w-])(?P<kind>(?i:rue|boulevard|boul\.|avenue|chemin|rang|mont[ée]e|c[ôo]te|m[ée]tro|station|"
                           rf"terminus|parc|pont|viaduc|tunnel|passerelle|lac|rivi[èe]re|mont|montagne|[îi]le|baie|quartier|secteur|arrondissement|faubourg|paroisse|"
                           rf"village|hameau))[ \t]+(?P<link>(?:des|du|de[ \t]+la|de[ \t]+l['’]|d['’]|à[ \t]+la|aux|de)[ \t]*)?"
                           rf"(?P<name>{_STREET_NAME})")
# The kinds that are part of the place's name: a street, a lake, a river, a mountain, a park ("rue Wellington", "lac
# Aylmer", "rivière Rouge", "mont Orford", "parc Aimé-Léonard"); a station keeps its kind outside ("métro Jean-Talon").
_ORDINAL_PLACE = re.compile(rf"(?<![\w.,/-])(?=\w+[ \t]+(?P<lower>avenue|rang)?){ORDINAL_STREET}")
# A rang or a concession by its number, after a determiner: "dans le rang 9", "la concession 7", "du rang 4". Not a rank
# in a list ("le rang 2 du classement", "au rang 3 sur 10").
_NUMBERED_RANG = re.compile(r"(?<![\w-])(?i:le|du|au|dans[ \t]+le|sur[ \t]+le|la|de[ \t]+la|dans[ \t]+la)[ \t]+"
                            r"(?P<place>(?i:rang|concession)[ \t]+(?:no\.?[ \t]*|num[ée]ro[ \t]+)?\d{1,2})(?![\w,.]?\d)"
                            r"(?![ \t]+(?i:du|de|des|d['’]|sur|parmi|au|à|ex[ -]aequo)(?![ \t]+[A-ZÀ-Ý]))")
# An English place with a word of geography: "Black Lake", "Lake Megantic", "Shawinigan Falls", "Chelsea Creek".
# A Scottish or Irish name after the head ("Fort McMurray", "Port McNicoll"); a town called a city ("Labrador City").
_ENGLISH_PLACE = re.compile(r"(?<![\w'’-])(?:(?:Lake|Mount|Port|Fort|Cape)[ \t]+(?:Mac|Mc)?[A-Z][a-z]{2,}|[A-Z][a-z]{2,}[ \t]+"
                            r"(?:Lake|Lakes|Falls|Bay|River|Mills|Creek|Harbour|Harbor|Springs|Valley|Landing|Cove|Junction|"
                            r"City))"
                            r"(?![\w'’-])")
# More English heads of places, after a word that is no first name ("de Corner Brook", "Beverly Hills"; "Peter Brook" stays).
_ENGLISH_PLACE_MORE = re.compile(r"(?<![\w'’-])(?P<first>[A-Z][a-z]{2,})[ \t]+(?:Brook|Hill|Hills|Sound|Island|Grove|Heights)"
                                 r"(?![\w'’-])")
# A country of Central or South Asia by its ending after "en", "au", "du", "de l'": "en Afghanistan", "au Pakistan".
_STAN_COUNTRY = re.compile(r"(?<![\w'’-])(?i:en|au|du|de[ \t]+l['’]|d['’]|l['’])[ \t]*(?P<place>[A-ZÀ-Ý][a-zà-ÿ]{2,}stan)(?![\w'’-])")
# A town of several words ending in "-Ville" or "-City" after a preposition of place: "de Hô Chi Minh-Ville".
_WORDS_THEN_CITY = re.compile(r"(?<![\w'’-])(?i:à|de|d['’]|depuis|vers)[ \t]*(?P<place>(?:[A-ZÀ-Ý][^\W\d_]*[ \t]+){1,3}"
                              r"[A-ZÀ-Ý][^\W\d_]*[-\u2010\u2011](?:Ville|City))(?![\w'’-])")
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
                 "montagne", "ile", "baie", "pont", "viaduc", "tunnel", "passerelle"}
# A bridge, an overpass, a tunnel or a park named in lower case as ASR writes it: "sous le viaduc dufferin", "au parc
# cartier-brébeuf", "le pont champlain". The name no filler or connector, one word at least no common word, a single
# word no first name nor adjective by its ending: "le pont couvert", "le parc linéaire", "un pont suspendu" stay.
_LOWER_LANDMARK = re.compile(r"(?<![\w'’-])(?P<kind>pont|viaduc|tunnel|passerelle|parc)[ \t]+"
                             r"(?P<name>[a-zà-ÿ]{4,}(?:[-\u2010\u2011][a-zà-ÿ]{2,}){0,3})(?![\w'’-])")
_ADJECTIVE_ENDING = re.compile(r"(?:ique|iques|aire|aires|el|elle|al|ale|aux|if|ive|é|ée|és|ées|u|ue|us|ues|ant|ante|iste|"
                               r"istes|eux|euse|ier|ière|ien|ienne)$")


# A town abroad by a Spanish or Portuguese head and a capitalised name, after a preposition of place: "de San Miguel",
# "retournée à Ponta Delgada", "à São Paulo", "de Puerto Plata". A saint's name after "San" may be a first name; the
# head after the preposition says "place" ("chez San" no: "chez" is no preposition of place here).
_FOREIGN_TOWN = re.compile(r"(?<![\w'’-])(?i:à|de|d['’]|depuis|vers|près[ \t]+de|jusqu['’]à)[ \t]*"
                           r"(?P<place>(?:San|Santa|Santo|São|Sao|Ponta|Porto|Puerto|Ciudad|Vila|Villa|Nueva|Nuevo|Río|Rio|"
                           r"Bahía|Cabo|Playa|Praia|Foz|Vale)[ \t]+(?:(?:de|del|do|da|dos|das|de[ \t]+la|de[ \t]+los)[ \t]+)?"
                           r"[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[ \t]+[A-ZÀ-Ý][a-zà-ÿ]{2,})?)(?![\w'’-])")


def _foreign_towns(text: str) -> list[Detection]:
    found = []
    for m in _FOREIGN_TOWN.finditer(text):
        words = [fold(w) for w in WORD.findall(m.group("place"))[1:]]
        if any(w in NER_STOP | NOT_SURNAMES | TIME_NOUNS for w in words):
            continue
        found.append(Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places"))
    return found


def _lower_landmarks(text: str) -> list[Detection]:
    found = []
    common, names = common_words(), first_names()
    for m in _LOWER_LANDMARK.finditer(text):
        parts = [fold(p) for p in re.split(HYPHEN, m.group("name"))]
        if any(p in CONNECTORS | DETERMINERS | NER_STOP | TIME_NOUNS for p in parts) or all(p in common for p in parts):
            continue
        if len(parts) == 1 and (parts[0] in names or _ADJECTIVE_ENDING.search(m.group("name"))):
            continue
        found.append(Detection(m.start(), m.end(), m.group(), "place", "places"))
    return found


_PARTS_OF_TOWNS = {"secteur", "quartier", "arrondissement", "faubourg", "village", "hameau", "paroisse"}
_ARTICLE_NAMED = re.compile(r"(?:Le|La|Les)[ \t]+(?P<word>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?![\w'’-])")


def find_compound_places(text: str) -> list[Detection]:
    found = [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _COMPOUND_PLACE.finditer(text)]
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places")
              for m in _SAINT_PLACE.finditer(text)]
    common = common_words()
    for m in _GEO_COMPOUND.finditer(text):
        parts = [fold(p) for p in re.split(HYPHEN, m.group())]
        if "-".join(parts) in common or any(p in _FAMILY | TIME_NOUNS for p in parts) or all(p in first_names() for p in parts):
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
              if fold(m.group().split()[0]) not in DETERMINERS | CONNECTORS | NER_STOP]
    for m in _CORNER.finditer(text):
        for group in ("first", "second"):
            name = m.group(group)
            if name and fold(name) not in NER_STOP | NOT_SURNAMES and (fold(name) not in common or "-" in name):
                found.append(Detection(m.start(group), m.end(group), name, "place", "places"))
    for m in _STREET_PLACE.finditer(text):
        name = m.group("name")
        if fold(name) in NER_STOP | NOT_SURNAMES | CONNECTORS | DETERMINERS:
            # A part of a town named with its capitalised article after its kind: "à Longueuil, secteur Le Moyne", "le
            # quartier Les Saules" (the next word capitalised, no first name or filler: "le secteur La Marie" stays).
            article = _ARTICLE_NAMED.match(text, m.start("name"))
            if article and fold(m.group("kind")) in _PARTS_OF_TOWNS and not m.group("link") and fold(article.group("word")) \
                    not in first_names() | NER_STOP | NOT_SURNAMES | TIME_NOUNS:
                found.append(Detection(m.start("name"), article.end(), article.group(), "place", "places"))
            continue
        whole = fold(m.group("kind").rstrip(".")) in _STREET_WORDS
        end = m.end()
        if fold(m.group("kind")) in _WATER_AND_MOUNTAINS and name.isascii() and not m.group("link"):
            more = _STREET_NAME_MORE.match(text, end)
            extra = fold(more.group().strip()) if more else ""
            if more and extra not in NER_STOP | DETERMINERS | CONNECTORS | first_names() | NOT_SURNAMES and (
                    extra not in common or extra in _ENGLISH_GEOGRAPHY):
                end = more.end()
        if fold(name) not in common or "-" in name:
            start = m.start() if whole else m.start("name")
            found.append(Detection(start, end, text[start:end], "place", "places"))
        elif m.group()[:1].islower() and whole:
            # A street or a lake named by a word, capitalised after its kind in lower case ("sur la rue Main", "la rue
            # Principale", "la rivière Rouge"): a name only with its kind.
            found.append(Detection(m.start(), end, text[m.start():end], "place", "places"))
        elif fold(m.group("kind")) == "metro" and not m.group("link") and name[:1].isupper() and \
                fold(name) not in TIME_NOUNS | first_names() and any(
                    e.keys == (place_key(name),) and e.category == "place" for e in known_places().get(place_key(name), ())):
            # A metro station named after a listed place that is also a word ("proche du métro Montmorency"): the
            # kind in lower case, the name capitalised; the station keeps its kind outside.
            found.append(Detection(m.start("name"), m.end("name"), name, "place", "places"))
    for m in _STREET_AFTER_SUR.finditer(text):
        for group in ("name", "near"):
            name = m.group(group)
            if name and not _person_shaped(name):
                found.append(Detection(m.start(group), m.end(group), name, "place", "places"))
    # The Magdalen Islands as Quebecers say it, with the capital: "aux Îles", "Aux Îles on est loin" ("aux îles" stays).
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places")
              for m in _THE_ISLANDS.finditer(text)]
    found += [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _ENGLISH_PLACE_MORE.finditer(text)
              if fold(m.group("first")) not in DETERMINERS | CONNECTORS | NER_STOP | first_names() | NOT_SURNAMES]
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places") for m in _STAN_COUNTRY.finditer(text)]
    found += [Detection(m.start("place"), m.end("place"), m.group("place"), "place", "places") for m in _WORDS_THEN_CITY.finditer(text)
              if not any(fold(w) in NER_STOP | TIME_NOUNS | DETERMINERS | CONNECTORS for w in WORD.findall(m.group("place"))[:-2])
              and fold(WORD.findall(m.group("place"))[0]) not in first_names()]
    found += _lower_landmarks(text) + _foreign_towns(text) + _one_word_streets(text)
    found += [Detection(m.start("name"), m.end("name"), m.group("name"), "place", "places") for m in _ON_SAINT_STREET.finditer(text)
              if fold(m.group("saint")) not in _HOLY]
    return found


# A street named after a saint, with its article after "sur", as Montrealers say it: "il vivait dans son char sur la
# Sainte-Cath", "sur le Saint-Laurent" (the boulevard or the river: a place both). Not the holy ones ("compter sur la
# Sainte-Vierge", "sur la Sainte-Bible").
_ON_SAINT_STREET = re.compile(r"(?<![\w'’-])(?i:sur)[ \t]+(?:la|le)[ \t]+(?P<name>(?:Saint|Sainte|St|Ste)[-\u2010\u2011]"
                              r"(?P<saint>[A-ZÀ-Ý][^\W\d_]+)(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?![\w'’-])")
_HOLY = {"vierge", "bible", "trinite", "famille", "croix", "cene", "communion", "esprit", "enfance", "face", "table", "messe",
         "cecile"}


# A street named after a person without its kind, where one lives or keeps a shop "sur" it, and the street near it:
# "elle reste sur Pie-IX proche de Henri-Bourassa", "il avait une épicerie sur Jean-Talon", "on a dormi chez ma cousine sur Jean-Talon". Hyphenated only, not
# two first names ("elle compte sur Jean-Pierre" stays).
_PERSON_STREET = (r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011](?:(?:de|du|des|la|le)[-\u2010\u2011])*(?:[A-ZÀ-Ý][a-zà-ÿ]+|"
                  r"[IVX]{1,5}(?![\w'’-])))+")
_STREET_AFTER_SUR = re.compile(
    r"(?<![\w'’-])(?i:rest(?:e|es|ent|ait|aient|é|ée|és|ées)|demeur(?:e|es|ent|ait|aient|é|ée)|habit(?:e|es|ent|ait|aient)|"
    r"vi(?:t|vait|vaient|vent)|d[ée]m[ée]nag[ée]e?s?|install[ée]e?s?|[ée]picerie|d[ée]panneur|magasin|commerce|restaurant|"
    r"resto|boutique|bureau|clinique|pharmacie|logement|appartement|appart|condo|garage|salon|bar|caf[ée]|loyer|dormi|"
    r"dormait|dormaient|chez)"
    rf"(?:[ \t]+[\w'’]+){{0,2}}?[ \t]+sur[ \t]+(?P<name>{_PERSON_STREET})(?![\w'’-])"
    rf"(?:[ \t]+(?i:proche|pr[èe]s|pas[ \t]+loin|[àa][ \t]+c[ôo]t[ée]|au[ \t]+coin)[ \t]+(?:de|d['’])[ \t]*"
    rf"(?P<near>{_PERSON_STREET})(?![\w'’-]))?")


# The same with a street of one capitalised word, where the town follows: "il reste sur Racine à Chicoutimi", "elle
# habite sur Cartier à Québec". The town a listed place; the word no first name, title or filler ("il reste sur Marie à
# Laval" stays to the rules of people).
_ONE_WORD_STREET_IN_TOWN = re.compile(
    r"(?<![\w'’-])(?i:rest(?:e|es|ent|ait|aient)|demeur(?:e|es|ent|ait|aient)|habit(?:e|es|ent|ait|aient)|vi(?:t|vait|vaient|vent))"
    r"[ \t]+sur[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{3,})[ \t]+(?:à|a|dans)[ \t]+(?P<town>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)"
    r"(?![\w'’-])")


def _one_word_streets(text: str) -> list[Detection]:
    found = []
    for m in _ONE_WORD_STREET_IN_TOWN.finditer(text):
        name = fold(m.group("name"))
        if name in first_names() | NER_STOP | NOT_SURNAMES | TIME_NOUNS or TITLE.fullmatch(m.group("name")):
            continue
        if not any(p.start == 0 and p.end == len(m.group("town")) for p in find_known_places(m.group("town"), ("place",))):
            continue
        found.append(Detection(m.start("name"), m.end("name"), m.group("name"), "place", "places"))
    return found


def _person_shaped(name: str) -> bool:
    """Whether a hyphenated name starts and ends on a first name ("Jean-Pierre", "Marie-Ève"): a person, not a street
    ("Queen-Mary", a title then a first name, is a street)."""
    parts = re.split(HYPHEN, name)
    return fold(parts[-1]) in first_names() and fold(parts[0]) in first_names()


_THE_ISLANDS = re.compile(r"(?<![\w'’-])(?i:aux)[ \t]+(?P<place>Îles)(?![\w'’-]|[ \t]+(?:de|du|des|d['’])(?![\w'’-]))")


# A bar, a café or a business named by two capitalised words after "au", "chez" or its kind, mid-sentence: "au bar, au
# Flamant Rose", "intervenant au Bonbon Latex", "le bar Chez Mado"; a neighbourhood named by a common noun of geography
# with its capital after "dans le", "sur le" ("dans le Village", "sur le Plateau", "dans le Vieux"); the village, plateau or
# faubourg also after "au", "du" or a conjunction and "le" ("le Centre-Sud pis le Village", "au Plateau").
_TWO_WORD_SPOT = re.compile(r"(?<![\w'’-])(?P<cue>au|chez|(?:le|au|du)[ \t]+(?:bar|resto|restaurant|caf[ée]|club|salon))"
                            r"[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}[ \t]+[A-ZÀ-Ý][a-zà-ÿ]{2,})(?![\w'’-]|[ \t]+[A-ZÀ-Ý]|[ \t]+(?:de|du|des|d['’])[ \t])")
_SPOT_NOT_FIRST = {"moyen", "premier", "premiere", "pere", "mere", "saint", "sainte", "bon", "bonne", "grand", "grande",
                   "petit", "petite", "nouveau", "nouvelle", "vieux", "haut", "bas", "lac", "mont", "parc", "cap", "baie"}
_NEIGHBOURHOOD = re.compile(r"(?<![\w'’-])(?:(?:dans|sur|vers)[ \t]+le[ \t]+(?P<name>Village|Plateau|Faubourg|Vieux)|"
                            r"(?:(?:pis|puis|et|ou)[ \t]+le|au|du)[ \t]+(?P<also>Village|Plateau|Faubourg))"
                            r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý]|[ \t]+(?:de|du|des|d['’])[ \t\w])")


# A street without its kind, right after the neighbourhood or town it is in: "dans le Mile End, sur Saint-Viateur",
# "à Rosemont, sur Saint-Zotique.", "c'est Côte-des-Neiges sur Queen-Mary,". Hyphenated, before a pause; the place before it a listed place.
_STREET_AFTER_PLACE = re.compile(rf"[ \t]*,?[ \t]*(?i:sur|coin)[ \t]+(?P<name>{_PERSON_STREET})(?=[ \t]*(?:[.,;:!?)]|$))")


def _streets_after_places(text: str) -> list[Detection]:
    """`_STREET_AFTER_PLACE`, the name no person's ("à Laval, sur Jean-Pierre." stays): a saint's or a last part that is
    no first name."""
    found = []
    for place in find_known_places(text, ("place",)):
        m = _STREET_AFTER_PLACE.match(text, place.end)
        if not m:
            continue
        name = m.group("name")
        if _person_shaped(name) and fold(re.split(HYPHEN, name)[0]) not in ("saint", "sainte", "st", "ste"):
            continue
        found.append(Detection(m.start("name"), m.end("name"), name, "place", "places"))
    return found


# A street named with its particle after a preposition that says where, the particle doubled or after "sur", "coin" or
# "entre": "juste en haut de de la Gauchetière", "sur de la Gauchetière", "coin du Fort". The word no common word (a
# stutter, "le ministère de de la Santé", stays), first name, filler or title.
_STREET_BY_PARTICLE = re.compile(r"(?<![\w'’-])(?i:sur|de|coin|entre)[ \t]+(?P<name>(?i:de[ \t]+la|de[ \t]+l['’]|du)[ \t]*"
                                 r"(?P<word>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*))(?![\w'’-])")


def _streets_by_particle(text: str) -> list[Detection]:
    found = []
    for m in _STREET_BY_PARTICLE.finditer(text):
        word = m.group("word")
        if fold(word) in common_words() | first_names() | NER_STOP | NOT_SURNAMES | TIME_NOUNS or TITLE.fullmatch(word):
            continue
        found.append(Detection(m.start("name"), m.end("name"), m.group("name"), "place", "places"))
    return found


def find_named_spots(text: str, index: NameIndex) -> list[Detection]:
    """`_TWO_WORD_SPOT` where both words say "name": no title, filler, day, time, known name or word of geography, and
    the first no first name ("chez Marie Tremblay" is a person, other rules decide); `_NEIGHBOURHOOD` mid-sentence."""
    found = []
    for m in _TWO_WORD_SPOT.finditer(text):
        words = m.group("name").split()
        folded = [fold(w) for w in words]
        if any(f in NER_STOP | NOT_SURNAMES | TIME_NOUNS | CONNECTORS | DETERMINERS or TITLE.fullmatch(w)
               or name_key(w) in index.by_key for f, w in zip(folded, words)):
            continue
        if folded[0] in first_names() | _SPOT_NOT_FIRST or known_places().get(place_key(words[0])):
            continue
        category = "organisation" if fold(m.group("cue")) == "chez" else "place"
        found.append(Detection(m.start("name"), m.end("name"), m.group("name"), category, "places"))
    for m in _NEIGHBOURHOOD.finditer(text):
        group = "name" if m.group("name") else "also"
        if mid_sentence(text, m.start()):
            found.append(Detection(m.start(group), m.end(group), m.group(group), "place", "places"))
    return found + _streets_after_places(text) + _streets_by_particle(text)
