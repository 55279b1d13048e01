"""Find and replace for the transcript editor (this transcript, or all of the study's transcripts): a part
of the editor window (`window.search`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from echo_fieldwork.correction import edits as te
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.correction.find_replace_dialog import FindReplaceDialog

if TYPE_CHECKING:
    from echo_fieldwork.ui.correction.editor_window import EditorWindow


class EditorSearch:
    """Find and replace in the editor. Needs from the window: its study and session, the segments
    (`model.segments`), the cursor (`current_row()`, `go_to_row()`, `editor`), `run_edit()` (so a
    replacement is written and becomes one undo step) and its status bar."""

    def __init__(self, window: EditorWindow) -> None:
        self.window = window
        self.dialog: FindReplaceDialog | None = None  # made when first shown

    def show(self) -> None:
        if self.dialog is None:
            self.dialog = FindReplaceDialog(self.window)
            self.dialog.find_requested.connect(self.find_next)
            self.dialog.replace_all_requested.connect(self.replace_all)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.find_edit.setFocus()

    def find_next(self, text: str, case_sensitive: bool = False, whole_word: bool = False) -> bool:
        window = self.window
        try:
            matches = te.find_matches(window.model.segments, text, case_sensitive=case_sensitive,
                                      whole_word=whole_word)
        except UserError as error:
            show_error(window, error)
            return False
        if not matches:
            self._show_result(_("Not found."))
            return False
        here = (max(0, window.current_row()), window.editor.cursor_offset())
        row, start, end = next((m for m in matches if (m[0], m[1]) >= here), matches[0])  # wraps around
        window.go_to_row(row)
        window.editor.set_cursor_offset(start, end - start)
        self._show_result(ngettext("{count} match", "{count} matches", len(matches)).format(count=len(matches)))
        return True

    def replace_all(self, find: str, replacement: str, case_sensitive: bool = False, whole_word: bool = False,
                    study_wide: bool = False) -> int:
        study, session_id = self.window.study, self.window.session_id
        if study_wide:
            def operation() -> te.Change:
                change, _counts = te.replace_in_study(study, find, replacement, case_sensitive=case_sensitive,
                                                      whole_word=whole_word)
                return change
        else:
            def operation() -> te.Change:
                return te.replace_in_transcript(study, session_id, find, replacement,
                                                case_sensitive=case_sensitive, whole_word=whole_word)
        change = self.window.run_edit(operation, _("Replace all"))
        if change is None:
            return 0
        sessions = len({s.session_id for s in change.before})
        self._show_result(ngettext("{count} replacement", "{count} replacements", change.count).format(
            count=change.count) + (" " + ngettext("in {n} transcript", "in {n} transcripts", sessions).format(
                n=sessions) if study_wide else ""))
        return change.count

    def _show_result(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)
        if self.dialog is not None:
            self.dialog.show_result(text)
