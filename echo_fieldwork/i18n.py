"""One translation scheme for the core, the CLI and the UI: gettext-style `_()`, `N_()` and `ngettext()`.

Source strings are English. Translations live in `resources/locale/<lang>/*.po`, one file per area
of the app (so that areas can grow independently); every file of a language is read into one catalog.
Reading the .po text directly needs no compile step in development, in CI or in the bundle.
Qt's own dialogs are translated separately by a QTranslator (see `ui/i18n_qt.py`).
"""

from __future__ import annotations

import ast
import locale
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from echo_fieldwork.resources import resource_path

SUPPORTED_LANGUAGES = ("fr", "en")


@dataclass
class PoEntry:
    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    msgctxt: str | None = None
    line: int = 0


def parse_po(text: str, source: str = "<po>") -> list[PoEntry]:
    """Parse the subset of the .po format we write: msgctxt, msgid, msgid_plural, msgstr, msgstr[n]."""
    entries: list[PoEntry] = []
    current: dict[str, str] = {}
    current_key: str | None = None
    start_line = 0

    def flush() -> None:
        nonlocal current, current_key
        if "msgid" in current:
            plural = {int(k[7:-1]): v for k, v in current.items() if k.startswith("msgstr[")}
            entries.append(
                PoEntry(
                    msgid=current["msgid"],
                    msgstr=current.get("msgstr", ""),
                    msgid_plural=current.get("msgid_plural"),
                    msgstr_plural=plural,
                    msgctxt=current.get("msgctxt"),
                    line=start_line,
                )
            )
        current, current_key = {}, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        if line.startswith('"'):
            if current_key is None:
                raise ValueError(f"{source}:{number}: continuation line without a keyword")
            current[current_key] += _unquote(line, source, number)
            continue
        keyword, _sep, rest = line.partition(" ")
        # A new msgctxt, or a msgid after a complete entry, starts the next entry.
        if keyword == "msgctxt" or (keyword == "msgid" and "msgid" in current):
            flush()
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"{source}:{number}: unknown keyword {keyword!r}")
        if not current:
            start_line = number
        current_key = keyword
        current[keyword] = _unquote(rest.strip(), source, number)
    flush()
    return entries


def _unquote(token: str, source: str, number: int) -> str:
    if not (len(token) >= 2 and token[0] == '"' and token[-1] == '"'):
        raise ValueError(f"{source}:{number}: expected a quoted string")
    try:
        return ast.literal_eval(token)
    except (ValueError, SyntaxError) as error:
        raise ValueError(f"{source}:{number}: bad string ({error})") from None


class Catalog:
    """The translations of one language, merged from all of its .po files."""

    def __init__(self, language: str, entries: list[PoEntry] | None = None) -> None:
        self.language = language
        self._singular: dict[tuple[str | None, str], str] = {}
        self._plural: dict[tuple[str | None, str], dict[int, str]] = {}
        for entry in entries or []:
            key = (entry.msgctxt, entry.msgid)
            if entry.msgid_plural is not None:
                if all(entry.msgstr_plural.values()) and entry.msgstr_plural:
                    self._plural[key] = entry.msgstr_plural
            elif entry.msgstr:
                self._singular[key] = entry.msgstr

    def gettext(self, message: str) -> str:
        return self._singular.get((None, message), message)

    def pgettext(self, context: str, message: str) -> str:
        return self._singular.get((context, message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._plural.get((None, singular))
        if not forms:
            return singular if n == 1 else plural
        index = self._plural_index(n)
        return forms.get(index, forms[max(forms)])

    def _plural_index(self, n: int) -> int:
        if self.language == "fr":
            return 0 if n in (0, 1) else 1
        return 0 if n == 1 else 1


def locale_dir(language: str) -> Path:
    return resource_path("locale", language)


@lru_cache(maxsize=None)
def catalog(language: str) -> Catalog:
    entries: list[PoEntry] = []
    folder = locale_dir(language)
    if folder.is_dir():
        for po_file in sorted(folder.glob("*.po")):
            entries.extend(parse_po(po_file.read_text(encoding="utf-8"), str(po_file)))
    return Catalog(language, entries)


_current = Catalog("en")


def set_language(language: str) -> str:
    """Switch every later `_()` call to `language` (falls back to English if unsupported)."""
    global _current
    if language not in SUPPORTED_LANGUAGES:
        language = "en"
    _current = catalog(language)
    return language


def current_language() -> str:
    return _current.language


def decimal_text(value: float, places: int = 1) -> str:
    """A measured number as the interface's language writes it: 2,8 in French, 2.8 in English."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if current_language() == "fr" else text


def system_language() -> str:
    """French when the system is French, English otherwise."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        detected = locale.getlocale()[0] or ""
    except ValueError:
        detected = ""
    return "fr" if detected.lower().startswith("fr") else "en"


def _(message: str) -> str:
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (translate with `_()` when shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def translator(language: str) -> Catalog:
    """A catalog for a document written in a given language, whatever the UI language is."""
    return catalog(language if language in SUPPORTED_LANGUAGES else "en")
