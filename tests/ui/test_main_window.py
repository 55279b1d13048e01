from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.main_window import MainWindow


def test_create_a_study_then_reopen_it_from_recent(qtbot, settings, tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.welcome
    assert window.create_study(tmp_path / "pilot", "Pilot study", "fr")
    assert window.stack.currentWidget() is window.tabs
    assert "Pilot study" in window.windowTitle()
    window.close_study()
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.recent_list.count() == 1
    folder = window.welcome.recent_list.item(0).data(256)
    window.welcome.recent_study_chosen.emit(folder)
    assert window.study is not None and window.study.title == "Pilot study"
    window.close()


def test_opening_a_locked_study_shows_who_holds_it(qtbot, settings, tmp_path: Path, monkeypatch):
    holder = Study.create(tmp_path / "s", "Pilot")
    (holder.folder / "study.lock").write_text('{"host": "other-laptop", "pid": 1, "user": "ra2", "since": "x"}')
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a: asked.append(text) or
                        QMessageBox.StandardButton.No)  # another computer: the app asks before taking over
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert not window.open_study(holder.folder)
    assert asked and "other-laptop" in asked[0]
    assert window.study is None
    holder.db.close()


def test_a_tab_shows_what_other_tabs_and_windows_changed(qtbot, settings, tmp_path: Path):
    """A session created elsewhere (another tab, the session window) appears when the user looks at a tab."""
    from echo_fieldwork.sessions.sessions import create_session
    from echo_fieldwork.ui.study.overview_widget import OverviewWidget
    from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "pilot", "Pilot study", "fr")
    tabs = {type(window.tabs.widget(i)): i for i in range(window.tabs.count())}
    transcription = window.tabs.widget(tabs[TranscriptionWidget])
    overview = window.tabs.widget(tabs[OverviewWidget])
    assert transcription.session_list.count() == 0
    create_session(window.study, "FG1", "focus_group", "2026-11-20", "in_person")
    window.tabs.setCurrentIndex(tabs[TranscriptionWidget])
    assert [transcription.session_list.item(i).text()[:3] for i in range(transcription.session_list.count())] == ["FG1"]
    window.tabs.setCurrentIndex(tabs[OverviewWidget])
    assert overview.sessions_table.rowCount() == 1
    # Back from another window (e.g. the session window) to the tab already on screen.
    create_session(window.study, "FG2", "focus_group", "2026-11-21", "in_person")
    window.activateWindow()
    window.refresh_current_tab()  # what the window's activation calls; offscreen has no real activation
    assert overview.sessions_table.rowCount() == 2
    window.close()


def test_quitting_during_a_recording_asks_first(qtbot, settings, tmp_path: Path, monkeypatch):
    from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget
    from tests.sessions_helpers import fake_stream, make_session

    fake_stream(monkeypatch)  # this test is about the question; the real capture is tested with the null sink
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "pilot", "Pilot study", "fr")
    session = make_session(window.study)
    sessions_tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
                        if isinstance(window.tabs.widget(i), SessionsWidget))
    session_window = sessions_tab.open_session(session.id)
    assert session_window.recording_panel.start_recording()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **kw: asked.append(a[2]) or QMessageBox.StandardButton.No)
    window.close_action.trigger()
    window.close()
    assert window.study is not None and session_window.recording_panel.recording
    assert len(asked) == 2 and "A recording is in progress in session FG1." in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **kw: QMessageBox.StandardButton.Yes)
    study = window.study
    db_path = study.folder / "study.sqlite"
    window.close()
    assert window.study is None
    from echo_fieldwork.study.study import Study as StudyClass

    reopened = StudyClass.open(db_path.parent)
    assert [r["status"] for r in reopened.db.query("SELECT status FROM recordings")] == ["complete"]
    reopened.close()


def test_switching_studies_asks_before_stopping_a_recording(qtbot, settings, tmp_path: Path, monkeypatch):
    from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget

    other = Study.create(tmp_path / "other", "Other study")
    other.close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.create_study(tmp_path / "pilot", "Pilot study", "fr")
    sessions_tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
                        if isinstance(window.tabs.widget(i), SessionsWidget))
    # A modal question cannot be clicked offscreen: answer it through QMessageBox.question.
    monkeypatch.setattr(sessions_tab, "running_work", lambda: "A recording is in progress in session FG1.")
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: answers.pop(0))
    answers.append(QMessageBox.StandardButton.No)
    assert not window.open_study(tmp_path / "other")
    assert window.study.title == "Pilot study"
    answers.append(QMessageBox.StandardButton.Yes)
    assert window.open_study(tmp_path / "other")
    assert window.study.title == "Other study"
    window.close()


def test_every_tab_is_a_study_tab_and_stops_while_the_study_is_open(qtbot, settings, tmp_path: Path, monkeypatch):
    from echo_fieldwork.ui.common.study_tab import StudyTab
    from echo_fieldwork.ui.main_window import STUDY_TABS

    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.create_study(tmp_path / "pilot", "Pilot study", "fr")
    tabs = window.study_tabs()
    assert [type(tab) for tab in tabs] == STUDY_TABS and all(isinstance(tab, StudyTab) for tab in tabs)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [tab.windowTitle() for tab in tabs]
    # The Study menu holds what the tabs contribute, then the study's encryption (a plaintext study here).
    texts = [action.text() for action in window.study_menu.actions()]
    assert texts and texts == [action.text() for tab in tabs for action in tab.menu_actions()] + [
        "", "&Encrypt this study…"]
    assert [tab.running_work() for tab in tabs] == [""] * len(tabs)
    stopped = []
    for tab in tabs:
        original = tab.shutdown
        monkeypatch.setattr(tab, "shutdown", lambda t=tab, run=original: (
            stopped.append((type(t).__name__, window.study is not None and window.study.db is not None)), run()))
    window.close_study()
    assert stopped == [(cls.__name__, True) for cls in STUDY_TABS]
    assert window.tabs.count() == 0 and not window.study_menu.actions()


def test_a_study_tab_has_a_default_for_each_method(qtbot, study, settings):
    from echo_fieldwork.ui.common.study_tab import StudyTab

    tab = StudyTab(study, settings)
    qtbot.addWidget(tab)
    assert (tab.study, tab.settings) == (study, settings)
    tab.refresh()
    tab.shutdown()
    assert tab.menu_actions() == [] and tab.running_work() == ""
