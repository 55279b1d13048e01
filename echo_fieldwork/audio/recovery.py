"""Finding and repairing recordings interrupted by a crash, `kill -9` or a power cut.

A recording still marked 'recording' when the study is opened was not stopped cleanly (the study lock
guarantees no other process is writing it). Its WAV header is rebuilt from the audio on disk (a sealed file loses a torn last chunk), its
duration stored, and it becomes 'repaired'. A recording file that no recording names and that holds no
audio (a start interrupted between creating the file and recording its row) is removed. Called by
`echo-fieldwork check` and when the Sessions tab opens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.audio.encrypted_audio import repair_recording
from echo_fieldwork.audio.recorder import ACTIVE_PATHS
from echo_fieldwork.audio.wavfile import HEADER_SIZE as WAV_HEADER_SIZE
from echo_fieldwork.i18n import _
from echo_fieldwork.study.sealed_audio import HEADER_SIZE as SEALED_HEADER_SIZE
from echo_fieldwork.study.sealed_audio import SUFFIX as SEALED_SUFFIX
from echo_fieldwork.study.study import AUDIO_DIR, Study
from echo_fieldwork.timeutil import format_ms, utc_now_iso

log = logging.getLogger("echo_fieldwork.audio.recovery")


@dataclass(frozen=True)
class RepairReport:
    recording_id: int
    session_code: str
    path: str
    duration_ms: int
    problem: str = ""      # empty: repaired; else why the audio could not be recovered
    removed: bool = False  # an empty file of a start that never got its record: removed

    def message(self) -> str:
        if self.removed:
            return _("Removed {path}: an interrupted start of a recording created it before recording any "
                     "audio.").format(path=self.path)
        if self.problem:
            return _("Session {code}: the interrupted recording {path} could not be recovered ({problem}).").format(
                code=self.session_code, path=self.path, problem=self.problem)
        return _("Session {code}: the interrupted recording {path} was repaired ({duration} kept).").format(
            code=self.session_code, path=self.path, duration=format_ms(self.duration_ms))


def interrupted_recordings(study: Study) -> list[tuple[int, str, str]]:
    """(recording id, session code, relative path) of recordings left in status 'recording'."""
    rows = study.db.execute(
        "SELECT r.id, s.code, r.path FROM recordings r JOIN sessions s ON s.id = r.session_id "
        "WHERE r.status = 'recording' ORDER BY r.id").fetchall()
    return [tuple(r) for r in rows if (study.folder / r[2]).resolve() not in ACTIVE_PATHS]


def repair_interrupted(study: Study) -> list[RepairReport]:
    reports = []
    for recording_id, code, relative in interrupted_recordings(study):
        path: Path = study.folder / relative
        problem = ""
        duration_ms = 0
        try:
            duration_ms = repair_recording(study, path)
        except FileNotFoundError:
            problem = _("the file is missing")
        except (OSError, ValueError):
            problem = _("the file is damaged")
        with study.db.atomic():
            study.db.execute("UPDATE recordings SET status = 'repaired', duration_ms = ?, ended_at = ? WHERE id = ?",
                             [duration_ms, utc_now_iso(), recording_id])
            study.audit("recording.repair", "recording", recording_id,
                        {"duration_ms": duration_ms, "recovered": not problem})
        log.warning("recording %d repaired (%d ms, ok=%s)", recording_id, duration_ms, not problem)
        reports.append(RepairReport(recording_id, code, relative, duration_ms, problem))
    return reports + _remove_empty_unrecorded(study)


def _unrecorded_files(study: Study) -> list[tuple[Path, str, bool]]:
    """(path, path relative to the study, holds audio) for each recording file in audio/ that no recording
    names and that no recorder is writing."""
    folder = study.folder / AUDIO_DIR
    if not folder.is_dir():
        return []
    recorded = {row[0] for row in study.db.execute("SELECT path FROM recordings")}
    found = []
    for path in sorted(folder.iterdir()):
        header = {".wav": WAV_HEADER_SIZE, SEALED_SUFFIX: SEALED_HEADER_SIZE}.get(path.suffix)
        relative = f"{AUDIO_DIR}/{path.name}"
        if header is None or relative in recorded or path.resolve() in ACTIVE_PATHS or not path.is_file() \
                or path.is_symlink():
            continue
        found.append((path, relative, path.stat().st_size > header))
    return found


def _remove_empty_unrecorded(study: Study) -> list[RepairReport]:
    """Recording files (header only, or less) that no recording row names: a start killed between creating
    the file and committing its row. A file holding audio is never touched."""
    if study.read_only:
        return []
    reports = []
    for path, relative, holds_audio in _unrecorded_files(study):
        if not holds_audio:
            path.unlink()
            log.warning("an empty recording file without its record was removed")
            reports.append(RepairReport(0, "", relative, 0, removed=True))
    return reports


def unrecorded_audio(study: Study) -> list[str]:
    """Sentences for the files in audio/ that hold audio but that no recording names (copied there by hand,
    or left by an older version): never touched, said by `check` so that nothing lies there unnoticed."""
    return [_("{path} holds audio, but no recording of the study names it: it was left as it is. If it belongs "
              "to a session, import it there.").format(path=relative)
            for _path, relative, holds_audio in _unrecorded_files(study) if holds_audio]
