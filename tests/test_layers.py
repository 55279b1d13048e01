"""The layering rules of DESIGN.md §3, checked on the source: only `ui/` imports Qt, the core imports
neither `ui/` nor `cli/`, a domain imports only the domains before it in the workflow, nothing imports
a network module, and no module translates a string when
it is imported (module-level tables use N_() and translate when shown)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tools.architecture import WORKFLOW

PACKAGE = REPO_ROOT / "echo_fieldwork"
NETWORK_MODULES = ("socket", "requests", "urllib.request", "httpx", "http.client", "ftplib", "smtplib", "aiohttp")
TRANSLATING_CALLS = {"_", "ngettext", "pgettext", "npgettext"}


def _sources(*, ui: bool) -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    return [f for f in files if (f.relative_to(PACKAGE).parts[0] == "ui") == ui]


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _starts(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _name(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def test_only_ui_imports_qt_and_the_core_imports_neither_ui_nor_cli():
    problems = []
    for path in _sources(ui=False):
        relative = path.relative_to(PACKAGE)
        if relative.parts == ("__main__.py",):
            continue  # the entry point chooses between the app and the CLI
        in_cli = relative.parts[0] == "cli"
        for line, module in _imports(path):
            if _starts(module, ("PySide6", "shiboken6", "echo_fieldwork.ui")):
                problems.append(f"{_name(path)}:{line} imports {module}")
            if not in_cli and _starts(module, ("echo_fieldwork.cli",)):
                problems.append(f"{_name(path)}:{line} imports {module}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ui", [False, True], ids=["core", "ui"])
def test_no_network_module_is_imported(ui: bool):
    problems = [f"{_name(path)}:{line} imports {module}" for path in _sources(ui=ui)
                for line, module in _imports(path) if _starts(module, NETWORK_MODULES)]
    assert not problems, "\n".join(problems)


def _import_time_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls that run when the module is imported: everything outside function bodies (class bodies,
    default values and decorators included)."""
    calls, pending = [], list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending += node.decorator_list if not isinstance(node, ast.Lambda) else []
            pending += node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            continue
        if isinstance(node, ast.Call):
            calls.append(node)
        pending += list(ast.iter_child_nodes(node))
    return calls


@pytest.mark.parametrize("ui", [False, True], ids=["core", "ui"])
def test_nothing_is_translated_at_import_time(ui: bool):
    problems = []
    for path in _sources(ui=ui):
        for call in _import_time_calls(ast.parse(path.read_text(encoding="utf-8"))):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in TRANSLATING_CALLS:
                problems.append(f"{_name(path)}:{call.lineno} calls {name}() at import time (use N_())")
    assert not problems, "\n".join(problems)


def test_the_checks_can_fail(tmp_path: Path):
    """The walkers see what they must: an import-time _() and a network import in a sample module."""
    sample = ast.parse("import socket\nfrom echo_fieldwork.i18n import _\nTITLE = _('x')\n"
                       "class A:\n    label = _('y')\n    def f(self):\n        return _('z')\n")
    names = [c.func.id for c in _import_time_calls(sample)]
    assert names.count("_") == 2
    path = tmp_path / "sample.py"
    path.write_text("import socket\nfrom http.client import HTTPConnection\n", encoding="utf-8")
    assert [m for _line, m in _imports(path) if _starts(m, NETWORK_MODULES)] == ["socket", "http.client"]


# Root modules that sit above the domains: the entry point, and the bug report that describes them all.
ABOVE_THE_DOMAINS = {"__main__", "diagnostics"}


def _direction_problems(path: Path, relative: tuple[str, ...]) -> list[str]:
    """A domain module importing a later domain, or plumbing importing any domain."""
    here = relative[0] if len(relative) > 1 else None
    if here is None and Path(relative[0]).stem in ABOVE_THE_DOMAINS:
        return []
    if here in ("cli", "ui"):
        return []
    problems = []
    for line, module in _imports(path):
        parts = module.split(".")
        if parts[0] != "echo_fieldwork" or len(parts) < 2 or parts[1] not in WORKFLOW:
            continue
        if here is None or WORKFLOW.index(parts[1]) > WORKFLOW.index(here):
            problems.append(f"{'/'.join(relative)}:{line} ({here or 'plumbing'}) imports {module}")
    return problems


def test_a_domain_imports_only_the_domains_before_it():
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert set(packages) - {"cli", "ui"} == set(WORKFLOW), "WORKFLOW in tools/architecture.py names every domain"
    problems = []
    for path in _sources(ui=False):
        problems += _direction_problems(path, path.relative_to(PACKAGE).parts)
    assert not problems, "\n".join(problems)


def test_the_direction_check_can_fail(tmp_path: Path):
    path = tmp_path / "sample.py"
    path.write_text("from echo_fieldwork.export.model import x\nfrom echo_fieldwork.study.study import Study\n"
                    "def later():\n    from echo_fieldwork.reports import quotes\n", encoding="utf-8")
    assert len(_direction_problems(path, ("deid", "sample.py"))) == 2   # export and reports come after deid
    assert len(_direction_problems(path, ("reports", "sample.py"))) == 0
    assert len(_direction_problems(path, ("fileutil.py",))) == 3        # plumbing imports no domain


def test_domain_packages_are_one_line_docstrings():
    problems = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue  # the root holds the version
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        if len(tree.body) != 1 or doc is None or "\n" in doc:
            problems.append(_name(init))
    assert not problems, "\n".join(problems)
