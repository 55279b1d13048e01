"""Deidentification rules for other people generalised from the sixteenth held-out part's misses (issue 13, round 13),
each with the words that must stay: a surname that is a word cut over two segments by the same speaker, a full name in
lower case with a Scottish or Irish surname, a name written near its spelling with its surnames after it."""

from __future__ import annotations

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from tests.exports_helpers import build_hard_cases

INDEX = NameIndex.build({"P01": "Alexis Beauregard", "P02": "Rosalie Nadeau-Pichette"})


def found(texts: list[str] | str, index: NameIndex = INDEX, speakers: list[str | None] | None = None
          ) -> list[list[tuple[str, str]]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts(texts, index, "fr", use_ner=False, speakers=speakers)]


CUT = ["Pis faut que je parle du docteur Jean-Marc", "Bonhomme, euh, le médecin qui vient le mardi soir."]


def test_a_surname_that_is_a_word_cut_over_two_segments_by_the_same_speaker():
    assert found(CUT, speakers=["P01", "P01"]) == [[("Jean-Marc", "person")], [("Bonhomme", "person")]]
    # Alone in its segment too.
    assert found(["On a vu madame Julie", "Bonhomme"], speakers=["P01", "P01"])[1] == [("Bonhomme", "person")]


def test_a_word_after_a_cut_name_stays_a_word_without_every_cue():
    # Another speaker, or nobody known to speak (a note): no cut name.
    assert found(CUT, speakers=["P01", "P02"])[1] == []
    assert found(CUT)[1] == []
    # No title before the first name, or a surname already there.
    assert found(["Pis faut que je parle de Jean-Marc", CUT[1]], speakers=["P01", "P01"])[1] == []
    assert found(["Je parle du docteur Jean-Marc Tremblay", CUT[1]], speakers=["P01", "P01"])[1] == []
    # No comma after the word: a sentence goes on ("Bonhomme qui rit").
    assert found([CUT[0], "Bonhomme qui rit, c'est lui."], speakers=["P01", "P01"])[1] == []
    # Frequent words, adverbs and discourse words at the start of the next segment.
    for start in ("Question, elle est où?", "Heureusement, il était là.", "Exactement, c'est lui.",
                  "Problème, il part.", "Justement, on en parlait.", "Demain, on verra."):
        assert found([CUT[0], start], speakers=["P01", "P01"])[1] == [], start


def test_a_cut_surname_that_is_no_word_needs_no_speaker():
    # The rule of earlier rounds is unchanged: a word that is no common word.
    assert found(["Je pense à María José", "Restrepo, une maman colombienne"])[1] == [("Restrepo", "person")]
    assert found(["Je pense à María José", "Restrepo, une maman colombienne"], speakers=["P01", "P01"])[1] == [
        ("Restrepo", "person")]
    # Another speaker starts: what they say first is not the end of the other's sentence.
    assert found(["Je pense à María José", "Restrepo, une maman colombienne"], speakers=["P01", "M1"])[1] == []


def test_the_speaker_of_each_segment_reaches_the_cut_name_rule(study, tmp_path):
    # Through the app's detection run: the segments' speakers are passed on.
    transcript = tmp_path / "cut.txt"
    transcript.write_text("P01 | 10 | Pis faut que je parle du docteur Jean-Marc\n"
                          "P01 | 20 | Bonhomme, euh, le médecin du mardi soir.\n"
                          "P02 | 30 | Du docteur Jean-Marc\n"
                          "P01 | 40 | Bonhomme, oui, c'est lui.\n", encoding="utf-8")
    people = [("M1", "interviewer", "Gabrielle Thibodeau", []), ("P01", "participant", "Alexis Beauregard", []),
              ("P02", "participant", "Rosalie Nadeau-Pichette", [])]
    session_id = build_hard_cases(study, transcript, "CUT1", people)
    deidentify.run_detection(study, session_id, use_ner=False)
    proposed = [(r.segment_id, r.original) for r in deidentify.list_replacements(study, session_id)]
    bonhommes = [segment for segment, original in proposed if original == "Bonhomme"]
    assert len(bonhommes) == 1 and [o for _s, o in proposed].count("Jean-Marc") == 2
    first_bonhomme = min(s for s, o in proposed if o == "Jean-Marc")
    assert bonhommes == [first_bonhomme + 1]      # the same speaker's segment, not the one after a change of speaker


