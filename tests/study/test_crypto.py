"""An encrypted study: its key file, unlocking, wrong passphrases, the recovery key, a new passphrase."""

from __future__ import annotations

import json

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.study.encrypted_helpers import NAME, PASSPHRASE, fast_scrypt, fill, fingerprint, leaks  # noqa: F401


def _create(tmp_path):
    study = Study.create(tmp_path / "enc", "Étude chiffrée", "fr", actor="RA1", passphrase=PASSPHRASE)
    return study


def test_an_encrypted_study_stores_nothing_identifying_in_plaintext(tmp_path):
    study = _create(tmp_path)
    assert study.encrypted and study.recovery_key
    fill(study, tmp_path)
    folder = study.folder
    assert leaks(folder) == []          # with the WAL still open
    study.close()
    assert leaks(folder) == []
    names = sorted(p.name for p in (folder / "audio").iterdir())
    assert names == ["FG1.efa"]
    crypto.forget()
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as reopened:
        assert reopened.title == "Étude chiffrée"
        assert reopened.db.execute("SELECT full_name FROM identities").fetchone()[0] == NAME


def test_the_same_checks_find_plaintext_in_a_plain_study(study, tmp_path):
    """The scan above can fail: in a plaintext study it finds the name, the transcript and the RIFF header."""
    fill(study, tmp_path)
    study.close()
    found = "\n".join(leaks(study.folder))
    assert "study.sqlite" in found and "RIFF" in found and "Rimouski" in found


def test_an_encrypted_study_does_not_open_without_its_passphrase_and_a_wrong_one_changes_nothing(tmp_path):
    study = _create(tmp_path)
    folder = study.folder
    study.close()
    crypto.forget()
    before = fingerprint(folder)
    with pytest.raises(crypto.StudyIsEncrypted, match="passphrase"):
        Study.open(folder)
    with pytest.raises(crypto.WrongPassphrase, match="Wrong passphrase"):
        crypto.unlock(folder, "not the passphrase")
    with pytest.raises(crypto.StudyIsEncrypted):
        Study.open(folder)
    assert fingerprint(folder) == before
    assert not (folder / "study.lock").exists()


def test_the_recovery_key_opens_the_study_and_sets_a_new_passphrase(tmp_path):
    study = _create(tmp_path)
    folder, recovery = study.folder, study.recovery_key
    study.db["study"].upsert({"key": "note", "value": "kept"}, pk="key")
    study.close()
    audio_and_db = {k: v for k, v in fingerprint(folder).items() if k != "study.key"}
    crypto.forget()
    crypto.change_passphrase(folder, recovery.lower().replace("-", " "), "a brand new passphrase")
    crypto.forget()
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unlock(folder, PASSPHRASE)
    crypto.unlock(folder, "a brand new passphrase")
    with Study.open(folder) as reopened:
        assert reopened.meta("note") == "kept"
    assert {k: v for k, v in fingerprint(folder).items() if k != "study.key"} == audio_and_db  # one key re-wrapped
    crypto.forget()
    crypto.unlock(folder, recovery)   # the recovery key still works after the change


def test_key_file_states_its_parameters_and_holds_no_key_in_clear(tmp_path):
    study = _create(tmp_path)
    document = json.loads((study.folder / crypto.KEY_FILE).read_text(encoding="utf-8"))
    assert document["passphrase"]["kdf"] == "scrypt" and document["passphrase"]["n"] == crypto.SCRYPT_N
    assert study.keys.data_key.hex() not in json.dumps(document)
    assert study.keys.db_key.hex() not in json.dumps(document)
    study.close()


def test_short_passphrases_and_foreign_key_files_are_refused(tmp_path):
    with pytest.raises(UserError, match="at least 8"):
        Study.create(tmp_path / "short", "T", "fr", passphrase="short")
    assert not (tmp_path / "short").exists()
    study = _create(tmp_path)
    folder = study.folder
    study.close()
    crypto.forget()
    (folder / crypto.KEY_FILE).write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="damaged"):
        crypto.unlock(folder, PASSPHRASE)
