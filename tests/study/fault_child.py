"""Run one `echo-fieldwork` command with a fault injected at a named point (tests/study/test_fault_injection.py).

    python -m tests.study.fault_child [--tone] TARGET WHEN N ACTION -- ARGS…
    python -m tests.study.fault_child TARGET WHEN N ACTION -- --edit DIR FUNCTION JSON_ARGS

TARGET names a function or method as `module:attribute` (`echo_fieldwork.study.study:Study.audit`), patched
where the code under test looks it up. On its N-th call, `before` or `after` that call, ACTION happens:
`kill` (SIGKILL to this process, as a power cut or `kill -9` would) or `fill:FILE` (write FILE until the
disk holding it is full, then carry on: the command meets a really full disk at its next write).
`--tone`: the recorder's input is the synthetic tone of tests/audio/tone_stream.py instead of PortAudio (the
one edge replaced). `--edit`: instead of a command, the editor's own call `correction.edits.FUNCTION(study,
*JSON_ARGS)` on the study opened as the app opens it, its failure shown as the app shows one (a sentence for
a UserError, an OS or a database error; anything else is a traceback, a bug). Nothing in the app knows about
this: the command runs as a user would run it.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import signal
import sys
import threading
import types


def fill_disk(path: str) -> None:
    """Write `path` until the disk is full (big blocks, then ever smaller ones down to a byte)."""
    with open(path, "ab", buffering=0) as handle:
        size = 1 << 20
        while size:
            try:
                handle.write(b"\0" * size)
            except OSError as error:
                if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                size //= 2
        try:
            os.fsync(handle.fileno())
        except OSError:
            pass


def inject(target: str, when: str, nth: int, action: str) -> None:
    module_name, _, attribute = target.partition(":")
    owner = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = [0]
    lock = threading.Lock()

    def act() -> None:
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif action.startswith("fill:"):
            fill_disk(action[len("fill:"):])
        else:
            raise SystemExit(f"unknown action {action!r}")

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        with lock:
            calls[0] += 1
            reached = calls[0] == nth
        if reached and when == "before":
            act()
        result = original(*args, **kwargs)
        if reached and when == "after":
            act()
        return result

    setattr(owner, name, staticmethod(wrapper) if isinstance(owner.__dict__.get(name), staticmethod) else wrapper)


def use_tone() -> None:
    from echo_fieldwork.audio import recorder
    from tests.audio.tone_stream import Tone

    recorder._sounddevice = lambda: types.SimpleNamespace(InputStream=Tone(0.1), query_devices=lambda: [])


def main(argv: list[str]) -> int:
    from echo_fieldwork.offline import quiet_libraries

    quiet_libraries()  # as the app's entry point does, before anything else is imported
    if argv and argv[0] == "--tone":
        use_tone()
        argv = argv[1:]
    split = argv.index("--")
    if split:
        target, when, nth, action = argv[:split]
        inject(target, when, int(nth), action)
    args = argv[split + 1:]
    if args[:1] == ["--edit"]:
        return edit(*args[1:])
    from echo_fieldwork.__main__ import main as app_main

    return app_main(args)


def edit(folder: str, function: str, arguments: str) -> int:
    """What the editor does for one action, and what `ui.common.messages.show_error` would show."""
    import json
    import sqlite3

    from echo_fieldwork.correction import edits
    from echo_fieldwork.errors import UserError, as_user_error
    from echo_fieldwork.study.study import Study

    try:
        with Study.open(folder) as study:
            getattr(edits, function)(study, *json.loads(arguments))
    except (UserError, OSError, sqlite3.Error) as error:
        print(f"Error: {as_user_error(error)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
