"""Deidentification rules generalised from the twelfth held-out part's misses (issue 13, round 9), each with the words
that must stay: organisations with a place of worship or a long kind, parks, families and names that are words."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_place_of_worship_with_its_name_is_an_organisation():
    assert found("au centre communautaire de la mosquée Al-Rawda, pis l'église Saint-Jean-Baptiste") == [
        ("mosquée Al-Rawda", "organisation"), ("église Saint-Jean-Baptiste", "organisation")]
    assert found("la synagogue Shaar Hashomayim, le temple Sri Murugan") == [
        ("synagogue Shaar Hashomayim", "organisation"), ("temple Sri Murugan", "organisation")]
    # A kind without a name, or with an adjective, stays.
    assert found("l'église catholique, le temple de la renommée, la mosquée du quartier, une synagogue") == []


def test_a_hospital_with_a_descriptive_kind_and_a_foundation_with_its_complement():
    assert found("son évaluation à l'Hôpital en santé mentale Rivière-des-Prairies, en janvier") == [
        ("Hôpital en santé mentale Rivière-des-Prairies", "organisation")]
    assert found("Pis la Fondation Marchand pour l'enfance, mais") == [
        ("Fondation Marchand pour l'enfance", "organisation")]
    # "pour" and what the foundation did is no part of its name.
    assert found("la Fondation Marchand pour acheter des tablettes") == [("Fondation Marchand", "organisation")]


def test_a_park_with_its_name_is_one_place_a_station_keeps_its_kind_outside():
    assert found("je l'amène au parc Aimé-Léonard le samedi") == [("parc Aimé-Léonard", "place")]
    assert found("au métro Jean-Talon") == [("Jean-Talon", "place")]
    assert found("au parc avec les enfants, un parc de jeux") == []


def test_a_family_named_by_les_and_its_surname():
    assert found("ses parents, les Zhou, ont déménagé, pis chez les Tremblay") == [
        ("Zhou", "person"), ("Tremblay", "person")]
    # A plural, a people, a name of two words, a product, a common word or an acronym stays.
    assert found("Les Canadiens, les Inuit, les Blue Jays, les XLSForm, les Jeux, les CLSC, les Expos, les Fêtes") == []


def test_a_full_name_with_a_second_surname():
    assert found("Marisol Hernández Portillo, pis son fils") == [("Marisol Hernández Portillo", "person")]
    # A listed place, a first name or a common word after the full name is none.
    assert found("avec Pierre Lavoie Montréal, Julie Tremblay Lundi, Luc Côté Marie") == [
        ("Pierre Lavoie", "person"), ("Montréal", "place"), ("Julie Tremblay", "person"), ("Luc Côté", "person")]


def test_a_first_name_that_is_a_word_named_as_a_name():
    assert found("Il s'appelle Espoir.") == [("Espoir", "person")]
    assert found("Pis un petit gars, Espoir, le fils d'une famille congolaise.") == [("Espoir", "person")]
    assert found("son nom c'est Espoir, pis son prénom, c'était Wideline.") == [("Espoir", "person"), ("Wideline", "person")]
    # Named so, the word is the name again where capitalised mid-sentence; in lower case or after a determiner it
    # stays a word.
    assert found("Un petit gars, Espoir, le fils d'une famille. Il s'appelle vraiment comme ça, Espoir, pis sa mère "
                 "était sans espoir, l'Espoir de la famille.") == [("Espoir", "person"), ("Espoir", "person")]
    # A word at a sentence's start, without a role before and after, or a day stays.
    assert found("Espoir, le fils de personne. Un petit gars, Bien, merci. Une dame qui s'appelle Lundi.") == []


def test_a_name_after_a_child_named_by_a_possessive_and_a_comma():
    assert found("Ma petite, Wideline, elle va avoir son évaluation.") == [("Wideline", "person")]
    # A common word after the comma, or an adjective before a noun, stays.
    assert found("Ma petite, Bien sûr, elle va mieux. La grande salle, le petit déjeuner.") == []


def test_a_frequent_surname_that_is_a_word_as_the_subject_of_a_verb_of_speech():
    assert found("je suis juste orthophoniste mais charpentier a insisté") == [("charpentier", "person")]
    # With a determiner, or without a verb of speech after it, the trade stays.
    assert found("mais le charpentier a insisté, pis boulanger le matin, mais boucher la porte") == []


def test_a_surname_heard_as_two_words_after_a_title():
    assert found("fait que madame yoga raja elle fait toute toute seule") == [("yoga raja", "person")]
    # A verb, a filler, a word of grammar or a common word after the title stays.
    assert found("madame est partie, monsieur dit tsé, madame euh chose, monsieur parle anglais, madame mange vite, "
                 "le docteur regarde ça, une madame yoga raja") == []


def test_a_family_by_famille_and_its_surname_and_a_religious_title():
    assert found("il y a eu la famille Georgiou, qui venait de loin") == [("Georgiou", "person")]
    assert found("l'imam Benali organise des soirées, le rabbin Cohen aussi") == [
        ("Benali", "person"), ("Cohen", "person")]
    # An adjective capitalised after "famille", or a religious title without a name, stays.
    assert found("une famille Haïtienne, la famille Élargie, la famille Monoparentale, la famille Recomposée, "
                 "l'imam de la mosquée, le rabbin a dit") == []


def test_a_first_name_no_list_knows_before_a_listed_surname_of_another_origin():
    assert found("la famille de Nusrat Chowdhury, qui vient de Sylhet") == [("Nusrat Chowdhury", "person"), ("Sylhet", "place")]
    # Before a surname no list holds, or a common word, a place or a first word in capitals, it stays.
    assert found("Visual Studio Code, le Jardin Botanique, Montréal Chen, SQLite Haddad") == [("Montréal", "place")]


def test_the_surname_list_is_built_from_faker_with_its_licence():
    from echo_fieldwork.deid.words import common_words, surnames
    from echo_fieldwork.resources import resource_path

    listed = surnames()
    assert {"chowdhury", "haddad", "zhou", "portillo"} <= listed
    assert not listed & common_words()
    assert "surnames.txt" in resource_path("deid", "LICENCE-first-names.txt").read_text(encoding="utf-8")


def test_a_name_no_list_knows_as_the_subject_of_a_verb_of_speech():
    assert found("je traduis un peu, pis Tharshan a expliqué, mais Wideline m'a dit non") == [
        ("Tharshan", "person"), ("Wideline", "person")]
    # A common word, a software or a word in capitals before the verb, or no "pis", "mais", "que" before it, stays.
    assert found("Hier Windows m'a dit, pis Zoom a demandé, mais Teams a dit, que SQLite a répondu, Wideline a dit") == []


def test_a_first_name_that_is_a_word_before_a_surname_after_a_role():
    assert found("La coordonnatrice, Lumière Ouedraogo, a tout masqué.") == [("Lumière Ouedraogo", "person")]
    # A common word before another common word, an acronym or a day stays.
    assert found("La directrice, Bonne Chance. Le patient, Espoir CLSC, pis le gars, Espoir Mercredi.") == []


def test_any_name_right_after_a_childs_word():
    assert found("La petite Mei-Lin, dans ma classe, ses parents") == [("Mei-Lin", "person")]
    # After another role, a name no list knows needs a comma; a common word, a nationality or a software stays.
    assert found("le bébé Covid, la petite Bien, la jeune Québécoise, ma fille Netflix, un patient Alzheimer") == []
