"""Deidentification rules generalised from the twenty-first and twenty-second held-out parts' misses (issue 13, round
16), organisations and places, each with the words that must stay: a fraternal body or a union with its numbered branch
after a comma, a long association name before the region it serves, a listed place of several words in lower case, and
Broca's aphasia (an eponym, no place)."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def test_a_fraternal_body_or_a_union_with_its_numbered_branch_after_a_comma():
    assert found("Pis le comité des Chevaliers de Vaudreuil, conseil 2817 lui a organisé un souper.") == [
        ("Chevaliers de Vaudreuil, conseil 2817", "organisation")]
    assert found("Mon fils travaille à la Légion royale canadienne, filiale 97 à Joliette, il fait le bar.") == [
        ("Légion royale canadienne, filiale 97", "organisation"), ("Joliette", "place")]
    assert found("Le syndicat Unifor, section locale 1209 appuie la grève.") == [
        ("syndicat Unifor, section locale 1209", "organisation")]
    # Before, the name and its branch were two proposals: now one.
    assert found("les gars du Syndicat des Métallos, section locale 9414 sont venus") == [
        ("Syndicat des Métallos, section locale 9414", "organisation")]


def test_a_section_of_a_text_a_room_or_a_person_stays():
    for text in ("Selon le Code civil, section 3, on peut pas.", "Lisez la Partie deux, section 4 du guide.",
                 "Marie, section 3, c'est ton tour.", "Le CLSC, section 2 est fermé.", "Santé, section 2, ça va.",
                 "Ben, section 3 du formulaire, tu coches.", "la Loi sur la santé, section 2",
                 "le Chapitre quatre, section 12 est long"):
        assert found(text) == [], text
    # A room number after a place or a building adds nothing to it.
    assert found("On se voit à Montréal, local 204, demain.") == [("Montréal", "place")]


def test_a_long_association_name_before_the_region_it_serves():
    assert found("Je suis président de l'Association communautaire haïtienne pour l'entraide et la réussite des jeunes "
                 "de Laval.") == [
        ("Association communautaire haïtienne pour l'entraide et la réussite des jeunes de Laval", "organisation")]
    # The association not capitalised, or a verb among the words: the region alone.
    assert found("l'association communautaire pour l'entraide des jeunes de Laval") == [("Laval", "place")]
    assert found("l'Association est fermée pis les jeunes de Laval attendent") == [("Laval", "place")]


def test_a_listed_place_of_several_words_in_lower_case_after_a_preposition():
    assert found("le chemin est long de kitigan zibi jusqu'à grand-remous l'hiver") == [
        ("kitigan zibi", "place"), ("grand-remous", "place")]
    # Words that are all common words or first names, or an article first, stay to the other rules.
    for text in ("la fête à saint jean pis de la prairie", "elle parle de notre dame des fois",
                 "il vient de grande rivière mais", "à kitigan"):
        assert found(text) == [], text


def test_broca_is_an_eponym_not_a_place():
    assert found("présenter une aphasie de Broca par vidéo, je voyais pas comment") == []
    assert found("l'aire de Broca est touchée", use_ner=False) == []


def test_a_metro_station_named_after_a_listed_place_that_is_a_word():
    assert found("J'habite à Laval, proche du métro Montmorency.") == [("Laval", "place"), ("Montmorency", "place")]
    assert found("la station de métro Montmorency") == [("Montmorency", "place")]
    # A day, a first name, another kind ("la station Orange"), or the word in lower case stay.
    for text in ("le métro Lundi", "au métro Marie", "la station Orange", "des cerises montmorency, le métro montmorency"):
        assert found(text) == [], text


def test_a_ski_resort_or_a_radio_by_its_real_name():
    assert found("il voulait retourner patrouilleur à la Station Mont-Sourire à Saint-Donat") == [
        ("Station Mont-Sourire", "organisation"), ("Saint-Donat", "place")]
    assert found("on passe à l'émission du samedi à Radio Basse-Ville.") == [("Radio Basse-Ville", "organisation")]
    # A common word after the kind, even capitalised mid-sentence, or the kind alone stays.
    for text in ("la Station Spatiale internationale", "j'écoute Radio Canada le matin", "on a écouté la Radio toute la journée",
                 "Station Essence pis on repart", "la Station Lundi"):
        assert found(text) == [], text


def test_a_business_written_as_one_word_with_a_capital_inside_after_chez():
    assert found("kinésiologue chez ErgoMouvement Plus, la succursale de Sainte-Rose.") == [
        ("ErgoMouvement Plus", "organisation"), ("Sainte-Rose", "place")]
    # A word after it that is no word of business is not the name's.
    assert found("on va chez KinéForme Marie demain") == [("KinéForme", "organisation")]
    # A surname with its particle is a person's ("chez McDuff"); no capital inside, no business.
    for text in ("on soupe chez McDuff ce soir", "chez DiNapoli", "chez MacLeod", "on va chez nous autres"):
        assert [f for f in found(text) if f[1] == "organisation"] == [], text


def test_a_part_of_a_town_named_with_its_capitalised_article():
    assert found("je travaille à Longueuil, secteur Le Moyne, pis je fais des gardes") == [
        ("Longueuil", "place"), ("Le Moyne", "place")]
    # A first name, a day or a filler after the article, or the article in lower case, stay.
    for text in ("le secteur La Marie pis le quartier Le Lundi", "le secteur le plus touché, le quartier la nuit",
                 "dans le village Le Mais"):
        assert found(text) == [], text


def test_a_coined_hyphenated_name_after_au_or_chez():
    assert found("La mère allait chercher la nourriture au Dépan-Express, pis à l'association on a trouvé de l'aide.") == [
        ("Dépan-Express", "organisation")]
    # A place (listed, of geography, a saint's or a country's), a feast, a first name, or two common words stay as they were.
    assert found("on est allés au Mont-Royal pis au Vieux-Port") == [("Mont-Royal", "place"), ("Vieux-Port", "place")]
    assert found("il est au Nouveau-Mexique") == [("Nouveau-Mexique", "place")]
    assert found("à la Saint-Jean on fête, chez Jean-Guy") == [("Jean-Guy", "person")]
    assert found("on met ça au Porte-Voix pis au Lave-Vaisselle") == []
