"""Importing an existing recording (m4a, mp3, wav, ogg…): decoded with PyAV to 16 kHz mono 16-bit WAV.

The decoded audio goes to a temporary file in `audio/` and is renamed into place only when the whole
file decoded; a corrupt or empty file raises UserError and leaves the study as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.recorder import DEFAULT_SAMPLE_RATE, new_audio_path
from echo_fieldwork.sessions import add_recording_row, get_session
from echo_fieldwork.study import Study
from echo_fieldwork.wavfile import WavAppender

log = logging.getLogger("echo_fieldwork.audio_import")

IMPORT_EXTENSIONS = (".m4a", ".mp3", ".wav", ".ogg", ".oga", ".opus", ".flac", ".aac", ".mp4", ".webm")


def import_audio(study: Study, session_id: int, source: Path | str, *,
                 progress: Callable[[int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> int:
    """Decode `source` into the study's audio folder and register it; return the recording id.
    `progress` receives the decoded milliseconds so far."""
    import av

    source = Path(source)
    session = get_session(study, session_id)
    if not source.is_file():
        raise UserError(_("The file {path} does not exist.").format(path=source))
    target = new_audio_path(study, session.code)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    writer = WavAppender(partial, DEFAULT_SAMPLE_RATE)
    try:
        try:
            with av.open(str(source), mode="r") as container:
                if not container.streams.audio:
                    raise UserError(_("{name} has no audio track.").format(name=source.name))
                stream = container.streams.audio[0]
                resampler = av.AudioResampler(format="s16", layout="mono", rate=DEFAULT_SAMPLE_RATE)
                for frame in container.decode(stream):
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
        os.replace(partial, target)
    except BaseException:
        writer.close()
        partial.unlink(missing_ok=True)
        raise
    relative = target.relative_to(study.folder).as_posix()
    try:
        with study.db.atomic():
            recording_id = add_recording_row(study, session.id, relative, source="imported", status="complete",
                                             sample_rate=DEFAULT_SAMPLE_RATE, duration_ms=writer.duration_ms,
                                             original_name=source.name)
            study.audit("recording.import", "session", session.id,
                        {"recording_id": recording_id, "duration_ms": writer.duration_ms})
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    log.info("imported recording %d: %d ms", recording_id, writer.duration_ms)
    return recording_id
