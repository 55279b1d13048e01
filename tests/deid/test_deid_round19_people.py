"""Deidentification rules for the study's known names and other people generalised from the twenty-seventh and
twenty-eighth held-out parts' misses (issue 13, round 19), each with the words that must stay: Yiddish and Hebrew
first names, a holy day and a disease named after someone never taken by NER for a person."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.words import first_names

INDEX = NameIndex.build({"P01": "Miriam Goldstein", "P02": ["Gregory MacLeod", "Greg"], "P05": "Marites Dela Cruz"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_yiddish_and_hebrew_first_names_are_listed():
    assert {"moishe", "shmuel", "rivka", "yitzchak", "mendel"} <= first_names()
    assert found("au centre de jour on a eu la même affaire avec Moishe, ben, son fils") == [("Moishe", "person")]


def test_words_stay_beside_the_new_first_names():
    assert found("on a parlé du sabbat avec le rabbin, pis de la chala du vendredi") == []
    assert found("la mendel, ça n'existe pas") == []


@pytest.mark.parametrize("ner", [False, True])
def test_a_holy_day_and_a_disease_named_after_someone_are_nobody(ner):
    text = "Ils répondaient vite, même le vendredi avant Shabbat, pis pendant Hanoukka."
    assert found(text, ner=ner) == []
    text = "juste l'âge pis le diagnostic, genre Alzheimer, Parkinson, démence à corps de Lewy."
    assert found(text, ner=ner) == []


def test_a_gaelic_surname_with_its_prefix_apart_as_heard():
    assert found("le numéro de l'infirmier, Greg Mc Loud, au poste") == [("Greg Mc Loud", "P02")]
    assert found("chez Mc Leod pis le Mac Loud de tantôt") == [("Mc Leod", "P02"), ("Mac Loud", "P02")]


def test_a_mac_that_is_a_word_or_another_gaelic_surname_stays():
    assert found("un mac loud pis un vieux pc") == []
    assert ("Mc Donald", "P02") not in found("Elle a vu Mc Donald hier")
    assert found("la mc leod") == []            # lower case: no capital says "name"
    assert found("Mc Lo est venu") == []        # too short to be heard as the surname


def test_a_particle_surname_in_three_lower_case_words_after_the_same_persons_first_name_or_a_title():
    text = "sinon la préposée marites de la cruz elle est en or, elle lui apporte une rose"
    assert found(text) == [("marites de la cruz", "P05")]
    assert found("madame de la cruz est là") == [("de la cruz", "P05")]


def test_a_particle_and_a_word_after_neither_the_first_name_nor_a_title_are_not_joined():
    assert ("de la cruz", "P05") not in found("une croix de la cruz")
    assert ("de la cruz", "P05") not in found("on parle de la cruz de tantôt")
    assert found("vu marites hier, de la cruz") == [("marites", "P05"), ("cruz", "P05")]


@pytest.mark.parametrize("ner", [False, True])
def test_an_irish_surname_in_lower_case_after_a_first_name(ner):
    text = "c'est pour ça que le docteur kevin o'brien de Sherbrooke a fait sa présentation"
    assert ("kevin o'brien", "person") in found(text, ner=ner)
    assert ("Siobhan o’neill", "person") in found("Siobhan o’neill est venue", ner=ner)


def test_o_clock_or_a_short_word_after_a_first_name_stays_out():
    assert ("Kevin", "person") in found("on a vu Kevin o'clock")
    assert found("Kevin o'la")[0] == ("Kevin", "person")
    assert found("le gars o'brien") == []       # no first name before it


INDEX_28 = NameIndex.build({"P06": "Bích Ngọc Phan", "P03": "Marie-Ève Roy", "M1": "Karine Veilleux"})


def test_two_given_names_each_misheard_by_one_letter():
    assert found("Mon nom c'est Bích Ngọc, mais les Québécois disent bic noc, c'est pas grave.", INDEX_28) == [
        ("Bích Ngọc", "P06"), ("bic noc", "P06")]
    assert found("Bic Noc est là", INDEX_28) == [("Bic Noc", "P06")]


def test_french_words_near_two_given_names_stay():
    assert found("un bic noir pis le bic noc", INDEX_28) == []
    assert found("big rock", INDEX_28) == []                  # another first letter
    assert found("bic Noc", INDEX_28) == []                   # not the same case


def test_initials_after_the_infinitive_of_call():
    text = "un monsieur de quatre-vingt-sept ans, que je vais appeler B.S., arrivé de Saint-Pétersbourg"
    assert ("B.S.", "person") in found(text)
    assert found("je l'appellerai R.T. dans le rapport") == [("R.T.", "person")]


def test_words_after_the_infinitive_of_call_stay():
    assert found("il faut appeler le 811, pis appeler la pharmacie") == []
    assert not any(category == "person" for _, category in found("on va appeler Info-Santé"))
    assert found("je vais appeler P.S. je t'aime") == []


def test_a_family_name_after_a_child_or_an_in_law_and_des():
    text = "Ginette! Ah oui la fille des Poulin du rang Saint-Joseph à Saint-Côme-Linière."
    assert ("Poulin", "person") in found(text)
    assert found("la fille des Bouchard.") == [("Bouchard", "person")]


def test_places_peoples_plurals_and_words_after_kin_and_des_stay_no_person():
    for text in ("la fille des Îles", "les enfants des Premières Nations", "le fils des Italiens", "les enfants des Fêtes",
                 "le gars des Forges", "la fille des Pompiers", "les enfants des Autochtones", "la fille des Laurentides",
                 "le fils des Voisins", "la fille des Cantons de l'Est"):
        assert not any(category == "person" for _, category in found(text)), text
