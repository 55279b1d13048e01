"""Importing existing recordings with PyAV: real m4a/mp3/ogg files made by ffmpeg; damaged files refused."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from echo_fieldwork.audio.importer import import_audio
from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions.sessions import session_duration_ms
from tests.sessions_helpers import make_session, read_wav, rms_dbfs, speech, voiced_span_s

pytestmark = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encoded")
    source = speech(folder / "speech.wav", "Le financement du programme reste à préciser.")
    files = {"wav": source}
    for ext, codec in (("m4a", "aac"), ("mp3", "libmp3lame"), ("ogg", "libvorbis")):
        files[ext] = folder / f"speech.{ext}"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ar", "44100", "-ac", "2",
                        "-c:a", codec, str(files[ext])], check=True)
    return files


@pytest.mark.parametrize("ext", ["m4a", "mp3", "ogg", "wav"])
def test_import_decodes_to_16k_mono_wav(study, encoded, ext):
    session = make_session(study, code="I1", kind="interview", attendees=("P01",))
    reference, reference_rate = read_wav(encoded["wav"])
    recording_id = import_audio(study, session.id, encoded[ext])
    row = next(study.db.query("SELECT * FROM recordings WHERE id = ?", [recording_id]))
    assert (row["source"], row["status"], row["sample_rate"], row["original_name"]) == (
        "imported", "complete", 16000, "")   # the file's own name may be a person's: not kept
    samples, rate = read_wav(study.folder / row["path"])
    assert rate == 16000 and row["path"] == "audio/I1.wav"
    assert abs(len(samples) / rate - len(reference) / reference_rate) < 0.1   # codec padding only
    assert abs(voiced_span_s(samples, rate) - voiced_span_s(reference, reference_rate)) < 0.1
    assert rms_dbfs(samples) > -40
    assert session_duration_ms(study, session.id) == row["duration_ms"]


def test_damaged_files_are_refused_and_nothing_is_added(study, encoded, tmp_path):
    session = make_session(study, code="I1", kind="interview", attendees=("P01",))
    truncated = tmp_path / "truncated.m4a"
    truncated.write_bytes(encoded["m4a"].read_bytes()[: encoded["m4a"].stat().st_size // 2])
    garbage = tmp_path / "garbage.mp3"
    garbage.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.ogg"
    empty.write_bytes(b"")
    for bad in (truncated, garbage, empty):
        with pytest.raises(UserError) as error:
            import_audio(study, session.id, bad)
        assert bad.name in str(error.value) and "Nothing was added" in str(error.value)
    with pytest.raises(UserError, match="does not exist"):
        import_audio(study, session.id, tmp_path / "missing.m4a")
    assert study.db["recordings"].count == 0
    assert list(study.audio_dir.iterdir()) == []
