"""`echo-fieldwork transcripts import|status` on a real study folder."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments
from tests.editor_data import make_session
from tests.transcript.test_transcript_import import SRT


def test_import_and_status(tmp_path, capsys):
    folder = tmp_path / "etude"
    with Study.create(folder, "Étude", "fr") as study:
        make_session(study)
    (tmp_path / "t.srt").write_text(SRT, encoding="utf-8")
    assert run_cli(["transcripts", "import", str(folder), "--session", "GD01", str(tmp_path / "t.srt")]) == 0
    assert "2 segments" in capsys.readouterr().out
    assert run_cli(["transcripts", "status", str(folder), "--session", "GD01", "verified"]) == 0
    (tmp_path / "bad.srt").write_text("1\n00:00:01 --> zz\nx\n", encoding="utf-8")
    assert run_cli(["transcripts", "import", str(folder), "--session", "GD01", "--replace",
                    str(tmp_path / "bad.srt")]) == 1
    assert "bad.srt, line 2" in capsys.readouterr().err
    with Study.open(folder) as study:
        assert len(load_segments(study, 1)) == 2
        assert study.db.execute("SELECT review_status FROM transcripts").fetchone()[0] == "verified"


# -- withdrawal: speech without a speaker is never exported whole -------------------------------------------------
def _machine_transcript_study(tmp_path, *, blank=lambda speaker: True):
    """The focus group of tests/exports_helpers (P03 withdrew with removal of their words), its segments'
    speakers blanked where `blank(speaker)` says so, as a machine transcript has them; plus the speaker
    log the note-taker recorded during the session. Returns the folder and the fixture's (start, end, speaker)."""
    from echo_fieldwork.people.participants import get_by_code
    from echo_fieldwork.sessions.fieldnotes import add_speaker_event
    from tests.exports_helpers import build_focus_group, parse_fixture

    folder = tmp_path / "study"
    parsed = parse_fixture()
    spans = [(s.start_ms, parsed[i + 1].start_ms if i + 1 < len(parsed) else s.start_ms + 8000, s.speaker)
             for i, s in enumerate(parsed)]
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        session_id = build_focus_group(study)
        for start, _end, speaker in spans:
            if blank(speaker):
                study.db.execute("UPDATE segments SET speaker = '' WHERE session_id = ? AND start_ms = ?",
                                 [session_id, start])
            add_speaker_event(study, session_id, get_by_code(study, speaker).id, start + 400)
    return folder, spans


ALL_FORMATS = ("docx", "txt", "maxqda", "nvivo", "srt", "vtt", "qdpx")


def _export_all(folder, out, capsys) -> list[int]:
    codes = [run_cli(["export", str(folder), "FG01", "--format", fmt, "--out", str(out)]) for fmt in ALL_FORMATS]
    return codes


def test_withdrawn_words_in_unlabelled_speech_block_every_format_until_labelled(tmp_path, capsys):
    from tests.export.test_export import readable_text, withdrawn_phrases

    folder, _spans = _machine_transcript_study(tmp_path)
    out = tmp_path / "out"
    assert run_cli(["deidentify", str(folder), "FG01", "--no-ner", "--accept"]) == 0
    capsys.readouterr()
    # Even with the review overridden: no format goes out, and the refusal names the session.
    assert _export_all(folder, out, capsys) == [1] * len(ALL_FORMATS)
    assert run_cli(["export", str(folder), "FG01", "--format", "txt", "--out", str(out),
                    "--override-review", "the PI wants it"]) == 1
    err = capsys.readouterr().err
    assert "FG01: 43 segments have no speaker, and P03 withdrew" in err and "transcripts speakers" in err
    assert not out.exists() or list(out.iterdir()) == []

    assert run_cli(["transcripts", "speakers", str(folder), "--session", "FG01", "--from-speaker-log"]) == 0
    assert "FG01: 43 segments labelled from the speaker log." in capsys.readouterr().out
    # Labelling changed the transcript: its deidentification review is redone before the export.
    assert run_cli(["deidentify", str(folder), "FG01", "--no-ner", "--accept"]) == 0
    capsys.readouterr()
    assert _export_all(folder, out, capsys) == [0] * len(ALL_FORMATS)
    files = sorted(out.iterdir())
    assert len(files) == len(ALL_FORMATS)
    phrases = withdrawn_phrases()
    assert len(phrases) >= 5
    import re

    from echo_fieldwork.people.forms import fold
    for path in files:
        text = re.sub(r"\s+", " ", fold(readable_text(path)))
        assert not [p for p in phrases if p in text], path.name
    plain = (out / "FG01.txt").read_text(encoding="utf-8-sig")
    assert "Propos retirés (retrait ou consentement absent) : P03" in plain
    assert "] P03 : [retiré]" in plain and "] P01 : Oui" in plain
    with Study.open(folder) as study:
        labelled = {row[0] for row in study.db.execute("SELECT DISTINCT speaker FROM segments")}
    assert labelled == {"M1", "P01", "P02", "P03", "P04", "P05"}


