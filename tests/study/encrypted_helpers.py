"""An encrypted study holding everything identifying (a name, a phone number, a transcript, a recording),
and a scan of its files for any of it in plaintext."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from echo_fieldwork.study import crypto

PASSPHRASE = "correct horse battery staple"
NAME = "Gisèle Ouellette"
PHONE = "514-555-0199"
TRANSCRIPT = "le programme de télémentorat à Rimouski"
# A WAV header is "RIFF", a size, then "WAVE": a bare b"RIFF" (4 bytes) turns up by chance about once in
# 4 GB of ciphertext, often enough across a test suite's runs to make a scan flaky, so the scan looks for
# the 12-byte header shape and the 7-byte "WAVEfmt".
SECRETS = [NAME.encode(), "Ouellette".encode("utf-16-le"), PHONE.encode(), TRANSCRIPT.encode(), b"Rimouski",
           re.compile(rb"RIFF.{4}WAVE", re.DOTALL), b"WAVEfmt", b"SQLite format 3"]


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    """New key files in tests use a cheaper scrypt (the parameters are stored in the file and read back, so
    the code path is the same); the production cost is measured in benchmarks/encryption.py."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2 ** 14)
    yield
    crypto.forget()


def speech_wav(path: Path, text: str = "Bonjour, nous parlons du programme.") -> Path:
    import shutil

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    subprocess.run(["espeak-ng", "-v", "fr", "-w", str(path), text], check=True, capture_output=True)
    return path


def fill(study, tmp_path: Path):
    """A participant with a name and phone, a session with an imported recording and a transcript."""
    from echo_fieldwork.audio.importer import import_audio
    from echo_fieldwork.people import identity
    from echo_fieldwork.transcript.segments import Segment, insert_segments
    from tests.sessions_helpers import make_session

    session = make_session(study, attendees=("P01",))
    participant = study.db.execute("SELECT id FROM participants WHERE code = 'P01'").fetchone()[0]
    identity.set_identity(study, identity.Identity(participant, full_name=NAME, phone=PHONE))
    import_audio(study, session.id, speech_wav(tmp_path / "source.wav"))
    insert_segments(study, [Segment(None, session.id, 0, 1500, TRANSCRIPT, speaker="P01")])
    return session


def _holds(data: bytes, secret: bytes | re.Pattern) -> bool:
    return bool(secret.search(data)) if isinstance(secret, re.Pattern) else secret in data


def _shown(secret: bytes | re.Pattern) -> str:
    return repr(secret.pattern[:12] if isinstance(secret, re.Pattern) else secret[:12])


def leaks(folder: Path) -> list[str]:
    """Files under `folder` (exports/ excepted) holding any of SECRETS in plaintext."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "exports" not in path.relative_to(folder).parts:
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}: {_shown(secret)}" for secret in SECRETS if _holds(data, secret)]
    return found


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
