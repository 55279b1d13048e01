"""Deidentification rules generalised from the ninth held-out part's misses (issue 13, round 6), each with the words
that must stay: streets named by an ordinal, dates of birth and full dates, known names in every written form,
other people, places and organisations named whole, holidays and eponyms."""

from __future__ import annotations

from echo_fieldwork.deid.detect import NameIndex, detect_texts

INDEX = NameIndex.build({"P01": "Dominique Laplante", "P02": "Fabiola Jean-Baptiste", "P03": "Noël Leblanc"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_street_named_by_an_ordinal_is_an_address_and_a_place():
    assert found("Elle restait au 1285, 3e Avenue, app. 6, un 4 et demi. Lui, au 12, 1re Rue Ouest.") == [
        ("1285, 3e Avenue, app. 6", "address"), ("12, 1re Rue Ouest", "address")]
    assert found("Autour de la 3e Avenue pis sur la 45e Rue. Dans le 2e rang pis au 345 2e rang.") == [
        ("3e Avenue", "place"), ("45e Rue", "place"), ("2e rang", "place"), ("345 2e rang", "address")]
    # A rank, a direction, a year: no street.
    assert found("Il est arrivé au 2e rang. Prenez la 2e rue à droite. En 2020, rue fermée.") == []


def test_a_date_of_birth_later_in_the_sentence_and_a_full_date():
    assert found("Née à 34 semaines dans un chalet au bord de l'eau, le 3 novembre 2023, l'Apgar à 7.") == [
        ("3 novembre 2023", "date_of_birth")]
    assert found("Son bébé est arrivé le 2 mai 2024. DDN: 03/05/1962.") == [
        ("2 mai 2024", "date_of_birth"), ("03/05/1962", "date_of_birth")]
    # Any other full date is a date about someone; a year or a month alone, a birth centre's year are not.
    assert found("On l'a vue le 14 février 2004 à la clinique.") == [("14 février 2004", "date")]
    assert found("La maison de naissance a ouvert en 2015. En mars 2020, tout a fermé. Le 3 mai, on s'est vus.") == []
