"""Deidentification rules generalised from the twenty-seventh and twenty-eighth held-out parts' misses (issue 13, round
19), organisations: a research centre named by its field (a comma inside), a unit or foundation "de l'" an organisation
found, whom a cause serves, a cemetery by its name, workshops and transport services by their kind, a temple by its
religion and its own-language name, and dementia drugs that are no organisation, each with the words that must stay."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.entities import DRUG_BRANDS
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def organisations(text: str) -> list[str]:
    return [value for value, category in found(text) if category == "organisation"]


def test_a_research_centre_by_its_field_with_a_comma_inside():
    assert organisations("je suis assistante de recherche au Centre interuniversitaire de recherche sur le vieillissement, "
                         "la mémoire et les soins de proximité. On enregistre.") == [
        "Centre interuniversitaire de recherche sur le vieillissement, la mémoire et les soins de proximité"]
    assert organisations("elle est à la Chaire de recherche sur la douleur chronique depuis mai") == [
        "Chaire de recherche sur la douleur chronique"]


def test_a_research_centre_stops_where_the_sentence_goes_on():
    assert organisations("je travaille au Centre de recherche sur le cancer, la semaine passée on a fini") == [
        "Centre de recherche sur le cancer"]
    assert organisations("au Centre de recherche sur le vieillissement on travaille fort") == [
        "Centre de recherche sur le vieillissement"]
    assert organisations("on fait de la recherche sur le vieillissement, la mémoire et les soins.") == []
    assert organisations("le centre de recherche sur le vieillissement est loin") == []


def test_a_foundation_or_a_faculty_of_an_organisation_found():
    assert organisations("Pour finir, la Fondation de l'Hôpital général juif a payé les tablettes.") == [
        "Fondation de l'Hôpital général juif"]
    assert organisations("je suis dentiste à la Clinique dentaire de la Faculté de médecine dentaire de l'Université "
                         "Laval, pis je fais aussi Saint-Georges") == [
        "Clinique dentaire de la Faculté de médecine dentaire de l'Université Laval"]


def test_a_verb_between_a_kind_and_an_organisation_keeps_them_apart():
    assert organisations("la Fondation nous a parlé de l'Université Laval hier") == ["Université Laval"]
    assert organisations("la fondation de l'Université Laval") == ["Université Laval"]


def test_whom_a_cause_serves_belongs_to_the_name():
    assert ("Association juive de soutien aux aînés", "organisation") in found(
        "Par l'AJSA, l'Association juive de soutien aux aînés, ils ont un groupe le dimanche.", use_ner=True)


def test_a_cemetery_by_its_name():
    assert organisations("Pis le lot au cimetière Baron de Hirsch, elle l'a payé d'avance.") == ["cimetière Baron de Hirsch"]
    assert organisations("il est enterré au cimetière Notre-Dame-des-Neiges depuis mai") == [
        "cimetière Notre-Dame-des-Neiges"]


def test_a_cemetery_by_a_common_word_a_day_or_a_first_name_stays():
    for text in ("on passe au cimetière Lundi matin", "au cimetière Marie a pleuré", "le cimetière Nord est plein",
                 "au cimetière Pis après on mange"):
        assert organisations(text) == [], text


def test_workshops_and_transport_services_by_their_kind_and_name():
    assert organisations("il travaille aux Ateliers Patente et Bricole sur la 1re Avenue, il fait du sablage.") == [
        "Ateliers Patente et Bricole"]
    assert organisations("À Saint-Georges c'est Transport adapté Beauce-Sartigan, ils sont plus fins") == [
        "Transport adapté Beauce-Sartigan"]


def test_workshops_and_transport_in_lower_case_or_opening_a_sentence_stay():
    for text in ("il fait des ateliers de bricolage le mardi", "le transport adapté est en retard",
                 "Transport adapté, c'est compliqué.", "Ateliers le matin, repos le soir."):
        assert organisations(text) == [], text


def test_a_temple_by_its_religion_and_its_own_language_name():
    assert organisations("À la pagode, au Temple bouddhiste Từ Quang, le vénérable il dit") == ["Temple bouddhiste Từ Quang"]
    assert organisations("on va au temple hindou Sri Murugan le vendredi") == ["temple hindou Sri Murugan"]


def test_a_temple_by_a_common_word_or_a_place_stays():
    for text in ("au temple bouddhiste Tu sais c'est calme", "le temple bouddhiste Québec", "un temple bouddhiste, là"):
        assert organisations(text) == [], text


def test_dementia_drugs_are_no_organisation():
    assert {"aricept", "ebixa", "reminyl", "exelon"} <= DRUG_BRANDS
    assert found("y voulait augmenter l'Aricept, mais t'sais", use_ner=True) == []


def test_a_name_inside_an_idiom_is_no_place():
    for use_ner in (False, True):
        for text in ("C'est la tour de Babel, ces budgets-là.", "un vrai cheval de Troie, ce logiciel",
                     "c'est notre talon d'Achille, ça", "elle a la démence à corps de Lewy depuis mai"):
            assert found(text, use_ner) == [], (text, use_ner)


def test_the_same_names_outside_their_idiom_are_still_places():
    assert ("Babel", "place") in found("il est né à Babel en Israël")
    assert ("Troie", "place") in found("il a vécu à Troie longtemps")


def test_a_grandparent_in_yiddish_is_no_name():
    assert found("Les petits-enfants l'appellent Bubbie.", use_ner=True) == []
    assert found("mon Zaidie disait ça", use_ner=True) == []


def test_a_capitalised_kind_an_adjective_and_its_cause_before_a_pause():
    assert organisations("Par l'AJSA, l'Association juive de soutien aux aînés, ils ont un groupe le dimanche.") == [
        "AJSA", "Association juive de soutien aux aînés"]
    assert organisations("on a utilisé l'interprète de la Banque interrégionale d'interprètes, mais le jeudi non") == [
        "Banque interrégionale d'interprètes"]


def test_a_kind_and_its_cause_in_lower_case_without_a_determiner_or_a_pause_stays():
    for text in ("à la banque interrégionale d'interprètes, mais non", "la Banque alimentaire de la ville il y a du monde",
                 "une Association juive de soutien, ça aide", "l'association juive de soutien, ça aide"):
        assert organisations(text) == [], text


def test_residences_in_the_plural_by_their_name():
    assert organisations("je travaille pour les Résidences Belvédère pis aussi en privé") == ["Résidences Belvédère"]
    assert organisations("les résidences belvédère pis aussi") == []


def test_a_coined_business_name_then_a_word_of_trade():
    assert organisations("on a fait la formation avec Dentaplus Fournitures, ils nous ont donné des brosses") == [
        "Dentaplus Fournitures"]


def test_a_common_word_first_name_or_place_before_a_word_of_trade_is_no_business():
    for text in ("de Bureau Fournitures", "avec Marie Fournitures", "avec Laval Fournitures", "avec dentaplus fournitures"):
        assert organisations(text) == [], text


def test_the_west_island_is_a_place():
    assert ("West Island", "place") in found("pis aussi en privé dans le West Island")
    assert ("West Island", "place") not in found("the west island is nice")


def test_a_hospital_by_its_short_religious_name_where_one_waits():
    assert organisations("Oui, pis la liste d'attente à l'Enfant-Jésus, c'est entre huit pis quatorze mois.") == [
        "Enfant-Jésus"]
    for text in ("la crèche avec l'Enfant-Jésus dedans", "on prie l'Enfant-Jésus à Noël"):
        assert organisations(text) == [], text
