"""The editor's player on an encrypted study: audio decrypted in memory as it plays, no file written."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

from echo_fieldwork.audio.importer import import_audio
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.sealed_audio import wav_header
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import Segment, insert_segments
from echo_fieldwork.ui.audio.sealed_device import SealedAudioDevice
from echo_fieldwork.ui.correction.editor_window import EditorWindow
from tests.sessions_helpers import make_session
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, fingerprint, speech_wav  # noqa: F401


def test_the_device_serves_a_wav_stream_with_random_access(tmp_path):
    with Study.create(tmp_path / "enc", "Chiffrée", "fr", passphrase=PASSPHRASE) as study:
        session = make_session(study, attendees=("P01",))
        import_audio(study, session.id, speech_wav(tmp_path / "speech.wav"))
        import_audio(study, session.id, speech_wav(tmp_path / "speech.wav"))
        paths = sorted(study.audio_dir.glob("*.efa"))
        device = SealedAudioDevice(paths, study.keys)
        size = device.size()
        header = device.read(44).data()
        assert header == wav_header(16000, 1, size - 44)
        device.seek(size - 10)
        assert len(device.read(100).data()) == 10
        device.seek(40)
        assert device.read(8).data()[:4] == header[40:44]
        device.close()


def test_the_editor_plays_an_encrypted_sessions_recordings(qtbot, tmp_path):
    study = Study.create(tmp_path / "enc", "Chiffrée", "fr", passphrase=PASSPHRASE)
    session = make_session(study, attendees=("P01",))
    import_audio(study, session.id, speech_wav(tmp_path / "speech.wav"))
    import_audio(study, session.id, speech_wav(tmp_path / "speech.wav"))
    total = study.db.execute("SELECT SUM(duration_ms) FROM recordings").fetchone()[0]
    insert_segments(study, [Segment(None, session.id, 0, 1000, "Bonjour", speaker="P01")])
    before = fingerprint(study.audio_dir)
    editor = EditorWindow(study, Settings(), session.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.player.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                                    QMediaPlayer.MediaStatus.BufferedMedia))
    qtbot.waitUntil(lambda: abs(editor.player.player.duration() - total) <= 50)
    assert editor.player.isEnabled()
    editor.player.seek(total - 500)
    qtbot.waitUntil(lambda: editor.player.position() >= total - 500)
    assert fingerprint(study.audio_dir) == before          # no playback cache, no decrypted file
    assert not (study.audio_dir / ".playback").exists()
    editor.close()
    study.close()
