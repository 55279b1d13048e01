"""A recording added after transcription: the transcript is incomplete until the new audio is transcribed."""

from __future__ import annotations

from echo_fieldwork.sessions.sessions import add_recording_row
from echo_fieldwork.transcript.segments import Segment, insert_segments
from echo_fieldwork.transcription.job_queue import untranscribed_tail
from tests.sessions_helpers import make_session


def test_new_audio_after_the_transcript_is_reported_until_transcribed(study):
    session = make_session(study)
    add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=60_000)
    assert untranscribed_tail(study, session.id) == (0, 0)            # no transcript: not "incomplete"
    insert_segments(study, [Segment(None, session.id, 1000, 58_000, "Bonjour.", "M1", [])])
    assert untranscribed_tail(study, session.id) == (0, 0)
    add_recording_row(study, session.id, "audio/FG1-2.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=12_000)
    assert untranscribed_tail(study, session.id) == (60_000, 12_000)
    insert_segments(study, [Segment(None, session.id, 61_000, 70_000, "Suite.", "P01", [])])
    assert untranscribed_tail(study, session.id) == (0, 0)


def test_a_finished_job_that_reached_the_end_covers_silent_audio(study):
    from echo_fieldwork.transcription.job_queue import create_job

    session = make_session(study)
    add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=60_000)
    insert_segments(study, [Segment(None, session.id, 0, 5000, "Bonjour.", "M1", [])])
    add_recording_row(study, session.id, "audio/FG1-2.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=10_000)   # silence only: no segment will ever lie there
    job = create_job(study.db, session.id)
    study.db.execute("UPDATE transcription_jobs SET status = 'done', duration_ms = 70000 WHERE id = ?", [job])
    assert untranscribed_tail(study, session.id) == (0, 0)


def test_transcribing_the_rest_keeps_the_transcript_and_fills_the_new_audio(study, short_speech):
    from echo_fieldwork.transcript.segments import load_segments
    from echo_fieldwork.transcription.job_queue import QueueRunner, enqueue, enqueue_untranscribed_tail
    from tests.transcription.helpers import add_audio
    from tests.transcription.helpers import make_session as make_audio_session

    session_id = make_audio_session(study)
    add_audio(study, session_id, short_speech, "e01.wav")
    enqueue(study.db, [session_id])
    assert QueueRunner(study).run() == 1
    before = load_segments(study, session_id)
    study.db.execute("UPDATE segments SET text = 'Corrigé.' WHERE id = ?", [before[0].id])  # a correction
    assert enqueue_untranscribed_tail(study, session_id) is None          # nothing missing yet
    add_audio(study, session_id, short_speech, "e01-2.wav")              # recording resumed after transcription
    start, missing = untranscribed_tail(study, session_id)
    assert start >= before[-1].end_ms and missing > 0
    job = enqueue_untranscribed_tail(study, session_id)
    assert enqueue_untranscribed_tail(study, session_id) == job           # not queued twice
    assert QueueRunner(study).run() == 1
    after = load_segments(study, session_id)
    assert after[:len(before)][0].text == "Corrigé."                    # the corrected transcript is untouched
    assert [s.id for s in after[:len(before)]] == [s.id for s in before]
    assert len(after) > len(before) and all(s.start_ms >= start for s in after[len(before):])
    assert untranscribed_tail(study, session_id) == (0, 0)
