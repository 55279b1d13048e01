"""Find the files the app ships (forms, consent templates, guides, translations) in every layout:
a source checkout, an installed package, or a PyInstaller bundle."""

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding `resources/` and `interview_guides/`."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def guides_dir() -> Path:
    return app_root() / "interview_guides"
