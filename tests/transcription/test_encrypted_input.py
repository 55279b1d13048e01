"""Transcription of an encrypted study: the child decrypts each recording in memory with its own key."""

from __future__ import annotations

import wave

import numpy as np

from echo_fieldwork.audio.importer import import_audio
from echo_fieldwork.study.sealed_audio import SealedReader
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcription import engine, runner
from tests.sessions_helpers import make_session
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, speech_wav  # noqa: F401


def test_the_child_reads_sealed_recordings_as_it_reads_plain_ones(tmp_path):
    source = speech_wav(tmp_path / "speech.wav")
    with Study.create(tmp_path / "enc", "Chiffrée", "fr", passphrase=PASSPHRASE) as study:
        session = make_session(study, attendees=("P01",))
        import_audio(study, session.id, source)
        import_audio(study, session.id, source)
        paths, _total = runner.session_audio(study, session.id)
        keys = runner._audio_keys(study, paths)
        assert all(len(bytes.fromhex(k)) == 32 for k in keys) and keys[0] != keys[1]   # one key per recording
        assert study.keys.data_key.hex() not in keys and study.keys.audio_key.hex() not in keys
        with SealedReader(paths[0], study.keys) as reader:
            pcm = reader.read_all()
    plain = tmp_path / "plain.wav"
    with wave.open(str(plain), "wb") as out:
        out.setparams((1, 2, 16000, 0, "NONE", "not compressed"))
        out.writeframes(pcm)
    expected = engine.load_audio([str(plain), str(plain)])          # faster-whisper's own decoding
    decrypted = engine.load_audio([str(p) for p in paths], keys)
    assert decrypted.dtype == np.float32 and len(decrypted) == len(expected) > 16000
    assert np.allclose(decrypted, expected, atol=1e-4)
    try:
        engine.load_audio([str(paths[0])], [keys[1]])                # another recording's key
    except engine.AudioError as error:
        assert error.index == 0
    else:
        raise AssertionError("a recording opened with another recording's key")


def test_a_plain_study_sends_no_keys(study, tmp_path):
    session = make_session(study, attendees=("P01",))
    import_audio(study, session.id, speech_wav(tmp_path / "speech.wav"))
    paths, _total = runner.session_audio(study, session.id)
    assert runner._audio_keys(study, paths) == [None]
