"""Decoding on an NVIDIA GPU: CUDA is used automatically with float16, and the CPU (int8) takes over, with
one log line, when CUDA cannot be used. The GPU test runs only where CTranslate2 sees a CUDA device; the
fallback is tested everywhere (this machine has no GPU: asking for CUDA is the failure)."""

from __future__ import annotations

import pytest

from echo_fieldwork.transcript.segments import decoding_runs, load_segments
from echo_fieldwork.transcription.protocol import EngineOptions
from echo_fieldwork.transcription.runner import transcribe_session
from tests.transcription.helpers import add_audio, make_session


def _cuda_devices() -> int:
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count()
    except Exception:  # a CTranslate2 build without CUDA
        return 0


def _recorded(study, session_id: int) -> tuple[str, str]:
    runs = decoding_runs(study, session_id)
    assert runs and load_segments(study, session_id)
    return runs[-1].settings["device"], runs[-1].settings["compute_type"]


@pytest.mark.slow
@pytest.mark.skipif(_cuda_devices() == 0, reason="no CUDA device on this computer")
def test_a_gpu_is_used_automatically_in_float16(study, use_base_model, short_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    result = transcribe_session(study, session_id, options=EngineOptions(language="fr"))   # device "auto"
    assert result.device == "cuda"
    assert _recorded(study, session_id) == ("cuda", "float16")
    assert "bonjour" in " ".join(s.text for s in load_segments(study, session_id)).lower()


@pytest.mark.slow
@pytest.mark.skipif(_cuda_devices() > 0, reason="this computer has a CUDA device: the request would succeed")
def test_cuda_asked_for_but_unavailable_decodes_on_the_cpu(study, use_base_model, short_speech,
                                                           fresh_log) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    result = transcribe_session(study, session_id, options=EngineOptions(language="fr", device="cuda"))
    assert result.device == "cpu" and result.segments_added
    assert _recorded(study, session_id) == ("cpu", "int8")
    lines = [line for line in (fresh_log / "echo-fieldwork.log").read_text().splitlines() if "CUDA" in line]
    assert len(lines) == 1 and "CUDA not used (no CUDA device): decoding on the CPU" in lines[0]
