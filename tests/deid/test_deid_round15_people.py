"""Deidentification rules for the study's known names and other people generalised from the nineteenth and twentieth
held-out parts' misses (issue 13, round 15), each with the words that must stay: a known surname heard as a capitalised
article and a word ("C'est Du Pré" for Duperré), a known surname heard as two lower-case words as the subject of a verb
("mais bois vert y connaît"), a disease named after someone by its kind ("la dystrophie de Duchenne" is no Duchesne),
a surname heard as "des"/"du" and a word after a title ("la docteure des chênes"), a family name that is a word after
"les" without the plural's -s ("c'est les Flamand"), a first name the session named in full said again in lower
case as the subject of a verb ("pourquoi tommy se présentait"), a surname after an office or a rank ("le juge
Laterreur"), a nickname or initials after a verb of calling ("On l'appelle Roro", "je les appelle juste F.G. pis L.G."),
"Ti-" and a capitalised word ("Ti-Loup"; not the "Ti" of a participant's "Ti-Dan"), a word between commas after a role
taken up by a pronoun ("Le père, Rami, il") or after a child's rank ("La plus jeune, Rosalie,"), a child called by a
family name in lower case after "la petite" ("la petite petiquay de wemotaci"; "cœur" is the word "coeur"), and a name
no list knows before what the person is to the speaker ("Issa Ouedraogo, c'est mon collègue")."""

from __future__ import annotations

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex

INDEX = NameIndex.build({"P01": "Chantal Duperré", "P02": "Luc Boisvert", "I01": "Nadia Duchesne"})


def found(texts: list[str] | str, index: NameIndex = INDEX, ner: bool = False) -> list:
    """(text, code or category) per detection: one list for one text, one list per text for several."""
    rows = [[(d.original, d.code or d.category) for d in row]
            for row in detect_texts([texts] if isinstance(texts, str) else texts, index, "fr", use_ner=ner)]
    return rows[0] if isinstance(texts, str) else rows


def test_a_known_surname_heard_as_a_capitalised_article_and_a_word():
    assert found("C'est Du Pré, hein, ton nom de famille?") == [("Du Pré", "P01")]
    assert found("On en a parlé avec Du Perré hier.") == [("Du Perré", "P01")]


def test_an_article_and_a_word_stay_words_without_the_capitals_or_a_close_known_name():
    assert found("c'est du pré, hein, pas du champ") == []
    assert found("Du Pré au champ, on a marché.") == []        # the capital at a sentence's start says nothing
    assert found("On mange Du Pain, le dimanche.") == []       # no known name sounds like it
    assert found("la plante Le Pré est verte") == []           # after a determiner


def test_a_known_surname_heard_as_two_lower_case_words_as_a_subject():
    assert found("c'est rare mais bois vert y connaît du monde partout") == [("bois vert", "P02")]
    assert found("pis bois vert est venu lundi") == [("bois vert", "P02")]


def test_two_lower_case_words_stay_words_as_a_thing():
    assert found("mais le bois vert y pousse mal") == []
    assert found("du bois vert y en a plein") == []
    assert found("mais bois vert pis sec, ça brûle mal") == []     # no verb after


def test_a_disease_named_after_someone_by_its_kind_is_no_known_name():
    assert found("Comme pour la dystrophie de Duchenne ou l'amyotrophie spinale.") == []
    assert found("une ataxie de Friedreich, une paralysie de Bell") == []
    # The interviewer's name elsewhere stays hers.
    assert found("Madame Duchesne a posé la question.") == [("Duchesne", "I01")]


def test_a_surname_heard_as_des_or_du_and_a_word_after_a_title():
    assert found("c'est la docteure des chênes qui les suit") == [("des chênes", "person")]
    assert found("le docteur du bois m'a rappelé") == [("du bois", "person")]
    assert found("avec Guylaine des jardins de la clinique") == [("Guylaine des jardins", "person")]


def test_des_or_du_and_a_word_stay_words_without_a_listed_surname():
    assert found("la docteure des urgences m'a rappelé") == []
    assert found("le docteur du village est parti") == []
    assert found("il coupe du bois pis des chênes") == []
    assert found("avec Guylaine des ressources humaines") == [("Guylaine", "person")]


def test_a_family_name_that_is_a_word_after_les_without_the_plural_s():
    assert ("Flamand", "person") in found("Non attends, c'est les Flamand, ils sont à Manawan.")
    assert found("on a soupé chez les Flamand hier") == [("Flamand", "person")]


def test_the_people_after_les_with_the_plural_or_at_a_sentences_start_stay():
    assert found("Non attends, c'est les Flamands, ils parlent néerlandais.") == []
    assert found("Les Flamand sont venus.") == []
    assert found("On a vu les Belges pis les Français.") == []


def test_a_first_name_named_in_full_said_again_in_lower_case_as_a_subject():
    rows = found(["Le jeune, appelons-le Tommy Boivin-Ottawa, avait des conditions.",
                  "j'ai compris pourquoi tommy se présentait jamais le lundi"])
    assert rows[1] == [("tommy", "person")]
    assert found(["Tommy Boivin-Ottawa est venu.", "mais tommy est reparti"])[1] == [("tommy", "person")]


