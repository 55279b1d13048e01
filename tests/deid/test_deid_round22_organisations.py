"""Deidentification rules generalised from the thirty-third and thirty-fourth held-out parts' misses (issue 13, round 22),
organisations, places and NER's false proposals: a military family resource centre without its place is a kind, a
hyphenated demonym no place, a name's elided "d'" and noun, a numbered branch or an ordinal unit before its
organisation, a pharmacy owner's name with a hyphenated part in lower case, a research team by its field; each with the
words that must stay."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.entities import demonym, find_entities, ner_available
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def organisations(text: str, use_ner: bool = False) -> list[str]:
    return [value for value, category in found(text, use_ner) if category == "organisation"]


def test_a_military_family_resource_centre_alone_is_a_kind_with_its_place_a_name():
    assert organisations("Nous au CRFM on a une intervenante. Comment vous avez connu le CRFM?") == []
    assert organisations("intervenante au CRFM de Valcartier, le centre de ressources.") == ["CRFM de Valcartier"]


def test_a_hyphenated_demonym_is_the_people():
    text = "Son vrai nom c'est Wayne Pardy, un Terre-Neuvien comme moi, pis des Néo-Écossais."
    assert demonym(text, text.index("Terre-Neuvien"), "Terre-Neuvien")
    assert demonym(text, text.index("Néo-Écossais"), "Néo-Écossais")


def test_a_hyphenated_place_of_a_demonyms_shape_stays_a_place():
    text = "il est parti à Saint-Adrien hier, pis un Saint-Julien de Montréal"
    assert not demonym(text, text.index("Saint-Adrien"), "Saint-Adrien")
    assert ("Saint-Adrien", "place") in found(text)


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_ner_takes_a_hyphenated_demonym_for_no_place():
    values = [d.original for d in find_entities(["Son vrai nom c'est Wayne Pardy, un Terre-Neuvien comme moi."], "fr")[0]]
    assert "Terre-Neuvien" not in values


def test_a_name_goes_on_over_its_elided_d_and_a_noun():
    assert organisations("elle travaille à la Fondation Lumière d'automne.") == ["Fondation Lumière d'automne"]
    assert organisations("on va au Club Lotus d'or le matin au parc") == ["Club Lotus d'or"]


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_a_name_ner_found_goes_on_over_its_elided_d_and_a_noun():
    assert organisations("on a le Club de tai-chi Lotus d'or le matin au parc", use_ner=True) == ["Club de tai-chi Lotus d'or"]


def test_an_elided_adverb_after_a_name_stays_out():
    assert organisations("il allait au Centre Bell d'habitude") == ["Centre Bell"]
    assert organisations("on est allés au Marché Jean-Talon d'abord") == ["Marché Jean-Talon"]
    assert organisations("la Fondation Lumière d'ailleurs, c'est fermé") == ["Fondation Lumière"]


def test_a_business_of_a_plural_kind_and_a_name_with_an_elided_capital():
    assert organisations("Son fils travaille de nuit chez les Marchés Dragon d'Or à Longueuil.") == ["Marchés Dragon d'Or"]


def test_a_kind_and_a_common_word_without_an_elided_capital_stays():
    for text in ("on va au marché du coin d'habitude", "le Garage du coin d'en face", "les Marchés publics d'ici"):
        assert organisations(text) == [], text


def test_a_numbered_branch_or_an_ordinal_unit_before_its_organisation():
    assert organisations("à la filiale 260 de la Fondation Lachance, on fait un café.") == [
        "filiale 260 de la Fondation Lachance"]
    assert organisations("la section no 12 de la FTQ") == ["section no 12 de la FTQ"]
    assert organisations("travailleur social au 24e Centre Bellemare à Valcartier.") == ["24e Centre Bellemare"]


@pytest.mark.skipif(not ner_available(), reason="spaCy's French model is not installed")
def test_a_numbered_branch_or_an_ordinal_unit_before_an_organisation_ner_found():
    assert organisations("Yeah, à la filiale 260 de la Légion royale canadienne, on fait un café.", use_ner=True) == [
        "filiale 260 de la Légion royale canadienne"]
    assert organisations("travailleur social au 24e Centre des services de santé des Forces canadiennes à Valcartier.",
                         use_ner=True) == ["24e Centre des services de santé des Forces canadiennes"]


def test_an_ordinal_or_a_number_before_other_words_stays_out():
    assert organisations("au 3e étage du CLSC de Verdun") == ["CLSC de Verdun"]
    assert organisations("la 2e fois au Centre Bellemare") == ["Centre Bellemare"]
    assert organisations("la section des Amis de la Montagne") == []


def test_a_pharmacy_owners_name_with_a_part_in_lower_case():
    assert organisations("pharmacien salarié chez Proxim Hyun-woo Lee à Brossard") == ["Proxim Hyun-woo Lee"]


def test_a_research_team_by_its_field_after_an_elided_article():
    text = "je suis agente de recherche pour l'Équipe de recherche en santé publique sur le vieillissement des communautés."
    assert organisations(text) == ["Équipe de recherche en santé publique sur le vieillissement des communautés"]


def test_a_research_team_in_lower_case_or_at_a_sentence_start_stays():
    for text in ("notre équipe de recherche sur les aînés a parlé", "L'équipe de recherche sur le terrain est partie."):
        assert organisations(text) == [], text


def places(text: str) -> list[str]:
    return [value for value, category in found(text) if category == "place"]


def test_a_street_named_with_its_particle_after_a_preposition():
    assert places("On est au bureau, juste en haut de de la Gauchetière, en plein centre.") == ["de la Gauchetière"]
    assert places("il reste sur de la Gauchetière depuis mai") == ["de la Gauchetière"]


def test_a_stutter_before_a_common_word_or_a_name_stays_no_street():
    for text in ("le ministère de de la Santé a dit non", "on parlait de de la Fontaine hier", "il compte sur du Monde"):
        assert places(text) == [], text


def test_a_name_then_its_acronym_in_apposition():
    text = "coordonnateur régional pour Soutien social blessures de stress opérationnel, euh, le SSBSO. Je viens de loin."
    assert organisations(text) == ["Soutien social blessures de stress opérationnel", "SSBSO"]


def test_a_condition_or_a_kind_before_its_acronym_stays_no_name():
    assert organisations("J'ai le Trouble du spectre de l'autisme, le TSA.") == []
    assert organisations("Elle va au Centre local de services communautaires, le CLSC.") == []
    assert organisations("on a parlé de Soutien pis de stress, le SSBSO.") == ["SSBSO"]     # the acronym alone


def test_an_english_place_by_its_head_after_a_word_that_is_no_first_name():
    assert places("Je viens de Corner Brook à l'origine, ça s'entend.") == ["Corner Brook"]


def test_a_person_with_an_english_head_as_surname_stays_no_place():
    assert places("le metteur en scène Peter Brook, pis Daniel Hill") == []


def test_a_country_of_central_asia_by_its_ending():
    assert places("Maxime a été en Afghanistan deux fois, pis au Pakistan") == ["Afghanistan", "Pakistan"]


def test_a_word_ending_like_a_country_in_lower_case_or_without_a_preposition_stays():
    assert places("le stan de la foire, pis Istanbul") == []


def test_a_town_of_several_words_ending_in_ville():
    assert places("les familles qui arrivent de Hô Chi Minh-Ville ou de Guangzhou, t'sais.") == [
        "Hô Chi Minh-Ville", "Guangzhou"]


def test_a_moving_company_or_stables_by_their_kind():
    assert organisations("Il travaille maintenant pour Déménagement Lachance Express, ils engagent des vétérans") == [
        "Déménagement Lachance Express"]
    assert organisations("la ferme équestre, les Écuries Chevaux d'espoir, c'est une madame qui s'en occupe") == [
        "Écuries Chevaux d'espoir"]


def test_an_elided_adverb_or_a_word_going_on_after_a_business_stays_out():
    assert organisations("on allait au Garage Dubois d'habitude.") == ["Garage Dubois"]
    assert organisations("à la Ferme Dubois d'autrefois.") == ["Ferme Dubois"]
    assert organisations("les Écuries Chevaux d'espoir pis de courage") == []


def test_a_known_name_heard_in_part_of_a_listed_hyphenated_place_is_the_place():
    index = NameIndex.build({"P03": "Jae-won Park", "P05": "Josée Laval"})

    def rows(text: str) -> list[tuple[str, str]]:
        return [(d.original, d.category) for row in detect_texts([text], index, "fr", use_ner=False) for d in row]

    assert rows("je suis moniale à la pagode dans Parc-Extension.") == [("Parc-Extension", "place")]
    assert rows("Laval est venue de Laval-des-Rapides") == [("Laval", "known"), ("Laval-des-Rapides", "place")]
    assert ("Park", "known") in rows("il habite à Parc-Extension, Park est là")


def test_the_legion_and_veterans_affairs_by_their_listed_names():
    assert organisations("Yeah, à la filiale 260 de la Légion royale canadienne, on fait un café.") == [
        "filiale 260 de la Légion royale canadienne"]
    assert organisations("Et l'agent d'ACC, monsieur Delorme, aussi.") == ["ACC"]


def test_the_acronym_in_lower_case_stays():
    assert organisations("acc, c'est correct, pis la légion d'honneur") == []


def test_a_listed_organisation_keeps_its_numbered_branch_after_a_comma():
    assert organisations("Mon fils travaille à la Légion royale canadienne, filiale 183 à Joliette, il fait le bar") == [
        "Légion royale canadienne, filiale 183"]
    assert organisations("à la Légion royale canadienne, filiale de Joliette") == ["Légion royale canadienne"]


def test_a_kind_and_a_coined_name_of_a_common_word_with_its_elided_noun():
    assert organisations("on a le Club de tai-chi Lotus d'or le matin") == ["Club de tai-chi Lotus d'or"]
    assert organisations("au Centre de jour Soleil d'automne, on joue aux cartes") == ["Centre de jour Soleil d'automne"]


def test_a_kind_and_a_common_word_before_an_adverb_or_at_a_sentence_start_stays():
    assert organisations("le Centre de jour Lundi d'abord") == []
    assert organisations("Club de lecture Lotus d'or le matin") == []
