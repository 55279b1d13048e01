"""The editor follows changes made to its transcript from elsewhere: a transcription still running in this
app (its workers announce stored segments through `transcription_events()`), a stretch transcribed
again, or another process (a cheap poll every 2 s). A part of the editor window (`window.sync`).

Only the rows that changed are read and updated (the same row-by-row path as an edit), so a 2,500-segment
transcript is never rebuilt; typed text is saved first, and the cursor stays on its segment.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from echo_fieldwork.correction import watch as tw
from echo_fieldwork.correction.edits import Change
from echo_fieldwork.ui.transcription.runner import transcription_events

if TYPE_CHECKING:
    from echo_fieldwork.ui.correction.editor_window import EditorWindow

log = logging.getLogger("echo_fieldwork.ui.correction.editor_sync")
POLL_MS = 2000
COALESCE_MS = 150  # a burst of stored segments becomes one update


class EditorSync:
    """Keeps the window's rows in step with the study from construction until `stop()`. Needs from the
    window: its study and session, the rows (`model`), the segment being typed (`editor`), the cursor
    (`current_row()`, `go_to_row()`) and `show_change()`, through which every change reaches the view
    (rows, status line, speakers, talk time)."""

    def __init__(self, window: EditorWindow) -> None:
        self.window = window
        self._stopped = False
        self._stamps = tw.segment_stamps(window.study.db, window.session_id)
        self._fingerprint = tw.segments_fingerprint(window.study.db, window.session_id)
        self.poll_timer = QTimer(window, interval=POLL_MS, timeout=self.poll_transcript)
        self.poll_timer.start()
        self._sync_timer = QTimer(window, singleShot=True, interval=COALESCE_MS, timeout=self.sync_from_db)
        transcription_events().segments_stored.connect(self._segments_stored)
        window.destroyed.connect(self.stop)  # a window deleted without being closed stops following too

    def stop(self) -> None:
        """Stop following (on close, or when the window is deleted); once is enough."""
        if self._stopped:
            return
        self._stopped = True
        for timer in (self.poll_timer, self._sync_timer):
            if isValid(timer):  # on `destroyed`, the window's children may be gone already
                timer.stop()
        transcription_events().segments_stored.disconnect(self._segments_stored)

    def _segments_stored(self, session_id: int) -> None:
        if session_id == self.window.session_id:
            self._sync_timer.start()

    def poll_transcript(self) -> None:
        """The cheap check: one aggregate query; the rows are read only when it moved."""
        study = self.window.study
        if study.db is None:
            return
        if tw.segments_fingerprint(study.db, self.window.session_id) != self._fingerprint:
            self.sync_from_db()

    def sync_from_db(self) -> int:
        """Bring the rows that changed in the study into the view; returns how many rows changed."""
        window = self.window
        study, session_id = window.study, window.session_id
        if study.db is None:
            return 0
        self._fingerprint = tw.segments_fingerprint(study.db, session_id)
        stamps = tw.segment_stamps(study.db, session_id)
        known = self._stamps
        gone = known.keys() - stamps.keys()
        changed = [i for i, stamp in stamps.items() if known.get(i) != stamp]
        self._stamps = stamps
        if not gone and not changed:
            return 0
        current = window.editor.segment.id if window.editor.segment is not None else None
        if window.editor.has_unsaved() and (current in gone or current in changed):
            # Save the transcriber's typing first (it becomes an undo step), then look again.
            window.editor.flush()
            self._stamps = known
            return self.sync_from_db()
        fresh = {s.id: s for s in tw.load_segments_by_id(study, changed)}
        before, after = [], []
        for seg_id in gone | fresh.keys():
            row = window.model.row_of(seg_id)
            old = window.model.segments[row] if row >= 0 else None
            new = fresh.get(seg_id)
            if old is not None and new is not None and tw.same_content(old, new):
                continue  # our own edit, already shown
            if old is not None:
                before.append(old)
            if new is not None:
                after.append(new)
        if not before and not after:
            return 0
        log.info("transcript changed elsewhere: %d rows before, %d after", len(before), len(after))
        window.show_change(Change(before, after), True)
        if window.current_row() < 0 and window.model.segments:
            window.go_to_row(0, scroll=False)  # opened before the first segment arrived
        return len(before) + len(after)
