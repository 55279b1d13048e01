"""echo_fieldwork: offline fieldwork for qualitative health research.

Importing this package has no side effects; the app and the CLI set up language,
logging and settings explicitly at start-up.
"""

__version__ = "0.1.0"
APP_NAME = "echo-fieldwork"
