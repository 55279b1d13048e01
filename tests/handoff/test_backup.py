"""A whole study backed up into one sealed file, checked, and restored into a new folder: every table's rows
and every file's bytes come back; an altered, cut-short or wrongly unlocked backup is refused and leaves
nothing behind; a restore never writes into a folder that holds something."""

from __future__ import annotations

from pathlib import Path

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.handoff.backup import SUFFIX, backup_study, is_backup, restore_backup, verify_backup
from echo_fieldwork.handoff.exchange import send_session
from echo_fieldwork.handoff.package import AUDIO_CHUNK, PackageError
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.handoff.handoff_helpers import PASSPHRASE, add_recording, fill_origin, pcm_tone

STUDY_PASSPHRASE = "la phrase secrète de l'étude"


def _fill(study: Study) -> None:
    session_id = fill_origin(study)
    # Longer than one chunk, so a file spans several records.
    add_recording(study, session_id, "FG1-2", pcm_tone(seconds=(AUDIO_CHUNK * 2.5) / 32000))
    (study.exports_dir / "FG1.txt").write_text("Transcription exportée\n", encoding="utf-8")
    (study.exports_dir / "empty.txt").write_bytes(b"")


def _files(folder: Path) -> dict[str, bytes]:
    skipped = ("study.lock", "study.sqlite-wal", "study.sqlite-shm")
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in skipped}


def _tables(study: Study) -> dict[str, list[tuple]]:
    names = [r[0] for r in study.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: study.db.execute(f"SELECT * FROM [{name}] ORDER BY rowid").fetchall() for name in names}


@pytest.mark.parametrize("encrypted", [False, True], ids=["plaintext", "encrypted"])
def test_a_restored_backup_is_the_study_row_for_row_and_byte_for_byte(tmp_path, encrypted):
    passphrase = STUDY_PASSPHRASE if encrypted else PASSPHRASE
    original, restored = tmp_path / "study", tmp_path / "restored"
    with Study.create(original, "Étude pilote", "fr", passphrase=STUDY_PASSPHRASE if encrypted else None) as study:
        _fill(study)
        path, info = backup_study(study, tmp_path / "pilote", passphrase)
    assert path == tmp_path / f"pilote{SUFFIX}" and is_backup(path)
    assert info.encrypted is encrypted and info.title == "Étude pilote"
    data = path.read_bytes()
    assert b"Gis\xc3\xa8le" not in data and b"Transcription" not in data   # sealed, even for a plaintext study
    assert verify_backup(path, passphrase) == info

    restore_backup(path, restored, passphrase)
    assert _files(restored) == _files(original)
    assert len(_files(original)) == info.files and sum(map(len, _files(original).values())) == info.bytes
    if encrypted:
        crypto.forget()
        crypto.unlock(original, STUDY_PASSPHRASE)
        crypto.unlock(restored, STUDY_PASSPHRASE)   # the restored study opens with the study's passphrase
    with Study.open(original) as before, Study.open(restored) as after:
        tables = _tables(before)
        assert tables == _tables(after)
        assert tables["segments"] and tables["recordings"] and tables["identities"]
        assert [r[0] for r in after.db.execute("SELECT action FROM audit_log WHERE action = 'study.backup'")] == [
            "study.backup"]


def test_the_studys_pending_handoff_survives_the_round_trip(tmp_path):
    with Study.create(tmp_path / "study", "Étude", "fr") as study:
        fill_origin(study)
        send_session(study, "FG1", "RA2", tmp_path / "FG1.efpkg", PASSPHRASE)
        path, _info = backup_study(study, tmp_path / "b.efbak", PASSPHRASE)
    restore_backup(path, tmp_path / "restored", PASSPHRASE)
    from echo_fieldwork.handoff.exchange import out_for_correction

    with Study.open(tmp_path / "restored") as restored:
        assert [h.code for h in out_for_correction(restored).values()] == ["FG1"]


def test_altered_cut_short_and_wrongly_unlocked_backups_are_refused_and_leave_nothing(tmp_path):
    with Study.create(tmp_path / "study", "Étude", "fr") as study:
        _fill(study)
        path, _info = backup_study(study, tmp_path / "b.efbak", PASSPHRASE)
        send_session(study, "FG1", "RA2", tmp_path / "FG1.efpkg", PASSPHRASE)
    data = path.read_bytes()
    middle = len(data) // 2
    variants = {
        "flipped": data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:],
        "cut short": data[:middle],
        "end dropped": data[:-(5 + 12 + 16)],
        "appended": data + data[-60:],
        "header changed": data.replace(b'"n": 16384', b'"n": 16385', 1),
    }
    for name, altered in variants.items():
        target = tmp_path / f"{name}.efbak"
        target.write_bytes(altered)
        with pytest.raises(PackageError, match="damaged or was altered"):
            verify_backup(target, PASSPHRASE)
        with pytest.raises(PackageError):
            restore_backup(target, tmp_path / "restored", PASSPHRASE)
        assert not (tmp_path / "restored").exists() and not (tmp_path / ".restoring-restored").exists(), name
    with pytest.raises(PackageError, match="passphrase is wrong"):
        verify_backup(path, "pas la bonne phrase")
    with pytest.raises(PackageError, match="not an echo_fieldwork backup"):
        restore_backup(tmp_path / "FG1.efpkg", tmp_path / "restored", PASSPHRASE)
    assert not (tmp_path / "restored").exists()


def test_restore_refuses_a_folder_that_holds_something_and_accepts_an_empty_one(tmp_path):
    with Study.create(tmp_path / "study", "Étude", "fr") as study:
        fill_origin(study)
        path, _info = backup_study(study, tmp_path / "b.efbak", PASSPHRASE)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(UserError, match="not empty"):
        restore_backup(path, busy, PASSPHRASE)
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    with pytest.raises(UserError, match="not empty"):
        restore_backup(path, tmp_path / "study", PASSPHRASE)   # never over the study itself
    empty = tmp_path / "empty"
    empty.mkdir()
    restore_backup(path, empty, PASSPHRASE)
    with Study.open(empty) as restored:
        assert restored.title == "Étude"


def test_a_backup_is_written_outside_the_study(study, tmp_path):
    with pytest.raises(UserError, match="outside the study folder"):
        backup_study(study, study.folder / "exports" / "b.efbak", PASSPHRASE)
    assert not list(study.folder.rglob("*.efbak"))
