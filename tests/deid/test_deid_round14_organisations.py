"""Deidentification rules generalised from the seventeenth and eighteenth held-out parts' misses (issue 13, round 14),
organisations and places, each with the words that must stay: ministries by their domains, a mission with its city, a
firm by its partners and their profession, an English name with its branch number, a funeral home, a residence's kind,
a long official name before the region it serves, a company by its product, a rang named by a hyphenated name with
connectors, and English places ("Fort McMurray", "Labrador City")."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})


def found(text: str) -> list[tuple[str, str]]:
    return [(d.original, d.code or d.category) for row in detect_texts([text], INDEX, "fr", use_ner=False) for d in row]


def test_a_ministry_by_its_capitalised_domains():
    assert found("Pis que le ministère de la Santé et des Services sociaux finance le soutien à domicile.") == [
        ("ministère de la Santé et des Services sociaux", "organisation")]
    assert found("le ministère de l'Immigration, de la Francisation et de l'Intégration nous a écrit.") == [
        ("ministère de l'Immigration, de la Francisation et de l'Intégration", "organisation")]
    assert found("Il a appelé le Ministère des Anciens Combattants pour sa pension.") == [
        ("Ministère des Anciens Combattants", "organisation")]
    assert found("le ministère de la Défense nationale paie.") == [("ministère de la Défense nationale", "organisation")]


def test_a_ministry_stops_before_the_verb_and_stays_out_in_lower_case():
    assert found("le ministère de la santé a dit non.") == []
    assert found("Le ministère a dit non, pis le ministère paie pas.") == []
    assert found("le ministère de la Santé finance pas ça.") == [("ministère de la Santé", "organisation")]


def test_a_capitalised_mission_takes_its_listed_city():
    assert found("Le Consulat général d'Haïti à Montréal nous avait aidés pour les papiers.") == [
        ("Consulat général d'Haïti à Montréal", "organisation")]
    # In lower case the mission and the town stay two (round 13).
    assert found("le consulat général du Guatemala à Montréal, c'est plus compliqué.") == [
        ("consulat général du Guatemala", "organisation"), ("Montréal", "place")]
    # A capitalised word after "à" that is no listed place stays out.
    assert found("Le Consulat général d'Haïti à Noël était fermé.") == [("Consulat général d'Haïti", "organisation")]


def test_a_firm_by_its_partners_and_their_profession():
    assert found("On a pris un avocat chez Grondin Labbé avocats, maître Lebon.")[0] == (
        "Grondin Labbé avocats", "organisation")
    assert found("Le contrat est chez Bérubé Sirois notaires depuis mars.") == [("Bérubé Sirois notaires", "organisation")]
    # The profession alone, or after words that are no names, stays.
    assert found("Les deux avocats ont parlé. Mes avocats étaient bons.") == []
    assert found("Les Bons Comptables sont partis.") == []


def test_an_english_name_with_its_branch_number():
    assert found("moi je fais un groupe à la Royal Canadian Legion Branch 10, because les vétérans") == [
        ("Royal Canadian Legion Branch 10", "organisation")]
    assert found("à la Royal Canadian Legion depuis 10 ans.") == [("Royal Canadian Legion", "organisation")]


def test_a_funeral_home_by_its_family_name():
    assert found("on a déjà tout réglé au Complexe funéraire Houle, à l'hôpital") == [
        ("Complexe funéraire Houle", "organisation")]
    assert found("la résidence funéraire Lemieux et Fils a appelé.")[0][1] == "organisation"
    assert found("le salon funéraire était plein.") == []


def test_a_residence_named_after_its_kind():
    assert found("On a une résidence, Le Manoir Prestige des Bois-Francs, un beau nom de marketing.") == [
        ("Le Manoir Prestige des Bois-Francs", "organisation")]
    assert found("Avant, je travaillais au Manoir du Fleuve, une résidence privée à La Malbaie.") == [
        ("Manoir du Fleuve", "organisation"), ("La Malbaie", "place")]
    assert found("Il habite au domaine de la forêt depuis mars.") == []


def test_a_long_official_name_before_its_region():
    assert found("Nous on réfère au Centre intégré de réadaptation physique et de réintégration au travail de "
                 "Chaudière-Appalaches, mais la liste est longue.") == [
        ("Centre intégré de réadaptation physique et de réintégration au travail de Chaudière-Appalaches",
         "organisation")]
    # A kind at a sentence's start, or a verb between: the region alone.
    assert found("Le Centre est fermé pis il va au travail de Chaudière-Appalaches.") == [
        ("Chaudière-Appalaches", "place")]
    assert found("il va au centre intégré de réadaptation physique de Chaudière-Appalaches.") == [
        ("Chaudière-Appalaches", "place")]


def test_a_company_by_its_product():
    assert found("je travaille pour Minerai de fer Lac-Perdu à Fermont, ça fait six ans.") == [
        ("Minerai de fer Lac-Perdu", "organisation"), ("Fermont", "place")]
    assert found("il y a du bois de Lévis, du minerai de fer de Fermont.") == [("Lévis", "place"), ("Fermont", "place")]


def test_a_rang_named_by_a_hyphenated_name_with_connectors():
    assert found("J'ai des clients dans le rang du Bas-de-la-Rivière à Sainte-Monique.") == [
        ("rang du Bas-de-la-Rivière", "place"), ("Sainte-Monique", "place")]
    assert found("la rue Notre-Dame-de-Grâce est fermée.") == [("rue Notre-Dame-de-Grâce", "place")]
    assert found("il est au rang de la mort.") == []


def test_english_places_with_a_scottish_name_or_a_city():
    assert found("il est à Fort McMurray pour la paye.") == [("Fort McMurray", "place")]
    assert found("le plus proche c'est à Labrador City, de l'autre bord.") == [("Labrador City", "place")]
    assert found("The City was closed. On a un fort mcmurray.") == []


def test_the_magdalen_islands_by_their_capital():
    assert found("Aux Îles on est loin de tout.") == [("Îles", "place")]
    assert found("Je travaille aux Îles-de-la-Madeleine.") == [("Îles-de-la-Madeleine", "place")]
    assert found("On va aux îles grecques cet été.") == []


def test_a_group_named_by_a_phrase_after_its_kind():
    assert found("Y en a qui vont au groupe Les Tannés d'avoir mal, à Disraeli, le mardi soir.")[0] == (
        "groupe Les Tannés d'avoir mal", "organisation")
    # A verb or a pronoun in the phrase, no punctuation after it, a filler or a day first: a sentence, not a name.
    assert found("Le groupe Les gars sont partis, pis.") == []
    assert found("le groupe Le Monde est petit.") == []
    assert found("le groupe La Semaine passée, on a parlé.") == []


def test_a_mutual_insurer_by_its_name():
    assert found("je suis gestionnaire de dossiers chez Mutuelle Assurance Appalaches, au bureau de Lévis.") == [
        ("Mutuelle Assurance Appalaches", "organisation"), ("Lévis", "place")]
    assert found("la mutuelle paie pas tout.") == []


def test_a_street_named_after_a_person_where_one_lives_or_keeps_a_shop_on_it():
    assert found("elle reste sur Pie-IX proche de Henri-Bourassa.") == [("Pie-IX", "place"), ("Henri-Bourassa", "place")]
    assert found("il avait une épicerie sur Jean-Talon.") == [("Jean-Talon", "place")]
    # A compound first name after "sur" is a person; "sur" without a cue of living or trading stays.
    assert ("Jean-Pierre", "place") not in found("Son bureau compte sur Jean-Pierre pour ça.")
    assert ("Marie-Ève", "place") not in found("elle reste sur Marie-Ève, pour vrai.")
    assert found("On a parlé sur Jean-Talon hier.") == []


def test_an_organisation_of_a_nation_named_in_its_language():
    assert ("Innu Takuaikan", "organisation") in found("À Uashat on travaille avec Innu Takuaikan, pis l'intervenant.")
    # Another nation's name, a word or a first name after the nation: no organisation.
    assert found("Les Innu Montagnais sont venus. Les Inuit Sont forts.") == []
    assert ("Innu Michel", "organisation") not in found("Un Innu Michel est venu.")


def test_an_ambulance_company_by_its_region():
    assert found("Le transport, c'est Ambulances du Témis qui le fait.") == [("Ambulances du Témis", "organisation")]
    assert found("les ambulances du coin sont lentes.") == []


def test_a_name_then_what_it_is_in_apposition():
    assert found("Y a aussi Bridgestone, le gros employeur à Joliette, qui a commandité.") == [
        ("Bridgestone", "organisation"), ("Joliette", "place")]
    # A first name, a listed place, a word, a sentence's start or an acronym before the apposition: no organisation.
    assert ("Marie", "organisation") not in found("Pis Marie, une ressource en or, est venue.")
    assert found("On est allés à Joliette, une entreprise de Montréal.") == [("Joliette", "place"), ("Montréal", "place")]
    assert found("Bonjour, une entreprise a appelé. Merci, un groupe viendra.") == []
    assert found("Le CLSC, un organisme public, a fermé.") == []
    # A hyphenated compound is one word: "Entre-Mères" is no word; a part that is a verb, a first name or a word of
    # geography, or a listed place or region, is none.
    assert found("Pis Entre-Mères, un groupe d'entraide, a une page.") == [("Entre-Mères", "organisation")]
    assert found("On a dit Peut-Être, une entreprise le fera.") == []
    assert found("Il a vu Grand-Mère, une usine.") == [("Grand-Mère", "place")]
    assert found("Au Saguenay-Lac-Saint-Jean, un groupe existe.") == [("Saguenay-Lac-Saint-Jean", "place")]
