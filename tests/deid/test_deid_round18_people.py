"""Deidentification rules for the study's known names and other people generalised from the twenty-fifth and
twenty-sixth held-out parts' misses (issue 13, round 18), each with the words that must stay: a known surname heard as
two lower-case words after the second half of a compound first name, a demonym never matched by sound to a known name,
and a first name at the head of a locution ("Grâce à") never named again."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import _demonym

INDEX = NameIndex.build({"P01": "Marie-Josée Vaillancourt", "P05": "Guerline Étienne", "P02": "Francis Gendron"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_known_surname_heard_in_two_after_a_compound_first_name():
    assert found("pis la sage-femme, Marie-Josée vaillant court, m'envoie des patientes") == [
        ("Marie-Josée vaillant court", "P01")]
    assert found("Francis jean dron est là") == [("Francis jean dron", "P02")]
    assert found("francis jean dron est là") == [("francis jean dron", "P02")]


def test_words_after_a_compound_first_name_that_do_not_sound_like_the_surname_stay():
    assert found("Marie-Josée va court vite") == [("Marie-Josée", "P01")]
    assert found("la sage-femme Marie-Josée vaillant courant") == [("Marie-Josée", "P01")]
    assert found("Marie-Josée, vaillant court vite") == [("Marie-Josée", "P01")]


def test_a_demonym_never_matches_a_known_name_by_sound():
    text = "une autre infirmière, Marie-Espérance Dorvil, une Haïtienne de Jacmel, vraiment patiente."
    assert ("Haïtienne", "P05") not in found(text) and ("Haïtienne", "P05") not in found(text, ner=True)
    assert all(_demonym(w) for w in ("Haïtienne", "Haïtiens", "Marocaines", "Chinoise", "Italiens"))


def test_a_known_name_misspelt_and_first_names_with_a_demonyms_ending_still_match():
    assert found("j'ai vu Étiene hier") == [("Étiene", "P05")]
    assert not any(_demonym(w) for w in ("Étienne", "Julienne", "Lucienne", "Gendron", "Bouchar"))


def test_a_first_name_heading_a_locution_is_not_named_again():
    rows = found(["c'est là que j'ai rencontré Victoire pis Grâce Mbuyi.", "Grâce à Grâce Mbuyi, on l'a convaincue.",
                  "Grâce au groupe, ça va mieux.", "Gloire à toi"])
    assert rows[1] == [("Grâce Mbuyi", "person")]
    assert rows[2] == [] and rows[3] == []


def test_the_first_name_stays_named_again_before_a_verb_or_after_the_locution():
    rows = found(["j'ai rencontré Grâce Mbuyi.", "Grâce à Grâce, on a fini.", "Après ça, Grâce a parlé.",
                  "Les réunions se faisaient chez Grâce, parce que"])
    assert rows[1] == [("Grâce", "person")]
    assert rows[2] == [("Grâce", "person")]
    assert ("Grâce", "person") in rows[3]
