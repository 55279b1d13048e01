"""Deidentification rules generalised from the fifteenth held-out part's misses (issue 13, round 12), each with the
words that must stay: places (a listed town after a person's name and "de" that NER ran into, numbered highways, a
listed village that is a word in a geography context, a lake with an English name), organisations (a pavilion, an arena
or a centre named after a person, a kind of several words and its region, a chain in lower case with its region, a
three-word name with a business word in an organisation context) and people (a compound first name of other origin in
lower case, a surname heard as two words in lower case)."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(texts: list[str] | str, index: NameIndex = INDEX, use_ner: bool = False) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=use_ner) for d in row]


@pytest.mark.skipif(not entities.ner_available(), reason="the French NER model is not installed")
def test_a_listed_town_after_a_person_and_de_stays_a_town_when_ner_runs_into_it():
    # NER reads "Kathleen O'Reilly de Fort-Coulonge" as one person; the rules' person ends at the name.
    assert found("Le répartiteur de nuit, le gars à Kathleen O'Reilly de Fort-Coulonge, il connaît les rangs.",
                 use_ner=True) == [("Kathleen O'Reilly", "person"), ("Fort-Coulonge", "place")]
    # No listed town after "de": nothing more than the person.
    row = found("Le gars à Kathleen O'Reilly de la centrale connaît les rangs.", use_ner=True)
    assert ("Kathleen O'Reilly", "person") in row and not any(c == "place" for _, c in row)


def test_numbered_highways_and_routes():
    assert found("quatre heures de route sur la route 117 en plein hiver.") == [("route 117", "place")]
    assert found("Tu prends la 20 pis l'autoroute 40 après.") == [("la 20", "place"), ("autoroute 40", "place")]
    assert found("On roulait sur la 138 le soir.") == [("la 138", "place")]
    # "la route" alone, a numbered thing that is no road, a length, a share.
    assert found("La route est longue, c'est la 20e fois, sur la 20 minutes de route.") == []
    assert found("On a pris la 20 pour cent du budget, pis la route 2 voies.") == []


def test_a_lake_with_an_english_name_of_two_words():
    assert found("la chapelle au bord du lac Blue Sea.") == [("lac Blue Sea", "place")]
    # A word after the lake's name that is no part of it stays.
    assert found("le lac Noir Pis la rivière.") == [("lac Noir", "place")]
    # A first name after it is someone else.
    assert ("lac Blue", "place") in found("près du lac Blue Marie-Claude Boisvert nageait.")


def test_a_building_named_after_a_person():
    assert found("Il l'a vu au pavillon Marcel-Lamoureux, a validé le plan.") == [
        ("pavillon Marcel-Lamoureux", "organisation")]
    assert found("On a fait une affiche pour l'aréna Jacques-Laperrière pis la radio.") == [
        ("aréna Jacques-Laperrière", "organisation")]
    assert found("Le party est au centre Marcel-Dionne.") == [("centre Marcel-Dionne", "organisation")]
    # A kind without a person's name, a saint, the town's centre.
    assert found("Il est au pavillon B, pis à l'aréna du village, dans le centre-ville.") == []


def test_a_kind_of_several_words_and_its_region():
    assert found("Pour les appels, c'est la Centrale de coordination santé de l'Outaouais, au bout du fil.") == [
        ("Centrale de coordination santé de l'Outaouais", "organisation")]
    assert found("Nos patients vont au Dépannage alimentaire Mercier-Est le jeudi.") == [
        ("Dépannage alimentaire Mercier-Est", "organisation")]
    # Two places joined by "pis", a place at a sentence's start, a region alone: places.
    assert found("le monde de la Gaspésie pis des Îles-de-la-Madeleine ont pas de connexion.") == [
        ("Gaspésie", "place"), ("Îles-de-la-Madeleine", "place")]
    assert found("On est allés au Centre-du-Québec.") == [("Centre-du-Québec", "place")]


def test_a_chain_in_lower_case_with_its_region():
    assert found("faut aller à la caisse desjardins du témiscamingue pour avoir du wifi") == [
        ("caisse desjardins du témiscamingue", "organisation")]
    assert found("faut aller à la caisse du village pour avoir du wifi") == []


def test_three_capitalised_words_with_a_word_of_business_in_an_organisation_context():
    assert found("on a un contrat avec l'agence Soins Plus Domicile pour les fins de semaine.") == [
        ("Soins Plus Domicile", "organisation")]
    # No word of business, or a first name among them: not this rule's.
    assert found("il a dit avec Plus Tard Bonsoir pis rien d'autre.") == []
    assert ("Soins Plus Domicile", "organisation") not in found("chez Jean Soins Plus Domicile")


def test_a_compound_first_name_of_other_origin_in_lower_case():
    assert ("thu trang nguyen", "person") in found("l'infirmière madame nguyen thu trang nguyen nous a montré comment")
    assert found("thu trang nguyen est venue") == [("thu trang nguyen", "person")]
    # A family name that is a French word ("vu", "tran" apart), or common words around it: nobody.
    assert found("on a vu nguyen pis tran hier") == []
    assert found("on l'a vu tout vu hier") == []


def test_a_surname_heard_as_an_adjective_and_a_noun_after_a_title():
    assert found("la travailleuse sociale appelle monsieur beau chemin chaque jeudi") == [("beau chemin", "person")]
    # Without a title, a wish after a title, a time.
    assert found("On a fait un beau chemin depuis deux ans.") == []
    assert found("merci monsieur bonne journée") == []
    assert found("bonjour madame bon matin") == []
    assert found("il fait beau, monsieur beau temps") == []
