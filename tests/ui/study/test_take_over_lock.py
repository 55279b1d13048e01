"""Opening a study whose lock names another computer: the app asks, naming the computer and the time."""

from __future__ import annotations

import json

from echo_fieldwork.study.lock import LOCK_NAME
from echo_fieldwork.study.study import Study


def test_the_ui_asks_before_taking_over_a_lock(tmp_path, qtbot, monkeypatch):
    folder = tmp_path / "study"
    Study.create(folder, "Étude", "fr", actor="RA1").close()
    from PySide6.QtWidgets import QMessageBox

    from echo_fieldwork.settings import Settings
    from echo_fieldwork.ui.main_window import MainWindow

    (folder / LOCK_NAME).write_text(json.dumps({"host": "poste-labo-3", "pid": 4242, "user": "ra2",
                                               "since": "2026-03-02T09:15:00+00:00"}), encoding="utf-8")
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return answer.reply

    monkeypatch.setattr(QMessageBox, "question", answer)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    answer.reply = QMessageBox.StandardButton.No
    assert window.open_study(folder) is False
    assert "poste-labo-3" in asked[0] and "2026-03-02T09:15:00" in asked[0]
    assert json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))["host"] == "poste-labo-3"
    answer.reply = QMessageBox.StandardButton.Yes
    assert window.open_study(folder) is True
    assert window.study.db.execute("SELECT count(*) FROM audit_log WHERE action = 'study.lock_take_over'"
                                   ).fetchone()[0] == 1
    window.close_study()
