"""Untrusted text made safe to show: no control bytes, no terminal escape sequences.

Textual markup is not interpreted where screens render `rich.text.Text` objects; this module
removes what would reach the terminal itself (ESC, BEL, C1 controls, bidi overrides).
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls, and bidi overrides that reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")


def clean(text: str) -> str:
    """Text without escape sequences and control characters (tabs become spaces)."""
    if not text:
        return text
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    return " ".join(clean(text).split())
