"""Headless commands over the core (`echo-fieldwork SUBCOMMAND …`), one module per command group."""
