"""Deidentification rules generalised from the fourteenth held-out part's misses (issue 13, round 11), each with the
words that must stay: an organisation whole where its found part was a place or nobody (the rest of a hyphenated name,
a capitalised article, a region after "de la", a kind of several words and an article name, a kind, a surname and
"et Frères", a station's call sign); people (a surname in apposition to its role without a comma, two initials apart,
"Ti-" before a name, a surname heard as two capitalised words); and English contractions that NER takes for people."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_the_rest_of_a_hyphenated_name_after_a_listed_organisation():
    assert found("elle travaille à l'Hôpital Notre-Dame-de-Lourdes depuis deux ans.") == [
        ("Hôpital Notre-Dame-de-Lourdes", "organisation")]
    # A comma ends it; the place after it stays a place.
    assert found("elle travaille à l'Hôpital Notre-Dame, à Montréal.") == [
        ("Hôpital Notre-Dame", "organisation"), ("Montréal", "place")]


def test_a_capitalised_article_mid_sentence_belongs_to_the_organisation():
    assert found("On l'a transféré au pavillon L'Hôtel-Dieu de Lévis la semaine passée.") == [
        ("L'Hôtel-Dieu de Lévis", "organisation")]
    # At a sentence's start the capital is the sentence's.
    assert found("L'Hôtel-Dieu de Lévis est plein.") == [("Hôtel-Dieu de Lévis", "organisation")]


def test_a_chain_with_de_la_and_its_region():
    assert found("Il a parlé à la Caisse Desjardins de la Haute-Gaspésie hier.") == [
        ("Caisse Desjardins de la Haute-Gaspésie", "organisation")]
    assert found("Il a parlé à la Caisse Desjardins de la région hier.") == [("Caisse Desjardins", "organisation")]


def test_a_kind_then_an_article_name():
    assert found("Il est bénévole à l'Hôtellerie Le Goéland depuis juin.") == [
        ("Hôtellerie Le Goéland", "organisation")]
    assert found("Elle va au Club de marche Les Sentiers tous les mardis.") == [
        ("Club de marche Les Sentiers", "organisation")]
    assert found("Elle va au club de marche le mardi, pis au club de lecture.") == []


def test_a_kind_a_surname_and_et_freres():
    # "Tremblay" is a surname and "Dionne" a first name too: the business holds them.
    assert found("Il a travaillé à la Scierie Tremblay et Frères toute sa vie.") == [
        ("Scierie Tremblay et Frères", "organisation")]
    assert found("Il a pris congé à la Scierie Dionne et Frères.") == [("Scierie Dionne et Frères", "organisation")]
    assert found("Il a travaillé à la scierie avec ses frères.") == []


def test_a_station_by_its_call_sign():
    assert found("Je l'écoutais sur CFTM-TV pis à la radio CKRL le matin.") == [
        ("CFTM-TV", "organisation"), ("CKRL", "organisation")]
    assert found("Il est allé au CLSC pis à la radio le matin, en FM.") == []
    assert found("la radio CHSLD, le CHSLD-AM, le CLSC ce matin") == []


def test_english_contractions_are_nobody():
    for word in ("I'm", "I’ll", "You're", "We've", "That's"):
        assert entities._ENGLISH_CONTRACTION.fullmatch(word), word
    for name in ("Isabelle", "Im", "Y'Cong"):
        assert not entities._ENGLISH_CONTRACTION.fullmatch(name), name


@pytest.mark.skipif(not entities.ner_available(), reason="the French NER model is not installed")
def test_ner_takes_no_english_contraction_for_a_person():
    # The fourteenth part's sentence (development material now), where the model takes "I'm" for a person.
    index = NameIndex.build({"P05": "Louisa Mianscum"})
    text = ("Wachiya. I'm Louisa... euh, Louisa Mianscum, représentante en santé communautaire à la clinique de "
            "Mistissini, en Eeyou Istchee.")
    row = detect_texts([text], index, "fr", use_ner=True)[0]
    assert [d.original for d in row if d.category == "person"] == []
    assert [d.original for d in row if d.code] == ["Louisa", "Louisa Mianscum"]


def test_a_surname_in_apposition_to_its_role_without_a_comma():
    assert found("la docteure a dit non pis Gosselin le résident était d'accord") == [("Gosselin", "person")]
    # A listed place, a software's name: no person.
    assert found("On a vu Sherbrooke la semaine passée pis Gatineau la patiente a aimé.") == [
        ("Sherbrooke", "place"), ("Gatineau", "place")]
    assert found("Ça passe sur Teams le patient aime pas, pis Zoom la dame non plus.") == []


def test_two_initials_apart_are_a_person():
    assert found("genre le patient G. L., pis l'âge.") == [("G. L.", "person")]
    assert found("J'ai vu J. C. Vachon hier.") == [("J. C. Vachon", "person")]
    # Two letters that say something else, and a letter that ends a sentence.
    assert found("P. S. je reviens. Vitamine D. C'est tout. Il est parti à 8 h A. M. le matin.") == []


def test_a_person_after_ti_is_named_with_it():
    assert found("le gars à Ti-Jean Ouellet, prenait congé.") == [("Ti-Jean Ouellet", "person")]
    assert found("Le petit ti-gars aussi.") == []


def test_a_surname_heard_as_two_capitalised_words():
    assert found("un pêcheur de Tadoussac, Marcel Bon Enfant, qui était venu") == [
        ("Tadoussac", "place"), ("Marcel Bon Enfant", "person")]
    # A day, a place or a first name after it is not the surname's.
    assert found("un pêcheur, Marcel Bon Lundi, qui était venu") == [("Marcel Bon", "person")]
