"""Deidentification rules for the study's known names and other people generalised from the thirty-first and
thirty-second held-out parts' misses (issue 13, round 21), each with the words that must stay: a known name that is a
word as a cleft sentence's subject, a relative's name after a word of kin and "c'est", a surname the session names
heard as two lower-case words after a title."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Nadine Cormier", "P02": ["Roseline Désir", "Rosie"], "P03": "Blanche Lebrun"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


@pytest.mark.parametrize("ner", [False, True])
def test_a_known_name_that_is_a_word_as_a_cleft_sentences_subject(ner):
    # "rosie" is a word (of "rosir"): in lower case it is the alias only where the context says person.
    assert found("ouais moi c'est rosie qui m'a amené à la première séance", ner=ner) == [("rosie", "P02")]
    assert found("c'était blanche qui parlait le plus", ner=ner) == [("blanche", "P03")]


def test_the_word_stays_outside_a_cleft_sentence():
    assert found("ses joues c'est rosie, la couleur") == []
    assert found("le mur c'est blanche et grise") == []
    assert found("la robe blanche qui est là") == []
    assert found("les joues c'est rosie qui les rend belles") == []      # "qui" then an object: no verb of a subject


def test_a_relatives_name_after_a_word_of_kin_and_cest():
    assert found("ah pis son gendre c'est kevin o'brien un anglo de Sherbrooke")[0] == ("kevin o'brien", "person")
    assert ("lise", "person") in found("ma femme c'est lise pis elle travaille")


def test_what_a_relative_is_stays_after_cest():
    assert found("mon père c'est sûr qu'il veut rester") == []
    assert found("ma fille c'est claire, elle veut pas") == []
    assert found("ma fille c'est rose pis bleu sa chambre") == []
    assert found("mon fils c'est tout un numéro") == []


@pytest.mark.parametrize("ner", [False, True])
def test_a_surname_the_session_names_heard_as_two_words_after_a_title(ner):
    texts = ["C'est le frère Gérald Brisebois qui s'occupe de la soupe.",
             "ouais pis le frère brise bois y nous laisse le local gratis",
             "Le bébé voit la Dre Doiron à Kuujjuaq.",
             "madame doit rond elle vient de Moncton"]
    rows = found(texts, ner=ner)
    assert ("brise bois", "person") in rows[1]
    assert ("doit rond", "person") in rows[3]


def test_two_words_after_a_title_stay_without_that_surname_in_the_session():
    texts = ["C'est le frère Gérald Brisebois qui s'occupe de la soupe.",
             "madame doit partir, le frère bois rien, monsieur brise tout"]
    assert found(texts)[1] == []
    # Nobody called so in the session: the same words are words.
    assert found(["madame doit rond", "le frère brise bois ici"]) == [[], []]


def test_a_dutch_or_german_particle_in_lower_case_before_a_capitalised_name():
    assert found("Moi je voulais ajouter: chez les van den Berg, à Sainte-Monique, c'est pareil.")[0] == (
        "van den Berg", "person")
    assert found("La madame, Aaltje van den Berg, quatre-vingt-dix ans, elle marche encore")[0] == (
        "Aaltje van den Berg", "person")
    assert found("selon monsieur von der Heyde, ok") == [("von der Heyde", "person")]


def test_a_van_and_a_capitalised_word_stay_without_den_or_der():
    assert found("Le van de Montréal est arrivé, le van Ford aussi") == [("Montréal", "place")]
    assert found("On a loué un van den plus") == []


def test_a_relative_named_in_apposition_after_the_person_whose_relative_they_are():
    texts = ["C'est un producteur, monsieur Hans Zürcher, il vient de Berne.",
             "Pis le gars à Hans, Ueli, lui il veut pas que son père arrête de traire."]
    assert found(texts)[1] == [("Hans", "person"), ("Ueli", "person")]


def test_a_place_or_a_word_in_apposition_after_a_relative_of_someone_stays():
    texts = ["C'est un producteur, monsieur Hans Zürcher, il vient de Berne.",
             "le fils à Hans, Montréal, c'est loin pour lui. la fille de Hans, Bon, elle reste. le gars à Hans, Lundi, qui"]
    assert found(texts)[1] == [("Hans", "person"), ("Montréal", "place"), ("Hans", "person"), ("Hans", "person")]
    assert found(["monsieur Hans Zürcher", "la fille à Hans, Vraiment, elle est fine"])[1] == [("Hans", "person")]


def test_a_nickname_of_two_words_joined_by_a_hyphen_after_a_verb_of_calling():
    assert found("pis le voisin tout le monde l'appelle Belle-Rive comme sa ferme") == [("Belle-Rive", "person")]
    assert found("on l'appelle Petit-Jean, lui") == [("Petit-Jean", "person")]


def test_a_word_of_kin_or_a_place_after_a_verb_of_calling_stays():
    assert found("on l'appelle Grand-Maman") == []
    assert found("je l'appelle Belle-Maman, c'est drôle") == []
    assert found("on l'appelle Trois-Rivières") == [("Trois-Rivières", "place")]
    assert found("on appelle Belle-Rive le soir") == []         # no "l'": the verb names no one here
