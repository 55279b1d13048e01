"""No network, seen from outside the process: the app, the CLI and the transcription child run under strace.

`test_no_network.py` audits Python calls; native libraries (onnxruntime's telemetry, written in C++) do not go
through them. Here every process the commands start is traced by the kernel (`strace -f`) and the log is read
by `tools/strace_network.py`: any non-local socket, connection or host name lookup fails the test.

The environment is stripped of every variable that would hide a regression: the offline switches the app must
set itself (`echo_fieldwork.offline.OFFLINE_ENV`), and the CI markers that make onnxruntime keep quiet on its own.
HOME is a temporary folder, so that onnxruntime's device id would show under `$HOME/.cache/Microsoft`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from echo_fieldwork.offline import OFFLINE_ENV
from tests.conftest import REPO_ROOT
from tests.consent_helpers import cli_fill_consent_form
from tools.strace_network import findings, probes

# Variables under which onnxruntime suppresses its telemetry by itself (strings in libonnxruntime.so 1.32).
CI_MARKERS = ("CI", "CONTINUOUS_INTEGRATION", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS",
              "JENKINS_URL", "CODEBUILD_BUILD_ID", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR",
              "BITBUCKET_BUILD_NUMBER", "ORT_RUNNING_UNIT_TESTS")


@pytest.fixture
def traced_env(tmp_path: Path) -> dict[str, str]:
    assert shutil.which("strace"), "strace is needed (./dev.sh test installs it)"
    env = {key: value for key, value in os.environ.items()
           if key not in OFFLINE_ENV and key not in CI_MARKERS and not key.startswith(("ORT_", "HF_", "XDG_CACHE"))}
    home = tmp_path / "home"
    home.mkdir()
    env.update(HOME=str(home), PYTHONPATH=str(REPO_ROOT), LANGUAGE="en", QT_QPA_PLATFORM="offscreen")
    return env


def traced(env: dict[str, str], log: Path, command: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `command` under strace, following every child; the log goes to `log`."""
    return subprocess.run(["strace", "-f", "-qq", "-e", "trace=%network,openat", "-e", "signal=none", "-o", str(log),
                           *command], env=env, capture_output=True, text=True, timeout=timeout)


def assert_offline(env: dict[str, str], log: Path) -> None:
    problems = findings(log.read_text(encoding="utf-8", errors="replace"))
    assert not problems, "network use seen by strace:\n" + "\n".join(problems[:20])
    microsoft = Path(env["HOME"]) / ".cache" / "Microsoft"
    assert not microsoft.exists(), f"onnxruntime wrote its telemetry files: {sorted(microsoft.rglob('*'))}"


CLI = [sys.executable, "-m", "echo_fieldwork"]


def test_the_check_catches_a_connection_and_a_lookup(traced_env: dict[str, str], tmp_path: Path):
    """The check itself works: a TCP connection to 127.0.0.1 and a name lookup are seen; a Unix socket is not."""
    code = textwrap.dedent("""
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except OSError:
            pass
    """)
    traced(traced_env, tmp_path / "tcp.log", [sys.executable, "-c", code])
    assert any("connect to a network address" in f and "htons(9)" in f
               for f in findings((tmp_path / "tcp.log").read_text()))

    lookup = "import socket\ntry:\n    socket.getaddrinfo('echo-fieldwork.invalid', 80)\nexcept OSError:\n    pass"
    traced(traced_env, tmp_path / "dns.log", [sys.executable, "-c", lookup])
    assert any("host name lookup" in f for f in findings((tmp_path / "dns.log").read_text()))

    local = f"import socket\ns = socket.socket(socket.AF_UNIX)\ns.bind({str(tmp_path / 'sock')!r})\ns.close()"
    traced(traced_env, tmp_path / "unix.log", [sys.executable, "-c", local])
    assert "socket(AF_UNIX" in (tmp_path / "unix.log").read_text()
    assert findings((tmp_path / "unix.log").read_text()) == []


def test_reading_strace_lines():
    """The lines strace writes, as seen from onnxruntime's telemetry (glibc's resolver) and from the app."""
    bound_to_loopback = ('bind(7, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), '
                         'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0')
    trace = textwrap.dedent("""\
        20884 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 8
        20885 connect(8, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file)
        20886 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP <unfinished ...>
        20885 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0
        20886 <... socket resumed>)             = 9
        20886 openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 9
        20887 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3
        20887 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 4
        20887 connect(4, {sa_family=AF_UNIX, sun_path="/tmp/echo-fieldwork-pulse/native"}, 110) = 0
        20887 openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 5
        20888 connect(5, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"}, 42) = 0
        30000 socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 7
        30000 BOUND
        30001 socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 7
        30001 BOUND
        30001 listen(7, 5) = 0
        socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
    """).replace("BOUND", bound_to_loopback)
    found = sorted(f.split(":", 1)[0] + " " + f.split(": ", 1)[1].split()[0] for f in findings(trace))
    assert found == sorted([
        "connect to a network address 20885", "host name lookup (resolver file) 20886",
        "host name lookup (systemd-resolved) 20888", "non-local socket (AF_INET6) 20884",
        "non-local socket (AF_INET) 20886", "non-local socket (AF_INET6) 30001", "non-local socket (AF_INET) socket(AF_INET,"])
    # urllib3's IPv6 probe (bound to ::1 port 0, nothing else) is allowed, and said.
    assert [p.split(": ", 1)[1].split()[0] for p in probes(trace)] == ["30000"]
    assert subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "strace_network.py"), "/dev/null"]).returncode == 0


