"""A realistic French focus group for the deidentification and export tests (and the benchmark):
the study's people, its identifier list, and the hand-annotated transcript in tests/data/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tests.consent_helpers import ready_form

FIXTURE = Path(__file__).resolve().parent / "data" / "focus_group_fr_annotated.txt"
# A second transcript, written after the detection code, for an honest (held-out) benchmark figure.
HELD_OUT = Path(__file__).resolve().parent / "data" / "interview_fr_annotated.txt"
SESSION_CODE = "FG01"
# Hard cases for every deidentification failure class seen on held-out transcripts (benchmark and tests):
# a development part (detection tuned on it) and a held-out part (written at the same time, never tuned on).
HARD_CASES = Path(__file__).resolve().parent / "data" / "hard_cases_fr_annotated.txt"
HARD_CASES_HELD_OUT = Path(__file__).resolve().parent / "data" / "hard_cases_heldout_fr_annotated.txt"
# A second held-out part with its own people (HARD_PEOPLE_2), written before the code for street addresses,
# public bodies, phonetic misspellings and splits, and untitled third parties; never tuned on.
HARD_CASES_HELD_OUT_2 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout2_fr_annotated.txt"
# code, study role, full name, aliases
HARD_PEOPLE = [
    ("M1", "interviewer", "Sophie Charbonneau", []),
    ("P01", "participant", "Jean-Philippe Beaulieu", []),
    ("P02", "participant", "Rose Lebrun", []),
    ("P03", "participant", "Thomas Van Dijk", []),
    ("P04", "participant", "Quang Ng", []),
    ("P05", "participant", "Hoa Lê", []),
    ("P06", "participant", "Stéphanie Gauthier", []),
    ("P07", "participant", "Emmanuel Pelletier", ["Manu"]),
    ("P08", "participant", "Martin Blanchette", []),
    ("P09", "participant", "Claire de la Fontaine", []),
]
HARD_PEOPLE_2 = [
    ("M1", "interviewer", "Chantal Deschênes", []),
    ("P01", "participant", "Nadia Thibodeau", []),
    ("P02", "participant", "Olivier Fortier", ["Oli"]),
    ("P03", "participant", "Josée Lamoureux", []),
    ("P04", "participant", "Karim Haddad", []),
    ("P05", "participant", "Rémi Ouellette", []),
    ("P06", "participant", "Lise Morissette", []),
]
# A third held-out part (HARD_PEOPLE_3), written after issue 13's detection work was merged, run once untuned.
HARD_CASES_HELD_OUT_3 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout3_fr_annotated.txt"
HARD_PEOPLE_3 = [
    ("M1", "interviewer", "Valérie Gagnon", []),
    ("P01", "participant", "Guillaume Paré", []),
    ("P02", "participant", "Audrey Simard", []),
    ("P03", "participant", "Étienne Paré", []),
    ("P04", "participant", "Mathieu Lavoie", []),
]
# A fourth held-out part (HARD_PEOPLE_4), written blind to the detection code (its author read neither the code
# nor its lists nor other sets' misses), before any tuning on it: a focus group, ECHO in the Bas-Saint-Laurent.
HARD_CASES_HELD_OUT_4 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout4_fr_annotated.txt"
HARD_PEOPLE_4 = [
    ("M1", "interviewer", "Marie-Ève Bouchard", []),
    ("P01", "participant", "Stéphane Pelletier", ["Steph"]),
    ("P02", "participant", "Nathalie Gingras", []),
    ("P03", "participant", "Youssef El Amrani", []),
    ("P04", "participant", "Catherine Leblanc", ["Cathy"]),
    ("P05", "participant", "Benoît Desrosiers", ["Ben"]),
    ("P06", "participant", "Sylvie Lapierre", []),
]
# A fifth held-out part (HARD_PEOPLE_5), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor other sets' misses): an interview and a focus group, ECHO chronic pain, Montréal.
HARD_CASES_HELD_OUT_5 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout5_fr_annotated.txt"
HARD_PEOPLE_5 = [
    ("M1", "interviewer", "Julie Archambault", []),
    ("P01", "participant", "Mélanie Caron", ["Mel"]),
    ("P02", "participant", "Patrick Dufresne", ["Pat"]),
    ("P03", "participant", "Thi Lan Pham", []),
    ("P04", "participant", "Raymond St-Onge", ["Ray"]),
    ("P05", "participant", "Geneviève Poirier", ["Gen"]),
]
# A sixth held-out part (HARD_PEOPLE_6), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): a focus group by videoconference, ECHO santé
# mentale jeunesse in the Outaouais and Abitibi, with a First Nations community health centre.
HARD_CASES_HELD_OUT_6 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout6_fr_annotated.txt"
HARD_PEOPLE_6 = [
    ("M1", "interviewer", "Annie-Claude Tousignant", []),
    ("P01", "participant", "François-Xavier Lalancette", ["FX"]),
    ("P02", "participant", "Noémie Wabanonik", []),
    ("P03", "participant", "Hamid Benaïssa", []),
    ("P04", "participant", "Josiane Fréchette", ["Josie"]),
    ("P05", "participant", "Luc Marchand", []),
    ("P06", "participant", "Sarah-Jane McKenzie", []),
]
# A seventh held-out part (HARD_PEOPLE_7), written blind to the detection code (its author read neither the code
# nor its lists nor the report nor other sets' misses), before any tuning on it: a focus group and an individual
# interview, ECHO-like palliative-care telementoring in Mauricie.
HARD_CASES_HELD_OUT_7 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout7_fr_annotated.txt"
HARD_PEOPLE_7 = [
    ("M1", "interviewer", "Nadia Bensalem", []),
    ("P01", "participant", "Jean-François Trudel", ["Jeff"]),
    ("P02", "participant", "Marisol Quintero", []),
    ("P03", "participant", "Kim-Linh Phan", []),
    ("P04", "participant", "Jocelyne Flamand", ["Jojo"]),
    ("P05", "participant", "Lucia Di Stefano", []),
    ("P06", "participant", "Wilner Saint-Fleur", []),
]
# An eighth held-out part (HARD_PEOPLE_8), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): an interview with a manager and a focus group,
# ECHO-like telementoring on addiction and hepatitis C in the Estrie.
HARD_CASES_HELD_OUT_8 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout8_fr_annotated.txt"
HARD_PEOPLE_8 = [
    ("M1", "interviewer", "Hélène Dumont-Vachon", []),
    ("P01", "participant", "Rui Carvalho", []),
    ("P02", "participant", "Marie-Soleil Bégin", ["Marie-So"]),
    ("P03", "participant", "Agnieszka Kowalczyk", ["Aga"]),
    ("P04", "participant", "Samir Abou-Khalil", []),
    ("P05", "participant", "Aimé Boisvert", []),
    ("P06", "participant", "Sophia Papadakis", []),
]
# A ninth held-out part (HARD_PEOPLE_9), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): an individual interview with a manager and a
# focus group, ECHO-like telementoring in perinatal and early-childhood care, Lanaudière, the Laurentides, Québec City.
HARD_CASES_HELD_OUT_9 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout9_fr_annotated.txt"
HARD_PEOPLE_9 = [
    ("M1", "interviewer", "Isabelle Thériault", []),
    ("P01", "participant", "Dominique Laplante", []),
    ("P02", "participant", "Fabiola Jean-Baptiste", ["Fabi"]),
    ("P03", "participant", "Rania Khoury", []),
    ("P04", "participant", "Marc-André Pouliot", ["Marco"]),
    ("P05", "participant", "Ginette Lachapelle", []),
    ("P06", "participant", "Mai-Anh Trinh", []),
]
# A tenth held-out part (HARD_PEOPLE_10), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): a focus group then an interview, ECHO mental
# health in primary care, Côte-Nord, Saguenay–Lac-Saint-Jean and Gaspésie–Îles-de-la-Madeleine.
HARD_CASES_HELD_OUT_10 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout10_fr_annotated.txt"
HARD_PEOPLE_10 = [
    ("M1", "interviewer", "Annie-Claude Boudreau", []),
    ("P01", "participant", "Ousmane Ndiaye", []),
    ("P02", "participant", "Josiane Vigneault", ["Josie"]),
    ("P03", "participant", "Xiaoling Zhou", []),
    ("P04", "participant", "Élodie Arsenault", []),
    ("P05", "participant", "Jean-Guy Poitras", ["Ti-Guy"]),
    ("P06", "participant", "Florin Popescu", []),
    ("P07", "participant", "Nadine Vollant", []),
]
# An eleventh held-out part (HARD_PEOPLE_11), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): a focus group by Teams then an interview,
# ECHO diabète et maladie rénale chronique in the Montérégie, the Centre-du-Québec, Chaudière-Appalaches and Nunavik.
HARD_CASES_HELD_OUT_11 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout11_fr_annotated.txt"
HARD_PEOPLE_11 = [
    ("M1", "interviewer", "Karine Vachon", []),
    ("P01", "participant", "Reza Tavakoli", []),
    ("P02", "participant", "Marie-Claude Boisvert", []),
    ("P03", "participant", "Oleksandr Kovalenko", ["Sasha"]),
    ("P04", "participant", "Lucy Annanack", []),
    ("P05", "participant", "Jessica Veilleux", ["Jess"]),
    ("P06", "participant", "Daniel Fecteau", []),
]
# A twelfth held-out part (HARD_PEOPLE_12), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO
# autism and developmental disorders in children, Laval, Montréal-Nord, Saint-Laurent, Longueuil.
HARD_CASES_HELD_OUT_12 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout12_fr_annotated.txt"
HARD_PEOPLE_12 = [
    ("M1", "interviewer", "Karine Beauséjour", []),
    ("P01", "participant", "Samira Bouzid", ["Sam"]),
    ("P02", "participant", "Kavitha Sivakumar", []),
    ("P03", "participant", "Konstantinos Papadopoulos", ["Kostas"]),
    ("P04", "participant", "Antonella Ricci", []),
    ("P05", "participant", "Roselène Pierre-Louis", []),
    ("P06", "participant", "Étienne Lachance", []),
]
# A thirteenth held-out part (HARD_PEOPLE_13), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): an interview with a physiatrist then a
# focus group, ECHO-like telementoring on long COVID, rehabilitation, occupational health and home care for seniors,
# Chaudière-Appalaches, Charlevoix, the Eastern Townships' English-speaking communities and the West Island.
HARD_CASES_HELD_OUT_13 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout13_fr_annotated.txt"
HARD_PEOPLE_13 = [
    ("M1", "interviewer", "Marie-Josée Cloutier", []),
    ("P01", "participant", "Siobhan Gallagher", []),
    ("P02", "participant", "Minh-Thu Truong", ["Mimi"]),
    ("P03", "participant", "Nancy Cliche", []),
    ("P04", "participant", "Normand Lessard", ["Norm"]),
    ("P05", "participant", "Ana Paula Medeiros", []),
    ("P06", "participant", "Colin MacLeod", []),
]
# A fourteenth held-out part (HARD_PEOPLE_14), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group then an interview with an
# oncologist, ECHO-like telementoring in oncology, cancer survivorship and HIV care, Capitale-Nationale, Kamouraska,
# Haute-Côte-Nord and Eeyou Istchee.
HARD_CASES_HELD_OUT_14 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout14_fr_annotated.txt"
HARD_PEOPLE_14 = [
    ("M1", "interviewer", "Sophie Castonguay", []),
    ("P01", "participant", "Rania Khoury", []),
    ("P02", "participant", "Marie-Claude Bérubé", ["Claudie"]),
    ("P03", "participant", "Réginald Théodore", ["Reggie"]),
    ("P04", "participant", "Annick Boulianne", []),
    ("P05", "participant", "Louisa Mianscum", []),
    ("P06", "participant", "Gaston Lizotte", []),
]
# A fifteenth held-out part (HARD_PEOPLE_15), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): an interview and a focus group, ECHO
# emergency/prehospital care and home-care wound care, Abitibi-Témiscamingue, Outaouais, Centre-du-Québec, Montréal east.
HARD_CASES_HELD_OUT_15 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout15_fr_annotated.txt"
HARD_PEOPLE_15 = [
    ("M1", "interviewer", "Annie Bergevin", []),
    ("P01", "participant", "Frédéric Rochefort", ["Fred"]),
    ("P02", "participant", "Maxime Turcotte", []),
    ("P03", "participant", "Chantal Beaulieu", []),
    ("P04", "participant", "Nadia Ouimet", []),
    ("P05", "participant", "Alexandre Kowalczyk", ["Alex"]),
    ("P06", "participant", "Mélissa Kistabish", []),
]
# A sixteenth held-out part (HARD_PEOPLE_16), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): a focus group (ECHO-like telementoring in sexual
# health, PrEP and trans health: Village, Plateau, Verdun, Sherbrooke, Gatineau) and an interview (migrant farm workers'
# health, Montérégie and île d'Orléans).
HARD_CASES_HELD_OUT_16 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout16_fr_annotated.txt"
HARD_PEOPLE_16 = [
    ("M1", "interviewer", "Gabrielle Thibodeau", []),
    ("P01", "participant", "Alexis Beauregard", ["Lex"]),
    ("P02", "participant", "Rosalie Nadeau-Pichette", []),
    ("P03", "participant", "Esteban Quiñónez", ["Teban"]),
    ("P04", "participant", "Karine Desbiens", []),
    ("P05", "participant", "Mathilde Brassard", []),
    ("P06", "participant", "Delroy Campbell", []),
]
# A seventeenth held-out part (HARD_PEOPLE_17), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview with a
# family caregiver, ECHO-like telementoring in home care and geriatrics, Centre-du-Québec, Îles-de-la-Madeleine and
# Montréal-Nord.
HARD_CASES_HELD_OUT_17 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout17_fr_annotated.txt"
HARD_PEOPLE_17 = [
    ("M1", "interviewer", "Émilie Turcotte", []),
    ("P01", "participant", "Roselène Jean-Baptiste", ["Rosie"]),
    ("P02", "participant", "Maxime Cormier", ["Max"]),
    ("P03", "participant", "Rania Khoury", []),
    ("P04", "participant", "Gilles Lachapelle", []),
    ("P05", "participant", "Minh-Thu Dang", []),
    ("P06", "participant", "Jérôme Thériault", []),
]
# An eighteenth held-out part (HARD_PEOPLE_18), HELD BACK from tuning, written blind to the detection code (its
# author read neither the detection code, its lists, the deidentification report nor other sets' misses).
# Rehabilitation after work injuries and chronic pain (Beauce, Thetford Mines, Sept-Îles/Fermont, Eastern
# Townships, Gaspé coast): a focus group (M1, P01–P05) and an interview with an insurer's case manager (P06).
HARD_CASES_HELD_OUT_18 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout18_fr_annotated.txt"
HARD_PEOPLE_18 = [
    ("M1", "interviewer", "Isabelle Drouin", []),
    ("P01", "participant", "Gilles Poulin", ["Gillou"]),
    ("P02", "participant", "Maricel Dizon", []),
    ("P03", "participant", "Oleksandr Kovalenko", ["Sasha"]),
    ("P04", "participant", "Heather McInnis", []),
    ("P05", "participant", "Normand Cloutier", []),
    ("P06", "participant", "Nadine Khoury", []),
]
# A nineteenth held-out part (HARD_PEOPLE_19), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO
# paediatric rare diseases and genetics, Saguenay–Lac-Saint-Jean, Sainte-Justine, the Montreal Children's, Laval.
HARD_CASES_HELD_OUT_19 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout19_fr_annotated.txt"
HARD_PEOPLE_19 = [
    ("M1", "interviewer", "Karine Duchesne", []),
    ("P01", "participant", "Véronique Harvey", ["Véro"]),
    ("P02", "participant", "Samir Khoury", []),
    ("P03", "participant", "Chantal Duperré", []),
    ("P04", "participant", "Jean-Sébastien Maltais", ["JS"]),
    ("P05", "participant", "Isabelle Néron", []),
    ("P06", "participant", "Ana Lucía Restrepo", []),
]
# A twentieth held-out part (HARD_PEOPLE_20), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor other sets' misses): a focus group and an interview, ECHO on the health of
# people in detention, after release and in homelessness (Québec City, Trois-Rivières, Laval, Port-Cartier).
HARD_CASES_HELD_OUT_20 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout20_fr_annotated.txt"
HARD_PEOPLE_20 = [
    ("M1", "interviewer", "Annick Bellavance", []),
    ("P01", "participant", "Josiane Thibodeau", []),
    ("P02", "participant", "Emmanuel Jean-Baptiste", ["Manu"]),
    ("P03", "participant", "Roxanne Dubé", []),
    ("P04", "participant", "Frédéric Lachapelle", []),
    ("P05", "participant", "Daniel Boisvert", ["Ti-Dan"]),
    ("P06", "participant", "Maude Carvalho", []),
]
# Set 21 (issue 13): HELD BACK from tuning, written blind to the detection code (its author read neither the
# code nor its lists nor the report nor other sets' misses): ECHO stroke rehabilitation and cardiac care, a focus
# group (Laval, Lanaudière, Haute-Gatineau) and an interview with a caregiver.
HARD_CASES_HELD_OUT_21 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout21_fr_annotated.txt"
HARD_PEOPLE_21 = [
    ("M1", "interviewer", "Mélanie Charbonneau", []),
    ("P01", "participant", "Antonio Di Stefano", ["Tony"]),
    ("P02", "participant", "Héloïse Marcoux-Fortin", []),
    ("P03", "participant", "Amel Aït Ouali", []),
    ("P04", "participant", "Dimitri Papadopoulos", ["Dimi"]),
    ("P05", "participant", "Sherry Commanda", []),
    ("P06", "participant", "Fernanda Medeiros", []),
]
# A twenty-second held-out part (HARD_PEOPLE_22), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO santé
# mentale jeunesse (school-based mental health and youth protection), Côte-des-Neiges, Parc-Extension, Longueuil, Sherbrooke.
HARD_CASES_HELD_OUT_22 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout22_fr_annotated.txt"
HARD_PEOPLE_22 = [
    ("M1", "interviewer", "Émilie Rondeau", []),
    ("P01", "participant", "Tharshika Jeyakumar", []),
    ("P02", "participant", "Gurpreet Kaur Sandhu", ["Preet"]),
    ("P03", "participant", "Rafael Domínguez Ortiz", []),
    ("P04", "participant", "Hélène Beauchemin", []),
    ("P05", "participant", "Francis Gendron", []),
    ("P06", "participant", "Abdirahman Warsame", ["Abdi"]),
]
# A twenty-third held-out part (HARD_PEOPLE_23), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO
# troubles alimentaires et obésité (adolescents et adultes), Rimouski, Matane, Baie-Comeau, Kamouraska, Sainte-Foy.
HARD_CASES_HELD_OUT_23 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout23_fr_annotated.txt"
HARD_PEOPLE_23 = [
    ("M1", "interviewer", "Annie-Claude Bérubé", []),
    ("P01", "participant", "Sophie Arsenault", ["Fifi"]),
    ("P02", "participant", "Mathilde Gallant", []),
    ("P03", "participant", "Jérôme Vollant", []),
    ("P04", "participant", "Karine Desjardins", []),
    ("P05", "participant", "Réginald Dumais", ["Reggie"]),
    ("P06", "participant", "Luz Marina Quintero", []),
]
# A twenty-fourth held-out part (HARD_PEOPLE_24), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO on
# hearing loss, cochlear implants and deaf culture, Montréal (Mile End, Rosemont), Drummondville, Granby, Val-d'Or.
HARD_CASES_HELD_OUT_24 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout24_fr_annotated.txt"
HARD_PEOPLE_24 = [
    ("M1", "interviewer", "Josianne Thériault", []),
    ("P01", "participant", "Eleni Papadopoulos", ["Léna"]),
    ("P02", "participant", "Dariush Rahimi", []),
    ("P03", "participant", "Geneviève Lussier", []),
    ("P04", "participant", "Isabelle Pomerleau", []),
    ("P05", "participant", "Raymond Desjardins", ["Ray"]),
    ("P06", "participant", "Nancy Mowatt", []),
]
# A twenty-fifth held-out part (HARD_PEOPLE_25), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor other sets' misses): an interview and a focus group, ECHO nephrology and
# dialysis, Laurentides, Ahuntsic-Cartierville, Kahnawake and Kanesatake.
HARD_CASES_HELD_OUT_25 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout25_fr_annotated.txt"
HARD_PEOPLE_25 = [
    ("M1", "interviewer", "Isabelle Charbonneau", []),
    ("P01", "participant", "Raffi Kalenderian", []),
    ("P02", "participant", "Kahente Jacobs", []),
    ("P03", "participant", "Maya Khoury", []),
    ("P04", "participant", "Jean-François Lachance", ["JF"]),
    ("P05", "participant", "Guerline Étienne", []),
    ("P06", "participant", "Gérald Brisebois", ["Gerry"]),
]
# A twenty-sixth held-out part (HARD_PEOPLE_26), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO
# périnatalité for refugee and asylum-seeking women in Montréal, Québec City (Vanier) and Sherbrooke.
HARD_CASES_HELD_OUT_26 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout26_fr_annotated.txt"
HARD_PEOPLE_26 = [
    ("M1", "interviewer", "Annie-Claude Bérubé", []),
    ("P01", "participant", "Marie-Josée Vaillancourt", ["Majo"]),
    ("P02", "participant", "Mariam Haidari", []),
    ("P03", "participant", "Yohannes Tesfay", []),
    ("P04", "participant", "Olena Kovalenko", []),
    ("P05", "participant", "Nadia Ouellet", []),
    ("P06", "participant", "Gabriela Mendoza Ríos", ["Gabi"]),
]
# A twenty-seventh held-out part (HARD_PEOPLE_27), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor other sets' misses): a focus group and an interview, ECHO dementia
# care for English-speaking and Jewish seniors, Côte-Saint-Luc, Hampstead, West Island and Hudson.
HARD_CASES_HELD_OUT_27 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout27_fr_annotated.txt"
HARD_PEOPLE_27 = [
    ("M1", "interviewer", "Hélène Marcoux", []),
    ("P01", "participant", "Miriam Goldstein", ["Miri"]),
    ("P02", "participant", "Gregory MacLeod", ["Greg"]),
    ("P03", "participant", "Yosef Ohayon", []),
    ("P04", "participant", "Tatiana Volkova", []),
    ("P05", "participant", "Marites Dela Cruz", []),
    ("P06", "participant", "Sharon Feldman", []),
]
# A twenty-eighth held-out part (HARD_PEOPLE_28), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor other sets' misses): a focus group and an interview, ECHO oral health for
# adults with intellectual disabilities, Québec City (Charlesbourg, Beauport), Lévis and Saint-Georges-de-Beauce.
HARD_CASES_HELD_OUT_28 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout28_fr_annotated.txt"
HARD_PEOPLE_28 = [
    ("M1", "interviewer", "Karine Veilleux", []),
    ("P01", "participant", "Sokha Chhim", []),
    ("P02", "participant", "Mélissa Giguère", ["Mimi"]),
    ("P03", "participant", "Jean-Sébastien Rodrigue", ["Jay"]),
    ("P04", "participant", "Claudine Mukeshimana", []),
    ("P05", "participant", "Denis Quirion", []),
    ("P06", "participant", "Bích Ngọc Phan", []),
]

# A twenty-ninth held-out part (HARD_PEOPLE_29), HELD BACK from tuning, written blind to the detection code (its author
# read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO in
# perinatal and early-childhood care, Nunavik and Inuit families staying in Montréal (Dorval boarding home).
HARD_CASES_HELD_OUT_29 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout29_fr_annotated.txt"
HARD_PEOPLE_29 = [
    ("M1", "interviewer", "Marie-Josée Tardif", []),
    ("P01", "participant", "Annie Tukkiapik", []),
    ("P02", "participant", "Lucassie Nowrakudluk", ["Lucas"]),
    ("P03", "participant", "Elisapie Kumarluk", []),
    ("P04", "participant", "Widlyne Pierre-Louis", ["Wid"]),
    ("P05", "participant", "Nadine Gallant", []),
    ("P06", "participant", "Tommy Ittukallak", []),
]

# Held-out part 30 (HARD_PEOPLE_30), HELD BACK from tuning, written blind to the detection code (its author read
# neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview, ECHO kidney
# disease and transplant follow-up, Montérégie and Montréal.
HARD_CASES_HELD_OUT_30 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout30_fr_annotated.txt"
HARD_PEOPLE_30 = [
    ("M1", "interviewer", "Geneviève Provencher", []),
    ("P01", "participant", "Rana Nasrallah", []),
    ("P02", "participant", "Hagop Manoukian", ["Jack"]),
    ("P03", "participant", "Tharshini Sivakumaran", []),
    ("P04", "participant", "Marco Quispe Mamani", []),
    ("P05", "participant", "Julie Beauregard", []),
    ("P06", "participant", "Ronald Montour", ["Ronnie"]),
]

# A thirty-first held-out part (HARD_PEOPLE_31), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview,
# ECHO in fall prevention and frailty, rural seniors of Bas-Richelieu, Nicolet-Bécancour, Lotbinière, Bois-Francs.
HARD_CASES_HELD_OUT_31 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout31_fr_annotated.txt"
HARD_PEOPLE_31 = [
    ("M1", "interviewer", "Geneviève Tousignant", []),
    ("P01", "participant", "Annick Hoogendoorn", ["Nikki"]),
    ("P02", "participant", "Karine Boisclair", []),
    ("P03", "participant", "Jean-François Bühler", ["Jeff"]),
    ("P04", "participant", "Lucía Morales", []),
    ("P05", "participant", "Denis Gaudreault", []),
    ("P06", "participant", "Olivier Laroche", []),
]

# A thirty-second held-out part (HARD_PEOPLE_32), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor the report nor other sets' misses): a focus group and an
# interview, ECHO VIH et hépatite C for people who use drugs and sex workers, Montréal and Gatineau.
HARD_CASES_HELD_OUT_32 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout32_fr_annotated.txt"
HARD_PEOPLE_32 = [
    ("M1", "interviewer", "Karine Beaulac", []),
    ("P01", "participant", "Jean-Robert Mbuyi", []),
    ("P02", "participant", "Roseline Désir", ["Rosie"]),
    ("P03", "participant", "Kevin Niquay", ["Kev"]),
    ("P04", "participant", "Fabiola Nkeng", []),
    ("P05", "participant", "Mathieu Lachapelle", []),
    ("P06", "participant", "Luana Ferreira", []),
]

# A thirty-third held-out part (HARD_PEOPLE_33), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview,
# ECHO in post-traumatic stress and family support for military members and veterans (Valcartier, Bagotville).
HARD_CASES_HELD_OUT_33 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout33_fr_annotated.txt"
HARD_PEOPLE_33 = [
    ("M1", "interviewer", "Sophie Grondin", []),
    ("P01", "participant", "Rania Khoury", []),
    ("P02", "participant", "Jean-Philippe Fortier", ["JP"]),
    ("P03", "participant", "Mykola Shevchuk", ["Nick"]),
    ("P04", "participant", "Kevin O'Brien", []),
    ("P05", "participant", "Nadège Pierre-Louis", []),
    ("P06", "participant", "Geneviève Roy", []),
]

# A thirty-fourth held-out part (HARD_PEOPLE_34), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor the report nor other sets' misses): a focus group and an interview,
# ECHO late-life depression and isolation among Chinese, Korean, Vietnamese and Japanese seniors (Brossard,
# Quartier chinois, Côte-des-Neiges, Sainte-Foy).
HARD_CASES_HELD_OUT_34 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout34_fr_annotated.txt"
HARD_PEOPLE_34 = [
    ("M1", "interviewer", "Hélène Brassard", []),
    ("P01", "participant", "Mei-Ling Chow", ["Mimi"]),
    ("P02", "participant", "Thanh Vo", []),
    ("P03", "participant", "Jae-won Park", ["Jay"]),
    ("P04", "participant", "Linh Dang", []),
    ("P05", "participant", "Kevin Leung", []),
    ("P06", "participant", "Amélie Yamamoto-Roy", []),
]

# A thirty-fifth held-out part (HARD_PEOPLE_35), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor other sets' misses): a focus group and an interview, ECHO COPD and
# home oxygen, Abitibi mining towns, Anishinabeg families of Lac-Simon and Kitcisakik, Portuguese, Polish and
# Croatian miners' families.
HARD_CASES_HELD_OUT_35 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout35_fr_annotated.txt"
HARD_PEOPLE_35 = [
    ("M1", "interviewer", "Geneviève Rivard", []),
    ("P01", "participant", "Josée Papatie", []),
    ("P02", "participant", "Sébastien Lachance-Trudel", ["Seb"]),
    ("P03", "participant", "Maria Medeiros", []),
    ("P04", "participant", "Tomasz Kowalczyk", ["Tom"]),
    ("P05", "participant", "Nadia Bergeron", []),
    ("P06", "participant", "Karine Doucet", []),
]

# A thirty-sixth held-out part (HARD_PEOPLE_36), HELD BACK from tuning, written blind to the detection code (its
# author read neither the code nor its lists nor other sets' misses): a focus group and an interview, ECHO
# teledermatology and chronic wound care, Côte-Nord and Lower North Shore (Innu, English-speaking and Filipino
# people).
HARD_CASES_HELD_OUT_36 = Path(__file__).resolve().parent / "data" / "hard_cases_heldout36_fr_annotated.txt"
HARD_PEOPLE_36 = [
    ("M1", "interviewer", "Karine Desjardins", []),
    ("P01", "participant", "Philippe Lachance", []),
    ("P02", "participant", "Chantale Boudreau", []),
    ("P03", "participant", "Évelyne Mestokosho", []),
    ("P04", "participant", "Maricel Dimaculangan", ["Cel"]),
    ("P05", "participant", "Jean-François Roussy", ["JF"]),
    ("P06", "participant", "Tracy Buckle", []),
]
# code, study role, full name (the names the study knows)
PEOPLE = [
    ("M1", "interviewer", "Geneviève Lachance-Roy"),
    ("O1", "observer", "Kevin Nguyen"),
    ("P01", "participant", "Amélie Tremblay"),
    ("P02", "participant", "Jean-François Côté"),
    ("P03", "participant", "Nathalie Bergeron"),
    ("P04", "participant", "Mohamed Ben Salah"),
    ("P05", "participant", "Isabelle O'Connor"),
]
IDENTIFIERS = [
    ("CLSC Côte-des-Neiges", "organisation", ""),
    ("Rimouski", "place", "région"),
    ("ECHO Québec", "program", ""),
]
WITHDRAWN = "P03"       # withdrew and asked for their data to be removed
NO_QUOTES = "P04"       # asked not to be quoted
_ANNOTATION = re.compile(r"\{\{(\w+):(.*?)\}\}", re.S)


@dataclass
class GoldSpan:
    start: int
    end: int
    category: str
    text: str


@dataclass
class FixtureSegment:
    speaker: str
    start_ms: int
    text: str
    gold: list[GoldSpan]


def parse_fixture(path: Path = FIXTURE) -> list[FixtureSegment]:
    segments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        speaker, start, raw = (part.strip() for part in line.split("|", 2))
        raw = raw.replace("\\n", "\n")
        text, gold, position = "", [], 0
        for match in _ANNOTATION.finditer(raw):
            text += raw[position:match.start()]
            gold.append(GoldSpan(len(text), len(text) + len(match.group(2)), match.group(1), match.group(2)))
            text += match.group(2)
            position = match.end()
        text += raw[position:]
        segments.append(FixtureSegment(speaker, int(float(start) * 1000), text, gold))
    return segments


def build_focus_group(study, *, identifiers: bool = True, withdraw: bool = True, notes: bool = True) -> int:
    """Participants with names and consent, the session with a recording, the transcript, field notes
    and questionnaire answers; P03 withdraws (remove data), P04 asks not to be quoted. Returns the session id."""
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.people import consent, identity, participants
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript import segments as transcript

    form = ready_form(study, "fr")
    for code, role, name in PEOPLE:
        p = participants.add_participant(study, code, role)
        identity.set_identity(study, identity.Identity(p.id, full_name=name))
        consent.record_consent(study, p.id, form.id, "signed", {"audio", "quotes"})
        if role == "participant":
            answers = {"age_group": "45-54" if code in ("P03", "P05") else "35-44",
                       "profession": "infirmière" if code != "P04" else "infirmier auxiliaire",
                       "years_experience": int(code[1:]) * 3}
            study.db.execute(
                "INSERT INTO questionnaire_answers (participant_id, form_id, form_version, form_sha256, answers, "
                "recorded_by, recorded_at) VALUES (?, 'sociodemo', '1', '', ?, 'RA1', '2026-01-10T10:00:00Z')",
                [p.id, json.dumps(answers, ensure_ascii=False)])
    session = sessions.create_session(
        study, SESSION_CODE, "focus_group", "2026-02-03", "in_person",
        attendees=[c for c, r, _n in PEOPLE if r == "participant"], interviewers=["M1"], observers=["O1"])
    sessions.add_recording_row(study, session.id, "audio/FG01.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=478_000)
    parsed = parse_fixture()
    segments = []
    for i, s in enumerate(parsed):
        end = parsed[i + 1].start_ms if i + 1 < len(parsed) else s.start_ms + 8000
        segments.append(transcript.Segment(None, session.id, s.start_ms, end, s.text, s.speaker))
    transcript.insert_segments(study, segments)
    if identifiers:
        for text, category, tag in IDENTIFIERS:
            deidentify.add_identifier(study, text, category, tag)
    if notes:
        for ms, key, text in [(20_000, "intro", "Amélie arrive en retard, s'excuse."),
                              (115_000, "q1_awareness", "P03 très émue en parlant de Rimouski."),
                              (300_000, "q3_impact", "Bon échange entre Jean-François et Isabelle.")]:
            study.db.execute("INSERT INTO field_notes (session_id, recording_ms, wall_at, question_key, tags, text) "
                             "VALUES (?, ?, '2026-02-03T15:00:00Z', ?, '', ?)", [session.id, ms, key, text])
    if withdraw:
        codes = {c: participants.get_by_code(study, c).id for c, _r, _n in PEOPLE}
        consent.record_withdrawal(study, codes[WITHDRAWN], "written", {"remove_data", "no_further_participation"})
        consent.record_withdrawal(study, codes[NO_QUOTES], "verbal", {"no_quotes"})
    return session.id


def add_interview(study, code: str = "IV01") -> int:
    """The held-out interview (P02 with M1) in a study built by `build_focus_group`."""
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript import segments as transcript

    session = sessions.create_session(study, code, "interview", "2026-02-17", "videoconference",
                                      attendees=["P02"], interviewers=["M1"])
    parsed = parse_fixture(HELD_OUT)
    transcript.insert_segments(study, [
        transcript.Segment(None, session.id, s.start_ms, parsed[i + 1].start_ms if i + 1 < len(parsed) else s.start_ms + 5000,
                           s.text, s.speaker) for i, s in enumerate(parsed)])
    return session.id


def known_name_tokens() -> set[str]:
    """Every part of every known name, as a lower-case accent-free word (for scanning output files)."""
    from echo_fieldwork.deid.words import WORD
    from echo_fieldwork.people.forms import fold

    return {fold(t) for _c, _r, name in PEOPLE for t in WORD.findall(name) if len(t) > 2}


def build_hard_cases(study, path: Path = HARD_CASES, code: str = "HC01", people: list = HARD_PEOPLE) -> int:
    """The hard-case people (with their aliases) and one session holding `path`'s transcript."""
    from echo_fieldwork.people import consent, identity, participants
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript import segments as transcript

    form = ready_form(study, "fr")
    for person_code, role, name, aliases in people:
        if participants.get_by_code(study, person_code) is None:
            p = participants.add_participant(study, person_code, role)
            identity.set_identity(study, identity.Identity(p.id, full_name=name))
            identity.set_aliases(study, p.id, aliases)
            consent.record_consent(study, p.id, form.id, "signed", {"audio", "quotes"})
    session = sessions.create_session(study, code, "interview", "2026-03-10", "in_person",
                                      attendees=[c for c, r, _n, _a in people if r == "participant"],
                                      interviewers=["M1"])
    parsed = parse_fixture(path)
    transcript.insert_segments(study, [
        transcript.Segment(None, session.id, s.start_ms, s.start_ms + 5000, s.text, s.speaker) for s in parsed])
    return session.id
