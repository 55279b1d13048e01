"""Entry point of the bundled app (PyInstaller runs this file).

`freeze_support()` must come first: transcription runs in a spawned child process, which in a frozen app
re-runs this executable. ECHO_FIELDWORK_DENY_NETWORK=1 (used by the smoke test where `unshare -n` is not
available) makes any attempt to open a network connection fail loudly.
"""

import multiprocessing
import os
import sys


def _deny_network(event: str, args: tuple) -> None:
    # Unix sockets (PulseAudio, D-Bus) have str/bytes addresses and are not network; IP addresses are tuples.
    if event in ("socket.connect", "socket.sendto") and isinstance(args[1], tuple):
        raise RuntimeError(f"network access denied in the bundled app: {event}")
    if event == "socket.getaddrinfo":
        raise RuntimeError("network access denied in the bundled app: name lookup")


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("ECHO_FIELDWORK_DENY_NETWORK") == "1":
        sys.addaudithook(_deny_network)
    from echo_fieldwork.__main__ import main

    sys.exit(main())
