"""Deidentification rules for the study's known names and other people generalised from the seventeenth and eighteenth
held-out parts' misses (issue 13, round 14), each with the words that must stay: a known name cut between its parts
over two segments, a known name that is a word coordinated with another known name before a verb, a relative's first
name no list knows after a word of kin, a surname heard as an article and a word after a title ("maître le bon"), a
particle surname cut over two segments after a title, "le gars à Roy, Sylvain", joined initials after a verb of naming,
a surname after a spelled first name, an unlisted first name before a surname the session named, a lower-case full
name before a trade, and an eponymous disease written with its particle."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": ["Roselène Jean-Baptiste", "Rosie"], "P02": ["Maxime Cormier", "Max"],
                         "P03": "Rania Khoury"})


def found(texts: list[str] | str, index: NameIndex = INDEX, speakers: list[str | None] | None = None, ner: bool = False
          ) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner,
                                    speakers=speakers)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_known_hyphenated_name_cut_between_two_segments():
    cut = ["Je suis d'accord avec madame Jean", "Baptiste, pardon, avec Rosie."]
    assert found(cut) == [[("Jean", "P01")], [("Baptiste", "P01"), ("Rosie", "P01")]]
    # A first name and a surname cut the same way are the participant's too.
    assert found(["C'est ce que disait Rania", "Khoury, tantôt."])[1] == [("Khoury", "P03")]


def test_a_cut_half_stays_a_word_or_another_name_without_the_first_half():
    # The segment before does not end on the first half, or a full stop ends it.
    assert found(["Je suis d'accord avec madame Julie", "Baptiste, pardon, il est venu."])[1] != [("Baptiste", "P01")]
    assert ("Baptiste", "P01") not in found(["On a parlé de Jean. ", "Baptiste est venu."])[1]
    assert ("Baptiste", "P01") not in found(["C'est Jean", "Baptiste est venu."], NameIndex.build({"P01": "Jean Roy"}))[1]
    # In the wrong order: no neighbouring parts.
    assert ("Jean", "P01") not in found(["Avec madame Baptiste", "Jean, pardon."])[1]


def test_a_known_name_that_is_a_word_coordinated_with_another_known_name_before_a_verb():
    assert found("c'est que rania pis max amenaient des cas de région") == [("rania", "P03"), ("max", "P02")]
    assert found("rania et max avaient raison") == [("rania", "P03"), ("max", "P02")]
    assert found("que rania pis max ont parlé") == [("rania", "P03"), ("max", "P02")]


def test_the_word_stays_a_word_without_a_known_name_before_it_or_a_verb_after_it():
    # No known name before the conjunction: "max" is the word ("au max").
    assert found("on pousse pis max amenaient rien") == []
    assert found("le budget pis max deux heures") == []
    # A known name before, but no verb after "max": the word.
    assert found("rania pis max deux fois par semaine") == [("rania", "P03")]
    assert found("rania, max trois patients") == [("rania", "P03")]
    # "dont" is no verb.
    assert found("rania pis max dont on parlait") == [("rania", "P03")]


def test_a_relatives_first_name_no_list_knows_after_a_word_of_kin():
    assert found("sa femme Analyn m'appelait toutes les semaines") == [("Analyn", "person")]
    assert ("Wesner", "person") in found("Son fils Wesner vit à Longueuil depuis dix ans.")
    assert found("pis mon chum Kenold, il travaille de nuit") == [("Kenold", "person")]
    assert found("ma belle-sœur Yannicka qui habite à côté") == [("Yannicka", "person")]


def test_after_a_word_of_kin_products_acronyms_drugs_and_adjectives_stay():
    for text in ("sa femme Ozempic m'a dit", "mon fils SQLite est lent", "sa fille Teams avait planté",
                 "mon fils Covid positif", "ma mère Alzheimer avancé", "son fils Pourtant il vit", "le fils Wesner vit"):
        assert not any(c == "person" for _, c in found(text)), text
    # A professional role is no kin: "un patient Analyn" is a kind of patient at most, the rule of earlier rounds.
    assert found("le patient Kenold avait mal") == []


def test_a_surname_heard_as_an_article_and_a_word_after_a_title_or_maitre():
    assert found("un avocat, maître le bon, euh, Me Lebon") == [("le bon", "person"), ("Lebon", "person")]
    assert found("j'ai vu madame la pointe hier") == [("la pointe", "person")]
    assert found("Me la fleur a signé") == [("la fleur", "person")]


def test_maitre_and_an_article_stay_words_without_a_listed_surname():
    for text in ("c'est le maître mot", "le maître le plus dur", "un maître d'hôtel", "maître la situation",
                 "maître le sujet", "monsieur le maire", "madame la ministre", "le bon maître le sait"):
        assert found(text) == [], text


def test_a_particle_surname_cut_over_two_segments_after_a_title():
    cut = ["des gens comme le docteur Van der", "Berg, pardon, le physiatre de Bathurst."]
    assert found(cut, speakers=["P03", "P03"])[0] == [("Van der", "person")]
    assert ("Berg", "person") in found(cut, speakers=["P03", "P03"])[1]
    # Mid-segment, a lower-case particle after the name still ends the name where no capitalised word follows.
    assert found("le docteur Van der pis les autres")[0] == ("Van", "person")
    # Not at a segment's end after a first name alone.
    assert found("le docteur Paul de")[0] == ("Paul", "person")


def test_an_eponymous_disease_written_with_its_particle_is_nobody():
    assert found("des tendinites de De Quervain aux deux mains", ner=False) == []
    assert found("une ténosynovite de De Quervain", ner=False) == []
    # A person called De Something stays a person.
    assert ("Marc De Koninck", "person") in found("le docteur Marc De Koninck est venu")


def test_someones_son_or_daughter_by_the_parents_name_and_the_childs_first_name_after_it():
    assert found("Le gars à Roy, Sylvain, il s'est fait couper ses indemnités.") == [("Roy", "person"),
                                                                                   ("Sylvain", "person")]
    assert ("Jean-Yves", "person") in found("Le gars à Boudreau, Jean-Yves, il pêche le homard.")
    assert found("Le gars à Pinard, son plus vieux, travaille là") == [("Pinard", "person")]
    assert found("le gars à Chevarie, pas le pêcheur") == [("Chevarie", "person")]
    assert found("le fils à Marie-Josée, Kevin, est là") == [("Marie-Josée", "person"), ("Kevin", "person")]


def test_after_le_gars_a_places_words_and_products_stay():
    assert found("le gars à Montréal, il est venu") == [("Montréal", "place")]
    assert found("ma blonde à Rimouski") == [("Rimouski", "place")]
    for text in ("le gars à côté", "le gars à Pis", "la fille à Sinon", "la femme à Teams", "le gars à Noël",
                 "le gars à Ozempic", "la fille à CLSC", "le gars à Bonjour, oui", "le garage à Roy, Sylvain, oui"):
        assert not any(c == "person" for _, c in found(text)), text
    # The child's name after the parent: a listed first name only.
    assert found("Le gars à Roy, Comptable, il est là") == [("Roy", "person")]


def test_two_initials_written_together_after_a_verb_of_naming():
    assert found("On l'appelle R.L. dans nos notes") == [("R.L.", "person")]
    assert found("Il est surnommé J.P. au travail") == [("J.P.", "person")]


def test_joined_initials_that_say_something_else_or_without_a_verb_of_naming_stay():
    for text in ("on l'appelle P.S. à la fin", "ce qu'on appelle O.K.", "un truc appelé T.V.A. là",
                 "il a envoyé R.L. hier", "je rappelle R.L. demain", "on appelle le 8-1-1"):
        assert found(text) == [], text


def test_a_surname_said_between_commas_after_a_spelled_first_name():
    assert found("une ergonome, Oksana, O-K-S-A-N-A, Bondarenko, qui travaille") == [
        ("Oksana", "person"), ("O-K-S-A-N-A", "person"), ("Bondarenko", "person")]


def test_after_a_spelled_name_words_places_and_first_names_stay_out_and_acronyms_start_nothing():
    for after in ("Sinon, on verra", "Pourtant il vient", "Marie, qui", "Exactement."):
        assert found(f"Oksana, O-K-S-A-N-A, {after}") == [("Oksana", "person"), ("O-K-S-A-N-A", "person")], after
    assert ("Montréal", "place") in found("Oksana, O-K-S-A-N-A, Montréal, qui")
    assert found("le CLSC, C-L-S-C, Bondarenko, qui") == []


def test_a_first_name_no_list_knows_before_a_surname_the_session_named():
    texts = ["le docteur Ouedraogo, le mentor du mardi", "Oui, Issouf Ouedraogo, il est à l'Institut."]
    assert found(texts)[1] == [("Issouf Ouedraogo", "person")]


def test_before_a_surname_named_again_words_places_titles_and_a_sentence_start_stay_out():
    texts = ["le docteur Ouedraogo, le mentor du mardi", "Oui, Sinon Ouedraogo", "à Montréal Ouedraogo",
             "Avec le Dr Ouedraogo", "Merci. Kwame Ouedraogo est venu", "la CNESST Ouedraogo"]
    rows = found(texts)
    assert rows[1] == [("Ouedraogo", "person")]
    assert rows[2] == [("Montréal", "place"), ("Ouedraogo", "person")]
    assert rows[3] == [("Ouedraogo", "person")]
    assert ("Ouedraogo", "person") in rows[4]       # a sentence's start: no first name taken
    assert ("Ouedraogo", "person") in rows[5]


def test_a_full_name_in_lower_case_before_a_trade_and_the_same_name_said_just_before():
    assert found("j'avais un assuré euh Taras taras hnatiuk un soudeur ukrainien qui travaillait") == [
        ("Taras", "person"), ("taras hnatiuk", "person")]
    # A listed first name that is no word starts one too; the surname found alone by an earlier rule goes inside it.
    assert found("j'ai vu halyna kovalchuk une dame ukrainienne") == [("halyna kovalchuk", "person")]


def test_before_a_trade_words_english_and_known_names_stay_as_they_were():
    for text in ("they won't go un chauffeur", "c'est vraiment pas un docteur", "on fait souvent une infirmière",
                 "because anyway un soudeur", "le programme echo un mentor", "il était soudeur un travailleur",
                 "ok fine une patiente", "pis bon ben un intervenant"):
        assert found(text) == [], text
    assert found("avec amélie tremblay une infirmière", NameIndex.build({"P01": "Amélie Tremblay"})) == [
        ("amélie tremblay", "P01")]
