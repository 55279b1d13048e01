"""Nothing in the app opens a network connection.

Every Python process started here (the CLI, the app window, and any child it spawns, such as the
transcription worker) loads a `sitecustomize` that installs an audit hook: an attempt to resolve a
host name or open an Internet socket is recorded and refused. The test then asserts none happened.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.consent_helpers import cli_fill_consent_form

SITECUSTOMIZE = textwrap.dedent('''
    import os, socket, sys

    _LOG = os.environ["ECHO_NETWORK_LOG"]

    def _hook(event, args):
        blocked = event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr")
        if event in ("socket.connect", "socket.bind", "socket.sendto") and args:
            family = getattr(args[0], "family", None)
            blocked = family in (socket.AF_INET, socket.AF_INET6)
        if blocked:
            with open(_LOG, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {event} {args[1:]!r}\\n")
            raise OSError("network access is blocked in this test")

    sys.addaudithook(_hook)
''')


@pytest.fixture
def offline_env(tmp_path: Path) -> dict[str, str]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir), str(REPO_ROOT)])
    env["ECHO_NETWORK_LOG"] = str(tmp_path / "network.log")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_the_hook_catches_a_connection(offline_env: dict[str, str]):
    """The guard itself works: a deliberate connection attempt is caught and logged."""
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError:\n    pass"
    subprocess.run([sys.executable, "-c", code], env=offline_env, check=True, timeout=60)
    assert "socket." in Path(offline_env["ECHO_NETWORK_LOG"]).read_text()


def test_headless_workflow_opens_no_connection(offline_env: dict[str, str], tmp_path: Path):
    folder = tmp_path / "study"
    _run(offline_env, "init", str(folder), "--title", "Réseau", "--language", "fr")
    _run(offline_env, *map(str, cli_fill_consent_form(folder)))
    _run(offline_env, "participants", "add", str(folder), "--code", "P01")
    _run(offline_env, "consent", str(folder), "P01", "--mode", "paper", "--agree", "audio,quotes")
    _run(offline_env, "participants", "list", str(folder))
    _run(offline_env, "report", str(folder), "coreq", "--format", "md", "--out", str(tmp_path / "coreq.md"))
    assert not Path(offline_env["ECHO_NETWORK_LOG"]).exists()


def test_the_app_window_opens_no_connection(offline_env: dict[str, str], tmp_path: Path):
    folder = tmp_path / "study"
    _run(offline_env, "init", str(folder), "--title", "Réseau")
    script = textwrap.dedent(f'''
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        QTimer.singleShot(1500, app.quit)
        from echo_fieldwork.ui.app import run_app
        sys.exit(run_app(["--study", {str(folder)!r}]))
    ''')
    result = subprocess.run([sys.executable, "-c", script], env=offline_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not Path(offline_env["ECHO_NETWORK_LOG"]).exists()
