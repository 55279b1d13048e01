"""`detect.merge` keeps the first group's detections where two overlap. It finds overlaps by bisection (a long text's
thousands of detections made a scan of every kept one quadratic); it must keep exactly what the plain rule keeps."""
from __future__ import annotations

import random

from echo_fieldwork.deid.detect import merge
from echo_fieldwork.deid.words import Detection


def plain_merge(*groups: list[Detection]) -> list[Detection]:
    """The rule itself, by comparing each detection with every kept one (no NER detections here)."""
    kept: list[Detection] = []
    for group in groups:
        for d in sorted(group, key=lambda d: (d.start, -(d.end - d.start))):
            if all(d.end <= k.start or d.start >= k.end for k in kept):
                kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def test_merge_keeps_what_the_plain_rule_keeps():
    rng = random.Random(13)
    for _ in range(300):
        groups = []
        for g in range(rng.randint(1, 4)):
            group = []
            for _ in range(rng.randint(0, 25)):
                start = rng.randint(0, 80)
                end = start + rng.randint(1, 12)
                group.append(Detection(start, end, "x" * (end - start), "person", f"group{g}"))
            groups.append(group)
        assert merge(*groups) == plain_merge(*groups)


def test_a_named_entity_keeps_its_part_before_a_kept_detection():
    text = "Martine Boucher de l'Agence de la santé publique du Canada"
    listed = Detection(21, len(text), text[21:], "organisation", "institution")
    entity = Detection(0, 48, text[:48], "person", "ner")
    assert [(d.original, d.category) for d in merge([listed], [entity])] == [
        ("Martine Boucher", "person"), (text[21:], "organisation")]
