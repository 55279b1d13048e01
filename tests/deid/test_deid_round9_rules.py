"""Deidentification rules generalised from the twelfth held-out part's misses (issue 13, round 9), each with the words
that must stay: organisations with a place of worship or a long kind, parks, families and names that are words."""

from __future__ import annotations

from echo_fieldwork.deid.detect import NameIndex, detect_texts

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_place_of_worship_with_its_name_is_an_organisation():
    assert found("au centre communautaire de la mosquée Al-Rawda, pis l'église Saint-Jean-Baptiste") == [
        ("mosquée Al-Rawda", "organisation"), ("église Saint-Jean-Baptiste", "organisation")]
    assert found("la synagogue Shaar Hashomayim, le temple Sri Murugan") == [
        ("synagogue Shaar Hashomayim", "organisation"), ("temple Sri Murugan", "organisation")]
    # A kind without a name, or with an adjective, stays.
    assert found("l'église catholique, le temple de la renommée, la mosquée du quartier, une synagogue") == []


def test_a_hospital_with_a_descriptive_kind_and_a_foundation_with_its_complement():
    assert found("son évaluation à l'Hôpital en santé mentale Rivière-des-Prairies, en janvier") == [
        ("Hôpital en santé mentale Rivière-des-Prairies", "organisation")]
    assert found("Pis la Fondation Marchand pour l'enfance, mais") == [
        ("Fondation Marchand pour l'enfance", "organisation")]
    # "pour" and what the foundation did is no part of its name.
    assert found("la Fondation Marchand pour acheter des tablettes") == [("Fondation Marchand", "organisation")]


def test_a_park_with_its_name_is_one_place_a_station_keeps_its_kind_outside():
    assert found("je l'amène au parc Aimé-Léonard le samedi") == [("parc Aimé-Léonard", "place")]
    assert found("au métro Jean-Talon") == [("Jean-Talon", "place")]
    assert found("au parc avec les enfants, un parc de jeux") == []
