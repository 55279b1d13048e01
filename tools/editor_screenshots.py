#!/usr/bin/env python3
"""Render the transcript editor and the talk-time view (French UI) to docs/ for review.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tools/editor_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FOCUS_GROUP = [
    ("M1", "Bonjour à tous et merci d’être là ce matin."),
    ("M1", "Pour commencer, parlez-moi de votre première séance de télémentorat."),
    ("P01", "Moi, au début, j’étais assez stressée par la caméra."),
    ("P01", "Mais l’infirmière mentore était très patiente avec nous, elle prenait le temps d’expliquer."),
    ("P02", "Pour ma part, la connexion coupait souvent à l’urgence, surtout en soirée."),
    ("P03", "Je trouve que ça nous a fait gagner beaucoup de temps pour les cas complexes."),
    ("P04", "On n’avait pas toujours un local calme pour les appels."),
    ("M1", "Est-ce que d’autres ont vécu la même chose ?"),
    ("P05", "Oui, surtout les fins de semaine, c’était difficile de trouver un moment."),
    ("P02", "Et le soir, il n’y avait personne pour nous aider avec la plateforme."),
    ("P03", "[rires] On a appris à se débrouiller entre nous."),
    ("M1", "Qu’est-ce qui vous a le plus aidés, concrètement ?"),
    ("P04", "Les rencontres du jeudi, parce qu’on pouvait poser toutes nos questions."),
    ("P01", "Moi, c’est le fait de pouvoir revoir les enregistrements après."),
]


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.correction import edits as te
    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import insert_segments
    from tests.editor_data import make_session, make_speech, synthetic_transcript

    temp = Path(tempfile.mkdtemp(prefix="echo-editor-shots-"))
    os.environ["ECHO_FIELDWORK_HOME"] = str(temp / "home")
    app = QApplication([])
    set_language("fr")
    from echo_fieldwork.ui.i18n_qt import install_qt_translator

    install_qt_translator("fr")  # key names (Échap, Maj…) as the French app shows them
    study = Study.create(temp / "study", "Télémentorat — étude pilote", "fr", actor="AR1")
    session = make_session(study, "GD01")
    segments = make_speech(study, session.id, FOCUS_GROUP)
    # Words the model was unsure of (shown underlined) — as faster-whisper reports them.
    for index, word in ((4, 5), (5, 9), (12, 3)):
        study.db.execute("UPDATE segments SET words = json_set(words, ?, 0.31) WHERE id = ?",
                         [f"$[{word}].probability", segments[index].id])
    te.set_review_status(study, session.id, "corrected", actor="AR1")

    from echo_fieldwork.ui.correction.editor_window import EditorWindow

    window = EditorWindow(study, Settings(), session.id)
    window.resize(1280, 760)
    window.show()
    from PySide6.QtMultimedia import QMediaPlayer
    while window.player.player.mediaStatus() not in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                      QMediaPlayer.MediaStatus.BufferedMedia):
        app.processEvents()
    window.go_to_row(5)
    window.view.setFocus()
    window.editor.set_cursor_offset(len("Je trouve que ça"))
    window.player.seek(segments[4].start_ms + 1800)
    for _ in range(30):
        app.processEvents()
    window._position_changed(window.player.position())
    docs = ROOT / "docs"
    window.grab().save(str(docs / "screenshot-editor.png"))

    # Talk time of a realistic 90-minute group: the moderator and two participants dominate.
    long_session = make_session(study, "GD02")
    long = synthetic_transcript(long_session.id, 1400, seed=11)
    weights = {"M1": 0.3, "P01": 0.22, "P02": 0.18, "P03": 0.14, "P04": 0.1, "P05": 0.06}
    import random
    rng = random.Random(3)
    for seg in long:
        seg.speaker = rng.choices(list(weights), list(weights.values()))[0]
    insert_segments(study, long)
    window.talk_time.set_times(te.talk_time(study, long_session.id))
    window.talk_dock.resize(420, 230)
    widget = window.talk_time
    widget.resize(440, widget.sizeHint().height() + 8)
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(docs / "screenshot-talk-time.png"))
    window.close()
    study.close()
    print("saved docs/screenshot-editor.png and docs/screenshot-talk-time.png")


if __name__ == "__main__":
    main()
