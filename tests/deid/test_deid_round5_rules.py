"""Deidentification rules generalised from the eighth held-out part's misses (issue 13, round 5), each with the
words that must stay: known surnames split into two words, places and organisations named whole, other people
without NER, and the labels of two known mislabels."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import count_name_hits

INDEX = NameIndex.build({"P01": "Aimé Boisvert", "P02": "Luc Tessier", "P03": "Rose Dubuc"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_known_surname_split_into_two_words_is_the_participant():
    assert found("Comme monsieur Bois vert disait tantôt, on est pas des machines.") == [("Bois vert", "P01")]
    assert found("Pis Bois vert avait raison.") == [("Bois vert", "P01")]
    # The final scan before a file leaves sees the same form.
    assert count_name_hits("Comme monsieur Bois vert disait.", INDEX) == {"boisvert": 1}
    # The two words used as words: lower case, after a determiner, at a sentence start.
    assert found("On a marché dans le Bois vert hier. Un bois vert et sec. Bois vert, c'est joli.") == []


def test_a_street_lake_river_or_mountain_word_belongs_to_the_place():
    assert found("Il vit dans un chalet proche du lac Aylmer, pis sa pharmacie est sur la rue Wellington.") == [
        ("lac Aylmer", "place"), ("rue Wellington", "place")]
    assert found("On a descendu la rivière Rouge pis monté le mont Orford.") == [
        ("rivière Rouge", "place"), ("mont Orford", "place")]
    # The kind alone, or before a word in lower case, names nothing; a station keeps its kind outside.
    assert found("Le lac est beau. Sur la rue, on jase. La rivière rouge de boue. Le métro Berri.") == [
        ("Berri", "place")]


def test_a_school_by_its_kind_and_name():
    assert found("Dans le stationnement de la Polyvalente Louis-Saint-Laurent, pis à la polyvalente Jean-Grou.") == [
        ("Polyvalente Louis-Saint-Laurent", "organisation"), ("polyvalente Jean-Grou", "organisation")]
    assert found("Ma fille va à la polyvalente depuis septembre.") == []


def test_an_article_a_capitalised_noun_and_a_complement_name_an_organisation():
    assert found("Oui, avec Le Tremplin des Cantons, c'est un organisme communautaire.") == [
        ("Le Tremplin des Cantons", "organisation")]
    assert found("Je suis à L'Escale du Granit depuis deux ans.") == [("L'Escale du Granit", "organisation")]
    # A filler, a noun of geography, a day or a noun in lower case is no such name.
    assert found("Le Bonjour de Monsieur. La Pointe du Cap. La maison des Jeunes. Le Lundi des Cantons.") == []


def test_an_organisation_named_once_is_found_again_in_lower_case():
    assert found(["Je suis à L'Escale du Granit.", "faudrait plus de place pour l'escale du granit pis les autres"]) == [
        ("L'Escale du Granit", "organisation"), ("l'escale du granit", "organisation")]
    # Not its words apart, nor in a session that never named it.
    assert found(["Je suis à L'Escale du Granit.", "une escale au granit du coin"]) == [
        ("L'Escale du Granit", "organisation")]
    assert found("faudrait plus de place pour l'escale du granit") == []


def test_a_town_with_its_article_after_a_preposition():
    assert found("À La Patrie pis à Chartierville, y a une infirmière pour tout le territoire.") == [
        ("La Patrie", "place"), ("Chartierville", "place")]
    # A listed name inside a longer hyphenated one is the whole name, its elided article with it.
    assert found("Elle vient de L'Isle-Verte, lui de Montréal-Nord.") == [
        ("L'Isle-Verte", "place"), ("Montréal-Nord", "place")]
    # The article in lower case, a first name or a filler after it, and a longer capitalised name stay.
    assert found("On se bat pour la patrie, à la patrie. Je parle à La Marie. Merci à La Bonjour.") == []


def test_a_known_first_name_that_is_a_word_in_lower_case_where_only_a_person_fits():
    assert found("pis que aimé présente des cas lui aussi") == [("aimé", "P01")]
    assert found("merci aimé. aimé, vous vouliez ajouter quelque chose? quand rose a dit ça") == [
        ("aimé", "P01"), ("aimé", "P01"), ("rose", "P03")]
    # The verb and the colour stay: after an auxiliary, an adverb, a noun or a determiner.
    assert found("Moi j'ai vraiment aimé la partie. Ils ont aimé pis moi aussi. Je suis aimé, tu sais.") == []
    assert found("Une robe rose pis moi. J'ai trouvé ça rose comme expérience. Le rose a pâli.") == []


def test_a_known_first_name_before_an_unknown_surname_in_lower_case_is_a_third_party():
    assert found("mon collègue luc bélanger est venu, pis luc bélanger-roy aussi.") == [
        ("luc bélanger", "person"), ("luc bélanger-roy", "person")]
    # Alone, with the participant's own surname, or before a common word, it is the participant.
    assert found("luc est venu. luc tessier aussi. luc pense que oui.") == [
        ("luc", "P02"), ("luc tessier", "P02"), ("luc", "P02")]


def test_a_surname_after_a_noun_of_belongings_is_a_person_not_a_place():
    assert found("On s'est vus dans le bureau de Lavoie, pis dans le char à Gagnon.") == [
        ("Lavoie", "person"), ("Gagnon", "person")]
    # A town after the same nouns stays a place: one no list knows after other words, a listed one anywhere.
    assert found("Il arrive de Jacmel. La maison de Laval.") == [("Jacmel", "place"), ("Laval", "place")]


def test_a_titled_name_with_particles_runs_to_its_surname():
    assert found("C'était la Dre Marie-Josée de la Durantaye qui l'avait présenté.") == [
        ("Marie-Josée de la Durantaye", "person")]
    assert found("le Dr Jean-Marc de Grandpré") == [("Jean-Marc de Grandpré", "person")]
    # After a full name, "de" and a listed town is where the person is from.
    assert found("le Dr Jean de la Fontaine de Laval") == [("Jean de la Fontaine", "person"), ("Laval", "place")]


def test_other_people_introduced_without_ner():
    # A role's name after a comma, found again alone in the session.
    assert found(["Elle venait avec l'interprète, Lucassie Tukalak.", "Lucassie était vraiment bon."]) == [
        ("Lucassie Tukalak", "person"), ("Lucassie", "person")]
    # A relation in apposition without a comma, after a possessive ("la petite Olive leur petite-fille").
    assert found("Des fois c'était la petite Olive leur petite-fille qui répondait.") == [("Olive", "person")]
    # A listed first name that is no word, in lower case after a relation or thanks.
    assert found("pis sa femme eleni elle m'appelait. merci eleni.") == [("eleni", "person"), ("eleni", "person")]
    # A word after a relation, a first name that is a word in lower case, an olive with a possessive stay.
    assert found("sa femme elle m'appelait. ma fille rose est venue. une olive sa fille aimait.") == []


def test_an_employer_after_chez_and_drugs_of_hepatitis_c_are_no_places():
    assert found("Un jeune de Windsor, qui travaille chez Domtar de nuit.") == [
        ("Windsor", "place"), ("Domtar", "organisation")]
    # A word, software, a listed town, a first name after "chez" are left to the other rules (since round 13 a listed
    # town after "chez" is a person's name: "chez Tremblay").
    assert found("Chez nous, chez Google, chez Laval, chez Marcel.") == [("Laval", "person"), ("Marcel", "person")]
    # A drug brand is nobody's place.
    assert found("Il a pris de l'Epclusa, pis après du Maviret à Harvoni.") == []


def test_a_surname_with_the_particle_de_la_after_a_first_name():
    assert found("J'en ai parlé avec Marie-Josée de la Durantaye pis Pierre de la Sablonnière.") == [
        ("Marie-Josée de la Durantaye", "person"), ("Pierre de la Sablonnière", "person")]
    # "de" and a listed town is where someone is from; "de la" and a word in lower case is no name.
    assert found("Julie de Laval. Julie de la famille.") == [
        ("Julie", "person"), ("Laval", "place"), ("Julie", "person")]


def test_a_people_named_by_ner_is_nobody():
    if not deid_entities.ner_available():
        pytest.skip("the French NER model is not installed")
    texts = ["Ti-Guy, de son vrai nom Guy Arsenault, il est Acadien, il vient de Caraquet.",
             "Les Québécois pis les Gaspésiens étaient là."]
    found_ner = [d.original for row in detect_texts(texts, INDEX, "fr") for d in row]
    assert not {"Acadien", "Québécois", "Gaspésiens"} & set(found_ner)
    assert {"Guy Arsenault", "Caraquet"} <= set(found_ner)


def test_a_place_named_once_is_found_again_in_lower_case_after_a_preposition_of_place():
    assert found(["À Chartierville, proche du lac Aylmer.", "pis à chartierville aussi, au lac aylmer l'été"]) == [
        ("Chartierville", "place"), ("lac Aylmer", "place"), ("chartierville", "place"), ("lac aylmer", "place")]
    # Elsewhere in lower case, or a place whose words are all common words ("La Patrie": "pour la patrie"), it stays.
    assert found(["À La Patrie pis à Chartierville.", "chartierville est loin, on se bat pour la patrie"]) == [
        ("La Patrie", "place"), ("Chartierville", "place")]


def test_a_first_name_that_is_a_word_capitalised_where_only_a_name_fits():
    assert found("Non, c'est Olive, oups. Moi pour Olive, on avait un problème. Pis Blanche a dit non.") == [
        ("Olive", "person"), ("Olive", "person"), ("Blanche", "person")]
    # A holiday, a word after a determiner or before another word, a sentence start stay.
    assert found("Pour Noël, on mange. Une robe Blanche, pour Olive noire. Olive, c'est bon.") == []


def test_regions_and_regional_county_municipalities_in_lower_case_after_du_en_au():
    assert found("Les jeunes du pontiac y traînent, pis en matanie, au saguenay, en estrie.") == [
        ("pontiac", "place"), ("matanie", "place"), ("saguenay", "place"), ("estrie", "place")]
    # After "du", "au", "en", only a listed place in lower case: a capitalised word there is left to the other rules.
    assert found("Il prend du Vyvanse pis du Tylenol, au Bonheur, en Chemin.") == []


def test_an_english_place_with_a_possessive_and_a_young_person_introduced():
    assert found("Sur la rue Main à Campbell's Bay, y a rien. Elle vient de Fisher's Landing.") == [
        ("rue Main", "place"), ("Campbell's Bay", "place"), ("Fisher's Landing", "place")]
    assert found("À Tim's Place, jusqu'à aujourd'hui.") == []
    assert found("On a une jeune, Shaylyn, qui voulait venir.") == [("Shaylyn", "person")]
    assert found("Les jeunes, Bonjour. Une jeune Fille.") == []
