"""Deidentification rules generalised from the seventh held-out part's misses (issue 13, round 4), each with the
words that must stay: organisations named whole (an article inside the name, councils and nations, churches and
parishes, businesses by their kind or legal form, acronyms introduced as organisations), names with an apostrophe or
a capitalised particle, full names in lower case, hyphenated Vietnamese given names, places after a preposition, and
NER's and the title rule's false names."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": ["Jean-François Côté", "Jeff"], "P02": "Marisol Quintero", "P03": "Luc Tessier"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_kind_with_an_article_inside_its_name_is_one_organisation():
    assert found("Je travaille à la Maison Le Phare-Bleu depuis mai.") == [("Maison Le Phare-Bleu", "organisation")]
    assert found("Elle vit à la Résidence Les Jardins, pis lui à la Maison La Traverse.") == [
        ("Résidence Les Jardins", "organisation"), ("Maison La Traverse", "organisation")]
    # A kind in lower case, or an article with nothing capitalised after it, names nothing.
    assert found("Elle est rentrée à la maison Le soir même. La Maison Le fait.") == []


def test_councils_and_nations_are_named_whole():
    assert found("Le Conseil de la Nation Atikamekw aide pour le transport.") == [
        ("Conseil de la Nation Atikamekw", "organisation")]
    assert found("On parle au Grand Conseil des Cris pis au Conseil des Atikamekw de Wemotaci.") == [
        ("Grand Conseil des Cris", "organisation"), ("Conseil des Atikamekw de Wemotaci", "organisation")]
    # The name stops before a first name or a common word after it.
    assert found("Au Conseil de la Nation Marie a parlé, pis le Conseil de la Nation Atikamekw Merci.") == [
        ("Conseil de la Nation", "organisation"), ("Conseil de la Nation Atikamekw", "organisation")]


def test_businesses_by_their_kind_or_legal_form():
    assert found("Je travaille chez Transport Bellemare et fils les fins de semaine.") == [
        ("Transport Bellemare et fils", "organisation")]
    assert found("Chez Lavoie et associés, pis chez Bouchard inc., pis Gagnon ltée.") == [
        ("Lavoie et associés", "organisation"), ("Bouchard inc.", "organisation"), ("Gagnon ltée", "organisation")]
    assert found("Il a appelé le Groupe Lemaire, Construction Dubois pis la Pharmacie Bouchard et Lemieux.") == [
        ("Groupe Lemaire", "organisation"), ("Construction Dubois", "organisation"),
        ("Pharmacie Bouchard et Lemieux", "organisation")]
    # Words, not names: a kind before a common word or a preposition, a legal form after words.
    assert found("Le transport de Marie. Le Groupe de soutien aussi. Merci et bravo. Un groupe Lemaire.") == []
    assert found("Transport adapté, Construction neuve, Garage fermé, mon père et fils.") == []


def test_churches_and_parishes_are_named_whole():
    assert found("Le pasteur de l'Église baptiste évangélique de Shawinigan venait la voir.") == [
        ("Église baptiste évangélique de Shawinigan", "organisation")]
    assert found("Le service était à la paroisse Saint-Joseph, pis à l'église Sainte-Anne-de-Beaupré.") == [
        ("paroisse Saint-Joseph", "organisation"), ("église Sainte-Anne-de-Beaupré", "organisation")]
    assert found("Elle allait à l'église le dimanche, à la paroisse aussi.") == []


def test_an_acronym_introduced_as_an_organisation():
    assert found("Elle est médecin au CHAUR, pis l'OFQJ a payé l'échange.") == [
        ("CHAUR", "organisation"), ("OFQJ", "organisation")]
    # Common acronyms of care, diseases, files and software; a word in capitals; an acronym without a determiner.
    assert found("Au CLSC, la MPOC, le TDAH, le CHSLD, les EHPAD, le JSON, le TEXTE, le DOCX. CHAUR a appelé.") == []
    # "AUTHORS": no determiner inside a word in capitals.
    assert found("THE AUTHORS OR COPYRIGHT HOLDERS") == []


def test_names_with_an_apostrophe():
    assert found("Le Dr Kevin O'Brien était là. Oui, O'Brien parlait anglais.") == [
        ("Kevin O'Brien", "person"), ("O'Brien", "person")]
    assert found("On a vu Kevin O'Brien, pis N'Diaye, pis madame D'Amours, pis Mamadou D'Amours.") == [
        ("Kevin O'Brien", "person"), ("N'Diaye", "person"), ("D'Amours", "person"), ("Mamadou D'Amours", "person")]
    # French elisions are no names: "D'accord", "D'Abord" at a sentence start, "n'importe", "N'Est".
    assert found("D'accord. D'Abord on commence. Il n'importe pas. O'. N'Est-ce pas?") == []


def test_a_surname_with_a_capitalised_particle_alone():
    texts = ["Mon tuteur c'était le docteur Aurélien Dos Santos.", "Dos Santos faisait du télémentorat."]
    assert found(texts) == [("Aurélien Dos Santos", "person"), ("Dos Santos", "person")]
    assert found("On a parlé avec Da Silva, pis Van der Berg, pis De Grandpré.") == [
        ("Da Silva", "person"), ("Van der Berg", "person"), ("De Grandpré", "person")]
    # "De", "Du" at a sentence start are prepositions; a common word after the particle is no name.
    assert found("De Laval on est partis. Du Pain et des jeux. Il aime Du Vin.") == [("Laval", "place")]


def test_a_full_name_in_lower_case_as_asr_writes_it():
    assert found("mon collègue steeve bélanger a manqué trois séances") == [("steeve bélanger", "person")]
    assert found("pis avec nadia ouellet on a fait le plan") == [("nadia ouellet", "person")]
    # A first name that is a word, a word after the name, English prose, a known name (find_known_names decides).
    assert found("la pierre angulaire, julie est là, marie dit oui") == []
    assert found("so a kill loses nothing, any callable, a time without a key") == []


def test_hyphenated_vietnamese_given_names():
    texts = ["C'est ma collègue Thu-Trang Nguyen qui m'a inscrite.", "Thu-Trang m'a dit que ça m'aiderait."]
    assert found(texts) == [("Thu-Trang Nguyen", "person"), ("Thu-Trang", "person")]
    assert found("Nguyen Thu-Trang est venue.") == [("Nguyen Thu-Trang", "person")]
    # Given names that are common words are no Vietnamese names.
    assert found("Nguyen Bon-Matin, pis Porte-Parole Tran.") == []


def test_a_place_after_a_preposition_of_place():
    # (Round 7: the surname in lower case right after the title is a person too.)
    assert found("le docteur haddad de louiseville, le fils") == [("haddad", "person"), ("louiseville", "place")]
    assert found("Mes parents sont arrivés de Campobasso. J'ai travaillé à Jacmel, pis près de Thiers.") == [
        ("Campobasso", "place"), ("Jacmel", "place"), ("Thiers", "place")]
    # Words, first names, software, drugs, diseases, names in mixed case, a longer name, lower-case words that are
    # listed towns but common words, and English "a".
    assert found("de paris, à Zoom, de Word, de Tylenol, de Parkinson, de REDCap, à Notre Dame, a busy day") == []
    assert found("Je parle à Julie.") == [("Julie", "person")]


def test_a_title_before_a_particle_and_an_acronym_is_a_workplace():
    assert found("l'infirmière du CLSC comprenait pas, pis l'infirmière de l'OFQJ non plus.") == [
        ("OFQJ", "organisation")]
    assert found("madame de la Fontaine est venue.") == [("de la Fontaine", "person")]


def test_ner_disease_acronyms_greetings_and_a_determiner_are_no_names():
    if not deid_entities.ner_available():
        pytest.skip("the French NER model is not installed")
    texts = ["Kwei. Moi c'est Jocelyne.", "C'est un patient qui avait une SLA, pis la SEP, pis la MPOC.",
             "La dame voulait rester avec nous autres.", "Elle appelait à la Maison dix fois par jour."]
    found_ner = [d.original for row in detect_texts(texts, INDEX, "fr") for d in row]
    assert not {"Kwei", "SLA", "SEP", "MPOC", "La dame", "Maison"} & set(found_ner)
    assert "Jocelyne" in found_ner


def test_a_first_name_that_is_a_word_listed_before_a_full_name():
    assert found("On a Marguerite pis Simon Awashish qui font les visites.") == [
        ("Marguerite", "person"), ("Simon Awashish", "person")]
    assert found("Rose, Paul Tremblay pis moi.") == [("Rose", "person"), ("Paul Tremblay", "person")]
    # After a determiner, or in lower case, it is a word; a filler is none.
    assert found("Une marguerite pis Simon Awashish. Une Marguerite et Paul Tremblay. Merci et Paul Tremblay.") == [
        ("Simon Awashish", "person"), ("Paul Tremblay", "person"), ("Paul Tremblay", "person")]
