"""The quote bank: attribution by session code and role, consent to quotes, no known name, translations."""

import csv
import io

import docx
import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent
from echo_fieldwork.people.participants import require
from echo_fieldwork.reports import quotes
from echo_fieldwork.reports.registry import build_report, write_report
from echo_fieldwork.reports.render import render_csv
from tests.reports_fixtures import build_report_study


@pytest.fixture
def ids(study):
    return build_report_study(study)


def test_save_a_quote_with_translations(study, ids):
    quote = quotes.save_quote(study, ids["FG1"], 0, 4000, "Le mentorat m’a aidée à mieux soigner mes patients.",
                              " Medical   lead ", translation="Mentoring helped me care better for my patients.",
                              translated_by="RA1", back_translation="Le mentorat m’a aidée à mieux soigner mes patients.",
                              back_translated_by="RA2")
    assert quote.attribution == "[FG1, Medical lead]"
    assert quote.participant_id == require(study, "P01").id          # the only speaker in the range
    assert (quote.translated_by, quote.back_translated_by) == ("RA1", "RA2")
    assert [q.id for q in quotes.list_quotes(study)] == [quote.id]
    audit = study.db.execute("SELECT detail FROM audit_log WHERE action = 'quote.add'").fetchone()[0]
    assert "mentorat" not in audit                                   # the log holds codes, never text


def test_passage_text_and_speakers(study, ids):
    text, speakers = quotes.passage(study, ids["FG1"], 2000, 9000)
    assert speakers == ["P01", "P07", "P02"]
    assert text.startswith("Le mentorat")


def test_several_speakers_need_a_choice(study, ids):
    with pytest.raises(UserError, match="several speakers"):
        quotes.save_quote(study, ids["FG1"], 0, 8000, "Un texte.", "Medical lead")
    quote = quotes.save_quote(study, ids["FG1"], 0, 8000, "Un texte.", "Medical lead", speaker_code="P01")
    assert quote.participant_id == require(study, "P01").id


def test_a_speaker_is_required_and_must_have_attended(study, ids):
    study.db.execute("UPDATE segments SET speaker = '' WHERE session_id = ?", [ids["FG2"]])
    with pytest.raises(UserError, match="Choose who is speaking"):
        quotes.save_quote(study, ids["FG2"], 0, 5000, "On se sentait moins seuls.", "Manager")
    with pytest.raises(UserError, match="P05 did not attend this session"):
        quotes.save_quote(study, ids["FG2"], 0, 5000, "On se sentait moins seuls.", "Manager", speaker_code="P05")
    with pytest.raises(UserError, match="not a participant"):
        quotes.save_quote(study, ids["FG2"], 0, 5000, "On se sentait moins seuls.", "Manager", speaker_code="X9")
    assert quotes.save_quote(study, ids["FG2"], 0, 5000, "On se sentait moins seuls.", "Manager",
                             speaker_code="P04").participant_id == require(study, "P04").id


def test_refused_quotes(study, ids):
    count = study.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    with pytest.raises(UserError) as no_quotes:
        quotes.save_quote(study, ids["FG2"], 0, 5000, "On se sentait moins seuls en région.", "Coordinator")
    assert str(no_quotes.value) == "This passage cannot be quoted: P08 asked not to be quoted."
    with pytest.raises(UserError) as removed:
        quotes.save_quote(study, ids["FG1"], 4000, 8000, "Moi, j’ai trouvé les séances trop longues.", "Manager")
    assert "P07 withdrew and asked for their data to be removed" in str(removed.value)
    assert study.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == count


