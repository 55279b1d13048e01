"""A WAV cut short (its header promises more than it holds) is imported with a warning naming both lengths."""

from __future__ import annotations

import subprocess
import sys

from echo_fieldwork.audio.importer import promised_duration_ms, truncation_warning
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import make_session
from tests.study.test_staging import sine_wav


def test_a_truncated_wav_is_imported_with_a_warning(tmp_path):
    whole = sine_wav(tmp_path / "whole.wav", 11.6)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[:44 + 16000 * 2 * 6 // 10])   # the header, then 0.6 s of audio
    assert promised_duration_ms(cut) == 11600
    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        make_session(study, code="I1", kind="interview", attendees=("P01",))
    done = subprocess.run([sys.executable, "-m", "echo_fieldwork", "sessions", "import-audio", str(folder),
                           "--session", "I1", str(cut)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Warning: cut.wav holds 0.6 s of audio but its header announces 11.6 s" in done.stderr
    with Study.open(folder) as study:
        assert study.db.execute("SELECT duration_ms FROM recordings").fetchone()[0] == 600
    assert truncation_warning(whole, 11600) == ""          # a whole file: no warning
    assert truncation_warning(tmp_path / "x.mp3", 10) == ""  # other formats: no header to compare
