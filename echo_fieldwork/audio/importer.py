"""Importing an existing recording (m4a, mp3, wav, ogg…): decoded with PyAV to 16 kHz mono 16-bit WAV
(sealed as it is decoded in an encrypted study: the plain audio is never written).

The decoded audio goes to a private staging folder of the study (`study.staging`) and is moved into `audio/`
and registered in one step only when the whole file decoded; a corrupt or empty file, or a full disk,
raises UserError and leaves the study as it was.
Decoding (`decode_to_wav`) touches no database, so the UI can run it off the UI thread and register the
result (`register_import`) on its own thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from echo_fieldwork.audio.recorder import DEFAULT_SAMPLE_RATE, new_audio_path
from echo_fieldwork.audio.wavfile import WavAppender
from echo_fieldwork.errors import UserError, os_error
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import add_recording_row, get_session
from echo_fieldwork.study import staging
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
    try:
        area = Path(tempfile.mkdtemp(dir=staging.staging_root(study)))
    except OSError as error:
        raise os_error(error, study.folder / staging.STAGING_DIR, changed=False) from None
    return ImportPlan(session.id, source, target, area / target.name, study.keys)


def discard(plan: ImportPlan) -> None:
    """Remove the plan's staging folder and whatever was decoded into it."""
    plan.partial.unlink(missing_ok=True)
    if plan.partial.parent.parent.name == staging.STAGING_DIR:
        shutil.rmtree(plan.partial.parent, ignore_errors=True)


def promised_duration_ms(source: Path) -> int | None:
    """What a WAV file's header says it holds (None for other formats or an unreadable header)."""
    if source.suffix.lower() != ".wav":
        return None
    try:
        with open(source, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    position, byte_rate = 12, 0
    while position + 8 <= len(head):
        chunk, size = head[position:position + 4], int.from_bytes(head[position + 4:position + 8], "little")
        if chunk == b"fmt " and position + 16 <= len(head):
            byte_rate = int.from_bytes(head[position + 16:position + 20], "little")
        if chunk == b"data":
            streamed = size == 0 or size >= 0xFFFFFF00  # a header written before the size was known
            return None if streamed or not byte_rate else size * 1000 // byte_rate
        position += 8 + size + (size & 1)
    return None


def truncation_warning(source: Path, duration_ms: int) -> str:
    """A sentence when a WAV holds clearly less audio than its header promised (a copy cut short), else ''."""
    promised = promised_duration_ms(source)
    if promised is None or promised - duration_ms <= max(500, promised // 50):
        return ""
    return _("{name} holds {found:.1f} s of audio but its header announces {promised:.1f} s: the file looks cut "
             "short (an incomplete copy?). The part present was imported; import the complete file if you have "
             "it.").format(name=source.name, found=duration_ms / 1000, promised=promised / 1000)


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
    except BaseException as failure:
        try:
            writer.close()  # may fail again on a full disk: the partial file goes whatever happens
        except OSError:
            pass
        partial.unlink(missing_ok=True)
        if partial.parent.parent.name == staging.STAGING_DIR:
            shutil.rmtree(partial.parent, ignore_errors=True)
        if isinstance(failure, OSError):
            raise os_error(failure, partial, changed=False) from None
        raise
    return writer.duration_ms


def register_import(study: Study, plan: ImportPlan, duration_ms: int) -> int:
    """Move the decoded file into place and register it for the session in one step; return the recording id."""
    target = plan.target if not plan.target.exists() else new_audio_path(study, get_session(study, plan.session_id).code)
    relative = target.relative_to(study.folder).as_posix()
    recording: list[int] = []

    def record() -> None:
        recording_id = add_recording_row(study, plan.session_id, relative, source="imported", status="complete",
                                         sample_rate=DEFAULT_SAMPLE_RATE, duration_ms=duration_ms)
        study.audit("recording.import", "session", plan.session_id,
                    {"recording_id": recording_id, "duration_ms": duration_ms})
        recording.append(recording_id)

    try:
        staging.publish(study, [staging.Publication(plan.partial, target, "recording")], record)
    except OSError as error:
        raise os_error(error, target, changed=False) from None
    finally:
        discard(plan)
    log.info("imported recording %d: %d ms", recording[0], duration_ms)
    return recording[0]


def import_audio(study: Study, session_id: int, source: Path | str, *,
                 progress: Callable[[int], None] | None = None, cancelled: Callable[[], bool] | None = None,
                 warn: Callable[[str], None] | None = None) -> int:
    """Decode `source` into the study's audio folder and register it; return the recording id. `warn`
    receives a sentence when the file holds less audio than its header announced."""
    plan = plan_import(study, session_id, source)
    try:
        duration_ms = decode_to_wav(plan.source, plan.partial, progress=progress, cancelled=cancelled, keys=plan.keys)
    except BaseException:
        discard(plan)
        raise
    warning = truncation_warning(plan.source, duration_ms)
    if warning:
        log.warning("imported file shorter than its header announced (%d ms decoded)", duration_ms)
        if warn:
            warn(warning)
    return register_import(study, plan, duration_ms)
