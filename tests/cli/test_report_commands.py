import docx
import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import Study
from tests.reports.test_reports_table1 import ATTENDED_EN
from tests.reports_fixtures import build_report_study


def _study(tmp_path):
    with Study.create(tmp_path / "study", "Pilote", "fr", actor="RA1") as study:
        build_report_study(study)
    return tmp_path / "study"


def test_every_report_in_every_format(tmp_path, capsys):
    folder = _study(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    assert run_cli(["report", str(folder), "table1", "--format", "md", "--out", str(out / "t1.md"),
                    "--language", "en", "--count", "attended"]) == 0
    assert (out / "t1.md").read_text(encoding="utf-8") == ATTENDED_EN
    assert str(out / "t1.md") in capsys.readouterr().out
    for kind in ("table1", "methods", "coreq", "quotes"):
        for fmt in ("docx", "csv", "md"):
            assert run_cli(["report", str(folder), kind, "--format", fmt, "--out", str(out / f"{kind}.{fmt}")]) == 0
    # Default language is the study's (French).
    assert docx.Document(str(out / "table1.docx")).paragraphs[0].text == "Tableau 1"
    assert (out / "methods.csv").read_text(encoding="utf-8-sig").startswith("Mesure,Groupes de discussion")
    with Study.open(folder) as study:
        assert study.db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 13


def test_bands_and_errors(tmp_path, capsys):
    folder = _study(tmp_path)
    out = tmp_path / "t1.csv"
    assert run_cli(["report", str(folder), "table1", "--format", "csv", "--out", str(out), "--language", "en",
                    "--band", "years_involved=0,5,10"]) == 0
    assert "Years involved in the program,10 or more,2,25.0,,," in out.read_text(encoding="utf-8-sig")
    assert run_cli(["report", str(folder), "table1", "--out", str(out), "--band", "years_involved=a"]) == 1
    assert "FIELD=L1,L2" in capsys.readouterr().err
    assert run_cli(["report", str(folder), "methods", "--out", str(tmp_path / "missing" / "m.docx")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert run_cli(["report", str(tmp_path / "nowhere"), "methods", "--out", str(tmp_path / "m.md")]) == 1


def test_percentages_as_whole_numbers(tmp_path, capsys):
    folder = _study(tmp_path)
    out = tmp_path / "t1.md"
    assert run_cli(["report", str(folder), "table1", "--format", "md", "--out", str(out), "--language", "en",
                    "--count", "attended", "--percent-decimals", "0"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| Program medical lead | 3 (43) |" in text and "to whole numbers" in text
    with pytest.raises(SystemExit) as exit_code:
        run_cli(["report", str(folder), "table1", "--out", str(out), "--percent-decimals", "2"])
    assert exit_code.value.code == 2 and "--percent-decimals" in capsys.readouterr().err
