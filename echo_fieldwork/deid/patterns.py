"""Finding contacts and identifiers by their shape. E-mail addresses, phone numbers, postal codes, dates, street
addresses, health insurance numbers, web addresses, and the study's own list of identifiers."""

from __future__ import annotations

import re

from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.words import WORD, Detection, common_words, word_tokens
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")


def find_identifiers(text: str, index: NameIndex) -> list[Detection]:
    tokens = word_tokens(text)
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
ORDINAL_STREET = (rf"{_ORDINAL}[ \t]+(?:Avenue|Rue|Rang|Boulevard|Chemin|Route|avenue|rang)(?![\w-])"
                   r"(?:[ \t]+(?:Ouest|Est|Nord|Sud|ouest|nord|sud)(?![\w-]))?")
_STREET_WORD = r"(?:\d{1,4}[A-Za-z]?\b|[^\W\d_][\w'’.]*(?:[-\u2010\u2011][\w'’.]+)*)"
_STREET_LINK = r"(?:(?i:(?:de[ \t]+la|des|du|de|la|les|le|à|aux|au|et|sur|en)\b[ \t]*|(?:de[ \t]+)?[dl]['’][ \t]*))"
_ADDRESS = re.compile(
    rf"(?<![\w.,/-])(?P<number>\d{{1,6}}(?:[A-Za-z]\b)?(?:[ \t]*(?:[-\u2010\u2011\u2013]|à|au)[ \t]*\d{{1,6}}(?:[A-Za-z]\b)?)?)"
    rf"[ \t]*,?[ \t]+(?:(?P<ordinal>{ORDINAL_STREET}|{_ORDINAL}[ \t]+(?i:rue|chemin|route|boulevard)(?![\w-]))|"
    rf"(?P<kind>(?i:{_STREET_KINDS}))(?![\w])[ \t]+(?P<name>{_STREET_LINK}?{_STREET_WORD}"
    rf"(?:[ \t]+{_STREET_LINK}?{_STREET_WORD}){{0,4}}))")
_ADDRESS_UNIT = re.compile(r"[ \t]*,?[ \t]*(?:(?i:bureau|app\.?|appartement|apt\.?|local|suite|unit[ée]|porte|logement|"
                           r"loge|chambre)[ \t]*(?:#|no\.?|n°)?|#)[ \t]*(?:\d[\w-]{0,5}|[A-Z])\b")
# Words that end a street's name: the orientation is part of it ("avenue des Pins Ouest"), the rest is not.
# Lower case, "est" is left out: "au 12, montée Masson est vendu".
_STREET_ORIENTATION = {"ouest", "nord", "sud"}
_STREET_ABBREVIATIONS = {"st", "ste", "e", "o", "n", "s"}   # "rue St. Clair", "rue Sherbrooke O."
# What is named after a person and is no person: "la rue Marie-Anne", "le métro Jean-Talon", "l'école Marguerite".
NAMED_AFTER = re.compile(rf"(?<![\w-])(?i:{_STREET_KINDS}|m[ée]tro|station|pont|pavillon|[ée]cole|salle|aile|parc|"
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
# A bare domain with any top-level domain where the sentence says it is a site: "leur site c'est
# casserolesjoyeuses.example", "le site web : refuge.quebec" (new and reserved domains no list can hold). Not a file.
_CUED_DOMAIN = re.compile(r"(?i:(?<![\w-])sites?(?:[ \t]+(?:web|internet))?(?:[ \t]+c['’]est|[ \t]+est|[ \t]*:)?)[ \t]+"
                          r"(?P<url>[^\W\d_][\w-]*(?:\.[^\W_][\w-]*)*\.(?!(?:pdf|docx?|txt|xlsx?|csv|pptx?|jpe?g|png|mp[34]|wav|zip)\b)"
                          r"[a-z]{2,24})(?![\w@-]|\.[^\W_])")


def find_web_addresses(text: str) -> list[Detection]:
    """Web addresses (category `url`), written ("https://...", "www.exemple.ca", "facebook.com/jtremblay") or
    said as ASR writes them ("clinique-dupont point ca"); an address said with "arobase" before it is an e-mail."""
    found = []
    for match in _URL.finditer(text):
        value = match.group().rstrip(_URL_TRAILING)
        if WORD.search(value):
            found.append(Detection(match.start(), match.start() + len(value), value, "url", "pattern"))
    for match in _CUED_DOMAIN.finditer(text):
        if not any(d.start < match.end("url") and match.start("url") < d.end for d in found):
            found.append(Detection(match.start("url"), match.end("url"), match.group("url"), "url", "pattern"))
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
        user = _SPOKEN_EMAIL_USER.search(text, max(0, start - 300), start)   # a bounded window: linear in the text
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
