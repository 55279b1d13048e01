"""How fast and how accurate a Whisper model is on this computer, before choosing it: the built-in
one-minute French sample (`resources/benchmark/`, made by `tools/make_benchmark_sample.py`) decoded through
the real app path (the spawned child, `EngineOptions` with that model), timed, and compared with its
reference text (word error rate). The result is remembered in the settings per model (`model_benchmarks`),
with the date and the app version, and shown beside the model in the picker and by `models benchmark`.

The sample is synthetic speech (espeak-ng): its word error rate ranks models against each other on one
computer; it does not predict the error rate on a real focus group.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, decimal_text
from echo_fieldwork.resources import resource_path
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcription.models import ModelInfo, resolve_model
from echo_fieldwork.transcription.protocol import (
    ChunkDone,
    Done,
    EngineOptions,
    Failed,
    LanguageDetected,
    Ready,
    Request,
    SegmentDecoded,
)
from echo_fieldwork.transcription.runner import TranscriptionCancelled, _child_error, _ChildRun

log = logging.getLogger("echo_fieldwork.transcription.benchmark")

SETTINGS_KEY = "model_benchmarks"


def sample_audio() -> Path:
    return resource_path("benchmark", "sample-fr.opus")


def sample_reference() -> str:
    return resource_path("benchmark", "sample-fr.txt").read_text(encoding="utf-8")


# -- word error rate ---------------------------------------------------------------------------------------
def normalise(text: str) -> list[str]:
    """Lower case; apostrophes, hyphens and punctuation become spaces (l’équipe → l équipe)."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[’'`´‐‑–—-]", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return text.split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, after `normalise`."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        diagonal, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            current = min(row[j] + 1, row[j - 1] + 1, diagonal + (ref[i - 1] != hyp[j - 1]))
            diagonal, row[j] = row[j], current
    return row[len(hyp)] / max(1, len(ref))


# -- the result ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BenchmarkResult:
    model: str
    model_path: str
    audio_s: float          # length of the sample
    load_s: float           # starting the child and loading the model, until it is ready to decode
    decode_s: float         # decoding the sample, from ready to done
    wer: float              # word error rate on the sample, 0–1
    device: str             # "cpu" or "cuda"
    date: str               # UTC, ISO 8601
    app_version: str

    @property
    def speed(self) -> float:
        """How many times faster than real time the model decodes (loading not counted)."""
        return self.audio_s / self.decode_s if self.decode_s > 0 else 0.0

    def summary(self) -> str:
        return _("Transcribes {audio:.0f} s of French speech in {decode:.0f} s on this computer (≈ {speed}× "
                 "real time, {device}); {wer:.0f} % of words wrong on the sample. Loading the model took "
                 "{load:.0f} s.").format(audio=self.audio_s, decode=self.decode_s, speed=decimal_text(self.speed),
                                         device=self.device.upper(), wer=100 * self.wer, load=self.load_s)

    def short(self) -> str:
        """For a table cell: speed and accuracy, and when it was measured."""
        return _("{speed}× real time, {wer:.0f} % errors ({date})").format(
            speed=decimal_text(self.speed), wer=100 * self.wer, date=self.date[:10])

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BenchmarkResult | None:
        try:
            return cls(str(data["model"]), str(data["model_path"]), float(data["audio_s"]), float(data["load_s"]),
                       float(data["decode_s"]), float(data["wer"]), str(data["device"]), str(data["date"]),
                       str(data["app_version"]))
        except (KeyError, TypeError, ValueError):
            return None


class BenchmarkCancelled(UserError):
    """The user stopped the benchmark; nothing is remembered."""


def remembered(settings, model: ModelInfo) -> BenchmarkResult | None:
    """The last benchmark of this model, if it was of this same folder."""
    data = settings.get(SETTINGS_KEY).get(model.name)
    result = BenchmarkResult.from_dict(data) if isinstance(data, dict) else None
    if result is None or Path(result.model_path) != Path(model.path):
        return None
    return result


def remember(settings, result: BenchmarkResult) -> None:
    results = settings.get(SETTINGS_KEY)
    results[result.model] = result.to_dict()
    settings.set(SETTINGS_KEY, results)


# -- the run -------------------------------------------------------------------------------------------------
def benchmark_model(model: str | ModelInfo | None = None, settings=None, *, options: EngineOptions | None = None,
                    cancel: threading.Event | None = None, on_progress: Callable[[float], None] | None = None,
                    keep: bool = True) -> BenchmarkResult:
    """Decode the built-in sample with this model (a name, a folder, or one already resolved) exactly as a transcription would (the spawned child,
    same options), and remember the result in `settings` (unless `keep` is False: the UI remembers it
    on its own thread). `on_progress(fraction)` as segments arrive;
    setting `cancel` stops the child (BenchmarkCancelled)."""
    from echo_fieldwork import __version__

    info = model if isinstance(model, ModelInfo) else resolve_model(model, settings)
    options = replace(options or EngineOptions(), model=str(info.path), language="fr")
    audio = sample_audio()
    if not audio.is_file():
        raise UserError(_("The benchmark sample is missing from the app's resources; reinstall the app."))
    request = Request((str(audio),), str(info.path), "fr", 0, None, "", options)
    texts: list[str] = []
    audio_ms, device = 0, "cpu"
    started = time.monotonic()
    ready_at = started
    run = _ChildRun(request)
    try:
        for message in run.messages(cancel):
            match message:
                case Ready():
                    ready_at, device, audio_ms = time.monotonic(), message.device, message.audio_ms
                    if message.cuda_problem:
                        log.warning("CUDA not used (%s): decoding on the CPU", message.cuda_problem)
                case SegmentDecoded():
                    texts.append(message.text)
                    if on_progress is not None and audio_ms:
                        on_progress(min(1.0, message.end_ms / audio_ms))
                case ChunkDone() | LanguageDetected():
                    pass
                case Failed():
                    raise _child_error(message, [audio])
                case Done():
                    break
    except TranscriptionCancelled:
        raise BenchmarkCancelled(_("Benchmark cancelled.")) from None
    finally:
        run.stop()
    finished = time.monotonic()
    result = BenchmarkResult(info.name, str(info.path), audio_ms / 1000, ready_at - started, finished - ready_at,
                             word_error_rate(sample_reference(), " ".join(texts)), device, utc_now_iso(),
                             __version__)
    log.info("model benchmark: %.1f s of audio decoded in %.1f s on %s, WER %.3f", result.audio_s,
             result.decode_s, device, result.wer)
    if settings is not None and keep:
        remember(settings, result)
    if on_progress is not None:
        on_progress(1.0)
    return result
