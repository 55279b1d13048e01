"""Deidentification rules generalised from the twenty-ninth and thirtieth held-out parts' misses (issue 13, round 20),
organisations and NER's false places: a research chair by its own name and field, a birth centre or health centre in
lower case with its listed town, an acronym beside the name it spells, a name ending in a capitalised word and the
adjective of its province, and a point of the compass alone no place, each with the words that must stay."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.entities import ner_available
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def organisations(text: str) -> list[str]:
    return [value for value, category in found(text) if category == "organisation"]


def test_a_research_chair_by_its_own_name_and_its_field():
    assert organisations("je suis agente de recherche à la Chaire de recherche Nunami sur la périnatalité nordique.") == [
        "Chaire de recherche Nunami sur la périnatalité nordique"]
    assert organisations("elle est au Centre de recherche Kapakan en santé autochtone depuis mai") == [
        "Centre de recherche Kapakan en santé autochtone"]


def test_a_research_field_in_lower_case_or_a_common_word_as_name_stays():
    for text in ("on fait de la recherche sur la périnatalité nordique.", "la chaire de recherche nunami sur la santé",
                 "Chaire de recherche Nunami sur la santé, c'est le nom.", "au Centre de recherche Pis sur la santé"):
        assert organisations(text) == [], text


def test_a_birth_centre_or_a_health_centre_with_its_listed_town():
    assert organisations("je suis sage-femme à la maison de naissance de Puvirnituq, ça fait onze ans.") == [
        "maison de naissance de Puvirnituq"]
    assert organisations("elle a accouché à la maison de naissance de Rimouski") == ["maison de naissance de Rimouski"]
    assert organisations("on l'a vue au centre de santé de Chibougamau hier") == ["centre de santé de Chibougamau"]


def test_a_birth_centre_without_its_town_stays():
    for text in ("je suis à la maison de naissance, ça fait onze ans.", "la maison de naissance de mon quartier",
                 "un centre de santé de proximité", "la maison de naissance de rêve"):
        assert organisations(text) == [], text


def test_an_acronym_beside_the_name_it_spells_is_named_too():
    assert organisations("Pour moi c'était par l'ARK, l'Administration régionale Kativik, ils avaient envoyé un courriel.") == [
        "ARK", "Administration régionale Kativik"]


def test_an_acronym_that_spells_a_condition_or_a_common_word_stays():
    for text in ("on a eu un TSA, le Trouble du spectre de l'autisme.", "c'est le CA, le Conseil d'administration.",
                 "la MPOC, la Maladie pulmonaire obstructive chronique."):
        assert organisations(text) == [], text


def test_the_adjective_of_a_province_after_a_name_ending_in_a_capitalised_word():
    assert organisations("On a appelé au Module du Nord québécois, le responsable là-bas") == ["Module du Nord québécois"]


def test_the_adjective_after_a_place_or_a_lower_case_word_stays_out():
    assert organisations("il travaille à Montréal québécois") == []
    assert ("Montréal", "place") in found("il travaille à Montréal québécois")


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_a_point_of_the_compass_alone_is_no_place_for_ner():
    for text in ("Je monte au Nord en rotation, deux semaines par mois.", "Maintenant on peut en garder plus ici, au Nord.",
                 "Pis quand elle est dans le Nord, c'est loin."):
        assert not [v for v, c in found(text, use_ner=True) if v == "Nord"], text
    assert ("Kangiqsujuaq", "place") in found("Je suis née à Kangiqsujuaq, dans le Nord.", use_ner=True)


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_a_name_runs_on_over_its_mission_to_the_region_it_serves():
    assert ("Bureau du partenariat avec les patients et le public en santé rénale de la Montérégie", "organisation") in found(
        "Pis il y a la patiente partenaire, Victoire Labelle, qui vient du Bureau du partenariat avec les patients et le "
        "public en santé rénale de la Montérégie.", use_ner=True)


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_a_verb_a_possessive_or_a_relative_before_the_region_keeps_it_apart():
    for text in ("il vient du Bureau du partenariat avec sa mère de la Gaspésie.",
                 "il vient du Bureau du partenariat qui est de la Gaspésie."):
        assert ("Gaspésie", "place") in found(text, use_ner=True), text


def places(text: str) -> list[str]:
    return [value for value, category in found(text) if category == "place"]


def test_new_brunswick_towns_as_asr_writes_them_after_de():
    assert places("les thériault de tracadie là c'est ma famille aussi") == ["tracadie"]
    assert places("madame doit rond elle vient de bouctouche je pense") == ["bouctouche"]
    assert places("elle vient de Shippagan, pis lui de Caraquet") == ["Shippagan", "Caraquet"]


def test_new_brunswick_names_that_are_surnames_stay_people_and_words_stay():
    assert ("Robert Sackville", "person") in found("j'ai parlé à Robert Sackville hier")
    assert places("elle a vu Lorne Dunlop et le docteur McAdam hier") == []
    assert places("on a un tracadie") == []


def test_the_new_brunswick_section_holds_no_common_word_first_name_or_name_in_mc():
    from echo_fieldwork.deid.words import common_words, first_names
    from echo_fieldwork.people.forms import fold
    from echo_fieldwork.resources import resource_path
    section = resource_path("deid", "places.txt").read_text(encoding="utf-8").split("\n# New Brunswick places", 1)[1]
    names = [line for line in section.splitlines()[1:] if line and not line.startswith("#")]
    assert {"Bouctouche", "Caraquet", "Shippagan", "Tracadie", "Moncton"} <= set(names)
    one_word = [n for n in names if " " not in n and "-" not in n]
    assert [n for n in one_word if fold(n) in common_words() | first_names() or n.startswith(("Mc", "Mac"))] == []
    assert not {"Dunlop", "Lorne", "McAdam", "Bertrand", "Douglas"} & set(names)


def test_a_home_or_a_service_by_its_kind_and_its_own_name():
    assert organisations("Je suis interprète au Service d'interprétation Tusaajiit, à Dorval.") == [
        "Service d'interprétation Tusaajiit"]
    assert organisations("intervenante à la maison d'hébergement Ullivik, que les familles appellent autrement.") == [
        "Ullivik"]
    assert organisations("Jobie faisait les vols avec Air Inuit avant") == ["Air Inuit"]


def test_a_kind_before_a_common_word_a_first_name_or_a_place_and_air_opening_a_sentence_stay():
    for text in ("la maison d'hébergement Lundi", "le foyer d'accueil Marie", "Air frais. On respire.",
                 "la maison d'hébergement du quartier", "le service d'interprétation Pis après"):
        assert organisations(text) == [], text
    assert found("la maison de naissance Puvirnituq") == [("Puvirnituq", "place")]


def test_acadia_is_a_region():
    assert places("on est toutes parents en Acadie.") == ["Acadie"]


def test_a_street_where_one_slept_or_at_someones_home_and_after_its_neighbourhood_without_a_comma():
    assert places("On a dormi chez ma cousine sur Jean-Talon, dans Côte-des-Neiges, non, c'est Côte-des-Neiges sur "
                  "Queen-Mary, excuse.") == ["Jean-Talon", "Côte-des-Neiges", "Côte-des-Neiges", "Queen-Mary"]


def test_two_first_names_after_sur_stay_a_person():
    for text in ("je suis chez nous sur Jean-Pierre.", "à Laval sur Jean-Pierre.", "on va chez lui sur Anne-Marie",
                 "elle compte sur Marie-Ève"):
        assert [v for v in places(text) if "-" in v] == [], text


def test_an_association_of_another_latin_language_by_its_kind_and_name():
    assert organisations("L'Asociación Peruana Inti Raymi l'a beaucoup aidée, ils ont une page") == [
        "Asociación Peruana Inti Raymi"]
    assert organisations("on va à la Fundación del Niño le samedi") == ["Fundación del Niño"]


def test_the_latin_kind_alone_or_in_lower_case_stays():
    for text in ("la fundación amigos", "une asociación. Pis après", "Fundación, c'est un mot espagnol."):
        assert organisations(text) == [], text
