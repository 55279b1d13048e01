"""Find and replace for the transcript editor (this transcript, or all of the study's transcripts); mixed
into EditorWindow, whose undo stack and status bar it uses."""

from __future__ import annotations

from echo_fieldwork.correction import edits as te
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.correction.find_replace_dialog import FindReplaceDialog


class EditorSearchMixin:
    def show_find(self) -> None:
        if self.find_dialog is None:
            self.find_dialog = FindReplaceDialog(self)
            self.find_dialog.find_requested.connect(self.find_next)
            self.find_dialog.replace_all_requested.connect(self.replace_all)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.find_edit.setFocus()

    def find_next(self, text: str, case_sensitive: bool = False, whole_word: bool = False) -> bool:
        try:
            matches = te.find_matches(self.model.segments, text, case_sensitive=case_sensitive, whole_word=whole_word)
        except UserError as error:
            show_error(self, error)
            return False
        if not matches:
            self._find_result(_("Not found."))
            return False
        here = (max(0, self.current_row()), self.editor.cursor_offset())
        row, start, end = next((m for m in matches if (m[0], m[1]) >= here), matches[0])  # wraps around
        self.go_to_row(row)
        self.editor.set_cursor_offset(start, end - start)
        self._find_result(ngettext("{count} match", "{count} matches", len(matches)).format(count=len(matches)))
        return True

    def replace_all(self, find: str, replacement: str, case_sensitive: bool = False, whole_word: bool = False,
                    study_wide: bool = False) -> int:
        if study_wide:
            holder: dict[str, dict[int, int]] = {}

            def operation() -> te.Change:
                change, holder["counts"] = te.replace_in_study(self.study, find, replacement,
                                                                 case_sensitive=case_sensitive, whole_word=whole_word)
                return change
        else:
            def operation() -> te.Change:
                return te.replace_in_transcript(self.study, self.session_id, find, replacement,
                                                case_sensitive=case_sensitive, whole_word=whole_word)
        change = self._run(operation, _("Replace all"))
        if change is None:
            return 0
        sessions = len({s.session_id for s in change.before})
        self._find_result(ngettext("{count} replacement", "{count} replacements", change.count).format(count=change.count)
                          + (" " + ngettext("in {n} transcript", "in {n} transcripts", sessions).format(n=sessions)
                             if study_wide else ""))
        return change.count

    def _find_result(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)
        if self.find_dialog is not None:
            self.find_dialog.show_result(text)
