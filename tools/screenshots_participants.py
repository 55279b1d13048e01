#!/usr/bin/env python3
"""Render the French overview and questionnaire screenshots for docs/ from a small realistic study.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_participants.py [OUTPUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_study(folder: Path):
    from echo_fieldwork.people import consent, questionnaire
    from echo_fieldwork.people.forms import default_form
    from echo_fieldwork.people.identity import Identity, set_identity
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.study.study import Study

    study = Study.create(folder, "Télémentorat ECHO — étude d’implantation", "fr", actor="Agente de recherche")
    import re

    def filled(language: str) -> str:   # the team fills the template's [À COMPLÉTER : …] fields
        return re.sub(r"\[(À COMPLÉTER|TO COMPLETE)[^\]]*\]", "Télémentorat ECHO", consent.latest_form(study, language).body)

    form_fr = consent.edit_form(study, consent.latest_form(study, "fr").id, body=filled("fr"),
                                ethics_reference="MP-21-2026-4187", ethics_approval_date="2026-09-15")
    consent.edit_form(study, consent.latest_form(study, "en").id, body=filled("en"),
                      ethics_reference="MP-21-2026-4187", ethics_approval_date="2026-09-15")
    form = default_form()
    people = [
        ("P01", "medical_lead", "woman", "45_54", 6, "CIUSSS du Centre-Sud", ("audio", "quotes", "contact")),
        ("P02", "coordinator", "woman", "35_44", 3, "CISSS de Laval", ("audio", "quotes")),
        ("P03", "manager", "man", "55_64", 8, "CIUSSS de l’Est", ("audio",)),
        ("P04", "director", "prefer_not", "45_54", 2, "", ("audio", "quotes", "contact")),
        ("P05", "coordinator", "man", "25_34", 1, "Clinique Saint-Laurent", None),
        ("P06", "manager", "woman", "35_44", 4, "CISSS des Laurentides", None),
    ]
    ids = {}
    for code, role, gender, age, years, employer, agreed in people:
        p = add_participant(study, code)
        ids[code] = p.id
        set_identity(study, Identity(p.id, full_name=f"Personne {code}"))
        if agreed is not None:
            consent.record_consent(study, p.id, form_fr.id, "signed" if code != "P03" else "paper", set(agreed),
                                   consented_at="2026-10-0" + code[-1])
        if code != "P06":
            answers = {"program_role": role, "gender": gender, "age_band": age, "years_involved": years}
            if employer:
                answers["employer"] = employer
            questionnaire.save_answers(study, p.id, form, answers)
    for code in ("M1", "M2"):
        add_participant(study, code, "interviewer")
    fg = sessions.create_session(study, "FG1", "focus_group", "2026-10-14", "in_person",
                                 attendees=["P01", "P02", "P04"], interviewers=["M1", "M2"])
    sessions.add_recording_row(study, fg.id, "audio/FG1.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=(52 * 60 + 17) * 1000)
    interview = sessions.create_session(study, "E1", "interview", "2026-10-21", "videoconference",
                                        attendees=["P03"], interviewers=["M1"])
    sessions.add_recording_row(study, interview.id, "audio/E1.wav", source="imported", status="complete",
                               sample_rate=16000, duration_ms=(31 * 60 + 40) * 1000)
    consent.record_withdrawal(study, ids["P04"], "email", {"no_quotes", "no_future_contact"},
                              withdrawn_at="2026-11-02", note="Demande reçue par courriel.")
    return study


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.settings import Settings

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ECHO_FIELDWORK_HOME", tempfile.mkdtemp())
    set_language("fr")
    app = QApplication.instance() or QApplication([])
    from echo_fieldwork.ui.i18n_qt import install_qt_translator
    from echo_fieldwork.ui.main_window import MainWindow

    install_qt_translator("fr")
    from echo_fieldwork.ui.people.questionnaire_dialog import QuestionnaireDialog

    folder = Path(tempfile.mkdtemp()) / "Telementorat_ECHO"
    build_study(folder).close()
    window = MainWindow(Settings())
    window.resize(1280, 860)
    window.show()
    window.open_study(folder)
    app.processEvents()
    window.grab().save(str(out / "screenshot-main-window.png"))  # the study as it opens
    overview = window.tabs.widget(0)
    overview.select_code("P03")
    app.processEvents()
    window.grab().save(str(out / "screenshot-overview.png"))

    overview.select_code("P06")
    dialog = QuestionnaireDialog(window.study, overview.selected_participant(), overview.form, window)
    dialog.choice_buttons["program_role"]["manager"].setChecked(True)
    dialog.choice_buttons["gender"]["woman"].setChecked(True)
    dialog.choice_buttons["age_band"]["35_44"].setChecked(True)
    dialog.line_edits["years_involved"].setText("-4")
    dialog.line_edits["employer"].setText("CISSS des Laurentides")
    dialog.resize(700, 730)
    dialog.show()
    dialog.accept()  # shows the inline error on "years involved", saves nothing
    app.processEvents()
    dialog.grab().save(str(out / "screenshot-questionnaire.png"))
    dialog.reject()
    window.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
