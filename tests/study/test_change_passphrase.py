"""`Study.change_passphrase`: only `study.key` changes, the audit log says so without any secret."""

from __future__ import annotations

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, fingerprint  # noqa: F401

NEW = "une autre phrase bien longue"


def test_change_passphrase_rewrites_only_the_key_file_and_is_audited(tmp_path):
    study = Study.create(tmp_path / "enc", "Chiffrée", passphrase=PASSPHRASE, actor="RA1")
    try:
        study.close()
        crypto.forget()
        crypto.unlock(study.folder, PASSPHRASE)
        study = Study.open(study.folder, actor="RA1")
        before = fingerprint(study.folder)
        study.change_passphrase(PASSPHRASE, NEW)
        after = fingerprint(study.folder)
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        assert changed <= {crypto.KEY_FILE, "study.sqlite-wal", "study.sqlite-shm"}   # the audit row goes to the WAL
        assert crypto.KEY_FILE in changed
        row = study.db.execute("SELECT actor, entity, detail FROM audit_log WHERE action = 'study.passphrase_change'"
                               ).fetchone()
        assert row == ("RA1", "study", "{}")
        with pytest.raises(crypto.WrongPassphrase):
            study.change_passphrase(PASSPHRASE, "yet another passphrase")     # the old one no longer opens it
    finally:
        study.close()


def test_a_plaintext_study_refuses(study):
    with pytest.raises(UserError, match="not encrypted"):
        study.change_passphrase(PASSPHRASE, NEW)
    assert not crypto.is_encrypted(study.folder)
