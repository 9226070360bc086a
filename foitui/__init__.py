"""foitui: triage Freedom of Information requests in the terminal.

Kept import-free on purpose: `foitui --help`, `--version` and headless commands must not
pay for Textual or pydantic.
"""

__version__ = "0.1.0"
