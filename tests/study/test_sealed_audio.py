"""Sealed recordings: chunked AES-GCM, random access, tamper evidence, repair after a torn last chunk."""

from __future__ import annotations

import os
import secrets

import pytest

from echo_fieldwork.study.crypto import StudyKeys
from echo_fieldwork.study.sealed_audio import (
    CHUNK_SIZE,
    HEADER_SIZE,
    SLOT_SIZE,
    SealedAppender,
    SealedAudioError,
    SealedConcatenation,
    SealedReader,
    is_sealed,
    repair_sealed,
)

KEYS = StudyKeys(secrets.token_bytes(32))


def _pcm(size: int) -> bytes:
    return os.urandom(size // 2 * 2)


def _write(path, data: bytes, flush_every: int = 16000) -> None:
    writer = SealedAppender(path, KEYS, 16000)
    for start in range(0, len(data), 3200):
        writer.write(data[start:start + 3200])
        if start % flush_every == 0:
            writer.flush()
    writer.close()


def test_round_trip_and_random_access(tmp_path):
    data = _pcm(5 * CHUNK_SIZE + 12345)
    path = tmp_path / "a.efa"
    _write(path, data)
    assert is_sealed(path) and data[:4096] not in path.read_bytes()
    with SealedReader(path, KEYS) as reader:
        assert reader.data_bytes == len(data) and reader.duration_ms == len(data) // 2 * 1000 // 16000
        assert reader.read(CHUNK_SIZE - 10, 30) == data[CHUNK_SIZE - 10:CHUNK_SIZE + 20]   # across a chunk edge
        assert reader.read(len(data) - 5, 100) == data[-5:]
        assert reader.read_all() == data


def test_every_flush_is_readable_as_it_is_written(tmp_path):
    """What a kill leaves after a flush: the unfinished last chunk, rewritten with a fresh nonce, is readable."""
    path = tmp_path / "live.efa"
    writer = SealedAppender(path, KEYS, 16000)
    written = b""
    for size in (1000, 40000, 30000, 70000):
        block = _pcm(size)
        writer.write(block)
        written += block
        writer.flush()
        with SealedReader(path, KEYS) as reader:
            assert reader.read_all() == written
    writer.close()


def test_chunks_are_bound_to_their_place_key_and_content(tmp_path):
    data = _pcm(3 * CHUNK_SIZE)
    path = tmp_path / "a.efa"
    _write(path, data)
    raw = bytearray(path.read_bytes())
    swapped = raw[:HEADER_SIZE] + raw[HEADER_SIZE + SLOT_SIZE:HEADER_SIZE + 2 * SLOT_SIZE] \
        + raw[HEADER_SIZE:HEADER_SIZE + SLOT_SIZE] + raw[HEADER_SIZE + 2 * SLOT_SIZE:]
    (tmp_path / "swapped.efa").write_bytes(bytes(swapped))
    with SealedReader(tmp_path / "swapped.efa", KEYS) as reader, pytest.raises(SealedAudioError):
        reader.read(0, 10)
    raw[HEADER_SIZE + 100] ^= 1
    (tmp_path / "flipped.efa").write_bytes(bytes(raw))
    with SealedReader(tmp_path / "flipped.efa", KEYS) as reader:
        with pytest.raises(SealedAudioError):
            reader.read(0, 10)
        assert reader.read(CHUNK_SIZE, 10) == data[CHUNK_SIZE:CHUNK_SIZE + 10]   # the others still play
    with SealedReader(path, StudyKeys(secrets.token_bytes(32))) as reader, pytest.raises(SealedAudioError):
        reader.read(0, 10)
    other = tmp_path / "other.efa"
    _write(other, data)                   # same study key, another file: its own file key
    mixed = other.read_bytes()[:HEADER_SIZE] + path.read_bytes()[HEADER_SIZE:]
    (tmp_path / "mixed.efa").write_bytes(mixed)
    with SealedReader(tmp_path / "mixed.efa", KEYS) as reader, pytest.raises(SealedAudioError):
        reader.read(0, 10)


def test_repair_drops_only_a_torn_last_chunk(tmp_path):
    data = _pcm(4 * CHUNK_SIZE + 20000)
    path = tmp_path / "a.efa"
    _write(path, data)
    assert repair_sealed(path, KEYS) == len(data) // 2 * 1000 // 16000    # intact: nothing lost
    with open(path, "r+b") as handle:                        # a power cut in the middle of the last rewrite
        handle.seek(-7, os.SEEK_END)
        handle.write(b"garbage")
    assert repair_sealed(path, KEYS) == 4 * CHUNK_SIZE // 2 * 1000 // 16000
    with SealedReader(path, KEYS) as reader:
        assert reader.read_all() == data[:4 * CHUNK_SIZE]
    with open(path, "ab") as handle:                         # a slot cut short before its tag
        handle.write(os.urandom(20))
    assert repair_sealed(path, KEYS) == 4 * CHUNK_SIZE // 2 * 1000 // 16000
    assert path.stat().st_size == HEADER_SIZE + 4 * SLOT_SIZE


def test_a_session_of_several_recordings_reads_as_one(tmp_path):
    first, second = _pcm(CHUNK_SIZE + 1000), _pcm(3000)
    _write(tmp_path / "1.efa", first)
    _write(tmp_path / "2.efa", second)
    joined = SealedConcatenation([tmp_path / "1.efa", tmp_path / "2.efa"], KEYS)
    assert joined.data_bytes == len(first) + len(second)
    assert joined.read(len(first) - 10, 20) == (first + second)[len(first) - 10:len(first) + 10]
    assert joined.read(0, joined.data_bytes) == first + second
    joined.close()
