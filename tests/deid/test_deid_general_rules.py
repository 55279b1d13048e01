"""Deidentification rules generalised from the fifth held-out part's misses (issue 13, round 2), each with the
words that must stay: "Saint"/"St" in known names, neighbourhoods, employers and chains, organisations named by a
kind and a name, first names alone or in lower case, diminutives, lists of relatives, streets at a corner, and the
drugs and diseases NER takes for names."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import count_name_hits, find_known_names

INDEX = NameIndex.build({"P04": ["Raymond St-Onge", "Ray"], "P01": "Marie Sainte-Croix", "P02": "Luc Brunet"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


@pytest.mark.parametrize("text, expected", [
    ("Merci à toi aussi, Saint-Onge, pis à tout le monde.", [("Saint-Onge", "P04")]),
    ("Saint Onge est venu, St-Onge aussi, et Saintonge.", [("Saint Onge", "P04"), ("St-Onge", "P04"),
                                                           ("Saintonge", "P04")]),
    ("Ste-Croix, St-Croix et Sainte-Croix", [("Ste-Croix", "P01"), ("St-Croix", "P01"), ("Sainte-Croix", "P01")]),
    ("Le saint patron, la sainte paix.", []),
])
def test_saint_written_either_way_is_one_known_name(text, expected):
    assert [(d.original, d.code) for d in find_known_names(text, INDEX)] == expected


def test_the_final_scan_counts_saint_written_either_way():
    assert count_name_hits("Merci, Saint-Onge.", INDEX) == {name_key_of("Onge"): 1}
    assert count_name_hits("Sainte-Croix et Ste-Croix", INDEX) == {name_key_of("Croix"): 2}
    assert count_name_hits("le saint patron de la croix", INDEX) == {}


def name_key_of(word: str) -> str:
    return deid_words.name_key(word)


def test_neighbourhoods_and_boroughs_are_places():
    assert found("Je suis dans Villeray, lui à Rosemont, elle dans Hochelaga, et moi à Limoilou.") == [
        ("Villeray", "place"), ("Rosemont", "place"), ("Hochelaga", "place"), ("Limoilou", "place")]
    assert found("On a déménagé de Fabreville à Lennoxville, puis à Jonquière.") == [
        ("Fabreville", "place"), ("Lennoxville", "place"), ("Jonquière", "place")]
    assert found("Le quartier était calme, la baie aussi, au bord du plateau.") == []


def test_employers_and_chains_are_organisations_but_a_persons_name_stays_a_person():
    assert found("Elle travaille chez Hydro-Québec, lui chez Desjardins, et moi au Jean Coutu.") == [
        ("Hydro-Québec", "organisation"), ("Desjardins", "organisation"), ("Jean Coutu", "organisation")]
    assert found("Mon voisin Marc Desjardins travaille à la SAQ.") == [
        ("Marc Desjardins", "person"), ("SAQ", "organisation")]
    # A participant called Brunet is the participant, not the pharmacy chain.
    assert found("Brunet a parlé, puis Luc Brunet est parti.") == [("Brunet", "P02"), ("Luc Brunet", "P02")]


def test_ner_leaves_drugs_and_diseases_named_after_a_person():
    if not deid_entities.ner_available():
        pytest.skip("spaCy French model not installed")
    texts = ["Moi mon cas c'était sur l'Ozempic, en fait.",
             "Un de mes gars avec un Alzheimer précoce, il cherchait ses mots.",
             "Il prenait du Dilaudid pis du Lyrica depuis des années."]
    entities = deid_entities.find_entities(texts, "fr")
    values = [d.original for row in entities for d in row]
    for word in ("Ozempic", "Alzheimer", "Dilaudid", "Lyrica"):
        assert not any(word in v for v in values), values


@pytest.mark.parametrize("text, expected", [
    ("Je suis physiothérapeute chez Physio Angus, dans le quartier.", ["Physio Angus"]),
    ("Ils sont financés par la Fondation Hélène-Lacasse depuis deux ans.", ["Fondation Hélène-Lacasse"]),
    ("Le hub a suggéré le Centre de bénévolat Ahuntsic-Nord pour les visites.", ["Centre de bénévolat Ahuntsic-Nord"]),
    ("Médecin de famille à la Clinique médicale Pie-IX, depuis 2019.", ["Clinique médicale Pie-IX"]),
    ("Infirmière scolaire à l'école secondaire Sainte-Rose-de-Lima, elle voit des ados.",
     ["école secondaire Sainte-Rose-de-Lima"]),
    ("Travailleur de rue au Refuge du Faubourg, pis pair-aidant.", ["Refuge du Faubourg"]),
    ("Elle a fondé son propre organisme, Pair-Aidance Douleur Montréal, l'an passé.", ["Pair-Aidance Douleur Montréal"]),
    ("Les collègues de l'Hôpital général juif sont bilingues.", ["Hôpital général juif"]),
    # A kind without its name, or a capitalised common word at a sentence start, stays.
    ("Le refuge, la clinique médicale, le centre de jour, la physio: tout est loin.", []),
    ("Centre Ville, c'est ce qu'il a dit. Maison Blanche aussi. Santé mentale, douleur, consommation.", []),
    ("Son organisme, tsé, c'est pas clair. Une association, Sinon rien.", []),
])
def test_an_organisation_named_by_its_kind_then_its_name(text, expected):
    assert [value for value, category in found(text) if category == "organisation"] == expected


def persons(texts: list[str] | str, index: NameIndex = INDEX) -> list[str]:
    return [value for value, category in found(texts, index) if category == "person"]


def test_a_first_name_alone_that_is_no_word_and_a_compound_one_in_lower_case():
    assert persons(["Les pairs-aidants sont là, pis Jocelyne, l'autre paire-aidante, celle de Laval.",
                    "pierre-luc il nous envoie toujours ses références, anne-sophie aussi.",
                    "On a vu Anne-Sophie hier."]) == ["Jocelyne", "pierre-luc", "anne-sophie", "Anne-Sophie"]
    # Words, a street or a hospital named after someone, a first name in lower case alone, a known name: they stay.
    assert persons(["Pierre a pris une pierre, Rose une rose; le métro Jean-Talon, la rue Marie-Anne.",
                    "jocelyne est venue, peut-être, c'est-à-dire après le porte-à-porte.",
                    "Luc est venu."]) == []


def test_a_part_of_a_full_name_in_lower_case_as_asr_writes_it():
    assert persons(["Un monsieur de Saint-Michel-des-Saints, monsieur Gaston Lafleur, soixante-douze ans.",
                    "gaston prenait de l'hydromorphone depuis des années, lafleur aussi."]) == [
        "Gaston Lafleur", "gaston", "lafleur"]
    # A part that is a word stays a word in lower case ("la rose", "le martin-pêcheur").
    assert persons(["Ma voisine, Rose Martin, est venue.", "une rose, un martin-pêcheur"]) == ["Rose Martin"]


def test_quebec_diminutive_ti_before_a_first_name():
    assert persons("Un de mes gars, on l'appelait Ti-Steve, pis son frère ti-guy.") == ["Ti-Steve", "ti-guy"]
    assert persons("Un ti-peu de sucre, un ti-gars, un Ti-Bonhomme.") == []


def test_names_listed_after_a_relation():
    assert persons("Chez ses parents, Aimé pis Blanche, l'internet coupe.") == ["Aimé", "Blanche"]
    assert persons("Mes filles Léa, Rose et Chloé sont venues.") == ["Léa", "Rose", "Chloé"]
    # A place, a pronoun or a word after a comma alone ends the list.
    assert persons("Mon fils Paul et Montréal, c'est loin. Ma fille Julie, Bien sûr, Elle aussi.") == ["Paul", "Julie"]


def test_first_names_of_other_origins_and_of_older_quebecers():
    assert persons(["Ma superviseure m'a référée, elle pis sa collègue Wei Chen.",
                    "Il présentait avec Piotr Kowalski, pis Ngoc Anh Nguyen aussi.",
                    "Ma tante Réjeanne le disait, et Ghislain aussi."]) == [
        "Wei Chen", "Piotr Kowalski", "Ngoc Anh Nguyen", "Réjeanne", "Ghislain"]
    # Names of the added languages that are French words are not listed ("Sol", "Vera", "Aurora").
    assert not {"sol", "vera", "aurora", "li"} & deid_words.first_names()
    assert persons("Le sol était gelé, une aurora boréale, la vera cruz.") == []


def places(texts: list[str] | str, index: NameIndex = INDEX) -> list[str]:
    return [value for value, category in found(texts, index) if category == "place"]


def test_streets_named_as_places_at_a_corner_or_without_a_number():
    assert places("Je suis dans le coin, coin Jarry pis Saint-Denis, près de l'école.") == ["Jarry", "Saint-Denis"]
    # The street's kind belongs to its name (round 5).
    assert places("On se voit au coin de Beaubien et de la rue Molson, ou sur la rue Fleury.") == [
        "Beaubien", "rue Molson", "rue Fleury"]
    # A corner, a street or a kind of street without a capitalised name stays.
    assert places("Dans mon coin, et au coin de la rue, la rue principale, sur le boulevard. Coin, Pierre et Marie.") == []


def test_villages_by_a_word_of_geography_in_their_hyphenated_name():
    assert places("Mon chum vient de Grande-Vallée, sa sœur de Lac-Etchemin, son père de Rivière-Rouge.") == [
        "Grande-Vallée", "Lac-Etchemin", "Rivière-Rouge"]
    # Family words, first names and common compounds stay.
    assert places("Ma Grand-Mère et Petite-Fille, Anne-Marie, un Mont-de-piété.") == []


def test_an_organisation_named_by_words_then_the_place_it_serves():
    orgs = [value for value, category in found("Il a fondé Pair-Aidance Douleur Montréal, pis Parkinson Québec aide.")
            if category == "organisation"]
    assert orgs == ["Pair-Aidance Douleur Montréal", "Parkinson Québec"]
    # Places, a word of geography, a first name or a greeting before the place: no organisation.
    assert [category for _value, category in found(
        "Dans le Grand Montréal, Trois-Rivières Québec, Rive-Sud Laval. Bonjour Montréal! Julie Laval.")
        if category == "organisation"] == []


def test_a_metro_station_or_a_park_named_after_someone_is_a_place():
    assert places("Je prends le métro Jean-Talon, pis je marche au parc Lafontaine.") == ["Jean-Talon", "parc Lafontaine"]
    assert places("Le métro était plein, le parc aussi.") == []


def test_words_written_with_a_ligature_are_words():
    """The common-word list is folded with the ligatures written out ("soeur"), as the app folds what it reads:
    a kin word with "œ" set apart by commas is no person introduced ("ma sœur, la grande, est venue")."""
    assert {"soeur", "soeurs", "coeur", "oeuvre", "oeil", "boeuf"} <= deid_words.common_words()
    for text in ("Pis ma sœur, la grande, est venue avec nous.", "Mes sœurs, les deux plus vieilles, sont venues.",
                 "Son œuvre, la dernière, est au musée."):
        assert detect_texts([text], NameIndex(), "fr", use_ner=False)[0] == [], text
    text = "Ma sœur, Lætitia, est venue."
    [found] = detect_texts([text], NameIndex(), "fr", use_ner=False)[0]
    assert text[found.start:found.end] == "Lætitia" and found.category == "person"
