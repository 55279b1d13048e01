"""The module map of docs/architecture.md, generated from the code's own docstrings so it cannot drift.

    python3 tools/architecture.py          # exit 1 (and say so) when the page is out of date
    python3 tools/architecture.py --write  # rewrite the map between its markers

`WORKFLOW` is the order of the core's domain packages: a domain may import those before it, never
after (tests/test_layers.py checks it)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "echo_fieldwork"
PAGE = ROOT / "docs" / "architecture.md"
START, END = "<!-- module-map:start (tools/architecture.py) -->", "<!-- module-map:end -->"

WORKFLOW = ["study", "people", "sessions", "audio", "transcript", "transcription", "correction", "deid", "export",
            "reports", "handoff"]


def summary(path: Path) -> str:
    """The first sentence of a module's docstring, on one line."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n", 1)[0].split())
    for end in (". ", ": "):
        if end in paragraph and len(paragraph) > 110:
            paragraph = paragraph.split(end, 1)[0] + end.strip()
            break
    return paragraph.replace("|", "\\|")


def _table(folder: Path, prefix: str) -> list[str]:
    rows = ["| Module | What it holds |", "|---|---|"]
    for path in sorted(folder.glob("*.py")):
        if path.name != "__init__.py":
            rows.append(f"| `{prefix}{path.stem}` | {summary(path)} |")
    return rows


def packages(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if (p / "__init__.py").is_file())


def render() -> str:
    core = packages(PACKAGE)
    lines = [START, "", "### Core domains, in the order of the workflow", ""]
    for name in WORKFLOW:
        lines += [f"#### `{name}/` — {summary(PACKAGE / name / '__init__.py')}", "", *_table(PACKAGE / name, ""), ""]
    lines += ["### Plumbing at the root", "", *_table(PACKAGE, ""), ""]
    lines += ["### `cli/` — " + summary(PACKAGE / "cli" / "__init__.py"), "", *_table(PACKAGE / "cli", ""), ""]
    ui = PACKAGE / "ui"
    lines += ["### `ui/` — " + summary(ui / "__init__.py"), "", *_table(ui, "ui/"), ""]
    for name in packages(ui):
        lines += [f"#### `ui/{name}/` — {summary(ui / name / '__init__.py')}", "", *_table(ui / name, ""), ""]
    unknown = sorted(set(core) - set(WORKFLOW) - {"cli", "ui"})
    if unknown:
        raise SystemExit(f"packages missing from WORKFLOW in tools/architecture.py: {', '.join(unknown)}")
    lines.append(END)
    return "\n".join(lines)


def updated_page() -> str:
    text = PAGE.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    return before + render() + after


def main(argv: list[str]) -> int:
    new = updated_page()
    if "--write" in argv:
        PAGE.write_text(new, encoding="utf-8")
        return 0
    if new != PAGE.read_text(encoding="utf-8"):
        print("docs/architecture.md is out of date: run python3 tools/architecture.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
