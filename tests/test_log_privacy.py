"""The log files never hold names or transcript text: a realistic flow (named participants imported from a
CSV, consent, a focus group with a transcript that quotes the names, deidentification, a DOCX export, the
main window, errors quoting a name) and then every log file is scanned."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from echo_fieldwork import logs
from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.errors import UserError
from tests.consent_helpers import cli_fill_consent_form
from tests.transcription.helpers import espeak_wav

NAMES = ["Marie-Ève Tremblay", "Jean-François Lavoie", "Gisèle Ouellette"]
EMAIL = "gisele.ouellette@exemple.qc.ca"
SPOKEN = [
    "Bonjour, je m'appelle Marie-Ève Tremblay et je suis infirmière depuis douze ans.",
    "Jean-François Lavoie ici, le télémentorat m'a surtout aidé la nuit.",
    "Moi c'est Gisèle, j'avais peur de la caméra au début.",
]


def log_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("echo-fieldwork.log*")))


def forbidden_fragments() -> list[str]:
    words = {w for name in NAMES for w in name.replace("-", " ").split()} | set(NAMES) | {EMAIL}
    return sorted(words | {s[:30] for s in SPOKEN} | {"infirmière", "télémentorat", "caméra"})


@pytest.mark.slow
def test_a_realistic_flow_leaves_no_name_and_no_transcript_text_in_the_logs(fresh_log, tmp_path, qtbot, settings):
    from echo_fieldwork.sessions.sessions import require_session
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import Segment, insert_segments
    from echo_fieldwork.ui.app import _mask_participant_names
    from echo_fieldwork.ui.common.messages import show_error
    from echo_fieldwork.ui.main_window import MainWindow

    folder = tmp_path / "Etude"
    rows = "code,name,email\n" + "\n".join(
        f"P0{i + 1},{name},{EMAIL if i == 2 else ''}" for i, name in enumerate(NAMES)) + "\n"
    (tmp_path / "people.csv").write_text(rows, encoding="utf-8")
    assert run_cli(["init", str(folder), "--title", "Télémentorat", "--language", "fr"]) == 0
    assert run_cli([str(a) for a in cli_fill_consent_form(folder)]) == 0
    assert run_cli(["participants", "import", str(folder), str(tmp_path / "people.csv")]) == 0
    for code in ("P01", "P02", "P03"):
        assert run_cli(["consent", str(folder), code, "--mode", "oral", "--agree", "audio,quotes"]) == 0
    assert run_cli(["sessions", "add", str(folder), "--code", "FG1", "--kind", "focus-group", "--date",
                    "2026-11-20", "--mode", "in-person", "--attendees", "P01,P02,P03"]) == 0
    # A real recording that says the names, transcribed by the real model (its logs are checked too).
    speech = espeak_wav(SPOKEN[0] + " " + SPOKEN[1], tmp_path / "fg1.wav", tmp_path)
    assert run_cli(["sessions", "import-audio", str(folder), "--session", "FG1", str(speech)]) == 0
    assert run_cli(["transcribe", str(folder), "FG1"]) == 0
    with Study.open(folder) as study:
        session = require_session(study, "FG1")
        insert_segments(study, [
            Segment(id=None, session_id=session.id, start_ms=60_000 + i * 4000, end_ms=63_500 + i * 4000, text=text)
            for i, text in enumerate(SPOKEN)])
    assert run_cli(["deidentify", str(folder), "FG1", "--accept", "--no-ner"]) == 0
    assert run_cli(["export", str(folder), "FG1", "--format", "docx"]) == 0

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.study_opened.connect(_mask_participant_names)  # as the app does
    assert window.open_study(folder)
    # Errors that quote what the user typed: shown to the user, never written to the log.
    show_error(window, UserError(f"No participant named {NAMES[0]}."))
    try:
        raise ValueError(f"could not parse {SPOKEN[1]}")
    except ValueError as error:
        show_error(window, error)
    logging.getLogger("echo_fieldwork.test").warning("careless code logged %s", NAMES[2])
    window.close()

    text = log_text(fresh_log)
    assert "ValueError" in text and "message not logged" in text  # the error itself is there, for support
    assert "Traceback" in text
    leaks = [fragment for fragment in forbidden_fragments() if fragment.lower() in text.lower()]
    assert not leaks, f"found in the log: {leaks}"


def test_the_filter_masks_registered_names_and_the_home_folder(fresh_log):
    logs.register_private_terms(["Zoë Bélanger-Côté"])
    log = logging.getLogger("echo_fieldwork.test")
    log.info("opened %s", Path.home() / "Études" / "x")
    log.info("speaker was %s and zoë again, bélanger too; Zoëlle is another word", "Zoë Bélanger-Côté")
    text = log_text(fresh_log)
    assert str(Path.home()) not in text and "~/Études/x" in text
    assert not re.search(r"\b(zoë|bélanger|côté)\b", text, re.IGNORECASE)
    assert "Zoëlle" in text  # whole words only: other words are left alone
    assert text.count(logs.MASK) >= 3
