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


def test_a_full_name_in_lower_case_whose_first_name_is_a_word_after_a_possessive_and_kin():
    text = "ma femme lise pis mon beau-frère normand larocque le gars à ti-paul me reconduisaient"
    assert ("normand larocque", "person") in found(text)


def test_words_after_kin_without_a_possessive_or_with_a_verb_stay():
    assert found("la fille rose tremblait") == []
    assert found("ma fille rose tremblait") == []
    assert found("mon fils normand conquérant") == []
    assert found("ma femme aime beaucoup les fleurs") == []


def test_a_first_name_that_is_a_word_after_ask_for():
    assert ("Sylvain", "person") in found("pour le transport adapté, c'est le 450 555-0147 poste 3312, demandez Sylvain.")
    assert ("Rose", "person") in found("vous pouvez demander Rose, elle sait.")


def test_a_capitalised_word_after_ask_for_that_is_no_first_name_stays():
    assert found("demandez Conseil, là-bas.") == []
    assert found("il faut demander Pardon.") == []
    assert found("demandez sylvain.") == []


def test_a_first_name_that_is_a_word_before_a_first_name_standing_alone():
    assert found("c'est là que j'ai rencontré Victoire pis Grâce.") == [("Victoire", "person"), ("Grâce", "person")]


def test_a_word_before_a_first_name_alone_after_a_determiner_or_opening_the_sentence_stays():
    assert found("on a eu la Victoire pis Grâce.") == [("Grâce", "person")]
    assert found("Victoire pis Grâce.") == [("Grâce", "person")]


def test_a_family_name_in_lower_case_after_chez_les_or_la_famille():
    assert found("chez les mukendi ils sont sept dans un quatre et demie") == [("mukendi", "person")]
    assert found("la famille kabeya est là") == [("kabeya", "person")]


def test_words_and_peoples_after_chez_les_or_la_famille_stay():
    for text in ("chez les autres c'est pareil", "chez les innus", "chez les jeunes", "la famille élargie",
                 "la famille monoparentale", "chez les congolais", "chez les ukrainiennes", "la famille nucléaire",
                 "la famille haïtienne", "chez les personnes âgées", "chez les wendat"):
        assert found(text) == [], text


def test_a_relatives_first_name_alone_in_lower_case_after_a_possessive_and_kin():
    assert found("ma femme lise pis mon beau-frère normand larocque le gars à ti-paul me reconduisaient")[:2] == [
        ("lise", "person"), ("normand larocque", "person")]


def test_words_after_kin_that_are_no_name_there_stay():
    for text in ("ma femme aime pas ça", "ma fille rose pis blanche", "mon fils aussi", "la femme lise un livre",
                 "ma femme, elle, a dit"):
        assert found(text) == [], text


def test_a_first_name_that_is_a_word_named_again_opening_a_sentence_before_a_verb():
    rows = found(["c'est là que j'ai rencontré Victoire pis Grâce.", "Victoire avait accouché d'une petite fille.",
                  "Victoire est totale.", "Victoire a été remportée.", "Victoire pas encore."])
    assert rows[1] == [("Victoire", "person")]
    assert rows[2] == [] and rows[3] == [] and rows[4] == []
    assert found("Victoire avait accouché d'une petite fille.") == []     # never named before: a word
