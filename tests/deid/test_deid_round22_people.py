"""Deidentification rules for the study's known names and other people generalised from the thirty-third and
thirty-fourth held-out parts' misses (issue 13, round 22), each with the words that must stay: a romanised given name's
lower-case second syllable after its hyphen, a known first name then the same person's surname as ASR heard it, a name
corrected after "euh", and an adjective put first before the person it is said of."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Thanh Vo", "P02": "Mei-Ling Chow", "P03": "Nadine Cormier"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


@pytest.mark.parametrize("ner", [False, True])
def test_a_romanised_given_names_second_syllable_in_lower_case(ner):
    assert ("Lee Hye-jin", "person") in found("Bref, sa femme, Lee Hye-jin, elle vient de Busan.", ner=ner)
    assert ("Kim Dong-hyun", "person") in found("C'est le pasteur Kim Dong-hyun qui fait le lien.", ner=ner)
    assert found("Wai-kit, le monsieur du club, son prénom c'est Wai-kit, il est veuf.", ner=ner)[0] == (
        "Wai-kit", "person")


def test_a_clitic_after_a_name_stays_out_of_it():
    assert found("C'est Jean-Luc Roy-là qui l'a dit") == [("Jean-Luc Roy", "person")]
    assert ("Mei-Ling Chow", "P02") in found("Pis Mei-Ling Chow-tu viens?")
    assert found("Alors, dit-il, on commence.") == []


@pytest.mark.parametrize("ner", [False, True])
def test_a_known_first_name_then_the_same_persons_surname_as_heard(ner):
    assert ("Thanh Veau", "P01") in found("Dis bonjour à Thanh Veau de ma part.", ner=ner)
    assert ("Nadine Cormié", "P03") in found("Pis Nadine Cormié est arrivée.", ner=ner)


def test_another_surname_after_a_known_first_name_is_another_person():
    assert found("Thanh Tremblay est là") == [("Thanh Tremblay", "person")]
    # A word that sounds like nobody's surname here stays out of the name.
    assert ("Thanh", "P01") in found("Dis à Thanh Merci pour tout.")


@pytest.mark.parametrize("ner", [False, True])
def test_a_name_corrected_after_euh_is_the_same_person(ner):
    assert found("il y avait le docteur Beau Champ, euh Beauchamp, le médecin", ner=ner) == [
        ("Beau Champ", "person"), ("Beauchamp", "person")]
    assert ("Lebrun", "person") in found("la docteure Le Brun, euh Lebrun, elle nous suivait", ner=ner)


def test_a_different_word_after_euh_stays_what_it_is():
    assert found("le docteur Tremblay, euh Montréal, le médecin") == [("Tremblay", "person"), ("Montréal", "place")]
    assert found("le docteur Beau Champ, euh Champlain") == [("Beau Champ", "person"), ("Champlain", "place")]
    assert found("le docteur Roy, euh Lundi") == [("Roy", "person")]


@pytest.mark.parametrize("ner", [False, True])
def test_an_adjective_put_first_before_the_person_it_is_said_of_is_no_name(ner):
    assert found("Lucky, ta grand-mère, d'avoir eu autant de monde autour.", ner=ner) == []
    assert found("Lucky, ta mère, de pouvoir compter sur eux.", ner=ner) == []


def test_a_name_in_apposition_to_a_relative_stays_a_name():
    assert ("lucky", "person") in found("non. lucky, le petit-fils de madame Gendron, c'était son seul ami")
    assert found("Jocelyne, ma sœur, elle vient") == [("Jocelyne", "person")]
    assert ("Lucky", "person") in found("Merci à Lucky, ta grand-mère, d'avoir eu la patience")


@pytest.mark.parametrize("ner", [False, True])
def test_a_listed_places_name_before_a_surname_of_another_origin_mid_sentence(ner):
    # "Sunny" is also a listed place; before "Tran" mid-sentence, after no word leading to a place, a first name.
    assert ("Sunny Tran", "person") in found("Il y a Sunny Tran qui anime le mahjong.", ner=ner)


def test_a_listed_place_after_a_word_that_leads_to_a_place_stays_no_first_name():
    assert not any(category == "person" for _, category in found("On est allés à Sunny Tran a ouvert"))
    assert not any(category == "person" for _, category in found("Il vient de Laval Nguyen était là"))


def test_a_first_name_named_in_the_session_again_at_a_sentences_start_before_a_verb():
    assert found("Nos enfants, Léa pis Thomas, quatorze ans. Léa voit une psychologue privée.").count(
        ("Léa", "person")) == 2


def test_a_word_at_a_sentences_start_stays_without_the_name_in_the_session():
    assert found("Léa voit une psychologue privée.") == []


@pytest.mark.parametrize("ner", [False, True])
def test_a_lower_case_name_no_list_knows_after_the_mother_or_the_son(ner):
    assert ("kateryna", "person") in found("pis la mère kateryna a peur qu'il reparte là-bas", ner=ner)
    assert ("oleksandra", "person") in found("le fils oleksandra, euh, la fille oleksandra pis le reste", ner=ner)


def test_what_the_mother_or_the_son_is_stays_after_them():
    for text in ["la mère supérieure a dit", "le père inquiet a appelé", "le fils aîné a dit", "la mère porteuse a",
                 "le père noël a", "la mère biologique a dit", "mon chum pompier a dit", "le père lui a dit",
                 "le fils unique a", "sa femme enceinte a", "la mère adoptive pis le père"]:
        assert found(text) == [], text


@pytest.mark.parametrize("ner", [False, True])
def test_a_surname_the_session_names_in_lower_case_after_a_word_of_kin_and_a(ner):
    texts = ["c'est une madame Boulanger qui s'en occupe, pas un boulanger là, son nom c'est Boulanger.",
             "le gars à boulanger c'est mario lavoie un ancien adjudant"]
    assert ("boulanger", "person") in found(texts, ner=ner)[1]


def test_the_word_after_a_word_of_kin_and_a_stays_without_the_name_in_the_session():
    assert found(["le gars à boulanger est là"]) == [[]]
    # The session names "Côté", but "le gars à côté" is a locution.
    assert found(["C'est le docteur Côté qui suit.", "le gars à côté pis la fille à côté"])[1] == []


@pytest.mark.parametrize("ner", [False, True])
def test_two_initials_after_le_that_the_sentence_says_who_they_are(ner):
    assert ("R.M.", "person") in found("Pis le R.M. dans les notes du CLSC, c'était Thomas Beaulieu, le préposé.",
                                       ner=ner)


def test_initials_that_the_sentence_does_not_name_or_that_say_something_stay():
    assert found("le R.M. dans les notes, on sait pas qui") == []
    assert found("le P.Q., c'était Lévesque") == []
    assert found("la T.V. c'est Samsung") == []
    # The name in another sentence says nothing of them.
    assert ("R.M.", "person") not in found("Le R.M. est loin. C'était Thomas qui le disait.")


@pytest.mark.parametrize("ner", [False, True])
def test_a_french_surname_heard_as_a_capitalised_head_and_a_noun_after_a_title_or_a_rank(ner):
    assert ("Bois vert", "person") in found("par Kevin pis l'adjudant Bois vert, un ami de la légion", ner=ner)
    assert ("Bois vert", "person") in found("par Kevin pis monsieur Bois vert, un ami", ner=ner)
    assert ("Beau chemin", "person") in found("pis le sergent Beau chemin est venu", ner=ner)


def test_a_head_and_a_noun_stay_without_a_title_or_a_rank_or_with_a_wish():
    assert found("le Bois vert du parc est beau") == []
    assert ("Bon matin", "person") not in found("monsieur Bon matin")


def test_a_name_after_le_pere_and_before_what_the_person_is_of():
    assert found("Pis la famille. Le père Taras de la paroisse ukrainienne m'avait appelé.") == [("Taras", "person")]


def test_after_le_pere_a_word_a_place_a_holiday_or_no_de_stay():
    assert found("Le père Québec de la chanson") == [("Québec", "place")]
    assert found("la mère Supérieure de la communauté") == []
    assert found("le fils Wesner vit") == []
