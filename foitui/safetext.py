"""Untrusted text made safe to show: no control bytes, no terminal escape sequences.

Textual markup is not interpreted where screens render `rich.text.Text` objects; this module
removes what would reach the terminal itself (ESC, BEL, C1 controls, bidi overrides).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

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


# Characters JSON may carry raw but a terminal acts on: C1 controls (xterm reads U+009B as CSI)
# and the bidi controls that reorder what is shown; and the line separators some viewers break
# lines at. JSON strings may always write them as \uXXXX instead.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with the characters above written as \\uXXXX escapes (the same JSON)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def terminal_safe(text: str) -> str:
    """Text for the terminal: escape sequences and control characters removed, tabs and
    newlines kept (the last guard on every line the command line prints)."""
    if not text:
        return text
    return _CONTROL.sub("", _ANSI.sub("", text))


class SafeOutput:
    """A text stream that passes on only `terminal_safe` text: whatever field a command
    forgets to clean, its escapes never reach the terminal of whoever reads the output."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
