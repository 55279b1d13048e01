"""Deidentification rules generalised from the twenty-third and twenty-fourth held-out parts' misses (issue 13, round
17), organisations and NER's false proposals, each with the words that must stay: a camp by its name, a group whose
name links a region in Spanish, Portuguese or Italian, a long name ending in two adjectives joined by "et", and a
specialty's acronym or a nation's name that NER took for an organisation or a place."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.organisations import grown_organisations
from echo_fieldwork.deid.patterns import Detection

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def entity(text: str, value: str, category: str, detector: str = "ner") -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), value, category, detector)


def grown(text: str, row: list[Detection]) -> list[tuple[str, str]]:
    return [(d.original, d.category) for d in grown_organisations(text, row)]


def test_a_camp_by_its_name_mid_sentence():
    assert found("cet été on a envoyé trois ados au Camp Plein Soleil, au bord du lac") == [
        ("Camp Plein Soleil", "organisation")]
    assert found("ma fille est monitrice au Camp Kéno depuis deux ans") == [("Camp Kéno", "organisation")]


def test_a_camp_that_is_no_name_stays():
    for text in ("Camp Plein Soleil, c'était bon.", "le camp de jour est plein", "on a fait du camping au lac",
                 "au Camp Lundi", "le Camp Dimanche"):
        assert found(text) == [], text


def test_a_group_whose_name_links_a_region_in_spanish_or_portuguese():
    text = "Pis l'association, Amigos del Kamouraska, leur site c'est en ligne."
    assert found(text) == [("Amigos del Kamouraska", "organisation")]
    other = "la Casa dos Açores, c'est un club"
    row = [entity(other, "Casa", "organisation", "institution"), entity(other, "Açores", "place", "places")]
    assert grown(other, row) == [("Casa dos Açores", "organisation")]


def test_a_spanish_link_without_an_organisation_before_it_stays():
    assert found("on mange la salsa del Kamouraska") == [("Kamouraska", "place")]
    text = "Marie del Kamouraska"   # a person before "del" stays a person
    row = [entity(text, "Marie", "person"), entity(text, "Kamouraska", "place", "places")]
    assert grown(text, row) == [("Marie", "person"), ("Kamouraska", "place")]


def test_a_name_ending_in_two_adjectives_joined_by_et_before_a_pause():
    text = "le SIVET, le Service d'interprétation visuelle et tactile. Aujourd'hui j'interprète."
    row = [entity(text, "Service d'interprétation visuelle", "organisation")]
    assert grown(text, row) == [("Service d'interprétation visuelle et tactile", "organisation")]
    text = "l'Association québécoise et canadienne, elle aide"
    row = [entity(text, "Association québécoise", "organisation")]
    assert grown(text, row) == [("Association québécoise et canadienne", "organisation")]


def test_two_adjectives_that_are_no_name_stay():
    # No pause after the second word, a verb or a noun after "et", a capitalised last word, or no organisation.
    for text, value, category in (
            ("le Service d'interprétation visuelle et tactile est ouvert", "Service d'interprétation visuelle",
             "organisation"),
            ("le Service d'interprétation visuelle et puis.", "Service d'interprétation visuelle", "organisation"),
            ("le Service d'interprétation visuelle et moi.", "Service d'interprétation visuelle", "organisation"),
            ("la Clinique Santé et publique.", "Clinique Santé", "organisation"),
            ("une aide visuelle et tactile.", "visuelle", "person")):
        assert grown(text, [entity(text, value, category)]) == [(value, category)], text


def test_an_acronym_of_a_specialty_or_a_nation_is_no_entity():
    text = "Dariush Rahimi, euh, ORL, je suis chirurgien. Je suis Innu, de Pessamit."
    row = [entity(text, "ORL", "organisation"), entity(text, "Innu", "place"),
           entity(text, "Pessamit", "place", "places")]
    assert grown(text, row) == [("Pessamit", "place")]


def test_an_organisation_or_a_place_that_nation_or_acronym_words_do_not_make_stays():
    # An acronym by a list (not NER), an acronym that is no care term, a nation's organisation of several words, or a
    # nation's name as a person: kept.
    text = "au CLSC, à la SIVET, chez Innu Takuaikan, et Innu a dit"
    row = [entity(text, "CLSC", "organisation", "institution"), entity(text, "SIVET", "organisation"),
           entity(text, "Innu Takuaikan", "organisation"), entity(text, "Innu a", "place")]
    assert grown(text, row) == [("CLSC", "organisation"), ("SIVET", "organisation"),
                                ("Innu Takuaikan", "organisation"), ("Innu a", "place")]


@pytest.mark.skipif(not entities.ner_available(), reason="the French NER model is not installed")
def test_the_full_lines_with_ner():
    assert found("Dariush Rahimi, euh, ORL, je suis chirurgien au programme d'implant cochléaire de l'Hôpital "
                 "Maisonneuve-Rosemont.", use_ner=True) == [
        ("Dariush Rahimi", "person"), ("Hôpital Maisonneuve-Rosemont", "organisation")]
    assert ("Innu", "place") not in found("Je suis Innu, de Pessamit, pis je travaille au centre de santé.",
                                          use_ner=True)


def test_an_acronym_then_its_whole_name_spelled_by_the_initials():
    assert found("interprète au SIVET, le Service d'interprétation visuelle et tactile. Aujourd'hui") == [
        ("SIVET", "organisation"), ("Service d'interprétation visuelle et tactile", "organisation")]
    assert ("Centre d'aide aux victimes d'actes criminels", "organisation") in found(
        "on l'a envoyée au CAVAC, le Centre d'aide aux victimes d'actes criminels, pour ça")


def test_a_name_the_initials_do_not_spell_or_a_condition_stays():
    for text in ("au SIVET, le Service des loisirs de la ville. Bon.",   # S-L-V: not SIVET
                 "un TSA, le Trouble du spectre de l'autisme, c'est long",
                 "le TDAH, le Trouble déficitaire de l'attention avec hyperactivité.",
                 "ABC, la Belle Cour."):
        assert not [f for f in found(text) if f[0].startswith(("Service", "Trouble", "Belle"))], text


def test_a_street_without_its_kind_right_after_the_place_it_is_in():
    assert found("Je suis audiologiste dans le Mile End, sur Saint-Viateur.") == [
        ("Mile End", "place"), ("Saint-Viateur", "place")]
    assert found("le local est à Montréal, sur Henri-Bourassa, pas loin") == [
        ("Montréal", "place"), ("Henri-Bourassa", "place")]


def test_a_person_or_a_street_not_after_a_place_stays():
    assert ("Jean-Pierre", "place") not in found("on compte à Laval, sur Jean-Pierre.")   # a person's, other rules
    assert found("Bon, sur Saint-Viateur, c'est fermé.") == []
    assert found("à Montréal, sur Henri-Bourassa qui passe") == [("Montréal", "place")]


def test_a_name_then_a_community_kind_in_apposition():
    assert found("moi je réfère beaucoup aux Casseroles Joyeuses, la cuisine collective du quartier") == [
        ("Casseroles Joyeuses", "organisation")]
    assert found("elle va au Grenier Solidaire, la friperie sur la rue") == [("Grenier Solidaire", "organisation")]


def test_a_person_a_place_or_a_common_word_before_a_community_kind_stays():
    for text in ("on en parle avec Marie, la cuisine collective l'aide", "je viens de Rimouski, la banque alimentaire aide",
                 "au Printemps, la friperie ferme", "des Fois, la garderie appelle"):
        assert [f for f in found(text) if f[1] == "organisation"] == [], text


def test_a_business_named_by_a_root_glued_to_its_trade():
    assert found("on avait invité le kinésiologue de l'Éconofitness sur la rue") == [("Éconofitness", "organisation")]
    assert found("elle s'entraîne au Mégagym le soir") == [("Mégagym", "organisation")]


def test_common_words_ending_like_a_trade_stay():
    for text in ("il fait du transport le matin", "le Transport adapté passe", "on fait du sport au gym",
                 "à la Pharmacie, ils savent", "il a le Surplus", "Le Transport adapté.", "la Compagnie paye le prix",
                 "le Passeport est prêt", "du Rapport annuel"):
        assert [f for f in found(text) if f[1] == "organisation"] == [], text
