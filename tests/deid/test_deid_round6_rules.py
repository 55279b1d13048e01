"""Deidentification rules generalised from the ninth held-out part's misses (issue 13, round 6), each with the words
that must stay: streets named by an ordinal, dates of birth and full dates, known names in every written form,
other people, places and organisations named whole, holidays and eponyms."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Dominique Laplante", "P02": "Fabiola Jean-Baptiste", "P03": "Noël Leblanc"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_street_named_by_an_ordinal_is_an_address_and_a_place():
    assert found("Elle restait au 1285, 3e Avenue, app. 6, un 4 et demi. Lui, au 12, 1re Rue Ouest.") == [
        ("1285, 3e Avenue, app. 6", "address"), ("12, 1re Rue Ouest", "address")]
    assert found("Autour de la 3e Avenue pis sur la 45e Rue. Dans le 2e rang pis au 345 2e rang.") == [
        ("3e Avenue", "place"), ("45e Rue", "place"), ("2e rang", "place"), ("345 2e rang", "address")]
    # A rank, a direction, a year: no street.
    assert found("Elle reste au 12, Première Avenue. Sur la Deuxième Rue.") == [
        ("12, Première Avenue", "address"), ("Deuxième Rue", "place")]
    assert found("Il est arrivé au 2e rang. Prenez la 2e rue à droite. En 2020, rue fermée.") == []


def test_a_date_of_birth_later_in_the_sentence_and_a_full_date():
    assert found("Née à 34 semaines dans un chalet au bord de l'eau, le 3 novembre 2023, l'Apgar à 7.") == [
        ("3 novembre 2023", "date_of_birth")]
    assert found("Son bébé est arrivé le 2 mai 2024. DDN: 03/05/1962.") == [
        ("2 mai 2024", "date_of_birth"), ("03/05/1962", "date_of_birth")]
    # Any other full date is a date about someone; a year or a month alone, a birth centre's year are not.
    assert found("On l'a vue le 14 février 2004 à la clinique, lui le 03/05/1962.") == [
        ("14 février 2004", "date"), ("03/05/1962", "date")]
    assert found("La maison de naissance a ouvert en 2015. En mars 2020, tout a fermé. Le 3 mai, on s'est vus.") == []


def test_a_known_surname_written_as_an_article_and_a_word():
    assert found("euh dominique la plante vous l'a peut-être dit") == [("dominique la plante", "P01")]
    assert found("Comme madame le blanc disait. Pis Mme La Plante aussi.") == [("le blanc", "P03"), ("La Plante", "P01")]
    assert found("Comme marc du bois disait tantôt.", NameIndex.build({"P01": "Marc Dubois"})) == [("marc du bois", "P01")]
    # The words as words: no first name or title before, the article in lower case.
    assert found("J'ai arrosé la plante verte. Le blanc des yeux, du vin le blanc.") == []


def test_half_of_a_compound_of_first_names_alone_is_not_the_participant():
    assert found("Fabiola Jean-Baptiste est là. Jean-Baptiste a dit oui.") == [
        ("Fabiola Jean-Baptiste", "P02"), ("Jean-Baptiste", "P02")]
    # "Jean" alone is someone else (a third party) or nothing; a saint's name, a place or a holiday holds it.
    assert found("Le Dr Jean Lavoie pis Jean, le voisin, sont venus.") == [("Jean Lavoie", "person"), ("Jean", "person")]
    assert found("Surtout du quartier Saint-Jean-Baptiste. Juste avant la Saint-Jean, on a signé.") == [
        ("Saint-Jean-Baptiste", "place")]


def test_holidays_and_eponymous_scores_and_syndromes_are_nobody():
    index = NameIndex.build({"P01": "Dominique Laplante"})
    assert found(["Même Noël Léger a signé.", "Noël disait que c'était long, pis à Noël il m'a écrit."], index) == [
        ("Noël Léger", "person"), ("Noël", "person")]
    assert found("Un cas de syndrome de Down, un score de Glasgow à 8, l'Apgar à 7 pis à 9. Avant Pâques.", index) == []
    assert found("Pour la Sainte-Catherine, une échelle de Braden pis le signe de Murphy.", index) == []
    # A participant called Noël stays theirs after a preposition.
    assert found("Je l'ai dit à Noël.") == [("Noël", "P03")]


def test_a_lake_or_river_named_with_des_du_de_la_is_one_place():
    assert found("Un chalet au lac des Sables, pis une famille au bord du lac des Écorces, sur la rivière du Nord.") == [
        ("lac des Sables", "place"), ("lac des Écorces", "place"), ("rivière du Nord", "place")]
    assert found("Le quartier Saint-Roch pis le secteur Fleurimont.") == [("Saint-Roch", "place"), ("Fleurimont", "place")]
    # A word in lower case after the link, the kind alone: no name.
    assert found("Le lac des fois gèle tard. Le quartier des spectacles. Le lac est beau.") == []


def test_a_listed_region_in_lower_case_after_de_la_and_its_height():
    assert found("les gens de la haute-matawinie pis de la matanie") == [("haute-matawinie", "place"), ("matanie", "place")]
    assert found("de la basse-côte-nord pis de la matawinie-sud") == [("basse-côte-nord", "place"), ("matawinie-sud", "place")]
    # No listed place after the height, a common word, a capitalised word after "de la".
    assert found("les gens de la haute-ville, de la basse-cour, de la Patrie") == []


def test_an_organisation_by_its_kind_a_complement_and_an_article_or_after_au():
    assert found("deux sages-femmes de la Maison de naissance L'Envol genre six") == [
        ("Maison de naissance L'Envol", "organisation")]
    assert found("On les envoie au Garde-Manger des Pays-d'en-Haut.") == [("Garde-Manger des Pays-d'en-Haut", "organisation")]
    # Nouns of time or geography after "au"/"du", a lower-case complement without a name stay.
    assert found("Au retour du Temps des Fêtes. Au Cap de la Madeleine. Une maison de naissance publique.") == [
        ("Cap de la Madeleine", "place")]


def test_a_full_name_in_lower_case_whose_first_name_is_a_word():
    assert found(["notre présidente prudence ouedraogo a écrit au ministère",
                  "pis ma collègue fleur saint-amour la doula elle arrivait jamais",
                  "Fleur est plus à l'aise avec les familles, elle est à fleur de peau."]) == [
        ("prudence ouedraogo", "person"), ("fleur saint-amour", "person"), ("Fleur", "person")]
    # The words as words: no role or possessive before, a common word after, a session that never named her.
    assert found(["on fait tout avec prudence maintenant", "une fleur saint-jean pis ma fleur préférée",
                  "Fleur de sel, à fleur de peau."]) == []
    # Capitalised, the first name that is a word is listed now: "Ange Bélizaire", "Prudence Ouedraogo".
    assert found("Le papa, Ange Bélizaire, pis Prudence Ouedraogo sont venus.") == [
        ("Ange Bélizaire", "person"), ("Prudence Ouedraogo", "person")]


def test_a_name_cut_over_two_segments_and_initials():
    assert found(["On a beaucoup de familles immigrantes. Je pense à María José",
                  "Restrepo, une maman colombienne, trois enfants."]) == [
        ("María José", "person"), ("Restrepo", "person")]
    # A segment ending with a full stop, a common word or a place at the start of the next one: no surname.
    assert found(["C'est Julie Tremblay.", "Bonjour, tout le monde."]) == [("Julie Tremblay", "person")]
    assert found(["Merci à Julie Tremblay", "Montréal, c'est loin."]) == [
        ("Julie Tremblay", "person"), ("Montréal", "place")]
    # A drug, an acronym, software after a name that ends a segment: no surname.
    assert found(["Merci Julie Tremblay", "Ozempic, ça marche.", "Merci Julie Tremblay", "CLSC, c'est fermé.",
                  "Merci Julie Tremblay", "Teams, jamais."]) == [("Julie Tremblay", "person")] * 3
    assert found("Je vais l'appeler M.-J. pour pas la nommer. Pis J.-F. Tremblay a dit oui.") == [
        ("M.-J.", "person"), ("J.-F. Tremblay", "person")]
    # Provinces and countries by their initials, a title before a surname.
    assert found("Aux É.-U. pis en C.-B., M. Gagnon.") == [("Gagnon", "person")]
    # A participant's compound first name by its initials is the participant.
    assert found("Pis J.-F. a dit oui.", NameIndex.build({"P01": "Jean-François Côté"})) == [("J.-F.", "P01")]


def test_a_new_place_by_its_head_without_ner():
    assert found("Il vient du Nouveau-Mexique pis elle de Nouvelle-Écosse.") == [
        ("Nouveau-Mexique", "place"), ("Nouvelle-Écosse", "place")]
    assert found("La Nouvelle-Année pis le Nouvel-An.") == []


def test_a_child_named_after_la_petite_even_a_word_or_a_town():
    assert found("Pour moi, le cas de la petite Lys, ça m'a marquée. Pis le bébé Rose va bien.") == [
        ("Lys", "person"), ("Rose", "person")]
    # A place that is no first name stays a place; a first name that is a word at a sentence start stays a word.
    assert found("On a visité la Petite-Patrie. La petite Bretagne. Petite Rose de mon jardin.") == [
        ("Petite-Patrie", "place"), ("Bretagne", "place")]
