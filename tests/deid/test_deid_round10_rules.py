"""Deidentification rules generalised from the thirteenth held-out part's misses (issue 13, round 10), each with the
words that must stay: an organisation's whole name (legal form, branch, union local, council and region, church and
denomination, English group words), words that are surnames named again, English greetings."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_business_with_its_legal_form_keeps_its_first_word():
    assert found("L'employeur, Emballages Lakeshore inc., voulait le ramener.") == [
        ("Emballages Lakeshore inc.", "organisation")]
    assert found("elle travaille chez Fenêtres Bolduc et Fils, une usine") == [
        ("Fenêtres Bolduc et Fils", "organisation")]
    assert found("chez Portes Gagnon et associés") == [("Portes Gagnon et associés", "organisation")]
    # A word of grammar or a sentence's first word stays outside; "et" between two words is no legal form.
    assert found("Chez Lavoie et associés, on paie bien.") == [("Lavoie et associés", "organisation")]
    assert found("Emballages Lakeshore inc. a fermé.") == [("Lakeshore inc.", "organisation")]
    assert found("Merci et bravo à tous, les fils et les filles.") == []


def test_a_chain_with_its_branch_and_a_council_with_its_region_are_one_name():
    assert found("Luc à la Pharmacie Familiprix de Baie-Saint-Paul, il livre.")[-1] == (
        "Pharmacie Familiprix de Baie-Saint-Paul", "organisation")
    assert found("c'est lui du Conseil régional FTQ Québec–Chaudière-Appalaches qui a dû se battre") == [
        ("Conseil régional FTQ Québec–Chaudière-Appalaches", "organisation")]
    # A kind without a name, and a place after a comma, stay outside.
    assert found("à la pharmacie, au conseil régional, à Québec") == [("Québec", "place")]
    assert found("la Pharmacie Familiprix, à Baie-Saint-Paul") == [
        ("Pharmacie Familiprix", "organisation"), ("Baie-Saint-Paul", "place")]


def test_a_union_local_by_its_number():
    assert found("délégué syndical, la section locale 7625 des Métallos, à la même usine") == [
        ("section locale 7625 des Métallos", "organisation")]
    assert found("le local 1234 des Teamsters a voté") == [("local 1234 des Teamsters", "organisation")]
    assert found("la section locale 301 a voté") == [("section locale 301", "organisation")]
    # A room is no union: "local" and a number without a union's name.
    assert found("la réunion est au local 1234 pour la formation") == []


def test_a_church_with_its_denomination_and_its_name():
    assert found("dans le sous-sol de l'église unie Trinity, le mercredi") == [("église unie Trinity", "organisation")]
    assert found("dans le sous-sol de l'église St. Columba by-the-Lake, sur") == [
        ("église St. Columba by-the-Lake", "organisation")]
    assert found("l'église anglicane St. James") == [("église anglicane St. James", "organisation")]
    # A denomination without a name stays.
    assert found("l'église unie, l'église anglicane du village, l'église catholique") == []


def test_english_names_ending_in_a_group_word():
    assert found("y'a un groupe, le West Island Long COVID Circle, qui se réunit") == [
        ("West Island Long COVID Circle", "organisation")]
    assert found("the Lakeshore Caregivers Committee and the Pontiac Women's League") == [
        ("Lakeshore Caregivers Committee", "organisation"), ("Pontiac Women's League", "organisation")]
    # A group word alone, or after determiners only, stays.
    assert found("The Circle was small, a Committee met, the Union said") == []


def test_a_surname_that_is_a_word_named_again_only_as_a_name():
    texts = ["La travailleuse sociale, madame Reine Sauvé, était là. On passe chez Gaétan Pinard en revenant.",
             "Sauvé de justesse par le rapport. Il nous sort toujours son pinard.",
             "Sauvé a appelé hier, pis pinard est venu."]
    rows = [[(d.original, d.category) for d in row] for row in detect_texts(texts, INDEX, "fr", use_ner=False)]
    assert rows[1] == []
    # As a name (no preposition after it, no determiner before it), it is still the person's.
    assert ("Sauvé", "person") in rows[2] and ("pinard", "person") in rows[2]


def test_a_first_name_at_a_sentence_start_before_a_preposition_stays_a_name():
    texts = ["Le pharmacien, Pierre Lavoie, est fin.", "Pierre de la pharmacie nous appelle."]
    rows = [[(d.original, d.category) for d in row] for row in detect_texts(texts, INDEX, "fr", use_ner=False)]
    assert ("Pierre", "person") in rows[1]
