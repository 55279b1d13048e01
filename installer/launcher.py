"""Entry point of the bundled app (PyInstaller runs this file).

`freeze_support()` must come first: transcription runs in a spawned child process, which in a frozen app
re-runs this executable. ECHO_FIELDWORK_DENY_NETWORK=1 (used by the smoke test where `unshare -n` is not
available) makes any attempt to use the network from Python fail loudly, as in the transcription child.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # First, before any library loads, in the app and in its spawned transcription child alike (which
    # re-runs this file): telemetry and update checks off, files private (docs/security.md).
    from echo_fieldwork.fileutil import private_umask
    from echo_fieldwork.offline import quiet_libraries

    quiet_libraries()
    private_umask()
    multiprocessing.freeze_support()
    if os.environ.get("ECHO_FIELDWORK_DENY_NETWORK") == "1":
        from echo_fieldwork.transcription.engine import install_network_guard

        install_network_guard()
    from echo_fieldwork.__main__ import main

    sys.exit(main())
