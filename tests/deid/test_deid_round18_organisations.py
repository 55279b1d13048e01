"""Deidentification rules generalised from the twenty-fifth and twenty-sixth held-out parts' misses (issue 13, round
18), organisations: a building named after two surnames, a hospital whose name ends on its city, a community group by
its kind then its name, a clinic's acronym in lower case with its place, a branch after a comma, a church of a community
by its own-language name, and words of business before the region served, each with the words that must stay."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def test_a_building_named_after_two_surnames():
    assert ("pavillon Rolland-Gauthier", "organisation") in found(
        "je fais mes traitements au pavillon Rolland-Gauthier trois fois par semaine")
    assert ("aile Tremblay-Gauthier", "organisation") in found("elle est hospitalisée dans l'aile Tremblay-Gauthier depuis lundi")


def test_a_building_named_by_common_words_or_a_place_stays():
    for text in ("le centre Sainte-Marie est fermé", "on s'est vus à la salle Notre-Dame hier",
                 "au pavillon Saint-Laurent on attend longtemps", "au centre Mont-Laurier, ça va"):
        assert not any(category == "organisation" and "-" in value for value, category in found(text)), text


def test_a_hospital_named_with_its_city():
    assert found("je travaille à l'Hôpital du Sacré-Cœur-de-Montréal depuis dix ans") == [
        ("Hôpital du Sacré-Cœur-de-Montréal", "organisation")]
    assert found("il est suivi à l'Hôpital du Sacré-Cœur depuis mai") == [("Hôpital du Sacré-Cœur", "organisation")]



def test_a_community_group_by_its_kind_then_its_name():
    assert found("les mamans vont beaucoup à la Cuisine collective Les Marmites le mardi") == [
        ("Cuisine collective Les Marmites", "organisation")]
    assert found("on a un panier à la banque alimentaire Moisson Laurentides chaque semaine") == [
        ("banque alimentaire Moisson Laurentides", "organisation")]


def test_a_community_kind_without_a_name_stays():
    for text in ("à la cuisine collective Marie m'a aidée", "la soupe populaire Lundi c'est fermé",
                 "la cuisine collective Rimouski", "la cuisine collective Docteur", "on va à la cuisine collective le mardi"):
        assert not any(category == "organisation" for _, category in found(text)), text


def test_a_clinic_acronym_in_lower_case_with_its_place():
    assert ("gmf-u de saint-laurent", "organisation") in found("le docteur nguyen au gmf-u de saint-laurent parle swahili")
    assert ("clsc de rimouski", "organisation") in found("elle va au clsc de rimouski le mardi")


def test_chu_in_speech_stays_a_verb():
    assert ("montréal", "place") in found("moi chu de montréal pis toi")
    assert not any(category == "organisation" for _, category in found("moi chu de montréal pis toi"))


def test_a_branch_by_its_region_after_a_comma():
    assert found("Pis la Fondation canadienne du rein, division du Québec nous a prêté des cas.") == [
        ("Fondation canadienne du rein, division du Québec", "organisation")]


def test_a_branch_word_after_a_person_or_a_place_stays():
    assert found("on a parlé à Rimouski, division du Québec") == [("Rimouski", "place"), ("Québec", "place")]
    assert ("Laval", "place") in found("c'est pour Marie, section de Laval")


def test_a_church_of_a_community_by_its_name_in_its_language():
    assert ("église arménienne Sourp Hagop", "organisation") in found(
        "C'est le prêtre de l'église arménienne Sourp Hagop, le père Vartan, qui nous a aidés.")
    assert found("la paroisse orthodoxe Sfântul Nicolae est loin") == [("paroisse orthodoxe Sfântul Nicolae", "organisation")]


def test_a_church_by_its_confession_alone_stays():
    for text in ("l'église arménienne est belle", "l'église arménienne Marie chantait", "la chapelle orthodoxe La semaine passée"):
        assert not any(category == "organisation" for _, category in found(text)), text


def test_a_business_by_capitalised_words_and_the_region_it_serves():
    assert found("quand y pouvaient pas c'était le Transport Accompagnement Aînés de la Rivière-du-Nord") == [
        ("Transport Accompagnement Aînés de la Rivière-du-Nord", "organisation")]
    assert found("on a appelé le Service Aide Domicile de Laval hier") == [("Service Aide Domicile de Laval", "organisation")]


def test_capitalised_words_of_no_business_before_a_place_stay():
    assert ("Laval", "place") in found("on a vu Marie Plus de Laval hier")
    assert found("le Grand Nord du Québec") == [("Nord du Québec", "place")]
