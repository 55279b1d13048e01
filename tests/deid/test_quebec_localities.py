"""Québec places that are not municipalities today, or too small for GeoNames' cities500 (tools/places.py's
QUEBEC_PLACES, written by hand): found without NER, and no one-word entry that is a word, a first name or a
surname, so "Pierre Lauzon" stays a person."""

from __future__ import annotations

import importlib.util
import re

from echo_fieldwork.deid.detect import NameIndex, common_words, detect_texts, first_names, fold
from echo_fieldwork.resources import resource_path


def found(text: str) -> list[tuple[str, str]]:
    return [(d.original, d.category) for d in detect_texts([text], NameIndex.build({}), "fr", use_ner=False)[0]]


def _tool():
    path = resource_path("deid", "places.txt").parents[2] / "tools" / "places.py"
    spec = importlib.util.spec_from_file_location("places_tool", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_localities_former_and_small_municipalities_without_ner():
    # A locality of the Îles-de-la-Madeleine, one of Thetford Mines, a village of Lac-Brome, a former municipality
    # merged into Rouyn-Noranda, one merged into Mont-Tremblant, a town of fewer than 500 people.
    text = ("Elle a grandi à Black Lake, puis à Knowlton et à Noranda; son frère reste à Grande-Entrée, près de "
            "Havre-Aubert. Ils allaient à Saint-Jovite, et lui travaillait à Schefferville.")
    assert found(text) == [(name, "place") for name in (
        "Black Lake", "Knowlton", "Noranda", "Grande-Entrée", "Havre-Aubert", "Saint-Jovite", "Schefferville")]


def test_names_that_are_first_names_or_surnames_stay_people():
    # Lauzon (Lévis), Duhamel and Tracy (Sorel-Tracy) are places too, but listing them would stop these names.
    assert found("Pierre Lauzon est venu avec Luc Duhamel et Fatima Tracy.") == [
        ("Pierre Lauzon", "person"), ("Luc Duhamel", "person"), ("Fatima Tracy", "person")]


def test_every_hand_written_place_is_in_the_list_or_left_out_as_a_word_or_name():
    tool = _tool()
    listed = {tool._key(line) for line in resource_path("deid", "places.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")}
    listed |= {tool._key(line.split("\t")[1]) for line in
               resource_path("deid", "institutions.txt").read_text(encoding="utf-8").splitlines()
               if "\t" in line and not line.startswith("#")}
    hand = [n.strip() for text in tool.QUEBEC_PLACES.values() for n in text.split("|") if n.strip()]
    assert len(hand) > 400
    missing = [n for n in hand if tool._key(n) not in listed]
    # Left out by the build: one word each, a common word, a first name or a surname (Faker's, not shipped here).
    assert all(" " not in tool._key(n) for n in missing)
    assert {"Fatima", "Tracy", "Bassin", "Lauzon"} <= set(missing)
    # The names the build added (after GeoNames' part): none of one word is a common word or a first name.
    places = resource_path("deid", "places.txt").read_text(encoding="utf-8")
    added = places.split("\n# Québec places written by hand")[1].splitlines()[1:]
    assert len(added) > 400 and set(added) <= set(hand)
    one_word = [n for n in added if re.fullmatch(r"[^\W_]+", n)]
    assert len(one_word) > 50
    assert [n for n in one_word if fold(n) in common_words() or fold(n) in first_names()] == []
