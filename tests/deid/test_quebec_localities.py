"""Québec municipalities GeoNames' cities500 lacks (tools/places.py's MAMH_MUNICIPALITIES, from the Répertoire des
municipalités du Québec) and Québec places that are not municipalities today (QUEBEC_PLACES, written by hand): found
without NER, and no one-word entry that is a word, a first name or a surname, so "Pierre Lauzon" stays a person."""

from __future__ import annotations

import importlib.util
import re
import sys

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.words import common_words, first_names
from echo_fieldwork.people.forms import fold
from echo_fieldwork.resources import resource_path


def found(text: str) -> list[tuple[str, str]]:
    return [(d.original, d.category) for d in detect_texts([text], NameIndex.build({}), "fr", use_ner=False)[0]]


def _tool():
    path = resource_path("deid", "places.txt").parents[2] / "tools" / "places.py"
    spec = importlib.util.spec_from_file_location("places_tool", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # as when run as a script: it imports first_names.py beside it
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
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


def _sections():
    places = resource_path("deid", "places.txt").read_text(encoding="utf-8")
    head, rest = places.split("\n# Québec municipalities of the Répertoire", 1)
    mamh, hand = rest.split("\n# Québec places written by hand", 1)
    hand = hand.split("\n# New Brunswick places", 1)[0]
    return head, mamh.splitlines()[1:], hand.splitlines()[1:]


def test_every_listed_name_is_in_the_list_or_left_out_as_a_word_or_name():
    tool = _tool()
    listed = {tool._key(line) for line in resource_path("deid", "places.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")}
    listed |= {tool._key(line.split("\t")[1]) for line in
               resource_path("deid", "institutions.txt").read_text(encoding="utf-8").splitlines()
               if "\t" in line and not line.startswith("#")}
    mamh = [n.strip() for n in tool.MAMH_MUNICIPALITIES.split("|") if n.strip()]
    hand = [n.strip() for text in tool.QUEBEC_PLACES.values() for n in text.split("|") if n.strip()]
    assert len(mamh) > 1000 and len(hand) > 250
    missing = [n for n in mamh + hand if tool._key(n) not in listed]
    # Left out by the build: one word each, a common word, a first name or a surname (Faker's, not shipped here).
    assert {"Fatima", "Tracy", "Bassin", "Lauzon", "Duhamel", "Lemieux", "Nouvelle", "Racine"} <= set(missing)
    # A name of several words is left out only as a surname with a particle ("Marie-Josée de la Durantaye").
    assert [n for n in missing if " " in n] == ["La Durantaye"]
    # The names each section adds come from its list; none of one word is a common word or a first name.
    _, added_mamh, added_hand = _sections()
    assert len(added_mamh) > 500 and set(added_mamh) <= set(mamh)
    assert len(added_hand) > 150 and set(added_hand) <= set(hand)
    one_word = [n for n in added_mamh + added_hand if re.fullmatch(r"[^\W_]+", n)]
    assert len(one_word) > 100
    assert [n for n in one_word if fold(n) in common_words() or fold(n) in first_names()] == []


def test_the_hand_written_places_are_not_municipalities_of_the_repertoire():
    # QUEBEC_PLACES holds what the Répertoire lacks: a municipality written there by hand would hide a misspelling
    # the Répertoire corrects, so none of its names is one of the Répertoire's (compared folded, "œ" as "oe").
    tool = _tool()
    repertoire = {tool._key(n) for n in tool.MAMH_MUNICIPALITIES.split("|") if n.strip()}
    hand = [n.strip() for text in tool.QUEBEC_PLACES.values() for n in text.split("|") if n.strip()]
    assert [n for n in hand if tool._key(n) in repertoire] == []
    # The Répertoire's own spellings, small municipalities GeoNames' cities500 lacks among them.
    assert {"Saint-Zénon-du-Lac-Humqui", "Lac-Etchemin", "Sainte-Paule", "Notre-Dame-du-Nord",
            "Saint-Louis-du-Ha! Ha!", "Kangiqsualujjuaq"} <= {n.strip() for n in tool.MAMH_MUNICIPALITIES.split("|")}
    # Names no public source confirmed were removed.
    assert not {"Lac-Dufault", "Omerville", "Naudville", "Granada", "Lac-Simard"} & set(hand)


def test_small_municipalities_of_the_repertoire_without_ner():
    # Municipalities of a few hundred people that GeoNames' cities500 lacks and the hand-written list did not have.
    text = ("Son père habite à Saint-Zénon-du-Lac-Humqui et sa tante à Notre-Dame-des-Sept-Douleurs; ils passaient "
            "l'été à Rivière-à-Claude, puis à Sainte-Paule.")
    assert found(text) == [(name, "place") for name in (
        "Saint-Zénon-du-Lac-Humqui", "Notre-Dame-des-Sept-Douleurs", "Rivière-à-Claude", "Sainte-Paule")]
