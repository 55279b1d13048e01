"""The example exports in docs/examples/ (made by tools/example_exports.py from the tests' French focus
group): each opens in the way its tool reads it, holds no known name, and the tool regenerates them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from xml.etree import ElementTree

import docx
import pytest

from tests.conftest import REPO_ROOT
from tests.export.test_export import XSD, names_in, readable_text

EXAMPLES = REPO_ROOT / "docs" / "examples"
NS = {"q": "urn:QDA-XML:project:1.0"}


def check_examples(folder) -> None:
    import xmlschema

    qdpx = folder / "FG01.qdpx"
    with zipfile.ZipFile(qdpx) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        xmlschema.XMLSchema(str(XSD)).validate(qde)
        root = ElementTree.fromstring(qde)
        [source] = root.findall("q:Sources/q:TextSource", NS)
        assert source.get("name") == "FG01"
        assert "sources/" + source.get("plainTextPath").removeprefix("internal://") in archive.namelist()
        assert {case.get("name") for case in root.findall("q:Cases/q:Case", NS)} >= {"M1", "P01", "P02"}
    document = docx.Document(str(folder / "FG01.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "[retiré]" in text and "[ne pas citer]" in text
    maxqda = (folder / "FG01_maxqda.txt").read_bytes()
    assert maxqda.startswith(b"\xef\xbb\xbf") and b"#00:00:15-0#" in maxqda  # BOM, f4 time stamps
    for path in (qdpx, folder / "FG01.docx", folder / "FG01_maxqda.txt"):
        assert names_in(readable_text(path)) == set(), path.name


def test_the_examples_in_docs_open_and_hold_no_name():
    check_examples(EXAMPLES)


@pytest.mark.parametrize("guide", ["user-guide.md", "user-guide.en.md"])
def test_the_guides_link_each_example(guide):
    text = (REPO_ROOT / "docs" / guide).read_text(encoding="utf-8")
    for name in ("FG01.qdpx", "FG01.docx", "FG01_maxqda.txt"):
        assert f"](examples/{name})" in text


def test_the_tool_regenerates_them(tmp_path):
    result = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "example_exports.py"), str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    check_examples(tmp_path)