def test_a_full_name_in_lower_case_with_a_scottish_or_irish_surname():
    assert found("un gars, tyler mckenzie, anglophone, qui vivait dans un sous-sol") == [
        [("tyler mckenzie", "person")]]
    assert found("pis ryan macdonald est venu hier") == [[("ryan macdonald", "person")]]
    # Words that start so stay ("machin", "machine", "macaron"), and a first name that is a word needs a role.
    assert found("on a mangé chez marc machin, pis jean machine, luc macaron") == [[]]
    assert found("avec prudence mcguire on avance") == [[]]


def test_a_name_written_near_its_spelling_keeps_its_two_surnames():
    row = found("Il y a aussi une femme, Yuridia Hernández López, de Oaxaca. Ça s'écrit Y-U-R-I-D-I-A, à "
                "l'hôpital ils l'écrivaient toujours mal.")[0]
    assert ("Yuridia Hernández López", "person") in row and ("Y-U-R-I-D-I-A", "person") in row
    # No surname after it: the name alone; a word or a town after it stays out.
    assert found("Comme Qalingo, ça s'écrit Q-A-L-I-N-G-O.")[0] == [("Qalingo", "person"), ("Q-A-L-I-N-G-O", "person")]
    row = found("Yuridia Montréal Pourtant, ça s'écrit Y-U-R-I-D-I-A.")[0]
    assert ("Yuridia", "person") in row and not any("Pourtant" in o for o, _c in row)


def test_a_spanish_name_with_two_surnames():
    assert found("avec Carlos Ruiz Moreno ce matin") == [[("Carlos Ruiz Moreno", "person")]]
    assert found("C'est Juan Pérez y Gómez qui traduit.") == [[("Juan Pérez y Gómez", "person")]]
    assert found("avec Ana María Sánchez de la Cruz ce matin") == [[("Ana María Sánchez de la Cruz", "person")]]
    # A town, a word, a first name after "y", a French surname first: the name ends where it ended.
    assert found("avec Carlos Ruiz Montréal") == [[("Carlos Ruiz", "person"), ("Montréal", "place")]]
    assert found("On a vu Pedro Gómez Rosa, la robe rose.") == [[("Pedro Gómez", "person")]]
    assert found("avec Pedro Gómez y Luis Ruiz") == [[("Pedro Gómez", "person"), ("Luis Ruiz", "person")]]
    assert ("Marie Tremblay Santos", "person") not in found("Marie Tremblay Santos")[0]


def test_a_spanish_name_with_two_surnames_in_lower_case():
    assert found("yuridia hernández lópez est venue") == [[("yuridia hernández lópez", "person")]]
    assert found("avec carlos ruiz moreno hier") == [[("carlos ruiz moreno", "person")]]
    # A word after the name stays.
    assert found("avec carlos ruiz hier pis") == [[("carlos ruiz", "person")]]


def test_initials_without_dots_said_for_a_compound_first_name():
    assert found("avec JF hier soir") == [[("JF", "person")]]
    assert found("JF m'a dit que ça marchait.") == [[("JF", "person")]]
    assert found("Pis MC est venue au local.") == [[("MC", "person")]]
    assert found("le gars à Ginette aussi, JF, il travaille là-bas")[0][-1] == ("JF", "person")


def test_acronyms_and_initials_without_a_cue_stay():
    # Acronyms of three letters or more, two capitals that say something else, a determiner, no cue.
    assert found("avec le CLSC, la RAMQ pis le GMF, ECHO, la PrEP, le VIH: avec TV, OK, il faut.") == [
        [("RAMQ", "organisation")]]
    assert found("le MC est arrivé, un JF de plus, la MP a dit") == [[]]
    assert found("JF, c'est bon. Le dossier JF.") == [[]]
    # Two capitals that are no French compound first name's initials.
    assert found("avec QZ hier, pis XW m'a dit") == [[]]


