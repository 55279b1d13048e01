#!/usr/bin/env python3
"""Render docs/screenshot-session.png: the session window at 1366×768 mid-focus-group, recording from the
PulseAudio null sink while espeak-ng speech plays into it (so the level meter shows real input), then
docs/screenshot-session-paused.png: the same window paused.

    PULSE_RUNTIME_PATH=/tmp/echo-fieldwork-pulse QT_QPA_PLATFORM=offscreen python tools/screenshot_session.py [fr|en] [OUT]

The first part of the session (13 min 40 s before a break) is a silent recording added directly, so the
timeline, notes and guide marks look like the middle of a real session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")
os.environ["PULSE_SOURCE"] = "echo_test.monitor"

NOTES = {
    "fr": [("P03 : « on n’a personne pour remplacer les infirmières pendant les séances »", ["key_quote"], 251_000, 2),
           ("Plusieurs hochements de tête quand P01 parle du manque de soutien informatique", ["nonverbal"], 448_000, 2),
           ("Connexion de P05 coupée 30 s", ["technical"], 702_000, 3),
           ("P02 revient sur l’arrimage avec les GMF", [], 779_000, 3)],
    "en": [("P03: “we have nobody to replace the nurses during sessions”", ["key_quote"], 251_000, 2),
           ("Several nods when P01 mentions the lack of IT support", ["nonverbal"], 448_000, 2),
           ("P05's connection dropped for 30 s", ["technical"], 702_000, 3),
           ("P02 comes back to links with family medicine groups", [], 779_000, 3)],
}


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "fr"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "docs" / "screenshot-session.png")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(tmp) / "home")
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
        from echo_fieldwork.audio.wavfile import WavAppender
        from echo_fieldwork.i18n import set_language
        from echo_fieldwork.sessions import fieldnotes
        from echo_fieldwork.sessions.guides import import_guide_file
        from echo_fieldwork.sessions.sessions import add_recording_row
        from echo_fieldwork.settings import Settings
        from echo_fieldwork.study.study import Study
        from echo_fieldwork.ui.sessions.session_window import SessionWindow
        from tests.sessions_helpers import make_session

        set_language(language)
        from echo_fieldwork.ui.i18n_qt import install_qt_translator

        install_qt_translator(language)
        study = Study.create(Path(tmp) / "study", "Télémentorat", "fr")
        guide = import_guide_file(study, ROOT / "interview_guides" / f"telementoring-leaders-{language}.yaml")
        session = make_session(study, attendees=("P01", "P02", "P03", "P04", "P05"), guide_id=guide.id)
        first_part = WavAppender(study.audio_dir / "FG1.wav", 16000)
        first_part.write(b"\0\0" * 16000 * 820)
        first_part.close()
        add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="complete",
                          sample_rate=16000, duration_ms=820_000)
        keys = [q.key for q in guide.questions]
        for key, ms in zip(keys[:3], (95_000, 302_000, 611_000)):
            fieldnotes.mark_question(study, session.id, key, recording_ms=ms)
        for text, tags, ms, question in NOTES[language]:
            fieldnotes.add_note(study, session.id, text, recording_ms=ms, question_key=keys[question], tags=tags)
        settings = Settings()
        settings.set("input_device", "pulse")
        window = SessionWindow(study, session.id, settings)
        window.resize(1366, 768)  # a common laptop screen
        window.show()
        window.guide_panel.go_to(3)
        window.guide_panel.section_elapsed_ms.update({guide.sections[0].key: 361_000, guide.sections[1].key: 459_000})
        window.recording_panel.start_recording()
        speech = Path(tmp) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", "fr+m3", "-w", str(speech),
                        "Le financement reste la grande question pour nous."], check=True)
        player = subprocess.Popen(["paplay", "--device=echo_test", str(speech)])
        started = time.monotonic()
        while time.monotonic() - started < 2.0:   # let real audio reach the meter
            app.processEvents()
            time.sleep(0.02)
        window.log_speaker(window.speakers.attendees[1][0])
        window.notes_panel.entry.setText("P02 : le financement" if language == "fr" else "P02: funding")
        app.processEvents()
        window.grab().save(str(out))
        window.recording_panel.toggle_pause()
        app.processEvents()
        window.grab().save(str(out.with_name(out.stem + "-paused" + out.suffix)))
        player.wait()
        window.close()
        study.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
