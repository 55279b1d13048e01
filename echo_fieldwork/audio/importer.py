"""Importing an existing recording (m4a, mp3, wav, ogg…): decoded with PyAV to 16 kHz mono 16-bit WAV
(sealed as it is decoded in an encrypted study: the plain audio is never written).

The decoded audio goes to a temporary `.part` file in `audio/` and is renamed into place and registered
only when the whole file decoded; a corrupt or empty file raises UserError and leaves the study as it was.
Decoding (`decode_to_wav`) touches no database, so the UI can run it off the UI thread and register the
result (`register_import`) on its own thread.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from echo_fieldwork.audio.recorder import DEFAULT_SAMPLE_RATE, new_audio_path
from echo_fieldwork.audio.wavfile import WavAppender
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import add_recording_row, get_session
from echo_fieldwork.study.crypto import StudyKeys
from echo_fieldwork.study.sealed_audio import SealedAppender
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.audio.importer")

IMPORT_EXTENSIONS = (".m4a", ".mp3", ".wav", ".ogg", ".oga", ".opus", ".flac", ".aac", ".mp4", ".webm")


@dataclass(frozen=True)
class ImportPlan:
    session_id: int
    source: Path
    target: Path       # the final name in audio/
    partial: Path      # where decoding writes
    keys: StudyKeys | None = None   # an encrypted study's: the decoded audio is sealed as it is written


def plan_import(study: Study, session_id: int, source: Path | str) -> ImportPlan:
    source = Path(source)
    session = get_session(study, session_id)
    if not source.is_file():
        raise UserError(_("The file {path} does not exist.").format(path=source))
    target = new_audio_path(study, session.code)
    return ImportPlan(session.id, source, target, target.with_name(target.name + ".part"), study.keys)


def decode_to_wav(source: Path, partial: Path, *, progress: Callable[[int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, keys: StudyKeys | None = None) -> int:
    """Decode `source` into a new WAV at `partial` (sealed with `keys`: an encrypted study's); return its
    duration in ms. On any failure the partial file is removed and UserError raised. `progress` receives
    the decoded milliseconds so far."""
    import av

    partial.unlink(missing_ok=True)
    writer = (SealedAppender(partial, keys, DEFAULT_SAMPLE_RATE) if keys is not None
              else WavAppender(partial, DEFAULT_SAMPLE_RATE))
    try:
        try:
            with av.open(str(source), mode="r") as container:
                if not container.streams.audio:
                    raise UserError(_("{name} has no audio track.").format(name=source.name))
                resampler = av.AudioResampler(format="s16", layout="mono", rate=DEFAULT_SAMPLE_RATE)
                for frame in container.decode(container.streams.audio[0]):
                    for out in resampler.resample(frame):
                        writer.write(out.to_ndarray().tobytes())
                    if progress:
                        progress(writer.duration_ms)
                    if cancelled and cancelled():
                        raise UserError(_("Import cancelled; nothing was added."))
                for out in resampler.resample(None):
                    writer.write(out.to_ndarray().tobytes())
        except av.error.FFmpegError as error:
            raise UserError(_("{name} could not be decoded as audio (damaged or unsupported file: {error}). "
                              "Nothing was added.").format(name=source.name, error=type(error).__name__)) from None
        if writer.duration_ms < 100:
            raise UserError(_("{name} holds no audio. Nothing was added.").format(name=source.name))
        writer.close()
    except BaseException:
        writer.close()
        partial.unlink(missing_ok=True)
        raise
    return writer.duration_ms


def register_import(study: Study, plan: ImportPlan, duration_ms: int) -> int:
    """Move the decoded file into place and register it for the session; return the recording id."""
    target = plan.target if not plan.target.exists() else new_audio_path(study, get_session(study, plan.session_id).code)
    os.replace(plan.partial, target)
    relative = target.relative_to(study.folder).as_posix()
    try:
        with study.db.atomic():
            recording_id = add_recording_row(study, plan.session_id, relative, source="imported", status="complete",
                                             sample_rate=DEFAULT_SAMPLE_RATE, duration_ms=duration_ms,
                                             original_name=plan.source.name)
            study.audit("recording.import", "session", plan.session_id,
                        {"recording_id": recording_id, "duration_ms": duration_ms})
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    log.info("imported recording %d: %d ms", recording_id, duration_ms)
    return recording_id


def import_audio(study: Study, session_id: int, source: Path | str, *,
                 progress: Callable[[int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> int:
    """Decode `source` into the study's audio folder and register it; return the recording id."""
    plan = plan_import(study, session_id, source)
    duration_ms = decode_to_wav(plan.source, plan.partial, progress=progress, cancelled=cancelled, keys=plan.keys)
    return register_import(study, plan, duration_ms)
