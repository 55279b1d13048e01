"""Deidentification rules generalised from the nineteenth and twentieth held-out parts' misses (issue 13, round 15),
organisations and places, each with the words that must stay: a bridge, an overpass or a park named in lower case, a
listed neighbourhood after "dans", a church by its confession and community, a parish in lower case, a public body of
justice with its town, and a greeting or a drug NER took for a name."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import entities
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str, use_ner: bool = False) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=use_ner) for d in row]


def test_a_bridge_an_overpass_or_a_park_with_its_name_in_any_case():
    assert found("J'ai dormi trois mois en dessous du pont Laviolette. Personne m'attendait.") == [
        ("pont Laviolette", "place")]
    assert found("ils reçoivent des tickets pour avoir flâné sous le viaduc dufferin faut garder la flamme") == [
        ("viaduc dufferin", "place")]
    assert found("la petite qui dort au parc cartier-brébeuf depuis le mois de mai") == [("parc cartier-brébeuf", "place")]
    assert found("on passait par le tunnel wellington en char") == [("tunnel wellington", "place")]


def test_a_bridge_or_a_park_named_by_a_common_word_stays():
    for text in ("le pont couvert pis le parc linéaire, c'est beau", "un pont suspendu, le parc national, le parc municipal",
                 "le pont tournant, un parc pour chiens, le parc école", "il a un tunnel carpien", "on fait le pont entre eux",
                 "au parc avec les enfants", "le pont lundi", "on se voit au parc demain"):
        assert found(text) == [], text


def test_a_listed_neighbourhood_in_lower_case_after_dans():
    assert found("je suis travailleuse de rue à saint-roch pis dans limoilou avec eux") == [
        ("saint-roch", "place"), ("limoilou", "place")]
    # A common word or a word no list holds stays: "dans laval" is ambiguous by the list (a word), "dans lequel".
    assert found("dans lequel on vit, dans cartier, dans la maison") == []


def test_a_church_by_its_confession_and_community():
    assert found("Ils vont à l'église orthodoxe roumaine Saint-Nicolas, pis c'est là qu'ils ont trouvé de l'aide.") == [
        ("église orthodoxe roumaine Saint-Nicolas", "organisation")]
    assert found("la paroisse catholique portugaise Santa Cruz aide les familles") == [
        ("paroisse catholique portugaise Santa Cruz", "organisation")]
    assert found("une famille roumaine, l'église orthodoxe est loin") == []


def test_a_parish_in_lower_case_by_its_hyphenated_saint():
    assert found("on le voit dans le sous-sol de la paroisse saint-fidèle il a pris du poids") == [
        ("paroisse saint-fidèle", "organisation")]
    assert found("l'église sainte-anne est fermée") == [("église sainte-anne", "organisation")]
    # The saint after something else, or a feast, is no parish.
    assert found("la paroisse pis la fête à la sainte-vierge, l'église saint") == []


def test_a_public_body_of_justice_with_its_listed_town():
    assert found("Le juge était au palais de justice de Québec, c'est pas la terreur.") == [
        ("palais de justice de Québec", "organisation")]
    assert found("Pour les dossiers, je travaille au bureau d'aide juridique de Chomedey. La travailleuse") == [
        ("bureau d'aide juridique de Chomedey", "organisation")]
    assert found("le palais de justice de montréal") == [("palais de justice de montréal", "organisation")]
    # Without a listed town it names nobody.
    for text in ("au palais de justice de la ville", "le bureau d'aide juridique de mon quartier", "au palais de justice",
                 "le poste de police de proximité", "l'hôtel de ville de demain"):
        assert found(text) == [], text


@pytest.mark.skipif(not entities.ner_available(), reason="the French NER model is not installed")
def test_a_greeting_and_a_drug_are_no_names_for_ner():
    assert found("Hola, euh, bonjour! Moi je suis travailleuse sociale.", use_ner=True) == []
    assert found("Comme pour l'amyotrophie spinale avec le Spinraza, il a tout résumé.", use_ner=True) == []


def test_the_lists_hold_the_greeting_and_the_drug():
    assert "hola" in entities._GREETINGS
    assert "spinraza" in entities.DRUG_BRANDS


def test_a_long_foundation_name_with_its_cause_and_region():
    assert found("La fondation, c'est la Fondation pour l'avancement de la recherche sur les maladies héréditaires rares "
                 "de l'enfant du Saguenay–Lac-Saint-Jean, pis elle paie.") == [
        ("Fondation pour l'avancement de la recherche sur les maladies héréditaires rares de l'enfant du "
         "Saguenay–Lac-Saint-Jean", "organisation")]
    assert found("pis la Fondation pour les enfants de Laval") == [("Fondation pour les enfants de Laval", "organisation")]
    # A verb or a pronoun after the kind: the sentence goes on, the town stays a place.
    assert found("la Fondation elle est venue pis les gens de Laval aiment ça") == [("Laval", "place")]


def test_an_employer_by_its_kind_in_apposition_or_introduced():
    assert found("Avant je travaillais pour Placement Express, une agence, je lavais de la vaisselle.") == [
        ("Placement Express", "organisation")]
    assert found("il travaillait de nuit pour une agence, Main-d'œuvre Rapido, pis l'agence l'appelait.") == [
        ("Main-d'œuvre Rapido", "organisation")]
    # A first name, a listed town or a filler before the kind stays what it is.
    assert found("je travaillais pour Marie, une amie.") == [("Marie", "person")]
    assert found("Je parle avec Laval, une entreprise. avec Bon, une agence") == [("Laval", "place")]
    assert found("je travaillais pour une agence, pis c'était dur") == []


def test_a_band_council_by_its_name_in_its_language():
    assert found("elle nous a dit que le Pekuakamiulnuatsh Takuhikan payait le transport") == [
        ("Pekuakamiulnuatsh Takuhikan", "organisation")]
    assert found("le conseil de bande payait le transport") == []


def test_an_english_hospital_by_its_town_and_a_possessive():
    assert found("présenté par le docteur Andrew McKenna du Montreal Children's, c'était excellent.") == [
        ("Andrew McKenna", "person"), ("Montreal Children's", "organisation")]
    # A place with a possessive stays a place; a possessive after no listed town is no hospital.
    assert found("il est allé à Campbell's Bay pis au McDonald's") == [("Campbell's Bay", "place")]


def test_a_program_by_a_hyphenated_acronym():
    assert found("je consulte au CIUSSS de la Capitale-Nationale pis au PAJ-SM, le programme d'accompagnement") == [
        ("CIUSSS de la Capitale-Nationale", "organisation"), ("PAJ-SM", "organisation")]
    # A condition's acronyms or a word in capitals, a number: no program.
    assert found("le TSA-TDAH pis la COVID-19, le TED-NS") == []


def test_a_town_abroad_by_a_spanish_or_portuguese_head():
    assert found("Une maman salvadorienne, de San Miguel, elle a pas encore sa carte.") == [("San Miguel", "place")]
    assert found("sa famille était retournée à Ponta Delgada. Diabétique") == [("Ponta Delgada", "place")]
    assert found("il vient de Rio de Janeiro pis à São Paulo") == [("Rio de Janeiro", "place"), ("São Paulo", "place")]
    # A drink, a head alone or a head before a filler stays.
    assert found("un verre de Porto Lundi, du Porto, à Rio, de Santa Oui") == []


def test_an_employer_by_capitalised_words_after_a_verb_of_work():
    assert found("pis le père travaille pour Tutorat Cap Réussite, il donne des cours le samedi.") == [
        ("Tutorat Cap Réussite", "organisation")]
    assert found("elle travaille pour Hydro Québec depuis dix ans") == [("Hydro Québec", "organisation")]
    # A person or a listed place after the verb stays what it is.
    assert found("il travaille pour Jean Tremblay") == [("Jean Tremblay", "person")]
    assert found("il travaille pour Trois-Rivières") == [("Trois-Rivières", "place")]


def test_a_playful_group_in_lower_case_named_by_its_kind_right_after():
    assert found("je suis travailleuse de rue pis avec les petits bobos euh l'organisme de réduction des méfaits") == [
        ("les petits bobos", "organisation")]
    assert found("je vais à la petite marmite, un organisme du quartier") == [("la petite marmite", "organisation")]
    # People, a place's words or one word before the kind stay.
    for text in ("on travaille avec les autres intervenants, l'organisme paie.", "avec les jeunes de la rue, l'organisme",
                 "avec les familles immigrantes, l'organisme", "avec le monde du quartier euh l'organisme",
                 "avec eux, l'organisme", "avec les petits bobos qu'on a tous"):
        assert found(text) == [], text


def test_an_organisation_named_again_without_its_article():
    rows = detect_texts(["je suis avec les petits bobos euh l'organisme de réduction des méfaits",
                         "nous autres aux petits bobos on a une ligne pour ça"], INDEX, "fr", use_ner=False)
    assert [[(d.original, d.category) for d in row] for row in rows] == [
        [("les petits bobos", "organisation")], [("petits bobos", "organisation")]]
    # Not named in the session: the words stay words.
    assert found("nous autres aux petits bobos on a une ligne pour ça") == []


def test_a_street_of_one_word_where_one_lives_with_its_town():
    assert found("Il reste sur Racine à Chicoutimi.") == [("Racine", "place"), ("Chicoutimi", "place")]
    # A first name or a day is no street; no listed town after it, no street either.
    assert found("il reste sur Marie à Laval. elle vit sur Lundi à Québec.") == [("Laval", "place"), ("Québec", "place")]
    assert found("il reste sur Racine à Bonjour") == []
    assert found("elle compte sur Racine à Chicoutimi") == [("Chicoutimi", "place")]


def test_a_community_organisation_stops_where_the_sentence_goes_on():
    # A verb, a pronoun or "pis" among the lower-case words after the kind: no name runs on to the town.
    assert found("la Fondation a donné pis les gens de Laval aiment ça") == [("Laval", "place")]
    assert found("le Centre qui est proche de Laval") == [("Laval", "place")]
    # "à" is no verb: the name keeps it.
    assert found("il va à la Maison d'aide à la famille de Laval") == [("Maison d'aide à la famille de Laval", "organisation")]
    assert found("le Centre d'action bénévole des Seigneuries aide") == [
        ("Centre d'action bénévole des Seigneuries", "organisation")]


def test_a_soup_kitchen_or_food_bank_in_lower_case_named_by_a_virtue():
    assert found("on le voit encore à la soupe du cœur dans le sous-sol") == [("soupe du cœur", "organisation")]
    assert found("au comptoir de l'espoir, ils donnent des paniers") == [("comptoir de l'espoir", "organisation")]
    # The heart of medicine, a soup, a home of one's own stay.
    for text in ("les maladies du cœur pis la chirurgie du cœur", "une soupe aux légumes", "la maison de mon enfance",
                 "le bruit du cœur", "la soupe du jour"):
        assert found(text) == [], text
