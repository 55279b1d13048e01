"""Deidentification rules for the study's known names and other people generalised from the twenty-third and
twenty-fourth held-out parts' misses (issue 13, round 17), each with the words that must stay: a known surname heard as
"des" and a plural word opening a clause before a verb in the singular ("des jardins y va" for Desjardins), an eponym
syndrome, a first name that is a word before a surname, a name after a title, a first name again after "là", a compound
first name in lower case after a role, an apposed name in lower case, a nickname after a relation, a sign name."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P05": "Raymond Desjardins", "P03": "Geneviève Lussier"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_surname_heard_as_des_and_a_plural_word_before_a_singular_verb():
    assert found("On fait les soirées de jeux. des jardins y va tout le temps.") == [("des jardins", "P05")]
    assert found("pis des jardins a dit que c'était correct") == [("des jardins", "P05")]
    assert found("Oui. des jardins est venu avec nous") == [("des jardins", "P05")]


def test_gardens_stay_with_a_plural_verb_after_a_noun_or_without_a_verb():
    assert found("Au village, des jardins y poussent partout.") == []
    assert found("Oui. des jardins y en a partout") == []
    assert found("le gardien des jardins a fermé la porte") == []     # "de les" after a noun
    assert found("la plupart des jardins est fermée l'hiver") == []
    assert found("On a visité des jardins. des jardins communautaires surtout.") == []
    assert found("Caisse Desjardins", ner=False) != [("Caisse Desjardins", "P05")]


def test_a_syndrome_named_after_someone_is_nobody():
    text = "Antonopoulos m'avait dit que les cas de Ménière pis les Usher, ça se discutait ben mieux en groupe."
    assert ("Usher", "person") not in found(text) and ("Usher", "person") not in found(text, ner=True)
    assert ("Ménière", "person") not in found(text, ner=True)
    assert found("le syndrome d'Usher de type 2", ner=True) == []


def test_a_first_name_that_is_a_word_before_a_surname_that_is_a_listed_first_name():
    assert ("Sage McKenzie", "person") in found("Sophie nous les a adaptées en innu-aimun avec Sage McKenzie.")


def test_a_capitalised_word_after_a_determiner_or_de_stays_out_of_the_name():
    assert ("Sage McKenzie", "person") not in found("on a parlé du Sage McKenzie hier")
    assert found("il a été très sage avec McKenzie") != [("sage avec McKenzie", "person")]
    assert ("Aube Julie", "person") not in found("on travaille avec Aube Julie")   # no inner capital: a first name


def test_a_name_after_a_title_is_a_person_and_its_first_name_alone_again():
    rows = found(["Ben c'est la docteure Rosée Lamarche qui m'a inscrite.",
                  "Rosée voulait qu'on ait des cas de l'extérieur.", "la rosée du matin était belle"])
    assert rows == [[("Rosée Lamarche", "person")], [("Rosée", "person")], []]


def test_a_first_name_again_in_lower_case_after_the_adverb_la():
    rows = found(["Ma fille, Valentina, elle a seize ans.", "pis là valentina a commencé à parler",
                  "pis la valentina a commencé"])
    assert rows[1] == [("valentina", "person")]
    assert rows[2] == []                      # after the article "la", a thing's name


def test_a_compound_first_name_in_lower_case_after_a_role_with_its_surname_before_a_verb():
    rows = found(["ma collègue marie-soleil bacon travaille avec les familles",
                  "Bacon a présenté un cas à la troisième séance."])
    assert rows == [[("marie-soleil bacon", "person")], [("Bacon", "person")]]
    assert found("ma collègue marie-soleil veut lui parler") == [("marie-soleil", "person")]   # "veut" is no surname
    assert found("moi c'est ma cheffe marie-claude saint-onge qui m'a inscrite") == [
        ("marie-claude saint-onge", "person")]


def test_a_word_then_a_surname_in_lower_case_between_commas_after_a_role():
    assert found("j'ai demandé à la secrétaire, harmonie lesage, de booker un interprète") == [
        ("harmonie lesage", "person")]
    assert found("la secrétaire, très gentille, a dit oui") == []
    assert found("la secrétaire, elle aussi, a dit oui") == []


def test_a_nickname_that_is_a_word_between_commas_after_a_relation():
    assert found("deux heures de char avec son garçon, Loulou, aux trois mois.") == [("Loulou", "person")]
    assert found("avec son garçon, Pourtant, il vient") == []
    assert found("ma fille, Toujours, elle arrive en retard") == []
    assert found("la directrice, Loulou, aux trois mois") == []        # no relation: a role alone says too little


def test_a_word_of_a_compound_first_name_alone_is_nobody():
    rows = found(["ma collègue marie-soleil bacon travaille avec les familles",
                  "on a envoyé trois ados au Camp Plein Soleil, au bord du lac"])
    assert rows[1] == [] or all(category != "person" for _, category in rows[1])


def test_a_sign_name_written_as_a_gloss_in_capitals_after_its_cue():
    assert ("CRAVATE", "person") in found("Le trésorier, son nom-signe c'est « CRAVATE » parce qu'il porte une cravate.")
    assert found("son nom signé est MOUSTACHE") == [("MOUSTACHE", "person")]


def test_capitals_without_the_cue_and_a_sign_name_described_in_words_stay():
    assert found("Mon nom-signe, c'est la main qui frotte sous le nez") == []
    assert found("il a dit en signes MERCI BEAUCOUP") == []
    assert found("son nom en LSQ, LSQ c'est la langue") == []
    assert found("il porte toujours une CRAVATE rouge") == []
