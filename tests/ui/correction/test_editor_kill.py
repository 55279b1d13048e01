"""Kill the editor while a person types: every edit older than a second is in the study afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments
from tests.conftest import REPO_ROOT
from tests.editor_data import make_session, make_speech


def test_sigkill_while_typing_loses_nothing_older_than_a_second(tmp_path):
    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        session = make_session(study)
        make_speech(study, session.id, name="kill.wav")
        first_text = load_segments(study, session.id)[0].text
        second_text = load_segments(study, session.id)[1].text
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("editor_kill_child.py")), str(folder),
                              str(session.id)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env=env, cwd=REPO_ROOT)
    lines: list[tuple[float, str]] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            stamp, _sep, text = line.rstrip("\n").partition(" ")
            lines.append((float(stamp), text))
            if len(lines) > 60:  # ≈ 2.4 s of typing after the split
                break
    finally:
        kill_time = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert lines and lines[0][1] == "split", "the child did not start"
    typed = [(t, text) for t, text in lines[1:]]
    old_enough = [text for t, text in typed if t <= kill_time - 1.0]
    assert old_enough, f"typing did not run long enough before the kill: {lines[:3]} {len(lines)}"
    assert old_enough, "typing did not run long enough before the kill"
    with Study.open(folder) as study:  # the stale lock of the killed process is taken over
        segments = load_segments(study, session.id)
    assert [s.text for s in segments[:1]] == [first_text[:len("Bonjour à tous")]]
    stored = segments[1].text
    assert stored.startswith(old_enough[-1])             # everything typed up to a second before the kill
    assert typed[-1][1].startswith(stored)                # and nothing that was not typed
    assert segments[2].text == second_text
