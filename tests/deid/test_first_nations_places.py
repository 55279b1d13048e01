"""Québec's First Nations and Inuit communities in resources/deid/institutions.txt (checked in issue 13 against
quebec.ca's 11 nations and 55 communities and the Répertoire des municipalités): every community is found as a
place under its current name, the former names a transcript may use too, and nation names or the words of a
two-word former name alone stay."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.deid.places import find_known_places

# The 41 First Nations communities, by nation (the Wolastoqiyik are counted once, by their First Nation's name).
FIRST_NATIONS = [
    "Odanak", "Wôlinak",
    "Kebaowek", "Kitcisakik", "Kitigan Zibi", "Lac-Rapide", "Lac-Simon", "Pikogan", "Timiskaming", "Winneway",
    "Hunter's Point",
    "Manawan", "Opitciwan", "Wemotaci",
    "Chisasibi", "Eastmain", "Mistissini", "Nemaska", "Oujé-Bougoumou", "Waskaganish", "Waswanipi", "Wemindji",
    "Whapmagoostui",
    "Wendake",
    "Essipit", "Pessamit", "Mashteuiatsh", "Uashat mak Mani-utenam", "Ekuanitshit", "Nutashkuan", "Unamen Shipu",
    "Pakua Shipi", "Matimekush–Lac John",
    "Kawawachikamach",
    "Wolastoqiyik Wahsipekuk",
    "Listuguj", "Gesgapegiag", "Gespeg",
    "Kahnawake", "Kanesatake", "Akwesasne",
]
NUNAVIK = ["Kuujjuaq", "Kuujjuarapik", "Umiujaq", "Inukjuak", "Puvirnituq", "Akulivik", "Ivujivik", "Salluit",
           "Kangiqsujuaq", "Quaqtaq", "Kangirsuk", "Aupaluk", "Tasiujaq", "Kangiqsualujjuaq"]


def places(text: str) -> list[str]:
    return [d.original for d in find_known_places(text, ("place",))]


def test_the_counts_quebec_gives():
    assert len(FIRST_NATIONS) == 41 and len(NUNAVIK) == 14 and len(set(FIRST_NATIONS + NUNAVIK)) == 55


@pytest.mark.parametrize("name", FIRST_NATIONS + NUNAVIK)
def test_every_community_is_a_place_under_its_name(name):
    assert places(f"Elle vient de {name}, pis elle travaille là.") == [name]
    # At a sentence start too (a name, not a word after a preposition).
    assert places(f"{name}, c'est loin.") == [name]


def test_other_spellings_and_former_names():
    text = ("Wolinak, Ouje Bougoumou, Uashat mak Mani-Utenam, Matimekush-Lac-John, Pakua Shipu, Pakuashipi, "
            "Matimekosh, Kanehsatake, Caughnawaga, Pointe-Bleue, Betsiamites, Bersimis, Village-des-Hurons, "
            "Kataskomiq, Whitworth, Mistassini, Nouveau-Comptoir, Fort Rupert, Fort Chimo, Poste-de-la-Baleine, "
            "Great Whale River, Povungnituk, Sugluk, Port Harrison, Wakeham Bay, Payne Bay, Port-Nouveau-Québec.")
    assert places(text) == [p.strip(" .") for p in text.split(",")]


def test_nation_names_and_words_of_a_former_name_alone_stay():
    # A nation names no place; "Fort", "George", "Rupert", "Harrison" alone are words or first names.
    assert places("Les Innus, les Atikamekw, les Inuit et les Wolastoqiyik. George et Rupert sont au fort.") == []
    assert places("Harrison est venu. On a vu une baleine au poste de la baleine, pis un fort.") == []


def test_found_as_places_by_detection_without_ner():
    found = detect_texts(["Je travaille à Kuujjuaq, avant c'était à Povungnituk, pis ma mère vient de Pointe-Bleue."],
                         NameIndex.build({}), "fr", use_ner=False)[0]
    assert [(d.original, d.category) for d in found] == [
        ("Kuujjuaq", "place"), ("Povungnituk", "place"), ("Pointe-Bleue", "place")]
