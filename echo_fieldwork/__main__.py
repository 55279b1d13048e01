"""Console entry point: no argument opens the app, a subcommand runs headless."""

import sys


def main(argv: list[str] | None = None) -> int:
    from echo_fieldwork.fileutil import private_umask
    from echo_fieldwork.offline import quiet_libraries

    quiet_libraries()  # first: before any library that could phone home is imported
    private_umask()  # every file written from now on is this user's only (docs/security.md)
    import multiprocessing

    # In a frozen (PyInstaller) app the spawned transcription process re-runs this executable; this
    # turns it into that child instead of a second app. Does nothing otherwise.
    multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("--study",):
        from echo_fieldwork.ui.app import run_app

        return run_app(args)
    from echo_fieldwork.cli.main import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
