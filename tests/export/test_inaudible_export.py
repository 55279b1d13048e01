"""`[inaudible]` (transcription.honesty) is transcript text: deidentification leaves it alone and every
export carries it, while the machine's guess behind it (the segment's words) never leaves the study."""

from __future__ import annotations

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.transcript import segments as transcript
from echo_fieldwork.transcription.honesty import INAUDIBLE, INAUDIBLE_FLAG
from tests.export.test_export import readable_text
from tests.exports_helpers import build_focus_group


def test_inaudible_is_kept_by_deidentification_and_carried_by_every_export(study, tmp_path) -> None:
    session_id = build_focus_group(study)
    last = max(s.end_ms for s in transcript.load_segments(study, session_id))
    guess = [transcript.Word(last + 1000 + 400 * i, last + 1300 + 400 * i, w, 0.2)
             for i, w in enumerate([" Zéphirine", " Quimper", " hier"])]  # an invented name and place
    transcript.insert_segments(study, [
        transcript.Segment(None, session_id, last + 1000, last + 2300, INAUDIBLE, "P02", words=guess,
                           flags=INAUDIBLE_FLAG),
        transcript.Segment(None, session_id, last + 2500, last + 6000, "Oui, [inaudible] avec Amélie hier.", "P02"),
    ])
    deidentify.run_detection(study, session_id)  # with the NER model where installed: it must not tag it
    replacements = deidentify.list_replacements(study, session_id)
    assert any(r.original == "Amélie" for r in replacements)  # detection did run on these segments
    assert not [r for r in replacements if "inaudible" in r.original.lower()]
    deidentify.mark_reviewed(study, session_id)
    for fmt in runner.FORMATS:
        for path in runner.export_sessions(study, [session_id], fmt, tmp_path / "out"):
            text = readable_text(path)
            assert text.count(INAUDIBLE) >= 2, (fmt, path.name)  # the marked segment and the one quoting it
            assert "Oui, [inaudible] avec [P01] hier." in text, (fmt, path.name)
            assert "Zéphirine" not in text and "Quimper" not in text, fmt
