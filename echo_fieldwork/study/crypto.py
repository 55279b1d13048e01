"""An encrypted study's keys: one random data key, wrapped by the passphrase and by a recovery key.

`study.key` (JSON, beside `study.sqlite`) holds the data key twice, each copy sealed with AES-256-GCM:
once under a key derived from the passphrase with scrypt, once under a key derived from the recovery
key (shown once, when the study is created or encrypted). Changing the passphrase re-wraps the same data
key, so nothing else is rewritten. scrypt parameters (stored in the file, so they can grow later):
N = 2**17, r = 8, p = 1 — 128 MiB of memory and about half a second per try on a laptop, which makes
guessing passphrases on a stolen laptop costly (OWASP's minimum is N = 2**17, r = 8, p = 1).

From the data key, HKDF-SHA256 derives the SQLCipher key (raw, so SQLCipher's own PBKDF2 is skipped)
and the recordings' master key (each recording then has its own key, derived with its file id).

Unlocking happens once per process: `unlock()` keeps the keys in memory (`unlocked()`), never on disk.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import write_text_atomic
from echo_fieldwork.i18n import _

KEY_FILE = "study.key"
STAGING = ".encrypting"          # an encryption in progress (`study.conversion`)
PASSPHRASE_ENV = "ECHO_FIELDWORK_PASSPHRASE"
KEY_FORMAT = "echo-fieldwork-study-key"
KEY_VERSION = 1
SCRYPT_N = 2 ** 17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8


class WrongPassphrase(UserError):
    """The passphrase (or recovery key) does not open this study; nothing was changed."""


class StudyIsEncrypted(UserError):
    """The study is encrypted and was not unlocked in this process."""


@dataclass(frozen=True)
class StudyKeys:
    """The keys of an unlocked study, in memory only."""
    data_key: bytes

    @property
    def db_key(self) -> bytes:
        return _hkdf(self.data_key, b"", b"echo-fieldwork sqlcipher key v1")

    @property
    def audio_key(self) -> bytes:
        return _hkdf(self.data_key, b"", b"echo-fieldwork audio master key v1")

    def file_key(self, file_id: bytes) -> bytes:
        """The key of one encrypted recording (its 16-byte id as salt): no two files share a key."""
        return _hkdf(self.audio_key, file_id, b"echo-fieldwork audio file key v1")

    def sqlcipher_pragma(self) -> str:
        return f"PRAGMA key = \"x'{self.db_key.hex()}'\""


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None, info=info).derive(key)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * n * r + (1 << 20))


def _seal(kek: bytes, data_key: bytes, label: bytes) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return {"nonce": nonce.hex(), "sealed": AESGCM(kek).encrypt(nonce, data_key, label).hex()}


def _open(kek: bytes, box: dict, label: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(bytes.fromhex(box["nonce"]), bytes.fromhex(box["sealed"]), label)
    except (InvalidTag, ValueError, KeyError):
        return None


def _recovery_kek(recovery: bytes, salt: bytes) -> bytes:
    return _hkdf(recovery, salt, b"echo-fieldwork recovery key v1")


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes | None:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (ValueError, base64.binascii.Error):
        return None
    return raw if len(raw) == 32 else None


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(_("The passphrase must have at least {count} characters.").format(count=MIN_PASSPHRASE))


def _key_document(data_key: bytes, passphrase: str, recovery: bytes, study_id: str) -> dict:
    salt = secrets.token_bytes(16)
    recovery_salt = secrets.token_bytes(16)
    kek = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "format": KEY_FORMAT, "version": KEY_VERSION, "study_id": study_id,
        "passphrase": {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(),
                       **_seal(kek, data_key, b"passphrase")},
        "recovery": {"kdf": "hkdf-sha256", "salt": recovery_salt.hex(),
                     **_seal(_recovery_kek(recovery, recovery_salt), data_key, b"recovery")},
    }


def is_encrypted(folder: Path | str) -> bool:
    return (Path(folder) / KEY_FILE).is_file()


def read_key_document(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != KEY_FORMAT:
            raise ValueError
    except (OSError, ValueError):
        raise UserError(_("The key file {path} is damaged or unreadable; the study cannot be opened without it. "
                          "Restore it from a backup.").format(path=path)) from None
    if int(document.get("version", 0)) > KEY_VERSION:
        raise UserError(_("This study's key file was written by a newer version of echo_fieldwork. "
                          "Update the app to open it."))
    return document


def new_key_file(path: Path, passphrase: str) -> tuple[StudyKeys, str]:
    """Write a new key file at `path` (complete or not at all); return the keys and the recovery key text."""
    check_new_passphrase(passphrase)
    data_key = secrets.token_bytes(32)
    recovery = secrets.token_bytes(32)
    document = _key_document(data_key, passphrase, recovery, secrets.token_hex(8))
    write_text_atomic(path, json.dumps(document, indent=1))
    return StudyKeys(data_key), format_recovery_key(recovery)


def unwrap(path: Path, secret: str) -> StudyKeys:
    """The keys in the key file at `path`, opened with a passphrase or the recovery key."""
    document = read_key_document(path)
    box = document["passphrase"]
    data_key = _open(_scrypt(secret, bytes.fromhex(box["salt"]), int(box["n"]), int(box["r"]), int(box["p"])),
                     box, b"passphrase")
    if data_key is None and (recovery := parse_recovery_key(secret)) is not None:
        box = document["recovery"]
        data_key = _open(_recovery_kek(recovery, bytes.fromhex(box["salt"])), box, b"recovery")
    if data_key is None:
        raise WrongPassphrase(_("Wrong passphrase: the study was not opened and nothing was changed."))
    return StudyKeys(data_key)


# -- the keys unlocked in this process --------------------------------------------------------------------
_UNLOCKED: dict[str, StudyKeys] = {}


def _id(folder: Path | str) -> str:
    return str(Path(folder).expanduser().resolve())


def unlock(folder: Path | str, secret: str) -> StudyKeys:
    """Open the study's key with its passphrase (or recovery key) and keep it for this process."""
    keys = unwrap(Path(_id(folder)) / KEY_FILE, secret)
    _UNLOCKED[_id(folder)] = keys
    return keys


