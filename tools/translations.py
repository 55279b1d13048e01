#!/usr/bin/env python3
"""Compare the translatable strings in the code with the French catalog.

    python tools/translations.py            # list missing and unused French entries
    python tools/translations.py --add FILE # append missing msgids (empty msgstr) to FILE for translating

Strings are found by reading the code (ast): `_("…")`, `N_("…")`, `ngettext("…", "…", n)`,
`pgettext("ctx", "…")`, and `catalog.gettext("…")` (documents in a given language). The test suite runs the same comparison.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from echo_fieldwork.i18n import parse_po


def extract_messages(package: Path = ROOT / "echo_fieldwork") -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> first 'file:line' where it appears."""
    found: dict[tuple[str | None, str], str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            # _("…") and friends, and catalog.gettext("…") for documents written in a given language.
            if isinstance(node.func, ast.Name):
                name = node.func.id
            elif isinstance(node.func, ast.Attribute) and node.func.attr in ("gettext", "ngettext", "pgettext"):
                name = {"gettext": "_"}.get(node.func.attr, node.func.attr)
            else:
                continue
            args = node.args
            strings = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in args]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("_", "N_") and strings and strings[0] is not None:
                found.setdefault((None, strings[0]), where)
            elif name == "ngettext" and len(strings) >= 2 and strings[0] is not None:
                found.setdefault((None, strings[0]), where)
            elif name == "pgettext" and len(strings) >= 2 and strings[0] is not None and strings[1] is not None:
                found.setdefault((strings[0], strings[1]), where)
    return found


def catalog_entries(language: str = "fr") -> dict[tuple[str | None, str], object]:
    entries = {}
    for po_file in sorted((ROOT / "resources" / "locale" / language).glob("*.po")):
        for entry in parse_po(po_file.read_text(encoding="utf-8"), str(po_file)):
            entries[(entry.msgctxt, entry.msgid)] = entry
    return entries


def untranslated(language: str = "fr") -> dict[tuple[str | None, str], str]:
    entries = catalog_entries(language)
    missing = {}
    for key, where in extract_messages().items():
        entry = entries.get(key)
        if entry is None or not (entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values()))):
            missing[key] = where
    return missing


def unused(language: str = "fr") -> list[tuple[str | None, str]]:
    in_code = extract_messages()
    return [key for key in catalog_entries(language) if key[1] and key not in in_code]


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--add", type=Path, help="append missing entries to this .po file")
    args = parser.parse_args()
    missing = untranslated()
    entries = catalog_entries()
    if args.add:
        with args.add.open("a", encoding="utf-8") as handle:
            for (context, msgid), where in missing.items():
                if (context, msgid) in entries:
                    continue
                handle.write(f"\n#: {where}\n")
                if context:
                    handle.write(f"msgctxt {_po_quote(context)}\n")
                handle.write(f"msgid {_po_quote(msgid)}\nmsgstr \"\"\n")
        print(f"appended {len(missing)} entries to {args.add}")
        return 0
    for (context, msgid), where in missing.items():
        print(f"missing  {where}: {msgid!r}" + (f" [{context}]" if context else ""))
    for _context, msgid in unused():
        print(f"unused   {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
