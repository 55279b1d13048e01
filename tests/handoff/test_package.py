"""The .efpkg file: only the session's records, sealed; a wrong passphrase or any alteration is refused."""

from __future__ import annotations

import json
import re
import wave

import pytest

from echo_fieldwork.handoff.exchange import open_workspace, out_for_correction, send_session
from echo_fieldwork.handoff.package import PackageError, read_package
from tests.handoff.handoff_helpers import NAME, OTHER_TEXT, PASSPHRASE, PHONE, TEXTS, audit_actions, fill_origin


def test_package_holds_the_session_and_nothing_else_of_the_study(study, tmp_path):
    session_id = fill_origin(study)
    out = tmp_path / "FG1.efpkg"
    handoff = send_session(study, "FG1", "Amélie (assistante)", out, PASSPHRASE)

    raw = out.read_bytes()
    for secret in (NAME.encode(), TEXTS[1].encode(), b"Rimouski", PHONE.encode()):
        assert secret not in raw
    # A WAV header, not a bare b"RIFF": 4 bytes turn up by chance in ciphertext now and then.
    assert not re.search(rb"RIFF.{4}WAVE", raw, re.DOTALL)
    manifest, tracks = read_package(out, PASSPHRASE)
    dumped = json.dumps(manifest, ensure_ascii=False)
    assert OTHER_TEXT not in dumped and PHONE not in dumped and "frozen_copy" not in dumped
    assert set(manifest) == {"kind", "package_id", "origin_study_id", "study_language", "sent_at", "sent_by", "to",
                             "session", "attendance", "people", "recordings", "audio", "segments", "transcript",
                             "speaker_events", "field_notes", "deid"}
    assert manifest["session"]["code"] == "FG1"
    assert {s["session_id"] for s in manifest["segments"]} == {session_id}
    assert [s["text"] for s in manifest["segments"]] == TEXTS
    assert [n["text"] for n in manifest["field_notes"]] == ["Rires quand on parle de Rimouski"]
    people = {p["code"]: p for p in manifest["people"]}
    assert set(people) == {"P01", "P02", "M1"}            # P03 attends only FG2 and has no name
    assert people["P01"]["full_name"] == NAME and set(people["P01"]) == {
        "id", "code", "study_role", "created_at", "full_name", "aliases"}
    with wave.open(str(study.folder / "audio" / "FG1-1.wav"), "rb") as original:
        assert tracks[0].pcm == original.readframes(original.getnframes())

    assert out_for_correction(study)[session_id].to == "Amélie (assistante)"
    assert out_for_correction(study)[session_id].package_id == handoff.package_id
    assert audit_actions(study)[-1][0] == "handoff.send"


def test_wrong_passphrase_and_altered_packages_are_refused(study, tmp_path):
    fill_origin(study)
    out = tmp_path / "FG1.efpkg"
    send_session(study, "FG1", "RA2", out, PASSPHRASE)
    data = out.read_bytes()

    with pytest.raises(PackageError, match="passphrase is wrong"):
        read_package(out, "pas la bonne phrase")
    variants = {
        "flipped": data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1:],
        "cut short": data[:-40],
        "end dropped": data[:-(5 + 12 + 16)],
        "appended": data + data[-60:],
        "header changed": data.replace(b'"n": 16384', b'"n": 16385', 1),
    }
    for name, altered in variants.items():
        target = tmp_path / f"{name}.efpkg"
        target.write_bytes(altered)
        with pytest.raises(PackageError):
            read_package(target, PASSPHRASE)
    with pytest.raises(PackageError):
        open_workspace(tmp_path / "flipped.efpkg", tmp_path / "ws", PASSPHRASE)
    assert not (tmp_path / "ws").exists()


def test_the_workspace_is_an_encrypted_study_with_only_the_session(study, tmp_path):
    from echo_fieldwork.study import crypto
    from echo_fieldwork.study.sealed_audio import SealedReader

    session_id = fill_origin(study)
    send_session(study, "FG1", "RA2", tmp_path / "FG1.efpkg", PASSPHRASE)
    crypto.forget()
    workspace = open_workspace(tmp_path / "FG1.efpkg", tmp_path / "ws", PASSPHRASE, actor="RA2")
    try:
        assert workspace.encrypted
        assert [r[0] for r in workspace.db.execute("SELECT code FROM sessions")] == ["FG1"]
        assert workspace.db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 0
        assert workspace.db.execute("SELECT COUNT(*) FROM questionnaire_answers").fetchone()[0] == 0
        assert workspace.db.execute("SELECT email, phone FROM identities").fetchall() == [("", "")]
        ids = [r[0] for r in workspace.db.execute("SELECT id FROM segments ORDER BY start_ms")]
        assert ids == [r[0] for r in study.db.execute("SELECT id FROM segments WHERE session_id = ? ORDER BY start_ms",
                                                      [session_id])]
        (path,) = [r[0] for r in workspace.db.execute("SELECT path FROM recordings")]
        with SealedReader(workspace.folder / path, workspace.keys) as reader, \
                wave.open(str(study.folder / "audio" / "FG1-1.wav"), "rb") as original:
            assert reader.read_all() == original.readframes(original.getnframes())
        for file in (tmp_path / "ws").rglob("*"):
            if file.is_file():
                assert TEXTS[1].encode() not in file.read_bytes() and NAME.encode() not in file.read_bytes()
    finally:
        workspace.close()


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_long_recording_travels_chunk_by_chunk_and_a_cut_package_leaves_no_workspace(tmp_path, encrypted):
    """Twelve minutes of audio (23 MB, 22 package chunks): sent and opened without ever holding the recording
    in memory (peak Python allocations stay under a quarter of it), byte for byte; the same package cut in the
    middle of its audio is refused and the half-written workspace is removed."""
    import os
    import tracemalloc

    from echo_fieldwork.sessions.sessions import get_session
    from echo_fieldwork.study import crypto
    from echo_fieldwork.study.sealed_audio import SealedReader
    from echo_fieldwork.study.study import Study
    from tests.handoff.handoff_helpers import add_recording
    from tests.sessions_helpers import make_session

    pcm = os.urandom(12 * 60 * 16000 * 2)
    with Study.create(tmp_path / "origin", "Étude", "fr", passphrase=PASSPHRASE if encrypted else None) as origin:
        session = make_session(origin, "FG1", attendees=("P01",))
        add_recording(origin, session.id, "FG1-1", pcm)
        tracemalloc.start()
        send_session(origin, "FG1", "RA2", tmp_path / "FG1.efpkg", PASSPHRASE)
        sent_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert get_session(origin, session.id).code == "FG1"
    crypto.forget()
    tracemalloc.start()
    workspace = open_workspace(tmp_path / "FG1.efpkg", tmp_path / "ws", PASSPHRASE)
    opened_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    try:
        (path,) = [r[0] for r in workspace.db.execute("SELECT path FROM recordings")]
        with SealedReader(workspace.folder / path, workspace.keys) as reader:
            assert reader.read_all() == pcm
    finally:
        workspace.close()
    assert sent_peak < len(pcm) / 4 and opened_peak < len(pcm) / 4, (sent_peak, opened_peak)

    data = (tmp_path / "FG1.efpkg").read_bytes()
    cut = tmp_path / "cut.efpkg"
    cut.write_bytes(data[:len(data) // 2])
    with pytest.raises(PackageError):
        open_workspace(cut, tmp_path / "ws2", PASSPHRASE)
    assert not (tmp_path / "ws2").exists()
