"""The Transcripts tab: progress across sessions, opening the editor, talk time."""

from __future__ import annotations

from echo_fieldwork.correction import edits as te
from echo_fieldwork.transcript.segments import insert_segments
from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget
from tests.editor_data import make_session, synthetic_transcript


def test_progress_and_open_editor(qtbot, study, settings):
    first, second = make_session(study, "GD01"), make_session(study, "GD02")
    make_session(study, "GD03")  # no transcript: not listed
    insert_segments(study, synthetic_transcript(first.id, 40))
    insert_segments(study, synthetic_transcript(second.id, 12))
    te.set_review_status(study, second.id, "verified", actor="RA2")
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 2
    assert [tab.table.item(r, 3).text() for r in range(2)] == ["40", "12"]
    assert tab.table.item(1, 4).text().startswith("Verified by RA2")
    assert tab.progress_label.text() == "Corrected or verified: 1 of 2 · verified: 1"
    editor = tab.open_editor(first.id)
    assert editor.model.rowCount() == 40
    editor.set_review_status("corrected")
    assert tab.progress_label.text() == "Corrected or verified: 2 of 2 · verified: 1"
    times = {t.speaker: t for t in te.talk_time(study, first.id)}
    shown = {t.speaker: t for t in editor.talk_time.times}
    assert shown == times and abs(sum(t.share for t in shown.values()) - 1) < 1e-9
    editor.close()


def test_import_from_the_tab_and_bad_file_message(qtbot, study, settings, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.transcript.test_transcript_import import SRT

    session = make_session(study)
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0 and not tab.open_button.isEnabled()
    (tmp_path / "bad.srt").write_text(SRT.replace("-->", "->"), encoding="utf-8")
    assert tab.import_file(session.id, str(tmp_path / "bad.srt")) == 0
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox, "errorMessageBox") is not None)
    box = tab.findChild(QMessageBox, "errorMessageBox")
    assert "bad.srt, line 2" in box.text()
    box.close()
    assert tab.table.rowCount() == 0
    (tmp_path / "good.srt").write_text(SRT, encoding="utf-8")
    assert tab.import_file(session.id, str(tmp_path / "good.srt")) == 2
    assert tab.table.rowCount() == 1 and tab.table.item(0, 3).text() == "2"


def test_talk_time_minutes_follow_the_interface_language():
    from echo_fieldwork.correction.edits import SpeakerTime
    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.ui.correction.talk_time_widget import TalkTimeWidget

    time = SpeakerTime("P01", 25_000, 0.25)
    assert TalkTimeWidget.value_text(time) == "0.4 min · 25 %"   # English decimals had a French comma
    set_language("fr")
    assert TalkTimeWidget.value_text(time) == "0,4 min · 25 %"


def test_a_recording_added_after_transcription_marks_the_transcript_incomplete(qtbot, study, settings):
    from echo_fieldwork.sessions.sessions import add_recording_row

    session = make_session(study, "GD01")
    add_recording_row(study, session.id, "audio/a.wav", source="recorded", status="complete", sample_rate=16000,
                      duration_ms=60_000)
    insert_segments(study, synthetic_transcript(session.id, 5))
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    assert "incomplete" not in tab.table.item(0, 4).text()
    add_recording_row(study, session.id, "audio/b.wav", source="recorded", status="complete", sample_rate=16000,
                      duration_ms=12_000)
    tab.refresh()
    assert tab.table.item(0, 4).text() == "Draft · incomplete: 00:00:12 of new audio not transcribed"


def test_transcribe_the_rest_from_the_transcripts_tab_runs_in_the_queue(qtbot, settings, tmp_path, short_speech):
    """Through the main window: the button queues only the new audio, the Transcription tab runs it, and the
    incomplete mark goes away; the transcript before it keeps its corrections."""
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import load_segments
    from echo_fieldwork.transcription.job_queue import QueueRunner, enqueue, untranscribed_tail
    from echo_fieldwork.ui.main_window import MainWindow
    from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget
    from tests.transcription.helpers import add_audio
    from tests.transcription.helpers import make_session as make_audio_session

    with Study.create(tmp_path / "s", "Pilot") as study:
        session_id = make_audio_session(study)
        add_audio(study, session_id, short_speech, "e01.wav")
        enqueue(study.db, [session_id])
        QueueRunner(study).run()
        first = load_segments(study, session_id)[0]
        study.db.execute("UPDATE segments SET text = 'Corrigé.' WHERE id = ?", [first.id])
        add_audio(study, session_id, short_speech, "e01-2.wav")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_study(tmp_path / "s")
    tab = next(t for t in window.study_tabs() if isinstance(t, TranscriptsWidget))
    window.tabs.setCurrentWidget(tab)
    assert "incomplete" in tab.table.item(0, 4).text()
    assert tab.rest_button.isEnabled()
    tab.rest_button.click()
    qtbot.waitUntil(lambda: untranscribed_tail(window.study, session_id) == (0, 0), timeout=60_000)
    queue = next(t for t in window.study_tabs() if isinstance(t, TranscriptionWidget))
    qtbot.waitUntil(lambda: not queue.runner.running, timeout=60_000)
    tab.refresh()
    assert "incomplete" not in tab.table.item(0, 4).text() and not tab.rest_button.isEnabled()
    assert load_segments(window.study, session_id)[0].text == "Corrigé."
    window.close_study()
