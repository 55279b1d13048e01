"""Deidentification rules generalised from the sixteenth held-out part's misses (issue 13, round 13), organisations and
places, each with the words that must stay: a long official name whose kind starts it and an organisation found ends
it, a diplomatic mission with its country, a business in lower case by its family form, a kind of several words whose
first word starts a longer listed name, and NER's nationalities taken for places."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX, use_ner: bool = False) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=use_ner) for d in row]


def test_a_unit_grows_to_the_organisation_found_after_it():
    assert found("Je suis associée à la Chaire de recherche sur la santé sexuelle et le genre de l'Université de "
                 "Sherbrooke.") == [
        ("Chaire de recherche sur la santé sexuelle et le genre de l'Université de Sherbrooke", "organisation")]
    assert found("Elle travaille à l'Unité de soins palliatifs du CHU de Québec depuis mars.") == [
        ("Unité de soins palliatifs du CHU de Québec", "organisation")]
    assert found("On a vu le laboratoire de biologie moléculaire de l'Université de Sherbrooke.") == [
        ("laboratoire de biologie moléculaire de l'Université de Sherbrooke", "organisation")]


def test_a_unit_does_not_grow_across_a_sentence_a_verb_or_a_pronoun():
    # A sentence's end, a verb, a pronoun between the kind and the organisation: the organisation alone.
    assert found("Le Centre est fermé. Il va à l'Université de Sherbrooke.") == [
        ("Université de Sherbrooke", "organisation")]
    assert found("Le Centre est fermé, il travaille de jour à l'Université de Sherbrooke.") == [
        ("Université de Sherbrooke", "organisation")]
    assert found("Le Service des urgences est plein, on va au CHU de Québec.") == [("CHU de Québec", "organisation")]
    # A verb right after the kind, or "a" (has) among the words: no name runs through them.
    assert found("Elle dit que la Direction exige des rapports du CHU de Québec.") == [("CHU de Québec", "organisation")]
    assert found("Le Centre a reçu des fonds de l'Université de Sherbrooke.") == [
        ("Université de Sherbrooke", "organisation")]
    # A kind in lower case other than a chair or a laboratory stays out ("le centre de jour de…" is a description).
    assert found("Elle va au centre de jour de l'Université de Sherbrooke.") == [
        ("Université de Sherbrooke", "organisation")]


def test_a_public_body_whose_kind_starts_a_longer_listed_name():
    # "Direction" starts the listed "Direction de la protection de la jeunesse": it is no listed place for that.
    assert found("la conseillère à la Direction régionale de santé publique de Montréal, qui l'a écrit.") == [
        ("Direction régionale de santé publique de Montréal", "organisation")]
    # No kind of several capitalised words: the town alone.
    assert found("la direction a changé à Montréal, qui l'a écrit.") == [("Montréal", "place")]


def test_a_diplomatic_mission_with_its_country():
    assert found("Elle, c'est le consulat du Mexique qui a payé l'interprète.") == [
        ("consulat du Mexique", "organisation")]
    assert found("le consulat général du Guatemala à Montréal, c'est plus compliqué.") == [
        ("consulat général du Guatemala", "organisation"), ("Montréal", "place")]
    assert found("On a appelé l'ambassade d'Haïti la semaine passée.") == [("ambassade d'Haïti", "organisation")]
    # The kind alone, or a country in lower case: nothing; a filler after the country is not the country's.
    assert found("On a appelé le consulat pis l'ambassade, rien.") == []
    assert found("Le consulat du Mexique Bon, ils ont payé.") == [("consulat du Mexique", "organisation")]
    # The country alone stays a place.
    assert found("Elle vient d'Haïti, sa famille aussi.") == [("Haïti", "place")]


def test_a_business_in_lower_case_by_its_family_form():
    assert found("si t'es malade chez les serres lemay et fils t'as peur") == [
        ("les serres lemay et fils", "organisation")]
    assert found("il a travaillé pour lavoie et frères pendant dix ans") == [("lavoie et frères", "organisation")]
    assert found("La Ferme Bolduc et Fils engage l'été.") == [("Ferme Bolduc et Fils", "organisation")]
    # A common word or a first name before "et fils" is no business.
    assert found("mon père et fils de fermier, pis la mère et filles aussi") == []
    assert found("les serres et fils de voisins, pis marie et fils") == []


@pytest.mark.skipif(not entities.ner_available(), reason="the French NER model is not installed")
def test_nationalities_are_no_places_with_ner():
    rows = found(["Ok, il y a un jeune Jamaïcain, il reste à Sainte-Famille.",
                  "Pour les Guatémaltèques, c'est plus compliqué.",
                  "Thiago, un Brésilien de Recife, fait de l'interprétariat."], use_ner=True)
    assert not {"Jamaïcain", "Guatémaltèques", "Brésilien"} & {text for text, _ in rows}
    assert ("Sainte-Famille", "place") in rows and ("Recife", "place") in rows


def test_the_demonym_rule_keeps_places_that_look_like_demonyms():
    # Listed towns with a demonym's ending, a foreign place with no people's word before it, a word in capitals.
    assert not entities.demonym("Il est allé à Calais.", 14, "Calais")
    assert not entities.demonym("Il est allé à Amiens.", 14, "Amiens")
    assert not entities.demonym("Elle vit au Bahrain.", 12, "Bahrain")
    assert not entities.demonym("Elle vit au BRESILIEN.", 12, "BRESILIEN")
    # The inhabitants: a common word, or a people's word before it.
    assert entities.demonym("un Brésilien de Recife", 3, "Brésilien")
    assert entities.demonym("un jeune Jamaïcain", 9, "Jamaïcain")
    assert entities.demonym("Pour les Guatémaltèques", 9, "Guatémaltèques")
    assert not entities.demonym("Pour Guatémaltèques", 5, "Guatémaltèques")


def test_a_society_or_foundation_by_its_scope_and_cause():
    assert found("je l'ai référé à la Fondation québécoise du cancer pour l'aide financière.") == [
        ("Fondation québécoise du cancer", "organisation")]
    assert found("On a appelé l'Association canadienne pour la santé mentale hier.") == [
        ("Association canadienne pour la santé mentale", "organisation")]
    assert found("Elle est à la Société québécoise de la schizophrénie depuis des années.") == [
        ("Société québécoise de la schizophrénie", "organisation")]
    # Without a cause, in lower case, at a sentence's start, or a scope that is no kind's: nothing.
    assert found("Le Réseau québécois est gros, une Société nationale aussi.") == []
    assert found("une association québécoise de parents, la fondation québécoise du cancer") == []
    assert found("la cuisine française du coin.") == []
    # The cause stops before a verb ("aide") or an adverb ("hier").
    assert found("la Fondation québécoise du cancer aide les gens, l'Association canadienne du diabète hier.") == [
        ("Fondation québécoise du cancer", "organisation"), ("Association canadienne du diabète", "organisation")]


def test_a_bar_or_business_by_two_capitalised_words_after_au_or_chez():
    assert found("il est venu me voir au bar, au Flamant Rose, sur la rue.") == [("Flamant Rose", "place")]
    assert found("je suis intervenant pair au Bonbon Latex depuis un an.") == [("Bonbon Latex", "place")]
    assert found("elle a travaillé chez Ressources Kinojévis longtemps.") == [("Ressources Kinojévis", "organisation")]
    # A person (first name first), a known name, a time, an expression, a word of geography first: other rules decide.
    assert found("On est allés chez Marie Tremblay.") == [("Marie Tremblay", "person")]
    assert found("On pense au Moyen Âge, au Père Noël, au Bon Dieu, pis au Grand Nord.") == []
    assert found("Je parlais au Josiane Laplante.") == [("Josiane Laplante", "P02")]
    # One capitalised word, or lower case: nothing here.
    assert found("au bar, au flamant rose, au Latex.") == []


def test_a_neighbourhood_named_by_a_noun_of_geography_with_its_capital():
    assert found("je suis intervenant dans le Village, pis on l'a vu sur le Plateau.") == [
        ("Village", "place"), ("Plateau", "place")]
    # In lower case, at a sentence's start, or the start of a longer name: nothing from this rule.
    assert found("Il reste dans le village. Sur le plateau, il fait froid.") == []
    assert found("Le Village est loin.") == []


def test_a_montreal_hospital_by_its_short_name():
    assert found("le chirurgien plastique de Maisonneuve-Rosemont a validé le plan.") == [
        ("Maisonneuve-Rosemont", "organisation")]
    # The neighbourhood is a place, not the hospital.
    assert found("Il reste dans Hochelaga-Maisonneuve.") == [("Hochelaga-Maisonneuve", "place")]
