"""The shared look-behind helpers of detection: what opens a sentence and which word comes before a name. They look
back from a position instead of searching all the text before it, so they must agree with the text's start and
its punctuation wherever the position is."""
from __future__ import annotations

import pytest

from echo_fieldwork.deid.words import at_sentence_start, word_before


@pytest.mark.parametrize(("text", "opens"), [
    ("Sinon on a parlé", True),             # the text's first character
    ("Bon. Sinon on a parlé", True),
    ("Bon.   Sinon", True),
    ("« Sinon", True),
    ("oui:\n   Sinon", True),
    ("bon\nSinon", True),                 # a line break, even without punctuation
    ("bon — Sinon", True),
    ("bon -Sinon", False),                # a hyphen glued to the word is no dash
    ("bon, Sinon", False),
    ("bon Sinon", False),
    ("   Sinon", False),                  # spaces alone open nothing
])
def test_at_sentence_start(text: str, opens: bool):
    start = text.index("Sinon")
    assert at_sentence_start(text, start) is opens


def test_word_before_gives_positions_in_the_whole_text():
    text = "x " * 5000 + "la docteure l' Tremblay"
    start = text.index("Tremblay")
    before = word_before(text, start)
    assert before is not None and before.group(1) == "l" and text[before.start(1):before.end(1)] == "l"
    assert word_before("bon, Tremblay", 5) is None
    assert word_before("bon, Tremblay", 5, past_comma=True).group(1) == "bon"
    assert word_before("Tremblay", 0) is None
