"""Hand-off tests use a cheaper scrypt (its parameters are stored in the file and read back: same code path)."""

from __future__ import annotations

import pytest

from echo_fieldwork.study import crypto


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2 ** 14)
    yield
    crypto.forget()
