import wave
from pathlib import Path

import numpy as np

from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.sessions import sessions


def _wav(path: Path, seconds: float, value: int) -> int:
    frames = np.full(int(16000 * seconds), value, dtype=np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(frames.tobytes())
    return round(seconds * 1000)


def test_a_session_with_two_recordings_plays_as_one_timeline(study):
    add_participant(study, "M1", "interviewer")
    session = sessions.create_session(study, "I1", "interview", "2026-11-20", "in_person", interviewers=["M1"])
    assert sessions.session_audio_file(study, session.id) is None
    first = _wav(study.audio_dir / "I1.wav", 1.5, 1000)
    sessions.add_recording_row(study, session.id, "audio/I1.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=first)
    assert sessions.session_audio_file(study, session.id) == study.audio_dir / "I1.wav"
    second = _wav(study.audio_dir / "I1-2.wav", 0.5, -2000)
    sessions.add_recording_row(study, session.id, "audio/I1-2.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=second)
    combined = sessions.session_audio_file(study, session.id)
    with wave.open(str(combined), "rb") as played:
        samples = np.frombuffer(played.readframes(played.getnframes()), dtype=np.int16)
    assert len(samples) == 16000 * 2
    assert (samples[:24000] == 1000).all() and (samples[24000:] == -2000).all()
    # The timeline the notes are stamped on says the second recording starts where the first ended.
    assert [start for _id, _p, start, _d in sessions.session_timeline(study, session.id)] == [0, first]
    assert sessions.session_audio_file(study, session.id) == combined  # built once


def test_a_recording_still_in_progress_is_not_played(study):
    add_participant(study, "M1", "interviewer")
    session = sessions.create_session(study, "I2", "interview", "2026-11-20", "in_person", interviewers=["M1"])
    _wav(study.audio_dir / "I2.wav", 1.0, 5)
    sessions.add_recording_row(study, session.id, "audio/I2.wav", source="recorded", status="recording",
                               sample_rate=16000)
    assert sessions.session_audio_file(study, session.id) is None
