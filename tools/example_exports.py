#!/usr/bin/env python3
"""Regenerate the example exports in docs/examples/: the French example focus group of the tests
(tests/exports_helpers.py: seven people with made-up names, one withdrawn with removal of their words,
one who asked not to be quoted, three field notes), deidentified and exported as a REFI-QDA project
(.qdpx), a Word document and a MAXQDA text, as a user would get them.

    python tools/example_exports.py [OUT_DIR]

The study is built in a temporary folder and deleted afterwards; only the three exports are kept.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = {"qdpx": "FG01.qdpx", "docx": "FG01.docx", "maxqda": "FG01_maxqda.txt"}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "examples"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(tmp) / "home")
        from echo_fieldwork.deid import deidentify
        from echo_fieldwork.export import runner
        from echo_fieldwork.study.study import Study
        from tests.exports_helpers import build_focus_group

        with Study.create(Path(tmp) / "study", "Télémentorat — étude pilote (exemple)", "fr",
                          actor="RA1") as study:
            session_id = build_focus_group(study)
            deidentify.run_detection(study, session_id, use_ner=False)
            deidentify.mark_reviewed(study, session_id)
            for fmt, name in EXAMPLES.items():
                [path] = runner.export_sessions(study, [session_id], fmt, Path(tmp) / "exports")
                shutil.copyfile(path, out / name)
                os.chmod(out / name, 0o644)  # an example for readers of the repository, not a study's export
                print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