def test_a_saints_place_is_no_person_called_by_its_second_part():
    # Without the rule, "Paule" became a person introduced by "un petit village" and "Sainte-" stayed in the text.
    assert found("Elle vient de Sainte-Paule, un petit village.") == [[("Sainte-Paule", "place")]]
    assert found("Elle vient de St-Paule, un petit village.") == [[("St-Paule", "place")]]
    # A compound first name with the same part stays a person.
    assert found("Mon amie Marie-Paule, une infirmière") == [[("Marie-Paule", "person")]]


def test_a_surname_that_is_a_town_after_chez_is_a_person():
    assert found("Je vais souper chez Tremblay demain.") == [[("Tremblay", "person")]]
    # "à" a town stays a town; a first name and surname, a saint's name (a chain named after a town) are not this rule's.
    assert found("On reste à Tremblay.") == [[("Tremblay", "place")]]
    assert found("chez Paule Tremblay") == [[("Paule Tremblay", "person")]]
    assert found("On a mangé chez St-Hubert.") == [[("St-Hubert", "place")]]
    # A known name after "chez" is the participant's.
    assert found("On s'est vus chez Beauregard.") == [[("Beauregard", "P01")]]


def test_the_rest_of_a_surname_cut_inside_the_word_over_two_segments():
    assert found(["La conseillère, madame Beau", "pré, Beaupré, elle était correcte"], speakers=["P04", "P04"])[1][0] == (
        "pré", "person")
    # The joined word named nowhere in the session, another speaker, or no comma after the piece: it stays.
    assert found(["La conseillère, madame Beau", "pré, elle était correcte"], speakers=["P04", "P04"])[1] == []
    assert found(["La conseillère, madame Beau", "pré, Beaupré, elle était là"], speakers=["P04", "M1"])[1] == [
        ("Beaupré", "place")]
    assert found(["On a vu madame Rose", "ment on a vu Rosement"], speakers=["P04", "P04"])[1][:1] != [("ment", "person")]


def test_a_first_name_known_by_its_workplace():
    row = found("La seule affaire qui marche, c'est la pharmacie. Luc à la Pharmacie Familiprix de Baie-Saint-Paul, il "
                "livre.")[0]
    assert row[0] == ("Luc", "person")
    assert found("c'est Sylvain du Conseil régional FTQ Québec qui a dû")[0][0] == ("Sylvain", "person")
    assert found("Pis Rose du CLSC Côte-des-Neiges m'a dit")[0][0] == ("Rose", "person")
    # A first name that is a word at a sentence's start, after a determiner, a holiday, inside a longer name: it stays.
    for text in ("Rose du CLSC Côte-des-Neiges.", "la Rose du CLSC Côte-des-Neiges", "à Noël du CLSC Côte-des-Neiges",
                 "la Fondation Luc de la Fondation Chagnon"):
        assert not any(c == "person" for _o, c in found(text)[0]), text


def test_a_listed_first_name_in_lower_case_after_a_role_and_before_qui():
    assert found("pis mon gars mathis qui a le même âge") == [[("mathis", "person")]]
    assert found("ma mère aurore qui est venue") == [[("aurore", "person")]]
    # An adjective after a role, a word no list has as a first name: they stay.
    assert found("ma fille rose qui danse, son frère cadet qui rit, mon patient principal qui tousse") == [[]]


def test_a_frequent_surname_written_as_an_article_and_a_word_after_a_first_name():
    assert found("on a un comité paritaire avec Guylaine le beau des ressources humaines.") == [
        [("Guylaine le beau", "person")]]
    assert found("le docteur Jean-Marc le beau") == [[("Jean-Marc le beau", "person")]]
    # No such surname ("la grande"), or after a full name: the words stay.
    assert found("avec Guylaine la grande salle") == [[("Guylaine", "person")]]
    assert ("Guylaine Tremblay", "person") in found("avec Guylaine Tremblay le beau matin")[0]
