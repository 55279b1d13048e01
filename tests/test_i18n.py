import pytest

from echo_fieldwork import i18n
from echo_fieldwork.i18n import Catalog, parse_po


def test_parse_po_reads_plural_context_and_continuations():
    entries = parse_po('''
# comment
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "menu"
msgid "Open"
msgstr "Ouvrir"

msgid "one file"
msgid_plural "{n} files"
msgstr[0] "un fichier"
msgstr[1] "{n} fichiers"

msgid "long "
"line"
msgstr "ligne "
"longue"
''')
    catalog = Catalog("fr", entries)
    assert catalog.pgettext("menu", "Open") == "Ouvrir"
    assert catalog.ngettext("one file", "{n} files", 0) == "un fichier"
    assert catalog.ngettext("one file", "{n} files", 2) == "{n} fichiers"
    assert catalog.gettext("long line") == "ligne longue"
    assert catalog.gettext("not there") == "not there"


def test_parse_po_names_the_bad_line():
    with pytest.raises(ValueError, match="x.po:2"):
        parse_po('msgid "a"\nmsgstr oops\n', "x.po")


def test_french_is_the_default_when_the_system_is_french(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert i18n.system_language() == "fr"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.system_language() == "en"


def test_switching_language_translates_core_messages():
    i18n.set_language("fr")
    assert i18n._("A study needs a title.") != "A study needs a title."
    i18n.set_language("en")
    assert i18n._("A study needs a title.") == "A study needs a title."


def test_measured_numbers_take_the_interface_languages_decimal_mark():
    from echo_fieldwork.i18n import current_language, decimal_text, set_language

    before = current_language()
    try:
        set_language("fr")
        assert decimal_text(2.84) == "2,8" and decimal_text(12.0, 0) == "12"
        set_language("en")
        assert decimal_text(2.84) == "2.8"
    finally:
        set_language(before)