def remember(folder: Path | str, keys: StudyKeys) -> None:
    _UNLOCKED[_id(folder)] = keys


def unlocked(folder: Path | str) -> StudyKeys | None:
    return _UNLOCKED.get(_id(folder))


def forget(folder: Path | str | None = None) -> None:
    """Forget one study's keys (or all): the next opening asks for the passphrase again."""
    if folder is None:
        _UNLOCKED.clear()
    else:
        _UNLOCKED.pop(_id(folder), None)


def keys_for_opening(folder: Path) -> StudyKeys | None:
    """None for a plaintext study; the keys of an unlocked encrypted study; else StudyIsEncrypted.
    A study whose encryption was interrupted does not open at all until it is finished."""
    if (Path(folder) / STAGING).exists():
        raise UserError(_("The encryption of this study was interrupted. Run `echo-fieldwork encrypt {folder}` "
                          "again with the same passphrase to finish it; the study opens after that.").format(
                              folder=folder))
    if not is_encrypted(folder):
        return None
    keys = unlocked(folder)
    if keys is None:
        raise StudyIsEncrypted(_("This study is encrypted: give its passphrase (--passphrase-file FILE or the "
                                 "{env} environment variable).").format(env=PASSPHRASE_ENV))
    return keys


def change_passphrase(folder: Path | str, secret: str, new_passphrase: str) -> None:
    """Re-wrap the data key under a new passphrase (the old passphrase or the recovery key opens it).
    The recovery key stays valid; the recordings and the database are not rewritten."""
    path = Path(_id(folder)) / KEY_FILE
    keys = unwrap(path, secret)
    check_new_passphrase(new_passphrase)
    document = read_key_document(path)
    salt = secrets.token_bytes(16)
    kek = _scrypt(new_passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    document["passphrase"] = {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(),
                              **_seal(kek, keys.data_key, b"passphrase")}
    write_text_atomic(path, json.dumps(document, indent=1))
    remember(folder, keys)


def read_passphrase(passphrase_file: str | None) -> str | None:
    """The passphrase of a headless command: the first line of `passphrase_file`, else the environment."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(_("The passphrase file {path} cannot be read: {error}").format(
                path=passphrase_file, error=error.strerror)) from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    return os.environ.get(PASSPHRASE_ENV) or None


def sqlcipher_connect(path: Path, keys: StudyKeys, **kwargs):
    """A SQLCipher connection to an encrypted database (DB-API, like sqlite3's)."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), **kwargs)
    connection.execute(keys.sqlcipher_pragma())
    connection.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never reach the disk
    return connection


def sqlcipher_error() -> type[Exception]:
    """SQLCipher's database error class (not a subclass of sqlite3's): catch it beside sqlite3.Error."""
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a required dependency
        return RuntimeError
    return sqlcipher3.Error
