"""The editor follows changes made to its transcript from elsewhere: a transcription still running in this
app (its workers announce stored segments through `transcription_events()`), a stretch transcribed
again, or another process (a cheap poll every 2 s). Mixed into EditorWindow.

Only the rows that changed are read and updated (the same row-by-row path as an edit), so a 2,500-segment
transcript is never rebuilt; typed text is saved first, and the cursor stays on its segment.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer

from echo_fieldwork.correction import watch as tw
from echo_fieldwork.correction.edits import Change
from echo_fieldwork.ui.transcription.runner import transcription_events

log = logging.getLogger("echo_fieldwork.ui.correction.editor_sync")
POLL_MS = 2000
COALESCE_MS = 150  # a burst of stored segments becomes one update


class EditorSyncMixin:
    def _start_sync(self) -> None:
        self._stamps = tw.segment_stamps(self.study.db, self.session_id)
        self._fingerprint = tw.segments_fingerprint(self.study.db, self.session_id)
        self._poll_timer = QTimer(self, interval=POLL_MS, timeout=self.poll_transcript)
        self._poll_timer.start()
        self._sync_timer = QTimer(self, singleShot=True, interval=COALESCE_MS, timeout=self.sync_from_db)
        transcription_events().segments_stored.connect(self._segments_stored)

    def _stop_sync(self) -> None:
        self._poll_timer.stop()
        self._sync_timer.stop()
        try:
            transcription_events().segments_stored.disconnect(self._segments_stored)
        except (RuntimeError, TypeError):  # already disconnected
            pass

    def _segments_stored(self, session_id: int) -> None:
        if session_id == self.session_id:
            self._sync_timer.start()

    def poll_transcript(self) -> None:
        """The cheap check: one aggregate query; the rows are read only when it moved."""
        if self.study.db is None:
            return
        if tw.segments_fingerprint(self.study.db, self.session_id) != self._fingerprint:
            self.sync_from_db()

    def sync_from_db(self) -> int:
        """Bring the rows that changed in the study into the view; returns how many rows changed."""
        if self.study.db is None:
            return 0
        self._fingerprint = tw.segments_fingerprint(self.study.db, self.session_id)
        stamps = tw.segment_stamps(self.study.db, self.session_id)
        known = self._stamps
        gone = known.keys() - stamps.keys()
        changed = [i for i, stamp in stamps.items() if known.get(i) != stamp]
        self._stamps = stamps
        if not gone and not changed:
            return 0
        current = self.editor.segment.id if self.editor.segment is not None else None
        if self.editor.has_unsaved() and (current in gone or current in changed):
            # Save the transcriber's typing first (it becomes an undo step), then look again.
            self.editor.flush()
            self._stamps = known
            return self.sync_from_db()
        fresh = {s.id: s for s in tw.load_segments_by_id(self.study, changed)}
        before, after = [], []
        for seg_id in gone | fresh.keys():
            row = self.model.row_of(seg_id)
            old = self.model.segments[row] if row >= 0 else None
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
        self._applied(Change(before, after), True)
        if self.current_row() < 0 and self.model.segments:
            self.go_to_row(0, scroll=False)  # opened before the first segment arrived
        return len(before) + len(after)
