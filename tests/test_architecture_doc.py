"""docs/architecture.md's module map is generated from the code: it must match the tree as it is."""

from __future__ import annotations

from tools import architecture


def test_the_module_map_matches_the_code():
    assert architecture.updated_page() == architecture.PAGE.read_text(encoding="utf-8"), (
        "docs/architecture.md is out of date: run python3 tools/architecture.py --write")


def test_the_map_names_every_module():
    page = architecture.render()
    for path in architecture.PACKAGE.rglob("*.py"):
        if path.name != "__init__.py":
            assert f"`{path.stem}`" in page or f"`ui/{path.stem}`" in page, path
