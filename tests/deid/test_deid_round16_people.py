"""Deidentification rules for the study's known names and other people generalised from the twenty-first and
twenty-second held-out parts' misses (issue 13, round 16), each with the words that must stay: a participant's first
name in lower case addressed before "t'sais" without the comma ASR drops ("francis t'sais moi je"), and a known surname
heard as two lower-case words right after the same person's first name ("francis jean dron" for Francis Gendron)."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P05": "Francis Gendron", "P04": "Hélène Beauchemin", "P01": "Rose Martin",
                         "P02": "Benoît Genest"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_first_name_in_lower_case_addressed_before_tsais():
    assert found("francis t'sais moi je connais une famille de même") == [("francis", "P05")]
    assert found("Oui. francis tu sais c'est pas simple") == [("francis", "P05")]


def test_fillers_and_words_before_tsais_stay():
    assert found("ben t'sais je sais pas") == []
    assert found("bon t'sais on a fait ce qu'on a pu") == []
    assert found("on parle français, t'sais, avec eux") == []
    assert found("pis francis t'sais") == []          # not at a sentence's start: nothing says "addressed"
    assert found("francis est venu") == []            # a first name that is a common word, with nothing saying "name"


def test_a_known_surname_heard_as_two_lower_case_words_after_the_first_name():
    assert found("pis le prof francis jean dron je pense il a parlé des classes") == [("francis jean dron", "P05")]
    assert found("francis gendron était là") == [("francis gendron", "P05")]


def test_two_words_stay_without_the_same_persons_first_name_before():
    assert found("le jean dron je sais pas") == []
    assert found("francis jean est venu hier") == []             # "jean" alone is no surname heard
    assert found("hélène jean dron") != [("hélène jean dron", "P04")]  # another person's first name
    assert found("francis et dron") == []                        # a connector is no half of a surname


def test_a_greeting_of_another_language_alone_is_nobody_with_ner():
    index = NameIndex.build({"P06": "Abdirahman Warsame"})
    assert found("Salam. Moi c'est Abdirahman Warsame.", index, ner=True) == [("Abdirahman Warsame", "P06")]


def test_the_same_word_as_a_name_stays_a_person_with_ner():
    index = NameIndex.build({"P06": "Abdirahman Warsame"})
    assert found("Salam Haddad est venue hier avec sa fille.", index, ner=True) == [("Salam Haddad", "person")]
    assert found("J'ai vu Salam hier.", index, ner=True) == [("Salam", "person")]


def test_an_aphasia_named_after_someone_is_nobody():
    assert found("présenter une aphasie de Broca par vidéo", ner=True) == []
    assert found("une aphasie de Wernicke", ner=True) == []


def test_the_same_surname_after_a_title_stays_a_person():
    assert found("le docteur Broca est venu", ner=True) == [("Broca", "person")]


def test_a_punjabi_given_name_by_its_ending():
    assert found("le gars à Harjit, Jaspreet, qui venait jouer") == [("Harjit", "person"), ("Jaspreet", "person")]
    assert found("Bref, pis Jaspreet a été placé deux semaines.") == [("Jaspreet", "person")]
    assert found("Mandeep et Sukhwinder sont venus.") == [("Mandeep", "person"), ("Sukhwinder", "person")]


def test_words_with_the_same_endings_stay():
    assert found("Esprit de corps, tout ça.") == []
    assert found("Il comprit. On a un Reminder sur le téléphone.") == []
    assert found("Le Cylinder est brisé, deep learning pis toute.") == []
    assert found("JASPREET") == []       # all capitals: an acronym's shape


def test_a_surname_after_a_compound_rank_stops_before_its_service():
    text = "Faque nous on a reçu un signalement du sergent-détective Lagrange du Service de police."
    assert ("Lagrange", "person") in found(text)
    assert all(not original.startswith("Lagrange ") for original, _ in found(text))
    assert found("on a parlé au lieutenant-détective Ouellet-Brisson hier") == [("Ouellet-Brisson", "person")]
    assert found("le sergent Gagnon de Lotbinière est venu") == [("Gagnon de Lotbinière", "person")]
    assert found("le juge Laterreur de La Durantaye est venu") == [("Laterreur de La Durantaye", "person")]


def test_a_compound_rank_before_a_word_stays():
    assert found("le sergent-détective Pis on est partis") == []
    assert found("la sergente-détective a appelé") == []


def test_initials_with_a_space_after_a_title():
    assert found("Un autre, monsieur R. L., je vais dire juste ses initiales.") == [("R. L.", "person")]
    assert found("madame J. P. Gagnon est là") == [("J. P. Gagnon", "person")]


def test_the_next_sentence_after_an_initial_stays_out():
    assert found("Le Dr A. Il est venu") == [("A", "person")]
    assert found("le Dr B. Elle est partie") == [("B", "person")]
    assert ("B", "person") in found("J'ai vu madame B. Montréal, c'est loin pour elle.")
    assert ("B. Montréal", "person") not in found("J'ai vu madame B. Montréal, c'est loin pour elle.")


def test_a_name_no_list_knows_before_its_role_between_commas():
    assert found("Pis Decontie, le chauffeur du transport adapté, il l'amenait.") == [("Decontie", "person")]
    assert found("Fortunat, un de mes patients, m'a dit une fois") == [("Fortunat", "person")]
    assert found("Ricci, c'est son nom de femme mariée, elle fait l'interprète.") == [("Ricci", "person")]


def test_words_places_and_brands_before_a_role_stay():
    assert found("Tylenol, un de mes médicaments") == []
    assert found("Alzheimer, un de mes patients l'a") == []
    assert found("Vraiment, le patient a dit") == []
    assert found("CLSC, la secrétaire nous a appelés") == []
    assert found("Zoom, c'est son nom de code") == []
    assert found("c'était un jeune de Havre-Aubert, le gars à Chevarie") == [
        ("Havre-Aubert", "place"), ("Chevarie", "person")]
    assert found("Gatineau, la jeune fille") == [("Gatineau", "place")]


def test_a_saints_surname_in_lower_case_after_a_compound_first_name():
    assert found("moi c'est ma cheffe marie-claude saint-onge qui m'a inscrite") == [("marie-claude saint-onge", "person")]
    assert found("pierre-luc st-amour est venu") == [("pierre-luc st-amour", "person")]


def test_a_town_after_de_stays_a_town():
    assert found("marie-claude de saint-jérôme est venue") == [("marie-claude", "person"), ("saint-jérôme", "place")]
    assert ("marie-claude", "person") in found("marie-claude, saint-jérôme c'est loin pour elle")


def test_a_greek_surname_by_its_ending():
    text = "Moi j'ai présenté un monsieur d'origine grecque, Kostas Papanikolaou, qui vient d'Athènes."
    assert ("Kostas Papanikolaou", "person") in found(text)
    assert found("Georgakis et Charalambidis sont venus.") == [("Georgakis", "person"), ("Charalambidis", "person")]


def test_a_known_greek_surname_stays_the_participants_and_words_stay():
    index = NameIndex.build({"P04": "Dimitri Papadopoulos"})
    assert found("Papadopoulos a parlé en premier.", index) == [("Papadopoulos", "P04")]
    assert found("La Papauté pis le Papayer, c'est pas pareil.") == []


def test_a_name_between_commas_after_a_role_and_la():
    assert found("Ce garçon-là, Tanvir, la famille vient du Bangladesh.") == [("Tanvir", "person")]


def test_words_and_places_after_a_role_and_la_stay():
    assert found("Ce patient-là, Vraiment, c'était dur.") == []
    assert found("Cette dame-là, Montréal, elle connaît pas.") == [("Montréal", "place")]
    assert found("Ce gars-là, Lui, il est fin.") == []


def test_a_first_name_taken_back_over_before_a_surname_is_found_again_in_the_session():
    rows = found(["J'ai présenté un monsieur d'origine grecque, Kostas Papanikolaou, qui vient d'Athènes.",
                  "Kostas voulait absolument retourner travailler."])
    assert ("Kostas Papanikolaou", "person") in rows[0]
    assert rows[1] == [("Kostas", "person")]


def test_a_word_before_a_surname_is_not_found_again():
    rows = found(["Il m'a dit: Merci Papanikolaou, vous êtes fin.", "Merci pour tout, c'était bien."])
    assert rows[1] == []
