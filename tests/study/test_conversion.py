"""Encrypting a plaintext study in place: complete, and interrupted at each stage then resumed."""

from __future__ import annotations

import os

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.study import conversion, crypto
from echo_fieldwork.study.sealed_audio import SealedReader
from echo_fieldwork.study.study import Study
from tests.study.encrypted_helpers import NAME, PASSPHRASE, fast_scrypt, fill, fingerprint, leaks  # noqa: F401


@pytest.fixture
def plain_study(study, tmp_path):
    session = fill(study, tmp_path)
    with open(study.folder / "audio" / "FG1.wav", "rb") as handle:
        audio = handle.read()[44:]
    study.close()
    return study.folder, session.id, audio


def _check_encrypted(folder, audio):
    assert leaks(folder) == []
    assert sorted(p.name for p in (folder / "audio").iterdir()) == ["FG1.efa"]
    assert not (folder / conversion.STAGING).exists()
    crypto.forget()
    with pytest.raises(crypto.StudyIsEncrypted):
        Study.open(folder)
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as study:
        assert study.encrypted
        assert study.db.execute("SELECT full_name FROM identities").fetchone()[0] == NAME
        assert study.db.execute("SELECT path FROM recordings").fetchone()[0] == "audio/FG1.efa"
        assert study.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] > 0
        with SealedReader(folder / "audio" / "FG1.efa", study.keys) as reader:
            assert reader.read_all() == audio


def test_a_plain_study_is_encrypted_in_place(plain_study):
    folder, _session, audio = plain_study
    shown = []
    conversion.encrypt_study(folder, PASSPHRASE, on_recovery_key=shown.append)
    assert len(shown) == 1 and crypto.parse_recovery_key(shown[0])
    _check_encrypted(folder, audio)
    crypto.forget()
    crypto.unlock(folder, shown[0])        # the recovery key shown opens it


class Killed(BaseException):
    """Stands for SIGKILL at a chosen point: nothing after it runs (no cleanup of ours is relied upon)."""


@pytest.mark.parametrize("stage", ["key", "recording", "database", "commit-audio", "commit-db", "commit-key"])
def test_an_interrupted_encryption_blocks_the_study_and_resumes(plain_study, monkeypatch, stage):
    folder, _session, audio = plain_study
    before = fingerprint(folder)
    replaces = {"commit-audio": 0, "commit-db": 1, "commit-key": 2}
    calls = []
    real_replace = os.replace

    def replace(source, target):
        if os.fspath(target).startswith(os.fspath(folder / conversion.STAGING)):
            return real_replace(source, target)     # staging; the commit moves out of the staging folder
        calls.append(target)
        if len(calls) > replaces.get(stage, 99):
            raise Killed
        return real_replace(source, target)

    def progress(text):
        if stage == "recording" and "recording" in text:
            raise Killed
        if stage == "database" and "database" in text:
            raise Killed

    def key_shown(_key):
        if stage == "key":
            raise Killed

    monkeypatch.setattr(conversion.os, "replace", replace)
    with pytest.raises(Killed):
        conversion.encrypt_study(folder, PASSPHRASE, progress=progress, on_recovery_key=key_shown)
    monkeypatch.setattr(conversion.os, "replace", real_replace)
    (folder / "study.lock").unlink(missing_ok=True)   # a killed process leaves its lock (taken over when stale)
    if not stage.startswith("commit"):
        unchanged = {k: v for k, v in fingerprint(folder).items() if not k.startswith(conversion.STAGING)}
        assert unchanged == before                    # before the commit, the plain study is untouched
    with pytest.raises(UserError, match="interrupted"):
        Study.open(folder)                            # never used half-encrypted
    with pytest.raises(crypto.WrongPassphrase):
        conversion.encrypt_study(folder, "another passphrase!")
    conversion.encrypt_study(folder, PASSPHRASE)
    _check_encrypted(folder, audio)


def test_encryption_refuses_an_interrupted_recording_and_stray_files(plain_study):
    folder, _session, _audio = plain_study
    (folder / "audio" / "copied-by-hand.mp3").write_bytes(b"ID3 something")
    with pytest.raises(UserError, match="not recordings of the study") as error:
        conversion.encrypt_study(folder, PASSPHRASE)
    assert "copied-by-hand.mp3" in str(error.value)
    (folder / "audio" / "copied-by-hand.mp3").unlink()
    with Study.open(folder) as study:   # the refused run left the study as it was: it opens, plaintext
        assert not study.encrypted
        study.db.execute("UPDATE recordings SET status = 'recording'")
    with pytest.raises(UserError, match="check"):
        conversion.encrypt_study(folder, PASSPHRASE)