def test_known_names_are_refused(study, ids):
    with pytest.raises(UserError) as error:
        quotes.save_quote(study, ids["FG1"], 8000, 12000, "Jacques nous a beaucoup appris.", "Coordinator")
    assert "[P03]" in error.value.message
    assert error.value.details == ["Quote: a name of M1"]               # the code, never the name itself
    with pytest.raises(UserError, match="name"):
        quotes.save_quote(study, ids["FG1"], 0, 4000, "Texte.", "Medical lead",
                          translation="As MARIE-EVE said…", translated_by="RA1")   # case and accents folded
    with pytest.raises(UserError, match="name"):
        quotes.save_quote(study, ids["FG1"], 0, 4000, "Texte.", "Tremblay")
    quote = quotes.save_quote(study, ids["FG1"], 8000, 12000, "[M1] nous a beaucoup appris.", "Coordinator")
    assert quote.text == "[M1] nous a beaucoup appris."


@pytest.mark.parametrize("role, message", [("", "Choose a role"), ("Lead, FG", "brackets or commas"),
                                           ("x" * 61, "too long")])
def test_bad_roles(study, ids, role, message):
    with pytest.raises(UserError, match=message):
        quotes.save_quote(study, ids["FG1"], 0, 4000, "Texte.", role)


def test_translation_needs_its_translator(study, ids):
    with pytest.raises(UserError, match="who made the translation"):
        quotes.save_quote(study, ids["FG1"], 0, 4000, "Texte.", "Lead", translation="Text.")
    with pytest.raises(UserError, match="end must come after"):
        quotes.save_quote(study, ids["FG1"], 4000, 4000, "Texte.", "Lead")


def test_update_and_delete(study, ids):
    quote = quotes.save_quote(study, ids["FG1"], 0, 4000, "Texte.", "Lead")
    updated = quotes.update_quote(study, quote.id, text="Texte revu.", role="Medical lead", translation="Text.",
                                  translated_by="RA1")
    assert (updated.text, updated.role, updated.translation, updated.translated_by) == (
        "Texte revu.", "Medical lead", "Text.", "RA1")
    with pytest.raises(UserError, match="name"):
        quotes.update_quote(study, quote.id, text="Merci Jacques.", role="Medical lead")
    assert quotes.get_quote(study, quote.id).text == "Texte revu."
    quotes.delete_quote(study, quote.id)
    assert quotes.list_quotes(study) == []


def test_quote_bank_export_leaves_out_later_refusals(study, ids, tmp_path):
    kept = quotes.save_quote(study, ids["FG1"], 0, 4000, "Le mentorat m’a aidée.", "Medical lead",
                             translation="Mentoring helped me.", translated_by="RA1",
                             back_translation="Le mentorat m’a aidée.", back_translated_by="RA2")
    quotes.save_quote(study, ids["FG1"], 8000, 12000, "[M1] nous a beaucoup appris.", "Coordinator")
    # P02 withdraws permission to be quoted after the quote was saved.
    consent.record_withdrawal(study, require(study, "P02").id, "verbal", {"no_quotes"})
    report = build_report(study, "quotes", "en")
    rows = [r.cells for r in report.tables()[0].rows]
    assert rows == [["[FG1, Medical lead]", "Le mentorat m’a aidée.", "Mentoring helped me.\n(by RA1)",
                     "Le mentorat m’a aidée.\n(by RA2)", "FG1 00:00:00–00:00:04"]]
    assert report.notes[-1] == "1 quote is left out: its speaker no longer allows quotes."
    lines = list(csv.reader(io.StringIO(render_csv(report))))
    assert lines == [["Session", "Role", "Attribution", "Quote", "Translation", "Translated by", "Back-translation",
                      "Back-translated by", "Start", "End"],
                     ["FG1", "Medical lead", "[FG1, Medical lead]", "Le mentorat m’a aidée.", "Mentoring helped me.",
                      "RA1", "Le mentorat m’a aidée.", "RA2", "00:00:00", "00:00:04"]]
    path = write_report(study, report, "docx", tmp_path / "quotes.docx")
    table = docx.Document(str(path)).tables[0]
    assert [c.text for c in table.rows[1].cells][:2] == ["[FG1, Medical lead]", "Le mentorat m’a aidée."]
    assert kept.id
    csv_path = write_report(study, report, "csv", tmp_path / "quotes.csv")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")   # BOM: Excel reads the accents
