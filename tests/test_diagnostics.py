"""Help → Copy diagnostic info: versions, model, devices, recent errors — and no names."""

from __future__ import annotations

import logging

from echo_fieldwork import diagnostics, logs


def test_the_report_has_versions_model_devices_and_recent_errors_but_no_names(fresh_log, settings, tmp_path):
    settings.add_recent_study(tmp_path / "Entrevues Lucie Gagnon")  # study folders can carry names
    settings.set("model", "base")
    logs.register_private_terms(["Lucie Gagnon"])
    log = logging.getLogger("echo_fieldwork.transcription.runner")
    log.info("an ordinary event")
    log.error("decoder failed for Lucie Gagnon")
    try:
        raise OSError("cannot read /tmp/Lucie Gagnon.wav")
    except OSError:
        log.exception("import failed")

    report = diagnostics.collect(settings, {"Qt": "6.x"})

    for label in ("echo_fieldwork:", "Python:", "Qt: 6.x", "faster-whisper:", "ctranslate2:", "PyAV:", "OS:",
                  "Model: base", "Audio input devices:"):
        assert label in report, label
    assert "decoder failed for [private]" in report
    assert "import failed" in report and "OSError" in report
    assert "an ordinary event" not in report  # only warnings and errors
    assert "Lucie" not in report and "Gagnon" not in report and "Entrevues" not in report


def test_the_model_line_says_where_the_model_comes_from_without_assembling_it(settings):
    from echo_fieldwork.paths import model_store_dir

    line = diagnostics.model_description(settings)
    assert line.startswith("base") and "default" in line
    assert not (model_store_dir() / "base").exists()


def test_a_broken_audio_system_does_not_stop_the_report(settings, monkeypatch):
    import sounddevice

    def broken():
        raise sounddevice.PortAudioError("no host api")

    monkeypatch.setattr(sounddevice, "query_devices", broken)
    assert diagnostics.input_devices() == ["unavailable (PortAudioError)"]
    assert "unavailable (PortAudioError)" in diagnostics.collect(settings)


def test_copy_diagnostic_info_puts_the_report_on_the_clipboard(qtbot, settings):
    from PySide6.QtGui import QGuiApplication

    from echo_fieldwork.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.diagnostics_action in window.help_menu.actions()
    window.diagnostics_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("echo_fieldwork diagnostic information") and "Qt: 6." in copied


def test_the_cli_prints_the_same_report(capsys):
    from echo_fieldwork.cli.main import run_cli

    assert run_cli(["diagnostics"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("echo_fieldwork diagnostic information") and "Audio input devices:" in out
