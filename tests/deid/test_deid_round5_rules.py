"""Deidentification rules generalised from the eighth held-out part's misses (issue 13, round 5), each with the
words that must stay: known surnames split into two words, places and organisations named whole, other people
without NER, and the labels of two known mislabels."""

from __future__ import annotations

from echo_fieldwork.deid.detect import NameIndex, count_name_hits, detect_texts

INDEX = NameIndex.build({"P01": "Aimé Boisvert", "P02": "Luc Tessier", "P03": "Rose Dubuc"})


def found(texts: list[str] | str, index: NameIndex = INDEX) -> list[tuple[str, str]]:
    texts = [texts] if isinstance(texts, str) else texts
    return [(d.original, d.code or d.category) for row in detect_texts(texts, index, "fr", use_ner=False) for d in row]


def test_a_known_surname_split_into_two_words_is_the_participant():
    assert found("Comme monsieur Bois vert disait tantôt, on est pas des machines.") == [("Bois vert", "P01")]
    assert found("Pis Bois vert avait raison.") == [("Bois vert", "P01")]
    # The final scan before a file leaves sees the same form.
    assert count_name_hits("Comme monsieur Bois vert disait.", INDEX) == {"boisvert": 1}
    # The two words used as words: lower case, after a determiner, at a sentence start.
    assert found("On a marché dans le Bois vert hier. Un bois vert et sec. Bois vert, c'est joli.") == []
