"""The 32 COREQ items (Tong, Sainsbury & Craig, 2007, Int J Qual Health Care 19(6):349–357), in order.

Wording is English source text marked with N_(); the French wording is in resources/locale/fr/reports.po.
"""

from __future__ import annotations

from echo_fieldwork.i18n import N_

# (domain, [(topic, [(number, item, guide question)])])
COREQ_DOMAINS: list[tuple[str, list[tuple[str, list[tuple[int, str, str]]]]]] = [
    (N_("Domain 1: Research team and reflexivity"), [
        (N_("Personal characteristics"), [
            (1, N_("Interviewer/facilitator"), N_("Which author/s conducted the interview or focus group?")),
            (2, N_("Credentials"), N_("What were the researcher's credentials? E.g. PhD, MD")),
            (3, N_("Occupation"), N_("What was their occupation at the time of the study?")),
            (4, N_("Gender"), N_("Was the researcher male or female?")),
            (5, N_("Experience and training"), N_("What experience or training did the researcher have?")),
        ]),
        (N_("Relationship with participants"), [
            (6, N_("Relationship established"), N_("Was a relationship established prior to study commencement?")),
            (7, N_("Participant knowledge of the interviewer"),
             N_("What did the participants know about the researcher? e.g. personal goals, reasons for doing "
                "the research")),
            (8, N_("Interviewer characteristics"),
             N_("What characteristics were reported about the interviewer/facilitator? e.g. Bias, assumptions, "
                "reasons and interests in the research topic")),
        ]),
    ]),
    (N_("Domain 2: Study design"), [
        (N_("Theoretical framework"), [
            (9, N_("Methodological orientation and Theory"),
             N_("What methodological orientation was stated to underpin the study? e.g. grounded theory, "
                "discourse analysis, ethnography, phenomenology, content analysis")),
        ]),
        (N_("Participant selection"), [
            (10, N_("Sampling"), N_("How were participants selected? e.g. purposive, convenience, consecutive, "
                                    "snowball")),
            (11, N_("Method of approach"), N_("How were participants approached? e.g. face-to-face, telephone, "
                                              "mail, email")),
            (12, N_("Sample size"), N_("How many participants were in the study?")),
            (13, N_("Non-participation"), N_("How many people refused to participate or dropped out? Reasons?")),
        ]),
        (N_("Setting"), [
            (14, N_("Setting of data collection"), N_("Where was the data collected? e.g. home, clinic, workplace")),
            (15, N_("Presence of non-participants"),
             N_("Was anyone else present besides the participants and researchers?")),
            (16, N_("Description of sample"),
             N_("What are the important characteristics of the sample? e.g. demographic data, date")),
        ]),
        (N_("Data collection"), [
            (17, N_("Interview guide"), N_("Were questions, prompts, guides provided by the authors? Was it pilot "
                                           "tested?")),
            (18, N_("Repeat interviews"), N_("Were repeat interviews carried out? If yes, how many?")),
            (19, N_("Audio/visual recording"),
             N_("Did the research use audio or visual recording to collect the data?")),
            (20, N_("Field notes"), N_("Were field notes made during and/or after the interview or focus group?")),
            (21, N_("Duration"), N_("What was the duration of the interviews or focus group?")),
            (22, N_("Data saturation"), N_("Was data saturation discussed?")),
            (23, N_("Transcripts returned"),
             N_("Were transcripts returned to participants for comment and/or correction?")),
        ]),
    ]),
    (N_("Domain 3: Analysis and findings"), [
        (N_("Data analysis"), [
            (24, N_("Number of data coders"), N_("How many data coders coded the data?")),
            (25, N_("Description of the coding tree"), N_("Did authors provide a description of the coding tree?")),
            (26, N_("Derivation of themes"), N_("Were themes identified in advance or derived from the data?")),
            (27, N_("Software"), N_("What software, if applicable, was used to manage the data?")),
            (28, N_("Participant checking"), N_("Did participants provide feedback on the findings?")),
        ]),
        (N_("Reporting"), [
            (29, N_("Quotations presented"),
             N_("Were participant quotations presented to illustrate the themes/findings? Was each quotation "
                "identified? e.g. participant number")),
            (30, N_("Data and findings consistent"),
             N_("Was there consistency between the data presented and the findings?")),
            (31, N_("Clarity of major themes"), N_("Were major themes clearly presented in the findings?")),
            (32, N_("Clarity of minor themes"),
             N_("Is there a description of diverse cases or discussion of minor themes?")),
        ]),
    ]),
]


def all_items() -> list[tuple[int, str, str]]:
    return [item for _domain, topics in COREQ_DOMAINS for _topic, items in topics for item in items]
