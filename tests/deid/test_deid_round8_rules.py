"""Deidentification rules generalised from the eleventh held-out part's misses (issue 13, round 8), each with the words
that must stay: known surnames split into words in lower case, places, other people and organisations."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_known_surname_split_into_words_in_lower_case_after_a_title_a_role_or_the_first_name():
    assert found("madame bois vert a changé ses fiches") == [("bois vert", "P01")]
    assert found("la nutritionniste bois vert est venue") == [("bois vert", "P01")]
    assert found("marie-claude bois vert est venue") == [("marie-claude bois vert", "P01")]
    assert found("le docteur la plante aussi") == [("la plante", "P02")]
    # The same words without a title, a role or the first name before them stay.
    assert found("fendre du bois vert pour l'hiver, la plante verte, un bois vert pis madame est là") == []


def test_a_listed_town_that_is_a_rare_word_in_lower_case_after_a_preposition_of_place():
    assert found("une clinique privée à lévis, pis depuis quimper") == [("lévis", "place"), ("quimper", "place")]
    # A noun with another form in the list ("billes"), or after "de" (drinks and cheeses are named after towns) stays.
    assert found("un stylo à bille, un verre de cognac, de la crème de chantilly") == []


def test_a_rang_or_a_concession_by_its_number_and_english_places_with_a_word_of_geography():
    assert found("elle vivait seule dans le rang 9 à Granby, pis la concession 7") == [
        ("rang 9", "place"), ("Granby", "place"), ("concession 7", "place")]
    assert found("Il vit à Lake Megantic, pis à Shawinigan Falls, pis Chelsea Falls.") == [
        ("Lake Megantic", "place"), ("Shawinigan Falls", "place"), ("Chelsea Falls", "place")]
    # A rank in a list, a rang without a number or a name stay.
    assert found("le rang 2 du classement, au rang 3 sur 10, un rang social, le premier rang de la salle") == []


def test_a_full_name_in_lower_case_with_particles():
    assert found("le propriétaire c'est rafael dos santos, pis avec juan del rio") == [
        ("rafael dos santos", "person"), ("juan del rio", "person")]
    # A first name, "de" and a listed place is where the person is from; "de la" and a common word stays.
    assert found("c'est julien de montréal, pis julien de la fin") == [("montréal", "place")]


def test_a_surname_heard_as_an_article_and_a_word_after_a_title():
    assert found("le néphrologue là-bas, le docteur la montagne, il était correct") == [("la montagne", "person")]
    # An office, a role, a time or an adverb after the article stays.
    assert found("madame la ministre, monsieur le maire, madame la directrice, j'ai vu le docteur la semaine passée, "
                 "le docteur le plus fin, une madame la fin") == []


def test_a_name_no_list_knows_in_lower_case_in_apposition_to_a_person():
    assert found("ah ça me fait penser à halyna une dame ukrainienne qu'on suit") == [("halyna", "person")]
    # A verb before its object, a common word stay.
    assert found("sans chevaucher son voisin, le diabète une patiente, on a mangé une patiente") == []


def test_a_name_spelled_letter_by_letter_and_its_written_form():
    texts = ["Comme Qalingo, ça s'écrit Q-A-L-I-N-G-O, un aîné.", "Qalingo vient aux séances."]
    assert found(texts) == [("Qalingo", "person"), ("Q-A-L-I-N-G-O", "person"), ("Qalingo", "person")]
    # An acronym spelled out stays, and so does a word near it.
    assert found("Le CLSC, C-L-S-C, pis la R-A-M-Q.") == []


def test_particles_and_nationalities_after_a_role():
    assert found("J'ai une patiente philippine, Maricel Dela Cruz, préposée. Pis Rosa Delos Santos.") == [
        ("Maricel Dela Cruz", "person"), ("Rosa Delos Santos", "person")]
    # A nationality that is also a first name, right after a role, is the adjective.
    assert found("une patiente philippine pis une famille romaine") == []


def test_a_community_group_named_by_les_and_capitalised_words_where_the_context_says_group():
    assert found("On a référé des patients à Les Reins Solidaires, un groupe d'entraide.") == [
        ("Les Reins Solidaires", "organisation")]
    assert found("Oui, Les Pieds Agiles de la Chaudière, un club de marche.") == [
        ("Les Pieds Agiles de la Chaudière", "organisation")]
    assert found("C'est le Village nordique de Kangiqsualujjuaq qui a payé.") == [
        ("Village nordique de Kangiqsualujjuaq", "organisation")]
    # No group context, one word after "Les", or a person's name after it stay (to the other rules).
    assert found("Les Canadiens ont gagné. Chez Les Boys. Les Jeux Olympiques. Les Gens Heureux.") == []


def test_a_health_business_in_lower_case_ending_on_a_place():
    assert found("je suis kinésiologue à la physio santé rive-sud, pis la pharmacie uniprix sainte-foy") == [
        ("physio santé rive-sud", "organisation"), ("pharmacie uniprix sainte-foy", "organisation")]
    # A kind without a place, a place after a connector or a common word stay.
    assert found("la clinique de jour, la physio à domicile, la physio pis rive-sud, la clinique au rez-de-chaussée, "
                 "une clinique porte-à-porte") == []


def test_a_first_name_in_lower_case_as_the_subject_of_a_verb_of_speech():
    assert found("pis nathalie m'a dit que c'était correct, mais gilles m'a raconté autre chose") == [
        ("nathalie", "person"), ("gilles", "person")]
    # A word after a determiner, a first name that is a word without "pis", "que", "mais" before it, pronouns stay.
    assert found("la rose m'a dit, le temps dit tout, ça m'a dit, quelqu'un m'a dit, tout le monde dit") == []
