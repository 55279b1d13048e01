"""Deidentification rules generalised from the tenth held-out part's misses (issue 13, round 7), each with the words
that must stay: known surnames misheard in lower case, names in lower case after a title or a role, initials."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Josiane Vigneault", "P02": "Marc Thibault"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_known_surname_misheard_in_lower_case_where_the_context_says_person():
    assert found("pis la pharmacienne vigneau elle m'a appelé") == [("vigneau", "P01")]
    assert found("Comme madame vigneau disait. Pis josiane vigneau aussi.") == [("vigneau", "P01"), ("josiane vigneau", "P01")]
    # A final -ault sounds "o": "Thibeau" capitalised mid-sentence is Thibault.
    assert found("On en a parlé avec Thibeau hier.") == [("Thibeau", "P02")]
    # No person context: a word, or an unknown lower-case word, stays.
    assert found("un vigneau dans le champ, le thibeau du coin") == []


def test_a_surname_in_lower_case_right_after_a_title():
    assert found("c'est le docteur côté qui m'a suivi, pis la docteure nguyen une fois par mois") == [
        ("côté", "person"), ("nguyen", "person")]
    # Common words after a title, a profession's adjective, "une madame" (a noun), an English abbreviation stay.
    assert found("le docteur pis moi, madame est là, madame la ministre, l'infirmière clinicienne") == []
    assert found("une madame haïtienne comme moi. It took 100 ms while idle.") == []


def test_a_name_in_lower_case_right_after_a_role():
    assert found("pis sa mère aurore est venue me voir. La psychiatre nguyen vient une fois par mois.") == [
        ("aurore", "person"), ("nguyen", "person")]
    # An adjective may follow a noun, a verb is no name, a noun after a relation without a verb or a pause stays.
    assert found("ma fille rose est venue. le patient prenait du Seroquel. le bébé dort. ma mère patrie.") == []


def test_a_person_by_an_initial_after_a_child_word_a_title_or_a_role():
    assert found("Moi j'ai présenté la petite L., je devrais dire. Le patient M. aussi. Madame B. est venue.") == [
        ("L", "person"), ("M", "person"), ("B", "person")]
    assert found("la lettre B. un plan B. de la vitamine D. l'hépatite C. le groupe A.") == []


def test_an_organisation_by_a_business_kind_or_a_town_in_lower_case():
    assert found("Il est parti à la Minière Fer-Nord. Elle travaille au Fumoir Les Bonnes Marées.") == [
        ("Minière Fer-Nord", "organisation"), ("Fumoir Les Bonnes Marées", "organisation")]
    assert found("Même la Municipalité de Havre-Saint-Pierre l'a mis. Suivi à l'hôpital de gaspé.") == [
        ("Municipalité de Havre-Saint-Pierre", "organisation"), ("hôpital de gaspé", "organisation")]
    # The kind in lower case, a name of words without an article or a hyphen, no listed town after the kind stay.
    assert found("Ils partent à la minière. La Boulangerie du coin. L'hôpital de jour pis la clinique de sein.") == []


def test_a_street_named_with_de_is_one_place():
    assert found("Le garage sur la rue de Puyjalon.") == [("rue de Puyjalon", "place")]
    assert found("Au bout de la rue de la Gare pis dans la rue de l'église.") == [("rue de la Gare", "place")]


def test_a_name_spelled_letter_by_letter():
    index = NameIndex.build({"P03": "Xiaoling Zhou"})
    assert found("C'est Xiaoling, X-I-A-O-L-I-N-G, pis Z-H-O-U.", index) == [
        ("Xiaoling", "P03"), ("X-I-A-O-L-I-N-G", "P03"), ("Z-H-O-U", "P03")]
    assert found("La docteure Tran, T-R-A-N. Pis M-A-R-I-E.", index) == [
        ("Tran", "person"), ("T-R-A-N", "person"), ("M-A-R-I-E", "person")]
    # An acronym spelled out stays.
    assert found("Le C-L-S-C pis la R-A-M-Q.", index) == []
