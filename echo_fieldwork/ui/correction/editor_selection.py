"""What the user selected in the transcript editor, for actions on it (save as quote, play)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EditorSelection:
    """What the user has selected, for actions such as "save selection as quote"."""
    session_id: int
    segment_ids: list[int]
    start_ms: int
    end_ms: int
    text: str
    speakers: tuple[str, ...] = ()

    @property
    def speaker(self) -> str | None:
        """The speaker when the selection is one person's words, else None."""
        return self.speakers[0] if len(set(self.speakers)) == 1 else None
