"""Finding institutions and organisations by a kind and a name. Businesses, unions, parishes, acronyms, and an
organisation grown into its whole name (its kind, legal form and the place it serves)."""

from __future__ import annotations

import re
from bisect import bisect_left

from echo_fieldwork.deid.entities import DRUG_BRANDS, EPONYM_DISEASES, NER_NO_IDENTIFIER, REGIONS
from echo_fieldwork.deid.places import (
    ENGLISH_PLACE_HEADS,
    PLACE_PART,
    SIDE_HEADS,
    SIDE_TAILS,
    find_compound_places,
    find_known_places,
)
from echo_fieldwork.deid.words import (
    CONNECTORS,
    DETERMINERS,
    HYPHEN,
    NER_STOP,
    NOT_INITIALS,
    NOT_SURNAMES,
    TIME_NOUNS,
    TITLE,
    WORD,
    Detection,
    at_sentence_start,
    common_words,
    first_names,
    known_places,
    mid_sentence,
    place_key,
)
from echo_fieldwork.people.forms import fold  # the app's one accent- and case-folding ("Amélie" → "amelie")

# -- institutions ---------------------------------------------------------------------------------------
# A kind of institution followed by its (capitalised) name: "CLSC de Verdun", "CHU de Québec", "Hôpital
# Pierre-Boucher", "CISSS des Laurentides", "cégep de Jonquière", "GMF Les Eaux-Vives".
_INSTITUTION = re.compile(
    r"\b(?:CLSC|CHSLD|CHU|CHUM|CUSM|CISSS|CIUSSS|CSSS|GMF|GMF-U|UMF|RPA|CRDS|CRFM|CH|(?i:h[oô]pital|centre hospitalier|"
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


# A community organisation: a capitalised kind, a few words in lower case, then "de/du/des" and a capitalised name
# ("Centre d'action bénévole des Seigneuries", "Cuisines collectives de la Matanie", "Association des proches aidants
# de la Matanie", "Table de concertation des aînés de Matane"). Capitalised mid-sentence, the kind says "name".
_COMMUNITY_ORGANISATION = re.compile(
    r"(?<![\w-])(?:(?:Grand|Grande)[ \t]+)?(?:Association|Fondation|Regroupement|Soci[ée]t[ée]|Coop[ée]rative|Corporation|Carrefour|F[ée]d[ée]ration|"
    r"Alliance|R[ée]seau|Table|Comit[ée]|Club|Groupe|Centre|Cuisines?|Maison|Popote|Banque|Syndicat|Centraide|Moisson|"
    r"Refuge|Auberge|Accueil|Mission|Foyer|Halte|Entraide|Comptoir|Friperie|Ateliers?|Cercle|Collectif|(?:Œ|Oe)uvres?|"
    r"Cit[ée]|Polyvalente|Acad[ée]mie|Campus|Complexe|Commission|Conseil|Office|Services?|[ÉE]cole|Coll[èe]ge|Institut|"
    r"Pavillon|Clinique|R[ée]sidence|Coop|Programme|[ÉE]glise|Paroisse|Congr[ée]gation|Temple|Mosqu[ée]e|Synagogue|"
    r"Nation|Communaut[ée]|Ambulances)"
    r"(?:[ \t]+(?:d['’])?[a-zà-ÿ][a-zà-ÿ'’-]*){0,5}?[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|l['’])[ \t]*"
    r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*[A-ZÀ-Ý][\w'’]*"
    r"(?:[-\u2010\u2011][\w'’]+)*)*")


# A capitalised kind of business or organisation, a few lower-case words, then its capitalised name, without "de":
# "Physio Angus", "Fondation Hélène-Lacasse", "Centre de bénévolat Ahuntsic-Nord", "Clinique Santé Plus".
_KIND_NAME = re.compile(
    r"(?<![\w-])(?P<kind>Physio|Physioth[ée]rapie|Ergo|Ergoth[ée]rapie|Clinique|Polyclinique|Pharmacie|Fondation|Refuge|"
    r"Centre|Maison|R[ée]sidences?|Manoir|Domaine|Villa|Habitations|Pavillon|Institut|Dentisterie|Cabinet|Garderie|CPE|Coop|Coop[ée]rative|Association|"
    r"Auberge|Accueil|Mission|Foyer|Halte|Chiropratique|Massoth[ée]rapie|Ost[ée]opathie|Optom[ée]trie|Audiologie|"
    r"Kin[ée]siologie|Gym|Physiomed|Sant[ée]|H[ôo]tellerie|Club|Mutuelle|Station|Radio|Camp|Ateliers|Transport|Collectif)"
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
    rf"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w'’]*(?:[ \t]+(?:(?:of|and|&|the)[ \t]+)?[A-Z][\w'’]*)*)?"
    # its branch, local or chapter by number ("Royal Canadian Legion Branch 10", "Lions Club Chapter 4")
    rf"(?:[ \t]+(?:Branch|Local|Chapter|Post|Lodge|No\.?|#)[ \t]*\d{{1,4}}(?![\w,.]?\d))?(?![\w-])")


def _english_names(text: str) -> list[tuple[int, int]]:
    """`_ENGLISH_NAME` without the determiners, fillers, titles and words of geography its first words may be ("The",
    "Le", "Bon", "Grand"): at least one capitalised word of a name is left before the kind."""
    spans = []
    skip = DETERMINERS | CONNECTORS | NER_STOP | NOT_SURNAMES | _GEOGRAPHY_WORDS | {"the", "a", "an", "our", "my", "this"}
    for match in _ENGLISH_NAME.finditer(text):
        start = match.start()
        if match.group("words"):
            words = list(WORD.finditer(match.group("words")))
            while words and (fold(words[0].group()) in skip or TITLE.fullmatch(words[0].group())):
                words.pop(0)
            if not words:
                continue
            start = match.start("words") + words[0].start()
        spans.append((start, match.end()))
    return spans
# A community organisation introduced by the word "organisme" and a comma, or named by a verb:
# "son propre organisme, Pair-Aidance Douleur Montréal", "une association qui s'appelle Les Amis du Parc".
_ORGANISATION_INTRODUCED = re.compile(
    r"(?<![\w-])(?i:organisme|organisation|association|entreprise|compagnie|employeur|OBNL|coop[ée]rative|fondation|agence)"
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
        # A hyphenated word by its whole and its first part: "Ado-Rue Gatineau" (a coined name); "Vieux-Port", "Rive-Sud" stay.
        parts = {p for w in folded for p in (w, re.split(r"[-\u2010\u2011]", w)[0])}
        if parts & (_GEOGRAPHY_WORDS | NER_STOP | NOT_SURNAMES | CONNECTORS) or any(TITLE.fullmatch(w) for w in words):
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
        if any(fold(w) in NER_STOP | NOT_SURNAMES | CONNECTORS or TITLE.fullmatch(w) for w in words):
            continue
        sentence_start = at_sentence_start(text, match.start())
        named = any(fold(w) not in common for w in words) or "-" in match.group("name")
        if sentence_start and not named:
            continue
        # A ski resort or a radio ("la Station Mont-Garceau", "Radio Centre-Ville") only by a real name, even mid-sentence
        # ("la Station Service", "la Radio Nationale" stay).
        if fold(match.group("kind")) in ("station", "radio") and not named:
            continue
        # A coined name of a common word, "d'" and a noun in lower case mid-sentence ("le Club de tai-chi Lotus d'or").
        coined = _ELIDED_TAIL.match(text, match.end("name"))
        if coined and coined.group("word").islower() and fold(coined.group("word")) not in _NOT_ELIDED_TAIL | NER_STOP | \
                _SENTENCE_GOES_ON | TIME_NOUNS and len(words) == 1 and not sentence_start:
            named = True
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
        if fold(words[0]) in NER_STOP | NOT_SURNAMES or not any(fold(w) not in common for w in words) and len(words) < 2:
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


_RESIDENCE_KINDS = {"manoir", "domaine", "villa", "habitations", "residences", "ateliers", "transport"}


# A group named by a playful phrase with its article, right after a kind of group, up to a comma or a full stop: "au
# groupe Les Tannés d'avoir mal, à Disraeli", "le comité La Voix des aidants.". The first word capitalised.
_PHRASE_GROUP = re.compile(r"(?<![\w'’-])(?i:groupe|organisme|regroupement|comit[ée]|association|collectif)[ \t]+"
                           r"(?P<name>(?:Les|Le|La)[ \t]+[A-ZÀ-Ý][a-zà-ÿ]+|L['’][A-ZÀ-Ý][a-zà-ÿ]+)"
                           r"(?P<words>(?:[ \t]+(?:[dl]['’])?[a-zà-ÿ]+){1,4})(?=[ \t]*[,.;:!?])")


def _phrase_groups(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PHRASE_GROUP.finditer(text):
        head = fold(WORD.findall(m.group("name"))[-1])
        words = [fold(w) for w in WORD.findall(m.group("words"))]
        if head in first_names() | NER_STOP | NOT_SURNAMES | TIME_NOUNS or any(
                w in {"est", "sont", "etait", "a", "ont", "va", "vont", "je", "tu", "il", "on", "nous", "vous", "ils", "qui",
                      "que", "pis", "mais", "ou", "donc", "euh"} for w in words):
            continue
        spans.append((m.start("name"), m.end()))
    return spans


def _article_names(text: str) -> list[tuple[int, int]]:
    """`_ARTICLE_NAME` where the noun says "name": no first name, title, filler, day or noun of geography; and
    `_PLURAL_ARTICLE_NAME` where the context says "group" (no first name or filler after "Les")."""
    spans = [(m.start(), m.end()) for m in _PLURAL_ARTICLE_NAME.finditer(text)
             if (_GROUP_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _GROUP_AFTER.match(text, m.end()))
             and not any(fold(w) in first_names() | NER_STOP | NOT_SURNAMES for w in WORD.findall(m.group())[1:2])]
    for match in _ARTICLE_NAME.finditer(text):
        noun, name = fold(match.group("noun")), fold(match.group("name"))
        if noun in first_names() or noun in _GEOGRAPHY_NOUNS | TIME_NOUNS | NER_STOP | NOT_SURNAMES or TITLE.fullmatch(
                match.group("noun")) or any(p in _GEOGRAPHY_NOUNS for p in noun.split("-")):
            continue
        if name in NER_STOP | NOT_SURNAMES | CONNECTORS or match.group("name").isupper():
            continue
        # A listed kind ("Le Conseil de la Nation Atikamekw"): the kind's rules name it, without the article.
        # A residence's kind ("au Manoir du Fleuve") only where that rule took it ("Le Manoir Prestige des Bois-Francs").
        if fold(match.group("noun")) in _RESIDENCE_KINDS:
            if any(s == match.start("noun") for s, _ in _kind_names(text)):
                continue
        elif any(p.match(text, match.start("noun")) for p in (_COMMUNITY_ORGANISATION, _KIND_NAME, _INSTITUTION)):
            continue
        spans.append((match.start() if match.group("article") else match.start("noun"), match.end()))
    return spans


# A business by its kind and a capitalised name ("Transport Bellemare", "Construction Dubois", "Groupe Lemaire"), or a
# capitalised name and its legal form ("Bellemare et fils", "Lavoie et associés", "Bouchard inc.", "Gagnon ltée").
_BUSINESS_KINDS = (r"(?:Transports?|Construction|Constructions|Groupe|Entreprises?|Excavations?|Garage|Plomberie|Toitures?|"
                   r"Boulangerie|[ÉE]picerie|Restaurant|Quincaillerie|Ferme|D[ée]neigement|Paysagement|Menuiserie|"
                   r"[ÉE]b[ée]nisterie|R[ée]novations?|[ÉE]lectricit[ée]|Meubles|March[ée]s?|D[ée]panneur|D[ée]m[ée]nagements?|[ÉE]curies?|Imprimerie|"
                   r"Fromagerie|[ÉE]rabli[èe]re|Scierie|Laiterie|Traiteur|Camionnage|Autobus|Taxi|Location|Pneus|Toyota|"
                   r"Ford|Honda|Mazda|Chevrolet|Hyundai|Nissan|Cabinet|Bureau|Studio|Salon|Boucherie|Pharmacie|Fumoir|Mini[èe]re|"
                   r"P[êe]cheries?|Poissonnerie|Conserverie|Microbrasserie|Brasserie|Cidrerie|Vignoble|Chocolaterie|"
                   r"Fonderie|Pourvoirie|Chantier|Aluminerie|Papeti[èe]re|Mines?|Serres?|Vergers?|P[ée]pini[èe]res?|Minerai|Produits|"
                   r"Bois|Granit|Carri[èe]res?|Pâtes[ \t]+et[ \t]+papiers)(?:[ \t]+de[ \t]+(?:fer|bois|granit|zinc|cuivre|"
                   r"nickel|lithium|graphite|papier|construction))?")
_GRAMMAR_WORDS = DETERMINERS | CONNECTORS | {"chez", "avec", "pour", "par", "sans", "sur", "sous", "dans", "vers",
                                                        "apres", "avant", "depuis", "contre", "entre", "selon", "et", "ou",
                                                        "bravo", "voir", "pendant", "durant"}
_FAMILY_FORM = r"(?i:fils|filles|fr[èe]res|s(?:oe|œ)urs|associ[ée]e?s)"
# A firm of professionals by its partners' names and their profession in the plural: "Grondin Labbé avocats",
# "Tremblay Côté notaires", "Lavoie Gagnon CPA" (the names no common word, see `_business_names`).
_PROFESSION_FORM = (r"(?:avocat(?:e|)s|notaires|comptables|CPA|architectes|arpenteurs[-\u2010\u2011]g[ée]om[èe]tres|"
                    r"ing[ée]nieurs(?:[-\u2010\u2011]conseils)?|huissiers|actuaires|fiscalistes|m[ée]diateurs)(?![\w'’-])")
_BUSINESS_NAME = r"[A-ZÀ-Ý][\w'’]*(?:[-\u2010\u2011][\w'’]+)*"
_BUSINESS = re.compile(
    rf"(?<![\w-])(?:(?P<kind>{_BUSINESS_KINDS})[ \t]+)?(?P<name>{_BUSINESS_NAME}(?:[ \t]+(?:(?:et|&)[ \t]+)?"
    rf"(?!{_FAMILY_FORM}(?![\w-])){_BUSINESS_NAME}){{0,2}})(?P<form>[ \t]+(?:et|&)[ \t]+{_FAMILY_FORM}(?![\w-])|"
    rf"[ \t]+{_PROFESSION_FORM}|[ \t]*,?[ \t]+"
    rf"(?:inc\b\.?|enr\b\.?|lt[ée]e\b|limit[ée]e\b|s\.e\.n\.c\.?))?")


# A business in lower case as ASR writes it, by its family form: "les serres lemay et fils", "lavoie et frères" (the name
# no common word or first name; the article is the name's only before a kind).
_LOWER_BUSINESS = re.compile(
    rf"(?<![\w'’-])(?:(?P<article>(?i:les|la|le|l['’]))[ \t]*(?=(?i:{_BUSINESS_KINDS})[ \t]))?(?:(?P<kind>(?i:{_BUSINESS_KINDS}))[ \t]+)?"
    rf"(?P<name>[a-zà-ÿ][a-zà-ÿ'’-]+)[ \t]+(?:et|&)[ \t]+{_FAMILY_FORM}(?![\w-])")


def _lower_businesses(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LOWER_BUSINESS.finditer(text):
        name = fold(m.group("name"))
        if name in common_words() | first_names() or name in NER_STOP | NOT_SURNAMES | CONNECTORS or len(name) < 3:
            continue
        spans.append((m.start(), m.end()))
    return spans


# A society, foundation or federation by the country or province it serves and its cause in lower case: "la Fondation
# québécoise du cancer", "l'Association canadienne pour la santé mentale", "la Société québécoise de la schizophrénie".
# Capitalised mid-sentence, with its cause: one to three words, no article, verb or pronoun, and one more complement.
_SCOPED_KIND = re.compile(
    r"(?<![\w-])(?P<kind>Fondation|Soci[ée]t[ée]|Association|F[ée]d[ée]ration|Ordre|Institut|Conseil|Office|Agence|Coalition|"
    r"Regroupement|Ligue|Alliance|R[ée]seau|Centre|Coop[ée]rative|Commission|Fonds|Chambre|Union|Confédération)[ \t]+"
    r"(?P<scope>(?:qu[ée]b[ée]coise?|canadienne?|nationale?|internationale?|fran[çc]aise?|provinciale?|f[ée]d[ée]rale?|"
    r"montr[ée]alaise?|acadienne?|ontarienne?|mondiale?|europ[ée]enne?|am[ée]ricaine?))"
    r"(?P<cause>[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|pour[ \t]+la|pour[ \t]+le|pour[ \t]+les|pour[ \t]+l['’]|pour|"
    r"contre[ \t]+la|contre[ \t]+le|contre[ \t]+l['’]|contre|en|sur[ \t]+la|sur[ \t]+le|sur[ \t]+l['’])[ \t]*"
    r"[a-zà-ÿ][a-zà-ÿ-]{2,}(?:[ \t]+[a-zà-ÿ][a-zà-ÿ-]{2,}){0,2}"
    r"(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*[a-zà-ÿ][a-zà-ÿ-]{2,})?)?(?![\w'’-])")


def _scoped_organisations(text: str) -> list[tuple[int, int]]:
    """`_SCOPED_KIND` mid-sentence with its cause, cut before the first word that is no noun or adjective of it."""
    stop = _NOT_IN_NAMES | DETERMINERS | _KIND_WORDS_NOT | NER_STOP | TIME_NOUNS | {"depuis", "pendant", "durant", "selon",
                                                                                   "contre", "entre", "sans", "sous"}
    spans = []
    for m in _SCOPED_KIND.finditer(text):
        if not mid_sentence(text, m.start()):
            continue
        end = m.end("scope")
        if m.group("cause"):
            for piece in re.finditer(r"[ \t]+(?P<link>(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|pour[ \t]+la|pour[ \t]+le|"
                                     r"pour[ \t]+les|pour[ \t]+l['’]|pour|contre[ \t]+la|contre[ \t]+le|contre[ \t]+l['’]|"
                                     r"contre|en|sur[ \t]+la|sur[ \t]+le|sur[ \t]+l['’])(?![\w-])[ \t]*)?(?P<word>[a-zà-ÿ][a-zà-ÿ-]+)",
                                     m.group("cause")):
                if fold(piece.group("word")) in stop or not piece.group("link") and not _ADJECTIVE.search(piece.group("word")):
                    break
                end = m.start("cause") + piece.end()
        if end > m.end("scope"):      # "le Réseau québécois" alone is a description
            spans.append((m.start(), end))
    return spans


# A ministry, federal or provincial, by its domains: "ministère" in any case, then "de/du/des" and a capitalised domain,
# its adjectives, and more domains after "," or "et" ("le ministère de la Santé et des Services sociaux", "ministère de
# l'Immigration, de la Francisation et de l'Intégration", "Ministère des Anciens Combattants"). "le ministère de la santé"
# in lower case, "le ministère" alone stay.
_DOMAIN = r"[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý]?[^\W\d_]+)*(?:[ \t]+(?:[A-ZÀ-Ý][^\W\d_]+|[a-zà-ÿ]{3,}))*"
_MINISTRY = re.compile(rf"(?<![\w-])(?i:minist[èe]re)[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*(?P<domains>{_DOMAIN}"
                       rf"(?:[ \t]*(?:,|et)[ \t]*(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*{_DOMAIN})*)")
_DOMAIN_PIECE = re.compile(r"(?P<link>[ \t]*(?:,|et)?[ \t]*(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])?[ \t]*)(?P<word>[^\W\d_]+)")
# A funeral home by its family's name: "au Complexe funéraire Houle", "la résidence funéraire Lemieux".
_FUNERAL_HOME = re.compile(r"(?<![\w-])(?i:complexe|r[ée]sidence|salon|centre|maison|coop[ée]rative)[ \t]+(?i:fun[ée]raires?)"
                           r"[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*(?:[ \t]+(?:et|&)[ \t]+"
                           r"[A-ZÀ-Ý][^\W\d_]+)?)(?![\w'’-])")


def _ministries(text: str) -> list[tuple[int, int]]:
    """`_MINISTRY` cut after the last capitalised domain or its adjective: a lower-case word is the name's only as an
    adjective by its ending right after a domain ("Services sociaux", "Défense nationale"), never a verb or a filler."""
    spans = []
    for m in _MINISTRY.finditer(text):
        end, previous_capital = None, False
        for piece in _DOMAIN_PIECE.finditer(m.group("domains")):
            word = piece.group("word")
            if word[:1].isupper():
                if fold(word) in NER_STOP | NOT_SURNAMES or TITLE.fullmatch(word):
                    break
                end, previous_capital = m.start("domains") + piece.end(), True
            elif previous_capital and not piece.group("link").strip() and fold(word) not in _NOT_IN_NAMES and \
                    _ADJECTIVE.search(word):
                end, previous_capital = m.start("domains") + piece.end(), False
            elif piece.group("link").strip():
                continue
            else:
                break
        if end is not None:
            spans.append((m.start(), end))
    for m in _FUNERAL_HOME.finditer(text):
        if not any(fold(w) in NER_STOP | NOT_SURNAMES for w in WORD.findall(m.group("name"))):
            spans.append((m.start(), m.end()))
    return spans


# An organisation of a First Nation or the Inuit named in its language, the nation's name first: "Innu Takuaikan",
# "Inuit Tapiriit Kanatami", "Atikamekw Sipi". The next word no French or English word, first name, listed place or
# other nation's name ("les Innu Montagnais", "les Inuit Cris" stay).
_NATIONS = {"innu", "innus", "inuit", "atikamekw", "naskapi", "mohawk", "mohawks", "wendat", "abenakis", "abenaki",
            "algonquin", "algonquins", "anishinabe", "anishinabeg", "cri", "cris", "cree", "micmac", "mi'gmaq", "mi’gmaq",
            "wolastoqiyik", "malecite", "montagnais", "nation", "nations", "premieres", "first", "kanien'keha:ka"}
_NATION_ORGANISATION = re.compile(r"(?<![\w'’-])(?P<nation>Innu|Inuit|Atikamekw|Naskapi|Mohawk|Wendat|Abénakis|Anishinabe|"
                                  r"Wolastoqiyik|Mi['’]gmaq)(?P<words>(?:[ \t]+[A-Z][a-z]{3,}){1,2})(?![\w'’-])")


# A name said, then what it is in apposition: "Y a aussi Bridgestone, le gros employeur à Joliette", "on travaille avec
# Takuaikan, un organisme de Uashat". One to three capitalised words, mid-sentence, that are no common word, first name or listed place.
_NAME_THEN_KIND = re.compile(r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*(?:[ \t]+[A-ZÀ-Ý]"
                             r"[^\W\d_]+){0,2})[ \t]*,[ \t]*(?i:un|une|le|la|l['’]|notre|leur|mon|ma)[ \t]*"
                             r"(?:(?i:gros|grosse|petit|petite|grand|grande|seul|seule|principal|principale|nouvel|nouveau|"
                             r"nouvelle)[ \t]+)?(?i:groupe|organisme|association|regroupement|employeur|entreprise|compagnie|"
                             r"usine|fondation|coop[ée]rative|OBNL|collectif|ressource)(?![\w'’-])")


def _names_then_kinds(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NAME_THEN_KIND.finditer(text):
        # A hyphenated compound is one word ("Entre-Mères" is no word, though "entre" and "mères" are).
        words = m.group("name").split()
        if not mid_sentence(text, m.start()) or any(
                fold(w) in common_words() | first_names() | NER_STOP | NOT_SURNAMES or TITLE.fullmatch(w) for w in words):
            continue
        # No part a first name, a verb or a word of geography ("Jean-Pierre", "Peut-Être", "Grand-Mère"), no listed place
        # or region ("Saguenay-Lac-Saint-Jean, un groupe existe").
        parts = {fold(p) for w in words for p in re.split(HYPHEN, w)}
        if parts & (first_names() | _NOT_IN_NAMES | _GEOGRAPHY_WORDS | NER_STOP) or any(
                _listed_place_word(w) for w in words) or known_places().get(place_key(m.group("name"))) or \
                fold(m.group("name")).replace("-", " ") in REGIONS or m.group("name").isupper():
            continue
        spans.append((m.start("name"), m.end("name")))
    return spans


def _nation_organisations(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NATION_ORGANISATION.finditer(text):
        words = list(WORD.finditer(m.group("words")))
        keep = []
        for w in words:
            folded = fold(w.group())
            if folded in _NATIONS or folded in common_words() or folded in first_names() or folded in NER_STOP | \
                    NOT_SURNAMES or known_places().get(place_key(w.group())):
                break
            keep.append(w)
        if keep:
            spans.append((m.start(), m.start("words") + keep[-1].end()))
    return spans


def _missions(text: str) -> list[tuple[int, int]]:
    """`_MISSION` with its country: capitalised words that are no filler, title or first name after the first."""
    spans = []
    for m in _MISSION.finditer(text):
        words = list(WORD.finditer(m.group("country")))
        while len(words) > 1 and (fold(words[-1].group()) in NER_STOP | NOT_SURNAMES | CONNECTORS | first_names()
                                  or TITLE.fullmatch(words[-1].group())):
            words.pop()
        if fold(words[0].group()) in NER_STOP | NOT_SURNAMES or TITLE.fullmatch(words[0].group()):
            continue
        end = m.start("country") + words[-1].end()
        # A mission written with its capital ("le Consulat général d'Haïti à Montréal") is named with its city; "le
        # consulat du Mexique à Montréal" in lower case stays a mission and a town.
        city = _MISSION_CITY.match(text, end)
        if city and m.group()[:1].isupper() and _listed_place_word(city.group("city")):
            end = city.end()
        spans.append((m.start(), end))
    return spans


_MISSION_CITY = re.compile(r"[ \t]+à[ \t]+(?P<city>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?![\w'’-])")


_ELIDED_CAPITAL = re.compile(r"[ \t]+d['’](?:(?P<word>[A-ZÀ-Ý][^\W\d_]+)(?![\w'’-])|"
                             r"(?P<lower>[a-zà-ÿ]{3,})(?=[ \t]*(?:[.,;:!?)]|$)))")


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
                    fold(names[0].group()) in _GRAMMAR_WORDS | NER_STOP or not mid_sentence(text, match.start("name") + names[0].start())
                    or re.match(r"[ \t]+(?:et|&)[ \t]", match.group("name")[names[0].end():])):
                names.pop(0)
            if not names:
                continue
            start = match.start("name") + names[0].start()
        words = [w for w in WORD.findall(text[start:match.end("name")]) if fold(w) not in CONNECTORS]
        if any(fold(w) in NER_STOP | NOT_SURNAMES or TITLE.fullmatch(w) or w.isupper() for w in words):
            continue
        # After a kind, a capitalised article or a hyphenated compound says "name" where its words are words ("Fumoir
        # Les Bonnes Marées", "Minière Fer-Nord"); "Boulangerie du coin", "Pêcheries gaspésiennes" stay.
        named = match.group("kind") and match.group("form") or match.group("kind") and re.match(rf"(?:L['’]|(?:Le|La|Les)[ \t]+[A-ZÀ-Ý])|{PLACE_PART}{HYPHEN}[A-ZÀ-Ý]",
                                                 match.group("name"))
        # After a kind, an elided "d'" and a capital go on with the name ("les Marchés Dragon d'Or"; "Garage du coin" stays),
        # or a noun before a pause mid-sentence ("les Écuries Chevaux d'espoir,"; "au Garage Dubois d'habitude" stays).
        elided = _ELIDED_CAPITAL.match(text, match.end("name")) if match.group("kind") and not match.group("form") else None
        if elided and (elided.group("word") and fold(elided.group("word")) not in NER_STOP | TIME_NOUNS or elided.group(
                "lower") and fold(elided.group("lower")) not in _NOT_ELIDED_TAIL | NER_STOP and mid_sentence(text, start)):
            spans.append((start, elided.end()))
            continue
        if not named and not any(fold(w) not in common and fold(w) not in first_names() for w in words):
            continue
        spans.append((start, start + len(text[start:match.end()].rstrip(" \t,"))))
    return spans


# A parish or a church named after a saint, its kind in lower case: "la paroisse Saint-Joseph", "l'église Sainte-Anne",
# "la chapelle Notre-Dame-de-Lourdes", "l'église St. Columba by-the-Lake": one organisation with its kind.
_UNION_OF = rf"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’])[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD})*"
# Its confession and its community, two at most ("l'église orthodoxe roumaine Saint-Nicolas", "la paroisse catholique
# portugaise Santa Cruz"): a church of a community names it as well as its saint.
_CONFESSIONS = (r"unie|anglicane|baptiste|[ée]vang[ée]lique|orthodoxe|presbyt[ée]rienne|luth[ée]rienne|catholique|copte|"
                r"maronite|melkite|arm[ée]nienne|grecque|roumaine|russe|serbe|ukrainienne|polonaise|portugaise|italienne|"
                r"cor[ée]enne|chinoise|vietnamienne|philippine|ha[ïi]tienne|[ée]thiopienne|[ée]rythr[ée]enne|libanaise|syriaque|"
                r"hispanique|latino-am[ée]ricaine|africaine|antiochienne|bulgare|g[ée]orgienne|hongroise|lituanienne")
# A temple's or a pagoda's confession ("au Temple bouddhiste Từ Quang", "le temple hindou Sri Murugan").
_RELIGIONS = r"bouddhiste|hindou|hindoue|sikh|ta[oô][ïi]ste|caoda[ïi]ste|ja[ïi]n|ja[ïi]ne|shinto[ïi]ste"
_PARISH = re.compile(rf"(?<![\w-])(?i:paroisse|[ée]glise|chapelle|basilique|cath[ée]drale|mission)[ \t]+"
                     rf"(?:(?i:{_CONFESSIONS})[ \t]+){{0,2}}"
                     rf"(?:(?:Saint|Sainte|St|Ste|Notre|Santa|Santo|San|Sao|São)\.?(?:{HYPHEN}|[ \t]+){PLACE_PART}(?:(?:{HYPHEN}|[ \t]+(?=(?:by|on|upon){HYPHEN}))"
                     rf"(?:(?:de|du|des|la|by|the|on|upon|in){HYPHEN}|l['’])*{PLACE_PART})*)(?![\w-])")
# A church of a community named in its own language, its confession said: "l'église arménienne Sourp Hagop", "la paroisse
# orthodoxe Sfântul Nicolae". One to three capitalised words; a first name, filler, common word or listed place first
# stays ("l'église catholique Québec").
_CONFESSION_CHURCH = re.compile(rf"(?<![\w-])(?i:paroisse|[ée]glise|chapelle|basilique|cath[ée]drale|mission|temple|pagode)[ \t]+"
                                rf"(?:(?i:{_CONFESSIONS}|{_RELIGIONS})[ \t]+){{1,2}}(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})(?![\w'’-])")


_FRENCH_LETTERS = set("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ'’-")


def _foreign_letters(word: str) -> bool:
    """Whether a word has a letter French does not write ("Từ", "Đức"): folded, it would look like a French word."""
    return any(c not in _FRENCH_LETTERS for c in word.lower())


def _confession_churches(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CONFESSION_CHURCH.finditer(text):
        first = fold(WORD.findall(m.group("name"))[0])
        if _foreign_letters(WORD.findall(m.group("name"))[0]):
            first = ""      # "Từ" is no French "tu": a word of another alphabet is no common word
        if first in first_names() | common_words() | NER_STOP | DETERMINERS or TITLE.fullmatch(m.group("name").split()[0]) \
                or _listed_place_word(m.group("name").split()[0]):
            continue
        spans.append((m.start(), m.end()))
    return spans


# The same in lower case as ASR writes it, the saint's name hyphenated: "la paroisse saint-fidèle", "l'église
# sainte-anne", "la chapelle notre-dame-de-lourdes" ("l'église pis saint-jean" stays: the saint right after the kind).
_LOWER_PARISH = re.compile(rf"(?<![\w-])(?:paroisse|[ée]glise|chapelle|basilique|cath[ée]drale)[ \t]+"
                           rf"(?:(?:{_CONFESSIONS})[ \t]+){{0,2}}(?:saint|sainte|st|ste|notre)[-\u2010\u2011]"
                           r"[a-zà-ÿ]{3,}(?:[-\u2010\u2011][a-zà-ÿ]+)*(?![\w'’-])")
# A union local by its number ("la section locale 7625 des Métallos", "le syndicat local 301"), or "local" and a number
# with the union's name ("le local 1234 des Teamsters"; "le local 1234" alone is a room).
_UNION_LOCAL = re.compile(rf"(?<![\w-])(?:(?i:section[ \t]+locale|syndicat[ \t]+local)[ \t]+(?:(?i:n[o°])\.?[ \t]*)?\d{{1,5}}"
                          rf"(?![\w-])(?:{_UNION_OF})?|(?i:local)[ \t]+(?:(?i:n[o°])\.?[ \t]*)?\d{{1,5}}(?![\w-]){_UNION_OF})")

# An acronym of 4 to 6 capitals after a determiner or a preposition, as an organisation is named: "au CHAUR", "l'OFQJ",
# "le CRDS", "du CRSSS". Not a common acronym of a health transcript, of the app or of software ("le CLSC", "la MPOC",
# "le TDAH", "le JSON"), nor a word written in capitals ("le TEXTE").
_BEFORE_ACRONYM = r"(?<![\w-])(?:(?:[Aa]ux?|[Dd]u|[Dd]es|[Ll]es?|[Ll]a|[Cc]hez|[Aa]vec|[Pp]our)[ \t]+|[LlDd]['’][ \t]*)"
_ACRONYM_ORGANISATION = re.compile(_BEFORE_ACRONYM +
                                   r"(?P<acronym>[A-Z]{4,6})(?![\w-])")
COMMON_ACRONYMS = {
    # kinds of institution and care, written without their names
    "CLSC", "CHSLD", "CISSS", "CIUSSS", "CSSS", "CHUM", "CUSM", "EHPAD", "SAPA", "SIAD", "CRDI", "CRDP", "CRPAT", "DPJE",
    "HSCM", "GMFU", "URGENCE", "SOINS", "SAAD", "SNPAD", "CHRSO", "CRFM",
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
        if acronym in COMMON_ACRONYMS or fold(acronym) in common or fold(acronym) in NER_NO_IDENTIFIER | NER_STOP or \
                acronym in NOT_INITIALS:
            continue
        spans.append((match.start("acronym"), match.end("acronym")))
    return spans


_CAPITALISED_WORD_AFTER = re.compile(r"[ \t]+([A-ZÀ-Ý][^\W\d_]+)(?![\w'’-])")


def _with_words_after(text: str, end: int) -> int:
    """A name runs on over capitalised words that are no common word, first name or filler ("Conseil de la Nation
    Atikamekw"; "le Centre de Rimouski Pierre" stops before Pierre)."""
    while True:
        following = _CAPITALISED_WORD_AFTER.match(text, end)
        if not following:
            return end
        folded = fold(following.group(1))
        if (folded in common_words() or folded in first_names() or folded in NER_STOP | NOT_SURNAMES
                or following.group(1).isupper()):
            return end
        end = following.end()


# An institution or a health business in lower case as ASR writes it: a kind, "de" and a listed town that is no common
# word ("l'hôpital de gaspé"; "l'hôpital de jour", "la clinique de sein" stay), or a business kind, at most two words
# and its place, a side of a region, a saint's name or a listed town, hyphenated ("physio santé rive-sud", "pharmacie
# uniprix sainte-foy"; "la physio pis rive-sud" stays).
_LOWER_INSTITUTION = re.compile(
    r"(?<![\w-])(?:(?:CLSC|CHSLD|CHU|GMF|CISSS|(?i:h[oô]pital|centre[ \t]+hospitalier|clinique|c[ée]gep|polyvalente|"
    r"municipalit[ée]))[ \t]+(?:de|d['’])[ \t]*(?P<town>[a-zà-ÿ][^\W\d_]*(?:[-\u2010\u2011][^\W\d_]+)*)(?!['’])|"
    r"(?:physio|physioth[ée]rapie|clinique|polyclinique|pharmacie|kin[ée]sio|ergo|dentisterie|optom[ée]trie)"
    r"(?P<words>(?:[ \t]+[a-zà-ÿ]+){0,2})[ \t]+(?P<place>[a-zà-ÿ]+(?:[-\u2010\u2011][a-zà-ÿ]+)+)(?![\w-]))")


# A public body of justice, security or lodging in lower case, with "de" and the listed town it serves: "au palais de
# justice de Québec", "au bureau d'aide juridique de Chomedey", "le centre de détention de Rivière-des-Prairies". Without
# the town ("au palais de justice", "le bureau d'aide juridique") it names nobody and stays.
_PUBLIC_BODY_OF_TOWN = re.compile(
    r"(?<![\w'’-])(?P<kind>palais[ \t]+de[ \t]+justice|bureau[ \t]+d['’]aide[ \t]+juridique|centre[ \t]+de[ \t]+d[ée]tention|"
    r"[ée]tablissement[ \t]+de[ \t]+d[ée]tention|maison[ \t]+de[ \t]+transition|centre[ \t]+communautaire[ \t]+juridique|"
    r"maison[ \t]+de[ \t]+naissance|centre[ \t]+de[ \t]+sant[ée]|poste[ \t]+de[ \t]+police|poste[ \t]+de[ \t]+quartier|h[ôo]tel[ \t]+de[ \t]+ville|centre[ \t]+jeunesse|"
    r"centre[ \t]+de[ \t]+services[ \t]+scolaire|commission[ \t]+scolaire)"
    r"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*"
    r"(?P<town>[^\W\d_]+(?:[-\u2010\u2011](?:[^\W\d_]+|[dl]['’][^\W\d_]+))*)(?![\w'’-])")


def _public_bodies_of_towns(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PUBLIC_BODY_OF_TOWN.finditer(text):
        town = m.group("town")
        parts = tuple(fold(p) for p in re.split(HYPHEN, town))
        if not any(e.keys == parts and e.category == "place" for e in known_places().get(place_key(town), ())):
            continue
        if town.islower() and fold(town) in common_words():
            continue
        spans.append((m.start(), m.end()))
    return spans


# An employer or a group named by capitalised words after "pour", "chez", "avec", "à" or "de", then a kind in apposition:
# "je travaillais pour Placement Express, une agence", "chez Nettoyage Pro, une compagnie". The kind after the comma says
# "organisation"; a first name, title, filler or listed place first stays ("pour Marie, une amie"; no kind: no match). A
# program or a shelter too: "qui venait avec Trajet-Jeunesse, le programme des travailleurs de rue".
_NAME_THEN_APPOSED_KIND = re.compile(
    rf"(?<![\w'’-])(?i:pour|chez|avec|à|aux|au|du|des|de|d['’]|par)[ \t]*(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})[ \t]*,"
    r"[ \t]*(?i:une|un|l['’]|la|le|notre|leur|mon|ma)[ \t]*(?i:agence|entreprise|compagnie|firme|organisme|OBNL|coop(?:[ée]rative)?|"
    r"association|fondation|employeur|manufacture|usine|shop|cuisines?[ \t]+collectives?|popote[ \t]+roulante|"
    r"banque[ \t]+alimentaire|soupe[ \t]+populaire|friperie|comptoir[ \t]+(?:alimentaire|vestimentaire)|maison[ \t]+de[ \t]+jeunes|"
    r"garderie|gym|programme|projet|ressource|refuge|halte)(?![\w'’-])")
# An employer by two to four capitalised words after a verb of work and "pour" or "chez": "le père travaille pour
# Tutorat Cap Réussite", "elle a été engagée chez Nettoyage Éclair Pro". No word a first name, title or filler ("il
# travaille pour Jean Tremblay" is a person), nor the whole a listed place.
_WORKS_FOR = re.compile(rf"(?<![\w'’-])(?i:travaill\w*|engag[ée]e?s?|embauch[ée]e?s?|employ[ée]e?s?|b[ée]n[ée]vole)[ \t]+"
                        rf"(?i:pour|chez)[ \t]+(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{1,3}})(?![\w'’-])")
# A group named by a playful phrase in lower case, as ASR writes it, that the kind names right after it: "avec les petits
# bobos euh l'organisme de réduction des méfaits", "chez la petite marmite, un organisme". Two words at least, none a
# pronoun, a verb, a filler or a word for people ("avec les autres intervenants, l'organisme" stays).
_LOWER_GROUP_APPOSED = re.compile(
    r"(?<![\w'’-])(?:avec|chez|pour|à|aux|au)[ \t]+(?P<name>(?:(?:les|la|le)[ \t]+|l['’])?[a-zà-ÿ]+(?:[ \t]+[a-zà-ÿ]+){1,3}?)"
    r"(?:[ \t]*,[ \t]*|[ \t]+euh[ \t]*,?[ \t]*)(?:l['’]|un[ \t]+|notre[ \t]+|leur[ \t]+)[ \t]*"
    r"(?:organisme|obnl|association|refuge|ressource|coop[ée]rative|regroupement)(?![\w'’-])")
_PEOPLE_WORDS = {"autres", "autre", "intervenants", "intervenantes", "intervenant", "jeunes", "gens", "familles", "enfants",
                 "parents", "travailleurs", "travailleuses", "usagers", "usageres", "personnes", "filles", "gars", "femmes",
                 "hommes", "aines", "benevoles", "membres", "equipe", "equipes", "clients", "clientes", "participants",
                 "participantes", "residents", "residentes", "proches", "aidants", "aidantes", "amis", "amies", "collegues",
                 "monde", "tout", "tous", "toutes", "meme", "memes", "nouveaux", "nouvelles", "deux", "trois", "quatre"}
# A soup kitchen, a food bank or a drop-in centre in lower case, named by a virtue after its kind, as community groups
# are: "à la soupe du cœur", "au comptoir de l'espoir", "la popote de l'amitié". Only these kinds of food and shelter
# ("les maladies du cœur", "la chirurgie du cœur", "la maison de mon enfance" stay).
_LOWER_VIRTUE_GROUP = re.compile(
    r"(?<![\w'’-])(?:(?:à[ \t]+la|de[ \t]+la|la|le|au|du|à[ \t]+l['’]|l['’])[ \t]*)"
    r"(?P<name>(?:soupe|cuisine|comptoir|popote|frigo|panier|chaudron|marmite|d[ée]pannage|accueil|halte|refuge|maison|"
    r"resto|caf[ée]|table|grenier|garde-manger)(?:[ \t]+(?:populaire|communautaire|alimentaire|solidaire))?[ \t]+"
    r"(?:du[ \t]+c(?:œ|oe)ur|de[ \t]+l['’]espoir|de[ \t]+l['’]amiti[ée]|du[ \t]+partage|de[ \t]+l['’]entraide|"
    r"de[ \t]+la[ \t]+solidarit[ée]|de[ \t]+l['’]amour|du[ \t]+bon[ \t]+dieu|de[ \t]+la[ \t]+bont[ée]))"
    r"(?![\w'’-])")
# A band council by its name in its own language, "Takuhikan" (Innu: the council's office) after the nation's name:
# "le Pekuakamiulnuatsh Takuhikan", "Innu Takuaikan Uashat mak Mani-utenam".
_BAND_COUNCIL = re.compile(rf"(?<![\w'’-]){_CAP_WORD}[ \t]+Taku(?:h|a)?i?kan(?![\w'’-])(?:[ \t]+{_CAP_WORD}(?:[ \t]+mak[ \t]+"
                           rf"{_CAP_WORD})?)?")
# An English hospital named by its town and a possessive, its kind left out: "du Montreal Children's", "au Montreal
# Neurological" is no possessive and stays to other rules; the town listed ("the Toronto Women's").
_TOWN_POSSESSIVE = re.compile(r"(?<![\w'’-])(?P<town>[A-ZÀ-Ý][^\W\d_]+)[ \t]+(?P<owner>[A-Z][a-z]+['’]s)(?![\w'’-])"
                              rf"(?![ \t]+{ENGLISH_PLACE_HEADS}(?![\w'’-]))")
# An acronym with a hyphen, after a determiner, as a program is named: "au PAJ-SM", "le PQJ-SM". Neither part a common
# acronym ("le TSA-TDAH" stays), no digit ("la COVID-19").
_HYPHENATED_ACRONYM = re.compile(_BEFORE_ACRONYM +
                                 r"(?P<acronym>[A-Z]{2,5}[-\u2010\u2011][A-Z]{2,4})(?![\w-])")


# A community group by its kind then its capitalised name, the name's article capitalised if it has one: "à la Cuisine
# collective Les Marmites", "la banque alimentaire Moisson Laurentides". A first name, title or filler first, a listed
# place alone or a single common word without its article stays ("la cuisine collective Marie", "la soupe populaire
# Lundi", "la banque alimentaire de Laval").
_COMMUNITY_KIND_THEN_NAME = re.compile(
    r"(?<![\w'’-])(?i:cuisines?[ \t]+collectives?|popote[ \t]+roulante|banque[ \t]+alimentaire|soupe[ \t]+populaire|"
    r"comptoir[ \t]+(?:alimentaire|vestimentaire)|friperie|maison[ \t]+des?[ \t]+jeunes)[ \t]+"
    rf"(?P<name>(?P<article>(?:Les|Le|La)[ \t]+|L['’])?{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})(?![\w'’-])")


def _named_by_kind_or_language(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _COMMUNITY_KIND_THEN_NAME.finditer(text):
        words = WORD.findall(m.group("name")[len(m.group("article") or ""):])
        if not words or fold(words[0]) in first_names() | NER_STOP | NOT_SURNAMES | DETERMINERS | TIME_NOUNS or \
                TITLE.fullmatch(words[0]) or _listed_place_word(m.group("name")):
            continue
        if len(words) == 1 and fold(words[0]) in common_words() and not m.group("article"):
            continue
        spans.append((m.start(), m.end()))
    for m in _NAME_THEN_APPOSED_KIND.finditer(text):
        words = [w for w in WORD.findall(m.group("name")) if w[:1].isupper()]
        if not words or fold(words[0]) in first_names() | NER_STOP | NOT_SURNAMES | DETERMINERS or TITLE.fullmatch(words[0]) \
                or fold(words[0]) in DRUG_BRANDS | EPONYM_DISEASES | TIME_NOUNS:
            continue
        if _listed_place_word(m.group("name")) or len(words) == 1 and fold(words[0]) in common_words():
            continue
        spans.append((m.start("name"), m.end("name")))
    for m in _WORKS_FOR.finditer(text):
        words = WORD.findall(m.group("name"))
        if any(fold(w) in first_names() | NER_STOP | NOT_SURNAMES | DETERMINERS or TITLE.fullmatch(w) for w in words):
            continue
        if any(p.start == 0 and p.end == len(m.group("name")) for p in find_known_places(m.group("name"), ("place",))):
            continue
        spans.append((m.start("name"), m.end("name")))
    for m in _LOWER_GROUP_APPOSED.finditer(text):
        words = [fold(w) for w in WORD.findall(m.group("name"))]
        words = words[1:] if words[0] in ("les", "la", "le", "l") else words
        if len(words) < 2 or any(w in _NOT_IN_NAMES | _PEOPLE_WORDS | NER_STOP | CONNECTORS | DETERMINERS | TIME_NOUNS
                                 or w in first_names() for w in words):
            continue
        spans.append((m.start("name"), m.end("name")))
    spans += [(m.start("name"), m.end("name")) for m in _LOWER_VIRTUE_GROUP.finditer(text)]
    spans += [(m.start(), m.end()) for m in _BAND_COUNCIL.finditer(text)
              if fold(WORD.findall(m.group())[0]) not in NER_STOP | DETERMINERS]
    for m in _TOWN_POSSESSIVE.finditer(text):
        if _listed_place_word(m.group("town")) and fold(m.group("owner")[:-2]) not in first_names():
            spans.append((m.start(), m.end()))
    for m in _HYPHENATED_ACRONYM.finditer(text):
        parts = re.split(HYPHEN, m.group("acronym"))
        if not any(p in COMMON_ACRONYMS or p in NOT_INITIALS or fold(p) in common_words() for p in parts):
            spans.append((m.start("acronym"), m.end("acronym")))
    return spans


# A fraternal body, a legion or a union with its numbered branch after a comma: "les Chevaliers de Colomb, conseil 3104",
# "la Légion royale canadienne, filiale 183", "Unifor, section locale 1209". The name is read backwards from the comma:
# capitalised words, "de/du/des" before a capitalised word, and lower-case adjectives by their ending after one.
_NUMBERED_BRANCH = re.compile(r"[ \t]*,[ \t]*(?i:conseil|filiale|section|succursale|local|loge|cercle|chapitre)"
                              r"(?:[ \t]+(?i:locale?|r[ée]gionale?))?[ \t]+(?:(?i:n[o°º]\.?|num[ée]ro)[ \t]*)?\d{1,4}(?![\w'’,.]?\d)")
_NAME_WORD_BEFORE = re.compile(r"(?:(?<=[ \t])|(?<=^)|(?<=['’]))([^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)[ \t]*['’]?[ \t]*$")
# Texts and courses are cut in sections, not branches ("le Code civil, section 3", "la Partie deux, section 4").
_NOT_BRANCHED = {"code", "loi", "reglement", "charte", "article", "chapitre", "partie", "titre", "livre", "tome", "volume",
                 "annexe", "module", "cours", "formation", "guide", "manuel", "programme", "page", "salle", "pavillon",
                 "bloc", "aile", "etage", "porte", "bureau", "local", "section", "classe", "groupe", "niveau"}

# A business written as one word with a capital inside, after "chez": "kinésiologue chez PhysioAction Plus", "chez
# SantéGo" (a brand's shape; the surnames' particles "Mc", "Mac", "De", "Di", "Le", "La", "Van" first are people's: "chez
# LeBlanc", "chez McDuff"). Up to two capitalised words of business after it ("Plus", "Santé", "Express").
_CAMEL_BUSINESS = re.compile(r"(?<![\w'’-])(?i:chez)[ \t]+(?P<name>(?!(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|St|Ste|O)[A-Z])"
                             r"[A-ZÀ-Ý][a-zà-ÿ]{2,}[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[ \t]+[A-ZÀ-Ý][a-zà-ÿ]+){0,2})(?![\w'’-])")


# A community group or a business by a hyphenated coined name after "au", "à la" or "chez": "la nourriture au Multi-Caf",
# "chez Maxi-Dépôt". One part at least no common word or first name; no part a word of geography, a saint or a filler,
# the whole no listed place ("au Mont-Royal", "au Vieux-Port", "à la Saint-Jean", "chez Jean-Guy" stay), and no
# capitalised word or "de" after it (a longer name, other rules decide).
_COINED_NAME = re.compile(r"(?<![\w'’-])(?:(?i:au|chez)[ \t]+|(?i:à[ \t]+la)[ \t]+)(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:[-\u2010\u2011]"
                          r"[A-ZÀ-Ý][a-zà-ÿ]+)+)(?![\w'’-])(?![ \t]+(?:[A-ZÀ-Ý]|de[ \t]|du[ \t]|des[ \t]|d['’]))")


# A business named by one coined word, a root glued to a word of its trade, after an article or "chez", mid-sentence:
# "le kinésiologue de l'Éconofitness", "au Mégagym", "chez Optiprix". The word no common word, first name or place.
_GLUED_BUSINESS = re.compile(r"(?<![\w'’-])(?:(?i:au|aux|chez|du|le|la)[ \t]+|[LlDd]['’][ \t]*)(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}"
                             r"(?:fitness|gym|sports?|cardio|physio|pharma|prix|m[ée]dic|d[ée]pot|mart|plus))(?![\w'’-])")


def _glued_businesses(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _GLUED_BUSINESS.finditer(text):
        name = m.group("name")
        if fold(name) in common_words() | first_names() | NER_STOP or known_places().get(place_key(name)) or not \
                mid_sentence(text, m.start()):
            continue
        spans.append((m.start("name"), m.end("name")))
    return spans


def _coined_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _COINED_NAME.finditer(text):
        parts = [fold(p) for p in re.split(HYPHEN, m.group("name"))]
        if all(p in common_words() or p in first_names() for p in parts) or set(parts) & (
                _GEOGRAPHY_WORDS | NER_STOP | NOT_SURNAMES | first_names() | {"saint", "sainte", "st", "ste"}):
            continue
        name = m.group("name")
        if known_places().get(place_key(name)) or " ".join(parts) in REGIONS or parts[0] in ("nouveau", "nouvelle") or any(
                p.start == 0 and p.end == len(name) for p in find_known_places(name, ("place",)) + find_compound_places(name)):
            continue
        spans.append((m.start("name"), m.end("name")))
    return spans


def _camel_businesses(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CAMEL_BUSINESS.finditer(text):
        words = m.group("name").split()
        while len(words) > 1 and fold(words[-1]) not in _WORDS_OF_BUSINESS:
            words.pop()
        spans.append((m.start("name"), m.start("name") + len(" ".join(words))))
    return spans


_NUMBER_WORDS = {"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "vingt", "cent"}


def _numbered_branches(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NUMBERED_BRANCH.finditer(text):
        words: list[re.Match] = []      # right to left
        end = m.start()
        while len(words) < 7:
            w = _NAME_WORD_BEFORE.search(text, max(0, end - 200), end)   # a bounded window: linear in the text
            if not w:
                break
            words.append(w)
            end = w.start(1)
        kept: list[re.Match] = []
        for w in words:
            word, folded = w.group(1), fold(w.group(1))
            right = kept[-1].group(1) if kept else ""
            if word[:1].isupper():
                if folded in first_names() | NER_STOP | NOT_SURNAMES | DETERMINERS or TITLE.fullmatch(word):
                    break
            elif folded in ("de", "du", "des", "d") and right[:1].isupper():
                pass
            elif not any(k.group(1)[:1].isupper() for k in kept) and _ADJECTIVE.search(folded) and \
                    folded not in _NOT_IN_NAMES | CONNECTORS | DETERMINERS | _NUMBER_WORDS:
                pass
            else:
                break
            kept.append(w)
        # The name starts with a capital ("le comité des [Chevaliers de Colomb]"), not a sentence's ("Lisez la…").
        while kept and (not kept[-1].group(1)[:1].isupper() or fold(kept[-1].group(1)) in common_words() and len(kept) > 1
                        and not mid_sentence(text, kept[-1].start(1))):
            kept.pop()
        if not kept:
            continue
        names = [fold(k.group(1)) for k in kept]
        if set(names) & _NOT_BRANCHED or kept[-1].group(1) in COMMON_ACRONYMS or (
                len(kept) == 1 and (names[0] in common_words() or _listed_place_word(kept[0].group(1)))):
            continue
        spans.append((kept[-1].start(1), m.end()))
    return spans


def _lower_institution(match: re.Match) -> bool:
    """Whether `_LOWER_INSTITUTION` names one (see above)."""
    if match.group("town"):
        return fold(match.group("town")) not in common_words() and bool(known_places().get(place_key(match.group("town"))))
    if any(fold(w) in DETERMINERS | CONNECTORS | NER_STOP | {"pis", "puis", "mais", "ou", "qui", "que", "pour", "avec"}
           for w in match.group("words").split()):
        return False
    parts = [fold(p) for p in re.split(HYPHEN, match.group("place"))]
    return bool(set(parts) & (SIDE_HEADS | SIDE_TAILS | {"rive", "saint", "sainte", "ville", "cote"})) or any(
        e.keys == tuple(parts) for e in known_places().get(place_key(parts[0]), ()))


_SENTENCE_GOES_ON = {"a", "ont", "est", "sont", "etait", "etaient", "avait", "avaient", "va", "vont", "fait", "font", "dit",
                     "pis", "puis", "mais", "donc", "car", "euh", "ben", "je", "tu", "il", "elle", "on", "nous", "vous", "ils",
                     "elles", "ca", "qui", "que", "quand"}


# A cemetery by its name, "cimetière" in lower case as people write it: "au cimetière Baron de Hirsch", "le cimetière
# Notre-Dame-des-Neiges" (a name that is no common word, or hyphenated; "le cimetière Mardi" stays).
_CEMETERY = re.compile(rf"(?<![\w-])(?i:cimeti[èe]re)[ \t]+(?P<name>{_CAP_WORD}(?:[ \t]+(?:(?:de[ \t]+la|de|du|des)[ \t]+)?"
                       rf"{_CAP_WORD}){{0,3}})(?![\w'’-])")
# A research centre, institute or chair by its field, the field in lower case up to the sentence's end or a word that
# says the sentence went on: "au Centre interuniversitaire de recherche sur le vieillissement, la mémoire et les soins
# de proximité", "la Chaire de recherche sur la douleur chronique".
_RESEARCH_CENTRE = re.compile(
    r"(?:(?<=[lL]['’])|(?<![\w'’-]))(?:Centre|Institut|Chaire|Laboratoire|R[ée]seau|Consortium|Observatoire|Groupe|[ÉE]quipe|Unit[ée])"
    r"(?:[ \t]+(?:inter)?universitaire|[ \t]+international|[ \t]+qu[ée]b[ée]cois|[ \t]+national|[ \t]+canadien)?"
    r"[ \t]+(?:de[ \t]+recherches?|d['’][ée]tudes|d['’]expertise|d['’]excellence)(?P<name>[ \t]+[A-ZÀ-Ý][^\W\d_]+"
    r"(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)?[ \t]+(?:sur|en|pour)[ \t]+"
    r"(?P<field>[^.!?;:()\n]{3,140})")
_FIELD_WORD = re.compile(r"[ \t]*(?P<comma>,)?[ \t]*(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?)")
_FIELD_STOPS = {"depuis", "pendant", "durant", "avant", "apres", "hier", "demain", "aujourd", "alors", "aussi", "encore",
                "toujours", "jamais", "ici", "parce", "comme", "si", "ou", "ce", "cette", "ces", "cet", "y", "dont"}
_FIELD_LINKS = {"l", "la", "le", "les", "et", "de", "d", "du", "des", "en", "aux", "au", "a", "sur", "pour", "avec"}


# A capitalised kind mid-sentence after a determiner, an adjective, then "de" and its cause in lower case, up to a pause:
# "l'Association juive de soutien aux aînés,", "la Banque interrégionale d'interprètes", "la Société canadienne du cancer".
_KIND_ADJECTIVE_CAUSE = re.compile(
    r"(?<![\w'’-])(?:l['’]|la[ \t]+|le[ \t]+|au[ \t]+|du[ \t]+|à[ \t]+la[ \t]+|de[ \t]+la[ \t]+)"
    r"(?P<name>(?:Association|Banque|Fondation|Soci[ée]t[ée]|F[ée]d[ée]ration|Regroupement|R[ée]seau|Coop[ée]rative|Alliance|"
    r"Corporation|Conf[ée]d[ée]ration|Ordre|Coalition|Mutuelle)[ \t]+(?:[a-zà-ÿ]{2,}(?:ale|ienne|aire|ique|ive|elle|oise|aise|ée|ne)"
    r"[ \t]+(?:de[ \t]+|d['’][ \t]*|du[ \t]+|des[ \t]+|pour[ \t]+(?:les[ \t]+|la[ \t]+|l['’][ \t]*)?)"
    r"[a-zà-ÿ]{3,}(?:[ \t]+(?:aux|au|à[ \t]+la|à[ \t]+l['’]|des|du|de|d['’])[ \t]*[a-zà-ÿ]{3,})?|"
    # or "de" and its cause then the adjective: "la Mutuelle de prévention agricole", "la Fédération des producteurs acéricoles"
    r"(?:de[ \t]+|d['’][ \t]*|du[ \t]+|des[ \t]+)[a-zà-ÿ]{3,}[ \t]+[a-zà-ÿ]{2,}(?:ale|ales|aux|ienne|iennes|aire|aires|ique|"
    r"iques|ive|ives|elle|elles|oise|oises|aise|aises|ole|oles|ée|ées)))"
    r"(?=[ \t]*(?:[.,;:!?)]|$|pis[ \t]|mais[ \t]|et[ \t]|qui[ \t]|ils?[ \t]|elles?[ \t]|on[ \t]))")


# A coined business name then a capitalised word of trade, after a preposition: "la formation avec Dentaplus Fournitures",
# "on commande chez Médicor Distribution" (the name no common word, first name or listed place).
_NAME_THEN_TRADE = re.compile(
    r"(?<![\w'’-])(?i:avec|chez|par|pour|de|d['’]|à)[ \t]*(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{3,}[ \t]+(?:Fournitures|Distributions?|"
    r"[ÉE]quipements|Solutions|Technologies|M[ée]dical|Pharma|Assurances|R[ée]novations|Nettoyage|Informatique|Logistique))"
    r"(?![\w'’-])")


# A hospital by its short religious name, where "à" says where one is treated or waits: "la liste d'attente à
# l'Enfant-Jésus" (Québec City's hospital). "la crèche avec l'Enfant-Jésus", "prier l'Enfant-Jésus" stay.
_HOSPITAL_SHORT_NAME = re.compile(r"(?<![\w'’-])(?i:à)[ \t]+l['’][ \t]*(?P<name>Enfant[-\u2010\u2011]J[ée]sus)(?![\w'’-])")


def _names_then_trades(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NAME_THEN_TRADE.finditer(text):
        first = m.group("name").split()[0]
        if fold(first) in common_words() | first_names() | NER_STOP | NOT_SURNAMES or _listed_place_word(first) or \
                known_places().get(place_key(first)):
            continue
        spans.append((m.start("name"), m.end("name")))
    return spans


# A business or a social enterprise named by a capitalised word, its trade in lower case and the listed town it serves,
# after "chez", "pour" or "avec": "préposée chez Coup de main Bécancour", "on commande ça chez Équipements médicaux
# Lotbinière". The first word no first name, filler or place; no verb, pronoun, word of time or article among the
# lower-case words; the town a listed place, no capitalised word after it ("chez Marie pis Lévis" stays).
_TRADE_THEN_TOWN = re.compile(
    r"(?<![\w'’-])(?i:chez|pour|avec)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[ \t]+(?:(?:de|du|des|d['’])[ \t]*)?[a-zà-ÿ]{3,}){1,3})"
    r"[ \t]+(?P<town>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*)(?![\w'’-]|[ \t]+[A-ZÀ-Ý0-9])")


def _trades_then_towns(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _TRADE_THEN_TOWN.finditer(text):
        words = [fold(w) for w in WORD.findall(m.group("name"))]
        if words[0] in first_names() | NER_STOP | NOT_SURNAMES or _listed_place_word(m.group("name").split()[0]) or any(
                w in _NOT_IN_NAMES | _SENTENCE_GOES_ON | TIME_NOUNS | NER_STOP | DETERMINERS | _TAIL_NOT - {"de", "du", "des", "d"}
                for w in words[1:]):
            continue
        if not _listed_place_word(m.group("town")) or fold(m.group("town")) in common_words():
            continue
        spans.append((m.start("name"), m.end("town")))
    return spans


# A cohort, a study or a project by its name in capitals after its kind: "la cohorte SABLIER de l'Université de Montréal",
# "l'étude PARTAGE" (a word in capitals is a name there; a condition's or a kind's acronym stays: "l'étude COVID").
_STUDY_NAME = re.compile(r"(?<![\w-])(?i:cohorte|[ée]tude|projet|essai|enqu[êe]te)[ \t]+(?P<name>[A-ZÀ-Ý]{4,}"
                         r"(?:[-\u2010\u2011][A-ZÀ-Ý0-9]+)*)(?![\w'’-])")


def _study_names(text: str) -> list[tuple[int, int]]:
    return [m.span("name") for m in _STUDY_NAME.finditer(text) if not any(
        p in COMMON_ACRONYMS or p in NOT_INITIALS or fold(p) in NER_NO_IDENTIFIER | NER_STOP
        for p in [m.group("name"), *re.split(HYPHEN, m.group("name"))])]


def _kinds_of_causes(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _KIND_ADJECTIVE_CAUSE.finditer(text):
        if any(fold(w) in _SENTENCE_GOES_ON | NER_STOP | TIME_NOUNS and w != "à" for w in WORD.findall(m.group("name"))[1:]):
            continue
        spans.append((m.start("name"), m.end("name")))
    return spans


# A home, a birth centre or a service by its kind and its own name of one word, often of another language: "la maison
# d'hébergement Ullivik", "au Service d'interprétation Tusaajiit"; an airline by "Air" and its name mid-sentence ("avec
# Air Inuit", "d'Air Creebec"). The name no common word, first name, filler or listed place ("la maison d'hébergement
# Lundi", "le foyer Marie" stay); a kind in lower case leaves the span to the name.
_KIND_OWN_NAME = re.compile(
    r"(?<![\w'’-])(?P<kind>(?i:maison[ \t]+d['’]h[ée]bergement|maison[ \t]+de[ \t]+naissance|maison[ \t]+des[ \t]+a[îi]n[ée]s|"
    r"centre[ \t]+d['’]h[ée]bergement|centre[ \t]+d['’]amiti[ée]|service[ \t]+d['’]interpr[ée]tation|service[ \t]+de[ \t]+"
    r"traduction|foyer[ \t]+d['’]accueil)|Air)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[-\u2010\u2011][A-ZÀ-Ý][a-zà-ÿ]+)*)"
    r"(?![\w'’-])")


# An association of another Latin language by its kind, capitalised, and its capitalised name: "l'Asociación Peruana
# Inti Raymi", "la Fundación Amigos", "l'Associação Cultural Brasil" (the kind is no French word; "de", "del", "da"…
# between the name's words).
_LATIN_KIND_NAME = re.compile(
    r"(?<![\w-])(?:Asociaci[óo]n|Fundaci[óo]n|Federaci[óo]n|Associa[çc][ãa]o|Funda[çc][ãa]o|Associazione|Fondazione)"
    r"(?:[ \t]+(?:(?:de|del|de[ \t]+la|de[ \t]+los|da|do|dos|das|di|della)[ \t]+)?[A-ZÀ-Ý][^\W\d_]+){1,4}(?![\w'’-])")


def _kinds_own_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _KIND_OWN_NAME.finditer(text):
        name, kind = m.group("name"), m.group("kind")
        if kind == "Air":
            if mid_sentence(text, m.start()) and fold(name) not in NER_STOP | TIME_NOUNS | first_names():
                spans.append(m.span())
            continue
        if fold(name) in common_words() | first_names() | NER_STOP | TIME_NOUNS or known_places().get(place_key(name)):
            continue
        spans.append(m.span() if kind[0].isupper() else m.span("name"))
    return spans


def _research_centres(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _RESEARCH_CENTRE.finditer(text):
        if not mid_sentence(text, m.start()) or m.group("name") and fold(m.group("name").strip()) in common_words() | NER_STOP:
            continue
        end, pos, field = m.start("field"), m.start("field"), m.group("field")
        for w in _FIELD_WORD.finditer(text, pos, m.end("field")):
            if w.start() != pos:
                break
            word = w.group("word")
            folded = fold(word.rstrip("'’"))
            if not word[:1].islower() or word != "à" and folded in _SENTENCE_GOES_ON | TIME_NOUNS | _FIELD_STOPS | NER_STOP \
                    - _FIELD_LINKS or word in ("là", "où") or \
                    w.group("comma") and folded not in ("la", "le", "les", "l"):
                break
            pos = w.end()
            if folded not in _FIELD_LINKS:
                end = pos
        if end > m.start("field") and field:
            spans.append((m.start(), end))
    return spans


def _cemeteries(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CEMETERY.finditer(text):
        words = [w for w in WORD.findall(m.group("name")) if w[:1].isupper()]
        if fold(words[0]) in NER_STOP | NOT_SURNAMES | first_names() | TIME_NOUNS or TITLE.fullmatch(words[0]):
            continue
        if "-" in m.group("name") or any(fold(w) not in common_words() for w in words):
            spans.append((m.start(), m.end()))
    return spans


# A name never ends on a connector or an elided article: "la clinique de l'" of "la clinique de l'hôpital" is a rule cut
# short. The connector goes; what is left in lower case alone (a kind without its town) names nothing.
_DANGLING_LINK = re.compile(r"(?:[ \t]+(?:de|du|des|la|le|les|et|à|au|aux|en)|(?:^|(?<=[ \t]))[dlDL]['’]|[ \t,])$")


def _without_dangling_links(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept = []
    for start, end in spans:
        trimmed = end
        while trimmed > start and (m := _DANGLING_LINK.search(text, start, trimmed)):
            trimmed = m.start()
        if trimmed == end:
            kept.append((start, end))
        elif trimmed > start and any(c.isupper() for c in text[start:trimmed]):
            kept.append((start, trimmed))
    return kept


def find_institutions(text: str) -> list[Detection]:
    spans: list[tuple[int, int]] = []
    for match in [*_INSTITUTION.finditer(text), *_COMMUNITY_ORGANISATION.finditer(text)]:
        # A verb, a pronoun or a conjunction of clauses among the lower-case words: the sentence went on ("la Fondation
        # a donné pis les gens de Laval").
        if match.re is _COMMUNITY_ORGANISATION and any(fold(w) in _SENTENCE_GOES_ON and w.lower() != "à"
                                                       for w in WORD.findall(match.group())):
            continue
        spans.append((match.start(), _with_words_after(text, match.start() + len(match.group().rstrip(" \t")))))
    spans += [(m.start(), m.end()) for m in [*_PARISH.finditer(text), *_UNION_LOCAL.finditer(text),
                                             *_LOWER_PARISH.finditer(text)]]
    spans += _confession_churches(text) + _cemeteries(text) + _research_centres(text) + _kinds_of_causes(text) + \
        _kinds_own_names(text) + [m.span() for m in _LATIN_KIND_NAME.finditer(text)]
    spans += _names_then_trades(text) + _trades_then_towns(text) + _study_names(text) + [(m.start("name"), m.end("name")) for m in _HOSPITAL_SHORT_NAME.finditer(text)]
    spans += _kind_names(text) + _names_then_places(text) + _english_names(text) + _business_names(text) + _article_names(text)
    spans += _acronym_organisations(text) + _call_signs(text) + _lower_businesses(text) + _missions(text) + _ministries(text)
    spans += _phrase_groups(text) + _nation_organisations(text) + _names_then_kinds(text) + _numbered_branches(text)
    spans += _camel_businesses(text) + _coined_names(text) + _glued_businesses(text)
    spans += _scoped_organisations(text) + _public_bodies_of_towns(text) + _named_by_kind_or_language(text)
    spans += [(m.start(), m.end()) for m in _LOWER_INSTITUTION.finditer(text) if _lower_institution(m)]
    # Overlapping matches are one name: "Fondation de l'Hôpital" and "Hôpital régional de Rimouski".
    found: list[Detection] = []
    for start, end in sorted(_without_dangling_links(text, spans)):
        if found and start < found[-1].end:
            start, end = found[-1].start, max(end, found[-1].end)
            found.pop()
        found.append(Detection(start, end, text[start:end], "organisation", "institution"))
    return found


_OF_PLACE = re.compile(r"[ \t]+(?:de|du|d['’])[ \t]*")


# A Québec pharmacy bears its owners' names after its chain's: "Familiprix Hamel et Nadeau", "la Pharmacie Proxim
# Létourneux", "Jean Coutu Isabelle Lavoie". One or two capitalised words, then "et" or "&" and one or two more; none a
# common word, filler or title, and one word alone no first name ("au Jean Coutu Marie a vu" is left to the names).
_PHARMACY_CHAINS = {"familiprix", "uniprix", "proxim", "jean coutu", "pharmaprix", "brunet", "acces pharma"}
_OWNER = r"[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý]?[^\W\d_]+)*"      # "Proxim Hyun-woo Lee" too
_OWNERS = re.compile(rf"[ \t]+(?P<names>{_OWNER}(?:[ \t]+{_OWNER})?(?:[ \t]+(?:et|&)[ \t]+{_OWNER}(?:[ \t]+{_OWNER})?)?)"
                     r"(?![\w'’-])")


def _with_owners(text: str, organisation: Detection) -> Detection:
    if " ".join(WORD.findall(fold(organisation.original))).replace("-", " ") not in _PHARMACY_CHAINS:
        return organisation
    m = _OWNERS.match(text, organisation.end)
    if not m:
        return organisation
    names = [w for w in WORD.findall(m.group("names")) if w not in ("et", "&")]
    if any(fold(w) in common_words() and fold(w) not in first_names() or fold(w) in NER_STOP | NOT_SURNAMES | TIME_NOUNS
           or TITLE.fullmatch(w) for w in names) or (
            len(names) == 1 and fold(names[0]) in first_names()):
        return organisation
    return Detection(organisation.start, m.end(), text[organisation.start:m.end()], organisation.category,
                     organisation.detector)


def with_place_served(text: str, organisation: Detection) -> Detection:
    """A listed chain or employer with "de" and the listed place of its branch is one name ("Familiprix de Maniwaki",
    "Jean Coutu de Rimouski"): the place alone would leave the branch's name. A pharmacy's owners' names go with it."""
    organisation = _with_owners(text, organisation)
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
# A capitalised unit or body of an organisation, an adjective and a complement, then "de l'", "du", "de la" or "des"
# right before it: "la Fondation de l'[Hôpital général juif]", "la Faculté de médecine dentaire de l'[Université Laval]".
_UNIT_OF = re.compile(r"(?<![\w'’-])(?:Fondation|Facult[ée]|D[ée]partement|[ÉE]cole|Institut|Chaire|Service|Unit[ée]|"
                      r"Auxiliaires|Amis|Syndicat|Association|Comit[ée]|Direction|Pavillon|Clinique|Centre)"
                      r"(?:[ \t]+[a-zà-ÿ]{3,}(?:ique|aire|ale|elle|ienne|ive|ée|ois|oise))?"
                      r"(?:[ \t]+(?:de|d['’]|en)[ \t]*[a-zà-ÿ]{3,}(?:[ \t]+[a-zà-ÿ]{3,}(?:ique|aire|ale|elle|ienne|ive|ée))?)?"
                      r"[ \t]+(?:de[ \t]+la[ \t]+|de[ \t]+l['’][ \t]*|du[ \t]+|des[ \t]+)$")
# What follows a name and belongs to it: a legal form ("inc.", "et Fils"), or a place it serves, right after it or after
# "de" ("FTQ Québec–Chaudière-Appalaches", "Familiprix de Baie-Saint-Paul").
_LEGAL_FORM = re.compile(rf"[ \t]+(?:et|&)[ \t]+{_FAMILY_FORM}(?![\w-])|[ \t]+{_PROFESSION_FORM}|[ \t]*,?[ \t]+(?:inc\b\.?|enr\b\.?|lt[ée]e\b|"
                         r"limit[ée]e\b|s\.e\.n\.c\.?)")
# Spanish, Portuguese and Italian links too ("Amigos del Kamouraska", "Casa dos Açores", "Amici di Montréal").
_PLACE_SERVED_GAP = re.compile(r"[ \t]*[\u2013\u2014][ \t]*|[ \t]+(?:(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|de[ \t]+los[ \t]+|"
                               r"de[ \t]+las[ \t]+|del|dos|das|di|de|du|d['’])[ \t]*)?")
# A branch by its region after a comma, "division", "section" or "chapitre" and "de": "la Fondation canadienne du rein,
# division du Québec", "la Société Alzheimer, section de Laval" (the place found right after it).
_BRANCH_GAP = re.compile(r"[ \t]*,[ \t]*(?i:division|section|chapitre|succursale)(?:[ \t]+(?i:r[ée]gionale?|provinciale?))?"
                         r"[ \t]+(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|du|des|de|d['’])[ \t]*")
# An adjective in lower case that ends an organisation's name, then "et" and a second adjective before a pause: the
# pair is the name's ("le Service d'interprétation visuelle et tactile.", "l'Association québécoise et canadienne,").
_ADJECTIVE = (r"[a-zà-ÿ]{2,}(?:ive|ives|if|ifs|elle|elles|el|els|ale|ales|al|aux|ique|iques|aire|aires|ile|iles|able|"
              r"ables|ible|ibles|ienne|iennes|ien|iens|aise|aises|oise|oises|ée|ées)")
_LAST_ADJECTIVE = re.compile(rf"(?<![\w'’-]){_ADJECTIVE}$")
_SECOND_ADJECTIVE = re.compile(rf"[ \t]+et[ \t]+(?P<word>{_ADJECTIVE})(?=[ \t]*(?:[.,;:!?)]|$))")
# An adjective of a province or a people after a name that ends in a capitalised word: "le Module du Nord québécois".
_REGION_ADJECTIVE = re.compile(r"[ \t]+(?:qu[ée]b[ée]cois(?:es?)?|canadien(?:nes?|s)?|acadien(?:nes?|s)?|ontarien(?:nes?|s)?|"
                               r"montr[ée]alais(?:es?)?)(?![\w'’-])")
# A numbered branch or an ordinal unit right before its organisation: "la filiale 260 de la [Légion royale canadienne]",
# "au 24e [Centre des services de santé]" (a number, never a word: "la section des [Amis]" is the name's own).
_NUMBERED_BEFORE = re.compile(r"(?<![\w'’-])(?:(?i:filiale|section|succursale|division|loge|cercle|chapitre|conseil|unit[ée]|"
                              r"escadron|r[ée]giment|bataillon|compagnie|brigade|escadre|groupe)[ \t]+(?i:n[o°]\.?[ \t]*)?\d{1,5}"
                              r"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*|\d{1,3}(?:e|re|er|ème|ième)[ \t]+)$")
# An elided "d'" and one noun after a name that ends in a capitalised word, before a pause or a word in lower case: the
# name's ("la Fondation Lumière d'automne", "le Club Lotus d'or"); not an adverb's ("au Centre Bell d'habitude").
_ELIDED_TAIL = re.compile(r"[ \t]+d['’](?P<word>[^\W\d_]{2,})(?![\w'’-])")
_NOT_ELIDED_TAIL = {"abord", "ailleurs", "accord", "habitude", "apres", "autres", "autant", "un", "une", "elle", "elles",
                    "eux", "ici", "origine", "avance", "emblee", "office", "entree", "avant", "autrefois", "ordinaire",
                    "aujourd", "ou", "environ", "urgence"}
# Whom a name's cause serves, after its "de" and a noun, before a pause: "l'Association juive de soutien [aux aînés],".
_WHOM_SERVED = re.compile(r"[ \t]+(?:aux|au|à[ \t]+la|à[ \t]+l['’])[ \t]*(?P<word>[a-zà-ÿ]{3,})(?=[ \t]*(?:[.,;:!?)]|$))")
# The rest of a hyphenated name cut after a listed one ("Hôpital Notre-Dame" of "Hôpital Notre-Dame-de-Fatima").
_HYPHENATED_AFTER = re.compile(r"(?:[-\u2010\u2011](?:(?:de|du|des|la|le)[-\u2010\u2011]|[dl]['’])*[A-ZÀ-Ý][^\W\d_]*)+"
                               r"(?![\w'’-])")
# A capitalised article right before a name mid-sentence is the name's ("au pavillon L'Hôtel-Dieu de Québec").
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:L['’]|(?:Le|La|Les)[ \t]+)$")


# A name of a kind and its mission in lower case runs on over its mission to the region it serves, before a pause: "le
# [Bureau du partenariat] avec les patients et le public en santé rénale de la [Montérégie].". Only after a name ending
# in a lower-case word; every word in between lower case, no verb, pronoun, possessive or word of time.
_TAIL_WORD = re.compile(r"[ \t]+(?P<word>[a-zà-ÿ]+)(?![\w'’-])")
_TAIL_OF = re.compile(r"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|de|d['’])[ \t]*")
_TAIL_NOT = {"mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs",
             "qui", "que", "quand", "ou", "mais", "pis", "puis", "donc", "car", "comme", "ce", "cette", "ces", "cet", "y"}


def _region_at_tail(text: str, start: int, end: int, row: list[Detection], taken: set[int]) -> int | None:
    """The index in `row` of the place the name ends with, after its mission in lower case, or None."""
    if not re.search(r"(?<![\w'’-])[a-zà-ÿ]{4,}$", text[start:end]):
        return None
    places = {o.start: j for j, o in enumerate(row) if o.category == "place" and j not in taken and end < o.start < end + 160}
    pos, words = end, 0
    while words <= 12 and places:
        of = _TAIL_OF.match(text, pos)
        j = places.get(of.end()) if of and words >= 2 else None
        if j is not None and re.match(r"[ \t]*(?:[.,;:!?)]|$)", text[row[j].end:row[j].end + 3]):
            return j
        w = _TAIL_WORD.match(text, pos)
        folded = fold(w.group("word")) if w else ""
        if not w or folded in _SENTENCE_GOES_ON | _FIELD_STOPS | TIME_NOUNS | _TAIL_NOT or \
                folded in NER_STOP - _FIELD_LINKS:
            return None
        pos, words = w.end(), words + 1
    return None


def _false_entity(d: Detection) -> bool:
    """An entity of one word NER took for an organisation or a place that is neither: a specialty's, a condition's or a
    kind's acronym ("ORL", "IRM", "CLSC" alone) or a nation's name ("Je suis Innu", "les Atikamekw")."""
    if d.detector != "ner" or len(WORD.findall(d.original)) != 1:
        return False
    return d.category == "organisation" and d.original in COMMON_ACRONYMS or d.category == "place" and \
        fold(d.original) in _NATIONS - {"nation", "nations", "premieres", "first"}


def grown_organisations(text: str, row: list[Detection]) -> list[Detection]:
    """An organisation found in part grows into its whole name, the longest span winning: its kind before it, its legal
    form and the places it serves after it, where no other detection holds them ("Luc à la [Pharmacie Familiprix de
    Baie-Saint-Paul]", "[Conseil régional FTQ Québec–Chaudière-Appalaches]"). A place it takes in is its own."""
    row = sorted((d for d in row if not _false_entity(d)), key=lambda d: d.start)
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
        unit = _UNIT_OF.search(text, max(0, start - 80), start)
        if unit and mid_sentence(text, unit.start()) and not any(fold(w) in _SENTENCE_GOES_ON for w in
                                                                 WORD.findall(unit.group())) and not any(
                o.start < start and o.end > unit.start() and o.category != "organisation" for o in row if o is not d):
            start = unit.start()
            while grown and grown[-1].category == "organisation" and grown[-1].end > start:
                start = min(start, grown.pop().start)     # "[Clinique dentaire de la Faculté] de médecine dentaire de l'…"
        numbered = _NUMBERED_BEFORE.search(text, max(0, start - 40), start)
        if numbered and text[start:start + 1].isupper() and not any(
                o.start < start and o.end > numbered.start() for o in row if o is not d):
            start = numbered.start()
        article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
        if article and mid_sentence(text, article.start()) and not any(
                o.start < start and o.end > article.start() for o in row if o is not d):
            start = article.start()
        hyphenated = _HYPHENATED_AFTER.match(text, end)
        if hyphenated and not any(o.start < hyphenated.end() and o.end > end for o in row if o is not d):
            end = hyphenated.end()
        pair = _SECOND_ADJECTIVE.match(text, end)
        if pair and _LAST_ADJECTIVE.search(text[start:end]) and fold(pair.group("word")) not in NER_STOP and not any(
                o.start < pair.end() and o.end > end for o in row if o is not d):
            end = pair.end()
        region = _REGION_ADJECTIVE.match(text, end)
        if region and re.search(r"(?<![\w'’-])[A-ZÀ-Ý][^\W\d_]+$", text[start:end]) and not any(
                o.start < region.end() and o.end > end for o in row if o is not d):
            end = region.end()      # "au [Module du Nord] québécois"
        elided = _ELIDED_TAIL.match(text, end)
        if elided and re.search(r"[^\W\d_][ \t]+[A-ZÀ-Ý][^\W\d_]+$", text[start:end]) and \
                fold(elided.group("word")) not in _NOT_ELIDED_TAIL | NER_STOP | _SENTENCE_GOES_ON | TIME_NOUNS and not any(
                o.start < elided.end() and o.end > end for o in row if o is not d):
            end = elided.end()      # "la [Fondation Lumière] d'automne", "le [Club de tai-chi Lotus] d'or"
        served = _WHOM_SERVED.match(text, end)
        if served and re.search(r"(?<![\w'’-])(?:de|d['’])[ \t]*[a-zà-ÿ]{4,}$", text[start:end]) and \
                fold(served.group("word")) not in NER_STOP | _SENTENCE_GOES_ON | TIME_NOUNS and not any(
                o.start < served.end() and o.end > end for o in row if o is not d):
            end = served.end()
        j = _region_at_tail(text, start, end, row, taken)
        if j is not None:
            taken.add(j)
            end = row[j].end
        while True:
            form = _LEGAL_FORM.match(text, end)
            if form:
                end = form.end()
                continue
            # its numbered branch after a comma ("la Légion royale canadienne, filiale 183")
            branch = _NUMBERED_BRANCH.match(text, end)
            if branch and not any(o.start < branch.end() and o.end > end for o in row if o is not d):
                end = branch.end()
                continue
            j = None
            for gap in (_PLACE_SERVED_GAP.match(text, end), _BRANCH_GAP.match(text, end)):
                j = j if j is not None else next((j for j in range(i + 1, len(row)) if gap and row[j].start == gap.end()
                                                  and row[j].category == "place" and j not in taken), None)
            if j is None:
                break
            taken.add(j)
            end = row[j].end
        grown.append(d if (start, end) == (d.start, d.end) else
                     Detection(start, end, text[start:end], d.category, d.detector))
    return grown


# A building or a wing named after a person: "au pavillon Marcel-Lamoureux", "l'aréna Jacques-Laperrière", "le centre
# Marcel-Dionne" (the hyphenated name's first part a listed first name, or its last part when no part is a common word).
_EPONYM_BUILDING = re.compile(
    r"(?<![\w-])(?P<kind>(?i:pavillon|ar[ée]na|centre|complexe|aile|salle|[ée]cole|stade|biblioth[èe]que|polyvalente|"
    r"coll[èe]ge|r[ée]sidence|manoir|chsld|chalet))[ \t]+(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)+)"
    r"(?![\w'’-])")
# A capitalised kind of several words mid-sentence, after a determiner, then "de" and its region or the place it serves:
# "la Centrale de coordination santé de l'Outaouais", "au Dépannage alimentaire Mercier-Est".
_KIND_OF_PLACE = re.compile(
    r"(?<![\w'’-])(?i:la|le|l['’]|au|du|à[ \t]+la|de[ \t]+la)[ \t]*(?P<kind>[A-ZÀ-Ý][a-zà-ÿ]{3,})"
    r"(?P<words>(?:[ \t]+(?:(?:de|du|des|d['’])[ \t]*)?[a-zà-ÿ]{3,}){0,4})"
    r"[ \t]+(?P<link>(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*)?$")
# A chain in lower case with the region of its branch: "la caisse desjardins du témiscamingue"; a clinic's acronym in
# lower case, as ASR writes it, with its place: "au gmf-u de saint-laurent", "au clsc de mercier" ("chu" is no acronym
# here: "chu de montréal" is "I am from Montréal").
_LOWER_CHAIN = re.compile(r"(?<![\w'’-])(?P<chain>(?i:caisses?[ \t]+(?:populaires?[ \t]+)?desjardins|"
                          r"pharmacie[ \t]+(?:jean[ \t-]+coutu|uniprix|familiprix|pharmaprix|proxim|brunet))|"
                          r"(?:gmf(?:[-\u2010\u2011][ur])?|clsc|chsld|cisss|ciusss))[ \t]+"
                          r"(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")
# Two to four capitalised words after a determiner, one of them a word of business, then "de" and the region it serves:
# "le Transport Accompagnement Aînés de la Rivière-du-Nord", "au Service Aide Domicile de Laval".
_BUSINESS_OF_PLACE = re.compile(
    r"(?<![\w'’-])(?i:la|le|l['’]|au|du|à[ \t]+la|de[ \t]+la)[ \t]*(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[ \t]+[A-ZÀ-Ý][^\W\d_]+){1,3})"
    r"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")
# Three capitalised words, one of them a word of business, in an organisation's context: "avec l'agence Soins Plus
# Domicile", "chez Services Santé Express", "la compagnie Transport Adapté Laurentides".
_WORDS_OF_BUSINESS = {"soins", "plus", "domicile", "services", "service", "sante", "groupe", "solutions", "assistance",
                   "express", "medical", "medic", "conseil", "conseils", "transport", "transports", "ambulances", "aide",
                   "entretien", "personnel", "securite", "placement", "agence", "inc", "ltee", "pro", "mobile"}
_THREE_WORD_BUSINESS = re.compile(
    r"(?<![\w'’-])(?:(?i:chez|avec)[ \t]+(?:(?i:l['’]agence|la[ \t]+compagnie|l['’]entreprise|la[ \t]+firme)[ \t]*)?|"
    r"(?i:l['’]agence|la[ \t]+compagnie|l['’]entreprise|la[ \t]+firme)[ \t]*)"
    r"(?P<name>[A-ZÀ-Ý][^\W\d_]+(?:[ \t]+[A-ZÀ-Ý][^\W\d_]+){2})(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")

# A long official name: a capitalised kind of unit, research group or public body, lower-case words joined by "de", "sur",
# "en", "pour", "et" and articles, then "de" and an organisation found after it: "la Chaire de recherche sur la santé
# sexuelle et le genre de [l'Université de Sherbrooke]", "l'Unité de soins palliatifs du [CHU de Québec]". At most
# eight lower-case words, within one sentence (no punctuation), no verb or pronoun among them.
_UNIT_KINDS = (r"Chaire|Centre|Institut|Groupe|Laboratoire|Unit[ée]|[ÉE]quipe|Direction|D[ée]partement|Service|Facult[ée]|"
               r"[ÉE]cole|Programme|Observatoire|R[ée]seau|P[ôo]le|Plateforme|Consortium|Bureau|Clinique|Division|Module|Axe|"
               r"Regroupement|Comit[ée]|Secr[ée]tariat|Cellule|Fondation|Biblioth[èe]que|Pavillon|Maison|Association")
_UNIT_OF_ORGANISATION = re.compile(
    rf"(?<![\w-])(?P<kind>(?:{_UNIT_KINDS})|(?i:chaire|laboratoire|observatoire))"
    r"(?P<words>(?:[ \t]+(?:(?:de|du|des|d['’]|sur|en|pour|et|la|le|les|l['’]|aux|au|à)[ \t]*)*[a-zà-ÿ][a-zà-ÿ-]*){1,8})"
    r"[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")
_UNIT_PIECE = re.compile(r"[ \t]+(?P<links>(?:(?:(?:de|du|des|sur|en|pour|et|la|le|les|aux|au|à)(?![\w'’-])|[dl]['’])[ \t]*)*)"
                         r"(?P<word>[a-zà-ÿ][a-zà-ÿ-]*)")
# The endings of French adjectives (a word of a name that follows a noun without a preposition is one).
_ADJECTIVE = re.compile(r"(?:al|ale|ales|aux|aire|aires|ique|iques|ien|ienne|iens|iennes|el|elle|els|elles|if|ive|ifs|"
                        r"ives|é|ée|és|ées|eur|euse|eurs|euses|ant|ante|ants|antes|oire|oires|ier|ière|iers|ières|ile|iles|"
                        r"in|ine|ins|ines|ain|aine|ains|aines|ais|aise|aises|ois|oise|oises|al|ux|are|ares)$")
# Words that say the sentence goes on, not the name: verbs, pronouns, conjunctions of clauses.
_NOT_IN_NAMES = {"pis", "puis", "mais", "ou", "donc", "car", "qui", "que", "quand", "comme", "est", "sont", "etait",
                 "etaient", "avait", "avaient", "a", "ont", "fait", "font", "va", "vont", "etre", "avoir", "je", "tu", "il",
                 "elle", "on", "nous", "vous", "ils", "elles", "ca", "y", "en", "me", "te", "se", "lui", "leur", "dit",
                 "peut", "peuvent", "doit", "faut", "avec", "chez", "dans", "vers", "apres", "avant", "parce", "ben",
                 "tse", "juste", "aussi", "encore", "toujours", "jamais", "pas", "plus", "moins", "tres",
                 "trop", "bien", "mal", "ici", "maintenant", "hier", "demain", "oui", "non", "merci", "euh"}
# A diplomatic mission with its country: "le consulat du Mexique", "le consulat général du Guatemala", "l'ambassade
# d'Haïti" (the country alone stays a place).
_MISSION = re.compile(r"(?<![\w-])(?i:consulat|ambassade|haut[-\u2010\u2011 ]commissariat)"
                      r"(?:[ \t]+(?i:g[ée]n[ée]ral|honoraire|g[ée]n[ée]rale))?[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])"
                      r"[ \t]*(?P<country>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*(?:[ \t]+[A-ZÀ-Ý][^\W\d_]+){0,2})"
                      r"(?![\w'’-])")

_KIND_WORDS_NOT = {"pis", "puis", "et", "ou", "mais", "donc", "car", "avec", "sans", "pour", "chez", "dans", "sur", "vers",
                   "qui", "que", "quand", "comme", "est", "sont", "etait", "avait", "a", "ont"}
_REGION_NAME = re.compile(r"(?<![\w-])[A-ZÀ-Ý][^\W\d_]+(?:(?:[-\u2010\u2011]|[ \t]+(?:du[ \t]+|de[ \t]+la[ \t]+)?)[A-ZÀ-Ý][^\W\d_]+)*")


def _listed_place_word(word: str) -> bool:
    """Whether a word alone is a listed place ("Matane"), not only the first word of a longer listed name ("Direction"
    of "Direction de la protection de la jeunesse")."""
    parts = tuple(fold(p) for p in re.split(HYPHEN, word))
    return any(e.keys == parts for e in known_places().get(place_key(word), ()))


def _units_of_organisations(text: str, row: list[Detection]) -> list[tuple[int, int]]:
    """`_UNIT_OF_ORGANISATION` before an organisation found: its lower-case words no verb, pronoun or filler, and a word
    right after another (no "de", "sur", "et"… between) an adjective by its ending ("régionale", "palliatifs"; "le Centre
    exige des rapports du CHU" stays out)."""
    spans = []
    for d in row:
        if d.category not in ("organisation", "place"):
            continue
        m = _UNIT_OF_ORGANISATION.search(text, max(0, d.start - 140), d.start)
        if not m:
            continue
        # Before a place (the region it serves: "au Centre intégré de réadaptation physique et de réintégration au
        # travail de Chaudière-Appalaches"), only a capitalised kind mid-sentence that a word follows without "de" (an
        # adjective: "intégré"): "le Centre de jour de Laval" is left to the rules of kinds and places.
        # A foundation or a chair capitalised mid-sentence names its cause and the region it serves whatever its first
        # word ("la Fondation pour l'avancement de la recherche sur les maladies rares de l'enfant du Saguenay–Lac-Saint-Jean").
        cause = m.group("kind")[:1].isupper() and fold(m.group("kind")) in {"fondation", "chaire"}
        if d.category == "place" and not (m.group("kind")[:1].isupper() and mid_sentence(text, m.start("kind"))
                                          and (cause or re.match(r"[ \t]+[a-zà-ÿ]", m.group("words")))):
            continue
        pieces = list(_UNIT_PIECE.finditer(m.group("words")))
        if any(fold(p.group("word")) in _NOT_IN_NAMES or not p.group("links") and not _ADJECTIVE.search(p.group("word"))
               for p in pieces):
            continue
        spans.append((m.start("kind"), d.end))
    return spans


# An acronym, then its whole name in apposition up to a pause: "au SIVET, le Service d'interprétation visuelle et
# tactile." The name is the acronym's when its words' initials spell it, small words skipped or not.
_ACRONYM_SPELLED = re.compile(r"(?<![\w-])(?P<acronym>[A-Z]{3,7}),[ \t]+(?:le|la|les|l['’])[ \t]*"
                              r"(?P<name>[A-ZÀ-Ý][^\W\d_]*(?:[ \t'’-]+[^\W\d_]+){1,11})(?=[ \t]*(?:[.,;:!?)]|$))")
_SMALL_WORDS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "pour", "aux", "au", "a", "sur", "dans",
                "contre", "avec", "sans", "par", "entre"}     # "PRIC, le Programme régional intégré contre les chutes"
# The spelled name of a condition, a test, a law or a plan is no organisation ("TSA, le Trouble du spectre de l'autisme").
_NOT_BODIES = {"trouble", "troubles", "syndrome", "maladie", "deficit", "virus", "infection", "test", "examen", "echelle",
               "loi", "reglement", "code", "plan", "indice", "taux", "accident", "insuffisance", "sclerose", "diabete"}


def _spells(letters: str, words: list[str]) -> bool:
    """Whether the words' initials spell the letters, each small word used or skipped, every other word used."""
    if not words:
        return not letters
    first, rest = words[0], words[1:]
    used = bool(letters) and fold(first[0]) == fold(letters[0]) and _spells(letters[1:], rest)
    return used or fold(first) in _SMALL_WORDS and _spells(letters, rest)


def _spelled_acronyms(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _ACRONYM_SPELLED.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group("name"))
        if len(words) >= 3 and m.group("acronym") not in COMMON_ACRONYMS and fold(words[0]) not in _NOT_BODIES and \
                _spells(m.group("acronym"), words):
            spans.append((m.start("name"), m.end("name")))
            if fold(m.group("acronym")) not in common_words() | NER_NO_IDENTIFIER | NER_STOP:
                spans.append(m.span("acronym"))     # "par l'ARK, l'Administration régionale Kativik": both name it
    return spans


# The same the other way round, the whole name then its acronym in apposition: "coordonnateur pour Soutien social
# blessures de stress opérationnel, euh, le SSBSO". The name starts with a capital after a pause or a word in lower case,
# within the clause before the comma (a bounded look back).
_ACRONYM_AFTER_NAME = re.compile(r",[ \t]+(?:(?i:euh|ben|donc|ou)[ \t]*,?[ \t]+)?(?:le|la|les|l['’])[ \t]*(?P<acronym>[A-Z]{3,7})"
                                 r"(?![\w'’-])")
def _names_before_acronyms(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _ACRONYM_AFTER_NAME.finditer(text):
        acronym = m.group("acronym")
        if acronym in COMMON_ACRONYMS:
            continue
        window_start = max(0, m.start() - 140)
        pause = max(text.rfind(c, window_start, m.start()) for c in ".,;:!?()\n")
        words = list(WORD.finditer(text, max(window_start, pause + 1), m.start()))
        for k in range(max(0, len(words) - 12), len(words) - 2):
            names = [w.group() for w in words[k:]]
            if names[0][:1].isupper() and fold(names[0]) not in _NOT_BODIES | NER_STOP and _spells(acronym, names):
                spans.append((words[k].start(), words[-1].end()))
                break
    return spans


# A nickname of an organisation or a place right after it, with its article: "le site L'Escale-Ontario, que les gars
# appellent le Bunker", "Saint-Henri, qu'on surnomme la Petite-Bourgogne". Capitalised, no first name or filler; the
# nickname takes the category of the name it stands for.
_NICKNAME_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:que|qu['’])[^.!?,;:\n]{0,40}?(?<![\w'’-])(?:appell\w*|surnomm\w*)[ \t]+"
                             r"(?P<name>(?:le|la|les)[ \t]+(?P<word>[A-ZÀ-Ý][^\W\d_]+(?:[-\u2010\u2011][A-ZÀ-Ý][^\W\d_]+)*))"
                             r"(?![\w'’-]|[ \t]+[A-ZÀ-Ý])")


def _nicknames(text: str, row: list[Detection]) -> list[Detection]:
    found = []
    for d in row:
        m = _NICKNAME_AFTER.match(text, d.end) if d.category in ("organisation", "place") else None
        if m and fold(m.group("word")) not in first_names() | NER_STOP | NOT_SURNAMES | TIME_NOUNS:
            found.append(Detection(m.start("name"), m.end("name"), m.group("name"), d.category, d.detector))
    return found


def named_organisations(text: str, row: list[Detection]) -> list[Detection]:
    """Organisations named by their kind and a person, a region or words of business (see the patterns above); the
    places and people inside them are theirs. One that would cut another detection in two is left out."""
    spans: list[tuple[int, int]] = []
    for m in _EPONYM_BUILDING.finditer(text):
        parts = [fold(p) for p in re.split(HYPHEN, m.group("name"))]
        if known_places().get(place_key(m.group("name"))):
            continue
        if parts[0] in first_names() and parts[0] not in NER_STOP or (
                # or two surnames, the last one also a first name: "au pavillon Rolland-Gauthier" (no common word:
                # "le centre Sainte-Marie" keeps to the other rules)
                parts[-1] in first_names() and not any(q in common_words() | NER_STOP for q in parts)):
            spans.append((m.start(), m.end()))
    regions = [Detection(m.start(), m.end(), m.group(), "place", "places") for m in _REGION_NAME.finditer(text)
               if " ".join(fold(w) for w in WORD.findall(m.group())) in REGIONS]
    for d in [d for d in row if d.category == "place"] + regions:
        before = text[max(0, d.start - 90):d.start]
        m = _KIND_OF_PLACE.search(before)
        if m and mid_sentence(text, max(0, d.start - 90) + m.start("kind")) and fold(m.group("kind")) not in \
                first_names() | NER_STOP | _GEOGRAPHY_NOUNS and (m.group("link") or d.original[:1].isupper()) and not (
                _listed_place_word(m.group("kind")) or fold(m.group("kind")) in REGIONS) and not any(
                fold(w) in NER_STOP | CONNECTORS | DETERMINERS | _KIND_WORDS_NOT for w in WORD.findall(m.group("words"))
                if fold(w) not in {"de", "du", "des", "d"}):
            spans.append((max(0, d.start - 90) + m.start("kind"), d.end))
        m = _LOWER_CHAIN.search(before)
        if m:
            spans.append((max(0, d.start - 90) + m.start("chain"), d.end))
        m = _BUSINESS_OF_PLACE.search(before)
        if m and mid_sentence(text, max(0, d.start - 90) + m.start("name")):
            words = [fold(w) for w in WORD.findall(m.group("name"))]
            if any(w in _WORDS_OF_BUSINESS for w in words) and not any(
                    w in first_names() | NER_STOP | DETERMINERS and w not in _WORDS_OF_BUSINESS for w in words):
                spans.append((max(0, d.start - 90) + m.start("name"), d.end))
    spans += _units_of_organisations(text, row)
    spans += _spelled_acronyms(text) + _names_before_acronyms(text)
    for m in _THREE_WORD_BUSINESS.finditer(text):
        words = [fold(w) for w in WORD.findall(m.group("name"))]
        if any(w in _WORDS_OF_BUSINESS for w in words) and words[0] not in NER_STOP | DETERMINERS and not any(
                w in first_names() or (w in NER_STOP | DETERMINERS and w not in _WORDS_OF_BUSINESS) for w in words):
            spans.append((m.start("name"), m.end("name")))
    for start, end in sorted(spans, key=lambda s: s[0] - s[1]):
        if any(d.start < end and start < d.end and not (start <= d.start and d.end <= end) for d in row):
            continue
        if any(d.start <= start and end <= d.end for d in row):
            continue
        row = [d for d in row if not (start <= d.start and d.end <= end)]
        row.append(Detection(start, end, text[start:end], "organisation", "institution"))
    nicknames = _nicknames(text, row)
    if nicknames:
        # The detections near each nickname by their starts (no scan of the whole row per nickname).
        row = sorted(row, key=lambda d: d.start)
        starts = [d.start for d in row]
        dropped: set[int] = set()
        for nickname in nicknames:
            lo = max(0, bisect_left(starts, nickname.start) - 1)
            near = [k for k in range(lo, bisect_left(starts, nickname.end)) if row[k].start < nickname.end
                    and nickname.start < row[k].end]
            if all(nickname.start <= row[k].start and row[k].end <= nickname.end for k in near):
                dropped.update(near)
                row.append(nickname)
        row = [d for k, d in enumerate(row) if k not in dropped]
    return sorted(row, key=lambda d: d.start)
