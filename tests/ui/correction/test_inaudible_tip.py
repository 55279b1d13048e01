"""A segment marked `[inaudible]` shows the machine's guess when the transcriber hovers it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from echo_fieldwork.i18n import set_language
from echo_fieldwork.transcript.segments import Segment, Word
from echo_fieldwork.ui.correction.segment_list_model import SegmentListModel


def test_the_guess_behind_inaudible_is_shown_as_a_tooltip(qapp) -> None:
    guess = [Word(0, 300, " pour", 0.2), Word(300, 700, " la", 0.3), Word(700, 1200, " soumettre", 0.1)]
    model = SegmentListModel(1, [
        Segment(1, 1, 0, 1200, "[inaudible]", "P01", words=guess, flags="inaudible,speaker_set"),
        Segment(2, 1, 1500, 2500, "Bonjour.", "P01", words=[Word(1500, 2000, " Bonjour.", 0.3)], flags="uncertain"),
        Segment(3, 1, 3000, 4000, "[inaudible]", "P01"),  # typed by a transcriber: no guess behind it
    ])
    tip = [model.data(model.index(row), Qt.ItemDataRole.ToolTipRole) for row in range(3)]
    assert tip == ["Marked inaudible. The machine guessed: “pour la soumettre”", None, None]
    set_language("fr")
    assert model.data(model.index(0), Qt.ItemDataRole.ToolTipRole) == \
        "Marqué inaudible. La machine a deviné : « pour la soumettre »"
