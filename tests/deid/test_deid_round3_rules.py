"""Deidentification rules generalised from the sixth held-out part's misses (issue 13, round 3), each with the
words that must stay: names and aliases registered in capitals and the initials of compound first names, surnames
misheard into words, web addresses with a path, organisations named whole, First Nations and Inuit communities,
regions in lower case, streets named by a word, names with particles inside, and NER's greetings and syndromes."""

from __future__ import annotations

from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import count_name_hits, find_known_names

INDEX = NameIndex.build({"P01": ["Jean-François Côté", "Fanfan"], "P02": ["Sylvie Marchand", "SB"],
                         "P03": "Marie-Claude Audet", "P04": "Luc Tessier"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def known(text: str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    return [(d.original, d.code) for d in find_known_names(text, index)]


def test_an_alias_registered_in_capitals_is_found_as_written():
    assert known("Merci SB, on continue.") == [("SB", "P02")]
    # Written otherwise it is no one's alias: "sb" in lower case is not the registered form.
    assert known("le fichier sb est prêt") == []


def test_the_initials_of_a_known_compound_first_name_in_capitals():
    assert known("JF l'a dit, pis MC aussi.") == [("JF", "P01"), ("MC", "P03")]
    assert known("JF Côté est arrivé.") == [("JF Côté", "P01")]
    # Lower case, mixed case, or a common acronym: not initials ("la TV", "un CV", "les RH", "je", "ok").
    assert known("jf, Jf, la TV, un CV, les RH, ok, OK, je") == []
    # Only a compound first name has initials: "LT" is no one's.
    assert known("LT est venu.") == []


def test_initials_shared_by_two_people_name_neither():
    index = NameIndex.build({"P01": "Jean-François Côté", "P02": "Julie-Fanny Roy"})
    assert [d.category for d in find_known_names("JF a parlé.", index)] == ["person"]


def test_a_known_surname_misheard_into_a_word_where_it_stands_as_a_name():
    assert known("Oui, pis Marchant avait raison.") == [("Marchant", "P02")]
    assert known("Comme Tessiez l'a dit.") == [("Tessiez", "P04")]
    # A word where it is a word: lower case, after a determiner, at a sentence start.
    assert known("un marchant de tapis, le Marchant du coin. Marchant dans la rue, il chantait.") == []


def test_the_final_scan_sees_the_same_forms():
    assert count_name_hits("Salut JF et SB, pis Marchant.", INDEX) == {
        "jf": 1, "sb": 1, deid_words.name_key("Marchand"): 1}
    assert count_name_hits("la TV, un marchant, jf", INDEX) == {}


def test_a_web_address_with_a_path_whatever_its_top_level_domain():
    assert found("Les fiches sont sur monsite.example/outils, pis x.org/y aussi.") == [
        ("monsite.example/outils", "url"), ("x.org/y", "url")]
    # File names, abbreviations, numbers, a slash between words: no address.
    assert found("Voir rapport.docx, p. ex. la page 3, 1.5/2, et/ou km/h.") == []


def test_organisations_are_tagged_whole():
    assert found("Je travaille au Familiprix de Rimouski, elle au Jean Coutu de Saint-Fabien.") == [
        ("Familiprix de Rimouski", "organisation"), ("Jean Coutu de Saint-Fabien", "organisation")]
    assert found("Elle étudie à l'Université du Québec en Outaouais, lui à l'Université du Québec à Rimouski.") == [
        ("Université du Québec en Outaouais", "organisation"), ("Université du Québec à Rimouski", "organisation")]
    assert found("Il enseigne à la Cité étudiante de la Vallée-Verte, pis à la Polyvalente des Monts.") == [
        ("Cité étudiante de la Vallée-Verte", "organisation"), ("Polyvalente des Monts", "organisation")]
    assert found("J'ai pris les fiches de la Fondation Jeunes en Tête, pis de la Maison Soleil pour Tous.") == [
        ("Fondation Jeunes en Tête", "organisation"), ("Maison Soleil pour Tous", "organisation")]
    # A chain without a place after "de" stays the chain; "la cité", "le conseil de bande" stay words.
    assert found("Le Familiprix de la rue, la cité étudiante, le conseil de bande.") == [("Familiprix", "organisation")]


def test_english_names_of_organisations():
    assert found("I work at the Pontiac Community Youth Centre, she at the Hospital for Sick Children.") == [
        ("Pontiac Community Youth Centre", "organisation"), ("Hospital for Sick Children", "organisation")]
    # A determiner, a filler or a word of geography alone before the kind is no name.
    assert found("The Centre was closed. Le Centre aussi, et le Grand Centre. Our School is small.") == []


def test_first_nations_and_inuit_communities_are_places():
    assert found("Elle vient de Pikogan, lui de Kitigan Zibi, pis on a des jeunes de Kuujjuaq et de Mashteuiatsh.") == [
        ("Pikogan", "place"), ("Kitigan Zibi", "place"), ("Kuujjuaq", "place"), ("Mashteuiatsh", "place")]
    assert found("Uashat mak Mani-utenam, Lac-Simon, Wemotaci et Opitciwan.") == [
        ("Uashat mak Mani-utenam", "place"), ("Lac-Simon", "place"), ("Wemotaci", "place"), ("Opitciwan", "place")]
    # "la romaine" is a lettuce.
    assert found("Une salade de romaine, la romaine est bonne.") == []


def test_a_street_named_by_a_word_is_a_place_with_its_kind():
    assert found("Les jeunes traînent sur la rue Main, pis sur la rue Principale.") == [
        ("rue Main", "place"), ("rue Principale", "place")]
    # In lower case, or the kind at a sentence start, it stays.
    assert found("la rue principale, dans la rue. Rue Main, c'est écrit.") == []


def test_a_person_named_after_a_role_with_a_complement_after_an_elision():
    assert found("Je l'ai essayé avec l'infirmière de l'école, Caroline, pis avec lui.") == [("Caroline", "person")]


def test_a_syndrome_named_after_people_is_nobody():
    assert found("Il a le syndrome de Gilles de la Tourette, pas la maladie de Creutzfeldt-Jakob.") == []


def test_ner_greetings_and_english_words_are_no_names():
    if not deid_entities.ner_available():
        return
    texts = ["Kwe, moi c'est Noémie.", "So Tyler restait chez sa tante.", "le syndrome de Gilles de la Tourette"]
    found_ner = [d.original for row in detect_texts(texts, INDEX, "fr") for d in row]
    assert "Kwe" not in found_ner and "So" not in found_ner
    assert not any("Gilles" in f or "Tourette" in f for f in found_ner)


def test_a_name_with_lower_case_particles_inside():
    assert found("Le travailleur social, Hendrik van der Berg, a appelé. Plus tard, Van der Berg a rappelé.") == [
        ("Hendrik van der Berg", "person"), ("Van der Berg", "person")]
    # "de" and a listed place is where someone is from.
    assert found("Pis Sophie de Laval est venue.") == [("Sophie", "person"), ("Laval", "place")]


def test_vietnamese_names_of_three_words_in_either_order():
    assert found("La coordonnatrice, Thi Hoa Nguyen, pis Nguyen Thi Lan.") == [
        ("Thi Hoa Nguyen", "person"), ("Nguyen Thi Lan", "person")]
    # A family name after common or known words is not such a name.
    assert "Grand Tran" not in " ".join(d for d, _ in found("Le Grand Tran, Luc Tessier Tran."))
