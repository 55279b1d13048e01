"""Every string the user can see is translated into French, and the catalog holds nothing stale."""

import sys

from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tools"))
import translations  # noqa: E402


def test_every_string_in_the_code_has_a_french_translation():
    missing = translations.untranslated("fr")
    assert not missing, "untranslated (run tools/translations.py --add resources/locale/fr/<area>.po):\n" + "\n".join(
        f"{where}: {msgid!r}" for (_ctx, msgid), where in missing.items())


def test_the_french_catalog_has_no_stale_entries():
    stale = translations.unused("fr")
    assert not stale, "entries no longer in the code:\n" + "\n".join(repr(m) for _c, m in stale)


def test_translations_keep_their_placeholders():
    import re

    problems = []
    for (ctx, msgid), entry in translations.catalog_entries("fr").items():
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated and set(re.findall(r"\{\w*\}", msgid)) - set(re.findall(r"\{\w*\}", translated)) - {"{n}"}:
                problems.append(msgid)
    assert not problems, problems
