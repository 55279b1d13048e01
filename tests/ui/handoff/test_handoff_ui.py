"""The hand-off in the app: send from the Transcripts tab, open the package from the File menu as a workspace,
correct and return it, receive it with a conflict resolved in the side-by-side dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from echo_fieldwork.correction import edits
from echo_fieldwork.handoff.exchange import out_for_correction, workspace_info
from echo_fieldwork.handoff.merge import EDIT, KEEP_THEIRS
from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget
from echo_fieldwork.ui.handoff.handoff_dialogs import ConflictDialog, SendDialog
from echo_fieldwork.ui.main_window import MainWindow
from tests.handoff.conftest import fast_scrypt  # noqa: F401
from tests.handoff.handoff_helpers import PASSPHRASE, TEXTS, fill_origin, segment_ids, texts


def _transcripts_tab(window: MainWindow) -> TranscriptsWidget:
    return next(window.tabs.widget(i) for i in range(window.tabs.count())
                if isinstance(window.tabs.widget(i), TranscriptsWidget))


def test_send_open_return_and_receive_with_a_conflict(qtbot, study, settings, tmp_path: Path, monkeypatch):
    session_id = fill_origin(study)
    ids = segment_ids(study, session_id)
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    assert tab.send_button.isVisibleTo(tab) and not tab.return_button.isVisibleTo(tab)

    dialog = SendDialog(study, tab, session_code="FG1")
    qtbot.addWidget(dialog)
    dialog.to.setText("RA2")
    dialog.out.setText(str(tmp_path / "FG1.efpkg"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.confirm.setText(PASSPHRASE + "x")
    assert "differ" in _error_of(dialog.values)
    dialog.confirm.setText(PASSPHRASE)
    with qtbot.waitSignal(tab.handoff_finished, timeout=60_000) as sent:
        tab.send(*dialog.values())
        # The package is written off the UI thread: the tab says so and the hand-off buttons wait.
        assert tab.handoff_label.isVisibleTo(tab) and not tab.send_button.isEnabled()
    assert sent.args == [tmp_path / "FG1.efpkg"] and (tmp_path / "FG1.efpkg").is_file()
    assert not tab.handoff_label.isVisibleTo(tab) and tab.send_button.isEnabled()
    row = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())].index("FG1")
    assert "out for correction (RA2" in tab.table.item(row, 4).text()

    # The assistant's computer: File ▸ Open a correction package.
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_package_action in window.file_menu.actions()
    assert window.open_package(tmp_path / "FG1.efpkg", tmp_path / "ws", PASSPHRASE)
    assert workspace_info(window.study)["code"] == "FG1"
    # No participants' overview (it would show every consent missing), no reports, no export buttons: the
    # workspace has no consent or withdrawal records; only the deidentification review stays.
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Sessions", "Automatic transcription", "Transcripts", "Exports"], titles
    exports_tab = next(window.tabs.widget(i) for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Exports")
    assert exports_tab.review_button.isVisibleTo(exports_tab)
    assert not exports_tab.export_button.isVisibleTo(exports_tab) and not exports_tab.notes_button.isVisibleTo(exports_tab)
    assert not [a for a in window.study_menu.actions() if a.text() == "Export transcripts…"]
    ws_tab = _transcripts_tab(window)
    assert ws_tab.return_button.isVisibleTo(ws_tab) and not ws_tab.send_button.isVisibleTo(ws_tab)
    assert [ws_tab.table.item(r, 0).text() for r in range(ws_tab.table.rowCount())] == ["FG1"]
    editor = ws_tab.open_editor(session_id)
    assert editor.model.rowCount() == len(TEXTS)
    editor.close()
    edits.set_text(window.study, ids[1], "[NOM] travaille à [VILLE] depuis dix ans.")
    edits.set_text(window.study, ids[2], "Le télémentorat nous aide vraiment beaucoup.")
    with qtbot.waitSignal(ws_tab.handoff_finished, timeout=60_000) as returned:
        ws_tab.return_to(tmp_path / "FG1-back.efpkg", PASSPHRASE)
    back = returned.args[0]
    assert back is not None and back.is_file()
    window.close_study()

    # Back in the study, the same segment was changed meanwhile: the conflict dialog decides.
    edits.set_text(study, ids[1], "Gisèle Ouellette travaille à Rimouski depuis 10 ans.")
    seen = []

    def resolve(self):
        seen.append([(c.mine[0].text, c.theirs[0].text) for c in self.plan.conflicts])
        assert not self.buttons.button(self.buttons.StandardButton.Ok).isEnabled()   # nothing chosen by default
        self.choose(0, EDIT, "[NOM] travaille à [VILLE] depuis 10 ans.")
        assert self.buttons.button(self.buttons.StandardButton.Ok).isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", resolve)
    with qtbot.waitSignal(tab.handoff_finished, timeout=60_000) as received:
        tab.receive_file(tmp_path / "FG1-back.efpkg", PASSPHRASE)
    change = received.args[0]
    assert change is not None
    assert seen == [[("Gisèle Ouellette travaille à Rimouski depuis 10 ans.",
                      "[NOM] travaille à [VILLE] depuis dix ans.")]]
    assert texts(study, session_id)[1:3] == ["[NOM] travaille à [VILLE] depuis 10 ans.",
                                             "Le télémentorat nous aide vraiment beaucoup."]
    assert session_id not in out_for_correction(study)
    assert "out for correction" not in tab.table.item(row, 4).text()
    # Received twice: an error, nothing changed.
    with qtbot.waitSignal(tab.handoff_finished, timeout=60_000) as again:
        tab.receive_file(tmp_path / "FG1-back.efpkg", PASSPHRASE)
    assert again.args == [None]
    boxes = [w for w in tab.findChildren(QMessageBox) if w.objectName() == "errorMessageBox"]
    assert boxes and "already received" in boxes[-1].text() + boxes[-1].informativeText()
    for box in boxes:
        box.close()


def test_the_conflict_dialog_keeps_theirs(qtbot, study, tmp_path):
    from echo_fieldwork.handoff.exchange import open_workspace, return_workspace, send_session
    from echo_fieldwork.handoff.merge import plan_merge, read_return

    session_id = fill_origin(study)
    ids = segment_ids(study, session_id)
    send_session(study, "FG1", "RA2", tmp_path / "p.efpkg", PASSPHRASE)
    with open_workspace(tmp_path / "p.efpkg", tmp_path / "ws", PASSPHRASE) as workspace:
        edits.set_text(workspace, ids[0], "Salut tout le monde.")
        return_workspace(workspace, tmp_path / "b.efpkg", PASSPHRASE)
    edits.set_text(study, ids[0], "Bonjour à toutes et à tous.")
    plan = plan_merge(study, read_return(study, tmp_path / "b.efpkg", PASSPHRASE))
    dialog = ConflictDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.findChild(type(dialog.edits[0]), "conflict0_mine_text").toPlainText() == "M1: Bonjour à toutes et à tous."
    assert dialog.findChild(type(dialog.edits[0]), "conflict0_theirs_text").toPlainText() == "M1: Salut tout le monde."
    assert dialog.resolutions() == {}
    dialog.findChild(type(dialog.choices[0].buttons()[0]), f"conflict0_{KEEP_THEIRS}").click()
    assert dialog.resolutions()[0].choice == KEEP_THEIRS


def _error_of(function) -> str:
    from echo_fieldwork.errors import UserError

    try:
        function()
    except UserError as error:
        return str(error)
    return ""


def test_a_package_that_cannot_be_written_is_a_sentence(qtbot, study, settings, tmp_path: Path):
    """The folder chosen for the package is gone (a USB key pulled out): the operating system's error reaches the
    tab from the worker thread and is shown as a sentence; nothing is marked out for correction."""
    fill_origin(study)
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    gone = tmp_path / "usb-key-removed" / "FG1.efpkg"
    with qtbot.waitSignal(tab.handoff_finished, timeout=60_000) as sent:
        tab.send("FG1", "RA2", gone, PASSPHRASE)
    assert sent.args == [None] and not gone.exists()
    assert out_for_correction(study) == {}
    boxes = [w for w in tab.findChildren(QMessageBox) if w.objectName() == "errorMessageBox"]
    text = boxes[-1].text()
    assert "usb-key-removed" in text and "Traceback" not in text and "Something went wrong" not in text
    assert tab.send_button.isEnabled()
    for box in boxes:
        box.close()
