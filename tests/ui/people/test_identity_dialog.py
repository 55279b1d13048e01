"""The identity screen edits a participant's other names (aliases) with their name; the audit holds counts."""

from __future__ import annotations

import json

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.people import identity, participants
from echo_fieldwork.ui.people.identity_dialog import IdentityDialog


def test_aliases_are_edited_with_the_name(qtbot, study):
    participant = participants.add_participant(study, "P07")
    identity.set_identity(study, identity.Identity(participant.id, full_name="Emmanuel Pelletier"))
    identity.set_aliases(study, participant.id, ["Manu"])
    dialog = IdentityDialog(study, participant)
    qtbot.addWidget(dialog)
    assert dialog.aliases_edit.toPlainText() == "Manu"

    dialog.edits["phone"].setText("514-555-0100")
    dialog.aliases_edit.setPlainText("Manu\n\n  Mano  \nManu")
    dialog.accept()
    assert identity.get_aliases(study, participant.id) == ["Manu", "Mano"]
    assert identity.get_identity(study, participant.id).phone == "514-555-0100"
    # The deidentification finds the new alias.
    [found] = deid_detect.detect_texts(["Mano était là."], deidentify.name_index(study), "fr", use_ner=False)
    assert [(d.original, d.code) for d in found] == [("Mano", "P07")]

    rows = study.db.execute("SELECT action, entity_id, detail FROM audit_log WHERE action LIKE 'identity.%'").fetchall()
    assert [row[0] for row in rows][-2:] == ["identity.update", "identity.aliases"]
    assert json.loads(rows[-1][2]) == {"count": 2}
    text = json.dumps(rows, ensure_ascii=False).casefold()
    assert "mano" not in text and "manu" not in text and "pelletier" not in text


def test_an_error_saves_neither_the_name_nor_the_aliases(qtbot, study, monkeypatch):
    """The name and the other names are saved together or not at all (the failure is simulated)."""
    from echo_fieldwork.errors import UserError

    participant = participants.add_participant(study, "P08")
    dialog = IdentityDialog(study, participant)
    qtbot.addWidget(dialog)
    dialog.edits["full_name"].setText("Martin Blanchette")
    dialog.aliases_edit.setPlainText("Tino")

    def refuse(*_args):
        raise UserError("refused")

    monkeypatch.setattr(identity, "set_aliases", refuse)
    shown = []
    monkeypatch.setattr("echo_fieldwork.ui.people.identity_dialog.show_error", lambda _parent, error: shown.append(error))
    dialog.accept()
    assert [error.message for error in shown] == ["refused"]
    assert dialog.result() != dialog.DialogCode.Accepted
    assert identity.get_identity(study, participant.id).full_name == ""   # rolled back with the aliases
