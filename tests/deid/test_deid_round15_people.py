"""Deidentification rules for the study's known names and other people generalised from the nineteenth and twentieth
held-out parts' misses (issue 13, round 15), each with the words that must stay: a known surname heard as a capitalised
article and a word ("C'est Du Pré" for Duperré), a known surname heard as two lower-case words as the subject of a verb
("mais bois vert y connaît"), a disease named after someone by its kind ("la dystrophie de Duchenne" is no Duchesne),
a surname heard as "des"/"du" and a word after a title ("la docteure des chênes"), a family name that is a word after
"les" without the plural's -s ("c'est les Flamand"), and a first name the session named in full said again in lower
case as the subject of a verb ("pourquoi tommy se présentait")."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Chantal Duperré", "P02": "Luc Boisvert", "I01": "Nadia Duchesne"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_known_surname_heard_as_a_capitalised_article_and_a_word():
    assert found("C'est Du Pré, hein, ton nom de famille?") == [("Du Pré", "P01")]
    assert found("On en a parlé avec Du Perré hier.") == [("Du Perré", "P01")]


def test_an_article_and_a_word_stay_words_without_the_capitals_or_a_close_known_name():
    assert found("c'est du pré, hein, pas du champ") == []
    assert found("Du Pré au champ, on a marché.") == []        # the capital at a sentence's start says nothing
    assert found("On mange Du Pain, le dimanche.") == []       # no known name sounds like it
    assert found("la plante Le Pré est verte") == []           # after a determiner


def test_a_known_surname_heard_as_two_lower_case_words_as_a_subject():
    assert found("c'est rare mais bois vert y connaît du monde partout") == [("bois vert", "P02")]
    assert found("pis bois vert est venu lundi") == [("bois vert", "P02")]


def test_two_lower_case_words_stay_words_as_a_thing():
    assert found("mais le bois vert y pousse mal") == []
    assert found("du bois vert y en a plein") == []
    assert found("mais bois vert pis sec, ça brûle mal") == []     # no verb after


def test_a_disease_named_after_someone_by_its_kind_is_no_known_name():
    assert found("Comme pour la dystrophie de Duchenne ou l'amyotrophie spinale.") == []
    assert found("une ataxie de Friedreich, une paralysie de Bell") == []
    # The interviewer's name elsewhere stays hers.
    assert found("Madame Duchesne a posé la question.") == [("Duchesne", "I01")]


def test_a_surname_heard_as_des_or_du_and_a_word_after_a_title():
    assert found("c'est la docteure des chênes qui les suit") == [("des chênes", "person")]
    assert found("le docteur du bois m'a rappelé") == [("du bois", "person")]
    assert found("avec Guylaine des jardins de la clinique") == [("Guylaine des jardins", "person")]


def test_des_or_du_and_a_word_stay_words_without_a_listed_surname():
    assert found("la docteure des urgences m'a rappelé") == []
    assert found("le docteur du village est parti") == []
    assert found("il coupe du bois pis des chênes") == []
    assert found("avec Guylaine des ressources humaines") == [("Guylaine", "person")]


def test_a_family_name_that_is_a_word_after_les_without_the_plural_s():
    assert ("Flamand", "person") in found("Non attends, c'est les Flamand, ils sont à Manawan.")
    assert found("on a soupé chez les Flamand hier") == [("Flamand", "person")]


def test_the_people_after_les_with_the_plural_or_at_a_sentences_start_stay():
    assert found("Non attends, c'est les Flamands, ils parlent néerlandais.") == []
    assert found("Les Flamand sont venus.") == []
    assert found("On a vu les Belges pis les Français.") == []


def test_a_first_name_named_in_full_said_again_in_lower_case_as_a_subject():
    rows = found(["Le jeune, appelons-le Tommy Boivin-Ottawa, avait des conditions.",
                  "j'ai compris pourquoi tommy se présentait jamais le lundi"])
    assert rows[1] == [("tommy", "person")]
    assert found(["Tommy Boivin-Ottawa est venu.", "mais tommy est reparti"])[1] == [("tommy", "person")]


def test_a_lower_case_first_name_stays_without_the_full_name_or_a_verb():
    # Not named in full in the session: nothing to say it again.
    assert found("j'ai compris pourquoi tommy se présentait jamais") == []
    # Named, but no clause opening before or no verb after.
    assert found(["Tommy Boivin-Ottawa est venu.", "le chandail tommy se vend bien"])[1] == []
    assert found(["Tommy Boivin-Ottawa est venu.", "pourquoi tommy hilfiger"])[1] == []
    # An adjective that is a first name stays ("Rose Tremblay", then "pourquoi rose est…" is the colour's talk).
    assert found(["Rose Tremblay est venue.", "pourquoi rose est sa couleur"])[1] == []
