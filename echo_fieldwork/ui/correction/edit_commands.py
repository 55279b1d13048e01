"""Undo/redo for the editor: each command wraps a `Change` the core has already written; undo and redo
write at once through the core (`revert` / `reapply`) and update only the rows involved."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from echo_fieldwork.correction.edits import Change, reapply, revert
from echo_fieldwork.errors import UserError
from echo_fieldwork.study.study import Study

TYPING_ID = 1


class ChangeCommand(QUndoCommand):
    def __init__(self, study: Study, change: Change, text: str, on_applied: Callable[[Change, bool], None],
                 on_failed: Callable[[UserError], None]) -> None:
        super().__init__(text)
        self.study = study
        self.change = change
        self.on_applied = on_applied
        self.on_failed = on_failed
        self._first = True

    def redo(self) -> None:
        if self._first:  # the core already wrote it when the user acted
            self._first = False
        elif not self._write(reapply):
            return
        self.on_applied(self.change, True)

    def undo(self) -> None:
        if self._write(revert):
            self.on_applied(self.change, False)

    def _write(self, operation) -> bool:
        try:
            operation(self.study, self.change)
        except UserError as error:
            # The transcript changed under this step (nothing was written): drop it from the stack.
            self.setObsolete(True)
            self.on_failed(error)
            return False
        return True


class TypingCommand(ChangeCommand):
    """Saves of typed text in one segment merge into one undo step."""

    def id(self) -> int:
        return TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, TypingCommand):
            return False
        mine = {s.id for s in self.change.after}
        if mine != {s.id for s in other.change.after}:
            return False
        self.change = Change(self.change.before, other.change.after)
        return True