def test_headless_commands_open_no_socket(traced_env: dict[str, str], tmp_path: Path, short_speech: Path):
    """The whole headless workflow without the model: study, people, audio import, transcript import,
    deidentification, every export format, field notes, every report."""
    from echo_fieldwork.export.runner import FORMATS, NOTES_FORMATS
    from echo_fieldwork.reports.registry import REPORT_KINDS

    study, out = tmp_path / "study", tmp_path / "out"
    srt = tmp_path / "fg1.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:02,500\nBonjour, je suis infirmière à Montréal.\n\n"
                   "2\n00:00:02,500 --> 00:00:05,000\nLe télémentorat nous aide beaucoup.\n", encoding="utf-8")
    commands = [
        ["init", study, "--title", "Réseau", "--language", "fr"],
        cli_fill_consent_form(study),
        ["participants", "add", study, "--code", "P01"],
        ["consent", study, "P01", "--mode", "paper", "--agree", "audio,quotes"],
        ["sessions", "add", study, "--code", "FG1", "--kind", "focus-group", "--date", "2026-11-27",
         "--mode", "in-person", "--attendees", "P01"],
        ["sessions", "import-audio", study, "--session", "FG1", short_speech],
        ["transcripts", "import", study, "--session", "FG1", srt],
        ["deidentify", study, "FG1", "--accept"],
        *(["export", study, "FG1", "--format", fmt, "--out", out] for fmt in FORMATS),
        *(["notes", "export", study, "FG1", "--format", fmt, "--out", out] for fmt in NOTES_FORMATS),
        *(["report", study, kind, "--format", "docx", "--out", out / f"{kind}.docx"] for kind in REPORT_KINDS),
        ["report", study, "table1", "--format", "csv", "--out", out / "table1.csv"],
        ["report", study, "coreq", "--format", "md", "--out", out / "coreq.md"],
    ]
    # One shell under strace runs them all, each a process of its own as the user would start it.
    script = " && ".join(" ".join(_quote(part) for part in [*CLI, *command]) for command in commands)
    done = traced(traced_env, tmp_path / "trace.log", ["sh", "-c", script])
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(list(out.glob("FG1*"))) == len(FORMATS) + len(NOTES_FORMATS)
    assert len(list(out.glob("*.docx"))) >= len(REPORT_KINDS)
    assert_offline(traced_env, tmp_path / "trace.log")


def test_the_app_window_opens_no_socket(traced_env: dict[str, str], tmp_path: Path):
    """The GUI (offscreen) opens a study, shows its main window and quits (ECHO_FIELDWORK_SMOKE_TEST)."""
    study = tmp_path / "study"
    made = subprocess.run([*CLI, "init", str(study), "--title", "Réseau"], env=traced_env, capture_output=True,
                          text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    env = {**traced_env, "ECHO_FIELDWORK_SMOKE_TEST": "1"}
    done = traced(env, tmp_path / "trace.log", [*CLI, "--study", str(study)])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "visible=True, study open=True" in done.stdout
    assert_offline(env, tmp_path / "trace.log")


@pytest.mark.slow
def test_transcription_with_the_real_model_opens_no_socket(traced_env: dict[str, str], tmp_path: Path,
                                                           use_base_model: Path, short_speech: Path):
    """`transcribe` with the base model: the spawned child loads faster-whisper, CTranslate2 and onnxruntime
    (voice activity detection), whose telemetry phones home unless ORT_DISABLE_TELEMETRY is set first."""
    study = tmp_path / "study"
    setup = [["init", study, "--title", "Réseau", "--language", "fr"],
             cli_fill_consent_form(study),
             ["participants", "add", study, "--code", "P01"],
             ["consent", study, "P01", "--mode", "paper", "--agree", "audio,quotes"],
             ["sessions", "add", study, "--code", "I1", "--kind", "interview", "--date", "2026-11-27",
              "--mode", "in-person", "--attendees", "P01"],
             ["sessions", "import-audio", study, "--session", "I1", short_speech]]
    for command in setup:
        made = subprocess.run([*CLI, *map(str, command)], env=traced_env, capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
    done = traced(traced_env, tmp_path / "trace.log", [*CLI, "transcribe", str(study), "I1", "--language", "fr"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "I1" in done.stdout
    assert_offline(traced_env, tmp_path / "trace.log")


def _quote(part) -> str:
    import shlex

    return shlex.quote(str(part))
