"""Nothing leaves the computer: every library's telemetry, update check and download switched off, before it loads.

Some libraries the app uses would reach the network on their own. onnxruntime (faster-whisper's voice
activity detection) sends usage events to Microsoft and writes a device id under `~/.cache/Microsoft/` unless
`ORT_DISABLE_TELEMETRY` is set *before* it is imported (it reads the variable once, when it loads);
huggingface_hub would look for model updates. `quiet_libraries()` puts `OFFLINE_ENV` into `os.environ`:
the entry points (`__main__`, the CLI, the app, the bundle's launcher) call it first, and the transcription
child calls it again first thing; children inherit the environment. `tests/test_no_network_strace.py`
checks the result from outside the process, with strace.
"""

from __future__ import annotations

import os

# Values forced whatever the user's environment says: the ethics rules do not allow opting back in.
OFFLINE_ENV = {
    # onnxruntime ≥ 1.29 (Linux/macOS, 1DS uploader to mobile.events.data.microsoft.com; device id and an offline
    # event queue under ~/.cache/Microsoft/DeveloperTools/.onnxruntime). Read once, when the library loads.
    "ORT_DISABLE_TELEMETRY": "1",
    # huggingface_hub (faster-whisper imports it): no download, no telemetry, no update check, no token sent.
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    # The cross-tool convention (consoledonottrack.com), honoured by several libraries.
    "DO_NOT_TRACK": "1",
}
# Checked and needing nothing: spaCy and thinc (only `spacy download`/`validate`, never run by the app, use the
# network), CTranslate2, PyAV (files only), PortAudio, Qt (its network plugins are not shipped in the bundle).


def quiet_libraries() -> None:
    """Switch off every library's telemetry and update checks in this process and the ones it starts.
    Call before importing onnxruntime, faster_whisper or huggingface_hub."""
    os.environ.update(OFFLINE_ENV)