def test_speakers_by_time_range(tmp_path, capsys):
    from echo_fieldwork.timeutil import format_ms
    from tests.export.test_export import withdrawn_phrases

    folder, spans = _machine_transcript_study(tmp_path, blank=lambda speaker: speaker == "P03")
    out = tmp_path / "out"
    assert run_cli(["deidentify", str(folder), "FG01", "--no-ner", "--accept"]) == 0
    assert run_cli(["export", str(folder), "FG01", "--format", "srt", "--out", str(out)]) == 1
    assert "FG01: 7 segments have no speaker" in capsys.readouterr().err
    ranges = [f"{format_ms(start)}-{format_ms(end)}=P03" for start, end, speaker in spans if speaker == "P03"]
    args = ["transcripts", "speakers", str(folder), "--session", "FG01"]
    for range_ in ranges:
        args += ["--set", range_]
    assert run_cli(args) == 0
    printed = capsys.readouterr().out
    assert printed.count("segment from") == 7 and "labelled P03" in printed and "still" not in printed
    assert run_cli(["deidentify", str(folder), "FG01", "--no-ner", "--accept"]) == 0
    assert run_cli(["export", str(folder), "FG01", "--format", "srt", "--out", str(out)]) == 0
    import re

    from echo_fieldwork.people.forms import fold
    srt = re.sub(r"\s+", " ", fold((out / "FG01.srt").read_text(encoding="utf-8")))
    assert not [p for p in withdrawn_phrases() if p in srt] and "p03: [retire]" in srt
    with Study.open(folder) as study:
        assert study.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'transcript.speaker'").fetchone()[0] == 7


def test_speakers_command_refuses_what_it_cannot_do(tmp_path, capsys):
    folder, _spans = _machine_transcript_study(tmp_path, blank=lambda speaker: False)
    base = ["transcripts", "speakers", str(folder), "--session", "FG01"]
    assert run_cli(base) == 1
    assert "--from-speaker-log, or --set" in capsys.readouterr().err
    assert run_cli(base + ["--set", "00:01:10=P03"]) == 1
    assert "00:01:10-00:02:30=P03" in capsys.readouterr().err
    assert run_cli(base + ["--set", "02:00:00-02:10:00=P03"]) == 1
    assert "No segment lies between 02:00:00 and 02:10:00" in capsys.readouterr().err
    assert run_cli(base + ["--set", "00:00:00-00:00:30=Amélie"]) == 1
    assert "never a name" in capsys.readouterr().err
    with Study.open(folder) as study:
        study.db.execute("DELETE FROM speaker_events")
    assert run_cli(base + ["--from-speaker-log"]) == 1
    assert "No speaker log was recorded during session FG01" in capsys.readouterr().err


def test_info_shows_which_run_produced_the_transcript(tmp_path, capsys):
    from echo_fieldwork import __version__
    from echo_fieldwork.transcription.runner import transcribe_session
    from tests.transcription.fixtures import short_speech_path
    from tests.transcription.helpers import add_audio
    from tests.transcription.helpers import make_session as make_audio_session

    folder = tmp_path / "etude"
    with Study.create(folder, "Étude", "fr") as study:
        session_id = make_audio_session(study, "E01")
        add_audio(study, session_id, short_speech_path())
        job = transcribe_session(study, session_id).job_id
        study.db.execute("UPDATE segments SET flags = 'uncertain' WHERE id = (SELECT MIN(id) FROM segments)")
    assert run_cli(["transcripts", "info", str(folder), "--session", "E01"]) == 0
    out = capsys.readouterr().out
    assert f"  job: {job}\n" in out and f"  app_version: {__version__}\n" in out
    assert "  strategy: windows\n" in out and "  seed: 1\n" in out and "  beam_size: 3\n" in out
    assert "flagged: uncertain 1" in out
