"""The transcript editor: segments next to the player, transcriber keys, undo/redo, speakers, talk time.
Its larger features are parts it holds: `search` (find and replace), `retranscription` (transcribe a
stretch again) and `sync` (follow changes made elsewhere).

Every action calls the editing core, which writes to the study at once; the undo stack keeps the
returned `Change`s. The list is a model/view (only visible rows are painted) and an edit updates only
the rows it touched, so a 2-hour focus group opens and scrolls like a short interview.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QInputDialog, QLabel, QMainWindow, QSplitter, QToolBar, QVBoxLayout, QWidget

from echo_fieldwork.correction import edits as te
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions.sessions import get_session, session_audio_file, session_playback_paths
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcript.segments import Segment, load_segments
from echo_fieldwork.ui.audio.player_widget import PlayerWidget
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.correction.edit_commands import ChangeCommand, TypingCommand
from echo_fieldwork.ui.correction.editor_retranscribe import EditorRetranscription
from echo_fieldwork.ui.correction.editor_search import EditorSearch
from echo_fieldwork.ui.correction.editor_selection import EditorSelection
from echo_fieldwork.ui.correction.editor_sync import EditorSync
from echo_fieldwork.ui.correction.keys_help_widget import KeysHelpWidget
from echo_fieldwork.ui.correction.segment_delegate import SegmentDelegate, speaker_text, word_spans
from echo_fieldwork.ui.correction.segment_editor_widget import SegmentEditorWidget
from echo_fieldwork.ui.correction.segment_list_model import SegmentListModel
from echo_fieldwork.ui.correction.segment_list_view import SegmentListView
from echo_fieldwork.ui.correction.talk_time_widget import TalkTimeWidget
from echo_fieldwork.ui.correction.transcriber_keys import KEY_ACTIONS, key_sequences

log = logging.getLogger("echo_fieldwork.ui.editor")
SKIPS = {"back_5": -5000, "forward_5": 5000, "back_30": -30000, "forward_30": 30000}
NUDGES = {"nudge_start_earlier": ("start", -100), "nudge_start_later": ("start", 100),
          "nudge_end_earlier": ("end", -100), "nudge_end_later": ("end", 100)}
TYPING_HOLD_MS = 3000
MARKER_ACTIONS = {"marker_inaudible": "inaudible", "marker_crosstalk": "crosstalk", "marker_laughter": "laughter"}


class EditorWindow(QMainWindow):
    transcript_changed = Signal(int)  # session id; the Transcripts tab refreshes its counts

    def __init__(self, study: Study, settings: Settings, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorWindow")
        self.study, self.settings, self.session_id = study, settings, session_id
        self.session = get_session(study, session_id)
        self.setWindowTitle(_("Transcript {code} — echo_fieldwork").format(code=self.session.code))
        self.resize(1200, 780)
        segments = load_segments(study, session_id)
        if segments and all(not s.speaker for s in segments):
            te.prelabel_speakers(study, session_id)  # first opening: start from the speaker log
            segments = load_segments(study, session_id)
        self.undo_stack = QUndoStack(self)
        self.model = SegmentListModel(session_id, segments, self)
        self.delegate = SegmentDelegate(self)
        self.delegate.show_uncertain = bool(settings.get("show_uncertain_words"))
        self.view = SegmentListView()
        self.view.setItemDelegate(self.delegate)
        self.view.setModel(self.model)
        rewind = min(3.0, max(1.0, float(settings.get("rewind_seconds"))))
        self.player = PlayerWidget(rewind_ms=round(rewind * 1000))
        self.editor = SegmentEditorWidget()
        self.follow_audio = True
        self._after_edit_timer = QTimer(self, singleShot=True, interval=0, timeout=self._after_edit)
        self._speakers_or_times_changed = self._count_changed = False
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.player)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.talk_time = TalkTimeWidget()
        self.keys_help = KeysHelpWidget()
        self.talk_dock = self._dock(_("Talk time"), self.talk_time, "talkTimeDock")
        self.keys_dock = self._dock(_("Keys"), self.keys_help, "keysDock")
        self.resizeDocks([self.talk_dock, self.keys_dock], [self.talk_time.sizeHint().height() + 30, 500],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.talk_dock], [420], Qt.Orientation.Horizontal)
        self.status_label = QLabel()
        self._review_text = ""  # the review status as last read (`_refresh_status`)
        self.statusBar().addPermanentWidget(self.status_label)
        self.search = EditorSearch(self)
        self.retranscription = EditorRetranscription(self)
        self._build_actions()
        self._build_menus()
        self._connect()
        self.sync = EditorSync(self)  # follow a transcription still running, or another process
        audio = self._audio_path()
        if self.study.encrypted:  # decrypted in memory as it plays (no file, no cache)
            self.player.set_sealed_source(audio, self.study.keys)
        else:
            self.player.set_source(audio)
        if audio is None:
            self.statusBar().showMessage(_("No audio file for this session: the transcript can be edited, not played."))
        self._refresh_speakers()
        self._refresh_status()
        self.talk_time.set_times(te.talk_time(study, session_id))
        if segments:
            self.go_to_row(0)

    # -- construction ------------------------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _audio_path(self):
        if self.study.encrypted:
            return session_playback_paths(self.study, self.session_id) or None
        return session_audio_file(self.study, self.session_id)

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "play_pause": self.player.toggle, "play_segment": self.play_segment, "loop_segment": self.toggle_loop,
            "slower": lambda: self.player.change_speed(-1), "faster": lambda: self.player.change_speed(1),
            "next_uncertain": self.next_uncertain_word, "insert_timestamp": self.insert_timestamp,
            "previous_segment": lambda: self.go_to_row(self.current_row() - 1),
            "next_segment": lambda: self.go_to_row(self.current_row() + 1),
            "split": self.split, "merge": self.merge, "find": self.search.show, "keys_help": self.show_keys,
            "retranscribe": self.retranscription.ask,
        }
        for name, delta in SKIPS.items():
            handlers[name] = lambda _checked=False, d=delta: self.player.skip(d)
        for name, (edge, delta) in NUDGES.items():
            handlers[name] = lambda _checked=False, e=edge, d=delta: self.nudge(e, d)
        for name, kind in MARKER_ACTIONS.items():
            handlers[name] = lambda _checked=False, k=kind: self.insert_marker(k)
        for n in range(1, 10):
            handlers[f"speaker_{n}"] = lambda _checked=False, n=n: self.assign_speaker_number(n)
        self.keys = key_sequences(self.settings.get("transcriber_keys"))
        self.actions_by_name: dict[str, QAction] = {}
        for name, label, _defaults in KEY_ACTIONS:
            action = QAction(_(label).format(n=name.rpartition("_")[2]), self)
            action.setObjectName(name)
            action.setShortcuts(self.keys[name])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handlers[name])
            self.addAction(action)
            self.actions_by_name[name] = action
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        # Ctrl+Y as well as the platform's own (Ctrl+Shift+Z on Linux): Word users press Ctrl+Y.
        self.redo_action.setShortcuts(list(dict.fromkeys(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])))
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(self.redo)
        self.follow_action = QAction(_("Cursor follows the audio"), self, checkable=True, checked=True)
        self.follow_action.toggled.connect(lambda on: setattr(self, "follow_audio", on))
        self.uncertain_action = QAction(_("Show uncertain words"), self, checkable=True,
                                        checked=self.delegate.show_uncertain)
        self.uncertain_action.toggled.connect(self.set_show_uncertain)
        self.prelabel_action = QAction(_("Pre-label speakers from the speaker log"), self, triggered=self.prelabel)
        self.relabel_action = QAction(_("Relabel a speaker everywhere…"), self, triggered=self.ask_relabel)
        self.status_actions = QActionGroup(self)
        for status, label in te.REVIEW_STATUSES.items():
            action = QAction(_(label), self, checkable=True)
            action.setData(status)
            action.triggered.connect(lambda _c=False, s=status: self.set_review_status(s))
            self.status_actions.addAction(action)
        self.play_selection_action = QAction(_("Play the selection"), self, triggered=self.play_selection)
        self.quote_action = QAction(_("Save the selection as a quote…"), self, triggered=self.save_quote)
        self.quote_action.setIconText(_("Save as quote"))
        bound = {k.toString() for keys in self.keys.values() for k in keys}
        bound |= {k.toString() for k in self.undo_action.shortcuts() + self.redo_action.shortcuts()}
        self.editor.set_window_keys(bound)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        edit = bar.addMenu(_("&Edit"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        for name in ("split", "merge", "nudge_start_earlier", "nudge_start_later", "nudge_end_earlier",
                     "nudge_end_later", "insert_timestamp", *MARKER_ACTIONS, "find"):
            edit.addAction(self.actions_by_name[name])
        play = bar.addMenu(_("&Play"))
        for name in ("play_pause", *SKIPS, "play_segment", "loop_segment", "slower", "faster", "previous_segment",
                     "next_segment", "next_uncertain"):
            play.addAction(self.actions_by_name[name])
        self.speakers_menu = bar.addMenu(_("&Speakers"))
        transcript = bar.addMenu(_("&Transcript"))
        transcript.addAction(self.prelabel_action)
        transcript.addAction(self.relabel_action)
        status_menu = transcript.addMenu(_("Correction status"))
        status_menu.addActions(self.status_actions.actions())
        bar.addMenu(_("T&ranscription")).addAction(self.actions_by_name["retranscribe"])
        # Other areas (e.g. the quote bank) add their actions on the selection here: add_selection_action().
        self.selection_menu = bar.addMenu(_("S&election"))
        self.selection_menu.addAction(self.play_selection_action)
        self.selection_menu.addAction(self.quote_action)
        view = bar.addMenu(_("&View"))
        view.addAction(self.follow_action)
        view.addAction(self.uncertain_action)
        view.addAction(self.talk_dock.toggleViewAction())
        view.addAction(self.keys_dock.toggleViewAction())
        view.addAction(self.actions_by_name["keys_help"])
        self.toolbar = QToolBar(_("Editor toolbar"))
        self.toolbar.setObjectName("editorToolbar")
        self.toolbar.setMovable(False)
        short = {"split": _("Split"), "merge": _("Merge"), "find": _("Find"), "play_segment": _("Play segment"),
                 "loop_segment": _("Loop"), "next_uncertain": _("Next uncertain")}
        for name, text in short.items():
            self.actions_by_name[name].setIconText(text)
        self.follow_action.setIconText(_("Follow audio"))
        for action in (self.undo_action, self.redo_action, self.actions_by_name["split"], self.actions_by_name["merge"],
                       self.actions_by_name["play_segment"], self.actions_by_name["loop_segment"],
                       self.actions_by_name["next_uncertain"], self.actions_by_name["find"], self.follow_action,
                       self.quote_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.addToolBar(self.toolbar)

    def _connect(self) -> None:
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.segment_clicked.connect(self._segment_clicked)
        self.player.position_changed.connect(self._position_changed)
        self.editor.text_edited.connect(self._text_edited)
        self.editor.speaker_chosen.connect(lambda label: self.assign_speaker(label))

    def add_selection_action(self, action: QAction, *, toolbar: bool = True) -> None:
        """Let another area act on `selection()` (e.g. "Save selection as quote")."""
        self.selection_menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)

    # -- state -----------------------------------------------------------------------------------------------
    def current_row(self) -> int:
        return self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1

    def current_segment(self) -> Segment | None:
        row = self.current_row()
        return self.model.segments[row] if 0 <= row < len(self.model.segments) else None

    def go_to_row(self, row: int, *, scroll: bool = True) -> None:
        if not 0 <= row < len(self.model.segments):
            return
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if scroll:
            self.view.scrollTo(index)

    def selection(self) -> EditorSelection | None:
        seg = self.current_segment()
        text, start, end = self.editor.selected_text()
        if seg is not None and text and self.editor.segment is not None and self.editor.segment.id == seg.id:
            spans = [w for (a, b), w in zip(word_spans(seg), seg.words) if b > start and a < end]
            start_ms = spans[0].start_ms if spans else seg.start_ms
            end_ms = spans[-1].end_ms if spans else seg.end_ms
            return EditorSelection(self.session_id, [seg.id], start_ms, end_ms, text.replace("\u2029", "\n"),
                                   (seg.speaker,))
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows()) or (
            [self.current_row()] if seg else [])
        if not rows:
            return None
        segs = [self.model.segments[r] for r in rows]
        return EditorSelection(self.session_id, [s.id for s in segs], segs[0].start_ms, max(s.end_ms for s in segs),
                               "\n".join(s.text for s in segs), tuple(s.speaker for s in segs))

    # -- slots -------------------------------------------------------------------------------------------------
    def _current_changed(self, current, _previous) -> None:
        seg = self.model.segments[current.row()] if current.isValid() else None
        self.editor.show_segment(seg)

    def _segment_clicked(self, row: int, offset: int) -> None:
        seg = self.model.segments[row]
        start = seg.start_ms
        if offset >= 0:
            for (a, b), word in zip(word_spans(seg), seg.words):
                if a <= offset <= b:
                    start = word.start_ms
                    self.editor.set_cursor_offset(a)
                    break
        self.player.play_from(start)

    def _position_changed(self, ms: int) -> None:
        row = self.model.row_at_ms(ms)
        if row == self.model.playing_row:
            return
        self.model.set_playing_row(row)
        # Following the audio moves the cursor, but never from under a transcriber who is typing.
        if (self.follow_audio and self.player.is_playing() and row != self.current_row()
                and not self.editor.typed_within(TYPING_HOLD_MS)):
            self.go_to_row(row)
        elif self.player.is_playing():
            self.view.scrollTo(self.model.index(row))

    def _text_edited(self, segment_id: int, text: str) -> None:
        self.run_edit(lambda: te.set_text(self.study, segment_id, text), _("Typing"), TypingCommand)

    # -- running edits -------------------------------------------------------------------------------------
    def run_edit(self, operation: Callable[[], te.Change], label: str, command=ChangeCommand) -> te.Change | None:
        """Run an edit of the core (it writes at once) and keep its `Change` on the undo stack."""
        if command is ChangeCommand:
            self.editor.flush()  # typed text first, so edits reach the DB in the order they were made
        try:
            change = operation()
        except UserError as error:
            show_error(self, error)
            return None
        if not change.is_empty:
            self.undo_stack.push(command(self.study, change, label, self.show_change,
                                         lambda error: show_error(self, error)))
        return change

    def show_change(self, change: te.Change, forward: bool) -> None:
        """The one way a change of the rows reaches the view (an edit, undo/redo, a change made elsewhere, a
        stretch transcribed again): the rows it touched, the segment being edited and the status line at
        once, then (coalesced) speakers and talk time."""
        self.model.apply(change, forward)
        seg = self.current_segment()
        touched = {s.id for s in change.before + change.after}  # rows stored elsewhere must not reset typing
        shown = self.editor.segment
        if seg is not None and shown is not None and (seg.id in touched or seg.id != shown.id):
            self.editor.show_segment(seg, keep_cursor=True)
        before = {s.id: (s.start_ms, s.end_ms, s.speaker) for s in change.before}
        after = {s.id: (s.start_ms, s.end_ms, s.speaker) for s in change.after}
        self._speakers_or_times_changed |= before != after  # typing changes neither: keep keystrokes cheap
        self._count_changed |= len(change.before) != len(change.after)
        if len(change.before) != len(change.after) and self.model.playing_row >= 0:
            self.model.playing_row = -1  # rows moved: highlight again the segment at the player's position
            self.model.set_playing_row(self.model.row_at_ms(self.player.position()))
        self._show_status()  # the count, with the rows: never "0 segments" beside a segment
        self._after_edit_timer.start()

    def _after_edit(self) -> None:
        """Coalesced after a burst of edits: speakers, talk time, status."""
        if self._speakers_or_times_changed:
            self._speakers_or_times_changed = False
            if te.speakers_in_session(self.study, self.session_id) != self.speakers:
                self._refresh_speakers()
            self.talk_time.set_times(te.talk_time(self.study, self.session_id))
            self._refresh_status()
        if self._count_changed:
            self._count_changed = False
            self.transcript_changed.emit(self.session_id)

    def undo(self) -> None:
        if not self.retranscription.running:  # not while a stretch is transcribed again
            self.editor.flush()
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self.retranscription.running:
            self.editor.flush()
            self.undo_stack.redo()

    # -- playback actions ---------------------------------------------------------------------------------------
    def play_segment(self) -> None:
        seg = self.current_segment()
        if seg:
            self.player.play_range(seg.start_ms, seg.end_ms)

    def toggle_loop(self) -> None:
        seg = self.current_segment()
        self.player.set_loop(None if self.player.loop_range() or seg is None else (seg.start_ms, seg.end_ms))

    def play_selection(self) -> None:
        selected = self.selection()
        if selected:
            self.player.play_range(selected.start_ms, selected.end_ms)

    def save_quote(self):
        """Open the quote bank's dialog on the selection (issue 7); returns the dialog (tests accept it)."""
        from echo_fieldwork.ui.reports.quote_dialog import QuoteDialog

        self.editor.flush()
        selected = self.selection()
        if selected is None:
            return None
        dialog = QuoteDialog(self.study, self.session_id, selected.start_ms, selected.end_ms, selected.text,
                             selected.speaker, self)
        dialog.open()
        return dialog

    def next_uncertain_word(self) -> None:
        if not self.model.segments:
            return
        row = max(0, self.current_row())
        seg = self.model.segments[row]
        cursor = self.editor.cursor_offset()
        spans = word_spans(seg)
        word_index = max([i for i, (a, _b) in enumerate(spans) if a < cursor] or [-1])
        found = te.next_uncertain_word(self.model.segments, row, word_index)
        if found is None:
            self.statusBar().showMessage(_("No uncertain word."), 3000)
            return
        row, word_index = found
        self.go_to_row(row)
        target = self.model.segments[row]
        spans = word_spans(target)
        if spans:
            a, b = spans[word_index]
            self.editor.set_cursor_offset(a, b - a)
        self.editor.text_edit.setFocus()
        self.player.seek(target.words[word_index].start_ms)

    def insert_timestamp(self) -> None:
        if self.editor.segment is not None:
            self.editor.text_edit.insertPlainText(f"[{format_ms(self.player.position())}] ")

    # -- editing actions -------------------------------------------------------------------------------------------
    def split(self) -> None:
        seg = self.current_segment()
        if seg:
            self.run_edit(lambda: te.split_segment(self.study, seg.id, self.editor.cursor_offset()), _("Split"))

    def merge(self) -> None:
        seg = self.current_segment()
        if seg:
            self.run_edit(lambda: te.merge_with_next(self.study, seg.id), _("Merge"))

    def nudge(self, edge: str, delta: int) -> None:
        seg = self.current_segment()
        if seg:
            self.run_edit(lambda: te.nudge(self.study, seg.id, edge, delta), _("Move a segment boundary"))

    def insert_marker(self, kind: str) -> None:
        seg = self.current_segment()
        if seg:
            offset = self.editor.cursor_offset()
            marker = te.marker_text(kind, self.session.language)
            if self.run_edit(lambda: te.insert_marker(self.study, seg.id, offset, kind), _("Marker")):
                self.editor.set_cursor_offset(min(len(self.current_segment().text), offset + len(marker) + 1))

    def assign_speaker(self, label: str) -> None:
        ids = [self.model.segments[i.row()].id for i in self.view.selectionModel().selectedRows()]
        seg = self.current_segment()
        if not ids and seg:
            ids = [seg.id]
        if ids and label:
            self.run_edit(lambda: te.assign_speaker(self.study, ids, label), _("Assign speaker"))

    def assign_speaker_number(self, number: int) -> None:
        if number <= len(self.speakers):
            self.assign_speaker(self.speakers[number - 1])

    def relabel_speaker(self, old: str, new: str) -> None:
        self.run_edit(lambda: te.relabel_speaker(self.study, self.session_id, old, new),
                  _("Relabel {old} as {new}").format(old=old, new=new))

    def ask_relabel(self) -> None:
        used = sorted({s.speaker for s in self.model.segments if s.speaker})
        old, ok = QInputDialog.getItem(self, _("Relabel a speaker"), _("Label to replace everywhere:"), used, 0, False)
        if not ok:
            return
        new, ok = QInputDialog.getItem(self, _("Relabel a speaker"), _("New label (a code):"), self.speakers, 0, True)
        if ok and new:
            self.relabel_speaker(old, new)

    def prelabel(self) -> None:
        self.run_edit(lambda: te.prelabel_speakers(self.study, self.session_id), _("Pre-label speakers"))

    # -- view, status ------------------------------------------------------------------------------------------
    def set_show_uncertain(self, on: bool) -> None:
        self.delegate.show_uncertain = on
        self.settings.set("show_uncertain_words", on)
        self.view.viewport().update()

    def show_keys(self) -> None:
        self.keys_dock.show()
        self.keys_dock.raise_()

    def _refresh_speakers(self) -> None:
        self.speakers = te.speakers_in_session(self.study, self.session_id)
        self.editor.set_speakers(self.speakers)
        self.keys_help.set_keys(self.keys, self.speakers)
        self.speakers_menu.clear()
        for number, label in enumerate(self.speakers[:9], start=1):
            self.speakers_menu.addAction(self.actions_by_name[f"speaker_{number}"])
            self.actions_by_name[f"speaker_{number}"].setText(_("Assign speaker {label}").format(label=speaker_text(label)))
        self.speakers_menu.addSeparator()
        self.speakers_menu.addAction(self.relabel_action)

    def set_review_status(self, status: str) -> None:
        self.editor.flush()
        try:
            te.set_review_status(self.study, self.session_id, status, actor=self.study.actor)
        except UserError as error:
            show_error(self, error)
        self._refresh_status()
        self.transcript_changed.emit(self.session_id)

    def _refresh_status(self) -> None:
        """Read the correction status from the study, then show the status line."""
        status = te.review_status(self.study, self.session_id)
        for action in self.status_actions.actions():
            action.setChecked(action.data() == status.status)
        text = _(te.REVIEW_STATUSES[status.status])
        if status.by:
            text = _("{status} by {actor}, {date}").format(status=text, actor=status.by, date=(status.at or "")[:10])
        self._review_text = text
        self._show_status()

    def _show_status(self) -> None:
        """The status line from the rows shown and the review status last read (no query: cheap enough
        for every change of the rows)."""
        count = len(self.model.segments)
        self.status_label.setText(ngettext("{count} segment", "{count} segments", count).format(count=count)
                                  + " · " + self._review_text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.retranscription.stop()
        self.sync.stop()
        self.editor.flush()
        self.player.pause()
        super().closeEvent(event)