def test_a_lower_case_first_name_stays_without_the_full_name_or_a_verb():
    # Not named in full in the session: nothing to say it again.
    assert found("j'ai compris pourquoi tommy se présentait jamais") == []
    # Named, but no clause opening before or no verb after.
    assert found(["Tommy Boivin-Ottawa est venu.", "le chandail tommy se vend bien"])[1] == []
    assert found(["Tommy Boivin-Ottawa est venu.", "pourquoi tommy hilfiger"])[1] == []
    # An adjective that is a first name stays ("Rose Tremblay", then "pourquoi rose est…" is the colour's talk).
    assert found(["Rose Tremblay est venue.", "pourquoi rose est sa couleur"])[1] == []


def test_a_surname_after_an_office_or_a_rank_said_as_a_title():
    assert found("Le juge Laterreur, au palais, c'est pas la terreur.") == [("Laterreur", "person")]
    assert found("Le sergent Sansfaçon a commencé à référer les gens.") == [("Sansfaçon", "person")]
    assert found("le maire Labeaume pis le curé Gravel") == [("Labeaume", "person"), ("Gravel", "person")]


def test_after_an_office_a_word_or_an_acronym_stays():
    assert found("Le juge Bien sûr a tranché.") == []
    assert found("le juge Lundi matin") == []
    assert ("SPVQ", "person") not in found("le sergent SPVQ")
    # At a sentence's start, the capital says nothing.
    assert found("Le juge. Laterreur, c'est un mot.") == []


def test_a_nickname_or_initials_given_by_a_verb_of_calling():
    assert found("La plus jeune a le syndrome. On l'appelle Roro. Elle est venue.") == [("Roro", "person")]
    assert found("Dans mes notes je les appelle juste F.G. pis L.G., pour pas mettre les noms.") == [
        ("F.G.", "person"), ("L.G.", "person")]


def test_after_a_verb_of_calling_a_word_a_place_or_an_abbreviation_stays():
    assert found("on l'appelle Maman") == []
    assert found("je l'appelle Lundi") == []
    assert found("on l'appelle O.K. pis P.S.") == []
    assert ("Québec", "person") not in found("on l'appelle Québec")


def test_a_nickname_of_ti_and_a_capitalised_word_that_is_a_word():
    assert found("Comme Ti-Loup. Personne sait son vrai nom.") == [("Ti-Loup", "person")]
    assert found("Ti-Coq pis Ti-Jean sont venus") == [("Ti-Coq", "person"), ("Ti-Jean", "person")]


def test_ti_and_a_word_in_lower_case_or_a_drink_stays():
    assert found("un Ti-Punch au rhum") == []
    assert found("on a pris un ti-loup pis des ti-pains") == []


def test_a_word_between_commas_after_a_role_taken_up_by_a_pronoun_or_a_childs_rank():
    assert found("Le père, Rami, il travaille de nuit.") == [("Rami", "person")]
    assert found("La plus jeune, Rosalie, a le syndrome de Leigh.") == [("Rosalie", "person")]


def test_a_pronoun_an_adverb_or_a_day_between_commas_after_a_role_stays():
    assert found("Le père, Lui, il travaille.") == []
    assert found("La mère, Justement, elle part.") == []
    assert found("Le père, Lundi, il part.") == []
    assert found("La plus jeune, Pourtant, a dit non.") == []
    # No pronoun takes the word up: a word stays a word.
    assert found("Le père, Rami, pis les cartes.") == []


def test_the_ti_of_a_known_alias_before_another_word_is_someone_elses_nickname():
    index = NameIndex.build({"P05": ["Daniel Boisvert", "Ti-Dan"]})
    assert found("Comme Ti-Loup. Personne sait son vrai nom.", index) == [("Ti-Loup", "person")]
    # The alias itself stays the participant's.
    assert found("Pis Ti-Dan est venu.", index) == [("Ti-Dan", "P05")]
    assert found("pis ti-dan est venu", index) == [("ti-dan", "P05")]


def test_ti_and_a_capitalised_word_after_a_determiner_is_a_little_thing():
    assert found("un Ti-Bonhomme pis le Ti-Loup en peluche") == []


def test_a_child_called_by_a_family_name_in_lower_case_after_la_petite():
    assert ("petiquay", "person") in found("on a une fille euh la petite petiquay de wemotaci qui dort au parc")
    assert found("le petit kurtness qui vient en répit") == [("kurtness", "person")]


def test_a_word_or_a_pet_name_after_la_petite_stays():
    assert found("la petite fille de wemotaci qui dort") == [("wemotaci", "place")]
    assert found("la petite poupoune de mon cœur, le petit toutou qui jappe") == []
    assert found("la petite frisette, elle dort") == []
    assert found("le petit gars de chez nous qui arrive") == []
    # No "de", "qui", comma or verb after it.
    assert found("la petite petiquay maison") == []


def test_a_word_written_with_a_ligature_is_the_word_not_a_lower_case_surname():
    # "cœur" is "coeur" of the word list: no surname in apposition to "le petit".
    assert found("de mon cœur, le petit") == []


def test_a_name_no_list_knows_then_what_the_person_is_to_the_speaker():
    assert found("Oui, Issa Ouedraogo, c'est mon collègue à l'Institut.") == [("Issa Ouedraogo", "person")]
    assert found("Pis Ouedraogo, ma voisine, est venue.") == [("Ouedraogo", "person")]


def test_a_word_a_place_or_an_acronym_before_what_it_is_to_the_speaker_stays():
    assert found("Oui, Bref, c'est mon collègue.") == []
    assert found("Le CLSC, c'est mon employeur.") == []
    assert ("Québec", "person") not in found("On va à Québec, c'est ma ville.")
    # What follows is no role: nothing to say "person".
    assert found("Oui, Ouedraogo, c'est mon quartier.") == []
